"""The planner: both sides' contacts plus the baselines in, typed decisions out (R5, R9, R11-R13, R17, R22, R24).

A pure function. It is the single place where "who wins" is decided; the engine only applies
what it returns, and re-asks it per contact when a target moved (R14). A person's answers to
held decisions (R24) come in as data, so the planner stays pure.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .messages import Message
from .model import (
    EMPTY_BASELINE,
    PURPOSES,
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
    own_baseline,
    restrictiveness,
)


class Reason(StrEnum):
    """Why a side won, as a code; `Decision.explain()` turns it into words for people."""

    AGREE = "agree"  # both sides hold the same value (R12)
    ONLY_SUPEROFFICE_CHANGED = "only_superoffice_changed"  # R13
    ONLY_EMARKETEER_CHANGED = "only_emarketeer_changed"  # R13
    SUPEROFFICE_LATER = "superoffice_later"  # R5
    EMARKETEER_LATER = "emarketeer_later"  # R5
    SUPEROFFICE_HAS_VALUE = "superoffice_has_value"  # R5: a value beats none
    EMARKETEER_HAS_VALUE = "emarketeer_has_value"  # R5
    NEAR_SIMULTANEOUS = "near_simultaneous"  # R13: within the clock-skew window
    CREATION_DEFAULT = "creation_default"  # R22: SuperOffice's value came with the person's creation
    DUPLICATE = "duplicate"  # R9 (all): another person of the address brought to the decided value
    KEPT_WITHDRAWN = "kept_withdrawn"  # R24: a person chose to keep the withdrawal


class AnswerKind(StrEnum):
    """A person's answer to a held reversal (R24)."""

    APPROVE = "approve"  # write the positive basis
    KEEP = "keep"  # keep withdrawn: write `withdrawn` to the side that held the positive basis


@dataclass(frozen=True, slots=True)
class Answer:
    """R24: a person's answer, valid only while both sides still hold the values (and times) it was given for."""

    id: int
    email: str
    purpose: Purpose
    person_id: int | None
    kind: AnswerKind
    superoffice: Consent
    emarketeer: Consent

    def covers(self, d: "Decision") -> bool:
        return (
            self.person_id == d.person_id
            and _same(self.superoffice, d.superoffice)
            and _same(self.emarketeer, d.emarketeer)
        )


def _same(a: Consent, b: Consent) -> bool:
    return a.basis == b.basis and a.changed_at == b.changed_at


@dataclass(frozen=True, slots=True)
class PlanSettings:
    clock_skew: timedelta = timedelta(minutes=2)
    # R17: a change time further ahead of our clock than this is bad data, not clock skew. Server
    # clocks that drift by minutes are R13's business (the baseline guards against them); a time
    # hours or days ahead cannot be trusted to decide anything.
    future_tolerance: timedelta = timedelta(minutes=10)
    duplicates: DuplicatePolicy = DuplicatePolicy.ALL  # R9
    hold_reversals: bool = True  # R24

    @property
    def latest_allowed_delta(self) -> timedelta:
        return max(self.clock_skew, self.future_tolerance)


