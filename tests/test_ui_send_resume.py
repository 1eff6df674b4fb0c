"""The Send tab after a failure halfway (issue 4 point 6; R4, R18): "Send the rest", and the guard against a second send.

Against both simulators in demo mode with the real SendService (batches of 2, so that a lost answer on the
second batch leaves a send partly sent); the Messages API's fault is injected at the simulator. A new Check
of recipients that a send of the same message reached in the last 24 hours says so, and Launch leaves them
out unless the person ticks "Send to them again as well".
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from test_ui_send import TIMEOUT_MS, answer_next_box, check, click, demo, fill, open_window  # noqa: F401 - fixtures

from desktop_app.domain.checklist import Channel, Exclusion, SendStatus
from desktop_app.domain.messages import Message
from desktop_app.sending import EarlierSend, SendError, SendOutcome, SendService, SendSummary
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.ui.send import send_words
from desktop_app.ui.send import wording as sp

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)
PEOPLE = [f"p{i}@send.test" for i in range(6)]


def seed(demo_env, emails=PEOPLE) -> None:
    """Consent for marketing in both systems, already in step."""
    now = datetime.now(timezone.utc)
    for email in emails:
        demo_env.emarketeer.add_consent(email, "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
        person = demo_env.superoffice.add_person(email, registered=now - timedelta(days=400))
        demo_env.superoffice.set_consent(person, "EMARKETING", "61A")


def small_batches(demo_env, lose_answer_of_call: int | None = None):
    """The real service in batches of 2; the answer to the n-th Messages API call is lost (it went, nobody knows)."""
    calls: list[int] = []

    def factory(config, credentials, store, clock):
        if credentials is None:
            return SendService(store, config.data_dir, None, None, clock=clock)
        service = SendService.from_config(config, credentials, store, clock=clock, batch_size=2)
        post = service.em.send

        def send(*args, **kwargs):
            calls.append(1)
            if len(calls) == lose_answer_of_call:
                demo_env.emarketeer.faults.add(
                    Fault(kind="drop", after_handling=True, method="POST", path_contains="/messages-api/")
                )
            return post(*args, **kwargs)

        service.em.send = send
        return service

    factory.calls = calls
    return factory


def sent(demo_env) -> list[str]:
    return [a.casefold() for a in demo_env.emarketeer.sent_addresses()]


def launch(qtbot, window, accept=True) -> tuple[object, list[str]]:
    seen = answer_next_box(accept=accept)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, window.send_view.launch_button)
    qtbot.waitUntil(lambda: window.send_view.check_button.isEnabled(), timeout=5000)
    return finished.args[0], seen


def test_send_the_rest_after_a_failure_halfway_sends_only_the_not_sent_and_never_the_unknown(qtbot, open_window, demo):
    """Batch 1 accepted, batch 2's answer lost (unknown), batch 3 never left. "Send the rest" re-checks and sends
    batch 3 only; each recipient gets the message once; the unknown ones are named with how to verify them."""
    seed(demo)
    window = open_window(factory=small_batches(demo, lose_answer_of_call=2))
    view = window.send_view
    fill(view, component="1001", pasted="\n".join(PEOPLE))
    check(qtbot, window)
    outcome, _ = launch(qtbot, window)

    assert outcome.status is SendStatus.PARTLY_SENT
    assert outcome.accepted == tuple(PEOPLE[:2]) and outcome.unknown == tuple(PEOPLE[2:4])
    assert outcome.not_sent == tuple(PEOPLE[4:])
    assert sent(demo) == PEOPLE[:4]  # batch 2 did go: only its answer was lost
    assert view.resume_button.isVisible() and view.resume_button.isEnabled()
    details = view.outcome_details.toPlainText()
    assert "press Send the rest" in details and "check again and launch" not in details
    assert "look these addresses up in eMarketeer" in details and "p2@send.test, p3@send.test" in details
    assert "legalbasis-sync send --resume" not in view.outcome_label.text()  # the window has a button instead
    # The Recent sends list shows it too, as partly sent, ready for "Send the rest".
    qtbot.waitUntil(lambda: view.recent_table.rowCount() == 1, timeout=5000)
    assert view.recent_table.item(0, 2).text() == "Partly sent: 2 accepted, 2 with no answer, 2 not sent"
    assert view.recent_table.item(0, 1).text() == f"e-mail 1001 (send {outcome.send_id})"

    question = answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.resume_button)
    after = finished.args[0]
    assert question and "Send the rest of send" in question[0] and "2 recipients that were not sent" in question[0]
    assert "checked again in both systems first (R4)" in question[0]
    assert after.status is SendStatus.SENT and after.not_sent == ()
    assert after.accepted == tuple(PEOPLE[:2] + PEOPLE[4:]) and after.unknown == tuple(PEOPLE[2:4])
    assert sent(demo) == PEOPLE  # each exactly once: the unknown ones were not resent
    assert view.outcome_label.text() == f"The rest of send {after.send_id}: 2 accepted by eMarketeer."
    assert (
        "Over the whole send: 4 accepted, 0 rejected, 2 with no answer, 0 not sent."
        in view.outcome_details.toPlainText()
    )
    assert "not sent again automatically" in view.outcome_details.toPlainText()
    assert not view.resume_button.isVisible()  # nothing left to send
    qtbot.waitUntil(lambda: view.recent_table.item(0, 2).text().startswith("Sent: 4 accepted"), timeout=5000)
    # The second send-time sync is in the history: the rest was checked again (R4).
    with Store.open(demo.data_dir) as store:
        runs = {r.run_id for r in store.send_recipients(after.send_id)}
        assert len(runs) == 2 and all(store.get_run(r).trigger.value == "send" for r in runs)


def test_a_new_check_of_the_same_recipients_leaves_out_who_already_got_it(qtbot, open_window, demo):
    """The gap this closes: Check + Launch again after a partly sent send must not send anyone the message twice."""
    seed(demo)
    window = open_window(factory=small_batches(demo, lose_answer_of_call=2))
    view = window.send_view
    fill(view, component="1001", pasted="\n".join(PEOPLE))
    check(qtbot, window)
    first, _ = launch(qtbot, window)
    assert first.status is SendStatus.PARTLY_SENT

    view.pasted_edit.setPlainText("\n".join(PEOPLE) + "\n")  # the same list, checked again: a NEW send
    prepared = check(qtbot, window)
    assert prepared.send_id != first.send_id
    warning = view.recent_label.text()
    assert view.recent_frame.isVisible()
    assert "2 of these recipients already got e-mail 1001 today" in warning and f"(send {first.send_id})" in warning
    assert f"2 may have got e-mail 1001 in send {first.send_id}: eMarketeer's answer was lost." in warning
    assert not view.include_recent_box.isChecked() and view.include_recent_box.isEnabled()
    assert "left out of this send unless you tick the box" in view.recent_note.text()
    assert view.headline_label.text() == "2 of 6 recipients may get this e-mail; 4 excluded."
    assert "Already got this message in the last 24 hours" in view.counts_label.text()
    left = next(r for r in view.model.rows() if r.email == PEOPLE[0])
    assert left.result == "Left out: sent recently" and f"send {first.send_id}" in left.reason

    outcome, seen = launch(qtbot, window)
    assert "to 2 recipients now?" in seen[0] and "second time" not in seen[0]
    assert outcome.accepted == tuple(PEOPLE[4:])
    assert sorted(sent(demo)) == sorted(PEOPLE) and len(sent(demo)) == len(PEOPLE)  # nobody twice
    assert not view.include_recent_box.isEnabled()  # the send has gone as it was
    with Store.open(demo.data_dir) as store:  # the audit trail says why they were left out
        lines = {r.email: r for r in store.send_recipients(outcome.send_id)}
    assert {e for e, r in lines.items() if r.exclusion is Exclusion.RECENTLY_SENT} == set(PEOPLE[:4])

    # "Send the rest" of the first send now: its not-sent recipients got it in the new send, so they are left out.
    qtbot.waitUntil(lambda: view.select_recent(first.send_id) and view.recent_resume_button.isEnabled(), timeout=5000)
    answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.recent_resume_button)
    assert finished.args[0].accepted == tuple(PEOPLE[:2]) and len(sent(demo)) == len(PEOPLE)  # still nobody twice
    # The shown Checklist is the new send's, so the answer is under Recent sends, not in its outcome area.
    note = view.recent_sends_note.text()
    assert note.startswith(f"The rest of send {first.send_id}: 0 accepted by eMarketeer, 2 left out: already got it.")
    assert "Another send of this message reached them meanwhile" in note
    assert view.outcome_label.text() == "Sent: 2 accepted by eMarketeer."


def test_ticking_the_box_sends_to_them_again_after_a_confirmation_naming_them(qtbot, open_window, demo):
    seed(demo, PEOPLE[:3])
    window = open_window(factory=small_batches(demo))
    view = window.send_view
    fill(view, component="1001", pasted="\n".join(PEOPLE[:2]))
    check(qtbot, window)
    first, _ = launch(qtbot, window)
    assert first.accepted == tuple(PEOPLE[:2])

    view.pasted_edit.setPlainText("\n".join(PEOPLE[:3]))
    check(qtbot, window)
    assert "2 of these recipients already got e-mail 1001" in view.recent_label.text()
    assert view.headline_label.text() == "1 of 3 recipients may get this e-mail; 2 excluded."
    view.include_recent_box.setChecked(True)
    assert view.headline_label.text() == "3 of 3 recipients may get this e-mail; nobody excluded."
    assert "Launch sends it to these 2 recipients a second time." == view.recent_note.text()
    assert view.recent_frame.isVisible() and view.launch_button.isEnabled()

    outcome, seen = launch(qtbot, window)
    assert "to 3 recipients now?" in seen[0]
    assert "A second time: p0@send.test, p1@send.test already got e-mail 1001 today" in seen[0]
    assert f"(send {first.send_id})" in seen[0]
    assert outcome.accepted == tuple(PEOPLE[:3])
    assert sorted(sent(demo)) == sorted(PEOPLE[:2] * 2 + PEOPLE[2:3])  # the person asked for it, named them


def test_declining_the_second_time_sends_nothing(qtbot, open_window, demo):
    seed(demo, PEOPLE[:1])
    window = open_window(factory=small_batches(demo))
    view = window.send_view
    fill(view, component="1001", pasted=PEOPLE[0])
    check(qtbot, window)
    launch(qtbot, window)
    check(qtbot, window)
    # Everybody allowed already got it: Launch is off until the box is ticked, and then asks.
    assert not view.launch_button.isEnabled() and "already got the message" in view.launch_note.text()
    view.include_recent_box.setChecked(True)
    seen = answer_next_box(accept=False)
    click(qtbot, view.launch_button)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(100)
    assert "A second time: p0@send.test" in seen[0] and sent(demo) == [PEOPLE[0]]


def test_send_the_rest_of_an_earlier_send_from_the_recent_sends_list(qtbot, open_window, demo):
    """A send left partly sent before the window opened (another day, the command line): resumed from the list."""
    from desktop_app.sending import SendRequest
    from desktop_app.sync.worker import prepare_credentials

    seed(demo)
    config = demo.config()
    with Store.open(demo.data_dir) as store:
        factory = small_batches(demo)
        service = factory(config, prepare_credentials(config, demo.secret_store), store, None)
        try:
            prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, tuple(PEOPLE), "pasted"))
            demo.emarketeer.faults.add(
                Fault(kind="status", status=429, times=-1, method="POST", path_contains="/messages-api/")
            )
            with pytest.raises(SendError, match="Nothing was sent"):
                service.launch(prepared)  # eMarketeer busy throughout: nothing went, all not sent
        finally:
            service.close()
    demo.emarketeer.faults.clear()
    assert sent(demo) == []

    window = open_window(factory=small_batches(demo))
    view = window.send_view
    qtbot.waitUntil(lambda: view.recent_table.rowCount() == 1, timeout=TIMEOUT_MS)
    assert view.recent_table.item(0, 2).text() == "Not sent: 0 accepted, 6 not sent"
    assert not view.recent_resume_button.isEnabled()  # nothing selected yet
    assert view.select_recent(prepared.send_id) and view.recent_resume_button.isEnabled()
    demo.superoffice.set_consent(demo.superoffice.person_ids(PEOPLE[5])[0], "EMARKETING", "WITHDRAWN")

    answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.recent_resume_button)
    after = finished.args[0]
    assert after.accepted == tuple(PEOPLE[:5]) and sent(demo) == PEOPLE[:5]  # p5 withdrew meanwhile (R4)
    note = view.recent_sends_note.text()
    assert note.startswith(
        f"The rest of send {prepared.send_id}: 5 accepted by eMarketeer, 1 excluded when checked again."
    )
    assert "Excluded when checked again (1): p5@send.test" in note
    qtbot.waitUntil(lambda: view.recent_table.item(0, 2).text() == "Sent: 5 accepted", timeout=5000)


def test_a_send_an_ended_app_left_sending_shows_in_recent_sends_and_is_finished_there(qtbot, open_window, demo):
    """R18: the app (or the command line) ended between two batches. Before, the window never listed that send, so
    a person using only the window did not learn that four recipients never got the message."""
    from desktop_app.sending import SendRequest
    from desktop_app.sync.worker import prepare_credentials

    class Ended(BaseException):
        pass

    seed(demo)
    config = demo.config()
    with Store.open(demo.data_dir) as store:
        factory = small_batches(demo)
        service = factory(config, prepare_credentials(config, demo.secret_store), store, None)
        real, marked = store.mark_batch_leaving, []

        def ending(send_id, number, batch):
            marked.append(number)
            if len(marked) == 2:
                raise Ended()  # the process ends before batch 2 leaves
            return real(send_id, number, batch)

        store.mark_batch_leaving = ending
        try:
            prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, tuple(PEOPLE), "pasted"))
            with pytest.raises(Ended):
                service.launch(prepared)
            assert store.get_send(prepared.send_id).status is SendStatus.SENDING
        finally:
            service.close()
    assert sent(demo) == PEOPLE[:2]

    window = open_window(factory=small_batches(demo))
    view = window.send_view
    qtbot.waitUntil(lambda: view.recent_table.rowCount() == 1, timeout=TIMEOUT_MS)
    assert view.recent_table.item(0, 2).text() == "Partly sent: 2 accepted, 4 not sent"
    assert "ended between two batches" in view.recent_table.item(0, 2).toolTip()
    assert view.select_recent(prepared.send_id) and view.recent_resume_button.isEnabled()

    answer_next_box(accept=True)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, view.recent_resume_button)
    assert finished.args[0].accepted == tuple(PEOPLE) and sent(demo) == PEOPLE  # each exactly once
    qtbot.waitUntil(lambda: view.recent_table.item(0, 2).text() == "Sent: 6 accepted", timeout=5000)


# ------------------------------------------------------------------ presenter


def test_presenter_sentences_for_the_guard_and_the_rest():
    earlier = EarlierSend(7, Channel.EMAIL, 1001, NOW - timedelta(minutes=30), ("a@x.se", "b@x.se"), ("c@x.se",))
    text = sp.recent_overlap_text([earlier], NOW)
    assert text.startswith("2 of these recipients already got e-mail 1001 today ") and "(send 7)." in text
    assert text.endswith("1 may have got e-mail 1001 in send 7: eMarketeer's answer was lost.")
    assert sp.leave_out_note(1, False) == "This recipient is left out of this send unless you tick the box."
    assert sp.leave_out_note(3, True) == "Launch sends it to these 3 recipients a second time."

    busy = Message.of(
        "stop_partly_resume", stop="eMarketeer is busy", accepted=2, rejected=1, unknown=1, not_sent=1, send=7
    )
    before = SendOutcome(
        7, 1, ("a@x.se",), (), ("d@x.se", "e@x.se", "f@x.se", "g@x.se"), ("c@x.se",), status=SendStatus.PARTLY_SENT
    )
    after = SendOutcome(
        7,
        2,
        ("a@x.se", "d@x.se"),
        (("e@x.se", "Hard bounce"),),
        ("g@x.se",),
        ("c@x.se",),
        busy.english(),
        SendStatus.PARTLY_SENT,
        busy,
    )
    assert busy.english() == (
        "eMarketeer is busy. Sent to 2 (rejected 1, unknown 1); 1 not sent; resume send 7 to send them "
        "after a fresh check (legalbasis-sync send --resume 7)."
    )  # the command line's; the window says the counts itself and has a button for the rest
    headline, details, ok = send_words.resume_outcome(
        before, after, [EarlierSend(9, Channel.EMAIL, 1001, NOW, ("f@x.se",))]
    )
    assert headline == (
        "The rest of send 7: 1 accepted by eMarketeer, 1 rejected, 1 left out: already got it, "
        "1 still not sent. eMarketeer is busy."
    )
    assert not ok
    joined = "\n".join(details)
    assert "Rejected: e@x.se: Hard bounce" in joined and "Left out (1): f@x.se" in joined
    assert "Still not sent (1): g@x.se" in joined and "No answer for 1 (c@x.se)" in joined

    summary = SendSummary(7, Channel.SMS, 2001, "pasted", SendStatus.PARTLY_SENT, NOW, NOW, 3, 0, 1, 2)
    assert summary.resumable
    assert send_words.recent_send_row(summary, NOW)[1:] == (
        "SMS 2001 (send 7)",
        "Partly sent: 3 accepted, 2 with no answer, 1 not sent",
    )
    assert "Its 1 recipient that was not sent is checked again" in send_words.resume_question(summary)
    from desktop_app.domain.checklist import Checklist, ChecklistLine

    checklist = Checklist(
        Channel.EMAIL,
        1001,
        3,
        NOW,
        (ChecklistLine("A@x.se", "a@x.se", True, None, "Ok."), ChecklistLine("z@x.se", "z@x.se", True, None, "Ok.")),
    )
    shown = sp.apply_leave_out(checklist, [earlier], NOW)
    assert shown.allowed == ("z@x.se",) and shown.lines[0].exclusion is Exclusion.RECENTLY_SENT
    assert checklist.allowed == ("a@x.se", "z@x.se")  # the prepared Checklist itself is untouched
    again = sp.confirm_text(checklist, [earlier], NOW)
    assert "A second time: a@x.se, b@x.se already got e-mail 1001" in again
    assert "Perhaps a second time: c@x.se" in again and again.endswith("This cannot be undone.")
