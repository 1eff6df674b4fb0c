"""The scheduler with a fake clock against the simulators: due now, one catch-up, skipped while busy or locked, off."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from engine_support import FakeClock

from desktop_app.config import ConfigError
from desktop_app.demo import DemoEnvironment
from desktop_app.domain.model import RunStatus, Trigger
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.sync.engine import SyncOptions
from desktop_app.sync.lock import RunLock
from desktop_app.sync.scheduler import BUSY_MESSAGE, MAX_WAIT, Scheduler
from desktop_app.sync.worker import RunRequest, SyncRunner, prepare_credentials

TIMEOUT_MS = 60_000


@pytest.fixture
def demo(_isolated_environment):
    world = DemoEnvironment.start(_isolated_environment, contacts=20, seed=5)
    yield world
    world.stop()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def runner(qtbot, clock):
    the_runner = SyncRunner(clock=clock)
    yield the_runner
    assert the_runner.shutdown()


@pytest.fixture
def store(demo, clock):
    with Store.open(demo.data_dir, clock=clock) as the_store:
        yield the_store


@pytest.fixture
def scheduler(qtbot, demo, runner, store, clock):
    def prepare(options: SyncOptions) -> RunRequest:
        config = demo.config()
        return RunRequest(config, prepare_credentials(config, demo.secret_store), options)

    the_scheduler = Scheduler(runner, store, prepare, clock=clock)
    yield the_scheduler
    the_scheduler.stop()


def scheduled_runs(store: Store) -> list:
    return [r for r in store.runs() if r.trigger is Trigger.SCHEDULED]


def manual_run(qtbot, demo, runner) -> None:
    config = demo.config()
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS):
        runner.start(RunRequest(config, prepare_credentials(config, demo.secret_store)))


def test_never_run_before_means_due_now(qtbot, demo, scheduler, runner, store, clock):
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        scheduler.apply_config(demo.config())
        assert scheduler.next_run_at == clock()
    assert finished.args[0].trigger is Trigger.SCHEDULED and finished.args[0].status is RunStatus.DONE
    qtbot.waitUntil(lambda: scheduler.next_run_at == clock() + timedelta(minutes=30), timeout=5000)
    assert scheduler.timer.isActive() and scheduler.timer.isSingleShot()
    assert scheduler.timer.objectName() == "scheduled-sync-timer"


def test_not_due_yet_waits_and_wakes_up_to_check(qtbot, demo, scheduler, runner, store, clock):
    manual_run(qtbot, demo, runner)
    started = store.last_run().started_at
    clock.advance(minutes=10)
    scheduler.apply_config(demo.config())
    assert scheduler.next_run_at == started + timedelta(minutes=30)
    assert 0 < scheduler.timer.interval() <= MAX_WAIT.total_seconds() * 1000
    assert scheduled_runs(store) == []


def test_after_sleep_or_a_closed_app_one_catch_up_run(qtbot, demo, scheduler, runner, store, clock):
    manual_run(qtbot, demo, runner)
    clock.advance(hours=3)  # six intervals missed
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS):
        scheduler.apply_config(demo.config())
    qtbot.waitUntil(lambda: scheduler.next_run_at == clock() + timedelta(minutes=30), timeout=5000)
    qtbot.wait(300)  # room for a wrong second run to start
    assert len(scheduled_runs(store)) == 1 and not runner.busy


def test_the_timer_firing_after_wake_up_starts_the_run(qtbot, demo, scheduler, runner, store, clock):
    manual_run(qtbot, demo, runner)
    clock.advance(minutes=5)
    scheduler.apply_config(demo.config())
    clock.advance(minutes=40)  # the machine slept past the due time; the capped timer wakes up
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        scheduler.timer.start(0)
    assert finished.args[0].trigger is Trigger.SCHEDULED


def test_due_while_another_run_goes_in_the_window_is_skipped(qtbot, demo, scheduler, runner, store, clock, caplog):
    caplog.set_level("INFO", logger="desktop_app.sync.scheduler")
    demo.superoffice.faults.add(Fault("delay", delay=1.5, path_contains="Archive"))
    config = demo.config()
    with qtbot.waitSignal(scheduler.run_skipped, timeout=TIMEOUT_MS) as skipped:
        with qtbot.waitSignal(runner.run_started, timeout=TIMEOUT_MS):
            runner.start(RunRequest(config, prepare_credentials(config, demo.secret_store)))
        clock.advance(minutes=31)
        scheduler.apply_config(config)  # due now: the timer fires at once
        qtbot.wait(300)
        # The skipped row waits for the run's end: written now, it would wait on the window's thread for the run's
        # write transactions.
        assert runner.busy and scheduled_runs(store) == []
    assert skipped.args == [BUSY_MESSAGE] and not runner.busy
    rows = scheduled_runs(store)
    assert [(r.status, r.message) for r in rows] == [(RunStatus.SKIPPED, BUSY_MESSAGE.english())]
    qtbot.waitUntil(lambda: scheduler.next_run_at is not None and scheduler.timer.isActive(), timeout=5000)
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("Scheduled sync skipped")] == [
        f"Scheduled sync skipped: {BUSY_MESSAGE.english()}"
    ], "logged once, when it fell due"


def test_a_wake_up_during_a_run_reads_nothing_and_waits_on(qtbot, demo, scheduler, runner, store, clock, monkeypatch):
    """Issue 11 pt 5: the every-minute wake-up during a run takes the due time it knows instead of the store's (each
    SQLite step on the window's thread waited for the run's threads: 75-95 ms pauses in a million-contact preview)."""
    manual_run(qtbot, demo, runner)
    scheduler.apply_config(demo.config())
    due = scheduler.next_run_at
    assert due is not None and due > clock()
    demo.superoffice.faults.add(Fault("delay", delay=1.5, path_contains="Archive"))
    config = demo.config()
    reads: list[str] = []
    for name in ("last_run", "get_cursor"):
        real = getattr(store, name)
        monkeypatch.setattr(
            store, name, lambda *a, _real=real, _name=name, **k: (reads.append(_name), _real(*a, **k))[1]
        )
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS):
        with qtbot.waitSignal(runner.run_started, timeout=TIMEOUT_MS):
            runner.start(RunRequest(config, prepare_credentials(config, demo.secret_store)))
        clock.advance(minutes=5)  # not due yet: a MAX_WAIT wake-up
        scheduler.timer.start(0)
        qtbot.wait(200)
        assert runner.busy and reads == []
        assert scheduler.next_run_at == due and scheduler.timer.isActive()
        assert 0 < scheduler.timer.interval() <= MAX_WAIT.total_seconds() * 1000
    qtbot.waitUntil(lambda: "last_run" in reads, timeout=5000)  # the run's end re-arms from the history


def test_due_while_a_headless_run_holds_the_lock_is_skipped(qtbot, demo, scheduler, runner, store, clock):
    lock = RunLock(demo.data_dir)
    lock.acquire()
    try:
        with qtbot.waitSignal(runner.run_failed, timeout=TIMEOUT_MS):
            scheduler.apply_config(demo.config())
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not runner.busy and scheduler.next_run_at == clock() + timedelta(minutes=30), timeout=5000)
    (row,) = scheduled_runs(store)
    assert row.status is RunStatus.SKIPPED and "Another sync is already running" in row.message


def test_settings_that_cannot_work_leave_a_skipped_row(qtbot, demo, runner, store, clock):
    def prepare(options):
        raise ConfigError("Cannot sync with SuperOffice on-site: the SuperOffice password is missing.")

    scheduler = Scheduler(runner, store, prepare, clock=clock)
    with qtbot.waitSignal(scheduler.run_skipped, timeout=5000) as skipped:
        scheduler.apply_config(demo.config())
    assert "password is missing" in skipped.args[0].english()
    (row,) = scheduled_runs(store)
    assert row.status is RunStatus.SKIPPED
    assert scheduler.next_run_at == clock() + timedelta(minutes=30)
    scheduler.stop()


def test_switched_off_schedules_nothing(qtbot, demo, scheduler, runner, store, clock):
    off = dataclasses.replace(demo.config(), enabled=False)
    with qtbot.assertNotEmitted(runner.run_started, wait=300):
        scheduler.apply_config(off)
    assert scheduler.next_run_at is None and not scheduler.timer.isActive()
    manual_run(qtbot, demo, runner)
    scheduler.apply_config(dataclasses.replace(demo.config(), interval_minutes=45))
    assert scheduler.next_run_at == store.last_run().started_at + timedelta(minutes=45)
    scheduler.apply_config(dataclasses.replace(demo.config(), crm="none"))
    assert scheduler.next_run_at is None and not scheduler.timer.isActive()


def test_no_scheduled_run_before_the_time_a_vendor_asked_to_wait_until(qtbot, demo, scheduler, runner, store, clock):
    """Issue 9 point 8: a long Retry-After is kept in the store; the next scheduled run is due at that time."""
    from desktop_app.domain.model import System
    from desktop_app.sync.pause import record_pause

    manual_run(qtbot, demo, runner)
    until = clock() + timedelta(hours=2)
    record_pause(store, System.EMARKETEER, until)
    scheduler.apply_config(demo.config())
    assert scheduler.next_run_at == until  # not started + 30 minutes
    clock.advance(minutes=45)  # the usual interval is long past, the vendor's time is not
    scheduler.timer.start(0)
    qtbot.wait(300)
    assert scheduled_runs(store) == [] and not runner.busy and scheduler.next_run_at == until
    clock.advance(minutes=80)
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        scheduler.timer.start(0)
    assert finished.args[0].trigger is Trigger.SCHEDULED and finished.args[0].status is RunStatus.DONE


def test_a_skipped_scheduled_run_is_said_in_the_windows_language(qtbot, demo, runner, store, clock):
    """The window says everything in its language (issue 5): a scheduled run that could not start was said (on Home,
    in the tray and in History) as an English sentence built in the scheduler. It is a typed message now; the
    history keeps its English."""
    from PySide6.QtCore import QLocale

    from desktop_app.domain.messages import Message, message_text
    from desktop_app.ui import translation

    def prepare(options):
        raise ConfigError("Cannot sync with SuperOffice on-site: the SuperOffice password is missing.")

    scheduler = Scheduler(runner, store, prepare, clock=clock)
    with qtbot.waitSignal(scheduler.run_skipped, timeout=5000) as skipped:
        scheduler.apply_config(demo.config())
    scheduler.stop()
    said = skipped.args[0]
    assert isinstance(said, Message) and said.key == "scheduled_not_started"
    translation.install("sv", QLocale("sv_SE"))
    try:
        assert message_text(said).startswith("En schemalagd synk skulle köras men kunde inte starta")
        assert message_text(BUSY_MESSAGE).startswith("En schemalagd synk skulle köras medan")
    finally:
        translation.uninstall()
    (row,) = scheduled_runs(store)
    assert row.message.startswith("A scheduled sync was due but could not start")
