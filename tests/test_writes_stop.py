"""A fault that ends the run stops the sending of the chunk of writes out at once, as a pause the vendor asks for does
(test_vendor_pause.py): the writes not yet sent stay pending, and the next run resolves them once (R18)."""

from __future__ import annotations

from engine_support import VENDOR_RULES

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


def _withdrawn_in_emarketeer(world, n: int) -> list[str]:
    """n contacts whose eMarketeer withdrawal goes to SuperOffice: n writes read back from SuperOffice (R13)."""
    emails = [f"s{i:03d}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email)
        world.em_contact(email, marketing="Withdrawn")
    world.advance(60)
    return emails


def test_the_next_chunk_is_sent_before_the_one_before_it_is_finished(world, monkeypatch):
    """Issue 11 pt 4: once a chunk's answers are in, the next chunk is recorded and sent, and only then is the chunk
    before it finished (SuperOffice's read back, R13, its writes recorded applied), while the writers are busy.
    Before, the writers sat idle through all of that: 83 s of a 448 s write phase at a million contacts."""
    from desktop_app.store import Store

    emails = _withdrawn_in_emarketeer(world, 30)
    events: list[tuple[str, frozenset[int]]] = []
    record, applied = Store.record_decisions, Store.mark_applied_many

    def spy_record(self, run_id, decisions, *args, **kwargs):
        ids = record(self, run_id, decisions, *args, **kwargs)
        if ids:
            events.append(("sent", frozenset(ids)))
        return ids

    def spy_applied(self, items):
        events.append(("applied", frozenset(decision_id for decision_id, *_ in items)))
        return applied(self, items)

    monkeypatch.setattr(Store, "record_decisions", spy_record)
    monkeypatch.setattr(Store, "mark_applied_many", spy_applied)
    summary = world.sync(settings=EngineSettings(write_chunk=10, max_concurrency=4, **VENDOR_RULES))
    assert summary.status is RunStatus.DONE and len(summary.changes) == len(emails)
    sent = [ids for kind, ids in events if kind == "sent"]
    assert len(sent) == 3 and sum(map(len, sent)) == len(emails)
    applied_at = {i: n for n, (kind, ids) in enumerate(events) if kind == "applied" for i in ids}
    assert sorted(applied_at) == sorted(set().union(*sent))  # each recorded applied, once
    for before, chunk in zip(sent, sent[1:]):
        sent_at = events.index(("sent", chunk))
        assert all(applied_at[i] > sent_at for i in before), events  # finished after the next one went


def test_a_read_back_that_fails_after_the_next_chunk_went_leaves_nothing_to_write_twice(world, monkeypatch):
    """The read-back of chunk 1 (R13) fails with a refused key after chunk 2 was sent: the run stops, chunk 2 is
    still finished before it ends (its writes read back and recorded applied), chunk 3 is not sent, and the next
    run confirms chunk 1's writes by value (R18) and writes only chunk 3's."""
    from desktop_app.connectors.errors import AuthenticationError
    from desktop_app.connectors.superoffice import SuperOfficeConnector
    from desktop_app.store import DecisionStatus

    emails = _withdrawn_in_emarketeer(world, 30)
    reads = SuperOfficeConnector.iter_consent_rows
    by_person: list[int] = []

    def failing_third(self, **kwargs):
        if kwargs.get("person_ids") is not None:
            by_person.append(1)
            if len(by_person) == 3:  # re-read of chunk 1, re-read of chunk 2, then chunk 1's read-back
                raise AuthenticationError("The SuperOffice key was refused.")
        return reads(self, **kwargs)

    monkeypatch.setattr(SuperOfficeConnector, "iter_consent_rows", failing_third)
    settings = EngineSettings(write_chunk=10, max_concurrency=4, **VENDOR_RULES)
    first = world.sync(settings=settings)
    assert first.status is not RunStatus.DONE
    puts = [r for r in world.so.requests if r.method == "PUT"]
    assert len(puts) == 20  # chunks 1 and 2; chunk 3 was never sent
    statuses = [d.status for d in world.store().decisions(first.run_id)]
    assert statuses.count(DecisionStatus.APPLIED) == 10 and statuses.count(DecisionStatus.PENDING) == 10
    monkeypatch.setattr(SuperOfficeConnector, "iter_consent_rows", reads)  # the key is mended
    world.advance(60)
    second = world.sync(settings=settings)
    assert second.status is RunStatus.DONE
    puts = [r for r in world.so.requests if r.method == "PUT"]
    assert len(puts) == 30 and len({r.path for r in puts}) == 30  # every person written once, none twice
    for email in emails:
        assert world.so_value(world.so_person_id(email), "EMARKETING") == "WITHDRAWN"
