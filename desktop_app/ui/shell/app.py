"""Opening the window: `run(demo)` for the command line, demo mode, and one clear dialog for anything unexpected.

With `--demo`, or when no account has been set up yet, the window runs against both simulators
in this process (sample data, a throw-away data directory, in-memory secrets) under a banner
saying so; the "no account" demo offers to leave for the real settings.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from ... import __version__, paths
from ...demo import DemoEnvironment
from ...domain.messages import message_text
from ...log_file import setup_logging
from ...secrets import default_secret_store
from ...store import StoreError, read_settings, saved_settings
from .. import icons, theme, translation
from .main_window import TAB_SETTINGS, WINDOW_TITLE, MainWindow, WindowContext

log = logging.getLogger(__name__)

CRM_VARIABLE = "LEGALBASIS_SYNC_CRM"


def run(demo: bool = False) -> int:
    """The window's event loop; returns the exit code (0 after a normal quit)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(WINDOW_TITLE)
    app.setApplicationDisplayName(WINDOW_TITLE)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("legalbasis-sync")  # matches resources/linux/legalbasis-sync.desktop (Wayland app id)
    translation.install(window_language(os.environ))  # before any widget: texts are set when built
    app.setWindowIcon(icons.app_icon())  # the plain shield; the window and tray show it with a status badge
    reporter = install_error_reporting(setup_logging())
    controller = AppController()
    stop_signals = StopSignals(app)
    try:
        if not controller.open(demo):
            return 2
        if stop_signals.received:  # Ctrl+C while the window was being built
            return 0
        # With a tray icon, closing the window only hides it: the scheduler goes on until Quit.
        app.setQuitOnLastWindowClosed(not QSystemTrayIcon.isSystemTrayAvailable())
        return int(app.exec())
    finally:
        controller.close()  # the demo's simulators stop and its throw-away folder goes
        stop_signals.restore()
        reporter.uninstall()


