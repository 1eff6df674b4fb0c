"""What a run read and decided, flattened into one immutable row per contact and purpose (the conflict view's data).

Pure Python. `review_rows` turns a run's details (both sides as read, the baselines and the plan)
into `ConflictRow`s covering every matched contact and purpose (in step ones too, so filters make
sense), every contact found in one system only (R11) and every error (R17). Each row carries its
explanation in plain words and the flags the view filters on; nothing in a row can reach back into
a database or a connector.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from .. import i18n
from ..i18n import translate
from .messages import Message, message_text
from .model import (
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
    System,
    own_baseline,
)
from .names import basis_name, purpose_name
from .planner import Decision, Plan, Reason


class RunDetailsLike(Protocol):
    """The parts of `desktop_app.sync.engine.RunDetails` the review needs (domain never imports sync)."""

    @property
    def superoffice(self) -> Mapping[str, SuperOfficeContact]: ...
    @property
    def emarketeer(self) -> Mapping[str, EmarketeerContact]: ...
    @property
    def baselines(self) -> Mapping[str, ContactBaseline]: ...
    @property
    def plan(self) -> Plan: ...
    @property
    def now(self) -> datetime: ...


class RowKind(StrEnum):
    IN_STEP = "in_step"  # unchanged since both systems last agreed
    DECIDED = "decided"  # the planner made a decision (a write, or an agreement to record)
    ERROR = "error"  # R17: on the error list
    UNMATCHED = "unmatched"  # R11: in one system only


class Action(StrEnum):
    """What the sync does (or would do) with the row."""

    WRITE_SUPEROFFICE = "write_superoffice"
    WRITE_EMARKETEER = "write_emarketeer"
    HELD = "held"  # R24: would reverse a withdrawal; waits for a person
    NOTHING = "nothing"
    ERROR = "error"
    LEFT_ALONE = "left_alone"

    @property
    def label(self) -> str:
        """The decision column's words, in the user's language."""
        return _action_labels()[self]


def _action_labels() -> dict[Action, str]:
    return {
        Action.WRITE_SUPEROFFICE: translate("Review", "Write to SuperOffice"),
        Action.WRITE_EMARKETEER: translate("Review", "Write to eMarketeer"),
        Action.HELD: translate("Review", "Held for review"),
        Action.NOTHING: translate("Review", "Nothing"),
        Action.ERROR: translate("Review", "Error"),
        Action.LEFT_ALONE: translate("Review", "Left alone"),
    }


class PersonValue(NamedTuple):
    """One SuperOffice person sharing the row's address, and its value for the row's purpose (R9 tooltips)."""

    person_id: int
    registered: datetime | None
    basis: LegalBasis | None
    changed_at: datetime | None


class ConflictRow(NamedTuple):
    """One contact and purpose as the conflict view shows it. Immutable; built only by `review_rows`.

    `purpose` is None for an error that concerns the whole contact (an unreadable address).
    `so_present` / `em_present` say whether the contact exists in that system at all (R11):
    absent is not the same as present without a legal basis.
    """

    email: str
    purpose: Purpose | None
    kind: RowKind
    so_present: bool
    so_basis: LegalBasis | None
    so_changed_at: datetime | None
    so_person_id: int | None
    so_person_count: int
    so_persons: tuple[PersonValue, ...]  # every person with this address, oldest first; empty without duplicates
    em_present: bool
    em_basis: LegalBasis | None
    em_changed_at: datetime | None
    baseline_basis: LegalBasis | None
    baseline_since: datetime | None  # the later of both sides' change times when they last agreed
    has_baseline: bool
    action: Action
    new: LegalBasis | None  # the value written (or that would be), for writes
    winner: System | None
    rules: tuple[Rule, ...]
    explanation: Message | str  # why, typed; an error that came without a message kind: its English
    is_disagreement: bool
    has_duplicates: bool
    is_error: bool
    is_conflict: bool
    is_held: bool = False  # R24: a write here waits for a person's answer
    decided_by: int | None = None  # R9: the SuperOffice person that spoke for SuperOffice
    person_writes: int = 0  # R9 `all`: writes to other SuperOffice persons of the address, beyond `action`'s

    @property
    def decision_text(self) -> str:
        return decision_text(self)

    @property
    def rules_text(self) -> str:
        return ", ".join(self.rules)


def decision_text(row: ConflictRow) -> str:
    """The decision column: "Write to eMarketeer", "Nothing", "Error", "Left alone"."""
    return row.action.label


def decision_sentence(row: ConflictRow) -> str:
    """The decision with its value: "Write Withdrawn to SuperOffice; eMarketeer wins"."""
    action = row.action
    if action in (Action.WRITE_SUPEROFFICE, Action.WRITE_EMARKETEER):
        target = "SuperOffice" if action is Action.WRITE_SUPEROFFICE else "eMarketeer"
        text = translate("Review", "Write {basis} to {target}").format(basis=basis_name(row.new), target=target)
        if row.winner is not None:
            text += translate("Review", "; {system} wins").format(system=row.winner.label)
        return text
    if action is Action.HELD:
        target = "SuperOffice" if row.winner is System.EMARKETEER else "eMarketeer"
        return translate(
            "Review",
            "Held for review: writing {basis} to {target} would reverse a withdrawal (R24); "
            "nothing is written until a person approves",
        ).format(basis=basis_name(row.new), target=target)
    if action is Action.ERROR:
        return translate("Review", "Not synced this run; it stays on the error list until the cause is fixed")
    if action is Action.LEFT_ALONE:
        return translate("Review", "Left alone; nothing is written to either system")
    return translate("Review", "Nothing to write")


# Shared by the many rows that say the same (a million in-step rows hold a handful of messages).
_IN_STEP_TEXT: dict[LegalBasis | None, Message] = {b: Message.of("in_step", basis=b) for b in LegalBasis}
_IN_STEP_TEXT[None] = Message.of("in_step_none")
_ONLY_IN = {
    System.SUPEROFFICE: Message.of("only_in_superoffice"),
    System.EMARKETEER: Message.of("only_in_emarketeer"),
}
_NO_RULES: tuple[Rule, ...] = ()
_IN_STEP_RULES: tuple[Rule, ...] = (Rule.R12,)
_IN_STEP_RULES_R9: tuple[Rule, ...] = (Rule.R12, Rule.R9)
_R11: tuple[Rule, ...] = (Rule.R11,)
_R17: tuple[Rule, ...] = (Rule.R17,)
# The rule an error names (R15: the audit trail says why). Bad input and a write the vendor refused for one contact are
# R17's error list; these are R13's three-way decision: a write not in effect (no baseline kept, decided again next
# run), and a side that lost its value (neither API can write "no legal basis": a person sets it). Shared tuples.
_ERROR_RULES: dict[str, tuple[Rule, ...]] = {"written_not_current": (Rule.R13,), "removal": (Rule.R13,)}


def error_rules(said: Message | None) -> tuple[Rule, ...]:
    """The rules a contact error row names, from its typed message (R17 when untyped: a row from before)."""
    return _ERROR_RULES.get(said.key, _R17) if said is not None else _R17


_PURPOSES_OR_NONE: dict[Purpose | None, tuple[Purpose, ...]] = {None: PURPOSES, **{p: (p,) for p in PURPOSES}}


def _since(bs: Consent | None, be: Consent | None) -> datetime | None:
    a = bs.changed_at if bs is not None else None
    b = be.changed_at if be is not None else None
    if a is None:
        return b
    if b is None:
        return a
    return a if a > b else b


def _persons(contact: SuperOfficeContact, i: int) -> tuple[PersonValue, ...]:
    return tuple(
        PersonValue(p.person_id, p.registered, p.consents[i].basis, p.consents[i].changed_at) for p in contact.persons
    )


def _duplicates_suffix(count: int, differ: bool) -> Message:
    return Message.of("oldest_of_differ" if differ else "oldest_of", n=count)


class ReviewCounts(NamedTuple):
    """What the rows add up to (the conflict view's summary line, R8)."""

    to_superoffice: int  # writes
    to_emarketeer: int
    conflicts: int
    errors: int
    in_step: int  # in step since the last sync, or agreeing now
    only_superoffice: int  # contacts (not rows) in one system only, left alone (R11)
    only_emarketeer: int
    held: int = 0  # R24: rows waiting for a person


def count_rows(rows: Iterable[ConflictRow]) -> ReviewCounts:
    to_so = to_em = conflicts = errors = in_step = held = 0
    only_so: set[str] = set()
    only_em: set[str] = set()
    write_so, write_em, error, left_alone = (
        Action.WRITE_SUPEROFFICE,
        Action.WRITE_EMARKETEER,
        Action.ERROR,
        Action.LEFT_ALONE,
    )
    for r in rows:
        action = r.action
        to_so += r.person_writes  # R9 `all`: one row, several persons written
        if action is write_so:
            to_so += 1
        elif action is write_em:
            to_em += 1
        elif action is error:
            errors += 1
        elif action is left_alone:
            (only_so if r.so_present else only_em).add(r.email)
            continue
        elif action is Action.HELD:
            held += 1
        else:
            in_step += 1
        if r.is_conflict:
            conflicts += 1
    return ReviewCounts(to_so, to_em, conflicts, errors, in_step, len(only_so), len(only_em), held)


class Review(NamedTuple):
    """A preview ready for the conflict view: its rows (`review_rows`), when its plan was made, and their counts.

    Made off the GUI thread (200,000 rows take about a second), so the window only has to show them.
    """

    rows: tuple[ConflictRow, ...]
    when: datetime | None
    counts: ReviewCounts
    table: Any = None  # the rows written to disk instead (store.review_table.ReviewTable, by the sync worker)
    problem: Message | None = None  # why the rows could not be written (a full temporary folder): nothing to show


def build_review(details: RunDetailsLike, errors: Iterable[ContactError] = ()) -> Review:
    rows = tuple(review_rows(details, errors))
    return Review(rows, details.now, count_rows(rows))


def review_rows(details: RunDetailsLike, errors: Iterable[ContactError] = ()) -> list[ConflictRow]:
    """Every contact and purpose of a run, decided or not, plus its unmatched contacts and errors (`iter_review_rows`)."""
    return list(iter_review_rows(details, errors))


_CHUNK = 2_048  # rows handed on at a time by iter_review_rows


def iter_review_rows(details: RunDetailsLike, errors: Iterable[ContactError] = ()) -> Iterator[ConflictRow]:
    """Every contact and purpose of a run, decided or not, plus its unmatched contacts and errors.

    A generator, a few thousand rows at a time: the sync worker writes them straight into the conflict
    view's table (store.review_table), so a million rows are never all in memory at once.

    `errors` adds errors found while reading (the run summary's list: bad addresses, malformed
    records); the plan's own errors are always included and duplicates are shown once.
    Order: matched contacts as SuperOffice listed them, then unmatched ones, then errors for
    addresses neither system delivered.
    """
    new = tuple.__new__
    row_type = ConflictRow
    superoffice = details.superoffice
    emarketeer = details.emarketeer
    baselines = details.baselines
    the_plan = details.plan

    # One row per contact and purpose: the planner's first decision for it speaks (R9 `all` adds writes to the
    # other persons after it; those are counted on the row, and a held one marks it).
    decided: dict[tuple[str, Purpose], Decision] = {}
    extra: dict[tuple[str, Purpose], list[Decision]] = {}
    for decision in the_plan.decisions:
        key = (decision.email, decision.purpose)
        if key in decided:
            extra.setdefault(key, []).append(decision)
        else:
            decided[key] = decision
    # Errors by address; each address keeps its errors in order, without repeats.
    error_list: list[ContactError] = []
    seen_errors: set[ContactError] = set()
    for err in (*the_plan.errors, *errors):
        if err not in seen_errors:
            seen_errors.add(err)
            error_list.append(err)
    errors_by_email: dict[str, list[ContactError]] = {}
    for err in error_list:
        errors_by_email.setdefault(err.email, []).append(err)

    rows: list[ConflictRow] = []
    append = rows.append
    em_get = emarketeer.get
    base_get = baselines.get
    decided_get = decided.get
    errors_get = errors_by_email.get
    in_step_text = _IN_STEP_TEXT
    nothing = Action.NOTHING
    in_step = RowKind.IN_STEP
    done_errors: set[str] = set()

    for email, so_contact in superoffice.items():
        if len(rows) >= _CHUNK:
            yield from rows
            rows.clear()
        em_contact = em_get(email)
        if em_contact is None:
            continue
        persons = so_contact.persons
        used = persons[0]
        count = len(persons)
        so_values = used.consents
        em_values = em_contact.consents
        base = own_baseline(base_get(email), persons)
        contact_errors = errors_get(email)
        if contact_errors is not None:
            done_errors.add(email)
            _error_rows(append, contact_errors, so_contact, em_contact, base)
            failed = {e.purpose for e in contact_errors}
            if None in failed:
                continue
        else:
            failed = None
        for purpose in PURPOSES:
            if failed is not None and purpose in failed:
                continue
            i = purpose.index
            s = so_values[i]
            e = em_values[i]
            bs = base.superoffice[i] if base is not None else None
            be = base.emarketeer[i] if base is not None else None
            dup = _persons(so_contact, i) if count > 1 else ()
            d = decided_get((email, purpose))
            if d is None:
                # Unchanged since both sides last agreed (the planner counted it as in sync).
                text = in_step_text[s.basis]
                rules = _IN_STEP_RULES
                if count > 1:
                    differ = any(p.basis != s.basis for p in dup)
                    text = Message.of("decision", why=text, duplicates=_duplicates_suffix(count, differ))
                    if differ:
                        rules = _IN_STEP_RULES_R9
                append(
                    new(
                        row_type,
                        (
                            email,
                            purpose,
                            in_step,
                            True,
                            s.basis,
                            s.changed_at,
                            used.person_id,
                            count,
                            dup,
                            True,
                            e.basis,
                            e.changed_at,
                            bs.basis if bs is not None else None,
                            _since(bs, be),
                            bs is not None,
                            nothing,
                            None,
                            None,
                            rules,
                            text,
                            s.basis != e.basis,
                            count > 1,
                            False,
                            False,
                            False,
                            None,
                            0,
                        ),
                    )
                )
                continue
            more = extra.get((email, purpose), ())
            held = d.held or any(x.held for x in more)
            lead = d
            if d.target is None and more:
                lead = next((x for x in more if x.target is not None and not x.held), more[0])
            target = lead.target
            action = (
                Action.HELD
                if lead.held or (held and target is None)
                else nothing
                if target is None
                else Action.WRITE_SUPEROFFICE
                if target is System.SUPEROFFICE
                else Action.WRITE_EMARKETEER
            )
            # R9 `all`: the other persons' writes beyond the one the row's action stands for.
            person_writes = sum(1 for x in more if x is not lead and x.reason is Reason.DUPLICATE and x.is_write)
            text = lead.message()
            if person_writes:
                text = Message(text.key, text.args[:-1] + (("brought", Message.of("brought", n=person_writes)),))
            append(
                new(
                    row_type,
                    (
                        email,
                        purpose,
                        RowKind.DECIDED,
                        True,
                        d.superoffice.basis,
                        d.superoffice.changed_at,
                        d.person_id if d.person_id is not None else used.person_id,
                        count,
                        dup,
                        True,
                        d.emarketeer.basis,
                        d.emarketeer.changed_at,
                        d.baseline_superoffice.basis if d.baseline_superoffice is not None else None,
                        _since(d.baseline_superoffice, d.baseline_emarketeer),
                        d.baseline_superoffice is not None,
                        action,
                        lead.new if target is not None else None,
                        lead.winner,
                        lead.rules,
                        text,
                        d.superoffice.basis != d.emarketeer.basis,
                        count > 1,
                        False,
                        d.conflict,
                        held,
                        d.decided_by if d.duplicates is DuplicatePolicy.ALL else None,
                        person_writes,
                    ),
                )
            )

    # R11: in one system only; left alone.
    for email in the_plan.unmatched_superoffice:
        if len(rows) >= _CHUNK:
            yield from rows
            rows.clear()
        only_in_so = superoffice.get(email)
        if only_in_so is None:
            continue
        so_contact = only_in_so
        contact_errors = errors_get(email)
        if contact_errors is not None:
            done_errors.add(email)
            _error_rows(append, contact_errors, so_contact, None, None)
        used = so_contact.persons[0]
        count = len(so_contact.persons)
        for purpose in PURPOSES:
            i = purpose.index
            s = used.consents[i]
            dup = _persons(so_contact, i) if count > 1 else ()
            text = _ONLY_IN[System.SUPEROFFICE]
            if count > 1:
                text = Message.of(
                    "decision", why=text, duplicates=_duplicates_suffix(count, any(p.basis != s.basis for p in dup))
                )
            append(
                new(
                    row_type,
                    (
                        email,
                        purpose,
                        RowKind.UNMATCHED,
                        True,
                        s.basis,
                        s.changed_at,
                        used.person_id,
                        count,
                        dup,
                        False,
                        None,
                        None,
                        None,
                        None,
                        False,
                        Action.LEFT_ALONE,
                        None,
                        None,
                        _R11,
                        text,
                        False,
                        count > 1,
                        False,
                        False,
                        False,
                        None,
                        0,
                    ),
                )
            )
    for email in the_plan.unmatched_emarketeer:
        if len(rows) >= _CHUNK:
            yield from rows
            rows.clear()
        em_contact = emarketeer.get(email)
        if em_contact is None:
            continue
        contact_errors = errors_get(email)
        if contact_errors is not None:
            done_errors.add(email)
            _error_rows(append, contact_errors, None, em_contact, None)
        for purpose in PURPOSES:
            e = em_contact.consents[purpose.index]
            append(
                new(
                    row_type,
                    (
                        email,
                        purpose,
                        RowKind.UNMATCHED,
                        False,
                        None,
                        None,
                        None,
                        0,
                        (),
                        True,
                        e.basis,
                        e.changed_at,
                        None,
                        None,
                        False,
                        Action.LEFT_ALONE,
                        None,
                        None,
                        _R11,
                        _ONLY_IN[System.EMARKETEER],
                        False,
                        False,
                        False,
                        False,
                        False,
                        None,
                        0,
                    ),
                )
            )

    # Errors about addresses neither index holds (an unreadable address, a record without a contact).
    for email, contact_errors in errors_by_email.items():
        if len(rows) >= _CHUNK:
            yield from rows
            rows.clear()
        if email not in done_errors:
            so_found = superoffice.get(email)
            base = base_get(email)
            if so_found is not None:
                base = own_baseline(base, so_found.persons)
            _error_rows(append, contact_errors, so_found, emarketeer.get(email), base)
    yield from rows


def _error_rows(
    append: Callable[[ConflictRow], None],
    contact_errors: list[ContactError],
    so_contact: SuperOfficeContact | None,
    em_contact: EmarketeerContact | None,
    base: ContactBaseline | None,
) -> None:
    """R17: one row per error and purpose it concerns, showing whatever each side delivered."""
    for error in contact_errors:
        purpose = error.purpose
        i = purpose.index if purpose is not None else None
        if so_contact is not None and i is not None:
            used = so_contact.persons[0]
            s = used.consents[i]
            count = len(so_contact.persons)
            dup = _persons(so_contact, i) if count > 1 else ()
            so: tuple[bool, LegalBasis | None, datetime | None, int | None, int, tuple[PersonValue, ...]] = (
                True,
                s.basis,
                s.changed_at,
                used.person_id,
                count,
                dup,
            )
        elif so_contact is not None:
            so = (True, None, None, so_contact.persons[0].person_id, len(so_contact.persons), ())
        else:
            so = (False, None, None, None, 0, ())
        if em_contact is not None and i is not None:
            e = em_contact.consents[i]
            em = (True, e.basis, e.changed_at)
        else:
            em = (em_contact is not None, None, None)
        bs = base.superoffice[i] if base is not None and i is not None else None
        be = base.emarketeer[i] if base is not None and i is not None else None
        append(
            tuple.__new__(
                ConflictRow,
                (
                    error.email,
                    purpose,
                    RowKind.ERROR,
                    *so,
                    *em,
                    bs.basis if bs is not None else None,
                    _since(bs, be),
                    bs is not None,
                    Action.ERROR,
                    None,
                    None,
                    error_rules(error.said),
                    error.said or error.reason,
                    so[0] and em[0] and i is not None and so[1] != em[1],
                    so[4] > 1,
                    True,
                    False,
                    False,
                    None,
                    0,
                ),
            )
        )


def plan_rows(decisions: Iterable[Any]) -> list[ConflictRow]:
    """R23: a held run's recorded writes (store DecisionRecords, or Decisions) as rows for the conflict view:
    what "Apply these changes" would write, one row per write."""
    rows: list[ConflictRow] = []
    for d in decisions:
        target = d.target
        if target is None:
            continue
        action = Action.WRITE_SUPEROFFICE if target is System.SUPEROFFICE else Action.WRITE_EMARKETEER
        bs, be = d.baseline_superoffice, d.baseline_emarketeer
        explanation = d.message() if isinstance(d, Decision) else d.why()
        rows.append(
            ConflictRow(
                d.email,
                d.purpose,
                RowKind.DECIDED,
                True,
                d.superoffice.basis,
                d.superoffice.changed_at,
                d.person_id,
                d.person_count,
                (),
                True,
                d.emarketeer.basis,
                d.emarketeer.changed_at,
                bs.basis if bs is not None else None,
                _since(bs, be),
                bs is not None,
                action,
                d.new,
                d.winner,
                tuple(d.rules),
                explanation,
                d.superoffice.basis != d.emarketeer.basis,
                d.person_count > 1,
                False,
                bool(d.conflict),
            )
        )
    return rows


# ------------------------------------------------------------------ words for the details pane


def format_local(value: datetime | None, *, seconds: bool = False) -> str:
    """A change time in the user's locale and time zone, short ("2026-05-28 14:03"); "" when unknown."""
    return i18n.format_datetime(value, seconds=seconds)


def _side_sentence(name: str, present: bool, basis: LegalBasis | None, changed_at: datetime | None) -> str:
    if not present:
        return translate("Review", "{system} has no contact with this address.").format(system=name)
    if basis is None:
        return translate("Review", "{system} has no legal basis for this purpose.").format(system=name)
    if changed_at is not None:
        return translate("Review", "{system} says {basis}, changed {when}.").format(
            system=name, basis=basis_name(basis), when=format_local(changed_at, seconds=True)
        )
    return translate("Review", "{system} says {basis}.").format(system=name, basis=basis_name(basis))


def describe(row: ConflictRow) -> str:
    """The row in full sentences: both sides, times, baseline, decision, rule and why (the details pane)."""
    purpose = purpose_name(row.purpose)
    lines = [f"{row.email} — {purpose}"]
    so = _side_sentence("SuperOffice", row.so_present, row.so_basis, row.so_changed_at)
    if row.so_present and row.so_person_id is not None:
        person = translate("Review", "person {id}").format(id=row.so_person_id)
        if (
            row.so_person_count > 1
            and row.decided_by is not None
            and row.decided_by != (row.so_persons[0].person_id if row.so_persons else None)
        ):
            person += translate("Review", ", the latest-changed of {n} persons with this address (R9)").replace(
                "{n}", i18n.number(row.so_person_count)
            )
        elif row.so_person_count > 1:
            created = row.so_persons[0].registered if row.so_persons else None
            if created is not None:
                person += translate("Review", ", created {when}").format(when=format_local(created))
            person += translate("Review", ", the oldest of {n} persons with this address (R9)").replace(
                "{n}", i18n.number(row.so_person_count)
            )
        so = so[:-1] + f" ({person})."
    lines.append(so)
    if row.so_person_count > 1 and row.so_persons and row.decided_by is not None:
        # R9: every person of the address, its value and time, and which one decided.
        lines.append(translate("Review", "SuperOffice persons with this address (R9):"))
        for p in row.so_persons:
            mark = translate("Review", " — decided for SuperOffice") if p.person_id == row.decided_by else ""
            created_text = (
                translate("Review", ", created {when}").format(when=format_local(p.registered)) if p.registered else ""
            )
            changed = (
                translate("Review", ", changed {when}").format(when=format_local(p.changed_at, seconds=True))
                if p.changed_at
                else ""
            )
            lines.append(
                translate("Review", "  person {id}{created}: {basis}{changed}{mark}").format(
                    id=p.person_id, created=created_text, basis=basis_name(p.basis), changed=changed, mark=mark
                )
            )
    elif row.so_person_count > 1 and row.so_persons:
        others = "; ".join(
            (
                translate("Review", "person {id} created {when}").format(
                    id=p.person_id, when=format_local(p.registered)
                )
                if p.registered
                else translate("Review", "person {id}").format(id=p.person_id)
            )
            + f": {basis_name(p.basis)}"
            for p in row.so_persons[1:]
        )
        lines.append(translate("Review", "The other SuperOffice persons: {others}.").format(others=others))
    lines.append(_side_sentence("eMarketeer", row.em_present, row.em_basis, row.em_changed_at))
    if row.has_baseline:
        if row.baseline_since:
            lines.append(
                translate("Review", "At the last sync both agreed on {basis} (since {when}).").format(
                    basis=basis_name(row.baseline_basis), when=format_local(row.baseline_since, seconds=True)
                )
            )
        else:
            lines.append(
                translate("Review", "At the last sync both agreed on {basis}.").format(
                    basis=basis_name(row.baseline_basis)
                )
            )
    elif row.kind is not RowKind.UNMATCHED:
        lines.append(translate("Review", "The two systems have not agreed on a value before (no baseline yet)."))
    lines.append(translate("Review", "Decision: {decision}.").format(decision=decision_sentence(row)))
    why = message_text(row.explanation)
    lines.append(translate("Review", "Why: {why}").format(why=why) + ("" if why.endswith(".") else "."))
    if row.rules:
        rules = ", ".join(row.rules)
        lines.append(
            translate("Review", "Rule: {rules} (conflict: please review)").format(rules=rules)
            if row.is_conflict
            else translate("Review", "Rule: {rules}").format(rules=rules)
        )
    return "\n".join(lines)


__all__ = [
    "Action",
    "ConflictRow",
    "PersonValue",
    "Review",
    "ReviewCounts",
    "RowKind",
    "RunDetailsLike",
    "build_review",
    "count_rows",
    "iter_review_rows",
    "decision_sentence",
    "plan_rows",
    "decision_text",
    "describe",
    "format_local",
    "review_rows",
]
