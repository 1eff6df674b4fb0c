"""An HTML 404 page from a proxy in front of eMarketeer is not eMarketeer saying "no such contact"."""

from __future__ import annotations

import json

import pytest
from engine_support import T0, simulated_world

from desktop_app.connectors import emarketeer_fields as EF
from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.errors import ConnectorError, NotFoundError
from desktop_app.connectors.http import RequestLimits
from desktop_app.simulators import EmarketeerSimulator, SimClock
from desktop_app.simulators.common import Response

NGINX_404 = (
    b"<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center>"
    b"<hr><center>nginx</center></body></html>"
)


class _BehindAProxy(EmarketeerSimulator):
    """eMarketeer behind an on-premise proxy whose route for the current-consents lookup is missing: the proxy
    answers its own HTML 404 page; everything else reaches eMarketeer."""

    def handle(self, request):
        if request.method == "GET" and request.path == "/consent-public/v1/consents":
            return Response(404, NGINX_404, content_type="text/html")
        return super().handle(request)


@pytest.fixture
def proxied_world(tmp_path):
    with simulated_world(tmp_path, emarketeer=_BehindAProxy) as w:
        yield w


def test_a_send_time_check_does_not_take_a_proxy_404_page_for_an_unknown_contact(proxied_world):
    """api/emarketeer.md: "The base URLs are settings (an on-premise proxy, a sandbox, and the simulators need
    others)"; errors: "`404` unknown key/contact ... body `{"message": "..."}` or `{"userMessage",
    "developerMessage"}`". SPEC R4 (every recipient checked in both systems before a send), R11 (only a contact
    that *exists* in one system only is unmatched), and the brief's (e): a vendor failure is never "no consent".

    `EmarketeerConnector.get_consents` (emarketeer.py ~line 580) maps every 404 - whatever its body, here a proxy's
    HTML page - to NotFoundError "no contact", and `SyncEngine._emarketeer_by_address` (engine.py ~line 906) then
    counts the recipient as unmatched (R11). The run ends DONE with no error; the SuperOffice withdrawal of
    Marketing sendouts is not carried to eMarketeer before the send, and the marketing e-mail goes to a person who
    withdrew. Expected: the lookup failure is an error (the contact on the error list, or the run stopped), or the
    withdrawal is written."""
    w = proxied_world
    w.so_person("anna@example.se", EMARKETING="WITHDRAWN")
    w.em_contact("anna@example.se", marketing="Consent")
    w.advance(60)
    summary = w.sync(only=("anna@example.se",))
    told = bool(summary.errors) or summary.status.value != "done"
    written = w.em_value("anna@example.se", "Marketing sendouts") == "Withdrawn"
    assert told or written, (
        f"status={summary.status.value}, unmatched SuperOffice={summary.unmatched_superoffice}, errors=0; "
        f"eMarketeer still holds {w.em_value('anna@example.se', 'Marketing sendouts')!r} for a withdrawn person"
    )


def test_emarketeer_own_404_is_still_an_unknown_contact_and_a_proxy_page_is_not():
    """api/emarketeer.md errors: "`404` unknown key/contact ... body `{"message": "..."}` or `{"userMessage",
    "developerMessage"}`": that answer is the contact-level NotFoundError (R11: the address is not a contact); the
    proxy's page is a service fault (not a NotFoundError, so the engine stops instead of counting it unmatched)."""
    limits = RequestLimits(requests_per_second=1000.0, timeout=1.0, max_retries=0, answer_deadline=2.0)
    with EmarketeerSimulator(clock=SimClock(start=T0)) as em, EmarketeerConnector(em.base_url, "demo-key", limits) as c:
        with pytest.raises(NotFoundError, match="has no contact"):
            c.get_consents("nobody@example.se")
    with _BehindAProxy(clock=SimClock(start=T0)) as em, EmarketeerConnector(em.base_url, "demo-key", limits) as c:
        with pytest.raises(ConnectorError) as caught:
            c.get_consents("anna@example.se")
    assert not isinstance(caught.value, NotFoundError) and caught.value.status == 404


class _NullUserMessage(EmarketeerSimulator):
    """eMarketeer whose handler errors serialise a missing `userMessage` as null (a Java/Jackson error object):
    `{"userMessage": null, "developerMessage": "..."}`, the api notes' `{"userMessage", "developerMessage"}`."""

    def handle(self, request):
        response = super().handle(request)
        if response.status == 404:
            try:
                said = json.loads(response.body)
            except ValueError:
                return response
            text = said.get("developerMessage") or said.get("userMessage") or said.get("message") or "not found"
            body = json.dumps({"userMessage": None, "developerMessage": text}).encode()
            return Response(404, body, content_type="application/json")
        return response


@pytest.fixture
def null_user_world(tmp_path):
    with simulated_world(tmp_path, emarketeer=_NullUserMessage) as w:
        yield w


def test_a_send_time_sync_for_a_superoffice_only_recipient_is_not_stopped_by_emarketeers_own_404(null_user_world):
    """api/emarketeer.md errors: "`404` unknown key/contact ... body `{"message": "..."}` or `{"userMessage",
    "developerMessage"}`" (the values not given: userMessage may be null, it is for people and often absent);
    SPEC R11 (a contact in one system only is left alone and counted as unmatched) and R4/R10 (a send's recipients
    are synced with `--only`).

    eb807a1's `is_error_body` (emarketeer_fields.py ~line 108) only recognises a 404 whose `userMessage` or `message`
    is a string; `{"userMessage": null, "developerMessage": "no contact ..."}` is eMarketeer's own error object all
    the same, yet `_explain` (emarketeer.py ~line 180) now turns it into a service fault ("http_404"), which is not a
    NotFoundError, so `_emarketeer_by_address` does not count the address as unmatched: the whole `sync --only` run
    stops. Every send to a list holding one SuperOffice-only address fails its Checklist sync, and the admin is told
    eMarketeer is at fault. Expected: the run is done and the address is unmatched (R11)."""
    w = null_user_world
    w.so_person("only.in.crm@example.se", EMARKETING="61A")
    w.advance(60)
    summary = w.sync(only=("only.in.crm@example.se",))
    assert summary.status.value == "done", f"run {summary.status.value}: {summary.message}"
    assert summary.unmatched_superoffice == 1


@pytest.mark.parametrize(
    ("body", "own"),
    [
        ({"message": "No contact"}, True),
        ({"userMessage": "No contact", "developerMessage": "contact 1 not found"}, True),
        ({"userMessage": None, "developerMessage": "contact 1 not found"}, True),
        ({"developerMessage": None}, True),
        ({"error": "not found"}, False),  # another service's JSON
        (None, False),  # an HTML page (not JSON)
        (["No contact"], False),
        ("No contact", False),
    ],
)
def test_emarketeers_own_error_object_is_known_by_its_keys_not_their_values(body, own):
    """api/emarketeer.md errors: body `{"message": "..."}` or `{"userMessage", "developerMessage"}`: the keys are
    eMarketeer's, whatever they hold; a page or JSON that is not an object is a proxy's or another service's."""
    assert EF.is_error_body(body) is own
