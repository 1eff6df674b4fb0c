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
    by_email = {c.email: c for c in agreeing}
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
        elif command == "send_scope":
            # bench_send_sync: n recipients (any kind of contact) including k_so + k_em agreeing ones to change,
            # and k_out agreeing non-recipients to change as well.
            n, k_so, k_em, k_out = args
            picked = rng.sample(agreeing, k_so + k_em + k_out)
            taken = {c.email for c in picked}
            others = [c.email for c in rng.sample(dataset.contacts, min(len(dataset.contacts), 2 * n))
                      if c.email not in taken]
            changing = [c.email for c in picked[:k_so + k_em]]
            conn.send({"recipients": changing + others[:n - len(changing)],
                       "superoffice": changing[:k_so], "emarketeer": changing[k_so:],
                       "outside": [c.email for c in picked[k_so + k_em:]]})
        elif command == "flip":
            # Marketing consent of these agreeing contacts flipped (withdrawn <-> consent) in one system.
            side, emails = args
            for email in emails:
                person = by_email[email].superoffice[0]
                row = so.consents(person.person_id).get("EMARKETING")
                withdrawn = row is not None and row["LegalBaseKey"] == "WITHDRAWN"
                if side == "superoffice":
                    so.set_consent(person.person_id, "EMARKETING", "61A" if withdrawn else "WITHDRAWN")
                else:
                    em.add_consent(by_email[email].emarketeer.email, "Marketing sendouts",
                                   "Consent" if withdrawn else "Withdrawn", "Web form")
            conn.send(len(emails))
        elif command == "breakdown":
            # Requests since the last counts/breakdown, by system and kind (see request_kind), then cleared.
            kinds: dict[str, int] = {}
            for system, sim in (("superoffice", so), ("emarketeer", em)):
                for r in sim.requests:
                    key = f"{system} {request_kind(r.method, r.path, r.query)}"
                    kinds[key] = kinds.get(key, 0) + 1
                sim.clear_requests()
            conn.send(kinds)
        else:
            conn.send(ValueError(f"unknown command {command!r}"))


def request_kind(method: str, path: str, query: dict) -> str:
    """'write' (PUT/POST/DELETE), 'per-key' (one contact's or person's GET: eMarketeer consents?key= and
    history, SuperOffice Person/{id}/Consent) or 'paging' (every GET of a list or one page of one: archive
    pages, consents/filter and contacts pages, the master-data and list reads)."""
    if method in ("PUT", "POST", "DELETE"):
        return "write"
    lowered = path.lower()
    if "/person/" in lowered or lowered.endswith("/consents/history") or (
            lowered.endswith("/consents") and "key" in query):
        return "per-key"
    return "paging"


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


__all__ = ["SimulatorProcess", "request_kind", "timedelta"]
