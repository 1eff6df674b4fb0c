"""The planner: both sides' contacts plus the baselines in, typed decisions out (R5, R9, R11-R13, R17).

A pure function. It is the single place where "who wins" is decided; the engine only applies
what it returns, and re-asks it per contact when a target moved (R14).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from .model import (
    EMPTY_BASELINE,
    PURPOSES,
    Consent,
    ContactBaseline,
    ContactError,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    Rule,
    SuperOfficeContact,
    System,
    basis_label,
    format_time,
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


@dataclass(frozen=True, slots=True)
class PlanSettings:
    clock_skew: timedelta = timedelta(minutes=2)
    # R17: a change time further ahead of our clock than this is bad data, not clock skew. Server
    # clocks that drift by minutes are R13's business (the baseline guards against them); a time
    # hours or days ahead cannot be trusted to decide anything.
    future_tolerance: timedelta = timedelta(minutes=10)

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
    person_id: int | None = None  # the SuperOffice person used (R9: the oldest)
    person_count: int = 1  # SuperOffice persons with this address
    duplicates_differ: bool = False  # R9 mattered: duplicates hold other values for this purpose

    @property
    def is_write(self) -> bool:
        return self.target is not None

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
        return (self.rule, Rule.R9) if self.duplicates_differ else (self.rule,)

    def explain(self) -> str:
        """The decision in words a support person understands."""
        so, em = self.superoffice, self.emarketeer
        r = self.reason
        if r is Reason.AGREE:
            text = f"Both systems say {basis_label(so.basis)}: nothing to write"
        elif r is Reason.ONLY_SUPEROFFICE_CHANGED:
            text = "Only SuperOffice changed since the last sync"
        elif r is Reason.ONLY_EMARKETEER_CHANGED:
            text = "Only eMarketeer changed since the last sync"
        elif r is Reason.SUPEROFFICE_LATER:
            text = f"SuperOffice changed later ({format_time(so.changed_at)} vs {format_time(em.changed_at)})"
        elif r is Reason.EMARKETEER_LATER:
            text = f"eMarketeer changed later ({format_time(em.changed_at)} vs {format_time(so.changed_at)})"
        elif r is Reason.SUPEROFFICE_HAS_VALUE:
            text = "eMarketeer has no legal basis; SuperOffice has one"
        elif r is Reason.EMARKETEER_HAS_VALUE:
            text = "SuperOffice has no legal basis; eMarketeer has one"
        else:
            text = (
                "Both changed within the clock-skew window "
                f"({format_time(so.changed_at)} vs {format_time(em.changed_at)}): "
                "the more restrictive value wins; please review"
            )
        if self.target is not None:
            text += f"; {self.target.label} set to {basis_label(self.new)}"
        if self.person_count > 1:
            text += f" (oldest of {self.person_count} SuperOffice persons with this address"
            text += ", whose values differ)" if self.duplicates_differ else ")"
        return text


@dataclass(slots=True)
class Plan:
    """What one run decided. Only contacts that need attention carry a decision; the rest count as in sync."""

    decisions: list[Decision] = field(default_factory=list)
    errors: list[ContactError] = field(default_factory=list)
    matched: int = 0
    in_sync: int = 0  # contact-purposes unchanged since the baseline
    unmatched_superoffice: list[str] = field(default_factory=list)  # R11
    unmatched_emarketeer: list[str] = field(default_factory=list)  # R11

    @property
    def writes(self) -> list[Decision]:
        return [d for d in self.decisions if d.target is not None]

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
) -> Plan:
    """Decide every matched contact and purpose. `only` limits the plan to those addresses."""
    result = Plan()
    decisions = result.decisions
    errors = result.errors
    in_sync = 0
    matched = 0
    baseline_get = baselines.get
    em_get = emarketeer.get
    latest_allowed = now + settings.latest_allowed_delta
    for email, so_contact in superoffice.items():
        if only is not None and email not in only:
            continue
        em_contact = em_get(email)
        if em_contact is None:
            result.unmatched_superoffice.append(email)
            continue
        matched += 1
        persons = so_contact.persons
        so_values = persons[0].consents
        em_values = em_contact.consents
        base = baseline_get(email)
        # The common case by far: nothing moved since both sides last agreed. Tuple equality runs in C.
        if (
            base is not None
            and len(persons) == 1
            and so_values == base.superoffice
            and em_values == base.emarketeer
        ):
            in_sync += len(PURPOSES)
            continue
        in_sync += _decide_contact(
            email, so_contact, em_contact, base or EMPTY_BASELINE, settings, latest_allowed, decisions, errors
        )
    for email in emarketeer:
        if email not in superoffice and (only is None or email in only):
            result.unmatched_emarketeer.append(email)
    result.matched = matched
    result.in_sync = in_sync
    return result


def decide_contact(
    so_contact: SuperOfficeContact,
    em_contact: EmarketeerContact,
    baseline: ContactBaseline | None,
    now: datetime,
    settings: PlanSettings = PlanSettings(),
) -> tuple[list[Decision], list[ContactError]]:
    """Decide one matched contact again (R14: the target moved after the plan was made)."""
    decisions: list[Decision] = []
    errors: list[ContactError] = []
    _decide_contact(so_contact.email, so_contact, em_contact, baseline or EMPTY_BASELINE, settings,
                    now + settings.latest_allowed_delta, decisions, errors)
    return decisions, errors


def _check(value: Consent, system: System, latest_allowed: datetime) -> str | None:
    """R17: why this side's value cannot be used, or None."""
    if value.error is not None:
        return f"{system.label}: {value.error}"
    if value.basis is not None and value.changed_at is None:
        return f"{system.label}: legal basis {basis_label(value.basis)} has no change time"
    if value.changed_at is not None and value.changed_at > latest_allowed:
        return f"{system.label}: change time {format_time(value.changed_at)} is in the future"
    return None


