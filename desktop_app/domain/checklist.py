"""The Checklist (R4): who a send may go to after the send-time sync, who is left out and why, in words.

Pure Python, no Qt and no I/O (beyond reading a recipients file the caller names). `build_checklist`
takes the recipients as entered and what the send-time sync read, decided and wrote, and returns
one immutable line per recipient; the service sends to `Checklist.allowed` only.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from ..errors import AppError
from .email import InvalidEmail, normalise_email
from .messages import Message
from .model import (
    ContactError,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    SuperOfficeContact,
    System,
)
from .planner import Decision, Plan


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"

    @property
    def label(self) -> str:
        return "e-mail" if self is Channel.EMAIL else "SMS"


class Exclusion(StrEnum):
    """Why a recipient is left out of a send. Order of the members is the order of checking."""

    INVALID_ADDRESS = "invalid_address"
    DUPLICATE_IN_LIST = "duplicate_in_list"
    # R24: the sync would reverse a withdrawal and holds it for a person: never sent to before someone answers.
    HELD_FOR_REVIEW = "held_for_review"
    MARKETING_WITHDRAWN = "marketing_withdrawn"
    NOT_CHECKED = "not_checked"
    UNKNOWN_IN_EMARKETEER = "unknown_in_emarketeer"
    NO_MARKETING_BASIS = "no_marketing_basis"
    # Left out at Launch: a send of the same message reached (or may have reached) it within the last 24 hours.
    RECENTLY_SENT = "recently_sent"

    @property
    def text(self) -> str:
        return _EXCLUSION_TEXT[self]


_EXCLUSION_TEXT = {
    Exclusion.HELD_FOR_REVIEW: "Withdrawal waiting for review",
    Exclusion.MARKETING_WITHDRAWN: "Marketing sendouts withdrawn",
    Exclusion.NO_MARKETING_BASIS: "No legal basis for Marketing sendouts",
    Exclusion.INVALID_ADDRESS: "Invalid e-mail address",
    Exclusion.DUPLICATE_IN_LIST: "Duplicate address in the list",
    Exclusion.UNKNOWN_IN_EMARKETEER: "Not an eMarketeer contact",
    Exclusion.NOT_CHECKED: "Could not be checked by the sync",
    Exclusion.RECENTLY_SENT: "Already got this message in the last 24 hours",
}


class SendStatus(StrEnum):
    """Where a send is in its life (stored with it)."""

    SCHEDULED = "scheduled"  # waiting for its time (R10)
    CHECKED = "checked"  # Checklist made, not launched yet
    SENDING = "sending"  # batches going out
    SENT = "sent"
    PARTLY_SENT = "partly_sent"  # stopped halfway: some batches went, the rest did not (or may have)
    FAILED = "failed"  # nothing was sent
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class RecipientResult(StrEnum):
    """What became of one allowed recipient (None until the send went)."""

    ACCEPTED = "accepted"  # the Messages API accepted it
    REJECTED = "rejected"  # the Messages API refused it (with its reason)
    NOT_SENT = "not_sent"  # never left: the send stopped before its batch (may be sent later with `resume`)
    UNKNOWN = "unknown"  # its batch may or may not have gone (answer lost): never resent automatically


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One recipient as entered, and whether the send goes to it."""

    given: str  # as entered
    email: str | None  # normalised; None when invalid
    allowed: bool
    exclusion: Exclusion | None
    why: str  # one sentence, in English (the audit trail, the command line)
    changes: tuple[str, ...] = ()  # what the send-time sync changed for this recipient, in English words
    conflict: bool = False  # the sync decided a conflict (R13) for this recipient
    said: Message | None = None  # `why`, typed: the window words it in its language
    changes_said: tuple[Message, ...] = ()  # `changes`, typed


@dataclass(frozen=True, slots=True)
class Checklist:
    channel: Channel
    component_id: int
    run_id: int | None
    made_at: datetime  # UTC
    lines: tuple[ChecklistLine, ...]

    @property
    def allowed(self) -> tuple[str, ...]:
        """The normalised addresses the send goes to, in the order given."""
        return tuple(line.email for line in self.lines if line.allowed and line.email is not None)

    @property
    def excluded(self) -> tuple[ChecklistLine, ...]:
        return tuple(line for line in self.lines if not line.allowed)

    def counts(self) -> dict[Exclusion, int]:
        """Excluded recipients per reason (every reason present, zero included), in checking order."""
        result = {e: 0 for e in Exclusion}
        for line in self.lines:
            if line.exclusion is not None:
                result[line.exclusion] += 1
        return result

    @property
    def changed(self) -> tuple[ChecklistLine, ...]:
        return tuple(line for line in self.lines if line.changes)

    @property
    def conflicts(self) -> tuple[ChecklistLine, ...]:
        return tuple(line for line in self.lines if line.conflict)

    def summary_text(self) -> str:
        """One sentence: "12 of 15 recipients addressed; 3 excluded (2 marketing sendouts withdrawn, ...)"."""
        total = len(self.lines)
        allowed = len(self.allowed)
        excluded = total - allowed
        text = f"{allowed} of {total} recipient{'s' if total != 1 else ''} addressed"
        if excluded:
            parts = [f"{n} {e.text[0].lower() + e.text[1:]}" for e, n in self.counts().items() if n]
            text += f"; {excluded} excluded ({', '.join(parts)})"
        if self.changed:
            text += f"; the sync changed {len(self.changed)}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} with a conflict to review"
        return text + "."


