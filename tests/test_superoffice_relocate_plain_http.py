"""After a 421 the SuperOffice connector moves to the address the state service names: never to a plain http:// one.

api/superoffice.md: on a 421 (wrong host) the tenant's current web API comes from the state service's `Api`; Online
is served over https. A state answer naming `http://...` (a misconfigured or tampered proxy, a rewritten answer) made
`_relocate` switch to it, and every later request carried the access token (Bearer) or the on-site user's password
(Basic) in clear text over the network, for anyone on the way to read and reuse against the tenant's consent data.
Expected: one sentence naming the host, no request sent there, the address kept; loopback (the simulators, a tunnel
on this machine) stays allowed, as the setup check allows it.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from desktop_app.connectors.errors import WrongHostError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BearerAuth, SuperOfficeConnector
from desktop_app.simulators.common import SimClock, json_response
from desktop_app.simulators.superoffice import SuperOfficeSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(requests_per_second=1000.0, timeout=2.0, max_retries=0)


class _StateNamingPlainHttp(SuperOfficeSimulator):
    """A state service that names the tenant's new web API over plain http on another host."""

    def _get_state(self, customer):
        return json_response(
            200, {"State": "Running", "IsRunning": True, "Api": f"http://so.invalid/{self.customer}/api"}
        )


@pytest.fixture
def sim():
    server = _StateNamingPlainHttp(SimClock(T0)).start()
    yield server
    server.stop()


def test_a_move_to_a_plain_http_address_is_refused_in_one_sentence(sim):
    so = SuperOfficeConnector(sim.base_url, BearerAuth("demo-token"), LIMITS, state_url=sim.state_url)
    before = so.base_url
    sim.move_host()
    with so, pytest.raises(WrongHostError) as info:
        so.load_lists()
    assert "so.invalid" in info.value.user_message and "http://" in info.value.user_message
    assert so.base_url == before


def test_a_move_on_loopback_over_http_is_followed():
    sim = SuperOfficeSimulator(SimClock(T0)).start()
    try:
        so = SuperOfficeConnector(sim.base_url, BearerAuth("demo-token"), LIMITS, state_url=sim.state_url)
        moved = sim.move_host()
        with so:
            so.load_lists()
        assert moved.startswith("http://127.0.0.1") and so.base_url == moved
    finally:
        sim.stop()
