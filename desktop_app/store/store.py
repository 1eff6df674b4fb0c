"""The Store: run history, decisions and errors (the audit trail), baselines, both replicas, cursors and settings.

Every write is one transaction (`db.atomic()`, BEGIN IMMEDIATE). Bulk writes go through one
prepared statement with `executemany` inside that transaction: peewee's `insert_many` builds the
SQL text in Python and measured about twelve times slower on 200,000 baselines (6 s against 0.5 s).
Reads hand out frozen records and NamedTuples, never model instances.
"""

from __future__ import annotations

import functools
import gc
import json
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

from ..domain.email import address_key, try_normalise_email
from ..domain.messages import Message, json_of
from ..domain.model import (
    PURPOSES,
    Consent,
    ContactBaseline,
    ContactError,
    EmarketeerContact,
    Purpose,
    Rule,
    RunMode,
    RunStatus,
    SuperOfficeContact,
    SuperOfficePerson,
    Trigger,
    utc,
    utc_now,
)
from ..domain.planner import Decision, Reason
from ..domain.records import group_persons
from .codec import (
    BASIS_FROM_TEXT,
    decode_rules,
    encode_basis,
    encode_json,
    encode_purpose,
    encode_rules,
    encode_system,
    encode_time,
    fromisoformat,
)
from .csv_cells import SpreadsheetSafeWriter
from .database import FILE_NAME, HistoryDatabase, open_database
from .errors import StoreError, StoreUnavailable
from .errors import guarded as _guarded
from .models import build_models
from .records import AnswerRecord, AuditRow, BaselineEntry, DecisionRecord, DecisionStatus, ErrorRecord, RunRecord
from .replica import EM_COLUMNS as _EM_COLUMNS
from .replica import SO_COLUMNS as _SO_COLUMNS
from .replica import FullReadStaging, ReplicaSlice, Row, execute_grouped, replica_slices
from .safety import ANSWER_USED, SafetyMixin
from .sends import SendsMixin

log = logging.getLogger(__name__)

# The replica tables hold one column group per purpose, named after it, in Purpose.index order.
assert PURPOSES == (Purpose.STORE, Purpose.MARKETING), "the replica columns follow PURPOSES"

# R19: secrets live in the keyring only. A setting whose key looks like one is refused outright.
_SECRET_WORDS = ("password", "secret", "token", "api_key", "apikey", "credential")
# Bookkeeping saved beside the settings, in the same transaction as the Apply that switched the sync on (an ISO time,
# UTC): `switched_on_at`. Not a setting: resolve_config and the Settings tab ignore the key.
SWITCHED_ON_AT = "sync_switched_on_at"

_IN_CHUNK_MAX = 10_000

CSV_COLUMNS = (
    "run",
    "run_started",
    "trigger",
    "email",
    "purpose",
    "target",
    "old_value",
    "new_value",
    "superoffice_value",
    "superoffice_changed_at",
    "emarketeer_value",
    "emarketeer_changed_at",
    "winner",
    "rules",
    "reason",
    "conflict",
    "status",
    "applied_at",
    "message",
    "answered_by",
)

_BASELINE_UPSERT = (
    "INSERT INTO baseline (email, purpose, so_basis, so_changed_at, em_basis, em_changed_at, person_id, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (email, purpose) DO UPDATE SET so_basis = excluded.so_basis,"
    " so_changed_at = excluded.so_changed_at, em_basis = excluded.em_basis,"
    " em_changed_at = excluded.em_changed_at, person_id = excluded.person_id, updated_at = excluded.updated_at"
)
_ROWS_PER_STATEMENT = 100  # decisions marked applied by one UPDATE (three parameters each, 999 at most in all)


@functools.cache
def _applied_update(n: int) -> str:
    """Mark n decisions applied at once: each its own target time (id, time pairs), then the n ids."""
    return (
        "UPDATE decision SET status = ?, applied_at = ?, updated_at = ?,"
        f" target_changed_at = CASE id {' '.join(['WHEN ? THEN ?'] * n)} END"
        f" WHERE id IN ({', '.join('?' * n)})"
    )


def _as_one_row(select: str) -> str:
    """`SELECT a, b FROM t` as a query of one row: a JSON array of every row's values (see `Store._select_in`)."""
    columns, table = select.removeprefix("SELECT ").split(" FROM ")
    return f"SELECT json_group_array(json_array({columns})) FROM {table}"


_BASELINE_SELECT = "SELECT email, purpose, so_basis, so_changed_at, em_basis, em_changed_at, person_id FROM baseline"

_SO_UPSERT = (
    f"INSERT INTO so_person ({', '.join(_SO_COLUMNS)}) VALUES ({', '.join('?' * len(_SO_COLUMNS))})"
    " ON CONFLICT (person_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _SO_COLUMNS[1:])
)
_SO_SELECT = f"SELECT {', '.join(_SO_COLUMNS)} FROM so_person"
_EM_UPSERT = (
    f"INSERT INTO em_contact ({', '.join(_EM_COLUMNS)}) VALUES ({', '.join('?' * len(_EM_COLUMNS))})"
    " ON CONFLICT (email) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _EM_COLUMNS[1:])
)
_EM_SELECT = f"SELECT {', '.join(_EM_COLUMNS)} FROM em_contact"

