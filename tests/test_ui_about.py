"""The About dialog (issue 5): version, data directory with "Open folder", "Copy diagnostics" without secrets (R19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from desktop_app import __version__
from desktop_app.config import SETTINGS
from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SECRET_ENVIRONMENT,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    InMemorySecretStore,
)
from desktop_app.store import Store
from desktop_app.ui.shell.about import AboutDialog, diagnostics_text, scrub, secret_environment_lines
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support")]

# Distinctive values: if any of them shows up anywhere in the diagnostics, a secret leaked.
KEYRING_SECRETS = {
    SUPEROFFICE_PASSWORD: "kr-password-Zq81xv",
    SUPEROFFICE_TOKEN: "kr-token-Pw72mn",
    SUPEROFFICE_REFRESH_TOKEN: "kr-refresh-Lk55te",
    EMARKETEER_API_KEY: "kr-apikey-Hh39rb",
}
ENV_SECRETS = {
    SECRET_ENVIRONMENT[SUPEROFFICE_PASSWORD]: "env-password-Aa11qq",
    SECRET_ENVIRONMENT[SUPEROFFICE_TOKEN]: "env-token-Bb22ww",
    SECRET_ENVIRONMENT[EMARKETEER_API_KEY]: "env-apikey-Cc33ee",
}
URL_TOKEN = "ticket-in-the-url-Dd44rr"


def _window(qtbot, data_dir: Path, environ: dict[str, str]) -> MainWindow:
    context = WindowContext(data_dir, InMemorySecretStore(KEYRING_SECRETS), environ)
    window = MainWindow(context, use_tray=False)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def real_window(qtbot, _isolated_environment):
    """A real (not demo) window on SuperOffice on-site, with every secret set in the keyring and the environment,
    a failed run in the history and warnings in the log."""
    data_dir = _isolated_environment
    with Store.open(data_dir) as store:
        run_id = store.start_run(Trigger.SCHEDULED, RunMode.FULL, dry_run=False)
        store.finish_run(
            run_id,
            RunStatus.FAILED,
            matched=12,
            errors=1,
            message="SuperOffice refused the sign-in for anna.svensson@example.se.",
        )
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "legalbasis-sync.log").write_text(
        "2026-05-28 10:00:00,000 INFO desktop_app.sync: Run 1 started.\n"
        "2026-05-28 10:00:01,000 WARNING desktop_app.connectors: 429 from eMarketeer, waiting 2 s.\n"
        f"2026-05-28 10:00:02,000 ERROR desktop_app.cli: bad key {ENV_SECRETS['LEGALBASIS_SYNC_EMARKETEER_API_KEY']} "
        "for bo@example.se\n"
        'Traceback (most recent call last):\n  File "x.py", line 1\n',
        encoding="utf-8",
    )
    environ = {
        "LEGALBASIS_SYNC_DATA_DIR": str(data_dir),
        "LEGALBASIS_SYNC_CRM": "onsite",
        "LEGALBASIS_SYNC_ENABLED": "1",
        "LEGALBASIS_SYNC_SUPEROFFICE_URL": f"https://crm.example.com/SuperOffice/api?ticket={URL_TOKEN}",
        "LEGALBASIS_SYNC_SUPEROFFICE_USER": "sync-user",
        **ENV_SECRETS,
    }
    window = _window(qtbot, data_dir, environ)
    yield window
    window.shutdown()


def test_help_menu_opens_the_about_dialog_with_version_and_data_directory(qtbot, real_window, _isolated_environment):
    window = real_window
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    help_menu = next(m for m in menus if m.title().replace("&", "") == "Help")
    assert window.about_action in help_menu.actions()

    window.about_action.trigger()
    dialog = window.about_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.version_label.text() == f"Version {__version__}"
    assert dialog.data_dir_edit.text() == str(_isolated_environment)
    assert dialog.data_dir_edit.isReadOnly()  # selectable and copyable, not editable
    window.about_action.trigger()
    assert window.about_dialog is dialog  # one dialog, raised again


def test_open_folder_opens_the_data_directory_and_explains_a_missing_one(qtbot, tmp_path):
    opened: list[Path] = []
    dialog = AboutDialog(tmp_path, lambda: "", open_folder=lambda path: opened.append(path))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path]

    gone = AboutDialog(tmp_path / "not-there", lambda: "", open_folder=lambda path: opened.append(path))
    qtbot.addWidget(gone)
    gone.open_folder()
    assert opened == [tmp_path] and gone.status_label.text() == "The data directory does not exist yet."

    refused = AboutDialog(tmp_path, lambda: "", open_folder=lambda path: False)
    qtbot.addWidget(refused)
    refused.open_folder()
    assert "copy the path above" in refused.status_label.text()


def test_copy_diagnostics_puts_versions_settings_runs_and_log_problems_on_the_clipboard(
    qtbot, real_window, _isolated_environment
):
    window = real_window
    window.show_about()
    qtbot.mouseClick(window.about_dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text and "copied to the clipboard" in window.about_dialog.status_label.text()

    for component in (
        "Legal Basis Sync: " + __version__,
        "Python: ",
        "Qt: ",
        "PySide6: ",
        "httpx: ",
        "keyring: ",
        "peewee: ",
        "OS: ",
        "Keyring: fail.Keyring (NOT usable",
    ):
        assert component in text, component
    assert f"Data directory: {_isolated_environment}" in text
    for s in SETTINGS:  # every setting of the registry, by key
        assert f"  {s.key} = " in text, s.key
    assert "crm = 'onsite'  (from LEGALBASIS_SYNC_CRM)" in text
    assert "superoffice_url = 'https://crm.example.com/SuperOffice/api'" in text  # no query
    assert "LEGALBASIS_SYNC_EMARKETEER_API_KEY is set" in text  # the name, never the value
    # The failed run and the log's warnings and errors: "last errors", e-mail addresses cut to their domain.
    assert "scheduled: failed; 12 matched" in text and "refused the sign-in for …@example.se" in text
    assert "WARNING desktop_app.connectors: 429 from eMarketeer" in text
    assert "ERROR desktop_app.cli: bad key <hidden> for …@example.se" in text
    assert "INFO desktop_app.sync" not in text and "Traceback" not in text
    assert "anna.svensson" not in text and "bo@" not in text


def test_no_secret_from_the_keyring_or_the_environment_ever_appears_in_the_diagnostics(qtbot, real_window):
    """R19: a support contact gets the diagnostics; no password, token or key may be in them."""
    window = real_window
    window.show_about()
    text = window.about_dialog.copy_diagnostics()
    clipboard = QGuiApplication.clipboard().text()
    assert text == clipboard and "Settings" in text
    for secret in [*KEYRING_SECRETS.values(), *ENV_SECRETS.values(), URL_TOKEN]:
        assert secret not in text, secret
    # The run itself still had every secret it needed: they were there to leak.
    assert window.context.secret_store.get(EMARKETEER_API_KEY) == KEYRING_SECRETS[EMARKETEER_API_KEY]


@pytest.mark.parametrize(
    "value", ["https://user:hunter2-pass@crm.example.com/api", "https://crm.example.com/api#hunter2-pass"]
)
def test_a_url_setting_never_carries_credentials_into_the_diagnostics(tmp_path, value):
    text = diagnostics_text(data_dir=tmp_path, settings={"superoffice_url": value, "emarketeer_url": value})
    assert "hunter2-pass" not in text and "user:" not in text
    assert "superoffice_url = 'https://crm.example.com/api'" in text


def test_scrub_hides_secret_variables_and_shortens_e_mail_addresses():
    environ = {"LEGALBASIS_SYNC_EMARKETEER_API_KEY": "abc123secret", "LEGALBASIS_SYNC_SUPEROFFICE_TOKEN": "x"}
    text = scrub("key abc123secret for anna@example.se; x marks the spot", environ)
    assert text == "key <hidden> for …@example.se; x marks the spot"  # a one-letter value is left alone


def test_a_diagnostics_failure_is_one_sentence_not_a_crash(qtbot, tmp_path):
    def broken() -> str:
        raise RuntimeError("boom")

    dialog = AboutDialog(tmp_path, broken)
    qtbot.addWidget(dialog)
    QGuiApplication.clipboard().setText("before")
    assert dialog.copy_diagnostics() == ""
    assert QGuiApplication.clipboard().text() == "before"
    assert dialog.status_label.text() == "The diagnostics could not be gathered; the log file has the details."


def test_the_headless_refresh_token_variable_is_hidden_too():
    """The server's LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN is a secret like the keyring's (R19)."""
    environ = {"LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN": "rt-secret-Jj66uu"}
    assert scrub("pasted rt-secret-Jj66uu here", environ) == "pasted <hidden> here"
    assert secret_environment_lines(environ) == ["LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN is set"]
