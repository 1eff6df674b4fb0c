"""A vendor asked for a long pause (`Retry-After` beyond the retry cap, issue 9 point 8): no run before then.

The time is kept in the store (a cursor row per system), so the window's scheduler, a headless
`sync` and a send's sync all respect it, across restarts. It is on this machine's clock: the
vendor's wait (seconds from its answer) added to the engine's clock when the answer came.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

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


class Cursors(Protocol):
    """Where a pause is kept: a Store, or the cursor table of the history through a plain connection (_Cursors)."""

    def get_cursor(self, name: str) -> datetime | None: ...

    def set_cursors(self, values: Mapping[str, datetime | None]) -> None: ...


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


def record_pause(store: Cursors, system: System, until: datetime, asked_at: datetime | None = None) -> None:
    """Keep the time (and when it was asked for), never shortening a longer pause already kept for that system, unless
    that one was kept by a clock since set back (it would stand in for the vendor's fresh answer)."""
    name, asked_name = NOT_BEFORE[System(system)], ASKED_AT[System(system)]
    kept = store.get_cursor(name)
    kept_asked = store.get_cursor(asked_name)
    now = asked_at if asked_at is not None else until
    if kept is None or until > kept or not _trusted(kept, kept_asked, now):
        store.set_cursors({name: until, asked_name: asked_at})  # no asked time given: none kept for this one


def keep_asked_pause(store: Cursors, system: System, retry_after: float, now: datetime) -> Message:
    """A pause the vendor just asked for (`retry_after` seconds from `now`), kept as record_pause keeps one, so that no
    run, send or sign-in asks that vendor anything before its end; the stopped run's sentence for it."""
    until = now + timedelta(seconds=retry_after)
    record_pause(store, system, until, asked_at=now)
    return stop_message(system, until, retry_after, now)


def pause_in_force(store: Store, now: datetime) -> Pause | None:
    """The latest pause still running at `now`, or None."""
    return max(pauses_in_force(store, now).values(), key=lambda pause: pause.until, default=None)


def pauses_in_force(store: Cursors, now: datetime) -> dict[System, Pause]:
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
    from ..store.database import FILE_NAME

    if data_dir is None:
        return {}
    path = Path(data_dir) / FILE_NAME
    if not path.is_file():
        return {}
    try:
        try:
            return _pauses_read(f"{path.resolve().as_uri()}?mode=ro", now)
        except sqlite3.OperationalError as exc:
            # Reading a WAL file needs its -shm file, which SQLite creates when it is missing (a cleanly closed
            # history has none): for an account that may read the data directory but not write it, that fails
            # ("attempt to write a readonly database") and no pause would be known. With no write-ahead log beside
            # the file, or an empty one, nothing is left uncheckpointed and the main file is the whole history: it
            # is read as immutable (no -shm, no locks). A log with writes in it is not read past: no pause known.
            wal = Path(f"{path}-wal")
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_READONLY or (wal.exists() and wal.stat().st_size > 0):
                raise
            return _pauses_read(f"{path.resolve().as_uri()}?mode=ro&immutable=1", now)
    except (sqlite3.Error, ValueError, OSError):
        log.warning("Could not read the vendors' pauses from the history in %s", data_dir, exc_info=True)
        return {}


def _pauses_read(uri: str, now: datetime) -> dict[System, Pause]:
    connection = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        return pauses_in_force(_Cursors(connection), now)
    finally:
        connection.close()


# How long the setup check waits for a run's write before it gives up keeping a pause (it never waits for a run).
KEEP_BUSY_SECONDS = 2.0


def keep_asked_pause_in(data_dir: Path | str | None, system: System, retry_after: float, now: datetime) -> bool:
    """`keep_asked_pause` for the setup check, in the history in `data_dir`, which it neither creates, upgrades nor
    takes the open lock of (shared/CLI.md: `check` writes nothing else): through a plain connection to the existing
    file (`mode=rw`: none created), and only when its schema is this release's (an older one is a run's to upgrade, a
    newer one a newer release's), waiting KEEP_BUSY_SECONDS at most for a run's write. Whether it was kept; when not,
    the log says why (the check waits for the pause all the same)."""
    from ..store.database import FILE_NAME
    from ..store.migrations import known_version

    if data_dir is None or not (path := Path(data_dir) / FILE_NAME).is_file():
        log.info("%s's pause was not kept: there is no history to keep it in.", System(system).label)
        return False
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=KEEP_BUSY_SECONDS, isolation_level=None
        )
        try:
            found = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if found != known_version():
                log.warning(
                    "%s's pause was not kept: the history in %s has schema %s, this release's is %s.",
                    System(system).label,
                    data_dir,
                    found,
                    known_version(),
                )
                return False
            said = keep_asked_pause(_Cursors(connection), system, retry_after, now)
        finally:
            connection.close()
    except (sqlite3.Error, ValueError, OSError) as exc:
        log.warning("%s's pause was not kept in the history in %s: %s", System(system).label, data_dir, exc)
        return False
    log.warning("%s asked for a pause: %s", System(system).label, said.english())
    return True


class _Cursors:
    """The cursor table of an open sqlite3 connection, asked and written as a Store's: read by kept_pauses, written
    (autocommit connection) by keep_asked_pause_in."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def get_cursor(self, name: str) -> datetime | None:
        from ..store.codec import decode_time

        row = self._connection.execute("SELECT value FROM sync_cursor WHERE name = ?", (name,)).fetchone()
        return decode_time(row[0]) if row is not None and isinstance(row[0], str) else None  # as stored: text

    def set_cursors(self, values: Mapping[str, datetime | None]) -> None:
        """As Store.set_cursors: in one transaction; None deletes the row."""
        from ..store.codec import encode_time

        self._connection.execute("BEGIN IMMEDIATE")
        try:
            for name, value in values.items():
                if value is None:
                    self._connection.execute("DELETE FROM sync_cursor WHERE name = ?", (name,))
                else:
                    self._connection.execute(
                        "INSERT INTO sync_cursor (name, value) VALUES (?, ?) "
                        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        (name, encode_time(value)),
                    )
        except BaseException:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")


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
    "keep_asked_pause",
    "keep_asked_pause_in",
    "kept_pauses",
    "pause_in_force",
    "pauses_in_force",
    "record_pause",
    "stop_message",
    "stop_sentence",
    "wait_sentence",
]
