"""Two processes meeting over an upgrade of the history file, and a history restored from an SQL dump.

The window and the scheduled `legalbasis-sync sync` open the same history.sqlite3; after an update one of them may be
an older release. The history holds the audit trail a data-protection officer relies on, the baselines the next run
decides from (R13) and the decisions held for a person (R24): a version that does not know the file's schema refuses
it in one sentence and touches nothing, an upgrade's copy is never deleted under it, and a file whose schema version
was lost (a restore from `.dump`) is recognised or refused in one sentence, never upgraded into a traceback.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_history_migrations_adversarial import (
    FILE,
    _LockThisAccountMayNotWrite,
    columns,
    current_schema,
    old_history,
    user_version,
)

from desktop_app.store import Store, StoreError, database, migrations
from desktop_app.store.errors import DatabaseTooNew, MigrationFailed

KNOWN = len(migrations.MIGRATIONS)

# The newer release upgrading the file (from schema 5), held inside its first step (the write lock held) until told.
_NEWER_UPGRADING = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from desktop_app.store import Store, migrations

    data_dir, ready = Path(sys.argv[1]), Path(sys.argv[2])
    real = migrations.MIGRATIONS[5]

    def slow(db):
        real(db)
        ready.write_text("in step")
        time.sleep(3)

    migrations.MIGRATIONS[5] = slow
    with Store.open(data_dir) as store:
        print(store.schema_version)
""")

# An upgrader the open lock does not hold back (its lock file belongs to another account), paused while its copy of
# the history is still under the temporary name.
_UPGRADER_COPYING = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from desktop_app.store import Store, database

    class LockThisAccountMayNotWrite(database.FileLock):
        def acquire(self, *args, **kwargs):
            if self.lock_file.endswith(database.OPEN_LOCK_NAME):
                raise PermissionError(13, "Permission denied", self.lock_file)
            return super().acquire(*args, **kwargs)

    data_dir, ready = Path(sys.argv[1]), Path(sys.argv[2])
    database.FileLock = LockThisAccountMayNotWrite
    real_replace = os.replace

    def replace(source, target):
        if str(source).endswith(".tmp") and ".bak-v" in str(source):
            ready.write_text(str(source))
            time.sleep(3)
        return real_replace(source, target)

    os.replace = replace
    with Store.open(data_dir) as store:
        print(store.schema_version)
""")


def _start(script: str, data_dir: Path, ready: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(data_dir), str(ready)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return process


def test_an_older_release_opening_while_a_newer_one_upgrades_is_refused_not_opened_on_the_newer_schema(
    tmp_path, monkeypatch
):
    """After an update, the scheduled `sync` (the new release, schema 8) upgrades a schema-5 history while a window of
    the old release (schema 7) opens it; its account cannot write `history-open.lock`, so nothing holds it back. It
    read schema 5, backed up, waited for the write lock, found each step already climbed, and opened the file, now at
    schema 8, as its own: a release that cannot read schema 8's rows (an 'unconfirmed' decision, R15/R18) working on
    the audit trail. It must refuse in the one sentence an older release says, and change nothing."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 5, monkeypatch)
    newer = _start(_NEWER_UPGRADING, data_dir, tmp_path / "ready")

    monkeypatch.setattr(database, "FileLock", _LockThisAccountMayNotWrite)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
    try:
        with pytest.raises(DatabaseTooNew) as caught:
            Store.open(data_dir).close()
    finally:
        out, err = newer.communicate(timeout=60)
    assert newer.returncode == 0 and out.split() == [str(KNOWN)], err
    assert caught.value.user_message == (
        f"The history database at {path} was written by a newer version of Legal Basis Sync (schema {KNOWN}; this "
        "version knows up to 7). Update the app or point it at another data directory."
    )
    assert user_version(path) == KNOWN
    assert not (data_dir / f"{FILE}.upgrade-failed").exists()
    monkeypatch.undo()
    with Store.open(data_dir) as store:
        assert len(store.load_baselines()) == 200


