"""The tray icon (issue 5): its menu (Open, Sync now, Quit), the state its icon and tooltip show, and the messages
it pops up. Texts are the main window's (translation context "MainWindow"); the window keeps the icon."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from ...domain.messages import message_text
from .. import icons

WINDOW_TITLE = "Legal Basis Sync"


def make_tray(
    window: QWidget, use_tray: bool | None, actions: tuple[QAction, QAction], show_window: Callable[[], None]
) -> QSystemTrayIcon | None:
    """The icon with its menu, or None where the desktop has no tray (or `use_tray` is False)."""
    available = QSystemTrayIcon.isSystemTrayAvailable() if use_tray is None else use_tray
    if not available:
        return None
    sync_action, quit_action = actions
    tray = QSystemTrayIcon(icons.status_icon(icons.IDLE), window)
    tray.setToolTip(WINDOW_TITLE)
    menu = QMenu(window)
    menu.addAction(QCoreApplication.translate("MainWindow", "Open Legal Basis Sync"), show_window)
    menu.addAction(sync_action)
    menu.addSeparator()
    menu.addAction(quit_action)
    tray.setContextMenu(menu)

    def activated(reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            show_window()

    tray.activated.connect(activated)
    tray.show()
    return tray


def show_state(tray: QSystemTrayIcon | None, state: str) -> None:
    """icons.RUNNING, ERROR or IDLE, in the icon and the tooltip."""
    if tray is None:
        return
    tray.setIcon(icons.status_icon(state))
    tip = {
        icons.RUNNING: QCoreApplication.translate("MainWindow", "a sync is running"),
        icons.ERROR: QCoreApplication.translate("MainWindow", "the last sync had a problem"),
        icons.IDLE: QCoreApplication.translate("MainWindow", "idle"),
    }[state]
    tray.setToolTip(f"{WINDOW_TITLE}: {tip}")


def say_stale(tray: QSystemTrayIcon | None, text: str) -> None:
    """Issue 14: no sync has succeeded lately; said once per stale spell (the presenter decides when)."""
    if tray is None:
        return
    tray.showMessage(WINDOW_TITLE, text, QSystemTrayIcon.MessageIcon.Warning, 30_000)
    tip = QCoreApplication.translate("MainWindow", "no sync has succeeded lately")
    tray.setToolTip(f"{WINDOW_TITLE}: {tip}")


def notify(tray: QSystemTrayIcon | None, text: str, *, error: bool) -> None:
    if tray is None:
        return
    icon = QSystemTrayIcon.MessageIcon.Warning if error else QSystemTrayIcon.MessageIcon.Information
    tray.showMessage(WINDOW_TITLE, message_text(text), icon, 15_000)


__all__ = ["WINDOW_TITLE", "make_tray", "notify", "say_stale", "show_state"]
