"""The engine: read both systems, plan with the domain rules, apply with re-reads, record every step.

One run = lock (R20), recover what a dead run left pending (R18), read (full, incremental R21, or
only some addresses), plan (domain), then either stop (dry run, R16) or write in chunks, each
chunk re-reading its targets first (R14) and recording each write before and after it is sent
(R15, R18). Everything the caller needs (window, scheduler, command line) comes back as a
`RunSummary`; progress and cancellation go through plain callables so Qt stays out of here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from ..connectors.emarketeer import EmarketeerConnector
from ..connectors.errors import (
    AmbiguousWriteError,
    CancelledError,
    ConfigurationError,
    ConnectorError,
    InvalidRequestError,
    NotFoundError,
    PauseRequestedError,
)
from ..connectors.superoffice import SuperOfficeConnector
from ..domain.email import InvalidEmail, address_key, normalise_email
from ..domain.messages import Message, english, scrubbed
from ..domain.model import (
    EMPTY_CONSENTS,
    PURPOSES,
    Consent,
    ContactBaseline,
    ContactError,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    RunMode,
    RunStatus,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
    Trigger,
    utc_now,
)
from ..domain.planner import Answer, Decision, Plan, PlanSettings, decide_contact, plan
from ..domain.records import (
    EmConsentRecord,
    SoConsentRow,
    build_emarketeer_index,
    build_superoffice_index,
    merge_emarketeer_changes,
    merge_superoffice_changes,
    primary_addresses,
)
from ..domain.review import Review
from ..domain.safety import BrakeSettings, brake_holds, split_flapping
from ..redaction import scrub
from ..store import BaselineEntry, DecisionStatus, DiskFull, Store
from ..store.records import DecisionRecord, FlappingRecord, HeldRecord, HeldRunRecord
from ..store.safety import ANSWER_VOID, ANSWER_VOID_GONE, ANSWER_VOID_HOLDS_OFF, RUN_APPLIED, RUN_WAITING
from . import reference
from .lock import RunLock
from .memory import pause_full_collections, release, resume_full_collections
from .pause import keep_asked_pause, pause_in_force
from .preview import PreviewWriter
from .slices import StoredContacts, baseline_kept, plan_in_slices, prefetch, tracked

log = logging.getLogger(__name__)

T = TypeVar("T")

# Cursor names (R21): each system's own time (its Date header) when the last complete read of it began.
CURSOR_SO_CONSENT = "superoffice.consent"
CURSOR_SO_EMAIL = "superoffice.email"
CURSOR_EM_CONSENT = "emarketeer.consent"
CURSOR_EM_CONTACT = "emarketeer.contact"


LEAST_OVERLAP = timedelta(seconds=1)  # R21: how far before a cursor a changes read starts, at the least (_since)


@dataclass(frozen=True, slots=True)
class EngineSettings:
    clock_skew: timedelta = timedelta(minutes=2)
    overlap: timedelta = timedelta(minutes=5)
    # R14: each chunk's eMarketeer re-read starts at least this long before where the previous one began
    # (eMarketeer's own Date; its records carry whole seconds), more when the run's own writes measured its record
    # stamps further behind that Date, not a whole overlap before the run's read (issue 11).
    reread_margin: timedelta = timedelta(seconds=2)
    full_run_every: timedelta = timedelta(hours=24)
    write_chunk: int = 200
    max_concurrency: int = 4
    # An --only run of at least this many addresses reads what changed since the last run instead of one
    # eMarketeer GET per address (see SyncEngine._read_only_bulk); smaller ones read each address directly.
    only_bulk_from: int = 50
    # A full run decides the replica this many eMarketeer contacts at a time (issue 11: bounded memory).
    plan_slice: int = 20_000
    # Issue 9: a run still going after this long is stopped cleanly (status stopped), whatever it waits for.
    max_run_time: timedelta = timedelta(hours=2)
    duplicates: DuplicatePolicy = DuplicatePolicy.ALL  # R9
    hold_reversals: bool = True  # R24
    brake: BrakeSettings = BrakeSettings()  # R23

    def plan_settings(self) -> PlanSettings:
        return PlanSettings(self.clock_skew, duplicates=self.duplicates, hold_reversals=self.hold_reversals)


@dataclass(frozen=True, slots=True)
class SyncOptions:
    trigger: Trigger = Trigger.MANUAL
    dry_run: bool = False
    only: tuple[str, ...] = ()
    mode: RunMode | None = None  # None: incremental when a recent full run exists, else full
    keep_details: bool = False  # keep what was read and planned on the summary (the conflict view's preview)
    allow_mass_change: bool = False  # R23: let this one run past the mass-change brake
    apply_held_run: int | None = None  # R23: run exactly the plan of this held run (a person approved it)
    user: str = ""  # who approved a held run (R23), for the audit trail


class Progress(NamedTuple):
    phase: str  # "reading", "planning", "writing", "done"
    done: int
    total: int
    message: str  # in English (the command line, the log)
    said: Message | None = None  # the same, typed: the window words it in its language


@dataclass(frozen=True, slots=True)
class RunDetails:
    """Everything a run read and decided, for the conflict view (only when SyncOptions.keep_details)."""

    superoffice: dict[str, SuperOfficeContact]
    emarketeer: dict[str, EmarketeerContact]
    baselines: dict[str, ContactBaseline]
    plan: Plan
    now: datetime


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did, for the window, the scheduler and `sync --json`."""

    run_id: int | None
    status: RunStatus
    trigger: Trigger
    mode: RunMode
    dry_run: bool
    matched: int = 0
    unmatched_superoffice: int = 0
    unmatched_emarketeer: int = 0
    in_sync: int = 0
    changes: tuple[Decision, ...] = ()  # applied writes (dry run: the writes that would be made)
    conflicts: tuple[Decision, ...] = ()
    errors: tuple[ContactError, ...] = ()
    message: str | None = None  # in English (the command line, `sync --json`, the history)
    said: Message | None = field(default=None, compare=False)  # the same, typed, for the window
    started_at: datetime | None = None
    ended_at: datetime | None = None
    requests_superoffice: int = 0
    requests_emarketeer: int = 0
    fatal: BaseException | None = field(default=None, compare=False, repr=False)
    details: RunDetails | None = field(default=None, compare=False, repr=False)
    # The conflict view's rows, made from `details` by whoever shows them, off the GUI thread: the window's
    # worker (sync.worker) builds them and sends this instead of the details, so the window only shows them.
    review: Review | None = field(default=None, compare=False, repr=False)
    # R24: the decisions this run held for a person (not in `changes`). An incremental run does not decide again the
    # addresses held earlier that nothing changed (issue 11), so every hold is the store's: see commands.every_hold.
    held: tuple[Decision, ...] = ()
    # The addresses this run decided: None for every one (a full run), empty when it planned nothing.
    decided: frozenset[str] | None = field(default=frozenset(), compare=False, repr=False)
    flapping: tuple[FlappingRecord, ...] = ()  # R25: pairs the app stopped writing, not yet cleared

    @property
    def held_by_brake(self) -> bool:
        """R23: the run wrote nothing; `changes` is what it would write."""
        return self.status is RunStatus.HELD

    def to_json(self, held: Sequence[Decision | HeldRecord] | None = None) -> dict[str, Any]:
        """shared/CLI.md's `sync --json`; `held`: every decision held for a person (`every_hold`), else this run's."""
        return {
            "run_id": self.run_id,
            # A run a vendor's pause (R18) kept from starting is recorded as skipped; shared/CLI.md's statuses for a
            # run with a number are done, stopped, failed and held: it stopped before its first request.
            "status": (
                self.status.value
                if self.status in (RunStatus.DONE, RunStatus.STOPPED, RunStatus.HELD)
                else RunStatus.STOPPED.value
                if self.status is RunStatus.SKIPPED
                else "failed"
            ),
            "dry_run": self.dry_run,
            "trigger": self.trigger.value,
            "mode": self.mode.value,
            "matched": self.matched,
            "unmatched_superoffice": self.unmatched_superoffice,
            "unmatched_emarketeer": self.unmatched_emarketeer,
            "changes": [
                {
                    "email": d.email,
                    "purpose": d.purpose.value,
                    "target": d.target.value if d.target else None,
                    "old": _value(d.old),
                    "new": _value(d.new),
                    "rule": d.rule.value,
                }
                for d in self.changes
            ],
            "conflicts": [
                {
                    "email": d.email,
                    "purpose": d.purpose.value,
                    "superoffice": _value(d.superoffice.basis),
                    "emarketeer": _value(d.emarketeer.basis),
                    "rule": d.rule.value,
                }
                for d in self.conflicts
            ],
            "errors": [
                {"email": e.email, "purpose": e.purpose.value if e.purpose else None, "reason": e.reason}
                for e in self.errors
            ],
            "held": [
                {
                    "email": d.email,
                    "purpose": d.purpose.value,
                    "superoffice": _value(d.superoffice.basis),
                    "emarketeer": _value(d.emarketeer.basis),
                    "would_write": {"target": d.target.value if d.target else None, "new": _value(d.new)},
                    "rule": "R24",
                }
                for d in (self.held if held is None else held)
            ],
            "flapping": [
                {"email": f.email, "purpose": f.purpose.value, "writes_24h": f.writes_24h} for f in self.flapping
            ],
            "message": self.message,
            "requests": {"superoffice": self.requests_superoffice, "emarketeer": self.requests_emarketeer},
        }


def _value(basis: LegalBasis | None) -> str | None:
    return None if basis is None else basis.value


def held_message(writes: int, matched: int, first_full: bool, *, preview: bool = False) -> Message:
    """R23: the one sentence a held run leaves for people; `preview`: a dry run's (R16), which a real run's brake
    would hold."""
    why = Message.of("first_full_run") if first_full else Message.of("for_matched", n=matched)
    return Message.of("dry_run_held" if preview else "held_run", n=writes, why=why)


