"""eMarketeer connector: master data, consent records and contacts, one contact's consents, writes and sends.

All eMarketeer names live in `emarketeer_fields`. Records come out mapped to our vocabulary
(`domain.records`). Bad data inside a valid answer never raises (R17): an unknown legal basis,
a missing or unreadable createdAt is delivered with `Consent(error=...)`; an item too broken
to attribute (not an object, no key) goes to `problems` (see `take_problems()`).

Consent create is not idempotent: a POST that may have reached the server is never resent
(`AmbiguousWriteError`); the caller looks for its token with `latest_record()`.

The consent filter is read by time, not by page number alone: after a full page the next request
asks for records changed since the last one seen (the filter is inclusive and ordered oldest
first), skipping the ones already delivered at that instant. A record superseded during the
read then cannot shift a page and hide another contact's record. Should a page not come in time
order, the reader falls back to plain page numbers; should a full page asked from a later time bring
only earlier or already delivered items (the time filter not honoured), the read stops (PagingError).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple
from urllib.parse import urlsplit

from ..domain.email import address_key
from ..domain.mapping import EMARKETEER_LEGAL_BASIS_NAMES, EMARKETEER_PURPOSE_NAMES
from ..domain.messages import Message
from ..domain.model import PURPOSES, Consent, LegalBasis, Purpose, System
from ..domain.records import EmConsentRecord, EmContactRow
from ..urls import UrlProblem, check_http_url
from . import emarketeer_fields as F
from .base import ODD, ConnectorBase, prefetched, quick_utc_text
from .errors import (
    AmbiguousWriteError,
    AuthenticationError,
    ConfigurationError,
    ConnectorError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    PagingError,
    UnexpectedResponseError,
    missing_field,
)
from .http import ApiClient, CancelToken, RequestLimits

log = logging.getLogger(__name__)

SYSTEM = System.EMARKETEER


@dataclass(frozen=True, slots=True)
class EmarketeerMasterData:
    """The account's purposes, legal bases and sources (id -> name), and our mapping of them by name."""

    purposes: Mapping[int, str]
    legal_bases: Mapping[int, str]
    sources: Mapping[int, str]
    purpose_by_id: Mapping[int, Purpose]
    purpose_ids: Mapping[Purpose, int]
    basis_by_id: Mapping[int, LegalBasis]
    basis_ids: Mapping[LegalBasis, int]
    write_source_id: int
    write_source_name: str = "Other integration"


class SendResult(NamedTuple):
    accepted: list[str]
    rejected: list[tuple[str, str]]  # (email, reason)


class ContactListRow(NamedTuple):
    """An eMarketeer contact list (ASSUMED shape, see emarketeer_fields.PATH_LISTS)."""

    list_id: int
    name: str
    size: int | None


def normalise_base_url(url: object, what: str = "em_address") -> str:
    """Validate an eMarketeer base URL; return it without a trailing slash or a module path. `what` is the kind of
    the address's name ("em_address" or "em_consent_address"; "the_" + it starts a sentence)."""
    example = Message.of("for_example", example=F.DEFAULT_BASE_URL)
    the = Message.of("the_" + what)
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(Message.of("url_missing", what=Message.of(what), example=example), system=SYSTEM)
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
    lowered = path.lower()
    for prefix in F.MODULE_PREFIXES:
        at = lowered.find(prefix)
        if at >= 0 and lowered[at + len(prefix) :] in ("", "/v1"):
            path = path[:at]
            break
    return f"{parts.scheme.lower()}://{parts.netloc}{path}"


