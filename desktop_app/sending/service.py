"""SendService: the send-time sync (R3, R4), the Checklist, the Messages API in batches, and scheduled sends (R10).

Qt-free and thread-agnostic. Every step is recorded in the Store before the next one starts, so a
crash or a lost answer never makes a recipient receive a send twice and never leaves a sent
message unrecorded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..connectors.errors import (
    AmbiguousWriteError,
    ConnectorError,
    InvalidRequestError,
    NotFoundError,
    PauseRequestedError,
    UnexpectedResponseError,
)
from ..domain.checklist import Channel, Checklist, RecipientResult, SendStatus, build_checklist
from ..domain.email import address_key, try_normalise_email
from ..domain.messages import Message, english
from ..domain.model import RunStatus, System, Trigger, format_time, utc_now
from ..errors import AppError
from ..store import SendRecipientRecord, SendRecord, Store
from ..sync.engine import EngineSettings, Progress, RunSummary, SyncEngine, SyncOptions
from ..sync.factory import build_connectors, engine_settings
from ..sync.lock import LockHeld, RunLock
from ..sync.pause import keep_asked_pause, pause_in_force, pauses_in_force
from . import due as due_policy

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials
    from ..connectors.emarketeer import EmarketeerConnector, SendResult
    from ..connectors.superoffice import SuperOfficeConnector

log = logging.getLogger(__name__)


class SendError(AppError):
    """A send that cannot go ahead; `user_message` is one sentence for a person. Nothing was sent."""

    exit_code = 1

    def __init__(
        self,
        user_message: Message | str,
        *,
        send_id: int | None = None,
        exit_code: int = 1,
        paused_until: datetime | None = None,
    ) -> None:
        super().__init__(user_message)
        self.send_id = send_id
        self.exit_code = exit_code
        # A due send a vendor's pause keeps waiting: it stays scheduled and is not tried again before this time.
        self.paused_until = paused_until


class _ChangedMeanwhile(SendError):
    """A waiting send was cancelled or held by a person (another process, the window) while its recipients were being
    checked: nothing is recorded or sent, and it is not a failed attempt."""


@dataclass(frozen=True, slots=True)
class SendRequest:
    channel: Channel
    component_id: int
    recipients: tuple[str, ...]  # as entered
    source: str  # in words: "eMarketeer list 'Newsletter' (12)", "pasted addresses", "file customers.csv"
    list_id: int | None = None
    source_said: Message | None = None  # `source`, typed (the window words it; stored beside the English)


@dataclass(frozen=True, slots=True)
class ContactList:
    id: int
    name: str
    size: int  # contacts on the list


@dataclass(frozen=True, slots=True)
class PreparedSend:
    """A Checklist ready to launch: the send's id, who is allowed and why, and the send-time sync's summary."""

    send_id: int
    request: SendRequest
    checklist: Checklist
    summary: object  # sync.engine.RunSummary, with details (the conflict view can show these recipients)


@dataclass(frozen=True, slots=True)
class SendOutcome:
    send_id: int
    run_id: int | None
    accepted: tuple[str, ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()  # (email, reason)
    not_sent: tuple[str, ...] = ()  # left after a failure halfway: may be sent later with `resume`
    unknown: tuple[str, ...] = ()  # a batch whose answer was lost: never resent automatically
    message: str | None = None  # a sentence when something went wrong
    status: SendStatus = SendStatus.SENT
    said: Message | None = None  # `message`, typed, for the window


@dataclass(frozen=True, slots=True)
class ScheduledSend:
    send_id: int
    channel: Channel
    component_id: int
    source: str
    recipients: tuple[str, ...]
    scheduled_at: datetime  # UTC
    created_at: datetime  # UTC
    status: SendStatus
    list_id: int | None = None
    message: str | None = None  # why the last attempt failed, or why it is held
    attempts: int = 0  # failed attempts so far (sending.due)
    last_attempt_at: datetime | None = None
    held: bool = False  # waits for a person: Send now or Cancel send
    said: Message | None = None  # `message`, typed, for the window
    source_said: Message | None = None  # `source`, typed, for the window

    @property
    def request(self) -> SendRequest:
        return SendRequest(
            self.channel, self.component_id, self.recipients, self.source, self.list_id, self.source_said
        )


@dataclass(frozen=True, slots=True)
class EarlierSend:
    """Recipients that an earlier send of the same message reached (accepted) or may have reached (unknown, its
    answer lost) within RECENT_WINDOW: the guard against sending one message twice to the same person."""

    send_id: int
    channel: Channel
    component_id: int
    at: datetime  # UTC: when the latest of these recipients got it
    accepted: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def emails(self) -> tuple[str, ...]:
        return self.accepted + self.unknown


@dataclass(frozen=True, slots=True)
class SendSummary:
    """One send that went out (or tried to), with how many recipients it reached: the "Recent sends" list."""

    send_id: int
    channel: Channel
    component_id: int
    source: str
    status: SendStatus
    created_at: datetime
    sent_at: datetime | None
    accepted: int = 0
    rejected: int = 0
    not_sent: int = 0
    unknown: int = 0
    message: str | None = None
    source_said: Message | None = None  # `source`, typed, for the window

    @property
    def resumable(self) -> bool:
        """ "Send the rest" applies: it stopped with recipients that never left (R4: they are checked again first)."""
        return self.status in (SendStatus.PARTLY_SENT, SendStatus.FAILED) and self.not_sent > 0


ProgressCallback = Callable[[Progress], None]

BATCH_SIZE = 500
# A Checklist older than this is not launched: the legal basis may have moved since (R4).
CHECKLIST_MAX_AGE = timedelta(minutes=15)
# A recipient that a send of the same message reached within this window is left out of a new one unless asked.
RECENT_WINDOW = timedelta(hours=24)
_LAUNCHABLE = (SendStatus.CHECKED, SendStatus.PARTLY_SENT, SendStatus.FAILED, SendStatus.SENDING)


class SendService:
    """Prepare (send-time sync + Checklist), launch (Messages API), schedule, and send what is due.

    Every send holds the data directory's run lock (R20) while it syncs and while it posts, so a
    scheduled sync, the window and `legalbasis-sync send --due` never run into each other; a send
    that finds the lock taken raises SendError and sends nothing. `send_due` holds it from the
    fresh sync through the last batch.
    """

    def __init__(
        self,
        store: Store,
        data_dir: Path | str,
        superoffice: SuperOfficeConnector | None,
        emarketeer: EmarketeerConnector | None,
        *,
        engine_settings: EngineSettings | None = None,
        require_positive_basis: bool = True,
        clock: Callable[[], datetime] | None = None,
        batch_size: int = BATCH_SIZE,
        checklist_max_age: timedelta = CHECKLIST_MAX_AGE,
    ) -> None:
        self.store = store
        self.data_dir = Path(data_dir)
        self.so = superoffice
        self.em = emarketeer
        self.engine_settings = engine_settings or EngineSettings()
        self.require_positive_basis = bool(require_positive_basis)
        self.clock = clock or utc_now
        self.batch_size = max(1, int(batch_size))
        self.checklist_max_age = checklist_max_age
        self._lock: RunLock | None = None
        self._lock_depth = 0

    @classmethod
    def from_config(cls, config: AppConfig, credentials: Credentials, store: Store, **kwargs: Any) -> "SendService":
        """Connectors and settings as the sync command builds them (sync/factory.py)."""
        so, em = build_connectors(config, credentials)
        kwargs.setdefault("require_positive_basis", getattr(config, "require_positive_basis", True))
        return cls(store, Path(config.data_dir), so, em, engine_settings=engine_settings(config), **kwargs)

    def close(self) -> None:
        """Close the connectors' HTTP clients (the store belongs to the caller)."""
        for connector in (self.so, self.em):
            close = getattr(connector, "close", None)
            if close is not None:
                close()

    @property
    def _superoffice(self) -> SuperOfficeConnector:
        assert self.so is not None, "a SendService made without connectors only lists and cancels"
        return self.so

    @property
    def _emarketeer(self) -> EmarketeerConnector:
        assert self.em is not None, "a SendService made without connectors only lists and cancels"
        return self.em

    # ------------------------------------------------------------------ the lock (R20)

    @contextmanager
    def _locked(self) -> Iterator[RunLock]:
        """The data directory's run lock, re-entrant within this service (send_due holds it for prepare + launch)."""
        if self._lock_depth == 0:
            lock = RunLock(self.data_dir)
            try:
                lock.acquire()
            except LockHeld as exc:
                raise SendError(
                    Message.of("send_lock_pid", path=str(self.data_dir), pid=exc.holder)
                    if exc.holder
                    else Message.of("send_lock", path=str(self.data_dir))
                ) from None
            self._lock = lock
        held = self._lock
        assert held is not None  # just taken, or held by the outer `with` of this service
        self._lock_depth += 1
        try:
            yield held
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0 and self._lock is not None:
                self._lock.release()
                self._lock = None

    # ------------------------------------------------------------------ prepare

    def prepare(
        self,
        request: SendRequest,
        *,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
        send_id: int | None = None,
    ) -> PreparedSend:
        """Run the recipients' sync (trigger SEND, `--only`, keep_details), build and record the Checklist.

        Raises SendError (one sentence) for an empty list, only invalid addresses, a lock held by
        another run, or a sync that could not finish. Nothing is sent here.
        """
        request = _checked_request(request)
        with self._locked() as lock:
            return self._prepare_locked(lock, request, cancel=cancel, progress=progress, send_id=send_id)

    def _prepare_locked(
        self,
        lock: RunLock,
        request: SendRequest,
        *,
        cancel: threading.Event | None,
        progress: ProgressCallback | None,
        send_id: int | None,
    ) -> PreparedSend:
        # The statuses the send may still be in when its Checklist is recorded: the one it is in now.
        waiting: tuple[SendStatus, ...] = ()
        was_held = False
        if send_id is not None:
            before = self.store.get_send(send_id)
            waiting = (before.status,) if before is not None else ()
            was_held = before is not None and before.held
        summary = self._recipient_sync(
            lock, request.recipients, dry_run=False, cancel=cancel, progress=progress, send_id=send_id
        )
        if summary.status is not RunStatus.DONE:
            why = _why_stopped(summary)
            if send_id is None:
                send_id = self._create_send(request, SendStatus.FAILED)
            message = Message.of("send_sync_failed", run=summary.run_id, why=why)
            self._fail_checking(send_id, message, summary.run_id)
            raise SendError(message, send_id=send_id)
        checklist = build_checklist(
            request.channel,
            request.component_id,
            request.recipients,
            summary,
            self.clock(),
            require_positive_basis=self.require_positive_basis,
        )
        if send_id is None:
            send_id = self._create_send(request, SendStatus.CHECKED, checklist=checklist)
        elif not self.store.record_checklist(send_id, checklist, only_from=waiting, unless_held=not was_held):
            # Cancelled or held while its recipients were checked (a cancel takes no lock): the person's word stands.
            # Before, the Checklist set it back to "checked" and it was launched after "nothing was sent" was said.
            current = self.store.get_send(send_id)
            if current is not None and current.status is SendStatus.SCHEDULED and current.held:
                raise _ChangedMeanwhile(Message.of("send_held_meanwhile", send=send_id), send_id=send_id)
            state = _state(current.status) if current is not None else Message.of("state_cancelled")
            raise _ChangedMeanwhile(Message.of("send_state_nothing_sent", send=send_id, state=state), send_id=send_id)
        log.info("Send %s: Checklist made after run %s: %s", send_id, summary.run_id, checklist.summary_text())
        return PreparedSend(send_id, request, checklist, summary)

    def _create_send(
        self,
        request: SendRequest,
        status: SendStatus,
        *,
        checklist: Checklist | None = None,
        scheduled_at: datetime | None = None,
    ) -> int:
        """The send's row for this request (its recipients, source and list), in `status`."""
        return self.store.create_send(
            request.channel,
            request.component_id,
            request.source,
            request.recipients,
            source_said=request.source_said,
            status=status,
            list_id=request.list_id,
            checklist=checklist,
            scheduled_at=scheduled_at,
        )

    def preview(
        self, request: SendRequest, *, cancel: threading.Event | None = None, progress: ProgressCallback | None = None
    ) -> tuple[Checklist, RunSummary]:
        """The Checklist as it would be now, from a dry-run sync (R16: nothing is written, nothing recorded as a send).

        The sync's would-be writes count as done, so the lines say who would be sent to after a real check.
        """
        request = _checked_request(request)
        with self._locked() as lock:
            summary = self._recipient_sync(lock, request.recipients, dry_run=True, cancel=cancel, progress=progress)
        if summary.status is not RunStatus.DONE:
            raise SendError(Message.of("preview_sync_failed", run=summary.run_id, why=_why_stopped(summary)))
        return build_checklist(
            request.channel,
            request.component_id,
            request.recipients,
            summary,
            self.clock(),
            require_positive_basis=self.require_positive_basis,
        ), summary

    def _recipient_sync(
        self,
        lock: RunLock,
        recipients: Sequence[str],
        *,
        dry_run: bool,
        cancel: threading.Event | None,
        progress: ProgressCallback | None,
        send_id: int | None = None,
    ) -> RunSummary:
        """The send-time sync (R3, R4): the engine's --only path for these recipients' valid addresses, holding
        `lock`. SendError when there is no valid address to sync."""
        wanted = _valid_unique(recipients)
        if not wanted:
            raise SendError(_no_valid_addresses(recipients), send_id=send_id, exit_code=2)
        engine = SyncEngine(
            self.data_dir,
            self.store,
            self._superoffice,
            self._emarketeer,
            self.engine_settings,
            clock=self.clock,
            progress=progress,
            cancel=cancel,
        )
        return engine.run_holding_lock(
            lock, SyncOptions(trigger=Trigger.SEND, dry_run=dry_run, only=tuple(wanted), keep_details=True)
        )

    def _fail_checking(self, send_id: int, message: Message, run_id: int | None) -> None:
        record = self.store.get_send(send_id)
        if record is not None and record.status is SendStatus.SCHEDULED:
            return  # a scheduled send stays scheduled: `_send_due_locked` says what happens to it
        self.store.finish_send(send_id, SendStatus.FAILED, message, run_id=run_id)

    # ------------------------------------------------------------------ launch

    def launch(
        self,
        prepared: PreparedSend,
        *,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
        leave_out: Sequence[EarlierSend] = (),
    ) -> SendOutcome:
        """Send to `checklist.allowed` in batches; record accepted/rejected per recipient.

        `leave_out`: recipients an earlier send of this message reached (see `recently_sent`); they are recorded
        as excluded (RECENTLY_SENT) and not sent to.

        Idempotent on a stored send: recipients already accepted, rejected or unknown are never
        sent again. Raises SendError when nothing could be sent (component rejected, service down,
        nobody allowed, the Checklist too old, the lock held).
        """
        age = self.clock() - prepared.checklist.made_at
        if age > self.checklist_max_age:
            minutes = int(self.checklist_max_age.total_seconds() // 60)
            raise SendError(Message.of("checklist_too_old", minutes=minutes), send_id=prepared.send_id)
        with self._locked():
            checklist = prepared.checklist
            changed = self.store.written_since(checklist.run_id, checklist.made_at, checklist.allowed)
            if changed:
                # R4: a sync since the Checklist (a scheduled one, another process's) changed a recipient's legal
                # basis, a withdrawal perhaps: the Checklist no longer says who may get it. Checked again, not sent.
                raise SendError(
                    Message.of("checklist_changed_since", n=len(changed), email=changed[0]), send_id=prepared.send_id
                )
            self._leave_out(prepared.send_id, leave_out)
            return self._launch_locked(prepared.send_id, cancel=cancel, progress=progress)

    def _leave_out(self, send_id: int, earlier: Sequence[EarlierSend]) -> None:
        reasons = []
        for e in earlier:
            what = f"{e.channel.value if isinstance(e.channel, Channel) else e.channel} {e.component_id}"
            got = Message.of("left_out_got", what=what, send=e.send_id, at=format_time(e.at))
            maybe = Message.of("left_out_maybe_got", what=what, send=e.send_id)
            reasons += [(email, got) for email in e.accepted]
            reasons += [(email, maybe) for email in e.unknown]
        if reasons:
            n = self.store.leave_out_recipients(send_id, reasons)
            log.info("Send %s: %s recipients left out, reached by an earlier send of the message", send_id, n)

    def recently_sent(
        self,
        channel: Channel,
        component_id: int,
        emails: Iterable[str | None],
        *,
        within: timedelta = RECENT_WINDOW,
        exclude_send_id: int | None = None,
    ) -> list[EarlierSend]:
        """Which of `emails` (normalised) a send of this message reached or may have reached within `within`, grouped
        by that send, newest first; each address counts once, for its latest send. Read-only."""
        wanted = {e for e in emails if e}
        if not wanted:
            return []
        found: dict[int, dict[str, Any]] = {}
        seen: set[str] = set()
        for send_id, email, result, at in self.store.recent_results(
            Channel(channel), component_id, self.clock() - within, exclude_send_id=exclude_send_id
        ):
            if email not in wanted or email in seen:
                continue
            seen.add(email)
            entry = found.setdefault(send_id, {"at": at, "accepted": [], "unknown": []})  # newest first: its latest
            entry["accepted" if result is RecipientResult.ACCEPTED else "unknown"].append(email)
        earlier = [
            EarlierSend(send_id, Channel(channel), component_id, v["at"], tuple(v["accepted"]), tuple(v["unknown"]))
            for send_id, v in found.items()
        ]
        return sorted(earlier, key=lambda e: (e.at, e.send_id), reverse=True)

    def _launch_locked(
        self, send_id: int, *, cancel: threading.Event | None, progress: ProgressCallback | None
    ) -> SendOutcome:
        record = self.store.get_send(send_id)
        if record is None:
            raise SendError(Message.of("no_send", send=send_id), send_id=send_id, exit_code=2)
        if record.status is SendStatus.SENT:
            return self.outcome(send_id)  # launched before: nothing goes twice
        if record.status not in _LAUNCHABLE:
            raise SendError(
                Message.of("send_state_nothing_sent", send=send_id, state=_state(record.status)), send_id=send_id
            )
        to_send = self.store.recipients_to_send(send_id)
        if not to_send:
            before = self.outcome(send_id)
            if before.accepted or before.rejected or before.unknown:
                return before
            lines = self.store.send_recipients(send_id)
            message = Message.of("all_excluded", n=len(lines))
            self.store.finish_send(send_id, SendStatus.FAILED, message)
            raise SendError(message, send_id=send_id)
        if not self.store.claim_send(send_id, _LAUNCHABLE, SendStatus.SENDING):
            raise SendError(Message.of("send_busy", send=send_id), send_id=send_id)
        channel, component = record.channel, record.component_id
        batches = [to_send[i : i + self.batch_size] for i in range(0, len(to_send), self.batch_size)]
        first_batch = self._next_batch_number(send_id)
        stop: Message | str | None = None
        stop_short: Message | str = ""
        rejected_component: Message | None = None
        for k, batch in enumerate(batches):
            number = first_batch + k
            stopped = _stopped_by(cancel)
            if stopped is not None:
                stop = stop_short = stopped
                break
            _emit(
                progress,
                "sending",
                k,
                len(batches),
                Message.of("sending_batch", k=k + 1, total=len(batches), n=len(batch)),
            )
            self.store.mark_batch_leaving(send_id, number, batch)  # before it leaves: a crash leaves them unknown
            try:
                result = self._emarketeer.send(channel.value, component, list(batch))
            except (AmbiguousWriteError, UnexpectedResponseError):
                reason = (
                    "eMarketeer's answer was lost: this batch may or may not have been sent, so it is "
                    "not sent again automatically"
                )
                self.store.record_batch(send_id, number, unknown=[(e, reason) for e in batch])
                stopped = _stopped_by(cancel)
                if stopped is not None:  # a stop cut the batch off on the wire (connectors.http.STOP_GRACE)
                    stop_short = f"{stopped} while batch {k + 1} was on its way"
                    stop = Message.of(
                        "stop_batch_on_its_way", stopped=stopped, k=k + 1, total=len(batches), n=len(batch)
                    )
                else:
                    stop_short = Message.of("batch_lost_short", k=k + 1)
                    stop = Message.of("batch_lost", k=k + 1, total=len(batches), n=len(batch))
                break
            except (InvalidRequestError, NotFoundError) as exc:
                vendor = getattr(exc, "vendor_message", None) or exc.user_message
                self.store.record_batch(send_id, number, not_sent=[(e, _clause(vendor)) for e in batch])
                rejected_component = Message.of(
                    "component_rejected_email" if channel is Channel.EMAIL else "component_rejected_sms",
                    component=component,
                    vendor=_clause(vendor),
                )
                stop = stop_short = rejected_component
                break
            except ConnectorError as exc:  # not processed: 429s or connection failures used up every retry
                if isinstance(exc, PauseRequestedError):  # a long Retry-After: no sync or send before that time
                    keep_asked_pause(self.store, System.EMARKETEER, exc.retry_after, self.clock())
                self.store.record_batch(send_id, number, not_sent=[(e, _clause(exc.user_message)) for e in batch])
                stop = stop_short = exc.said or _clause(exc.user_message)
                break
            self._record_answer(send_id, number, batch, result)
        _emit(progress, "done", 1, 1, Message.of("send_finished" if stop is None else "send_stopped"))
        if stop is None:
            stopped = _stopped_by(cancel)
            said: Message | None = None
            if stopped is not None:
                # The stop came while the last batch was on its way and its answer came in: every recipient went,
                # and the send says it was stopped (the caller ends with "stopped", issue 9 pt 3).
                done = self.outcome(send_id)
                said = Message.of(
                    "stop_last_batch_answered",
                    stopped=stopped,
                    accepted=len(done.accepted),
                    rejected=len(done.rejected),
                    unknown=len(done.unknown),
                )
            self.store.finish_send(send_id, SendStatus.SENT, said, sent=True)
            return self.outcome(send_id)
        left = self.store.mark_not_sent(
            send_id, f"Not sent: the send stopped before this batch ({_clause(english(stop_short))})."
        )
        outcome = self.outcome(send_id)
        went = bool(outcome.accepted or outcome.rejected or outcome.unknown)
        if not went:
            message = (
                Message.of("stop_nothing_sent", stop=stop)
                if rejected_component is not None
                else Message.of("stop_nothing_sent_resume", stop=stop, send=send_id)
            )
            self.store.finish_send(send_id, SendStatus.FAILED, message)
            raise SendError(message, send_id=send_id, exit_code=1 if rejected_component is None else 2)
        not_sent = len(outcome.not_sent)
        message = Message.of(
            "stop_partly_resume" if left else "stop_partly",
            stop=stop,
            accepted=len(outcome.accepted),
            rejected=len(outcome.rejected),
            unknown=len(outcome.unknown),
            not_sent=not_sent,
            send=send_id,
        )
        self.store.finish_send(send_id, SendStatus.PARTLY_SENT, message, sent=True)
        return self.outcome(send_id)

    def _next_batch_number(self, send_id: int) -> int:
        numbers = [r.batch for r in self.store.send_recipients(send_id) if r.batch is not None]
        return (max(numbers) + 1) if numbers else 1

    def _record_answer(self, send_id: int, number: int, batch: list[str], result: SendResult) -> None:
        accepted_keys = {_key(a) for a in result.accepted}
        rejected_by_key = {_key(e): why for e, why in result.rejected}
        accepted: list[str] = []
        rejected: list[tuple[str, str]] = []
        unknown: list[tuple[str, str]] = []
        for email in batch:
            if email in rejected_by_key:
                rejected.append((email, rejected_by_key[email]))
            elif email in accepted_keys:
                accepted.append(email)
            else:
                unknown.append((email, "eMarketeer's answer did not mention this recipient"))
        self.store.record_batch(send_id, number, accepted=accepted, rejected=rejected, unknown=unknown)

    def outcome(self, send_id: int) -> SendOutcome:
        """What a send has done so far, from the store (cumulative over launches and resumes)."""
        record = self.store.get_send(send_id)
        if record is None:
            raise SendError(Message.of("no_send", send=send_id), send_id=send_id, exit_code=2)
        accepted: list[str] = []
        rejected: list[tuple[str, str]] = []
        not_sent: list[str] = []
        unknown: list[str] = []
        for r in self.store.send_recipients(send_id):
            if r.email is None:
                continue  # a given address that was never valid: never sent, nor to be sent
            if r.result is RecipientResult.ACCEPTED:
                accepted.append(r.email)
            elif r.result is RecipientResult.REJECTED:
                rejected.append((r.email, r.reason or "rejected"))
            elif r.result is RecipientResult.NOT_SENT and r.allowed:
                not_sent.append(r.email)
            elif r.result is RecipientResult.UNKNOWN:
                unknown.append(r.email)
        return SendOutcome(
            send_id,
            record.run_id,
            tuple(accepted),
            tuple(rejected),
            tuple(not_sent),
            tuple(unknown),
            record.message,
            record.status,
            record.said,
        )

    def resume(
        self,
        send_id: int,
        *,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
        leave_out: Sequence[EarlierSend] = (),
    ) -> SendOutcome:
        """Send the rest of a partly sent (or failed) send: its `not_sent` recipients only, after a fresh sync
        for them (R4). Accepted, rejected and unknown recipients are never sent again; nor are those in
        `leave_out` (reached by another send of the message meanwhile)."""
        record = self.store.get_send(send_id)
        if record is None:
            raise SendError(Message.of("no_send", send=send_id), send_id=send_id, exit_code=2)
        if record.status not in (SendStatus.PARTLY_SENT, SendStatus.FAILED, SendStatus.SENDING):
            raise SendError(
                Message.of("send_state_no_resume", send=send_id, state=_state(record.status)), send_id=send_id
            )
        with self._locked() as lock:
            record = self.store.get_send(send_id) or record  # as it is now, under the lock
            if record.status is SendStatus.SENDING:
                settled = self._settle_sending(send_id)
                if settled is not None:
                    return settled  # nothing was left to send
                record = self.store.get_send(send_id) or record
            rest = [
                r.email
                for r in self.store.send_recipients(send_id)
                if r.result is RecipientResult.NOT_SENT and r.email is not None
            ]
            if not rest:
                raise SendError(Message.of("send_nothing_left", send=send_id), send_id=send_id)
            summary = self._recipient_sync(lock, rest, dry_run=False, cancel=cancel, progress=progress, send_id=send_id)
            if summary.status is not RunStatus.DONE:
                raise SendError(
                    Message.of("send_sync_failed_more", run=summary.run_id, why=_why_stopped(summary)), send_id=send_id
                )
            checklist = build_checklist(
                record.channel,
                record.component_id,
                rest,
                summary,
                self.clock(),
                require_positive_basis=self.require_positive_basis,
            )
            self.store.recheck_recipients(send_id, checklist)
            self._leave_out(send_id, leave_out)
            return self._launch_locked(send_id, cancel=cancel, progress=progress)

    def settle_interrupted(self) -> list[int]:
        """Sends left "sending" by a process that ended (a kill, the power, a full disk) are recorded as they stand,
        so Recent sends shows them and "Send the rest…" finishes them; returns their ids. Only under the run lock,
        which a sending process holds from its first batch to its last: when another process holds it (it may be
        sending them), nothing is touched and the next look tries again. Before, the window never listed such a send,
        and only `send --resume ID` on the command line found it."""
        left = self.store.sends(statuses=(SendStatus.SENDING,), limit=None)
        if not left:
            return []
        settled = []
        try:
            with self._locked():
                for record in left:
                    now = self.store.get_send(record.id)
                    if now is not None and now.status is SendStatus.SENDING:
                        self._settle_sending(record.id)
                        settled.append(record.id)
        except SendError:
            return []  # the run lock is held: maybe by the process sending them
        for send_id in settled:
            log.warning("Send %s: the app ended while sending it; recorded as it stands", send_id)
        return settled

    def _settle_sending(self, send_id: int) -> SendOutcome | None:
        """Under the run lock, a send still "sending" was left so by a process that ended. Who was never posted (no
        batch marked as leaving with them) did not get it: "not sent", sent after a fresh sync (R4). Before, they were
        left as nothing, the send was recorded as sent, and nothing said they never got it. The send is then "failed"
        when nobody was reached (as a launch that reached nobody is), else "partly sent", and its sentence says whether
        a batch was on its way when it ended (its recipients "unknown": never sent again automatically, R18).
        Returns the settled outcome when nothing is left to send, else None."""
        self.store.mark_not_sent(send_id, "Not sent: the app ended before this batch was posted.")
        done = self.outcome(send_id)
        if not done.not_sent:
            return self._settle_interrupted(send_id)
        status, message = SendStatus.PARTLY_SENT, Message.of("send_ended_between_batches")
        if not (done.accepted or done.rejected or done.unknown):
            status, message = SendStatus.FAILED, Message.of("send_ended_before_any")
        elif done.unknown:
            message = Message.of(
                "send_ended_batch_unanswered",
                accepted=len(done.accepted),
                rejected=len(done.rejected),
                unknown=len(done.unknown),
                not_sent=len(done.not_sent),
            )
        self.store.finish_send(send_id, status, message)
        return None

    def _settle_interrupted(self, send_id: int) -> SendOutcome:
        """A send left 'sending' by a process that ended before recording its last answers (killed, or the disk
        filled: issue 9 pt 4), with nothing left to send: recorded as it stands. Under the run lock, so no other
        process is sending it. Its unknown recipients stay unknown: never resent automatically (R18)."""
        done = self.outcome(send_id)
        status = SendStatus.SENT if not done.unknown else SendStatus.PARTLY_SENT
        message = (
            None
            if status is SendStatus.SENT
            else Message.of(
                "send_answers_unrecorded",
                send=send_id,
                accepted=len(done.accepted),
                rejected=len(done.rejected),
                unknown=len(done.unknown),
            )
        )
        self.store.finish_send(send_id, status, message, sent=True)
        return self.outcome(send_id)

    # ------------------------------------------------------------------ scheduled sends (R10)

    def schedule(self, request: SendRequest, at: datetime) -> int:
        """Store a send for later (aware datetime, stored UTC); returns its id. Nothing is checked or sent now."""
        request = _checked_request(request)
        if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
            raise SendError(Message.of("needs_time_zone"), exit_code=2)
        at = at.astimezone(timezone.utc)
        if at <= self.clock():
            raise SendError(Message.of("not_future", time=format_time(at)), exit_code=2)
        if not _valid_unique(request.recipients) and request.list_id is None:
            raise SendError(_no_valid_addresses(request.recipients), exit_code=2)
        send_id = self._create_send(request, SendStatus.SCHEDULED, scheduled_at=at)
        log.info(
            "Send %s scheduled for %s (%s, component %s, %s)",
            send_id,
            format_time(at),
            request.channel,
            request.component_id,
            request.source,
        )
        return send_id

    def scheduled(self) -> list[ScheduledSend]:
        """Sends waiting for their time, soonest first."""
        self._reopen_interrupted()
        return [_scheduled(r) for r in self.store.scheduled_sends()]

    def _reopen_interrupted(self) -> None:
        """A scheduled send whose process ended between its due-time Checklist and its launch is scheduled again,
        so it goes at the next look with a fresh sync (R10). Before, it stayed "checked": not scheduled, not due,
        not in Recent sends, not resumable, and never sent, with nobody told."""
        for send_id in self.store.reopen_interrupted_due(
            self.clock() - self.checklist_max_age, Message.of("note_interrupted_due")
        ):
            log.warning("Send %s: the app ended between its Checklist and its launch; scheduled again", send_id)

    def due(self, now: datetime | None = None) -> list[ScheduledSend]:
        """Scheduled sends to go now (by `now`, default the service's clock): due, not held, not resting after a
        failed attempt (sending.due)."""
        now = now or self.clock()
        self._reopen_interrupted()
        if pause_in_force(self.store, now) is not None:
            return []  # a vendor asked us to wait (a long Retry-After): nothing goes before then, nothing is counted
        return due_policy.ready_sends((_scheduled(r) for r in self.store.scheduled_sends(due_by=now)), now)

    def hold(self, send_id: int, why: str) -> None:
        """Keep a scheduled send from going on its own until a person says so (`release`); `why` is shown with it."""
        if not self.store.hold_send(send_id, True, why):
            raise SendError(Message.of("send_not_waiting", send=send_id), send_id=send_id)
        log.info("Send %s held: %s", send_id, why)

    def release(self, send_id: int) -> None:
        """A person's "Send now": the send goes at the next look, its failed attempts forgotten."""
        if not self.store.hold_send(send_id, False):
            raise SendError(Message.of("send_not_waiting", send=send_id), send_id=send_id)
        log.info("Send %s released to go now", send_id)

    def cancel(self, send_id: int) -> None:
        """Cancel a scheduled (or checked, not launched) send; SendError if it is not waiting any more."""
        if self.store.claim_send(
            send_id,
            (SendStatus.SCHEDULED, SendStatus.CHECKED),
            SendStatus.CANCELLED,
            Message.of("cancelled_before_sent"),
        ):
            log.info("Send %s cancelled", send_id)
            return
        record = self.store.get_send(send_id)
        if record is None:
            raise SendError(Message.of("no_send", send=send_id), send_id=send_id, exit_code=2)
        raise SendError(Message.of("send_state_no_cancel", send=send_id, state=_state(record.status)), send_id=send_id)

    def send_due(
        self, send_id: int, *, cancel: threading.Event | None = None, progress: ProgressCallback | None = None
    ) -> SendOutcome:
        """R10: a fresh sync for this scheduled send's recipients now, a new Checklist, then launch to who is allowed.

        Holds the run lock throughout. A list-based send reads its eMarketeer list again first. If the
        sync or the list cannot be read (or the lock is taken), the send stays scheduled, the failed attempt
        is counted (sending.due: tried again after a rest, held for a person after the last) and SendError
        says why; an empty list or one without a valid address fails the send.
        """
        try:
            return self._send_due(send_id, cancel=cancel, progress=progress)
        except _ChangedMeanwhile:
            raise  # a person cancelled or held it: not an attempt that failed
        except BaseException as exc:
            message = (exc.said or exc.user_message) if isinstance(exc, SendError) else f"{type(exc).__name__}: {exc}"
            if cancel is not None and cancel.is_set():
                # Stopped (a signal, Cancel), not failed: it stays due for the next run, no rest, never held for it.
                self._note_stopped(send_id, cancel)
            else:
                self._count_failed_attempt(send_id, message)
            raise

    def _note_stopped(self, send_id: int, cancel: threading.Event | None) -> None:
        record = self.store.get_send(send_id)
        if record is not None and record.status is SendStatus.SCHEDULED:
            stopped = _stopped_by(cancel) or Message.of("stopped_plain")
            self._note(send_id, Message.of("stop_before_it_went", stopped=stopped))

    def _count_failed_attempt(self, send_id: int, message: Message | str) -> None:
        record = self.store.get_send(send_id)
        if record is None or record.status is not SendStatus.SCHEDULED:
            return  # it failed for good, or went: no attempt to count
        if pause_in_force(self.store, self.clock()) is not None:
            return  # the vendor's pause, not the send, stopped it: never held for a person because of it
        hold = due_policy.held_after(record.attempts + 1)
        self.store.record_failed_attempt(send_id, self.clock(), message, hold=hold)
        log.info(
            "Send %s: attempt %s failed%s",
            send_id,
            record.attempts + 1,
            "; held for a person" if hold else f"; tried again in {due_policy.retry_minutes()} minutes",
        )

    def _send_due(
        self, send_id: int, *, cancel: threading.Event | None, progress: ProgressCallback | None
    ) -> SendOutcome:
        with self._locked() as lock:
            record = self.store.get_send(send_id)
            if record is None:
                raise SendError(Message.of("no_send", send=send_id), send_id=send_id)
            if record.status is not SendStatus.SCHEDULED:
                raise SendError(
                    Message.of("send_state_not_waiting", send=send_id, state=_state(record.status)), send_id=send_id
                )
            # A vendor's pause (one that stopped the send before this one, or a sync) is in force: not started, so
            # neither a request nor a skipped run in the History for it, and no attempt counted.
            self._raise_if_paused(send_id, "stays_scheduled_waiting")
            recipients = record.recipients
            if record.list_id is not None:
                try:
                    recipients = tuple(self.list_recipients(record.list_id))
                except SendError as exc:
                    self._raise_if_paused(send_id, "stays_scheduled_waiting", note=True)  # eMarketeer asked just now
                    why = exc.said or exc.user_message
                    self._note(send_id, Message.of("note_list_unread", why=why))
                    raise SendError(Message.of("stays_scheduled", send=send_id, why=why), send_id=send_id) from None
            request = SendRequest(
                record.channel, record.component_id, recipients, record.source, record.list_id, record.source_said
            )
            if not _valid_unique(recipients):
                message = Message.of("list_empty_when_due") if not recipients else _no_valid_addresses(recipients)
                self.store.finish_send(send_id, SendStatus.FAILED, message)
                raise SendError(message, send_id=send_id)
            try:
                prepared = self._prepare_locked(lock, request, cancel=cancel, progress=progress, send_id=send_id)
            except _ChangedMeanwhile:
                raise
            except SendError as exc:
                current = self.store.get_send(send_id)
                if current is not None and current.status is SendStatus.SCHEDULED:
                    self._raise_if_paused(send_id, "stays_scheduled_paused", note=True)
                    why = exc.said or exc.user_message
                    self._note(send_id, Message.of("note_attempt_failed", why=why))
                    raise SendError(Message.of("stays_scheduled", send=send_id, why=why), send_id=send_id) from None
                raise
            # Nobody gets one message twice (the guard compose and "Send the rest" apply): whom a send of this message
            # reached, or may have reached, in the last 24 hours is left out and recorded so. No person is there to
            # say "send again" when a scheduled send goes; before, it went to them again.
            self._leave_out(prepared.send_id, self.earlier_sends(prepared.send_id))
            return self._launch_locked(prepared.send_id, cancel=cancel, progress=progress)

    def _raise_if_paused(self, send_id: int, kind: str, *, note: bool = False) -> None:
        """While a vendor's pause is in force a due send stays scheduled: no attempt is counted and nothing goes before
        the pause ends, so the sentence (`kind`: it stopped the send-time sync, or kept the send from starting) says
        when it goes, and the error carries that time for the window's next look. `note`: the send's stored note
        (`send --list-scheduled`) becomes that sentence too, not "Last attempt failed", since none was counted."""
        now = self.clock()
        pause = pause_in_force(self.store, now)
        if pause is not None:
            said = Message.of(kind, send=send_id, system=pause.system, time=pause.shown_time(now))
            if note:
                self._note(send_id, said)
            raise SendError(said, send_id=send_id, paused_until=pause.until)

    def earlier_sends(self, send_id: int, *, not_sent: bool = False) -> list[EarlierSend]:
        """Earlier sends of this send's message (last 24 hours, `recently_sent`) that reached, or may have reached,
        a recipient it is about to send to; with `not_sent`, one of those `resume` would send to."""
        record = self.store.get_send(send_id)
        if record is None:
            return []
        if not_sent:
            emails = [r.email for r in self.store.send_recipients(send_id) if r.result is RecipientResult.NOT_SENT]
        else:
            emails = list(self.store.recipients_to_send(send_id))
        return self.recently_sent(record.channel, record.component_id, emails, exclude_send_id=send_id)

    def _note(self, send_id: int, message: Message | str) -> None:
        self.store.claim_send(send_id, (SendStatus.SCHEDULED,), SendStatus.SCHEDULED, message)

    # ------------------------------------------------------------------ eMarketeer lists

    def contact_lists(self) -> list[ContactList]:
        """eMarketeer's contact lists; SendError when eMarketeer cannot be asked, and without asking it while its pause
        is in force (sync/pause.py: nothing asks a vendor anything before the end of the wait it asked for)."""
        paused = self._lists_paused()
        if paused is not None:
            raise paused
        try:
            lists = list(self._emarketeer.iter_lists())
            # A list item without its size (the shape is assumed): count its contacts rather than guess.
            return [
                ContactList(
                    row.list_id,
                    row.name,
                    row.size
                    if row.size is not None
                    else sum(1 for _ in self._emarketeer.iter_list_contacts(row.list_id)),
                )
                for row in lists
            ]
        except ConnectorError as exc:
            if isinstance(exc, PauseRequestedError):  # a long Retry-After: kept as the engine keeps one, said as such
                keep_asked_pause(self.store, System.EMARKETEER, exc.retry_after, self.clock())
            said = Message.of("lists_unreadable", why=exc.said or _clause(exc.user_message))
            raise (self._lists_paused() or SendError(said)) from None

    def _lists_paused(self) -> SendError | None:
        """Why the contact lists are not read now: eMarketeer's pause, and when it ends; None when none is in force."""
        now = self.clock()
        pause = pauses_in_force(self.store, now).get(System.EMARKETEER)
        if pause is None:
            return None
        return SendError(
            Message.of("lists_paused", system=pause.system, time=pause.shown_time(now)), paused_until=pause.until
        )

    def list_recipients(self, list_id: int) -> list[str]:
        """The e-mail addresses on one eMarketeer contact list; SendError for an unknown list or a failed read."""
        try:
            return [row.email for row in self._emarketeer.iter_list_contacts(list_id)]
        except ConnectorError as exc:
            if isinstance(exc, PauseRequestedError):  # a long Retry-After: kept as the engine keeps one (sync/pause.py)
                keep_asked_pause(self.store, System.EMARKETEER, exc.retry_after, self.clock())
            raise SendError(
                Message.of("list_unreadable", id=list_id, why=exc.said or _clause(exc.user_message))
            ) from None

    # ------------------------------------------------------------------ history

    def sends(self, limit: int | None = 50) -> list[SendRecord]:
        return self.store.sends(limit=limit)

    def recent_sends(self, limit: int = 8) -> list[SendSummary]:
        """The latest sends that went out or tried to (sent, partly sent, or failed with recipients left to send),
        newest first, with their counts. Read-only."""
        records = self.store.sends(
            statuses=(SendStatus.SENT, SendStatus.PARTLY_SENT, SendStatus.FAILED), limit=max(limit, 1) * 4
        )
        counts = self.store.send_result_counts(r.id for r in records)
        result = []
        for r in records:
            summary = _summary(r, counts[r.id])
            if r.status is SendStatus.FAILED and not summary.resumable:
                continue  # a check whose sync failed, a component eMarketeer refused: nothing went, nothing to resume
            result.append(summary)
            if len(result) >= limit:
                break
        return result

    def send_summary(self, send_id: int) -> SendSummary:
        record = self.store.get_send(send_id)
        if record is None:
            raise SendError(Message.of("no_send", send=send_id), send_id=send_id, exit_code=2)
        return _summary(record, self.store.send_result_counts([send_id])[send_id])

    def lines(self, send_id: int) -> list[SendRecipientRecord]:
        return self.store.send_recipients(send_id)


def _summary(r: SendRecord, counts: dict[str, int]) -> SendSummary:
    return SendSummary(
        r.id,
        r.channel,
        r.component_id,
        r.source,
        r.status,
        r.created_at,
        r.sent_at,
        counts.get(RecipientResult.ACCEPTED.value, 0),
        counts.get(RecipientResult.REJECTED.value, 0),
        counts.get(RecipientResult.NOT_SENT.value, 0),
        counts.get(RecipientResult.UNKNOWN.value, 0),
        r.message,
        source_said=r.source_said,
    )


def _scheduled(r: SendRecord) -> ScheduledSend:
    assert r.scheduled_at is not None, "the store's scheduled sends all have their time"
    return ScheduledSend(
        r.id,
        r.channel,
        r.component_id,
        r.source,
        r.recipients,
        r.scheduled_at,
        r.created_at,
        r.status,
        r.list_id,
        r.message,
        r.attempts,
        r.last_attempt_at,
        r.held,
        r.said,
        r.source_said,
    )


def _checked_request(request: SendRequest) -> SendRequest:
    try:
        channel = Channel(request.channel)
    except ValueError:
        raise SendError(f"The channel must be e-mail or SMS, not {request.channel!r}.", exit_code=2) from None
    component = request.component_id
    if isinstance(component, bool) or not isinstance(component, int) or component < 1:
        raise SendError(f"The component id must be a whole number of at least 1, not {component!r}.", exit_code=2)
    recipients = tuple(r for r in (request.recipients or ()) if isinstance(r, str) and r.strip())
    if not recipients and request.list_id is None:
        raise SendError(Message.of("list_empty"), exit_code=2)
    if not request.source:
        pasted = Message.of("source_pasted")
        return SendRequest(channel, component, recipients, pasted.english(), request.list_id, pasted)
    return SendRequest(channel, component, recipients, request.source, request.list_id, request.source_said)


def _valid_unique(recipients: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a for a in (try_normalise_email(r) for r in recipients) if a is not None))


