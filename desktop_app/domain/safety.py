"""Nothing irreversible without a person: the mass-change brake (R23) and flapping pairs (R25), as pure rules.

The planner holds reversed withdrawals itself (R24, it knows the values); these two rules look at a
whole plan and at the app's own write history, which the engine reads from the store and passes in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .model import Purpose
from .planner import Decision

W = TypeVar("W")  # what is kept of one write (the store's: a dict)

# R25: after this many of the app's own writes to one pair within 24 hours, a further write is not made.
FLAP_WRITES = 3


@dataclass(frozen=True, slots=True)
class BrakeSettings:
    """R23: a run writing more than `max_writes` and more than `max_percent` % of the matched contacts is held;
    so is a first full run writing more than `max_writes`."""

    enabled: bool = True
    max_writes: int = 200
    max_percent: float = 2.0


def brake_holds(writes: int, matched: int, first_full_run: bool, settings: BrakeSettings) -> bool:
    """R23: whether a run that would make `writes` writes waits for a person."""
    if not settings.enabled or writes <= settings.max_writes:
        return False
    return first_full_run or writes * 100 > settings.max_percent * matched


def count_changes(writes: Sequence[Decision]) -> int:
    """The legal bases a run would change, as a person counts them: one per write."""
    return len(writes)


def split_flapping(
    writes: Sequence[Decision],
    history: Mapping[tuple[str, Purpose], Sequence[W]],
    stopped: Collection[tuple[str, Purpose]],
) -> tuple[list[Decision], dict[tuple[str, Purpose], Sequence[W]]]:
    """R25: the writes to make, and the pairs newly found flapping (with the writes seen) which are not written.

    `history` holds, per pair, the app's own writes within 24 hours (one per run); `stopped` the pairs
    already flapping and not yet cleared by a person.
    """
    keep: list[Decision] = []
    found: dict[tuple[str, Purpose], Sequence[W]] = {}
    for d in writes:
        key = (d.email, d.purpose)
        if key in stopped:
            continue
        seen = history.get(key, ())
        if len(seen) >= FLAP_WRITES:
            found[key] = seen
            continue
        keep.append(d)
    return keep, found
