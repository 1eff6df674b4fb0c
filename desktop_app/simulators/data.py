"""Deterministic sample data for both simulators: agreeing contacts plus duplicates, withdrawals, disagreements and oddities.

Of n addresses, about: 3% SuperOffice duplicates (2-3 persons, the oldest agreeing with eMarketeer,
the younger ones sometimes with other values and later change times), 2% withdrawals (Marketing
sendouts withdrawn on one side, later than the other side's positive basis), 3% only in
SuperOffice, 3% only in eMarketeer, 10% disagreements (half newer in SuperOffice, half newer in
eMarketeer, sometimes against "none"), 0.5% addresses written oddly (case, spaces) in one system,
the rest agreeing (eMarketeer's record a few seconds after SuperOffice's change, as if the sync
wrote it). Change times lie 1-700 days before `now`. `invalid` adds SuperOffice persons whose
address cannot be matched.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from desktop_app.domain.mapping import SUPEROFFICE_LEGAL_BASE_KEYS, SUPEROFFICE_PURPOSE_KEYS

if TYPE_CHECKING:
    from .emarketeer import EmarketeerSimulator
    from .superoffice import SuperOfficeSimulator

AGREE = "agree"
DUPLICATE = "duplicate"
WITHDRAWAL = "withdrawal"
SUPEROFFICE_ONLY = "superoffice_only"
EMARKETEER_ONLY = "emarketeer_only"
NEWER_IN_SUPEROFFICE = "newer_in_superoffice"
NEWER_IN_EMARKETEER = "newer_in_emarketeer"
ODD_ADDRESS = "odd_address"
CATEGORIES = (
    AGREE,
    DUPLICATE,
    WITHDRAWAL,
    SUPEROFFICE_ONLY,
    EMARKETEER_ONLY,
    NEWER_IN_SUPEROFFICE,
    NEWER_IN_EMARKETEER,
    ODD_ADDRESS,
)

STORE, MARKETING = "STORE", "EMARKETING"
# eMarketeer names of SuperOffice's keys, from the one mapping table of the domain.
EM_BASIS = {key: basis.label for key, basis in SUPEROFFICE_LEGAL_BASE_KEYS.items()}
EM_PURPOSE = {key: purpose.label for key, purpose in SUPEROFFICE_PURPOSE_KEYS.items()}

SWEDISH_FIRST = [
    "Anna",
    "Erik",
    "Lars",
    "Karin",
    "Maria",
    "Johan",
    "Eva",
    "Anders",
    "Kristina",
    "Per",
    "Sara",
    "Mikael",
    "Emma",
    "Lena",
    "Oskar",
    "Elsa",
    "Måns",
    "Åsa",
    "Björn",
    "Linnéa",
    "Göran",
    "Ingrid",
    "Sofia",
    "Nils",
    "Astrid",
    "Gustav",
    "Ebba",
    "Hugo",
    "Maja",
    "Axel",
    "Ulf",
    "Birgitta",
]
SWEDISH_LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Lindqvist",
    "Åkesson",
    "Öberg",
    "Söderberg",
    "Berg",
    "Ström",
    "Holm",
    "Sandberg",
    "Forsberg",
    "Wallin",
    "Ek",
    "Nyström",
]
ENGLISH_FIRST = [
    "James",
    "Oliver",
    "Emily",
    "Charlotte",
    "Harry",
    "Jack",
    "Olivia",
    "Amelia",
    "George",
    "Sophie",
    "Thomas",
    "Jessica",
    "William",
    "Lucy",
    "Daniel",
    "Grace",
    "Samuel",
    "Chloe",
    "Benjamin",
    "Hannah",
]
ENGLISH_LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
]
SWEDISH_DOMAINS = ["example.se", "foretag.se", "bolaget.se", "handel.se", "bygg-ab.se", "exempel.nu"]
ENGLISH_DOMAINS = ["company.co.uk", "example.co.uk", "example.com", "widgets.co.uk", "consulting.com"]
INVALID_ADDRESSES = [
    "anna.example.se",
    "x@",
    "@foretag.se",
    "erik svensson@example.se",
    "karin@example",
    "lars@@bolaget.se",
    "",
    "maria@foretag..se",
]
SO_SOURCES = ["USER", "USER", "WEBFORM", "IMPORT", "EMAIL"]
CHAT_EVERY, VOIP_EVERY = 20, 33  # persons (by id) with a chat or a VoIP row in SuperOffice's e-mail table
SO_COMMENTS = ["", "", "", "Signed up at the trade fair", "Customer agreement", "Asked by phone"]
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "Å": "A", "Ä": "A", "Ö": "O"})


@dataclass(frozen=True)
class SoConsent:
    purpose_key: str
    legal_base_key: str
    source_key: str
    comment: str
    registered: datetime
    updated: datetime | None  # None: created and never changed since

    @property
    def changed_at(self) -> datetime:
        return self.updated or self.registered


@dataclass(frozen=True)
class SoPerson:
    person_id: int
    email: str | None  # as stored (may be oddly written or invalid)
    registered: datetime
    consents: tuple[SoConsent, ...]
    extra_emails: tuple[str, ...] = ()

    def consent(self, purpose_key: str) -> SoConsent | None:
        return next((c for c in self.consents if c.purpose_key == purpose_key), None)


@dataclass(frozen=True)
class EmRecord:
    purpose_name: str
    legal_basis_name: str
    source_name: str
    description: str
    created_at: datetime


@dataclass(frozen=True)
class EmContact:
    email: str  # as stored
    first_name: str
    last_name: str
    mobile_phone: str
    created: datetime
    records: tuple[EmRecord, ...]  # oldest first; the last per purpose is the current one

    def current(self, purpose_name: str) -> EmRecord | None:
        return next((r for r in reversed(self.records) if r.purpose_name == purpose_name), None)


@dataclass(frozen=True)
class GeneratedContact:
    email: str  # normalised: the matching key
    category: str
    superoffice: tuple[SoPerson, ...]  # R9 order: the first is the one the sync uses
    emarketeer: EmContact | None


@dataclass
class Dataset:
    seed: int
    now: datetime
    contacts: list[GeneratedContact]
    invalid: list[SoPerson] = field(default_factory=list)

    @property
    def persons(self) -> list[SoPerson]:
        return [p for c in self.contacts for p in c.superoffice] + self.invalid

    @property
    def emarketeer_contacts(self) -> list[EmContact]:
        return [c.emarketeer for c in self.contacts if c.emarketeer is not None]

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(CATEGORIES, 0)
        for contact in self.contacts:
            found[contact.category] += 1
        return found

    def category(self, name: str) -> list[GeneratedContact]:
        return [c for c in self.contacts if c.category == name]

    def load_into(self, so: "SuperOfficeSimulator", em: "EmarketeerSimulator") -> None:
        """Insert everything through the simulators' Python state API (no HTTP)."""
        with _collector_paused(), so._lock:
            for person in sorted(self.persons, key=lambda p: p.person_id):
                _load_person(so, person)
        with _collector_paused(), em.bulk():
            for contact in self.emarketeer_contacts:
                _load_em_contact(em, contact)
        # Contact lists for the Send panel (a few thousand addresses at most, whatever the data set's size).
        addresses = [c.email for c in self.emarketeer_contacts]
        em.add_list("Newsletter", addresses[::2][:5000])
        em.add_list("Customers", addresses[::5][:2000])
        em.add_list("Event invitations", addresses[:25])


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Millions of new objects, none cyclic: the cycle collector's full passes only cost time here."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _share(n: int, fraction: float) -> int:
    count = round(n * fraction)
    return max(1, count) if n >= 50 else count


