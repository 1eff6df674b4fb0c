"""The Send tab's presenter: the Checklist, Launch, "Send the rest" and the scheduled sends (R3, R4, R10, R20).

It holds the tab's state in three explicit pieces (the Checklist shown, the operation running on the
worker, the scheduled sends) and talks to its passive view through `SendViewLike`. The service is
reached through `SendServiceCalls` (service_calls.py): sends on the sync worker, quick reads on the
pool, each a typed operation with its own success and failure handling.

Scheduled sends (scheduling.py, mixed in): a timer looks every 30 s at the list read last; a due
send is handed to the worker, which syncs its recipients afresh and sends to who is allowed then.
When a send is due, tried again or held is `sending.due`'s policy over what the store keeps (the
same as `send --due`). A send found due when the window opens fell due while the app was closed:
it is never sent without asking.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ...domain.checklist import Checklist, SendStatus
from ...domain.messages import message_text
from ...domain.model import Purpose
from ...i18n import translate
from ...sync.engine import RunSummary
from ...sync.worker import JobResult, with_review
from .scheduling import DUE, ScheduledSendsMixin
from .send_words import resume_outcome, resume_question
from .service_calls import SendServiceCalls, busy_text, user_text
from .state import CheckResult, ResumeResult, Running, Scheduled, SendViewLike, ShownChecklist
from .wording import (
    InputProblem,
    SendDraft,
    apply_leave_out,
    confirm_text,
    launch_note,
    leave_out_note,
    make_draft,
    outcome_details,
    outcome_headline,
    recent_overlap_text,
    stale_problem,
    sync_notes,
)

if TYPE_CHECKING:
    from ...config import AppConfig
    from ...sending.service import ContactList, SendSummary

T = TypeVar("T")

DUE_CHECK_MS = 30_000
CHECK, LAUNCH, RESUME = "send-check", "send-launch", "send-resume"


log = logging.getLogger(__name__)


class SendPresenter(ScheduledSendsMixin, QObject):
    """Signals (for the window and tests): `checklist_shown(PreparedSend)`, `send_finished(SendOutcome | None)`,
    `scheduled_loaded(list)`, `sync_ran(RunSummary | None)` after a send-time sync or a send (None: no summary to
    show, but the history has new rows), `open_in_conflicts(summary, email)`, `due_prompt_opened(dialog)`,
    `problem_shown(str)`, `lists_loaded(list)`, `recent_loaded(list)`."""

    checklist_shown = Signal(object)
    send_finished = Signal(object)
    scheduled_loaded = Signal(list)
    lists_loaded = Signal(list)
    sync_ran = Signal(object)
    open_in_conflicts = Signal(object, str)
    due_prompt_opened = Signal(object)
    problem_shown = Signal(str)
    recent_loaded = Signal(list)

    def __init__(
        self,
        view: SendViewLike,
        runner,
        jobs,
        prepare: Callable[[], tuple],
        *,
        clock: Callable[[], datetime],
        service_factory: Callable | None = None,
        notify: Callable[[str, bool], None] | None = None,
        current_config: Callable[[], AppConfig] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`prepare()` gives (AppConfig, Credentials) on the GUI thread or raises ConfigError/KeyringUnavailable;
        `service_factory(config, credentials, store, clock)` builds the SendService on the thread that uses it; with
        credentials None, one for the stored sends only. `current_config()` gives the applied settings without secrets."""
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self.clock = clock
        self.current_config = current_config
        self.calls = SendServiceCalls(
            runner, jobs, prepare, clock=clock, service_factory=service_factory, current_config=current_config
        )
        self.notify = notify or (lambda _text, _error: None)
        self.shown: ShownChecklist | None = None
        self.running: Running | None = None
        self.schedule_state = Scheduled()
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setObjectName("scheduled-send-timer")
        self.timer.setInterval(DUE_CHECK_MS)
        self.timer.timeout.connect(self.check_due)
        # The end of eMarketeer's pause that kept the contact lists from being read: the first tick after it reads them.
        self.lists_paused_until: datetime | None = None
        self.timer.timeout.connect(self._lists_pause_over)
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

    def _on_worker(
        self,
        kind: str,
        fn: Callable[..., T],
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None],
        *,
        say: Callable[[str], None] | None = None,
        **running,
    ) -> bool:
        """Start `fn(service, progress, cancel)` on the worker as this tab's running operation."""
        started = self.calls.worker(kind, fn, on_success, on_failure)
        if isinstance(started, str):
            (say or self._problem)(started)
            return False
        self.running = Running(started, **running)
        self.view.show_problem(None)
        self.view.set_busy(True, True)
        self.view.show_progress(
            {
                CHECK: translate("SendController", "Syncing the recipients' legal basis…"),
                LAUNCH: translate("SendController", "Sending…"),
                DUE: translate("SendController", "Sending a scheduled send…"),
                RESUME: translate("SendController", "Checking the rest again, then sending…"),
            }[kind]
        )
        return True

    # ------------------------------------------------------------------ contact lists

    @Slot()
    def load_lists(self) -> None:
        self.lists_paused_until = None
        self.view.set_lists_loading()
        self.calls.query(lambda service: service.contact_lists(), self._lists_loaded, self._lists_failed)

    def _lists_loaded(self, lists: list[ContactList]) -> None:
        self.view.set_lists(list(lists))
        self.lists_loaded.emit(list(lists))

    def _lists_failed(self, exc: BaseException) -> None:
        self.view.set_lists([], user_text(exc))
        self.lists_paused_until = getattr(exc, "paused_until", None)  # read again by itself once it has passed

    @Slot()
    def _lists_pause_over(self) -> None:
        if self._stopped or self.lists_paused_until is None or self.clock() < self.lists_paused_until:
            return
        self.load_lists()

    # ------------------------------------------------------------------ the Checklist

    def draft(self) -> SendDraft:
        view = self.view
        return make_draft(
            view.channel(),
            view.component_text(),
            view.source_kind(),
            list_choice=view.chosen_list(),
            pasted=view.pasted_text(),
            file_path=view.file_path(),
        )

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

                raise SendError(
                    translate("SendController", "The eMarketeer list holds no addresses: there is nobody to send to.")
                )
            prepared = service.prepare(draft.request(recipients), cancel=cancel, progress=progress)
            checklist = prepared.checklist
            earlier = service.recently_sent(
                checklist.channel, checklist.component_id, checklist.allowed, exclude_send_id=prepared.send_id
            )
            return CheckResult(prepared, _with_rows(prepared.summary), tuple(earlier))

        return self._on_worker(CHECK, work, self._checked, self._problem)

    def _checked(self, result: CheckResult) -> None:
        out_of_date = self.running.out_of_date if self.running is not None else ""
        prepared = result.prepared
        # Those an earlier send reached are left out by default: a second send cannot be undone, a missed one can.
        self.shown = ShownChecklist(prepared, result.conflict_summary, tuple(result.earlier), out_of_date=out_of_date)
        self._show_prepared()
        if prepared.summary is not None:
            self.sync_ran.emit(prepared.summary)
        self.checklist_shown.emit(prepared)

    def shown_checklist(self) -> Checklist | None:
        """The Checklist as Launch will send it: without those an earlier send reached, unless the box is ticked."""
        shown = self.shown
        if shown is None:
            return None
        return self._as_launched(shown)

    def _as_launched(self, shown: ShownChecklist) -> Checklist:
        checklist = shown.prepared.checklist
        if shown.include_recent or not shown.earlier:
            return checklist
        return apply_leave_out(checklist, shown.earlier, self.clock())

    def _show_prepared(self) -> None:
        assert self.shown is not None
        prepared = self.shown.prepared
        when = getattr(prepared.summary, "ended_at", None) or prepared.checklist.made_at
        can, note = self._launch_state()
        self.view.show_checklist(
            self.shown_checklist(),
            can_launch=can,
            note=note,
            when_text=sync_notes(prepared.checklist, when, self.clock()),
        )
        self._show_guard()

    def _show_guard(self) -> None:
        shown = self.shown
        count = sum(len(e.emails) for e in shown.earlier) if shown is not None else 0
        if shown is None or not count:
            self.view.show_recent_overlap("")
            return
        self.view.show_recent_overlap(
            recent_overlap_text(shown.earlier, self.clock()),
            leave_out_note(count, shown.include_recent),
            included=shown.include_recent,
            open_=not shown.launched,
        )

    @Slot(bool)
    def _include_recent_changed(self, on: bool) -> None:
        shown = self.shown
        if shown is None or shown.launched or on == shown.include_recent:
            return
        shown.include_recent = on
        self._show_prepared()

    def _launch_state(self) -> tuple[bool, str]:
        shown = self.shown
        if shown is None:
            return False, ""
        if shown.launched:
            if shown.launch_failed:
                return False, translate(
                    "SendController", "Nothing was sent. Check recipients again before another try."
                )
            return False, translate("SendController", "Launched. Check recipients again for another send.")
        if shown.out_of_date:
            return False, shown.out_of_date
        checklist = self.shown_checklist()
        assert checklist is not None
        if not checklist.allowed:
            if shown.earlier and not shown.include_recent:
                return False, translate(
                    "SendController",
                    "Everybody allowed on this Checklist already got the message in the last 24 hours.",
                )
            return False, translate("SendController", "Nobody on this Checklist may get the message.")
        return True, launch_note(checklist)

    @Slot()
    def _form_changed(self) -> None:
        self._out_of_date(
            translate(
                "SendController",
                "The message or the recipients changed since this check: press Check recipients again.",
            )
        )

    def settings_applied(self) -> None:
        """Apply changes: the Checklist shown (or being made) went by the settings before ("Require a positive basis
        for sends" off, another account): Launch would post whom those allowed, so it needs a new check (R4)."""
        self._out_of_date(
            translate("SendController", "The settings changed since this check: press Check recipients again.")
        )

    def run_finished(self, summary: RunSummary | None) -> None:
        """A sync of the window's ended. One that decided writes may have read a recipient's withdrawal since the
        check, written or not (held by the brake, R23; refused by the vendor): the Checklist needs a new check (R4;
        Launch refuses it too, SendService.launch)."""
        shown = self.shown
        if summary is None or summary.dry_run or shown is None:
            return  # a preview: nothing read is kept as a write (a launch still looks at its decisions)
        # Its writes (a held run's: its plan), holds and failed writes of the purpose the Checklist judges by, for its
        # recipients (a hold on "Store and process" it already had says nothing about this send).
        marketing = Purpose.MARKETING
        touched = {d.email for d in (*summary.changes, *summary.held) if d.purpose is marketing}
        touched |= {e.email for e in summary.errors if e.purpose in (None, marketing)}
        if touched & set(shown.prepared.checklist.allowed):
            self._out_of_date(
                translate("SendController", "A sync found changes since this check: press Check recipients again.")
            )

    def _out_of_date(self, why: str) -> None:
        """The Checklist shown, or the one a running check will show, no longer says what Launch would find."""
        running = self.running
        if running is not None and running.op.kind == CHECK and not running.out_of_date:
            running.out_of_date = why
        shown = self.shown
        if shown is not None and not shown.launched and not shown.out_of_date:
            shown.out_of_date = why
            self.view.set_launch_allowed(*self._launch_state())

    def _drop_checklist(self) -> None:
        self.shown = None
        self.view.show_checklist(None)
        self.view.show_recent_overlap("")

    # ------------------------------------------------------------------ Launch

    @Slot()
    def launch(self) -> bool:
        shown = self.shown
        can, note = self._launch_state()
        if shown is None or not can:
            self._problem(
                note
                or translate(
                    "SendController", "Press Check recipients first: nothing is sent without a Checklist (R4)."
                )
            )
            return False
        prepared = shown.prepared
        stale = stale_problem(prepared.checklist.made_at, self.clock())
        if stale:
            self._problem(stale)
            self.view.set_launch_allowed(False, stale)
            return False
        again = shown.earlier if shown.include_recent else ()
        if not self.view.confirm_launch(confirm_text(self._as_launched(shown), again, self.clock())):
            return False
        named = {email for e in again for email in e.emails}

        def work(service, progress, cancel):
            # Looked up again at Launch: a send of the message since the check is left out too (unless named above).
            checklist = prepared.checklist
            fresh = service.recently_sent(
                checklist.channel,
                checklist.component_id,
                checklist.allowed,
                exclude_send_id=prepared.send_id,
            )
            leave_out = [
                dataclasses.replace(
                    e,
                    accepted=tuple(a for a in e.accepted if a not in named),
                    unknown=tuple(u for u in e.unknown if u not in named),
                )
                for e in fresh
            ]
            return service.launch(
                prepared, cancel=cancel, progress=progress, leave_out=[e for e in leave_out if e.emails]
            )

        if not self._on_worker(LAUNCH, work, self._launched, self._launch_failed):
            return False
        shown.launched = True
        self.view.set_launch_allowed(*self._launch_state())
        self._show_guard()
        return True

    def _launched(self, outcome) -> None:
        ok = not outcome.message and not outcome.rejected and not outcome.not_sent and not outcome.unknown
        resumable = bool(outcome.not_sent) and outcome.status in (SendStatus.PARTLY_SENT, SendStatus.FAILED)
        self.view.show_outcome(
            outcome_headline(outcome),
            outcome_details(outcome),
            ok=ok,
            resume_send_id=outcome.send_id if resumable else None,
        )
        self.load_recent()
        self.send_finished.emit(outcome)

    def _launch_failed(self, message: str) -> None:
        self._problem(message)
        if self.shown is not None:
            self.shown.launch_failed = True
        self.view.show_outcome(
            translate("SendController", "Not sent: {why}").format(why=message_text(message)), [], ok=False
        )
        self.load_recent()  # a send that could not start (eMarketeer down) is there, to send later
        self.send_finished.emit(None)

    # ------------------------------------------------------------------ recent sends and "Send the rest"

    @Slot()
    def load_recent(self) -> None:
        def failed(exc: BaseException) -> None:
            self.view.show_recent_note(
                translate("SendController", "The recent sends could not be read: {why}").format(
                    why=_lower(user_text(exc))
                ),
                ok=False,
            )

        self.calls.query(_recent_after_settling, self._recent_arrived, failed, store_only=True)

    def _recent_arrived(self, sends: list[SendSummary]) -> None:
        if self._stopped:
            return
        self.view.set_recent(list(sends), self.clock())
        self.recent_loaded.emit(list(sends))

    @Slot(int)
    def resume(self, send_id: int) -> bool:
        """ "Send the rest" of a send that stopped halfway: reads it, asks, then runs SendService.resume on the worker
        (a fresh sync of the not-sent recipients first, R4). Unknown ones are never resent."""
        if self.runner.busy:
            self._problem(busy_text())
            return False
        return self.calls.query(
            lambda service: service.send_summary(send_id),
            self._resume_asked,
            lambda exc: self._problem(user_text(exc)),
            store_only=True,
        )

    def _resume_asked(self, summary) -> None:
        if self._stopped:
            return
        if not summary.resumable:
            self._problem(
                translate("SendController", "Send {send} has nothing left to send.").format(send=summary.send_id)
            )
            self.load_recent()
            return
        if not self.view.confirm_resume(resume_question(summary)):
            return
        send_id = summary.send_id

        def work(service, progress, cancel) -> ResumeResult:
            before = service.outcome(send_id)
            earlier = service.recently_sent(
                summary.channel, summary.component_id, before.not_sent, exclude_send_id=send_id
            )
            after = service.resume(send_id, cancel=cancel, progress=progress, leave_out=earlier)
            return ResumeResult(before, after, tuple(earlier))

        if self._on_worker(
            RESUME, work, self._resumed, lambda message: self._resume_failed(message, send_id), send_id=send_id
        ):
            self.view.show_recent_note("")

    def _showing(self, send_id: int | None) -> bool:
        """The shown Checklist is that send's: its outcome area is where the answer goes."""
        shown = self.shown
        return shown is not None and shown.launched and shown.prepared.send_id == send_id

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

    def _resume_failed(self, message: str, send_id: int) -> None:
        self._problem(message)
        text = translate("SendController", "Nothing more was sent: {why}").format(why=message)
        if self._showing(send_id):
            self.view.show_outcome(text, [], ok=False, resume_send_id=send_id)
        else:
            self.view.show_recent_note(text, ok=False)
        self.load_recent()
        self.send_finished.emit(None)

    # ------------------------------------------------------------------ the worker's answers

    @Slot(object)
    def _job_finished(self, result: JobResult) -> None:
        running = self.running
        if running is None or result.name != running.op.name:
            return  # another's job
        try:
            if running.op.kind != CHECK or not result.ok:
                self.sync_ran.emit(None)  # a send (or a failed check) left rows in the history all the same
            running.op.finish(result)  # the operation's own success or failure handling
        finally:
            # Only now: until its answer is taken in, nothing of ours starts again (the scheduled list may be stale).
            self.running = None

    @Slot(object)
    def _progress(self, progress) -> None:
        if self.running is None or self.runner.current_job is None:
            return
        message = message_text(getattr(progress, "said", None), getattr(progress, "message", "") or "")
        self.view.show_progress(message, getattr(progress, "done", 0), getattr(progress, "total", 0))

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        own = busy and self.running is not None
        self.view.set_busy(busy or self.runner.busy, own, busy_text() if busy and not own else None)
        if not busy and not self.runner.busy:
            self.view.set_launch_allowed(*self._launch_state())
            QTimer.singleShot(0, self.check_due)  # a send that fell due during the run goes now

    @Slot()
    def _cancel_running(self) -> None:
        if self.running is not None:
            self.runner.cancel()

    @Slot(str)
    def _open_in_conflicts(self, email: str) -> None:
        if self.shown is None or self.shown.conflict_summary is None:
            self._problem(translate("SendController", "The send-time sync kept no details to show."))
            return
        self.open_in_conflicts.emit(self.shown.conflict_summary, email)

    def _problem(self, text: str) -> None:
        text = message_text(text)
        self.view.show_problem(text)
        self.problem_shown.emit(text)

    # ------------------------------------------------------------------ for tests and the window

    @property
    def prepared(self):
        return self.shown.prepared if self.shown is not None else None


def _recent_after_settling(service) -> list[SendSummary]:
    """Recent sends, after recording a send that an app ending left "sending" (so it shows, and can be finished).
    Settling is a write: when it cannot be made now (a full disk, a data folder gone read-only), the list is still
    shown as stored, and the next look tries again."""
    try:
        service.settle_interrupted()
    except Exception:  # noqa: BLE001 - the list must show whatever keeps the settling from being recorded
        log.warning("Could not settle a send left 'sending'", exc_info=True)
    return service.recent_sends()


def _with_rows(summary):
    """The summary with the conflict view's rows built here (on the worker) in place of its details (sync.worker)."""
    if summary is None or getattr(summary, "details", None) is None:
        return None
    if not isinstance(summary, RunSummary):  # a stand-in: handed over as it is, the conflict view builds the rows
        return summary
    return with_review(summary)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _next_full_hour(now: datetime) -> datetime:
    return (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
