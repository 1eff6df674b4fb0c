"""One contact's record, for a data-protection officer or a data subject's request (issue 14 point 4).

`build_contact_report(store, email)` gathers, from the local history only (nothing is asked of
either vendor): both systems' values as the app last read them, every change the app made for the
address with both sides' values before it, the time, rule and reason, every person's answer about it
(R24), and every send the address was in or left out of. `contact_report_html` writes it as HTML
for Qt's rich text (report/pdf.py turns that into a PDF); `contact_report_text` as plain text for
the command line. No Qt here: the words go through `i18n.translate`, English unless the window (or
`report.pdf.use_language`) installed Swedish.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape

from .. import __version__, i18n
from ..domain.email import try_normalise_email
from ..domain.messages import message_text
from ..domain.model import PURPOSES, Consent, DuplicatePolicy, EmarketeerContact, LegalBasis, Purpose, System
from ..domain.names import basis_name, purpose_name
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..store import DecisionRecord, DecisionStatus, RunRecord, SendRecipientRecord, SendRecord, Store
from ..store.workbook import zone_name

CONTEXT = "Report"


@dataclass(frozen=True)
class PersonSeen:
    """One SuperOffice person with this address (several: R9 duplicates, oldest first)."""

    person_id: int
    registered: datetime | None
    consents: tuple[Consent, ...]


@dataclass(frozen=True)
class ChangeSeen:
    decision: DecisionRecord
    run: RunRecord | None


@dataclass(frozen=True)
class AnswerSeen:
    """R24: a person's answer about a held decision (store.AnswerRecord's fields this report uses)."""

    purpose: Purpose
    answer: str  # "approve" or "keep"
    answered_by: str
    answered_at: datetime
    status: str  # "open", "used", "void", "void_holds_off", "void_gone" or "replaced" (store.safety)
    target: System | None
    new: LegalBasis | None
    superoffice: Consent
    emarketeer: Consent
    run_id: int | None


@dataclass(frozen=True)
class ContactReport:
    email: str
    made_at: datetime  # UTC
    version: str
    persons: tuple[PersonSeen, ...]
    emarketeer: EmarketeerContact | None
    last_read: RunRecord | None  # the newest run that read both systems (what "last seen" means)
    changes: tuple[ChangeSeen, ...]  # oldest first
    answers: tuple[AnswerSeen, ...] | None  # None: this version's store keeps no answers (R24 not built)
    sends: tuple[tuple[SendRecord, SendRecipientRecord], ...]  # oldest first
    duplicates: DuplicatePolicy | None = None  # R9's setting when the report was made; None: not known to the caller

    @property
    def found(self) -> bool:
        return bool(self.persons or self.emarketeer or self.changes or self.answers or self.sends)


def normalise(address: str) -> str:
    return try_normalise_email(address) or address.strip().casefold()


def build_contact_report(
    store: Store, address: str, *, now: datetime | None = None, duplicates: DuplicatePolicy | None = None
) -> ContactReport:
    """Everything the local history holds about one address (reads only).

    `duplicates` is R9's setting, so that the report says which SuperOffice person is synced."""
    email = normalise(address)
    so = store.load_superoffice([email]).get(email)
    persons = tuple(PersonSeen(p.person_id, p.registered, tuple(p.consents)) for p in (so.persons if so else ()))
    em = store.load_emarketeer([email]).get(email)
    runs: dict[int, RunRecord | None] = {}

    def run(run_id: int) -> RunRecord | None:
        if run_id not in runs:
            runs[run_id] = store.get_run(run_id)
        return runs[run_id]

    changes = []
    for d in reversed(store.contact_history(email)):  # newest first there
        r = run(d.run_id)
        if d.target is None or (r is not None and r.dry_run):
            continue  # agreements and previews changed nothing
        changes.append(ChangeSeen(d, r))
    return ContactReport(
        email=email,
        made_at=now or datetime.now(timezone.utc),
        version=__version__,
        persons=persons,
        emarketeer=em,
        last_read=_last_read(store),
        changes=tuple(changes),
        answers=_answers(store, email),
        sends=tuple(store.contact_sends(email)),
        duplicates=duplicates,
    )


def duplicates_setting(config: object) -> DuplicatePolicy | None:
    """R9's setting as a config holds it; None when it holds none the app knows (the report then stays neutral)."""
    try:
        return DuplicatePolicy(str(getattr(config, "duplicates_policy", "")))
    except ValueError:
        return None


def _last_read(store: Store) -> RunRecord | None:
    from ..domain.model import RunStatus

    return store.last_run(statuses=[RunStatus.DONE, RunStatus.STOPPED], dry_run=None)


