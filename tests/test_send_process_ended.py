"""R10, R18: a send whose process ends in the middle (a kill, the power) is finished, not lost.

- Ended between two batches (batch 1 posted and answered, batch 2 not yet marked as leaving): `send --resume ID` sends
  the recipients never posted, after a fresh sync (R4), and none twice. Before, it found no "not sent" recipient and
  recorded the send as sent, though two of three never got the message.
- A scheduled send ended after its due-time Checklist was recorded and before its launch: scheduled again, it goes at
  the next look after a fresh sync. Before, it stayed "checked": not scheduled, not due, not in Recent sends, not
  resumable; it never went and nobody was told.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.checklist import Channel, RecipientResult, SendStatus
from desktop_app.domain.model import RunStatus
from desktop_app.sending import SendError, SendRequest, SendService
from desktop_app.sending.service import CHECKLIST_MAX_AGE
from desktop_app.simulators import Fault
from desktop_app.store import Store


class Ended(BaseException):
    """The process ends here (a kill, the power): nothing after it runs."""


def _in_step(world, emails: list[str]) -> Store:
    """These contacts with consent for marketing in both systems, synced; a store on the world's clock."""
    for e in emails:
        world.so_person(e, STORE="61A", EMARKETING="61A")
        world.em_contact(e, store="Consent", marketing="Consent")
    assert world.sync().status is RunStatus.DONE
    store = Store.open(world.data_dir, clock=world.now)  # the service's clock: "15 minutes ago" means it
    world.stores.append(store)
    return store


def _restarted(world, **kwargs) -> SendService:
    store = Store.open(world.data_dir, clock=world.now)  # a new process
    world.stores.append(store)
    so, em = world.connectors()
    return SendService(store, world.data_dir, so, em, clock=world.now, **kwargs)


# ------------------------------------------------------------------ ended between two batches

EMAILS = [f"p{i}@example.se" for i in range(3)]


def _ended_after_first_batch(world) -> int:
    store = _in_step(world, EMAILS)
    so, em = world.connectors()
    service = SendService(store, world.data_dir, so, em, clock=world.now, batch_size=1)
    prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, tuple(EMAILS), "pasted"))
    real, calls = store.mark_batch_leaving, []

    def ending(send_id, number, batch):
        calls.append(number)
        if len(calls) == 2:
            raise Ended()  # before batch 2 is marked as leaving: it never left
        return real(send_id, number, batch)

    store.mark_batch_leaving = ending
    with pytest.raises(Ended):
        service.launch(prepared)
    assert world.em.sent_addresses() == EMAILS[:1]
    assert store.get_send(prepared.send_id).status is SendStatus.SENDING
    return prepared.send_id


def test_r18_resume_sends_whom_a_send_ended_between_batches_never_reached(world):
    send_id = _ended_after_first_batch(world)
    service = _restarted(world, batch_size=1)
    outcome = service.resume(send_id)
    assert outcome.status is SendStatus.SENT and outcome.accepted == tuple(EMAILS)
    assert world.em.sent_addresses() == EMAILS  # each exactly once
    assert service.send_summary(send_id).not_sent == 0


def test_r18_until_resumed_the_send_is_partly_sent_and_says_who_is_not_sent(world):
    send_id = _ended_after_first_batch(world)
    service = _restarted(world, batch_size=1)
    world.em.faults.add(Fault(kind="status", status=503, times=-1, method="GET"))  # the fresh sync cannot finish
    with pytest.raises(SendError, match="sync"):
        service.resume(send_id)
    world.em.faults.clear()
    summary = service.send_summary(send_id)
    assert summary.status is SendStatus.PARTLY_SENT and summary.resumable
    assert (summary.accepted, summary.not_sent) == (1, 2)
    results = {r.email: r.result for r in service.store.send_recipients(send_id)}
    assert results == {EMAILS[0]: RecipientResult.ACCEPTED, **{e: RecipientResult.NOT_SENT for e in EMAILS[1:]}}
    assert world.em.sent_addresses() == EMAILS[:1]
    assert service.resume(send_id).status is SendStatus.SENT and world.em.sent_addresses() == EMAILS


