"""The Send tab's state, made explicit: what the presenter holds, and what it asks of its view (`SendViewLike`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance

from ...domain.checklist import Channel, Checklist
from ..operations import WorkerOp

if TYPE_CHECKING:
    from ...sending.service import EarlierSend, PreparedSend, SendOutcome


class SendViewLike(Protocol):
    """What the presenter asks of the Send tab's view, in intent-level terms (view.py is the real one)."""

    # What the view tells the presenter (view.py's signals).
    check_requested: SignalInstance
    launch_requested: SignalInstance
    schedule_requested: SignalInstance
    cancel_requested: SignalInstance
    reload_lists_requested: SignalInstance
    cancel_scheduled_requested: SignalInstance
    send_scheduled_now_requested: SignalInstance
    open_in_conflicts_requested: SignalInstance
    form_changed: SignalInstance
    resume_requested: SignalInstance
    include_recent_toggled: SignalInstance

    def channel(self) -> Channel: ...
    def component_text(self) -> str: ...
    def source_kind(self) -> str: ...
    def chosen_list(self) -> object: ...
    def pasted_text(self) -> str: ...
    def file_path(self) -> str: ...
    def set_schedule_time(self, when: datetime) -> None: ...
    def set_lists_loading(self) -> None: ...
    def set_lists(self, lists: Sequence, problem: str | None = None) -> None: ...
    def show_problem(self, text: str | None) -> None: ...
    def show_progress(self, text: str, done: int = 0, total: int = 0) -> None: ...
    def set_busy(self, busy: bool, own: bool, why_not: str | None = None) -> None: ...
    def show_checklist(
        self, checklist: Checklist | None, *, when_text: str = "", can_launch: bool = False, note: str = ""
    ) -> None: ...
    def set_launch_allowed(self, allowed: bool, note: str = "") -> None: ...
    def show_outcome(
        self, headline: str, details: Sequence[str], *, ok: bool = True, resume_send_id: int | None = None
    ) -> None: ...
    def show_recent_overlap(self, text: str, note: str = "", *, included: bool = False, open_: bool = True) -> None: ...
    def set_recent(self, sends: Sequence, now: datetime) -> None: ...
    def show_recent_note(self, text: str, *, ok: bool = True) -> None: ...
    def set_scheduled(
        self, sends: Sequence, now: datetime, held: set[int] | None = None, notes: dict[int, str] | None = None
    ) -> None: ...
    def show_scheduled_note(self, text: str, *, ok: bool = True) -> None: ...
    def confirm_launch(self, text: str) -> bool: ...
    def confirm_resume(self, text: str) -> bool: ...
    def confirm_schedule(self, text: str) -> bool: ...
    def ask_about_due(
        self, sends: Sequence, now: datetime, answered: Callable[[Mapping[int, str] | None], None]
    ) -> object: ...


@dataclass(frozen=True)
class CheckResult:
    """What a check brings back from the worker: the prepared send, and the send-time sync's rows for the
    conflict view (built on the worker, like a preview's)."""

    prepared: PreparedSend
    conflict_summary: object | None  # RunSummary carrying `review`, or None
    earlier: tuple[EarlierSend, ...] = ()  # who of the allowed a send of this message reached in the last 24 h


@dataclass(frozen=True)
class ResumeResult:
    """What "Send the rest" brings back: the send before and after, and who was left out (reached meanwhile)."""

    before: SendOutcome
    after: SendOutcome
    left_out: tuple[EarlierSend, ...] = ()  # reached meanwhile


@dataclass
class ShownChecklist:
    """The Checklist on the screen, until another check replaces it."""

    prepared: PreparedSend
    conflict_summary: object | None
    earlier: tuple[EarlierSend, ...] = ()  # EarlierSends overlapping it (the guard, last 24 hours)
    include_recent: bool = False  # the person ticked "Send to them again as well"
    # Why it no longer says what Launch would find ("" while it does): the form changed, settings were applied, or a
    # sync wrote since the check. Launch posts whom the Checklist allowed without looking again (R4).
    out_of_date: str = ""
    launched: bool = False  # never twice from one Checklist, whatever the answer
    launch_failed: bool = False


@dataclass
class Running:
    """This tab's operation on the sync worker (at most one: R20)."""

    op: WorkerOp
    send_id: int | None = None  # the due send, or the send "Send the rest" runs for
    out_of_date: str = ""  # during a check: why its Checklist will be out of date (the form changed, say)


@dataclass
class Scheduled:
    """The scheduled sends as read last, and those the person is still asked about (fell due while closed)."""

    sends: list = field(default_factory=list)
    loaded: bool = False
    asking: set[int] = field(default_factory=set)
