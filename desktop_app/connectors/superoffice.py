"""SuperOffice CRM connector: lists, consent and e-mail rows from the Dynamic archive, one person's consents, writes.

All SuperOffice names live in `superoffice_fields`. Rows come out already mapped to our
vocabulary (`domain.records`). Bad data inside a valid answer never raises (R17): a row with an
unknown legal base key, no change time or an unreadable date is delivered with
`Consent(error=...)`; a row too broken to attribute (not an object, no person id) is kept as a
`ContactError` in `problems`, which the engine collects with `take_problems()`.

Archive reads page by row id (`<id> gt <last id>` with `$orderBy` on the id and `$top`), not by
`$skip`: rows added or deleted during a long read then never shift a page, so none is skipped. A page
shorter than `$top` is the last one unless `odata.nextLink` says more follow (a server's own row cap).
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlsplit

from ..domain.mapping import (
    SUPEROFFICE_KEY_FOR_BASIS,
    SUPEROFFICE_KEY_FOR_PURPOSE,
    SUPEROFFICE_LEGAL_BASE_KEYS,
    SUPEROFFICE_PURPOSE_KEYS,
    superoffice_basis,
)
from ..domain.messages import Message, listing
from ..domain.model import Consent, LegalBasis, Purpose, System
from ..domain.records import SoConsentRow, SoEmailRow
from ..redaction import scrub
from ..urls import UrlProblem, check_http_url
from . import superoffice_fields as F
from .base import ODD, ConnectorBase, prefetched, quick_utc_text
from .errors import (
    AuthenticationError,
    CancelledError,
    ConfigurationError,
    ConnectorError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    PagingError,
    ServiceUnavailableError,
    UnexpectedResponseError,
    WrongHostError,
    missing_field,
)
from .http import ApiClient, CancelToken, RequestLimits, host_of, loopback_host
from .superoffice_oauth import SignInExpired

log = logging.getLogger(__name__)

SYSTEM = System.SUPEROFFICE


# ---------------------------------------------------------------- authentication


class BasicAuth:
    """On-site NetServer: user name and password (Basic). The password never shows in repr or str."""

    __slots__ = ("user", "_password")

    def __init__(self, user: str, password: str) -> None:
        self.user = user
        self._password = password

    @property
    def password(self) -> str:
        return self._password

    def header(self) -> str:
        raw = f"{self.user}:{self._password}".encode("utf-8")
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def secrets(self) -> tuple[str, ...]:
        encoded = self.header().split(" ", 1)[1]
        pair = f"{self.user}:{self._password}" if self._password else ""
        return tuple(s for s in (self._password, pair, encoded) if s)

    def __repr__(self) -> str:
        return f"BasicAuth(user={self.user!r}, password='***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BasicAuth) and (self.user, self._password) == (other.user, other._password)

    __hash__ = None  # type: ignore[assignment]  # equal by value, so unhashable (typeshed: __hash__ is a method)


class BearerAuth:
    """SuperOffice Online: an OAuth access token (Bearer). The token never shows in repr or str."""

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        self._token = token

    @property
    def token(self) -> str:
        return self._token

    def header(self) -> str:
        return f"Bearer {self._token}"

    def secrets(self) -> tuple[str, ...]:
        return (self._token,) if self._token else ()

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BearerAuth) and self._token == other._token

    __hash__ = None  # type: ignore[assignment]  # equal by value, so unhashable (typeshed: __hash__ is a method)


SuperOfficeAuth = BasicAuth | BearerAuth


# ---------------------------------------------------------------- lists


@dataclass(frozen=True, slots=True)
class SuperOfficeLists:
    """The tenant's lists, by Key (upper case) -> display name; deleted items and inactive purposes left out."""

    legal_bases: Mapping[str, str] = field(default_factory=dict)
    purposes: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    write_source: str = F.WRITE_SOURCE_KEY  # the source key writes go out with (a setting)
    inactive_purposes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TenantState:
    """What SuperOffice Online's state lookup says about a tenant."""

    state: str  # "Running", "OnlineMaintenance", ...
    is_running: bool  # the API answers (also during OnlineMaintenance)
    api: str | None  # the tenant's web API base, normalised with one trailing slash


def normalise_base_url(url: object, *, require_api_suffix: bool = True) -> str:
    """Validate a SuperOffice API base URL and return it with one trailing slash; ConfigurationError otherwise.

    What the state service names after a 421 is taken as it comes (`require_api_suffix=False`).
    """
    example = Message.of(
        "for_example_or",
        example="https://online.superoffice.com/Cust12345/api/",
        other="https://crm.example.com/SuperOffice/api/",
    )
    the = Message.of("the_so_address")
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(
            Message.of("url_missing", what=Message.of("so_address"), example=example), system=SYSTEM
        )
    parts, problem = check_http_url(url.strip())
    if problem is UrlProblem.INVALID:
        raise ConfigurationError(Message.of("url_invalid", what=the, example=example), system=SYSTEM)
    if problem is UrlProblem.NOT_HTTP:
        raise ConfigurationError(Message.of("url_not_http", what=the, example=example), system=SYSTEM)
    if problem is UrlProblem.CREDENTIALS:
        raise ConfigurationError(Message.of("url_credentials", what=the), system=SYSTEM)
    if problem is UrlProblem.QUERY:
        raise ConfigurationError(Message.of("url_query", what=the, example=example), system=SYSTEM)
    path = parts.path.rstrip("/")
    if require_api_suffix and not path.lower().endswith("/api"):
        raise ConfigurationError(Message.of("url_no_api", what=the, example=example), system=SYSTEM)
    return f"{parts.scheme.lower()}://{parts.netloc}{path}/"


