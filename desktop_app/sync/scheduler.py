"""R3: while the sync is on, a run every `interval_minutes`, timed from the last run in the database.

STYLE practice 6, after Vorta's scheduler: one single-shot, named QTimer, re-armed after every
run and whenever the settings are applied. The next time is always computed from the history
(the newest run of any trigger that was not a preview), so closing the app past the due time, or
the machine sleeping through it, gives exactly one catch-up run, not one per missed interval.
Every due time leaves a row: the run itself, or a skipped run saying why it did not start
(another run going in this window, a headless run holding the lock, settings that cannot work).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ..config import AppConfig, ConfigError
from ..domain.messages import Message
from ..domain.model import Trigger, utc_now
from ..secrets import KeyringUnavailable
from .engine import SyncOptions
from .pause import pause_in_force
from .worker import RunRequest, SyncRunner

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

# The timer never sleeps longer than this. Qt's timers follow a monotonic clock that may stand
# still while the machine sleeps; waking up every minute to compare against the wall clock is
# what makes the catch-up after a sleep happen within a minute instead of a whole interval late.
MAX_WAIT = timedelta(minutes=1)

BUSY_MESSAGE = Message.of("scheduled_busy")


class Scheduler(QObject):
    """Starts scheduled runs on the shared `SyncRunner`; `next_run_at` is what the Home tab shows."""

    next_run_changed = Signal(object)  # datetime (aware UTC) or None when nothing is scheduled
    run_skipped = Signal(object)  # a due run could not start: why, a Message (said in the window's language)

    def __init__(
        self,
        runner: SyncRunner,
        store: Store,
        prepare: Callable[[SyncOptions], RunRequest],
        *,
        clock: Callable[[], datetime] = utc_now,
        parent: QObject | None = None,
    ) -> None:
        """`store` is a Store used on the GUI thread (quick reads, skipped-run rows); `prepare` builds a request
        from the applied settings and the keyring and raises ConfigError or KeyringUnavailable when it cannot."""
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.prepare = prepare
        self.clock = clock
        self._config: AppConfig | None = None
        self._due: datetime | None = None
        self._own_run_going = False  # a run this scheduler started has not ended yet
        self._skipped_while_busy = False  # a due time fell in another run: its row is written when that run ends
        # The newest row's id when this scheduler's run started (None: no row yet); read when that run ends.
        self._started_after: int | None = None
        # (newest row's id, not before): this scheduler's run ended without a row of its own, so the history still
        # says overdue; the next try waits an interval rather than firing again at once (see _runner_busy_changed).
        self._held_back: tuple[int | None, datetime] | None = None
        # No scheduled run before this time (demo mode: the sample data's differences stay to be looked at).
        self.not_before: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("scheduled-sync-timer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timer_fired)
        runner.busy_changed.connect(self._runner_busy_changed)

    # ------------------------------------------------------------ state

    @property
    def next_run_at(self) -> datetime | None:
        """When the next scheduled run is due (in the past or now: it is about to start); None when the sync is off."""
        return self._due

    @property
    def enabled(self) -> bool:
        return self._config is not None and self._config.sync_on

    @property
    def timer(self) -> QTimer:
        return self._timer

    # ------------------------------------------------------------ arming

    def apply_config(self, config: AppConfig) -> None:
        """New settings were applied (or the window opened): switch on, off, or re-time."""
        self._config = config
        self._held_back = None  # new settings may well be what a run that could not start was missing
        self.rearm()

    def stop(self) -> None:
        self._config = None
        self._timer.stop()
        self._set_due(None)

    def record_skipped_at_close(self) -> None:
        """The window closes, its runner stopped: the row of a due time skipped during the last run. That run's end
        would have written it (_runner_busy_changed), but its signal is queued to an event loop that is ending."""
        if self._skipped_while_busy:
            self._skipped_while_busy = False
            self.store.record_skipped_run(Trigger.SCHEDULED, BUSY_MESSAGE)

    @Slot()
    def rearm(self) -> None:
        """Compute the next due time from the history and arm the timer for it (or for MAX_WAIT, whichever is sooner)."""
        self._timer.stop()
        if not self.enabled:
            self._set_due(None)
            return
        assert self._config is not None
        if self._own_run_going and self.runner.busy:
            return  # the scheduled run is going; its end re-arms from its row in the history
        now = self.clock()
        last = self.store.last_run(dry_run=False)
        interval = timedelta(minutes=self._config.interval_minutes)
        # Overdue (never run, app closed, machine asleep) is due now: one catch-up run, not one per missed interval.
        # A last run stamped later than now (the clock was set back since) counts from now: timed from its stamp,
        # the next run would wait out the whole jump, a day for a clock that was a day fast.
        due = now if last is None else max(min(last.started_at, now) + interval, now)
        newest = None if last is None else last.id
        if self._held_back is not None:
            held_from, until = self._held_back
            if held_from != newest or until - now > interval:
                self._held_back = None  # a row came since (a run from elsewhere), or the clock went back past it
            elif due < until:
                due = until
        if self.not_before is not None and due < self.not_before:
            due = self.not_before
        pause = pause_in_force(self.store, now)  # a vendor asked for a long pause (Retry-After): not before then
        if pause is not None and due < pause.until:
            due = pause.until
        self._set_due(due)
        self._arm(due)

    def _arm(self, due: datetime) -> None:
        """The timer for `due`, or for MAX_WAIT if that is sooner (the clock may jump: sleep, a changed time)."""
        wait = min(max(due - self.clock(), timedelta(0)), MAX_WAIT)
        self._timer.start(int(wait.total_seconds() * 1000))

    def _set_due(self, due: datetime | None) -> None:
        if due != self._due:
            self._due = due
            self.next_run_changed.emit(due)

    # ------------------------------------------------------------ firing

    @Slot()
    def _timer_fired(self) -> None:
        if not self.enabled or self._due is None:
            return
        if self.clock() < self._due:
            if self.runner.busy:
                # A MAX_WAIT wake-up during a run: the run's end re-arms from the history (_runner_busy_changed), so
                # wait on for the due time already known. Reading the store here made the window's thread wait for
                # the run's threads at every SQLite step it took: pauses of 75-95 ms in a million-contact preview
                # (issue 11 pt 5).
                self._arm(self._due)
                return
            self.rearm()  # a MAX_WAIT wake-up: not due yet
            return
        self.run_due()

    def run_due(self) -> None:
        """Start the due run now, or record why it was skipped; the timer is re-armed either way."""
        if self.runner.busy:
            self._skip_after_run()
            return
        try:
            request = self.prepare(SyncOptions(trigger=Trigger.SCHEDULED))
        except (ConfigError, KeyringUnavailable) as exc:
            self._skip(Message.of("scheduled_not_started", reason=exc.said or exc.user_message))
            return
        last = self.store.last_run(dry_run=False)
        if not self.runner.start(request):
            if self.runner.busy:
                self._skip_after_run()
            else:
                self._skip(BUSY_MESSAGE)
            return
        self._own_run_going = True
        self._started_after = None if last is None else last.id
        log.info("Scheduled sync started.")
        # The runner's busy_changed(False) re-arms once the run has ended and is in the history.

    def _skip(self, message: Message) -> None:
        log.info("Scheduled sync skipped: %s", message.english())
        self._record_skip(message)

    def _record_skip(self, message: Message) -> None:
        """The skipped run's row, the signal, and the timer re-armed."""
        self.store.record_skipped_run(Trigger.SCHEDULED, message)
        self.run_skipped.emit(message)
        self.rearm()

    def _skip_after_run(self) -> None:
        """Due while another run goes in this window: skipped, and its row written once that run has ended (its end
        re-arms the timer too). Written now, the row would wait on the window's thread for the run's write
        transactions, which hold the history for seconds at a time in a large run (the fold of a full read)."""
        log.info("Scheduled sync skipped: %s", BUSY_MESSAGE.english())
        self._skipped_while_busy = True

    @Slot(bool)
    def _runner_busy_changed(self, busy: bool) -> None:
        # Queued from the worker's thread: by the time it arrives another run may have started.
        if not busy and not self.runner.busy:
            if self._own_run_going:
                self._own_run_going = False
                self._hold_back_if_no_row()
            if self._skipped_while_busy:
                self._skipped_while_busy = False
                self._record_skip(BUSY_MESSAGE)  # logged when it fell due (_skip_after_run)
                return
            self.rearm()

    def _hold_back_if_no_row(self) -> None:
        """This scheduler's run has ended: if it left no row (the run lock could not be made, the history could not
        be opened, a crash before the run began), the history still says the run is overdue, and re-armed from it the
        timer would fire again at once: hundreds of failed starts a second, each a notice. The next try then waits
        one interval, as after a run (new settings, or a row from another run, lift the wait)."""
        if self._config is None:
            return
        last = self.store.last_run(dry_run=False)
        newest = None if last is None else last.id
        if newest == self._started_after:
            until = self.clock() + timedelta(minutes=self._config.interval_minutes)
            log.info("The scheduled sync could not start; the next try is at %s.", until.isoformat(timespec="seconds"))
            self._held_back = (newest, until)
