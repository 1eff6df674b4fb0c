"""Settings, declared once (key, type, default, label, help), resolved from defaults, saved values and the environment.

The settings panel is built from `SETTINGS`; `resolve_config` gives the frozen `AppConfig` the
engine runs with. Secrets are not settings (R19): `resolve_credentials` reads them from a
`SecretStore` into a `Credentials` object whose repr never shows them.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import paths
from .errors import AppError
from .i18n import QT_TRANSLATE_NOOP, translate
from .secrets import (
    EMARKETEER_API_KEY,
    SECRET_ENVIRONMENT,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_TOKEN,
    KeyringUnavailable,
    SecretStore,
)
from .urls import UrlProblem, check_http_url

log = logging.getLogger(__name__)

CRM_NONE, CRM_ONLINE, CRM_ONSITE = "none", "online", "onsite"


class ConfigError(AppError, ValueError):
    """A bad or missing setting, told in one sentence (`user_message`) that never contains a secret."""

    exit_code = 2

    def __init__(self, user_message: str, *, key: str | None = None, missing: tuple[str, ...] = ()) -> None:
        super().__init__(user_message)
        self.key = key  # the setting at fault, when there is one
        self.missing = missing  # setting keys or secret names that are required but absent


@dataclass(frozen=True)
class Setting:
    """One setting: what it is called, holds and defaults to, and how it is shown and checked."""

    key: str
    type: type  # bool, int, float or str
    default: object
    label: str
    help: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for a fixed list
    minimum: float | None = None
    maximum: float | None = None
    url: str = ""  # "" (not a URL), "optional", "required" or "superoffice_api"
    env: str | None = None  # the environment variable that overrides it (shared/CLI.md)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    @property
    def shown_label(self) -> str:
        """The label in the user's language (the registry holds the English source)."""
        return translate("Settings", self.label)

    @property
    def shown_help(self) -> str:
        return translate("Settings", self.help)

    @property
    def shown_choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((value, translate("Settings", label)) for value, label in self.choices)

    def parse(self, raw: object, where: str | None = None) -> object:
        """`raw` (a saved value, a string from the environment or the window) as this setting's type, or ConfigError."""
        where = where or self.shown_label
        try:
            value = self._convert(raw)
        except (TypeError, ValueError):
            raise self._error(where, raw) from None
        problem = self._check(value)
        if problem is not None:
            raise self._error(where, raw, problem)
        return value

    def _convert(self, raw: object) -> object:
        if self.type is bool:
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, int) and raw in (0, 1):
                return bool(raw)
            if isinstance(raw, str):
                word = raw.strip().lower()
                if word in _TRUE:
                    return True
                if word in _FALSE:
                    return False
            raise ValueError
        if self.type is int:
            if isinstance(raw, bool):
                raise TypeError
            if isinstance(raw, int):
                return raw
            if isinstance(raw, float) and raw.is_integer():
                return int(raw)
            if isinstance(raw, str):
                return int(raw.strip())
            raise TypeError
        if self.type is float:
            if isinstance(raw, bool):
                raise TypeError
            if isinstance(raw, (int, float)):
                value = float(raw)
            elif isinstance(raw, str):
                value = float(raw.strip())
            else:
                raise TypeError
            if not math.isfinite(value):
                raise ValueError
            return value
        if not isinstance(raw, str):
            raise TypeError
        return raw.strip().lower() if self.choices else raw.strip()

    def _check(self, value: object) -> str | None:
        """None when fine, else the reason (`_error` phrases it)."""
        if self.choices and value not in self.choice_values:
            return ""
        # Only number settings have bounds, so `value` (object to mypy) is an int or a float here.
        if self.minimum is not None and value < self.minimum:  # type: ignore[operator]
            return ""
        if self.maximum is not None and value > self.maximum:  # type: ignore[operator]
            return ""
        if self.url and isinstance(value, str):
            return _url_problem(value, self.url)
        return None

    def expectation(self) -> str:
        """What a good value looks like, as the end of "... must be <expectation>"."""
        if self.type is bool:
            return translate("Settings", "1 or 0")
        if self.choices:
            return _either(self.choice_values)
        if self.type in (int, float):
            lo, hi = _plain(self.minimum), _plain(self.maximum)
            whole = self.type is int
            if lo is not None and hi is not None:
                return (
                    translate("Settings", "a whole number from {lo} to {hi}")
                    if whole
                    else translate("Settings", "a number from {lo} to {hi}")
                ).format(lo=lo, hi=hi)
            if lo is not None:
                return (
                    translate("Settings", "a whole number of at least {lo}")
                    if whole
                    else translate("Settings", "a number of at least {lo}")
                ).format(lo=lo)
            return translate("Settings", "a whole number") if whole else translate("Settings", "a number")
        if self.url == "superoffice_api":
            return translate("Settings", "empty or an http:// or https:// address ending in /api or /api/")
        if self.url == "optional":
            return translate("Settings", "empty (the vendor's own hosts) or an http:// or https:// address")
        if self.url == "required":
            return translate("Settings", "an http:// or https:// address")
        return translate("Settings", "text")

    def _error(self, where: str, raw: object, problem: str | None = None) -> ConfigError:
        if problem == _CREDENTIALS_IN_URL:
            # The value itself holds a password: never echo it.
            message = translate(
                "Settings", "{where} must not contain a user name or password; keep secrets in the keyring."
            ).format(where=where)
        else:
            message = translate("Settings", "{where} must be {expected}, not {value}.").format(
                where=where, expected=self.expectation(), value=_shown(raw)
            )
        return ConfigError(message, key=self.key)


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_CREDENTIALS_IN_URL = "credentials"


