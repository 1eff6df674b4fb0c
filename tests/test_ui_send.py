"""The Send tab (issue 4; R3, R4, R10, R20): form, Checklist, Launch, scheduled sends, the start-up question.

Most tests drive the real window and its real worker thread with a stand-in SendService (tests/send_fakes.py)
for paths the simulators cannot make on demand (a fake clock for due sends, a rejected component); the
tests at the end run the real service against both simulators in demo mode.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from engine_support import FakeClock
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from send_fakes import FakeSendBackend

from desktop_app.demo import DemoEnvironment
from desktop_app.domain.checklist import Channel, Checklist, ChecklistLine, Exclusion
from desktop_app.sending import ScheduledSend, SendOutcome, SendStatus
from desktop_app.store import Store
from desktop_app.ui.send import wording as sp
from desktop_app.ui.send.dialogs import DueSendsDialog
from desktop_app.ui.shell.main_window import TAB_CONFLICTS, TAB_SEND, MainWindow, WindowContext

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
TIMEOUT_MS = 60_000
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def demo(_isolated_environment):
    world = DemoEnvironment.start(_isolated_environment, contacts=30, seed=5)
    with Store.open(world.data_dir) as store:
        store.save_settings(world.settings)
    yield world
    world.stop()


@pytest.fixture
def backend() -> FakeSendBackend:
    return FakeSendBackend()


@pytest.fixture
def open_window(qtbot, demo):
    windows: list[MainWindow] = []

    def make(*, clock=None, factory=None) -> MainWindow:
        context = WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo)
        extra = {} if clock is None else {"clock": clock}
        window = MainWindow(context, use_tray=False, send_service_factory=factory, **extra)
        windows.append(window)
        window.scheduler.stop()  # no periodic sync in the middle of a test's send
        window.show()
        qtbot.waitExposed(window)
        window.tabs.setCurrentIndex(TAB_SEND)
        qtbot.waitUntil(lambda: window.send.ready, timeout=TIMEOUT_MS)  # the scheduled sends read at start
        return window

    yield make
    for window in windows:
        window.shutdown()
        window.hide()
        window.deleteLater()


@pytest.fixture
def fake_window(qtbot, open_window, backend):
    clock = FakeClock(NOW)
    window = open_window(clock=clock, factory=backend.factory)
    window.test_clock = clock
    qtbot.waitUntil(lambda: window.send_view.list_combo.count() == len(backend.lists), timeout=TIMEOUT_MS)
    return window


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer_next_box(accept: bool) -> list[str]:
    """Answer the next modal message box (Launch's or Schedule's question); returns its text once shown."""
    seen: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append(box.text())
        wanted = QMessageBox.ButtonRole.AcceptRole if accept else QMessageBox.ButtonRole.RejectRole
        button = next(b for b in box.buttons() if box.buttonRole(b) == wanted)
        button.click()

    QTimer.singleShot(0, look)
    return seen


def fill(view, *, component="1234", pasted=None, channel=Channel.EMAIL) -> None:
    (view.sms_button if channel is Channel.SMS else view.email_button).setChecked(True)
    view.component_edit.setText(component)
    if pasted is not None:
        view.pasted_edit.setPlainText(pasted)
        view.pasted_button.setChecked(True)


def check(qtbot, window) -> object:
    with qtbot.waitSignal(window.send.checklist_shown, timeout=TIMEOUT_MS) as shown:
        click(qtbot, window.send_view.check_button)
    # The Checklist arrives just before the worker's "free again", which enables the buttons.
    qtbot.waitUntil(lambda: window.send_view.check_button.isEnabled(), timeout=5000)
    return shown.args[0]


MIXED = "anna@example.se, Bo <bo@example.se>\ncecilia@example.se; not-an-address\nANNA@example.se\nnobody@example.se"


# ------------------------------------------------------------------ the Checklist and Launch


def test_the_checklist_shows_who_is_excluded_and_why_and_launch_sends_only_to_the_allowed(qtbot, fake_window, backend):
    """R4: every recipient checked before anything is sent; Launch goes to the allowed ones only."""
    window, view = fake_window, fake_window.send_view
    fill(view, pasted=MIXED)
    prepared = check(qtbot, window)
    # Checked on the sync worker's thread, the same one that runs syncs (R20: one run at a time).
    assert backend.threads == ["sync-worker"]
    assert backend.prepared[0].source == "pasted addresses" and len(backend.prepared[0].recipients) == 6
    assert not backend.sent  # nothing goes out at the check

    assert view.headline_label.text() == "2 of 6 recipients may get this e-mail; 4 excluded."
    counts = view.counts_label.text()
    for reason in (
        Exclusion.MARKETING_WITHDRAWN,
        Exclusion.INVALID_ADDRESS,
        Exclusion.DUPLICATE_IN_LIST,
        Exclusion.UNKNOWN_IN_EMARKETEER,
    ):
        assert reason.text in counts
    assert Exclusion.NO_MARKETING_BASIS.text not in counts  # only reasons that occur
    shown = {view.proxy.row_at(r).address: view.proxy.row_at(r) for r in range(view.proxy.rowCount())}
    # By default the excluded and the changed ones; anna (allowed, unchanged) only with "Show every recipient".
    assert set(shown) == {
        "Bo <bo@example.se>",
        "cecilia@example.se",
        "not-an-address",
        "ANNA@example.se",
        "nobody@example.se",
    } or set(shown) == {"bo@example.se", "cecilia@example.se", "not-an-address", "ANNA@example.se", "nobody@example.se"}
    cecilia = shown["cecilia@example.se"]
    assert cecilia.result == "Excluded: withdrawn" and "SuperOffice" in cecilia.reason
    bo = next(row for row in shown.values() if row.email == "bo@example.se")
    assert bo.allowed and "written to eMarketeer" in bo.changes
    view.show_all_box.setChecked(True)
    assert view.proxy.rowCount() == 6

    assert view.launch_button.isEnabled()
    seen = answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.launch_button)
    assert seen and "to 2 recipients" in seen[0] and "4 excluded recipients will not get it" in seen[0]
    outcome: SendOutcome = finished.args[0]
    assert backend.sent == [(1234, ("anna@example.se", "bo@example.se"))]
    assert outcome.accepted == ("anna@example.se", "bo@example.se")
    assert view.outcome_label.text().startswith("Sent: 2 accepted by eMarketeer")
    assert not view.launch_button.isEnabled()  # never twice from one Checklist
    assert prepared.checklist.allowed == ("anna@example.se", "bo@example.se")


def test_launch_waits_for_the_confirmation_and_no_sends_nothing(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, pasted="anna@example.se")
    check(qtbot, window)
    seen = answer_next_box(accept=False)
    click(qtbot, view.launch_button)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(100)
    assert "to 1 recipient now?" in seen[0] and backend.sent == []
    assert view.launch_button.isEnabled()  # still possible: nothing was sent


def test_changing_the_form_after_the_check_asks_for_a_new_check(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, pasted="anna@example.se")
    check(qtbot, window)
    view.pasted_edit.setPlainText("anna@example.se\ncecilia@example.se")
    assert not view.launch_button.isEnabled() and "press Check recipients again" in view.launch_note.text()
    assert not window.send.launch() and backend.sent == []


def test_a_list_from_emarketeer_is_read_on_the_worker_and_named_in_the_history(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    assert [view.list_combo.itemText(i) for i in range(2)] == ["Newsletter (3)", "Nobody (0)"]
    fill(view)
    view.list_button.setChecked(True)
    view.list_combo.setCurrentIndex(0)
    check(qtbot, window)
    request = backend.prepared[-1]
    assert request.list_id == 7 and request.recipients == tuple(backend.members[7])
    assert request.source == "eMarketeer list 'Newsletter' (3)"
    assert view.headline_label.text().startswith("2 of 3 recipients")


def test_recipients_from_a_csv_file(qtbot, fake_window, backend, tmp_path):
    window, view = fake_window, fake_window.send_view
    path = tmp_path / "customers.csv"
    path.write_text("name;e-post\nAnna;anna@example.se\nBo;bo@example.se\n", encoding="utf-8")
    fill(view)
    view.file_edit.setText(str(path))
    view.file_button.setChecked(True)
    check(qtbot, window)
    assert backend.prepared[-1].recipients == ("anna@example.se", "bo@example.se")
    assert backend.prepared[-1].source == "file customers.csv"


@pytest.mark.parametrize(
    "component, source, pasted, expected",
    [
        ("", "pasted", "anna@example.se", "Enter the message's component id"),
        ("12a", "pasted", "anna@example.se", "must be a whole number above 0"),
        ("1234", "pasted", "  \n ,; ", "the list is empty"),
        ("1234", "list-empty", "", "is empty: there is nobody to send to"),
        ("1234", "file-missing", "", "does not exist"),
    ],
)
def test_bad_input_gets_one_sentence_and_nothing_is_checked_or_sent(
    qtbot, fake_window, backend, component, source, pasted, expected, tmp_path
):
    window, view = fake_window, fake_window.send_view
    fill(view, component=component, pasted=pasted)
    if source == "list-empty":
        view.list_button.setChecked(True)
        view.list_combo.setCurrentIndex(1)
    elif source == "file-missing":
        view.file_edit.setText(str(tmp_path / "missing.csv"))
        view.file_button.setChecked(True)
    click(qtbot, view.check_button)
    assert expected in view.problem_label.text() and view.problem_label.isVisibleTo(window)
    assert "Traceback" not in view.problem_label.text()
    assert backend.prepared == [] and backend.sent == []
    assert not view.launch_button.isEnabled()


def test_only_invalid_addresses_is_said_by_the_service_and_nothing_is_sent(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, pasted="not-an-address\nalso@wrong")
    with qtbot.waitSignal(window.send.problem_shown, timeout=TIMEOUT_MS) as problem:
        click(qtbot, view.check_button)
    assert "valid e-mail address" in problem.args[0] and problem.args[0] == view.problem_label.text()
    assert view.checklist_stack.currentIndex() == 0 and not view.launch_button.isEnabled() and backend.sent == []
    qtbot.waitUntil(view.check_button.isEnabled, timeout=5000)  # the worker is free again (its last signal)


def test_a_component_emarketeer_rejects_is_said_in_one_sentence(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, component="999", pasted="anna@example.se")
    check(qtbot, window)
    answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.launch_button)
    assert finished.args[0] is None and backend.sent == []
    assert "component 999 does not exist" in view.problem_label.text()
    assert view.outcome_label.text().startswith("Not sent:")
    assert not view.launch_button.isEnabled()  # no blind second try: check again first


def test_no_check_while_a_sync_runs(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, pasted="anna@example.se")
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
        assert window.sync_now()
        assert not window.send.check()  # one run at a time (R20)
        qtbot.waitUntil(lambda: not view.check_button.isEnabled(), timeout=5000)
        assert "A sync is running" in view.problem_label.text()
    qtbot.waitUntil(lambda: view.check_button.isEnabled(), timeout=5000)
    assert backend.prepared == []


# ------------------------------------------------------------------ scheduled sends


def schedule(qtbot, window, at: datetime) -> list:
    view = window.send_view
    view.set_schedule_time(at)
    seen = answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.scheduled_loaded, timeout=TIMEOUT_MS) as loaded:
        click(qtbot, view.schedule_button)
    assert seen and "R10" in seen[0]
    return loaded.args[0]


def test_a_scheduled_send_goes_when_due_after_a_fresh_check(qtbot, fake_window, backend):
    """R10: at the moment it is due, the worker runs the send with a fresh Checklist."""
    window, view = fake_window, fake_window.send_view
    clock = window.test_clock
    fill(view, pasted="anna@example.se\ncecilia@example.se")
    sends = schedule(qtbot, window, NOW + timedelta(hours=1))
    assert len(sends) == 1 and sends[0].scheduled_at == NOW + timedelta(hours=1)
    assert view.scheduled_table.rowCount() == 1 and "Waiting" in view.scheduled_table.item(0, 3).text()
    assert backend.prepared == [] and backend.sent == []  # scheduling checks and sends nothing yet

    assert not window.send.check_due()  # not due yet
    backend.withdrawn.add("anna@example.se")  # anna withdraws between scheduling and sending
    clock.advance(hours=1, minutes=1)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        window.send.timer.timeout.emit()
    assert finished.args[0] is not None and backend.due_sent == [sends[0].send_id]
    assert backend.threads == ["sync-worker", "sync-worker"]  # the fresh check and the launch, on the worker
    assert backend.sent == []  # anna withdrew, cecilia had: the fresh Checklist allows nobody
    qtbot.waitUntil(lambda: view.scheduled_table.rowCount() == 0, timeout=5000)
    assert "Scheduled send" in view.scheduled_label.text() and "nothing was sent" in view.scheduled_label.text()


def test_a_scheduled_send_is_sent_to_who_is_allowed_then(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, pasted="anna@example.se\nbo@example.se")
    schedule(qtbot, window, NOW + timedelta(minutes=30))
    window.test_clock.advance(minutes=31)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS):
        window.send.timer.timeout.emit()
    assert backend.sent == [(1234, ("anna@example.se", "bo@example.se"))]
    assert "Sent: 2 accepted" in view.scheduled_label.text()


def test_scheduling_in_the_past_is_refused(qtbot, fake_window, backend):
    view = fake_window.send_view
    fill(view, pasted="anna@example.se")
    view.set_schedule_time(NOW - timedelta(hours=1))
    click(qtbot, view.schedule_button)
    assert "at least a minute from now" in view.problem_label.text() and backend.scheduled == {}


def test_a_scheduled_send_can_be_cancelled(qtbot, fake_window, backend):
    window, view = fake_window, fake_window.send_view
    fill(view, pasted="anna@example.se")
    schedule(qtbot, window, NOW + timedelta(hours=2))
    view.scheduled_table.selectRow(0)
    with qtbot.waitSignal(window.send.scheduled_loaded, timeout=TIMEOUT_MS) as loaded:
        click(qtbot, view.cancel_scheduled_button)
    assert loaded.args[0] == [] and backend.scheduled == {} and view.scheduled_table.rowCount() == 0
    assert "cancelled" in view.scheduled_label.text()
    window.test_clock.advance(hours=3)
    assert not window.send.check_due() and backend.sent == []


def due_sends(backend: FakeSendBackend, count: int) -> list[ScheduledSend]:
    from desktop_app.sending import SendRequest

    sends = []
    for i in range(count):
        request = SendRequest(Channel.EMAIL, 500 + i, ("anna@example.se",), "pasted")
        send_id = next(backend.ids)
        send = ScheduledSend(
            send_id,
            request.channel,
            request.component_id,
            request.source,
            request.recipients,
            NOW - timedelta(hours=5 - i),
            NOW - timedelta(days=1),
            SendStatus.SCHEDULED,
        )
        backend.scheduled[send_id] = send
        sends.append(send)
    return sends


def test_sends_that_fell_due_while_closed_are_asked_about_never_sent_blindly(qtbot, open_window, backend):
    first, second = due_sends(backend, 2)
    clock = FakeClock(NOW)
    window = open_window(clock=clock, factory=backend.factory)
    dialog = qtbot.waitUntil(
        lambda: window.findChild(DueSendsDialog) is not None, timeout=TIMEOUT_MS
    ) or window.findChild(DueSendsDialog)
    assert (
        dialog.isVisible()
        and "fell due while Legal Basis Sync was not running"
        in dialog.findChildren(type(window.home.state_label))[0].text()
    )
    window.send.timer.timeout.emit()  # the periodic look while the question is open
    qtbot.wait(200)
    assert backend.due_sent == [] and backend.sent == []
    assert not dialog.ok_button.isEnabled()  # every send needs an answer
    dialog.set_choice(first.send_id, DueSendsDialog.SEND)
    dialog.set_choice(second.send_id, DueSendsDialog.CANCEL)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS):
        click(qtbot, dialog.ok_button)
    assert backend.due_sent == [first.send_id] and backend.sent == [(500, ("anna@example.se",))]
    qtbot.waitUntil(lambda: backend.scheduled == {} and window.send_view.scheduled_table.rowCount() == 0, timeout=5000)
    assert backend.prepared[-1].component_id == 500  # a fresh check at that moment (R10)


def test_deciding_later_keeps_due_sends_waiting_until_send_now(qtbot, open_window, backend):
    (send,) = due_sends(backend, 1)
    window = open_window(clock=FakeClock(NOW), factory=backend.factory)
    qtbot.waitUntil(lambda: window.findChild(DueSendsDialog) is not None, timeout=TIMEOUT_MS)
    dialog = window.findChild(DueSendsDialog)
    click(qtbot, dialog.later_button)
    view = window.send_view
    qtbot.waitUntil(lambda: view.scheduled_table.rowCount() == 1, timeout=5000)
    window.send.timer.timeout.emit()
    qtbot.wait(200)
    assert backend.due_sent == [] and "send now or cancel" in view.scheduled_table.item(0, 3).text()
    view.scheduled_table.selectRow(0)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS):
        click(qtbot, view.send_scheduled_button)
    assert backend.due_sent == [send.send_id]


# ------------------------------------------------------------------ presenter


def line(given, allowed=True, exclusion=None, why="Marketing sendouts: Consent.", changes=(), conflict=False):
    email = None if exclusion is Exclusion.INVALID_ADDRESS else given.lower()
    return ChecklistLine(given, email, allowed, exclusion, why, tuple(changes), conflict)


def test_presenter_sentences():
    checklist = Checklist(
        Channel.SMS,
        77,
        9,
        NOW,
        (
            line("a@x.se"),
            line("b@x.se", changes=("Marketing sendouts: written to SuperOffice.",), conflict=True),
            line("c@x.se", False, Exclusion.MARKETING_WITHDRAWN, "Marketing sendouts withdrawn in eMarketeer."),
            line("bad", False, Exclusion.INVALID_ADDRESS, "Invalid address: no @."),
        ),
    )
    assert sp.checklist_headline(checklist) == "2 of 4 recipients may get this SMS; 2 excluded."
    assert [(text, n) for _r, text, n in sp.exclusion_counts(checklist)] == [
        ("Invalid e-mail address", 1),
        ("Marketing sendouts withdrawn", 1),
    ]
    notes = sp.sync_notes(checklist)
    assert "run 9" in notes and "1 recipient" in notes and "1 conflict" in notes
    assert sp.confirm_text(checklist).startswith("Send the SMS (component 77) to 2 recipients now?")
    rows = sp.checklist_rows(checklist)
    assert [r.notable for r in rows] == [False, True, True, True] and not rows[3].can_open
    nobody = Checklist(
        Channel.EMAIL, 1, None, NOW, (rows and line("c@x.se", False, Exclusion.NO_MARKETING_BASIS, "No legal basis."),)
    )
    assert "nothing can be launched" in sp.checklist_headline(nobody)
    outcome = SendOutcome(3, 9, ("a@x.se",), (("b@x.se", "Hard bounce"),), ("c@x.se",), ("d@x.se",), None)
    assert sp.outcome_headline(outcome) == ("Sent: 1 accepted by eMarketeer, 1 rejected, 1 not sent, 1 with no answer.")
    details = "\n".join(sp.outcome_details(outcome))
    assert "Rejected: b@x.se: Hard bounce" in details and "not sent again automatically" in details
    assert sp.stale_problem(NOW, NOW + timedelta(hours=1)) and sp.stale_problem(NOW, NOW + timedelta(minutes=5)) is None


@pytest.mark.parametrize(
    "text, ok",
    [("1234", True), (" 42 ", True), ("0", False), ("-3", False), ("1.5", False), ("", False), ("abc", False)],
)
def test_component_id_must_be_a_positive_whole_number(text, ok):
    if ok:
        assert sp.parse_component_id(text) == int(text)
    else:
        with pytest.raises(sp.InputProblem) as problem:
            sp.parse_component_id(text)
        assert problem.value.user_message.endswith(".")


def test_schedule_time_must_be_in_the_future():
    assert sp.schedule_problem(NOW + timedelta(minutes=5), NOW) is None
    assert "at least a minute" in sp.schedule_problem(NOW, NOW)
    assert sp.schedule_problem(datetime(2026, 6, 1, 12), NOW) == "The time has no time zone."


def test_the_schedule_field_shows_local_time_and_gives_utc(qtbot):
    from desktop_app.ui.send.view import SendView

    view = SendView()
    qtbot.addWidget(view)
    when = datetime(2026, 7, 1, 8, 30, tzinfo=timezone.utc)
    view.set_schedule_time(when)
    assert view.schedule_time() == when and view.schedule_time().tzinfo is timezone.utc
    assert view.schedule_edit.text() == when.astimezone().strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------------------ the real service against both simulators


def seed_recipients(demo: DemoEnvironment) -> None:
    """allowed@: Consent in both. withdrawn@: withdrawn in SuperOffice after eMarketeer's consent (the sync writes it
    to eMarketeer). ghost@: in neither system."""
    now = datetime.now(timezone.utc)
    so, em = demo.superoffice, demo.emarketeer
    for email, so_basis in (("allowed@send.test", "61A"), ("withdrawn@send.test", "WITHDRAWN")):
        em.add_consent(email, "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
        person = so.add_person(email, registered=now - timedelta(days=400))
        so.set_consent(person, "EMARKETING", so_basis)


@pytest.fixture
def real_window(qtbot, open_window, demo):
    seed_recipients(demo)
    window = open_window()
    qtbot.waitUntil(lambda: window.send_view.list_combo.count() == 3, timeout=TIMEOUT_MS)
    return window


def test_real_service_checklist_conflict_view_and_launch(qtbot, real_window, demo):
    """R3, R4: the send-time sync runs for the recipients, the Checklist says who is left out; Launch posts the rest."""
    window, view = real_window, real_window.send_view
    assert view.list_combo.itemText(0).startswith("Newsletter (")
    fill(view, component="1001", pasted="allowed@send.test\nwithdrawn@send.test\nghost@send.test\nbad address")
    prepared = check(qtbot, window)
    assert prepared.summary.trigger.value == "send" and prepared.summary.run_id is not None
    assert view.headline_label.text() == "1 of 5 recipients may get this e-mail; 4 excluded."
    withdrawn = next(r for r in view.model.rows() if r.email == "withdrawn@send.test")
    assert not withdrawn.allowed and withdrawn.changes  # excluded, and the sync wrote Withdrawn to eMarketeer
    assert demo.emarketeer.sent_calls() == []  # nothing sent at the check

    # "Open in conflict view": the send-time sync's rows, narrowed to that address.
    assert view.select_checklist_row("withdrawn@send.test")
    click(qtbot, view.open_button)
    assert window.tabs.currentIndex() == TAB_CONFLICTS
    conflicts = window.conflict_view
    assert conflicts.search_edit.text() == "withdrawn@send.test"
    shown = [conflicts.proxy.row_at(r) for r in range(conflicts.proxy.rowCount())]
    assert shown and {row.email for row in shown} == {"withdrawn@send.test"}

    window.tabs.setCurrentIndex(TAB_SEND)
    answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.launch_button)
    outcome = finished.args[0]
    assert outcome.accepted == ("allowed@send.test",) and demo.emarketeer.sent_addresses() == ["allowed@send.test"]
    assert view.outcome_label.text().startswith("Sent: 1 accepted")
    with Store.open(demo.data_dir) as store:  # the send-time sync is in the history like any run
        assert store.last_run(dry_run=None).trigger.value == "send"


def test_real_service_component_rejected_sends_nothing(qtbot, real_window, demo):
    window, view = real_window, real_window.send_view
    fill(view, component="4242", pasted="allowed@send.test")
    check(qtbot, window)
    answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.launch_button)
    assert finished.args[0] is None and demo.emarketeer.sent_addresses() == []
    text = view.problem_label.text()
    assert "4242" in text and "Nothing was sent" in text and "Traceback" not in text


def test_real_service_scheduled_send_skips_who_withdrew_meanwhile(qtbot, open_window, demo):
    """Issue 4 item 7 / R10: withdrawn in SuperOffice between scheduling and sending, so not sent to."""
    seed_recipients(demo)
    clock = FakeClock(datetime.now(timezone.utc))
    window = open_window(clock=clock)
    view = window.send_view
    fill(view, component="1001", pasted="allowed@send.test\nalso@send.test")
    demo.emarketeer.add_consent(
        "also@send.test", "Marketing sendouts", "Consent", created_at=clock() - timedelta(days=2)
    )
    person = demo.superoffice.add_person("also@send.test", registered=clock() - timedelta(days=400))
    demo.superoffice.set_consent(person, "EMARKETING", "61A")
    (send,) = schedule(qtbot, window, clock() + timedelta(hours=1))
    assert demo.emarketeer.sent_calls() == []

    demo.superoffice.set_consent(demo.superoffice.person_ids("allowed@send.test")[0], "EMARKETING", "WITHDRAWN")
    clock.advance(hours=1, minutes=1)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        window.send.timer.timeout.emit()
    outcome = finished.args[0]
    assert outcome is not None and outcome.accepted == ("also@send.test",)
    assert demo.emarketeer.sent_addresses() == ["also@send.test"]  # not allowed@: withdrew meanwhile
    qtbot.waitUntil(lambda: view.scheduled_table.rowCount() == 0, timeout=5000)


def test_real_service_due_at_start_is_asked_about(qtbot, open_window, demo):
    from desktop_app.sending import SendRequest, SendService
    from desktop_app.sync.worker import prepare_credentials

    seed_recipients(demo)
    config = demo.config()
    past = datetime.now(timezone.utc) - timedelta(hours=3)
    with Store.open(demo.data_dir) as store:
        service = SendService.from_config(
            config, prepare_credentials(config, demo.secret_store), store, clock=lambda: past
        )
        try:
            send_id = service.schedule(
                SendRequest(Channel.EMAIL, 1001, ("allowed@send.test",), "pasted"), past + timedelta(hours=1)
            )
        finally:
            service.close()
    window = open_window()
    qtbot.waitUntil(lambda: window.findChild(DueSendsDialog) is not None, timeout=TIMEOUT_MS)
    dialog = window.findChild(DueSendsDialog)
    qtbot.wait(300)
    assert demo.emarketeer.sent_calls() == []  # asked, not sent
    dialog.set_choice(send_id, DueSendsDialog.SEND)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, dialog.ok_button)
    assert finished.args[0].accepted == ("allowed@send.test",)
    assert demo.emarketeer.sent_addresses() == ["allowed@send.test"]


def test_real_service_cancel_during_the_check_sends_nothing(qtbot, real_window, demo):
    from desktop_app.simulators import Fault

    window, view = real_window, real_window.send_view
    demo.superoffice.faults.add(Fault("delay", delay=1.0, times=-1))
    fill(view, component="1001", pasted="allowed@send.test\nwithdrawn@send.test")
    with qtbot.waitSignal(window.send.problem_shown, timeout=TIMEOUT_MS) as problem:
        click(qtbot, view.check_button)
        qtbot.waitUntil(lambda: view.cancel_button.isVisible() and view.cancel_button.isEnabled(), timeout=5000)
        click(qtbot, view.cancel_button)
    demo.superoffice.faults.clear()
    assert "nothing was sent" in problem.args[0] and view.checklist_stack.currentIndex() == 0
    assert demo.emarketeer.sent_calls() == []
    qtbot.waitUntil(lambda: view.check_button.isEnabled() and not view.cancel_button.isVisible(), timeout=10_000)


# ------------------------------------------------------------------ the worker's job path


def test_a_job_runs_on_the_sync_worker_one_at_a_time_with_full_collections_paused(qtbot, _isolated_environment):
    import threading

    from desktop_app.config import resolve_config
    from desktop_app.sync import memory
    from desktop_app.sync.engine import SyncOptions
    from desktop_app.sync.worker import JobRequest, RunRequest, SyncRunner

    config = resolve_config({}, {}, _isolated_environment)
    runner = SyncRunner()
    release = threading.Event()
    seen: list[tuple[str, bool]] = []

    def work(store, progress, cancel):
        seen.append((QThread.currentThread().objectName(), memory.full_collections_paused()))
        release.wait(10)
        return store.last_run(dry_run=None)

    try:
        with qtbot.waitSignal(runner.job_finished, timeout=TIMEOUT_MS) as finished:
            assert runner.start_job(JobRequest("probe", config, work))
            assert runner.busy and runner.current_job is not None and runner.current_options is None
            assert not runner.start_job(JobRequest("second", config, work))  # one at a time (R20)
            assert not runner.start(RunRequest(config, None, SyncOptions()))  # and no sync meanwhile
            release.set()
        result = finished.args[0]
        assert result.ok and result.name == "probe" and result.value is None
        assert seen == [("sync-worker", True)]
        qtbot.waitUntil(lambda: not memory.full_collections_paused(), timeout=5000)

        def fails(store, progress, cancel):
            from desktop_app.sending import SendError

            raise SendError("The list of recipients is empty: there is nobody to send to.")

        with qtbot.waitSignal(runner.job_finished, timeout=TIMEOUT_MS) as finished:
            assert runner.start_job(JobRequest("fails", config, fails))
        assert not finished.args[0].ok and finished.args[0].message.startswith("The list of recipients is empty")

        def crashes(store, progress, cancel):
            raise KeyError("bug")

        with qtbot.waitSignal(runner.job_finished, timeout=TIMEOUT_MS) as finished:
            assert runner.start_job(JobRequest("crashes", config, crashes))
        assert "unexpected error (KeyError)" in finished.args[0].message
    finally:
        release.set()
        assert runner.shutdown()


def test_the_checklist_model_is_a_well_behaved_qt_model(qtmodeltester):
    from desktop_app.ui.send.checklist_model import ChecklistModel, NotableFilter

    checklist = Checklist(
        Channel.EMAIL,
        5,
        1,
        NOW,
        (
            line("a@x.se"),
            line("b@x.se", changes=("Marketing sendouts: written to SuperOffice.",)),
            line("c@x.se", False, Exclusion.MARKETING_WITHDRAWN, "Marketing sendouts withdrawn in eMarketeer."),
        ),
    )
    model = ChecklistModel()
    model.set_rows(sp.checklist_rows(checklist))
    qtmodeltester.check(model)
    proxy = NotableFilter()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 2  # b (changed) and c (excluded); a is neither
    proxy.set_show_all(True)
    assert proxy.rowCount() == 3
    qtmodeltester.check(proxy)


# ------------------------------------------------------------------ the sync switched off (R7)


def test_with_the_sync_switched_off_nothing_is_checked_scheduled_or_sent(qtbot, fake_window, backend):
    """R3/R7: the Checklist needs the send-time sync; switched off, the tab says so and the service is never asked."""
    import dataclasses

    window, view = fake_window, fake_window.send_view
    window.config = dataclasses.replace(window.config, enabled=False)
    fill(view, pasted="anna@example.se")
    with qtbot.waitSignal(window.send.problem_shown, timeout=5000) as said:
        click(qtbot, view.check_button)
    assert "Legal basis sync is off" in said.args[0] and "not ticked" in said.args[0]
    assert not window.runner.busy and backend.sent == [] and window.send.prepared is None
    with qtbot.waitSignal(window.send.problem_shown, timeout=5000) as said:
        window.send.schedule(NOW + timedelta(hours=2))
    assert "Legal basis sync is off" in said.args[0] and backend.scheduled == {}


def test_scheduled_sends_are_listed_and_cancelled_even_with_the_crm_set_to_none(qtbot, open_window, demo):
    """Reading and cancelling the stored sends needs no connector and no secret: it works with the CRM at None."""
    from desktop_app.sending import SendRequest, SendService

    with Store.open(demo.data_dir) as store:
        send_id = SendService(store, demo.data_dir, None, None).schedule(
            SendRequest(Channel.EMAIL, 1001, ("allowed@send.test",), "pasted"),
            datetime.now(timezone.utc) + timedelta(days=1),
        )
        store.save_settings({"crm": "none"})
    window = open_window()
    assert window.config.crm == "none"
    assert [s.send_id for s in window.send.scheduled] == [send_id]
    window.send_view.scheduled_table.selectRow(0)
    with qtbot.waitSignal(window.send.scheduled_loaded, timeout=TIMEOUT_MS) as loaded:
        click(qtbot, window.send_view.cancel_scheduled_button)
    assert loaded.args[0] == [] and "cancelled" in window.send_view.scheduled_label.text()
    assert demo.emarketeer.sent_addresses() == []
