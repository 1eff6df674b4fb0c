"""A SuperOffice answer 2xx whose body is SuperOffice's own error object is taken as a successful write."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from engine_support import simulated_world

from desktop_app.connectors.errors import ConnectorError, InvalidRequestError, NotFoundError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.domain.model import LegalBasis, Purpose
from desktop_app.simulators import SimClock, SuperOfficeSimulator
from desktop_app.simulators.common import Response, json_response

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=1.0, max_retries=1, backoff_base=0.001, backoff_max=0.01, answer_deadline=2.0
)


class _ErrorIn200(SuperOfficeSimulator):
    """NetServer (or a gateway in front of it) that reports a failed consent write as 200 with its error object and
    leaves the row as it was."""

    def handle(self, request):
        if request.method == "PUT" and "/Consent/" in request.path:
            return json_response(
                200,
                {
                    "Error": True,
                    "ErrorType": "SoDatabaseException",
                    "ErrorMessage": "Transaction (Process ID 71) was deadlocked and has been chosen as the victim.",
                    "ErrorSource": "NetServer",
                },
            )
        return super().handle(request)


def test_a_consent_write_answered_with_superoffices_error_object_is_not_a_success():
    """api/superoffice.md "Write one consent": `PUT ...` -> `204`; "Errors (DOC): body `{"Error": true, "ErrorType":
    ..., "ErrorMessage": ..., "ErrorSource": ...}`". The brief: "200 with an error body".

    `SuperOfficeConnector.put_consent` (superoffice.py ~line 740) returns whatever `ApiClient._handle` made of a 2xx
    (http.py `_handle`: any 2xx is parsed and returned; nobody looks at `"Error": true`). The withdrawal is reported
    as written. Against the engine the run ends DONE with no error and no change; the read-back leaves the decision
    pending, the next run marks it "not applied" and never tries again - the eMarketeer withdrawal never reaches
    SuperOffice and no one is told (checked by hand against sync/engine.py, four runs, one PUT). Expected: a
    ConnectorError carrying SuperOffice's ErrorMessage."""
    sim = _ErrorIn200(clock=SimClock(T0), creation_default=None).start()
    try:
        pid = sim.add_person("anna@example.se")
        sim.set_consent(pid, "EMARKETING", "61A")
        with SuperOfficeConnector(sim.base_url, BasicAuth("admin", "secret"), LIMITS, state_url=sim.state_url) as so:
            so.load_lists()
            try:
                so.put_consent(pid, Purpose.MARKETING, LegalBasis.WITHDRAWN, "Legal Basis Sync run 1 (LBS-1-1)")
            except ConnectorError as exc:
                assert "deadlocked" in exc.user_message or exc.user_message
                return
        held = sim.consents(pid)["EMARKETING"]["LegalBaseKey"]
    finally:
        sim.stop()
    raise AssertionError(f"put_consent returned normally; SuperOffice still holds {held!r}")


class _EmptyConsents(SuperOfficeSimulator):
    """NetServer (or a gateway) answering a person's consents 200 with an empty body."""

    def handle(self, request):
        if request.method == "GET" and request.path.endswith("/Consent"):
            return Response(200, b"", content_type="application/json")
        return super().handle(request)


def test_an_empty_answer_to_a_persons_consents_is_not_read_as_no_consents():
    """api/superoffice.md "One person's consents": `GET v1/Person/{personId}/Consent` -> `[ConsentInfo, ...]` (a list,
    empty when there are none). SPEC R14 re-reads the target before writing: an empty body read as "no consents" would
    let the run decide on a value SuperOffice never gave (a withdrawal seen as nothing)."""
    sim = _EmptyConsents(clock=SimClock(T0), creation_default=None).start()
    try:
        pid = sim.add_person("anna@example.se")
        sim.set_consent(pid, "EMARKETING", "WITHDRAWN")
        with SuperOfficeConnector(sim.base_url, BasicAuth("admin", "secret"), LIMITS, state_url=sim.state_url) as so:
            with pytest.raises(ConnectorError, match="unexpected shape"):
                so.get_person_consents(pid)
    finally:
        sim.stop()


class _DeletedPersonIn200(SuperOfficeSimulator):
    """NetServer behind a gateway that reports errors with a 200 (the case eb807a1 handles): a person deleted after
    the run read it answers `{"Error": true, "ErrorType": "SoNotFoundException", ...}` with status 200."""

    gone: int | None = None

    def handle(self, request):
        if self.gone is not None and f"/v1/Person/{self.gone}/" in request.path:
            body = {
                "Error": True,
                "ErrorType": "SoNotFoundException",
                "ErrorMessage": f"Person {self.gone} not found",
                "ErrorSource": "NetServer",
            }
            return Response(200, json.dumps(body).encode(), content_type="application/json")
        return super().handle(request)


@pytest.fixture
def gw_world(tmp_path):
    with simulated_world(tmp_path, superoffice=_DeletedPersonIn200) as w:
        yield w


def test_a_person_deleted_mid_run_reported_in_a_2xx_error_object_does_not_stop_the_others_writes(gw_world):
    """SPEC R17 ("Bad input never stops a run ... put that contact on the run's error list ...; the rest of the run
    goes on") and R14 (the target is read again before the write). api/superoffice.md errors: the body
    `{"Error": true, "ErrorType": "SoNotFoundException", ...}` means an unknown person.

    eb807a1's `_no_error_object` (superoffice.py ~line 269) turns every error object in a 2xx into a bare
    ConnectorError, whatever its ErrorType; the engine only keeps going for NotFoundError and InvalidRequestError
    (engine.py ~line 1593 `_is_contact_error`). So one person deleted by a salesperson between the read and the
    re-read stops the whole run: the withdrawal of every other contact in the run is not written to SuperOffice
    until the next run, and the admin is told SuperOffice failed. Expected: the run done, the deleted person's
    address on the error list, and the other withdrawal written."""
    w = gw_world
    kept = w.so_person("kept@example.se", EMARKETING="61A")
    gone = w.so_person("gone@example.se", EMARKETING="61A")
    w.em_contact("kept@example.se", marketing="Consent")
    w.em_contact("gone@example.se", marketing="Consent")
    w.advance(60)
    assert w.sync().status.value == "done"  # the baseline: both agree on Consent
    w.advance(600)
    for email in ("kept@example.se", "gone@example.se"):
        w.em.add_consent(email, "Marketing sendouts", "Withdrawn")  # both unsubscribe in eMarketeer
    w.advance(60)
    w.so.gone = gone  # the salesperson deletes that person; NetServer answers its error object with a 200
    summary = w.sync()
    assert summary.status.value == "done", f"run {summary.status.value}: {summary.message}"
    assert w.so_value(kept, "EMARKETING") == "WITHDRAWN"
    assert any(e.email == "gone@example.se" for e in summary.errors)


class _TypedErrorIn200(SuperOfficeSimulator):
    """Answers every consent write 200 with SuperOffice's error object of the ErrorType set on it."""

    error_type = "SoServerException"

    def handle(self, request):
        if request.method == "PUT" and "/Consent/" in request.path:
            body = {"Error": True, "ErrorType": self.error_type, "ErrorMessage": "No.", "ErrorSource": "NetServer"}
            return json_response(200, body)
        return super().handle(request)


@pytest.mark.parametrize(
    ("error_type", "raised", "contact_level"),
    [
        ("SoNotFoundException", NotFoundError, True),  # the 404's meaning (api notes "Errors")
        ("SoArgumentException", InvalidRequestError, True),  # a 400's
        ("SoDatabaseException", ConnectorError, False),  # anything else: the service's fault, the run stops
    ],
)
def test_an_error_object_in_a_2xx_says_what_the_matching_status_would(error_type, raised, contact_level):
    """SPEC R17: a contact's own problem (an unknown person, a value refused) puts that contact on the error list and
    the run goes on, as the 404 or 400 that says the same does; any other error object stops the run (R13)."""
    sim = _TypedErrorIn200(clock=SimClock(T0), creation_default=None).start()
    sim.error_type = error_type
    try:
        pid = sim.add_person("anna@example.se")
        with SuperOfficeConnector(sim.base_url, BasicAuth("admin", "secret"), LIMITS, state_url=sim.state_url) as so:
            so.load_lists()
            with pytest.raises(raised) as caught:
                so.put_consent(pid, Purpose.MARKETING, LegalBasis.WITHDRAWN, "Legal Basis Sync run 1 (LBS-1-1)")
    finally:
        sim.stop()
    assert isinstance(caught.value, (NotFoundError, InvalidRequestError)) is contact_level
