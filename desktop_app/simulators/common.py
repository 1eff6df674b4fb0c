"""The loopback HTTP server both vendor simulators are built on: clock, faults, routing, JSON, request log."""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sortedcontainers import SortedList

HOST = "127.0.0.1"
# "trickle": the real answer, its body sent a byte every `delay` seconds (no socket read ever times out);
# "repeat": the answer last given for the same path again, whatever the query asked (a server ignoring paging).
FAULT_KINDS = ("status", "delay", "drop", "malformed", "trickle", "repeat")
# What a "malformed" fault answers: cut off mid-document, as a proxy that dropped the tail would.
MALFORMED_BODY = b'{"value": [{"PrimaryKey": "1", "EntityName": '


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC: both vendors keep UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


class SimClock:
    """A simulator's own idea of now, so tests can freeze it, move it, or skew one service against the other."""

    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._frozen: datetime | None = None if start is None else as_utc(start)
        # A real-time clock can still be advanced: it then runs that far ahead of the machine.
        self._offset = timedelta()

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return datetime.now(timezone.utc) + self._offset

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            if self._frozen is not None:
                self._frozen += timedelta(seconds=seconds)
                return self._frozen
            self._offset += timedelta(seconds=seconds)
            return datetime.now(timezone.utc) + self._offset

    def set(self, dt: datetime) -> None:
        """Freeze the clock at dt (from then on only advance() or set() move it)."""
        with self._lock:
            self._frozen = as_utc(dt)

    @property
    def frozen(self) -> bool:
        return self._frozen is not None


@dataclass
class Fault:
    """One injected failure; see FaultList for how requests consume it."""

    kind: str
    status: int = 503
    retry_after: float | None = None
    delay: float = 0.0
    times: int = 1
    method: str | None = None
    path_contains: str | None = None
    # The request is carried out first and only its answer is replaced (or, for "drop", lost):
    # what a client sees when a write reached the server but the response did not come back.
    after_handling: bool = False
    message: str | None = None  # a "status" fault's error text (default "Injected fault"): a vendor echoing input

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {FAULT_KINDS}, not {self.kind!r}")
        if self.times == 0 or self.times < -1:
            raise ValueError("times must be a positive count or -1 (forever)")

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains is None or self.path_contains in path


class FaultList:
    """Faults in order of addition; each request takes the first one that matches it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, path):
                    if fault.times > 0:
                        fault.times -= 1
                        if fault.times == 0:
                            del self._faults[index]
                    return fault
        return None

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)


@dataclass(frozen=True)
class RequestLogEntry:
    """One request as the simulator saw it. query holds the first value of each parameter;
    status is 0 when a "drop" fault closed the connection without answering."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    at: datetime


@dataclass
class Request:
    method: str
    path: str  # percent-decoded, without the query string
    query: dict[str, str]
    headers: Any  # http.client.HTTPMessage: case-insensitive get()
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # named groups of the matched route

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not."""
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    # Compact separators: a 1000-row page is ~15% smaller and dumps faster.
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(status, body, headers=headers or {})


def empty_response(status: int = 204) -> Response:
    return Response(status, b"", content_type="")


Handler = Callable[[Request], Response]


class SortedKeys:
    """A sorted sequence of tuples kept in step with inserts and removals, rebuilt lazily after bulk loads.

    A `SortedList` (sortedcontainers), not a plain list: removing a key from the middle of a plain sorted list
    moves every key after it, 1-2 ms per write at a million records, which an incremental run's writes waited
    for under the simulator's lock (issue 11 pt 1: the benchmark is meant to measure the engine, and a real
    service's index does not cost that). Inside bulk() the keys are only marked stale and sorted once when next read.
    """

    def __init__(self) -> None:
        self._keys: set[tuple] = set()
        self._sorted: SortedList | None = SortedList()
        self._bulk = 0

    def add(self, key: tuple) -> None:
        if key in self._keys:
            return
        self._keys.add(key)
        if self._sorted is not None and not self._bulk:
            self._sorted.add(key)
        else:
            self._sorted = None

    def discard(self, key: tuple) -> None:
        if key not in self._keys:
            return
        self._keys.discard(key)
        if self._sorted is not None and not self._bulk:
            self._sorted.remove(key)
        else:
            self._sorted = None

    def sorted(self) -> SortedList:
        """The keys in order: supports len, bisect_left and slicing, as a list does."""
        if self._sorted is None:
            self._sorted = SortedList(self._keys)
        return self._sorted

    @contextmanager
    def bulk(self) -> Iterator[None]:
        self._bulk += 1
        try:
            yield
        finally:
            self._bulk -= 1

    def __len__(self) -> int:
        return len(self._keys)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type, sim: "SimulatorServer") -> None:
        self.sim = sim
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or hung up mid-answer is normal here (delay and drop faults).
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    # HTTP/1.1 with exact Content-Length lets httpx keep its connections alive across pages.
    protocol_version = "HTTP/1.1"
    server_version = "LegalBasisSyncSimulator/1"
    sys_version = ""
    # Headers and body go out in separate writes; without this Nagle plus delayed ACK stalls loopback.
    disable_nagle_algorithm = True
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.sim._connection_opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.sim._connection_closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # the simulator keeps its own structured log; stderr noise would drown test output

    def send_response(self, code: int, message: str | None = None) -> None:
        """As the base class, but the Date header comes from the simulator's own clock (R21: the engine's
        cursors use it), shifted by `date_skew`, or is left out when that is None (a proxy that strips it)."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", self.version_string())
        skew = self.server.sim.date_skew
        if skew is not None:
            self.send_header("Date", format_datetime(self.server.sim.clock.now() + skew, usegmt=True))

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def _handle(self) -> None:
        sim = self.server.sim
        split = urlsplit(self.path)
        path = unquote(split.path)
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        method = self.command.upper()

        fault = sim.faults.take(method, path)
        response: Response | None
        if fault is not None and fault.kind == "delay":
            # Sleep, then answer normally: the client's read timeout firing first is the point.
            if sim._stopping.wait(fault.delay):
                fault = Fault("drop")
            else:
                fault = None
        if fault is not None and fault.after_handling:
            sim._dispatch(Request(method, path, query, self.headers, body))
        trickle = 0.0
        if fault is not None and fault.kind == "trickle":
            trickle = fault.delay
            fault = None
        if fault is not None and fault.kind == "repeat":
            with sim._log_lock:
                repeated = sim._last_answers.get((method, path))
            fault, response = (None, None) if repeated is None else (fault, repeated)
        if fault is None:
            response = sim._dispatch(Request(method, path, query, self.headers, body))
            with sim._log_lock:
                sim._last_answers[(method, path)] = response
        elif fault.kind == "repeat":
            pass
        elif fault.kind == "drop":
            response = None
        elif fault.kind == "malformed":
            response = Response(200, MALFORMED_BODY)
        else:
            headers = {}
            if fault.retry_after is not None:
                retry = fault.retry_after
                headers["Retry-After"] = str(int(retry)) if float(retry).is_integer() else str(retry)
            response = json_response(
                fault.status, sim.error_body(fault.status, fault.message or "Injected fault"), headers
            )

        # Logged before answering, so a test that has its response can already see the entry.
        sim._log(method, path, query, 0 if response is None else response.status)
        if response is None:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._send(response, head=method == "HEAD", trickle=trickle)

    def _send(self, response: Response, head: bool = False, trickle: float = 0.0) -> None:
        self.send_response(response.status)
        no_body = response.status in (204, 304) or 100 <= response.status < 200
        if not no_body:
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if response.body and not no_body and not head:
            if not trickle:
                self.wfile.write(response.body)
                return
            for i in range(len(response.body)):
                self.wfile.write(response.body[i : i + 1])
                self.wfile.flush()
                if self.server.sim._stopping.wait(trickle):
                    break