def _answers(store: Store, email: str) -> tuple[AnswerSeen, ...] | None:
    """R24's answers. The seam: a store without `answers(email)` (R24 not built yet) gives None, said in the report."""
    answers = getattr(store, "answers", None)
    if answers is None:
        return None
    return tuple(
        AnswerSeen(
            purpose=Purpose(a.purpose),
            answer=str(a.answer),
            answered_by=a.answered_by,
            answered_at=a.answered_at,
            status=str(a.status),
            target=a.target,
            new=a.new,
            superoffice=a.superoffice,
            emarketeer=a.emarketeer,
            run_id=a.run_id,
        )
        for a in answers(email)
    )


# ------------------------------------------------------------------ words

_STATUS = {
    DecisionStatus.APPLIED: QT_TRANSLATE_NOOP("Report", "written"),
    DecisionStatus.FAILED: QT_TRANSLATE_NOOP("Report", "refused by the target"),
    DecisionStatus.PENDING: QT_TRANSLATE_NOOP("Report", "sent, no answer recorded"),
    DecisionStatus.PLANNED: QT_TRANSLATE_NOOP("Report", "planned, not written"),
    DecisionStatus.SUPERSEDED: QT_TRANSLATE_NOOP("Report", "not written: the target changed first (R14)"),
    DecisionStatus.NOT_APPLIED: QT_TRANSLATE_NOOP("Report", "not written (the run ended first)"),
    DecisionStatus.UNCONFIRMED: QT_TRANSLATE_NOOP(
        "Report", "maybe written: the run ended first, and the value was changed since"
    ),
    DecisionStatus.AGREED: QT_TRANSLATE_NOOP("Report", "nothing to write"),
}
_ANSWER = {
    "approve": QT_TRANSLATE_NOOP("Report", "approved the change"),
    "keep": QT_TRANSLATE_NOOP("Report", "kept the value as it was"),
}
_ANSWER_STATUS = {
    "open": QT_TRANSLATE_NOOP("Report", "not carried out yet"),
    "used": QT_TRANSLATE_NOOP("Report", "carried out"),
    "void": QT_TRANSLATE_NOOP("Report", "no longer applies: the values changed since"),
    "replaced": QT_TRANSLATE_NOOP("Report", "replaced by a later answer"),
    "void_holds_off": QT_TRANSLATE_NOOP("Report", "no longer applies: holds for review were switched off"),
    "void_gone": QT_TRANSLATE_NOOP("Report", "no longer applies: the contact was deleted from both systems"),
}
_RESULT = {
    "accepted": QT_TRANSLATE_NOOP("Report", "sent (accepted by eMarketeer)"),
    "rejected": QT_TRANSLATE_NOOP("Report", "refused by eMarketeer"),
    "not_sent": QT_TRANSLATE_NOOP("Report", "not sent"),
    "unknown": QT_TRANSLATE_NOOP("Report", "may have been sent (no answer recorded)"),
}
_TRIGGER = {
    "manual": QT_TRANSLATE_NOOP("Report", "started by hand"),
    "scheduled": QT_TRANSLATE_NOOP("Report", "scheduled"),
    "send": QT_TRANSLATE_NOOP("Report", "before a send"),
    "preview": QT_TRANSLATE_NOOP("Report", "preview"),
}
_CHANNEL = {"email": QT_TRANSLATE_NOOP("Report", "E-mail"), "sms": QT_TRANSLATE_NOOP("Report", "SMS")}


def _when(value: datetime | None) -> str:
    return i18n.format_datetime(value, seconds=True) if value is not None else translate("Report", "unknown time")


def _value(consent: Consent | None) -> str:
    """ "Consent (changed 2026-05-28 14:03:10)"."""
    if consent is None:
        return translate("Report", "nothing recorded")
    name = basis_name(consent.basis)
    if consent.error:
        return translate("Report", "{value} (could not be read: {error})").format(value=name, error=consent.error)
    if consent.changed_at is None:
        return name
    return translate("Report", "{value} (changed {when})").format(value=name, when=_when(consent.changed_at))


def _system(system: System | None) -> str:
    return "" if system is None else system.label


# ------------------------------------------------------------------ the document's parts (shared by HTML and text)


@dataclass(frozen=True)
class _Section:
    title: str
    intro: str
    rows: Sequence[tuple[str, ...]]  # a table; the first row is the header
    empty: str  # said instead of the table when it has no rows
    widths: tuple[int, ...] = ()  # per column, in per cent of the page width (HTML only)


def _sections(report: ContactReport) -> list[_Section]:
    return [_seen(report), _changes(report), _answers_section(report), _sends(report)]


