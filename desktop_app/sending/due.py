"""When a scheduled send is due, tried again, or held for a person (R10): one policy for the window and `send --due`.

Pure functions over what the store keeps with each scheduled send (its time, failed attempts, the
time of the last one, and whether it is held), so the answer survives a restart and the window's
timer and the headless command decide alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

RETRY_AFTER = timedelta(minutes=5)  # a failed attempt (a sync running elsewhere, eMarketeer down) rests this long
MAX_ATTEMPTS = 3  # then the send is held: it waits for the person (Send now or Cancel send)


class DueFacts(Protocol):
    """What the policy reads of a scheduled send (ScheduledSend has these, read-only)."""

    @property
    def send_id(self) -> int: ...
    @property
    def scheduled_at(self) -> datetime: ...
    @property
    def attempts(self) -> int: ...
    @property
    def last_attempt_at(self) -> datetime | None: ...
    @property
    def held(self) -> bool: ...


_Send = TypeVar("_Send", bound=DueFacts)  # the caller's own send type comes back


def is_due(send: DueFacts, now: datetime) -> bool:
    """Its time has come (held or not)."""
    return send.scheduled_at <= now


def retry_at(send: DueFacts) -> datetime | None:
    """When a send that failed may be tried again; None when it never failed."""
    if not send.attempts or send.last_attempt_at is None:
        return None
    return send.last_attempt_at + RETRY_AFTER


def ready(send: DueFacts, now: datetime) -> bool:
    """To be sent now, without asking: due, not held, and not resting after a failed attempt."""
    if send.held or not is_due(send, now):
        return False
    again = retry_at(send)
    return again is None or again <= now


def ready_sends(sends: Iterable[_Send], now: datetime, *, waiting: Iterable[int] = ()) -> list[_Send]:
    """The sends to go now, in order; `waiting`: ids the window is still asking the person about."""
    skip = set(waiting)
    return [s for s in sends if s.send_id not in skip and ready(s, now)]


def held_after(attempts: int) -> bool:
    """After this many failed attempts the send is not tried again on its own."""
    return attempts >= MAX_ATTEMPTS


def retry_minutes() -> int:
    return int(RETRY_AFTER.total_seconds() // 60)


def due_at_start(sends: Sequence[_Send], now: datetime) -> list[_Send]:
    """Sends that fell due while the window was closed and are not held already: asked about, never sent blindly."""
    return [s for s in sends if is_due(s, now) and not s.held]
