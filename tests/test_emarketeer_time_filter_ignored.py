"""An eMarketeer that ignores the time filter (`changedSince` / `modifiedSince`) must not make a read loop for ever.

api/emarketeer.md "Shapes (ASSUMED)" and "UNVERIFIED still: every JSON field name and query parameter": a real
eMarketeer (or a gateway version) that does not know `changedSince` ignores it and pages the whole list. The connector
goes on after every full page by time, from page 1 (the module doc); such a server hands page 1 again, and the read
re-read pages 1 and 2 for ever, delivering the same records again and again (9,600 requests in 10 s on loopback),
from the first full run of any account with more than one page of consent records until the run's two-hour limit
(issue 9: no run may hang). Expected: one PagingError naming the time filter, no record delivered twice; or, for the
whole contact list, every contact once, read by page number.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import PagingError
from desktop_app.connectors.http import RequestLimits
from desktop_app.simulators.common import SimClock
from desktop_app.simulators.emarketeer import EmarketeerSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(requests_per_second=1000.0, timeout=2.0, max_retries=0)


class _IgnoresTimeFilters(EmarketeerSimulator):
    """Knows `page` and `pageSize` but neither `changedSince` nor `modifiedSince` (other names than the assumed)."""

    def _get_filter(self, request):
        request.query.pop("changedSince", None)
        return super()._get_filter(request)

    def _get_contacts(self, request):
        request.query.pop("modifiedSince", None)
        return super()._get_contacts(request)


def _read_in_thread(read, seconds: float = 10.0):
    out: list = []

    def go() -> None:
        try:
            for record in read():
                out.append(record)
                if len(out) > 1000:
                    return
        except Exception as exc:  # a PagingError that ends the read is fine
            out.append(exc)

    thread = threading.Thread(target=go, daemon=True)
    thread.start()
    thread.join(seconds)
    return thread.is_alive(), out


@pytest.fixture
def em_and_sim():
    sim = _IgnoresTimeFilters(SimClock(T0)).start()
    em = EmarketeerConnector(sim.base_url, "demo-key", LIMITS)
    try:
        for i in range(8):
            at = T0 - timedelta(minutes=60 - i)
            sim.add_contact(f"p{i}@example.se", created=at)
            sim.add_consent(f"p{i}@example.se", "Store and process", "Consent", created_at=at)
        em.load_master_data()
        yield em, sim
    finally:
        em.client.cancel = threading.Event()
        em.client.cancel.set()
        sim.stop()


def _ends_once_each(alive, out, sim, key):
    keys = [key(r) for r in out if not isinstance(r, Exception)]
    assert not alive, f"still reading after 10 s, {len(sim.requests)} requests"
    assert len(keys) == len(set(keys)), f"records delivered more than once: {keys[:20]}"
    return keys


def test_a_full_consent_read_against_a_server_ignoring_changed_since_ends(em_and_sim):
    em, sim = em_and_sim
    alive, out = _read_in_thread(lambda: em.iter_consents(page_size=3))
    _ends_once_each(alive, out, sim, lambda r: r.key)
    assert isinstance(out[-1], PagingError), out[-1]
    assert "changedSince is probably not honoured" in out[-1].user_message


def test_a_contact_changes_read_against_a_server_ignoring_modified_since_ends(em_and_sim):
    em, sim = em_and_sim
    alive, out = _read_in_thread(lambda: em.iter_contacts(modified_since=T0 - timedelta(minutes=58), page_size=3))
    _ends_once_each(alive, out, sim, lambda r: r.email)
    assert isinstance(out[-1], PagingError), out[-1]
    assert "modifiedSince is probably not honoured" in out[-1].user_message


def test_the_whole_contact_list_is_read_by_page_number_when_modified_since_is_ignored(em_and_sim):
    em, sim = em_and_sim
    alive, out = _read_in_thread(lambda: em.iter_contacts(page_size=3))
    keys = _ends_once_each(alive, out, sim, lambda r: r.email)
    assert sorted(keys) == [f"p{i}@example.se" for i in range(8)], out
