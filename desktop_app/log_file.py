"""The process's log: a rotating file in the data directory, secrets masked (R19); the window and the command line share it."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Mapping
from pathlib import Path

from . import paths
from .redaction import RedactingFilter

LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that never prints "--- Logging error ---" and a traceback to stderr when it cannot be written
    (a full or read-only disk, issue 9 pt 4): the line is dropped; the command's own sentence says what failed."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.dropped += 1

    dropped = 0


_file_handler: logging.handlers.RotatingFileHandler | None = None


def setup_logging(environ: Mapping[str, str] | None = None) -> Path | None:
    """A rotating log file in the data directory, attached once to the root logger; None if it cannot be written."""
    global _file_handler
    try:
        path = paths.log_file(environ)
    except OSError:
        path = None
    root = logging.getLogger()
    if _file_handler is not None:
        if path is not None and Path(_file_handler.baseFilename) == path.absolute():
            return path
        root.removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None
    if path is None:
        _quiet_stderr(root)
        return None
    try:
        handler = _QuietRotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:
        _quiet_stderr(root)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    _file_handler = handler
    return path


def _quiet_stderr(root: logging.Logger) -> None:
    # Without any handler, logging's last resort prints warnings to stderr, breaking "one sentence".
    if not root.handlers:
        root.addHandler(logging.NullHandler())
