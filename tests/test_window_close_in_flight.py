"""Closing the window while something is in flight: a sync, a preview, a read on the thread pool."""

from __future__ import annotations

import time

import pytest

from desktop_app.demo import DemoEnvironment
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(40), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def demo(_isolated_environment):
    env = DemoEnvironment.start(_isolated_environment, contacts=20, seed=5)
    with Store.open(env.data_dir) as store:
        store.save_settings(env.settings)
    yield env
    env.stop()


def _window(qtbot, demo, monkeypatch) -> MainWindow:
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(window, "ask_stop_running", lambda: True)  # "Stop and close"
    return window


def test_closing_while_the_contact_lists_are_being_read_does_not_wait_for_eMarketeer(qtbot, demo, monkeypatch):
    """The Send tab reads eMarketeer's contact lists on the thread pool when the window opens (and after every Apply).
    When eMarketeer is slow (here 5 s; with a hung server up to the request timeout, 30 s, times its retries), closing
    the window freezes it until that read ends: shutdown() waits for the pool (settings_panel.shutdown's
    jobs.wait(10 s), then jobs.wait() again) because a pool job cannot be cancelled. The admin sees a window that
    does not respond to Close or Quit."""
    demo.emarketeer.faults.add(Fault("delay", delay=5.0, path_contains="lists", times=-1))
    window = _window(qtbot, demo, monkeypatch)
    qtbot.waitUntil(lambda: window.jobs.pending > 0, timeout=2000)
    qtbot.wait(200)  # the read is on the wire
    began = time.monotonic()
    assert window.close()
    took = time.monotonic() - began
    demo.emarketeer.faults.clear()
    assert took < 2, f"closing the window took {took:.1f} s, waiting for eMarketeer's contact lists"
