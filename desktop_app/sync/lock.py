"""R20: one sync at a time per data directory, shared by the window, the scheduler and the headless command.

The lock itself is `filelock` (flock on Unix, LockFileEx on Windows): the operating system lets go of
it when the process dies, kill -9 included. Who holds it is written beside it, in `sync.lock.holder`
(process id, host, start time): the lock file cannot carry it portably (Windows refuses reads of a
locked range). The side file of a process that died stays behind until the next holder overwrites
it; it is only ever read after the lock was found taken.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from ..domain.messages import Message
from ..errors import AppError

LOCK_NAME = "sync.lock"
HOLDER_SUFFIX = ".holder"


class LockHeld(AppError, RuntimeError):
    """Another sync holds the data directory's lock."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder  # the holding process's id, or "" when it has not said yet
        super().__init__(
            Message.of("lock_held_pid", path=str(path.parent), pid=holder)
            if holder
            else Message.of("lock_held", path=str(path.parent))
        )


class LockUnavailable(AppError, RuntimeError):
    """The lock file cannot be made at all (the data directory cannot be created, is read-only or full)."""

    def __init__(self, path: Path, exc: OSError) -> None:
        from ..store.errors import unwritable_directory

        self.path = path
        # A full or read-only disk is said as the store says it (issue 9 pt 4), whichever notices first.
        disk = unwritable_directory(path.parent, None, exc) if path.parent.exists() else None
        super().__init__(
            disk.said or disk.user_message
            if disk is not None
            else Message.of("lock_unusable", path=str(path.parent), error=(exc.strerror or str(exc)).lower())
        )


class RunLock:
    """The data directory's run lock (`<data_dir>/sync.lock`), never waited for: taken or LockHeld at once.

    Not re-entrant: a second RunLock on the same directory, in this process or another, is refused,
    and so is acquiring one object twice. Thread-agnostic: a worker thread may release what it took.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self.holder_path = self.path.with_name(LOCK_NAME + HOLDER_SUFFIX)
        self._lock = FileLock(str(self.path), thread_local=False)
        self._held = False
        self._guard = threading.Lock()

    def acquire(self) -> None:
        with self._guard:
            if self._held:
                raise LockHeld(self.path, str(os.getpid()))
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire(timeout=0)
            except Timeout:
                raise LockHeld(self.path, read_holder(self.path).get("pid", "")) from None
            except OSError as exc:
                raise LockUnavailable(self.path, exc) from exc
            self._held = True
        _write_holder(self.holder_path)

    def release(self) -> None:
        with self._guard:
            if not self._held:
                return
            self._held = False
            try:
                self.holder_path.unlink(missing_ok=True)
            except OSError:  # a stale side file is harmless: it is only read when the lock is taken
                pass
            self._lock.release(force=True)

    @property
    def held(self) -> bool:
        return self._held

    def __enter__(self) -> "RunLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_holder(lock_path: Path) -> dict[str, str]:
    """What the holder of `lock_path` wrote about itself ({"pid", "host", "since"}), {} when unknown."""
    try:
        data = json.loads(Path(str(lock_path) + HOLDER_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    found = {k: str(v) for k, v in data.items() if k in ("pid", "host", "since") and isinstance(v, (str, int))}
    if not found.get("pid", "").isdigit():
        found.pop("pid", None)
    return found


def _write_holder(path: Path) -> None:
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a full or read-only disk: the lock still holds, the message just names no process
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
