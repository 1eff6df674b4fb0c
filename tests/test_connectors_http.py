"""The shared transport against a simulator over loopback: retries, backoff, Retry-After, ambiguity, limits, errors."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timezone

import pytest

from desktop_app.connectors import emarketeer_fields
from desktop_app.connectors.errors import (
    AmbiguousWriteError,
    CancelledError,
    ConfigurationError,
    ConnectorError,
    InvalidRequestError,
    NotFoundError,
    PauseRequestedError,
    ServiceUnavailableError,
    UnreachableError,
)
from desktop_app.connectors.http import ApiClient, RateLimiter, RequestLimits, parse_retry_after, redact
from desktop_app.domain.model import System
from desktop_app.simulators.common import Fault, SimClock
from desktop_app.simulators.emarketeer import EmarketeerSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
KEY = "demo-key"
PURPOSES = "/consent-public/v1/purposes"
CONSENTS = "/consent-public/v1/consents"


def limits(**overrides) -> RequestLimits:
    values = dict(
        requests_per_second=1000.0, max_concurrency=4, timeout=0.5, max_retries=3, backoff_base=0.001, backoff_max=0.01
    )
    values.update(overrides)
    return RequestLimits(**values)


@pytest.fixture
def sim():
    server = EmarketeerSimulator(SimClock(T0)).start()
    server.add_contact("a@example.se")
    yield server
    server.stop()


class Recorder:
    """An injected sleep that records the waits instead of waiting, and a clock that only they move."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def client(sim, *, key: str = KEY, recorder: Recorder | None = None, **kw) -> ApiClient:
    extra = {}
    if recorder is not None:
        extra = {"sleep": recorder.sleep, "clock": recorder.clock}
    extra.update({k: kw.pop(k) for k in ("random", "cancel", "sleep") if k in kw})
    return ApiClient(
        System.EMARKETEER,
        limits=limits(**kw),
        base_url=sim.base_url,
        auth_headers={"x-api-key": key},
        secrets=(key,),
        vendor_message=emarketeer_fields.vendor_message,  # userMessage or message
        **extra,
    )


def consent_body(sim) -> dict:
    return {"key": "a@example.se", "purposeId": 11, "legalBasisId": 24, "sourceId": 35, "description": "t"}


def settled(sim, method: str, expected: int, seconds: float = 3.0) -> list:
    """The requests of a method once delayed answers have been logged (a delayed request is logged when answered)."""
    deadline = time.monotonic() + seconds
    while len([r for r in sim.requests if r.method == method]) < expected and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05)  # and nothing more arrives
    return [r for r in sim.requests if r.method == method]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ the fault matrix (idempotent reads)


@pytest.mark.parametrize(
    "fault,attempts",
    [
        (Fault(kind="status", status=429, retry_after=0.01, times=2), 3),
        (Fault(kind="status", status=429, times=2), 3),
        (Fault(kind="status", status=500, times=1), 2),
        (Fault(kind="status", status=502, times=1), 2),
        (Fault(kind="status", status=503, times=2), 3),
        (Fault(kind="status", status=504, times=1), 2),
        (Fault(kind="delay", delay=1.0, times=1), 2),
        (Fault(kind="drop", times=1), 2),
        (Fault(kind="malformed", times=2), 3),
    ],
    ids=["429-retry-after", "429-bare", "500", "502", "503", "504", "timeout", "reset", "malformed-json"],
)
def test_transient_faults_are_retried_then_succeed(sim, fault, attempts):
    sim.faults.add(fault)
    with client(sim, timeout=0.3) as api:
        purposes = api.get(PURPOSES)
        assert [p["name"] for p in purposes][:2] == ["Store and process", "Marketing sendouts"]
        assert api.request_count == attempts
    assert len(settled(sim, "GET", attempts)) == attempts


