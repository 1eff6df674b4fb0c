"""Typed messages: what the planner, the engine and the send service say, as a kind (key) and its arguments.

A producer says `Message.of("agree", basis=LegalBasis.CONSENT)`; nothing is worded until the message
is shown. `Message.english()` is the one English sentence the command line, the logs, the CSV and
workbook exports and the history database keep; `message_text(message)` (the window) fills the kind's
template in the window's language through `i18n.translate`, with counts, dates and legal-basis names
in the window's locale. Never parse an English sentence back to translate it (STYLE.md).

Every kind is declared once in `KINDS` below with its English template, marked with
QT_TRANSLATE_NOOP so pyside6-lupdate puts it in the Swedish catalogue; tests/test_i18n.py walks
`KINDS` and fails when a kind has no Swedish translation.

How an argument is shown follows its type: a `Message` is shown in turn; an int is a count (grouped:
1,234 / 1 234) unless its placeholder is a code (`CODES`: HTTP status, run, send, process ids); a
float is a decimal; `LegalBasis`, `Purpose` and `System` by their names (a `basis` placeholder
holding None is "none" / "Ingen"); a datetime is a change time (UTC "2026-05-28T12:00:00Z" in
English, the window's local time and format in the window; a time placeholder holding None is
"never"); None elsewhere is nothing (an absent part of a sentence); a str is shown as it is (names,
addresses, the vendors' own words). An English template may give a count a format spec ("{n:,}").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from .. import i18n
from ..i18n import QT_TRANSLATE_NOOP, translate
from . import service_kinds
from .model import LegalBasis, Purpose, System, basis_label, format_time
from .names import basis_name, purpose_name

Arg = Any  # Message | str | int | float | LegalBasis | Purpose | System | datetime | None

# key -> (translation context, English template). Contexts group the catalogue as before typed messages
# ("Explanation": the planner's and the engine's run sentences), so their Swedish was kept.
KINDS: dict[str, tuple[str, str]] = {}


def _kinds(context: str, templates: dict[str, str]) -> None:
    for key, template in templates.items():
        if key in KINDS:
            raise ValueError(f"message kind {key!r} declared twice")
        KINDS[key] = (context, template)


# Placeholders holding an identifier, not a count: never grouped ("process 12345", "HTTP 503").
CODES = frozenset({"status", "run", "send", "component", "found", "known", "pid", "id", "seconds"})
# Placeholders holding a change time: None is "never".
TIMES = frozenset({"first", "second", "when"})


@dataclass(frozen=True, slots=True)
class Message:
    """A message kind and its arguments; immutable and hashable (rows of a million decisions share them)."""

    key: str
    args: tuple[tuple[str, Arg], ...] = ()

    @classmethod
    def of(cls, key: str, /, **args: Arg) -> Message:
        if key not in KINDS:
            raise KeyError(f"unknown message kind {key!r}: declare it in desktop_app/domain/messages.py")
        return cls(key, tuple(args.items()))

    def arg(self, name: str) -> Arg:
        return dict(self.args).get(name)

    def english(self) -> str:
        """The English sentence (command line, logs, exports, the history database)."""
        return _fill(KINDS[self.key][1], self.args, _english)

    def __str__(self) -> str:
        return self.english()

    def to_json(self) -> str:
        return json.dumps(_encode(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> Message | None:
        """A stored message; None for none stored, or one this version cannot read (then the stored English is shown)."""
        if not text:
            return None
        try:
            value = _decode(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return value if isinstance(value, Message) and value.known else None

    @property
    def known(self) -> bool:
        """This version knows the kind and every message inside it (a newer version's kind is not)."""
        return self.key in KINDS and all(_known(v) for _, v in self.args)


def _known(value: Arg) -> bool:
    if isinstance(value, Message):
        return value.known
    if isinstance(value, tuple):
        return all(_known(v) for v in value)
    return True


def message_text(message: Message | str | None, stored: str | None = None) -> str:
    """What the window shows: `message` in the window's language. A plain text (already in the window's language, or
    a vendor's own words) is shown as it is; so is, without a message, the stored English (a row recorded before
    messages were typed, or a kind a newer version wrote): never parsed back."""
    if isinstance(message, str):
        return message
    if message is None or not message.known:
        return stored or ""
    context, template = KINDS[message.key]
    return _fill(translate(context, template), message.args, _window)


def scrubbed(message: Message, scrub: Callable[[str], str]) -> Message:
    """`message` with `scrub` (redaction.scrub, R19) applied to every text it holds (an exception's words may)."""
    return Message(
        message.key,
        tuple(
            (k, scrubbed(v, scrub) if isinstance(v, Message) else scrub(v) if isinstance(v, str) else v)
            for k, v in message.args
        ),
    )


def wording_and_times(message: Message | str) -> tuple[Message | str, tuple[float, ...]]:
    """`message` with its change times taken out, and those times (seconds; never: -inf): a table sorts 200,000
    rows by wording through a few hundred distinct wordings, each worded once, the times breaking ties."""
    if not isinstance(message, Message):
        return message, ()
    times: list[float] = []

    def strip(m: Message) -> Message:
        args = []
        for name, value in m.args:
            if isinstance(value, Message):
                value = strip(value)
            elif isinstance(value, datetime) or (value is None and name in TIMES):
                times.append(value.timestamp() if value is not None else float("-inf"))
                value = _NO_TIME
            args.append((name, value))
        return Message(m.key, tuple(args))

    return strip(message), tuple(times)


_NO_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)


