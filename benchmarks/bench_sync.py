"""Benchmark: a full sync of 100,000 contacts and an incremental run with 100 changes, over loopback.

Prints wall time, requests and peak memory of the engine's process (the simulators run in a child
process), and a baseline measured in the same run: the same reads done bare with httpx (no
parsing into records, no planning, no store). Between runs the servers' clocks (and the engine's)
move 30 minutes ahead, the schedule's interval, so an incremental run's overlap window does not
re-read the previous run's writes as it would if runs followed each other within seconds. Targets (issue 2): full sync <= 60 s and peak RSS
<= 400 MB; incremental <= 3 s and <= 100 + 10 requests.

    python benchmarks/bench_sync.py [--contacts 100000] [--changed 100]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim_process import SimulatorProcess  # noqa: E402

from desktop_app.connectors.emarketeer import EmarketeerConnector  # noqa: E402
from desktop_app.connectors.http import RequestLimits  # noqa: E402
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector  # noqa: E402
from desktop_app.domain.model import RunMode  # noqa: E402
from desktop_app.store import Store  # noqa: E402
from desktop_app.sync.engine import EngineSettings, SyncEngine, SyncOptions  # noqa: E402

# Loopback has no rate limit to respect: the ceiling is raised so it measures the engine, not the limiter.
LIMITS = RequestLimits(requests_per_second=5000.0, max_concurrency=8, timeout=60.0)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_reads(info: dict) -> tuple[float, int]:
    """The baseline: page through the same four collections with httpx, discarding the bodies."""
    started = time.perf_counter()
    requests = 0
    auth = httpx.BasicAuth("admin", "secret")
    with httpx.Client(timeout=60) as client:
        for select, order in (
            (
                "email.email_id,email.person_id,email.email_address,email.rank,email.updated,"
                "email.person_id.registered",
                "email.email_id",
            ),
            (
                "consentperson.consentperson_id,consentperson.person_id,consentperson.registered,"
                "consentperson.updated,consentperson.consentPurpose_id.key,"
                "consentperson.legalBase_id.key",
                "consentperson.consentperson_id",
            ),
        ):
            skip = 0
            while True:
                r = client.get(
                    info["so"] + "v1/Archive/dynamic",
                    auth=auth,
                    params={"$select": select, "$orderBy": order, "$top": 1000, "$skip": skip},
                    headers={"Accept": "application/json"},
                )
                requests += 1
                rows = r.json()["value"]
                skip += len(rows)
                if len(rows) < 1000:
                    break
        for path in ("/contacts-api/v1/contacts", "/consent-public/v1/consents/filter"):
            page = 1
            while True:
                r = client.get(
                    info["em"] + path, params={"page": page, "pageSize": 1000}, headers={"x-api-key": "demo-key"}
                )
                requests += 1
                if len(r.json()["items"]) < 1000:
                    break
                page += 1
    return time.perf_counter() - started, requests


CLOCK_OFFSET = [timedelta()]  # how far the simulators' clocks have been moved ahead


def engine_clock() -> datetime:
    return datetime.now(timezone.utc) + CLOCK_OFFSET[0]


def advance(sims, seconds: int) -> None:
    sims.call("advance", seconds)
    CLOCK_OFFSET[0] += timedelta(seconds=seconds)


def engine_for(info: dict, data_dir: Path, store: Store) -> SyncEngine:
    so = SuperOfficeConnector(info["so"], BasicAuth("admin", "secret"), LIMITS, state_url=info["state"])
    em = EmarketeerConnector(info["em"], "demo-key", LIMITS)
    return SyncEngine(
        data_dir, store, so, em, EngineSettings(max_concurrency=LIMITS.max_concurrency), clock=engine_clock
    )


def timed_run(info, data_dir, options, sims) -> tuple[float, object, tuple[int, int]]:
    with Store.open(data_dir) as store:
        engine = engine_for(info, data_dir, store)
        started = time.perf_counter()
        summary = engine.run(options)
        seconds = time.perf_counter() - started
    server_counts = sims.call("counts")
    return seconds, summary, server_counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with SimulatorProcess(args.contacts, args.seed) as sims, tempfile.TemporaryDirectory() as tmp:
        info = sims.info
        data_dir = Path(tmp)
        print(
            f"simulators: {info['persons']:,} SuperOffice persons, {info['em_contacts']:,} eMarketeer contacts "
            f"(generated and loaded in {info['load_seconds']:.1f} s, child process)"
        )
        sims.call("counts")
        baseline_s, baseline_requests = bare_reads(info)
        sims.call("counts")
        print(f"baseline, bare httpx reads of the same data: {baseline_s:.2f} s, {baseline_requests} requests")

        full_s, full, (so_req, em_req) = timed_run(info, data_dir, SyncOptions(mode=RunMode.FULL), sims)
        rss = peak_rss_mb()
        print(
            f"full sync: {full_s:.2f} s ({full_s / baseline_s:.1f}x baseline), status {full.status.value}, "
            f"{full.matched:,} matched, {len(full.changes):,} changes, {len(full.conflicts)} conflicts, "
            f"{len(full.errors)} errors; requests {so_req + em_req:,} (SuperOffice {so_req:,}, eMarketeer "
            f"{em_req:,}); peak RSS {rss:.0f} MB"
        )
        print(
            f"  target <= 60 s: {'MET' if full_s <= 60 else 'MISSED'}; peak RSS <= 400 MB: "
            f"{'MET' if rss <= 400 else 'MISSED'}"
        )

        advance(sims, 1800)
        again_s, again, (so_req2, em_req2) = timed_run(info, data_dir, SyncOptions(mode=RunMode.FULL), sims)
        print(f"second full run (R12): {again_s:.2f} s, {len(again.changes)} changes, requests {so_req2 + em_req2:,}")

        advance(sims, 1800)
        quiet_s, quiet, (so_q, em_q) = timed_run(info, data_dir, SyncOptions(), sims)
        print(
            f"incremental run, nothing changed: {quiet_s:.2f} s, mode {quiet.mode.value}, "
            f"{len(quiet.changes)} changes, requests {so_q + em_q}"
        )

        advance(sims, 1800)
        changed = sims.call("change", args.changed)
        inc_s, inc, (so_i, em_i) = timed_run(info, data_dir, SyncOptions(), sims)
        total = so_i + em_i
        print(
            f"incremental run, {len(changed)} contacts changed: {inc_s:.2f} s ({inc_s / full_s:.3f}x the full "
            f"run), mode {inc.mode.value}, {len(inc.changes)} changes, {len(inc.errors)} errors; requests "
            f"{total} (SuperOffice {so_i}, eMarketeer {em_i})"
        )
        print(
            f"  target <= 3 s: {'MET' if inc_s <= 3 else 'MISSED'}; <= {args.changed} + 10 requests: "
            f"{'MET' if total <= args.changed + 10 else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
