"""The app's own safety rules, case by case: R9 both modes, R22 creation defaults, R24 holds and answers,
R23's brake and R25's flapping pairs (the pure parts; test_engine_safety.py runs them against the simulators)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from desktop_app.domain.model import (
    Consent,
    ContactBaseline,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    Rule,
    SuperOfficePerson,
    System,
)
from desktop_app.domain.planner import Answer, AnswerKind, PlanSettings, Reason, plan
from desktop_app.domain.records import group_persons
from desktop_app.domain.safety import BrakeSettings, brake_holds, split_flapping

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
NOW = T0 + timedelta(days=2)
CONSENT, LEGIT, CONTRACT = LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST, LegalBasis.CONTRACT
W = LegalBasis.WITHDRAWN
SO, EM = System.SUPEROFFICE, System.EMARKETEER
STORE, MARKETING = Purpose.STORE, Purpose.MARKETING
EMAIL = "dup@example.se"
QUIET = Consent(CONTRACT, T0 - timedelta(days=300))
ALL = PlanSettings()
OLDEST = PlanSettings(duplicates=DuplicatePolicy.OLDEST)


def t(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def person(pid: int, store: Consent, *, registered: datetime | None = None, untouched: bool = False):
    return SuperOfficePerson(
        pid, EMAIL, registered or T0 - timedelta(days=400 - pid), (store, QUIET), (untouched, False)
    )


def world(persons, em_store: Consent, base: tuple[Consent, Consent] | None = None):
    so = group_persons(persons)
    em = {EMAIL: EmarketeerContact(EMAIL, 7, (em_store, QUIET))}
    bs = ContactBaseline((base[0] if base else None, QUIET), (base[1] if base else None, QUIET))
    return so, em, {EMAIL: bs}


def decide(persons, em_store, base=None, settings=ALL, answers=()):
    so, em, baselines = world(persons, em_store, base)
    return plan(so, em, baselines, NOW, settings, answers={EMAIL: list(answers)} if answers else None)


def writes_by_target(p):
    return {(d.target, d.person_id if d.target is SO else None): d.new for d in p.writes}


# ------------------------------------------------------------------ R9


def test_r9_all_the_latest_changed_person_speaks_and_every_person_gets_the_decided_value():
    """Persons disagree among themselves: the one changed last speaks for SuperOffice (R5 against eMarketeer)."""
    p = decide(
        [person(1, Consent(CONSENT, t(10))), person(2, Consent(W, t(30))), person(3, Consent())], Consent(LEGIT, t(0))
    )
    assert p.errors == [] and p.held == []
    main = next(d for d in p.decisions if d.rule is Rule.R5)
    assert (main.decided_by, main.person_id, main.superoffice.basis, main.target) == (2, 2, W, EM)
    assert "latest-changed of 3 SuperOffice persons" in main.explain()
    assert writes_by_target(p) == {(EM, None): W, (SO, 1): W, (SO, 3): W}
    fan = [d for d in p.writes if d.rule is Rule.R9]
    assert {d.reason for d in fan} == {Reason.DUPLICATE} and {d.decided_by for d in fan} == {2}


def test_r9_all_ties_go_to_the_oldest_person():
    p = decide([person(1, Consent(CONSENT, t(10))), person(2, Consent(CONTRACT, t(10)))], Consent(LEGIT, t(0)))
    main = next(d for d in p.decisions if d.rule is Rule.R5)
    assert main.decided_by == 1 and main.new is CONSENT
    assert writes_by_target(p) == {(EM, None): CONSENT, (SO, 2): CONSENT}


def test_r9_all_persons_in_step_with_emarketeer_but_not_each_other_are_brought_in_step():
    """The sides agree (R12), yet one duplicate holds another value: only it is written."""
    p = decide(
        [person(1, Consent(CONSENT, t(5))), person(2, Consent(CONTRACT, t(1)))],
        Consent(CONSENT, t(3)),
        base=(Consent(CONSENT, t(5)), Consent(CONSENT, t(3))),
    )
    assert writes_by_target(p) == {(SO, 2): CONSENT}
    assert [d.rule for d in p.writes] == [Rule.R9]


def test_r9_oldest_only_the_oldest_person_is_compared_and_written():
    p = decide(
        [person(1, Consent(CONSENT, t(10))), person(2, Consent(W, t(30)))], Consent(LEGIT, t(0)), settings=OLDEST
    )
    [d] = p.writes
    assert (d.person_id, d.target, d.new, d.duplicates_differ) == (1, EM, CONSENT, True)
    assert "oldest of 2 SuperOffice persons" in d.explain()


# ------------------------------------------------------------------ R22


def default_person(pid=1, basis=LEGIT, untouched=True):
    # Registered with the person (same second), never updated: SuperOffice's own default.
    return person(pid, Consent(basis, t(0)), registered=t(0), untouched=untouched)


def test_r22_a_creation_default_loses_to_emarketeer_on_the_first_match():
    p = decide([default_person()], Consent(CONSENT, t(-600)))  # eMarketeer's consent is older than the person
    [d] = p.writes
    assert (d.rule, d.reason, d.target, d.new, d.winner) == (Rule.R22, Reason.CREATION_DEFAULT, SO, CONSENT, EM)
    assert "default it gave the person at creation" in d.explain()


def test_r22_a_creation_default_loses_even_to_a_withdrawal_and_is_no_reversal():
    p = decide([default_person()], Consent(W, t(-600)))
    [d] = p.writes
    assert (d.rule, d.new) == (Rule.R22, W) and p.held == []


def test_r22_against_no_value_the_default_stands():
    [d] = decide([default_person()], Consent()).writes
    assert (d.rule, d.target, d.new) == (Rule.R5, EM, LEGIT)


def test_r22_only_on_a_first_match():
    p = decide(
        [default_person()], Consent(CONSENT, t(-600)), base=(Consent(CONSENT, t(-700)), Consent(CONSENT, t(-600)))
    )
    [d] = p.writes
    assert d.rule is Rule.R13 and d.target is EM  # only SuperOffice changed since the baseline


def test_r22_an_updated_row_or_one_registered_later_is_a_persons_decision():
    for p_ in (
        default_person(untouched=False),
        person(1, Consent(LEGIT, t(5)), registered=t(0), untouched=True),
    ):  # 5 minutes after creation
        [d] = decide([p_], Consent(CONSENT, t(-600))).writes
        assert (d.rule, d.target) == (Rule.R5, EM)


def test_r22_a_marketing_row_made_with_the_person_is_a_persons_decision():
    """R22 is about the "Store and process" row SuperOffice gives every new person by itself. A "Marketing sendouts"
    withdrawal set by whoever created the person, in the same minute, is theirs: before, it lost to eMarketeer's older
    consent on the first match, which was written over it (and with R24 off, the person could be e-mailed)."""
    withdrawn_at_creation = SuperOfficePerson(
        1, EMAIL, t(0), (Consent(LEGIT, t(-900)), Consent(W, t(0))), (False, True)
    )
    assert not withdrawn_at_creation.is_creation_default(Purpose.MARKETING.index)
    so = group_persons([withdrawn_at_creation])
    em = {EMAIL: EmarketeerContact(EMAIL, 7, (Consent(LEGIT, t(-900)), Consent(CONSENT, t(-600))))}
    for settings in (ALL, PlanSettings(hold_reversals=False)):
        the_plan = plan(so, em, {}, NOW, settings)
        [d] = the_plan.writes
        assert (d.purpose, d.rule, d.target, d.new) == (Purpose.MARKETING, Rule.R5, EM, W)  # the later change wins


def test_r22_a_new_duplicates_creation_default_does_not_speak_for_the_address():
    """R22 with R9 `all`: a person created since both sides agreed brings SuperOffice's default, the latest change;
    it is no one's decision, so the agreed person still speaks and the newcomer is brought in step."""
    agreed = Consent(CONSENT, t(-900))
    new = person(2, Consent(LEGIT, t(60)), registered=t(60), untouched=True)
    p = decide([person(1, agreed), new], Consent(CONSENT, t(-800)), base=(agreed, Consent(CONSENT, t(-800))))
    assert writes_by_target(p) == {(SO, 2): CONSENT}
    main = next(d for d in p.decisions if d.rule is Rule.R12)
    assert main.decided_by == 1 and main.default_passed_over
    assert "creation default is no one's decision" in main.explain()
    # Once someone set the newcomer's row (no longer untouched), it speaks as the latest change (R9).
    touched = new._replace(untouched=(False, False))
    p = decide([person(1, agreed), touched], Consent(CONSENT, t(-800)), base=(agreed, Consent(CONSENT, t(-800))))
    assert writes_by_target(p) == {(EM, None): LEGIT, (SO, 1): LEGIT}


