"""Benchmark the planner against the bare dict join it cannot avoid, on a realistic steady state.

    /work/venv/bin/python benchmarks/bench_planner.py [--contacts N] [--seed S] [--profile]

Builds N addresses x 2 purposes on both sides plus baselines (not timed): ~3% only in SuperOffice,
~3% only in eMarketeer; of the matched ones ~95% unchanged since the baseline, ~2% changed in
SuperOffice, ~2% in eMarketeer, ~0.5% in both, ~0.5% without a baseline; ~3% of SuperOffice
addresses carry younger duplicate persons (R9); a handful of malformed values (R17). Every value
and time is its own object, as after parsing JSON and loading the store, so equality really compares.

Then times, best of 3 (time.perf_counter): (1) the bare join, the minimal loop doing the planner's
lookups and per-contact tuple comparisons, and (2) plan(). Targets: plan <= 3 s, and <= 5x the join.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.domain.model import (  # noqa: E402
    NO_CONSENT,
    Consent,
    ContactBaseline,
    EmarketeerContact,
    LegalBasis,
    SuperOfficeContact,
    SuperOfficePerson,
)
from desktop_app.domain.planner import Plan, PlanSettings, plan  # noqa: E402

PLAN_SECONDS_TARGET = 3.0
RATIO_TARGET = 5.0

EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SPAN = int((NOW - EPOCH).total_seconds()) - 86_400 * 40  # baselines: up to 40 days before now
RECENT = 86_400 * 30  # changes since the last sync: between 40 and 10 days before now

L = LegalBasis
STORE_VALUES = [L.LEGITIMATE_INTEREST] * 5 + [L.CONTRACT] * 3 + [L.CONSENT] * 2 + [None]
MARKETING_VALUES = [L.CONSENT] * 5 + [L.WITHDRAWN] * 2 + [L.LEGITIMATE_INTEREST] + [None] * 3
VALUES = (STORE_VALUES, MARKETING_VALUES)
ANY_VALUE = list(LegalBasis)


def at(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)  # a fresh object on every call


def consent(basis: LegalBasis | None, seconds: int) -> Consent:
    return NO_CONSENT if basis is None else Consent(basis, at(seconds))


def other_value(rng: random.Random, basis: LegalBasis | None) -> LegalBasis:
    while True:
        new = rng.choice(ANY_VALUE)
        if new is not basis:
            return new


def build_world(n: int, seed: int):
    """Both sides' indexes and the baselines, as the engine hands them to plan()."""
    rng = random.Random(seed)
    superoffice: dict[str, SuperOfficeContact] = {}
    emarketeer: dict[str, EmarketeerContact] = {}
    baselines: dict[str, ContactBaseline] = {}
    person_id = 0
    counts = dict.fromkeys(
        [
            "so_only",
            "em_only",
            "unchanged",
            "so_changed",
            "em_changed",
            "both_changed",
            "no_baseline",
            "duplicated",
            "malformed",
        ],
        0,
    )
    recent0 = SPAN
    for i in range(n):
        email = f"person{i:07d}@company{i % 1009}.example.se"
        r = rng.random()
        place = "so_only" if r < 0.03 else "em_only" if r < 0.06 else "both"
        # The agreed state (the baseline) and each side's change time at that moment.
        bases = [rng.choice(VALUES[p]) for p in (0, 1)]
        so_times = [rng.randrange(SPAN) for _ in (0, 1)]
        em_times = [rng.randrange(SPAN) for _ in (0, 1)]
        so_values = [consent(bases[p], so_times[p]) for p in (0, 1)]
        em_values = [consent(bases[p], em_times[p]) for p in (0, 1)]
        if place == "both":
            r = rng.random()
            p = rng.randrange(2)
            if r < 0.95:
                kind = "unchanged"
            elif r < 0.97:
                kind = "so_changed"
                so_values[p] = consent(other_value(rng, bases[p]), recent0 + rng.randrange(RECENT))
            elif r < 0.99:
                kind = "em_changed"
                em_values[p] = consent(other_value(rng, bases[p]), recent0 + rng.randrange(RECENT))
            elif r < 0.995:
                kind = "both_changed"
                t = recent0 + rng.randrange(RECENT)
                so_values[p] = consent(other_value(rng, bases[p]), t)
                # One in five within the clock-skew window (a conflict, R13).
                em_t = t + (rng.randrange(-100, 100) if rng.random() < 0.2 else rng.randrange(-RECENT, RECENT) // 6)
                em_values[p] = consent(other_value(rng, bases[p]), em_t)
            else:
                kind = "no_baseline"
                if rng.random() < 0.5:
                    em_values[p] = consent(other_value(rng, bases[p]), recent0 + rng.randrange(RECENT))
            counts[kind] += 1
            if rng.random() < 0.0002:  # R17: a value without a change time, now and then
                counts["malformed"] += 1
                so_values[1 - p] = Consent(rng.choice(ANY_VALUE), None)
            if kind != "no_baseline":
                # Loaded from the store: equal values, distinct objects.
                baselines[email] = ContactBaseline(
                    tuple(consent(bases[q], so_times[q]) for q in (0, 1)),
                    tuple(consent(bases[q], em_times[q]) for q in (0, 1)),
                )
        else:
            counts[place] += 1
        if place != "em_only":
            person_id += 1
            registered = at(rng.randrange(SPAN // 2))
            persons = [SuperOfficePerson(person_id, email, registered, tuple(so_values))]
            if rng.random() < 0.03:  # R9: younger duplicates, half of them with other values
                counts["duplicated"] += 1
                for _ in range(rng.choice((1, 1, 2))):
                    person_id += 1
                    dup_values = (
                        tuple(so_values)
                        if rng.random() < 0.5
                        else tuple(consent(rng.choice(VALUES[q]), rng.randrange(SPAN)) for q in (0, 1))
                    )
                    persons.append(
                        SuperOfficePerson(person_id, email, at(SPAN // 2 + rng.randrange(SPAN // 2)), dup_values)
                    )
            superoffice[email] = SuperOfficeContact(email, tuple(persons))
        if place != "so_only":
            emarketeer[email] = EmarketeerContact(email, 1_000_000 + i, tuple(em_values))
    return superoffice, emarketeer, baselines, counts


def bare_join(superoffice, emarketeer, baselines) -> tuple[int, int, int, int]:
    """The floor: the same lookups and per-contact tuple comparisons, nothing decided."""
    em_get = emarketeer.get
    base_get = baselines.get
    matched = differ = unmatched_so = 0
    for email, so_contact in superoffice.items():
        em_contact = em_get(email)
        if em_contact is None:
            unmatched_so += 1
            continue
        matched += 1
        base = base_get(email)
        if base is None or so_contact.persons[0].consents != base.superoffice or em_contact.consents != base.emarketeer:
            differ += 1
    unmatched_em = 0
    for email in emarketeer:
        if email not in superoffice:
            unmatched_em += 1
    return matched, differ, unmatched_so, unmatched_em


def best_of(runs: int, fn, *args):
    best = float("inf")
    result = None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000, help="addresses to build (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="also profile one plan() with cProfile")
    args = parser.parse_args(argv)

    t = time.perf_counter()
    superoffice, emarketeer, baselines, counts = build_world(args.contacts, args.seed)
    build_seconds = time.perf_counter() - t
    print(f"Python {sys.version.split()[0]}; built in {build_seconds:.1f} s (not timed)")
    print(
        f"contacts: {args.contacts:,} addresses x 2 purposes; SuperOffice {len(superoffice):,} "
        f"({sum(len(c.persons) for c in superoffice.values()):,} persons), eMarketeer {len(emarketeer):,}, "
        f"baselines {len(baselines):,}"
    )
    print("  mix: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    join_s, (matched, differ, unmatched_so, unmatched_em) = best_of(
        args.runs, bare_join, superoffice, emarketeer, baselines
    )
    plan_s, the_plan = best_of(args.runs, plan, superoffice, emarketeer, baselines, NOW, PlanSettings())
    assert isinstance(the_plan, Plan)
    writes = the_plan.writes
    assert the_plan.matched == matched
    assert len(the_plan.unmatched_superoffice) == unmatched_so
    assert len(the_plan.unmatched_emarketeer) == unmatched_em

    print(
        f"matched: {the_plan.matched:,}; in sync (purposes): {the_plan.in_sync:,}; "
        f"unmatched: SuperOffice {unmatched_so:,}, eMarketeer {unmatched_em:,}; join saw {differ:,} contacts moved"
    )
    print(
        f"decisions: {len(the_plan.decisions):,}; writes: {len(writes):,} "
        f"(to SuperOffice {sum(d.target.value == 'superoffice' for d in writes):,}, "
        f"to eMarketeer {sum(d.target.value == 'emarketeer' for d in writes):,}); "
        f"conflicts: {len(the_plan.conflicts):,}; errors: {len(the_plan.errors):,}"
    )
    ratio = plan_s / join_s
    print(f"bare join: {join_s:.3f} s   plan: {plan_s:.3f} s   plan/join: {ratio:.2f}x   (best of {args.runs})")
    ok_time = (
        plan_s <= PLAN_SECONDS_TARGET * args.contacts / 1_000_000
        if args.contacts < 1_000_000
        else plan_s <= PLAN_SECONDS_TARGET
    )
    ok_ratio = ratio <= RATIO_TARGET
    print(
        f"target plan <= {PLAN_SECONDS_TARGET:g} s per 1,000,000: {'MET' if ok_time else 'MISSED'}; "
        f"target plan <= {RATIO_TARGET:g}x join: {'MET' if ok_ratio else 'MISSED'}"
    )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        plan(superoffice, emarketeer, baselines, NOW, PlanSettings())
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        print(out.getvalue())
    return 0 if ok_time and ok_ratio else 1


if __name__ == "__main__":
    raise SystemExit(main())