def customer_id_from_url(url: str) -> str | None:
    """`Cust12345` from an Online base URL `https://host/Cust12345/api/`; None for on-site URLs."""
    match = F.CUSTOMER_ID_PATTERN.search(urlsplit(url).path)
    return match.group(1) if match else None


# ---------------------------------------------------------------- the connector


class SuperOfficeConnector(ConnectorBase):
    """Reads and writes SuperOffice consents. Thread-safe; one instance per run is the usual use.

    `problems` collects rows too broken to deliver; `take_problems()` hands them over and clears.
    """

    system = SYSTEM

    def __init__(
        self,
        base_url: str,
        auth: SuperOfficeAuth,
        limits: RequestLimits | None = None,
        state_url: str = F.DEFAULT_STATE_URL,
        customer_id: str | None = None,
        token_refresher: Callable[..., str] | None = None,  # called with cancel=: the run's Stop reaches a refresh
        *,
        cancel: CancelToken | None = None,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
        write_source: str = F.WRITE_SOURCE_KEY,
    ) -> None:
        if not isinstance(auth, (BasicAuth, BearerAuth)):
            raise ConfigurationError(Message.of("so_needs_auth"), system=SYSTEM)
        super().__init__()
        base = normalise_base_url(base_url)
        self.auth: SuperOfficeAuth = auth
        self.state_url = (state_url or F.DEFAULT_STATE_URL).rstrip("/") + "/"
        self.customer_id = customer_id or customer_id_from_url(base)
        self.token_refresher = token_refresher
        self.write_source = (write_source or F.WRITE_SOURCE_KEY).strip().upper()
        self.client = ApiClient(
            SYSTEM,
            limits=limits or RequestLimits(),
            base_url=base,
            auth_headers={"Authorization": auth.header()},
            secrets=auth.secrets(),
            vendor_message=F.vendor_message,
            sleep=sleep,
            random=random,
            clock=clock,
            cancel=cancel,
            headers={"Accept-Language": F.ACCEPT_LANGUAGE},
            explain=self._explain,
        )
        self.lists: SuperOfficeLists | None = None
        self.last_samples: dict[str, Any] = {}  # raw answers of the list and state reads (check, diagnostics)
        self._auth_lock = threading.Lock()  # one refresh / one host lookup at a time
        self._auth_generation = 0

    # ------------------------------------------------------------ plumbing

    @property
    def base_url(self) -> str:
        """The current base URL (it changes when SuperOffice Online moves the tenant: 421)."""
        return self.client.base_url or ""

    def __repr__(self) -> str:
        return f"SuperOfficeConnector(base_url={self.base_url!r}, auth={self.auth!r})"

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One API call with SuperOffice's two recoveries: 421 -> look the host up again, 401 -> refresh the token."""
        relocated = refreshed = False
        while True:
            base_before, generation_before = self.client.base_url, self._auth_generation
            try:
                return self._no_error_object(self.client.request(method, path, **kwargs))
            except WrongHostError:
                if relocated:
                    raise
                relocated = True
                self._relocate(base_before)
            except AuthenticationError:
                if refreshed or self.token_refresher is None or not isinstance(self.auth, BearerAuth):
                    raise
                refreshed = True
                self._refresh(generation_before)

    def _no_error_object(self, body: Any) -> Any:
        """`body`, unless it is SuperOffice's error object (`{"Error": true, "ErrorMessage": ...}`, api notes "Errors"):
        NetServer or a gateway reporting a failure with a 2xx. Taken as success, a consent write that did not happen
        would count as written (R13) and never be tried again. Its `ErrorType` says what the matching HTTP status would:
        an unknown person or a refused value is that contact's problem (R17), anything else stops the run."""
        if not (isinstance(body, dict) and body.get(F.ERROR_FLAG) is True):
            return body
        said = self._quoting(body, "so_error_in_answer", "so_error_in_answer_bare")
        kind = body.get(F.ERROR_TYPE)
        if kind == F.ERROR_TYPE_NOT_FOUND:
            raise NotFoundError(said, system=SYSTEM, status=None)
        if kind == F.ERROR_TYPE_REJECTED:
            raise InvalidRequestError(said, system=SYSTEM, status=None)
        raise ConnectorError(said, system=SYSTEM)

    def _explain(self, status: int, body: Any, url: str) -> ConnectorError | None:
        """SuperOffice's 403: signed in, but the user's rights or the tenant's licence do not allow it."""
        if status != 403:
            return None
        return ForbiddenError(self._quoting(body, "so_403_vendor", "so_403"), system=SYSTEM)

    def _quoting(self, body: Any, kind: str, bare: str) -> Message:
        """Message `kind` quoting the vendor's own words from `body` (scrubbed of secrets, shortened), or `bare`."""
        vendor = F.vendor_message(body)
        return (
            Message.of(kind, vendor=self.client.quote(vendor, 200)) if vendor and vendor.strip() else Message.of(bare)
        )

    def tenant_state(self) -> TenantState | None:
        """SuperOffice Online's state lookup for this tenant; None on-site (no CustNNNNN in the address).

        Whether the API answers is `IsRunning` (true in OnlineMaintenance too), not `State == "Running"`.
        """
        if not self.customer_id:
            return None
        try:
            body = self.client.get(self.state_url + self.customer_id, authenticate=False)
            self.last_samples[F.ENDPOINT_STATE] = body
        except NotFoundError:
            raise ConfigurationError(Message.of("so_unknown_tenant", tenant=self.customer_id), system=SYSTEM) from None
        if not isinstance(body, dict):
            raise UnexpectedResponseError(
                Message.of("shape_not_object", system=SYSTEM, endpoint=F.ENDPOINT_STATE), system=SYSTEM
            )
        raw_state = body.get(F.STATE_STATE)
        state = raw_state.strip() if isinstance(raw_state, str) and raw_state.strip() else "unknown"
        flag = body.get(F.STATE_IS_RUNNING)
        if isinstance(flag, bool):
            running = flag
        else:
            self._notice(F.ENDPOINT_STATE, F.STATE_IS_RUNNING)
            running = state.lower() in F.STATE_USABLE
        api = body.get(F.STATE_API)
        base = None
        if isinstance(api, str) and api.strip():
            base = normalise_base_url(api, require_api_suffix=False)
        return TenantState(state, running, base)

    def _relocate(self, base_seen: str | None) -> None:
        """421: ask the state service where the tenant lives now and switch to it."""
        with self._auth_lock:
            if self.client.base_url != base_seen:
                return  # another thread already moved
            if not self.customer_id:
                raise WrongHostError(Message.of("so_421_no_tenant"), system=SYSTEM)
            state = self.tenant_state()
            assert state is not None
            if not state.is_running:
                raise ServiceUnavailableError(
                    Message.of("so_tenant_not_running", tenant=self.customer_id, state=repr(state.state)), system=SYSTEM
                )
            if state.api is None:
                raise missing_field(SYSTEM, F.ENDPOINT_STATE, F.STATE_API, "the_tenant_address")
            if _plain_http_elsewhere(state.api):
                # Every request there would carry the token or password in clear text; loopback (the simulators, a
                # tunnel on this machine) is allowed, as the setup check allows it.
                raise WrongHostError(Message.of("so_moved_plain_http", host=host_of(state.api)), system=SYSTEM)
            log.info(
                "SuperOffice tenant %s moved from %s to %s",
                self.customer_id,
                host_of(self.base_url),
                host_of(state.api),
            )
            self.client.base_url = state.api

    def _refresh(self, generation_seen: int) -> None:
        """401 with a Bearer token: get a new token once (another thread may already have)."""
        with self._auth_lock:
            if self._auth_generation != generation_seen:
                return
            assert self.token_refresher is not None
            try:
                token = self.token_refresher(cancel=self.cancel)  # a Stop ends a slow refresh too
            except (ServiceUnavailableError, CancelledError):
                # The token endpoint did not answer properly even after retries (R18): the sign-in may well be fine,
                # so the run stops as for any service fault, not with "sign in again". Its sentence holds no token.
                raise
            except SignInExpired:
                raise AuthenticationError(Message.of("so_sign_in_expired"), system=SYSTEM) from None
            except ConnectorError as exc:  # refused otherwise (an OAuth error code, no token in the answer)
                log.info("SuperOffice token refresh refused: %s", exc.user_message)
                raise AuthenticationError(exc.said or exc.user_message, system=SYSTEM, status=exc.status) from None
            except Exception as exc:  # anything else from the sign-in layer: never show its text (it may hold a token)
                log.info("SuperOffice token refresh failed: %s", type(exc).__name__)
                raise AuthenticationError(Message.of("so_sign_in_expired"), system=SYSTEM) from None
            if not isinstance(token, str) or not token.strip():
                raise AuthenticationError(Message.of("so_sign_in_expired"), system=SYSTEM)
            self.auth = BearerAuth(token.strip())
            self.client.set_auth_header("Authorization", self.auth.header(), secret=self.auth.token)
            self._auth_generation += 1

    # ------------------------------------------------------------ lists

    def load_lists(self) -> SuperOfficeLists:
        """Load the legal base, purpose and source lists by Key; ConfigurationError when a needed key is missing.

        Starts a run's once-per-run field notices. Inactive purposes are left out (a synced one is an error).
        """
        self.reset_notices()
        lists = self.read_lists()
        missing = [
            Message.of("so_lacks_purpose_inactive" if k in lists.inactive_purposes else "so_lacks_purpose", key=k)
            for k in F.REQUIRED_PURPOSE_KEYS
            if k not in lists.purposes
        ]
        missing += [
            Message.of("so_lacks_base", key=k) for k in F.REQUIRED_LEGAL_BASE_KEYS if k not in lists.legal_bases
        ]
        if missing:
            raise ConfigurationError(Message.of("so_lacks", missing=listing(missing)), system=SYSTEM)
        if self.write_source not in lists.sources:
            raise ConfigurationError(write_source_missing(self.write_source, lists.sources), system=SYSTEM)
        self.lists = lists
        return lists

    def read_lists(self) -> SuperOfficeLists:
        """The three lists as the tenant has them, not checked against what the sync needs (`check` does that)."""
        legal, _ = self._list(F.PATH_LEGAL_BASES, "legal_base_items")
        purposes, inactive = self._list(F.PATH_PURPOSES, "purpose_items")
        sources, _ = self._list(F.PATH_SOURCES, "source_items")
        return SuperOfficeLists(
            MappingProxyType(legal),
            MappingProxyType(purposes),
            MappingProxyType(sources),
            self.write_source,
            tuple(sorted(inactive)),
        )

    def _list(self, path: str, what: str) -> tuple[dict[str, str], set[str]]:
        """Active items by Key -> name for people; and the keys of inactive ones."""
        body = self._call("GET", path)
        self.last_samples[path] = body
        if not isinstance(body, list):
            raise UnexpectedResponseError(
                Message.of("shape_not_list", system=SYSTEM, endpoint=f"GET {path}", items=Message.of(what)),
                system=SYSTEM,
            )
        items: dict[str, str] = {}
        inactive: set[str] = set()
        for item in body:
            if not isinstance(item, dict):
                self._notice(f"GET {path}", "(an item)", "not an object")
                continue
            if item.get(F.LIST_DELETED) is True:
                continue
            key = item.get(F.LIST_KEY)
            if not isinstance(key, str) or not key.strip():
                self._notice(f"GET {path}", F.LIST_KEY)
                continue
            key = key.strip().upper()
            if item.get(F.LIST_ACTIVE) is False:
                inactive.add(key)
                continue
            items[key] = F.display_name(item.get(F.LIST_NAME), key)
        return items, inactive

    # ------------------------------------------------------------ bulk reads

    def iter_consent_rows(
        self,
        *,
        updated_after: datetime | None = None,
        registered_after: datetime | None = None,
        person_ids: Iterable[int] | None = None,
        page_size: int = F.MAX_TOP,
    ) -> Iterator[SoConsentRow]:
        """Consent rows of the synced purposes, by row id. Given filters are combined with AND.

        `updated_after` / `registered_after` compare on SuperOffice's clock, to the second (floored).
        """
        terms = [F.in_texts(F.C_PURPOSE_KEY, F.SYNCED_PURPOSE_KEYS)]
        if updated_after is not None:
            terms.append(F.after_time(F.C_UPDATED, updated_after))
        if registered_after is not None:
            terms.append(F.after_time(F.C_REGISTERED, registered_after))
        for raw in self._archive(
            F.CONSENT_COLUMNS, terms, F.C_ID, page_size, F.C_PERSON_ID, _ids(person_ids), numeric=True
        ):
            row = self._consent_row(raw)
            if row is not None:
                yield row

    def iter_email_rows(
        self,
        *,
        updated_after: datetime | None = None,
        addresses: Iterable[str] | None = None,
        person_ids: Iterable[int] | None = None,
        page_size: int = F.MAX_TOP,
    ) -> Iterator[SoEmailRow]:
        """E-mail rows (one per address, any rank).

        `updated_after` gives rows updated after that time *and* rows created after it (a new row has no
        updated time yet: a new person's addresses, and an address added to an existing person, which its
        person's creation time did not find). `addresses` (matched as SuperOffice compares text) and
        `person_ids` select rows; give at most one of the two lists.
        """
        if addresses is not None and person_ids is not None:
            raise ValueError("give addresses or person_ids, not both")
        only_email = F.eq_number(F.E_TYPE, F.E_TYPE_EMAIL)  # not the chat and VoIP rows of the same table
        base_terms: list[list[str]] = [[only_email]]
        if updated_after is not None:
            base_terms = [
                [only_email, F.after_time(F.E_UPDATED, updated_after)],
                [only_email, F.after_time(F.E_REGISTERED, updated_after)],
            ]
        values: list[Any] | None  # addresses or person ids
        if addresses is not None:
            wanted = sorted({a.strip() for a in addresses if isinstance(a, str) and a.strip()})
            column, values, numeric = F.E_ADDRESS, wanted, False
        elif person_ids is not None:
            column, values, numeric = F.E_PERSON_ID, _ids(person_ids), True
        else:
            column, values, numeric = F.E_PERSON_ID, None, True
        seen: set[int] = set()
        for terms in base_terms:
            for raw in self._archive(F.EMAIL_COLUMNS, terms, F.E_ID, page_size, column, values, numeric=numeric):
                if len(base_terms) > 1 and isinstance(raw, dict):  # the two incremental queries overlap
                    row_id = _row_id(raw, F.E_ID)
                    if row_id is not None:
                        if row_id in seen:
                            continue
                        seen.add(row_id)
                row = self._email_row(raw)
                if row is not None:
                    yield row

    def _archive(
        self,
        columns: tuple[str, ...],
        terms: list[str],
        id_column: str,
        page_size: int,
        list_column: str,
        values: list[Any] | None,
        *,
        numeric: bool,
    ) -> Iterator[Any]:
        """Rows from the Dynamic archive, chunking a list filter so the URL stays short, paging by row id."""
        if values is None:
            yield from self._archive_pages(columns, terms, id_column, page_size)
            return
        for chunk in self._chunks(columns, terms, id_column, list_column, values, numeric):
            term = F.in_numbers(list_column, chunk) if numeric else F.in_texts(list_column, chunk)
            yield from self._archive_pages(columns, [*terms, term], id_column, page_size)

    def _archive_query(self, columns: tuple[str, ...], terms: list[str], id_column: str, top: int) -> str:
        return (
            F.PATH_ARCHIVE
            + "?"
            + F.query_string(
                {
                    F.Q_SELECT: ",".join(columns),
                    F.Q_FILTER: F.and_(*terms) or None,
                    F.Q_ORDER_BY: id_column,
                    F.Q_TOP: top,
                }
            )
        )

    def _chunks(
        self,
        columns: tuple[str, ...],
        terms: list[str],
        id_column: str,
        list_column: str,
        values: list[Any],
        numeric: bool,
    ) -> Iterator[list[Any]]:
        """Split `values` so each request URL stays under MAX_URL_LENGTH (with room for a moved host)."""
        if not values:
            return
        skeleton = self._archive_query(
            columns, [*terms, f"{list_column} in ()", F.gt(id_column, 10**15)], id_column, F.MAX_TOP
        )
        budget = F.MAX_URL_LENGTH - len(self.base_url) - len(skeleton) - 100
        chunk: list[Any] = []
        used = 0
        for value in values:
            literal = str(int(value)) if numeric else F.quote_text(value)
            cost = len(F.encode(literal)) + 1
            if chunk and used + cost > budget:
                yield chunk
                chunk, used = [], 0
            chunk.append(value)
            used += cost
        if chunk:
            yield chunk

    def _archive_pages(
        self, columns: tuple[str, ...], terms: list[str], id_column: str, page_size: int
    ) -> Iterator[Any]:
        for rows in prefetched(self._archive_row_lists(columns, terms, id_column, page_size), "lbs-superoffice-page"):
            yield from rows

    def _archive_row_lists(
        self, columns: tuple[str, ...], terms: list[str], id_column: str, page_size: int
    ) -> Generator[list[Any], None, None]:
        """Each page's rows, paging by row id (see the module's doc)."""
        top = max(1, min(int(page_size), F.MAX_TOP))
        last_id: int | None = None
        while True:
            page_terms = terms if last_id is None else [*terms, F.gt(id_column, last_id)]
            body = self._call("GET", self._archive_query(columns, page_terms, id_column, top))
            rows = body.get(F.ARCHIVE_ROWS) if isinstance(body, dict) else None
            if not isinstance(rows, list):
                raise missing_field(SYSTEM, f"GET {F.PATH_ARCHIVE}", F.ARCHIVE_ROWS, "the_rows")
            ids = [i for i in (_row_id(r, id_column) for r in rows if isinstance(r, dict)) if i is not None]
            # A short page is the last one, unless the server says more follow (`odata.nextLink`): its own row cap
            # below `$top` (a NetServer setting, a gateway). Taken as the last, every row after it would be left out
            # without a word, and a withdrawal on one of them never copied (R11). An empty page ends the read: no row
            # comes after the last id asked from.
            more_follow = isinstance(body, dict) and body.get(F.ARCHIVE_NEXT_LINK) is not None
            last_page = not rows or (len(rows) < top and not more_follow)
            if not last_page and any(a > b for a, b in zip(ids, ids[1:])):
                # Not in the id order asked for ($orderBy not applied: a NetServer version, a proxy rewriting the
                # query): the next page starts after this page's highest id, and every lower id not yet sent would be
                # skipped without a word. The last page has nothing after it to skip.
                raise PagingError(f"GET {F.PATH_ARCHIVE}", Message.of("paging_unordered"), system=SYSTEM)
            if last_id is not None and ids and min(ids) <= last_id:
                # Asked for rows after last_id and given some at or before it: the filter is ignored, and reading
                # on could return the same rows for ever (issue 9). Nothing of this page is delivered twice.
                raise PagingError(f"GET {F.PATH_ARCHIVE}", Message.of("paging_ids_again", id=last_id), system=SYSTEM)
            yield rows
            if last_page:
                return
            newest = max(ids, default=None)
            if newest is None or (last_id is not None and newest <= last_id):
                if len(rows) < top:  # a short page said to have more after it, with no id to read on from
                    raise PagingError(f"GET {F.PATH_ARCHIVE}", Message.of("paging_next_no_ids"), system=SYSTEM)
                raise UnexpectedResponseError(Message.of("so_archive_no_ids"), system=SYSTEM)
            last_id = newest

    def sample_page(self, kind: str, top: int = 20) -> Any:
        """One raw page of a bulk read as SuperOffice answers it (`check`, diagnostics): "consent" or "email" rows."""
        if kind == "consent":
            query = self._archive_query(
                F.CONSENT_COLUMNS,
                [F.in_texts(F.C_PURPOSE_KEY, F.SYNCED_PURPOSE_KEYS)],
                F.C_ID,
                max(1, min(int(top), F.MAX_TOP)),
            )
        elif kind == "email":
            query = self._archive_query(
                F.EMAIL_COLUMNS, [F.eq_number(F.E_TYPE, F.E_TYPE_EMAIL)], F.E_ID, max(1, min(int(top), F.MAX_TOP))
            )
        else:
            raise ValueError(f"unknown sample kind {kind!r}")
        return self._call("GET", query)

    def sample_person_consents(self, person_id: int) -> Any:
        """One person's consents, raw (diagnostics)."""
        return self._call("GET", F.PATH_PERSON_CONSENTS.format(person_id=int(person_id)))

    # ------------------------------------------------------------ row mapping

    def _consent_row(self, raw: Any) -> SoConsentRow | None:
        # Runs once per row of a full read (a million rows): a usual row is read the quick way, and only a row with
        # anything unusual in it the careful way, which makes the sentences (each gives the same row: issue 11 pt 4).
        if type(raw) is dict:
            quick = _quick_consent_row(raw)
            if quick is not None:
                return quick
        return self._careful_consent_row(raw)

    def _careful_consent_row(self, raw: Any) -> SoConsentRow | None:
        if not isinstance(raw, dict):
            self._problem(
                "SuperOffice consent row",
                Message.of("a_consent_row", type=type(raw).__name__),
            )
            return None
        row_id = _int(_get(raw, F.C_ID))
        person_id = _int(_get(raw, F.C_PERSON_ID))
        if person_id is None:
            row_name = _row_name(row_id)
            self._notice(F.ENDPOINT_CONSENT_ROWS, F.C_PERSON_ID)
            self._problem(f"SuperOffice {row_name}", Message.of("skip_so_row_no_person", row=_row_said(row_id)))
            return None
        purpose_key = _get(raw, F.C_PURPOSE_KEY)
        purpose = SUPEROFFICE_PURPOSE_KEYS.get(purpose_key) if type(purpose_key) is str else None
        if purpose is None:
            if not isinstance(purpose_key, str) or not purpose_key.strip():
                self._notice(F.ENDPOINT_CONSENT_ROWS, F.C_PURPOSE_KEY)
                self._problem(
                    f"SuperOffice person {person_id}",
                    Message.of("skip_so_row_no_purpose", row=_row_said(row_id), person=person_id),
                )
                return None
            purpose = SUPEROFFICE_PURPOSE_KEYS.get(purpose_key.strip().upper())
            if purpose is None:
                return None  # a purpose we do not sync
        consent, untouched = _read_consent(
            _get(raw, F.C_LEGAL_BASE_KEY),
            _get(raw, F.C_UPDATED),
            _get(raw, F.C_REGISTERED),
            lambda: f"{_row_name(row_id)} of person {person_id} ({purpose_key.strip().upper()})",
            lambda name: self._notice(
                F.ENDPOINT_CONSENT_ROWS,
                {"legal": F.C_LEGAL_BASE_KEY, "updated": F.C_UPDATED, "registered": F.C_REGISTERED}[name],
            ),
        )
        return SoConsentRow(person_id, purpose, consent, row_id, untouched)

    def _email_row(self, raw: Any) -> SoEmailRow | None:
        if type(raw) is dict:
            quick = _quick_email_row(raw)
            if quick is not None:
                return quick
        return self._careful_email_row(raw)

    def _careful_email_row(self, raw: Any) -> SoEmailRow | None:
        if not isinstance(raw, dict):
            self._problem(
                "SuperOffice e-mail row",
                Message.of("an_email_row", type=type(raw).__name__),
            )
            return None
        email_id = _int(_get(raw, F.E_ID))
        person_id = _int(_get(raw, F.E_PERSON_ID))
        kind = _int(_get(raw, F.E_TYPE))
        if kind is None:
            self._notice(F.ENDPOINT_EMAIL_ROWS, F.E_TYPE)  # kept: the filter asked for e-mail rows only
        elif kind != F.E_TYPE_EMAIL:
            return None  # a chat or VoIP address (the filter should already have left it out)
        address = _get(raw, F.E_ADDRESS)
        address = address if isinstance(address, str) else ("" if address is None else str(address))
        who = address.strip() or (
            f"SuperOffice person {person_id}" if person_id is not None else "SuperOffice e-mail row"
        )
        if person_id is None:
            self._notice(F.ENDPOINT_EMAIL_ROWS, F.E_PERSON_ID)
            self._problem(who, Message.of("skip_so_email_no_person", id=_id_or_none(email_id)))
            return None
        if not address.strip():
            self._notice(F.ENDPOINT_EMAIL_ROWS, F.E_ADDRESS)
        rank = _int(_get(raw, F.E_RANK))
        if rank is None:
            self._notice(F.ENDPOINT_EMAIL_ROWS, F.E_RANK)
            self._problem(who, Message.of("skip_so_email_no_rank", person=person_id, id=_id_or_none(email_id)))
            return None
        try:
            registered = F.parse_time(_get(raw, F.E_PERSON_REGISTERED))
        except ValueError as exc:
            self._notice(F.ENDPOINT_EMAIL_ROWS, F.E_PERSON_REGISTERED)
            self._problem(who, Message.of("skip_so_creation_time", person=person_id, error=str(exc)))
            registered = None
        updated = None
        for column in (F.E_UPDATED, F.E_REGISTERED):  # never changed: its creation is its last change
            try:
                updated = F.parse_time(_get(raw, column))
            except ValueError as exc:
                self._notice(F.ENDPOINT_EMAIL_ROWS, column)
                log.warning("SuperOffice e-mail row %s: %s: %s", email_id, column, exc)
            if updated is not None:
                break
        return SoEmailRow(person_id, address, rank, registered, updated)

    # ------------------------------------------------------------ one person

    def get_person_consents(self, person_id: int) -> dict[Purpose, Consent]:
        """The person's current consents for the synced purposes (R14 re-read); NotFoundError for an unknown person."""
        try:
            body = self._call("GET", F.PATH_PERSON_CONSENTS.format(person_id=int(person_id)))
        except NotFoundError:
            raise NotFoundError(Message.of("so_no_person", id=int(person_id)), system=SYSTEM) from None
        if not isinstance(body, list):  # an empty body too: a person without consents is an empty list, not nothing
            raise UnexpectedResponseError(Message.of("so_person_shape", id=person_id), system=SYSTEM)
        result: dict[Purpose, Consent] = {}
        for item in body:
            if not isinstance(item, dict):
                self._problem(
                    f"SuperOffice person {person_id}", Message.of("skip_so_consent_not_object", person=person_id)
                )
                continue
            key = item.get(F.CI_PURPOSE_KEY)
            if not isinstance(key, str) or not key.strip():
                self._notice(F.ENDPOINT_PERSON_CONSENTS, F.CI_PURPOSE_KEY)
                self._problem(
                    f"SuperOffice person {person_id}", Message.of("skip_so_consent_no_purpose", person=person_id)
                )
                continue
            purpose = SUPEROFFICE_PURPOSE_KEYS.get(key.strip().upper())
            if purpose is None:
                continue
            row_id = _int(item.get(F.CI_ID))
            consent = _consent(
                item.get(F.CI_LEGAL_BASE_KEY),
                item.get(F.CI_UPDATED),
                item.get(F.CI_REGISTERED),
                f"consent row {row_id} of person {person_id} ({key.strip().upper()})",
                lambda name: self._notice(
                    F.ENDPOINT_PERSON_CONSENTS,
                    {"legal": F.CI_LEGAL_BASE_KEY, "updated": F.CI_UPDATED, "registered": F.CI_REGISTERED}[name],
                ),
            )
            old = result.get(purpose)
            if old is None or (
                consent.changed_at is not None and (old.changed_at is None or consent.changed_at > old.changed_at)
            ):
                result[purpose] = consent
        return result

    def put_consent(self, person_id: int, purpose: Purpose, basis: LegalBasis, comment: str) -> None:
        """Upsert the person's consent for a purpose with the write source (default API, "Other integration").

        The server stamps Updated. The comment is cut to SuperOffice's 255 characters.
        """
        if basis is None:
            raise ValueError("no legal basis is never written to SuperOffice")
        path = F.PATH_PUT_CONSENT.format(person_id=int(person_id), purpose_key=SUPEROFFICE_KEY_FOR_PURPOSE[purpose])
        query = F.query_string(
            {
                F.P_SOURCE: self.write_source,
                F.P_LEGAL_BASE: SUPEROFFICE_KEY_FOR_BASIS[LegalBasis(basis)],
                F.P_COMMENT: fit_comment(comment),
            }
        )
        try:
            self._call("PUT", f"{path}?{query}")
        except NotFoundError:
            raise NotFoundError(Message.of("so_no_person", id=int(person_id)), system=SYSTEM) from None


