"""Demo mode's world: both simulators in this process with sample data, a throw-away data directory, in-memory secrets.

Nothing real is touched: the settings point at the loopback simulators, the secrets live in an
`InMemorySecretStore`, the environment's LEGALBASIS_SYNC_* variables are ignored, and the data
directory is a temporary folder removed when the demo stops. Qt-free, so tests use it too.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from .config import CRM_ONSITE, AppConfig, resolve_config
from .secrets import EMARKETEER_API_KEY, SUPEROFFICE_PASSWORD, InMemorySecretStore
from .simulators import EmarketeerSimulator, SuperOfficeSimulator, generate_dataset

log = logging.getLogger(__name__)

DEMO_CONTACTS = 300
DEMO_SEED = 7
DEMO_USER, DEMO_PASSWORD, DEMO_API_KEY = "admin", "secret", "demo-key"
BANNER = "Demo mode: built-in simulators with sample data; nothing real is touched."


@dataclass
class DemoEnvironment:
    superoffice: SuperOfficeSimulator
    emarketeer: EmarketeerSimulator
    data_dir: Path
    secret_store: InMemorySecretStore
    owns_data_dir: bool = True
    settings: dict[str, object] = field(default_factory=dict)
    person_ids: list[int] = field(default_factory=list)  # the sample persons (the botched import's targets)

    @classmethod
    def start(
        cls, data_dir: Path | None = None, *, contacts: int = DEMO_CONTACTS, seed: int = DEMO_SEED
    ) -> "DemoEnvironment":
        """Start both simulators with `contacts` sample contacts; `data_dir` None makes a temporary one."""
        owns = data_dir is None
        directory = Path(tempfile.mkdtemp(prefix="legalbasis-sync-demo-")) if data_dir is None else Path(data_dir)
        so = SuperOfficeSimulator(users={DEMO_USER: DEMO_PASSWORD})
        em = EmarketeerSimulator(api_keys={DEMO_API_KEY})
        so.start()
        try:
            em.start()
            dataset = generate_dataset(contacts, seed=seed)
            dataset.load_into(so, em)
            add_safety_examples(so, em)
        except BaseException:
            em.stop()
            so.stop()
            raise
        secrets = InMemorySecretStore({SUPEROFFICE_PASSWORD: DEMO_PASSWORD, EMARKETEER_API_KEY: DEMO_API_KEY})
        settings = {
            "crm": CRM_ONSITE,
            "enabled": True,
            "superoffice_url": so.base_url,
            "superoffice_user": DEMO_USER,
            "superoffice_state_url": so.state_url,
            "emarketeer_url": em.base_url,
        }
        log.info("Demo mode: simulators at %s and %s, data in %s.", so.root_url, em.root_url, directory)
        return cls(
            so, em, directory, secrets, owns, settings, person_ids=[p.person_id for p in dataset.persons if p.email]
        )

    def config(self) -> AppConfig:
        # An empty environment: demo mode never picks up the real account's variables.
        return resolve_config(self.settings, {}, self.data_dir)

    def simulate_botched_import(self) -> int:
        """R23 in the demo: an import sets every SuperOffice person's legal bases to Withdrawn, as a botched one
        would. The next sync would copy thousands of withdrawals; the mass-change brake holds it instead.
        Returns the number of legal bases changed."""
        return botched_import(self.superoffice, self.person_ids)

    def stop(self) -> None:
        self.emarketeer.stop()
        self.superoffice.stop()
        if self.owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


# Issue 12's cases, added to the sample data so demo mode shows each of them.
HELD_REVERSAL = "reversal.demo@example.se"  # R24: a Consent typed over an unsubscribe
DUPLICATE_GROUP = "shared.demo@example.se"  # R9 `all`: three persons, three values
CREATION_DEFAULT = "new.demo@example.se"  # R22: SuperOffice's default for a new person
NEAR_SIMULTANEOUS = ("samtidig.demo@example.se", "klocka.demo@example.se")  # R13: changed seconds apart, a conflict
BAD_RECORDS = ("framtid.demo@example.se", "klocka.fel.demo@example.se")  # R17: on the error list


def add_safety_examples(so: SuperOfficeSimulator, em: EmarketeerSimulator) -> None:
    """A held reversal (R24), a duplicate group in `all` mode (R9), a creation default (R22), near-simultaneous
    changes (R13's conflicts) and records a sync cannot use (R17's error list): every filter of the conflict view
    shows rows in the demo (issue 13)."""
    now = so.clock.now()
    # R24: the contact unsubscribed in eMarketeer; a salesperson typed Consent in SuperOffice a day later.
    em.add_contact(HELD_REVERSAL, first_name="Rut", last_name="Återkallad")
    em.add_consent(HELD_REVERSAL, "Store and process", "Contract", created_at=now - timedelta(days=40))
    em.add_consent(HELD_REVERSAL, "Marketing sendouts", "Withdrawn", created_at=now - timedelta(days=3))
    person = so.add_person(HELD_REVERSAL, registered=now - timedelta(days=400))
    so.set_consent(person, "STORE", "61B", at=now - timedelta(days=40))
    so.set_consent(person, "EMARKETING", "61A", at=now - timedelta(days=2))
    # R9: three persons share one address and disagree; the one changed last speaks, all are brought in step.
    em.add_contact(DUPLICATE_GROUP, first_name="Dela", last_name="Adress")
    em.add_consent(DUPLICATE_GROUP, "Marketing sendouts", "Consent", created_at=now - timedelta(days=30))
    for days_old, changed_days_ago, key in ((900, 60, "61A"), (300, 5, "61F"), (50, 20, "61B")):
        pid = so.add_person(DUPLICATE_GROUP, registered=now - timedelta(days=days_old))
        so.set_consent(pid, "EMARKETING", key, at=now - timedelta(days=changed_days_ago))
    # R22: consent given in eMarketeer long ago; the person was just created in SuperOffice with its default.
    em.add_contact(CREATION_DEFAULT, first_name="Ny", last_name="Person")
    em.add_consent(CREATION_DEFAULT, "Store and process", "Consent", created_at=now - timedelta(days=200))
    created = now - timedelta(hours=1)
    pid = so.add_person(CREATION_DEFAULT, registered=created)
    so.set_consent(pid, "STORE", "61F", at=created)
    # R13: the two systems were changed 40 and 70 seconds apart, closer than the clock skew window: neither clock
    # is trusted, the more restrictive value wins and the row is listed as a conflict.
    for address, seconds, so_key, em_basis in (
        (NEAR_SIMULTANEOUS[0], 40, "61A", "Legitimate interest"),
        (NEAR_SIMULTANEOUS[1], 70, "61F", "Consent"),
    ):
        em.add_contact(address, first_name="Sam", last_name="Tidig")
        em.add_consent(address, "Marketing sendouts", em_basis, created_at=now - timedelta(days=1))
        pid = so.add_person(address, registered=now - timedelta(days=500))
        so.set_consent(pid, "EMARKETING", so_key, at=now - timedelta(days=1, seconds=seconds))
    # R17: change times in the future (a clock set wrong where the record was made), one in each system: the sync
    # cannot decide them and lists them as errors until someone looks.
    em.add_contact(BAD_RECORDS[0], first_name="Fram", last_name="Tid")
    em.add_consent(BAD_RECORDS[0], "Marketing sendouts", "Consent", created_at=now + timedelta(days=30))
    pid = so.add_person(BAD_RECORDS[0], registered=now - timedelta(days=90))
    so.set_consent(pid, "EMARKETING", "61B", at=now - timedelta(days=10))
    em.add_contact(BAD_RECORDS[1], first_name="Klocka", last_name="Fel")
    em.add_consent(BAD_RECORDS[1], "Store and process", "Consent", created_at=now - timedelta(days=10))
    pid = so.add_person(BAD_RECORDS[1], registered=now - timedelta(days=90))
    so.set_consent(pid, "STORE", "61B", at=now + timedelta(days=20))


def botched_import(so: SuperOfficeSimulator, person_ids: list[int]) -> int:
    """These persons' legal bases all set to Withdrawn, as a bad import would (R23's demo)."""
    now = so.clock.now()
    count = 0
    for person_id in person_ids:
        for purpose in ("STORE", "EMARKETING"):
            so.set_consent(person_id, purpose, "WITHDRAWN", source_key="API", at=now)
            count += 1
    return count
