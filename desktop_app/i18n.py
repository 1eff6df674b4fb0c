"""Words and times for people, without Qt: a translation hook the window fills in, plus locale-aware numbers and dates.

The domain and the Qt-free sentence builders (`domain.review`, `ui.status_text`, `config`) call
`translate(context, text)` with literal strings, so `pyside6-lupdate` finds them; until the window
installs its Qt backend (`ui.translation.install`) every call returns the English source, numbers
get English grouping and times an ISO-like format in the machine's time zone. That is also what
the command line and the logs get: they stay English.

Plurals: English and Swedish both have one form for 1 and one for everything else, so a count
picks between two separately translated strings (`plural`), "{n}" standing for the number.
Data stay UTC; only what is shown is converted to local time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo

LANGUAGE_AUTO, LANGUAGE_ENGLISH, LANGUAGE_SWEDISH = "auto", "en", "sv"
LANGUAGES = (LANGUAGE_ENGLISH, LANGUAGE_SWEDISH)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `text` for the catalogue without translating it (registry labels built at import time)."""
    return text


@dataclass
class _Backend:
    translate: Callable[[str, str], str] | None = None
    number: Callable[[int], str] | None = None
    decimal: Callable[[float, int], str] | None = None
    date_time: Callable[[datetime, bool], str] | None = None  # local naive datetime, with seconds?
    clock: Callable[[datetime], str] | None = None  # local naive datetime -> "14:05"
    language: str = LANGUAGE_ENGLISH


_backend = _Backend()
_generation = 0  # bumped by every install: caches of translated text key on it


def install(
    *,
    translate: Callable[[str, str], str] | None,
    number: Callable[[int], str] | None = None,
    decimal: Callable[[float, int], str] | None = None,
    date_time: Callable[[datetime, bool], str] | None = None,
    clock: Callable[[datetime], str] | None = None,
    language: str = LANGUAGE_ENGLISH,
) -> None:
    """The window's backend (Qt's translators and QLocale); `reset()` goes back to English."""
    global _backend, _generation
    _backend = _Backend(translate, number, decimal, date_time, clock, language)
    _generation += 1


def reset() -> None:
    install(translate=None)


def current_language() -> str:
    return _backend.language


def generation() -> int:
    """Changes whenever the language or formats change; a cache of translated text keys on it."""
    return _generation


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the user's language (the English source when no translation is installed or known)."""
    fn = _backend.translate
    if fn is None or not text:
        return text
    return fn(context, text) or text


def number(value: int) -> str:
    """A count with the locale's grouping: 1,234 in English, 1 234 in Swedish."""
    fn = _backend.number
    return fn(value) if fn is not None else f"{value:,}"


def decimal(value: float, places: int = 1) -> str:
    """A decimal number with the locale's separator: 0.6 in English, 0,6 in Swedish."""
    fn = _backend.decimal
    return fn(value, places) if fn is not None else f"{value:,.{places}f}"


def plural(count: int, one: str, many: str) -> str:
    """`one` or `many` (both already translated) with "{n}" replaced by the formatted count."""
    return (one if count == 1 else many).replace("{n}", number(count))


def to_local(value: datetime) -> datetime:
    """An aware local datetime in the machine's time zone (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone()


def local_or_given(value: datetime, zone: tzinfo | None = None) -> tuple[datetime, bool]:
    """`value` aware in `zone` (default: this computer's; naive values are taken as UTC), and False; at the
    calendar's edge where it has no time there (a vendor's "0001-01-01" west of UTC), `value` as given (the readers
    keep vendor times in UTC), and True: shown so, never an OverflowError."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        return (value.astimezone(zone) if zone is not None else value.astimezone()), False
    except (OverflowError, ValueError):
        return value, True


def format_datetime(value: datetime | None, *, seconds: bool = False) -> str:
    """Date and time in the user's locale and time zone ("2026-05-28 14:03"); "" when unknown. In the hour the clocks
    go back, where the same wall time comes twice, with its UTC offset ("2026-10-25 02:40 +02:00"): 02:40 summer time
    is before 02:10 winter time. A time with no local time (a vendor's "0001-01-01" west of UTC) is shown in UTC."""
    if value is None:
        return ""
    local, as_given = local_or_given(value)
    fn = _backend.date_time
    wall = local.replace(tzinfo=None)
    text = fn(wall, seconds) if fn is not None else wall.isoformat(" ", "seconds" if seconds else "minutes")
    if not (as_given or _repeated(wall)):
        return text
    offset = local.strftime("%z")
    return f"{text} UTC" if offset == "+0000" else f"{text} {offset[:3]}:{offset[3:]}"


def _repeated(wall: datetime) -> bool:
    """Whether the naive wall-clock time `wall` comes twice in this computer's zone (the hour the clocks go back)."""
    try:
        return wall.replace(fold=0).astimezone().utcoffset() != wall.replace(fold=1).astimezone().utcoffset()
    except (OverflowError, ValueError):
        return False


def format_clock(value: datetime) -> str:
    """Only the time of day, in the user's locale and time zone ("14:05", "2:05 PM"); at the calendar's edge (a vendor's
    "0001-01-01" west of UTC) as given, in UTC, as format_datetime does."""
    local, _ = local_or_given(value)
    fn = _backend.clock
    return fn(local.replace(tzinfo=None)) if fn is not None else local.strftime("%H:%M")


def resolve_language(setting: str | None, system_language: str) -> str:
    """The UI language: the setting when it names one ("en", "sv"), else the system's when we have it, else English."""
    if setting in LANGUAGES:
        return str(setting)
    code = (system_language or "").split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else LANGUAGE_ENGLISH
