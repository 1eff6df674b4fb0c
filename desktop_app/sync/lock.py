"""R20: one sync at a time per data directory, shared by the window, the scheduler and the headless command."""

from __future__ import annotations

import os
import sys
from pathlib import Path


class LockHeld(RuntimeError):
    """Another sync holds the data directory's lock."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder  # what the holding process wrote into the lock file (its pid), or ""
        self.user_message = (
            f"Another sync is already running on the data directory {path.parent}"
            + (f" (process {holder})" if holder else "")
            + "; try again when it has finished."
        )
        super().__init__(self.user_message)


class RunLock:
    """An advisory OS lock on `<data_dir>/sync.lock`, released by the OS if the process dies (kill -9)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "sync.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            holder = ""
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            except OSError:
                pass
            os.close(fd)
            raise LockHeld(self.path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "RunLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
