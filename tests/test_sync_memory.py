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


def test_what_was_alive_at_the_pause_is_frozen_until_the_resume():
    """The collection a run owes scans only what the run made (issue 11 pt 5): the window's own objects,
    alive when the run began, are frozen meanwhile, and collected as usual again after it."""
    before = [Node() for _ in range(1000)]
    memory.pause_full_collections()
    assert gc.get_freeze_count() >= len(before)
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b  # cyclic garbage made during the run
    with FullCollections() as full:
        memory.resume_full_collections()
        assert full.count == 1
    assert gone() is None and gc.get_freeze_count() == 0
    probe = weakref.ref(before[0])
    before.clear()  # frozen or not, reference counting frees it
    assert probe() is None


def test_release_empties_containers_and_refuses_what_it_cannot_empty():
    rows = [(i, str(i)) for i in range(10_000)]
    index = {str(i): (i,) for i in range(10_000)}
    seen = set(range(100))
    memory.release(rows, index, seen, None)
    assert rows == [] and index == {} and seen == set()
    with pytest.raises(TypeError):
        memory.release((1, 2, 3))