def test_an_older_release_that_takes_the_open_lock_waits_for_the_upgrade_then_refuses(tmp_path, monkeypatch):
    """Covered already (evidence for the review's point 1): an older release that can take `history-open.lock` waits
    while the newer one upgrades, then reads the new version and refuses in one sentence; the file is as the upgrade
    left it."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 5, monkeypatch)
    newer = _start(_NEWER_UPGRADING, data_dir, tmp_path / "ready")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:7])
    try:
        with pytest.raises(DatabaseTooNew):
            Store.open(data_dir).close()
    finally:
        out, err = newer.communicate(timeout=60)
    assert newer.returncode == 0, err
    assert user_version(path) == KNOWN


def test_an_opener_never_removes_the_copy_a_live_upgrader_is_still_writing(tmp_path, monkeypatch):
    """The scheduled `sync` runs under a service account that cannot take `history-open.lock` (the admin's window
    made it), and copies the history before upgrading it. The window, opening meanwhile with the lock, took that
    copy for one a killed upgrade left half-written and deleted it: the upgrade then failed ('a backup could not be
    written first') and the copy an admin would restore from was gone. Only a copy no live process is writing may
    be removed."""
    data_dir = tmp_path / "d"
    path = old_history(data_dir, 5, monkeypatch)
    ready = tmp_path / "ready"
    upgrader = _start(_UPGRADER_COPYING, data_dir, ready)
    partial = Path(ready.read_text())
    try:
        with Store.open(data_dir) as store:
            assert store.schema_version == KNOWN
        assert partial.exists()
    finally:
        out, err = upgrader.communicate(timeout=60)
    assert upgrader.returncode == 0 and out.split() == [str(KNOWN)], err
    assert user_version(path) == KNOWN
    assert not list(data_dir.glob(f"{FILE}.bak-v*.tmp*"))  # both copies finished; nothing left behind
    copies = [user_version(copy) for copy in data_dir.glob(f"{FILE}.bak-v5*")]
    assert copies and set(copies) == {5}  # (both named .bak-v5 when made at once: the later rename wins, a copy too)


def test_a_copy_whose_writer_was_killed_is_still_removed(tmp_path, monkeypatch):
    """The other half of the same rule: a copy cut short by a killed upgrade (its writer's lock let go by the OS)
    is removed by the next open, with its lock file; the finished copy is kept."""
    data_dir = tmp_path / "d"
    old_history(data_dir, 5, monkeypatch)
    script = _UPGRADER_COPYING.replace("time.sleep(3)", "os.kill(os.getpid(), 9)")
    killed = _start(script, data_dir, tmp_path / "ready")
    killed.communicate(timeout=60)
    assert killed.returncode == -9
    assert list(data_dir.glob(f"{FILE}.bak-v*.tmp"))

    with Store.open(data_dir) as store:
        assert store.schema_version == KNOWN
    assert not list(data_dir.glob(f"{FILE}.bak-v*.tmp*"))
    assert [user_version(copy) for copy in data_dir.glob(f"{FILE}.bak-v5*")] == [5]


def _restored_from_dump(source: Path, target: Path) -> None:
    """`sqlite3 history.sqlite3 .dump | sqlite3 restored.sqlite3`: every table and row, and no PRAGMA user_version."""
    conn = sqlite3.connect(source)
    script = "\n".join(conn.iterdump())
    conn.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    restored = sqlite3.connect(target)
    restored.executescript(script)
    restored.close()
    assert user_version(target) == 0


@pytest.mark.parametrize("version", [1, 5, 7, KNOWN])
def test_a_history_restored_from_an_sql_dump_is_recognised_and_opens_with_everything(tmp_path, monkeypatch, version):
    """An admin restores the history from an SQL dump (the DPO's archive, a move to a new PC): every table and row
    came back, PRAGMA user_version did not. Schema 0 with the app's tables was upgraded from schema 0: the first step
    failed with "table run already exists" and the file could not be used. Its tables and columns say which schema
    it is; it opens as that schema, upgraded if older, with every baseline, and a copy kept from before."""
    source = old_history(tmp_path / "old", version, monkeypatch)
    data_dir = tmp_path / "d"
    path = data_dir / FILE
    _restored_from_dump(source, path)

    with Store.open(data_dir) as store:
        assert store.schema_version == KNOWN == user_version(path)
        assert len(store.load_baselines()) == 200
    assert columns(path) == current_schema(tmp_path)
    [copy] = data_dir.glob(f"{FILE}.bak-v0*")
    assert user_version(copy) == 0 and columns(copy) == columns(source)


def test_a_schema_zero_file_whose_tables_are_no_release_s_is_refused_untouched(tmp_path, monkeypatch):
    """A dump restored with a table dropped, or another program's SQLite file put in the app's place: schema 0 with
    tables that are no release's. Upgrading it from schema 0 failed with SQLite's words (or mixed the app's tables
    into a stranger's file). It is refused in one sentence that says what happened and what to do; nothing changed."""
    source = old_history(tmp_path / "old", 5, monkeypatch)
    data_dir = tmp_path / "d"
    path = data_dir / FILE
    _restored_from_dump(source, path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE held_run")
    conn.commit()
    before = list(conn.iterdump())
    conn.close()

    with pytest.raises(StoreError) as caught:
        Store.open(data_dir)
    assert not isinstance(caught.value, MigrationFailed)
    assert caught.value.user_message == (
        f"The history database at {path} has tables but no schema version, and they are not those of any version of "
        "Legal Basis Sync (as after restoring a damaged or edited SQL dump); it was left untouched. Restore a copy "
        "of it (a history.sqlite3.bak-v… file beside it) or point the app at another data directory."
    )
    conn = sqlite3.connect(path)
    assert list(conn.iterdump()) == before and user_version(path) == 0  # (opening it turned on its WAL mode only)
    conn.close()
    assert not list(data_dir.glob(f"{FILE}.bak-*"))
