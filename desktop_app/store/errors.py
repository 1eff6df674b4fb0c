"""The store's error family: each carries `user_message`, one sentence a person can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Something about the history database that the user has to know about."""

    def __init__(self, user_message: str, *, path: Path | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
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
