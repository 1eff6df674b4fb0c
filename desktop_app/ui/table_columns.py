"""Column widths for the tables with a "Why" column: it gets the width the others leave, never scrolled to.

Each table names its preferred widths (measured with its own font, so 125 % scaling and larger text
follow) and the column that explains. The explaining column is in Stretch mode: it takes what the
others leave. When the window is narrow, the columns that elide well (addresses, values) give up
width down to a floor, so the explanation keeps at least `min_rest` pixels before a horizontal
scroll bar appears. The full text stays in each cell's tooltip and in the pane under the table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class RestToColumn(QObject):
    """Keeps a table's `stretch` column wide enough to read; attach once, call `refit()` after hiding columns."""

    def __init__(
        self,
        table: QTableView,
        stretch: int,
        preferred: dict[int, int],
        *,
        shrinkable: Iterable[int] = (),
        min_rest: int | None = None,
        floor: float = 0.6,
    ) -> None:
        super().__init__(table.viewport())  # goes with the viewport; never outlives what it watches
        self.table = table
        self._viewport = table.viewport()
        self.stretch = stretch
        self.preferred = dict(preferred)
        self.shrinkable = tuple(shrinkable)
        self.floor = floor
        self.min_rest = min_rest if min_rest is not None else table.fontMetrics().averageCharWidth() * 40
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.sectionCountChanged.connect(lambda *_: self._modes())
        self._viewport.installEventFilter(self)  # its width changes with the vertical scroll bar, too
        self.refit()

    def _modes(self) -> None:
        header = self.table.horizontalHeader()
        if 0 <= self.stretch < header.count():
            header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt override)
        if (
            event.type() in (QEvent.Type.Resize, QEvent.Type.Show)
            and watched is self._viewport
            and shiboken6.isValid(self.table)
        ):
            self.refit()
        return False

    def widths(self, available: int, hidden: Iterable[int] = ()) -> dict[int, int]:
        """The widths to give the other columns when `available` pixels are there (pure, for tests)."""
        gone = set(hidden)
        shown = {c: w for c, w in self.preferred.items() if c not in gone and c != self.stretch}
        shortfall = sum(shown.values()) + self.min_rest - available
        if shortfall <= 0:
            return shown
        give = {c: shown[c] - int(shown[c] * self.floor) for c in self.shrinkable if c in shown}
        spare = sum(give.values())
        if spare <= 0:
            return shown
        share = min(1.0, shortfall / spare)
        return {c: w - min(give.get(c, 0), math.ceil(give.get(c, 0) * share)) for c, w in shown.items()}

    def refit(self) -> None:
        header = self.table.horizontalHeader()
        hidden = [c for c in range(header.count()) if header.isSectionHidden(c)]
        available = self.table.viewport().width()
        if available <= 0:
            return
        for column, width in self.widths(available, hidden).items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


__all__ = ["RestToColumn"]