def error_text(exc: BaseException) -> str:
    """What the window says for an error: its typed message (`AppError.said`) in the window's language, else its
    English `user_message` (or its text)."""
    text = getattr(exc, "user_message", None) or str(exc)
    return message_text(getattr(exc, "said", None), str(text))


def english(message: Message | str | None) -> str:
    """The English of a message, or a plain English text as it is."""
    if message is None:
        return ""
    return message.english() if isinstance(message, Message) else message


def json_of(message: Message | str | None) -> str | None:
    """The JSON column's value for a stored message (None when there is none, or only a plain text)."""
    return None if not isinstance(message, Message) else message.to_json()


def json_of_many(messages: tuple[Message, ...]) -> str | None:
    return json.dumps([_encode(m) for m in messages], ensure_ascii=False, separators=(",", ":")) if messages else None


def many_from_json(text: str | None) -> tuple[Message, ...]:
    """Stored messages; () when none were stored or one of them cannot be read (the English is shown instead)."""
    if not text:
        return ()
    try:
        found = tuple(_decode(v) for v in json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError):
        return ()
    return found if all(isinstance(m, Message) and m.known for m in found) else ()


# ------------------------------------------------------------------ filling a template

_PLACEHOLDER = re.compile(r"\{(\w+)(?::([^{}]*))?\}")


def _fill(template: str, args: tuple[tuple[str, Arg], ...], say: Callable[[str, Any, str], str]) -> str:
    values = dict(args)

    def one(m: re.Match[str]) -> str:
        name, spec = m.group(1), m.group(2) or ""
        value = values.get(name)
        text = say(name, value, spec)  # an absent part of a sentence is nothing
        if text and (isinstance(value, (Message, tuple)) or name in _SENTENCES):
            # A sentence inside another: its full stop goes where the sentence around it goes on ("...: {why}."),
            # and it starts with a capital where it starts the sentence around it ("{stop}. Nothing was sent.").
            if text.endswith(".") and template[m.end() : m.end() + 1] in (".", ";", ":", ",", ")"):
                text = text[:-1]
            if m.start() == 0 and text[:1].islower() and not text[1:2].isupper():  # "eMarketeer" keeps its spelling
                text = text[:1].upper() + text[1:]
        return text

    return _PLACEHOLDER.sub(one, template)


def _english(name: str, value: Arg, spec: str) -> str:
    if isinstance(value, Message):
        return value.english()
    if isinstance(value, tuple):
        return "; ".join(_english(name, v, spec) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format(value, spec) if spec else str(value) if name in CODES else f"{value:,}"
    if isinstance(value, float):
        return format(value, spec) if spec else (f"{value:g}")
    if isinstance(value, LegalBasis) or (value is None and name.startswith("basis")):
        return basis_label(value)
    if isinstance(value, (Purpose, System)):
        return value.label
    if isinstance(value, datetime) or (value is None and name in TIMES):
        return format_time(value)
    if value is None:
        return ""
    return str(value)


def _window(name: str, value: Arg, spec: str) -> str:
    if isinstance(value, Message):
        return message_text(value)
    if isinstance(value, tuple):
        return "; ".join(_window(name, v, spec) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value) if name in CODES else i18n.number(value)
    if isinstance(value, float):
        return i18n.decimal(value, 0 if value.is_integer() else 1)
    if isinstance(value, LegalBasis) or (value is None and name.startswith("basis")):
        return basis_name(value)
    if isinstance(value, Purpose):
        return purpose_name(value)
    if isinstance(value, System):
        return value.label
    if isinstance(value, datetime):
        return i18n.format_datetime(value, seconds=True)
    if value is None:
        return translate("Explanation", "never") if name in TIMES else ""
    return str(value)  # a name, an address, a vendor's own words: as they are


# Placeholders that hold a sentence or a clause of their own (typed, or a plain text as it is): its full stop and
# capital follow the sentence around it.
_SENTENCES = frozenset({"why", "message", "error", "problem", "then", "reason", "fault", "stop", "what", "reasons"})


# ------------------------------------------------------------------ the JSON a stored message is kept as

_ENUMS: dict[str, type[Enum]] = {"basis": LegalBasis, "purpose": Purpose, "system": System}


def _encode(value: Arg) -> Any:
    if isinstance(value, Message):
        return {"m": value.key, "a": {k: _encode(v) for k, v in value.args}}
    if isinstance(value, tuple):
        return {"l": [_encode(v) for v in value]}
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    for tag, enum in _ENUMS.items():
        if isinstance(value, enum):
            return {tag: value.value}
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)


