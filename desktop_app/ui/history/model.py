"""Table models for the history view: runs, and the decisions and errors of a run or of one contact.

Fed with the store's immutable records (RunRecord, DecisionRecord, ErrorRecord), never with ORM
objects. Each model sorts itself in Python on precomputed native keys (`sort()`), so a first full
sync with tens of thousands of changes sorts in milliseconds instead of calling back into Python
for every comparison a QSortFilterProxyModel would make.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.messages import Message, english, message_text
from ...domain.model import LegalBasis, Purpose, RunMode, RunStatus, System, Trigger
from ...domain.names import basis_name as basis_label
from ...domain.names import purpose_name, purpose_short
from ...domain.review import error_rules, format_local
from ...i18n import QT_TRANSLATE_NOOP, decimal, number, translate
from ...store import DecisionRecord, DecisionStatus, ErrorRecord, RunRecord
from .. import theme
from ..status_text import mode_label, trigger_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # native values: datetime, str, int, bool (None when unknown)

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def trigger_text(trigger: Trigger | None) -> str:
    """What started a run, in Home's words ("Sync now", "Preview"): one name for one thing across the tabs."""
    return "" if trigger is None else trigger_label(trigger)


def mode_text(mode: RunMode | None) -> str:
    """How much a run read, in Home's words ("Full read"), capitalised for a column of its own."""
    if mode is None:
        return ""
    text = mode_label(mode)
    return text[:1].upper() + text[1:]


def preview_text(dry_run: bool) -> str:
    """A dry run (R16) is a "Preview" in the window, as Home, Conflicts and the Trigger column call it."""
    return translate("HistoryModel", "Preview") if dry_run else ""


STATUS_LABELS = {
    RunStatus.RUNNING: QT_TRANSLATE_NOOP("HistoryModel", "Running"),
    RunStatus.DONE: QT_TRANSLATE_NOOP("HistoryModel", "Done"),
    RunStatus.STOPPED: QT_TRANSLATE_NOOP("HistoryModel", "Stopped"),
    RunStatus.FAILED: QT_TRANSLATE_NOOP("HistoryModel", "Failed"),
    RunStatus.INTERRUPTED: QT_TRANSLATE_NOOP("HistoryModel", "Interrupted"),
    RunStatus.SKIPPED: QT_TRANSLATE_NOOP("HistoryModel", "Skipped"),
    RunStatus.HELD: QT_TRANSLATE_NOOP("HistoryModel", "Held for review"),
}
DECISION_STATUS_LABELS = {
    DecisionStatus.PLANNED: QT_TRANSLATE_NOOP("HistoryModel", "Planned (preview)"),
    DecisionStatus.AGREED: QT_TRANSLATE_NOOP("HistoryModel", "Agreed"),
    DecisionStatus.PENDING: QT_TRANSLATE_NOOP("HistoryModel", "Pending"),
    DecisionStatus.APPLIED: QT_TRANSLATE_NOOP("HistoryModel", "Applied"),
    DecisionStatus.FAILED: QT_TRANSLATE_NOOP("HistoryModel", "Failed"),
    DecisionStatus.SUPERSEDED: QT_TRANSLATE_NOOP("HistoryModel", "Decided again (R14)"),
    DecisionStatus.NOT_APPLIED: QT_TRANSLATE_NOOP("HistoryModel", "Not applied"),
    DecisionStatus.UNCONFIRMED: QT_TRANSLATE_NOOP("HistoryModel", "Not confirmed: changed since"),
    DecisionStatus.HELD: QT_TRANSLATE_NOOP("HistoryModel", "Held for review (R24)"),
    DecisionStatus.FLAPPING: QT_TRANSLATE_NOOP("HistoryModel", "Not written: changed back again and again (R25)"),
}


def _red() -> QColor:  # the theme's colours, light or dark, when asked (theme.py)
    return theme.colour(theme.BAD)


def _amber() -> QColor:
    return theme.colour(theme.WARN)


def _grey() -> QColor:
    return theme.colour(theme.MUTED)


class Column(NamedTuple):
    header: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any]  # a native value; None sorts first
    tooltip: str | None = None
    numeric: bool = False


