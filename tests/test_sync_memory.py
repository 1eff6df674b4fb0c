"""sync.memory: full garbage collections put off during a run and made after it, big data freed piecemeal, freezing."""

from __future__ import annotations

import gc
import threading
import time
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


def test_a_store_load_during_a_run_leaves_no_big_young_generation_for_one_collection(tmp_path):
    """Issue 11 pt 5: the store turned the collector off while it built a slice's contacts, so everything stayed
    young and the first young collection after scanned it all at once (25-70 ms per slice of a 300,000-contact
    preview, the window waiting: bench_gui_stall --diagnose). While full collections are put off, the young ones
    keep going as the objects are made, each over a few hundred."""
    from datetime import datetime, timezone

    from desktop_app.domain.model import Consent, EmarketeerContact, LegalBasis
    from desktop_app.store import Store

    at = datetime(2026, 6, 1, tzinfo=timezone.utc)
    contacts = [
        EmarketeerContact(f"c{i}@example.se", i, (Consent(LegalBasis.CONSENT, at), Consent(LegalBasis.CONTRACT, at)))
        for i in range(5_000)
    ]
    largest: list[int] = []

    def young(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] < 2:
            largest.append(gc.get_count()[0])

    with Store.open(tmp_path) as store:
        store.upsert_emarketeer(contacts)
        memory.pause_full_collections()
        gc.callbacks.append(young)
        try:
            loaded = store.load_emarketeer()
            [[i] for i in range(2_000)]  # what the run does next: the collector's next look
        finally:
            gc.callbacks.remove(young)
    assert len(loaded) == 5_000
    assert largest and max(largest) <= 2 * gc.get_threshold()[0], f"a young collection of {max(largest)} objects"


def test_while_paused_the_young_generations_are_collected_even_when_frees_keep_the_count_low():
    """Issue 11 pt 5: 3.11 counts allocations minus deallocations; freeing old data while making new (a slice let go
    as the next is built) keeps the count under the threshold while the young generation grows, until one collection
    scans it all with the interpreter lock held (30-56 ms on the worker at a million contacts). While a run has
    full collections put off, a sweeper collects the young generations every SWEEP_EVERY seconds."""
    old = [[i] for i in range(200_000)]
    gc.collect()  # `old` is in the oldest generation now, as a run's earlier data is
    memory.pause_full_collections()
    new = []
    until = time.monotonic() + 6 * memory.SWEEP_EVERY
    i = 0
    while time.monotonic() < until:
        if i < len(old):
            new.append([i])  # made and kept...
            old[i] = None  # ...while something old goes: the collector's count stays where it was
            i += 1
        else:
            time.sleep(0.001)
    young = len(gc.get_objects(0)) + len(gc.get_objects(1))
    memory.resume_full_collections(collect=False)
    assert i > 20_000, "the machine was too slow to make the young generation grow"
    assert young < i // 2, f"{young:,} young objects of {i:,} made: nothing collected them"


def test_the_sweeper_stops_with_the_last_resume():
    memory.pause_full_collections()
    memory.pause_full_collections()
    assert sum(t.name == "lbs-gc-sweep" for t in threading.enumerate()) == 1
    memory.resume_full_collections(collect=False)
    memory.resume_full_collections(collect=False)
    time.sleep(3 * memory.SWEEP_EVERY)
    assert not any(t.name == "lbs-gc-sweep" for t in threading.enumerate())


def test_a_headless_run_puts_off_full_collections_as_a_window_run_does(world, monkeypatch):
    """Issue 11 pt 4: a run from the command line (or a send's sync) had the collector scan the whole growing heap
    each time it grew by a quarter: 40 full collections in a 100,000-contact full run. The engine now pauses them
    for the run itself, makes the one it owes at the end, and keeps a pause it was started under."""
    from desktop_app.sync.engine import SyncEngine

    world.so_person("a@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("a@example.se")
    world.advance(60)
    seen: list[bool] = []
    apply = SyncEngine._apply

    def spy(self, *args, **kwargs):
        seen.append(memory.full_collections_paused())
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(SyncEngine, "_apply", spy)
    before = gc.get_threshold()
    with FullCollections() as full:
        world.sync()
        assert full.count == 1  # the one put off, at the run's end
    assert seen == [True] and not memory.full_collections_paused() and gc.get_threshold() == before

    memory.pause_full_collections()  # the window's pause around its run
    try:
        world.advance(60)
        world.so_person("b@example.se", EMARKETING="WITHDRAWN")
        world.em_contact("b@example.se")
        world.advance(60)
        world.sync()
        assert seen == [True, True] and memory.full_collections_paused()  # the window's pause is kept
    finally:
        memory.resume_full_collections()
