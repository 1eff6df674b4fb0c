"""R4 with R9 duplicates: a SuperOffice person who withdrew "Marketing sendouts" stops a send to the address they
share with other persons, whatever the duplicates setting. With `oldest` the sync compares and writes the oldest
person only (R9) and leaves the others alone; before, the Checklist looked at the oldest person only too, and a
newer duplicate's withdrawal made minutes before the send did not stop the message to their shared address."""

from __future__ import annotations

import pytest

from desktop_app.domain.checklist import Channel, Exclusion
from desktop_app.domain.model import DuplicatePolicy, RunStatus
from desktop_app.sending import SendRequest, SendService
from desktop_app.sync.engine import EngineSettings


def _checked(world, policy: DuplicatePolicy, newer_value: str):
    world.so_person("dup@example.se", STORE="61A", EMARKETING="61A")
    newer = world.so.add_person("dup@example.se")
    world.so.set_consent(newer, "EMARKETING", "61A")
    world.em_contact("dup@example.se", store="Consent", marketing="Consent")
    settings = EngineSettings(duplicates=policy)
    assert world.sync(settings=settings).status is RunStatus.DONE
    world.advance(3600)
    world.so.set_consent(newer, "EMARKETING", newer_value)
    so, em = world.connectors()
    service = SendService(world.store(), world.data_dir, so, em, clock=world.now, engine_settings=settings)
    [line] = service.prepare(SendRequest(Channel.EMAIL, 1001, ("dup@example.se",), "pasted")).checklist.lines
    return line


@pytest.mark.parametrize("policy", [DuplicatePolicy.OLDEST, DuplicatePolicy.ALL])
def test_r4_a_newer_duplicates_withdrawal_stops_the_send(world, policy):
    line = _checked(world, policy, "WITHDRAWN")
    assert not line.allowed and line.exclusion is Exclusion.MARKETING_WITHDRAWN, line


def test_r4_with_oldest_a_newer_duplicates_other_basis_does_not_stop_it(world):
    line = _checked(world, DuplicatePolicy.OLDEST, "61C")  # not a withdrawal: the oldest person's consent counts
    assert line.allowed, line
