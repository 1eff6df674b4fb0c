"""The Send tab's logic without widgets: reading the form, the Checklist and a send's outcome in sentences.

Qt-free (like status_text.py), so the wording and the input checks are tested without a window.
The view (view.py) and its presenter (presenter.py) ask these functions. Every sentence
goes through `i18n.translate` (context "SendPresenter") when it is built, so the window's language
applies; without the window's backend it stays English.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ...domain.checklist import Channel, Checklist, Exclusion, RecipientFileError, parse_recipients, read_recipients_csv
from ...domain.messages import Message, error_text, message_text
from ...i18n import number, plural, translate
from ..status_text import local_time, relative

SOURCE_LIST, SOURCE_PASTED, SOURCE_FILE = "list", "pasted", "file"
# A send scheduled sooner than this would fall due before the person has read the confirmation.
MIN_LEAD = timedelta(minutes=1)
# The service refuses to launch an older Checklist (sending.service.CHECKLIST_MAX_AGE); the tab says so first.
CHECKLIST_MAX_AGE = timedelta(minutes=15)
DUE_SEND, DUE_CANCEL = "send", "cancel"  # the answers to the start-up question about due sends


class InputProblem(Exception):
    """The form cannot be used as it is; `user_message` is one sentence saying what to fix."""

    def __init__(self, user_message: str) -> None:
        self.user_message = user_message
        super().__init__(user_message)


@dataclass(frozen=True)
class SendDraft:
    """What the form asks for. A list's addresses are read from eMarketeer on the worker, so `recipients`
    is empty for a list until then."""

    channel: Channel
    component_id: int
    source_kind: str
    source: Message  # in words, for the Checklist and the history (stored: its English and itself)
    recipients: tuple[str, ...] = ()
    list_id: int | None = None

    def request(self, recipients: Sequence[str] | None = None):
        from ...sending import SendRequest  # the presenter stays cheap to import

        chosen = tuple(recipients) if recipients is not None else self.recipients
        return SendRequest(self.channel, self.component_id, chosen, self.source.english(), self.list_id, self.source)


def channel_words(channel: Channel) -> str:
    return translate("SendPresenter", "e-mail") if channel is Channel.EMAIL else translate("SendPresenter", "SMS")


def recipients_words(count: int) -> str:
    return plural(count, translate("SendPresenter", "{n} recipient"), translate("SendPresenter", "{n} recipients"))


def parse_component_id(text: str) -> int:
    value = (text or "").strip()
    if not value:
        raise InputProblem(
            translate("SendPresenter", "Enter the message's component id from eMarketeer (a whole number).")
        )
    if not value.isdigit() or int(value) <= 0:
        raise InputProblem(
            translate("SendPresenter", "The component id must be a whole number above 0, not “{value}”.").format(
                value=value
            )
        )
    return int(value)


def make_draft(
    channel: Channel, component_text: str, source_kind: str, *, list_choice=None, pasted: str = "", file_path: str = ""
) -> SendDraft:
    """The form as a draft, or InputProblem with one sentence. A CSV file is read here (a few ms for 5,000 lines)."""
    component_id = parse_component_id(component_text)
    if source_kind == SOURCE_LIST:
        if list_choice is None:
            raise InputProblem(
                translate("SendPresenter", "Choose an eMarketeer contact list, or paste addresses, or pick a CSV file.")
            )
        if getattr(list_choice, "size", None) == 0:
            raise InputProblem(
                translate("SendPresenter", "The eMarketeer list “{name}” is empty: there is nobody to send to.").format(
                    name=list_choice.name
                )
            )
        source = Message.of("source_list", name=list_choice.name, size=list_choice.size)
        return SendDraft(channel, component_id, SOURCE_LIST, source, (), int(list_choice.id))
    if source_kind == SOURCE_PASTED:
        recipients = tuple(parse_recipients(pasted))
        if not recipients:
            raise InputProblem(translate("SendPresenter", "Paste at least one e-mail address: the list is empty."))
        return SendDraft(channel, component_id, SOURCE_PASTED, Message.of("source_pasted"), recipients)
    if source_kind == SOURCE_FILE:
        if not file_path.strip():
            raise InputProblem(translate("SendPresenter", "Choose a CSV file with the recipients' addresses."))
        try:
            recipients = tuple(read_recipients_csv(file_path.strip()))
        except RecipientFileError as exc:
            raise InputProblem(error_text(exc)) from None  # typed: in the window's language
        name = Path(file_path.strip()).name
        if not recipients:
            raise InputProblem(
                translate("SendPresenter", "The file {name} holds no addresses: there is nobody to send to.").format(
                    name=name
                )
            )
        return SendDraft(channel, component_id, SOURCE_FILE, Message.of("source_file", file=name), recipients)
    raise InputProblem(translate("SendPresenter", "Choose where the recipients come from."))


def schedule_problem(at: datetime, now: datetime) -> str | None:
    """None when `at` is a time a send can be scheduled for."""
    if at.tzinfo is None:
        return translate("SendPresenter", "The time has no time zone.")
    if at < now + MIN_LEAD:
        return translate(
            "SendPresenter",
            "Choose a time at least a minute from now; to send at once, check the recipients and press Launch.",
        )
    return None


def schedule_question(draft: SendDraft, at: datetime, now: datetime) -> str:
    return translate(
        "SendPresenter",
        "Send the {what} (component {component}) to {source} {when}? At that time the recipients' "
        "legal basis is synced again and only those allowed then get it (R10).",
    ).format(
        what=channel_words(draft.channel),
        component=draft.component_id,
        source=recipients_phrase(
            draft.source, draft.source.english(), len(draft.recipients), draft.list_id is not None
        ),
        when=local_time(at, now),
    )


def recipients_phrase(said: Message | None, stored: str, count: int, is_list: bool) -> str:
    """Where a send's recipients come from, in the window's words, from the typed record of it (`said`: a list, a
    file, pasted). A send recorded before that was typed (schema 7) has only its English, `stored`: never parsed
    back, it is shown as it is (a list as "an eMarketeer list", the bare internal word "pasted" as pasted addresses)."""
    key = said.key if said is not None else None
    if key == "source_list" and said is not None:
        size = said.arg("size")
        return translate("SendPresenter", "the eMarketeer list “{name}” ({size})").format(
            name=said.arg("name"), size=number(size) if isinstance(size, int) else size
        )
    if is_list:
        return translate("SendPresenter", "an eMarketeer list")
    if key == "source_file" and said is not None:
        return plural(
            count,
            translate("SendPresenter", "{n} address from {file}"),
            translate("SendPresenter", "{n} addresses from {file}"),
        ).format(file=said.arg("file"))
    if key in ("source_pasted", "source_given") or (said is None and stored == "pasted"):
        return plural(
            count, translate("SendPresenter", "{n} pasted address"), translate("SendPresenter", "{n} pasted addresses")
        )
    return stored


# ------------------------------------------------------------------ the Checklist


@dataclass(frozen=True)
class ChecklistRow:
    """One recipient in the Checklist table."""

    address: str  # as entered
    email: str | None  # normalised (None: invalid), what the conflict view searches for
    allowed: bool
    result: str
    reason: str
    changes: str  # what the send-time sync changed, in words ("" when nothing)
    conflict: bool
    change_count: int = 0

    @property
    def notable(self) -> bool:
        """Shown by default: excluded, changed by the sync, or decided as a conflict."""
        return not self.allowed or bool(self.changes) or self.conflict

    @property
    def can_open(self) -> bool:
        """The conflict view holds rows for valid addresses only."""
        return self.email is not None


def exclusion_text(reason: Exclusion) -> str:
    """The reason in full, as the counts show it."""
    return {
        Exclusion.HELD_FOR_REVIEW: translate("SendPresenter", "Withdrawal waiting for review"),
        Exclusion.MARKETING_WITHDRAWN: translate("SendPresenter", "Marketing sendouts withdrawn"),
        Exclusion.NO_MARKETING_BASIS: translate("SendPresenter", "No legal basis for Marketing sendouts"),
        Exclusion.INVALID_ADDRESS: translate("SendPresenter", "Invalid e-mail address"),
        Exclusion.DUPLICATE_IN_LIST: translate("SendPresenter", "Duplicate address in the list"),
        Exclusion.UNKNOWN_IN_EMARKETEER: translate("SendPresenter", "Not an eMarketeer contact"),
        Exclusion.NOT_CHECKED: translate("SendPresenter", "Could not be checked by the sync"),
        Exclusion.RECENTLY_SENT: translate("SendPresenter", "Already got this message in the last 24 hours"),
    }.get(reason, reason.text)


def result_text(allowed: bool, reason: Exclusion | None) -> str:
    """Short enough for the table's Result column; the reason in full is in the Why column and the counts."""
    if allowed:
        return translate("SendPresenter", "Gets it")
    return {
        Exclusion.HELD_FOR_REVIEW: translate("SendPresenter", "Excluded: waiting for review"),
        Exclusion.MARKETING_WITHDRAWN: translate("SendPresenter", "Excluded: withdrawn"),
        Exclusion.NO_MARKETING_BASIS: translate("SendPresenter", "Excluded: no legal basis"),
        Exclusion.INVALID_ADDRESS: translate("SendPresenter", "Excluded: invalid address"),
        Exclusion.DUPLICATE_IN_LIST: translate("SendPresenter", "Excluded: duplicate"),
        Exclusion.UNKNOWN_IN_EMARKETEER: translate("SendPresenter", "Excluded: not in eMarketeer"),
        Exclusion.NOT_CHECKED: translate("SendPresenter", "Excluded: not checked"),
        Exclusion.RECENTLY_SENT: translate("SendPresenter", "Left out: sent recently"),
    }.get(reason, translate("SendPresenter", "Excluded"))  # type: ignore[arg-type]  # None: the default