def _decode(value: Any) -> Arg:
    if isinstance(value, dict):
        if "m" in value:
            return Message(str(value["m"]), tuple((k, _decode(v)) for k, v in value.get("a", {}).items()))
        if "t" in value:
            return datetime.fromisoformat(value["t"])
        if "l" in value:
            return tuple(_decode(v) for v in value["l"])
        for tag, enum in _ENUMS.items():
            if tag in value:
                return enum(value[tag])
        raise ValueError(f"unknown stored argument {value!r}")
    return value


# ================================================================== the kinds

# ------------------------------------------------------------------ domain/planner.py: why a decision was made
_kinds(
    "Explanation",
    {
        "agree": QT_TRANSLATE_NOOP("Explanation", "Both systems say {basis}: nothing to write"),
        "only_changed": QT_TRANSLATE_NOOP("Explanation", "Only {system} changed since the last sync"),
        "later": QT_TRANSLATE_NOOP("Explanation", "{system} changed later ({first} vs {second})"),
        "has_value": QT_TRANSLATE_NOOP("Explanation", "{empty} has no legal basis; {other} has one"),
        "skew": QT_TRANSLATE_NOOP(
            "Explanation",
            "Both changed within the clock-skew window ({first} vs {second}): the "
            "more restrictive value wins; please review",
        ),
        "creation_default": QT_TRANSLATE_NOOP(
            "Explanation",
            "SuperOffice's value is the default it gave the person at "
            "creation, not a person's decision; on a first match "
            "eMarketeer's value is kept (R22)",
        ),
        "duplicate": QT_TRANSLATE_NOOP(
            "Explanation",
            "Another SuperOffice person with this address; brought to the value decided for the address (R9)",
        ),
        "kept_withdrawn": QT_TRANSLATE_NOOP("Explanation", "A person chose to keep the withdrawal (R24)"),
        # A decision's sentence: the reason, then what is written, R24's hold or approval, R9's duplicates.
        "decision": "{why}{target}{review}{duplicates}{brought}",
        "set_to": QT_TRANSLATE_NOOP("Explanation", "; {system} set to {basis}"),
        "would_be_set_to": QT_TRANSLATE_NOOP("Explanation", "; {system} would be set to {basis}"),
        "held": QT_TRANSLATE_NOOP("Explanation", "; held for review: it would reverse a withdrawal (R24)"),
        "approved": QT_TRANSLATE_NOOP("Explanation", " (approved by a person, R24)"),
        "oldest_of": QT_TRANSLATE_NOOP("Explanation", " (oldest of {n} SuperOffice persons with this address)"),
        "oldest_of_differ": QT_TRANSLATE_NOOP(
            "Explanation", " (oldest of {n} SuperOffice persons with this address, whose values differ)"
        ),
        "latest_of": QT_TRANSLATE_NOOP("Explanation", " (latest-changed of {n} SuperOffice persons with this address)"),
        "latest_of_differ": QT_TRANSLATE_NOOP(
            "Explanation", " (latest-changed of {n} SuperOffice persons with this address, whose values differ)"
        ),
        "latest_of_default": QT_TRANSLATE_NOOP(
            "Explanation",
            " (latest-changed of {n} SuperOffice persons with this address; a new person's creation default is "
            "no one's decision and does not count, R22)",
        ),
        "brought": QT_TRANSLATE_NOOP(
            "Explanation", "; {n} other SuperOffice person(s) of the address brought to it (R9)"
        ),
        "side_problem": "{system}: {why}",
        "why_then": "{why}. {then}",  # a decision, then what became of its write (the history)
        "of_person": QT_TRANSLATE_NOOP("Explanation", "{problem} (SuperOffice person {id})"),
        # domain/review.py: rows the planner made no decision for
        "in_step": QT_TRANSLATE_NOOP("Explanation", "In step: both say {basis} since the last sync"),
        "in_step_none": QT_TRANSLATE_NOOP(
            "Explanation", "In step: neither has a legal basis for this purpose since the last sync"
        ),
        "only_in_superoffice": QT_TRANSLATE_NOOP(
            "Explanation", "Only in SuperOffice: left alone (no eMarketeer contact has this address)"
        ),
        "only_in_emarketeer": QT_TRANSLATE_NOOP(
            "Explanation", "Only in eMarketeer: left alone (no SuperOffice person has this address)"
        ),
        # domain/records.py: a record the planner cannot decide on
        "no_time": QT_TRANSLATE_NOOP("Explanation", "{system}: legal basis {basis} has no change time"),
        "future": QT_TRANSLATE_NOOP("Explanation", "{system}: change time {when} is in the future"),
        "removal": QT_TRANSLATE_NOOP(
            "Explanation",
            "{system} no longer has a legal basis for {purpose} while {other} has "
            "{basis}; a removal cannot be synced, please set it by hand",
        ),
    },
)

