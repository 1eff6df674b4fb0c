"""No vendor answer may fill the memory: a body past connectors.http.MAX_ANSWER_BYTES (counted once unpacked) ends
the read with one sentence naming the system, is not retried, and nothing is written.

SPEC R18 (a run that cannot finish stops cleanly, with one clear sentence, nothing half-written) and R14/R21 (every
read goes through the connectors' pages): the largest real answer is a page of 1,000 rows of a few hundred bytes. A
broken proxy, a hostile endpoint, an endless chunked body or a gzip bomb (a 200 kB `Content-Encoding: gzip` body that
unpacks to 200 MB, or "gzip, gzip" to far more) was read whole: the admin's laptop swapped or the process was killed
mid-run, and the run was retried up to five times doing the same. Against real loopback servers."""

from __future__ import annotations

import functools
import socket
import time
import tracemalloc
import zlib
from datetime import datetime, timezone

import pytest
from engine_support import simulated_world
from raw_loopback import RawServer

from desktop_app.connectors import http
from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import AmbiguousWriteError, AnswerTooLargeError, ServiceUnavailableError
from desktop_app.connectors.http import ApiClient, RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.connectors.superoffice_fields import PATH_ARCHIVE
from desktop_app.connectors.superoffice_oauth import SignInUnavailable, refresh_access_token
from desktop_app.domain.model import RunStatus, System
from desktop_app.simulators import EmarketeerSimulator, SimClock, SimulatorServer, SuperOfficeSimulator
from desktop_app.simulators.common import Response, json_response

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=2.0, max_retries=2, backoff_base=0.001, backoff_max=0.01, answer_deadline=20.0
)
MiB = 1024 * 1024
CAP = 4 * MiB  # the cap for these tests (the real one is far above any page and slower to reach)
INFLATED = 200 * MiB  # what the bombs unpack to
# Far below INFLATED: what reading up to CAP (and one piece more) may cost, with room for the test's own objects.
MEMORY_BOUND = 24 * MiB
TOO_LARGE = "larger than 4 MB, far more than any real answer, so it was not read"


