"""The oracle of the engine's model-based test (tests/test_engine_model.py), kept apart from the engine.

Nothing here imports the planner or the engine: values are read straight from the simulators'
state in vendor words and mapped with this file's own tables, addresses are normalised with this
file's own rule (SPEC "Words": trimmed, NFC, lower-cased), and every write that reaches a
simulator is recorded by a tap on the simulator's request handler, together with what the target
held just before it. The invariants are checked against those records.
"""

from __future__ import annotations

import base64
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, quote_plus

# ------------------------------------------------------------------ vendor words, our own tables

SO_BASIS = {
    "61A": "consent",
    "61B": "contract",
    "61C": "required_by_law",
    "61D": "vital_interest",
    "61E": "public_interest",
    "61F": "legitimate_interest",
    "WITHDRAWN": "withdrawn",
}
EM_BASIS = {
    "Consent": "consent",
    "Contract": "contract",
    "Required by law": "required_by_law",
    "Protect vital interests": "vital_interest",
    "Public interest": "public_interest",
    "Legitimate interest": "legitimate_interest",
    "Withdrawn": "withdrawn",
}
SO_PURPOSE = {"STORE": "store", "EMARKETING": "marketing"}
EM_PURPOSE = {"Store and process": "store", "Marketing sendouts": "marketing"}
PURPOSES = ("store", "marketing")
BAD = "<bad>"  # a value R17 must reject: unknown key, no change time

TOKEN = re.compile(r"LBS-(\d+)-(\d+)")
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def address_key(raw: str | None) -> str | None:
    """SPEC "Words": trimmed, Unicode NFC, lower-cased (never case-folded); None when not an address."""
    if not isinstance(raw, str):
        return None
    key = unicodedata.normalize("NFC", raw.strip()).lower()
    return key if _ADDRESS.match(key) else None


def parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


@dataclass(frozen=True)
class Value:
    """One side's value for one contact and purpose, as the oracle reads it."""

    basis: str | None  # a domain word ("withdrawn"), None (no legal basis) or BAD
    at: datetime | None

    @property
    def bad(self) -> bool:
        return self.basis == BAD or (self.basis is not None and self.at is None)


NONE = Value(None, None)


def so_value(info: dict | None) -> Value:
    """A ConsentInfo dict (GET v1/Person/{id}/Consent) as a Value."""
    if info is None:
        return NONE
    at = parse_time(info.get("Updated")) or parse_time(info.get("Registered"))
    return Value(SO_BASIS.get(info.get("LegalBaseKey"), BAD), at)


def em_value(record: dict | None, basis_names: dict[int, str]) -> Value:
    if record is None:
        return NONE
    name = basis_names.get(record.get("legalBasisId"))
    return Value(EM_BASIS.get(name, BAD) if name else BAD, parse_time(record.get("createdAt")))


def secret_forms(user: str, password: str, api_key: str) -> list[str]:
    """Every spelling of the test's secrets a leak could take (issue 9 pt 6), and their 8-character pieces."""
    whole = [
        password,
        api_key,
        f"{user}:{password}",
        base64.b64encode(f"{user}:{password}".encode()).decode(),
        quote(password, safe=""),
        quote_plus(password),
        quote(api_key, safe=""),
    ]
    pieces: set[str] = set()
    for secret in (password, api_key):
        pieces.update(secret[i : i + 8] for i in range(len(secret) - 7))
    return sorted(set(whole) | pieces, key=len, reverse=True)


def find_secret(text: str | bytes, forms: list[str]) -> str | None:
    if isinstance(text, bytes):
        for form in forms:
            if form.encode() in text:
                return form
        return None
    for form in forms:
        if form in text:
            return form
    return None


# ------------------------------------------------------------------ the tap: every write that landed


@dataclass(frozen=True)
class Landed:
    """A write a simulator carried out (whatever answer the client then got)."""

    seq: int
    side: str  # "so" | "em"
    person_id: int | None
    address: str  # as the target stores it (SO: the person's primary address at the time)
    purpose: str | None  # domain purpose, None for a purpose the sync does not own
    before: Value
    before_token: str | None  # the token of the write that set the value held before, if ours
    written: str | None  # domain basis written
    token: str | None  # "LBS-run-decision"
    run_id: int | None
    decision_id: int | None
    at: datetime


