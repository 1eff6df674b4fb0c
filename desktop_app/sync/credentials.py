"""SuperOffice Online's one-hour access token, renewed with the refresh token: for the window and the command line.

Qt-free, so the window's worker (`prepare_credentials`) and the headless commands (`sync`, `send`:
`headless_credentials`) share one refresher. The engine's SuperOffice connector calls the
refresher on a 401 (`token_refresher`); the command line also calls it once before the run,
because a server keeps no access token that is still valid 30 minutes later.

Where the refresh token comes from, and where a rotated one goes:

- the keyring (the window's sign-in, same machine and user): a new access token, and a new refresh
  token when the token endpoint answers one, are saved back to the keyring, as long as it still holds
  the sign-in the run started from (a sign-in applied during the run wins: `_keeper`);
- `LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN` (headless only): used, never stored (shared/CLI.md). If
  the token endpoint rotates it, the run goes on with the new one and says on stderr, in one
  sentence, that the variable must be updated. The api notes do not say whether SuperOffice rotates
  refresh tokens; `superoffice_oauth.TokenSet.refresh_token` is None when it does not, and the
  simulator does not unless told to (`rotate_refresh_tokens`).

An access token in `LEGALBASIS_SYNC_SUPEROFFICE_TOKEN` wins for that run: it is used as given and
not renewed. No token ever appears in a repr, a message or a log line (R19).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import CRM_ONLINE, AppConfig, ConfigError, Credentials, resolve_credentials, setting
from ..domain.messages import Message
from ..domain.model import System, utc_now
from ..secrets import (
    KEYRING_TOKENS_LOCK,
    SECRET_ENVIRONMENT,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    KeyringUnavailable,
    SecretStore,
)
from .pause import Pause, keep_asked_pause, keep_asked_pause_in, kept_pauses, pause_in_force

if TYPE_CHECKING:
    import httpx

    from ..connectors.http import CancelToken
    from ..connectors.superoffice_oauth import TokenSet
    from ..store import Store

log = logging.getLogger(__name__)

REFRESH_TOKEN_VARIABLE = "LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN"
ACCESS_TOKEN_VARIABLE = SECRET_ENVIRONMENT[SUPEROFFICE_TOKEN]
CLIENT_ID_VARIABLE = "LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID"
# Each SuperOffice environment has its own application id (issue 10): the setting for each.
_CLIENT_ID_KEYS = {
    "online": "superoffice_client_id",
    "qaonline": "superoffice_client_id_qaonline",
    "sod": "superoffice_client_id_sod",
}
FROM_KEYRING, FROM_ENVIRONMENT = "keyring", "environment"

HELP_TEXT = (
    f"SuperOffice Online: each run renews the one-hour access token with the refresh token that the "
    f"window's sign-in saved in this user's keyring, or with {REFRESH_TOKEN_VARIABLE} (plus "
    f"{CLIENT_ID_VARIABLE} when no window saved the application id); {ACCESS_TOKEN_VARIABLE}, when set, "
    f"is used as is instead."
)


@dataclass(frozen=True, repr=False)
class RefreshingCredentials(Credentials):
    """Credentials plus a way to renew an expired SuperOffice Online access token (the factory looks for it)."""

    superoffice_token_refresher: Callable[[], str] | None = None


class TokenRefresher:
    """Calls the token endpoint with the refresh token; a callable the SuperOffice connector takes as `token_refresher`.

    A rotated refresh token replaces the one held here at once (the old one may no longer work) and is
    handed to `keep` with the rest of the answer; `rotated` says whether that happened.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        refresh_token: str,
        *,
        timeout: float = 30.0,
        keep: Callable[[TokenSet], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._refresh_token = refresh_token
        self.timeout = timeout
        self._keep = keep
        self._transport = transport
        self._lock = threading.Lock()
        self.rotated = False

    @classmethod
    def for_config(cls, config: AppConfig, refresh_token: str, **kwargs: Any) -> "TokenRefresher":
        from ..connectors.superoffice_oauth import OAuthEndpoints

        token_url = OAuthEndpoints.from_state_url(config.superoffice_state_address).token_url
        return cls(
            token_url,
            config.superoffice_application_id,
            refresh_token,
            timeout=float(config.request_timeout_seconds),
            **kwargs,
        )

    def __call__(self, cancel: CancelToken | None = None) -> str:
        """A new access token; SignInError (SignInExpired for an expired or revoked refresh token) otherwise;
        CancelledError when `cancel` (the run's Stop) is set while the token endpoint is slow to answer."""
        from ..connectors.superoffice_oauth import refresh_access_token

        with self._lock:  # the connector calls it under its own lock too; this keeps the rotation in order
            tokens = refresh_access_token(
                self.token_url,
                self.client_id,
                self._refresh_token,
                timeout=self.timeout,
                transport=self._transport,
                cancel=cancel,
            )
            if tokens.refresh_token and tokens.refresh_token != self._refresh_token:
                self._refresh_token = tokens.refresh_token
                self.rotated = True
            if self._keep is not None:
                self._keep(tokens)
            return tokens.access_token

    def __repr__(self) -> str:
        return f"TokenRefresher(token_url={self.token_url!r}, refresh_token='***', rotated={self.rotated!r})"

    __str__ = __repr__


def _keeper(secret_store: SecretStore, refresh_token: str) -> Callable[[TokenSet], None]:
    """Saves a renewed access token, and a rotated refresh token, in `secret_store` (the keyring, never the
    environment), while the keyring still holds the sign-in the run started from: `refresh_token`, and the access token
    held now, as the run starts.

    A sign-in applied in Settings during the run (or a sign-out) replaced them: the newer one wins (R2) and the run's
    renewals go on in memory only, a refresh token SuperOffice rotated included. Both tokens are compared because
    Apply writes the access token first, or alone when the sign-in's answer held no refresh token. The refresh token
    is written first: a keyring refusing the second write then leaves a token pair that still renews.
    """
    try:
        access_token = secret_store.get(SUPEROFFICE_TOKEN)
    except KeyringUnavailable:
        access_token = None  # nothing to compare with: nothing will be kept, as nothing could be read
    held = {SUPEROFFICE_TOKEN: access_token, SUPEROFFICE_REFRESH_TOKEN: refresh_token}

    def keep(tokens: TokenSet) -> None:
        with KEYRING_TOKENS_LOCK:
            try:
                if any(secret_store.get(name) != value for name, value in held.items()):
                    log.debug("The renewed SuperOffice token was not kept: the keyring holds a newer sign-in.")
                    return
                if tokens.refresh_token:
                    secret_store.set(SUPEROFFICE_REFRESH_TOKEN, tokens.refresh_token)
                    held[SUPEROFFICE_REFRESH_TOKEN] = tokens.refresh_token
                secret_store.set(SUPEROFFICE_TOKEN, tokens.access_token)
                held[SUPEROFFICE_TOKEN] = tokens.access_token
            except KeyringUnavailable as exc:
                log.warning("The renewed SuperOffice token could not be kept: %s", exc.user_message)

    return keep


def _with_refresher(credentials: Credentials, refresher: Callable[[], str], token: str | None = None) -> Credentials:
    return RefreshingCredentials(
        emarketeer_api_key=credentials.emarketeer_api_key,
        superoffice_password=credentials.superoffice_password,
        superoffice_token=token if token is not None else credentials.superoffice_token,
        superoffice_token_refresher=refresher,
    )


# ---------------------------------------------------------------- the window


def prepare_credentials(config: AppConfig, secret_store: SecretStore) -> Credentials:
    """On the GUI thread, before a run: the secrets the run needs; ConfigError or KeyringUnavailable otherwise.

    For SuperOffice Online with a saved refresh token, the run also gets a refresher: it asks the
    token endpoint for a new access token on a 401 and keeps it in the keyring for the next run.
    """
    credentials = resolve_credentials(config, secret_store)
    if config.crm != CRM_ONLINE or not config.superoffice_application_id:
        return credentials
    try:
        refresh_token = secret_store.get(SUPEROFFICE_REFRESH_TOKEN)
    except KeyringUnavailable:
        refresh_token = None
    if not refresh_token:
        return credentials
    # Runs on the worker thread, inside the connector's own lock: one refresh at a time.
    keyring = getattr(secret_store, "inner", secret_store)  # behind the environment's variables
    refresher = TokenRefresher.for_config(config, refresh_token, keep=_keeper(keyring, refresh_token))
    return _with_refresher(credentials, refresher)


# ---------------------------------------------------------------- the command line


class _Overlay:
    """A secret store that answers some names itself and asks `inner` for the rest (read-only)."""

    def __init__(self, inner: SecretStore, values: Mapping[str, str]) -> None:
        self._inner = inner
        self._values = dict(values)

    def get(self, name: str) -> str | None:
        return self._values[name] if name in self._values else self._inner.get(name)

    def set(self, name: str, value: str) -> None:  # pragma: no cover - resolve_credentials only reads
        raise NotImplementedError

    def delete(self, name: str) -> None:  # pragma: no cover - resolve_credentials only reads
        raise NotImplementedError

    def __repr__(self) -> str:
        return "_Overlay(***)"


def headless_credentials(
    config: AppConfig,
    secret_store: SecretStore,
    environ: Mapping[str, str] | None = None,
    *,
    notice: Callable[[str], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Credentials:
    """The secrets for `sync` / `send`, with SuperOffice Online's access token renewed first when a refresh token exists.

    `secret_store` is the app's (environment first, then the keyring: `default_secret_store`).
    Raises ConfigError (exit 2) for missing settings, KeyringUnavailable, or SignInError (a
    ConnectorError: exit 1, the run could not authenticate) when the token endpoint refuses. `notice`
    gets the one sentence about a rotated environment token (stderr).
    """
    return headless_sign_in(config, secret_store, environ, notice=notice, transport=transport).renew()


class HeadlessSignIn:
    """The secrets for a headless command, checked, with SuperOffice Online's renewal still to do (`renew`).

    Two steps, so that a command tells a missing setting before it takes the run lock or opens the history, and
    renews only once the history is open: the renewal honours a vendor's pause kept there and keeps the one the
    token endpoint asks for (sync/pause.py), as a run does.
    """

    def __init__(
        self,
        credentials: Credentials,
        refresher: TokenRefresher | None = None,
        origin: str = FROM_KEYRING,
    ) -> None:
        self._credentials = credentials
        self._refresher = refresher
        self._origin = origin

    def renew(self, store: Store | None = None, clock: Callable[[], datetime] = utc_now) -> Credentials:
        """The run's credentials. With `store` (the history, under the run lock for `sync`): while a vendor's pause is
        in force (no sync starts then), no request to the token endpoint (the connector renews on a 401 should one
        come to be sent); a long Retry-After from it is kept as the engine keeps one (`keep_asked_pause`) and raised as
        SignInPaused with the run's sentence for it."""
        refresher = self._refresher
        if refresher is None:
            return self._credentials
        if store is not None:
            now = clock()
            pause = pause_in_force(store, now)
            if pause is not None:
                log.info("SuperOffice Online sign-in not renewed: %s", pause.sentence(now))
                return _with_refresher(self._credentials, refresher, "")
        return self._ask(refresher, store, clock)

    def for_check(
        self, data_dir: Path | str | None, clock: Callable[[], datetime] = utc_now
    ) -> tuple[Credentials, dict[System, Pause]]:
        """`check`'s credentials, and each vendor's pause in force, which the check waits for (sync/setup_check.py).

        The token endpoint is asked only while SuperOffice has no pause in force (an eMarketeer pause does not keep
        SuperOffice from being checked). A pause it asks for is kept in the history when there is one of this
        release's schema (the check creates, upgrades and waits for none: `keep_asked_pause_in`), as `renew` keeps
        it, and waited for as a kept one is."""
        now = clock()
        pauses = kept_pauses(data_dir, now)
        refresher = self._refresher
        if refresher is None:
            return self._credentials, pauses
        if System.SUPEROFFICE in pauses:
            log.info("SuperOffice Online sign-in not renewed: %s", pauses[System.SUPEROFFICE].sentence(now))
            return _with_refresher(self._credentials, refresher, ""), pauses
        from ..connectors.superoffice_oauth import SignInPaused

        try:
            return self._ask(refresher, None, clock), pauses
        except SignInPaused as exc:
            # Kept without opening the history as a Store (which would upgrade an older release's file and wait on
            # its open lock): only in a history of this release's schema, and only when no run is writing it.
            now = clock()
            keep_asked_pause_in(data_dir, System.SUPEROFFICE, exc.retry_after, now)
            pauses[System.SUPEROFFICE] = Pause(System.SUPEROFFICE, now + timedelta(seconds=exc.retry_after))
            return _with_refresher(self._credentials, refresher, ""), pauses

    def _ask(self, refresher: TokenRefresher, store: Store | None, clock: Callable[[], datetime]) -> Credentials:
        """A new access token from the token endpoint (see `renew`)."""
        from ..connectors.superoffice_oauth import SignInExpired, SignInPaused

        try:
            access_token = refresher()
        except SignInExpired as exc:
            kind = "so_refresh_refused_env" if self._origin == FROM_ENVIRONMENT else "so_refresh_refused_keyring"
            message = Message.of(kind, variable=REFRESH_TOKEN_VARIABLE)
            log.warning("SuperOffice refresh token refused (%s); HTTP %s", self._origin, exc.status)
            raise SignInExpired(message, status=exc.status) from None
        except SignInPaused as exc:
            if store is None:
                raise
            # Kept as the engine keeps a pause (`_stop_for`): the scheduler, the next `sync` and sends ask nothing
            # of SuperOffice, its token endpoint included, before that time.
            said = keep_asked_pause(store, System.SUPEROFFICE, exc.retry_after, clock())
            log.warning("SuperOffice's token endpoint asked for a pause: %s", said.english())
            raise SignInPaused(said, retry_after=exc.retry_after, status=exc.status) from None
        log.info("Renewed the SuperOffice Online access token with the refresh token from the %s.", self._origin)
        return _with_refresher(self._credentials, refresher, access_token)

    def __repr__(self) -> str:
        return f"HeadlessSignIn(refresher={self._refresher!r})"

    __str__ = __repr__


def headless_sign_in(
    config: AppConfig,
    secret_store: SecretStore,
    environ: Mapping[str, str] | None = None,
    *,
    notice: Callable[[str], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> HeadlessSignIn:
    """Everything `headless_credentials` checks, without asking the token endpoint yet (`HeadlessSignIn.renew`)."""
    env = os.environ if environ is None else environ
    if config.crm != CRM_ONLINE or env.get(ACCESS_TOKEN_VARIABLE, ""):
        return HeadlessSignIn(resolve_credentials(config, secret_store))  # on-site, or an explicit access token
    refresh_token, origin = env.get(REFRESH_TOKEN_VARIABLE, "") or None, FROM_ENVIRONMENT
    if refresh_token is None:
        keyring = getattr(secret_store, "inner", secret_store)  # the environment's variables were looked at above
        try:
            refresh_token, origin = keyring.get(SUPEROFFICE_REFRESH_TOKEN) or None, FROM_KEYRING
        except KeyringUnavailable:
            refresh_token = None  # no keyring on this server: resolve_credentials tells what is missing
    if refresh_token is None:
        try:
            return HeadlessSignIn(resolve_credentials(config, secret_store))
        except ConfigError as exc:
            if SUPEROFFICE_TOKEN not in exc.missing:
                raise
            raise ConfigError(
                exc.user_message.rstrip(".") + f" (or set {REFRESH_TOKEN_VARIABLE}, or sign in once in "
                "the window as this user, so that each run renews the access token).",
                key=exc.key,
                missing=exc.missing,
            ) from None
    if not config.superoffice_application_id:
        key = _CLIENT_ID_KEYS.get(config.superoffice_environment, "superoffice_client_id")
        raise ConfigError(
            f"Cannot renew the SuperOffice Online sign-in: the application id is not set; set "
            f"{setting(key).env} or enter it in the window.",
            key=key,
            missing=(key,),
        )
    # Everything else first (a missing API key is found before the token endpoint is asked).
    credentials = resolve_credentials(config, _Overlay(secret_store, {SUPEROFFICE_TOKEN: "pending"}))
    refresher = TokenRefresher.for_config(
        config, refresh_token, transport=transport, keep=_headless_keeper(secret_store, origin, refresh_token, notice)
    )
    return HeadlessSignIn(credentials, refresher, origin)


def _headless_keeper(
    secret_store: SecretStore, origin: str, given: str, notice: Callable[[str], None] | None
) -> Callable[[TokenSet], None]:
    if origin == FROM_KEYRING:
        return _keeper(getattr(secret_store, "inner", secret_store), given)
    told = threading.Event()

    def keep(tokens: TokenSet) -> None:  # secrets from the environment are used, never stored (shared/CLI.md)
        if tokens.refresh_token and tokens.refresh_token != given and not told.is_set():
            told.set()
            message = (
                f"SuperOffice replaced the refresh token in {REFRESH_TOKEN_VARIABLE} with a new one, which "
                "this run used but did not store; the old one may stop working, so sign in again in the "
                "window and put its new refresh token in that variable."
            )
            log.warning(message)
            if notice is not None:
                notice(message)

    return keep


__all__ = [
    "ACCESS_TOKEN_VARIABLE",
    "CLIENT_ID_VARIABLE",
    "HELP_TEXT",
    "REFRESH_TOKEN_VARIABLE",
    "HeadlessSignIn",
    "RefreshingCredentials",
    "TokenRefresher",
    "headless_credentials",
    "headless_sign_in",
    "prepare_credentials",
]
