"""Odd times and odd bodies from a vendor never stop a run (SPEC R17, R18; "Change time": always an aware UTC datetime).

What an admin or a data-protection officer would lose without this: one record with an odd time, or one answer with
an odd `Date` header or body, made every full run fail with "Unexpected error: TypeError / OverflowError /
RecursionError" (an internal failure with a traceback), so no contact was synced at all until someone found and
edited that record or fixed that proxy by hand. R17: a malformed record inside a valid response puts that contact on
the run's error list with a clear reason and the rest of the run goes on; R18: a body that is not valid JSON is
retried with backoff, then the run stops cleanly with a sentence.

- A time that is only a date ("2026-05-30"; the api notes only know `YYYY-MM-DDTHH:MM:SS`, with or without `Z` or a
  fraction) has no time of day: Python 3.11 read it as a zoneless midnight (and "2026-05-30+02:00" as 02:00), which
  then met an aware time in a comparison. It is now malformed: that contact goes on the error list.
- A zero date carried with a zone offset ("0001-01-01T00:00:00+01:00", .NET's DateTime.MinValue in Stockholm) lies
  before datetime's first day in UTC: it reads as the zero date it is (empty for SuperOffice), as without an offset.
  A time past datetime's last day in UTC ("9999-12-31T23:59:59-01:00") is malformed.
- An HTTP-date past datetime's range ("Fri, 31 Dec 9999 23:59:59 -0100", or a 20-digit offset) is unreadable: the
  answer is read as if it carried no Date (parse_http_date's contract).
- A body nested 200,000 deep is "not JSON": retried, then a connector error; an error body that deep never hides
  the status.
"""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from desktop_app.connectors import emarketeer_fields as EF
from desktop_app.connectors import superoffice_fields as SF
from desktop_app.connectors.base import ODD, parse_iso_time, quick_iso_time
from desktop_app.connectors.errors import ConnectorError, NotFoundError
from desktop_app.connectors.http import ApiClient, RequestLimits, parse_http_date, parse_retry_after
from desktop_app.domain.model import RunStatus, System
from desktop_app.simulators import common

DATE_ONLY = ("2026-05-30", "20260530", "2026-W22-6", "2026W22", "2026-05-30+02:00", "2026-05-30+00:00", "2026-05-30z")
ZERO_WITH_OFFSET = ("0001-01-01T00:00:00+01:00", "0001-01-01T00:30:00+01:00", "0001-01-01 00:00:00+14:00")
PAST_THE_END = ("9999-12-31T23:59:59-01:00", "9999-12-31T23:00:00.5-12:00")
EDGE_DATE_HEADERS = (
    "Fri, 31 Dec 9999 23:59:59 -0100",
    "Fri, 31 Dec 2025 23:59:59 +99999999999999999999",
    "Fri, 31 Dec 99999999999999999999 23:59:59 GMT",
)
DEEP = b"[" * 200_000 + b"]" * 200_000


# ---------------------------------------------------------------- change times


@pytest.mark.parametrize("text", DATE_ONLY)
def test_a_date_without_a_time_of_day_is_malformed_never_zoneless(text):
    assert quick_iso_time(text) is ODD
    for parse in (parse_iso_time, SF.parse_time, EF.parse_time):
        with pytest.raises(ValueError, match="no time of day"):
            parse(text)


@pytest.mark.parametrize("text", ["2026-05-30T10:00", "2026-05-30 10:00:00", "20260530T100000", "2026-W22-6T10:00Z"])
def test_a_date_with_a_time_of_day_in_any_iso_form_still_reads(text):
    parsed = parse_iso_time(text)
    assert parsed is not None and parsed.tzinfo is timezone.utc and parsed.hour == 10


@pytest.mark.parametrize("text", ZERO_WITH_OFFSET)
def test_a_zero_date_with_an_offset_reads_as_empty_like_the_zero_date(text):
    assert SF.parse_time(text) is None and SF.quick_time(text) in (None, ODD)
    assert SF.parse_time("0001-01-01T00:00:00") is None
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    assert parse_iso_time(text) == EF.parse_time(text) == earliest
    assert quick_iso_time(text) in (earliest, ODD)


@pytest.mark.parametrize("text", PAST_THE_END)
def test_a_time_past_the_calendar_in_utc_is_malformed(text):
    assert quick_iso_time(text) is ODD and SF.quick_time(text) is ODD
    for parse in (parse_iso_time, SF.parse_time, EF.parse_time):
        with pytest.raises(ValueError, match="out of range"):
            parse(text)


def _in_step(world, n: int = 3) -> None:
    for i in range(n):
        email = f"p{i}@example.se"
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")


