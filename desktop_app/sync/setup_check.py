"""`legalbasis-sync check` and the window's "Check setup": the setup against the real services, item by item.

Qt-free and blocking (the window runs it off the GUI thread). Each item is ok, or one sentence for an
admin that names what is wrong and what to do (shared/CLI.md `check`, issue 10 point 6). It only reads:
the lists, the tenant state, and one page of every bulk read, checked field by field against what the
connectors need; it never writes to either system.

The item names are stable: scripts and the window's list key on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ..connectors import emarketeer_fields as EF
from ..connectors import superoffice_fields as SF
from ..connectors.base import parse_iso_time
from ..connectors.emarketeer import EmarketeerConnector
from ..connectors.errors import ConnectorError, UnreachableError
from ..connectors.http import RequestLimits, loopback_host
from ..connectors.superoffice import SuperOfficeConnector
from ..domain.mapping import (
    EMARKETEER_LEGAL_BASIS_NAMES,
    EMARKETEER_PURPOSE_NAMES,
    SUPEROFFICE_LEGAL_BASE_KEYS,
    SUPEROFFICE_PURPOSE_KEYS,
)
from ..domain.messages import Message, english, listing
from ..domain.model import LegalBasis, Purpose, System
from ..store import StoreError
from ..store.database import FILE_NAME, integrity_problem
from .connections import emarketeer_connector, superoffice_connector
from .pause import Pause, kept_pauses

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials

log = logging.getLogger(__name__)

SAMPLE_ROWS = 20  # one page of each bulk read, this long

# Item names (stable: `check --json` consumers and the window key on them).
SETTINGS = "Settings"
SO_REACHED = "SuperOffice reachable and signed in"
SO_TENANT = "SuperOffice tenant running"
SO_PURPOSES = "SuperOffice purposes"
SO_BASES = "SuperOffice legal bases"
SO_SOURCE = "SuperOffice write source"
SO_CONSENT_ROWS = "SuperOffice consent rows"
SO_EMAIL_ROWS = "SuperOffice e-mail rows"
SO_CLOCK = "SuperOffice clock"
SO_TLS = "SuperOffice TLS"
EM_REACHED = "eMarketeer reachable and signed in"
EM_PURPOSES = "eMarketeer purposes"
EM_BASES = "eMarketeer legal bases"
EM_SOURCE = "eMarketeer write source"
EM_CONSENTS = "eMarketeer consent records"
EM_CONTACTS = "eMarketeer contacts"
EM_CLOCK = "eMarketeer clock"
EM_TLS = "eMarketeer TLS"
CLOCKS_AGREE = "Clocks of the two services"
HISTORY = "History database"  # the whole-file check a normal open skips (issue 11), on demand

SUPEROFFICE_ITEMS = (
    SO_REACHED,
    SO_TENANT,
    SO_PURPOSES,
    SO_BASES,
    SO_SOURCE,
    SO_CONSENT_ROWS,
    SO_EMAIL_ROWS,
    SO_CLOCK,
    SO_TLS,
)
EMARKETEER_ITEMS = (EM_REACHED, EM_PURPOSES, EM_BASES, EM_SOURCE, EM_CONSENTS, EM_CONTACTS, EM_CLOCK, EM_TLS)


@dataclass(frozen=True, slots=True)
class CheckItem:
    name: str
    ok: bool
    message: str  # English: the command line, the diagnostics file
    said: Message | None = None  # the same, typed: the window says it in its language

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "message": self.message}


@dataclass(frozen=True)
class CheckResult:
    items: tuple[CheckItem, ...]
    checked_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    def to_json(self) -> dict[str, object]:
        """shared/CLI.md: `{"ok": true|false, "items": [{"name", "ok", "message"}]}`."""
        return {"ok": self.ok, "items": [item.to_json() for item in self.items]}

    def text(self) -> str:
        """One line per item, for the command line: a tick or a cross, the name, the sentence."""
        lines = [f"{'✓' if item.ok else '✗'} {item.name}: {item.message}" for item in self.items]
        failed = sum(not item.ok for item in self.items)
        lines.append(
            "Everything checked is in order." if not failed else f"{failed} of {len(self.items)} items need attention."
        )
        return "\n".join(lines) + "\n"

    def item(self, name: str) -> CheckItem | None:
        return next((i for i in self.items if i.name == name), None)


# ---------------------------------------------------------------- what one page must hold, field by field

REQUIRED, NULLABLE, OPTIONAL = "required", "nullable", "optional"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: str  # "id" (a whole number, also as digits or [I:n]), "text", "time" (ISO-8601)
    presence: str = REQUIRED


SO_CONSENT_FIELDS = (
    FieldSpec(SF.C_ID, "id"),
    FieldSpec(SF.C_PERSON_ID, "id"),
    FieldSpec(SF.C_REGISTERED, "time", NULLABLE),
    FieldSpec(SF.C_UPDATED, "time", NULLABLE),
    FieldSpec(SF.C_PURPOSE_KEY, "text"),
    FieldSpec(SF.C_LEGAL_BASE_KEY, "text"),
    FieldSpec(SF.C_SOURCE_KEY, "text", NULLABLE),
    FieldSpec(SF.C_COMMENT, "text", NULLABLE),
)
SO_EMAIL_FIELDS = (
    FieldSpec(SF.E_ID, "id"),
    FieldSpec(SF.E_PERSON_ID, "id"),
    FieldSpec(SF.E_ADDRESS, "text"),
    FieldSpec(SF.E_RANK, "id"),
    FieldSpec(SF.E_UPDATED, "time", NULLABLE),
    FieldSpec(SF.E_PERSON_REGISTERED, "time", NULLABLE),
    FieldSpec(SF.E_TYPE, "id"),
    FieldSpec(SF.E_REGISTERED, "time", NULLABLE),
)
EM_CONSENT_FIELDS = (
    FieldSpec(EF.R_KEY, "text"),
    FieldSpec(EF.R_PURPOSE_ID, "id"),
    FieldSpec(EF.R_LEGAL_BASIS_ID, "id"),
    FieldSpec(EF.R_SOURCE_ID, "id", OPTIONAL),
    FieldSpec(EF.R_DESCRIPTION, "text", OPTIONAL),
    FieldSpec(EF.R_CREATED_AT, "time"),
)
EM_CONTACT_FIELDS = (
    FieldSpec(EF.CT_ID, "id"),
    FieldSpec(EF.CT_EMAIL, "text"),
    FieldSpec(EF.CT_MODIFIED, "time", OPTIONAL),
    FieldSpec(EF.CT_CREATED, "time", OPTIONAL),
)


def page_problems(rows: Iterable[Any], fields: Iterable[FieldSpec], case_insensitive: bool = False) -> list[Message]:
    """What is wrong with a page's rows, field by field: `["x is missing in 3 of 20 rows", ...]`."""
    rows = list(rows)
    fields = tuple(fields)
    if not rows:
        return []
    counts: dict[tuple[str, str], int] = {}
    not_objects = 0
    for row in rows:
        if not isinstance(row, dict):
            not_objects += 1
            continue
        lookup = {k.casefold(): v for k, v in row.items() if isinstance(k, str)} if case_insensitive else row
        for spec in fields:
            key = spec.name.casefold() if case_insensitive else spec.name
            if key not in lookup:
                if spec.presence != OPTIONAL:
                    counts[(spec.name, "missing")] = counts.get((spec.name, "missing"), 0) + 1
                continue
            value = lookup[key]
            if value is None or value == "":
                if spec.presence == REQUIRED:
                    counts[(spec.name, "empty")] = counts.get((spec.name, "empty"), 0) + 1
                continue
            if not _of_kind(value, spec.kind):
                counts[(spec.name, spec.kind)] = counts.get((spec.name, spec.kind), 0) + 1
    problems = [Message.of("rows_not_objects", n=not_objects, total=len(rows))] if not_objects else []
    kinds = {
        "missing": "field_missing_in",
        "empty": "field_empty_in",
        "id": "field_not_id_in",
        "text": "field_not_text_in",
        "time": "field_not_time_in",
    }
    for (name, what), n in counts.items():
        problems.append(Message.of(kinds[what], field=name, n=n, total=len(rows)))
    return problems