def test_r18_a_send_left_sending_is_settled_under_the_lock_and_listed_as_partly_sent(world):
    """What the window does when it lists Recent sends: a send an ended app left "sending" is recorded as it stands,
    listed, and can be finished. Before, Recent sends left it out and only `send --resume ID` found it."""
    send_id = _ended_after_first_batch(world)
    service = _restarted(world, batch_size=1)
    assert [s.send_id for s in service.recent_sends()] == []  # "sending": not listed until settled
    assert service.settle_interrupted() == [send_id]
    [listed] = service.recent_sends()
    assert (listed.send_id, listed.status, listed.accepted, listed.not_sent) == (send_id, SendStatus.PARTLY_SENT, 1, 2)
    assert listed.resumable and "ended between two batches" in listed.message
    assert service.settle_interrupted() == []  # nothing left "sending"
    assert service.resume(send_id).status is SendStatus.SENT
    assert world.em.sent_addresses() == EMAILS  # each exactly once


def test_r20_a_send_is_not_settled_while_another_process_holds_the_run_lock(world):
    """The run lock is held from a send's first batch to its last: held elsewhere, the send may be going."""
    from desktop_app.sync.lock import RunLock

    send_id = _ended_after_first_batch(world)
    service = _restarted(world, batch_size=1)
    with RunLock(world.data_dir):
        assert service.settle_interrupted() == []
    assert service.store.get_send(send_id).status is SendStatus.SENDING
    assert {r.result for r in service.store.send_recipients(send_id)} == {RecipientResult.ACCEPTED, None}


def test_r18_a_send_left_sending_with_every_answer_in_is_recorded_as_sent(world):
    """The app ended after the last batch's answers were stored and before the send's end was: nothing to send."""
    store = _in_step(world, EMAILS)
    so, em = world.connectors()
    service = SendService(store, world.data_dir, so, em, clock=world.now)
    prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, tuple(EMAILS), "pasted"))
    real = store.finish_send

    def ending(send_id, status, message=None, **kwargs):
        if status is SendStatus.SENT:
            raise Ended()
        return real(send_id, status, message, **kwargs)

    store.finish_send = ending
    with pytest.raises(Ended):
        service.launch(prepared)
    restarted = _restarted(world)
    assert restarted.settle_interrupted() == [prepared.send_id]
    summary = restarted.send_summary(prepared.send_id)
    assert (summary.status, summary.accepted, summary.not_sent, summary.resumable) == (SendStatus.SENT, 3, 0, False)
    assert world.em.sent_addresses() == EMAILS


def _ended_before_the_first_batch(world) -> int:
    """Claimed ("sending") under the run lock, then the process ended (a kill; or the disk filled as the first batch
    was to be marked as leaving) before anything was posted."""
    store = _in_step(world, EMAILS)
    so, em = world.connectors()
    service = SendService(store, world.data_dir, so, em, clock=world.now, batch_size=1)
    prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, tuple(EMAILS), "pasted"))

    def ending(send_id, number, batch):
        raise Ended()

    store.mark_batch_leaving = ending
    with pytest.raises(Ended):
        service.launch(prepared)
    assert world.em.sent_addresses() == []
    assert store.get_send(prepared.send_id).status is SendStatus.SENDING
    return prepared.send_id


def test_a_send_that_reached_nobody_is_not_settled_as_partly_sent(world):
    """The launch itself records a stop that reached nobody as 'failed' ("Nothing was sent; resume ..."), never as
    'partly sent'. Settling the same situation after a kill must say the same: 'partly sent' tells the admin that some
    recipients got the message, when none did."""
    send_id = _ended_before_the_first_batch(world)
    service = _restarted(world, batch_size=1)
    assert service.settle_interrupted() == [send_id]
    summary = service.send_summary(send_id)
    assert (summary.accepted, summary.rejected, summary.unknown, summary.not_sent) == (0, 0, 0, 3)
    assert summary.status is SendStatus.FAILED, (summary.status, summary.message)
    assert summary.resumable
    assert "between two batches" not in (summary.message or "")


