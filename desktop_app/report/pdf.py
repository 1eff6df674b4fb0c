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

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from .. import __version__
from ..store.files import move_over, remove_quietly, temporary_beside

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
    path = Path(path)
    temporary = temporary_beside(path)  # Qt writes to a name; moved over `path` when whole (store/files.py)
    try:
        writer = QPdfWriter(temporary)
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
        del writer  # ends the PDF: the file is complete only once the writer is gone
        pages = page_count(Path(temporary))
        if pages == 0:
            raise OSError(f"Qt wrote no page to {path}")
        move_over(temporary, path)  # with the replaced file's permissions, as the other exports
        return pages
    except BaseException:
        remove_quietly(temporary)
        raise


def page_count(path: Path) -> int:
    """Pages in a PDF that Qt wrote (its page objects are uncompressed "/Type /Page" dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", Path(path).read_bytes()))


__all__ = ["ensure_gui_application", "page_count", "write_pdf"]
