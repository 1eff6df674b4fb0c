"""The settings panel given bad input, and Apply meeting a busy history."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop_app.secrets import EMARKETEER_API_KEY, InMemorySecretStore
from desktop_app.store import Store
from desktop_app.ui.settings.view import SettingsPanel

pytestmark = [pytest.mark.timeout(30), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def make_panel(qtbot, store, data_dir, secrets) -> SettingsPanel:
    panel = SettingsPanel(
        load_settings=store.settings,
        save_settings=store.save_settings,
        secret_store=secrets,
        data_dir=data_dir,
        environ={},
    )
    qtbot.addWidget(panel)
    panel.resize(900, 1000)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_malformed_address_typed_is_said_in_a_sentence_before_apply(qtbot, _isolated_environment):
    """The admin types "crm.example.com" (no https://) into API URL. The field gets a red border and the presenter
    hands the panel the sentence "API URL must be an http:// or https:// address...", which show_problems writes
    into the outcome line, but show_not_applied(True) runs straight after it and blanks that line. So while typing
    nothing says what is wrong (only a tooltip, on hover); the sentence appears only after pressing Apply."""
    with Store.open(_isolated_environment) as store:
        panel = make_panel(qtbot, store, _isolated_environment, InMemorySecretStore())
        qtbot.mouseClick(panel.crm_buttons["onsite"], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(panel.editor("superoffice_url"), "crm.example.com")
        assert "must be" in panel.editor("superoffice_url").toolTip()  # the presenter knows
        assert "must be" in panel.outcome_label.text(), (
            f"no sentence shown for the malformed address; outcome line is {panel.outcome_label.text()!r}"
        )


def test_apply_while_the_history_is_busy_says_one_sentence_and_saves_nothing(qtbot, _isolated_environment, monkeypatch):
    """The admin types a new eMarketeer API key and a new user name and presses Apply while the history database is
    held by a writer (a large sync's fold, or a headless `sync`/`send --due` in another process) past the busy timeout.
    save_settings raises StoreUnavailable, which presenter.apply does not catch: the Apply slot raises into Qt (the
    "Something unexpected went wrong" dialog), no sentence in the panel, and the new API key is already in the
    keyring although the settings were not saved (a half-applied change: the key for one account, the user of
    another)."""
    from desktop_app.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    secrets = InMemorySecretStore({EMARKETEER_API_KEY: "old-key"})
    with Store.open(_isolated_environment) as store:
        store.save_settings(
            {"crm": "onsite", "superoffice_url": "https://crm.example.com/api", "superoffice_user": "a"}
        )
        panel = make_panel(qtbot, store, _isolated_environment, secrets)
        qtbot.keyClicks(panel.api_key_edit, "new-key")
        qtbot.keyClicks(panel.editor("superoffice_user"), "dmin2")
        writer = sqlite3.connect(_isolated_environment / "history.sqlite3", timeout=0.1)
        writer.execute("BEGIN IMMEDIATE")  # another writer holds the history
        raised: list[BaseException] = []
        try:
            try:
                panel.apply()
            except Exception as exc:  # what Qt's slot would have let escape
                raised.append(exc)
        finally:
            writer.rollback()
            writer.close()
        assert not raised, f"Apply raised {type(raised[0]).__name__}: {raised[0]} instead of saying one sentence"
        assert panel.outcome_label.text(), "no sentence in the panel"
        assert secrets.get(EMARKETEER_API_KEY) == "old-key", "the new key went into the keyring, the settings did not"
