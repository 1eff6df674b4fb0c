"""Paged reads that end early without a word: records the vendor has are taken as "not there / no change"."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import ConnectorError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.simulators import EmarketeerSimulator, SimClock
from desktop_app.simulators.common import SimulatorServer, json_response

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=2.0, max_retries=1, backoff_base=0.001, backoff_max=0.01, answer_deadline=3.0
)


class _CappingEmarketeer(EmarketeerSimulator):
    """eMarketeer whose consent filter serves at most 100 items a page (its documented default page size) whatever
    `pageSize` asks, and does not name the size it used; `total` still counts every matching record."""

    CAP = 100

    def handle(self, request):
        response = super().handle(request)
        if request.path.endswith("/consents/filter") and response.status == 200:
            body = json.loads(response.body)
            body["items"] = body["items"][: self.CAP]
            body.pop("pageSize", None)
            return json_response(200, body)
        return response


def test_emarketeer_consent_read_does_not_stop_at_a_capped_page_while_total_says_more():
    """api/emarketeer.md Shapes: filter pages are `{"items", "page", "pageSize", "total": t}`, "`pageSize` defaults to
    100", and "UNVERIFIED still: every JSON field name and query parameter ... page size limits". The connector asks
    for 1000 a page.

    A server that serves 100 (its default, or a cap) without echoing `pageSize` makes `_time_item_lists`
    (emarketeer.py ~line 430: `ended = len(items) < _effective(size, served)`) take the first page as the last one
    and return silently, although the same answer's `total` says 250 records match - `_PageGuard` reads `total` but
    only to catch *too many* items. 150 contacts' current consents (withdrawals among them) are never read: the run
    treats them as "no change" and the DPO's view of the two systems is wrong without any error. Expected: every
    record, or a PagingError naming the endpoint."""
    sim = _CappingEmarketeer(SimClock(T0)).start()
    try:
        for i in range(250):
            sim.add_contact(f"c{i:03d}@example.se")
            sim.add_consent(
                f"c{i:03d}@example.se",
                "Marketing sendouts",
                "Withdrawn" if i % 2 else "Consent",
                created_at=T0 - timedelta(minutes=300 - i),
            )
        with EmarketeerConnector(sim.base_url, "demo-key", LIMITS) as em:
            em.load_master_data()
            try:
                records = list(em.iter_consents())
            except ConnectorError:
                return  # told in one sentence: acceptable
    finally:
        sim.stop()
    assert len({r.key for r in records}) == 250, f"only {len(records)} of 250 records read, and no error"


class _ArchiveIgnoringOrderBy(SimulatorServer):
    """A SuperOffice Dynamic archive for e-mail rows that honours `$top` and `<id> gt <n>` but returns rows in its own
    default order (by address) instead of the `$orderBy` asked for."""

    N = 2500

    def __init__(self) -> None:
        super().__init__()
        self.rows = [
            {
                "email.email_id": i,
                "email.person_id": i,
                "email.email_address": f"p{(i * 7919) % self.N:04d}@example.se",
                "email.rank": 1,
                "email.updated": None,
                "email.person_id.registered": "2026-01-01T10:00:00",
                "email.type": 0,
                "PrimaryKey": str(i),
            }
            for i in range(1, self.N + 1)
        ]
        self.route("GET", r"/Cust1/api/v1/Archive/dynamic", self._archive)

    def _archive(self, request):
        flt = unquote(request.query.get("$filter", ""))
        top = int(request.query.get("$top", 1000))
        after = re.search(r"email\.email_id gt (\d+)", flt)
        rows = [r for r in self.rows if after is None or r["email.email_id"] > int(after.group(1))]
        rows.sort(key=lambda r: r["email.email_address"])  # $orderBy not followed
        return json_response(200, {"odata.metadata": "x", "odata.nextLink": None, "value": rows[:top]})


def test_superoffice_archive_rows_out_of_id_order_are_not_skipped_silently():
    """api/superoffice.md item 2: the connector pages the Dynamic archive with `$orderBy=<column>` and (its own
    choice, superoffice.py module doc) `<id> gt <last id>`; the brief: "a cursor that goes backwards".

    `_archive_row_lists` (superoffice.py ~line 560) takes `max(ids)` of a page as the next cursor and only checks
    that the *next* page does not go back; it never checks that a page itself came in id order. An archive that does
    not apply `$orderBy` (a NetServer version, a proxy rewriting the query, a column spelling it ignores) hands out
    1000 rows whose highest id is near the top, the next page `gt` that id is nearly empty, and the read ends
    "successfully" with 1500 of 2500 persons' addresses missing: their contacts become unmatched (R11) and are
    never synced, with no error. Expected: all rows, or a PagingError."""
    with _ArchiveIgnoringOrderBy() as server:
        so = SuperOfficeConnector(
            server.root_url + "/Cust1/api/", BasicAuth("admin", "secret-pw"), LIMITS, state_url=server.root_url
        )
        with so:
            try:
                rows = list(so.iter_email_rows())
            except ConnectorError:
                return  # told in one sentence: acceptable
    assert len({r.person_id for r in rows}) == _ArchiveIgnoringOrderBy.N, (
        f"only {len(rows)} of {_ArchiveIgnoringOrderBy.N} e-mail rows read, and no error"
    )


class _SmallArchiveIgnoringOrderBy(_ArchiveIgnoringOrderBy):
    """The same archive with 5 rows, listed by address: the reverse of their id order, all on one (short) page."""

    N = 5


def test_a_single_short_page_in_another_order_is_read_whole():
    """R4/R18 and api/superoffice.md item 2 ("A page shorter than `$top` is the last page").

    eb807a1 made `_archive_row_lists` (superoffice.py ~line 590) raise PagingError("the rows of a page were not in
    id order") for ANY page whose ids are not ascending, before looking at whether the page is the last one. The
    fault it guards against (rows below the page's highest id skipped by the next `gt` request) can only happen
    when a next page is asked for: a short page is the last, and every row of it is delivered. A NetServer or proxy
    that does not apply `$orderBy` (the very case the fix names) used to give a send-time check of 5 recipients, or
    a small tenant's whole read, correctly; now every such run stops with a paging error. An admin loses every
    sync and every send's Checklist (R4) on such a tenant, although no row was ever at risk. Expected: the 5 rows."""
    with _SmallArchiveIgnoringOrderBy() as server:
        so = SuperOfficeConnector(
            server.root_url + "/Cust1/api/", BasicAuth("admin", "secret-pw"), LIMITS, state_url=server.root_url
        )
        with so:
            rows = list(so.iter_email_rows())
    assert sorted(r.person_id for r in rows) == [1, 2, 3, 4, 5]