H = "HistoryModel"  # the translation context of this module's words
# The entry kinds are English inside (HistoryEntry.kind); these mark them for the catalogue.
_KINDS = (
    QT_TRANSLATE_NOOP("HistoryModel", "Change"),
    QT_TRANSLATE_NOOP("HistoryModel", "Would change"),
    QT_TRANSLATE_NOOP("HistoryModel", "Agreed"),
    QT_TRANSLATE_NOOP("HistoryModel", "Error"),
    QT_TRANSLATE_NOOP("HistoryModel", "Not synced"),
    QT_TRANSLATE_NOOP("HistoryModel", "Answer"),
)


def _label(mapping: dict, value) -> str:
    return "" if value is None else translate("HistoryModel", mapping[value]) if value in mapping else str(value)


def _time_key(value: datetime | None) -> float:
    return float("-inf") if value is None else value.timestamp()


class RecordTableModel(QAbstractTableModel):
    """A read-only table of immutable records described by a list of Columns; sorts itself (see module doc)."""

    COLUMNS: Sequence[Column] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._records: tuple = ()
        self._order: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_records(self, records: Sequence) -> None:
        self.beginResetModel()
        self._records = tuple(records)
        self._order = self._sorted()
        self.endResetModel()

    def records(self) -> tuple:
        return self._records

    def record_at(self, row: int):
        return self._records[self._order[row]]

    def _sorted(self) -> list[int]:
        indices = range(len(self._records))
        if self._sort_column < 0:
            return list(indices)
        getter = self.COLUMNS[self._sort_column].sort
        keys = []
        for r in self._records:
            value = getter(r)
            if isinstance(value, datetime):
                value = _time_key(value)
            elif isinstance(value, str):
                value = value.casefold()
            keys.append((value is not None, value if value is not None else 0))
        return sorted(indices, key=keys.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        column = max(column, -1)  # -1: the order the records were given in
        if column >= len(self.COLUMNS) or (column, order) == (self._sort_column, self._sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        held = [(p, self._order[p.row()]) for p in self.persistentIndexList() if p.isValid()]
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted()
        if held:
            where = {i: n for n, i in enumerate(self._order)}
            self.changePersistentIndexList([p for p, _ in held], [self.index(where[i], p.column()) for p, i in held])
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == _DISPLAY:
                return translate("HistoryModel", self.COLUMNS[section].header)
            if role == _TOOLTIP:
                tip = self.COLUMNS[section].tooltip
                return translate("HistoryModel", tip) if tip else None
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if not index.isValid() or index.row() >= len(self._order):
            return None
        record = self._records[self._order[index.row()]]
        column = self.COLUMNS[index.column()]
        if role == _DISPLAY:
            return column.display(record)
        if role == SORT_ROLE:
            return column.sort(record)
        if role == _ALIGN:
            return _NUMBER_ALIGN if column.numeric else None
        if role == _TOOLTIP:
            return self.tooltip(record, index.column())
        if role == _FOREGROUND:
            return self.foreground(record, index.column())
        return None

    def tooltip(self, record, column: int) -> str | None:
        return None

    def foreground(self, record, column: int):
        return None


# ---------------------------------------------------------------------- runs

RUN_ID = 0
RUN_STARTED = 1
RUN_TRIGGER = 2
RUN_MODE = 3
RUN_DRY = 4
RUN_STATUS = 5
RUN_CHANGES = 6
RUN_CONFLICTS = 7
RUN_ERRORS = 8
RUN_ENDED = 9
RUN_MESSAGE = 10


def _duration(run: RunRecord) -> float | None:
    if run.ended_at is None or run.started_at is None:
        return None
    return (run.ended_at - run.started_at).total_seconds()


def _ended_text(run: RunRecord) -> str:
    if run.ended_at is None:
        return ""
    seconds = _duration(run) or 0.0
    took = (
        translate("HistoryModel", "{seconds} s").format(seconds=decimal(seconds, 1))
        if seconds < 60
        else translate("HistoryModel", "{minutes} min").format(minutes=f"{seconds / 60:.0f}")
    )
    return f"{format_local(run.ended_at)} ({took})"


def run_message(run: RunRecord) -> str:
    """The run's message in the window's words. The engine's English ("Dry run: nothing was written.") stays what the
    history database, the command line and the exports keep; the window calls a dry run a preview, as everywhere."""
    said = run.said
    if said is not None and said.key == "dry_run":
        return translate("HistoryModel", "Preview: nothing was written.")
    if said is not None and said.key == "dry_run_held":
        return translate(
            "HistoryModel",
            "Preview: nothing was written. A real sync would be held by the mass-change brake: it would change {n} "
            "legal bases ({why}).",
        ).format(n=number(said.arg("n") or 0), why=message_text(said.arg("why")))
    return message_text(said, run.message or "")


class RunsModel(RecordTableModel):
    """Runs, newest first until the user sorts otherwise."""

    COLUMNS = (
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Run"), lambda r: str(r.id), lambda r: r.id, numeric=True),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Started"), lambda r: format_local(r.started_at), lambda r: r.started_at
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Trigger"),
            lambda r: trigger_text(r.trigger),
            lambda r: trigger_text(r.trigger),
            QT_TRANSLATE_NOOP(
                "HistoryModel", "What started the run: a person, the 30-minute schedule, a send (R3, R10), or a preview"
            ),
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Mode"),
            lambda r: mode_text(r.mode),
            lambda r: mode_text(r.mode),
            QT_TRANSLATE_NOOP(
                "HistoryModel", "Full read: everything read; incremental read: what changed since the last run (R21)"
            ),
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Preview"),
            lambda r: preview_text(r.dry_run),
            lambda r: r.dry_run,
            QT_TRANSLATE_NOOP("HistoryModel", "A preview computes every decision and writes nothing (R16)"),
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Status"),
            lambda r: _label(STATUS_LABELS, r.status),
            lambda r: _label(STATUS_LABELS, r.status),
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Changes"),
            lambda r: number(r.changes),
            lambda r: r.changes,
            QT_TRANSLATE_NOOP("HistoryModel", "Values written (for a preview: that would be written)"),
            numeric=True,
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Conflicts"),
            lambda r: number(r.conflicts),
            lambda r: r.conflicts,
            QT_TRANSLATE_NOOP("HistoryModel", "Near-simultaneous changes decided by the more restrictive value (R13)"),
            numeric=True,
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Errors"),
            lambda r: number(r.errors),
            lambda r: r.errors,
            QT_TRANSLATE_NOOP("HistoryModel", "Contacts that could not be synced, with the reason (R17)"),
            numeric=True,
        ),
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Ended"), _ended_text, lambda r: r.ended_at),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Message"),
            lambda r: run_message(r),
            lambda r: r.message or "",
        ),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sort_column = RUN_ID
        self._sort_order = Qt.SortOrder.DescendingOrder

    def row_of(self, run_id: int) -> int:
        for n, i in enumerate(self._order):
            if self._records[i].id == run_id:
                return n
        return -1

    def tooltip(self, run: RunRecord, column: int) -> str | None:
        status = _label(STATUS_LABELS, run.status).lower()
        lines = [translate("HistoryModel", "Run {id}: {status}").format(id=run.id, status=status)]
        lines.append(
            translate(
                "HistoryModel", "{matched} contacts in both systems; only in SuperOffice {so}, only in eMarketeer {em}"
            ).format(
                matched=number(run.matched), so=number(run.unmatched_superoffice), em=number(run.unmatched_emarketeer)
            )
        )
        if run.only:
            shown = ", ".join(run.only[:5]) + (
                translate("HistoryModel", " and {n} more").format(n=len(run.only) - 5) if len(run.only) > 5 else ""
            )
            lines.append(translate("HistoryModel", "Only: {addresses}").format(addresses=shown))
        if run.message:
            lines.append(run_message(run))
        return "\n".join(lines)

    def foreground(self, run: RunRecord, column: int):
        if column == RUN_STATUS:
            if run.status in (RunStatus.FAILED, RunStatus.INTERRUPTED):
                return QBrush(_red())
            if run.status in (RunStatus.STOPPED, RunStatus.SKIPPED):
                return QBrush(_amber())
        if column == RUN_ERRORS and run.errors:
            return QBrush(_red())
        if column == RUN_CONFLICTS and run.conflicts:
            return QBrush(_amber())
        if run.dry_run and column in (RUN_DRY, RUN_CHANGES):
            return QBrush(_grey())
        return None


