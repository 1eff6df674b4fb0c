"""Upgrading the history file under an adversary: a process killed mid-step, two openers the open lock does not hold
apart, a full disk during a step, a backup cut short, a schema version no release writes.

The history holds the audit trail a data-protection officer relies on, the baselines the next run decides from (R13)
and the decisions held for a person (R24): an upgrade either completes or leaves the file as it was, says so in one
sentence, and never leaves a file that opens as current with columns missing.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from desktop_app.domain.model import Consent, LegalBasis, Purpose
from desktop_app.store import BaselineEntry, Store, StoreError, database, migrations
from desktop_app.store.errors import MigrationFailed

T0 = datetime(2024, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
FILE = database.FILE_NAME


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')] for table in tables}
    finally:
        conn.close()


def old_history(data_dir: Path, version: int, monkeypatch: pytest.MonkeyPatch, contacts: int = 200) -> Path:
    """A history as the release at schema `version` left it, with baselines in it."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
        with Store.open(data_dir) as store:
            store.save_baselines(
                BaselineEntry(
                    f"c{i}@example.se", Purpose.STORE, Consent(LegalBasis.CONSENT, T0), Consent(LegalBasis.CONSENT, T0)
                )
                for i in range(contacts)
            )
    return data_dir / FILE


def current_schema(tmp_path: Path) -> dict[str, list[str]]:
    with Store.open(tmp_path / "fresh"):
        pass
    return columns(tmp_path / "fresh" / FILE)


_KILLED_MID_STEP = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from desktop_app.store import Store, migrations

    step = int(sys.argv[2])
    real = migrations.MIGRATIONS[step]

    def killed(db):
        real(db)  # the step's DDL done, its transaction (and the version bump) not yet committed
        os.kill(os.getpid(), signal.SIGKILL)

    migrations.MIGRATIONS[step] = killed
    Store.open(Path(sys.argv[1]))
""")


@pytest.mark.parametrize("version", range(1, len(migrations.MIGRATIONS)))
def test_an_upgrade_killed_inside_a_step_is_redone_whole_by_the_next_open(tmp_path, monkeypatch, version):
    """Covered already, cheap: each step and its version bump are one transaction, so a process killed inside the step
    (SIGKILL: no rollback, no close) leaves the file at its old version, and the next open climbs the whole ladder.
    Never a file that says 'current' with a step's columns missing, and the baselines (R13) are all there."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, version, monkeypatch)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_STEP, str(data_dir), str(version)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == -9, killed.stderr
    assert user_version(path) == version

    with Store.open(data_dir) as store:
        assert store.schema_version == len(migrations.MIGRATIONS) == user_version(path)
        assert len(store.load_baselines()) == 200
    assert columns(path) == current_schema(tmp_path)


class _LockThisAccountMayNotWrite(database.FileLock):
    """`history-open.lock` made by another account (the window run by an admin, `sync` by the scheduler's service
    account): opening it for writing fails, and the opener goes on without it."""

    def acquire(self, *args, **kwargs):
        if self.lock_file.endswith(database.OPEN_LOCK_NAME):
            raise PermissionError(13, "Permission denied", self.lock_file)
        return super().acquire(*args, **kwargs)


def test_two_openers_the_open_lock_does_not_hold_apart_climb_the_ladder_once_and_both_open(tmp_path, monkeypatch):
    """The window and a scheduled `sync` open an older history at once, and the open lock cannot hold them apart (its
    file belongs to another account). The one that waits for the write lock must see the steps the other made, not
    run them again: that failed with "duplicate column name" and said the file was left at its old schema while it
    was already current."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 5, monkeypatch)
    monkeypatch.setattr(database, "FileLock", _LockThisAccountMayNotWrite)
    both_backed_up = threading.Barrier(2, timeout=20)
    real_backup = database.backup

    def backup(db, target, version):  # both have read the old version and are about to climb
        saved = real_backup(db, target, version)
        both_backed_up.wait()
        return saved

    monkeypatch.setattr(database, "backup", backup)
    results: list[object] = []

    def open_it() -> None:
        try:
            with Store.open(data_dir) as store:
                results.append(store.schema_version)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            results.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    known = len(migrations.MIGRATIONS)
    assert results == [known, known], [str(r) for r in results]
    assert user_version(path) == known
    assert columns(path) == current_schema(tmp_path)


def test_a_full_disk_during_a_step_says_so_and_the_next_open_with_room_completes_it(tmp_path, monkeypatch):
    """Uncovered, cheap: the disk fills after the backup is written, during a step (SQLite's max_page_count caps the
    file, as tests/test_full_disk.py does). One sentence naming the disk's answer and the copy, the file left at its
    old version with every baseline, and the next open with room upgrades it."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 4, monkeypatch)
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]
    with monkeypatch.context() as patch:
        patch.setattr(database, "pragmas", lambda real=database.pragmas: [*real(), ("max_page_count", pages)])
        with pytest.raises(MigrationFailed) as caught:
            Store.open(data_dir)
    said = caught.value.user_message
    assert (
        "database or disk is full" in said and f"left at schema 4; a copy from before the upgrade is at {path}" in said
    )
    assert user_version(path) == 4

    with Store.open(data_dir) as store:
        assert store.schema_version == len(migrations.MIGRATIONS) and len(store.load_baselines()) == 200


