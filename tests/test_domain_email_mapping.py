"""E-mail normalisation (SPEC "Words": trimmed, case-folded) and the vendor key tables ("an unknown key is
reported, never guessed"; R17)."""

from __future__ import annotations

import pytest

from desktop_app.domain.email import InvalidEmail, normalise_email, try_normalise_email
from desktop_app.domain.mapping import (
    EMARKETEER_LEGAL_BASIS_NAMES,
    EMARKETEER_PURPOSE_NAMES,
    SUPEROFFICE_KEY_FOR_BASIS,
    SUPEROFFICE_KEY_FOR_PURPOSE,
    SUPEROFFICE_LEGAL_BASE_KEYS,
    SUPEROFFICE_PURPOSE_KEYS,
    emarketeer_basis,
    superoffice_basis,
)
from desktop_app.domain.model import PURPOSES, LegalBasis, Purpose

# ------------------------------------------------------------------ normalisation (matching key)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("anna@example.se", "anna@example.se"),
        ("  Anna@Example.SE  ", "anna@example.se"),
        ("\tBO@FORETAG.SE\n", "bo@foretag.se"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("ÅSA@Exempel.se", "åsa@exempel.se"),
        ("Straße@example.de", "straße@example.de"),  # lower-cased, never case-folded (SPEC "Words")
        ("ﬁona@example.se", "ﬁona@example.se"),
        ("Jose\u0301@example.es", "jos\u00e9@example.es"),  # Unicode NFC
    ],
)
def test_words_normalise_trims_nfc_and_lower_cases(raw, expected):
    assert normalise_email(raw) == expected
    assert try_normalise_email(raw) == expected


def test_words_case_and_whitespace_variants_share_one_key():
    variants = ["anna@example.se", "ANNA@EXAMPLE.SE", " Anna@Example.se", "anna@EXAMPLE.se \r\n"]
    assert {normalise_email(v) for v in variants} == {"anna@example.se"}


def test_words_normalise_is_idempotent():
    once = normalise_email("  Mixed.Case@Example.ORG ")
    assert normalise_email(once) == once


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "e-mail address missing"),
        (42, "e-mail address is not text"),
        (b"anna@example.se", "e-mail address is not text"),
        ("", "e-mail address is empty"),
        ("   \t ", "e-mail address is empty"),
        ("anna.example.se", "invalid e-mail address 'anna.example.se'"),  # no @
        ("anna@@example.se", "invalid e-mail address 'anna@@example.se'"),
        ("anna@b@example.se", "invalid e-mail address 'anna@b@example.se'"),
        ("@example.se", "invalid e-mail address '@example.se'"),  # empty local part
        ("anna@", "invalid e-mail address 'anna@'"),
        ("anna@localhost", "invalid e-mail address 'anna@localhost'"),  # domain without a dot
        ("anna@example.", "invalid e-mail address 'anna@example.'"),
        ("anna@example..se", "invalid e-mail address 'anna@example..se'"),
        ("anna@.example.se", "invalid e-mail address 'anna@.example.se'"),  # empty first domain label
        ("an na@example.se", "invalid e-mail address 'an na@example.se'"),
        ("anna@exa mple.se", "invalid e-mail address 'anna@exa mple.se'"),
        ("  Bad Address@X.se ", "invalid e-mail address 'Bad Address@X.se'"),  # reason shows it as typed, trimmed
    ],
)
def test_r17_invalid_addresses_are_rejected_with_a_clear_reason(raw, reason):
    with pytest.raises(InvalidEmail) as info:
        normalise_email(raw)
    assert str(info.value) == reason
    assert isinstance(info.value, ValueError)
    assert try_normalise_email(raw) is None


# ------------------------------------------------------------------ SuperOffice keys (by Key, never by name)

SUPEROFFICE_DOC_KEYS = {
    "61A": LegalBasis.CONSENT,
    "61B": LegalBasis.CONTRACT,
    "61C": LegalBasis.REQUIRED_BY_LAW,
    "61D": LegalBasis.VITAL_INTEREST,
    "61E": LegalBasis.PUBLIC_INTEREST,
    "61F": LegalBasis.LEGITIMATE_INTEREST,
    "WITHDRAWN": LegalBasis.WITHDRAWN,
}


@pytest.mark.parametrize(("key", "basis"), sorted(SUPEROFFICE_DOC_KEYS.items()))
def test_words_every_superoffice_legal_base_key_maps(key, basis):
    assert SUPEROFFICE_LEGAL_BASE_KEYS[key] is basis
    assert superoffice_basis(key) is basis
    assert superoffice_basis(f" {key.lower()} ") is basis  # tolerant of case and padding, still by key
    assert SUPEROFFICE_KEY_FOR_BASIS[basis] == key


