"""R24 in the window: Approve on a held row of a Preview made before any real sync.

A dry run lists its held decisions in the run but never fills the held list (only a run that is let through replaces
it). The window answered only held-list rows, so the answer was refused with a false sentence ("its values changed
since you looked. Press Preview and answer again") and pressing Preview gave the same refusal, for ever, until a real
sync had run. What the admin lost: the answer was not recorded, and the window blamed a change that never happened (a
DPO reading the notice would believe a system had changed the contact). R24: an approval covers the two values and
times it was given for; the next run carries it out while those values stand."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from desktop_app.demo import HELD_REVERSAL
from desktop_app.domain.model import (
    Consent,
    EmarketeerContact,
    LegalBasis,
    RunMode,
    SuperOfficeContact,
    SuperOfficePerson,
    Trigger,
)
from desktop_app.domain.planner import PlanSettings, plan
from desktop_app.store import DecisionStatus, Store
from desktop_app.ui.conflicts.safety import SafetyPresenter
from desktop_app.ui.shell.main_window import TAB_CONFLICTS, MainWindow, WindowContext

pytestmark = [pytest.mark.timeout(120), pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
T = 60_000


@pytest.fixture
def demo(small_demo):
    return small_demo


def test_approve_on_a_first_preview_is_recorded_and_carried_out(qtbot, demo):
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), use_tray=False)
    qtbot.addWidget(window)
    told: list[str] = []
    window.safety.notify = told.append
    window.safety._warn = told.append
    try:
        window.scheduler.stop()
        window.show()
        qtbot.waitExposed(window)
        window.tabs.setCurrentIndex(TAB_CONFLICTS)
        view = window.conflict_view
        with qtbot.waitSignal(window.run_completed, timeout=T):
            qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.preview_button.isEnabled(), timeout=5000)
        view.filter_buttons["held"].setChecked(True)
        assert HELD_REVERSAL in {view.proxy.row_at(r).email for r in range(view.proxy.rowCount())}
        view.table.selectAll()
        assert view.approve_button.isEnabled()
        qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
        view.filter_buttons["held"].setChecked(False)
        with Store.open(demo.data_dir) as store:
            answers = store.answers(HELD_REVERSAL)
        assert [a.status for a in answers] == ["open"], f"no answer recorded; the window said {told!r}"
        assert not [t for t in told if "changed since you looked" in t], told

        # The first real sync reads the same values: the approval is carried out, not held again (R24).
        with qtbot.waitSignal(window.run_completed, timeout=T):
            assert window.sync_now()
        qtbot.waitUntil(lambda: window.home.sync_button.isEnabled(), timeout=5000)
        with Store.open(demo.data_dir) as store:
            assert [a.status for a in store.answers(HELD_REVERSAL)] == ["used"]
            assert HELD_REVERSAL not in {h.email for h in store.held_decisions()}
    finally:
        window.shutdown()


NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
C, W = LegalBasis.CONSENT, LegalBasis.WITHDRAWN


class _Home:
    def show_waiting(self, held_run, held, flapping):
        pass


def _held_reversal():
    """rev@: a salesperson's consent in SuperOffice a day ago, over eMarketeer's withdrawal of five days ago."""
    email = "rev@example.se"
    so = {
        email: SuperOfficeContact(
            email,
            (SuperOfficePerson(1, email, NOW - timedelta(days=400), (Consent(), Consent(C, NOW - timedelta(days=1)))),),
        )
    }
    em = {email: EmarketeerContact(email, 1, (Consent(), Consent(W, NOW - timedelta(days=5))))}
    [held] = plan(so, em, {}, NOW, PlanSettings()).held
    return held


def _shown(d):
    return (
        d.email,
        d.purpose.value,
        d.person_id,
        d.superoffice.basis,
        d.superoffice.changed_at,
        d.emarketeer.basis,
        d.emarketeer.changed_at,
    )


def test_a_preview_answer_is_for_what_that_preview_held_and_only_changed_is_said_changed(tmp_path):
    """The sentences say what is true: an answer for a Preview's held row is recorded (with what the Preview would
    write); for values no run holds any more, "nothing is held for review with the values you saw"; "changed since
    you looked" only when the held list holds that pair with other values."""
    store = Store.open(tmp_path)
    told: list[str] = []
    presenter = SafetyPresenter(
        store, None, _Home(), user=lambda: "maria", start_run=lambda o: True, notify=told.append
    )
    held = _held_reversal()
    preview = store.start_run(Trigger.MANUAL, RunMode.FULL, True)
    store.record_decisions(preview, [held], DecisionStatus.HELD)  # what a dry run records; the held list stays empty

    assert presenter.answer("approve", [_shown(held)]) == 1 and told == []
    [answer] = store.answers()
    assert (answer.target, answer.new, answer.status) == (held.target, held.new, "open")

    # A later Preview held the pair with newer values: the first one's answer is not given again for them.
    newer = dataclasses.replace(held, emarketeer=held.emarketeer._replace(changed_at=NOW - timedelta(hours=1)))
    store.record_decisions(store.start_run(Trigger.MANUAL, RunMode.FULL, True), [newer], DecisionStatus.HELD)
    assert presenter.answer("keep", [_shown(held)]) == 0
    assert told == [
        "1 answer was not recorded: nothing is held for review with the values you saw. Press Preview to see how it "
        "stands now."
    ]

    # A real run held the pair with the newer values (and recorded them held, as fresh holds are recorded); the first
    # Preview's row is out of date.
    told.clear()
    real = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    store.record_decisions(real, store.replace_held(real, None, [newer]), DecisionStatus.HELD)
    assert presenter.answer("keep", [_shown(held)]) == 0
    assert told == ["1 answer was not recorded: its values changed since you looked. Press Preview and answer again."]
    assert presenter.answer("keep", [_shown(newer)]) == 1
    assert [a.answer for a in store.answers() if a.status == "open"] == ["keep"]

    # A Preview saw yet other values, then a real run found the held ones again (a change undone from a backup): the
    # held list, newer than that Preview, stands; the Preview's values are not answered.
    told.clear()
    other = dataclasses.replace(newer, emarketeer=newer.emarketeer._replace(changed_at=NOW - timedelta(minutes=5)))
    store.record_decisions(store.start_run(Trigger.MANUAL, RunMode.FULL, True), [other], DecisionStatus.HELD)
    real = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    assert store.replace_held(real, None, [newer]) == []  # held as before: nothing recorded anew
    assert presenter.answer("approve", [_shown(other)]) == 0
    assert told == ["1 answer was not recorded: its values changed since you looked. Press Preview and answer again."]
    store.close()