@pytest.mark.parametrize(
    "fault,last",
    [
        (Fault(kind="status", status=503, times=-1), "HTTP 503"),
        (Fault(kind="status", status=429, times=-1), "HTTP 429"),
        (Fault(kind="malformed", times=-1), "not valid JSON"),
        (Fault(kind="drop", times=-1), "connection was closed"),
        (Fault(kind="delay", delay=0.6, times=-1), "no answer within"),
    ],
    ids=["503", "429", "malformed", "reset", "timeout"],
)
def test_retries_exhausted_is_service_unavailable(sim, fault, last):
    sim.faults.add(fault)
    with client(sim, timeout=0.2, max_retries=2) as api:
        with pytest.raises(ServiceUnavailableError) as info:
            api.get(PURPOSES)
        assert api.request_count == 3
    message = info.value.user_message
    assert message.startswith("eMarketeer did not answer properly after 3 attempts") and last in message
    assert info.value.system is System.EMARKETEER


# ------------------------------------------------------------------ backoff and Retry-After


def test_retry_after_is_honoured_and_capped(sim):
    rec = Recorder()
    sim.faults.add(Fault(kind="status", status=429, retry_after=2, times=1))
    sim.faults.add(Fault(kind="status", status=503, retry_after=5, times=1))
    with client(sim, recorder=rec, backoff_max=5.0, random=lambda: 0.5) as api:
        api.get(PURPOSES)
    assert rec.waits == [2.0, 5.0]


def test_a_retry_after_beyond_the_cap_is_not_waited_out_but_raised_once(sim):
    """Issue 9 point 8: the vendor asked for longer than we wait within a run; the run stops and says until when."""
    rec = Recorder()
    sim.faults.add(Fault(kind="status", status=503, retry_after=120, times=1))
    with client(sim, recorder=rec, backoff_max=5.0, random=lambda: 0.5) as api:
        with pytest.raises(PauseRequestedError) as caught:
            api.get(PURPOSES)
    assert rec.waits == [] and caught.value.retry_after == 120.0 and caught.value.status == 503
    assert len(sim.requests) == 1


def test_once_a_long_pause_is_asked_for_no_request_leaves_until_it_is_over(sim):
    """Issue 9 pt 8: the vendor's pause holds for every request of the client, not only the one that was told: the
    other writer threads must not send their queued writes while the first one's answer is still being handled
    (test_vendor_pause saw 9 POSTs leave where at most the 5 in flight may). Nothing leaves before the time is up."""
    rec = Recorder()
    sim.faults.add(Fault(kind="status", status=429, retry_after=600, times=1))
    with client(sim, recorder=rec, backoff_max=5.0, random=lambda: 0.5) as api:
        with pytest.raises(PauseRequestedError):
            api.get(PURPOSES)
        rec.now += 599
        with pytest.raises(PauseRequestedError) as caught:
            api.post("/v1/anything", {"a": 1}, idempotent=False)
        assert caught.value.retry_after == 600.0 and caught.value.status == 429  # the vendor's own words
        assert len(sim.requests) == 1  # the second never left
        rec.now += 1
        api.get(PURPOSES)  # the pause is over
    assert len(sim.requests) == 2


def test_backoff_is_exponential_with_full_jitter(sim):
    sim.faults.add(Fault(kind="status", status=503, times=4))
    rec = Recorder()
    with client(sim, recorder=rec, max_retries=5, backoff_base=0.5, backoff_max=3.0, random=lambda: 1.0) as api:
        api.get(PURPOSES)
    assert rec.waits == [0.5, 1.0, 2.0, 3.0]  # base * 2^n, capped at backoff_max
    sim.faults.add(Fault(kind="status", status=503, times=2))
    rec2 = Recorder()
    with client(sim, recorder=rec2, backoff_base=0.5, backoff_max=3.0, random=lambda: 0.25) as api:
        api.get(PURPOSES)
    assert rec2.waits == [0.125, 0.25]  # a random share of the ceiling


