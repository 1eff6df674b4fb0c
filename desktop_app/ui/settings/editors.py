"""The settings panel's editors: the widget each registry setting's type calls for, how a value is put into it,
the write sources' editable drop-downs, a muted note, and one label column across several forms."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...config import Setting
from .. import theme


def note(text: str = "", *, muted: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:
        label.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
    return label


def align_labels(labels: list[QLabel], *forms: QFormLayout) -> None:
    """Give every label of `forms` (and `labels`) the widest one's width: one label column across the groups."""
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                labels.append(label)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def editor_for(s: Setting) -> QWidget:
    if s.choices:
        combo = QComboBox()
        for value, label in s.shown_choices:
            combo.addItem(label, value)
        return combo
    if s.type is bool:
        return QCheckBox()
    if s.type is int:
        spin = QSpinBox()
        spin.setRange(
            int(s.minimum if s.minimum is not None else -(2**31)),
            int(s.maximum if s.maximum is not None else 2**31 - 1),
        )
        spin.setMinimumWidth(110)
        return spin
    if s.type is float:
        decimal = QDoubleSpinBox()
        decimal.setDecimals(1)
        decimal.setRange(
            float(s.minimum if s.minimum is not None else -1e9), float(s.maximum if s.maximum is not None else 1e9)
        )
        decimal.setMinimumWidth(110)
        return decimal
    edit = QLineEdit()
    edit.setClearButtonEnabled(True)
    if s.url:
        edit.setPlaceholderText(
            "https://…"
            if s.url != "optional"
            else QCoreApplication.translate("SettingsPanel", "Empty: eMarketeer's own hosts")
        )
    return edit


WRITE_SOURCE_KEYS = ("superoffice_write_source", "emarketeer_write_source")


def source_combo() -> QComboBox:
    """A write source: typed, or chosen from the sources the system listed at the last successful Test connection."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumWidth(220)
    return combo


def set_editor(editor: QWidget, value: object) -> None:
    if isinstance(editor, QComboBox) and editor.isEditable():
        if editor.currentText() != str(value):
            editor.setEditText("" if value is None else str(value))
    elif isinstance(editor, QComboBox):
        index = editor.findData(value)
        if index >= 0:
            editor.setCurrentIndex(index)
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        try:
            editor.setValue(int(value))  # type: ignore[call-overload]  # a saved value (object); int() raises what is caught
        except (TypeError, ValueError):
            pass
    elif isinstance(editor, QDoubleSpinBox):
        try:
            editor.setValue(float(value))  # type: ignore[arg-type]  # a saved value (object); float() raises what is caught
        except (TypeError, ValueError):
            pass
    elif isinstance(editor, QLineEdit):
        if editor.text() != str(value):
            editor.setText("" if value is None else str(value))
