"""SuperOffice Online sign-in for a desktop app: OAuth 2 authorization code with PKCE (S256) and a loopback redirect.

The flow is Qt-free so it can be tested against a fake authorization server on loopback; the
window only opens the browser (`QDesktopServices.openUrl`) and runs `wait_for_code` / `exchange`
off the GUI thread. Tokens never show in a repr, a message or a log line (R19).

Where the endpoints live: SuperOffice's authority is `https://{env}.superoffice.com/login`
(`sod` for development, `online` for production). The app's settings already hold the state
service address (`https://online.superoffice.com/api/state/`), which names the same host, so the
authority is derived from it: a test environment (or the simulator) then needs one setting only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from ..domain.messages import Message
from ..domain.model import System
from ..urls import UrlProblem, check_http_url
from .errors import CancelledError, ConnectorError, PauseRequestedError, ServiceUnavailableError
from .http import ApiClient, CancelToken, RequestLimits

log = logging.getLogger(__name__)

SYSTEM = System.SUPEROFFICE
LOOPBACK_HOST = "127.0.0.1"
CALLBACK_PATH = "/callback"
SCOPE = "openid"
AUTHORIZE_PATH = "/login/common/oauth/authorize"
TOKENS_PATH = "/login/common/oauth/tokens"
# SuperOffice namespaces its own id_token claims; the short names are accepted too.
_CLAIM_PREFIX = "http://schemes.superoffice.net/identity/"
WEBAPI_URL_CLAIM = "webapi_url"
CUSTOMER_CLAIM = "ctx"
DEFAULT_SIGN_IN_TIMEOUT = 300.0  # seconds a person gets to finish signing in in the browser
_POLL_SECONDS = 0.2  # how often a wait looks at its cancel flag


class SignInError(ConnectorError):
    """The sign-in did not work; the message says why in one sentence, without any token."""

    def __init__(self, message: Message | str, *, status: int | None = None) -> None:
        super().__init__(message, system=SYSTEM, status=status)


class SignInExpired(SignInError):
    """The token endpoint answered `invalid_grant`: the refresh token has expired or was revoked."""


class SignInUnavailable(SignInError, ServiceUnavailableError):
    """The token endpoint or the state service did not answer properly, even after retries (503, 429, a timeout, no
    connection): the sign-in itself may be fine, so this is not "sign in again" but "try again later"."""


class SignInPaused(SignInUnavailable, PauseRequestedError):
    """The token endpoint or the state service asked to be left alone longer than a retry waits (Retry-After): a
    sign-in error for the window, and a pause the engine keeps (`retry_after`), so nothing asks again before then."""

    def __init__(self, message: Message | str, *, retry_after: float, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after  # PauseRequestedError's, already capped


class SignInCancelled(SignInError):
    """The person (or the window closing) stopped the sign-in."""

    def __init__(self) -> None:
        super().__init__(Message.of("so_sign_in_cancelled"))


# ---------------------------------------------------------------- endpoints


@dataclass(frozen=True, slots=True)
class OAuthEndpoints:
    authorize_url: str
    token_url: str

    @classmethod
    def for_environment(cls, env: str = "online") -> "OAuthEndpoints":
        """`online` (production) or `sod` (development), as SuperOffice names them."""
        return cls.for_host(f"https://{env}.superoffice.com")

    @classmethod
    def for_host(cls, root: str) -> "OAuthEndpoints":
        root = root.rstrip("/")
        return cls(root + AUTHORIZE_PATH, root + TOKENS_PATH)

    @classmethod
    def from_state_url(cls, state_url: str) -> "OAuthEndpoints":
        """The authority on the same host as the state service (`https://online.superoffice.com/api/state/`)."""
        parts, problem = check_http_url(state_url.strip())
        if problem in (UrlProblem.INVALID, UrlProblem.NOT_HTTP):
            raise SignInError(Message.of("so_state_url_invalid"))
        return cls.for_host(f"{parts.scheme}://{parts.netloc}")


# ---------------------------------------------------------------- PKCE and tokens


def make_code_verifier() -> str:
    """RFC 7636: 43 to 128 unreserved characters; 64 random bytes give 86."""
    return secrets.token_urlsafe(64)


def code_challenge(verifier: str) -> str:
    """S256: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def id_token_claims(id_token: str | None) -> dict[str, Any]:
    """The claims of a JWT's payload, or {} when it cannot be read.

    The signature is NOT verified. That is acceptable here because the id_token is only used for
    routing (which host serves the tenant) and it was received directly from the token endpoint
    over TLS, which OpenID Connect Core 3.1.3.7 allows in place of signature validation. Nothing
    in it is trusted for authorisation: every API call is authorised by the access token.
    """
    if not id_token or id_token.count(".") < 2:
        return {}
    payload = id_token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # a payload nested deep enough to exhaust the stack
        return {}
    return claims if isinstance(claims, dict) else {}