def _superoffice_landed(record: DecisionRecord, current: Consent) -> bool | None:
    """R18 for a SuperOffice write left pending: SuperOffice's PUT carries no token, so the consent row is all there is
    to go by. It holds the decided value: landed. It still holds what it held when the run decided (the same value,
    and the same change time where the decision read this very person): it did not land. Anything else (another
    value, the row removed, the old value at a new time) was changed since, by someone, after the write may have
    landed: None, not confirmed. Before, that was recorded as "not applied", which the audit trail cannot know."""
    if current.basis == record.new:
        return True
    if current.basis != record.old:
        return None
    same_person = record.decided_by in (None, record.person_id)
    if same_person and record.old is not None and current.changed_at != record.superoffice.changed_at:
        return None
    return False


class _Finished(Exception):
    """Raised inside a run that ended its own way (a held run applied) with a recorded status."""

    def __init__(self, status: RunStatus, message: Message | str | None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _RunStopped(Exception):
    """Raised inside a run to end it early with a recorded status."""

    def __init__(self, status: RunStatus, message: Message | str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.cause = cause


@dataclass(slots=True)
class _Snapshot:
    """What a run read: both sides for the addresses in scope, plus read errors and cursor candidates."""

    superoffice: dict[str, SuperOfficeContact] | StoredContacts[SuperOfficeContact]
    emarketeer: dict[str, EmarketeerContact] | StoredContacts[EmarketeerContact]
    errors: list[ContactError]
    scope: frozenset[str] | None  # None: every address
    # The newest *trusted* change time seen per cursor name (R17: no error, not in the future); only used
    # when a system sent no Date header (see next_cursor).
    cursors: dict[str, datetime]
    # False for --only runs: they decide only their scope, so the global cursors (R21) stay where they are.
    save_cursors: bool = True
    # Each system's own time (its Date header) when this run's read of it began: the next cursor (R21) and
    # where R14's batched re-read of eMarketeer starts. Never a change time a record claims.
    read_began: dict[System, datetime | None] = field(default_factory=dict)
    # True for a full run's snapshot: both sides are in the store's replica (StoredContacts), planned in slices.
    in_store: bool = False
    # R14's eMarketeer re-reads (see SyncEngine._reread_emarketeer): where the last one began (eMarketeer's Date),
    # and what others changed since this run read eMarketeer, newest per address and purpose.
    em_reread_from: datetime | None = None
    em_moved: dict[tuple[str, Purpose], Consent] = field(default_factory=dict)


class SyncEngine:
    """Runs one sync at a time against a data directory. Thread-agnostic: call `run` from a worker."""

    def __init__(
        self,
        data_dir: Path,
        store: Store,
        superoffice: SuperOfficeConnector,
        emarketeer: EmarketeerConnector,
        settings: EngineSettings = EngineSettings(),
        *,
        clock: Callable[[], datetime] = utc_now,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.store = store
        self.so = superoffice
        self.em = emarketeer
        self.settings = settings
        self.clock = clock
        self._progress = progress
        self.cancel = cancel or threading.Event()
        self._stop_reason: Message | str | None = None
        # The connectors hear a stop (Cancel, a signal, the time limit) between retries and pages too.
        for connector in (superoffice, emarketeer):
            try:
                connector.cancel = self.cancel
            except AttributeError:  # a test's stand-in without one
                pass

    def stop(self, reason: Message | str) -> None:
        """End the run cleanly as soon as it can (a signal, the window closing, the time limit): no new write
        leaves, what is in flight is finished or left pending for the next run to check (R18); the run is
        recorded as stopped with `reason` (the first one given), a sentence ending in a full stop."""
        if self._stop_reason is None:
            self._stop_reason = reason
        self.cancel.set()

    # ----------------------------------------------------------------- public

    def run(self, options: SyncOptions = SyncOptions()) -> RunSummary:
        """One run, start to end. Raises LockHeld when another run holds the data directory."""
        with RunLock(self.data_dir):
            return self._run_locked(options)

    def run_holding_lock(self, lock: RunLock, options: SyncOptions = SyncOptions()) -> RunSummary:
        """One run for a caller that already holds the data directory's lock (R20): a send keeps it from
        its send-time sync through its last Messages API call, so no other run or send slips in between."""
        if not lock.held or Path(lock.path).parent.resolve() != self.data_dir.resolve():
            raise RuntimeError("run_holding_lock needs this data directory's RunLock, held")
        return self._run_locked(options)

    # ---------------------------------------------------------------- the run

    def _run_locked(self, options: SyncOptions) -> RunSummary:
        limit = self.settings.max_run_time.total_seconds()
        timer = threading.Timer(
            limit,
            self.stop,
            args=(
                f"The run went on longer than its limit of {_duration(self.settings.max_run_time)} and was stopped; "
                "what was done is recorded, and the next run goes on from there.",
            ),
        )
        timer.daemon = True
        timer.start()
        # Full collections wait for the run's end, as the window's runs already did (memory.pause_full_collections;
        # calls nest, so a run the window started keeps the window's pause). Without it a headless run (the command
        # line, a send's sync) had 3.11's collector scan the whole growing heap each time it grew by a quarter: 40
        # full collections, 2.6 s of a 100,000-contact full run (issue 11 pt 4).
        pause_full_collections()
        try:
            return self._run_timed(options)
        finally:
            timer.cancel()
            resume_full_collections()

    def _run_timed(self, options: SyncOptions) -> RunSummary:
        store = self.store
        store.mark_interrupted_runs(Message.of("interrupted"))
        so_before, em_before = self._request_counts()
        held_run = None
        if options.apply_held_run is not None:
            held_run = store.get_held_run(options.apply_held_run)
            held_source = store.get_run(options.apply_held_run)
            mode = held_source.mode if held_source is not None and held_source.mode is not None else RunMode.FULL
        else:
            mode = self._choose_mode(options)
        started = self.clock()
        pause = pause_in_force(store, started)
        if pause is not None:  # a vendor asked us to wait (a long Retry-After): not even a request before then
            waiting = pause.message(started)
            run_id = store.record_skipped_run(
                options.trigger, waiting, mode=mode, dry_run=options.dry_run, only=options.only
            )
            self._emit("done", 1, 1, waiting)
            return RunSummary(
                run_id=run_id,
                status=RunStatus.SKIPPED,
                trigger=options.trigger,
                mode=mode,
                dry_run=options.dry_run,
                message=waiting.english(),
                said=waiting,
                started_at=started,
                ended_at=started,
            )
        run_id = store.start_run(options.trigger, mode, options.dry_run, options.only)
        state = _RunState(run_id=run_id, options=options, mode=mode, started=started)
        snapshot: _Snapshot | None = None
        baselines: dict[str, ContactBaseline] | None = None
        the_plan: Plan | None = None
        status: RunStatus
        message: Message | str | None
        try:
            if options.apply_held_run is not None:
                self._recover_pending(state)
                status, message, snapshot = self._apply_held(state, held_run)
                raise _Finished(status, message)
            self._recover_pending(state)
            self._check_cancel()
            self._emit("reading", 0, 0, Message.of("loading"))
            # R21: each system's own time when this read begins, from the Date header of its first answer.
            self.so.server_clock.begin()
            self.em.server_clock.begin()
            reference.prepare(store, self.so, self.em, self.clock())  # kept between runs (issue 11)
            snapshot = self._read(state)
            snapshot.read_began = {
                System.SUPEROFFICE: self._read_began(self.so),
                System.EMARKETEER: self._read_began(self.em),
            }
            self._include_answered(snapshot, every_hold=options.keep_details)
            self._check_cancel()
            self._emit("planning", 0, 0, Message.of("deciding"))
            plan_time = self.clock()
            answers = store.open_answers(None if snapshot.scope is None else snapshot.scope)
            unreadable = _unreadable(snapshot.errors)  # R24: not known to be gone (see plan)
            if snapshot.in_store:
                # A full run's replica is in the store: decided a slice at a time, agreements saved as it goes;
                # a preview's rows are written as each slice is decided (sync.preview).
                if options.keep_details:
                    state.preview = PreviewWriter(snapshot.errors, plan_time)
                the_plan = plan_in_slices(
                    store,
                    plan_time,
                    self.settings.plan_settings(),
                    save_agreements=not options.dry_run,
                    size=self.settings.plan_slice,
                    check=self._check_cancel,
                    answers=answers,
                    each=state.preview.add if state.preview is not None else None,
                )
                if state.preview is not None:
                    state.review = state.preview.finish(store.load_baselines)
                    state.preview = None
                self._answers_left(the_plan, answers, plan_time, unreadable)
            else:
                baselines = store.load_baselines(None if snapshot.scope is None else snapshot.scope)
                superoffice, emarketeer = _in_memory(snapshot)
                the_plan = plan(
                    superoffice,
                    emarketeer,
                    baselines,
                    plan_time,
                    self.settings.plan_settings(),
                    only=snapshot.scope,
                    answers=answers,
                    unreadable=unreadable,
                )
            if options.keep_details and not snapshot.in_store:
                assert baselines is not None  # planned in memory above
                state.details = RunDetails(*_in_memory(snapshot), baselines, the_plan, plan_time)
            state.absorb_plan(the_plan, snapshot.errors)
            state.decided = snapshot.scope
            store.record_errors(run_id, state.errors)
            # R25: pairs something keeps changing back are not written; R24's held ones never were in `writes`.
            writes = the_plan.writes
            history = store.recent_writes({(d.email, d.purpose) for d in writes}, plan_time)
            writes, flapping = split_flapping(writes, history, store.flapping_keys())
            state.held.extend(the_plan.held)
            first_full = (
                mode is RunMode.FULL
                and store.last_run(statuses=(RunStatus.DONE,), mode=RunMode.FULL, dry_run=False) is None
            )
            braked = not options.allow_mass_change and brake_holds(
                len(writes), the_plan.matched, first_full, self.settings.brake
            )
            if options.dry_run:
                store.record_decisions(run_id, writes, DecisionStatus.PLANNED)
                store.record_decisions(run_id, the_plan.held, DecisionStatus.HELD)
                state.changes.extend(writes)
                # R16 shows what a real run would do; when R23 would hold that one, the preview says so.
                message = (
                    held_message(len(writes), the_plan.matched, first_full, preview=True)
                    if braked
                    else Message.of("dry_run")
                )
                status = RunStatus.DONE
            elif braked:
                # R23: nothing is written; the plan is recorded for a person to apply or discard.
                store.record_decisions(run_id, writes, DecisionStatus.PLANNED)
                store.record_held_run(run_id, len(writes), the_plan.matched)
                state.changes.extend(writes)
                status, message = RunStatus.HELD, held_message(len(writes), the_plan.matched, first_full)
            else:
                self._carry_out(state, the_plan, writes, flapping, snapshot)
                if snapshot.save_cursors:
                    self._save_cursors(snapshot)
                store.supersede_held_runs()
                status, message = RunStatus.DONE, None
        except _Finished as done:
            status, message = done.status, done.message
        except _RunStopped as stop:
            status, message = stop.status, stop.message
            state.fatal = stop.cause
        except ConnectorError as exc:  # a whole service failed (auth, unreachable, retries exhausted)
            stopped = self._stop_for(exc)
            status, message = stopped.status, stopped.message
            state.fatal = exc
        except DiskFull:
            # Nothing more can be recorded, not even the run's end: the next run marks it interrupted and its
            # recovery (R18) confirms the writes whose pending tokens were recorded (issue 9 pt 4).
            raise
        except Exception as exc:  # a bug: record it, never leave the run 'running'
            log.exception("Sync run %s failed", run_id)
            status, message = RunStatus.FAILED, Message.of("unexpected", error=f"{exc.__class__.__name__}: {exc}")
            state.fatal = exc
        try:
            reference.remember(store, self.em, self.clock())  # read again within the run (an id the kept copy lacked)
        except Exception:  # noqa: BLE001 - a cache: the next run reads it again
            log.warning("Could not keep eMarketeer's master data", exc_info=True)
        if isinstance(message, Message):
            message = scrubbed(message, scrub)  # R19: a run's message may carry an exception's text; it is kept
        elif message:
            message = scrub(message)
        ended = self.clock()
        so_after, em_after = self._request_counts()
        flapping_now: tuple[FlappingRecord, ...] = ()
        try:
            flapping_now = tuple(store.flapping())
        except Exception:  # the summary must come back even when the store is in trouble
            log.warning("Could not list flapping pairs", exc_info=True)
        store.finish_run(
            run_id,
            status,
            matched=state.matched,
            unmatched_superoffice=state.unmatched_so,
            unmatched_emarketeer=state.unmatched_em,
            # A held run (R23) wrote nothing: its plan is in its decisions and held_run, not in its change count.
            changes=0 if status is RunStatus.HELD else len(state.changes),
            conflicts=len(state.conflicts),
            errors=len(state.errors),
            message=message,
        )
        said = message if isinstance(message, Message) else None
        if state.preview is not None:  # the run ended while deciding: no preview
            state.preview.discard()
        if state.details is None:
            # What was read and planned goes now, piecemeal (see memory.release): the summary keeps only its tuples.
            self._let_go(snapshot, baselines, the_plan)
        self._emit("done", 1, 1, message or Message.of("finished"))
        return RunSummary(
            run_id=run_id,
            status=status,
            trigger=options.trigger,
            mode=mode,
            dry_run=options.dry_run,
            matched=state.matched,
            unmatched_superoffice=state.unmatched_so,
            unmatched_emarketeer=state.unmatched_em,
            in_sync=state.in_sync,
            changes=tuple(state.changes),
            conflicts=tuple(state.conflicts),
            errors=tuple(state.errors),
            message=english(message) or None,
            said=said,
            started_at=started,
            ended_at=ended,
            requests_superoffice=so_after - so_before,
            requests_emarketeer=em_after - em_before,
            fatal=state.fatal,
            details=state.details,
            review=state.review,
            held=tuple(state.held),
            decided=state.decided,
            flapping=flapping_now,
        )

    # ------------------------------------------------------- R23/R24 seams

    def _include_answered(self, snapshot: _Snapshot, *, every_hold: bool = False) -> None:
        """R24: an address a person answered for is decided by the next run even when nothing about it changed (an
        incremental run reads only changes), so the answer is carried out; and when "Hold reversed withdrawals for
        review" is off, so is every held address, which R5 then decides and the held list lets go. A held address
        nobody answered and nothing changed is not decided again: its held row stays as it is (issue 11: the
        run's work follows the changes, not the held list). Values come from the replica, as last read.

        `every_hold`: a preview (keep_details) decides every held address too, so that the conflict view's "Held"
        filter lists them all with Approve / Keep withdrawn: a person asked to see them."""
        if snapshot.scope is None or not snapshot.save_cursors:
            return  # a full run decides every address; an --only run decides only its own
        extra = self.store.answer_emails()
        if every_hold or not self.settings.hold_reversals:
            extra |= self.store.held_emails()
        extra -= snapshot.scope
        if not extra:
            return
        superoffice, emarketeer = _in_memory(snapshot)  # a full run's is in the store, but returned above
        superoffice.update(self.store.load_superoffice(extra))
        emarketeer.update(self.store.load_emarketeer(extra))
        snapshot.scope = snapshot.scope | frozenset(extra)

    def _answers_left(
        self, the_plan: Plan, answers: Mapping[str, Sequence[Answer]], now: datetime, unreadable: frozenset[str]
    ) -> None:
        """R24, a full run: the open answers its slices did not close are decided again here, for their answers only.
        A contact in step is counted in SQL and never shown to the planner (plan_in_slices), and an address neither
        system holds any more is in no slice: their answers stayed open, listed as waiting, until some incremental
        run (or for ever). Both sides come from the replica the run just read; the decisions were the slices'."""
        done = {*the_plan.used_answers, *the_plan.void_answers, *the_plan.holds_off_answers, *the_plan.gone_answers}
        left = frozenset(email for email, given in answers.items() if any(a.id not in done for a in given))
        if not left:
            return
        store = self.store
        rest = plan(
            store.load_superoffice(left),
            store.load_emarketeer(left),
            store.load_baselines(left),
            now,
            self.settings.plan_settings(),
            only=left,
            answers={email: answers[email] for email in left},
            unreadable=unreadable,
        )
        the_plan.void_answers.extend(i for i in rest.void_answers if i not in done)
        the_plan.holds_off_answers.extend(i for i in rest.holds_off_answers if i not in done)
        the_plan.gone_answers.extend(i for i in rest.gone_answers if i not in done)

    def _apply_held(
        self, state: "_RunState", held_run: HeldRunRecord | None
    ) -> tuple[RunStatus, Message, _Snapshot | None]:
        """R23: a person approved a held run: its plan is written, but only what is still decided the same way now.

        Both systems are read afresh for the plan's addresses and decided again with today's baselines and answers
        (R13, R24): a write whose contact moved since the run was held (a withdrawal made since, on either side; an
        approval voided or answered "Keep withdrawn" since) is not made, and the next run decides it afresh; each
        target is re-read right before its write (R14). Before, the plan's stored values were written as they
        were: a positive basis over a withdrawal made after the hold, or one a person had since said to keep."""
        store = self.store
        run_id = state.options.apply_held_run
        assert run_id is not None  # only called for such a run
        if held_run is None or held_run.status != RUN_WAITING:
            return RunStatus.FAILED, Message.of("not_waiting", run=run_id), None
        stored = [
            r.to_decision() for r in store.decisions(run_id, writes_only=True) if r.status is DecisionStatus.PLANNED
        ]
        scope = frozenset(d.email for d in stored)
        state.matched = held_run.matched
        self.so.load_lists()
        self.em.load_master_data()
        self._emit("reading", 0, 0, Message.of("loading"))
        self.so.server_clock.begin()
        self.em.server_clock.begin()
        snapshot = self._read_addresses(scope, [])
        snapshot.read_began = {
            System.SUPEROFFICE: self._read_began(self.so),
            System.EMARKETEER: self._read_began(self.em),
        }
        self._check_cancel()
        self._emit("planning", 0, 0, Message.of("deciding"))
        plan_time = self.clock()
        superoffice, emarketeer = _in_memory(snapshot)
        fresh = plan(
            superoffice,
            emarketeer,
            store.load_baselines(scope),
            plan_time,
            self.settings.plan_settings(),
            only=scope,
            answers=store.open_answers(scope),
            unreadable=_unreadable(snapshot.errors),
        )
        state.errors.extend(snapshot.errors)  # as absorb_plan does (the held run's counts stand: not absorbed)
        state.errors.extend(fresh.errors)
        store.record_errors(state.run_id, state.errors)

        def what(d: Decision) -> tuple[object, ...]:
            return (d.email, d.purpose, d.person_id, d.target, d.new)

        approved = {what(d) for d in stored}
        writes = [d for d in fresh.writes if what(d) in approved]
        history = store.recent_writes({(d.email, d.purpose) for d in writes}, plan_time)
        writes, flapping = split_flapping(writes, history, store.flapping_keys())  # R25 as in any run
        state.held.extend(fresh.held)
        self._carry_out(state, fresh, writes, flapping, snapshot)
        store.close_held_run(run_id, RUN_APPLIED, state.options.user, applied_run_id=state.run_id)
        moved = len(stored) - len(writes)
        if moved:
            log.info(
                "Held run %s applied: %s of its %s writes no longer decided so, not made", run_id, moved, len(stored)
            )
            return RunStatus.DONE, Message.of("applied_held_run_moved", run=run_id, n=moved), snapshot
        return RunStatus.DONE, Message.of("applied_held_run", run=run_id), snapshot

    def _carry_out(
        self,
        state: "_RunState",
        the_plan: Plan,
        writes: Sequence[Decision],
        flapping: Mapping[tuple[str, Purpose], Sequence[dict[str, str | None]]],
        snapshot: _Snapshot,
    ) -> None:
        """A plan that is let through, in a run or in "Apply these changes": flapping pairs flagged (R25), its held
        decisions listed (R24), the answers it voided closed, agreements saved (R13), the writes made (R14), and the
        answers they carried out closed as used."""
        store, run_id = self.store, state.run_id
        if flapping:
            store.flag_flapping(run_id, flapping)
        newly_held = store.replace_held(run_id, snapshot.scope, the_plan.held)
        store.record_decisions(run_id, newly_held, DecisionStatus.HELD)
        store.close_answers(the_plan.void_answers, ANSWER_VOID, run_id)
        store.close_answers(the_plan.holds_off_answers, ANSWER_VOID_HOLDS_OFF, run_id)
        store.close_answers(the_plan.gone_answers, ANSWER_VOID_GONE, run_id)
        self._save_agreements(the_plan, snapshot)
        self._apply(state, writes, snapshot)
        store.close_answers({d.answer_id for d in state.changes if d.answer_id is not None}, "used", run_id)

    def _choose_mode(self, options: SyncOptions) -> RunMode:
        if options.only:
            return RunMode.ONLY
        if options.mode is not None:
            return options.mode
        if any(self.store.get_cursor(n) is None for n in (CURSOR_SO_CONSENT, CURSOR_EM_CONSENT)):
            return RunMode.FULL
        last_full = self.store.last_run(statuses=(RunStatus.DONE,), mode=RunMode.FULL, dry_run=False)
        if last_full is None or last_full.started_at is None:
            return RunMode.FULL
        if self.clock() - last_full.started_at >= self.settings.full_run_every:
            return RunMode.FULL
        return RunMode.INCREMENTAL

    # --------------------------------------------------------------- reading

    def _read(self, state: "_RunState") -> _Snapshot:
        if state.mode is RunMode.ONLY:
            return self._read_only(state)
        if state.mode is RunMode.INCREMENTAL:
            return self._read_incremental(state)
        return self._read_full(state)

    def _read_full(self, state: "_RunState") -> _Snapshot:
        """Every row of both systems, streamed into the store's replica as the pages arrive (issue 11: memory
        stays flat at any size); the snapshot then looks contacts up in the store. A preview's too: its rows are
        written as the slices are decided (sync.preview)."""
        cursors: dict[str, datetime] = {}
        latest = self.clock() + PlanSettings(self.settings.clock_skew).latest_allowed_delta  # R17, as _track
        staging = self.store.full_read_staging()
        check = self._check_cancel  # between rows too, as _guard does (slices.tracked)
        try:
            self._emit("reading", 0, 4, Message.of("reading_so_addresses"))
            addresses = staging.add_superoffice_emails(
                tracked(self.so.iter_email_rows(), cursors, CURSOR_SO_EMAIL, lambda r: r.updated, latest, check)
            )
            self._emit("reading", 1, 4, Message.of("reading_so_consents", n=addresses))
            staging.add_superoffice_consents(
                tracked(self.so.iter_consent_rows(), cursors, CURSOR_SO_CONSENT, _trusted_time, latest, check)
            )
            self._emit("reading", 2, 4, Message.of("reading_em_contacts"))
            contacts = staging.add_emarketeer_contacts(
                tracked(self.em.iter_contacts(), cursors, CURSOR_EM_CONTACT, lambda c: c.modified, latest, check)
            )
            self._emit("reading", 3, 4, Message.of("reading_em_consents", n=contacts))
            staging.add_emarketeer_consents(
                tracked(self.em.iter_consents(), cursors, CURSOR_EM_CONSENT, _trusted_time, latest, check)
            )
            errors = staging.fold() + self._connector_problems()
        except BaseException:
            staging.discard()
            raise
        return _Snapshot(
            StoredContacts(self.store.load_superoffice),
            StoredContacts(self.store.load_emarketeer),
            errors,
            None,
            cursors,
            in_store=True,
        )

    def _read_incremental(self, state: "_RunState") -> _Snapshot:
        """R21: ask each system what changed since its cursor (its own time when the last read began), minus the overlap."""
        store = self.store
        cursors: dict[str, datetime] = {}
        self._emit("reading", 0, 2, Message.of("reading_changes", system=System.SUPEROFFICE))
        persons, errors, affected, gone = self._superoffice_changes(cursors)
        self._emit("reading", 1, 2, Message.of("reading_changes", system=System.EMARKETEER))
        merged_em, em_errors = self._emarketeer_changes(cursors)
        em_addresses = {c.email for c in merged_em}
        done = {p.person_id for p in persons} | gone
        more, more_errors, more_affected, more_gone = self._superoffice_recheck(em_addresses, done)
        persons, gone = persons + more, gone | more_gone
        errors += em_errors + more_errors + self._connector_problems()
        affected |= em_addresses | more_affected
        store.upsert_superoffice(persons, gone)
        store.upsert_emarketeer(merged_em)
        scope = frozenset(affected)
        return _Snapshot(store.load_superoffice(scope), store.load_emarketeer(scope), errors, scope, cursors)

    def _since(self, name: str) -> datetime | None:
        """Where a changes read starts (R21): the cursor minus the overlap. A cursor is never trusted past the
        system's own now: one left in the future (by an older version that took it from a record) is capped
        at the Date this run's read began with, else at our clock."""
        value = self.store.get_cursor(name)
        if value is None:
            return None
        connector = self.so if name.startswith("superoffice") else self.em
        now = self._read_began(connector) or self.clock()
        # Never less than a second back, whatever the setting (0 is allowed): a Date is whole seconds, SuperOffice's
        # `afterTime` is strictly after, and a change made in the second the last read began carries that very
        # second. With the overlap at 0 such a change was never read by any incremental run.
        return min(value, now) - max(self.settings.overlap, LEAST_OVERLAP)

    def _read_began(self, connector: SuperOfficeConnector | EmarketeerConnector) -> datetime | None:
        """The system's own time when this run's read of it began (its Date header), if it can be believed:
        a Date further ahead of our clock than R17 allows a change time is as untrustworthy as such a time
        (a proxy's broken clock), and is then not used at all."""
        began = connector.server_clock.began
        if began is None or began > self.clock() + PlanSettings(self.settings.clock_skew).latest_allowed_delta:
            return None
        return began

    def _track(self, cursors: dict[str, datetime], name: str, times: Iterable[datetime | None]) -> None:
        """The newest change time seen per cursor, leaving out any R17 would reject as in the future."""
        _track(cursors, name, times, self.clock() + PlanSettings(self.settings.clock_skew).latest_allowed_delta)

    def _save_cursors(self, snapshot: _Snapshot) -> None:
        """R21: each system's cursor is its own time when this read began (see next_cursor)."""
        now = self.clock()
        for name in (CURSOR_SO_CONSENT, CURSOR_SO_EMAIL, CURSOR_EM_CONSENT, CURSOR_EM_CONTACT):
            system = System.SUPEROFFICE if name.startswith("superoffice") else System.EMARKETEER
            value = next_cursor(snapshot.read_began.get(system), snapshot.cursors.get(name), now)
            if value is not None:
                self.store.set_cursor(name, value)

    def _superoffice_changes(
        self, cursors: dict[str, datetime]
    ) -> tuple[list[SuperOfficePerson], list[ContactError], set[str], set[int]]:
        """SuperOffice persons changed since the cursors (R21), merged onto the replica (not yet saved), and the
        persons who no longer have an address (see merge_superoffice_changes)."""
        store, since = self.store, self._since
        so_since = since(CURSOR_SO_CONSENT)
        changed_rows = list(self._guard(self.so.iter_consent_rows(updated_after=so_since)))
        changed_rows += self._guard(self.so.iter_consent_rows(registered_after=so_since))
        self._track(cursors, CURSOR_SO_CONSENT, _trusted_times(r.consent for r in changed_rows))
        email_since = since(CURSOR_SO_EMAIL)
        changed_emails = list(self._guard(self.so.iter_email_rows(updated_after=email_since)))
        self._track(cursors, CURSOR_SO_EMAIL, (r.updated for r in changed_emails))

        touched_ids = {r.person_id for r in changed_rows} | {r.person_id for r in changed_emails}
        known = store.load_superoffice_persons(touched_ids)
        # Every touched person's e-mail rows, to find the primary: a row deleted (an address removed, the primary
        # removed so the next one leads, a rank changed without an update time) is in no changes read, and a person
        # whose consent changed was otherwise decided under the address the replica last saw, and written there.
        email_rows = list(self._guard(self.so.iter_email_rows(person_ids=sorted(touched_ids)))) if touched_ids else []
        # Persons new to us: read all their consent rows, not only the changed ones.
        new_ids = touched_ids - known.keys()
        extra_rows = list(self._guard(self.so.iter_consent_rows(person_ids=sorted(new_ids)))) if new_ids else []
        return merge_superoffice_changes(known, email_rows, touched_ids, changed_rows + extra_rows)

    def _superoffice_recheck(
        self, addresses: set[str] | frozenset[str], done: set[int], *, by_address: bool = True
    ) -> tuple[list[SuperOfficePerson], list[ContactError], set[str], set[int]]:
        """SuperOffice's persons for these addresses (changed in eMarketeer, or a send's recipients) read again by id
        when this run's SuperOffice read did not (`done`), R21: a deleted e-mail row is in no changes read, so a person
        whose address was removed (or whose primary changed rank, or who was merged away) stayed matched to it, and
        eMarketeer's change was written to that person, or a send was checked against a person who no longer holds
        the address. With `by_address`, an address that lost its person so is looked up (a merge moves e-mail rows to
        the person kept, maybe without an update time). A person new to us has all its consent rows read; the others'
        consents are the replica's (any change since the cursor was in the changes read)."""
        if not addresses:
            return [], [], set(), set()
        known = {p.person_id: p for c in self.store.load_superoffice(addresses).values() for p in c.persons}
        ids = set(known) - done
        if not ids:
            return [], [], set(), set()
        email_rows = list(self._guard(self.so.iter_email_rows(person_ids=sorted(ids))))
        if by_address:
            now_at = {i: address_key(r.address) for i, r in primary_addresses(email_rows).items()}
            lost = sorted({known[i].email for i in ids if now_at.get(i) != known[i].email})
            hits = {r.person_id for r in self._guard(self.so.iter_email_rows(addresses=lost))} if lost else set()
            found = hits - ids - done
            if found:
                known.update(self.store.load_superoffice_persons(found))
                email_rows += self._guard(self.so.iter_email_rows(person_ids=sorted(found)))
                ids |= found
        new_ids = ids - known.keys()
        consent_rows = list(self._guard(self.so.iter_consent_rows(person_ids=sorted(new_ids)))) if new_ids else []
        return merge_superoffice_changes({i: known[i] for i in ids if i in known}, email_rows, ids, consent_rows)

    def _emarketeer_changes(self, cursors: dict[str, datetime]) -> tuple[list[EmarketeerContact], list[ContactError]]:
        """eMarketeer contacts changed since the cursors (R21), merged onto the replica (not yet saved)."""
        since = self._since
        em_records = list(self._guard(self.em.iter_consents(changed_since=since(CURSOR_EM_CONSENT))))
        self._track(cursors, CURSOR_EM_CONSENT, _trusted_times(r.consent for r in em_records))
        em_contacts = list(self._guard(self.em.iter_contacts(modified_since=since(CURSOR_EM_CONTACT))))
        self._track(cursors, CURSOR_EM_CONTACT, (c.modified for c in em_contacts))
        em_changed, em_errors = build_emarketeer_index(em_contacts, em_records)
        known_em = self.store.load_emarketeer(em_changed.keys())
        # A contact new to us with no consent record in this read may have records older than the window: its address
        # was edited (the records follow the contact), or it was imported with past dates. Taken as "none", the other
        # side's value won (R5) and was written over its withdrawal. Its current consents are read by address.
        bare = [e for e, c in em_changed.items() if e not in known_em and c.consents == EMPTY_CONSENTS]
        for email, fresh in self._emarketeer_by_address(bare).items():
            em_changed[email] = fresh._replace(contact_id=em_changed[email].contact_id or fresh.contact_id)
        merged_em = [merge_emarketeer_changes(known_em.get(email), contact) for email, contact in em_changed.items()]
        return merged_em, em_errors

    def _read_only(self, state: "_RunState") -> _Snapshot:
        """The send-time path: both systems read for the given addresses only (see _read_only_bulk for many)."""
        errors: list[ContactError] = []
        wanted: set[str] = set()
        for raw in state.options.only:
            try:
                wanted.add(normalise_email(raw))
            except InvalidEmail as exc:
                errors.append(ContactError(raw, None, str(exc), said=exc.said))
        return self._read_addresses(frozenset(wanted), errors)

    def _read_addresses(self, scope: frozenset[str], errors: list[ContactError]) -> _Snapshot:
        """Both systems read afresh for these (normalised) addresses: directly, or for many by what changed (R21)."""
        if not scope:
            return _Snapshot({}, {}, errors, scope, {}, save_cursors=False)
        if len(scope) >= max(1, self.settings.only_bulk_from):
            return self._read_only_bulk(scope, errors)
        self._emit("reading", 0, 2, Message.of("reading_addresses", n=len(scope), system=System.SUPEROFFICE))
        so_index, so_errors = self._superoffice_by_address(scope)
        self._emit("reading", 1, 2, Message.of("reading_addresses", n=len(scope), system=System.EMARKETEER))
        em_index = self._emarketeer_by_address(scope)
        errors += so_errors + self._connector_problems()
        self.store.upsert_emarketeer(em_index.values())
        return _Snapshot(so_index, em_index, errors, scope, {}, save_cursors=False)

    def _superoffice_by_address(
        self, scope: frozenset[str]
    ) -> tuple[dict[str, SuperOfficeContact], list[ContactError]]:
        """SuperOffice read afresh for these addresses: their persons (all duplicates, R9) and consents.

        The persons are those SuperOffice finds by address, and those the replica holds under these addresses:
        SuperOffice compares an address as it is stored, and a stored " Bo@example.se " (matched by every full and
        incremental run, which trim and fold case) is not found by "bo@example.se". Before, such a person's fresh
        withdrawal was not seen at a send (R4). Every person's rows are then read afresh; one whose address is no
        longer in scope is left out below."""
        hits = list(self._guard(self.so.iter_email_rows(addresses=sorted(scope))))
        known = self.store.load_superoffice(scope)
        person_ids = sorted({r.person_id for r in hits} | {p.person_id for c in known.values() for p in c.persons})
        email_rows = list(self._guard(self.so.iter_email_rows(person_ids=person_ids))) if person_ids else []
        consent_rows = list(self._guard(self.so.iter_consent_rows(person_ids=person_ids))) if person_ids else []
        so_index, so_errors = build_superoffice_index(email_rows, consent_rows)
        so_index = {e: c for e, c in so_index.items() if e in scope}
        self.store.upsert_superoffice(p for c in so_index.values() for p in c.persons)
        return so_index, so_errors

    def _emarketeer_by_address(self, addresses: Iterable[str]) -> dict[str, EmarketeerContact]:
        """eMarketeer read afresh, one GET per address; an unknown address is not a contact (R11)."""
        em_index: dict[str, EmarketeerContact] = {}
        for email in sorted(addresses):
            self._check_cancel()
            try:
                consents = self.em.get_consents(email)
            except NotFoundError:
                continue  # not an eMarketeer contact: unmatched (R11)
            em_index[email] = EmarketeerContact(email, None, _consents_tuple(consents))
        return em_index

    # SuperOffice archive reads: about this many quoted addresses, or person ids, fit one request's URL
    # (MAX_URL_LENGTH 6,000 characters); and the fewest requests a changes read makes (consents by updated
    # and by registered time, e-mail rows by updated and by registered time, and the e-mail rows of the
    # persons touched).
    SO_ADDRESSES_PER_REQUEST = 150
    SO_IDS_PER_REQUEST = 600
    SO_CHANGES_MIN_REQUESTS = 6

    def _superoffice_by_address_cost(self, n: int) -> int:
        return -(-n // self.SO_ADDRESSES_PER_REQUEST) + 2 * -(-n // self.SO_IDS_PER_REQUEST)

    def _read_only_bulk(self, scope: frozenset[str], errors: list[ContactError]) -> _Snapshot:
        """The send-time path for many addresses: paged reads, never one eMarketeer request per address.

        With cursors (a full run has happened), each system is asked what changed since them, minus the
        overlap (R21: the incremental run's reads), and that is merged onto the replica, which then holds
        every address as fresh as a direct read would: any change made after the last run, in either
        system, has a change time at or after the cursor. SuperOffice is read that way only when it costs
        fewer requests than reading the addresses directly (by chunks of addresses); for eMarketeer the
        direct read is one request per address, so changes are always cheaper. Without a cursor,
        eMarketeer's current consents are read in full (paged). The replica is updated with what was read;
        the cursors are not moved (out-of-scope changes were read but not decided: the next run decides them).
        """
        store = self.store
        n = len(scope)
        read_cursors: dict[str, datetime] = {}
        so_errors: list[ContactError]
        if (
            store.get_cursor(CURSOR_SO_CONSENT) is not None
            and self._superoffice_by_address_cost(n) > self.SO_CHANGES_MIN_REQUESTS
        ):
            self._emit("reading", 0, 2, Message.of("reading_changes_for", system=System.SUPEROFFICE, n=n))
            persons, so_errors, _, gone = self._superoffice_changes(read_cursors)
            # By id only: finding every recipient by address is what the changes read is cheaper than.
            done = {p.person_id for p in persons} | gone
            more, more_errors, _, more_gone = self._superoffice_recheck(scope, done, by_address=False)
            so_errors += more_errors
            store.upsert_superoffice(persons + more, gone | more_gone)
            so_index = store.load_superoffice(scope)
        else:
            self._emit("reading", 0, 2, Message.of("reading_addresses", n=n, system=System.SUPEROFFICE))
            so_index, so_errors = self._superoffice_by_address(scope)
        em_cursor = store.get_cursor(CURSOR_EM_CONSENT)
        if em_cursor is not None:
            self._emit("reading", 1, 2, Message.of("reading_changes_for", system=System.EMARKETEER, n=n))
            merged_em, em_errors = self._emarketeer_changes(read_cursors)
            store.upsert_emarketeer(merged_em)
            em_index = store.load_emarketeer(scope)
        else:
            self._emit("reading", 1, 2, Message.of("reading_em_consents_for", n=n))
            em_index, em_errors = self._emarketeer_full_for(scope)
        read_errors = so_errors + em_errors + self._connector_problems()
        errors += [e for e in read_errors if _in_scope(e, scope)]
        return _Snapshot(so_index, em_index, errors, scope, {}, save_cursors=False)

    def _emarketeer_full_for(self, scope: frozenset[str]) -> tuple[dict[str, EmarketeerContact], list[ContactError]]:
        """No cursor yet: every current consent record, paged, kept for the scope. Scope addresses with no
        record are looked up one by one while that is cheaper than the contact list, else the list is read."""
        records = []
        seen: set[str] = set()
        for record in self._guard(self.em.iter_consents()):
            try:
                email = normalise_email(record.key)
            except InvalidEmail:
                continue  # not one of the scope's addresses (those are valid)
            if email in scope:
                records.append(record)
                seen.add(email)
        missing = scope - seen
        contacts = []
        if len(missing) >= max(1, self.settings.only_bulk_from):
            contacts = [c for c in self._guard(self.em.iter_contacts()) if _normalised_in(c.email, scope)]
            missing = frozenset()
        em_index, em_errors = build_emarketeer_index(contacts, records)
        em_index = {e: c for e, c in em_index.items() if e in scope}
        em_index.update(self._emarketeer_by_address(missing))
        self.store.upsert_emarketeer(em_index.values())
        return em_index, em_errors

    # -------------------------------------------------------------- applying

    def _save_agreements(self, the_plan: Plan, snapshot: _Snapshot) -> None:
        """R12/R13: where both sides agree, remember it as the baseline."""
        if not any(d.target is None for d in the_plan.decisions):
            return
        # Streamed: a list of 190,000 entries would be freed in one piece at the end (see memory.release).
        self.store.save_baselines(
            BaselineEntry(d.email, d.purpose, d.superoffice, d.emarketeer, d.person_id)
            for d in the_plan.decisions
            if d.target is None and not baseline_kept(d)
        )

    def _answers_stand(self, batch: list[Decision]) -> list[Decision]:
        """R24: the writes a person's approval lets through, only while that approval is still open. A person may
        answer again (Keep withdrawn) from the window or `review` while this run writes: the approval is then void,
        and its write is not made; the next run carries out the new answer. Before, the run wrote the positive basis
        from the approval it had read, and the audit trail showed that approval void and the new answer open."""
        asked = {d.answer_id for d in batch if d.answer_id is not None}
        if not asked:
            return batch
        standing = self.store.open_answer_ids(asked)
        dropped = [d for d in batch if d.answer_id is not None and d.answer_id not in standing]
        for d in dropped:
            log.info("%s %s: its approval was answered again during this run; not written", d.email, d.purpose.value)
        return [d for d in batch if d.answer_id is None or d.answer_id in standing]

    def _apply(self, state: "_RunState", writes: Sequence[Decision], snapshot: _Snapshot) -> None:
        """Write in chunks, each chunk's targets read again first (R14). With several writer threads the chunks are
        pipelined (issue 11) so the writers do not sit idle while the run's thread works between chunks:
        - a chunk's re-read is made while the chunk before it is still being written;
        - once every answer of that chunk is in, the next chunk is recorded and sent, and only then is the chunk
          before it finished (its applied writes recorded, SuperOffice's read back, R13), while the next is written.
        Chunks hold whole addresses (`_address_chunks`), so no write in flight touches a person or contact being
        re-read or read back. A chunk whose answers hold a pause or a fault that ends the run is finished before
        anything more is sent, and a chunk still out when the run stops or fails is finished before it ends."""
        total = len(writes)
        chunks = _address_chunks(writes, max(1, self.settings.write_chunk))
        # One set of writer threads for the whole run, not one per chunk (issue 11: starting eight threads per
        # chunk of 200 writes cost the main thread more than recording the chunk).
        workers = max(1, min(self.settings.max_concurrency, max((len(c) for c in chunks), default=1)))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lbs-write") if workers > 1 else None
        done = 0
        out: list[_ChunkWrites] = []  # sent and not yet finished, oldest first: at most two

        def finish_oldest() -> None:
            nonlocal done
            sent = out.pop(0)
            sent.finish()
            done += sent.size
            self._emit("writing", done, total, Message.of("written", done=len(state.changes), total=total))

        try:
            for chunk in chunks:
                self._check_cancel()
                batch = self._answers_stand(self._reread_targets(state, chunk, snapshot))  # R14, R24
                if out:
                    out[-1].collect()
                    if out[-1].halted:  # a pause or a fault: finished (and raised) before anything more is sent
                        while out:
                            finish_oldest()
                    self._check_cancel()
                # Each write's English explanation is made once: for the history and for the vendor's comment.
                texts = [d.explain() for d in batch]
                ids = self.store.record_decisions(state.run_id, batch, DecisionStatus.PLANNED, texts)
                out.append(self._send_batch(state, list(zip(ids, batch)), pool, texts, len(chunk)))
                while len(out) > 1 or (out and pool is None):
                    finish_oldest()
            while out:
                finish_oldest()
        finally:
            for sent in out:  # stopped or failed while chunks were out: what landed is still recorded
                try:
                    sent.finish()
                except Exception:  # noqa: BLE001 - the first error is the one the run reports
                    log.warning("Could not settle the last chunk of writes", exc_info=True)
            if pool is not None:
                pool.shutdown(wait=True)

    def _reread_targets(self, state: "_RunState", batch: list[Decision], snapshot: _Snapshot) -> list[Decision]:
        """R14: read each target again right before writing; re-decide the contacts that moved."""
        emails = [d.email for d in batch]
        prefetch(snapshot.superoffice, emails)
        prefetch(snapshot.emarketeer, emails)
        so_targets = [d for d in batch if d.target is System.SUPEROFFICE]
        em_targets = [d for d in batch if d.target is System.EMARKETEER]
        so_now: dict[tuple[int | None, Purpose], Consent] = {}  # keyed as a decision names its person
        self._so_untouched: dict[tuple[int, Purpose], bool] = {}
        if so_targets:
            # Every person of the address, not only the targets: R9 `all` decides them together.
            groups = [snapshot.superoffice.get(d.email) for d in so_targets]
            person_ids = sorted(
                {p.person_id for c in groups if c is not None for p in c.persons}
                | {d.person_id for d in so_targets if d.person_id is not None}
            )
            # A purpose with no row is none now (a person deleted it), not the planned value (R14, R15).
            so_now = {(person_id, p): Consent() for person_id in person_ids for p in PURPOSES}
            for row in self._guard(self.so.iter_consent_rows(person_ids=person_ids)):
                so_now[(row.person_id, row.purpose)] = row.consent
                self._so_untouched[(row.person_id, row.purpose)] = row.untouched
        em_now: dict[tuple[str, Purpose], Consent] = {}
        if em_targets:
            em_now = self._reread_emarketeer(em_targets, snapshot, state.run_id)
        keep: list[Decision] = []
        moved: dict[str, list[Decision]] = {}
        for d in batch:
            if d.target is System.SUPEROFFICE:
                current = so_now.get((d.person_id, d.purpose), Consent())
                planned = d.superoffice
            else:
                current = em_now.get((d.email, d.purpose), Consent())
                planned = d.emarketeer
            if current == planned:
                keep.append(d)
            else:
                moved.setdefault(d.email, []).append(d)
        for email, stale in moved.items():
            keep.extend(self._redecide(state, email, stale, so_now, em_now, snapshot))
        return keep

    # Below this many eMarketeer targets, one GET per contact is cheaper than a changes read.
    PER_KEY_REREAD_MAX = 3

    def _reread_emarketeer(
        self, targets: list[Decision], snapshot: _Snapshot, run_id: int
    ) -> dict[tuple[str, Purpose], Consent]:
        """R14 for eMarketeer: its current value for each target contact and purpose.

        Consent records are only ever created, and eMarketeer stamps them with its own clock, so
        anything that changed since this run began reading eMarketeer has a creation time at or
        after the Date eMarketeer answered with then: one changes read from there (minus the
        overlap, for records stamped in the same second) finds every target that moved. Targets
        not in it are as read. No cursor and no record's claimed time is involved (a record dated in
        the future must not push the start past a real edit); without a Date, one GET per target.

        Each chunk's re-read goes on from where the previous one began instead of from the run's read
        again, which re-read every record the run itself had written so far (quadratic in the writes,
        issue 11): from its Date less `reread_margin` and less how far eMarketeer's record stamps lie
        behind its Date (its gateway and the service that stamps the records are apart), as the answers
        to the run's own writes measured it (`EmarketeerConnector.stamp_lag`); until one has been
        answered, less the whole overlap. What earlier re-reads saw others change is kept in
        `snapshot.em_moved`, for every address, since a later chunk's target may be among them. The
        run's own records (its token in the description) are left out.
        """
        since = snapshot.read_began.get(System.EMARKETEER)
        if since is None or len(targets) <= self.PER_KEY_REREAD_MAX:
            current: dict[tuple[str, Purpose], Consent] = {}
            for d in targets:
                if (d.email, d.purpose) in current:
                    continue
                try:
                    consents = self.em.get_consents(d.email)
                except NotFoundError:
                    consents = {}
                for p in PURPOSES:
                    current[(d.email, p)] = consents.get(p, Consent())
            return current
        if snapshot.em_reread_from is None:
            start = since - self.settings.overlap
        else:
            # `reread_margin` covers a filter answer's Date coming later than its query and whole-second stamps, as it
            # did when stamps and Date were taken to agree; the lag the run's own writes measured comes on top (a
            # "lag + 1 s" start missed a withdrawal made while a slow filter page was being answered).
            lag = self.em.stamp_lag
            back = self.settings.overlap if lag is None else self.settings.reread_margin + max(lag, timedelta(0))
            start = snapshot.em_reread_from - min(back, self.settings.overlap)
        ours = f"Legal Basis Sync run {run_id} ("
        moved = snapshot.em_moved
        self.em.server_clock.begin()
        for record in self._guard(self.em.iter_consents(changed_since=start, unless_described=ours)):
            if ours in record.description:
                continue
            try:
                email = normalise_email(record.key)
            except InvalidEmail:
                continue
            old = moved.get((email, record.purpose))
            if old is None or (record.consent.changed_at or since) >= (old.changed_at or since):
                moved[(email, record.purpose)] = record.consent
        began = self._read_began(self.em)
        if began is not None:
            snapshot.em_reread_from = began
        current = {}
        for d in targets:
            contact = snapshot.emarketeer.get(d.email)
            for p in PURPOSES:
                seen = contact.consents[p.index] if contact is not None else Consent()
                current[(d.email, p)] = moved.get((d.email, p), seen)
        return current

    def _redecide(
        self,
        state: "_RunState",
        email: str,
        stale: list[Decision],
        so_now: dict[tuple[int | None, Purpose], Consent],
        em_now: dict[tuple[str, Purpose], Consent],
        snapshot: _Snapshot,
    ) -> list[Decision]:
        """A target moved after the plan: record the stale decisions as superseded and decide again."""
        so_contact = snapshot.superoffice.get(email)
        em_contact = snapshot.emarketeer.get(email)
        if so_contact is None or em_contact is None:
            return []
        untouched = getattr(self, "_so_untouched", {})
        persons = tuple(
            person._replace(
                consents=tuple(so_now.get((person.person_id, p), person.consents[p.index]) for p in PURPOSES),
                untouched=tuple(untouched.get((person.person_id, p), person.untouched[p.index]) for p in PURPOSES),
            )
            for person in so_contact.persons
        )
        fresh_em = tuple(em_now.get((email, p), em_contact.consents[p.index]) for p in PURPOSES)
        so_contact = SuperOfficeContact(email, persons)
        em_contact = em_contact._replace(consents=fresh_em)
        baseline = self.store.load_baselines([email]).get(email)
        answers = self.store.open_answers([email]).get(email, ())
        decisions, errors = decide_contact(
            so_contact, em_contact, baseline, self.clock(), self.settings.plan_settings(), answers
        )
        ids = self.store.record_decisions(state.run_id, stale, DecisionStatus.PLANNED)
        for i in ids:
            self.store.mark_superseded(i, Message.of("superseded"))
        purposes = {d.purpose for d in stale}
        agreements = [d for d in decisions if d.target is None and d.purpose in purposes]
        if agreements:
            self.store.save_baselines(
                [BaselineEntry(d.email, d.purpose, d.superoffice, d.emarketeer, d.person_id) for d in agreements]
            )
        if errors:
            self.store.record_errors(state.run_id, errors)
            state.errors.extend(errors)
        for d in decisions:
            if d.conflict and d.purpose in purposes:
                state.conflicts.append(d)
        return [d for d in decisions if d.is_write and d.purpose in purposes]

    def _send_batch(
        self,
        state: "_RunState",
        batch: list[tuple[int, Decision]],
        pool: ThreadPoolExecutor | None,
        explanations: Sequence[str],
        size: int,
    ) -> "_ChunkWrites":
        """Send one chunk of writes, each marked pending (with its token) before it leaves and recorded as soon as
        its answer is in, so a kill leaves as little as possible to check. With a pool the writes leave at once and
        this returns; without one they are sent one by one when the chunk is collected (`_ChunkWrites`)."""
        tokens = {decision_id: f"LBS-{state.run_id}-{decision_id}" for decision_id, _ in batch}
        self.store.mark_pending_many(list(tokens.items()))
        texts = {decision_id: text for (decision_id, _), text in zip(batch, explanations)}
        chunk = _ChunkWrites(self, state, batch, tokens, texts, size)
        if pool is not None and len(batch) > 1:
            chunk.futures = {pool.submit(chunk.send, decision_id, d): (decision_id, d) for decision_id, d in batch}
        return chunk

    def _send_one(self, state: "_RunState", d: Decision, token: str, explanation: str) -> Consent | None:
        text = f"Legal Basis Sync run {state.run_id} ({token}): {explanation}"
        if d.target is System.SUPEROFFICE:
            assert d.person_id is not None and d.new is not None
            self.so.put_consent(d.person_id, d.purpose, d.new, text[:250])
            return None
        assert d.new is not None  # a write always has a value
        try:
            return self.em.create_consent(d.email, d.purpose, d.new, text[:500])
        except AmbiguousWriteError:
            # R18: the request may have landed; never send it twice. Look for our token instead.
            latest = self.em.latest_record(d.email, d.purpose)
            if latest is not None and token in latest[1]:
                return latest[0]
            raise

    # -------------------------------------------------------------- recovery

    def _recover_pending(self, state: "_RunState") -> None:
        """R18: a write left pending by a dead run either landed or not; find out, record it, never resend."""
        pending = self.store.pending_writes()
        for record in pending:
            try:
                how: Message | str
                landed: bool | None
                if record.target is System.SUPEROFFICE:
                    assert record.person_id is not None  # a SuperOffice write names its person
                    current = self.so.get_person_consents(record.person_id).get(record.purpose, Consent())
                    landed = _superoffice_landed(record, current)
                    when = current.changed_at
                    how = Message.of(
                        "so_holds_decided" if landed else "so_holds_before" if landed is False else "so_changed_since"
                    )
                else:
                    # The record with this write's token, not only the newest: a person may have changed it since.
                    latest = (
                        self.em.latest_record(record.email, record.purpose, containing=record.token)
                        if record.token
                        else None
                    )
                    landed = latest is not None
                    when = latest[0].changed_at if landed and latest else None
                    how = Message.of("token_found" if landed else "token_missing")
            except NotFoundError:
                landed, when, how = False, None, Message.of("contact_gone")
            self.store.resolve_pending(record.id, landed, when, Message.of("checked_after", why=how))

    # ---------------------------------------------------------------- helpers

    def _guard(self, rows: Iterable[T]) -> "_GuardedIter[T]":
        """Make a connector iterator check for cancellation between rows."""
        return _GuardedIter(self, rows)

    def _stop_for(self, exc: BaseException) -> _RunStopped:
        if isinstance(exc, CancelledError):
            return _RunStopped(RunStatus.STOPPED, self._cancel_message(), exc)
        if isinstance(exc, ConfigurationError):
            return _RunStopped(RunStatus.FAILED, exc.said or exc.user_message, exc)
        if isinstance(exc, PauseRequestedError) and isinstance(exc.system, System):
            # Kept in the store: the scheduler, headless `sync` and sends start nothing before that time.
            said = keep_asked_pause(self.store, exc.system, exc.retry_after, self.clock())
            return _RunStopped(RunStatus.STOPPED, said, exc)
        message = getattr(exc, "said", None) or getattr(exc, "user_message", None) or str(exc)
        return _RunStopped(RunStatus.STOPPED, Message.of("run_stopped", message=message), exc)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise _RunStopped(RunStatus.STOPPED, self._cancel_message())

    def _cancel_message(self) -> Message | str:
        return (
            self._stop_reason
            or getattr(self.cancel, "reason", None)  # a StopEvent says who asked (sync/stopping)
            or Message.of("cancelled_run")
        )

    def _emit(self, phase: str, done: int, total: int, message: Message | str) -> None:
        if self._progress is not None:
            said = message if isinstance(message, Message) else None
            self._progress(Progress(phase, done, total, english(message), said))

    @staticmethod
    def _let_go(
        snapshot: _Snapshot | None, baselines: dict[str, ContactBaseline] | None, the_plan: Plan | None
    ) -> None:
        """Free a run's working data a few objects at a time (memory.release), not in one long step at return."""
        if snapshot is not None:
            release(*(c for c in (snapshot.superoffice, snapshot.emarketeer) if isinstance(c, dict)))
        release(baselines)
        if the_plan is not None:
            release(the_plan.decisions, the_plan.unmatched_superoffice, the_plan.unmatched_emarketeer)

    def _request_counts(self) -> tuple[int, int]:
        return self.so.request_count, self.em.request_count

    def _connector_problems(self) -> list[ContactError]:
        problems = list(self.so.take_problems()) + list(self.em.take_problems())
        return problems


class _ChunkWrites:
    """One chunk of writes (`SyncEngine._send_batch`): sent on writer threads (`send`), or one by one when collected
    without them. `collect` waits for every answer and records each (`settle`); `finish` then records the applied
    writes, reads SuperOffice's back (R13, `confirm_superoffice`) and raises the run's stop for a pause or a fault that
    ends it. Each of `collect` and `finish` is done once, whatever calls it again."""

    def __init__(
        self,
        engine: SyncEngine,
        state: "_RunState",
        batch: list[tuple[int, Decision]],
        tokens: dict[int, str],
        texts: dict[int, str],
        size: int,
    ) -> None:
        self.engine = engine
        self.state = state
        self.batch = batch
        self.tokens = tokens
        self.texts = texts  # each write's explanation, as recorded in its history row
        self.size = size  # the writes this chunk stood for before its re-read, for the progress count
        self.futures: dict[Future[Consent | ConnectorError | None], tuple[int, Decision]] | None = None
        self.fatal: ConnectorError | None = None
        self.so_written: list[tuple[int, Decision]] = []
        self.landed = _LandedBuffer(engine.store, state)
        self.halt: list[ConnectorError] = []  # the first pause the vendor asked for, or fault that ends the run
        self._collected = False
        self._finished = False

    @property
    def halted(self) -> bool:
        return self.fatal is not None

    def send(self, decision_id: int, d: Decision) -> Consent | ConnectorError | None:
        if self.halt:  # the vendor asked us to wait, or the run ends: the rest stays pending, unsent, for the next run
            return self.halt[0]
        try:
            return self.engine._send_one(self.state, d, self.tokens[decision_id], self.texts[decision_id])
        except ConnectorError as exc:
            if not _is_contact_error(exc):  # a pause (Retry-After) or a fault that ends the run, not one contact's
                self.halt.append(exc)
            return exc

    def settle(self, decision_id: int, d: Decision, outcome: Consent | ConnectorError | None) -> None:
        store, state = self.engine.store, self.state
        if isinstance(outcome, ConnectorError):
            if _is_contact_error(outcome):
                failure = getattr(outcome, "said", None) or outcome.user_message
                store.mark_failed(decision_id, failure)
                why = Message.of("writing_failed", system=d.target, message=failure)
                error = ContactError(d.email, d.purpose, why.english(), d.target, said=why)
                state.add_error(error)
                store.record_errors(state.run_id, [error])
            else:
                self.fatal = self.fatal or outcome  # left pending: the next run checks whether it landed
        elif d.target is System.SUPEROFFICE:
            self.so_written.append((decision_id, d))
        else:
            assert outcome is not None  # an eMarketeer write answers with its record (_send_one)
            current = d.emarketeer.changed_at  # what R14's re-read found current just before the write
            made = outcome.changed_at
            # In whole seconds: within one second nobody can tell which of two records eMarketeer calls newest.
            if (
                current is not None
                and made is not None
                and made.replace(microsecond=0) < current.replace(microsecond=0)
            ):
                # eMarketeer's newest record is its current value, and the one there is dated after the one just
                # made (eMarketeer's clock is behind it, within what R17 trusts): the write landed but is not in
                # effect. Recorded as sent, said for the contact, and no baseline (R13): the next run decides again.
                self.landed.add(decision_id, d, d.superoffice, outcome, baseline=False)
                why = Message.of("written_not_current", at=current)
                error = ContactError(d.email, d.purpose, why.english(), d.target, said=why)
                state.add_error(error)
                store.record_errors(state.run_id, [error])
            else:
                self.landed.add(decision_id, d, d.superoffice, outcome)

    def confirm_superoffice(self) -> None:
        """Read back SuperOffice's own change time for the baseline (R13); PUT answers 204 without it."""
        if not self.so_written:
            return
        person_ids = sorted({d.person_id for _, d in self.so_written if d.person_id is not None})
        now_rows: dict[tuple[int | None, Purpose], Consent] = {}  # keyed as a decision names its person
        try:
            for row in self.engine.so.iter_consent_rows(person_ids=person_ids):
                now_rows[(row.person_id, row.purpose)] = row.consent
        except ConnectorError as exc:
            self.fatal = self.fatal or exc  # the writes stay pending; the next run confirms them
        for decision_id, d in self.so_written:
            read_back = now_rows.get((d.person_id, d.purpose))
            if read_back is None or read_back.basis != d.new:
                continue  # written but not confirmed: left pending for the next run to resolve
            self.landed.add(decision_id, d, read_back, d.emarketeer)
        self.landed.flush()

    def collect(self) -> None:
        if self._collected:
            return
        self._collected = True
        try:
            if self.futures is None:
                for decision_id, d in self.batch:
                    self.settle(decision_id, d, self.send(decision_id, d))
            else:
                for future in as_completed(self.futures):
                    decision_id, d = self.futures[future]
                    self.settle(decision_id, d, future.result())
        finally:
            self.landed.flush()

    def finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.collect()
        self.confirm_superoffice()
        if self.fatal is not None:
            raise self.engine._stop_for(self.fatal)


def _address_chunks(writes: Sequence[Decision], size: int) -> list[list[Decision]]:
    """The writes in order, in chunks of `size` or a little more: a chunk ends only where the next write is for
    another address, so every write of an address (R9 `all`: several persons; both purposes) is in one chunk."""
    groups: dict[str, list[Decision]] = {}
    for d in writes:
        groups.setdefault(d.email, []).append(d)
    chunks: list[list[Decision]] = []
    chunk: list[Decision] = []
    for group in groups.values():
        chunk.extend(group)
        if len(chunk) >= size:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    return chunks


class _LandedBuffer:
    """Writes whose answer is in, recorded as applied (with their new baselines) a few at a time.

    One transaction per write cost ~2 ms, most of a large run's time. Batching is safe: a write that
    landed but whose record was still in this buffer when the process died stays pending, and the
    next run confirms it by its token (R18) instead of sending it again.
    """

    FLUSH_EVERY = 50

    def __init__(self, store: Store, state: "_RunState") -> None:
        self._store = store
        self._state = state
        self._items: list[tuple[int, datetime | None, list[BaselineEntry]]] = []
        self._decisions: list[Decision] = []

    def add(
        self, decision_id: int, d: Decision, so_value: Consent, em_value: Consent, *, baseline: bool = True
    ) -> None:
        target_time = so_value.changed_at if d.target is System.SUPEROFFICE else em_value.changed_at
        entries = (
            [
                BaselineEntry(
                    d.email, d.purpose, so_value._replace(error=None), em_value._replace(error=None), d.person_id
                )
            ]
            if baseline
            else []
        )
        self._items.append((decision_id, target_time, entries))
        self._decisions.append(d)
        if len(self._items) >= self.FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self._items:
            return
        self._store.mark_applied_many(self._items)
        self._state.changes.extend(self._decisions)
        self._items, self._decisions = [], []


class _GuardedIter(Generic[T]):
    """Wraps a connector iterator so a long read notices a Cancel between rows (every few rows: a full read passes a
    million of them through here, and a connector stops between pages by itself)."""

    EVERY = 64

    def __init__(self, engine: SyncEngine, it: Iterable[T]) -> None:
        self._engine = engine
        self._rows = self._guarded(iter(it))

    def _guarded(self, rows: Iterator[T]) -> Iterator[T]:
        check = self._engine._check_cancel
        every = self.EVERY
        n = 0
        while True:
            if n == 0:  # before the row is asked for: a cancelled run makes no further request
                check()
                n = every
            n -= 1
            try:
                row = next(rows)
            except StopIteration:
                return
            yield row

    def __iter__(self) -> Iterator[T]:
        return self._rows

    def __next__(self) -> T:
        return next(self._rows)


@dataclass(slots=True)
class _RunState:
    run_id: int
    options: SyncOptions
    mode: RunMode
    started: datetime
    matched: int = 0
    unmatched_so: int = 0
    unmatched_em: int = 0
    in_sync: int = 0
    changes: list[Decision] = field(default_factory=list)
    conflicts: list[Decision] = field(default_factory=list)
    errors: list[ContactError] = field(default_factory=list)
    fatal: BaseException | None = None
    details: RunDetails | None = None
    preview: PreviewWriter | None = None  # a full run's preview, being written (sync.preview)
    review: Review | None = None  # ... and written
    held: list[Decision] = field(default_factory=list)
    decided: frozenset[str] | None = frozenset()  # see RunSummary.decided

    def absorb_plan(self, the_plan: Plan, read_errors: list[ContactError]) -> None:
        self.matched = the_plan.matched
        self.unmatched_so = len(the_plan.unmatched_superoffice)
        self.unmatched_em = len(the_plan.unmatched_emarketeer)
        self.in_sync = the_plan.in_sync
        self.conflicts.extend(the_plan.conflicts)
        self.errors.extend(read_errors)
        self.errors.extend(the_plan.errors)

    def add_error(self, error: ContactError) -> None:
        self.errors.append(error)


def _duration(value: timedelta) -> str:
    minutes = value.total_seconds() / 60
    if minutes >= 1 and float(minutes).is_integer():
        return f"{int(minutes)} minute{'s' if minutes != 1 else ''}"
    seconds = value.total_seconds()
    return f"{seconds:g} second{'s' if seconds != 1 else ''}"


def _is_contact_error(exc: ConnectorError) -> bool:
    """Errors that concern one contact (the run goes on) as opposed to the whole service (the run stops)."""
    return isinstance(exc, (NotFoundError, InvalidRequestError))


def _track(cursors: dict[str, datetime], name: str, times: Iterable[datetime | None], latest_allowed: datetime) -> None:
    newest = cursors.get(name)
    for t in times:
        if t is not None and t <= latest_allowed and (newest is None or t > newest):
            newest = t
    if newest is not None:
        cursors[name] = newest


def _trusted_time(row: SoConsentRow | EmConsentRecord) -> datetime | None:
    """One row's change time if R17 accepts its value (as _trusted_times)."""
    return row.consent.changed_at if row.consent.error is None else None


def _trusted_times(consents: Iterable[Consent]) -> Iterable[datetime | None]:
    """Change times of values R17 accepts: a value with an error (unknown key, unreadable time...) has none."""
    return (c.changed_at for c in consents if c.error is None)


def next_cursor(read_began: datetime | None, newest_trusted: datetime | None, now: datetime) -> datetime | None:
    """R21: a system's next cursor, on its own clock.

    The later of its Date when the read began and the newest trusted change seen, capped at the
    system's own now, taken as that same Date: a change seen that is later than it was made during
    the read, and a paged read may already have passed an earlier edit made during it; a cursor past
    the Date would skip that edit until the next full run. So with a Date it is the Date. Without one
    (a proxy that strips it), the newest trusted change (no error, not in the future, R17), never past
    our own clock.
    """
    if read_began is not None:
        return read_began
    if newest_trusted is None:
        return None
    return min(newest_trusted, now)


def _normalised_in(address: str, scope: frozenset[str]) -> bool:
    try:
        return normalise_email(address) in scope
    except InvalidEmail:
        return False


def _in_scope(error: ContactError, scope: frozenset[str]) -> bool:
    """A read error belongs to an --only run when it names one of its addresses (others wait for the next run)."""
    return _normalised_in(error.email or "", scope)


def _unreadable(errors: Iterable[ContactError]) -> frozenset[str]:
    """The addresses a read error kept out of a run, in the planner's matching form: an error names a row as its
    system stored it ("Rev@Example.SE"), the planner's sides are keyed "rev@example.se" (R24: not known to be gone)."""
    return frozenset(address_key(e.email) for e in errors if isinstance(e.email, str))


def _in_memory(snapshot: _Snapshot) -> tuple[dict[str, SuperOfficeContact], dict[str, EmarketeerContact]]:
    """Both sides of a snapshot read into memory (a full run's stays in the store: StoredContacts)."""
    superoffice, emarketeer = snapshot.superoffice, snapshot.emarketeer
    assert isinstance(superoffice, dict) and isinstance(emarketeer, dict), "a full run's snapshot is in the store"
    return superoffice, emarketeer


def _consents_tuple(consents: dict[Purpose, Consent]) -> tuple[Consent, ...]:
    return tuple(consents.get(p, Consent()) for p in PURPOSES)


__all__ = [
    "EngineSettings",
    "Progress",
    "RunDetails",
    "RunSummary",
    "SyncEngine",
    "SyncOptions",
    "held_message",
    "next_cursor",
]
