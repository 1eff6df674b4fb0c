"""The setup check's "Clocks of the two services" compares each service's offset from this machine, so a slow check
is not taken for clocks apart. Found by an adversarial review of `check`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.config import Credentials, resolve_config
from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator
from desktop_app.sync import setup_check as C

PASSWORD = "pw-review-clock"
API_KEY = "key-review-clock"


@pytest.fixture
def servers():
    so = SuperOfficeSimulator(clock=SimClock(), users={"admin": PASSWORD}).start()
    em = EmarketeerSimulator(clock=SimClock(), api_keys={API_KEY}).start()
    yield so, em
    so.stop()
    em.stop()


def test_two_correct_clocks_are_not_reported_apart_because_the_check_took_70_seconds(tmp_path, servers, monkeypatch):
    """Both services are exactly on this machine's time. The SuperOffice half of the check ends, then 70 s pass
    before the eMarketeer half answers (a slow tenant: the check's own timeout is 15 s a request, retried). The item
    compares the *latest Date header* of each service, read 70 s apart, and says the clocks are 70 s apart and
    fails (window 120 s, threshold 60 s), sending the admin to fix a clock that is right. Each service's offset
    against this machine (which the two single-clock items get right) is what should be compared."""
    so, em = servers
    elapsed = timedelta()

    def now() -> datetime:
        return datetime.now(timezone.utc) + elapsed

    original = C._check_emarketeer

    def slow_emarketeer(run, connector):
        nonlocal elapsed
        elapsed += timedelta(seconds=70)  # time passes for everyone: this machine and both servers
        so.clock.advance(70)
        em.clock.advance(70)
        return original(run, connector)

    monkeypatch.setattr(C, "_check_emarketeer", slow_emarketeer)
    config = resolve_config(
        {
            "crm": "onsite",
            "enabled": True,
            "superoffice_url": so.base_url,
            "superoffice_user": "admin",
            "emarketeer_url": em.base_url,
        },
        {},
        data_dir=tmp_path,
    )
    result = C.check_setup(config, Credentials(API_KEY, superoffice_password=PASSWORD), now=now)
    assert result.item(C.SO_CLOCK).ok and result.item(C.EM_CLOCK).ok, result.text()
    assert result.item(C.CLOCKS_AGREE).ok, result.item(C.CLOCKS_AGREE).message
