"""Properties of the planner over small random worlds (R5, R9, R11, R12, R13, R17, R22, R24).

A world is a few addresses, each in SuperOffice (1-3 duplicate persons), in eMarketeer, or in both,
with values drawn from every legal basis and none, change times from a small set (so ties and
near-ties within the clock-skew window are common), a few malformed values (R17), and baselines
that are absent or a state both sides once agreed on. `apply` plays the engine: it writes each
decision to its target and records the new baselines the way the engine will.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.domain.model import (
    EMPTY_BASELINE,
    NO_CONSENT,
    PURPOSES,
    Consent,
    ContactBaseline,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Rule,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
    own_baseline,
)
from desktop_app.domain.planner import Plan, PlanSettings, decide_contact, plan
from desktop_app.domain.records import group_persons

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
NOW = T0 + timedelta(days=1)
WRITE_TIME = T0 + timedelta(hours=12)  # later than every change time in a world, not in the future
SKEW = PlanSettings().clock_skew
# The vendor's rules alone (R9 `oldest`, no R24 holds); the app's defaults are SAFE (R9 `all`, holds on).
VENDOR = PlanSettings(hold_reversals=False, duplicates=DuplicatePolicy.OLDEST)
SAFE = PlanSettings()
ALL_NO_HOLDS = PlanSettings(hold_reversals=False)
# Offsets in seconds: equal times, gaps under, at and over the 120 s window.
TIMES = [T0 + timedelta(seconds=s) for s in (0, 1, 60, 119, 120, 121, 180, 600)]
BASES: list[LegalBasis | None] = [None, *LegalBasis]
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# ------------------------------------------------------------------ strategies
# Values come from precomputed lists (one draw each) so a world is cheap to generate and shrink.

GOOD_CONSENTS = [NO_CONSENT] * 8 + [Consent(b, at) for b in LegalBasis for at in TIMES]  # none ~1 in 8
BAD_CONSENTS = [
    Consent(None, TIMES[0], "unknown legal base key '61X'"),
    Consent(LegalBasis.CONSENT, None),  # a value without a change time
    Consent(LegalBasis.WITHDRAWN, NOW + SKEW + timedelta(minutes=1)),  # in the future
]
# Mostly good values; malformed ones now and then (R17).
ANY_CONSENTS = st.sampled_from(GOOD_CONSENTS * 7 + BAD_CONSENTS * 4)
# A previous agreed state: one value, each side with its own change time.
AGREED_BASELINES = st.sampled_from(
    [(NO_CONSENT, NO_CONSENT)] * 8
    + [(Consent(b, ts), Consent(b, te)) for b in LegalBasis for ts in TIMES[::2] for te in TIMES[1::2]]
)
PLACES = st.sampled_from(["both", "both", "both", "superoffice", "emarketeer"])
REGISTERED = st.sampled_from([None, *TIMES[:3]])


@dataclass
class World:
    superoffice: dict[str, SuperOfficeContact]
    emarketeer: dict[str, EmarketeerContact]
    baselines: dict[str, ContactBaseline]
    persons: list[SuperOfficePerson]

    def matched(self) -> list[str]:
        return [e for e in self.superoffice if e in self.emarketeer]


@st.composite
def worlds(draw) -> World:
    n = draw(st.integers(1, 4))
    emails = [f"user{i}@example.se" for i in range(n)]
    person_ids = iter(draw(st.permutations(range(1, 3 * n + 1))))
    persons: list[SuperOfficePerson] = []
    emarketeer: dict[str, EmarketeerContact] = {}
    baselines: dict[str, ContactBaseline] = {}
    for email in emails:
        where = draw(PLACES)
        so_values: list[Consent] = []
        em_values: list[Consent] = []
        base_so: list[Consent | None] = []
        base_em: list[Consent | None] = []
        for _ in PURPOSES:
            base = draw(st.one_of(st.none(), AGREED_BASELINES))
            bs, be = base if base is not None else (None, None)
            base_so.append(bs)
            base_em.append(be)
            # Each side is either unchanged since the baseline or drawn afresh.
            keep_so, keep_em = draw(st.booleans()), draw(st.booleans())
            so_values.append(bs if base is not None and keep_so else draw(ANY_CONSENTS))
            em_values.append(be if base is not None and keep_em else draw(ANY_CONSENTS))
        if any(b is not None for b in base_so):
            baselines[email] = ContactBaseline(tuple(base_so), tuple(base_em))
        if where in ("both", "superoffice"):
            count = draw(st.integers(1, 3))
            registered = [draw(REGISTERED) for _ in range(count)]
            ids = [next(person_ids) for _ in range(count)]
            group = [
                SuperOfficePerson(
                    pid,
                    email,
                    reg,
                    tuple(draw(ANY_CONSENTS) for _ in PURPOSES),
                    (draw(st.booleans()), draw(st.booleans())),
                )
                for pid, reg in zip(ids, registered)
            ]
            # The oldest (R9) carries the values drawn against the baseline.
            oldest = min(group, key=lambda p: (p.registered is None, p.registered or T0, p.person_id))
            group = [p._replace(consents=tuple(so_values)) if p is oldest else p for p in group]
            persons += group
        if where in ("both", "emarketeer"):
            emarketeer[email] = EmarketeerContact(email, draw(st.integers(1, 10_000)), tuple(em_values))
    # Persons arrive in any order; grouping must sort them (R9).
    persons = draw(st.permutations(persons))
    return World(group_persons(persons), emarketeer, baselines, list(persons))


# ------------------------------------------------------------------ the engine's part, in miniature


def apply(world: World, the_plan: Plan, write_time: datetime = WRITE_TIME) -> World:
    """Write every decision to its target (the person it names) and record the baselines the way the engine does."""
    so = dict(world.superoffice)
    em = dict(world.emarketeer)
    baselines = dict(world.baselines)
    for d in the_plan.decisions:
        assert not (d.held and d in the_plan.writes)
        if d.held:
            continue  # R24: waits for a person
        i = d.purpose.index
        contact = so[d.email]
        assert d.person_id in {p.person_id for p in contact.persons}
        so_base = d.superoffice
        if d.target is System.SUPEROFFICE:
            so_base = Consent(d.new, write_time)
            persons = []
            for p in contact.persons:
                if p.person_id == d.person_id:
                    values, untouched = list(p.consents), list(p.untouched)
                    values[i], untouched[i] = so_base, False  # a write sets the row's updated time
                    p = p._replace(consents=tuple(values), untouched=tuple(untouched))
                persons.append(p)
            so[d.email] = contact._replace(persons=tuple(persons))
        elif d.target is System.EMARKETEER:
            values = list(em[d.email].consents)
            values[i] = Consent(d.new, write_time)
            em[d.email] = em[d.email]._replace(consents=tuple(values))
        base = baselines.get(d.email, EMPTY_BASELINE)
        bs, be = list(base.superoffice), list(base.emarketeer)
        bs[i] = so_base
        be[i] = em[d.email].consents[i]
        baselines[d.email] = ContactBaseline(tuple(bs), tuple(be))
    return World(so, em, baselines, world.persons)


def run(world: World, settings: PlanSettings = VENDOR) -> Plan:
    return plan(world.superoffice, world.emarketeer, world.baselines, NOW, settings)


def error_keys(the_plan: Plan) -> set[tuple[str, object]]:
    return {(e.email, e.purpose) for e in the_plan.errors}


def summary(the_plan: Plan):
    """Everything a plan says, independent of the order it was said in."""
    return (
        sorted(the_plan.decisions, key=lambda d: (d.email, d.purpose.index)),
        sorted(the_plan.errors, key=lambda e: (e.email, e.purpose or "", e.reason)),
        the_plan.matched,
        the_plan.in_sync,
        sorted(the_plan.unmatched_superoffice),
        sorted(the_plan.unmatched_emarketeer),
    )


def shuffled(mapping: dict, rng: random.Random) -> dict:
    items = list(mapping.items())
    rng.shuffle(items)
    return dict(items)


# ------------------------------------------------------------------ properties


@PROPERTY_SETTINGS
@given(worlds())
def test_r5_r12_after_applying_a_plan_both_sides_agree(world):
    """(a) Every matched contact and purpose without an error holds the same value on both sides."""
    the_plan = run(world)
    for d in the_plan.decisions:  # shown by --hypothesis-show-statistics: which rules the worlds reach
        event(f"{d.rule}/{d.reason}{'/conflict' if d.conflict else ''}{'/R9' if d.duplicates_differ else ''}")
    for e in the_plan.errors:
        event(f"R17/{e.reason.split(':')[0].split(' no longer')[0]}")
    after = apply(world, the_plan)
    errors = error_keys(the_plan)
    for email in world.matched():
        for purpose in PURPOSES:
            if (email, purpose) in errors:
                continue
            i = purpose.index
            assert after.superoffice[email].consents[i].basis == after.emarketeer[email].consents[i].basis, (
                email,
                purpose,
            )


@PROPERTY_SETTINGS
@given(worlds())
def test_r12_a_second_run_straight_after_writes_nothing(world):
    """(b) Planning again after applying (with the new baselines) writes and decides nothing; errors stay."""
    first = run(world)
    second = run(apply(world, first))
    assert second.writes == []
    assert second.decisions == []
    assert error_keys(second) == error_keys(first)
    assert second.matched == first.matched
    # And it stays that way.
    assert run(apply(apply(world, first), second)).decisions == []


@PROPERTY_SETTINGS
@given(worlds())
def test_r13_only_the_target_changed_is_never_overwritten(world):
    """(c) With a baseline, a side that alone changed since it is never the target of a write."""
    for d in run(world).writes:
        i = d.purpose.index
        base = world.baselines.get(d.email)
        if base is None or base.superoffice[i] is None:
            continue
        so_changed = d.superoffice != base.superoffice[i]
        em_changed = d.emarketeer != base.emarketeer[i]
        if d.target is System.SUPEROFFICE:
            assert not (so_changed and not em_changed), d
        else:
            assert not (em_changed and not so_changed), d


@PROPERTY_SETTINGS
@given(worlds())
def test_r5_r17_a_write_never_sets_none_nor_rewrites_the_same_value(world):
    """(d) A write never sets None; a write only happens where the values differ (R12); none is written from bad input."""
    for d in run(world).writes:
        assert d.new is not None
        assert d.old != d.new
        assert d.superoffice.error is None and d.emarketeer.error is None
        winner_value = d.superoffice if d.winner is System.SUPEROFFICE else d.emarketeer
        assert d.new == winner_value.basis
        assert d.target is d.winner.other


@PROPERTY_SETTINGS
@given(worlds(), st.randoms(use_true_random=False))
def test_r5_decisions_are_deterministic_and_order_independent(world, rng):
    """(e) Same input twice, same output; shuffled dicts and persons give the same decisions."""
    first = run(world)
    assert run(world) == first
    reordered = plan(
        group_persons(rng.sample(world.persons, len(world.persons))),
        shuffled(world.emarketeer, rng),
        shuffled(world.baselines, rng),
        NOW,
        VENDOR,
    )
    assert summary(reordered) == summary(first)


@PROPERTY_SETTINGS
@given(worlds())
def test_r13_unchanged_since_the_baseline_is_never_decided(world):
    """(f) When both sides equal the baseline, nothing is decided, written or reported for that purpose."""
    the_plan = run(world)
    decided = {(d.email, d.purpose) for d in the_plan.decisions}
    errors = error_keys(the_plan)
    unchanged = 0
    for email in world.matched():
        base = world.baselines.get(email)
        if base is None:
            continue
        for purpose in PURPOSES:
            i = purpose.index
            if base.superoffice[i] is None:
                continue
            if (
                world.superoffice[email].consents[i] == base.superoffice[i]
                and world.emarketeer[email].consents[i] == base.emarketeer[i]
            ):
                unchanged += 1
                assert (email, purpose) not in decided
                assert (email, purpose) not in errors
    assert the_plan.in_sync == unchanged


@PROPERTY_SETTINGS
@given(worlds())
def test_r11_only_matched_contacts_are_decided_and_all_are_accounted_for(world):
    """R11: unmatched contacts are counted and never decided; every matched purpose is decided, in sync or an error."""
    the_plan = run(world)
    matched = set(world.matched())
    assert set(the_plan.unmatched_superoffice) == set(world.superoffice) - matched
    assert set(the_plan.unmatched_emarketeer) == set(world.emarketeer) - matched
    assert the_plan.matched == len(matched)
    keys = [(d.email, d.purpose) for d in the_plan.decisions] + [(e.email, e.purpose) for e in the_plan.errors]
    assert len(keys) == len(set(keys))  # at most one outcome per contact and purpose
    assert {email for email, _ in keys} <= matched
    assert len(keys) + the_plan.in_sync == len(PURPOSES) * len(matched)


@PROPERTY_SETTINGS
@given(worlds())
def test_r9_the_oldest_person_decides_and_younger_duplicates_only_annotate(world):
    """R9: a decision uses the oldest person; dropping the younger duplicates changes only the R9 annotations."""
    the_plan = run(world)
    alone = {email: SuperOfficeContact(email, contact.persons[:1]) for email, contact in world.superoffice.items()}
    single = plan(alone, world.emarketeer, world.baselines, NOW, VENDOR)
    assert summary(single)[1:] == summary(the_plan)[1:]
    for d, s in zip(summary(the_plan)[0], summary(single)[0], strict=True):
        contact = world.superoffice[d.email]
        assert d.person_id == contact.persons[0].person_id
        assert d.person_count == len(contact.persons)
        i = d.purpose.index
        assert d.duplicates_differ == any(p.consents[i].basis != d.superoffice.basis for p in contact.persons[1:])
        assert (Rule.R9 in d.rules) == d.duplicates_differ
        assert d == replace(s, person_count=d.person_count, duplicates_differ=d.duplicates_differ)


@PROPERTY_SETTINGS
@given(worlds())
def test_r14_decide_contact_agrees_with_plan(world):
    """R14: deciding one contact again gives exactly what the plan gave for it."""
    the_plan = run(world)
    for email in world.matched():
        decisions, errors = decide_contact(
            world.superoffice[email], world.emarketeer[email], world.baselines.get(email), NOW, VENDOR
        )
        assert decisions == [d for d in the_plan.decisions if d.email == email]
        assert errors == [e for e in the_plan.errors if e.email == email]


# ------------------------------------------------------------------ the app's own rules: R9 `all`, R22, R24


def speaker_of(contact: SuperOfficeContact, i: int, baseline=None):
    """R9 `all`: the latest-changed person (ties: the oldest) speaks for SuperOffice. R22: a person other than the
    baseline's whose row is still SuperOffice's creation default does not, while another person holds a value."""
    agreed = baseline.persons[i] if baseline is not None and baseline.persons else None
    persons = [p for p in contact.persons if p.person_id == agreed or not p.is_creation_default(i)]
    if not any(p.consents[i].basis is not None for p in persons):
        persons = list(contact.persons)
    best = persons[0]
    for p in persons[1:]:
        t = p.consents[i].changed_at
        if t is not None and (best.consents[i].changed_at is None or t > best.consents[i].changed_at):
            best = p
    return best


@PROPERTY_SETTINGS
@given(worlds())
def test_r24_a_held_decision_is_never_written(world):
    """R24: with holds on, no write puts a positive basis over `withdrawn`; held ones are listed, not written."""
    the_plan = run(world, SAFE)
    for d in the_plan.writes:
        assert not d.held
        assert not (d.old is LegalBasis.WITHDRAWN and d.new is not LegalBasis.WITHDRAWN), d
    for d in the_plan.held:
        assert d.old is LegalBasis.WITHDRAWN and d.new is not None and d.new.is_positive
        assert d not in the_plan.writes
    after = apply(world, the_plan)
    for d in the_plan.held:
        # Every withdrawal a held decision would have reversed is still there afterwards.
        if d.target is System.EMARKETEER:
            assert after.emarketeer[d.email].consents[d.purpose.index].basis is LegalBasis.WITHDRAWN
        else:
            person = next(p for p in after.superoffice[d.email].persons if p.person_id == d.person_id)
            assert person.consents[d.purpose.index].basis is LegalBasis.WITHDRAWN
    # And a second run holds them again (nothing slipped through) and writes nothing new.
    second = run(after, SAFE)
    assert {(d.email, d.purpose, d.person_id) for d in second.held} == {
        (d.email, d.purpose, d.person_id) for d in the_plan.held
    }
    assert second.writes == []


@PROPERTY_SETTINGS
@given(worlds())
def test_r9_all_every_person_of_an_address_ends_with_the_decided_value(world):
    """R9 `all`: after applying, every person of a matched address holds the value eMarketeer holds."""
    the_plan = run(world, ALL_NO_HOLDS)
    for d in the_plan.decisions:
        contact = world.superoffice[d.email]
        base = own_baseline(world.baselines.get(d.email), contact.persons)
        assert d.decided_by == speaker_of(contact, d.purpose.index, base).person_id
    after = apply(world, the_plan)
    errors = error_keys(the_plan)
    for email in world.matched():
        for purpose in PURPOSES:
            if (email, purpose) in errors:
                continue
            i = purpose.index
            decided = after.emarketeer[email].consents[i].basis
            if decided is None:
                continue  # nothing to bring anyone to: "no legal basis" cannot be written
            assert [p.consents[i].basis for p in after.superoffice[email].persons] == (
                [decided] * len(after.superoffice[email].persons)
            ), (email, purpose)
    assert run(after, ALL_NO_HOLDS).writes == []


@PROPERTY_SETTINGS
@given(worlds())
def test_r22_a_creation_default_never_beats_an_emarketeer_value_on_a_first_match(world):
    """R22: on a first match (no baseline), SuperOffice's creation default is never written over eMarketeer's value."""
    for settings_ in (SAFE, ALL_NO_HOLDS, VENDOR):
        the_plan = run(world, settings_)
        for d in the_plan.decisions:
            if d.target is not System.EMARKETEER or d.baseline_superoffice is not None:
                continue
            if d.emarketeer.basis is None:
                continue
            contact = world.superoffice[d.email]
            voice = next(p for p in contact.persons if p.person_id == d.decided_by)
            assert not voice.is_creation_default(d.purpose.index), d
        for d in the_plan.decisions:
            if d.rule is Rule.R22:
                assert d.target is System.SUPEROFFICE and d.new == d.emarketeer.basis
                assert d.baseline_superoffice is None
