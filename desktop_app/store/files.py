"""Writing a file a person asked for (an export, the contact's PDF, the support zip) without ever leaving half of it.

Everything is written to a temporary file beside the target and moved over it only when complete; on any failure the
temporary file is removed and the target is left as it was. The temporary name is short and of its own
(".legalbasis-sync.XXXXXXXX.part", 30 bytes): the target's name with more added would be too long where the target's
own name is near the file system's limit (255 bytes: 119 "å" and ".xlsx" are 243, and legal).

A file replaced keeps its permissions (a new one is the owner's only); a target that exists and is not a regular file
(a link, a pipe, a device) is refused: moving the temporary file over it would replace that node, not write to it.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

TEMPORARY_PREFIX = ".legalbasis-sync."


NOT_A_REGULAR_FILE = "it exists and is not a regular file (a link, a pipe or a device); give another file name"


def temporary_beside(path: Path) -> str:
    """A new empty temporary file in `path`'s folder, with the permissions of the file it is to replace (its owner may
    still write it); its name. OSError: that folder is missing or not writable, or `path` is not a regular file."""
    mode = replaced_mode(path)
    fd, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".part", dir=Path(path).parent or ".")
    os.close(fd)
    if mode is not None:
        try:
            os.chmod(name, mode | stat.S_IRUSR | stat.S_IWUSR)
        except OSError:
            remove_quietly(name)
            raise
    return name


def replaced_mode(path: Path) -> int | None:
    """The permission bits of the regular file at `path`; None when there is none (or a folder, which replacing it
    refuses in its own words). OSError when something else is there."""
    try:
        found = os.lstat(path)
    except OSError:
        return None  # nothing there yet, or its folder is missing: creating the temporary file says so
    if stat.S_ISDIR(found.st_mode):
        return None
    if not stat.S_ISREG(found.st_mode):
        raise OSError(errno.EEXIST, NOT_A_REGULAR_FILE, str(path))
    return found.st_mode & 0o777  # not set-user-id and the like: an export is never a program


def move_over(temporary: str, path: Path) -> None:
    """Move a whole temporary file over `path`, with exactly the permissions of the file it replaces (read-only too)
    and, where this user may give them, its owner and group (the group that reads the audit trail keeps reading it)."""
    mode = replaced_mode(path)
    if mode is not None:
        _same_owner(temporary, path)
        os.chmod(temporary, mode)
    os.replace(temporary, path)


def _same_owner(temporary: str, path: Path) -> None:
    chown = getattr(os, "chown", None)  # not on Windows, where the folder's permissions are inherited instead
    if chown is None:
        return
    found = os.lstat(path)
    try:
        chown(temporary, found.st_uid, found.st_gid)
    except PermissionError:
        try:  # an ordinary user may still give a group it belongs to
            chown(temporary, -1, found.st_gid)
        except PermissionError:
            pass


def remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


class replacing:  # noqa: N801 - used like open(): `with replacing(path, "wb") as fh`
    """A temporary file beside `path`, open for writing (`mode` "w" with `encoding`, or "wb"), moved over `path` on
    success and removed on failure."""

    def __init__(self, path: Path, mode: str, *, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.mode = mode
        self.encoding = encoding
        self._fh: IO[Any] | None = None  # text, or bytes in mode "wb"
        self._tmp: str | None = None

    def __enter__(self) -> IO[Any]:
        self._tmp = temporary_beside(self.path)
        if "b" in self.mode:
            self._fh = open(self._tmp, "wb")  # noqa: SIM115 - closed in __exit__
        else:
            self._fh = open(self._tmp, "w", encoding=self.encoding, newline="")  # noqa: SIM115 - closed in __exit__
        return self._fh

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._fh is not None and self._tmp is not None
        try:
            self._fh.close()  # its last flush may fail too (a full disk, SIGTERM): then the file is not whole
        except BaseException:
            remove_quietly(self._tmp)
            raise
        if exc_type is None:
            try:
                move_over(self._tmp, self.path)
            except OSError:
                remove_quietly(self._tmp)
                raise
        else:
            remove_quietly(self._tmp)


__all__ = [
    "NOT_A_REGULAR_FILE",
    "TEMPORARY_PREFIX",
    "move_over",
    "remove_quietly",
    "replaced_mode",
    "replacing",
    "temporary_beside",
]
