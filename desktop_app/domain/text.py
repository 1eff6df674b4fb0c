"""Small helpers for the one-sentence messages people read (errors, reasons): Qt-free, language-neutral."""

from __future__ import annotations


def sentence(text: str) -> str:
    """`text` on one line (runs of whitespace become one space) and ending in a full stop unless it already ends
    a sentence."""
    text = " ".join(str(text).split())
    return text if text.endswith((".", "!", "?")) else text + "."


__all__ = ["sentence"]
