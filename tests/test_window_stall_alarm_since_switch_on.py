"""The window's stall alarm (issue 14) after a switch-on long ago, with no run, or only a recent first one, recorded.

The window's alarm waits for the stale window after the sync was switched on (sync/health.py: `assess` with its
grace); `health` (monitoring, shared/CLI.md) does not wait. Past that window the two must agree. They did not when the
history held no run yet, or a first one from the last few hours: Home's check "nothing tried yet, or trying for less
than the window" (ui/home/presenter.show_health) counted only from the first run, never from the saved switch-on. What
an admin lost: the sync was switched on three days ago on a server whose timer was never installed (or whose every
start failed before it could record a run). `legalbasis-sync health` said "No sync has succeeded in the 3 days since
Legal basis sync was switched on", but the window opened then stayed calm (no red Home, no tray notice), and after its
own first run failed it stayed calm for six more hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.config import resolve_config
from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.secrets import InMemorySecretStore
from desktop_app.store import Store
from desktop_app.sync.health import assess, runs_seen
from desktop_app.ui.home.presenter import HomePresenter, last_attempt, last_runs
from desktop_app.ui.settings.presenter import SettingsPresenter

pytestmark = [pytest.mark.timeout(60)]

NOW = datetime(2026, 3, 4, 8, 0, tzinfo=timezone.utc)
MAIN = {"crm": "onsite", "superoffice_url": "https://crm.example.com/api", "superoffice_user": "admin"}


class Recorder:
    def __init__(self) -> None:
        self.calls: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("show_"):
            return lambda *args, **kwargs: self.calls.__setitem__(name, args)
        raise AttributeError(name)


def _switch_on(store: Store, data_dir, at: datetime) -> None:
    """The Settings tab's first Apply, the sync ticked on, at `at` (the moment is saved with the settings)."""
    panel = SettingsPresenter(
        Recorder(),
        load_settings=store.settings,
        save_settings=store.save_settings,
        secret_store=InMemorySecretStore(),
        data_dir=data_dir,
        environ={},
        clock=lambda: at,
    )
    panel.load()
    for key, value in {**MAIN, "enabled": True}.items():
        panel.change(key, value)
    assert panel.apply() is not None
    assert store.switched_on_at() == at


def _window_and_health(store: Store, data_dir, now: datetime) -> tuple[HomePresenter, list[str], Recorder, str]:
    """Home as a window opened at `now` builds it, what it told the tray, and what `health` says at that moment."""
    config = resolve_config(store.settings(), {}, data_dir)
    told: list[str] = []
    view = Recorder()
    home = HomePresenter(
        view,
        config,
        read_runs=lambda: last_runs(store),
        last_attempt=lambda: last_attempt(store),
        busy=lambda: False,
        next_run_at=lambda: None,
        clock=lambda: now,
        read_health=lambda: runs_seen(store),
        stale_noticed=told.append,
        read_held=lambda: store.held_counts()[0],
    )
    home.refresh()
    health = assess(
        runs_seen(store),
        sync_on=config.sync_on,
        off_reason=config.off_reason(),
        stale_after_hours=config.stale_after_hours,
        now=now,
    )  # as cli._health judges
    assert not health.ok
    return home, told, view, health.message


def test_a_sync_switched_on_days_ago_that_never_ran_alarms_in_the_window_as_health_does(_isolated_environment):
    data_dir = _isolated_environment
    with Store.open(data_dir) as store:
        _switch_on(store, data_dir, NOW - timedelta(days=3))
        home, told, view, said = _window_and_health(store, data_dir, NOW)
    assert said.startswith("No sync has succeeded in the 3 days since Legal basis sync was switched on (")
    assert home.stale and told == [said], f"`health` alarms ({said!r}) and the window stays calm"
    assert view.calls["show_stale"] == (said,)


def test_a_first_run_hours_after_a_switch_on_days_ago_does_not_restart_the_windows_wait(_isolated_environment):
    data_dir = _isolated_environment
    with Store.open(data_dir) as store:
        _switch_on(store, data_dir, NOW - timedelta(days=3))
        run = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False, started_at=NOW - timedelta(hours=1))
        store.finish_run(run, RunStatus.FAILED, ended_at=NOW - timedelta(minutes=59), message="eMarketeer is down.")
        home, told, _view, said = _window_and_health(store, data_dir, NOW)
    assert said.endswith("; the latest run failed: eMarketeer is down.")
    assert home.stale and told == [said], f"`health` alarms ({said!r}) and the window stays calm"


def test_a_new_setup_still_waits_for_the_window_after_its_switch_on(_isolated_environment):
    """The window's own grace stays: switched on two hours ago, its first run failed; its failure is said on its
    own, the stall alarm waits (where `health` keeps its exit 1, shared/CLI.md)."""
    data_dir = _isolated_environment
    with Store.open(data_dir) as store:
        _switch_on(store, data_dir, NOW - timedelta(hours=2))
        run = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False, started_at=NOW - timedelta(hours=1))
        store.finish_run(run, RunStatus.FAILED, ended_at=NOW - timedelta(minutes=59), message="eMarketeer is down.")
        home, told, _view, _said = _window_and_health(store, data_dir, NOW)
    assert not home.stale and told == []
