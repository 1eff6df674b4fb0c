"""The headless `send` command: compose and launch with a Checklist, schedule, send what is due, list, cancel, resume.

`legalbasis-sync send --channel email|sms --component N (--to EMAIL... | --file CSV | --list ID)
[--at ISO] [--dry-run] [--yes] [--json]`, `send --due`, `send --list-scheduled`, `send --cancel ID`,
`send --resume ID`. Exit codes as shared/CLI.md: 0 finished, 1 stopped early (a sync running,
a service down, a send stopped halfway), 2 usage or configuration (bad input, sync off, no --yes).
People read stderr and the plain output; `--json` prints one object on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..connectors.superoffice_oauth import SignInPaused
from ..domain.checklist import Channel, Checklist, RecipientFileError, read_recipients_csv
from ..domain.messages import Message
from ..domain.model import format_time
from ..store import Store
from ..sync.pause import pause_in_force
from ..sync.stopping import StopEvent, stop_requests
from .due import ready_sends
from .service import (
    RECENT_WINDOW,
    PreparedSend,
    ScheduledSend,
    SendError,
    SendOutcome,
    SendRequest,
    SendService,
    SendStatus,
)

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials

EXIT_OK, EXIT_STOPPED, EXIT_USAGE = 0, 1, 2


def run_send_command(
    args: argparse.Namespace,
    config: AppConfig,
    credentials_factory: Callable[[Store], Credentials],
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    *,
    confirm: Callable[[str], bool] | None = None,
    interactive: bool | None = None,
) -> int:
    """Dispatch one `send` invocation. `credentials_factory` reads the secrets only when a command needs them (`--due`:
    only when a send is due), with the history open (SuperOffice Online's renewal honours and keeps a vendor's pause
    there: sync/credentials.py)."""
    actions = [
        name
        for name, on in (
            ("--due", args.due),
            ("--list-scheduled", args.list_scheduled),
            ("--cancel", args.cancel is not None),
            ("--resume", args.resume is not None),
        )
        if on
    ]
    composing = bool(args.to or args.file or args.list is not None or args.channel or args.component is not None)
    if len(actions) > 1 or (actions and composing):
        return _usage(
            err,
            f"{' and '.join(actions) if len(actions) > 1 else actions[0]} cannot be combined with "
            f"{'each other' if len(actions) > 1 else 'a new send'}",
        )
    if not actions and not composing:
        return _usage(
            err,
            "say what to send (--channel, --component and --to, --file or --list), or use --due, "
            "--list-scheduled, --cancel ID or --resume ID",
        )
    with Store.open(Path(config.data_dir)) as store:
        if store.recovered_from is not None:
            err.write(
                f"The history database was unreadable and was moved aside to {store.recovered_from}; "
                "a new one was started.\n"
            )
        if args.list_scheduled:
            return _list_scheduled(SendService(store, config.data_dir, None, None), args, out)
        if args.cancel is not None:
            SendService(store, config.data_dir, None, None).cancel(args.cancel)
            err.write(f"Send {args.cancel} was cancelled; nothing was sent.\n")
            return EXIT_OK
        reason = config.off_reason()
        if reason is not None:
            message = f"Legal basis sync is off ({reason}), so no Checklist can be made and nothing was sent."
            err.write(message + "\n")
            if args.json:  # shared/CLI.md: one JSON object for every outcome
                _json(out, {"send_id": None, "status": "off", "message": message})
            return EXIT_USAGE
        # `--due` is run by cron every few minutes: SuperOffice Online's sign-in (a request to its token endpoint, which
        # may rotate the refresh token or ask for a pause) is renewed only when a send goes now, after its sync. The
        # service without connectors only looks and says; it is never handed a send (`due=()`: no second look).
        waiting = SendService(store, config.data_dir, None, None) if args.due else None
        if waiting is not None and not waiting.due():
            return _send_due(waiting, args, out, err, due=())  # one falling due now goes with the next run
        try:
            secrets = credentials_factory(store)
        except SignInPaused:
            if waiting is None:
                raise
            # The token endpoint asked for a pause, kept by the renewal: the due sends wait for its end.
            return _send_due(waiting, args, out, err, asked=True, due=())
        service = SendService.from_config(config, secrets, store)
        # Ctrl+C, SIGTERM (systemd, timeout, shutdown), Windows' Ctrl+Break and console close while a send syncs or
        # posts: no new batch or sync write leaves, what is in flight is answered or recorded as unknown, and the
        # send and its run are recorded as stopped with the reason (issue 9 pt 3). Not while asking "Launch?".
        cancel = StopEvent()
        try:
            if args.due:
                with stop_requests(cancel):
                    return _send_due(service, args, out, err, cancel=cancel)
            if args.resume is not None:
                # The guard against one message twice, as the window's "Send the rest": whom a send of this message
                # reached in the last 24 hours is left out, unless --send-again says to include them.
                leave_out = (
                    () if getattr(args, "send_again", False) else service.earlier_sends(args.resume, not_sent=True)
                )
                with stop_requests(cancel):
                    outcome = service.resume(args.resume, cancel=cancel, leave_out=leave_out)
                return _report_outcome(outcome, None, args, out, err, stopped=cancel.is_set())
            return _compose(service, args, out, err, confirm=confirm, interactive=interactive, cancel=cancel)
        finally:
            service.close()


def _usage(err: TextIO, message: str) -> int:
    err.write(f"legalbasis-sync send: {message} (see legalbasis-sync send --help).\n")
    return EXIT_USAGE


# ---------------------------------------------------------------------- compose


def _compose(
    service: SendService,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    *,
    confirm: Callable[[str], bool] | None,
    interactive: bool | None,
    cancel: StopEvent,
) -> int:
    sources = [
        name
        for name, on in (("--to", bool(args.to)), ("--file", bool(args.file)), ("--list", args.list is not None))
        if on
    ]
    if args.channel is None or args.component is None:
        return _usage(err, "a new send needs --channel and --component")
    if len(sources) != 1:
        return _usage(
            err,
            "give the recipients with exactly one of --to, --file or --list"
            + (f", not {' and '.join(sources)}" if sources else ""),
        )
    channel = Channel(args.channel)
    at = _parse_at(args.at) if args.at else None
    request = _request(service, channel, args)
    if at is not None and not args.dry_run:
        send_id = service.schedule(request, at)
        if args.json:
            _json(
                out,
                {
                    "send_id": send_id,
                    "status": SendStatus.SCHEDULED.value,
                    "scheduled_at": format_time(at),
                    "channel": channel.value,
                    "component": request.component_id,
                    "source": request.source,
                    "recipients": len(request.recipients) if request.list_id is None else None,
                },
            )
        else:
            out.write(
                f"Send {send_id} scheduled for {_local(at)} ({format_time(at)}): {channel.label} component "
                f"{request.component_id} to {_source(request.source)}. Its recipients are synced and checked again "
                "when it goes out (R10); 'legalbasis-sync send --due' sends it then.\n"
            )
        return EXIT_OK
    if args.dry_run:
        with stop_requests(cancel):
            checklist, summary = service.preview(request, cancel=cancel)
        if args.json:
            _json(
                out,
                {"send_id": None, "dry_run": True, "run_id": summary.run_id, "checklist": _checklist_json(checklist)},
            )
        else:
            _print_checklist(out, None, request, checklist)
            out.write(
                "Dry run: the sync wrote nothing and nothing was sent"
                + (f"; at {_local(at)} the recipients are checked again" if at is not None else "")
                + ".\n"
            )
        return EXIT_OK
    with stop_requests(cancel):
        prepared = service.prepare(request, cancel=cancel)
    if not args.json:
        _print_checklist(out, prepared.send_id, request, prepared.checklist)
    # The window's guard against one message twice: whom a send of this message reached (or may have reached) in
    # the last 24 hours is left out, unless --send-again says to include them.
    earlier = service.recently_sent(
        channel, request.component_id, prepared.checklist.allowed, exclude_send_id=prepared.send_id
    )
    again = {e for send in earlier for e in send.emails}
    leave_out = () if getattr(args, "send_again", False) else earlier
    if again:
        latest = earlier[0]
        said = (
            f"{len(again)} of these recipients already got {channel.label} component {request.component_id} "
            f"in the last {int(RECENT_WINDOW.total_seconds() // 3600)} hours (latest: send {latest.send_id} at "
            f"{_local(latest.at)})"
        )
        err.write(
            said
            + (
                ": they get it again (--send-again).\n"
                if not leave_out
                else ": they are left out; add --send-again to send to them as well.\n"
            )
        )
    allowed = len(prepared.checklist.allowed) - (len(again) if leave_out else 0)
    if not args.yes:
        tty = _interactive() if interactive is None else interactive
        asked = confirm or _ask
        question = f"Launch send {prepared.send_id} to {allowed} recipient{'s' if allowed != 1 else ''}? [y/N] "
        if not tty or allowed == 0 or not asked(question):
            service.cancel(prepared.send_id)
            why = (
                "not launched: this is not an interactive terminal; add --yes to send without asking"
                if not tty
                else "not launched: nobody on the list may receive it"
                if allowed == 0
                else "not launched"
            )
            err.write(f"Send {prepared.send_id} was {why}. Nothing was sent.\n")
            if args.json:
                _json(out, _outcome_json(service.outcome(prepared.send_id), prepared))
            return EXIT_USAGE if not tty else EXIT_OK
    with stop_requests(cancel):
        outcome = service.launch(prepared, leave_out=leave_out, cancel=cancel)
    return _report_outcome(outcome, prepared, args, out, err, stopped=cancel.is_set())


def _request(service: SendService, channel: Channel, args: argparse.Namespace) -> SendRequest:
    if args.to:
        given = Message.of("source_given")
        return SendRequest(channel, args.component, tuple(args.to), given.english(), None, given)
    if args.file:
        try:
            from_file = read_recipients_csv(args.file)
        except RecipientFileError as exc:
            raise SendError(exc.user_message, exit_code=EXIT_USAGE) from None
        source = Message.of("source_file", file=Path(args.file).name)
        return SendRequest(channel, args.component, tuple(from_file), source.english(), None, source)
    list_id = args.list
    name = next((lst.name for lst in service.contact_lists() if lst.id == list_id), None)
    if name is None:
        raise SendError(f"eMarketeer has no contact list {list_id}.", exit_code=EXIT_USAGE)
    recipients = tuple(service.list_recipients(list_id))
    source = Message.of("source_list", name=name, size=len(recipients))
    return SendRequest(channel, args.component, recipients, source.english(), list_id, source)


def _parse_at(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SendError(
            f"--at must be a date and time like 2026-06-01T09:00 or 2026-06-01T09:00+02:00, not {text!r}.",
            exit_code=EXIT_USAGE,
        ) from None
    if value.tzinfo is None:
        value = value.astimezone()  # the machine's local time, as a person typing a time means it
    return value.astimezone(timezone.utc)


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(question: str) -> bool:
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "j", "ja")


# ---------------------------------------------------------------------- due, scheduled


def _send_due(
    service: SendService,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    *,
    cancel: StopEvent | None = None,
    asked: bool = False,
    due: Sequence[ScheduledSend] | None = None,
) -> int:
    """`send --due`; `asked`: the renewal of SuperOffice's sign-in just met a pause, now kept in the history; `due`:
    the sends found due already (none: looked for here)."""
    due = service.due() if due is None else list(due)
    if not due:
        waiting = _paused_due(service, asked)
        if waiting is not None:
            text = waiting.english()
            err.write(text + "\n")
            if args.json:
                _json(out, {"sends": [], "message": text})
            return EXIT_STOPPED
    results: list[dict[str, Any]] = []
    code = EXIT_OK
    if not due and not args.json:
        out.write("No scheduled send is due.\n")
    for send in due:
        if cancel is not None and cancel.is_set():
            break  # stopped: the sends not started stay due for the next run
        try:
            outcome = service.send_due(send.send_id, cancel=cancel)
        except SendError as exc:
            code = max(code, EXIT_STOPPED)
            err.write(f"Send {send.send_id} ({_local(send.scheduled_at)}): {exc.user_message}\n")
            results.append(
                {"send_id": send.send_id, "status": _status_of(service, send.send_id), "message": exc.user_message}
            )
            if "A sync is running" in exc.user_message:
                break  # the others would find the lock taken too
            continue
        if outcome.status is not SendStatus.SENT or (cancel is not None and cancel.is_set()):
            code = max(code, EXIT_STOPPED)  # a stop during the last batch too (issue 9 pt 3)
        results.append(_outcome_json(outcome, None))
        if not args.json:
            out.write(
                f"Send {send.send_id} (due {_local(send.scheduled_at)}, {_source(send.source)}): {_outcome_sentence(outcome)}\n"
            )
            _print_lines(out, service, send.send_id)
    if args.json:
        _json(out, {"sends": results})
    return code


def _paused_due(service: SendService, asked: bool) -> Message | None:
    """While a vendor's pause is in force nothing goes (SendService.due) and no attempt is counted: what `send --due`
    says then, when sends are due (or the pause was just asked for); None otherwise ("No scheduled send is due").
    The token endpoint is asked only with a send due, so a pause it just asked for finds that send waiting; none is
    waiting only when a person cancelled or held it meanwhile (the window, another `send --cancel`)."""
    now = service.clock()
    pause = pause_in_force(service.store, now)
    if pause is None:
        return None
    waiting = ready_sends(service.scheduled(), now)
    if not waiting and not asked:
        return None
    kind = "due_paused" if waiting else "due_paused_none_due"
    return Message.of(kind, system=pause.system, time=pause.shown_time(now), n=len(waiting))


def _status_of(service: SendService, send_id: int) -> str | None:
    record = service.store.get_send(send_id)
    return None if record is None else record.status.value


def _list_scheduled(service: SendService, args: argparse.Namespace, out: TextIO) -> int:
    sends = service.scheduled()
    if args.json:
        _json(out, {"scheduled": [_scheduled_json(s) for s in sends]})
        return EXIT_OK
    if not sends:
        out.write("No scheduled sends.\n")
    for s in sends:
        n = len(s.recipients)
        who = f"list {s.list_id}" if s.list_id is not None else f"{n} address" + ("" if n == 1 else "es")
        out.write(
            f"#{s.send_id} {_local(s.scheduled_at)} ({format_time(s.scheduled_at)}) {s.channel.label} "
            f"component {s.component_id} to {_source(s.source)} ({who})"
            + (f" — {s.message}" if s.message else "")
            + "\n"
        )
    return EXIT_OK


# ---------------------------------------------------------------------- output


def _report_outcome(
    outcome: SendOutcome,
    prepared: PreparedSend | None,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    *,
    stopped: bool = False,
) -> int:
    """Print the outcome; exit 0 only for a send that went whole and was not stopped (a stop that came while the
    last batch was on its way still ends in 1: the process was asked to stop, issue 9 pt 3)."""
    if args.json:
        _json(out, _outcome_json(outcome, prepared))
    else:
        out.write(f"Send {outcome.send_id}: {_outcome_sentence(outcome)}\n")
        for email, reason in outcome.rejected:
            out.write(f"  rejected  {email}: {reason}\n")
        for email in outcome.unknown:
            out.write(f"  unknown   {email}\n")
    if outcome.message:
        err.write(outcome.message + "\n")
    return EXIT_OK if outcome.status is SendStatus.SENT and not stopped else EXIT_STOPPED


def _source(stored: str) -> str:
    """A send's recipients in words. Sends the window scheduled before schema 7 stored the bare internal word
    "pasted" (issue 13 pt 5: it never reaches a person as such)."""
    return Message.of("source_pasted").english() if stored == "pasted" else stored


def _outcome_sentence(outcome: SendOutcome) -> str:
    text = f"{outcome.status.label}; accepted {len(outcome.accepted)}, rejected {len(outcome.rejected)}"
    if outcome.unknown:
        text += f", unknown {len(outcome.unknown)} (not resent)"
    if outcome.not_sent:
        text += f", not sent {len(outcome.not_sent)}"
    return text + "."


def _print_checklist(out: TextIO, send_id: int | None, request: SendRequest, checklist: Checklist) -> None:
    head = f"Send {send_id}" if send_id is not None else "Checklist"
    run = f" after sync run {checklist.run_id}" if checklist.run_id is not None else ""
    out.write(
        f"{head} ({request.channel.label}, component {request.component_id}, {_source(request.source)}){run}: "
        f"{checklist.summary_text()}\n"
    )
    for line in checklist.lines:
        if line.exclusion is not None:
            out.write(f"  excluded  {line.given}: {line.exclusion.text}. {line.why}\n")
    for line in checklist.changed:
        for change in line.changes:
            out.write(f"  changed   {line.email}: {change}\n")
    for line in checklist.conflicts:
        out.write(f"  conflict  {line.email}: the sync decided a conflict (R13); please review it in the window.\n")


def _print_lines(out: TextIO, service: SendService, send_id: int) -> None:
    for r in service.store.send_recipients(send_id):
        if r.exclusion is not None:
            out.write(f"  excluded  {r.given}: {r.exclusion.text}. {r.why}\n")
        elif r.result is not None and r.result.value != "accepted":
            out.write(f"  {r.result.value:<9} {r.email}" + (f": {r.reason}" if r.reason else "") + "\n")


def _checklist_json(checklist: Checklist) -> dict[str, Any]:
    return {
        "run_id": checklist.run_id,
        "made_at": format_time(checklist.made_at),
        "recipients": len(checklist.lines),
        "allowed": len(checklist.allowed),
        "excluded": {e.value: n for e, n in checklist.counts().items() if n},
        "lines": [
            {
                "given": line.given,
                "email": line.email,
                "allowed": line.allowed,
                "exclusion": line.exclusion.value if line.exclusion else None,
                "why": line.why,
                "changes": list(line.changes),
                "conflict": line.conflict,
            }
            for line in checklist.lines
        ],
    }


def _outcome_json(outcome: SendOutcome, prepared: PreparedSend | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "send_id": outcome.send_id,
        "run_id": outcome.run_id,
        "status": outcome.status.value,
        "accepted": list(outcome.accepted),
        "rejected": [{"email": e, "reason": r} for e, r in outcome.rejected],
        "not_sent": list(outcome.not_sent),
        "unknown": list(outcome.unknown),
        "message": outcome.message,
    }
    if prepared is not None:
        result["checklist"] = _checklist_json(prepared.checklist)
    return result


def _scheduled_json(s: ScheduledSend) -> dict[str, Any]:
    return {
        "send_id": s.send_id,
        "scheduled_at": format_time(s.scheduled_at),
        "channel": s.channel.value,
        "component": s.component_id,
        "source": s.source,
        "list_id": s.list_id,
        "recipients": len(s.recipients),
        "message": s.message,
        "attempts": s.attempts,
        "held": s.held,
    }


def _json(out: TextIO, payload: dict[str, Any]) -> None:
    json.dump(payload, out, ensure_ascii=False)
    out.write("\n")


def _local(value: datetime | None) -> str:
    return "never" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
