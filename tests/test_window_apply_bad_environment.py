"""Apply changes while an environment variable holds a bad value."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.secrets import InMemorySecretStore
from desktop_app.store import Store
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(30), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def test_switching_the_sync_off_works_while_an_environment_variable_is_malformed(qtbot, _isolated_environment):
    """LEGALBASIS_SYNC_EMARKETEER_URL holds "emarketeer.example.com" (no scheme). The window opens and says so on Home.
    The admin now switches the sync off (R7: CRM None, Apply). presenter.apply saves the settings, then calls
    self.config(), which resolves the environment again and raises ConfigError out of the Apply slot: the
    "unexpected error" dialog, `settings_applied` never emitted, and the scheduler keeps the old, switched-on
    settings: the sync the admin switched off goes on running every 30 minutes (the database says None)."""
    with Store.open(_isolated_environment) as store:
        store.save_settings(
            {"crm": "onsite", "enabled": True, "superoffice_url": "http://127.0.0.1:9/api", "superoffice_user": "admin"}
        )
    environ = {"LEGALBASIS_SYNC_EMARKETEER_URL": "emarketeer.example.com"}
    window = MainWindow(WindowContext(_isolated_environment, InMemorySecretStore(), environ), use_tray=False)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        assert window.scheduler.enabled  # the saved settings: on
        panel = window.settings_panel
        window.tabs.setCurrentWidget(panel)
        qtbot.mouseClick(panel.crm_buttons["none"], Qt.MouseButton.LeftButton)
        assert panel.presenter.pending["crm"] == "none"
        raised: list[BaseException] = []
        try:
            panel.apply()
        except Exception as exc:  # what the Apply button's slot lets escape into Qt
            raised.append(exc)
        with Store.open(_isolated_environment, check=False) as store:
            saved = store.settings()["crm"]
        assert not raised, f"Apply raised {type(raised[0]).__name__}: {raised[0]} (saved crm={saved!r})"
        assert not window.scheduler.enabled, f"the database says crm={saved!r} but the scheduler is still on"
    finally:
        window.shutdown()
