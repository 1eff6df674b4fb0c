"""The guard against sending one message twice, and "Send the rest" (issue 4 point 6; R4, R18), against both simulators.

A send that stopped halfway leaves accepted, unknown and not-sent recipients. A new Check of the same
recipients must learn who already got (or may have got) the message within 24 hours, and a Launch that
leaves them out must record why; "Send the rest" sends only the not-sent ones, after a fresh sync (R4).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_sending_service import people, request, sent_to

from desktop_app.domain.checklist import Channel, Exclusion, RecipientResult, SendStatus
from desktop_app.sending import RECENT_WINDOW, EarlierSend, SendError, SendService
from desktop_app.simulators import Fault
from desktop_app.store import Store


def service(world, **kwargs) -> SendService:
    so, em = world.connectors()
    store = Store.open(world.data_dir, clock=world.now)  # the same clock as the service: "24 hours ago" means it
    world.stores.append(store)
    return SendService(store, world.data_dir, so, em, clock=world.now, **kwargs)


def partly_sent(world, svc: SendService, emails: list[str]):
    """Batches of 2: batch 1 accepted, batch 2's answer lost (unknown), the rest never left (not sent)."""
    prepared = svc.prepare(request(*emails))
    lost = Fault(kind="drop", after_handling=True, method="POST", path_contains="/messages-api/")

    def progress(p):
        if p.phase == "sending" and p.done == 1:
            world.em.faults.add(lost)

    outcome = svc._launch_locked(prepared.send_id, cancel=None, progress=progress)
    assert outcome.status is SendStatus.PARTLY_SENT
    return prepared, outcome


def test_a_new_check_learns_who_already_got_the_message_and_launch_leaves_them_out(world):
    emails = people(world, 6)
    svc = service(world, batch_size=2)
    first, outcome = partly_sent(world, svc, emails)
    assert outcome.accepted == tuple(emails[:2]) and outcome.unknown == tuple(emails[2:4])
    world.advance(600)

    # The person checks the same six again (a NEW send): the guard names the earlier send and who it reached.
    second = svc.prepare(request(*emails))
    [earlier] = svc.recently_sent(Channel.EMAIL, 1001, second.checklist.allowed, exclude_send_id=second.send_id)
    assert isinstance(earlier, EarlierSend) and earlier.send_id == first.send_id
    assert earlier.accepted == tuple(emails[:2]) and earlier.unknown == tuple(emails[2:4])
    assert earlier.at <= world.now() and world.now() - earlier.at == timedelta(seconds=600)
    # Another message, another channel, or this very send: nothing to say.
    assert svc.recently_sent(Channel.EMAIL, 1002, emails) == []
    assert svc.recently_sent(Channel.SMS, 1001, emails) == []
    assert svc.recently_sent(Channel.EMAIL, 1001, emails, exclude_send_id=first.send_id) == []

    out = svc.launch(second, leave_out=[earlier])
    assert out.status is SendStatus.SENT and out.accepted == tuple(emails[4:])
    assert sorted(sent_to(world)) == sorted(emails)  # each exactly once over both sends
    assert len(set(sent_to(world))) == len(sent_to(world))
    lines = {r.email: r for r in svc.store.send_recipients(second.send_id)}
    for email in emails[:4]:  # the audit trail says why they were left out
        assert not lines[email].allowed and lines[email].exclusion is Exclusion.RECENTLY_SENT
        assert lines[email].result is None and f"send {first.send_id}" in lines[email].why
    assert "Already got email 1001" in lines[emails[0]].why and "answer was lost" in lines[emails[2]].why
    # Typed beside the English (issue 13 pt 3): the window words it in its own language.
    assert lines[emails[0]].said is not None and lines[emails[0]].said.key == "left_out_got"
    assert lines[emails[0]].said.english() == lines[emails[0]].why
    assert lines[emails[2]].said is not None and lines[emails[2]].said.key == "left_out_maybe_got"


def test_the_guard_forgets_after_24_hours(world):
    emails = people(world, 2)
    svc = service(world)
    svc.launch(svc.prepare(request(*emails)))
    world.advance(RECENT_WINDOW.total_seconds() - 60)
    assert [e.accepted for e in svc.recently_sent(Channel.EMAIL, 1001, emails)] == [tuple(emails)]
    world.advance(120)
    assert svc.recently_sent(Channel.EMAIL, 1001, emails) == []


def test_each_address_counts_once_for_its_latest_send(world):
    emails = people(world, 3)
    svc = service(world)
    first = svc.prepare(request(*emails[:2]))
    svc.launch(first)
    world.advance(3600)
    second = svc.prepare(request(emails[1], emails[2]))
    svc.launch(second)
    world.advance(60)
    found = svc.recently_sent(Channel.EMAIL, 1001, emails)
    assert [(e.send_id, e.accepted) for e in found] == [
        (second.send_id, (emails[1], emails[2])),
        (first.send_id, (emails[0],)),
    ]


