"""Home's presenter without a window (issue 13 pt 1): what Home says about the sync, the last run and the connections."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.config import CRM_ONSITE, resolve_config
from desktop_app.domain.model import System
from desktop_app.store import StoreError
from desktop_app.ui.home.presenter import HomePresenter

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


class FakeHome:
    def __init__(self) -> None:
        self.calls: dict = {}
        self.connections: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("show_"):
            return lambda *args, **kwargs: self.calls.__setitem__(name, (args, kwargs))
        raise AttributeError(name)

    def show_connection(self, state) -> None:
        self.connections[state.system] = state


def presenter(tmp_path, *, runs=(None, None, None), enabled=True, busy=False):
    config = resolve_config({"crm": CRM_ONSITE, "enabled": enabled, "superoffice_url": "http://127.0.0.1:1/api",
                             "superoffice_user": "admin", "emarketeer_url": "http://127.0.0.1:2/api"}, {}, tmp_path)

    def read():
        if isinstance(runs, Exception):
            raise runs
        return runs

    view = FakeHome()
    return view, HomePresenter(view, config, read_runs=read, last_attempt=lambda: None, busy=lambda: busy,
                               next_run_at=lambda: None, clock=lambda: NOW)


def test_a_fresh_install_shows_the_state_no_problem_and_the_buttons(tmp_path):
    view, home = presenter(tmp_path)
    home.refresh()
    assert view.calls["show_problem"][0] == (None,)
    assert view.calls["show_busy"][1] == {"can_sync": True, "can_preview": True, "sync_off_reason": None}
    assert set(view.connections) == set(System)


def test_a_store_that_cannot_be_read_is_said_in_one_sentence(tmp_path):
    view, home = presenter(tmp_path, runs=StoreError("The history database could not be read."))
    home.refresh()
    assert view.calls["show_problem"][0] == ("The history database could not be read.",)
    assert "show_last_run" not in view.calls


def test_r7_switched_off_the_sync_button_says_why(tmp_path):
    view, home = presenter(tmp_path, enabled=False)
    home.refresh()
    assert view.calls["show_busy"][1]["can_sync"] is False and view.calls["show_busy"][1]["sync_off_reason"]


def test_a_problem_stays_until_the_next_run_starts_and_a_test_updates_one_connection(tmp_path):
    view, home = presenter(tmp_path)
    home.say_problem("The eMarketeer API key is missing.")
    home.refresh()
    assert view.calls["show_problem"][0] == ("The eMarketeer API key is missing.",)
    home.run_starting()
    assert view.calls["show_problem"][0] == (None,) and home.last_failure is None
    home.connection_tested(System.EMARKETEER, True, "eMarketeer answered.")
    assert view.connections[System.EMARKETEER].ok is True
