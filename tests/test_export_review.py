"""A reviewer's findings on the exports (shared/CLI.md `history --xlsx`, `history --contact --pdf`): the zone their
times are said to be in, a target folder that does not exist, and a long but legal file name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from cli_support import one_sentence
from test_store_export import _decision

from desktop_app.domain.model import RunMode, Trigger
from desktop_app.report.contact import build_contact_report, contact_report_html, contact_report_text, title
from desktop_app.report.pdf import page_count, write_pdf
from desktop_app.store import DecisionStatus, Store
from desktop_app.store.workbook import CHANGE_COLUMNS, write_workbook, zone_name

UTC = timezone.utc
SUMMER = datetime(2026, 7, 4, 5, 0, 0, tzinfo=UTC)  # Stockholm: UTC+2
WINTER = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)  # Stockholm: UTC+1; the export is made now
EMAIL = "anna@example.se"
LONG_NAME = "å" * 119  # 238 bytes: with ".xlsx" or ".pdf" a legal name (NAME_MAX 255), 15 bytes more is not


def _summer_change(store: Store) -> None:
    run = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    d = _decision(EMAIL, at=SUMMER)
    [i] = store.record_decisions(run, [d], DecisionStatus.PLANNED)
    store.mark_applied(i, SUMMER)


def _offsets(label: str) -> list[timedelta]:
    """Every "UTC+hh:mm" the label names."""
    found = re.findall(r"UTC([+-])(\d\d):(\d\d)", label)
    assert found, label
    return [(1 if s == "+" else -1) * timedelta(hours=int(h), minutes=int(m)) for s, h, m in found]


# ---------------------------------------------------------------------------- the zone the times are in


def test_workbook_about_sheet_names_an_offset_the_summer_rows_are_not_in(stockholm, tmp_path):
    """R15's audit trail must be honest about when: `history --xlsx` in December said "Times are in CET, UTC+01:00"
    while a July change is written as Stockholm summer wall-clock time (UTC+2), so a DPO converting by the stated
    offset is an hour off. The label names both of the zone's offsets, and the row's is one of them."""
    with Store.open(tmp_path / "store", clock=lambda: SUMMER) as store:
        _summer_change(store)
        path = tmp_path / "audit.xlsx"
        write_workbook(store, path, zone=None, now=WINTER)
    book = openpyxl.load_workbook(path)
    about = {r[0].value: r[1].value for r in book["About"].iter_rows()}
    label = about["Times are in"]
    row = {c.heading: cell.value for c, cell in zip(CHANGE_COLUMNS, book["Changes"][2])}
    shown = row["SuperOffice changed"]  # naive wall-clock time
    assert shown == datetime(2026, 7, 4, 7, 0, 0)  # summer time, UTC+2
    assert label == "CET (UTC+01:00) / CEST (UTC+02:00)"
    assert shown - SUMMER.replace(tzinfo=None) in _offsets(label)


def test_contact_report_states_an_offset_its_summer_times_are_not_in(stockholm, tmp_path):
    """The contact report (PDF and text) ended with "times are in CET, UTC+01:00" while it lists the July change at
    its summer (UTC+2) wall-clock time; it shares the workbook's label, with both offsets."""
    with Store.open(tmp_path / "store", clock=lambda: SUMMER) as store:
        _summer_change(store)
        report = build_contact_report(store, EMAIL, now=WINTER)
    text = contact_report_text(report)
    zone = re.search(r"times are in ([^\n]*?)\.\n", text).group(1)
    assert "2026-07-04 07:00:00" in text  # the change, in Stockholm summer time
    assert zone == "CET (UTC+01:00) / CEST (UTC+02:00)"
    assert timedelta(hours=2) in _offsets(zone)
    assert "times are in CET (UTC+01:00) / CEST (UTC+02:00)." in contact_report_html(report)


