"""Names of purposes and legal bases as people read them, and the planner's "why" sentences in the user's language.

Pure Python (no Qt): `i18n.translate` gives the window's language, English elsewhere. The model's
`.label`s stay English because the audit trail, the logs and the command line are English; the
window shows these instead.

Vendor wording. English: both vendors' own names (SPEC "Words"). Swedish: SuperOffice's Swedish
client names the legal bases after the Swedish GDPR text ("Samtycke", "Berättigat intresse",
"Avtal", "Rättslig förpliktelse", "Allmänt intresse"); the names marked GUESS below were not
found in either vendor's Swedish material and follow the Swedish GDPR wording. eMarketeer's
Swedish documentation (shared/seeds/superoffice-legalbasis-sync.sv.md) quotes the purposes by
their English names, "Store and process" and "Marketing sendouts"; the Swedish ones are GUESSES.

`explanation_text` translates a row's explanation at display time: the planner and the review
build it in English once (200,000 rows off the GUI thread, and the same text goes into the history
database), and the window renders it in the chosen language, times in local time. A sentence it
does not know goes on to `sentences.said` (the engine's progress and the connectors', the keyring's,
the store's and sending's errors); one neither knows is shown as it is.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from .. import i18n
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..sentences import said
from .model import LegalBasis, Purpose, System
from .messages import message_text, set_untyped
# Re-exported (mypy's no_implicit_reexport) for the modules that still import the names from here.
from .names import basis_name as basis_name, purpose_name as purpose_name, purpose_short as purpose_short


# ------------------------------------------------------------------ the "why" sentences

_BASIS_BY_LABEL = {b.label: b for b in LegalBasis} | {"none": None}
_SYSTEMS = {s.label: s for s in System}
_BASIS = "|".join(re.escape(label) for label in sorted(_BASIS_BY_LABEL, key=len, reverse=True))
_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|never"
_SYSTEM = "SuperOffice|eMarketeer"
_PURPOSE = "|".join(re.escape(p.label) for p in Purpose)

_DUPLICATES = re.compile(r" \((oldest|latest-changed) of (\d+) SuperOffice persons with this address"
                         r"(, whose values differ)?\)$")
_TARGET = re.compile(rf"; ({_SYSTEM}) (set to|would be set to) ({_BASIS})$")
# Issue 12's additions to a decision's sentence (planner.Decision.explain, review.review_rows).
_BROUGHT = re.compile(r"; (\d+) other SuperOffice person\(s\) of the address brought to it \(R9\)$")
_HELD = "; held for review: it would reverse a withdrawal (R24)"
_APPROVED = " (approved by a person, R24)"
_SENTENCES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((key, re.compile(pattern)) for key, pattern in (
    ("agree", rf"Both systems say ({_BASIS}): nothing to write"),
    ("only_changed", rf"Only ({_SYSTEM}) changed since the last sync"),
    ("later", rf"({_SYSTEM}) changed later \(({_TIME}) vs ({_TIME})\)"),
    ("has_value", rf"({_SYSTEM}) has no legal basis; ({_SYSTEM}) has one"),
    ("skew", rf"Both changed within the clock-skew window \(({_TIME}) vs ({_TIME})\): the more restrictive value "
             r"wins; please review"),
    ("in_step", rf"In step: both say ({_BASIS}) since the last sync"),
    ("in_step_none", r"In step: neither has a legal basis for this purpose since the last sync"),
    ("only_in", rf"Only in ({_SYSTEM}): left alone \(no ({_SYSTEM}) (?:contact|person) has this address\)"),
    ("no_time", rf"({_SYSTEM}): legal basis ({_BASIS}) has no change time"),
    ("future", rf"({_SYSTEM}): change time ({_TIME}) is in the future"),
    ("dry_run", r"Dry run: nothing was written\."),  # the engine's message for a finished preview
    ("creation_default", r"SuperOffice's value is the default it gave the person at creation, not a person's "
                         r"decision; on a first match eMarketeer's value is kept \(R22\)"),
    ("duplicate", r"Another SuperOffice person with this address; brought to the value decided for the address "
                  r"\(R9\)"),
    ("kept_withdrawn", r"A person chose to keep the withdrawal \(R24\)"),
    ("held_run", r"Held by the mass-change brake: this run would change ([\d,]+) legal bases \((a first full run|for "
                 r"[\d,]+ matched contacts)\) and wrote nothing; a person can review and apply it, or run sync "
                 r"--allow-mass-change\."),
    ("removal", rf"({_SYSTEM}) no longer has a legal basis for ({_PURPOSE}) while ({_SYSTEM}) has ({_BASIS}); "
                r"a removal cannot be synced, please set it by hand"),
))


# Fixed sentences the engine records as a run's or a decision's message (sync/engine.py), as they are stored.
_FIXED = frozenset({
    QT_TRANSLATE_NOOP("Explanation", "Cancelled by the user; what was done is recorded."),
    QT_TRANSLATE_NOOP("Explanation", "The process running this sync ended before it finished (crash or kill)."),
    QT_TRANSLATE_NOOP("Explanation", "The target changed after the plan was made; decided again (R14)."),
})


def explanation_text(text: str) -> str:
    """A stored English sentence (a row's explanation, an error's reason, a run's message) in the user's language,
    times in local time; sentences it does not know are returned unchanged."""
    if not text:
        return text
    return _explain(i18n.generation(), text)


@lru_cache(maxsize=8192)
def _explain(_generation: int, text: str) -> str:
    if text in _FIXED:
        return translate("Explanation", text)
    rest, tail = text, ""
    if (m := _BROUGHT.search(rest)) is not None:
        tail = translate("Explanation", "; {n} other SuperOffice person(s) of the address brought to it (R9)").replace(
            "{n}", i18n.number(int(m.group(1))))
        rest = rest[:m.start()]
    if (m := _DUPLICATES.search(rest)) is not None:
        count = int(m.group(2))
        if m.group(1) == "oldest":
            text_ = (translate("Explanation", " (oldest of {n} SuperOffice persons with this address, whose values "
                                              "differ)") if m.group(3)
                     else translate("Explanation", " (oldest of {n} SuperOffice persons with this address)"))
        else:
            text_ = (translate("Explanation", " (latest-changed of {n} SuperOffice persons with this address, whose "
                                              "values differ)") if m.group(3)
                     else translate("Explanation", " (latest-changed of {n} SuperOffice persons with this address)"))
        tail = text_.replace("{n}", i18n.number(count)) + tail
        rest = rest[:m.start()]
    if rest.endswith(_HELD):
        tail = translate("Explanation", "; held for review: it would reverse a withdrawal (R24)") + tail
        rest = rest[:-len(_HELD)]
    elif rest.endswith(_APPROVED):
        tail = translate("Explanation", " (approved by a person, R24)") + tail
        rest = rest[:-len(_APPROVED)]
    if (m := _TARGET.search(rest)) is not None:
        verb = (translate("Explanation", "; {system} set to {basis}") if m.group(2) == "set to"
                else translate("Explanation", "; {system} would be set to {basis}"))
        tail = verb.format(system=m.group(1), basis=basis_name(_BASIS_BY_LABEL[m.group(3)])) + tail
        rest = rest[:m.start()]
    for key, pattern in _SENTENCES:
        m = pattern.fullmatch(rest)
        if m is not None:
            return _sentence(key, m.groups()) + tail
    return said(text, explanation_text)  # the engine's, the connectors', the store's and sending's sentences (desktop_app.sentences)


set_untyped(explanation_text)  # interim: see domain.messages.set_untyped


def error_text(exc: BaseException) -> str:
    """What the window says for an error: its `user_message` (else its text) in the window's language."""
    text = getattr(exc, "user_message", None) or str(exc)
    return message_text(getattr(exc, "said", None), str(text))


def _when(value: str) -> str:
    if value == "never":
        return translate("Explanation", "never")
    return i18n.format_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")), seconds=True)


def _sentence(key: str, g: tuple[str, ...]) -> str:
    if key == "agree":
        return translate("Explanation", "Both systems say {basis}: nothing to write").format(basis=basis_name(_BASIS_BY_LABEL[g[0]]))
    if key == "only_changed":
        return translate("Explanation", "Only {system} changed since the last sync").format(system=g[0])
    if key == "later":
        return translate("Explanation", "{system} changed later ({first} vs {second})").format(
            system=g[0], first=_when(g[1]), second=_when(g[2]))
    if key == "has_value":
        return translate("Explanation", "{empty} has no legal basis; {other} has one").format(empty=g[0], other=g[1])
    if key == "skew":
        return translate("Explanation", "Both changed within the clock-skew window ({first} vs {second}): the more restrictive "
                            "value wins; please review").format(first=_when(g[0]), second=_when(g[1]))
    if key == "in_step":
        return translate("Explanation", "In step: both say {basis} since the last sync").format(
            basis=basis_name(_BASIS_BY_LABEL[g[0]]))
    if key == "in_step_none":
        return translate("Explanation", "In step: neither has a legal basis for this purpose since the last sync")
    if key == "only_in":
        if _SYSTEMS[g[0]] is System.SUPEROFFICE:
            return translate("Explanation", "Only in SuperOffice: left alone (no eMarketeer contact has this address)")
        return translate("Explanation", "Only in eMarketeer: left alone (no SuperOffice person has this address)")
    if key == "no_time":
        return translate("Explanation", "{system}: legal basis {basis} has no change time").format(
            system=g[0], basis=basis_name(_BASIS_BY_LABEL[g[1]]))
    if key == "future":
        return translate("Explanation", "{system}: change time {when} is in the future").format(system=g[0], when=_when(g[1]))
    if key == "dry_run":
        return translate("Explanation", "Dry run: nothing was written.")
    if key == "creation_default":
        return translate("Explanation", "SuperOffice's value is the default it gave the person at creation, not a "
                                        "person's decision; on a first match eMarketeer's value is kept (R22)")
    if key == "duplicate":
        return translate("Explanation", "Another SuperOffice person with this address; brought to the value decided "
                                        "for the address (R9)")
    if key == "kept_withdrawn":
        return translate("Explanation", "A person chose to keep the withdrawal (R24)")
    if key == "held_run":
        why = (translate("Explanation", "a first full run") if g[1] == "a first full run"
               else translate("Explanation", "for {n} matched contacts").replace("{n}", g[1].split()[1]))
        return translate("Explanation", "Held by the mass-change brake: this run would change {n} legal bases ({why}) "
                                        "and wrote nothing; a person can review and apply it, or run sync "
                                        "--allow-mass-change.").replace("{n}", g[0]).replace("{why}", why)
    # removal
    purpose = next(p for p in Purpose if p.label == g[1])
    return translate("Explanation", "{system} no longer has a legal basis for {purpose} while {other} has {basis}; a removal "
                        "cannot be synced, please set it by hand").format(
        system=g[0], purpose=purpose_name(purpose), other=g[2], basis=basis_name(_BASIS_BY_LABEL[g[3]]))


# ------------------------------------------------------------------ the Checklist's sentences (issue 4)

_CHECKLIST_VALUE = re.compile(rf"Marketing sendouts: ({_BASIS})(?P<only>{re.escape(' (only in eMarketeer; SuperOffice has no person with this address)')})?\.")  # noqa: E501
_INVALID = re.compile(r"Invalid e-mail address (.*)\.")
_CHANGE = re.compile(rf"({_PURPOSE}): (.*?)\.?")
CANNOT_CHECK = "The sync could not check this address: "
ONLY_IN_EMARKETEER = " (only in eMarketeer; SuperOffice has no person with this address)"


def checklist_text(text: str) -> str:
    """A Checklist line's stored English "why" (domain.checklist) in the window's language; unknown ones unchanged."""
    from .checklist import FIXED_WHY

    if not text:
        return text
    if text in {m.english() for m in FIXED_WHY}:
        return translate("Checklist", text)
    if (m := _CHECKLIST_VALUE.fullmatch(text)) is not None:
        basis = basis_name(_BASIS_BY_LABEL[m.group(1)])
        if m.group("only"):
            return translate("Checklist", "Marketing sendouts: {basis} (only in eMarketeer; SuperOffice has no person with "
                                          "this address).").format(basis=basis)
        return translate("Checklist", "Marketing sendouts: {basis}.").format(basis=basis)
    if (m := _INVALID.fullmatch(text)) is not None:
        return translate("Checklist", "Invalid e-mail address {address}.").format(address=m.group(1))
    if text.startswith(CANNOT_CHECK):
        reasons = text[len(CANNOT_CHECK):].rstrip(".")
        return translate("Checklist", "The sync could not check this address: {reasons}.").format(
            reasons="; ".join(explanation_text(r) for r in reasons.split("; ")))
    return text


def checklist_change_text(text: str) -> str:
    """What the send-time sync changed ("Marketing sendouts: <the decision's explanation>."), in the window's language."""
    m = _CHANGE.fullmatch(text)
    if m is None:
        return text
    purpose = next(p for p in Purpose if p.label == m.group(1))
    return translate("Checklist", "{purpose}: {why}.").format(purpose=purpose_name(purpose),
                                                              why=explanation_text(m.group(2)))