def claim(claims: Mapping[str, Any], name: str) -> Any:
    """A SuperOffice claim by short name, whether or not it carries SuperOffice's namespace."""
    if name in claims:
        return claims[name]
    return claims.get(_CLAIM_PREFIX + name)


@dataclass(frozen=True, slots=True, repr=False)
class TokenSet:
    """What the token endpoint answered. `refresh_token` is None when the answer did not renew it."""

    access_token: str
    refresh_token: str | None = None
    id_token: str | None = None
    expires_in: int | None = None
    claims: Mapping[str, Any] = field(default_factory=dict)

    @property
    def webapi_url(self) -> str | None:
        """The tenant's web API base from the id_token (`webapi_url` claim), when there is one."""
        value = claim(self.claims, WEBAPI_URL_CLAIM)
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def customer_id(self) -> str | None:
        value = claim(self.claims, CUSTOMER_CLAIM)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def __repr__(self) -> str:
        return (
            f"TokenSet(access_token='***', refresh_token={'***' if self.refresh_token else None}, "
            f"expires_in={self.expires_in!r}, webapi_url={self.webapi_url!r})"
        )

    __str__ = __repr__


def _token_set(body: Any) -> TokenSet:
    if not isinstance(body, dict) or not isinstance(body.get("access_token"), str) or not body["access_token"]:
        raise SignInError(Message.of("so_no_token"))
    expires = body.get("expires_in")
    id_token = body.get("id_token") if isinstance(body.get("id_token"), str) else None
    refresh = body.get("refresh_token") if isinstance(body.get("refresh_token"), str) else None
    return TokenSet(
        access_token=body["access_token"],
        refresh_token=refresh or None,
        id_token=id_token,
        expires_in=int(expires) if isinstance(expires, (int, float)) and not isinstance(expires, bool) else None,
        claims=MappingProxyType(id_token_claims(id_token)),
    )


def sign_in_limits(timeout: float) -> RequestLimits:
    """How the token endpoint and the state service are asked: like every API call (R18: 429, 5xx and timeouts retried
    with backoff, Retry-After honoured), each answer whole within `timeout` (a token answer is small; one trickling in
    would otherwise hold a run's refresh, and the connector's lock with it, for as long as the trickle lasts), and
    three tries at most, so a refresh gives up within a few times `timeout`."""
    return RequestLimits(
        requests_per_second=10.0,
        max_concurrency=1,
        timeout=timeout,
        max_retries=2,
        backoff_base=timeout / 20,
        backoff_max=timeout,
        answer_deadline=timeout,
    )


def _sign_in_client(
    timeout: float,
    transport: httpx.BaseTransport | None,
    cancel: CancelToken | None,
    secrets: tuple[str, ...] = (),
    explain: Callable[[int, Any, str], ConnectorError | None] | None = None,
) -> ApiClient:
    return ApiClient(
        SYSTEM,
        limits=sign_in_limits(timeout),
        secrets=secrets,
        transport=transport,
        cancel=cancel,
        explain=explain,
    )


def _not_answered(exc: ConnectorError, said: Message) -> ConnectorError:
    """What a sign-in call raises for `exc`, a fault of the HTTP layer after its retries: a stop asked for as it is,
    a long Retry-After as a pause the engine records (SignInPaused), anything else as SignInUnavailable."""
    if isinstance(exc, CancelledError):
        return exc
    if isinstance(exc, PauseRequestedError):
        return SignInPaused(said, retry_after=exc.retry_after, status=exc.status)
    return SignInUnavailable(said)