def checklist_rows(checklist: Checklist) -> list[ChecklistRow]:
    return [
        ChecklistRow(
            line.given,
            line.email,
            line.allowed,
            result_text(line.allowed, line.exclusion),
            message_text(line.said, line.why),
            " ".join(message_text(c) for c in line.changes_said) if line.changes_said else " ".join(line.changes),
            line.conflict,
            len(line.changes),
        )
        for line in checklist.lines
    ]


def checklist_headline(checklist: Checklist) -> str:
    total = len(checklist.lines)
    allowed = len(checklist.allowed)
    what = channel_words(checklist.channel)
    if allowed == 0:
        return translate(
            "SendPresenter", "Nobody of the {recipients} may get this {what}: nothing can be launched."
        ).format(recipients=recipients_words(total), what=what)
    excluded = total - allowed
    if excluded:
        return translate("SendPresenter", "{allowed} of {recipients} may get this {what}; {excluded} excluded.").format(
            allowed=number(allowed), recipients=recipients_words(total), what=what, excluded=number(excluded)
        )
    return translate("SendPresenter", "{allowed} of {recipients} may get this {what}; nobody excluded.").format(
        allowed=number(allowed), recipients=recipients_words(total), what=what
    )


def exclusion_counts(checklist: Checklist) -> list[tuple[Exclusion, str, int]]:
    """(reason, in words, how many) for every reason with at least one recipient, in the order checked."""
    return [(reason, exclusion_text(reason), count) for reason, count in checklist.counts().items() if count]


