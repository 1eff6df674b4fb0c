"""A preview's rows in a private SQLite file, read a page at a time: the conflict view at a million rows.

Holding a `ConflictRow` per row costs about 1 KB each (1 GB at a million rows) and filtering them in
Python grows with the rows. Here the rows are written once, off the GUI thread (`ReviewTable.build`),
into a throw-away SQLite database (`sqlite3.connect("")`: a temporary file SQLite deletes when the
connection closes). The window then asks for counts and pages: filters are SQL over one narrow
covering index (flags, purpose, address) in the run's order, so a count walks about 40 MB at a
million rows rather than the rows themselves; a page is 200 rows made into `ConflictRow`s when shown.
Sorting by a column builds that column's covering index once (about a second at a million rows).

Sort keys are the stored values: times and numbers sort natively; value, decision and winner
columns group by their stored code and "Why" by its message kind (the same values and reasons
together, in a fixed order, whatever the window's language). No Qt here: the conflict view's model (ui/conflicts/model.py) sits on top.

The connection is made on the thread that builds the table and then used by one thread at a time
(the worker hands the finished table to the window), hence `check_same_thread=False`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, NamedTuple, cast

from ..domain.messages import Message
from ..domain.model import LegalBasis, Purpose, Rule, System
from ..domain.review import Action, ConflictRow, PersonValue, ReviewCounts, RowKind
from .errors import DiskFull, disk_full

# Filter flags, one int per row (the conflict view's toggles).
FLAG_DISAGREEMENT = 1
FLAG_DUPLICATES = 2
FLAG_ERROR = 4
FLAG_CONFLICT = 8
FLAG_HELD = 16  # R24: waits for a person's answer

PAGE = 200
_SMALL = 1_000  # a search finding at most this many rows is answered from one read

_PURPOSE_BY_INDEX = {p.index: p for p in Purpose}
_NEG = -1e308  # a missing time sorts first, as an unknown value does

# Sort keys: never NULL, so "before this row" is one comparison (position()).
SORT_KEYS = {
    "seq": "seq",
    "email": "email_lc",
    "purpose": "purpose",
    "so_basis": "IFNULL(so_basis, '')",
    "so_changed": f"IFNULL(so_changed, {_NEG})",
    "so_person": "IFNULL(so_person_id, -1)",
    "em_basis": "IFNULL(em_basis, '')",
    "em_changed": f"IFNULL(em_changed, {_NEG})",
    "baseline": "IFNULL(baseline_basis, '')",
    "baseline_since": f"IFNULL(baseline_since, {_NEG})",
    "action": "action",
    "winner": "IFNULL(winner, '')",
    "rules": "rules",
    "explanation": "why_key",  # the message's kind: the same reasons together
}

_COLUMNS = (
    "seq",
    "email",
    "email_lc",
    "purpose",
    "flags",
    "kind",
    "so_present",
    "so_basis",
    "so_changed",
    "so_person_id",
    "so_person_count",
    "so_persons",
    "em_present",
    "em_basis",
    "em_changed",
    "baseline_basis",
    "baseline_since",
    "has_baseline",
    "action",
    "new",
    "winner",
    "rules",
    "why",
    "why_key",
    "decided_by",
    "person_writes",
)
_SCHEMA = f"CREATE TABLE p ({', '.join(c + (' INTEGER PRIMARY KEY' if c == 'seq' else '') for c in _COLUMNS)})"
_INSERT = f"INSERT INTO p VALUES ({', '.join('?' for _ in _COLUMNS)})"
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM p"
_FILTER_COLUMNS = "flags, purpose, email_lc"


class RowFilter(NamedTuple):
    """Which rows show: every flag in `required`, the purpose (None: both; contact-wide errors always), the search."""

    required: int = 0
    purpose: Purpose | None = None
    needle: str = ""  # lower case


def row_flags(row: ConflictRow) -> int:
    return (
        (FLAG_DISAGREEMENT if row.is_disagreement else 0)
        | (FLAG_DUPLICATES if row.has_duplicates else 0)
        | (FLAG_ERROR if row.is_error else 0)
        | (FLAG_CONFLICT if row.is_conflict else 0)
        | (FLAG_HELD if row.is_held else 0)
    )


def _ts(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, timezone.utc)


def _why(explanation: Message | str, cache: dict[Message | str, tuple[str, str]]) -> tuple[str, str]:
    """A row's explanation stored (a message as JSON, a plain text as a JSON string) and its sort key (the kind)."""
    stored = cache.get(explanation)
    if stored is None:
        if isinstance(explanation, Message):
            stored = (explanation.to_json(), explanation.key)
        else:
            stored = (json.dumps(explanation, ensure_ascii=False), explanation)
        if len(cache) < 100_000:  # in-step rows share a few hundred messages; changed ones carry their own times
            cache[explanation] = stored
    return stored


