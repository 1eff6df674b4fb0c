"""What both connectors share: the HTTP client's counters and cancel token, the per-contact problem list, ISO times."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Generator, Iterator
from datetime import date, datetime, timezone
from enum import Enum
from typing import Self, TypeVar, cast

from ..domain.messages import Message, scrubbed
from ..domain.model import ContactError, Purpose, System
from .http import ApiClient, CancelToken, ServerClock

log = logging.getLogger(__name__)


class ConnectorBase:
    """Housekeeping common to the SuperOffice and eMarketeer connectors; subclasses set `system` and `client`."""

    system: System
    client: ApiClient

    def __init__(self) -> None:
        self._problems: list[ContactError] = []
        self._problems_lock = threading.Lock()
        self._noticed: set[tuple[str, str]] = set()

    @property
    def request_count(self) -> int:
        return self.client.request_count

    @property
    def server_clock(self) -> ServerClock:
        """The vendor's own time from its Date headers (R21)."""
        return self.client.server_clock

    @property
    def cancel(self) -> CancelToken | None:
        return self.client.cancel

    @cancel.setter
    def cancel(self, value: CancelToken | None) -> None:
        self.client.cancel = value

    @property
    def problems(self) -> list[ContactError]:
        with self._problems_lock:
            return list(self._problems)

    def take_problems(self) -> list[ContactError]:
        """Rows too broken to deliver since the last call (R17); the list is emptied."""
        with self._problems_lock:
            taken, self._problems = self._problems, []
        return taken

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _problem(self, who: str, reason: Message | str, purpose: Purpose | None = None) -> None:
        # A row's values are the vendor's words (R19): scrubbed before the message is kept.
        who = self.client.scrub(who)
        said = scrubbed(reason, self.client.scrub) if isinstance(reason, Message) else None
        text = said.english() if said is not None else self.client.scrub(str(reason))
        log.warning("%s: %s: %s", self.system.label, who, text)
        with self._problems_lock:
            self._problems.append(ContactError(who, purpose, text, self.system, said=said))

    def _notice(self, endpoint: str, field: str, how: str = "") -> None:
        """A field the app needs was missing or mistyped in an answer: one sentence per endpoint and field per run.

        It goes on the problem list (the run's error list) once, named by endpoint and field, beside the
        per-record errors (R17) of the records it concerned.
        """
        with self._problems_lock:
            if (endpoint, field) in self._noticed:
                return
            self._noticed.add((endpoint, field))
        kind = "field_notice_not_object" if how == NOT_AN_OBJECT else "field_notice"
        self._problem(
            f"{self.system.label} {endpoint}", Message.of(kind, system=self.system, endpoint=endpoint, field=field)
        )

    def reset_notices(self) -> None:
        """Start a new run's once-per-run field notices (called where a run starts: loading the lists)."""
        with self._problems_lock:
            self._noticed.clear()


_fromisoformat = datetime.fromisoformat
_UTC = timezone.utc
# `_notice`'s how: an item that is not an object (else: a field missing or mistyped).
NOT_AN_OBJECT = "not an object"


def _usual_time(text: str) -> datetime | None:
    """The vendors' usual forms, fast (a full run parses a million of them): `...Z`, or no zone (UTC); None for
    anything else, which parse_iso_time then reads the careful way. `replace(tzinfo=)` costs six times the parse.
    Without a Z only `YYYY-MM-DDT...`: fromisoformat reads "2026-05-30+00:00" as a zoneless midnight and
    "2026-05-30+02:00+00:00" as 02:00 (it takes any character for the `T`)."""
    try:
        if text[-1:] == "Z":
            parsed = _fromisoformat(text)
        elif text[10:11] != "T":
            return None
        else:
            try:
                return _fromisoformat(text + "+00:00")
            except ValueError:
                parsed = _fromisoformat(text)
    except ValueError:
        return None
    zone = parsed.tzinfo
    if zone is _UTC:
        return parsed
    if zone is None:
        return None
    try:
        return _in_utc(parsed)
    except ValueError:
        return None


_EARLIEST = datetime.min.replace(tzinfo=_UTC)


