"""A small QPainter bar chart of changes (blue) and errors (red, on top) per run over time, for the history view."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...i18n import format_clock, format_datetime, number, to_local, translate
from .. import theme


class ChartPoint(NamedTuple):
    run_id: int
    started_at: datetime | None
    changes: int
    errors: int
    dry_run: bool = False
    status: str = ""


BAR = QColor("#4a86c5")
BAR_DRY = QColor("#4a86c5")
ERROR = QColor("#d93025")
GRID = QColor(0, 0, 0, 28)
AXIS_TEXT = QColor("#555555")
SELECTED = QColor("#303030")  # the selected run's outline


class ChartColours(NamedTuple):
    """The chart's colours for one palette: the constants above on a light theme, lighter ones on a dark one."""

    bar: QColor
    error: QColor
    grid: QColor
    axis_text: QColor
    axis_numbers: QColor
    selected: QColor


def chart_colours(palette: QPalette) -> ChartColours:
    if not theme.is_dark(palette):
        return ChartColours(BAR, ERROR, GRID, AXIS_TEXT, BAR.darker(130), SELECTED)
    grid = QColor(palette.color(QPalette.ColorRole.Text))
    grid.setAlpha(40)
    selected = QColor(palette.color(QPalette.ColorRole.Text))  # the outline: plain and visible on dark
    return ChartColours(
        QColor("#5b9bd5"),
        theme.colour(theme.BAD, palette),
        grid,
        theme.colour(theme.MUTED, palette),
        QColor("#8ab4f8"),
        selected,
    )


def nice_step(maximum: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 x 10^n) giving about `ticks` gridlines up to `maximum`."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)


