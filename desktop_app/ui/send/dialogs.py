"""The Send tab's start-up question: scheduled sends that fell due while the app was closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .send_words import due_prompt_text, due_send_label
from .wording import DUE_CANCEL, DUE_SEND


class DueSendsDialog(QDialog):
    """At start: sends that fell due while the app was closed. Each is sent now (after a fresh sync) or cancelled;
    never sent without the person's word. Closing the dialog decides nothing: they wait in the Send tab."""

    SEND, CANCEL = DUE_SEND, DUE_CANCEL

    def __init__(self, sends: Sequence, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due_sends_dialog")
        self.setWindowTitle(self.tr("Scheduled sends fell due"))
        self.sends = list(sends)
        self.choices: dict[int, tuple[QRadioButton, QRadioButton]] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(due_prompt_text(self.sends, now))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = QWidget()
        grid = QGridLayout(rows)
        for i, send in enumerate(self.sends):
            label = QLabel(due_send_label(send, now))
            label.setWordWrap(True)
            send_now = QRadioButton(self.tr("Send now"))
            cancel = QRadioButton(self.tr("Cancel it"))
            group = QButtonGroup(rows)
            group.addButton(send_now)
            group.addButton(cancel)
            group.buttonToggled.connect(lambda *_: self._update())
            grid.addWidget(label, i, 0)
            grid.addWidget(send_now, i, 1)
            grid.addWidget(cancel, i, 2)
            self.choices[send.send_id] = (send_now, cancel)
        grid.setColumnStretch(0, 1)
        if len(self.sends) > 6:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(rows)
            scroll.setMinimumHeight(240)
            layout.addWidget(scroll, 1)
        else:
            layout.addWidget(rows)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Go ahead"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton(self.tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        self._update()

    def set_choice(self, send_id: int, choice: str) -> None:
        send_now, cancel = self.choices[send_id]
        (send_now if choice == self.SEND else cancel).setChecked(True)

    def decisions(self) -> dict[int, str]:
        """send id -> SEND or CANCEL, for the sends the person chose something for."""
        result = {}
        for send_id, (send_now, cancel) in self.choices.items():
            if send_now.isChecked():
                result[send_id] = self.SEND
            elif cancel.isChecked():
                result[send_id] = self.CANCEL
        return result

    def _update(self) -> None:
        # Every send needs an answer: nothing is assumed, in either direction.
        self.ok_button.setEnabled(len(self.decisions()) == len(self.choices))
