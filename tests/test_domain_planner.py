"""The planner, case by case: who wins, what is written, and why (R5, R9, R11, R12, R13, R17).

Each test builds one small world, plans it, and checks the decision for one contact and purpose.
The other purpose is kept in sync by its baseline so it never adds noise to the plan.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.domain.model import (
    NO_CONSENT,
    Consent,
    ContactBaseline,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    Rule,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
)
from desktop_app.domain.planner import Decision, Plan, PlanSettings, Reason, decide_contact, plan
from desktop_app.domain.records import group_persons

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=timezone.utc)
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SKEW = PlanSettings().clock_skew
# The vendor's rules alone (R24 holds off, R9 `oldest`): what these cases check. test_domain_safety.py checks the rest.
VENDOR = PlanSettings(hold_reversals=False, duplicates=DuplicatePolicy.OLDEST)

CONSENT = LegalBasis.CONSENT
CONTRACT = LegalBasis.CONTRACT
LEGIT = LegalBasis.LEGITIMATE_INTEREST
WITHDRAWN = LegalBasis.WITHDRAWN
SO, EM = System.SUPEROFFICE, System.EMARKETEER
STORE, MARKETING = Purpose.STORE, Purpose.MARKETING

EMAIL = "anna@example.se"


def t(minutes: float = 0, seconds: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def c(basis: LegalBasis | None, at: datetime | None = None, error: str | None = None) -> Consent:
    return Consent(basis, at, error)


# An agreed, untouched value used for the purpose a test does not look at.
QUIET = c(CONTRACT, t(-1000))


def so_contact(
    store: Consent,
    marketing: Consent = QUIET,
    *,
    email: str = EMAIL,
    person_id: int = 1,
    duplicates: tuple[tuple[int, datetime | None, Consent, Consent], ...] = (),
) -> SuperOfficeContact:
    persons = [SuperOfficePerson(person_id, email, T0 - timedelta(days=365), (store, marketing))]
    persons += [SuperOfficePerson(pid, email, reg, (s, m)) for pid, reg, s, m in duplicates]
    return group_persons(persons)[email]


def em_contact(store: Consent, marketing: Consent = QUIET, *, email: str = EMAIL) -> EmarketeerContact:
    return EmarketeerContact(email, 100, (store, marketing))


def baseline(
    so_store: Consent | None,
    em_store: Consent | None,
    so_marketing: Consent | None = QUIET,
    em_marketing: Consent | None = QUIET,
) -> ContactBaseline:
    return ContactBaseline((so_store, so_marketing), (em_store, em_marketing))


def run(
    so: SuperOfficeContact, em: EmarketeerContact, base: ContactBaseline | None = None, now: datetime = NOW, **kwargs
) -> Plan:
    baselines = {} if base is None else {so.email: base}
    kwargs.setdefault("settings", VENDOR)
    return plan({so.email: so}, {em.email: em}, baselines, now, **kwargs)


def decide(s: Consent, e: Consent, bs: Consent | None = None, be: Consent | None = None, **kwargs) -> Plan:
    """Plan one contact whose store purpose holds `s`/`e` (baseline `bs`/`be`); marketing stays quiet."""
    return run(so_contact(s), em_contact(e), baseline(bs, be), **kwargs)


def only_decision(p: Plan, purpose: Purpose = STORE) -> Decision:
    assert p.errors == []
    [d] = [d for d in p.decisions if d.purpose is purpose]
    assert len(p.decisions) == 1, p.decisions  # the quiet purpose never shows up
    return d


def assert_write(d: Decision, winner: System, new: LegalBasis, rule: Rule, reason: Reason, conflict: bool = False):
    assert (d.winner, d.target, d.new, d.rule, d.reason, d.conflict) == (
        winner,
        winner.other,
        new,
        rule,
        reason,
        conflict,
    )
    assert d.is_write


# ------------------------------------------------------------------ R5: latest change wins


def test_r5_emarketeer_changed_later_wins_and_superoffice_is_written():
    d = only_decision(decide(c(CONSENT, t(0)), c(WITHDRAWN, t(10))))
    assert_write(d, EM, WITHDRAWN, Rule.R5, Reason.EMARKETEER_LATER)
    assert d.old is CONSENT
    assert d.rules == (Rule.R5,)


def test_r5_superoffice_changed_later_wins_and_emarketeer_is_written():
    d = only_decision(decide(c(WITHDRAWN, t(10)), c(CONSENT, t(0))))
    assert_write(d, SO, WITHDRAWN, Rule.R5, Reason.SUPEROFFICE_LATER)
    assert d.old is CONSENT


def test_r5_just_outside_the_skew_window_is_plain_latest_wins():
    # Exactly the skew apart is not "closer than" the window: R5, no conflict, even for the less restrictive value.
    d = only_decision(decide(c(WITHDRAWN, t(0)), c(CONSENT, t(0) + SKEW)))
    assert_write(d, EM, CONSENT, Rule.R5, Reason.EMARKETEER_LATER)


def test_r5_a_value_beats_none_superoffice_has_one():
    d = only_decision(decide(c(LEGIT, t(0)), NO_CONSENT))
    assert_write(d, SO, LEGIT, Rule.R5, Reason.SUPEROFFICE_HAS_VALUE)
    assert d.old is None


def test_r5_a_value_beats_none_emarketeer_has_one():
    d = only_decision(decide(NO_CONSENT, c(WITHDRAWN, t(0))))
    assert_write(d, EM, WITHDRAWN, Rule.R5, Reason.EMARKETEER_HAS_VALUE)
    assert d.old is None


def test_r5_a_value_beats_none_whatever_the_clock_of_the_none():
    # A none has no change time; even one carrying a (newer) time must not beat a real value.
    d = only_decision(decide(c(None, t(5)), c(CONSENT, t(0))))
    assert (d.winner, d.target, d.new) == (EM, SO, CONSENT)
    d = only_decision(decide(c(CONSENT, t(0)), c(None, t(0, 30))))
    assert (d.winner, d.target, d.new) == (SO, EM, CONSENT)


# ------------------------------------------------------------------ R12: equal values, no write


def test_r12_equal_values_without_baseline_agree_and_write_nothing():
    p = decide(c(CONSENT, t(0)), c(CONSENT, t(50)))
    d = only_decision(p)
    assert (d.winner, d.target, d.new, d.rule, d.reason, d.conflict) == (
        None,
        None,
        CONSENT,
        Rule.R12,
        Reason.AGREE,
        False,
    )
    assert not d.is_write
    assert d.old is None
    assert p.writes == []


def test_r12_both_none_without_baseline_is_an_agreement_on_none():
    d = only_decision(decide(NO_CONSENT, NO_CONSENT))
    assert (d.target, d.new, d.rule, d.reason) == (None, None, Rule.R12, Reason.AGREE)


def test_r12_equal_values_that_differ_from_the_baseline_record_a_new_agreement():
    # Both sides moved to the same value: nothing to write, but the decision carries the new baseline.
    d = only_decision(decide(c(WITHDRAWN, t(20)), c(WITHDRAWN, t(21)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(1))))
    assert (d.target, d.rule, d.reason) == (None, Rule.R12, Reason.AGREE)
    assert (d.superoffice, d.emarketeer) == (c(WITHDRAWN, t(20)), c(WITHDRAWN, t(21)))
    assert (d.baseline_superoffice, d.baseline_emarketeer) == (c(CONSENT, t(0)), c(CONSENT, t(1)))


def test_r12_only_one_side_touched_but_same_value_is_an_agreement_not_a_write():
    # SuperOffice re-saved the same basis (new time): R13 would say "only SuperOffice changed", but equal values win.
    d = only_decision(decide(c(CONSENT, t(30)), c(CONSENT, t(1)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(1))))
    assert (d.target, d.rule, d.reason) == (None, Rule.R12, Reason.AGREE)


def test_r12_unchanged_since_the_baseline_is_in_sync_and_not_decided():
    p = decide(c(CONSENT, t(0)), c(CONSENT, t(1)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(1)))
    assert p.decisions == [] and p.errors == []
    assert (p.matched, p.in_sync) == (1, 2)


# ------------------------------------------------------------------ R13: three-way decision


def test_r13_only_superoffice_changed_wins_even_with_an_older_clock():
    # SuperOffice's clock runs behind: its change looks older than eMarketeer's baseline time, yet only it moved.
    bs, be = c(CONSENT, t(0)), c(CONSENT, t(60))
    d = only_decision(decide(c(WITHDRAWN, t(30)), be, bs=bs, be=be))
    assert_write(d, SO, WITHDRAWN, Rule.R13, Reason.ONLY_SUPEROFFICE_CHANGED)
    assert (d.baseline_superoffice, d.baseline_emarketeer) == (bs, be)


def test_r13_only_emarketeer_changed_wins_even_with_an_older_clock():
    bs, be = c(WITHDRAWN, t(60)), c(WITHDRAWN, t(0))
    d = only_decision(decide(bs, c(CONSENT, t(30)), bs=bs, be=be))
    assert_write(d, EM, CONSENT, Rule.R13, Reason.ONLY_EMARKETEER_CHANGED)


def test_r13_only_one_changed_wins_even_when_the_other_clock_is_hours_ahead():
    bs, be = c(CONSENT, t(0)), c(CONSENT, t(600))
    d = only_decision(decide(bs, c(WITHDRAWN, t(1)), bs=bs, be=be))
    assert_write(d, EM, WITHDRAWN, Rule.R13, Reason.ONLY_EMARKETEER_CHANGED)


def test_r13_a_change_of_time_alone_counts_as_a_change():
    # eMarketeer re-recorded its value (new time) and SuperOffice changed value: both changed, R5 decides.
    d = only_decision(decide(c(WITHDRAWN, t(10)), c(CONSENT, t(20)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(1))))
    assert_write(d, EM, CONSENT, Rule.R5, Reason.EMARKETEER_LATER)


def test_r13_both_changed_falls_back_to_r5_superoffice_later():
    d = only_decision(decide(c(WITHDRAWN, t(20)), c(LEGIT, t(10)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(0))))
    assert_write(d, SO, WITHDRAWN, Rule.R5, Reason.SUPEROFFICE_LATER)


def test_r13_both_changed_falls_back_to_r5_emarketeer_later():
    d = only_decision(decide(c(WITHDRAWN, t(10)), c(LEGIT, t(20)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(0))))
    assert_write(d, EM, LEGIT, Rule.R5, Reason.EMARKETEER_LATER)


def test_r13_within_skew_withdrawn_beats_positive_superoffice_side():
    # eMarketeer's consent is 90 s "later", but within the window the withdrawal wins and it is a conflict.
    p = decide(c(WITHDRAWN, t(0)), c(CONSENT, t(0, 90)))
    d = only_decision(p)
    assert_write(d, SO, WITHDRAWN, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)
    assert p.conflicts == [d]


def test_r13_within_skew_withdrawn_beats_positive_emarketeer_side():
    d = only_decision(decide(c(CONSENT, t(0, 90)), c(WITHDRAWN, t(0))))
    assert_write(d, EM, WITHDRAWN, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)


def test_r13_within_skew_with_a_baseline_where_both_changed():
    d = only_decision(decide(c(WITHDRAWN, t(10, 30)), c(LEGIT, t(10)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(0))))
    assert_write(d, SO, WITHDRAWN, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)


def test_r13_within_skew_any_basis_beats_none():
    # None has no change time, so "near-simultaneous" cannot apply: the value wins (R5), never a None written.
    d = only_decision(decide(NO_CONSENT, c(CONSENT, NOW)))
    assert (d.winner, d.target, d.new) == (EM, SO, CONSENT)
    d = only_decision(decide(c(LEGIT, NOW), NO_CONSENT, bs=c(CONSENT, t(0)), be=c(CONSENT, t(0))))
    assert (d.winner, d.target, d.new) == (SO, EM, LEGIT)  # both changed; eMarketeer lost its row


def test_r13_within_skew_equally_restrictive_later_wins_emarketeer():
    d = only_decision(decide(c(CONSENT, t(0)), c(CONTRACT, t(0, 30))))
    assert_write(d, EM, CONTRACT, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)


def test_r13_within_skew_equally_restrictive_later_wins_superoffice():
    d = only_decision(decide(c(CONSENT, t(0, 119)), c(CONTRACT, t(0))))
    assert_write(d, SO, CONSENT, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)


def test_r13_exact_tie_goes_to_superoffice():
    d = only_decision(decide(c(CONSENT, t(0)), c(LEGIT, t(0))))
    assert_write(d, SO, CONSENT, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)


def test_r13_skew_window_is_a_setting():
    wide = PlanSettings(clock_skew=timedelta(hours=1))
    d = only_decision(decide(c(WITHDRAWN, t(0)), c(CONSENT, t(30)), settings=wide))
    assert_write(d, SO, WITHDRAWN, Rule.R13, Reason.NEAR_SIMULTANEOUS, conflict=True)
    d = only_decision(decide(c(WITHDRAWN, t(0)), c(CONSENT, t(30))))
    assert_write(d, EM, CONSENT, Rule.R5, Reason.EMARKETEER_LATER)


# ------------------------------------------------------------------ R9: oldest duplicate decides


def dup_world(oldest: Consent, others: tuple[Consent, Consent], em: Consent) -> Plan:
    # Person 7 is the oldest despite the highest id; the younger ones hold newer, different values.
    so = so_contact(
        QUIET,
        QUIET,
        person_id=7,
        duplicates=((3, T0 - timedelta(days=10), others[0], QUIET), (5, None, others[1], QUIET)),
    )
    so = SuperOfficeContact(
        so.email, tuple(p._replace(consents=(oldest, QUIET)) if p.person_id == 7 else p for p in so.persons)
    )
    return run(so, em_contact(em), baseline(None, None))


def test_r9_oldest_duplicate_decides_and_is_the_one_written():
    p = dup_world(c(CONSENT, t(0)), (c(WITHDRAWN, t(100)), c(WITHDRAWN, t(200))), c(LEGIT, t(10)))
    d = only_decision(p)
    assert_write(d, EM, LEGIT, Rule.R5, Reason.EMARKETEER_LATER)
    assert d.superoffice == c(CONSENT, t(0))  # not the younger duplicates' newer withdrawal
    assert (d.person_id, d.person_count, d.duplicates_differ) == (7, 3, True)
    assert d.rules == (Rule.R5, Rule.R9)
    assert "oldest of 3 SuperOffice persons with this address" in d.explain()
    assert "whose values differ" in d.explain()


def test_r9_oldest_duplicate_wins_towards_emarketeer():
    p = dup_world(c(WITHDRAWN, t(20)), (c(CONSENT, t(0)), NO_CONSENT), c(CONSENT, t(10)))
    d = only_decision(p)
    assert_write(d, SO, WITHDRAWN, Rule.R5, Reason.SUPEROFFICE_LATER)
    assert (d.person_id, d.person_count, d.duplicates_differ, d.rules) == (7, 3, True, (Rule.R5, Rule.R9))


def test_r9_duplicates_that_agree_do_not_cite_r9():
    p = dup_world(c(CONSENT, t(0)), (c(CONSENT, t(50)), c(CONSENT, t(60))), c(WITHDRAWN, t(10)))
    d = only_decision(p)
    assert (d.person_id, d.person_count, d.duplicates_differ, d.rules) == (7, 3, False, (Rule.R5,))
    assert "(oldest of 3 SuperOffice persons with this address)" in d.explain()


def test_r9_duplicates_with_an_agreement_still_cite_r9_when_they_differ():
    d = only_decision(dup_world(c(CONSENT, t(0)), (c(WITHDRAWN, t(50)), NO_CONSENT), c(CONSENT, t(10))))
    assert (d.target, d.rule, d.rules, d.person_count) == (None, Rule.R12, (Rule.R12, Rule.R9), 3)


def test_r9_duplicates_in_sync_with_the_baseline_are_not_decided():
    so = so_contact(c(CONSENT, t(0)), duplicates=((2, NOW, c(WITHDRAWN, t(99)), QUIET),))
    p = run(so, em_contact(c(CONSENT, t(1))), baseline(c(CONSENT, t(0)), c(CONSENT, t(1))))
    assert p.decisions == [] and p.errors == []
    assert (p.matched, p.in_sync) == (1, 2)


# ------------------------------------------------------------------ R11: one system only


def test_r11_unmatched_contacts_are_counted_and_left_alone():
    so = {e: so_contact(c(CONSENT, t(0)), email=e) for e in ("both@x.se", "so-only@x.se", "so-too@x.se")}
    em = {e: em_contact(c(WITHDRAWN, t(5)), email=e) for e in ("both@x.se", "em-only@x.se")}
    p = plan(so, em, {}, NOW)
    assert sorted(p.unmatched_superoffice) == ["so-only@x.se", "so-too@x.se"]
    assert p.unmatched_emarketeer == ["em-only@x.se"]
    assert p.matched == 1
    assert {d.email for d in p.decisions} == {"both@x.se"}
    assert p.errors == []


def test_r11_empty_worlds_plan_nothing():
    p = plan({}, {}, {}, NOW)
    assert (p.decisions, p.errors, p.matched, p.in_sync, p.unmatched_superoffice, p.unmatched_emarketeer) == (
        [],
        [],
        0,
        0,
        [],
        [],
    )


# ------------------------------------------------------------------ R17: bad input on the error list


def test_r17_consent_error_is_an_error_for_that_purpose_only():
    so = so_contact(c(None, t(0), "unknown SuperOffice legal base key '61X'"), c(WITHDRAWN, t(20)))
    p = run(so, em_contact(c(CONSENT, t(0)), c(CONSENT, t(10))))
    [err] = p.errors
    assert (err.email, err.purpose) == (EMAIL, STORE)
    assert "SuperOffice" in err.reason and "61X" in err.reason
    [d] = p.decisions
    assert d.purpose is MARKETING
    assert_write(d, SO, WITHDRAWN, Rule.R5, Reason.SUPEROFFICE_LATER)


def test_r17_emarketeer_consent_error_is_reported_with_its_system():
    p = run(
        so_contact(c(CONSENT, t(0))),
        em_contact(c(None, t(1), "unknown eMarketeer legal basis 'X'")),
        baseline(None, None),
    )
    [err] = p.errors
    assert err.purpose is STORE and err.reason.startswith("eMarketeer: ")
    assert p.decisions == []


def test_r17_value_without_change_time_is_an_error_and_the_other_purpose_goes_on():
    p = run(so_contact(c(CONSENT, t(0)), c(CONSENT, t(0))), em_contact(c(WITHDRAWN, None), c(CONSENT, t(5))))
    [err] = p.errors
    assert err.purpose is STORE
    assert err.reason == "eMarketeer: legal basis Withdrawn has no change time"
    [d] = p.decisions
    assert (d.purpose, d.rule, d.target) == (MARKETING, Rule.R12, None)


def test_r17_change_time_in_the_future_beyond_the_tolerance_is_an_error():
    future = NOW + PlanSettings().future_tolerance + timedelta(seconds=1)
    p = run(so_contact(c(WITHDRAWN, future), c(CONSENT, t(30))), em_contact(c(CONSENT, t(0)), c(WITHDRAWN, t(0))))
    [err] = p.errors
    assert err.purpose is STORE
    assert err.reason == "SuperOffice: change time 2026-06-10T12:10:01Z is in the future"
    [d] = p.decisions
    assert d.purpose is MARKETING
    assert_write(d, SO, CONSENT, Rule.R5, Reason.SUPEROFFICE_LATER)


def test_r17_change_time_slightly_ahead_within_the_skew_window_is_accepted():
    ahead = NOW + SKEW - timedelta(seconds=1)
    d = only_decision(decide(c(CONSENT, t(0)), c(WITHDRAWN, ahead)))
    assert_write(d, EM, WITHDRAWN, Rule.R5, Reason.EMARKETEER_LATER)


def test_r17_only_changed_side_lost_its_value_is_an_error_not_a_write():
    # A SuperOffice consent row was deleted since the last sync: "none" cannot be written, nor guessed.
    p = decide(NO_CONSENT, c(CONSENT, t(1)), bs=c(CONSENT, t(0)), be=c(CONSENT, t(1)))
    assert p.decisions == [] and p.writes == []
    [err] = p.errors
    assert (err.email, err.purpose) == (EMAIL, STORE)
    assert "SuperOffice no longer has a legal basis for Store and process" in err.reason
    assert "eMarketeer has Consent" in err.reason


def test_r17_only_changed_side_lost_its_value_emarketeer():
    p = decide(c(WITHDRAWN, t(0)), NO_CONSENT, bs=c(WITHDRAWN, t(0)), be=c(WITHDRAWN, t(1)))
    assert p.decisions == []
    [err] = p.errors
    assert "eMarketeer no longer has a legal basis" in err.reason and "SuperOffice has Withdrawn" in err.reason


def test_r17_errors_on_one_contact_do_not_stop_the_others():
    so = {
        "bad@x.se": so_contact(c(CONSENT, None), email="bad@x.se"),
        "good@x.se": so_contact(c(CONSENT, t(0)), email="good@x.se"),
    }
    em = {e: em_contact(c(WITHDRAWN, t(5)), email=e) for e in so}
    p = plan(so, em, {e: baseline(None, None) for e in so}, NOW)
    assert [(e.email, e.purpose) for e in p.errors] == [("bad@x.se", STORE)]
    assert [(d.email, d.target) for d in p.decisions] == [("good@x.se", SO)]


# ------------------------------------------------------------------ only=, decide_contact


def test_only_restricts_the_plan_to_those_addresses():
    emails = ["a@x.se", "b@x.se", "c@x.se", "d@x.se"]
    so = {e: so_contact(c(CONSENT, t(0)), email=e) for e in emails[:3]}
    em = {e: em_contact(c(WITHDRAWN, t(5)), email=e) for e in emails[1:]}
    full = plan(so, em, {}, NOW)
    assert {d.email for d in full.decisions} == {"b@x.se", "c@x.se"}
    p = plan(so, em, {}, NOW, only=frozenset({"b@x.se", "a@x.se", "d@x.se"}))
    assert {d.email for d in p.decisions} == {"b@x.se"}
    assert p.matched == 1
    assert p.unmatched_superoffice == ["a@x.se"]
    assert p.unmatched_emarketeer == ["d@x.se"]
    assert plan(so, em, {}, NOW, only=frozenset()).decisions == []


@pytest.mark.parametrize(
    ("s", "e", "bs", "be"),
    [
        (c(CONSENT, t(0)), c(WITHDRAWN, t(10)), None, None),
        (c(WITHDRAWN, t(30)), c(CONSENT, t(60)), c(CONSENT, t(0)), c(CONSENT, t(60))),
        (c(CONSENT, t(0)), c(CONSENT, t(1)), c(CONSENT, t(0)), c(CONSENT, t(1))),
        (NO_CONSENT, c(CONSENT, t(1)), c(CONSENT, t(0)), c(CONSENT, t(1))),
        (c(CONSENT, NOW + timedelta(hours=1)), c(LEGIT, t(0)), None, None),
        (c(WITHDRAWN, t(0)), c(CONSENT, t(0, 10)), None, None),
    ],
)
def test_r14_decide_contact_matches_plan_for_one_contact(s, e, bs, be):
    so = so_contact(s, c(WITHDRAWN, t(3)), duplicates=((9, NOW, c(CONTRACT, t(2)), QUIET),))
    em = em_contact(e, c(CONSENT, t(4)))
    base = baseline(bs, be)
    p = run(so, em, base)
    decisions, errors = decide_contact(so, em, base, NOW, VENDOR)
    assert decisions == p.decisions
    assert errors == p.errors


def test_r14_decide_contact_without_baseline_equals_plan_without_baseline():
    so, em = so_contact(c(CONSENT, t(0))), em_contact(c(WITHDRAWN, t(1)))
    decisions, errors = decide_contact(so, em, None, NOW)
    p = plan({EMAIL: so}, {EMAIL: em}, {}, NOW)
    assert (decisions, errors) == (p.decisions, p.errors)
    assert len(decisions) == 2  # store written, marketing agreed (no baseline yet)


# ------------------------------------------------------------------ Decision.explain(): words for support


def test_explain_emarketeer_changed_later():
    text = only_decision(decide(c(CONSENT, t(0)), c(WITHDRAWN, t(10)))).explain()
    assert "eMarketeer changed later" in text
    assert "2026-06-01T12:10:00Z" in text and "2026-06-01T12:00:00Z" in text
    assert "SuperOffice set to Withdrawn" in text


def test_explain_superoffice_changed_later():
    text = only_decision(decide(c(WITHDRAWN, t(10)), c(CONSENT, t(0)))).explain()
    assert "SuperOffice changed later" in text and "eMarketeer set to Withdrawn" in text


def test_explain_only_superoffice_changed():
    bs, be = c(CONSENT, t(0)), c(CONSENT, t(60))
    text = only_decision(decide(c(WITHDRAWN, t(30)), be, bs=bs, be=be)).explain()
    assert "Only SuperOffice changed since the last sync" in text
    assert "eMarketeer set to Withdrawn" in text


def test_explain_only_emarketeer_changed():
    bs, be = c(CONSENT, t(0)), c(CONSENT, t(0))
    text = only_decision(decide(bs, c(LEGIT, t(5)), bs=bs, be=be)).explain()
    assert "Only eMarketeer changed since the last sync" in text
    assert "SuperOffice set to Legitimate interest" in text


def test_explain_value_beats_none_and_agreement_and_conflict():
    assert "eMarketeer has no legal basis" in only_decision(decide(c(CONSENT, t(0)), NO_CONSENT)).explain()
    assert "SuperOffice has no legal basis" in only_decision(decide(NO_CONSENT, c(CONSENT, t(0)))).explain()
    agree = only_decision(decide(c(CONSENT, t(0)), c(CONSENT, t(9)))).explain()
    assert "Both systems say Consent: nothing to write" == agree
    conflict = only_decision(decide(c(WITHDRAWN, t(0)), c(CONSENT, t(0, 30)))).explain()
    assert "within the clock-skew window" in conflict and "more restrictive" in conflict and "review" in conflict
    assert "eMarketeer set to Withdrawn" in conflict


def test_explain_names_the_oldest_of_the_duplicates():
    text = only_decision(dup_world(c(CONSENT, t(0)), (c(WITHDRAWN, t(100)), NO_CONSENT), c(LEGIT, t(10)))).explain()
    assert "eMarketeer changed later" in text
    assert "oldest of 3 SuperOffice persons with this address" in text


def test_explain_single_person_does_not_mention_duplicates():
    text = only_decision(decide(c(CONSENT, t(0)), c(WITHDRAWN, t(10)))).explain()
    assert "oldest" not in text and "persons" not in text


# ------------------------------------------------------------------ plan bookkeeping


def test_plan_counts_matched_in_sync_writes_and_conflicts():
    contacts = {
        "sync@x.se": (c(CONSENT, t(0)), c(CONSENT, t(1)), baseline(c(CONSENT, t(0)), c(CONSENT, t(1)))),
        "write@x.se": (c(CONSENT, t(0)), c(WITHDRAWN, t(10)), baseline(None, None)),
        "conflict@x.se": (c(WITHDRAWN, t(0)), c(CONSENT, t(0, 5)), baseline(None, None)),
    }
    so = {e: so_contact(s, email=e) for e, (s, _, _) in contacts.items()}
    em = {e: em_contact(x, email=e) for e, (_, x, _) in contacts.items()}
    p = plan(so, em, {e: b for e, (_, _, b) in contacts.items()}, NOW)
    assert p.matched == 3
    assert p.in_sync == 2 + 1 + 1  # one whole contact, plus the quiet purpose of the other two
    assert {d.email for d in p.writes} == {"write@x.se", "conflict@x.se"}
    assert [d.email for d in p.conflicts] == ["conflict@x.se"]


# ------------------------------------------------ R13: a baseline is the agreeing person's, not the address's


def test_r13_a_baseline_agreed_by_another_person_is_a_first_match_for_the_person_holding_the_address_now():
    """The address moved from person 1 to person 2: person 1's agreement says nothing about person 2's empty
    row (not a removal, R13): eMarketeer's value, the only one, is written to person 2 (R5)."""
    agreed = c(CONSENT, t(-60))
    base = ContactBaseline((agreed, QUIET), (agreed, QUIET), (1, 1))
    p = run(so_contact(NO_CONSENT, person_id=2), em_contact(agreed), base)
    assert p.errors == []
    store, marketing = p.decisions
    assert_write(store, EM, CONSENT, Rule.R5, Reason.EMARKETEER_HAS_VALUE)
    assert store.person_id == 2 and store.baseline_superoffice is None
    # The purpose both already agree on is an agreement again (R12), saved as person 2's.
    assert marketing.target is None and marketing.person_id == 2 and marketing.baseline_superoffice is None


def test_r13_the_same_persons_baseline_still_guards_a_removal_and_a_duplicate_keeps_it():
    agreed = c(CONSENT, t(-60))
    base = ContactBaseline((agreed, QUIET), (agreed, QUIET), (1, 1))
    removal = run(so_contact(NO_CONSENT, person_id=1), em_contact(agreed), base)
    assert removal.decisions == [] and len(removal.errors) == 1  # R13: a removal is not synced
    # R9: person 1 is still one of the address's persons (a duplicate came along): its agreement still counts.
    with_duplicate = run(
        so_contact(NO_CONSENT, person_id=1, duplicates=((3, T0, NO_CONSENT, QUIET),)), em_contact(agreed), base
    )
    assert with_duplicate.decisions == [] and len(with_duplicate.errors) == 1
