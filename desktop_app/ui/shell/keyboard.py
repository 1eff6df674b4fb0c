"""The main window's keyboard: its shortcuts (Ctrl+R, Ctrl+P, Esc, Ctrl+1..9, F1, Ctrl+Q), the F1 list of them,
and the small Help menu (Keyboard shortcuts, About). A part of MainWindow (mixed in); its texts keep the
window's translation context, "MainWindow"."""

from __future__ import annotations

from html import escape
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget


class KeyboardMixin:
    """Needs the window's `tabs`, `sync_action` and `quit_action`; the rest of its QMainWindow as `self`."""

    tabs: QTabWidget
    sync_action: QAction
    quit_action: QAction
    addAction: Any  # QWidget's
    menuBar: Any  # QMainWindow's
    about_dialog: Any

    def _window(self) -> QMainWindow:
        return cast(QMainWindow, self)

    def _add_keyboard_actions(self) -> None:
        """Shortcuts besides Ctrl+R and Ctrl+Q: Ctrl+P preview, Esc cancel a run, Ctrl+1..Ctrl+9 the tabs.

        Ctrl+F (search) belongs to the conflict and history views, each active only while its tab shows.
        """
        self.preview_action = QAction(QCoreApplication.translate("MainWindow", "Preview differences"), self._window())
        self.preview_action.setShortcut(QKeySequence("Ctrl+P"))
        self.cancel_action = QAction(
            QCoreApplication.translate("MainWindow", "Cancel the running sync"), self._window()
        )
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setEnabled(False)  # only while a run goes: Esc means nothing otherwise
        self.tab_actions: list[QAction] = []
        for number in range(1, 10):
            action = QAction(QCoreApplication.translate("MainWindow", "Show tab {n}").format(n=number), self._window())
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, index=number - 1: self.show_tab(index))
            self.tab_actions.append(action)
        self.shortcuts_action = QAction(QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"), self._window())
        self.shortcuts_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.shortcuts_dialog: QMessageBox | None = None
        for action in (self.preview_action, self.cancel_action, *self.tab_actions, self.shortcuts_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do), as the F1 window lists them; the keys as this platform writes them."""
        native = QKeySequence.SequenceFormat.NativeText
        last_tab = self.tab_actions[min(self.tabs.count(), len(self.tab_actions)) - 1].shortcut().toString(native)
        return [
            (self.sync_action.shortcut().toString(native), QCoreApplication.translate("MainWindow", "Sync now")),
            (
                self.preview_action.shortcut().toString(native),
                QCoreApplication.translate("MainWindow", "Preview differences (nothing is written)"),
            ),
            (
                self.cancel_action.shortcut().toString(native),
                QCoreApplication.translate("MainWindow", "Cancel the running sync or preview"),
            ),
            (
                f"{self.tab_actions[0].shortcut().toString(native)} … {last_tab}",
                QCoreApplication.translate("MainWindow", "Show the first … last tab"),
            ),
            (
                QKeySequence(QKeySequence.StandardKey.Find).toString(native),
                QCoreApplication.translate("MainWindow", "Search: addresses on Conflicts, a contact on History"),
            ),
            (
                QCoreApplication.translate("MainWindow", "Alt + underlined letter"),
                QCoreApplication.translate("MainWindow", "The field or button with that letter, e.g. on Settings"),
            ),
            (
                QKeySequence("Ctrl+Tab").toString(native),
                QCoreApplication.translate("MainWindow", "Next tab (Ctrl+Shift+Tab: the one before)"),
            ),
            (self.shortcuts_action.shortcut().toString(native), QCoreApplication.translate("MainWindow", "This list")),
            (self.quit_action.shortcut().toString(native), QCoreApplication.translate("MainWindow", "Quit")),
        ]

    def show_shortcuts(self) -> None:
        """F1: the keyboard shortcuts, in a window that stays open beside the main one."""
        if self.shortcuts_dialog is None:
            rows = "".join(
                f"<tr><td style='padding-right:16px'><b>{escape(keys)}</b></td><td>{escape(text)}</td></tr>"
                for keys, text in self.shortcut_rows()
            )
            box = QMessageBox(
                QMessageBox.Icon.NoIcon,
                QCoreApplication.translate("MainWindow", "Keyboard shortcuts"),
                f"<table>{rows}</table>",
                QMessageBox.StandardButton.Close,
                self._window(),
            )
            box.setTextFormat(Qt.TextFormat.RichText)
            box.setModal(False)
            self.shortcuts_dialog = box
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        self.shortcuts_dialog.activateWindow()

    def show_tab(self, index: int) -> bool:
        """Ctrl+1..Ctrl+9: show that tab and put the keyboard focus on its tab bar (Tab then enters the page)."""
        if not 0 <= index < self.tabs.count() or not self.tabs.isTabEnabled(index):
            return False
        self.tabs.setCurrentIndex(index)
        self.tabs.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _add_help_menu(self) -> None:
        """A small menu bar: Help > About (version, data directory, Copy diagnostics; ui/shell/about.py)."""
        self.about_dialog = None
        self.about_action = QAction(
            QCoreApplication.translate("MainWindow", "&About Legal Basis Sync…"), self._window()
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the application menu
        self.about_action.triggered.connect(self.show_about)
        help_menu = self.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        help_menu.addAction(self.shortcuts_action)  # F1 (_add_keyboard_actions)
        help_menu.addAction(self.about_action)

    def show_about(self) -> None:
        from .about import about_dialog_for

        if self.about_dialog is None:
            self.about_dialog = about_dialog_for(self._window())
        self.about_dialog.show()
        self.about_dialog.raise_()
        self.about_dialog.activateWindow()