def sync_notes(checklist: Checklist, when: datetime | None = None, now: datetime | None = None) -> str:
    """What the send-time sync did for these recipients, in one or two sentences."""
    changed = len(checklist.changed)
    conflicts = len(checklist.conflicts)
    at = f" {local_time(when, now)}" if when is not None and now is not None else ""
    if checklist.run_id is not None:
        text = translate("SendPresenter", "Sync run {run} checked these recipients in both systems{at}.").format(
            run=checklist.run_id, at=at
        )
    else:
        text = translate("SendPresenter", "A sync checked these recipients in both systems{at}.").format(at=at)
    if changed:
        text += " " + translate(
            "SendPresenter", "It changed the legal basis of {recipients} to bring both systems in step."
        ).format(recipients=recipients_words(changed))
    else:
        text += " " + translate("SendPresenter", "Both systems already agreed: it changed nothing.")
    if conflicts:
        text += " " + plural(
            conflicts,
            translate("SendPresenter", "{n} conflict was decided by the more restrictive value (R13)."),
            translate("SendPresenter", "{n} conflicts were decided by the more restrictive value (R13)."),
        )
    return text


def confirm_text(checklist: Checklist, again: Sequence = (), now: datetime | None = None) -> str:
    """`again`: EarlierSends whose recipients this Launch sends to a second time (the person ticked the box)."""
    allowed = len(checklist.allowed)
    excluded = len(checklist.lines) - allowed
    text = translate("SendPresenter", "Send the {what} (component {component}) to {recipients} now?").format(
        what=channel_words(checklist.channel), component=checklist.component_id, recipients=recipients_words(allowed)
    )
    if excluded:
        text += " " + plural(
            excluded,
            translate("SendPresenter", "The {n} excluded recipient will not get it."),
            translate("SendPresenter", "The {n} excluded recipients will not get it."),
        )
    for earlier in again:
        message = message_name(earlier.channel, earlier.component_id)
        if earlier.accepted:
            text += "\n\n" + translate(
                "SendPresenter", "A second time: {names} already got {message} {when} (send {send})."
            ).format(
                names=some_of(earlier.accepted, 10),
                message=message,
                when=local_time(earlier.at, now or earlier.at),
                send=earlier.send_id,
            )
        if earlier.unknown:
            text += "\n\n" + translate(
                "SendPresenter",
                "Perhaps a second time: {names} may have got {message} in send {send} (eMarketeer's answer was lost).",
            ).format(names=some_of(earlier.unknown, 10), message=message, send=earlier.send_id)
    separator = "\n\n" if again else " "
    return text + separator + translate("SendPresenter", "This cannot be undone.")


