"""A small QPainter bar chart of changes (bars) and errors (red marks) per run over time, for the history view."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


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
SELECTED = QColor(255, 200, 0, 55)


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
    """Bars for the changes of each run (dry runs hatched: what they would change), red marks for errors.

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

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 170)

    def set_runs(self, points: Sequence[ChartPoint]) -> None:
        """Any order; the newest `max_runs` are drawn, oldest on the left."""
        ordered = sorted(points, key=lambda p: (p.started_at is None, p.started_at or datetime.min, p.run_id))
        self._points = ordered[-self.max_runs:]
        self.update()

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
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        self._bars = []
        if not self._points:
            painter.setPen(AXIS_TEXT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No runs yet: the chart fills as syncs run.")
            painter.end()
            return

        # Changes on the left axis; errors, usually far fewer, on their own red axis on the right,
        # so two errors next to two hundred changes still show.
        peak = max(p.changes for p in self._points)
        step = nice_step(max(peak, 1))
        top_value = max(step, math.ceil(max(peak, 1) / step) * step)
        error_peak = max(p.errors for p in self._points)
        error_step = nice_step(max(error_peak, 1))
        error_top = max(error_step, math.ceil(max(error_peak, 1) / error_step) * error_step)
        label_width = max(metrics.horizontalAdvance(f"{top_value:,}"), metrics.horizontalAdvance("0")) + 10
        right_width = (metrics.horizontalAdvance(f"{error_top:,}") + 10) if error_peak else 12
        legend_h = line + 8
        plot = QRectF(label_width + 6, legend_h + 4, self.width() - label_width - right_width - 12,
                      self.height() - legend_h - line - 14)
        if plot.width() < 20 or plot.height() < 20:
            painter.end()
            return

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / top_value

        def y_of_errors(value: float) -> float:
            return plot.bottom() - plot.height() * value / error_top

        # Grid and axis labels.
        for value in range(0, top_value + 1, step):
            y = y_of(value)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(BAR.darker(130))
            painter.drawText(QRectF(0, y - line / 2, label_width, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:,}")
        if error_peak:
            painter.setPen(ERROR)
            for value in range(0, error_top + 1, error_step):
                y = y_of_errors(value)
                painter.drawText(QRectF(plot.right() + 6, y - line / 2, right_width, line),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{value:,}")

        n = len(self._points)
        slot = plot.width() / n
        bar_w = max(2.0, min(28.0, slot * 0.7))
        error_points: list[QPointF] = []
        for i, p in enumerate(self._points):
            cx = plot.left() + slot * (i + 0.5)
            hit = QRectF(cx - slot / 2, plot.top(), slot, plot.height())
            self._bars.append((hit, p))
            if p.run_id == self._selected:
                painter.fillRect(hit, SELECTED)
            height = plot.bottom() - y_of(p.changes)
            if p.changes > 0:
                height = max(height, 1.5)
            rect = QRectF(cx - bar_w / 2, plot.bottom() - height, bar_w, height)
            if p.dry_run:
                painter.setPen(QPen(BAR_DRY, 1))
                painter.setBrush(QBrush(BAR_DRY, Qt.BrushStyle.BDiagPattern))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(BAR)
            painter.drawRect(rect)
            error_points.append(QPointF(cx, y_of_errors(p.errors)))

        # Errors: a thin red line through every run, a dot where a run had any.
        if error_peak:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ERROR, 1.5))
            path = QPainterPath(error_points[0])
            for point in error_points[1:]:
                path.lineTo(point)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ERROR)
            for point, p in zip(error_points, self._points):
                if p.errors:
                    painter.drawEllipse(point, 3.5, 3.5)

        # Axis and x labels: the first and last run and a few between, never overlapping.
        painter.setPen(QPen(AXIS_TEXT, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        times = [p.started_at for p in self._points if p.started_at is not None]
        same_day = bool(times) and len({t.astimezone().date() for t in times}) == 1
        fmt = "%H:%M" if same_day else "%b %d %H:%M"
        sample = metrics.horizontalAdvance(datetime(2026, 12, 28, 23, 59).strftime(fmt)) + 16
        every = max(1, math.ceil(sample / slot))
        last_right = -1e9
        indices = list(range(0, n, every))
        if n - 1 not in indices:
            indices.append(n - 1)
        for i in indices:
            p = self._points[i]
            if p.started_at is None:
                continue
            text = p.started_at.astimezone().strftime(fmt)
            w = metrics.horizontalAdvance(text)
            cx = plot.left() + slot * (i + 0.5)
            x = min(max(cx - w / 2, plot.left() - label_width), self.width() - w - 2)
            if x < last_right + 8:
                continue
            painter.drawText(QRectF(x, plot.bottom() + 4, w + 2, line), Qt.AlignmentFlag.AlignLeft, text)
            last_right = x + w

        self._draw_legend(painter, metrics, plot, bool(error_peak))
        painter.end()

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, errors_axis: bool) -> None:
        items = [("Changes (left axis)", "bar"), ("Dry run: would change", "dry"),
                 ("Errors (right axis)" if errors_axis else "Errors: none", "error")]
        x = plot.right()
        y = 4
        h = metrics.height()
        for text, kind in reversed(items):
            w = metrics.horizontalAdvance(text)
            x -= w
            painter.setPen(AXIS_TEXT)
            painter.drawText(QRectF(x, y, w + 2, h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x -= 16
            swatch = QRectF(x, y + h / 2 - 5, 10, 10)
            if kind == "bar":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(BAR)
                painter.drawRect(swatch)
            elif kind == "dry":
                painter.setPen(QPen(BAR_DRY, 1))
                painter.setBrush(QBrush(BAR_DRY, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(swatch)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ERROR)
                painter.drawEllipse(swatch.center(), 3.5, 3.5)
            x -= 18
        painter.setPen(AXIS_TEXT)
        title = "Changes and errors per run"
        painter.drawText(QRectF(plot.left(), y, metrics.horizontalAdvance(title) + 4, h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)

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
    when = point.started_at.astimezone().strftime("%Y-%m-%d %H:%M") if point.started_at else "not started"
    kind = "dry run" if point.dry_run else "run"
    verb = "would change" if point.dry_run else "changed"
    status = f", {point.status}" if point.status else ""
    return f"{kind.capitalize()} {point.run_id} at {when}{status}: {verb} {point.changes:,}, {point.errors:,} errors"


__all__ = ["ChartPoint", "RunChart", "describe_point", "nice_step"]