@dataclass(frozen=True, slots=True)
class Decision:
    """One contact and purpose: the values seen, who wins, what (if anything) is written, and why.

    `target` is None when nothing is written (the sides agree: the baseline is recorded).
    """

    email: str
    purpose: Purpose
    superoffice: Consent
    emarketeer: Consent
    baseline_superoffice: Consent | None
    baseline_emarketeer: Consent | None
    winner: System | None
    target: System | None
    new: LegalBasis | None
    rule: Rule
    reason: Reason
    conflict: bool = False
    person_id: int | None = None  # the SuperOffice person compared, or written to (R9)
    person_count: int = 1  # SuperOffice persons with this address
    duplicates_differ: bool = False  # R9 mattered: duplicates hold other values for this purpose
    decided_by: int | None = None  # R9: the SuperOffice person that spoke for SuperOffice
    default_passed_over: bool = False  # R22 with R9 `all`: a new person's later creation default did not speak
    held: bool = False  # R24: it would reverse a withdrawal; not written until a person approves
    approved: bool = False  # R24: a person approved exactly these values
    answer_id: int | None = None  # the answer (R24) this decision carries out
    duplicates: DuplicatePolicy = DuplicatePolicy.ALL

    @property
    def reverses_withdrawal(self) -> bool:
        """R24: a positive basis written over `withdrawn`."""
        return (
            self.target is not None
            and self.old is LegalBasis.WITHDRAWN
            and self.new is not None
            and self.new.is_positive
        )

    @property
    def is_write(self) -> bool:
        """A write this run makes (held decisions are not)."""
        return self.target is not None and not self.held

    @property
    def old(self) -> LegalBasis | None:
        """The target's value before the write."""
        if self.target is System.SUPEROFFICE:
            return self.superoffice.basis
        if self.target is System.EMARKETEER:
            return self.emarketeer.basis
        return None

    @property
    def rules(self) -> tuple[Rule, ...]:
        rules = (self.rule, Rule.R9) if self.duplicates_differ and self.rule is not Rule.R9 else (self.rule,)
        return rules + (Rule.R24,) if (self.held or self.approved) and self.rule is not Rule.R24 else rules

    def explain(self) -> str:
        """The decision in English words a support person understands (the command line, the logs, the history)."""
        return self.message().english()

    def message(self) -> Message:
        """Why this decision was made, as a typed message (the window words it in its language)."""
        so, em = self.superoffice, self.emarketeer
        r = self.reason
        if r is Reason.AGREE:
            why = Message.of("agree", basis=so.basis)
        elif r is Reason.ONLY_SUPEROFFICE_CHANGED:
            why = Message.of("only_changed", system=System.SUPEROFFICE)
        elif r is Reason.ONLY_EMARKETEER_CHANGED:
            why = Message.of("only_changed", system=System.EMARKETEER)
        elif r is Reason.SUPEROFFICE_LATER:
            why = Message.of("later", system=System.SUPEROFFICE, first=so.changed_at, second=em.changed_at)
        elif r is Reason.EMARKETEER_LATER:
            why = Message.of("later", system=System.EMARKETEER, first=em.changed_at, second=so.changed_at)
        elif r is Reason.SUPEROFFICE_HAS_VALUE:
            why = Message.of("has_value", empty=System.EMARKETEER, other=System.SUPEROFFICE)
        elif r is Reason.EMARKETEER_HAS_VALUE:
            why = Message.of("has_value", empty=System.SUPEROFFICE, other=System.EMARKETEER)
        elif r is Reason.CREATION_DEFAULT:
            why = Message.of("creation_default")
        elif r is Reason.DUPLICATE:
            why = Message.of("duplicate")
        elif r is Reason.KEPT_WITHDRAWN:
            why = Message.of("kept_withdrawn")
        else:
            why = Message.of("skew", first=so.changed_at, second=em.changed_at)
        target = None
        if self.target is not None:
            target = Message.of("would_be_set_to" if self.held else "set_to", system=self.target, basis=self.new)
        review = Message.of("held") if self.held else Message.of("approved") if self.approved else None
        duplicates = None
        if self.person_count > 1 and r is not Reason.DUPLICATE:
            if self.default_passed_over:
                duplicates = Message.of("latest_of_default", n=self.person_count)
            else:
                which = "oldest_of" if self.duplicates is DuplicatePolicy.OLDEST else "latest_of"
                duplicates = Message.of(which + ("_differ" if self.duplicates_differ else ""), n=self.person_count)
        return Message.of("decision", why=why, target=target, review=review, duplicates=duplicates, brought=None)


@dataclass(slots=True)
class Plan:
    """What one run decided. Only contacts that need attention carry a decision; the rest count as in sync."""

    decisions: list[Decision] = field(default_factory=list)
    errors: list[ContactError] = field(default_factory=list)
    matched: int = 0
    in_sync: int = 0  # contact-purposes unchanged since the baseline
    unmatched_superoffice: list[str] = field(default_factory=list)  # R11
    unmatched_emarketeer: list[str] = field(default_factory=list)  # R11

    used_answers: list[int] = field(default_factory=list)  # R24 answers a decision carries out
    void_answers: list[int] = field(default_factory=list)  # R24 answers whose values have since changed
    # R24 answers for exactly the values decided, set aside: "Hold reversed withdrawals" is off, R5 decided instead.
    holds_off_answers: list[int] = field(default_factory=list)
    gone_answers: list[int] = field(default_factory=list)  # R24 answers whose address neither system holds any more

    @property
    def writes(self) -> list[Decision]:
        return [d for d in self.decisions if d.target is not None and not d.held]

    @property
    def held(self) -> list[Decision]:
        """R24: decisions waiting for a person."""
        return [d for d in self.decisions if d.held]

    @property
    def conflicts(self) -> list[Decision]:
        return [d for d in self.decisions if d.conflict]


