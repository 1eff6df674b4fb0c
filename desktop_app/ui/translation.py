"""The window's language: Qt translators for our catalogue and Qt's own, QLocale for numbers and dates (issue 5).

`install(app, setting)` is called once before the window is built: the "language" setting ("auto"
follows `QLocale.system()`), the app's compiled catalogue from resources/i18n/ and qtbase's from
Qt's translations folder (standard buttons, context menus), the locales used for dates (the
system's country: ISO dates for English in Sweden) and for numbers (the window's language), and the Qt-free `desktop_app.i18n` hook that the sentence builders call. English is the
source language: it needs no catalogue of ours, only the locale.

A changed language setting takes effect at the next start (the panel says so): every widget
sets its text once when it is built.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLibraryInfo, QLocale, QTime, QTranslator

from .. import i18n, paths

log = logging.getLogger(__name__)

CATALOGUE = "legalbasis_sync"  # resources/i18n/legalbasis_sync_<language>.qm
_LANGUAGE_CODES = {i18n.LANGUAGE_ENGLISH: QLocale.Language.English, i18n.LANGUAGE_SWEDISH: QLocale.Language.Swedish}


def catalogue_dir() -> Path:
    return paths.resource_path("i18n")


def catalogue_path(language: str) -> Path:
    return catalogue_dir() / f"{CATALOGUE}_{language}.qm"


def choose_language(setting: object, system: QLocale | None = None) -> str:
    """ "en" or "sv": the setting when it names one, else the system locale's language when we have it, else English."""
    system = QLocale.system() if system is None else system
    return i18n.resolve_language(str(setting) if setting is not None else None, system.name())


def display_locale(language: str, system: QLocale | None = None) -> QLocale:
    """The locale for dates: the system's when it speaks the chosen language, else that language in the
    system's country (English in Sweden: en_SE, ISO dates); without a country (the C locale), ISO-like dates too."""
    system = QLocale.system() if system is None else system
    wanted = _LANGUAGE_CODES[language]
    if system.language() == wanted:
        return system
    country = system.territory()
    if country == QLocale.Country.AnyTerritory:
        country = QLocale.Country.Sweden
    return QLocale(wanted, country)


def number_locale(language: str, system: QLocale | None = None) -> QLocale:
    """The locale for numbers (decimal point, grouping) and for the widgets' own numbers: the system's when it speaks
    the chosen language, else the language's own (English words in Sweden: 3.0 s and 1,234, never 3,0 s), so a
    window never mixes one language's words with another's numbers (issue 13)."""
    system = QLocale.system() if system is None else system
    wanted = _LANGUAGE_CODES[language]
    if system.language() == wanted:
        return system
    return QLocale(wanted)


@dataclass
class Installed:
    """What `install` put in place; `remove()` takes it out again (tests, switching windows)."""

    language: str
    locale: QLocale
    translators: list[QTranslator] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # catalogues that could not be loaded

    def remove(self) -> None:
        app = QCoreApplication.instance()
        for translator in self.translators:
            if app is not None:
                QCoreApplication.removeTranslator(translator)
        self.translators.clear()
        i18n.reset()
        QLocale.setDefault(QLocale.system())


_current: Installed | None = None


def install(setting: object = i18n.LANGUAGE_AUTO, system: QLocale | None = None) -> Installed:
    """Load the translators for the chosen language and point `desktop_app.i18n` at Qt. Needs a QCoreApplication."""
    global _current
    if _current is not None:
        _current.remove()
    system = QLocale.system() if system is None else system
    language = choose_language(setting, system)
    locale = display_locale(language, system)
    installed = Installed(language, locale)
    if language != i18n.LANGUAGE_ENGLISH:
        _load(installed, CATALOGUE + "_" + language, catalogue_dir())
        _load(installed, "qtbase_" + language, Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    numbers = number_locale(language, system)
    QLocale.setDefault(numbers)  # spin boxes, the calendar and the chart's month names speak the window's language
    date_format = _date_format(locale)
    time_format = locale.timeFormat(QLocale.FormatType.ShortFormat)
    seconds_format = _with_seconds(time_format)

    def date_time(value: datetime, seconds: bool) -> str:
        moment = QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second))
        return locale.toString(moment, f"{date_format} {seconds_format if seconds else time_format}")

    def clock(value: datetime) -> str:
        return locale.toString(QTime(value.hour, value.minute, value.second), time_format)

    i18n.install(
        translate=lambda context, text: QCoreApplication.translate(context, text),
        number=lambda value: numbers.toString(int(value)),
        decimal=lambda value, places: numbers.toString(float(value), "f", places),
        date_time=date_time,
        clock=clock,
        language=language,
    )
    _current = installed
    log.info(
        "Window language %s (setting %r, system locale %s, formats %s).",
        language,
        setting,
        system.name(),
        locale.name(),
    )
    return installed


def uninstall() -> None:
    global _current
    if _current is not None:
        _current.remove()
        _current = None


def language_setting(saved: Mapping[str, object]) -> str:
    """The saved "language" value, or "auto" when unset or unknown."""
    value = str(saved.get("language") or i18n.LANGUAGE_AUTO).strip().lower()
    return value if value in (i18n.LANGUAGE_AUTO, *i18n.LANGUAGES) else i18n.LANGUAGE_AUTO


def _load(installed: Installed, name: str, folder: Path) -> None:
    translator = QTranslator()
    if translator.load(name, str(folder)):
        QCoreApplication.installTranslator(translator)
        installed.translators.append(translator)
    else:
        log.warning("No translation %s in %s; those texts stay English.", name, folder)
        installed.missing.append(name)


def _date_format(locale: QLocale) -> str:
    """The locale's short date, with a four-digit year (5/28/26 is ambiguous in an audit view)."""
    text = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in text:
        text = text.replace("yy", "yyyy")
    return text


def _with_seconds(time_format: str) -> str:
    if "ss" in time_format or "mm" not in time_format:
        return time_format
    return time_format.replace("mm", "mm:ss", 1)
