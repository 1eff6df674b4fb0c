"""Retry-After values that are valid HTTP but absurdly large (api/emarketeer.md: "429 too many requests (with or
without `Retry-After`)", "the connector honours `Retry-After`"; SPEC R18 honours Retry-After and stops cleanly)."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import LONGEST_PAUSE, ConnectorError, PauseRequestedError
from desktop_app.connectors.http import RequestLimits, parse_retry_after
from desktop_app.simulators import Fault
from desktop_app.simulators.common import Response, SimulatorServer

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=1.0, max_retries=2, backoff_base=0.001, backoff_max=0.01, answer_deadline=2.0
)


class _Throttling(SimulatorServer):
    """An API gateway (or a proxy in front of it) answering every call 429 with the given Retry-After."""

    def __init__(self, retry_after: str) -> None:
        super().__init__()
        self.retry_after = retry_after

    def handle(self, request):
        return Response(429, b'{"message": "Too Many Requests"}', headers={"Retry-After": self.retry_after})


def test_a_retry_after_of_many_digits_is_one_sentence_not_an_overflow_traceback():
    """RFC 9110 10.2.3: Retry-After = HTTP-date / delay-seconds, delay-seconds = 1*DIGIT, no upper bound. A proxy
    answering a 400-digit delay makes `float()` infinite in http.parse_retry_after (connectors/http.py ~line 170),
    and errors.PauseRequestedError's message does `round(self.retry_after)` -> OverflowError: "cannot convert float
    infinity to integer". The admin gets a Python traceback instead of one sentence (brief (b))."""
    with _Throttling("9" * 400) as server, EmarketeerConnector(server.root_url, "demo-key-0123456789", LIMITS) as em:
        try:
            em.load_master_data()
        except ConnectorError as exc:
            assert exc.user_message.endswith(".") or exc.user_message  # one sentence is all we ask
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(f"a huge Retry-After raised {type(exc).__name__}: {exc}") from None
        else:
            raise AssertionError("every answer was a 429, yet the read succeeded")


def test_a_sync_told_to_wait_a_trillion_seconds_stops_cleanly(world):
    """SPEC R18: "a run that still cannot finish stops cleanly, records what it did"; the engine keeps the pause the
    vendor asked for (engine._stop_for: `until = now + timedelta(seconds=exc.retry_after)`, record_pause).

    eMarketeer's gateway (or a proxy) answering `Retry-After: 1000000000000` - a valid delay-seconds - makes
    `now + timedelta(seconds=1e12)` overflow ("date value out of range", sync/engine.py ~line 1296): the run
    ends in an OverflowError traceback instead of a stopped run with one sentence, and nothing is recorded for the
    scheduler. Expected: the wait is capped (a day, say) and the run is STOPPED."""
    from desktop_app.domain.model import RunStatus

    world.so_person("a@example.se", EMARKETING="61A")
    world.em_contact("a@example.se")
    world.em.faults.add(Fault("status", status=429, retry_after=10**12, times=-1))
    try:
        summary = world.sync()
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"the run ended in {type(exc).__name__}: {exc}") from None
    assert summary.status is RunStatus.STOPPED


def test_retry_after_is_read_as_delay_seconds_or_a_date_and_capped():
    """RFC 9110 10.2.3: delay-seconds (digits) or an HTTP-date. Python's float syntax is not HTTP's: "inf", "nan" and
    "1e9" are unreadable (None: the usual backoff), and any valid delay longer than a day counts as a day."""
    now = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("9" * 400, now) == LONGEST_PAUSE
    assert parse_retry_after(str(10**12), now) == LONGEST_PAUSE
    assert parse_retry_after("Fri, 01 Jun 2125 12:00:00 GMT", now) == LONGEST_PAUSE
    assert parse_retry_after("120", now) == 120.0
    for odd in ("inf", "Infinity", "nan", "1e9", "-inf"):
        assert parse_retry_after(odd, now) is None, odd
    assert PauseRequestedError(retry_after=float("inf")).retry_after == LONGEST_PAUSE
