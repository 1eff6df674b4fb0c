"""A run left 'running' by a process that died (power cut, kill -9, a crash) when the window starts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.model import RunMode, Trigger, utc_now
from desktop_app.secrets import InMemorySecretStore
from desktop_app.store import Store
from desktop_app.sync.lock import RunLock
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(30), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def test_a_run_left_running_by_a_dead_process_is_not_shown_as_running(qtbot, _isolated_environment):
    """The window (or a headless sync) was killed mid-run ten minutes ago; its run row still says 'running' and the
    run lock is free (the OS let go of it with the process). The admin opens the window: Home says the last sync is
    "Running" and the stale alarm text says "a sync is running now", although nothing runs and nothing will until
    the next scheduled run (up to 30 minutes, or never while the sync is switched off). The window could tell, since
    the lock is free, that the run was interrupted."""
    clock_now = utc_now()
    with Store.open(_isolated_environment, clock=lambda: clock_now - timedelta(minutes=10)) as store:
        store.save_settings(
            {"crm": "onsite", "enabled": True, "superoffice_url": "http://127.0.0.1:9/api", "superoffice_user": "admin"}
        )
        store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False)  # the process died here
    with RunLock(_isolated_environment):
        pass  # precondition: nobody holds the lock
    window = MainWindow(WindowContext(_isolated_environment, InMemorySecretStore(), {}), use_tray=False)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        assert not window.runner.busy
        text = window.home.last_run_text()
        assert "Running" not in text, f"Home shows a dead run as running: {text!r}"
    finally:
        window.shutdown()
