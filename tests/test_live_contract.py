"""Live contract tests (issue 10 point 8): the read-only half of both connectors and `check`, against a real sandbox
tenant and key when the LEGALBASIS_LIVE_* variables name them, else against the simulators (so CI keeps this module
from rotting). With LEGALBASIS_LIVE_WRITE_CONTACT also one write and its re-read on that test contact.

    SuperOffice:  LEGALBASIS_LIVE_SUPEROFFICE_URL (the tenant's web API base, e.g. https://sod.superoffice.com/Cust12345/api/)
                  and either LEGALBASIS_LIVE_SUPEROFFICE_TOKEN (Online: an access token) or
                  LEGALBASIS_LIVE_SUPEROFFICE_USER + LEGALBASIS_LIVE_SUPEROFFICE_PASSWORD (on-site);
                  LEGALBASIS_LIVE_SUPEROFFICE_ENVIRONMENT (sod, qaonline or online; default sod)
    eMarketeer:   LEGALBASIS_LIVE_EMARKETEER_API_KEY, and LEGALBASIS_LIVE_EMARKETEER_URL for a sandbox host
    writes:       LEGALBASIS_LIVE_WRITE_CONTACT=<an address that exists in both, kept for testing>

Both systems must be given for the live run; anything partial is a usage error, never a silent fallback.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.config import Credentials, resolve_config
from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, BearerAuth, SuperOfficeConnector
from desktop_app.domain.model import LegalBasis, Purpose
from desktop_app.sync.setup_check import check_setup

PREFIX = "LEGALBASIS_LIVE_"
ROWS = 50  # rows read per bulk read: a contract test, not a sync
LIMITS = RequestLimits(requests_per_second=5.0, max_concurrency=2, timeout=30.0, max_retries=2)


@dataclass
class Target:
    live: bool
    config: object
    credentials: Credentials
    write_contact: str | None

    def superoffice(self) -> SuperOfficeConnector:
        c, cred = self.config, self.credentials
        auth = (
            BasicAuth(c.superoffice_user, cred.superoffice_password)
            if c.crm == "onsite"
            else BearerAuth(cred.superoffice_token)
        )
        return SuperOfficeConnector(
            c.superoffice_url,
            auth,
            LIMITS,
            state_url=c.superoffice_state_address,
            write_source=c.superoffice_write_source,
        )

    def emarketeer(self) -> EmarketeerConnector:
        c = self.config
        kwargs = {
            "api_key": self.credentials.emarketeer_api_key,
            "limits": LIMITS,
            "write_source": c.emarketeer_write_source,
        }
        if c.emarketeer_url:
            kwargs["base_url"] = c.emarketeer_url
        return EmarketeerConnector(**kwargs)


def _live_target(tmp_path) -> Target | None:
    env = {k[len(PREFIX) :]: v for k, v in os.environ.items() if k.startswith(PREFIX) and v.strip()}
    if not env:
        return None
    so_url, em_key = env.get("SUPEROFFICE_URL"), env.get("EMARKETEER_API_KEY")
    online = "SUPEROFFICE_TOKEN" in env
    if not so_url or not em_key or not (online or {"SUPEROFFICE_USER", "SUPEROFFICE_PASSWORD"} <= set(env)):
        raise pytest.UsageError(
            "The live contract tests need LEGALBASIS_LIVE_SUPEROFFICE_URL, its token (or user and "
            "password) and LEGALBASIS_LIVE_EMARKETEER_API_KEY; see tests/test_live_contract.py."
        )
    saved = {
        "crm": "online" if online else "onsite",
        "enabled": True,
        "superoffice_url": so_url,
        "superoffice_user": env.get("SUPEROFFICE_USER", ""),
        "superoffice_environment": env.get("SUPEROFFICE_ENVIRONMENT", "sod"),
        "emarketeer_url": env.get("EMARKETEER_URL", ""),
    }
    if "SUPEROFFICE_STATE_URL" in env:
        saved["superoffice_state_url"] = env["SUPEROFFICE_STATE_URL"]
    config = resolve_config(saved, {}, data_dir=tmp_path)
    credentials = Credentials(
        em_key, superoffice_password=env.get("SUPEROFFICE_PASSWORD"), superoffice_token=env.get("SUPEROFFICE_TOKEN")
    )
    return Target(True, config, credentials, env.get("WRITE_CONTACT"))


@pytest.fixture
def target(tmp_path):
    live = _live_target(tmp_path)
    if live is not None:
        yield live
        return
    from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator

    so = SuperOfficeSimulator(clock=SimClock()).start()  # on this machine's time: `check` compares clocks
    em = EmarketeerSimulator(clock=SimClock()).start()
    now = datetime.now(timezone.utc)
    contact = "contract.test@example.se"
    for n, address in enumerate((contact, "second@example.se")):
        person = so.add_person(address, registered=now - timedelta(days=10 + n))
        so.set_consent(person, "EMARKETING", "61A", at=now - timedelta(days=2))
        em.add_contact(address, created=now - timedelta(days=9))
        em.add_consent(address, "Marketing sendouts", "Consent", created_at=now - timedelta(days=1))
    config = resolve_config(
        {
            "crm": "online",
            "enabled": True,
            "superoffice_url": so.base_url,
            "superoffice_state_url": so.state_url,
            "emarketeer_url": em.base_url,
        },
        {},
        data_dir=tmp_path,
    )
    yield Target(False, config, Credentials("demo-key", superoffice_token="demo-token"), contact)
    so.stop()
    em.stop()


def test_superoffice_read_only_half(target):
    with target.superoffice() as so:
        lists = so.load_lists()
        assert {"STORE", "EMARKETING"} <= set(lists.purposes) and "WITHDRAWN" in lists.legal_bases
        assert all(isinstance(name, str) and not name.startswith(('NO:"', 'US:"')) for name in lists.purposes.values())
        consent_rows = list(itertools.islice(so.iter_consent_rows(page_size=ROWS), ROWS))
        email_rows = list(itertools.islice(so.iter_email_rows(page_size=ROWS), ROWS))
        assert all(r.purpose in (Purpose.STORE, Purpose.MARKETING) for r in consent_rows)
        assert all(r.person_id > 0 and isinstance(r.rank, int) for r in email_rows)
        if email_rows:
            so.get_person_consents(email_rows[0].person_id)
        notices = [p for p in so.take_problems() if p.email.startswith("SuperOffice GET")]
        assert notices == [], [p.reason for p in notices]  # a field the app needs, missing on this tenant
        if so.customer_id and target.config.crm == "online":
            state = so.tenant_state()
            assert state is not None and state.is_running


def test_emarketeer_read_only_half(target):
    with target.emarketeer() as em:
        master = em.load_master_data()
        assert set(master.purpose_ids) == {Purpose.STORE, Purpose.MARKETING}
        records = list(itertools.islice(em.iter_consents(page_size=ROWS), ROWS))
        contacts = list(itertools.islice(em.iter_contacts(page_size=ROWS), ROWS))
        assert all("@" in r.key for r in records) and all(c.email for c in contacts)
        if records:
            em.get_consents(records[0].key)
            em.latest_record(records[0].key, records[0].purpose)
        list(itertools.islice(em.iter_lists(page_size=ROWS), ROWS))
        notices = [p for p in em.take_problems() if p.email.startswith("eMarketeer GET")]
        assert notices == [], [p.reason for p in notices]


def test_check_finds_nothing_wrong(target):
    result = check_setup(target.config, target.credentials)
    assert result.ok, result.text()


def test_one_write_and_its_re_read_on_the_test_contact(target):
    """Only with LEGALBASIS_LIVE_WRITE_CONTACT on a live tenant: the contact's current Marketing sendouts value is
    written again to each system (no change of meaning) and read back with the server's new change time."""
    if target.write_contact is None:
        pytest.skip("LEGALBASIS_LIVE_WRITE_CONTACT is not set: the live run stays read-only")
    address = target.write_contact
    with target.superoffice() as so, target.emarketeer() as em:
        so.load_lists()
        em.load_master_data()
        persons = sorted({r.person_id for r in so.iter_email_rows(addresses=[address]) if r.rank is not None})
        assert persons, f"SuperOffice has no person with {address}"
        before = so.get_person_consents(persons[0]).get(Purpose.MARKETING)
        basis = before.basis if before is not None and before.basis is not None else LegalBasis.CONSENT
        so.put_consent(persons[0], Purpose.MARKETING, basis, "Legal Basis Sync contract test: value written again")
        after = so.get_person_consents(persons[0])[Purpose.MARKETING]
        assert after.basis is basis and after.changed_at is not None
        em_before = em.get_consents(address).get(Purpose.MARKETING)
        em_basis = em_before.basis if em_before is not None and em_before.basis is not None else LegalBasis.CONSENT
        written = em.create_consent(address, Purpose.MARKETING, em_basis, "Legal Basis Sync contract test")
        newest = em.latest_record(address, Purpose.MARKETING)
        assert newest is not None and newest[0].basis is em_basis and newest[0].changed_at == written.changed_at
        assert newest[1] == "Legal Basis Sync contract test"
