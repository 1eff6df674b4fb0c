"""Opening the history file: pragmas, the migration ladder with backups, too-new and corrupt files, isolation, threads."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import datetime, timedelta, timezone

import peewee
import pytest

from desktop_app.domain.model import Consent, LegalBasis, Purpose, RunMode, RunStatus, Trigger
from desktop_app.store import BaselineEntry, DatabaseTooNew, Store, StoreError, clean_state, database, migrations
from desktop_app.store.errors import MigrationFailed, StoreUnavailable
from desktop_app.store.models import build_models

T0 = datetime(2024, 3, 4, 5, 6, 7, 123456, tzinfo=timezone.utc)
FILE = "history.sqlite3"


def user_version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_a_new_store_is_created_with_its_pragmas(tmp_path):
    data_dir = tmp_path / "new" / "deeper"
    with Store.open(data_dir) as store:
        assert store.path == data_dir / FILE and store.path.is_file()
        assert store.recovered_from is None
        assert store.schema_version == len(migrations.MIGRATIONS) == user_version(store.path)
        db = store._db
        assert db.pragma("journal_mode") == "wal"
        assert db.pragma("synchronous") == 1  # NORMAL
        assert db.pragma("foreign_keys") == 1
        assert db.pragma("journal_size_limit") == database.WAL_KEEP_BYTES
        assert db.pragma("busy_timeout") == 10_000
    assert not list(data_dir.glob("*.bak-*"))  # nothing to back up on a fresh file


def test_the_write_ahead_log_is_cut_back_after_a_large_transaction(tmp_path, monkeypatch):
    """A first full read of a million contacts is one transaction of about 1 GB in the -wal file. Before, the file kept
    that size for as long as the store stayed open (the window's whole life); now the next write after the checkpoint
    cuts it back to WAL_KEEP_BYTES. The large write is made on a thread of its own, as the full read's fold is."""
    monkeypatch.setattr(database, "WAL_KEEP_BYTES", 256 * 1024)
    with Store.open(tmp_path) as store:
        wal = tmp_path / f"{FILE}-wal"

        def large() -> None:
            with store._db.atomic():
                store._db.execute_sql("CREATE TABLE scratch (x BLOB)")
                for _ in range(80):
                    store._db.execute_sql("INSERT INTO scratch VALUES (randomblob(50000))")

        worker = threading.Thread(target=large)
        worker.start()
        worker.join()
        assert wal.stat().st_size > 3_000_000
        store.set_cursor("superoffice_consent", T0)  # any later write, on another connection
        store.set_cursor("superoffice_email", T0)
        assert wal.stat().st_size <= 256 * 1024


def test_reopening_keeps_the_data_and_makes_no_backup(tmp_path):
    with Store.open(tmp_path) as store:
        run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
        store.set_cursor("c", T0)
    with Store.open(tmp_path) as store:
        assert store.get_run(run_id).status is RunStatus.RUNNING
        assert store.get_cursor("c") == T0
    assert not list(tmp_path.glob("*.bak-*"))


def test_the_models_match_the_migrated_tables(tmp_path):
    """The ladder creates the tables; the models must name exactly their columns."""
    with Store.open(tmp_path) as store:
        models = build_models(store._db)
        for model in models.all():
            table = model._meta.table_name
            columns = {c.name for c in store._db.get_columns(table)}
            assert columns == {f.column_name for f in model._meta.sorted_fields}, table


def _add_note_column(db: peewee.SqliteDatabase) -> None:
    db.execute_sql("ALTER TABLE run ADD COLUMN note TEXT")
    db.execute_sql("UPDATE run SET note = 'migrated'")


def test_an_older_file_is_backed_up_then_migrated(tmp_path, monkeypatch):
    with Store.open(tmp_path) as store:  # a file at today's schema, which the next step upgrades
        run_id = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
        old_version = store.schema_version
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _add_note_column])

    with Store.open(tmp_path) as store:
        assert store.schema_version == old_version + 1 == user_version(store.path)
        assert store.get_run(run_id).trigger is Trigger.SCHEDULED
        assert store._db.execute_sql("SELECT note FROM run").fetchone() == ("migrated",)

    backup = tmp_path / f"{FILE}.bak-v{old_version}"
    assert backup.is_file()
    assert user_version(backup) == old_version
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT id FROM run").fetchall() == [(run_id,)]
    assert "note" not in {row[1] for row in conn.execute("PRAGMA table_info(run)")}
    conn.close()

    with Store.open(tmp_path):  # up to date now: no second backup
        pass
    assert len(list(tmp_path.glob("*.bak-*"))) == 1


