"""A fault that ends the run stops the sending of the chunk of writes out at once, as a pause the vendor asks for does
(test_vendor_pause.py): the writes not yet sent stay pending, and the next run resolves them once (R18)."""

from __future__ import annotations

from desktop_app.domain.model import RunStatus
from desktop_app.simulators import Fault
from desktop_app.sync.engine import EngineSettings


def _withdrawn_in_superoffice(world, n: int) -> list[str]:
    """n contacts whose newer SuperOffice withdrawal goes to eMarketeer: n writes, in address order."""
    emails = [f"w{i:03d}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email, EMARKETING="WITHDRAWN")
        world.em_contact(email)
    world.advance(60)
    return emails


def test_a_fault_that_ends_the_run_stops_the_rest_of_its_chunk(world):
    """Before, each of the chunk's remaining writes was still sent into a vendor refusing the key."""
    emails = _withdrawn_in_superoffice(world, 40)
    world.em.faults.add(Fault("status", status=401, method="POST", path_contains="/consents"))
    first = world.sync(settings=EngineSettings(write_chunk=20, max_concurrency=4, hold_reversals=False))
    assert first.status is not RunStatus.DONE
    posts = [r for r in world.em.requests if r.method == "POST"]
    assert 1 <= len(posts) <= 2 * 4 < len(emails)
    world.em.faults.clear()  # the key is mended
    world.advance(60)
    second = world.sync(settings=EngineSettings(write_chunk=20, max_concurrency=4, hold_reversals=False))
    assert second.status is RunStatus.DONE
    for email in emails:
        records = [r for r in world.em.history(email) if r["purposeId"] == world.em_purpose_id("Marketing sendouts")]
        assert [world.em_basis_name(r) for r in records] == ["Withdrawn"]  # written once, never twice (R18)
