"""Keeping a large run from freezing the window: when Python's cyclic collector runs, and freeing big data piecemeal.

The window's GUI thread and the sync worker share one interpreter lock. Two things hold that
lock for long stretches, and the GUI thread cannot run a single Python slot meanwhile
(benchmarks/bench_gui_stall.py measured both on a run of 100,000 contacts):

* A full collection of the cyclic garbage collector scans every tracked object in the process at
  once: 0.7 s with the ~1.2 million objects a 100,000-contact run holds, and 3.11's collector does
  one each time the heap has grown by a quarter, so a run that builds its data sees a dozen, each
  longer than the last. During a run they are put off (`pause_full_collections`): the young
  generations are still collected, so short-lived cycles (an HTTP response and its stream) go as
  usual; the one full collection the run owes is made when it has ended and its data is gone
  (`resume_full_collections`), when it costs ~25 ms.
* Freeing a big container frees everything only it holds within one bytecode: 35-60 ms for a
  dict of 100,000 contacts, 140 ms for a plan of 190,000 decisions. `release` empties such
  containers item by item, so the memory goes back between bytecodes, where Python lets another
  thread in every 5 ms.

`keep_alive_from_now` is for data that stays on purpose (the conflict view's 200,000 rows, shown
until the next preview): collected once, then frozen out of every later full collection.

Qt-free: the runner (GUI thread) pauses and resumes around each run; the engine and the worker release.
"""

from __future__ import annotations

import gc
import logging
import threading

log = logging.getLogger(__name__)

# generation 2's threshold while paused: never reached (it counts generation-1 collections).
_NEVER = 1_000_000_000

_lock = threading.Lock()
_pauses = 0
_saved: tuple[int, ...] | None = None


def pause_full_collections() -> None:
    """No full collection until the matching `resume_full_collections` (calls nest; any thread)."""
    global _pauses, _saved
    with _lock:
        if _pauses == 0:
            _saved = gc.get_threshold()
            if len(_saved) >= 3 and _saved[0] > 0:  # threshold 0: the collector is off anyway
                gc.set_threshold(_saved[0], _saved[1], _NEVER)
        _pauses += 1


def resume_full_collections(*, collect: bool = True) -> None:
    """Undo one `pause_full_collections`; the last one makes the full collection that was put off, then
    restores the collector's thresholds. Call it once the run's data is gone: the collection scans what is
    left (and not frozen by `keep_alive_from_now`)."""
    global _pauses, _saved
    with _lock:
        if _pauses == 0:
            return
        _pauses -= 1
        if _pauses:
            return
        saved, _saved = _saved, None
        if collect:
            gc.collect()
        if saved is not None:
            gc.set_threshold(*saved)


def full_collections_paused() -> bool:
    with _lock:
        return _pauses > 0


def keep_alive_from_now() -> None:
    """Everything alive now is meant to stay (a large result just shown): collect once, then freeze it all,
    so no later full collection scans it again.

    Whatever was frozen by the previous call is unfrozen first and collected with the rest, so objects that
    have since become cyclic garbage are freed now; what is frozen is always what was reachable a moment ago.
    Frozen objects are still freed by reference counting the moment nothing refers to them (the rows of the
    preview before, replaced by these). Costs one full collection: ~0.2 s with 200,000 rows alive.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def release(*containers: object) -> None:
    """Empty these lists, dicts and sets one item at a time (the caller must be their only user).

    The same memory is freed as by dropping them, but in small steps between which other threads run,
    instead of in one step that holds the interpreter lock until the last object is gone.
    """
    for container in containers:
        if container is None:
            continue
        if isinstance(container, dict):
            popitem = container.popitem
            while container:
                popitem()
        elif isinstance(container, (list, set)):
            pop = container.pop
            while container:
                pop()
        else:
            raise TypeError(f"release() takes lists, dicts and sets, not {type(container).__name__}")


__all__ = [
    "full_collections_paused",
    "keep_alive_from_now",
    "pause_full_collections",
    "release",
    "resume_full_collections",
]