def _unwhy(stored: str) -> Message | str:
    if stored.startswith("{"):
        message = Message.from_json(stored)
        return message if message is not None else stored
    return cast(str, json.loads(stored))  # a plain text is stored as a JSON string


def _encode(seq: int, r: ConflictRow, cache: dict[Message | str, tuple[str, str]]) -> tuple[object, ...]:
    why, why_key = _why(r.explanation, cache)
    persons = (
        json.dumps([[p.person_id, _ts(p.registered), p.basis, _ts(p.changed_at)] for p in r.so_persons])
        if r.so_persons
        else None
    )
    purpose = r.purpose
    # The enums are str subclasses: SQLite stores their values as they are, without a Python call per field.
    return (
        seq,
        r.email,
        r.email.lower(),
        purpose.index if purpose is not None else -1,
        row_flags(r),
        r.kind,
        r.so_present,
        r.so_basis,
        _ts(r.so_changed_at),
        r.so_person_id,
        r.so_person_count,
        persons,
        r.em_present,
        r.em_basis,
        _ts(r.em_changed_at),
        r.baseline_basis,
        _ts(r.baseline_since),
        r.has_baseline,
        r.action,
        r.new,
        r.winner,
        ",".join(r.rules),
        why,
        why_key,
        r.decided_by,
        r.person_writes,
    )


def _decode(v: Sequence[Any]) -> ConflictRow:  # a row of SQLite values
    (
        _seq,
        email,
        _lc,
        purpose,
        flags,
        kind,
        so_present,
        so_basis,
        so_changed,
        so_person_id,
        so_person_count,
        persons,
        em_present,
        em_basis,
        em_changed,
        baseline_basis,
        baseline_since,
        has_baseline,
        action,
        new,
        winner,
        rules,
        why,
        _why_key,
        decided_by,
        person_writes,
    ) = v
    so_persons = (
        tuple(PersonValue(p[0], _dt(p[1]), LegalBasis(p[2]) if p[2] else None, _dt(p[3])) for p in json.loads(persons))
        if persons
        else ()
    )
    return ConflictRow(
        email=email,
        purpose=_PURPOSE_BY_INDEX.get(purpose),
        kind=RowKind(kind),
        so_present=bool(so_present),
        so_basis=LegalBasis(so_basis) if so_basis else None,
        so_changed_at=_dt(so_changed),
        so_person_id=so_person_id,
        so_person_count=so_person_count,
        so_persons=so_persons,
        em_present=bool(em_present),
        em_basis=LegalBasis(em_basis) if em_basis else None,
        em_changed_at=_dt(em_changed),
        baseline_basis=LegalBasis(baseline_basis) if baseline_basis else None,
        baseline_since=_dt(baseline_since),
        has_baseline=bool(has_baseline),
        action=Action(action),
        new=LegalBasis(new) if new else None,
        winner=System(winner) if winner else None,
        rules=tuple(Rule(x) for x in rules.split(",")) if rules else (),
        explanation=_unwhy(why),
        is_disagreement=bool(flags & FLAG_DISAGREEMENT),
        has_duplicates=bool(flags & FLAG_DUPLICATES),
        is_error=bool(flags & FLAG_ERROR),
        is_conflict=bool(flags & FLAG_CONFLICT),
        is_held=bool(flags & FLAG_HELD),
        decided_by=decided_by,
        person_writes=person_writes,
    )


