"""The settings registry, validation in one sentence, environment overrides, and credentials (R19)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from keyring.backends import fail

from desktop_app import config as cfg
from desktop_app.config import (
    SETTINGS,
    SETTINGS_BY_KEY,
    AppConfig,
    ConfigError,
    Credentials,
    resolve_config,
    resolve_credentials,
    validate_settings,
)
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_TOKEN,
    EnvironmentSecretStore,
    InMemorySecretStore,
    KeyringSecretStore,
)

EXPECTED_DEFAULTS = {
    "crm": "none",
    "enabled": False,
    "superoffice_url": "",
    "superoffice_user": "",
    "superoffice_client_id": "",
    "superoffice_state_url": "https://online.superoffice.com/api/state/",
    "superoffice_environment": "online",  # issue 10: online, qaonline or sod, each with its own application id
    "superoffice_client_id_qaonline": "",
    "superoffice_client_id_sod": "",
    "superoffice_write_source": "API",  # issue 10: the write source, by SuperOffice key ...
    "emarketeer_write_source": "Other integration",  # ... and by eMarketeer name
    "emarketeer_url": "",
    "interval_minutes": 30,
    "clock_skew_seconds": 120,
    "overlap_minutes": 5,
    "full_run_hours": 24,
    "stale_after_hours": 6,  # issue 14: the stale-sync alarm and `health`
    "requests_per_second": 10.0,
    "max_concurrency": 4,
    "request_timeout_seconds": 30.0,
    "max_run_minutes": 120,  # issue 9: a run stops cleanly after this long
    "duplicates_policy": "all",  # issue 12: R9, the vendor's behaviour since 2026-02-23
    "hold_reversals": True,  # issue 12: R24
    "mass_change_brake": True,  # issue 12: R23
    "mass_change_writes": 200,
    "mass_change_percent": 2.0,
    "require_positive_basis": True,  # issue 4: sends go only to recipients with a basis for marketing
    "language": "auto",  # issue 5: auto follows the system locale
}

SO_URL = "https://crm.example.com/SuperOffice/api/"


def one_sentence(message: str) -> bool:
    return message.endswith(".") and "\n" not in message and message[0].isupper()


def config(tmp_path: Path, saved=None, environ=None) -> AppConfig:
    return resolve_config(saved or {}, environ or {}, data_dir=tmp_path)


# -- the registry


def test_registry_is_declared_once_and_complete():
    assert [s.key for s in SETTINGS] == list(EXPECTED_DEFAULTS)
    assert {s.key: s.default for s in SETTINGS} == EXPECTED_DEFAULTS
    assert len(SETTINGS_BY_KEY) == len(SETTINGS)
    config_fields = {f.name for f in dataclasses.fields(AppConfig)} - {"data_dir", "from_environment"}
    assert config_fields == set(SETTINGS_BY_KEY)
    for s in SETTINGS:
        assert s.label and s.help.endswith("."), s.key
        assert s.type in (bool, int, float, str), s.key
        assert s.parse(s.default) == s.default, s.key  # every default passes its own validation
        assert isinstance(s.default, s.type), s.key


def test_environment_variables_are_those_of_the_cli_contract():
    assert {s.key: s.env for s in SETTINGS if s.env} == {
        "crm": "LEGALBASIS_SYNC_CRM",
        "enabled": "LEGALBASIS_SYNC_ENABLED",
        "superoffice_url": "LEGALBASIS_SYNC_SUPEROFFICE_URL",
        "superoffice_user": "LEGALBASIS_SYNC_SUPEROFFICE_USER",
        "superoffice_client_id": "LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID",  # README: an addition to the contract
        "emarketeer_url": "LEGALBASIS_SYNC_EMARKETEER_URL",
        "duplicates_policy": "LEGALBASIS_SYNC_DUPLICATES",
        "hold_reversals": "LEGALBASIS_SYNC_HOLD_REVERSALS",
        "mass_change_brake": "LEGALBASIS_SYNC_MASS_CHANGE_BRAKE",
        # README: additions to the contract (issue 10)
        "superoffice_environment": "LEGALBASIS_SYNC_SUPEROFFICE_ENVIRONMENT",
        "superoffice_client_id_qaonline": "LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID_QAONLINE",
        "superoffice_client_id_sod": "LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID_SOD",
        "superoffice_write_source": "LEGALBASIS_SYNC_SUPEROFFICE_WRITE_SOURCE",
        "emarketeer_write_source": "LEGALBASIS_SYNC_EMARKETEER_WRITE_SOURCE",
    }


def test_each_superoffice_environment_has_its_state_service_and_application_id(tmp_path):
    """Issue 10: sod (development), qaonline (stage) and online (production), each with its own application id."""
    ids = {
        "superoffice_client_id": "prod-app",
        "superoffice_client_id_qaonline": "stage-app",
        "superoffice_client_id_sod": "dev-app",
    }
    for env, app, host in (
        ("online", "prod-app", "online"),
        ("qaonline", "stage-app", "qaonline"),
        ("sod", "dev-app", "sod"),
    ):
        c = config(tmp_path, {**ids, "superoffice_environment": env})
        assert c.superoffice_application_id == app
        assert c.superoffice_state_address == f"https://{host}.superoffice.com/api/state/"
    # A state address set by hand (a test host, the simulator) wins over the environment's.
    c = config(
        tmp_path, {"superoffice_environment": "sod", "superoffice_state_url": "http://127.0.0.1:5000/api/state/"}
    )
    assert c.superoffice_state_address == "http://127.0.0.1:5000/api/state/"
    c = config(tmp_path, environ={"LEGALBASIS_SYNC_SUPEROFFICE_ENVIRONMENT": "QAonline"})
    assert c.superoffice_environment == "qaonline"


def test_no_setting_is_a_secret():
    words = ("password", "token", "secret", "api_key")
    assert not [s.key for s in SETTINGS if any(w in s.key for w in words)]
    assert not [f.name for f in dataclasses.fields(AppConfig) if any(w in f.name for w in words)]


# -- resolution


def test_defaults(tmp_path):
    c = config(tmp_path)
    assert c.settings() == EXPECTED_DEFAULTS
    assert c.data_dir == tmp_path
    assert c.from_environment == frozenset()
    assert not c.sync_on and c.off_reason() == "the CRM is set to None"


def test_data_dir_defaults_to_the_environment_variable(tmp_path):
    target = tmp_path / "elsewhere" / "data"
    c = resolve_config({}, {"LEGALBASIS_SYNC_DATA_DIR": str(target)})
    assert c.data_dir == target and target.is_dir()


def test_saved_values_override_defaults_and_environment_overrides_saved(tmp_path):
    saved = {
        "crm": "onsite",
        "enabled": True,
        "superoffice_url": SO_URL,
        "superoffice_user": "sync",
        "interval_minutes": 15,
        "requests_per_second": 2,
    }
    environ = {
        "LEGALBASIS_SYNC_CRM": "online",
        "LEGALBASIS_SYNC_ENABLED": "0",
        "LEGALBASIS_SYNC_EMARKETEER_URL": "http://127.0.0.1:8081",
    }
    c = config(tmp_path, saved, environ)
    assert (c.crm, c.enabled, c.superoffice_url, c.superoffice_user) == ("online", False, SO_URL, "sync")
    assert c.interval_minutes == 15 and c.requests_per_second == 2.0
    assert c.emarketeer_url == "http://127.0.0.1:8081"
    assert c.from_environment == {"crm", "enabled", "emarketeer_url"}
    assert c.off_reason() == 'the "Legal basis sync" box is not ticked'


def test_saved_values_may_be_strings(tmp_path):
    c = config(tmp_path, {"enabled": "1", "interval_minutes": "45", "request_timeout_seconds": "12.5"})
    assert (c.enabled, c.interval_minutes, c.request_timeout_seconds) == (True, 45, 12.5)


def test_unknown_saved_keys_are_ignored_and_empty_variables_are_unset(tmp_path):
    c = config(tmp_path, {"crm": "onsite", "colour": "blue"}, {"LEGALBASIS_SYNC_CRM": "  "})
    assert c.crm == "onsite"


@pytest.mark.parametrize("text, expected", [("1", True), ("0", False), ("true", True), ("OFF", False)])
def test_enabled_from_the_environment(tmp_path, text, expected):
    assert config(tmp_path, environ={"LEGALBASIS_SYNC_ENABLED": text}).enabled is expected


def test_choices_ignore_case_and_spaces(tmp_path):
    assert config(tmp_path, environ={"LEGALBASIS_SYNC_CRM": " OnSite "}).crm == "onsite"


def test_sync_on_needs_a_crm_and_the_box(tmp_path):
    assert config(tmp_path, {"crm": "online", "enabled": True}).sync_on
    assert config(tmp_path, {"crm": "online", "enabled": True}).off_reason() is None


# -- validation: one sentence per bad value


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({"LEGALBASIS_SYNC_CRM": "cloud"}, "LEGALBASIS_SYNC_CRM must be none, online or onsite, not 'cloud'."),
        ({"LEGALBASIS_SYNC_ENABLED": "maybe"}, "LEGALBASIS_SYNC_ENABLED must be 1 or 0, not 'maybe'."),
        (
            {"LEGALBASIS_SYNC_SUPEROFFICE_URL": "https://crm.example.com/SuperOffice"},
            "LEGALBASIS_SYNC_SUPEROFFICE_URL must be empty or an http:// or https:// address ending in /api or /api/, "
            "not 'https://crm.example.com/SuperOffice'.",
        ),
        (
            {"LEGALBASIS_SYNC_EMARKETEER_URL": "ftp://x"},
            "LEGALBASIS_SYNC_EMARKETEER_URL must be empty (the vendor's own hosts) or an http:// or https:// address, "
            "not 'ftp://x'.",
        ),
    ],
)
def test_bad_environment_values_name_the_variable(tmp_path, environ, expected):
    with pytest.raises(ConfigError) as info:
        config(tmp_path, environ=environ)
    assert info.value.user_message == expected
    assert one_sentence(info.value.user_message)


@pytest.mark.parametrize(
    "saved, expected",
    [
        (
            {"interval_minutes": 0},
            'The saved setting "Sync every (minutes)" (interval_minutes) must be a whole number from 1 to 1440, not 0.',
        ),
        (
            {"interval_minutes": "soon"},
            'The saved setting "Sync every (minutes)" (interval_minutes) must be a whole number from 1 to 1440, '
            "not 'soon'.",
        ),
        ({"enabled": "2"}, "The saved setting \"Legal basis sync\" (enabled) must be 1 or 0, not '2'."),
        (
            {"requests_per_second": float("nan")},
            'The saved setting "Requests per second" (requests_per_second) must be a number from 0.1 to 1000, not nan.',
        ),
        (
            {"max_concurrency": True},
            'The saved setting "Parallel requests" (max_concurrency) must be a whole number from 1 to 32, not True.',
        ),
        (
            {"duplicates_policy": "newest"},
            "The saved setting \"Duplicate SuperOffice persons\" (duplicates_policy) must be all or oldest, not 'newest'.",
        ),
        (
            {"superoffice_state_url": ""},
            'The saved setting "SuperOffice Online state address" (superoffice_state_url) must be an http:// or '
            "https:// address, not ''.",
        ),
    ],
)
def test_bad_saved_values_name_the_setting(tmp_path, saved, expected):
    with pytest.raises(ConfigError) as info:
        config(tmp_path, saved)
    assert info.value.user_message == expected
    assert info.value.key == next(iter(saved))
    assert info.value.exit_code == 2


def test_a_password_inside_a_url_is_refused_without_echoing_it(tmp_path):
    with pytest.raises(ConfigError) as info:
        config(tmp_path, environ={"LEGALBASIS_SYNC_SUPEROFFICE_URL": "https://sync:hunter2@crm.example.com/api"})
    assert "hunter2" not in info.value.user_message
    assert one_sentence(info.value.user_message)


def test_validate_settings_for_the_panel_lists_every_problem():
    problems = validate_settings({"interval_minutes": "x", "max_concurrency": 0, "crm": "online", "nope": 1})
    assert set(problems) == {"interval_minutes", "max_concurrency", "nope"}
    assert problems["max_concurrency"] == "Parallel requests must be a whole number from 1 to 32, not 0."
    assert all(one_sentence(m) for m in problems.values())


# -- credentials


def test_onsite_credentials_from_the_secret_store(tmp_path):
    c = config(tmp_path, {"crm": "onsite", "enabled": True, "superoffice_url": SO_URL, "superoffice_user": "sync"})
    store = InMemorySecretStore({SUPEROFFICE_PASSWORD: "pw-1", EMARKETEER_API_KEY: "key-1", SUPEROFFICE_TOKEN: "t"})
    creds = resolve_credentials(c, store)
    assert (creds.superoffice_password, creds.emarketeer_api_key, creds.superoffice_token) == ("pw-1", "key-1", None)


def test_online_credentials_need_url_and_token(tmp_path):
    c = config(tmp_path, {"crm": "online", "enabled": True, "superoffice_url": SO_URL})
    store = InMemorySecretStore({SUPEROFFICE_TOKEN: "tok-1", EMARKETEER_API_KEY: "key-1"})
    creds = resolve_credentials(c, store)
    assert (creds.superoffice_token, creds.superoffice_password) == ("tok-1", None)
    store.delete(SUPEROFFICE_TOKEN)
    with pytest.raises(ConfigError) as info:
        resolve_credentials(c, store)
    assert info.value.user_message == (
        "Cannot sync with SuperOffice Online: a SuperOffice Online access token is missing; "
        "set LEGALBASIS_SYNC_SUPEROFFICE_TOKEN or enter it in the window."
    )
    assert info.value.missing == (SUPEROFFICE_TOKEN,)


def test_everything_missing_is_named_in_one_sentence(tmp_path):
    c = config(tmp_path, {"crm": "onsite", "enabled": True})
    with pytest.raises(ConfigError) as info:
        resolve_credentials(c, InMemorySecretStore())
    message = info.value.user_message
    assert one_sentence(message) and message.count(".") == 1
    assert info.value.missing == ("superoffice_url", "superoffice_user", SUPEROFFICE_PASSWORD, EMARKETEER_API_KEY)
    for variable in (
        "LEGALBASIS_SYNC_SUPEROFFICE_URL",
        "LEGALBASIS_SYNC_SUPEROFFICE_USER",
        "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD",
        "LEGALBASIS_SYNC_EMARKETEER_API_KEY",
    ):
        assert variable in message


def test_the_emarketeer_key_is_always_required(tmp_path):
    c = config(tmp_path, {"crm": "onsite", "enabled": True, "superoffice_url": SO_URL, "superoffice_user": "u"})
    with pytest.raises(ConfigError) as info:
        resolve_credentials(c, InMemorySecretStore({SUPEROFFICE_PASSWORD: "pw-secret"}))
    assert info.value.user_message == (
        "Cannot sync with SuperOffice on-site: the eMarketeer API key is missing; "
        "set LEGALBASIS_SYNC_EMARKETEER_API_KEY or enter it in the window."
    )
    assert "pw-secret" not in info.value.user_message


def test_environment_secrets_work_without_any_keyring(tmp_path):
    c = config(tmp_path, {"crm": "onsite", "enabled": True, "superoffice_url": SO_URL, "superoffice_user": "u"})
    environ = {"LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD": "pw-env", "LEGALBASIS_SYNC_EMARKETEER_API_KEY": "key-env"}
    store = EnvironmentSecretStore(KeyringSecretStore(backend=fail.Keyring()), environ)
    creds = resolve_credentials(c, store)
    assert (creds.superoffice_password, creds.emarketeer_api_key) == ("pw-env", "key-env")


def test_no_keyring_and_no_variable_says_both(tmp_path):
    c = config(tmp_path, {"crm": "onsite", "enabled": True, "superoffice_url": SO_URL, "superoffice_user": "u"})
    store = EnvironmentSecretStore(
        KeyringSecretStore(backend=fail.Keyring()), {"LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD": "pw-env"}
    )
    with pytest.raises(ConfigError) as info:
        resolve_credentials(c, store)
    message = info.value.user_message
    assert "the eMarketeer API key is missing" in message and "no system keyring is available" in message
    assert one_sentence(message) and "pw-env" not in message


def test_credentials_never_show_their_values():
    creds = Credentials(emarketeer_api_key="key-XYZ", superoffice_password="pw-XYZ")
    for text in (repr(creds), str(creds), f"{creds}", repr([creds])):
        assert "XYZ" not in text
    assert "emarketeer_api_key=<set>" in repr(creds) and "superoffice_token=<unset>" in repr(creds)


def test_crm_none_has_no_credentials(tmp_path):
    with pytest.raises(ConfigError, match="None"):
        resolve_credentials(config(tmp_path), InMemorySecretStore())


def test_module_exposes_crm_constants():
    assert (cfg.CRM_NONE, cfg.CRM_ONLINE, cfg.CRM_ONSITE) == ("none", "online", "onsite")
