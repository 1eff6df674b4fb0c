"""R4 at a send: a SuperOffice person is found by the address as every sync matches it (trimmed, case folded), not
only as SuperOffice stores it. SuperOffice compares stored text: " Bo@Example.se" is not "bo@example.se", so the
send-time read by address missed the person, and a withdrawal made in SuperOffice just before the send was not
seen: the Checklist allowed the send."""

from __future__ import annotations

import pytest

from desktop_app.domain.checklist import Channel, Exclusion
from desktop_app.domain.model import RunStatus
from desktop_app.sending import SendRequest, SendService


@pytest.mark.parametrize("stored", [" bo@example.se", "Bo@Example.se "])
def test_r4_a_withdrawal_on_a_person_stored_with_another_spelling_stops_the_send(world, stored):
    pid = world.so_person(stored, STORE="61A", EMARKETING="61A")
    world.em_contact("bo@example.se", store="Consent", marketing="Consent")
    summary = world.sync()
    assert summary.status is RunStatus.DONE and summary.matched == 1  # every sync matches the stored spelling
    world.advance(3600)
    world.so.set_consent(pid, "EMARKETING", "WITHDRAWN")  # withdrawn in SuperOffice, just before the send

    so, em = world.connectors()
    service = SendService(world.store(), world.data_dir, so, em, clock=world.now)
    prepared = service.prepare(SendRequest(Channel.EMAIL, 1001, ("bo@example.se",), "pasted"))
    [line] = prepared.checklist.lines
    assert not line.allowed and line.exclusion is Exclusion.MARKETING_WITHDRAWN, line
    assert world.em_value("bo@example.se", "Marketing sendouts") == "Withdrawn"  # the send-time sync wrote it (R5)
    assert not prepared.checklist.allowed  # nobody to send to: Launch sends nothing
