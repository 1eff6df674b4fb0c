"""E-mail normalisation: the matching key between the two systems (SPEC "Words": trimmed, Unicode NFC,
lower-cased, never case-folded: `maße@` and `masse@`, `ﬁona@` and `fiona@` are different mailboxes)."""

from __future__ import annotations

import re
import unicodedata

from .messages import Message

# Deliberately plain: one @, a non-empty local part, a dotted domain without empty labels ("a@.x.se", "a@x..se",
# "a@x.se." are not addresses), no spaces. We match addresses, we do not validate deliverability; anything rejected
# here goes to the error list (R17).
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


class InvalidEmail(ValueError):
    def __init__(self, said: Message) -> None:
        super().__init__(said.english())
        self.said = said  # typed, for the window

    """The text is not an e-mail address we can match on."""


def address_key(raw: str) -> str:
    """The matching form of any text, valid address or not: trimmed, NFC, lower-cased (str.lower, not casefold).

    NFC again after lowering: lower-casing can leave a letter and a combining mark that compose.
    """
    if raw.isascii():  # nearly every address: NFC leaves ASCII as it is (a full read makes a million of these)
        return raw.strip().lower()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", raw.strip()).lower())


def normalise_email(raw: object) -> str:
    """Trim, NFC and lower-case an address; raise InvalidEmail with a reason a person understands."""
    if type(raw) is str and raw.isascii():  # nearly every address (a full read makes a few million of these)
        address = raw.strip().lower()  # address_key's ASCII way, without the call
    elif isinstance(raw, str):
        address = address_key(raw)
    else:
        raise InvalidEmail(Message.of("email_missing" if raw is None else "email_not_text"))
    if not address:
        raise InvalidEmail(Message.of("email_empty"))
    if _ADDRESS.match(address) is None:
        raise InvalidEmail(Message.of("email_invalid", address=repr(raw.strip())))
    return address


def try_normalise_email(raw: object) -> str | None:
    try:
        return normalise_email(raw)
    except InvalidEmail:
        return None