def _stop_signals() -> list[signal.Signals]:
    if sys.platform == "win32":
        return [signal.SIGINT, signal.SIGBREAK]
    return [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


class StopSignals:
    """Ctrl+C in the terminal, SIGTERM (and a closed terminal's SIGHUP) end the event loop as Quit does, so `run`
    closes the window, stops a run the way Cancel does and removes the demo's folder. Python handles a signal only
    between its own bytecodes, which Qt's loop never runs by itself: a quarter-second timer gives it the chance.
    A signal that comes before the loop runs (the window still being built) is remembered in `received`."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.received: str | None = None
        self._previous: dict = {}
        for sig in _stop_signals():
            try:
                self._previous[sig] = signal.signal(sig, self._stop)
            except (OSError, ValueError):  # not the main thread, or not this platform's signal
                continue
        self._wake = QTimer(app)
        self._wake.setObjectName("stop-signal-wake")
        self._wake.timeout.connect(lambda: None)
        self._wake.start(250)

    def _stop(self, signum: int, _frame: object) -> None:
        self.received = signal.Signals(signum).name
        log.info("Stopped by %s: closing the window.", self.received)
        self.app.quit()
        QTimer.singleShot(0, self.app.quit)  # for a loop that has not started yet

    def restore(self) -> None:
        self._wake.stop()
        self._wake.deleteLater()
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def window_language(environ: Mapping[str, str]) -> str:
    """The saved "language" setting ("auto" when nothing is saved); read before the window exists (issue 5)."""
    try:
        return translation.language_setting(read_settings(paths.data_dir_location(environ)))
    except OSError:
        return "auto"


def has_account(data_dir: Path, environ: Mapping[str, str]) -> bool:
    """False when nothing was ever saved from the window and the environment names no CRM: a first start.

    A history that is there but cannot be read (damaged, newer) is an account too: its settings are unknown, not
    absent, and the real window's open is where it is checked, moved aside and said (not the demo's "No account")."""
    saved = saved_settings(data_dir)
    return saved is None or bool(saved) or bool(environ.get(CRM_VARIABLE, "").strip())


class AppController:
    """Which window is open (demo or real) and everything that has to be stopped with it."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self.window: MainWindow | None = None
        self.demo: DemoEnvironment | None = None

    def open(self, demo: bool) -> bool:
        app = QApplication.instance()
        theme.install_visible_indicators(app if isinstance(app, QApplication) else None)  # before the first widget
        if demo:
            return self.open_demo(no_account=False)
        try:
            data_dir = paths.data_dir(self.environ)
        except paths.DataDirError as exc:
            _critical(exc.user_message)
            return False
        if not has_account(data_dir, self.environ):
            log.info("No account is set up yet: opening the demo.")
            return self.open_demo(no_account=True)
        return self.open_real(data_dir)

    def open_real(self, data_dir: Path | None = None, tab: int | None = None) -> bool:
        try:
            directory = data_dir or paths.data_dir(self.environ)
            context = WindowContext(directory, default_secret_store(self.environ), dict(self.environ))
            self.window = MainWindow(context)
        except (StoreError, paths.DataDirError) as exc:
            _critical(exc.user_message)
            return False
        if tab is not None:
            self.window.tabs.setCurrentIndex(tab)
        self.window.show()
        return True

    def open_demo(self, no_account: bool) -> bool:
        try:
            self.demo = DemoEnvironment.start()
        except OSError as exc:
            _critical(
                QCoreApplication.translate("App", "The demo could not start its simulators: {reason}.").format(
                    reason=(exc.strerror or str(exc)).lower()
                )
            )
            return False
        context = WindowContext(
            self.demo.data_dir,
            self.demo.secret_store,
            {},
            demo=self.demo,
            no_account=no_account,
            on_configure_requested=self._leave_demo if no_account else None,
        )
        store = None
        try:
            from ...store import Store

            store = Store.open(self.demo.data_dir)
            store.save_settings(self.demo.settings)
        except StoreError as exc:
            _critical(exc.user_message)
            return False
        finally:
            if store is not None:
                store.close()
        self.window = MainWindow(context)
        self.window.show()
        return True

    def _leave_demo(self) -> None:
        # Later, not inside the button's own click handler: the window holding the button goes away.
        QTimer.singleShot(0, self._switch_to_real)

    def _switch_to_real(self) -> None:
        geometry = self.window.saveGeometry() if self.window is not None else None
        self.close()
        if self.open_real(tab=TAB_SETTINGS) and geometry is not None and self.window is not None:
            self.window.restoreGeometry(geometry)

    def close(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.shutdown()
            window.hide()
            window.deleteLater()
        demo, self.demo = self.demo, None
        if demo is not None:
            demo.stop()


# -------------------------------------------------------------------- unexpected errors


class ErrorReporter(QObject):
    """Unexpected exceptions: the traceback to the rotating log, and one dialog per session with the log's path.

    Exceptions can surface on any thread (a slot on the worker's thread, a pool job); the dialog is
    always shown on the GUI thread through a queued signal.
    """

    error_reported = Signal(str)

    def __init__(self, log_path: Path | None, show: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.log_path = log_path
        self._show = show or _critical
        self.dialog_shown = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.error_reported.connect(self._show_dialog)

    def install(self) -> "ErrorReporter":
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        log.critical("Unexpected error", exc_info=(exc_type, exc, tb))
        for handler in logging.getLogger().handlers:
            handler.flush()
        self.error_reported.emit(exc_type.__name__)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    @Slot(str)
    def _show_dialog(self, kind: str) -> None:
        if self.dialog_shown:
            return  # one dialog: a loop of errors must not become a loop of dialogs
        self.dialog_shown = True
        where = (
            self.tr("The details were written to the log file:\n{path}").format(path=self.log_path)
            if self.log_path
            else self.tr("No log file could be written in the data directory.")
        )
        self._show(
            self.tr(
                "Something unexpected went wrong ({kind}). The app goes on, but you may want to restart "
                "it and send the log file to your support contact."
            ).format(kind=kind)
            + f"\n\n{where}"
        )


def install_error_reporting(log_path: Path | None) -> ErrorReporter:
    return ErrorReporter(log_path).install()


def _critical(text: str) -> None:
    log.error("%s", text)
    box = QMessageBox(QMessageBox.Icon.Critical, WINDOW_TITLE, message_text(text))  # logged English, shown translated
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the log path can be copied
    box.exec()