def test_recent_sends_lists_what_went_with_counts_and_what_can_be_resumed(world):
    emails = people(world, 6)
    svc = service(world, batch_size=2)
    first, _ = partly_sent(world, svc, emails)
    whole = svc.prepare(request(emails[0]))
    svc.launch(whole, leave_out=())
    world.em.faults.add(Fault(kind="status", status=503, times=-1, method="GET"))
    with pytest.raises(SendError):  # a check whose sync failed: FAILED, but nothing went and nothing to resume
        svc.prepare(request(*emails))
    world.em.faults.clear()

    recent = svc.recent_sends()
    assert [s.send_id for s in recent] == [whole.send_id, first.send_id]
    partly = recent[1]
    assert (partly.status, partly.accepted, partly.unknown, partly.not_sent, partly.rejected) == (
        SendStatus.PARTLY_SENT,
        2,
        2,
        2,
        0,
    )
    assert partly.resumable and not recent[0].resumable
    assert svc.send_summary(first.send_id) == partly
    with pytest.raises(SendError, match="There is no send 999"):
        svc.send_summary(999)


def test_send_the_rest_skips_who_another_send_reached_meanwhile(world):
    """Resume after a new send of the same message went to some of the not-sent ones: they are not sent twice."""
    emails = people(world, 6)
    svc = service(world, batch_size=2)
    first, outcome = partly_sent(world, svc, emails)
    assert outcome.not_sent == tuple(emails[4:])
    other = svc.prepare(request(emails[4]))
    svc.launch(other)
    world.advance(60)

    earlier = svc.recently_sent(Channel.EMAIL, 1001, outcome.not_sent, exclude_send_id=first.send_id)
    assert [(e.send_id, e.accepted) for e in earlier] == [(other.send_id, (emails[4],))]
    rest = svc.resume(first.send_id, leave_out=earlier)
    assert rest.status is SendStatus.SENT and rest.not_sent == ()
    assert rest.accepted == (emails[0], emails[1], emails[5]) and rest.unknown == (emails[2], emails[3])
    assert sorted(sent_to(world)) == sorted(emails)  # emails[4] once (by the other send), nobody twice
    line = next(r for r in svc.store.send_recipients(first.send_id) if r.email == emails[4])
    assert line.exclusion is Exclusion.RECENTLY_SENT and line.result is None
    assert svc.send_summary(first.send_id).resumable is False


def test_send_the_rest_rechecks_the_legal_basis_first(world):
    """R4: a not-sent recipient who withdrew before "Send the rest" is excluded, not sent to."""
    emails = people(world, 6)
    svc = service(world, batch_size=2)
    first, _ = partly_sent(world, svc, emails)
    world.advance(60)
    world.so.set_consent(world.so_person_id(emails[5]), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    rest = svc.resume(first.send_id)
    assert emails[5] not in rest.accepted and emails[5] not in rest.not_sent
    assert emails[5] not in sent_to(world) and emails[4] in sent_to(world)
    line = next(r for r in svc.store.send_recipients(first.send_id) if r.email == emails[5])
    assert not line.allowed and line.result is RecipientResult.NOT_SENT and "checked again" in line.reason


def test_a_scheduled_send_leaves_out_who_the_message_reached_meanwhile(world):
    """The guard at due time too (R10): a scheduled newsletter, and meanwhile the same message sent by hand to some of
    its recipients. Before, the scheduled send went to them a second time within the hour."""
    emails = people(world, 4)
    svc = service(world)
    send_id = svc.schedule(request(*emails), world.now() + timedelta(hours=1))
    by_hand = svc.prepare(request(*emails[:2]))
    svc.launch(by_hand)
    world.advance(3601)

    outcome = svc.send_due(send_id)
    assert outcome.status is SendStatus.SENT and outcome.accepted == tuple(emails[2:])
    assert sorted(sent_to(world)) == sorted(emails)  # each exactly once over both sends
    lines = {r.email: r for r in svc.store.send_recipients(send_id)}
    for email in emails[:2]:  # the audit trail says why they were left out
        assert lines[email].exclusion is Exclusion.RECENTLY_SENT and f"send {by_hand.send_id}" in lines[email].why
    # Another message is not this one: a scheduled send of component 1002 goes to all of them.
    other = svc.schedule(request(*emails, component=1002), world.now() + timedelta(minutes=5))
    world.advance(301)
    assert svc.send_due(other).accepted == tuple(emails)


def test_send_the_rest_from_the_command_line_leaves_out_who_another_send_reached(world):
    """`send --resume ID` asks `earlier_sends(not_sent=True)` for its guard, as the window's "Send the rest" does."""
    emails = people(world, 6)
    svc = service(world, batch_size=2)
    first, outcome = partly_sent(world, svc, emails)
    svc.launch(svc.prepare(request(emails[4])))
    world.advance(60)
    earlier = svc.earlier_sends(first.send_id, not_sent=True)
    assert [(e.send_id, e.accepted) for e in earlier] == [(first.send_id + 1, (emails[4],))]
    assert svc.earlier_sends(first.send_id) == []  # nothing of it is waiting to go: it is partly sent