class EmarketeerConnector(ConnectorBase):
    """Reads and writes eMarketeer consents. Thread-safe.

    Contacts and messages live under `base_url`; consents under `consent_base_url`, which defaults
    to eMarketeer's API gateway when `base_url` is eMarketeer's own, and to `base_url` otherwise
    (a proxy, a sandbox or the simulator serving all three modules under one root).
    """

    system = SYSTEM

    def __init__(
        self,
        base_url: str = F.DEFAULT_BASE_URL,
        api_key: str = "",
        limits: RequestLimits | None = None,
        consent_base_url: str | None = None,
        *,
        cancel: CancelToken | None = None,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
        write_source: str = F.WRITE_SOURCE_NAME,
    ) -> None:
        if not isinstance(api_key, str) or not api_key.strip():
            raise ConfigurationError(Message.of("em_no_key"), system=SYSTEM)
        super().__init__()
        self.base_url = normalise_base_url(base_url)
        if consent_base_url:
            self.consent_base_url = normalise_base_url(consent_base_url, "em_consent_address")
        elif self.base_url == F.DEFAULT_BASE_URL:
            self.consent_base_url = F.DEFAULT_CONSENT_BASE_URL
        else:
            self.consent_base_url = self.base_url
        key = api_key.strip()
        self.write_source = " ".join((write_source or F.WRITE_SOURCE_NAME).split())
        self.client = ApiClient(
            SYSTEM,
            limits=limits or RequestLimits(),
            auth_headers={F.API_KEY_HEADER: key},
            secrets=(key,),
            vendor_message=F.vendor_message,
            sleep=sleep,
            random=random,
            clock=clock,
            cancel=cancel,
            explain=self._explain,
        )
        self.master_data: EmarketeerMasterData | None = None
        self._master_cached = False
        self.last_samples: dict[str, Any] = {}  # raw answers of the master-data reads (check, diagnostics)
        # How far eMarketeer's record stamps lie behind its Date at most: the largest Date less createdAt of a record
        # this connector created (R14's re-read, see create_consent); None until one was answered.
        self.stamp_lag: timedelta | None = None
        self._stamp_lag_lock = threading.Lock()

    # ------------------------------------------------------------ plumbing

    def __repr__(self) -> str:
        return f"EmarketeerConnector(base_url={self.base_url!r}, consent_base_url={self.consent_base_url!r})"

    def _explain(self, status: int, body: Any, url: str) -> ConnectorError | None:
        """eMarketeer's API gateway and its own error bodies (api notes, checked facts).

        403 `{"message": "Forbidden"}`: a wrong or missing key. 403 "Missing Authentication Token": no
        such endpoint at this address. `developerMessage` goes to the log only; people see `userMessage`.
        """
        developer = F.developer_message(body)
        if developer:
            log.warning(
                "eMarketeer HTTP %s from %s: developerMessage: %s",
                status,
                urlsplit(url).path,
                self.client.scrub(" ".join(developer.split()))[:500],
            )
        if status == 404 and not F.is_error_body(body):
            # Not eMarketeer saying "no such contact" (its 404s carry its JSON error object): a proxy's HTML page, a
            # route missing in front of it. Taken as an unknown contact, a recipient would count as unmatched (R11)
            # and a withdrawal go unchecked before a send (R4): the service is at fault, not the contact.
            return ConnectorError(Message.of("http_404", system=SYSTEM), system=SYSTEM, status=404)
        if status not in (401, 403):
            return None
        said = F.vendor_message(body)
        said_folded = " ".join(said.split()).casefold() if said else ""
        if status == 403 and said_folded == F.GATEWAY_NO_ROUTE:
            return ConfigurationError(
                Message.of("em_no_route", path=urlsplit(url).path, host=urlsplit(url).netloc),
                system=SYSTEM,
                status=403,
            )
        if status == 401 or said_folded in ("", F.GATEWAY_FORBIDDEN) or body is None:
            return AuthenticationError(
                Message.of("em_key_refused", status=status),
                system=SYSTEM,
                status=status,
            )
        return ForbiddenError(
            Message.of("em_403_vendor", vendor=self.client.quote(said or "", 200)),
            system=SYSTEM,
            status=403,
        )

    def _consent_url(self, path: str) -> str:
        return self.consent_base_url + path

    def _url(self, path: str) -> str:
        return self.base_url + path

    # ------------------------------------------------------------ master data

    def load_master_data(self) -> EmarketeerMasterData:
        """Purposes, legal bases and sources, mapped by name (case-insensitive); ConfigurationError when one we need is missing.

        Starts a run's once-per-run field notices.
        """
        self.reset_notices()
        purposes, bases, sources = self.read_master_data()
        self._master_cached = False
        return self._set_master_data(purposes, bases, sources)

    def use_master_data(
        self, purposes: Mapping[int, str], legal_bases: Mapping[int, str], sources: Mapping[int, str]
    ) -> EmarketeerMasterData:
        """Master data kept from an earlier load (issue 11: not read again every run), without a request. A record
        naming an id it does not know makes the connector load the master data afresh once (see _fresh_master)."""
        self._master_cached = True
        return self._set_master_data(dict(purposes), dict(legal_bases), dict(sources))

    @property
    def master_data_cached(self) -> bool:
        """True while the master data in use came from use_master_data (not read from eMarketeer by this connector)."""
        return self._master_cached

    def _set_master_data(
        self, purposes: dict[int, str], bases: dict[int, str], sources: dict[int, str]
    ) -> EmarketeerMasterData:
        purpose_ids = _ids_by_name(purposes, EMARKETEER_PURPOSE_NAMES)
        basis_ids = _ids_by_name(bases, EMARKETEER_LEGAL_BASIS_NAMES)
        wanted = self.write_source.casefold()
        source_id = next((i for i, n in sources.items() if " ".join(n.split()).casefold() == wanted), None)
        missing = [Message.of("em_lacks_purpose", name=p.label) for p in PURPOSES if p not in purpose_ids]
        missing += [Message.of("em_lacks_basis", name=b.label) for b in F.REQUIRED_LEGAL_BASES if b not in basis_ids]
        if missing:
            raise ConfigurationError(Message.of("em_lacks", missing=commas(missing)), system=SYSTEM)
        if source_id is None:
            raise ConfigurationError(write_source_missing(self.write_source, sources), system=SYSTEM)
        self.master_data = EmarketeerMasterData(
            purposes=MappingProxyType(purposes),
            legal_bases=MappingProxyType(bases),
            sources=MappingProxyType(sources),
            purpose_by_id=MappingProxyType({i: p for p, i in purpose_ids.items()}),
            purpose_ids=MappingProxyType(purpose_ids),
            basis_by_id=MappingProxyType({i: b for b, i in basis_ids.items()}),
            basis_ids=MappingProxyType(basis_ids),
            write_source_id=source_id,
            write_source_name=sources[source_id],
        )
        return self.master_data

    def _fresh_master(self, md: EmarketeerMasterData, raw: dict[str, Any]) -> EmarketeerMasterData:
        """md, or the master data loaded afresh when md came from a cache and this record names an id it lacks."""
        md = self.master_data or md  # reloaded by an earlier record of the same loop
        if not self._master_cached:
            return md
        purpose_id, basis_id = _int(raw.get(F.R_PURPOSE_ID)), _int(raw.get(F.R_LEGAL_BASIS_ID))
        if (purpose_id is None or purpose_id in md.purposes) and (basis_id is None or basis_id in md.legal_bases):
            return md
        log.info("eMarketeer named a purpose or legal basis id the cached master data lacks; reading it again")
        return self.load_master_data()

    def read_master_data(self) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
        """Purposes, legal bases and sources (id -> name) as the account has them, unchecked (`check` checks)."""
        return (
            self._master_list(F.PATH_PURPOSES, "purposes_items"),
            self._master_list(F.PATH_LEGAL_BASES, "legal_bases_items"),
            self._master_list(F.PATH_SOURCES, "sources_items"),
        )

    def sample_page(self, kind: str, size: int = 20) -> Any:
        """One raw first page of a bulk read (`check`, diagnostics): "consents", "contacts" or "lists"."""
        url = {
            "consents": self._consent_url(F.PATH_CONSENTS_FILTER),
            "contacts": self._url(F.PATH_CONTACTS),
            "lists": self._url(F.PATH_LISTS),
        }.get(kind)
        if url is None:
            raise ValueError(f"unknown sample kind {kind!r}")
        return self.client.get(url, params={F.Q_PAGE: F.FIRST_PAGE, F.Q_PAGE_SIZE: _page_size(size)})

    def sample(self, kind: str, value: Any) -> Any:
        """One raw answer about one contact or list (diagnostics): "consents", "history", "contact" or "list"."""
        if kind == "consents":
            return self.client.get(self._consent_url(F.PATH_CONSENTS), params={F.Q_KEY: value})
        if kind == "history":
            return self.client.get(self._consent_url(F.PATH_CONSENTS_HISTORY), params={F.Q_KEY: value})
        if kind == "contact":
            return self.client.get(self._url(F.PATH_CONTACTS), params={F.Q_EMAIL: value})
        if kind == "list":
            return self.client.get(
                self._url(F.PATH_LIST_CONTACTS.format(list_id=int(value))),
                params={F.Q_PAGE: F.FIRST_PAGE, F.Q_PAGE_SIZE: 20},
            )
        raise ValueError(f"unknown sample kind {kind!r}")

    def _master(self) -> EmarketeerMasterData:
        return self.master_data if self.master_data is not None else self.load_master_data()

    def _master_list(self, path: str, what: str) -> dict[int, str]:
        body = self.client.get(self._consent_url(path))
        self.last_samples[path] = body
        if isinstance(body, dict) and isinstance(body.get(F.PAGE_ITEMS), list):
            body = body[F.PAGE_ITEMS]
        if not isinstance(body, list):
            raise UnexpectedResponseError(
                Message.of("shape_not_list", system=SYSTEM, endpoint=f"GET {path}", items=Message.of(what)),
                system=SYSTEM,
            )
        items: dict[int, str] = {}
        for item in body:
            if not isinstance(item, dict):
                self._notice(f"GET {path}", "(an item)", "not an object")
                continue
            item_id, name = _int(item.get(F.MD_ID)), item.get(F.MD_NAME)
            if item_id is None:
                self._notice(f"GET {path}", F.MD_ID)
            elif not isinstance(name, str) or not name.strip():
                self._notice(f"GET {path}", F.MD_NAME)
            else:
                items[item_id] = name.strip()
        return items

    # ------------------------------------------------------------ bulk reads

    def iter_consents(
        self,
        *,
        changed_since: datetime | None = None,
        page_size: int = F.MAX_PAGE_SIZE,
        unless_described: str | None = None,
    ) -> Iterator[EmConsentRecord]:
        """Current consent records of the synced purposes changed at or after `changed_since` (eMarketeer's clock).
        Records whose description holds `unless_described` are passed over without being read (R14's re-read skips
        the run's own writes: at a full run's pace, most of what it gets)."""
        self._master()
        since = F.format_time(changed_since) if changed_since is not None else None
        for raw in self._time_pages(
            self._consent_url(F.PATH_CONSENTS_FILTER), F.Q_CHANGED_SINCE, since, F.R_CREATED_AT, page_size
        ):
            if unless_described is not None and type(raw) is dict:
                description = raw.get(F.R_DESCRIPTION)
                if type(description) is str and unless_described in description:
                    continue
            record = self._record(raw, self._master())
            if record is not None:
                yield record

    def iter_contacts(
        self, *, modified_since: datetime | None = None, page_size: int = F.MAX_PAGE_SIZE
    ) -> Iterator[EmContactRow]:
        """Contacts modified at or after `modified_since` (all when None), page by page.

        A changes read (R21) is continued from the last contact's time, as the consent records are (see the module
        doc): by page number, a contact modified during the read moved to the end of the order, the pages after it
        shifted back by one, and the contact that slid onto a page already read was never delivered. The whole list
        is read so too after its first page, when the counts show that the time filter leaves out no contact the first
        page did not hold (see _whole_contact_list)."""
        url = self._url(F.PATH_CONTACTS)
        if modified_since is not None:
            raws = self._time_pages(url, F.Q_MODIFIED_SINCE, F.format_time(modified_since), F.CT_MODIFIED, page_size)
        else:
            raws = chain.from_iterable(prefetched(self._whole_contact_list(url, page_size), "lbs-emarketeer-page"))
        for raw in raws:
            row = self._contact(raw)
            if row is not None:
                yield row

    def _page(
        self, url: str, params: dict[str, Any], guard: "_PageGuard | None" = None
    ) -> tuple[list[Any], int | None]:
        body = self.client.get(url, params=params)
        items = body.get(F.PAGE_ITEMS) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise missing_field(SYSTEM, f"GET {urlsplit(url).path}", F.PAGE_ITEMS, "the_items")
        if guard is not None:
            guard.check(body, params.get(F.Q_PAGE), items)
        served = _int(body.get(F.PAGE_SIZE_FIELD))
        return items, served

    def _numbered_pages(self, url: str, params: dict[str, Any], page_size: int) -> Iterator[Any]:
        for items in prefetched(self._numbered_item_lists(url, params, page_size), "lbs-emarketeer-page"):
            yield from items

    def _numbered_item_lists(
        self,
        url: str,
        params: dict[str, Any],
        page_size: int,
        page: int = F.FIRST_PAGE,
        guard: "_PageGuard | None" = None,
    ) -> Generator[list[Any], None, None]:
        size = _page_size(page_size)
        guard = guard or _PageGuard(url)
        while True:
            items, served = self._page(url, {**params, F.Q_PAGE: page, F.Q_PAGE_SIZE: size}, guard)
            yield items
            if guard.ended(items, _effective(size, served)):
                return
            page += 1

    def _whole_contact_list(self, url: str, page_size: int) -> Generator[list[Any], None, None]:
        """Every contact: the first page by number, the rest continued from its last contact's time as a changes read
        is (iter_contacts), so that a contact modified during the read hides no other.

        Whether a contact never modified has a `modified` the filter matches is unverified (api notes), and so is the
        list's order: the time filter is trusted only when two small requests show that the contacts it leaves out
        (the list's `total` less the filter's) are no more than the first page's contacts before its last time, and
        that the list's `total` has not changed since the first page (_filter_misses_none). Otherwise, or without
        those totals, the list is read by page number to its end, as before."""
        size = _page_size(page_size)
        guard = _PageGuard(url)
        items, served = self._page(url, {F.Q_PAGE: F.FIRST_PAGE, F.Q_PAGE_SIZE: size}, guard)
        yield items
        if guard.ended(items, _effective(size, served)):
            return
        times = [_time_of(item, F.CT_MODIFIED) for item in items]
        last = _last_in_order(times)
        if last is not None and self._filter_misses_none(
            url, items[-1][F.CT_MODIFIED], last, guard.total, sum(1 for t in times if t is not None and t < last)
        ):
            at_last = [item for item, t in zip(items, times) if t == last]  # the filter's first page repeats them
            for more in self._time_item_lists(
                url, F.Q_MODIFIED_SINCE, items[-1][F.CT_MODIFIED], F.CT_MODIFIED, page_size, since_at=last
            ):
                if at_last:
                    more, at_last = [item for item in more if item not in at_last], []
                if more:
                    yield more
            return
        log.info("eMarketeer's contact list is read by page number (its modified-since filter is not known to hold it)")
        yield from self._numbered_item_lists(url, {}, page_size, F.FIRST_PAGE + 1, guard)

    def _filter_misses_none(self, url: str, since: str, since_at: datetime, total: int | None, before: int) -> bool:
        """Whether the contacts `modifiedSince=since` leaves out are at most `before` (the first page's contacts
        before `since`), counted by the filter's `total` and then the list's again (one item asked for each). A
        filter whose first item is from before `since` (`since_at`) is not honoured: its count says nothing.

        The list's `total` must be the first page's still: a contact created (or deleted) meanwhile changes it, and a
        creation adds to the filter's count too, which would hide one the filter leaves out (one without a
        `modified`, or an order other than by `modified`). What counts cannot see: a first-page contact modified
        between the first page and the filter's count enters the filter and leaves the list's `total` as it was, so
        it cancels one contact the filter leaves out (so do a creation and a deletion in that instant, which cancel in
        the list's `total`); that contact is then missing from this read. Any doubt reads by page number."""
        if total is None:
            return False
        try:
            body = self.client.get(url, params={F.Q_MODIFIED_SINCE: since, F.Q_PAGE: F.FIRST_PAGE, F.Q_PAGE_SIZE: 1})
            again = self.client.get(url, params={F.Q_PAGE: F.FIRST_PAGE, F.Q_PAGE_SIZE: 1})
        except InvalidRequestError:
            return False
        filtered = _int(body.get(F.PAGE_TOTAL_FIELD)) if isinstance(body, dict) else None
        now = _int(again.get(F.PAGE_TOTAL_FIELD)) if isinstance(again, dict) else None
        first = body.get(F.PAGE_ITEMS) if isinstance(body, dict) else None
        first_at = _time_of(first[0], F.CT_MODIFIED) if isinstance(first, list) and first else None
        if first_at is not None and first_at < since_at:
            return False
        return filtered is not None and now == total and total - filtered <= before

    def _time_pages(
        self, url: str, since_param: str, since: str | None, time_field: str, page_size: int
    ) -> Iterator[Any]:
        """Pages of an inclusive, oldest-first time filter, continued from the last time seen (see module doc)."""
        for items in prefetched(
            self._time_item_lists(url, since_param, since, time_field, page_size), "lbs-emarketeer-page"
        ):
            yield from items

    def _time_item_lists(
        self,
        url: str,
        since_param: str,
        since: str | None,
        time_field: str,
        page_size: int,
        since_at: datetime | None = None,
    ) -> Generator[list[Any], None, None]:
        """Each page's items not delivered before (_time_pages). `since_at` is `since`'s time when `since` continues a
        read already under way (_whole_contact_list)."""
        size = _page_size(page_size)
        page = F.FIRST_PAGE
        # Items delivered that a later request may return again (time at or after `since`, or no readable time).
        delivered = _Delivered()
        guard = _PageGuard(url)
        # Whole pages at one instant are paged by number (`since` stays): an item of that instant superseded meanwhile
        # leaves the filter and shifts the later pages back by one, and the item that slid onto a page already read
        # would never come. Before the read moves past such an instant (or ends), it reads that instant once more
        # from its first page, passing over what it delivered: what slid back comes then. Once per instant, so a read
        # always ends; only after more than a page of items at one instant (a bulk import), never otherwise.
        numbered_at: str | None = None  # the `since` paged by number, not yet read again
        read_again: set[str] = set()
        while True:
            params: dict[str, Any] = {F.Q_PAGE: page, F.Q_PAGE_SIZE: size}
            if since is not None:
                params[since_param] = since
            restarted = page == F.FIRST_PAGE
            if restarted:
                guard.restart()  # a new filter: its own total, and its first page may repeat the last one's items
            items, served = self._page(url, params, guard)
            fresh = []
            older = 0  # items from before the time this read went on from: an inclusive filter never returns them
            times_read: list[datetime | None] = []  # each item's time, read once (issue 11 pt 4)
            for item in items:
                item_time = _time_of(item, time_field)
                times_read.append(item_time)
                if since_at is not None and item_time is not None and item_time < since_at:
                    older += 1  # delivered before the read went on from `since` (oldest first), and forgotten since
                elif delivered.add(item, item_time):
                    fresh.append(item)
            new = len(fresh)
            ended = guard.ended(items, _effective(size, served))
            if older and not new and not ended:
                # A full page of items from before `since` and ones already delivered: the server does not honour the
                # time filter (its parameter name is assumed, api notes) and hands out its first pages again; going on
                # would read them for ever, delivering the forgotten ones again each time (issue 9).
                raise PagingError(
                    f"GET {urlsplit(url).path}",
                    Message.of("paging_time_filter", when=since_at, param=since_param),
                    system=SYSTEM,
                )
            if fresh:
                yield fresh
            last = None if ended else _last_in_order(times_read)
            at_one_instant = since is not None and last is not None and _same_time(since, last)
            leaving = ended or (last is not None and not at_one_instant)
            if leaving and since is not None and numbered_at == since:
                numbered_at = None
                read_again.add(since)
                page = F.FIRST_PAGE  # that instant once more, from its first page (see above)
                continue
            if ended:
                return
            if not new and not restarted and since not in read_again:
                # A further full page of nothing new: it would be asked for again and again.
                raise PagingError(f"GET {urlsplit(url).path}", Message.of("paging_only_old"), system=SYSTEM)
            if last is None:  # not in time order (or unreadable): plain page numbers from here
                page += 1
                continue
            if at_one_instant:
                page += 1  # a whole page at one instant: move on by page number
                if since not in read_again:
                    numbered_at = since
            else:
                since, since_at, page = items[-1][time_field], last, F.FIRST_PAGE
                delivered.keep_from(last)

    # ------------------------------------------------------------ row mapping

    def _record(self, raw: Any, md: EmarketeerMasterData) -> EmConsentRecord | None:
        # Runs once per record of a full read: a usual record is read the quick way, and only one with anything
        # unusual in it the careful way, which makes the sentences (each gives the same record: issue 11 pt 4).
        if type(raw) is dict:
            quick = _quick_record(raw, self.master_data or md)
            if quick is not None:
                return quick
        return self._careful_record(raw, md)

    def _careful_record(self, raw: Any, md: EmarketeerMasterData) -> EmConsentRecord | None:
        if not isinstance(raw, dict):
            self._problem(
                "eMarketeer consent record",
                Message.of("an_em_consent_record", type=type(raw).__name__),
            )
            return None
        key = raw.get(F.R_KEY)
        if not isinstance(key, str) or not key.strip():
            self._notice(_ENDPOINT_CONSENTS, F.R_KEY)
            self._problem("eMarketeer consent record", Message.of("skip_em_record_no_key"))
            return None
        md = self._fresh_master(md, raw)
        purpose_raw = raw.get(F.R_PURPOSE_ID)
        purpose_id = _int(purpose_raw)
        purpose = md.purpose_by_id.get(purpose_id) if purpose_id is not None else None
        if purpose is None:
            if purpose_id is not None and purpose_id in md.purposes:
                return None  # a purpose we do not sync (e.g. Profiling)
            if purpose_id is None:
                self._notice(_ENDPOINT_CONSENTS, F.R_PURPOSE_ID)
            self._problem(key, Message.of("skip_em_unknown_purpose", email=key, purpose=repr(purpose_raw)))
            return None
        consent = self._consent(raw, md, lambda: f"consent record for {key} ({purpose.label})")
        description = raw.get(F.R_DESCRIPTION)
        return EmConsentRecord(key, purpose, consent, description if isinstance(description, str) else "")

    def _consent(self, raw: dict[str, Any], md: EmarketeerMasterData, where: Callable[[], str]) -> Consent:
        """A record's value; anything unreadable goes into `error` (R17). `where()` names the record in an error
        (made only then: this runs once per record of a full read)."""
        problems: list[str] = []
        basis: LegalBasis | None = None
        basis_raw = raw.get(F.R_LEGAL_BASIS_ID)
        basis_id = _int(basis_raw)
        if basis_raw is None or basis_id is None:
            self._notice(_ENDPOINT_CONSENTS, F.R_LEGAL_BASIS_ID)
        if basis_raw is None:
            problems.append("no legal basis")
        elif basis_id is None or basis_id not in md.legal_bases:
            problems.append(f"legal basis id {basis_raw!r} is not in the account's master data")
        elif basis_id not in md.basis_by_id:
            problems.append(f"unknown eMarketeer legal basis {md.legal_bases[basis_id]!r}")
        else:
            basis = md.basis_by_id[basis_id]
        changed_at = None
        try:
            changed_at = F.parse_time(raw.get(F.R_CREATED_AT))
            if changed_at is None:
                self._notice(_ENDPOINT_CONSENTS, F.R_CREATED_AT)
                problems.append("no change time (createdAt is missing)")
        except ValueError as exc:
            self._notice(_ENDPOINT_CONSENTS, F.R_CREATED_AT)
            problems.append(f"change time: {exc}")
        if problems:
            return Consent(basis, changed_at, self.client.scrub(f"eMarketeer {where()}: " + "; ".join(problems)))
        return Consent(basis, changed_at)

    def _contact(self, raw: Any) -> EmContactRow | None:
        if type(raw) is dict:
            quick = _quick_contact(raw)
            if quick is not None:
                return quick
        return self._careful_contact(raw)

    def _careful_contact(self, raw: Any) -> EmContactRow | None:
        if not isinstance(raw, dict):
            self._problem(
                "eMarketeer contact",
                Message.of("an_em_contact", type=type(raw).__name__),
            )
            return None
        contact_id = _int(raw.get(F.CT_ID))
        email = raw.get(F.CT_EMAIL)
        if not isinstance(email, str) or not email.strip():
            self._notice(f"GET {F.PATH_CONTACTS}", F.CT_EMAIL)
            self._problem(
                f"eMarketeer contact {contact_id}" if contact_id is not None else "eMarketeer contact",
                Message.of(
                    "skip_em_contact_no_email", id=contact_id if contact_id is not None else Message.of("no_id")
                ),
            )
            return None
        try:
            modified = F.parse_time(raw.get(F.CT_MODIFIED))
        except ValueError as exc:
            self._notice(f"GET {F.PATH_CONTACTS}", F.CT_MODIFIED)
            log.warning("eMarketeer contact %s: modified time: %s", contact_id, exc)
            modified = None
        return EmContactRow(contact_id, email, modified)

    # ------------------------------------------------------------ one contact

    def get_consents(self, email: str) -> dict[Purpose, Consent]:
        """The contact's current consent per synced purpose; NotFoundError when eMarketeer does not know the key."""
        md = self._master()
        try:
            body = self.client.get(self._consent_url(F.PATH_CONSENTS), params={F.Q_KEY: email})
        except NotFoundError:
            raise NotFoundError(Message.of("em_no_contact", email=email), system=SYSTEM) from None
        records = body.get(F.CURRENT_LIST) if isinstance(body, dict) else None
        if not isinstance(records, list):
            raise missing_field(SYSTEM, f"GET {F.PATH_CONSENTS}", F.CURRENT_LIST, "the_consents")
        wanted = address_key(email)
        answered = body.get(F.R_KEY)
        if isinstance(answered, str) and answered.strip() and address_key(answered) != wanted:
            # Matched another mailbox (maße@ for masse@: SPEC "Words" never case-folds): not this contact.
            raise NotFoundError(Message.of("em_no_contact", email=email), system=SYSTEM)
        result: dict[Purpose, Consent] = {}
        for raw in records:
            record = self._record(raw, md)
            if record is None or address_key(record.key) != wanted:
                continue
            old = result.get(record.purpose)
            new = record.consent
            if old is None or (
                new.changed_at is not None and (old.changed_at is None or new.changed_at > old.changed_at)
            ):
                result[record.purpose] = new
        return result

    def get_contact(self, email: str) -> EmContactRow | None:
        """The contact with this address, or None."""
        try:
            items, _ = self._page(self._url(F.PATH_CONTACTS), {F.Q_EMAIL: email})
        except NotFoundError:
            return None
        wanted = address_key(email)
        rows = [r for r in (self._contact(i) for i in items) if r is not None]
        for row in rows:
            if address_key(row.email) == wanted:
                return row
        return None

    def latest_record(self, email: str, purpose: Purpose, containing: str | None = None) -> tuple[Consent, str] | None:
        """The newest history record for this key and purpose, with its description; None when there is none.
        With `containing`, the newest whose description contains that text (a write's token: newer records
        by others may have followed it)."""
        md = self._master()
        try:
            body = self.client.get(self._consent_url(F.PATH_CONSENTS_HISTORY), params={F.Q_KEY: email})
        except NotFoundError:
            return None
        items = body.get(F.PAGE_ITEMS) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise missing_field(SYSTEM, f"GET {F.PATH_CONSENTS_HISTORY}", F.PAGE_ITEMS, "the_records")
        best: EmConsentRecord | None = None
        for raw in items:  # newest first, but pick by createdAt in case the order is not kept
            record = self._record(raw, md)
            if record is None or record.purpose is not purpose:
                continue
            if containing is not None and containing not in (record.description or ""):
                continue
            if best is None or (
                record.consent.changed_at is not None
                and (best.consent.changed_at is None or record.consent.changed_at > best.consent.changed_at)
            ):
                best = record
        return None if best is None else (best.consent, best.description)

    # ------------------------------------------------------------ writes

    def create_consent(self, email: str, purpose: Purpose, basis: LegalBasis, description: str) -> Consent:
        """Create a consent record with source "Other integration"; returns its value and createdAt.

        Never resent once it may have reached the server: AmbiguousWriteError, see `latest_record()`.
        """
        if basis is None:
            raise ValueError("no legal basis is never written to eMarketeer")
        md = self._master()
        basis = LegalBasis(basis)
        basis_id = md.basis_ids.get(basis)
        if basis_id is None:
            raise InvalidRequestError(
                Message.of("em_no_basis", name=basis.label),
                system=SYSTEM,
                status=None,
            )
        body = {
            F.R_KEY: email,
            F.R_PURPOSE_ID: md.purpose_ids[purpose],
            F.R_LEGAL_BASIS_ID: basis_id,
            F.R_SOURCE_ID: md.write_source_id,
            F.R_DESCRIPTION: description or "",
        }
        try:
            self.server_clock.take_here()  # forget an earlier answer's Date: only this one's counts
            created = self.client.post(self._consent_url(F.PATH_CONSENTS), body, idempotent=False)
        except NotFoundError:
            raise NotFoundError(Message.of("em_no_contact", email=email), system=SYSTEM) from None
        try:
            created_at = F.parse_time(created.get(F.R_CREATED_AT)) if isinstance(created, dict) else None
        except ValueError:
            created_at = None
        if created_at is None:
            raise AmbiguousWriteError(Message.of("em_no_saved_time"), system=SYSTEM)
        # This answer's own Date: how far the new record's stamp lies behind eMarketeer's Date, at most (R14's re-read,
        # engine._reread_emarketeer). An answer without one measures nothing: the newest Date seen may be older than
        # this write, and an unmeasured lag keeps the re-reads at the whole overlap.
        date = self.server_clock.take_here()
        if date is not None:
            with self._stamp_lag_lock:
                if self.stamp_lag is None or date - created_at > self.stamp_lag:
                    self.stamp_lag = date - created_at
        return Consent(basis, created_at)

    # ------------------------------------------------------------ contact lists (paths DOC, fields ASSUMED)

    def iter_lists(self, page_size: int = F.MAX_PAGE_SIZE) -> Iterator[ContactListRow]:
        """The account's contact lists (`GET /contacts-api/v1/lists/`); items without a readable id are skipped."""
        for raw in self._numbered_pages(self._url(F.PATH_LISTS), {}, page_size):
            if not isinstance(raw, dict):
                self._notice(f"GET {F.PATH_LISTS}", "(an item)", "not an object")
                continue
            list_id = _int(raw.get(F.LIST_ID))
            if list_id is None:
                self._notice(f"GET {F.PATH_LISTS}", F.LIST_ID)
                continue
            name = raw.get(F.LIST_NAME)
            yield ContactListRow(
                list_id,
                name.strip() if isinstance(name, str) and name.strip() else f"List {list_id}",
                _int(raw.get(F.LIST_SIZE)),
            )

    def iter_list_contacts(self, list_id: int, page_size: int = F.MAX_PAGE_SIZE) -> Iterator[EmContactRow]:
        """The contacts on one list; NotFoundError (one sentence) for an unknown list."""
        url = self._url(F.PATH_LIST_CONTACTS.format(list_id=int(list_id)))
        try:
            for raw in self._numbered_pages(url, {}, page_size):
                row = self._contact(raw)
                if row is not None:
                    yield row
        except NotFoundError:
            raise NotFoundError(Message.of("em_no_list", id=list_id), system=SYSTEM) from None

    def send(self, channel: str, component_id: int, recipients: list[str]) -> SendResult:
        """Send an e-mail or SMS component to recipients; never resent blindly (a second send reaches people twice)."""
        if channel not in F.CHANNELS:
            raise ValueError(f"channel must be one of {F.CHANNELS}")
        body = self.client.post(
            self._url(F.PATH_SEND.format(channel=channel)),
            {F.SEND_COMPONENT_ID: component_id, F.SEND_RECIPIENTS: list(recipients)},
            idempotent=False,
        )
        if not isinstance(body, dict):
            raise UnexpectedResponseError(Message.of("em_send_unreadable"), system=SYSTEM)
        accepted = [a for a in body.get(F.SEND_ACCEPTED) or [] if isinstance(a, str)]
        rejected: list[tuple[str, str]] = []
        for item in body.get(F.SEND_REJECTED) or []:
            if isinstance(item, dict) and isinstance(item.get(F.SEND_REJECTED_EMAIL), str):
                reason = item.get(F.SEND_REJECTED_REASON)
                rejected.append(
                    (item[F.SEND_REJECTED_EMAIL], self.client.scrub(reason) if isinstance(reason, str) else "rejected")
                )
        return SendResult(accepted, rejected)


