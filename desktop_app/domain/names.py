"""Names of purposes and legal bases as people read them, in the window's language (English elsewhere).

Pure Python (no Qt): `i18n.translate` gives the window's language, English elsewhere. The model's
`.label`s stay English because the audit trail, the logs and the command line are English; the
window shows these instead.

Vendor wording. English: both vendors' own names (SPEC "Words"). Swedish: SuperOffice's Swedish
client names the legal bases after the Swedish GDPR text ("Samtycke", "Berättigat intresse",
"Avtal", "Rättslig förpliktelse", "Allmänt intresse"); the names marked GUESS below were not
found in either vendor's Swedish material and follow the Swedish GDPR wording. eMarketeer's
Swedish documentation (shared/seeds/superoffice-legalbasis-sync.sv.md) quotes the purposes by
their English names, "Store and process" and "Marketing sendouts"; the Swedish ones are GUESSES.
"""

from __future__ import annotations

from functools import lru_cache

from .. import i18n
from ..i18n import translate
from .model import LegalBasis, Purpose


def basis_name(basis: LegalBasis | None) -> str:
    """A legal basis (None: no legal basis), in the vendors' wording."""
    return _names()[0].get(basis, str(basis))


def purpose_name(purpose: Purpose | None) -> str:
    """A purpose's full name ("Store and process"); None is "both purposes"."""
    return _names()[1].get(purpose, str(purpose))


def purpose_short(purpose: Purpose | None) -> str:
    """The conflict table's narrow purpose column ("Store", "Marketing", "Both")."""
    return _names()[2].get(purpose, str(purpose))


_Names = tuple[dict[LegalBasis | None, str], dict[Purpose | None, str], dict[Purpose | None, str]]


@lru_cache(maxsize=4)
def _names_for(_generation: int) -> _Names:
    bases = {
        LegalBasis.CONSENT: translate("Vocabulary", "Consent"),  # SuperOffice sv: Samtycke
        LegalBasis.LEGITIMATE_INTEREST: translate(
            "Vocabulary", "Legitimate interest"
        ),  # SuperOffice sv: Berättigat intresse
        LegalBasis.CONTRACT: translate("Vocabulary", "Contract"),  # SuperOffice sv: Avtal
        LegalBasis.REQUIRED_BY_LAW: translate("Vocabulary", "Required by law"),  # sv: Rättslig förpliktelse
        LegalBasis.VITAL_INTEREST: translate(
            "Vocabulary", "Protect vital interests"
        ),  # sv GUESS: Grundläggande intressen
        LegalBasis.PUBLIC_INTEREST: translate("Vocabulary", "Public interest"),  # sv: Allmänt intresse
        LegalBasis.WITHDRAWN: translate("Vocabulary", "Withdrawn"),  # sv GUESS: Återkallat
        None: translate("Vocabulary", "None"),  # no legal basis: "None", as the vendors write a missing value
    }
    purposes = {
        Purpose.STORE: translate("Vocabulary", "Store and process"),  # sv GUESS: Lagra och behandla
        Purpose.MARKETING: translate("Vocabulary", "Marketing sendouts"),  # sv GUESS: Marknadsutskick
        None: translate("Vocabulary", "both purposes"),
    }
    short = {
        Purpose.STORE: translate("Vocabulary", "Store"),
        Purpose.MARKETING: translate("Vocabulary", "Marketing"),
        None: translate("Vocabulary", "Both"),
    }
    return bases, purposes, short


def _names() -> _Names:
    return _names_for(i18n.generation())
