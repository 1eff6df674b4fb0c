"""The vendor simulators over real loopback sockets: shapes, paging, filters, auth, moves and every fault kind."""

from __future__ import annotations

import base64
import io
import json
import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from desktop_app.domain.email import try_normalise_email
from desktop_app.simulators import (
    EmarketeerSimulator,
    Fault,
    FaultList,
    SimClock,
    SuperOfficeSimulator,
    generate_dataset,
    run_foreground,
)
from desktop_app.simulators import data as sample

T0 = datetime(2026, 6, 30, 12, 0, 0, tzinfo=timezone.utc)
CONSENT_COLUMNS = [
    "consentperson.consentperson_id",
    "consentperson.person_id",
    "consentperson.registered",
    "consentperson.updated",
    "consentperson.consentPurpose_id.key",
    "consentperson.legalBase_id.key",
    "consentperson.consentSource_id.key",
    "consentperson.comment",
]
EMAIL_COLUMNS = [
    "email.email_id",
    "email.person_id",
    "email.email_address",
    "email.rank",
    "email.updated",
    "email.person_id.registered",
]
CONSENT_INFO_FIELDS = {
    "ConsentPersonId",
    "Comment",
    "Registered",
    "RegisteredAssociateId",
    "Updated",
    "UpdatedAssociateId",
    "LegalBaseId",
    "LegalBaseKey",
    "LegalBaseName",
    "ConsentPurposeId",
    "ConsentPurposeKey",
    "ConsentPurposeName",
    "ConsentSourceId",
    "ConsentSourceKey",
    "ConsentSourceName",
}