# ---------------------------------------------------------------- helpers


class _PageGuard:
    """Stops a numbered paged read whose server ignores the paging (issue 9: no run may hang on it): a page
    other than the one asked for, the same page again, or more items than the `total` it gave; and says whether
    the items so far fall short of that `total` (`more`)."""

    def __init__(self, url: str) -> None:
        self.endpoint = f"GET {urlsplit(url).path}"
        self._previous: list[Any] | None = None
        self._count = 0
        self._total: int | None = None
        self._seen: dict[tuple[Any, ...], Any] = {}  # a page's signature (see check) -> the page it came as

    def restart(self) -> None:
        self._count, self._previous, self._total, self._seen = 0, None, None, {}

    @property
    def total(self) -> int | None:
        """The last page's `total`, if it gave one."""
        return self._total

    def more(self) -> bool:
        """Whether the last page's `total` counts more items than the pages since the (re)start held: a short page is
        then not the last one (a server serving fewer a page than asked without saying so in `pageSize`)."""
        return self._total is not None and self._count < self._total

    def ended(self, items: list[Any], full: int) -> bool:
        """Whether a page of `items` (`full` items make a full page) ends the read; PagingError when the server has
        nothing more to give though its `total` says more: records the read would miss without a word."""
        if len(items) >= full and items:
            return False
        if not self.more():
            return True
        if not items:
            self._stop(Message.of("paging_too_many", n=self._count, total=self._total))
        return False  # a short page while `total` says more: read on

    def check(self, body: dict[str, Any], asked: Any, items: list[Any]) -> None:
        served_page = _int(body.get(F.PAGE_NUMBER_FIELD))
        if served_page is not None and asked is not None and served_page != asked:
            self._stop(Message.of("paging_wrong_page", served=served_page, asked=asked))
        # The same items as the page before, compared as they are (a dict compares by content, and the first item
        # that differs ends the comparison): no signature per item of a full read (issue 11 pt 4).
        if items and items == self._previous:
            self._stop(Message.of("paging_same_page", asked=asked))
        if items:
            # An earlier page again (pages served in a cycle, A B A B, without a `total` to run past): one the read
            # has had would come again for ever. By a page's length and first and last items: two per page.
            signature = (len(items), _identity(items[0]), _identity(items[-1]))
            if signature in self._seen:
                self._stop(Message.of("paging_page_again", asked=asked, earlier=self._seen[signature]))
            self._seen[signature] = asked
        self._previous = items
        self._count += len(items)
        total = self._total = _int(body.get(F.PAGE_TOTAL_FIELD))
        if total is not None and self._count > total:
            self._stop(Message.of("paging_too_many", n=self._count, total=total))

    def _stop(self, what: Message) -> None:
        raise PagingError(self.endpoint, what, system=SYSTEM)


