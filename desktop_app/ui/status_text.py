"""The Home tab's sentences: sync on or off, last run, next run, how far apart the systems are (R8), connections.

Qt-free so the wording is tested without widgets. Times are shown in local time, with a relative
hint ("5 minutes ago", "in 25 minutes") because that is what an admin glancing at the window wants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..config import CRM_ONLINE, CRM_ONSITE, AppConfig
from ..domain.model import RunMode, RunStatus, System, Trigger

TRIGGER_LABELS = {
    Trigger.MANUAL: "Sync now",
    Trigger.SCHEDULED: "Scheduled",
    Trigger.SEND: "At a send",
    Trigger.PREVIEW: "Preview",
}
STATUS_LABELS = {
    RunStatus.RUNNING: "Running",
    RunStatus.DONE: "Done",
    RunStatus.STOPPED: "Stopped",
    RunStatus.FAILED: "Failed",
    RunStatus.INTERRUPTED: "Interrupted",
    RunStatus.SKIPPED: "Skipped",
}
MODE_LABELS = {RunMode.FULL: "full read", RunMode.INCREMENTAL: "incremental read", RunMode.ONLY: "selected addresses"}


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def relative(when: datetime, now: datetime) -> str:
    """'just now', '5 minutes ago', 'in 25 minutes', '3 hours ago', '2 days ago'."""
    seconds = (when - now).total_seconds()
    future = seconds > 0
    span = abs(seconds)
    if span < 60:
        return "now" if future else "just now"
    if span < 3600:
        text = plural(int(span // 60), "minute")
    elif span < 86400 * 2:
        hours, minutes = divmod(int(span // 60), 60)
        text = plural(hours, "hour") + (f" {plural(minutes, 'minute')}" if hours < 3 and minutes else "")
    else:
        text = plural(int(span // 86400), "day")
    return f"in {text}" if future else f"{text} ago"


def local_time(when: datetime, now: datetime) -> str:
    """'today 14:05', 'yesterday 09:12', 'tomorrow 00:10' or '2026-05-28 14:03', in the machine's time zone."""
    local, today = when.astimezone(), now.astimezone().date()
    day = local.date()
    clock = local.strftime("%H:%M")
    if day == today:
        return f"today {clock}"
    if day == today - timedelta(days=1):
        return f"yesterday {clock}"
    if day == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return local.strftime("%Y-%m-%d %H:%M")


def when_text(when: datetime, now: datetime) -> str:
    return f"{local_time(when, now)} ({relative(when, now)})"


def crm_label(crm: str) -> str:
    return {CRM_ONLINE: "SuperOffice Online", CRM_ONSITE: "SuperOffice on-site"}.get(crm, "no CRM")


def sync_state(config: AppConfig) -> tuple[str, str]:
    """(headline, detail) about whether the sync is on and why not (R2, R7)."""
    reason = config.off_reason()
    if reason is not None:
        return ("Legal basis sync is off",
                f"It is off because {reason}. Switch it on under Settings: choose Online or On-site, tick "
                "\"Legal basis sync\" and press \"Apply changes\".")
    return ("Legal basis sync is on",
            f"{crm_label(config.crm)} and eMarketeer are synced every {plural(config.interval_minutes, 'minute')} "
            "and whenever you press Sync now.")


