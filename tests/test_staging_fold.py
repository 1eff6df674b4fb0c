"""A full read staged in the store folds eMarketeer's records exactly as the in-memory index does.

eMarketeer keeps a log of consent records (created, never edited), several per address and purpose, in time order.
The staging appends them as they come and merges them by key once, at the fold (issue 11 pt 4: inserted one by one
into the keyed table they landed in random places of a B-tree larger than its cache). The merge must keep the rule
of domain.records.build_emarketeer_index, which depends on the order the records came in: a record with a value or
an error beats an empty slot, a newer change time beats an older one, a record without a time never beats one.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.model import Consent, LegalBasis, Purpose
from desktop_app.domain.records import EmConsentRecord, EmContactRow, build_emarketeer_index
from desktop_app.store import Store

T = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
KEYS = ["anna@example.com", "Anna@Example.com", "bo@example.com", "cy@example.com", "not an address"]

records = st.builds(
    EmConsentRecord,
    st.sampled_from(KEYS),
    st.sampled_from(list(Purpose)),
    st.builds(
        Consent,
        st.sampled_from([None, LegalBasis.CONSENT, LegalBasis.WITHDRAWN]),
        st.sampled_from([None, T, T + timedelta(minutes=1), T + timedelta(minutes=1, microseconds=5)]),
        st.sampled_from([None, None, None, "unknown legal basis id 77"]),
    ),
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