def _quick_record(raw: dict[str, Any], md: EmarketeerMasterData) -> EmConsentRecord | None:
    """A consent record as _careful_record reads it, when nothing in it is unusual: a key, purpose and legal basis ids
    as numbers that the master data maps, createdAt in the usual form. None for any other record (not "no record":
    the careful reader then decides)."""
    key = raw.get(F.R_KEY)
    purpose_id = raw.get(F.R_PURPOSE_ID)
    basis_id = raw.get(F.R_LEGAL_BASIS_ID)
    if type(key) is not str or type(purpose_id) is not int or type(basis_id) is not int or not key.strip():
        return None
    purpose = md.purpose_by_id.get(purpose_id)
    basis = md.basis_by_id.get(basis_id)
    created_raw: Any = raw.get(F.R_CREATED_AT)
    created = F.quick_time(created_raw)
    if purpose is None or basis is None or created is None or created is ODD:
        return None
    description = raw.get(F.R_DESCRIPTION)
    return EmConsentRecord(
        key,
        purpose,
        Consent(basis, created),
        description if isinstance(description, str) else "",
        quick_utc_text(created_raw),
    )


def _quick_contact(raw: dict[str, Any]) -> EmContactRow | None:
    """A contact as _careful_contact reads it, when nothing in it is unusual (see _quick_record)."""
    contact_id = raw.get(F.CT_ID)
    email = raw.get(F.CT_EMAIL)
    if type(contact_id) is not int or type(email) is not str or not email.strip():
        return None
    modified = F.quick_time(raw.get(F.CT_MODIFIED))
    if modified is ODD:
        return None
    return EmContactRow(contact_id, email, modified)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