# ------------------------------------------------------------ decisions and errors


class HistoryEntry(NamedTuple):
    """One line of a run's (or a contact's) history: a recorded decision or an error, flattened for display."""

    kind: str  # "Change", "Would change", "Agreed", "Error"
    run_id: int
    email: str
    purpose: Purpose | None
    target: System | None
    old: LegalBasis | None
    new: LegalBasis | None
    superoffice: str  # "Consent, 2026-05-28 14:03"
    emarketeer: str
    rules: str
    status: str
    when: datetime | None
    why: Message | str  # a decision's typed why (and what became of the write); an answer's words
    is_error: bool
    conflict: bool


def _side(basis: LegalBasis | None, changed_at: datetime | None) -> str:
    when = format_local(changed_at)
    return f"{basis_label(basis)}, {when}" if when else basis_label(basis)


def entry_from_decision(d: DecisionRecord) -> HistoryEntry:
    if d.target is None:
        kind = "Agreed"
    elif d.status in (DecisionStatus.PLANNED, DecisionStatus.HELD, DecisionStatus.FLAPPING):
        kind = "Would change"  # a preview's (dry run), or held for a person (R24) or stopped (R25): nothing written
    else:
        kind = "Change"
    why: Message | str = d.why()  # recomputed from the recorded decision, never parsed back
    if d.message:  # what became of the write, stored in English
        why = Message.of("why_then", why=why, then=d.message)
    return HistoryEntry(
        kind,
        d.run_id,
        d.email,
        d.purpose,
        d.target,
        d.old,
        d.new,
        _side(d.superoffice.basis, d.superoffice.changed_at),
        _side(d.emarketeer.basis, d.emarketeer.changed_at),
        ", ".join(d.rules),
        _label(DECISION_STATUS_LABELS, d.status),
        d.applied_at or d.recorded_at,
        why,
        d.status in (DecisionStatus.FAILED, DecisionStatus.NOT_APPLIED, DecisionStatus.UNCONFIRMED),
        d.conflict,
    )


