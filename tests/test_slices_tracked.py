"""slices.tracked: one generator that keeps R21's newest trusted time and asks for a Cancel between rows.

A full read passes six million rows at a million contacts (issue 11 pt 4); the Cancel check that _GuardedIter made in
a second generator is made here, before the first row and before every 64th row is asked for, so a cancelled run
makes no further request.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.sync.slices import tracked

T0 = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)


class Cancelled(Exception):
    pass


@pytest.mark.parametrize("count", [0, 1, 63, 64, 65, 200])
def test_the_check_comes_before_the_first_and_every_64th_row_is_asked_for(count):
    asked: list[str] = []

    def rows():
        for i in range(count):
            asked.append(f"row {i}")
            yield T0 + timedelta(minutes=i)

    def check():
        asked.append("check")

    cursors: dict[str, datetime] = {}
    assert list(tracked(rows(), cursors, "c", lambda t: t, T0 + timedelta(days=1), check)) == [
        T0 + timedelta(minutes=i) for i in range(count)
    ]
    expected = []
    for i in range(count):
        if i % 64 == 0:
            expected.append("check")
        expected.append(f"row {i}")
    if count % 64 == 0:
        expected.append("check")  # before asking for a row after the last full block
    assert asked == expected
    assert cursors.get("c") == (T0 + timedelta(minutes=count - 1) if count else None)


def test_a_cancel_stops_before_the_next_row_is_asked_for_and_keeps_the_newest_time_seen():
    asked = []

    def rows():
        for i in range(500):
            asked.append(i)
            yield T0 + timedelta(minutes=i)

    calls = 0

    def check():
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Cancelled

    cursors: dict[str, datetime] = {}
    seen = []
    with pytest.raises(Cancelled):
        for t in tracked(rows(), cursors, "c", lambda t: t, T0 + timedelta(days=1), check):
            seen.append(t)
    assert len(seen) == len(asked) == 128  # two blocks, then the Cancel before row 128 was asked for
    assert cursors["c"] == T0 + timedelta(minutes=127)


def test_times_after_the_latest_allowed_do_not_move_the_cursor():
    late = T0 + timedelta(hours=5)
    cursors: dict[str, datetime] = {}
    list(tracked(iter([T0, late, None]), cursors, "c", lambda t: t, T0 + timedelta(minutes=10)))
    assert cursors == {"c": T0}
