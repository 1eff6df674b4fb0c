"""Has the sync stalled? One answer for `legalbasis-sync health` (monitoring) and for the window's Home and tray.

The sync is healthy when it is off (nothing to watch) or when a sync of everybody (a full or an
incremental run, not a dry run and not a send's `--only` run) finished successfully within the
"Warn if no sync succeeds for" window (a setting, default 6 hours). A sync switched on after its last success is
measured from the switch-on (the time it was off is no stall; the moment is saved with the settings), and the
window's alarm (not `health`, whose exit code CLI.md fixes) waits for the stale window after it. No Qt; the sentences go
through `i18n.translate`, so the command line says them in English and the window in its language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from .. import i18n
from ..domain.messages import Message, message_text
from ..domain.model import RunMode, RunStatus
from ..i18n import plural, translate
from ..store import RunRecord, Store
from ..store.database import FILE_NAME
from .lock import LOCK_NAME

EXIT_HEALTHY, EXIT_STALE = 0, 1
# A last success stamped later than now by more than this was stamped by a clock that has since been set back: how long
# ago it was is not known, so it does not count as fresh (it would for as long as the clock had been fast).
CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Health:
    ok: bool
    last_success: datetime | None  # when the newest successful sync of everybody ended (UTC)
    last_status: str | None  # the newest real run's status ("done", "failed", ...), None before any
    message: str  # one sentence
    sync_off: bool = False

    @property
    def stale(self) -> bool:
        """The alarm: the sync is on and has not succeeded within the window."""
        return not self.ok

    def to_json(self) -> dict[str, object]:
        """shared/CLI.md: {"ok", "last_success", "last_status", "message"}."""
        return {
            "ok": self.ok,
            "last_success": None if self.last_success is None else _iso(self.last_success),
            "last_status": self.last_status,
            "message": self.message,
        }


@dataclass(frozen=True)
class RunsSeen:
    """What the verdict is made from: the newest successful sync of everybody, and the newest real run."""

    last_success: RunRecord | None
    latest: RunRecord | None
    # The oldest real run or skipped scheduled run: how long a sync that never succeeded has been trying (a sync whose
    # every scheduled run could not start, a locked keyring say, has been trying too).
    first: RunRecord | None = None
    # When an Apply last switched the sync on (store.switched_on_at); None in a history from before it was kept.
    switched_on: datetime | None = None

    def trying_since(self) -> datetime | None:
        """Since when the sync has had no success: the last success's end, else the first try's start."""
        if self.last_success is not None:
            return self.last_success.ended_at or self.last_success.started_at
        return None if self.first is None else self.first.started_at


def runs_seen(store: Store) -> RunsSeen:
    """Four quick indexed queries and one saved value."""
    done = [
        store.last_run(statuses=[RunStatus.DONE], mode=mode, dry_run=False)
        for mode in (RunMode.FULL, RunMode.INCREMENTAL)
    ]
    successes = [r for r in done if r is not None]
    last_success = max(successes, key=lambda r: r.id) if successes else None
    real = [s for s in RunStatus if s is not RunStatus.SKIPPED]
    latest = store.last_run(statuses=real, dry_run=False)
    return RunsSeen(last_success, latest, store.first_attempt(), store.switched_on_at())


def read_runs(data_dir: Path) -> RunsSeen:
    """`runs_seen` of the history in `data_dir`; no database yet means no run yet (nothing is created).

    A quick open (no whole-file check: monitoring calls this often); damage SQLite meets on the way is still one
    sentence, a StoreError (DatabaseDamaged), and marks the file for the next checked open to move aside. A newest run
    left 'running' is asked about at the run lock (only then: one open and one lock attempt)."""
    if not (Path(data_dir) / FILE_NAME).is_file():
        return RunsSeen(None, None)
    with Store.open(Path(data_dir), check=False) as store:
        seen = runs_seen(store)
    latest = seen.latest
    if latest is not None and latest.status is RunStatus.RUNNING and not _run_lock_held(Path(data_dir)):
        # Its process has ended (R20: the system let go of the lock with it): interrupted, as the window and the next
        # run mark it. Only said: the row is theirs to mark, holding the lock.
        said = Message.of("interrupted")
        latest = replace(latest, status=RunStatus.INTERRUPTED, message=said.english(), said=said)
        seen = replace(seen, latest=latest)
    return seen


def _run_lock_held(data_dir: Path) -> bool:
    """Whether a process holds the data directory's run lock (sync/lock.py), asked without waiting and without
    writing: no holder file, no lock file made where there is none (nobody holds it then), nothing left behind. The
    lock is taken for the moment of asking only when it is free. True when it cannot be told (a data directory this
    user may only read): the row's own word, "running", is then kept."""
    path = Path(data_dir) / LOCK_NAME
    if not path.exists():
        return False
    try:  # filelock 4: never unlink the run's lock file, never a soft lock's marker
        probe = FileLock(str(path), thread_local=False, fallback_to_soft=False, preserve_lock_file=True)
    except TypeError:  # filelock 3 (pyproject allows >=3.12) has neither option, and does neither on its own
        probe = FileLock(str(path), thread_local=False)
    try:
        probe.acquire(timeout=0)
    except (Timeout, OSError):
        return True
    probe.release(force=True)
    return False


