"""The About dialog: the version, the data directory (copyable, "Open folder") and "Copy diagnostics" for support.

The diagnostics text is built by plain functions (`diagnostics_text` and its parts) from what is
safe to hand to a support contact: versions, the OS, the keyring backend's name, the data
directory, the settings of the registry in config.py (secrets are never settings, R19), the last
runs and the log's last warnings. It never reads a secret; as a second line of defence, the values
of the secret environment variables are blanked out, URLs lose any user name, password or query,
and e-mail addresses are shortened to their domain. The text stays English: it is for support.
"""

from __future__ import annotations

import importlib
import logging
import platform
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QSysInfo, Qt, QUrl, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import __version__, paths
from ...config import SETTINGS
from ...secrets import SECRET_ENVIRONMENT, describe_backend, is_usable_backend
from .. import icons

log = logging.getLogger(__name__)

RUNS_SHOWN = 10
LOG_LINES_SHOWN = 15
LOG_TAIL_BYTES = 256_000
_LOG_LEVELS = (" WARNING ", " ERROR ", " CRITICAL ")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
HIDDEN = "<hidden>"


# ---------------------------------------------------------------------------------------- the text


def component_versions() -> list[tuple[str, str]]:
    """(name, version) of the app and of what it runs on."""
    frozen = " (built app)" if getattr(sys, "frozen", False) else ""
    rows = [
        ("Legal Basis Sync", __version__ + frozen),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", qVersion()),
    ]
    for name, module in (
        ("PySide6", "PySide6"),
        ("httpx", "httpx"),
        ("keyring", "keyring"),
        ("peewee", "peewee"),
        ("platformdirs", "platformdirs"),
    ):
        rows.append((name, _version_of(module)))
    return rows


def _version_of(module: str) -> str:
    try:
        found = getattr(importlib.import_module(module), "__version__", None)
    except Exception:  # a diagnostic must never fail on what it diagnoses
        return "not available"
    if isinstance(found, str) and found:
        return found
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "unknown"


def system_lines() -> list[tuple[str, str]]:
    """The operating system, the Qt platform plugin and the locale."""
    from PySide6.QtCore import QLocale

    app = QGuiApplication.instance()
    return [
        ("OS", f"{QSysInfo.prettyProductName()} ({platform.platform()})"),
        ("Qt platform", QGuiApplication.platformName() if app is not None else "no application"),
        ("Locale", QLocale.system().name()),
    ]


def keyring_description() -> str:
    """The keyring backend keyring would use, and whether it can hold secrets; never reads an entry."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyringrc.cfg: say so, that is the diagnosis
        return f"could not be set up ({type(exc).__name__})"
    usable = "usable" if is_usable_backend(backend) else "NOT usable: secrets can only come from the environment"
    return f"{describe_backend(backend)} ({usable})"


def settings_lines(settings: Mapping[str, object], from_environment: Iterable[str] = ()) -> list[str]:
    """Every setting of the registry as `key = value`, in the registry's order; URLs without credentials or query."""
    from_env = set(from_environment)
    lines = []
    for s in SETTINGS:
        value = settings.get(s.key, s.default)
        shown = _safe_url(value) if s.url and isinstance(value, str) else value
        source = f"  (from {s.env})" if s.key in from_env and s.env else ""
        lines.append(f"{s.key} = {shown!r}{source}")
    return lines


def _safe_url(value: str) -> str:
    """The address without user name, password, query or fragment (none should be there; one may hold a token)."""
    if not value:
        return value
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return HIDDEN  # malformed: showing it could show whatever was pasted into it
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def _secret_variables() -> list[str]:
    """Every environment variable that can hold a secret: the keyring's own, and the headless refresh token."""
    from ...sync.credentials import REFRESH_TOKEN_VARIABLE

    return sorted({*SECRET_ENVIRONMENT.values(), REFRESH_TOKEN_VARIABLE})


def secret_environment_lines(environ: Mapping[str, str]) -> list[str]:
    """Which secret environment variables are set: names only, never values."""
    return [f"{variable} is set" for variable in _secret_variables() if environ.get(variable)]


def run_lines(runs: Sequence) -> list[str]:
    """The last runs, newest first: number, start (UTC), trigger, status, counts, and the run's message."""
    lines = []
    for run in runs[:RUNS_SHOWN]:
        started = _utc(run.started_at)
        kind = " dry run" if run.dry_run else ""
        counts = f"{run.matched} matched, {run.changes} changes, {run.conflicts} conflicts, {run.errors} errors"
        line = f"#{run.id} {started} {run.trigger}{kind}: {run.status}; {counts}"
        if run.message:
            line += f"; {' '.join(str(run.message).split())}"
        lines.append(line)
    return lines


def _utc(value: datetime | None) -> str:
    if value is None:
        return "?"
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")


