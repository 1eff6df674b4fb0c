"""A vendor asked for a long pause (`Retry-After` beyond the retry cap, issue 9 point 8): no run before then.

The time is kept in the store (a cursor row per system), so the window's scheduler, a headless
`sync` and a send's sync all respect it, across restarts. It is on this machine's clock: the
vendor's wait (seconds from its answer) added to the engine's clock when the answer came.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..connectors.errors import LONGEST_PAUSE
from ..domain.messages import Message
from ..domain.model import System

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

NOT_BEFORE = {System.SUPEROFFICE: "not_before.superoffice", System.EMARKETEER: "not_before.emarketeer"}
# When the pause kept was asked for, on the same clock: a pause asked for later than now was recorded by a clock that
# has since been set back (a laptop a day fast, then corrected), and how much of it is left is not known.
ASKED_AT = {System.SUPEROFFICE: "not_before_asked.superoffice", System.EMARKETEER: "not_before_asked.emarketeer"}
CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Pause:
    system: System
    until: datetime

    def sentence(self, now: datetime) -> str:
        """Why a run does not start now, in one sentence."""
        return self.message(now).english()

    def message(self, now: datetime) -> Message:
        return Message.of("pause_waiting", system=self.system, time=_until(self.until, now))

    def shown_time(self, now: datetime) -> str:
        """Its end as the sentences show it: UTC, rounded up to the minute, with the date when not today."""
        return _until(self.until, now)


def wait_sentence(system: System, until: datetime, now: datetime) -> str:
    """'eMarketeer asked to wait until 14:05 UTC' (rounded up to the minute; with the date when not today)."""
    return Message.of("pause_asked", system=system, time=_until(until, now)).english()


def _until(until: datetime, now: datetime) -> str:
    """UTC, rounded up to the minute; with the date when not today."""
    until = until.astimezone(timezone.utc)
    shown = (
        until
        if until.second == 0 and until.microsecond == 0
        else (until.replace(second=0, microsecond=0) + timedelta(minutes=1))
    )
    same_day = shown.date() == now.astimezone(timezone.utc).date()
    return shown.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")


def stop_sentence(system: System, until: datetime, retry_after: float, now: datetime) -> str:
    """The message of the run that the vendor stopped."""
    return stop_message(system, until, retry_after, now).english()


def stop_message(system: System, until: datetime, retry_after: float, now: datetime) -> Message:
    return Message.of("pause_stopped", system=system, time=_until(until, now), seconds=round(retry_after))


def record_pause(store: Store, system: System, until: datetime, asked_at: datetime | None = None) -> None:
    """Keep the time (and when it was asked for), never shortening a longer pause already kept for that system, unless
    that one was kept by a clock since set back (it would stand in for the vendor's fresh answer)."""
    name, asked_name = NOT_BEFORE[System(system)], ASKED_AT[System(system)]
    kept = store.get_cursor(name)
    kept_asked = store.get_cursor(asked_name)
    now = asked_at if asked_at is not None else until
    if kept is None or until > kept or not _trusted(kept, kept_asked, now):
        store.set_cursors({name: until, asked_name: asked_at})  # no asked time given: none kept for this one


def keep_asked_pause(store: Store, system: System, retry_after: float, now: datetime) -> Message:
    """A pause the vendor just asked for (`retry_after` seconds from `now`), kept as record_pause keeps one, so that no
    run, send or sign-in asks that vendor anything before its end; the stopped run's sentence for it."""
    until = now + timedelta(seconds=retry_after)
    record_pause(store, system, until, asked_at=now)
    return stop_message(system, until, retry_after, now)


def pause_in_force(store: Store, now: datetime) -> Pause | None:
    """The latest pause still running at `now`, or None."""
    return max(pauses_in_force(store, now).values(), key=lambda pause: pause.until, default=None)


def pauses_in_force(store: Store | _Kept, now: datetime) -> dict[System, Pause]:
    """Each vendor's pause still running at `now` (the setup check waits for a paused vendor only, not for both)."""
    found: dict[System, Pause] = {}
    for system, name in NOT_BEFORE.items():
        until = store.get_cursor(name)
        if until is None or until <= now:
            continue
        if not _trusted(until, store.get_cursor(ASKED_AT[system]), now):
            # Kept, the pause would last the whole jump too (a day of no syncs and no sends for a one-hour
            # Retry-After); a run may ask, and a vendor that still wants the wait says so again with a fresh one.
            continue
        found[system] = Pause(system, until)
    return found


def kept_pauses(data_dir: Path | str | None, now: datetime) -> dict[System, Pause]:
    """`pauses_in_force` of the history in `data_dir`, read only when it exists: through a read-only connection to
    its cursor table, so that the setup check (the window's, while the window has the history open, too) neither
    creates, upgrades nor locks it. An unreadable history (or one from before pauses were kept) holds no pause that
    can be known: the check goes on, and its history item says what is wrong."""
    from ..store.codec import decode_time
    from ..store.database import FILE_NAME

    if data_dir is None:
        return {}
    path = Path(data_dir) / FILE_NAME
    if not path.is_file():
        return {}
    names = tuple(NOT_BEFORE.values()) + tuple(ASKED_AT.values())
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = connection.execute(
                f"SELECT name, value FROM sync_cursor WHERE name IN ({', '.join('?' * len(names))})", names
            ).fetchall()
        finally:
            connection.close()
        kept = {str(name): decode_time(value) for name, value in rows if isinstance(value, str)}
    except (sqlite3.Error, ValueError, OSError):
        log.warning("Could not read the vendors' pauses from the history in %s", data_dir, exc_info=True)
        return {}
    return pauses_in_force(_Kept(kept), now)


class _Kept:
    """Cursors read once (kept_pauses), asked as a Store is asked."""

    def __init__(self, values: dict[str, datetime]) -> None:
        self._values = values

    def get_cursor(self, name: str) -> datetime | None:
        return self._values.get(name)


def _trusted(until: datetime, asked: datetime | None, now: datetime) -> bool:
    """Whether a kept pause is on the clock as it is now: not asked for "in the future" (the clock was set back since),
    and not ending further out than any pause can (LONGEST_PAUSE from now: a pause kept before its asked time was,
    by a clock that was fast)."""
    if asked is not None and asked - now > CLOCK_SLACK:
        return False
    return until - now <= timedelta(seconds=LONGEST_PAUSE) + CLOCK_SLACK


__all__ = [
    "NOT_BEFORE",
    "Pause",
    "kept_pauses",
    "pause_in_force",
    "pauses_in_force",
    "record_pause",
    "stop_message",
    "stop_sentence",
    "wait_sentence",
]
