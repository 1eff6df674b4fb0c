"""The settings presenter without widgets: pending vs applied (R2), switching off (R7), secrets only in the SecretStore (R19)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from desktop_app.config import CRM_NONE, CRM_ONLINE, CRM_ONSITE
from desktop_app.connectors.superoffice_oauth import TokenSet
from desktop_app.domain.model import System
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    InMemorySecretStore,
    KeyringUnavailable,
)
from desktop_app.ui.settings.presenter import ADVANCED_KEYS, SettingsPresenter


class RecordingView:
    """A passive view that remembers the last thing it was told, per question."""

    def __init__(self) -> None:
        self.values: Mapping[str, object] = {}
        self.mode = None
        self.locked: Mapping[str, str] = {}
        self.secret_state: Mapping[str, str | None] = {}
        self.keyring_problem = None
        self.not_applied = None
        self.problems: Mapping[str, str] = {}
        self.outcomes: list[tuple[str, bool]] = []
        self.signed_in = None
        self.tests: list[tuple[System, str, bool | None]] = []

    def show_values(self, values):
        self.values = dict(values)

    def show_mode(self, crm):
        self.mode = crm

    def show_locked(self, locked):
        self.locked = dict(locked)

    def show_secret_state(self, where):
        self.secret_state = dict(where)

    def show_keyring_problem(self, message):
        self.keyring_problem = message

    def show_not_applied(self, pending):
        self.not_applied = pending

    def show_problems(self, problems):
        self.problems = dict(problems)

    def show_outcome(self, text, ok):
        self.outcomes.append((text, ok))

    def show_signed_in(self, webapi_url):
        self.signed_in = webapi_url

    def show_test_result(self, system, text, ok):
        self.tests.append((system, text, ok))


class BrokenKeyring:
    def get(self, name):
        raise KeyringUnavailable("No usable system keyring was found.")

    def set(self, name, value):
        raise KeyringUnavailable("No usable system keyring was found.")

    def delete(self, name):
        raise KeyringUnavailable("No usable system keyring was found.")


@pytest.fixture
def saved():
    return {}


def make(saved, *, secrets=None, environ=None, applied=None):
    view = RecordingView()
    presenter = SettingsPresenter(
        view,
        load_settings=lambda: dict(saved),
        save_settings=lambda values: (saved.clear(), saved.update(values)),
        secret_store=secrets if secrets is not None else InMemorySecretStore(),
        data_dir=_tmp_dir(),
        environ=environ or {},
        on_applied=(applied.append if applied is not None else None),
    )
    presenter.load()
    return presenter, view


def _tmp_dir():
    import os
    from pathlib import Path

    return Path(os.environ["LEGALBASIS_SYNC_DATA_DIR"])


def test_loads_defaults_with_nothing_pending(saved):
    presenter, view = make(saved)
    assert view.values["crm"] == CRM_NONE and view.values["interval_minutes"] == 30
    assert view.not_applied is False and view.mode == CRM_NONE
    # The schedule is on the panel's main part, beside "Legal basis sync" (issue 13), not under Advanced.
    assert "interval_minutes" not in ADVANCED_KEYS and "crm" not in ADVANCED_KEYS


def test_nothing_takes_effect_before_apply(saved):
    applied = []
    secrets = InMemorySecretStore()
    presenter, view = make(saved, secrets=secrets, applied=applied)
    presenter.change("crm", CRM_ONSITE)
    presenter.change("enabled", True)
    presenter.change("superoffice_url", "https://crm.example.com/SuperOffice/api")
    presenter.change("superoffice_user", "admin")
    presenter.change_secret(SUPEROFFICE_PASSWORD, "pw")
    presenter.change_secret(EMARKETEER_API_KEY, "key")

    assert view.not_applied is True and view.mode == CRM_ONSITE
    assert saved == {} and secrets.get(SUPEROFFICE_PASSWORD) is None and applied == []
    assert presenter.config().sync_on is False

    config = presenter.apply()

    assert config is not None and config.sync_on and applied == [config]
    assert saved["crm"] == CRM_ONSITE and saved["enabled"] is True
    assert secrets.get(SUPEROFFICE_PASSWORD) == "pw" and secrets.get(EMARKETEER_API_KEY) == "key"
    assert "pw" not in repr(saved) and "key" not in saved.values()
    assert view.not_applied is False
    assert view.outcomes[-1] == ("Changes applied. Legal basis sync is on and runs every 30 minutes.", True)


def test_editing_back_to_the_saved_value_clears_not_applied(saved):
    presenter, view = make(saved)
    presenter.change("interval_minutes", 45)
    assert view.not_applied is True
    presenter.change("interval_minutes", "30")
    assert view.not_applied is False


def test_a_bad_value_blocks_apply_and_saves_nothing(saved):
    presenter, view = make(saved)
    presenter.change("interval_minutes", 0)
    presenter.change("crm", CRM_ONSITE)
    assert "interval_minutes" in view.problems
    assert presenter.apply() is None
    assert saved == {}
    assert view.outcomes[-1][1] is False and "correct the marked" in view.outcomes[-1][0]


def test_choosing_none_and_applying_switches_the_sync_off(saved):
    saved.update(crm=CRM_ONSITE, enabled=True, superoffice_url="https://crm.example.com/api", superoffice_user="u")
    applied = []
    presenter, view = make(saved, applied=applied)
    assert presenter.config().sync_on
    presenter.change("crm", CRM_NONE)
    presenter.change("enabled", False)
    assert presenter.config().sync_on  # still on: not applied yet
    config = presenter.apply()
    assert config is not None and not config.sync_on and applied[-1] is config
    assert saved["crm"] == CRM_NONE
    assert view.outcomes[-1][0] == "Changes applied. Legal basis sync is off because the CRM is set to None."


def test_unticking_the_box_alone_also_switches_it_off(saved):
    saved.update(crm=CRM_ONSITE, enabled=True, superoffice_url="https://crm.example.com/api", superoffice_user="u")
    presenter, view = make(saved)
    presenter.change("enabled", False)
    config = presenter.apply()
    assert not config.sync_on and "box is not ticked" in view.outcomes[-1][0]


def test_ticking_the_box_on_a_running_integration_needs_no_detour_through_none(saved):
    saved.update(crm=CRM_ONSITE, enabled=False, superoffice_url="https://crm.example.com/api", superoffice_user="u")
    presenter, _ = make(saved)
    presenter.change("enabled", True)
    assert presenter.apply().sync_on


def test_applied_but_missing_secrets_say_what_is_missing(saved):
    presenter, view = make(saved)
    for key, value in (
        ("crm", CRM_ONSITE),
        ("enabled", True),
        ("superoffice_url", "https://crm.example.com/api"),
        ("superoffice_user", "admin"),
    ):
        presenter.change(key, value)
    presenter.apply()
    text, ok = view.outcomes[-1]
    assert ok and "cannot run yet" in text and "SuperOffice password" in text


def test_revert_discards_pending_changes(saved):
    presenter, view = make(saved)
    presenter.change("crm", CRM_ONSITE)
    presenter.change_secret(EMARKETEER_API_KEY, "typed")
    presenter.revert()
    assert view.not_applied is False and view.values["crm"] == CRM_NONE
    presenter.apply()
    assert saved["crm"] == CRM_NONE


def test_no_keyring_is_said_plainly_and_secrets_are_not_saved(saved):
    presenter, view = make(saved, secrets=BrokenKeyring())
    assert view.keyring_problem and "keyring" in view.keyring_problem
    presenter.change("interval_minutes", 40)
    assert presenter.apply() is not None  # non-secret settings still apply
    presenter.change_secret(EMARKETEER_API_KEY, "key")
    assert presenter.apply() is None
    assert view.outcomes[-1][1] is False and "keyring" in view.outcomes[-1][0]


def test_environment_settings_are_shown_locked(saved):
    presenter, view = make(
        saved, environ={"LEGALBASIS_SYNC_CRM": "onsite", "LEGALBASIS_SYNC_EMARKETEER_API_KEY": "from-env"}
    )
    assert view.locked == {"crm": "LEGALBASIS_SYNC_CRM", EMARKETEER_API_KEY: "LEGALBASIS_SYNC_EMARKETEER_API_KEY"}
    assert view.values["crm"] == CRM_ONSITE
    assert view.secret_state[EMARKETEER_API_KEY] == "environment"
    presenter.change("interval_minutes", 20)
    presenter.apply()
    assert saved["crm"] == CRM_NONE  # the environment's value is used, never saved


def test_sign_in_waits_for_apply_then_stores_tokens_in_the_keyring(saved):
    secrets = InMemorySecretStore()
    presenter, view = make(saved, secrets=secrets)
    tokens = TokenSet(access_token="acc", refresh_token="ref")
    presenter.signed_in(tokens, "https://sod2.superoffice.com/Cust1/api/")
    assert view.signed_in == "https://sod2.superoffice.com/Cust1/api/" and view.not_applied is True
    assert secrets.get(SUPEROFFICE_TOKEN) is None
    presenter.change("enabled", True)
    presenter.apply()
    assert saved["crm"] == CRM_ONLINE and saved["superoffice_url"] == "https://sod2.superoffice.com/Cust1/api/"
    assert secrets.get(SUPEROFFICE_TOKEN) == "acc" and secrets.get(SUPEROFFICE_REFRESH_TOKEN) == "ref"


def test_test_connection_needs_what_it_tests(saved):
    presenter, view = make(saved)
    assert presenter.prepare_test(System.SUPEROFFICE) is None
    assert view.tests[-1] == (System.SUPEROFFICE, "Choose Online or On-site first: the CRM is set to None.", False)
    assert presenter.prepare_test(System.EMARKETEER) is None
    assert "API key" in view.tests[-1][1]
    presenter.change_secret(EMARKETEER_API_KEY, "typed-not-applied")
    test = presenter.prepare_test(System.EMARKETEER)
    assert test is not None and test.secret == "typed-not-applied" and "typed" not in repr(test)
    assert view.tests[-1][2] is None  # shown as running
