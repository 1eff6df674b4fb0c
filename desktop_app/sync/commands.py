"""The headless `sync` and `history` commands (shared/CLI.md): wiring from settings to the engine, and output."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..connectors.superoffice_oauth import SignInPaused
from ..domain.messages import Message, english
from ..domain.model import RunMode, RunStatus, Trigger, basis_label, format_time
from ..store import Store
from ..store.workbook import write_csv_file, write_workbook
from .engine import RunSummary, SyncOptions
from .factory import build_engine
from .lock import RunLock
from .stopping import stop_requests

if TYPE_CHECKING:
    from ..config import AppConfig, Credentials
    from ..domain.model import System
    from ..domain.planner import Decision
    from ..store import RunRecord
    from ..store.records import HeldRecord

EXIT_OK, EXIT_STOPPED, EXIT_CONFIG, EXIT_HELD = 0, 1, 2, 3


def run_sync_command(
    args: argparse.Namespace,
    config: AppConfig,
    credentials: Callable[[Store], Credentials],
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """`legalbasis-sync sync [--dry-run] [--only EMAIL]... [--json]`. `credentials` gives the run's secrets once the
    history is open (sync/credentials.py `HeadlessSignIn.renew`: SuperOffice Online's renewal honours and keeps a
    vendor's pause there)."""
    options = SyncOptions(
        trigger=Trigger.MANUAL,
        dry_run=bool(args.dry_run),
        only=tuple(args.only or ()),
        allow_mass_change=bool(getattr(args, "allow_mass_change", False)),
    )
    # R20 before anything touches the database: a first run creates and migrates it, and a second sync started at
    # the same moment must hear "already running" (LockHeld), never meet a half-made schema.
    with RunLock(Path(config.data_dir)) as lock, Store.open(Path(config.data_dir)) as store:
        if store.recovered_from is not None:
            err.write(
                f"The history database was unreadable and was moved aside to {store.recovered_from}; "
                "a new one was started.\n"
            )
        try:
            secrets = credentials(store)
        except SignInPaused as exc:
            # The token endpoint asked for a pause (kept by `renew`) before the run's first request: recorded as a run
            # the vendor's pause stopped, as the engine records one (`_stop_for`), so the History shows the attempt.
            said = exc.said or exc.user_message
            run_id = _record_paused_run(store, options, said)
            message = english(said)
            if args.json:  # shared/CLI.md's object for a run with a number, as the next run (the pause kept) prints it
                paused = RunSummary(
                    run_id=run_id,
                    status=RunStatus.STOPPED,
                    trigger=options.trigger,
                    mode=RunMode.FULL,  # not chosen: shown as none below
                    dry_run=options.dry_run,
                    message=message,
                )
                json.dump({**paused.to_json(every_hold(store, paused)), "mode": None}, out, ensure_ascii=False)
                out.write("\n")
            err.write(f"{message}\n")
            return EXIT_STOPPED
        engine = build_engine(config, secrets, store)
        # Ctrl+C, SIGTERM (systemd, timeout, shutdown), Windows' Ctrl+Break and console close: the run stops cleanly,
        # no new write leaves, and it is recorded as stopped with the reason (issue 9 pt 3).
        with stop_requests(engine.stop):
            summary = engine.run_holding_lock(lock, options)
        held = every_hold(store, summary)
    if args.json:
        json.dump(summary.to_json(held), out, ensure_ascii=False)
        out.write("\n")
    else:
        _print_summary(summary, out, held)
    if summary.status is RunStatus.HELD:
        err.write(f"{summary.message}\n")  # R23: one sentence, nothing written
        return EXIT_HELD
    if summary.status is not RunStatus.DONE:
        err.write(f"{summary.message}\n")
        return EXIT_CONFIG if summary.status is RunStatus.FAILED and _is_config(summary) else EXIT_STOPPED
    return EXIT_OK


def _record_paused_run(store: Store, options: SyncOptions, said: Message | str) -> int:
    """A run stopped by a vendor's pause before it chose a mode or read anything: ended at once, stopped, with the
    pause's sentence, in one insert; no mode (the History shows "-")."""
    return store.record_skipped_run(
        options.trigger, said, dry_run=options.dry_run, only=options.only, status=RunStatus.STOPPED
    )


def every_hold(store: Store, summary: RunSummary) -> list[Decision | HeldRecord]:
    """R24: every decision held for a person after this run, as `sync` lists them (shared/CLI.md): this run's own
    for the addresses it decided, the store's held list for the rest. Reads the held list: for a person who asked
    to see it (the `sync` command's output), never inside a run."""
    if summary.decided is None:
        return list(summary.held)  # a full run decided every address
    decided = summary.decided | {d.email for d in summary.held}
    return sorted(
        [*summary.held, *(h for h in store.held_decisions() if h.email not in decided)],
        key=lambda d: (d.email, d.purpose.value, d.person_id or 0),
    )


def _is_config(summary: RunSummary) -> bool:
    from ..connectors.errors import ConfigurationError

    return isinstance(summary.fatal, ConfigurationError)


def _print_summary(summary: RunSummary, out: TextIO, held: Sequence[Decision | HeldRecord]) -> None:
    verb = "would change" if summary.dry_run or summary.status is RunStatus.HELD else "changed"
    out.write(
        f"Run {summary.run_id} ({summary.mode.value}{', dry run' if summary.dry_run else ''}): {summary.status.value}. "
        f"{summary.matched} matched, {summary.unmatched_superoffice} only in SuperOffice, "
        f"{summary.unmatched_emarketeer} only in eMarketeer; {verb} {len(summary.changes)}, "
        f"{len(summary.conflicts)} conflicts, {len(summary.errors)} errors.\n"
    )
    for d in summary.changes:
        out.write(
            f"  {d.email} {d.purpose.value}: {_label(d.target)} {basis_label(d.old)} -> {basis_label(d.new)} "
            f"[{d.rule.value}] {d.explain()}\n"
        )
    for d in summary.conflicts:
        out.write(
            f"  conflict {d.email} {d.purpose.value}: SuperOffice {basis_label(d.superoffice.basis)}, "
            f"eMarketeer {basis_label(d.emarketeer.basis)} [{d.rule.value}]\n"
        )
    for e in summary.errors:
        out.write(f"  error {e.email}{' ' + e.purpose.value if e.purpose else ''}: {e.reason}\n")
    for h in held:
        out.write(
            f"  held {h.email} {h.purpose.value}: would write {basis_label(h.new)} over "
            f"{basis_label(h.old)} in {_label(h.target)} [R24]; answer with `legalbasis-sync review`\n"
        )
    for f in summary.flapping:
        out.write(
            f"  flapping {f.email} {f.purpose.value}: written {f.writes_24h} times in 24 hours and changed "
            "back each time [R25]; clear with `legalbasis-sync review --clear` once the cause is fixed\n"
        )


def _label(system: System | None) -> str:
    return system.label if system is not None else "-"  # a change and a held decision always have a target


def run_history_command(
    args: argparse.Namespace, config: AppConfig, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """`legalbasis-sync history [--run N] [--csv FILE] [--sends-csv FILE] [--xlsx FILE]`."""
    with Store.open(Path(config.data_dir)) as store:
        csv_exports = [
            (name, export)
            for name, export in (
                (args.csv, store.export_csv),
                (getattr(args, "sends_csv", None), store.export_sends_csv),
            )
            if name
        ]
        xlsx = getattr(args, "xlsx", None)
        run = store.get_run(args.run) if args.run is not None else None
        if args.run is not None and run is None:
            # Before any export too: a mistyped run number must not give an empty audit trail and "Wrote 0 rows".
            err.write(f"There is no run {args.run} in the history.\n")
            return EXIT_CONFIG
        if csv_exports or xlsx:
            for name, export in csv_exports:
                path = Path(name)
                try:
                    rows = write_csv_file(path, export, run_id=args.run)
                except OSError as exc:
                    err.write(f"Could not write {path}: {exc.strerror or exc}.\n")
                    return EXIT_CONFIG
                err.write(f"Wrote {rows} rows to {path}.\n")
            if xlsx:
                path = Path(xlsx)
                try:
                    counts = write_workbook(store, path, run_id=args.run)
                except OSError as exc:
                    err.write(f"Could not write {path}: {exc.strerror or exc}.\n")
                    return EXIT_CONFIG
                err.write(f"Wrote {counts.changes} changes and {counts.recipients} send recipients to {path}.\n")
            return EXIT_OK
        if run is not None:
            out.write(_run_line(run) + "\n")
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            for d in store.decisions(args.run):
                writer.writerow(
                    [
                        d.email,
                        d.purpose.value,
                        d.target.value if d.target else "-",
                        basis_label(d.old),
                        basis_label(d.new),
                        ",".join(r.value for r in d.rules),
                        d.status.value,
                        d.explanation,
                    ]
                )
            for e in store.errors(args.run):
                writer.writerow([e.email, e.purpose.value if e.purpose else "-", "error", "", "", "", "", e.reason])
            return EXIT_OK
        runs = store.runs(limit=50)
        if not runs:
            out.write("No runs yet.\n")
        for run in runs:
            out.write(_run_line(run) + "\n")
    return EXIT_OK


def _run_line(run: RunRecord) -> str:
    flags = ", dry run" if run.dry_run else ""
    mode = run.mode.value if run.mode is not None else "-"  # skipped runs never chose a mode
    line = (
        f"#{run.id} {format_time(run.started_at)} {run.trigger.value} {mode}{flags}: {run.status.value}; "
        f"{run.changes} changes, {run.conflicts} conflicts, {run.errors} errors, {run.matched} matched"
    )
    if run.message:
        line += f" ({run.message})"
    return line
