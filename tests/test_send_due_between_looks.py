"""send --due looks for due sends with the history alone before it renews SuperOffice Online's sign-in (no token
request from cron's runs with nothing due). A send falling due in the instant after that look was handed to the
service made without connectors (found by the fourteenth pass's review)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from engine_support import T0
from test_cli_online import _run, online  # noqa: F401

from desktop_app.domain.checklist import Channel
from desktop_app.domain.messages import Message
from desktop_app.sending.service import SendService, SendStatus
from desktop_app.store import Store


def test_a_send_falling_due_between_the_two_looks_is_not_attempted_without_connectors(monkeypatch, online):
    """An admin's scheduled campaign that falls due in the instant between send --due's first look (with no
    connectors: sending/commands.py:103) and _send_due's second look (sending/commands.py:320, service.due() again)
    is handed to that connector-less SendService: send_due hits `assert self.so/em is not None`
    (sending/service.py:237-244), the AssertionError is counted as a failed attempt (service.py:867: after the policy's
    last attempt the send is held for a person) and escapes send --due as an internal error, nothing sent, instead of
    being sent after a renewal. Fix: pass the first look's result on (or build the real service and re-check due once,
    with credentials), never call _send_due with the connector-less `waiting` service when due() can change."""
    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    at = datetime.now(timezone.utc) + timedelta(seconds=1.5)
    with Store.open(data_dir) as store:
        send_id = store.create_send(
            Channel.EMAIL,
            1001,
            Message.of("source_given").english(),
            ("bo@example.se",),
            source_said=Message.of("source_given"),
            status=SendStatus.SCHEDULED,
            scheduled_at=at,
        )
    original = SendService.due
    calls = []

    def due(self, now=None):
        found = original(self, now)
        calls.append(found)
        if len(calls) == 1:  # the cron run's first look: the clock goes on past the scheduled time
            while datetime.now(timezone.utc) <= at + timedelta(milliseconds=50):
                time.sleep(0.05)
        return found

    monkeypatch.setattr(SendService, "due", due)
    code, out, err = _run(monkeypatch, keyring, "send", "--due")

    with Store.open(data_dir) as store:
        record = store.get_send(send_id)
    assert "AssertionError" not in err and "without connectors" not in err, err
    assert record is not None and record.attempts == 0, (record.attempts, record.message if record else None, err)
    assert code == 0 and record.status is SendStatus.SCHEDULED and "No scheduled send is due." in out
    monkeypatch.setattr(SendService, "due", original)
    code, out, err = _run(monkeypatch, keyring, "send", "--due")  # the next cron run: renewed, synced, sent
    with Store.open(data_dir) as store:
        record = store.get_send(send_id)
    assert code == 0 and record is not None and record.status is SendStatus.SENT, (code, out, err)