def plan(
    superoffice: Mapping[str, SuperOfficeContact],
    emarketeer: Mapping[str, EmarketeerContact],
    baselines: Mapping[str, ContactBaseline],
    now: datetime,
    settings: PlanSettings = PlanSettings(),
    *,
    only: frozenset[str] | None = None,
    answers: Mapping[str, Sequence[Answer]] | None = None,
    unreadable: Collection[str] = (),
) -> Plan:
    """Decide every matched contact and purpose. `only` limits the plan to those addresses; `answers`
    (by address) are a person's answers to held reversals (R24).

    With `only`, the plan covers those addresses whole: an answered one that neither side holds was deleted from
    both systems, and its answers are `gone_answers`, unless it is `unreadable` (a read error kept it out of the
    sides: it may well exist). Without `only` (a full run's slice) an address it does not hold is another slice's."""
    result = Plan()
    decisions = result.decisions
    errors = result.errors
    in_sync = 0
    matched = 0
    baseline_get = baselines.get
    em_get = emarketeer.get
    answers_get = (answers or {}).get
    latest_allowed = now + settings.latest_allowed_delta
    for email, so_contact in superoffice.items():
        if only is not None and email not in only:
            continue
        em_contact = em_get(email)
        if em_contact is None:
            result.unmatched_superoffice.append(email)
            _void(result, answers_get(email, ()))  # R24: gone from eMarketeer, nothing to carry out on
            continue
        matched += 1
        persons = so_contact.persons
        so_values = persons[0].consents
        em_values = em_contact.consents
        base = own_baseline(baseline_get(email), persons)
        # The common case by far: nothing moved since both sides last agreed. Tuple equality runs in C.
        if base is not None and len(persons) == 1 and so_values == base.superoffice and em_values == base.emarketeer:
            in_sync += len(PURPOSES)
            _void(result, answers_get(email, ()))  # R24: back in step, nothing held to carry out
            continue
        in_sync += _decide_contact(
            email,
            so_contact,
            em_contact,
            base or EMPTY_BASELINE,
            settings,
            latest_allowed,
            decisions,
            errors,
            answers_get(email, ()),
            result,
        )
    for email in emarketeer:
        if email not in superoffice and (only is None or email in only):
            result.unmatched_emarketeer.append(email)
            # R24: no SuperOffice person holds the address any more (its e-mail changed, or it was deleted): a
            # change on that side, and the answer must not revive if the address comes back to the same person.
            _void(result, answers_get(email, ()))
    if answers and only is not None:
        for email, given in answers.items():
            if email in only and email not in superoffice and email not in emarketeer and email not in unreadable:
                result.gone_answers.extend(a.id for a in given)
    result.matched = matched
    result.in_sync = in_sync
    return result


def decide_contact(
    so_contact: SuperOfficeContact,
    em_contact: EmarketeerContact,
    baseline: ContactBaseline | None,
    now: datetime,
    settings: PlanSettings = PlanSettings(),
    answers: Sequence[Answer] = (),
) -> tuple[list[Decision], list[ContactError]]:
    """Decide one matched contact again (R14: the target moved after the plan was made)."""
    decisions: list[Decision] = []
    errors: list[ContactError] = []
    _decide_contact(
        so_contact.email,
        so_contact,
        em_contact,
        own_baseline(baseline, so_contact.persons) or EMPTY_BASELINE,
        settings,
        now + settings.latest_allowed_delta,
        decisions,
        errors,
        answers,
        None,
    )
    return decisions, errors