def _url_problem(value: str, kind: str) -> str | None:
    if not value:
        return None if kind in ("optional", "superoffice_api") else ""
    parts, problem = check_http_url(value)  # a ? or # part is let through here, as it always was
    if problem in (UrlProblem.INVALID, UrlProblem.NOT_HTTP) or any(c.isspace() for c in value):
        return ""
    if problem is UrlProblem.CREDENTIALS:
        return _CREDENTIALS_IN_URL
    if kind == "superoffice_api" and not parts.path.rstrip("/").lower().endswith("/api"):
        return ""
    return None


def _either(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _plain(number: float | None) -> str | None:
    if number is None:
        return None
    return str(int(number)) if float(number).is_integer() else str(number)


def _shown(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


# The registry. Order is the order of the settings panel.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "crm",
        str,
        CRM_NONE,
        QT_TRANSLATE_NOOP("Settings", "CRM"),
        QT_TRANSLATE_NOOP("Settings", "Which SuperOffice installation to sync with; None switches the sync off."),
        choices=(
            (CRM_NONE, QT_TRANSLATE_NOOP("Settings", "None")),
            (CRM_ONLINE, QT_TRANSLATE_NOOP("Settings", "SuperOffice Online")),
            (CRM_ONSITE, QT_TRANSLATE_NOOP("Settings", "SuperOffice on-site")),
        ),
        env="LEGALBASIS_SYNC_CRM",
    ),
    Setting(
        "enabled",
        bool,
        False,
        QT_TRANSLATE_NOOP("Settings", "Legal basis sync"),
        QT_TRANSLATE_NOOP(
            "Settings", "Keep the legal bases in step between SuperOffice and eMarketeer while this is ticked."
        ),
        env="LEGALBASIS_SYNC_ENABLED",
    ),
    Setting(
        "superoffice_url",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice web API address"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The tenant's web API base, ending in /api, for example https://crm.example.com/SuperOffice/api.",
        ),
        url="superoffice_api",
        env="LEGALBASIS_SYNC_SUPEROFFICE_URL",
    ),
    Setting(
        "superoffice_user",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice user name"),
        QT_TRANSLATE_NOOP(
            "Settings", "The on-site user the sync signs in as; its password is kept in the system keyring."
        ),
        env="LEGALBASIS_SYNC_SUPEROFFICE_USER",
    ),
    Setting(
        "superoffice_client_id",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice Online application id"),
        QT_TRANSLATE_NOOP(
            "Settings", "The client id of the registered SuperOffice Online application used to sign in."
        ),
        env="LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID",
    ),  # headless Online renews its token with it
    Setting(
        "superoffice_state_url",
        str,
        "https://online.superoffice.com/api/state/",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice Online state address"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Where SuperOffice Online tells which server hosts a tenant; change it only for a test environment.",
        ),
        url="required",
    ),
    # Issue 10: SuperOffice Online's three environments, each with its own application id.
    Setting(
        "superoffice_environment",
        str,
        "online",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice Online environment"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Where the tenant and its registered application live: production (online), "
            "stage (qaonline) or development (sod).",
        ),
        choices=(
            ("online", QT_TRANSLATE_NOOP("Settings", "Production (online)")),
            ("qaonline", QT_TRANSLATE_NOOP("Settings", "Stage (qaonline)")),
            ("sod", QT_TRANSLATE_NOOP("Settings", "Development (sod)")),
        ),
        env="LEGALBASIS_SYNC_SUPEROFFICE_ENVIRONMENT",
    ),
    Setting(
        "superoffice_client_id_qaonline",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice stage application id"),
        QT_TRANSLATE_NOOP(
            "Settings", "The client id of the application registered for the stage environment (qaonline)."
        ),
        env="LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID_QAONLINE",
    ),
    Setting(
        "superoffice_client_id_sod",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice development application id"),
        QT_TRANSLATE_NOOP(
            "Settings", "The client id of the application registered for the development environment (sod)."
        ),
        env="LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID_SOD",
    ),
    # Issue 10: the consent source the app writes with, by SuperOffice key and by eMarketeer name.
    Setting(
        "superoffice_write_source",
        str,
        "API",
        QT_TRANSLATE_NOOP("Settings", "SuperOffice write source"),
        QT_TRANSLATE_NOOP(
            "Settings",
            'The key of the SuperOffice consent source the app\'s changes are saved with; API is "Other integration".',
        ),
        env="LEGALBASIS_SYNC_SUPEROFFICE_WRITE_SOURCE",
    ),
    Setting(
        "emarketeer_write_source",
        str,
        "Other integration",
        QT_TRANSLATE_NOOP("Settings", "eMarketeer write source"),
        QT_TRANSLATE_NOOP("Settings", "The name of the eMarketeer consent source the app's changes are saved with."),
        env="LEGALBASIS_SYNC_EMARKETEER_WRITE_SOURCE",
    ),
    Setting(
        "emarketeer_url",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "eMarketeer address"),
        QT_TRANSLATE_NOOP(
            "Settings", "One base address for all eMarketeer modules; leave empty to use the vendor's own hosts."
        ),
        url="optional",
        env="LEGALBASIS_SYNC_EMARKETEER_URL",
    ),
    Setting(
        "interval_minutes",
        int,
        30,
        QT_TRANSLATE_NOOP("Settings", "Sync every (minutes)"),
        QT_TRANSLATE_NOOP("Settings", "How often a scheduled sync runs while the sync is on."),
        minimum=1,
        maximum=1440,
    ),
    Setting(
        "clock_skew_seconds",
        int,
        120,
        QT_TRANSLATE_NOOP("Settings", "Clock skew window (seconds)"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Changes on both sides closer together than this are a conflict: the more restrictive value wins.",
        ),
        minimum=0,
        maximum=3600,
    ),
    Setting(
        "overlap_minutes",
        int,
        5,
        QT_TRANSLATE_NOOP("Settings", "Incremental overlap (minutes)"),
        QT_TRANSLATE_NOOP(
            "Settings", "Incremental reads go back this far before the newest change already seen, to miss nothing."
        ),
        minimum=0,
        maximum=1440,
    ),
    Setting(
        "full_run_hours",
        int,
        24,
        QT_TRANSLATE_NOOP("Settings", "Full run every (hours)"),
        QT_TRANSLATE_NOOP("Settings", "A full read of both systems runs when the last full run is older than this."),
        minimum=1,
        maximum=24 * 30,
    ),
    # Issue 14: the alarm when the sync stalls (Home in red, one tray notice, `legalbasis-sync health` exit 1).
    Setting(
        "stale_after_hours",
        int,
        6,
        QT_TRANSLATE_NOOP("Settings", "Warn if no sync succeeds for (hours)"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Home turns red, the tray says so once, and the health command (for "
            "monitoring) fails when no sync has finished successfully for this long.",
        ),
        minimum=1,
        maximum=24 * 30,
    ),
    Setting(
        "requests_per_second",
        float,
        10.0,
        QT_TRANSLATE_NOOP("Settings", "Requests per second"),
        QT_TRANSLATE_NOOP("Settings", "The most requests per second sent to each service."),
        minimum=0.1,
        maximum=1000,
    ),
    Setting(
        "max_concurrency",
        int,
        4,
        QT_TRANSLATE_NOOP("Settings", "Parallel requests"),
        QT_TRANSLATE_NOOP("Settings", "The most requests in flight at once to each service."),
        minimum=1,
        maximum=32,
    ),
    Setting(
        "request_timeout_seconds",
        float,
        30.0,
        QT_TRANSLATE_NOOP("Settings", "Request timeout (seconds)"),
        QT_TRANSLATE_NOOP("Settings", "How long to wait for one answer before retrying."),
        minimum=1,
        maximum=600,
    ),
    Setting(
        "max_run_minutes",
        int,
        120,
        QT_TRANSLATE_NOOP("Settings", "Longest run (minutes)"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "A run still going after this long stops cleanly; what it did is recorded "
            "and the next run goes on from there.",
        ),
        minimum=1,
        maximum=24 * 60,
    ),
    Setting(
        "duplicates_policy",
        str,
        "all",
        QT_TRANSLATE_NOOP("Settings", "Duplicate SuperOffice persons"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "When persons share an address (R9). All: the one changed last speaks, and "
            "all get the decided value (eMarketeer since 2026-02-23). Oldest: only the "
            "oldest is compared and written.",
        ),
        choices=(
            ("all", QT_TRANSLATE_NOOP("Settings", "All persons with the address")),
            ("oldest", QT_TRANSLATE_NOOP("Settings", "Only the oldest person")),
        ),
        env="LEGALBASIS_SYNC_DUPLICATES",
    ),
    Setting(
        "hold_reversals",
        bool,
        True,
        QT_TRANSLATE_NOOP("Settings", "Hold reversed withdrawals for review"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Protects contacts who said no: a sync that would write a positive basis "
            'over a withdrawal (a salesperson\'s "Consent" typed over an unsubscribe, '
            "an old import) waits until a person approves it (R24). Unticked, the "
            "latest change wins as in eMarketeer's own sync.",
        ),
        env="LEGALBASIS_SYNC_HOLD_REVERSALS",
    ),
    Setting(
        "mass_change_brake",
        bool,
        True,
        QT_TRANSLATE_NOOP("Settings", "Mass-change brake"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "Protects against a botched import being copied to the other system: a run "
            "over the limits below writes nothing and waits for a person (R23).",
        ),
        env="LEGALBASIS_SYNC_MASS_CHANGE_BRAKE",
    ),
    Setting(
        "mass_change_writes",
        int,
        200,
        QT_TRANSLATE_NOOP("Settings", "Brake above (changes)"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "A run writing more changes than this, and more than the share below, is "
            "held; a first full run is held above this number alone.",
        ),
        minimum=1,
        maximum=1_000_000,
    ),
    Setting(
        "mass_change_percent",
        float,
        2.0,
        QT_TRANSLATE_NOOP("Settings", "Brake above (% of contacts)"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "A run changing more than this share of the matched contacts (and more than the number above) is held.",
        ),
        minimum=0,
        maximum=100,
    ),
    # As eMarketeer's own account setting: a send goes only to contacts with a basis for marketing.
    Setting(
        "require_positive_basis",
        bool,
        True,
        QT_TRANSLATE_NOOP("Settings", "Require a positive basis for sends"),
        QT_TRANSLATE_NOOP(
            "Settings",
            "When ticked, an e-mail or SMS send goes only to recipients who have a "
            "legal basis for Marketing sendouts (consent, legitimate interest...) "
            "after the send-time sync; recipients with none are left out. Unticked, "
            "only a withdrawal leaves a recipient out.",
        ),
    ),
    # The window's language; read once at start (the whole window is built in it).
    Setting(
        "language",
        str,
        "auto",
        QT_TRANSLATE_NOOP("Settings", "Language"),
        QT_TRANSLATE_NOOP("Settings", "The window's language; a change takes effect the next time the app starts."),
        choices=(
            ("auto", QT_TRANSLATE_NOOP("Settings", "The system's language")),
            ("en", "English"),
            ("sv", "Svenska"),
        ),
    ),
)

