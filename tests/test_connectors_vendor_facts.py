"""Issue 10 points 1, 2 and 4: every correction of the api notes' "Checked against the vendor's public material" in the
connectors, each against the simulators (which answer like the real services, point 5)."""

from __future__ import annotations

import ast
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import desktop_app.connectors as connectors_package
from desktop_app.connectors import superoffice_fields as SF
from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectorError,
    ForbiddenError,
    InvalidRequestError,
    ServiceUnavailableError,
)
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BearerAuth, SuperOfficeConnector, fit_comment
from desktop_app.connectors.superoffice_oauth import OAuthEndpoints
from desktop_app.domain.model import LegalBasis, Purpose, System
from desktop_app.simulators.common import Fault, SimClock, json_response
from desktop_app.simulators.emarketeer import EmarketeerSimulator
from desktop_app.simulators.superoffice import SuperOfficeSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, max_concurrency=4, timeout=2.0, max_retries=3, backoff_base=0.001, backoff_max=0.01
)


@pytest.fixture
def so_sim():
    with SuperOfficeSimulator(SimClock(T0)) as sim:  # the default: like the real service
        yield sim


@pytest.fixture
def so(so_sim):
    with SuperOfficeConnector(so_sim.base_url, BearerAuth("demo-token"), LIMITS, state_url=so_sim.state_url) as c:
        yield c


@pytest.fixture
def em_sim():
    with EmarketeerSimulator(SimClock(T0)) as sim:
        yield sim


@pytest.fixture
def em(em_sim):
    with EmarketeerConnector(em_sim.base_url, "demo-key", LIMITS) as c:
        yield c


# ------------------------------------------------------------------ SuperOffice


def test_tenant_state_is_read_from_is_running_and_online_maintenance_is_usable(so_sim, so):
    so_sim.tenant_state = "OnlineMaintenance"
    state = so.tenant_state()
    assert state is not None and state.is_running and state.state == "OnlineMaintenance"
    # The state lookup's Api has no trailing slash; the connector's base URL has one.
    assert state.api == so_sim.base_url
    so_sim.move_host()  # a 421 during maintenance: the lookup's answer is used, not refused
    assert so.load_lists().purposes["STORE"] == "Sales and service"
    assert so.base_url == so_sim.base_url and so.base_url.endswith("/")
    so_sim.tenant_state = "Offline"
    so_sim.move_host()
    with pytest.raises(ServiceUnavailableError, match="Offline"):
        so.load_lists()


def test_three_environments_each_with_its_state_and_sign_in_hosts():
    assert SF.ENVIRONMENTS == ("online", "qaonline", "sod")
    assert SF.state_url_for("qaonline") == "https://qaonline.superoffice.com/api/state/"
    assert SF.state_url_for("sod") == "https://sod.superoffice.com/api/state/"
    assert (
        OAuthEndpoints.for_environment("qaonline").token_url
        == "https://qaonline.superoffice.com/login/common/oauth/tokens"
    )
    with pytest.raises(ValueError):
        SF.state_url_for("staging")


def test_only_email_type_0_rows_are_read_as_addresses(so_sim, so):
    pid = so_sim.add_person(None)
    so_sim.add_contact_address(pid, "anna.chat", kind=1, rank=1)  # a chat row ranked before the e-mail
    so_sim.set_email(pid, "anna@example.se", rank=2)
    so_sim.add_contact_address(pid, "+46701234567", kind=2, rank=0)  # VoIP
    rows = list(so.iter_email_rows())
    assert [(r.person_id, r.address, r.rank) for r in rows] == [(pid, "anna@example.se", 2)]
    assert list(so.iter_email_rows(updated_after=T0 - timedelta(days=1))) == rows
    assert all("email.type eq 0" in r.query["$filter"] for r in so_sim.requests if r.path.endswith("Archive/dynamic"))
    assert so.take_problems() == []


