"""A full run's working set, bounded (issue 11): the replica read from the store in address slices.

`read_full_into_store` streams the four full reads into the store as their pages arrive (see
store/replica.py) instead of holding every row; `plan_in_slices` then decides the whole replica a slice
of addresses at a time with the one planner (domain.planner.plan), keeping only what the run goes on to
use: the writes (conflicts are writes too) and the counts. Agreements (R12/R13 baselines) are saved slice
by slice, unless it is a dry run. Because the planner decides each address on its own (both sides' values
and its baseline), deciding slice by slice decides exactly as deciding everything at once
(tests/test_engine_scale.py checks it).

`StoredContacts` stands in for a snapshot's dict of contacts: R14's re-read and re-decision look up the
few contacts of one chunk of writes, loaded from the replica a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import islice
from typing import Generic, TypeVar

from ..domain.model import PURPOSES
from ..domain.planner import Answer, Decision, Plan, PlanSettings, plan
from ..store import BaselineEntry, Store
from ..store.replica import ReplicaSlice
from .memory import release

SLICE_SIZE = 20_000

T = TypeVar("T")


def tracked(
    rows: Iterable[T],
    cursors: dict[str, datetime],
    name: str,
    time_of: Callable[[T], datetime | None],
    latest_allowed: datetime,
    check: Callable[[], None] | None = None,
    every: int = 64,
) -> Iterator[T]:
    """The rows, passed through while the newest of their times up to latest_allowed is kept in cursors[name]
    (engine._track's rule, for rows that stream past instead of being held). `check` (a Cancel) is called before the
    first row and then before every `every`-th row is asked for, so a cancelled run makes no further request: one
    generator instead of two in a chain (issue 11 pt 4: a full read of a million contacts passes six million rows)."""
    newest = cursors.get(name)
    rows = iter(rows)
    try:
        while True:
            if check is not None:
                check()
            n = 0
            for row in islice(rows, every):
                n += 1
                t = time_of(row)
                if t is not None and t <= latest_allowed and (newest is None or t > newest):
                    newest = t
                yield row
            if n < every:
                return
    finally:
        if newest is not None:
            cursors[name] = newest


def plan_in_slices(
    store: Store,
    now: datetime,
    settings: PlanSettings,
    *,
    save_agreements: bool,
    size: int = SLICE_SIZE,
    check: Callable[[], None] | None = None,
    progress: Callable[[int], None] | None = None,
    answers: Mapping[str, Sequence[Answer]] | None = None,
    each: Callable[[ReplicaSlice, Plan], None] | None = None,
) -> Plan:
    """Decide the whole replica slice by slice; the returned Plan holds only the decisions that write (and the
    held ones, R24); `answers` are a person's answers to held decisions, by address. `each` sees every slice
    and its whole plan as it is decided (a preview writes the conflict view's rows from them: sync.preview)."""
    result = Plan()
    n = 0
    # Without `each`, only decisions are kept: the contacts the planner would pass over as in sync are counted in
    # SQL and never read (issue 11 pt 4), exactly as plan() counts them (tests/test_slices_in_sync.py).
    # Not enumerate(): its reused result tuple would hold the slice before while the next one is read.
    for piece in store.replica_slices(size, leave_out_in_sync=each is None):
        n += 1
        if check is not None:
            check()
        part = plan(piece.superoffice, piece.emarketeer, piece.baselines, now, settings, answers=answers)
        part.matched += piece.in_sync
        part.in_sync += piece.in_sync * len(PURPOSES)
        if each is not None:
            each(piece, part)
        result.used_answers.extend(part.used_answers)
        result.void_answers.extend(part.void_answers)
        result.matched += part.matched
        result.in_sync += part.in_sync
        result.errors.extend(part.errors)
        result.unmatched_superoffice.extend(part.unmatched_superoffice)
        result.unmatched_emarketeer.extend(part.unmatched_emarketeer)
        result.decisions.extend(d for d in part.decisions if d.target is not None)
        if save_agreements:
            agreed = [d for d in part.decisions if d.target is None and not baseline_kept(d)]
            if agreed:
                store.save_baselines(
                    BaselineEntry(d.email, d.purpose, d.superoffice, d.emarketeer, d.person_id) for d in agreed
                )
            del agreed
        if progress is not None:
            progress(n)
        # Let this slice go before the next one is read: the loop's names would otherwise keep it alive while the
        # next one is built, two slices at once (issue 11 pt 3). Item by item: dropped whole, its 20,000 contacts
        # and their decisions were freed within one bytecode, 30-40 ms of the interpreter lock with the window
        # waiting (issue 11 pt 5).
        release(piece.superoffice, piece.emarketeer, piece.baselines, part.decisions)
        del piece, part
    return result


def baseline_kept(d: Decision) -> bool:
    """An agreement (R12/R13) whose baseline already holds both sides' values and times: saving it again would
    change nothing the planner reads (a full run with nothing to write rewrote every baseline, issue 11)."""
    bs, be = d.baseline_superoffice, d.baseline_emarketeer
    return (
        bs is not None
        and be is not None
        and bs.basis == d.superoffice.basis
        and bs.changed_at == d.superoffice.changed_at
        and be.basis == d.emarketeer.basis
        and be.changed_at == d.emarketeer.changed_at
    )


K = TypeVar("K")


class StoredContacts(Generic[K]):
    """A side of the replica looked up in the store: `get` one address, `prefetch` a chunk's addresses at once.

    Only the last prefetched chunk (and single lookups since) is held.
    """

    def __init__(self, load: Callable[[list[str]], dict[str, K]]) -> None:
        self._load = load
        self._cache: dict[str, K | None] = {}

    def prefetch(self, emails: Iterable[str]) -> None:
        wanted = sorted(set(emails))
        found = self._load(wanted)
        self._cache = {email: found.get(email) for email in wanted}

    def get(self, email: str, default: K | None = None) -> K | None:
        if email not in self._cache:
            self._cache[email] = self._load([email]).get(email)
        found = self._cache[email]
        return default if found is None else found


def prefetch(contacts: object, emails: Iterable[str]) -> None:
    if isinstance(contacts, StoredContacts):
        contacts.prefetch(emails)


__all__ = ["SLICE_SIZE", "StoredContacts", "baseline_kept", "plan_in_slices", "prefetch", "tracked"]
