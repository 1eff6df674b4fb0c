"""The conflict view: contact by contact, what the two systems hold and what a sync would do (R8, R16).

A passive panel. It asks for a preview (`preview_requested`); the main window runs a dry run on
the worker and hands the result back (`show_preview` / `show_summary`). It never reads or writes
either system itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import ContactError, Purpose
from ...domain.messages import message_text
from ...domain.review import Action
from ...domain.model import LegalBasis
from ...domain.words import basis_name, explanation_text, purpose_name, purpose_short
from ...i18n import QT_TRANSLATE_NOOP, format_clock, format_datetime, number, plural, translate
from ...domain.review import ConflictRow, ReviewCounts, RunDetailsLike, count_rows, describe, review_rows
from .. import theme
from .model import (
    COL_BASELINE,
    COL_BASELINE_SINCE,
    COL_DECISION,
    COL_EM_CHANGED,
    COL_EM_VALUE,
    COL_EMAIL,
    COL_EXPLANATION,
    COL_PURPOSE,
    COL_RULES,
    COL_SO_CHANGED,
    COL_SO_PERSON,
    COL_SO_VALUE,
    COL_WINNER,
    COLUMN_COUNT,
    ConflictFilterProxy,
    ConflictTableModel,
    header_text,
)

EMPTY_TEXT = QT_TRANSLATE_NOOP("ConflictView", "Press Preview to see, contact by contact, what a sync would change. Nothing is written.")
NO_MATCH_TEXT = QT_TRANSLATE_NOOP("ConflictView", "No rows match the filters.")
SEARCH_PLACEHOLDER = QT_TRANSLATE_NOOP("ConflictView", "Search address…")

# Widest typical content per column, measured with the table's font (the explanation stretches).
_C = "ConflictView"
_COLUMN_SAMPLES = {
    COL_EMAIL: "firstname.lastname@company.se",
    COL_PURPOSE: "Marketing",
    COL_SO_VALUE: "Legitimate interest",
    COL_SO_CHANGED: "2026-05-28 14:03",
    COL_SO_PERSON: "1234 (oldest of 3)",
    COL_EM_VALUE: "Legitimate interest",
    COL_EM_CHANGED: "2026-05-28 14:03",
    COL_BASELINE: "Legitimate interest",
    COL_BASELINE_SINCE: "2026-05-28 14:03",
    COL_DECISION: "Write to SuperOffice",
    COL_WINNER: "SuperOffice",
    COL_RULES: "R13, R9",
}


def _column_samples() -> dict[int, str]:
    """The samples, with the words in the user's language where they can be longer (Swedish "Marknadsföring")."""
    samples = dict(_COLUMN_SAMPLES)
    typical = basis_name(LegalBasis.LEGITIMATE_INTEREST)  # the typical long value; longer ones are elided
    for column in (COL_SO_VALUE, COL_EM_VALUE, COL_BASELINE):
        samples[column] = typical
    samples[COL_PURPOSE] = max((purpose_short(p) for p in (*Purpose, None)), key=len)
    samples[COL_DECISION] = max((a.label for a in Action), key=len)
    return samples


# Shown on request (right-click the header): at 1280 pixels the explanation needs the room. The details pane,
# the explanation ("oldest of 3 SuperOffice persons...") and the tooltips carry them meanwhile.
_HIDDEN_BY_DEFAULT = (COL_SO_PERSON, COL_BASELINE, COL_BASELINE_SINCE, COL_WINNER)


