"""A SuperOffice CRM Web API simulator: consent lists, the Dynamic archive, person consents, OAuth refresh, 421 moves.

Follows shared/api/superoffice.md ("The subset the connector uses and the simulator serves").
Decisions the api notes leave open, made here (the connector must cope with them):

- Times are kept and sent in whole UTC seconds as `YYYY-MM-DDTHH:MM:SS` (no `Z`, no fraction).
- A consent row gets `registered` when created; `updated` stays null until the row is changed
  again (as in SuperOffice's database). ConsentInfo then has `"Updated": null` and
  `"UpdatedAssociateId": 0`. Every PUT on an existing row sets `updated`, even with equal values.
- `$top` defaults to 1000; outside 1..1000 is a 400. `$skip` defaults to 0. `$select` is required
  and all its columns, and the filter's, must belong to one entity (`consentperson.` or `email.`).
  Column names are matched case-insensitively and echoed in the rows as spelled in `$select`.
  `PrimaryKey` is the row id as a string. `odata.nextLink` is always null.
- Rows are ordered by the row id unless `$orderBy` names columns (`col [asc|desc]`, comma-separated);
  nulls sort first ascending; ties keep row-id order.
- `afterTime` is strictly after and never matches a null; `eq`/`in` on text compare
  case-insensitively but whitespace exactly (so `' anna@x.se'` is not found as `'anna@x.se'`).
- Basic auth (user `admin`, password `secret` by default) is accepted beside Bearer tokens, as on-site NetServer
  would, unless `online=True`: then, like SuperOffice Online, Basic is refused with a 401.
- The state endpoint needs no authentication. After move_host() every API call on an older base
  path answers 421 before authentication is looked at.
- The token endpoint answers OAuth error bodies (`{"error": "invalid_grant", ...}`), 400 for an
  unknown refresh token, and does not rotate the refresh token unless `rotate_refresh_tokens` is
  set: then each refresh answers a new `refresh_token` and the one used stops working.
- `If-Unmodified-Since` (HTTP date or ISO-8601) on a PUT gives 412 when the row changed after it.
- The PUT requires `legalBase` and `source` (list item keys, case-insensitive); `comment` is optional
  and at most 255 characters (400 beyond).

Like the real service, as the api notes' "Checked against the vendor's public material" says:

- The state lookup answers `State` (`tenant_state`: "Running" by default, or "OnlineMaintenance",
  during which the API still answers) and `IsRunning`; `Api` comes without a trailing slash. A
  tenant in any other state (e.g. "Offline") answers 503 to API calls.
- The e-mail table also holds chat and VoIP rows (`email.type` 1 and 2; e-mail is 0), added with
  add_contact_address(); they rank among the person's e-mail rows.
- Without an `Accept-Language` header, list item names (and ConsentInfo names) come back as
  multi-language strings (`NO:"...";US:"..."`); with one, in that language (English here).
- ConsentPurpose items carry `Active`; a test may set it False.
- Every new person gets a "Store and process" (STORE) row of its own: `creation_default` (the
  tenant's default legal base key, "61F" legitimate interest), registered at the person's creation
  by the creating user, `updated` empty (SPEC R22). `creation_default=None` (constructor or
  add_person) leaves a new person without consents, for tests that set every row themselves.
"""

from __future__ import annotations

import base64
import bisect
import re
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs

from .common import Request, Response, SimClock, SimulatorServer, as_utc, empty_response, json_response

DEFAULT_TOP = 1000
MAX_TOP = 1000
API_ASSOCIATE_ID = 1  # who API writes are recorded as
USER_ASSOCIATE_ID = 2  # who set_consent() (a person at a CRM client) is recorded as

CONSENT_COLUMNS: dict[str, str] = {
    "consentperson.consentperson_id": "int",
    "consentperson.person_id": "int",
    "consentperson.registered": "date",
    "consentperson.updated": "date",
    "consentperson.consentPurpose_id.key": "str",
    "consentperson.legalBase_id.key": "str",
    "consentperson.consentSource_id.key": "str",
    "consentperson.comment": "str",
}
EMAIL_COLUMNS: dict[str, str] = {
    "email.email_id": "int",
    "email.person_id": "int",
    "email.email_address": "str",
    "email.rank": "int",
    "email.updated": "date",
    "email.person_id.registered": "date",
    "email.type": "int",
    "email.registered": "date",
}
EMAIL_TYPE_EMAIL, EMAIL_TYPE_CHAT, EMAIL_TYPE_VOIP = 0, 1, 2
DEFAULT_CREATION_BASIS = "61F"  # a new person's own STORE row: legitimate interest unless the tenant changed it
MAX_COMMENT = 255
_UNSET: Any = object()
# Norwegian names of the built-in items, for the multi-language strings sent without Accept-Language.
_NORWEGIAN = {
    "Consent": "Samtykke",
    "Contract": "Kontrakt",
    "Required by law": "Lovpålagt",
    "Protect vital interests": "Beskytte vitale interesser",
    "Public interest": "Allmenn interesse",
    "Legitimate interest": "Berettiget interesse",
    "Withdrawn": "Trukket tilbake",
    "Sales and service": "Salg og service",
    "E-marketing": "E-markedsføring",
    "Other integration": "Annen integrasjon",
}
ENTITY_COLUMNS = {"consentperson": CONSENT_COLUMNS, "email": EMAIL_COLUMNS}
ENTITY_ID = {"consentperson": "consentperson.consentperson_id", "email": "email.email_id"}
_COLUMN_LOOKUP: dict[str, tuple[str, str]] = {
    name.lower(): (entity, name) for entity, columns in ENTITY_COLUMNS.items() for name in columns
}

