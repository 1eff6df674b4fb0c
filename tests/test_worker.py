"""The sync worker on its QThread, against both simulators over loopback: signals, cancel, the lock (R20)."""

from __future__ import annotations

import threading

import pytest

from desktop_app.demo import DemoEnvironment
from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.secrets import SUPEROFFICE_PASSWORD
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.sync.engine import Progress, RunSummary, SyncOptions
from desktop_app.sync.lock import RunLock
from desktop_app.sync.worker import RunRequest, SyncRunner, prepare_credentials

TIMEOUT_MS = 60_000


@pytest.fixture
def demo(_isolated_environment):
    world = DemoEnvironment.start(_isolated_environment, contacts=40, seed=3)
    yield world
    world.stop()


@pytest.fixture
def runner(qtbot):
    the_runner = SyncRunner()
    yield the_runner
    assert the_runner.shutdown(), "the worker thread did not stop"


def request_for(demo: DemoEnvironment, **options) -> RunRequest:
    config = demo.config()
    return RunRequest(config, prepare_credentials(config, demo.secret_store), SyncOptions(**options))


def test_a_run_reports_start_progress_and_summary(qtbot, demo, runner):
    seen_progress: list[Progress] = []
    busy: list[bool] = []
    runner.progress.connect(seen_progress.append)
    runner.busy_changed.connect(busy.append)

    with (
        qtbot.waitSignal(runner.run_started, timeout=TIMEOUT_MS) as started,
        qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished,
    ):
        assert runner.start(request_for(demo))
    summary: RunSummary = finished.args[0]

    assert summary.status is RunStatus.DONE and summary.trigger is Trigger.MANUAL
    assert started.args == [summary.run_id]
    assert summary.matched > 0 and summary.changes
    assert [p.phase for p in seen_progress][-1] == "done" and any(p.phase == "reading" for p in seen_progress)
    qtbot.waitUntil(lambda: busy == [True, False], timeout=5000)
    assert not runner.busy
    with Store.open(demo.data_dir) as store:
        assert store.last_run().id == summary.run_id


def test_a_second_start_while_busy_is_refused(qtbot, demo, runner):
    demo.superoffice.faults.add(Fault("delay", delay=1.0, path_contains="List"))
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS):
        assert runner.start(request_for(demo))
        assert runner.busy
        assert not runner.start(request_for(demo))


def test_cancel_stops_the_run_with_what_it_did_recorded(qtbot, demo, runner):
    demo.superoffice.faults.add(Fault("delay", delay=1.0, path_contains="Archive"))
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        with qtbot.waitSignal(runner.run_started, timeout=TIMEOUT_MS):
            runner.start(request_for(demo))
        runner.cancel()
    summary = finished.args[0]
    assert summary.status is RunStatus.STOPPED
    assert "Cancelled" in summary.message


def test_a_headless_run_holding_the_lock_makes_a_skipped_run(qtbot, demo, runner):
    lock = RunLock(demo.data_dir)
    lock.acquire()
    try:
        with qtbot.waitSignal(runner.run_failed, timeout=TIMEOUT_MS) as failed:
            runner.start(request_for(demo, trigger=Trigger.SCHEDULED))
    finally:
        lock.release()
    assert failed.args[0].startswith("Another sync is already running")
    with Store.open(demo.data_dir) as store:
        last = store.last_run()
    assert last.status is RunStatus.SKIPPED and last.trigger is Trigger.SCHEDULED
    assert last.message == failed.args[0]


def test_refused_credentials_end_the_run_with_a_sentence(qtbot, demo, runner):
    demo.secret_store.set(SUPEROFFICE_PASSWORD, "wrong")
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        runner.start(request_for(demo))
    summary = finished.args[0]
    assert summary.status in (RunStatus.STOPPED, RunStatus.FAILED)
    assert "credentials" in summary.message and "wrong" not in summary.message


def test_the_worker_never_runs_on_the_gui_thread(qtbot, demo, runner):
    threads: list[int] = []
    runner.worker.progress.connect(lambda _p: threads.append(threading.get_ident()), type=_direct())
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS):
        runner.start(request_for(demo, dry_run=True))
    assert threads and threading.get_ident() not in threads


def _direct():
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.DirectConnection


def test_an_expired_online_token_is_renewed_with_the_refresh_token(qtbot, demo, runner):
    from desktop_app.config import resolve_config
    from desktop_app.secrets import SUPEROFFICE_REFRESH_TOKEN, SUPEROFFICE_TOKEN, InMemorySecretStore

    so = demo.superoffice
    settings = dict(demo.settings, crm="online", superoffice_client_id="legalbasis-sync-test")
    config = resolve_config(settings, {}, demo.data_dir)
    secrets = InMemorySecretStore(
        {
            SUPEROFFICE_TOKEN: "expired-access-token",
            SUPEROFFICE_REFRESH_TOKEN: next(iter(so.refresh_tokens)),
            "emarketeer_api_key": demo.secret_store.get("emarketeer_api_key"),
        }
    )
    credentials = prepare_credentials(config, secrets)
    assert "expired" not in repr(credentials)
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        runner.start(RunRequest(config, credentials, SyncOptions(dry_run=True)))
    assert finished.args[0].status is RunStatus.DONE
    renewed = secrets.get(SUPEROFFICE_TOKEN)
    assert renewed != "expired-access-token" and renewed in so.tokens  # kept for the next run