def _check(value: Consent, system: System, latest_allowed: datetime) -> Message | None:
    """R17: why this side's value cannot be used, or None."""
    if value.error is not None:
        return Message.of("side_problem", system=system, why=value.error)
    if value.basis is not None and value.changed_at is None:
        return Message.of("no_time", system=system, basis=value.basis)
    if value.changed_at is not None and value.changed_at > latest_allowed:
        return Message.of("future", system=system, when=value.changed_at)
    return None


def speaker(
    persons: Sequence[SuperOfficePerson], i: int, policy: DuplicatePolicy, agreed_by: int | None = None
) -> SuperOfficePerson:
    """R9: the person whose value is SuperOffice's for purpose `i`. `persons` are oldest first.

    `oldest`: the oldest person. `all`: whichever changed last (a value beats none, which has no
    change time); ties go to the oldest; the persons `voices` leaves out do not count.
    """
    if policy is DuplicatePolicy.OLDEST:
        return persons[0]
    return _latest(voices(persons, i, agreed_by), i)


def _latest(persons: Sequence[SuperOfficePerson], i: int) -> SuperOfficePerson:
    """Whichever person changed purpose `i` last (a value beats none); ties go to the oldest."""
    best = persons[0]
    best_time = best.consents[i].changed_at
    for person in persons[1:]:
        t = person.consents[i].changed_at
        if t is not None and (best_time is None or t > best_time):
            best, best_time = person, t
    return best


def voices(persons: Sequence[SuperOfficePerson], i: int, agreed_by: int | None) -> Sequence[SuperOfficePerson]:
    """R9 `all` with R22: the persons that may speak for SuperOffice for purpose `i`. A person that is not the one both
    sides last agreed with (`agreed_by`, the baseline's) and whose row is still SuperOffice's creation default does not
    while another person holds a value: the default is no one's decision, and as the latest change it would overwrite
    the address's agreed basis (a salesperson created a duplicate). It is brought in step like any duplicate."""
    if len(persons) < 2:
        return persons
    heard = [p for p in persons if p.person_id == agreed_by or not p.is_creation_default(i)]
    return heard if any(p.consents[i].basis is not None for p in heard) else persons