def log_problem_lines(log_path: Path | None, limit: int = LOG_LINES_SHOWN) -> list[str]:
    """The log file's last warnings and errors (one line each, tracebacks left out)."""
    if log_path is None or not Path(log_path).is_file():
        return []
    try:
        with open(log_path, "rb") as f:
            size = f.seek(0, 2)
            f.seek(max(0, size - LOG_TAIL_BYTES))
            text = f.read().decode("utf-8", errors="replace")
    except OSError as exc:
        return [f"(the log file could not be read: {exc.strerror or type(exc).__name__})"]
    problems = [line for line in text.splitlines() if any(level in line for level in _LOG_LEVELS)]
    return [line if len(line) <= 400 else line[:397] + "..." for line in problems[-limit:]]


def scrub(text: str, environ: Mapping[str, str]) -> str:
    """Blank out any secret environment variable's value and shorten e-mail addresses to their domain."""
    for variable in _secret_variables():
        value = environ.get(variable, "")
        if len(value) >= 3:  # a one- or two-letter "secret" would blank out random letters
            text = text.replace(value, HIDDEN)
    return _EMAIL.sub(lambda m: f"…@{m.group(1)}", text)


def diagnostics_text(
    *,
    data_dir: Path,
    settings: Mapping[str, object],
    from_environment: Iterable[str] = (),
    runs: Sequence = (),
    log_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    demo: bool = False,
    runs_problem: str | None = None,
) -> str:
    """The whole text "Copy diagnostics" puts on the clipboard."""
    env = {} if environ is None else environ
    out = [f"Legal Basis Sync diagnostics, {_utc(datetime.now(timezone.utc))}", ""]
    out += [f"{name}: {version}" for name, version in component_versions()]
    out += [f"{name}: {value}" for name, value in system_lines()]
    out.append(f"Keyring: {keyring_description()}" + (" (the demo keeps its secrets in memory)" if demo else ""))
    out.append(f"Data directory: {data_dir}" + (" (demo: throw-away)" if demo else ""))
    out.append(f"Log file: {log_path if log_path is not None else 'none'}")
    out += ["", "Settings (secrets are never settings, and are not shown):"]
    out += ["  " + line for line in settings_lines(settings, from_environment)]
    out += ["  " + line for line in secret_environment_lines(env)]
    out += ["", f"Last runs (newest first, at most {RUNS_SHOWN}):"]
    lines = run_lines(runs)
    if runs_problem:
        lines = [f"(could not be read: {runs_problem})"]
    out += ["  " + line for line in lines] or ["  none"]
    out += ["", f"Last warnings and errors in the log (at most {LOG_LINES_SHOWN}):"]
    out += ["  " + line for line in log_problem_lines(log_path)] or ["  none"]
    return scrub("\n".join(out) + "\n", env)


def window_diagnostics(window) -> str:
    """The diagnostics of a MainWindow: its applied settings, its store's last runs, the log file."""
    from ...store import StoreError

    config = window.config
    runs: Sequence = ()
    problem = None
    try:
        runs = window.store.runs(limit=RUNS_SHOWN)
    except StoreError as exc:
        problem = exc.user_message
    # The process's log (log_file.setup_logging): in the data directory of the environment, also for the demo.
    log_path = paths.data_dir_location() / "logs" / paths.LOG_FILE_NAME
    return diagnostics_text(
        data_dir=Path(window.context.data_dir),
        settings=config.settings(),
        from_environment=config.from_environment,
        runs=runs,
        log_path=log_path,
        environ=window.context.environ,
        demo=window.context.demo is not None,
        runs_problem=problem,
    )


# ---------------------------------------------------------------------------------------- the dialog


