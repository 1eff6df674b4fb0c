"""The demo (issue 13 pt 5): every filter of the conflict view shows rows, and Ctrl+C or SIGTERM in the terminal
close the window and remove the demo's throw-away folder (a real process, signalled as a person's shell would)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.demo import BAD_RECORDS, DUPLICATE_GROUP, HELD_REVERSAL, NEAR_SIMULTANEOUS, DemoEnvironment
from desktop_app.store import Store
from desktop_app.sync.engine import SyncOptions
from desktop_app.sync.factory import build_engine
from desktop_app.sync.worker import prepare_credentials

ROOT = Path(__file__).resolve().parent.parent


def test_a_demo_preview_has_rows_for_every_filter(_isolated_environment):
    """Disagreements, duplicates (R9), errors (R17), conflicts (R13) and held decisions (R24), each with rows."""
    demo = DemoEnvironment.start(_isolated_environment / "demo", contacts=40, seed=3)
    try:
        config = demo.config()
        with Store.open(demo.data_dir) as store:
            engine = build_engine(config, prepare_credentials(config, demo.secret_store), store)
            summary = engine.run(SyncOptions(dry_run=True, keep_details=True))
        # A full run's preview: its rows written to a table as the slices were decided (sync.preview).
        assert summary.details is None and summary.review is not None and summary.review.table is not None
        rows = list(summary.review.table)
    finally:
        demo.stop()
    kinds = {
        "disagreements": {r.email for r in rows if r.is_disagreement},
        "duplicates": {r.email for r in rows if r.has_duplicates},
        "errors": {r.email for r in rows if r.is_error},
        "conflicts": {r.email for r in rows if r.is_conflict},
        "held": {r.email for r in rows if r.is_held},
    }
    assert all(kinds.values()), {k: len(v) for k, v in kinds.items()}
    assert set(NEAR_SIMULTANEOUS) <= kinds["conflicts"]
    assert set(BAD_RECORDS) <= kinds["errors"]
    assert DUPLICATE_GROUP in kinds["duplicates"] and HELD_REVERSAL in kinds["held"]


def _demo_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("legalbasis-sync-demo-*"))


@pytest.mark.parametrize(
    "stop, wait",
    [(signal.SIGINT, 1.0), (signal.SIGTERM, 1.0), (signal.SIGINT, 0.0)],
    ids=["ctrl-c", "sigterm", "ctrl-c-while-the-window-is-built"],
)
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_and_sigterm_close_the_demo_and_remove_its_folder(_isolated_environment, tmp_path, stop, wait):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--demo"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180  # a busy machine starts Qt slowly
        # The window is up once the demo's store exists in its throw-away folder.
        while not any((folder / "history.sqlite3").exists() for folder in _demo_folders(tmp)):
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "the demo did not start"
            time.sleep(0.2)
        time.sleep(wait)  # 0: the window is still being built; the signal is remembered until the loop would run
        process.send_signal(stop)
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert _demo_folders(tmp) == [], output  # the throw-away folder is gone
    assert "Traceback" not in output
