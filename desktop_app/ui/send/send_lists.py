"""The Send tab's two lists of sends: "Send later" (schedule one, the scheduled sends) and "Recent sends".

Passive widgets like the tab's view: they say what the person asked for through signals and show
what they are handed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import cast

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import theme
from ..status_text import relative
from .send_words import recent_send_row, scheduled_row


def _style(name: str) -> str:
    return f"color: {theme.css(name)};"


def _note(label: QLabel, text: str, ok: bool) -> None:
    label.setText(text)
    label.setStyleSheet("" if ok else _style(theme.BAD))
    label.setVisible(bool(text))


def _row_table(columns: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def _rows_high(table: QTableWidget, least: int, most: int) -> None:
    """The table between `least` and `most` rows high (it scrolls beyond): the Send tab's column fits 800 px."""
    row = table.fontMetrics().height() + 8
    head = table.horizontalHeader().sizeHint().height()
    frame = 2 * table.frameWidth()
    table.setMinimumHeight(head + frame + row * least)
    table.setMaximumHeight(head + frame + row * most + 2)


class ScheduledSendsBox(QGroupBox):
    """ "Send later": the time field, Schedule, and the sends waiting for their time (Send now / Cancel send)."""

    schedule_requested = Signal(object)  # aware datetime (UTC)
    send_now_requested = Signal(int)  # send id (one held back: fell due while closed, or failed too often)
    cancel_requested = Signal(int)  # send id
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Send later"))
        self._ids: list[int] = []
        self._held: set[int] = set()
        self.schedule_edit = QDateTimeEdit()
        self.schedule_edit.setObjectName("schedule_edit")
        self.schedule_edit.setCalendarPopup(True)
        self.schedule_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.schedule_edit.setTimeZone(QTimeZone.systemTimeZone())
        self.schedule_edit.setToolTip(
            self.tr(
                "When to send, in this computer's time zone. At that moment the "
                "recipients are synced again and checked afresh (R10)."
            )
        )
        self.schedule_button = QPushButton(self.tr("Schedule"))
        self.schedule_button.setObjectName("schedule_button")
        self.schedule_button.setToolTip(self.tr("Send at the chosen time, after a fresh sync of the recipients"))
        schedule_row = QHBoxLayout()
        schedule_row.addWidget(QLabel(self.tr("At:")))
        schedule_row.addWidget(self.schedule_edit, 1)
        schedule_row.addWidget(self.schedule_button)

        self.table = _row_table(
            [self.tr("When"), self.tr("Message"), self.tr("Recipients"), self.tr("State")], "scheduled_table"
        )
        # Nothing cut: the message and the recipients share what the time and the state leave, wrapped.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        _rows_high(self.table, 1, 3)  # a short list: the pasted addresses above get the column's height
        self.empty = QLabel(self.tr("No sends are scheduled."))
        self.empty.setEnabled(False)
        self.send_now_button = QPushButton(self.tr("Send now"))
        self.send_now_button.setToolTip(self.tr("Send the selected due send now, after a fresh sync"))
        self.cancel_button = QPushButton(self.tr("Cancel send"))
        self.cancel_button.setObjectName("cancel_scheduled_button")
        self.cancel_button.setToolTip(self.tr("Cancel the selected scheduled send; nothing is sent"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty)
        buttons.addStretch(1)
        buttons.addWidget(self.send_now_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(schedule_row)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

        self.schedule_button.clicked.connect(lambda: self.schedule_requested.emit(self.schedule_time()))
        self.table.itemSelectionChanged.connect(self.selection_changed)
        self.send_now_button.clicked.connect(lambda: self._emit_selected(self.send_now_requested))
        self.cancel_button.clicked.connect(lambda: self._emit_selected(self.cancel_requested))

    def schedule_time(self) -> datetime:
        as_utc = cast(datetime, self.schedule_edit.dateTime().toUTC().toPython())  # PySide6's stubs say object
        return as_utc.replace(tzinfo=timezone.utc)

    def set_schedule_time(self, when: datetime) -> None:
        self.schedule_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp()), QTimeZone.systemTimeZone()))

    def set_sends(
        self, sends: Sequence, now: datetime, held: set[int] | None = None, notes: dict[int, str] | None = None
    ) -> None:
        """The sends waiting for their time; `held`: due ones waiting for the person (fell due while closed)."""
        self._held = set(held or ())
        notes = notes or {}
        selected = self.selected()
        self._ids = [s.send_id for s in sends]
        self.table.setRowCount(len(sends))
        for row, send in enumerate(sends):
            when, message, recipients, state = scheduled_row(send, now)
            relative_when = f"{when} ({relative(send.scheduled_at, now)})"
            if send.send_id in notes:
                state = notes[send.send_id]
            elif send.send_id not in self._held and send.scheduled_at <= now:
                state = self.tr("Due: sending after a fresh sync")
            for column, text in enumerate((when, message, recipients, state)):
                item = QTableWidgetItem(text)
                item.setToolTip(relative_when if column == 0 else text)
                self.table.setItem(row, column, item)
            if send.send_id == selected:
                self.table.selectRow(row)
        self.empty.setVisible(not sends)

    def show_note(self, text: str, *, ok: bool = True) -> None:
        _note(self.note, text, ok)

    def selected(self) -> int | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows:
            return None
        row = min(rows)
        return self._ids[row] if row < len(self._ids) else None

    def update_actions(self, *, busy: bool, own: bool) -> None:
        selected = self.selected()
        self.schedule_button.setEnabled(not own)
        self.cancel_button.setEnabled(selected is not None)
        self.send_now_button.setEnabled(selected is not None and selected in self._held and not busy)
        self.send_now_button.setVisible(bool(self._held))

    def _emit_selected(self, signal) -> None:
        selected = self.selected()
        if selected is not None:
            signal.emit(selected)


