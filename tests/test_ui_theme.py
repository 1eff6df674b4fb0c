"""Radio buttons and check boxes are clearly visible in a dark theme (issue 13 pt 5)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton

from desktop_app.ui import theme


def _dark() -> QPalette:
    p = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
    ):
        p.setColor(role, QColor(value))
    return p


def _brightest(widget) -> int:
    widget.resize(widget.sizeHint())
    image = widget.grab().toImage()
    size = widget.style().pixelMetric(widget.style().PixelMetric.PM_IndicatorWidth)  # the indicator, left
    return max(
        QColor(image.pixel(x, y)).lightness()
        for x in range(min(size + 4, image.width()))
        for y in range(image.height())
    )


def test_indicators_get_a_light_ring_on_a_dark_palette(qapp):
    app = QApplication.instance()
    theme.install_visible_indicators(app)
    style = app.style()
    assert isinstance(style, theme.VisibleIndicators) and style.baseStyle().name()  # the same style underneath
    theme.install_visible_indicators(app)  # twice: still the one proxy
    assert app.style() is style
    for widget in (QRadioButton(), QCheckBox()):  # no text: only the indicator is drawn
        widget.setPalette(_dark())
        assert _brightest(widget) >= 150, type(widget).__name__  # a ring close to the text's lightness
