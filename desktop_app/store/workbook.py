"""The audit trail for people and for scripts: an Excel workbook (openpyxl) and CSV files with a byte-order mark.

The workbook is for a data-protection officer opening it in Excel (often with Swedish regional
settings): one row per change on the first sheet, the sends' recipients on the second, times as
real date cells in the user's time zone (Excel has no zones: the cells are local wall-clock time and
the "About" sheet names the zone), a frozen header row with filters, and column widths set so the
text is readable. Values are the vendors' names of legal bases and purposes in the user's language.

The CSV files stay for scripts (the same columns as always, UTF-8, times in UTC ISO-8601) but start
with a byte-order mark, which is what makes Excel read them as UTF-8 instead of showing "Ã¥" for "å".

Both are written to a temporary file beside the target and moved into place, so an export that fails
halfway never leaves half a file under the name asked for. No Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, i18n
from ..domain.messages import message_text
from ..domain.model import System, utc
from ..domain.names import basis_name, purpose_name
from ..i18n import QT_TRANSLATE_NOOP, translate
from .files import replacing
from .records import AnswerRecord, AuditRow, DecisionStatus
from .sends import SendRow

if TYPE_CHECKING:
    from .store import Store

CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: Excel needs it to read å, ä, ö right

DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"  # ISO order: unambiguous under English and Swedish regional settings
# Every character XML 1.0 forbids (control characters, lone surrogates, U+FFFE, U+FFFF): one in a cell makes the
# whole sheet unreadable (Excel drops its rows, openpyxl refuses the file). Each is written as U+FFFD instead.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAX_CELL = 32_767  # Excel's longest text in one cell
MAX_SHEET_ROWS = 1_048_576  # Excel's rows a sheet, the header's included
_MAX_TITLE = 31  # Excel's longest sheet name


@dataclass(frozen=True)
class Column:
    heading: str  # English source; translated when written
    width: float  # in Excel's character widths
    kind: str = "text"  # "text", "date" (26 wide: "2026-10-25 02:40:00 +02:00") or "number"


# Sheet 1: one row per change (store.AuditRow, the CSV's columns).
CHANGE_COLUMNS: tuple[Column, ...] = (
    Column(QT_TRANSLATE_NOOP("Workbook", "Run"), 7, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Run started"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Trigger"), 10),
    Column(QT_TRANSLATE_NOOP("Workbook", "E-mail address"), 32),
    Column(QT_TRANSLATE_NOOP("Workbook", "Purpose"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "Written to"), 12),
    Column(QT_TRANSLATE_NOOP("Workbook", "Old value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "New value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "SuperOffice value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "SuperOffice changed"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "eMarketeer value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "eMarketeer changed"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Winner"), 12),
    Column(QT_TRANSLATE_NOOP("Workbook", "Rules"), 9),
    Column(QT_TRANSLATE_NOOP("Workbook", "Reason"), 60),
    Column(QT_TRANSLATE_NOOP("Workbook", "Conflict"), 9),
    Column(QT_TRANSLATE_NOOP("Workbook", "Status"), 11),
    Column(QT_TRANSLATE_NOOP("Workbook", "Applied"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Message"), 40),
)

# Sheet 2: the sends' recipients (store.SendRow, the sends CSV's columns).
RECIPIENT_COLUMNS: tuple[Column, ...] = (
    Column(QT_TRANSLATE_NOOP("Workbook", "Send"), 7, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Channel"), 9),
    Column(QT_TRANSLATE_NOOP("Workbook", "Message id"), 11, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Recipients from"), 14),
    Column(QT_TRANSLATE_NOOP("Workbook", "Send status"), 12),
    Column(QT_TRANSLATE_NOOP("Workbook", "Scheduled for"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Created"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Sent"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Run"), 7, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Run started"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Line"), 6, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "As entered"), 30),
    Column(QT_TRANSLATE_NOOP("Workbook", "E-mail address"), 32),
    Column(QT_TRANSLATE_NOOP("Workbook", "Allowed"), 9),
    Column(QT_TRANSLATE_NOOP("Workbook", "Left out because"), 22),
    Column(QT_TRANSLATE_NOOP("Workbook", "Why"), 50),
    Column(QT_TRANSLATE_NOOP("Workbook", "Changed by the send-time sync"), 40),
    Column(QT_TRANSLATE_NOOP("Workbook", "Conflict"), 9),
    Column(QT_TRANSLATE_NOOP("Workbook", "Result"), 11),
    Column(QT_TRANSLATE_NOOP("Workbook", "Result reason"), 40),
    Column(QT_TRANSLATE_NOOP("Workbook", "Batch"), 7, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Sent to this recipient"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Send message"), 40),
)

# Sheet 3: R24's answers, one row per answer a person gave about a held decision (store.AnswerRecord, as the CSV
# and the contact report's PDF have them).
ANSWER_COLUMNS: tuple[Column, ...] = (
    Column(QT_TRANSLATE_NOOP("Workbook", "Answered"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Answered by"), 16),
    Column(QT_TRANSLATE_NOOP("Workbook", "E-mail address"), 32),
    Column(QT_TRANSLATE_NOOP("Workbook", "Purpose"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "Answer"), 18),
    Column(QT_TRANSLATE_NOOP("Workbook", "Written to"), 12),
    Column(QT_TRANSLATE_NOOP("Workbook", "New value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "SuperOffice value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "SuperOffice changed"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "eMarketeer value"), 20),
    Column(QT_TRANSLATE_NOOP("Workbook", "eMarketeer changed"), 26, "date"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Status"), 34),
    Column(QT_TRANSLATE_NOOP("Workbook", "Run"), 7, "number"),
    Column(QT_TRANSLATE_NOOP("Workbook", "Closed"), 26, "date"),
)

CHANGES_SHEET = QT_TRANSLATE_NOOP("Workbook", "Changes")
RECIPIENTS_SHEET = QT_TRANSLATE_NOOP("Workbook", "Send recipients")
ANSWERS_SHEET = QT_TRANSLATE_NOOP("Workbook", "Answers (R24)")
ABOUT_SHEET = QT_TRANSLATE_NOOP("Workbook", "About")


@dataclass(frozen=True)
class WorkbookCounts:
    changes: int  # rows on the Changes sheet(s)
    recipients: int
    answers: int = 0
    unconfirmed: int = 0  # of the changes: writes that may have landed (DecisionStatus.UNCONFIRMED)


def write_workbook(
    store: Store, path: Path, *, run_id: int | None = None, zone: tzinfo | None = None, now: datetime | None = None
) -> WorkbookCounts:
    """The audit trail (every applied change and every write that may have landed, or every decision of run
    `run_id`), the sends' recipients and the
    answers people gave about held decisions (R24; of run `run_id`: those it carried out) as an .xlsx file at `path`.
    Times in `zone` (default: this computer's). Raises OSError when the file cannot be written; the target is then
    left as it was."""
    from openpyxl import Workbook  # imported here: only an export needs it

    workbook = Workbook(write_only=True)  # streams rows to disk: 200,000 changes never sit in memory as cells
    unconfirmed = 0

    def changes() -> Iterator[Sequence[object]]:
        nonlocal unconfirmed
        for row in store.audit_rows(run_id):
            unconfirmed += row.status is DecisionStatus.UNCONFIRMED
            yield _change_values(row)

    # Each sheet's rows are read only when that sheet is written (after the target is open, after the sheet before).
    contents: tuple[tuple[str, tuple[Column, ...], Callable[[], Iterable[Sequence[object]]]], ...] = (
        (CHANGES_SHEET, CHANGE_COLUMNS, changes),
        (RECIPIENTS_SHEET, RECIPIENT_COLUMNS, lambda: map(_recipient_values, store.send_rows(run_id))),
        (ANSWERS_SHEET, ANSWER_COLUMNS, lambda: map(_answer_values, _answers(store, run_id))),
    )
    # The target is opened before any row is read: a folder that does not exist fails here, with no sheet started.
    try:
        with replacing(Path(path), "wb") as fh:
            counts = [
                (title, *_sheet(workbook, translate("Workbook", title), columns, rows(), zone))
                for title, columns, rows in contents
            ]
            _about_sheet(workbook, run_id, zone, now or datetime.now(timezone.utc), counts)
            workbook.save(fh)
    finally:
        _close_sheets(workbook)
    (_, changes_written, _), (_, recipients, _), (_, answers, _) = counts
    return WorkbookCounts(changes_written, recipients, answers, unconfirmed)


def _answers(store: Store, run_id: int | None) -> list[AnswerRecord]:
    """R24's answers, as the CSV export picks them: all, or those run `run_id` carried out."""
    answers = getattr(store, "answers", None)
    if answers is None:
        return []
    return [a for a in answers() if run_id is None or a.run_id == run_id]


# openpyxl has no type information: its workbooks, sheets and cells are Any here.
def _close_sheets(workbook: Any) -> None:
    """Closes the write-only sheets an export gave up on (save closes the others). Left open, each one's stream is
    finished by the garbage collector after its file is gone, which prints "Exception ignored ... I/O operation on
    closed file" tracebacks after the sentence that says what went wrong; their temporary files are removed too."""
    for sheet in workbook.worksheets:
        if getattr(sheet, "closed", True):
            continue
        try:
            sheet.close()
        except Exception:  # noqa: BLE001 - the export has already failed; its own error is the one to report
            pass
        writer = getattr(sheet, "_writer", None)
        if writer is not None and isinstance(writer.out, str):
            try:
                writer.cleanup()
            except (OSError, ValueError):
                pass


def _sheet(
    workbook: Any, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]], zone: tzinfo | None
) -> tuple[int, int]:
    """The rows on a sheet named `title`, continued on "title (2)", "title (3)" … past Excel's rows a sheet (a
    million contacts' audit trail has more: Excel would open only the first 1,048,576 and say the file was not
    loaded completely). Returns (rows, sheets)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    last = get_column_letter(len(columns))

    def start(number: int) -> Any:
        suffix = "" if number == 1 else f" ({number})"
        sheet = workbook.create_sheet(title[: _MAX_TITLE - len(suffix)] + suffix)
        # Write-only sheets take widths, the frozen pane and the filter before (or, for the filter, after) the rows.
        for i, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=translate("Workbook", column.heading))
            cell.font = bold
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            header.append(cell)
        sheet.append(header)
        return sheet

    sheets, count, on_sheet = 1, 0, 0
    sheet = start(sheets)
    for values in rows:
        if on_sheet >= MAX_SHEET_ROWS - 1:  # the header is a row too
            sheet.auto_filter.ref = f"A1:{last}{on_sheet + 1}"
            sheets, on_sheet = sheets + 1, 0
            sheet = start(sheets)
        sheet.append([_cell(sheet, column, value, zone) for column, value in zip(columns, values)])
        count += 1
        on_sheet += 1
    sheet.auto_filter.ref = f"A1:{last}{on_sheet + 1}"
    return count, sheets


def _cell(sheet: Any, column: Column, value: Any, zone: tzinfo | None) -> object:  # value: as column.kind says
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    if column.kind == "date":
        return _date_cell(sheet, value, zone)
    if column.kind == "number":
        return value
    cell = WriteOnlyCell(sheet, value=_xml_text(value)[:_MAX_CELL])
    # Text is text: an address or a vendor's message starting with "=" must never become a formula.
    cell.data_type = "s"
    return cell


def _xml_text(value: object) -> str:
    """`value` as text a sheet can hold: each character XML 1.0 forbids becomes U+FFFD, the row stays."""
    return _NOT_XML.sub("\ufffd", str(value))


def _date_cell(sheet: Any, value: datetime, zone: tzinfo | None) -> Any:
    """A real date cell (it sorts and filters) in the user's wall-clock time, its UTC offset shown as literal text
    ("2026-10-25 02:40:00 +02:00"): in the hour the clocks go back, 02:40 summer time is before 02:10 winter time,
    and without the offset the audit trail would show them the other way round. A time Excel cannot hold as a date
    (before 1900: a vendor's "0001-01-01") is text, as given in UTC."""
    from openpyxl.cell import WriteOnlyCell

    local = _local(value, zone)
    if local.year < 1900:
        return WriteOnlyCell(sheet, value=utc(value).replace(tzinfo=None).isoformat(" ", "seconds") + " UTC")
    offset = local.strftime("%z")
    cell = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
    cell.number_format = f'{DATE_FORMAT} "{offset[:3]}:{offset[3:]}"' if offset else DATE_FORMAT
    return cell


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    """Wall-clock time in the user's zone (aware: its offset tells the repeated hour apart). A time at the edge of
    the calendar that has no local time ("0001-01-01" west of UTC) is kept in UTC, as given (i18n.local_or_given)."""
    return i18n.local_or_given(value, zone)[0]


def _system(value: System | None) -> str:
    return "" if value is None else value.label


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return translate("Workbook", "yes") if value else translate("Workbook", "no")


def _change_values(r: AuditRow) -> tuple[object, ...]:
    return (
        r.run,
        r.run_started,
        r.trigger.value,
        r.email,
        purpose_name(r.purpose),
        _system(r.target),
        basis_name(r.old) if r.target is not None else "",
        basis_name(r.new) if r.target is not None else "",
        basis_name(r.superoffice_value),
        r.superoffice_changed_at,
        basis_name(r.emarketeer_value),
        r.emarketeer_changed_at,
        _system(r.winner),
        ", ".join(rule.value for rule in r.rules),
        message_text(r.reason),
        _yes_no(r.conflict),
        r.status.value,
        r.applied_at,
        message_text(r.message) if r.message else "",
    )


def _recipient_values(r: SendRow) -> tuple[object, ...]:
    return (
        r.send,
        r.channel.value,
        r.component,
        r.source,
        r.send_status.value,
        r.scheduled_at,
        r.created_at,
        r.sent_at,
        r.run,
        r.run_started,
        r.position,
        r.given,
        r.email,
        _yes_no(r.allowed),
        r.exclusion.value if r.exclusion else "",
        message_text(r.why) if r.why else "",
        "\n".join(r.sync_changes),
        _yes_no(r.conflict),
        r.result.value if r.result else "",
        r.result_reason,
        r.batch,
        r.recipient_sent_at,
        r.send_message,
    )


_ANSWER_NAMES = {
    "approve": QT_TRANSLATE_NOOP("Workbook", "Approved"),
    "keep": QT_TRANSLATE_NOOP("Workbook", "Keep withdrawn"),
}
_ANSWER_STATUS = {
    "open": QT_TRANSLATE_NOOP("Workbook", "Waiting for the next run"),
    "used": QT_TRANSLATE_NOOP("Workbook", "Carried out by run {run}"),
    "void": QT_TRANSLATE_NOOP("Workbook", "Void: the values changed before it was carried out"),
    "replaced": QT_TRANSLATE_NOOP("Workbook", "Replaced by a later answer"),
    "void_holds_off": QT_TRANSLATE_NOOP(
        "Workbook", "Void: holds for review were switched off, and the sync decided the pair by R5"
    ),
    "void_gone": QT_TRANSLATE_NOOP("Workbook", "Void: the contact is in neither system any more"),
}


def _answer_values(a: AnswerRecord) -> tuple[object, ...]:
    answer = _ANSWER_NAMES.get(a.answer)
    status = _ANSWER_STATUS.get(a.status)
    return (
        a.answered_at,
        a.answered_by,
        a.email,
        purpose_name(a.purpose),
        translate("Workbook", answer) if answer else a.answer,
        _system(a.target),
        basis_name(a.new) if a.target is not None else "",
        basis_name(a.superoffice.basis),
        a.superoffice.changed_at,
        basis_name(a.emarketeer.basis),
        a.emarketeer.changed_at,
        translate("Workbook", status).format(run=a.run_id) if status else a.status,
        a.run_id,
        a.closed_at,
    )


def zone_name(zone: tzinfo | None, when: datetime) -> str:
    """What the exported times are in. "Europe/Stockholm (UTC+02:00)" when the zone knows its key; else the zone's
    abbreviations and offsets, both of them where it has summer time ("CET (UTC+01:00) / CEST (UTC+02:00)"): every
    time is local wall-clock time of its own date, so a July change is in summer time even when the export is made
    in December, and one offset would put it an hour off. No words, only names and numbers: nothing to translate."""
    local = when.astimezone(zone) if zone is not None else when.astimezone()
    key = getattr(zone, "key", None)
    if key:
        return f"{key} ({_utc_offset(local)})"
    # The offsets in `when`'s year, from the first of each month (DST rules change rarely; a year shows them all).
    seen = {local.utcoffset(): local}
    for month in range(1, 13):
        instant = datetime(local.year, month, 1, 12, tzinfo=timezone.utc)
        other = instant.astimezone(zone) if zone is not None else instant.astimezone()
        seen.setdefault(other.utcoffset(), other)
    shown = [_abbreviated(seen[offset]) for offset in sorted(o for o in seen if o is not None)]
    return " / ".join(shown) if shown else "UTC"


def _utc_offset(local: datetime) -> str:
    """ "UTC+01:00"; "UTC" when the offset is unknown."""
    offset = local.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def _abbreviated(local: datetime) -> str:
    """ "CET (UTC+01:00)", "GMT (UTC+00:00)", "UTC", or "UTC+03:00" for a zone whose abbreviation is only its offset ("+03")."""
    offset = local.strftime("%z")
    name = local.tzname() or ""
    if offset in ("+0000", "") and name in ("UTC", "Z", ""):
        return "UTC"
    shown_offset = _utc_offset(local)
    if not name or name == shown_offset or name.lstrip("+-").isdigit():
        return shown_offset
    return f"{name} ({shown_offset})"


def _about_sheet(
    workbook: Any, run_id: int | None, zone: tzinfo | None, now: datetime, counts: Sequence[tuple[str, int, int]]
) -> None:
    """What the workbook holds: its scope, when, the zone of its times, and each sheet's rows ((title, rows,
    sheets))."""
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(translate("Workbook", ABOUT_SHEET))
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    def line(label: str, value: object) -> None:
        head = WriteOnlyCell(sheet, value=_xml_text(label))
        head.font = bold
        if isinstance(value, datetime):
            cell = _date_cell(sheet, value, zone)
        else:
            cell = WriteOnlyCell(sheet, value=_xml_text(value))
            cell.data_type = "s"
        sheet.append([head, cell])

    scope = (
        translate("Workbook", "Every decision of run {run}").format(run=run_id)
        if run_id is not None
        else translate(
            "Workbook", "Every change the app applied (R15), and every write that may have landed (status unconfirmed)"
        )
    )
    line(translate("Workbook", "Audit trail of"), "Legal Basis Sync " + __version__)
    line(translate("Workbook", "Contents"), scope)
    line(translate("Workbook", "Exported"), now)
    line(translate("Workbook", "Times are in"), zone_name(zone, now))
    for title, rows, sheets in counts:
        count = i18n.number(rows)
        if sheets > 1:
            count = translate("Workbook", "{rows}, on {sheets} sheets (a sheet holds at most {most} rows)").format(
                rows=count, sheets=sheets, most=i18n.number(MAX_SHEET_ROWS - 1)
            )
        line(translate("Workbook", title), count)


# ------------------------------------------------------------------ CSV


def write_csv_file(path: Path, export: Callable[..., int], *, run_id: int | None = None) -> int:
    """`export(out, run_id=...)` (Store.export_csv or export_sends_csv) into `path` as UTF-8 with a byte-order mark;
    returns its row count. Raises OSError; the target is left as it was then."""
    with replacing(Path(path), "w", encoding=CSV_ENCODING) as out:
        return export(out, run_id=run_id)


__all__ = [
    "ANSWER_COLUMNS",
    "CSV_ENCODING",
    "CHANGE_COLUMNS",
    "RECIPIENT_COLUMNS",
    "WorkbookCounts",
    "write_csv_file",
    "write_workbook",
    "zone_name",
]
