"""The history view: every run, what each one changed and why, one contact's full story, and the CSV audit trail (R15).

It reads the store only when asked (`refresh()`, a selection, a search), opening a Store through
the factory it was given and closing it straight after: SQLite connections belong to one thread,
and a panel holding one open would pin it. A large run's changes (the first full sync writes
thousands: 13,600 take about a second to read and word) are read on a background thread when
the view was given `jobs`, so the window stays responsive when a run ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

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

from ...domain.messages import message_text
from ...i18n import QT_TRANSLATE_NOOP, plural, translate
from ...domain.email import address_key, try_normalise_email
from ...domain.model import RunStatus
from ...store import Store, StoreError
from ...i18n import number as i18n_number
from ...report.contact import build_contact_report, contact_report_html
from ...report.contact import title as report_title
from ...report.pdf import write_pdf
from ...store.workbook import write_csv_file, write_workbook
from .. import theme
from ..background import BackgroundJobs
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
    RUN_CHANGES,
    RUN_CONFLICTS,
    RUN_DRY,
    RUN_ENDED,
    RUN_ERRORS,
    RUN_ID,
    RUN_MODE,
    RUN_STARTED,
    RUN_STATUS,
    RUN_TRIGGER,
    EntriesModel,
    RunsModel,
    describe_entry,
    entry_from_answer,
    entry_from_decision,
    entry_from_error,
)

RUN_LIMIT = 500
LARGE_RUN = 2_000  # changes + conflicts + errors above which a run's lines are read off the GUI thread
_C = "HistoryView"
ENTRY_HINT = QT_TRANSLATE_NOOP("HistoryView", "Select a line to read it in full: both sides' values then, the status and "
                                              "why.")

_RUN_SAMPLES = {
    RUN_ID: "99999", RUN_STARTED: "2026-05-28 14:03", RUN_TRIGGER: "Before a send", RUN_MODE: "Incremental",
    RUN_DRY: "Dry run", RUN_STATUS: "Interrupted", RUN_CHANGES: "99,999", RUN_CONFLICTS: "9,999",
    RUN_ERRORS: "9,999", RUN_ENDED: "2026-05-28 14:03 (59.9 s)",
}
_ENTRY_SAMPLES = {
    ENTRY_KIND: "Would change", ENTRY_RUN: "9999", ENTRY_EMAIL: "firstname.lastname@company.se",
    ENTRY_PURPOSE: "Marketing", ENTRY_CHANGE: "SuperOffice: Legitimate interest → Contract",
    ENTRY_SO: "Legitimate interest, 2026-05-28 14:03", ENTRY_EM: "Legitimate interest, 2026-05-28 14:03",
    ENTRY_RULES: "R13, R9", ENTRY_STATUS: "Planned (dry run)", ENTRY_WHEN: "2026-05-28 14:03",
}


def _translated(samples: dict[int, str]) -> dict[int, str]:
    """The samples with each word as shown in the user's language (Swedish is often longer)."""
    from ...domain.model import LegalBasis, Purpose, RunMode, RunStatus, Trigger
    from ...domain.words import basis_name, purpose_short
    from ...store import DecisionStatus
    from .model import DECISION_STATUS_LABELS, MODE_LABELS, STATUS_LABELS, TRIGGER_LABELS

    def longest(mapping: dict, keys) -> str:
        return max((translate("HistoryModel", mapping[k]) for k in keys), key=len)

    words = {
        "Before a send": longest(TRIGGER_LABELS, Trigger), "Incremental": longest(MODE_LABELS, RunMode),
        "Dry run": translate("HistoryModel", "Dry run"), "Interrupted": longest(STATUS_LABELS, RunStatus),
        "Would change": translate("HistoryModel", "Would change"), "Marketing": max((purpose_short(p) for p in Purpose), key=len),
        "Planned (dry run)": longest(DECISION_STATUS_LABELS, DecisionStatus),
        "Legitimate interest": basis_name(LegalBasis.LEGITIMATE_INTEREST), "Contract": basis_name(LegalBasis.CONTRACT),
    }
    out = {}
    for column, sample in samples.items():
        for english, shown in words.items():
            sample = sample.replace(english, shown)
        out[column] = sample
    return out