def test_a_v1_file_written_by_hand_climbs_the_whole_ladder(tmp_path, monkeypatch):
    """A file as the first release wrote it (schema 1, raw SQL), opened by code that knows more steps."""
    path = tmp_path / FILE
    conn = sqlite3.connect(path)
    for statement in migrations._V1:
        conn.execute(statement)
    conn.execute(
        'INSERT INTO run (id, "trigger", mode, started_at, status) VALUES '
        "(7, 'manual', 'full', '2024-03-04T05:06:07.123456+00:00', 'done')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    steps_run = []

    def step(name):
        def migrate(db):
            steps_run.append(name)
            db.execute_sql(f"CREATE TABLE {name} (x)")

        return migrate

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step("v2"), step("v3")])
    with Store.open(tmp_path) as store:
        assert store.schema_version == len(migrations.MIGRATIONS) == user_version(path)
        assert store.get_run(7).started_at == T0
    assert steps_run == ["v2", "v3"]
    assert user_version(tmp_path / f"{FILE}.bak-v1") == 1


def test_a_failing_step_leaves_the_file_at_its_version(tmp_path, monkeypatch):
    with Store.open(tmp_path) as store:
        run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
        version = store.schema_version

    def half_done(db):
        db.execute_sql("CREATE TABLE half (x)")
        raise RuntimeError("bug in step")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, half_done])
    with pytest.raises(MigrationFailed) as caught:
        Store.open(tmp_path)
    message = caught.value.user_message
    assert f"schema {version}" in message and "bug in step" in message and f".bak-v{version}" in message
    assert isinstance(caught.value, StoreError)
    assert user_version(tmp_path / FILE) == version
    conn = sqlite3.connect(tmp_path / FILE)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []  # rolled back
    conn.close()

    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
    with Store.open(tmp_path) as store:
        assert store.get_run(run_id) is not None


def test_a_database_newer_than_the_code_is_refused_untouched(tmp_path):
    with Store.open(tmp_path) as store:
        store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    path = tmp_path / FILE
    conn = sqlite3.connect(path)
    known = len(migrations.MIGRATIONS)
    conn.execute(f"PRAGMA user_version = {known + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew) as caught:
        Store.open(tmp_path)
    assert caught.value.user_message == (
        f"The history database at {path} was written by a newer version of Legal Basis Sync "
        f"(schema {known + 1}; this version knows up to {known}). Update the app or point it at another data "
        "directory."
    )
    assert isinstance(caught.value, StoreError) and str(caught.value) == caught.value.user_message
    assert path.read_bytes() == before and user_version(path) == known + 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(FILE)) == [FILE]


def test_garbage_is_moved_aside_with_its_wal_and_a_fresh_file_started(tmp_path):
    path = tmp_path / FILE
    garbage = b"\x00\x01not sqlite at all\xff" * 512
    path.write_bytes(garbage)
    (tmp_path / f"{FILE}-wal").write_bytes(b"stale wal")
    (tmp_path / f"{FILE}-shm").write_bytes(b"stale shm")
    with Store.open(tmp_path) as store:
        moved = store.recovered_from
        assert moved is not None and moved.parent == tmp_path
        assert moved.name.startswith(f"{FILE}.corrupt-") and moved.name.endswith("Z")
        assert moved.read_bytes() == garbage
        assert (tmp_path / f"{moved.name}-wal").read_bytes() == b"stale wal"
        assert (tmp_path / f"{moved.name}-shm").exists()  # an index SQLite rebuilds at will: moved, content not kept
        run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
        assert store.get_run(run_id) is not None
    with Store.open(tmp_path) as store:
        assert store.recovered_from is None and store.runs()[0].id == run_id
    assert moved.read_bytes() == garbage


