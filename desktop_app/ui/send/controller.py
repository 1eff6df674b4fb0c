"""The Send tab's controller: runs the SendService on the sync worker (one run at a time, R20) and drives the view.

What touches eMarketeer or runs a sync (the Checklist's send-time sync, Launch, a due send) goes to
the window's `SyncRunner` as a `JobRequest`, so it never overlaps a sync and Cancel stops it like
one; the quick reads and writes (contact lists, the scheduled sends, cancelling one) go to the
window's thread pool with a Store of their own. Nothing here blocks the GUI thread on the network
or on SQLite while a run goes.

Scheduled sends (R10): a timer looks every 30 s at the list read last; a due send is handed to
the worker, which syncs its recipients afresh and sends to who is allowed then. When a send is
due, tried again or held is `sending.due`'s policy over what the store keeps (the same as `send
--due`). A send found due when the window opens fell due while the app was closed: it is never
sent without asking.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ...domain.checklist import Checklist, SendStatus
from ...domain.words import explanation_text
from ...i18n import translate
from ...sending import due as due_policy
from ...sync.engine import RunSummary
from ...sync.worker import JobRequest, JobResult, with_review
from .presenter import (
    InputProblem,
    SendDraft,
    apply_leave_out,
    confirm_text,
    due_send_label,
    launch_note,
    leave_out_note,
    make_draft,
    outcome_details,
    outcome_headline,
    recent_overlap_text,
    resume_outcome,
    resume_question,
    schedule_problem,
    schedule_question,
    scheduled_outcome_text,
    stale_problem,
    sync_notes,
)
from ..status_text import local_time, off_reason

log = logging.getLogger(__name__)

JOB_CHECK, JOB_LAUNCH, JOB_DUE, JOB_RESUME = "send-check", "send-launch", "send-due", "send-resume"
DUE_CHECK_MS = 30_000


def busy_text() -> str:
    return translate("SendController", "A sync is running; Check recipients is possible again when it has finished.")


def default_service_factory(config, credentials, store, clock):
    """`credentials` None: a service for the stored sends only (list, schedule, cancel), with no connectors, so the
    scheduled sends can be read and cancelled even when the CRM is None or the keyring has no secret."""
    from ...sending import SendService

    if credentials is None:
        return SendService(store, config.data_dir, None, None, clock=clock)
    return SendService.from_config(config, credentials, store, clock=clock)


def off_text(config) -> str | None:
    """Why nothing can be checked or sent (the sync is off, R7), as a sentence; None when the sync is on."""
    reason = off_reason(config)
    if reason is None:
        return None
    return translate("SendController", "Legal basis sync is off because {reason}, so no Checklist can be made and "
                                       "nothing is sent. Switch it on in Settings.").format(reason=reason)


@dataclass(frozen=True)
class CheckResult:
    """What a check brings back from the worker: the prepared send, and the send-time sync's rows for the
    conflict view (built on the worker, like a preview's)."""

    prepared: object  # sending.PreparedSend
    conflict_summary: object | None  # RunSummary carrying `review`, or None
    earlier: tuple = ()  # sending.EarlierSend: who of the allowed a send of this message reached in the last 24 h


@dataclass(frozen=True)
class ResumeResult:
    """What "Send the rest" brings back: the send before and after, and who was left out (reached meanwhile)."""

    before: object  # sending.SendOutcome
    after: object  # sending.SendOutcome
    left_out: tuple = ()  # sending.EarlierSend


class SendController(QObject):
    """Signals (for the window and tests): `checklist_shown(PreparedSend)`, `send_finished(SendOutcome | None)`,
    `scheduled_loaded(list)`, `sync_ran(RunSummary | None)` after a send-time sync or a send (None: no summary to
    show, but the history has new rows), `open_in_conflicts(summary, email)`,
    `due_prompt_opened(DueSendsDialog)`, `problem_shown(str)`."""

    checklist_shown = Signal(object)
    send_finished = Signal(object)
    scheduled_loaded = Signal(list)
    lists_loaded = Signal(list)
    sync_ran = Signal(object)
    open_in_conflicts = Signal(object, str)
    due_prompt_opened = Signal(object)
    problem_shown = Signal(str)
    recent_loaded = Signal(list)

    def __init__(self, view, runner, jobs, prepare: Callable[[], tuple], *, clock: Callable[[], datetime],
                 service_factory: Callable | None = None, notify: Callable[[str, bool], None] | None = None,
                 current_config: Callable[[], object] | None = None, parent: QObject | None = None) -> None:
        """`prepare()` gives (AppConfig, Credentials) on the GUI thread or raises ConfigError/KeyringUnavailable;
        `service_factory(config, credentials, store, clock)` builds the SendService on the thread that uses it; with
        credentials None, one for the stored sends only. `current_config()` gives the applied settings without secrets."""
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self.jobs = jobs
        self.prepare = prepare
        self.current_config = current_config
        self.clock = clock
        self.service_factory = service_factory or default_service_factory
        self.notify = notify or (lambda _text, _error: None)
        self._prepared = None  # the PreparedSend shown, until launched or the form changes
        self._conflict_summary = None
        self._draft: SendDraft | None = None
        self._form_dirty = False
        self._launched = False
        self._launch_failed = False
        self._earlier: tuple = ()  # EarlierSends overlapping the shown Checklist (the guard, last 24 hours)
        self._include_recent = False  # the person ticked "Send to them again as well"
        self._resume_id: int | None = None  # the send "Send the rest" runs for
        self._job: str | None = None  # the job of ours on the worker, if any
        self._due_job_id: int | None = None
        self._scheduled: list = []
        self._loaded = False
        self._asking: set[int] = set()  # fell due while the app was closed: waiting for the person's word
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setObjectName("scheduled-send-timer")
        self.timer.setInterval(DUE_CHECK_MS)
        self.timer.timeout.connect(self.check_due)
        self._connect()

    def _connect(self) -> None:
        view = self.view
        view.check_requested.connect(self.check)
        view.launch_requested.connect(self.launch)
        view.schedule_requested.connect(self.schedule)
        view.cancel_requested.connect(self._cancel_running)
        view.reload_lists_requested.connect(self.load_lists)
        view.cancel_scheduled_requested.connect(self.cancel_scheduled)
        view.send_scheduled_now_requested.connect(self.send_scheduled_now)
        view.open_in_conflicts_requested.connect(self._open_in_conflicts)
        view.form_changed.connect(self._form_changed)
        view.resume_requested.connect(self.resume)
        view.include_recent_toggled.connect(self._include_recent_changed)
        self.runner.job_finished.connect(self._job_finished)
        self.runner.progress.connect(self._progress)
        self.runner.busy_changed.connect(self._busy_changed)

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        """After the window is built: read the lists and the scheduled sends; ask about any that fell due."""
        self.view.set_schedule_time(_next_full_hour(self.clock()))
        self.load_lists()
        self.load_scheduled(first=True)
        self.load_recent()
        self.timer.start()

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()

    # ------------------------------------------------------------------ services

    def _service_call(self, fn: Callable[[object], object], *, store_only: bool = False) -> Callable[[], object]:
        """A callable for a pool thread: its own Store and service around `fn(service)`.
        Raises here (GUI thread) when the settings or the keyring cannot give what the service needs.
        `store_only`: `fn` only reads or changes the stored sends; no connectors, no secrets needed."""
        if store_only and self.current_config is not None:
            config, credentials = self.current_config(), None
        else:
            config, credentials = self.prepare()
        factory, clock = self.service_factory, self.clock

        def call() -> object:
            from ...store import Store

            with Store.open(config.data_dir, check=False) as store:
                service = factory(config, credentials, store, clock)
                try:
                    return fn(service)
                finally:
                    _close(service)

        return call

    def _worker_job(self, name: str, fn: Callable[[object, Callable, object], object],
                    on_problem: Callable[[str], None] | None = None) -> bool:
        """Queue `fn(service, progress, cancel)` on the sync worker; False (and a sentence shown) when it cannot go."""
        say = on_problem or self._problem
        if self.runner.busy:
            say(busy_text())
            return False
        try:
            config, credentials = self.prepare()
        except Exception as exc:  # ConfigError, KeyringUnavailable: one sentence each
            say(_message(exc))
            return False
        off = off_text(config)
        if off is not None:  # R7: switched off means no send-time sync, so no Checklist and no send
            say(off)
            return False
        factory, clock = self.service_factory, self.clock

        def work(store, progress, cancel) -> object:
            service = factory(config, credentials, store, clock)
            try:
                return fn(service, progress, cancel)
            finally:
                _close(service)

        job = JobRequest(name, config, work)
        if not self.runner.start_job(job):
            say(busy_text())
            return False
        self._job = name
        self.view.show_problem(None)
        self.view.set_busy(True, True)
        self.view.show_progress({JOB_CHECK: translate("SendController", "Syncing the recipients' legal basis…"),
                                 JOB_LAUNCH: translate("SendController", "Sending…"),
                                 JOB_DUE: translate("SendController", "Sending a scheduled send…"),
                                 JOB_RESUME: translate("SendController", "Checking the rest again, then sending…")}[name])
        return True

    def _pool(self, fn: Callable[[object], object], on_done: Callable[[object], None],
              on_error: Callable[[BaseException], None], *, store_only: bool = False) -> bool:
        try:
            call = self._service_call(fn, store_only=store_only)
        except Exception as exc:
            on_error(exc)
            return False
        self.jobs.submit(call, on_done, on_error)
        return True

    # ------------------------------------------------------------------ contact lists

    @Slot()
    def load_lists(self) -> None:
        self.view.set_lists_loading()
        self._pool(lambda service: service.contact_lists(), self._lists_loaded,
                   lambda exc: self.view.set_lists([], _message(exc)))

    def _lists_loaded(self, lists: object) -> None:
        self.view.set_lists(list(lists))
        self.lists_loaded.emit(list(lists))

    # ------------------------------------------------------------------ the Checklist

    def draft(self) -> SendDraft:
        view = self.view
        return make_draft(view.channel(), view.component_text(), view.source_kind(), list_choice=view.chosen_list(),
                          pasted=view.pasted_text(), file_path=view.file_path())

    @Slot()
    def check(self) -> bool:
        """Check recipients: the send-time sync and the Checklist, on the worker. Nothing is sent."""
        try:
            draft = self.draft()
        except InputProblem as exc:
            self._problem(exc.user_message)
            return False
        self._drop_checklist()

        def work(service, progress, cancel) -> CheckResult:
            recipients = service.list_recipients(draft.list_id) if draft.list_id is not None else None
            if recipients is not None and not recipients:
                from ...sending import SendError

                raise SendError(translate("SendController", "The {source} holds no addresses: there is nobody to send to.")
                                .format(source=draft.source))
            prepared = service.prepare(draft.request(recipients), cancel=cancel, progress=progress)
            checklist = prepared.checklist
            earlier = service.recently_sent(checklist.channel, checklist.component_id, checklist.allowed,
                                            exclude_send_id=prepared.send_id)
            return CheckResult(prepared, _with_rows(prepared.summary), tuple(earlier))

        if not self._worker_job(JOB_CHECK, work):
            return False
        self._draft = draft
        self._form_dirty = False
        return True

    def _checked(self, result: CheckResult) -> None:
        prepared = result.prepared
        self._prepared = prepared
        self._conflict_summary = result.conflict_summary
        self._launched = False
        self._launch_failed = False
        self._earlier = tuple(result.earlier)
        self._include_recent = False  # left out by default: a second send cannot be undone, a missed one can
        summary = prepared.summary
        self._show_prepared()
        if summary is not None:
            self.sync_ran.emit(summary)
        self.checklist_shown.emit(prepared)

    def shown_checklist(self) -> Checklist | None:
        """The Checklist as Launch will send it: without those an earlier send reached, unless the box is ticked."""
        if self._prepared is None:
            return None
        checklist = self._prepared.checklist
        if self._include_recent or not self._earlier:
            return checklist
        return apply_leave_out(checklist, self._earlier, self.clock())

    def _show_prepared(self) -> None:
        prepared = self._prepared
        checklist = self.shown_checklist()
        now = self.clock()
        when = getattr(prepared.summary, "ended_at", None) or prepared.checklist.made_at
        can, note = self._launch_state()
        self.view.show_checklist(checklist, when_text=sync_notes(prepared.checklist, when, now), can_launch=can,
                                 note=note)
        self._show_guard()

    def _show_guard(self) -> None:
        count = sum(len(e.emails) for e in self._earlier)
        if not count:
            self.view.show_recent_overlap("")
            return
        self.view.show_recent_overlap(recent_overlap_text(self._earlier, self.clock()),
                                      leave_out_note(count, self._include_recent), included=self._include_recent,
                                      open_=not self._launched)

    @Slot(bool)
    def _include_recent_changed(self, on: bool) -> None:
        if self._prepared is None or self._launched or on == self._include_recent:
            return
        self._include_recent = on
        self._show_prepared()

    def _launch_state(self) -> tuple[bool, str]:
        prepared = self._prepared
        if prepared is None:
            return False, ""
        if self._launched:
            if self._launch_failed:
                return False, translate("SendController", "Nothing was sent. Check recipients again before another try.")
            return False, translate("SendController", "Launched. Check recipients again for another send.")
        if self._form_dirty:
            return False, translate("SendController", "The message or the recipients changed since this check: press Check "
                                       "recipients again.")
        checklist = self.shown_checklist()
        if not checklist.allowed:
            if self._earlier and not self._include_recent:
                return False, translate("SendController", "Everybody allowed on this Checklist already got the message in "
                                                          "the last 24 hours.")
            return False, translate("SendController", "Nobody on this Checklist may get the message.")
        return True, launch_note(checklist)

    @Slot()
    def _form_changed(self) -> None:
        if self._prepared is not None and not self._launched and not self._form_dirty:
            self._form_dirty = True
            can, note = self._launch_state()
            self.view.set_launch_allowed(can, note)

    def _drop_checklist(self) -> None:
        self._prepared = None
        self._conflict_summary = None
        self._earlier = ()
        self._include_recent = False
        self.view.show_checklist(None)
        self.view.show_recent_overlap("")

    # ------------------------------------------------------------------ Launch

    @Slot()
    def launch(self) -> bool:
        prepared = self._prepared
        can, note = self._launch_state()
        if prepared is None or not can:
            self._problem(note or translate("SendController", "Press Check recipients first: nothing is sent without a Checklist "
                                               "(R4)."))
            return False
        stale = stale_problem(prepared.checklist.made_at, self.clock())
        if stale:
            self._problem(stale)
            self.view.set_launch_allowed(False, stale)
            return False
        include = self._include_recent
        again = self._earlier if include else ()
        if not self.view.confirm_launch(confirm_text(self.shown_checklist(), again, self.clock())):
            return False
        named = {email for e in again for email in e.emails}

        def work(service, progress, cancel):
            # Looked up again at Launch: a send of the message since the check is left out too (unless named above).
            checklist = prepared.checklist
            fresh = service.recently_sent(checklist.channel, checklist.component_id, checklist.allowed,
                                          exclude_send_id=prepared.send_id)
            leave_out = [dataclasses.replace(e, accepted=tuple(a for a in e.accepted if a not in named),
                                             unknown=tuple(u for u in e.unknown if u not in named)) for e in fresh]
            return service.launch(prepared, cancel=cancel, progress=progress,
                                  leave_out=[e for e in leave_out if e.emails])

        if not self._worker_job(JOB_LAUNCH, work):
            return False
        self._launched = True  # never twice from this Checklist, whatever the answer
        self.view.set_launch_allowed(*self._launch_state())
        self._show_guard()
        return True

    def _launched_outcome(self, outcome) -> None:
        ok = not outcome.message and not outcome.rejected and not outcome.not_sent and not outcome.unknown
        resumable = bool(outcome.not_sent) and outcome.status in (SendStatus.PARTLY_SENT, SendStatus.FAILED)
        self.view.show_outcome(outcome_headline(outcome), outcome_details(outcome), ok=ok,
                               resume_send_id=outcome.send_id if resumable else None)
        self.load_recent()
        self.send_finished.emit(outcome)

    # ------------------------------------------------------------------ recent sends and "Send the rest"

    @Slot()
    def load_recent(self) -> None:
        def failed(exc: BaseException) -> None:
            self.view.show_recent_note(translate("SendController", "The recent sends could not be read: {why}").format(
                why=_lower(_message(exc))), ok=False)

        self._pool(lambda service: service.recent_sends(), self._recent_arrived, failed, store_only=True)

    def _recent_arrived(self, sends: object) -> None:
        if self._stopped:
            return
        self.view.set_recent(list(sends), self.clock())  # type: ignore[arg-type]
        self.recent_loaded.emit(list(sends))  # type: ignore[arg-type]

    @Slot(int)
    def resume(self, send_id: int) -> bool:
        """"Send the rest" of a send that stopped halfway: reads it, asks, then runs SendService.resume on the worker
        (a fresh sync of the not-sent recipients first, R4). Unknown ones are never resent."""
        if self.runner.busy:
            self._problem(busy_text())
            return False
        return self._pool(lambda service: service.send_summary(send_id), self._resume_asked,
                          lambda exc: self._problem(_message(exc)), store_only=True)

    def _resume_asked(self, summary) -> None:
        if self._stopped:
            return
        if not summary.resumable:
            self._problem(translate("SendController", "Send {send} has nothing left to send.").format(send=summary.send_id))
            self.load_recent()
            return
        if not self.view.confirm_resume(resume_question(summary)):
            return
        send_id = summary.send_id

        def work(service, progress, cancel) -> ResumeResult:
            before = service.outcome(send_id)
            earlier = service.recently_sent(summary.channel, summary.component_id, before.not_sent,
                                            exclude_send_id=send_id)
            after = service.resume(send_id, cancel=cancel, progress=progress, leave_out=earlier)
            return ResumeResult(before, after, tuple(earlier))

        if self._worker_job(JOB_RESUME, work):
            self._resume_id = send_id
            self.view.show_recent_note("")

    def _showing(self, send_id: int) -> bool:
        """The shown Checklist is that send's: its outcome area is where the answer goes."""
        return self._prepared is not None and self._prepared.send_id == send_id and self._launched

    def _resumed(self, result: ResumeResult) -> None:
        after = result.after
        headline, details, ok = resume_outcome(result.before, after, result.left_out)
        again = after.send_id if after.not_sent else None
        if self._showing(after.send_id):
            self.view.show_outcome(headline, details, ok=ok, resume_send_id=again)
        else:
            self.view.show_recent_note("\n".join([headline, *details]), ok=ok)
        self.load_recent()
        self.send_finished.emit(after)

    def _resume_failed(self, message: str) -> None:
        send_id, self._resume_id = self._resume_id, None
        self._problem(message)
        text = translate("SendController", "Nothing more was sent: {why}").format(why=message)
        if send_id is not None and self._showing(send_id):
            self.view.show_outcome(text, [], ok=False, resume_send_id=send_id)
        else:
            self.view.show_recent_note(text, ok=False)
        self.load_recent()
        self.send_finished.emit(None)

    # ------------------------------------------------------------------ scheduling

    @Slot(object)
    def schedule(self, at: datetime) -> bool:
        try:
            draft = self.draft()
        except InputProblem as exc:
            self._problem(exc.user_message)
            return False
        now = self.clock()
        problem = schedule_problem(at, now)
        if not problem and self.current_config is not None:
            problem = off_text(self.current_config())  # as the headless `send --at`: a switched-off sync schedules nothing
        if problem:
            self._problem(problem)
            return False
        if not self.view.confirm_schedule(schedule_question(draft, at, now)):
            return False

        def work(service) -> list:
            # A list's addresses are read when the send falls due, so who joined or left meanwhile counts too.
            service.schedule(draft.request(), at)
            return service.scheduled()

        def done(sends: object) -> None:
            self.view.show_scheduled_note(translate("SendController", "Scheduled for {when}.").format(
                when=local_time(at, self.clock())))
            self._scheduled_arrived(sends)

        self.view.show_problem(None)
        return self._pool(work, done, lambda exc: self._problem(_message(exc)), store_only=True)

    @Slot()
    def load_scheduled(self, first: bool = False) -> None:
        def failed(exc: BaseException) -> None:
            self.view.show_scheduled_note(translate("SendController", "The scheduled sends could not be read: {why}").format(
                why=_lower(_message(exc))), ok=False)

        self._pool(lambda service: service.scheduled(),
                   lambda sends: self._scheduled_arrived(sends, first=first), failed, store_only=True)

    def _scheduled_arrived(self, sends: object, *, first: bool = False) -> None:
        if self._stopped:
            return
        self._scheduled = list(sends)  # type: ignore[arg-type]
        self._asking &= {s.send_id for s in self._scheduled}
        now = self.clock()
        if first and not self._loaded:
            self._loaded = True
            due = due_policy.due_at_start(self._scheduled, now)
            if due:
                # They fell due while the app was closed: held until the person says what to do.
                self._asking.update(s.send_id for s in due)
                self._show_scheduled()
                self.scheduled_loaded.emit(self._scheduled)
                self._ask_about(due)
                return
        self._loaded = True
        self._show_scheduled()
        self.scheduled_loaded.emit(self._scheduled)
        if not self.runner.busy:
            QTimer.singleShot(0, self.check_due)

    def _show_scheduled(self) -> None:
        notes = {}
        for send in self._scheduled:
            if send.held and send.message:
                notes[send.send_id] = translate("SendController", "Not sent: {why}").format(
                    why=explanation_text(send.message))
            elif send.held or send.send_id in self._asking:
                notes[send.send_id] = translate("SendController", "Due: send now or cancel")
        self.view.set_scheduled(self._scheduled, self.clock(), self.held, notes)

    def _ask_about(self, due: list) -> None:
        from .dialogs import DueSendsDialog

        dialog = DueSendsDialog(due, self.clock(), self.view.window())
        dialog.finished.connect(lambda result: self._due_answered(dialog, result))
        dialog.open()
        self.due_prompt_opened.emit(dialog)

    def _due_answered(self, dialog, result: int) -> None:
        dialog.deleteLater()
        if result != dialog.DialogCode.Accepted:
            self.view.show_scheduled_note(translate("SendController", "The sends that fell due wait here: select one and press "
                                                       "Send now or Cancel send."))
            return
        for send_id, choice in dialog.decisions().items():
            if choice == dialog.CANCEL:
                self.cancel_scheduled(send_id)
            else:
                self._asking.discard(send_id)
        self._show_scheduled()
        self.check_due()

    @Slot(int)
    def cancel_scheduled(self, send_id: int) -> None:
        if self._due_job_id == send_id and self.runner.busy:
            self._problem(translate("SendController", "That send is going out right now; press Cancel to stop it."))
            return

        def work(service) -> list:
            service.cancel(send_id)
            return service.scheduled()

        def done(sends: object) -> None:
            self.view.show_scheduled_note(translate("SendController", "Scheduled send cancelled; nothing was sent."))
            self._scheduled_arrived(sends)

        self._pool(work, done, lambda exc: self.view.show_scheduled_note(_message(exc), ok=False), store_only=True)

    @Slot(int)
    def send_scheduled_now(self, send_id: int) -> None:
        """The person's word for a held send: released in the store (its failed attempts forgotten), then sent."""
        self._asking.discard(send_id)
        send = next((s for s in self._scheduled if s.send_id == send_id), None)
        if send is None or not (send.held or send.attempts):
            self._show_scheduled()
            self.check_due()
            return

        def work(service) -> list:
            service.release(send_id)
            return service.scheduled()

        self._pool(work, self._scheduled_arrived, lambda exc: self.view.show_scheduled_note(_message(exc), ok=False),
                   store_only=True)

    @Slot()
    def check_due(self) -> bool:
        """Start the first due send that is not held back, on the worker (after its fresh sync: R10)."""
        if self._stopped or not self._loaded or self.runner.busy:
            return False
        now = self.clock()
        due = due_policy.ready_sends(self._scheduled, now, waiting=self._asking)
        if not due:
            return False
        send = due[0]
        label = due_send_label(send, now)

        def work(service, progress, cancel):
            outcome = service.send_due(send.send_id, cancel=cancel, progress=progress)
            return outcome, service.scheduled()

        def cannot_start(message: str) -> None:
            if message == busy_text():
                return  # the worker got another run first: the next look goes again
            # The settings or the keyring stand in the way: held for the person, not tried every 30 s.
            self._hold(send.send_id, message)
            text = translate("SendController", "A scheduled send ({label}) could not start: {why}").format(label=label, why=message)
            self.view.show_scheduled_note(text, ok=False)
            self.notify(text, True)

        if not self._worker_job(JOB_DUE, work, cannot_start):
            return False
        self._due_job_id = send.send_id
        self._due_label = label
        self._due_attempts = send.attempts
        return True

    def _hold(self, send_id: int, why: str) -> None:
        def work(service) -> list:
            service.hold(send_id, why)
            return service.scheduled()

        self._pool(work, self._scheduled_arrived, lambda exc: self.view.show_scheduled_note(_message(exc), ok=False),
                   store_only=True)

    def _due_done(self, value) -> None:
        outcome, sends = value
        text = scheduled_outcome_text(self._due_label, outcome)
        failed = bool(outcome.message) or not outcome.accepted
        self.view.show_scheduled_note(text, ok=not failed)
        self.notify(text, failed)
        self._due_job_id = None
        self._scheduled_arrived(sends)
        self.load_recent()
        self.send_finished.emit(outcome)

    def _due_failed(self, message: str) -> None:
        message = explanation_text(message)
        send_id = self._due_job_id
        self._due_job_id = None
        text = translate("SendController", "A scheduled send ({label}) was not sent: {why}").format(
            label=getattr(self, "_due_label", ""), why=message)
        # The service counted the attempt in the store (sending.due): after the last one the person decides.
        if send_id is not None and not due_policy.held_after(getattr(self, "_due_attempts", 0) + 1):
            text += " " + translate("SendController", "It is tried again in {n} minutes.").format(
                n=due_policy.retry_minutes())
        self.view.show_scheduled_note(text, ok=False)
        self.notify(text, True)
        self.load_scheduled()
        self.load_recent()
        self.send_finished.emit(None)

    # ------------------------------------------------------------------ the worker's answers

    @Slot(object)
    def _job_finished(self, result: JobResult) -> None:
        name = result.name
        if name not in (JOB_CHECK, JOB_LAUNCH, JOB_DUE, JOB_RESUME) or name != self._job:
            return
        self._job = None
        if name != JOB_CHECK or not result.ok:
            self.sync_ran.emit(None)  # a send (or a failed check) left rows in the history all the same
        if name == JOB_DUE:
            if result.ok:
                self._due_done(result.value)
            else:
                self._due_failed(result.message or "")
            return
        if name == JOB_RESUME:
            if result.ok:
                self._resumed(result.value)
            else:
                self._resume_failed(result.message or "")
            return
        if not result.ok:
            self._problem(result.message or "")
            if name == JOB_LAUNCH:
                self._launch_failed = True
                self.view.show_outcome(translate("SendController", "Not sent: {why}").format(
                    why=explanation_text(result.message or "")), [],
                                       ok=False)
                self.load_recent()  # a send that could not start (eMarketeer down) is there, to send later
                self.send_finished.emit(None)
            return
        if name == JOB_CHECK:
            self._checked(result.value)
        else:
            self._launched_outcome(result.value)

    @Slot(object)
    def _progress(self, progress) -> None:
        if self._job is None or self.runner.current_job is None:
            return
        message = explanation_text(getattr(progress, "message", "") or "")
        self.view.show_progress(message, getattr(progress, "done", 0), getattr(progress, "total", 0))

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        own = busy and self._job is not None
        self.view.set_busy(busy or self.runner.busy, own, busy_text() if busy and not own else None)
        if not busy and not self.runner.busy:
            can, note = self._launch_state()
            self.view.set_launch_allowed(can, note)
            QTimer.singleShot(0, self.check_due)  # a send that fell due during the run goes now

    @Slot()
    def _cancel_running(self) -> None:
        if self._job is not None:
            self.runner.cancel()

    @Slot(str)
    def _open_in_conflicts(self, email: str) -> None:
        if self._conflict_summary is None:
            self._problem(translate("SendController", "The send-time sync kept no details to show."))
            return
        self.open_in_conflicts.emit(self._conflict_summary, email)

    def _problem(self, text: str) -> None:
        text = explanation_text(text)
        self.view.show_problem(text)
        self.problem_shown.emit(text)

    # ------------------------------------------------------------------ for tests and the window

    @property
    def ready(self) -> bool:
        """The scheduled sends have been read once (and any that fell due asked about)."""
        return self._loaded

    @property
    def prepared(self):
        return self._prepared

    @property
    def scheduled(self) -> list:
        return list(self._scheduled)

    @property
    def held(self) -> set[int]:
        """Sends waiting for the person: held in the store, or fell due while the app was closed."""
        return {s.send_id for s in self._scheduled if s.held} | self._asking


def _with_rows(summary):
    """The summary with the conflict view's rows built here (on the worker) in place of its details (sync.worker)."""
    if summary is None or getattr(summary, "details", None) is None:
        return None
    if not isinstance(summary, RunSummary):  # a stand-in: handed over as it is, the conflict view builds the rows
        return summary
    return with_review(summary)


def _close(service) -> None:
    close = getattr(service, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # closing is best effort
            log.debug("Closing the send service failed", exc_info=True)


def _message(exc: BaseException) -> str:
    text = getattr(exc, "user_message", None)
    if isinstance(text, str) and text:
        return explanation_text(text)  # the send service's English, in the window's language
    log.error("Send tab: unexpected error", exc_info=exc)
    return translate("SendController", "Something unexpected went wrong ({kind}); the details are in the log file.").format(
        kind=type(exc).__name__)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _next_full_hour(now: datetime) -> datetime:
    return (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