# ------------------------------------------------------------------ sync/engine.py: a run's progress and its message
_kinds(
    "Sentences",
    {
        "loading": QT_TRANSLATE_NOOP("Sentences", "Loading SuperOffice lists and eMarketeer master data"),
        "deciding": QT_TRANSLATE_NOOP("Sentences", "Deciding"),
        "finished": QT_TRANSLATE_NOOP("Sentences", "Finished"),
        "reading_so_addresses": QT_TRANSLATE_NOOP("Sentences", "Reading SuperOffice e-mail addresses"),
        "reading_so_consents": QT_TRANSLATE_NOOP("Sentences", "Reading SuperOffice consents ({n} addresses)"),
        "reading_em_contacts": QT_TRANSLATE_NOOP("Sentences", "Reading eMarketeer contacts"),
        "reading_em_consents": QT_TRANSLATE_NOOP("Sentences", "Reading eMarketeer consents ({n} contacts)"),
        "reading_changes": QT_TRANSLATE_NOOP("Sentences", "Reading what changed in {system}"),
        "reading_addresses": QT_TRANSLATE_NOOP("Sentences", "Reading {n} addresses in {system}"),
        "reading_changes_for": QT_TRANSLATE_NOOP("Sentences", "Reading what changed in {system} (for {n} addresses)"),
        "reading_em_consents_for": QT_TRANSLATE_NOOP("Sentences", "Reading eMarketeer's consents (for {n} addresses)"),
        "written": QT_TRANSLATE_NOOP("Sentences", "Written {done} of {total} planned changes"),
        "run_stopped": QT_TRANSLATE_NOOP("Sentences", "{message} The run stopped; what was done is recorded."),
        "unexpected": QT_TRANSLATE_NOOP("Sentences", "Unexpected error: {error}"),
        "checked_after": QT_TRANSLATE_NOOP("Sentences", "Checked after an interrupted run: {why}."),
        "token_found": QT_TRANSLATE_NOOP("Sentences", "eMarketeer has the record with this write's token"),
        "token_missing": QT_TRANSLATE_NOOP("Sentences", "no eMarketeer record carries this write's token"),
        "contact_gone": QT_TRANSLATE_NOOP("Sentences", "the contact no longer exists"),
        # sync/engine.py `_superoffice_landed`: SuperOffice's side of the check after an interrupted run (R18)
        "so_holds_decided": QT_TRANSLATE_NOOP("Sentences", "SuperOffice holds the decided value"),
        "so_holds_before": QT_TRANSLATE_NOOP("Sentences", "SuperOffice still holds the value it held before"),
        "so_changed_since": QT_TRANSLATE_NOOP(
            "Sentences",
            "SuperOffice holds neither the decided value nor the one it held before: the write may have landed and "
            "been changed since",
        ),
        "writing_failed": QT_TRANSLATE_NOOP("Sentences", "writing {system} failed: {message}"),
        # sync/engine.py: an eMarketeer write that landed behind a record dated later (its clock behind that record)
        "written_not_current": QT_TRANSLATE_NOOP(
            "Sentences",
            "written to eMarketeer, but not in effect: eMarketeer keeps its record dated {at} as the current one, "
            "which is later than its own time of this write; the next sync decides this contact again",
        ),
        # sync/pause.py: a vendor asked for a long pause (Retry-After beyond the retry cap)
        "pause_stopped": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} asked to wait until {time} UTC (Retry-After {seconds} "
            "s); the run stopped and will resume after that.",
        ),
        "pause_waiting": QT_TRANSLATE_NOOP(
            "Sentences", "{system} asked to wait until {time} UTC; no sync starts before then."
        ),
        "pause_asked": QT_TRANSLATE_NOOP("Sentences", "{system} asked to wait until {time} UTC"),
        # sync/setup_check.py: the check asks a paused vendor nothing either
        "check_paused": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} asked to wait until {time} UTC, so the check of {system} waits until then; run it again after "
            "that time.",
        ),
    },
)
_kinds(
    "Explanation",
    {
        "cancelled_run": QT_TRANSLATE_NOOP("Explanation", "Cancelled by the user; what was done is recorded."),
        "interrupted": QT_TRANSLATE_NOOP(
            "Explanation", "The process running this sync ended before it finished (crash or kill)."
        ),
        # sync/scheduler.py: a scheduled run that did not start
        "scheduled_busy": QT_TRANSLATE_NOOP(
            "Explanation",
            "A scheduled sync was due while another sync was running in this window, so it was skipped.",
        ),
        "scheduled_not_started": QT_TRANSLATE_NOOP(
            "Explanation", "A scheduled sync was due but could not start: {reason}"
        ),
        "superseded": QT_TRANSLATE_NOOP(
            "Explanation", "The target changed after the plan was made; decided again (R14)."
        ),
        "dry_run": QT_TRANSLATE_NOOP("Explanation", "Dry run: nothing was written."),
        "dry_run_held": QT_TRANSLATE_NOOP(
            "Explanation",
            "Dry run: nothing was written. A real run would be held by the mass-change brake: it would change {n} "
            "legal bases ({why}).",
        ),
        # R23: the mass-change brake
        "held_run": QT_TRANSLATE_NOOP(
            "Explanation",
            "Held by the mass-change brake: this run would change {n} legal bases "
            "({why}) and wrote nothing; a person can review and apply it, or run "
            "sync --allow-mass-change.",
        ),
        "first_full_run": QT_TRANSLATE_NOOP("Explanation", "a first full run"),
        "for_matched": QT_TRANSLATE_NOOP("Explanation", "for {n} matched contacts"),
        "applied_held_run": QT_TRANSLATE_NOOP("Explanation", "Applied the changes of held run {run}."),
        "applied_held_run_moved": QT_TRANSLATE_NOOP(
            "Explanation",
            "Applied the changes of held run {run}, except {n} whose contacts changed since it was held: "
            "the next sync decides those afresh.",
        ),
        "not_waiting": QT_TRANSLATE_NOOP(
            "Explanation",
            "Run {run} is not waiting for approval (it was applied, discarded "
            "or replaced by a later run); nothing was written.",
        ),
    },
)

