"""`legalbasis-sync health` about a run row left 'running' by a process that has ended (R20: the run lock is the
truth about whether a sync runs; the operating system lets go of it with the process, kill -9 included).

What an admin lost: the scheduled sync was killed (the OOM killer, kill -9, a power cut) and the timer has since been
disabled or the unit keeps failing to start. Monitoring then said "No sync has succeeded for 9 hours (...); a sync is
running now." and the admin waited for a sync no process runs. The window says such a run was interrupted once it has
found the run lock free (ui/shell/main_window._mark_dead_runs); `health` now asks the lock too, without waiting for it
and without writing anything (it runs often, as a monitoring user perhaps, and a real run must still find the lock
free), and says so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.store import Store
from desktop_app.sync.health import assess, read_runs
from desktop_app.sync.lock import RunLock

NOW = datetime.now(timezone.utc)

_HOLD = textwrap.dedent("""
    import sys, time
    from desktop_app.sync.lock import RunLock
    lock = RunLock(sys.argv[1])
    lock.acquire()
    print("held", flush=True)
    time.sleep(120)
""")


def _killed_run(data_dir: Path) -> None:
    """A success ten hours ago; the next run's process killed an hour later (its row stays 'running')."""
    with Store.open(data_dir) as store:
        ok = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False, started_at=NOW - timedelta(hours=10))
        store.finish_run(ok, RunStatus.DONE, ended_at=NOW - timedelta(hours=10) + timedelta(seconds=5))
        store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False, started_at=NOW - timedelta(hours=9))
    with RunLock(data_dir):
        pass  # the killed run held the lock once (the file is there); nobody holds it now


def _verdict(data_dir: Path):
    return assess(read_runs(data_dir), sync_on=True, off_reason=None, stale_after_hours=6, now=NOW)


def _lock_files(data_dir: Path) -> tuple[set[str], tuple[int, int, int]]:
    """The data directory's names, and the lock file's inode, size and modification time."""
    found = (data_dir / "sync.lock").stat()
    return {p.name for p in data_dir.iterdir()}, (found.st_ino, found.st_size, found.st_mtime_ns)


def test_health_says_a_run_whose_process_has_ended_was_interrupted_and_writes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    _killed_run(data_dir)
    before = _lock_files(data_dir)
    health = _verdict(data_dir)
    assert not health.ok
    assert "a sync is running now" not in health.message, health.message
    assert health.message.startswith("No sync has succeeded for 9 hours (the last one finished ")
    assert health.message.endswith(
        "; the latest run was interrupted: The process running this sync ended before it finished (crash or kill)."
    )
    assert health.last_status == "interrupted"
    # Read-only: the row is left for the next run (or the window) to mark; no holder file is written, the lock file is
    # left as it was.
    assert _lock_files(data_dir) == before and "sync.lock.holder" not in before[0]
    with Store.open(data_dir) as store:
        assert store.last_run(dry_run=False).status is RunStatus.RUNNING
    with RunLock(data_dir) as lock:  # and the lock is free again for a real run
        assert lock.held


def test_health_still_says_a_sync_is_running_while_a_process_holds_the_run_lock(tmp_path):
    data_dir = tmp_path / "data"
    _killed_run(data_dir)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(data_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        health = _verdict(data_dir)
        assert health.message.endswith("; a sync is running now.") and health.last_status == "running"
        assert holder.poll() is None  # the holder kept its lock
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    assert "a sync is running now" not in _verdict(data_dir).message  # the OS let go of it with the process


def test_health_command_says_interrupted_in_its_json(tmp_path):
    data_dir = tmp_path / "data"
    _killed_run(data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env.update(
        {"LEGALBASIS_SYNC_DATA_DIR": str(data_dir), "LEGALBASIS_SYNC_CRM": "onsite", "LEGALBASIS_SYNC_ENABLED": "1"}
    )
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "health", "--json"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    body = json.loads(result.stdout)
    assert body["last_status"] == "interrupted"
    assert "the latest run was interrupted" in body["message"] and "running now" not in body["message"]
