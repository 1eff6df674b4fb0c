"""Issue 11 pt 3: a preview's rows on disk (store.review_table) give back exactly what filtering and sorting the
rows in Python gives, for every filter, sort and page; rows come back as they went in. No Qt."""

from __future__ import annotations

import itertools

import pytest
from test_ui_conflict import make_details

from desktop_app.domain.model import ContactError, Purpose, System
from desktop_app.domain.review import count_rows, review_rows
from desktop_app.store.review_table import (
    FLAG_CONFLICT,
    FLAG_DISAGREEMENT,
    FLAG_DUPLICATES,
    FLAG_ERROR,
    FLAG_HELD,
    ReviewTable,
    RowFilter,
    row_flags,
)

NEG = float("-inf")


@pytest.fixture(scope="module")
def rows():
    base = review_rows(
        make_details(), [ContactError("bad address", None, "SuperOffice person 3: not an address", System.SUPEROFFICE)]
    )
    # Three rounds under new addresses: ties in every sort key, and the sparse/dense paths both taken.
    return [r._replace(email=f"{r.email}.{k}") for k in range(3) for r in base]  # (one is "not an address")


@pytest.fixture(scope="module")
def table(rows):
    return ReviewTable.build(iter(rows))


def oracle(rows, f: RowFilter, key: str, descending: bool) -> list[int]:
    """The same filter and order in plain Python, over the stored positions."""

    def passes(r) -> bool:
        if row_flags(r) & f.required != f.required:
            return False
        if f.purpose is not None and r.purpose not in (f.purpose, None):
            return False
        return f.needle in r.email.lower()

    def sort_key(i: int):
        r = rows[i]
        values = {
            "seq": i,
            "email": r.email.lower(),
            "so_changed": r.so_changed_at.timestamp() if r.so_changed_at else NEG,
            "so_person": r.so_person_id if r.so_person_id is not None else -1,
            "action": r.action.value,
            "purpose": r.purpose.index if r.purpose is not None else -1,
        }
        return (values[key], i)

    shown = [i for i, r in enumerate(rows) if passes(r)]
    return sorted(shown, key=sort_key, reverse=descending)


def test_rows_come_back_as_they_went_in_with_counts_made_in_sql(rows, table):
    assert table.total == len(rows)
    assert list(table) == rows
    assert table.counts == count_rows(rows)


FILTERS = [
    RowFilter(),
    RowFilter(FLAG_DISAGREEMENT),
    RowFilter(FLAG_DISAGREEMENT | FLAG_DUPLICATES),
    RowFilter(FLAG_ERROR),
    RowFilter(FLAG_CONFLICT),
    RowFilter(FLAG_HELD),
    RowFilter(0, Purpose.STORE),
    RowFilter(FLAG_ERROR, Purpose.MARKETING),
    RowFilter(0, None, "alpha"),
    RowFilter(0, None, ".se.1"),
    RowFilter(FLAG_DISAGREEMENT, Purpose.STORE, "a"),
    RowFilter(0, None, "nobody"),
]


@pytest.mark.parametrize("f", FILTERS)
@pytest.mark.parametrize(
    "key, descending",
    [
        ("seq", False),
        ("seq", True),
        ("email", False),
        ("so_changed", True),
        ("so_person", False),
        ("action", True),
        ("purpose", False),
    ],
)
def test_counts_pages_and_positions_match_python(rows, table, f, key, descending):
    expected = oracle(rows, f, key, descending)
    assert table.count(f) == len(expected)
    got = list(
        itertools.chain.from_iterable(
            table.seqs(f, key, descending, offset, 7) for offset in range(0, len(expected) + 7, 7)
        )
    )
    assert got == expected
    for position, seq in list(enumerate(expected))[::5]:
        assert table.position(seq, f, key, descending) == position
    hidden = next((i for i in range(len(rows)) if i not in set(expected)), None)
    if hidden is not None:
        assert table.position(hidden, f, key, descending) == -1
    if expected:
        held_shown = any(row_flags(rows[i]) & FLAG_HELD for i in expected[:4])
        assert table.any_flag(f, key, descending, 0, 4, FLAG_HELD) == held_shown


def test_a_search_with_many_matches_is_counted_and_paged(rows):
    many = [rows[0]._replace(email=f"person{i:05d}@company.se") for i in range(2_500)]
    table = ReviewTable.build(many)
    f = RowFilter(0, None, "person0")  # more than one read keeps
    assert table.count(f) == 2_500
    assert table.seqs(f, "seq", False, 2_400, 200) == list(range(2_400, 2_500))
    assert table.seqs(f, "email", True, 0, 3) == [2_499, 2_498, 2_497]


def test_rows_handed_on_in_chunks_are_the_rows_of_the_whole_run(monkeypatch):
    """The worker streams a preview into the table a chunk at a time; the chunks add up to the whole list, in order."""
    from desktop_app.domain import review

    whole = review.review_rows(make_details())
    monkeypatch.setattr(review, "_CHUNK", 3)
    chunked = review.iter_review_rows(make_details())
    assert next(chunked) == whole[0]  # a generator: rows come before the run is walked to its end
    assert [whole[0], *chunked] == whole
    assert list(ReviewTable.build(review.iter_review_rows(make_details()))) == whole


def test_the_writers_explanations_are_let_go_one_at_a_time_when_it_finishes_or_is_discarded(rows):
    """Issue 11 pt 5: the writer keeps up to 100,000 explanations it has encoded; dropped with the writer they were
    freed within one bytecode (240 ms of the interpreter lock at the end of a million-contact preview, the window
    frozen: bench_gui_stall --diagnose). They are emptied item by item first; the table reads the same."""
    from desktop_app.store.review_table import ReviewTableWriter

    writer = ReviewTableWriter()
    writer.add(iter(rows))
    cache = writer._cache
    assert cache  # the rows' explanations were encoded through it
    table = writer.finish()
    assert not cache, "the explanations were left for the writer's deallocation"
    assert table.total == len(rows) and table.rows([0])[0].email == rows[0].email

    discarded = ReviewTableWriter()
    discarded.add(iter(rows))
    cache = discarded._cache
    discarded.discard()
    assert not cache