# ------------------------------------------------------------------ domain/checklist.py: why a recipient is in or out
_kinds(
    "Checklist",
    {
        "why_duplicate": QT_TRANSLATE_NOOP("Checklist", "Already in the list above; sent to once."),
        "why_not_read": QT_TRANSLATE_NOOP("Checklist", "The send-time sync read nothing for this address."),
        "why_withdrawn_both": QT_TRANSLATE_NOOP("Checklist", "Marketing sendouts withdrawn in both systems."),
        "why_withdrawn_superoffice": QT_TRANSLATE_NOOP("Checklist", "Marketing sendouts withdrawn in SuperOffice."),
        "why_withdrawn_emarketeer": QT_TRANSLATE_NOOP("Checklist", "Marketing sendouts withdrawn in eMarketeer."),
        "why_held": QT_TRANSLATE_NOOP(
            "Checklist",
            "The sync would reverse a withdrawal of Marketing sendouts and holds it "
            "until a person reviews it (R24); not sent to until then.",
        ),
        "why_unconfirmed": QT_TRANSLATE_NOOP(
            "Checklist",
            "The sync decided to change Marketing sendouts but the change was "
            "not confirmed, so the two systems may disagree.",
        ),
        "why_in_neither": QT_TRANSLATE_NOOP(
            "Checklist", "Neither eMarketeer nor SuperOffice has a contact with this address."
        ),
        "why_only_superoffice": QT_TRANSLATE_NOOP(
            "Checklist", "eMarketeer has no contact with this address (only SuperOffice has)."
        ),
        "why_no_basis_emarketeer": QT_TRANSLATE_NOOP(
            "Checklist",
            "No legal basis for Marketing sendouts in eMarketeer, and the account requires one before sending.",
        ),
        "why_no_basis_either": QT_TRANSLATE_NOOP(
            "Checklist",
            "No legal basis for Marketing sendouts in either system, and the account requires one before sending.",
        ),
        "why_no_basis_allowed": QT_TRANSLATE_NOOP(
            "Checklist", "No legal basis for Marketing sendouts, but nothing withdrawn; the account allows sending."
        ),
        "why_value": QT_TRANSLATE_NOOP("Checklist", "Marketing sendouts: {basis}."),
        "why_value_only_emarketeer": QT_TRANSLATE_NOOP(
            "Checklist",
            "Marketing sendouts: {basis} (only in eMarketeer; SuperOffice has no person with this address).",
        ),
        "why_invalid": QT_TRANSLATE_NOOP("Checklist", "Invalid e-mail address {address}."),
        "why_cannot_check": QT_TRANSLATE_NOOP("Checklist", "The sync could not check this address: {reasons}."),
        "changed": QT_TRANSLATE_NOOP("Checklist", "{purpose}: {why}."),
    },
)