def test_r22_a_new_duplicates_creation_default_stands_when_no_other_person_has_a_value():
    """R22: against no value the default stands like any other value, duplicates or not."""
    new = person(2, Consent(LEGIT, t(60)), registered=t(60), untouched=True)
    p = decide([person(1, Consent()), new], Consent())
    assert writes_by_target(p) == {(EM, None): LEGIT, (SO, 1): LEGIT}


# ------------------------------------------------------------------ R24


def test_r24_a_positive_basis_over_a_withdrawal_is_held_not_written():
    p = decide([person(1, Consent(CONSENT, t(30)))], Consent(W, t(0)))
    assert p.writes == []
    [h] = p.held
    assert (h.target, h.old, h.new, h.held) == (EM, W, CONSENT, True)
    assert Rule.R24 in h.rules and "held for review" in h.explain()


def test_r24_off_the_latest_change_wins_as_the_vendor_does():
    p = decide([person(1, Consent(CONSENT, t(30)))], Consent(W, t(0)), settings=PlanSettings(hold_reversals=False))
    assert [(d.target, d.new) for d in p.writes] == [(EM, CONSENT)] and p.held == []


def answer(kind, so, em, pid=1, id_=5):
    return Answer(id_, EMAIL, STORE, pid, kind, so, em)