def _odd_em_record(world, email: str, created_at: str) -> None:
    world.so_person(email, STORE="61A", EMARKETING="61A")
    world.em_contact(email, store="Consent")
    world.em.add_raw_record(
        {
            "key": email,
            "purposeId": world.em_purpose_id("Marketing sendouts"),
            "legalBasisId": next(b["id"] for b in world.em.legal_bases if b["name"] == "Withdrawn"),
            "sourceId": world.em_source_id("Added by user"),
            "description": "imported",
            "createdAt": created_at,
        }
    )


def test_a_full_run_lists_a_date_only_or_out_of_range_created_at_and_goes_on(world):
    _in_step(world)
    _odd_em_record(world, "dateonly@example.se", "2026-05-30")
    _odd_em_record(world, "edge@example.se", "9999-12-31T23:59:59-01:00")
    world.advance(3600)
    summary = world.sync()
    assert summary.status is RunStatus.DONE, (summary.status, summary.message)
    reasons = {e.email: e.reason for e in summary.errors}
    assert "no time of day" in reasons["dateonly@example.se"]
    assert "out of range" in reasons["edge@example.se"]
    assert not any(email.startswith("p") for email in reasons)


def test_a_full_run_reads_a_superoffice_zero_date_with_an_offset_as_empty(world):
    _in_step(world)
    for email, zero in (("onsite@example.se", "0001-01-01T00:00:00+01:00"), ("online@example.se", "0001-01-01")):
        pid = world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
        world.so.set_raw_consent_field(pid, "EMARKETING", "updated", zero)
    world.advance(3600)
    summary = world.sync()
    assert summary.status is RunStatus.DONE, (summary.status, summary.message)
    assert "onsite@example.se" not in {e.email for e in summary.errors}


# ---------------------------------------------------------------- the HTTP layer


def _client(system: System, handler, max_retries: int = 0) -> ApiClient:
    return ApiClient(
        system,
        limits=RequestLimits(max_retries=max_retries, backoff_base=0.0, backoff_max=0.0),
        base_url="http://vendor.test/",
        transport=httpx.MockTransport(handler),
        vendor_message=lambda body: None,
    )


@pytest.mark.parametrize("header", EDGE_DATE_HEADERS)
def test_an_http_date_past_the_calendar_is_unreadable(header):
    assert parse_http_date(header) is None
    assert parse_retry_after(header) is None or parse_retry_after(header) >= 0


@pytest.mark.parametrize("header", EDGE_DATE_HEADERS)
def test_a_good_answer_with_an_edge_date_is_read_as_without_a_date(header):
    client = _client(System.EMARKETEER, lambda request: httpx.Response(200, json={"ok": 1}, headers={"Date": header}))
    assert client.get("x") == {"ok": 1}
    assert client.server_clock.latest is None


def test_a_503_with_an_edge_date_is_retried(world):
    answers = iter([503, 200])
    client = _client(
        System.SUPEROFFICE,
        lambda request: httpx.Response(next(answers), json={"ok": 1}, headers={"Date": EDGE_DATE_HEADERS[0]}),
        max_retries=1,
    )
    assert client.get("x") == {"ok": 1}


def test_a_run_survives_an_edge_date_header(world, monkeypatch):
    world.so_person("a@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("a@example.se", store="Consent", marketing="Consent")
    world.advance(60)
    monkeypatch.setattr(common, "format_datetime", lambda *a, **k: EDGE_DATE_HEADERS[0])
    summary = world.sync()
    assert summary.status is RunStatus.DONE, (summary.status, summary.message)


def test_a_deeply_nested_good_answer_is_not_json_retried_then_a_connector_error():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, content=DEEP)

    with pytest.raises(ConnectorError, match="not valid JSON"):
        _client(System.SUPEROFFICE, handler, max_retries=2).get("x")
    assert len(seen) == 3


@pytest.mark.parametrize("system", [System.SUPEROFFICE, System.EMARKETEER])
def test_a_deeply_nested_error_body_never_hides_the_status(system):
    with pytest.raises(NotFoundError):
        _client(system, lambda request: httpx.Response(404, content=DEEP)).get("x")


def test_a_deeply_nested_id_token_payload_reads_as_no_claims():
    """The sign-in's id_token (only used to find the tenant's host) with a payload nested deep enough to exhaust the
    stack: no claims, never a RecursionError out of the sign-in."""
    import base64

    from desktop_app.connectors.superoffice_oauth import id_token_claims

    payload = base64.urlsafe_b64encode(b"[" * 200_000 + b"]" * 200_000).decode().rstrip("=")
    assert id_token_claims(f"head.{payload}.sig") == {}
