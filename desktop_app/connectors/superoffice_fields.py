"""Every SuperOffice path, column, query string and JSON field name the connector uses, in one place.

Source: shared/api/superoffice.md. A fact learnt later on a real tenant (VERIFY) is a one-line
fix here. Also the SuperOffice date parser and the OData-style filter builders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from urllib.parse import quote

from ..domain.mapping import SUPEROFFICE_PURPOSE_KEYS, SUPEROFFICE_WRITE_SOURCE_KEY
from ..domain.model import utc
from .base import ODD, Odd, parse_iso_time, quick_iso_time

# ---------------------------------------------------------------- URLs

# SuperOffice Online's three environments, each with its own application id (CORRECTED in the api notes).
ENVIRONMENTS = ("online", "qaonline", "sod")  # production, stage, development
DEFAULT_ENVIRONMENT = "online"
ENVIRONMENT_ROOT = "https://{env}.superoffice.com"
STATE_PATH = "/api/state/"
DEFAULT_STATE_URL = ENVIRONMENT_ROOT.format(env=DEFAULT_ENVIRONMENT) + STATE_PATH


def state_url_for(environment: str) -> str:
    """`https://{env}.superoffice.com/api/state/` for `online`, `qaonline` or `sod`."""
    env = (environment or DEFAULT_ENVIRONMENT).strip().lower()
    if env not in ENVIRONMENTS:
        raise ValueError(f"unknown SuperOffice environment {environment!r}")
    return ENVIRONMENT_ROOT.format(env=env) + STATE_PATH


# `/{CustNNNNN}/api/` in an Online base URL: the tenant id used for the state lookup after a 421.
CUSTOMER_ID_PATTERN = re.compile(r"/(cust\d+)/api/?$", re.IGNORECASE)
STATE_API = "Api"  # the state service's field with the tenant's current base URL (no trailing slash)
STATE_STATE = "State"  # "Running" or "OnlineMaintenance" (the API answers in both), or another state
STATE_IS_RUNNING = "IsRunning"  # true while the API is available: what decides, not State
STATE_USABLE = ("running", "onlinemaintenance")  # compared case-insensitively when IsRunning is absent

# Without it, list names come as multi-language strings (`NO:"...";US:"..."`); names are shown, never matched.
ACCEPT_LANGUAGE = "en"

# Paths, relative to the base URL (which ends in `/api/`).
PATH_LEGAL_BASES = "v1/List/LegalBase/Items"
PATH_PURPOSES = "v1/List/ConsentPurpose/Items"
PATH_SOURCES = "v1/List/ConsentSource/Items"
PATH_ARCHIVE = "v1/Archive/dynamic"
PATH_PERSON_CONSENTS = "v1/Person/{person_id}/Consent"
PATH_PUT_CONSENT = "v1/Person/{person_id}/Consent/{purpose_key}"

# ---------------------------------------------------------------- list items (v1/List/.../Items)

LIST_KEY = "Key"
LIST_NAME = "Name"
LIST_DELETED = "Deleted"
LIST_ACTIVE = "Active"  # ConsentPurpose items: an inactive purpose is skipped

SYNCED_PURPOSE_KEYS = tuple(SUPEROFFICE_PURPOSE_KEYS)  # STORE, EMARKETING
REQUIRED_PURPOSE_KEYS = SYNCED_PURPOSE_KEYS
REQUIRED_LEGAL_BASE_KEYS = ("WITHDRAWN",)
WRITE_SOURCE_KEY = SUPEROFFICE_WRITE_SOURCE_KEY  # "API", shown as "Other integration"

# ---------------------------------------------------------------- the Dynamic archive

Q_SELECT = "$select"
Q_FILTER = "$filter"
Q_ORDER_BY = "$orderBy"
Q_TOP = "$top"
Q_SKIP = "$skip"
MAX_TOP = 1000
ARCHIVE_ROWS = "value"  # the page's rows
ARCHIVE_PRIMARY_KEY = "PrimaryKey"  # each row's id as text
# Non-null when the server holds back rows after this page (its own row cap below `$top`): a short page is then not
# the last one. The reader goes on by row id as always, not by following the link.
ARCHIVE_NEXT_LINK = "odata.nextLink"

# Consent rows (table ConsentPerson).
C_ID = "consentperson.consentperson_id"
C_PERSON_ID = "consentperson.person_id"
C_REGISTERED = "consentperson.registered"
C_UPDATED = "consentperson.updated"
C_PURPOSE_KEY = "consentperson.consentPurpose_id.key"
C_LEGAL_BASE_KEY = "consentperson.legalBase_id.key"
C_SOURCE_KEY = "consentperson.consentSource_id.key"
C_COMMENT = "consentperson.comment"
CONSENT_COLUMNS = (C_ID, C_PERSON_ID, C_REGISTERED, C_UPDATED, C_PURPOSE_KEY, C_LEGAL_BASE_KEY, C_SOURCE_KEY, C_COMMENT)

# E-mail rows (table Email), one per address.
E_ID = "email.email_id"
E_PERSON_ID = "email.person_id"
E_ADDRESS = "email.email_address"
E_RANK = "email.rank"
E_UPDATED = "email.updated"
E_PERSON_REGISTERED = "email.person_id.registered"
E_TYPE = "email.type"  # the table also holds chat (1) and VoIP (2) rows: only 0 is an e-mail address
E_TYPE_EMAIL = 0
# The row's own creation (the Email table's `registered`; its `updated` stays empty until the row is changed): an
# address added to an existing person is found by this, not by E_UPDATED or E_PERSON_REGISTERED (R21).
E_REGISTERED = "email.registered"
EMAIL_COLUMNS = (E_ID, E_PERSON_ID, E_ADDRESS, E_RANK, E_UPDATED, E_PERSON_REGISTERED, E_TYPE, E_REGISTERED)

# Keep the whole request URL under this many characters (IIS and proxies refuse long URLs).
MAX_URL_LENGTH = 6000

# ---------------------------------------------------------------- one person's consents (ConsentInfo)

CI_ID = "ConsentPersonId"
CI_REGISTERED = "Registered"
CI_UPDATED = "Updated"
CI_LEGAL_BASE_KEY = "LegalBaseKey"
CI_PURPOSE_KEY = "ConsentPurposeKey"
CI_SOURCE_KEY = "ConsentSourceKey"
CI_COMMENT = "Comment"

# PUT v1/Person/{id}/Consent/{purposeKey}?source=API&legalBase=<key>&comment=<text>
P_SOURCE = "source"
P_LEGAL_BASE = "legalBase"
P_COMMENT = "comment"
MAX_COMMENT = 255  # characters SuperOffice keeps in a consent's comment

# ---------------------------------------------------------------- errors

ERROR_MESSAGE = "ErrorMessage"
ERROR_FLAG = "Error"  # true in SuperOffice's error object, which a 2xx may carry too
ERROR_TYPE = "ErrorType"
# The error object's ErrorType for what an HTTP status would say of one contact (R17: the run goes on): an unknown
# person (api notes "Errors": SoNotFoundException, the 404's), and a value refused (a 400's; VERIFY: the type name is
# the one NetServer gives its argument checks, the api notes name none).
ERROR_TYPE_NOT_FOUND = "SoNotFoundException"
ERROR_TYPE_REJECTED = "SoArgumentException"


# Endpoint names in the sentences about a field the app needs (point 4 of issue 10).
ENDPOINT_CONSENT_ROWS = f"GET {PATH_ARCHIVE} (consent rows)"
ENDPOINT_EMAIL_ROWS = f"GET {PATH_ARCHIVE} (e-mail rows)"
ENDPOINT_PERSON_CONSENTS = "GET v1/Person/{id}/Consent"
ENDPOINT_STATE = "GET api/state/{tenant}"


def display_name(name: object, key: str) -> str:
    """A list item's name for people: a multi-language `NO:"...";US:"..."` string cut to one language."""
    if not isinstance(name, str) or not name.strip():
        return key
    parts: dict[str, str] = dict(_LANGUAGE_PART.findall(name))
    if not parts:
        return name.strip()
    for code in ("US", "GB", "EN", "UK"):
        if parts.get(code, "").strip():
            return parts[code].strip()
    return next((v.strip() for v in parts.values() if v.strip()), key)