def _seen(report: ContactReport) -> _Section:
    when = report.last_read
    intro = (
        translate(
            "Report",
            "As the app last read both systems, in run {run} ({when}). SuperOffice and eMarketeer hold the "
            "values themselves; this is the app's copy.",
        ).format(run=when.id, when=_when(when.ended_at or when.started_at))
        if when is not None
        else translate("Report", "No run has read both systems yet.")
    )
    header = (translate("Report", "Where"), *(purpose_name(p) for p in PURPOSES))
    rows: list[tuple[str, ...]] = [header]
    for person in report.persons:
        where = translate("Report", "SuperOffice, person {id}").format(id=person.person_id)
        if len(report.persons) > 1 and person is report.persons[0]:
            where += " " + _oldest_note(report)
        rows.append((where, *(_value(c) for c in person.consents)))
    if report.emarketeer is not None:
        em = report.emarketeer
        where = (
            translate("Report", "eMarketeer, contact {id}").format(id=em.contact_id)
            if em.contact_id is not None
            else translate("Report", "eMarketeer")
        )
        rows.append((where, *(_value(c) for c in em.consents)))
    return _Section(
        translate("Report", "Values in both systems as last seen"),
        intro,
        rows if len(rows) > 1 else [],
        translate("Report", "Neither system held this address when the app last read them."),
    )


def _oldest_note(report: ContactReport) -> str:
    """R9: in `oldest` mode only the oldest person is synced; in `all` mode every one is kept in step."""
    if report.duplicates is DuplicatePolicy.OLDEST:
        return translate("Report", "(the oldest: the one synced, R9)")
    if report.duplicates is DuplicatePolicy.ALL:
        return translate("Report", "(the oldest; all {n} persons are kept in step, R9)").format(n=len(report.persons))
    return translate("Report", "(the oldest, R9)")


def _changes(report: ContactReport) -> _Section:
    rows: list[tuple[str, ...]] = [
        (
            translate("Report", "When"),
            translate("Report", "Purpose"),
            translate("Report", "Change"),
            translate("Report", "SuperOffice before"),
            translate("Report", "eMarketeer before"),
            translate("Report", "Rule and reason"),
            translate("Report", "Outcome"),
        )
    ]
    for change in report.changes:
        d = change.decision
        when = d.applied_at or d.recorded_at or (change.run.started_at if change.run else None)
        run = change.run
        run_text = (
            translate("Report", "run {run}, {trigger}").format(
                run=d.run_id, trigger=translate("Report", _TRIGGER.get(run.trigger.value, run.trigger.value))
            )
            if run is not None
            else translate("Report", "run {run}").format(run=d.run_id)
        )
        what = translate("Report", "{system}: {old} → {new}").format(
            system=_system(d.target), old=basis_name(d.old), new=basis_name(d.new)
        )
        rules = ", ".join(r.value for r in d.rules) or d.rule.value
        outcome = translate("Report", _STATUS.get(d.status, str(d.status)))
        if d.message and d.status is not DecisionStatus.APPLIED:
            outcome += ": " + message_text(d.said, d.message)
        rows.append(
            (
                f"{_when(when)}\n{run_text}",
                purpose_name(d.purpose),
                what,
                _value(d.superoffice),
                _value(d.emarketeer),
                f"{rules}: {message_text(d.why())}",
                outcome,
            )
        )
    return _Section(
        translate("Report", "Changes the app made"),
        translate(
            "Report",
            "Every write the app decided for this address, oldest first, with both systems' values "
            "just before it (previews that wrote nothing are left out).",
        ),
        rows if len(rows) > 1 else [],
        translate("Report", "The app has never changed this address's legal basis."),
        (11, 12, 12, 14, 14, 26, 11),
    )


def _answers_section(report: ContactReport) -> _Section:
    title = translate("Report", "Answers by people (R24)")
    if report.answers is None:
        return _Section(title, "", [], translate("Report", "This version of the app does not record people's answers."))
    rows: list[tuple[str, ...]] = [
        (
            translate("Report", "When"),
            translate("Report", "Who"),
            translate("Report", "Purpose"),
            translate("Report", "Answer"),
            translate("Report", "About"),
            translate("Report", "Status"),
        )
    ]
    for a in report.answers:
        about = translate("Report", "SuperOffice {so}; eMarketeer {em}").format(
            so=_value(a.superoffice), em=_value(a.emarketeer)
        )
        if a.target is not None:
            about += "; " + translate("Report", "the change held: {system} to {new}").format(
                system=_system(a.target), new=basis_name(a.new)
            )
        status = translate("Report", _ANSWER_STATUS.get(a.status, a.status))
        if a.run_id is not None and a.status == "used":
            status += " " + translate("Report", "(run {run})").format(run=a.run_id)
        rows.append(
            (
                _when(a.answered_at),
                a.answered_by,
                purpose_name(a.purpose),
                translate("Report", _ANSWER.get(a.answer, a.answer)),
                about,
                status,
            )
        )
    return _Section(
        title,
        translate("Report", "Withdrawals and reversals the app held for a person to decide, and what they decided."),
        rows if len(rows) > 1 else [],
        translate("Report", "Nobody has been asked about this address."),
        (13, 14, 11, 13, 35, 14),
    )