def stale_problem(checked_at: datetime | None, now: datetime, limit: timedelta = CHECKLIST_MAX_AGE) -> str | None:
    """A Checklist older than `limit` no longer says who may get a message (R4): check again first."""
    if checked_at is not None and now - checked_at > limit:
        return translate(
            "SendPresenter",
            "This Checklist was made {when}; press Check recipients again so that the legal bases "
            "are checked as they are now.",
        ).format(when=relative(checked_at, now))
    return None


def launch_note(checklist: Checklist) -> str:
    return translate("SendPresenter", "Launch sends the {what} to these {count} only.").format(
        what=channel_words(checklist.channel), count=number(len(checklist.allowed))
    )


# ------------------------------------------------------------------ outcomes


def outcome_headline(outcome) -> str:
    parts = [translate("SendPresenter", "{n} accepted by eMarketeer").format(n=number(len(outcome.accepted)))]
    if outcome.rejected:
        parts.append(translate("SendPresenter", "{n} rejected").format(n=number(len(outcome.rejected))))
    if outcome.not_sent:
        parts.append(translate("SendPresenter", "{n} not sent").format(n=number(len(outcome.not_sent))))
    if outcome.unknown:
        parts.append(translate("SendPresenter", "{n} with no answer").format(n=number(len(outcome.unknown))))
    text = translate("SendPresenter", "Sent: {parts}.").format(parts=", ".join(parts))
    if getattr(outcome, "message", None):
        text += " " + window_message(outcome.message, getattr(outcome, "said", None))
    return text


def outcome_details(outcome, limit: int = 50) -> list[str]:
    """Lines naming the recipients that did not plainly get it: rejected (with reason), not sent, unknown."""
    lines: list[str] = []
    for email, reason in outcome.rejected[:limit]:
        lines.append(translate("SendPresenter", "Rejected: {email}: {reason}").format(email=email, reason=reason))
    if len(outcome.rejected) > limit:
        lines.append(
            translate("SendPresenter", "… and {n} more rejected (all in the history).").format(
                n=number(len(outcome.rejected) - limit)
            )
        )
    if outcome.not_sent:
        lines.append(
            translate(
                "SendPresenter",
                "Not sent ({n}): {who}. They did not get it; press Send the rest to send it to "
                "them after a fresh check of their legal basis.",
            ).format(n=number(len(outcome.not_sent)), who=some_of(outcome.not_sent, 10))
        )
    if outcome.unknown:
        lines.append(unknown_text(outcome.unknown))
    return lines


