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

from ..domain.email import try_normalise_email
from ..domain.model import RunStatus
from ..store import Store, StoreError
from .background import BackgroundJobs
from .chart import ChartPoint, RunChart
from .history_model import (
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
    entry_from_decision,
    entry_from_error,
)

RUN_LIMIT = 500
LARGE_RUN = 2_000  # changes + conflicts + errors above which a run's lines are read off the GUI thread
ENTRY_HINT = "Select a line to read it in full: both sides' values then, the status and why."

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
    what = "would be written (dry run)" if run is not None and run.dry_run else "written"
    label = f"Run {run_id}: {writes:,} change{'s' if writes != 1 else ''} {what}, " \
            f"{len(errors):,} error{'s' if len(errors) != 1 else ''}"
    agreed = len(decisions) - writes
    if agreed:
        label += f", {agreed:,} agreement{'s' if agreed != 1 else ''} recorded"
    if run is not None and run.message:
        label += f". {run.message}"
    if not entries:
        label += ". Nothing to list: every contact was already in step."
    return RunPage(run_id, entries, label)


def _details_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2 + 6)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setText(ENTRY_HINT)
    return label


class HistoryView(QWidget):
    """Runs (newest first) under a chart of changes and errors; a run's decisions and errors; a contact's history.

    Slots: `refresh()` (re-read the runs), `select_run(run_id)`, `show_contact(address)`, `export_audit_trail()`.
    Signals: `exported(path, rows)` after a CSV export; `run_shown(run_id)` once a run's lines are in the table
    (at once for a small run, later for a large one read in the background).
    """

    exported = Signal(str, int)
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
        self._build()
        self._connect()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the history again")
        self.export_button = QPushButton("Export audit trail…")
        self.export_button.setToolTip("Save every applied change, with both sides' values, times, winner and rule, "
                                      "as a CSV file (R15)")
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("Type an address and press Enter…")
        self.contact_edit.setClearButtonEnabled(True)
        self.contact_edit.setToolTip("Every decision about one address, across all runs (Ctrl+F)")
        self.contact_edit.setMinimumWidth(320)
        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.refresh_button)
        toolbar.addWidget(self.export_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.status_label, 1)
        contact_caption = QLabel("Contact history:")
        contact_caption.setBuddy(self.contact_edit)
        toolbar.addWidget(contact_caption)
        toolbar.addWidget(self.contact_edit)

        self.chart = RunChart()
        self.chart.setToolTip("")

        self.runs_table = _table(self.runs_model, _RUN_SAMPLES, RUN_ID, Qt.SortOrder.DescendingOrder)
        self.runs_empty = QLabel("No runs yet. A run appears here as soon as a sync or a preview starts.")

        self.entries_table = _table(self.entries_model, _ENTRY_SAMPLES)
        for column in (ENTRY_RUN, ENTRY_WHEN, *_ENTRY_HIDDEN):  # one run: its number and time would repeat
            self.entries_table.setColumnHidden(column, True)
        self.entries_label = QLabel("Select a run to see what it changed and why.")
        self.entries_label.setWordWrap(True)
        self.entry_details = _details_label()
        run_page = QWidget()
        run_layout = QVBoxLayout(run_page)
        run_layout.setContentsMargins(0, 4, 0, 0)
        run_layout.addWidget(self.entries_label)
        run_layout.addWidget(self.entries_table, 1)
        run_layout.addWidget(self.entry_details)

        self.contact_table = _table(self.contact_model, _ENTRY_SAMPLES)
        for column in (ENTRY_EMAIL, *_ENTRY_HIDDEN):  # one address: shown in the label
            self.contact_table.setColumnHidden(column, True)
        self.contact_label = QLabel("Type an address in the box above and press Enter to see its full history.")
        self.contact_label.setWordWrap(True)
        self.contact_details = _details_label()
        contact_page = QWidget()
        contact_layout = QVBoxLayout(contact_page)
        contact_layout.setContentsMargins(0, 4, 0, 0)
        contact_layout.addWidget(self.contact_label)
        contact_layout.addWidget(self.contact_table, 1)
        contact_layout.addWidget(self.contact_details)

        self.tabs = QTabWidget()
        self.tabs.addTab(run_page, "Selected run")
        self.tabs.addTab(contact_page, "Contact history")

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
        self.contact_edit.returnPressed.connect(lambda: self.show_contact(self.contact_edit.text()))
        self.search_shortcut.activated.connect(self._focus_search)
        self.runs_table.selectionModel().selectionChanged.connect(self._run_selection_changed)
        self.chart.run_clicked.connect(self.select_run)
        for table, pane in ((self.entries_table, self.entry_details), (self.contact_table, self.contact_details)):
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, table=table, pane=pane: self._show_entry(table, pane, current))
            table.model().modelReset.connect(lambda pane=pane: pane.setText(ENTRY_HINT))

    @contextmanager
    def _store(self) -> Iterator[Store]:
        store = self._store_factory()
        try:
            yield store
        finally:
            store.close()

    def _report(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet("color: #a61b1b;" if error else "")
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
            self.entries_label.setText("Select a run to see what it changed and why.")
            return
        if self._jobs is not None and self._is_large(run_id):
            self._loading = run_id
            self.entries_model.set_records(())
            self.entries_label.setText(f"Reading run {run_id}…")
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
        self.entries_label.setText("The run could not be read.")
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
        key = try_normalise_email(address) or address.casefold()
        if self.contact_edit.text().strip() != address:
            self.contact_edit.setText(address)
        try:
            with self._store() as store:
                history = store.contact_history(key)
        except StoreError as exc:
            self._report(str(exc), error=True)
            return
        self.contact_model.set_records([entry_from_decision(d) for d in history])
        if history:
            runs = len({d.run_id for d in history})
            self.contact_label.setText(f"{key}: {len(history):,} decision{'s' if len(history) != 1 else ''} "
                                       f"in {runs:,} run{'s' if runs != 1 else ''}, newest first.")
        else:
            self.contact_label.setText(f"{key}: no decisions recorded. Either no run has seen this address, "
                                       "or both systems have always agreed on it.")
        self.tabs.setCurrentIndex(1)

    @Slot()
    def export_audit_trail(self) -> Path | None:
        """Ask where, then write every applied change as CSV (R15). Returns the path written, or None."""
        path = self.ask_export_path()
        if path is None:
            return None
        try:
            with self._store() as store, open(path, "w", newline="", encoding="utf-8") as out:
                count = store.export_csv(out)
        except (OSError, StoreError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._report(f"The audit trail could not be written to {path}: {reason}", error=True)
            return None
        self._report(f"Exported {count:,} applied change{'s' if count != 1 else ''} to {path}")
        self.exported.emit(str(path), count)
        return Path(path)

    def ask_export_path(self) -> Path | None:
        """The save dialog, behind one method so tests can replace it."""
        name, _ = QFileDialog.getSaveFileName(self, "Export audit trail", str(Path.home() / "legal-basis-audit.csv"),
                                              "CSV files (*.csv);;All files (*)")
        return Path(name) if name else None

    def _show_entry(self, table: QTableView, pane: QLabel, current: QModelIndex) -> None:
        if not current.isValid():
            pane.setText(ENTRY_HINT)
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


def demo_render(out_dir: Path, contacts: int = 300, seed: int = 7, size: tuple[int, int] = (1280, 800)) -> Path:
    """Render the view after a few real runs against the simulators to `out_dir/history_view.png`.

    Needs a QApplication. Used for docs/screens (tools/render_screens.py).
    """
    import tempfile

    from .conflict_view import demo_world

    with tempfile.TemporaryDirectory() as tmp, demo_world(Path(tmp), contacts, seed, runs=True) as world:
        view = HistoryView(lambda: Store.open(world.data_dir))
        view.resize(*size)
        view.refresh()
        address = world.interesting_address
        if address:
            view.show_contact(address)
            view.tabs.setCurrentIndex(0)
        view.entries_table.selectRow(0)
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "history_view.png"
        view.grab().save(str(path))
        view.deleteLater()
    return path


__all__ = ["HistoryView", "demo_render"]
