"""The vendors' reference data (SuperOffice's lists, eMarketeer's master data), kept between runs (issue 11).

Both rarely change, and reading them costs six requests a run: more than an incremental run with a
handful of changes needs for the changes themselves. A run uses what the store kept when it is less
than `max_age` old (daily by default), else it reads them and keeps them. eMarketeer's master data is
also read again within a run as soon as a record names an id the kept copy lacks (see
EmarketeerConnector.use_master_data); SuperOffice's lists are only checked for the keys we need (the
legal bases are mapped by key, never by the list), so a day-old copy is as good as a fresh one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from ..connectors.emarketeer import EmarketeerConnector
from ..connectors.superoffice import SuperOfficeConnector
from ..store import Store

log = logging.getLogger(__name__)

SUPEROFFICE_LISTS = "superoffice.lists"
EMARKETEER_MASTER_DATA = "emarketeer.master_data"
MAX_AGE = timedelta(hours=24)


def prepare(
    store: Store, so: SuperOfficeConnector, em: EmarketeerConnector, now: datetime, max_age: timedelta = MAX_AGE
) -> None:
    """Give both connectors their reference data: from the store when fresh enough, else read and kept."""
    so.reset_notices()  # a run's once-per-run field notices start here (as load_lists would)
    em.reset_notices()
    so_name = _name(SUPEROFFICE_LISTS, so.base_url)
    kept_lists = _fresh(store.load_reference(so_name), now, max_age)
    sources = kept_lists.get("sources") if kept_lists is not None else None
    if not isinstance(sources, dict) or so.write_source not in sources:  # none kept, or the write source changed
        lists = so.load_lists()  # checks the keys we need (ConfigurationError otherwise)
        store.save_reference(
            so_name,
            {"legal_bases": dict(lists.legal_bases), "purposes": dict(lists.purposes), "sources": dict(lists.sources)},
            now,
        )
    em_name = _name(EMARKETEER_MASTER_DATA, em.consent_base_url)
    kept = _fresh(store.load_reference(em_name), now, max_age)
    if kept is not None:
        try:
            em.use_master_data(*(_ids(kept[name]) for name in ("purposes", "legal_bases", "sources")))
            return
        except Exception:  # a copy that no longer satisfies us (or is unreadable): read it afresh
            log.info("The kept eMarketeer master data is not usable; reading it again", exc_info=True)
            store.forget_reference(em_name)
    em.load_master_data()
    remember(store, em, now)


def remember(store: Store, em: EmarketeerConnector, now: datetime) -> None:
    """Keep eMarketeer's master data when this connector read it (at the start, or again within the run)."""
    md = em.master_data
    if md is None or em.master_data_cached:
        return
    store.save_reference(
        _name(EMARKETEER_MASTER_DATA, em.consent_base_url),
        {"purposes": _named(md.purposes), "legal_bases": _named(md.legal_bases), "sources": _named(md.sources)},
        now,
    )


def _name(kind: str, account: str) -> str:
    # Per account (its API address): another account's lists are never used for this one.
    return f"{kind} {account}"


def _fresh(kept: tuple[object, datetime] | None, now: datetime, max_age: timedelta) -> dict[str, Any] | None:
    if kept is None:
        return None
    value, saved_at = kept
    if not isinstance(value, dict) or not timedelta(0) <= now - saved_at < max_age:
        return None
    return value


def _named(items: Mapping[Any, str]) -> dict[str, str]:
    return {str(k): v for k, v in items.items()}


def _ids(items: object) -> dict[int, str]:
    if not isinstance(items, dict):
        raise ValueError("not a mapping")
    return {int(k): str(v) for k, v in items.items()}


__all__ = ["EMARKETEER_MASTER_DATA", "MAX_AGE", "SUPEROFFICE_LISTS", "prepare", "remember"]
