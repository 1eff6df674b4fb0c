"""The whole audit trail's exports list a SuperOffice write that may have landed (`unconfirmed`), with its status.

R15: every applied change is in the audit trail an admin shows a data-protection officer. After a sync is interrupted
(the write landed, its answer was lost) and someone then removes the row the app wrote, the next run cannot tell
whether the write landed and records it as `unconfirmed` ("Not confirmed: changed since"; README: the audit trail
no longer calls it "not applied"). `history --csv/--xlsx FILE` and History -> "Export audit trail…" without a run
selected only `applied` decisions, so the file handed to the DPO showed no trace of a write that may have changed
this person's legal basis in SuperOffice. Now it is there, its status column saying `unconfirmed`, and the window
counts it as what it is.
"""

from __future__ import annotations

import csv
from datetime import timedelta

import openpyxl
import pytest
from test_ui_history_presenter import FakeView

from desktop_app.domain.model import RunStatus, System
from desktop_app.simulators import Fault
from desktop_app.store import DecisionStatus
from desktop_app.store.workbook import CHANGE_COLUMNS, write_csv_file, write_workbook
from desktop_app.ui.history.presenter import HistoryPresenter


@pytest.fixture
def unconfirmed(world):
    """Run 1's SuperOffice write landed but its answer was lost; a person removed the row; run 2 left it unconfirmed."""
    pid = world.so_person("dan@example.se", registered=world.now() - timedelta(days=300), STORE="61A")
    world.advance(3600)
    world.em_contact("dan@example.se", store="Withdrawn")
    world.advance(60)
    world.so.faults.add(Fault(kind="status", status=502, method="PUT", times=-1, after_handling=True))
    assert world.sync().status is RunStatus.STOPPED
    world.so.faults.clear()
    world.advance(60)
    world.so.delete_consent(pid, "STORE")
    assert world.sync().status is RunStatus.DONE
    with world.store() as store:
        [write] = [d for d in store.decisions(1, writes_only=True) if d.target is System.SUPEROFFICE]
        assert write.status is DecisionStatus.UNCONFIRMED
    return world


def test_whole_audit_trail_csv_lists_the_write_that_may_have_landed(unconfirmed, tmp_path):
    path = tmp_path / "audit.csv"
    with unconfirmed.store() as store:
        write_csv_file(path, store.export_csv)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    [row] = [r for r in rows if r["run"] == "1" and r["target"] == "superoffice"]
    assert (row["email"], row["status"]) == ("dan@example.se", "unconfirmed")


def test_whole_audit_trail_workbook_lists_it_and_says_so(unconfirmed, tmp_path):
    path = tmp_path / "audit.xlsx"
    with unconfirmed.store() as store:
        counts = write_workbook(store, path)
    assert counts.unconfirmed == 1 and counts.changes >= 1
    book = openpyxl.load_workbook(path)
    rows = [
        dict(zip((c.heading for c in CHANGE_COLUMNS), r))
        for r in book["Changes"].iter_rows(min_row=2, values_only=True)
    ]
    [row] = [r for r in rows if r["Run"] == 1 and r["Written to"] == "SuperOffice"]
    assert row["Status"] == "unconfirmed"
    about = {a: b for a, b in book["About"].iter_rows(values_only=True)}
    assert "may have landed" in about["Contents"]


def test_window_counts_it_apart_from_the_applied_changes(unconfirmed, tmp_path):
    with unconfirmed.store() as store:
        applied = sum(1 for r in store.audit_rows() if r.status is DecisionStatus.APPLIED)
    for name in ("audit.csv", "audit.xlsx"):
        view = FakeView()
        view.export_to = tmp_path / name
        assert HistoryPresenter(view, unconfirmed.store).export_audit_trail() == view.export_to
        text, error = view.reports[-1]
        assert not error
        assert f"Exported {applied} applied change" in text and "1 write that may have landed" in text, text
