"""The store's error family: each carries `user_message`, one sentence a person can act on."""

from __future__ import annotations

import errno
import functools
import inspect
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import peewee as pw

from ..domain.messages import Message
from ..errors import AppError
from .clean_state import doubt


class StoreError(AppError):
    """Something about the history database that the user has to know about."""

    def __init__(self, user_message: Message | str, *, path: Path | None = None) -> None:
        super().__init__(user_message)
        self.path = path


class DatabaseTooNew(StoreError):
    """The file was written by a newer version of the app: refused, never downgraded."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(Message.of("db_too_new", path=str(path), found=found, known=known), path=path)
        self.found = found
        self.known = known


class DatabaseDamaged(StoreError):
    """SQLite found the file damaged ("database disk image is malformed", "file is not a database") where no
    whole-file check looked first: a quick open (`check=False`), or pages that went bad after the last check without
    changing the file's size or time. Said as the `check` command says it; the file is marked for the whole-file
    check, so the next checked open moves it aside as the sentence promises (`clean_state.doubt`)."""


class MigrationFailed(StoreError):
    """A migration step raised; the file is left at the last version that completed."""


class StoreUnavailable(StoreError):
    """The database could not be read or written (locked too long, disk full, no permission)."""


class DiskFull(StoreUnavailable):
    """The disk holding the data directory is full, or read-only (issue 9 pt 4): SQLite rolled the statement back,
    so nothing is half-recorded, and writes that reached a vendor are confirmed by the next run's recovery (R18)."""


_FULL = ("database or disk is full",)
_READ_ONLY = ("attempt to write a readonly database", "readonly database")


def _sentence(where: Path | Message, full: bool, database: Path | None) -> DiskFull:
    place = where if isinstance(where, Message) else str(where)
    return DiskFull(Message.of("disk_full" if full else "disk_read_only", where=place), path=database)


def unwritable_directory(
    directory: Path, database: Path | None = None, exc: BaseException | None = None
) -> DiskFull | None:
    """DiskFull when `directory` is on a read-only file system (or this process may not write there), or `exc` is
    an OSError saying the disk is full or read-only; None otherwise. For failures before SQLite says why (a lock
    file that cannot be made, a database that cannot even be opened read-only without its -shm file)."""
    number = getattr(exc, "errno", None)
    if number == errno.ENOSPC:
        return _sentence(directory, True, database)
    if number == errno.EROFS:
        return _sentence(directory, False, database)
    statvfs, flag = getattr(os, "statvfs", None), getattr(os, "ST_RDONLY", 0)  # neither exists on Windows
    try:
        read_only = bool(statvfs(directory).f_flag & flag) if statvfs is not None and flag else False
    except OSError:
        read_only = False
    if read_only or (directory.is_dir() and not os.access(directory, os.W_OK)):
        return _sentence(directory, False, database)
    return None


def disk_full(exc: BaseException | None, database: Path | None) -> DiskFull | None:
    """DiskFull for SQLite's "database or disk is full" and "attempt to write a readonly database"; None otherwise."""
    # SQLite rolls a transaction back itself when the disk fills; peewee's own rollback then fails with "cannot
    # rollback - no transaction is active", which hides the cause: look along the chain of exceptions too.
    texts: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(seen) < 8:
        seen.add(id(exc))
        texts.append(str(exc).lower())
        exc = exc.__cause__ or exc.__context__
    text = " | ".join(texts)
    full = any(part in text for part in _FULL)
    if not full and not any(part in text for part in _READ_ONLY):
        return None
    where = database.parent if database is not None else Message.of("the_data_directory")
    return _sentence(where, full, database)


def damaged(exc: BaseException, database: Path) -> DatabaseDamaged | None:
    """DatabaseDamaged for SQLite's damage errors, None otherwise. Python's sqlite3 raises the bare DatabaseError
    class for SQLITE_CORRUPT and SQLITE_NOTADB, and its subclasses (OperationalError, IntegrityError...) for the rest;
    peewee re-raises it as its own bare DatabaseError."""
    if type(exc) not in (pw.DatabaseError, sqlite3.DatabaseError):
        return None
    return DatabaseDamaged(Message.of("check_db_damaged", path=str(database), problem=str(exc)), path=database)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def guarded(method: Callable[Concatenate[Any, _P], _R]) -> Callable[Concatenate[Any, _P], _R]:
    """For the Store's methods (and its mixins'): SQLite's operational failures (locked past the busy timeout, disk
    full, I/O) become StoreUnavailable, damage found by a read becomes DatabaseDamaged; a closed store says so. Needs
    `self._closed` and `self.path`. A generator (the exports' rows) is guarded while it is read, not only when it is
    made: a lock, a full disk or damage met halfway through `history --csv` is said in one sentence too."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def rows(self: Any, /, *args: _P.args, **kwargs: _P.kwargs) -> Any:
            _open_or_raise(self)
            try:
                yield from method(self, *args, **kwargs)
            except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
                said = _said(self.path, exc)
                if said is None:
                    raise
                raise said from exc

        return cast(Callable[Concatenate[Any, _P], _R], rows)

    @functools.wraps(method)
    def wrapper(self: Any, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        _open_or_raise(self)
        try:
            return method(self, *args, **kwargs)
        except (pw.DatabaseError, sqlite3.DatabaseError) as exc:  # OperationalError is one too
            said = _said(self.path, exc)
            if said is None:
                raise
            raise said from exc

    return wrapper


def _open_or_raise(store: Any) -> None:
    if store._closed:  # peewee would quietly open a new connection that nobody closes
        raise StoreError(Message.of("db_closed", path=str(store.path)), path=store.path)


def _said(path: Path, exc: BaseException) -> StoreError | None:
    """The sentence for SQLite's error `exc` on the history at `path`; None for one that is not the store's to say
    (a constraint, a bug)."""
    if isinstance(exc, (pw.OperationalError, sqlite3.OperationalError)):
        return disk_full(exc, path) or StoreUnavailable(
            Message.of("db_unusable", path=str(path), error=str(exc)), path=path
        )
    broken = damaged(exc, path)
    if broken is not None:
        doubt(path)
    return broken
