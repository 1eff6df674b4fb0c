"""The vocabulary of the sync: systems, purposes, legal bases, rules and per-side values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any, NamedTuple


class System(StrEnum):
    SUPEROFFICE = "superoffice"
    EMARKETEER = "emarketeer"

    @property
    def label(self) -> str:
        return "SuperOffice" if self is System.SUPEROFFICE else "eMarketeer"

    @property
    def other(self) -> "System":
        return System.EMARKETEER if self is System.SUPEROFFICE else System.SUPEROFFICE


class Purpose(StrEnum):
    """The two synced purposes (R6). Order matters: it is the index into per-contact tuples."""

    STORE = "store"
    MARKETING = "marketing"

    @property
    def index(self) -> int:  # type: ignore[override]  # the per-contact tuple index; str.index is never meant
        return _PURPOSE_INDEX[self]

    @property
    def label(self) -> str:
        return "Store and process" if self is Purpose.STORE else "Marketing sendouts"


PURPOSES: tuple[Purpose, ...] = (Purpose.STORE, Purpose.MARKETING)
_PURPOSE_INDEX = {p: i for i, p in enumerate(PURPOSES)}
_STORE_INDEX = Purpose.STORE.index  # R22: the purpose of the row SuperOffice gives every new person


class LegalBasis(StrEnum):
    """A legal basis. `None` (not a member) stands for "no legal basis"."""

    CONSENT = "consent"
    LEGITIMATE_INTEREST = "legitimate_interest"
    CONTRACT = "contract"
    REQUIRED_BY_LAW = "required_by_law"
    VITAL_INTEREST = "vital_interest"
    PUBLIC_INTEREST = "public_interest"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]

    @property
    def is_positive(self) -> bool:
        return self is not LegalBasis.WITHDRAWN


_BASIS_LABELS = {
    LegalBasis.CONSENT: "Consent",
    LegalBasis.LEGITIMATE_INTEREST: "Legitimate interest",
    LegalBasis.CONTRACT: "Contract",
    LegalBasis.REQUIRED_BY_LAW: "Required by law",
    LegalBasis.VITAL_INTEREST: "Protect vital interests",
    LegalBasis.PUBLIC_INTEREST: "Public interest",
    LegalBasis.WITHDRAWN: "Withdrawn",
}


def basis_label(basis: LegalBasis | None) -> str:
    return "none" if basis is None else basis.label


def restrictiveness(basis: LegalBasis | None) -> int:
    """R13's order for near-simultaneous changes: withdrawn over any positive basis, any basis over none."""
    if basis is None:
        return 0
    if basis is LegalBasis.WITHDRAWN:
        return 2
    return 1


class Rule(StrEnum):
    """The rule that made a decision (SPEC.md)."""

    R5 = "R5"  # latest change wins; a value beats none
    R9 = "R9"  # duplicate SuperOffice persons: the latest-changed (or the oldest) speaks; all are brought in step
    R11 = "R11"  # contact in one system only: left alone
    R12 = "R12"  # equal values: no write
    R13 = "R13"  # three-way: only one side changed since the baseline, or near-simultaneous conflict
    R17 = "R17"  # bad input: on the error list
    R22 = "R22"  # a SuperOffice creation default loses to eMarketeer's value on the first match
    R23 = "R23"  # mass-change brake: the run is held for a person
    R24 = "R24"  # a reversed withdrawal is held for a person; a person's answer
    R25 = "R25"  # flapping pair: the app stopped writing it


class DuplicatePolicy(StrEnum):
    """R9: which SuperOffice persons sharing an address take part in the sync."""

    ALL = "all"  # the latest-changed person speaks; every person is brought to the decided value
    OLDEST = "oldest"  # only the oldest person is compared and written


# R22: a consent row registered this close to its person's creation, never updated since, came with the person.
CREATION_DEFAULT_WINDOW_SECONDS = 60


class Consent(NamedTuple):
    """One side's value for one contact and purpose.

    A NamedTuple, not a dataclass: the planner compares millions of these and tuple equality
    runs in C. `error` is set when the record could not be read (R17); such a value is never
    used to decide or to write.
    """

    basis: LegalBasis | None = None
    changed_at: datetime | None = None
    error: str | None = None


NO_CONSENT = Consent()

# Per-contact values: one Consent per purpose, indexed by Purpose.index.
Consents = tuple[Consent, ...]
EMPTY_CONSENTS: Consents = (NO_CONSENT, NO_CONSENT)