def test_a_backup_cut_short_by_a_killed_upgrade_is_removed_by_the_next_open(tmp_path, monkeypatch):
    """A process killed while it copied the history before upgrading leaves the copy half-written under its temporary
    name (with its journal): as large as the history, and never the admin's to restore. Only a process holding the
    open lock writes one, so the next opener removes what it finds; before, each killed attempt (a scheduler's time
    limit on a large history) left another on the disk for good."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 7, monkeypatch)
    partial = data_dir / f"{FILE}.bak-v7.0123456789abcdef0123456789abcdef.tmp"  # as database.backup names it
    partial.write_bytes(path.read_bytes()[: 4096 * 3])
    journal = Path(f"{partial}-journal")
    journal.write_bytes(b"\0" * 512)
    unrelated = data_dir / "history-clean.json.0123.tmp"  # not a backup: left for its own owner
    unrelated.write_text("{}")

    with Store.open(data_dir) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)
    assert not partial.exists() and not journal.exists()
    assert unrelated.exists()
    assert user_version(data_dir / f"{FILE}.bak-v7") == 7  # the finished copy is kept


def test_a_schema_version_no_release_writes_is_refused_untouched(tmp_path):
    """PRAGMA user_version is a signed number any SQLite tool can set; no release writes a negative one. Such a file
    was read as 'older than ours' and the ladder ran from MIGRATIONS[-1] (the newest step) on a file of unknown
    schema, then wrote version 0 into it. It must be refused in one sentence, the file as it was and no copy made."""
    with Store.open(tmp_path):
        pass
    path = tmp_path / FILE
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = -1")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    assert caught.value.user_message == (
        f"The history database at {path} has schema version -1, which no version of Legal Basis Sync writes; it "
        "was left untouched. Restore a copy of it or point the app at another data directory."
    )
    assert not isinstance(caught.value, MigrationFailed)
    assert user_version(path) == -1 and path.read_bytes() == before
    assert not list(tmp_path.glob(f"{FILE}.bak-*"))


def _backups(data_dir: Path, version: int) -> list[Path]:
    return sorted(p for p in data_dir.glob(f"{FILE}.bak-v{version}*") if not p.name.endswith(".tmp"))


def test_an_upgrade_that_keeps_failing_keeps_one_copy_not_one_per_attempt(tmp_path, monkeypatch):
    """An upgrade step that fails the same way every time (a file a SQL dump restored, a quirk in old data) was
    retried by every scheduled `sync`, every 30 minutes, and each attempt first wrote a whole new copy of the history
    beside it: 48 copies a day as large as the history, until the disk was full. The file is unchanged by a failed
    attempt (each step is one transaction), so the copy the first attempt made is still a copy of it: it is named
    again, and a new one is written only once the file has changed since."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 6, monkeypatch)

    def broken(db):
        raise sqlite3.OperationalError("table run already exists")

    ladder = migrations.MIGRATIONS
    monkeypatch.setattr(migrations, "MIGRATIONS", [*ladder[:6], broken, *ladder[7:]])
    sayings = []
    for _ in range(3):
        with pytest.raises(MigrationFailed) as caught:
            Store.open(data_dir)
        sayings.append(caught.value.user_message)
    [copy] = _backups(data_dir, 6)
    assert all(f"a copy from before the upgrade is at {copy}" in said for said in sayings), sayings
    assert user_version(copy) == 6

    conn = sqlite3.connect(path)  # an older release, still open on another desk, wrote to it since
    conn.execute("PRAGMA user_version = 6")
    conn.execute("CREATE TABLE IF NOT EXISTS later_note (x)")
    conn.commit()
    conn.close()
    with pytest.raises(MigrationFailed):
        Store.open(data_dir)
    assert len(_backups(data_dir, 6)) == 2

    monkeypatch.setattr(migrations, "MIGRATIONS", ladder)  # the fixed release
    with Store.open(data_dir) as store:
        assert store.schema_version == len(ladder)
    assert not (data_dir / f"{FILE}.upgrade-failed").exists()
