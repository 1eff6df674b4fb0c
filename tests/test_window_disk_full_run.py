"""The history's disk fills during a sync run from the window (issue 9 pt 4, R17/R18: a run "stops cleanly").

The window said "The sync stopped because of an unexpected error (DiskFull); the details are in the log file" (a
bug's sentence, sending the admin to a log on that same full disk) instead of the sentence the command line gives
("The disk holding ... is full: free some space; nothing was half-recorded and the next run will complete the work"),
and Home kept showing the run as "Running" although nothing ran (with the sync switched off, until the window was
reopened). The engine re-raises DiskFull on purpose: the run's end cannot be recorded then; the worker, which holds the
run lock, marks the run interrupted once it has ended, as the window does at start for a dead process's run."""

from __future__ import annotations

import pytest

from desktop_app.domain.model import RunStatus
from desktop_app.store import Store
from desktop_app.sync.engine import SyncEngine
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(120), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
T = 60_000


@pytest.fixture
def demo(small_demo):
    return small_demo


def test_a_full_disk_during_a_window_sync_is_said_as_such_and_the_run_is_not_left_running(qtbot, demo, monkeypatch):
    original = SyncEngine._apply

    def _apply(self, state, writes, snapshot):  # as tests/test_full_disk.py: the disk is full from here on
        db = self.store._db
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages}")
        db._pragmas = [*db._pragmas, ("max_page_count", pages)]
        return original(self, state, writes, snapshot)

    monkeypatch.setattr(SyncEngine, "_apply", _apply)
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    try:
        window.scheduler.stop()
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.run_completed, timeout=T):
            assert window.sync_now()
        qtbot.waitUntil(lambda: window.home.sync_button.isEnabled(), timeout=5000)
        problem = window.home_presenter.last_failure or ""
        assert "unexpected error" not in problem and "is full" in problem, problem
        last = window.home.last_run_text()
        assert "Running" not in last, f"Home shows the ended run as running: {last!r}"
        with Store.open(demo.data_dir) as store:
            [run] = store.runs()
        assert run.status is RunStatus.INTERRUPTED and "is full" in (run.message or ""), run  # the History says why
    finally:
        window.shutdown()
