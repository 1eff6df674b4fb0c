"""Keeping a large run from freezing the window: when Python's cyclic collector runs, and freeing big data piecemeal.

The window's GUI thread and the sync worker share one interpreter lock. Two things hold that
lock for long stretches, and the GUI thread cannot run a single Python slot meanwhile
(benchmarks/bench_gui_stall.py measured both on a run of 100,000 contacts):

* A full collection of the cyclic garbage collector scans every tracked object in the process at
  once: 0.7 s with the ~1.2 million objects a 100,000-contact run holds, and 3.11's collector does
  one each time the heap has grown by a quarter, so a run that builds its data sees a dozen, each
  longer than the last. During a run they are put off (`pause_full_collections`): the young
  generations are still collected, so short-lived cycles (an HTTP response and its stream) go as
  usual. What was alive when the run began (the window, its models, the modules: hundreds of
  thousands of objects) is frozen meanwhile, so the one full collection the run owes, made when it
  has ended and its data is gone (`resume_full_collections`), scans only what the run made and left:
  a few milliseconds, whatever the app holds. Then the heap is unfrozen and the collector goes on as usual.
* Freeing a big container frees everything only it holds within one bytecode: 35-60 ms for a
  dict of 100,000 contacts, 140 ms for a plan of 190,000 decisions. `release` empties such
  containers item by item, so the memory goes back between bytecodes, where Python lets another
  thread in every 5 ms.

Qt-free: the runner (GUI thread) pauses and resumes around each run; the engine and the worker release.
"""

from __future__ import annotations

import gc
import logging
import threading

from ..store.store import FULL_COLLECTIONS_OFF as _NEVER

log = logging.getLogger(__name__)

# While paused, the young generations are collected at least this often (seconds), whatever the collector's counts say.
SWEEP_EVERY = 0.05

_lock = threading.Lock()
_pauses = 0
_saved: tuple[int, ...] | None = None
_sweeping: threading.Event | None = None  # set to stop the sweeper thread


def _sweep(stop: threading.Event) -> None:
    """Collect the young generations every SWEEP_EVERY seconds until `stop` is set.

    3.11's collector starts a young collection when allocations minus deallocations pass 700; a run that frees its
    old data while it makes new (a slice let go as the next is built, a page's rows after they are staged) keeps
    that count low while the young generation grows by everything made meanwhile, until one collection scans all
    of it holding the interpreter lock: 30-56 ms on the worker during a million-contact preview (bench_gui_stall
    --diagnose), the window waiting. Collected every 50 ms, it never holds more than 50 ms of allocations."""
    while not stop.wait(SWEEP_EVERY):
        gc.collect(1)


def pause_full_collections() -> None:
    """No full collection until the matching `resume_full_collections` (calls nest; any thread); what is alive
    now is frozen until then (gc.freeze: no collection scans it, reference counting still frees it)."""
    global _pauses, _saved
    with _lock:
        if _pauses == 0:
            _saved = gc.get_threshold()
            if len(_saved) >= 3 and _saved[0] > 0:  # threshold 0: the collector is off anyway
                gc.set_threshold(_saved[0], _saved[1], _NEVER)
                _start_sweeping()
            gc.freeze()
        _pauses += 1


def _start_sweeping() -> None:
    global _sweeping
    _sweeping = threading.Event()
    threading.Thread(target=_sweep, args=(_sweeping,), name="lbs-gc-sweep", daemon=True).start()


def _stop_sweeping() -> None:
    global _sweeping
    if _sweeping is not None:
        _sweeping.set()  # the thread ends at its next wake-up; nothing waits for it
        _sweeping = None


def resume_full_collections(*, collect: bool = True) -> None:
    """Undo one `pause_full_collections`; the last one makes the full collection that was put off, then
    unfreezes the heap and restores the collector's thresholds. Call it once the run's data is gone: the
    collection scans only what was made since the pause and is still there (cyclic garbage from before the
    pause waits for the collector's next full collection, as it would have without the run)."""
    global _pauses, _saved
    with _lock:
        if _pauses == 0:
            return
        _pauses -= 1
        if _pauses:
            return
        saved, _saved = _saved, None
        _stop_sweeping()
        if collect:
            gc.collect()
        gc.unfreeze()
        if saved is not None:
            gc.set_threshold(*saved)


def full_collections_paused() -> bool:
    with _lock:
        return _pauses > 0


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
    "pause_full_collections",
    "release",
    "resume_full_collections",
]
