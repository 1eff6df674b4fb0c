"""The conflict view's table model: immutable ConflictRows in, filtered and sorted in plain Python, out to Qt.

Why the filtering and sorting live in the model and not in QSortFilterProxyModel: with a Python
model every comparison or `filterAcceptsRow` the proxy makes is a call back into Python. On
200,000 rows that measured 0.15 s just to open, 0.13-0.67 s to apply or clear one filter and
19.5 s to sort by a time column (benchmarks/bench_conflict_model.py --naive), against 40-60 ms per
filter and 60-150 ms per sort here, repaint included. Here a filter is one list comprehension over precomputed
flags and lowercase addresses, and a sort is one `sorted()` over precomputed native keys. The
proxy (`ConflictFilterProxy`) keeps the usual Qt shape for the view and forwards to the model;
it never filters or sorts on its own, so its rows are the model's rows in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap

from ...domain.model import Purpose, System
from ...domain.messages import message_text, wording_and_times
from ...domain.words import basis_name as basis_label, purpose_short
from ...i18n import QT_TRANSLATE_NOOP, translate
from ...domain.review import Action, ConflictRow, RowKind, decision_sentence, decision_text, format_local
from .. import theme

# Columns, in display order.
COL_EMAIL = 0
COL_PURPOSE = 1
COL_SO_VALUE = 2
COL_SO_CHANGED = 3
COL_SO_PERSON = 4
COL_EM_VALUE = 5
COL_EM_CHANGED = 6
COL_BASELINE = 7
COL_BASELINE_SINCE = 8
COL_DECISION = 9
COL_WINNER = 10
COL_RULES = 11
COL_EXPLANATION = 12
COLUMN_COUNT = 13

HEADERS = {
    COL_EMAIL: QT_TRANSLATE_NOOP("ConflictTableModel", "Address"),
    COL_PURPOSE: QT_TRANSLATE_NOOP("ConflictTableModel", "Purpose"),
    COL_SO_VALUE: QT_TRANSLATE_NOOP("ConflictTableModel", "SuperOffice"),
    COL_SO_CHANGED: QT_TRANSLATE_NOOP("ConflictTableModel", "SuperOffice\nchanged"),
    COL_SO_PERSON: QT_TRANSLATE_NOOP("ConflictTableModel", "Person"),
    COL_EM_VALUE: QT_TRANSLATE_NOOP("ConflictTableModel", "eMarketeer"),
    COL_EM_CHANGED: QT_TRANSLATE_NOOP("ConflictTableModel", "eMarketeer\nchanged"),
    COL_BASELINE: QT_TRANSLATE_NOOP("ConflictTableModel", "Last agreed"),
    COL_BASELINE_SINCE: QT_TRANSLATE_NOOP("ConflictTableModel", "Agreed\nsince"),
    COL_DECISION: QT_TRANSLATE_NOOP("ConflictTableModel", "Decision"),
    COL_WINNER: QT_TRANSLATE_NOOP("ConflictTableModel", "Winner"),
    COL_RULES: QT_TRANSLATE_NOOP("ConflictTableModel", "Rule"),
    COL_EXPLANATION: QT_TRANSLATE_NOOP("ConflictTableModel", "Why"),
}
HEADER_TIPS = {
    COL_SO_VALUE: QT_TRANSLATE_NOOP("ConflictTableModel", "SuperOffice's legal basis; bold when it wins (— : no person with this address)"),
    COL_EM_VALUE: QT_TRANSLATE_NOOP("ConflictTableModel", "eMarketeer's legal basis; bold when it wins (— : no contact with this address)"),
    COL_DECISION: QT_TRANSLATE_NOOP("ConflictTableModel", "What a sync does with this contact and purpose"),
    COL_SO_PERSON: QT_TRANSLATE_NOOP("ConflictTableModel", "The SuperOffice person used; with duplicates, the oldest one (R9)"),
    COL_BASELINE: QT_TRANSLATE_NOOP("ConflictTableModel", "The value both systems last agreed on (R13)"),
    COL_BASELINE_SINCE: QT_TRANSLATE_NOOP("ConflictTableModel", "When both systems last agreed (the later of their change times then)"),
    COL_WINNER: QT_TRANSLATE_NOOP("ConflictTableModel", "The system whose value wins"),
    COL_RULES: QT_TRANSLATE_NOOP("ConflictTableModel", "The rule from the specification that decided (R5, R9, R11, R12, R13, R17)"),
}

# Data roles beyond Qt's own.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # native values: datetime, str, int (None when unknown)

# Filter flags, one int per row.
FLAG_DISAGREEMENT = 1
FLAG_DUPLICATES = 2
FLAG_ERROR = 4
FLAG_CONFLICT = 8
FLAG_HELD = 16  # R24: waits for a person's answer

PURPOSE_SHORT = {Purpose.STORE: "Store", Purpose.MARKETING: "Marketing", None: "Both"}  # English; shown: purpose_short
_MISSING = "—"  # the contact does not exist in that system (R11)
_NEG_INF = float("-inf")

_DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
_TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
_FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
_BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
_DECORATION_ROLE = Qt.ItemDataRole.DecorationRole
_FONT_ROLE = Qt.ItemDataRole.FontRole
_ALIGN_ROLE = Qt.ItemDataRole.TextAlignmentRole


def header_text(column: int) -> str:
    """A column's title in the user's language."""
    return translate("ConflictTableModel", HEADERS[column])


def _value_text(present: bool, basis) -> str:
    return basis_label(basis) if present else _MISSING


def _person_text(row: ConflictRow) -> str:
    if row.so_person_id is None:
        return _MISSING if not row.so_present else ""
    if row.so_person_count > 1:
        return translate("ConflictTableModel", "{id} (oldest of {n})").format(id=row.so_person_id,
                                                                              n=row.so_person_count)
    return str(row.so_person_id)


def _display(row: ConflictRow, column: int) -> str:
    if column == COL_EMAIL:
        return row.email
    if column == COL_PURPOSE:
        return purpose_short(row.purpose)
    if column == COL_SO_VALUE:
        return _value_text(row.so_present, row.so_basis)
    if column == COL_SO_CHANGED:
        return format_local(row.so_changed_at)
    if column == COL_SO_PERSON:
        return _person_text(row)
    if column == COL_EM_VALUE:
        return _value_text(row.em_present, row.em_basis)
    if column == COL_EM_CHANGED:
        return format_local(row.em_changed_at)
    if column == COL_BASELINE:
        return basis_label(row.baseline_basis) if row.has_baseline else ""
    if column == COL_BASELINE_SINCE:
        return format_local(row.baseline_since)
    if column == COL_DECISION:
        return decision_text(row)
    if column == COL_WINNER:
        return row.winner.label if row.winner is not None else ""
    if column == COL_RULES:
        return row.rules_text
    if column == COL_EXPLANATION:
        return message_text(row.explanation)
    return ""


def _sort_value(row: ConflictRow, column: int):
    """The native value a column sorts by (SORT_ROLE)."""
    if column == COL_SO_CHANGED:
        return row.so_changed_at
    if column == COL_EM_CHANGED:
        return row.em_changed_at
    if column == COL_BASELINE_SINCE:
        return row.baseline_since
    if column == COL_SO_PERSON:
        return row.so_person_id
    if column == COL_PURPOSE:
        return row.purpose.index if row.purpose is not None else -1
    return _display(row, column)


def _timestamp(value: datetime | None) -> float:
    return _NEG_INF if value is None else value.timestamp()


# Sort keys for a whole column at once, ordered like the native values; unknown values sort first.
_KEY_BUILDERS: dict[int, Callable[[Sequence[ConflictRow]], list]] = {
    COL_EMAIL: lambda rows: [r.email for r in rows],
    COL_PURPOSE: lambda rows: [r.purpose.index if r.purpose is not None else -1 for r in rows],
    COL_SO_CHANGED: lambda rows: [_timestamp(r.so_changed_at) for r in rows],
    COL_EM_CHANGED: lambda rows: [_timestamp(r.em_changed_at) for r in rows],
    COL_BASELINE_SINCE: lambda rows: [_timestamp(r.baseline_since) for r in rows],
    COL_SO_PERSON: lambda rows: [r.so_person_id if r.so_person_id is not None else -1 for r in rows],
}


def _explanation_keys(rows: Sequence[ConflictRow]) -> list:
    """The "why" column's sort keys: its wording in the window's language, then its times. Wording each of 200,000
    messages with its own times would take seconds; without the times there are only a few hundred wordings, each
    worded once, and the times break the ties."""
    cache: dict = {}
    out = []
    for r in rows:
        wording, times = wording_and_times(r.explanation)
        key = cache.get(wording)
        if key is None:
            key = cache[wording] = message_text(wording).casefold()
        out.append((key, times))
    return out


def _text_keys(column: int) -> Callable[[Sequence[ConflictRow]], list]:
    if column == COL_EXPLANATION:
        return _explanation_keys

    def build(rows: Sequence[ConflictRow]) -> list:
        cache: dict = {}  # few distinct texts per column except the explanation: format each once
        out = []
        for r in rows:
            text = _display(r, column)
            key = cache.get(text)
            if key is None:
                key = cache[text] = text.casefold()
            out.append(key)
        return out
    return build


def row_flags(row: ConflictRow) -> int:
    return ((FLAG_DISAGREEMENT if row.is_disagreement else 0) | (FLAG_DUPLICATES if row.has_duplicates else 0)
            | (FLAG_ERROR if row.is_error else 0) | (FLAG_CONFLICT if row.is_conflict else 0)
            | (FLAG_HELD if row.is_held else 0))


class _Palette:
    """Subtle hints, built once a QGuiApplication exists."""

    def __init__(self) -> None:
        # Readable on a light and on a dark theme (theme.py): the theme's own colours when the model starts.
        self.error_text = QBrush(theme.colour(theme.BAD))
        self.conflict_text = QBrush(theme.colour(theme.WARN))
        self.muted_text = QBrush(theme.colour(theme.MUTED))
        self.disagree_back = QBrush(theme.tint(theme.WARN, 40))  # a faint amber behind the two differing values
        self.bold = QFont()
        self.bold.setBold(True)
        # Pixmaps need a running QGuiApplication; without one (a bare model in a script) no dots.
        self.icons = {
            "error": _dot("#d93025"),
            "conflict": _dot("#f29900"),
            "write": _dot("#1a73e8"),
        } if QGuiApplication.instance() is not None else {}


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(1, 1, 8, 8)
    painter.end()
    return QIcon(pixmap)


class ConflictTableModel(QAbstractTableModel):
    """A flat table of ConflictRows; `set_rows` replaces them wholesale. Filters and sorts in Python (module doc)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: tuple[ConflictRow, ...] = ()
        self._flags: list[int] = []
        self._purposes: list[int] = []  # Purpose.index, -1 for a contact-wide error
        self._emails: list[str] = []  # lowercase, for the search
        self._order: list[int] = []  # every row index in the current sort order
        self._visible: list[int] = []  # the rows shown, in order: _order filtered
        self._sort_keys: dict[int, list] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._required = 0  # flags a row must all have
        self._purpose: Purpose | None = None
        self._needle = ""
        self._palette: _Palette | None = None

    # ------------------------------------------------------------- feeding

    def set_rows(self, rows: Sequence[ConflictRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._flags = [row_flags(r) for r in self._rows]
        self._purposes = [r.purpose.index if r.purpose is not None else -1 for r in self._rows]
        self._emails = [r.email.lower() for r in self._rows]
        self._sort_keys = {}
        self._order = self._sorted(range(len(self._rows)))
        self._visible = self._filtered()
        self.endResetModel()

    def rows(self) -> tuple[ConflictRow, ...]:
        return self._rows

    def row_at(self, row: int) -> ConflictRow:
        """The ConflictRow shown at a (model) row."""
        return self._rows[self._visible[row]]

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    # ------------------------------------------------------------- filters

    def set_filters(self, *, disagreements: bool | None = None, duplicates: bool | None = None,
                    errors: bool | None = None, conflicts: bool | None = None, held: bool | None = None,
                    purpose: Purpose | None | str = "keep", search: str | None = None) -> None:
        """Change any of the filters (None / "keep" leaves one as it is); the rows shown are recomputed once."""
        required = self._required
        for wanted, flag in ((disagreements, FLAG_DISAGREEMENT), (duplicates, FLAG_DUPLICATES),
                             (errors, FLAG_ERROR), (conflicts, FLAG_CONFLICT), (held, FLAG_HELD)):
            if wanted is not None:
                required = (required | flag) if wanted else (required & ~flag)
        new_purpose = self._purpose if purpose == "keep" else purpose
        needle = self._needle if search is None else search.strip().lower()
        if (required, new_purpose, needle) == (self._required, self._purpose, self._needle):
            return
        self._required, self._purpose, self._needle = required, new_purpose, needle
        self.beginResetModel()
        self._visible = self._filtered()
        self.endResetModel()

    def filters(self) -> dict:
        return {
            "disagreements": bool(self._required & FLAG_DISAGREEMENT),
            "duplicates": bool(self._required & FLAG_DUPLICATES),
            "errors": bool(self._required & FLAG_ERROR),
            "conflicts": bool(self._required & FLAG_CONFLICT),
            "held": bool(self._required & FLAG_HELD),
            "purpose": self._purpose,
            "search": self._needle,
        }

    def _filtered(self) -> list[int]:
        rows = self._order
        required = self._required
        if required:
            flags = self._flags
            rows = [i for i in rows if flags[i] & required == required]
        if self._purpose is not None:
            purposes = self._purposes
            wanted = self._purpose.index
            rows = [i for i in rows if purposes[i] == wanted or purposes[i] < 0]
        if self._needle:
            emails = self._emails
            needle = self._needle
            rows = [i for i in rows if needle in emails[i]]
        return rows if rows is not self._order else list(rows)

    # ------------------------------------------------------------- sorting

    def _keys(self, column: int) -> list:
        keys = self._sort_keys.get(column)
        if keys is None:
            builder = _KEY_BUILDERS.get(column) or _text_keys(column)
            keys = self._sort_keys[column] = builder(self._rows)
        return keys

    def _sorted(self, indices) -> list[int]:
        if self._sort_column < 0:
            return list(indices)
        keys = self._keys(self._sort_column)
        return sorted(indices, key=keys.__getitem__,
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= COLUMN_COUNT:
            return
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(p, self._visible[p.row()]) for p in persistent if p.isValid()]
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted(range(len(self._rows)))
        self._visible = self._filtered()
        if held:
            where = dict.fromkeys((i for _, i in held), -1)
            for position, i in enumerate(self._visible):
                if i in where:
                    where[i] = position
            new = [self.index(where[i], p.column()) if where[i] >= 0 else QModelIndex() for p, i in held]
            self.changePersistentIndexList([p for p, _ in held], new)
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    # ------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY_ROLE):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT:
            if role == _DISPLAY_ROLE:
                return header_text(section)
            if role == _TOOLTIP_ROLE:
                tip = HEADER_TIPS.get(section)
                return translate("ConflictTableModel", tip) if tip else None
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY_ROLE):
        if not index.isValid():
            return None
        r = index.row()
        if r >= len(self._visible):
            return None
        row = self._rows[self._visible[r]]
        column = index.column()
        if role == _DISPLAY_ROLE:
            return _display(row, column)
        if role == SORT_ROLE:
            return _sort_value(row, column)
        if role == _TOOLTIP_ROLE:
            return self._tooltip(row, column)
        if role == _FOREGROUND_ROLE:
            return self._foreground(row, column)
        if role == _BACKGROUND_ROLE:
            if row.is_disagreement and column in (COL_SO_VALUE, COL_EM_VALUE):
                return self._colors().disagree_back
            return None
        if role == _DECORATION_ROLE:
            if column == COL_DECISION:
                icons = self._colors().icons
                if row.is_error:
                    return icons.get("error")
                if row.is_conflict or row.is_held:
                    return icons.get("conflict")
                if row.action in (Action.WRITE_SUPEROFFICE, Action.WRITE_EMARKETEER):
                    return icons.get("write")
            return None
        if role == _FONT_ROLE:
            # The winning side's value in bold: the one the other system is about to receive.
            if row.winner is not None and column == (COL_SO_VALUE if row.winner is System.SUPEROFFICE
                                                     else COL_EM_VALUE):
                return self._colors().bold
            return None
        return None

    # ------------------------------------------------------------- hints

    def _colors(self) -> _Palette:
        if self._palette is None:
            self._palette = _Palette()
        return self._palette

    def _foreground(self, row: ConflictRow, column: int):
        if row.is_error and column in (COL_DECISION, COL_EXPLANATION):
            return self._colors().error_text
        if row.is_conflict and column in (COL_DECISION, COL_EXPLANATION):
            return self._colors().conflict_text
        if row.kind is RowKind.UNMATCHED or (row.kind is RowKind.IN_STEP and column == COL_EXPLANATION):
            return self._colors().muted_text
        return None

    def _tooltip(self, row: ConflictRow, column: int) -> str:
        text = message_text(row.explanation)
        if column in (COL_SO_PERSON, COL_SO_VALUE, COL_SO_CHANGED) and row.so_person_count > 1 and row.so_persons:
            lines = [translate("ConflictTableModel", "{n} SuperOffice persons have this address; the oldest is used (R9):").format(
                n=row.so_person_count)]
            for n, p in enumerate(row.so_persons):
                created = format_local(p.registered) or translate("ConflictTableModel", "creation time unknown")
                used = translate("ConflictTableModel", "  ← used") if n == 0 else ""
                lines.append(translate("ConflictTableModel", "  person {id} (created {when}): {basis}").format(
                    id=p.person_id, when=created, basis=basis_label(p.basis)) + used)
            return "\n".join(lines)
        if column == COL_DECISION:
            return f"{decision_sentence(row)}.\n{text}"
        return text


class ConflictFilterProxy(QSortFilterProxyModel):
    """The view's proxy. Filters and sorting are forwarded to the ConflictTableModel (see module doc).

    It deliberately neither filters nor sorts by itself, so proxy row n is model row n.
    """

    def __init__(self, model: ConflictTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def model(self) -> ConflictTableModel:
        source = self.sourceModel()
        assert isinstance(source, ConflictTableModel)
        return source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Not QSortFilterProxyModel.sort: that calls back into Python for every comparison.
        self.model().sort(column, order)

    def set_disagreements_only(self, on: bool) -> None:
        self.model().set_filters(disagreements=on)

    def set_duplicates_only(self, on: bool) -> None:
        self.model().set_filters(duplicates=on)

    def set_errors_only(self, on: bool) -> None:
        self.model().set_filters(errors=on)

    def set_conflicts_only(self, on: bool) -> None:
        self.model().set_filters(conflicts=on)

    def set_held_only(self, on: bool) -> None:
        """R24: only rows waiting for a person's answer."""
        self.model().set_filters(held=on)

    def set_purpose(self, purpose: Purpose | None) -> None:
        """None shows both purposes."""
        self.model().set_filters(purpose=purpose)

    def set_search(self, text: str) -> None:
        """Show only addresses containing `text` (case-insensitive)."""
        self.model().set_filters(search=text)

    def row_at(self, proxy_row: int) -> ConflictRow:
        return self.model().row_at(self.mapToSource(self.index(proxy_row, 0)).row())


__all__ = [
    "COLUMN_COUNT", "COL_BASELINE", "COL_BASELINE_SINCE", "COL_DECISION", "COL_EMAIL", "COL_EM_CHANGED",
    "COL_EM_VALUE", "COL_EXPLANATION", "COL_PURPOSE", "COL_RULES", "COL_SO_CHANGED", "COL_SO_PERSON",
    "COL_SO_VALUE", "COL_WINNER", "ConflictFilterProxy", "ConflictTableModel", "HEADERS", "SORT_ROLE",
]
