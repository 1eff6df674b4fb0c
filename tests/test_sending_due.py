"""When a scheduled send is due, tried again or held (R10; issue 13 pt 2): one policy in sending.due, kept in the store,
the same for the window and `send --due`, and still true after a restart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.domain.checklist import Channel, SendStatus
from desktop_app.sending import SendError, SendRequest, SendService
from desktop_app.sending import due as due_policy
from desktop_app.store import Store
from desktop_app.sync.lock import RunLock

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Facts:
    send_id: int = 1
    scheduled_at: datetime = T0
    attempts: int = 0
    last_attempt_at: datetime | None = None
    held: bool = False


def test_r10_a_send_is_ready_when_due_not_held_and_not_resting():
    assert not due_policy.ready(Facts(), T0 - timedelta(seconds=1))
    assert due_policy.ready(Facts(), T0)
    assert not due_policy.ready(Facts(held=True), T0 + timedelta(days=1))
    failed = Facts(attempts=1, last_attempt_at=T0 + timedelta(minutes=1))
    assert not due_policy.ready(failed, T0 + timedelta(minutes=5))
    assert due_policy.ready(failed, T0 + timedelta(minutes=1) + due_policy.RETRY_AFTER)
    assert [s.send_id for s in due_policy.ready_sends([Facts(1), Facts(2), Facts(3, held=True)], T0, waiting={1})] == [
        2
    ]


def test_r10_held_after_the_last_attempt_and_due_at_start_leaves_held_ones_out():
    assert [due_policy.held_after(n) for n in range(1, due_policy.MAX_ATTEMPTS + 1)] == [False] * (
        due_policy.MAX_ATTEMPTS - 1
    ) + [True]
    sends = [Facts(1), Facts(2, held=True), Facts(3, scheduled_at=T0 + timedelta(hours=1))]
    assert [s.send_id for s in due_policy.due_at_start(sends, T0)] == [1]


def _service(world, store=None) -> SendService:
    so, em = world.connectors()
    return SendService(store or world.store(), world.data_dir, so, em, clock=world.now)


def _people(world, n: int) -> list[str]:
    emails = [f"p{i:03d}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    return emails


def test_r10_failed_attempts_rest_then_hold_in_the_store_and_survive_a_restart(world):
    emails = _people(world, 1)
    svc = _service(world)
    send_id = svc.schedule(
        SendRequest(Channel.EMAIL, 1001, tuple(emails), "pasted"), world.now() + timedelta(minutes=1)
    )
    world.advance(61)
    for attempt in range(1, due_policy.MAX_ATTEMPTS + 1):
        assert [s.send_id for s in svc.due()] == [send_id]
        with RunLock(world.data_dir), pytest.raises(SendError, match="A sync is running"):
            svc.send_due(send_id)
        [waiting] = svc.scheduled()
        assert waiting.attempts == attempt and waiting.last_attempt_at == world.now()
        assert waiting.held is (attempt == due_policy.MAX_ATTEMPTS)
        assert "A sync is running" in (waiting.message or "")
        assert svc.due() == []  # resting after the failure (or held after the last one)
        world.advance(due_policy.RETRY_AFTER.total_seconds() + 1)
    assert svc.due() == [] and world.em.sent == []  # held: never again on its own, not even much later
    svc.store.close()
    svc.close()

    with Store.open(world.data_dir) as store:  # a restart: the store still says it is held
        again = _service(world, store=store)
        [held] = again.scheduled()
        assert held.held and held.attempts == due_policy.MAX_ATTEMPTS and again.due() == []
        again.release(send_id)  # the person's "Send now"
        [released] = again.due()
        assert (released.held, released.attempts, released.message) == (False, 0, None)
        assert again.send_due(send_id).status is SendStatus.SENT
        with pytest.raises(SendError, match="not waiting"):
            again.hold(send_id, "too late")


def test_r10_a_hold_for_a_settings_problem_waits_for_the_person(world):
    svc = _service(world)
    send_id = svc.schedule(
        SendRequest(Channel.EMAIL, 1001, ("a@example.se",), "pasted"), world.now() + timedelta(minutes=1)
    )
    svc.hold(send_id, "The eMarketeer API key is missing.")
    world.advance(3600)
    [held] = svc.scheduled()
    assert held.held and held.message == "The eMarketeer API key is missing." and svc.due() == []
