"""The headless `review` command (shared/CLI.md): held decisions (R24), flapping pairs (R25), a held run (R23).

It only reads and writes the local history: an answer is carried out by the next sync, which
re-reads both systems first, so an answer given for values that changed since is void, never applied.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..domain.email import try_normalise_email
from ..domain.model import Consent, Purpose, basis_label, format_time
from ..domain.planner import AnswerKind
from ..store import Store
from ..store.safety import in_place_of

if TYPE_CHECKING:
    from ..config import AppConfig
    from ..domain.model import LegalBasis
    from ..store.records import FlappingRecord, HeldRecord, HeldRunRecord

EXIT_OK, EXIT_USAGE = 0, 2


class _BadKey(ValueError):
    pass


def operating_system_user() -> str:
    """Who answers (R24's audit trail): the operating-system user running the app."""
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no user name in the environment or the password database (some containers)
        return "unknown"


def parse_key(text: str) -> tuple[str, Purpose | None]:
    """`EMAIL[:PURPOSE]` as (normalised address, purpose or None for both)."""
    raw = text.strip()
    purpose: Purpose | None = None
    head, sep, tail = raw.rpartition(":")
    if sep and tail.strip().lower() in {p.value for p in Purpose}:
        raw, purpose = head, Purpose(tail.strip().lower())
    # shared/CLI.md's EMAIL[:PURPOSE]: a ':' left after the '@' is a purpose mistyped (`x@y.se:sms`), never part of a
    # domain; a control character (NUL) is no part of an address either. Both were taken as addresses.
    _, at, domain = raw.rpartition("@")
    bad = (bool(at) and ":" in domain) or any(ord(c) < 32 or ord(c) == 127 for c in raw)
    email = None if bad else try_normalise_email(raw)
    if email is None:
        raise _BadKey(f"{text!r} is not an e-mail address (optionally followed by :store or :marketing)")
    return email, purpose


def run_review_command(
    args: argparse.Namespace, config: AppConfig, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """`legalbasis-sync review [--json] [--approve K]... [--keep K]... [--approve-all] [--clear K]...`."""
    try:
        approve = [parse_key(k) for k in args.approve]
        keep = [parse_key(k) for k in args.keep]
        clear = [parse_key(k) for k in args.clear]
    except _BadKey as exc:
        err.write(f"{exc}.\n")
        return EXIT_USAGE
    # R24: one held decision cannot be both approved and kept withdrawn; recording both let a fixed order decide.
    both = next((k for k in approve if any(_overlap(k, other) for other in keep)), None)
    if both is not None:
        email, purpose = both
        err.write(
            f"{email}{':' + purpose.value if purpose else ''} is named by both --approve and --keep; "
            "give one answer for each held decision.\n"
        )
        return EXIT_USAGE
    user = operating_system_user()
    with Store.open(Path(config.data_dir)) as store:
        if store.recovered_from is not None:
            # As `sync` says it (sync/commands.py): the held list and the answers given are in the file moved aside.
            err.write(
                f"The history database was unreadable and was moved aside to {store.recovered_from}; "
                "a new one was started.\n"
            )
        # R24: what runs let through held, and what the newest dry run held since (`sync --dry-run` lists it held; the
        # window answers the same Preview's rows). Before, `review` said nothing was held for what it had just listed.
        reviewable = _for_review(store)
        flapping = store.flapping()
        held_keys = {(h.email, h.purpose) for h in reviewable}
        flapping_keys = {(f.email, f.purpose) for f in flapping}
        missing = [k for k in approve + keep if not _any(held_keys, k)] + [
            k for k in clear if not _any(flapping_keys, k)
        ]
        if missing:
            email, purpose = missing[0]
            what = "flapping" if missing[0] in clear else "held for review"
            err.write(
                f"Nothing for {email}{':' + purpose.value if purpose else ''} is {what}; "
                "`legalbasis-sync review` lists what is.\n"
            )
            return EXIT_USAGE
        done = []
        if args.approve_all and keep:
            # "Approve all but these": the kept ones get no approval first (recorded, then replaced by the Keep, the
            # audit trail would say the admin approved reversing a withdrawal the admin meant to keep).
            others = {k for k in held_keys if not any(_overlap(k, kept) for kept in keep)}
            done += store.answer_held(others, AnswerKind.APPROVE, user, previews=True) if others else []
        elif args.approve_all:
            done += store.answer_held(None, AnswerKind.APPROVE, user, previews=True)
        elif approve:
            done += store.answer_held(set(approve), AnswerKind.APPROVE, user, previews=True)
        if keep:
            done += store.answer_held(set(keep), AnswerKind.KEEP, user, previews=True)
        cleared = store.clear_flapping(set(clear), user) if clear else []
        for a in done:
            verb = "Approved" if a.answer == "approve" else "Keep withdrawn"
            # The values it covers (R24): what the held list holds now, which a sync may have read since it was listed.
            values = f"SuperOffice {_side(a.superoffice)}, eMarketeer {_side(a.emarketeer)}"
            err.write(
                f"{verb}: {a.email} {a.purpose.value} for {values} (answered by {user}); the next sync carries it out "
                "while those values stand.\n"
            )
        for f in cleared:
            err.write(f"Cleared: {f.email} {f.purpose.value} may be written again by the next sync.\n")
        if done or cleared:
            return EXIT_OK
        listed = {h.run_id for h in store.held_decisions()}
        held = reviewable  # nothing was answered or cleared: as read above
        waiting = store.waiting_held_run()
    if args.json:
        json.dump(_as_json(held, flapping, waiting), out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    if waiting is not None:
        out.write(
            f"Run {waiting.run_id} was held by the mass-change brake: it would change {waiting.writes:,} legal "
            "bases; `legalbasis-sync sync --allow-mass-change` lets a fresh run through.\n"
        )
    if not held and not flapping:
        out.write("Nothing is held for review and no pair is flapping.\n")
    for h in held:
        answered = f" (answered: {h.answer}; the next sync carries it out)" if h.answer else ""
        found = "" if h.run_id in listed else f" (found by dry run {h.run_id})"
        out.write(
            f"held {h.email} {h.purpose.value}: SuperOffice {_side(h.superoffice)}, eMarketeer {_side(h.emarketeer)}; "
            f"would write {basis_label(h.new)} to "
            f"{h.target.label} over a withdrawal [R24]{found}{answered}\n"
        )
    for f in flapping:
        seen = ", ".join(f"{v.get('new')} to {v.get('target')}" for v in f.values_seen)
        out.write(
            f"flapping {f.email} {f.purpose.value}: written {f.writes_24h} times in 24 hours ({seen}) and "
            "changed back each time [R25]\n"
        )
    return EXIT_OK


def _for_review(store: Store) -> list[HeldRecord]:
    """The held list, each pair the newest dry run held since in its place (Store.previewed_held), by address."""
    rows = in_place_of(store.held_decisions(), store.previewed_held())
    return sorted(rows, key=lambda h: (h.email, h.purpose.value, h.person_id or 0))


def _overlap(a: tuple[str, Purpose | None], b: tuple[str, Purpose | None]) -> bool:
    """Whether two keys name a common held decision (a key without a purpose names both purposes)."""
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] is b[1])


def _any(keys: set[tuple[str, Purpose]], key: tuple[str, Purpose | None]) -> bool:
    email, purpose = key
    return any(e == email and (purpose is None or p is purpose) for e, p in keys)


def _value(basis: LegalBasis | None) -> str | None:
    return None if basis is None else basis.value


def _as_json(
    held: Sequence[HeldRecord], flapping: Sequence[FlappingRecord], waiting: HeldRunRecord | None
) -> dict[str, Any]:
    return {
        "held": [
            {
                "email": h.email,
                "purpose": h.purpose.value,
                "superoffice": _value(h.superoffice.basis),
                "emarketeer": _value(h.emarketeer.basis),
                "would_write": {"target": h.target.value, "new": _value(h.new)},
                "rule": "R24",
                "superoffice_changed_at": format_time(h.superoffice.changed_at) if h.superoffice.changed_at else None,
                "emarketeer_changed_at": format_time(h.emarketeer.changed_at) if h.emarketeer.changed_at else None,
                "answer": h.answer,
            }
            for h in held
        ],
        "flapping": [
            {
                "email": f.email,
                "purpose": f.purpose.value,
                "writes_24h": f.writes_24h,
                "values_seen": list(f.values_seen),
            }
            for f in flapping
        ],
        "held_run": None if waiting is None else {"run_id": waiting.run_id, "writes": waiting.writes},
    }


def _side(c: Consent) -> str:
    """One side of a held decision or an answer: its value and change time, as the held list says them."""
    return f"{basis_label(c.basis)} ({format_time(c.changed_at)})"