class AboutDialog(QDialog):
    """Version, data directory with "Open folder", "Copy diagnostics"; `diagnostics` builds the text when asked."""

    def __init__(
        self,
        data_dir: Path,
        diagnostics: Callable[[], str],
        *,
        demo: bool = False,
        open_folder: Callable[[Path], object] | None = None,
        parent: QWidget | None = None,
        save_diagnostics: SaveDiagnostics | None = None,
        choose_file: Callable[[Path], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self._diagnostics = diagnostics
        self._save = save_diagnostics
        self._choose_file = choose_file or self._ask_for_file
        self._open_folder = open_folder or _open_folder
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Legal Basis Sync"))

        icon = QLabel()
        icon.setPixmap(icons.app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        name = QLabel(self.tr("Legal Basis Sync"))
        name.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.version_label = QLabel(self.tr("Version {version}").format(version=__version__))
        self.version_label.setObjectName("about_version")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blurb = QLabel(
            self.tr("Keeps the GDPR legal basis of every contact in step between SuperOffice CRM and eMarketeer.")
        )
        blurb.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(name)
        heading.addWidget(self.version_label)
        heading.addWidget(blurb)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(12)
        top.addLayout(heading, 1)

        folder_caption = (
            self.tr("Data directory (a throw-away one for this demo)")
            if demo
            else self.tr("Data directory (database, settings, logs)")
        )
        folder_label = QLabel(folder_caption)
        self.data_dir_edit = QLineEdit(str(self.data_dir))
        self.data_dir_edit.setObjectName("about_data_dir")
        self.data_dir_edit.setReadOnly(True)  # selectable and copyable, not editable
        self.data_dir_edit.setCursorPosition(0)
        self.data_dir_edit.setAccessibleName(self.tr("Data directory"))
        folder_label.setBuddy(self.data_dir_edit)
        self.open_folder_button = QPushButton(self.tr("&Open folder"))
        self.open_folder_button.setToolTip(self.tr("Show the data directory in the file manager"))
        self.open_folder_button.clicked.connect(self.open_folder)
        folder = QGridLayout()
        folder.addWidget(folder_label, 0, 0, 1, 2)
        folder.addWidget(self.data_dir_edit, 1, 0)
        folder.addWidget(self.open_folder_button, 1, 1)
        folder.setColumnStretch(0, 1)

        self.status_label = QLabel("")
        self.status_label.setObjectName("about_status")
        self.status_label.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy diagnostics"))
        self.copy_button.setToolTip(
            self.tr(
                "Put versions, settings (never passwords, tokens or keys) and the last "
                "errors on the clipboard, to send to your support contact"
            )
        )
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_diagnostics)
        # Issue 10: the support zip, the same as `legalbasis-sync check --diagnostics FILE`.
        self.save_button = QPushButton(self.tr("&Save diagnostics…"))
        self.save_button.setObjectName("about_save_diagnostics")
        self.save_button.setToolTip(
            self.tr(
                "Write a zip for support: versions, settings (never passwords, tokens or "
                "keys), the last runs, the setup check and one answer of every endpoint "
                "the app reads, with addresses and names replaced"
            )
        )
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_diagnostics)
        self.save_button.setVisible(save_diagnostics is not None)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addLayout(folder)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    @Slot()
    def open_folder(self) -> None:
        if not self.data_dir.is_dir():
            self.status_label.setText(self.tr("The data directory does not exist yet."))
            return
        if self._open_folder(self.data_dir) is False:
            self.status_label.setText(self.tr("No file manager could be opened; copy the path above instead."))

    @Slot()
    def copy_diagnostics(self) -> str:
        try:
            text = self._diagnostics()
        except Exception:  # the dialog that helps with problems must not become one
            log.exception("Could not gather the diagnostics")
            self.status_label.setText(self.tr("The diagnostics could not be gathered; the log file has the details."))
            return ""
        QGuiApplication.clipboard().setText(text)
        self.status_label.setText(self.tr("Diagnostics copied to the clipboard (no passwords, tokens or keys)."))
        return text

    @Slot()
    def save_diagnostics(self) -> bool:
        """Ask where, then check the setup and write the zip off the GUI thread; False when nothing was started."""
        if self._save is None:
            return False
        default = Path.home() / f"legalbasis-sync-diagnostics-{datetime.now().strftime('%Y%m%d-%H%M')}.zip"
        chosen = self._choose_file(default)
        if not chosen:
            return False
        target = Path(chosen)
        self.save_button.setEnabled(False)
        self.status_label.setText(self.tr("Checking the setup and writing {path}…").format(path=target))

        def done(written: object) -> None:
            self.save_button.setEnabled(True)
            self.status_label.setText(
                self.tr(
                    "Diagnostics saved to {path} (no passwords, tokens or keys; addresses and names replaced)."
                ).format(path=written)
            )

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            log.error("Could not save the diagnostics", exc_info=(type(exc), exc, exc.__traceback__))
            self.status_label.setText(
                self.tr("The diagnostics could not be saved ({error}); the log file has the details.").format(
                    error=getattr(exc, "strerror", None) or type(exc).__name__
                )
            )

        self._save(target, done, failed)
        return True

    def _ask_for_file(self, default: Path) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save diagnostics"), str(default), self.tr("Zip files (*.zip)")
        )
        return path or None


# (where, on_done(path), on_failed(exc)): prepares on the GUI thread, writes off it.
SaveDiagnostics = Callable[[Path, Callable[[object], None], Callable[[BaseException], None]], None]


def window_diagnostics_saver(window) -> SaveDiagnostics:
    """Save the support zip of a MainWindow: its applied settings and secrets, the check run on its job runner."""

    def save(path: Path, done: Callable[[object], None], failed: Callable[[BaseException], None]) -> None:
        from ...config import ConfigError
        from ...secrets import KeyringUnavailable
        from ...sync.credentials import prepare_credentials
        from ...sync.diagnostics import write_diagnostics

        config = window.config
        try:
            credentials, problem = prepare_credentials(config, window.context.secret_store), None
        except (ConfigError, KeyringUnavailable) as exc:
            credentials, problem = None, exc.user_message
        window.jobs.submit(
            lambda: write_diagnostics(path, config, credentials, credentials_error=problem), done, failed
        )

    return save


def _open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def about_dialog_for(window) -> AboutDialog:
    """The About dialog of a MainWindow (parented to it)."""
    return AboutDialog(
        Path(window.context.data_dir),
        lambda: window_diagnostics(window),
        demo=window.context.demo is not None,
        parent=window,
        save_diagnostics=window_diagnostics_saver(window),
    )
