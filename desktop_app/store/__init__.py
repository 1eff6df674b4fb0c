"""The local store: SQLite history (the audit trail), baselines, replicas, cursors and settings, through peewee. No Qt."""

from __future__ import annotations

from .errors import DatabaseTooNew, DiskFull, MigrationFailed, StoreError, StoreUnavailable
from .records import BaselineEntry, DecisionRecord, DecisionStatus, ErrorRecord, RunRecord
from .sends import SENDS_CSV_COLUMNS, SendRecipientRecord, SendRecord
from .store import CSV_COLUMNS, Store, read_settings, saved_settings

__all__ = [
    "CSV_COLUMNS",
    "SENDS_CSV_COLUMNS",
    "BaselineEntry",
    "DatabaseTooNew",
    "DecisionRecord",
    "DecisionStatus",
    "ErrorRecord",
    "MigrationFailed",
    "RunRecord",
    "SendRecipientRecord",
    "SendRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "DiskFull",
    "read_settings",
    "saved_settings",
]
