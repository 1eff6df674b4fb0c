"""The support file ("Save diagnostics…", `check --diagnostics FILE`): what support needs to fix a wrong assumption
about a real account in one round trip (issue 10 point 7), and nothing it must not see (R19).

A zip with:
  README.txt         what is in it, and what was left out
  versions.json      the app, Python, the platform and the libraries
  settings.json      the settings (never a secret: secrets are not settings) and which secrets are set (yes/no)
  runs.json          the last runs' summaries and their errors (addresses replaced)
  check.json         the `check` result
  samples/*.json     one answer of every endpoint the app reads, redacted: e-mail addresses, people's names,
                     phone numbers and free text replaced; any known secret scrubbed

The writes (SuperOffice's PUT, eMarketeer's POSTs) and the sends are not sampled: sampling them would write.
Qt-free; blocking (the window runs it off the GUI thread).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import platform
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..connectors import emarketeer_fields as EF
from ..connectors import superoffice_fields as SF
from ..connectors.errors import ConnectorError
from ..domain.model import System
from ..redaction import KNOWN
from ..redaction import Redactor as SecretRedactor
from ..store.files import replacing
from .pause import Pause, kept_pauses
from .setup_check import CheckResult, check_setup
from .stopping import StopRequested

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials
    from ..store.records import ErrorRecord

log = logging.getLogger(__name__)

RUNS = 10  # the last runs' summaries in the file
ERRORS_PER_RUN = 50
_EMAIL = re.compile(r"[^\s@\"'<>(),;:]+@[^\s@\"'<>(),;:]+")
# Fields whose value says who a person is, or is free text a person typed (it may name someone).
_PERSONAL_FIELDS = {
    EF.CT_EMAIL,
    "firstName",
    "lastName",
    "mobilePhone",
    "phone",
    EF.R_DESCRIPTION,
    EF.R_KEY,
    SF.E_ADDRESS,
    SF.C_COMMENT,
    SF.CI_COMMENT,
}
_LIBRARIES = ("PySide6-Essentials", "PySide6", "httpx", "peewee", "keyring", "filelock", "openpyxl")


class Redactor:
    """Replaces e-mail addresses, people's names, phone numbers and free text, the same input the same way; masks
    the given secrets and every other this process knows (redaction.KNOWN) in any form a vendor may echo them."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._addresses: dict[str, str] = {}
        self._given: set[str] = set()
        self._secrets = SecretRedactor(s for s in secrets if s)

    def scrub(self, value: str) -> str:
        """`value` without any secret (R19), in any form and any fragment of 8 characters (desktop_app.redaction)."""
        return KNOWN.scrub(self._secrets.scrub(value))

    def secrets_out(self, value: Any) -> Any:
        """A JSON-like value with every string in it scrubbed, names included: done before the value is dumped, since
        json.dumps escapes a secret's quote or backslash and the escaped text is no longer the secret."""
        if isinstance(value, dict):
            return {self.secrets_out(k): self.secrets_out(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.secrets_out(v) for v in value]
        return self.scrub(value) if isinstance(value, str) else value

    def address(self, text: str) -> str:
        key = text.strip().casefold()
        if key in self._given:  # already a replacement (the file's text passes through `text` once more)
            return key
        if key not in self._addresses:
            self._addresses[key] = f"person{len(self._addresses) + 1}@example.invalid"
            self._given.add(self._addresses[key])
        return self._addresses[key]

    def text(self, value: str) -> str:
        """Any text: secrets scrubbed, e-mail addresses replaced."""
        return _EMAIL.sub(lambda m: self.address(m.group(0)), self.scrub(value))

    def contact(self, raw: str, reason: str) -> tuple[str, str]:
        """An error row's e-mail field and reason. The field is whatever the system held (a name, a mistyped
        address the address pattern misses), so it is replaced whole, and so is the reason's quote of it."""
        raw = raw.strip()
        if not raw:
            return "", self.text(reason)
        replaced = self.address(raw)
        reason = reason.replace(repr(raw), repr(replaced))  # domain/email.py quotes the raw value with repr
        reason = re.sub(rf"(?<![\w@.]){re.escape(raw)}(?![\w@.])", replaced, reason, flags=re.IGNORECASE)
        return replaced, self.text(reason)

    def value(self, name: str | None, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.value(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(name, v) for v in value]
        if not isinstance(value, str):
            return value
        if name is not None and name in _PERSONAL_FIELDS and value.strip():
            if "@" in value:
                return self.address(value)
            return f"(text, {len(value)} characters)"
        return self.text(value)


class StoppedWhileWriting(StopRequested):
    """A stop request (SIGTERM, SIGHUP, a console closing) that came while the zip was being written: its temporary
    file is removed and `path` is as it was. One that came before (the check, the samples) wrote nothing at all."""


def write_diagnostics(
    path: Path | str,
    config: AppConfig,
    credentials: Credentials | None = None,
    *,
    credentials_error: str | None = None,
    check: CheckResult | None = None,
    secrets: Iterable[str] = (),
    now: Callable[[], datetime] | None = None,
    samples: Mapping[str, Any] | None = None,
    pauses: Mapping[System, Pause] | None = None,
) -> Path:
    """Write the support zip to `path`; returns it. Runs `check` (read-only) when no result is given. A vendor's pause
    in force (`pauses`, default: those kept in the history) leaves that vendor unasked, its samples too."""
    path = Path(path)
    _check_target(path)
    clock = now or (lambda: datetime.now(timezone.utc))
    if pauses is None:
        pauses = kept_pauses(config.data_dir, clock())
    known = [s for s in (secrets or ()) if s]
    if credentials is not None:
        known += [
            v
            for v in (
                getattr(credentials, "emarketeer_api_key", None),
                getattr(credentials, "superoffice_password", None),
                getattr(credentials, "superoffice_token", None),
            )
            if v
        ]
    redactor = Redactor(known)
    gathered: dict[str, Any] = dict(samples or {})
    if check is None:
        check = check_setup(
            config, credentials, credentials_error=credentials_error, samples=gathered, now=clock, pauses=pauses
        )
    if credentials is not None and credentials_error is None:
        gathered.update(_more_samples(config, credentials, gathered, paused=frozenset(pauses)))
    files: dict[str, Any] = {
        "versions.json": versions(),
        "settings.json": _settings(config, credentials),
        "runs.json": _runs(Path(config.data_dir), redactor),
        "check.json": {"checked_at": check.checked_at.isoformat() if check.checked_at else None, **check.to_json()},
    }
    for name, body in sorted(gathered.items()):
        files[f"samples/{_file_name(name)}.json"] = {"endpoint": name, "answer": redactor.value(None, body)}
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file beside `path`, removed when any step fails: no half zip is left.
    try:
        with replacing(path, "wb") as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "README.txt", _README.format(when=clock().isoformat(timespec="seconds"), version=__version__)
            )
            for name, content in files.items():
                text = json.dumps(redactor.secrets_out(content), ensure_ascii=False, indent=2, default=str)
                archive.writestr(name, redactor.text(text))
    except StopRequested as exc:
        raise StoppedWhileWriting(exc.what) from None
    log.info("Diagnostics written to %s (%d samples)", path, len(gathered))
    return path


def _check_target(path: Path) -> None:
    """Raises before any service is asked when `path` cannot be the zip: it is a folder, or a folder on its way is a
    file. The OSError names the culprit (`filename`), which the caller's sentence says."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
            return


def versions() -> dict[str, str]:
    found = {
        "legalbasis-sync": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
    }
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def _settings(config: AppConfig, credentials: Credentials | None) -> dict[str, Any]:
    settings = dict(config.settings())
    return {
        "settings": settings,
        "from_environment": sorted(getattr(config, "from_environment", ()) or ()),
        "superoffice_state_address": config.superoffice_state_address,
        "secrets_set": {
            "superoffice_password": bool(getattr(credentials, "superoffice_password", None)),
            "superoffice_token": bool(getattr(credentials, "superoffice_token", None)),
            "emarketeer_api_key": bool(getattr(credentials, "emarketeer_api_key", None)),
        },
    }


def _runs(data_dir: Path, redactor: Redactor) -> dict[str, Any]:
    """The last runs and their errors, read from an existing history only (none is created here)."""
    from ..store import Store
    from ..store.errors import StoreError

    if not (data_dir / "history.sqlite3").is_file():
        return {"runs": [], "note": "No history database yet."}
    try:
        with Store.open(data_dir, check=False) as store:
            runs = []
            for run in store.runs(limit=RUNS):
                errors = store.errors(run.id)
                runs.append(
                    {
                        "id": run.id,
                        "trigger": run.trigger.value,
                        "mode": run.mode.value if run.mode else None,
                        "dry_run": run.dry_run,
                        "started_at": run.started_at.isoformat(),
                        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
                        "status": run.status.value,
                        "matched": run.matched,
                        "unmatched_superoffice": run.unmatched_superoffice,
                        "unmatched_emarketeer": run.unmatched_emarketeer,
                        "changes": run.changes,
                        "conflicts": run.conflicts,
                        "errors": run.errors,
                        "message": redactor.text(run.message) if run.message else None,
                        "error_list": [_error_row(e, redactor) for e in errors[:ERRORS_PER_RUN]],
                    }
                )
            return {"runs": runs}
    except StoreError as exc:
        return {"runs": [], "note": redactor.text(exc.user_message if hasattr(exc, "user_message") else str(exc))}


def _error_row(error: ErrorRecord, redactor: Redactor) -> dict[str, Any]:
    email, reason = redactor.contact(error.email, error.reason)
    return {
        "email": email,
        "purpose": error.purpose.value if error.purpose else None,
        "system": error.system.value if error.system else None,
        "reason": reason,
    }


def _more_samples(
    config: AppConfig, credentials: Credentials, gathered: Mapping[str, Any], paused: frozenset[System] = frozenset()
) -> dict[str, Any]:
    """The endpoints `check` does not read: one person's consents, one contact's consents and history, lists; none of
    a vendor in `paused` (its pause is in force: sync/pause.py)."""
    from .connections import emarketeer_connector, superoffice_connector
    from .setup_check import quick_limits

    found: dict[str, Any] = {}
    limits = quick_limits(config)
    person_id = _first(
        gathered.get(f"superoffice GET {SF.PATH_ARCHIVE} (consent rows)"), SF.ARCHIVE_ROWS, SF.C_PERSON_ID
    )
    try:
        if System.SUPEROFFICE not in paused:
            with superoffice_connector(config, credentials, limits) as so:
                if person_id is not None:
                    found[f"superoffice {SF.ENDPOINT_PERSON_CONSENTS}"] = so.sample_person_consents(int(person_id))
    except (ConnectorError, ValueError) as exc:
        found[f"superoffice {SF.ENDPOINT_PERSON_CONSENTS}"] = {"error": exc.__class__.__name__}
    if System.EMARKETEER in paused:
        return found
    address = _first(gathered.get(f"emarketeer GET {EF.PATH_CONSENTS_FILTER}"), EF.PAGE_ITEMS, EF.R_KEY)
    try:
        with emarketeer_connector(config, credentials, limits) as em:
            if isinstance(address, str):
                for kind, path in (
                    ("consents", EF.PATH_CONSENTS),
                    ("history", EF.PATH_CONSENTS_HISTORY),
                    ("contact", EF.PATH_CONTACTS + "?email="),
                ):
                    try:
                        found[f"emarketeer GET {path}"] = em.sample(kind, address)
                    except ConnectorError as exc:
                        found[f"emarketeer GET {path}"] = {"error": exc.__class__.__name__}
            lists = em.sample_page("lists", 20)
            found[f"emarketeer GET {EF.PATH_LISTS}"] = lists
            list_id = _first(lists, EF.PAGE_ITEMS, EF.LIST_ID)
            if list_id is not None:
                found[f"emarketeer GET {EF.PATH_LIST_CONTACTS}"] = em.sample("list", list_id)
    except (ConnectorError, ValueError) as exc:
        found.setdefault(f"emarketeer GET {EF.PATH_LISTS}", {"error": exc.__class__.__name__})
    return found


def _first(body: Any, rows_field: str, field: str) -> Any:
    rows = body.get(rows_field) if isinstance(body, dict) else None
    if isinstance(rows, list):
        for row in rows:
            if isinstance(row, dict) and row.get(field) not in (None, ""):
                return row[field]
    return None


def _file_name(endpoint: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", endpoint).strip("_")[:120]


_README = """Legal Basis Sync {version}: diagnostics written {when}.

For support: versions, settings (no secrets: secrets live in the system keyring and are never written
here), the last runs' summaries and errors, the result of `legalbasis-sync check`, and one answer of every
endpoint the app reads (samples/). E-mail addresses are replaced by personN@example.invalid (the same
address the same way), people's names, phone numbers and free text (comments, descriptions) by a
placeholder. The writes and sends are not sampled: that would change data.
"""

__all__ = ["Redactor", "versions", "write_diagnostics"]