class _Generator:
    def __init__(self, seed: int, now: datetime, marketing_share: float = 0.8) -> None:
        self.rng = random.Random(seed)
        self.marketing_share = marketing_share
        self.now = now
        self.used: set[str] = set()
        self.local_counts: dict[str, int] = {}
        self.next_person_id = 1
        self.run_number = 0

    # -- people and addresses --

    def identity(self) -> tuple[str, str, str, str]:
        rng = self.rng
        swedish = rng.random() < 0.7
        first = self.pick(SWEDISH_FIRST if swedish else ENGLISH_FIRST)
        last = self.pick(SWEDISH_LAST if swedish else ENGLISH_LAST)
        domain = self.pick(SWEDISH_DOMAINS if swedish else ENGLISH_DOMAINS)
        f, l = first.translate(_ASCII).lower(), last.translate(_ASCII).lower()  # noqa: E741 - first and last name
        style = rng.random()
        local = (
            f"{f}.{l}" if style < 0.6 else f"{f[0]}.{l}" if style < 0.8 else f"{f}{l}" if style < 0.9 else f"{f}_{l}"
        )
        address = base = f"{local}@{domain}"
        while address in self.used:
            n = self.local_counts.get(base, 1) + 1
            self.local_counts[base] = n
            address = f"{local}{n}@{domain}"
        self.used.add(address)
        phone = ""
        if rng.random() < 0.6:
            phone = f"+4670{int(rng.random() * 10**7):07d}" if swedish else f"+447{int(rng.random() * 10**9):09d}"
        return address, first, last, phone

    def person_id(self) -> int:
        self.next_person_id += 1
        return self.next_person_id - 1

    # -- times and values --

    def seconds(self, low_days: float, high_days: float) -> timedelta:
        # random() rather than randint(): five times faster, and this runs ~10 times per contact.
        low = int(low_days * 86400)
        return timedelta(seconds=low + int(self.rng.random() * (int(high_days * 86400) - low + 1)))

    def pick(self, items: list[str]) -> str:
        return items[int(self.rng.random() * len(items))]

    def change_time(self, oldest_days: float = 700, newest_days: float = 1) -> datetime:
        return self.now - self.seconds(newest_days, oldest_days)

    def basis(self, purpose: str) -> str:
        r = self.rng.random()
        if purpose == STORE:
            return "61F" if r < 0.55 else "61B" if r < 0.85 else "61A"
        return "61A" if r < 0.8 else "61F"

    def other_basis(self, purpose: str, not_this: str) -> str:
        choices = ["61A", "61B", "61F", "61C"] if purpose == STORE else ["61A", "61F", "WITHDRAWN"]
        return self.rng.choice([k for k in choices if k != not_this])

    def so_consent(
        self, purpose: str, key: str, changed: datetime, source: str | None = None, not_before: datetime | None = None
    ) -> SoConsent:
        rng = self.rng
        source = source or self.pick(SO_SOURCES)
        comment = self.pick(SO_COMMENTS)
        if rng.random() < 0.45:
            return SoConsent(purpose, key, source, comment, changed, None)  # never updated since created
        registered = changed - self.seconds(1, 400)
        if not_before is not None and registered < not_before:
            registered = min(not_before, changed)
        if registered == changed:
            return SoConsent(purpose, key, source, comment, changed, None)
        return SoConsent(purpose, key, source, comment, registered, changed)

    def so_person(
        self, email: str | None, consents: list[SoConsent], registered: datetime | None = None, extra: bool = True
    ) -> SoPerson:
        if registered is None:
            earliest = min((c.registered for c in consents), default=self.change_time())
            registered = earliest - self.seconds(0, 200)
        extra_emails: tuple[str, ...] = ()
        if extra and email and self.rng.random() < 0.04:
            local, _, domain = email.strip().lower().partition("@")
            extra_emails = (f"{local}.privat@{domain}",)
        return SoPerson(self.person_id(), email, registered, tuple(consents), extra_emails)

    def em_record(
        self,
        purpose: str,
        key: str,
        created: datetime,
        source: str = "Other integration",
        description: str | None = None,
    ) -> EmRecord:
        if description is None:
            self.run_number += 1
            description = f"Legal Basis Sync run {self.run_number % 900 + 1}: SuperOffice changed"
        return EmRecord(EM_PURPOSE[purpose], EM_BASIS[key], source, description, created)

    def em_contact(self, email: str, first: str, last: str, phone: str, records: list[EmRecord]) -> EmContact:
        rng = self.rng
        history: list[EmRecord] = []
        for record in records:
            # Some purposes carry an older record in the history: the value before the current one.
            if rng.random() < 0.25:
                earlier = record.created_at - self.seconds(10, 300)
                if earlier > self.now - timedelta(days=700):
                    key = self.pick([k for k in ("61A", "61F", "61B") if EM_BASIS[k] != record.legal_basis_name])
                    history.append(
                        EmRecord(
                            record.purpose_name,
                            EM_BASIS[key],
                            self.pick(["Web form", "Import", "Added by user"]),
                            "",
                            earlier,
                        )
                    )
            history.append(record)
        history.sort(key=lambda r: r.created_at)
        earliest = min((r.created_at for r in history), default=self.change_time())
        return EmContact(email, first, last, phone, earliest - self.seconds(0, 100), tuple(history))

    def agreeing_values(self) -> dict[str, tuple[str, datetime]]:
        values = {STORE: (self.basis(STORE), self.change_time())}
        if self.rng.random() < self.marketing_share:
            values[MARKETING] = (self.basis(MARKETING), self.change_time())
        return values

    def mirror(self, consents: list[SoConsent]) -> list[EmRecord]:
        """eMarketeer records written a few seconds after each SuperOffice change, as by the sync."""
        return [
            self.em_record(
                c.purpose_key, c.legal_base_key, c.changed_at + timedelta(seconds=2 + int(self.rng.random() * 29))
            )
            for c in consents
        ]

    # -- categories --

    def agree(self, odd: bool = False) -> GeneratedContact:
        address, first, last, phone = self.identity()
        consents = [self.so_consent(p, k, t) for p, (k, t) in self.agreeing_values().items()]
        so_address, em_address = address, address
        if odd:
            oddly = self.oddly_written(address, first, last)
            if self.rng.random() < 0.5:
                so_address = oddly
            else:
                em_address = oddly.strip()  # eMarketeer trims, but keeps the case it was given
                if em_address == address:
                    em_address = address.upper()
        person = self.so_person(so_address, consents)
        em = self.em_contact(em_address, first, last, phone, self.mirror(consents))
        return GeneratedContact(address, ODD_ADDRESS if odd else AGREE, (person,), em)

    def oddly_written(self, address: str, first: str, last: str) -> str:
        local, _, domain = address.partition("@")
        choice = self.rng.randrange(3)
        if choice == 0:
            return f"{local.title()}@{domain.upper()}"
        if choice == 1:
            return f" {address} "
        return f"{local.capitalize()}@{domain} "

    def duplicate(self) -> GeneratedContact:
        rng = self.rng
        address, first, last, phone = self.identity()
        count = rng.choice([2, 2, 3])
        # Registered times differ (earliest first decides, R9); now and then two tie and the lower id decides.
        first_registered = self.now - self.seconds(400, 1500)
        registered = [first_registered] + [first_registered + self.seconds(1 / 24, 300) for _ in range(count - 1)]
        if rng.random() < 0.15:
            registered[1] = registered[0]
        ids = [self.person_id() for _ in range(count)]
        rng.shuffle(ids)
        order = sorted(range(count), key=lambda i: (registered[i], ids[i]))
        floor = self.now - timedelta(days=700)
        used_values = {p: (k, max(t, registered[order[0]])) for p, (k, t) in self.agreeing_values().items()}
        differ = rng.random() < 0.5
        people = []
        for rank, i in enumerate(order):
            values = used_values
            if rank:
                # Younger duplicates changed later, sometimes to other values: "latest wins" would pick them.
                latest = self.now - timedelta(days=1)
                values = {
                    p: (
                        self.other_basis(p, k) if differ else k,
                        min(latest, max(t, registered[i]) + self.seconds(0, 30)),
                    )
                    for p, (k, t) in used_values.items()
                }
            consents = [self.so_consent(p, k, t, not_before=max(registered[i], floor)) for p, (k, t) in values.items()]
            people.append(SoPerson(ids[i], address, registered[i], tuple(consents)))
        em = self.em_contact(address, first, last, phone, self.mirror(list(people[0].consents)))
        return GeneratedContact(address, DUPLICATE, tuple(people), em)

    def withdrawal(self) -> GeneratedContact:
        address, first, last, phone = self.identity()
        store_key, store_t = self.basis(STORE), self.change_time()
        store = self.so_consent(STORE, store_key, store_t)
        positive_t = self.change_time(600, 100)
        withdrawn_t = positive_t + self.seconds(1 / 24, 99)
        if self.rng.random() < 2 / 3:  # unsubscribed through an eMarketeer link
            marketing = self.so_consent(MARKETING, "61A", positive_t)
            records = self.mirror([store]) + [
                self.em_record(MARKETING, "61A", positive_t + timedelta(seconds=5)),
                self.em_record(MARKETING, "WITHDRAWN", withdrawn_t, "Unsubscribe link", "Unsubscribed"),
            ]
        else:  # withdrawn in the CRM
            marketing = self.so_consent(MARKETING, "WITHDRAWN", withdrawn_t, "REQUEST")
            records = self.mirror([store]) + [
                self.em_record(MARKETING, "61A", positive_t, "Web form", "Newsletter form")
            ]
        person = self.so_person(address, [store, marketing])
        records.sort(key=lambda r: r.created_at)
        return GeneratedContact(
            address,
            WITHDRAWAL,
            (person,),
            EmContact(address, first, last, phone, records[0].created_at - self.seconds(0, 100), tuple(records)),
        )

    def one_side(self, superoffice: bool) -> GeneratedContact:
        address, first, last, phone = self.identity()
        consents = [self.so_consent(p, k, t) for p, (k, t) in self.agreeing_values().items()]
        if superoffice:
            return GeneratedContact(address, SUPEROFFICE_ONLY, (self.so_person(address, consents),), None)
        records = [
            self.em_record(c.purpose_key, c.legal_base_key, c.changed_at, "Web form", "Signed up") for c in consents
        ]
        return GeneratedContact(address, EMARKETEER_ONLY, (), self.em_contact(address, first, last, phone, records))

    def disagreement(self, superoffice_newer: bool) -> GeneratedContact:
        rng = self.rng
        address, first, last, phone = self.identity()
        values = self.agreeing_values()
        differing = set(rng.sample(sorted(values), 1)) if rng.random() < 0.8 or len(values) == 1 else set(values)
        so_consents, em_records = [], []
        for purpose, (key, t) in values.items():
            if purpose not in differing:
                c = self.so_consent(purpose, key, t)
                so_consents.append(c)
                em_records += self.mirror([c])
                continue
            newer_t = self.change_time(600, 1)
            older_t = newer_t - self.seconds(1 / 24, 99)
            newer_key, older_key = key, self.other_basis(purpose, key)
            older_is_none = rng.random() < 0.2  # the losing side has no value at all
            if superoffice_newer:
                so_consents.append(self.so_consent(purpose, newer_key, newer_t))
                if not older_is_none:
                    em_records.append(self.em_record(purpose, older_key, older_t, "Web form", "Newsletter form"))
            else:
                if not older_is_none:
                    so_consents.append(self.so_consent(purpose, older_key, older_t))
                em_records.append(self.em_record(purpose, newer_key, newer_t, "Web form", "Preference centre"))
        category = NEWER_IN_SUPEROFFICE if superoffice_newer else NEWER_IN_EMARKETEER
        return GeneratedContact(
            address,
            category,
            (self.so_person(address, so_consents),),
            self.em_contact(address, first, last, phone, em_records),
        )

    def invalid(self, index: int) -> SoPerson:
        address = INVALID_ADDRESSES[index % len(INVALID_ADDRESSES)]
        if index >= len(INVALID_ADDRESSES) and address:
            address = f"{index}{address}" if not address.startswith("@") else f"{address}{index}"
        consents = [self.so_consent(p, k, t) for p, (k, t) in self.agreeing_values().items()]
        return self.so_person(address, consents, extra=False)