# domain/checklist.py: read_recipients_csv, a recipients file that cannot be used ({why}: the system's or csv's words)
_kinds(
    "Sentences",
    {
        "recipients_file_missing": QT_TRANSLATE_NOOP("Sentences", "The file {path} does not exist."),
        "recipients_file_folder": QT_TRANSLATE_NOOP("Sentences", "{path} is a folder, not a CSV file."),
        "recipients_file_unreadable": QT_TRANSLATE_NOOP("Sentences", "The file {path} could not be read: {why}."),
        "recipients_file_not_text": QT_TRANSLATE_NOOP(
            "Sentences",
            "The file {file} is not a text (CSV) file; save it as CSV UTF-8 (comma delimited) and choose it again.",
        ),
        "recipients_file_empty": QT_TRANSLATE_NOOP("Sentences", "The file {file} is empty."),
        "recipients_file_not_csv": QT_TRANSLATE_NOOP("Sentences", "The file {file} is not a valid CSV file ({why})."),
        "recipients_file_no_column": QT_TRANSLATE_NOOP(
            "Sentences",
            "The file {file} has no e-mail column: name one 'email', or put the addresses in a column.",
        ),
    },
)

# ------------------------------------------------------------------ sending/service.py
_kinds(
    "Sentences",
    {
        "send_lock_pid": QT_TRANSLATE_NOOP(
            "Sentences",
            "A sync is running on the data directory {path} (process {pid}); "
            "try again when it has finished. Nothing was sent.",
        ),
        "send_lock": QT_TRANSLATE_NOOP(
            "Sentences",
            "A sync is running on the data directory {path}; try again when it has finished. Nothing was sent.",
        ),
        "send_sync_failed": QT_TRANSLATE_NOOP(
            "Sentences", "The send-time sync (run {run}) did not finish: {why}; nothing was sent."
        ),
        # sending/service.py: a scheduled send whose sync a vendor's pause stopped (sync/pause.py, sending/due.py)
        "stays_scheduled_paused": QT_TRANSLATE_NOOP(
            "Sentences",
            "Send {send} stays scheduled and nothing was sent: {system} asked to wait until {time} UTC, which stopped "
            "its send-time sync; it goes after that time, after a fresh sync.",
        ),
        # sending/service.py: a due send not started, or its list not read, because a vendor's pause is in force
        "stays_scheduled_waiting": QT_TRANSLATE_NOOP(
            "Sentences",
            "Send {send} stays scheduled and nothing was sent: {system} asked to wait until {time} UTC; it goes after "
            "that time, after a fresh sync.",
        ),
        # sending/service.py: the contact lists are not asked for while eMarketeer's pause is in force (sync/pause.py)
        "lists_paused": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} asked to wait until {time} UTC, so its contact lists were not read; they can be read after that "
            "time.",
        ),
        # sending/commands.py: `send --due` while a vendor's pause is in force (sync/pause.py)
        "due_paused": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} asked to wait until {time} UTC, so no scheduled send was sent ({n} due); they stay scheduled, "
            "and the first send --due after that time sends them, each after a fresh sync.",
        ),
        "due_paused_none_due": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} asked to wait until {time} UTC; no scheduled send is due now, and send --due sends none "
            "before then.",
        ),
        "send_sync_failed_more": QT_TRANSLATE_NOOP(
            "Sentences", "The send-time sync (run {run}) did not finish: {why}; nothing more was sent."
        ),
        "preview_sync_failed": QT_TRANSLATE_NOOP("Sentences", "The sync (run {run}) did not finish: {why}."),
        "it_stopped": QT_TRANSLATE_NOOP("Sentences", "it stopped"),
        # sending/service.py launch: a run after the Checklist's sync decided a write for an allowed recipient (R4)
        "checklist_changed_since": QT_TRANSLATE_NOOP(
            "Sentences",
            "A sync found the legal basis of {n} of these recipients (such as {email}) changed after the Checklist "
            "was made; check the recipients again before launching. Nothing was sent.",
        ),
        "checklist_too_old": QT_TRANSLATE_NOOP(
            "Sentences",
            "The Checklist was made more than {minutes} minutes ago; check "
            "the recipients again before launching. Nothing was sent.",
        ),
        "no_send": QT_TRANSLATE_NOOP("Sentences", "There is no send {send}."),
        "send_state_nothing_sent": QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}; nothing was sent."),
        "send_ended_between_batches": QT_TRANSLATE_NOOP(
            "Sentences", "The app ended between two batches of this send; the recipients not reached are not sent yet."
        ),
        "send_ended_before_any": QT_TRANSLATE_NOOP(
            "Sentences", "The app ended before the first batch of this send left; nothing was sent, and nobody got it."
        ),
        "send_ended_batch_unanswered": QT_TRANSLATE_NOOP(
            "Sentences",
            "The app ended while a batch of this send was on its way: sent to {accepted} (rejected {rejected}, unknown "
            "{unknown}); the unknown ones are not sent again automatically, and the {not_sent} not reached are not "
            "sent yet.",
        ),
        "send_held_meanwhile": QT_TRANSLATE_NOOP(
            "Sentences", "Send {send} was held for a person while its recipients were checked; nothing was sent."
        ),
        "send_state_no_resume": QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}; there is nothing to resume."),
        "send_state_no_cancel": QT_TRANSLATE_NOOP(
            "Sentences", "Send {send} is {state}, so it can no longer be cancelled."
        ),
        "send_state_not_waiting": QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}, not waiting to be sent."),
        "send_nothing_left": QT_TRANSLATE_NOOP("Sentences", "Send {send} has nothing left to send."),
        "send_busy": QT_TRANSLATE_NOOP(
            "Sentences", "Send {send} is being sent by another window or process; nothing more was sent."
        ),
        "state_scheduled": QT_TRANSLATE_NOOP("Sentences", "scheduled"),
        "state_checked": QT_TRANSLATE_NOOP("Sentences", "checked"),
        "state_sending": QT_TRANSLATE_NOOP("Sentences", "sending"),
        "state_sent": QT_TRANSLATE_NOOP("Sentences", "sent"),
        "state_partly_sent": QT_TRANSLATE_NOOP("Sentences", "partly sent"),
        "state_failed": QT_TRANSLATE_NOOP("Sentences", "failed"),
        "state_cancelled": QT_TRANSLATE_NOOP("Sentences", "cancelled"),
        "all_excluded": QT_TRANSLATE_NOOP(
            "Sentences",
            "Nobody on the list may receive this send: all {n} recipients were "
            "excluded (see the Checklist); nothing was sent.",
        ),
        "list_empty": QT_TRANSLATE_NOOP("Sentences", "The recipient list is empty; nothing was sent."),
        "invalid_address_one": QT_TRANSLATE_NOOP(
            "Sentences", "{address} is not a valid e-mail address; nothing was sent."
        ),
        "invalid_addresses": QT_TRANSLATE_NOOP(
            "Sentences",
            "None of the {n} recipients is a valid e-mail address (for example {address}); nothing was sent.",
        ),
        "needs_time_zone": QT_TRANSLATE_NOOP(
            "Sentences", "The time of a scheduled send needs a time zone (for example 2026-06-01T09:00+02:00)."
        ),
        "not_future": QT_TRANSLATE_NOOP("Sentences", "{time} is not in the future; choose a later time, or send now."),
        "sending_batch": QT_TRANSLATE_NOOP("Sentences", "Sending batch {k} of {total} ({n} recipients)"),
        "send_finished": QT_TRANSLATE_NOOP("Sentences", "Send finished"),
        "send_stopped": QT_TRANSLATE_NOOP("Sentences", "Send stopped"),
        "batch_lost_short": QT_TRANSLATE_NOOP("Sentences", "eMarketeer's answer to batch {k} was lost"),
        "batch_lost": QT_TRANSLATE_NOOP(
            "Sentences",
            "eMarketeer's answer to batch {k} of {total} was lost, so its {n} "
            "recipients may or may not have been sent to: they are recorded as "
            "unknown and are not sent again automatically",
        ),
        "component_rejected_email": QT_TRANSLATE_NOOP(
            "Sentences", "eMarketeer rejected e-mail component {component}: {vendor}"
        ),
        "component_rejected_sms": QT_TRANSLATE_NOOP(
            "Sentences", "eMarketeer rejected SMS component {component}: {vendor}"
        ),
        "cancelled_lower": QT_TRANSLATE_NOOP("Sentences", "cancelled by the user"),
        "stopped_by": QT_TRANSLATE_NOOP("Sentences", "stopped by {what}"),
        "stop_nothing_sent": QT_TRANSLATE_NOOP("Sentences", "{stop}. Nothing was sent."),
        "stop_nothing_sent_resume": QT_TRANSLATE_NOOP(
            "Sentences",
            "{stop}. Nothing was sent; resume send {send} later to "
            "send it after a fresh check (legalbasis-sync send "
            "--resume {send}).",
        ),
        "stop_partly": QT_TRANSLATE_NOOP(
            "Sentences", "{stop}. Sent to {accepted} (rejected {rejected}, unknown {unknown}); {not_sent} not sent."
        ),
        "stop_partly_resume": QT_TRANSLATE_NOOP(
            "Sentences",
            "{stop}. Sent to {accepted} (rejected {rejected}, unknown "
            "{unknown}); {not_sent} not sent; resume send {send} to send "
            "them after a fresh check (legalbasis-sync send --resume "
            "{send}).",
        ),
        "stop_only": "{stop}.",  # the window's part of a send's message: it says the counts and "Send the rest" itself
    },
)