# Both sides' values then are in the tooltip and the pane under the table; the header's menu shows them.
_ENTRY_HIDDEN = (ENTRY_SO, ENTRY_EM)


def _table(model, samples: dict[int, str], sort_column: int = -1,
           sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableView:
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
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    metrics, header_metrics = table.fontMetrics(), header.fontMetrics()
    for column, sample in samples.items():
        title = model.headerData(column, Qt.Orientation.Horizontal)
        header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 16,
                                         header_metrics.horizontalAdvance(title) + 26))
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda pos: _column_menu(table, pos))
    return table


def _column_menu(table: QTableView, pos) -> None:
    """Right-click on a header: show or hide columns."""
    header = table.horizontalHeader()
    model = table.model()
    menu = QMenu(table)
    for column in range(model.columnCount()):
        action = QAction(str(model.headerData(column, Qt.Orientation.Horizontal)), menu)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.addAction(action)
    menu.exec(header.mapToGlobal(pos))


class RunPage(NamedTuple):
    """One run's lines and the sentence above them, as read from the store (on any thread)."""

    run_id: int
    entries: list
    label: str


def read_run_page(store: Store, run_id: int) -> RunPage:
    """Read and word one run's decisions and errors (plain Python and SQLite: safe on a worker thread)."""
    run = store.get_run(run_id)
    decisions = store.decisions(run_id)
    errors = store.errors(run_id)
    entries = [entry_from_decision(d) for d in decisions] + [entry_from_error(e) for e in errors]
    writes = sum(1 for d in decisions if d.target is not None)
    if run is not None and run.dry_run:
        changes = plural(writes, translate("HistoryView", "{n} change would be written (dry run)"),
                         translate("HistoryView", "{n} changes would be written (dry run)"))
    else:
        changes = plural(writes, translate("HistoryView", "{n} change written"), translate("HistoryView", "{n} changes written"))
    label = translate("HistoryView", "Run {id}: {changes}, {errors}").format(
        id=run_id, changes=changes, errors=plural(len(errors), translate("HistoryView", "{n} error"), translate("HistoryView", "{n} errors")))
    agreed = len(decisions) - writes
    if agreed:
        label += ", " + plural(agreed, translate("HistoryView", "{n} agreement recorded"), translate("HistoryView", "{n} agreements recorded"))
    if run is not None and run.message:
        label += f". {message_text(run.said, run.message)}"
    if not entries:
        label += translate("HistoryView", ". Nothing to list: every contact was already in step.")
    return RunPage(run_id, entries, label)


def _details_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2 + 6)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setText(translate("HistoryView", ENTRY_HINT))
    return label


def sends_export_path(path: Path) -> Path:
    """Where the sends' audit trail goes beside the decisions' export: audit.csv -> audit-sends.csv."""
    return path.with_name(f"{path.stem}-sends{path.suffix or '.csv'}")


