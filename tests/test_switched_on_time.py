"""The stall alarm counts from when the sync was switched on, and that moment is saved (issue 14, `health` in
shared/CLI.md).

An admin switches the sync off for a month (a CRM migration, say), then ticks "Legal basis sync" again and presses
Apply. The window knew the switch-on moment only in its memory, so a window opened after the switch-on counted the month
the sync was deliberately off as a stall and alarmed at once, and `legalbasis-sync health` (monitoring, headless) said
"No sync has succeeded for 30 days" (the data-protection officer on call reads a month-long outage that never was).
The moment is now saved with the settings that switched the sync on, and the stall is measured from the later of the
last success and that moment: the window waits for the stale window, `health` keeps its exit 1 until the first
success (shared/CLI.md) and says the sync was just switched on. The opposite stays true: a sync that is off never alarms, a sync
switched on long ago whose runs have failed since alarms, another Apply while it is on does not restart the count,
and a switch-on time later than the clock (a clock set back since) is not taken as fresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
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

MAIN = {"crm": "onsite", "superoffice_url": "https://crm.example.com/api", "superoffice_user": "admin"}


class Recorder:
    """A view (settings or Home) that takes every show_* and keeps the last call's arguments."""

    def __init__(self) -> None:
        self.calls: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("show_"):
            return lambda *args, **kwargs: self.calls.__setitem__(name, args)
        raise AttributeError(name)


def _run(store: Store, ended: datetime, status=RunStatus.DONE, message=None) -> None:
    run = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False, started_at=ended - timedelta(minutes=1))
    store.finish_run(run, status, ended_at=ended, message=message)


def _settings(store: Store, data_dir, at: datetime) -> SettingsPresenter:
    """The Settings tab's presenter on the real history file, its clock at `at`."""
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
    return panel


def _apply(store: Store, data_dir, at: datetime, **changes) -> None:
    panel = _settings(store, data_dir, at)
    for key, value in changes.items():
        panel.change(key, value)
    assert panel.apply() is not None


def _month_off(data_dir, now: datetime) -> None:
    """A sync that succeeded a month ago and has been switched off since (the box unticked, applied then)."""
    with Store.open(data_dir) as store:
        _run(store, now - timedelta(days=30, hours=1))
        _apply(store, data_dir, now - timedelta(days=30), **MAIN, enabled=False)


def _health(data_dir) -> subprocess.CompletedProcess:
    """`legalbasis-sync health` as monitoring runs it: the settings the window saved, nothing from the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env["LEGALBASIS_SYNC_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "health"], env=env, capture_output=True, text=True, timeout=60
    )


def test_health_right_after_switching_a_long_off_sync_on_says_so_instead_of_counting_the_month(_isolated_environment):
    """`health` keeps its contract (shared/CLI.md: exit 0 only after a success within the window, or when the sync is
    off), so it is exit 1 until the first success; its sentence says the sync was just switched on, not "no sync has
    succeeded for 30 days"."""
    data_dir = _isolated_environment
    now = datetime.now(timezone.utc)
    _month_off(data_dir, now)
    off = _health(data_dir)
    assert off.returncode == 0 and "is off" in off.stderr  # off: nothing to watch

    with Store.open(data_dir) as store:
        _apply(store, data_dir, now, enabled=True)  # ticked again, Apply
    result = _health(data_dir)
    assert result.returncode == 1, "no sync has succeeded within the window: shared/CLI.md's exit 1"
    assert result.stderr.startswith("Legal basis sync was switched on less than a minute ago ("), result.stderr
    assert "30 days" not in result.stderr
    assert "Traceback" not in result.stderr


def test_health_alarms_once_the_window_has_passed_since_the_switch_on_without_a_success(_isolated_environment):
    data_dir = _isolated_environment
    now = datetime.now(timezone.utc)
    _month_off(data_dir, now)
    with Store.open(data_dir) as store:
        _apply(store, data_dir, now - timedelta(hours=7), enabled=True)  # switched on 7 hours ago
        _run(store, now - timedelta(hours=6), RunStatus.FAILED, message="eMarketeer could not be reached.")
        _run(store, now - timedelta(hours=1), RunStatus.FAILED, message="eMarketeer could not be reached.")
        # Another Apply while the sync is on (the interval, say) is no switch-on: the count does not restart.
        _apply(store, data_dir, now, interval_minutes=15)
    result = _health(data_dir)
    assert result.returncode == 1, "seven hours on without one success raised no alarm"
    assert result.stderr.startswith("No sync has succeeded in the 7 hours since Legal basis sync was switched on (")
    assert result.stderr.rstrip().endswith("the latest run failed: eMarketeer could not be reached.")

    with Store.open(data_dir) as store:
        _apply(store, data_dir, now, enabled=False)  # switched off again: no alarm at all
    off = _health(data_dir)
    assert off.returncode == 0 and "is off" in off.stderr


