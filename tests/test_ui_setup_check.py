"""Issue 10 in the window: "Check setup" lists the check's items with a tick or a sentence (run off the GUI thread, and
by itself on the first apply of real settings); the write source offered as a drop-down after Test connection;
About's "Save diagnostics…" writes the support zip (R19: no secret in it)."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt
from test_ui_settings_panel import make_panel

from desktop_app.demo import DemoEnvironment
from desktop_app.domain.model import System
from desktop_app.secrets import EMARKETEER_API_KEY
from desktop_app.store import Store
from desktop_app.ui.settings.check_panel import FIRST_CHECK_MARK
from desktop_app.ui.shell.about import AboutDialog

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
TIMEOUT_MS = 60_000


@pytest.fixture
def demo(_isolated_environment):
    environment = DemoEnvironment.start(_isolated_environment, contacts=5)
    yield environment
    environment.stop()


@pytest.fixture
def store(_isolated_environment):
    with Store.open(_isolated_environment) as the_store:
        yield the_store


def test_check_setup_lists_every_item_off_the_gui_thread(qtbot, store, demo, _isolated_environment):
    store.save_settings(demo.settings)
    panel = make_panel(qtbot, store, _isolated_environment, demo.secret_store)
    try:
        box = panel.check_box
        assert not box.list.isVisible()
        with qtbot.waitSignal(box.finished, timeout=TIMEOUT_MS) as finished:
            qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
            assert not box.button.isEnabled() and "Checking" in box.status_label.text()
        result = finished.args[0]
        texts = box.item_texts()
        assert len(texts) == len(result.items) and texts[0] == "✓ Settings"
        assert "✓ SuperOffice reachable and signed in" in texts and "✓ eMarketeer write source" in texts
        # The demo's simulators keep real time: the clocks agree, so only what is really wrong is flagged.
        assert all(t.startswith("✓") for t in texts), texts
        assert box.status_label.text() == "Everything checked is in order." and box.button.isEnabled()
        demo.secret_store.set(EMARKETEER_API_KEY, "wrong-key")
        with qtbot.waitSignal(box.finished, timeout=TIMEOUT_MS):
            box.run()
        bad = [t for t in box.item_texts() if t.startswith("✗")]
        assert bad[0].startswith("✗ eMarketeer reachable and signed in: eMarketeer refused the API key")
        assert "need attention" in box.status_label.text() and "wrong-key" not in " ".join(box.item_texts())
    finally:
        panel.shutdown()


def test_the_first_apply_of_real_settings_runs_the_check_once(qtbot, store, demo, _isolated_environment):
    panel = make_panel(qtbot, store, _isolated_environment, demo.secret_store)
    try:
        for key, value in demo.settings.items():
            panel.presenter.change(key, value)
        with qtbot.waitSignal(panel.check_box.finished, timeout=TIMEOUT_MS):
            panel.apply()
        assert (_isolated_environment / FIRST_CHECK_MARK).exists() and panel.check_box.list.isVisible()
        panel.check_box.list.clear()
        panel.presenter.change("interval_minutes", 45)
        panel.apply()  # not the first time: no check by itself
        qtbot.wait(200)
        assert panel.check_box.list.count() == 0 and panel.check_box.button.isEnabled()
    finally:
        panel.shutdown()


def test_the_write_source_is_offered_after_a_successful_test_connection(qtbot, store, demo, _isolated_environment):
    store.save_settings(demo.settings)
    panel = make_panel(qtbot, store, _isolated_environment, demo.secret_store)
    try:
        combo = panel.editor("superoffice_write_source")
        assert combo.isEditable() and combo.currentText() == "API" and combo.count() == 0
        with qtbot.waitSignal(panel.connection_tested, timeout=TIMEOUT_MS):
            qtbot.mouseClick(panel.so_test_button, Qt.MouseButton.LeftButton)
        keys = [combo.itemText(i) for i in range(combo.count())]
        assert "API" in keys and "IMPORT" in keys and combo.currentText() == "API"
        assert combo.itemData(keys.index("API"), Qt.ItemDataRole.ToolTipRole) == "Other integration"
        combo.setCurrentIndex(keys.index("IMPORT"))
        combo.activated.emit(keys.index("IMPORT"))
        assert panel.presenter.pending["superoffice_write_source"] == "IMPORT"
        em_combo = panel.editor("emarketeer_write_source")
        with qtbot.waitSignal(panel.connection_tested, timeout=TIMEOUT_MS):
            qtbot.mouseClick(panel.em_test_button, Qt.MouseButton.LeftButton)
        assert "Other integration" in [em_combo.itemText(i) for i in range(em_combo.count())]
        # A source the system does not list: Test connection says so in one sentence.
        em_combo.lineEdit().clear()
        qtbot.keyClicks(em_combo.lineEdit(), "Legal basis app")
        assert panel.presenter.pending["emarketeer_write_source"] == "Legal basis app"
        with qtbot.waitSignal(panel.connection_tested, timeout=TIMEOUT_MS) as tested:
            qtbot.mouseClick(panel.em_test_button, Qt.MouseButton.LeftButton)
        assert not tested.args[0].ok and "'Legal basis app'" in panel.test_result_text(System.EMARKETEER)
    finally:
        panel.shutdown()


def test_about_saves_the_support_zip_off_the_gui_thread(qtbot, tmp_path):
    calls = []

    def save(path, done, failed):
        calls.append(path)
        path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
        done(path)

    dialog = AboutDialog(
        tmp_path, lambda: "text", save_diagnostics=save, choose_file=lambda default: str(tmp_path / "support.zip")
    )
    qtbot.addWidget(dialog)
    assert dialog.save_button.isVisible() or not dialog.isVisible()
    assert dialog.save_diagnostics() is True
    assert calls == [tmp_path / "support.zip"] and zipfile.is_zipfile(tmp_path / "support.zip")
    assert "Diagnostics saved to" in dialog.status_label.text()
    cancelled = AboutDialog(tmp_path, lambda: "text", save_diagnostics=save, choose_file=lambda default: None)
    qtbot.addWidget(cancelled)
    assert cancelled.save_diagnostics() is False and len(calls) == 1


def test_the_check_is_shown_in_swedish_in_a_swedish_window(qtbot, qapp, store, demo, _isolated_environment):
    """Item names and sentences through the window's language (the command line keeps them English)."""
    from PySide6.QtCore import QLocale

    from desktop_app.sync.setup_check import check_setup
    from desktop_app.ui import translation

    store.save_settings(demo.settings)
    panel = make_panel(qtbot, store, _isolated_environment, demo.secret_store)
    config, credentials, problem = panel._prepare_check()
    demo.emarketeer.clock.advance(600)
    result = check_setup(config, credentials, credentials_error=problem)
    installed = translation.install("sv", QLocale("sv_SE"))
    try:
        assert not installed.missing
        panel.check_box.show_result(result)
        texts = panel.check_box.item_texts()
        assert texts[0] == "✓ Inställningar" and "✓ SuperOffice nås och är inloggat" in texts
        clock = next(t for t in texts if t.startswith("✗ eMarketeers klocka"))
        assert "går 600 s före den här datorns" in clock or "går 599 s före den här datorns" in clock
        assert panel.check_box.status_label.text().endswith("punkter behöver åtgärdas.")
        english = [t for t in texts if any(w in t for w in (" is ", " the ", " and signed in", "Not checked"))]
        assert english == [], english
    finally:
        translation.uninstall()
        panel.shutdown()


def test_every_item_the_check_can_name_is_in_the_windows_language():
    """The Swedish window showed "✓ History database" in English: the whole-file check's item was missing from the
    names the window translates. Every item name setup_check declares is in that list."""
    from desktop_app.sync import setup_check
    from desktop_app.ui.settings.check_panel import _NAMES

    declared = {setup_check.SETTINGS, *setup_check.SUPEROFFICE_ITEMS, *setup_check.EMARKETEER_ITEMS}
    declared |= {v for n, v in vars(setup_check).items() if n.isupper() and isinstance(v, str) and " " in v}
    assert setup_check.HISTORY in declared and setup_check.SO_TLS in declared
    assert declared <= set(_NAMES), sorted(declared - set(_NAMES))
