"""R10, R18: a scheduled send whose process ends after its due-time Checklist was recorded and before its launch is
scheduled again and goes at the next look, after a fresh sync. Before, it stayed "checked": not scheduled, not due,
not in Recent sends, not resumable; it never went and nobody was told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.checklist import Channel, SendStatus
from desktop_app.domain.model import RunStatus
from desktop_app.sending import SendRequest, SendService
from desktop_app.sending.service import CHECKLIST_MAX_AGE
from desktop_app.store import Store

EMAILS = ["a@example.se", "b@example.se"]


class Ended(BaseException):
    """The process ends here (a kill, the power)."""


def _ended_before_launch(world) -> int:
    for e in EMAILS:
        world.so_person(e, STORE="61A", EMARKETING="61A")
        world.em_contact(e, store="Consent", marketing="Consent")
    assert world.sync().status is RunStatus.DONE
    so, em = world.connectors()
    store = Store.open(world.data_dir, clock=world.now)  # the service's clock: "15 minutes ago" means it
    world.stores.append(store)
    service = SendService(store, world.data_dir, so, em, clock=world.now)
    send_id = service.schedule(
        SendRequest(Channel.EMAIL, 1001, tuple(EMAILS), "pasted"), world.now() + timedelta(minutes=5)
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


def _restarted(world) -> SendService:
    store = Store.open(world.data_dir, clock=world.now)  # a new process
    world.stores.append(store)
    so, em = world.connectors()
    return SendService(store, world.data_dir, so, em, clock=world.now)


def test_r10_a_send_ended_before_its_launch_is_scheduled_again_and_goes(world):
    send_id = _ended_before_launch(world)
    world.advance(CHECKLIST_MAX_AGE.total_seconds() + 60)
    service = _restarted(world)
    [again] = service.scheduled()
    assert again.send_id == send_id and "ended after checking the recipients" in again.message
    assert [s.send_id for s in service.due()] == [send_id]
    assert service.send_due(send_id).status is SendStatus.SENT
    assert sorted(world.em.sent_addresses()) == EMAILS


def test_r10_a_send_just_checked_is_left_to_the_process_launching_it(world):
    """Within the Checklist's lifetime it may be on its way (checked and launched under one lock): left alone."""
    send_id = _ended_before_launch(world)
    world.advance(60)
    service = _restarted(world)
    assert service.scheduled() == [] and service.due() == []
    assert service.store.get_send(send_id).status is SendStatus.CHECKED
