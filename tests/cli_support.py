"""The headless command as a subprocess against both simulators: servers, environment, and one-sentence checks."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from engine_support import T0

from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator

PASSWORD = "pw-Zq9-never-shown"
API_KEY = "key-Xy7-never-shown"


def start_servers(
    contacts: int = 2, *, creation_default: bool = True
) -> tuple[SuperOfficeSimulator, EmarketeerSimulator]:
    """Both simulators, clocks frozen at T0, with `contacts` pairs that need a write each (eMarketeer withdrew).
    `creation_default=False`: SuperOffice gives new persons no STORE row of its own (R22), so each pair needs
    exactly one write."""
    so = SuperOfficeSimulator(clock=SimClock(start=T0), users={"admin": PASSWORD})
    if not creation_default:
        so.creation_default = None
    em = EmarketeerSimulator(clock=SimClock(start=T0), api_keys={API_KEY})
    so.start()
    em.start()
    for i in range(contacts):
        email = f"c{i:04d}@example.se"
        person = so.add_person(email, registered=T0 - timedelta(days=300))
        so.set_consent(person, "EMARKETING", "61A", at=T0 - timedelta(days=10))
        em.add_contact(email)
        em.add_consent(email, "Marketing sendouts", "Withdrawn", created_at=T0 - timedelta(days=1))
    return so, em


def cli_env(data_dir: Path, so, em, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env.update(
        {
            "LEGALBASIS_SYNC_DATA_DIR": str(data_dir),
            "LEGALBASIS_SYNC_CRM": "onsite",
            "LEGALBASIS_SYNC_ENABLED": "1",
            "LEGALBASIS_SYNC_SUPEROFFICE_URL": so.base_url,
            "LEGALBASIS_SYNC_SUPEROFFICE_USER": "admin",
            "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD": PASSWORD,
            "LEGALBASIS_SYNC_EMARKETEER_URL": em.base_url,
            "LEGALBASIS_SYNC_EMARKETEER_API_KEY": API_KEY,
        }
    )
    env.update(overrides)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app", *args]


def run_cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), env=env, capture_output=True, text=True, timeout=timeout)


def one_sentence(stderr: str) -> str:
    """The only line on stderr; fails on a traceback, a logging error or more than one line."""
    assert "Traceback" not in stderr and "Logging error" not in stderr, stderr
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def fast_requests(data_dir: Path) -> None:
    """Saves the highest request rate (1000/s) in `data_dir`'s settings, for a test whose subject is not the rate:
    at the default 10/s, a run with a few hundred requests to a simulator mostly waits for its next request slot."""
    from desktop_app.store import Store

    with Store.open(data_dir) as store:
        store.save_settings({"requests_per_second": 1000.0})
