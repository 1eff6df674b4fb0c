"""A run's token renewal never undoes a SuperOffice Online sign-in applied while the run was going (R2, R19).

The admin signs in again in Settings (another tenant, or another user after "sign-in expired") and presses Apply
changes while a sync, a send or `legalbasis-sync sync` / `send --due` / `check` runs. When that run's one-hour access
token runs out, its refresher renews the OLD sign-in. Before the fix it wrote the old sign-in's access and refresh
tokens over the ones just applied: the fresh sign-in was lost without a word, and the next run went to the new
tenant's address with the old tenant's token (401, "sign in again"), or, on the same tenant, with the old user's
rights. R2: what was applied stays applied; R19: the keyring is the secrets' only home, so what it holds is what the
admin applied. The renewed tokens are kept only while the keyring still holds the sign-in the run started from; a
refresh token SuperOffice rotated stays with the run then (api notes: it may or may not rotate), the newer sign-in
wins. The keyring is an InMemorySecretStore, or the app's KeyringSecretStore over test_secrets.py's in-memory
backend; the token endpoint is the simulator's.
"""

from __future__ import annotations

import io
import logging

import pytest
from engine_support import T0
from test_secrets import DictKeyring

from desktop_app import cli
from desktop_app.config import resolve_config
from desktop_app.connectors import superoffice_oauth
from desktop_app.connectors.superoffice_oauth import TokenSet
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SERVICE_NAME,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    EnvironmentSecretStore,
    InMemorySecretStore,
    KeyringSecretStore,
)
from desktop_app.simulators import SimClock, SuperOfficeSimulator
from desktop_app.store import Store
from desktop_app.sync.credentials import headless_sign_in, prepare_credentials

OLD_ACCESS = "race-old-access-Zx17"
OLD_REFRESH = "race-old-refresh-Vb29"
NEW_ACCESS = "race-new-access-Lk38"
NEW_REFRESH = "race-new-refresh-Hj46"
API_KEY = "race-apikey-Qp55"
CLIENT_ID = "legalbasis-sync-test-app"


@pytest.fixture
def so():
    """SuperOffice's token endpoint, knowing the old sign-in's refresh token and the new one's."""
    simulator = SuperOfficeSimulator(
        clock=SimClock(start=T0), tokens=set(), refresh_tokens={OLD_REFRESH, NEW_REFRESH}, creation_default=None
    )
    simulator.start()
    yield simulator
    simulator.stop()


def _settings(so):
    return {
        "crm": "online",
        "enabled": True,
        "superoffice_url": so.base_url,
        "superoffice_client_id": CLIENT_ID,
        "superoffice_state_url": so.state_url,
    }


OLD_SIGN_IN = {SUPEROFFICE_TOKEN: OLD_ACCESS, SUPEROFFICE_REFRESH_TOKEN: OLD_REFRESH, EMARKETEER_API_KEY: API_KEY}


def _keyring_of_the_old_sign_in():
    return InMemorySecretStore(OLD_SIGN_IN)


def _real_keyring_of_the_old_sign_in():
    """The app's KeyringSecretStore over test_secrets.py's in-memory backend, behind the environment's variables."""
    backend = DictKeyring()
    for name, value in OLD_SIGN_IN.items():
        backend.set_password(SERVICE_NAME, name, value)
    return EnvironmentSecretStore(KeyringSecretStore(backend=backend), {})


def _apply_new_sign_in(keyring):
    """Settings > Sign in, then Apply changes: the presenter writes the access token, then the refresh token."""
    keyring.set(SUPEROFFICE_TOKEN, NEW_ACCESS)
    keyring.set(SUPEROFFICE_REFRESH_TOKEN, NEW_REFRESH)


def _held(keyring):
    return keyring.get(SUPEROFFICE_TOKEN), keyring.get(SUPEROFFICE_REFRESH_TOKEN)


def _window_refresher(so, keyring, tmp_path):
    credentials = prepare_credentials(resolve_config(_settings(so), {}, tmp_path), keyring)  # as the run starts
    refresher = credentials.superoffice_token_refresher
    assert refresher is not None
    return refresher


