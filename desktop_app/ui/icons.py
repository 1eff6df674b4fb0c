"""The app's icon (resources/icons, drawn from legalbasis-sync.svg) and its status variants for the window and tray.

`app_icon()` is the shield with two sync arrows; `status_icon(state)` is that shield with a small
round badge in the corner: green with a tick (idle), blue with three dots (running), red with '!'
(error). Should the icon files be missing (a source install without `resources/`), the badge alone,
drawn full size, still tells the state.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from .. import paths

log = logging.getLogger(__name__)

IDLE, RUNNING, ERROR = "idle", "running", "error"
STATES = (IDLE, RUNNING, ERROR)
_COLOURS = {IDLE: "#2e7d32", RUNNING: "#1565c0", ERROR: "#c62828"}
ICON_NAME = "legalbasis-sync"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the PNG files tools/render_icons.py writes
_STATUS_SIZES = (16, 22, 24, 32, 48, 64, 128)
_BADGE_SHARE = 0.56  # the badge's diameter as a share of the icon's side: readable at 16 px in a tray
_cache: dict[str, QIcon] = {}


def icon_files() -> list:
    """The PNG files of the app icon, smallest first (they may be missing: see the module's docstring)."""
    return [paths.resource_path("icons", f"{ICON_NAME}-{size}.png") for size in ICON_SIZES]


def app_icon() -> QIcon:
    """The app icon in every shipped size (an empty QIcon when the files are missing)."""
    if "app" not in _cache:
        icon = QIcon()
        for path in icon_files():
            if path.is_file():
                icon.addFile(str(path))
        if icon.isNull():
            log.warning("The app icon files are missing under %s.", paths.resource_path("icons"))
        _cache["app"] = icon
    return _cache["app"]


def status_icon(state: str) -> QIcon:
    """The app icon with the state's badge in its lower right corner (or the badge alone without the icon files)."""
    if state not in _COLOURS:
        raise ValueError(f"Unknown icon state {state!r}; expected one of {', '.join(STATES)}.")
    if state not in _cache:
        base = app_icon()
        icon = QIcon()
        for size in _STATUS_SIZES:
            icon.addPixmap(_draw(state, size, base))
        _cache[state] = icon
    return _cache[state]


def _draw(state: str, size: int, base: QIcon) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if base.isNull():
        margin = size * 0.06
        _badge(painter, state, QRectF(margin, margin, size - 2 * margin, size - 2 * margin), ring=0)
    else:
        painter.drawPixmap(0, 0, base.pixmap(size, size))
        side = size * _BADGE_SHARE
        ring = max(1.0, size * 0.05)  # a white ring parts the badge from the shield
        box = QRectF(size - side, size - side, side, side).adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2)
        _badge(painter, state, box, ring)
    painter.end()
    return pixmap


def _badge(painter: QPainter, state: str, box: QRectF, ring: float) -> None:
    """A round badge filling `box`: the state's colour with a white tick, arrows or '!'."""
    if ring:
        painter.setPen(QPen(QColor("white"), ring))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(_COLOURS[state])))
    painter.drawEllipse(box)
    s, x0, y0 = box.width(), box.left(), box.top()

    def at(fx: float, fy: float) -> QPointF:
        return QPointF(x0 + s * fx, y0 + s * fy)

    pen = QPen(
        QColor("white"), max(1.2, s * 0.12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if state == IDLE:
        path = QPainterPath(at(0.28, 0.52))
        path.lineTo(at(0.44, 0.68))
        path.lineTo(at(0.73, 0.35))
        painter.drawPath(path)
    elif state == RUNNING:
        # Three dots, "working": the shield itself already shows the sync arrows.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor("white")))
        radius = max(0.9, s * 0.085)
        for fx in (0.27, 0.5, 0.73):
            painter.drawEllipse(at(fx, 0.5), radius, radius)
    else:
        painter.drawLine(at(0.5, 0.26), at(0.5, 0.56))
        painter.drawPoint(at(0.5, 0.74))