@functools.cache
def _gzip_of_zeros(size: int, layers: int = 1) -> bytes:
    """`size` zero bytes gzipped (`layers` times), made a block at a time: the test never holds the unpacked bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MiB)
    body = b"".join(packer.compress(block) for _ in range(size // MiB)) + packer.flush()
    for _ in range(layers - 1):
        body = zlib.compress(body, 9, wbits=zlib.MAX_WBITS | 16)
    return body


def _bomb(layers: int = 1) -> Response:
    encoding = ", ".join(["gzip"] * layers)
    return Response(200, _gzip_of_zeros(INFLATED, layers), headers={"Content-Encoding": encoding})


def _answer_on(sim: SimulatorServer, path_part: str, response: Response) -> list[str]:
    """`sim` answers `response` to every request whose path holds `path_part`; returns the log of those requests."""
    seen: list[str] = []
    dispatch = sim._dispatch

    def answer(request):
        if path_part in request.path:
            seen.append(request.path)
            return response
        return dispatch(request)

    sim._dispatch = answer  # type: ignore[method-assign]
    return seen


@pytest.fixture(autouse=True)
def small_cap(monkeypatch):
    monkeypatch.setattr(http, "MAX_ANSWER_BYTES", CAP)


@pytest.fixture
def so_sim():
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    for i in range(3):
        sim.add_person(f"p{i}@example.se")
    yield sim
    sim.stop()


@pytest.fixture
def em_sim():
    sim = EmarketeerSimulator(SimClock(T0)).start()
    sim.add_contact("a@example.se")
    yield sim
    sim.stop()


class _Peak:
    """The most Python memory held at once inside the block, above what was held when it began."""

    def __enter__(self) -> "_Peak":
        tracemalloc.start()
        tracemalloc.reset_peak()
        self.base = tracemalloc.get_traced_memory()[0]
        return self

    def __exit__(self, *exc: object) -> None:
        self.grew = tracemalloc.get_traced_memory()[1] - self.base
        tracemalloc.stop()


def _read_so(sim) -> None:
    with SuperOfficeConnector(sim.base_url, BasicAuth("admin", "secret"), LIMITS, state_url=sim.state_url) as so:
        so.load_lists()
        list(so.iter_consent_rows())


def _read_em(sim) -> None:
    with EmarketeerConnector(sim.base_url, "demo-key", LIMITS) as em:
        list(em.iter_contacts())


READS = {
    "superoffice archive": ("so_sim", PATH_ARCHIVE, _read_so, "SuperOffice"),
    "emarketeer contacts": ("em_sim", "/contacts-api/v1/contacts", _read_em, "eMarketeer"),
}


@pytest.mark.parametrize("which", READS)
@pytest.mark.parametrize("layers", [1, 2], ids=["gzip", "gzip-gzip"])
def test_a_gzip_bomb_stops_the_page_read_with_one_sentence_and_little_memory(request, which, layers):
    fixture, path, read, label = READS[which]
    sim = request.getfixturevalue(fixture)
    seen = _answer_on(sim, path, _bomb(layers))
    with _Peak() as peak, pytest.raises(AnswerTooLargeError) as caught:
        read(sim)
    message = caught.value.user_message
    assert message.startswith(f"{label} sent an answer {TOO_LARGE}"), message
    assert caught.value.system.label == label
    assert len(seen) == 1, "retried: the same request gets the same answer"
    assert peak.grew < MEMORY_BOUND, f"reading the bomb held {peak.grew / MiB:.0f} MiB at once"


@pytest.mark.parametrize("which", READS)
def test_a_plain_body_past_the_cap_stops_the_page_read(request, which):
    fixture, path, read, label = READS[which]
    sim = request.getfixturevalue(fixture)
    seen = _answer_on(sim, path, Response(200, b"[" + b" " * (CAP + 10) + b"]"))
    with pytest.raises(AnswerTooLargeError) as caught:
        read(sim)
    assert caught.value.user_message.startswith(f"{label} sent an answer {TOO_LARGE}")
    assert len(seen) == 1


def test_an_answer_just_under_the_cap_is_read(em_sim):
    """The cap is a ceiling, not a size the normal path is cut at: a padded page just under it still reads."""
    page = json_response(200, {"items": [], "page": 1, "pageSize": 1000, "total": 0})
    padded = Response(200, page.body[:-1] + b" " * (CAP - len(page.body)) + b"}")
    assert len(padded.body) == CAP
    _answer_on(em_sim, "/contacts-api/v1/contacts", padded)
    with EmarketeerConnector(em_sim.base_url, "demo-key", LIMITS) as em:
        assert list(em.iter_contacts()) == []


class _Codings(SimulatorServer):
    """One JSON answer in the content coding a test asks for."""

    BODY = b'{"items": [' + b", ".join(b'{"id": %d, "email": "n%d@example.se"}' % (i, i) for i in range(1000)) + b"]}"

    def __init__(self, encoding: str, body: bytes) -> None:
        super().__init__()
        self.route("GET", r"/page", lambda request: Response(200, body, headers={"Content-Encoding": encoding}))


@pytest.mark.parametrize(
    "encoding, pack",
    [
        ("gzip", lambda b: zlib.compress(b, wbits=zlib.MAX_WBITS | 16)),
        ("deflate", zlib.compress),  # with the zlib wrapper (RFC 9110)
        ("deflate", lambda b: zlib.compress(b, wbits=-zlib.MAX_WBITS)),  # raw, as some servers send it
        ("gzip, gzip", lambda b: zlib.compress(zlib.compress(b, wbits=31), wbits=31)),
        ("identity", lambda b: b),
    ],
)
def test_real_compressed_answers_still_read(encoding, pack):
    with _Codings(encoding, pack(_Codings.BODY)) as server, ApiClient(System.EMARKETEER, limits=LIMITS) as client:
        body = client.get(server.root_url + "/page")
    assert [item["id"] for item in body["items"]] == list(range(1000))


def test_a_broken_gzip_answer_is_a_decoding_fault_retried_as_before():
    with _Codings("gzip", b"\x1f\x8b not gzip at all") as server, ApiClient(System.EMARKETEER, limits=LIMITS) as client:
        with pytest.raises(ServiceUnavailableError) as caught:
            client.get(server.root_url + "/page")
    assert "the answer could not be decoded" in caught.value.user_message
    assert len(server.requests) == LIMITS.max_retries + 1


class _EndlessBody(RawServer):
    """A server that answers 200 with a chunked body (no Content-Length) that goes on and on: 64 KiB chunks of spaces
    as fast as the client takes them, up to `most` bytes (so that a client without a cap is not killed either)."""

    def __init__(self, most: int = 512 * MiB) -> None:
        self.most = most
        super().__init__("/page")

    def answer(self, conn: socket.socket) -> None:
        chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
        if not self.read_head(conn):
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        sent = 0
        while sent < self.most and not self.stop.is_set():
            conn.sendall(chunk)
            sent += 0x10000


def test_an_endless_body_ends_at_the_cap_not_at_the_deadline():
    """An endless body does end at the whole-answer deadline (RequestLimits.answer_deadline, tests/test_no_hang.py),
    but a fast one fills gigabytes before it, and after it the read was retried: the cap ends it at once."""
    server = _EndlessBody()
    try:
        with ApiClient(System.SUPEROFFICE, limits=LIMITS) as client, _Peak() as peak:
            started = time.monotonic()
            with pytest.raises(AnswerTooLargeError) as caught:
                client.get(server.url)
            elapsed = time.monotonic() - started
    finally:
        server.close()
    assert caught.value.user_message.startswith(f"SuperOffice sent an answer {TOO_LARGE}")
    assert elapsed < LIMITS.answer_deadline / 2, elapsed
    assert server.connections == 1
    assert peak.grew < MEMORY_BOUND


def test_a_write_answered_past_the_cap_is_ambiguous_and_not_resent():
    """A POST whose answer is cut at the cap may have been processed: said as such (the caller checks whether it
    landed, R18), never sent again."""
    server = SimulatorServer()
    server.route("POST", r"/write", lambda request: _bomb())
    with server, ApiClient(System.EMARKETEER, limits=LIMITS) as client:
        with pytest.raises(AmbiguousWriteError) as caught:
            client.post(server.root_url + "/write", {"a": 1}, idempotent=False)
    assert "its answer was larger than 4 MB" in caught.value.user_message
    assert "it was not sent again" in caught.value.user_message
    assert len([r for r in server.requests if r.method == "POST"]) == 1


def test_a_gzip_bomb_from_the_token_endpoint_is_a_service_fault_not_sign_in_again(so_sim):
    """The token refresh goes through the same HTTP layer (superoffice_oauth._post_tokens): a bomb is a service
    fault with the sentence, not "sign in again", and its unpacked bytes are not kept."""
    seen = _answer_on(so_sim, "/oauth/tokens", _bomb())
    with _Peak() as peak, pytest.raises(SignInUnavailable) as caught:
        refresh_access_token(so_sim.token_url, "my-app", "demo-refresh", timeout=2.0)
    assert f"SuperOffice sent an answer {TOO_LARGE}" in caught.value.user_message
    assert "sign in again" not in caught.value.user_message
    assert len(seen) == 1
    assert peak.grew < MEMORY_BOUND


def test_a_sync_whose_superoffice_answers_a_bomb_stops_with_the_sentence_and_writes_nothing(tmp_path):
    with simulated_world(tmp_path) as world:
        pid = world.so_person("a@example.se", EMARKETING="61A")
        world.advance(60)
        world.em_contact("a@example.se", marketing="Withdrawn")
        _answer_on(world.so, PATH_ARCHIVE, _bomb())
        summary = world.sync()
        assert summary.status is RunStatus.STOPPED
        assert f"SuperOffice sent an answer {TOO_LARGE}" in str(summary.message)
        assert f"SuperOffice sent an answer {TOO_LARGE}" in str(world.store().get_run(summary.run_id).message)
        assert world.writes(world.so) == [] and world.writes(world.em) == []
        assert world.so_value(pid, "EMARKETING") == "61A"


class _MemberThenTail(RawServer):
    """200, chunked, the Content-Encoding given: a short valid compressed JSON member, then `tail` bytes of junk."""

    def __init__(self, encoding: str, member: bytes, tail: int) -> None:
        self.encoding, self.member, self.tail = encoding, member, tail
        super().__init__("/page")

    def answer(self, conn: socket.socket) -> None:
        if not self.read_head(conn):
            return
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + f"Content-Encoding: {self.encoding}\r\n\r\n".encode()
        )
        conn.sendall(b"%x\r\n" % len(self.member) + self.member + b"\r\n")
        junk, sent = b"\x00" * 0x10000, 0
        while sent < self.tail and not self.stop.is_set():
            conn.sendall(b"10000\r\n" + junk + b"\r\n")
            sent += len(junk)
        conn.sendall(b"0\r\n\r\n")


@pytest.mark.parametrize(
    "encoding, pack",
    [("gzip", lambda b: zlib.compress(b, wbits=31)), ("deflate", zlib.compress)],
    ids=["gzip", "deflate"],
)
def test_a_short_compressed_member_followed_by_an_endless_tail_is_dropped_at_the_cap(encoding, pack):
    """Bytes after a compressed body's end unpack to nothing: zlib kept every one of them (its `unused_data`), the
    unpacked count never grew, and a 48 MB tail behind a 20-byte gzip member was held whole and then read as a good,
    empty page. The body's own size counts too now. Found by this session's review of its own fixes."""
    server = _MemberThenTail(encoding, pack(b'{"items": []}'), tail=12 * CAP)
    try:
        with ApiClient(System.EMARKETEER, limits=LIMITS) as client, _Peak() as peak:
            with pytest.raises(AnswerTooLargeError) as caught:
                client.get(server.url)
    finally:
        server.close()
    assert TOO_LARGE in caught.value.user_message
    assert peak.grew < MEMORY_BOUND, f"{peak.grew / MiB:.0f} MiB held for a tail behind a short member"