@pytest.mark.parametrize(
    ("tz", "label"),
    [
        ("UTC", "UTC"),
        ("Asia/Tokyo", "JST (UTC+09:00)"),  # no summer time: one offset
        ("Europe/London", "GMT (UTC+00:00) / BST (UTC+01:00)"),
        ("Australia/Sydney", "AEST (UTC+10:00) / AEDT (UTC+11:00)"),  # summer in December: still both, in order
    ],
)
def test_the_local_zone_is_named_with_every_offset_of_the_year_whatever_the_season(monkeypatch, tz, label):
    """The label does not depend on the day the export is made: winter and summer exports say the same."""
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        assert zone_name(None, WINTER) == zone_name(None, SUMMER) == label
    finally:
        monkeypatch.undo()
        time.tzset()


# ---------------------------------------------------------------------------- file names (the command line)


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env["LEGALBASIS_SYNC_DATA_DIR"] = str(data_dir)
    return env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_xlsx_into_a_folder_that_does_not_exist_is_one_sentence_not_tracebacks(tmp_path):
    """`history --xlsx ~/Rapporter/audit.xlsx` with a mistyped folder said "Could not write ...: No such file or
    directory." and then three `Exception ignored ... ValueError: I/O operation on closed file` tracebacks from
    openpyxl's abandoned write-only sheets: the rows were filled before the target was opened, and the sheets were
    never closed when opening failed."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    done = _cli(_env(data), "history", "--xlsx", str(tmp_path / "no-such-folder" / "audit.xlsx"))
    assert done.returncode == 2
    line = one_sentence(done.stderr)
    assert "Could not write" in line and "No such file or directory" in line
    assert "Exception ignored" not in done.stderr


def test_a_workbook_that_fails_halfway_closes_its_sheets_and_leaves_nothing(tmp_path, monkeypatch):
    """A failure while the rows are read (here: the sends) leaves no part file and no open sheet behind."""
    import openpyxl.worksheet._write_only as write_only

    sheets = []
    original = write_only.WriteOnlyWorksheet.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        sheets.append(self)

    monkeypatch.setattr(write_only.WriteOnlyWorksheet, "__init__", remember)
    out = tmp_path / "out"
    out.mkdir()
    with Store.open(tmp_path / "store", clock=lambda: SUMMER) as store:
        _summer_change(store)

        def broken(run_id):
            raise OSError("disk gone")

        monkeypatch.setattr(store, "send_rows", broken)
        with pytest.raises(OSError, match="disk gone"):
            write_workbook(store, out / "audit.xlsx", zone=UTC)
    assert sheets and all(sheet.closed for sheet in sheets)
    assert list(out.iterdir()) == []


def test_a_long_but_legal_xlsx_name_is_written(tmp_path):
    """A 243-byte name (119 × "å" + ".xlsx") is legal (NAME_MAX 255); the export refused it with "File name too
    long" because its temporary file ("." + name + ".XXXXXXXX.part") was 15 bytes longer."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    out = tmp_path / "out"
    out.mkdir()
    name = out / (LONG_NAME + ".xlsx")
    assert len(name.name.encode()) <= 255
    name.write_bytes(b"")  # the name itself is fine here
    name.unlink()
    done = _cli(_env(data), "history", "--xlsx", str(name))
    assert done.returncode == 0, done.stderr
    assert name.stat().st_size > 0
    assert [p.name for p in out.iterdir()] == [name.name]


def test_a_long_but_legal_pdf_name_is_written(qapp, tmp_path):
    """The contact report's PDF had the same temporary name, one the file system refuses for a long target."""
    with Store.open(tmp_path / "store", clock=lambda: SUMMER) as store:
        _summer_change(store)
        report = build_contact_report(store, EMAIL, now=WINTER)
    out = tmp_path / "out"
    out.mkdir()
    path = out / (LONG_NAME + ".pdf")
    assert len(path.name.encode()) <= 255
    pages = write_pdf(contact_report_html(report), path, title=title(report))
    assert pages == page_count(path) >= 1
    assert [p.name for p in out.iterdir()] == [path.name]
