"""The history view against a real store filled by real engine runs over the simulators: runs, a run's
changes and errors, one contact's history, the CSV audit trail, and the chart."""

from __future__ import annotations

import csv
import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.store import CSV_COLUMNS, DecisionStatus, Store
from desktop_app.ui.history.chart import ChartPoint, RunChart, describe_point, nice_step
from desktop_app.ui.history.model import (
    ENTRY_KIND,
    ENTRY_WHEN,
    RUN_CHANGES,
    RUN_ID,
    RUN_STARTED,
    RUN_STATUS,
    SORT_ROLE,
    EntriesModel,
    RunsModel,
    describe_entry,
    entry_from_decision,
    entry_from_error,
)
from desktop_app.ui.history.view import HistoryView

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform's own notice when a top-level widget is shown; not about our code.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


class CountingFactory:
    """Opens a Store per call, like the window's factory, and counts what the view leaves open."""

    def __init__(self, data_dir) -> None:
        self.data_dir = data_dir
        self.opened: list[Store] = []

    def __call__(self) -> Store:
        store = Store.open(self.data_dir)
        self.opened.append(store)
        return store

    @property
    def still_open(self) -> int:
        return sum(1 for s in self.opened if "closed" not in repr(s))


@pytest.fixture
def history(world):
    """Three runs: a preview, a sync with two changes and an error, then a sync changing Anna again."""
    world.so_person("anna@example.se", STORE="61A")
    world.em_contact("anna@example.se", store="Consent", marketing="Consent")
    world.advance(60)
    world.so_person("bo@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("bo@example.se", marketing="Consent")
    bad = world.so_person("bad@example.se")
    world.so.set_consent(bad, "STORE", "61Z")  # unknown legal base key: R17
    world.em_contact("bad@example.se")
    world.advance(60)
    preview = world.sync(dry_run=True, trigger=Trigger.PREVIEW)
    world.advance(600)
    first = world.sync()
    world.advance(1800)
    world.em.add_consent("anna@example.se", "Marketing sendouts", "Withdrawn")
    world.advance(60)
    second = world.sync(trigger=Trigger.SCHEDULED)
    return preview, first, second


def make_view(qtbot, factory) -> HistoryView:
    view = HistoryView(factory)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    return view


# ---------------------------------------------------------------- the view with a real store


def test_empty_history_says_so(qtbot, world):
    factory = CountingFactory(world.data_dir)
    view = make_view(qtbot, factory)
    view.show()
    view.refresh()
    assert view.runs_model.rowCount() == 0
    assert not view.runs_empty.isHidden()
    assert view.chart.points() == []
    assert view.selected_run() is None
    assert factory.still_open == 0
    view.grab()  # the chart's empty state paints without warnings


def test_refresh_lists_runs_newest_first_and_shows_the_newest(qtbot, world, history):
    preview, first, second = history
    factory = CountingFactory(world.data_dir)
    view = make_view(qtbot, factory)
    view.refresh()
    ids = [view.runs_model.record_at(r).id for r in range(view.runs_model.rowCount())]
    assert ids == [second.run_id, first.run_id, preview.run_id]
    assert view.runs_empty.isHidden()
    assert view.selected_run() == second.run_id
    model = view.runs_model
    assert model.index(0, RUN_STATUS).data() == "Done"
    assert model.index(0, RUN_CHANGES).data() == str(len(second.changes))
    assert model.index(2, 4).data() == "Preview"
    assert model.index(2, 2).data() == "Preview"
    assert model.index(1, 3).data() == "Full read"
    assert isinstance(model.index(0, RUN_STARTED).data(SORT_ROLE), datetime)
    assert [p.run_id for p in view.chart.points()] == [preview.run_id, first.run_id, second.run_id]
    assert factory.still_open == 0  # every store the view opened is closed again


def test_selecting_a_run_shows_its_changes_and_errors(qtbot, world, history):
    preview, first, _second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.refresh()
    view.select_run(first.run_id)
    entries = [view.entries_model.record_at(r) for r in range(view.entries_model.rowCount())]
    changes = [e for e in entries if e.kind == "Change"]
    errors = [e for e in entries if e.kind == "Error"]
    assert {e.email for e in changes} == {c.email for c in first.changes}
    assert all(e.status == "Applied" for e in changes)
    assert [e.email for e in errors] == ["bad@example.se"]
    assert "61Z" in errors[0].why
    label = view.entries_label.text()
    assert label.startswith(f"Run {first.run_id}: {len(first.changes)} changes written, 1 error")
    view.entries_table.selectRow(0)
    top = view.entries_model.record_at(0)
    assert view.entry_details_text().startswith(f"{top.kind} in run {first.run_id}: {top.email}")
    # The preview's decisions are planned, not applied.
    view.select_run(preview.run_id)
    kinds = {view.entries_model.record_at(r).kind for r in range(view.entries_model.rowCount())}
    assert "Would change" in kinds and "Change" not in kinds
    assert "would be written (preview)" in view.entries_label.text()


def test_clicking_a_run_in_the_table_shows_it(qtbot, world, history):
    _preview, first, _second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.show()
    view.refresh()
    row = view.runs_model.row_of(first.run_id)
    rect = view.runs_table.visualRect(view.runs_model.index(row, RUN_ID))
    qtbot.mouseClick(view.runs_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_run() == first.run_id
    assert view.entries_label.text().startswith(f"Run {first.run_id}:")


def test_refresh_keeps_the_selected_run(qtbot, world, history):
    _preview, first, _second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.refresh()
    view.select_run(first.run_id)
    world.advance(600)
    third = world.sync()
    view.refresh()
    assert view.runs_model.record_at(0).id == third.run_id
    assert view.selected_run() == first.run_id


def test_contact_history_spans_runs_newest_first(qtbot, world, history):
    _preview, first, second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.refresh()
    view.contact_edit.setText("  Anna@Example.se ")
    qtbot.keyClick(view.contact_edit, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == 1
    runs = [view.contact_model.record_at(r).run_id for r in range(view.contact_model.rowCount())]
    assert runs == sorted(runs, reverse=True)
    assert first.run_id in runs and second.run_id in runs
    assert all(view.contact_model.record_at(r).email == "anna@example.se" for r in range(view.contact_model.rowCount()))
    assert view.contact_label.text().startswith("anna@example.se: ")
    view.show_contact("nobody@example.se")
    assert view.contact_model.rowCount() == 0
    assert "no decisions recorded" in view.contact_label.text()


def test_export_writes_the_audit_trail_as_csv(qtbot, world, history, tmp_path):
    _preview, first, second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    target = tmp_path / "audit.csv"
    view.ask_export_path = lambda: target  # the dialog, replaced
    with qtbot.waitSignal(view.exported, timeout=1000) as blocker:
        assert view.export_audit_trail() == target
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # issue 14: Excel reads å, ä, ö right
    with open(target, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    applied = len(first.changes) + len(second.changes)
    assert len(rows) - 1 == applied > 0
    assert blocker.args == [str(target), applied]
    assert {r[CSV_COLUMNS.index("email")] for r in rows[1:]} >= {"anna@example.se", "bo@example.se"}
    assert f"Exported {applied} applied changes" in view.status_label.text()


def test_export_cancelled_writes_nothing(qtbot, world, history, tmp_path):
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.ask_export_path = lambda: None
    assert view.export_audit_trail() is None
    assert list(tmp_path.glob("*.csv")) == []


def test_export_to_an_unwritable_place_says_why(qtbot, world, history, tmp_path):
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.ask_export_path = lambda: tmp_path / "no such folder" / "audit.csv"
    assert view.export_audit_trail() is None
    assert "could not be written" in view.status_label.text()


def test_runs_recorded_through_the_store_api_show_their_status(qtbot, world):
    with Store.open(world.data_dir) as store:
        store.record_skipped_run(Trigger.SCHEDULED, "Another sync was running.")
        run = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
        store.finish_run(run, RunStatus.FAILED, errors=3, message="SuperOffice refused the sign-in.")
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.refresh()
    statuses = [view.runs_model.index(r, RUN_STATUS).data() for r in range(2)]
    assert statuses == ["Failed", "Skipped"]
    assert view.runs_model.index(0, RUN_STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "SuperOffice refused the sign-in." in view.entries_label.text()
    assert "every contact was already in step" in view.entries_label.text()


def test_chart_click_selects_the_run(qtbot, world, history):
    preview, _first, _second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.show()
    view.refresh()
    view.chart.resize(600, 170)
    view.chart.grab()  # paint: lays out the bars
    rect, point = view.chart._bars[0]
    assert point.run_id == preview.run_id
    with qtbot.waitSignal(view.chart.run_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(view.chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert blocker.args == [preview.run_id]
    assert view.selected_run() == preview.run_id


def test_ctrl_f_focuses_the_contact_search(qtbot, world):
    view = make_view(qtbot, CountingFactory(world.data_dir))
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    view.runs_table.setFocus()
    qtbot.keyClick(view.runs_table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.contact_edit.hasFocus()


# ---------------------------------------------------------------- models


def test_models_pass_the_model_tester(qtmodeltester, world, history):
    runs = RunsModel()
    with Store.open(world.data_dir) as store:
        runs.set_records(store.runs())
        _preview, first, _second = history
        entries = EntriesModel()
        entries.set_records(
            [entry_from_decision(d) for d in store.decisions(first.run_id)]
            + [entry_from_error(e) for e in store.errors(first.run_id)]
        )
    qtmodeltester.check(runs, force_py=True)
    qtmodeltester.check(entries, force_py=True)
    qtmodeltester.check(entries)
    entries.sort(ENTRY_KIND, Qt.SortOrder.AscendingOrder)
    entries.sort(ENTRY_WHEN, Qt.SortOrder.DescendingOrder)
    entries.sort(-1)


def test_runs_sort_on_native_values(world, history):
    runs = RunsModel()
    with Store.open(world.data_dir) as store:
        runs.set_records(store.runs())
    runs.sort(RUN_STARTED, Qt.SortOrder.AscendingOrder)
    times = [runs.index(r, RUN_STARTED).data(SORT_ROLE) for r in range(runs.rowCount())]
    assert times == sorted(times)
    runs.sort(RUN_CHANGES, Qt.SortOrder.DescendingOrder)
    counts = [runs.index(r, RUN_CHANGES).data(SORT_ROLE) for r in range(runs.rowCount())]
    assert counts == sorted(counts, reverse=True)


# ---------------------------------------------------------------- chart


def test_nice_steps():
    assert nice_step(3) == 1
    assert nice_step(10) == 5
    assert nice_step(60) == 20
    assert nice_step(1234) == 500


def test_chart_paints_many_runs_and_describes_them(qtbot):
    chart = RunChart(max_runs=40)
    qtbot.addWidget(chart)
    start = datetime(2026, 5, 1, tzinfo=timezone.utc)
    points = [
        ChartPoint(i, start + timedelta(minutes=30 * i), (i * 37) % 90, i % 7 == 0, i % 5 == 0, "done")
        for i in range(1, 100)
    ]
    chart.set_runs(list(reversed(points)))
    assert [p.run_id for p in chart.points()] == list(range(60, 100))  # the newest, oldest on the left
    chart.resize(800, 170)
    chart.grab()
    assert chart.point_at(chart._bars[-1][0].center().x(), 50).run_id == 99
    assert chart.point_at(-5, 50) is None
    text = describe_point(ChartPoint(7, start, 12, 2, True, "done"))
    assert text.startswith("Preview 7 at ") and "would change 12, 2 errors" in text
    chart.set_selected(70)
    chart.resize(100, 60)  # too small for a plot: nothing drawn, no warning
    chart.grab()


def test_a_large_run_is_read_in_the_background_once_the_view_is_shown(qtbot, world, history, monkeypatch):
    import desktop_app.ui.history.presenter as history_module
    from desktop_app.ui.background import BackgroundJobs

    _preview, first, _second = history
    factory = CountingFactory(world.data_dir)
    expected = make_view(qtbot, factory)
    expected.refresh_showing(first.run_id)  # small: read on the spot
    expected_entries = [expected.entries_model.record_at(r) for r in range(expected.entries_model.rowCount())]
    expected_label = expected.entries_label.text()

    monkeypatch.setattr(history_module, "LARGE_RUN", 0)  # every run counts as large
    jobs = BackgroundJobs()
    view = HistoryView(factory, jobs=jobs)
    qtbot.addWidget(view)
    view.refresh_showing(first.run_id)
    # Hidden: nothing read yet, and the view says so.
    assert view.selected_run() == first.run_id and view.entries_model.rowCount() == 0
    assert view.entries_label.text() == f"Reading run {first.run_id}…" and jobs.pending == 0
    with qtbot.waitSignal(view.run_shown, timeout=10_000) as shown:
        view.show()
    assert shown.args == [first.run_id]
    entries = [view.entries_model.record_at(r) for r in range(view.entries_model.rowCount())]
    assert entries == expected_entries and view.entries_label.text() == expected_label
    assert jobs.wait() and factory.still_open == 0


def test_a_background_read_for_a_run_no_longer_selected_is_dropped(qtbot, world, history, monkeypatch):
    import desktop_app.ui.history.presenter as history_module
    from desktop_app.ui.background import BackgroundJobs

    preview, first, _second = history
    monkeypatch.setattr(history_module, "LARGE_RUN", 0)
    jobs = BackgroundJobs()
    view = HistoryView(CountingFactory(world.data_dir), jobs=jobs)
    qtbot.addWidget(view)
    view.show()
    shown: list[int] = []
    view.run_shown.connect(shown.append)
    view.refresh_showing(first.run_id)
    view.select_run(preview.run_id)  # before the first read is back
    qtbot.waitUntil(lambda: shown == [preview.run_id], timeout=10_000)
    assert jobs.wait()
    qtbot.wait(50)  # whatever was still queued for the first run has been delivered (and dropped)
    assert shown == [preview.run_id] and view.selected_run() == preview.run_id
    assert "would be written (preview)" in view.entries_label.text()


def test_export_puts_the_sends_beside_the_audit_trail(qtbot, world, history, tmp_path):
    """Issue 4 point 4: sends are exported with the rest of the history, linked to the runs that checked them."""
    from desktop_app.domain.checklist import Channel
    from desktop_app.sending import SendRequest, SendService
    from desktop_app.store import SENDS_CSV_COLUMNS
    from desktop_app.ui.history.presenter import sends_export_path

    view = make_view(qtbot, CountingFactory(world.data_dir))
    target = tmp_path / "audit.csv"
    view.ask_export_path = lambda: target
    view.export_audit_trail()
    assert not sends_export_path(target).exists()  # no sends yet: no second file
    with Store.open(world.data_dir) as store:
        send_id = SendService(store, world.data_dir, None, None).schedule(
            SendRequest(Channel.EMAIL, 1001, ("anna@example.se",), "pasted"),
            datetime.now(timezone.utc) + timedelta(days=1),
        )
    assert view.export_audit_trail() == target
    sends = sends_export_path(target)
    assert sends.name == "audit-sends.csv"
    assert sends.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(sends, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == SENDS_CSV_COLUMNS and len(rows) == 2 and rows[1][0] == str(send_id)
    assert "the sends' recipients (1 rows)" in view.status_label.text()
    assert not list(tmp_path.glob("*.part"))


def test_export_offers_an_excel_workbook_and_writes_it(qtbot, world, history, tmp_path):
    """Issue 14 point 3: "Export audit trail…" as .xlsx: one row per applied change, read back with openpyxl."""
    import openpyxl

    _preview, first, second = history
    view = make_view(qtbot, CountingFactory(world.data_dir))
    target = tmp_path / "audit.xlsx"
    view.ask_export_path = lambda: target
    with qtbot.waitSignal(view.exported, timeout=1000) as blocker:
        assert view.export_audit_trail() == target
    applied = len(first.changes) + len(second.changes)
    assert blocker.args == [str(target), applied]
    book = openpyxl.load_workbook(target)
    changes = book["Changes"]
    assert changes.max_row - 1 == applied and changes.freeze_panes == "A2"
    assert isinstance(changes.cell(2, 2).value, datetime)
    assert {changes.cell(r, 4).value for r in range(2, changes.max_row + 1)} >= {"anna@example.se", "bo@example.se"}
    assert f"Exported {applied} applied changes to {target}" in view.status_label.text()
    assert not (tmp_path / "audit-sends.xlsx").exists() and not list(tmp_path.glob("*.part"))


def test_save_report_writes_the_shown_contacts_record_as_a_pdf(qtbot, world, history, tmp_path):
    """Issue 14 point 4: History → a contact → "Save report…"."""
    import shutil
    import subprocess
    import unicodedata

    view = make_view(qtbot, CountingFactory(world.data_dir))
    assert not view.report_button.isEnabled()  # no contact shown yet
    view.show_contact("Anna@Example.se")
    assert view.report_button.isEnabled()
    asked = []
    target = tmp_path / "anna.pdf"
    view.ask_report_path = lambda address: asked.append(address) or target
    with qtbot.waitSignal(view.report_saved, timeout=5000):
        view.report_button.click()
    assert asked == ["anna@example.se"]
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Saved the record of anna@example.se" in view.status_label.text()
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils (.ci/run does)"
    text = subprocess.run([tool, str(target), "-"], capture_output=True, text=True, timeout=60).stdout
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    assert "Legal basis record for anna@example.se" in text and "Changes the app made" in text


def test_a_held_or_stopped_decision_is_never_described_as_a_value_set(world, history):
    """R24 / R25: a decision held for a person or stopped as flapping wrote nothing. The pane under the History said
    "eMarketeer set from Withdrawn to Consent (held for review (R24)…)", which a data-protection officer reads as a
    withdrawal reversed. It says what would be set and why it was not; an applied change still says it was set."""
    with Store.open(world.data_dir) as store:
        _preview, first, _second = history
        written = next(d for d in store.decisions(first.run_id) if d.target is not None)
    assert written.status is DecisionStatus.APPLIED
    applied = describe_entry(entry_from_decision(written))
    assert f"{written.target.label} set from" in applied and "would be set" not in applied, applied
    for status in (DecisionStatus.HELD, DecisionStatus.FLAPPING, DecisionStatus.PLANNED):
        said = describe_entry(entry_from_decision(dataclasses.replace(written, status=status)))
        assert f"{written.target.label} would be set from" in said, said
        assert f"{written.target.label} set from" not in said and "((" not in said and "))" not in said, said