class RecipientFileError(AppError):
    """A recipients file that cannot be used; `user_message` is one sentence for a person."""


# ------------------------------------------------------------------ reading recipients

_ANGLE = re.compile(r"<([^<>]*)>")
_SEPARATORS = re.compile(r"[\s,;]+")
_EMAIL_HEADERS = {
    "email",
    "e-mail",
    "e-post",
    "epost",
    "mail",
    "emailaddress",
    "email address",
    "e-mail address",
    "e-postadress",
}


def parse_recipients(text: str) -> list[str]:
    """Addresses pasted by a person, in order, as entered (not normalised, not deduplicated).

    Separated by newlines, commas, semicolons or whitespace; "Name <a@b.se>" gives "a@b.se".
    Quoted display names ("Svensson, Anna" <anna@x.se>) are dropped with their quotes.
    """
    result: list[str] = []
    for chunk in re.split(r"[\n;]+|,(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", text or ""):
        chunk = chunk.strip()
        if not chunk:
            continue
        inside = _ANGLE.findall(chunk)
        if inside:
            result.extend(a.strip() for a in inside if a.strip())
            continue
        chunk = re.sub(r"\"[^\"]*\"", " ", chunk)
        result.extend(p for p in _SEPARATORS.split(chunk) if p)
    return result


