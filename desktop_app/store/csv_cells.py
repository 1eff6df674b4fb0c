"""CSV files an admin opens in a spreadsheet program: no cell may be run as a formula (CSV injection).

A contact's address, a pasted recipient line and a vendor's message are outside data (anyone can sign up on a web
form with `=HYPERLINK(...)@example.se`, a valid address). Excel, LibreOffice and Numbers run a cell that starts
with `=`, `+`, `-` or `@` (and, after a tab or carriage return, what follows) as a formula. Such a text cell gets
a leading apostrophe, as OWASP advises: the spreadsheet shows the text, and a script sees the apostrophe and can
strip it. No value the app itself writes (times, legal bases, rules, statuses, numbers) starts with one of these.
The workbook (store/workbook.py) does not need this: its cells are typed as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: Any) -> Any:
    """`value`, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SpreadsheetSafeWriter:
    """csv.writer's `writerow` and `writerows`, every text cell passed through `as_text_cell`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([as_text_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
