"""Where the app keeps its files: the data directory (database, logs), created on demand.

One folder, platformdirs' user data directory, holds everything the app writes: the database (runs,
audit trail, settings saved from the window), `window.ini` (window size and tab) and `logs/`. It is
deliberately not split over platformdirs' config, cache and log directories: `LEGALBASIS_SYNC_DATA_DIR`
(shared/CLI.md: "database, logs") moves all of it at once for a server or a second profile, a backup
or a support request is one folder, and existing installations keep their files where they are. The
app keeps no cache. Read-only files shipped with the app (icons, translations) are under `resource_path`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from .errors import AppError

APP_NAME = "legalbasis-sync"
APP_AUTHOR = "LegalBasisSync"
DATA_DIR_ENV = "LEGALBASIS_SYNC_DATA_DIR"
LOG_FILE_NAME = "legalbasis-sync.log"


class DataDirError(AppError, OSError):
    """The data directory (or a folder inside it) cannot be created."""

    exit_code = 2  # a configuration problem: the path is wrong or not writable

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"The data directory {path} cannot be used: {reason}.")


# Where a wheel (`pip install .`, not editable) puts `resources/`: pyproject's [tool.setuptools.data-files].
INSTALLED_RESOURCES = Path("share") / APP_NAME / "resources"


def resource_path(*parts: str) -> Path:
    """A file shipped in `resources/`: beside the package in a source tree (and an editable install), under
    sys._MEIPASS in a frozen build (build/pyinstaller.spec copies the folder there as "resources"), and under
    <prefix>/share/legalbasis-sync/resources after a plain `pip install .`."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root).joinpath("resources", *parts)
    source = Path(__file__).resolve().parent.parent / "resources"
    if not source.is_dir():
        installed = Path(sys.prefix) / INSTALLED_RESOURCES
        if installed.is_dir():
            return installed.joinpath(*parts)
    return source.joinpath(*parts)


def data_dir_location(environ: Mapping[str, str] | None = None) -> Path:
    """The data directory's path, without creating it: $LEGALBASIS_SYNC_DATA_DIR or the platform's user data folder."""
    env = os.environ if environ is None else environ
    value = env.get(DATA_DIR_ENV, "").strip()
    if value:
        return Path(value).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data directory, created if missing (owner-only: it holds e-mail addresses and the audit trail)."""
    return _ensure(data_dir_location(environ))


def log_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for log files, inside the data directory, created if missing."""
    return _ensure(data_dir(environ) / "logs")


def log_file(environ: Mapping[str, str] | None = None) -> Path:
    """The main (rotating) log file's path; its folder exists, the file may not yet."""
    return log_dir(environ) / LOG_FILE_NAME


def _ensure(path: Path) -> Path:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise DataDirError(path, "a file of that name is in the way") from None
    except OSError as exc:
        raise DataDirError(path, (exc.strerror or str(exc)).rstrip(".").lower()) from None
    if not path.is_dir():
        raise DataDirError(path, "it is not a folder")
    return path