def next_run_text(next_at: datetime | None, config: AppConfig, now: datetime, busy: bool) -> str:
    if not config.sync_on:
        return "None: the sync is off."
    if next_at is None:
        return "Not scheduled yet."
    if next_at <= now:
        return "Running now." if busy else "Due now."
    return when_text(next_at, now)


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What Home shows about one run, from the history row (or a fresh RunSummary)."""

    run_id: int | None
    started_at: datetime | None
    trigger: Trigger
    status: RunStatus
    dry_run: bool
    mode: RunMode | None
    matched: int
    changes: int
    conflicts: int
    errors: int
    message: str | None

    @classmethod
    def from_record(cls, record) -> "RunFacts":
        return cls(record.id, record.started_at, record.trigger, record.status, record.dry_run, record.mode,
                   record.matched, record.changes, record.conflicts, record.errors, record.message)


def last_run_rows(run: RunFacts | None, now: datetime, *, message_shown_elsewhere: bool = False
                  ) -> list[tuple[str, str]]:
    """(caption, text) rows for the "Last run" box; the message is left out when Home already shows it in red."""
    if run is None:
        return [("When", "No sync has run yet.")]
    rows = [("When", when_text(run.started_at, now) if run.started_at else "unknown")]
    kind = TRIGGER_LABELS.get(run.trigger, run.trigger.value)
    if run.mode is not None:
        kind += f", {MODE_LABELS.get(run.mode, run.mode.value)}"
    if run.dry_run:
        kind += ", nothing written"
    rows.append(("Trigger", kind))
    rows.append(("Status", STATUS_LABELS.get(run.status, run.status.value)))
    got_somewhere = run.status is RunStatus.DONE or run.matched or run.changes or run.errors
    if run.status is not RunStatus.SKIPPED and got_somewhere:  # a run stopped at the door has no result to show
        verb = "to write" if run.dry_run else "written"
        rows.append(("Result", f"{plural(run.changes, 'change')} {verb}, {plural(run.conflicts, 'conflict')}, "
                               f"{plural(run.errors, 'error')}; {plural(run.matched, 'contact')} in both systems."))
    if run.message and not message_shown_elsewhere:
        rows.append(("Message", run.message))
    return rows


def run_problem(run: RunFacts | None) -> str | None:
    """The reason a run failed, stopped or was skipped, as Home's red line; None for a good run."""
    if run is None or run.status in (RunStatus.DONE, RunStatus.RUNNING):
        return None
    label = {RunStatus.STOPPED: "stopped", RunStatus.FAILED: "failed", RunStatus.INTERRUPTED: "was interrupted",
             RunStatus.SKIPPED: "was skipped"}.get(run.status, run.status.value)
    what = "The last preview" if run.dry_run else "The last sync"
    return f"{what} {label}: {run.message or 'no reason was recorded.'}"


def disagreement(last_run: RunFacts | None, last_preview: RunFacts | None, now: datetime) -> str | None:
    """R8: a notice when the systems are known not to be identical, or None."""
    parts: list[str] = []
    if last_preview is not None and last_preview.status is RunStatus.DONE and last_preview.changes and (
            last_run is None or (last_preview.started_at or now) >= (last_run.started_at or now)):
        parts.append(f"the preview of {local_time(last_preview.started_at, now)} found "
                     f"{plural(last_preview.changes, 'difference')} a sync would write")
    if last_run is not None and last_run.status is not RunStatus.SKIPPED and (last_run.conflicts or last_run.errors):
        found = []
        if last_run.conflicts:
            found.append(plural(last_run.conflicts, "conflict"))
        if last_run.errors:
            found.append(plural(last_run.errors, "contact error"))
        parts.append(f"the last sync ({local_time(last_run.started_at, now)}) had {' and '.join(found)}")
    if not parts:
        return None
    return "The two systems are not identical: " + "; ".join(parts) + ". Open the conflicts to see them."


def how_far_apart(last_run: RunFacts | None, last_preview: RunFacts | None, now: datetime) -> tuple[str, bool]:
    """R8, always said: (text, True when the systems are known to disagree)."""
    notice = disagreement(last_run, last_preview, now)
    if notice is not None:
        return notice, True
    if last_run is None and last_preview is None:
        return ("Not compared yet. Press Preview differences to see, contact by contact, how far apart the two "
                "systems are; nothing is written."), False
    newest = max((r for r in (last_run, last_preview) if r is not None),
                 key=lambda r: r.started_at or now)
    if newest.status is not RunStatus.DONE:
        return ("Not known: the last comparison did not finish. Run a preview or a sync to find out."), False
    what = "preview" if newest.dry_run else "sync"
    return (f"In step at the last {what} ({local_time(newest.started_at, now)}): no differences left, no conflicts, "
            "no contact errors. Changes made since then are picked up by the next run."), False


@dataclass(frozen=True, slots=True)
class ConnectionState:
    """What is known about reaching one system: ok True/False, or None for not known yet."""

    system: System
    ok: bool | None
    text: str
    at: datetime | None = None


def unknown_connection(system: System) -> ConnectionState:
    return ConnectionState(system, None, "Not tested yet: press Test connections, or run a sync.")


def connection_from_run(system: System, run: RunFacts, fatal_system: System | None, fatal_text: str | None,
                        now: datetime) -> ConnectionState | None:
    """What a finished run says about one system; None when it says nothing."""
    when = f"started {local_time(run.started_at, now)}" if run.started_at else "before"
    if run.status is RunStatus.DONE:
        return ConnectionState(system, True, f"Reached by the run {when}.", run.started_at)
    if fatal_system is system and fatal_text:
        return ConnectionState(system, False, fatal_text, run.started_at)
    return None