SETTINGS_BY_KEY: Mapping[str, Setting] = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    return SETTINGS_BY_KEY[key]


def defaults() -> dict[str, object]:
    return {s.key: s.default for s in SETTINGS}


@dataclass(frozen=True)
class AppConfig:
    """The settings a run or the window works with; one field per entry of SETTINGS, plus where data lives."""

    data_dir: Path
    crm: str
    enabled: bool
    superoffice_url: str
    superoffice_user: str
    superoffice_client_id: str
    superoffice_state_url: str
    emarketeer_url: str
    interval_minutes: int
    clock_skew_seconds: int
    overlap_minutes: int
    full_run_hours: int
    requests_per_second: float
    max_concurrency: int
    request_timeout_seconds: float
    duplicates_policy: str
    hold_reversals: bool = True
    mass_change_brake: bool = True
    mass_change_writes: int = 200
    mass_change_percent: float = 2.0
    require_positive_basis: bool = True
    language: str = "auto"
    superoffice_environment: str = "online"
    superoffice_client_id_qaonline: str = ""
    superoffice_client_id_sod: str = ""
    superoffice_write_source: str = "API"
    emarketeer_write_source: str = "Other integration"
    max_run_minutes: int = 120
    stale_after_hours: int = 6
    from_environment: frozenset[str] = field(default=frozenset())  # keys whose value came from the environment

    @property
    def superoffice_application_id(self) -> str:
        """The application id registered for the chosen SuperOffice Online environment (each has its own)."""
        return {"qaonline": self.superoffice_client_id_qaonline, "sod": self.superoffice_client_id_sod}.get(
            self.superoffice_environment, self.superoffice_client_id
        )

    @property
    def superoffice_state_address(self) -> str:
        """The state service of the chosen environment; a state address set by hand (a test host) wins."""
        return superoffice_state_address(self.superoffice_state_url, self.superoffice_environment)

    @property
    def sync_on(self) -> bool:
        """R2/R7: a CRM is chosen and the "Legal basis sync" box is ticked."""
        return self.crm != CRM_NONE and self.enabled

    def off_reason(self) -> str | None:
        """Why the sync is off, as a clause ("the CRM is set to None"); None when it is on."""
        if self.crm == CRM_NONE:
            return "the CRM is set to None"
        if not self.enabled:
            return 'the "Legal basis sync" box is not ticked'
        return None

    def settings(self) -> dict[str, object]:
        """The setting values (no data_dir, no bookkeeping): what the store saves."""
        return {s.key: getattr(self, s.key) for s in SETTINGS}


