"""Loopback HTTP simulators of SuperOffice and eMarketeer, for tests, benchmarks and demo mode."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from .common import Fault, FaultList, RequestLogEntry, SimClock, SimulatorServer
from .data import Dataset, generate_dataset
from .emarketeer import EmarketeerSimulator, SentMessage
from .superoffice import SuperOfficeSimulator

__all__ = [
    "Dataset",
    "EmarketeerSimulator",
    "Fault",
    "FaultList",
    "RequestLogEntry",
    "SentMessage",
    "SimClock",
    "SimulatorServer",
    "SuperOfficeSimulator",
    "generate_dataset",
    "run_foreground",
]


def run_foreground(
    superoffice_port: int = 0,
    emarketeer_port: int = 0,
    contacts: int = 1000,
    seed: int = 1,
    out: TextIO | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Run both simulators with sample data until Ctrl+C (or until `stop` is set), then stop them cleanly."""
    out = out if out is not None else sys.stdout
    so = SuperOfficeSimulator(port=superoffice_port)
    em = EmarketeerSimulator(port=emarketeer_port)
    try:
        so.start()
        em.start()
        dataset = generate_dataset(contacts, seed=seed)
        dataset.load_into(so, em)
        user, password = next(iter(so.users.items()))
        lines = [
            f"SuperOffice simulator  {so.base_url}",
            f"  state lookup         {so.state_url}{so.customer}",
            f"  token endpoint       {so.token_url}",
            f"  sign in              user {user!r} password {password!r}, or Bearer token "
            f"{next(iter(so.tokens))!r} (refresh token {next(iter(so.refresh_tokens))!r})",
            f"eMarketeer simulator   {em.base_url}   (contacts {em.base_url}/contacts-api, "
            f"messages {em.base_url}/messages-api)",
            f"  API key              {next(iter(em.api_keys))!r} in the x-api-key header",
            f"Loaded {len(dataset.contacts)} contacts (seed {seed}): {so.person_count} SuperOffice persons, "
            f"{em.contact_count} eMarketeer contacts. Press Ctrl+C to stop.",
        ]
        print("\n".join(lines), file=out, flush=True)
        waiter = stop or threading.Event()
        # Short waits keep Ctrl+C responsive on every platform (a bare wait() can swallow it on Windows).
        while not waiter.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        em.stop()
        so.stop()
        print("Simulators stopped.", file=out, flush=True)
