"""Keyboard and accessibility (issue 5 point 5): names a screen reader can say, shortcuts that do what they say,
a Tab order that reaches every control, mnemonics that do not clash, colours readable on a dark theme.

Runs the real demo window (both simulators on loopback). R8 (Home, Sync now) and R16 (Preview) are reached from
the keyboard here.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from desktop_app.domain.model import RunStatus, System, Trigger
from desktop_app.ui import theme
from desktop_app.ui.shell.app import AppController
from desktop_app.ui.shell.main_window import TAB_CONFLICTS, TAB_HISTORY, TAB_HOME, TAB_SETTINGS, MainWindow

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
TIMEOUT_MS = 90_000
CONTROL_TYPES = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QTextEdit)


@pytest.fixture
def window(qtbot) -> MainWindow:
    controller = AppController(environ={})
    assert controller.open(demo=True)
    the_window = controller.window
    assert the_window is not None
    qtbot.waitExposed(the_window)
    the_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is the_window, timeout=5_000)
    yield the_window
    controller.close()


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says for the widget: its accessible name, else its text or its label's (buddy)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, f"{widget!r} has no accessible interface"
    return interface.text(QAccessible.Text.Name).strip()


def shown_controls(window: MainWindow) -> list[QWidget]:
    """The controls a person can see on the current tab (a table's own header is read as part of the table)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROL_TYPES) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QHeaderView):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the combo's or spin box's own editor: the box itself is the control
        found.append(widget)
    return found


def all_tabs(window: MainWindow, qtbot):
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        yield index, window.tabs.tabText(index)


def preview(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as completed:
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert completed.args[0].trigger is Trigger.PREVIEW and completed.args[0].dry_run


# ---------------------------------------------------------------------------------------------- names


def test_every_control_on_every_tab_has_a_name_a_screen_reader_can_say(qtbot, window):
    preview(qtbot, window)  # the conflict view's table and filters are only shown with a preview's rows
    window.settings_panel.show_advanced(True)
    checked = 0
    nameless: list[str] = []
    for _index, tab in all_tabs(window, qtbot):
        for widget in shown_controls(window):
            checked += 1
            if not accessible_name(widget):
                nameless.append(f"{tab}: {type(widget).__name__} {widget.objectName()!r}")
    assert not nameless, "controls without an accessible name or visible text:\n" + "\n".join(nameless)
    assert checked >= 40  # every tab was really looked at: Home's buttons, the tables, the settings' editors


def test_online_sign_in_controls_and_status_widgets_are_named(qtbot, window):
    panel = window.settings_panel
    window.tabs.setCurrentIndex(TAB_SETTINGS)
    panel.crm_buttons["online"].click()  # pending only; shows the sign-in part
    assert panel.online_box.isVisibleTo(window)
    assert accessible_name(panel.findChild(QLineEdit, "superoffice_client_id")) == "Application id"
    assert accessible_name(panel.sign_in_button) == "Sign in to SuperOffice"
    # Widgets whose meaning is only a colour or a picture say it in words.
    home = window.home
    assert accessible_name(home.progress_bar) == "Sync progress"
    dots = [accessible_name(dot) for dot in home.connection_dots.values()]
    assert all(dot.endswith("not tested yet") for dot in dots) and len(set(dots)) == 2
    chart = window.history_view.chart
    assert accessible_name(chart) == "Changes and errors per run"


def test_a_connection_dot_says_its_state_in_words(qtbot, window):
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    names = {system.label: accessible_name(dot) for system, dot in window.home.connection_dots.items()}
    assert names == {"SuperOffice": "SuperOffice connection: working", "eMarketeer": "eMarketeer connection: working"}
    description = QAccessible.queryAccessibleInterface(window.history_view.chart).text(QAccessible.Text.Description)
    # The demo has records a sync cannot use (R17's error list): the description counts them in words.
    assert description.startswith("Runs shown: 1, oldest on the left.") and "errors: 2." in description
    assert "Newest: Run" in description and "changed" in description

    from desktop_app.secrets import EMARKETEER_API_KEY

    window.context.secret_store.set(EMARKETEER_API_KEY, "not-the-demo-key")  # eMarketeer refuses the next run
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert accessible_name(window.home.connection_dots[System.EMARKETEER]) == "eMarketeer connection: failing"


# ---------------------------------------------------------------------------------------------- shortcuts


def test_ctrl_p_previews_and_ctrl_f_then_searches_the_conflict_view(qtbot, window):
    preview(qtbot, window)
    view = window.conflict_view
    window.tabs.setCurrentIndex(TAB_CONFLICTS)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.search_edit
    total = view.proxy.rowCount()
    address = view.model.rows()[0].email
    qtbot.keyClicks(view.search_edit, address)
    assert 0 < view.proxy.rowCount() < total


def test_ctrl_f_on_the_history_tab_goes_to_the_contact_search(qtbot, window):
    window.tabs.setCurrentIndex(TAB_HISTORY)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.history_view.contact_edit


def test_esc_cancels_a_running_sync_and_means_nothing_otherwise(qtbot, window):
    from desktop_app.simulators import Fault

    assert not window.cancel_action.isEnabled()
    window.context.demo.superoffice.faults.add(Fault("delay", delay=1.0, path_contains="Archive"))
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as completed:
        with qtbot.waitSignal(window.runner.run_started, timeout=TIMEOUT_MS):
            qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert window.cancel_action.isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert completed.args[0].status is RunStatus.STOPPED and completed.args[0].trigger is Trigger.MANUAL
    assert not window.cancel_action.isEnabled()


def test_ctrl_digits_switch_tabs_and_put_the_focus_on_the_tab_bar(qtbot, window):
    for index in reversed(range(window.tabs.count())):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{index + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
        assert QApplication.focusWidget() is window.tabs.tabBar()
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)  # no ninth tab: nothing happens
    assert window.tabs.currentIndex() == TAB_HOME


def test_settings_mnemonics_reach_their_fields_and_buttons(qtbot, window):
    panel = window.settings_panel
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{TAB_SETTINGS + 1}"), Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # API UR&L
    assert QApplication.focusWidget() is panel.findChild(QLineEdit, "superoffice_url")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # &Password
    assert QApplication.focusWidget() is panel.password_edit
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # API &key
    assert QApplication.focusWidget() is panel.api_key_edit
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # Ad&vanced (an animated click)
    qtbot.waitUntil(panel.advanced_box.isVisible, timeout=2_000)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # &Online
    qtbot.waitUntil(lambda: panel.crm_buttons["online"].isChecked() and panel.discard_button.isEnabled(), timeout=2_000)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # &Discard changes
    qtbot.waitUntil(lambda: panel.crm_buttons["onsite"].isChecked(), timeout=2_000)
    assert not panel.discard_button.isEnabled()


def mnemonic(widget: QWidget) -> str | None:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    key = QKeySequence.mnemonic(text)
    return key.toString() or None


def test_no_two_shortcuts_or_mnemonics_clash(qtbot, window):
    preview(qtbot, window)
    window.settings_panel.show_advanced(True)
    seen: dict[str, list[str]] = defaultdict(list)
    for action in window.actions():
        for key in action.shortcuts():
            seen[key.toString()].append(action.text())
    clashes = {key: names for key, names in seen.items() if len(names) > 1}
    assert not clashes
    assert {"Ctrl+R", "Ctrl+P", "Esc", "Ctrl+1", "Ctrl+4"} <= set(seen)
    for _index, tab in all_tabs(window, qtbot):
        letters: dict[str, list[str]] = defaultdict(list)
        for menu in window.menuBar().actions():  # Alt+H opens Help from every tab
            if key := QKeySequence.mnemonic(menu.text()).toString():
                letters[key].append(menu.text())
        for widget in window.findChildren(QWidget):
            if isinstance(widget, (QAbstractButton, QLabel)) and widget.isVisibleTo(window):
                if (key := mnemonic(widget)) is not None:
                    letters[key].append(widget.text())
        assert not {k: v for k, v in letters.items() if len(v) > 1}, f"{tab}: {dict(letters)}"
        if tab == window.tabs.tabText(TAB_SETTINGS):
            assert len(letters) >= 12  # the settings tab has its mnemonics
        for key in letters:
            assert key not in seen  # no Alt+letter is also a window shortcut


# ---------------------------------------------------------------------------------------------- Tab order


def tab_chain(qtbot, window: MainWindow, start: QWidget, limit: int = 200) -> list[QWidget]:
    """Press Tab from `start` until the focus comes back round; the widgets it visited, in order."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2_000)
    visited = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start:
            return visited
        visited.append(widget)
    raise AssertionError(f"Tab never came back to the start: {[type(w).__name__ for w in visited[-10:]]}")


def test_tab_reaches_every_control_on_every_tab_and_leaves_the_tables(qtbot, window):
    preview(qtbot, window)
    window.settings_panel.show_advanced(True)
    for _index, tab in all_tabs(window, qtbot):
        wanted = [
            w
            for w in shown_controls(window)
            if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible()
        ]
        visited = tab_chain(qtbot, window, window.tabs.tabBar())
        # Radio buttons of one group are one stop: Tab reaches the checked one, the arrow keys choose.
        reached = set(visited) | {
            w
            for w in wanted
            if isinstance(w, QRadioButton) and w.group() is not None and any(b in visited for b in w.group().buttons())
        }
        missing = [f"{type(w).__name__} {accessible_name(w)!r}" for w in wanted if w not in reached]
        assert not missing, f"{tab}: Tab never reaches {missing}"
        # Each control is reached once per round: Tab leaves a table or a text pane instead of moving inside it
        # (a date-time box is the exception Qt users know: Tab steps through its fields, then leaves).
        once = [w for w in visited if not isinstance(w, QDateTimeEdit)]
        assert len(once) == len(set(once)), f"{tab}: Tab is caught inside a control"
        tables = [w for w in wanted if isinstance(w, QAbstractItemView)]
        assert not [w for w in tables if w.tabKeyNavigation()], f"{tab}: a table keeps Tab for its cells"
        assert len(wanted) >= 2


# ---------------------------------------------------------------------------------------------- dark theme


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
    ):
        palette.setColor(role, value)
    return palette


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_status_colours_are_readable_on_the_theme(qapp, dark):
    palette = dark_palette() if dark else QPalette()
    light_palette = QPalette()
    light_palette.setColor(QPalette.ColorRole.Window, "#efefef")
    light_palette.setColor(QPalette.ColorRole.WindowText, "#000000")
    light_palette.setColor(QPalette.ColorRole.Base, "#ffffff")
    palette = palette if dark else light_palette
    assert theme.is_dark(palette) is dark
    for name in (theme.OK, theme.BAD, theme.WARN, theme.INFO, theme.MUTED):
        colour = theme.colour(name, palette)
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            ratio = theme.contrast(colour, palette.color(role))
            assert ratio >= 4.5, f"{name} {colour.name()} on {palette.color(role).name()}: {ratio:.1f}:1"


def test_the_window_follows_a_dark_palette(qtbot, qapp):
    """A dark palette set before the window opens: its status texts use the dark theme's colours."""
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    controller = AppController(environ={})
    try:
        assert controller.open(demo=True)
        window = controller.window
        qtbot.waitExposed(window)
        home = window.home
        state = home.state_label.styleSheet()
        assert theme.css(theme.OK, dark_palette()) in state and "#1b6b2f" not in state
        banner = window.findChild(QWidget, "demo_banner").styleSheet()
        assert "#e3f0ff" not in banner and theme.css(theme.INFO, dark_palette()) in banner
    finally:
        controller.close()
        qapp.setPalette(before)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints", "This plugin does not support raise")
def test_f1_lists_the_shortcuts_and_the_help_menu_offers_it(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text()
    for keys in ("Ctrl+R", "Ctrl+P", "Esc", "Ctrl+1", f"Ctrl+{window.tabs.count()}", "Ctrl+F", "F1"):
        assert keys in text, keys
    assert window.shortcuts_action in window.menuBar().actions()[-1].menu().actions()
    dialog.close()
