"""Writing a file a person asked for (an export, the contact's PDF, the support zip) without ever leaving half of it.

Everything is written to a temporary file beside the target and moved over it only when complete; on any failure the
temporary file is removed and the target is left as it was. The temporary name is short and of its own
(".legalbasis-sync.XXXXXXXX.part", 30 bytes): the target's name with more added would be too long where the target's
own name is near the file system's limit (255 bytes: 119 "å" and ".xlsx" are 243, and legal).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

TEMPORARY_PREFIX = ".legalbasis-sync."


def temporary_beside(path: Path) -> str:
    """A new empty temporary file in `path`'s folder (OSError: that folder is missing or not writable); its name."""
    fd, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".part", dir=Path(path).parent or ".")
    os.close(fd)
    return name


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
            self._fh.close()
        finally:
            if exc_type is None:
                try:
                    os.replace(self._tmp, self.path)
                except OSError:
                    remove_quietly(self._tmp)
                    raise
            else:
                remove_quietly(self._tmp)


__all__ = ["TEMPORARY_PREFIX", "remove_quietly", "replacing", "temporary_beside"]