def test_names_are_shown_in_one_language_and_keys_are_what_is_matched(so_sim, so):
    lists = so.load_lists()  # the connector sends Accept-Language
    assert lists.purposes == {"STORE": "Sales and service", "EMARKETING": "E-marketing"}
    assert SF.display_name('NO:"Salg og service";US:"Sales and service"', "STORE") == "Sales and service"
    assert SF.display_name('NO:"Samtykke";GE:"Zustimmung"', "61A") == "Samtykke"
    assert SF.display_name(None, "61A") == "61A"
    for item in so_sim.purposes + so_sim.legal_bases:  # renamed by an admin: the sync goes on by key
        item["Name"] = "Renamed " + item["Name"]
    pid = so_sim.add_person("anna@example.se")
    so.load_lists()
    so.put_consent(pid, Purpose.MARKETING, LegalBasis.CONSENT, "run 1")
    assert so.get_person_consents(pid)[Purpose.MARKETING].basis is LegalBasis.CONSENT


def test_inactive_purposes_are_skipped_and_an_inactive_synced_one_is_said(so_sim, so):
    so_sim.purposes.append(
        {
            "ConsentPurposeId": 3,
            "Name": "Profiling",
            "Key": "PROFILING",
            "Rank": 3,
            "Tooltip": "",
            "Deleted": False,
            "Active": False,
            "SomeFutureField": [1, 2],
        }
    )
    lists = so.load_lists()
    assert set(lists.purposes) == {"STORE", "EMARKETING"} and lists.inactive_purposes == ("PROFILING",)
    next(p for p in so_sim.purposes if p["Key"] == "EMARKETING")["Active"] = False
    with pytest.raises(ConfigurationError, match="EMARKETING \\(it is inactive\\)"):
        so.load_lists()


def test_the_comment_is_kept_within_255_characters(so_sim, so):
    pid = so_sim.add_person("anna@example.se")
    so.load_lists()
    long = "Legal Basis Sync run 42: eMarketeer changed 2026-06-30T13:05:10Z " + "because " * 60
    so.put_consent(pid, Purpose.STORE, LegalBasis.CONSENT, long)  # the simulator refuses more than 255 (400)
    comment = so_sim.consents(pid)["STORE"]["Comment"]
    assert len(comment) == 255 and comment.endswith("…") and comment.startswith("Legal Basis Sync run 42")
    assert fit_comment("short") == "short"


def test_a_403_from_superoffice_is_explained(so_sim, so):
    so_sim.faults.add(Fault("status", status=403))
    with pytest.raises(ForbiddenError) as info:
        so.load_lists()
    assert "licence" in info.value.user_message and "Development Tools" in info.value.user_message


def test_the_write_source_is_chosen_by_key(so_sim):
    pid = so_sim.add_person("anna@example.se")
    with SuperOfficeConnector(so_sim.base_url, BearerAuth("demo-token"), LIMITS, write_source="import") as so:
        assert so.load_lists().write_source == "IMPORT"
        so.put_consent(pid, Purpose.STORE, LegalBasis.CONSENT, "x")
    assert so_sim.consents(pid)["STORE"]["ConsentSourceKey"] == "IMPORT"
    with SuperOfficeConnector(so_sim.base_url, BearerAuth("demo-token"), LIMITS, write_source="SYNCAPP") as so:
        with pytest.raises(ConfigurationError) as info:
            so.load_lists()
    message = info.value.user_message
    assert "SYNCAPP" in message and "API (Other integration)" in message and message.count(".") == 1


# ------------------------------------------------------------------ eMarketeer


def test_contact_lists_are_read_at_the_documented_paths(em_sim, em):
    em_sim.add_contact("a@example.se")
    em_sim.add_contact("b@example.se")
    list_id = em_sim.add_list("Newsletter", ["a@example.se", "b@example.se"])
    assert [(r.list_id, r.name, r.size) for r in em.iter_lists()] == [(list_id, "Newsletter", 2)]
    assert [r.email for r in em.iter_list_contacts(list_id)] == ["a@example.se", "b@example.se"]
    assert [r.path for r in em_sim.requests] == ["/contacts-api/v1/lists/", f"/contacts-api/v1/lists/{list_id}"]


def test_a_wrong_or_missing_key_is_said_as_such(em_sim):
    with EmarketeerConnector(em_sim.base_url, "not-the-key", LIMITS) as em:
        with pytest.raises(AuthenticationError) as info:
            em.load_master_data()
    assert info.value.status == 403 and "no access" not in info.value.user_message
    assert "API key" in info.value.user_message and "wrong" in info.value.user_message
    assert "not-the-key" not in info.value.user_message


