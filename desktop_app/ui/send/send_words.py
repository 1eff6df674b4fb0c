"""The Send tab's lists of sends in sentences: recent sends, resuming one that stopped half way, scheduled and due sends.

Qt-free like wording.py (the form, the Checklist and an outcome), which it builds on; every sentence goes through
`i18n.translate` (context "SendPresenter") when it is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ...domain.checklist import Channel
from ...i18n import number, plural, translate
from ..status_text import local_time
from .wording import (
    channel_words,
    message_name,
    outcome_headline,
    recipients_phrase,
    some_of,
    unknown_text,
    window_message,
)


def send_state_words(summary) -> str:
    from ...domain.checklist import SendStatus

    return {
        SendStatus.SENT: translate("SendPresenter", "Sent"),
        SendStatus.PARTLY_SENT: translate("SendPresenter", "Partly sent"),
        SendStatus.FAILED: translate("SendPresenter", "Not sent"),
    }.get(summary.status, summary.status.label)


def recent_send_row(summary, now: datetime) -> tuple[str, str, str]:
    """(when, message, result) for the Recent sends list."""
    when = local_time(summary.sent_at or summary.created_at, now)
    message = translate("SendPresenter", "{message} (send {send})").format(
        message=message_name(summary.channel, summary.component_id), send=summary.send_id
    )
    parts = [translate("SendPresenter", "{n} accepted").format(n=number(summary.accepted))]
    if summary.rejected:
        parts.append(translate("SendPresenter", "{n} rejected").format(n=number(summary.rejected)))
    if summary.unknown:
        parts.append(translate("SendPresenter", "{n} with no answer").format(n=number(summary.unknown)))
    if summary.not_sent:
        parts.append(translate("SendPresenter", "{n} not sent").format(n=number(summary.not_sent)))
    return when, message, f"{send_state_words(summary)}: {', '.join(parts)}"


def resume_question(summary) -> str:
    text = plural(
        summary.not_sent,
        translate(
            "SendPresenter",
            "Send the rest of send {send} ({message})? Its {n} recipient that was not sent is "
            "checked again in both systems first (R4), and gets it only if still allowed.",
        ),
        translate(
            "SendPresenter",
            "Send the rest of send {send} ({message})? Its {n} recipients that were not sent "
            "are checked again in both systems first (R4), and only those still allowed "
            "get it.",
        ),
    ).format(send=summary.send_id, message=message_name(summary.channel, summary.component_id))
    text += " " + translate(
        "SendPresenter", "Those who got it already, or may have (no answer from eMarketeer), are not sent it again."
    )
    return text


def resume_outcome(before, after, left_out: Sequence = ()) -> tuple[str, list[str], bool]:
    """(headline, details, ok) for what "Send the rest" did: this round's counts, then the whole send's."""
    done_before = set(before.accepted) | {e for e, _ in before.rejected} | set(before.unknown)
    accepted = [e for e in after.accepted if e not in done_before]
    rejected = [(e, why) for e, why in after.rejected if e not in done_before]
    unknown = [e for e in after.unknown if e not in done_before]
    skipped = {e for x in left_out for e in x.emails}
    went = set(accepted) | {e for e, _ in rejected} | set(unknown) | set(after.not_sent)
    excluded = [e for e in before.not_sent if e not in went and e not in skipped]
    left = [e for e in before.not_sent if e in skipped and e not in went]
    parts = [translate("SendPresenter", "{n} accepted by eMarketeer").format(n=number(len(accepted)))]
    if rejected:
        parts.append(translate("SendPresenter", "{n} rejected").format(n=number(len(rejected))))
    if excluded:
        parts.append(translate("SendPresenter", "{n} excluded when checked again").format(n=number(len(excluded))))
    if left:
        parts.append(translate("SendPresenter", "{n} left out: already got it").format(n=number(len(left))))
    if unknown:
        parts.append(translate("SendPresenter", "{n} with no answer").format(n=number(len(unknown))))
    if after.not_sent:
        parts.append(translate("SendPresenter", "{n} still not sent").format(n=number(len(after.not_sent))))
    headline = translate("SendPresenter", "The rest of send {send}: {parts}.").format(
        send=after.send_id, parts=", ".join(parts)
    )
    if after.not_sent and after.message:
        headline += " " + window_message(after.message, getattr(after, "said", None))
    details = [
        translate(
            "SendPresenter",
            "Over the whole send: {accepted} accepted, {rejected} rejected, {unknown} with no "
            "answer, {not_sent} not sent.",
        ).format(
            accepted=number(len(after.accepted)),
            rejected=number(len(after.rejected)),
            unknown=number(len(after.unknown)),
            not_sent=number(len(after.not_sent)),
        )
    ]
    for email, reason in rejected[:50]:
        details.append(translate("SendPresenter", "Rejected: {email}: {reason}").format(email=email, reason=reason))
    if excluded:
        details.append(
            translate(
                "SendPresenter",
                "Excluded when checked again ({n}): {who}. Their legal basis no longer allows it (see the history).",
            ).format(n=number(len(excluded)), who=some_of(excluded, 10))
        )
    if left:
        details.append(
            translate(
                "SendPresenter", "Left out ({n}): {who}. Another send of this message reached them meanwhile."
            ).format(n=number(len(left)), who=some_of(left, 10))
        )
    if after.not_sent:
        details.append(
            translate("SendPresenter", "Still not sent ({n}): {who}. Press Send the rest again later.").format(
                n=number(len(after.not_sent)), who=some_of(after.not_sent, 10)
            )
        )
    if after.unknown:
        details.append(unknown_text(after.unknown))
    ok = not after.not_sent and not rejected and not unknown
    return headline, details, ok


def message_words(send) -> str:
    return translate("SendPresenter", "{what} {component}").format(
        what=channel_words(send.channel).capitalize() if send.channel is Channel.EMAIL else channel_words(send.channel),
        component=send.component_id,
    )


def send_recipients_words(send) -> str:
    """A list by its name (read again when the send goes), else how many addresses and from where."""
    return recipients_phrase(send.source_said, send.source, len(send.recipients), send.list_id is not None)


def scheduled_row(send, now: datetime) -> tuple[str, str, str, str]:
    """(when, message, recipients, state) for the list of scheduled sends, times in local time."""
    at = send.scheduled_at
    when = local_time(at, now)
    recipients = send_recipients_words(send)
    state = translate("SendPresenter", "Due") if at <= now else translate("SendPresenter", "Waiting")
    note = getattr(send, "message", None)
    if note:
        state += f": {note}"
    return when, message_words(send), recipients, state


def due_prompt_text(sends: Sequence, now: datetime) -> str:
    first = plural(
        len(sends),
        translate("SendPresenter", "A scheduled send fell due"),
        translate("SendPresenter", "{n} scheduled sends fell due"),
    )
    return (
        first
        + " "
        + translate(
            "SendPresenter",
            "while Legal Basis Sync was not running, so nothing was sent. Choose for each: "
            "send now, after a fresh sync of its recipients' legal basis (R10), or cancel "
            "it.",
        )
    )


def due_send_label(send, now: datetime) -> str:
    return translate("SendPresenter", "{message} to {recipients}, due {when}").format(
        message=message_words(send), recipients=send_recipients_words(send), when=local_time(send.scheduled_at, now)
    )


def scheduled_outcome_text(send_label: str, outcome) -> str:
    return translate("SendPresenter", "Scheduled send ({label}): {outcome}").format(
        label=send_label, outcome=outcome_headline(outcome)
    )