def _home(store: Store, data_dir, now: datetime, told: list[str]) -> HomePresenter:
    """Home as a window opened now builds it: the applied settings from the history file, nothing in memory."""
    config = resolve_config(store.settings(), {}, data_dir)
    home = HomePresenter(
        Recorder(),
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
    return home


def test_a_window_opened_after_the_switch_on_does_not_alarm_until_the_window_has_passed(_isolated_environment):
    data_dir = _isolated_environment
    now = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    _month_off(data_dir, now)
    told: list[str] = []
    with Store.open(data_dir) as store:
        _apply(store, data_dir, now, enabled=True)
        home = _home(store, data_dir, now + timedelta(minutes=1), told)  # the window restarted a minute later
        assert not home.stale and told == [], f"a restarted window alarmed right after the switch-on: {told}"
        _run(store, now + timedelta(hours=1), RunStatus.FAILED, message="eMarketeer could not be reached.")
        home = _home(store, data_dir, now + timedelta(hours=6, minutes=1), told)
        assert home.stale and len(told) == 1  # six hours on without a success: a real stall
        assert told[0].startswith("No sync has succeeded in the 6 hours since Legal basis sync was switched on")


def test_a_switch_on_time_later_than_the_clock_is_not_trusted(_isolated_environment):
    """Switched on while the clock was two days fast; the clock has been set back since. Trusting the stamp would keep
    the alarm quiet for two days and six hours whatever the runs since did."""
    data_dir = _isolated_environment
    now = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    _month_off(data_dir, now)
    told: list[str] = []
    with Store.open(data_dir) as store:
        _apply(store, data_dir, now + timedelta(days=2), enabled=True)
        assert store.switched_on_at() == now + timedelta(days=2)
        health = assess(runs_seen(store), sync_on=True, off_reason=None, stale_after_hours=6, now=now)
        assert health.stale and health.message.startswith("No sync has succeeded for 30 days 1 hour")
        home = _home(store, data_dir, now, told)
        assert home.stale and told


def test_a_history_file_without_the_switch_on_time_behaves_as_before(_isolated_environment):
    data_dir = _isolated_environment
    now = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    with Store.open(data_dir) as store:
        _run(store, now - timedelta(days=30, hours=1))
        store.save_settings({**MAIN, "enabled": True})  # saved by a version that did not keep the moment
        assert store.switched_on_at() is None
        health = assess(runs_seen(store), sync_on=True, off_reason=None, stale_after_hours=6, now=now)
        assert health.stale and health.message.startswith("No sync has succeeded for 30 days 1 hour")


def test_switching_a_healthy_sync_off_and_on_again_keeps_health_ok_while_its_success_is_recent(_isolated_environment):
    """shared/CLI.md: exit 0 when a sync finished successfully within the stale window. An admin who switches the sync
    off and on again (to change the CRM mode, R2/R7) ten minutes after a success must not make `health` page the
    on-call admin until the next run. Found by this session's review of its own fixes."""
    data_dir = _isolated_environment
    now = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    with Store.open(data_dir) as store:
        _run(store, now - timedelta(minutes=20))
        _apply(store, data_dir, now - timedelta(minutes=15), **MAIN, enabled=True)
        _apply(store, data_dir, now - timedelta(minutes=12), enabled=False)
        _apply(store, data_dir, now - timedelta(minutes=10), enabled=True)
        assert store.switched_on_at() == now - timedelta(minutes=10)
        health = assess(runs_seen(store), sync_on=True, off_reason=None, stale_after_hours=6, now=now)
    assert health.ok and health.message.startswith("The last successful sync finished 20 minutes ago"), health
