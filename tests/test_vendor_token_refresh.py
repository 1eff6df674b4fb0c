"""SuperOffice Online token refresh under vendor faults (api/superoffice.md "Base URL and authentication":
access tokens last one hour, then `grant_type=refresh_token`; SPEC R18 transient faults are retried)."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timezone

import pytest
from raw_loopback import RawServer

from desktop_app.connectors.errors import (
    AuthenticationError,
    CancelledError,
    ConnectorError,
    PauseRequestedError,
    ServiceUnavailableError,
)
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BearerAuth, SuperOfficeConnector
from desktop_app.connectors.superoffice_oauth import (
    SignInError,
    SignInExpired,
    SignInUnavailable,
    refresh_access_token,
)
from desktop_app.simulators import Fault, SimClock, SuperOfficeSimulator
from desktop_app.sync.credentials import TokenRefresher

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=1.0, max_retries=3, backoff_base=0.001, backoff_max=0.01, answer_deadline=2.0
)


def _so_with_expired_token(sim: SuperOfficeSimulator) -> SuperOfficeConnector:
    refresher = TokenRefresher(sim.token_url, "my-app", "demo-refresh", timeout=1.0)
    so = SuperOfficeConnector(
        sim.base_url, BearerAuth("demo-token"), LIMITS, state_url=sim.state_url, token_refresher=refresher
    )
    sim.revoke_tokens()  # the hour is over: the next API call answers 401 and the connector refreshes
    return so


@pytest.mark.parametrize("status", [503, 429])
def test_a_503_or_429_from_the_token_endpoint_is_retried_not_told_as_an_expired_sign_in(status):
    """SPEC R18: "Transient faults (timeouts, connection resets, 5xx, 429 with or without Retry-After ...) are
    retried with backoff". api/superoffice.md: access tokens last one hour and are renewed with the refresh token,
    so every run longer than the token's hour refreshes in the middle of its work; throttling is not documented in
    numbers, treat 429 and 503 as "slow down and retry".

    One 503 from SuperOffice's token endpoint (a load balancer hiccup), or one 429, was not retried: `_post_tokens`
    turned any non-200 into SignInError and `SuperOfficeConnector._refresh` turned that into AuthenticationError "The
    SuperOffice sign-in has expired and could not be renewed; sign in again." The run stopped half-way and the admin
    was told to sign in again although the refresh token was perfectly valid (a second try would have worked)."""
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    try:
        sim.faults.add(Fault("status", status=status, times=1, path_contains="/oauth/tokens"))
        with _so_with_expired_token(sim) as so:
            try:
                lists = so.load_lists()
            except ConnectorError as exc:
                raise AssertionError(
                    f"one {status} from the token endpoint stopped the read: {exc.user_message}"
                ) from None
        assert {"STORE", "EMARKETING"} <= set(lists.purposes)
    finally:
        sim.stop()


class _TricklingTokenEndpoint(RawServer):
    """A token endpoint that sends its status line and headers at once, then its JSON body one byte every
    `delay` seconds: no single socket read ever waits longer than the client's per-read timeout."""

    BODY = b'{"access_token": "' + b"a" * 150 + b'", "token_type": "Bearer", "expires_in": 3600}'

    def __init__(self, delay: float = 0.25) -> None:
        self.delay = delay
        super().__init__("/login/common/oauth/tokens")

    def answer(self, conn: socket.socket) -> None:
        if not self.read_head(conn):
            return
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(self.BODY)).encode()
            + b"\r\n\r\n"
        )
        for i in range(len(self.BODY)):
            if self.stop.wait(self.delay):
                return
            conn.sendall(self.BODY[i : i + 1])


def test_a_token_endpoint_trickling_its_answer_does_not_hang_the_refresh():
    """The brief's (a), and the rule the HTTP layer itself states (connectors/http.py RequestLimits.answer_deadline,
    issue 9: "a body trickling in a byte every few seconds never trips `timeout`, which is per socket read").

    The token refresh does not go through ApiClient: superoffice_oauth._post_tokens uses a bare httpx.Client with a
    per-read timeout only, and no whole-answer deadline and no cancel token. A token endpoint (or a proxy in front
    of it) trickling a 200-byte answer at 4 bytes a second keeps the refresh - and with it the run, which refreshes
    under the connector's `_auth_lock`, and the Stop button - waiting ~50 s with timeout=1 s; at the default 30 s
    timeout and a slower trickle it is hours. Expected: the refresh gives up within a few times its timeout."""
    server = _TricklingTokenEndpoint(delay=0.25)
    outcome: list[object] = []

    def refresh() -> None:
        try:
            outcome.append(refresh_access_token(server.url, "my-app", "demo-refresh", timeout=1.0))
        except Exception as exc:  # noqa: BLE001 - any ending is fine here, only the time counts
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=refresh, daemon=True)
    worker.start()
    worker.join(4.0)
    elapsed = time.monotonic() - started
    server.close()
    assert not worker.is_alive(), f"the token refresh was still waiting after {elapsed:.1f} s (timeout 1 s)"


def test_a_token_endpoint_failing_every_try_stops_the_read_as_a_service_fault_not_as_sign_in_again():
    """SPEC R18: a run that still cannot finish stops cleanly; only `invalid_grant` (api/superoffice.md: 401 -> refresh
    once, then ask the user) means the sign-in is gone. A token endpoint answering 503 to every try is a service fault:
    the admin is told to try again later, not to sign in again (which would not help and costs them a browser trip)."""
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    try:
        sim.faults.add(Fault("status", status=503, times=-1, path_contains="/oauth/tokens"))
        with _so_with_expired_token(sim) as so, pytest.raises(ServiceUnavailableError) as caught:
            so.load_lists()
    finally:
        sim.stop()
    assert not isinstance(caught.value, AuthenticationError)
    assert "HTTP 503" in caught.value.user_message and "sign in again" not in caught.value.user_message
    assert "demo-refresh" not in caught.value.user_message