def test_a_preview_arrives_with_its_rows_built_on_the_worker_thread(qtbot, demo, runner):
    from desktop_app.domain.review import count_rows

    emitted: list[tuple[int, object]] = []
    runner.worker.run_finished.connect(lambda s: emitted.append((threading.get_ident(), s.review)), type=_direct())
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        runner.start(request_for(demo, trigger=Trigger.PREVIEW, dry_run=True, keep_details=True))
    summary: RunSummary = finished.args[0]
    review = summary.review
    assert review is not None and summary.details is None  # the details were turned into rows and let go
    # Issue 11: the rows are on disk (a ReviewTable the view reads a page at a time), none held in memory.
    assert review.rows == () and review.table is not None and review.table.total > 0
    assert review.when is not None and review.counts == count_rows(review.table)
    assert review.counts.to_superoffice + review.counts.to_emarketeer == len(summary.changes)
    qtbot.waitUntil(lambda: bool(emitted), timeout=5000)  # the direct call may finish after the relay arrived
    [(thread, sent)] = emitted
    assert sent is review and thread != threading.get_ident()  # built before it left the worker's thread


def test_a_sync_without_details_carries_no_rows(qtbot, demo, runner):
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        runner.start(request_for(demo))
    assert finished.args[0].review is None and finished.args[0].details is None


def test_full_collections_wait_for_the_end_of_the_run(qtbot, demo, runner):
    import gc

    from desktop_app.sync import memory

    thresholds = gc.get_threshold()
    paused_during: list[bool] = []
    runner.worker.progress.connect(lambda _p: paused_during.append(memory.full_collections_paused()), type=_direct())
    with qtbot.waitSignal(runner.busy_changed, timeout=TIMEOUT_MS, check_params_cb=lambda busy: not busy):
        runner.start(request_for(demo, dry_run=True))
        assert memory.full_collections_paused()
    assert paused_during and all(paused_during)  # seen from the worker's thread, all through the run
    assert not memory.full_collections_paused() and gc.get_threshold() == thresholds


def test_a_large_run_reaches_the_window_as_counts_and_its_decisions_are_freed_on_the_worker(
    qtbot, demo, runner, monkeypatch
):
    """Issue 11 pt 5: 400,000 decisions are two million objects the GUI thread would free in one step and
    scan in its next full collection; the window shows only their numbers (sync.counted)."""
    from desktop_app.sync import counted
    from desktop_app.sync.counted import CountedSummary, decision_counts

    monkeypatch.setattr(counted, "WINDOW_DECISIONS", 0)  # every run counts as large
    freed: list[tuple[int, int, int]] = []  # (thread, decisions handed back, decisions left when the summary left)
    real = counted.for_window

    def watched(summary):
        slim, decisions = real(summary)
        ident, handed = threading.get_ident(), sum(map(len, decisions))
        # The worker frees the lists right after this returns, before the window hears of the run.
        runner.worker.run_finished.connect(
            lambda _s: freed.append((ident, handed, sum(map(len, decisions)))), type=_direct()
        )
        return slim, decisions

    monkeypatch.setattr("desktop_app.sync.worker.for_window", watched)
    with qtbot.waitSignal(runner.run_finished, timeout=TIMEOUT_MS) as finished:
        runner.start(request_for(demo, dry_run=True))
    summary = finished.args[0]
    assert isinstance(summary, CountedSummary) and isinstance(summary, RunSummary)
    assert summary.changes == () and summary.conflicts == () and summary.held == ()
    with Store.open(demo.data_dir) as store:
        recorded = store.get_run(summary.run_id)
    assert recorded is not None and summary.counts.changes == recorded.changes > 0
    assert summary.counts.conflicts == recorded.conflicts
    assert decision_counts(summary) == summary.counts
    [(thread, handed, left)] = freed
    assert thread != threading.get_ident()  # on the worker's thread
    assert handed >= summary.counts.changes and left == 0  # every decision freed there, before the summary left


def test_a_small_run_reaches_the_window_whole():
    from desktop_app.sync.counted import WINDOW_DECISIONS, DecisionCounts, decision_counts, for_window

    summary = RunSummary(run_id=1, status=RunStatus.DONE, trigger=Trigger.MANUAL, mode=RunMode.FULL, dry_run=True)
    slim, decisions = for_window(summary)
    assert slim is summary and decisions == [] and WINDOW_DECISIONS >= 10_000
    assert decision_counts(summary) == DecisionCounts(0, 0, 0)
