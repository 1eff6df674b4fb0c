"""Issue 14 point 3: the audit trail (R15) as an Excel workbook and as CSV with a byte-order mark, both read back."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from desktop_app.domain.checklist import Channel, Checklist, ChecklistLine, Exclusion, SendStatus
from desktop_app.domain.model import Consent, LegalBasis, Purpose, Rule, RunMode, System, Trigger
from desktop_app.domain.planner import AnswerKind, Decision, Reason
from desktop_app.store import CSV_COLUMNS, SENDS_CSV_COLUMNS, DecisionStatus, Store
from desktop_app.store.workbook import (
    ANSWER_COLUMNS,
    CHANGE_COLUMNS,
    RECIPIENT_COLUMNS,
    write_csv_file,
    write_workbook,
)

UTC = timezone.utc
T0 = datetime(2026, 7, 4, 5, 6, 7, 123456, tzinfo=UTC)  # summer: Stockholm is UTC+2
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "store", clock=Clock())
    yield s
    s.close()


def _decision(email: str, at: datetime = T0 + timedelta(hours=1)) -> Decision:
    """SuperOffice's withdrawal at `at` is written to eMarketeer (its consent an hour older; both agreed a day before)."""
    return Decision(
        email=email,
        purpose=Purpose.MARKETING,
        superoffice=Consent(LegalBasis.WITHDRAWN, at),
        emarketeer=Consent(LegalBasis.CONSENT, at - timedelta(hours=1)),
        baseline_superoffice=Consent(LegalBasis.CONSENT, at - timedelta(days=1, hours=1)),
        baseline_emarketeer=Consent(LegalBasis.CONSENT, at - timedelta(days=1, hours=1)),
        winner=System.SUPEROFFICE,
        target=System.EMARKETEER,
        new=LegalBasis.WITHDRAWN,
        rule=Rule.R13,
        reason=Reason.ONLY_SUPEROFFICE_CHANGED,
        conflict=False,
        person_id=7,
        person_count=1,
    )


def _fill(store: Store) -> int:
    """One applied change for an address with å, ä, ö, one that starts with "=" (never a formula), and a send."""
    run = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    ids = store.record_decisions(
        run, [_decision("åsa.öberg@exempel.se"), _decision("=cmd@example.com")], DecisionStatus.PLANNED
    )
    for i in ids:
        store.mark_applied(i, T0 + timedelta(hours=2), message="Skrivet: å ä ö")
    checklist = Checklist(
        Channel.EMAIL,
        42,
        run,
        T0,
        (
            ChecklistLine(
                "Åsa <åsa.öberg@exempel.se>", "åsa.öberg@exempel.se", True, None, "Marketing sendouts: Consent."
            ),
            ChecklistLine(
                "bo@example.se", "bo@example.se", False, Exclusion.MARKETING_WITHDRAWN, "Marketing sendouts: Withdrawn."
            ),
        ),
    )
    store.create_send(
        Channel.EMAIL,
        42,
        "entered",
        ["åsa.öberg@exempel.se", "bo@example.se"],
        status=SendStatus.CHECKED,
        checklist=checklist,
    )
    return run


