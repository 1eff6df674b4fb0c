"""The stall alarm (issue 14) on Home and in the tray, judged from the real history."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.config import resolve_config
from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.store import Store
from desktop_app.sync.health import runs_seen
from desktop_app.ui.home.presenter import HomePresenter, last_attempt, last_runs

pytestmark = [pytest.mark.timeout(30)]

START = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class FakeHome:
    def __init__(self) -> None:
        self.calls: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("show_"):
            return lambda *args, **kwargs: self.calls.__setitem__(name, (args, kwargs))
        raise AttributeError(name)


def _home(store, clock, config, told):
    view = FakeHome()
    home = HomePresenter(
        view,
        config,
        read_runs=lambda: last_runs(store),
        last_attempt=lambda: last_attempt(store),
        busy=lambda: False,
        next_run_at=lambda: None,
        clock=clock,
        read_health=lambda: runs_seen(store),
        stale_noticed=told.append,
        read_held=lambda: store.held_counts()[0],
    )
    return view, home


def _config(data_dir, enabled=True):
    return resolve_config(
        {
            "crm": "onsite",
            "enabled": enabled,
            "superoffice_url": "https://crm.example.com/api",
            "superoffice_user": "admin",
        },
        {},
        data_dir,
    )


def test_a_sync_whose_every_scheduled_run_could_not_start_for_two_days_raises_the_alarm(_isolated_environment):
    """The sync is switched on, but the keyring is locked (or the API key is missing), so every scheduled run for
    two days is recorded as "skipped: could not start". Not one contact has been synced, `legalbasis-sync health`
    (monitoring) says stale, yet Home never turns red and the tray never says so: skipped runs do not count as
    "trying" (health.RunsSeen.trying_since ignores them), so the window treats it as a brand-new setup forever."""
    clock = Clock()
    told: list[str] = []
    with Store.open(_isolated_environment, clock=clock) as store:
        for _ in range(96):  # every 30 minutes for two days
            store.record_skipped_run(
                Trigger.SCHEDULED,
                "A scheduled sync was due but could not start: the system keyring is locked.",
            )
            clock.now += timedelta(minutes=30)
        config = _config(_isolated_environment)
        view, home = _home(store, clock, config, told)
        home.refresh()
        assert home.stale and told, (
            "two days of a switched-on sync that never ran raised no alarm on Home or in the tray"
        )


def test_switching_the_sync_back_on_after_a_month_off_does_not_alarm_before_it_had_a_chance_to_run(
    _isolated_environment,
):
    """The admin switched the sync off (None or unticked) for a month, then ticks it again and presses Apply. At that
    moment, before the first run has even started, Home turns red and the tray says "No sync has succeeded for 30
    days": the month the sync was deliberately off counts as a stall. The alarm should only count time during
    which the sync was on."""
    clock = Clock()
    told: list[str] = []
    with Store.open(_isolated_environment, clock=clock) as store:
        run_id = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False)
        store.finish_run(run_id, RunStatus.DONE, matched=10)
        assert runs_seen(store).last_success is not None, "precondition: one successful sync a month ago"
        clock.now += timedelta(days=30)  # switched off all month (no runs)
        view, home = _home(store, clock, _config(_isolated_environment, enabled=False), told)
        home.refresh()
        assert not home.stale and told == []  # off: no alarm (sound)
        home.set_config(_config(_isolated_environment, enabled=True))  # ticked again, Apply
        assert not home.stale and told == [], f"alarm raised at the moment the sync was switched back on: {told}"
