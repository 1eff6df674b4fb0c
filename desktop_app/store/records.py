"""The immutable rows the store hands out; never live ORM objects (they could query the database from a view)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from ..domain.messages import Message
from ..domain.model import Consent, LegalBasis, Purpose, Rule, RunMode, RunStatus, System, Trigger
from ..domain.planner import Decision, Reason


class DecisionStatus(StrEnum):
    """Where a recorded decision stands (R15, R18)."""

    PLANNED = "planned"  # a dry run's decision, or a write not yet attempted
    AGREED = "agreed"  # no write needed; the baseline was recorded
    PENDING = "pending"  # the write is about to be sent or was sent without an answer yet
    APPLIED = "applied"  # the target holds the new value
    FAILED = "failed"  # the target refused the write (this contact only)
    SUPERSEDED = "superseded"  # the target moved before the write; decided again (R14)
    NOT_APPLIED = "not_applied"  # a pending write from a dead run that did not land
    # A pending write from a dead run that the target shows neither way: it holds neither the decided value nor the
    # one it held before, so the write may have landed and been changed since (SuperOffice's PUT carries no token).
    UNCONFIRMED = "unconfirmed"
    HELD = "held"  # R24: it would reverse a withdrawal; waits for a person
    FLAPPING = "flapping"  # R25: the pair keeps being changed back; not written until a person clears it


class BaselineEntry(NamedTuple):
    """R13: what both sides held when they last agreed, for one contact and purpose."""

    email: str
    purpose: Purpose
    superoffice: Consent
    emarketeer: Consent
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    trigger: Trigger
    mode: RunMode | None  # None for a skipped run that never chose one
    dry_run: bool
    only: tuple[str, ...]
    started_at: datetime
    ended_at: datetime | None
    status: RunStatus
    matched: int
    unmatched_superoffice: int
    unmatched_emarketeer: int
    changes: int
    conflicts: int
    errors: int
    message: str | None  # in English, as the command line said it
    said: Message | None = None  # the same, typed (None for runs recorded before messages were typed)


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    id: int
    run_id: int
    email: str
    purpose: Purpose
    superoffice: Consent
    emarketeer: Consent
    winner: System | None
    target: System | None
    old: LegalBasis | None
    new: LegalBasis | None
    rule: Rule
    rules: tuple[Rule, ...]
    reason: Reason
    explanation: str
    conflict: bool
    person_id: int | None
    person_count: int
    status: DecisionStatus
    token: str | None
    target_changed_at: datetime | None
    message: str | None
    applied_at: datetime | None
    # Beyond the engine's contract: what the planner compared against, and when the row was written.
    baseline_superoffice: Consent | None = None
    baseline_emarketeer: Consent | None = None
    recorded_at: datetime | None = None
    decided_by: int | None = None  # R9: the SuperOffice person that spoke for SuperOffice
    answer_id: int | None = None  # R24: the person's answer this decision carried out
    said: Message | None = None  # `message`, typed (None for rows from before messages were typed)

    @property
    def is_write(self) -> bool:
        return self.target is not None

    def why(self) -> Message:
        """Why this decision was made, typed: recomputed from what was recorded (a held one says it is held)."""
        return replace(self.to_decision(), held=self.status is DecisionStatus.HELD).message()

    def to_decision(self) -> Decision:
        """The planner's decision as it was recorded (the explanation is recomputed from it)."""
        return Decision(
            email=self.email,
            purpose=self.purpose,
            superoffice=self.superoffice,
            emarketeer=self.emarketeer,
            baseline_superoffice=self.baseline_superoffice,
            baseline_emarketeer=self.baseline_emarketeer,
            winner=self.winner,
            target=self.target,
            new=self.new,
            rule=self.rule,
            reason=self.reason,
            conflict=self.conflict,
            person_id=self.person_id,
            person_count=self.person_count,
            duplicates_differ=self.rule is Rule.R9 or Rule.R9 in self.rules[1:],
            decided_by=self.decided_by,
            answer_id=self.answer_id,
            approved=self.answer_id is not None,
        )


class AuditRow(NamedTuple):
    """One row of R15's audit trail (store.CSV_COLUMNS, same order), typed: times are aware UTC datetimes."""

    run: int
    run_started: datetime
    trigger: Trigger
    email: str
    purpose: Purpose
    target: System | None
    old: LegalBasis | None
    new: LegalBasis | None
    superoffice_value: LegalBasis | None
    superoffice_changed_at: datetime | None
    emarketeer_value: LegalBasis | None
    emarketeer_changed_at: datetime | None
    winner: System | None
    rules: tuple[Rule, ...]
    reason: str  # the planner's explanation, in English as recorded
    conflict: bool
    status: DecisionStatus
    applied_at: datetime | None
    message: str | None


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    id: int
    run_id: int
    email: str
    purpose: Purpose | None
    system: System | None
    reason: str
    recorded_at: datetime
    said: Message | None = None  # `reason`, typed (None for rows from before messages were typed)


@dataclass(frozen=True, slots=True)
class HeldRecord:
    """R24: a decision held for a person now, and the person's answer to it if one is waiting to be carried out."""

    email: str
    purpose: Purpose
    person_id: int | None
    target: System
    new: LegalBasis | None
    superoffice: Consent
    emarketeer: Consent
    rule: Rule
    explanation: str
    run_id: int | None
    held_since: datetime
    answer: str | None = None  # "approve" or "keep" when a person answered for these very values

    @property
    def old(self) -> LegalBasis | None:
        return self.superoffice.basis if self.target is System.SUPEROFFICE else self.emarketeer.basis


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """R24: one answer a person gave, as the audit trail keeps it."""

    id: int
    email: str
    purpose: Purpose
    person_id: int | None
    answer: str  # "approve" or "keep"
    target: System | None
    new: LegalBasis | None
    superoffice: Consent
    emarketeer: Consent
    answered_by: str
    answered_at: datetime
    # "open" (not carried out yet), "used" (carried out by run_id), "void" (values changed since), "void_holds_off"
    # (decided with holds switched off), "void_gone" (in neither system any more) or "replaced" (a person answered the
    # same held decision again): store.safety's ANSWER_* names
    status: str
    run_id: int | None
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class FlappingRecord:
    """R25: a pair the app stopped writing because something keeps changing it back."""

    email: str
    purpose: Purpose
    writes_24h: int
    values_seen: tuple[
        dict[str, object], ...
    ]  # {"at", "target", "old", "new"} of the app's recent writes, oldest first
    detected_at: datetime
    run_id: int | None
    cleared_at: datetime | None = None
    cleared_by: str | None = None


@dataclass(frozen=True, slots=True)
class HeldRunRecord:
    """R23: a run the mass-change brake held, and what became of it."""

    run_id: int
    writes: int
    matched: int
    status: str  # "waiting", "applied", "discarded" or "superseded"
    answered_by: str | None
    answered_at: datetime | None
    applied_run_id: int | None
    notified: bool
    started_at: datetime | None = None