def test_r24_approve_covers_exactly_the_values_it_was_given_for():
    so, em = Consent(CONSENT, t(30)), Consent(W, t(0))
    p = decide([person(1, so)], em, answers=[answer(AnswerKind.APPROVE, so, em)])
    [d] = p.writes
    assert (d.target, d.new, d.approved, d.answer_id) == (EM, CONSENT, True, 5)
    assert p.used_answers == [5] and p.void_answers == []
    # A later change on either side voids it: held again.
    later = Consent(CONSENT, t(40))
    p = decide([person(1, later)], em, answers=[answer(AnswerKind.APPROVE, so, em)])
    assert p.writes == [] and len(p.held) == 1 and p.void_answers == [5]


def test_r24_an_answer_for_a_pair_back_in_step_or_no_longer_matched_is_void_but_not_for_an_error():
    """R24: a later change on either side voids an answer, also when it leaves nothing to decide: the pair is back in
    step, or the address left one system (R11). Left open, it revived when the same values came back. An error on a
    side says nothing about the values (R17): the answer stays open."""
    so, em = Consent(CONSENT, t(30)), Consent(W, t(0))
    approval = answer(AnswerKind.APPROVE, so, em)
    # Back in step since the answer (SuperOffice withdrew again), with a baseline saying so: the fast path.
    back = Consent(W, t(40))
    p = decide([person(1, back)], em, base=(back, em), answers=[approval])
    assert p.void_answers == [5] and p.decisions == []
    # One purpose in step, the other not: only the answers of the one in step.
    moving = ContactBaseline((back, None), (em, None))
    so_c = group_persons([SuperOfficePerson(1, EMAIL, t(-900), (back, Consent(LEGIT, t(50))))])
    em_c = {EMAIL: EmarketeerContact(EMAIL, 7, (em, Consent(CONSENT, t(1))))}
    marketing = Answer(6, EMAIL, MARKETING, 1, AnswerKind.APPROVE, Consent(LEGIT, t(50)), Consent(CONSENT, t(1)))
    p = plan(so_c, em_c, {EMAIL: moving}, NOW, ALL, answers={EMAIL: [approval, marketing]})
    assert 5 in p.void_answers
    # The address left SuperOffice (the person's e-mail changed) or eMarketeer.
    so_c, em_c, baselines = world([person(1, so)], em)
    assert plan({}, em_c, baselines, NOW, ALL, answers={EMAIL: [approval]}).void_answers == [5]
    assert plan(so_c, {}, baselines, NOW, ALL, answers={EMAIL: [approval]}).void_answers == [5]
    # Outside the plan's scope: not seen, not voided.
    assert plan({}, em_c, baselines, NOW, ALL, only=frozenset(), answers={EMAIL: [approval]}).void_answers == []
    # An error on a side: on the error list, the answer still open.
    broken = Consent(CONSENT, t(30), error="an unknown legal basis key")
    p = decide([person(1, broken)], em, answers=[approval])
    assert p.errors and p.void_answers == [] and p.used_answers == []


