"""Both simulators in a child process, driven over a pipe: the engine under test gets the CPU of its own process.

Used by the sync benchmarks so that server work (JSON, filtering) is not counted in the engine's
time or memory, as with real services.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from datetime import timedelta
from typing import NamedTuple


class _Agreeing(NamedTuple):
    email: str
    person_id: int
    em_email: str


def _agreeing(contact):
    """What the change commands need of an agreeing contact with one person: (address, person id, eMarketeer address)."""
    from desktop_app.simulators.data import AGREE

    if contact.category != AGREE or contact.emarketeer is None or len(contact.superoffice) != 1:
        return None
    return _Agreeing(contact.email, contact.superoffice[0].person_id, contact.emarketeer.email)


def _serve(conn, contacts: int, seed: int, mix, stream: bool) -> None:
    from desktop_app.simulators import EmarketeerSimulator, SuperOfficeSimulator
    from desktop_app.simulators.data import DEFAULT_MIX, generate_dataset, iter_contacts, load_stream

    so, em = SuperOfficeSimulator(), EmarketeerSimulator()
    started = time.perf_counter()
    dataset = None
    if stream:
        # A million contacts: made and loaded one at a time; only the agreeing ones' ids are kept.
        persons, em_contacts, agreeing = load_stream(
            iter_contacts(contacts, seed, mix=mix or DEFAULT_MIX), so, em, keep=_agreeing
        )
    else:
        dataset = generate_dataset(contacts, seed=seed, mix=mix or DEFAULT_MIX)
        dataset.load_into(so, em)
        persons, em_contacts = len(dataset.persons), len(dataset.emarketeer_contacts)
        agreeing = [a for c in dataset.contacts if (a := _agreeing(c)) is not None]
    so.start()
    em.start()
    conn.send(
        {
            "so": so.base_url,
            "state": so.state_url,
            "em": em.base_url,
            "load_seconds": time.perf_counter() - started,
            "persons": persons,
            "em_contacts": em_contacts,
        }
    )
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
        elif command == "cpu":
            conn.send(time.process_time())  # the simulators' CPU seconds so far (every thread of this process)
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
                row = so.consents(contact.person_id).get("EMARKETING")
                new_key = "61A" if row is not None and row["LegalBaseKey"] == "WITHDRAWN" else "WITHDRAWN"
                if i % 2 == 0:
                    so.set_consent(contact.person_id, "EMARKETING", new_key)
                else:
                    name = "Consent" if new_key == "61A" else "Withdrawn"
                    em.add_consent(contact.em_email, "Marketing sendouts", name, "Web form")
            conn.send([c.email for c in chosen])
        elif command == "send_scope":
            # bench_send_sync: n recipients (any kind of contact) including k_so + k_em agreeing ones to change,
            # and k_out agreeing non-recipients to change as well.
            n, k_so, k_em, k_out = args
            if dataset is None:
                conn.send(ValueError("send_scope needs the whole data set: start without stream=True"))
                continue
            picked = rng.sample(agreeing, k_so + k_em + k_out)
            taken = {c.email for c in picked}
            others = [
                c.email for c in rng.sample(dataset.contacts, min(len(dataset.contacts), 2 * n)) if c.email not in taken
            ]
            changing = [c.email for c in picked[: k_so + k_em]]
            conn.send(
                {
                    "recipients": changing + others[: n - len(changing)],
                    "superoffice": changing[:k_so],
                    "emarketeer": changing[k_so:],
                    "outside": [c.email for c in picked[k_so + k_em :]],
                }
            )
        elif command == "flip":
            # Marketing consent of these agreeing contacts flipped (withdrawn <-> consent) in one system.
            side, emails = args
            for email in emails:
                person_id = by_email[email].person_id
                row = so.consents(person_id).get("EMARKETING")
                withdrawn = row is not None and row["LegalBaseKey"] == "WITHDRAWN"
                if side == "superoffice":
                    so.set_consent(person_id, "EMARKETING", "61A" if withdrawn else "WITHDRAWN")
                else:
                    em.add_consent(
                        by_email[email].em_email,
                        "Marketing sendouts",
                        "Consent" if withdrawn else "Withdrawn",
                        "Web form",
                    )
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
    if (
        "/person/" in lowered
        or lowered.endswith("/consents/history")
        or (lowered.endswith("/consents") and "key" in query)
    ):
        return "per-key"
    return "paging"


class SimulatorProcess:
    """`mix`: simulators.data.Mix (None: the default data set); `stream`: generate and load one contact at a
    time, keeping only the ids the change commands need (for a million contacts; no send_scope)."""

    def __init__(self, contacts: int, seed: int = 1, *, mix=None, stream: bool = False) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, contacts, seed, mix, stream), daemon=True)
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
