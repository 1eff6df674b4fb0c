"""The Send tab's scheduled sends, a part of its presenter (presenter.py mixes this in): "Send later", the list
of sends waiting for their time, the start-up question about those that fell due while the app was closed, and
the timer's look for a due send (R10: each goes out after a fresh sync of its recipients).

When a send is due, tried again or held is `sending.due`'s policy over what the store keeps, the same code
`send --due` uses; this part only asks it, hands a ready send to the worker and shows what became of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from ...domain.messages import Message, message_text
from ...domain.model import System
from ...i18n import translate
from ...sending import due as due_policy
from ...sending.service import SendError
from ..status_text import local_time
from .send_words import due_send_label, scheduled_outcome_text
from .service_calls import SendServiceCalls, busy_text, off_text, user_text
from .state import Running, Scheduled, SendViewLike
from .wording import DUE_CANCEL, InputProblem, SendDraft, schedule_problem, schedule_question

if TYPE_CHECKING:
    from ...sending.service import ScheduledSend

DUE = "send-due"


class ScheduledSendsMixin:
    """Needs the presenter's view, calls, runner, clock, state and `_on_worker`, `_problem`, `draft`, `load_recent`."""

    view: SendViewLike
    calls: SendServiceCalls
    runner: Any
    clock: Callable[[], datetime]
    current_config: Callable[[], object] | None
    notify: Callable[[str, bool], None]
    schedule_state: Scheduled
    running: Running | None
    _stopped: bool
    scheduled_loaded: Any  # Signal(list)
    due_prompt_opened: Any  # Signal(object)
    send_finished: Any  # Signal(object)
    draft: Callable[[], SendDraft]
    load_recent: Callable[[], None]
    # The end of a vendor's pause that kept a due send waiting (SendError.paused_until): no due send starts before it;
    # meanwhile the due sends' rows say so (due_paused_state).
    due_paused_until: datetime | None = None
    due_paused_state: str = ""
    _problem: Callable[[str], None]
    _on_worker: Callable[..., bool]

    def schedule(self, at: datetime) -> bool:
        try:
            draft = self.draft()
        except InputProblem as exc:
            self._problem(exc.user_message)
            return False
        now = self.clock()
        problem = schedule_problem(at, now)
        if not problem and self.current_config is not None:
            problem = off_text(
                self.current_config()
            )  # as the headless `send --at`: a switched-off sync schedules nothing
        if problem:
            self._problem(problem)
            return False
        if not self.view.confirm_schedule(schedule_question(draft, at, now)):
            return False

        def work(service) -> list:
            # A list's addresses are read when the send falls due, so who joined or left meanwhile counts too.
            service.schedule(draft.request(), at)
            return service.scheduled()

        def done(sends: list[ScheduledSend]) -> None:
            self.view.show_scheduled_note(
                translate("SendController", "Scheduled for {when}.").format(when=local_time(at, self.clock()))
            )
            self._scheduled_arrived(sends)

        self.view.show_problem(None)
        return self.calls.query(work, done, lambda exc: self._problem(user_text(exc)), store_only=True)

    def load_scheduled(self, first: bool = False) -> None:
        def failed(exc: BaseException) -> None:
            self.view.show_scheduled_note(
                translate("SendController", "The scheduled sends could not be read: {why}").format(
                    why=_lower(user_text(exc))
                ),
                ok=False,
            )

        self.calls.query(_scheduled, lambda sends: self._scheduled_arrived(sends, first=first), failed, store_only=True)

    def _change_scheduled(self, fn: Callable[[Any], object]) -> None:
        """`fn(service)` changes a stored send; then the list is read again."""

        def work(service) -> list:
            fn(service)
            return service.scheduled()

        self.calls.query(
            work,
            self._scheduled_arrived,
            lambda exc: self.view.show_scheduled_note(user_text(exc), ok=False),
            store_only=True,
        )

    def _scheduled_arrived(self, sends: Iterable[ScheduledSend], *, first: bool = False) -> None:
        if self._stopped:
            return
        state = self.schedule_state
        state.sends = list(sends)
        state.asking &= {s.send_id for s in state.sends}
        due = due_policy.due_at_start(state.sends, self.clock()) if first and not state.loaded else []
        state.loaded = True
        # Those that fell due while the app was closed wait until the person says what to do.
        state.asking.update(s.send_id for s in due)
        self._show_scheduled()
        self.scheduled_loaded.emit(state.sends)
        if due:
            dialog = self.view.ask_about_due(due, self.clock(), self._due_answered)
            self.due_prompt_opened.emit(dialog)
        elif not self.runner.busy:
            QTimer.singleShot(0, self.check_due)

    def _show_scheduled(self) -> None:
        notes = {}
        for send in self.schedule_state.sends:
            if send.held and send.message:
                notes[send.send_id] = translate("SendController", "Not sent: {why}").format(
                    why=message_text(getattr(send, "said", None), send.message)
                )
            elif send.held or send.send_id in self.schedule_state.asking:
                notes[send.send_id] = translate("SendController", "Due: send now or cancel")
            elif self._pause_holds() and send.scheduled_at <= self.clock():
                notes[send.send_id] = self.due_paused_state
        self.view.set_scheduled(self.schedule_state.sends, self.clock(), self.held, notes)

    def _due_answered(self, decisions: Mapping[int, str] | None) -> None:
        if decisions is None:
            self.view.show_scheduled_note(
                translate(
                    "SendController", "The sends that fell due wait here: select one and press Send now or Cancel send."
                )
            )
            return
        for send_id, choice in decisions.items():
            if choice == DUE_CANCEL:
                self.cancel_scheduled(send_id)
            else:
                self.schedule_state.asking.discard(send_id)
        self._show_scheduled()
        self.check_due()

    def cancel_scheduled(self, send_id: int) -> None:
        running = self.running
        if running is not None and running.op.kind == DUE and running.send_id == send_id and self.runner.busy:
            self._problem(translate("SendController", "That send is going out right now; press Cancel to stop it."))
            return

        def cancelled(sends: list[ScheduledSend]) -> None:
            self.view.show_scheduled_note(translate("SendController", "Scheduled send cancelled; nothing was sent."))
            self._scheduled_arrived(sends)

        def cancel(service: Any) -> list:
            service.cancel(send_id)
            return service.scheduled()

        self.calls.query(
            cancel, cancelled, lambda exc: self.view.show_scheduled_note(user_text(exc), ok=False), store_only=True
        )

    def send_scheduled_now(self, send_id: int) -> None:
        """The person's word for a held send: released in the store (its failed attempts forgotten), then sent."""
        self.schedule_state.asking.discard(send_id)
        self.due_paused_until = None  # asked now: during a vendor's pause the answer says when it goes (no request)
        send = next((s for s in self.schedule_state.sends if s.send_id == send_id), None)
        if send is not None and (send.held or send.attempts):
            self._change_scheduled(lambda service: service.release(send_id))
            return
        self._show_scheduled()
        self.check_due()

    def check_due(self) -> bool:
        """Start the first send `sending.due` says is ready, on the worker (after its fresh sync: R10)."""
        state = self.schedule_state
        if self._stopped or not state.loaded or self.runner.busy or self.running is not None:
            return False
        now = self.clock()
        if self._pause_holds():
            return False  # nothing goes before the vendor's pause ends (its sentence said when), then one look
        ready = due_policy.ready_sends(state.sends, now, waiting=state.asking)
        if not ready:
            return False
        send = ready[0]
        label = due_send_label(send, now)

        def work(service, progress, cancel):
            try:
                outcome = service.send_due(send.send_id, cancel=cancel, progress=progress)
            except SendError as exc:
                if exc.paused_until is None:
                    raise
                return _PauseWaits(exc.said, exc.user_message, exc.paused_until), service.scheduled()
            return outcome, service.scheduled()

        def cannot_start(message: str) -> None:
            if message == busy_text():
                return  # the worker got another run first: the next look goes again
            # The settings or the keyring stand in the way: held for the person, not tried every 30 s.
            self._change_scheduled(lambda service: service.hold(send.send_id, message))
            text = translate("SendController", "A scheduled send ({label}) could not start: {why}").format(
                label=label, why=message
            )
            self.view.show_scheduled_note(text, ok=False)
            self.notify(text, True)

        return self._on_worker(
            DUE,
            work,
            lambda value: self._due_done(value, label),
            lambda message: self._due_failed(message, label, send.attempts),
            say=cannot_start,
            send_id=send.send_id,
        )

    def _due_done(self, value, label: str) -> None:
        outcome, sends = value
        if isinstance(outcome, _PauseWaits):
            # Stays scheduled, no attempt counted: tried once the pause has ended, not again and again meanwhile.
            self.due_paused_until = outcome.until
            self._due_waits(outcome, label)
            return
        text = scheduled_outcome_text(label, outcome)
        failed = bool(outcome.message) or not outcome.accepted
        self.view.show_scheduled_note(text, ok=not failed)
        self.notify(text, failed)
        self._scheduled_arrived(sends)
        self.load_recent()
        self.send_finished.emit(outcome)

    def _due_waits(self, outcome: _PauseWaits, label: str) -> None:
        """A vendor's pause keeps a due send waiting: said once, with when it goes; its row says it waits."""
        said = outcome.said
        system, time = (said.arg("system"), said.arg("time")) if said is not None else (None, None)
        if isinstance(system, System) and isinstance(time, str):
            self.due_paused_state = translate("SendController", "Waits for {system} ({time} UTC)").format(
                system=system.label, time=time
            )
            text = translate(
                "SendController",
                "A scheduled send ({label}) was not sent yet: {system} asked to wait until {time} UTC. It goes after "
                "that time, after a fresh sync.",
            ).format(label=label, system=system.label, time=time)
        else:  # pragma: no cover - the service's pause sentences always name both
            self.due_paused_state = translate("SendController", "Waits for a service's pause")
            text = translate("SendController", "A scheduled send ({label}) was not sent: {why}").format(
                label=label, why=message_text(said, outcome.text)
            )
        self._due_not_sent(text)

    def _due_failed(self, message: str, label: str, attempts_before: int) -> None:
        message = message_text(message)
        text = translate("SendController", "A scheduled send ({label}) was not sent: {why}").format(
            label=label, why=message
        )
        # The service counted the attempt in the store (sending.due): after the last one the person decides.
        if not due_policy.held_after(attempts_before + 1):
            text += " " + translate("SendController", "It is tried again in {n} minutes.").format(
                n=due_policy.retry_minutes()
            )
        self._due_not_sent(text)

    def _due_not_sent(self, text: str) -> None:
        """A due send that did not go: said on the tab and as a notice, the lists read again."""
        self.view.show_scheduled_note(text, ok=False)
        self.notify(text, True)
        self.load_scheduled()
        self.load_recent()
        self.send_finished.emit(None)

    def _pause_holds(self) -> bool:
        return self.due_paused_until is not None and self.clock() < self.due_paused_until

    # ------------------------------------------------------------------ for tests and the window

    @property
    def ready(self) -> bool:
        """The scheduled sends have been read once (and any that fell due asked about)."""
        return self.schedule_state.loaded

    @property
    def scheduled(self) -> list:
        return list(self.schedule_state.sends)

    @property
    def held(self) -> set[int]:
        """Sends waiting for the person: held in the store, or fell due while the app was closed."""
        return {s.send_id for s in self.schedule_state.sends if s.held} | self.schedule_state.asking


@dataclass(frozen=True, slots=True)
class _PauseWaits:
    """A due send a vendor's pause keeps waiting (the service's SendError, as the worker hands it back)."""

    said: Message | None
    text: str
    until: datetime


def _scheduled(service: Any) -> list:
    return service.scheduled()


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
