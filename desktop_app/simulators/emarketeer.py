"""An eMarketeer API simulator: contacts, consent master data and records, consent history, e-mail/SMS sends.

Follows the shapes of shared/api/emarketeer.md. Everything lives under one root URL: the contact
module at `{base_url}/contacts-api`, the consent module at `{base_url}` (its paths start with
`/consent-public/v1/`), the messages module at `{base_url}/messages-api`.
Decisions the api notes leave open, made here (the connector must cope with them):

- Contacts are matched on the trimmed, NFC, lower-cased address (never case-folded: `maße@` and
  `masse@` are two contacts), but keep the address as written;
  a consent record's `key` is the contact's address as stored (not necessarily as the caller wrote it).
- `POST /consent-public/v1/consents` for an address with no contact is a 404 (no contact is created);
  bad or unknown ids are a 422. `GET consents?key=` and `consents/history?key=` are 404 for an
  address with neither a contact nor records. `GET contacts?email=` with no match is a 200 with no items.
- Bad query parameters (page, pageSize outside 1..1000, unreadable dates) are a 400 `{"message"}`.
- `createdAt`, `created` and `modified` are whole UTC seconds, `YYYY-MM-DDTHH:MM:SSZ`.
  `changedSince`/`modifiedSince` are inclusive and accept `Z`, an offset, or no zone (UTC).
- The current record per purpose is the one with the latest createdAt (ties: the later one added);
  a record added with an older createdAt only goes into the history. Consent records do not touch
  the contact's `modified`.
- `consents/filter` orders by (createdAt, key, purposeId); contacts by (modified, address).
- `POST /contacts-api/v1/contacts` takes a list or `{"contacts": [...]}` (at most 100), answers 200
  `{"items": [contact...], "created": n, "updated": m}`; `modified` moves only when a field changed.
- Sends (e-mail and SMS alike): `recipients` are e-mail addresses. Rejected reasons: "unknown contact",
  "withdrawn" (Marketing sendouts is Withdrawn) and, for SMS, "no mobile phone number"; no marketing
  record at all is sent. Components belong to one channel (seeded: 1001, 1002 e-mail; 2001, 2002 SMS):
  an unknown component, or one of the other channel, is a 422 `{"message"}` and nothing is sent.
  Every send carried out is logged in `sent` (with an `after_handling` fault too: it was sent, the
  answer was lost).
- Contact lists (paths from the api notes' corrections, shapes ASSUMED): `GET /contacts-api/v1/lists/`
  pages of `{"id", "name", "size"}`, `GET /contacts-api/v1/lists/{contactListId}` pages of the list's
  contacts (404 for an unknown list). `load_into` of the sample data seeds three lists.

Like the real services behind eMarketeer's API gateway (the api notes' "LIKELY" facts, on by default):

- A missing or wrong `x-api-key` answers 403 `{"message": "Forbidden"}`; a path (or method) the
  gateway does not route answers 403 `{"message": "Missing Authentication Token"}`, key or not.
- Throttling (a 429 fault) answers `{"message": "Too Many Requests"}`, without `Retry-After`
  unless the fault sets one.
- Errors raised by eMarketeer's own code (400, 404, 422 from a handler) carry
  `{"userMessage": "...", "developerMessage": "..."}`; `gateway_errors = False` gives the old
  `{"message"}` bodies and a 401 for a bad key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .common import Request, Response, SimClock, SimulatorServer, SortedKeys, as_utc, json_response

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_CONTACTS_PER_POST = 100

# Ids deliberately scattered and not starting at 1, so nothing can hard-code them.
PURPOSES = [(11, "Store and process"), (12, "Marketing sendouts"), (13, "Profiling")]
LEGAL_BASES = [
    (24, "Consent"),
    (21, "Legitimate interest"),
    (26, "Contract"),
    (22, "Required by law"),
    (27, "Protect vital interests"),
    (23, "Public interest"),
    (25, "Withdrawn"),
]
SOURCES = [(33, "Web form"), (31, "Added by user"), (35, "Other integration"), (32, "Unsubscribe link"), (34, "Import")]


def format_z(dt: datetime) -> str:
    return as_utc(dt).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def normalise(address: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", address.strip()).lower())


def parse_since(text: str) -> str:
    """An inclusive lower bound as a stored-time string; ValueError when unreadable."""
    raw = text.strip().replace(" ", "+")  # an unescaped "+" in a query string arrives as a space
    dt = as_utc(datetime.fromisoformat(raw))
    if dt.microsecond:
        # Stored times are whole seconds: "at or after 10:00:05.5" means from 10:00:06.
        dt = dt.replace(microsecond=0) + timedelta(seconds=1)
    return format_z(dt)


@dataclass(frozen=True)
class SentMessage:
    """One send call as answered: channel "email" or "sms"."""

    channel: str
    component_id: int
    accepted: tuple[str, ...]
    rejected: tuple[tuple[str, str], ...]
    at: datetime


class _Record:
    __slots__ = ("seq", "data", "slot", "sort_key")

    def __init__(self, seq: int, data: dict[str, Any], slot: tuple[str, Any]) -> None:
        self.seq = seq
        self.data = data
        self.slot = slot
        created = data.get("createdAt")
        purpose = data.get("purposeId")
        self.sort_key = (
            created if isinstance(created, str) else "",
            data["key"] if isinstance(data.get("key"), str) else "",
            purpose if isinstance(purpose, int) and not isinstance(purpose, bool) else -1,
            seq,
        )

    @property
    def age_key(self) -> tuple[str, int]:
        return (self.sort_key[0], self.seq)


class _Contact:
    __slots__ = ("data", "norm")

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.norm = normalise(data["email"])

    @property
    def sort_key(self) -> tuple[str, str, int]:
        return (self.data["modified"], self.norm, self.data["id"])


class EmarketeerSimulator(SimulatorServer):
    """eMarketeer's contact, consent and messages modules, in memory."""

    def __init__(self, clock: SimClock | None = None, api_keys: Iterable[str] | None = None, port: int = 0) -> None:
        super().__init__(clock, port)
        self.api_keys: set[str] = set({"demo-key"} if api_keys is None else api_keys)
        # Mutable on purpose: a test can rename or remove master data to play a misconfigured account.
        self.purposes: list[dict[str, Any]] = [{"id": i, "name": n} for i, n in PURPOSES]
        self.legal_bases = [{"id": i, "name": n} for i, n in LEGAL_BASES]
        self.sources = [{"id": i, "name": n} for i, n in SOURCES]
        # Mutable on purpose: a test can add or remove components. id -> channel ("email" | "sms").
        self.components: dict[int, str] = {1001: "email", 1002: "email", 2001: "sms", 2002: "sms"}
        self._lists: dict[int, dict[str, Any]] = {}  # id -> {"id", "name", "members": [normalised address]}
        self._next_list_id = 301
        self.sent: list[SentMessage] = []
        self._contacts: dict[str, _Contact] = {}
        self._contact_by_sort: dict[tuple, _Contact] = {}
        self._contact_order = SortedKeys()
        self._next_contact_id = 5001
        self._current: dict[str, dict[Any, _Record]] = {}  # normalised key -> purpose slot -> record
        self._record_by_sort: dict[tuple, _Record] = {}
        self._record_order = SortedKeys()
        self._history: dict[str, list[_Record]] = {}
        self._seq = 0
        self._bulk_names: dict[tuple[str, str], int] | None = None
        self.gateway_errors = True  # see the module doc: 403s of the API gateway, userMessage bodies

        c = "/consent-public/v1"
        self.route("GET", c + r"/purposes/?", lambda r: json_response(200, self.purposes))
        self.route("GET", c + r"/legalBases/?", lambda r: json_response(200, self.legal_bases))
        self.route("GET", c + r"/sources/?", lambda r: json_response(200, self.sources))
        self.route("GET", c + r"/consents/?", self._get_consents)
        self.route("POST", c + r"/consents/?", self._post_consent)
        self.route("GET", c + r"/consents/filter/?", self._get_filter)
        self.route("GET", c + r"/consents/history/?", self._get_history)
        self.route("GET", r"/contacts-api/v1/contacts/?", self._get_contacts)
        self.route("POST", r"/contacts-api/v1/contacts/?", self._post_contacts)
        self.route("GET", r"/contacts-api/v1/lists/?", self._get_lists)
        self.route("GET", r"/contacts-api/v1/lists/(?P<list_id>[^/]+)/?", self._get_list_contacts)
        self.route("POST", r"/messages-api/v1/(?P<channel>email|sms)/send/?", self._post_send)

    @property
    def base_url(self) -> str:
        return self.root_url

    def error_body(self, status: int, message: str, error_type: str | None = None) -> Any:
        if not self.gateway_errors or error_type == "gateway":
            return {"message": message}
        if status == 429:
            return {"message": "Too Many Requests"}
        if status in (400, 404, 409, 422):  # raised inside eMarketeer's own code
            return {"userMessage": message, "developerMessage": f"{error_type or 'ApiException'}: {message}"}
        return {"message": message}

    def handle(self, request: Request) -> Response:
        if self.gateway_errors and not self._routed(request):
            return self.error(403, "Missing Authentication Token", "gateway")
        key = request.headers.get("x-api-key")
        with self._lock:
            known = key is not None and key in self.api_keys
        if not known:
            if self.gateway_errors:
                return self.error(403, "Forbidden", "gateway")
            return self.error(401, "missing or invalid API key (x-api-key)")
        return super().handle(request)

    def _routed(self, request: Request) -> bool:
        """Whether the gateway has a resource and method for this request."""
        return any(method == request.method and pattern.fullmatch(request.path) for method, pattern, _ in self._routes)

    # -- helpers -----------------------------------------------------------------------------------

    @staticmethod
    def _by_name(items: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
        wanted = name.strip().casefold()
        return next((item for item in items if str(item.get("name", "")).casefold() == wanted), None)

    @staticmethod
    def _by_id(items: list[dict[str, Any]], value: Any) -> dict[str, Any] | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        return next((item for item in items if item.get("id") == value), None)

    def _name_id(self, items: list[dict[str, Any]], name: str, what: str) -> int:
        # Inside bulk() the master data cannot change, so names are looked up once per load.
        memo = self._bulk_names
        if memo is not None and (what, name) in memo:
            return memo[(what, name)]
        item = self._by_name(items, name)
        if item is None:
            raise ValueError(f"unknown {what} {name!r}")
        if memo is not None:
            memo[(what, name)] = item["id"]
        return item["id"]

    @staticmethod
    def _paging(query: dict[str, str]) -> tuple[int, int]:
        try:
            page = int(query.get("page") or 1)
            size = int(query.get("pageSize") or DEFAULT_PAGE_SIZE)
        except ValueError as exc:
            raise ValueError("page and pageSize must be whole numbers") from exc
        if page < 1:
            raise ValueError("page starts at 1")
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValueError(f"pageSize must be 1..{MAX_PAGE_SIZE}")
        return page, size

    # -- state (caller holds the lock) -------------------------------------------------------------

    def _new_contact(
        self, email: str, first_name: str, last_name: str, mobile_phone: str, created: datetime
    ) -> _Contact:
        stamp = format_z(created)
        contact = _Contact(
            {
                "id": self._next_contact_id,
                "email": email,
                "firstName": first_name,
                "lastName": last_name,
                "mobilePhone": mobile_phone,
                "created": stamp,
                "modified": stamp,
            }
        )
        if contact.norm in self._contacts:
            raise ValueError(f"a contact with e-mail {email!r} exists")
        self._next_contact_id += 1
        self._contacts[contact.norm] = contact
        self._contact_by_sort[contact.sort_key] = contact
        self._contact_order.add(contact.sort_key)
        return contact

    def _touch_contact(self, contact: _Contact, changes: dict[str, str]) -> bool:
        changes = {k: v for k, v in changes.items() if contact.data.get(k) != v}
        if not changes:
            return False
        del self._contact_by_sort[contact.sort_key]
        self._contact_order.discard(contact.sort_key)
        contact.data.update(changes)
        contact.data["modified"] = format_z(self.clock.now())
        self._contact_by_sort[contact.sort_key] = contact
        self._contact_order.add(contact.sort_key)
        return True

    def _store_record(self, data: dict[str, Any], norm: str, force_current: bool = False) -> _Record:
        self._seq += 1
        purpose = data.get("purposeId")
        try:
            hash(purpose)
        except TypeError:
            purpose = repr(purpose)
        record = _Record(self._seq, data, (norm, purpose))
        self._history.setdefault(norm, []).append(record)
        slots = self._current.setdefault(norm, {})
        old = slots.get(purpose)
        if old is None or force_current or record.age_key >= old.age_key:
            if old is not None:
                del self._record_by_sort[old.sort_key]
                self._record_order.discard(old.sort_key)
            slots[purpose] = record
            self._record_by_sort[record.sort_key] = record
            self._record_order.add(record.sort_key)
        return record

    def _lookup(self, key: str) -> tuple[str, _Contact | None]:
        norm = normalise(key)
        return norm, self._contacts.get(norm)

    # -- consent module ----------------------------------------------------------------------------

    def _get_consents(self, request: Request) -> Response:
        key = request.query.get("key", "")
        if not key.strip():
            return self.error(400, "key (the contact's e-mail address) is required")
        with self._lock:
            norm, contact = self._lookup(key)
            slots = self._current.get(norm)
            if contact is None and not slots:
                return self.error(404, f"no contact with e-mail {key!r}")
            records = sorted((slots or {}).values(), key=lambda r: r.sort_key[2])
            payload = {"key": contact.data["email"] if contact else key, "consents": [dict(r.data) for r in records]}
        return json_response(200, payload)

    def _get_history(self, request: Request) -> Response:
        key = request.query.get("key", "")
        if not key.strip():
            return self.error(400, "key (the contact's e-mail address) is required")
        with self._lock:
            norm, contact = self._lookup(key)
            records = self._history.get(norm)
            if contact is None and not records:
                return self.error(404, f"no contact with e-mail {key!r}")
            items = [dict(r.data) for r in sorted(records or (), key=lambda r: r.age_key, reverse=True)]
            payload = {"key": contact.data["email"] if contact else key, "items": items}
        return json_response(200, payload)

    def _get_filter(self, request: Request) -> Response:
        try:
            page, size = self._paging(request.query)
            since = request.query.get("changedSince", "").strip()
            lower = parse_since(since) if since else None
        except ValueError as exc:
            return self.error(400, f"bad query: {exc}")
        with self._lock:
            keys = self._record_order.sorted()
            start = keys.bisect_left((lower,)) if lower is not None else 0
            first = start + (page - 1) * size
            items = [dict(self._record_by_sort[k].data) for k in keys[first : first + size]]
            total = len(keys) - start
        return json_response(200, {"items": items, "page": page, "pageSize": size, "total": total})

    def _post_consent(self, request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            return self.error(422, "body is not JSON")
        if not isinstance(body, dict):
            return self.error(422, "body must be a JSON object")
        key = body.get("key")
        if not isinstance(key, str) or not key.strip():
            return self.error(422, "key (the contact's e-mail address) is required")
        description = body.get("description", "")
        if description is None:
            description = ""
        if not isinstance(description, str):
            return self.error(422, "description must be text")
        with self._lock:
            for field, items in (
                ("purposeId", self.purposes),
                ("legalBasisId", self.legal_bases),
                ("sourceId", self.sources),
            ):
                if self._by_id(items, body.get(field)) is None:
                    return self.error(422, f"{field} {body.get(field)!r} is missing or unknown")
            norm, contact = self._lookup(key)
            if contact is None:
                return self.error(404, f"no contact with e-mail {key!r}")
            data = {
                "key": contact.data["email"],
                "purposeId": body["purposeId"],
                "legalBasisId": body["legalBasisId"],
                "sourceId": body["sourceId"],
                "description": description,
                "createdAt": format_z(self.clock.now()),
            }
            record = self._store_record(data, norm)
            payload = dict(record.data)
        return json_response(201, payload)

    # -- contact module ----------------------------------------------------------------------------

    def _get_contacts(self, request: Request) -> Response:
        try:
            page, size = self._paging(request.query)
            since = request.query.get("modifiedSince", "").strip()
            lower = parse_since(since) if since else None
        except ValueError as exc:
            return self.error(400, f"bad query: {exc}")
        with self._lock:
            if "email" in request.query:
                contact = self._contacts.get(normalise(request.query["email"]))
                items = [dict(contact.data)] if contact and page == 1 else []
                total = 1 if contact else 0
            else:
                keys = self._contact_order.sorted()
                start = keys.bisect_left((lower,)) if lower is not None else 0
                first = start + (page - 1) * size
                items = [dict(self._contact_by_sort[k].data) for k in keys[first : first + size]]
                total = len(keys) - start
        return json_response(200, {"items": items, "page": page, "pageSize": size, "total": total})

    def _post_contacts(self, request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            return self.error(422, "body is not JSON")
        entries = body.get("contacts") if isinstance(body, dict) else body
        if not isinstance(entries, list):
            return self.error(422, 'send a list of contacts, or {"contacts": [...]}')
        if len(entries) > MAX_CONTACTS_PER_POST:
            return self.error(422, f"at most {MAX_CONTACTS_PER_POST} contacts per call")
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                return self.error(422, f"contacts[{index}] is not an object")
            email = entry.get("email")
            if not isinstance(email, str) or "@" not in email.strip() or " " in email.strip():
                return self.error(422, f"contacts[{index}]: email {email!r} is not an e-mail address")
            for field in ("firstName", "lastName", "mobilePhone"):
                if field in entry and not isinstance(entry[field], str):
                    return self.error(422, f"contacts[{index}]: {field} must be text")
        created = updated = 0
        items = []
        with self._lock:
            for entry in entries:
                fields = {k: entry[k] for k in ("firstName", "lastName", "mobilePhone") if k in entry}
                contact = self._contacts.get(normalise(entry["email"]))
                if contact is None:
                    contact = self._new_contact(
                        entry["email"].strip(),
                        fields.get("firstName", ""),
                        fields.get("lastName", ""),
                        fields.get("mobilePhone", ""),
                        self.clock.now(),
                    )
                    created += 1
                elif self._touch_contact(contact, fields):
                    updated += 1
                items.append(dict(contact.data))
        return json_response(200, {"items": items, "created": created, "updated": updated})

    # -- messages module ---------------------------------------------------------------------------

    def _post_send(self, request: Request) -> Response:
        channel = request.params["channel"]
        try:
            body = request.json()
        except ValueError:
            return self.error(422, "body is not JSON")
        if not isinstance(body, dict):
            return self.error(422, "body must be a JSON object")
        component = body.get("componentId")
        recipients = body.get("recipients")
        if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
            return self.error(422, "recipients must be a list of e-mail addresses")
        with self._lock:
            if isinstance(component, bool) or not isinstance(component, int) or component not in self.components:
                return self.error(422, f"unknown componentId {component!r}")
            if self.components[component] != channel:
                kind = "an e-mail" if self.components[component] == "email" else "an SMS"
                return self.error(422, f"componentId {component} is {kind} component, not {channel}")
            marketing = self._by_name(self.purposes, "Marketing sendouts")
            withdrawn = self._by_name(self.legal_bases, "Withdrawn")
            accepted, rejected = [], []
            for address in recipients:
                norm, contact = self._lookup(address)
                current = self._current.get(norm, {}).get(marketing["id"] if marketing else None)
                if contact is None:
                    rejected.append((address, "unknown contact"))
                elif withdrawn and current and current.data.get("legalBasisId") == withdrawn["id"]:
                    rejected.append((address, "withdrawn"))
                elif channel == "sms" and not str(contact.data.get("mobilePhone") or "").strip():
                    rejected.append((address, "no mobile phone number"))
                else:
                    accepted.append(address)
            self.sent.append(SentMessage(channel, component, tuple(accepted), tuple(rejected), self.clock.now()))
        return json_response(
            200, {"accepted": accepted, "rejected": [{"email": e, "reason": why} for e, why in rejected]}
        )

    # -- contact lists (ASSUMED endpoints) ---------------------------------------------------------

    def _get_lists(self, request: Request) -> Response:
        try:
            page, size = self._paging(request.query)
        except ValueError as exc:
            return self.error(400, f"bad query: {exc}")
        with self._lock:
            lists = [
                {"id": lst["id"], "name": lst["name"], "size": len(lst["members"])}
                for lst in sorted(self._lists.values(), key=lambda lst: lst["id"])
            ]
        first = (page - 1) * size
        return json_response(
            200, {"items": lists[first : first + size], "page": page, "pageSize": size, "total": len(lists)}
        )

    def _get_list_contacts(self, request: Request) -> Response:
        try:
            page, size = self._paging(request.query)
        except ValueError as exc:
            return self.error(400, f"bad query: {exc}")
        try:
            list_id = int(request.params["list_id"])
        except ValueError:
            return self.error(404, f"no contact list {request.params['list_id']!r}")
        with self._lock:
            found = self._lists.get(list_id)
            if found is None:
                return self.error(404, f"no contact list {list_id}")
            members = [self._contacts[m] for m in found["members"] if m in self._contacts]
            first = (page - 1) * size
            items = [dict(c.data) for c in members[first : first + size]]
        return json_response(200, {"items": items, "page": page, "pageSize": size, "total": len(members)})

    def add_list(self, name: str, emails: Iterable[str] = ()) -> int:
        """A contact list of existing contacts (unknown addresses are skipped); returns its id."""
        with self._lock:
            list_id = self._next_list_id
            self._next_list_id += 1
            members = [n for n in dict.fromkeys(normalise(e) for e in emails) if n in self._contacts]
            self._lists[list_id] = {"id": list_id, "name": name, "members": members}
            return list_id

    def add_to_list(self, list_id: int, emails: Iterable[str]) -> None:
        with self._lock:
            members = self._lists[list_id]["members"]
            for n in (normalise(e) for e in emails):
                if n in self._contacts and n not in members:
                    members.append(n)

    def set_mobile_phone(self, email: str, mobile_phone: str) -> None:
        with self._lock:
            contact = self._contacts[normalise(email)]
            self._touch_contact(contact, {"mobilePhone": mobile_phone})

    def sent_calls(self, channel: str | None = None) -> list[SentMessage]:
        with self._lock:
            return [m for m in self.sent if channel in (None, m.channel)]

    # -- Python state API for tests and data loading ----------------------------------------------

    def add_contact(
        self,
        email: str,
        first_name: str = "",
        last_name: str = "",
        mobile_phone: str = "",
        created: datetime | None = None,
    ) -> int:
        """A new contact (ValueError if the address has one); returns its id."""
        with self._lock:
            contact = self._new_contact(
                email, first_name, last_name, mobile_phone, created if created is not None else self.clock.now()
            )
            return contact.data["id"]

    def add_consent(
        self,
        email: str,
        purpose_name: str,
        legal_basis_name: str,
        source_name: str = "Added by user",
        description: str = "",
        created_at: datetime | None = None,
    ) -> dict[str, Any]:
        """Add a consent record by master-data names, creating the contact if missing; returns the record."""
        with self._lock:
            at = created_at if created_at is not None else self.clock.now()
            norm, contact = self._lookup(email)
            if contact is None:
                contact = self._new_contact(email, "", "", "", at)
            data = {
                "key": contact.data["email"],
                "purposeId": self._name_id(self.purposes, purpose_name, "purpose"),
                "legalBasisId": self._name_id(self.legal_bases, legal_basis_name, "legal basis"),
                "sourceId": self._name_id(self.sources, source_name, "source"),
                "description": description,
                "createdAt": format_z(at),
            }
            return dict(self._store_record(data, norm).data)

    def rename_contact(self, old: str, new: str) -> None:
        """A user edits the contact's e-mail address: the contact is modified now, and its consent records follow it
        to the new address keeping their createdAt (records are created, never edited; unverified on the real
        service, api notes)."""
        with self._lock:
            contact = self._contacts.pop(normalise(old))
            del self._contact_by_sort[contact.sort_key]
            self._contact_order.discard(contact.sort_key)
            contact.data["email"] = new
            contact.data["modified"] = format_z(self.clock.now())
            contact.norm = normalise(new)
            self._contacts[contact.norm] = contact
            self._contact_by_sort[contact.sort_key] = contact
            self._contact_order.add(contact.sort_key)
            n_old, n_new = normalise(old), normalise(new)
            slots = self._current.pop(n_old, {})
            for record in slots.values():
                del self._record_by_sort[record.sort_key]
                self._record_order.discard(record.sort_key)
            history = self._history.pop(n_old, [])
            for record in history:
                record.data["key"] = new
                record.slot = (n_new, record.slot[1])
                record.sort_key = (record.sort_key[0], new, record.sort_key[2], record.sort_key[3])
            self._history[n_new] = history
            self._current[n_new] = slots
            for record in slots.values():
                self._record_by_sort[record.sort_key] = record
                self._record_order.add(record.sort_key)

    def add_raw_record(self, record: dict[str, Any]) -> None:
        """Inject any record (unknown ids, no createdAt...): it becomes the current one for its key
        and purpose whatever its createdAt, goes into the history, and the read endpoints return it."""
        with self._lock:
            key = record.get("key")
            norm = normalise(key) if isinstance(key, str) else f"\x00raw-{self._seq + 1}"
            self._store_record(dict(record), norm, force_current=True)

    def contact(self, email: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._contacts.get(normalise(email))
            return dict(found.data) if found else None

    def current_consents(self, email: str) -> dict[str, dict[str, Any]]:
        """Current record per purpose name (an unknown purpose id appears under str(id))."""
        with self._lock:
            names = {p["id"]: p["name"] for p in self.purposes}
            slots = self._current.get(normalise(email), {})
            return {names.get(slot, str(slot)): dict(r.data) for slot, r in slots.items()}

    def history(self, email: str) -> list[dict[str, Any]]:
        """All records of the address, newest first."""
        with self._lock:
            records = self._history.get(normalise(email), [])
            return [dict(r.data) for r in sorted(records, key=lambda r: r.age_key, reverse=True)]

    def sent_addresses(self, channel: str | None = None) -> list[str]:
        """Every accepted recipient so far, in order (optionally of one channel)."""
        with self._lock:
            return [a for m in self.sent if channel in (None, m.channel) for a in m.accepted]

    def bulk(self):
        """Context manager for loading many contacts and records: sorts once at the end instead of per insert."""
        return _Bulk(self)

    @property
    def contact_count(self) -> int:
        with self._lock:
            return len(self._contacts)

    @property
    def record_count(self) -> int:
        """Current records (one per contact and purpose set)."""
        with self._lock:
            return len(self._record_order)


class _Bulk:
    def __init__(self, sim: EmarketeerSimulator) -> None:
        self._sim = sim
        self._contexts: list[Any] = []

    def __enter__(self) -> EmarketeerSimulator:
        self._sim._lock.acquire()
        self._sim._bulk_names = {}
        self._contexts = [self._sim._record_order.bulk(), self._sim._contact_order.bulk()]
        for ctx in self._contexts:
            ctx.__enter__()
        return self._sim

    def __exit__(self, *exc: object) -> None:
        for ctx in reversed(self._contexts):
            ctx.__exit__(None, None, None)
        self._sim._bulk_names = None
        self._sim._lock.release()