class WriteTap:
    """Wraps both simulators' `handle` so each write is recorded with the value it replaced."""

    def __init__(self, so, em) -> None:
        self.so = so
        self.em = em
        self.landed: list[Landed] = []
        self._lock = threading.Lock()
        self._seq = 0
        # SO keeps no history: remember which token wrote each (person, purpose) last.
        self._so_last_token: dict[tuple[int, str], str | None] = {}
        so_handle, em_handle = so.handle, em.handle
        so.handle = lambda request: self._so(request, so_handle)
        em.handle = lambda request: self._em(request, em_handle)

    def _add(self, **values) -> None:
        with self._lock:
            self._seq += 1
            token = values["token"]
            match = TOKEN.search(token or "")
            self.landed.append(
                Landed(
                    seq=self._seq,
                    run_id=int(match.group(1)) if match else None,
                    decision_id=int(match.group(2)) if match else None,
                    **values,
                )
            )

    def so_person_token(self, person_id: int, purpose_key: str) -> str | None:
        return self._so_last_token.get((person_id, purpose_key.upper()))

    def forget_so(self, person_id: int, purpose_key: str) -> None:
        """A person (not the sync) wrote this row."""
        self._so_last_token[(person_id, purpose_key.upper())] = None

    def _so(self, request, handle):
        match = re.search(r"Person/(\d+)/Consent/([^/?]+)$", request.path)
        if request.method != "PUT" or match is None:
            return handle(request)
        person_id, purpose_key = int(match.group(1)), match.group(2).upper()
        with self.so._lock:  # an RLock: the handler takes it again
            try:
                before = self.so.consents(person_id).get(purpose_key)
                address = (self.so.emails(person_id) or [""])[0]
            except KeyError:
                before, address = None, ""
            response = handle(request)
            if 200 <= response.status < 300:
                token_match = TOKEN.search(request.query.get("comment", ""))
                token = token_match.group(0) if token_match else None
                self._add(
                    side="so",
                    person_id=person_id,
                    address=address,
                    purpose=SO_PURPOSE.get(purpose_key),
                    before=so_value(before),
                    before_token=self._so_last_token.get((person_id, purpose_key)),
                    written=SO_BASIS.get(request.query.get("legalBase", "").upper(), BAD),
                    token=token,
                    at=self.so.clock.now(),
                )
                self._so_last_token[(person_id, purpose_key)] = token
        return response

    def _em(self, request, handle):
        if request.method != "POST" or not request.path.rstrip("/").endswith("/consents"):
            return handle(request)
        try:
            body = request.json()
        except ValueError:
            return handle(request)
        with self.em._lock:
            key = body.get("key") if isinstance(body, dict) else None
            purpose_names = {p["id"]: p["name"] for p in self.em.purposes}
            basis_names = {b["id"]: b["name"] for b in self.em.legal_bases}
            purpose_name = purpose_names.get(body.get("purposeId")) if isinstance(body, dict) else None
            current = self.em.current_consents(key).get(purpose_name) if isinstance(key, str) else None
            response = handle(request)
            if 200 <= response.status < 300:
                description = body.get("description") or ""
                token_match = TOKEN.search(description)
                before_match = TOKEN.search((current or {}).get("description") or "")
                self._add(
                    side="em",
                    person_id=None,
                    address=key,
                    purpose=EM_PURPOSE.get(purpose_name),
                    before=em_value(current, basis_names),
                    before_token=before_match.group(0) if before_match else None,
                    written=EM_BASIS.get(basis_names.get(body.get("legalBasisId")), BAD),
                    token=token_match.group(0) if token_match else None,
                    at=self.em.clock.now(),
                )
        return response


def within(a: datetime, b: datetime, seconds: float) -> bool:
    return abs(a - b) <= timedelta(seconds=seconds)
