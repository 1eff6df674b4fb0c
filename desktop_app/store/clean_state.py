"""The record the last clean close of the history database leaves beside it (`history-clean.json`): the file's size and
modification time then, and when it was last checked whole (store/database.py decides from it whether an open runs
the whole-file check). Its own module: the store's error guard (errors.py) marks a file it found damaged as doubted,
and database.py imports errors.py."""

from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

CLEAN_NAME = "history-clean.json"


def read_clean(path: Path) -> dict[str, object]:
    try:
        record = json.loads(path.with_name(CLEAN_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def write_clean(path: Path, checked_at: datetime | None, fingerprint: tuple[int, int] | None) -> None:
    record = {
        "checked_at": checked_at.isoformat() if checked_at is not None else None,
        "size": fingerprint[0] if fingerprint else None,
        "mtime_ns": fingerprint[1] if fingerprint else None,
    }
    target = path.with_name(CLEAN_NAME)
    temporary = target.with_name(f"{CLEAN_NAME}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        log.debug("Could not record the history's clean state in %s", target, exc_info=True)
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def doubt(path: Path) -> None:
    """Damage was found outside the whole-file check: forget the last check, so the next checked open runs it (and
    moves the file aside) even though the file's size and time are as the last clean close left them."""
    write_clean(path, None, fingerprint=None)
