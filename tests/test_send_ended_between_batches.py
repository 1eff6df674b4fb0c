"""R18 for a send: the process ends between two batches (batch 1 posted and answered, batch 2 not yet marked as
leaving). `send --resume ID` sends the recipients never posted, after a fresh sync (R4), and none twice. Before, it
found no "not sent" recipient and recorded the send as sent, though two of three never got the message."""

from __future__ import annotations

import pytest

from desktop_app.domain.checklist import Channel, RecipientResult, SendStatus
from desktop_app.domain.model import RunStatus
from desktop_app.sending import SendError, SendRequest, SendService
from desktop_app.simulators import Fault
from desktop_app.store import Store

EMAILS = [f"p{i}@example.se" for i in range(3)]


class Ended(BaseException):
    """The process ends here (a kill, the power): nothing after it runs."""


def _ended_after_first_batch(world) -> int:
    for e in EMAILS:
        world.so_person(e, STORE="61A", EMARKETING="61A")
        world.em_contact(e, store="Consent", marketing="Consent")
    assert world.sync().status is RunStatus.DONE
    so, em = world.connectors()
    store = world.store()
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


def _restarted(world) -> SendService:
    store = Store.open(world.data_dir)  # a new process
    world.stores.append(store)
    so, em = world.connectors()
    return SendService(store, world.data_dir, so, em, clock=world.now, batch_size=1)


def test_r18_resume_sends_whom_a_send_ended_between_batches_never_reached(world):
    send_id = _ended_after_first_batch(world)
    service = _restarted(world)
    outcome = service.resume(send_id)
    assert outcome.status is SendStatus.SENT and outcome.accepted == tuple(EMAILS)
    assert world.em.sent_addresses() == EMAILS  # each exactly once
    assert service.send_summary(send_id).not_sent == 0


def test_r18_until_resumed_the_send_is_partly_sent_and_says_who_is_not_sent(world):
    send_id = _ended_after_first_batch(world)
    service = _restarted(world)
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
