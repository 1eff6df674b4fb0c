"""The Conflicts tab's presenter (issue 13 pt 1), without a window: a fake view records what it is told to show."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from test_ui_conflict import NOW, make_details

from desktop_app.domain.model import Purpose
from desktop_app.domain.review import Action, count_rows, review_rows
from desktop_app.ui.conflicts.presenter import ConflictsPresenter, one_system_only, summarise


class FakeView:
    """ConflictsViewLike, recording; the selection is whatever the test puts in `selection`."""

    def __init__(self) -> None:
        self.table = None
        self.summary: tuple[str | None, str] = (None, "")
        self.held_bar: str | None = None
        self.banner: str | None = None
        self.flapping: tuple[str | None, list] = (None, [])
        self.counts: tuple[str, bool] = ("", False)
        self.enabled: dict[str, bool] = {}
        self.only: tuple[str | None, str] | None = None
        self.selection: list = []
        self.asked: list = []

    def show_table(self, table) -> None:
        self.table = table

    def show_summary_line(self, text, tooltip="") -> None:
        self.summary = (text, tooltip)

    def show_held_bar(self, text) -> None:
        self.held_bar = text

    def show_held_run_banner(self, text) -> None:
        self.banner = text

    def show_flapping_list(self, sentence, items) -> None:
        self.flapping = (sentence, list(items))

    def show_counts(self, text, no_match) -> None:
        self.counts = (text, no_match)

    def enable(self, **states) -> None:
        self.enabled = states

    def show_only(self, filter_key, search="") -> None:
        self.only = (filter_key, search)

    def row_counts(self) -> tuple[int, int]:
        total = self.table.total if self.table is not None else 0
        return total, total

    def has_selection(self) -> bool:
        return bool(self.selection)

    def held_selected(self) -> bool:
        return any(r.is_held for r in self.selection)

    def selected_rows(self) -> list:
        return list(self.selection)

    def ask_sync(self, addresses) -> None:
        self.asked.append(("sync", addresses))

    def ask_answer(self, kind, keys) -> None:
        self.asked.append((kind, keys))

    def ask_apply_held(self, run_id) -> None:
        self.asked.append(("apply", run_id))

    def ask_discard_held(self, run_id) -> None:
        self.asked.append(("discard", run_id))


@pytest.fixture
def rows():
    return review_rows(make_details())


@pytest.fixture
def held_rows(rows):
    """Two decisions held for a person (R24), as a preview with holds shows them."""
    return [
        r._replace(action=Action.HELD, is_held=True)
        if r.email in ("anna@alpha.se", "bertil@beta.se") and r.purpose is Purpose.STORE
        else r
        for r in rows
    ]


def test_a_preview_shows_its_table_summary_counts_and_buttons(rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.filters_changed()  # the view's first call, once its signals are connected
    assert view.counts == ("", False) and view.enabled["filters"] is False  # empty: nothing to filter
    presenter.show_rows(rows, when=NOW)
    assert view.table is not None and view.table.total == len(rows)
    assert view.summary == (summarise(rows, NOW), one_system_only(rows))
    assert view.counts == (f"{len(rows)} of {len(rows)} rows", False)
    assert view.enabled == {"preview": True, "sync": False, "answer": False, "held_run": False, "filters": True}
    assert view.held_bar is None  # nothing held


def test_held_rows_are_announced_and_only_they_are_answered(held_rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.show_rows(held_rows)
    assert count_rows(held_rows).held == 2 and view.held_bar.startswith("2 decisions are held")
    view.selection = [r for r in held_rows if r.is_held] + [held_rows[0], held_rows[0]]
    presenter.update_actions()
    assert view.enabled["answer"] and view.enabled["sync"]
    presenter.answer("approve")
    kind, keys = view.asked[-1]
    assert kind == "approve" and [k[:2] for k in keys] == list(
        dict.fromkeys((r.email, r.purpose.value) for r in held_rows if r.is_held)
    )
    presenter.sync_selected()  # every selected address once
    assert view.asked[-1] == ("sync", list(dict.fromkeys(r.email for r in view.selection)))


def test_busy_disables_preview_and_sync_and_says_why(rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.set_busy(True, "Comparing both systems…")
    assert view.summary[0] == "Comparing both systems…" and not view.enabled["preview"]
    presenter.set_busy(False)
    assert view.summary[0] is None and view.enabled["preview"]  # no rows yet: the line goes


def test_rows_shown_mid_run_leave_every_action_off_until_the_run_ends(rows):
    """R23: while "Apply these changes" ran, Home's "Review the changes" opened the held run's plan again, and its rows
    turned Apply, Discard, Preview and the answers back on mid-run (a Discard then was overwritten "applied" by the
    run). Rows arriving never end the busy state; only the worker's end does."""
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.set_busy(True)
    presenter.show_held_run(7, 12, rows)
    assert view.enabled == {"preview": False, "sync": False, "answer": False, "held_run": False, "filters": True}
    presenter.show_rows(rows)
    assert not view.enabled["preview"]
    presenter.set_busy(False)
    assert view.enabled["preview"]


