"""The simulators' own indexes answer exactly as a scan of every row would (issue 11 pt 1).

They exist so a changes read at a million contacts costs the simulator what a real service's index costs, and the
benchmarks measure the engine: the eMarketeer simulator's sorted keys (every page of a changes read) and the
SuperOffice simulator's time index (every `afterTime`/`gt` filter of an incremental read, R21). Each is checked
against a plain sorted list / a scan, under any order of inserts, removals, bulk loads and out-of-order times.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.simulators.common import SortedKeys
from desktop_app.simulators.superoffice import _TimeIndex

KEYS = st.tuples(st.integers(0, 30), st.integers(0, 5))
STAMPS = st.sampled_from([f"2026-12-03T10:{m:02d}:00" for m in range(0, 60, 7)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "discard", "bulk_add"]), KEYS), max_size=60), KEYS)
def test_sorted_keys_match_a_plain_sorted_list(steps, probe) -> None:
    keys, reference = SortedKeys(), set()
    for op, key in steps:
        if op == "add":
            keys.add(key)
            reference.add(key)
        elif op == "discard":
            keys.discard(key)
            reference.discard(key)
        else:
            with keys.bulk():
                keys.add(key)
            reference.add(key)
        ordered = sorted(reference)
        view = keys.sorted()
        assert list(view) == ordered and len(keys) == len(ordered)
        # the emarketeer simulator pages with bisect_left and a slice
        assert view.bisect_left(probe) == sum(1 for k in ordered if k < probe)
        assert list(view[1:4]) == ordered[1:4]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(1, 20), STAMPS, max_size=20),
    st.lists(st.tuples(st.integers(1, 25), STAMPS), max_size=40),
    STAMPS,
    st.integers(0, 40),
)
def test_time_index_finds_every_row_after_a_time_as_a_scan_would(initial, later, cut, asked_at) -> None:
    rows = {row_id: {"c": stamp} for row_id, stamp in initial.items()}
    index = _TimeIndex(rows, "c")
    for step, (row_id, stamp) in enumerate(later):
        if step == asked_at:
            index.after(cut)  # built from the rows here; later values go to its log, in any time order
        rows.setdefault(row_id, {})["c"] = stamp
        index.touched(row_id, stamp)
    found = index.after(cut)
    # candidates may include rows that moved on (the caller checks the current value), never miss one
    assert {row_id for row_id, row in rows.items() if row["c"] > cut} <= found
    assert found <= set(rows)
