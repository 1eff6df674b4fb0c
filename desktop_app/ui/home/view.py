"""The Home tab: is the sync on, how are both systems, what did the last run do, when is the next, Sync now (R8).

A passive view: the main window decides what to show and calls the `show_*` methods; the buttons
only announce what the person asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.messages import message_text
from ...domain.model import System
from ...sync.engine import Progress
from .. import theme
from ..status_text import ConnectionState

# The colours follow the theme (light or dark) at the time they are applied: theme.css(...).
PHASE_LABELS = {"reading": "Reading", "planning": "Deciding", "writing": "Writing", "done": "Finishing"}


def _label(text: str = "", *, selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class HomeView(QWidget):
    """Signals name what the person asked for; the main window does it."""

    sync_requested = Signal()
    preview_requested = Signal()
    cancel_requested = Signal()
    open_conflicts_requested = Signal()
    open_settings_requested = Signal()
    test_connections_requested = Signal()
    open_held_run_requested = Signal()  # R23: show the held run's changes in the conflict view
    open_held_requested = Signal()  # R24: show the held decisions
    open_flapping_requested = Signal()  # R25: show the flapping pairs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build()

    def _build(self) -> None:
        # -- whether the sync is on, and the next run
        self.state_label = _label()
        self.state_label.setObjectName("sync_state")
        font = self.state_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.state_label.setFont(font)
        self.state_detail = _label()
        # Issue 14: no sync has succeeded for longer than the setting allows (sync.health), in red.
        self.stale_label = _label()
        self.stale_label.setObjectName("stale")
        self.stale_label.setStyleSheet(f"color: {theme.css(theme.BAD)}; font-weight: bold;")
        self.stale_label.setVisible(False)
        self.open_settings_button = QPushButton(self.tr("Open settings"))
        self.next_run_label = _label()
        self.next_run_label.setObjectName("next_run")
        state_box = QVBoxLayout()
        state_box.setSpacing(4)
        state_box.addWidget(self.state_label)
        state_box.addWidget(self.state_detail)
        state_box.addWidget(self.stale_label)
        next_row = QHBoxLayout()
        next_caption = QLabel(self.tr("Next scheduled run:"))
        next_caption.setStyleSheet("font-weight: bold;")
        next_row.addWidget(next_caption)
        next_row.addWidget(self.next_run_label, 1)
        next_row.addWidget(self.open_settings_button)
        state_box.addLayout(next_row)

        # -- the run controls
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.setToolTip(self.tr("Run a sync now (Ctrl+R)"))
        self.sync_button.setMinimumWidth(120)
        self.preview_button = QPushButton(self.tr("Preview differences"))
        self.preview_button.setToolTip(
            self.tr("Compare both systems and show every decision a sync would make; nothing is written (R16) (Ctrl+P)")
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the running sync; what it did so far is kept and recorded (Esc)"))
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(14)
        self.progress_bar.setVisible(False)
        self.progress_bar.setAccessibleName(self.tr("Sync progress"))
        self.progress_label = _label()
        self.progress_label.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
        for button in (self.sync_button, self.preview_button, self.cancel_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addStretch(0)
        run_box = QVBoxLayout()
        run_box.addLayout(buttons)
        run_box.addWidget(self.progress_label)

        # -- problems and R8
        self.problem_label = _label()
        self.problem_label.setObjectName("problem")
        self.problem_label.setStyleSheet(f"color: {theme.css(theme.BAD)}; font-weight: bold;")
        self.problem_label.setVisible(False)
        self.notice_frame = QGroupBox(self.tr("How far apart the systems are"))
        self.notice_frame.setObjectName("disagreement")
        self.notice_label = _label()
        self.notice_label.setObjectName("disagreement_text")
        self.open_conflicts_button = QPushButton(self.tr("Open conflicts"))
        notice = QHBoxLayout(self.notice_frame)
        notice.addWidget(self.notice_label, 1)
        notice.addWidget(self.open_conflicts_button, 0, Qt.AlignmentFlag.AlignVCenter)

        # -- what waits for a person (R23, R24, R25)
        self.waiting_box = QGroupBox(self.tr("Waiting for you"))
        self.waiting_box.setObjectName("waiting")
        waiting = QGridLayout(self.waiting_box)
        waiting.setColumnStretch(0, 1)
        self.held_run_label = _label()
        self.held_run_label.setObjectName("held_run")
        self.held_run_label.setStyleSheet(f"color: {theme.css(theme.WARN)}; font-weight: bold;")
        self.open_held_run_button = QPushButton(self.tr("Review the changes"))
        self.open_held_run_button.setToolTip(
            self.tr("Show every change the held sync would write, with Apply these changes and Discard")
        )
        self.held_label = _label()
        self.held_label.setObjectName("held_decisions")
        self.open_held_button = QPushButton(self.tr("Review held"))
        self.flapping_label = _label()
        self.flapping_label.setObjectName("flapping")
        self.open_flapping_button = QPushButton(self.tr("Show contacts"))
        for row, (label, button) in enumerate(
            (
                (self.held_run_label, self.open_held_run_button),
                (self.held_label, self.open_held_button),
                (self.flapping_label, self.open_flapping_button),
            )
        ):
            waiting.addWidget(label, row, 0)
            waiting.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
        self.waiting_box.setVisible(False)

        # -- last run
        self.last_run_box = QGroupBox(self.tr("Last sync"))
        self.last_run_form = QFormLayout(self.last_run_box)
        self.last_run_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Captions at the top of their row: a message can wrap onto several lines.
        self.last_run_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        # -- connections
        connections = QGroupBox(self.tr("Connections"))
        grid = QGridLayout(connections)
        grid.setColumnStretch(2, 1)
        self.connection_dots: dict[System, QLabel] = {}
        self.connection_labels: dict[System, QLabel] = {}
        for row, system in enumerate((System.SUPEROFFICE, System.EMARKETEER)):
            dot = QLabel("●")
            dot.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
            name = QLabel(system.label)
            name.setStyleSheet("font-weight: bold;")
            text = _label()
            text.setObjectName(f"connection_{system.value}")
            grid.addWidget(dot, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 2)
            dot.setAccessibleName(self.tr("%1 connection: not tested yet").replace("%1", system.label))
            self.connection_dots[system] = dot
            self.connection_labels[system] = text
        self.test_button = QPushButton(self.tr("Test connections"))
        self.test_button.setToolTip(
            self.tr("Load SuperOffice's lists and eMarketeer's master data with the applied settings")
        )
        grid.addWidget(self.test_button, 2, 2, Qt.AlignmentFlag.AlignLeft)

        lower = QHBoxLayout()
        lower.addWidget(self.last_run_box, 3, Qt.AlignmentFlag.AlignTop)
        lower.addWidget(connections, 2, Qt.AlignmentFlag.AlignTop)

        # In a scroll area: with large text (or a low window) the page is taller than the tab, and a squeezed page
        # cut its wrapped lines short (a connection's error ended mid-sentence above "Test connections").
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setSpacing(12)
        layout.addLayout(state_box)
        layout.addLayout(run_box)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.waiting_box)
        layout.addWidget(self.notice_frame)
        layout.addLayout(lower)
        layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        for widget in (self.last_run_box, connections):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.sync_button.clicked.connect(self.sync_requested)
        self.preview_button.clicked.connect(self.preview_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.open_conflicts_button.clicked.connect(self.open_conflicts_requested)
        self.open_settings_button.clicked.connect(self.open_settings_requested)
        self.test_button.clicked.connect(self.test_connections_requested)
        self.open_held_run_button.clicked.connect(self.open_held_run_requested)
        self.open_held_button.clicked.connect(self.open_held_requested)
        self.open_flapping_button.clicked.connect(self.open_flapping_requested)

    # ------------------------------------------------------------------ show_*

    def show_sync_state(self, headline: str, detail: str, on: bool) -> None:
        self.state_label.setText(headline)
        self.state_label.setStyleSheet(f"color: {theme.css(theme.OK if on else theme.BAD)};")
        self.state_detail.setText(detail)
        self.open_settings_button.setVisible(not on)

    def show_stale(self, text: str | None) -> None:
        """The stale-sync alarm: the headline turns red and the sentence says how long and what the latest run did."""
        self.stale_label.setText(text or "")
        self.stale_label.setVisible(bool(text))
        if text:
            self.state_label.setStyleSheet(f"color: {theme.css(theme.BAD)};")
            self.stale_label.setAccessibleName(self.tr("Warning: the sync has not succeeded lately"))

    @property
    def stale_shown(self) -> bool:
        return not self.stale_label.isHidden()

    def show_next_run(self, text: str) -> None:
        self.next_run_label.setText(text)

    def show_last_run(self, rows: Sequence[tuple[str, str]]) -> None:
        while self.last_run_form.rowCount():
            self.last_run_form.removeRow(0)
        for caption, text in rows:
            value = _label(text)
            value.setObjectName(f"last_run_{caption.lower()}")
            self.last_run_form.addRow(self.tr("{caption}:").format(caption=caption), value)

    def last_run_text(self) -> str:
        """The box's text, one 'caption: value' line per row (tests, screen readers)."""
        lines = []
        for row in range(self.last_run_form.rowCount()):
            caption = self.last_run_form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            value = self.last_run_form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            words = [item.widget() for item in (caption, value) if item is not None]
            lines.append(" ".join(w.text() for w in words if isinstance(w, QLabel)))
        return "\n".join(lines)

    def show_problem(self, text: str | None) -> None:
        self.problem_label.setText(message_text(text or ""))  # the engine's, a connector's: in the window's language
        self.problem_label.setVisible(bool(text))

    def show_waiting(self, held_run: str | None, held: str | None, flapping: str | None) -> None:
        """What waits for a person, each line with its button; the box hides when nothing does."""
        for text, label, button in (
            (held_run, self.held_run_label, self.open_held_run_button),
            (held, self.held_label, self.open_held_button),
            (flapping, self.flapping_label, self.open_flapping_button),
        ):
            label.setText(text or "")
            label.setVisible(bool(text))
            button.setVisible(bool(text))
        self.waiting_box.setVisible(bool(held_run or held or flapping))

    def waiting_text(self) -> str:
        """The box's lines (tests, screen readers)."""
        if not self.waiting_box.isVisibleTo(self):
            return ""
        return "\n".join(
            label.text() for label in (self.held_run_label, self.held_label, self.flapping_label) if label.text()
        )

    def show_distance(self, text: str, disagree: bool) -> None:
        """R8: always shown; highlighted when the systems are known to disagree."""
        self.notice_label.setText(text)
        self.notice_label.setStyleSheet(f"color: {theme.css(theme.WARN)}; font-weight: bold;" if disagree else "")
        self.open_conflicts_button.setDefault(disagree)

    @property
    def disagreement_shown(self) -> bool:
        return bool(self.notice_label.styleSheet())

    def show_connection(self, state: ConnectionState) -> None:
        colour = theme.css(theme.MUTED if state.ok is None else theme.OK if state.ok else theme.BAD)
        self.connection_dots[state.system].setStyleSheet(f"color: {colour};")
        # The dot's colour, in words, for a screen reader.
        said = (
            self.tr("%1 connection: not tested yet")
            if state.ok is None
            else self.tr("%1 connection: working")
            if state.ok
            else self.tr("%1 connection: failing")
        )
        self.connection_dots[state.system].setAccessibleName(said.replace("%1", state.system.label))
        self.connection_labels[state.system].setText(state.text)

    def show_busy(self, busy: bool, *, can_sync: bool, can_preview: bool, sync_off_reason: str | None) -> None:
        self.sync_button.setEnabled(not busy and can_sync)
        self.preview_button.setEnabled(not busy and can_preview)
        self.cancel_button.setEnabled(busy)
        self.test_button.setEnabled(can_preview)
        self.sync_button.setToolTip(
            self.tr("Run a sync now (Ctrl+R)")
            if can_sync or busy
            else self.tr("The sync is off: {reason}.").format(reason=sync_off_reason)
        )
        self.progress_bar.setVisible(busy)
        self.progress_label.setVisible(busy)
        if busy:
            self.progress_bar.setRange(0, 0)
            self.progress_label.setText(self.tr("Starting…"))
        else:
            self.progress_label.setText("")

    def show_run_started(self, run_id: int) -> None:
        self.progress_label.setText(self.tr("Run {id} started…").format(id=run_id))

    def show_progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(min(progress.done, progress.total))
        else:
            self.progress_bar.setRange(0, 0)
        phase = {
            "reading": self.tr("Reading"),
            "planning": self.tr("Deciding"),
            "writing": self.tr("Writing"),
            "done": self.tr("Finishing"),
        }.get(progress.phase, progress.phase.capitalize())
        # The engine's message says what it does ("Reading 5000 addresses in SuperOffice"), in English: shown in the
        # window's language, alone (a "Reading: " before it would say it twice); the phase when there is none.
        self.progress_label.setText(message_text(getattr(progress, "said", None), progress.message) or phase)
