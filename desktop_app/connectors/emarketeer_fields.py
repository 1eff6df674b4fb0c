"""Every eMarketeer URL, path, query parameter and JSON field name the connector uses, in one place.

Source: shared/api/emarketeer.md. Most shapes there are ASSUMED (the vendor's schemas live in
its Swagger portal): correcting one against the real portal is a one-line change here. Also the
eMarketeer date parser.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..domain.mapping import EMARKETEER_WRITE_SOURCE_NAME
from ..domain.model import LegalBasis, utc
from .base import parse_iso_time

# ---------------------------------------------------------------- URLs (DOC)

DEFAULT_BASE_URL = "https://connect.emarketeer.com"  # contacts and messages modules
DEFAULT_CONSENT_BASE_URL = "https://prod-apigw.emarketeer.com"  # consent module
# A base URL entered with a module path on it is cut back to the root these live under.
MODULE_PREFIXES = ("/contacts-api", "/consent-public", "/messages-api")

PATH_CONTACTS = "/contacts-api/v1/contacts"
PATH_CONSENTS = "/consent-public/v1/consents"
PATH_CONSENTS_FILTER = "/consent-public/v1/consents/filter"
PATH_CONSENTS_HISTORY = "/consent-public/v1/consents/history"
PATH_PURPOSES = "/consent-public/v1/purposes"
PATH_LEGAL_BASES = "/consent-public/v1/legalBases"
PATH_SOURCES = "/consent-public/v1/sources"
PATH_SEND = "/messages-api/v1/{channel}/send"  # channel: email | sms
CHANNELS = ("email", "sms")
# ASSUMPTION (VERIFY): contact lists are not in shared/api/emarketeer.md; these paths and the list
# fields below are our guess at the contact module's shape (paged like /contacts), to check against
# the vendor's Swagger portal.
PATH_LISTS = "/contacts-api/v1/lists"
PATH_LIST_CONTACTS = "/contacts-api/v1/lists/{list_id}/contacts"

API_KEY_HEADER = "x-api-key"

# ---------------------------------------------------------------- query parameters (ASSUMED)

Q_KEY = "key"
Q_EMAIL = "email"
Q_CHANGED_SINCE = "changedSince"
Q_MODIFIED_SINCE = "modifiedSince"
Q_PAGE = "page"
Q_PAGE_SIZE = "pageSize"
FIRST_PAGE = 1
MAX_PAGE_SIZE = 1000

# ---------------------------------------------------------------- JSON fields (ASSUMED)

MD_ID = "id"  # master data items: purposes, legalBases, sources
MD_NAME = "name"

R_KEY = "key"  # a consent record
R_PURPOSE_ID = "purposeId"
R_LEGAL_BASIS_ID = "legalBasisId"
R_SOURCE_ID = "sourceId"
R_DESCRIPTION = "description"
R_CREATED_AT = "createdAt"

CURRENT_LIST = "consents"  # GET consents?key= -> {"key", "consents": [...]}
PAGE_ITEMS = "items"  # filter, history and contacts pages
PAGE_SIZE_FIELD = "pageSize"

CT_ID = "id"  # a contact
CT_EMAIL = "email"
CT_MODIFIED = "modified"
CT_CREATED = "created"

LIST_ID = "id"  # ASSUMPTION (VERIFY): a contact list item
LIST_NAME = "name"  # ASSUMPTION (VERIFY)
LIST_SIZE = "size"  # ASSUMPTION (VERIFY): number of contacts on the list

SEND_COMPONENT_ID = "componentId"
SEND_RECIPIENTS = "recipients"
SEND_ACCEPTED = "accepted"
SEND_REJECTED = "rejected"
SEND_REJECTED_EMAIL = "email"
SEND_REJECTED_REASON = "reason"

ERROR_MESSAGE = "message"

# ---------------------------------------------------------------- what the account must have

# Missing any of these is a configuration error at the start of a run; a missing other legal
# basis only fails the writes that need it (the contact goes on the error list).
REQUIRED_LEGAL_BASES = (LegalBasis.WITHDRAWN,)
WRITE_SOURCE_NAME = EMARKETEER_WRITE_SOURCE_NAME  # "Other integration", case-insensitive


def vendor_message(body: object) -> str | None:
    if isinstance(body, dict):
        text = body.get(ERROR_MESSAGE) or body.get("error") or body.get("Message")
        return text if isinstance(text, str) else None
    return None


# ---------------------------------------------------------------- dates

def parse_time(value: object) -> datetime | None:
    """An eMarketeer ISO-8601 time as aware UTC; None when absent; ValueError on anything else (naive = UTC)."""
    return parse_iso_time(value)


def format_time(value: datetime) -> str:
    """ISO-8601 UTC with a Z, keeping microseconds when there are any (changedSince is inclusive)."""
    value = utc(value).astimezone(timezone.utc)
    text = value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    return text.replace("+00:00", "Z")