class HistoryView(QWidget):
    """Runs (newest first) under a chart of changes and errors; a run's decisions and errors; a contact's history.

    Slots: `refresh()` (re-read the runs), `select_run(run_id)`, `show_contact(address)`, `export_audit_trail()`.
    Signals: `exported(path, rows)` after a CSV export; `run_shown(run_id)` once a run's lines are in the table
    (at once for a small run, later for a large one read in the background).
    """

    exported = Signal(str, int)
    report_saved = Signal(str)  # a contact's PDF report was written there (issue 14)
    run_shown = Signal(int)

    def __init__(self, store_factory: Callable[[], Store], parent: QWidget | None = None, *,
                 jobs: BackgroundJobs | None = None) -> None:
        super().__init__(parent)
        self._store_factory = store_factory
        self._jobs = jobs  # None: every run is read on the GUI thread
        self._loading: int | None = None  # the large run to show, read in the background
        self._reading: int | None = None  # the run a background read is going for
        self.runs_model = RunsModel(self)
        self.entries_model = EntriesModel(self)
        self.contact_model = EntriesModel(self)
        self._selected_run: int | None = None
        self._contact_shown: str | None = None  # the address whose history is shown: "Save report…" is about it
        self._build()
        self._connect()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the history again"))
        self.export_button = QPushButton(self.tr("Export audit trail…"))
        self.export_button.setToolTip(self.tr("Save every applied change, with both sides' values, times, winner and "
                                              "rule, as a CSV file (R15)"))
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

        self.runs_table = _table(self.runs_model, _translated(_RUN_SAMPLES), RUN_ID, Qt.SortOrder.DescendingOrder)
        self.runs_table.setAccessibleName(self.tr("Runs, newest first"))
        self.runs_empty = QLabel(self.tr("No runs yet. A run appears here as soon as a sync or a preview starts."))

        self.entries_table = _table(self.entries_model, _translated(_ENTRY_SAMPLES))
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

        self.contact_table = _table(self.contact_model, _translated(_ENTRY_SAMPLES))
        self.contact_table.setAccessibleName(self.tr("Every decision about one address"))
        for column in (ENTRY_EMAIL, *_ENTRY_HIDDEN):  # one address: shown in the label
            self.contact_table.setColumnHidden(column, True)
        self.contact_label = QLabel(self.tr("Type an address in the box above and press Enter to see its full history."))
        self.contact_label.setWordWrap(True)
        self.contact_details = _details_label()
        self.report_button = QPushButton(self.tr("Save report…"))
        self.report_button.setToolTip(self.tr("Save this contact's whole record as a PDF, for a data-protection officer "
                                              "or a data subject's request: both systems' values, every change with "
                                              "rule and reason, people's answers and the sends"))
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
        self.contact_edit.returnPressed.connect(lambda: self.show_contact(self.contact_edit.text()))
        self.search_shortcut.activated.connect(self._focus_search)
        self.runs_table.selectionModel().selectionChanged.connect(self._run_selection_changed)
        self.chart.run_clicked.connect(self.select_run)
        for table, pane in ((self.entries_table, self.entry_details), (self.contact_table, self.contact_details)):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, table=table, pane=pane: self._show_entry(table, pane, current))
            table.model().modelReset.connect(lambda pane=pane: pane.setText(translate("HistoryView", ENTRY_HINT)))

    @contextmanager
    def _store(self) -> Iterator[Store]:
        store = self._store_factory()
        try:
            yield store
        finally:
            store.close()

    def _report(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet(f"color: {theme.css(theme.BAD)};" if error else "")
        self.status_label.setText(text)

    # ------------------------------------------------------------------ slots

    @Slot()
    def refresh(self) -> None:
        """Read the runs again; keep the selected run (or select the newest)."""
        self.refresh_showing(None)

    def refresh_showing(self, select: int | None) -> None:
        """Read the runs again and show `select` (the run just made) if listed; None: as `refresh`.

        One read of the run's lines, not two (refresh, then select): a large run's take a second.
        """
        try:
            with self._store() as store:
                runs = store.runs(limit=RUN_LIMIT)
        except StoreError as exc:
            self._report(str(exc), error=True)
            return
        keep = select if select is not None else self._selected_run
        self.runs_model.set_records(runs)
        self.runs_empty.setVisible(not runs)
        self.chart.set_runs([ChartPoint(r.id, r.started_at, r.changes, r.errors, r.dry_run, r.status.value)
                             for r in runs])
        if self.status_label.styleSheet():
            self._report("")
        if not runs:
            self._selected_run = None
            self._show_run(None)
            return
        target = keep if keep is not None and self.runs_model.row_of(keep) >= 0 else runs[0].id
        self.select_run(target, force=True)

    @Slot(int)
    def select_run(self, run_id: int, force: bool = False) -> None:
        row = self.runs_model.row_of(run_id)
        if row < 0:
            return
        if run_id == self._selected_run and not force:
            return
        self._selected_run = run_id
        self.runs_table.selectRow(row)  # _run_selection_changed shows it, unless already selected
        self.runs_table.scrollTo(self.runs_model.index(row, 0))
        self._show_run(run_id)

    def _run_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.runs_table.selectionModel().selectedRows()
        if not rows:
            return
        run_id = self.runs_model.record_at(rows[0].row()).id
        if run_id != self._selected_run:
            self._selected_run = run_id
            self._show_run(run_id)

    def _show_run(self, run_id: int | None) -> None:
        self.chart.set_selected(run_id)
        self._loading = None
        if run_id is None:
            self.entries_model.set_records(())
            self.entries_label.setText(self.tr("Select a run to see what it changed and why."))
            return
        if self._jobs is not None and self._is_large(run_id):
            self._loading = run_id
            self.entries_model.set_records(())
            self.entries_label.setText(self.tr("Reading run {id}…").format(id=run_id))
            self.tabs.setCurrentIndex(0)
            if self.isVisible():
                self._read_in_background(run_id)
            # Else once the view is shown (showEvent): nobody looks meanwhile, and the read would only compete with
            # whatever the window is doing for the interpreter lock (taking in a preview's 200,000 rows, say).
            return
        try:
            with self._store() as store:
                page = read_run_page(store, run_id)
        except StoreError as exc:
            self._report(str(exc), error=True)
            return
        self._show_page(page)

    def _is_large(self, run_id: int) -> bool:
        row = self.runs_model.row_of(run_id)
        if row < 0:
            return False
        run = self.runs_model.record_at(row)
        # A run still going has not counted its changes yet: it may be large.
        return run.status is RunStatus.RUNNING or run.changes + run.conflicts + run.errors > LARGE_RUN

    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        if self._loading is not None and self._reading != self._loading:
            self._read_in_background(self._loading)

    def _read_in_background(self, run_id: int) -> None:
        assert self._jobs is not None
        self._reading = run_id
        factory = self._store_factory

        def read() -> RunPage:  # on a pool thread, with its own store
            store = factory()
            try:
                return read_run_page(store, run_id)
            finally:
                store.close()

        self._jobs.submit(read, self._run_page_read, lambda exc: self._run_page_failed(run_id, exc))

    def _run_page_read(self, page: RunPage) -> None:
        if self._reading == page.run_id:
            self._reading = None
        if page.run_id == self._loading and page.run_id == self._selected_run:
            self._loading = None
            self._show_page(page)

    def _run_page_failed(self, run_id: int, exc: BaseException) -> None:
        if self._reading == run_id:
            self._reading = None
        if run_id != self._loading:
            return
        self._loading = None
        self.entries_label.setText(self.tr("The run could not be read."))
        self._report(str(exc), error=True)

    def _show_page(self, page: RunPage) -> None:
        self.entries_model.set_records(page.entries)
        self.entries_label.setText(page.label)
        self.tabs.setCurrentIndex(0)
        self.run_shown.emit(page.run_id)

    @Slot(str)
    def show_contact(self, address: str) -> None:
        """Every decision about one address across runs, newest first (R15)."""
        address = address.strip()
        if not address:
            return
        key = try_normalise_email(address) or address_key(address)
        if self.contact_edit.text().strip() != address:
            self.contact_edit.setText(address)
        try:
            with self._store() as store:
                history = store.contact_history(key)
                answers = store.answers(key)  # R24: every answer a person gave for this address
        except StoreError as exc:
            self._report(str(exc), error=True)
            return
        entries = [entry_from_decision(d) for d in history] + [entry_from_answer(a) for a in answers]
        entries.sort(key=lambda e: e.when or datetime.min.replace(tzinfo=timezone.utc), reverse=True)
        self.contact_model.set_records(entries)
        self._contact_shown = key
        self.report_button.setEnabled(True)
        if history:
            runs = len({d.run_id for d in history})
            decisions = plural(len(history), self.tr("{n} decision"), self.tr("{n} decisions"))
            in_runs = plural(runs, self.tr("in {n} run"), self.tr("in {n} runs"))
            self.contact_label.setText(self.tr("{address}: {decisions} {runs}, newest first.").format(
                address=key, decisions=decisions, runs=in_runs))
        else:
            self.contact_label.setText(self.tr("{address}: no decisions recorded. Either no run has seen this address, "
                                               "or both systems have always agreed on it.").format(address=key))
        self.tabs.setCurrentIndex(1)

    @Slot()
    def export_audit_trail(self) -> Path | None:
        """Ask where, then write the audit trail (R15): an Excel workbook, or CSV for scripts. Returns the path, or None.

        The workbook (issue 14) holds every applied change, one row each, dates in the user's time zone, a frozen
        header with filters, and the sends' recipients on a second sheet. As CSV (UTF-8 with a byte-order mark),
        the sends' recipients go beside it in `<name>-sends.csv` (issue 4): who was excluded and why, what the
        send-time sync changed, and the run that checked them (the `run` column of both files)."""
        path = self.ask_export_path()
        if path is None:
            return None
        path = Path(path)
        if path.suffix.lower() == ".xlsx":
            return self._export_workbook(path)
        sends_path = sends_export_path(path)
        try:
            with self._store() as store:
                count = write_csv_file(path, store.export_csv)
                has_sends = bool(store.sends(limit=1))
                sends = write_csv_file(sends_path, store.export_sends_csv) if has_sends else 0
        except (OSError, StoreError) as exc:
            self._export_failed(path, exc)
            return None
        text = plural(count, self.tr("Exported {n} applied change to {path}"),
                      self.tr("Exported {n} applied changes to {path}")).format(path=path)
        if sends:
            text += self.tr("; the sends' recipients ({n} rows) to {path}").format(n=sends, path=sends_path)
        self._report(text)
        self.exported.emit(str(path), count)
        return path

    def _export_workbook(self, path: Path) -> Path | None:
        try:
            with self._store() as store:
                counts = write_workbook(store, path)
        except (OSError, StoreError) as exc:
            self._export_failed(path, exc)
            return None
        text = plural(counts.changes, self.tr("Exported {n} applied change to {path}"),
                      self.tr("Exported {n} applied changes to {path}")).format(path=path)
        if counts.recipients:
            text += self.tr(", with the sends' recipients ({n} rows) on their own sheet").format(
                n=i18n_number(counts.recipients))
        self._report(text)
        self.exported.emit(str(path), counts.changes)
        return path

    def _export_failed(self, path: Path, exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self._report(self.tr("The audit trail could not be written to {path}: {reason}").format(path=path, reason=reason),
                     error=True)

    def ask_export_path(self) -> Path | None:
        """The save dialog, behind one method so tests can replace it. A name without a suffix gets the chosen type's."""
        workbook = self.tr("Excel workbook (*.xlsx)")
        name, chosen = QFileDialog.getSaveFileName(self, self.tr("Export audit trail"),
                                                   str(Path.home() / "legal-basis-audit.xlsx"),
                                                   ";;".join((workbook, self.tr("CSV for scripts (*.csv)"))), workbook)
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".xlsx" if chosen == workbook else ".csv")
        return path

    @Slot()
    def save_contact_report(self) -> Path | None:
        """History → a contact → "Save report…": the contact's record as a PDF (issue 14). Returns the path, or None."""
        key = self._contact_shown
        if not key:
            return None
        path = self.ask_report_path(key)
        if path is None:
            return None
        try:
            with self._store() as store:
                report = build_contact_report(store, key)
            write_pdf(contact_report_html(report), Path(path), title=report_title(report))
        except (OSError, StoreError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._report(self.tr("The report could not be written to {path}: {reason}").format(path=path, reason=reason),
                         error=True)
            return None
        self._report(self.tr("Saved the record of {address} to {path}").format(address=key, path=path))
        self.report_saved.emit(str(path))
        return Path(path)

    def ask_report_path(self, address: str) -> Path | None:
        """The save dialog for a contact's report, behind one method so tests can replace it."""
        safe = "".join(c if c.isalnum() or c in "._-@" else "-" for c in address)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), str(Path.home() / f"legal-basis-{safe}.pdf"),
                                              self.tr("PDF files (*.pdf)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".pdf")

    def _show_entry(self, table: QTableView, pane: QLabel, current: QModelIndex) -> None:
        if not current.isValid():
            pane.setText(self.tr(ENTRY_HINT))
            return
        pane.setText(describe_entry(table.model().record_at(current.row())))

    def entry_details_text(self) -> str:
        return self.entry_details.text()

    def _focus_search(self) -> None:
        self.contact_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.contact_edit.selectAll()

    # ------------------------------------------------------------------ queries (tests)

    def selected_run(self) -> int | None:
        return self._selected_run

    def current_index(self) -> QModelIndex:
        return self.runs_table.currentIndex()


__all__ = ["HistoryView"]
