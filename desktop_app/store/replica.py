"""A full read streamed into the store, and the replica read back in address slices (issue 11).

A full run of a million contacts cannot hold every row, contact, baseline and decision at once (that
was ~2.8 GB). Instead the rows go into the store as the pages arrive (`FullReadStaging`: temporary
tables of this connection, so no schema change), SQL folds them into the replica exactly as
domain.records does in memory (each person's primary address, the newer row per purpose, the first
contact id per address), and the planner then walks the replica by address in slices
(`replica_slices`): three range queries per slice, on the replica's and the baselines' address order.

The rules kept from domain.records, in SQL: a person's primary address is its lowest rank (ties: the
row read first); a person without an e-mail row, or whose primary address is invalid, is no contact
(the latter on the error list); per person or address and purpose the newer row wins, a row with a
value or an error beats an empty slot, and a row without a change time never beats one that has it.
Times are compared as text, in the store's one fixed format (always with fraction and offset).
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain, islice
from typing import Any, NamedTuple, Protocol, TypeVar

from ..domain.email import InvalidEmail, normalise_email
from ..domain.messages import Message
from ..domain.model import (
    PURPOSES,
    ContactBaseline,
    ContactError,
    EmarketeerContact,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
)
from ..domain.records import (
    EmConsentRecord,
    EmContactRow,
    SoConsentRow,
    SoEmailRow,
    em_consent_error,
    em_contact_error,
    group_persons,
    read_error,
)
from .codec import BASIS_TEXT, PURPOSE_TEXT, encode_time
from .database import HistoryDatabase

T = TypeVar("T")
Row = tuple[Any, ...]  # a row of SQLite values


class StoreLike(Protocol):
    """What this module uses of the Store (store.py imports this module, so not the class itself)."""

    _db: HistoryDatabase

    def _persons(self, rows: Iterable[Row]) -> Iterator[SuperOfficePerson]: ...

    def _emarketeer_from(self, rows: Iterable[Row]) -> dict[str, EmarketeerContact]: ...

    def _baselines_from(self, rows: Iterable[Row]) -> dict[str, ContactBaseline]: ...


_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS stage_so_email (seq INTEGER PRIMARY KEY, person_id INTEGER NOT NULL,"
    " rank INTEGER, email TEXT, raw TEXT, registered TEXT, error TEXT)",
    "CREATE TEMP TABLE IF NOT EXISTS stage_so_consent (person_id INTEGER NOT NULL, purpose TEXT NOT NULL,"
    " basis TEXT, changed_at TEXT, error TEXT, untouched INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (person_id, purpose)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS stage_em_contact (email TEXT NOT NULL PRIMARY KEY, contact_id INTEGER)"
    " WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS stage_em_consent (email TEXT NOT NULL, purpose TEXT NOT NULL, basis TEXT,"
    " changed_at TEXT, error TEXT, PRIMARY KEY (email, purpose)) WITHOUT ROWID",
    # eMarketeer's contacts and consent records do not come in address order: they are appended to the `_in`
    # tables as they come (rowid tables, no key to keep in order) and merged into the keyed tables once, at the
    # fold. Inserted one by one into a keyed table they went to random places of a B-tree larger than its cache
    # (issue 11 pt 4).
    "CREATE TEMP TABLE IF NOT EXISTS stage_em_contact_in (email TEXT NOT NULL, contact_id INTEGER)",
    "CREATE TEMP TABLE IF NOT EXISTS stage_em_consent_in (email TEXT NOT NULL, purpose TEXT NOT NULL, basis TEXT,"
    " changed_at TEXT, error TEXT)",
)
_STAGE_TABLES = (
    "stage_so_email",
    "stage_so_consent",
    "stage_em_contact",
    "stage_em_contact_in",
    "stage_em_consent",
    "stage_em_consent_in",
)


def _newer_wins(table: str, key: str, also: str = "") -> str:
    """On a consent row's key, the newer one wins (domain.records.person_consents' rule); `also` names one more
    column the winner brings."""
    more = f", {also} = excluded.{also}" if also else ""
    return (
        f" ON CONFLICT ({key}, purpose) DO UPDATE SET basis = excluded.basis, changed_at = excluded.changed_at,"
        f" error = excluded.error{more} WHERE ({table}.basis IS NULL AND {table}.error IS NULL)"
        f" OR (excluded.changed_at IS NOT NULL AND ({table}.changed_at IS NULL"
        f" OR excluded.changed_at > {table}.changed_at))"
    )


# R22: a SuperOffice row also carries whether it was never updated after it was registered.
_SO_CONSENT_UPSERT = (
    "INSERT INTO stage_so_consent (person_id, purpose, basis, changed_at, error, untouched) VALUES (?, ?, ?, ?, ?, ?)"
    + _newer_wins("stage_so_consent", "person_id", also="untouched")
)
_EM_CONTACT_APPEND = "INSERT INTO stage_em_contact_in (email, contact_id) VALUES (?, ?)"
# In address order and, per address, in the order they came: the first contact id seen per address stays
# (build_emarketeer_index's setdefault).
_EM_CONTACT_MERGE = (
    "INSERT OR IGNORE INTO stage_em_contact (email, contact_id) SELECT email, contact_id FROM stage_em_contact_in"
    " ORDER BY email, rowid"
)
_EM_CONSENT_APPEND = "INSERT INTO stage_em_consent_in (email, purpose, basis, changed_at, error) VALUES (?, ?, ?, ?, ?)"
# The appended records in key order and, per key, in the order they came: each key's rows meet the rule in the same
# order as when they were upserted one by one, so the same one wins. ("WHERE true": SQLite's parser needs a WHERE
# before an upsert's ON CONFLICT after a SELECT.)
_EM_CONSENT_MERGE = (
    "INSERT INTO stage_em_consent (email, purpose, basis, changed_at, error)"
    " SELECT email, purpose, basis, changed_at, error FROM stage_em_consent_in WHERE true"
    " ORDER BY email, purpose, rowid" + _newer_wins("stage_em_consent", "email")
)

_SO_PRIMARIES = (
    "SELECT person_id, email, raw, registered, error FROM ("
    " SELECT person_id, email, raw, registered, error, seq,"
    " ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY rank, seq) AS n FROM stage_so_email)"
    " WHERE n = 1"
)


# The replica's columns (store.py reads and writes them by these names too): per purpose its value, change time and
# read error, in PURPOSES' order.
CONSENT_COLUMNS = (
    "store_basis",
    "store_changed_at",
    "store_error",
    "marketing_basis",
    "marketing_changed_at",
    "marketing_error",
)
SO_COLUMNS = ("person_id", "email", "registered") + CONSENT_COLUMNS + ("store_untouched", "marketing_untouched")
EM_COLUMNS = ("email", "contact_id") + CONSENT_COLUMNS


def _changed_only(key: str, columns: tuple[str, ...], table: str) -> str:
    """An upsert's end that rewrites a row only where a column differs: a full read of a tenant where little moved
    leaves the replica's pages, and the index on SuperOffice's addresses, as they were (issue 11 pt 4)."""
    rest = [c for c in columns if c != key]
    return (
        f" ON CONFLICT ({key}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in rest)
        + " WHERE "
        + " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in rest)
    )


_SO_FOLD = (
    f"INSERT INTO so_person ({', '.join(SO_COLUMNS)})"
    " SELECT p.person_id, p.email, p.registered, s.basis, s.changed_at, s.error, m.basis, m.changed_at, m.error,"
    " coalesce(s.untouched, 0), coalesce(m.untouched, 0)"
    f" FROM ({_SO_PRIMARIES}) p"
    " LEFT JOIN stage_so_consent s ON s.person_id = p.person_id AND s.purpose = 'store'"
    " LEFT JOIN stage_so_consent m ON m.person_id = p.person_id AND m.purpose = 'marketing'"
    " WHERE p.error IS NULL" + _changed_only("person_id", SO_COLUMNS, "so_person")
)
# Persons no longer read at all (those whose primary address is now invalid go by id: FullReadStaging._fold).
_SO_GONE = "DELETE FROM so_person WHERE person_id NOT IN (SELECT person_id FROM stage_so_email)"
# ("WHERE true": SQLite's parser needs a WHERE before an upsert's ON CONFLICT after a SELECT.)
_EM_FOLD = (
    f"INSERT INTO em_contact ({', '.join(EM_COLUMNS)})"
    " SELECT k.email, c.contact_id, s.basis, s.changed_at, s.error, m.basis, m.changed_at, m.error"
    " FROM (SELECT email FROM stage_em_contact UNION SELECT email FROM stage_em_consent) k"
    " LEFT JOIN stage_em_contact c ON c.email = k.email"
    " LEFT JOIN stage_em_consent s ON s.email = k.email AND s.purpose = 'store'"
    " LEFT JOIN stage_em_consent m ON m.email = k.email AND m.purpose = 'marketing'"
    " WHERE true" + _changed_only("email", EM_COLUMNS, "em_contact")
)
_EM_GONE = (
    "DELETE FROM em_contact WHERE email NOT IN (SELECT email FROM stage_em_contact)"
    " AND email NOT IN (SELECT email FROM stage_em_consent)"
)


class ReplicaSlice(NamedTuple):
    """Everything the planner needs for the addresses in [low, high)."""

    superoffice: dict[str, SuperOfficeContact]
    emarketeer: dict[str, EmarketeerContact]
    baselines: dict[str, ContactBaseline]
    in_sync: int = 0  # matched addresses left out: nothing moved since both sides agreed (see _IN_SYNC)


# The planner's first test (domain.planner.plan), asked of SQLite so that a contact it would pass over is never
# turned into Python objects (issue 11 pt 4: after the first full run nearly every contact is such a one). An
# address is in sync when one SuperOffice person holds it, eMarketeer has it, and for each purpose a baseline
# agreed by that person (or by no one named: domain.model.own_baseline) holds exactly both sides' values and
# change times, neither side with an error. Times and values are compared as the text the store keeps them in:
# text that differs while meaning the same time (never written by the store) only sends a contact on to the
# planner, which then decides it as before. Anything else (duplicates, R22's creation defaults, R24's holds and
# answers, R17's problems) is not in sync and goes to the planner unchanged.
_IN_SYNC = (
    "INSERT INTO temp.slice_in_sync (email) SELECT p.email FROM so_person p JOIN em_contact c ON c.email = p.email"
    + "".join(
        f" JOIN baseline b{i} ON b{i}.email = p.email AND b{i}.purpose = '{PURPOSE_TEXT[x]}'"
        for i, x in enumerate(PURPOSES)
    )
    + " WHERE {range}"
    + "".join(
        # The replica's columns are named by purpose (CONSENT_COLUMNS).
        f" AND p.{x.value}_error IS NULL AND c.{x.value}_error IS NULL"
        f" AND p.{x.value}_basis IS b{i}.so_basis AND p.{x.value}_changed_at IS b{i}.so_changed_at"
        f" AND c.{x.value}_basis IS b{i}.em_basis AND c.{x.value}_changed_at IS b{i}.em_changed_at"
        f" AND (b{i}.person_id IS NULL OR b{i}.person_id = p.person_id)"
        for i, x in enumerate(PURPOSES)
    )
    + " AND NOT EXISTS (SELECT 1 FROM so_person q WHERE q.email = p.email AND q.person_id <> p.person_id)"
)


_ROWS_PER_INSERT = 100  # at six values a row, within SQLite's oldest limit of 999 parameters to a statement


@functools.cache
def _many_rows(sql: str, n: int) -> str:
    """An `INSERT ... VALUES (?, ...) ...` made to take n rows at once."""
    head, rest = sql.split(" VALUES ", 1)
    one, tail = rest[: rest.index(")") + 1], rest[rest.index(")") + 1 :]
    return f"{head} VALUES {', '.join([one] * n)}{tail}"


def execute_grouped(cursor: Any, sql: str, rows: Iterable[Sequence[object]]) -> None:
    """`cursor.executemany(sql, rows)` for an `INSERT ... VALUES (?, ...)` (an upsert too), _ROWS_PER_INSERT rows to a
    statement. sqlite3 lets go of the interpreter lock around every statement it runs and must win it back each time:
    from a thread that shares the lock with busy ones, one statement per row waited far longer than it worked (issue
    11 pt 4). One statement of many rows takes them in order, each meeting an upsert's rule after the one before, as
    one statement a row would. `rows` is read a group at a time (a generator stays one)."""
    size = _ROWS_PER_INSERT
    it = iter(rows)
    rest: list[Sequence[object]] = []

    def groups() -> Iterator[list[object]]:
        while True:
            group = list(islice(it, size))
            if len(group) < size:
                rest.extend(group)
                return
            yield list(chain.from_iterable(group))

    cursor.executemany(_many_rows(sql, size), groups())
    if rest:
        cursor.execute(_many_rows(sql, len(rest)), list(chain.from_iterable(rest)))


_TEMP_CACHE_KB = 64 * 1024  # the staging connection's page cache for its temp tables (at most; freed with it)
_CHUNK = 20000  # rows per transaction: the pages are read between transactions, never inside one


class FullReadStaging:
    """One full read's rows on their way into the replica: `add_*` as pages arrive, then `fold()` once, or
    `discard()` (one of the two always, from the thread that made it).

    The rows go into SQLite on a thread of its own (issue 11 pt 4): SQLite lets go of the interpreter lock while it
    inserts, so the run's thread parses the next rows meanwhile instead of waiting for each chunk's transaction. The
    temp tables belong to that thread's connection, so everything that touches them (staging, fold, discard) runs
    there, one job after another in the order given; at most `_AHEAD` chunks wait, and a job's error is raised in the
    run's thread at the next call."""

    _AHEAD = 2  # chunks of rows queued for the writer beyond the one it is inserting

    def __init__(self, store: StoreLike) -> None:
        self._store = store
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lbs-stage")
        self._queued: deque[Future[Any]] = deque()
        self._ended = False
        self.errors: list[ContactError] = []
        self.read = 0  # rows passed to the last add_* call (for the progress line)
        try:
            self._run(self._create)
        except BaseException:
            self._end()
            raise

    # -- on the writer thread

    def _create(self) -> None:
        cursor = self._store._db.cursor()
        # The staging tables are B-trees filled in the vendors' order, not theirs (eMarketeer's records come by
        # time, keyed by address): with SQLite's default 2 MB page cache most inserts went through the temp file.
        # This connection is the writer thread's own and closes with the staging, and so does its cache.
        cursor.execute(f"PRAGMA temp.cache_size = {-_TEMP_CACHE_KB}")
        cursor.execute("PRAGMA temp.journal_mode = MEMORY")
        for statement in _STAGING:
            cursor.execute(statement)
        for table in _STAGE_TABLES:
            cursor.execute(f"DELETE FROM {table}")

    def _write(self, sql: str, chunk: list[Row]) -> None:
        # Many rows to a statement (execute_grouped): one statement per row made this thread wait for the run's
        # thread more than it worked (2.8 s in here for 0.9 s of its own CPU at 100,000 contacts, issue 11 pt 4).
        with self._store._db.atomic():
            execute_grouped(self._store._db.cursor(), sql, chunk)

    def _close_connection(self) -> None:
        """The writer thread's connection goes with it (the store keeps one per thread until it closes)."""
        self._store._db.close()

    # -- on the run's thread

    def _submit(self, job: Callable[..., Any], *args: Any) -> None:
        """Queue a job for the writer; wait while `_AHEAD` are queued (raising the first one's error)."""
        while len(self._queued) > self._AHEAD:
            self._queued.popleft().result()
        self._queued.append(self._writer.submit(job, *args))

    def _run(self, job: Callable[..., T], *args: Any) -> T:
        """Run a job on the writer after everything queued, and wait for it."""
        self._settle()
        result: T = self._writer.submit(job, *args).result()
        return result

    def _settle(self) -> None:
        """Wait for every queued job; the first error is raised once all have ended."""
        first: BaseException | None = None
        while self._queued:
            try:
                self._queued.popleft().result()
            except BaseException as exc:  # noqa: BLE001 - raised below, after the rest have ended
                first = first or exc
        if first is not None:
            raise first

    def _end(self) -> None:
        """Stop the writer thread and close its connection."""
        if self._ended:
            return
        self._ended = True
        try:
            self._writer.submit(self._close_connection).result()
        finally:
            self._writer.shutdown(wait=True)

    # Each add_* turns its rows into SQLite values in one loop (issue 11 pt 4: a full read of a million contacts
    # makes six million of these rows; a chain of generators per row cost as much as the values themselves).

    def add_superoffice_emails(self, rows: Iterable[SoEmailRow]) -> int:
        sql = "INSERT INTO stage_so_email (person_id, rank, email, raw, registered, error) VALUES (?, ?, ?, ?, ?, ?)"
        chunk: list[Row] = []
        n = 0
        for person_id, address, rank, registered, _, text in rows:
            n += 1
            try:
                email, error = normalise_email(address), None
            except InvalidEmail as exc:
                email, error = None, str(exc)
            chunk.append((person_id, rank, email, address, encode_time(registered) if text is None else text, error))
            if len(chunk) >= _CHUNK:
                self._submit(self._write, sql, chunk)
                chunk = []
        return self._last(sql, chunk, n)

    def add_superoffice_consents(self, rows: Iterable[SoConsentRow]) -> int:
        purpose_text, basis_text = PURPOSE_TEXT, BASIS_TEXT
        chunk: list[Row] = []
        n = 0
        for person_id, purpose, (basis, changed_at, error), _, untouched, text in rows:
            n += 1
            if text is None:
                text = encode_time(changed_at)
            chunk.append((person_id, purpose_text[purpose], basis_text[basis], text, error, bool(untouched)))
            if len(chunk) >= _CHUNK:
                self._submit(self._write, _SO_CONSENT_UPSERT, chunk)
                chunk = []
        return self._last(_SO_CONSENT_UPSERT, chunk, n)

    def add_emarketeer_contacts(self, rows: Iterable[EmContactRow]) -> int:
        sql = _EM_CONTACT_APPEND
        chunk: list[Row] = []
        n = 0
        for row in rows:
            n += 1
            try:
                chunk.append((normalise_email(row.email), row.contact_id))
            except InvalidEmail as exc:
                self.errors.append(em_contact_error(row, exc))
                continue
            if len(chunk) >= _CHUNK:
                self._submit(self._write, sql, chunk)
                chunk = []
        return self._last(sql, chunk, n)

    def add_emarketeer_consents(self, records: Iterable[EmConsentRecord]) -> int:
        purpose_text, basis_text = PURPOSE_TEXT, BASIS_TEXT
        chunk: list[Row] = []
        n = 0
        for rec in records:
            n += 1
            try:
                email = normalise_email(rec.key)
            except InvalidEmail as exc:
                self.errors.append(em_consent_error(rec, exc))
                continue
            basis, changed_at, error = rec.consent
            text = rec.changed_text
            if text is None:
                text = encode_time(changed_at)
            chunk.append((email, purpose_text[rec.purpose], basis_text[basis], text, error))
            if len(chunk) >= _CHUNK:
                self._submit(self._write, _EM_CONSENT_APPEND, chunk)
                chunk = []
        return self._last(_EM_CONSENT_APPEND, chunk, n)

    def _last(self, sql: str, chunk: list[Row], n: int) -> int:
        """Queue the last chunk of an add_*; `n` rows were passed to it (kept as `read`, for the progress line)."""
        if chunk:
            self._submit(self._write, sql, chunk)
        self.read = n
        return n

    def fold(self) -> list[ContactError]:
        """Replace both replicas with what was staged, in one transaction; returns every read error
        (SuperOffice's invalid primary addresses first, then eMarketeer's in the order read). Ends the staging."""
        try:
            so_errors = self._run(self._fold)
        except BaseException:
            self.discard()
            raise
        self._end()
        return so_errors + self.errors

    def _fold(self) -> list[ContactError]:
        cursor = self._store._db.cursor()
        invalid: list[Row] = []
        # Nearly always no address is invalid: then the primaries are not worked out a second time to find them.
        if cursor.execute("SELECT 1 FROM stage_so_email WHERE error IS NOT NULL LIMIT 1").fetchone():
            invalid = cursor.execute(
                f"SELECT * FROM ({_SO_PRIMARIES}) WHERE error IS NOT NULL ORDER BY person_id"
            ).fetchall()
        so_errors = [
            read_error(
                raw or f"SuperOffice person {person_id}",
                None,
                Message.of("so_person_problem", id=person_id, why=_why_invalid(raw, error)),
                System.SUPEROFFICE,
            )
            for person_id, _, raw, _, error in invalid
        ]
        cursor.execute(_EM_CONTACT_MERGE)
        cursor.execute(_EM_CONSENT_MERGE)
        # The replica becomes exactly what was read: rows no longer read go, the others are written where they
        # changed. The staging tables are not emptied: they go with this thread's connection when the staging ends.
        with self._store._db.atomic():
            cursor.execute(_SO_GONE)
            cursor.executemany("DELETE FROM so_person WHERE person_id = ?", [(row[0],) for row in invalid])
            cursor.execute(_SO_FOLD)
            cursor.execute(_EM_GONE)
            cursor.execute(_EM_FOLD)
        return so_errors

    def _empty(self) -> None:
        cursor = self._store._db.cursor()
        for table in _STAGE_TABLES:
            cursor.execute(f"DELETE FROM {table}")

    def discard(self) -> None:
        """Leave the replica as it was: what was staged goes (a run that stopped or failed while reading). Ends the
        staging; safe to call again."""
        if self._ended:
            return
        try:
            try:
                self._settle()
            except BaseException:  # noqa: BLE001 - the run is already ending with its own error
                pass
            self._writer.submit(self._empty).result()
        finally:
            self._end()