# ---------------------------------------------------------------- helpers


_PURPOSE_BY_KEY = SUPEROFFICE_PURPOSE_KEYS
_BASIS_BY_KEY = SUPEROFFICE_LEGAL_BASE_KEYS


def _quick_consent_row(raw: dict[str, Any]) -> SoConsentRow | None:
    """A consent row as _careful_consent_row reads it, when nothing in it is unusual: every column there as sent,
    ids as numbers, the purpose and legal base keys as listed, the times in the usual form and one of them set.
    None for any other row (not "no row": the careful reader then decides)."""
    row_id = raw.get(F.C_ID)
    person_id = raw.get(F.C_PERSON_ID)
    purpose_key = raw.get(F.C_PURPOSE_KEY)
    legal_key = raw.get(F.C_LEGAL_BASE_KEY)
    if type(row_id) is not int or type(person_id) is not int or type(purpose_key) is not str:
        return None
    purpose = _PURPOSE_BY_KEY.get(purpose_key)
    if purpose is None or type(legal_key) is not str:
        return None
    basis = _BASIS_BY_KEY.get(legal_key)
    updated_raw = raw.get(F.C_UPDATED, ODD)
    registered_raw = raw.get(F.C_REGISTERED, ODD)
    updated = F.quick_time(updated_raw)
    registered = F.quick_time(registered_raw)
    if basis is None or updated is ODD or registered is ODD:
        return None
    if updated is not None:
        changed_at, changed_text = updated, quick_utc_text(updated_raw)
    elif registered is not None:
        changed_at, changed_text = registered, quick_utc_text(registered_raw)
    else:
        return None
    untouched = registered is not None and (updated is None or updated == registered)
    return SoConsentRow(person_id, purpose, Consent(basis, changed_at), row_id, untouched, changed_text)