# ------------------------------------------------------------------ domain/email.py
_kinds(
    "Sentences",
    {
        "email_invalid": QT_TRANSLATE_NOOP("Sentences", "invalid e-mail address {address}"),
        "email_missing": QT_TRANSLATE_NOOP("Sentences", "e-mail address missing"),
        "email_not_text": QT_TRANSLATE_NOOP("Sentences", "e-mail address is not text"),
        "email_empty": QT_TRANSLATE_NOOP("Sentences", "e-mail address is empty"),
    },
)
_kinds(
    "Explanation",
    {
        "sentence": "{what}.",  # a phrase said as a sentence of its own (capitalised, with its full stop)
    },
)

# ------------------------------------------------------------------ connectors/errors.py: what a service answered
_kinds(
    "Sentences",
    {
        "the_service": QT_TRANSLATE_NOOP("Sentences", "The service"),
        "http_401": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} refused the credentials (HTTP 401); sign in again or check the user name, password or API key.",
        ),
        "http_403": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} refused the request (HTTP 403): the user or API key lacks the rights to read or write consents.",
        ),
        "http_404": QT_TRANSLATE_NOOP(
            "Sentences", "{system} has nothing at this address (HTTP 404): check the address in Settings."
        ),
        "http_rejected_vendor": QT_TRANSLATE_NOOP(
            "Sentences", "{system} rejected the request (HTTP {status}): {vendor}"
        ),
        "http_rejected": QT_TRANSLATE_NOOP("Sentences", "{system} rejected the request (HTTP {status})"),
        "retry_after": QT_TRANSLATE_NOOP("Sentences", "{system} asked to wait {seconds} s (Retry-After)"),
        "cancelled_user": QT_TRANSLATE_NOOP("Sentences", "Cancelled by the user."),
        "http_421": QT_TRANSLATE_NOOP(
            "Sentences",
            "{system} answered that this tenant is served from another host (HTTP "
            "421) and looking it up again did not help.",
        ),
        # the sign-in's token endpoint or state service not answering properly ({why}: the HTTP layer's sentence)
        "so_sign_in_failed": QT_TRANSLATE_NOOP("Sentences", "Could not {what}: {why}"),
        # a 2xx answer whose body is SuperOffice's error object ({"Error": true, "ErrorMessage": ...})
        "so_error_in_answer": QT_TRANSLATE_NOOP(
            "Sentences", "SuperOffice answered as if it succeeded but reported an error: {vendor}"
        ),
        "so_error_in_answer_bare": QT_TRANSLATE_NOOP(
            "Sentences", "SuperOffice answered as if it succeeded but reported an error."
        ),
        "paging_unordered": QT_TRANSLATE_NOOP("Sentences", "the rows of a page were not in id order"),
        # SuperOffice: a short page with `odata.nextLink` set whose rows have no id to read on from
        "paging_next_no_ids": QT_TRANSLATE_NOOP(
            "Sentences", "a short page said more rows follow but had no row ids to read on from"
        ),
        # eMarketeer: asked for items changed since {when}, a full page brought only earlier or already read ones
        "paging_time_filter": QT_TRANSLATE_NOOP(
            "Sentences",
            "items from before {when} came again when only later ones were asked for: its time filter {param} is "
            "probably not honoured",
        ),
        # SuperOffice: after a 421 the state service named a plain http:// address on another machine
        "so_moved_plain_http": QT_TRANSLATE_NOOP(
            "Sentences",
            "SuperOffice's state service moved this tenant to http://{host}, without encryption; the app does not "
            "send the sign-in there in clear text. Check the SuperOffice address and the network's proxy.",
        ),
        # eMarketeer: pages served in a cycle (A, B, A, B) without a total
        "paging_page_again": QT_TRANSLATE_NOOP("Sentences", "page {asked} held the same items as page {earlier}"),
    },
)