def _decide_contact(
    email: str,
    so_contact: SuperOfficeContact,
    em_contact: EmarketeerContact,
    base: ContactBaseline,
    settings: PlanSettings,
    latest_allowed: datetime,
    decisions: list[Decision],
    errors: list[ContactError],
) -> int:
    """Append this contact's decisions and errors; return how many purposes were already in sync."""
    in_sync = 0
    persons = so_contact.persons
    used = persons[0]
    for purpose in PURPOSES:
        i = purpose.index
        s = used.consents[i]
        e = em_contact.consents[i]
        problem = _check(s, System.SUPEROFFICE, latest_allowed) or _check(e, System.EMARKETEER, latest_allowed)
        if problem is not None:
            errors.append(ContactError(email, purpose, problem))
            continue
        duplicates_differ = len(persons) > 1 and any(p.consents[i].basis != s.basis for p in persons[1:])
        bs = base.superoffice[i]
        be = base.emarketeer[i]
        if bs is not None and s == bs and e == be:
            in_sync += 1
            continue
        common = dict(
            email=email, purpose=purpose, superoffice=s, emarketeer=e,
            baseline_superoffice=bs, baseline_emarketeer=be,
            person_id=used.person_id, person_count=len(persons), duplicates_differ=duplicates_differ,
        )
        if s.basis == e.basis:
            # R12: equal values, no write; the decision records the new baseline.
            decisions.append(Decision(winner=None, target=None, new=s.basis, rule=Rule.R12,
                                      reason=Reason.AGREE, **common))
            continue
        winner, rule, reason, conflict = _winner(s, e, bs, be, settings.clock_skew)
        new = s.basis if winner is System.SUPEROFFICE else e.basis
        if new is None:
            # Only possible when the sole changed side lost its value (a SuperOffice row deleted).
            # Neither API can write "no legal basis", and guessing would drop a lawful basis or
            # revive a withdrawn one: the contact goes on the error list until a person decides.
            errors.append(ContactError(
                email, purpose,
                f"{winner.label} no longer has a legal basis for {purpose.label} while "
                f"{winner.other.label} has {basis_label(s.basis if winner is System.EMARKETEER else e.basis)}; "
                "a removal cannot be synced, please set it by hand",
            ))
            continue
        decisions.append(Decision(winner=winner, target=winner.other, new=new, rule=rule, reason=reason,
                                  conflict=conflict, **common))
    return in_sync


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