def test_a_send_ended_while_a_batch_was_on_its_way_does_not_say_it_ended_between_batches(world):
    """Killed after batch 1 was posted and before its answer was stored; batches 2 and 3 never left. The settled send
    must not say it 'ended between two batches' with only 'not sent yet' recipients: one recipient may or may not
    have the message, and is never sent again automatically; the sentence has to say so (as send_answers_unrecorded
    does when nothing is left)."""
    store = _in_step(world, EMAILS)
    so, em = world.connectors()
    service = SendService(store, world.data_dir, so, em, clock=world.now, batch_size=1)
    prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, tuple(EMAILS), "pasted"))

    def ending(*args, **kwargs):
        raise Ended()  # batch 1 went; its answer is never stored

    store.record_batch = ending
    with pytest.raises(Ended):
        service.launch(prepared)
    assert world.em.sent_addresses() == EMAILS[:1]
    restarted = _restarted(world, batch_size=1)
    assert restarted.settle_interrupted() == [prepared.send_id]
    summary = restarted.send_summary(prepared.send_id)
    assert (summary.status, summary.unknown, summary.not_sent) == (SendStatus.PARTLY_SENT, 1, 2)
    assert "between two batches" not in summary.message and "unknown" in summary.message, summary.message


# ------------------------------------------------------------------ ended between the Checklist and the launch

DUE = ["a@example.se", "b@example.se"]


def _ended_before_launch(world) -> int:
    store = _in_step(world, DUE)
    so, em = world.connectors()
    service = SendService(store, world.data_dir, so, em, clock=world.now)
    send_id = service.schedule(
        SendRequest(Channel.EMAIL, 1001, tuple(DUE), "pasted"), world.now() + timedelta(minutes=5)
    )
    world.advance(301)
    real = store.claim_send

    def ending(sid, from_statuses, to, message=None):
        if to is SendStatus.SENDING:
            raise Ended()  # right after the Checklist was stored
        return real(sid, from_statuses, to, message)

    store.claim_send = ending
    with pytest.raises(Ended):
        service.send_due(send_id)
    assert store.get_send(send_id).status is SendStatus.CHECKED and world.em.sent_addresses() == []
    return send_id


def test_r10_a_send_ended_before_its_launch_is_scheduled_again_and_goes(world):
    send_id = _ended_before_launch(world)
    world.advance(CHECKLIST_MAX_AGE.total_seconds() + 60)
    service = _restarted(world)
    [again] = service.scheduled()
    assert again.send_id == send_id and "ended after checking the recipients" in again.message
    assert [s.send_id for s in service.due()] == [send_id]
    assert service.send_due(send_id).status is SendStatus.SENT
    assert sorted(world.em.sent_addresses()) == DUE


def test_r10_a_send_just_checked_is_left_to_the_process_launching_it(world):
    """Within the Checklist's lifetime it may be on its way (checked and launched under one lock): left alone."""
    send_id = _ended_before_launch(world)
    world.advance(60)
    service = _restarted(world)
    assert service.scheduled() == [] and service.due() == []
    assert service.store.get_send(send_id).status is SendStatus.CHECKED


def test_recent_sends_are_listed_even_when_settling_cannot_be_recorded(caplog):
    """The window settles before it lists (ui/send/presenter.py); on a full disk that write fails, and the list, which
    only reads, must still show as stored."""
    from desktop_app.store import DiskFull
    from desktop_app.ui.send.presenter import _recent_after_settling

    class Service:
        def settle_interrupted(self):
            raise DiskFull("The disk is full.")

        def recent_sends(self):
            return ["listed"]

    assert _recent_after_settling(Service()) == ["listed"]
    assert "Could not settle" in caplog.text
