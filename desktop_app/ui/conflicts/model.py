"""The conflict view's table model: a preview's rows on disk (store.review_table), a page at a time, out to Qt.

A million rows must open in well under two seconds and filter in a few hundred milliseconds without a
Python object per row (issue 11). So the model holds no rows: the worker writes them into a
`ReviewTable` (a private SQLite file) and the model asks it for the count under the current filter
and for pages of 200 rows as the view paints them, keeping a few pages. Filters and sorting are SQL
(benchmarks/bench_conflict_model.py measures both at 1,000,000 rows). The proxy
(`ConflictFilterProxy`, an identity proxy) keeps the usual Qt shape for the view and forwards to the
model; it never filters or sorts on its own, so its rows are the model's rows in the same order.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap

from ...domain.messages import message_text
from ...domain.model import Purpose, System
from ...domain.names import basis_name as basis_label
from ...domain.names import purpose_short
from ...domain.review import Action, ConflictRow, RowKind, decision_sentence, decision_text, format_local
from ...i18n import QT_TRANSLATE_NOOP, translate
from ...store.review_table import (
    FLAG_CONFLICT,
    FLAG_DISAGREEMENT,
    FLAG_DUPLICATES,
    FLAG_ERROR,
    FLAG_HELD,
    PAGE,
    ReviewTable,
    RowFilter,
    row_flags,
)
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
    COL_SO_VALUE: QT_TRANSLATE_NOOP(
        "ConflictTableModel", "SuperOffice's legal basis; bold when it wins (— : no person with this address)"
    ),
    COL_EM_VALUE: QT_TRANSLATE_NOOP(
        "ConflictTableModel", "eMarketeer's legal basis; bold when it wins (— : no contact with this address)"
    ),
    COL_DECISION: QT_TRANSLATE_NOOP("ConflictTableModel", "What a sync does with this contact and purpose"),
    COL_SO_PERSON: QT_TRANSLATE_NOOP(
        "ConflictTableModel", "The SuperOffice person used; with duplicates, the oldest one (R9)"
    ),
    COL_BASELINE: QT_TRANSLATE_NOOP("ConflictTableModel", "The value both systems last agreed on (R13)"),
    COL_BASELINE_SINCE: QT_TRANSLATE_NOOP(
        "ConflictTableModel", "When both systems last agreed (the later of their change times then)"
    ),
    COL_WINNER: QT_TRANSLATE_NOOP("ConflictTableModel", "The system whose value wins"),
    COL_RULES: QT_TRANSLATE_NOOP(
        "ConflictTableModel", "The rule from the specification that decided (R5, R9, R11, R12, R13, R17, R22, R24)"
    ),
}

# Data roles beyond Qt's own.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # native values: datetime, str, int (None when unknown)

PURPOSE_SHORT = {Purpose.STORE: "Store", Purpose.MARKETING: "Marketing", None: "Both"}  # English; shown: purpose_short
_MISSING = "—"  # the contact does not exist in that system (R11)

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
        return translate("ConflictTableModel", "{id} (oldest of {n})").format(
            id=row.so_person_id, n=row.so_person_count
        )
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
        self.icons = (
            {
                "error": _dot("#d93025"),
                "conflict": _dot("#f29900"),
                "write": _dot("#1a73e8"),
            }
            if QGuiApplication.instance() is not None
            else {}
        )


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


# The stored sort key of each column (store.review_table.SORT_KEYS); -1: the run's order.
_SORT_KEY = {
    -1: "seq",
    COL_EMAIL: "email",
    COL_PURPOSE: "purpose",
    COL_SO_VALUE: "so_basis",
    COL_SO_CHANGED: "so_changed",
    COL_SO_PERSON: "so_person",
    COL_EM_VALUE: "em_basis",
    COL_EM_CHANGED: "em_changed",
    COL_BASELINE: "baseline",
    COL_BASELINE_SINCE: "baseline_since",
    COL_DECISION: "action",
    COL_WINNER: "winner",
    COL_RULES: "rules",
    COL_EXPLANATION: "explanation",
}
_PAGES_KEPT = 12  # 2,400 rows: a few screens either side of the one shown
_REMAP_LIMIT = 2_000  # persistent indexes (selection, current row) carried through a sort, one query each


class ConflictTableModel(QAbstractTableModel):
    """The rows of one `ReviewTable`; `set_table` (or `set_rows`, which writes one) replaces them wholesale."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._table: ReviewTable | None = None
        self._filter = RowFilter()
        self._count = 0
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._pages: OrderedDict[int, tuple[list[int], list[ConflictRow]]] = OrderedDict()
        self._palette: _Palette | None = None

    # ------------------------------------------------------------- feeding

    def set_rows(self, rows: Iterable[ConflictRow]) -> None:
        """Show these rows (a held run's plan, a send's few, tests): written to a table of their own first."""
        self.set_table(ReviewTable.build(rows))

    def set_table(self, table: ReviewTable) -> None:
        self.beginResetModel()
        self._table = table
        self._pages.clear()
        self._count = table.count(self._filter)
        self.endResetModel()

    def table(self) -> ReviewTable | None:
        return self._table

    def rows(self) -> tuple[ConflictRow, ...]:
        """Every row in the run's order, made now (for small tables and tests; the view never asks)."""
        return tuple(self._table) if self._table is not None else ()

    def row_at(self, row: int) -> ConflictRow:
        """The ConflictRow shown at a (model) row."""
        seqs, rows = self._page(row // PAGE)
        return rows[row % PAGE]

    def _seq_at(self, row: int) -> int:
        seqs, _rows = self._page(row // PAGE)
        return seqs[row % PAGE]

    def _page(self, number: int) -> tuple[list[int], list[ConflictRow]]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        assert self._table is not None
        key, descending = self._sort_key()
        seqs = self._table.seqs(self._filter, key, descending, number * PAGE, PAGE)
        page = self._pages[number] = (seqs, self._table.rows(seqs))
        while len(self._pages) > _PAGES_KEPT:
            self._pages.popitem(last=False)
        return page

    def _sort_key(self) -> tuple[str, bool]:
        return _SORT_KEY[self._sort_column], self._sort_order == Qt.SortOrder.DescendingOrder

    @property
    def total_count(self) -> int:
        return self._table.total if self._table is not None else 0

    @property
    def visible_count(self) -> int:
        return self._count

    def any_shown_with(self, flag: int, ranges: Iterable[tuple[int, int]]) -> bool:
        """Whether a row in these (top, bottom) row ranges has `flag` (R24: is a held row selected?), in SQL."""
        if self._table is None:
            return False
        key, descending = self._sort_key()
        return any(
            self._table.any_flag(self._filter, key, descending, top, bottom - top + 1, flag) for top, bottom in ranges
        )

    # ------------------------------------------------------------- filters

    def set_filters(
        self,
        *,
        disagreements: bool | None = None,
        duplicates: bool | None = None,
        errors: bool | None = None,
        conflicts: bool | None = None,
        held: bool | None = None,
        purpose: Purpose | None | str = "keep",
        search: str | None = None,
    ) -> None:
        """Change any of the filters (None / "keep" leaves one as it is); the rows shown are counted once."""
        required = self._filter.required
        for wanted, flag in (
            (disagreements, FLAG_DISAGREEMENT),
            (duplicates, FLAG_DUPLICATES),
            (errors, FLAG_ERROR),
            (conflicts, FLAG_CONFLICT),
            (held, FLAG_HELD),
        ):
            if wanted is not None:
                required = (required | flag) if wanted else (required & ~flag)
        new_purpose = self._filter.purpose if purpose == "keep" else purpose
        needle = self._filter.needle if search is None else search.strip().lower()
        wanted_filter = RowFilter(required, new_purpose if isinstance(new_purpose, Purpose) else None, needle)
        if wanted_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = wanted_filter
        self._pages.clear()
        self._count = self._table.count(wanted_filter) if self._table is not None else 0
        self.endResetModel()

    def filters(self) -> dict:
        required = self._filter.required
        return {
            "disagreements": bool(required & FLAG_DISAGREEMENT),
            "duplicates": bool(required & FLAG_DUPLICATES),
            "errors": bool(required & FLAG_ERROR),
            "conflicts": bool(required & FLAG_CONFLICT),
            "held": bool(required & FLAG_HELD),
            "purpose": self._filter.purpose,
            "search": self._filter.needle,
        }

    # ------------------------------------------------------------- sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= COLUMN_COUNT:
            return
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = [p for p in self.persistentIndexList() if p.isValid()]
        held = [(p, self._seq_at(p.row())) for p in persistent[:_REMAP_LIMIT]] if self._table is not None else []
        self._sort_column, self._sort_order = column, order
        self._pages.clear()
        if persistent:
            key, descending = self._sort_key()
            where: dict[int, int] = {}
            for _p, seq in held:
                if seq not in where:
                    where[seq] = self._table.position(seq, self._filter, key, descending) if self._table else -1
            new = [self.index(where[s], p.column()) if where[s] >= 0 else QModelIndex() for p, s in held]
            dropped = persistent[_REMAP_LIMIT:]  # a huge selection is not carried through a sort
            self.changePersistentIndexList([p for p, _ in held] + dropped, new + [QModelIndex()] * len(dropped))
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    # ------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

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
        if r >= self._count:
            return None
        row = self.row_at(r)
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
            if row.winner is not None and column == (
                COL_SO_VALUE if row.winner is System.SUPEROFFICE else COL_EM_VALUE
            ):
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
            lines = [
                translate(
                    "ConflictTableModel", "{n} SuperOffice persons have this address; the oldest is used (R9):"
                ).format(n=row.so_person_count)
            ]
            for n, p in enumerate(row.so_persons):
                created = format_local(p.registered) or translate("ConflictTableModel", "creation time unknown")
                used = translate("ConflictTableModel", "  ← used") if n == 0 else ""
                lines.append(
                    translate("ConflictTableModel", "  person {id} (created {when}): {basis}").format(
                        id=p.person_id, when=created, basis=basis_label(p.basis)
                    )
                    + used
                )
            return "\n".join(lines)
        if column == COL_DECISION:
            return f"{decision_sentence(row)}.\n{text}"
        return text


class ConflictFilterProxy(QIdentityProxyModel):
    """The view's proxy. Filters and sorting are forwarded to the ConflictTableModel (see module doc).

    An identity proxy: proxy row n is model row n, and a reset costs nothing per row (a
    QSortFilterProxyModel would rebuild a mapping of every row on each filter, a million at a time).
    """

    def __init__(self, model: ConflictTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(model)

    def model(self) -> ConflictTableModel:
        source = self.sourceModel()
        assert isinstance(source, ConflictTableModel)
        return source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.model().sort(column, order)  # in SQL (store.review_table)

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
    "COLUMN_COUNT",
    "COL_BASELINE",
    "COL_BASELINE_SINCE",
    "COL_DECISION",
    "COL_EMAIL",
    "COL_EM_CHANGED",
    "COL_EM_VALUE",
    "COL_EXPLANATION",
    "COL_PURPOSE",
    "COL_RULES",
    "COL_SO_CHANGED",
    "COL_SO_PERSON",
    "COL_SO_VALUE",
    "COL_WINNER",
    "ConflictFilterProxy",
    "ConflictTableModel",
    "FLAG_CONFLICT",
    "FLAG_DISAGREEMENT",
    "FLAG_DUPLICATES",
    "FLAG_ERROR",
    "FLAG_HELD",
    "HEADERS",
    "SORT_ROLE",
    "row_flags",
]
