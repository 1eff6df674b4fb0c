"""R10: a scheduled send that a person cancels or holds while its due-time sync runs (`send --cancel ID` from another
terminal takes no lock; so does the window's Cancel) stays cancelled or held: nothing is recorded over it, nothing
goes. Before, the Checklist set it back to "checked" after the person was told "nothing was sent", and it was sent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.checklist import Channel, SendStatus
from desktop_app.domain.model import RunStatus
from desktop_app.sending import SendRequest, SendService
from desktop_app.sending.service import SendError
from desktop_app.store import Store

EMAILS = ["a@example.se", "b@example.se"]


def _due_send(world) -> tuple[SendService, int]:
    for e in EMAILS:
        world.so_person(e, STORE="61A", EMARKETING="61A")
        world.em_contact(e, store="Consent", marketing="Consent")
    assert world.sync().status is RunStatus.DONE
    so, em = world.connectors()
    service = SendService(world.store(), world.data_dir, so, em, clock=world.now)
    send_id = service.schedule(
        SendRequest(Channel.EMAIL, 1001, tuple(EMAILS), "file"), world.now() + timedelta(minutes=5)
    )
    world.advance(301)
    return service, send_id


def _while_checked(world, act):
    """A progress callback that lets another process act on the send once, while its recipients are being synced."""
    done: list[bool] = []

    def progress(p) -> None:
        if p.phase == "planning" and not done:
            other = Store.open(world.data_dir)  # another process: its own connection to the history
            try:
                act(SendService(other, world.data_dir, None, None))
            finally:
                other.close()
            done.append(True)

    return progress, done


def test_r10_a_send_cancelled_while_its_recipients_are_checked_is_not_sent(world):
    service, send_id = _due_send(world)
    progress, done = _while_checked(world, lambda other: other.cancel(send_id))
    with pytest.raises(SendError) as caught:
        service.send_due(send_id, progress=progress)
    assert done, "the cancel came while the recipients were being checked"
    assert "nothing was sent" in caught.value.user_message
    assert world.em.sent_addresses() == []
    record = world.store().get_send(send_id)
    assert record.status is SendStatus.CANCELLED and record.attempts == 0  # not counted as a failed attempt


def test_r10_a_send_held_while_its_recipients_are_checked_waits_for_its_person(world):
    service, send_id = _due_send(world)
    progress, done = _while_checked(world, lambda other: other.hold(send_id, "checking the text first"))
    with pytest.raises(SendError) as caught:
        service.send_due(send_id, progress=progress)
    assert done
    assert "held for a person" in caught.value.user_message
    assert world.em.sent_addresses() == []
    record = world.store().get_send(send_id)
    assert record.status is SendStatus.SCHEDULED and record.held and record.attempts == 0
    # "Send now" lets it go at the next look, with a fresh sync (R10).
    service.release(send_id)
    assert service.send_due(send_id).status is SendStatus.SENT
    assert sorted(world.em.sent_addresses()) == EMAILS


def test_r10_a_send_left_alone_while_checked_goes_as_before(world):
    service, send_id = _due_send(world)
    assert service.send_due(send_id).status is SendStatus.SENT
    assert sorted(world.em.sent_addresses()) == EMAILS
