"""How values are written to SQLite and read back: aware UTC datetimes as ISO-8601 text, enums as their values.

Datetimes keep their microseconds (the planner compares change times for exact equality) and are
always written in UTC in one fixed format, `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`, so text order is
time order. Naive values are taken as UTC, as everywhere in the domain (`domain.model.utc`).

These run hundreds of thousands of times per full run, hence the dict lookups instead of enum
calls and `isoformat()` without keyword arguments (which alone costs more than the formatting).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from enum import Enum
from typing import TypeVar, cast, overload

from ..domain.model import LegalBasis, Purpose, Rule, System, utc

_UTC = timezone.utc
_datetime = datetime
fromisoformat = datetime.fromisoformat

E = TypeVar("E", bound=Enum)


def _to_utc(value: object) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    return utc(value)


def encode_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if type(value) is not _datetime or value.tzinfo is not _UTC:
        value = _to_utc(value)
    text = value.isoformat()
    # isoformat() leaves the fraction out when it is zero; the stored format always has it.
    return text if value.microsecond else f"{text[:19]}.000000{text[19:]}"


@overload
def decode_time(text: str) -> datetime: ...
@overload
def decode_time(text: None) -> None: ...
@overload
def decode_time(text: str | None) -> datetime | None: ...
def decode_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    value = fromisoformat(text)
    if value.tzinfo is not _UTC:
        value = utc(value)
    return value


def _lookup(enum: type[E]) -> tuple[dict[object, str | None], dict[str | None, E | None]]:
    """(member or value -> value, value -> member), both mapping None to None."""
    to_text: dict[object, str | None] = {None: None}
    from_text: dict[str | None, E | None] = {None: None}
    for member in enum:
        to_text[member] = member.value  # a StrEnum member hashes as its value: plain strings hit too
        from_text[member.value] = member
    return to_text, from_text


BASIS_TEXT, BASIS_FROM_TEXT = _lookup(LegalBasis)
PURPOSE_TEXT, PURPOSE_FROM_TEXT = _lookup(Purpose)
SYSTEM_TEXT, SYSTEM_FROM_TEXT = _lookup(System)
RULE_TEXT, RULE_FROM_TEXT = _lookup(Rule)


def _encoder(table: dict[object, str | None], what: str, nullable: bool) -> Callable[[object], str | None]:
    def encode(value: object) -> str | None:
        if value is None and not nullable:
            raise ValueError(f"a {what} is required")
        try:
            return table[value]
        except (KeyError, TypeError):
            raise ValueError(f"{value!r} is not a {what}") from None

    return encode


encode_basis = _encoder(BASIS_TEXT, "legal basis", True)
encode_purpose = _encoder(PURPOSE_TEXT, "purpose", False)
encode_system = _encoder(SYSTEM_TEXT, "system", True)


def decode_basis(text: str | None) -> LegalBasis | None:
    return BASIS_FROM_TEXT[text]


def decode_purpose(text: str | None) -> Purpose | None:
    return PURPOSE_FROM_TEXT[text]


def decode_system(text: str | None) -> System | None:
    return SYSTEM_FROM_TEXT[text]


def encode_rules(rules: Iterable[Rule | str]) -> str:
    return ",".join(Rule(r).value for r in rules)


def decode_rules(text: str | None) -> tuple[Rule, ...]:
    if not text:
        return ()
    # Only None maps to None, and a name split out of the text is never None.
    return cast("tuple[Rule, ...]", tuple(RULE_FROM_TEXT[r] for r in text.split(",")))


def encode_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


def decode_json(text: str) -> object:
    return json.loads(text)
