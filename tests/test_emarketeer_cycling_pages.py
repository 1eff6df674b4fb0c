"""An eMarketeer that hands out its pages in a cycle (A, B, A, B, ...) without a `total` must not make a read hang.

Issue 9 ("no run may hang") and api/emarketeer.md "Paging": a page with fewer items than `pageSize` is the last one;
`total` is ASSUMED. The numbered reads (contact lists, a list's contacts, the whole contact list read by page number)
checked a page only against the one before it, so a server (a gateway's cache, a page parameter it half-knows) that
answers pages 1, 2, 1, 2, ... with full pages and no `total` made the read go on for ever: the list choice or the
send-time check never answers, and the same contacts pile up in memory until the run's time limit. Expected: one
PagingError naming the endpoint, within seconds.
"""

from __future__ import annotations

import time

import pytest

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import PagingError
from desktop_app.connectors.http import RequestLimits
from desktop_app.simulators.common import SimulatorServer, json_response

LIMITS = RequestLimits(requests_per_second=1000.0, timeout=2.0, max_retries=0)


class _CyclingLists(SimulatorServer):
    """The contact lists endpoint serving two full pages in turn for every page asked, echoing the page asked."""

    def __init__(self) -> None:
        super().__init__()
        self.route("GET", r"/contacts-api/v1/lists/?", self._page)

    def _page(self, request):
        page, size = int(request.query.get("page", 1)), int(request.query.get("pageSize", 100))
        first = ((page - 1) % 2) * size
        items = [{"id": first + i, "name": f"List {first + i}", "size": 1} for i in range(size)]
        return json_response(200, {"items": items, "page": page, "pageSize": size})


def test_pages_served_in_a_cycle_stop_the_read_naming_the_endpoint():
    with _CyclingLists() as server, EmarketeerConnector(server.root_url, "demo-key", LIMITS) as em:
        started = time.monotonic()
        with pytest.raises(PagingError) as info:
            for n, _ in enumerate(em.iter_lists(page_size=2)):
                assert n < 1000, "still reading after 1000 lists"
    assert time.monotonic() - started < 5
    message = info.value.user_message
    assert "GET /contacts-api/v1/lists/" in message
    assert "page 3 held the same items as page 1" in message