def entry_from_answer(a) -> HistoryEntry:
    """R24: a person's answer to a held decision (store AnswerRecord), as a line of the contact's history."""
    if a.answer == "approve":
        status = translate("HistoryModel", "Approved by {user}").format(user=a.answered_by)
        new = a.new
    else:
        status = translate("HistoryModel", "Kept withdrawn by {user}").format(user=a.answered_by)
        new = LegalBasis.WITHDRAWN
    why = {
        "open": translate("HistoryModel", "Answer waiting for the next sync"),
        "used": translate("HistoryModel", "Carried out by run {run}").format(run=a.run_id),
        "void": translate("HistoryModel", "Void: the values changed before it was carried out"),
        "replaced": translate("HistoryModel", "Replaced by a later answer"),
        "void_holds_off": translate(
            "HistoryModel", "Void: holds for review were switched off, and the sync decided the pair by R5"
        ),
        "void_gone": translate("HistoryModel", "Void: the contact is in neither system any more"),
    }.get(a.status, a.status)
    old = a.superoffice.basis if a.target is System.SUPEROFFICE else a.emarketeer.basis
    return HistoryEntry(
        "Answer",
        a.run_id or 0,
        a.email,
        a.purpose,
        a.target,
        old,
        new,
        _side(a.superoffice.basis, a.superoffice.changed_at),
        _side(a.emarketeer.basis, a.emarketeer.changed_at),
        "R24",
        status,
        a.answered_at,
        why,
        False,
        False,
    )


def entry_from_error(e: ErrorRecord) -> HistoryEntry:
    # In the window's language from the typed message stored with the row; rows from before messages were typed keep
    # their English.
    text = message_text(e.said, e.reason)
    system = f"{e.system.label}: " if e.system is not None and not text.startswith(e.system.label) else ""
    return HistoryEntry(
        "Error",
        e.run_id,
        e.email,
        e.purpose,
        None,
        None,
        None,
        "",
        "",
        ",".join(r.value for r in error_rules(e.said)),  # R13 or R17 (domain.review.error_rules)
        translate("HistoryModel", "Not synced"),
        e.recorded_at,
        system + text,
        True,
        False,
    )


ENTRY_KIND = 0
ENTRY_RUN = 1
ENTRY_EMAIL = 2
ENTRY_PURPOSE = 3
ENTRY_CHANGE = 4
ENTRY_STATUS = 5
ENTRY_RULES = 6
ENTRY_WHEN = 7
ENTRY_SO = 8
ENTRY_EM = 9
ENTRY_WHY = 10

PURPOSE_SHORT = {Purpose.STORE: "Store", Purpose.MARKETING: "Marketing"}  # English; shown: purpose_short


