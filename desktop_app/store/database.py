"""Opening the history file: pragmas, corruption check and move-aside, version check, backup, migration ladder.

The whole-file check (PRAGMA quick_check: 0.46 s at 100,000 contacts) runs only when there is a reason to doubt
the file (issue 11): a process that had it open ended without closing it (its in-use mark is left, and no process
holds that mark's lock any more), the file is not as the last clean close left it (size, modification time: a copy
put back, a tool or a disk that changed it), it has no record of a clean close, or the last check is more than
CHECK_EVERY ago. `check` (the command) and `integrity_problem()` run it on demand. A clean open then costs a stat.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import sqlite3
import threading
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import peewee as pw
from filelock import FileLock, Timeout

from ..domain.messages import Message
from . import migrations
from .clean_state import doubt, read_clean, write_clean
from .errors import (
    DatabaseTooNew,
    MigrationFailed,
    StoreError,
    StoreUnavailable,
    damaged,
    disk_full,
    unwritable_directory,
)

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_SECONDS = 10.0
# Creating, checking, moving aside and migrating go one process at a time (the window, a sync, a send opening
# a brand-new directory at once); a migration with its backup may take a while on a large history.
OPEN_LOCK_NAME = "history-open.lock"
OPEN_LOCK_TIMEOUT_SECONDS = 600.0
_SIDE_FILES = ("-wal", "-shm", "-journal")
# Each open Store holds an OS lock on its own in-use mark (the OS lets go when the process dies, the file stays);
# the last clean close leaves clean_state.CLEAN_NAME: the file's size and modification time then, and when it was
# last checked.
IN_USE_PREFIX = "history-inuse-"
CHECK_EVERY = timedelta(days=7)

# What the write-ahead log is cut back to once a checkpoint has emptied it. Without a limit it keeps the size of the
# largest transaction for as long as the file is open: about 1 GB after a million contacts' first full read, held on
# an admin's disk for as long as the window stays open.
WAL_KEEP_BYTES = 64 * 1024 * 1024


def pragmas() -> list[tuple[str, object]]:
    return [
        ("busy_timeout", int(BUSY_TIMEOUT_SECONDS * 1000)),
        ("journal_mode", "wal"),
        ("synchronous", "normal"),
        ("foreign_keys", 1),
        ("journal_size_limit", WAL_KEEP_BYTES),
    ]


class HistoryDatabase(pw.SqliteDatabase):
    """A SqliteDatabase that can close every thread's connection, not only the calling thread's.

    Peewee keeps one connection per thread (the window's thread, the sync worker); `close_all`
    closes them all when the Store closes. Every write transaction is BEGIN IMMEDIATE so a second
    writer waits on the busy timeout instead of failing when it upgrades a read snapshot.
    """

    def __init__(self, path: Path) -> None:
        self._all_connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self.in_use: InUseMark | None = None  # set by open_database; let go (a clean close) by close_all
        super().__init__(
            str(path),
            pragmas=pragmas(),
            timeout=BUSY_TIMEOUT_SECONDS,
            lock_type="IMMEDIATE",
            check_same_thread=False,  # so close_all may close other threads' connections
        )

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = super()._connect()  # type: ignore[misc]  # peewee-stubs leave out SqliteDatabase._connect
        with self._connections_lock:
            self._all_connections.append(conn)
        return conn

    def _close(self, conn: sqlite3.Connection) -> None:
        with self._connections_lock:
            if conn in self._all_connections:
                self._all_connections.remove(conn)
        conn.close()

    def close_all(self) -> None:
        if not self.is_closed():
            self.close()
        with self._connections_lock:
            others, self._all_connections = self._all_connections, []
        for conn in others:
            try:
                conn.close()
            except sqlite3.Error:  # pragma: no cover - best effort at shutdown
                log.debug("Closing a history connection failed", exc_info=True)
        mark, self.in_use = self.in_use, None
        if mark is not None:
            mark.release()

    def variable_limit(self) -> int:
        try:
            limit: int = self.connection().getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            return limit
        except (AttributeError, sqlite3.Error):  # pragma: no cover - older Python or SQLite
            return 999


def open_database(path: Path, *, check: bool = True) -> tuple[HistoryDatabase, Path | None, int]:
    """Open (creating, recovering or migrating as needed); return the database, the moved-aside path, the version.

    `check=False`: trust an existing file without probing it (see Store.open). Holds `history-open.lock` beside it while
    it works, so two processes never create or migrate the schema at the same time.
    """
    lock = FileLock(str(path.with_name(OPEN_LOCK_NAME)), thread_local=False)
    try:
        lock.acquire(timeout=OPEN_LOCK_TIMEOUT_SECONDS)
    except Timeout:
        raise StoreUnavailable(Message.of("db_upgrading", path=str(path)), path=path) from None
    except OSError:  # a read-only directory, or the lock file another account made: go on without it
        _remove_unfinished_backups(path)
        return _open_database(path, check=check)
    try:
        _remove_unfinished_backups(path)
        return _open_database(path, check=check)
    finally:
        lock.release()


def _open_database(path: Path, *, check: bool) -> tuple[HistoryDatabase, Path | None, int]:
    recovered: Path | None = None
    stale = _stale_marks(path)
    checked_at = None
    if check and path.exists():
        why = _reason_to_check(path, stale)
        if why is not None:
            log.info("Checking the history database %s (%s).", path, why)
            problem = _probe(path)
            checked_at = datetime.now(timezone.utc)
            if problem is not None:
                recovered = move_aside(path)
                log.warning(
                    "The history database %s is unreadable (%s); moved to %s and started afresh.",
                    path,
                    problem,
                    recovered,
                )
    elif check:
        checked_at = datetime.now(timezone.utc)  # a new file: nothing to doubt
    if checked_at is not None:  # (a quick open leaves the stale marks: the next checked open checks)
        for mark in stale:
            _remove(mark)
        write_clean(path, checked_at, fingerprint=None)
    db = HistoryDatabase(path)
    db.in_use = InUseMark.take(path)
    try:
        version = int(db.pragma("user_version"))
        known = migrations.known_version()
        if version < 0:  # any SQLite tool can set one; the ladder cannot say where such a file stands
            raise StoreError(Message.of("db_version_unknown", path=str(path), found=version), path=path)
        if version > known:
            raise DatabaseTooNew(path, version, known)
        if version < known:
            if _open_in_older(path, db.in_use, known):
                # Upgraded under an older copy that has it open, that copy would go on with a schema it does not
                # know (a status it cannot read, rows without what the newer schema keeps beside them).
                raise StoreUnavailable(Message.of("db_open_in_older", path=str(path)), path=path)
            _migrate(db, path, version, known)
    except BaseException as exc:
        db.close_all()
        if isinstance(exc, pw.OperationalError):
            raise (
                disk_full(exc, path)
                or unwritable_directory(path.parent, path)
                or StoreUnavailable(Message.of("db_open_failed", path=str(path), error=str(exc)), path=path)
            ) from exc
        broken = damaged(exc, path)
        if broken is not None:  # a quick open (check=False), or damage the whole-file check was not due to see
            _refuse_newer(path)  # a newer SQLite's schema that this one cannot parse is not damage
            doubt(path)
            raise broken from exc
        raise
    return db, recovered, known


class InUseMark:
    """This Store's mark that the file is open: a lock file held (flock / LockFileEx) until a clean close, which
    removes it and records the file as the close left it (see the module's doc)."""

    def __init__(self, database: Path, lock: FileLock, mark: Path) -> None:
        self.database, self._lock, self.path = database, lock, mark

    @classmethod
    def take(cls, database: Path) -> "InUseMark | None":
        # Named with the newest schema this release knows, so that an upgrade waits for an older copy with the file
        # open (`_open_in_older`), not for another copy of this release opening it at the same time.
        mark = database.with_name(f"{IN_USE_PREFIX}v{migrations.known_version()}-{uuid.uuid4().hex}.lock")
        lock = FileLock(str(mark), thread_local=False)
        try:
            lock.acquire(timeout=0)
        except (OSError, Timeout):  # a read-only directory: no mark, so the next checked open checks
            return None
        return cls(database, lock, mark)

    def release(self) -> None:
        try:
            self._lock.release()
            self.path.unlink(missing_ok=True)
            stat = self.database.stat()
        except OSError:
            log.debug("Could not let go of the history's in-use mark %s", self.path, exc_info=True)
            return
        record = read_clean(self.database)
        write_clean(self.database, _checked_at(record), fingerprint=(stat.st_size, stat.st_mtime_ns))


def _marks(path: Path) -> list[Path]:
    try:
        return sorted(path.parent.glob(f"{IN_USE_PREFIX}*.lock"))
    except OSError:
        return []


def _held(mark: Path) -> bool | None:
    """Whether a live process holds the lock of `mark` now; None when this process cannot tell (it cannot open it)."""
    lock = FileLock(str(mark), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return None
    lock.release()
    return False


def _stale_marks(path: Path) -> list[Path]:
    """In-use marks whose process ended without closing the file (nobody holds their lock any more; a mark that
    cannot be told is doubted, so counted too)."""
    return [mark for mark in _marks(path) if not _held(mark)]


_MARK_KNOWS = re.compile(rf"^{re.escape(IN_USE_PREFIX)}v(\d+)-")


def _open_in_older(path: Path, own: InUseMark | None, known: int) -> bool:
    """Whether an older copy of the app holds the file open now: an in-use mark other than this Store's own whose
    lock is held and whose name says it knows fewer schemas than this release (or says nothing: the releases before
    marks were named so). A copy of this release opening it at the same time waits at the upgrade's steps instead
    (`_migrate`). A mark this process cannot even open (another account's, left behind) does not count: it cannot be
    told from a stale one, and an upgrade must not wait forever for it."""
    for mark in _marks(path):
        if own is not None and mark == own.path:
            continue
        knows = _MARK_KNOWS.match(mark.name)
        if knows is not None and int(knows.group(1)) >= known:
            continue
        if _held(mark):  # None (cannot tell) does not count, see above
            return True
    return False


def _remove(mark: Path) -> None:
    try:
        mark.unlink(missing_ok=True)
    except OSError:
        log.debug("Could not remove the stale in-use mark %s", mark, exc_info=True)


def _checked_at(record: dict[str, object]) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(record["checked_at"]))
    except (KeyError, ValueError, TypeError):
        return None
    return value if value.tzinfo is not None else None


def _reason_to_check(path: Path, stale: list[Path]) -> str | None:
    """Why the whole-file check must run on this open, or None (the file is as the last clean close left it)."""
    if stale:
        return "a process that had it open ended without closing it"
    record = read_clean(path)
    checked = _checked_at(record)
    if checked is None:
        return "no record of an earlier check"
    if datetime.now(timezone.utc) - checked >= CHECK_EVERY:
        return f"last checked {checked:%Y-%m-%d}"
    live = bool(_marks(path))
    try:
        stat = path.stat()
    except OSError as exc:
        return f"cannot read its size ({exc.strerror or exc})"
    if not live and (record.get("size"), record.get("mtime_ns")) != (stat.st_size, stat.st_mtime_ns):
        return "it changed since the last clean close"
    if not live and Path(f"{path}-wal").exists() and Path(f"{path}-wal").stat().st_size > 0:
        return "a write-ahead log was left behind"
    return None


def integrity_problem(path: Path) -> str | None:
    """On demand (`check`): the whole-file check of the history database at `path`; None when it is sound or
    absent. Read-only; a checked sound file counts as checked for the schedule (CHECK_EVERY)."""
    if not path.exists():
        return None
    problem = _probe(path)
    if problem is None:
        record = read_clean(path)
        fingerprint = (record.get("size"), record.get("mtime_ns"))
        write_clean(path, datetime.now(timezone.utc), fingerprint=fingerprint if None not in fingerprint else None)  # type: ignore[arg-type]  # ints, as written
    return problem


def _probe(path: Path) -> str | None:
    """Why the file is not a usable database, or None. A busy or unreadable file is not corrupt: it raises."""
    # Read-only: a read-write connection deletes the -wal and -shm files when it closes, even
    # those of a file it could not read, and they belong with the damaged file when it is moved aside.
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as exc:
        raise unwritable_directory(path.parent, path) or StoreUnavailable(
            Message.of("db_open_failed", path=str(path), error=str(exc)), path=path
        ) from exc
    try:
        _refuse_newer(path, conn)
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError as exc:  # locked, I/O error, no permission: never a reason to move it aside
        # A read-only disk (issue 9 pt 4): even reading a WAL database needs its -shm file made, so say why.
        raise unwritable_directory(path.parent, path) or StoreUnavailable(
            Message.of("db_read_failed", path=str(path), error=str(exc)), path=path
        ) from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return str(exc)
    finally:
        conn.close()
    if rows != [("ok",)]:
        return "; ".join(str(r[0]) for r in rows[:3])
    return None


def _refuse_newer(path: Path, conn: sqlite3.Connection | None = None) -> None:
    """DatabaseTooNew when the file's schema version is newer than this app's; first, before anything judges it
    damaged: a newer version's schema may use syntax this SQLite cannot parse ("malformed database schema"), and
    that file is sound and must be refused untouched, never moved aside. PRAGMA user_version reads the file's header
    without parsing the schema. Says nothing when the header cannot be read (the caller's check says why)."""
    own = None
    try:
        if conn is None:
            conn = own = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return
    finally:
        if own is not None:
            own.close()
    known = migrations.known_version()
    if found > known:
        raise DatabaseTooNew(path, found, known)


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm) to `<name>.corrupt-<UTC time>`; never delete it."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        os.replace(path, target)
        for suffix in _SIDE_FILES:
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
    except OSError as exc:
        raise StoreUnavailable(
            Message.of("db_move_aside_failed", path=str(path), error=str(exc.strerror or exc)), path=path
        ) from exc
    return target


def _backup_path(path: Path, version: int) -> Path:
    target = path.with_name(f"{path.name}.bak-v{version}")
    if target.exists():  # an earlier upgrade attempt left one: keep it, write another
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
        n = 1
        while target.exists():
            target = path.with_name(f"{path.name}.bak-v{version}-{stamp}-{n}")
            n += 1
    return target


def _failed_marker(path: Path) -> Path:
    """Names the copy an upgrade that failed wrote (removed by the next upgrade that succeeds)."""
    return path.with_name(f"{path.name}.upgrade-failed")


def _copy_still_current(path: Path, version: int) -> Path | None:
    """The copy the last, failed upgrade from `version` wrote, when the history has not changed since (nothing wrote
    the file or its WAL after the copy was made): a failed attempt changes nothing (each step is one transaction), so
    that copy is still this file's. Without it, an upgrade failing the same way on every scheduled run wrote a whole
    new copy each time (48 a day as large as the history) until the disk was full."""
    try:
        named = _failed_marker(path).read_text(encoding="utf-8").strip()
        copy = path.with_name(named)
        if not named.startswith(f"{path.name}.bak-v{version}") or copy.name != named or not copy.is_file():
            return None
        made = copy.stat().st_mtime_ns
        for part in (path, Path(f"{path}-wal")):
            if part.exists() and part.stat().st_size and part.stat().st_mtime_ns > made:
                return None
    except (OSError, UnicodeDecodeError):
        return None
    return copy


def _remember_failed(path: Path, copy: Path | None) -> None:
    try:
        if copy is None:
            _failed_marker(path).unlink(missing_ok=True)
        else:
            _failed_marker(path).write_text(copy.name, encoding="utf-8")
    except OSError:
        log.debug("Could not note the copy of the failed upgrade", exc_info=True)


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, *(Path(f"{partial}{suffix}") for suffix in _SIDE_FILES)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            log.debug("Could not remove the unfinished backup %s", leftover, exc_info=True)


def _owner_lock(partial: Path) -> FileLock:
    """The lock the process writing the copy `partial` holds while it writes it (`<partial>.lock`)."""
    return FileLock(f"{partial}.lock", thread_local=False)


def _remove_unfinished_backups(path: Path) -> None:
    """Remove the copies a killed upgrade left half-written under `backup`'s temporary names: as large as the
    history, never one to restore. Not the open lock but each copy's own lock tells a dead writer from a live one: an
    upgrader the open lock does not hold back (its file made by another account) may be writing one now. An OS lock
    (flock on macOS and Linux, LockFileEx on Windows) is let go by the OS when its process dies however it died, where
    a process id may be reused and a copy's age says nothing on a slow disk; a lock this process cannot even open
    (another account's) keeps the copy."""
    try:
        found = list(path.parent.glob(f"{glob.escape(path.name)}.bak-v*.tmp*"))
    except OSError:
        return
    partials = {Path(str(f).removesuffix(".lock")) for f in found if f.name.endswith((".tmp", ".tmp.lock"))}
    for partial in sorted(partials):
        owner = _owner_lock(partial)
        try:
            owner.acquire(timeout=0)
        except Timeout:
            continue  # a live upgrader is writing it
        except OSError:
            continue  # cannot tell: keep it
        try:
            if partial.exists():
                log.info("Removing %s, a backup an earlier upgrade did not finish.", partial)
            _remove_partial(partial)
        finally:
            _let_go(owner)


def _let_go(owner: FileLock) -> None:
    try:
        owner.release()
        Path(owner.lock_file).unlink(missing_ok=True)
    except OSError:
        log.debug("Could not remove the lock %s", owner.lock_file, exc_info=True)


def backup(db: HistoryDatabase, path: Path, version: int) -> Path:
    """A consistent copy through SQLite's backup API (it sees what is still in the WAL).

    Written under a temporary name and renamed when whole: a copy cut short (a full disk) is deleted, never left
    under the backup's own name, the file an admin would restore. Its lock is taken before the copy exists and let go
    after it is renamed, so no other opener takes a copy being written for one a killed upgrade left."""
    target = _backup_path(path, version)
    partial = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    owner = _owner_lock(partial)
    owner.acquire(timeout=0)  # a new name: only a directory this process cannot write fails it (OSError)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            db.connection().backup(dest)
        finally:
            dest.close()
        os.replace(partial, target)
    except BaseException:
        _remove_partial(partial)
        raise
    finally:
        _let_go(owner)
    return target


def _migrate(db: HistoryDatabase, path: Path, version: int, known: int) -> None:
    has_schema = db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    recognised = None
    if version == 0 and has_schema:  # tables but no version: an SQL dump restored keeps every row but not the version
        recognised = migrations.version_of(migrations.tables(db))
        if recognised is None:
            raise StoreError(Message.of("db_unversioned_unknown", path=str(path)), path=path)
    saved: Path | None = None
    if version > 0 or has_schema:
        saved = _copy_still_current(path, version)
        try:
            saved = saved or backup(db, path, version)
        except (OSError, sqlite3.Error) as exc:
            raise MigrationFailed(Message.of("db_backup_failed", path=str(path), error=str(exc)), path=path) from exc
        log.info("Backed up the history database (schema %s) to %s before upgrading.", version, saved)
    if recognised is not None:
        with db.atomic():
            if int(db.pragma("user_version")) == 0:
                db.execute_sql(f"PRAGMA user_version = {recognised}")
        log.info("The history database had no schema version; its tables are schema %s's.", recognised)
        version = recognised
    at = version
    for step in range(version, known):
        try:
            with db.atomic():
                # Read again inside the write transaction: an opener the open lock did not hold back (its file made
                # by another account) may have climbed this step while this one waited for the write lock, and
                # further than this version knows (a newer release): refused then, as at open.
                found = int(db.pragma("user_version"))
                if found > known:
                    raise DatabaseTooNew(path, found, known)
                if found > step:
                    continue
                migrations.MIGRATIONS[step](db)
                db.execute_sql(f"PRAGMA user_version = {step + 1}")
        except DatabaseTooNew:
            raise
        except Exception as exc:
            error = f"{exc.__class__.__name__}: {exc}"
            said = (
                Message.of("db_upgrade_failed", path=str(path), found=at, known=known, error=error, step=step)
                if saved is None
                else Message.of(
                    "db_upgrade_failed_copy",
                    path=str(path),
                    found=at,
                    known=known,
                    error=error,
                    step=step,
                    copy=str(saved),
                )
            )
            _remember_failed(path, saved)
            raise MigrationFailed(said, path=path) from exc
        log.info("Upgraded the history database to schema %s.", step + 1)
    _remember_failed(path, None)  # upgraded: the next upgrade writes its own copy
