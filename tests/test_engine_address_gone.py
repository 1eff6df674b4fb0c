"""A SuperOffice person whose address goes (made invalid, or removed) leaves the replica in an incremental run (R21).

Found by the model-based test's long profile (tests/test_engine_model.py): the incremental read dropped such a person
from what it merged but left its row in the store's replica, matched to its old address with its last values. After a
full run that wrote to that person, the replica held the value from before the write (what the full read saw); once
the address went, the next incremental run took that value for SuperOffice's current one, found it differed from what
both sides had agreed on, and wrote it to eMarketeer: a stale write, from a value SuperOffice no longer held.
"""

from __future__ import annotations

import pytest

from desktop_app.domain.model import RunMode
from desktop_app.sync.engine import EngineSettings

STORE = "Store and process"


def _written_to_superoffice_at_creation(world) -> int:
    """A person with SuperOffice's creation default (R22) and an eMarketeer contact with "Required by law": the first
    full run writes Required by law to SuperOffice, and the replica keeps the default the full read saw."""
    world.em_contact("gone@example.se", store="Required by law")
    world.advance(3600)
    created = world.now()
    pid = world.so.add_person("gone@example.se", registered=created)
    world.so.set_consent(pid, "STORE", "61F", at=created)  # legitimate interest, given at creation
    world.advance(60)
    first = world.sync(mode=RunMode.FULL)
    assert [(d.email, d.new.value) for d in first.changes] == [("gone@example.se", "required_by_law")]
    assert world.so_value(pid, "STORE") == "61C"
    world.advance(60)
    return pid


@pytest.mark.parametrize("address", ["not-an-address", None], ids=["invalid", "removed"])
@pytest.mark.parametrize("run", ["incremental", "send"])
def test_a_person_whose_address_went_is_not_synced_under_it(world, address, run):
    pid = _written_to_superoffice_at_creation(world)
    if address is None:
        world.so.set_email(pid, "")  # the address deleted: the person's only e-mail row is empty
    else:
        world.so.set_email(pid, address)
    world.advance(60)
    if run == "incremental":
        summary = world.sync()
        assert summary.mode is RunMode.INCREMENTAL
    else:
        # A send's sync of many recipients reads SuperOffice's changes and merges them, as an incremental run does.
        recipients = ("gone@example.se", *(f"r{i}@example.se" for i in range(700)))
        summary = world.sync(only=recipients, settings=EngineSettings(only_bulk_from=50))
        assert summary.mode is RunMode.ONLY
    assert summary.changes == () and world.writes(world.em) == []  # before: Legitimate interest written (stale)
    assert world.em_value("gone@example.se", STORE) == "Required by law"
    assert world.store().load_superoffice_persons({pid}) == {}  # gone from the replica