class ReviewTable:
    """One preview's rows on disk: counts and pages for any filter and sort. Close it when replaced."""

    def __init__(self, connection: sqlite3.Connection, total: int, counts: ReviewCounts, when: datetime | None) -> None:
        self._db = connection
        self._lock = threading.Lock()  # one user at a time; the window's thread in practice
        self.total = total
        self.counts = counts
        self.when = when
        self._indexed = {"seq"}
        self._found: dict[RowFilter, tuple[int, list[int] | None]] = {}  # the latest search: count, its few rows
        # How many rows have each (flags, purpose): a few dozen pairs, so a count without a search is a sum here.
        self._histogram: dict[tuple[int, int], int] = {
            (f, p): n
            for f, p, n in connection.execute("SELECT flags, purpose, COUNT(*) FROM p GROUP BY flags, purpose")
        }

    # ------------------------------------------------------------- building

    @classmethod
    def build(
        cls, rows: Iterable[ConflictRow], when: datetime | None = None, counts: ReviewCounts | None = None
    ) -> ReviewTable:
        """Write `rows` (any iterable: a generator keeps memory flat) into a fresh private database.

        The file lives in the temporary folder: when that disk is full this raises DiskFull saying so (the run the
        rows come from is recorded already; only its preview cannot be shown)."""
        writer = ReviewTableWriter()
        writer.add(rows)
        return writer.finish(when, counts)

    def _count_rows(self) -> ReviewCounts:
        """`domain.review.count_rows` in SQL."""
        by_action = dict.fromkeys([a.value for a in Action], 0)
        person_writes = conflicts = 0
        for action, n, writes, conflicted in self._db.execute(
            "SELECT action, COUNT(*), SUM(person_writes), SUM((flags & ?) != 0) FROM p GROUP BY action",
            (FLAG_CONFLICT,),
        ):
            by_action[action] = n
            person_writes += writes or 0
            if action != Action.LEFT_ALONE.value:
                conflicts += conflicted or 0
        only_so, only_em = (
            self._db.execute(
                "SELECT COUNT(DISTINCT email) FROM p WHERE action = ? AND so_present = ?",
                (Action.LEFT_ALONE.value, present),
            ).fetchone()[0]
            for present in (1, 0)
        )
        in_step = sum(
            n
            for a, n in by_action.items()
            if a
            not in (Action.WRITE_SUPEROFFICE, Action.WRITE_EMARKETEER, Action.ERROR, Action.LEFT_ALONE, Action.HELD)
        )
        return ReviewCounts(
            by_action[Action.WRITE_SUPEROFFICE] + person_writes,
            by_action[Action.WRITE_EMARKETEER],
            conflicts,
            by_action[Action.ERROR],
            in_step,
            only_so,
            only_em,
            by_action[Action.HELD],
        )

    # ------------------------------------------------------------- reading

    def _index(self, key: str) -> str:
        """The covering index for sorting by `key`, made the first time it is asked for."""
        name = f"ix_{key}"
        if key not in self._indexed:
            self._db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON p({SORT_KEYS[key]}, seq, {_FILTER_COLUMNS})")
            self._indexed.add(key)
        return name

    def _flag_values(self, required: int) -> list[int]:
        return sorted({flags for flags, _purpose in self._histogram if flags & required == required})

    def _where(self, f: RowFilter) -> tuple[str, list[object]]:
        """The filter as SQL. Flags are listed (`flags IN (...)`: few distinct values) so ix_flags can serve."""
        clauses: list[str] = []
        args: list[object] = []
        if f.required:
            values = self._flag_values(f.required)
            clauses.append(f"flags IN ({','.join('?' * len(values))})" if values else "0")
            args += values
        if f.purpose is not None:
            clauses.append("purpose IN (?, -1)")  # a contact-wide error (-1) shows under either purpose
            args.append(f.purpose.index)
        if f.needle:
            clauses.append("instr(email_lc, ?) > 0")
            args.append(f.needle)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def _matching(self, f: RowFilter) -> int:
        """Rows passing the flags and purpose (not the search), from the histogram."""
        wanted = f.purpose.index if f.purpose is not None else None
        return sum(
            n
            for (flags, purpose), n in self._histogram.items()
            if flags & f.required == f.required and (wanted is None or purpose in (wanted, -1))
        )

    def count(self, f: RowFilter) -> int:
        if not f.needle:
            return self._matching(f)
        if f in self._found:
            return self._found[f][0]
        # A search reads every address once. Most searches find a few rows: the first read keeps up to
        # SMALL of them (the run's order) and stops; only a broader search reads again to count.
        where, args = self._where(f)
        with self._lock:
            seqs = [
                s
                for (s,) in self._db.execute(
                    f"SELECT seq FROM p INDEXED BY ix_seq{where} ORDER BY seq LIMIT ?", [*args, _SMALL + 1]
                )
            ]
            found: tuple[int, list[int] | None]
            if len(seqs) <= _SMALL:
                found = (len(seqs), seqs)
            else:
                found = (self._db.execute(f"SELECT COUNT(*) FROM p INDEXED BY ix_seq{where}", args).fetchone()[0], None)
        self._found.clear()  # only the latest search is kept
        self._found[f] = found
        return found[0]

    def _plan(self, f: RowFilter, key: str, descending: bool) -> tuple[str, str]:
        """The index to read and the ORDER BY: a sparse filter reads its few rows by flags and sorts them;
        anything else walks the sort's covering index and skips what does not pass."""
        direction = " DESC" if descending else ""
        order = "seq" + direction if key == "seq" else f"{SORT_KEYS[key]}{direction}, seq{direction}"
        if not f.needle and (f.required or f.purpose is not None) and self._matching(f) * 20 < self.total:
            return "ix_flags", order
        return self._index(key), order

    def seqs(self, f: RowFilter, key: str, descending: bool, offset: int, limit: int) -> list[int]:
        """The stored positions of the rows shown at `offset`..`offset + limit` under this filter and order."""
        count = self.count(f)
        if offset >= count:
            return []
        small = self._found.get(f, (0, None))[1] if f.needle else None
        if small is not None and key == "seq":  # a search's few rows, already found in the run's order
            return small[offset : offset + limit] if not descending else small[::-1][offset : offset + limit]
        where, args = self._where(f)
        if small is not None:  # sorted: only these rows need ordering
            where, args = f" WHERE seq IN ({','.join('?' * len(small))})", list(small)
        with self._lock:
            index, order = self._plan(f, key, descending)
            if small is not None:
                index = "ix_seq"
            if not where and key == "seq":  # the run's order, unfiltered: positions are the row numbers
                return (
                    list(range(offset, min(offset + limit, self.total)))
                    if not descending
                    else list(range(self.total - 1 - offset, max(self.total - 1 - offset - limit, -1), -1))
                )
            sql = f"SELECT seq FROM p INDEXED BY {index}{where} ORDER BY {order} LIMIT ? OFFSET ?"
            return [s for (s,) in self._db.execute(sql, [*args, limit, offset])]

    def rows(self, seqs: Sequence[int]) -> list[ConflictRow]:
        """The rows at these stored positions, in that order."""
        if not seqs:
            return []
        found: dict[int, ConflictRow] = {}
        with self._lock:
            for start in range(0, len(seqs), 500):
                chunk = seqs[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for values in self._db.execute(f"{_SELECT} WHERE seq IN ({marks})", chunk):
                    found[values[0]] = _decode(values)
        return [found[s] for s in seqs]

    def page(self, f: RowFilter, key: str, descending: bool, offset: int, limit: int = PAGE) -> list[ConflictRow]:
        return self.rows(self.seqs(f, key, descending, offset, limit))

    def position(self, seq: int, f: RowFilter, key: str, descending: bool) -> int:
        """Where the row stored at `seq` shows under this filter and order (-1: filtered out)."""
        where, args = self._where(f)
        with self._lock:
            index, _order = self._plan(f, key, descending)
            expr = SORT_KEYS[key]
            found = self._db.execute(
                f"SELECT {expr} FROM p INDEXED BY {index}{where}{' AND' if where else ' WHERE'} seq = ?", [*args, seq]
            ).fetchone()
            if found is None:
                return -1
            before = ">" if descending else "<"
            if key == "seq":
                condition, extra = f"seq {before} ?", [seq]
            else:
                condition = f"({expr} {before} ? OR ({expr} = ? AND seq {before} ?))"
                extra = [found[0], found[0], seq]
            sql = f"SELECT COUNT(*) FROM p INDEXED BY {index}{where}{' AND' if where else ' WHERE'} {condition}"
            return cast(int, self._db.execute(sql, [*args, *extra]).fetchone()[0])  # COUNT(*)

    def any_flag(self, f: RowFilter, key: str, descending: bool, offset: int, limit: int, flag: int) -> bool:
        """Whether a row shown at `offset`..`offset + limit` has `flag` (R24: is a held row selected?)."""
        where, args = self._where(f)
        with self._lock:
            index, order = self._plan(f, key, descending)
            sql = (
                f"SELECT 1 FROM (SELECT flags FROM p INDEXED BY {index}{where} ORDER BY {order} LIMIT ? OFFSET ?) "
                "WHERE flags & ? LIMIT 1"
            )
            return self._db.execute(sql, [*args, limit, offset, flag]).fetchone() is not None

    def __iter__(self) -> Iterator[ConflictRow]:
        """Every row in the run's order (a page at a time)."""
        for offset in range(0, self.total, PAGE * 5):
            yield from self.rows(list(range(offset, min(offset + PAGE * 5, self.total))))

    def close(self) -> None:
        with self._lock:
            self._db.close()


class ReviewTableWriter:
    """A ReviewTable written a batch of rows at a time, as a run decides them (a full run's preview, slice by slice:
    issue 11), then indexed and counted by `finish`. Rows keep the order they were added in.

    DiskFull (the temporary folder is full) from any step; the database is then closed, as by `discard`."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        self._next = 0
        self._cache: dict[Message | str, tuple[str, str]] = {}
        with self._guard() as db:
            db.execute("PRAGMA journal_mode=OFF")  # a throw-away file: no journal, no fsync
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA cache_size=-32768")  # 32 MB of pages in memory; the rest stays in the file
            db.execute(_SCHEMA)
            db.execute("BEGIN")

    @property
    def total(self) -> int:
        """Rows added so far."""
        return self._next

    def add(self, rows: Iterable[ConflictRow]) -> None:
        cache = self._cache

        def encoded() -> Iterator[tuple[object, ...]]:
            seq = self._next
            for r in rows:
                yield _encode(seq, r, cache)
                seq += 1
                self._next = seq

        with self._guard() as db:
            db.executemany(_INSERT, encoded())

    def finish(self, when: datetime | None = None, counts: ReviewCounts | None = None) -> ReviewTable:
        """The rows, indexed for the view's filters and counted (or `counts`, when the caller knows them)."""
        with self._guard() as db:
            db.execute("COMMIT")
            # The filters' index in the run's order: a search and a dense filter's pages read it, not the rows.
            db.execute(f"CREATE INDEX ix_seq ON p(seq, {_FILTER_COLUMNS})")
            # A sparse filter (errors, conflicts, held: a few rows in a million) goes straight to its rows here.
            db.execute("CREATE INDEX ix_flags ON p(flags, purpose, seq)")
            total = db.execute("SELECT COUNT(*) FROM p").fetchone()[0]
            table = ReviewTable(db, total, ReviewCounts(0, 0, 0, 0, 0, 0, 0), when)
            table.counts = counts if counts is not None else table._count_rows()
        self._db = None  # the table's now
        self._let_go_of_the_cache()
        return table

    def discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._let_go_of_the_cache()

    def _let_go_of_the_cache(self) -> None:
        """Up to 100,000 explanations (at a million contacts it is full): freed one at a time, as sync.memory.release
        does, not all within the one bytecode that drops the writer. That held the interpreter lock for 240 ms at
        the end of a million-contact preview, the window frozen meanwhile (issue 11 pt 5, bench_gui_stall)."""
        popitem = self._cache.popitem
        while self._cache:
            popitem()

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        if self._db is None:
            raise RuntimeError("this preview's table was finished or discarded")
        try:
            yield self._db
        except sqlite3.OperationalError as exc:
            self.discard()
            if disk_full(exc, None) is None:
                raise
            folder = os.environ.get("SQLITE_TMPDIR") or tempfile.gettempdir()  # where SQLite puts a "" database
            raise DiskFull(Message.of("preview_disk_full", where=folder)) from exc
        except BaseException:
            self.discard()
            raise


__all__ = [
    "FLAG_CONFLICT",
    "FLAG_DISAGREEMENT",
    "FLAG_DUPLICATES",
    "FLAG_ERROR",
    "FLAG_HELD",
    "PAGE",
    "ReviewTable",
    "ReviewTableWriter",
    "RowFilter",
    "SORT_KEYS",
    "row_flags",
]
