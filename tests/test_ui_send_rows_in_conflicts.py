"""The Checklist's "Open in conflict view" shows the send-time sync's rows. That sync is a real one (R4, R10): it
wrote what it decided (a recipient's withdrawal, say) before the Checklist was made. Before, the conflict view put
those rows under the sentence a Preview gets, "Preview of <time>: 1 change to write ... Nothing was written.", so the
admin (or the DPO looking over their shoulder) was told nothing was written to either system when it was."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.shell.main_window import TAB_CONFLICTS, TAB_SEND, MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(120), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
TIMEOUT_MS = 60_000


@pytest.fixture
def demo(small_demo):
    return small_demo


def test_the_send_time_syncs_rows_say_what_it_wrote_not_that_nothing_was_written(qtbot, demo):
    now = datetime.now(timezone.utc)
    so, em = demo.superoffice, demo.emarketeer
    em.add_consent("withdrawn@send.test", "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
    so.set_consent(
        so.add_person("withdrawn@send.test", registered=now - timedelta(days=400)), "EMARKETING", "WITHDRAWN"
    )

    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    try:
        window.scheduler.stop()
        window.show()
        qtbot.waitExposed(window)
        window.tabs.setCurrentIndex(TAB_SEND)
        qtbot.waitUntil(lambda: window.send.ready, timeout=TIMEOUT_MS)
        view = window.send_view
        view.email_button.setChecked(True)
        view.component_edit.setText("1001")
        view.pasted_edit.setPlainText("withdrawn@send.test")
        view.pasted_button.setChecked(True)
        with qtbot.waitSignal(window.send.checklist_shown, timeout=TIMEOUT_MS):
            qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.check_button.isEnabled(), timeout=5000)
        row = next(r for r in view.model.rows() if r.email == "withdrawn@send.test")
        assert row.changes  # the send-time sync wrote Withdrawn to eMarketeer...
        assert "withdrawn" in str(demo.emarketeer.current_consents("withdrawn@send.test")).lower()  # ...and it is there

        assert view.select_checklist_row("withdrawn@send.test")
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
        assert window.tabs.currentIndex() == TAB_CONFLICTS
        line = window.conflict_view.summary_label.text()
        assert "Nothing was written" not in line, f"the conflict view says, of a sync that wrote: {line!r}"
        assert "Preview" not in line
        assert line.startswith("Sync of ") and "changes written (0 to SuperOffice, 2 to eMarketeer)" in line, line
    finally:
        window.shutdown()


def test_a_preview_still_says_nothing_was_written(qtbot, demo):
    """The other side: a Preview (a dry run) keeps its sentence."""
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    try:
        window.scheduler.stop()
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
            assert window.preview()
        line = window.conflict_view.summary_label.text()
        assert line.startswith("Preview of ") and line.endswith("Nothing was written."), line
    finally:
        window.shutdown()