class SuperOfficePerson(NamedTuple):
    """A SuperOffice person as far as the sync cares: primary address, creation time, consents.

    `untouched` says per purpose whether the consent row was never updated after it was registered
    (its updated time empty or equal to its registered time): with `registered`, what R22 needs.
    """

    person_id: int
    email: str  # normalised primary address
    registered: datetime | None
    consents: Consents
    untouched: tuple[bool, ...] = (False, False)

    def is_creation_default(self, purpose_index: int) -> bool:
        """R22: this purpose's row came with the person's creation (SuperOffice's own default), not from a person.
        Only "Store and process": the one row SuperOffice gives every new person by itself (SPEC R22). A "Marketing
        sendouts" row registered with the person was set by whoever created it (a withdrawal, say): R5 decides it."""
        if purpose_index != _STORE_INDEX or not self.untouched[purpose_index] or self.registered is None:
            return False
        value = self.consents[purpose_index]
        if value.basis is None or value.changed_at is None:
            return False
        return abs((value.changed_at - self.registered).total_seconds()) <= CREATION_DEFAULT_WINDOW_SECONDS


class SuperOfficeContact(NamedTuple):
    """All SuperOffice persons whose primary address is one e-mail, oldest first (R9).

    `used` is the oldest person: the one `oldest` mode syncs, and the one a send looks at first.
    """

    email: str
    persons: tuple[SuperOfficePerson, ...]

    @property
    def used(self) -> SuperOfficePerson:
        return self.persons[0]

    @property
    def consents(self) -> Consents:
        return self.persons[0].consents


class EmarketeerContact(NamedTuple):
    """An eMarketeer contact (one per address) and its current consent per purpose."""

    email: str
    contact_id: int | None
    consents: Consents


class ContactBaseline(NamedTuple):
    """R13: per purpose, both sides' (value, change time) when they last agreed; None = no baseline.

    `persons`: per purpose, the SuperOffice person whose value was agreed on (None: not recorded). A baseline is
    that person's, not the address's: see `own_baseline`."""

    superoffice: tuple[Consent | None, ...]
    emarketeer: tuple[Consent | None, ...]
    persons: tuple[int | None, ...] = ()


EMPTY_BASELINE = ContactBaseline((None, None), (None, None))


def own_baseline(base: ContactBaseline | None, persons: Sequence[SuperOfficePerson]) -> ContactBaseline | None:
    """R13's baseline for the address's persons now. A purpose agreed on by a SuperOffice person who no longer
    holds the address (its address moved to another person, or a new person took it over) has none there: for the
    person holding it now this is a first match (R5, R22), and its empty row is not a removal."""
    if base is None or not base.persons:
        return base
    if len(persons) == 1:
        pid = persons[0].person_id
        if all(p is None or p == pid for p in base.persons):
            return base  # the common case: the same person as when both sides agreed
    ids = {p.person_id for p in persons}
    own = [p is None or p in ids for p in base.persons]
    if all(own):
        return base
    if not any(own):
        return None
    return ContactBaseline(
        tuple(v if k else None for v, k in zip(base.superoffice, own)),
        tuple(v if k else None for v, k in zip(base.emarketeer, own)),
        tuple(p if k else None for p, k in zip(base.persons, own)),
    )


class ContactError(NamedTuple):
    """R17: a contact (or purpose) that could not be synced this run, and why, in words."""

    email: str
    purpose: Purpose | None
    reason: str  # in English: the command line, the logs, the history
    system: System | None = None
    said: Any = None  # the reason as a domain.messages.Message, for the window's language (None: only the English)


def utc(value: datetime) -> datetime:
    """Coerce to an aware UTC datetime (naive values are taken as UTC: both vendors send UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utc_now() -> datetime:
    """Now, aware, in UTC: every default clock of the app (tests hand their own clock in instead)."""
    return datetime.now(timezone.utc)


def format_time(value: datetime | None) -> str:
    return "never" if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Trigger(StrEnum):
    MANUAL = "manual"
    SCHEDULED = "scheduled"
    SEND = "send"
    PREVIEW = "preview"


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # found running by a later run: the process died (kill -9, crash)
    SKIPPED = "skipped"
    HELD = "held"  # R23: the mass-change brake held it; nothing was written, it waits for a person


class RunMode(StrEnum):
    FULL = "full"
    INCREMENTAL = "incremental"
    ONLY = "only"
