"""The Checklist's table: one immutable row per recipient, and the filter that shows only the notable ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush

from ...i18n import plural, translate
from .. import theme
from .wording import ChecklistRow

COL_ADDRESS, COL_RESULT, COL_CHANGES, COL_WHY = range(4)


class ChecklistModel(QAbstractTableModel):
    """The Checklist's recipients, one immutable row each (STYLE practice 7)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ChecklistRow] = []
        self._headers = [self.tr("Recipient"), self.tr("Result"), self.tr("Sync changed"), self.tr("Why")]

    def set_rows(self, rows: Sequence[ChecklistRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ChecklistRow]:
        return self._rows

    def row_at(self, row: int) -> ChecklistRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CHANGES:
                return _changes_short(row)
            return (row.address, row.result, None, row.reason)[column] if 0 <= column < 4 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_CHANGES:
                return row.changes or None
            return (row.address, row.result, None, row.reason)[column] if 0 <= column < 4 else None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_RESULT:
            return QBrush(theme.colour(theme.OK if row.allowed else theme.BAD))
        return None


class NotableFilter(QSortFilterProxyModel):
    """Only the excluded, changed or conflicted recipients unless `show_all`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show_all = False

    def set_show_all(self, on: bool) -> None:
        self.beginFilterChange()
        self.show_all = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # Qt override
        if self.show_all:
            return True
        return self._rows().row_at(source_row).notable

    def row_at(self, row: int) -> ChecklistRow:
        source = self.mapToSource(self.index(row, 0))
        return self._rows().row_at(source.row())

    def _rows(self) -> ChecklistModel:
        return cast(ChecklistModel, self.sourceModel())  # the one this proxy is made for


def _changes_short(row: ChecklistRow) -> str:
    parts = []
    if row.change_count:
        parts.append(
            plural(row.change_count, translate("SendView", "{n} change"), translate("SendView", "{n} changes"))
        )
    if row.conflict:
        parts.append(translate("SendView", "conflict"))
    return ", ".join(parts)
