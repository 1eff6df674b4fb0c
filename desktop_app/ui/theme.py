"""Status colours that stay readable in a light and in a dark system theme.

The panels colour a few words (sync on: green, a failure: red, pending: amber, notes: grey). A fixed
dark green or grey vanishes on a dark window, so every colour here has a light-theme and a dark-theme
value, chosen by the lightness of the palette's window colour at the time it is used. Muted text
mixes the palette's own text and window colours instead of a fixed grey.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

OK, BAD, WARN, MUTED, INFO = "ok", "bad", "warn", "muted", "info"

# (light theme, dark theme): each at least 4.5:1 against its theme's window and base colours.
_COLOURS = {
    OK: ("#1b6b2f", "#81c995"),
    BAD: ("#a61b1b", "#f28b82"),
    WARN: ("#8a5a00", "#fdd663"),
    INFO: ("#1a5fb4", "#8ab4f8"),
}


def palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark(pal: QPalette | None = None) -> bool:
    """True when the window colour is darker than its text: a dark system theme or palette."""
    pal = pal or palette()
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def colour(name: str, pal: QPalette | None = None) -> QColor:
    """The colour for `name` (OK, BAD, WARN, INFO, MUTED) in the current theme."""
    pal = pal or palette()
    if name == MUTED:
        return _mix(pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window), 0.62)
    light, dark = _COLOURS[name]
    return QColor(dark if is_dark(pal) else light)


def css(name: str, pal: QPalette | None = None) -> str:
    """`colour(name)` as #rrggbb, for style sheets."""
    return colour(name, pal).name()


def tint(name: str, alpha: int, pal: QPalette | None = None) -> QColor:
    """A faint background of `name`'s colour (alpha 0-255) that keeps the palette's text readable on it."""
    c = colour(name, pal)
    c.setAlpha(alpha)
    return c


def _mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    s = share_of_a
    return QColor(
        round(a.red() * s + b.red() * (1 - s)),
        round(a.green() * s + b.green() * (1 - s)),
        round(a.blue() * s + b.blue() * (1 - s)),
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def install_visible_indicators(app: QApplication | None) -> None:
    """Radio buttons and check boxes with a clear ring in a dark theme (issue 13): Fusion outlines them with the
    window colour darkened, which all but vanishes on a dark window. Light themes are drawn as the style draws them."""
    if app is None or isinstance(app.style(), VisibleIndicators):
        return
    app.setStyle(VisibleIndicators(app.style().name()))  # a new base style by name: the app deletes its old one


class VisibleIndicators(QProxyStyle):
    """The application's style, with a ring (and a clear dot) on radio buttons and check boxes in a dark palette."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 - Qt's name
        super().drawPrimitive(element, option, painter, widget)
        if element not in (_RADIO, _CHECK) or not is_dark(option.palette):
            return
        pal = option.palette
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        text = pal.color(QPalette.ColorRole.Text)
        ring = _mix(text, pal.color(QPalette.ColorRole.Base), 0.7 if enabled else 0.4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(ring, 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(option.rect).adjusted(1, 1, -1, -1)
        if element == _RADIO:
            painter.drawEllipse(box)
            if option.state & QStyle.StateFlag.State_On:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(text if enabled else ring)
                dot = box.width() * 0.22
                painter.drawEllipse(box.center(), dot, dot)
        else:
            painter.drawRoundedRect(box, 2, 2)
        painter.restore()


_RADIO, _CHECK = QStyle.PrimitiveElement.PE_IndicatorRadioButton, QStyle.PrimitiveElement.PE_IndicatorCheckBox


__all__ = [
    "BAD",
    "INFO",
    "MUTED",
    "OK",
    "WARN",
    "colour",
    "contrast",
    "css",
    "install_visible_indicators",
    "is_dark",
    "tint",
    "VisibleIndicators",
]
