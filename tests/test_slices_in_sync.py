"""A full run counts in SQL the contacts the planner would pass over as in sync, and decides exactly as before.

Issue 11 pt 4: after the first full run nearly every contact's values equal its baseline, and the run turned each one
into Python objects only for the planner's first test to pass it over. `replica_slices(leave_out_in_sync=True)` asks
that test of SQLite (store/replica.py's _IN_SYNC). Here hypothesis builds replicas and baselines with everything that
must send a contact on to the planner: duplicates (R9), a baseline agreed by another person (R13), a missing purpose,
one side changed, an error (R17), a value without a time, a contact on one side only (R11). Then:

* the SQL test leaves out exactly the contacts the planner's own first test passes over, no more, no fewer;
* planning in slices that way keeps exactly what planning the whole replica in memory keeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.model import (
    PURPOSES,
    Consent,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    SuperOfficePerson,
    own_baseline,
)
from desktop_app.domain.planner import PlanSettings, plan
from desktop_app.store import BaselineEntry, Store
from desktop_app.sync.slices import plan_in_slices

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
TIMES = [None, NOW - timedelta(days=3), NOW - timedelta(days=1, microseconds=250), NOW - timedelta(hours=1)]
BASES = [None, LegalBasis.CONSENT, LegalBasis.WITHDRAWN, LegalBasis.LEGITIMATE_INTEREST]
EMAILS = [f"p{n}@example.com" for n in range(8)]

consents = st.builds(
    Consent,
    st.sampled_from(BASES),
    st.sampled_from(TIMES),
    st.sampled_from([None, None, None, None, "the row could not be read"]),
)


@st.composite
def tenants(draw):
    """Persons, eMarketeer contacts and baselines for a few addresses; baselines mostly copied from the sides, so
    many contacts are in sync and the others differ in one thing."""
    persons: list[SuperOfficePerson] = []
    contacts: list[EmarketeerContact] = []
    entries: list[BaselineEntry] = []
    next_id = 1
    for email in EMAILS:
        mine = []
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
            values = (draw(consents), draw(consents))
            mine.append(SuperOfficePerson(next_id, email, TIMES[1], values, (draw(st.booleans()), False)))
            next_id += 1
        persons += mine
        em = None
        if draw(st.integers(0, 5)):
            em = EmarketeerContact(email, 1000 + len(contacts), (draw(consents), draw(consents)))
            contacts.append(em)
        for purpose in PURPOSES:
            kind = draw(st.sampled_from(["copy", "copy", "copy", "copy", "none", "other", "other_person", "nobody"]))
            if kind == "none":
                continue
            so = mine[0].consents[purpose.index] if mine else draw(consents)
            ec = em.consents[purpose.index] if em else draw(consents)
            if kind == "other":
                so, ec = draw(consents), draw(consents)
            # A baseline never holds an error (store.py keeps basis and time only).
            so, ec = Consent(so.basis, so.changed_at), Consent(ec.basis, ec.changed_at)
            person_id = {"other_person": 999, "nobody": None}.get(kind, mine[0].person_id if mine else None)
            entries.append(BaselineEntry(email, purpose, so, ec, person_id))
    return persons, contacts, entries


def _fill(store: Store, persons, contacts, entries) -> None:
    store.replace_superoffice(persons)
    store.replace_emarketeer(contacts)
    store._db.execute_sql("DELETE FROM baseline")
    store.save_baselines(entries)


def _passed_over(superoffice, emarketeer, baselines) -> set[str]:
    """The contacts domain.planner.plan's first test passes over (its own words, repeated here)."""
    out = set()
    for email, contact in superoffice.items():
        em = emarketeer.get(email)
        base = own_baseline(baselines.get(email), contact.persons)
        if (
            em is not None
            and base is not None
            and len(contact.persons) == 1
            and contact.persons[0].consents == base.superoffice
            and em.consents == base.emarketeer
        ):
            out.add(email)
    return out


def _kept(p):
    key = lambda d: (d.email, d.purpose)  # noqa: E731
    return (
        p.matched,
        p.in_sync,
        sorted(p.decisions, key=key),
        sorted(p.errors),
        sorted(p.unmatched_superoffice),
        sorted(p.unmatched_emarketeer),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tenants(), st.integers(1, 5), st.sampled_from(list(DuplicatePolicy)))
def test_sql_leaves_out_exactly_what_the_planner_passes_over_and_the_plan_is_the_same(
    tmp_path, tenant, size, duplicates
):
    persons, contacts, entries = tenant
    settings_ = PlanSettings(duplicates=duplicates)
    with Store.open(tmp_path / "store") as store:
        _fill(store, persons, contacts, entries)
        so, em, bases = store.load_superoffice(), store.load_emarketeer(), store.load_baselines()

        slices = list(store.replica_slices(size, leave_out_in_sync=True))
        left_out = sum(s.in_sync for s in slices)
        read = set().union(*(s.superoffice.keys() | s.emarketeer.keys() | s.baselines.keys() for s in slices))
        expected = _passed_over(so, em, bases)
        assert left_out == len(expected), "SQL's in-sync test and the planner's first test disagree"
        assert not read & expected, "a contact counted as in sync was read as well"
        assert read | expected == so.keys() | em.keys() | bases.keys(), "an address was neither read nor counted"

        whole = plan(so, em, bases, NOW, settings_)
        whole.decisions = [d for d in whole.decisions if d.target is not None]  # all plan_in_slices keeps
        sliced = plan_in_slices(store, NOW, settings_, save_agreements=False, size=size)
        assert _kept(sliced) == _kept(whole)


def test_a_preview_still_reads_every_contact(tmp_path):
    """A preview (plan_in_slices with `each`) shows every row, in sync or not: nothing is left out for it."""
    t = TIMES[2]
    person = SuperOfficePerson(1, "anna@example.com", t, (Consent(LegalBasis.CONSENT, t), Consent(None, None)))
    contact = EmarketeerContact("anna@example.com", 7, (Consent(LegalBasis.CONSENT, t), Consent(None, None)))
    with Store.open(tmp_path / "store") as store:
        _fill(
            store,
            [person],
            [contact],
            [
                BaselineEntry("anna@example.com", p, person.consents[p.index], contact.consents[p.index], 1)
                for p in PURPOSES
            ],
        )
        seen = []
        result = plan_in_slices(
            store,
            NOW,
            PlanSettings(),
            save_agreements=False,
            each=lambda piece, part: seen.append((list(piece.superoffice), piece.in_sync)),
        )
        assert seen == [(["anna@example.com"], 0)]
        # Without a preview the same contact is only counted, and the counts are the same.
        assert [s.in_sync for s in store.replica_slices(10, leave_out_in_sync=True)] == [1]
        without = plan_in_slices(store, NOW, PlanSettings(), save_agreements=False)
        assert (result.matched, result.in_sync) == (without.matched, without.in_sync) == (1, 2)
