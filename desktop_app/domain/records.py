"""Typed rows as the connectors deliver them, already mapped to our vocabulary, and the indexes built from them.

Connectors turn vendor JSON into these rows (all vendor field names stay in the connectors);
this module turns rows into per-address contacts, applying R9 (oldest SuperOffice duplicate)
and R17 (bad rows go to the error list, the rest goes on).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from .email import InvalidEmail, normalise_email
from .messages import Message
from .model import (
    EMPTY_CONSENTS,
    PURPOSES,
    Consent,
    ContactError,
    EmarketeerContact,
    Purpose,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
)


class SoConsentRow(NamedTuple):
    """One SuperOffice ConsentPerson row for a synced purpose.

    `consent.changed_at` is the row's updated time, else its registered time. An unknown legal
    base key or a missing time is carried in `consent.error`, never guessed.
    """

    person_id: int
    purpose: Purpose
    consent: Consent
    consent_person_id: int | None = None
    untouched: bool = False  # the row's updated time is empty or equal to its registered time (R22)
    # `consent.changed_at` as the store's text (ISO-8601 UTC with microseconds), when the connector had it from the
    # vendor's own text (a full read stages it without formatting the time again: issue 11 pt 4); else None.
    changed_text: str | None = None


class SoEmailRow(NamedTuple):
    """One SuperOffice e-mail row (a person may have several, in rank order)."""

    person_id: int
    address: str  # as stored, not normalised
    rank: int
    person_registered: datetime | None
    updated: datetime | None = (
        None  # the row's last change: its update, else its own creation (a new row's update is empty)
    )
    registered_text: str | None = None  # person_registered as the store's text, or None (SoConsentRow.changed_text)


class EmConsentRecord(NamedTuple):
    """One eMarketeer consent record for a synced purpose (created, never edited)."""

    key: str  # the contact's e-mail, as sent
    purpose: Purpose
    consent: Consent  # changed_at = the record's createdAt
    description: str = ""
    changed_text: str | None = None  # consent.changed_at as the store's text, or None (SoConsentRow.changed_text)


class EmContactRow(NamedTuple):
    contact_id: int | None
    email: str  # as sent
    modified: datetime | None = None


def _person_sort_key(person: SuperOfficePerson) -> tuple[int, datetime | float, int]:
    # R9: earliest created first; a missing creation time sorts after every known one; ties: lowest id.
    if person.registered is None:
        return (1, 0.0, person.person_id)
    return (0, person.registered, person.person_id)


def primary_addresses(email_rows: Iterable[SoEmailRow]) -> dict[int, SoEmailRow]:
    """Each person's primary address row: the lowest rank (ties: the first seen)."""
    best: dict[int, SoEmailRow] = {}
    for row in email_rows:
        current = best.get(row.person_id)
        if current is None or row.rank < current.rank:
            best[row.person_id] = row
    return best


def person_consents(consent_rows: Iterable[SoConsentRow]) -> dict[int, list[Consent]]:
    """Per person, one Consent per purpose (no row = no legal basis)."""
    return person_consents_untouched(consent_rows)[0]


def person_consents_untouched(
    consent_rows: Iterable[SoConsentRow],
) -> tuple[dict[int, list[Consent]], dict[int, list[bool]]]:
    """Per person, one Consent per purpose (no row = no legal basis), and per purpose whether the row
    kept was never updated after it was registered (R22)."""
    by_person: dict[int, list[Consent]] = {}
    untouched: dict[int, list[bool]] = {}
    for row in consent_rows:
        slots = by_person.get(row.person_id)
        if slots is None:
            slots = by_person[row.person_id] = list(EMPTY_CONSENTS)
            untouched[row.person_id] = [False] * len(PURPOSES)
        i = row.purpose.index
        old = slots[i]
        # ConsentPerson is unique on person + purpose; if a tenant still sends two, keep the newer.
        if old.basis is None and old.error is None or _newer(row.consent, old):
            slots[i] = row.consent
            untouched[row.person_id][i] = row.untouched
    return by_person, untouched


