"""The peewee models and the migration ladder describe one schema (store/models.py promises it).

The tables are made only by the ladder (store/migrations.py); the models are how the code reads and
writes them. A column the models know but the ladder never made, a nullability or type that differs,
or an index one side has and the other lacks would only show on a real database: this test builds the
schema both ways from empty files and compares them table by table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee as pw

from desktop_app.store.database import open_database
from desktop_app.store.models import build_models


def schema(path: Path, tables: list[str]) -> dict[str, dict[str, object]]:
    """What SQLite says of each table: columns (name, type, not null, primary key position), indexes (the columns
    each covers, unique or not, whatever its name), foreign keys and whether it has a rowid."""
    conn = sqlite3.connect(path)
    try:
        described = {}
        for table in tables:
            # A primary key never holds NULL here (INTEGER PRIMARY KEY is the rowid; the rest are WITHOUT ROWID):
            # peewee spells NOT NULL out, the ladder leaves it implied.
            columns = [
                (name, kind.upper(), bool(notnull or pk), pk)
                for _, name, kind, notnull, _, pk in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            indexes = sorted(
                (tuple(col for _, _, col in conn.execute(f'PRAGMA index_info("{name}")')), bool(unique))
                for _, name, unique, origin, _ in conn.execute(f'PRAGMA index_list("{table}")')
                if origin == "c"
            )  # made by CREATE INDEX; a primary key's own index is told by the columns' pk
            foreign = sorted(
                (src, ref, dst, on_delete.upper())
                for _, _, ref, src, dst, _, on_delete, _ in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            )
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
            described[table] = {
                "columns": columns,
                "indexes": indexes,
                "foreign keys": foreign,
                "without rowid": sql is not None and "WITHOUT ROWID" in sql[0].upper(),
            }
        return described
    finally:
        conn.close()


def test_the_models_and_the_migrations_make_the_same_schema(tmp_path):
    migrated = tmp_path / "migrated.sqlite3"
    db, _, _ = open_database(migrated)
    db.close_all()

    modelled = tmp_path / "modelled.sqlite3"
    plain = pw.SqliteDatabase(str(modelled), pragmas={"foreign_keys": 1})
    models = build_models(plain)
    plain.create_tables(models.all())
    plain.close()

    tables = sorted(model._meta.table_name for model in models.all())
    by_ladder, by_models = schema(migrated, tables), schema(modelled, tables)
    differences = [
        f"{table}.{aspect}: ladder {by_ladder[table][aspect]} / models {by_models[table][aspect]}"
        for table in tables
        for aspect in by_ladder[table]
        if by_ladder[table][aspect] != by_models[table][aspect]
    ]
    assert not differences, "\n".join(differences)
    assert all(by_ladder[table]["columns"] for table in tables)  # every modelled table was made by the ladder