def test_a_run_renewing_its_token_does_not_undo_a_sign_in_applied_meanwhile(tmp_path, monkeypatch):
    """The reviewer's case as written: the token endpoint renews the old sign-in after the new one was applied."""
    config = resolve_config(
        {
            "crm": "online",
            "enabled": True,
            "superoffice_url": "https://sod.superoffice.com/Cust1111/api",
            "superoffice_client_id": "app-id",
        },
        environ={},
        data_dir=tmp_path,
    )
    keyring = InMemorySecretStore(
        {SUPEROFFICE_TOKEN: "old-access", SUPEROFFICE_REFRESH_TOKEN: "old-refresh", "emarketeer_api_key": "k"}
    )
    credentials = prepare_credentials(config, keyring)  # on the GUI thread, as the run starts
    refresher = credentials.superoffice_token_refresher
    assert refresher is not None

    keyring.set(SUPEROFFICE_TOKEN, "new-access")
    keyring.set(SUPEROFFICE_REFRESH_TOKEN, "new-refresh")

    monkeypatch.setattr(
        superoffice_oauth,
        "refresh_access_token",
        lambda url, client, refresh, **kw: TokenSet("old-access-2", "old-refresh-2"),
    )
    refresher()

    assert _held(keyring) == ("new-access", "new-refresh"), (
        "the running sync wrote the old sign-in's tokens over the sign-in applied during it"
    )


@pytest.mark.parametrize("rotate", [False, True], ids=["kept-refresh-token", "rotated-refresh-token"])
def test_the_window_run_keeps_its_renewal_only_while_its_sign_in_is_in_the_keyring(so, tmp_path, rotate, caplog):
    so.rotate_refresh_tokens = rotate
    keyring = _keyring_of_the_old_sign_in()
    refresher = _window_refresher(so, keyring, tmp_path)

    first = refresher()  # no sign-in yet: kept for the window and the next run, as before
    assert keyring.get(SUPEROFFICE_TOKEN) == first
    rotated = keyring.get(SUPEROFFICE_REFRESH_TOKEN)
    assert (rotated != OLD_REFRESH) is rotate
    second = refresher()  # the run's next renewal compares with what it kept itself (a rotated token too)
    assert keyring.get(SUPEROFFICE_TOKEN) == second

    _apply_new_sign_in(keyring)
    caplog.set_level(logging.DEBUG)
    third = refresher()  # the run goes on with the old sign-in (its settings), in memory only
    assert third in so.tokens
    assert _held(keyring) == (NEW_ACCESS, NEW_REFRESH)
    refresher()
    assert _held(keyring) == (NEW_ACCESS, NEW_REFRESH)
    secrets = {OLD_ACCESS, OLD_REFRESH, NEW_ACCESS, NEW_REFRESH, rotated, first, second, third, *so.tokens}
    assert all(secret not in caplog.text for secret in secrets)


def test_a_sign_in_applied_half_way_is_not_overwritten_either(so, tmp_path):
    """Apply writes the access token first: a renewal between its two writes, or a sign-in whose answer held no
    refresh token (only the access token applied), must not put the old sign-in's access token back."""
    keyring = _keyring_of_the_old_sign_in()
    refresher = _window_refresher(so, keyring, tmp_path)
    keyring.set(SUPEROFFICE_TOKEN, NEW_ACCESS)
    refresher()
    assert _held(keyring) == (NEW_ACCESS, OLD_REFRESH)


def test_a_refresh_token_removed_during_the_run_is_not_brought_back(so, tmp_path):
    keyring = _keyring_of_the_old_sign_in()
    refresher = _window_refresher(so, keyring, tmp_path)
    keyring.delete(SUPEROFFICE_TOKEN)
    keyring.delete(SUPEROFFICE_REFRESH_TOKEN)
    refresher()
    assert _held(keyring) == (None, None)


def test_a_headless_renewal_does_not_undo_a_sign_in_applied_meanwhile(so, _isolated_environment):
    """`sync`, `send --due` and `check` renew through the same refresher (headless_sign_in), at the start and on a
    401, with the keyring behind the environment's variables."""
    store = _real_keyring_of_the_old_sign_in()
    config = resolve_config(_settings(so), {}, _isolated_environment)
    sign_in = headless_sign_in(config, store, {})
    _apply_new_sign_in(store)  # the window, in another process, applies a sign-in before this one renews
    credentials = sign_in.renew()
    assert credentials.superoffice_token in so.tokens  # the run itself goes on
    assert _held(store) == (NEW_ACCESS, NEW_REFRESH)


def test_a_headless_sync_still_keeps_its_renewal_and_rotation(so, _isolated_environment, monkeypatch):
    """The fix must not stop the ordinary case: no sign-in meanwhile, a rotated refresh token goes to the keyring."""
    so.rotate_refresh_tokens = True
    keyring = _real_keyring_of_the_old_sign_in()
    with Store.open(_isolated_environment) as store:
        store.save_settings(_settings(so))
    monkeypatch.setattr(cli, "default_secret_store", lambda environ=None: keyring)
    cli.main(["check"], io.StringIO(), io.StringIO())  # renews as `sync` and `send --due` do (headless_sign_in)
    access, refresh = _held(keyring)
    assert access in so.tokens and refresh in so.refresh_tokens and refresh != OLD_REFRESH