def _quick_email_row(raw: dict[str, Any]) -> SoEmailRow | None:
    """An e-mail row as _careful_email_row reads it, when nothing in it is unusual (see _quick_consent_row)."""
    person_id = raw.get(F.E_PERSON_ID)
    address = raw.get(F.E_ADDRESS)
    rank = raw.get(F.E_RANK)
    kind = raw.get(F.E_TYPE)
    if (
        type(person_id) is not int
        or type(rank) is not int
        or type(kind) is not int
        or kind != F.E_TYPE_EMAIL
        or type(address) is not str
        or not address.strip()
    ):
        return None
    registered_raw = raw.get(F.E_PERSON_REGISTERED, ODD)
    registered = F.quick_time(registered_raw)
    updated = F.quick_time(raw.get(F.E_UPDATED, ODD))
    if updated is None:  # never changed: the row's own creation is its last change (SoEmailRow.updated)
        updated = F.quick_time(raw.get(F.E_REGISTERED))
    if registered is ODD or updated is ODD:
        return None
    text = None if registered is None else quick_utc_text(registered_raw)
    return SoEmailRow(person_id, address, rank, registered, updated, text)


def _get(row: dict[str, Any], column: str) -> Any:
    """A column's value; archive column names are matched case-insensitively if not found as sent."""
    if column in row:
        return row[column]
    folded = column.casefold()
    for key, value in row.items():
        if isinstance(key, str) and key.casefold() == folded:
            return value
    return None


