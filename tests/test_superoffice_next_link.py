"""A SuperOffice archive that serves fewer rows than `$top` asked and says more follow (`odata.nextLink`).

api/superoffice.md "Bulk reads": the Dynamic archive answers `{"odata.metadata", "odata.nextLink", "value"}`. A
NetServer setting, a gateway with its own row cap (500 a page, say) or a server under load answers the connector's
`$top=1000` with a shorter page and a non-null `odata.nextLink` pointing at the rest. Taken as the last page, every row
after it is left out without a word: a person beyond it counts as unmatched (R11) and is never synced, and a
withdrawal made in SuperOffice on such a person never reaches eMarketeer, which goes on e-mailing them while the run
says DONE.
"""

from __future__ import annotations

import json

import pytest
from engine_support import simulated_world

from desktop_app.connectors.errors import PagingError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.domain.model import RunStatus
from desktop_app.simulators.common import SimulatorServer, json_response
from desktop_app.simulators.superoffice import SuperOfficeSimulator

CAP = 3
LIMITS = RequestLimits(requests_per_second=1000.0, timeout=2.0, max_retries=0)


class _CappingNetServer(SuperOfficeSimulator):
    """Serves at most CAP rows a page whatever `$top` asks, with `odata.nextLink` set while more rows follow."""

    def _query_window(self, entity, terms, order, skip, top):
        rows = super()._query_window(entity, terms, order, skip, top + 1)
        self._more = len(rows) > min(top, CAP)
        return rows[: min(top, CAP)]

    def _get_archive(self, request):
        response = super()._get_archive(request)
        if response.status == 200 and getattr(self, "_more", False):
            body = json.loads(response.body)
            body["odata.nextLink"] = f"{self.base_url}v1/Archive/dynamic?$skiptoken=next"
            response.body = json.dumps(body).encode()
        return response


def test_rows_after_a_capped_page_are_read(tmp_path):
    """The SuperOffice withdrawal of the last of 8 persons, served 3 rows a page, reaches eMarketeer."""
    with simulated_world(tmp_path, superoffice=_CappingNetServer) as world:
        emails = [f"p{i}@example.se" for i in range(8)]
        for email in emails:
            world.so_person(email, STORE="61A", EMARKETING="61A")
            world.em_contact(email, store="Consent", marketing="Consent")
        last = emails[-1]
        world.advance(60)
        world.so.set_consent(world.so_person_id(last), "EMARKETING", "WITHDRAWN")
        world.advance(3600)
        summary = world.sync()
        assert summary.status is RunStatus.DONE, summary.message
        assert world.em_value(last, "Marketing sendouts") == "Withdrawn"


class _ShortPageWithoutIds(SimulatorServer):
    """An archive whose short page says more follow but whose rows carry no id the reader could go on from."""

    def __init__(self) -> None:
        super().__init__()
        self.route("GET", r"/Cust1/api/v1/Archive/dynamic", self._archive)

    def _archive(self, request):
        rows = [{"email.email_address": "p@example.se", "email.rank": 1, "email.type": 0}]
        return json_response(200, {"odata.metadata": "x", "odata.nextLink": "https://x/next", "value": rows})


def test_a_short_page_said_to_have_more_but_no_ids_stops_with_a_paging_error():
    """No way to ask for the rows after it by id: one sentence naming the fault, not a quiet end of the read."""
    with _ShortPageWithoutIds() as server:
        so = SuperOfficeConnector(
            server.root_url + "/Cust1/api/", BasicAuth("admin", "secret-pw"), LIMITS, state_url=server.root_url
        )
        with so, pytest.raises(PagingError) as caught:
            list(so.iter_email_rows())
    assert "said more rows follow" in caught.value.user_message
