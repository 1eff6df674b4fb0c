"""The history view: every run, what each one changed and why, one contact's full story, and the audit trail (R15).

A passive view (STYLE practice 14): what to read and show is the `HistoryPresenter`'s
(history/presenter.py), which opens the store when asked and reads a large run in the background.
This module lays out the chart, the tables and the panes and answers the presenter's
intent-level calls (`HistoryViewLike`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import RunStatus
from ...i18n import QT_TRANSLATE_NOOP, translate
from ...store import Store
from .. import theme
from ..background import BackgroundJobs
from ..table_columns import RestToColumn
from .chart import ChartPoint, RunChart
from .model import (
    ENTRY_CHANGE,
    ENTRY_EM,
    ENTRY_EMAIL,
    ENTRY_KIND,
    ENTRY_PURPOSE,
    ENTRY_RULES,
    ENTRY_RUN,
    ENTRY_SO,
    ENTRY_STATUS,
    ENTRY_WHEN,
    ENTRY_WHY,
    RUN_CHANGES,
    RUN_CONFLICTS,
    RUN_DRY,
    RUN_ENDED,
    RUN_ERRORS,
    RUN_ID,
    RUN_MESSAGE,
    RUN_MODE,
    RUN_STARTED,
    RUN_STATUS,
    RUN_TRIGGER,
    EntriesModel,
    RunsModel,
    describe_entry,
)
from .presenter import HistoryPresenter

_C = "HistoryView"
ENTRY_HINT = QT_TRANSLATE_NOOP(
    "HistoryView", "Select a line to read it in full: both sides' values then, the status and why."
)

_RUN_SAMPLES = {
    RUN_ID: "99999",
    RUN_STARTED: "2026-05-28 14:03",
    RUN_TRIGGER: "At a send",
    RUN_MODE: "Incremental read",
    RUN_DRY: "Preview",
    RUN_STATUS: "Interrupted",
    RUN_CHANGES: "99,999",
    RUN_CONFLICTS: "9,999",
    RUN_ERRORS: "9,999",
    RUN_ENDED: "2026-05-28 14:03 (59.9 s)",
}
_ENTRY_SAMPLES = {
    ENTRY_KIND: "Would change",
    ENTRY_RUN: "9999",
    ENTRY_EMAIL: "firstname.lastname@company.se",
    ENTRY_PURPOSE: "Marketing",
    ENTRY_CHANGE: "SuperOffice: Legitimate interest → Contract",
    ENTRY_SO: "Legitimate interest, 2026-05-28 14:03",
    ENTRY_EM: "Legitimate interest, 2026-05-28 14:03",
    ENTRY_RULES: "R13, R9",
    ENTRY_STATUS: "Planned (preview)",
    ENTRY_WHEN: "2026-05-28 14:03",
}


def _translated(samples: dict[int, str]) -> dict[int, str]:
    """The samples with each word as shown in the user's language (Swedish is often longer)."""
    from ...domain.model import LegalBasis, Purpose, RunMode, Trigger
    from ...domain.names import basis_name, purpose_short
    from ...store import DecisionStatus
    from .model import DECISION_STATUS_LABELS, STATUS_LABELS, mode_text, preview_text, trigger_text

    def longest(mapping: dict, keys) -> str:
        return max((translate("HistoryModel", mapping[k]) for k in keys), key=len)

    words = {
        "At a send": max((trigger_text(t) for t in Trigger), key=len),
        "Incremental read": max((mode_text(m) for m in RunMode), key=len),
        "Preview": preview_text(True),
        "Interrupted": longest(STATUS_LABELS, RunStatus),
        "Would change": translate("HistoryModel", "Would change"),
        "Marketing": max((purpose_short(p) for p in Purpose), key=len),
        "Planned (preview)": longest(DECISION_STATUS_LABELS, DecisionStatus),
        "Legitimate interest": basis_name(LegalBasis.LEGITIMATE_INTEREST),
        "Contract": basis_name(LegalBasis.CONTRACT),
    }
    out = {}
    for column, sample in samples.items():
        for english, shown in words.items():
            sample = sample.replace(english, shown)
        out[column] = sample
    return out


