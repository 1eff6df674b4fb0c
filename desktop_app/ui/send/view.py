"""The Send tab (issue 4, R3, R4, R10): message and recipients, the Checklist, Launch, and scheduled sends.

A passive view: it says what the person asked for through signals and shows what it is handed.
The presenter (presenter.py) runs the service on the sync worker and decides what to show;
the wording comes from wording.py. The message and recipients form is in form.py, the Checklist's
table model in checklist_model.py, the two lists of sends in send_lists.py, the start-up question
about due sends in dialogs.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.checklist import Channel, Checklist, Exclusion
from ...i18n import number
from .. import theme
from ..table_columns import RestToColumn
from .checklist_model import COL_ADDRESS, COL_CHANGES, COL_RESULT, COL_WHY, ChecklistModel, NotableFilter
from .dialogs import DueSendsDialog
from .form import SendForm
from .send_lists import RecentSendsBox, ScheduledSendsBox
from .wording import (
    ChecklistRow,
    checklist_headline,
    checklist_rows,
    exclusion_counts,
    result_text,
    sync_notes,
)


def _style(name: str) -> str:
    return f"color: {theme.css(name)};"


class SendView(QWidget):
    """Signals say what the person asked for; the presenter answers with the show_* and set_* slots."""

    check_requested = Signal()
    launch_requested = Signal()
    schedule_requested = Signal(object)  # aware datetime (UTC)
    cancel_requested = Signal()  # stop the running check or send
    reload_lists_requested = Signal()
    cancel_scheduled_requested = Signal(int)  # send id
    send_scheduled_now_requested = Signal(int)  # send id (one held back: fell due while closed or failed)
    open_in_conflicts_requested = Signal(str)  # normalised address
    form_changed = Signal()
    resume_requested = Signal(int)  # send id: "Send the rest" of a partly sent send
    include_recent_toggled = Signal(bool)  # send to those an earlier send of the message reached, too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._resume_id: int | None = None  # the send the outcome's "Send the rest" applies to
        self._guard_open = False
        self._busy = False
        self._can_launch = False
        self._own_busy = False
        self._build()
        self._connect()
        self.show_checklist(None)
        self.show_problem(None)
        self.show_scheduled_note("")
        self.set_busy(False, False)
        self.set_scheduled([], datetime.now(timezone.utc))
        self.set_recent([], datetime.now(timezone.utc))
        self.show_recent_note("")
        self.show_recent_overlap("")

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        # --- the message and its recipients (form.py); their widgets are named here too, for tests
        self.form = SendForm()
        for name in (
            "email_button",
            "sms_button",
            "channel_group",
            "component_edit",
            "list_button",
            "pasted_button",
            "file_button",
            "source_group",
            "list_combo",
            "reload_lists_button",
            "lists_label",
            "pasted_edit",
            "file_edit",
            "browse_button",
        ):
            setattr(self, name, getattr(self.form, name))

        # --- check, progress, problem
        self.check_button = QPushButton(self.tr("Check recipients"))
        self.check_button.setObjectName("check_button")
        self.check_button.setDefault(True)
        self.check_button.setToolTip(
            self.tr(
                "Sync these recipients' legal basis in both systems now and show "
                "who may get the message (the Checklist). Nothing is sent."
            )
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the check or the send that is going"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("send_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(_style(theme.BAD))
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.cancel_button)
        check_row.addStretch(1)

        # --- send later, and the recent sends (send_lists.py); their widgets are named here too, for tests
        self.scheduled_box = ScheduledSendsBox()
        self.schedule_edit = self.scheduled_box.schedule_edit
        self.schedule_button = self.scheduled_box.schedule_button
        self.scheduled_table = self.scheduled_box.table
        self.scheduled_empty = self.scheduled_box.empty
        self.send_scheduled_button = self.scheduled_box.send_now_button
        self.cancel_scheduled_button = self.scheduled_box.cancel_button
        self.scheduled_label = self.scheduled_box.note
        self.recent_box = RecentSendsBox()
        self.recent_table = self.recent_box.table
        self.recent_empty = self.recent_box.empty
        self.recent_resume_button = self.recent_box.resume_button
        self.recent_sends_note = self.recent_box.note

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.form, 1)  # the pasted addresses get the room the column has
        left_layout.addLayout(check_row)
        left_layout.addWidget(self.progress_bar)
        left_layout.addWidget(self.progress_label)
        left_layout.addWidget(self.problem_label)
        left_layout.addWidget(self.scheduled_box)
        left_layout.addWidget(self.recent_box)

        # --- the Checklist
        self.checklist_title = QLabel(self.tr("Checklist"))
        title_font = self.checklist_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.checklist_title.setFont(title_font)
        self.headline_label = QLabel()
        self.headline_label.setObjectName("checklist_headline")
        self.headline_label.setWordWrap(True)
        headline_font = self.headline_label.font()
        headline_font.setPointSizeF(headline_font.pointSizeF() * 1.1)
        headline_font.setBold(True)
        self.headline_label.setFont(headline_font)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("checklist_counts")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.counts_label.setWordWrap(True)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.show_all_box = QCheckBox(self.tr("Show every recipient"))
        self.show_all_box.setToolTip(self.tr("Off: only the excluded recipients, and those the sync changed"))
        self.open_button = QPushButton(self.tr("Open in conflict view"))
        self.open_button.setObjectName("open_in_conflicts_button")
        self.open_button.setToolTip(
            self.tr(
                "Show the selected recipient's legal basis in both systems, as the "
                "send-time sync read and decided it (double-click works too)"
            )
        )

        self.model = ChecklistModel(self)
        self.proxy = NotableFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("checklist_table")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # A few rows at least; the table takes what the page has left (no scrollbar for the page at 800 px high).
        self.table.setMinimumHeight((self.fontMetrics().height() + 8) * 4)
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        widest = max((result_text(False, reason) for reason in Exclusion), key=metrics.horizontalAdvance)
        # "Why" takes the width the others leave; the address and the result elide first (tooltips carry them).
        self.columns = RestToColumn(
            self.table,
            COL_WHY,
            {
                COL_ADDRESS: metrics.horizontalAdvance("firstname.lastname@company.se") + 16,
                COL_RESULT: metrics.horizontalAdvance(widest) + 16,
                COL_CHANGES: max(
                    metrics.horizontalAdvance("2 changes, conflict") + 16,
                    header.fontMetrics().horizontalAdvance(self.tr("Sync changed")) + 24,
                ),
            },
            # Not "Sync changed": mostly empty, but its header would be cut mid-word ("nken ändra" at 125 %).
            shrinkable=(COL_ADDRESS, COL_RESULT),
            min_rest=metrics.averageCharWidth() * 36,
        )
        self.line_details = QLabel()
        self.line_details.setObjectName("checklist_line_details")
        self.line_details.setWordWrap(True)
        self.line_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.line_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        table_bar = QHBoxLayout()
        table_bar.addWidget(self.show_all_box)
        table_bar.addStretch(1)
        table_bar.addWidget(self.open_button)

        self.launch_button = QPushButton(self.tr("Launch…"))
        self.launch_button.setObjectName("launch_button")
        self.launch_button.setToolTip(self.tr("Send the message to the recipients the Checklist allows, now"))
        launch_font = self.launch_button.font()
        launch_font.setBold(True)
        self.launch_button.setFont(launch_font)
        self.launch_button.setMinimumWidth(140)
        self.launch_note = QLabel()
        self.launch_note.setWordWrap(True)
        launch_row = QHBoxLayout()
        launch_row.addWidget(self.launch_note, 1)
        launch_row.addWidget(self.launch_button)

        self.recent_label = QLabel()
        self.recent_label.setObjectName("recently_sent_warning")
        self.recent_label.setWordWrap(True)
        self.recent_label.setStyleSheet(_style(theme.WARN) + " font-weight: bold;")
        self.recent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.include_recent_box = QCheckBox(self.tr("Send to them again as well"))
        self.include_recent_box.setObjectName("include_recent_box")
        self.include_recent_box.setToolTip(
            self.tr("Off: those who got this message in the last 24 hours are left out, so nobody gets it twice")
        )
        self.recent_note = QLabel()
        self.recent_note.setWordWrap(True)
        recent_row = QHBoxLayout()
        recent_row.addWidget(self.include_recent_box)
        recent_row.addWidget(self.recent_note, 1)
        self.recent_frame = QFrame()
        self.recent_frame.setObjectName("recently_sent_frame")
        recent_frame_layout = QVBoxLayout(self.recent_frame)
        recent_frame_layout.setContentsMargins(0, 4, 0, 4)
        recent_frame_layout.addWidget(self.recent_label)
        recent_frame_layout.addLayout(recent_row)

        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("send_outcome")
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome_details = QPlainTextEdit()
        self.outcome_details.setReadOnly(True)
        self.outcome_details.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.resume_button = QPushButton(self.tr("Send the rest…"))
        self.resume_button.setObjectName("resume_button")
        self.resume_button.setToolTip(
            self.tr(
                "Check the recipients this send did not reach again, then send it to "
                "those still allowed. Those who got it, or may have, are not sent it "
                "again."
            )
        )
        resume_font = self.resume_button.font()
        resume_font.setBold(True)
        self.resume_button.setFont(resume_font)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(self.outcome_label, 1)
        outcome_row.addWidget(self.resume_button, 0, Qt.AlignmentFlag.AlignTop)

        checklist_page = QWidget()
        checklist_layout = QVBoxLayout(checklist_page)
        checklist_layout.setContentsMargins(0, 0, 0, 0)
        checklist_layout.addWidget(self.headline_label)
        checklist_layout.addWidget(self.counts_label)
        checklist_layout.addWidget(self.notes_label)
        checklist_layout.addLayout(table_bar)
        checklist_layout.addWidget(self.table, 1)
        checklist_layout.addWidget(self.line_details)
        checklist_layout.addWidget(self.recent_frame)
        checklist_layout.addLayout(launch_row)
        checklist_layout.addLayout(outcome_row)
        checklist_layout.addWidget(self.outcome_details)

        self.empty_label = QLabel(
            self.tr(
                "Choose the message and the recipients, then press Check recipients.\n\n"
                "Their legal basis is synced between SuperOffice and eMarketeer first (R3, R4); the Checklist then "
                "shows who may get the message, who is excluded and why, and what the sync changed. "
                "Nothing is sent before you press Launch."
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setContentsMargins(40, 40, 40, 40)
        self.empty_label.setEnabled(False)

        self.checklist_stack = QStackedWidget()
        self.checklist_stack.addWidget(self.empty_label)
        self.checklist_stack.addWidget(checklist_page)

        right = QFrame()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.checklist_title)
        right_layout.addWidget(self.checklist_stack, 1)

        # The form column scrolls on its own when the window is short: its word-wrapped notes need more height the
        # narrower it is, which a column sharing the outer scroll area cannot ask for (its rows would overlap).
        self.left_scroll = QScrollArea()
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.left_scroll.setWidget(left)
        self.left_scroll.setMinimumWidth(left.minimumSizeHint().width())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        # Two parts in five for the form, whatever the window's width (not a fixed ~410 px); the person may drag.
        self.splitter.setSizes([2000, 3000])

        # In a small window the tab scrolls rather than making the whole window's minimum size its own.
        self.outer_scroll = QScrollArea()
        self.outer_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.outer_scroll.setWidgetResizable(True)
        self.outer_scroll.setWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outer_scroll)

    def _connect(self) -> None:
        self.check_button.clicked.connect(self.check_requested)
        self.launch_button.clicked.connect(self.launch_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.scheduled_box.schedule_requested.connect(self.schedule_requested)
        self.scheduled_box.send_now_requested.connect(self.send_scheduled_now_requested)
        self.scheduled_box.cancel_requested.connect(self.cancel_scheduled_requested)
        self.scheduled_box.selection_changed.connect(self._update_actions)
        self.recent_box.resume_requested.connect(self.resume_requested)
        self.recent_box.selection_changed.connect(self._update_actions)
        self.form.reload_lists_requested.connect(self.reload_lists_requested)
        self.form.form_changed.connect(self.form_changed)
        self.open_button.clicked.connect(self._emit_open)
        self.table.doubleClicked.connect(lambda _index: self._emit_open())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected_line_changed())
        self.show_all_box.toggled.connect(self.proxy.set_show_all)
        self.resume_button.clicked.connect(self._emit_resume)
        self.include_recent_box.toggled.connect(self.include_recent_toggled)

    # ------------------------------------------------------------------ reading the form (form.py)

    def channel(self) -> Channel:
        return self.form.channel()

    def component_text(self) -> str:
        return self.form.component_text()

    def source_kind(self) -> str:
        return self.form.source_kind()

    def chosen_list(self):
        return self.form.chosen_list()

    def pasted_text(self) -> str:
        return self.form.pasted_text()

    def file_path(self) -> str:
        return self.form.file_path()

    def schedule_time(self) -> datetime:
        return self.scheduled_box.schedule_time()

    def set_schedule_time(self, when: datetime) -> None:
        self.scheduled_box.set_schedule_time(when)

    # ------------------------------------------------------------------ shown by the presenter

    def set_lists(self, lists: Sequence, problem: str | None = None) -> None:
        """The eMarketeer contact lists for the combo (ContactList: id, name, size), or why there are none."""
        self.form.set_lists(lists, problem)

    def set_lists_loading(self) -> None:
        self.form.set_lists_loading()

    def show_problem(self, text: str | None) -> None:
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))

    def problem_text(self) -> str:
        return self.problem_label.text() if self.problem_label.isVisible() or self.problem_label.text() else ""

    def show_progress(self, text: str, done: int = 0, total: int = 0) -> None:
        self.progress_label.setText(text)
        self.progress_label.setVisible(bool(text))
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        else:
            self.progress_bar.setRange(0, 0)  # busy, no known end

    def set_busy(self, busy: bool, own: bool, why_not: str | None = None) -> None:
        """`busy`: the worker is going; `own`: with this tab's check or send (Cancel applies to it)."""
        self._busy = busy
        self._own_busy = busy and own
        self.progress_bar.setVisible(busy and own)
        if not (busy and own):
            self.progress_label.setText(why_not or "")
            self.progress_label.setVisible(bool(why_not))
        self._update_actions()

    def show_checklist(
        self, checklist: Checklist | None, *, when_text: str = "", can_launch: bool = False, note: str = ""
    ) -> None:
        if checklist is None:
            self.model.set_rows(())
            self.checklist_stack.setCurrentIndex(0)
            self._can_launch = False
            self.show_outcome("", [])
            self._update_actions()
            return
        self.model.set_rows(checklist_rows(checklist))
        rows = self.model.rows()
        # "Sync changed" only when the sync changed someone: an empty column would take the room Result needs.
        self.table.setColumnHidden(COL_CHANGES, not any(row.changes or row.conflict for row in rows))
        self.columns.refit()
        # Room under the table for the longest a selected line's details can be here (no blank strip above
        # Launch when the sync changed nothing); a reason that wraps takes a line from the table, never Launch.
        lines = 1 + any(row.changes for row in rows) + any(row.conflict for row in rows)
        self.line_details.setMinimumHeight(self.fontMetrics().lineSpacing() * lines)
        self.headline_label.setText(checklist_headline(checklist))
        counts = exclusion_counts(checklist)
        if counts:
            items = "".join(
                f"<tr><td style='padding-right:12px'>{_escape(text)}</td>"
                f"<td align='right'><b>{number(count)}</b></td></tr>"
                for _reason, text, count in counts
            )
            title = _escape(self.tr("Excluded, by reason:"))
            self.counts_label.setText(f"<p style='margin:0'>{title}</p><table style='margin-left:12px'>{items}</table>")
        else:
            self.counts_label.setText(_escape(self.tr("Nobody is excluded.")))
        self.notes_label.setText(when_text or sync_notes(checklist))
        self.show_all_box.setChecked(not any(row.notable for row in self.model.rows()))
        self._selected_line_changed()
        self.checklist_stack.setCurrentIndex(1)
        self._can_launch = can_launch
        self.launch_note.setText(note)
        self.show_outcome("", [])
        self._update_actions()

    def set_launch_allowed(self, allowed: bool, note: str = "") -> None:
        self._can_launch = allowed
        self.launch_note.setText(note)
        self._update_actions()

    def show_outcome(
        self, headline: str, details: Sequence[str], *, ok: bool = True, resume_send_id: int | None = None
    ) -> None:
        """`resume_send_id`: the send stopped with recipients not sent; "Send the rest" is offered beside it."""
        self.outcome_label.setText(headline)
        self.outcome_label.setStyleSheet(_style(theme.OK if ok else theme.BAD))
        self.outcome_label.setVisible(bool(headline))
        self.outcome_details.setPlainText("\n".join(details))
        self.outcome_details.setVisible(bool(details))
        self._resume_id = resume_send_id
        self.resume_button.setVisible(resume_send_id is not None)
        self._update_actions()

    def show_recent_overlap(self, text: str, note: str = "", *, included: bool = False, open_: bool = True) -> None:
        """Who of this Checklist an earlier send of the message reached in the last 24 hours ("" hides it);
        `open_`: the box can still be changed (not after Launch)."""
        self._guard_open = bool(text) and open_
        self.recent_label.setText(text)
        self.recent_note.setText(note)
        self.include_recent_box.blockSignals(True)
        self.include_recent_box.setChecked(included)
        self.include_recent_box.blockSignals(False)
        self.recent_frame.setVisible(bool(text))
        self._update_actions()

    def set_recent(self, sends: Sequence, now: datetime) -> None:
        """The latest sends (SendSummary), newest first; a resumable one can be sent the rest of."""
        self.recent_box.set_sends(sends, now)
        self._update_actions()

    def show_recent_note(self, text: str, *, ok: bool = True) -> None:
        self.recent_box.show_note(text, ok=ok)

    def selected_recent(self):
        return self.recent_box.selected()

    def select_recent(self, send_id: int) -> bool:
        return self.recent_box.select(send_id)

    def set_scheduled(
        self, sends: Sequence, now: datetime, held: set[int] | None = None, notes: dict[int, str] | None = None
    ) -> None:
        """The sends waiting for their time; `held`: due ones waiting for the person (fell due while closed)."""
        self.scheduled_box.set_sends(sends, now, held, notes)
        self._update_actions()

    def show_scheduled_note(self, text: str, *, ok: bool = True) -> None:
        self.scheduled_box.show_note(text, ok=ok)

    def selected_scheduled(self) -> int | None:
        return self.scheduled_box.selected()

    def select_checklist_row(self, address: str) -> bool:
        """Select the row of `address` (as entered or normalised) in the table; False when it is not shown."""
        for row in range(self.proxy.rowCount()):
            line = self.proxy.row_at(row)
            if address in (line.address, line.email):
                self.table.selectRow(row)
                return True
        return False

    def selected_checklist_row(self) -> ChecklistRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ questions (the presenter asks)

    def confirm_launch(self, text: str) -> bool:
        return self._confirm_sending(self.tr("Launch the send"), self.tr("Send"), "confirm_launch", text)

    def confirm_resume(self, text: str) -> bool:
        return self._confirm_sending(self.tr("Send the rest"), self.tr("Send the rest"), "confirm_resume", text)

    def _confirm_sending(self, title: str, button: str, name: str, text: str) -> bool:
        """A question whose safe answer, Cancel, is the default: sending cannot be undone."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, self)
        send = box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName(name)
        box.exec()
        return box.clickedButton() is send

    def ask_about_due(self, sends: Sequence, now: datetime, answered: Callable[[Mapping[int, str] | None], None]):
        """The start-up question about sends that fell due while the app was closed (window-modal, not blocking);
        `answered(decisions)` with send id -> DUE_SEND or DUE_CANCEL, or None for "Decide later"."""
        dialog = DueSendsDialog(sends, now, self.window())

        def finished(result: int) -> None:
            dialog.deleteLater()
            answered(dialog.decisions() if result == QDialog.DialogCode.Accepted else None)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def confirm_schedule(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Schedule the send"),
            text,
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Ok,
        )
        return answer == QMessageBox.StandardButton.Ok

    # ------------------------------------------------------------------ internals

    def _update_actions(self) -> None:
        busy = self._busy
        own = self._own_busy
        self.check_button.setEnabled(not busy)
        self.cancel_button.setEnabled(own)
        self.cancel_button.setVisible(own)
        self.launch_button.setEnabled(self._can_launch and not busy)
        row = self.selected_checklist_row() if self.checklist_stack.currentIndex() == 1 else None
        self.open_button.setEnabled(row is not None and row.can_open)
        self.scheduled_box.update_actions(busy=busy, own=own)
        self.resume_button.setEnabled(self._resume_id is not None and not busy)
        self.recent_box.update_actions(busy=busy)
        self.include_recent_box.setEnabled(self._guard_open and not busy)

    def _selected_line_changed(self) -> None:
        row = self.selected_checklist_row()
        if row is None:
            self.line_details.setText(
                self.tr("Select a recipient to read the reason, and what the sync changed, in full.")
            )
        else:
            text = f"<b>{_escape(row.address)}</b>: {_escape(row.result)}. {_escape(row.reason)}"
            if row.changes:
                text += "<br>" + _escape(self.tr("Changed by the send-time sync:")) + " " + _escape(row.changes)
            if row.conflict:
                text += "<br>" + _escape(
                    self.tr("The sync decided a conflict for this recipient (R13): the more restrictive value won.")
                )
            self.line_details.setText(text)
        self._update_actions()

    def _emit_open(self) -> None:
        row = self.selected_checklist_row()
        if row is not None and row.email is not None:
            self.open_in_conflicts_requested.emit(row.email)

    def _emit_resume(self) -> None:
        if self._resume_id is not None:
            self.resume_requested.emit(self._resume_id)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