def test_a_damaged_database_is_moved_aside_and_never_deleted(tmp_path):
    with Store.open(tmp_path) as store:
        store.save_baselines(
            BaselineEntry(
                f"user{i}@example.com", Purpose.STORE, Consent(LegalBasis.CONSENT, T0), Consent(LegalBasis.CONSENT, T0)
            )
            for i in range(5000)
        )
    path = tmp_path / FILE
    closed = path.stat().st_mtime_ns
    with open(path, "r+b") as fh:  # overwrite pages in the middle of the b-tree
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096 * 2)
    os.utime(path, ns=(closed + 10**9, closed + 10**9))  # a write after the close, a second later (coarse clocks)
    damaged = path.read_bytes()
    with Store.open(tmp_path) as store:
        assert store.recovered_from is not None and store.recovered_from.read_bytes() == damaged
        assert store.load_baselines() == {}


def test_opening_without_the_check_trusts_the_file_the_process_already_holds(tmp_path, monkeypatch):
    from desktop_app.store import database

    with Store.open(tmp_path) as first:  # checked here, as the window does once at start
        run_id = first.start_run(Trigger.MANUAL, RunMode.FULL, False)
        probes: list[object] = []
        monkeypatch.setattr(database, "_probe", lambda path: probes.append(path))
        with Store.open(tmp_path, check=False) as quick:  # the panels' quick reads: no whole-file check
            assert quick.get_run(run_id) is not None and quick.recovered_from is None
        assert probes == []
        with Store.open(tmp_path) as checked:  # made by a live store (its in-use mark held): nothing to doubt
            assert checked.recovered_from is None
        assert probes == []


def _probes(monkeypatch) -> list:
    from desktop_app.store import database

    probes: list[object] = []
    real = database._probe
    monkeypatch.setattr(database, "_probe", lambda path: probes.append(path) or real(path))
    return probes


def test_a_file_closed_cleanly_is_opened_without_the_whole_file_check(tmp_path, monkeypatch):
    """Issue 11: PRAGMA quick_check reads the whole file (0.46 s at 100,000 contacts); after a clean close the
    next open costs a stat, and leaves no in-use mark behind."""
    with Store.open(tmp_path) as store:
        run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
        assert len(list(tmp_path.glob("history-inuse-*.lock"))) == 1
    assert not list(tmp_path.glob("history-inuse-*.lock"))
    probes = _probes(monkeypatch)
    for _ in range(2):
        with Store.open(tmp_path) as store:
            assert store.get_run(run_id) is not None
    assert probes == []


def test_a_process_that_died_with_the_file_open_makes_the_next_open_check_it(tmp_path, monkeypatch):
    with Store.open(tmp_path) as store:
        store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    # What a killed process leaves: its in-use mark, whose lock the operating system has let go of.
    (tmp_path / "history-inuse-0123456789abcdef.lock").write_text("")
    probes = _probes(monkeypatch)
    with Store.open(tmp_path, check=False):  # a quick open trusts the file and leaves the mark for the next check
        pass
    assert probes == []
    with Store.open(tmp_path) as store:
        assert store.recovered_from is None
    assert probes == [tmp_path / FILE]
    assert not (tmp_path / "history-inuse-0123456789abcdef.lock").exists()
    with Store.open(tmp_path):
        pass
    assert probes == [tmp_path / FILE], "checked once, then trusted again"


def test_a_file_another_process_holds_open_is_not_doubted_for_its_changes(tmp_path, monkeypatch):
    with Store.open(tmp_path):
        pass
    probes = _probes(monkeypatch)
    with Store.open(tmp_path) as first:  # live: its mark's lock is held
        first.start_run(Trigger.MANUAL, RunMode.FULL, False)  # the file changes under the clean record
        with Store.open(tmp_path) as second:
            assert second.recovered_from is None
    assert probes == []