def test_words_superoffice_tables_are_exactly_the_documented_ones():
    assert SUPEROFFICE_LEGAL_BASE_KEYS == SUPEROFFICE_DOC_KEYS
    assert SUPEROFFICE_PURPOSE_KEYS == {"STORE": Purpose.STORE, "EMARKETING": Purpose.MARKETING}


@pytest.mark.parametrize("key", ["61G", "CONSENT", "Consent", "", "   ", "61 A", None, 1, "UNKNOWN"])
def test_r17_unknown_superoffice_key_raises_keyerror_naming_the_key(key):
    with pytest.raises(KeyError) as info:
        superoffice_basis(key)
    assert "SuperOffice" in str(info.value)
    assert repr(key) in str(info.value)


def test_words_unknown_superoffice_purpose_key_is_a_keyerror():
    with pytest.raises(KeyError, match="PROFILING"):
        SUPEROFFICE_PURPOSE_KEYS["PROFILING"]


# ------------------------------------------------------------------ eMarketeer names (case-insensitive)

EMARKETEER_DOC_NAMES = {
    "Consent": LegalBasis.CONSENT,
    "Legitimate interest": LegalBasis.LEGITIMATE_INTEREST,
    "Contract": LegalBasis.CONTRACT,
    "Required by law": LegalBasis.REQUIRED_BY_LAW,
    "Protect vital interests": LegalBasis.VITAL_INTEREST,
    "Public interest": LegalBasis.PUBLIC_INTEREST,
    "Withdrawn": LegalBasis.WITHDRAWN,
}


@pytest.mark.parametrize(("name", "basis"), sorted(EMARKETEER_DOC_NAMES.items()))
def test_words_every_emarketeer_legal_basis_name_maps_case_insensitively(name, basis):
    assert emarketeer_basis(name) is basis
    assert emarketeer_basis(name.upper()) is basis
    assert emarketeer_basis(f"  {name.lower()}\t") is basis


@pytest.mark.parametrize(
    ("name", "purpose"), [("Store and process", Purpose.STORE), ("Marketing sendouts", Purpose.MARKETING)]
)
def test_r6_every_emarketeer_purpose_name_maps(name, purpose):
    assert EMARKETEER_PURPOSE_NAMES[name.casefold()] is purpose


def test_words_emarketeer_table_keys_are_already_casefolded():
    # The lookup casefolds its argument, so a key that is not itself casefolded could never match.
    for table in (EMARKETEER_LEGAL_BASIS_NAMES, EMARKETEER_PURPOSE_NAMES):
        assert all(name == name.strip().casefold() for name in table)


@pytest.mark.parametrize("name", ["Profiling", "consents", "legitimate-interest", "", None, 7, "Other integration"])
def test_r17_unknown_emarketeer_name_raises_keyerror_naming_it(name):
    with pytest.raises(KeyError) as info:
        emarketeer_basis(name)
    assert "eMarketeer" in str(info.value)
    assert repr(name) in str(info.value)


def test_words_profiling_purpose_is_not_synced():
    with pytest.raises(KeyError, match="profiling"):
        EMARKETEER_PURPOSE_NAMES["profiling"]


# ------------------------------------------------------------------ bijective tables


@pytest.mark.parametrize(
    "table",
    [SUPEROFFICE_LEGAL_BASE_KEYS, EMARKETEER_LEGAL_BASIS_NAMES],
    ids=["superoffice-legal-base", "emarketeer-legal-basis"],
)
def test_words_legal_basis_tables_are_bijective_onto_every_basis(table):
    assert len(set(table.values())) == len(table)  # injective: no two keys for one basis
    assert set(table.values()) == set(LegalBasis)  # surjective: every basis can be read and written


@pytest.mark.parametrize(
    "table", [SUPEROFFICE_PURPOSE_KEYS, EMARKETEER_PURPOSE_NAMES], ids=["superoffice-purpose", "emarketeer-purpose"]
)
def test_r6_purpose_tables_are_bijective_onto_both_purposes(table):
    assert len(set(table.values())) == len(table) == len(PURPOSES)
    assert set(table.values()) == set(Purpose) == set(PURPOSES)


def test_words_reverse_superoffice_tables_invert_the_forward_ones():
    assert {v: k for k, v in SUPEROFFICE_KEY_FOR_BASIS.items()} == SUPEROFFICE_LEGAL_BASE_KEYS
    assert {v: k for k, v in SUPEROFFICE_KEY_FOR_PURPOSE.items()} == SUPEROFFICE_PURPOSE_KEYS
    for basis in LegalBasis:
        assert superoffice_basis(SUPEROFFICE_KEY_FOR_BASIS[basis]) is basis


def test_words_both_systems_agree_on_every_basis():
    # Every basis read from one system can be written to the other: the two tables cover the same set.
    for basis in LegalBasis:
        [em_name] = [n for n, b in EMARKETEER_LEGAL_BASIS_NAMES.items() if b is basis]
        assert emarketeer_basis(em_name) is superoffice_basis(SUPEROFFICE_KEY_FOR_BASIS[basis])
