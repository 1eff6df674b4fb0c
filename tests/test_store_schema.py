"""The peewee models and the migration ladder describe one schema (the models' docstring promises it; issue 13 pt 4).

The tables are made only by `store.migrations`; the models read and write them. A column a model names but the
migrations never made (or one made NOT NULL that a model leaves empty) would only fail at run time."""

from __future__ import annotations

import peewee as pw

from desktop_app.store import Store
from desktop_app.store.models import build_models

SQLITE_AFFINITY = {  # peewee's field_type -> the declared type the migrations use for it
    "AUTO": "INTEGER", "INT": "INTEGER", "BIGINT": "INTEGER", "BOOL": "INTEGER", "TEXT": "TEXT", "VARCHAR": "TEXT",
    "FLOAT": "REAL", "REAL": "REAL", "DATETIME": "TEXT",
}


def schema_problems(db, models) -> list[str]:
    problems = []
    for model in models:
        table = model._meta.table_name
        columns = {row[1]: (row[2].upper(), bool(row[3])) for row in db.execute_sql(f"PRAGMA table_info({table})")}
        if not columns:
            problems.append(f"the migrations make no table {table}")
            continue
        for field in model._meta.sorted_fields:
            name = field.column_name
            if name not in columns:
                problems.append(f"{table}.{name}: in the model, not in the migrated table")
                continue
            declared, not_null = columns[name]
            wanted = SQLITE_AFFINITY.get(str(field.field_type).upper(), str(field.field_type).upper())
            if declared != wanted:
                problems.append(f"{table}.{name}: the model says {wanted}, the migrations {declared}")
            if not_null and field.null and not isinstance(field, pw.AutoField):
                problems.append(f"{table}.{name}: NULL allowed by the model, NOT NULL in the migrations")
    return problems


def test_every_model_field_is_a_migrated_column_of_the_same_kind(tmp_path):
    with Store.open(tmp_path) as store:
        problems = schema_problems(store._db, build_models(store._db).all())
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_column_the_migrations_never_made(tmp_path):
    with Store.open(tmp_path) as store:
        models = build_models(store._db)

        class Stray(models.Run):  # type: ignore[misc,valid-type]
            not_migrated = pw.TextField(null=True)

            class Meta:
                table_name = "run"

        assert schema_problems(store._db, [Stray]) == ["run.not_migrated: in the model, not in the migrated table"]
