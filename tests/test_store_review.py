"""The history file under damage, a newer version, and a full disk: SPEC "Bad input gets one clear sentence and loses
nothing: never a traceback ... never a half-written record".

- Damage SQLite finds while reading (sqlite3's bare DatabaseError: "database disk image is malformed", "file is not
  a database") is a StoreError with the sentence the `check` command uses, never "Unexpected error (DatabaseError)";
  and the next checked open moves the file aside as that sentence says.
- A file written by a newer version is refused (DatabaseTooNew) and left untouched, even when its schema uses syntax
  this SQLite cannot parse: never moved aside as corrupt, which would start an empty history.
- The copy made before an upgrade is either whole or absent: a copy cut short by a full disk is never left under the
  backup's name, the file an admin would restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cli_support import command, one_sentence
from test_disk_mounts import _mount

from desktop_app.domain.model import Consent, LegalBasis, Purpose, RunMode, Trigger
from desktop_app.store import Store, migrations
from desktop_app.store.database import integrity_problem
from desktop_app.store.errors import DatabaseDamaged, DatabaseTooNew, StoreError
from desktop_app.store.records import BaselineEntry

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
FILE = "history.sqlite3"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env.update(
        {"LEGALBASIS_SYNC_DATA_DIR": str(data_dir), "LEGALBASIS_SYNC_CRM": "online", "LEGALBASIS_SYNC_ENABLED": "1"}
    )
    return env


def _baselines(n: int):
    return (
        BaselineEntry(
            f"user{i}@example.com", Purpose.STORE, Consent(LegalBasis.CONSENT, T0), Consent(LegalBasis.CONSENT, T0)
        )
        for i in range(n)
    )


def _damaged_in_place(data_dir: Path) -> Path:
    """A history closed cleanly, then pages in the middle of its b-tree damaged where neither its size nor its
    modification time changed (a failing disk sector; a copy put back with `cp -p` / `rsync -a`)."""
    with Store.open(data_dir) as store:
        store.start_run(Trigger.MANUAL, RunMode.FULL, False)
        store.save_baselines(_baselines(5000))
    path = data_dir / FILE
    st = path.stat()
    with open(path, "r+b") as fh:
        fh.seek(4096 * 1)  # page 2: the run table's root
        fh.write(b"\xff" * 4096)
        fh.seek(4096 * 30)  # pages 31-35: baselines
        fh.write(b"\xff" * 4096 * 5)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    return path


def test_a_damaged_page_found_by_a_read_is_a_store_error_and_the_next_open_moves_the_file_aside(tmp_path):
    """The open trusts the file (its fingerprint matches the last clean close), so the damage is found by a read:
    one sentence naming the file, and the next checked open runs the whole-file check and moves it aside."""
    data_dir = tmp_path / "d"
    path = _damaged_in_place(data_dir)
    with Store.open(data_dir) as store:
        assert store.recovered_from is None  # no whole-file check on this open
        with pytest.raises(DatabaseDamaged) as caught:
            store.load_baselines()
    assert str(path) in caught.value.user_message and "damaged" in caught.value.user_message
    with Store.open(data_dir) as store:
        assert store.recovered_from is not None and store.recovered_from.exists()
        assert not store.load_baselines()


def test_history_on_a_damaged_file_says_one_sentence(tmp_path):
    data_dir = tmp_path / "d"
    _damaged_in_place(data_dir)
    result = subprocess.run(command("history"), env=_env(data_dir), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    line = one_sentence(result.stderr)
    assert "Unexpected error" not in line and "history database" in line, line


def test_health_on_an_unreadable_history_says_one_sentence(tmp_path):
    """`health` is what monitoring runs (a quick open, check=False); a file that is not a database is the admin's
    situation, said in a sentence."""
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    (data_dir / FILE).write_bytes(b"\x00\x01not sqlite at all\xff" * 512)
    result = subprocess.run(command("health"), env=_env(data_dir), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    line = one_sentence(result.stderr + result.stdout)
    assert "Unexpected error" not in line and "history database" in line, line


def _newer_with_unparseable_schema(data_dir: Path) -> Path:
    """A later version (with a newer SQLite) adds a view in syntax this SQLite does not know yet (aggregate ORDER
    BY, SQLite 3.44) and bumps the schema."""
    with Store.open(data_dir) as store:
        store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    path = data_dir / FILE
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW recent_emails AS SELECT group_concat(email) FROM decision")
    conn.execute("PRAGMA writable_schema = ON")  # what a newer SQLite would have written
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE VIEW recent_emails AS SELECT group_concat(email ORDER BY id) "
        "FROM decision' WHERE name = 'recent_emails'"
    )
    conn.execute(f"PRAGMA user_version = {migrations.known_version() + 1}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("check", [True, False])
def test_a_newer_file_whose_schema_this_sqlite_cannot_parse_is_refused_not_moved_aside(tmp_path, check):
    """The whole-file check reads such a schema as 'malformed': the version must be read first, and the file refused
    as DatabaseTooNew, untouched, never moved aside with an empty history started in its place."""
    path = _newer_with_unparseable_schema(tmp_path)
    (tmp_path / "history-clean.json").unlink()  # e.g. copied from the machine with the newer version
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew):
        with Store.open(tmp_path, check=check) as store:
            pytest.fail(f"opened: recovered_from={store.recovered_from}, runs={[r.id for r in store.runs()]}")
    with pytest.raises(DatabaseTooNew):  # the `check` command: refused too, never reported as damaged
        integrity_problem(path)
    assert path.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def _count(path: Path) -> int | str:
    conn = sqlite3.connect(path)  # as an admin restoring it would: a hot journal beside it is rolled back
    try:
        return int(conn.execute("SELECT count(*) FROM baseline").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return f"unreadable: {exc}"
    finally:
        conn.close()


def test_a_backup_cut_short_by_a_full_disk_is_not_left_under_the_backups_name(tmp_path, monkeypatch):
    """A schema-7 history on a disk with room for the file but not for its copy: the upgrade is refused (nothing
    changed); once there is room, the upgrade goes through, and every file named as the pre-upgrade copy holds the
    whole history. Mounts a disk of its own, as tests/test_disk_mounts.py does (fails saying so without root)."""
    n = 40_000
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
    with Store.open(tmp_path / "made") as store:
        assert store.schema_version == 7
        store.save_baselines(_baselines(n))
    monkeypatch.undo()
    source = tmp_path / "made" / FILE
    size = source.stat().st_size
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={size + size // 2}", "tmpfs", str(disk))
    try:
        shutil.copy(source, disk / FILE)
        with pytest.raises(StoreError) as caught:  # room for the file, not for the file and its copy
            Store.open(disk)
        said = caught.value.user_message
        left = sorted(p.name for p in disk.iterdir())
        assert not [name for name in left if ".bak-v7" in name], (left, said)  # the cut copy is gone, and its journal
        _mount("-o", f"remount,size={size * 6}", str(disk))  # the admin makes room and starts again
        with Store.open(disk) as store:
            assert store.schema_version == migrations.known_version()
            assert len(store.load_baselines()) == n
        copies = sorted(p for p in disk.iterdir() if p.name.startswith(f"{FILE}.bak-v7"))
        assert [p.name for p in copies] == [f"{FILE}.bak-v7"], sorted(p.name for p in disk.iterdir())
        assert _count(copies[0]) == n
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_lock_met_halfway_through_an_export_is_one_sentence(tmp_path):
    """The exports read their rows from guarded generators; the guard used to cover only making the generator, so a
    lock, a full disk or damage met while `history --csv` read raised SQLite's own error ("Unexpected error")."""
    import sqlite3 as sqlite

    from desktop_app.store.errors import StoreUnavailable, guarded

    class Rows:
        _closed = False
        path = tmp_path / "history.sqlite3"

        @guarded
        def audit_rows(self):
            yield 1
            raise sqlite.OperationalError("database is locked")

    rows = Rows().audit_rows()
    assert next(rows) == 1
    with pytest.raises(StoreUnavailable) as raised:
        next(rows)
    assert "database is locked" in str(raised.value) and str(tmp_path) in str(raised.value)
