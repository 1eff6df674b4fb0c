"""Issue 9 pt 3 in the window: closing it while a run is going asks first (Cancel is the default); "Stop and close"
stops the run the same way the Cancel button does (the worker's cancel), Cancel leaves the run and the window be."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app.secrets import InMemorySecretStore
from desktop_app.sync.worker import SyncRunner
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def _window(qtbot, data_dir, monkeypatch, cancels: list[bool]) -> MainWindow:
    window = MainWindow(WindowContext(data_dir, InMemorySecretStore(), {}), use_tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(SyncRunner, "busy", property(lambda self: not cancels))  # a run going until cancelled
    original = SyncRunner.cancel
    monkeypatch.setattr(SyncRunner, "cancel", lambda self: (cancels.append(True), original(self)))
    return window


def test_closing_during_a_run_asks_with_cancel_first_and_cancel_keeps_the_run_and_the_window(
    qtbot, _isolated_environment, monkeypatch
):
    cancels: list[bool] = []
    window = _window(qtbot, _isolated_environment, monkeypatch, cancels)
    box = window.stop_running_question()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
    asked: list[bool] = []
    monkeypatch.setattr(window, "ask_stop_running", lambda: asked.append(True) or False)

    assert window.close() is False
    assert asked == [True] and window.isVisible() and cancels == []
    cancels.append(True)  # the run ends: now the window closes without asking
    assert window.close() is True


def test_stop_and_close_during_a_run_cancels_it_through_the_worker_and_closes(
    qtbot, _isolated_environment, monkeypatch
):
    cancels: list[bool] = []
    window = _window(qtbot, _isolated_environment, monkeypatch, cancels)
    monkeypatch.setattr(window, "ask_stop_running", lambda: True)

    assert window.close() is True
    assert cancels and not window.isVisible()


def test_closing_with_no_run_going_asks_nothing(qtbot, _isolated_environment, monkeypatch):
    window = MainWindow(WindowContext(_isolated_environment, InMemorySecretStore(), {}), use_tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(window, "ask_stop_running", lambda: (_ for _ in ()).throw(AssertionError("asked")))
    assert window.close() is True
