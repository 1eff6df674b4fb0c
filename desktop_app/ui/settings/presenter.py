"""The settings panel's logic, without widgets: pending values, "Apply changes" (R2, R7), secrets to the keyring (R19).

The panel is a passive view: it reports what the person typed and shows what the presenter
tells it. Nothing typed takes effect before `apply()`; until then the panel shows "Changes not
applied". Non-secret settings are saved through `save_settings` (the store); secrets only through
the `SecretStore` (the OS keyring). The presenter never touches the network: it prepares a
`ConnectionTest` and the panel runs it off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ...config import (
    CRM_NONE,
    CRM_ONLINE,
    CRM_ONSITE,
    SETTINGS,
    SETTINGS_BY_KEY,
    AppConfig,
    ConfigError,
    defaults,
    resolve_config,
    resolve_credentials,
)
from ...connectors.superoffice_oauth import TokenSet
from ...domain.messages import error_text, message_text
from ...domain.model import System, utc_now
from ...domain.text import sentence
from ...i18n import translate
from ...secrets import (
    EMARKETEER_API_KEY,
    KEYRING_TOKENS_LOCK,
    SECRET_ENVIRONMENT,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    KeyringUnavailable,
    SecretStore,
    secret_what,
)
from ...store import StoreError
from ...store.store import SWITCHED_ON_AT
from ..status_text import minutes, off_reason
from .connection_check import ConnectionResult, ConnectionTest

log = logging.getLogger(__name__)

# Settings on the panel's main part; the rest of the registry forms the "Advanced" group.
MAIN_KEYS = ("crm", "enabled", "interval_minutes", "superoffice_url", "superoffice_user", "emarketeer_url")
# Advanced settings that only SuperOffice Online uses: hidden while another CRM mode is chosen.
ONLINE_ONLY_KEYS = (
    "superoffice_state_url",
    "superoffice_environment",
    "superoffice_client_id_qaonline",
    "superoffice_client_id_sod",
)
ADVANCED_KEYS = tuple(s.key for s in SETTINGS if s.key not in MAIN_KEYS)

SECRET_WHERE_KEYRING, SECRET_WHERE_ENVIRONMENT = "keyring", "environment"


class SettingsView(Protocol):
    """What the presenter asks of the panel, in intent-level terms."""

    def show_values(self, values: Mapping[str, object]) -> None: ...

    def show_mode(self, crm: str) -> None: ...

    def show_locked(self, locked: Mapping[str, str]) -> None: ...  # key or secret name -> environment variable

    def show_secret_state(self, where: Mapping[str, str | None]) -> None: ...  # secret name -> keyring/environment/None

    def show_keyring_problem(self, message: str | None) -> None: ...

    def show_not_applied(self, pending: bool) -> None: ...

    def show_problems(self, problems: Mapping[str, str]) -> None: ...

    def show_outcome(self, text: str, ok: bool) -> None: ...

    def show_signed_in(self, webapi_url: str | None) -> None: ...

    def show_test_result(self, system: System, text: str, ok: bool | None) -> None: ...  # ok None: running


class SettingsPresenter:
    """Holds the applied and the pending settings; `apply()` saves and announces the new AppConfig."""

    def __init__(
        self,
        view: SettingsView,
        *,
        load_settings: Callable[[], Mapping[str, object]],
        save_settings: Callable[[Mapping[str, object]], None],
        secret_store: SecretStore,
        data_dir: Path,
        environ: Mapping[str, str] | None = None,
        on_applied: Callable[[AppConfig], None] | None = None,
        field_labels: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.view = view
        self.clock = clock  # when an Apply switches the sync on (saved: the stall alarm counts from then)
        # key -> the field's label as the panel shows it ("API URL"): a bad value's sentence names the field so.
        self.field_labels: Mapping[str, str] = field_labels if field_labels is not None else {}
        self._load_settings = load_settings
        self._save_settings = save_settings
        self.secret_store = secret_store
        self.data_dir = Path(data_dir)
        self.environ: Mapping[str, str] = {} if environ is None else environ
        self.on_applied = on_applied
        self._saved: dict[str, object] = defaults()
        self._pending: dict[str, object] = dict(self._saved)
        self._pending_secrets: dict[str, str] = {}
        self._problems: dict[str, str] = {}
        self.keyring_problem: str | None = None
        self.signed_in_url: str | None = None

    # ------------------------------------------------------------ state

    @property
    def pending(self) -> Mapping[str, object]:
        return dict(self._pending)

    @property
    def saved(self) -> Mapping[str, object]:
        return dict(self._saved)

    @property
    def has_pending_changes(self) -> bool:
        return bool(self._pending_secrets) or any(
            self._parsed_or_raw(k, self._pending[k]) != self._saved[k] for k in self._pending
        )

    @property
    def problems(self) -> Mapping[str, str]:
        return dict(self._problems)

    def locked(self) -> dict[str, str]:
        """Settings and secrets the environment sets: shown, not editable (the environment would win anyway)."""
        found = {s.key: s.env for s in SETTINGS if s.env and self.environ.get(s.env, "").strip()}
        found.update({name: var for name, var in SECRET_ENVIRONMENT.items() if self.environ.get(var, "")})
        return found

    def config(self) -> AppConfig:
        """The applied settings with the environment on top: what runs use."""
        return resolve_config(self._saved, self.environ, self.data_dir)

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        """Read what was saved (bad saved values fall back to their default and are reported)."""
        problems: dict[str, str] = {}
        values = defaults()
        for key, raw in dict(self._load_settings()).items():
            s = SETTINGS_BY_KEY.get(key)
            if s is None:
                continue
            try:
                values[key] = s.parse(
                    raw,
                    translate("SettingsPresenter", 'The saved setting "{label}"').format(
                        label=self.field_labels.get(key, s.shown_label)
                    ),
                )
            except ConfigError as exc:
                problems[key] = error_text(exc) + translate("SettingsPresenter", " The default is shown instead.")
        self._saved = values
        self._pending = dict(values)
        self._pending_secrets.clear()
        self._problems = problems
        url = values["superoffice_url"]  # a str: the setting's type
        self.signed_in_url = url if values["crm"] == CRM_ONLINE and isinstance(url, str) and url else None
        self._check_keyring()
        self._show_all()

    def _check_keyring(self) -> None:
        where: dict[str, str | None] = {}
        self.keyring_problem = None
        for name in (SUPEROFFICE_PASSWORD, SUPEROFFICE_TOKEN, SUPEROFFICE_REFRESH_TOKEN, EMARKETEER_API_KEY):
            variable = SECRET_ENVIRONMENT.get(name)
            if variable and self.environ.get(variable, ""):
                where[name] = SECRET_WHERE_ENVIRONMENT
                continue
            inner = getattr(self.secret_store, "inner", self.secret_store)  # the keyring behind the environment
            try:
                where[name] = SECRET_WHERE_KEYRING if inner.get(name) else None
            except KeyringUnavailable as exc:
                self.keyring_problem = error_text(exc)
                where[name] = None
        self._secret_where = where

    def _show_all(self) -> None:
        view = self.view
        view.show_values(self._display_values())
        view.show_mode(str(self._display_values()["crm"]))
        view.show_locked(self.locked())
        view.show_secret_state(dict(self._secret_where))
        view.show_keyring_problem(self.keyring_problem)
        view.show_signed_in(self.signed_in_url)
        view.show_problems(dict(self._problems))
        view.show_not_applied(self.has_pending_changes)

    def _display_values(self) -> dict[str, object]:
        values = dict(self._pending)
        for key in self.locked():
            s = SETTINGS_BY_KEY.get(key)
            if s is not None and s.env:
                try:
                    values[key] = s.parse(self.environ[s.env], s.env)
                except ConfigError:
                    pass  # the panel still shows the saved value; the run reports the bad variable
        return values

    # ------------------------------------------------------------ editing

    def change(self, key: str, raw: object) -> None:
        """The person edited one setting (nothing is saved yet)."""
        if key not in SETTINGS_BY_KEY:
            raise KeyError(key)
        self._pending[key] = raw
        try:
            self._pending[key] = self._parse(key, raw)
            self._problems.pop(key, None)
        except ConfigError as exc:
            self._problems[key] = error_text(exc)
        if key == "crm":
            self.view.show_mode(str(self._display_values()["crm"]))
        self.view.show_problems(dict(self._problems))
        self.view.show_not_applied(self.has_pending_changes)

    def _parse(self, key: str, raw: object) -> object:
        """The setting's value, or ConfigError naming the field as the panel labels it."""
        return SETTINGS_BY_KEY[key].parse(raw, self.field_labels.get(key))

    def change_secret(self, name: str, value: str) -> None:
        """A password or key was typed; an empty field keeps what the keyring holds."""
        if name not in (SUPEROFFICE_PASSWORD, EMARKETEER_API_KEY):
            raise KeyError(name)
        if value:
            self._pending_secrets[name] = value
        else:
            self._pending_secrets.pop(name, None)
        self.view.show_not_applied(self.has_pending_changes)

    def signed_in(self, tokens: TokenSet, webapi_url: str) -> None:
        """The browser sign-in finished: its tokens and tenant address wait for "Apply changes" like the rest."""
        self._pending_secrets[SUPEROFFICE_TOKEN] = tokens.access_token
        if tokens.refresh_token:
            self._pending_secrets[SUPEROFFICE_REFRESH_TOKEN] = tokens.refresh_token
        self.signed_in_url = webapi_url
        self._pending["crm"] = CRM_ONLINE
        self.change("superoffice_url", webapi_url)
        self.view.show_values(self._display_values())
        self.view.show_signed_in(webapi_url)
        self.view.show_outcome(
            translate(
                "SettingsPresenter", 'Signed in to SuperOffice Online ({address}); press "Apply changes" to use it.'
            ).format(address=webapi_url),
            True,
        )
        self.view.show_not_applied(self.has_pending_changes)

    def revert(self) -> None:
        """Throw the pending changes away."""
        self._pending = dict(self._saved)
        self._pending_secrets.clear()
        self._problems = {}
        url = self._saved["superoffice_url"]  # a str: the setting's type
        self.signed_in_url = url if self._saved["crm"] == CRM_ONLINE and isinstance(url, str) else None
        self._show_all()
        self.view.show_outcome(translate("SettingsPresenter", "The changes were discarded."), True)

    # ------------------------------------------------------------ applying

    def apply(self) -> AppConfig | None:
        """R2: save everything pending and announce the new settings; None (and nothing saved) when a value is bad."""
        problems = {k: v for k, v in self._problems.items() if k in SETTINGS_BY_KEY}
        for key, raw in self._pending.items():
            try:
                self._parse(key, raw)
            except ConfigError as exc:
                problems[key] = error_text(exc)
        if problems:
            self._problems = problems
            self.view.show_problems(problems)
            self.view.show_outcome(
                translate("SettingsPresenter", "Nothing was applied; correct the marked settings first.")
                + " "
                + " ".join(dict.fromkeys(problems.values())),
                False,
            )
            return None
        before: dict[str, str | None] = {}  # what the keyring held, to put back if the settings cannot be saved
        if self._pending_secrets:
            keyring = getattr(self.secret_store, "inner", self.secret_store)  # behind the environment's variables
            try:
                with KEYRING_TOKENS_LOCK:  # never between a run's renewal's check and its write (sync/credentials)
                    for name, value in self._pending_secrets.items():
                        before[name] = keyring.get(name)
                        self.secret_store.set(name, value)
            except KeyringUnavailable as exc:
                stuck = self._put_back(before)
                self.keyring_problem = error_text(exc)
                self.view.show_keyring_problem(error_text(exc))
                self._not_applied(error_text(exc), stuck)
                return None
        values = {key: SETTINGS_BY_KEY[key].parse(raw) for key, raw in self._pending.items()}
        saving: dict[str, object] = dict(values)
        if self._sync_on(values) and not self._sync_on(self._saved):
            # Switched on: the moment is saved with these settings (both or neither), for the stall alarm to count
            # from (sync.health; `health` and a window opened later read it): the time it was off is no stall.
            saving[SWITCHED_ON_AT] = self.clock().isoformat()
        try:
            self._save_settings(saving)
        except StoreError as exc:
            # The history is busy (another writer past the busy timeout) or cannot be written: nothing of this Apply
            # may stay, or the keyring would hold one account's key while the settings name another.
            log.warning("Settings not saved: %s", exc.user_message)
            self._not_applied(error_text(exc), self._put_back(before))
            return None
        log.info(
            "Settings applied (CRM %s, legal basis sync %s).",
            values["crm"],
            "ticked" if values["enabled"] else "not ticked",
        )
        self._saved = values
        self._pending = dict(values)
        self._pending_secrets.clear()
        self._problems = {}
        self._check_keyring()
        self._show_all()
        config, environment_problem = self.config_and_problem()
        applied = self._applied_sentence(config)
        if environment_problem is not None:
            applied += " " + translate(
                "SettingsPresenter", "The environment variables are ignored until this is corrected: {reason}"
            ).format(reason=_sentence(environment_problem))
        self.view.show_outcome(applied, environment_problem is None)
        if self.on_applied is not None:
            self.on_applied(config)
        return config

    def config_and_problem(self, saved: Mapping[str, object] | None = None) -> tuple[AppConfig, str | None]:
        """`config()` (or that of other `saved` settings), or, when an environment variable holds a bad value, the
        settings alone and the sentence saying what is wrong: what the admin applied (switching the sync off, say)
        takes effect all the same."""
        saved = self._saved if saved is None else saved
        try:
            return resolve_config(saved, self.environ, self.data_dir), None
        except ConfigError as exc:
            return resolve_config(saved, {}, self.data_dir), error_text(exc)

    def _sync_on(self, saved: Mapping[str, object]) -> bool:
        """Whether these saved settings switch the sync on, the environment on top."""
        return self.config_and_problem(saved)[0].sync_on

    def _put_back(self, before: Mapping[str, str | None]) -> list[str]:
        """Undo an Apply's keyring writes (the keyring took them a moment ago); the names it could not put back."""
        stuck = []
        with KEYRING_TOKENS_LOCK:
            for name, value in before.items():
                try:
                    if value is None:
                        self.secret_store.delete(name)
                    else:
                        self.secret_store.set(name, value)
                except KeyringUnavailable:
                    log.warning("The keyring entry %s could not be put back after a failed Apply.", name)
                    stuck.append(name)
        return stuck

    def _not_applied(self, reason: str, stuck: list[str] | None = None) -> None:
        """Nothing was applied: said in one sentence; everything typed stays, to Apply again. Unless the keyring kept
        a secret typed here that could not be taken back (it locked in between): then that is said, not "nothing"."""
        if stuck:
            what = ", ".join(message_text(secret_what(name)) for name in stuck)
            text = translate(
                "SettingsPresenter",
                "The settings were not saved, but the keyring now holds what you typed for {what}: the earlier value "
                "could not be put back. {reason}",
            ).format(what=what, reason=_sentence(reason))
        else:
            text = translate("SettingsPresenter", "Nothing was applied. {reason}").format(reason=_sentence(reason))
        self.view.show_outcome(text, False)

    def _applied_sentence(self, config: AppConfig) -> str:
        reason = off_reason(config)
        if reason is not None:
            return translate("SettingsPresenter", "Changes applied. Legal basis sync is off because {reason}.").format(
                reason=reason
            )
        try:
            resolve_credentials(config, self.secret_store)
        except (ConfigError, KeyringUnavailable) as exc:
            return translate("SettingsPresenter", "Changes applied, but the sync cannot run yet. {reason}").format(
                reason=_sentence(error_text(exc))
            )
        return translate(
            "SettingsPresenter", "Changes applied. Legal basis sync is on and runs every {interval}."
        ).format(interval=minutes(config.interval_minutes))

    # ------------------------------------------------------------ test connection

    def prepare_test(self, system: System) -> ConnectionTest | None:
        """A connection test of what the form holds now (applied or not); None, with the reason shown, when it cannot run."""
        values = dict(self._saved)
        values.update({k: v for k, v in self._pending.items() if k not in self._problems})
        try:
            config = resolve_config(values, self.environ, self.data_dir)
        except ConfigError as exc:
            self.view.show_test_result(system, error_text(exc), False)
            return None
        if system is System.SUPEROFFICE:
            if config.crm == CRM_NONE:
                self._cannot(
                    system, translate("SettingsPresenter", "Choose Online or On-site first: the CRM is set to None.")
                )
                return None
            if not config.superoffice_url:
                what = (
                    translate("SettingsPresenter", "Sign in to SuperOffice first.")
                    if config.crm == CRM_ONLINE
                    else translate("SettingsPresenter", "Enter the SuperOffice web API address first.")
                )
                self._cannot(system, what)
                return None
            if config.crm == CRM_ONSITE and not config.superoffice_user:
                self._cannot(system, translate("SettingsPresenter", "Enter the SuperOffice user name first."))
                return None
            name = SUPEROFFICE_PASSWORD if config.crm == CRM_ONSITE else SUPEROFFICE_TOKEN
        else:
            name = EMARKETEER_API_KEY
        secret = self._secret(name)
        if secret is None:
            what = {
                SUPEROFFICE_PASSWORD: translate("SettingsPresenter", "Enter the SuperOffice password first."),
                SUPEROFFICE_TOKEN: translate("SettingsPresenter", "Sign in to SuperOffice first."),
                EMARKETEER_API_KEY: translate("SettingsPresenter", "Enter the eMarketeer API key first."),
            }[name]
            self._cannot(system, what)
            return None
        self.view.show_test_result(system, translate("SettingsPresenter", "Testing the connection…"), None)
        return ConnectionTest(system, config, secret)

    def test_finished(self, result: ConnectionResult) -> None:
        self.view.show_test_result(result.system, result.text, result.ok)

    def _cannot(self, system: System, text: str) -> None:
        self.view.show_test_result(system, text, False)

    def _secret(self, name: str) -> str | None:
        if name in self._pending_secrets:
            return self._pending_secrets[name]
        try:
            return self.secret_store.get(name) or None
        except KeyringUnavailable:
            return None

    def _parsed_or_raw(self, key: str, raw: object) -> object:
        try:
            return SETTINGS_BY_KEY[key].parse(raw)
        except ConfigError:
            return raw


def _sentence(text: str) -> str:
    return sentence(text)