class ConflictView(QWidget):
    """Toolbar, filters, the table of every contact and purpose, and a details pane for the selected row.

    Signals: `preview_requested()`; `sync_selected_requested(list[str])` with the selected addresses;
    `answer_requested(kind, [(email, purpose)])` for held rows (R24: "approve" or "keep");
    `clear_flapping_requested([(email, purpose)])` (R25); `apply_held_requested(run_id)` and
    `discard_held_requested(run_id)` for a run the mass-change brake held (R23).
    Slots: `show_preview(details, errors=())`, `show_summary(summary)`, `show_rows(rows)`, `set_busy(bool, str)`,
    `show_flapping(pairs)`, `show_held_run(run_id, writes, rows)`, `clear_held_run()`.
    """

    preview_requested = Signal()
    sync_selected_requested = Signal(list)
    answer_requested = Signal(str, list)
    clear_flapping_requested = Signal(list)
    apply_held_requested = Signal(int)
    discard_held_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConflictTableModel(self)
        self.proxy = ConflictFilterProxy(self.model, self)
        self._has_data = False
        self._busy = False
        self._held_run: int | None = None
        self._build()
        self._connect()
        self._update_counts()
        self._update_actions()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setToolTip(
            self.tr("Read both systems and show what a sync would do (a dry run: nothing is written)"))
        self.preview_button.setDefault(True)

        self.filter_buttons: dict[str, QToolButton] = {}
        tips = {
            "disagreements": (self.tr("Disagreements"), self.tr("Only rows where the two systems hold different values")),
            "duplicates": (self.tr("Duplicates"), self.tr("Only addresses shared by several SuperOffice persons (R9)")),
            "errors": (self.tr("Errors"), self.tr("Only rows that could not be synced, with the reason (R17)")),
            "conflicts": (self.tr("Conflicts"),
                          self.tr("Only near-simultaneous changes decided by the more restrictive value (R13)")),
            "held": (self.tr("Held"),
                     self.tr("Only decisions held for a person: they would reverse a withdrawal (R24)")),
        }
        for key, (text, tip) in tips.items():
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setToolTip(tip + self.tr(". Several toggles narrow together."))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.filter_buttons[key] = button

        self.purpose_combo = QComboBox()
        self.purpose_combo.addItem(self.tr("All purposes"), None)
        for purpose in Purpose:
            self.purpose_combo.addItem(purpose_name(purpose), purpose.value)
        self.purpose_combo.setToolTip(self.tr("Show one purpose or both"))
        self.purpose_combo.setAccessibleName(self.tr("Purpose filter"))
        # Its full width when there is room; narrower (names elided) on a 1280-px screen at 125 % (issue 13).
        self.purpose_combo.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr(SEARCH_PLACEHOLDER))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(self.tr("Show only addresses containing this text (Ctrl+F)"))
        self.search_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 14)
        self.search_edit.setAccessibleName(self.tr("Search address"))

        self.count_label = QLabel()
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.sync_button = QPushButton(self.tr("Sync selected"))
        self.sync_button.setToolTip(self.tr("Run a sync now for the selected addresses only"))

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.preview_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(QLabel(self.tr("Show only:")))
        for button in self.filter_buttons.values():
            toolbar.addWidget(button)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.purpose_combo)
        toolbar.addWidget(self.search_edit, 1)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.sync_button)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)

        # R24: answers to held rows.
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setToolTip(self.tr("Write the positive basis over the withdrawal at the next sync, as "
                                               "long as neither system changes it first (R24)"))
        self.keep_button = QPushButton(self.tr("Keep withdrawn"))
        self.keep_button.setToolTip(self.tr("Keep the withdrawal: the next sync writes Withdrawn to the system that "
                                            "holds the positive basis (R24)"))
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        held_bar = QHBoxLayout()
        held_bar.addWidget(self.held_label, 1)
        held_bar.addWidget(self.approve_button)
        held_bar.addWidget(self.keep_button)
        self.held_bar = QWidget()
        self.held_bar.setLayout(held_bar)
        held_bar.setContentsMargins(0, 0, 0, 0)
        self.held_bar.setVisible(False)

        # R25: pairs the app stopped writing.
        self.flapping_box = QFrame()
        self.flapping_box.setObjectName("flapping_box")
        flapping_layout = QHBoxLayout(self.flapping_box)
        flapping_layout.setContentsMargins(0, 0, 0, 0)
        self.flapping_label = QLabel()
        self.flapping_label.setWordWrap(True)
        self.flapping_model = QStandardItemModel(self)
        self.flapping_list = QListView()
        self.flapping_list.setModel(self.flapping_model)
        self.flapping_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.flapping_list.setAccessibleName(self.tr("Contacts that keep being changed back"))
        self.flapping_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.flapping_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.clear_flapping_button = QPushButton(self.tr("Clear"))
        self.clear_flapping_button.setToolTip(self.tr("The cause is fixed: let the next sync write the selected "
                                                      "contacts again (all of them when none is selected)"))
        left = QVBoxLayout()
        left.addWidget(self.flapping_label)
        left.addWidget(self.flapping_list)
        flapping_layout.addLayout(left, 1)
        flapping_layout.addWidget(self.clear_flapping_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.flapping_box.setVisible(False)

        # R23: a run the brake held, shown as its plan.
        self.held_run_frame = QFrame()
        self.held_run_frame.setObjectName("held_run_banner")
        back, edge = theme.tint(theme.WARN, 40), theme.colour(theme.WARN)
        self.held_run_frame.setStyleSheet(
            f"#held_run_banner {{ background: rgba({back.red()}, {back.green()}, {back.blue()}, {back.alpha()}); "
            f"border: 1px solid {edge.name()}; border-radius: 4px; }}")
        held_run_row = QHBoxLayout(self.held_run_frame)
        self.held_run_label = QLabel()
        self.held_run_label.setWordWrap(True)
        self.held_run_label.setStyleSheet("font-weight: bold;")
        self.apply_held_button = QPushButton(self.tr("Apply these changes"))
        self.apply_held_button.setToolTip(self.tr("Write exactly these changes now; each target is read again first "
                                                  "and a contact that changed meanwhile is decided again (R14)"))
        self.discard_held_button = QPushButton(self.tr("Discard"))
        self.discard_held_button.setToolTip(self.tr("Write none of them; the next sync plans afresh"))
        held_run_row.addWidget(self.held_run_label, 1)
        held_run_row.addWidget(self.apply_held_button)
        held_run_row.addWidget(self.discard_held_button)
        self.held_run_frame.setVisible(False)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Contacts and decisions"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it), or the keyboard is caught
        self.table.setAccessibleDescription(self.tr("One row per contact and purpose: both systems' values and change "
                                                    "times, the decision, the rule and why"))
        self.table.setModel(self.proxy)
        # The indicator first: enabling sorting sorts by it at once (-1: the order of the run).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # O(1) layout for 200,000 rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._size_columns()

        self.details = QTextBrowser()
        self.details.setAccessibleName(self.tr("Selected row in full"))
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText(self.tr("Select a row to see it in full."))

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # Room for the details pane's eight or so lines without a scroll bar.
        self.splitter.setSizes([600, self.fontMetrics().lineSpacing() * 9 + 16])

        self.empty_label = QLabel(self.tr(EMPTY_TEXT))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.empty_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.empty_label.setFont(font)
        self.empty_label.setContentsMargins(40, 40, 40, 40)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        self.empty_preview_button = QPushButton(self.tr("Preview"))
        self.empty_preview_button.setToolTip(self.preview_button.toolTip())
        self.empty_preview_button.setMinimumWidth(160)
        empty_layout.addStretch(2)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_preview_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(3)

        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.held_run_frame)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.held_bar)
        layout.addWidget(self.flapping_box)
        layout.addWidget(self.stack, 1)

        self.search_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.search_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.summary_label.setVisible(False)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        bold = self.table.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)  # the winning value is bold
        header_metrics = header.fontMetrics()
        for column, sample in _column_samples().items():
            title = max(header_text(column).split("\n"), key=header_metrics.horizontalAdvance)
            sample_metrics = bold_metrics if column in (COL_SO_VALUE, COL_EM_VALUE) else metrics
            width = max(sample_metrics.horizontalAdvance(sample) + 16,
                        header_metrics.horizontalAdvance(title) + 26)  # room for the sort arrow
            if column == COL_DECISION:
                width += 18  # the decision's dot
            header.resizeSection(column, width)
        header.setMinimumSectionSize(40)
        for column in _HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)

    def _connect(self) -> None:
        self.preview_button.clicked.connect(self.preview_requested)
        self.empty_preview_button.clicked.connect(self.preview_requested)
        self.sync_button.clicked.connect(self._emit_sync_selected)
        for key, button in self.filter_buttons.items():
            button.toggled.connect(lambda on, key=key: self._set_flag_filter(key, on))
        self.purpose_combo.currentIndexChanged.connect(self._purpose_changed)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_shortcut.activated.connect(self.focus_search)
        self.proxy.modelReset.connect(self._after_reset)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.approve_button.clicked.connect(lambda: self._answer("approve"))
        self.keep_button.clicked.connect(lambda: self._answer("keep"))
        self.clear_flapping_button.clicked.connect(self._clear_flapping)
        self.apply_held_button.clicked.connect(lambda: self._held_run is not None and self.apply_held_requested.emit(
            self._held_run))
        self.discard_held_button.clicked.connect(lambda: self._held_run is not None and self.discard_held_requested.emit(
            self._held_run))

    # ------------------------------------------------------------------ slots

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def show_preview(self, details: RunDetailsLike, errors: Iterable[ContactError] = ()) -> None:
        """Show a dry run's details (RunDetails; `errors`: the run's read errors, e.g. RunSummary.errors)."""
        rows = review_rows(details, errors)
        self.show_rows(rows, when=details.now)

    def show_rows_of(self, summary, address: str) -> None:
        """A send-time sync's rows (the Checklist's "Open in conflict view"), every filter off, narrowed to `address`."""
        self.show_summary(summary)
        for button in self.filter_buttons.values():
            button.setChecked(False)
        self.purpose_combo.setCurrentIndex(0)
        self.search_edit.setText(address)

    def show_summary(self, summary) -> None:
        """Show a RunSummary made with SyncOptions(keep_details=True).

        From the window's worker it carries `review`, the rows already built off the GUI thread; a summary
        straight from the engine carries the details, and the rows are built here.
        """
        review = getattr(summary, "review", None)
        if review is not None:
            self.show_rows(review.rows, when=review.when, counts=review.counts)
            return
        if summary.details is None:
            self.set_busy(False, message_text(summary.said, summary.message or "") or self.tr("The run kept no details to show."))
            return
        self.show_preview(summary.details, summary.errors)

    def show_rows(self, rows: Sequence[ConflictRow], when: datetime | None = None,
                  counts: ReviewCounts | None = None) -> None:
        """Show these rows; `counts`: their `count_rows` when already made (else counted here)."""
        self._held_run = None  # a held run's plan is shown by show_held_run, after this
        self.held_run_frame.setVisible(False)
        self._busy = False
        self._has_data = True
        self.model.set_rows(rows)
        if counts is None:
            counts = count_rows(self.model.rows())
        self.summary_label.setText(summarise(self.model.rows(), when, counts))
        self.summary_label.setToolTip(one_system_only(self.model.rows(), counts))
        self.summary_label.setVisible(True)
        self.stack.setCurrentIndex(1)
        held = counts.held if counts is not None else 0
        self.held_label.setText(plural(held, self.tr("{n} decision is held: it would reverse a withdrawal. Select it "
                                                     "and answer; the next sync carries the answer out (R24)."),
                                       self.tr("{n} decisions are held: they would reverse a withdrawal. Select "
                                               "them and answer; the next sync carries the answers out (R24).")))
        self.held_bar.setVisible(held > 0)
        self._update_counts()
        self._update_actions()

    def show_held_run(self, run_id: int, writes: int, rows: Sequence[ConflictRow]) -> None:
        """R23: the plan of a run the mass-change brake held, with "Apply these changes" and "Discard"."""
        self.show_rows(rows)
        self._held_run = run_id
        self.held_run_label.setText(plural(writes, self.tr("This sync was held by the mass-change brake: it would "
                                                           "change {n} legal basis. Nothing has been written."),
                                           self.tr("This sync was held by the mass-change brake: it would change "
                                                   "{n} legal bases. Nothing has been written.")))
        self.summary_label.setText(self.tr("The changes the held sync would write, as it planned them (R23)."))
        self.held_run_frame.setVisible(True)
        self._update_actions()

    def clear_held_run(self) -> None:
        self._held_run = None
        self.held_run_frame.setVisible(False)
        self._update_actions()

    def show_flapping(self, pairs: Sequence) -> None:
        """R25: pairs the app stopped writing (FlappingRecord-like: email, purpose, writes_24h, values_seen)."""
        self.flapping_model.clear()
        for pair in pairs:
            seen = ", ".join(basis_name(LegalBasis(v["new"])) if v.get("new") else "—" for v in pair.values_seen)
            text = self.tr("{email} — {purpose}: written {n} times in 24 hours ({seen}) and changed back each time"
                           ).format(email=pair.email, purpose=purpose_name(pair.purpose), n=pair.writes_24h, seen=seen)
            item = QStandardItem(text)
            item.setData((pair.email, pair.purpose.value), Qt.ItemDataRole.UserRole)
            self.flapping_model.appendRow(item)
        n = len(pairs)
        self.flapping_label.setText(plural(n, self.tr("{n} contact keeps being changed back: another sync or an "
                                                      "import may be running on the same systems. It is not written "
                                                      "until you clear it (R25)."),
                                           self.tr("{n} contacts keep being changed back: another sync or an import "
                                                   "may be running on the same systems. They are not written until "
                                                   "you clear them (R25).")))
        self.flapping_box.setVisible(n > 0)

    def set_busy(self, busy: bool, message: str = "") -> None:
        """While a preview runs: Preview and Sync selected are disabled and `message` says what is happening."""
        self._busy = busy
        if message:
            self.summary_label.setText(message)
            self.summary_label.setVisible(True)
        elif not self._has_data:
            self.summary_label.setVisible(False)
        self._update_actions()

    def mark_stale(self, changes: int, when: datetime | None) -> None:
        """A real sync ran after this preview: its rows no longer show the systems as they are."""
        if not self._has_data:
            return
        if when is not None:
            text = plural(changes, self.tr("Out of date: a sync at {time} wrote {n} change after this preview."),
                          self.tr("Out of date: a sync at {time} wrote {n} changes after this preview.")
                          ).format(time=format_clock(when))
        else:
            text = plural(changes, self.tr("Out of date: a sync wrote {n} change after this preview."),
                          self.tr("Out of date: a sync wrote {n} changes after this preview."))
        self.summary_label.setText(text + " " + self.tr("Press Preview to see both systems as they are now."))
        self.summary_label.setVisible(True)

    def clear(self) -> None:
        """Back to the empty state (e.g. after settings changed)."""
        self._has_data = False
        self.model.set_rows(())
        self.summary_label.setVisible(False)
        self.stack.setCurrentIndex(0)
        self._update_counts()
        self._update_actions()

    # ------------------------------------------------------------------ queries (tests, main window)

    def selected_rows(self) -> list[ConflictRow]:
        selection = self.table.selectionModel().selection()
        rows: list[int] = []
        for selected_range in selection:
            rows.extend(range(selected_range.top(), selected_range.bottom() + 1))
        proxy = self.proxy
        return [proxy.row_at(r) for r in sorted(set(rows))]

    def selected_addresses(self) -> list[str]:
        return list(dict.fromkeys(row.email for row in self.selected_rows()))

    def details_text(self) -> str:
        return self.details.toPlainText()

    def count_text(self) -> str:
        return self.count_label.text()

    # ------------------------------------------------------------------ internals

    def _set_flag_filter(self, key: str, on: bool) -> None:
        setter = {
            "disagreements": self.proxy.set_disagreements_only, "duplicates": self.proxy.set_duplicates_only,
            "errors": self.proxy.set_errors_only, "conflicts": self.proxy.set_conflicts_only,
            "held": self.proxy.set_held_only,
        }[key]
        setter(on)
        self._update_counts()

    def _purpose_changed(self, _index: int) -> None:
        value = self.purpose_combo.currentData()
        self.proxy.set_purpose(Purpose(value) if value else None)
        self._update_counts()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_counts()

    def _after_reset(self) -> None:
        self._show_details(None)
        self._update_actions()

    def _update_counts(self) -> None:
        total = self.model.total_count
        shown = self.model.visible_count
        self.count_label.setText(self.tr("{shown} of {total} rows").format(shown=number(shown), total=number(total))
                                 if self._has_data else "")
        if self._has_data and shown == 0 and total:
            self.details.setPlaceholderText(self.tr(NO_MATCH_TEXT))
        else:
            self.details.setPlaceholderText(self.tr("Select a row to see it in full."))

    def _update_actions(self) -> None:
        self.preview_button.setEnabled(not self._busy)
        self.empty_preview_button.setEnabled(not self._busy)
        has_selection = self.table.selectionModel().hasSelection()
        self.sync_button.setEnabled(has_selection and not self._busy)
        held_selected = has_selection and any(r.is_held for r in self.selected_rows())
        self.approve_button.setEnabled(held_selected and not self._busy)
        self.keep_button.setEnabled(held_selected and not self._busy)
        self.apply_held_button.setEnabled(self._held_run is not None and not self._busy)
        self.discard_held_button.setEnabled(self._held_run is not None and not self._busy)
        for button in self.filter_buttons.values():
            button.setEnabled(self._has_data)
        self.purpose_combo.setEnabled(self._has_data)
        self.search_edit.setEnabled(self._has_data)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details(self.proxy.row_at(current.row()) if current.isValid() else None)

    def _show_details(self, row: ConflictRow | None) -> None:
        if row is None:
            self.details.clear()
            return
        lines = describe(row).split("\n")
        html = [f"<p style='margin:0 0 6px 0'><b>{escape(lines[0])}</b></p>"]
        html += [f"<p style='margin:0 0 3px 0'>{escape(line)}</p>" for line in lines[1:]]
        self.details.setHtml("".join(html))

    def _answer(self, kind: str) -> None:
        keys = list(dict.fromkeys((r.email, r.purpose.value) for r in self.selected_rows()
                                  if r.is_held and r.purpose is not None))
        if keys:
            self.answer_requested.emit(kind, keys)

    def _clear_flapping(self) -> None:
        model = self.flapping_model
        rows = ([index.row() for index in self.flapping_list.selectionModel().selectedRows()]
                or list(range(model.rowCount())))
        keys = [tuple(model.item(r).data(Qt.ItemDataRole.UserRole)) for r in rows]
        if keys:
            self.clear_flapping_requested.emit(keys)

    def _emit_sync_selected(self) -> None:
        addresses = self.selected_addresses()
        if addresses:
            self.sync_selected_requested.emit(addresses)

    def _header_menu(self, pos) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(COLUMN_COUNT):
            if column in (COL_EMAIL, COL_EXPLANATION):
                continue
            action = QAction(header_text(column).replace("\n", " "), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
            menu.addAction(action)
        menu.exec(header.mapToGlobal(pos))


def one_system_only(rows: Sequence[ConflictRow], counts: ReviewCounts | None = None) -> str:
    c = counts if counts is not None else count_rows(rows)
    return translate("ConflictView", "Left alone (R11): {so} only in SuperOffice, {em} only in eMarketeer. They are synced once "
                         "the address exists in both systems.").format(so=number(c.only_superoffice),
                                                                       em=number(c.only_emarketeer))


def summarise(rows: Sequence[ConflictRow], when: datetime | None = None, counts: ReviewCounts | None = None) -> str:
    """One line on how far apart the systems are (R8): what the preview would write, and what needs a look.

    `counts`: the rows' `count_rows`, when already made (the worker makes them with the rows).
    """
    c = counts if counts is not None else count_rows(rows)
    head = (translate("ConflictView", "Preview of {when}: ").format(when=format_datetime(when)) if when is not None
            else translate("ConflictView", "Preview: "))
    writes = c.to_superoffice + c.to_emarketeer
    only = c.only_superoffice + c.only_emarketeer
    parts = [
        plural(writes, translate("ConflictView", "{n} change to write"), translate("ConflictView", "{n} changes to write"))
        + translate("ConflictView", " ({so} to SuperOffice, {em} to eMarketeer)").format(so=number(c.to_superoffice),
                                                                            em=number(c.to_emarketeer)),
        plural(c.conflicts, translate("ConflictView", "{n} conflict"), translate("ConflictView", "{n} conflicts")),
        plural(c.errors, translate("ConflictView", "{n} error"), translate("ConflictView", "{n} errors")),
        translate("ConflictView", "{n} in step").replace("{n}", number(c.in_step)),
        plural(only, translate("ConflictView", "{n} contact in one system only (left alone)"),
               translate("ConflictView", "{n} contacts in one system only (left alone)")),
    ]
    return head + " · ".join(parts) + translate("ConflictView", ". Nothing was written.")


__all__ = ["EMPTY_TEXT", "SEARCH_PLACEHOLDER", "ConflictView", "summarise"]
