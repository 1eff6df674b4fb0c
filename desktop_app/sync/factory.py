"""Builds the connectors and the engine from resolved settings and credentials (prepare before run)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..connectors.emarketeer import EmarketeerConnector
from ..connectors.http import RequestLimits
from ..connectors.superoffice import SuperOfficeConnector
from ..domain.model import DuplicatePolicy
from ..domain.safety import BrakeSettings
from ..store import Store
from .connections import emarketeer_connector, superoffice_connector
from .engine import EngineSettings, SyncEngine

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials


def request_limits(config: AppConfig) -> RequestLimits:
    return RequestLimits(
        requests_per_second=float(config.requests_per_second),
        max_concurrency=int(config.max_concurrency),
        timeout=float(config.request_timeout_seconds),
        answer_deadline=max(120.0, 4 * float(config.request_timeout_seconds)),
    )


def engine_settings(config: AppConfig) -> EngineSettings:
    return EngineSettings(
        clock_skew=timedelta(seconds=config.clock_skew_seconds),
        overlap=timedelta(minutes=config.overlap_minutes),
        full_run_every=timedelta(hours=config.full_run_hours),
        max_concurrency=int(config.max_concurrency),
        max_run_time=timedelta(minutes=getattr(config, "max_run_minutes", 120)),
        duplicates=DuplicatePolicy(getattr(config, "duplicates_policy", DuplicatePolicy.ALL.value)),
        hold_reversals=bool(getattr(config, "hold_reversals", True)),
        brake=BrakeSettings(
            enabled=bool(getattr(config, "mass_change_brake", True)),
            max_writes=int(getattr(config, "mass_change_writes", 200)),
            max_percent=float(getattr(config, "mass_change_percent", 2.0)),
        ),
    )


def build_connectors(config: AppConfig, credentials: Credentials) -> tuple[SuperOfficeConnector, EmarketeerConnector]:
    limits = request_limits(config)
    return superoffice_connector(config, credentials, limits), emarketeer_connector(config, credentials, limits)


def build_engine(config: AppConfig, credentials: Credentials, store: Store, **kwargs: Any) -> SyncEngine:
    so, em = build_connectors(config, credentials)
    return SyncEngine(Path(config.data_dir), store, so, em, engine_settings(config), **kwargs)
