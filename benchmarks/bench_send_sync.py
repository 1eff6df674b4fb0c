"""Benchmark: the send-time sync (`--only`) of 5,000 recipients among 100,000 contacts, over loopback.

Issue 4 point 5. The simulators run in a child process (sim_process). Steps: a full sync, then an
incremental run 30 minutes later (as the schedule would: it takes the full run's own writes into the
cursors); then, 10 minutes later, `--changed-so` recipients change their marketing consent in
SuperOffice, `--changed-em` in eMarketeer, and `--outside` non-recipients change too; then the
send-time sync of the recipients runs exactly as the send panel starts it (trigger send, details kept).

Printed: seconds, requests per system and per kind, writes, requests per changed recipient, and
the paging requests. Kinds (sim_process.request_kind): "write" = PUT/POST; "per-key" = a GET for one
contact or person (eMarketeer consents?key=, consent history; SuperOffice Person/{id}/Consent);
"paging" = every GET of a list or of one page of one (SuperOffice archive pages and lists, eMarketeer
consents/filter and contacts pages, master data). Target: <= 10 s and
requests <= 2 x changed recipients + paging requests, i.e. per-key reads + writes <= 2 per changed recipient.

Baseline, same run: the same recipients changed back the same way, then synced through the direct
per-address path (`only_bulk_from` above the scope: one eMarketeer GET per address), as before this
path existed; and a bulk --only run with nothing left to change.

    python benchmarks/bench_send_sync.py [--contacts 100000] [--recipients 5000] [--changed-so 250] ...
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim_process import SimulatorProcess  # noqa: E402

from desktop_app.connectors.emarketeer import EmarketeerConnector  # noqa: E402
from desktop_app.connectors.http import RequestLimits  # noqa: E402
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector  # noqa: E402
from desktop_app.domain.model import RunMode, Trigger  # noqa: E402
from desktop_app.store import Store  # noqa: E402
from desktop_app.sync.engine import CURSOR_EM_CONSENT, CURSOR_SO_CONSENT, EngineSettings, SyncEngine, SyncOptions  # noqa: E402

LIMITS = RequestLimits(requests_per_second=5000.0, max_concurrency=8, timeout=60.0)
CLOCK_OFFSET = [timedelta()]


def engine_clock() -> datetime:
    return datetime.now(timezone.utc) + CLOCK_OFFSET[0]


def advance(sims, seconds: int) -> None:
    sims.call("advance", seconds)
    CLOCK_OFFSET[0] += timedelta(seconds=seconds)


def timed_run(info, data_dir, options, sims, **settings):
    sims.call("breakdown")
    with Store.open(data_dir) as store:
        so = SuperOfficeConnector(info["so"], BasicAuth("admin", "secret"), LIMITS, state_url=info["state"])
        em = EmarketeerConnector(info["em"], "demo-key", LIMITS)
        engine = SyncEngine(
            data_dir,
            store,
            so,
            em,
            EngineSettings(max_concurrency=LIMITS.max_concurrency, **settings),
            clock=engine_clock,
        )
        started = time.perf_counter()
        summary = engine.run(options)
        seconds = time.perf_counter() - started
        cursors = (store.get_cursor(CURSOR_SO_CONSENT), store.get_cursor(CURSOR_EM_CONSENT))
    return seconds, summary, sims.call("breakdown"), cursors


def kinds_line(kinds: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))


def total(kinds: dict, system: str = "", kind: str = "") -> int:
    return sum(v for k, v in kinds.items() if k.startswith(system) and k.endswith(kind))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--recipients", type=int, default=5_000)
    parser.add_argument("--changed-so", type=int, default=250)
    parser.add_argument("--changed-em", type=int, default=250)
    parser.add_argument("--outside", type=int, default=200, help="non-recipients changed as well")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with SimulatorProcess(args.contacts, args.seed) as sims, tempfile.TemporaryDirectory() as tmp:
        info = sims.info
        data_dir = Path(tmp)
        print(
            f"simulators: {info['persons']:,} SuperOffice persons, {info['em_contacts']:,} eMarketeer contacts "
            f"(loaded in {info['load_seconds']:.1f} s, child process)"
        )
        full_s, full, _, _ = timed_run(info, data_dir, SyncOptions(mode=RunMode.FULL), sims)
        print(f"full sync: {full_s:.1f} s, {len(full.changes):,} writes")
        advance(sims, 1800)
        inc_s, inc, _, _ = timed_run(info, data_dir, SyncOptions(), sims)
        print(f"incremental run 30 min later: {inc_s:.2f} s, mode {inc.mode.value}, {len(inc.changes)} writes")

        advance(sims, 600)
        picked = sims.call("send_scope", args.recipients, args.changed_so, args.changed_em, args.outside)
        recipients = picked["recipients"]
        outside = picked["outside"]
        sims.call("flip", "superoffice", picked["superoffice"] + outside[: len(outside) // 2])
        sims.call("flip", "emarketeer", picked["emarketeer"] + outside[len(outside) // 2 :])
        changed = len(picked["superoffice"]) + len(picked["emarketeer"])
        advance(sims, 60)
        send = SyncOptions(only=tuple(recipients), trigger=Trigger.SEND, keep_details=True)

        with Store.open(data_dir) as store:
            cursors_before = (store.get_cursor(CURSOR_SO_CONSENT), store.get_cursor(CURSOR_EM_CONSENT))
        fast_s, fast, kinds, cursors_after = timed_run(info, data_dir, send, sims)
        requests = total(kinds)
        paging = total(kinds, kind="paging")
        per_changed = (requests - paging) / changed
        writes = total(kinds, kind="write")
        print(
            f"send-time sync, {len(recipients):,} recipients ({changed} changed: {len(picked['superoffice'])} in "
            f"SuperOffice, {len(picked['emarketeer'])} in eMarketeer; {len(outside)} non-recipients changed too): "
            f"{fast_s:.2f} s, status {fast.status.value}, {len(fast.changes)} writes, "
            f"{len(fast.conflicts)} conflicts, {len(fast.errors)} errors"
        )
        print(
            f"  requests {requests} (SuperOffice {total(kinds, 'superoffice')}, eMarketeer "
            f"{total(kinds, 'emarketeer')}): {kinds_line(kinds)}"
        )
        print(
            f"  paging requests {paging}; writes {writes}; (requests - paging) per changed recipient "
            f"{per_changed:.2f}; details: {len(fast.details.superoffice):,} SuperOffice, "
            f"{len(fast.details.emarketeer):,} eMarketeer contacts"
        )
        print(f"  cursors moved by the --only run: {cursors_before != cursors_after}")
        print(
            f"  target <= 10 s: {'MET' if fast_s <= 10 else 'MISSED'}; requests <= 2 x {changed} + {paging}: "
            f"{'MET' if requests <= 2 * changed + paging else 'MISSED'}"
        )

        quiet_s, quiet, quiet_kinds, _ = timed_run(info, data_dir, send, sims)
        print(
            f"  same send again, nothing changed: {quiet_s:.2f} s, {len(quiet.changes)} writes, "
            f"{total(quiet_kinds)} requests ({kinds_line(quiet_kinds)})"
        )

        # Baseline: the same recipients changed back the same way, synced one eMarketeer GET per address.
        advance(sims, 600)
        sims.call("flip", "superoffice", picked["superoffice"])
        sims.call("flip", "emarketeer", picked["emarketeer"])
        advance(sims, 60)
        base_s, base, base_kinds, _ = timed_run(info, data_dir, send, sims, only_bulk_from=10**9)
        print(
            f"baseline, direct per-address path for the same recipients and as many changes: {base_s:.2f} s, "
            f"{len(base.changes)} writes, {total(base_kinds)} requests ({kinds_line(base_kinds)}); "
            f"bulk path = {fast_s / base_s:.2f}x its time, {requests / max(1, total(base_kinds)):.2f}x its requests"
        )


if __name__ == "__main__":
    main()
