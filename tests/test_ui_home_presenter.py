"""Home's presenter without a window (issue 13 pt 1): what Home says about the sync, the last run and the connections."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.config import CRM_ONSITE, resolve_config
from desktop_app.domain.model import System
from desktop_app.store import StoreError
from desktop_app.ui.home.presenter import HomePresenter

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


class FakeHome:
    def __init__(self) -> None:
        self.calls: dict = {}
        self.connections: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("show_"):
            return lambda *args, **kwargs: self.calls.__setitem__(name, (args, kwargs))
        raise AttributeError(name)

    def show_connection(self, state) -> None:
        self.connections[state.system] = state


def presenter(tmp_path, *, runs=(None, None, None), enabled=True, busy=False, **hooks):
    """A Home presenter on a fake view; `hooks` replace HomePresenter's defaults here (clock, read_health...)."""
    config = resolve_config(
        {
            "crm": CRM_ONSITE,
            "enabled": enabled,
            "superoffice_url": "http://127.0.0.1:1/api",
            "superoffice_user": "admin",
            "emarketeer_url": "http://127.0.0.1:2/api",
        },
        {},
        tmp_path,
    )

    def read():
        if isinstance(runs, Exception):
            raise runs
        return runs

    view = FakeHome()
    defaults = {
        "read_runs": read,
        "last_attempt": lambda: None,
        "busy": lambda: busy,
        "next_run_at": lambda: None,
        "clock": lambda: NOW,
    }
    return view, HomePresenter(view, config, **{**defaults, **hooks})


def test_a_fresh_install_shows_the_state_no_problem_and_the_buttons(tmp_path):
    view, home = presenter(tmp_path)
    home.refresh()
    assert view.calls["show_problem"][0] == (None,)
    assert view.calls["show_busy"][1] == {"can_sync": True, "can_preview": True, "sync_off_reason": None}
    assert set(view.connections) == set(System)


def test_a_store_that_cannot_be_read_is_said_in_one_sentence(tmp_path):
    view, home = presenter(tmp_path, runs=StoreError("The history database could not be read."))
    home.refresh()
    assert view.calls["show_problem"][0] == ("The history database could not be read.",)
    assert "show_last_run" not in view.calls


def test_r7_switched_off_the_sync_button_says_why(tmp_path):
    view, home = presenter(tmp_path, enabled=False)
    home.refresh()
    assert view.calls["show_busy"][1]["can_sync"] is False and view.calls["show_busy"][1]["sync_off_reason"]


def test_a_problem_stays_until_the_next_run_starts_and_a_test_updates_one_connection(tmp_path):
    view, home = presenter(tmp_path)
    home.say_problem("The eMarketeer API key is missing.")
    home.refresh()
    assert view.calls["show_problem"][0] == ("The eMarketeer API key is missing.",)
    home.run_starting()
    assert view.calls["show_problem"][0] == (None,) and home.last_failure is None
    home.connection_tested(System.EMARKETEER, True, "eMarketeer answered.")
    assert view.connections[System.EMARKETEER].ok is True


# ---------------------------------------------------------------- issue 14: the stale-sync alarm


def _run(run_id: int, status, ended: datetime):
    from desktop_app.domain.model import RunMode, Trigger
    from desktop_app.store import RunRecord

    return RunRecord(
        id=run_id,
        trigger=Trigger.SCHEDULED,
        mode=RunMode.INCREMENTAL,
        dry_run=False,
        only=(),
        started_at=ended,
        ended_at=ended,
        status=status,
        matched=1,
        unmatched_superoffice=0,
        unmatched_emarketeer=0,
        changes=0,
        conflicts=0,
        errors=0,
        message="eMarketeer could not be reached." if status.value == "failed" else None,
    )


