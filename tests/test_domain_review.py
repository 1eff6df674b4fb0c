"""review_rows: every contact and purpose of a run as one immutable row, with flags and words for people."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from desktop_app.domain.messages import english
from desktop_app.domain.model import (
    Consent,
    ContactBaseline,
    ContactError,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    Rule,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
)
from desktop_app.domain.planner import PlanSettings, plan
from desktop_app.domain.review import (
    Action,
    ConflictRow,
    RowKind,
    count_rows,
    decision_sentence,
    decision_text,
    describe,
    review_rows,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
C, LI, W = LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST, LegalBasis.WITHDRAWN
STORE, MARKETING = Purpose.STORE, Purpose.MARKETING


def at(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


def v(basis, days_ago=None) -> Consent:
    return Consent() if basis is None else Consent(basis, at(days_ago))


class World:
    """Both sides and the baselines, built by hand; `details()` plans them like the engine does."""

    def __init__(self) -> None:
        self.so: dict[str, SuperOfficeContact] = {}
        self.em: dict[str, EmarketeerContact] = {}
        self.base: dict[str, ContactBaseline] = {}
        self._pid = 100

    def person(self, email, store, marketing, *, registered_days_ago=400, person_id=None):
        self._pid += 1
        pid = person_id or self._pid
        person = SuperOfficePerson(pid, email, at(registered_days_ago), (store, marketing))
        old = self.so.get(email)
        persons = (old.persons if old else ()) + (person,)
        persons = tuple(sorted(persons, key=lambda p: (p.registered, p.person_id)))
        self.so[email] = SuperOfficeContact(email, persons)
        return pid

    def contact(self, email, store, marketing):
        self.em[email] = EmarketeerContact(email, 1, (store, marketing))

    def agreed(self, email, so_values, em_values):
        self.base[email] = ContactBaseline(tuple(so_values), tuple(em_values))

    def details(self, settings: PlanSettings | None = None):
        # The vendor's rules unless a test asks (R9 `oldest`, no R24 holds): most cases here are about other rules.
        settings = settings or PlanSettings(duplicates=DuplicatePolicy.OLDEST, hold_reversals=False)
        the_plan = plan(self.so, self.em, self.base, NOW, settings)
        return SimpleNamespace(superoffice=self.so, emarketeer=self.em, baselines=self.base, plan=the_plan, now=NOW)


def by_key(rows: list[ConflictRow]) -> dict[tuple[str, Purpose | None], ConflictRow]:
    return {(r.email, r.purpose): r for r in rows}


@pytest.fixture
def world() -> World:
    w = World()
    # In step since the last sync, both purposes.
    s, m = v(LI, 90), v(C, 80)
    e_s, e_m = v(LI, 85), v(C, 79)
    w.person("same@example.se", s, m)
    w.contact("same@example.se", e_s, e_m)
    w.agreed("same@example.se", (s, m), (e_s, e_m))
    # Marketing changed in eMarketeer only since the baseline (R13); store in step.
    s2, m2 = v(C, 90), v(C, 80)
    w.person("moved@example.se", s2, m2)
    w.contact("moved@example.se", v(C, 88), v(W, 1))
    w.agreed("moved@example.se", (s2, m2), (v(C, 88), v(C, 79)))
    # No baseline, eMarketeer later (R5).
    w.person("later@example.se", v(C, 10), Consent())
    w.contact("later@example.se", v(W, 2), Consent())
    # Duplicates with different values (R9): the oldest person decides.
    w.person("dup@example.se", v(C, 30), v(C, 30), registered_days_ago=900, person_id=7)
    w.person("dup@example.se", v(W, 5), v(C, 30), registered_days_ago=100, person_id=3)
    w.person("dup@example.se", v(LI, 5), Consent(), registered_days_ago=50, person_id=9)
    w.contact("dup@example.se", v(C, 40), v(C, 40))
    # Near-simultaneous changes: a conflict (R13).
    w.person("race@example.se", v(C, 1), Consent())
    w.contact("race@example.se", Consent(W, at(1) + timedelta(seconds=30)), Consent())
    # A value without a change time (R17).
    w.person("broken@example.se", Consent(C, None), v(C, 3))
    w.contact("broken@example.se", v(C, 3), v(C, 3))
    # One system only (R11).
    w.person("so-only@example.se", v(C, 3), Consent())
    w.contact("em-only@example.se", Consent(), v(W, 3))
    return w


def test_every_matched_contact_and_purpose_has_exactly_one_row(world):
    rows = review_rows(world.details())
    keys = [(r.email, r.purpose) for r in rows]
    assert len(keys) == len(set(keys))
    matched = [e for e in world.so if e in world.em]
    for email in matched:
        for purpose in Purpose:
            assert (email, purpose) in keys
    # plus one row per purpose for each contact in one system only
    assert len(rows) == 2 * len(matched) + 2 * 2


def test_rows_are_immutable(world):
    row = review_rows(world.details())[0]
    with pytest.raises(AttributeError):
        row.email = "x"  # type: ignore[misc]
    assert isinstance(row, tuple)
    assert not dataclasses.is_dataclass(row)


def test_in_step_rows_say_so_in_words(world):
    rows = by_key(review_rows(world.details()))
    row = rows[("same@example.se", STORE)]
    assert row.kind is RowKind.IN_STEP
    assert row.action is Action.NOTHING
    assert english(row.explanation) == "In step: both say Legitimate interest since the last sync"
    assert not (row.is_disagreement or row.has_duplicates or row.is_error or row.is_conflict)
    assert row.has_baseline and row.baseline_basis is LI
    assert row.baseline_since == at(85)  # the later of the two change times when they agreed
    assert rows[("moved@example.se", STORE)].kind is RowKind.IN_STEP


def test_decided_rows_reuse_the_planners_explanation(world):
    d = world.details()
    rows = by_key(review_rows(d))
    decision = next(x for x in d.plan.decisions if x.email == "moved@example.se" and x.purpose is MARKETING)
    row = rows[("moved@example.se", MARKETING)]
    assert english(row.explanation) == decision.explain()
    assert english(row.explanation).startswith("Only eMarketeer changed since the last sync")
    assert row.action is Action.WRITE_SUPEROFFICE and row.new is W and row.winner is System.EMARKETEER
    assert row.rules == (Rule.R13,)
    assert row.is_disagreement and not row.is_conflict
    assert decision_text(row) == "Write to SuperOffice"
    assert decision_sentence(row) == "Write Withdrawn to SuperOffice; eMarketeer wins"
    assert row.baseline_basis is C

    later = rows[("later@example.se", STORE)]
    assert english(later.explanation).startswith("eMarketeer changed later")
    assert later.rules == (Rule.R5,) and not later.has_baseline
    assert later.em_changed_at == at(2) and later.so_changed_at == at(10)


def test_duplicates_name_the_oldest_person_and_keep_the_others_for_the_tooltip(world):
    rows = by_key(review_rows(world.details()))
    row = rows[("dup@example.se", STORE)]
    assert row.has_duplicates and row.so_person_count == 3
    assert row.so_person_id == 7  # earliest created, not lowest id
    assert [p.person_id for p in row.so_persons] == [7, 3, 9]
    assert [p.basis for p in row.so_persons] == [C, W, LI]
    assert "oldest of 3 SuperOffice persons with this address" in english(row.explanation)
    assert Rule.R9 in row.rules


def test_conflicts_and_errors_are_flagged(world):
    rows = by_key(review_rows(world.details()))
    race = rows[("race@example.se", STORE)]
    assert race.is_conflict and race.winner is System.EMARKETEER and race.new is W
    assert "clock-skew window" in english(race.explanation)
    broken = rows[("broken@example.se", STORE)]
    assert broken.is_error and broken.action is Action.ERROR and broken.kind is RowKind.ERROR
    assert english(broken.explanation) == "SuperOffice: legal basis Consent has no change time"
    assert broken.rules == (Rule.R17,)
    # The other purpose of the same contact is still decided normally.
    assert not rows[("broken@example.se", MARKETING)].is_error


def test_unmatched_contacts_are_left_alone_with_the_missing_side_empty(world):
    rows = by_key(review_rows(world.details()))
    so_only = rows[("so-only@example.se", STORE)]
    assert so_only.kind is RowKind.UNMATCHED and so_only.action is Action.LEFT_ALONE
    assert so_only.so_present and not so_only.em_present and so_only.em_basis is None
    assert english(so_only.explanation).startswith("Only in SuperOffice: left alone")
    assert so_only.rules == (Rule.R11,)
    em_only = rows[("em-only@example.se", MARKETING)]
    assert not em_only.so_present and em_only.em_basis is W and em_only.so_person_id is None
    assert english(em_only.explanation).startswith("Only in eMarketeer: left alone")
    assert decision_text(em_only) == "Left alone"
    assert not em_only.is_disagreement


def test_read_errors_are_added_once_even_when_the_plan_has_them_too(world):
    d = world.details()
    extra = [
        ContactError("not an address", None, "SuperOffice person 55: not a valid e-mail address", System.SUPEROFFICE),
        *d.plan.errors,
    ]
    rows = review_rows(d, extra)
    errors = [r for r in rows if r.is_error]
    assert len(errors) == len(d.plan.errors) + 1
    bad = next(r for r in errors if r.email == "not an address")
    assert bad.purpose is None and not bad.so_present and not bad.em_present
    assert "not a valid e-mail address" in english(bad.explanation)


def test_a_contact_wide_error_on_a_matched_contact_replaces_its_rows(world):
    d = world.details()
    rows = review_rows(d, [ContactError("same@example.se", None, "eMarketeer: malformed record")])
    same = [r for r in rows if r.email == "same@example.se"]
    assert len(same) == 1 and same[0].is_error and same[0].purpose is None


def test_describe_tells_the_whole_story(world):
    rows = by_key(review_rows(world.details()))
    text = describe(rows[("dup@example.se", STORE)])
    assert "dup@example.se — Store and process" in text
    assert "SuperOffice says Consent" in text
    assert f"(person 7, created {at(900).astimezone():%Y-%m-%d %H:%M}, the oldest of 3 persons" in text
    assert "The other SuperOffice persons: person 3" in text and ": Withdrawn" in text
    assert "eMarketeer says Consent" in text
    assert "no baseline yet" in text
    assert "Rule: R12, R9" in text
    moved = describe(rows[("moved@example.se", MARKETING)])
    assert "At the last sync both agreed on Consent" in moved
    assert "Decision: Write Withdrawn to SuperOffice; eMarketeer wins." in moved
    assert "Why: Only eMarketeer changed since the last sync" in moved
    em_only = describe(rows[("em-only@example.se", STORE)])
    assert "SuperOffice has no contact with this address." in em_only
    assert "left alone" in em_only


def test_builds_a_hundred_thousand_contacts():
    """100,000 addresses x 2 purposes, mostly in step, as after a real read. Its speed (target: a couple of
    seconds) is benchmarks/bench_conflict_model.py's to measure, not a timed test's (it failed under load)."""
    so: dict[str, SuperOfficeContact] = {}
    em: dict[str, EmarketeerContact] = {}
    base: dict[str, ContactBaseline] = {}
    for i in range(100_000):
        email = f"person{i:06d}@example.se"
        s = (Consent(LI, at(i % 300 + 10)), Consent(C, at(i % 200 + 10)))
        e = (Consent(LI, at(i % 250 + 10)), Consent(C if i % 50 else W, at(i % 200 + 5 if i % 50 else 1)))
        so[email] = SuperOfficeContact(email, (SuperOfficePerson(i, email, at(900), s),))
        em[email] = EmarketeerContact(email, i, e)
        base[email] = ContactBaseline(s, (e[0], Consent(C, at(i % 200 + 5))))
    the_plan = plan(so, em, base, NOW)
    details = SimpleNamespace(superoffice=so, emarketeer=em, baselines=base, plan=the_plan, now=NOW)
    rows = review_rows(details)
    assert len(rows) == 200_000
    assert sum(r.action is Action.WRITE_SUPEROFFICE for r in rows) == 2_000


def test_r9_all_a_duplicate_group_shows_every_person_its_value_and_time_and_which_decided(world):
    rows = by_key(review_rows(world.details(PlanSettings())))
    row = rows[("dup@example.se", STORE)]
    # 3 and 9 changed last (5 days ago, a tie): the older of the two, 3, speaks for SuperOffice.
    assert (row.decided_by, row.so_person_id, row.so_basis) == (3, 3, W)
    assert row.action is Action.WRITE_EMARKETEER and row.new is W and row.person_writes == 2
    assert "2 other SuperOffice person(s) of the address brought to it (R9)" in english(row.explanation)
    text = describe(row)
    assert "SuperOffice persons with this address (R9):" in text
    assert "person 3" in text and "decided for SuperOffice" in text
    lines = [line for line in text.split("\n") if line.startswith("  person ")]
    assert [line.split(":")[0].split()[1].strip(",") for line in lines] == ["7", "3", "9"]
    assert sum("decided for SuperOffice" in line for line in lines) == 1


def test_r24_a_held_row_says_so_and_is_counted_apart_from_writes():
    w = World()
    w.person("rev@example.se", v(C, 1), Consent())
    w.contact("rev@example.se", v(W, 5), Consent())
    rows = review_rows(w.details(PlanSettings()))
    [row] = [r for r in rows if r.purpose is STORE]
    assert row.is_held and row.action is Action.HELD and row.new is C
    assert decision_text(row) == "Held for review"
    assert "would reverse a withdrawal" in decision_sentence(row)
    counts = count_rows(rows)
    assert (counts.held, counts.to_emarketeer, counts.to_superoffice) == (1, 0, 0)


def test_r13_a_removal_row_names_r13_not_bad_input():
    """Before, every error row named R17 (bad input), also a SuperOffice row deleted since both sides agreed: that is
    R13's three-way decision (only one side changed, and it lost its value), which neither API can write."""
    w = World()
    agreed = v(C, 30)
    w.person("gone@example.se", Consent(), agreed)
    w.contact("gone@example.se", agreed, agreed)
    w.agreed("gone@example.se", (agreed, agreed), (agreed, agreed))
    rows = by_key(review_rows(w.details()))
    row = rows[("gone@example.se", STORE)]
    assert row.is_error and row.kind is RowKind.ERROR
    assert "a removal cannot be synced" in english(row.explanation)
    assert row.rules == (Rule.R13,)
    assert not rows[("gone@example.se", MARKETING)].is_error  # the other purpose agrees, as before
