"""The main window: Home, Send, Conflicts, History and Settings tabs around one sync worker and the scheduler.

The window owns the GUI-side objects (the `SyncRunner` and its QThread, the `Scheduler`, a Store
for quick reads on the GUI thread) and wires the panels together; each panel refreshes only what
concerns it when a run ends (STYLE practice 8). Window size, position and tab live in an INI file
inside the data directory, never in the user's global Qt settings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...config import CRM_NONE, AppConfig, ConfigError
from ...demo import DemoEnvironment
from ...domain.messages import Message, message_text
from ...domain.model import RunStatus, System, Trigger, utc_now
from ...secrets import KeyringUnavailable, SecretStore
from ...store import Store, StoreError
from ...sync.counted import decision_counts
from ...sync.engine import Progress, RunSummary, SyncOptions
from ...sync.health import runs_seen
from ...sync.lock import LockHeld, LockUnavailable, RunLock
from ...sync.scheduler import Scheduler
from ...sync.worker import RunRequest, SyncRunner, prepare_credentials
from .. import icons
from ..background import BackgroundJobs
from ..conflicts.view import ConflictView
from ..history.view import HistoryView
from ..home.presenter import HomePresenter, last_attempt, last_runs
from ..home.view import HomeView
from ..operations import ChangeNotifier, Changes
from ..send.presenter import SendPresenter
from ..send.view import SendView
from ..settings.connection_check import ConnectionResult
from ..settings.view import SettingsPanel
from ..status_text import (
    off_reason,
)
from . import tray
from .demo_banner import DemoBanner
from .keyboard import KeyboardMixin
from .tray import WINDOW_TITLE, make_tray

log = logging.getLogger(__name__)


SETTINGS_FILE = "window.ini"
TAB_HOME, TAB_SEND, TAB_CONFLICTS, TAB_HISTORY, TAB_SETTINGS = range(5)
HOME_REFRESH_MS = 30_000  # relative times ("5 minutes ago") stay true without a run


@dataclass
class WindowContext:
    """Where the window works: its data, its secrets, its environment, and whether it is a demo."""

    data_dir: Path
    secret_store: SecretStore
    environ: Mapping[str, str] = field(default_factory=dict)
    demo: DemoEnvironment | None = None
    no_account: bool = False  # demo because nothing is configured yet: offer to set up the real account
    on_configure_requested: Callable[[], None] | None = None

    @property
    def settings_path(self) -> Path:
        return Path(self.data_dir) / SETTINGS_FILE


class MainWindow(KeyboardMixin, QMainWindow):
    """Signals: `run_completed(RunSummary | None)` once the window has taken in a run's outcome."""

    run_completed = Signal(object)

    def __init__(
        self,
        context: WindowContext,
        *,
        clock: Callable[[], datetime] = utc_now,
        open_url: Callable[[str], object] | None = None,
        use_tray: bool | None = None,
        send_service_factory: Callable | None = None,
    ) -> None:
        """`send_service_factory(config, credentials, store, clock)`: the Send tab's service (tests may pass another)."""
        super().__init__()
        self.context = context
        self.clock = clock
        self.setWindowTitle(WINDOW_TITLE + (self.tr(" (demo)") if context.demo else ""))
        self.setWindowIcon(icons.status_icon(icons.IDLE))
        self.store = Store.open(context.data_dir)  # quick reads and skipped-run rows on the GUI thread
        self._mark_dead_runs()
        self.jobs = BackgroundJobs(self)
        self.changes = ChangeNotifier(self)
        self.runner = SyncRunner(self)
        self._quitting = False
        self._shut_down = False
        # Bumped at every Apply; a preview remembers the one it started under (stale when they differ at its end).
        self._settings_generation = 0
        self._preview_generation = 0
        self._hidden_notice_shown = False

        self.settings_panel = SettingsPanel(
            load_settings=self.store.settings,
            save_settings=self.store.save_settings,
            secret_store=context.secret_store,
            data_dir=context.data_dir,
            environ=context.environ,
            jobs=self.jobs,
            open_url=open_url,
            sign_in_available=context.demo is None,
            secret_place=self.tr("the system keyring")
            if context.demo is None
            else self.tr("memory, for this demo only"),
            clock=clock,
        )
        self.config = self._resolve_config()
        self.scheduler = Scheduler(self.runner, self.store, self.prepare_run, clock=clock, parent=self)
        if context.demo is not None:
            # The demo opens on the sample data as generated, differences and all; the first scheduled run
            # waits one interval, so the person can look, preview, and press Sync now first.
            self.scheduler.not_before = clock() + timedelta(minutes=self.config.interval_minutes)

        self.home = HomeView()
        self.stale_notices = 0  # how many times the tray was told the sync went stale (tests)
        self.home_presenter = HomePresenter(
            self.home,
            self.config,
            read_runs=lambda: last_runs(self.store),
            last_attempt=lambda: last_attempt(self.store),
            busy=lambda: self.runner.busy,
            next_run_at=lambda: self.scheduler.next_run_at,
            clock=clock,
            read_health=lambda: runs_seen(self.store),
            stale_noticed=self._stale_noticed,
            read_held=lambda: self.store.held_counts()[0],  # a COUNT, not the held list (issue 11)
        )
        start_problems = [self._recovered_sentence(), self._config_problem]
        if any(start_problems):
            self.home_presenter.last_failure = " ".join(p for p in start_problems if p)
        self.conflict_view = ConflictView()
        self.history_view = HistoryView(self._open_store, jobs=self.jobs, config=lambda: self.config)
        self.send_view = SendView()
        self.send = SendPresenter(
            self.send_view,
            self.runner,
            self.jobs,
            self._send_credentials,
            clock=clock,
            service_factory=send_service_factory,
            notify=lambda text, error: self._notify(text, error=error),
            current_config=lambda: self.config,
            parent=self,
        )
        from ...sync.review_command import operating_system_user
        from ..conflicts.safety import SafetyPresenter

        self.safety = SafetyPresenter(
            self.store,
            self.conflict_view,
            self.home,
            user=operating_system_user,
            start_run=self.start_run,
            notify=lambda text: self._notify(text, error=False),
            warn=self._warn_in_conflicts,
        )
        self._build()
        self._tray = make_tray(self, use_tray, (self.sync_action, self.quit_action), self.show_window)
        self._connect()
        self._restore_window_state()

        self._home_timer = QTimer(self)
        self._home_timer.setObjectName("home-refresh-timer")
        self._home_timer.setInterval(HOME_REFRESH_MS)
        self._home_timer.timeout.connect(self.home_presenter.tick)
        self._home_timer.start()

        self.home_presenter.connections_from_history()
        self.scheduler.apply_config(self.config)
        self.refresh_home()
        self.history_view.refresh()
        self.send.start()  # the contact lists, the scheduled sends, and the question about any that fell due

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        self.banner = self._make_banner()
        if self.banner is not None:
            layout.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.home, self.tr("Home"))
        self.tabs.addTab(self.send_view, self.tr("Send"))
        self.tabs.addTab(self.conflict_view, self.tr("Conflicts"))
        self.tabs.addTab(self.history_view, self.tr("History"))
        self.tabs.addTab(self.settings_panel, self.tr("Settings"))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+R"))
        self.sync_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.sync_action)
        self.quit_action = QAction(self.tr("Quit"), self)
        # Ctrl+Q on every platform: Qt's standard Quit key is empty on Windows (Alt+F4 closes the window there).
        quit_keys = [QKeySequence("Ctrl+Q")] + [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k != QKeySequence("Ctrl+Q")
        ]
        self.quit_action.setShortcuts(quit_keys)
        self.addAction(self.quit_action)
        self._add_keyboard_actions()
        self._add_help_menu()
        self.resize(1180, 800)

    def _make_banner(self) -> DemoBanner | None:
        if self.context.demo is None:
            return None
        banner = DemoBanner(
            self.context.demo,
            no_account=self.context.no_account,
            can_configure=self.context.on_configure_requested is not None,
        )
        self.banner_label, self.botched_import_button = banner.label, banner.botched_import_button
        if banner.configure_button is not None:
            self.configure_button = banner.configure_button
        banner.configure_requested.connect(self._configure_requested)
        banner.botched.connect(lambda _count: self.home.show_problem(None))
        self.runner.run_finished.connect(banner.run_finished)  # R23: after the import, the banner follows the sync
        return banner

    def _connect(self) -> None:
        home = self.home
        home.sync_requested.connect(self.sync_now)
        home.preview_requested.connect(self.preview)
        home.cancel_requested.connect(self.runner.cancel)
        home.open_conflicts_requested.connect(lambda: self.tabs.setCurrentIndex(TAB_CONFLICTS))
        home.open_settings_requested.connect(lambda: self.tabs.setCurrentIndex(TAB_SETTINGS))
        home.test_connections_requested.connect(self.test_connections)
        home.open_held_run_requested.connect(self.open_held_run)
        home.open_held_requested.connect(lambda: self._open_conflicts_filtered("held"))
        home.open_flapping_requested.connect(lambda: self._open_conflicts_filtered("flapping"))  # R25's contacts
        self.sync_action.triggered.connect(self.sync_now)
        self.preview_action.triggered.connect(self.preview)
        self.cancel_action.triggered.connect(self.runner.cancel)
        self.quit_action.triggered.connect(self.quit_app)
        self.conflict_view.preview_requested.connect(self.preview)
        self.conflict_view.sync_selected_requested.connect(self.sync_selected)
        self.conflict_view.answer_requested.connect(self.safety.answer)
        self.conflict_view.clear_flapping_requested.connect(self.safety.clear_flapping)
        self.conflict_view.apply_held_requested.connect(self.safety.apply_held)
        self.conflict_view.discard_held_requested.connect(self.safety.discard_held)
        self.settings_panel.settings_applied.connect(self._settings_applied)
        self.settings_panel.pending_changed.connect(self._settings_pending)
        self.send.open_in_conflicts.connect(self._show_send_rows)
        self.settings_panel.settings_applied.connect(lambda _config: self.send.load_lists())  # maybe another account
        # One "changed" notice (ui/operations.py): whoever changed something announces it, each tab takes its part.
        self.send.sync_ran.connect(
            lambda summary: self.changes.announce(Changes(history=True, sends=True, conflicts=summary))
        )
        self.changes.changed.connect(self._conflicts_changed)
        self.changes.changed.connect(lambda changes: self.refresh_home() if changes.history else None)
        self.changes.changed.connect(lambda changes: self.history_view.refresh() if changes.history else None)
        self.settings_panel.connection_tested.connect(self._connection_tested)
        self.runner.run_started.connect(self._run_started)
        self.runner.progress.connect(self._progress)
        self.runner.run_finished.connect(self._run_finished)
        self.runner.run_failed.connect(self._run_failed)
        self.runner.busy_changed.connect(self._busy_changed)
        self.scheduler.next_run_changed.connect(lambda _when: self._show_next_run())
        self.scheduler.run_skipped.connect(self._run_skipped)

    # ------------------------------------------------------------------ opening

    def _mark_dead_runs(self) -> None:
        """Runs left 'running' by a process that died (a power cut, kill -9, a crash) are 'interrupted' when nobody
        holds the run lock (R20: the system let go of it with the process), as the next run would mark them; until
        then Home would say "Running" of a run that is not, up to an interval or, with the sync off, for good."""
        lock = RunLock(self.context.data_dir)
        try:
            lock.acquire()
        except (LockHeld, LockUnavailable):
            return  # a run goes elsewhere (a headless sync): its row is right; or no run can start to matter
        try:
            if ids := self.store.mark_interrupted_runs(Message.of("interrupted")):
                log.info("Runs %s were left running by a process that has ended: marked interrupted.", ids)
        except StoreError as exc:
            log.warning("Could not mark the runs left running: %s", exc.user_message)
        finally:
            lock.release()

    def _recovered_sentence(self) -> str | None:
        """The history was unreadable at start and moved aside (Store.open): said on Home, as `sync` says it."""
        moved = self.store.recovered_from
        if moved is None:
            return None
        return self.tr(
            "The history database was unreadable and was moved aside to {path}; a new one was started. The saved "
            "settings were in it: enter them again under Settings."
        ).format(path=moved)

    # ------------------------------------------------------------------ settings

    def _resolve_config(self) -> AppConfig:
        # A bad environment variable: run with the saved settings and say what is wrong (on Home).
        config, self._config_problem = self.settings_panel.presenter.config_and_problem()
        return config

    @Slot(bool)
    def _settings_pending(self, pending: bool) -> None:
        """The tab's title says when typed settings wait for "Apply changes"."""
        self.tabs.setTabText(TAB_SETTINGS, self.tr("Settings *") if pending else self.tr("Settings"))

    @Slot(object)
    def _settings_applied(self, config: AppConfig) -> None:
        self.config = config
        self._settings_generation += 1  # a preview still running was made with the settings before these
        self.conflict_view.clear()  # a preview of other settings no longer says anything
        self.send.settings_applied()  # nor a Checklist made with them: Launch would post whom they allowed (R4)
        self.scheduler.apply_config(config)
        self.home_presenter.set_config(config)
        _config, self._config_problem = self.settings_panel.presenter.config_and_problem()
        if self._config_problem:
            self.home_presenter.say_problem(self._config_problem)  # the environment still holds a bad value
        self._update_controls()

    # ------------------------------------------------------------------ running

    def prepare_run(self, options: SyncOptions) -> RunRequest:
        """On the GUI thread: the applied settings and the secrets for one run (ConfigError, KeyringUnavailable)."""
        return RunRequest(self.config, prepare_credentials(self.config, self.context.secret_store), options)

    def start_run(self, options: SyncOptions) -> bool:
        """Start a run now, or say on Home why not."""
        if self.runner.busy:
            self._say_problem(self.tr("A sync is already running; wait for it to finish or press Cancel."))
            return False
        preview = options.dry_run
        reason = off_reason(self.config)
        if preview and self.config.crm == CRM_NONE:
            self._say_problem(
                self.tr("Nothing to preview: the CRM is set to None. Choose Online or On-site under Settings.")
            )
            return False
        if not preview and reason is not None:
            self._say_problem(
                self.tr("Legal basis sync is off because {reason}, so nothing was synced.").format(reason=reason)
            )
            return False
        try:
            request = self.prepare_run(options)
        except (ConfigError, KeyringUnavailable) as exc:
            self._say_problem(exc.user_message)
            return False
        self.home_presenter.run_starting()
        if not self.runner.start(request):
            return False
        if preview:
            self._preview_generation = self._settings_generation
        self._busy_changed(True)  # at once, not when the worker's own busy signal arrives
        return True

    @Slot()
    def sync_now(self) -> bool:
        return self.start_run(SyncOptions(trigger=Trigger.MANUAL))

    @Slot()
    def preview(self) -> bool:
        return self.start_run(SyncOptions(trigger=Trigger.PREVIEW, dry_run=True, keep_details=True))

    @Slot(list)
    def sync_selected(self, addresses: list) -> bool:
        if not addresses:
            return False
        return self.start_run(SyncOptions(trigger=Trigger.MANUAL, only=tuple(addresses)))

    @Slot()
    def open_held_run(self) -> bool:
        """R23: Home's "Review the changes": the held run's plan in the conflict view."""
        if not self.safety.open_held_run():
            return False
        self.tabs.setCurrentIndex(TAB_CONFLICTS)
        return True

    def _open_conflicts_filtered(self, key: str) -> None:
        """Home's "Review held": the conflict view, with a preview if there is none yet, filtered to `key`."""
        self.tabs.setCurrentIndex(TAB_CONFLICTS)
        view = self.conflict_view
        if view is None:
            return
        if not view.show_filtered(key):
            self.preview()

    def _send_credentials(self) -> tuple:
        """On the GUI thread, for the Send tab: the applied settings and the secrets (ConfigError, KeyringUnavailable)."""
        return self.config, prepare_credentials(self.config, self.context.secret_store)

    @Slot(object, str)
    def _show_send_rows(self, summary: object, address: str) -> None:
        """The Checklist's "Open in conflict view": the send-time sync's rows, narrowed to that address."""
        self.conflict_view.show_rows_of(summary, address)
        self.tabs.setCurrentWidget(self.conflict_view)

    @Slot(object)
    def _conflicts_changed(self, changes: Changes) -> None:
        """A sync that wrote (a send's, say) makes a shown preview stale."""
        summary = changes.conflicts
        if summary is not None and hasattr(summary, "changes") and (changed := decision_counts(summary).changes):
            self.conflict_view.mark_stale(changed, summary.ended_at)

    @Slot()
    def test_connections(self) -> None:
        self.tabs.setCurrentIndex(TAB_HOME)
        for system in (System.SUPEROFFICE, System.EMARKETEER):
            self.settings_panel.test_connection(system)

    @Slot(int)
    def _run_started(self, run_id: int) -> None:
        if self._shut_down:
            return
        self.home.show_run_started(run_id)

    @Slot(object)
    def _progress(self, progress: Progress) -> None:
        if self._shut_down:
            return
        self.home.show_progress(progress)

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        if self._shut_down:
            return
        # Only a preview's own result replaces the conflict view's summary line, so only a preview writes there.
        current = self.runner.current_options
        preview = busy and current is not None and current.dry_run
        self.conflict_view.set_busy(busy, self.tr("Comparing both systems…") if preview else "")
        self._update_controls()
        self._update_tray()

    @Slot(object)
    def _run_finished(self, summary: RunSummary) -> None:
        if self._shut_down:  # a run cancelled by the closing window ends after its store was closed (see shutdown)
            return
        problem = self.home_presenter.run_finished(summary)
        if summary.dry_run and self._preview_generation != self._settings_generation:
            # Started before the last Apply: its decisions are the old settings' (another duplicates rule, say), and
            # shown as current the admin would review, and maybe "Sync selected" from, what these would not decide.
            self.conflict_view.set_busy(
                False,
                self.tr(
                    "The preview was made with the settings from before your last Apply, so it is not shown. "
                    "Press Preview to see what the current settings decide."
                ),
            )
        elif summary.dry_run:
            self.conflict_view.show_summary(summary)
        elif decision_counts(summary).changes and summary.status is not RunStatus.HELD:  # held: nothing written (R23)
            self.conflict_view.mark_stale(decision_counts(summary).changes, summary.ended_at)
        self.send.run_finished(summary)  # one that decided writes for its recipients makes a Checklist out of date (R4)
        if problem:
            self._notify(problem, error=True)
        self._after_run(summary)

    @Slot(str)
    def _run_failed(self, message: str) -> None:
        if self._shut_down:
            return
        self.home_presenter.run_failed(message)
        if (opts := self.runner.current_options) is not None and opts.dry_run:
            self.conflict_view.set_busy(
                False, self.tr("The preview did not run: {reason}").format(reason=message_text(message))
            )
        self._notify(message, error=True)
        self._after_run(None)

    @Slot(object)
    def _run_skipped(self, message: Message) -> None:
        text = message_text(message)  # in the window's language (the scheduler's typed message)
        self.home_presenter.run_failed(text)
        self._notify(text, error=True)
        self.refresh_home()
        self.history_view.refresh()

    def _after_run(self, summary: RunSummary | None) -> None:
        self.safety.run_finished(summary)
        self.refresh_home()
        # The run just made is the one to look at (a large one's lines are read in the background).
        self.history_view.refresh_showing(summary.run_id if summary is not None else None)
        self._update_tray()
        self.run_completed.emit(summary)

    @Slot(object)
    def _connection_tested(self, result: ConnectionResult) -> None:
        self.home_presenter.connection_tested(result.system, result.ok, result.text)

    # ------------------------------------------------------------------ Home

    @Slot()
    def refresh_home(self) -> None:
        """Re-read the last runs and redraw Home (home/presenter.py), and what waits for a person (R23-R25)."""
        self.home_presenter.refresh()
        try:
            self.safety.refresh()
        except StoreError as exc:
            self.home_presenter.say_problem(exc.user_message)
        self._update_controls()

    def _show_next_run(self) -> None:
        self.home_presenter.show_next_run()

    def _update_controls(self) -> None:
        busy = self.runner.busy
        self.home_presenter.show_controls()
        self.sync_action.setEnabled(not busy and self.config.sync_on)
        self.preview_action.setEnabled(not busy and self.config.crm != CRM_NONE)
        self.cancel_action.setEnabled(busy)

    def _say_problem(self, text: str) -> None:
        self.home_presenter.say_problem(text)

    # ------------------------------------------------------------------ tray and notifications

    def _update_tray(self) -> None:
        state = icons.RUNNING if self.runner.busy else icons.ERROR if self.home_presenter.last_failure else icons.IDLE
        self.setWindowIcon(icons.status_icon(state))
        tray.show_state(self._tray, state)

    def _stale_noticed(self, text: str) -> None:
        """Issue 14: no sync has succeeded within the setting's window. Home shows it in red; the tray says it once
        (the presenter calls this once per stale spell, not at every 30 s check), whether the window is shown or not."""
        log.warning("Stale sync: %s", text)
        tray.say_stale(getattr(self, "_tray", None), text)
        self.stale_notices += 1

    def _warn_in_conflicts(self, text: str) -> None:
        """An answer, Clear or Discard that was not recorded ("Nothing was recorded", "already discarded"): said where
        the person pressed it, the conflict view's summary line (a tray notice alone is shown only while the window is
        hidden, so a person at the window was told nothing), and in the tray when the window is hidden."""
        self.conflict_view.show_summary_line(text)
        self._notify(text, error=True)

    def _notify(self, text: str, *, error: bool) -> None:
        """A failed or stopped run is shown on Home; when the window is hidden, also as a tray notification."""
        log.info("Shown to the user: %s", text)
        if not self.isVisible() or self.isMinimized():
            tray.notify(self._tray, text, error=error)

    @Slot()
    def show_window(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ window state

    def _window_settings(self) -> QSettings:
        return QSettings(str(self.context.settings_path), QSettings.Format.IniFormat)

    def _restore_window_state(self) -> None:
        settings = self._window_settings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        try:
            tab = int(cast("int | str", settings.value("window/tab", TAB_HOME)))  # stored int, or its INI text
        except (TypeError, ValueError):
            tab = TAB_HOME
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else TAB_HOME)

    def save_window_state(self) -> None:
        settings = self._window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/tab", self.tabs.currentIndex())
        settings.sync()

    # ------------------------------------------------------------------ closing

    def _configure_requested(self) -> None:
        callback = self.context.on_configure_requested
        if callback is not None:
            callback()

    @Slot()
    def quit_app(self) -> None:
        self._quitting = True
        if not self.close():  # a run is going and the person chose to let it finish
            self._quitting = False
            return
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self._tray is not None and not self._quitting:
            # With a tray the app keeps syncing on schedule; the window only hides.
            self.save_window_state()
            self.hide()
            if not self._hidden_notice_shown:
                self._hidden_notice_shown = True
                self._tray.showMessage(
                    WINDOW_TITLE,
                    self.tr(
                        "Legal Basis Sync keeps running here and syncs on "
                        "schedule. Choose Quit from this icon's menu to stop it."
                    ),
                    QSystemTrayIcon.MessageIcon.Information,
                    8_000,
                )
            event.ignore()
            return
        if self.runner.busy and not self._shut_down and not self.ask_stop_running():
            event.ignore()  # Cancel (the default): the run goes on and the window stays
            return
        self.shutdown()  # cancels the run the same way the Cancel button does (the worker's cancel)
        event.accept()

    def stop_running_question(self) -> QMessageBox:
        """Closing during a run (issue 9 pt 3): Cancel first; "Stop and close" stops the run cleanly, recorded."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A run is going"),
            self.tr(
                "A sync or send is running. Stop it and close? What was done is recorded, and the "
                "next run goes on from there."
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.addButton(self.tr("Stop and close"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return box

    def ask_stop_running(self) -> bool:
        box = self.stop_running_question()
        box.exec()
        return (
            box.clickedButton() is not None and box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
        )

    def shutdown(self) -> None:
        """Stop everything the window started: scheduler, a running sync (cancelled), background jobs, the store."""
        if self._shut_down:
            return
        self._shut_down = True
        self.save_window_state()
        self._home_timer.stop()
        self.scheduler.stop()
        self.send.stop()
        if not self.runner.shutdown():
            log.warning("The sync worker did not stop in time.")
        # The run's end, cancelled above, is still on its way as queued signals, which Qt delivers even to slots
        # disconnected since: the window's slots ignore them from here on (the store they would read is closed below).
        try:
            self.scheduler.record_skipped_at_close()
        except Exception:  # noqa: BLE001 - closing goes on; the skipped row is the history's courtesy
            log.warning("The skipped scheduled sync could not be recorded", exc_info=True)
        self.settings_panel.shutdown()
        self.jobs.stop()  # the same jobs as the panel's: a read still going is not waited for
        if self._tray is not None:
            self._tray.hide()
        self.store.close()

    def _open_store(self) -> Store:
        # The panels' quick reads: this window opened (and checked) the database at start and holds it open, so
        # no integrity check each time (it reads the whole file, ~0.1 s with the GUI thread waiting).
        return Store.open(self.context.data_dir, check=False)