def test_home_turns_red_when_no_sync_succeeded_within_the_window_and_the_tray_is_told_once(tmp_path):
    from datetime import timedelta

    from desktop_app.domain.model import RunStatus
    from desktop_app.sync.health import RunsSeen

    now = [NOW]
    seen = [RunsSeen(_run(1, RunStatus.DONE, NOW - timedelta(hours=7)), _run(2, RunStatus.FAILED, NOW))]
    told: list[str] = []
    view, home = presenter(tmp_path, clock=lambda: now[0], read_health=lambda: seen[0], stale_noticed=told.append)
    home.refresh()
    (text,), _ = view.calls["show_stale"]
    assert text.startswith("No sync has succeeded for 7 hours") and "eMarketeer could not be reached" in text
    assert home.stale and told == [text]
    for minutes in (1, 2, 3):  # every 30 s check: still red, but the tray is not told again
        now[0] = NOW + timedelta(minutes=minutes)
        home.tick()
        assert view.calls["show_stale"][0][0] is not None
    assert len(told) == 1
    seen[0] = RunsSeen(_run(3, RunStatus.DONE, now[0]), _run(3, RunStatus.DONE, now[0]))
    home.tick()
    assert view.calls["show_stale"][0] == (None,) and not home.stale
    seen[0] = RunsSeen(_run(3, RunStatus.DONE, now[0]), _run(4, RunStatus.FAILED, now[0]))
    now[0] += timedelta(hours=6, minutes=1)
    home.tick()
    assert len(told) == 2  # a new stale spell after a success: told again


def test_a_new_setup_that_has_not_run_yet_is_not_alarmed_and_a_sync_that_is_off_never_is(tmp_path):
    from desktop_app.sync.health import RunsSeen

    told: list[str] = []
    for enabled in (True, False):
        view, home = presenter(
            tmp_path, enabled=enabled, read_health=lambda: RunsSeen(None, None), stale_noticed=told.append
        )
        home.refresh()
        assert view.calls["show_stale"][0] == (None,) and not home.stale
    assert told == []


def test_a_sync_that_never_succeeded_is_alarmed_once_it_has_tried_for_longer_than_the_window(tmp_path):
    from datetime import timedelta

    from desktop_app.domain.model import RunStatus
    from desktop_app.sync.health import RunsSeen

    for first_hours_ago, alarmed in ((2, False), (7, True)):
        first = _run(1, RunStatus.FAILED, NOW - timedelta(hours=first_hours_ago))
        told: list[str] = []
        view, home = presenter(
            tmp_path,
            read_health=lambda first=first: RunsSeen(None, _run(2, RunStatus.FAILED, NOW), first),
            stale_noticed=told.append,
        )
        home.refresh()
        assert home.stale is alarmed and bool(told) is alarmed
        if alarmed:
            assert told[0].startswith("No sync has finished successfully yet; the latest run failed")


def test_in_step_counts_the_decisions_r24_holds(tmp_path):
    """Issue 13: a done sync with 7 withdrawals held for review is not "In step"; Home says what waits."""
    from desktop_app.domain.model import RunStatus

    held = [7]
    view, home = presenter(tmp_path, runs=(_run(1, RunStatus.DONE, NOW), None, None), read_held=lambda: held[0])
    home.refresh()
    (text, disagree), _ = view.calls["show_distance"]
    # Counted once, under "Waiting for you"; here only that the systems differ where decisions are held (R24).
    assert disagree and "In step" not in text and "held for review (R24)" in text and "7" not in text
    held[0] = 0
    home.refresh()
    (text, disagree), _ = view.calls["show_distance"]
    assert not disagree and text.startswith("In step at the last sync")


def test_a_stopped_runs_problem_line_says_stopped_once_and_the_last_run_box_does_not_repeat_it(tmp_path):
    from dataclasses import replace

    from desktop_app.domain.model import RunStatus

    stopped = replace(
        _run(1, RunStatus.STOPPED, NOW),
        message="eMarketeer refused the API key (HTTP 403): the key is "
        "wrong, missing or revoked. The run stopped; what was done is recorded.",
    )
    view, home = presenter(tmp_path, runs=(stopped, None, stopped))
    home.refresh()
    (problem,), _ = view.calls["show_problem"]
    assert problem.startswith("The last sync stopped: eMarketeer refused") and problem.count("stopped") == 1
    (rows,), _ = view.calls["show_last_run"]
    assert "Message" not in dict(rows)
