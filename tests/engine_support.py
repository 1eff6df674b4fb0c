"""A small world for engine tests: both simulators on loopback, the real connectors, a real store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.domain.model import DuplicatePolicy, Trigger
from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator
from desktop_app.store import Store
from desktop_app.sync.engine import EngineSettings, SyncEngine, SyncOptions

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)

# The vendor's rules alone (R9 `oldest`, no R24 holds), for tests of other rules that would otherwise meet a hold.
VENDOR_RULES = dict(duplicates=DuplicatePolicy.OLDEST, hold_reversals=False)


class FakeClock:
    """A clock moved by hand: `clock()` is `clock.now`; by default frozen at the real now (the simulators'
    records must not lie in its future)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now if now is not None else datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


# Fast retries so the fault matrix runs in seconds; the ceiling is high so nothing waits on it.
TEST_LIMITS = RequestLimits(
    requests_per_second=1000.0, max_concurrency=4, timeout=2.0, max_retries=4, backoff_base=0.01, backoff_max=0.2
)


@dataclass
class World:
    data_dir: Path
    so_clock: SimClock
    em_clock: SimClock
    so: SuperOfficeSimulator
    em: EmarketeerSimulator
    settings: EngineSettings = field(default_factory=EngineSettings)
    limits: RequestLimits = TEST_LIMITS
    stores: list[Store] = field(default_factory=list)
    person_ids: dict[str, int] = field(default_factory=dict)

    def advance(self, seconds: float) -> None:
        """Move both servers' clocks (and so the engine's 'now') forward together."""
        self.so_clock.advance(seconds)
        self.em_clock.advance(seconds)

    def now(self) -> datetime:
        return self.so_clock.now()

    def connectors(self) -> tuple[SuperOfficeConnector, EmarketeerConnector]:
        so = SuperOfficeConnector(
            self.so.base_url, BasicAuth("admin", "secret"), self.limits, state_url=self.so.state_url
        )
        em = EmarketeerConnector(self.em.base_url, "demo-key", self.limits)
        return so, em

    def store(self) -> Store:
        store = Store.open(self.data_dir)
        self.stores.append(store)
        return store

    def engine(self, **kwargs) -> SyncEngine:
        so, em = self.connectors()
        return SyncEngine(
            self.data_dir,
            kwargs.pop("store", None) or self.store(),
            so,
            em,
            kwargs.pop("settings", self.settings),
            clock=self.now,
            **kwargs,
        )

    def sync(
        self,
        *,
        dry_run: bool = False,
        only: tuple[str, ...] = (),
        mode=None,
        trigger: Trigger = Trigger.MANUAL,
        **kwargs,
    ):
        return self.engine(**kwargs).run(SyncOptions(trigger=trigger, dry_run=dry_run, only=only, mode=mode))

    # -- small helpers on the simulators' state, in vendor vocabulary

    def so_person(self, email: str, *, registered: datetime | None = None, **consents: str) -> int:
        """A SuperOffice person; consents as STORE="61A", EMARKETING="WITHDRAWN", set at the SO clock's now."""
        person_id = self.so.add_person(email, registered=registered or self.now() - timedelta(days=400))
        self.person_ids.setdefault(email, person_id)
        for purpose_key, legal_base in consents.items():
            self.so.set_consent(person_id, purpose_key, legal_base)
        return person_id

    def em_contact(self, email: str, **consents: str) -> None:
        """An eMarketeer contact; consents as store="Consent", marketing="Withdrawn"."""
        self.em.add_contact(email)
        names = {"store": "Store and process", "marketing": "Marketing sendouts"}
        for purpose, basis in consents.items():
            self.em.add_consent(email, names[purpose], basis)

    def so_person_id(self, email: str) -> int:
        return self.person_ids[email]

    def so_value(self, person_id: int, purpose_key: str) -> str | None:
        row = self.so.consents(person_id).get(purpose_key)
        return None if row is None else row["LegalBaseKey"]

    def em_value(self, email: str, purpose_name: str) -> str | None:
        record = self.em.current_consents(email).get(purpose_name)
        if record is None:
            return None
        return self.em_basis_name(record)

    def em_basis_name(self, record: dict) -> str:
        return next(b["name"] for b in self.em.legal_bases if b["id"] == record["legalBasisId"])

    def em_purpose_id(self, name: str) -> int:
        return next(p["id"] for p in self.em.purposes if p["name"] == name)

    def em_source_id(self, name: str) -> int:
        return next(p["id"] for p in self.em.sources if p["name"] == name)

    def writes(self, server) -> list:
        return [r for r in server.requests if r.method in ("PUT", "POST", "DELETE")]

    def close(self) -> None:
        for store in self.stores:
            store.close()


@contextmanager
def simulated_world(
    tmp_path: Path,
    superoffice: type[SuperOfficeSimulator] = SuperOfficeSimulator,
    emarketeer: type[EmarketeerSimulator] = EmarketeerSimulator,
) -> Iterator[World]:
    """Both simulators on loopback (clocks frozen at T0), the real connectors and a store directory; a test may give
    a simulator class of its own (a proxy in front of eMarketeer, a NetServer answering oddly). The engine tests
    state every consent row themselves: no creation-default STORE row for new persons (R22)."""
    so_clock, em_clock = SimClock(start=T0), SimClock(start=T0)
    so = superoffice(clock=so_clock, creation_default=None).start()
    em = emarketeer(clock=em_clock).start()
    w = World(tmp_path / "data", so_clock, em_clock, so, em)
    w.data_dir.mkdir(exist_ok=True)
    try:
        yield w
    finally:
        w.close()
        so.stop()
        em.stop()
