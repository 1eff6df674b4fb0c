"""The sync engine on a background QThread: a worker object that talks to the window only through signals.

STYLE practices 3 and 4: the window (or the scheduler) prepares a `RunRequest` on the GUI thread
(settings validated, secrets read) and hands it over; `SyncWorker` builds the connectors and the
engine in its own thread, opens its own `Store` there (SQLite connections belong to one thread),
and reports `run_started`, `progress`, `run_finished` or `run_failed`. It never touches a widget.
Cancel is the engine's `threading.Event`, which any thread may set.

The GUI thread must never wait long for the interpreter lock the worker shares (issue 3: no stall
over 50 ms in a 100,000-contact run; benchmarks/bench_gui_stall.py). So the heavy work of a
preview happens here too: the conflict view's rows are built on this thread and sent instead of
the raw details; full garbage collections wait until the run is over (`memory`); and big data
is freed piecemeal.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot

from ..config import AppConfig, ConfigError, Credentials
from ..connectors.errors import ConnectorError
from ..domain.messages import Message, error_text, message_text
from ..domain.text import sentence as _sentence
from ..store.errors import StoreError
from .counted import for_window

# The refresher is Qt-free and shared with the command line; re-exported here, where the window imports it.
from .credentials import RefreshingCredentials  # noqa: F401
from .credentials import prepare_credentials as prepare_credentials
from .engine import RunSummary, SyncOptions
from .lock import LockHeld, LockUnavailable, RunLock
from .memory import pause_full_collections, release, resume_full_collections

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, repr=False)
class RunRequest:
    """Everything one run needs, resolved on the GUI thread; `cancel` is how any thread stops it."""

    config: AppConfig
    credentials: Credentials
    options: SyncOptions = SyncOptions()
    cancel: threading.Event = field(default_factory=threading.Event)

    def __repr__(self) -> str:
        return f"RunRequest(trigger={self.options.trigger.value!r}, dry_run={self.options.dry_run!r})"


@dataclass(frozen=True, repr=False)
class JobRequest:
    """Work other than a sync that must not overlap one (a send's Checklist, its launch, a due send: R3, R10, R20).

    Prepared on the GUI thread like a `RunRequest`; `work(store, progress, cancel)` runs on the worker's
    thread with a Store opened there, and what it returns (or the sentence of what it raised) comes back
    as `job_finished(JobResult)`. `name` says what it is, for whoever listens.
    """

    name: str
    config: AppConfig
    work: Callable[..., object]
    cancel: threading.Event = field(default_factory=threading.Event)

    def __repr__(self) -> str:
        return f"JobRequest(name={self.name!r})"


@dataclass(frozen=True)
class JobResult:
    """A job's end: `value` when it returned, else `message`, one sentence for a person."""

    name: str
    value: object = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


class _AnnouncingStore:
    """The worker's store, telling the worker the new run's id the moment the engine creates it."""

    def __init__(self, store: Store, announce: Callable[[int], None]) -> None:
        self._store = store
        self._announce = announce

    def start_run(self, *args: Any, **kwargs: Any) -> int:
        run_id: int = self._store.start_run(*args, **kwargs)
        self._announce(run_id)
        return run_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


class SyncWorker(QObject):
    """Runs one sync at a time on the thread it was moved to. Never touches widgets."""

    run_started = Signal(int)  # the run's id in the history
    progress = Signal(object)  # engine.Progress
    run_finished = Signal(object)  # engine.RunSummary, whatever its status (done, stopped, failed)
    run_failed = Signal(str)  # the run could not start or crashed: one sentence
    job_finished = Signal(object)  # JobResult, the end of a JobRequest
    busy_changed = Signal(bool)

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._busy = threading.Event()
        self._clock = clock  # None: the real clock; tests pass the same fake clock to the scheduler

    @property
    def busy(self) -> bool:
        """Safe to read from any thread."""
        return self._busy.is_set()

    def mark_busy(self) -> None:
        """Called by the GUI thread when it queues a request, so a second request in the gap is refused."""
        self._busy.set()

    @Slot(object)
    def start_run(self, request: RunRequest) -> None:
        """Run the sync in `request` to the end; every outcome is a signal, nothing is raised."""

        def crashed(exc: Exception) -> "tuple[SignalInstance, object]":
            log.exception("The sync worker failed")
            return self.run_failed, _unexpected("sync_crashed", exc)

        self._one_at_a_time(lambda: self._run(request), crashed)

    @Slot(object)
    def start_job(self, job: JobRequest) -> None:
        """Run `job` to the end, the same one-at-a-time way as a sync; its outcome is `job_finished`."""

        def crashed(exc: Exception) -> "tuple[SignalInstance, object]":
            log.exception("The job %s failed", job.name)
            return self.job_finished, JobResult(job.name, message=_unexpected("job_crashed", exc))

        self._one_at_a_time(lambda: (self.job_finished, self._job(job)), crashed)

    def _one_at_a_time(
        self,
        work: "Callable[[], tuple[SignalInstance, object]]",
        crashed: "Callable[[Exception], tuple[SignalInstance, object]]",
    ) -> None:
        """busy, `work`, its outcome signal, not busy; an exception never escapes into Qt's event loop here."""
        self._busy.set()
        self.busy_changed.emit(True)
        outcome: tuple[SignalInstance, object] | None = None
        try:
            outcome = work()
        except Exception as exc:
            outcome = crashed(exc)
        finally:
            # Free before telling anyone: whoever reacts to the outcome may start the next run at once.
            self._busy.clear()
            if outcome is not None:
                signal, value = outcome
                signal.emit(value)
                # Let go of the summary before the last signal: the runner makes the full collection it put off
                # when that signal arrives, and should not find this run's data still held here.
                outcome = value = None
            self.busy_changed.emit(False)

    def _job(self, job: JobRequest) -> JobResult:
        from ..store import Store

        try:
            store = Store.open(job.config.data_dir, clock=self._clock)
        except Exception as exc:
            return JobResult(job.name, message=_not_opened(exc))
        try:
            value = job.work(store, lambda p: self.progress.emit(p), job.cancel)
        except Exception as exc:
            message = getattr(exc, "user_message", None)
            if not isinstance(message, str) or not message:
                log.exception("The job %s crashed", job.name)
                return JobResult(job.name, message=_unexpected("job_crashed", exc))
            log.info("Job %s ended: %s", job.name, message)
            return JobResult(job.name, message=_sentence(error_text(exc)))
        finally:
            store.close()
        return JobResult(job.name, value=value)

    def _run(self, request: RunRequest) -> "tuple[SignalInstance, object]":
        """The run, start to end, with every resource closed; returns the signal to send and its value."""
        from ..store import Store  # imported here: the worker module stays cheap to import for the window

        options = request.options
        config = request.config
        # R20 first: a run that finds the lock taken never creates or migrates the database under another run.
        lock = RunLock(config.data_dir)
        try:
            lock.acquire()
        except (LockHeld, LockUnavailable) as exc:
            log.info("Run skipped (%s): %s", options.trigger.value, exc.user_message)
            if isinstance(exc, LockHeld):
                try:
                    with Store.open(config.data_dir, clock=self._clock) as store:
                        store.record_skipped_run(options.trigger, exc.said or exc.user_message)
                except Exception:  # the skipped row is a courtesy; the sentence still goes to the window
                    log.warning("The skipped run could not be recorded", exc_info=True)
            return self.run_failed, error_text(exc)
        try:
            try:
                store = Store.open(config.data_dir, clock=self._clock)
            except Exception as exc:  # the database cannot be opened: nothing can be recorded either
                log.error("Run not started: %s", getattr(exc, "user_message", None) or type(exc).__name__)
                return self.run_failed, _not_opened(exc)
            return self._run_in(request, store, lock)
        finally:
            lock.release()

    def _run_in(self, request: RunRequest, store: Store, lock: RunLock) -> "tuple[SignalInstance, object]":
        from .factory import build_engine

        options = request.options
        config = request.config
        engine = None
        try:
            try:
                extra = {} if self._clock is None else {"clock": self._clock}
                engine = build_engine(
                    config,
                    request.credentials,
                    # the Store, telling of the new run (every other attribute is the Store's)
                    cast("Store", _AnnouncingStore(store, lambda run_id: self.run_started.emit(run_id))),
                    progress=lambda p: self.progress.emit(p),
                    cancel=request.cancel,
                    **extra,
                )
                # The connectors check the same flag between retries and pages, so Cancel is heard mid-read too.
                engine.so.cancel = request.cancel
                engine.em.cancel = request.cancel
                summary: RunSummary = engine.run_holding_lock(lock, options)
            except (ConfigError, ConnectorError) as exc:  # the settings cannot work (a bad address, no key)
                store.record_skipped_run(options.trigger, exc.said or _sentence(exc.user_message))
                return self.run_failed, _sentence(error_text(exc))
            except StoreError as exc:  # the history's disk is full, or the history is busy: its own sentence
                log.error("The sync run stopped: %s", exc.user_message)
                _mark_ended(store, exc.said or exc.user_message)
                return self.run_failed, _sentence(error_text(exc))
            except Exception as exc:  # a bug: logged with its traceback, told in one sentence
                log.exception("The sync run crashed")
                _mark_ended(store, Message.of("sync_crashed", error=type(exc).__name__))
                return self.run_failed, _unexpected("sync_crashed", exc)
            log.info("Run %s (%s) ended: %s", summary.run_id, options.trigger.value, summary.status.value)
            if summary.details is not None:
                summary = with_review(summary)
            slim, decisions = for_window(summary)
            del summary  # the decisions' last references are in `decisions` now: freed piecemeal, here
            release(*decisions)
            return self.run_finished, slim
        finally:
            if engine is not None:
                for connector in (engine.so, engine.em):
                    try:
                        connector.close()
                    except Exception:  # closing is best effort
                        log.debug("Closing a connector failed", exc_info=True)
            store.close()


def with_review(summary: RunSummary) -> RunSummary:
    """The summary with the conflict view's rows (`summary.review`) in place of the details they were made from.

    Off the GUI thread: the rows are built and written to a `ReviewTable` (a private SQLite file the
    view reads a page at a time), so the window holds no object per row. The details (everything read
    and planned, about a million objects) are then freed here, piecemeal, rather than on the GUI thread.
    """
    # Imported here: the worker module stays cheap to import for the window.
    from ..domain.review import Review, ReviewCounts, iter_review_rows
    from ..store.errors import DiskFull
    from ..store.review_table import ReviewTable

    details = summary.details
    assert details is not None
    try:
        table = ReviewTable.build(iter_review_rows(details, summary.errors), details.now)
        review = Review((), details.now, table.counts, table)
    except DiskFull as exc:  # the run is recorded; only its preview cannot be shown, and the window says why
        log.warning("The run's preview could not be written: %s", exc.user_message)
        review = Review((), details.now, ReviewCounts(0, 0, 0, 0, 0, 0, 0), None, exc.said)
    release(
        details.superoffice,
        details.emarketeer,
        details.baselines,
        details.plan.decisions,
        details.plan.unmatched_superoffice,
        details.plan.unmatched_emarketeer,
    )
    return dataclasses.replace(summary, details=None, review=review)


class SyncRunner(QObject):
    """Owns the worker and its QThread on the GUI side: start a run, cancel it, shut down cleanly.

    The window and the scheduler share one runner, so there is only ever one run from this
    process; the data directory's lock (R20) keeps out the headless command as well.

    From `start` until the run's last signal (busy_changed(False)) has been relayed, full garbage
    collections are put off (`memory.pause_full_collections`); the one owed is made then, on the
    GUI thread, once whoever listens has taken the outcome in and the run's data is gone.
    """

    run_requested = Signal(object)  # RunRequest, queued to the worker's thread
    job_requested = Signal(object)  # JobRequest, queued the same way
    # The worker's signals, relayed: this object lives on the GUI thread, so whoever connects here is called
    # there (a plain function connected straight to the worker would run on the worker's thread).
    run_started = Signal(int)
    progress = Signal(object)
    run_finished = Signal(object)
    run_failed = Signal(str)
    job_finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self.worker = SyncWorker(clock)
        self._thread = QThread(self)
        self._thread.setObjectName("sync-worker")
        self.worker.moveToThread(self._thread)
        self._thread.finished.connect(self.worker.deleteLater)
        self.run_requested.connect(self.worker.start_run)
        self.job_requested.connect(self.worker.start_job)
        # Relayed through slots on the GUI thread, so the runner can note state before the window hears.
        self.worker.run_started.connect(self._relay_run_started)
        self.worker.progress.connect(self._relay_progress)
        self.worker.run_finished.connect(self._relay_run_finished)
        self.worker.run_failed.connect(self._relay_run_failed)
        self.worker.job_finished.connect(self._relay_job_finished)
        self.worker.busy_changed.connect(self._relay_busy_changed)
        # The last request queued (a sync or a job); setting its cancel flag late is harmless.
        self._current: RunRequest | JobRequest | None = None
        self._collections_paused = 0  # runs started here whose end has not been relayed yet
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def start(self, request: RunRequest) -> bool:
        """Queue `request` on the worker; False (and nothing queued) when a run is already going."""
        if self.worker.busy or not self._thread.isRunning():
            return False
        self.worker.mark_busy()
        self._current = request
        pause_full_collections()
        self._collections_paused += 1
        self.run_requested.emit(request)
        return True

    def start_job(self, job: JobRequest) -> bool:
        """Queue `job` on the worker, as `start` does a sync; False (and nothing queued) when something is going."""
        if self.worker.busy or not self._thread.isRunning():
            return False
        self.worker.mark_busy()
        self._current = job
        pause_full_collections()
        self._collections_paused += 1
        self.job_requested.emit(job)
        return True

    @property
    def current_job(self) -> JobRequest | None:
        """The job queued last, when the last thing queued was a job (the one going, while `busy`)."""
        return self._current if isinstance(self._current, JobRequest) else None

    @Slot(object)
    def _relay_job_finished(self, result: object) -> None:
        self.job_finished.emit(result)

    @Slot(int)
    def _relay_run_started(self, run_id: int) -> None:
        self.run_started.emit(run_id)

    @Slot(object)
    def _relay_progress(self, progress: object) -> None:
        self.progress.emit(progress)

    @Slot(object)
    def _relay_run_finished(self, summary: object) -> None:
        self.run_finished.emit(summary)

    @Slot(str)
    def _relay_run_failed(self, message: str) -> None:
        self.run_failed.emit(message)

    @Slot(bool)
    def _relay_busy_changed(self, busy: bool) -> None:
        self.busy_changed.emit(busy)
        if not busy:
            # The run's last signal: its outcome has been taken in (run_finished or run_failed came first).
            self._resume_collections()

    def _resume_collections(self) -> None:
        if self._collections_paused:
            self._collections_paused -= 1
            resume_full_collections()

    @property
    def current_options(self) -> SyncOptions | None:
        """The options of the run queued last (the one going, while `busy`); None when a job was queued last."""
        return self._current.options if isinstance(self._current, RunRequest) else None

    def cancel(self) -> None:
        """Ask the current run to stop; it ends as 'stopped' with what it did recorded."""
        if self._current is not None:
            self._current.cancel.set()

    def shutdown(self, wait_ms: int = 30_000) -> bool:
        """Cancel any run and stop the thread; True when it stopped within `wait_ms`."""
        self.cancel()
        self._thread.quit()
        stopped = self._thread.wait(wait_ms)
        while self._collections_paused:  # a run whose end will never be relayed now
            self._resume_collections()
        return stopped

    def __repr__(self) -> str:
        return f"SyncRunner(busy={self.busy})"


def _mark_ended(store: Store, said: Message | str) -> None:
    """A run that ended by raising (the engine re-raises DiskFull on purpose: its end could not be recorded) is
    'interrupted', with why, as the window marks a dead process's run at start (ui.shell.main_window). Called while
    this worker still holds the run lock (R20), so no run left 'running' is alive. Before, Home and the History said
    "Running" of it until the next run or the window's next start. Best effort: the disk may still be full."""
    try:
        if ids := store.mark_interrupted_runs(said):
            log.info("Runs %s ended without their end recorded: marked interrupted.", ids)
    except StoreError as exc:
        log.warning("Could not mark the ended run interrupted: %s", exc.user_message)


def _unexpected(kind: str, exc: BaseException) -> str:
    """A bug's one sentence, in the window's language (only the window hears the worker): its kind names what stopped."""
    return message_text(Message.of(kind, error=type(exc).__name__))


def _not_opened(exc: BaseException) -> str:
    """The store could not be opened: its own sentence, or one naming the exception, in the window's language."""
    if getattr(exc, "user_message", None):
        return _sentence(error_text(exc))
    return message_text(Message.of("db_not_opened", error=type(exc).__name__))
