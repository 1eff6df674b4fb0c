"""sync.memory: full garbage collections put off during a run and made after it, big data freed piecemeal, freezing."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop_app.sync import memory


@pytest.fixture(autouse=True)
def _collector_as_found():
    thresholds = gc.get_threshold()
    yield
    while memory.full_collections_paused():
        memory.resume_full_collections(collect=False)
    gc.set_threshold(*thresholds)
    gc.unfreeze()


class FullCollections:
    """Counts the collector's generation-2 collections (automatic or asked for)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.count += 1

    def __enter__(self) -> "FullCollections":
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self)


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_pausing_stops_full_collections_until_resumed_and_then_makes_one():
    before = gc.get_threshold()
    memory.pause_full_collections()
    assert memory.full_collections_paused()
    assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10_000_000
    with FullCollections() as full:
        keep = [[i] for i in range(300_000)]  # enough young collections to have made several full ones
        assert full.count == 0
        memory.resume_full_collections()
        assert full.count == 1  # the one that was put off
    assert gc.get_threshold() == before and not memory.full_collections_paused()
    del keep


def test_pauses_nest_and_only_the_last_resume_restores():
    before = gc.get_threshold()
    memory.pause_full_collections()
    memory.pause_full_collections()
    memory.resume_full_collections()
    assert memory.full_collections_paused() and gc.get_threshold() != before
    memory.resume_full_collections()
    assert not memory.full_collections_paused() and gc.get_threshold() == before
    memory.resume_full_collections()  # one too many: nothing happens
    assert gc.get_threshold() == before


def test_young_cycles_are_still_collected_while_paused():
    memory.pause_full_collections()
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    gc.collect(1)  # what the collector does on its own every few hundred allocations
    assert gone() is None


def test_keep_alive_from_now_frees_cyclic_garbage_then_freezes_the_rest():
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    kept = [Node() for _ in range(1000)]
    memory.keep_alive_from_now()
    assert gone() is None  # collected first, never frozen
    assert gc.get_freeze_count() >= len(kept)
    # Frozen objects are out of the collector's sight but still freed by reference counting.
    probe = weakref.ref(kept[0])
    kept.clear()
    assert probe() is None


def test_keep_alive_from_now_unfreezes_what_it_froze_before():
    memory.keep_alive_from_now()
    a, b = Node(), Node()
    a.other, b.other = b, a
    memory.keep_alive_from_now()  # a and b are frozen now, though alive
    gone = weakref.ref(a)
    del a, b  # a frozen cycle: only an unfreeze lets a collection see it
    memory.keep_alive_from_now()
    assert gone() is None


def test_release_empties_containers_and_refuses_what_it_cannot_empty():
    rows = [(i, str(i)) for i in range(10_000)]
    index = {str(i): (i,) for i in range(10_000)}
    seen = set(range(100))
    memory.release(rows, index, seen, None)
    assert rows == [] and index == {} and seen == set()
    with pytest.raises(TypeError):
        memory.release((1, 2, 3))
