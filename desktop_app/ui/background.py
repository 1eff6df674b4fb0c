"""Short blocking jobs of the window (test connection, sign-in) on a thread pool, with results back on the GUI thread.

Sync runs do not come here: they have their own worker on a QThread (`sync.worker`). This is
for the small things that would otherwise freeze the window while a server answers.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

# At close, how long the window waits for jobs still going. Their results are no longer needed (a list read from
# eMarketeer, a connection test); one on a slow or hung server would otherwise hold Close for its whole timeout.
STOP_WAIT_MS = 300

# Pools let go of at close with a job still going, kept here until it ends: Qt's QThreadPool destructor waits for its
# jobs without a limit, so deleted with the window it would freeze the window's deletion instead of its Close.
_let_go: list[QThreadPool] = []


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], object], owner: "BackgroundJobs") -> None:
        super().__init__()
        self._job_id = job_id
        self._fn = fn
        self._owner = owner

    def run(self) -> None:  # Qt override: runs on a pool thread
        try:
            result, error = self._fn(), None
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI thread, nothing escapes into Qt
            result, error = None, exc
        # Emitted from the pool thread; the owner lives on the GUI thread, so delivery is queued there.
        try:
            self._owner.job_done.emit(self._job_id, result, error)
        except RuntimeError:  # the window was torn down while this job ran: nobody is left to tell
            log.debug("Background job %s finished after its owner was deleted", self._job_id)


class BackgroundJobs(QObject):
    """Runs callables on a private pool; `on_done(result)` or `on_error(exception)` is called on the GUI thread."""

    job_done = Signal(int, object, object)  # job id, result, exception (or None)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        # on_done(result) gets what its own job's fn returned (the T of `submit`), so Any here
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        # Set at close (`stop`): a job's connectors may take it as their cancel token, so a read in flight ends soon.
        self.stopping = threading.Event()
        self.job_done.connect(self._deliver)

    def submit(
        self, fn: Callable[[], T], on_done: Callable[[T], None], on_error: Callable[[BaseException], None]
    ) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._pool.start(_Job(job_id, fn, self))
        return job_id

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: object, error: object) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is None:
            return
        on_done, on_error = callbacks
        if isinstance(error, BaseException):
            on_error(error)
        else:
            on_done(result)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for running jobs; False if some are still going."""
        return self._pool.waitForDone(msecs)

    def stop(self, msecs: int = STOP_WAIT_MS) -> bool:
        """At close: ask the jobs to stop (`stopping`), wait for them at most `msecs`, and forget their callbacks.

        A job still going after that is not waited for: nothing it returns is needed. Its pool is taken from this
        object (so from the window, whose deletion would wait for it) and kept until the job ends. True when every
        job had ended."""
        if self.stopping.is_set():
            return not self._pool.activeThreadCount()  # stopped already (the panel's and the window's jobs are one)
        self.stopping.set()
        done = self._pool.waitForDone(msecs)
        self._callbacks.clear()
        _let_go[:] = [pool for pool in _let_go if pool.activeThreadCount()]  # those whose jobs ended may go now
        if not done:
            log.info("Closing without waiting for %s background job(s) still going.", self._pool.activeThreadCount())
            self._pool.setParent(None)
            _let_go.append(self._pool)
        return done
