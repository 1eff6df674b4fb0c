"""Index builders: connector rows in, per-address contacts out (SPEC "Words", R9, R17)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from desktop_app.domain.model import (
    EMPTY_CONSENTS,
    NO_CONSENT,
    Consent,
    ContactError,
    LegalBasis,
    Purpose,
    SuperOfficePerson,
    System,
)
from desktop_app.domain.records import (
    EmConsentRecord,
    EmContactRow,
    SoConsentRow,
    SoEmailRow,
    build_emarketeer_index,
    build_superoffice_index,
    group_persons,
    merge_superoffice_changes,
    person_consents,
    primary_addresses,
)

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def t(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def c(basis: LegalBasis | None, minutes: float | None, error: str | None = None) -> Consent:
    return Consent(basis, None if minutes is None else t(minutes), error)


CONSENT, WITHDRAWN, CONTRACT = LegalBasis.CONSENT, LegalBasis.WITHDRAWN, LegalBasis.CONTRACT

# ------------------------------------------------------------------ SuperOffice: primary address


def test_words_primary_address_is_the_lowest_rank():
    rows = [
        SoEmailRow(1, "second@x.se", 2, t(0)),
        SoEmailRow(1, "first@x.se", 1, t(0)),
        SoEmailRow(1, "third@x.se", 3, t(0)),
        SoEmailRow(2, "only@x.se", 5, t(0)),
    ]
    best = primary_addresses(rows)
    assert best[1].address == "first@x.se"
    assert best[2].address == "only@x.se"
    index, errors = build_superoffice_index(rows, [])
    assert errors == []
    assert set(index) == {"first@x.se", "only@x.se"}  # a secondary address is never a match key


def test_words_primary_address_rank_tie_keeps_the_first_seen():
    rows = [SoEmailRow(1, "a@x.se", 1, t(0)), SoEmailRow(1, "b@x.se", 1, t(0))]
    assert primary_addresses(rows)[1].address == "a@x.se"


def test_words_superoffice_person_matches_on_normalised_primary_address():
    index, errors = build_superoffice_index([SoEmailRow(7, "  Anna@Example.SE ", 1, t(0))], [])
    assert errors == []
    [(email, contact)] = index.items()
    assert email == contact.email == contact.used.email == "anna@example.se"
    assert contact.used.person_id == 7
    assert contact.consents == EMPTY_CONSENTS  # no consent row: no legal basis for either purpose


def test_words_superoffice_consents_land_in_their_purpose_slot():
    rows = [SoEmailRow(1, "a@x.se", 1, t(0))]
    consents = [
        SoConsentRow(1, Purpose.MARKETING, c(WITHDRAWN, 5)),
        SoConsentRow(1, Purpose.STORE, c(CONTRACT, 3)),
        SoConsentRow(99, Purpose.STORE, c(CONSENT, 1)),  # a person without an e-mail row: skipped
    ]
    index, errors = build_superoffice_index(rows, consents)
    assert errors == []
    assert index["a@x.se"].consents == (c(CONTRACT, 3), c(WITHDRAWN, 5))
    assert set(index) == {"a@x.se"}


def test_words_duplicate_consent_rows_for_one_purpose_keep_the_newer():
    rows = [
        SoConsentRow(1, Purpose.STORE, c(CONSENT, 10)),
        SoConsentRow(1, Purpose.STORE, c(WITHDRAWN, 20)),
        SoConsentRow(1, Purpose.STORE, c(CONTRACT, 15)),
    ]
    assert person_consents(rows)[1] == [c(WITHDRAWN, 20), NO_CONSENT]


def test_r17_superoffice_consent_error_is_carried_not_guessed():
    bad = Consent(None, t(1), "unknown SuperOffice legal base key '61X'")
    index, _ = build_superoffice_index([SoEmailRow(1, "a@x.se", 1, t(0))], [SoConsentRow(1, Purpose.STORE, bad)])
    assert index["a@x.se"].consents[Purpose.STORE.index] == bad


# ------------------------------------------------------------------ R9: duplicates, oldest first


def test_r9_duplicates_ordered_earliest_registered_first():
    rows = [
        SoEmailRow(30, "dup@x.se", 1, t(30)),
        SoEmailRow(10, "DUP@x.se", 1, t(10)),
        SoEmailRow(20, " dup@X.SE", 1, t(20)),
    ]
    index, errors = build_superoffice_index(rows, [])
    assert errors == []
    contact = index["dup@x.se"]
    assert [p.person_id for p in contact.persons] == [10, 20, 30]
    assert contact.used.person_id == 10


def test_r9_registered_ties_go_to_the_lowest_person_id():
    rows = [SoEmailRow(9, "dup@x.se", 1, t(0)), SoEmailRow(4, "dup@x.se", 1, t(0)), SoEmailRow(6, "dup@x.se", 1, t(0))]
    index, _ = build_superoffice_index(rows, [])
    assert [p.person_id for p in index["dup@x.se"].persons] == [4, 6, 9]


def test_r9_missing_registered_sorts_last_then_by_id():
    rows = [
        SoEmailRow(1, "dup@x.se", 1, None),
        SoEmailRow(8, "dup@x.se", 1, t(50)),
        SoEmailRow(2, "dup@x.se", 1, None),
        SoEmailRow(5, "dup@x.se", 1, t(60)),
    ]
    index, _ = build_superoffice_index(rows, [])
    assert [p.person_id for p in index["dup@x.se"].persons] == [8, 5, 1, 2]


def test_r9_used_person_carries_its_own_consents():
    rows = [SoEmailRow(2, "dup@x.se", 1, t(5)), SoEmailRow(1, "dup@x.se", 1, t(9))]
    consents = [SoConsentRow(1, Purpose.STORE, c(CONSENT, 1)), SoConsentRow(2, Purpose.STORE, c(WITHDRAWN, 2))]
    index, _ = build_superoffice_index(rows, consents)
    contact = index["dup@x.se"]
    assert contact.used.person_id == 2  # registered earlier, despite the higher id
    assert contact.consents == (c(WITHDRAWN, 2), NO_CONSENT)
    assert contact.persons[1].consents == (c(CONSENT, 1), NO_CONSENT)


def test_r9_group_persons_sorts_like_the_index_builder():
    persons = [
        SuperOfficePerson(3, "d@x.se", None, EMPTY_CONSENTS),
        SuperOfficePerson(2, "d@x.se", t(1), EMPTY_CONSENTS),
        SuperOfficePerson(1, "d@x.se", t(1), EMPTY_CONSENTS),
        SuperOfficePerson(4, "e@x.se", t(0), EMPTY_CONSENTS),
    ]
    index = group_persons(persons)
    assert [p.person_id for p in index["d@x.se"].persons] == [1, 2, 3]
    assert [p.person_id for p in index["e@x.se"].persons] == [4]


# ------------------------------------------------------------------ R17: invalid addresses, the rest goes on


def test_r17_invalid_superoffice_address_is_an_error_and_the_rest_goes_on():
    rows = [
        SoEmailRow(1, "not-an-address", 1, t(0)),
        SoEmailRow(2, "ok@x.se", 1, t(0)),
        SoEmailRow(3, "", 1, t(0)),
        SoEmailRow(4, "later@x.se", 1, t(0)),
    ]
    index, errors = build_superoffice_index(rows, [SoConsentRow(2, Purpose.STORE, c(CONSENT, 1))])
    assert set(index) == {"ok@x.se", "later@x.se"}
    assert index["ok@x.se"].consents[0] == c(CONSENT, 1)
    assert len(errors) == 2
    assert all(isinstance(e, ContactError) and e.system is System.SUPEROFFICE and e.purpose is None for e in errors)
    by_person = {e.reason.split(":")[0]: e for e in errors}
    assert "invalid e-mail address 'not-an-address'" in by_person["SuperOffice person 1"].reason
    assert by_person["SuperOffice person 1"].email == "not-an-address"
    assert "empty" in by_person["SuperOffice person 3"].reason
    assert by_person["SuperOffice person 3"].email == "SuperOffice person 3"  # something to show for a blank


def test_r17_invalid_emarketeer_contact_and_record_are_errors_and_the_rest_goes_on():
    contacts = [EmContactRow(1, "broken"), EmContactRow(2, "fine@x.se"), EmContactRow(3, None)]
    records = [
        EmConsentRecord("also broken", Purpose.MARKETING, c(CONSENT, 1)),
        EmConsentRecord("fine@x.se", Purpose.MARKETING, c(WITHDRAWN, 2)),
    ]
    index, errors = build_emarketeer_index(contacts, records)
    assert set(index) == {"fine@x.se"}
    assert index["fine@x.se"].consents == (NO_CONSENT, c(WITHDRAWN, 2))
    assert len(errors) == 3
    assert all(e.system is System.EMARKETEER for e in errors)
    reasons = " | ".join(e.reason for e in errors)
    assert "eMarketeer contact 1: invalid e-mail address 'broken'" in reasons
    assert "eMarketeer contact 3: e-mail address missing" in reasons
    [record_error] = [e for e in errors if e.purpose is not None]
    assert record_error.purpose is Purpose.MARKETING
    assert record_error.email == "also broken"
    assert "eMarketeer consent: invalid e-mail address 'also broken'" == record_error.reason


# ------------------------------------------------------------------ eMarketeer: newest record per purpose


def test_words_emarketeer_newest_record_per_purpose_wins_whatever_the_order():
    records = [
        EmConsentRecord("a@x.se", Purpose.MARKETING, c(CONSENT, 10)),
        EmConsentRecord("a@x.se", Purpose.MARKETING, c(WITHDRAWN, 30)),
        EmConsentRecord("a@x.se", Purpose.MARKETING, c(LegalBasis.LEGITIMATE_INTEREST, 20)),
        EmConsentRecord("a@x.se", Purpose.STORE, c(CONTRACT, 5)),
        EmConsentRecord("a@x.se", Purpose.STORE, c(CONSENT, 1)),
    ]
    for ordering in (records, records[::-1], records[2:] + records[:2]):
        index, errors = build_emarketeer_index([EmContactRow(1, "a@x.se")], ordering)
        assert errors == []
        assert index["a@x.se"].consents == (c(CONTRACT, 5), c(WITHDRAWN, 30))
        assert index["a@x.se"].contact_id == 1


def test_r17_newest_emarketeer_record_with_an_unknown_basis_is_carried_as_an_error():
    bad = Consent(None, t(40), "unknown eMarketeer legal basis 'Profiling'")
    records = [EmConsentRecord("a@x.se", Purpose.STORE, c(CONSENT, 10)), EmConsentRecord("a@x.se", Purpose.STORE, bad)]
    index, _ = build_emarketeer_index([], records)
    assert index["a@x.se"].consents[0] == bad  # never silently falls back to the older value


def test_words_consent_records_without_a_contact_row_still_make_a_contact():
    index, errors = build_emarketeer_index(
        [EmContactRow(5, "known@x.se")],
        [EmConsentRecord("orphan@x.se", Purpose.STORE, c(CONSENT, 1))],
    )
    assert errors == []
    assert set(index) == {"known@x.se", "orphan@x.se"}
    assert index["orphan@x.se"].contact_id is None
    assert index["orphan@x.se"].consents == (c(CONSENT, 1), NO_CONSENT)
    assert index["known@x.se"].consents == EMPTY_CONSENTS  # a contact without records: none for both purposes


def test_words_emarketeer_case_and_whitespace_variants_are_one_contact():
    contacts = [EmContactRow(11, " Anna@Example.se "), EmContactRow(12, "ANNA@example.SE")]
    records = [
        EmConsentRecord("anna@example.se", Purpose.STORE, c(CONSENT, 1)),
        EmConsentRecord("  ANNA@EXAMPLE.SE", Purpose.STORE, c(WITHDRAWN, 2)),
        EmConsentRecord("Anna@Example.SE\t", Purpose.MARKETING, c(CONTRACT, 3)),
    ]
    index, errors = build_emarketeer_index(contacts, records)
    assert errors == []
    assert list(index) == ["anna@example.se"]
    assert index["anna@example.se"].contact_id == 11  # the first contact row seen
    assert index["anna@example.se"].consents == (c(WITHDRAWN, 2), c(CONTRACT, 3))


def test_words_both_indexes_share_the_key_for_variants_of_one_address():
    so, _ = build_superoffice_index([SoEmailRow(1, "Bo@Foretag.SE", 1, t(0))], [])
    em, _ = build_emarketeer_index([EmContactRow(2, " bo@foretag.se ")], [])
    assert set(so) == set(em) == {"bo@foretag.se"}


def test_an_incremental_read_folds_changes_onto_known_persons_and_types_an_unreadable_address():
    """R21's merge (issue 13 pt 2: pure, in domain/): a changed consent row replaces only its purpose; a person whose
    new primary address is not an address leaves the replica with a typed error, as a full read says it (R17)."""
    known = {
        1: SuperOfficePerson(1, "anna@x.se", t(0), (Consent(LegalBasis.CONSENT, t(0)), NO_CONSENT)),
        2: SuperOfficePerson(2, "bo@x.se", t(0), EMPTY_CONSENTS),
    }
    changed = [SoConsentRow(1, Purpose.MARKETING, Consent(LegalBasis.WITHDRAWN, t(5)))]
    persons, errors, affected, gone = merge_superoffice_changes(
        known, [SoEmailRow(2, "not an address", 1, t(0))], {2}, changed
    )
    assert persons == [
        SuperOfficePerson(
            1, "anna@x.se", t(0), (Consent(LegalBasis.CONSENT, t(0)), Consent(LegalBasis.WITHDRAWN, t(5)))
        )
    ]
    [error] = errors
    assert error.said is not None and error.said.key == "so_person_problem" and error.system is System.SUPEROFFICE
    assert affected == {"anna@x.se", "bo@x.se"}
    assert gone == {2}  # the store deletes it from the replica: kept, it stayed matched to bo@x.se
