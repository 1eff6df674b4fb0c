"""The scheduler across a system clock that jumps back (NTP correction, a dead CMOS battery fixed, DST misconfigured)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.config import ConfigError, resolve_config
from desktop_app.domain.model import Trigger
from desktop_app.store import Store
from desktop_app.sync.scheduler import Scheduler
from desktop_app.sync.worker import SyncRunner

pytestmark = [pytest.mark.timeout(30)]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def test_a_clock_that_jumps_back_does_not_stop_the_schedule_for_the_length_of_the_jump(qtbot, _isolated_environment):
    """The last run was recorded at 12:00 by a clock that was a day fast; the clock is then corrected (jumps back a
    day). The scheduler computes the next run as last run + 30 minutes, i.e. a day and 30 minutes from the corrected
    now: the admin sees "Next run: tomorrow 12:30" and no scheduled sync happens for a whole day (and the stale
    alarm stays quiet too, since the last success looks like it is in the future). The next run must be due no
    later than one interval from now."""
    clock = Clock()
    runner = SyncRunner(clock=clock)
    store = Store.open(_isolated_environment, clock=clock)
    prepared: list[Trigger] = []

    def prepare(options):
        prepared.append(options.trigger)
        raise ConfigError("stand-in: no run needed for this test")

    scheduler = Scheduler(runner, store, prepare, clock=clock)
    try:
        store.record_skipped_run(Trigger.MANUAL, "the last run, at 12:00 by the fast clock")
        clock.now -= timedelta(days=1)  # the clock is corrected
        config = resolve_config({"crm": "onsite", "enabled": True}, {}, _isolated_environment)
        scheduler.apply_config(config)
        due = scheduler.next_run_at
        assert due is not None
        assert due <= clock() + timedelta(minutes=config.interval_minutes), (
            f"next scheduled run is {due - clock()} away after the clock went back a day"
        )
    finally:
        scheduler.stop()
        assert runner.shutdown(5000)
        store.close()


def test_a_scheduled_run_that_fails_without_a_row_is_not_retried_in_a_tight_loop(qtbot, _isolated_environment):
    """The data directory's run lock cannot be made (the folder went read-only after a disk error, a network share
    dropped to read-only; here: `sync.lock` is not a file). The worker reports run_failed(LockUnavailable) without
    writing any row, the scheduler re-arms from the history, finds the last run still overdue, and fires again at
    once: dozens of failed starts per second, each logged, each a 'sync failed' notice on Home and in the tray,
    with the CPU busy, and the history never saying a scheduled sync was missed."""
    from desktop_app.config import Credentials

    (_isolated_environment / "sync.lock").mkdir()
    runner = SyncRunner()
    store = Store.open(_isolated_environment)
    config = resolve_config(
        {"crm": "onsite", "enabled": True, "superoffice_url": "http://127.0.0.1:9/api", "superoffice_user": "u"},
        {},
        _isolated_environment,
    )
    from desktop_app.sync.worker import RunRequest

    def prepare(options):
        return RunRequest(config, Credentials("key", superoffice_password="pw"), options)

    failures: list[str] = []
    runner.run_failed.connect(failures.append)
    scheduler = Scheduler(runner, store, prepare)
    try:
        scheduler.apply_config(config)
        qtbot.wait(1500)
    finally:
        scheduler.stop()
        assert runner.shutdown(5000)
        store.close()
    assert failures, "precondition: the scheduled run failed"
    assert len(failures) <= 2, f"{len(failures)} scheduled attempts in 1.5 s; first said: {failures[0]}"
