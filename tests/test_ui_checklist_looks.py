"""The Checklist reads in full at 1180 px (looks review s15, points 7 and 15; R4: the Checklist says who is excluded
and why before anything is sent).

At 1180 px the Result column was cut ("Excluded: waiting for …") while the "Sync changed" column beside it was empty
on every row and the line above said the sync changed nothing: an admin checking why a recipient is left out had to
hover each cell. The reason list said "No legal basis for marketing sendouts" next to "Marketing sendouts withdrawn",
as if they were two different things (R6: the purpose is named "Marketing sendouts"), and a blank strip sat above
"Launch…" as if a sentence were missing.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtWidgets import QLabel

from desktop_app.domain.checklist import Channel, Checklist, ChecklistLine, Exclusion
from desktop_app.ui.send.checklist_model import COL_CHANGES, COL_RESULT
from desktop_app.ui.send.view import SendView

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


def line(given, exclusion=None, why="Marketing sendouts: Consent.", changes=(), conflict=False) -> ChecklistLine:
    email = None if exclusion is Exclusion.INVALID_ADDRESS else given.lower()
    return ChecklistLine(given, email, exclusion is None, exclusion, why, tuple(changes), conflict)


UNCHANGED = (
    line("oskar.lindqvist@handel.se", Exclusion.MARKETING_WITHDRAWN, "Marketing sendouts withdrawn in both systems."),
    line("s.karlsson@example.se", Exclusion.NO_MARKETING_BASIS, "No legal basis for Marketing sendouts."),
    line("mikael.strom@example.se", Exclusion.HELD_FOR_REVIEW, "The sync would reverse a withdrawal (R24)."),
    line("not-an-address", Exclusion.INVALID_ADDRESS, "Invalid e-mail address 'not-an-address'."),
    line("new.customer@example.org", Exclusion.UNKNOWN_IN_EMARKETEER, "Neither system knows this address."),
    line("mans.olsson@handel.se"),
)


def show(qtbot, lines) -> SendView:
    view = SendView()
    qtbot.addWidget(view)
    view.resize(1180, 700)  # the Send tab inside a 1180 x 800 window
    view.show()
    qtbot.waitExposed(view)
    view.show_checklist(Checklist(Channel.EMAIL, 1001, 3, NOW, lines), can_launch=True, note="Launch sends it.")
    view.select_checklist_row("oskar.lindqvist@handel.se")
    qtbot.wait(20)
    return view


def test_result_is_read_in_full_when_the_sync_changed_nobody(qtbot):
    view = show(qtbot, UNCHANGED)
    assert view.table.isColumnHidden(COL_CHANGES)  # empty on every row: no column for it
    metrics = view.table.fontMetrics()
    for row in range(view.proxy.rowCount()):
        text = view.proxy.index(row, COL_RESULT).data()
        assert metrics.horizontalAdvance(text) + 8 <= view.table.columnWidth(COL_RESULT), text


def test_sync_changed_is_shown_when_the_sync_changed_someone(qtbot):
    changed = line("b.pettersson@bygg-ab.se", changes=("Marketing sendouts: written to SuperOffice.",))
    view = show(qtbot, (*UNCHANGED, changed))
    assert not view.table.isColumnHidden(COL_CHANGES)
    view = show(qtbot, UNCHANGED)
    assert view.table.isColumnHidden(COL_CHANGES)


def test_the_purpose_is_named_as_everywhere_and_no_blank_strip_above_launch(qtbot):
    view = show(qtbot, UNCHANGED)
    counts = view.counts_label.text()
    assert "No legal basis for Marketing sendouts" in counts and "Marketing sendouts withdrawn" in counts
    assert Exclusion.NO_MARKETING_BASIS.text == "No legal basis for Marketing sendouts"  # the command line's too
    details = view.line_details
    assert "Marketing sendouts withdrawn in both systems" in details.text()
    # The selected line's details fill their box: no empty lines kept between them and Launch.
    probe = QLabel(details.text())  # the same text, with no reserved height
    probe.setFont(details.font())
    probe.setWordWrap(True)
    needed = probe.heightForWidth(details.width())
    assert details.height() <= needed + details.fontMetrics().lineSpacing() // 2, (details.height(), needed)