def _unicode_text(raw: bytes) -> tuple[str, ...]:
    """The encoding a byte-order mark names: UTF-32's first (its little-endian mark begins with UTF-16's)."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return ("utf-32",)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16",)
    return ()


def read_recipients_csv(path: str | Path) -> list[str]:
    """Addresses from a CSV file: the column named email/e-mail/e-post/mail, else the first column with an "@".

    Read as UTF-8 (with or without its mark), UTF-16 or UTF-32 with a byte-order mark (Excel's "Unicode Text"),
    else Windows-1252. Raises RecipientFileError (one typed sentence) for a missing, unreadable or empty file, or
    one without an address column.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecipientFileError(Message.of("recipients_file_missing", path=str(path))) from None
    except IsADirectoryError:
        raise RecipientFileError(Message.of("recipients_file_folder", path=str(path))) from None
    except OSError as exc:
        why = (exc.strerror or str(exc)).lower()
        raise RecipientFileError(Message.of("recipients_file_unreadable", path=str(path), why=why)) from None
    text = None
    for encoding in (*_unicode_text(raw), "utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise RecipientFileError(Message.of("recipients_file_not_text", file=path.name))
    if not text.strip():
        raise RecipientFileError(Message.of("recipients_file_empty", file=path.name))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise RecipientFileError(Message.of("recipients_file_not_csv", file=path.name, why=str(exc))) from None
    if not rows:
        raise RecipientFileError(Message.of("recipients_file_empty", file=path.name))
    header = [c.strip().casefold() for c in rows[0]]
    column = next((i for i, name in enumerate(header) if name in _EMAIL_HEADERS), None)
    body = rows[1:] if column is not None else rows
    if column is None:
        width = max(len(r) for r in rows)
        column = next((i for i in range(width) if any("@" in (r[i] if i < len(r) else "") for r in rows)), None)
        if column is None:
            raise RecipientFileError(Message.of("recipients_file_no_column", file=path.name))
        # A header row without "@" in that column is a header, not a recipient.
        if rows and "@" not in (rows[0][column] if column < len(rows[0]) else ""):
            body = rows[1:]
    result = []
    for r in body:
        value = r[column].strip() if column < len(r) else ""
        if value:
            inside = _ANGLE.findall(value)
            result.append(inside[0].strip() if inside else value)
    return result


# ------------------------------------------------------------------ the decision


class DetailsLike(Protocol):
    """The parts of `sync.engine.RunDetails` the Checklist needs (domain never imports sync)."""

    @property
    def superoffice(self) -> Mapping[str, SuperOfficeContact]: ...
    @property
    def emarketeer(self) -> Mapping[str, EmarketeerContact]: ...
    @property
    def plan(self) -> Plan: ...


class SyncResultLike(Protocol):
    """The parts of `sync.engine.RunSummary` the Checklist needs (read-only: RunSummary is frozen)."""

    @property
    def run_id(self) -> int | None: ...
    @property
    def changes(self) -> Sequence[Decision]: ...
    @property
    def conflicts(self) -> Sequence[Decision]: ...
    @property
    def errors(self) -> Sequence[ContactError]: ...
    @property
    def details(self) -> DetailsLike | None: ...


def build_checklist(
    channel: Channel,
    component_id: int,
    recipients: Iterable[str],
    sync: SyncResultLike,
    made_at: datetime,
    *,
    require_positive_basis: bool = True,
) -> Checklist:
    """Decide every recipient from what the send-time sync read (details), wrote (changes) and could not do (errors).

    The marketing value that counts is the one both systems hold after the sync applied its
    decisions. Where a planned write did not land, the systems may still disagree: withdrawn in
    either one excludes; otherwise the recipient was not checked and is never sent to blindly.
    """
    details = sync.details
    so = details.superoffice if details is not None else {}
    em = details.emarketeer if details is not None else {}
    planned: dict[tuple[str, Purpose], Decision] = {}
    held = {d.email for d in getattr(sync, "held", ()) if d.purpose is Purpose.MARKETING}
    if details is not None:
        for d in details.plan.decisions:
            planned[(d.email, d.purpose)] = d
            if d.held and d.purpose is Purpose.MARKETING:
                held.add(d.email)
    applied: dict[str, list[Decision]] = {}
    applied_keys: dict[tuple[str, Purpose], Decision] = {}
    persons_written: set[str] = set()  # R9 `all`: marketing written to the address's SuperOffice persons
    for d in sync.changes:
        applied.setdefault(d.email, []).append(d)
        applied_keys[(d.email, d.purpose)] = d
        if d.purpose is Purpose.MARKETING and d.target is System.SUPEROFFICE and d.duplicates is DuplicatePolicy.ALL:
            persons_written.add(d.email)
    conflicted = {d.email for d in sync.conflicts}
    errors: dict[str, list[ContactError]] = {}
    for e in sync.errors:
        errors.setdefault(_key(e.email), []).append(e)

    lines: list[ChecklistLine] = []
    seen: set[str] = set()
    for given in recipients:
        try:
            email = normalise_email(given)
        except InvalidEmail as exc:
            said = Message.of("sentence", what=exc.said)
            lines.append(ChecklistLine(given, None, False, Exclusion.INVALID_ADDRESS, said.english(), said=said))
            continue
        if email in seen:
            lines.append(
                ChecklistLine(
                    given, email, False, Exclusion.DUPLICATE_IN_LIST, WHY_DUPLICATE.english(), said=WHY_DUPLICATE
                )
            )
            continue
        seen.add(email)
        changes = tuple(_change_text(d) for d in applied.get(email, ()))
        conflict = email in conflicted
        exclusion: Exclusion | None
        why: Message
        if email in held:
            exclusion, why = Exclusion.HELD_FOR_REVIEW, WHY_HELD
        else:
            exclusion, why = _decide(
                email,
                so.get(email),
                em.get(email),
                planned,
                applied_keys,
                errors.get(email, ()),
                details is not None,
                require_positive_basis,
                email in persons_written,
            )
        lines.append(
            ChecklistLine(
                given,
                email,
                exclusion is None,
                exclusion,
                why.english(),
                tuple(c.english() for c in changes),
                conflict,
                why,
                changes,
            )
        )
    return Checklist(channel, component_id, sync.run_id, made_at, tuple(lines))


def _key(text: str) -> str:
    try:
        return normalise_email(text)
    except InvalidEmail:
        return text


def _change_text(d: Decision) -> Message:
    return Message.of("changed", purpose=d.purpose, why=d.message())


def _marketing_after(
    email: str,
    so: SuperOfficeContact | None,
    em: EmarketeerContact | None,
    planned: Mapping[tuple[str, Purpose], Decision],
    applied: Mapping[tuple[str, Purpose], Decision],
) -> tuple[LegalBasis | None, LegalBasis | None, bool]:
    """(SuperOffice value, eMarketeer value, settled) for marketing after the sync's writes.

    `settled` is False when a write was planned but did not land (failed, left pending, or decided
    again with values this run's details do not hold): the values are then the ones read.
    """
    i = Purpose.MARKETING.index
    so_value = so.consents[i].basis if so is not None else None
    em_value = em.consents[i].basis if em is not None else None
    key = (email, Purpose.MARKETING)
    done = applied.get(key)
    if done is not None:
        # Both now hold the written value; the side that was not written kept what it had (the winner's).
        if done.target is System.SUPEROFFICE:
            return done.new, done.emarketeer.basis, True
        return done.superoffice.basis, done.new, True
    wanted = planned.get(key)
    if wanted is not None and wanted.target is not None:
        return so_value, em_value, False
    return so_value, em_value, True


def _decide(
    email: str,
    so: SuperOfficeContact | None,
    em: EmarketeerContact | None,
    planned: Mapping[tuple[str, Purpose], Decision],
    applied: Mapping[tuple[str, Purpose], Decision],
    errors: Sequence[ContactError],
    have_details: bool,
    require_positive_basis: bool,
    persons_written: bool = False,
) -> tuple[Exclusion | None, Message]:
    if not have_details:
        return Exclusion.NOT_CHECKED, WHY_NOT_READ
    so_value, em_value, settled = _marketing_after(email, so, em, planned, applied)
    # R9: another SuperOffice person with this address who withdrew keeps the withdrawal unless this sync wrote every
    # person (`all`). With `oldest` the sync leaves such a person alone, but the message goes to the address they
    # share: before, a newer duplicate's withdrawal made minutes before the send did not stop it.
    i = Purpose.MARKETING.index
    if (
        not persons_written
        and so is not None
        and any(p.consents[i].basis is LegalBasis.WITHDRAWN for p in so.persons[1:])
    ):
        so_value = LegalBasis.WITHDRAWN
    withdrawn_so = so_value is LegalBasis.WITHDRAWN
    withdrawn_em = em_value is LegalBasis.WITHDRAWN
    if withdrawn_so or withdrawn_em:
        where = "both" if withdrawn_so and withdrawn_em else "SuperOffice" if withdrawn_so else "eMarketeer"
        return Exclusion.MARKETING_WITHDRAWN, WHY_WITHDRAWN[where]
    if errors:
        reasons = tuple(dict.fromkeys(e.said or e.reason for e in errors))
        return Exclusion.NOT_CHECKED, Message.of("why_cannot_check", reasons=reasons)
    if not settled:
        return Exclusion.NOT_CHECKED, WHY_UNCONFIRMED
    if em is None:
        if so is None:
            return Exclusion.UNKNOWN_IN_EMARKETEER, WHY_IN_NEITHER
        return Exclusion.UNKNOWN_IN_EMARKETEER, WHY_ONLY_SUPEROFFICE
    # Only in eMarketeer (R11: left alone by the sync): eMarketeer's value is the only one there is.
    value = em_value if so is None else (so_value if so_value == em_value else _agreed(so_value, em_value))
    if value is None:
        if require_positive_basis:
            where = "eMarketeer" if so is None else "either"
            return Exclusion.NO_MARKETING_BASIS, WHY_NO_BASIS[where]
        return None, WHY_NO_BASIS_ALLOWED
    return None, Message.of("why_value_only_emarketeer" if so is None else "why_value", basis=value)


# The "why" sentences: typed messages (domain.messages, context "Checklist"), stored in English beside their kind.
WHY_DUPLICATE = Message.of("why_duplicate")
WHY_NOT_READ = Message.of("why_not_read")
WHY_WITHDRAWN = {
    "both": Message.of("why_withdrawn_both"),
    "SuperOffice": Message.of("why_withdrawn_superoffice"),
    "eMarketeer": Message.of("why_withdrawn_emarketeer"),
}
WHY_HELD = Message.of("why_held")
WHY_UNCONFIRMED = Message.of("why_unconfirmed")
WHY_IN_NEITHER = Message.of("why_in_neither")
WHY_ONLY_SUPEROFFICE = Message.of("why_only_superoffice")
WHY_NO_BASIS = {
    "eMarketeer": Message.of("why_no_basis_emarketeer"),
    "either": Message.of("why_no_basis_either"),
}
WHY_NO_BASIS_ALLOWED = Message.of("why_no_basis_allowed")
FIXED_WHY = (
    WHY_DUPLICATE,
    WHY_NOT_READ,
    WHY_HELD,
    *WHY_WITHDRAWN.values(),
    WHY_UNCONFIRMED,
    WHY_IN_NEITHER,
    WHY_ONLY_SUPEROFFICE,
    *WHY_NO_BASIS.values(),
    WHY_NO_BASIS_ALLOWED,
)


def _agreed(so_value: LegalBasis | None, em_value: LegalBasis | None) -> LegalBasis | None:
    """Both sides after a settled sync should agree; if one still has none (nothing could be written), use the other."""
    return so_value if so_value is not None else em_value


__all__ = [
    "Channel",
    "Checklist",
    "ChecklistLine",
    "DetailsLike",
    "Exclusion",
    "RecipientFileError",
    "RecipientResult",
    "SendStatus",
    "SyncResultLike",
    "build_checklist",
    "parse_recipients",
    "read_recipients_csv",
]