def _why_invalid(raw: str | None, error: str) -> Message | str:
    """Why a staged primary address is not one (typed: said again from the address, as staging said it)."""
    try:
        normalise_email(raw)
    except InvalidEmail as exc:
        return exc.said
    return error


def replica_bounds(store: StoreLike, size: int) -> list[str]:
    """Addresses that cut the replica into slices of about `size` eMarketeer contacts (the larger side is as
    large or larger; a slice is bounded by the addresses, so every address of every table is in exactly one)."""
    size = max(1, int(size))
    bounds: list[str] = []
    cursor = store._db.cursor().execute("SELECT email FROM em_contact ORDER BY email")
    for n, (email,) in enumerate(cursor):
        if n and n % size == 0:
            bounds.append(email)
    return bounds


def replica_slices(
    store: StoreLike, size: int, selects: tuple[str, str, str], *, leave_out_in_sync: bool = False
) -> Iterator[ReplicaSlice]:
    """The whole replica and the baselines, slice by slice in address order (see replica_bounds); `selects` are
    the store's own SELECTs of SuperOffice persons, eMarketeer contacts and baselines (no WHERE).

    With `leave_out_in_sync`, the addresses the planner would pass over as in sync (see _IN_SYNC) are only counted
    (`ReplicaSlice.in_sync`), not read: a caller that keeps only what the planner decides loses nothing by it.

    Each slice is read in full before it is handed out, so the caller may write (baselines) in between.
    """
    _SO_SELECT, _EM_SELECT, _BASELINE_SELECT = selects
    bounds = replica_bounds(store, size)
    edges: list[str | None] = [None, *bounds, None]
    cursor = store._db.cursor()
    # With no baseline at all (a first full run) no contact can be in sync: the test would only cost its lookups.
    leave_out_in_sync = leave_out_in_sync and cursor.execute("SELECT 1 FROM baseline LIMIT 1").fetchone() is not None
    if leave_out_in_sync:
        # The connection's own temporary table: one slice's in-sync addresses at a time.
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS slice_in_sync (email TEXT PRIMARY KEY) WITHOUT ROWID")
    for low, high in zip(edges, edges[1:]):
        where, args = _range(low, high)
        in_sync = 0
        if leave_out_in_sync:
            cursor.execute("DELETE FROM temp.slice_in_sync")
            cursor.execute(_IN_SYNC.format(range=_range(low, high, "p.email", "")[0]), args)
            in_sync = cursor.rowcount
            if in_sync:
                where += (" AND" if where else " WHERE") + " email NOT IN (SELECT email FROM temp.slice_in_sync)"
        # Rows are turned into contacts as SQLite hands them over, never held as a list of rows beside them.
        yield ReplicaSlice(
            group_persons(store._persons(store._db.cursor().execute(f"{_SO_SELECT}{where}", args))),
            store._emarketeer_from(store._db.cursor().execute(f"{_EM_SELECT}{where}", args)),
            store._baselines_from(store._db.cursor().execute(f"{_BASELINE_SELECT}{where}", args)),
            in_sync,
        )
    if leave_out_in_sync:
        cursor.execute("DELETE FROM temp.slice_in_sync")


def _range(
    low: str | None, high: str | None, column: str = "email", where: str = " WHERE "
) -> tuple[str, tuple[str | None, ...]]:
    if low is None and high is None:
        return ("" if where else "1"), ()
    if low is None:
        return f"{where}{column} < ?", (high,)
    if high is None:
        return f"{where}{column} >= ?", (low,)
    return f"{where}{column} >= ? AND {column} < ?", (low, high)


__all__ = [
    "CONSENT_COLUMNS",
    "EM_COLUMNS",
    "SO_COLUMNS",
    "FullReadStaging",
    "ReplicaSlice",
    "replica_bounds",
    "replica_slices",
]
