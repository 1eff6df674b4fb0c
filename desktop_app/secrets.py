"""Secrets (R19): passwords, tokens and API keys live only in the OS keyring, behind a small interface.

Reading also looks at the environment variables of shared/CLI.md first (headless use); those are
used, never written anywhere. No value ever appears in a repr, a message or a log line. When no
usable keyring exists the app says so (`KeyringUnavailable`): it never falls back to a file.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from .domain.messages import Message
from .errors import AppError

SERVICE_NAME = "legalbasis-sync"

# Secret names: the keyring entry's "username" under SERVICE_NAME.
SUPEROFFICE_PASSWORD = "superoffice_password"  # on-site Basic authentication
SUPEROFFICE_TOKEN = "superoffice_token"  # Online bearer access token
SUPEROFFICE_REFRESH_TOKEN = "superoffice_refresh_token"  # Online refresh token (the window's sign-in)
EMARKETEER_API_KEY = "emarketeer_api_key"

# The sign-in's tokens are written by a run's renewal (sync/credentials._keeper, after checking that the keyring still
# holds the sign-in it started from) and by the Settings' Apply: each takes this lock around its writes, so that
# neither falls between the other's check and write in this process.
KEYRING_TOKENS_LOCK = threading.Lock()

SECRET_NAMES: tuple[str, ...] = (
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_TOKEN,
    SUPEROFFICE_REFRESH_TOKEN,
    EMARKETEER_API_KEY,
)

# The environment variables that override the keyring for reading (shared/CLI.md).
SECRET_ENVIRONMENT: Mapping[str, str] = {
    SUPEROFFICE_PASSWORD: "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD",
    SUPEROFFICE_TOKEN: "LEGALBASIS_SYNC_SUPEROFFICE_TOKEN",
    EMARKETEER_API_KEY: "LEGALBASIS_SYNC_EMARKETEER_API_KEY",
}

SECRET_LABELS: Mapping[str, str] = {
    SUPEROFFICE_PASSWORD: "the SuperOffice password",
    SUPEROFFICE_TOKEN: "the SuperOffice Online access token",
    SUPEROFFICE_REFRESH_TOKEN: "the SuperOffice Online refresh token",
    EMARKETEER_API_KEY: "the eMarketeer API key",
}

# The same names, as message kinds (domain/service_kinds.py): the window says them in its language.
_SECRET_KINDS: Mapping[str, str] = {
    SUPEROFFICE_PASSWORD: "secret_so_password",
    SUPEROFFICE_TOKEN: "secret_so_token",
    SUPEROFFICE_REFRESH_TOKEN: "secret_so_refresh",
    EMARKETEER_API_KEY: "secret_em_key",
}


def secret_what(name: str) -> Message:
    """A secret's name as a message ("the eMarketeer API key"), to say in the window's language."""
    return Message.of(_SECRET_KINDS[name])


log = logging.getLogger(__name__)


class KeyringUnavailable(AppError, RuntimeError):
    """No usable OS keyring: none installed, none running, locked, or it refused the request."""

    exit_code = 2  # the machine is not set up for secrets: a configuration problem


@runtime_checkable
class SecretStore(Protocol):
    """Where secrets are read and written; `set` with an empty value forgets the secret."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class KeyringBackendLike(Protocol):
    """What is used of a keyring backend: keyring's own `KeyringBackend`, or a test's stand-in."""

    def get_password(self, service: str, username: str, /) -> str | None: ...

    def set_password(self, service: str, username: str, password: str, /) -> None: ...

    def delete_password(self, service: str, username: str, /) -> None: ...


def _check_name(name: str) -> None:
    if name not in SECRET_NAMES:
        raise ValueError(f"Unknown secret name {name!r}; expected one of {', '.join(SECRET_NAMES)}.")


def _check_value(value: object) -> None:
    if not isinstance(value, str):
        # The type only: the value itself might be the secret.
        raise TypeError(f"A secret must be a string, not {type(value).__name__}.")


class InMemorySecretStore:
    """A secret store in a dict, for tests and demo mode."""

    def __init__(self, initial: Mapping[str, str] | None = None) -> None:
        self._values: dict[str, str] = {}
        for name, value in (initial or {}).items():
            self.set(name, value)

    def get(self, name: str) -> str | None:
        _check_name(name)
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        _check_name(name)
        _check_value(value)
        if value:
            self._values[name] = value
        else:
            self._values.pop(name, None)

    def delete(self, name: str) -> None:
        _check_name(name)
        self._values.pop(name, None)

    def __repr__(self) -> str:
        return f"InMemorySecretStore(names={sorted(self._values)!r})"