def _decide_contact(
    email: str,
    so_contact: SuperOfficeContact,
    em_contact: EmarketeerContact,
    base: ContactBaseline,
    settings: PlanSettings,
    latest_allowed: datetime,
    decisions: list[Decision],
    errors: list[ContactError],
    answers: Sequence[Answer],
    result: Plan | None,
) -> int:
    """Append this contact's decisions and errors; return how many purposes were already in sync."""
    in_sync = 0
    persons = so_contact.persons
    policy = settings.duplicates
    # R9: which persons take part: all of them, or only the oldest.
    taking_part = persons if policy is DuplicatePolicy.ALL else persons[:1]
    for purpose in PURPOSES:
        i = purpose.index
        e = em_contact.consents[i]
        problem = None
        for person in taking_part:
            problem = _check(person.consents[i], System.SUPEROFFICE, latest_allowed)
            if problem is not None:
                if len(taking_part) > 1:
                    problem = Message.of("of_person", problem=problem, id=person.person_id)
                break
        problem = problem or _check(e, System.EMARKETEER, latest_allowed)
        if problem is not None:
            errors.append(ContactError(email, purpose, problem.english(), said=problem))
            continue
        voice = speaker(persons, i, policy, base.persons[i] if base.persons else None)
        s = voice.consents[i]
        duplicates_differ = len(persons) > 1 and any(p.consents[i].basis != s.basis for p in persons if p is not voice)
        bs = base.superoffice[i]
        be = base.emarketeer[i]
        # R9 (all): persons of the address that do not hold the value yet still need it, even when in step.
        behind = policy is DuplicatePolicy.ALL and duplicates_differ
        if bs is not None and s == bs and e == be and not behind:
            in_sync += 1
            _void(result, (a for a in answers if a.purpose is purpose))  # R24: back in step, nothing held
            continue
        common: dict[str, Any] = dict(
            email=email,
            purpose=purpose,
            emarketeer=e,
            baseline_superoffice=bs,
            baseline_emarketeer=be,
            person_count=len(persons),
            duplicates_differ=duplicates_differ,
            decided_by=voice.person_id,
            duplicates=policy,
            default_passed_over=len(persons) > 1 and policy is DuplicatePolicy.ALL and voice is not _latest(persons, i),
        )
        if s.basis == e.basis:
            # R12: equal values, no write; the decision records the new baseline.
            main = Decision(
                superoffice=s,
                person_id=voice.person_id,
                winner=None,
                target=None,
                new=s.basis,
                rule=Rule.R12,
                reason=Reason.AGREE,
                **common,
            )
        elif bs is None and e.basis is not None and voice.is_creation_default(i):
            # R22: SuperOffice's own default for a new person is no one's decision: eMarketeer's value stays.
            main = Decision(
                superoffice=s,
                person_id=voice.person_id,
                winner=System.EMARKETEER,
                target=System.SUPEROFFICE,
                new=e.basis,
                rule=Rule.R22,
                reason=Reason.CREATION_DEFAULT,
                **common,
            )
        else:
            winner, rule, reason, conflict = _winner(s, e, bs, be, settings.clock_skew)
            new = s.basis if winner is System.SUPEROFFICE else e.basis
            if new is None:
                # Only possible when the sole changed side lost its value (a SuperOffice row deleted).
                # Neither API can write "no legal basis", and guessing would drop a lawful basis or
                # revive a withdrawn one: the contact goes on the error list until a person decides.
                removal = Message.of(
                    "removal",
                    system=winner,
                    purpose=purpose,
                    other=winner.other,
                    basis=s.basis if winner is System.EMARKETEER else e.basis,
                )
                errors.append(ContactError(email, purpose, removal.english(), said=removal))
                continue
            main = Decision(
                superoffice=s,
                person_id=voice.person_id,
                winner=winner,
                target=winner.other,
                new=new,
                rule=rule,
                reason=reason,
                conflict=conflict,
                **common,
            )
        fan_out = policy is DuplicatePolicy.ALL and len(persons) > 1
        group = [main, *_bring_in_step(persons, voice, i, main, common)] if fan_out else [main]
        if settings.hold_reversals:
            group = _hold_reversals(
                group,
                persons if policy is DuplicatePolicy.ALL else (voice,),
                i,
                e,
                common,
                [a for a in answers if a.purpose is purpose],
                result,
            )
        elif result is not None and answers:
            _set_aside(group, [a for a in answers if a.purpose is purpose], result)
        decisions.extend(group)
    return in_sync


def _void(result: Plan | None, answers: Iterable[Answer]) -> None:
    """R24: answers for a pair this run saw and had no use for: back in step with the baseline, or its address no
    longer in both systems. What they were given for has changed; left open, one would be carried out if the
    same values came back (an address put back on its person). An error on a side is not such news: those stay."""
    if result is not None:
        result.void_answers.extend(a.id for a in answers)


def _set_aside(group: list[Decision], answers: list[Answer], result: Plan) -> None:
    """R24 with "Hold reversed withdrawals" off: R5 decided the pair as the vendor does, whatever a person answered
    while it was on. An answer for exactly the values decided is set aside (not carried out, and never later: were
    holds switched on again, a person answers the pair as it then stands); one for other values is void."""
    for a in answers:
        (result.holds_off_answers if any(a.covers(d) for d in group) else result.void_answers).append(a.id)


def _bring_in_step(
    persons: Sequence[SuperOfficePerson], voice: SuperOfficePerson, i: int, main: Decision, common: dict[str, Any]
) -> list[Decision]:
    """R9 (all): a write for every other person of the address that does not hold the decided value."""
    new = main.new
    if new is None:
        return []  # nothing to write: "no legal basis" cannot be written
    return [
        Decision(
            superoffice=p.consents[i],
            person_id=p.person_id,
            winner=main.winner,
            target=System.SUPEROFFICE,
            new=new,
            rule=Rule.R9,
            reason=Reason.DUPLICATE,
            **common,
        )
        for p in persons
        if p is not voice and p.consents[i].basis != new
    ]


