"""The Send tab's form: which message, and who it goes to (an eMarketeer list, pasted addresses or a CSV file).

A passive widget of the view (view.py): it says through `form_changed` that the person changed something and
through `reload_lists_requested` that the contact lists should be read again; the presenter reads the form
through the view and hands it the contact lists to offer.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.checklist import Channel
from ...i18n import number
from .. import theme
from .wording import SOURCE_FILE, SOURCE_LIST, SOURCE_PASTED

PASTED_LINES = 3  # the pasted addresses box shows at least this many lines, and grows with the column


class _PastedEdit(QPlainTextEdit):
    """The pasted addresses box: it asks for its least height (PASTED_LINES lines) and takes what the column has left.
    Its default wish (192 px) would make a short window's column scroll for nothing; no wish at all (an ignored size
    policy) let a wrapped sentence above it (the contact lists' error) squeeze it below that height, cutting its last
    line, with the CSV row drawn over it, where the column should scroll."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class SendForm(QWidget):
    """The message box and the recipients box, one above the other."""

    form_changed = Signal()
    reload_lists_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build()
        self._connect()

    def _build(self) -> None:
        # --- the message
        self.email_button = QRadioButton(self.tr("E-mail"))
        self.sms_button = QRadioButton(self.tr("SMS"))
        self.email_button.setChecked(True)
        self.channel_group = QButtonGroup(self)
        self.channel_group.addButton(self.email_button)
        self.channel_group.addButton(self.sms_button)
        channel_row = QHBoxLayout()
        channel_row.addWidget(self.email_button)
        channel_row.addWidget(self.sms_button)
        channel_row.addStretch(1)
        self.component_edit = QLineEdit()
        self.component_edit.setObjectName("component_edit")
        self.component_edit.setPlaceholderText(self.tr("e.g. 1234"))
        self.component_edit.setToolTip(self.tr("The id of the e-mail or SMS message (component) in eMarketeer"))
        self.component_edit.setMaximumWidth(160)
        self.message_box = QGroupBox(self.tr("Message"))
        message_form = QFormLayout(self.message_box)
        message_form.addRow(self.tr("Send as:"), channel_row)
        message_form.addRow(self.tr("eMarketeer component id:"), self.component_edit)

        # --- the recipients
        self.list_button = QRadioButton(self.tr("eMarketeer list"))
        self.list_button.setToolTip(self.tr("A contact list in eMarketeer"))
        self.pasted_button = QRadioButton(self.tr("Pasted addresses"))
        self.file_button = QRadioButton(self.tr("CSV file"))
        self.source_group = QButtonGroup(self)
        for button in (self.list_button, self.pasted_button, self.file_button):
            self.source_group.addButton(button)
        self.pasted_button.setChecked(True)
        self.list_combo = QComboBox()
        self.list_combo.setObjectName("list_combo")
        self.list_combo.setToolTip(
            self.tr("The contact lists in eMarketeer, with how many contacts each holds in brackets")
        )
        self.list_combo.setMinimumContentsLength(12)
        self.list_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reload_lists_button = QToolButton()
        self.reload_lists_button.setText(self.tr("Reload"))
        self.reload_lists_button.setToolTip(self.tr("Read the contact lists from eMarketeer again"))
        self.lists_label = QLabel()
        self.lists_label.setWordWrap(True)
        self.pasted_edit = _PastedEdit()
        self.pasted_edit.setObjectName("pasted_edit")
        self.pasted_edit.setPlaceholderText(
            self.tr(
                "One address per line, or separated by commas or semicolons.\n"
                "“Anna Svensson <anna@example.se>” works too."
            )
        )
        self.pasted_edit.setTabChangesFocus(True)
        lines = self.pasted_edit.fontMetrics().lineSpacing() * PASTED_LINES
        margins = 2 * (self.pasted_edit.frameWidth() + round(self.pasted_edit.document().documentMargin()))
        self.pasted_edit.setMinimumHeight(lines + margins)
        self.pasted_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("file_edit")
        self.file_edit.setPlaceholderText(self.tr("A CSV file with a column named email"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose a CSV file with the recipients' addresses"))

        list_row = QHBoxLayout()
        list_row.addWidget(self.list_combo, 1)
        list_row.addWidget(self.reload_lists_button)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.recipients_box = QGroupBox(self.tr("Recipients"))
        recipients_layout = QGridLayout(self.recipients_box)
        recipients_layout.addWidget(self.list_button, 0, 0)
        recipients_layout.addLayout(list_row, 0, 1)
        recipients_layout.addWidget(self.lists_label, 1, 1)
        recipients_layout.addWidget(self.pasted_button, 2, 0, Qt.AlignmentFlag.AlignTop)
        recipients_layout.addWidget(self.pasted_edit, 2, 1)
        recipients_layout.addWidget(self.file_button, 3, 0)
        recipients_layout.addLayout(file_row, 3, 1)
        recipients_layout.setColumnStretch(1, 1)
        recipients_layout.setRowStretch(2, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message_box)
        layout.addWidget(self.recipients_box, 1)  # the pasted addresses get the room

    def _connect(self) -> None:
        self.reload_lists_button.clicked.connect(self.reload_lists_requested)
        self.browse_button.clicked.connect(self._browse)
        # Any change to the form makes a Checklist shown no longer the one for this form.
        self.channel_group.buttonToggled.connect(lambda *_: self.form_changed.emit())
        self.source_group.buttonToggled.connect(lambda *_: self._source_toggled())
        self.component_edit.textChanged.connect(lambda *_: self.form_changed.emit())
        self.list_combo.currentIndexChanged.connect(lambda *_: self.form_changed.emit())
        self.list_combo.activated.connect(lambda *_: self._picked(self.list_button))
        self.pasted_edit.textChanged.connect(lambda: self._picked(self.pasted_button))
        self.file_edit.textEdited.connect(lambda *_: self._picked(self.file_button))
        self.file_edit.textChanged.connect(lambda *_: self.form_changed.emit())

    def _picked(self, button: QRadioButton) -> None:
        """Typing into (or choosing from) a source chooses it."""
        if not button.isChecked():
            button.setChecked(True)
        self.form_changed.emit()

    def _source_toggled(self) -> None:
        self._update_sources()
        self.form_changed.emit()

    def _update_sources(self) -> None:
        self.list_combo.setEnabled(self.list_combo.count() > 0)

    # ------------------------------------------------------------------ reading the form

    def channel(self) -> Channel:
        return Channel.SMS if self.sms_button.isChecked() else Channel.EMAIL

    def component_text(self) -> str:
        return self.component_edit.text()

    def source_kind(self) -> str:
        if self.list_button.isChecked():
            return SOURCE_LIST
        if self.file_button.isChecked():
            return SOURCE_FILE
        return SOURCE_PASTED

    def chosen_list(self):
        return self.list_combo.currentData() if self.list_combo.currentIndex() >= 0 else None

    def pasted_text(self) -> str:
        return self.pasted_edit.toPlainText()

    def file_path(self) -> str:
        return self.file_edit.text()

    # ------------------------------------------------------------------ shown by the presenter

    def set_lists(self, lists: Sequence, problem: str | None = None) -> None:
        """The eMarketeer contact lists for the combo (ContactList: id, name, size), or why there are none."""
        current = self.chosen_list()
        self.list_combo.blockSignals(True)
        self.list_combo.clear()
        for item in lists:
            self.list_combo.addItem(self.tr("{name} ({size})").format(name=item.name, size=number(item.size)), item)
        if current is not None:
            index = next(
                (
                    i
                    for i in range(self.list_combo.count())
                    if getattr(self.list_combo.itemData(i), "id", None) == current.id
                ),
                -1,
            )
            if index >= 0:
                self.list_combo.setCurrentIndex(index)
        self.list_combo.blockSignals(False)
        if problem:
            self.lists_label.setText(problem)
            self.lists_label.setStyleSheet(f"color: {theme.css(theme.BAD)};")
        elif not lists:
            self.lists_label.setText(self.tr("eMarketeer has no contact lists."))
            self.lists_label.setStyleSheet("")
        else:
            self.lists_label.setText("")
            self.lists_label.setStyleSheet("")
        self.lists_label.setVisible(bool(self.lists_label.text()))
        self._update_sources()

    def set_lists_loading(self) -> None:
        self.lists_label.setStyleSheet("")
        self.lists_label.setText(self.tr("Reading the contact lists from eMarketeer…"))
        self.lists_label.setVisible(True)

    @Slot()
    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Recipients file"), self.file_edit.text(), self.tr("CSV files (*.csv *.txt);;All files (*)")
        )
        if path:
            self.file_edit.setText(path)
            self.file_button.setChecked(True)