@dataclass(frozen=True)
class Mix:
    """Shares of the generated addresses per category (the rest agree); `marketing` is the share of contacts
    with a Marketing sendouts value besides Store and process."""

    duplicates: float = 0.03
    withdrawals: float = 0.02
    superoffice_only: float = 0.03
    emarketeer_only: float = 0.03
    disagreements: float = 0.10
    marketing: float = 0.8


DEFAULT_MIX = Mix()
# Issue 11's large tenant: both purposes everywhere, 30 % disagreeing, 5 % SuperOffice duplicates.
SCALE_MIX = Mix(duplicates=0.05, disagreements=0.30, marketing=1.0)


def generate_dataset(
    n: int, seed: int = 1, now: datetime | None = None, invalid: int = 0, mix: Mix = DEFAULT_MIX
) -> Dataset:
    """n addresses (plus `invalid` unmatchable SuperOffice persons), the same for the same seed and now."""
    now = _utc_second(now)
    gen = _Generator(seed, now, mix.marketing)
    with _collector_paused():
        contacts = list(_contacts(gen, n, mix))
        return Dataset(seed, now, contacts, [gen.invalid(i) for i in range(invalid)])


def iter_contacts(
    n: int, seed: int = 1, now: datetime | None = None, mix: Mix = DEFAULT_MIX
) -> Iterator[GeneratedContact]:
    """The same contacts as generate_dataset(n, seed, now, mix=mix).contacts, made one at a time: for loading a
    million into the simulators (load_stream) without holding the whole data set."""
    return _contacts(_Generator(seed, _utc_second(now), mix.marketing), n, mix)