def test_missing_authentication_token_means_a_wrong_address(em_sim):
    with EmarketeerConnector(em_sim.base_url + "/wrong-root", "demo-key", LIMITS) as em:
        with pytest.raises(ConfigurationError) as info:
            em.load_master_data()
    assert info.value.status == 403 and "address is wrong" in info.value.user_message
    assert "/wrong-root/consent-public/v1/purposes" in info.value.user_message


def test_a_429_without_retry_after_is_backed_off(em_sim):
    sleeps: list[float] = []
    limits = RequestLimits(requests_per_second=1000.0, max_retries=3, backoff_base=0.5, backoff_max=30.0)
    em_sim.faults.add(Fault("status", status=429, times=2))  # the gateway's throttling: no Retry-After
    with EmarketeerConnector(em_sim.base_url, "demo-key", limits, sleep=sleeps.append, random=lambda: 1.0) as em:
        em.load_master_data()
    # Exponential backoff, not an immediate retry (the rate limiter's own sub-millisecond waits left aside).
    assert [s for s in sleeps if s > 0.05] == [0.5, 1.0]
    assert [r.status for r in em_sim.requests][:3] == [429, 429, 200]


def test_user_message_is_shown_and_developer_message_only_logged(em_sim, em, caplog):
    em.load_master_data()
    with caplog.at_level(logging.WARNING, logger="desktop_app.connectors.emarketeer"):
        with pytest.raises(InvalidRequestError) as info:
            em.client.post(
                em.consent_base_url + "/consent-public/v1/consents", {"key": "a@example.se"}, idempotent=False
            )
    assert "purposeId" in info.value.user_message and "ApiException" not in info.value.user_message
    assert "ApiException: purposeId" in caplog.text  # developerMessage, in the log only


def test_the_write_source_is_chosen_by_name(em_sim):
    em_sim.add_contact("a@example.se")
    with EmarketeerConnector(em_sim.base_url, "demo-key", LIMITS, write_source="import") as em:
        assert em.load_master_data().write_source_name == "Import"
        em.create_consent("a@example.se", Purpose.STORE, LegalBasis.CONSENT, "x")
    assert em_sim.current_consents("a@example.se")["Store and process"]["sourceId"] == 34
    with EmarketeerConnector(em_sim.base_url, "demo-key", LIMITS, write_source="Legal basis app") as em:
        with pytest.raises(ConfigurationError) as info:
            em.load_master_data()
    assert "'Legal basis app'" in info.value.user_message and "'Other integration'" in info.value.user_message


# ------------------------------------------------------------------ point 4: tolerant, explicit parsing


def test_unknown_extra_fields_are_ignored(em_sim, em):
    em_sim.add_contact("a@example.se")
    em_sim.add_raw_record(
        {
            "key": "a@example.se",
            "purposeId": 11,
            "legalBasisId": 24,
            "sourceId": 33,
            "description": "",
            "createdAt": "2026-05-01T00:00:00Z",
            "tenantId": 7,
            "meta": {"channel": "web"},
        }
    )
    em_sim.purposes.append({"id": 14, "name": "Analytics", "colour": "blue"})
    records = list(em.iter_consents())
    assert [(r.key, r.consent.basis, r.consent.error) for r in records] == [("a@example.se", LegalBasis.CONSENT, None)]
    assert em.take_problems() == []


def test_a_mistyped_field_is_one_sentence_per_run_and_one_error_per_record(em_sim, em):
    for n in range(3):
        em_sim.add_raw_record(
            {
                "key": f"c{n}@example.se",
                "purposeId": 11,
                "legalBasisId": 24,
                "sourceId": 33,
                "description": "",
                "createdAt": 1748779200,
            }
        )  # epoch seconds, not ISO text
    records = list(em.iter_consents())
    assert len(records) == 3 and all("change time" in r.consent.error for r in records)
    notices = [p for p in em.take_problems() if p.email.startswith("eMarketeer GET")]
    assert len(notices) == 1
    assert notices[0].reason.startswith(
        "eMarketeer answered GET /consent-public/v1/consents/filter with the field "
        "createdAt missing or not of the expected type"
    )
    list(em.iter_consents())
    assert [p for p in em.take_problems() if p.email.startswith("eMarketeer GET")] == []  # once per run
    em.load_master_data()  # a new run starts
    list(em.iter_consents())
    assert len([p for p in em.take_problems() if p.email.startswith("eMarketeer GET")]) == 1


