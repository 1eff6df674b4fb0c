"""The History tab's presenter (issue 13 pt 1), without a window: a fake view and a real store in a temporary folder."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.domain.model import ContactError, Purpose, RunMode, RunStatus, System, Trigger
from desktop_app.store import Store, StoreError
from desktop_app.ui.history import presenter as history_presenter
from desktop_app.ui.history.presenter import HistoryPresenter

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


class FakeView:
    """Records what the presenter asked to show (HistoryViewLike)."""

    def __init__(self) -> None:
        self.runs: list = []
        self.points: list = []
        self.marked: int | None = None
        self.lines: tuple[list, str] = ([], "")
        self.contact: tuple[list, str] = ([], "")
        self.reports: list[tuple[str, bool]] = []
        self.announced: list = []
        self.export_to: Path | None = None
        self.shown = True

    def show_runs(self, runs, points) -> None:
        self.runs, self.points = list(runs), list(points)

    def mark_run(self, run_id) -> None:
        self.marked = run_id

    def show_run_lines(self, entries, label) -> None:
        self.lines = (list(entries), label)

    def run_lines_shown(self, run_id) -> None:
        self.announced.append(("run", run_id))

    def show_contact_lines(self, entries, label) -> None:
        self.contact = (list(entries), label)

    def report(self, text, error=False) -> None:
        self.reports.append((text, error))

    def ask_export_path(self):
        return self.export_to

    def ask_report_path(self, address):
        return None

    def announce_export(self, path, rows) -> None:
        self.announced.append(("export", path, rows))

    def announce_report(self, path) -> None:
        self.announced.append(("report", path))

    def is_shown(self) -> bool:
        return self.shown


class QueuedJobs:
    """Background jobs run when the test says so."""

    def __init__(self) -> None:
        self.queue: list = []

    def submit(self, work, done, failed) -> None:
        self.queue.append((work, done, failed))

    def run_all(self) -> None:
        while self.queue:
            work, done, _failed = self.queue.pop(0)
            done(work())


@pytest.fixture
def data_dir(tmp_path) -> Path:
    store = Store.open(tmp_path)
    for minutes, errors in ((0, 0), (1, 2)):
        run = store.start_run(Trigger.MANUAL, RunMode.FULL, False, started_at=T0 + timedelta(minutes=minutes))
        store.record_errors(
            run,
            [
                ContactError(f"bad{i}@example.se", Purpose.STORE, "not an address", System.SUPEROFFICE)
                for i in range(errors)
            ],
        )
        store.finish_run(run, RunStatus.DONE, errors=errors, ended_at=T0 + timedelta(minutes=minutes, seconds=3))
    store.close()
    return tmp_path


def test_refresh_shows_the_runs_and_the_newest_runs_lines(data_dir):
    view = FakeView()
    presenter = HistoryPresenter(view, lambda: Store.open(data_dir))
    presenter.refresh()
    assert [r.id for r in view.runs] == [2, 1]
    assert [p.run_id for p in view.points] == [2, 1] and view.points[0].errors == 2
    assert presenter.selected_run == 2 and view.marked == 2
    entries, label = view.lines
    assert len(entries) == 2 and label.startswith("Run 2: 0 changes written, 2 errors")
    assert ("run", 2) in view.announced


def test_selecting_a_run_reads_it_once_and_an_unknown_run_is_ignored(data_dir):
    view = FakeView()
    presenter = HistoryPresenter(view, lambda: Store.open(data_dir))
    presenter.refresh()
    presenter.select_run(1)
    assert view.marked == 1 and view.lines[1].startswith("Run 1:") and "Nothing to list" in view.lines[1]
    view.lines = ([], "untouched")
    presenter.select_run(1)  # already shown
    presenter.select_run(99)  # not listed
    assert view.lines == ([], "untouched") and presenter.selected_run == 1
    presenter.refresh(select=2)  # the run just made
    assert presenter.selected_run == 2


def test_a_large_run_is_read_in_the_background_once_the_view_is_shown(data_dir, monkeypatch):
    monkeypatch.setattr(history_presenter, "LARGE_RUN", 0)  # every run with a line counts as large
    view = FakeView()
    view.shown = False
    jobs = QueuedJobs()
    presenter = HistoryPresenter(view, lambda: Store.open(data_dir), jobs=jobs)
    presenter.refresh()
    assert view.lines == ([], "Reading run 2…") and not jobs.queue  # nobody looks yet
    presenter.shown()
    assert len(jobs.queue) == 1
    presenter.shown()  # already reading: not twice
    assert len(jobs.queue) == 1
    jobs.run_all()
    assert len(view.lines[0]) == 2 and ("run", 2) in view.announced


def test_a_contact_with_no_decisions_says_why_and_a_blank_search_does_nothing(data_dir):
    view = FakeView()
    presenter = HistoryPresenter(view, lambda: Store.open(data_dir))
    assert not presenter.show_contact("   ")
    assert presenter.show_contact(" Nobody@Example.se ")
    entries, label = view.contact
    assert entries == [] and label.startswith("nobody@example.se: no decisions recorded")
    assert presenter.contact_shown == "nobody@example.se"


def test_export_writes_the_csv_and_says_where_and_a_cancelled_dialog_writes_nothing(data_dir, tmp_path):
    view = FakeView()
    presenter = HistoryPresenter(view, lambda: Store.open(data_dir))
    assert presenter.export_audit_trail() is None and view.reports == []
    view.export_to = tmp_path / "audit.csv"
    assert presenter.export_audit_trail() == view.export_to
    assert view.export_to.exists()
    text, error = view.reports[-1]
    assert not error and "Exported 0 applied changes to" in text
    assert view.announced[-1] == ("export", str(view.export_to), 0)


def test_an_unreadable_store_is_reported_not_raised():
    view = FakeView()

    def broken() -> Store:
        raise StoreError("The history database could not be opened.")

    presenter = HistoryPresenter(view, broken)
    presenter.refresh()
    assert view.reports == [("The history database could not be opened.", True)]
    assert view.runs == []


@pytest.mark.parametrize(("setting", "expected"), [("all", "ALL"), ("oldest", "OLDEST"), ("bogus", None)])
def test_a_contacts_report_is_told_r9_as_set_now(data_dir, tmp_path, monkeypatch, setting, expected):
    """R9: the report says which duplicate is synced, so the presenter hands it the current setting."""
    from types import SimpleNamespace

    from desktop_app.domain.model import DuplicatePolicy

    seen: dict = {}
    real = history_presenter.build_contact_report

    def spy(store, key, **kwargs):
        seen.update(kwargs)
        return real(store, key, **kwargs)

    monkeypatch.setattr(history_presenter, "build_contact_report", spy)
    view = FakeView()
    view.ask_report_path = lambda address: tmp_path / "r.pdf"
    presenter = HistoryPresenter(
        view, lambda: Store.open(data_dir), config=lambda: SimpleNamespace(duplicates_policy=setting)
    )
    presenter.contact_shown = "bad0@example.se"
    monkeypatch.setattr(history_presenter, "write_pdf", lambda html, path, title: 1)
    assert presenter.save_contact_report() == tmp_path / "r.pdf"
    assert seen["duplicates"] is (DuplicatePolicy[expected] if expected else None)


def test_a_runs_label_counts_as_written_only_what_landed(tmp_path):
    """R15/R24: a held or failed write is not a "change written" (the label said 68 written where 61 landed)."""
    from test_store import decision

    from desktop_app.store import DecisionStatus
    from desktop_app.ui.history.presenter import read_run_page

    with Store.open(tmp_path) as store:
        run = store.start_run(Trigger.MANUAL, RunMode.FULL, False, started_at=T0)
        for status, count in (
            (DecisionStatus.APPLIED, 3),
            (DecisionStatus.HELD, 2),
            (DecisionStatus.FAILED, 1),
            (DecisionStatus.UNCONFIRMED, 1),  # R18: may have landed; neither "written" nor "not written"
        ):
            store.record_decisions(run, [decision(f"{status.value}{i}@x.se") for i in range(count)], status)
        store.finish_run(run, RunStatus.DONE, ended_at=T0 + timedelta(seconds=3))
        label = read_run_page(store, run).label
    assert label.startswith(
        f"Run {run}: 3 changes written, 2 waiting for a person, 1 change not confirmed, 1 change not written, 0 errors"
    ), label