# ConsentInfo / short names accepted by set_raw_consent_field, onto the row's columns.
_RAW_FIELD_NAMES = {
    "comment": "consentperson.comment",
    "registered": "consentperson.registered",
    "updated": "consentperson.updated",
    "legalbasekey": "consentperson.legalBase_id.key",
    "legalbase_id.key": "consentperson.legalBase_id.key",
    "legalbase": "consentperson.legalBase_id.key",
    "consentsourcekey": "consentperson.consentSource_id.key",
    "consentsource_id.key": "consentperson.consentSource_id.key",
    "source": "consentperson.consentSource_id.key",
}

LEGAL_BASES = [
    ("61A", "Consent"),
    ("61B", "Contract"),
    ("61C", "Required by law"),
    ("61D", "Protect vital interests"),
    ("61E", "Public interest"),
    ("61F", "Legitimate interest"),
    ("WITHDRAWN", "Withdrawn"),
]
PURPOSES = [("STORE", "Sales and service"), ("EMARKETING", "E-marketing")]
SOURCES = [
    ("USER", "Added by user"),
    ("EMAIL", "E-mail"),
    ("REQUEST", "Request"),
    ("CHAT", "Chat"),
    ("WEBFORM", "Web form"),
    ("CUSTOMERPORTAL", "Customer portal"),
    ("IMPORT", "Import"),
    ("API", "Other integration"),
    ("UNKNOWN", "Unknown"),
]


def format_time(dt: datetime) -> str:
    # isoformat rather than strftime: three times faster, and data loads call this 300,000 times.
    return as_utc(dt).replace(tzinfo=None).isoformat(timespec="seconds")


def _list_items(id_field: str, items: list[tuple[str, str]], **extra: Any) -> list[dict[str, Any]]:
    return [
        {id_field: i, "Name": name, "Key": key, "Rank": i, "Tooltip": "", "Deleted": False, **extra}
        for i, (key, name) in enumerate(items, start=1)
    ]


def multi_language(name: str) -> str:
    """A name as SuperOffice sends it without Accept-Language: `NO:"...";US:"..."`."""
    return f'NO:"{_NORWEGIAN.get(name, name)}";US:"{name}"'


