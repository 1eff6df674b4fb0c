"""The Home tab's sentences: sync on or off, last run, next run, how far apart the systems are (R8), connections.

Qt-free so the wording is tested without widgets. Times are shown in local time, with a relative
hint ("5 minutes ago", "in 25 minutes") because that is what an admin glancing at the window wants.
Every sentence goes through `i18n.translate` (context "StatusText") when it is built, that is at
display time, so the window's language applies; without the window's backend it stays English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..config import CRM_NONE, CRM_ONLINE, CRM_ONSITE, AppConfig
from ..domain.messages import Message, message_text
from ..domain.model import RunMode, RunStatus, System, Trigger
from ..i18n import format_clock, format_datetime, to_local, translate
from ..i18n import plural as counted


def trigger_label(trigger: Trigger) -> str:
    return {
        Trigger.MANUAL: translate("StatusText", "Sync now"),
        Trigger.SCHEDULED: translate("StatusText", "Scheduled"),
        Trigger.SEND: translate("StatusText", "At a send"),
        Trigger.PREVIEW: translate("StatusText", "Preview"),
    }.get(trigger, trigger.value)


def status_label(status: RunStatus) -> str:
    return {
        RunStatus.RUNNING: translate("StatusText", "Running"),
        RunStatus.DONE: translate("StatusText", "Done"),
        RunStatus.STOPPED: translate("StatusText", "Stopped"),
        RunStatus.FAILED: translate("StatusText", "Failed"),
        RunStatus.INTERRUPTED: translate("StatusText", "Interrupted"),
        RunStatus.SKIPPED: translate("StatusText", "Skipped"),
        RunStatus.HELD: translate("StatusText", "Held for review"),
    }.get(status, status.value)


def mode_label(mode: RunMode) -> str:
    return {
        RunMode.FULL: translate("StatusText", "full read"),
        RunMode.INCREMENTAL: translate("StatusText", "incremental read"),
        RunMode.ONLY: translate("StatusText", "selected addresses"),
    }.get(mode, mode.value)


def off_reason(config: AppConfig) -> str | None:
    """Why the sync is off, as a clause in the user's language; None when it is on (R2, R7)."""
    if config.crm == CRM_NONE:
        return translate("StatusText", "the CRM is set to None")
    if not config.enabled:
        return translate("StatusText", 'the "Legal basis sync" box is not ticked')
    return None


def minutes(count: int) -> str:
    return counted(count, translate("StatusText", "{n} minute"), translate("StatusText", "{n} minutes"))


def hours(count: int) -> str:
    return counted(count, translate("StatusText", "{n} hour"), translate("StatusText", "{n} hours"))


def days(count: int) -> str:
    return counted(count, translate("StatusText", "{n} day"), translate("StatusText", "{n} days"))