_ENVIRONMENT_STATE_URL = "https://{env}.superoffice.com/api/state/"


def superoffice_state_address(state_url: str, environment: str) -> str:
    """`https://{environment}.superoffice.com/api/state/` unless `state_url` names another host (a test host)."""
    derived = {env: _ENVIRONMENT_STATE_URL.format(env=env) for env in ("online", "qaonline", "sod")}
    chosen = (state_url or "").strip()
    if not chosen or chosen.rstrip("/") + "/" in derived.values():
        return derived.get(environment, derived["online"])
    return chosen


def superoffice_application_id(values: Mapping[str, object]) -> str:
    """The application id for the environment in `values` (the settings panel's unsaved values)."""
    env = str(values.get("superoffice_environment") or "online")
    key = {"qaonline": "superoffice_client_id_qaonline", "sod": "superoffice_client_id_sod"}.get(
        env, "superoffice_client_id"
    )
    return str(values.get(key) or "")


def resolve_config(
    saved: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
) -> AppConfig:
    """Defaults, then saved values, then the CLI.md environment variables; the first bad value raises ConfigError.

    Unknown saved keys are ignored (a newer or older version wrote them). An empty environment
    variable counts as unset.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = defaults()  # each Setting's parse gives its field's type
    for key, raw in (saved or {}).items():
        s = SETTINGS_BY_KEY.get(key)
        if s is None:
            log.debug("Ignoring unknown saved setting %r.", key)
            continue
        values[key] = s.parse(raw, f'The saved setting "{s.label}" ({key})')
    from_env: set[str] = set()
    for s in SETTINGS:
        raw = env.get(s.env, "") if s.env else ""
        if raw.strip():
            values[s.key] = s.parse(raw, s.env)
            from_env.add(s.key)
    directory = Path(data_dir) if data_dir is not None else paths.data_dir(env)
    return AppConfig(data_dir=directory, from_environment=frozenset(from_env), **values)


def validate_settings(values: Mapping[str, object]) -> dict[str, str]:
    """For the settings panel: every bad value's one-sentence message, by key (empty when all are fine)."""
    problems: dict[str, str] = {}
    for key, raw in values.items():
        s = SETTINGS_BY_KEY.get(key)
        if s is None:
            problems[key] = f"There is no setting called {key!r}."
            continue
        try:
            s.parse(raw)
        except ConfigError as exc:
            problems[key] = exc.user_message
    return problems


