"""R24 / R25 / R23 in the window while another program writes the history: a headless `sync` or `send --due` under the
server's timer holds a write transaction past the busy timeout. Approve (and Keep withdrawn, Clear, Discard) raised
StoreUnavailable out of the button's slot into the app's "Something unexpected went wrong ... restart it" dialog. What
the admin lost: a crash dialog for an ordinary condition, and no word whether the answer was recorded. Now one
sentence, as Settings' Apply says it: nothing was recorded, and why."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop_app.demo import HELD_REVERSAL
from desktop_app.store import Store
from desktop_app.ui.shell.main_window import TAB_CONFLICTS, MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(120), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
T = 60_000


@pytest.fixture
def demo(small_demo):
    return small_demo


def test_approve_clear_and_discard_while_the_history_is_busy_say_one_sentence(qtbot, demo, monkeypatch):
    from desktop_app.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    told: list[str] = []
    say = window.safety._warn
    assert say is not None  # the window says these where the person pressed (the conflict view's summary line)
    window.safety._warn = lambda text: (told.append(text), say(text))
    try:
        window.scheduler.stop()
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.run_completed, timeout=T):
            assert window.sync_now()  # the demo's first sync: the held reversal is listed (R24)
        qtbot.waitUntil(lambda: window.home.sync_button.isEnabled(), timeout=5000)
        window.tabs.setCurrentIndex(TAB_CONFLICTS)
        view = window.conflict_view
        with qtbot.waitSignal(window.run_completed, timeout=T):
            assert window.preview()
        qtbot.waitUntil(lambda: view.preview_button.isEnabled(), timeout=5000)
        view.filter_buttons["held"].setChecked(True)
        assert HELD_REVERSAL in {view.proxy.row_at(r).email for r in range(view.proxy.rowCount())}
        view.table.selectAll()
        assert view.approve_button.isEnabled()

        writer = sqlite3.connect(demo.data_dir / "history.sqlite3", timeout=0.1)
        writer.execute("BEGIN IMMEDIATE")  # a headless sync's write transaction
        try:
            with qtbot.capture_exceptions() as raised:
                qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
                window.safety.clear_flapping([(HELD_REVERSAL, "store")])
                window.safety.discard_held(1)
        finally:
            writer.rollback()
            writer.close()
        assert not raised, f"raised {raised[0][0].__name__}: {raised[0][1]} into Qt (the crash dialog)"
        assert len(told) == 3 and all("Nothing was recorded" in t for t in told), told
        assert view.summary_label.isVisibleTo(window) and "Nothing was recorded" in view.summary_label.text()
        with Store.open(demo.data_dir) as store:
            assert store.answers() == []
    finally:
        window.shutdown()
