"""The eMarketeer connector against the eMarketeer simulator over loopback: master data, paging, R17, writes, sends."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.connectors.emarketeer import EmarketeerConnector, SendResult, normalise_base_url
from desktop_app.connectors.emarketeer_fields import parse_time
from desktop_app.connectors.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    ConfigurationError,
    InvalidRequestError,
    NotFoundError,
)
from desktop_app.connectors.http import RequestLimits
from desktop_app.domain.model import Consent, LegalBasis, Purpose, System
from desktop_app.simulators.common import Fault, SimClock
from desktop_app.simulators.emarketeer import EmarketeerSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, max_concurrency=4, timeout=2.0, max_retries=3, backoff_base=0.001, backoff_max=0.01
)
STORE, MARKETING, PROFILING = "Store and process", "Marketing sendouts", "Profiling"


@pytest.fixture
def clock():
    return SimClock(T0)


@pytest.fixture
def sim(clock):
    server = EmarketeerSimulator(clock).start()
    yield server
    server.stop()


@pytest.fixture
def em(sim):
    connector = EmarketeerConnector(sim.base_url, "demo-key", LIMITS)
    yield connector
    connector.close()


def posts(sim):
    return [r for r in sim.requests if r.method == "POST"]


def settled_posts(sim, seconds: float = 3.0):
    """The POSTs once the server has finished with them (a delayed answer is logged when it is sent)."""
    deadline = time.monotonic() + seconds
    while not posts(sim) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05)
    return posts(sim)


def filter_requests(sim):
    return [r for r in sim.requests if r.path.endswith("/consents/filter")]


# ------------------------------------------------------------------ configuration


def test_module_urls():
    default = EmarketeerConnector(api_key="k-123456")
    assert default.base_url == "https://connect.emarketeer.com"
    assert default.consent_base_url == "https://prod-apigw.emarketeer.com"
    one_root = EmarketeerConnector("http://127.0.0.1:8080/", "k-123456")
    assert one_root.consent_base_url == "http://127.0.0.1:8080"
    split = EmarketeerConnector("https://proxy.example.com/em", "k-123456", consent_base_url="https://gw.example.com/")
    assert (split.base_url, split.consent_base_url) == ("https://proxy.example.com/em", "https://gw.example.com")
    assert normalise_base_url("https://connect.emarketeer.com/contacts-api/v1/") == "https://connect.emarketeer.com"
    for bad in ("", "connect.emarketeer.com", "ftp://x.se", "https://a:b@x.se"):
        with pytest.raises(ConfigurationError):
            EmarketeerConnector(bad, "k-123456")
    with pytest.raises(ConfigurationError, match="API key"):
        EmarketeerConnector("https://x.se", "  ")
    assert "k-123456" not in repr(default)
    for c in (default, one_root, split):
        c.close()


def test_master_data_is_mapped_by_name_case_insensitively(sim, em):
    for item in sim.purposes:
        item["name"] = item["name"].upper()
    sim.legal_bases.append({"id": 99, "name": "Something new"})  # unknown extras are fine
    md = em.load_master_data()
    assert md.purpose_ids == {Purpose.STORE: 11, Purpose.MARKETING: 12}
    assert md.basis_ids[LegalBasis.WITHDRAWN] == 25 and md.basis_ids[LegalBasis.CONSENT] == 24
    assert md.write_source_id == 35
    assert md.legal_bases[99] == "Something new"


@pytest.mark.parametrize(
    "which,name",
    [("purposes", STORE), ("purposes", MARKETING), ("legal_bases", "Withdrawn"), ("sources", "Other integration")],
)
def test_master_data_missing_an_item_we_need_is_a_configuration_error(sim, em, which, name):
    items = getattr(sim, which)
    items[:] = [i for i in items if i["name"] != name]
    with pytest.raises(ConfigurationError) as info:
        em.load_master_data()
    assert name in info.value.user_message and info.value.system is System.EMARKETEER


# ------------------------------------------------------------------ consent records


def test_consent_records_are_mapped_and_other_purposes_skipped(sim, clock, em):
    sim.add_consent("a@example.se", STORE, "Legitimate interest", description="form")
    sim.add_consent("a@example.se", PROFILING, "Consent")
    clock.advance(10)
    sim.add_consent("b@example.se", MARKETING, "Withdrawn", source_name="Unsubscribe link")
    records = list(em.iter_consents())
    # Key, purpose, value and description; then createdAt as the store's text, carried for a full read's staging.
    assert records == [
        (
            "a@example.se",
            Purpose.STORE,
            Consent(LegalBasis.LEGITIMATE_INTEREST, T0),
            "form",
            "2026-06-01T12:00:00.000000+00:00",
        ),
        (
            "b@example.se",
            Purpose.MARKETING,
            Consent(LegalBasis.WITHDRAWN, T0 + timedelta(seconds=10)),
            "",
            "2026-06-01T12:00:10.000000+00:00",
        ),
    ]
    assert em.take_problems() == []


def test_paging_across_page_boundaries_delivers_every_record_once(sim, clock, em):
    for i in range(23):
        sim.add_consent(f"p{i:02d}@example.se", MARKETING, "Consent")
        if i % 2:
            clock.advance(1)
    records = list(em.iter_consents(page_size=5))
    assert sorted(r.key for r in records) == [f"p{i:02d}@example.se" for i in range(23)]
    assert all(int(r.query["pageSize"]) == 5 for r in filter_requests(sim))


def test_a_burst_at_one_instant_longer_than_a_page_is_read_whole(sim, em):
    for i in range(12):
        sim.add_consent(f"same{i:02d}@example.se", STORE, "Consent")  # all at T0
    assert sorted(r.key for r in em.iter_consents(page_size=5)) == [f"same{i:02d}@example.se" for i in range(12)]


def test_a_record_superseded_mid_read_hides_no_other_record(sim, clock, em):
    for i in range(10):
        sim.add_consent(f"s{i}@example.se", STORE, "Consent")
        clock.advance(1)
    it = em.iter_consents(page_size=3)
    first = [next(it) for _ in range(3)]
    sim.add_consent("s0@example.se", STORE, "Withdrawn")  # s0's old record leaves the current set
    rest = list(it)
    keys = [r.key for r in first + rest]
    assert set(keys) == {f"s{i}@example.se" for i in range(10)}
    assert rest[-1].consent.basis is LegalBasis.WITHDRAWN


def test_records_described_as_the_runs_own_are_passed_over_and_the_others_read(sim, clock, em):
    """R14's re-read (issue 11): the run's own records (its token in the description) are skipped unread; a record
    anyone else made in the same time, with any other description, still comes."""
    sim.add_consent("ours@example.se", STORE, "Consent", description="Legal Basis Sync run 7 (LBS-7-1): set")
    sim.add_consent("theirs@example.se", STORE, "Withdrawn", description="Unsubscribed by the contact")
    sim.add_consent("older@example.se", STORE, "Consent", description="Legal Basis Sync run 6 (LBS-6-1): set")
    keys = [r.key for r in em.iter_consents(changed_since=T0, unless_described="Legal Basis Sync run 7 (")]
    assert sorted(keys) == ["older@example.se", "theirs@example.se"]
    assert len(list(em.iter_consents(changed_since=T0))) == 3


def test_changed_since_reads_only_newer_records(sim, clock, em):
    sim.add_consent("old@example.se", STORE, "Consent")
    clock.advance(3600)
    sim.add_consent("new@example.se", STORE, "Contract")
    since = T0 + timedelta(minutes=30)
    assert [r.key for r in em.iter_consents(changed_since=since)] == ["new@example.se"]
    assert filter_requests(sim)[-1].query["changedSince"] == "2026-06-01T12:30:00Z"


def test_bad_records_are_delivered_with_an_error_or_reported(sim, em):
    sim.add_contact("ok@example.se")
    sim.add_consent("ok@example.se", STORE, "Consent")
    base = {"purposeId": 11, "legalBasisId": 24, "sourceId": 33, "description": "", "createdAt": "2026-05-01T00:00:00Z"}
    sim.add_raw_record({**base, "key": "unknown-basis@example.se", "legalBasisId": 99999})
    sim.add_raw_record({**base, "key": "no-time@example.se", "createdAt": None})
    sim.add_raw_record({**base, "key": "garbage-time@example.se", "createdAt": "last tuesday"})
    sim.add_raw_record({**base, "key": "no-basis@example.se", "legalBasisId": None})
    sim.add_raw_record({**base, "key": "odd-purpose@example.se", "purposeId": 777})
    sim.add_raw_record({**base, "key": "profiling@example.se", "purposeId": 13})
    sim.add_raw_record({**base, "key": None})
    records = {r.key: r for r in em.iter_consents(page_size=3)}
    assert records["ok@example.se"].consent.error is None
    assert "99999" in records["unknown-basis@example.se"].consent.error
    assert "change time" in records["no-time@example.se"].consent.error
    assert "last tuesday" in records["garbage-time@example.se"].consent.error
    assert "legal basis" in records["no-basis@example.se"].consent.error
    assert "odd-purpose@example.se" not in records and "profiling@example.se" not in records
    assert all("eMarketeer" in r.consent.error for r in records.values() if r.consent.error)
    problems = em.take_problems()
    records_only = [p for p in problems if not p.email.startswith("eMarketeer GET")]
    assert sorted(p.email for p in records_only) == ["eMarketeer consent record", "odd-purpose@example.se"]
    assert any("777" in p.reason for p in records_only)
    # Issue 10 point 4: once per run, one sentence per endpoint and field missing or mistyped.
    notices = sorted(p.reason.split(" with the field ")[1].split(" ")[0] for p in problems if p not in records_only)
    assert notices == ["createdAt", "key", "legalBasisId"]
    assert all("GET /consent-public/v1/consents/filter" in p.reason for p in problems if p not in records_only)


def test_a_custom_legal_basis_is_an_error_on_that_record(sim, em):
    sim.legal_bases.append({"id": 90, "name": "Because we say so"})
    sim.add_contact("c@example.se")
    sim.add_raw_record(
        {
            "key": "c@example.se",
            "purposeId": 12,
            "legalBasisId": 90,
            "sourceId": 33,
            "description": "",
            "createdAt": "2026-05-01T00:00:00Z",
        }
    )
    (record,) = em.iter_consents()
    assert record.consent.basis is None and "Because we say so" in record.consent.error


# ------------------------------------------------------------------ contacts


def test_contacts_paged_and_filtered_by_modified(sim, clock, em):
    for i in range(7):
        sim.add_contact(f"c{i}@example.se")
    clock.advance(3600)
    sim.add_contact("late@example.se", first_name="Late")
    rows = list(em.iter_contacts(page_size=3))
    assert sorted(r.email for r in rows) == sorted([f"c{i}@example.se" for i in range(7)] + ["late@example.se"])
    assert all(isinstance(r.contact_id, int) for r in rows)
    recent = list(em.iter_contacts(modified_since=T0 + timedelta(minutes=1)))
    assert [(r.email, r.modified) for r in recent] == [("late@example.se", T0 + timedelta(hours=1))]
    assert em.get_contact("LATE@example.se").email == "late@example.se"
    assert em.get_contact("nobody@example.se") is None


# ------------------------------------------------------------------ one contact


def test_get_consents_and_unknown_contacts(sim, clock, em):
    sim.add_consent("one@example.se", STORE, "Consent")
    clock.advance(5)
    sim.add_consent("one@example.se", STORE, "Contract")
    sim.add_consent("one@example.se", PROFILING, "Consent")
    sim.add_contact("empty@example.se")
    assert em.get_consents("ONE@example.se") == {Purpose.STORE: Consent(LegalBasis.CONTRACT, T0 + timedelta(seconds=5))}
    assert em.get_consents("empty@example.se") == {}
    with pytest.raises(NotFoundError):
        em.get_consents("nobody@example.se")


def test_create_consent_writes_with_other_integration_and_returns_the_server_time(sim, clock, em):
    sim.add_contact("w@example.se")
    clock.advance(42)
    created = em.create_consent("w@example.se", Purpose.MARKETING, LegalBasis.WITHDRAWN, "Legal Basis Sync LBS-3-9")
    assert created == Consent(LegalBasis.WITHDRAWN, T0 + timedelta(seconds=42))
    (record,) = sim.history("w@example.se")
    assert (record["purposeId"], record["legalBasisId"], record["sourceId"]) == (12, 25, 35)
    assert record["description"] == "Legal Basis Sync LBS-3-9"
    assert em.latest_record("w@example.se", Purpose.MARKETING) == (created, "Legal Basis Sync LBS-3-9")
    assert em.latest_record("w@example.se", Purpose.STORE) is None
    assert em.latest_record("nobody@example.se", Purpose.STORE) is None
    with pytest.raises(NotFoundError):
        em.create_consent("nobody@example.se", Purpose.STORE, LegalBasis.CONSENT, "x")
    with pytest.raises(ValueError):
        em.create_consent("w@example.se", Purpose.STORE, None, "x")  # type: ignore[arg-type]


def test_latest_record_is_the_newest_of_that_purpose(sim, clock, em):
    sim.add_consent("h@example.se", STORE, "Consent", description="first")
    clock.advance(10)
    sim.add_consent("h@example.se", STORE, "Withdrawn", description="second")
    sim.add_consent("h@example.se", MARKETING, "Consent", description="other purpose")
    consent, description = em.latest_record("h@example.se", Purpose.STORE)
    assert (consent.basis, description) == (LegalBasis.WITHDRAWN, "second")


def test_a_legal_basis_the_account_lacks_fails_that_write_only(sim, em):
    sim.legal_bases[:] = [b for b in sim.legal_bases if b["name"] != "Public interest"]
    sim.add_contact("p@example.se")
    with pytest.raises(InvalidRequestError, match="Public interest"):
        em.create_consent("p@example.se", Purpose.STORE, LegalBasis.PUBLIC_INTEREST, "x")
    assert posts(sim) == []
    em.create_consent("p@example.se", Purpose.STORE, LegalBasis.CONSENT, "x")


def test_422_carries_the_vendors_message(sim, em):
    sim.add_contact("v@example.se")
    em.load_master_data()
    sim.sources[:] = [s for s in sim.sources if s["name"] != "Other integration"]
    with pytest.raises(InvalidRequestError) as info:
        em.create_consent("v@example.se", Purpose.STORE, LegalBasis.CONSENT, "x")
    assert info.value.status == 422 and "sourceId" in info.value.vendor_message


# ------------------------------------------------------------------ non-idempotent writes


@pytest.mark.parametrize(
    "fault",
    [
        Fault(kind="status", status=500),
        Fault(kind="status", status=502),
        Fault(kind="status", status=503),
        Fault(kind="status", status=504),
        Fault(kind="drop"),
        Fault(kind="delay", delay=1.0),
        Fault(kind="malformed"),
    ],
    ids=["500", "502", "503", "504", "reset", "timeout", "malformed"],
)
def test_a_consent_post_that_may_have_landed_is_not_resent(sim, fault):
    sim.add_contact("amb@example.se")
    connector = EmarketeerConnector(
        sim.base_url, "demo-key", RequestLimits(timeout=0.3, max_retries=3, backoff_base=0.001, backoff_max=0.01)
    )
    connector.load_master_data()
    sim.faults.add(Fault(**{**fault.__dict__, "method": "POST", "path_contains": "consents"}))
    with pytest.raises(AmbiguousWriteError) as info:
        connector.create_consent("amb@example.se", Purpose.STORE, LegalBasis.CONSENT, "LBS-1-1")
    assert len(settled_posts(sim)) == 1
    assert "not sent again" in info.value.user_message
    connector.close()


def test_a_consent_post_answered_429_is_retried(sim, em):
    sim.add_contact("busy@example.se")
    sim.faults.add(Fault(kind="status", status=429, retry_after=0.01, times=2, method="POST"))
    em.create_consent("busy@example.se", Purpose.STORE, LegalBasis.CONSENT, "x")
    assert [r.status for r in posts(sim)] == [429, 429, 201]
    assert len(sim.history("busy@example.se")) == 1


# ------------------------------------------------------------------ sends, auth


def test_send_reports_accepted_and_rejected(sim, em):
    sim.add_consent("yes@example.se", MARKETING, "Consent")
    sim.add_consent("no@example.se", MARKETING, "Withdrawn")
    result = em.send("email", 1001, ["yes@example.se", "no@example.se", "who@example.se"])
    assert result == SendResult(
        ["yes@example.se"], [("no@example.se", "withdrawn"), ("who@example.se", "unknown contact")]
    )
    with pytest.raises(ValueError):
        em.send("fax", 1001, [])


def test_a_wrong_api_key_is_an_authentication_error_without_the_key(sim):
    connector = EmarketeerConnector(sim.base_url, "wrong-key-987", LIMITS)
    with pytest.raises(AuthenticationError) as info:
        connector.load_master_data()
    # eMarketeer's API gateway answers a wrong key with 403 {"message": "Forbidden"} (api notes, checked facts).
    assert info.value.system is System.EMARKETEER and info.value.status == 403
    assert "key is wrong" in info.value.user_message
    assert "wrong-key-987" not in str(info.value) and "wrong-key-987" not in repr(info.value)
    assert "wrong-key-987" not in repr(connector)
    connector.close()


def test_dates():
    assert parse_time("2026-06-01T12:00:00Z") == T0
    assert parse_time("2026-06-01T14:00:00+02:00") == T0
    assert parse_time("2026-06-01T12:00:00") == T0  # naive = UTC
    assert parse_time("2026-06-01T12:00:00.250Z") == T0 + timedelta(milliseconds=250)
    assert parse_time(None) is None
    for bad in ("2026-13-01T00:00:00Z", "yesterday", 20260601):
        with pytest.raises(ValueError):
            parse_time(bad)
