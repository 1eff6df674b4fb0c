"""The conflict view: contact by contact, what the two systems hold and what a sync would do (R8, R16).

A passive panel. It asks for a preview (`preview_requested`); the main window runs a dry run on
the worker and hands the result back (`show_preview` / `show_summary`). It never reads or writes
either system itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from PySide6.QtCore import QItemSelection, QItemSelectionRange, QModelIndex, Qt, Signal, Slot
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

from ...domain.model import ContactError, LegalBasis, Purpose
from ...domain.names import basis_name, purpose_name, purpose_short
from ...domain.review import Action, ConflictRow, ReviewCounts, RunDetailsLike, describe
from ...i18n import QT_TRANSLATE_NOOP
from ...store.review_table import ReviewTable
from .. import theme
from ..table_columns import RestToColumn
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
    FLAG_HELD,
    ConflictFilterProxy,
    ConflictTableModel,
    header_text,
)
from .presenter import ConflictsPresenter

EMPTY_TEXT = QT_TRANSLATE_NOOP(
    "ConflictView", "Press Preview to see, contact by contact, what a sync would change. Nothing is written."
)
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
_SHRINKABLE = (COL_EMAIL, COL_SO_VALUE, COL_EM_VALUE, COL_BASELINE, COL_SO_PERSON, COL_WINNER)


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
        self._build()
        self.presenter = ConflictsPresenter(self)
        self._connect()
        self.presenter.filters_changed()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setToolTip(
            self.tr("Read both systems and show what a sync would do (a dry run: nothing is written)")
        )
        self.preview_button.setDefault(True)

        self.filter_buttons: dict[str, QToolButton] = {}
        tips = {
            "disagreements": (
                self.tr("Disagreements"),
                self.tr("Only rows where the two systems hold different values"),
            ),
            "duplicates": (self.tr("Duplicates"), self.tr("Only addresses shared by several SuperOffice persons (R9)")),
            "errors": (self.tr("Errors"), self.tr("Only rows that could not be synced, with the reason (R17)")),
            "conflicts": (
                self.tr("Conflicts"),
                self.tr("Only near-simultaneous changes decided by the more restrictive value (R13)"),
            ),
            "held": (
                self.tr("Held"),
                self.tr("Only decisions held for a person: they would reverse a withdrawal (R24)"),
            ),
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
        self.approve_button.setToolTip(
            self.tr(
                "Write the positive basis over the withdrawal at the next sync, as "
                "long as neither system changes it first (R24)"
            )
        )
        self.keep_button = QPushButton(self.tr("Keep withdrawn"))
        self.keep_button.setToolTip(
            self.tr(
                "Keep the withdrawal: the next sync writes Withdrawn to the system that holds the positive basis (R24)"
            )
        )
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
        self.flapping_list.setToolTip(self.tr("Pick a contact to show its rows in the table"))
        self.clear_flapping_button = QPushButton(self.tr("Allow writing again"))
        self.clear_flapping_button.setToolTip(
            self.tr(
                "The cause is fixed: let the next sync write the selected contacts again (all of them when none is "
                "selected). Until then the app does not write them (R25)"
            )
        )
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
            f"border: 1px solid {edge.name()}; border-radius: 4px; }}"
        )
        held_run_row = QHBoxLayout(self.held_run_frame)
        self.held_run_label = QLabel()
        self.held_run_label.setWordWrap(True)
        self.held_run_label.setStyleSheet("font-weight: bold;")
        self.apply_held_button = QPushButton(self.tr("Apply these changes"))
        self.apply_held_button.setToolTip(
            self.tr(
                "Write exactly these changes now; each target is read again first "
                "and a contact that changed meanwhile is decided again (R14)"
            )
        )
        self.discard_held_button = QPushButton(self.tr("Discard"))
        self.discard_held_button.setToolTip(self.tr("Write none of them; the next sync plans afresh"))
        held_run_row.addWidget(self.held_run_label, 1)
        held_run_row.addWidget(self.apply_held_button)
        held_run_row.addWidget(self.discard_held_button)
        self.held_run_frame.setVisible(False)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Contacts and decisions"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it), or the keyboard is caught
        self.table.setAccessibleDescription(
            self.tr(
                "One row per contact and purpose: both systems' values and change times, the decision, the rule and why"
            )
        )
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
        # Room for the details pane's nine or so lines without a scroll bar; a longer row grows it (_fit_details).
        self.splitter.setSizes([600, (self.fontMetrics().lineSpacing() + 3) * 9 + 16])

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
        preferred = {}
        for column, sample in _column_samples().items():
            title = max(header_text(column).split("\n"), key=header_metrics.horizontalAdvance)
            sample_metrics = bold_metrics if column in (COL_SO_VALUE, COL_EM_VALUE) else metrics
            width = max(
                sample_metrics.horizontalAdvance(sample) + 16, header_metrics.horizontalAdvance(title) + 26
            )  # room for the sort arrow
            if column == COL_DECISION:
                width += 18  # the decision's dot
            preferred[column] = width
        header.setMinimumSectionSize(40)
        for column in _HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        self._decision_title = header_metrics.horizontalAdvance(header_text(COL_DECISION)) + 26
        # "Why" takes what the others leave; addresses and values elide first (tooltips and the pane carry them).
        # floor 0.4: a window of 1024 logical px (1280 at 125 %) may now be that narrow, and "Why" keeps 36 characters.
        self.columns = RestToColumn(
            self.table,
            COL_EXPLANATION,
            preferred,
            shrinkable=_SHRINKABLE,
            min_rest=metrics.averageCharWidth() * 36,
            floor=0.4,
        )

    def _fit_decision(self, counts: ReviewCounts | None) -> None:
        """The Decision column as wide as the decisions the table holds: no room kept for "Write to SuperOffice"
        when no row writes there. The short ones ("Nothing", "Error", "Left alone") always have room."""
        actions = [Action.NOTHING, Action.ERROR, Action.LEFT_ALONE]
        if counts is None:
            actions = list(Action)
        else:
            actions += [Action.WRITE_SUPEROFFICE] if counts.to_superoffice else []
            actions += [Action.WRITE_EMARKETEER] if counts.to_emarketeer else []
            actions += [Action.HELD] if counts.held else []
        metrics = self.table.fontMetrics()
        widest = max(metrics.horizontalAdvance(a.label) for a in actions) + 16 + 18  # the decision's dot
        self.columns.preferred[COL_DECISION] = max(widest, self._decision_title)
        self.columns.refit()

    def _connect(self) -> None:
        self.preview_button.clicked.connect(self.preview_requested)
        self.empty_preview_button.clicked.connect(self.preview_requested)
        self.sync_button.clicked.connect(self.presenter.sync_selected)
        for key, button in self.filter_buttons.items():
            button.toggled.connect(lambda on, key=key: self._set_flag_filter(key, on))
        self.purpose_combo.currentIndexChanged.connect(self._purpose_changed)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_shortcut.activated.connect(self.focus_search)
        self.proxy.modelReset.connect(self._after_reset)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.approve_button.clicked.connect(lambda: self.presenter.answer("approve"))
        self.keep_button.clicked.connect(lambda: self.presenter.answer("keep"))
        self.clear_flapping_button.clicked.connect(self._clear_flapping)
        self.flapping_list.selectionModel().currentChanged.connect(self._flapping_picked)
        self.apply_held_button.clicked.connect(self.presenter.apply_held)
        self.discard_held_button.clicked.connect(self.presenter.discard_held)

    # ------------------------------------------------------------------ slots

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # The window's calls, answered by the presenter (conflicts/presenter.py).

    def show_preview(self, details: RunDetailsLike, errors: Iterable[ContactError] = ()) -> None:
        self.presenter.show_preview(details, errors)

    def show_rows_of(self, summary, address: str) -> None:
        self.presenter.show_rows_of(summary, address)

    def show_summary(self, summary) -> None:
        self.presenter.show_summary(summary)

    def show_rows(
        self, rows: Iterable[ConflictRow], when: datetime | None = None, counts: ReviewCounts | None = None
    ) -> None:
        self.presenter.show_rows(rows, when, counts)

    def show_held_run(self, run_id: int, writes: int, rows: Sequence[ConflictRow]) -> None:
        self.presenter.show_held_run(run_id, writes, rows)

    def clear_held_run(self) -> None:
        self.presenter.clear_held_run()

    def show_flapping(self, pairs: Sequence) -> None:
        self.presenter.show_flapping(pairs)

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.presenter.set_busy(busy, message)

    def mark_stale(self, changes: int, when: datetime | None) -> None:
        self.presenter.mark_stale(changes, when)

    def clear(self) -> None:
        self.presenter.clear()

    def show_filtered(self, filter_key: str) -> bool:
        """Home's "Review held": only rows with this filter; "flapping" (Home's "Show contacts"): the rows of a contact
        the app stopped writing (R25). False: no rows yet (the window runs a preview)."""
        return self.presenter.show_only(filter_key)

    # ------------------------------------------------------------------ what the presenter asks (ConflictsViewLike)

    def show_table(self, table: ReviewTable | None) -> None:
        if table is None:
            self.model.set_rows(())
            self.stack.setCurrentIndex(0)
            return
        self.model.set_table(table)
        self._fit_decision(table.counts)
        self.stack.setCurrentIndex(1)

    def show_summary_line(self, text: str | None, tooltip: str = "") -> None:
        if text is not None:
            self.summary_label.setText(text)
            self.summary_label.setToolTip(tooltip or self.summary_label.toolTip())
        self.summary_label.setVisible(text is not None)

    def show_held_bar(self, text: str | None) -> None:
        self.held_label.setText(text or "")
        self.held_bar.setVisible(text is not None)

    def show_held_run_banner(self, text: str | None) -> None:
        self.held_run_label.setText(text or "")
        self.held_run_frame.setVisible(text is not None)

    def show_flapping_list(self, sentence: str | None, items: Sequence[tuple[str, tuple[str, str]]]) -> None:
        self.flapping_model.clear()
        for text, key in items:
            item = QStandardItem(text)
            item.setData(key, Qt.ItemDataRole.UserRole)
            self.flapping_model.appendRow(item)
        self.flapping_label.setText(sentence or "")
        self.flapping_box.setVisible(sentence is not None)
        # As high as its lines, up to four (then it scrolls): one contact is one line, not a three-line box.
        lines = min(max(len(items), 1), 4)
        row = self.flapping_list.sizeHintForRow(0) if items else self.fontMetrics().lineSpacing()
        self.flapping_list.setFixedHeight(row * lines + 2 * self.flapping_list.frameWidth() + 2)

    def show_counts(self, text: str, no_match: bool) -> None:
        self.count_label.setText(text)
        self.details.setPlaceholderText(
            self.tr(NO_MATCH_TEXT) if no_match else self.tr("Select a row to see it in full.")
        )

    def enable(self, *, preview: bool, sync: bool, answer: bool, held_run: bool, filters: bool) -> None:
        self.preview_button.setEnabled(preview)
        self.empty_preview_button.setEnabled(preview)
        self.sync_button.setEnabled(sync)
        self.approve_button.setEnabled(answer)
        self.keep_button.setEnabled(answer)
        self.apply_held_button.setEnabled(held_run)
        self.discard_held_button.setEnabled(held_run)
        for button in self.filter_buttons.values():
            button.setEnabled(filters)
        self.purpose_combo.setEnabled(filters)
        self.search_edit.setEnabled(filters)

    def show_only(self, filter_key: str | None, search: str = "") -> None:
        for key, button in self.filter_buttons.items():
            button.setChecked(key == filter_key)
        if filter_key is None:
            self.purpose_combo.setCurrentIndex(0)
            self.search_edit.setText(search)

    def row_counts(self) -> tuple[int, int]:
        return self.model.visible_count, self.model.total_count

    def has_selection(self) -> bool:
        return self.table.selectionModel().hasSelection()

    def held_selected(self) -> bool:
        """Whether a held row is selected: asked in SQL, so Ctrl+A over a million rows makes no row objects."""
        return self.model.any_shown_with(
            FLAG_HELD, ((r.top(), r.bottom()) for r in _ranges(self.table.selectionModel().selection()))
        )

    def ask_sync(self, addresses: list[str]) -> None:
        self.sync_selected_requested.emit(addresses)

    def ask_answer(self, kind: str, keys: list[tuple]) -> None:
        self.answer_requested.emit(kind, keys)

    def ask_apply_held(self, run_id: int) -> None:
        self.apply_held_requested.emit(run_id)

    def ask_discard_held(self, run_id: int) -> None:
        self.discard_held_requested.emit(run_id)

    # ------------------------------------------------------------------ queries (tests, main window)

    def selected_rows(self) -> list[ConflictRow]:
        selection = self.table.selectionModel().selection()
        rows: list[int] = []
        for selected_range in _ranges(selection):
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
            "disagreements": self.proxy.set_disagreements_only,
            "duplicates": self.proxy.set_duplicates_only,
            "errors": self.proxy.set_errors_only,
            "conflicts": self.proxy.set_conflicts_only,
            "held": self.proxy.set_held_only,
        }[key]
        setter(on)
        self.presenter.filters_changed()

    def _purpose_changed(self, _index: int) -> None:
        value = self.purpose_combo.currentData()
        self.proxy.set_purpose(Purpose(value) if value else None)
        self.presenter.filters_changed()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.presenter.filters_changed()

    def _after_reset(self) -> None:
        self._show_details(None)
        self.presenter.update_actions()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.presenter.update_actions()

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
        self._fit_details()

    def _fit_details(self) -> None:
        """Grow the pane under the table until every line of the selected row shows (Rule included), no scroll bar."""
        sizes = self.splitter.sizes()
        width = self.details.viewport().width()
        if len(sizes) != 2 or sum(sizes) <= 0 or width < 50:
            return
        document = self.details.document()
        document.setTextWidth(width)
        needed = math.ceil(document.size().height()) + 2 * self.details.frameWidth() + 2
        if sizes[1] < needed:
            total = sum(sizes)
            needed = min(needed, total - self.table.horizontalHeader().height() * 4)
            self.splitter.setSizes([total - needed, needed])

    def _clear_flapping(self) -> None:
        model = self.flapping_model
        rows = [index.row() for index in self.flapping_list.selectionModel().selectedRows()] or list(
            range(model.rowCount())
        )
        keys = [tuple(model.item(r).data(Qt.ItemDataRole.UserRole)) for r in rows]
        if keys:
            self.clear_flapping_requested.emit(keys)

    def _flapping_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """R25: a contact picked in the list: its rows in the table, every filter off."""
        key = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if key:
            self.show_only(None, key[0])

    def _header_menu(self, pos) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(COLUMN_COUNT):
            if column in (COL_EMAIL, COL_EXPLANATION):
                continue
            action = QAction(header_text(column).replace("\n", " "), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
            menu.addAction(action)
        menu.exec(header.mapToGlobal(pos))

    def _show_column(self, column: int, on: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not on)
        self.columns.refit()


def _ranges(selection: QItemSelection) -> list[QItemSelectionRange]:
    """The selection's ranges (PySide6 iterates a QItemSelection, but its type stubs do not say so)."""
    return [selection.at(i) for i in range(selection.count())]


__all__ = ["EMPTY_TEXT", "SEARCH_PLACEHOLDER", "ConflictView"]