_DECISION_COLUMNS = (
    "id",
    "run_id",
    "email",
    "purpose",
    "so_basis",
    "so_changed_at",
    "em_basis",
    "em_changed_at",
    "base_so_set",
    "base_so_basis",
    "base_so_changed_at",
    "base_em_set",
    "base_em_basis",
    "base_em_changed_at",
    "winner",
    "target",
    '"old"',
    '"new"',
    "rule",
    "rules",
    "reason",
    "explanation",
    "conflict",
    "person_id",
    "person_count",
    "status",
    "recorded_at",
    "updated_at",
    "decided_by",
    "answer_id",
)
_DECISION_INSERT = (
    f"INSERT INTO decision ({', '.join(_DECISION_COLUMNS)}) VALUES ({', '.join('?' * len(_DECISION_COLUMNS))})"
)
_ERROR_INSERT = (
    "INSERT INTO contact_error (run_id, email, purpose, system, reason, recorded_at, said) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _english_and_said(message: Message | str | None) -> tuple[str | None, Message | None]:
    """What a message column and its `said` column keep: the English, and the typed message when there is one."""
    if isinstance(message, Message):
        return message.english(), message
    return message, None


T = TypeVar("T")

_new_consent = Consent._make
_new_person = SuperOfficePerson._make
_new_em = EmarketeerContact._make


def _one_or_many(values: Iterable[T] | None) -> list[T] | None:
    if values is None:
        return None
    if isinstance(values, (str, int)):
        return [cast(T, values)]
    return list(dict.fromkeys(values))


def _consent_columns(consents: Sequence[Consent]) -> tuple[object, ...]:
    s, m = consents[0], consents[1]
    return (
        encode_basis(s.basis),
        encode_time(s.changed_at),
        s.error,
        encode_basis(m.basis),
        encode_time(m.changed_at),
        m.error,
    )


def _time_or_none(text: str | None) -> datetime | None:
    # Only ever our own fixed UTC format, which fromisoformat reads back as timezone.utc.
    return None if text is None else fromisoformat(text)


def _consents_from(row: Sequence[Any], start: int) -> tuple[Consent, Consent]:  # a row of SQLite values
    b, t = BASIS_FROM_TEXT, _time_or_none
    return (
        _new_consent((b[row[start]], t(row[start + 1]), row[start + 2])),
        _new_consent((b[row[start + 3]], t(row[start + 4]), row[start + 5])),
    )


# Generation 2's threshold while full collections are put off (sync.memory sets it while a run goes; it counts
# generation-1 collections, so it is never reached). One value, read by both: _bulk below tells a paused run by it.
FULL_COLLECTIONS_OFF = 1_000_000_000


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic GC while hundreds of thousands of tuples are made: none of them form cycles, and
    3.11's collector would otherwise rescan the growing heap many times (a third of the load time).

    Not while full collections are put off (a run in the window, sync.memory): only young collections come
    then, each over the few hundred objects made since the last, which is no rescanning. Paused, everything
    made meanwhile would stay young instead, and the first young collection after it would scan all of it
    in one go, holding the interpreter lock: 25-70 ms per 20,000-address slice of a preview, during which
    the window could not repaint (issue 11 pt 5, benchmarks/bench_gui_stall.py --diagnose)."""
    enabled = gc.isenabled()
    if not enabled or gc.get_threshold()[2] >= FULL_COLLECTIONS_OFF:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Store(SendsMixin, SafetyMixin):
    """The local history and cache in `<data_dir>/history.sqlite3`. Open with `Store.open(data_dir)`.

    Sends and their recipients (issue 4) are in `sends.SendsMixin`; held decisions, answers, flapping pairs and
    held runs (R23-R25) in `safety.SafetyMixin`.
    """

    def __init__(
        self,
        db: HistoryDatabase,
        path: Path,
        recovered_from: Path | None,
        schema_version: int,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = db
        self._m = build_models(db)
        self._clock = clock
        self._closed = False
        self.path = path
        self.recovered_from = recovered_from
        self.schema_version = schema_version

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, data_dir: Path, *, clock: Callable[[], datetime] | None = None, check: bool = True) -> "Store":
        """Open (create, recover or migrate) the history in `data_dir`. Raises StoreError subclasses.

        `check=False` skips the integrity check of an existing file (PRAGMA quick_check reads all of it: about
        0.1 s once a 100,000-contact sync has run): for quick reads by a process that has already opened, and
        so checked, this database and still holds it open, like the window's panels.
        """
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                Message.of("data_dir_failed", path=str(data_dir), error=str(exc.strerror or exc)), path=data_dir
            ) from exc
        path = data_dir / FILE_NAME
        db, recovered, version = open_database(path, check=check)
        return cls(db, path, recovered, version, clock or utc_now)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._db.close_all()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, schema={self.schema_version}{', closed' if self._closed else ''})"

    def _now(self) -> datetime:
        return self._clock()

    def _executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        # Bulk writes pass generators, not lists: each row's parameters are freed as soon as they are bound. A list of
        # 200,000 rows is freed all at once when the call returns, and that holds the interpreter lock for 30-60 ms,
        # a pause for every other thread (the window's GUI thread while a sync runs).
        self._db.cursor().executemany(sql, rows)

    def _select_in(self, sql: str, column: str, values: Sequence[object]) -> Iterator[Row]:
        """`sql WHERE column IN (...)`, chunked under SQLite's variable limit, each chunk's rows fetched as one.

        Python's sqlite3 lets the interpreter lock go around every row it steps to, and a thread that lets it go
        waits to win it back from every other thread that wants it. A sync's writes look up each chunk's
        addresses here on the run's thread while eight writer threads hold the lock by turns: row by row, winning
        it back some 250 times made 60 ms of a 160 ms re-read (R14) that used 4 ms of CPU (issue 11). As one JSON
        row (`_as_one_row`) it goes once, and the values come back as they are stored (text, integer, null)."""
        size = max(1, min(self._db.variable_limit(), _IN_CHUNK_MAX))
        cursor = self._db.cursor()
        one_row = _as_one_row(sql) if self._json_functions else None
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            where = f" WHERE {column} IN ({', '.join('?' * len(chunk))})"
            if one_row is None:
                yield from cursor.execute(sql + where, chunk)
            else:
                (text,) = cursor.execute(one_row + where, chunk).fetchone()
                yield from map(tuple, json.loads(text))

    @functools.cached_property
    def _json_functions(self) -> bool:
        try:
            self._db.execute_sql("SELECT json_group_array(json_array(1))").fetchone()
        except sqlite3.OperationalError:  # an SQLite built without its JSON functions (before 3.38, or left out)
            return False
        return True

    def _rows(self, sql: str, column: str, values: Sequence[object] | None) -> Iterator[Row]:
        if values is None:
            return iter(self._db.cursor().execute(sql))
        return self._select_in(sql, column, values)

    # ----------------------------------------------------------------- runs

    @_guarded
    def start_run(
        self,
        trigger: Trigger,
        mode: RunMode,
        dry_run: bool,
        only: Sequence[str] = (),
        *,
        started_at: datetime | None = None,
    ) -> int:
        Run = self._m.Run
        with self._db.atomic():
            run_id: int = Run.insert(
                trigger=Trigger(trigger),
                mode=RunMode(mode),
                dry_run=bool(dry_run),
                only=list(only),
                started_at=started_at or self._now(),
                status=RunStatus.RUNNING,
            ).execute()
            return run_id

    @_guarded
    def finish_run(
        self,
        run_id: int,
        status: RunStatus,
        *,
        matched: int = 0,
        unmatched_superoffice: int = 0,
        unmatched_emarketeer: int = 0,
        changes: int = 0,
        conflicts: int = 0,
        errors: int = 0,
        message: Message | str | None = None,
        ended_at: datetime | None = None,
    ) -> None:
        Run = self._m.Run
        message, said = _english_and_said(message)
        with self._db.atomic():
            count = (
                Run.update(
                    status=RunStatus(status),
                    ended_at=ended_at or self._now(),
                    matched=matched,
                    unmatched_superoffice=unmatched_superoffice,
                    unmatched_emarketeer=unmatched_emarketeer,
                    changes=changes,
                    conflicts=conflicts,
                    errors=errors,
                    message=message,
                    said=said,
                )
                .where(Run.id == run_id)
                .execute()
            )
            if count != 1:
                raise KeyError(f"no run {run_id}")

    @_guarded
    def record_skipped_run(
        self,
        trigger: Trigger,
        message: Message | str,
        *,
        mode: RunMode | None = None,
        dry_run: bool = False,
        only: Sequence[str] = (),
        status: RunStatus = RunStatus.SKIPPED,
    ) -> int:
        """STYLE practice 6: the scheduler records every outcome, a run it did not start included (`status`: skipped,
        or stopped when a vendor's pause stopped it before its first read: sync/commands.py)."""
        Run = self._m.Run
        now = self._now()
        text, said = _english_and_said(message)
        with self._db.atomic():
            run_id: int = Run.insert(
                trigger=Trigger(trigger),
                mode=None if mode is None else RunMode(mode),
                dry_run=bool(dry_run),
                only=list(only),
                started_at=now,
                ended_at=now,
                status=RunStatus(status),
                message=text,
                said=said,
            ).execute()
            return run_id

    @_guarded
    def mark_interrupted_runs(self, message: Message | str) -> list[int]:
        """Runs still 'running' become 'interrupted'. Call it holding the run lock: their processes are gone."""
        Run = self._m.Run
        text, said = _english_and_said(message)
        with self._db.atomic():
            ids = [r for (r,) in Run.select(Run.id).where(Run.status == RunStatus.RUNNING).order_by(Run.id).tuples()]
            if ids:
                Run.update(status=RunStatus.INTERRUPTED, ended_at=self._now(), message=text, said=said).where(
                    Run.id.in_(ids)
                ).execute()
        return ids

    @_guarded
    def runs(self, limit: int | None = 100) -> list[RunRecord]:
        Run = self._m.Run
        query = Run.select().order_by(Run.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [self._run_record(d) for d in query.dicts()]

    @_guarded
    def get_run(self, run_id: int) -> RunRecord | None:
        Run = self._m.Run
        row = Run.select().where(Run.id == run_id).dicts().first()
        return None if row is None else self._run_record(row)

    @_guarded
    def last_run(
        self,
        *,
        statuses: Collection[RunStatus] | None = None,
        mode: RunMode | None = None,
        dry_run: bool | None = False,
    ) -> RunRecord | None:
        """The newest run matching every filter given (dry_run=None: dry or not)."""
        Run = self._m.Run
        query = Run.select()
        if statuses is not None:
            wanted = [RunStatus(s) for s in statuses]
            if not wanted:
                return None
            query = query.where(Run.status.in_(wanted))
        if mode is not None:
            query = query.where(Run.mode == RunMode(mode))
        if dry_run is not None:
            query = query.where(Run.dry_run == bool(dry_run))
        row = query.order_by(Run.id.desc()).limit(1).dicts().first()
        return None if row is None else self._run_record(row)

    @_guarded
    def first_run(self, *, dry_run: bool | None = False) -> RunRecord | None:
        """The oldest run that was not skipped (issue 14: how long a sync that never succeeded has been trying)."""
        Run = self._m.Run
        query = Run.select().where(Run.status != RunStatus.SKIPPED)
        if dry_run is not None:
            query = query.where(Run.dry_run == bool(dry_run))
        row = query.order_by(Run.id).limit(1).dicts().first()
        return None if row is None else self._run_record(row)

    @staticmethod
    def _run_record(row: dict[str, Any]) -> RunRecord:  # a Run row
        row["only"] = tuple(row["only"] or ())
        return RunRecord(**row)

    # ------------------------------------------------ decisions and errors

    @_guarded
    def record_decisions(
        self,
        run_id: int,
        decisions: Sequence[Decision],
        status: DecisionStatus,
        explanations: Sequence[str] | None = None,
    ) -> list[int]:
        """Record decisions in one transaction; return their ids in the same order. `explanations`, when given, are
        the decisions' `explain()` already made (the write path sends the same words to the vendor: made once)."""
        if not decisions:
            return []
        status_value = DecisionStatus(status).value
        now = encode_time(self._now())
        texts: Iterable[str | None] = explanations if explanations is not None else (None for _ in decisions)
        with self._db.atomic():
            # BEGIN IMMEDIATE holds the write lock, so the ids from max(id) + 1 on are ours.
            first = self._db.execute_sql("SELECT coalesce(max(id), 0) + 1 FROM decision").fetchone()[0]
            ids = list(range(first, first + len(decisions)))
            self._executemany(
                _DECISION_INSERT,
                (
                    self._decision_row(i, run_id, d, status_value, now, text)
                    for i, d, text in zip(ids, decisions, texts)
                ),
            )
        return ids

    @staticmethod
    def _decision_row(
        decision_id: int, run_id: int, d: Decision, status: str, now: str | None, text: str | None = None
    ) -> tuple[object, ...]:
        s, e = d.superoffice, d.emarketeer
        bs, be = d.baseline_superoffice, d.baseline_emarketeer
        return (
            decision_id,
            run_id,
            d.email,
            encode_purpose(d.purpose),
            encode_basis(s.basis),
            encode_time(s.changed_at),
            encode_basis(e.basis),
            encode_time(e.changed_at),
            bs is not None,
            None if bs is None else encode_basis(bs.basis),
            None if bs is None else encode_time(bs.changed_at),
            be is not None,
            None if be is None else encode_basis(be.basis),
            None if be is None else encode_time(be.changed_at),
            encode_system(d.winner),
            encode_system(d.target),
            encode_basis(d.old),
            encode_basis(d.new),
            Rule(d.rule).value,
            encode_rules(d.rules),
            Reason(d.reason).value,
            d.explain() if text is None else text,
            bool(d.conflict),
            d.person_id,
            d.person_count,
            status,
            now,
            now,
            d.decided_by,
            d.answer_id,
        )

    @_guarded
    def record_errors(self, run_id: int, errors: Sequence[ContactError]) -> None:
        if not errors:
            return
        now = encode_time(self._now())
        rows = [
            (
                run_id,
                "" if e.email is None else str(e.email),
                None if e.purpose is None else encode_purpose(e.purpose),
                encode_system(e.system),
                str(e.reason),
                now,
                json_of(getattr(e, "said", None)),
            )
            for e in errors
        ]
        with self._db.atomic():
            self._executemany(_ERROR_INSERT, rows)

    def _set_decision(self, decision_id: int, **values: Any) -> None:  # Decision fields
        D = self._m.Decision
        values["updated_at"] = self._now()
        if "message" in values:
            values["message"], values["said"] = _english_and_said(values["message"])
        if D.update(**values).where(D.id == decision_id).execute() != 1:
            raise KeyError(f"no decision {decision_id}")

    @_guarded
    def mark_pending(self, decision_id: int, token: str) -> None:
        """The write is about to be sent; `token` travels in the vendor's comment so a later run can find it (R18)."""
        with self._db.atomic():
            self._set_decision(decision_id, status=DecisionStatus.PENDING, token=token)

    @_guarded
    def mark_applied(
        self,
        decision_id: int,
        target_changed_at: datetime | None,
        baselines: Sequence[BaselineEntry] = (),
        message: Message | str | None = None,
    ) -> None:
        """The write landed: status and new baselines in one transaction, so a crash never splits them."""
        with self._db.atomic():
            self._set_decision(
                decision_id,
                status=DecisionStatus.APPLIED,
                target_changed_at=target_changed_at,
                applied_at=self._now(),
                message=message,
            )
            self._save_baselines(baselines)

    @_guarded
    def mark_pending_many(self, items: Sequence[tuple[int, str]]) -> None:
        """mark_pending for a whole chunk of writes in one transaction: (decision id, token) pairs."""
        now = encode_time(self._now())
        with self._db.atomic():
            self._executemany(
                "UPDATE decision SET status = ?, token = ?, updated_at = ? WHERE id = ?",
                [(DecisionStatus.PENDING.value, token, now, decision_id) for decision_id, token in items],
            )

    @_guarded
    def mark_applied_many(self, items: Sequence[tuple[int, datetime | None, Sequence[BaselineEntry]]]) -> None:
        """mark_applied for several landed writes in one transaction; statuses and baselines stay together.

        A few statements for them all, not two per write: this runs on the run's thread while the writer threads keep
        the interpreter lock busy, and every statement gives the lock up and waits to win it back (at a million
        contacts 320 s of waiting for 23 s of work, one statement per row; issue 11 pt 4)."""
        now = encode_time(self._now())
        cursor = self._db.cursor()
        with self._db.atomic():
            for start in range(0, len(items), _ROWS_PER_STATEMENT):
                group = items[start : start + _ROWS_PER_STATEMENT]
                cursor.execute(
                    _applied_update(len(group)),
                    [
                        DecisionStatus.APPLIED.value,
                        now,
                        now,
                        *chain.from_iterable((decision_id, encode_time(when)) for decision_id, when, _ in group),
                        *(decision_id for decision_id, _, _ in group),
                    ],
                )
            self._save_baselines([entry for _, _, entries in items for entry in entries])

    @_guarded
    def mark_failed(self, decision_id: int, message: Message | str) -> None:
        with self._db.atomic():
            self._set_decision(decision_id, status=DecisionStatus.FAILED, message=message)

    @_guarded
    def mark_superseded(self, decision_id: int, message: Message | str) -> None:
        with self._db.atomic():
            self._set_decision(decision_id, status=DecisionStatus.SUPERSEDED, message=message)

    @_guarded
    def pending_writes(self) -> list[DecisionRecord]:
        """Writes left pending by a run that is no longer running (its process died or it stopped)."""
        D, Run = self._m.Decision, self._m.Run
        query = (
            D.select()
            .join(Run)
            .where((D.status == DecisionStatus.PENDING) & (Run.status != RunStatus.RUNNING))
            .order_by(D.id)
        )
        return [self._decision_record(d) for d in query.dicts()]

    @_guarded
    def resolve_pending(
        self, decision_id: int, landed: bool | None, target_changed_at: datetime | None, message: Message | str
    ) -> None:
        """After checking the vendor: the write landed (applied), it did not (not_applied), or the target cannot tell
        (None: unconfirmed). A landed write that carried out a person's answer (R24) closes it as used by its run, as
        that run would have had it not died: left open, the next run closed it as void, "the values changed before it
        was carried out", an audit trail denying the write the approval made."""
        with self._db.atomic():
            if landed:
                self._set_decision(
                    decision_id,
                    status=DecisionStatus.APPLIED,
                    target_changed_at=target_changed_at,
                    applied_at=self._now(),
                    message=message,
                )
                D = self._m.Decision
                carried = D.select(D.answer_id, D.run).where(D.id == decision_id).tuples().first()
                if carried is not None and carried[0] is not None:
                    self.close_answers([carried[0]], ANSWER_USED, carried[1])
            else:
                status = DecisionStatus.NOT_APPLIED if landed is False else DecisionStatus.UNCONFIRMED
                self._set_decision(decision_id, status=status, target_changed_at=target_changed_at, message=message)

    @_guarded
    def decisions(self, run_id: int, *, writes_only: bool = False) -> list[DecisionRecord]:
        D = self._m.Decision
        query = D.select().where(D.run == run_id)
        if writes_only:
            query = query.where(D.target.is_null(False))
        return [self._decision_record(d) for d in query.order_by(D.id).dicts()]

    @_guarded
    def get_decision(self, decision_id: int) -> DecisionRecord | None:
        D = self._m.Decision
        row = D.select().where(D.id == decision_id).dicts().first()
        return None if row is None else self._decision_record(row)

    @_guarded
    def errors(self, run_id: int) -> list[ErrorRecord]:
        E = self._m.ContactError
        return [
            ErrorRecord(
                id=r["id"],
                run_id=r["run"],
                email=r["email"],
                purpose=r["purpose"],
                system=r["system"],
                reason=r["reason"],
                recorded_at=r["recorded_at"],
                said=r["said"],
            )
            for r in E.select().where(E.run == run_id).order_by(E.id).dicts()
        ]

    @_guarded
    def contact_history(self, email: str) -> list[DecisionRecord]:
        """Every decision about one address, across runs, newest first."""
        D = self._m.Decision
        key = try_normalise_email(email) or address_key(str(email))
        return [self._decision_record(d) for d in D.select().where(D.email == key).order_by(D.id.desc()).dicts()]

    @staticmethod
    def _decision_record(r: dict[str, Any]) -> DecisionRecord:  # a Decision row
        return DecisionRecord(
            id=r["id"],
            run_id=r["run"],
            email=r["email"],
            purpose=r["purpose"],
            superoffice=_new_consent((r["so_basis"], r["so_changed_at"], None)),
            emarketeer=_new_consent((r["em_basis"], r["em_changed_at"], None)),
            winner=r["winner"],
            target=r["target"],
            old=r["old"],
            new=r["new"],
            rule=r["rule"],
            rules=decode_rules(r["rules"]),
            reason=r["reason"],
            explanation=r["explanation"],
            conflict=bool(r["conflict"]),
            person_id=r["person_id"],
            person_count=r["person_count"],
            status=r["status"],
            token=r["token"],
            target_changed_at=r["target_changed_at"],
            message=r["message"],
            applied_at=r["applied_at"],
            said=r.get("said"),
            baseline_superoffice=(
                _new_consent((r["base_so_basis"], r["base_so_changed_at"], None)) if r["base_so_set"] else None
            ),
            baseline_emarketeer=(
                _new_consent((r["base_em_basis"], r["base_em_changed_at"], None)) if r["base_em_set"] else None
            ),
            recorded_at=r["recorded_at"],
            decided_by=r.get("decided_by"),
            answer_id=r.get("answer_id"),
        )

    @_guarded
    def audit_rows(self, run_id: int | None = None) -> Iterator[AuditRow]:
        """R15's audit trail as typed rows, in CSV_COLUMNS order: every applied change and every SuperOffice write
        that may have landed (`unconfirmed`: the DPO must see it, with its status), or every decision of one run.
        The CSV export and the workbook (store/workbook.py) are both written from these."""
        D, Run = self._m.Decision, self._m.Run
        query = D.select(D, Run.started_at, Run.trigger).join(Run)
        if run_id is None:
            query = query.where(D.status.in_((DecisionStatus.APPLIED, DecisionStatus.UNCONFIRMED)))
        else:
            query = query.where(D.run == run_id)
        for r in query.order_by(D.id).dicts().iterator():
            yield AuditRow(
                r["run"],
                r["started_at"],
                r["trigger"],
                r["email"],
                r["purpose"],
                r["target"],
                r["old"],
                r["new"],
                r["so_basis"],
                r["so_changed_at"],
                r["em_basis"],
                r["em_changed_at"],
                r["winner"],
                decode_rules(r["rules"]),
                r["explanation"],
                bool(r["conflict"]),
                r["status"],
                r["applied_at"],
                r["message"],
            )

    @_guarded
    def export_csv(self, out: TextIO, run_id: int | None = None, *, counts: dict[str, int] | None = None) -> int:
        """R15's audit trail as CSV (audit_rows' changes, then R24's answers); returns the rows written. `counts`, when
        given, is told them by kind: "changes", "unconfirmed" (of the changes) and "answers".

        The caller opens `out` with encoding "utf-8-sig" (store.workbook.write_csv_file does), so spreadsheet
        programs read the byte-order mark and show å, ä, ö; scripts reading "utf-8-sig" see plain text.
        """
        writer = SpreadsheetSafeWriter(out)  # CSV injection: csv_cells.py
        writer.writerow(CSV_COLUMNS)
        count = unconfirmed = 0
        for r in self.audit_rows(run_id):
            writer.writerow(
                (
                    r.run,
                    _csv_time(r.run_started),
                    r.trigger.value,
                    r.email,
                    r.purpose.value,
                    _csv_enum(r.target),
                    _csv_enum(r.old),
                    _csv_enum(r.new),
                    _csv_enum(r.superoffice_value),
                    _csv_time(r.superoffice_changed_at),
                    _csv_enum(r.emarketeer_value),
                    _csv_time(r.emarketeer_changed_at),
                    _csv_enum(r.winner),
                    encode_rules(r.rules),
                    r.reason,
                    "yes" if r.conflict else "no",
                    r.status.value,
                    _csv_time(r.applied_at),
                    r.message or "",
                    "",
                )
            )
            count += 1
            unconfirmed += r.status is DecisionStatus.UNCONFIRMED
        changes = count
        # R24: every answer a person gave, with who, when and both sides' values it was given for.
        answers = self.answers()
        # A replaced answer names who answered the same held decision after it (the next answer for it).
        after: dict[tuple[object, ...], str] = {}
        replaced_by: dict[int, str] = {}
        for a in reversed(answers):
            key = (a.email, a.purpose, a.person_id)
            if a.status == "replaced" and key in after:
                replaced_by[a.id] = after[key]
            after[key] = a.answered_by
        for a in answers:
            if run_id is not None and a.run_id != run_id:
                continue
            writer.writerow(_answer_csv_row(a, replaced_by.get(a.id, "")))
            count += 1
        if counts is not None:
            counts.update(changes=changes, unconfirmed=unconfirmed, answers=count - changes)
        return count

    # ------------------------------------------------------------ baselines

    @_guarded
    def load_baselines(self, emails: Iterable[str] | None = None) -> dict[str, ContactBaseline]:
        """R13 baselines per address: per purpose both sides' (value, change time), None where there is none, and the
        SuperOffice person who agreed (the planner ignores a baseline of a person who no longer holds the address)."""
        return self._baselines_from(self._rows(_BASELINE_SELECT, "email", _one_or_many(emails)))

    @staticmethod
    def _baselines_from(rows: Iterable[Row]) -> dict[str, ContactBaseline]:
        slots: dict[str, tuple[list[Consent | None], list[int | None]]] = {}
        index = {p.value: p.index for p in PURPOSES}
        n = len(PURPOSES)
        get, b, t, make = slots.get, BASIS_FROM_TEXT, _time_or_none, _new_consent
        with _bulk():
            for email, purpose, sb, sa, eb, ea, person_id in rows:
                slot = get(email)
                if slot is None:
                    slot = slots[email] = ([None] * (2 * n), [None] * n)
                row, persons = slot
                i = index[purpose]
                row[i] = make((b[sb], t(sa), None))
                row[n + i] = make((b[eb], t(ea), None))
                persons[i] = person_id
            return {
                email: ContactBaseline(tuple(row[:n]), tuple(row[n:]), tuple(persons))
                for email, (row, persons) in slots.items()
            }

    @_guarded
    def save_baselines(self, entries: Iterable[BaselineEntry]) -> None:
        """Upsert on (email, purpose), all in one transaction."""
        with self._db.atomic():
            self._save_baselines(entries)

    def _save_baselines(self, entries: Iterable[BaselineEntry]) -> None:
        now = encode_time(self._now())
        time, basis, purpose = encode_time, encode_basis, encode_purpose
        with _bulk():
            execute_grouped(  # a few statements, not one per row (see mark_applied_many)
                self._db.cursor(),
                _BASELINE_UPSERT,
                (
                    (
                        email,
                        purpose(p),
                        basis(so.basis),
                        time(so.changed_at),
                        basis(em.basis),
                        time(em.changed_at),
                        person_id,
                        now,
                    )
                    for email, p, so, em, person_id in entries
                ),
            )

    # --------------------------------------------------------------- replica

    @_guarded
    def replace_superoffice(self, persons: Iterable[SuperOfficePerson]) -> None:
        """A full read: the whole SuperOffice set replaces what was there, in one transaction."""
        with self._db.atomic():
            self._db.execute_sql("DELETE FROM so_person")
            with _bulk():
                self._executemany(_SO_UPSERT, (self._so_row(p) for p in persons))

    @_guarded
    def upsert_superoffice(self, persons: Iterable[SuperOfficePerson], gone: Iterable[int] = ()) -> None:
        """Persons written over their rows; `gone` (persons no longer holding an address) deleted in the same
        transaction, so a crash never leaves one of the two without the other."""
        with self._db.atomic(), _bulk():
            self._executemany("DELETE FROM so_person WHERE person_id = ?", ((int(i),) for i in gone))
            self._executemany(_SO_UPSERT, (self._so_row(p) for p in persons))

    def delete_superoffice(self, person_ids: Iterable[int]) -> None:
        self.upsert_superoffice((), gone=person_ids)

    @staticmethod
    def _so_row(p: SuperOfficePerson) -> tuple[object, ...]:
        return (
            (int(p.person_id), p.email, encode_time(p.registered))
            + _consent_columns(p.consents)
            + (bool(p.untouched[0]), bool(p.untouched[1]))
        )

    @_guarded
    def load_superoffice(self, emails: Iterable[str] | None = None) -> dict[str, SuperOfficeContact]:
        """Persons grouped by address, oldest first (R9)."""
        with _bulk():
            return group_persons(self._persons(self._rows(_SO_SELECT, "email", _one_or_many(emails))))

    @_guarded
    def load_superoffice_persons(self, person_ids: Iterable[int]) -> dict[int, SuperOfficePerson]:
        ids = [int(i) for i in (_one_or_many(person_ids) or [])]
        return {p.person_id: p for p in self._persons(self._select_in(_SO_SELECT, "person_id", ids))}

    @staticmethod
    def _persons(rows: Iterable[Row]) -> Iterator[SuperOfficePerson]:
        for row in rows:
            yield _new_person(
                (row[0], row[1], _time_or_none(row[2]), _consents_from(row, 3), (bool(row[9]), bool(row[10])))
            )

    @_guarded
    def replace_emarketeer(self, contacts: Iterable[EmarketeerContact]) -> None:
        with self._db.atomic():
            self._db.execute_sql("DELETE FROM em_contact")
            with _bulk():
                self._executemany(_EM_UPSERT, (self._em_row(c) for c in contacts))

    @_guarded
    def upsert_emarketeer(self, contacts: Iterable[EmarketeerContact]) -> None:
        with self._db.atomic(), _bulk():
            self._executemany(_EM_UPSERT, (self._em_row(c) for c in contacts))

    @staticmethod
    def _em_row(c: EmarketeerContact) -> tuple[object, ...]:
        return (c.email, c.contact_id) + _consent_columns(c.consents)

    @_guarded
    def load_emarketeer(self, emails: Iterable[str] | None = None) -> dict[str, EmarketeerContact]:
        return self._emarketeer_from(self._rows(_EM_SELECT, "email", _one_or_many(emails)))

    @staticmethod
    def _emarketeer_from(rows: Iterable[Row]) -> dict[str, EmarketeerContact]:
        with _bulk():
            return {row[0]: _new_em((row[0], row[1], _consents_from(row, 2))) for row in rows}

    # A full read streamed into the replica, and the replica read back in slices (issue 11): see replica.py.

    @_guarded
    def full_read_staging(self) -> FullReadStaging:
        return FullReadStaging(self)

    @_guarded
    def replica_slices(self, size: int, *, leave_out_in_sync: bool = False) -> Iterator[ReplicaSlice]:
        return replica_slices(
            self, size, (_SO_SELECT, _EM_SELECT, _BASELINE_SELECT), leave_out_in_sync=leave_out_in_sync
        )

    # --------------------------------------------------------------- cursors

    @_guarded
    def get_cursor(self, name: str) -> datetime | None:
        """R21: the newest change time seen from one system, on that system's clock."""
        Cursor = self._m.Cursor
        row = Cursor.select(Cursor.value).where(Cursor.name == name).tuples().first()
        return None if row is None else row[0]

    @_guarded
    def set_cursor(self, name: str, value: datetime | None) -> None:
        self.set_cursors({name: value})

    @_guarded
    def set_cursors(self, values: Mapping[str, datetime | None]) -> None:
        """Several cursors in one transaction (a vendor's pause and when it was asked for: both or neither)."""
        Cursor = self._m.Cursor
        with self._db.atomic():
            for name, value in values.items():
                if value is None:
                    Cursor.delete().where(Cursor.name == name).execute()
                else:
                    Cursor.insert(name=name, value=value).on_conflict(
                        conflict_target=[Cursor.name], preserve=[Cursor.value]
                    ).execute()

    # ------------------------------------------------------- reference data

    @_guarded
    def load_reference(self, name: str) -> tuple[object, datetime] | None:
        """A vendor's lists or master data as last saved (JSON value, when saved), or None (issue 11)."""
        row = (
            self._db.cursor().execute("SELECT value, saved_at FROM reference_cache WHERE name = ?", (name,)).fetchone()
        )
        if row is None:
            return None
        try:
            return json.loads(row[0]), fromisoformat(row[1])
        except ValueError:
            return None

    @_guarded
    def save_reference(self, name: str, value: object, saved_at: datetime | None = None) -> None:
        """Keep it, dated `saved_at` (the caller's clock: the engine's) or now."""
        with self._db.atomic():
            self._db.cursor().execute(
                "INSERT INTO reference_cache (name, value, saved_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
                " SET value = excluded.value, saved_at = excluded.saved_at",
                (name, encode_json(value), encode_time(saved_at or self._now())),
            )

    @_guarded
    def forget_reference(self, name: str | None = None) -> None:
        with self._db.atomic():
            if name is None:
                self._db.cursor().execute("DELETE FROM reference_cache")
            else:
                self._db.cursor().execute("DELETE FROM reference_cache WHERE name = ?", (name,))

    # -------------------------------------------------------------- settings

    @_guarded
    def settings(self) -> dict[str, object]:
        Setting = self._m.Setting
        return {key: json.loads(value) for key, value in Setting.select(Setting.key, Setting.value).tuples()}

    @_guarded
    def save_settings(self, values: Mapping[str, object]) -> None:
        """Upsert the given keys in one transaction; a None value removes the key (back to its default).

        Values must be JSON-serialisable. Keys that name a secret are refused (R19: keyring only).
        """
        Setting = self._m.Setting
        rows: list[tuple[str, str | None]] = []
        for key, value in values.items():
            if not isinstance(key, str) or not key:
                raise ValueError("setting keys are non-empty strings")
            if any(word in key.lower() for word in _SECRET_WORDS):
                raise ValueError(f"the setting {key!r} looks like a secret; secrets belong in the keyring (R19)")
            rows.append((key, None if value is None else encode_json(value)))
        with self._db.atomic():
            for key, text in rows:
                if text is None:
                    Setting.delete().where(Setting.key == key).execute()
                else:
                    Setting.insert(key=key, value=text).on_conflict(
                        conflict_target=[Setting.key], preserve=[Setting.value]
                    ).execute()

    @_guarded
    def switched_on_at(self) -> datetime | None:
        """When an Apply last switched the sync on (kept with the settings it saved; issue 14: the stall alarm counts
        from then). None in a file from before it was kept, or when the value cannot be read: the alarm as before."""
        Setting = self._m.Setting
        row = Setting.select(Setting.value).where(Setting.key == SWITCHED_ON_AT).tuples().first()
        try:
            value = None if row is None else json.loads(row[0])
            return utc(fromisoformat(value)) if isinstance(value, str) else None
        except ValueError:
            return None

    @_guarded
    def first_attempt(self) -> RunRecord | None:
        """The oldest real run or scheduled run that could not start (issue 14: how long a sync that never
        succeeded has been trying, a sync whose every scheduled run was skipped, a locked keyring say, included)."""
        Run = self._m.Run
        tried = (Run.status != RunStatus.SKIPPED) | (Run.trigger == Trigger.SCHEDULED)
        query = Run.select().where((Run.dry_run == False) & tried)  # noqa: E712 - peewee's SQL comparison
        row = query.order_by(Run.id).limit(1).dicts().first()
        return None if row is None else self._run_record(row)


_ANSWER_WORDS = {
    "approve": ("approved", "Approved: write {new} to {target} over the withdrawal"),
    "keep": ("kept_withdrawn", "Keep withdrawn: write withdrawn where {new} was held"),
}
_ANSWER_STATUS_WORDS = {
    "open": "answer waiting for the next run",
    "used": "carried out by run {run}",
    "void": "void: the values changed before it was carried out",
    "replaced": "replaced by a later answer from {by}",
    "void_holds_off": "void: holds for review were switched off, and the sync decided the pair by R5",
    "void_gone": "void: the contact is in neither system any more",
}


def _answer_csv_row(a: AnswerRecord, replaced_by: str = "") -> tuple[object, ...]:
    status, reason = _ANSWER_WORDS.get(a.answer, (a.answer, a.answer))
    target = "" if a.target is None else a.target.value
    old = a.superoffice.basis if a.target is not None and a.target.value == "superoffice" else a.emarketeer.basis
    return (
        "" if a.run_id is None else a.run_id,
        _csv_time(a.answered_at),
        "review",
        a.email,
        a.purpose.value,
        target,
        _csv_enum(old),
        _csv_enum(a.new),
        _csv_enum(a.superoffice.basis),
        _csv_time(a.superoffice.changed_at),
        _csv_enum(a.emarketeer.basis),
        _csv_time(a.emarketeer.changed_at),
        "",
        "R24",
        reason.format(new=_csv_enum(a.new) or "none", target=target or "-"),
        "no",
        status,
        # Applied only when a run carried it out (then: when that run closed it), as a decision's applied_at.
        _csv_time(a.closed_at) if a.status == "used" else "",
        _ANSWER_STATUS_WORDS.get(a.status, a.status).format(run=a.run_id, by=replaced_by or "another person"),
        a.answered_by,
    )


def _csv_time(value: datetime | None) -> str:
    return "" if value is None else encode_time(value) or ""


def _csv_enum(value: Enum | None) -> str:
    return "" if value is None else value.value


def read_settings(data_dir: Path) -> dict[str, object]:
    """The saved settings, read without creating, migrating or recovering anything.

    For the headless commands' configuration (cli.saved_settings). A missing, unreadable, damaged
    or newer file gives {}: `Store.open` is where those cases are reported and handled.
    """
    return saved_settings(data_dir) or {}


def saved_settings(data_dir: Path) -> dict[str, object] | None:
    """As `read_settings`, but None when the file is there and its settings cannot be read (damaged, newer): unknown,
    not absent (the window then opens the account, whose Store.open checks the file, moves it aside and says so)."""
    path = Path(data_dir) / FILE_NAME
    if not path.is_file():
        return {}
    try:
        # Read-only: never creates the file, and never deletes the -wal of a damaged one before Store.open moves it aside.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        return {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM setting")}
    except (sqlite3.Error, ValueError):
        log.debug("Could not read saved settings from %s", path, exc_info=True)
        return None
    finally:
        conn.close()


__all__ = ["CSV_COLUMNS", "Store", "StoreError", "read_settings", "saved_settings"]