_ENDPOINT_CONSENTS = f"GET {F.PATH_CONSENTS_FILTER}"


def write_source_missing(name: str, sources: Mapping[int, str]) -> Message:
    """The sentence for a write source the account does not list (issue 10 point 3)."""
    offered = ", ".join(f"'{n}'" for n in sorted(sources.values(), key=str.casefold)) or Message.of("none_listed")
    return Message.of("em_source_missing", name=name, offered=offered)


def commas(items: list[Message]) -> Message:
    """ "a, b, c" as one message."""
    said = items[-1]
    for item in reversed(items[:-1]):
        said = Message.of("comma_pair", first=item, second=said)
    return said


def _ids_by_name(items: Mapping[int, str], names: Mapping[str, Any]) -> dict[Any, int]:
    """Our value -> the account's id, matching names case-insensitively; the first item of a name wins."""
    found: dict[Any, int] = {}
    for item_id, name in items.items():
        ours = names.get(name.strip().casefold())
        if ours is not None and ours not in found:
            found[ours] = item_id
    return found


def _page_size(page_size: int) -> int:
    return max(1, min(int(page_size), F.MAX_PAGE_SIZE))


def _effective(requested: int, served: int | None) -> int:
    """A server that caps the page size says so in `pageSize`: a full page is then that long."""
    return served if served is not None and 0 < served < requested else requested