def load_stream(
    contacts: Iterable[GeneratedContact],
    so: "SuperOfficeSimulator",
    em: "EmarketeerSimulator",
    keep: Callable[[GeneratedContact], object] | None = None,
) -> tuple[int, int, list]:
    """Load contacts as they are made (see iter_contacts), in person-id order as load_into does.

    Returns (SuperOffice persons, eMarketeer contacts, what `keep` returned for each contact where it was not
    None): the caller keeps what it needs (a sample to change later), not the data set. No contact lists.
    """
    persons = em_contacts = 0
    kept: list = []
    with _collector_paused(), so._lock, em.bulk():
        for contact in contacts:
            for person in sorted(contact.superoffice, key=lambda p: p.person_id):
                _load_person(so, person)
                persons += 1
            if contact.emarketeer is not None:
                _load_em_contact(em, contact.emarketeer)
                em_contacts += 1
            if keep is not None and (item := keep(contact)) is not None:
                kept.append(item)
    return persons, em_contacts, kept


def _load_person(so: "SuperOfficeSimulator", person: SoPerson) -> None:
    # The dataset states every consent row itself, so no creation-default row (R22) is added.
    so.add_person(
        person.email, person.registered, person.extra_emails, person_id=person.person_id, creation_default=None
    )
    for c in person.consents:
        so.set_consent(person.person_id, c.purpose_key, c.legal_base_key, c.source_key, c.comment, at=c.registered)
        if c.updated is not None:
            so.set_consent(person.person_id, c.purpose_key, c.legal_base_key, c.source_key, c.comment, at=c.updated)
    # Like a real tenant's e-mail table: some chat (type 1) and VoIP (type 2) rows among the addresses,
    # ranked first, which only the e-mail-type filter keeps out of the sync.
    if person.email and person.person_id % CHAT_EVERY == 0:
        so.add_contact_address(person.person_id, person.email.split("@")[0] + ".chat", kind=1, rank=1)
    if person.email and person.person_id % VOIP_EVERY == 0:
        so.add_contact_address(person.person_id, f"+46 8 {person.person_id:07d}", kind=2, rank=1)


