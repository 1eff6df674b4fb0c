"""What both connectors share: the HTTP client's counters and cancel token, the per-contact problem list, ISO times."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Self

from ..domain.model import ContactError, Purpose, System, utc
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

    def _problem(self, who: str, reason: str, purpose: Purpose | None = None) -> None:
        who, reason = self.client.scrub(who), self.client.scrub(reason)  # a row's values are the vendor's words (R19)
        log.warning("%s: %s: %s", self.system.label, who, reason)
        with self._problems_lock:
            self._problems.append(ContactError(who, purpose, reason, self.system))

    def _notice(self, endpoint: str, field: str, how: str = "missing or not of the expected type") -> None:
        """A field the app needs was missing or mistyped in an answer: one sentence per endpoint and field per run.

        It goes on the problem list (the run's error list) once, named by endpoint and field, beside the
        per-record errors (R17) of the records it concerned.
        """
        with self._problems_lock:
            if (endpoint, field) in self._noticed:
                return
            self._noticed.add((endpoint, field))
        label = self.system.label
        reason = (f"{label} answered {endpoint} with the field {field} {how} in at least one record; those "
                  f"records are listed as errors. If this repeats, send the diagnostics file to support.")
        self._problem(f"{label} {endpoint}", reason)

    def reset_notices(self) -> None:
        """Start a new run's once-per-run field notices (called where a run starts: loading the lists)."""
        with self._problems_lock:
            self._noticed.clear()


def parse_iso_time(value: object) -> datetime | None:
    """ISO-8601 text as aware UTC (no zone, or Z, means UTC); None when absent; ValueError on anything else."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not text")
    text = value.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "zZ" else text)
    except ValueError:
        raise ValueError(f"unreadable date {value!r}") from None
    return utc(parsed)
