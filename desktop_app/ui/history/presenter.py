"""The History tab's presenter: which run is shown, reading the store, the contact's story, exports and reports (R15).

No widgets (STYLE practice 14, as settings/presenter.py): it opens a Store through the factory it was
given and closes it straight after (SQLite connections belong to one thread, and a panel holding one
open would pin it), reads a large run's lines on a background job when it has `jobs`, and tells its
passive view (history/view.py) what to show through `HistoryViewLike`. Tested without a window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ...domain.email import address_key, try_normalise_email
from ...domain.messages import message_text
from ...domain.model import RunStatus
from ...i18n import number, plural, translate
from ...report.contact import build_contact_report, contact_report_html, duplicates_setting
from ...report.contact import title as report_title
from ...report.pdf import write_pdf
from ...store import DecisionStatus, Store, StoreError
from ...store.workbook import write_csv_file, write_workbook
from .chart import ChartPoint
from .model import HistoryEntry, entry_from_answer, entry_from_decision, entry_from_error

RUN_LIMIT = 500
LARGE_RUN = 2_000  # changes + conflicts + errors above which a run's lines are read off the GUI thread


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
        changes = plural(
            writes,
            translate("HistoryView", "{n} change would be written (preview)"),
            translate("HistoryView", "{n} changes would be written (preview)"),
        )
    else:
        # Only what landed is "written": a held (R24) or flapping (R25) decision waits for a person, and a failed,
        # superseded or unanswered write did not change the target (R15: the label must not say more than happened).
        statuses = [d.status for d in decisions if d.target is not None]
        written = sum(1 for s in statuses if s is DecisionStatus.APPLIED)
        waiting = sum(1 for s in statuses if s in (DecisionStatus.HELD, DecisionStatus.FLAPPING))
        unconfirmed = sum(1 for s in statuses if s is DecisionStatus.UNCONFIRMED)  # maybe written: not "not written"
        changes = plural(
            written, translate("HistoryView", "{n} change written"), translate("HistoryView", "{n} changes written")
        )
        if waiting:
            changes += ", " + translate("HistoryView", "{n} waiting for a person").replace("{n}", number(waiting))
        if unconfirmed:
            changes += ", " + plural(
                unconfirmed,
                translate("HistoryView", "{n} change not confirmed"),
                translate("HistoryView", "{n} changes not confirmed"),
            )
        if writes - written - waiting - unconfirmed:
            changes += ", " + plural(
                writes - written - waiting - unconfirmed,
                translate("HistoryView", "{n} change not written"),
                translate("HistoryView", "{n} changes not written"),
            )
    label = translate("HistoryView", "Run {id}: {changes}, {errors}").format(
        id=run_id,
        changes=changes,
        errors=plural(len(errors), translate("HistoryView", "{n} error"), translate("HistoryView", "{n} errors")),
    )
    agreed = len(decisions) - writes
    if agreed:
        label += ", " + plural(
            agreed,
            translate("HistoryView", "{n} agreement recorded"),
            translate("HistoryView", "{n} agreements recorded"),
        )
    if run is not None and run.message:
        label += f". {message_text(run.said, run.message)}"
    if not entries:  # after a run's message that ends its sentence, no second full stop
        label = label.removesuffix(".") + translate(
            "HistoryView", ". Nothing to list: every contact was already in step."
        )
    return RunPage(run_id, entries, label)


def sends_export_path(path: Path) -> Path:
    """Where the sends' audit trail goes beside the decisions' export: audit.csv -> audit-sends.csv."""
    return path.with_name(f"{path.stem}-sends{path.suffix or '.csv'}")


class HistoryViewLike(Protocol):
    """What the presenter asks of the History tab, in intent-level terms."""

    def show_runs(self, runs: Sequence[Any], points: Sequence[ChartPoint]) -> None: ...
    def mark_run(self, run_id: int | None) -> None: ...  # select it in the table and the chart
    def show_run_lines(self, entries: Sequence[HistoryEntry], label: str) -> None: ...
    def run_lines_shown(self, run_id: int) -> None: ...  # the view announces it (`run_shown`)
    def show_contact_lines(self, entries: Sequence[HistoryEntry], label: str) -> None: ...
    def report(self, text: str, error: bool = False) -> None: ...
    def ask_export_path(self) -> Path | None: ...
    def ask_report_path(self, address: str) -> Path | None: ...
    def announce_export(self, path: str, rows: int) -> None: ...  # the view's `exported` signal
    def announce_report(self, path: str) -> None: ...  # the view's `report_saved` signal
    def is_shown(self) -> bool: ...


class Jobs(Protocol):
    def submit(
        self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> Any: ...


class HistoryPresenter:
    """Holds which run and which contact are shown; reads the store only when asked."""

    def __init__(
        self,
        view: HistoryViewLike,
        store_factory: Callable[[], Store],
        *,
        jobs: Jobs | None = None,
        config: Callable[[], object] | None = None,
    ) -> None:
        self.view = view
        self.store_factory = store_factory
        self.jobs = jobs  # None: every run is read on the GUI thread
        self._config = config  # the current settings, for R9's wording in a contact's report; None: not known
        self.runs: list = []
        self.selected_run: int | None = None
        self.loading: int | None = None  # the large run to show, read in the background
        self.reading: int | None = None  # the run a background read is going for
        self.contact_shown: str | None = None  # the address whose history is shown: "Save report…" is about it
        self.error_shown = False

    @contextmanager
    def _store(self) -> Iterator[Store]:
        store = self.store_factory()
        try:
            yield store
        finally:
            store.close()

    def _report(self, text: str, error: bool = False) -> None:
        self.error_shown = error
        self.view.report(text, error)

    # ------------------------------------------------------------------ runs

    def refresh(self, select: int | None = None) -> None:
        """Read the runs again and show `select` (the run just made) if listed, else keep the selected run (or the
        newest). One read of the run's lines, not two (refresh, then select): a large run's take a second."""
        try:
            with self._store() as store:
                runs = store.runs(limit=RUN_LIMIT)
        except StoreError as exc:
            self._report(str(exc), error=True)
            return
        keep = select if select is not None else self.selected_run
        self.runs = list(runs)
        self.view.show_runs(
            runs, [ChartPoint(r.id, r.started_at, r.changes, r.errors, r.dry_run, r.status.value) for r in runs]
        )
        if self.error_shown:
            self._report("")
        if not runs:
            self.selected_run = None
            self._show_run(None)
            return
        ids = {r.id for r in runs}
        self.select_run(keep if keep is not None and keep in ids else runs[0].id, force=True)

    def select_run(self, run_id: int, force: bool = False) -> None:
        """The chart, the table or the window picked a run; a click on the shown one does nothing."""
        if run_id not in {r.id for r in self.runs}:
            return
        if run_id == self.selected_run and not force:
            return
        self.selected_run = run_id
        self.view.mark_run(run_id)
        self._show_run(run_id)

    def _run(self, run_id: int):
        return next((r for r in self.runs if r.id == run_id), None)

    def _is_large(self, run_id: int) -> bool:
        run = self._run(run_id)
        if run is None:
            return False
        # A run still going has not counted its changes yet: it may be large.
        return run.status is RunStatus.RUNNING or run.changes + run.conflicts + run.errors > LARGE_RUN

    def _show_run(self, run_id: int | None) -> None:
        self.loading = None
        if run_id is None:
            self.view.mark_run(None)
            self.view.show_run_lines((), translate("HistoryView", "Select a run to see what it changed and why."))
            return
        if self.jobs is not None and self._is_large(run_id):
            self.loading = run_id
            self.view.show_run_lines((), translate("HistoryView", "Reading run {id}…").format(id=run_id))
            if self.view.is_shown():
                self._read_in_background(run_id)
            # Else once the view is shown (`shown()`): nobody looks meanwhile, and the read would only compete with
            # whatever the window is doing for the interpreter lock.
            return
        try:
            with self._store() as store:
                page = read_run_page(store, run_id)
        except StoreError as exc:
            self._report(str(exc), error=True)
            return
        self._show_page(page)

    def shown(self) -> None:
        """The view became visible: read the large run it is waiting for."""
        if self.loading is not None and self.reading != self.loading:
            self._read_in_background(self.loading)

    def _read_in_background(self, run_id: int) -> None:
        assert self.jobs is not None
        self.reading = run_id
        factory = self.store_factory

        def read() -> RunPage:  # on a pool thread, with its own store
            store = factory()
            try:
                return read_run_page(store, run_id)
            finally:
                store.close()

        self.jobs.submit(read, self._run_page_read, lambda exc: self._run_page_failed(run_id, exc))

    def _run_page_read(self, page: RunPage) -> None:
        if self.reading == page.run_id:
            self.reading = None
        if page.run_id == self.loading and page.run_id == self.selected_run:
            self.loading = None
            self._show_page(page)

    def _run_page_failed(self, run_id: int, exc: BaseException) -> None:
        if self.reading == run_id:
            self.reading = None
        if run_id != self.loading:
            return
        self.loading = None
        self.view.show_run_lines((), translate("HistoryView", "The run could not be read."))
        self._report(str(exc), error=True)

    def _show_page(self, page: RunPage) -> None:
        self.view.show_run_lines(page.entries, page.label)
        self.view.run_lines_shown(page.run_id)

    # ------------------------------------------------------------------ one contact

    def show_contact(self, address: str) -> bool:
        """Every decision about one address across runs, newest first (R15). False: nothing to look up or unread."""
        address = address.strip()
        if not address:
            return False
        key = try_normalise_email(address) or address_key(address)
        try:
            with self._store() as store:
                history = store.contact_history(key)
                answers = store.answers(key)  # R24: every answer a person gave for this address
        except StoreError as exc:
            self._report(str(exc), error=True)
            return False
        entries = [entry_from_decision(d) for d in history] + [entry_from_answer(a) for a in answers]
        entries.sort(key=lambda e: e.when or datetime.min.replace(tzinfo=timezone.utc), reverse=True)
        self.contact_shown = key
        if history:
            runs = len({d.run_id for d in history})
            decisions = plural(
                len(history), translate("HistoryView", "{n} decision"), translate("HistoryView", "{n} decisions")
            )
            in_runs = plural(runs, translate("HistoryView", "in {n} run"), translate("HistoryView", "in {n} runs"))
            label = translate("HistoryView", "{address}: {decisions} {runs}, newest first.").format(
                address=key, decisions=decisions, runs=in_runs
            )
        else:
            label = translate(
                "HistoryView",
                "{address}: no decisions recorded. Either no run has seen this address, "
                "or both systems have always agreed on it.",
            ).format(address=key)
        self.view.show_contact_lines(entries, label)
        return True

    # ------------------------------------------------------------------ files

    def export_audit_trail(self) -> Path | None:
        """Ask where, then write the audit trail (R15): an Excel workbook, or CSV for scripts. Returns the path, or None.

        The workbook (issue 14) holds every applied change and every write that may have landed, one row each, dates
        in the user's time zone, a frozen header with filters, and the sends' recipients on a second sheet. As CSV
        (UTF-8 with a byte-order mark), the sends' recipients go beside it in `<name>-sends.csv` (issue 4): who was
        excluded and why, what the send-time sync changed, and the run that checked them (the `run` column of both
        files)."""
        path = self.view.ask_export_path()
        if path is None:
            return None
        path = Path(path)
        if path.suffix.lower() == ".xlsx":
            return self._export_workbook(path)
        sends_path = sends_export_path(path)
        counts: dict[str, int] = {}
        sends = 0
        try:
            with self._store() as store:
                write_csv_file(path, partial(store.export_csv, counts=counts))
                try:
                    if store.sends(limit=1):
                        sends = write_csv_file(sends_path, store.export_sends_csv)
                except (OSError, StoreError) as exc:  # the audit trail is written: the sends' file is what failed
                    self._report(
                        translate(
                            "HistoryView",
                            "The audit trail was written to {path}, but the sends' recipients could not be "
                            "written to {sends_path}: {reason}",
                        ).format(path=path, sends_path=sends_path, reason=_reason(exc)),
                        error=True,
                    )
                    return path
        except (OSError, StoreError) as exc:
            self._export_failed(path, exc)
            return None
        text = _exported(path, counts["changes"], counts["unconfirmed"], counts["answers"])
        if sends:
            text += translate("HistoryView", "; the sends' recipients ({n} rows) to {path}").format(
                n=sends, path=sends_path
            )
        self._report(text)
        self.view.announce_export(str(path), counts["changes"])
        return path

    def _export_workbook(self, path: Path) -> Path | None:
        try:
            with self._store() as store:
                counts = write_workbook(store, path)
        except (OSError, StoreError) as exc:
            self._export_failed(path, exc)
            return None
        text = _exported(path, counts.changes, counts.unconfirmed, counts.answers)
        if counts.recipients:
            text += translate("HistoryView", ", with the sends' recipients ({n} rows) on their own sheet").format(
                n=number(counts.recipients)
            )
        self._report(text)
        self.view.announce_export(str(path), counts.changes)
        return path

    def _export_failed(self, path: Path, exc: Exception) -> None:
        self._report(
            translate("HistoryView", "The audit trail could not be written to {path}: {reason}").format(
                path=path, reason=_reason(exc)
            ),
            error=True,
        )

    def save_contact_report(self) -> Path | None:
        """History → a contact → "Save report…": the contact's record as a PDF (issue 14). Returns the path, or None."""
        key = self.contact_shown
        if not key:
            return None
        path = self.view.ask_report_path(key)
        if path is None:
            return None
        try:
            with self._store() as store:
                report = build_contact_report(
                    store, key, duplicates=duplicates_setting(self._config()) if self._config else None
                )
            write_pdf(contact_report_html(report), Path(path), title=report_title(report))
        except (OSError, StoreError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._report(
                translate("HistoryView", "The report could not be written to {path}: {reason}").format(
                    path=path, reason=reason
                ),
                error=True,
            )
            return None
        self._report(translate("HistoryView", "Saved the record of {address} to {path}").format(address=key, path=path))
        self.view.announce_report(str(path))
        return Path(path)


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _exported(path: Path, changes: int, unconfirmed: int, answers: int) -> str:
    """ "Exported 2 applied changes to audit.csv", then the writes that may have landed and R24's answers when there
    are any: the rows of the file, each kind counted as what it is (an answer is no applied change)."""
    text = plural(
        changes - unconfirmed,
        translate("HistoryView", "Exported {n} applied change to {path}"),
        translate("HistoryView", "Exported {n} applied changes to {path}"),
    ).format(path=path)
    if unconfirmed:
        text += plural(
            unconfirmed,
            translate("HistoryView", ", {n} write that may have landed (status unconfirmed)"),
            translate("HistoryView", ", {n} writes that may have landed (status unconfirmed)"),
        )
    if answers:
        text += plural(
            answers,
            translate("HistoryView", ", {n} answer about a held change (R24)"),
            translate("HistoryView", ", {n} answers about held changes (R24)"),
        )
    return text


__all__ = ["HistoryPresenter", "HistoryViewLike", "RunPage", "read_run_page", "sends_export_path"]