def _hold_reversals(
    group: list[Decision],
    persons: Sequence[SuperOfficePerson],
    i: int,
    e: Consent,
    common: dict[str, Any],
    answers: list[Answer],
    result: Plan | None,
) -> list[Decision]:
    """R24: a write of a positive basis over `withdrawn` waits for a person, unless a person answered
    for exactly these values: Approve lets it through, Keep withdrawn turns the address to `withdrawn`."""
    used: list[int] = []
    out: list[Decision] = []
    kept: Answer | None = None
    for d in group:
        if not d.reverses_withdrawal:
            out.append(d)
            continue
        answer = next((a for a in answers if a.covers(d)), None)
        if answer is None:
            out.append(replace(d, held=True))
        elif answer.kind is AnswerKind.APPROVE:
            out.append(replace(d, approved=True, answer_id=answer.id))
            used.append(answer.id)
        else:
            kept = kept or answer
            used.append(answer.id)
    if kept is not None:
        out = _keep_withdrawn(group[0], persons, i, e, common, kept)
    elif out[0].held:
        # The address's value waits for a person: bringing the other persons to it waits too (R9 `all`).
        out = [out[0], *(d for d in out[1:] if d.held)]
    if result is not None:
        result.used_answers.extend(used)
        result.void_answers.extend(a.id for a in answers if a.id not in used)
    return out


def _keep_withdrawn(
    main: Decision, persons: Sequence[SuperOfficePerson], i: int, e: Consent, common: dict[str, Any], answer: Answer
) -> list[Decision]:
    """R24 Keep withdrawn: `withdrawn` becomes the address's value, written wherever a positive basis is held."""
    w = LegalBasis.WITHDRAWN
    winner = System.EMARKETEER if e.basis is w else System.SUPEROFFICE
    out = [
        replace(
            main,
            target=None,
            new=None,
            winner=winner,
            rule=Rule.R24,
            reason=Reason.KEPT_WITHDRAWN,
            conflict=False,
            held=False,
            approved=False,
            answer_id=answer.id,
        )
    ]
    writes: list[Decision] = []
    if e.basis is not None and e.basis is not w:
        writes.append(replace(out[0], target=System.EMARKETEER, new=w))
    for p in persons:
        value = p.consents[i]
        if value.basis is not None and value.basis is not w:
            writes.append(
                Decision(
                    superoffice=value,
                    person_id=p.person_id,
                    winner=winner,
                    target=System.SUPEROFFICE,
                    new=w,
                    rule=Rule.R24,
                    reason=Reason.KEPT_WITHDRAWN,
                    answer_id=answer.id,
                    **common,
                )
            )
    return writes


def _winner(
    s: Consent, e: Consent, bs: Consent | None, be: Consent | None, skew: timedelta
) -> tuple[System, Rule, Reason, bool]:
    if bs is not None:
        so_changed = s != bs
        em_changed = e != be
        # R13: exactly one side moved since both agreed: it wins whatever the clocks say.
        if so_changed and not em_changed:
            return System.SUPEROFFICE, Rule.R13, Reason.ONLY_SUPEROFFICE_CHANGED, False
        if em_changed and not so_changed:
            return System.EMARKETEER, Rule.R13, Reason.ONLY_EMARKETEER_CHANGED, False
    # R5: a value beats none (none has no change time).
    if s.basis is None:
        return System.EMARKETEER, Rule.R5, Reason.EMARKETEER_HAS_VALUE, False
    if e.basis is None:
        return System.SUPEROFFICE, Rule.R5, Reason.SUPEROFFICE_HAS_VALUE, False
    assert s.changed_at is not None and e.changed_at is not None  # guaranteed by _check
    delta = s.changed_at - e.changed_at
    if abs(delta) < skew:
        # R13: too close to trust either clock: the more restrictive value wins, listed as a conflict.
        rs, re_ = restrictiveness(s.basis), restrictiveness(e.basis)
        if rs != re_:
            winner = System.SUPEROFFICE if rs > re_ else System.EMARKETEER
        else:
            # Equally restrictive: the later change; an exact tie goes to the CRM, the system of record.
            winner = System.EMARKETEER if delta < timedelta(0) else System.SUPEROFFICE
        return winner, Rule.R13, Reason.NEAR_SIMULTANEOUS, True
    if delta > timedelta(0):
        return System.SUPEROFFICE, Rule.R5, Reason.SUPEROFFICE_LATER, False
    return System.EMARKETEER, Rule.R5, Reason.EMARKETEER_LATER, False