def _localised(items: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    if (request.headers.get("Accept-Language") or "").strip():
        return items
    return [
        {**item, "Name": multi_language(item["Name"])} if isinstance(item.get("Name"), str) else item for item in items
    ]


class _Person:
    __slots__ = ("person_id", "registered", "emails", "consents")

    def __init__(self, person_id: int, registered: str) -> None:
        self.person_id = person_id
        self.registered = registered
        self.emails: list[dict[str, Any]] = []  # e-mail rows, by rank
        self.consents: dict[str, dict[str, Any]] = {}  # purpose key (upper) -> consent row


def _stamp(entry: tuple[str, int]) -> str:
    return entry[0]


class _TimeIndex:
    """Rows whose date column is after a time, without looking at every row (issue 11: a million persons).

    Built from the rows' current values the first time it is asked (so a bulk load pays nothing), then kept
    in step by `touched`, which logs each later value set; `after` returns candidate ids, which the caller
    checks against the row's current value (a row may have moved on since it was logged). The log is kept in
    time order (values are set at the clock's time, so each goes in at its end) and cut by bisection too: scanned
    whole, it cost every changes query after a million-contact full run's 400,000 writes a pass over all of them
    (issue 11 pt 1 measures the engine's incremental run, and a real service's index does not cost that).
    """

    def __init__(self, rows: dict[int, dict[str, Any]], column: str) -> None:
        self._rows = rows
        self._column = column
        self._keys: list[str] | None = None
        self._ids: list[int] = []
        self._log: list[tuple[str, int]] = []

    def touched(self, row_id: int, value: Any) -> None:
        if self._keys is not None and isinstance(value, str):
            bisect.insort_right(self._log, (value, row_id), key=_stamp)

    def reset(self) -> None:
        self._keys, self._ids, self._log = None, [], []

    def after(self, value: str) -> set[int]:
        if self._keys is None:
            pairs = sorted(
                (row[self._column], row_id) for row_id, row in self._rows.items() if isinstance(row[self._column], str)
            )
            self._keys = [k for k, _ in pairs]
            self._ids = [i for _, i in pairs]
            self._log = []
        found = set(self._ids[bisect.bisect_right(self._keys, value) :])
        found.update(row_id for _, row_id in self._log[bisect.bisect_right(self._log, value, key=_stamp) :])
        return found


class BadQuery(ValueError):
    """An archive query the provider refuses (400)."""


# -- the archive filter language ----------------------------------------------------------------

_TERM = re.compile(
    r"\s*(?P<col>[A-Za-z_][\w.]*)\s+(?P<op>[A-Za-z]+)\s*"
    r"(?P<val>'(?:[^']|'')*'|\((?:[^()']|'(?:[^']|'')*')*\)|[^\s()']+)\s*",
    re.S,
)
_AND = re.compile(r"and\s+", re.I)
_LIST_ITEM = re.compile(r"\s*('(?:[^']|'')*'|[^,\s']+)\s*(,|$)")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_ARCHIVE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z?")


def _literal(text: str) -> tuple[str, Any]:
    """('str', text) for a quoted literal, ('num', int|float) for a number."""
    if text.startswith("'"):
        return "str", text[1:-1].replace("''", "'")
    if _NUMBER.fullmatch(text):
        return "num", float(text) if "." in text else int(text)
    raise BadQuery(f"cannot read the value {text!r}: quote text, write numbers plainly")


def _fold(text: str) -> str:
    """How SuperOffice's database compares text: case-insensitively (its collation; ß may equal ss) and
    canonically equivalent forms alike. The app matches more strictly (NFC, lower-cased) on its side."""
    return unicodedata.normalize("NFC", text).casefold()


def _typed(kind: str, column: str, literal: tuple[str, Any]) -> Any:
    """A filter literal as the comparable value for a column of the given kind."""
    lit_kind, value = literal
    if kind == "int":
        if lit_kind == "str" and re.fullmatch(r"[+-]?\d+", value.strip()):
            return int(value)
        if lit_kind == "num":
            return value
        raise BadQuery(f"{column} is a number; {value!r} is not")
    if kind == "date":
        if lit_kind != "str":
            raise BadQuery(f"{column} is a date-time; quote it as 'YYYY-MM-DDTHH:MM:SS'")
        return _archive_time(column, value)
    if lit_kind != "str":
        raise BadQuery(f"{column} is text; quote {value!r}")
    return _fold(value)


def _archive_time(column: str, value: str) -> str:
    match = _ARCHIVE_TIME.fullmatch(value.strip())
    if match is None:
        raise BadQuery(f"{column}: {value!r} is not a date-time of the form YYYY-MM-DDTHH:MM:SS")
    try:
        datetime.fromisoformat(match.group(1))
    except ValueError as exc:
        raise BadQuery(f"{column}: {value!r} is not a valid date-time") from exc
    # Stored times are whole seconds without fraction, so plain string order is time order;
    # a fraction stays as a suffix ("...:05" < "...:05.5" < "...:06").
    fraction = (match.group(2) or "").rstrip("0")
    return match.group(1) + ("" if fraction == "." else fraction)


def parse_filter(text: str, columns: dict[str, tuple[str, str]]) -> list[tuple[str, str, Any]]:
    """Terms of a `$filter` as (canonical column, op, value); BadQuery for anything else.

    columns maps lower-cased column names to (entity, canonical name).
    """
    terms: list[tuple[str, str, Any]] = []
    pos, text = 0, text.strip()
    while True:
        match = _TERM.match(text, pos)
        if match is None:
            raise BadQuery(f"cannot read the filter at {text[pos : pos + 40]!r}")
        found = columns.get(match["col"].lower())
        if found is None:
            raise BadQuery(f"unknown column {match['col']!r}")
        column = found[1]
        kind = CONSENT_COLUMNS.get(column) or EMAIL_COLUMNS[column]
        op, raw = match["op"].lower(), match["val"]
        if op == "aftertime":
            if kind != "date":
                raise BadQuery(f"afterTime needs a date-time column, not {column}")
            terms.append((column, "afterTime", _typed(kind, column, _literal(raw))))
        elif op == "gt":
            if kind != "int":
                raise BadQuery(f"gt needs a numeric column, not {column}")
            terms.append((column, "gt", _typed(kind, column, _literal(raw))))
        elif op == "eq":
            terms.append((column, "in", (_typed(kind, column, _literal(raw)),)))
        elif op == "in":
            if not (raw.startswith("(") and raw.endswith(")")):
                raise BadQuery("in needs a parenthesised list: in ('a','b') or in (1,2)")
            inner, items, at = raw[1:-1], [], 0
            while inner.strip() and at < len(inner):
                item = _LIST_ITEM.match(inner, at)
                if item is None or item.end() == at:
                    raise BadQuery(f"cannot read the list {raw!r}")
                items.append(_typed(kind, column, _literal(item.group(1))))
                at = item.end()
            if not items:
                raise BadQuery("in needs at least one value")
            terms.append((column, "in", tuple(dict.fromkeys(items))))
        else:
            raise BadQuery(f"unsupported operator {match['op']!r} (afterTime, in, eq, gt)")
        pos = match.end()
        if pos >= len(text):
            return terms
        conj = _AND.match(text, pos)
        if conj is None:
            raise BadQuery(f"expected 'and' at {text[pos : pos + 40]!r}")
        pos = conj.end()


def _predicate(column: str, kind: str, op: str, value: Any):
    if op == "afterTime":
        return lambda row: isinstance(v := row[column], str) and v > value
    if op == "gt":
        return lambda row: isinstance(v := row[column], (int, float)) and not isinstance(v, bool) and v > value
    wanted = frozenset(value)
    if kind == "str":
        return lambda row: isinstance(v := row[column], str) and _fold(v) in wanted
    if kind == "date":
        return lambda row: isinstance(v := row[column], str) and v in wanted
    return lambda row: row[column] in wanted


def _sort_key(column: str):
    def key(row: dict[str, Any]) -> tuple:
        v = row[column]
        if v is None:
            return (0, 0)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (1, v)
        if isinstance(v, str):
            return (2, v)
        return (3, repr(v))

    return key


class SuperOfficeSimulator(SimulatorServer):
    """SuperOffice Online/on-site as far as the consent sync sees it, in memory."""

    def __init__(
        self,
        clock: SimClock | None = None,
        customer: str = "Cust12345",
        users: dict[str, str] | None = None,
        tokens: Iterable[str] | None = None,
        refresh_tokens: Iterable[str] | None = None,
        port: int = 0,
        creation_default: str | None = DEFAULT_CREATION_BASIS,
        online: bool = False,
    ) -> None:
        super().__init__(clock, port)
        # True: SuperOffice Online, which refuses Basic auth (api notes: "Basic auth is refused on Online"): only a
        # Bearer token gets in. False (the default): Basic is let in too, as an on-site NetServer does, so that one
        # simulator serves the on-site tests (user and password) and the Online ones (tokens, 421, the state service).
        self.online = online
        self.creation_default = creation_default  # a new person's own STORE row (R22); None: no row
        self.tenant_state = "Running"  # what the state lookup says: "Running", "OnlineMaintenance", "Offline"...
        self.customer = customer
        self.users: dict[str, str] = dict({"admin": "secret"} if users is None else users)
        self.tokens: set[str] = set({"demo-token"} if tokens is None else tokens)
        self.refresh_tokens: set[str] = set({"demo-refresh"} if refresh_tokens is None else refresh_tokens)
        # Mutable on purpose: a test can rename items or drop WITHDRAWN to play a misconfigured tenant.
        self.legal_bases = _list_items("LegalBaseId", LEGAL_BASES)
        self.purposes = _list_items("ConsentPurposeId", PURPOSES, Active=True)
        self.sources = _list_items("ConsentSourceId", SOURCES)
        self._segment = "api"
        self._old_segments: set[str] = set()
        self._persons: dict[int, _Person] = {}
        self._consent_rows: dict[int, dict[str, Any]] = {}  # insertion order = id order
        self._email_rows: dict[int, dict[str, Any]] = {}
        self._email_index: dict[str, list[dict[str, Any]]] = {}  # _fold(address) -> rows
        # afterTime filters (every incremental read) answered without a scan of every row (see _TimeIndex).
        self._time_index: dict[tuple[str, str], _TimeIndex] = {
            ("consentperson", c): _TimeIndex(self._consent_rows, c)
            for c in ("consentperson.updated", "consentperson.registered")
        } | {
            ("email", c): _TimeIndex(self._email_rows, c)
            for c in ("email.updated", "email.person_id.registered", "email.registered")
        }
        self._next_person_id = 1
        self._next_consent_id = 1
        self._next_email_id = 1
        # Any state change bumps the generation, which drops every cached query result.
        self._generation = 0
        self._cache_generation = -1
        self._cache: dict[tuple, list[dict[str, Any]]] = {}
        self._issued = 0
        self.rotate_refresh_tokens = False  # True: each refresh retires the refresh token used and answers a new one

        base = r"(?i)v1/"
        self.route("GET", base + r"List/LegalBase/Items", lambda r: json_response(200, _localised(self.legal_bases, r)))
        self.route(
            "GET", base + r"List/ConsentPurpose/Items", lambda r: json_response(200, _localised(self.purposes, r))
        )
        self.route("GET", base + r"List/ConsentSource/Items", lambda r: json_response(200, _localised(self.sources, r)))
        self.route("GET", base + r"Archive/dynamic", self._get_archive)
        self.route("GET", base + r"Person/(?P<pid>\d+)/Consent", self._get_person_consents)
        self.route("PUT", base + r"Person/(?P<pid>\d+)/Consent/(?P<purpose>[^/]+)", self._put_person_consent)

    # -- URLs --------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The current API base URL (after move_host() the moved one; the old one then answers 421)."""
        return f"{self.root_url}/{self.customer}/{self._segment}/"

    @property
    def state_url(self) -> str:
        """Where the connector looks the host up; it appends the customer id."""
        return f"{self.root_url}/api/state/"

    @property
    def token_url(self) -> str:
        return f"{self.root_url}/login/common/oauth/tokens"

    def move_host(self) -> str:
        """Move the tenant: the current base path answers 421 from now on. Returns the new base URL."""
        with self._lock:
            self._old_segments.add(self._segment)
            self._segment = f"api-moved-{len(self._old_segments)}"
            return self.base_url

    def revoke_tokens(self) -> None:
        """Every access token expires at once (refresh tokens stay valid)."""
        with self._lock:
            self.tokens.clear()

    def error_body(self, status: int, message: str, error_type: str | None = None) -> Any:
        default = {
            400: "SoArgumentException",
            401: "SoAuthenticationException",
            404: "SoNotFoundException",
            412: "SoPreconditionFailedException",
            421: "SoMisdirectedRequestException",
            429: "SoTooManyRequestsException",
            503: "SoServiceUnavailableException",
        }
        return {
            "Error": True,
            "ErrorType": error_type or default.get(status, "SoServerException"),
            "ErrorMessage": message,
            "ErrorSource": "SuperOffice simulator",
        }

    # -- front door --------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        path = request.path
        if path.rstrip("/") == "/login/common/oauth/tokens":
            if request.method != "POST":
                return self.error(405, "use POST")
            return self._post_token(request)
        state = re.fullmatch(r"/api/state/([^/]+)/?", path)
        if state is not None and request.method == "GET":
            return self._get_state(state.group(1))
        api = re.fullmatch(r"/([^/]+)/([^/]+)/(.*)", path)
        if api is None or api.group(1) != self.customer:
            return self.error(404, f"no such resource: {path}")
        with self._lock:
            segment, old = self._segment, api.group(2) in self._old_segments
        if old:
            return self.error(421, "This tenant has moved to another host: look the API URL up again")
        if api.group(2) != segment:
            return self.error(404, f"no such resource: {path}")
        if not self.is_running:
            return self.error(503, f"The tenant is {self.tenant_state}; try again later")
        if not self._authenticated(request):
            return self.error(
                401,
                "Authentication failed: bad or expired credentials",
                headers={"WWW-Authenticate": 'Bearer realm="SuperOffice"'},
            )
        return self.dispatch_routes(request, api.group(3))

    def _authenticated(self, request: Request) -> bool:
        scheme, _, credentials = (request.headers.get("Authorization") or "").strip().partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "bearer":
            with self._lock:
                return credentials in self.tokens
        if scheme.lower() == "basic":
            if self.online:
                return False
            try:
                user, _, password = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                return False
            with self._lock:
                return user in self.users and secrets.compare_digest(self.users[user], password)
        return False

    def _get_state(self, customer: str) -> Response:
        if customer != self.customer:
            return self.error(404, f"unknown customer {customer}")
        now = self.clock.now()
        return json_response(
            200,
            {
                "ContextIdentifier": self.customer,
                "Endpoint": f"{self.root_url}/{self.customer}",
                "State": self.tenant_state,
                "IsRunning": self.is_running,
                "ValidUntil": format_time(now + timedelta(hours=1)) + "Z",
                "Api": self.base_url.rstrip("/"),
            },
        )

    @property
    def is_running(self) -> bool:
        """Running or OnlineMaintenance ("API is available" during maintenance)."""
        return self.tenant_state.strip().lower() in ("running", "onlinemaintenance")

    def _post_token(self, request: Request) -> Response:
        form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        if form.get("grant_type") != "refresh_token":
            return json_response(
                400,
                {"error": "unsupported_grant_type", "error_description": "only grant_type=refresh_token is simulated"},
            )
        if not form.get("client_id"):
            return json_response(400, {"error": "invalid_request", "error_description": "client_id is missing"})
        with self._lock:
            if form.get("refresh_token") not in self.refresh_tokens:
                return json_response(
                    400, {"error": "invalid_grant", "error_description": "refresh token unknown, revoked or expired"}
                )
            self._issued += 1
            token = f"sim-access-{self._issued}-{secrets.token_urlsafe(12)}"
            self.tokens.add(token)
            body = {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
            if self.rotate_refresh_tokens:
                self.refresh_tokens.discard(form["refresh_token"])
                refresh_token = f"sim-refresh-{self._issued}-{secrets.token_urlsafe(12)}"
                body["refresh_token"] = refresh_token
                self.refresh_tokens.add(refresh_token)
        return json_response(200, body)

    # -- lists -------------------------------------------------------------------------------------

    @staticmethod
    def _item(items: list[dict[str, Any]], key: str | None) -> dict[str, Any] | None:
        if not key:
            return None
        wanted = key.strip().casefold()
        for item in items:
            if not item.get("Deleted") and str(item.get("Key", "")).casefold() == wanted:
                return item
        return None

    # -- archive -----------------------------------------------------------------------------------

    def _get_archive(self, request: Request) -> Response:
        try:
            entity, selected, terms, order, top, skip = self._parse_archive_query(request.query)
        except BadQuery as exc:
            return self.error(400, str(exc), "SoArgumentException")
        id_column = ENTITY_ID[entity]
        with self._lock:
            rows = self._query_window(entity, terms, order, skip, top)
            # Plain dicts of immutable values: serialised outside the lock.
            value = [
                {
                    "PrimaryKey": str(row[id_column]),
                    "EntityName": entity,
                    **{name: row[column] for name, column in selected},
                }
                for row in rows
            ]
        return json_response(
            200,
            {
                "odata.metadata": f"{self.base_url}v1/Archive/$metadata#dynamic",
                "odata.nextLink": None,
                "value": value,
            },
        )

    def _parse_archive_query(self, query: dict[str, str]):
        select = query.get("$select", "")
        names = [c.strip() for c in select.split(",") if c.strip()]
        if not names:
            raise BadQuery("$select is required: name the columns to return")
        selected, entities = [], set()
        for name in names:
            found = _COLUMN_LOOKUP.get(name.lower())
            if found is None:
                raise BadQuery(f"unknown column {name!r}")
            entities.add(found[0])
            selected.append((name, found[1]))
        if len(entities) > 1:
            raise BadQuery("columns of one entity only: consentperson.* or email.*")
        entity = entities.pop()
        columns = {k: v for k, v in _COLUMN_LOOKUP.items() if v[0] == entity}
        terms = parse_filter(query["$filter"], columns) if query.get("$filter", "").strip() else []
        order = []
        for part in (p.strip() for p in query.get("$orderBy", query.get("$orderby", "")).split(",")):
            if not part:
                continue
            name, _, direction = part.partition(" ")
            found = columns.get(name.lower())
            if found is None:
                raise BadQuery(f"unknown column in $orderBy: {name!r}")
            direction = direction.strip().lower() or "asc"
            if direction not in ("asc", "desc"):
                raise BadQuery(f"$orderBy direction must be asc or desc, not {direction!r}")
            order.append((found[1], direction == "desc"))
        top = self._int_param(query, "$top", DEFAULT_TOP)
        if not 1 <= top <= MAX_TOP:
            raise BadQuery(f"$top must be 1..{MAX_TOP}")
        skip = self._int_param(query, "$skip", 0)
        if skip < 0:
            raise BadQuery("$skip must not be negative")
        return entity, selected, terms, order, top, skip

    @staticmethod
    def _int_param(query: dict[str, str], name: str, default: int) -> int:
        raw = query.get(name, "").strip()
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError as exc:
            raise BadQuery(f"{name} must be a whole number, not {raw!r}") from exc

    def _query_window(
        self, entity: str, terms: list[tuple[str, str, Any]], order: list[tuple[str, bool]], skip: int, top: int
    ) -> list[dict[str, Any]]:
        """rows [skip, skip + top) of the query; a keyset page ("<id> gt <last>", id order) is cut out of the cached
        result of the other terms by bisection, without copying the rest of it (a million rows: 2,000 pages)."""
        id_column = ENTITY_ID[entity]
        plain = order[:-1] if order and order[-1] == (id_column, False) else order
        after = [t for t in terms if t[0] == id_column and t[1] == "gt"]
        if after and not plain:
            rest = [t for t in terms if t not in after]
            rows = self._query(entity, rest, plain)
            ids_key = ("ids", entity, tuple(rest))
            ids = self._cache.get(ids_key)
            if ids is None:
                ids = self._cache[ids_key] = [row[id_column] for row in rows]
            start = bisect.bisect_right(ids, max(v for _, _, v in after)) + skip
            return rows[start : start + top]
        return self._query(entity, terms, order)[skip : skip + top]

    def _query(
        self, entity: str, terms: list[tuple[str, str, Any]], order: list[tuple[str, bool]]
    ) -> list[dict[str, Any]]:
        """The ordered result rows, computed once per state generation; caller holds the lock."""
        if self._cache_generation != self._generation:
            self._cache.clear()
            self._cache_generation = self._generation
        id_column = ENTITY_ID[entity]
        if order and order[-1] == (id_column, False):
            order = order[:-1]  # already the base order
        key = (entity, tuple(terms), tuple(order))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        after = [t for t in terms if t[0] == id_column and t[1] == "gt"]
        if after and not order:
            # Keyset paging ("<id> gt <last id seen>", id order) asks a new question every page:
            # answer it from the cached result of the other terms, cut at the id by bisection,
            # instead of filtering every row again per page.
            rest = [t for t in terms if t not in after]
            rows = self._query(entity, rest, order)
            ids_key = ("ids", entity, tuple(rest))
            ids = self._cache.get(ids_key)
            if ids is None:
                ids = self._cache[ids_key] = [row[id_column] for row in rows]
            return rows[bisect.bisect_right(ids, max(v for _, _, v in after)) :]
        kinds = ENTITY_COLUMNS[entity]
        rows = self._candidates(entity, terms)
        predicates = [_predicate(col, kinds[col], op, value) for col, op, value in terms]
        if predicates:
            rows = [row for row in rows if all(p(row) for p in predicates)]
        for column, descending in reversed(order):
            rows = sorted(rows, key=_sort_key(column), reverse=descending)
        if len(self._cache) >= 64:
            del self._cache[next(iter(self._cache))]
        self._cache[key] = rows
        return rows

    def _candidates(self, entity: str, terms: list[tuple[str, str, Any]]) -> list[dict[str, Any]]:
        """Rows in id order that could match: from an index when a term allows, else all of them."""
        for column, op, value in terms:
            index = self._time_index.get((entity, column)) if op == "afterTime" else None
            if index is not None:
                source = self._consent_rows if entity == "consentperson" else self._email_rows
                return [row for i in sorted(index.after(value)) if (row := source.get(i)) is not None]
            if op != "in":
                continue
            if column in ("consentperson.person_id", "email.person_id"):
                people = (self._persons.get(v) for v in value if isinstance(v, int))
                if entity == "consentperson":
                    found = [row for p in people if p for row in p.consents.values()]
                else:
                    found = [row for p in people if p for row in p.emails]
            elif column == "consentperson.consentperson_id":
                found = [r for v in value if isinstance(v, int) and (r := self._consent_rows.get(v))]
            elif column == "email.email_id":
                found = [r for v in value if isinstance(v, int) and (r := self._email_rows.get(v))]
            elif column == "email.email_address":
                found = [row for v in value for row in self._email_index.get(v, ())]
            else:
                continue
            id_column = ENTITY_ID[entity]
            unique = {row[id_column]: row for row in found}
            return [unique[i] for i in sorted(unique)]
        source = self._consent_rows if entity == "consentperson" else self._email_rows
        key = (entity, "all")
        rows = self._cache.get(key)
        if rows is None:
            rows = self._cache[key] = list(source.values())
        return rows

    # -- one person's consents ---------------------------------------------------------------------

    def _get_person_consents(self, request: Request) -> Response:
        with self._lock:
            person = self._persons.get(int(request.params["pid"]))
            if person is None:
                return self.error(404, f"Person {request.params['pid']} not found", "SoNotFoundException")
            infos = [self._consent_info(row) for row in person.consents.values()]
        if not (request.headers.get("Accept-Language") or "").strip():
            for info in infos:
                for name in ("LegalBaseName", "ConsentPurposeName", "ConsentSourceName"):
                    if info[name]:
                        info[name] = multi_language(info[name])
        return json_response(200, infos)

    def _put_person_consent(self, request: Request) -> Response:
        person_id = int(request.params["pid"])
        query = request.query
        with self._lock:
            if person_id not in self._persons:
                return self.error(404, f"Person {person_id} not found", "SoNotFoundException")
            purpose = self._item(self.purposes, request.params["purpose"])
            if purpose is None:
                return self.error(400, f"unknown consent purpose key {request.params['purpose']!r}")
            legal_base = self._item(self.legal_bases, query.get("legalBase"))
            if legal_base is None:
                return self.error(400, f"unknown or missing legal base key {query.get('legalBase')!r}")
            source = self._item(self.sources, query.get("source"))
            if source is None:
                return self.error(400, f"unknown or missing consent source key {query.get('source')!r}")
            if len(query.get("comment", "")) > MAX_COMMENT:
                return self.error(400, f"comment is longer than {MAX_COMMENT} characters")
            unmodified_since = request.headers.get("If-Unmodified-Since")
            if unmodified_since:
                limit = self._parse_precondition(unmodified_since)
                if limit is None:
                    return self.error(400, f"cannot read If-Unmodified-Since {unmodified_since!r}")
                row = self._persons[person_id].consents.get(purpose["Key"].upper())
                changed = row and (row["consentperson.updated"] or row["consentperson.registered"])
                if isinstance(changed, str) and changed > limit:
                    return self.error(412, f"consent {purpose['Key']} of person {person_id} changed at {changed}")
            self._write_consent(
                person_id,
                purpose["Key"],
                legal_base["Key"],
                source["Key"],
                query.get("comment", ""),
                self.clock.now(),
                API_ASSOCIATE_ID,
            )
        return empty_response(204)

    @staticmethod
    def _parse_precondition(text: str) -> str | None:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            try:
                dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
            except ValueError:
                return None
        return format_time(dt)

    def _consent_info(self, row: dict[str, Any]) -> dict[str, Any]:
        legal = self._item(self.legal_bases, row["consentperson.legalBase_id.key"]) or {}
        purpose = self._item(self.purposes, row["consentperson.consentPurpose_id.key"]) or {}
        source = self._item(self.sources, row["consentperson.consentSource_id.key"]) or {}
        return {
            "ConsentPersonId": row["consentperson.consentperson_id"],
            "Comment": row["consentperson.comment"],
            "Registered": row["consentperson.registered"],
            "RegisteredAssociateId": row["_registered_associate"],
            "Updated": row["consentperson.updated"],
            "UpdatedAssociateId": row["_updated_associate"],
            "LegalBaseId": legal.get("LegalBaseId", 0),
            "LegalBaseKey": row["consentperson.legalBase_id.key"],
            "LegalBaseName": legal.get("Name", ""),
            "ConsentPurposeId": purpose.get("ConsentPurposeId", 0),
            "ConsentPurposeKey": row["consentperson.consentPurpose_id.key"],
            "ConsentPurposeName": purpose.get("Name", ""),
            "ConsentSourceId": source.get("ConsentSourceId", 0),
            "ConsentSourceKey": row["consentperson.consentSource_id.key"],
            "ConsentSourceName": source.get("Name", ""),
        }

    # -- state (caller holds the lock) -------------------------------------------------------------

    def _write_consent(
        self,
        person_id: int,
        purpose_key: str,
        legal_base_key: str,
        source_key: str,
        comment: str,
        at: datetime,
        associate: int,
    ) -> None:
        person = self._persons[person_id]
        slot = purpose_key.upper()
        stamp = format_time(at)
        row = person.consents.get(slot)
        if row is None:
            row = {
                "consentperson.consentperson_id": self._next_consent_id,
                "consentperson.person_id": person_id,
                "consentperson.registered": stamp,
                "consentperson.updated": None,
                "consentperson.consentPurpose_id.key": purpose_key,
                "consentperson.legalBase_id.key": legal_base_key,
                "consentperson.consentSource_id.key": source_key,
                "consentperson.comment": comment,
                "_registered_associate": associate,
                "_updated_associate": 0,
            }
            self._next_consent_id += 1
            self._consent_rows[row["consentperson.consentperson_id"]] = row
            person.consents[slot] = row
            self._time_index[("consentperson", "consentperson.registered")].touched(
                row["consentperson.consentperson_id"], stamp
            )
        else:
            row["consentperson.legalBase_id.key"] = legal_base_key
            row["consentperson.consentSource_id.key"] = source_key
            row["consentperson.comment"] = comment
            row["consentperson.updated"] = stamp
            row["_updated_associate"] = associate
            self._time_index[("consentperson", "consentperson.updated")].touched(
                row["consentperson.consentperson_id"], stamp
            )
        self._generation += 1

    def _add_email_row(
        self, person: _Person, address: str, rank: int, registered: str, kind: int = EMAIL_TYPE_EMAIL
    ) -> None:
        # As the Email table does: a new row has its `registered` time and no `updated` one until it is changed.
        row: dict[str, Any] = {
            "email.email_id": self._next_email_id,
            "email.person_id": person.person_id,
            "email.email_address": address,
            "email.rank": rank,
            "email.updated": None,
            "email.person_id.registered": person.registered,
            "email.type": kind,
            "email.registered": registered,
        }
        self._next_email_id += 1
        self._email_rows[row["email.email_id"]] = row
        self._time_index[("email", "email.registered")].touched(row["email.email_id"], registered)
        self._time_index[("email", "email.person_id.registered")].touched(row["email.email_id"], person.registered)
        self._email_index.setdefault(_fold(address), []).append(row)
        person.emails.append(row)
        person.emails.sort(key=lambda r: (r["email.rank"], r["email.email_id"]))

    def _person(self, person_id: int) -> _Person:
        person = self._persons.get(person_id)
        if person is None:
            raise KeyError(f"no person {person_id}")
        return person

    # -- Python state API for tests and data loading ----------------------------------------------

    def add_person(
        self,
        email: str | None,
        registered: datetime | None = None,
        extra_emails: Iterable[str] = (),
        person_id: int | None = None,
        creation_default: str | None = _UNSET,
    ) -> int:
        """A new person; email gets rank 1 (the primary), extra_emails ranks 2, 3, ...; returns the id.

        Like SuperOffice, the person gets its own STORE row with the tenant's default legal base
        (`creation_default`, else the simulator's), registered at the person's creation (R22).
        """
        with self._lock:
            if person_id is None:
                person_id = self._next_person_id
            elif person_id in self._persons:
                raise ValueError(f"person {person_id} exists")
            self._next_person_id = max(self._next_person_id, person_id + 1)
            stamp = format_time(registered if registered is not None else self.clock.now())
            person = self._persons[person_id] = _Person(person_id, stamp)
            addresses = ([] if email is None else [email]) + list(extra_emails)
            for rank, address in enumerate(addresses, start=1 if email is not None else 2):
                self._add_email_row(person, address, rank, stamp)
            default = self.creation_default if creation_default is _UNSET else creation_default
            if default:
                self._write_consent(
                    person_id,
                    "STORE",
                    default,
                    "USER",
                    "",
                    registered if registered is not None else self.clock.now(),
                    USER_ASSOCIATE_ID,
                )
            self._generation += 1
            return person_id

    def add_contact_address(self, person_id: int, address: str, kind: int = EMAIL_TYPE_CHAT, rank: int = 1) -> None:
        """A chat (kind 1) or VoIP (kind 2) address in the person's e-mail table (not an e-mail address)."""
        with self._lock:
            person = self._person(person_id)
            self._add_email_row(person, address, rank, format_time(self.clock.now()), kind)
            self._generation += 1

    def set_email(self, person_id: int, address: str, rank: int = 1) -> None:
        """Set the person's address of that rank (replacing it, or adding a new row)."""
        with self._lock:
            person = self._person(person_id)
            stamp = format_time(self.clock.now())
            for row in person.emails:
                if row["email.rank"] == rank and row["email.type"] == EMAIL_TYPE_EMAIL:
                    self._unindex(row)
                    row["email.email_address"] = address
                    row["email.updated"] = stamp
                    self._time_index[("email", "email.updated")].touched(row["email.email_id"], stamp)
                    self._email_index.setdefault(_fold(address), []).append(row)
                    break
            else:
                self._add_email_row(person, address, rank, stamp)
            self._generation += 1

    # What a CRM user's clean-up does to the tables: a deleted row is simply gone (no afterTime term finds it); a row
    # moved or re-ranked gets an `updated` time only when asked (`stamp`: unverified on real tenants, api notes).

    def _rows_changed(self) -> None:
        for index in self._time_index.values():
            index.reset()
        self._generation += 1

    def _unindex(self, row: dict[str, Any]) -> None:
        """The row out of the by-address index (its address about to change, or the row to go)."""
        key = _fold(row["email.email_address"])
        rows = self._email_index.get(key, [])
        if row in rows:
            rows.remove(row)
            if not rows:
                del self._email_index[key]

    def _drop_email_row(self, row: dict[str, Any]) -> None:
        del self._email_rows[row["email.email_id"]]
        self._unindex(row)

    def delete_person(self, person_id: int) -> None:
        """A CRM user deletes the person: its e-mail rows and consent rows go with it."""
        with self._lock:
            person = self._persons.pop(person_id)
            for row in person.emails:
                self._drop_email_row(row)
            for row in person.consents.values():
                del self._consent_rows[row["consentperson.consentperson_id"]]
            self._rows_changed()

    def delete_email(self, person_id: int, address: str, *, stamp: bool = False) -> None:
        """A CRM user removes one address from the person; the rows after it move up a rank."""
        with self._lock:
            person = self._person(person_id)
            row = next(r for r in person.emails if r["email.email_address"] == address)
            person.emails.remove(row)
            self._drop_email_row(row)
            now = format_time(self.clock.now())
            for other in person.emails:
                if other["email.rank"] > row["email.rank"]:
                    other["email.rank"] -= 1
                    if stamp:
                        other["email.updated"] = now
            self._rows_changed()

    def swap_ranks(self, person_id: int, *, stamp: frozenset[str] = frozenset()) -> None:
        """The person's second address made its primary (ranks 1 and 2 swapped); the addresses in `stamp` get an
        `updated` time."""
        with self._lock:
            person = self._person(person_id)
            first, second = person.emails[0], person.emails[1]
            first["email.rank"], second["email.rank"] = second["email.rank"], first["email.rank"]
            now = format_time(self.clock.now())
            for row in (first, second):
                if row["email.email_address"] in stamp:
                    row["email.updated"] = now
            person.emails.sort(key=lambda r: (r["email.rank"], r["email.email_id"]))
            self._rows_changed()

    def merge_persons(self, source_id: int, dest_id: int, *, stamp: bool = False) -> None:
        """The source merged into the destination: its e-mail rows move there after the destination's own, its consent
        rows for purposes the destination lacks move too (one row per person and purpose), the rest and the source go."""
        with self._lock:
            source, dest = self._persons.pop(source_id), self._person(dest_id)
            now = format_time(self.clock.now())
            top = max((r["email.rank"] for r in dest.emails), default=0)
            for i, row in enumerate(source.emails, start=1):
                row["email.person_id"] = dest_id
                row["email.person_id.registered"] = dest.registered
                row["email.rank"] = top + i
                if stamp:
                    row["email.updated"] = now
                dest.emails.append(row)
            for key, row in source.consents.items():
                if key in dest.consents:
                    del self._consent_rows[row["consentperson.consentperson_id"]]
                else:
                    row["consentperson.person_id"] = dest_id
                    if stamp:
                        row["consentperson.updated"] = now
                    dest.consents[key] = row
            dest.emails.sort(key=lambda r: (r["email.rank"], r["email.email_id"]))
            self._rows_changed()

    def set_consent(
        self,
        person_id: int,
        purpose_key: str,
        legal_base_key: str,
        source_key: str = "USER",
        comment: str = "",
        at: datetime | None = None,
    ) -> None:
        """Create or update the row as a CRM user would; keys are not checked (bad data is allowed)."""
        with self._lock:
            self._person(person_id)
            self._write_consent(
                person_id,
                purpose_key,
                legal_base_key,
                source_key,
                comment,
                at if at is not None else self.clock.now(),
                USER_ASSOCIATE_ID,
            )

    def delete_consent(self, person_id: int, purpose_key: str) -> None:
        with self._lock:
            row = self._person(person_id).consents.pop(purpose_key.upper(), None)
            if row is not None:
                del self._consent_rows[row["consentperson.consentperson_id"]]
                self._generation += 1

    def consents(self, person_id: int) -> dict[str, dict[str, Any]]:
        """The person's ConsentInfo dicts by purpose key, as GET v1/Person/{id}/Consent gives them."""
        with self._lock:
            person = self._person(person_id)
            return {
                row["consentperson.consentPurpose_id.key"]: self._consent_info(row) for row in person.consents.values()
            }

    def set_raw_consent_field(self, person_id: int, purpose_key: str, field: str, value: Any) -> None:
        """Corrupt a row: field is a column ("consentperson.updated"), its short name ("updated")
        or a ConsentInfo name ("Updated", "LegalBaseKey", "Comment"); value goes out as is."""
        with self._lock:
            row = self._person(person_id).consents.get(purpose_key.upper())
            if row is None:
                raise KeyError(f"person {person_id} has no {purpose_key} consent")
            name = field.strip()
            column = (
                name if name in CONSENT_COLUMNS else _RAW_FIELD_NAMES.get(name.lower().removeprefix("consentperson."))
            )
            if column is None or column == "consentperson.consentPurpose_id.key":
                raise KeyError(f"cannot set consent field {field!r}")
            row[column] = value
            for index in self._time_index.values():
                index.reset()  # any value may go in: rebuilt from the rows when next asked
            self._generation += 1

    def emails(self, person_id: int) -> list[str]:
        """The person's addresses in rank order."""
        with self._lock:
            return [
                row["email.email_address"]
                for row in self._person(person_id).emails
                if row["email.type"] == EMAIL_TYPE_EMAIL
            ]

    def person_ids(self, email: str) -> list[int]:
        """Persons holding the address (any rank, case-insensitive), lowest id first."""
        with self._lock:
            return sorted(
                {
                    row["email.person_id"]
                    for row in self._email_index.get(_fold(email), ())
                    if row["email.type"] == EMAIL_TYPE_EMAIL
                }
            )

    @property
    def person_count(self) -> int:
        with self._lock:
            return len(self._persons)

    @property
    def consent_count(self) -> int:
        with self._lock:
            return len(self._consent_rows)