def _row_id(row: dict[str, Any], id_column: str) -> int | None:
    """The row id for paging: the id column, else the archive's PrimaryKey (the same id as text)."""
    found = _int(_get(row, id_column))
    return found if found is not None else _int(row.get(F.ARCHIVE_PRIMARY_KEY))


def _int(value: Any) -> int | None:
    """An id or rank from a number, a digit string or the archive's encoded `[I:123]` form."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[I:") and text.endswith("]"):
            text = text[3:-1]
        try:
            return int(text)
        except ValueError:
            return None
    return None


def _plain_http_elsewhere(url: str) -> bool:
    """Whether `url` is plain http:// to a host other than this machine (http.loopback_host)."""
    parts = urlsplit(url)
    return parts.scheme.lower() == "http" and not loopback_host(parts.hostname or "")


def _ids(values: Iterable[int] | None) -> list[int] | None:
    if values is None:
        return None
    return sorted({int(v) for v in values})


def fit_comment(comment: str | None) -> str:
    """A consent comment within SuperOffice's 255 characters (cut with an ellipsis)."""
    text = " ".join((comment or "").split())
    return text if len(text) <= F.MAX_COMMENT else text[: F.MAX_COMMENT - 1] + "…"


def write_source_missing(key: str, sources: Mapping[str, str]) -> Message:
    """The sentence for a write source the tenant does not list (issue 10 point 3)."""
    offered = ", ".join(f"{k} ({n})" for k, n in sorted(sources.items())) or Message.of("none_listed")
    return Message.of("so_source_missing", key=key, offered=offered)


