"""Issue 9 pt 4 (in part): a log file that cannot be written (the disk full) never prints logging's own
"--- Logging error ---" traceback on stderr; the line is dropped and the command's sentence stays the only one."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_SCRIPT = textwrap.dedent("""
    import logging, resource, signal, sys
    from desktop_app.log_file import setup_logging
    path = setup_logging()
    assert path is not None
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the size limit, write() fails with EFBIG: a full disk
    size = path.stat().st_size
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64, size + 64))
    for i in range(20):
        logging.getLogger("x").warning("a line that no longer fits %s", "." * 200)
    print("done", flush=True)
""")


def test_a_log_file_on_a_full_disk_prints_no_logging_traceback(tmp_path):
    env = {"LEGALBASIS_SYNC_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert "Logging error" not in result.stderr and "Traceback" not in result.stderr, result.stderr


# Issue 9 pt 4: the history database's disk fills up during a run. The hook lets the run read and plan with room,
# then caps the file at the pages it has (SQLite's max_page_count, for this and every later connection): the next
# statement that needs a page fails with "database or disk is full", as on a full disk.
_FULL_RUN = textwrap.dedent("""
    import sys
    from desktop_app import cli
    from desktop_app.sync.engine import SyncEngine

    original = SyncEngine._apply

    def _apply(self, state, writes, snapshot):
        db = self.store._db
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages}")
        db._pragmas = [*db._pragmas, ("max_page_count", pages)]
        return original(self, state, writes, snapshot)

    SyncEngine._apply = _apply
    sys.exit(cli.main(sys.argv[1:]))
""")


def test_a_disk_that_fills_during_a_sync_gives_one_sentence_and_the_next_run_completes_the_work(tmp_path):
    from cli_support import cli_env, fast_requests, one_sentence, run_cli, start_servers

    so, em = start_servers(contacts=120)  # 120 withdrawals to write to SuperOffice
    data_dir = tmp_path / "d"
    try:
        fast_requests(data_dir)
        env = cli_env(data_dir, so, em)
        full = subprocess.run(
            [sys.executable, "-c", _FULL_RUN, "sync", "--allow-mass-change"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert full.returncode == 1, (full.stdout, full.stderr)
        assert one_sentence(full.stderr) == (
            f"The disk holding {data_dir} is full: free some space; nothing was "
            "half-recorded and the next run will complete the work."
        )
        first_puts = len([r for r in so.requests if r.method == "PUT"])
        assert first_puts < 120  # the run stopped partway

        after = run_cli(env, "sync", "--allow-mass-change", "--json")
        assert after.returncode == 0, after.stderr
        puts = [r for r in so.requests if r.method == "PUT"]
        assert len(puts) == 120, len(puts)  # every write applied once: what landed was confirmed, not sent again
        for i in range(120):
            person = so.person_ids(f"c{i:04d}@example.se")[0]
            assert so.consents(person)["EMARKETING"]["LegalBaseKey"] == "WITHDRAWN"
    finally:
        so.stop()
        em.stop()


def test_a_read_only_data_directory_is_named_as_such_and_the_cause_is_found_behind_peewees_rollback(tmp_path):
    """Issue 9 pt 4: SQLite's 'attempt to write a readonly database', also when peewee's failed rollback hides it."""
    import sqlite3

    import peewee

    from desktop_app.store.errors import DiskFull, disk_full

    database = tmp_path / "d" / "history.sqlite3"
    try:
        try:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        except sqlite3.OperationalError:
            raise peewee.OperationalError("cannot rollback - no transaction is active")  # noqa: B904
    except peewee.OperationalError as exc:
        found = disk_full(exc, database)
    assert isinstance(found, DiskFull)
    assert found.user_message == (
        f"The disk holding {tmp_path / 'd'} is read-only: make it writable; nothing was "
        "half-recorded and the next run will complete the work."
    )
    assert disk_full(sqlite3.OperationalError("database is locked"), database) is None
