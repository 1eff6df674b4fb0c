"""The two connectors as the settings say: one place for the sync, the setup check and the diagnostics.

Light to import (no engine, no store): the setup check and Test connection build connectors too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..connectors.emarketeer import EmarketeerConnector
from ..connectors.http import RequestLimits
from ..connectors.superoffice import BasicAuth, BearerAuth, SuperOfficeConnector

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials


def superoffice_connector(config: AppConfig, credentials: Credentials, limits: RequestLimits) -> SuperOfficeConnector:
    """SuperOffice as configured: Basic auth on-site, the OAuth token Online."""
    auth: BasicAuth | BearerAuth
    if config.crm == "onsite":
        auth = BasicAuth(config.superoffice_user, credentials.superoffice_password or "")
    else:
        auth = BearerAuth(credentials.superoffice_token or "")
    return SuperOfficeConnector(
        config.superoffice_url,
        auth,
        limits,
        state_url=config.superoffice_state_address,
        token_refresher=getattr(credentials, "superoffice_token_refresher", None),
        write_source=config.superoffice_write_source,
    )


def emarketeer_connector(config: AppConfig, credentials: Credentials, limits: RequestLimits) -> EmarketeerConnector:
    """eMarketeer as configured (its own hosts unless a base address is set)."""
    kwargs: dict[str, Any] = {
        "api_key": credentials.emarketeer_api_key,
        "limits": limits,
        "write_source": config.emarketeer_write_source,
    }
    if config.emarketeer_url:
        kwargs["base_url"] = config.emarketeer_url
    return EmarketeerConnector(**kwargs)


__all__ = ["emarketeer_connector", "superoffice_connector"]
