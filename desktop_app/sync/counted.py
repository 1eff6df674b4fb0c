"""A large run's summary as the window gets it: the numbers of its decisions, not the decisions (issue 11 pt 5).

A dry run of a million contacts plans about 400,000 writes: two million objects in the summary's
`changes`. The window shows only how many (every decision is in the history, a preview's rows in its
table), yet it would free them all in one step on the GUI thread and scan them in its next full
garbage collection: seconds with the window frozen. So the worker sends a `CountedSummary` instead and
frees the decisions itself, piecemeal (sync.memory.release). Qt-free: the presenters read `decision_counts`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple

from .engine import RunSummary

# Above this many decisions (writes, conflicts, held) the window gets their numbers, not the decisions (for_window).
WINDOW_DECISIONS = 10_000


class DecisionCounts(NamedTuple):
    """How many decisions of each kind a run's summary had (what the window shows of them)."""

    changes: int
    conflicts: int
    held: int


@dataclass(frozen=True, slots=True)
class CountedSummary(RunSummary):
    """A large run's summary as the window gets it: `changes`, `conflicts` and `held` are empty and `counts`
    says how many there were. The window shows only their numbers (every decision is in the history and the
    preview's table); 400,000 decisions are two million objects, which the GUI thread would otherwise free
    in one step and scan in every full garbage collection (issue 11 pt 5: the result taken in <= 1 s)."""

    counts: DecisionCounts = DecisionCounts(0, 0, 0)


def decision_counts(summary: Any) -> DecisionCounts:
    """How many changes, conflicts and held decisions a run's summary stands for (a CountedSummary or not)."""
    counts = getattr(summary, "counts", None)
    if isinstance(counts, DecisionCounts):
        return counts
    return DecisionCounts(len(summary.changes), len(summary.conflicts), len(getattr(summary, "held", ())))


def for_window(summary: RunSummary) -> tuple[RunSummary, list[list[Any]]]:
    """The summary to send the window, and the decisions it no longer holds, as lists the caller frees
    piecemeal (memory.release) on the worker's thread once it has dropped `summary`.

    A run of at most WINDOW_DECISIONS decisions goes as it is (nothing to free)."""
    counts = decision_counts(summary)
    if sum(counts) <= WINDOW_DECISIONS:
        return summary, []
    values = {f.name: getattr(summary, f.name) for f in dataclasses.fields(summary)}
    decisions = [list(values.pop(name)) for name in ("changes", "conflicts", "held")]
    values.pop("counts", None)
    return CountedSummary(**values, changes=(), conflicts=(), held=(), counts=counts), decisions


__all__ = ["WINDOW_DECISIONS", "CountedSummary", "DecisionCounts", "decision_counts", "for_window"]