def _post_tokens(
    token_url: str,
    form: Mapping[str, str],
    *,
    timeout: float,
    transport: httpx.BaseTransport | None,
    cancel: CancelToken | None = None,
) -> TokenSet:
    what = Message.of("renew_sign_in" if form.get("grant_type") == "refresh_token" else "finish_sign_in")

    def refused(status: int, body: Any, url: str) -> ConnectorError:
        """Any answer that is not 2xx and not worth retrying: the token endpoint said no."""
        error = body.get("error") if isinstance(body, dict) else None
        if error == "invalid_grant":
            return SignInExpired(Message.of("so_grant_refused"), status=status)
        # Only an OAuth error code (RFC 6749: "invalid_client"), never free text that could repeat a token (R19).
        return SignInError(
            Message.of("so_sign_in_refused_code", what=what, status=status, code=error)
            if _is_error_code(error)
            else Message.of("so_sign_in_refused", what=what, status=status),
            status=status,
        )

    secrets = tuple(v for k, v in form.items() if k in ("refresh_token", "code", "code_verifier") and v)
    try:
        with _sign_in_client(timeout, transport, cancel, secrets, refused) as client:
            # Resent after a fault like a read: a token request that did land and is asked again at worst answers
            # invalid_grant (a used code, a rotated refresh token), which says "sign in again" as not resending would.
            body = client.request("POST", token_url, form=form, idempotent=True)
    except SignInError:
        raise
    except ConnectorError as exc:
        # The exception's sentence names the host and the fault, never a token (tokens travel in the body only).
        raise _not_answered(exc, Message.of("so_sign_in_failed", what=what, why=exc.said or exc.user_message)) from None
    return _token_set(body)


