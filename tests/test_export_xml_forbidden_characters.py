"""A contact whose address holds a character XML 1.0 forbids must not make the whole Excel audit trail unreadable.

R15: the audit trail is what an admin shows a data-protection officer. `domain.email.normalise_email` accepts any
non-space, non-@ character, so a hostile web-form sign-up such as "eva\\uffff@example.se" is synced and stored like any
other address. The workbook's sheets are XML, and XML 1.0 forbids U+FFFE, U+FFFF, lone surrogates and most control
characters: one of them written raw makes the sheet not well-formed, Excel's repair drops every row of it and openpyxl
refuses the file. What the DPO would lose: every change of the audit trail, for one odd address. Each such character is
written as U+FFFD instead; the row stays.
"""

from __future__ import annotations

from datetime import timedelta

import openpyxl
import pytest

from desktop_app.domain.email import try_normalise_email
from desktop_app.domain.model import RunStatus
from desktop_app.store.workbook import CHANGE_COLUMNS, write_workbook

EMAIL = CHANGE_COLUMNS.index(next(c for c in CHANGE_COLUMNS if c.heading == "E-mail address"))


@pytest.mark.parametrize("odd", ["\uffff", "\ufffe", "\x01"])
def test_workbook_with_a_forbidden_character_in_an_address_still_opens_with_the_row(world, tmp_path, odd):
    address = f"eva{odd}@example.se"
    assert try_normalise_email(address) == address  # a valid address to the app: it is synced like any other
    world.so_person(address, registered=world.now() - timedelta(days=300), STORE="61A")
    world.advance(3600)
    world.em_contact(address, store="Withdrawn")
    world.advance(60)
    assert world.sync().status is RunStatus.DONE
    path = tmp_path / "audit.xlsx"
    with world.store() as store:
        counts = write_workbook(store, path)
    assert counts.changes == 1
    book = openpyxl.load_workbook(path)  # Excel: "We found a problem with some content"; openpyxl: ParseError
    [row] = list(book["Changes"].iter_rows(min_row=2, values_only=True))
    assert row[EMAIL] == "eva\ufffd@example.se"


def test_every_character_xml_forbids_becomes_a_replacement_character_and_the_rest_is_kept():
    """A JSON answer's "\\ud800" escape is a lone surrogate in Python: the vendor's message it is in must still fit."""
    from desktop_app.store.workbook import _xml_text

    assert _xml_text("a\ud800b\udfffc\ufffed\uffffe\x00f\x1fg") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg"
    kept = "tab\tline\nreturn\r åäö \u00a0\ud7ff\ue000\ufffd \U0001f600 \U0010ffff"
    assert _xml_text(kept) == kept