def _sends(report: ContactReport) -> _Section:
    rows: list[tuple[str, ...]] = [
        (
            translate("Report", "When"),
            translate("Report", "Send"),
            translate("Report", "As entered"),
            translate("Report", "Included"),
            translate("Report", "Result"),
        )
    ]
    for send, r in report.sends:
        when = r.sent_at or send.sent_at or send.scheduled_at or send.created_at
        what = translate("Report", "{channel} {id}, message {component}").format(
            channel=translate("Report", _CHANNEL.get(send.channel.value, send.channel.value)),
            id=send.id,
            component=send.component_id,
        )
        if r.allowed:
            included = translate("Report", "yes")
        else:
            included = translate("Report", "left out: {why}").format(why=message_text(r.said, r.why).rstrip("."))
        result = (
            translate("Report", _RESULT[r.result.value])
            if r.result is not None
            else (translate("Report", "not sent yet") if r.allowed else "")
        )
        if r.reason and r.result is not None and r.result.value in ("rejected", "not_sent", "unknown"):
            result += ": " + message_text(r.reason)
        rows.append((_when(when), what, r.given, included, result))
    return _Section(
        translate("Report", "Sends"),
        translate(
            "Report",
            "Every e-mail or SMS send this address was a recipient of, whether it was sent to or left out, and why.",
        ),
        rows if len(rows) > 1 else [],
        translate("Report", "This address was never a recipient of a send."),
        (14, 18, 24, 22, 22),
    )


def title(report: ContactReport) -> str:
    return translate("Report", "Legal basis record for {email}").format(email=report.email)


def _made(report: ContactReport) -> str:
    return translate(
        "Report", "Made {when} by Legal Basis Sync {version} from its own history; times are in {zone}."
    ).format(when=_when(report.made_at), version=report.version, zone=zone_name(None, report.made_at))


# ------------------------------------------------------------------ HTML (Qt rich text) and plain text


def contact_report_html(report: ContactReport) -> str:
    """The report as HTML for QTextDocument (its CSS subset: tables, cellpadding, font sizes)."""
    parts = [
        "<html><head><meta charset='utf-8'></head><body style='font-size: 9pt;'>",
        f"<h1 style='font-size: 16pt;'>{escape(title(report))}</h1>",
        f"<p style='color: #444;'>{escape(_made(report))}</p>",
    ]
    for section in _sections(report):
        parts.append(f"<h2 style='font-size: 12pt; margin-top: 14px;'>{escape(section.title)}</h2>")
        if section.intro:
            parts.append(f"<p>{escape(section.intro)}</p>")
        if not section.rows:
            parts.append(f"<p><i>{escape(section.empty)}</i></p>")
            continue
        parts.append(
            "<table border='1' cellspacing='0' cellpadding='4' width='100%' "
            "style='border-collapse: collapse; border-color: #999;'>"
        )
        head, *body = section.rows
        widths = section.widths or (0,) * len(head)
        parts.append(
            "<tr>"
            + "".join(
                f"<th align='left' {f'width={w}% ' if w else ''}style='background-color: #eee;'>{escape(h)}</th>"
                for h, w in zip(head, widths)
            )
            + "</tr>"
        )
        for row in body:
            parts.append("<tr>" + "".join(f"<td valign='top'>{_cell(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    end = translate("Report", "End of the report.")
    parts.append(f"<p style='color: #444; margin-top: 18px;'>{escape(end)} {escape(_made(report))}</p></body></html>")
    return "".join(parts)


def _cell(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


def contact_report_text(report: ContactReport) -> str:
    """The same report as plain text (the command line without --pdf)."""
    lines = [title(report), _made(report), ""]
    for section in _sections(report):
        lines.append(section.title)
        lines.append("-" * len(section.title))
        if section.intro:
            lines.append(section.intro)
        if not section.rows:
            lines.append(section.empty)
        else:
            head, *body = section.rows
            for row in body:
                lines.append("  " + "; ".join(f"{h}: {c.replace(chr(10), ', ')}" for h, c in zip(head, row) if c))
        lines.append("")
    return "\n".join(lines)


__all__ = [
    "title",
    "AnswerSeen",
    "ChangeSeen",
    "ContactReport",
    "PersonSeen",
    "build_contact_report",
    "contact_report_html",
    "contact_report_text",
    "normalise",
]