def _load_em_contact(em: "EmarketeerSimulator", contact: EmContact) -> None:
    em.add_contact(contact.email, contact.first_name, contact.last_name, contact.mobile_phone, contact.created)
    for r in contact.records:
        em.add_consent(
            contact.email, r.purpose_name, r.legal_basis_name, r.source_name, r.description, created_at=r.created_at
        )


def _utc_second(now: datetime | None) -> datetime:
    if now is None:
        now = datetime.now(timezone.utc)
    return (now if now.tzinfo else now.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)


def _contacts(gen: _Generator, n: int, mix: Mix) -> Iterator[GeneratedContact]:
    disagreements = _share(n, mix.disagreements)
    plan = (
        [DUPLICATE] * _share(n, mix.duplicates)
        + [WITHDRAWAL] * _share(n, mix.withdrawals)
        + [SUPEROFFICE_ONLY] * _share(n, mix.superoffice_only)
        + [EMARKETEER_ONLY] * _share(n, mix.emarketeer_only)
        + [NEWER_IN_SUPEROFFICE] * (disagreements // 2)
        + [NEWER_IN_EMARKETEER] * (disagreements - disagreements // 2)
        + [ODD_ADDRESS] * (max(1, n // 200) if n >= 20 else 0)
    )[:n]
    plan += [AGREE] * (n - len(plan))
    gen.rng.shuffle(plan)
    makers = {
        AGREE: gen.agree,
        ODD_ADDRESS: lambda: gen.agree(odd=True),
        DUPLICATE: gen.duplicate,
        WITHDRAWAL: gen.withdrawal,
        SUPEROFFICE_ONLY: lambda: gen.one_side(True),
        EMARKETEER_ONLY: lambda: gen.one_side(False),
        NEWER_IN_SUPEROFFICE: lambda: gen.disagreement(True),
        NEWER_IN_EMARKETEER: lambda: gen.disagreement(False),
    }
    for category in plan:
        yield makers[category]()