def _change_text(e: HistoryEntry) -> str:
    if e.target is None:
        return ""
    return f"{e.target.label}: {basis_label(e.old)} → {basis_label(e.new)}"


def why_text(why: Message | str) -> str:
    """A "why" (an explanation, perhaps followed by the write's message) in the user's language."""
    return message_text(why)


def describe_entry(e: HistoryEntry) -> str:
    """One history line in sentences (the pane under the table and the tooltips)."""
    purpose = purpose_name(e.purpose)
    head = translate("HistoryModel", "{kind} in run {id}: {email}, {purpose}").format(
        kind=translate("HistoryModel", e.kind), id=e.run_id, email=e.email, purpose=purpose
    )
    parts = [head + "."]
    if e.target is not None:
        status = e.status[:1].lower() + e.status[1:] + (f", {format_local(e.when)}" if e.when else "")  # (R24) stays
        if e.kind == "Would change":  # not written: never worded as if the value had been set
            said = translate("HistoryModel", "{system} would be set from {old} to {new}: {status}.")
        else:
            said = translate("HistoryModel", "{system} set from {old} to {new} ({status}).")
        parts.append(said.format(system=e.target.label, old=basis_label(e.old), new=basis_label(e.new), status=status))
    elif e.when is not None:
        parts.append(f"{e.status}, {format_local(e.when)}.")
    if e.superoffice or e.emarketeer:
        nothing = translate("HistoryModel", "nothing")
        parts.append(
            translate("HistoryModel", "When decided, SuperOffice had {so} and eMarketeer had {em}.").format(
                so=e.superoffice or nothing, em=e.emarketeer or nothing
            )
        )
    why = why_text(e.why)
    parts.append(translate("HistoryModel", "Why: {why}").format(why=why) + ("" if why.endswith(".") else "."))
    if e.rules:
        parts.append(translate("HistoryModel", "Rule {rules}.").format(rules=e.rules))
    return " ".join(parts)


class EntriesModel(RecordTableModel):
    """Decisions and errors (of one run, or of one contact across runs), in the order given until sorted."""

    COLUMNS = (
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Type"), lambda e: translate("HistoryModel", e.kind), lambda e: e.kind
        ),
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Run"), lambda e: str(e.run_id), lambda e: e.run_id, numeric=True),
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Address"), lambda e: e.email, lambda e: e.email),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Purpose"),
            lambda e: purpose_short(e.purpose),
            lambda e: e.purpose.index if e.purpose is not None else -1,
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "Change"),
            _change_text,
            _change_text,
            QT_TRANSLATE_NOOP("HistoryModel", "Which system was set, from which value to which"),
        ),
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Status"), lambda e: e.status, lambda e: e.status),
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Rule"), lambda e: e.rules, lambda e: e.rules),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "When"),
            lambda e: format_local(e.when),
            lambda e: e.when,
            QT_TRANSLATE_NOOP("HistoryModel", "When it was applied (or recorded)"),
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "SuperOffice then"),
            lambda e: e.superoffice,
            lambda e: e.superoffice,
            QT_TRANSLATE_NOOP("HistoryModel", "SuperOffice's value and change time when the run decided"),
        ),
        Column(
            QT_TRANSLATE_NOOP("HistoryModel", "eMarketeer then"),
            lambda e: e.emarketeer,
            lambda e: e.emarketeer,
            QT_TRANSLATE_NOOP("HistoryModel", "eMarketeer's value and change time when the run decided"),
        ),
        Column(QT_TRANSLATE_NOOP("HistoryModel", "Why"), lambda e: why_text(e.why), lambda e: english(e.why)),
    )

    def tooltip(self, entry: HistoryEntry, column: int) -> str | None:
        return describe_entry(entry)

    def foreground(self, entry: HistoryEntry, column: int):
        if entry.is_error and column in (ENTRY_KIND, ENTRY_STATUS, ENTRY_WHY):
            return QBrush(_red())
        if entry.conflict and column in (ENTRY_KIND, ENTRY_WHY):
            return QBrush(_amber())
        if entry.kind == "Agreed":
            return QBrush(_grey())
        return None


__all__ = [
    "Column",
    "EntriesModel",
    "HistoryEntry",
    "RecordTableModel",
    "RunsModel",
    "SORT_ROLE",
    "describe_entry",
    "entry_from_decision",
    "entry_from_error",
]
