"""Issue 9 pt 2, no run can hang: every paged read stops when the server ignores paging (one sentence naming the
endpoint), every answer has a deadline for the whole of it (a trickling body is cut off and retried), and a run
has an overall time limit. Against real loopback servers (the simulators' "trickle" and "repeat" faults)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from raw_loopback import RawServer

from desktop_app.connectors import emarketeer_fields as EF
from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import PagingError, ServiceUnavailableError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.simulators import EmarketeerSimulator, Fault, SimClock, SimulatorServer, SuperOfficeSimulator
from desktop_app.simulators.common import json_response

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIST_ID = 0
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=2.0, max_retries=2, backoff_base=0.001, backoff_max=0.01, answer_deadline=1.0
)


@pytest.fixture
def em_sim():
    sim = EmarketeerSimulator(SimClock(T0)).start()
    yield sim
    sim.stop()


@pytest.fixture
def so_sim():
    sim = SuperOfficeSimulator(clock=SimClock(T0)).start()
    yield sim
    sim.stop()


def _em(sim) -> EmarketeerConnector:
    return EmarketeerConnector(sim.base_url, "demo-key", LIMITS)


# ------------------------------------------------------------------ whole-answer deadline


def test_a_body_trickling_in_a_byte_at_a_time_is_cut_off_and_retried(em_sim):
    for i in range(5):
        em_sim.add_contact(f"p{i}@example.se")
    # 0.3 s a byte never trips the 2 s read timeout; the page (some hundred bytes) would take minutes.
    em_sim.faults.add(Fault("trickle", delay=0.3, times=1, path_contains="/contacts"))
    with _em(em_sim) as em:
        started = time.monotonic()
        rows = list(em.iter_contacts())
        elapsed = time.monotonic() - started
    assert sorted(r.email for r in rows) == [f"p{i}@example.se" for i in range(5)]
    assert elapsed < 6, elapsed
    assert len([r for r in em_sim.requests if "/contacts" in r.path]) == 2  # cut off once, then answered


def test_an_answer_that_always_trickles_stops_with_one_sentence(em_sim):
    em_sim.faults.add(Fault("trickle", delay=0.3, times=-1, path_contains="/purposes"))
    with _em(em_sim) as em, pytest.raises(ServiceUnavailableError) as info:
        em.load_master_data()
    assert "whole answer did not come within 1 s" in info.value.user_message


# ------------------------------------------------------------------ paging the server does not follow


def _em_pages(em_sim, n: int) -> None:
    for i in range(n):
        em_sim.add_contact(f"c{i:02d}@example.se")
        em_sim.add_consent(
            f"c{i:02d}@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(minutes=100 - i)
        )


@pytest.mark.parametrize(
    "endpoint, read",
    [
        ("/contacts-api/v1/contacts", lambda em: list(em.iter_contacts(page_size=2))),
        ("/consent-public/v1/consents/filter", lambda em: list(em.iter_consents(page_size=2))),
        ("/contacts-api/v1/lists", lambda em: list(em.iter_lists(page_size=2))),
        (EF.PATH_LIST_CONTACTS, lambda em: list(em.iter_list_contacts(LIST_ID, page_size=2))),
    ],
)
def test_emarketeer_answering_the_same_page_again_stops_the_read_naming_the_endpoint(em_sim, endpoint, read):
    _em_pages(em_sim, 7)
    ids = [em_sim.add_list(f"List {i}", [f"c{j:02d}@example.se" for j in range(7)]) for i in range(5)]
    globals()["LIST_ID"] = ids[0]
    endpoint = endpoint.format(list_id=ids[0])
    with _em(em_sim) as em:
        em.load_master_data()
        em_sim.faults.add(Fault("repeat", times=-1, path_contains=endpoint))
        started = time.monotonic()
        with pytest.raises(PagingError) as info:
            read(em)
    assert time.monotonic() - started < 5
    message = info.value.user_message
    assert message.startswith("eMarketeer does not follow the paging of GET ") and endpoint in message
    assert message.endswith("so the read stopped.") and message.count(". ") == 0


class _EndlessPages(SimulatorServer):
    """An eMarketeer contacts endpoint gone wrong: every page full and new, whatever its total says."""

    def __init__(self, *, total: int | None, echo_page: bool = True) -> None:
        super().__init__()
        self.served = 0
        self.route("GET", r"/contacts-api/v1/contacts", self._page)
        self.total, self.echo_page = total, echo_page

    def _page(self, request):
        page, size = int(request.query.get("page", 1)), int(request.query.get("pageSize", 100))
        first = self.served
        self.served += size
        body = {
            "items": [
                {"id": first + i, "email": f"n{first + i}@example.se", "modified": "2026-06-01T10:00:00Z"}
                for i in range(size)
            ],
            "pageSize": size,
            "page": page if self.echo_page else 1,
        }
        if self.total is not None:
            body["total"] = self.total
        return json_response(200, body)


def test_emarketeer_sending_more_items_than_its_total_stops_the_read():
    with _EndlessPages(total=5) as server, EmarketeerConnector(server.root_url, "demo-key", LIMITS) as em:
        with pytest.raises(PagingError) as info:
            list(em.iter_contacts(page_size=2))
    assert "6 items came though it said there were 5" in info.value.user_message
    assert "GET /contacts-api/v1/contacts" in info.value.user_message


def test_emarketeer_answering_page_1_to_every_page_stops_the_read():
    with (
        _EndlessPages(total=None, echo_page=False) as server,
        EmarketeerConnector(server.root_url, "demo-key", LIMITS) as em,
    ):
        with pytest.raises(PagingError) as info:
            list(em.iter_contacts(page_size=2))
    assert "page 1 came when page 2 was asked for" in info.value.user_message


def test_superoffice_ignoring_the_archive_filter_stops_the_read_without_delivering_twice(so_sim):
    for i in range(5):
        so_sim.add_person(f"s{i}@example.se", registered=T0 - timedelta(days=3))
    so = SuperOfficeConnector(so_sim.base_url, BasicAuth("admin", "secret"), LIMITS, state_url=so_sim.state_url)
    with so:
        so.load_lists()
        so_sim.faults.add(Fault("repeat", times=-1, path_contains="/Archive/dynamic"))
        rows = []
        with pytest.raises(PagingError) as info:
            for row in so.iter_email_rows(page_size=2):
                rows.append(row)
    assert len(rows) == 2  # the first page, once
    assert info.value.user_message.startswith("SuperOffice does not follow the paging of GET ")


# ------------------------------------------------------------------ end to end: the run stops, the lock goes


def test_a_sync_against_a_server_ignoring_paging_stops_cleanly_and_frees_the_lock(tmp_path):
    from cli_support import cli_env, one_sentence, run_cli, start_servers

    so, em = start_servers(contacts=1)
    for i in range(1001):  # more than one archive page (1000 rows)
        so.add_person(f"only{i:04d}@example.se", registered=T0 - timedelta(days=3))
    data_dir = tmp_path / "d"
    try:
        env = cli_env(data_dir, so, em)
        so.faults.add(
            Fault("repeat", times=-1, path_contains="/Archive/dynamic")
        )  # every page after the first repeats it
        started = time.monotonic()
        stuck = run_cli(env, "sync", "--json", timeout=60)
        assert time.monotonic() - started < 30
        so.faults.clear()
        after = run_cli(env, "sync", "--json", timeout=60)
    finally:
        so.stop()
        em.stop()
    assert stuck.returncode == 1, stuck.stderr
    sentence = one_sentence(stuck.stderr)
    assert "does not follow the paging of GET" in sentence
    assert json.loads(stuck.stdout)["status"] == "stopped"
    assert after.returncode == 0, after.stderr  # the lock went with the stuck run; the next run completes


# ------------------------------------------------------------------ the run's own time limit


def test_a_run_past_its_time_limit_stops_cleanly_and_the_next_one_completes(world):
    from desktop_app.domain.model import RunStatus
    from desktop_app.sync.engine import EngineSettings
    from desktop_app.sync.lock import RunLock

    for i in range(3):
        pid = world.so.add_person(f"t{i}@example.se", registered=world.now() - timedelta(days=30))
        world.so.set_consent(pid, "EMARKETING", "61A", at=world.now() - timedelta(days=2))
        world.em.add_contact(f"t{i}@example.se")
    world.so.faults.add(Fault("delay", delay=0.4, times=-1))  # every answer slow: the run takes many seconds
    started = time.monotonic()
    summary = world.sync(settings=EngineSettings(max_run_time=timedelta(seconds=1)))
    assert time.monotonic() - started < 4
    assert summary.status is RunStatus.STOPPED
    assert summary.message.startswith("The run went on longer than its limit of 1 second and was stopped")
    assert world.store().get_run(summary.run_id).status is RunStatus.STOPPED
    with RunLock(world.data_dir):  # the stuck run let go of the lock (R20)
        pass
    world.so.faults.clear()
    assert world.sync().status is RunStatus.DONE


# ------------------------------------------------------------------ headers trickling in


class _TricklingHeaders(RawServer):
    """A loopback HTTP server whose first `slow` answers send the status line and then their headers a byte every
    `delay` seconds (no socket read ever times out); later answers come whole. Counts the requests it got."""

    BODY = b'{"items": [], "total": 0, "page": 1, "pageSize": 100}'

    def __init__(self, *, slow: int, delay: float = 0.3) -> None:
        self.slow, self.delay, self.requests = slow, delay, 0
        super().__init__()

    def answer(self, conn) -> None:
        while not self.stop.is_set():  # keep-alive: one connection may carry several requests
            if not self.read_head(conn):
                return
            self.requests += 1
            headers = (
                b"Content-Type: application/json\r\nX-Padding: " + b"x" * 200 + b"\r\n"
                b"Content-Length: " + str(len(self.BODY)).encode() + b"\r\n\r\n"
            )
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            if self.requests <= self.slow:
                for i in range(len(headers)):
                    if self.stop.wait(self.delay):
                        return
                    conn.sendall(headers[i : i + 1])
            else:
                conn.sendall(headers)
            conn.sendall(self.BODY)


def test_headers_trickling_in_a_byte_at_a_time_are_cut_off_and_retried():
    """Issue 9 pt 2: the deadline covers the whole exchange, headers too, not only the body."""
    with _TricklingHeaders(slow=1) as server, EmarketeerConnector(server.url, "demo-key", LIMITS) as em:
        started = time.monotonic()
        rows = list(em.iter_contacts())
        elapsed = time.monotonic() - started
    assert rows == []
    assert elapsed < 6, elapsed  # the headers alone (some 250 bytes at 0.3 s) would take over a minute
    assert server.requests == 2  # cut off once, then answered


def test_headers_that_always_trickle_stop_with_one_sentence():
    with _TricklingHeaders(slow=100) as server, EmarketeerConnector(server.url, "demo-key", LIMITS) as em:
        started = time.monotonic()
        with pytest.raises(ServiceUnavailableError) as info:
            list(em.iter_contacts())
        elapsed = time.monotonic() - started
    assert "whole answer did not come within 1 s" in info.value.user_message
    assert elapsed < 10, elapsed