def test_a_whole_answer_in_the_wrong_shape_names_endpoint_and_field(so_sim, so):
    real = so_sim.handle

    def no_rows(request):  # valid JSON, no rows list
        if "Archive/dynamic" in request.path:
            return json_response(200, {"odata.metadata": "x", "odata.nextLink": None})
        return real(request)

    so_sim.handle = no_rows
    with pytest.raises(Exception) as info:
        list(so.iter_consent_rows())
    assert type(info.value).__name__ == "UnexpectedResponseError"
    assert "GET v1/Archive/dynamic" in info.value.user_message and "value" in info.value.user_message


def test_a_2xx_carrying_superoffices_error_object_is_an_error_in_its_words(so_sim, so):
    """api notes, Errors: `{"Error": true, "ErrorType", "ErrorMessage", "ErrorSource"}`; a 2xx carrying it is a failure."""
    so_sim.faults.add(Fault("status", status=200, message="Transaction was deadlocked"))
    with pytest.raises(ConnectorError) as info:
        list(so.iter_consent_rows())
    assert info.value.user_message == (
        "SuperOffice answered as if it succeeded but reported an error: Transaction was deadlocked"
    )


VENDOR_NAME_LOOKUPS = (ast.Subscript, ast.Call)


def test_every_vendor_field_name_lives_in_the_fields_modules():
    """Point 4: a fact learnt from a real account is a one-line fix in superoffice_fields / emarketeer_fields."""
    package = Path(connectors_package.__file__).parent
    offenders = []
    for name in ("superoffice.py", "emarketeer.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # raw.get("field"), body["field"], _get(raw, "column"): a vendor name written in the connector itself
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
                func = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if func in ("get", "_get") and any(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args
                ):
                    offenders.append(f"{name}:{node.lineno}")
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, str)
            ):
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []


def test_system_of_notices_is_the_vendor(so_sim, so):
    so_sim.add_person("anna@example.se")
    pid = so_sim.add_person("bo@example.se", creation_default=None)
    so_sim.set_consent(pid, "STORE", "61A")
    so_sim.set_raw_consent_field(pid, "STORE", "registered", "soon")
    list(so.iter_consent_rows())
    notices = [p for p in so.take_problems() if p.email.startswith("SuperOffice GET")]
    assert [p.system for p in notices] == [System.SUPEROFFICE]
    assert "consentperson.registered" in notices[0].reason


# ------------------------------------------------------------------ point 3 and the environments, end to end


def test_a_missing_write_source_stops_a_run_with_one_sentence(world):
    """Issue 10 point 3: the write source missing is one sentence at the start of a run (nothing is written)."""
    from desktop_app.domain.model import RunStatus

    world.em.sources[:] = [s for s in world.em.sources if s["name"] != "Other integration"]
    summary = world.sync()
    assert summary.status is RunStatus.FAILED
    assert (
        "'Other integration' chosen as the write source is not among the account's consent sources" in summary.message
    )
    assert not [r for r in world.em.requests if r.method == "POST"]


def test_the_environment_chooses_the_application_id_and_the_sign_in_host(tmp_path):
    from desktop_app.config import resolve_config
    from desktop_app.sync.credentials import TokenRefresher

    ids = {
        "crm": "online",
        "superoffice_client_id": "prod-app",
        "superoffice_client_id_sod": "dev-app",
        "superoffice_client_id_qaonline": "stage-app",
    }
    for env, app in (("sod", "dev-app"), ("qaonline", "stage-app"), ("online", "prod-app")):
        config = resolve_config({**ids, "superoffice_environment": env}, {}, data_dir=tmp_path)
        refresher = TokenRefresher.for_config(config, "refresh-token")
        assert refresher.client_id == app
        assert refresher.token_url == f"https://{env}.superoffice.com/login/common/oauth/tokens"