# ------------------------------------------------------------------ the services: connectors, sign-in, keyring, store, lock
for _context, _templates in service_kinds.ALL.items():
    _kinds(_context, _templates)

# store/: a schema-0 file with tables that are no release's (a restored SQL dump loses PRAGMA user_version)
_kinds(
    "Sentences",
    {
        "db_unversioned_unknown": QT_TRANSLATE_NOOP(
            "Sentences",
            "The history database at {path} has tables but no schema version, and they are not those of any version "
            "of Legal Basis Sync (as after restoring a damaged or edited SQL dump); it was left untouched. Restore a "
            "copy of it (a history.sqlite3.bak-v… file beside it) or point the app at another data directory.",
        ),
    },
)

# Only placeholders and no words: the same in every language (tests/test_i18n.py knows them by this).
WORDLESS = frozenset(
    key for key, (_, template) in KINDS.items() if not re.search(r"[^\W\d_]", _PLACEHOLDER.sub("", template))
)


def listing(items: Sequence[Message | str]) -> Message | str:
    """ "a, b and c" as one message, its "and" in the window's language (one item: that item as it is)."""
    said = items[-1]
    if len(items) > 1:
        said = Message.of("and_pair", first=items[-2], second=said)
    for item in reversed(items[:-2]):
        said = Message.of("comma_pair", first=item, second=said)
    return said


__all__ = [
    "CODES",
    "KINDS",
    "Message",
    "TIMES",
    "WORDLESS",
    "english",
    "error_text",
    "json_of",
    "json_of_many",
    "listing",
    "many_from_json",
    "message_text",
]