def so_time(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def em_time(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def so():
    # These tests set every consent row themselves: no creation-default STORE row for new persons (R22);
    # test_a_new_person_gets_its_own_store_row covers the default.
    with SuperOfficeSimulator(clock=SimClock(T0), creation_default=None) as sim:
        yield sim


@pytest.fixture
def em():
    with EmarketeerSimulator(clock=SimClock(T0)) as sim:
        yield sim


@pytest.fixture
def so_client(so):
    with httpx.Client(
        base_url=so.base_url,
        headers={"Authorization": "Bearer demo-token", "Accept-Language": "en", "Accept": "application/json"},
        timeout=5,
    ) as client:
        yield client


@pytest.fixture
def em_client(em):
    with httpx.Client(base_url=em.base_url, headers={"x-api-key": "demo-key"}, timeout=5) as client:
        yield client


def archive(
    client: httpx.Client, columns, filter_: str | None = None, top: int = 1000, skip: int = 0, order: str | None = None
) -> httpx.Response:
    params = {"$select": ",".join(columns), "$top": top, "$skip": skip}
    if filter_ is not None:
        params["$filter"] = filter_
    if order is not None:
        params["$orderBy"] = order
    return client.get("v1/Archive/dynamic", params=params)


def rows(client: httpx.Client, columns, filter_: str | None = None, order: str | None = None) -> list[dict]:
    response = archive(client, columns, filter_, order=order)
    assert response.status_code == 200, response.text
    return response.json()["value"]


def assert_so_error(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["Error"] is True and set(body) == {"Error", "ErrorType", "ErrorMessage", "ErrorSource"}
    return body


# -- clock and faults -----------------------------------------------------------------------------


def test_clock_frozen_advanced_set_and_real():
    clock = SimClock(T0)
    assert clock.now() == T0 and clock.now().tzinfo is not None
    assert clock.advance(90) == T0 + timedelta(seconds=90) == clock.now()
    clock.set(datetime(2030, 1, 1))  # naive is taken as UTC
    assert clock.now() == datetime(2030, 1, 1, tzinfo=timezone.utc)
    real = SimClock()
    assert abs(real.now() - datetime.now(timezone.utc)) < timedelta(seconds=2)
    real.advance(3600)
    assert abs(real.now() - datetime.now(timezone.utc) - timedelta(hours=1)) < timedelta(seconds=2)


def test_fault_list_matches_in_order_and_counts_down():
    faults = FaultList()
    faults.add(Fault("status", status=500, method="PUT"))
    faults.add(Fault("status", status=429, path_contains="Archive", times=2))
    assert faults.take("GET", "/x/Person/1") is None
    assert faults.take("GET", "/x/Archive/dynamic").status == 429
    assert faults.take("PUT", "/x/Archive/dynamic").status == 500
    assert faults.take("GET", "/x/Archive/dynamic").status == 429
    assert faults.take("GET", "/x/Archive/dynamic") is None and len(faults) == 0
    forever = faults.add(Fault("drop", times=-1))
    assert all(faults.take("GET", "/") is forever for _ in range(5))
    faults.clear()
    assert faults.take("GET", "/") is None
    with pytest.raises(ValueError):
        Fault("explode")


def test_status_fault_with_retry_after_then_normal(so, so_client):
    so.faults.add(Fault("status", status=429, retry_after=2, times=2, path_contains="/List/"))
    so.faults.add(Fault("status", status=503, retry_after=0.5, method="GET"))
    first = so_client.get("v1/List/LegalBase/Items")
    assert_so_error(first, 429)
    assert first.headers["Retry-After"] == "2"
    assert so_client.get("v1/List/LegalBase/Items").status_code == 429
    # The 503 fault only matches GET; the PUT is answered normally (404: no such person).
    assert so_client.put("v1/Person/9/Consent/STORE", params={"source": "API", "legalBase": "61A"}).status_code == 404
    third = so_client.get("v1/List/LegalBase/Items")
    assert third.status_code == 503 and third.headers["Retry-After"] == "0.5"
    assert so_client.get("v1/List/LegalBase/Items").status_code == 200
    assert [r.status for r in so.requests] == [429, 429, 404, 503, 200]


def test_status_fault_on_emarketeer_has_its_error_shape(em, em_client):
    em.faults.add(Fault("status", status=500))
    response = em_client.get("/consent-public/v1/purposes")
    assert response.status_code == 500 and set(response.json()) == {"message"}
    assert "Retry-After" not in response.headers


def test_delay_fault_times_the_client_out_then_answers(so, so_client):
    so.faults.add(Fault("delay", delay=0.6))
    with pytest.raises(httpx.ReadTimeout):
        so_client.get("v1/List/LegalBase/Items", timeout=0.15)
    assert so_client.get("v1/List/LegalBase/Items").status_code == 200
    # A delay shorter than the timeout is just a slow answer.
    so.faults.add(Fault("delay", delay=0.05))
    assert so_client.get("v1/List/LegalBase/Items", timeout=2).status_code == 200


def test_drop_fault_closes_without_answer(em, em_client):
    em.faults.add(Fault("drop", path_contains="/consents/filter"))
    assert em_client.get("/consent-public/v1/purposes").status_code == 200  # a kept-alive connection
    with pytest.raises(httpx.RemoteProtocolError):
        em_client.get("/consent-public/v1/consents/filter")
    assert em_client.get("/consent-public/v1/consents/filter").status_code == 200
    assert [r.status for r in em.requests] == [200, 0, 200]


def test_malformed_fault_is_200_with_broken_json(so, so_client):
    so.faults.add(Fault("malformed"))
    response = archive(so_client, CONSENT_COLUMNS)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert archive(so_client, CONSENT_COLUMNS).json()["value"] == []


def test_request_log_records_method_path_query_status_time(so, so_client):
    so.clock.advance(5)
    archive(so_client, ["email.email_id"], "email.rank eq 1", top=10)
    entry = so.requests[-1]
    assert entry.method == "GET" and entry.path == "/Cust12345/api/v1/Archive/dynamic"
    assert entry.query == {"$select": "email.email_id", "$top": "10", "$skip": "0", "$filter": "email.rank eq 1"}
    assert entry.status == 200 and entry.at == T0 + timedelta(seconds=5)
    so.clear_requests()
    assert so.requests == []


def test_stop_closes_kept_alive_connections():
    sim = SuperOfficeSimulator().start()
    with httpx.Client(base_url=sim.base_url, headers={"Authorization": "Bearer demo-token"}, timeout=2) as client:
        assert client.get("v1/List/ConsentSource/Items").status_code == 200
        sim.stop()
        with pytest.raises(httpx.TransportError):
            client.get("v1/List/ConsentSource/Items")
    assert not sim.running


# -- SuperOffice ----------------------------------------------------------------------------------


def test_lists_carry_the_builtin_keys(so_client):
    legal = so_client.get("v1/List/LegalBase/Items").json()
    assert {i["Key"] for i in legal} == {"61A", "61B", "61C", "61D", "61E", "61F", "WITHDRAWN"}
    assert set(legal[0]) == {"LegalBaseId", "Name", "Key", "Rank", "Tooltip", "Deleted"}
    assert legal[0] == {"LegalBaseId": 1, "Name": "Consent", "Key": "61A", "Rank": 1, "Tooltip": "", "Deleted": False}
    purposes = so_client.get("v1/List/ConsentPurpose/Items").json()
    assert [(p["Key"], p["Name"]) for p in purposes] == [("STORE", "Sales and service"), ("EMARKETING", "E-marketing")]
    assert "ConsentPurposeId" in purposes[0]
    sources = {s["Key"]: s for s in so_client.get("v1/List/ConsentSource/Items").json()}
    assert sources["API"]["Name"] == "Other integration" and sources["API"]["ConsentSourceId"] == 8
    assert {"USER", "EMAIL", "REQUEST", "CHAT", "WEBFORM", "CUSTOMERPORTAL", "IMPORT", "UNKNOWN"} <= set(sources)


def test_authentication_basic_bearer_and_failures(so):
    url = so.base_url + "v1/List/LegalBase/Items"
    basic = "Basic " + base64.b64encode(b"admin:secret").decode()
    assert httpx.get(url, headers={"Authorization": basic}).status_code == 200
    assert httpx.get(url, headers={"Authorization": "Bearer demo-token"}).status_code == 200
    for header in (
        {},
        {"Authorization": "Basic " + base64.b64encode(b"admin:wrong").decode()},
        {"Authorization": "Basic !!notbase64"},
        {"Authorization": "Bearer nope"},
    ):
        body = assert_so_error(httpx.get(url, headers=header), 401)
        assert body["ErrorType"] == "SoAuthenticationException"
    so.revoke_tokens()
    assert_so_error(httpx.get(url, headers={"Authorization": "Bearer demo-token"}), 401)


def test_token_refresh(so):
    so.revoke_tokens()
    form = {"grant_type": "refresh_token", "refresh_token": "demo-refresh", "client_id": "app"}
    answer = httpx.post(so.token_url, data=form)
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert httpx.get(so.base_url + "v1/List/LegalBase/Items", headers=headers).status_code == 200
    bad = httpx.post(so.token_url, data={**form, "refresh_token": "stolen"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"
    assert httpx.post(so.token_url, data={**form, "grant_type": "password"}).json()["error"] == "unsupported_grant_type"


def test_state_lookup_and_421_after_a_move(so, so_client):
    state = httpx.get(so.state_url + so.customer)
    assert state.status_code == 200
    # Like SuperOffice Online: Api without a trailing slash, IsRunning beside State.
    assert state.json()["Api"] == so.base_url.rstrip("/") and state.json()["State"] == "Running"
    assert state.json()["IsRunning"] is True
    old = so.base_url
    new = so.move_host()
    assert new != old and new.startswith(so.root_url) and so.base_url == new
    body = assert_so_error(so_client.get("v1/List/LegalBase/Items"), 421)
    assert "moved" in body["ErrorMessage"]
    assert_so_error(httpx.get(old + "v1/Person/1/Consent"), 421)  # before authentication
    assert httpx.get(so.state_url + so.customer).json()["Api"] == new.rstrip("/")
    moved = httpx.get(new + "v1/List/LegalBase/Items", headers={"Authorization": "Bearer demo-token"})
    assert moved.status_code == 200
    assert_so_error(httpx.get(new + "v1/List/LegalBase/Items"), 401)
    assert httpx.get(so.state_url + "Cust99999").status_code == 404
    so.move_host()
    assert_so_error(httpx.get(new + "v1/List/LegalBase/Items"), 421)


def test_archive_consent_rows_shape_and_registered_updated(so, so_client):
    pid = so.add_person("anna@example.se", registered=T0 - timedelta(days=400))
    so.set_consent(pid, "STORE", "61F", at=T0 - timedelta(days=300))
    so.set_consent(pid, "EMARKETING", "61A", "WEBFORM", "from the form", at=T0 - timedelta(days=200))
    so.set_consent(pid, "EMARKETING", "WITHDRAWN", "EMAIL", "asked to stop", at=T0 - timedelta(days=10))
    response = archive(so_client, CONSENT_COLUMNS)
    body = response.json()
    assert set(body) == {"odata.metadata", "odata.nextLink", "value"} and body["odata.nextLink"] is None
    store, marketing = body["value"]
    assert store == {
        "PrimaryKey": "1",
        "EntityName": "consentperson",
        "consentperson.consentperson_id": 1,
        "consentperson.person_id": pid,
        "consentperson.registered": so_time(T0 - timedelta(days=300)),
        "consentperson.updated": None,
        "consentperson.consentPurpose_id.key": "STORE",
        "consentperson.legalBase_id.key": "61F",
        "consentperson.consentSource_id.key": "USER",
        "consentperson.comment": "",
    }
    assert marketing["consentperson.registered"] == so_time(T0 - timedelta(days=200))
    assert marketing["consentperson.updated"] == so_time(T0 - timedelta(days=10))
    assert marketing["consentperson.legalBase_id.key"] == "WITHDRAWN"
    assert marketing["consentperson.comment"] == "asked to stop"
    # Columns come back as spelled in $select, and only those.
    picked = rows(so_client, ["ConsentPerson.Person_Id", "consentperson.updated"])
    assert picked[0] == {
        "PrimaryKey": "1",
        "EntityName": "consentperson",
        "ConsentPerson.Person_Id": pid,
        "consentperson.updated": None,
    }


def test_archive_email_rows(so, so_client):
    registered = T0 - timedelta(days=50)
    p1 = so.add_person("Anna@Example.se", registered=registered, extra_emails=["anna.privat@example.se"])
    p2 = so.add_person(None)
    so.set_email(p2, "erik@foretag.se")
    found = rows(so_client, EMAIL_COLUMNS)
    assert [(r["email.person_id"], r["email.email_address"], r["email.rank"]) for r in found] == [
        (p1, "Anna@Example.se", 1),
        (p1, "anna.privat@example.se", 2),
        (p2, "erik@foretag.se", 1),
    ]
    assert found[0]["EntityName"] == "email" and found[0]["PrimaryKey"] == str(found[0]["email.email_id"])
    assert found[0]["email.person_id.registered"] == so_time(registered)
    assert found[2]["email.person_id.registered"] == so_time(T0)
    so.set_email(p1, "anna@new.se")
    assert so.emails(p1) == ["anna@new.se", "anna.privat@example.se"]
    assert so.person_ids("ANNA@new.se") == [p1] and so.person_ids("Anna@Example.se") == []


def test_archive_paging_is_stable_and_ends_with_a_short_page(so, so_client):
    for i in range(25):
        pid = so.add_person(f"p{i}@example.se")
        so.set_consent(pid, "STORE", "61F")
        so.set_consent(pid, "EMARKETING", "61A")
    seen, skip = [], 0
    while True:
        page = archive(so_client, CONSENT_COLUMNS[:2], top=7, skip=skip).json()["value"]
        seen += [r["consentperson.consentperson_id"] for r in page]
        if skip == 14:
            # A change while paging: updates keep their row's place, new rows come last.
            so.set_consent(1, "STORE", "61B")
            so.set_consent(so.add_person("late@example.se"), "STORE", "61A")
        skip += 7
        if len(page) < 7:
            break
    assert seen == list(range(1, 52))
    assert archive(so_client, CONSENT_COLUMNS[:1], skip=1000).json()["value"] == []
    assert len(archive(so_client, CONSENT_COLUMNS[:1]).json()["value"]) == 51  # default $top is 1000


def test_archive_filters(so, so_client):
    a = so.add_person("anna@example.se", registered=T0 - timedelta(days=9))
    b = so.add_person("Erik@Foretag.se", registered=T0 - timedelta(days=5))
    c = so.add_person(" karin@example.se", registered=T0 - timedelta(days=1))
    so.set_consent(a, "STORE", "61F", at=T0 - timedelta(hours=5))
    so.set_consent(a, "STORE", "61B", comment="it's a deal and signed", at=T0 - timedelta(hours=1))
    so.set_consent(b, "STORE", "61A", at=T0 - timedelta(hours=3))
    so.set_consent(b, "EMARKETING", "61A", at=T0 - timedelta(hours=2))
    so.set_consent(c, "EMARKETING", "WITHDRAWN", at=T0 - timedelta(minutes=30))

    def ids(filter_, columns=CONSENT_COLUMNS):
        key = columns[0]
        return [r[key] for r in rows(so_client, columns, filter_)]

    two_hours_ago = so_time(T0 - timedelta(hours=2))
    assert ids(f"consentperson.updated afterTime '{so_time(T0 - timedelta(hours=4))}'") == [1]
    assert ids(f"consentperson.registered afterTime '{two_hours_ago}'") == [4]  # strictly after
    assert ids(f"consentperson.registered afterTime '{so_time(T0 - timedelta(hours=2, seconds=1))}'") == [3, 4]
    assert ids(f"consentperson.registered afterTime '{so_time(T0 - timedelta(hours=2, seconds=1))}.5'") == [3, 4]
    assert ids(f"consentperson.registered afterTime '{two_hours_ago}.5Z'") == [4]
    assert ids(f"consentperson.person_id in ({a},{c})") == [1, 4]
    assert ids(f"consentperson.person_id eq {b} and consentperson.consentPurpose_id.key eq 'emarketing'") == [3]
    assert ids("consentperson.legalBase_id.key in ('61A','WITHDRAWN') and consentperson.consentperson_id gt 3") == [4]
    assert ids("consentperson.comment eq 'it''s a deal and signed'") == [1]
    assert ids("consentperson.updated afterTime '2000-01-01T00:00:00' and consentperson.person_id eq 999") == []
    assert ids("email.email_address in ('anna@example.se','erik@foretag.se','karin@example.se')", EMAIL_COLUMNS) == [
        1,
        2,
    ]  # case-insensitive, whitespace exact
    assert ids("email.email_address eq ' karin@example.se'", EMAIL_COLUMNS) == [3]
    assert ids(f"email.person_id.registered afterTime '{so_time(T0 - timedelta(days=6))}'", EMAIL_COLUMNS) == [2, 3]
    assert ids("email.rank gt 0 and email.person_id in (2, 3)", EMAIL_COLUMNS) == [2, 3]


def test_archive_filter_results_follow_changes(so, so_client):
    pid = so.add_person("a@x.se")
    so.set_consent(pid, "STORE", "61A", at=T0 - timedelta(days=1))
    query = f"consentperson.updated afterTime '{so_time(T0 - timedelta(days=2))}'"
    assert rows(so_client, CONSENT_COLUMNS, query) == []
    response = so_client.put(f"v1/Person/{pid}/Consent/STORE", params={"source": "API", "legalBase": "61B"})
    assert response.status_code == 204
    assert [r["consentperson.legalBase_id.key"] for r in rows(so_client, CONSENT_COLUMNS, query)] == ["61B"]


def test_archive_order_by(so, so_client):
    for day, updated in ((3, True), (1, False), (2, True)):
        pid = so.add_person(f"p{day}@x.se")
        so.set_consent(pid, "STORE", "61A", at=T0 - timedelta(days=10 + day))
        if updated:
            so.set_consent(pid, "STORE", "61B", at=T0 - timedelta(days=day))

    def order(spec):
        return [r["consentperson.person_id"] for r in rows(so_client, CONSENT_COLUMNS, order=spec)]

    assert order("consentperson.updated") == [2, 1, 3]  # null first, then oldest
    assert order("consentperson.updated desc") == [3, 1, 2]
    assert order("consentperson.registered asc") == [1, 3, 2]
    assert order("consentperson.consentperson_id") == [1, 2, 3]


@pytest.mark.parametrize(
    "params",
    [
        {"$select": ""},
        {"$select": "consentperson.nonsense"},
        {"$select": "consentperson.person_id,email.email_id"},
        {"$select": "consentperson.person_id", "$filter": "consentperson.updated since '2026-01-01T00:00:00'"},
        {"$select": "consentperson.person_id", "$filter": "consentperson.updated afterTime 'yesterday'"},
        {"$select": "consentperson.person_id", "$filter": "consentperson.updated afterTime '2026-13-01T00:00:00'"},
        {"$select": "consentperson.person_id", "$filter": "consentperson.person_id gt 'x'"},
        {"$select": "consentperson.person_id", "$filter": "consentperson.comment gt 3"},
        {"$select": "consentperson.person_id", "$filter": "email.rank eq 1"},
        {"$select": "consentperson.person_id", "$filter": "consentperson.person_id in 1,2"},
        {
            "$select": "consentperson.person_id",
            "$filter": "consentperson.person_id eq 1 or consentperson.person_id eq 2",
        },
        {"$select": "consentperson.person_id", "$orderBy": "consentperson.bogus"},
        {"$select": "consentperson.person_id", "$top": "0"},
        {"$select": "consentperson.person_id", "$top": "1001"},
        {"$select": "consentperson.person_id", "$skip": "-1"},
        {"$select": "consentperson.person_id", "$top": "ten"},
    ],
)
def test_archive_refuses_bad_queries(so_client, params):
    body = assert_so_error(so_client.get("v1/Archive/dynamic", params=params), 400)
    assert body["ErrorMessage"]


def test_person_consents_get_and_put(so, so_client):
    pid = so.add_person("anna@example.se")
    assert so_client.get(f"v1/Person/{pid}/Consent").json() == []
    assert assert_so_error(so_client.get("v1/Person/777/Consent"), 404)["ErrorType"] == "SoNotFoundException"

    comment = "Legal Basis Sync run 42: eMarketeer changed 2026-06-30T13:05:10Z"
    put = so_client.put(
        f"v1/Person/{pid}/Consent/EMARKETING", params={"source": "API", "legalBase": "61A", "comment": comment}
    )
    assert put.status_code == 204 and put.content == b""
    [info] = so_client.get(f"v1/Person/{pid}/Consent").json()
    assert set(info) == CONSENT_INFO_FIELDS
    assert info["Registered"] == so_time(T0) and info["Updated"] is None and info["UpdatedAssociateId"] == 0
    assert (info["LegalBaseKey"], info["LegalBaseName"], info["ConsentPurposeKey"], info["ConsentSourceKey"]) == (
        "61A",
        "Consent",
        "EMARKETING",
        "API",
    )
    assert info["ConsentSourceName"] == "Other integration" and info["Comment"] == comment

    so.clock.advance(65)
    assert (
        so_client.put(
            f"v1/Person/{pid}/Consent/EMARKETING", params={"source": "API", "legalBase": "WITHDRAWN"}
        ).status_code
        == 204
    )
    info = so.consents(pid)["EMARKETING"]
    assert info["Updated"] == so_time(T0 + timedelta(seconds=65)) and info["Registered"] == so_time(T0)
    assert info["LegalBaseKey"] == "WITHDRAWN" and info["Comment"] == ""

    for purpose, params in (
        ("PROFILING", {"source": "API", "legalBase": "61A"}),
        ("STORE", {"source": "API", "legalBase": "61Z"}),
        ("STORE", {"source": "API"}),
        ("STORE", {"source": "FAX", "legalBase": "61A"}),
    ):
        assert_so_error(so_client.put(f"v1/Person/{pid}/Consent/{purpose}", params=params), 400)
    assert_so_error(so_client.put("v1/Person/777/Consent/STORE", params={"source": "API", "legalBase": "61A"}), 404)
    assert list(so.consents(pid)) == ["EMARKETING"]


def test_put_with_if_unmodified_since(so, so_client):
    pid = so.add_person("a@x.se")
    so.set_consent(pid, "STORE", "61A", at=T0 - timedelta(hours=1))
    params = {"source": "API", "legalBase": "61B"}
    stale = {"If-Unmodified-Since": "Tue, 30 Jun 2026 10:00:00 GMT"}
    assert_so_error(so_client.put(f"v1/Person/{pid}/Consent/STORE", params=params, headers=stale), 412)
    fresh = {"If-Unmodified-Since": em_time(T0 - timedelta(hours=1))}
    assert so_client.put(f"v1/Person/{pid}/Consent/STORE", params=params, headers=fresh).status_code == 204


def test_bad_data_can_be_planted(so, so_client):
    pid = so.add_person("a@x.se")
    so.set_consent(pid, "STORE", "61X")  # a key no list knows
    so.set_consent(pid, "EMARKETING", "61A")
    so.set_raw_consent_field(pid, "EMARKETING", "registered", None)
    so.set_raw_consent_field(pid, "EMARKETING", "Updated", "not a date")
    found = {r["consentperson.consentPurpose_id.key"]: r for r in rows(so_client, CONSENT_COLUMNS)}
    assert found["STORE"]["consentperson.legalBase_id.key"] == "61X"
    assert found["EMARKETING"]["consentperson.registered"] is None
    assert found["EMARKETING"]["consentperson.updated"] == "not a date"
    infos = {i["ConsentPurposeKey"]: i for i in so_client.get(f"v1/Person/{pid}/Consent").json()}
    assert infos["STORE"]["LegalBaseId"] == 0 and infos["STORE"]["LegalBaseName"] == ""
    assert infos["EMARKETING"]["Updated"] == "not a date"
    with pytest.raises(KeyError):
        so.set_raw_consent_field(pid, "EMARKETING", "nonsense", 1)
    so.delete_consent(pid, "STORE")
    assert [r["consentperson.consentPurpose_id.key"] for r in rows(so_client, CONSENT_COLUMNS)] == ["EMARKETING"]
    assert so.person_count == 1 and so.consent_count == 1
    with pytest.raises(ValueError):
        so.add_person("b@x.se", person_id=pid)


def test_unknown_routes_and_customer(so, so_client):
    assert_so_error(so_client.get("v1/Contact/1"), 404)
    assert_so_error(so_client.delete("v1/Person/1/Consent/STORE"), 405)
    assert_so_error(httpx.get(f"{so.root_url}/Cust99999/api/v1/List/LegalBase/Items"), 404)


# -- eMarketeer -----------------------------------------------------------------------------------


def test_emarketeer_needs_the_api_key(em):
    for headers in ({}, {"x-api-key": "wrong"}, {"Authorization": "Bearer demo-key"}):
        response = httpx.get(em.base_url + "/consent-public/v1/purposes", headers=headers)
        # eMarketeer's API gateway (api notes, checked facts): 403 {"message": "Forbidden"}, not 401.
        assert response.status_code == 403 and response.json() == {"message": "Forbidden"}


def test_master_data(em_client):
    purposes = em_client.get("/consent-public/v1/purposes").json()
    assert {p["name"] for p in purposes} == {"Store and process", "Marketing sendouts", "Profiling"}
    bases = em_client.get("/consent-public/v1/legalBases").json()
    assert {b["name"] for b in bases} == {
        "Consent",
        "Legitimate interest",
        "Contract",
        "Required by law",
        "Protect vital interests",
        "Public interest",
        "Withdrawn",
    }
    sources = em_client.get("/consent-public/v1/sources").json()
    assert {"Web form", "Added by user", "Other integration", "Unsubscribe link", "Import"} == {
        s["name"] for s in sources
    }
    for items in (purposes, bases, sources):
        assert all(set(i) == {"id", "name"} and i["id"] > 10 for i in items)


def ids_by_name(client: httpx.Client, what: str) -> dict[str, int]:
    return {i["name"]: i["id"] for i in client.get(f"/consent-public/v1/{what}").json()}


def test_consents_current_history_and_post(em, em_client):
    em.add_contact("Anna@Example.se", "Anna", "Svensson", "+46701234567", created=T0 - timedelta(days=30))
    em.add_consent(
        "anna@example.se", "Marketing sendouts", "Consent", "Web form", "form", created_at=T0 - timedelta(days=20)
    )
    em.add_consent(
        "anna@example.se", "Marketing sendouts", "Withdrawn", "Unsubscribe link", created_at=T0 - timedelta(days=2)
    )
    # An older record arriving late only extends the history.
    em.add_consent("anna@example.se", "Marketing sendouts", "Legitimate interest", created_at=T0 - timedelta(days=25))
    bases, purposes, sources = (ids_by_name(em_client, w) for w in ("legalBases", "purposes", "sources"))

    current = em_client.get("/consent-public/v1/consents", params={"key": "ANNA@example.se"}).json()
    assert current["key"] == "Anna@Example.se"
    assert current["consents"] == [
        {
            "key": "Anna@Example.se",
            "purposeId": purposes["Marketing sendouts"],
            "legalBasisId": bases["Withdrawn"],
            "sourceId": sources["Unsubscribe link"],
            "description": "",
            "createdAt": em_time(T0 - timedelta(days=2)),
        }
    ]
    history = em_client.get("/consent-public/v1/consents/history", params={"key": "anna@example.se"}).json()
    assert [i["createdAt"] for i in history["items"]] == [em_time(T0 - timedelta(days=d)) for d in (2, 20, 25)]

    em.clock.advance(10)
    body = {
        "key": "anna@example.se",
        "purposeId": purposes["Store and process"],
        "legalBasisId": bases["Contract"],
        "sourceId": sources["Other integration"],
        "description": "Legal Basis Sync run 7: SuperOffice changed",
    }
    created = em_client.post("/consent-public/v1/consents", json=body)
    assert created.status_code == 201
    assert created.json() == {**body, "key": "Anna@Example.se", "createdAt": em_time(T0 + timedelta(seconds=10))}
    assert set(em.current_consents("anna@example.se")) == {"Store and process", "Marketing sendouts"}
    assert len(em.history("anna@example.se")) == 4

    for bad in (
        {**body, "legalBasisId": 9999},
        {**body, "purposeId": "11"},
        {**body, "sourceId": None},
        {**body, "key": ""},
        {**body, "description": 5},
        [body],
    ):
        response = em_client.post("/consent-public/v1/consents", json=bad)
        # Errors from eMarketeer's own code: userMessage for people, developerMessage for the log.
        assert response.status_code == 422 and set(response.json()) == {"userMessage", "developerMessage"}
    assert em_client.post("/consent-public/v1/consents", content=b"{nope").status_code == 422
    assert em_client.post("/consent-public/v1/consents", json={**body, "key": "nobody@x.se"}).status_code == 404
    assert em_client.get("/consent-public/v1/consents", params={"key": "nobody@x.se"}).status_code == 404
    assert em_client.get("/consent-public/v1/consents/history", params={"key": "nobody@x.se"}).status_code == 404
    em.add_contact("empty@x.se")
    assert em_client.get("/consent-public/v1/consents", params={"key": "empty@x.se"}).json() == {
        "key": "empty@x.se",
        "consents": [],
    }


def test_consent_filter_paging_and_changed_since(em, em_client):
    for i in range(12):
        em.add_consent(
            f"c{i % 4}@x.se",
            "Store and process" if i < 8 else "Marketing sendouts",
            "Consent",
            created_at=T0 - timedelta(hours=12 - i // 2),
        )
    url = "/consent-public/v1/consents/filter"
    everything = em_client.get(url).json()
    assert everything["page"] == 1 and everything["pageSize"] == 100 and everything["total"] == 8
    items = everything["items"]
    assert [(i["createdAt"], i["key"], i["purposeId"]) for i in items] == sorted(
        (i["createdAt"], i["key"], i["purposeId"]) for i in items
    )
    since = em_time(T0 - timedelta(hours=9))
    pages, page = [], 1
    while True:
        body = em_client.get(url, params={"changedSince": since, "page": page, "pageSize": 3}).json()
        assert body["total"] == 6
        pages += body["items"]
        if len(body["items"]) < 3:
            break
        page += 1
    assert len(pages) == 6 and all(i["createdAt"] >= since for i in pages) and page == 3
    assert pages == [i for i in items if i["createdAt"] >= since]
    # Offsets and naive times are UTC; a fraction rounds the inclusive bound up.
    plus_two = (T0 - timedelta(hours=8)).astimezone(timezone(timedelta(hours=2))).isoformat()
    assert em_client.get(url, params={"changedSince": plus_two}).json()["total"] == 4
    assert em_client.get(url, params={"changedSince": "2026-06-30T04:59:59.5"}).json()["total"] == 2
    assert em_client.get(url, params={"changedSince": "2026-06-30T05:00:00.5"}).json()["total"] == 0
    for params in ({"pageSize": 1001}, {"pageSize": 0}, {"page": 0}, {"changedSince": "last week"}):
        assert em_client.get(url, params=params).status_code == 400


def test_raw_records_come_back_from_the_reads(em, em_client):
    em.add_consent("a@x.se", "Store and process", "Consent", created_at=T0 - timedelta(days=1))
    em.add_raw_record(
        {
            "key": "a@x.se",
            "purposeId": 11,
            "legalBasisId": 4242,
            "sourceId": 31,
            "description": "",
            "createdAt": em_time(T0 - timedelta(days=3)),
        }
    )
    em.add_raw_record({"key": "ghost@x.se", "purposeId": 12, "legalBasisId": 24, "sourceId": 31})
    current = em_client.get("/consent-public/v1/consents", params={"key": "a@x.se"}).json()["consents"]
    assert [c["legalBasisId"] for c in current] == [4242]
    items = em_client.get("/consent-public/v1/consents/filter").json()["items"]
    assert {"key": "ghost@x.se", "purposeId": 12, "legalBasisId": 24, "sourceId": 31} in items
    assert em.record_count == 2 and em.current_consents("ghost@x.se")["Marketing sendouts"]["legalBasisId"] == 24


def test_contacts_get_post_and_modified_since(em, em_client):
    em.add_contact("Anna@Example.se", "Anna", "Svensson", created=T0 - timedelta(days=3))
    em.add_contact("erik@foretag.se", "Erik", created=T0 - timedelta(days=1))
    url = "/contacts-api/v1/contacts"
    found = em_client.get(url, params={"email": "anna@example.se"}).json()
    assert found["total"] == 1 and found["items"][0] == {
        "id": found["items"][0]["id"],
        "email": "Anna@Example.se",
        "firstName": "Anna",
        "lastName": "Svensson",
        "mobilePhone": "",
        "created": em_time(T0 - timedelta(days=3)),
        "modified": em_time(T0 - timedelta(days=3)),
    }
    assert em_client.get(url, params={"email": "nobody@x.se"}).json() == {
        "items": [],
        "page": 1,
        "pageSize": 100,
        "total": 0,
    }

    em.clock.advance(30)
    answer = em_client.post(
        url,
        json=[
            {"email": "ANNA@example.se", "mobilePhone": "+46701111111"},
            {"email": "erik@foretag.se", "firstName": "Erik"},
            {"email": "new@x.se", "firstName": "Ny"},
        ],
    )
    assert answer.status_code == 200
    assert (answer.json()["created"], answer.json()["updated"]) == (1, 1)
    listed = em_client.get(url, params={"modifiedSince": em_time(T0 - timedelta(days=2))}).json()
    assert [c["email"] for c in listed["items"]] == ["erik@foretag.se", "Anna@Example.se", "new@x.se"]
    assert listed["items"][1]["modified"] == em_time(T0 + timedelta(seconds=30))
    assert em_client.get(url, params={"page": 2, "pageSize": 2}).json()["items"][0]["email"] == "new@x.se"
    assert em_client.post(url, json={"contacts": [{"email": f"p{i}@x.se"} for i in range(101)]}).status_code == 422
    assert em_client.post(url, json={"contacts": [{"email": "no-at-sign"}]}).status_code == 422
    assert em.contact_count == 3
    with pytest.raises(ValueError):
        em.add_contact(" anna@EXAMPLE.se")


def test_sends_accept_and_reject(em, em_client):
    em.add_contact("anna@example.se", mobile_phone="+46701234567")
    em.add_contact("erik@foretag.se")
    em.add_consent("erik@foretag.se", "Marketing sendouts", "Withdrawn", "Unsubscribe link")
    body = {"componentId": 1001, "recipients": ["Anna@example.se", "erik@foretag.se", "nobody@x.se"]}
    answer = em_client.post("/messages-api/v1/email/send", json=body).json()
    assert answer == {
        "accepted": ["Anna@example.se"],
        "rejected": [
            {"email": "erik@foretag.se", "reason": "withdrawn"},
            {"email": "nobody@x.se", "reason": "unknown contact"},
        ],
    }
    em.add_contact("karin@example.se")  # no mobile phone: an SMS cannot reach her
    sms = em_client.post(
        "/messages-api/v1/sms/send", json={"componentId": 2001, "recipients": ["anna@example.se", "karin@example.se"]}
    )
    assert sms.json() == {
        "accepted": ["anna@example.se"],
        "rejected": [{"email": "karin@example.se", "reason": "no mobile phone number"}],
    }
    assert em_client.post("/messages-api/v1/email/send", json={**body, "componentId": 7}).status_code == 422
    assert em_client.post("/messages-api/v1/email/send", json={"componentId": 1001}).status_code == 422
    wrong_channel = em_client.post("/messages-api/v1/sms/send", json={**body, "componentId": 1001})
    assert wrong_channel.status_code == 422 and "not sms" in wrong_channel.json()["userMessage"]
    assert [(m.channel, m.component_id, m.accepted) for m in em.sent] == [
        ("email", 1001, ("Anna@example.se",)),
        ("sms", 2001, ("anna@example.se",)),
    ]
    assert em.sent_addresses("email") == ["Anna@example.se"] and em.sent[0].at == T0


# -- sample data ----------------------------------------------------------------------------------


def test_dataset_is_deterministic():
    one = generate_dataset(300, seed=7, now=T0, invalid=3)
    assert one == generate_dataset(300, seed=7, now=T0, invalid=3)
    assert one.contacts != generate_dataset(300, seed=8, now=T0).contacts


def test_dataset_proportions_and_shapes():
    dataset = generate_dataset(2000, seed=3, now=T0, invalid=10)
    counts = dataset.counts()
    assert counts == {
        "agree": 1570,
        "duplicate": 60,
        "withdrawal": 40,
        "superoffice_only": 60,
        "emarketeer_only": 60,
        "newer_in_superoffice": 100,
        "newer_in_emarketeer": 100,
        "odd_address": 10,
    }
    assert len({c.email for c in dataset.contacts}) == 2000
    assert all(try_normalise_email(p.email) is None for p in dataset.invalid) and len(dataset.invalid) == 10
    ids = [p.person_id for p in dataset.persons]
    assert len(ids) == len(set(ids))
    oldest, newest = T0 - timedelta(days=700), T0 - timedelta(days=1)
    for contact in dataset.contacts:
        assert (contact.emarketeer is None) == (contact.category == sample.SUPEROFFICE_ONLY)
        assert (not contact.superoffice) == (contact.category == sample.EMARKETEER_ONLY)
        for person in contact.superoffice:
            assert try_normalise_email(person.email) == contact.email
            for c in person.consents:
                assert oldest <= c.changed_at <= newest and person.registered <= c.registered
        if contact.emarketeer:
            assert try_normalise_email(contact.emarketeer.email) == contact.email
            assert all(oldest <= r.created_at for r in contact.emarketeer.records)
        if contact.category in (sample.AGREE, sample.DUPLICATE, sample.ODD_ADDRESS):
            used = contact.superoffice[0]
            for c in used.consents:
                record = contact.emarketeer.current(sample.EM_PURPOSE[c.purpose_key])
                assert record.legal_basis_name == sample.EM_BASIS[c.legal_base_key]
                assert timedelta(seconds=2) <= record.created_at - c.changed_at <= timedelta(seconds=30)
        if contact.category == sample.DUPLICATE:
            assert 2 <= len(contact.superoffice) <= 3
            keys = [(p.registered, p.person_id) for p in contact.superoffice]
            assert keys == sorted(keys)
        if contact.category == sample.ODD_ADDRESS:
            written = [p.email for p in contact.superoffice] + [contact.emarketeer.email]
            assert sum(w != contact.email for w in written) == 1
        if contact.category in (sample.NEWER_IN_SUPEROFFICE, sample.NEWER_IN_EMARKETEER, sample.WITHDRAWAL):
            person, em_contact = contact.superoffice[0], contact.emarketeer
            differing = []
            for key, name in sample.EM_PURPOSE.items():
                so_value, em_value = person.consent(key), em_contact.current(name)
                so_basis = so_value and sample.EM_BASIS[so_value.legal_base_key]
                if so_basis != (em_value and em_value.legal_basis_name):
                    differing.append((so_value, em_value))
            assert differing
            for so_value, em_value in differing:
                if so_value and em_value:
                    assert abs(so_value.changed_at - em_value.created_at) >= timedelta(hours=1)
                newer_so = em_value is None or bool(so_value and so_value.changed_at > em_value.created_at)
                if contact.category != sample.WITHDRAWAL:
                    assert newer_so == (contact.category == sample.NEWER_IN_SUPEROFFICE)
                else:
                    withdrawn = so_value.legal_base_key if newer_so else em_value.legal_basis_name
                    assert withdrawn in ("WITHDRAWN", "Withdrawn")
    duplicates = dataset.category(sample.DUPLICATE)
    assert any(len({p.registered for p in c.superoffice}) < len(c.superoffice) for c in duplicates)
    assert any(c.superoffice[0].consents != c.superoffice[1].consents for c in duplicates)


def test_dataset_loads_into_both_simulators(so, so_client, em, em_client):
    dataset = generate_dataset(120, seed=5, now=T0, invalid=2)
    dataset.load_into(so, em)
    assert so.person_count == len(dataset.persons)
    assert em.contact_count == len(dataset.emarketeer_contacts)
    contact = next(c for c in dataset.contacts if c.category == sample.AGREE)
    person = contact.superoffice[0]
    [row] = rows(so_client, EMAIL_COLUMNS, f"email.email_address eq '{contact.email}'")
    assert row["email.person_id"] == person.person_id
    assert row["email.person_id.registered"] == so_time(person.registered)
    kinds = {r["email.type"] for r in rows(so_client, EMAIL_COLUMNS + ["email.type"])}
    assert kinds == {0, 1, 2}  # chat and VoIP rows too, as in a real tenant's e-mail table
    chatty = next(p for p in dataset.persons if p.email and p.person_id % sample.CHAT_EVERY == 0)
    assert so.emails(chatty.person_id) == [chatty.email, *chatty.extra_emails]
    infos = {i["ConsentPurposeKey"]: i for i in so_client.get(f"v1/Person/{person.person_id}/Consent").json()}
    for c in person.consents:
        assert infos[c.purpose_key]["LegalBaseKey"] == c.legal_base_key
        assert infos[c.purpose_key]["Updated"] == (c.updated and so_time(c.updated))
    current = em_client.get("/consent-public/v1/consents", params={"key": contact.email}).json()["consents"]
    assert sorted(r["createdAt"] for r in current) == sorted(
        em_time(contact.emarketeer.current(sample.EM_PURPOSE[c.purpose_key]).created_at) for c in person.consents
    )
    total = em_client.get("/consent-public/v1/consents/filter", params={"pageSize": 1}).json()["total"]
    assert total == sum(len({r.purpose_name for r in c.records}) for c in dataset.emarketeer_contacts)


def test_run_foreground_prints_urls_and_stops():
    out, stop = io.StringIO(), threading.Event()
    worker = threading.Thread(target=run_foreground, kwargs={"contacts": 40, "seed": 2, "out": out, "stop": stop})
    worker.start()
    try:
        for _ in range(100):
            if "Ctrl+C" in out.getvalue():
                break
            stop.wait(0.05)
        text = out.getvalue()
        assert "/Cust12345/api/" in text and "demo-token" in text and "demo-key" in text and "'secret'" in text
        em_url = next(line.split()[2] for line in text.splitlines() if line.startswith("eMarketeer simulator"))
        response = httpx.get(em_url + "/contacts-api/v1/contacts", headers={"x-api-key": "demo-key"})
        assert response.json()["total"] > 30
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive() and "Simulators stopped." in out.getvalue()


def test_after_handling_fault_carries_out_the_request_and_loses_the_answer():
    """A write that reached the server but whose response was lost (the ambiguous case of R18)."""
    import httpx

    from desktop_app.simulators import EmarketeerSimulator, Fault

    with EmarketeerSimulator() as em:
        em.add_contact("lost@example.se")
        em.faults.add(Fault(kind="drop", method="POST", after_handling=True))
        purpose = next(p["id"] for p in em.purposes if p["name"] == "Marketing sendouts")
        basis = next(b["id"] for b in em.legal_bases if b["name"] == "Withdrawn")
        source = next(s["id"] for s in em.sources if s["name"] == "Other integration")
        body = {
            "key": "lost@example.se",
            "purposeId": purpose,
            "legalBasisId": basis,
            "sourceId": source,
            "description": "t",
        }
        try:
            httpx.post(
                em.base_url + "/consent-public/v1/consents", json=body, headers={"x-api-key": "demo-key"}, timeout=2
            )
            raise AssertionError("the answer should have been lost")
        except httpx.TransportError:
            pass
        assert em.current_consents("lost@example.se")["Marketing sendouts"]["description"] == "t"


# -- like the real services (issue 10 point 5; shared/api/*.md "Checked against the vendor's public material") --


def test_lists_without_accept_language_come_as_multi_language_strings(so):
    url = so.base_url + "v1/List/ConsentPurpose/Items"
    auth = {"Authorization": "Bearer demo-token"}
    bare = {i["Key"]: i["Name"] for i in httpx.get(url, headers=auth).json()}
    assert bare["STORE"] == 'NO:"Salg og service";US:"Sales and service"'
    english = {i["Key"]: i["Name"] for i in httpx.get(url, headers={**auth, "Accept-Language": "en"}).json()}
    assert english["STORE"] == "Sales and service"
    assert all(i["Active"] is True for i in httpx.get(url, headers=auth).json())


def test_state_lookup_in_online_maintenance_says_the_api_is_running(so, so_client):
    so.tenant_state = "OnlineMaintenance"
    state = httpx.get(so.state_url + so.customer).json()
    assert state["State"] == "OnlineMaintenance" and state["IsRunning"] is True
    assert so_client.get("v1/List/LegalBase/Items").status_code == 200  # the API is available
    so.tenant_state = "Offline"
    assert httpx.get(so.state_url + so.customer).json()["IsRunning"] is False
    assert_so_error(so_client.get("v1/List/LegalBase/Items"), 503)


def test_chat_and_voip_rows_live_in_the_email_table(so, so_client):
    pid = so.add_person("anna@example.se")
    so.add_contact_address(pid, "anna.chat", kind=1, rank=1)
    so.add_contact_address(pid, "+46701234567", kind=2, rank=1)
    rows = archive(so_client, EMAIL_COLUMNS + ["email.type"]).json()["value"]
    assert sorted((r["email.email_address"], r["email.type"]) for r in rows) == [
        ("+46701234567", 2),
        ("anna.chat", 1),
        ("anna@example.se", 0),
    ]
    only = archive(so_client, EMAIL_COLUMNS, "email.type eq 0").json()["value"]
    assert [r["email.email_address"] for r in only] == ["anna@example.se"]
    assert so.emails(pid) == ["anna@example.se"] and so.person_ids("anna.chat") == []


def test_a_new_person_gets_its_own_store_row():
    """SPEC R22: SuperOffice gives every new person a "Store and process" row by itself."""
    with SuperOfficeSimulator(clock=SimClock(T0)) as sim:
        pid = sim.add_person("new@example.se", registered=T0 - timedelta(seconds=5))
        store = sim.consents(pid)["STORE"]
        assert store["LegalBaseKey"] == "61F" and store["Registered"] == so_time(T0 - timedelta(seconds=5))
        assert store["Updated"] is None and set(sim.consents(pid)) == {"STORE"}
        sim.creation_default = "61A"  # a tenant that changed the default
        assert sim.consents(sim.add_person("other@example.se"))["STORE"]["LegalBaseKey"] == "61A"
        assert sim.consents(sim.add_person("bare@example.se", creation_default=None)) == {}


def test_a_comment_longer_than_255_characters_is_refused(so, so_client):
    pid = so.add_person("anna@example.se")
    url = f"v1/Person/{pid}/Consent/STORE"
    ok = so_client.put(url, params={"source": "API", "legalBase": "61A", "comment": "x" * 255})
    assert ok.status_code == 204
    assert_so_error(so_client.put(url, params={"source": "API", "legalBase": "61A", "comment": "x" * 256}), 400)


def test_emarketeer_gateway_answers_unrouted_paths_and_throttling(em, em_client):
    for path in ("/consent-public/v1/nothing-here", "/contacts-api/v1/lists/301/contacts"):
        for headers in ({"x-api-key": "demo-key"}, {}):
            response = httpx.get(em.base_url + path, headers=headers)
            assert response.status_code == 403 and response.json() == {"message": "Missing Authentication Token"}
    em.faults.add(Fault("status", status=429))
    throttled = em_client.get("/consent-public/v1/purposes")
    assert throttled.status_code == 429 and throttled.json() == {"message": "Too Many Requests"}
    assert "Retry-After" not in throttled.headers


def test_emarketeer_contact_lists_at_the_documented_paths(em, em_client):
    em.add_contact("a@example.se")
    em.add_contact("b@example.se")
    list_id = em.add_list("Newsletter", ["a@example.se", "b@example.se", "nobody@example.se"])
    lists = em_client.get("/contacts-api/v1/lists/").json()["items"]
    assert lists == [{"id": list_id, "name": "Newsletter", "size": 2}]
    members = em_client.get(f"/contacts-api/v1/lists/{list_id}").json()["items"]
    assert [m["email"] for m in members] == ["a@example.se", "b@example.se"]
    missing = em_client.get("/contacts-api/v1/lists/999")
    assert missing.status_code == 404 and set(missing.json()) == {"userMessage", "developerMessage"}
