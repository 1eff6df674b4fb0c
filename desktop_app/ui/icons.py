"""The app's status icons (idle, running, error), drawn with QPainter so no image files need shipping."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

IDLE, RUNNING, ERROR = "idle", "running", "error"
_COLOURS = {IDLE: "#2e7d32", RUNNING: "#1565c0", ERROR: "#c62828"}
_cache: dict[str, QIcon] = {}


def status_icon(state: str) -> QIcon:
    """A round badge: green with a tick (idle), blue with arrows (running), red with '!' (error)."""
    if state not in _cache:
        icon = QIcon()
        for size in (16, 22, 32, 48, 64):
            icon.addPixmap(_draw(state, size))
        _cache[state] = icon
    return _cache[state]


def _draw(state: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(_COLOURS[state])))
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    pen = QPen(QColor("white"), max(1.5, size * 0.11), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    s = size
    if state == IDLE:
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(QPointF(s * 0.44, s * 0.68))
        path.lineTo(QPointF(s * 0.73, s * 0.35))
        painter.drawPath(path)
    elif state == RUNNING:
        box = QRectF(s * 0.27, s * 0.27, s * 0.46, s * 0.46)
        painter.drawArc(box, 30 * 16, 150 * 16)
        painter.drawArc(box, 210 * 16, 150 * 16)
        tip = s * 0.09
        for x, y, dy in ((s * 0.70, s * 0.38, -1), (s * 0.30, s * 0.62, 1)):
            painter.drawLine(QPointF(x, y), QPointF(x + tip * dy, y + tip * dy * 0.2))
            painter.drawLine(QPointF(x, y), QPointF(x + tip * 0.2 * -dy, y + tip * -dy))
    else:
        painter.drawLine(QPointF(s * 0.5, s * 0.26), QPointF(s * 0.5, s * 0.56))
        painter.drawPoint(QPointF(s * 0.5, s * 0.72))
    painter.end()
    return pixmap
