"""Every eMarketeer URL, path, query parameter and JSON field name the connector uses, in one place.

Source: shared/api/emarketeer.md. Most shapes there are ASSUMED (the vendor's schemas live in
its Swagger portal): correcting one against the real portal is a one-line change here. Also the
eMarketeer date parser.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..domain.model import LegalBasis, utc
from .base import Odd, parse_iso_time, quick_iso_time

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
# Contact lists (CORRECTED in the api notes): the lists, and "the contacts in a contact list".
# Their JSON fields below are still ASSUMED (paged like /contacts), to check against the vendor's portal.
PATH_LISTS = "/contacts-api/v1/lists/"
PATH_LIST_CONTACTS = "/contacts-api/v1/lists/{list_id}"

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
PAGE_NUMBER_FIELD = "page"  # the page served, and the number of items the filter matches (checked: issue 9)
PAGE_TOTAL_FIELD = "total"

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

ERROR_MESSAGE = "message"  # the API gateway's own answers, and some of eMarketeer's
ERROR_USER_MESSAGE = "userMessage"  # eMarketeer's own errors: for people
ERROR_DEVELOPER_MESSAGE = "developerMessage"  # ... and for the log only
# The API gateway's 403 bodies (LIKELY, api notes): a wrong or missing key, and a path it does not route.
GATEWAY_FORBIDDEN = "forbidden"
GATEWAY_NO_ROUTE = "missing authentication token"

# ---------------------------------------------------------------- what the account must have

# Missing any of these is a configuration error at the start of a run; a missing other legal
# basis only fails the writes that need it (the contact goes on the error list).
REQUIRED_LEGAL_BASES = (LegalBasis.WITHDRAWN,)
WRITE_SOURCE_NAME = "Other integration"  # the default write source (a setting), matched case-insensitively


def vendor_message(body: object) -> str | None:
    """What an error body says to people: `userMessage` first, else `message` (never `developerMessage`)."""
    if isinstance(body, dict):
        for name in (ERROR_USER_MESSAGE, ERROR_MESSAGE, "error", "Message"):
            text = body.get(name)
            if isinstance(text, str) and text.strip():
                return text
    return None


def is_error_body(body: object) -> bool:
    """Whether an error answer is eMarketeer's own (`{"message"}` or `{"userMessage", "developerMessage"}`), not a
    proxy's page or another service's JSON. The keys decide, not their values: eMarketeer leaves out the words for
    people as often as not (`{"userMessage": null, "developerMessage": "..."}`)."""
    return isinstance(body, dict) and any(
        name in body for name in (ERROR_USER_MESSAGE, ERROR_DEVELOPER_MESSAGE, ERROR_MESSAGE)
    )


def developer_message(body: object) -> str | None:
    """`developerMessage` of an error body, for the log."""
    text = body.get(ERROR_DEVELOPER_MESSAGE) if isinstance(body, dict) else None
    return text if isinstance(text, str) and text.strip() else None


# ---------------------------------------------------------------- dates


def parse_time(value: object) -> datetime | None:
    """An eMarketeer ISO-8601 time as aware UTC; None when absent; ValueError on anything else (naive = UTC)."""
    return parse_iso_time(value)


def quick_time(value: object) -> datetime | None | Odd:
    """parse_time's answer for None and the usual forms (which never raise), fast; ODD for anything else."""
    return quick_iso_time(value)


def format_time(value: datetime) -> str:
    """ISO-8601 UTC with a Z, keeping microseconds when there are any (changedSince is inclusive)."""
    value = utc(value).astimezone(timezone.utc)
    text = value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    return text.replace("+00:00", "Z")
