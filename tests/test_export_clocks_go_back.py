"""Times in the hour the clocks go back keep their order in the Excel audit trail and the History tab; a vendor's zero
date ("0001-01-01") is shown as given, never a traceback.

R15/R5: the audit trail shows both change times and the winner. On 2026-10-25 Stockholm's clocks go from 03:00 CEST
back to 02:00 CET. A withdrawal in SuperOffice at 00:40 UTC (02:40 CEST) and a consent in eMarketeer at 01:10 UTC
(02:10 CET), half an hour later: R5 lets eMarketeer win. As bare wall times the workbook read "SuperOffice changed
02:40, eMarketeer changed 02:10, winner eMarketeer", the app reversing a withdrawal against R5 in the DPO's eyes.
The workbook's time cells stay real dates (they sort and filter) and show their UTC offset ("02:40:00 +02:00");
the History tab and the contact's PDF (i18n.format_datetime) add the offset only to such a repeated time.

eMarketeer's parse_time keeps a zero date; west of UTC it has no local time (OverflowError): the workbook and
format_datetime show it in UTC instead of failing the whole export.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from test_store_export import _decision

from desktop_app import i18n
from desktop_app.domain.model import Consent, LegalBasis, RunMode, System, Trigger
from desktop_app.store import DecisionStatus, Store
from desktop_app.store.workbook import CHANGE_COLUMNS, write_workbook

UTC = timezone.utc
SO_AT = datetime(2026, 10, 25, 0, 40, tzinfo=UTC)  # 02:40 CEST
EM_AT = datetime(2026, 10, 25, 1, 10, tzinfo=UTC)  # 02:10 CET, 30 minutes later
ZERO = datetime(1, 1, 1, tzinfo=UTC)


@pytest.fixture
def new_york(monkeypatch):
    """This computer is west of UTC."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _changes(tmp_path, superoffice: Consent, emarketeer: Consent, zone) -> tuple[dict, dict]:
    """One applied change with these two sides, exported in `zone`: its row's values and number formats."""
    with Store.open(tmp_path / "store", clock=lambda: EM_AT + timedelta(hours=1)) as store:
        run = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False)
        d = replace(
            _decision("anna@example.se"),
            superoffice=superoffice,
            emarketeer=emarketeer,
            winner=System.EMARKETEER,
            target=System.SUPEROFFICE,
            new=LegalBasis.CONSENT,
        )
        [i] = store.record_decisions(run, [d], DecisionStatus.PLANNED)
        store.mark_applied(i, EM_AT + timedelta(minutes=30))
        path = tmp_path / "audit.xlsx"
        write_workbook(store, path, zone=zone, now=EM_AT + timedelta(hours=2))
    sheet = openpyxl.load_workbook(path)["Changes"]
    headings = [c.heading for c in CHANGE_COLUMNS]
    return (
        {h: cell.value for h, cell in zip(headings, sheet[2])},
        {h: cell.number_format for h, cell in zip(headings, sheet[2])},
    )


def _shown_utc(value: datetime, number_format: str) -> datetime:
    """What a reader of the cell knows: its wall time and the offset its format shows as text."""
    sign, hours, minutes = number_format[-7], number_format[-6:-4], number_format[-3:-1]
    offset = timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == "-" else 1)
    return value - offset


def test_workbook_shows_two_changes_in_the_repeated_hour_in_their_order(tmp_path):
    row, formats = _changes(
        tmp_path,
        Consent(LegalBasis.WITHDRAWN, SO_AT),
        Consent(LegalBasis.CONSENT, EM_AT),
        ZoneInfo("Europe/Stockholm"),
    )
    so, em = row["SuperOffice changed"], row["eMarketeer changed"]
    assert isinstance(so, datetime) and isinstance(em, datetime)  # real dates: they sort and filter
    assert (so.strftime("%H:%M"), em.strftime("%H:%M")) == ("02:40", "02:10")
    assert formats["SuperOffice changed"] == 'yyyy-mm-dd hh:mm:ss "+02:00"'
    assert formats["eMarketeer changed"] == 'yyyy-mm-dd hh:mm:ss "+01:00"'
    assert _shown_utc(so, formats["SuperOffice changed"]) < _shown_utc(em, formats["eMarketeer changed"])
    assert row["Winner"] == "eMarketeer"


def test_history_tab_adds_the_offset_only_to_a_repeated_time(stockholm):
    assert i18n.format_datetime(SO_AT, seconds=True) == "2026-10-25 02:40:00 +02:00"
    assert i18n.format_datetime(EM_AT, seconds=True) == "2026-10-25 02:10:00 +01:00"
    assert i18n.format_datetime(EM_AT + timedelta(hours=1)) == "2026-10-25 03:10"  # after the fold: as always
    assert i18n.format_datetime(datetime(2026, 7, 4, 12, tzinfo=UTC)) == "2026-07-04 14:00"


@pytest.mark.parametrize("zone", [ZoneInfo("America/New_York"), None])
def test_a_zero_date_west_of_utc_is_shown_as_given(tmp_path, new_york, zone):
    row, _ = _changes(tmp_path, Consent(LegalBasis.WITHDRAWN, ZERO), Consent(LegalBasis.CONSENT, EM_AT), zone)
    assert row["SuperOffice changed"] == "0001-01-01 00:00:00 UTC"  # Excel holds no date before 1900: text
    assert isinstance(row["eMarketeer changed"], datetime)
    assert i18n.format_datetime(ZERO) == "0001-01-01 00:00 UTC"
    assert i18n.format_clock(ZERO) == "00:00"  # the time of day too: as given, never an OverflowError