@dataclass(frozen=True, repr=False)
class Credentials:
    """The secrets one run needs, read before the run starts (STYLE practice 4). Never printed."""

    emarketeer_api_key: str
    superoffice_password: str | None = None  # on-site
    superoffice_token: str | None = None  # Online

    def __repr__(self) -> str:
        def shown(value: str | None) -> str:
            return "<set>" if value else "<unset>"

        return (
            f"Credentials(superoffice_password={shown(self.superoffice_password)}, "
            f"superoffice_token={shown(self.superoffice_token)}, "
            f"emarketeer_api_key={shown(self.emarketeer_api_key)})"
        )

    __str__ = __repr__


def resolve_credentials(config: AppConfig, secret_store: SecretStore) -> Credentials:
    """The secrets the chosen CRM mode needs; ConfigError naming everything missing, in one sentence.

    A secret the environment provides is never looked up in the keyring, so a headless server
    without any keyring works with environment variables alone.
    """
    if config.crm == CRM_NONE:
        raise ConfigError(translate("Settings", "The CRM is set to None, so there is nothing to sync with."), key="crm")
    missing: list[str] = []  # setting keys and secret names, in the order they are asked for
    no_keyring = False

    def secret(name: str) -> str | None:
        nonlocal no_keyring
        try:
            value = secret_store.get(name)
        except KeyringUnavailable:
            no_keyring = True
            value = None
        if not value:
            missing.append(name)
        return value or None

    if not config.superoffice_url:
        missing.append("superoffice_url")
    password = token = None
    if config.crm == CRM_ONSITE:
        if not config.superoffice_user:
            missing.append("superoffice_user")
        password = secret(SUPEROFFICE_PASSWORD)
    else:
        token = secret(SUPEROFFICE_TOKEN)
    api_key = secret(EMARKETEER_API_KEY)
    if missing:
        raise ConfigError(_missing_message(config.crm, missing, no_keyring), missing=tuple(missing))
    assert api_key is not None
    return Credentials(emarketeer_api_key=api_key, superoffice_password=password, superoffice_token=token)


