"""Shared HTTP transport: keep-alive, a requests-per-second ceiling, bounded concurrency, retries, typed errors.

One `ApiClient` per vendor wraps its `httpx.Client`s (one per concurrent exchange) and is safe to share
between threads. The retry policy (R18): 429, 500, 502, 503, 504, timeouts, connection resets and 200 answers whose
body is not JSON are retried with exponential backoff and full jitter, honouring `Retry-After`
(seconds or an HTTP date, capped at `backoff_max`). A non-idempotent POST is never resent once
it may have reached the server: that raises `AmbiguousWriteError` and the caller checks whether
the write landed. 429 means "not processed" and is retried for every method. An answer larger than MAX_ANSWER_BYTES,
unpacked, is dropped as soon as it passes that and is never retried (AnswerTooLargeError).
"""

from __future__ import annotations

import errno
import ipaddress
import json
import logging
import os
import random as _random
import re
import socket
import ssl
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpcore
import httpx
import truststore

from .. import __version__
from ..domain.messages import Message, english
from ..domain.model import System
from ..redaction import KNOWN as _KNOWN_SECRETS
from ..redaction import PIECE as _PIECE
from ..redaction import Redactor
from .errors import (
    LONGEST_PAUSE,
    AmbiguousWriteError,
    AnswerTooLargeError,
    AuthenticationError,
    CancelledError,
    ConfigurationError,
    ConnectorError,
    ForbiddenError,
    InvalidRequestError,
    NotFoundError,
    PauseRequestedError,
    ServiceUnavailableError,
    UnreachableError,
    WrongHostError,
)

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Once a stop is asked for (a signal, Cancel, the run's time limit) a request already on the wire gets this long to
# finish; then it is cut off and, for a write, counts as "may have landed" (R18: the next run checks). Issue 9 pt 3:
# the process must end within 15 s of a signal, and `timeout` alone (per socket read) would allow 30 s or more.
STOP_GRACE = 5.0
# How often a read waiting on the socket looks at the deadline and the stop flag.
_POLL = 0.25
# A request retried for longer than this is said aloud once (issue 13 pt 6): see long_retry_notices.
LONG_RETRY = 10.0
# The most one answer may hold, counted unpacked (gzip, deflate). The largest real answer is a page of 1,000 rows of a
# few hundred bytes (under 1 MB); without a ceiling a broken proxy, a hostile endpoint, an endless chunked body or a
# gzip bomb (200 kB that unpacks to 200 MB, or far more in "gzip, gzip") filled the memory until the laptop swapped or
# the process was killed mid-run. Past it the answer is dropped, never retried (the same request gets the same one).
MAX_ANSWER_BYTES = 64 * 1024 * 1024
# A compressed answer is unpacked at most this much at a time, in every one of its codings: a single read of 64 kB
# unpacks to 64 MB at once, and "gzip, gzip" to 64 GB (httpx's own decoders have no such bound).
_UNPACK_PIECE = 1024 * 1024
# The codings undone (zlib's wbits); the only ones asked for (Accept-Encoding), whatever else httpx could decode.
_CODINGS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
# What json.loads raises for a body that is not JSON; RecursionError: nested deeper than the parser goes ("[[[[...").
_NOT_JSON = (ValueError, UnicodeDecodeError, RecursionError)


@dataclass(frozen=True, slots=True)
class LongRetry:
    """A request has been retried for a while and goes on: which vendor, why, and until about when at most."""

    system: System
    status: int | None
    asked_to_wait: bool  # a 429 or a Retry-After: the vendor asked for the pause
    until: datetime  # aware; the latest the retries run to if the vendor keeps answering the same

    def sentence(self) -> str:
        what = f" (HTTP {self.status})" if self.status is not None else ""
        clock = self.until.astimezone().strftime("%H:%M")
        if self.asked_to_wait:
            return f"{self.system.label} asked us to wait{what}; retrying until about {clock}."
        return f"{self.system.label} is not answering properly{what}; retrying until about {clock}."


_long_retry_listener: Callable[[LongRetry], None] | None = None


@contextmanager
def long_retry_notices(listener: Callable[[LongRetry], None]) -> Iterator[None]:
    """While inside, a request of any client retried for longer than LONG_RETRY seconds calls `listener` once per
    vendor (the headless commands print one line on stderr)."""
    global _long_retry_listener
    told: set[System] = set()
    lock = threading.Lock()

    def once(notice: LongRetry) -> None:
        with lock:
            if notice.system in told:
                return
            told.add(notice.system)
        listener(notice)

    previous, _long_retry_listener = _long_retry_listener, once
    try:
        yield
    finally:
        _long_retry_listener = previous


# Statuses after which a request may have been processed (a 429 says it was not).
_MAYBE_PROCESSED_STATUSES = frozenset({500, 502, 503, 504})
_VENDOR_MESSAGE_MAX = 300
# The header every answer carries with the server's own time (RFC 9110): the system's "now" for R21.
DATE_HEADER = "Date"
RETRY_AFTER_HEADER = "Retry-After"
# delay-seconds (RFC 9110: 1*DIGIT; a sign or a fraction tolerated), not Python's float syntax ("inf", "1e9", "nan").
_DELAY_SECONDS = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True, slots=True)
class RequestLimits:
    """How hard we may press one service. Defaults suit production; tests pass tiny backoffs."""

    requests_per_second: float = 10.0
    max_concurrency: int = 4
    timeout: float = 30.0
    max_retries: int = 5
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    # The whole answer, headers to last byte, must be in within this many seconds of sending (issue 9: a body
    # trickling in a byte every few seconds never trips `timeout`, which is per socket read); then it is retried.
    answer_deadline: float = 120.0

    def __post_init__(self) -> None:
        if not self.requests_per_second > 0:
            raise ValueError("requests_per_second must be above 0")
        if self.max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if not self.timeout > 0:
            raise ValueError("timeout must be above 0")
        if not self.answer_deadline > 0:
            raise ValueError("answer_deadline must be above 0")
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise ValueError("backoff times must be 0 or more")