def test_r24_keep_withdrawn_writes_withdrawn_to_the_side_with_the_positive_basis():
    so, em = Consent(CONSENT, t(30)), Consent(W, t(0))
    p = decide([person(1, so)], em, answers=[answer(AnswerKind.KEEP, so, em)])
    [d] = p.writes
    assert (d.target, d.new, d.rule, d.reason, d.answer_id) == (SO, W, Rule.R24, Reason.KEPT_WITHDRAWN, 5)
    assert p.held == [] and p.used_answers == [5]


def test_r24_keep_withdrawn_in_all_mode_reaches_every_person_holding_a_positive_basis():
    so, em = Consent(CONSENT, t(30)), Consent(W, t(0))
    persons = [person(1, so), person(2, Consent(CONTRACT, t(20))), person(3, Consent(W, t(1)))]
    held = decide(persons, em).held
    # Person 3's own withdrawal would be reversed too; person 2 is not brought in step while the value waits.
    assert [(d.target, d.person_id) for d in held] == [(EM, 1), (SO, 3)]
    p = decide(persons, em, answers=[answer(AnswerKind.KEEP, so, em)])
    assert writes_by_target(p) == {(SO, 1): W, (SO, 2): W}


def test_r24_a_duplicate_holding_a_withdrawal_is_held_on_its_own():
    p = decide([person(1, Consent(CONSENT, t(30))), person(2, Consent(W, t(1)))], Consent(CONSENT, t(20)))
    assert p.writes == []
    [h] = p.held
    assert (h.target, h.person_id, h.rule) == (SO, 2, Rule.R9)


# ------------------------------------------------------------------ R23, R25


def test_r23_brake_needs_both_the_number_and_the_share_except_on_a_first_full_run():
    s = BrakeSettings()
    assert not brake_holds(200, 1000, True, s)  # exactly the limit is fine
    assert brake_holds(201, 1000, True, s)  # a first full run: the number alone
    assert not brake_holds(201, 100_000, False, s)  # 0.2 % of the contacts
    assert brake_holds(3610, 100_000, False, s)
    assert not brake_holds(3610, 100_000, False, BrakeSettings(enabled=False))
    assert not brake_holds(3610, 100_000, False, BrakeSettings(max_writes=5000))
    assert brake_holds(300, 100_000, False, BrakeSettings(max_percent=0.1))


def test_r25_a_pair_written_three_times_in_a_day_is_not_written_again():
    p = decide([person(1, Consent(CONSENT, t(30)))], Consent(LEGIT, t(0)))
    [d] = p.writes
    key = (d.email, d.purpose)
    keep, found = split_flapping(p.writes, {key: ["w1", "w2"]}, set())
    assert keep == [d] and found == {}
    keep, found = split_flapping(p.writes, {key: ["w1", "w2", "w3"]}, set())
    assert keep == [] and found == {key: ["w1", "w2", "w3"]}
    keep, found = split_flapping(p.writes, {}, {key})  # already flapping, not cleared: stays unwritten
    assert keep == [] and found == {}
