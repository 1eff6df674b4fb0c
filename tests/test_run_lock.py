"""R20: the run lock (filelock, with the holder written beside it), released when its process dies, and taken
before the history database is created or migrated, so several first runs at once never race the schema."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.sync.lock import LockHeld, RunLock, read_holder

_HOLD = textwrap.dedent("""
    import sys, time
    from desktop_app.sync.lock import RunLock
    lock = RunLock(sys.argv[1])
    lock.acquire()
    print("held", flush=True)
    time.sleep(120)
""")


def _holder_process(data_dir: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(data_dir)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_r20_the_lock_names_its_holder_and_is_released_by_kill_9(tmp_path):
    proc = _holder_process(tmp_path)
    try:
        with pytest.raises(LockHeld) as info:
            RunLock(tmp_path).acquire()
        assert info.value.holder == str(proc.pid)
        assert f"(process {proc.pid})" in info.value.user_message
        assert read_holder(tmp_path / "sync.lock")["host"]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    # The OS let go with the process: the next run takes it at once and writes itself in as the holder.
    with RunLock(tmp_path) as lock:
        assert lock.held
        assert read_holder(tmp_path / "sync.lock")["pid"] == str(os.getpid())
    assert not (tmp_path / "sync.lock.holder").exists()


def test_r20_a_second_lock_in_the_same_process_and_a_second_acquire_are_refused(tmp_path):
    first = RunLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(LockHeld):
            RunLock(tmp_path).acquire()
        with pytest.raises(LockHeld):
            first.acquire()
    finally:
        first.release()
    first.release()  # twice is harmless
    with RunLock(tmp_path):
        pass


def test_r20_a_holder_that_has_not_written_itself_in_yet_is_said_without_a_process(tmp_path):
    lock = RunLock(tmp_path)
    lock.acquire()
    try:
        lock.holder_path.write_text("not json", encoding="utf-8")
        with pytest.raises(LockHeld) as info:
            RunLock(tmp_path).acquire()
        assert info.value.holder == "" and "process" not in info.value.user_message
    finally:
        lock.release()


def test_the_lock_module_uses_no_unix_only_file_calls():
    """Issue 14: os.pread/os.pwrite and fcntl do not exist on Windows; filelock carries the platform code."""
    source = Path(sys.modules[RunLock.__module__].__file__).read_text(encoding="utf-8")
    for call in ("os.pread", "os.pwrite", "import fcntl", "import msvcrt"):
        assert call not in source


# ------------------------------------------------------------------ the first run is locked too (issue 9 pt 5)


def test_r20_several_first_syncs_at_once_one_runs_the_others_say_a_sync_is_running(tmp_path):
    from cli_support import cli_env, command, one_sentence, start_servers

    from desktop_app.simulators import Fault

    so, em = start_servers()
    try:
        # The first request anyone makes waits 3 s, so the run that got the lock is still going when the rest start.
        so.faults.add(Fault("delay", delay=3.0, times=1))
        data_dir = tmp_path / "brand-new"  # does not exist yet: no database, no schema
        env = cli_env(data_dir, so, em)
        procs = [
            subprocess.Popen(command("sync"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    finally:
        so.stop()
        em.stop()
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1, 1, 1], results
    for code, _, stderr in results:
        if code == 1:
            sentence = one_sentence(stderr)
            assert "already running" in sentence, sentence
        for word in ("schema", "migrat", "upgrade", "database"):
            assert word not in stderr.lower(), stderr


_OPEN = textwrap.dedent("""
    import sys, time
    from desktop_app.store import Store
    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))
    with Store.open(sys.argv[1]) as store:
        print(store.schema_version)
""")


def test_the_window_and_a_send_opening_a_brand_new_database_at_once_never_race_the_migration(tmp_path):
    """The window's first Store.open and a send's both create and migrate the schema: one at a time, never failing."""
    data_dir = tmp_path / "fresh"
    data_dir.mkdir()
    start = time.time() + 1.5
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN, str(data_dir), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert all(code == 0 for code, _, _ in results), results
    assert len({out.strip() for _, out, _ in results}) == 1


def test_r20_a_sync_that_finds_the_lock_taken_never_creates_or_migrates_the_database(tmp_path):
    from cli_support import cli_env, one_sentence, run_cli, start_servers

    so, em = start_servers()
    data_dir = tmp_path / "new"
    try:
        with RunLock(data_dir):
            result = run_cli(cli_env(data_dir, so, em), "sync")
    finally:
        so.stop()
        em.stop()
    assert result.returncode == 1
    assert "already running" in one_sentence(result.stderr)
    assert not (data_dir / "history.sqlite3").exists()