_NOTHING = object()


class _Delivered:
    """The items a time-filtered read has delivered that a later request may return again, told apart by content
    (_identity). An item's content fixes its time, so only items delivered at the same instant can be the same item:
    an item's content is worked out only once another comes at its instant (issue 11 pt 4: _identity for each of a
    million records cost seconds of a full read; records sharing an instant are few, bar bulk imports)."""

    def __init__(self) -> None:
        self._alone: dict[datetime | None, Any] = {}  # an instant -> the one item delivered at it, not identified
        self._known: dict[Any, datetime | None] = {}  # identity -> instant, for every item at an instant in _shared
        self._shared: set[datetime | None] = set()  # instants at which two or more items came

    def add(self, item: Any, at: datetime | None) -> bool:
        """Whether `item` (its time `at`, from _time_of) is new; a new one counts as delivered from now on."""
        if at not in self._shared:
            first = self._alone.pop(at, _NOTHING)
            if first is _NOTHING:
                self._alone[at] = item
                return True
            self._shared.add(at)
            self._known[_identity(first)] = at
        identity = _identity(item)
        if identity in self._known:
            return False
        self._known[identity] = at
        return True

    def keep_from(self, last: datetime) -> None:
        """Forget the items before `last` (a later request starts there); items without a time stay."""
        self._alone = {t: item for t, item in self._alone.items() if t is None or t >= last}
        self._known = {k: t for k, t in self._known.items() if t is None or t >= last}
        self._shared = {t for t in self._shared if t is None or t >= last}


