"""Issue 11 pt 4: a full read's rows are read the quick way when nothing in them is unusual, the careful way otherwise.

For any row a vendor can send (R17: odd ids, keys, times, missing or re-cased columns, wrong types), the quick
reader either leaves the row to the careful one (None) or gives exactly the row the careful one gives, and then the
careful one had nothing to say about it (no problem, no field notice): the quick way never loses a sentence. The
time text a quick row carries for the store is exactly what the store makes of its time (store.codec.encode_time).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_app.connectors import emarketeer_fields as EF
from desktop_app.connectors import superoffice_fields as SF
from desktop_app.connectors.base import ODD, parse_iso_time, quick_iso_time, quick_utc_text
from desktop_app.connectors.emarketeer import EmarketeerConnector, _quick_contact, _quick_record
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector, _quick_consent_row, _quick_email_row
from desktop_app.simulators.emarketeer import LEGAL_BASES, PURPOSES, SOURCES
from desktop_app.store.codec import encode_time

USUAL_TIMES = st.sampled_from(
    ["2025-02-11T00:06:44", "2025-02-11T00:06:44Z", "2025-02-11T00:06:44.5", "1999-12-31T23:59:59Z"]
)
TIMES = st.one_of(
    USUAL_TIMES,
    st.sampled_from(
        [
            "2025-02-11T00:06:44z",
            "2025-02-11T00:06:44.123456Z",
            "2025-02-11T00:06:44+02:00",
            "2025-02-11T00:06:44-00:00",
            "2025-02-11 00:06:44",
            "2025-02-11t00:06:44",
            "2025-02-11X00:06:44",
            "2025-02-11T00:06:44,5",
            "2025-02-11T00:06:44+00:00",
            "2025-02-11T00:06:44.000000Z",
            "2025-02-11T24:00:00",
            "20250211T000644",
            "2025-02-11",
            " 2025-02-11T00:06:44 ",
            "2025-13-11T00:06:44",
            "2025-02-30T00:06:44",
            "0001-01-01T00:00:00",
            "1899-12-30T00:00:00",
            "1760-01-01T00:00:00Z",
            "1901-01-01T00:00:00",
            "0",
            "",
            "  ",
            "yesterday",
        ]
    ),
)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, 2.5, float("nan")]),
    st.text(max_size=6),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)
IDS = st.one_of(st.integers(1, 10**6), st.sampled_from(["12", " 12", "[I:12]", "x"]), ODD_VALUES)
SO_PURPOSE_KEYS = st.sampled_from(["STORE", "EMARKETING", "store", " STORE", "PROFILING", "", " "])
SO_BASIS_KEYS = st.sampled_from(["61A", "61B", "61C", "61D", "61E", "61F", "WITHDRAWN", "61a", " 61A", "61Z", ""])
ADDRESSES = st.sampled_from(["anna@example.com", " Anna@Example.com ", "", "   ", "not an address", "maße@x.se"])


@st.composite
def rows(draw: st.DrawFn, columns: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]]) -> dict[str, Any]:
    """A usual row (each column's first strategy), then a few columns changed: left out, sent in other letter case,
    given another value (the second strategy) or anything at all; maybe an extra column."""
    row: dict[str, Any] = {name: draw(usual) for name, (usual, _) in columns.items()}
    for name in draw(st.lists(st.sampled_from(sorted(columns)), max_size=3)):
        if name not in row:
            continue
        how = draw(st.sampled_from(["missing", "upper case", "other", "other", "anything"]))
        if how == "missing":
            del row[name]
        elif how == "upper case":
            row[name.upper()] = row.pop(name)
        else:
            row[name] = draw(columns[name][1] if how == "other" else ODD_VALUES)
    if draw(st.booleans()):
        row["PrimaryKey"] = draw(st.sampled_from(["1", "x"]))
    return row


SO_CONSENT_ROWS = rows(
    {
        SF.C_ID: (st.integers(1, 10**6), IDS),
        SF.C_PERSON_ID: (st.integers(1, 10**6), IDS),
        SF.C_PURPOSE_KEY: (st.sampled_from(["STORE", "EMARKETING"]), SO_PURPOSE_KEYS),
        SF.C_LEGAL_BASE_KEY: (st.sampled_from(["61A", "61F", "WITHDRAWN"]), SO_BASIS_KEYS),
        SF.C_UPDATED: (st.one_of(st.none(), USUAL_TIMES), TIMES),
        SF.C_REGISTERED: (USUAL_TIMES, st.one_of(st.none(), TIMES)),
    }
)
SO_EMAIL_ROWS = rows(
    {
        SF.E_ID: (st.integers(1, 10**6), IDS),
        SF.E_PERSON_ID: (st.integers(1, 10**6), IDS),
        SF.E_ADDRESS: (st.just("anna@example.com"), ADDRESSES),
        SF.E_RANK: (st.integers(0, 3), st.just("1")),
        SF.E_TYPE: (st.just(0), st.sampled_from([1, 2, "0", 0.0])),
        SF.E_UPDATED: (st.one_of(st.none(), USUAL_TIMES), TIMES),
        SF.E_PERSON_REGISTERED: (USUAL_TIMES, st.one_of(st.none(), TIMES)),
    }
)
EM_RECORDS = rows(
    {
        EF.R_KEY: (st.just("anna@example.com"), ADDRESSES),
        EF.R_PURPOSE_ID: (st.sampled_from([11, 12]), st.sampled_from([13, 99, "11", 11.0])),
        EF.R_LEGAL_BASIS_ID: (st.sampled_from([21, 24, 25]), st.sampled_from([99, "24", 24.0])),
        EF.R_CREATED_AT: (USUAL_TIMES, st.one_of(st.none(), TIMES)),
        EF.R_DESCRIPTION: (st.sampled_from(["", "Legal Basis Sync run 3: SuperOffice changed"]), ODD_VALUES),
    }
)
EM_CONTACTS = rows(
    {
        EF.CT_ID: (st.integers(1, 10**6), IDS),
        EF.CT_EMAIL: (st.just("anna@example.com"), ADDRESSES),
        EF.CT_MODIFIED: (st.one_of(st.none(), USUAL_TIMES), TIMES),
    }
)


_SUPEROFFICE = SuperOfficeConnector("http://127.0.0.1:9/api/", BasicAuth("admin", "secret"))
_EMARKETEER = EmarketeerConnector("http://127.0.0.1:9", "key")
_EMARKETEER._set_master_data(dict(PURPOSES), dict(LEGAL_BASES), dict(SOURCES))


def superoffice() -> SuperOfficeConnector:
    """The connector (no request is made), with nothing said yet."""
    _SUPEROFFICE.take_problems()
    _SUPEROFFICE.reset_notices()
    return _SUPEROFFICE


def emarketeer() -> EmarketeerConnector:
    _EMARKETEER.take_problems()
    _EMARKETEER.reset_notices()
    return _EMARKETEER


def said_nothing(connector: SuperOfficeConnector | EmarketeerConnector) -> bool:
    return not connector.take_problems() and not connector._noticed


@settings(max_examples=300)
@given(st.one_of(TIMES, ODD_VALUES))
@example("2025-02-11T00:06:44")
def test_quick_time_is_parse_time_or_leaves_it(raw: Any) -> None:
    for quick, careful in (
        (SF.quick_time, SF.parse_time),
        (EF.quick_time, EF.parse_time),
        (quick_iso_time, parse_iso_time),
    ):
        found = quick(raw)
        if found is not ODD:
            assert found == careful(raw)
    parsed = quick_iso_time(raw)
    if isinstance(parsed, datetime):
        assert quick_utc_text(raw) in (None, encode_time(parsed))


@settings(max_examples=300)
@given(SO_CONSENT_ROWS)
def test_quick_superoffice_consent_row_is_the_careful_one(raw: dict[str, Any]) -> None:
    """R17 and R22: the quick row has the careful one's value, change time, error (none) and untouched flag."""
    connector = superoffice()
    careful = connector._careful_consent_row(raw)
    quick = _quick_consent_row(raw)
    if quick is not None:
        assert quick._replace(changed_text=None) == careful
        assert quick.changed_text in (None, encode_time(quick.consent.changed_at))
        assert said_nothing(connector)
    assert connector._consent_row(raw) == (careful if quick is None else quick)


@settings(max_examples=300)
@given(SO_EMAIL_ROWS)
def test_quick_superoffice_email_row_is_the_careful_one(raw: dict[str, Any]) -> None:
    connector = superoffice()
    careful = connector._careful_email_row(raw)
    quick = _quick_email_row(raw)
    if quick is not None:
        assert quick._replace(registered_text=None) == careful
        assert quick.registered_text in (None, encode_time(quick.person_registered))
        assert said_nothing(connector)
    assert connector._email_row(raw) == (careful if quick is None else quick)


@settings(max_examples=300)
@given(EM_RECORDS)
def test_quick_emarketeer_record_is_the_careful_one(raw: dict[str, Any]) -> None:
    connector = emarketeer()
    md = connector.master_data
    assert md is not None
    careful = connector._careful_record(raw, md)
    quick = _quick_record(raw, md)
    if quick is not None:
        assert quick._replace(changed_text=None) == careful
        assert quick.changed_text in (None, encode_time(quick.consent.changed_at))
        assert said_nothing(connector)
    assert connector._record(raw, md) == (careful if quick is None else quick)


@settings(max_examples=300)
@given(EM_CONTACTS)
def test_quick_emarketeer_contact_is_the_careful_one(raw: dict[str, Any]) -> None:
    connector = emarketeer()
    careful = connector._careful_contact(raw)
    quick = _quick_contact(raw)
    if quick is not None:
        assert quick == careful
        assert said_nothing(connector)
    assert connector._contact(raw) == careful


def test_the_usual_rows_take_the_quick_way() -> None:
    """The vendors' usual rows are read the quick way (else the above would hold for a quick way that does nothing)."""
    consent_row = _quick_consent_row(
        {
            SF.C_ID: 1,
            SF.C_PERSON_ID: 7,
            SF.C_PURPOSE_KEY: "STORE",
            SF.C_LEGAL_BASE_KEY: "61A",
            SF.C_UPDATED: None,
            SF.C_REGISTERED: "2025-02-11T00:06:44",
        }
    )
    assert consent_row is not None and consent_row.changed_text == "2025-02-11T00:06:44.000000+00:00"
    assert _quick_email_row(
        {
            SF.E_ID: 1,
            SF.E_PERSON_ID: 7,
            SF.E_ADDRESS: "anna@example.com",
            SF.E_RANK: 1,
            SF.E_TYPE: 0,
            SF.E_UPDATED: "2025-02-11T00:06:44",
            SF.E_PERSON_REGISTERED: "2025-02-11T00:06:44",
        }
    )
    md = emarketeer().master_data
    assert md is not None
    record = _quick_record(
        {
            EF.R_KEY: "anna@example.com",
            EF.R_PURPOSE_ID: 11,
            EF.R_LEGAL_BASIS_ID: 24,
            EF.R_CREATED_AT: "2025-02-11T00:06:44Z",
        },
        md,
    )
    assert record is not None and record.changed_text == "2025-02-11T00:06:44.000000+00:00"
    assert _quick_contact({EF.CT_ID: 3, EF.CT_EMAIL: "anna@example.com", EF.CT_MODIFIED: "2025-02-11T00:06:44Z"})