class SimulatorServer:
    """A small threaded HTTP server on 127.0.0.1 with routes, faults and a request log.

    Subclasses register routes with route() and give error_body() their vendor's error shape.
    """

    def __init__(self, clock: SimClock | None = None, port: int = 0) -> None:
        self.clock = clock or SimClock()
        # The Date header's offset from the clock (a front end whose clock is off); None: no Date header at all.
        self.date_skew: timedelta | None = timedelta(0)
        self.faults = FaultList()
        self.requests: list[RequestLogEntry] = []
        self._requested_port = port
        self._lock = threading.RLock()  # guards the simulator's state; subclasses use it too
        self._log_lock = threading.Lock()
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._last_answers: dict[tuple[str, str], Response] = {}  # for "repeat" faults

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> "SimulatorServer":
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _HTTPServer((HOST, self._requested_port), _RequestHandler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"{type(self).__name__}:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        # Kept-alive connections would otherwise go on being served by their threads after stop().
        with self._connections_lock:
            open_connections = list(self._connections)
        for conn in open_connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "SimulatorServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("simulator is not running: call start() first")
        return self._server.server_address[1]

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def root_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # -- request log -------------------------------------------------------------------------------

    def clear_requests(self) -> None:
        with self._log_lock:
            self.requests.clear()

    def _log(self, method: str, path: str, query: dict[str, str], status: int) -> None:
        entry = RequestLogEntry(method, path, query, status, self.clock.now())
        with self._log_lock:
            self.requests.append(entry)

    def _connection_opened(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(conn)

    def _connection_closed(self, conn: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(conn)

    # -- routing -----------------------------------------------------------------------------------

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        """Register handler for method and a regular expression matched against the whole path."""
        self._routes.append((method.upper(), re.compile(pattern), handler))

    def error_body(self, status: int, message: str, error_type: str | None = None) -> Any:
        return {"message": message}

    def error(
        self, status: int, message: str, error_type: str | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        return json_response(status, self.error_body(status, message, error_type), headers)

    def handle(self, request: Request) -> Response:
        """Answer one request; subclasses wrap this (authentication, base paths) and call dispatch_routes."""
        return self.dispatch_routes(request, request.path)

    def dispatch_routes(self, request: Request, path: str) -> Response:
        path_matched = False
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            path_matched = True
            if method != request.method:
                continue
            request.params = {k: v for k, v in match.groupdict().items() if v is not None}
            return handler(request)
        if path_matched:
            return self.error(405, f"method {request.method} not allowed on {request.path}")
        return self.error(404, f"no such resource: {request.path}")

    def _dispatch(self, request: Request) -> Response:
        try:
            return self.handle(request)
        except Exception as exc:  # a simulator bug: answer 500 and say where, loudly
            traceback.print_exc()
            return self.error(500, f"simulator error: {type(exc).__name__}: {exc}")