def _identity(item: Any) -> Any:
    """What makes an item the same item when a later page returns it again.

    A tuple of a flat object's items is enough and far cheaper than serialising it (this runs once
    per item of a full read); nested or unhashable values fall back to the JSON text.
    """
    if isinstance(item, dict):
        try:
            identity = tuple(sorted(item.items()))
            hash(identity)
            return identity
        except TypeError:
            pass
    try:
        return json.dumps(item, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(item)


def _last_in_order(times: list[datetime | None]) -> datetime | None:
    """The last of a page's item times (_time_of's) if every item has one and they never go backwards; else None."""
    last: datetime | None = None
    for t in times:
        if t is None or (last is not None and t < last):
            return None
        last = t
    return last


def _time_of(item: Any, field: str) -> datetime | None:
    """An item's time (None when it has none or it is unreadable). Only an item that has a time has text there that
    reads as one: `_last_in_order` relies on it for the next request's `since`."""
    if not isinstance(item, dict):
        return None
    raw = item.get(field)
    quick = F.quick_time(raw)
    if quick is not ODD:
        return quick
    try:
        return F.parse_time(raw)
    except ValueError:
        return None


def _same_time(raw: str, value: datetime) -> bool:
    try:
        return F.parse_time(raw) == value
    except ValueError:
        return False


__all__ = [
    "ContactListRow",
    "EmarketeerConnector",
    "EmarketeerMasterData",
    "SendResult",
    "normalise_base_url",
    "write_source_missing",
]
