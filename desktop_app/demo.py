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

    @classmethod
    def start(cls, data_dir: Path | None = None, *, contacts: int = DEMO_CONTACTS, seed: int = DEMO_SEED) -> "DemoEnvironment":
        """Start both simulators with `contacts` sample contacts; `data_dir` None makes a temporary one."""
        owns = data_dir is None
        directory = Path(tempfile.mkdtemp(prefix="legalbasis-sync-demo-")) if data_dir is None else Path(data_dir)
        so = SuperOfficeSimulator(users={DEMO_USER: DEMO_PASSWORD})
        em = EmarketeerSimulator(api_keys={DEMO_API_KEY})
        so.start()
        try:
            em.start()
            generate_dataset(contacts, seed=seed).load_into(so, em)
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
        return cls(so, em, directory, secrets, owns, settings)

    def config(self) -> AppConfig:
        # An empty environment: demo mode never picks up the real account's variables.
        return resolve_config(self.settings, {}, self.data_dir)

    def stop(self) -> None:
        self.emarketeer.stop()
        self.superoffice.stop()
        if self.owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
