"""The eMarketeer contact lists during eMarketeer's pause, and the Send tab's form with the lists' error showing.

SPEC R18 and the api notes: a 429/503 with a long Retry-After is eMarketeer asking to be left alone until then; the
app keeps that time in the history (sync/pause.py) and no run, send or sign-in asks eMarketeer anything before it.

1. The Send tab read the contact lists (at start, on Reload) during the pause all the same, and a long Retry-After it
   met there was not kept: eMarketeer was asked again at each Reload, against its request, and the window said
   "eMarketeer asked to wait 7200 s (Retry-After)", a wait counted from an unknown moment, so the admin could not
   tell when the lists can be read. `send --list` read them the same way. Now the lists are not asked for while the
   pause is in force, a long Retry-After met reading them is kept as the pause, and the sentence gives its end (UTC).
2. With that error showing at 1280x800, the Recipients group was squeezed: the pasted addresses box shrank to about
   two lines with its last line cut, and the CSV row overlapped it; an admin pasting a list of addresses could not
   see what was pasted. The box keeps at least three lines; the form column scrolls instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from engine_support import FakeClock
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTableWidget
from test_cli_online import _run, online  # noqa: F401
from test_ui_send import TIMEOUT_MS, demo, open_window  # noqa: F401

from desktop_app.domain.checklist import Channel
from desktop_app.domain.model import System
from desktop_app.sending import SendRequest, SendService
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.sync.pause import keep_asked_pause, pause_in_force
from desktop_app.ui import translation

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

LISTS = "/contacts-api/v1/lists"


def _lists_read(label: QLabel) -> bool:
    return bool(label.text()) and not label.text().startswith(("Reading", "Läser"))


def _list_requests(em) -> list:
    return [r for r in em.requests if r.path.startswith(LISTS)]


# ---------------------------------------------------------------- 1. no lists asked for during the pause


def test_the_send_tab_keeps_emarketeers_pause_when_reading_its_lists_and_asks_nothing_before_its_end(
    qtbot, open_window, demo
):
    clock = FakeClock(datetime.now(timezone.utc))
    demo.emarketeer.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=LISTS))
    window = open_window(clock=clock)  # the tab reads the lists at start and meets the long Retry-After
    label = window.send_view.lists_label
    qtbot.waitUntil(lambda: _lists_read(label), timeout=TIMEOUT_MS)

    with Store.open(demo.data_dir) as store:
        pause = pause_in_force(store, clock())
    assert pause is not None and pause.system is System.EMARKETEER  # kept: nothing asks eMarketeer before its end
    said = label.text()
    assert f"eMarketeer asked to wait until {pause.shown_time(clock())} UTC" in said, said
    assert "7200 s" not in said and "after that time" in said, said

    # Reload during the pause: eMarketeer is not asked, and the sentence says when the lists can be read.
    demo.emarketeer.clear_requests()
    clock.advance(minutes=30)
    window.send_view.reload_lists_button.click()
    qtbot.waitUntil(lambda: _lists_read(label), timeout=TIMEOUT_MS)
    qtbot.wait(200)
    assert _list_requests(demo.emarketeer) == []
    assert f"eMarketeer asked to wait until {pause.shown_time(clock())} UTC" in label.text(), label.text()

    # After its end, Reload reads them.
    demo.emarketeer.faults.clear()
    clock.advance(hours=2)
    window.send_view.reload_lists_button.click()
    qtbot.waitUntil(lambda: window.send_view.list_combo.count() == 3, timeout=TIMEOUT_MS)
    assert not window.send_view.lists_label.isVisible()


def test_the_send_tab_reads_the_lists_by_itself_once_emarketeers_pause_has_ended(qtbot, open_window, demo):
    """The tab said "they can be read after that time", then showed no lists until someone pressed Reload: a marketer
    coming back after the pause found an empty list menu and the old sentence. The 30 s look reads them once after
    the pause's end, and not before it."""
    clock = FakeClock(datetime.now(timezone.utc))
    demo.emarketeer.faults.add(Fault("status", status=503, retry_after=7200, times=1, path_contains=LISTS))
    window = open_window(clock=clock)
    view = window.send_view
    qtbot.waitUntil(lambda: _lists_read(view.lists_label), timeout=TIMEOUT_MS)
    assert view.list_combo.count() == 0

    demo.emarketeer.clear_requests()
    clock.advance(minutes=90)
    window.send.timer.timeout.emit()  # during the pause: nothing asked
    qtbot.wait(300)
    assert _list_requests(demo.emarketeer) == []

    clock.advance(minutes=31)
    window.send.timer.timeout.emit()
    qtbot.waitUntil(lambda: view.list_combo.count() == 3, timeout=TIMEOUT_MS)
    assert not view.lists_label.isVisible()
    demo.emarketeer.clear_requests()
    window.send.timer.timeout.emit()  # read once, not at every look
    qtbot.wait(300)
    assert _list_requests(demo.emarketeer) == []