def _newer(a: Consent, b: Consent) -> bool:
    if a.changed_at is None:
        return False
    return b.changed_at is None or a.changed_at > b.changed_at


def build_superoffice_index(
    email_rows: Iterable[SoEmailRow], consent_rows: Iterable[SoConsentRow]
) -> tuple[dict[str, SuperOfficeContact], list[ContactError]]:
    """Group persons by normalised primary address, oldest first (R9).

    A person without any e-mail row is not a contact (nothing to match on) and is skipped.
    """
    errors: list[ContactError] = []
    consents, untouched = person_consents_untouched(consent_rows)
    groups: dict[str, list[SuperOfficePerson]] = {}
    for person_id, row in primary_addresses(email_rows).items():
        try:
            email = normalise_email(row.address)
        except InvalidEmail as exc:
            errors.append(_unreadable_address(person_id, row, exc))
            continue
        slots = consents.get(person_id)
        person = SuperOfficePerson(
            person_id,
            email,
            row.person_registered,
            tuple(slots) if slots is not None else EMPTY_CONSENTS,
            tuple(untouched[person_id]) if slots is not None else (False, False),
        )
        group = groups.get(email)
        if group is None:
            groups[email] = [person]
        else:
            group.append(person)
    return _contacts_from_groups(groups), errors


def _unreadable_address(person_id: int, row: SoEmailRow, exc: InvalidEmail) -> ContactError:
    """R17: a person whose primary address is not an address: not a contact, said as the error list says it."""
    who = row.address or f"SuperOffice person {person_id}"
    return read_error(who, None, Message.of("so_person_problem", id=person_id, why=exc.said), System.SUPEROFFICE)


def read_error(who: str, purpose: Purpose | None, said: Message, system: System) -> ContactError:
    """R17: a contact or record the run could not read, said as a typed message (its English for the history)."""
    return ContactError(who, purpose, said.english(), system, said=said)


def group_persons(persons: Iterable[SuperOfficePerson]) -> dict[str, SuperOfficeContact]:
    """Group already-normalised persons by address, oldest first (R9)."""
    groups: dict[str, list[SuperOfficePerson]] = {}
    for person in persons:
        groups.setdefault(person.email, []).append(person)
    return _contacts_from_groups(groups)


def _contacts_from_groups(groups: dict[str, list[SuperOfficePerson]]) -> dict[str, SuperOfficeContact]:
    index: dict[str, SuperOfficeContact] = {}
    for email, persons in groups.items():
        if len(persons) > 1:
            persons.sort(key=_person_sort_key)
        index[email] = SuperOfficeContact(email, tuple(persons))
    return index


def em_contact_error(row: EmContactRow, exc: InvalidEmail) -> ContactError:
    """R17's sentence for an eMarketeer contact row whose address is not one: the same whether the rows are staged
    in the store (a full run) or indexed in memory."""
    return read_error(
        str(row.email or f"eMarketeer contact {row.contact_id}"),
        None,
        Message.of("em_contact_problem", id=row.contact_id, why=exc.said),
        System.EMARKETEER,
    )


def em_consent_error(rec: EmConsentRecord, exc: InvalidEmail) -> ContactError:
    """R17's sentence for an eMarketeer consent record whose key is not an address (see em_contact_error)."""
    return read_error(str(rec.key), rec.purpose, Message.of("em_consent_problem", why=exc.said), System.EMARKETEER)