class KeyringSecretStore:
    """Secrets in the OS keyring (Secret Service, KWallet, Windows Credential Locker, macOS Keychain).

    The backend is looked up on first use, not at construction, so building the store costs
    nothing and a machine without a keyring fails only when a secret is actually needed.
    """

    def __init__(self, service: str = SERVICE_NAME, backend: KeyringBackendLike | None = None) -> None:
        self.service = service
        self._backend = backend

    def get(self, name: str) -> str | None:
        _check_name(name)
        backend = self._usable_backend()
        try:
            return backend.get_password(self.service, name)
        except Exception as exc:  # the keyring is a process boundary: any failure is "unavailable"
            raise _unavailable(exc, "read", name) from None

    def set(self, name: str, value: str) -> None:
        _check_name(name)
        _check_value(value)
        if not value:
            self.delete(name)
            return
        backend = self._usable_backend()
        try:
            backend.set_password(self.service, name, value)
        except Exception as exc:
            raise _unavailable(exc, "store", name) from None
        log.info("Stored %s in the keyring (%s).", SECRET_LABELS[name], backend_name(backend))

    def delete(self, name: str) -> None:
        _check_name(name)
        backend = self._usable_backend()
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(self.service, name)
        except PasswordDeleteError:
            return  # nothing stored under that name: already forgotten
        except Exception as exc:
            raise _unavailable(exc, "delete", name) from None
        log.info("Removed %s from the keyring (%s).", SECRET_LABELS[name], backend_name(backend))

    @property
    def backend(self) -> KeyringBackendLike:
        """The keyring backend in use; raises KeyringUnavailable when there is no usable one."""
        return self._usable_backend()

    def _usable_backend(self) -> KeyringBackendLike:
        if self._backend is None:
            import keyring

            try:
                self._backend = keyring.get_keyring()
            except Exception as exc:  # a broken keyring configuration (keyringrc.cfg, PYTHON_KEYRING_BACKEND)
                raise KeyringUnavailable(Message.of("keyring_setup", error=_describe(exc))) from None
        if not is_usable_backend(self._backend):
            raise KeyringUnavailable(
                Message.of(
                    "keyring_none",
                    backend=backend_name(self._backend),
                    names=", ".join(SECRET_ENVIRONMENT.values()),
                )
            )
        return self._backend

    def __repr__(self) -> str:
        return f"KeyringSecretStore(service={self.service!r})"


def is_usable_backend(backend: object) -> bool:
    """False for keyring's placeholders (fail, null, an empty chainer) and for any file-based backend."""
    from keyring.backends import chainer, fail

    if backend is None or isinstance(backend, fail.Keyring):
        return False
    module = type(backend).__module__
    if module == "keyring.backends.null" or module.startswith("keyrings.alt"):
        return False  # null forgets everything; keyrings.alt writes secrets to files
    if isinstance(backend, chainer.ChainerBackend):
        return any(is_usable_backend(b) for b in backend.backends)
    return True


def backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__.removeprefix('keyring.backends.')}.{cls.__qualname__}"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _unavailable(exc: BaseException, action: str, name: str) -> KeyringUnavailable:
    from keyring.errors import KeyringLocked

    what = Message.of(_SECRET_KINDS[name])
    if isinstance(exc, KeyringLocked):
        return KeyringUnavailable(Message.of(f"keyring_locked_{action}", what=what))
    # keyring's own messages never contain the secret; ours name the secret, never its value.
    return KeyringUnavailable(Message.of(f"keyring_refused_{action}", what=what, error=_describe(exc)))


class EnvironmentSecretStore:
    """Reads the CLI.md environment variables first, then the wrapped store; writes only to the wrapped store.

    An empty variable counts as unset, so `VAR=` in a service file does not hide the keyring.
    """

    def __init__(self, inner: SecretStore, environ: Mapping[str, str] | None = None) -> None:
        self.inner = inner
        self._environ = os.environ if environ is None else environ

    def from_environment(self, name: str) -> str | None:
        _check_name(name)
        variable = SECRET_ENVIRONMENT.get(name)
        value = self._environ.get(variable, "") if variable else ""
        return value or None

    def get(self, name: str) -> str | None:
        value = self.from_environment(name)
        return value if value is not None else self.inner.get(name)

    def set(self, name: str, value: str) -> None:
        self.inner.set(name, value)

    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def __repr__(self) -> str:
        return f"EnvironmentSecretStore({self.inner!r})"


def default_secret_store(environ: Mapping[str, str] | None = None) -> EnvironmentSecretStore:
    """The app's store: environment variables first, then the OS keyring."""
    return EnvironmentSecretStore(KeyringSecretStore(), environ)


CHECK_SERVICE_PREFIX = f"{SERVICE_NAME}-keyring-check-"
CHECK_ENTRY = "keyring-check"


def check_keyring(backend: KeyringBackendLike | None = None) -> str:
    """Store, read back and delete a random test secret: the backend's name, or KeyringUnavailable saying why not.

    For `legalbasis-sync keyring-check` (is a frozen build's keyring backend there and reachable?).
    The test entry lives under its own random service name, never under the app's `legalbasis-sync`,
    so the app's own secrets are neither read nor touched.
    """
    import uuid

    store = KeyringSecretStore(service=f"{CHECK_SERVICE_PREFIX}{uuid.uuid4().hex[:12]}", backend=backend)
    usable = store.backend  # raises KeyringUnavailable when there is none
    name = describe_backend(usable)
    value = uuid.uuid4().hex
    step = "store"
    try:
        usable.set_password(store.service, CHECK_ENTRY, value)
        step = "read back"
        read = usable.get_password(store.service, CHECK_ENTRY)
        step = "delete"
        usable.delete_password(store.service, CHECK_ENTRY)
        step = "read after deleting"
        left = usable.get_password(store.service, CHECK_ENTRY)
    except Exception as exc:
        raise KeyringUnavailable(
            f"The system keyring ({name}) could not {step} a test secret ({_describe(exc)})."
        ) from None
    if read != value:
        raise KeyringUnavailable(f"The system keyring ({name}) stored a test secret but gave back something else.")
    if left is not None:
        raise KeyringUnavailable(f"The system keyring ({name}) still had a test secret after deleting it.")
    return name


def describe_backend(backend: object) -> str:
    """The backend's name; a chainer's with the backends it chains ("chainer.ChainerBackend(SecretService.Keyring)")."""
    from keyring.backends import chainer

    name = backend_name(backend)
    if isinstance(backend, chainer.ChainerBackend):
        name += "(" + ", ".join(backend_name(b) for b in backend.backends) + ")"
    return name