class RunChart(QWidget):
    """Bars for the changes of each run (previews hatched: what they would change), its errors in red on top.

    Runs are evenly spaced in time order (runs come in bursts; a true time axis would pile them up),
    with dates under a few of them. Hover shows a run; a click emits `run_clicked(run_id)`.
    """

    run_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, max_runs: int = 60) -> None:
        super().__init__(parent)
        self.max_runs = max_runs
        self._points: list[ChartPoint] = []
        self._selected: int | None = None
        self._bars: list[tuple[QRectF, ChartPoint]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(150)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the runs table below carries the same runs, by keyboard

    def sizeHint(self) -> QSize:  # noqa: N802
        # Legend, plot and axis labels: taller with a larger font (200 % text), never less than 170 pixels.
        return QSize(600, max(170, self.fontMetrics().height() * 9))

    def set_runs(self, points: Sequence[ChartPoint]) -> None:
        """Any order; the newest `max_runs` are drawn, oldest on the left."""
        ordered = sorted(points, key=lambda p: (p.started_at is None, p.started_at or datetime.min, p.run_id))
        self._points = ordered[-self.max_runs :]
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        """The chart in one sentence, for a screen reader (the bars themselves are only a picture)."""
        if not self._points:
            return self.tr("No runs yet.")
        newest = self._points[-1]
        return (
            self.tr("Runs shown: %1, oldest on the left. Changes in all: %2; errors: %3. Newest: %4.")
            .replace("%1", f"{len(self._points):,}")
            .replace("%2", f"{sum(p.changes for p in self._points):,}")
            .replace("%3", f"{sum(p.errors for p in self._points):,}")
            .replace("%4", describe_point(newest))
        )

    def points(self) -> list[ChartPoint]:
        return list(self._points)

    def set_selected(self, run_id: int | None) -> None:
        self._selected = run_id
        self.update()

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        c = chart_colours(self.palette())
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        self._bars = []
        if not self._points:
            painter.setPen(c.axis_text)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No runs yet: the chart fills as syncs run.")
            )
            painter.end()
            return

        # One axis: a run's errors sit on top of its changes in red, on the same scale (both count contacts).
        # A run with any error shows at least a few pixels of red, however many changes it made.
        peak = max(p.changes + p.errors for p in self._points)
        step = nice_step(max(peak, 1))
        top_value = max(step, math.ceil(max(peak, 1) / step) * step)
        label_width = max(metrics.horizontalAdvance(number(top_value)), metrics.horizontalAdvance("0")) + 10
        legend_h = line + 8
        plot = QRectF(
            label_width + 6, legend_h + 4, self.width() - label_width - 24, self.height() - legend_h - line - 14
        )
        if plot.width() < 20 or plot.height() < 20:
            painter.end()
            return

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / top_value

        # Grid and the axis's numbers, once, on the left.
        for value in range(0, top_value + 1, step):
            y = y_of(value)
            painter.setPen(QPen(c.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(c.axis_numbers)
            painter.drawText(
                QRectF(0, y - line / 2, label_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                number(value),
            )

        n = len(self._points)
        slot = plot.width() / n
        bar_w = max(2.0, min(28.0, slot * 0.7))
        for i, p in enumerate(self._points):
            cx = plot.left() + slot * (i + 0.5)
            hit = QRectF(cx - slot / 2, plot.top(), slot, plot.height())
            self._bars.append((hit, p))
            height = plot.bottom() - y_of(p.changes)
            if p.changes > 0:
                height = max(height, 1.5)
            rect = QRectF(cx - bar_w / 2, plot.bottom() - height, bar_w, height)
            if p.dry_run:
                painter.setPen(QPen(c.bar, 1))
                painter.setBrush(QBrush(c.bar, Qt.BrushStyle.BDiagPattern))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c.bar)
            painter.drawRect(rect)
            top = rect.top()
            if p.errors:
                error_h = max(plot.bottom() - y_of(p.errors), 3.0)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c.error)
                error_rect = QRectF(rect.left(), top - error_h, bar_w, error_h)
                painter.drawRect(error_rect)
                top = error_rect.top()
            if p.run_id == self._selected:
                # The selected run: a plain outline, no coloured band across the chart (a band read as a warning).
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(c.selected, 2))
                painter.drawRect(QRectF(rect.left() - 3, top - 3, bar_w + 6, plot.bottom() - top + 3))

        # Axis and x labels: the first and last run and a few between, never overlapping.
        painter.setPen(QPen(c.axis_text, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        labels = axis_labels(self._points)
        sample = max((metrics.horizontalAdvance(t) for t in labels if t), default=0) + 16
        every = max(1, math.ceil(sample / slot))
        last_right = -1e9
        indices = list(range(0, n, every))
        if n - 1 not in indices:
            indices.append(n - 1)
        for i in indices:
            p = self._points[i]
            if p.started_at is None:
                continue
            text = labels[i]
            w = metrics.horizontalAdvance(text)
            cx = plot.left() + slot * (i + 0.5)
            x = min(max(cx - w / 2, plot.left() - label_width), self.width() - w - 2)
            if x < last_right + 8:
                continue
            painter.drawText(QRectF(x, plot.bottom() + 4, w + 2, line), Qt.AlignmentFlag.AlignLeft, text)
            last_right = x + w

        self._draw_legend(painter, metrics, plot, c)
        painter.end()

    def legend_items(self) -> list[tuple[str, str]]:
        """The legend's (text, swatch kind): the runs table's own words, as the legend names what its columns count."""
        return [
            (translate("HistoryModel", "Changes"), "bar"),
            (self.tr("Preview: would change"), "dry"),
            (translate("HistoryModel", "Errors"), "error"),
        ]

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, c: ChartColours) -> None:
        items = self.legend_items()
        x = plot.right()
        y = 4
        h = metrics.height()
        for text, kind in reversed(items):
            w = metrics.horizontalAdvance(text)
            x -= w
            painter.setPen(c.axis_text)
            painter.drawText(QRectF(x, y, w + 2, h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x -= 16
            swatch = QRectF(x, y + h / 2 - 5, 10, 10)
            if kind == "bar":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c.bar)
                painter.drawRect(swatch)
            elif kind == "dry":
                painter.setPen(QPen(c.bar, 1))
                painter.setBrush(QBrush(c.bar, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(swatch)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c.error)
                painter.drawRect(swatch)
            x -= 18
        painter.setPen(c.axis_text)
        title = self.tr("Changes and errors per run")
        painter.drawText(
            QRectF(plot.left(), y, metrics.horizontalAdvance(title) + 4, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )

    # ------------------------------------------------------------------ interaction

    def point_at(self, x: float, y: float) -> ChartPoint | None:
        for rect, point in self._bars:
            if rect.left() <= x < rect.right():
                return point
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.point_at(event.pos().x(), event.pos().y())
            if point is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), describe_point(point), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            point = self.point_at(event.position().x(), event.position().y())
            if point is not None:
                self.run_clicked.emit(point.run_id)
                return
        super().mousePressEvent(event)


def describe_point(point: ChartPoint) -> str:
    when = format_datetime(point.started_at) if point.started_at else translate("RunChart", "not started")
    status = f", {point.status}" if point.status else ""
    text = (
        translate("RunChart", "Preview {id} at {when}{status}: would change {changes}, {errors} errors")
        if point.dry_run
        else translate("RunChart", "Run {id} at {when}{status}: changed {changes}, {errors} errors")
    )
    return text.format(
        id=point.run_id, when=when, status=status, changes=number(point.changes), errors=number(point.errors)
    )


def axis_labels(points: Sequence[ChartPoint]) -> list[str]:
    """Each run's x-axis label: its time, and where two runs share a minute their numbers ("08:16 #4", the Run
    column's number), so no two runs read alike. An empty label: the run has no start time."""
    times = [p.started_at for p in points if p.started_at is not None]
    same_day = bool(times) and len({to_local(t).date() for t in times}) == 1
    labels = [_axis_label(p.started_at, same_day) if p.started_at is not None else "" for p in points]
    seen: dict[str, int] = {}
    for text in labels:
        seen[text] = seen.get(text, 0) + 1
    return [f"{text} #{p.run_id}" if text and seen[text] > 1 else text for text, p in zip(labels, points)]


def _axis_label(when: datetime, same_day: bool) -> str:
    """An x-axis time in the user's locale and time zone: "14:05", or "28 dec. 14:05" across days."""
    if same_day:
        return format_clock(when)
    day = to_local(when).date()
    return f"{QLocale().toString(QDate(day.year, day.month, day.day), 'd MMM')} {format_clock(when)}"


__all__ = ["ChartPoint", "RunChart", "axis_labels", "describe_point", "nice_step"]
