"""The schema ladder: `MIGRATIONS[n]` takes a database from schema n to n + 1.

Each step is frozen SQL as of its version (never the current models), runs in one transaction
together with its `PRAGMA user_version` bump, and must never be edited once released: add a step.
The schema version the code knows is `len(MIGRATIONS)`, read at open time (tests append steps).
The opener backs the file up (`history.sqlite3.bak-v<old>`) before the first step runs. Foreign
keys are on during a step: a step that rebuilds a referenced table must handle that itself
(SQLite ignores `PRAGMA foreign_keys` inside a transaction; use `PRAGMA defer_foreign_keys`).
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

Migration = Callable[[peewee.SqliteDatabase], None]

_V1 = (
    """
    CREATE TABLE run (
        id INTEGER PRIMARY KEY,
        "trigger" TEXT NOT NULL,
        mode TEXT,
        dry_run INTEGER NOT NULL DEFAULT 0,
        only TEXT NOT NULL DEFAULT '[]',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL,
        matched INTEGER NOT NULL DEFAULT 0,
        unmatched_superoffice INTEGER NOT NULL DEFAULT 0,
        unmatched_emarketeer INTEGER NOT NULL DEFAULT 0,
        changes INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        message TEXT
    )
    """,
    "CREATE INDEX run_status ON run (status)",
    """
    CREATE TABLE decision (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        purpose TEXT NOT NULL,
        so_basis TEXT,
        so_changed_at TEXT,
        em_basis TEXT,
        em_changed_at TEXT,
        base_so_set INTEGER NOT NULL DEFAULT 0,
        base_so_basis TEXT,
        base_so_changed_at TEXT,
        base_em_set INTEGER NOT NULL DEFAULT 0,
        base_em_basis TEXT,
        base_em_changed_at TEXT,
        winner TEXT,
        target TEXT,
        "old" TEXT,
        "new" TEXT,
        rule TEXT NOT NULL,
        rules TEXT NOT NULL,
        reason TEXT NOT NULL,
        explanation TEXT NOT NULL,
        conflict INTEGER NOT NULL DEFAULT 0,
        person_id INTEGER,
        person_count INTEGER NOT NULL DEFAULT 1,
        status TEXT NOT NULL,
        token TEXT,
        target_changed_at TEXT,
        message TEXT,
        recorded_at TEXT NOT NULL,
        applied_at TEXT,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX decision_run ON decision (run_id)",
    "CREATE INDEX decision_email ON decision (email)",
    "CREATE INDEX decision_status ON decision (status)",
    """
    CREATE TABLE contact_error (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        purpose TEXT,
        system TEXT,
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX contact_error_run ON contact_error (run_id)",
    """
    CREATE TABLE baseline (
        email TEXT NOT NULL,
        purpose TEXT NOT NULL,
        so_basis TEXT,
        so_changed_at TEXT,
        em_basis TEXT,
        em_changed_at TEXT,
        person_id INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (email, purpose)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE so_person (
        person_id INTEGER PRIMARY KEY,
        email TEXT NOT NULL,
        registered TEXT,
        store_basis TEXT,
        store_changed_at TEXT,
        store_error TEXT,
        marketing_basis TEXT,
        marketing_changed_at TEXT,
        marketing_error TEXT
    )
    """,
    "CREATE INDEX so_person_email ON so_person (email)",
    """
    CREATE TABLE em_contact (
        email TEXT NOT NULL PRIMARY KEY,
        contact_id INTEGER,
        store_basis TEXT,
        store_changed_at TEXT,
        store_error TEXT,
        marketing_basis TEXT,
        marketing_changed_at TEXT,
        marketing_error TEXT
    ) WITHOUT ROWID
    """,
    "CREATE TABLE sync_cursor (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)


def _v0_to_v1(db: peewee.SqliteDatabase) -> None:
    """The first schema: runs, decisions, errors, baselines, both replicas, cursors, settings."""
    for statement in _V1:
        db.execute_sql(statement)


_V2 = (
    # A send (issue 4): one e-mail or SMS component to a list of recipients, now or at scheduled_at.
    # `recipients` holds the addresses as entered (JSON) until the Checklist turns them into rows.
    """
    CREATE TABLE send (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        component_id INTEGER NOT NULL,
        source TEXT NOT NULL,
        list_id INTEGER,
        recipients TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        scheduled_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        run_id INTEGER REFERENCES run (id),
        checked_at TEXT,
        sent_at TEXT,
        message TEXT
    )
    """,
    "CREATE INDEX send_status ON send (status, scheduled_at)",
    # One row per recipient line of the Checklist; `result` is NULL until the send went (or failed).
    """
    CREATE TABLE send_recipient (
        id INTEGER PRIMARY KEY,
        send_id INTEGER NOT NULL REFERENCES send (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        given TEXT NOT NULL,
        email TEXT,
        allowed INTEGER NOT NULL DEFAULT 0,
        exclusion TEXT,
        why TEXT NOT NULL DEFAULT '',
        changes TEXT NOT NULL DEFAULT '',
        conflict INTEGER NOT NULL DEFAULT 0,
        run_id INTEGER REFERENCES run (id),
        result TEXT,
        reason TEXT,
        batch INTEGER,
        sent_at TEXT
    )
    """,
    "CREATE INDEX send_recipient_send ON send_recipient (send_id, position)",
    "CREATE INDEX send_recipient_email ON send_recipient (email)",
)


def _v1_to_v2(db: peewee.SqliteDatabase) -> None:
    """Sends with a Checklist: the send and its recipients, linked to the send-time sync run."""
    for statement in _V2:
        db.execute_sql(statement)


_V3 = (
    # A scheduled send's failed attempts and whether it waits for a person (issue 13: sending.due's policy, kept
    # in the store so the window and `send --due` decide alike and a restart forgets nothing).
    "ALTER TABLE send ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE send ADD COLUMN last_attempt_at TEXT",
    "ALTER TABLE send ADD COLUMN held INTEGER NOT NULL DEFAULT 0",
)


def _v2_to_v3(db: peewee.SqliteDatabase) -> None:
    """Scheduled sends: failed attempts, the last one's time, held for a person."""
    for statement in _V3:
        db.execute_sql(statement)


_V4 = (
    # Issue 11: the vendors' lists and master data (legal bases, purposes, sources) kept between runs, so an
    # incremental run does not read them again each time; `saved_at` dates them for the daily reload.
    "CREATE TABLE reference_cache (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, saved_at TEXT NOT NULL)"
    " WITHOUT ROWID",
)


def _v3_to_v4(db: peewee.SqliteDatabase) -> None:
    """The vendors' reference data cached between runs (issue 11)."""
    for statement in _V4:
        db.execute_sql(statement)


_V5 = (
    # R22: per purpose, whether the person's consent row was never updated after it was registered.
    "ALTER TABLE so_person ADD COLUMN store_untouched INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE so_person ADD COLUMN marketing_untouched INTEGER NOT NULL DEFAULT 0",
    # R9: the person that spoke for SuperOffice; R24: the person's answer a decision carried out.
    "ALTER TABLE decision ADD COLUMN decided_by INTEGER",
    "ALTER TABLE decision ADD COLUMN answer_id INTEGER",
    # R24: decisions held for a person now (one row per contact, purpose and SuperOffice person).
    """
    CREATE TABLE held_decision (
        email TEXT NOT NULL,
        purpose TEXT NOT NULL,
        person_id INTEGER NOT NULL DEFAULT 0,
        target TEXT NOT NULL,
        "new" TEXT,
        so_basis TEXT,
        so_changed_at TEXT,
        em_basis TEXT,
        em_changed_at TEXT,
        rule TEXT NOT NULL,
        explanation TEXT NOT NULL,
        run_id INTEGER,
        held_since TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (email, purpose, person_id)
    ) WITHOUT ROWID
    """,
    # R24: every answer a person gave, with who, when, and both sides' values it was given for (audit trail).
    """
    CREATE TABLE review_answer (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL,
        purpose TEXT NOT NULL,
        person_id INTEGER,
        answer TEXT NOT NULL,
        target TEXT,
        "new" TEXT,
        so_basis TEXT,
        so_changed_at TEXT,
        em_basis TEXT,
        em_changed_at TEXT,
        answered_by TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        status TEXT NOT NULL,
        run_id INTEGER,
        closed_at TEXT
    )
    """,
    "CREATE INDEX review_answer_email ON review_answer (email)",
    "CREATE INDEX review_answer_status ON review_answer (status)",
    # R25: pairs the app stopped writing; cleared by a person (the row stays, with who and when).
    """
    CREATE TABLE flapping (
        email TEXT NOT NULL,
        purpose TEXT NOT NULL,
        writes_24h INTEGER NOT NULL,
        values_seen TEXT NOT NULL DEFAULT '[]',
        detected_at TEXT NOT NULL,
        run_id INTEGER,
        cleared_at TEXT,
        cleared_by TEXT,
        PRIMARY KEY (email, purpose)
    ) WITHOUT ROWID
    """,
    # R23: runs the mass-change brake held, and what became of them.
    """
    CREATE TABLE held_run (
        run_id INTEGER PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
        writes INTEGER NOT NULL,
        matched INTEGER NOT NULL,
        status TEXT NOT NULL,
        answered_by TEXT,
        answered_at TEXT,
        applied_run_id INTEGER,
        notified INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX decision_email_applied ON decision (email, purpose, applied_at)",
)


def _v4_to_v5(db: peewee.SqliteDatabase) -> None:
    """Nothing irreversible without a person (issue 12): creation defaults, holds, answers, flapping, held runs."""
    for statement in _V5:
        db.execute_sql(statement)


# Typed messages (issue 13): beside each stored English sentence, its kind and arguments as JSON
# (domain.messages.Message), so the window words it in its language; rows from before keep NULL and show their English.
_V6 = (
    "ALTER TABLE run ADD COLUMN said TEXT",
    "ALTER TABLE decision ADD COLUMN said TEXT",
    "ALTER TABLE contact_error ADD COLUMN said TEXT",
    "ALTER TABLE send ADD COLUMN said TEXT",
    "ALTER TABLE send_recipient ADD COLUMN why_said TEXT",
    "ALTER TABLE send_recipient ADD COLUMN changes_said TEXT",
    "ALTER TABLE send_recipient ADD COLUMN reason_said TEXT",
)


def _v5_to_v6(db: peewee.SqliteDatabase) -> None:
    """Typed messages beside the English (issue 13 point 3)."""
    for statement in _V6:
        db.execute_sql(statement)


def _v6_to_v7(db: peewee.SqliteDatabase) -> None:
    """Where a send's recipients come from, typed beside its English (issue 13 point 3: never parsed back)."""
    db.execute_sql("ALTER TABLE send ADD COLUMN source_said TEXT")


def _v7_to_v8(db: peewee.SqliteDatabase) -> None:
    """A decision may be 'unconfirmed' (R15, R18: a write from a dead run that the target shows neither way). No table
    changes; the step exists so that a version knowing only schema 7, which cannot read that status, refuses the file
    in one sentence instead of failing on the first such row."""


MIGRATIONS: list[Migration] = [
    _v0_to_v1,
    _v1_to_v2,
    _v2_to_v3,
    _v3_to_v4,
    _v4_to_v5,
    _v5_to_v6,
    _v6_to_v7,
    _v7_to_v8,
]


def known_version() -> int:
    return len(MIGRATIONS)


def tables(db: peewee.SqliteDatabase) -> dict[str, frozenset[str]]:
    """Each of the file's own tables (not SQLite's) and its columns."""
    names = [
        row[0]
        for row in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_'"
        )
    ]
    return {name: frozenset(row[1] for row in db.execute_sql(f'PRAGMA table_info("{name}")')) for name in names}


def version_of(found: dict[str, frozenset[str]]) -> int | None:
    """The schema version whose tables and columns are exactly `found`, or None: for a file whose PRAGMA
    user_version was lost (an SQL dump restored) though its tables were not. The ladder is climbed in memory, so
    this needs no list kept beside it. Where several versions match (a step that changed no table, as 7 to 8), the
    lowest: the steps above it then run again as an upgrade from it would, and a step that changed no table did
    nothing a second run could repeat. Only on that rare open; never on an ordinary one."""
    if not found:
        return None
    memory = peewee.SqliteDatabase(":memory:")
    try:
        for version in range(len(MIGRATIONS) + 1):
            if version:
                MIGRATIONS[version - 1](memory)
            if tables(memory) == found:
                return version
    finally:
        memory.close()
    return None
