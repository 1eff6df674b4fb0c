"""A SuperOffice answer 2xx whose body is SuperOffice's own error object is taken as a successful write."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from desktop_app.connectors.errors import ConnectorError
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