def build_emarketeer_index(
    contacts: Iterable[EmContactRow], records: Iterable[EmConsentRecord]
) -> tuple[dict[str, EmarketeerContact], list[ContactError]]:
    """One contact per normalised address with its newest record per purpose.

    A consent record whose key has no contact row still makes a contact: eMarketeer holds consents
    by key, and the consent is what we sync.
    """
    errors: list[ContactError] = []
    ids: dict[str, int | None] = {}
    for row in contacts:
        try:
            email = normalise_email(row.email)
        except InvalidEmail as exc:
            errors.append(em_contact_error(row, exc))
            continue
        ids.setdefault(email, row.contact_id)
    slots_by_email: dict[str, list[Consent]] = {}
    for rec in records:
        try:
            email = normalise_email(rec.key)
        except InvalidEmail as exc:
            errors.append(em_consent_error(rec, exc))
            continue
        slots = slots_by_email.get(email)
        if slots is None:
            slots = slots_by_email[email] = list(EMPTY_CONSENTS)
        i = rec.purpose.index
        old = slots[i]
        if old.basis is None and old.error is None or _newer(rec.consent, old):
            slots[i] = rec.consent
    index: dict[str, EmarketeerContact] = {}
    for email, contact_id in ids.items():
        slots = slots_by_email.pop(email, None)
        index[email] = EmarketeerContact(email, contact_id, tuple(slots) if slots else EMPTY_CONSENTS)
    for email, slots in slots_by_email.items():
        index[email] = EmarketeerContact(email, None, tuple(slots))
    return index, errors


def merge_superoffice_changes(
    known: dict[int, SuperOfficePerson],
    email_rows: list[SoEmailRow],
    reread_ids: set[int],
    consent_rows: list[SoConsentRow],
) -> tuple[list[SuperOfficePerson], list[ContactError], set[str], set[int]]:
    """An incremental read (R21): fold changed rows into the persons we knew; return the updated persons, the errors,
    every address they touch, and the ids of the persons we knew who no longer have an address (none, or one that is
    not an address): they must leave the replica, or their last values stay matched to their old address."""
    errors: list[ContactError] = []
    affected: set[str] = set()
    primaries = primary_addresses(email_rows)
    people: dict[int, SuperOfficePerson] = dict(known)
    for person_id in reread_ids:
        row = primaries.get(person_id)
        old = people.get(person_id)
        if old is not None:
            affected.add(old.email)
        if row is None:
            people.pop(person_id, None)  # no address any more: no longer a contact
            continue
        try:
            email = normalise_email(row.address)
        except InvalidEmail as exc:
            errors.append(_unreadable_address(person_id, row, exc))
            people.pop(person_id, None)
            continue
        base = old.consents if old is not None else EMPTY_CONSENTS
        people[person_id] = SuperOfficePerson(
            person_id, email, row.person_registered, base, old.untouched if old is not None else (False, False)
        )
    for consent_row in consent_rows:
        person = people.get(consent_row.person_id)
        if person is None:
            continue
        slots = list(person.consents)
        slots[consent_row.purpose.index] = consent_row.consent
        flags = list(person.untouched)
        flags[consent_row.purpose.index] = consent_row.untouched  # R22
        people[consent_row.person_id] = person._replace(consents=tuple(slots), untouched=tuple(flags))
    touched = {r.person_id for r in consent_rows} | reread_ids
    result = [people[i] for i in touched if i in people]
    affected.update(p.email for p in result)
    gone = {i for i in reread_ids if i in known and i not in people}
    return result, errors, affected, gone


def merge_emarketeer_changes(old: EmarketeerContact | None, changed: EmarketeerContact) -> EmarketeerContact:
    """An incremental read (R21): changed records replace the purposes they cover; the rest is what we last saw."""
    if old is None:
        return changed
    slots = list(old.consents)
    for p in PURPOSES:
        new = changed.consents[p.index]
        if new != Consent():
            slots[p.index] = new
    return EmarketeerContact(old.email, changed.contact_id or old.contact_id, tuple(slots))


__all__ = [
    "merge_emarketeer_changes",
    "merge_superoffice_changes",
    "EmConsentRecord",
    "EmContactRow",
    "SoConsentRow",
    "SoEmailRow",
    "PURPOSES",
    "build_emarketeer_index",
    "build_superoffice_index",
    "group_persons",
    "person_consents",
    "person_consents_untouched",
    "primary_addresses",
]