_MISSING_LABELS = {
    "superoffice_url": QT_TRANSLATE_NOOP("Settings", "the SuperOffice web API address"),
    "superoffice_user": QT_TRANSLATE_NOOP("Settings", "the SuperOffice user name"),
    SUPEROFFICE_PASSWORD: QT_TRANSLATE_NOOP("Settings", "the SuperOffice password"),
    SUPEROFFICE_TOKEN: QT_TRANSLATE_NOOP("Settings", "a SuperOffice Online access token"),
    EMARKETEER_API_KEY: QT_TRANSLATE_NOOP("Settings", "the eMarketeer API key"),
}


def _missing_message(crm: str, missing: list[str], no_keyring: bool) -> str:
    mode = translate("Settings", "SuperOffice on-site") if crm == CRM_ONSITE else "SuperOffice Online"
    labels = [translate("Settings", _MISSING_LABELS[m]) for m in missing]
    variables = [SETTINGS_BY_KEY[m].env if m in SETTINGS_BY_KEY else SECRET_ENVIRONMENT[m] for m in missing]
    if len(labels) == 1:
        message = translate(
            "Settings", "Cannot sync with {mode}: {what} is missing; set {variables} or enter it in the window"
        )
    else:
        message = translate(
            "Settings", "Cannot sync with {mode}: {what} are missing; set {variables} or enter them in the window"
        )
    message = message.format(mode=mode, what=_and(labels), variables=_and([v for v in variables if v]))
    if no_keyring:
        message += translate(
            "Settings", " (no system keyring is available here, so secrets can only come from the environment)"
        )
    return message + "."


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return translate("Settings", "{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _check_registry_matches_config() -> None:
    names = {f.name for f in fields(AppConfig)} - {"data_dir", "from_environment"}
    if names != set(SETTINGS_BY_KEY):  # pragma: no cover - a developer error, caught at import
        raise RuntimeError(f"AppConfig and SETTINGS disagree: {sorted(names ^ set(SETTINGS_BY_KEY))}")


_check_registry_matches_config()