class CancelToken(Protocol):
    """What we need of a cancel flag: `threading.Event` fits."""

    def is_set(self) -> bool: ...


class RateLimiter:
    """Evenly spaced request slots: at most `rate` per second, never a burst.

    `reserve()` books the next slot and returns how long the caller must wait for it, so tests can
    check the ceiling on the computed waits with an injected clock instead of on wall time.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1.0 / rate if rate != float("inf") else 0.0
        self._clock = clock
        self._next = float("-inf")
        self._lock = threading.Lock()

    def reserve(self) -> float:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
            return start - now


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret masked, in any form and any fragment of 8 characters (see desktop_app.redaction)."""
    return Redactor(secrets).scrub(text)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if _DELAY_SECONDS.fullmatch(value):
        seconds = float(value)  # 400 digits read as infinity: capped below
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):  # Overflow: a 20-digit year or zone offset
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    # Valid delay-seconds have no upper bound (400 digits read as infinity): capped, so that the wait makes a sentence
    # and a time (errors.LONGEST_PAUSE).
    return min(max(0.0, seconds), LONGEST_PAUSE)


def loopback_host(host: str) -> bool:
    """Whether `host` (as urlsplit gives it: lower case) is this machine: localhost or a loopback address. Plain http
    to it crosses no network (the simulators, a tunnel on this machine); to any other host it carries secrets in
    clear text (the setup check says so; SuperOffice's connector never moves there)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP-date (a Date header) as aware UTC; None when absent or unreadable."""
    if not value or not value.strip():
        return None
    try:
        when = parsedate_to_datetime(value.strip())
        if when is None:
            return None
        # OverflowError: a 20-digit year or offset, or a time past datetime's range in UTC (9999-12-31 at -0100).
        return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class ServerClock:
    """One vendor's own time, from the Date header of its answers (SPEC R21: cursors are on the system's clock).

    `begin()` marks the start of a read: `began` is then the Date of the first answer after it, and
    `latest` the Date of the newest answer. Both stay None while no answer has carried a readable Date.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: datetime | None = None
        self._began: datetime | None = None
        self._waiting = False
        self._here = threading.local()  # the Date of the last answer this thread received (`take_here`)

    def begin(self) -> None:
        with self._lock:
            self._began, self._waiting = None, True

    def observe(self, header: str | None) -> None:
        when = parse_http_date(header)
        self._here.date = when
        if when is None:
            return
        with self._lock:
            if self._latest is None or when > self._latest:
                self._latest = when
            if self._waiting:
                self._began, self._waiting = when, False

    @property
    def began(self) -> datetime | None:
        with self._lock:
            return self._began

    @property
    def latest(self) -> datetime | None:
        with self._lock:
            return self._latest

    def take_here(self) -> datetime | None:
        """The Date of the last answer this thread received (None when it carried none), forgotten once taken: the
        Date of one request's own answer, which `latest` is not while other threads' answers come in."""
        when: datetime | None = getattr(self._here, "date", None)
        self._here.date = None
        return when


class _Fault(Exception):
    """One failed attempt that may be retried: what happened, and whether the server may have acted on it."""

    def __init__(
        self,
        description: Message | str,
        *,
        maybe_processed: bool,
        retry_after: float | None = None,
        status: int | None = None,
        unreachable: Message | None = None,
        final: bool = False,
    ) -> None:
        super().__init__(english(description))
        self.said = description  # typed (a bare "HTTP 503" is the same in every language)
        self.description = english(description)  # the log's
        self.maybe_processed = maybe_processed
        self.retry_after = retry_after
        self.status = status
        self.unreachable = unreachable  # why the host cannot be reached, for connect failures
        self.final = final  # the same attempt would fail the same way (a certificate this computer does not trust)


class ApiClient:
    """Thread-safe HTTP client for one vendor.

    `request()` returns the parsed JSON body (None for an empty body). Paths are joined to
    `base_url` (which may change, e.g. after a SuperOffice 421); absolute URLs are used as they are.
    Auth headers are kept apart from the client's default headers so that a request to a
    third party (the SuperOffice state service) can go without them.
    """

    def __init__(
        self,
        system: System,
        *,
        limits: RequestLimits,
        base_url: str | None = None,
        auth_headers: Mapping[str, str] | None = None,
        secrets: Iterable[str] = (),
        vendor_message: Callable[[Any], str | None] | None = None,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
        wall_clock: Callable[[], datetime] | None = None,
        cancel: CancelToken | None = None,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        explain: Callable[[int, Any, str], ConnectorError | None] | None = None,
    ) -> None:
        self.system = System(system)
        # The vendor's reading of an error answer (status, parsed body or None, URL): its own error, or None.
        self._explain = explain
        self.limits = limits
        self._base_url = base_url
        for name, value in (auth_headers or {}).items():
            self._check_header(name, value)
        self._auth_headers: dict[str, str] = dict(auth_headers or {})
        self._redactor = Redactor()
        for secret in secrets:
            self.add_secret(secret)
        self._vendor_message = vendor_message
        self._sleep = sleep
        self._random: Callable[[], float] = random or _random.random
        self._clock = clock or time.monotonic
        # A long pause the vendor asked for (issue 9 pt 8): (until, on `_clock`; its status; its Retry-After). While it
        # holds, no request of this client leaves: other threads must not send what they had queued.
        self._asked_to_wait: tuple[float, int | None, float] | None = None
        self._wall_clock = wall_clock or (lambda: datetime.now(timezone.utc))
        self.cancel = cancel
        self._limiter = RateLimiter(limits.requests_per_second, self._clock)
        self._semaphore = threading.BoundedSemaphore(limits.max_concurrency)
        self._lock = threading.Lock()
        self._request_count = 0
        self.server_clock = ServerClock()
        default_headers = {
            "Accept": "application/json",
            "Accept-Encoding": ", ".join(_CODINGS),
            "User-Agent": f"LegalBasisSync/{__version__}",
            **(headers or {}),
        }
        ssl_context = certificate_store() if transport is None else None  # one for every connection

        def make_client() -> httpx.Client:
            client = httpx.Client(
                timeout=httpx.Timeout(limits.timeout),
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                headers=default_headers,
                follow_redirects=False,  # a redirect to another host would carry custom auth headers along
                transport=transport,
                verify=True if ssl_context is None else ssl_context,
            )
            _limit_sockets(client)
            return client

        self._clients = _Clients(make_client)

    # ------------------------------------------------------------ settings

    @property
    def label(self) -> str:
        return self.system.label

    @property
    def base_url(self) -> str | None:
        return self._base_url

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._base_url = value

    @property
    def request_count(self) -> int:
        """Every HTTP attempt made, retries included."""
        return self._request_count

    @property
    def limiter(self) -> RateLimiter:
        return self._limiter

    def set_auth_header(self, name: str, value: str, secret: str | None = None) -> None:
        """Replace an auth header; the value (and `secret`, e.g. a raw token) are scrubbed from messages."""
        self.add_secret(value)
        if secret:
            self.add_secret(secret)
        self._check_header(name, value)
        self._auth_headers = {**self._auth_headers, name: value}

    def _check_header(self, name: str, value: str) -> None:
        """A credential that cannot go into an HTTP header is a settings problem, said without the value."""
        if not isinstance(value, str) or not value.isascii() or any(c in value for c in "\r\n\x00"):
            key = "key_unsendable" if self.system is System.EMARKETEER else "token_unsendable"
            raise ConfigurationError(Message.of(key, system=self.system), system=self.system)

    def add_secret(self, value: str) -> None:
        """Mask `value` in every message this client makes; one of 8 characters or more in the whole process's
        output too (desktop_app.redaction.KNOWN: logs, the command line, run messages)."""
        if value:
            self._redactor.add(value)
            if len(value) >= _PIECE:
                _KNOWN_SECRETS.add(value)

    def scrub(self, text: str) -> str:
        """`text` without this client's secrets nor any other this process knows (another vendor's key)."""
        return _KNOWN_SECRETS.scrub(self._redactor.scrub(text))

    def close(self) -> None:
        self._clients.close()

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ApiClient({self.system.value}, base_url={self._base_url!r})"

    # ------------------------------------------------------------ requests

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        cancel: CancelToken | None = None,
        authenticate: bool = True,
    ) -> Any:
        return self.request("GET", url, params=params, cancel=cancel, authenticate=authenticate)

    def put(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        return self.request("PUT", url, params=params, json_body=json_body, cancel=cancel)

    def post(self, url: str, json_body: Any, *, idempotent: bool, cancel: CancelToken | None = None) -> Any:
        return self.request("POST", url, json_body=json_body, idempotent=idempotent, cancel=cancel)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        idempotent: bool | None = None,
        cancel: CancelToken | None = None,
        authenticate: bool = True,
        form: Mapping[str, str] | None = None,
    ) -> Any:
        """Send with retries; return the parsed JSON body. Raises a ConnectorError subclass. `form` is sent
        form-encoded instead of a JSON body (OAuth's token endpoint)."""
        method = method.upper()
        if idempotent is None:
            if method == "POST":
                raise TypeError("say whether this POST is idempotent")
            idempotent = True
        cancel = cancel if cancel is not None else self.cancel
        full_url = self._url(url)
        what = f"{method} {urlsplit(full_url).path}"
        retries = 0
        first_fault: float | None = None
        while True:
            self._check_cancel(cancel)
            self._check_asked_to_wait()
            try:
                return self._attempt(method, full_url, params, json_body, authenticate, cancel, form)
            except _TooLarge as large:
                raise self._too_large(large, what, idempotent) from None
            except _Fault as fault:
                if fault.maybe_processed and not idempotent:
                    log.warning(
                        "%s %s: %s; not resent (it may have been processed)", self.label, what, fault.description
                    )
                    raise AmbiguousWriteError(
                        Message.of("maybe_saved", system=self.system, fault=fault.said),
                        system=self.system,
                        status=fault.status,
                    ) from None
                if fault.retry_after is not None and fault.retry_after > self.limits.backoff_max:
                    # The vendor asked for a longer pause than we wait within a run: stop, say until when. Every
                    # other request of this client holds from now on, before this answer is even handled further.
                    self._asked_to_wait = (self._clock() + fault.retry_after, fault.status, fault.retry_after)
                    raise PauseRequestedError(
                        system=self.system, status=fault.status, retry_after=fault.retry_after
                    ) from None
                if retries >= self.limits.max_retries or fault.final:
                    raise self._exhausted(fault, retries + 1, full_url) from None
                wait = self._backoff(retries, fault.retry_after)
                if first_fault is None:
                    first_fault = self._clock()
                if self._clock() - first_fault + wait > LONG_RETRY:
                    self._tell_long_retry(fault, retries)
                retries += 1
                log.info(
                    "%s %s: %s; retry %d of %d in %.2f s",
                    self.label,
                    what,
                    fault.description,
                    retries,
                    self.limits.max_retries,
                    wait,
                )
                self._pause(wait, cancel)

    # ------------------------------------------------------------ internals

    def _too_large(self, large: "_TooLarge", what: str, idempotent: bool) -> ConnectorError:
        """The error for an answer past MAX_ANSWER_BYTES: not retried; for a write that may have been processed, said
        as such (the caller checks whether it landed, R18)."""
        log.warning(
            "%s %s: HTTP %s, the answer passed %d bytes; not read further", self.label, what, large.status, large.limit
        )
        megabytes = large.limit // (1024 * 1024)
        processed = 200 <= large.status < 300 or large.status in _MAYBE_PROCESSED_STATUSES
        if processed and not idempotent:
            return AmbiguousWriteError(
                Message.of("maybe_saved", system=self.system, fault=Message.of("fault_too_large", mb=megabytes)),
                system=self.system,
                status=large.status,
            )
        return AnswerTooLargeError(
            Message.of("answer_too_large", system=self.system, mb=megabytes), system=self.system, status=large.status
        )

    def _check_asked_to_wait(self) -> None:
        """PauseRequestedError, without sending, while a pause the vendor asked for holds (the vendor's own words)."""
        asked = self._asked_to_wait
        if asked is None:
            return
        until, status, retry_after = asked
        if self._clock() >= until:
            self._asked_to_wait = None
            return
        raise PauseRequestedError(system=self.system, status=status, retry_after=retry_after)

    def _url(self, url: str) -> str:
        if url.startswith(("http://", "https://")):
            return url
        if not self._base_url:
            raise ConfigurationError(Message.of("no_address", system=self.system), system=self.system)
        return self._base_url.rstrip("/") + "/" + url.lstrip("/")

    def _attempt(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json_body: Any,
        authenticate: bool,
        cancel: CancelToken | None,
        form: Mapping[str, str] | None = None,
    ) -> Any:
        headers = dict(self._auth_headers) if authenticate else {}
        with self._semaphore:
            wait = self._limiter.reserve()
            if wait > 0:
                self._pause(wait, cancel)
            with self._lock:
                self._request_count += 1
            try:
                response = self._fetch(method, url, params, json_body, headers, cancel, form)
            except httpx.UnsupportedProtocol:
                raise ConfigurationError(Message.of("address_scheme", system=self.system), system=self.system) from None
            except httpx.InvalidURL:
                raise ConfigurationError(
                    Message.of("address_invalid", system=self.system), system=self.system
                ) from None
            except (httpx.LocalProtocolError, UnicodeEncodeError):
                raise ConfigurationError(
                    Message.of("setting_unsendable", system=self.system), system=self.system
                ) from None
            except (httpx.ConnectTimeout, httpx.PoolTimeout):
                raise _Fault(
                    Message.of("fault_connect_timeout", seconds=float(self.limits.timeout)),
                    maybe_processed=False,
                    unreachable=Message.of("fault_connect_timed_out"),
                ) from None
            except httpx.TimeoutException:
                raise _Fault(self._no_answer(), maybe_processed=True) from None
            except httpx.ConnectError as exc:
                reason = _connect_failure(exc)
                raise _Fault(
                    Message.of("fault_cannot_connect", reason=reason),
                    maybe_processed=False,
                    unreachable=reason,
                    final=_untrusted_certificate(exc),
                ) from None
            except (httpx.ReadError, httpx.WriteError, httpx.CloseError, httpx.RemoteProtocolError):
                raise _Fault(Message.of("fault_closed"), maybe_processed=True) from None
            except httpx.ProxyError:
                raise _Fault(
                    Message.of("fault_proxy"), maybe_processed=False, unreachable=Message.of("fault_proxy")
                ) from None
            except httpx.DecodingError:
                raise _Fault(Message.of("fault_decoding"), maybe_processed=True) from None
            except httpx.HTTPError as exc:  # anything else from the transport: treat as a network fault
                raise _Fault(Message.of("fault_network", error=type(exc).__name__), maybe_processed=True) from None
        self.server_clock.observe(response.headers.get(DATE_HEADER))
        return self._handle(response, url)

    def _fetch(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json_body: Any,
        headers: Mapping[str, str],
        cancel: CancelToken | None = None,
        form: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """One exchange, connect to last byte, within `answer_deadline` seconds of sending, and within STOP_GRACE
        seconds of a stop (httpx's timeouts are per socket read: headers or a body trickling in a byte at a time
        would never trip them). Raises _Fault when late or cut off by a stop."""
        limit = _ExchangeLimit(time.monotonic() + self.limits.answer_deadline, cancel)
        with self._clients.one() as client:
            return self._exchange(client, limit, method, url, params, json_body, headers, form)

    def _exchange(
        self,
        client: httpx.Client,
        limit: "_ExchangeLimit",
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json_body: Any,
        headers: Mapping[str, str],
        form: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        request = client.build_request(
            method, url, params=params, json=json_body, data=dict(form) if form else None, headers=headers
        )
        _EXCHANGE.limit = limit  # what the sockets of this thread's exchange obey (_LimitedStream)
        try:
            try:
                response = client.send(request, stream=True)
            except (httpx.ReadTimeout, httpx.WriteTimeout):
                late = self._late(limit)
                if late is None:
                    raise  # the per-read timeout: _attempt says so
                raise late from None
            try:
                response._content = _read_body(response, limit)  # what Response.read() sets
            except (httpx.TimeoutException, _LimitReached):
                raise self._late(limit) or _Fault(self._no_answer(), maybe_processed=True) from None
            except zlib.error as exc:
                raise httpx.DecodingError(str(exc), request=request) from None
            finally:
                response.close()
        finally:
            _EXCHANGE.limit = None
        # httpx binds the response and its network stream to each other (BoundSyncStream keeps the response), a
        # reference cycle only the cyclic collector frees, with the body and the connection pool's request objects
        # in it. A run puts full collections off (sync/memory.py), so every answer that lived long enough to be
        # promoted (R14's re-reads, R13's read-backs: two a chunk) stayed until the run's end: about 90 MB in a
        # million-contact write phase (issue 11 pt 3). The body is read and the stream closed: its bytes stand in.
        response.stream = httpx.ByteStream(response.content)
        return response

    def _late(self, limit: "_ExchangeLimit") -> _Fault | None:
        """The fault for an exchange cut off by its deadline or by a stop; None when it simply timed out."""
        if limit.stopped_at is not None and limit.remaining() <= 0 and not limit.past_deadline():
            return _Fault(Message.of("fault_cut_off"), maybe_processed=True)
        if limit.past_deadline():
            return _Fault(
                Message.of("fault_deadline", seconds=float(self.limits.answer_deadline)), maybe_processed=True
            )
        return None

    def _no_answer(self) -> Message:
        return Message.of("fault_no_answer", seconds=float(self.limits.timeout))

    def _handle(self, response: httpx.Response, url: str) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            if status == 204 or not response.content.strip():
                return None
            try:
                return json.loads(response.content)
            except _NOT_JSON:
                raise _Fault(Message.of("fault_not_json", status=status), maybe_processed=True, status=status) from None
        if status in RETRY_STATUSES:
            # An HTTP-date is counted from the server's own Date when it sent one (its clock, not ours).
            server_now = parse_http_date(response.headers.get(DATE_HEADER)) or self._wall_clock()
            retry_after = parse_retry_after(response.headers.get(RETRY_AFTER_HEADER), server_now)
            raise _Fault(
                f"HTTP {status}",
                maybe_processed=status in _MAYBE_PROCESSED_STATUSES,
                retry_after=retry_after,
                status=status,
            )
        if self._explain is not None:
            try:
                explained = self._explain(status, _json_or_none(response), url)
            except Exception:  # an odd error body must never hide the status
                log.debug("%s: explaining HTTP %s failed", self.label, status, exc_info=True)
                explained = None
            if explained is not None:
                raise explained
        vendor = self._vendor_text(response)
        system = self.system
        if status == 401:
            raise AuthenticationError(system=system)
        if status == 403:
            raise ForbiddenError(system=system)
        if status == 404:
            raise NotFoundError(system=system)
        if status == 421:
            raise WrongHostError(system=system)
        if status in (400, 422):
            raise InvalidRequestError(system=system, status=status, vendor_message=vendor)
        if 300 <= status < 400:
            target = host_of(response.headers.get("Location", "")) or Message.of("another_address")
            raise ConfigurationError(
                Message.of("redirected", system=system, status=status, target=target), system=system, status=status
            )
        if vendor:
            raise ConnectorError(
                Message.of("http_other_vendor", system=system, status=status, vendor=vendor),
                system=system,
                status=status,
            )
        raise ConnectorError(Message.of("http_other", system=system, status=status), system=system, status=status)

    def _vendor_text(self, response: httpx.Response) -> str | None:
        """The vendor's own explanation from an error body, trimmed and scrubbed of secrets."""
        text: str | None = None
        try:
            body = json.loads(response.content) if response.content else None
        except _NOT_JSON:
            body = None
        if body is not None and self._vendor_message is not None:
            try:
                text = self._vendor_message(body)
            except Exception:  # an odd error body must never hide the status
                text = None
        if not isinstance(text, str) or not text.strip():
            return None
        return self.quote(text)

    def quote(self, text: str, limit: int = _VENDOR_MESSAGE_MAX) -> str:
        """A vendor's own words for a sentence: on one line, scrubbed of secrets, at most `limit` characters.
        Redacted before shortening: a cut made first could end inside a secret and leave its head behind (R19)."""
        text = self.scrub(" ".join(self.scrub(text).split()))
        if len(text) > limit:
            text = text[: limit - 1] + "…"
        return text

    def _exhausted(self, fault: _Fault, attempts: int, url: str) -> ConnectorError:
        if fault.unreachable is not None:
            host = host_of(url)
            return UnreachableError(
                Message.of("unreachable", system=self.system, host=host, reason=fault.unreachable),
                system=self.system,
                host=host,
            )
        return ServiceUnavailableError(
            Message.of("exhausted", system=self.system, n=attempts, fault=fault.said),
            system=self.system,
            status=fault.status,
        )

    def _tell_long_retry(self, fault: _Fault, retries_done: int) -> None:
        """Say (once per vendor, see long_retry_notices) that this request is being retried for long."""
        listener = _long_retry_listener
        if listener is None or fault.unreachable is not None:
            return  # a host that cannot be reached is said once the retries are spent (UnreachableError)
        cap = self.limits.backoff_max
        # The longest the rest can take if the vendor keeps answering the same (requests themselves not counted).
        rest = sum(
            min(cap, fault.retry_after)
            if fault.retry_after is not None
            else min(cap, self.limits.backoff_base * (2**i))
            for i in range(retries_done, self.limits.max_retries)
        )
        asked = fault.status == 429 or fault.retry_after is not None
        try:
            listener(LongRetry(self.system, fault.status, asked, self._wall_clock() + timedelta(seconds=rest)))
        except Exception:  # a notice must never break the request
            log.debug("%s: the long-retry notice failed", self.label, exc_info=True)

    def _backoff(self, retries_done: int, retry_after: float | None) -> float:
        cap = self.limits.backoff_max
        if retry_after is not None:
            return min(retry_after, cap)
        ceiling = min(cap, self.limits.backoff_base * (2.0**retries_done))
        return self._random() * ceiling

    def _pause(self, seconds: float, cancel: CancelToken | None) -> None:
        if seconds > 0:
            waiter = getattr(cancel, "wait", None) if self._sleep is None else None
            if waiter is not None:
                waiter(seconds)
            elif self._sleep is not None:
                self._sleep(seconds)
            else:
                time.sleep(seconds)
        self._check_cancel(cancel)

    def _check_cancel(self, cancel: CancelToken | None) -> None:
        if cancel is not None and cancel.is_set():
            raise CancelledError(system=self.system)


# ---------------------------------------------------------------- the whole exchange's deadline


class _LimitReached(Exception):
    """An exchange ran past its deadline or its stop grace (raised between the body's chunks)."""


def certificate_store() -> ssl.SSLContext:
    """TLS verified against this computer's own certificate store (Windows', the macOS keychain, the Linux
    distribution's, which SSL_CERT_FILE / SSL_CERT_DIR can name), as the admin's browser verifies. httpx's default is
    certifi's bundle of public CAs: an on-site NetServer whose certificate the company's own CA issued, or a proxy
    that inspects HTTPS with a CA the IT department installed on every laptop, could not be reached at all unless the
    admin knew to export that CA into a file named by SSL_CERT_FILE. `truststore` is what pip itself uses for this.

    A Linux machine with no certificate store at all (no ca-certificates package) gets certifi's bundle, as before,
    rather than trusting nothing."""
    if sys.platform.startswith("linux") and not _linux_store():
        log.warning("This computer has no certificate store; HTTPS is verified against certifi's public CAs.")
        return httpx.create_ssl_context()
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


# Where Linux distributions keep their CA bundle when OpenSSL's own default is missing (as truststore looks).
_LINUX_BUNDLES = (
    "/etc/ssl/cert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/cert.pem",
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/ca-bundle.pem",
)


def _linux_store() -> bool:
    """Whether OpenSSL (SSL_CERT_FILE / SSL_CERT_DIR included) or a distribution's bundle holds any CA."""
    paths = ssl.get_default_verify_paths()
    if paths.cafile or (paths.capath and os.path.isdir(paths.capath) and os.listdir(paths.capath)):
        return True
    return any(os.path.isfile(bundle) for bundle in _LINUX_BUNDLES)


class _TooLarge(Exception):
    """An answer's body went past MAX_ANSWER_BYTES, unpacked (raised as soon as it does, the rest unread)."""

    def __init__(self, status: int, limit: int) -> None:
        super().__init__(status, limit)
        self.status = status
        self.limit = limit


def _read_body(response: httpx.Response, limit: _ExchangeLimit) -> bytes:
    """`response`'s body, unpacked, read piece by piece: within the exchange's limit, and _TooLarge as soon as it
    passes MAX_ANSWER_BYTES. One pass over the bytes and one join, as Response.read() does."""
    chunks: list[bytes] = []
    for chunk in _capped(_unpacked(response), response.status_code):
        chunks.append(chunk)
        limit.check()
    return b"".join(chunks)


def _unpacked(response: httpx.Response) -> Iterator[bytes]:
    """The body's pieces with its gzip and deflate codings undone, last applied first (RFC 9110); other codings are
    left as they are, as httpx leaves those it does not know. A test's transport may hand over a body already read."""
    if response.is_stream_consumed:
        return iter((response.content,))
    # The body as it came is capped too: bytes after a compressed body's end unpack to nothing, so only this count
    # ends an endless tail behind a short gzip member.
    pieces: Iterator[bytes] = _capped(response.iter_raw(), response.status_code)
    codings = [c.strip().lower() for c in response.headers.get_list("Content-Encoding", split_commas=True)]
    for coding in reversed(codings):
        if coding in _CODINGS:
            pieces = _unpack(pieces, coding)
    return pieces


def _capped(pieces: Iterator[bytes], status: int) -> Iterator[bytes]:
    """The pieces as they come, _TooLarge as soon as they add up to more than MAX_ANSWER_BYTES."""
    most, size = MAX_ANSWER_BYTES, 0
    for data in pieces:
        size += len(data)
        if size > most:
            raise _TooLarge(status, most)
        yield data


def _unpack(pieces: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """One gzip or deflate coding undone, never more than _UNPACK_PIECE bytes at a time; zlib.error when the body
    is not what it says. A deflate body without its zlib wrapper is read too (servers send both, as httpx reads)."""
    unpacker = zlib.decompressobj(_CODINGS[coding])
    first = True
    for data in pieces:
        if unpacker.eof:
            continue  # after the compressed body's end: counted (_capped), never kept (zlib's unused_data grew)
        out = b""
        while data or len(out) == _UNPACK_PIECE:  # a full piece may leave more inside zlib
            try:
                out = unpacker.decompress(data, _UNPACK_PIECE)
            except zlib.error:
                if not (first and coding == "deflate"):
                    raise
                unpacker = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                first = False
                continue
            first = False
            data = unpacker.unconsumed_tail
            if out:
                yield out
    rest = unpacker.flush()
    if rest:
        yield rest


class _ExchangeLimit:
    """One exchange's end: its deadline, brought forward to STOP_GRACE seconds after a stop is first seen."""

    def __init__(self, deadline: float, cancel: CancelToken | None) -> None:
        self.deadline = deadline
        self.cancel = cancel
        self.stopped_at: float | None = None

    def remaining(self) -> float:
        now = time.monotonic()
        end = self.deadline
        if self.cancel is not None and self.cancel.is_set():
            if self.stopped_at is None:
                self.stopped_at = now
            end = min(end, self.stopped_at + STOP_GRACE)
        return end - now

    def past_deadline(self) -> bool:
        return time.monotonic() >= self.deadline

    def check(self) -> None:
        if self.remaining() <= 0:
            raise _LimitReached()


class _Clients:
    """The httpx clients of one ApiClient, each lent to one exchange at a time; each holds one keep-alive connection.

    One client shared by every thread (a pool of max_concurrency connections) made concurrent exchanges queue on
    httpcore's pool lock, whose holder polls every pooled socket on each request and on each response's close: the
    eight writer threads of a full run spent a third of their time waiting for it (issue 11). Lent out one at a time,
    a client's pool is only ever used by one exchange. At most `max_concurrency` exist (ApiClient's semaphore), the
    most recently returned is lent first (its connection is the one most likely still open)."""

    def __init__(self, make: Callable[[], httpx.Client]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._free: list[httpx.Client] = []
        self._all: list[httpx.Client] = []

    @contextmanager
    def one(self) -> Iterator[httpx.Client]:
        with self._lock:
            client = self._free.pop() if self._free else None
        if client is None:
            client = self._make()
            with self._lock:
                self._all.append(client)
        try:
            yield client
        finally:
            with self._lock:
                self._free.append(client)

    def close(self) -> None:
        with self._lock:
            clients = list(self._all)
        for client in clients:
            client.close()


_EXCHANGE = threading.local()  # .limit: the _ExchangeLimit of the exchange this thread is in, or None


def _current_limit() -> _ExchangeLimit | None:
    return getattr(_EXCHANGE, "limit", None)


class _LimitedStream(httpcore.NetworkStream):
    """A connection's socket that obeys the exchange's limit: a read waits in short slices and gives up when the
    exchange's time is up (headers trickling in never trip httpx's per-read timeout); a write never waits past it.
    A connection kept alive serves the next exchange, which brings its own limit."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit = _current_limit()
        if limit is None:
            return self._stream.read(max_bytes, timeout)
        started = time.monotonic()
        while True:
            remaining = limit.remaining()
            if remaining <= 0:
                raise httpcore.ReadTimeout("the exchange's time is up")
            wait = min(remaining, _POLL)
            if timeout is not None:
                wait = min(wait, max(0.0, started + timeout - time.monotonic()))
            try:
                return self._stream.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                # Nothing came in this slice (nothing was consumed: reading again is safe). The read's own timeout
                # is httpx's; the exchange's limit is checked at the top.
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        limit = _current_limit()
        if limit is not None:
            remaining = limit.remaining()
            if remaining <= 0:
                raise httpcore.WriteTimeout("the exchange's time is up")
            timeout = remaining if timeout is None else min(timeout, remaining)
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _LimitedStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _LimitedBackend(httpcore.NetworkBackend):
    """httpcore's network backend with every connection's socket wrapped in _LimitedStream; connecting waits no
    longer than the exchange has left."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def _timeout(self, timeout: float | None) -> float | None:
        limit = _current_limit()
        if limit is None:
            return timeout
        remaining = max(0.001, limit.remaining())
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _LimitedStream(
            self._backend.connect_tcp(host, port, self._timeout(timeout), local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _LimitedStream(self._backend.connect_unix_socket(path, self._timeout(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _limit_sockets(client: httpx.Client) -> None:
    """Put _LimitedBackend under every httpcore pool of `client` (its transport and any proxy mounts). httpx has no
    public hook for the network backend; a transport of a test's own (MockTransport) has no pool and is left."""
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if pool is not None and backend is not None and not isinstance(backend, _LimitedBackend):
            pool._network_backend = _LimitedBackend(backend)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except _NOT_JSON:
        return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what caused it, in turn (each once: a chain may loop)."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        cur = cur.__cause__ or cur.__context__


def _untrusted_certificate(exc: BaseException) -> bool:
    """A certificate the certificate store does not trust (or made out to another host): retrying cannot change
    that, and the admin would wait through every retry's backoff before hearing it."""
    return any(isinstance(cur, ssl.SSLCertVerificationError) for cur in _chain(exc))


def _connect_failure(exc: BaseException) -> Message:
    """Why a connection could not be made, in words; walks the exception chain for the OS error."""
    for cur in _chain(exc):
        if isinstance(cur, socket.gaierror):
            return Message.of("reason_no_host")
        if isinstance(cur, ConnectionRefusedError) or getattr(cur, "errno", None) == errno.ECONNREFUSED:
            return Message.of("reason_refused")
        if isinstance(cur, OSError) and getattr(cur, "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return Message.of("reason_unreachable")
    text = str(exc).lower()
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "getaddrinfo" in text
        or "name resolution" in text
        or "no address associated" in text
    ):
        return Message.of("reason_no_host")
    if "refused" in text:
        return Message.of("reason_refused")
    if "unreachable" in text:
        return Message.of("reason_unreachable")
    if "certificate" in text or "ssl" in text:
        return Message.of("reason_tls")
    return Message.of("reason_failed")


__all__ = [
    "ApiClient",
    "CancelToken",
    "LongRetry",
    "RateLimiter",
    "RequestLimits",
    "ServerClock",
    "long_retry_notices",
    "parse_http_date",
    "parse_retry_after",
    "redact",
]