def test_workbook_has_one_row_per_change_dates_as_local_dates_a_frozen_filtered_header_and_recipients(store, tmp_path):
    """R15: the workbook a data-protection officer opens in Excel, read back with openpyxl."""
    run = _fill(store)
    path = tmp_path / "audit.xlsx"
    counts = write_workbook(store, path, zone=STOCKHOLM, now=T0)
    assert (counts.changes, counts.recipients) == (2, 2)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Changes", "Send recipients", "Answers (R24)", "About"]
    changes = book["Changes"]
    assert [c.value for c in changes[1]] == [c.heading for c in CHANGE_COLUMNS]
    assert all(c.font.bold for c in changes[1])
    assert changes.freeze_panes == "A2"
    assert changes.auto_filter.ref == f"A1:S{changes.max_row}" and changes.max_row == 3
    widths = {
        column.heading: changes.column_dimensions[chr(ord("A") + i)].width for i, column in enumerate(CHANGE_COLUMNS)
    }
    assert widths["E-mail address"] >= 30 and widths["Reason"] >= 50 and widths["Run started"] >= 18

    row = {column.heading: cell.value for column, cell in zip(CHANGE_COLUMNS, changes[2])}
    assert row["Run"] == run
    assert row["E-mail address"] == "åsa.öberg@exempel.se"
    # Real dates, in Stockholm's summer time (UTC+2), not text.
    assert isinstance(row["Run started"], datetime)
    assert abs(row["Run started"] - datetime(2026, 7, 4, 7, 6, 7, 123456)) < timedelta(milliseconds=1)
    assert changes.cell(2, 2).number_format == 'yyyy-mm-dd hh:mm:ss "+02:00"'  # its offset shown (clocks going back)
    assert row["SuperOffice changed"].replace(microsecond=0) == datetime(2026, 7, 4, 8, 6, 7)
    assert (row["Purpose"], row["Written to"], row["Old value"], row["New value"]) == (
        "Marketing sendouts",
        "eMarketeer",
        "Consent",
        "Withdrawn",
    )
    assert row["Rules"] == "R13" and row["Status"] == "applied" and row["Message"] == "Skrivet: å ä ö"
    assert row["Reason"].startswith("Only SuperOffice changed")
    # An address starting with "=" is text, never a formula.
    formula_like = changes.cell(3, 4)
    assert formula_like.value == "=cmd@example.com" and formula_like.data_type == "s"

    recipients = book["Send recipients"]
    assert [c.value for c in recipients[1]] == [c.heading for c in RECIPIENT_COLUMNS]
    assert recipients.freeze_panes == "A2" and recipients.auto_filter.ref == "A1:W3"
    lines = [
        {column.heading: cell.value for column, cell in zip(RECIPIENT_COLUMNS, r)}
        for r in recipients.iter_rows(min_row=2)
    ]
    assert [(line["E-mail address"], line["Allowed"], line["Left out because"]) for line in lines] == [
        ("åsa.öberg@exempel.se", "yes", None),
        ("bo@example.se", "no", "marketing_withdrawn"),
    ]
    assert lines[0]["Send"] == lines[1]["Send"] and lines[0]["Run"] == run
    assert isinstance(lines[0]["Created"], datetime)

    about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
    assert about["Times are in"] == "Europe/Stockholm (UTC+02:00)"
    assert about["Changes"] == "2" and about["Audit trail of"].startswith("Legal Basis Sync ")


def test_workbook_of_one_run_holds_every_decision_of_it(store, tmp_path):
    run = _fill(store)
    other = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.record_decisions(other, [_decision("cy@example.se")], DecisionStatus.PLANNED)
    counts = write_workbook(store, tmp_path / "one.xlsx", run_id=other, zone=UTC)
    assert counts.changes == 1 and counts.recipients == 0
    book = openpyxl.load_workbook(tmp_path / "one.xlsx")
    assert book["Changes"].cell(2, 4).value == "cy@example.se"
    assert book["Changes"].cell(2, 17).value == "planned"
    assert run != other


def test_workbook_has_a_sheet_of_the_answers_people_gave_about_held_decisions(store, tmp_path):
    """R24: who answered what, when, and the values it was given for, as the CSV and the contact report have it."""
    run = _fill(store)
    held = _decision("rev@example.se")
    store.replace_held(run, None, [held])
    store._clock.now = T0 + timedelta(hours=3)
    [answer] = store.answer_held(None, AnswerKind.APPROVE, "maria")
    path = tmp_path / "audit.xlsx"
    counts = write_workbook(store, path, zone=STOCKHOLM, now=T0)
    assert counts.answers == 1

    book = openpyxl.load_workbook(path)
    sheet = book["Answers (R24)"]
    assert [c.value for c in sheet[1]] == [c.heading for c in ANSWER_COLUMNS]
    assert sheet.freeze_panes == "A2" and sheet.max_row == 2
    row = {column.heading: cell.value for column, cell in zip(ANSWER_COLUMNS, sheet[2])}
    assert (row["E-mail address"], row["Answered by"], row["Answer"]) == ("rev@example.se", "maria", "Approved")
    assert (row["Purpose"], row["Written to"], row["New value"]) == ("Marketing sendouts", "eMarketeer", "Withdrawn")
    assert (row["SuperOffice value"], row["eMarketeer value"]) == ("Withdrawn", "Consent")
    assert row["Answered"].replace(microsecond=0) == datetime(2026, 7, 4, 10, 6, 7)  # Stockholm, summer
    assert row["Status"] == "Waiting for the next run" and row["Run"] is None
    about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
    assert about["Answers (R24)"] == "1"

    # One run's workbook holds the answers that run carried out.
    store.close_answers([answer.id], "used", run)
    write_workbook(store, path, run_id=run, zone=UTC)
    row = [c.value for c in openpyxl.load_workbook(path)["Answers (R24)"][2]]
    assert row[ANSWER_COLUMNS.index(next(c for c in ANSWER_COLUMNS if c.heading == "Status"))] == (
        f"Carried out by run {run}"
    )
    write_workbook(store, path, run_id=run + 1, zone=UTC)
    assert openpyxl.load_workbook(path)["Answers (R24)"].max_row == 1


