"""Headless SuperOffice Online (shared/CLI.md, R3 on a server, R19): `sync` and `send --due` renew the one-hour
access token with the refresh token the window's sign-in saved in the keyring, save a rotated one back, stop
with exit 1 and one sentence when SuperOffice no longer accepts it, and leave an explicit access token alone.

In-process (`cli.main`) with the keyring faked by the in-memory backend of test_secrets.py behind the app's
real KeyringSecretStore; the environment-variable route (a server without a keyring) is in test_cli_sync.py.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from engine_support import T0
from test_secrets import DictKeyring

from desktop_app import cli
from desktop_app.config import resolve_config
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SERVICE_NAME,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    EnvironmentSecretStore,
    InMemorySecretStore,
    KeyringSecretStore,
)
from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator
from desktop_app.store import Store
from desktop_app.sync.credentials import (
    HELP_TEXT,
    REFRESH_TOKEN_VARIABLE,
    RefreshingCredentials,
    TokenRefresher,
    headless_credentials,
)

REFRESH = "kr-refresh-Qw81-never-shown"
STALE_ACCESS = "kr-access-expired-Pe42"
API_KEY = "kr-apikey-Mn63-never-shown"
CLIENT_ID = "legalbasis-sync-test-app"


@pytest.fixture
def online(_isolated_environment):
    """Both simulators (no SuperOffice access token valid yet), the window's saved Online settings, a keyring."""
    so = SuperOfficeSimulator(
        clock=SimClock(start=T0), tokens=set(), refresh_tokens={REFRESH}, creation_default=None
    )  # these tests set every consent row themselves (R22)
    em = EmarketeerSimulator(clock=SimClock(start=T0), api_keys={API_KEY})
    so.start()
    em.start()
    a = so.add_person("anna@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(a, "EMARKETING", "61A", at=T0 - timedelta(days=10))
    em.add_contact("anna@example.se")
    em.add_consent("anna@example.se", "Marketing sendouts", "Withdrawn", created_at=T0 - timedelta(days=1))
    b = so.add_person("bo@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(b, "STORE", "61B", at=T0 - timedelta(days=5))
    em.add_contact("bo@example.se")
    data_dir = _isolated_environment
    with Store.open(data_dir) as store:  # what the window's "Apply changes" saves after the sign-in
        store.save_settings(
            {
                "crm": "online",
                "enabled": True,
                "superoffice_url": so.base_url,
                "superoffice_client_id": CLIENT_ID,
                "superoffice_state_url": so.state_url,
                "emarketeer_url": em.base_url,
            }
        )
    keyring = DictKeyring()
    for name, value in (
        (SUPEROFFICE_TOKEN, STALE_ACCESS),
        (SUPEROFFICE_REFRESH_TOKEN, REFRESH),
        (EMARKETEER_API_KEY, API_KEY),
    ):
        keyring.set_password(SERVICE_NAME, name, value)
    yield so, em, keyring, data_dir
    so.stop()
    em.stop()


def _run(monkeypatch, keyring, *args):
    """`legalbasis-sync ARGS` in this process, with the app's keyring store over the in-memory backend."""
    monkeypatch.setattr(
        cli,
        "default_secret_store",
        lambda environ=None: EnvironmentSecretStore(KeyringSecretStore(backend=keyring), environ),
    )
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def _saved(keyring, name):
    return keyring.get_password(SERVICE_NAME, name)


def _no_secret_anywhere(data_dir, texts, secrets):
    """R19: no token or key in the outputs, the database or the log file."""
    texts = list(texts)
    for path in data_dir.rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_sync_with_only_the_keyrings_refresh_token_renews_the_access_token_and_uses_it(monkeypatch, online):
    so, em, keyring, data_dir = online
    code, out, err = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 0, err
    assert err == ""
    summary = json.loads(out)
    assert summary["status"] == "done" and summary["matched"] == 2
    # The simulator accepted no access token before the run: only the renewed one can have read and written.
    assert sorted((c["email"], c["target"], c["new"]) for c in summary["changes"]) == [
        ("anna@example.se", "superoffice", "withdrawn"),
        ("bo@example.se", "emarketeer", "contract"),
    ]
    assert len(so.tokens) == 1
    renewed = next(iter(so.tokens))
    assert _saved(keyring, SUPEROFFICE_TOKEN) == renewed  # kept for the window and the next run
    assert _saved(keyring, SUPEROFFICE_REFRESH_TOKEN) == REFRESH  # not rotated: left as it was
    _no_secret_anywhere(data_dir, [out, err], [REFRESH, renewed, STALE_ACCESS, API_KEY])


def test_a_rotated_refresh_token_is_saved_back_to_the_keyring(monkeypatch, online):
    so, em, keyring, data_dir = online
    so.rotate_refresh_tokens = True
    code, out, err = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 0, err
    assert err == ""  # a keyring token is looked after silently
    rotated = _saved(keyring, SUPEROFFICE_REFRESH_TOKEN)
    assert rotated != REFRESH and rotated in so.refresh_tokens and REFRESH not in so.refresh_tokens
    # The next run (the timer, 30 minutes later) works with the rotated one.
    so.revoke_tokens()
    again, out2, err2 = _run(monkeypatch, keyring, "sync", "--json")
    assert again == 0, err2
    assert json.loads(out2)["changes"] == []  # R12
    assert _saved(keyring, SUPEROFFICE_REFRESH_TOKEN) not in (REFRESH, rotated)
    _no_secret_anywhere(data_dir, [out, err, out2, err2], [REFRESH, rotated, API_KEY, *so.tokens])


def test_a_revoked_refresh_token_stops_with_exit_1_and_asks_to_sign_in_again_in_the_window(monkeypatch, online):
    so, em, keyring, data_dir = online
    so.refresh_tokens.clear()  # revoked at SuperOffice (or expired)
    code, out, err = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 1  # CLI.md: an auth failure stops the run
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and lines[0].endswith(".")
    assert "sign in again in the Legal Basis Sync window" in lines[0] and REFRESH_TOKEN_VARIABLE in lines[0]
    # CLI.md: --json prints one object also for a run that never started
    assert json.loads(out) == {"run_id": None, "status": "failed", "message": lines[0]} and so.tokens == set()
    assert em.current_consents("bo@example.se") == {}  # nothing written
    assert _saved(keyring, SUPEROFFICE_REFRESH_TOKEN) == REFRESH  # left for the window to replace
    _no_secret_anywhere(data_dir, [out, err], [REFRESH, STALE_ACCESS, API_KEY])


def test_an_access_token_in_the_environment_wins_and_is_not_renewed(monkeypatch, online):
    so, em, keyring, data_dir = online
    so.tokens.add("env-access-Zt07")
    monkeypatch.setenv("LEGALBASIS_SYNC_SUPEROFFICE_TOKEN", "env-access-Zt07")
    code, out, err = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 0, err
    assert so.tokens == {"env-access-Zt07"}  # the token endpoint was never asked
    assert _saved(keyring, SUPEROFFICE_TOKEN) == STALE_ACCESS

    # Even when SuperOffice refuses it: the explicit token is the run's, so the run stops (exit 1).
    so.revoke_tokens()
    code, out, err = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 1
    assert so.tokens == set() and "SuperOffice" in err and "env-access-Zt07" not in out + err


def test_send_due_renews_the_token_too(monkeypatch, online):
    # Renewed when a send is due (with none due, `send --due` asks the token endpoint nothing:
    # test_send_due_renewal_and_pause_time.py).
    from datetime import datetime, timezone

    from test_send_due_renewal_and_pause_time import _store_send

    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    _store_send(data_dir, datetime.now(timezone.utc) - timedelta(minutes=1))
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 0, err
    assert len(so.tokens) == 1 and _saved(keyring, SUPEROFFICE_TOKEN) in so.tokens
    so.refresh_tokens.clear()
    _store_send(data_dir, datetime.now(timezone.utc) - timedelta(minutes=1))
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 1 and "sign in again in the Legal Basis Sync window" in err and REFRESH not in err


def test_online_without_any_token_names_the_refresh_token_variable(monkeypatch, online):
    so, em, keyring, data_dir = online
    keyring.delete_password(SERVICE_NAME, SUPEROFFICE_TOKEN)
    keyring.delete_password(SERVICE_NAME, SUPEROFFICE_REFRESH_TOKEN)
    code, out, err = _run(monkeypatch, keyring, "sync")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "LEGALBASIS_SYNC_SUPEROFFICE_TOKEN" in err and REFRESH_TOKEN_VARIABLE in err


def test_a_refresh_token_without_an_application_id_is_a_configuration_error(monkeypatch, online):
    so, em, keyring, data_dir = online
    with Store.open(data_dir) as store:
        store.save_settings({"superoffice_client_id": None})
    code, out, err = _run(monkeypatch, keyring, "sync")
    assert code == 2 and "LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID" in err and so.tokens == set()


def test_a_missing_api_key_is_told_before_the_token_endpoint_is_asked(online):
    so, em, keyring, data_dir = online
    config = resolve_config(
        {
            "crm": "online",
            "enabled": True,
            "superoffice_url": so.base_url,
            "superoffice_client_id": CLIENT_ID,
            "superoffice_state_url": so.state_url,
        },
        {},
        data_dir,
    )
    from desktop_app.config import ConfigError

    with pytest.raises(ConfigError, match="eMarketeer API key"):
        headless_credentials(config, InMemorySecretStore({SUPEROFFICE_REFRESH_TOKEN: REFRESH}), {})
    assert so.tokens == set()


def test_the_refresher_never_shows_a_token_and_follows_a_rotation(online):
    so, em, keyring, data_dir = online
    so.rotate_refresh_tokens = True
    kept = []
    refresher = TokenRefresher(so.token_url, CLIENT_ID, REFRESH, keep=kept.append)
    first, second = refresher(), refresher()  # the second call must use the rotated token, or it would fail
    assert first != second and {first, second} <= so.tokens and refresher.rotated
    assert REFRESH not in repr(refresher) and all(t.refresh_token not in repr(refresher) for t in kept)
    assert len(kept) == 2


def test_the_window_and_the_command_line_share_one_refresher(online):
    from desktop_app.sync import worker

    so, em, keyring, data_dir = online
    config = resolve_config(
        {
            "crm": "online",
            "enabled": True,
            "superoffice_url": so.base_url,
            "superoffice_client_id": CLIENT_ID,
            "superoffice_state_url": so.state_url,
        },
        {},
        data_dir,
    )
    secrets = InMemorySecretStore(
        {SUPEROFFICE_TOKEN: STALE_ACCESS, SUPEROFFICE_REFRESH_TOKEN: REFRESH, EMARKETEER_API_KEY: API_KEY}
    )
    credentials = worker.prepare_credentials(config, secrets)
    assert isinstance(credentials, RefreshingCredentials)
    assert isinstance(credentials.superoffice_token_refresher, TokenRefresher)
    assert credentials.superoffice_token == STALE_ACCESS  # the window renews on the first 401, not before


def test_help_names_the_refresh_token_variable():
    for command in ("sync", "send"):
        out = io.StringIO()
        import contextlib

        with contextlib.redirect_stdout(out):
            assert cli.main([command, "--help"]) == 0
        text = " ".join(out.getvalue().split())
        assert REFRESH_TOKEN_VARIABLE in text and " ".join(HELP_TEXT.split()) in text
