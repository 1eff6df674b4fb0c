"""R4 in the window: a Checklist on screen says who may get the message as things stood when it was made. Launch does
not look at anybody's basis again: SendService.launch posts the recipients the Checklist allowed
(store.recipients_to_send). So whatever changes the answer after the check must make the shown Checklist out of date,
as a changed form does ("press Check recipients again"): settings applied, or a sync of the window's that wrote."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.demo import DemoEnvironment
from desktop_app.store import Store
from desktop_app.ui.shell.main_window import TAB_SEND, MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(120), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
TIMEOUT_MS = 60_000
OUT_OF_DATE = "press Check recipients again"


@pytest.fixture
def demo(_isolated_environment):
    world = DemoEnvironment.start(_isolated_environment, contacts=20, seed=5)
    with Store.open(world.data_dir) as store:
        store.save_settings({**world.settings, "require_positive_basis": False})
    yield world
    world.stop()


@pytest.fixture
def window(qtbot, demo):
    made = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(made)
    made.scheduler.stop()  # the test starts the sync itself
    made.show()
    qtbot.waitExposed(made)
    made.tabs.setCurrentIndex(TAB_SEND)
    qtbot.waitUntil(lambda: made.send.ready, timeout=TIMEOUT_MS)
    yield made
    made.shutdown()


def _accept_next_box() -> None:
    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        button = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        button.click()

    QTimer.singleShot(0, look)


def _check(qtbot, window, pasted: str):
    view = window.send_view
    view.email_button.setChecked(True)
    view.component_edit.setText("1001")
    view.pasted_edit.setPlainText(pasted)
    view.pasted_button.setChecked(True)
    with qtbot.waitSignal(window.send.checklist_shown, timeout=TIMEOUT_MS) as shown:
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.check_button.isEnabled(), timeout=5000)
    assert view.launch_button.isEnabled()
    return shown.args[0].checklist


def _launch_if_allowed(qtbot, window) -> None:
    """What the admin does next: Launch, if the button lets them."""
    view = window.send_view
    window.tabs.setCurrentIndex(TAB_SEND)
    qtbot.wait(200)
    if not view.launch_button.isEnabled():
        return
    _accept_next_box()
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.launch_button, Qt.MouseButton.LeftButton)


def _posted(demo) -> list[str]:
    """Every address eMarketeer was asked to send to, whether it sent or refused."""
    return [a for m in demo.emarketeer.sent for a in (*m.accepted, *(e for e, _why in m.rejected))]


def test_applying_require_positive_basis_makes_the_shown_checklist_out_of_date(qtbot, demo, window):
    """The admin ticks "Require a positive basis for sends" (a DPO asked for it) and presses Apply changes while a
    Checklist made with it unticked is on screen. Before, the Checklist stayed launchable and Launch e-mailed the
    recipient with no basis for marketing, with the setting that forbids it already applied (the conflict view
    drops a preview of older settings; the Send tab did not drop its Checklist)."""
    now = datetime.now(timezone.utc)
    so, em = demo.superoffice, demo.emarketeer
    em.add_consent("ok@send.test", "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
    so.set_consent(so.add_person("ok@send.test", registered=now - timedelta(days=400)), "EMARKETING", "61A")
    em.add_consent("nobasis@send.test", "Store and process", "Contract", created_at=now - timedelta(days=2))
    so.add_person("nobasis@send.test", registered=now - timedelta(days=400))
    assert window.config.require_positive_basis is False
    checklist = _check(qtbot, window, "ok@send.test\nnobasis@send.test")
    assert "nobasis@send.test" in checklist.allowed  # allowed while the setting is off

    panel = window.settings_panel
    panel.presenter.change("require_positive_basis", True)
    with qtbot.waitSignal(panel.settings_applied, timeout=5000):
        panel.apply()
    assert window.config.require_positive_basis is True

    assert not window.send_view.launch_button.isEnabled()
    assert OUT_OF_DATE in window.send_view.launch_note.text()
    _launch_if_allowed(qtbot, window)
    assert "nobasis@send.test" not in _posted(demo)


def test_a_sync_that_writes_a_withdrawal_after_the_check_makes_the_checklist_out_of_date(qtbot, demo, window):
    """Between Check recipients and Launch the person withdraws in SuperOffice, and the window's sync (Sync now, or
    the scheduled one) writes the withdrawal to eMarketeer. The Checklist on screen still said "allowed" and Launch
    posted the address: only eMarketeer's own refusal of a withdrawn contact (ASSUMED in api/emarketeer.md) stood
    between the person who had just said no and the marketing e-mail. The app knew: its own run wrote it."""
    now = datetime.now(timezone.utc)
    so, em = demo.superoffice, demo.emarketeer
    em.add_consent("ok@send.test", "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
    so.set_consent(so.add_person("ok@send.test", registered=now - timedelta(days=400)), "EMARKETING", "61A")
    em.add_consent("leaving@send.test", "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
    leaving = so.add_person("leaving@send.test", registered=now - timedelta(days=400))
    so.set_consent(leaving, "EMARKETING", "61A", at=now - timedelta(days=2))
    checklist = _check(qtbot, window, "ok@send.test\nleaving@send.test")
    assert "leaving@send.test" in checklist.allowed

    so.set_consent(leaving, "EMARKETING", "WITHDRAWN")  # the person unsubscribes, in the CRM
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as ran:
        assert window.sync_now()
    summary = ran.args[0]
    assert summary is not None and any(d.email == "leaving@send.test" for d in summary.changes)

    assert not window.send_view.launch_button.isEnabled()
    assert OUT_OF_DATE in window.send_view.launch_note.text()
    _launch_if_allowed(qtbot, window)
    assert "leaving@send.test" not in _posted(demo)


def test_a_sync_that_wrote_nothing_leaves_the_checklist_launchable(qtbot, demo, window):
    """The other side: a sync with nothing to write changes no answer, and the admin is not sent back to check."""
    now = datetime.now(timezone.utc)
    so, em = demo.superoffice, demo.emarketeer
    em.add_consent("ok@send.test", "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
    so.set_consent(so.add_person("ok@send.test", registered=now - timedelta(days=400)), "EMARKETING", "61A")
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
        assert window.sync_now()  # the demo's own differences written first
    qtbot.waitUntil(lambda: not window.runner.busy and window.send_view.check_button.isEnabled(), timeout=5000)
    _check(qtbot, window, "ok@send.test")
    with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as ran:
        assert window.sync_now()
    assert ran.args[0] is not None and not ran.args[0].changes

    qtbot.waitUntil(lambda: window.send_view.launch_button.isEnabled(), timeout=5000)
    _launch_if_allowed(qtbot, window)
    assert "ok@send.test" in demo.emarketeer.sent_addresses()
