"""A full read staged in the store folds eMarketeer's records exactly as the in-memory index does.

eMarketeer keeps a log of consent records (created, never edited), several per address and purpose, in time order.
The staging appends them as they come and merges them by key once, at the fold (issue 11 pt 4: inserted one by one
into the keyed table they landed in random places of a B-tree larger than its cache). The merge must keep the rule
of domain.records.build_emarketeer_index, which depends on the order the records came in: a record with a value or
an error beats an empty slot, a newer change time beats an older one, a record without a time never beats one.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.model import Consent, LegalBasis, Purpose
from desktop_app.domain.records import (
    EmConsentRecord,
    EmContactRow,
    SoConsentRow,
    SoEmailRow,
    build_emarketeer_index,
    build_superoffice_index,
)
from desktop_app.store import Store, replica

T = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _few_rows_per_insert(monkeypatch):
    """The staging inserts many rows with one statement (100): 3 here, so the short lists below go through both the
    many-row statements and the single-row ones for the rest, with repeated keys inside one statement."""
    monkeypatch.setattr(replica, "_ROWS_PER_INSERT", 3)
    replica._many_rows.cache_clear()
    yield
    replica._many_rows.cache_clear()


KEYS = ["anna@example.com", "Anna@Example.com", "bo@example.com", "cy@example.com", "not an address"]

values = st.builds(
    Consent,
    st.sampled_from([None, LegalBasis.CONSENT, LegalBasis.WITHDRAWN]),
    st.sampled_from([None, T, T + timedelta(minutes=1), T + timedelta(minutes=1, microseconds=5)]),
    st.sampled_from([None, None, None, "unknown legal basis id 77"]),
)
records = st.builds(
    EmConsentRecord,
    st.sampled_from(KEYS),
    st.sampled_from(list(Purpose)),
    values,
    description=st.just(""),
    changed_text=st.just(None),  # the connectors' time text as it came: tested in test_connectors_quick_rows.py
)
contacts = st.lists(st.builds(EmContactRow, st.integers(1, 9), st.sampled_from(KEYS), modified=st.none()), max_size=5)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contacts, st.lists(records, max_size=25))
def test_staged_records_fold_as_the_in_memory_index_does(tmp_path, contact_rows, consent_records):
    expected, expected_errors = build_emarketeer_index(contact_rows, consent_records)
    with Store.open(tmp_path / "store") as store:
        staging = store.full_read_staging()
        staging.add_emarketeer_contacts(contact_rows)
        staging.add_emarketeer_consents(consent_records)
        errors = staging.fold()
        assert store.load_emarketeer() == expected
        assert errors == expected_errors


# ------------------------------------------------------------------ a second read over the first


@st.composite
def reads(draw):
    """One full read of both systems: a few persons with e-mail rows (some invalid, some persons without one),
    SuperOffice consent rows, eMarketeer contacts and records."""
    emails = [
        SoEmailRow(draw(st.integers(1, 6)), draw(st.sampled_from(KEYS)), draw(st.integers(0, 2)), T)
        for _ in range(draw(st.integers(0, 8)))
    ]
    consents = [
        SoConsentRow(draw(st.integers(1, 6)), draw(st.sampled_from(list(Purpose))), draw(values), untouched=u)
        for u in draw(st.lists(st.booleans(), max_size=8))
    ]
    return emails, consents, draw(contacts), draw(st.lists(records, max_size=12))


def _fold_into(store: Store, read) -> list:
    emails, consents, contact_rows, consent_records = read
    staging = store.full_read_staging()
    staging.add_superoffice_emails(emails)
    staging.add_superoffice_consents(consents)
    staging.add_emarketeer_contacts(contact_rows)
    staging.add_emarketeer_consents(consent_records)
    return staging.fold()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reads(), reads())
def test_a_full_read_over_an_earlier_one_leaves_exactly_what_it_read(tmp_path, first, second):
    """The fold writes only the rows that changed and deletes those no longer read (issue 11 pt 4): the replica
    after it must still be exactly the second read, as a fresh replica gets it and as domain.records builds it."""
    with Store.open(tmp_path / "over") as over, Store.open(tmp_path / "fresh") as fresh:
        _fold_into(over, first)
        errors = _fold_into(over, second)
        assert errors == _fold_into(fresh, second)
        assert over.load_superoffice() == fresh.load_superoffice()
        assert over.load_emarketeer() == fresh.load_emarketeer()
        emails, consents, contact_rows, consent_records = second
        assert over.load_superoffice() == build_superoffice_index(emails, consents)[0]
        assert over.load_emarketeer() == build_emarketeer_index(contact_rows, consent_records)[0]