def unknown_text(unknown: Sequence[str]) -> str:
    """Recipients whose batch's answer was lost: never resent automatically; how the person finds out."""
    return translate(
        "SendPresenter",
        "No answer for {n} ({who}): eMarketeer may or may not have sent it to them, so they are "
        "not sent again automatically. To find out, look these addresses up in "
        "eMarketeer (the message's sending report, or each contact's activity). To send "
        "to those who did not get it, check them as a new send and tick “Send to them "
        "again as well”.",
    ).format(n=number(len(unknown)), who=some_of(unknown, 10))


def window_message(message: str | None, said: Message | None = None) -> str:
    """A send's sentence without the command-line hint (the window has a "Send the rest" button instead) and
    without the counts the window says in its own words, in the window's language. A send recorded before messages
    were typed has only its English: shown as stored (never parsed back)."""
    if said is not None:
        if said.key in ("stop_partly", "stop_partly_resume"):
            said = Message.of("stop_only", stop=said.arg("stop"))
        elif said.key == "stop_nothing_sent_resume":
            said = Message.of("stop_nothing_sent", stop=said.arg("stop"))
        return message_text(said)
    return message_text(None, message)


def message_name(channel: Channel, component_id: int) -> str:
    """ "e-mail 1001", "SMS 2001": the message as a person names it."""
    return translate("SendPresenter", "{what} {component}").format(what=channel_words(channel), component=component_id)


# ------------------------------------------------------------------ the guard against a second send


def recent_overlap_text(earlier: Sequence, now: datetime) -> str:
    """ "12 of these recipients already got e-mail 1001 today 10:42 (send 7)." per earlier send, newest first."""
    parts = []
    for e in earlier:
        message = message_name(e.channel, e.component_id)
        if e.accepted:
            parts.append(
                translate(
                    "SendPresenter", "{n} of these recipients already got {message} {when} (send {send})."
                ).format(n=number(len(e.accepted)), message=message, when=local_time(e.at, now), send=e.send_id)
            )
        if e.unknown:
            parts.append(
                translate(
                    "SendPresenter", "{n} may have got {message} in send {send}: eMarketeer's answer was lost."
                ).format(n=number(len(e.unknown)), message=message, send=e.send_id)
            )
    return " ".join(parts)


def leave_out_note(count: int, included: bool) -> str:
    if included:
        return plural(
            count,
            translate("SendPresenter", "Launch sends it to this recipient a second time."),
            translate("SendPresenter", "Launch sends it to these {n} recipients a second time."),
        )
    return plural(
        count,
        translate("SendPresenter", "This recipient is left out of this send unless you tick the box."),
        translate("SendPresenter", "These {n} recipients are left out of this send unless you tick the box."),
    )


def apply_leave_out(checklist: Checklist, earlier: Sequence, now: datetime) -> Checklist:
    """The Checklist as Launch will send it: the recipients reached by an earlier send excluded (RECENTLY_SENT)."""
    why: dict[str, str] = {}
    for e in earlier:
        message = message_name(e.channel, e.component_id)
        for email in e.accepted:
            why.setdefault(
                email,
                translate(
                    "SendPresenter",
                    "Already got {message} {when} (send {send}); left out so that nobody gets it twice.",
                ).format(message=message, when=local_time(e.at, now), send=e.send_id),
            )
        for email in e.unknown:
            why.setdefault(
                email,
                translate(
                    "SendPresenter",
                    "May already have got {message} (send {send}: eMarketeer's "
                    "answer was lost); left out so that nobody gets it "
                    "twice.",
                ).format(message=message, send=e.send_id),
            )
    if not why:
        return checklist
    lines = tuple(
        dataclasses.replace(
            line, allowed=False, exclusion=Exclusion.RECENTLY_SENT, why=why[line.email], said=None
        )  # worded here, in the window's language
        if line.allowed and line.email in why
        else line
        for line in checklist.lines
    )
    return dataclasses.replace(checklist, lines=lines)


# ------------------------------------------------------------------ recent sends and "Send the rest"


def some_of(items: Sequence[str], limit: int) -> str:
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += " " + translate("SendPresenter", "and {n} more").format(n=number(len(items) - limit))
    return shown


# ------------------------------------------------------------------ scheduled sends
