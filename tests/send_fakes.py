"""A stand-in SendService for the Send tab's tests of paths the simulators cannot easily make (a fake clock for due sends,
a component eMarketeer rejects): same public names as desktop_app.sending.SendService, state shared across threads."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

from desktop_app.domain.checklist import Checklist, ChecklistLine, Exclusion
from desktop_app.domain.email import InvalidEmail, normalise_email
from desktop_app.sending import (
    RECENT_WINDOW,
    ContactList,
    EarlierSend,
    PreparedSend,
    ScheduledSend,
    SendError,
    SendOutcome,
    SendRequest,
    SendStatus,
    SendSummary,
)
from desktop_app.sending import due as due_policy


@dataclass
class FakeSendBackend:
    """What eMarketeer and the store would hold: lists, who withdrew, what was sent, what is scheduled."""

    lists: list = field(default_factory=lambda: [ContactList(7, "Newsletter", 3), ContactList(8, "Nobody", 0)])
    members: dict = field(
        default_factory=lambda: {7: ["anna@example.se", "bo@example.se", "cecilia@example.se"], 8: []}
    )
    withdrawn: set = field(default_factory=lambda: {"cecilia@example.se"})
    unknown: set = field(default_factory=lambda: {"nobody@example.se"})
    changed: dict = field(
        default_factory=lambda: {
            "bo@example.se": ("Marketing sendouts: written to eMarketeer (Consent, newer in SuperOffice).",)
        }
    )
    rejected_components: set = field(default_factory=lambda: {999})
    sent: list = field(default_factory=list)  # (component id, recipients) per launch
    prepared: list = field(default_factory=list)  # SendRequest per prepare
    scheduled: dict = field(default_factory=dict)
    due_sent: list = field(default_factory=list)  # send ids sent by send_due
    threads: list = field(default_factory=list)  # the thread each prepare/launch ran on
    history: list = field(default_factory=list)  # (send id, channel, component id, when, accepted) per launch
    left_out: list = field(default_factory=list)  # the leave_out each launch was given
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def factory(self, config, credentials, store, clock):
        return FakeSendService(self, clock)


class FakeSendService:
    def __init__(self, backend: FakeSendBackend, clock) -> None:
        self.backend = backend
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.closed = False

    def close(self) -> None:
        self.closed = True

    def contact_lists(self) -> list:
        return list(self.backend.lists)

    def list_recipients(self, list_id: int) -> list[str]:
        return list(self.backend.members[list_id])

    def prepare(self, request: SendRequest, *, cancel=None, progress=None, send_id=None) -> PreparedSend:
        b = self.backend
        with b.lock:
            b.threads.append(_thread_name())
            b.prepared.append(request)
        if not request.recipients:
            raise SendError("The list of recipients is empty: there is nobody to send to.")
        if progress is not None:
            progress(type("P", (), {"phase": "reading", "done": 1, "total": 2, "message": "Reading both systems…"})())
        lines, seen = [], set()
        for given in request.recipients:
            try:
                email = normalise_email(given)
            except InvalidEmail as exc:
                lines.append(ChecklistLine(given, None, False, Exclusion.INVALID_ADDRESS, f"Invalid address: {exc}."))
                continue
            if email in seen:
                lines.append(
                    ChecklistLine(
                        given, email, False, Exclusion.DUPLICATE_IN_LIST, "Already in the list above; sent to once."
                    )
                )
                continue
            seen.add(email)
            changes = b.changed.get(email, ())
            if email in b.withdrawn:
                lines.append(
                    ChecklistLine(
                        given,
                        email,
                        False,
                        Exclusion.MARKETING_WITHDRAWN,
                        "Marketing sendouts withdrawn in SuperOffice.",
                        changes,
                    )
                )
            elif email in b.unknown:
                lines.append(
                    ChecklistLine(
                        given,
                        email,
                        False,
                        Exclusion.UNKNOWN_IN_EMARKETEER,
                        "eMarketeer has no contact with this address.",
                    )
                )
            else:
                lines.append(ChecklistLine(given, email, True, None, "Marketing sendouts: Consent.", changes))
        if not seen:
            raise SendError(f"None of the {len(lines)} addresses is a valid e-mail address, so nothing can be sent.")
        checklist = Checklist(request.channel, request.component_id, 41, self.clock(), tuple(lines))
        with b.lock:
            new_id = send_id or next(b.ids)
        return PreparedSend(new_id, request, checklist, None)

    def launch(self, prepared: PreparedSend, *, cancel=None, progress=None, leave_out=()) -> SendOutcome:
        b = self.backend
        skip = {email for e in leave_out for email in e.emails}
        with b.lock:
            b.threads.append(_thread_name())
            b.left_out.append(tuple(leave_out))
        if skip:
            checklist = prepared.checklist
            lines = tuple(
                ChecklistLine(x.given, x.email, False, Exclusion.RECENTLY_SENT, "Already got it.")
                if x.allowed and x.email in skip
                else x
                for x in checklist.lines
            )
            prepared = PreparedSend(
                prepared.send_id,
                prepared.request,
                Checklist(checklist.channel, checklist.component_id, checklist.run_id, checklist.made_at, lines),
                prepared.summary,
            )
        if prepared.checklist.component_id in b.rejected_components:
            raise SendError(
                f"eMarketeer rejected the message: component {prepared.checklist.component_id} does "
                "not exist. Nothing was sent.",
                send_id=prepared.send_id,
            )
        allowed = prepared.checklist.allowed
        if not allowed:
            return SendOutcome(
                prepared.send_id,
                prepared.checklist.run_id,
                message="Nobody on the Checklist may get it, so nothing was sent.",
            )
        with b.lock:
            b.sent.append((prepared.checklist.component_id, allowed))
        rejected = tuple((e, "Hard bounce") for e in allowed if e.startswith("bounce"))
        accepted = tuple(e for e in allowed if not e.startswith("bounce"))
        with b.lock:
            b.history.append(
                (prepared.send_id, prepared.checklist.channel, prepared.checklist.component_id, self.clock(), accepted)
            )
        return SendOutcome(prepared.send_id, prepared.checklist.run_id, accepted, rejected)

    def recently_sent(self, channel, component_id, emails, *, within=RECENT_WINDOW, exclude_send_id=None) -> list:
        wanted, seen, found = set(emails), set(), {}
        with self.backend.lock:
            history = list(self.backend.history)
        for send_id, ch, component, at, accepted in reversed(history):
            if ch != channel or component != component_id or send_id == exclude_send_id or at < self.clock() - within:
                continue
            mine = tuple(e for e in accepted if e in wanted and e not in seen)
            seen.update(mine)
            if mine:
                found[send_id] = EarlierSend(send_id, ch, component, at, mine)
        return list(found.values())

    def recent_sends(self, limit: int = 8) -> list:
        with self.backend.lock:
            history = list(self.backend.history)
        return [
            SendSummary(send_id, ch, component, "pasted", SendStatus.SENT, at, at, len(accepted))
            for send_id, ch, component, at, accepted in reversed(history)
        ][:limit]

    def send_summary(self, send_id: int):
        found = [s for s in self.recent_sends(1000) if s.send_id == send_id]
        if not found:
            raise SendError(f"There is no send {send_id}.")
        return found[0]

    def resume(self, send_id: int, *, cancel=None, progress=None, leave_out=()) -> SendOutcome:
        raise SendError(f"Send {send_id} has nothing left to send.")

    def schedule(self, request: SendRequest, at: datetime) -> int:
        b = self.backend
        with b.lock:
            send_id = next(b.ids)
            b.scheduled[send_id] = ScheduledSend(
                send_id,
                request.channel,
                request.component_id,
                request.source,
                request.recipients,
                at.astimezone(timezone.utc),
                self.clock(),
                SendStatus.SCHEDULED,
                request.list_id,
            )
        return send_id

    def scheduled(self) -> list:
        with self.backend.lock:
            return sorted(self.backend.scheduled.values(), key=lambda s: s.scheduled_at)

    def due(self, now=None) -> list:
        now = now or self.clock()
        return due_policy.ready_sends(self.scheduled(), now)

    def hold(self, send_id: int, why: str) -> None:
        self._change(send_id, held=True, message=why)

    def release(self, send_id: int) -> None:
        self._change(send_id, held=False, attempts=0, last_attempt_at=None, message=None)

    def _change(self, send_id: int, **changes) -> None:
        with self.backend.lock:
            send = self.backend.scheduled.get(send_id)
            if send is None:
                raise SendError("That send is not waiting any more.")
            self.backend.scheduled[send_id] = dataclasses.replace(send, **changes)

    def cancel(self, send_id: int) -> None:
        with self.backend.lock:
            if self.backend.scheduled.pop(send_id, None) is None:
                raise SendError("That send is not waiting any more.")

    def send_due(self, send_id: int, *, cancel=None, progress=None) -> SendOutcome:
        b = self.backend
        with b.lock:
            send = b.scheduled.pop(send_id, None)
        if send is None:
            raise SendError("That send is not waiting any more.")
        prepared = self.prepare(send.request, cancel=cancel, progress=progress, send_id=send_id)
        outcome = self.launch(prepared)
        with b.lock:
            b.due_sent.append(send_id)
        return outcome


def _thread_name() -> str:
    from PySide6.QtCore import QThread

    return QThread.currentThread().objectName() or threading.current_thread().name
