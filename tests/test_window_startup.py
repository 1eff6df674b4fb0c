"""Window start with a damaged or newer history database."""

from __future__ import annotations

import pytest

from desktop_app.store import Store
from desktop_app.ui.shell import app as app_module
from desktop_app.ui.shell.app import AppController

pytestmark = [pytest.mark.timeout(30), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def _configured(data_dir) -> None:
    with Store.open(data_dir) as store:
        store.save_settings(
            {
                "crm": "onsite",
                "enabled": True,
                "superoffice_url": "https://crm.example.com/api",
                "superoffice_user": "admin",
            }
        )


def _damage(data_dir) -> None:
    path = data_dir / "history.sqlite3"
    raw = bytearray(path.read_bytes())
    raw[:100] = b"\x00" * 100  # the header gone: "file is not a database"
    path.write_bytes(bytes(raw))


def _shown_texts(window) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in window.findChildren(QLabel))


def test_a_damaged_history_at_start_is_not_mistaken_for_a_first_start(qtbot, _isolated_environment, monkeypatch):
    """An admin whose history file got damaged (a disk error, a bad copy) starts the app and is shown the DEMO with
    "No account is set up yet", as if the app had never been configured: no sentence says that the database is
    damaged, and the real file is neither checked nor moved aside. The admin is led to set everything up again."""
    _configured(_isolated_environment)
    _damage(_isolated_environment)
    critical: list[str] = []
    monkeypatch.setattr(app_module, "_critical", critical.append)
    controller = AppController(environ={"LEGALBASIS_SYNC_DATA_DIR": str(_isolated_environment)})
    try:
        controller.open(demo=False)
        window = controller.window
        told = " ".join(critical) + (" " + _shown_texts(window) if window is not None else "")
        assert window is None or window.context.demo is None, (
            "a configured account with a damaged history opened the demo as a first start: " + told[:300]
        )
    finally:
        controller.close()


def test_a_damaged_history_moved_aside_at_start_is_told_to_the_admin(qtbot, _isolated_environment, monkeypatch):
    """The window opens the real account (its CRM comes from the environment); its store finds the history damaged
    and moves it aside to history.sqlite3.corrupt-<time>, starting afresh. The admin sees an empty history and the
    settings back at their defaults, and no sentence anywhere in the window says the file was damaged or where the
    old one went (the headless `sync` command does say it)."""
    _configured(_isolated_environment)
    _damage(_isolated_environment)
    critical: list[str] = []
    monkeypatch.setattr(app_module, "_critical", critical.append)
    controller = AppController(
        environ={"LEGALBASIS_SYNC_DATA_DIR": str(_isolated_environment), "LEGALBASIS_SYNC_CRM": "onsite"}
    )
    try:
        assert controller.open(demo=False)
        window = controller.window
        moved = list(_isolated_environment.glob("history.sqlite3.corrupt-*"))
        assert moved, "precondition: the damaged file was moved aside"
        told = " ".join(critical) + " " + _shown_texts(window)
        assert "corrupt" in told or "moved aside" in told or "damaged" in told or "unreadable" in told, (
            "the window said nothing about the damaged history it moved aside"
        )
    finally:
        controller.close()
