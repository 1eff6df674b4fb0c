"""Where the SuperOffice simulator answers more kindly than the real SuperOffice Online the api notes describe."""

from __future__ import annotations

from datetime import datetime, timezone

from desktop_app.connectors.errors import AuthenticationError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, BearerAuth, SuperOfficeConnector
from desktop_app.simulators import SimClock, SuperOfficeSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=1.0, max_retries=1, backoff_base=0.001, backoff_max=0.01, answer_deadline=2.0
)


def test_the_online_tenant_of_the_simulator_refuses_basic_auth_as_superoffice_online_does():
    """api/superoffice.md "Base URL and authentication": "Basic auth is refused on Online"; "Checked ... CONFIRMED:
    ... Basic refused on Online".

    The simulator plays an Online tenant (a `CustNNNNN` base path, the state service, 421 moves, the OAuth token
    endpoint) and by default also lets Basic `admin:secret` in, as an on-site NetServer would: the engine's own test
    world (tests/engine_support.py World.connectors) syncs with Basic. What that hides: an admin who picks "On-site"
    with an Online address gets, from the real service, a 401 for a correct password. `online=True` plays Online as it
    is: Basic refused (401), a Bearer token accepted."""
    sim = SuperOfficeSimulator(clock=SimClock(T0), online=True).start()
    try:
        assert "/Cust" in sim.base_url and sim.state_url  # an Online tenant, as the simulator serves it
        with SuperOfficeConnector(sim.base_url, BasicAuth("admin", "secret"), LIMITS, state_url=sim.state_url) as so:
            try:
                so.read_lists()
            except AuthenticationError as exc:
                refused = exc
            else:
                raise AssertionError("the simulated SuperOffice Online tenant accepted Basic auth")
        with SuperOfficeConnector(sim.base_url, BearerAuth("demo-token"), LIMITS, state_url=sim.state_url) as so:
            assert "STORE" in so.read_lists().purposes
    finally:
        sim.stop()
    assert refused.status == 401 and "secret" not in refused.user_message