# Both sides' values then are in the tooltip and the pane under the table; the header's menu shows them.
_ENTRY_HIDDEN = (ENTRY_SO, ENTRY_EM)
_ENTRY_SHRINKABLE = (ENTRY_EMAIL, ENTRY_CHANGE, ENTRY_STATUS, ENTRY_SO, ENTRY_EM)  # they elide; tooltips carry them


def _table(
    model,
    samples: dict[int, str],
    stretch: int,
    shrinkable: tuple[int, ...],
    sort_column: int = -1,
    sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
    rest_chars: int = 40,
) -> QTableView:
    """A read-only table; `stretch` (the message or "Why") gets the width the others leave (RestToColumn)."""
    table = QTableView()
    table.setModel(model)
    # The indicator first: enabling sorting sorts by it at once (-1: the order the records came in).
    table.horizontalHeader().setSortIndicator(sort_column, sort_order)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it), or the keyboard is caught
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    metrics, header_metrics = table.fontMetrics(), header.fontMetrics()
    preferred = {}
    for column, sample in samples.items():
        title = model.headerData(column, Qt.Orientation.Horizontal)
        preferred[column] = max(metrics.horizontalAdvance(sample) + 16, header_metrics.horizontalAdvance(title) + 26)
    columns = RestToColumn(
        table, stretch, preferred, shrinkable=shrinkable, min_rest=metrics.averageCharWidth() * rest_chars
    )
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda pos: _column_menu(table, pos, columns))
    return table


def _column_menu(table: QTableView, pos, columns: RestToColumn) -> None:
    """Right-click on a header: show or hide columns."""
    header = table.horizontalHeader()
    model = table.model()
    menu = QMenu(table)
    for column in range(model.columnCount()):
        action = QAction(str(model.headerData(column, Qt.Orientation.Horizontal)), menu)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda on, c=column: _show_column(header, columns, c, on))
        menu.addAction(action)
    menu.exec(header.mapToGlobal(pos))


def _show_column(header: QHeaderView, columns: RestToColumn, column: int, on: bool) -> None:
    header.setSectionHidden(column, not on)
    columns.refit()


def _details_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2 + 6)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setText(translate("HistoryView", ENTRY_HINT))
    return label


