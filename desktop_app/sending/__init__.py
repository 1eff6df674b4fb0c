"""Sending with a Checklist (issue 4, R3, R4, R10): send-time sync, Checklist, Messages API, scheduled sends.

Qt-free: usable headless (`legalbasis-sync send`) and from the window's worker thread.
"""

from ..domain.checklist import (
    Channel,
    Checklist,
    ChecklistLine,
    Exclusion,
    RecipientFileError,
    RecipientResult,
    parse_recipients,
    read_recipients_csv,
)
from .service import (
    RECENT_WINDOW,
    ContactList,
    EarlierSend,
    PreparedSend,
    ScheduledSend,
    SendError,
    SendOutcome,
    SendRequest,
    SendService,
    SendStatus,
    SendSummary,
)

__all__ = [
    "Channel",
    "Checklist",
    "ChecklistLine",
    "ContactList",
    "Exclusion",
    "PreparedSend",
    "RecipientFileError",
    "RecipientResult",
    "ScheduledSend",
    "SendError",
    "SendOutcome",
    "SendRequest",
    "SendService",
    "SendStatus",
    "parse_recipients",
    "read_recipients_csv",
    "EarlierSend",
    "SendSummary",
    "RECENT_WINDOW",
]