def _of_kind(value: Any, kind: str) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "id":
        if isinstance(value, bool):
            return False
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return True
        if isinstance(value, str):
            text = value.strip()
            text = text[3:-1] if text.startswith("[I:") and text.endswith("]") else text
            return text.lstrip("+-").isdigit()
        return False
    try:
        parse_iso_time(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the check


@dataclass
class _Run:
    config: Any
    now: Callable[[], datetime]
    samples: dict[str, Any] | None
    items: list[CheckItem] = field(default_factory=list)

    def add(self, name: str, ok: bool, message: Message | str) -> None:
        said = message if isinstance(message, Message) else None
        self.items.append(CheckItem(name, ok, _sentence(english(message)), said))

    def skip(self, names: Iterable[str], why: Message) -> None:
        for name in names:
            if not any(i.name == name for i in self.items):
                self.add(name, False, Message.of("check_not_checked", why=why))

    def sample(self, name: str, body: Any) -> None:
        if self.samples is not None:
            self.samples[name] = body


def check_setup(
    config: AppConfig,
    credentials: Credentials | None = None,
    *,
    credentials_error: str | None = None,
    samples: dict[str, Any] | None = None,
    now: Callable[[], datetime] | None = None,
    limits: RequestLimits | None = None,
    pauses: Mapping[System, Pause] | None = None,
) -> CheckResult:
    """Check the setup against both services; read-only.

    `credentials` as a run gets them (config.Credentials); `credentials_error` instead says why there are none
    (the settings item then fails and nothing is asked of the services). `samples`, when given, receives the
    raw answer of every read made (for the diagnostics file, which redacts them). `now` is this machine's clock.
    `pauses`: each vendor's pause in force (default: those kept in the history in the data directory); a paused
    vendor is asked nothing, as no run asks it anything then (sync/pause.py), and its items say until when.
    """
    clock = now or (lambda: datetime.now(timezone.utc))
    run = _Run(config, clock, samples)
    checked_at = clock()
    if credentials_error is not None or credentials is None:
        run.add(SETTINGS, False, credentials_error or Message.of("check_settings_incomplete"))
        return CheckResult(tuple(run.items), checked_at)
    run.add(SETTINGS, True, Message.of("check_settings_ok"))
    quick = limits or quick_limits(config)
    if pauses is None:
        pauses = kept_pauses(getattr(config, "data_dir", None), checked_at)
    so_offset = _check_vendor(
        run,
        pauses.get(System.SUPEROFFICE),
        checked_at,
        (SO_REACHED, SUPEROFFICE_ITEMS, Message.of("why_so_settings")),
        lambda: superoffice_connector(config, credentials, quick),
        _check_superoffice,
    )
    em_offset = _check_vendor(
        run,
        pauses.get(System.EMARKETEER),
        checked_at,
        (EM_REACHED, EMARKETEER_ITEMS, Message.of("why_em_settings")),
        lambda: emarketeer_connector(config, credentials, quick),
        _check_emarketeer,
    )
    window = max(1, int(getattr(config, "clock_skew_seconds", 120)))
    if so_offset is not None and em_offset is not None:
        apart = abs(so_offset - em_offset)
        if apart > window / 2:
            run.add(CLOCKS_AGREE, False, Message.of("check_clocks_apart", seconds=_whole(apart), window=str(window)))
        else:
            run.add(CLOCKS_AGREE, True, Message.of("check_clocks_close", seconds=_whole(apart), window=str(window)))
    else:
        run.add(CLOCKS_AGREE, False, Message.of("check_not_checked", why=Message.of("why_clock_unread")))
    _check_history(run, config)
    return CheckResult(tuple(run.items), checked_at)


_C = TypeVar("_C", SuperOfficeConnector, EmarketeerConnector)


def _check_vendor(
    run: _Run,
    pause: Pause | None,
    now: datetime,
    items: tuple[str, Iterable[str], Message],
    connect: Callable[[], _C],
    check: Callable[[_Run, _C], float | None],
) -> float | None:
    """One vendor's items (`items`: the "reached" item, the rest, why the rest are not checked when it cannot be
    reached); its clock's offset when read. A vendor's pause: not one request to it before its end (sync/pause.py);
    its first item says the check of it waits until then, the rest are not checked."""
    reached, names, why = items
    if pause is not None:
        run.add(reached, False, Message.of("check_paused", system=pause.system, time=pause.shown_time(now)))
        run.skip(names, Message.of("pause_asked", system=pause.system, time=pause.shown_time(now)))
        return None
    try:
        connector = connect()
    except ConnectorError as exc:
        run.add(reached, False, exc.said or exc.user_message)
        run.skip(names, why)
        return None
    with connector:
        return check(run, connector)


def _check_history(run: _Run, config: AppConfig) -> None:
    """The history database read whole (PRAGMA quick_check), which opening it skips while it was closed cleanly."""
    data_dir = getattr(config, "data_dir", None)
    if data_dir is None:
        return
    path = Path(data_dir) / FILE_NAME
    try:
        problem = integrity_problem(path)
    except StoreError as exc:
        run.add(HISTORY, False, exc.said or exc.user_message)
        return
    if problem is not None:
        run.add(HISTORY, False, Message.of("check_db_damaged", path=str(path), problem=problem))
    elif path.exists():
        run.add(HISTORY, True, Message.of("check_db_sound", path=str(path)))
    else:
        run.add(HISTORY, True, Message.of("check_db_none", path=str(path)))


def quick_limits(config: AppConfig) -> RequestLimits:
    """The limits of a check or a Test connection: they should answer within seconds, not retry for minutes."""
    return RequestLimits(
        requests_per_second=float(config.requests_per_second),
        max_concurrency=int(config.max_concurrency),
        timeout=min(float(config.request_timeout_seconds), 15.0),
        max_retries=1,
        backoff_base=0.2,
        backoff_max=1.0,
    )


# ---------------------------------------------------------------- SuperOffice


def _check_superoffice(run: _Run, so: SuperOfficeConnector) -> float | None:
    try:
        lists = so.read_lists()
    except ConnectorError as exc:
        run.add(SO_REACHED, False, exc.said or exc.user_message)
        _tls(run, SO_TLS, "SuperOffice", so.base_url, exc)
        run.skip(SUPEROFFICE_ITEMS, Message.of("why_so_unread"))
        return None
    run.sample("superoffice GET v1/List/LegalBase/Items", so.last_samples.get(SF.PATH_LEGAL_BASES))
    run.sample("superoffice GET v1/List/ConsentPurpose/Items", so.last_samples.get(SF.PATH_PURPOSES))
    run.sample("superoffice GET v1/List/ConsentSource/Items", so.last_samples.get(SF.PATH_SOURCES))
    host = urlsplit(so.base_url).netloc
    run.add(SO_REACHED, True, Message.of("check_so_signed_in", host=host))
    try:
        state = so.tenant_state() if getattr(run.config, "crm", "online") == "online" else None
    except ConnectorError as exc:
        run.add(SO_TENANT, False, exc.said or exc.user_message)
    else:
        if state is None:
            run.add(SO_TENANT, True, Message.of("check_onsite_running"))
        elif state.is_running:
            run.add(SO_TENANT, True, Message.of("check_tenant_running", tenant=so.customer_id, state=state.state))
        else:
            run.add(SO_TENANT, False, Message.of("check_tenant_not_running", tenant=so.customer_id, state=state.state))
        run.sample(f"superoffice {SF.ENDPOINT_STATE}", so.last_samples.get(SF.ENDPOINT_STATE))
    _keys_item(
        run,
        SO_PURPOSES,
        "SuperOffice",
        "consent purpose",
        SUPEROFFICE_PURPOSE_KEYS,
        lists.purposes,
        inactive=lists.inactive_purposes,
    )
    _keys_item(run, SO_BASES, "SuperOffice", "legal base", SUPEROFFICE_LEGAL_BASE_KEYS, lists.legal_bases)
    if so.write_source in lists.sources:
        run.add(
            SO_SOURCE, True, Message.of("check_so_source", key=so.write_source, name=lists.sources[so.write_source])
        )
    else:
        from ..connectors.superoffice import write_source_missing

        run.add(SO_SOURCE, False, write_source_missing(so.write_source, lists.sources))
    for name, kind, fields, what in (
        (SO_CONSENT_ROWS, "consent", SO_CONSENT_FIELDS, "consent rows"),
        (SO_EMAIL_ROWS, "email", SO_EMAIL_FIELDS, "e-mail rows"),
    ):
        try:
            body = so.sample_page(kind, SAMPLE_ROWS)
        except ConnectorError as exc:
            run.add(name, False, exc.said or exc.user_message)
            continue
        run.sample(f"superoffice GET {SF.PATH_ARCHIVE} ({what})", body)
        rows = body.get(SF.ARCHIVE_ROWS) if isinstance(body, dict) else None
        endpoint = f"GET {SF.PATH_ARCHIVE} ({what})"
        _page_item(run, name, "SuperOffice", endpoint, SF.ARCHIVE_ROWS, rows, fields, case_insensitive=True)
    _tls(run, SO_TLS, "SuperOffice", so.base_url, None)
    return _clock(run, SO_CLOCK, "SuperOffice", so.server_clock.latest)


# ---------------------------------------------------------------- eMarketeer


def _check_emarketeer(run: _Run, em: EmarketeerConnector) -> float | None:
    try:
        master = em.read_master_data()
    except ConnectorError as exc:
        run.add(EM_REACHED, False, exc.said or exc.user_message)
        _tls(run, EM_TLS, "eMarketeer", em.consent_base_url, exc)
        run.skip(EMARKETEER_ITEMS, Message.of("why_em_unread"))
        return None
    purposes, bases, sources = master
    for path in (EF.PATH_PURPOSES, EF.PATH_LEGAL_BASES, EF.PATH_SOURCES):
        run.sample(f"emarketeer GET {path}", em.last_samples.get(path))
    run.add(EM_REACHED, True, Message.of("check_em_key_ok", host=urlsplit(em.consent_base_url).netloc))
    _names_item(
        run,
        EM_PURPOSES,
        "purpose",
        EMARKETEER_PURPOSE_NAMES,
        purposes,
        [p.label for p in (Purpose.STORE, Purpose.MARKETING)],
    )
    _names_item(run, EM_BASES, "legal basis", EMARKETEER_LEGAL_BASIS_NAMES, bases, [b.label for b in LegalBasis])
    wanted = em.write_source.casefold()
    found = [n for n in sources.values() if " ".join(n.split()).casefold() == wanted]
    if found:
        run.add(EM_SOURCE, True, Message.of("check_em_source", name=found[0]))
    else:
        from ..connectors.emarketeer import write_source_missing

        run.add(EM_SOURCE, False, write_source_missing(em.write_source, sources))
    for name, kind, fields, path in (
        (EM_CONSENTS, "consents", EM_CONSENT_FIELDS, EF.PATH_CONSENTS_FILTER),
        (EM_CONTACTS, "contacts", EM_CONTACT_FIELDS, EF.PATH_CONTACTS),
    ):
        try:
            body = em.sample_page(kind, SAMPLE_ROWS)
        except ConnectorError as exc:
            run.add(name, False, exc.said or exc.user_message)
            continue
        run.sample(f"emarketeer GET {path}", body)
        rows = body.get(EF.PAGE_ITEMS) if isinstance(body, dict) else None
        _page_item(run, name, "eMarketeer", f"GET {path}", EF.PAGE_ITEMS, rows, fields)
    _tls(run, EM_TLS, "eMarketeer", em.consent_base_url, None, also=em.base_url)
    return _clock(run, EM_CLOCK, "eMarketeer", em.server_clock.latest)


# ---------------------------------------------------------------- item helpers


def _keys_item(
    run: _Run,
    name: str,
    system: str,
    what: str,
    ours: Mapping[str, object],
    theirs: Mapping[str, str],
    inactive: Iterable[str] = (),
) -> None:
    inactive = set(inactive)
    missing = [k for k in ours if k not in theirs]
    if not missing:
        kind = "check_purpose_keys" if what == "consent purpose" else "check_base_keys"
        run.add(name, True, Message.of(kind, n=len(ours), keys=", ".join(ours)))
        return
    said: list[Message | str] = [Message.of("check_inactive", key=k) if k in inactive else k for k in missing]
    kind = "check_so_lacks_purposes" if what == "consent purpose" else "check_so_lacks_bases"
    run.add(name, False, Message.of(kind, missing=listing(said)))


def _names_item(
    run: _Run, name: str, what: str, ours: Mapping[str, object], theirs: Mapping[int, str], labels: list[str]
) -> None:
    present = {n.strip().casefold() for n in theirs.values()}
    missing = [label for label, key in zip(labels, ours) if key not in present]
    if not missing:
        run.add(
            name, True, Message.of("check_purpose_names" if what == "purpose" else "check_basis_names", n=len(labels))
        )
        return
    kind = "check_em_lacks_purposes" if what == "purpose" else "check_em_lacks_bases"
    run.add(name, False, Message.of(kind, missing=listing([repr(m) for m in missing])))


def _page_item(
    run: _Run,
    name: str,
    system: str,
    endpoint: str,
    rows_field: str,
    rows: Any,
    fields: tuple[FieldSpec, ...],
    case_insensitive: bool = False,
) -> None:
    if not isinstance(rows, list):
        run.add(name, False, Message.of("check_no_rows_field", system=system, endpoint=endpoint, field=rows_field))
        return
    if not rows:
        run.add(name, True, Message.of("check_no_rows_yet", system=system, endpoint=endpoint))
        return
    problems = page_problems(rows, fields, case_insensitive)
    if problems:
        run.add(
            name,
            False,
            Message.of(
                "check_rows_differ", system=system, endpoint=endpoint, problems=_joined(problems, "semicolon_pair")
            ),
        )
    else:
        kind = "check_one_row_ok" if len(rows) == 1 else "check_rows_ok"
        run.add(name, True, Message.of(kind, n=len(rows), endpoint=endpoint, total=len(fields)))


def _clock(run: _Run, name: str, system: str, server_time: datetime | None) -> float | None:
    """The service's clock against this machine's: the item, and the offset in seconds (None when not read). The two
    services are compared by their offsets, not by their Date headers: those are read one service after the other,
    and a slow check would count its own duration as the clocks' difference."""
    if server_time is None:
        run.add(name, False, Message.of("check_no_date", system=system))
        return None
    mine = run.now()
    offset = (server_time - mine).total_seconds()
    window = max(1, int(getattr(run.config, "clock_skew_seconds", 120)))
    if abs(offset) > window:
        kind = "check_clock_ahead" if offset > 0 else "check_clock_behind"
        run.add(name, False, Message.of(kind, system=system, seconds=_whole(abs(offset)), window=str(window)))
    else:
        seconds = max(1, round(abs(offset)))
        run.add(name, True, Message.of("check_clock_ok", system=system, seconds=seconds, window=str(window)))
    return offset


def _tls(run: _Run, name: str, system: str, url: str, failure: ConnectorError | None, also: str | None = None) -> None:
    urls = [u for u in dict.fromkeys((url, also)) if u]
    plain = [u for u in urls if urlsplit(u).scheme.lower() == "http"]
    remote_plain = [u for u in plain if not loopback_host(urlsplit(u).hostname or "")]
    if isinstance(failure, UnreachableError) and "certificate" in failure.user_message:
        run.add(name, False, Message.of("check_tls_failed", system=system))
    elif remote_plain:
        run.add(name, False, Message.of("check_plain_http", system=system, host=urlsplit(remote_plain[0]).netloc))
    elif plain:
        run.add(name, True, Message.of("check_loopback", system=system))
    elif failure is not None:
        run.add(name, False, Message.of("check_not_checked", why=Message.of("why_unreachable", system=system)))
    else:
        hosts = ", ".join(dict.fromkeys(urlsplit(u).netloc for u in urls))
        run.add(name, True, Message.of("check_tls_ok", hosts=hosts))


def _joined(items: list[Message], pair: str) -> Message:
    said = items[-1]
    for item in reversed(items[:-1]):
        said = Message.of(pair, first=item, second=said)
    return said


def _whole(seconds: float) -> int:
    """Seconds as the sentences give them: rounded as "{:.0f}" does."""
    return int(f"{seconds:.0f}")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return text
    if not text.startswith("eMarketeer"):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


__all__ = ["CheckItem", "CheckResult", "FieldSpec", "check_setup", "page_problems"]
