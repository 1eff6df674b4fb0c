""" "Test connection" for each system: load SuperOffice's lists or eMarketeer's master data and say what was found.

Qt-free and blocking: the settings panel runs these off the GUI thread. Each returns one sentence
for the person and raises nothing a person cannot read (connector errors carry their sentence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ...config import CRM_ONSITE, AppConfig
from ...connectors.emarketeer import EmarketeerConnector
from ...connectors.errors import ConnectorError
from ...connectors.superoffice import BasicAuth, BearerAuth, SuperOfficeConnector
from ...domain.messages import error_text
from ...domain.model import System
from ...domain.text import sentence as _sentence
from ...i18n import translate
from ...sync.setup_check import quick_limits


@dataclass(frozen=True, slots=True)
class ConnectionResult:
    system: System
    ok: bool
    text: str
    sources: tuple[tuple[str, str], ...] = ()  # (value, name) of the write sources the system lists (issue 10)


@dataclass(frozen=True, slots=True, repr=False)
class ConnectionTest:
    """Everything one test needs, prepared on the GUI thread; `run()` does the network part."""

    system: System
    config: AppConfig
    secret: str  # the password, token or API key to test with
    webapi_override: str | None = None

    def run(self) -> ConnectionResult:
        sources: list[tuple[str, str]] = []  # filled as soon as the lists are read, also when a check then fails
        try:
            text = _superoffice(self, sources) if self.system is System.SUPEROFFICE else _emarketeer(self, sources)
        except ConnectorError as exc:
            return ConnectionResult(self.system, False, _sentence(error_text(exc)), tuple(sources))
        return ConnectionResult(self.system, True, text, tuple(sources))

    def __repr__(self) -> str:
        return f"ConnectionTest(system={self.system!r}, secret='***')"


def _superoffice(test: ConnectionTest, sources: list[tuple[str, str]]) -> str:
    config = test.config
    auth = BasicAuth(config.superoffice_user, test.secret) if config.crm == CRM_ONSITE else BearerAuth(test.secret)
    with SuperOfficeConnector(
        config.superoffice_url,
        auth,
        quick_limits(config),
        state_url=config.superoffice_state_address,
        write_source=config.superoffice_write_source,
    ) as so:
        sources.extend(sorted(so.read_lists().sources.items()))
        lists = so.load_lists()  # what the sync needs, the write source included: one sentence when missing
        host = urlsplit(so.base_url).netloc
    return translate(
        "ConnectionCheck",
        "Connected to SuperOffice at {host}: {bases} legal bases and {purposes} "
        "consent purposes, including the ones the sync needs.",
    ).format(host=host, bases=len(lists.legal_bases), purposes=len(lists.purposes))


def _emarketeer(test: ConnectionTest, sources: list[tuple[str, str]]) -> str:
    config = test.config
    kwargs: dict[str, Any] = {
        "api_key": test.secret,
        "limits": quick_limits(config),
        "write_source": config.emarketeer_write_source,
    }
    if config.emarketeer_url:
        kwargs["base_url"] = config.emarketeer_url
    with EmarketeerConnector(**kwargs) as em:
        names = em.read_master_data()[2].values()
        sources.extend((name, name) for name in sorted(names, key=str.casefold))
        data = em.load_master_data()
        host = urlsplit(em.base_url).netloc
    return translate(
        "ConnectionCheck",
        "Connected to eMarketeer at {host}: {purposes} purposes and {bases} legal "
        "bases, including the ones the sync needs.",
    ).format(host=host, purposes=len(data.purposes), bases=len(data.legal_bases))