def test_a_refused_refresh_token_still_says_sign_in_again():
    """api/superoffice.md: 401 is "bad or expired credentials (refresh once, then ask the user)"; the token endpoint's
    `invalid_grant` is the refresh token expired or revoked: that, and only that, is "sign in again"."""
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    try:
        with pytest.raises(SignInExpired):
            refresh_access_token(sim.token_url, "my-app", "revoked-refresh-token", timeout=1.0)
        refresher = TokenRefresher(sim.token_url, "my-app", "revoked-refresh-token", timeout=1.0)
        so = SuperOfficeConnector(
            sim.base_url, BearerAuth("demo-token"), LIMITS, state_url=sim.state_url, token_refresher=refresher
        )
        sim.revoke_tokens()
        with so, pytest.raises(AuthenticationError) as caught:
            so.load_lists()
    finally:
        sim.stop()
    assert "sign in again" in caught.value.user_message


def test_an_unreachable_token_endpoint_is_a_sign_in_error_that_says_try_later():
    """The window's sign-in shows any SignInError as one sentence; a token endpoint that cannot be reached is also a
    service fault (SignInUnavailable), so a run stops as for any unreachable service (R18)."""
    with pytest.raises(SignInUnavailable) as caught:
        refresh_access_token("http://127.0.0.1:9/login/common/oauth/tokens", "my-app", "refresh-secret", timeout=0.5)
    assert isinstance(caught.value, ServiceUnavailableError)
    assert caught.value.user_message.startswith("Could not renew the sign-in: ")
    assert "refresh-secret" not in caught.value.user_message


def test_a_long_retry_after_from_the_token_endpoint_reaches_the_engine_as_a_pause():
    """SPEC R18 ("429 with or without Retry-After ... retried with backoff, honouring Retry-After") and the
    engine's own rule for a long wait (engine.py `_stop_for`, ~line 1293: only a PauseRequestedError is recorded
    with `record_pause`, so that "the scheduler, headless `sync` and sends start nothing before that time").

    eb807a1 sends the token refresh through ApiClient, whose `sign_in_limits` cap `backoff_max` at the timeout: a
    429 with `Retry-After: 3600` from the token endpoint becomes PauseRequestedError(retry_after=3600) there, but
    `_post_tokens` (superoffice_oauth.py ~line 253, `except ConnectorError`) re-raises it as a plain
    SignInUnavailable, which carries no `retry_after`. The run stops without recording the pause, so the window's
    scheduler fires again every interval and every send's Checklist sync hits the throttled endpoint again, an hour
    before SuperOffice said it would take requests; the admin sees "could not renew" each time and no "waiting
    until 13:00". Expected: the error that reaches the engine is a PauseRequestedError for about an hour."""
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    try:
        sim.faults.add(Fault("status", status=429, retry_after=3600, times=-1, path_contains="/oauth/tokens"))
        with _so_with_expired_token(sim) as so, pytest.raises(ConnectorError) as caught:
            so.load_lists()
    finally:
        sim.stop()
    raised = caught.value
    assert isinstance(raised, PauseRequestedError), (
        f"{type(raised).__name__} ({raised.user_message}) reached the engine: the vendor's hour-long pause is not kept"
    )
    assert raised.retry_after >= 3000
    # Still a sign-in error for the window's sign-in, which tells any SignInError in one sentence.
    assert isinstance(raised, SignInError) and "demo-refresh" not in raised.user_message


def test_a_stop_asked_for_during_a_refresh_stays_a_stop():
    """The engine tells a stop the person asked for (CancelledError) from a fault; a refresh under a cancel token
    that is set ends as that stop, not as "could not renew the sign-in"."""
    cancel = threading.Event()
    cancel.set()
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    try:
        with pytest.raises(CancelledError):
            refresh_access_token(sim.token_url, "my-app", "demo-refresh", timeout=1.0, cancel=cancel)
    finally:
        sim.stop()


def test_a_stop_reaches_a_refresh_the_connector_makes_on_a_slow_token_endpoint(monkeypatch):
    """The run's Stop (R18: a run stops cleanly) reached every request but the token refresh the connector makes on a
    401: TokenRefresher took no cancel token, so a Stop pressed while a slow token endpoint trickled its answer waited
    for the refresh's whole deadline and retries (about three times the request timeout, 90 s at the default). The
    connector now hands its cancel token to the refresher, and the refresh ends as a stop."""
    from desktop_app.connectors import http

    monkeypatch.setattr(http, "STOP_GRACE", 0.5)  # what an exchange on the wire gets once a stop is asked for
    server = _TricklingTokenEndpoint(delay=0.25)
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    cancel = threading.Event()
    refresher = TokenRefresher(server.url, "my-app", "demo-refresh", timeout=30.0)
    connector = SuperOfficeConnector(sim.base_url, BearerAuth("expired-token"), LIMITS, token_refresher=refresher)
    connector.cancel = cancel
    outcome: list[BaseException] = []

    def refresh() -> None:
        try:
            connector._refresh(connector._auth_generation)
        except BaseException as exc:  # noqa: BLE001 - the ending is what is looked at
            outcome.append(exc)

    try:
        worker = threading.Thread(target=refresh, daemon=True)
        worker.start()
        time.sleep(0.5)  # the refresh is reading the trickle
        cancel.set()
        worker.join(5.0)
        assert not worker.is_alive(), "a Stop did not end the token refresh"
        assert outcome and isinstance(outcome[0], CancelledError), outcome
    finally:
        server.close()
        sim.stop()
        connector.close()
