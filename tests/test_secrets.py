"""R19: the secret store interface, environment precedence, no file fallback, and no secret in any text."""

from __future__ import annotations

import logging

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from desktop_app import secrets
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SECRET_NAMES,
    SERVICE_NAME,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    EnvironmentSecretStore,
    InMemorySecretStore,
    KeyringSecretStore,
    KeyringUnavailable,
    SecretStore,
    default_secret_store,
)

SECRET = "s3cr3t-value-Åäö"


class DictKeyring(KeyringBackend):
    """A keyring backend in a dict: the OS keyring's boundary, faked for the unit tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LockedKeyring(DictKeyring):
    def get_password(self, service, username):
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service, username, password):
        raise KeyringLocked("Failed to unlock the collection!")


class EmptyChainer(chainer.ChainerBackend):
    backends = []  # what keyring's chainer holds on a machine with no real backend


def test_secret_names_are_the_four_of_r19():
    assert set(SECRET_NAMES) == {SUPEROFFICE_PASSWORD, SUPEROFFICE_TOKEN, SUPEROFFICE_REFRESH_TOKEN, EMARKETEER_API_KEY}
    assert SERVICE_NAME == "legalbasis-sync"


@pytest.mark.parametrize("store_factory", [InMemorySecretStore, lambda: KeyringSecretStore(backend=DictKeyring())])
def test_round_trip(store_factory):
    store = store_factory()
    assert isinstance(store, SecretStore)
    for name in SECRET_NAMES:
        assert store.get(name) is None
        store.set(name, SECRET + name)
    for name in SECRET_NAMES:
        assert store.get(name) == SECRET + name
    store.set(EMARKETEER_API_KEY, "replaced")
    assert store.get(EMARKETEER_API_KEY) == "replaced"
    store.delete(EMARKETEER_API_KEY)
    assert store.get(EMARKETEER_API_KEY) is None
    store.delete(EMARKETEER_API_KEY)  # deleting what is not there is fine
    store.set(SUPEROFFICE_TOKEN, "")  # an empty value forgets the secret
    assert store.get(SUPEROFFICE_TOKEN) is None


def test_keyring_store_uses_the_service_name_and_secret_name():
    backend = DictKeyring()
    KeyringSecretStore(backend=backend).set(SUPEROFFICE_PASSWORD, SECRET)
    assert backend.items == {(SERVICE_NAME, SUPEROFFICE_PASSWORD): SECRET}


@pytest.mark.parametrize("store", [InMemorySecretStore(), KeyringSecretStore(backend=DictKeyring())])
def test_unknown_names_and_non_strings_are_refused(store):
    with pytest.raises(ValueError, match="Unknown secret name"):
        store.get("password")
    with pytest.raises(ValueError):
        store.set("api_key", SECRET)
    with pytest.raises(TypeError) as info:
        store.set(EMARKETEER_API_KEY, 12345)
    assert "12345" not in str(info.value)


@pytest.mark.parametrize(
    "backend", [fail.Keyring(), null.Keyring(), EmptyChainer()], ids=["fail", "null", "empty-chainer"]
)
def test_no_usable_keyring_is_told_plainly_and_nothing_is_written_to_a_file(backend, tmp_path):
    before = sorted(p for p in tmp_path.rglob("*"))
    store = KeyringSecretStore(backend=backend)
    for action in (
        lambda: store.get(EMARKETEER_API_KEY),
        lambda: store.set(EMARKETEER_API_KEY, SECRET),
        lambda: store.delete(EMARKETEER_API_KEY),
    ):
        with pytest.raises(KeyringUnavailable) as info:
            action()
        message = info.value.user_message
        assert message.endswith(".") and "\n" not in message
        assert "keyring" in message and "never stored in a file" in message
        assert SECRET not in message
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_the_tests_own_default_keyring_is_the_fail_backend():
    # conftest makes keyring's auto-detection land on "fail", so no test touches a real keyring.
    with pytest.raises(KeyringUnavailable):
        KeyringSecretStore().get(EMARKETEER_API_KEY)


def test_a_locked_keyring_says_so_without_the_secret():
    store = KeyringSecretStore(backend=LockedKeyring())
    with pytest.raises(KeyringUnavailable) as info:
        store.set(SUPEROFFICE_PASSWORD, SECRET)
    assert info.value.user_message == (
        "The system keyring is locked, so the SuperOffice password could not be stored; unlock it and try again."
    )
    with pytest.raises(KeyringUnavailable, match="could not be read"):
        store.get(SUPEROFFICE_PASSWORD)


def test_environment_takes_precedence_for_reading_and_is_never_written():
    inner = InMemorySecretStore({EMARKETEER_API_KEY: "from-keyring", SUPEROFFICE_PASSWORD: "kept-pw"})
    environ = {"LEGALBASIS_SYNC_EMARKETEER_API_KEY": "from-env", "LEGALBASIS_SYNC_SUPEROFFICE_TOKEN": "env-token"}
    snapshot = dict(environ)
    store = EnvironmentSecretStore(inner, environ)
    assert store.get(EMARKETEER_API_KEY) == "from-env"
    assert store.get(SUPEROFFICE_TOKEN) == "env-token"
    assert store.get(SUPEROFFICE_PASSWORD) == "kept-pw"
    assert store.get(SUPEROFFICE_REFRESH_TOKEN) is None
    store.set(EMARKETEER_API_KEY, "typed-in")
    assert inner.get(EMARKETEER_API_KEY) == "typed-in"
    assert store.get(EMARKETEER_API_KEY) == "from-env"  # the environment still wins
    store.delete(SUPEROFFICE_TOKEN)
    assert environ == snapshot  # never written, never removed
    assert store.get(SUPEROFFICE_TOKEN) == "env-token"


def test_environment_secret_does_not_touch_the_keyring():
    environ = {"LEGALBASIS_SYNC_EMARKETEER_API_KEY": "from-env"}
    store = EnvironmentSecretStore(KeyringSecretStore(backend=fail.Keyring()), environ)
    assert store.get(EMARKETEER_API_KEY) == "from-env"
    with pytest.raises(KeyringUnavailable):
        store.get(SUPEROFFICE_PASSWORD)


def test_an_empty_environment_variable_counts_as_unset():
    inner = InMemorySecretStore({EMARKETEER_API_KEY: "from-keyring"})
    store = EnvironmentSecretStore(inner, {"LEGALBASIS_SYNC_EMARKETEER_API_KEY": ""})
    assert store.get(EMARKETEER_API_KEY) == "from-keyring"


def test_default_store_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv("LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD", SECRET)
    assert default_secret_store().get(SUPEROFFICE_PASSWORD) == SECRET


def test_no_secret_in_repr_str_or_log(caplog):
    caplog.set_level(logging.DEBUG)
    memory = InMemorySecretStore({EMARKETEER_API_KEY: SECRET})
    keyring_store = KeyringSecretStore(backend=DictKeyring())
    keyring_store.set(SUPEROFFICE_PASSWORD, SECRET)
    keyring_store.get(SUPEROFFICE_PASSWORD)
    keyring_store.delete(SUPEROFFICE_PASSWORD)
    env_store = EnvironmentSecretStore(memory, {"LEGALBASIS_SYNC_SUPEROFFICE_TOKEN": SECRET})
    env_store.get(SUPEROFFICE_TOKEN)
    texts = [repr(memory), str(memory), repr(keyring_store), repr(env_store), str(env_store), caplog.text]
    assert all(SECRET not in text for text in texts)


def test_usable_backend_check():
    assert secrets.is_usable_backend(DictKeyring())
    assert not secrets.is_usable_backend(fail.Keyring())
    assert not secrets.is_usable_backend(null.Keyring())
    assert not secrets.is_usable_backend(EmptyChainer())

    class FileKeyring(DictKeyring):
        pass

    FileKeyring.__module__ = "keyrings.alt.file"  # how keyrings.alt's plain-text files look to us
    assert not secrets.is_usable_backend(FileKeyring())
