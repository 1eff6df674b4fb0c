"""Both simulators in a child process, driven over a pipe: the engine under test gets the CPU of its own process.

Used by the sync benchmarks so that server work (JSON, filtering) is not counted in the engine's
time or memory, as with real services.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from datetime import timedelta


def _serve(conn, contacts: int, seed: int) -> None:
    from desktop_app.simulators import EmarketeerSimulator, SuperOfficeSimulator
    from desktop_app.simulators.data import AGREE, generate_dataset

    so, em = SuperOfficeSimulator(), EmarketeerSimulator()
    started = time.perf_counter()
    dataset = generate_dataset(contacts, seed=seed)
    dataset.load_into(so, em)
    so.start()
    em.start()
    conn.send({"so": so.base_url, "state": so.state_url, "em": em.base_url,
               "load_seconds": time.perf_counter() - started,
               "persons": len(dataset.persons), "em_contacts": len(dataset.emarketeer_contacts)})
    agreeing = [c for c in dataset.category(AGREE) if c.emarketeer is not None and len(c.superoffice) == 1]
    rng = random.Random(seed)
    while True:
        command, *args = conn.recv()
        if command == "stop":
            so.stop()
            em.stop()
            conn.send("stopped")
            return
        if command == "advance":
            (seconds,) = args
            so.clock.advance(seconds)
            em.clock.advance(seconds)
            conn.send(seconds)
        elif command == "counts":
            counts = (len(so.requests), len(em.requests))
            so.clear_requests()
            em.clear_requests()
            conn.send(counts)
        elif command == "change":
            # k agreeing contacts change: half in SuperOffice, half in eMarketeer, each to a new value.
            (k,) = args
            chosen = rng.sample(agreeing, k)
            for i, contact in enumerate(chosen):
                person = contact.superoffice[0]
                current = person.consent("EMARKETING")
                new_key = "61A" if current is not None and current.legal_base_key == "WITHDRAWN" else "WITHDRAWN"
                if i % 2 == 0:
                    so.set_consent(person.person_id, "EMARKETING", new_key)
                else:
                    name = "Consent" if new_key == "61A" else "Withdrawn"
                    em.add_consent(contact.emarketeer.email, "Marketing sendouts", name, "Web form")
            conn.send([c.email for c in chosen])
        else:
            conn.send(ValueError(f"unknown command {command!r}"))


class SimulatorProcess:
    def __init__(self, contacts: int, seed: int = 1) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, contacts, seed), daemon=True)
        self._proc.start()
        self.info = self._conn.recv()

    def call(self, *command):
        self._conn.send(command)
        answer = self._conn.recv()
        if isinstance(answer, Exception):
            raise answer
        return answer

    def close(self) -> None:
        try:
            self.call("stop")
        finally:
            self._proc.join(timeout=10)

    def __enter__(self) -> "SimulatorProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["SimulatorProcess", "timedelta"]