_LANGUAGE_PART = re.compile(r'([A-Z]{2}):"((?:[^"]|"")*)"')


def vendor_message(body: object) -> str | None:
    if isinstance(body, dict):
        text = body.get(ERROR_MESSAGE) or body.get("Message") or body.get("message")
        return text if isinstance(text, str) else None
    return None


# ---------------------------------------------------------------- dates

# "Never updated" comes as null, "", 0 or a zero date (0001-01-01 / 1899-12-30 / 1760-01-01 on old NetServers).
_EMPTY_BEFORE_YEAR = 1901  # VERIFY: the zero dates seen on real tenants


def parse_time(value: object) -> datetime | None:
    """A SuperOffice date-time as aware UTC; None when empty or a zero date; ValueError on anything else.

    The api notes: `YYYY-MM-DDTHH:MM:SS` with or without `Z` or a fraction, UTC either way.
    """
    if value == 0 or value == "0":
        return None
    parsed = parse_iso_time(value)
    if parsed is not None and parsed.year < _EMPTY_BEFORE_YEAR:
        return None
    return parsed


def quick_time(value: object) -> datetime | None | Odd:
    """parse_time's answer for None and the usual forms (which never raise), fast; ODD for anything else."""
    parsed = quick_iso_time(value)
    if parsed is not None and parsed is not ODD and parsed.year < _EMPTY_BEFORE_YEAR:
        return None
    return parsed


def format_time(value: datetime) -> str:
    """UTC, to the second, floored (so afterTime never skips the boundary second)."""
    return utc(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


# ---------------------------------------------------------------- filters


def quote_text(text: str) -> str:
    """An OData string literal: single quotes, inner quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def after_time(column: str, value: datetime) -> str:
    return f"{column} afterTime '{format_time(value)}'"


def gt(column: str, number: int) -> str:
    return f"{column} gt {int(number)}"


def eq_number(column: str, number: int) -> str:
    return f"{column} eq {int(number)}"


def eq_text(column: str, text: str) -> str:
    return f"{column} eq {quote_text(text)}"


def in_numbers(column: str, numbers: Iterable[int]) -> str:
    return f"{column} in ({','.join(str(int(n)) for n in numbers)})"


def in_texts(column: str, texts: Iterable[str]) -> str:
    return f"{column} in ({','.join(quote_text(t) for t in texts)})"


def and_(*terms: str | None) -> str:
    return " and ".join(t for t in terms if t)


# Characters left as they are in the query string (RFC 3986 allows them there): keeps the OData readable.
_QUERY_SAFE = "'(),:@$/"


def encode(value: str) -> str:
    return quote(value, safe=_QUERY_SAFE)


def query_string(params: dict[str, object]) -> str:
    """`$filter=...&$top=...` with spaces as %20 (not `+`, which some OData servers keep literally)."""
    return "&".join(f"{encode(k)}={encode(str(v))}" for k, v in params.items() if v is not None)
