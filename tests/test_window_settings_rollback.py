"""Apply on a busy history: the keyring rollback that fails is reported as "Nothing was applied"."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.domain.messages import Message
from desktop_app.secrets import EMARKETEER_API_KEY, InMemorySecretStore, KeyringUnavailable
from desktop_app.store import Store
from desktop_app.ui.settings.view import SettingsPanel

pytestmark = [pytest.mark.timeout(30), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


class _LocksAfterOneWrite(InMemorySecretStore):
    """A keyring that takes one write and then locks (the screen locked, the Secret Service timed out): every
    later write or delete is refused."""

    writes = None  # None while the initial values are put in

    def set(self, name, value):
        if self.writes is not None:
            self.writes += 1
            if self.writes > 1:
                raise KeyringUnavailable(Message.of("keyring_locked_store", what=Message.of("secret_em_key")))
        super().set(name, value)

    def delete(self, name):
        raise KeyringUnavailable(Message.of("keyring_locked_delete", what=Message.of("secret_em_key")))


def test_apply_that_cannot_put_the_old_key_back_does_not_say_nothing_was_applied(
    qtbot, _isolated_environment, monkeypatch
):
    """SPEC R2 ("Nothing takes effect before Apply changes") and 450db24's fix: "Apply while the history was busy ...
    (now rolled back, one sentence, nothing lost)".

    `SettingsPresenter.apply` (settings/presenter.py ~line 296) writes the new API key, then the settings save meets
    the busy history and `_put_back` (~line 346) tries to restore the old key. When that write is refused (the keyring
    locked in between), `_put_back` only logs a warning, and the panel still says "Nothing was applied." - false: the
    keyring now holds the NEW eMarketeer key, the OLD one is gone, and the saved settings are the old ones, the very
    half-applied state the fix names ("the keyring would hold one account's key while the settings name another").
    Every later run uses the new key against the old settings, and the admin, told nothing changed, has no reason to
    look. Expected: the sentence says the keyring holds the new key (or the old key is back)."""
    from desktop_app.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    secrets = _LocksAfterOneWrite({EMARKETEER_API_KEY: "old-key"})
    secrets.writes = 0
    with Store.open(_isolated_environment) as store:
        store.save_settings(
            {"crm": "onsite", "superoffice_url": "https://crm.example.com/api", "superoffice_user": "a"}
        )
        panel = SettingsPanel(
            load_settings=store.settings,
            save_settings=store.save_settings,
            secret_store=secrets,
            data_dir=_isolated_environment,
            environ={},
        )
        qtbot.addWidget(panel)
        qtbot.keyClicks(panel.api_key_edit, "new-key")
        writer = sqlite3.connect(_isolated_environment / "history.sqlite3", timeout=0.1)
        writer.execute("BEGIN IMMEDIATE")  # another writer holds the history
        try:
            panel.apply()
        finally:
            writer.rollback()
            writer.close()
        said = panel.outcome_label.text()
    held = secrets.get(EMARKETEER_API_KEY)
    assert held == "new-key", f"precondition: the rollback failed (keyring holds {held!r})"
    assert "Nothing was applied" not in said, f"the panel says {said!r} while the keyring holds the new key"
    assert "now holds what you typed for the eMarketeer API key" in said, said
