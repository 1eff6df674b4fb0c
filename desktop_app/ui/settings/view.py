"""The SuperOffice CRM settings panel, after eMarketeer's own: CRM mode, sign-in, eMarketeer key, "Legal basis sync", Apply.

A passive view (STYLE practice 14): every decision is the `SettingsPresenter`'s. The "Advanced"
group is built from the settings registry, so a new setting appears here without touching this
file. Network work (test connection, the browser sign-in) runs on `BackgroundJobs`, never on the
GUI thread.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...config import (
    CRM_NONE,
    CRM_ONLINE,
    CRM_ONSITE,
    SETTINGS_BY_KEY,
    AppConfig,
)
from ...domain.messages import message_text
from ...domain.model import System, utc_now
from ...i18n import QT_TRANSLATE_NOOP
from ...secrets import EMARKETEER_API_KEY, SECRET_ENVIRONMENT, SUPEROFFICE_PASSWORD, SecretStore
from .. import theme
from ..background import BackgroundJobs
from .check_panel import Prepared, SetupCheckBox, first_check_due
from .connection_check import ConnectionResult
from .editors import WRITE_SOURCE_KEYS, align_labels, editor_for, note, set_editor, source_combo
from .presenter import ADVANCED_KEYS, ONLINE_ONLY_KEYS, SettingsPresenter
from .sign_in import DEMO_SIGN_IN_NOTE, SignInFlow

log = logging.getLogger(__name__)

# "&": the Alt+letter mnemonics of the settings tab (N, O, S; see _build for the others, all distinct).
CRM_LABELS = {
    CRM_NONE: QT_TRANSLATE_NOOP("SettingsPanel", "&None"),
    CRM_ONLINE: QT_TRANSLATE_NOOP("SettingsPanel", "&Online"),
    CRM_ONSITE: QT_TRANSLATE_NOOP("SettingsPanel", "On-&site"),
}
RUNNING_TICKS_NOTE = QT_TRANSLATE_NOOP(
    "SettingsPanel",
    'Unlike eMarketeer\'s own panel, you can tick "Legal basis sync" on an integration that is '
    "already running: there is no need to choose None, apply, and set it up again first.",
)
NOT_APPLIED_TEXT = QT_TRANSLATE_NOOP("SettingsPanel", "Changes not applied")
HELP_LINE_CHARS = 100  # an advanced setting's help text, per line
# Colours follow the theme (light or dark) when applied: theme.css(...).


class SettingsPanel(QWidget):
    """The Settings tab. Signals: `settings_applied(AppConfig)`, `connection_tested(ConnectionResult)`."""

    settings_applied = Signal(object)
    pending_changed = Signal(bool)  # typed changes wait for "Apply changes" (or not any more)
    connection_tested = Signal(object)

    def __init__(
        self,
        *,
        load_settings: Callable[[], Mapping[str, object]],
        save_settings: Callable[[Mapping[str, object]], None],
        secret_store: SecretStore,
        data_dir: Path,
        environ: Mapping[str, str] | None = None,
        jobs: BackgroundJobs | None = None,
        open_url: Callable[[str], object] | None = None,
        sign_in_available: bool = True,
        secret_place: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pending_shown = False
        self._problems_shown = False  # the outcome line says what is wrong with a typed value
        self._secret_place = secret_place or self.tr(
            "the system keyring"
        )  # demo mode keeps its secrets in memory and says so
        self.jobs = jobs or BackgroundJobs(self)
        self._open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self._sign_in_available = sign_in_available
        self._editors: dict[str, QWidget] = {}
        self._captions: dict[str, str] = {}  # key -> the field's label as shown, for its error sentence
        self._rows: dict[str, tuple] = {}  # key -> its form, caption and help line (to hide the rows)
        self._locked: dict[str, str] = {}
        self._keyring_ok = True
        self._build()
        self.presenter = SettingsPresenter(
            self,
            load_settings=load_settings,
            save_settings=save_settings,
            secret_store=secret_store,
            data_dir=data_dir,
            environ=environ,
            on_applied=self._applied,
            field_labels=self._captions,
            clock=clock,
        )
        self._connect()
        self.presenter.load()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setSpacing(12)

        # -- SuperOffice CRM
        crm_box = QGroupBox(self.tr("SuperOffice CRM"))
        crm_layout = QVBoxLayout(crm_box)
        mode_row = QHBoxLayout()
        mode_label = QLabel(self.tr("CRM mode:"))
        mode_row.addWidget(mode_label)
        self.crm_group = QButtonGroup(self)
        self.crm_buttons: dict[str, QRadioButton] = {}
        for value in SETTINGS_BY_KEY["crm"].choice_values:
            button = QRadioButton(self.tr(CRM_LABELS[value]) if value in CRM_LABELS else value)
            button.setToolTip(dict(SETTINGS_BY_KEY["crm"].shown_choices)[value])
            button.setObjectName(f"crm_{value}")
            self.crm_group.addButton(button)
            self.crm_buttons[value] = button
            mode_row.addWidget(button)
        mode_row.addStretch(1)
        crm_layout.addLayout(mode_row)
        self._editors["crm"] = self.crm_buttons[CRM_NONE]

        self.none_note = note(
            self.tr(
                "Choose Online or On-site to connect a SuperOffice installation. With None, legal basis sync is off."
            )
        )
        crm_layout.addWidget(self.none_note)

        # Online: browser sign-in (the registered application's id first: the sign-in needs it)
        self.online_box = QFrame()
        online = QFormLayout(self.online_box)
        online.setContentsMargins(0, 0, 0, 0)
        self._add_setting_row(online, "superoffice_client_id", label=self.tr("Application &id"))
        self.sign_in_button = QPushButton(self.tr("Si&gn in to SuperOffice"))
        self.sign_in_button.setToolTip(
            self.tr(
                "Opens SuperOffice's sign-in page in your browser; the app receives "
                "the answer on 127.0.0.1 and keeps the sign-in in the system keyring."
            )
        )
        self.cancel_sign_in_button = QPushButton(self.tr("&Cancel sign-in"))
        self.cancel_sign_in_button.setVisible(False)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.sign_in_button)
        sign_row.addWidget(self.cancel_sign_in_button)
        sign_row.addStretch(1)
        online.addRow("", sign_row)
        # Unwrapped: a wrapped label in a form row is laid out for its narrowest width and leaves gaps.
        self.tenant_label = note(muted=False)
        self.tenant_label.setWordWrap(False)
        online.addRow(self.tr("Signed in to"), self.tenant_label)
        self.sign_in_note = note()
        self.sign_in_note.setWordWrap(False)
        self.sign_in_note.setOpenExternalLinks(True)
        self.sign_in_note.setVisible(False)
        online.addRow("", self.sign_in_note)
        self.sign_in_flow = SignInFlow(
            self.sign_in_button,
            self.cancel_sign_in_button,
            self.sign_in_note,
            self.jobs,
            self._open_url,
            pending=lambda: self.presenter.pending,
            available=self._sign_in_available,
            can_start=lambda: not self._is_locked("crm"),
            parent=self,
        )
        crm_layout.addWidget(self.online_box)

        # On-site: address, user, password
        self.onsite_box = QFrame()
        onsite = QFormLayout(self.onsite_box)
        onsite.setContentsMargins(0, 0, 0, 0)
        self._add_setting_row(onsite, "superoffice_url", label=self.tr("API UR&L"))
        self._add_setting_row(onsite, "superoffice_user", label=self.tr("&User"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setObjectName("superoffice_password")
        self.password_edit.setToolTip(self.tr("Kept only in the system keyring, never in a file."))
        onsite.addRow(self.tr("&Password"), self.password_edit)
        crm_layout.addWidget(self.onsite_box)

        self.so_test_button = QPushButton(self.tr("&Test connection"))
        self.so_test_button.setObjectName("test_superoffice")
        self.so_test_label = note()
        test_row = QHBoxLayout()
        test_row.addWidget(self.so_test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.so_test_label, 1)
        crm_layout.addLayout(test_row)
        # The write source (issue 10): offered from the tenant's sources after a successful Test connection.
        so_source_form = QFormLayout()
        so_source_form.setContentsMargins(0, 0, 0, 0)
        self._add_setting_row(so_source_form, "superoffice_write_source", label=self.tr("&Write source"))
        crm_layout.addLayout(so_source_form)
        column.addWidget(crm_box)

        # -- eMarketeer
        em_box = QGroupBox("eMarketeer")
        em_form = QFormLayout(em_box)
        self.api_key_edit = QLineEdit()
        self.api_key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key_edit.setObjectName("emarketeer_api_key")
        self.api_key_edit.setToolTip(self.tr("Kept only in the system keyring, never in a file."))
        em_form.addRow(self.tr("API &key"), self.api_key_edit)
        self._add_setting_row(em_form, "emarketeer_url", label=self.tr("Add&ress"))
        self.em_test_button = QPushButton(self.tr("T&est connection"))
        self.em_test_button.setObjectName("test_emarketeer")
        self.em_test_label = note()
        em_test_row = QHBoxLayout()
        em_test_row.addWidget(self.em_test_button, 0, Qt.AlignmentFlag.AlignTop)
        em_test_row.addWidget(self.em_test_label, 1)
        em_form.addRow(em_test_row)
        # No letter of it is free on this tab (Tab reaches it).
        self._add_setting_row(em_form, "emarketeer_write_source", label=self.tr("Write source"))
        column.addWidget(em_box)

        # -- the box itself
        sync_box = QGroupBox(self.tr("Legal basis sync"))
        sync_layout = QVBoxLayout(sync_box)
        enabled = SETTINGS_BY_KEY["enabled"]
        self.enabled_box = QCheckBox(enabled.shown_label)
        self.enabled_box.setToolTip(enabled.shown_help)
        self.enabled_box.setObjectName("enabled")
        self._editors["enabled"] = self.enabled_box
        sync_layout.addWidget(self.enabled_box)
        schedule_form = QFormLayout()
        schedule_form.setContentsMargins(0, 0, 0, 0)
        self._add_setting_row(schedule_form, "interval_minutes")  # the schedule, in sight (not under Advanced)
        sync_layout.addLayout(schedule_form)
        sync_layout.addWidget(
            note(enabled.shown_help + self.tr(" It runs on this schedule and whenever you press Sync now."))
        )
        self.running_note = note(self.tr(RUNNING_TICKS_NOTE))
        sync_layout.addWidget(self.running_note)
        column.addWidget(sync_box)

        # -- Check setup (issue 10): the items of `legalbasis-sync check`, each with a tick or a sentence
        self.check_box = SetupCheckBox(self.jobs, self._prepare_check)
        column.addWidget(self.check_box)

        # -- keyring and environment notes
        self.keyring_label = note(muted=False)
        self.keyring_label.setStyleSheet(f"color: {theme.css(theme.BAD)};")
        self.keyring_label.setVisible(False)
        column.addWidget(self.keyring_label)
        self.locked_label = note()
        self.locked_label.setVisible(False)
        column.addWidget(self.locked_label)

        # -- Advanced, from the registry
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setText(self.tr("Ad&vanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        column.addWidget(self.advanced_toggle)
        self.advanced_box = QGroupBox()
        advanced = QFormLayout(self.advanced_box)
        advanced.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in ADVANCED_KEYS:
            if key in self._editors:
                continue
            self._add_setting_row(advanced, key, describe=True)
        self.advanced_box.setVisible(False)
        column.addWidget(self.advanced_box)
        # The two groups' (and the schedule's) labels in one column, so their fields start at the same place.
        align_labels([mode_label], online, onsite, so_source_form, em_form, schedule_form)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        # -- the bottom bar: state and Apply
        self.not_applied_label = QLabel(self.tr(NOT_APPLIED_TEXT))
        self.not_applied_label.setObjectName("not_applied")
        self.not_applied_label.setStyleSheet(f"color: {theme.css(theme.WARN)}; font-weight: bold;")
        self.not_applied_label.setVisible(False)
        self.outcome_label = note(muted=False)
        self.outcome_label.setObjectName("outcome")
        self.discard_button = QPushButton(self.tr("&Discard changes"))
        self.apply_button = QPushButton(self.tr("&Apply changes"))
        self.apply_button.setObjectName("apply")
        self.apply_button.setDefault(True)
        bar = QHBoxLayout()
        bar.addWidget(self.not_applied_label)
        bar.addWidget(self.outcome_label, 1)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.apply_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addLayout(bar)

    def _add_setting_row(
        self, form: QFormLayout, key: str, *, label: str | None = None, describe: bool = False
    ) -> None:
        """One registry setting as a form row: the editor its type calls for, help as tooltip (and text)."""
        s = SETTINGS_BY_KEY[key]
        editor = source_combo() if key in WRITE_SOURCE_KEYS else editor_for(s)
        editor.setObjectName(key)
        editor.setToolTip(s.shown_help)
        caption = QLabel(label or s.shown_label)
        caption.setToolTip(s.shown_help)
        caption.setBuddy(editor)
        if key not in WRITE_SOURCE_KEYS:  # both groups say "Write source": its error keeps the system's name
            self._captions[key] = caption.text().replace("&", "")
        # Said by a screen reader: a short editor sits in a cell of its own, where the label is not found by itself.
        editor.setAccessibleName(caption.text().replace("&", ""))
        if isinstance(editor, (QSpinBox, QDoubleSpinBox, QComboBox)):
            # Short editors keep their size; the row still spans the form so the help below has room.
            cell = QWidget()
            row = QHBoxLayout(cell)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(editor)
            row.addStretch(1)
            form.addRow(caption, cell)
        else:
            form.addRow(caption, editor)
        if describe:
            # Broken into lines here rather than word-wrapped by Qt: a wrapped label in a form row gets the height
            # of its narrowest layout and leaves gaps, and an unbroken long one (or a longer translation) would
            # widen the panel past the window.
            help_label = note("\n".join(textwrap.wrap(s.shown_help, HELP_LINE_CHARS)))
            help_label.setWordWrap(False)
            form.addRow("", help_label)
        self._editors[key] = editor
        self._rows[key] = (form, caption, help_label) if describe else (form, caption)

    def _connect(self) -> None:
        presenter = self.presenter
        self.crm_group.buttonToggled.connect(self._crm_toggled)
        self.enabled_box.toggled.connect(lambda on: presenter.change("enabled", on))
        for key, editor in self._editors.items():
            if key in ("crm", "enabled"):
                continue
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(lambda text, key=key: presenter.change(key, text))
            elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
                editor.valueChanged.connect(lambda value, key=key: presenter.change(key, value))
            elif isinstance(editor, QComboBox) and editor.isEditable():  # a write source: typed or chosen
                line_edit = editor.lineEdit()
                assert line_edit is not None  # an editable combo box always has one
                line_edit.textEdited.connect(lambda text, key=key: presenter.change(key, text))
                editor.activated.connect(lambda _i, key=key, editor=editor: presenter.change(key, editor.currentText()))
            elif isinstance(editor, QComboBox):
                editor.activated.connect(lambda _i, key=key, editor=editor: presenter.change(key, editor.currentData()))
        self.password_edit.textEdited.connect(lambda text: presenter.change_secret(SUPEROFFICE_PASSWORD, text))
        self.api_key_edit.textEdited.connect(lambda text: presenter.change_secret(EMARKETEER_API_KEY, text))
        self.apply_button.clicked.connect(self.apply)
        self.discard_button.clicked.connect(presenter.revert)
        self.so_test_button.clicked.connect(lambda: self.test_connection(System.SUPEROFFICE))
        self.em_test_button.clicked.connect(lambda: self.test_connection(System.EMARKETEER))
        self.sign_in_flow.signed_in.connect(self.presenter.signed_in)
        self.sign_in_flow.outcome.connect(self.show_outcome)
        self.advanced_toggle.toggled.connect(self.show_advanced)

    # ------------------------------------------------------------------ actions

    @Slot()
    def apply(self) -> AppConfig | None:
        return self.presenter.apply()

    def _applied(self, config: AppConfig) -> None:
        self.password_edit.clear()
        self.api_key_edit.clear()
        self.settings_applied.emit(config)
        # The first time real settings are applied, the setup check runs by itself and shows its result.
        if config.crm != CRM_NONE and first_check_due(self.presenter.data_dir):
            self.check_box.run()

    def _prepare_check(self) -> Prepared:
        """On the GUI thread: the applied settings and their secrets, or the sentence saying what is missing."""
        from ...config import ConfigError, resolve_config
        from ...secrets import KeyringUnavailable
        from ...sync.credentials import prepare_credentials

        presenter = self.presenter
        config = resolve_config(presenter.saved, presenter.environ, presenter.data_dir)
        try:
            return config, prepare_credentials(config, presenter.secret_store), None
        except (ConfigError, KeyringUnavailable) as exc:
            return config, None, exc.user_message

    @Slot(bool)
    def show_advanced(self, shown: bool) -> None:
        self.advanced_toggle.setChecked(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.advanced_box.setVisible(shown)

    def _crm_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            value = next(v for v, b in self.crm_buttons.items() if b is button)
            self.presenter.change("crm", value)

    def test_connection(self, system: System) -> None:
        """Run "Test connection" for one system off the GUI thread; the result comes back as a sentence."""
        test = self.presenter.prepare_test(system)
        if test is None:
            return
        self._test_button(system).setEnabled(False)

        def done(result: object) -> None:
            self._test_button(system).setEnabled(True)
            assert isinstance(result, ConnectionResult)
            if result.sources:
                self.offer_write_sources(system, result.sources)
            self.presenter.test_finished(result)
            self.connection_tested.emit(result)

        def failed(exc: BaseException) -> None:
            log.error("Connection test failed unexpectedly", exc_info=(type(exc), exc, exc.__traceback__))
            done(
                ConnectionResult(
                    system,
                    False,
                    self.tr("The test failed unexpectedly ({kind}); the details are in the log file.").format(
                        kind=type(exc).__name__
                    ),
                )
            )

        self.jobs.submit(test.run, done, failed)

    def offer_write_sources(self, system: System, sources) -> None:
        """Fill the write source's drop-down with what the system lists: (value, name) pairs."""
        combo = self._editors["superoffice_write_source" if system is System.SUPEROFFICE else "emarketeer_write_source"]
        assert isinstance(combo, QComboBox)
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        for value, name in sources:
            combo.addItem(value, value)
            if name and name != value:
                combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        combo.setEditText(current)
        combo.blockSignals(False)

    def _test_button(self, system: System) -> QPushButton:
        return self.so_test_button if system is System.SUPEROFFICE else self.em_test_button

    def sign_in(self) -> None:
        """Start the browser sign-in (sign_in.py); the wait and the token exchange run off the GUI thread."""
        self.sign_in_flow.start()

    def cancel_sign_in(self) -> None:
        self.sign_in_flow.cancel()

    def _set_sign_in_note(self, text: str) -> None:
        self.sign_in_flow.set_note(text)

    def shutdown(self) -> None:
        """Stop a pending sign-in and the background jobs (window closing; a job still going is not waited for)."""
        self.cancel_sign_in()
        self.jobs.stop()

    @property
    def has_pending_changes(self) -> bool:
        return self.presenter.has_pending_changes

    # ------------------------------------------------------------------ SettingsView

    def show_values(self, values: Mapping[str, object]) -> None:
        for key, value in values.items():
            editor = self._editors.get(key)
            if editor is None:
                continue
            if key == "crm":
                button = self.crm_buttons.get(str(value))
                if button is not None:
                    self.crm_group.blockSignals(True)
                    button.setChecked(True)
                    self.crm_group.blockSignals(False)
                continue
            editor.blockSignals(True)
            try:
                set_editor(editor, value)
            finally:
                editor.blockSignals(False)
        url = values.get("superoffice_url")
        self.tenant_label.setText(str(url) if url else self.tr("Not signed in."))

    def show_mode(self, crm: str) -> None:
        self.none_note.setVisible(crm == CRM_NONE)
        self.online_box.setVisible(crm == CRM_ONLINE)
        self.onsite_box.setVisible(crm == CRM_ONSITE)
        for key in ONLINE_ONLY_KEYS:  # the Online state address and its kin mean nothing on-site
            form, *widgets = self._rows[key]
            for widget in widgets:  # the caption's row and its help line's
                form.setRowVisible(form.getWidgetPosition(widget)[0], crm == CRM_ONLINE)
        self.so_test_button.setEnabled(crm != CRM_NONE)

    def show_locked(self, locked: Mapping[str, str]) -> None:
        self._locked = dict(locked)
        for key, editor in self._editors.items():
            variable = locked.get(key)
            if key == "crm":
                for button in self.crm_buttons.values():
                    button.setEnabled(variable is None)
            else:
                editor.setEnabled(variable is None)
            if variable:
                editor.setToolTip(
                    self.tr("Set by the environment variable {name}; change it there.").format(name=variable)
                )
        for name, edit in ((SUPEROFFICE_PASSWORD, self.password_edit), (EMARKETEER_API_KEY, self.api_key_edit)):
            if name in locked:
                edit.setEnabled(False)
        self.sign_in_button.setEnabled(self._sign_in_available and "crm" not in locked)
        if not self._sign_in_available:
            self.sign_in_button.setToolTip(self.tr(DEMO_SIGN_IN_NOTE))
            self._set_sign_in_note(self.tr(DEMO_SIGN_IN_NOTE))
        if locked:
            self.locked_label.setText(
                self.tr("Set by environment variables, so not changeable here: ")
                + ", ".join(sorted(set(locked.values())))
                + "."
            )
        self.locked_label.setVisible(bool(locked))

    def _is_locked(self, key: str) -> bool:
        return key in self._locked

    def show_secret_state(self, where: Mapping[str, str | None]) -> None:
        for name, edit in ((SUPEROFFICE_PASSWORD, self.password_edit), (EMARKETEER_API_KEY, self.api_key_edit)):
            source = where.get(name)
            if source == "environment":
                edit.setPlaceholderText(self.tr("Set by {name}").format(name=SECRET_ENVIRONMENT[name]))
            elif source == "keyring":
                edit.setPlaceholderText(self.tr("Saved in {place} (type to replace)").format(place=self._secret_place))
            else:
                edit.setPlaceholderText(self.tr("Not set"))

    def show_keyring_problem(self, message: str | None) -> None:
        self._keyring_ok = message is None
        if message:
            self.keyring_label.setText(
                message_text(message)
                + " "
                + self.tr(
                    "Passwords and keys cannot be saved from this window; the environment variables {names} still work."
                ).format(names=", ".join(SECRET_ENVIRONMENT.values()))
            )
        self.keyring_label.setVisible(message is not None)
        for name, edit in ((SUPEROFFICE_PASSWORD, self.password_edit), (EMARKETEER_API_KEY, self.api_key_edit)):
            edit.setEnabled(message is None and name not in self._locked)
        if message is not None:
            self.sign_in_button.setEnabled(False)
            self.sign_in_button.setToolTip(self.tr("Needs the system keyring to keep the sign-in."))

    def show_not_applied(self, pending: bool) -> None:
        self.not_applied_label.setVisible(pending)
        self.discard_button.setEnabled(pending)
        self.apply_button.setEnabled(pending)  # nothing to apply: nothing to press
        if pending != self._pending_shown:
            self._pending_shown = pending
            self.pending_changed.emit(pending)
        if pending and not self._problems_shown:  # a bad value's sentence stays while it is typed (show_problems)
            self.outcome_label.setText("")

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for key, editor in self._editors.items():
            problem = problems.get(key)
            if key in ("crm", "enabled"):
                continue
            editor.setStyleSheet(f"border: 1px solid {theme.css(theme.BAD)};" if problem else "")
            if problem:
                editor.setToolTip(problem)
            elif key not in self._locked:
                editor.setToolTip(SETTINGS_BY_KEY[key].shown_help)
        if problems:
            self.outcome_label.setStyleSheet(f"color: {theme.css(theme.BAD)};")
            self.outcome_label.setText(" ".join(dict.fromkeys(problems.values())))
        elif self._problems_shown:
            self.outcome_label.setText("")  # corrected: its sentence goes with the red border
        self._problems_shown = bool(problems)

    def show_outcome(self, text: str, ok: bool) -> None:
        self.outcome_label.setStyleSheet(f"color: {theme.css(theme.OK if ok else theme.BAD)};")
        self.outcome_label.setText(message_text(text))  # a connector's or the keyring's English: translated

    def show_signed_in(self, webapi_url: str | None) -> None:
        self.tenant_label.setText(webapi_url or self.tr("Not signed in."))

    def show_test_result(self, system: System, text: str, ok: bool | None) -> None:
        label = self.so_test_label if system is System.SUPEROFFICE else self.em_test_label
        colour = theme.css(theme.MUTED if ok is None else theme.OK if ok else theme.BAD)
        label.setStyleSheet(f"color: {colour};")
        label.setText(message_text(text))

    # ------------------------------------------------------------------ queries (tests, main window)

    def editor(self, key: str) -> QWidget:
        return self._editors[key]

    def test_result_text(self, system: System) -> str:
        return (self.so_test_label if system is System.SUPEROFFICE else self.em_test_label).text()