def test_send_list_during_emarketeers_pause_asks_emarketeer_nothing_and_says_until_when(monkeypatch, online):
    so, em, keyring, data_dir = online
    list_id = em.add_list("Newsletter", ["bo@example.se"])
    now = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        keep_asked_pause(store, System.EMARKETEER, 7200, now)
        pause = pause_in_force(store, now)
    assert pause is not None
    em.clear_requests()

    code, out, err = _run(
        monkeypatch, keyring, "send", "--channel", "email", "--component", "1001", "--list", str(list_id), "--yes"
    )

    assert code == 1 and "Traceback" not in err, err
    assert f"eMarketeer asked to wait until {pause.shown_time(now)} UTC" in err and "after that time" in err, err
    assert em.requests == [] and em.sent == []


def test_send_list_keeps_a_long_retry_after_met_reading_the_lists(monkeypatch, online):
    so, em, keyring, data_dir = online
    list_id = em.add_list("Newsletter", ["bo@example.se"])
    em.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=LISTS))

    code, out, err = _run(
        monkeypatch, keyring, "send", "--channel", "email", "--component", "1001", "--list", str(list_id), "--yes"
    )

    assert code == 1 and "Traceback" not in err, err
    now = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        pause = pause_in_force(store, now)
    assert pause is not None and pause.system is System.EMARKETEER
    assert f"eMarketeer asked to wait until {pause.shown_time(now)} UTC" in err, err
    assert em.sent == []


# ---------------------------------------------------------------- 2. the form with the lists' error showing


@pytest.fixture(params=["en", "sv"])
def language(request):
    translation.install(request.param)
    yield request.param
    translation.uninstall()


def test_the_pasted_addresses_keep_three_lines_when_the_lists_error_shows(qtbot, open_window, demo, language):
    # As in the screenshot: a scheduled send waits for eMarketeer's pause (its note under Send later), and the lists'
    # sentence shows under the list row.
    clock = FakeClock(datetime.now(timezone.utc))
    with Store.open(demo.data_dir) as store:
        SendService(store, demo.data_dir, None, None, clock=clock).schedule(
            SendRequest(Channel.EMAIL, 1001, ("allowed@send.test",), "pasted"), clock() + timedelta(hours=1)
        )
    window = open_window(clock=clock)
    finished: list = []
    window.send.send_finished.connect(finished.append)
    window.send.notify = lambda text, error: None
    demo.emarketeer.faults.add(Fault("status", status=503, retry_after=7200, times=-1, method="GET"))
    clock.advance(hours=1, minutes=1)
    window.send.timer.timeout.emit()
    qtbot.waitUntil(lambda: len(finished) >= 1, timeout=TIMEOUT_MS)
    view = window.send_view
    view.reload_lists_button.click()
    qtbot.waitUntil(lambda: _lists_read(view.lists_label), timeout=TIMEOUT_MS)
    window.resize(1280, 800)
    qtbot.wait(300)
    assert view.lists_label.isVisible() and view.scheduled_label.isVisible()

    edit = view.pasted_edit
    lines = edit.viewport().height() / edit.fontMetrics().lineSpacing()
    assert lines >= 3, lines
    # Nothing overlaps in the Recipients group: the list's error above the box, the CSV row below it, all inside.
    box = view.form.recipients_box
    assert view.lists_label.geometry().bottom() < edit.geometry().top()
    assert edit.geometry().bottom() < view.file_edit.geometry().top()
    assert view.file_edit.geometry().bottom() <= box.contentsRect().bottom()
    # Nothing else in the form column is squeezed: each wrapped sentence shows whole, each box its least height.
    column = view.left_scroll.widget()
    for label in column.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    for widget in [*column.findChildren(QPlainTextEdit), *column.findChildren(QTableWidget)]:
        if widget.isVisible():
            assert widget.height() >= widget.minimumHeight(), widget.objectName()
    # The column scrolls for it rather than squeezing: its content is its whole height.
    assert column.height() >= column.minimumSizeHint().height()
