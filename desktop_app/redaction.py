"""R19: secrets never leave in a message, a log line or a record, whatever a vendor echoes back.

A `Redactor` knows secrets in every form a server may repeat them: as they are, `user:password`,
Base64 (at any byte alignment, standard and URL-safe), percent-encoded (either case of hex) and
JSON-escaped. For a form of 8 characters or more it masks every stretch of text made of the
form's 8-character pieces (ASCII case ignored), so a secret cut off at either end, at any offset,
leaves no fragment of 8 characters; shorter forms (4 to 7 characters) are masked where they occur whole.
Redact before you shorten: a message cut first can end in the middle of a secret.

`KNOWN` is the process's own list (every HTTP client adds its secrets to it): the log handlers, the
command line's output and the engine's run messages pass through it as a last line of defence.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"
PIECE = 8  # no 8-character piece of a secret may survive
_QUARTER = PIECE // 2
SHORTEST = 4  # shorter "secrets" (a test password "pw") would mask ordinary words
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def forms(secret: str) -> set[str]:
    """The ways a server may repeat `secret`: itself, percent-encoded, JSON-escaped, Base64 (any alignment)."""
    found = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
    }
    raw = secret.encode("utf-8")
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            padded = encode(b"\0" * shift + raw).decode("ascii")
            text = padded.rstrip("=")
            # The characters that also encode the bytes before the secret are not its own; the last one also
            # encodes what follows it, unless the secret ends the encoded text: both ways are kept.
            head = (shift * 8 + 5) // 6 if shift else 0
            found.update((text[head:], padded[head:]))
            if (len(raw) + shift) % 3:
                found.add(text[head:-1])
    return {f for f in found if f}


class Redactor:
    """Masks known secrets in text; thread-safe, secrets added at any time."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._pieces: frozenset[str] = frozenset()
        self._quarters: frozenset[str] = frozenset()  # the pieces' 4-character parts, for a quick first look
        self._whole: tuple[str, ...] = ()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not isinstance(secret, str) or len(secret) < SHORTEST:
            return
        with self._lock:
            if secret in self._secrets:
                return
            self._secrets.add(secret)
            pieces = set(self._pieces)
            whole = set(self._whole)
            for form in forms(secret):
                low = form.translate(_ASCII_LOWER)
                if len(low) >= PIECE:
                    pieces.update(low[i : i + PIECE] for i in range(len(low) - PIECE + 1))
                elif len(low) >= SHORTEST:
                    whole.add(low)
            self._pieces = frozenset(pieces)
            self._quarters = frozenset(p[i : i + _QUARTER] for p in pieces for i in range(PIECE - _QUARTER + 1))
            self._whole = tuple(sorted(whole, key=len, reverse=True))

    def add_pair(self, user: str, password: str) -> None:
        """Basic credentials: the password, and `user:password` with its encodings."""
        self.add(password)
        if password:
            self.add(f"{user}:{password}")

    def clear(self) -> None:
        """Forget every secret (tests: one test's secrets must not mask the next one's sentences)."""
        with self._lock:
            self._secrets, self._pieces, self._quarters, self._whole = set(), frozenset(), frozenset(), ()

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def scrub(self, text: str) -> str:
        if not text or not (self._pieces or self._whole):
            return text
        # A mask joins what stood either side of it; should that make a piece again (a secret holding "***"), go
        # round once more. Each round that masks something makes the text shorter, so this ends.
        while True:
            masked = self._scrub_once(text)
            if masked == text:
                return text
            text = masked

    def _scrub_once(self, text: str) -> str:
        pieces, whole = self._pieces, self._whole
        low = text.translate(_ASCII_LOWER)
        marked = bytearray(len(text))
        if pieces:
            # Every 8-character window holds the 4 characters starting at a multiple of 4 within it: look at those
            # first (a quarter of the positions), and at the windows around them only when they are a piece's.
            quarters, last = self._quarters, len(low) - PIECE
            for k in range(0, len(low) - _QUARTER + 1, _QUARTER):
                if low[k : k + _QUARTER] in quarters:
                    for i in range(max(0, k - _QUARTER + 1), min(k, last) + 1):
                        if low[i : i + PIECE] in pieces:
                            marked[i : i + PIECE] = b"\1" * PIECE
        for form in whole:
            start = low.find(form)
            while start >= 0:
                marked[start : start + len(form)] = b"\1" * len(form)
                start = low.find(form, start + 1)
        if not any(marked):
            return text
        out: list[str] = []
        i = 0
        while i < len(text):
            if marked[i]:
                while i < len(text) and marked[i]:
                    i += 1
                out.append(MASK)
            else:
                j = i
                while j < len(text) and not marked[j]:
                    j += 1
                out.append(text[i:j])
                i = j
        return "".join(out)


KNOWN = Redactor()


def scrub(text: str) -> str:
    """`text` without any secret this process knows of (see KNOWN)."""
    return KNOWN.scrub(text) if isinstance(text, str) else text


class RedactingFilter(logging.Filter):
    """For a log handler: the formatted message and any traceback pass through KNOWN before they are written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not KNOWN:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports it itself
            return True
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


__all__ = ["KNOWN", "MASK", "RedactingFilter", "Redactor", "forms", "scrub"]