class RecentSendsBox(QGroupBox):
    """The latest sends, what became of each, and "Send the rest…" for one that stopped halfway."""

    resume_requested = Signal(int)  # send id
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Recent sends"))
        self._sends: list = []  # SendSummary per row
        self.table = _row_table([self.tr("When"), self.tr("Message"), self.tr("Result")], "recent_sends_table")
        self.table.setWordWrap(True)  # the result in full: it says what is left to send
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the two share what is left, wrapped
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        _rows_high(self.table, 1, 2)
        self.empty = QLabel(self.tr("No sends yet."))
        self.empty.setEnabled(False)
        self.resume_button = QPushButton(self.tr("Send the rest…"))
        self.resume_button.setObjectName("recent_resume_button")
        self.resume_button.setToolTip(
            self.tr(
                "For a send that stopped halfway: check the recipients it did not "
                "reach again, then send it to those still allowed. Nobody gets it "
                "twice."
            )
        )
        self.note = QLabel()
        self.note.setObjectName("recent_sends_note")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.table.itemSelectionChanged.connect(self.selection_changed)
        self.resume_button.clicked.connect(self._emit_resume)

    def set_sends(self, sends: Sequence, now: datetime) -> None:
        """The latest sends (SendSummary), newest first; a resumable one can be sent the rest of."""
        selected = self.selected()
        self._sends = list(sends)
        self.table.setRowCount(len(self._sends))
        for row, summary in enumerate(self._sends):
            for column, text in enumerate(recent_send_row(summary, now)):
                item = QTableWidgetItem(text)
                item.setToolTip(summary.message or text if column == 2 else text)
                if column == 2 and summary.resumable:
                    item.setForeground(theme.colour(theme.BAD))
                self.table.setItem(row, column, item)
            if selected is not None and summary.send_id == selected.send_id:
                self.table.selectRow(row)
        self.empty.setVisible(not self._sends)

    def show_note(self, text: str, *, ok: bool = True) -> None:
        _note(self.note, text, ok)

    def selected(self):
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows or min(rows) >= len(self._sends):
            return None
        return self._sends[min(rows)]

    def select(self, send_id: int) -> bool:
        for row, summary in enumerate(self._sends):
            if summary.send_id == send_id:
                self.table.selectRow(row)
                return True
        return False

    def update_actions(self, *, busy: bool) -> None:
        recent = self.selected()
        self.resume_button.setEnabled(recent is not None and recent.resumable and not busy)

    def _emit_resume(self) -> None:
        selected = self.selected()
        if selected is not None and selected.resumable:
            self.resume_requested.emit(selected.send_id)
