"""A report's HTML as a PDF with Qt's own writer (QTextDocument + QPdfWriter: QtGui, no widgets, no new dependency).

The window already has its QApplication; the command line gets a QGuiApplication made on demand,
on the offscreen platform where Linux has no display, so `history --contact EMAIL --pdf FILE`
works on a server. Qt numbers the pages itself (QTextDocument.print_ without a page size set).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from .. import __version__
from ..store.files import replacing

_app: QGuiApplication | None = None  # the one this module made, kept alive for the process


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a QGuiApplication made now (fonts need one). Offscreen on a display-less Linux."""
    global _app
    app = QCoreApplication.instance()
    if app is not None:
        if not isinstance(app, QGuiApplication):
            raise RuntimeError("a PDF needs a QGuiApplication, and a QCoreApplication is running")
        return app
    if (
        sys.platform.startswith(("linux", "freebsd", "openbsd"))
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication(["legalbasis-sync"])
    return _app


def write_pdf(html: str, path: Path, *, title: str) -> int:
    """`html` as an A4 landscape PDF at `path`; returns the number of pages. OSError when it cannot be written (the
    target is then left as it was)."""
    ensure_gui_application()
    # Qt writes into memory and Python writes the file: QPdfWriter reports no failed write (a disk that fills while
    # it ends the file leaves a PDF without its trailer), Python's file raises, and `replacing` then keeps the old one.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator(f"Legal Basis Sync {__version__}")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(14, 12, 14, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # ends the PDF: it is complete only once the writer is gone
    data = bytes(buffer.data().data())
    buffer.close()
    pages = _pages(data)
    if pages == 0:
        raise OSError(f"Qt wrote no page to {path}")
    with replacing(Path(path), "wb") as fh:  # moved over `path` when whole, with the replaced file's permissions
        fh.write(data)
    return pages


def page_count(path: Path) -> int:
    """Pages in a PDF that Qt wrote (its page objects are uncompressed "/Type /Page" dictionaries)."""
    return _pages(Path(path).read_bytes())


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


__all__ = ["ensure_gui_application", "page_count", "write_pdf"]