def test_parse_retry_after():
    now = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after("0.25", now) == 0.25
    assert parse_retry_after("Mon, 01 Jun 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Mon, 01 Jun 2026 11:00:00 GMT", now) == 0.0  # in the past: now
    assert parse_retry_after("-5", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


# ------------------------------------------------------------------ non-idempotent POST


@pytest.mark.parametrize(
    "fault",
    [
        Fault(kind="status", status=500),
        Fault(kind="status", status=502),
        Fault(kind="status", status=503),
        Fault(kind="status", status=504),
        Fault(kind="drop"),
        Fault(kind="delay", delay=1.0),
        Fault(kind="malformed"),
    ],
    ids=["500", "502", "503", "504", "reset", "timeout", "malformed"],
)
def test_ambiguous_post_is_not_resent(sim, fault):
    sim.faults.add(Fault(**{**fault.__dict__, "method": "POST"}))
    with client(sim, timeout=0.3) as api:
        with pytest.raises(AmbiguousWriteError) as info:
            api.post(CONSENTS, consent_body(sim), idempotent=False)
        assert api.request_count == 1
    assert len(settled(sim, "POST", 1)) == 1
    assert info.value.system is System.EMARKETEER


def test_post_answered_429_is_retried(sim):
    sim.faults.add(Fault(kind="status", status=429, times=2, method="POST"))
    with client(sim) as api:
        created = api.post(CONSENTS, consent_body(sim), idempotent=False)
    assert created["createdAt"] == "2026-06-01T12:00:00Z"
    assert [r.status for r in sim.requests if r.method == "POST"] == [429, 429, 201]
    assert len(sim.history("a@example.se")) == 1


def test_idempotent_post_is_retried(sim):
    sim.faults.add(Fault(kind="status", status=502, times=1, method="POST"))
    with client(sim) as api:
        api.post(CONSENTS, consent_body(sim), idempotent=True)
    assert [r.status for r in sim.requests if r.method == "POST"] == [502, 201]


def test_post_must_say_whether_it_is_idempotent(sim):
    with client(sim) as api:
        with pytest.raises(TypeError):
            api.request("POST", CONSENTS, json_body={})


def test_a_post_that_never_connected_is_retried_and_ends_unreachable():
    port = closed_port()
    api = ApiClient(System.EMARKETEER, limits=limits(max_retries=2), base_url=f"http://127.0.0.1:{port}")
    with pytest.raises(UnreachableError):
        api.post(CONSENTS, {}, idempotent=False)
    assert api.request_count == 3  # nothing reached a server, so trying again was safe
    api.close()


# ------------------------------------------------------------------ typed errors


def test_status_errors_are_typed(sim):
    with client(sim) as api:
        with pytest.raises(NotFoundError):
            api.get("/consent-public/v1/consents", params={"key": "nobody@example.se"})
        with pytest.raises(InvalidRequestError) as info:
            api.post(CONSENTS, {"key": "a@example.se"}, idempotent=False)
        assert info.value.status == 422 and "purposeId" in info.value.vendor_message
        sim.faults.add(Fault(kind="status", status=302, times=1))
        with pytest.raises(ConfigurationError, match="redirect"):
            api.get(PURPOSES)
        sim.faults.add(Fault(kind="status", status=409, times=1))
        with pytest.raises(ConnectorError, match="HTTP 409"):
            api.get(PURPOSES)
        assert api.request_count == 4  # none of these is retried


def test_unreachable_host_names_the_host():
    port = closed_port()
    api = ApiClient(System.SUPEROFFICE, limits=limits(max_retries=1), base_url=f"http://127.0.0.1:{port}/api/")
    with pytest.raises(UnreachableError) as info:
        api.get("v1/List/LegalBase/Items")
    assert info.value.host == "127.0.0.1"
    assert info.value.user_message == (
        "Cannot reach SuperOffice at 127.0.0.1: the connection was refused. "
        "Check the address and the network connection."
    )
    api.close()


def test_unknown_host_name_is_unreachable():
    api = ApiClient(System.EMARKETEER, limits=limits(max_retries=0), base_url="http://no-such-host.invalid")
    with pytest.raises(UnreachableError) as info:
        api.get(PURPOSES)
    assert "no-such-host.invalid" in info.value.user_message
    api.close()


def test_a_bad_scheme_is_a_configuration_error():
    api = ApiClient(System.EMARKETEER, limits=limits(), base_url="ftp://example.com")
    with pytest.raises(ConfigurationError):
        api.get(PURPOSES)
    api.close()


# ------------------------------------------------------------------ secrets


def test_no_secret_in_any_error_message(sim):
    secret = "top-secret-api-key-42"
    sim.api_keys.add(secret)
    messages = []
    with client(sim, key=secret) as api:
        # The simulator echoes the bad value into its 422 message: the vendor text is scrubbed.
        try:
            api.post(CONSENTS, {**consent_body(sim), "purposeId": secret}, idempotent=False)
        except InvalidRequestError as exc:
            messages += [exc.user_message, str(exc), repr(exc), exc.vendor_message]
        for fault in (Fault(kind="status", status=503, times=-1), Fault(kind="malformed", times=-1)):
            sim.faults.clear()
            sim.faults.add(fault)
            try:
                api.get(PURPOSES)
            except ConnectorError as exc:
                messages += [exc.user_message, repr(exc)]
        assert secret not in repr(api)
    sim.faults.clear()
    with client(sim, key="wrong-" + secret) as api:
        try:
            api.get(PURPOSES)
        except ConnectorError as exc:
            messages += [exc.user_message, repr(exc)]
    assert len(messages) == 10
    assert all(secret not in m for m in messages)
    assert "***" in messages[3]


def test_redact():
    assert redact("key abc123 and abc123", ["abc123"]) == "key *** and ***"
    assert redact("short x", ["x"]) == "short x"  # too short to be a secret worth masking


# ------------------------------------------------------------------ cancellation


def test_cancel_before_sending_and_between_retries(sim):
    cancel = threading.Event()
    cancel.set()
    with client(sim, cancel=cancel) as api:
        with pytest.raises(CancelledError):
            api.get(PURPOSES)
        assert api.request_count == 0
    cancel = threading.Event()
    sim.faults.add(Fault(kind="status", status=503, times=-1))
    # The user presses Cancel during the backoff.
    with client(sim, sleep=lambda seconds: cancel.set()) as api:
        with pytest.raises(CancelledError):
            api.get(PURPOSES, cancel=cancel)
        assert api.request_count == 1


def test_cancel_wakes_a_long_backoff(sim):
    cancel = threading.Event()
    sim.faults.add(Fault(kind="status", status=503, retry_after=30, times=-1))
    api = client(sim, cancel=cancel, backoff_max=30.0)
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(CancelledError):
        api.get(PURPOSES)
    assert time.monotonic() - started < 5
    api.close()


# ------------------------------------------------------------------ limits


def test_rate_limiter_spaces_reservations():
    now = [0.0]
    limiter = RateLimiter(4.0, clock=lambda: now[0])
    assert [limiter.reserve() for _ in range(4)] == [0.0, 0.25, 0.5, 0.75]
    now[0] = 10.0  # idle for a while: no burst is saved up beyond the next slot
    assert [limiter.reserve() for _ in range(2)] == [0.0, 0.25]


def test_rate_limiter_is_thread_safe():
    now = [0.0]
    limiter = RateLimiter(10.0, clock=lambda: now[0])
    starts: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(50):
            wait = limiter.reserve()
            with lock:
                starts.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert len(starts) == 400
    assert all(abs(b - a - 0.1) < 1e-9 for a, b in zip(starts, starts[1:]))


def test_requests_per_second_ceiling_is_respected(sim):
    rec = Recorder()
    with client(sim, recorder=rec, requests_per_second=5.0) as api:
        for _ in range(11):
            api.get(PURPOSES)
    # Eleven requests at most five a second: ten waits of 0.2 s, two seconds of (injected) time.
    assert rec.waits == pytest.approx([0.2] * 10)
    assert len(sim.requests) == 11


def test_concurrency_is_bounded(sim):
    sim.faults.add(Fault(kind="delay", delay=0.25, times=6))
    api = client(sim, max_concurrency=2, timeout=2.0)
    started = time.monotonic()
    threads = [threading.Thread(target=api.get, args=(PURPOSES,)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Six slow requests two at a time take at least three rounds.
    assert time.monotonic() - started >= 0.7
    assert api.request_count == 6
    api.close()


def test_request_limits_are_validated():
    for bad in (dict(requests_per_second=0), dict(max_concurrency=0), dict(timeout=0), dict(max_retries=-1)):
        with pytest.raises(ValueError):
            RequestLimits(**bad)
    assert RequestLimits() == RequestLimits(10.0, 4, 30.0, 5, 0.5, 30.0)


def test_limiter_wait_counts_from_the_injected_clock(sim):
    rec = Recorder()
    with client(sim, recorder=rec, requests_per_second=2.0) as api:
        api.get(PURPOSES)
        rec.now += 10  # long idle: the next request goes at once
        api.get(PURPOSES)
        api.get(PURPOSES)
    assert rec.waits == [0.5]


def test_a_credential_that_cannot_be_sent_is_a_configuration_error():
    for bad in ("nyckel-åäö", "key\r\nX-Injected: 1"):
        with pytest.raises(ConfigurationError) as info:
            ApiClient(
                System.EMARKETEER,
                limits=limits(),
                base_url="http://127.0.0.1:1",
                auth_headers={"x-api-key": bad},
                secrets=(bad,),
            )
        assert bad not in info.value.user_message and "API key" in info.value.user_message


def test_a_long_retry_of_503s_is_told_once_as_not_answering_properly(sim):
    """Issue 13 pt 6 (the CLI end to end is in test_long_retry_notice.py): 503s without Retry-After, retried past
    10 s of backoff, are told once, with the latest time the retries run to."""
    from desktop_app.connectors.http import long_retry_notices

    told = []
    sim.faults.add(Fault(kind="status", status=503, times=5))
    rec = Recorder()
    with (
        long_retry_notices(told.append),
        client(sim, recorder=rec, max_retries=6, backoff_base=2.0, backoff_max=30.0, random=lambda: 1.0) as api,
    ):
        api.get(PURPOSES)
    assert rec.waits == [2.0, 4.0, 8.0, 16.0, 30.0]
    [notice] = told  # 2 + 4 = 6 s, then 6 + 8 = 14 s: told at the third wait, and not again
    assert notice.system is System.EMARKETEER and notice.status == 503 and not notice.asked_to_wait
    assert notice.sentence().startswith("eMarketeer is not answering properly (HTTP 503); retrying until about ")


def test_an_answer_is_freed_as_soon_as_it_is_let_go_not_left_for_the_cyclic_collector(sim, monkeypatch):
    """Issue 11 pt 3: httpx binds a response and its network stream to each other, a cycle only the cyclic collector
    frees. A run puts full collections off until its end (sync/memory.py), so answers that lived long enough (R14's
    re-reads, R13's read-backs) piled up with their bodies: about 90 MB in a million-contact write phase. The
    exchange now replaces the read stream by its bytes, and reference counting alone frees the answer."""
    import gc
    import weakref

    answers: list[weakref.ref] = []
    exchange = ApiClient._exchange

    def spy(self, *args, **kwargs):
        response = exchange(self, *args, **kwargs)
        answers.append(weakref.ref(response))
        return response

    monkeypatch.setattr(ApiClient, "_exchange", spy)
    api = client(sim)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            assert api.get(PURPOSES) is not None
        assert len(answers) == 3
        assert [ref() for ref in answers] == [None, None, None]  # gone without a collection
    finally:
        if was_enabled:
            gc.enable()
        api.close()