def _row_said(row_id: int | None) -> Message:
    return Message.of("consent_row", id=row_id) if row_id is not None else Message.of("consent_row_no_id")


def _id_or_none(row_id: int | None) -> int | Message:
    return row_id if row_id is not None else Message.of("no_id")


def _row_name(row_id: int | None) -> str:
    return f"consent row {row_id}" if row_id is not None else "a consent row without id"


def _consent(
    legal_key: Any, updated_raw: Any, registered_raw: Any, where: str, notice: Callable[[str], None] | None = None
) -> Consent:
    """A consent from a row's raw values; anything unreadable goes into `error` (R17), never guessed.

    `notice("legal" | "updated" | "registered")` is told of a missing or mistyped field (once-per-run notices).
    """
    return _read_consent(legal_key, updated_raw, registered_raw, lambda: where, notice)[0]


def _read_consent(
    legal_key: Any,
    updated_raw: Any,
    registered_raw: Any,
    where: Callable[[], str],
    notice: Callable[[str], None] | None = None,
) -> tuple[Consent, bool]:
    """_consent, with R22's flag: the row was never updated after it was registered (updated empty or equal to
    registered; False when either time is unreadable). Each time is parsed once; `where()` names the row in an
    error, and is only called for one."""
    problems: list[str] = []
    dates_ok = True
    try:
        updated = F.parse_time(updated_raw)
    except ValueError as exc:
        problems.append(f"updated time: {exc}")
        updated, dates_ok = None, False
        if notice is not None:
            notice("updated")
    try:
        registered = F.parse_time(registered_raw)
    except ValueError as exc:
        problems.append(f"registered time: {exc}")
        registered, dates_ok = None, False
        if notice is not None:
            notice("registered")
    changed_at = updated or registered
    basis: LegalBasis | None = None
    if legal_key is None or (isinstance(legal_key, str) and not legal_key.strip()):
        if notice is not None:
            notice("legal")
        problems.insert(0, "no legal base key")
    else:
        try:
            basis = superoffice_basis(legal_key)
        except KeyError:
            problems.insert(0, f"unknown legal base key {legal_key!r}")
    if changed_at is None and dates_ok:
        if notice is not None:
            notice("registered")
        problems.append("no change time (neither updated nor registered is set)")
    untouched = dates_ok and registered is not None and (updated is None or updated == registered)
    if problems:
        # vendor values (R19)
        return Consent(basis, changed_at, scrub(f"SuperOffice {where()}: " + "; ".join(problems))), untouched
    return Consent(basis, changed_at), untouched


__all__ = [
    "BasicAuth",
    "BearerAuth",
    "SuperOfficeAuth",
    "SuperOfficeConnector",
    "SuperOfficeLists",
    "TenantState",
    "customer_id_from_url",
    "fit_comment",
    "normalise_base_url",
    "write_source_missing",
]
