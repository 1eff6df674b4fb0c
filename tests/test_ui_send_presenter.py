"""The Send tab's presenter without a window (issue 13 pt 2): a fake view, a fake worker, the stand-in SendService.

The presenter holds the state and the decisions (R4: nothing is sent without a fresh Checklist; R10: a due send
goes after a fresh check, held ones wait for the person) and talks to its view only through `SendViewLike`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QObject, Signal
from send_fakes import FakeSendBackend

from desktop_app.config import CRM_ONSITE, resolve_config
from desktop_app.domain.checklist import Channel
from desktop_app.sending import SendRequest
from desktop_app.sync.worker import JobResult
from desktop_app.ui.send.presenter import SendPresenter
from desktop_app.ui.send.wording import DUE_SEND, SOURCE_PASTED

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


class FakeSignal:
    def __init__(self) -> None:
        self.slots: list = []

    def connect(self, slot) -> None:
        self.slots.append(slot)

    def emit(self, *args) -> None:
        for slot in list(self.slots):
            slot(*args)


class FakeView:
    """Records what the presenter shows; answers its questions as told."""

    SIGNALS = (
        "check_requested",
        "launch_requested",
        "schedule_requested",
        "cancel_requested",
        "reload_lists_requested",
        "cancel_scheduled_requested",
        "send_scheduled_now_requested",
        "open_in_conflicts_requested",
        "form_changed",
        "resume_requested",
        "include_recent_toggled",
    )

    def __init__(self) -> None:
        for name in self.SIGNALS:
            setattr(self, name, FakeSignal())
        self.form = {"channel": Channel.EMAIL, "component": "1234", "pasted": ""}
        self.answer = True
        self.shown: dict = {}
        self.due_questions: list = []

    def __getattr__(self, name: str):
        if name.startswith(("show_", "set_")):
            return lambda *args, **kwargs: self.shown.__setitem__(name, (args, kwargs))
        raise AttributeError(name)

    def channel(self):
        return self.form["channel"]

    def component_text(self):
        return self.form["component"]

    def source_kind(self):
        return SOURCE_PASTED

    def chosen_list(self):
        return None

    def pasted_text(self):
        return self.form["pasted"]

    def file_path(self):
        return ""

    def confirm_launch(self, text):
        return self.answer

    confirm_resume = confirm_schedule = confirm_launch

    def ask_about_due(self, sends, now, answered):
        self.due_questions.append(([s.send_id for s in sends], answered))
        return "dialog"


class FakeRunner(QObject):
    """The sync worker, run by hand: `finish()` does the queued job's work and answers as the worker would."""

    job_finished = Signal(object)
    progress = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.jobs: list = []
        self.current_job = None

    def start_job(self, job) -> bool:
        if self.busy:
            return False
        self.busy, self.current_job = True, job
        self.jobs.append(job)
        return True

    def cancel(self) -> None:
        self.current_job.cancel.set()

    def finish(self) -> JobResult:
        job = self.current_job
        try:
            result = JobResult(job.name, value=job.work(None, lambda _p: None, job.cancel))
        except Exception as exc:  # noqa: BLE001 - as the worker: the sentence goes back
            result = JobResult(job.name, message=getattr(exc, "user_message", str(exc)))
        self.busy, self.current_job = False, None
        self.job_finished.emit(result)
        self.busy_changed.emit(False)
        return result


class InlineJobs:
    def submit(self, fn, on_done, on_error) -> int:
        try:
            value = fn()
        except BaseException as exc:  # noqa: BLE001
            on_error(exc)
        else:
            on_done(value)
        return 0


@pytest.fixture
def setup(qapp, tmp_path):
    backend, view, runner = FakeSendBackend(), FakeView(), FakeRunner()
    config = resolve_config(
        {
            "crm": CRM_ONSITE,
            "enabled": True,
            "superoffice_url": "http://127.0.0.1:1/api",
            "superoffice_user": "admin",
            "emarketeer_url": "http://127.0.0.1:2/api",
        },
        {},
        tmp_path,
    )
    clock = {"now": NOW}
    presenter = SendPresenter(
        view,
        runner,
        InlineJobs(),
        lambda: (config, object()),
        clock=lambda: clock["now"],
        service_factory=backend.factory,
        current_config=lambda: config,
    )
    yield presenter, view, runner, backend, clock
    presenter.stop()


def test_r4_check_then_launch_sends_only_to_the_allowed_and_never_twice(setup):
    presenter, view, runner, backend, _clock = setup
    view.form["pasted"] = "anna@example.se\ncecilia@example.se"
    assert presenter.check() and runner.jobs[-1] is runner.current_job
    assert view.shown["set_busy"][0] == (True, True)
    runner.finish()
    checklist = view.shown["show_checklist"][0][0]
    assert checklist.allowed == ("anna@example.se",) and view.shown["show_checklist"][1]["can_launch"]
    assert presenter.launch()
    runner.finish()
    assert backend.sent == [(1234, ("anna@example.se",))]
    assert not presenter.launch() and backend.sent == [(1234, ("anna@example.se",))]  # one Checklist, one send


def test_r4_a_form_change_during_or_after_the_check_asks_for_a_new_one(setup):
    presenter, view, runner, backend, _clock = setup
    view.form["pasted"] = "anna@example.se"
    presenter.check()
    view.form_changed.emit()  # typed while the check ran
    runner.finish()
    assert view.shown["show_checklist"][1]["can_launch"] is False
    assert not presenter.launch() and backend.sent == []


def test_r10_held_and_resting_sends_wait_and_the_persons_word_releases_them(setup):
    presenter, view, runner, backend, clock = setup
    service = backend.factory(None, None, None, lambda: clock["now"])

    first = service.schedule(
        SendRequest(Channel.EMAIL, 1234, ("anna@example.se",), "pasted"), NOW + timedelta(minutes=5)
    )
    second = service.schedule(
        SendRequest(Channel.EMAIL, 1234, ("bo@example.se",), "pasted"), NOW + timedelta(minutes=5)
    )
    service.hold(second, "The eMarketeer API key is missing.")
    presenter.load_scheduled(first=True)
    assert presenter.ready and view.due_questions == [] and not presenter.check_due()  # not due yet

    clock["now"] = NOW + timedelta(minutes=6)
    assert presenter.check_due() and runner.current_job is not None  # the first; the held one waits
    runner.finish()
    assert backend.due_sent == [first] and presenter.held == {second}
    notes = view.shown["set_scheduled"][0][3]
    assert notes[second].startswith("Not sent: The eMarketeer API key is missing.")
    assert not presenter.check_due()

    presenter.send_scheduled_now(second)  # released in the store, then sent at the next look
    [released] = presenter.scheduled
    assert not released.held and released.attempts == 0
    assert presenter.check_due()
    runner.finish()
    assert backend.due_sent == [first, second] and presenter.scheduled == []


def test_r10_sends_due_at_start_are_asked_about_first(setup):
    presenter, view, runner, backend, clock = setup
    service = backend.factory(None, None, None, lambda: clock["now"])
    send_id = service.schedule(
        SendRequest(Channel.EMAIL, 1234, ("anna@example.se",), "pasted"), NOW + timedelta(minutes=1)
    )
    clock["now"] = NOW + timedelta(hours=1)
    presenter.load_scheduled(first=True)
    [(asked, answered)] = view.due_questions
    assert asked == [send_id] and presenter.held == {send_id} and not presenter.check_due()
    answered({send_id: DUE_SEND})
    assert runner.current_job is not None
    runner.finish()
    assert backend.due_sent == [send_id]