def test_the_whole_file_check_still_runs_on_a_schedule_and_on_demand(tmp_path, monkeypatch):
    from desktop_app.store import database

    with Store.open(tmp_path):
        pass
    record = json.loads((tmp_path / clean_state.CLEAN_NAME).read_text())
    record["checked_at"] = (datetime.now(timezone.utc) - database.CHECK_EVERY - timedelta(hours=1)).isoformat()
    (tmp_path / clean_state.CLEAN_NAME).write_text(json.dumps(record))
    probes = _probes(monkeypatch)
    with Store.open(tmp_path):
        pass
    with Store.open(tmp_path):
        pass
    assert probes == [tmp_path / FILE], "a week after the last check, once"
    assert database.integrity_problem(tmp_path / FILE) is None
    assert len(probes) == 2
    with open(tmp_path / FILE, "r+b") as fh:
        fh.seek(4096 * 2)
        fh.write(b"\xff" * 4096 * 2)
    assert database.integrity_problem(tmp_path / FILE)  # said in words, and the file left where it is
    assert (tmp_path / FILE).exists()


def test_two_recoveries_in_the_same_second_keep_both_files(tmp_path):
    moved = []
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        (tmp_path / FILE).write_bytes(content)
        with Store.open(tmp_path) as store:
            moved.append(store.recovered_from)
    assert moved[0] != moved[1]
    assert [m.read_bytes()[:6] for m in moved] == [b"first ", b"second"]


def test_an_empty_file_is_a_valid_new_database(tmp_path):
    (tmp_path / FILE).write_bytes(b"")
    with Store.open(tmp_path) as store:
        assert store.recovered_from is None and store.schema_version == len(migrations.MIGRATIONS)


def test_a_data_directory_that_cannot_exist_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(blocker / "data")
    assert str(blocker / "data") in caught.value.user_message


def test_two_stores_on_two_directories_do_not_interfere(tmp_path):
    a = Store.open(tmp_path / "a")
    b = Store.open(tmp_path / "b")
    try:
        run_a = a.start_run(Trigger.MANUAL, RunMode.FULL, False)
        a.set_cursor("x", T0)
        b.save_settings({"crm": "onsite"})
        run_b1 = b.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, True)
        run_b2 = b.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, True)
        a.save_settings({"crm": "online"})
        assert [r.id for r in a.runs()] == [run_a]
        assert [r.id for r in b.runs()] == [run_b2, run_b1]
        assert a.get_cursor("x") == T0 and b.get_cursor("x") is None
        assert a.settings() == {"crm": "online"} and b.settings() == {"crm": "onsite"}
        a.close()
        assert b.settings() == {"crm": "onsite"}  # closing one leaves the other working
    finally:
        a.close()
        b.close()


def test_two_stores_on_one_directory_see_each_others_writes(tmp_path):
    with Store.open(tmp_path) as window, Store.open(tmp_path) as worker:
        run_id = worker.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
        assert window.get_run(run_id).status is RunStatus.RUNNING
        window.save_settings({"enabled": True})
        assert worker.settings() == {"enabled": True}


def test_a_store_used_from_a_worker_thread_and_closed_from_the_opening_one(tmp_path):
    store = Store.open(tmp_path)
    store.save_settings({"from": "main"})
    seen = {}

    def work():
        run_id = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
        store.finish_run(run_id, RunStatus.DONE)
        seen["settings"] = store.settings()
        seen["run"] = run_id

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen["settings"] == {"from": "main"}
    assert store.get_run(seen["run"]).status is RunStatus.DONE
    assert len(store._db._all_connections) == 2
    store.close()
    assert store._db._all_connections == []
    store.close()  # twice is fine


def test_a_locked_database_is_a_store_error_not_a_crash(tmp_path, monkeypatch):
    with Store.open(tmp_path) as store:
        blocker = sqlite3.connect(store.path, timeout=0)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            store._db.execute_sql("PRAGMA busy_timeout = 50")  # keep the test quick
            with pytest.raises(StoreUnavailable) as caught:
                store.save_settings({"crm": "online"})
            assert "locked" in caught.value.user_message and str(store.path) in caught.value.user_message
        finally:
            blocker.rollback()
            blocker.close()
        store.save_settings({"crm": "online"})
        assert store.settings() == {"crm": "online"}


def test_a_closed_store_refuses_to_work(tmp_path):
    store = Store.open(tmp_path)
    store.close()
    with pytest.raises(StoreError):
        store.runs()
    assert "closed" in repr(store)
