"""Issue 12 in the window (pytest-qt): the conflict view's Held filter with Approve / Keep withdrawn (R24), the
flapping list with Clear (R25), a held run's plan with Apply these changes / Discard (R23), Home's "Waiting for
you", the presenter between them and the store, and the demo end to end (held reversal, R9 group, R22, the brake)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.domain.model import (
    Consent,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    RunMode,
    RunStatus,
    SuperOfficeContact,
    SuperOfficePerson,
    Trigger,
)
from desktop_app.domain.planner import PlanSettings, plan
from desktop_app.domain.review import Action
from desktop_app.store import Store
from desktop_app.ui.conflicts.safety import SafetyPresenter, flapping_text, held_run_text
from desktop_app.ui.conflicts.view import ConflictView
from desktop_app.ui.home.view import HomeView

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
C, W = LegalBasis.CONSENT, LegalBasis.WITHDRAWN
TIMEOUT_MS = 90_000


def at(days: float) -> datetime:
    return NOW - timedelta(days=days)


def details():
    """One held reversal (rev@), one ordinary write (anna@), one R9 `all` group (dup@)."""
    so, em = {}, {}

    def both(email, persons, em_values):
        so[email] = SuperOfficeContact(
            email, tuple(SuperOfficePerson(pid, email, at(reg), values) for pid, reg, values in persons)
        )
        em[email] = EmarketeerContact(email, 1, em_values)

    both("rev@example.se", [(1, 400, (Consent(), Consent(C, at(1))))], (Consent(), Consent(W, at(5))))
    both("anna@example.se", [(2, 400, (Consent(C, at(20)), Consent()))], (Consent(W, at(2)), Consent()))
    both(
        "dup@example.se",
        [(3, 900, (Consent(C, at(30)), Consent())), (4, 100, (Consent(LegalBasis.CONTRACT, at(3)), Consent()))],
        (Consent(C, at(40)), Consent()),
    )
    the_plan = plan(so, em, {}, NOW, PlanSettings())
    return SimpleNamespace(superoffice=so, emarketeer=em, baselines={}, plan=the_plan, now=NOW)


def select(view: ConflictView, email: str) -> None:
    model = view.proxy
    selection = view.table.selectionModel()
    selection.clearSelection()
    for r in range(model.rowCount()):
        if model.row_at(r).email == email:
            selection.select(
                model.index(r, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )


def test_r24_held_filter_and_answers_on_one_or_many_rows(qtbot):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_preview(details())
    assert view.held_bar.isVisibleTo(view) and "1 decision is held" in view.held_label.text()
    view.filter_buttons["held"].setChecked(True)
    assert view.model.visible_count == 1 and view.proxy.row_at(0).email == "rev@example.se"
    assert view.proxy.row_at(0).action is Action.HELD
    assert not view.approve_button.isEnabled()
    view.table.selectAll()
    assert view.approve_button.isEnabled() and view.keep_button.isEnabled()
    with qtbot.waitSignal(view.answer_requested) as answered:
        qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    kind, [key] = answered.args
    row = view.proxy.row_at(0)
    # With the values the row showed (R24: the answer is for what the person saw).
    assert (kind, key[:2]) == ("approve", ("rev@example.se", "marketing"))
    assert key[2:] == (row.so_person_id, row.so_basis, row.so_changed_at, row.em_basis, row.em_changed_at)
    with qtbot.waitSignal(view.answer_requested) as answered:
        qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    assert answered.args[0] == "keep"
    view.filter_buttons["held"].setChecked(False)
    select(view, "anna@example.se")  # not held: nothing to answer
    assert not view.approve_button.isEnabled()


def test_r9_the_details_pane_shows_the_duplicate_group_and_who_decided(qtbot):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_preview(details())
    view.filter_buttons["duplicates"].setChecked(True)
    view.table.selectRow(0)
    text = view.details_text()
    assert "SuperOffice persons with this address (R9):" in text
    assert "person 4" in text and "decided for SuperOffice" in text and "person 3" in text


def test_r25_flapping_pairs_listed_with_clear(qtbot):
    view = ConflictView()
    qtbot.addWidget(view)
    pair = SimpleNamespace(
        email="flap@example.se",
        purpose=Purpose.STORE,
        writes_24h=3,
        values_seen=({"new": "consent"}, {"new": "contract"}, {"new": "consent"}),
    )
    view.show_flapping([pair])
    assert view.flapping_box.isVisibleTo(view)
    assert "1 contact keeps being changed back" in view.flapping_label.text()
    assert "flap@example.se" in view.flapping_model.item(0).text()
    with qtbot.waitSignal(view.clear_flapping_requested) as cleared:
        qtbot.mouseClick(view.clear_flapping_button, Qt.MouseButton.LeftButton)
    assert cleared.args == [[("flap@example.se", "store")]]
    view.show_flapping([])
    assert not view.flapping_box.isVisibleTo(view)


class FakeHome:
    def __init__(self):
        self.shown = None

    def show_waiting(self, held_run, held, flapping):
        self.shown = (held_run, held, flapping)


def test_presenter_answers_clears_and_handles_a_held_run(qtbot, tmp_path):
    store = Store.open(tmp_path)
    view = ConflictView()
    qtbot.addWidget(view)
    home = FakeHome()
    started, told = [], []
    presenter = SafetyPresenter(
        store, view, home, user=lambda: "maria", start_run=lambda o: started.append(o) or True, notify=told.append
    )
    d = details()
    run = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    store.replace_held(run, None, d.plan.held)
    store.flag_flapping(run, {("flap@example.se", Purpose.STORE): [{"new": "consent"}] * 3})
    presenter.refresh()
    assert home.shown == (None, "1 withdrawal would be reversed and waits for your review", flapping_text(1))
    assert presenter.answer("approve", [("rev@example.se", "marketing")]) == 1
    assert store.answers()[0].answered_by == "maria" and home.shown[1] is None
    assert presenter.clear_flapping([("flap@example.se", "store")]) == 1 and home.shown[2] is None

    # R23: a held scheduled run: Home says so, the tray once, the plan opens with Apply / Discard.
    writes = [w for w in d.plan.writes]
    store.record_decisions(run, writes, "planned")
    store.record_held_run(run, len(writes), 3)
    store.finish_run(run, RunStatus.HELD, changes=len(writes))
    summary = SimpleNamespace(status=RunStatus.HELD, trigger=Trigger.SCHEDULED, run_id=run, changes=writes)
    presenter.run_finished(summary)
    presenter.run_finished(summary)
    assert told == [held_run_text(len(writes)) + "."]  # once, not every 30 minutes
    assert home.shown[0] == held_run_text(len(writes))
    assert presenter.open_held_run()
    assert view.held_run_frame.isVisibleTo(view) and view.model.total_count == len(writes)
    assert "would change" in view.held_run_label.text()
    with qtbot.waitSignal(view.apply_held_requested) as applied:
        qtbot.mouseClick(view.apply_held_button, Qt.MouseButton.LeftButton)
    assert applied.args == [run]
    presenter.apply_held(run)
    assert started[0].apply_held_run == run and started[0].user == "maria"
    presenter.discard_held(run)
    assert store.get_held_run(run).status == "discarded" and home.shown[0] is None
    assert not view.held_run_frame.isVisibleTo(view)
    store.close()


def test_home_lists_what_waits_for_a_person(qtbot):
    home = HomeView()
    qtbot.addWidget(home)
    home.show_waiting(None, None, None)
    assert home.waiting_text() == ""
    home.show_waiting(held_run_text(3610), None, flapping_text(2))
    assert home.waiting_text() == (
        "A sync is waiting for you: it would change 3,610 legal bases\n"
        "2 contacts keep being changed back: another sync or an import may be running on "
        "the same systems"
    )
    with qtbot.waitSignal(home.open_held_run_requested):
        qtbot.mouseClick(home.open_held_run_button, Qt.MouseButton.LeftButton)


def test_demo_shows_issue_12_and_the_brake_holds_a_botched_import(qtbot):
    from desktop_app.demo import CREATION_DEFAULT, DUPLICATE_GROUP, HELD_REVERSAL
    from desktop_app.ui.shell.app import AppController

    controller = AppController(environ={})
    try:
        assert controller.open(demo=True)
        window = controller.window
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as done:
            window.sync_now()
        first = done.args[0]
        assert first.status is RunStatus.DONE  # the demo's own first sync stays under the brake
        assert HELD_REVERSAL in {d.email for d in first.held}
        assert {d.email for d in first.changes} >= {DUPLICATE_GROUP, CREATION_DEFAULT}
        assert f"{len(first.held)} withdrawals would be reversed" in window.home.waiting_text()

        qtbot.mouseClick(window.botched_import_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as done:
            window.sync_now()
        held = done.args[0]
        assert held.status is RunStatus.HELD and len(held.changes) > 200
        assert held_run_text(len(held.changes)) in window.home.waiting_text()
        assert window.open_held_run()
        view = window.conflict_view
        assert view.held_run_frame.isVisibleTo(view) and view.model.total_count == len(held.changes)
        with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS) as done:
            qtbot.mouseClick(view.discard_held_button, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(window.home.sync_button, Qt.MouseButton.LeftButton)
        assert done.args[0].status is RunStatus.HELD  # planned afresh: still a mass change, held again
    finally:
        controller.close()


def test_r24_answers_show_in_the_contacts_history(qtbot, tmp_path):
    from desktop_app.ui.history.view import HistoryView

    store = Store.open(tmp_path)
    run = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.replace_held(run, None, details().plan.held)
    store.answer_held(None, "keep", "maria")
    store.close()
    view = HistoryView(lambda: Store.open(tmp_path, check=False))
    qtbot.addWidget(view)
    view.show_contact("rev@example.se")
    model = view.contact_model
    texts = [
        " | ".join(str(model.data(model.index(r, c)) or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert any("Kept withdrawn by maria" in t and "R24" in t for t in texts), texts


def test_r24_an_answer_is_for_the_values_the_person_saw_not_newer_ones(qtbot, tmp_path):
    """The conflict view showed a held row; a sync then read newer values for it (a new withdrawal, a new consent) and
    the held row holds those. Approve on the row shown is not recorded for values the person never saw: they are told
    to look again. Before, the approval was recorded for whatever the held row held at the click."""
    store = Store.open(tmp_path)
    view = ConflictView()
    qtbot.addWidget(view)
    told: list[str] = []
    presenter = SafetyPresenter(
        store, view, FakeHome(), user=lambda: "maria", start_run=lambda o: True, notify=told.append
    )
    [held] = details().plan.held
    run = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    store.replace_held(run, None, [held])
    shown = (held.email, held.purpose.value, held.person_id, held.superoffice.basis, held.superoffice.changed_at)
    shown += (held.emarketeer.basis, held.emarketeer.changed_at)
    # A later sync read newer values for the same contact: the held row now holds them.
    newer = dataclasses.replace(
        held, emarketeer=held.emarketeer._replace(changed_at=held.emarketeer.changed_at + timedelta(hours=1))
    )
    store.replace_held(store.start_run(Trigger.SCHEDULED, RunMode.FULL, False), None, [newer])

    assert presenter.answer("approve", [shown]) == 0
    assert store.answers() == [] and told == [
        "1 answer was not recorded: its values changed since you looked. Press Preview and answer again."
    ]
    # Answered on what it holds now (a fresh preview shows these), it is recorded for them.
    fresh = shown[:6] + (newer.emarketeer.changed_at,)
    assert presenter.answer("approve", [fresh]) == 1
    [answer] = store.answers()
    assert (answer.emarketeer.basis, answer.emarketeer.changed_at) == (
        newer.emarketeer.basis,
        newer.emarketeer.changed_at,
    )