def test_csv_exports_start_with_a_byte_order_mark_and_read_back_as_utf8_sig(store, tmp_path):
    """Excel needs the BOM to show å, ä, ö; scripts read the same file with "utf-8-sig"."""
    _fill(store)
    audit, sends = tmp_path / "audit.csv", tmp_path / "sends.csv"
    assert write_csv_file(audit, store.export_csv) == 2
    assert write_csv_file(sends, store.export_sends_csv) == 2
    for path, columns in ((audit, CSV_COLUMNS), (sends, SENDS_CSV_COLUMNS)):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert tuple(rows[0].keys()) == columns
    with open(audit, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["email"] == "åsa.öberg@exempel.se" and rows[0]["message"] == "Skrivet: å ä ö"
    assert rows[0]["run_started"] == "2026-07-04T05:06:07.123456+00:00"  # scripts keep UTC ISO-8601


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(store, tmp_path):
    _fill(store)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "audit.csv"
    target.write_text("before", encoding="utf-8")

    def broken(out, run_id=None):
        out.write("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_csv_file(target, broken)
    assert target.read_text(encoding="utf-8") == "before"
    assert [p.name for p in folder.iterdir()] == ["audit.csv"]


def test_the_csv_columns_are_unchanged_for_scripts(store):
    _fill(store)
    out = io.StringIO()
    store.export_csv(out)
    assert out.getvalue().splitlines()[0] == ",".join(CSV_COLUMNS)


def test_more_rows_than_a_sheet_holds_go_on_numbered_sheets_and_the_about_sheet_says_so(store, tmp_path, monkeypatch):
    """A million contacts' audit trail has more changes than Excel's 1,048,576 rows a sheet: Excel would open only the
    first ones and say the file was not loaded completely. They continue on "Changes (2)" … (here with 3 rows a
    sheet: a header and two changes)."""
    from desktop_app.store import workbook

    monkeypatch.setattr(workbook, "MAX_SHEET_ROWS", 3)
    run = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    emails = [f"p{i}@example.se" for i in range(5)]
    for i in store.record_decisions(run, [_decision(e) for e in emails], DecisionStatus.PLANNED):
        store.mark_applied(i, T0 + timedelta(hours=2))
    path = tmp_path / "split.xlsx"
    counts = write_workbook(store, path, zone=STOCKHOLM, now=T0)
    assert counts.changes == 5
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Changes", "Changes (2)", "Changes (3)", "Send recipients", "Answers (R24)", "About"]
    column = [c.value for c in book["Changes"][1]].index("E-mail address") + 1
    shown = [
        book[name].cell(row, column).value
        for name in ("Changes", "Changes (2)", "Changes (3)")
        for row in range(2, book[name].max_row + 1)
    ]
    assert sorted(shown) == emails  # every change once, each sheet with its header
    assert [book[name].max_row for name in ("Changes", "Changes (2)", "Changes (3)")] == [3, 3, 2]
    assert (
        book["Changes (2)"].auto_filter.ref == f"A1:{book['Changes (2)'].cell(1, len(CHANGE_COLUMNS)).column_letter}3"
    )
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Changes"] == "5, on 3 sheets (a sheet holds at most 2 rows)"
    assert about["Send recipients"] == "0"