def _in_utc(parsed: datetime) -> datetime:
    """An aware time in UTC. Before datetime's first day in UTC it is a zero date sent with an offset
    (`0001-01-01T00:00:00+01:00`): that first moment, which the readers take for the zero date it is; past its last
    day (`9999-12-31T23:59:59-01:00`) ValueError, as for any other malformed time (astimezone raises OverflowError)."""
    try:
        return parsed.astimezone(_UTC)
    except OverflowError:
        if parsed.year == _EARLIEST.year:
            return _EARLIEST
        raise ValueError(f"date {parsed.isoformat()!r} is out of range") from None


def _has_time_of_day(text: str) -> bool:
    """Whether ISO text is a date, then `T` (or `t` or a space), then a time. Python 3.11's fromisoformat also reads
    a bare date (as a zoneless midnight) and takes any character for the `T` ("2026-05-30+02:00" is 02:00)."""
    for size in (10, 8, 7):  # YYYY-MM-DD, YYYY-Www-D; YYYYMMDD, YYYYWwwD, YYYY-Www; YYYYWww
        if text[size : size + 1] in ("T", "t", " "):
            try:
                date.fromisoformat(text[:size])
            except ValueError:
                continue
            return True
    return False


class Odd(Enum):
    """What a quick reader returns for a value it leaves to the careful one (which reads it or says what is wrong)."""

    ODD = "odd"


ODD = Odd.ODD


def quick_iso_time(value: object) -> datetime | None | Odd:
    """parse_iso_time's answer for None and for the vendors' usual forms, fast; ODD for anything else (issue 11 pt 4:
    a full read's rows take the careful way only when something in them is unusual)."""
    if value is None:
        return None
    if type(value) is str:
        parsed = _usual_time(value)
        if parsed is not None:
            return parsed
    return ODD


_STORED_SUFFIX = ".000000+00:00"


def quick_utc_text(text: str) -> str | None:
    """A time quick_iso_time read from `text`, as the store keeps times (ISO-8601 UTC, always with microseconds and
    +00:00), made from the text itself when it is the vendors' whole-second form `YYYY-MM-DDTHH:MM:SS` with or
    without `Z` (formatting a datetime costs ten times as much); None for any other form."""
    size = len(text)
    if (
        (size == 19 or (size == 20 and text[19] == "Z"))
        and text[10] == "T"
        and text[4] == "-"
        and text[7] == "-"
        and text[13] == ":"
        and text[16] == ":"
    ):
        return text[:19] + _STORED_SUFFIX
    return None


def parse_iso_time(value: object) -> datetime | None:
    """ISO-8601 text as aware UTC (no zone, or Z, means UTC); None when absent; ValueError on anything else."""
    if value is None or value == "":
        return None
    if type(value) is str:
        usual = _usual_time(value)
        if usual is not None:
            return usual
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not text")
    text = value.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "zZ" else text)
    except ValueError:
        raise ValueError(f"unreadable date {value!r}") from None
    if not _has_time_of_day(text):
        raise ValueError(f"date {value!r} has no time of day (the form is YYYY-MM-DDTHH:MM:SS)")
    return parsed.replace(tzinfo=_UTC) if parsed.tzinfo is None else _in_utc(parsed)


T = TypeVar("T")
_END = object()


def prefetched(pages: Generator[T, None, None], name: str = "lbs-page") -> Iterator[T]:
    """The items of `pages` (a generator making one request per item: a bulk read's pages), each asked for on a helper
    thread while the caller still works on the one before (issue 11: a full read waited for every page, then parsed
    it, then waited again; the server makes the next page while we parse this one).

    The requests and their order are the same as reading `pages` directly, one page ahead at most; an error comes to
    the caller after every page before it. If the caller stops early, the helper stops after its current request
    (the connector's cancel token stops it between requests too)."""
    handoff: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand(item: tuple[object, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for page in pages:
                if not hand((page, None)):
                    return
            hand((_END, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
            hand((_END, exc))
        finally:
            pages.close()

    helper = threading.Thread(target=work, name=name, daemon=True)
    helper.start()
    try:
        while True:
            item, error = handoff.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield cast(T, item)
    finally:
        stop.set()
        helper.join()