def _no_valid_addresses(recipients: Sequence[str]) -> Message:
    if not recipients:
        return Message.of("list_empty")
    example = next(iter(recipients))
    n = len(recipients)
    if n == 1:
        return Message.of("invalid_address_one", address=repr(example))
    return Message.of("invalid_addresses", n=n, address=repr(example))


def _state(status: SendStatus) -> Message:
    return Message.of("state_" + SendStatus(status).value)


def _why_stopped(summary: RunSummary) -> Message | str:
    """Why the send-time sync stopped: its typed message, its English, or "it stopped"."""
    return summary.said or summary.message or Message.of("it_stopped")


def _key(address: str) -> str:
    return try_normalise_email(address) or address_key(address)


def _clause(text: str) -> str:
    text = " ".join(str(text).split())
    return text[:-1] if text.endswith(".") else text


def _capital(text: str) -> str:
    if text[:1] == "e" and text[1:2].isupper():  # eMarketeer keeps its own spelling
        return text
    return text[:1].upper() + text[1:]


def _stopped_by(cancel: threading.Event | None) -> Message | None:
    """'stopped by …' (a StopEvent: the operating system asked, SIGTERM or Ctrl+C) or 'cancelled by the user' once a
    stop is asked for; None while none is."""
    if cancel is None or not cancel.is_set():
        return None
    what = getattr(cancel, "what", None)
    return Message.of("stopped_by", what=what) if what else Message.of("cancelled_lower")


def _emit(progress: ProgressCallback | None, phase: str, done: int, total: int, message: Message) -> None:
    if progress is not None:
        progress(Progress(phase, done, total, message.english(), message))


__all__ = [
    "RECENT_WINDOW",
    "ContactList",
    "EarlierSend",
    "PreparedSend",
    "ScheduledSend",
    "SendError",
    "SendOutcome",
    "SendRequest",
    "SendService",
    "SendStatus",
    "SendSummary",
]