class HistoryView(QWidget):
    """Runs (newest first) under a chart of changes and errors; a run's decisions and errors; a contact's history.

    Slots: `refresh()` (re-read the runs), `select_run(run_id)`, `show_contact(address)`, `export_audit_trail()`.
    Signals: `exported(path, rows)` after a CSV export; `run_shown(run_id)` once a run's lines are in the table
    (at once for a small run, later for a large one read in the background).
    """

    exported = Signal(str, int)
    report_saved = Signal(str)  # a contact's PDF report was written there (issue 14)
    run_shown = Signal(int)

    def __init__(
        self,
        store_factory: Callable[[], Store],
        parent: QWidget | None = None,
        *,
        jobs: BackgroundJobs | None = None,
        config: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runs_model = RunsModel(self)
        self.entries_model = EntriesModel(self)
        self.contact_model = EntriesModel(self)
        self._build()
        self.presenter = HistoryPresenter(self, store_factory, jobs=jobs, config=config)  # config: R9 for reports
        self._connect()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the history again"))
        self.export_button = QPushButton(self.tr("Export audit trail…"))
        self.export_button.setToolTip(
            self.tr("Save every applied change, with both sides' values, times, winner and rule, as a CSV file (R15)")
        )
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText(self.tr("Type an address and press Enter…"))
        self.contact_edit.setClearButtonEnabled(True)
        self.contact_edit.setToolTip(self.tr("Every decision about one address, across all runs (Ctrl+F)"))
        self.contact_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.refresh_button)
        toolbar.addWidget(self.export_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.status_label, 1)
        contact_caption = QLabel(self.tr("Contact history:"))
        contact_caption.setBuddy(self.contact_edit)
        toolbar.addWidget(contact_caption)
        toolbar.addWidget(self.contact_edit)

        self.chart = RunChart()
        self.chart.setAccessibleName(self.tr("Changes and errors per run"))
        self.chart.setToolTip("")

        self.runs_table = _table(
            self.runs_model,
            _translated(_RUN_SAMPLES),
            RUN_MESSAGE,
            (RUN_TRIGGER, RUN_MODE, RUN_STATUS),
            RUN_ID,
            Qt.SortOrder.DescendingOrder,
            rest_chars=16,
        )
        self.runs_table.setAccessibleName(self.tr("Runs, newest first"))
        self.runs_empty = QLabel(self.tr("No runs yet. A run appears here as soon as a sync or a preview starts."))

        self.entries_table = _table(
            self.entries_model, _translated(_ENTRY_SAMPLES), ENTRY_WHY, _ENTRY_SHRINKABLE, rest_chars=48
        )
        self.entries_table.setAccessibleName(self.tr("Changes and errors of the selected run"))
        for column in (ENTRY_RUN, ENTRY_WHEN, *_ENTRY_HIDDEN):  # one run: its number and time would repeat
            self.entries_table.setColumnHidden(column, True)
        self.entries_label = QLabel(self.tr("Select a run to see what it changed and why."))
        self.entries_label.setWordWrap(True)
        self.entry_details = _details_label()
        run_page = QWidget()
        run_layout = QVBoxLayout(run_page)
        run_layout.setContentsMargins(0, 4, 0, 0)
        run_layout.addWidget(self.entries_label)
        run_layout.addWidget(self.entries_table, 1)
        run_layout.addWidget(self.entry_details)

        self.contact_table = _table(
            self.contact_model, _translated(_ENTRY_SAMPLES), ENTRY_WHY, _ENTRY_SHRINKABLE, rest_chars=48
        )
        self.contact_table.setAccessibleName(self.tr("Every decision about one address"))
        for column in (ENTRY_EMAIL, *_ENTRY_HIDDEN):  # one address: shown in the label
            self.contact_table.setColumnHidden(column, True)
        self.contact_label = QLabel(
            self.tr("Type an address in the box above and press Enter to see its full history.")
        )
        self.contact_label.setWordWrap(True)
        self.contact_details = _details_label()
        self.report_button = QPushButton(self.tr("Save report…"))
        self.report_button.setToolTip(
            self.tr(
                "Save this contact's whole record as a PDF, for a data-protection officer "
                "or a data subject's request: both systems' values, every change with "
                "rule and reason, people's answers and the sends"
            )
        )
        self.report_button.setEnabled(False)
        contact_page = QWidget()
        contact_layout = QVBoxLayout(contact_page)
        contact_layout.setContentsMargins(0, 4, 0, 0)
        contact_head = QHBoxLayout()
        contact_head.addWidget(self.contact_label, 1)
        contact_head.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignTop)
        contact_layout.addLayout(contact_head)
        contact_layout.addWidget(self.contact_table, 1)
        contact_layout.addWidget(self.contact_details)

        self.tabs = QTabWidget()
        self.tabs.addTab(run_page, self.tr("Selected run"))
        self.tabs.addTab(contact_page, self.tr("Contact history"))

        runs_page = QWidget()
        runs_layout = QVBoxLayout(runs_page)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_layout.addWidget(self.chart)
        runs_layout.addWidget(self.runs_empty)
        runs_layout.addWidget(self.runs_table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(runs_page)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([450, 300])

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.splitter, 1)

        self.search_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.search_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.runs_empty.setVisible(True)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export_audit_trail)
        self.report_button.clicked.connect(self.save_contact_report)
        self.contact_edit.returnPressed.connect(lambda: self.presenter.show_contact(self.contact_edit.text()))
        self.search_shortcut.activated.connect(self._focus_search)
        self.runs_table.selectionModel().selectionChanged.connect(self._run_selection_changed)
        self.chart.run_clicked.connect(self.select_run)
        for table, pane in ((self.entries_table, self.entry_details), (self.contact_table, self.contact_details)):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, table=table, pane=pane: self._show_entry(table, pane, current)
            )
            table.model().modelReset.connect(lambda pane=pane: pane.setText(translate("HistoryView", ENTRY_HINT)))

    # ------------------------------------------------------------------ slots (the window and tests)

    @Slot()
    def refresh(self) -> None:
        """Read the runs again; keep the selected run (or select the newest)."""
        self.presenter.refresh()

    def refresh_showing(self, select: int | None) -> None:
        """Read the runs again and show `select` (the run just made) if listed; None: as `refresh`."""
        self.presenter.refresh(select)

    @Slot(int)
    def select_run(self, run_id: int, force: bool = False) -> None:
        self.presenter.select_run(run_id, force)

    @Slot(str)
    def show_contact(self, address: str) -> None:
        """Every decision about one address across runs, newest first (R15)."""
        if self.contact_edit.text().strip() != address.strip():
            self.contact_edit.setText(address.strip())
        self.presenter.show_contact(address)

    @Slot()
    def export_audit_trail(self) -> Path | None:
        """Ask where, then write the audit trail (R15). Returns the path, or None."""
        return self.presenter.export_audit_trail()

    @Slot()
    def save_contact_report(self) -> Path | None:
        """The shown contact's record as a PDF (issue 14). Returns the path, or None."""
        return self.presenter.save_contact_report()

    # ------------------------------------------------------------------ what the presenter asks (HistoryViewLike)

    def show_runs(self, runs, points: Sequence[ChartPoint]) -> None:
        self.runs_model.set_records(runs)
        self.runs_empty.setVisible(not runs)
        self.chart.set_runs(points)

    def mark_run(self, run_id: int | None) -> None:
        self.chart.set_selected(run_id)
        row = self.runs_model.row_of(run_id) if run_id is not None else -1
        if row >= 0 and self.runs_table.currentIndex().row() != row:
            self.runs_table.selectRow(row)
            self.runs_table.scrollTo(self.runs_model.index(row, 0))

    def show_run_lines(self, entries: Sequence, label: str) -> None:
        self.entries_model.set_records(entries)
        self.entries_label.setText(label)
        self.tabs.setCurrentIndex(0)

    def run_lines_shown(self, run_id: int) -> None:
        self.run_shown.emit(run_id)

    def show_contact_lines(self, entries: Sequence, label: str) -> None:
        self.contact_model.set_records(entries)
        self.contact_label.setText(label)
        self.report_button.setEnabled(True)
        self.tabs.setCurrentIndex(1)

    def report(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet(f"color: {theme.css(theme.BAD)};" if error else "")
        self.status_label.setText(text)

    def announce_export(self, path: str, rows: int) -> None:
        self.exported.emit(path, rows)

    def announce_report(self, path: str) -> None:
        self.report_saved.emit(path)

    def is_shown(self) -> bool:
        return self.isVisible()

    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        self.presenter.shown()

    def _run_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.runs_table.selectionModel().selectedRows()
        if rows:
            self.presenter.select_run(self.runs_model.record_at(rows[0].row()).id)

    def ask_export_path(self) -> Path | None:
        """The save dialog, behind one method so tests can replace it. A name without a suffix gets the chosen type's."""
        workbook = self.tr("Excel workbook (*.xlsx)")
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export audit trail"),
            str(Path.home() / "legal-basis-audit.xlsx"),
            ";;".join((workbook, self.tr("CSV for scripts (*.csv)"))),
            workbook,
        )
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".xlsx" if chosen == workbook else ".csv")
        return path

    def ask_report_path(self, address: str) -> Path | None:
        """The save dialog for a contact's report, behind one method so tests can replace it."""
        safe = "".join(c if c.isalnum() or c in "._-@" else "-" for c in address)
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), str(Path.home() / f"legal-basis-{safe}.pdf"), self.tr("PDF files (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".pdf")

    def _show_entry(self, table: QTableView, pane: QLabel, current: QModelIndex) -> None:
        if not current.isValid():
            pane.setText(self.tr(ENTRY_HINT))
            return
        model = table.model()
        assert isinstance(model, EntriesModel)  # every entries table shows its EntriesModel directly (no proxy)
        pane.setText(describe_entry(model.record_at(current.row())))

    def entry_details_text(self) -> str:
        return self.entry_details.text()

    def _focus_search(self) -> None:
        self.contact_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contact_edit.selectAll()

    # ------------------------------------------------------------------ queries (tests)

    def selected_run(self) -> int | None:
        return self.presenter.selected_run

    def current_index(self) -> QModelIndex:
        return self.runs_table.currentIndex()


__all__ = ["HistoryView"]
