"""The window while work is in flight: Apply during a preview; Close during a read on the thread pool."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from desktop_app.simulators import Fault
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(40), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def demo(small_demo):
    return small_demo


def test_a_preview_made_with_the_old_settings_does_not_fill_the_conflict_view_after_apply(qtbot, demo):
    """The admin starts a preview, then changes a setting that changes the decisions (here "Duplicate SuperOffice
    persons": all -> oldest) and presses Apply while the preview still runs. _settings_applied clears the conflict
    view because "a preview of other settings no longer says anything", but the running preview, computed with the
    old settings, lands a moment later and fills the view again, with no word that it is out of date. The admin
    reviews (and may "Sync selected" from) decisions the current settings would not make."""
    demo.superoffice.faults.add(Fault("delay", delay=1.0, path_contains="Archive"))
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.runner.run_started, timeout=10_000):
            assert window.preview()
        panel = window.settings_panel
        combo = panel.editor("duplicates_policy")
        combo.setCurrentIndex(combo.findData("oldest"))
        panel.presenter.change("duplicates_policy", "oldest")
        with qtbot.waitSignal(panel.settings_applied, timeout=5000):
            qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
        assert not window.conflict_view.presenter.has_data  # cleared, as intended
        with qtbot.waitSignal(window.run_completed, timeout=20_000) as done:
            pass
        assert done.args[0].dry_run
        summary_line = window.conflict_view.summary_label.text()
        assert not window.conflict_view.presenter.has_data or "Out of date" in summary_line, (
            f"the old settings' preview is shown as current: {summary_line!r}"
        )
        # ...and the admin is told why the view stayed empty: the sentence is on screen, not hidden again at once
        # when the runner says it is no longer busy (it was, until the window was looked at).
        qtbot.wait(50)
        assert not window.conflict_view.summary_label.isHidden()
        assert "before your last Apply" in window.conflict_view.summary_label.text()
    finally:
        window.shutdown()


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