def test_a_stale_preview_says_so_and_an_empty_view_does_not(rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.mark_stale(3, datetime(2026, 6, 1, 12, 5, tzinfo=timezone.utc))
    assert view.summary[0] is None
    presenter.show_rows(rows)
    presenter.mark_stale(3, None)
    assert view.summary[0].startswith("Out of date: a sync wrote 3 changes after this preview.")


def test_a_held_run_is_applied_or_discarded_by_its_id_until_cleared(rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    view.only = ("held", "")  # left on from an earlier visit: it hid all 551 rows of the plan ("0 of 551 rows")
    presenter.show_held_run(7, 12, rows)
    assert view.only == (None, "")
    assert view.banner.startswith("This sync was held by the mass-change brake: it would change 12 legal bases")
    assert view.enabled["held_run"]
    presenter.apply_held()
    presenter.discard_held()
    assert view.asked == [("apply", 7), ("discard", 7)]
    presenter.clear_held_run()
    presenter.apply_held()
    assert view.banner is None and not view.enabled["held_run"] and view.asked == [("apply", 7), ("discard", 7)]


def test_open_in_conflict_view_narrows_to_the_address_with_every_filter_off(rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    assert presenter.show_only("held") is False  # no rows yet: the window runs a preview
    presenter.show_rows_of(SimpleNamespace(review=None, details=make_details(), errors=()), "anna@alpha.se")
    assert view.only == (None, "anna@alpha.se") and view.table.total == len(rows)
    assert presenter.show_only("held") is True and view.only == ("held", "")


def test_a_summary_without_details_says_so_and_clear_goes_back_to_empty(rows):
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.show_summary(SimpleNamespace(review=None, details=None, errors=(), message=None))
    assert view.summary[0] == "The run kept no details to show."
    presenter.show_rows(rows)
    presenter.clear()
    assert view.table is None and view.summary[0] is None and view.counts == ("", False)


def test_flapping_pairs_are_worded_with_their_keys():
    view = FakeView()
    presenter = ConflictsPresenter(view)
    pair = SimpleNamespace(
        email="a@b.se", purpose=Purpose.MARKETING, writes_24h=4, values_seen=[{"new": "consent"}, {"new": None}]
    )
    presenter.show_flapping([pair])
    sentence, items = view.flapping
    assert sentence.startswith("1 contact keeps being changed back")
    assert items == [
        (
            "a@b.se — Marketing sendouts: written 4 times in 24 hours (Consent, —) and changed back each time",
            ("a@b.se", "marketing"),
        )
    ]
    presenter.show_flapping([])
    assert view.flapping == (None, [])


def test_a_full_temporary_folder_is_said_whether_the_worker_or_the_presenter_writes_the_rows(rows, monkeypatch):
    """The preview's rows go to a private file in the temporary folder; a full disk there is one sentence in the
    summary line (the run is recorded), from the worker's summary and when the presenter writes them itself."""
    from desktop_app.domain.messages import Message
    from desktop_app.store.errors import DiskFull
    from desktop_app.store.review_table import ReviewTable
    from desktop_app.sync import worker

    def full(*args, **kwargs):
        raise DiskFull(Message.of("preview_disk_full", where="/tmp"))

    @dataclasses.dataclass
    class Summary:  # RunSummary's fields with_review reads and replaces
        details: object
        errors: tuple = ()
        review: object = None

    monkeypatch.setattr(ReviewTable, "build", classmethod(lambda cls, *a, **k: full()))
    summary = worker.with_review(Summary(make_details()))
    assert summary.details is None and summary.review.table is None
    view = FakeView()
    presenter = ConflictsPresenter(view)
    presenter.show_summary(summary)
    expected = (
        "The conflict view could not be shown: the disk holding the temporary folder /tmp is full. Free some space "
        "and preview again; the run itself is recorded."
    )
    assert view.summary[0] == expected and view.table is None
    presenter.show_rows(rows)
    assert view.summary[0] == expected and view.table is None and presenter.busy is False