def relative(when: datetime, now: datetime) -> str:
    """'just now', '5 minutes ago', 'in 25 minutes', '3 hours ago', '2 days ago'."""
    seconds = (when - now).total_seconds()
    future = seconds > 0
    span = abs(seconds)
    if span < 60:
        return translate("StatusText", "now") if future else translate("StatusText", "just now")
    if span < 3600:
        text = minutes(int(span // 60))
    elif span < 86400 * 2:
        hour_count, minute_count = divmod(int(span // 60), 60)
        text = hours(hour_count) + (f" {minutes(minute_count)}" if hour_count < 3 and minute_count else "")
    else:
        text = days(int(span // 86400))
    return (translate("StatusText", "in {span}") if future else translate("StatusText", "{span} ago")).format(span=text)


def local_time(when: datetime, now: datetime) -> str:
    """'today 14:05', 'yesterday 09:12', 'tomorrow 00:10' or '2026-05-28 14:03', in the machine's time zone
    and the user's locale."""
    day, today = to_local(when).date(), to_local(now).date()
    clock = format_clock(when)
    if day == today:
        return translate("StatusText", "today {time}").format(time=clock)
    if day == today - timedelta(days=1):
        return translate("StatusText", "yesterday {time}").format(time=clock)
    if day == today + timedelta(days=1):
        return translate("StatusText", "tomorrow {time}").format(time=clock)
    return format_datetime(when)


def when_text(when: datetime, now: datetime) -> str:
    return f"{local_time(when, now)} ({relative(when, now)})"


def crm_label(crm: str) -> str:
    return {CRM_ONLINE: "SuperOffice Online", CRM_ONSITE: translate("StatusText", "SuperOffice on-site")}.get(
        crm, translate("StatusText", "no CRM")
    )


def sync_state(config: AppConfig) -> tuple[str, str]:
    """(headline, detail) about whether the sync is on and why not (R2, R7)."""
    reason = off_reason(config)
    if reason is not None:
        return (
            translate("StatusText", "Legal basis sync is off"),
            translate(
                "StatusText",
                "It is off because {reason}. Switch it on under Settings: choose Online or On-site, "
                'tick "Legal basis sync" and press "Apply changes".',
            ).format(reason=reason),
        )
    return (
        translate("StatusText", "Legal basis sync is on"),
        translate(
            "StatusText", "{crm} and eMarketeer are synced every {interval} and whenever you press Sync now."
        ).format(crm=crm_label(config.crm), interval=minutes(config.interval_minutes)),
    )


def next_run_text(next_at: datetime | None, config: AppConfig, now: datetime, busy: bool) -> str:
    if not config.sync_on:
        return translate("StatusText", "None: the sync is off.")
    if next_at is None:
        return translate("StatusText", "Not scheduled yet.")
    if next_at <= now:
        return translate("StatusText", "Running now.") if busy else translate("StatusText", "Due now.")
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
    message: str | None  # in English, as recorded
    said: Message | None = None  # the same, typed: shown in the window's language

    @classmethod
    def from_record(cls, record) -> "RunFacts":
        return cls(
            record.id,
            record.started_at,
            record.trigger,
            record.status,
            record.dry_run,
            record.mode,
            record.matched,
            record.changes,
            record.conflicts,
            record.errors,
            record.message,
            record.said,
        )


def last_run_rows(
    run: RunFacts | None, now: datetime, *, message_shown_elsewhere: bool = False
) -> list[tuple[str, str]]:
    """(caption, text) rows for the "Last run" box; the message is left out when Home already shows it in red."""
    when_caption = translate("StatusText", "When")
    if run is None:
        return [(when_caption, translate("StatusText", "No sync has run yet."))]
    rows = [(when_caption, when_text(run.started_at, now) if run.started_at else translate("StatusText", "unknown"))]
    kind = trigger_label(run.trigger)
    if run.mode is not None:
        kind += f", {mode_label(run.mode)}"
    if run.dry_run:
        kind += translate("StatusText", ", nothing written")
    rows.append((translate("StatusText", "Trigger"), kind))
    rows.append((translate("StatusText", "Status"), status_label(run.status)))
    got_somewhere = run.status is RunStatus.DONE or run.matched or run.changes or run.errors
    if run.status is not RunStatus.SKIPPED and got_somewhere:  # a run stopped at the door has no result to show
        if run.dry_run:
            changes = counted(
                run.changes,
                translate("StatusText", "{n} change to write"),
                translate("StatusText", "{n} changes to write"),
            )
        else:
            changes = counted(
                run.changes,
                translate("StatusText", "{n} change written"),
                translate("StatusText", "{n} changes written"),
            )
        conflicts = counted(
            run.conflicts, translate("StatusText", "{n} conflict"), translate("StatusText", "{n} conflicts")
        )
        errors = counted(run.errors, translate("StatusText", "{n} error"), translate("StatusText", "{n} errors"))
        contacts = counted(
            run.matched, translate("StatusText", "{n} in both systems"), translate("StatusText", "{n} in both systems")
        )
        # Changes, conflicts and errors count legal bases (a contact has one per purpose); contacts get their own row.
        rows.append((translate("StatusText", "Result"), f"{changes}, {conflicts}, {errors}."))
        rows.append((translate("StatusText", "Contacts"), contacts))
    if run.message and not message_shown_elsewhere:
        rows.append((translate("StatusText", "Message"), message_text(run.said, run.message)))
    return rows


_STOPPED_TAIL = " The run stopped; what was done is recorded."  # the engine's ending of a stopped run's message


def problem_message(run: RunFacts) -> str:
    """The run's message as the problem line gives it, in the window's language: a stopped run's "The run stopped"
    ending is left out, as the line starts "The last sync stopped:" already."""
    said = run.said
    if said is not None:
        if run.status is RunStatus.STOPPED and said.key == "run_stopped":
            return message_text(said.arg("message"))
        return message_text(said)
    message = run.message or ""  # a run recorded before messages were typed: its English
    if run.status is RunStatus.STOPPED and message.endswith(_STOPPED_TAIL):
        message = message[: -len(_STOPPED_TAIL)].rstrip()
    return message_text(None, message)


def run_problem(run: RunFacts | None) -> str | None:
    """The reason a run failed, stopped or was skipped, as Home's red line; None for a good run."""
    if run is None or run.status in (RunStatus.DONE, RunStatus.RUNNING, RunStatus.HELD):
        return None  # a held run (R23) is Home's "A sync is waiting for you", not a problem line
    message = problem_message(run)
    reason = message or translate("StatusText", "no reason was recorded.")
    if run.dry_run:
        text = {
            RunStatus.STOPPED: translate("StatusText", "The last preview stopped: {reason}"),
            RunStatus.FAILED: translate("StatusText", "The last preview failed: {reason}"),
            RunStatus.INTERRUPTED: translate("StatusText", "The last preview was interrupted: {reason}"),
            RunStatus.SKIPPED: translate("StatusText", "The last preview was skipped: {reason}"),
        }.get(run.status)
    else:
        text = {
            RunStatus.STOPPED: translate("StatusText", "The last sync stopped: {reason}"),
            RunStatus.FAILED: translate("StatusText", "The last sync failed: {reason}"),
            RunStatus.INTERRUPTED: translate("StatusText", "The last sync was interrupted: {reason}"),
            RunStatus.SKIPPED: translate("StatusText", "The last sync was skipped: {reason}"),
        }.get(run.status)
    if text is None:
        text = f"{run.status.value}: {{reason}}"
    return text.format(reason=reason)


def disagreement(last_run: RunFacts | None, last_preview: RunFacts | None, now: datetime, held: int = 0) -> str | None:
    """R8: a notice when the systems are known not to be identical, or None. `held`: decisions R24 holds for a
    person; the systems differ there until someone answers."""
    parts: list[str] = []
    if held:
        parts.append(
            counted(
                held,
                translate("StatusText", "{n} legal basis is held for your review (R24)"),
                translate("StatusText", "{n} legal bases are held for your review (R24)"),
            )
        )
    if (
        last_preview is not None
        and last_preview.status is RunStatus.DONE
        and last_preview.changes
        and (last_run is None or (last_preview.started_at or now) >= (last_run.started_at or now))
    ):
        parts.append(
            counted(
                last_preview.changes,
                translate("StatusText", "the preview of {when} found {n} difference a sync would write"),
                translate("StatusText", "the preview of {when} found {n} differences a sync would write"),
            ).format(when=local_time(last_preview.started_at or now, now))
        )
    if last_run is not None and last_run.status is not RunStatus.SKIPPED and (last_run.conflicts or last_run.errors):
        found = []
        if last_run.conflicts:
            found.append(
                counted(
                    last_run.conflicts,
                    translate("StatusText", "{n} conflict"),
                    translate("StatusText", "{n} conflicts"),
                )
            )
        if last_run.errors:
            found.append(
                counted(
                    last_run.errors,
                    translate("StatusText", "{n} contact error"),
                    translate("StatusText", "{n} contact errors"),
                )
            )
        parts.append(
            translate("StatusText", "the last sync ({when}) had {found}").format(
                when=local_time(last_run.started_at or now, now), found=translate("StatusText", " and ").join(found)
            )
        )
    if not parts:
        return None
    return translate(
        "StatusText", "The two systems are not identical: {parts}. Open the conflicts to see them."
    ).format(parts="; ".join(parts))


def how_far_apart(
    last_run: RunFacts | None, last_preview: RunFacts | None, now: datetime, held: int = 0
) -> tuple[str, bool]:
    """R8, always said: (text, True when the systems are known to disagree); `held` as for `disagreement`."""
    notice = disagreement(last_run, last_preview, now, held)
    if notice is not None:
        return notice, True
    if last_run is None and last_preview is None:
        return (
            translate(
                "StatusText",
                "Not compared yet. Press Preview differences to see, contact by contact, how far apart "
                "the two systems are; nothing is written.",
            )
        ), False
    newest = max((r for r in (last_run, last_preview) if r is not None), key=lambda r: r.started_at or now)
    if newest.status is not RunStatus.DONE:
        return translate(
            "StatusText", "Not known: the last comparison did not finish. Run a preview or a sync to find out."
        ), False
    if newest.dry_run:
        text = translate(
            "StatusText",
            "In step at the last preview ({when}): no differences left, no conflicts, no contact "
            "errors. Changes made since then are picked up by the next run.",
        )
    else:
        text = translate(
            "StatusText",
            "In step at the last sync ({when}): no differences left, no conflicts, no contact "
            "errors. Changes made since then are picked up by the next run.",
        )
    return text.format(when=local_time(newest.started_at or now, now)), False


@dataclass(frozen=True, slots=True)
class ConnectionState:
    """What is known about reaching one system: ok True/False, or None for not known yet."""

    system: System
    ok: bool | None
    text: str
    at: datetime | None = None


def unknown_connection(system: System) -> ConnectionState:
    return ConnectionState(
        system, None, translate("StatusText", "Not tested yet: press Test connections, or run a sync.")
    )


def connection_from_run(
    system: System, run: RunFacts, fatal_system: System | None, fatal_text: str | None, now: datetime
) -> ConnectionState | None:
    """What a finished run says about one system; None when it says nothing."""
    if run.status is RunStatus.DONE:
        text = (
            translate("StatusText", "Reached by the run started {when}.").format(when=local_time(run.started_at, now))
            if run.started_at
            else translate("StatusText", "Reached by the run before.")
        )
        return ConnectionState(system, True, text, run.started_at)
    if fatal_system is system and fatal_text:
        return ConnectionState(system, False, message_text(fatal_text), run.started_at)
    return None


def tested_text(ok: bool, detail: str, now: datetime) -> str:
    """Home's short line after "Test connection"; the full sentence stays on the Settings tab."""
    when = local_time(now, now)
    if ok:
        return translate("StatusText", "Tested {when}: connected.").format(when=when)
    return translate("StatusText", "Tested {when}: {detail}").format(when=when, detail=message_text(detail))