def _is_error_code(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[a-z_]{1,40}", value) is not None


def refresh_access_token(
    token_url: str,
    client_id: str,
    refresh_token: str,
    *,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    cancel: CancelToken | None = None,
) -> TokenSet:
    """A new access token for a refresh token (`grant_type=refresh_token`). SignInExpired when the token endpoint no
    longer takes the refresh token, SignInUnavailable when it did not answer properly after retries (SignInPaused when
    it asked to be left alone for longer than a retry waits)."""
    if not refresh_token:
        raise SignInError(Message.of("so_nothing_to_renew"))
    form = {"grant_type": "refresh_token", "client_id": client_id, "refresh_token": refresh_token}
    return _post_tokens(token_url, form, timeout=timeout, transport=transport, cancel=cancel)


def lookup_web_api(
    state_url: str,
    customer_id: str,
    *,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    cancel: CancelToken | None = None,
) -> str:
    """The tenant's web API base from the state service, when the id_token named no `webapi_url`."""
    url = state_url.rstrip("/") + "/" + customer_id

    def unknown(status: int, body: Any, url: str) -> ConnectorError:
        return SignInError(Message.of("so_state_unknown_tenant", tenant=customer_id), status=status)

    try:
        with _sign_in_client(timeout, transport, cancel, explain=unknown) as client:
            body = client.get(url, authenticate=False)
    except SignInError:
        raise
    except ConnectorError as exc:
        raise _not_answered(exc, Message.of("so_host_lookup_failed", tenant=customer_id)) from None
    api = body.get("Api") if isinstance(body, dict) else None
    if not isinstance(api, str) or not api:
        raise SignInError(Message.of("so_state_unknown_tenant", tenant=customer_id))
    return api


# ---------------------------------------------------------------- the loopback receiver


@dataclass(slots=True)
class _Outcome:
    code: str | None = None
    error: str | None = None


class LoopbackReceiver:
    """A one-shot HTTP server on 127.0.0.1 that waits for the browser to come back with the code.

    A request with the wrong `state` (a stale tab, another site) is answered 400 and ignored: the
    receiver keeps waiting for the real one.
    """

    def __init__(self, expected_state: str, *, port: int = 0, path: str = CALLBACK_PATH) -> None:
        self.expected_state = expected_state
        self.path = path
        self._outcome = _Outcome()
        self._done = threading.Event()
        self._closed = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                receiver._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the query holds the code: never log it
                pass

        self._server = HTTPServer((LOOPBACK_HOST, port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name="superoffice-sign-in",
            daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://{LOOPBACK_HOST}:{self.port}{self.path}"

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        if parts.path != self.path:
            self._answer(request, 404, "Not found", "This address is not part of the sign-in.")
            return
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if not secrets.compare_digest(query.get("state", ""), self.expected_state):
            self._answer(
                request,
                400,
                "Sign-in not recognised",
                "This answer does not belong to the sign-in the app started; close this tab.",
            )
            return
        if self._done.is_set():
            self._answer(request, 400, "Already done", "The sign-in has already finished; close this tab.")
            return
        if query.get("code"):
            self._outcome.code = query["code"]
            self._answer(
                request,
                200,
                "Signed in",
                "You are signed in to SuperOffice. You can close this tab and return to Legal Basis Sync.",
            )
        else:
            error = query.get("error") or "no code"
            self._outcome.error = error if _is_error_code(error) else "unreadable error"
            self._answer(
                request,
                400,
                "Sign-in failed",
                "SuperOffice did not complete the sign-in. Return to Legal Basis Sync to try again.",
            )
        self._done.set()

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, title: str, text: str) -> None:
        body = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
        ).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-store")
        request.end_headers()
        request.wfile.write(body)

    def wait(self, timeout: float = DEFAULT_SIGN_IN_TIMEOUT, cancel: threading.Event | None = None) -> str:
        """The authorization code, once the browser has brought it; SignInError on error, timeout or cancel."""
        waited = 0.0
        while not self._done.wait(_POLL_SECONDS):
            waited += _POLL_SECONDS
            if cancel is not None and cancel.is_set():
                raise SignInCancelled()
            if waited >= timeout:
                raise SignInError(Message.of("so_sign_in_timeout"))
        if self._outcome.error is not None:
            if self._outcome.error == "access_denied":
                raise SignInError(Message.of("so_sign_in_declined"))
            raise SignInError(Message.of("so_sign_in_incomplete", error=self._outcome.error))
        assert self._outcome.code is not None
        return self._outcome.code

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# ---------------------------------------------------------------- the flow


class AuthorizationCodeFlow:
    """One sign-in: `start()` gives the address to open in the browser, `complete()` waits and exchanges.

    No client secret is sent: a desktop app cannot keep one, which is what PKCE is for.
    (VERIFY on a real tenant that the registered application is of the native/public kind.)
    """

    def __init__(
        self,
        client_id: str,
        endpoints: OAuthEndpoints,
        *,
        scope: str = SCOPE,
        port: int = 0,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not client_id.strip():
            raise SignInError(Message.of("so_no_client_id"))
        self.client_id = client_id.strip()
        self.endpoints = endpoints
        self.scope = scope
        self.timeout = timeout
        self._transport = transport
        self._port = port
        self.state = secrets.token_urlsafe(24)
        self._verifier = make_code_verifier()
        self._receiver: LoopbackReceiver | None = None
        self._receiver_closed = False

    @property
    def redirect_uri(self) -> str:
        if self._receiver is None:
            raise RuntimeError("start() the flow first")
        return self._receiver.redirect_uri

    def start(self) -> str:
        """Listen on loopback and return the authorize address for the browser."""
        if self._receiver_closed:
            raise RuntimeError("a finished sign-in cannot be started again; make a new flow")
        if self._receiver is None:
            try:
                self._receiver = LoopbackReceiver(self.state, port=self._port)
            except OSError as exc:
                raise SignInError(
                    Message.of("so_cannot_listen", host=LOOPBACK_HOST, error=(exc.strerror or str(exc)).lower())
                ) from None
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.scope,
            "state": self.state,
            "code_challenge": code_challenge(self._verifier),
            "code_challenge_method": "S256",
        }
        return f"{self.endpoints.authorize_url}?{urlencode(query)}"

    def wait_for_code(self, timeout: float = DEFAULT_SIGN_IN_TIMEOUT, cancel: threading.Event | None = None) -> str:
        if self._receiver is None:
            raise RuntimeError("start() the flow first")
        return self._receiver.wait(timeout, cancel)

    def exchange(self, code: str) -> TokenSet:
        form = {
            "grant_type": "authorization_code",
            "client_id": self.client_id,
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self._verifier,
        }
        return _post_tokens(self.endpoints.token_url, form, timeout=self.timeout, transport=self._transport)

    def complete(self, timeout: float = DEFAULT_SIGN_IN_TIMEOUT, cancel: threading.Event | None = None) -> TokenSet:
        """Wait for the browser, exchange the code, and stop listening whatever happens."""
        try:
            tokens = self.exchange(self.wait_for_code(timeout, cancel))
        finally:
            self.close()
        log.info("Signed in to SuperOffice Online (web API %s).", tokens.webapi_url or "not named in the id_token")
        return tokens

    def close(self) -> None:
        receiver, self._receiver_closed = self._receiver, True
        if receiver is not None:
            receiver.close()

    def __enter__(self) -> "AuthorizationCodeFlow":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"AuthorizationCodeFlow(client_id={self.client_id!r}, authorize={self.endpoints.authorize_url!r})"


__all__ = [
    "AuthorizationCodeFlow",
    "LoopbackReceiver",
    "OAuthEndpoints",
    "SignInCancelled",
    "SignInError",
    "SignInExpired",
    "SignInPaused",
    "SignInUnavailable",
    "TokenSet",
    "code_challenge",
    "id_token_claims",
    "lookup_web_api",
    "make_code_verifier",
    "refresh_access_token",
    "sign_in_limits",
]