def assess(
    runs: RunsSeen,
    *,
    sync_on: bool,
    off_reason: str | None,
    stale_after_hours: float,
    now: datetime | None = None,
    switch_on_grace: bool = False,
) -> Health:
    """The verdict and its one sentence.

    `switch_on_grace`: the window's alarm waits for the stale window after the sync was switched on. `health`
    (shared/CLI.md: exit 0 only after a success within the window, or when the sync is off) does not wait; its
    sentence then says the sync was switched on lately instead of counting the time it was off."""
    now = now or datetime.now(timezone.utc)
    success = runs.last_success
    last_success = None if success is None else (success.ended_at or success.started_at)
    latest = runs.latest
    last_status = None if latest is None else latest.status.value
    if not sync_on:
        reason = off_reason or translate("Health", "it is switched off")
        return Health(
            True,
            last_success,
            last_status,
            translate("Health", "Legal basis sync is off ({reason}), so there is nothing to watch.").format(
                reason=reason
            ),
            sync_off=True,
        )
    window = timedelta(hours=stale_after_hours)
    if last_success is not None and last_success - now > CLOCK_SLACK:
        message = translate(
            "Health",
            "The last successful sync is recorded as finished at {when}, later than the clock says it is now: the "
            "clock was set back since, so how long ago it was is not known",
        ).format(when=i18n.format_datetime(last_success))
        return Health(False, last_success, last_status, message + _latest_clause(latest, success))
    if last_success is not None and now - last_success <= window:  # first: switched off and on again meanwhile too
        return Health(
            True,
            last_success,
            last_status,
            translate("Health", "The last successful sync finished {ago} ({when}).").format(
                ago=_ago(now - last_success), when=i18n.format_datetime(last_success)
            ),
        )
    switched_on = runs.switched_on
    if switched_on is not None and switched_on - now <= CLOCK_SLACK:  # later than now: a clock set back, not trusted
        if last_success is None or switched_on > last_success:
            return _since_switched_on(switched_on, latest, success, last_success, now, window, switch_on_grace)
    if last_success is None:
        message = translate("Health", "No sync has finished successfully yet")
    else:
        message = translate("Health", "No sync has succeeded for {elapsed} (the last one finished {when})").format(
            elapsed=_duration(now - last_success), when=i18n.format_datetime(last_success)
        )
    message += _latest_clause(latest, success)
    return Health(False, last_success, last_status, message)


def _since_switched_on(
    switched_on: datetime,
    latest: RunRecord | None,
    success: RunRecord | None,
    last_success: datetime | None,
    now: datetime,
    window: timedelta,
    grace: bool,
) -> Health:
    """The sync was switched on after its last success: the stall counts from the switch-on, not through the time it
    was off (within the window: healthy with `grace`, else stale, said so). What the newest run did is said when it
    ran since."""
    last_status = None if latest is None else latest.status.value
    ran_since = latest is not None and latest.started_at >= switched_on
    clause = _latest_clause(latest, success) if ran_since else "."
    when = i18n.format_datetime(switched_on)
    if now - switched_on <= window:
        message = translate(
            "Health", "Legal basis sync was switched on {ago} ({when}); no sync has finished successfully since"
        ).format(ago=_ago(now - switched_on), when=when)
        return Health(grace, last_success, last_status, message + clause)
    message = translate(
        "Health", "No sync has succeeded in the {elapsed} since Legal basis sync was switched on ({when})"
    )
    return Health(
        False, last_success, last_status, message.format(elapsed=_duration(now - switched_on), when=when) + clause
    )


def _latest_clause(latest: RunRecord | None, success: RunRecord | None) -> str:
    """What the newest run did, when it was not the success itself; ends the sentence."""
    if latest is None or (success is not None and latest.id == success.id):
        return "."
    if latest.status is RunStatus.RUNNING:
        return translate("Health", "; a sync is running now.")
    ended = {
        RunStatus.DONE: translate("Health", "; the latest run finished"),
        RunStatus.FAILED: translate("Health", "; the latest run failed"),
        RunStatus.STOPPED: translate("Health", "; the latest run stopped early"),
        RunStatus.INTERRUPTED: translate("Health", "; the latest run was interrupted"),
    }.get(latest.status, "; " + latest.status.value)
    if latest.message:
        return f"{ended}: {message_text(latest.said, latest.message).rstrip('.')}."
    return ended + "."


def _ago(elapsed: timedelta) -> str:
    minutes = max(0, int(elapsed.total_seconds() // 60))
    if minutes < 1:
        return translate("Health", "less than a minute ago")
    return translate("Health", "{duration} ago").format(duration=_duration(elapsed))


def _duration(elapsed: timedelta) -> str:
    """The largest unit or two: "3 days 4 hours", "7 hours", "45 minutes"."""
    minutes = max(0, int(elapsed.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    day = plural(days, translate("Health", "{n} day"), translate("Health", "{n} days"))
    hour = plural(hours, translate("Health", "{n} hour"), translate("Health", "{n} hours"))
    minute = plural(minutes, translate("Health", "{n} minute"), translate("Health", "{n} minutes"))
    if days:
        return f"{day} {hour}" if hours else day
    if hours:
        return hour
    return minute


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


__all__ = ["EXIT_HEALTHY", "EXIT_STALE", "Health", "RunsSeen", "assess", "read_runs", "runs_seen"]
