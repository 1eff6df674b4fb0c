"""The store's error family: each carries `user_message`, one sentence a person can act on."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from ..errors import AppError


class StoreError(AppError):
    """Something about the history database that the user has to know about."""

    def __init__(self, user_message: str, *, path: Path | None = None) -> None:
        super().__init__(user_message)
        self.path = path


class DatabaseTooNew(StoreError):
    """The file was written by a newer version of the app: refused, never downgraded."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"The history database at {path} was written by a newer version of Legal Basis Sync "
            f"(schema {found}; this version knows up to {known}). "
            "Update the app or point it at another data directory.",
            path=path,
        )
        self.found = found
        self.known = known


class MigrationFailed(StoreError):
    """A migration step raised; the file is left at the last version that completed."""


class StoreUnavailable(StoreError):
    """The database could not be read or written (locked too long, disk full, no permission)."""


def guarded(method: Callable) -> Callable:
    """For the Store's methods (and its mixins'): SQLite's operational failures (locked past the busy timeout, disk
    full, I/O) become StoreUnavailable; a closed store says so. Needs `self._closed` and `self.path`."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._closed:  # peewee would quietly open a new connection that nobody closes
            raise StoreError(f"The history database at {self.path} was already closed.", path=self.path)
        try:
            return method(self, *args, **kwargs)
        except (pw.OperationalError, sqlite3.OperationalError) as exc:
            raise StoreUnavailable(f"The history database at {self.path} could not be used: {exc}.",
                                   path=self.path) from exc

    return wrapper
