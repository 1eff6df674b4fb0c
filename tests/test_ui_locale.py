"""Numbers and dates follow the window's language, never a mix (issue 13 pt 5): English words in Sweden get
English numbers (3.0 s, 1,234) and ISO dates; Swedish words get Swedish numbers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QLocale

from desktop_app import i18n
from desktop_app.ui import translation


@pytest.fixture
def window_language(qapp):
    yield
    translation.uninstall()


@pytest.mark.parametrize("system", ["sv_SE", "C", "de_DE"])
def test_an_english_window_has_english_numbers_whatever_the_system_locale(window_language, system):
    translation.install("en", QLocale(system))
    assert i18n.decimal(3.0) == "3.0"
    assert i18n.number(1234567) == "1,234,567"
    assert QLocale().decimalPoint() == "."  # the widgets' own numbers (spin boxes) too


def test_english_in_sweden_keeps_iso_dates_and_english_numbers(window_language):
    translation.install("en", QLocale("sv_SE"))
    moment = datetime(2026, 5, 28, 12, 3, tzinfo=timezone.utc)
    assert i18n.format_datetime(moment)[:10] in ("2026-05-28", "2026-05-27", "2026-05-29")  # ISO, local zone
    assert i18n.decimal(0.6) == "0.6"


def test_a_swedish_window_has_swedish_numbers_even_on_an_english_system(window_language):
    translation.install("sv", QLocale("en_US"))
    assert i18n.decimal(3.0) == "3,0"
    assert i18n.number(1234567) == "1\u00a0234\u00a0567"
    assert QLocale().decimalPoint() == ","


def test_the_system_locale_wins_when_it_speaks_the_window_language(window_language):
    translation.install("en", QLocale("en_GB"))
    assert i18n.decimal(1234.5) == "1,234.5"
