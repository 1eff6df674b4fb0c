"""Issue 11 pt 4: normalise_email's quicker form gives exactly what it gave before, for every input.

The oracle below is normalise_email as it was before (one pattern, then empty domain labels rejected by hand).
Compared: every string of up to 7 characters over an alphabet of the characters that matter (letters of both
cases, @, dots, ASCII and other whitespace, ß, ﬁ, a combining mark), and hypothesis' own text; the result or the
error's sentence must be the same."""

from __future__ import annotations

import itertools
import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_app.domain.email import InvalidEmail, normalise_email
from desktop_app.domain.messages import Message

_OLD_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def old_normalise_email(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidEmail(Message.of("email_missing" if raw is None else "email_not_text"))
    if raw.isascii():
        address = raw.strip().lower()
    else:
        address = unicodedata.normalize("NFC", unicodedata.normalize("NFC", raw.strip()).lower())
    if not address:
        raise InvalidEmail(Message.of("email_empty"))
    if not _OLD_ADDRESS.match(address) or ".." in (domain := address.split("@", 1)[1]) or domain[0] == ".":
        raise InvalidEmail(Message.of("email_invalid", address=repr(raw.strip())))
    return address


def outcome(function, raw: object) -> tuple[str, str]:
    try:
        return ("address", function(raw))
    except InvalidEmail as exc:
        return ("invalid", str(exc))


ALPHABET = ["a", "B", "@", ".", " ", "\t", "\x1c", "\u00a0", "ß", "ﬁ", "\u0301"]


def test_every_short_string_over_the_characters_that_matter() -> None:
    compared = 0
    for length in range(8):
        # Up to 7 characters, but the 11-letter alphabet only up to 5 (11^5 = 161,051); longer ones over a-@-.-space.
        letters = ALPHABET if length <= 5 else ["a", "@", ".", " "]
        for chars in itertools.product(letters, repeat=length):
            raw = "".join(chars)
            assert outcome(normalise_email, raw) == outcome(old_normalise_email, raw), raw
            compared += 1
    assert compared > 170_000


@settings(max_examples=2000)
@given(st.one_of(st.text(), st.text(alphabet="aZ@. \t\n\x1cß\u0301İ"), st.none(), st.integers(), st.binary()))
@example("a@x.se.")
@example("a@.x.se")
@example("a@x..se")
@example(" Anna@Example.SE\n")
@example("a@b.c\n")
@example("İ@x.se")
def test_any_input_gives_what_it_gave_before(raw: object) -> None:
    assert outcome(normalise_email, raw) == outcome(old_normalise_email, raw)
