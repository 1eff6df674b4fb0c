"""Each vendor's own keys and names for purposes and legal bases, mapped onto ours in one table each.

An unknown key is reported, never guessed (SPEC "Words"). SuperOffice is mapped by list item Key,
eMarketeer by master-data name (case-insensitive), as the api notes say.
"""

from __future__ import annotations

from .model import LegalBasis, Purpose

# SuperOffice (shared/api/superoffice.md, DOC): keys of the LegalBase and ConsentPurpose lists.
SUPEROFFICE_LEGAL_BASE_KEYS: dict[str, LegalBasis] = {
    "61A": LegalBasis.CONSENT,
    "61B": LegalBasis.CONTRACT,
    "61C": LegalBasis.REQUIRED_BY_LAW,
    "61D": LegalBasis.VITAL_INTEREST,
    "61E": LegalBasis.PUBLIC_INTEREST,
    "61F": LegalBasis.LEGITIMATE_INTEREST,
    "WITHDRAWN": LegalBasis.WITHDRAWN,
}
SUPEROFFICE_KEY_FOR_BASIS: dict[LegalBasis, str] = {v: k for k, v in SUPEROFFICE_LEGAL_BASE_KEYS.items()}

SUPEROFFICE_PURPOSE_KEYS: dict[str, Purpose] = {"STORE": Purpose.STORE, "EMARKETING": Purpose.MARKETING}
SUPEROFFICE_KEY_FOR_PURPOSE: dict[Purpose, str] = {v: k for k, v in SUPEROFFICE_PURPOSE_KEYS.items()}

# The consent source we write with in SuperOffice ("Other integration").
SUPEROFFICE_WRITE_SOURCE_KEY = "API"

# eMarketeer (shared/api/emarketeer.md, DOC names; mapped case-insensitively).
EMARKETEER_LEGAL_BASIS_NAMES: dict[str, LegalBasis] = {
    "consent": LegalBasis.CONSENT,
    "legitimate interest": LegalBasis.LEGITIMATE_INTEREST,
    "contract": LegalBasis.CONTRACT,
    "required by law": LegalBasis.REQUIRED_BY_LAW,
    "protect vital interests": LegalBasis.VITAL_INTEREST,
    "public interest": LegalBasis.PUBLIC_INTEREST,
    "withdrawn": LegalBasis.WITHDRAWN,
}
EMARKETEER_PURPOSE_NAMES: dict[str, Purpose] = {
    "store and process": Purpose.STORE,
    "marketing sendouts": Purpose.MARKETING,
}
# The consent source we write with in eMarketeer.
EMARKETEER_WRITE_SOURCE_NAME = "other integration"


def superoffice_basis(key: object) -> LegalBasis:
    """Map a SuperOffice legal base key; KeyError with the key when unknown."""
    if not isinstance(key, str) or key.strip().upper() not in SUPEROFFICE_LEGAL_BASE_KEYS:
        raise KeyError(f"unknown SuperOffice legal base key {key!r}")
    return SUPEROFFICE_LEGAL_BASE_KEYS[key.strip().upper()]


def emarketeer_basis(name: object) -> LegalBasis:
    if not isinstance(name, str) or name.strip().casefold() not in EMARKETEER_LEGAL_BASIS_NAMES:
        raise KeyError(f"unknown eMarketeer legal basis {name!r}")
    return EMARKETEER_LEGAL_BASIS_NAMES[name.strip().casefold()]
