"""Nothing irreversible without a person (issue 12): the Store's part of R23, R24 and R25.

A mixin of `Store`, kept in its own module. Held decisions (R24) are the current state: a run
replaces the held rows of the addresses it decided. Answers are the audit trail: never deleted,
each with the operating-system user, the time, and both sides' values it was given for; an answer
is `open` until a run carries it out (`used`), finds the values changed (`void`), decides its pair with holds
switched off (`void_holds_off`) or finds its address in neither system (`void_gone`), or a person answers
the same held decision again (`replaced`: nothing changed, a later answer stands instead). Flapping pairs
(R25) are found from the decision history itself: the app's applied writes per pair in 24 hours.
Held runs (R23) wait for a person's "Apply these changes" or "Discard".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import peewee as pw

from ..domain.model import Consent, Purpose, RunMode, RunStatus
from ..domain.planner import Answer, AnswerKind, Decision
from .codec import RULE_TEXT, encode_basis, encode_purpose, encode_system, encode_time
from .database import HistoryDatabase
from .errors import guarded as _guarded
from .models import Models
from .records import AnswerRecord, DecisionStatus, FlappingRecord, HeldRecord, HeldRunRecord

ANSWER_OPEN, ANSWER_USED, ANSWER_VOID, ANSWER_REPLACED = "open", "used", "void", "replaced"
# Also void, and why (R15: the audit trail says it): a run decided the pair with "Hold reversed withdrawals" off
# (R5 as the vendor does; the answer is not carried out, then or later), or found the address in neither system.
ANSWER_VOID_HOLDS_OFF, ANSWER_VOID_GONE = "void_holds_off", "void_gone"
RUN_WAITING, RUN_APPLIED, RUN_DISCARDED, RUN_SUPERSEDED = "waiting", "applied", "discarded", "superseded"

# R25: this many of the app's own writes to one pair within the window, and something changes it back again.
FLAP_WRITES = 3
FLAP_WINDOW = timedelta(hours=24)

Key = tuple[str, Purpose | None]  # (address, purpose or None for both)


def _matches(keys: Collection[Key] | None, email: str, purpose: Purpose) -> bool:
    if keys is None:
        return True
    return (email, purpose) in keys or (email, None) in keys


_HELD_SELECT = (
    "SELECT email, purpose, person_id, so_basis, so_changed_at, em_basis, em_changed_at, target, new,"
    " held_since FROM held_decision"
)
_HELD_INSERT = (
    "INSERT OR REPLACE INTO held_decision (email, purpose, person_id, so_basis, so_changed_at, em_basis,"
    " em_changed_at, target, new, rule, explanation, run_id, held_since, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _chunked(cursor: Any, statement: str, emails: list[str] | None) -> Iterable[tuple[Any, ...]]:
    """`statement` over the held rows of these addresses (None: every row), 500 addresses per `IN`."""
    if emails is None:
        yield from cursor.execute(statement)
        return
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        yield from cursor.execute(f"{statement} WHERE email IN ({', '.join('?' * len(chunk))})", chunk).fetchall()


class SafetyMixin:
    """Held decisions, answers, flapping pairs and held runs. Needs the Store's `_db`, `_m`, `_now`, `_closed`, `path`."""

    _db: HistoryDatabase
    _m: Models
    _closed: bool
    path: Path
    _now: Callable[[], datetime]

    # ---------------------------------------------------------- R24: holds

    @_guarded
    def replace_held(self, run_id: int, scope: Collection[str] | None, held: Sequence[Decision]) -> list[Decision]:
        """The held decisions of the addresses a run decided (None: all) become `held`; a pair that was held
        and still is keeps its first time. Returns the ones held anew (for the audit trail).

        In plain SQL, many rows per statement: a full run of 30,000 contacts holds about 2,000 and rewrote them one
        ORM insert at a time (3 s of a 25 s run, issue 11)."""
        now = encode_time(self._now())
        cursor = self._db.cursor()
        emails = None if scope is None else list(scope)
        with self._db.atomic():
            # Only the rows of the decided addresses are read and replaced: an incremental run decides few, and the
            # rows of the others stay as they are (issue 11: a run's work follows its changes, not the held list).
            before = {
                (email, purpose, person_id): (values, since)
                for email, purpose, person_id, *values, since in _chunked(cursor, _HELD_SELECT, emails)
            }
            fresh: list[Decision] = []
            rows = []
            for d in held:
                key = (d.email, encode_purpose(d.purpose), d.person_id or 0)
                values = [
                    encode_basis(d.superoffice.basis),
                    encode_time(d.superoffice.changed_at),
                    encode_basis(d.emarketeer.basis),
                    encode_time(d.emarketeer.changed_at),
                    encode_system(d.target),
                    encode_basis(d.new),
                ]
                old = before.get(key)
                if old is None or old[0] != values:
                    fresh.append(d)
                rows.append(
                    (*key, *values, RULE_TEXT[d.rule], d.explain(), run_id, old[1] if old is not None else now, now)
                )
            for _ in _chunked(cursor, "DELETE FROM held_decision", emails):
                pass
            cursor.executemany(_HELD_INSERT, rows)
        return fresh

    @_guarded
    def held_emails(self) -> set[str]:
        """Every address with a held decision (R24), from the table's key alone: for a run that must decide them all
        (the setting "Hold reversed withdrawals for review" was switched off)."""
        return {email for (email,) in self._db.cursor().execute("SELECT DISTINCT email FROM held_decision")}

    @_guarded
    def held_counts(self) -> tuple[int, int]:
        """(held, held and not yet answered) for Home's line, without reading the held list: one COUNT, and the
        held rows of the few addresses a person answered."""
        (total,) = self._db.cursor().execute("SELECT COUNT(*) FROM held_decision").fetchone()
        answered = self.answer_emails()
        if not total or not answered:
            return total, total
        # Past a few hundred (a person approved them all), every held row: one query, not one `IN` per answer.
        rows = self.held_decisions(answered if len(answered) <= 500 else None)
        return total, total - sum(1 for h in rows if h.answer is not None)

    @_guarded
    def held_decisions(self, emails: Iterable[str] | None = None) -> list[HeldRecord]:
        """R24: what waits for a person now, each with the open answer given for exactly its values, if any."""
        H = self._m.HeldDecision
        query = H.select().order_by(H.email, H.purpose, H.person_id)
        if emails is not None:
            query = query.where(H.email.in_(list(emails)))
        open_answers = self._open_answer_rows()
        out = []
        for r in query.dicts():
            h = _held_record(r, person_id=r["person_id"] or None, run_id=r["run_id"], held_since=r["held_since"])
            out.append(dataclasses.replace(h, answer=_open_answer(open_answers, h)))
        return out

    def _open_answer_rows(self) -> dict[tuple[str, Purpose], list[Any]]:  # ReviewAnswer rows
        A = self._m.ReviewAnswer
        rows: dict[tuple[str, Purpose], list[Any]] = {}
        for a in A.select().where(A.status == ANSWER_OPEN).order_by(A.id):
            rows.setdefault((a.email, a.purpose), []).append(a)
        return rows

    @_guarded
    def answer_held(
        self,
        keys: Collection[Key] | None,
        kind: AnswerKind,
        user: str,
        shown: Mapping[Key, tuple[int | None, Consent, Consent]] | None = None,
        *,
        previews: bool = False,
    ) -> list[AnswerRecord]:
        """A person's answer to the held decisions named by `keys` (None: every one): recorded with who and when
        and both sides' values, for the next run to carry out while those values stand (R24).

        `shown`: what the person was shown for a key (the person, SuperOffice's and eMarketeer's values and times).
        A held decision that holds other values now (a sync read newer ones since) is not answered: the person
        answers what they saw, never values they did not see. Before, the answer was recorded for whatever the held
        row held at the click.

        `previews`: also the newest Preview's held decisions beside the held list (`previewed_held`), for the command
        line, which says the values each answer covers."""
        A = self._m.ReviewAnswer
        kind = AnswerKind(kind)
        now = self._now()
        ids: list[int] = []
        with self._db.atomic():
            held = [h for h in self.held_decisions() if _matches(keys, h.email, h.purpose)]
            if previews:
                held = in_place_of(held, [h for h in self.previewed_held() if _matches(keys, h.email, h.purpose)])
            if shown is not None:
                held = self._as_previewed(held, shown)
                # One answer covers the address's every held row (R9 `all`): when one of them changed since the
                # person looked, none is answered, and the window says the values moved.
                moved = {
                    (h.email, h.purpose)
                    for h in held
                    if (seen := shown.get((h.email, h.purpose))) is not None and not _as_shown(h, *seen)
                }
                held = [h for h in held if (h.email, h.purpose) not in moved]
            for h in held:
                # A new answer replaces an earlier open one for the same values: not void, nothing changed.
                A.update(status=ANSWER_REPLACED, closed_at=now).where(
                    (A.status == ANSWER_OPEN)
                    & (A.email == h.email)
                    & (A.purpose == h.purpose)
                    & (A.person_id == h.person_id if h.person_id is not None else A.person_id.is_null())
                ).execute()
                ids.append(
                    A.insert(
                        email=h.email,
                        purpose=h.purpose,
                        person_id=h.person_id,
                        answer=kind,
                        target=h.target,
                        new=h.new,
                        so_basis=h.superoffice.basis,
                        so_changed_at=h.superoffice.changed_at,
                        em_basis=h.emarketeer.basis,
                        em_changed_at=h.emarketeer.changed_at,
                        answered_by=user,
                        answered_at=now,
                        status=ANSWER_OPEN,
                    ).execute()
                )
        return [r for r in self.answers() if r.id in set(ids)]

    def _as_previewed(
        self, held: Sequence[HeldRecord], shown: Mapping[Key, tuple[int | None, Consent, Consent]]
    ) -> list[HeldRecord]:
        """The held decisions the person's answer is for: the held list's, or, for a pair a Preview decided later
        (a dry run records its held decisions but never touches the held list, which only a run let through
        replaces), the ones that Preview recorded held. Before, a Preview made before any real sync (or one that
        found a new hold since the last) showed held rows nobody could answer: the window said their values had
        changed, and a new Preview said the same again."""
        pairs = {(email, purpose) for email, purpose in shown if purpose is not None}
        later = self._previewed(sorted({email for email, _ in pairs}), _newest_runs(held))
        return in_place_of(held, [h for key, rows in later.items() if key in pairs for h in rows])

    def _previewed(
        self, emails: list[str] | None, listed: Mapping[tuple[str, Purpose], int]
    ) -> dict[tuple[str, Purpose], list[HeldRecord]]:
        """Per pair of these addresses (None: every one), the held decisions a Preview (dry run) recorded, when that
        Preview is the newest run that decided the pair (a full or incremental run, or one `--only` that named the
        address; a skipped one decided nothing) and the held list holds the pair from no newer run. A later run
        decided the pair afresh: what it held is in the held list, and what it wrote or no longer held is not held.
        Before, the latest held decision of any run counted: a hold a later sync had carried out (or found gone) was
        answerable again, and the answer said recorded for a withdrawal already reversed."""
        Run, D = self._m.Run, self._m.Decision
        decided = Run.status != RunStatus.SKIPPED
        whole: int = (
            Run.select(pw.fn.MAX(Run.id)).where(decided & (Run.mode.is_null() | (Run.mode != RunMode.ONLY))).scalar()
            or 0
        )
        previews: set[int] = set()
        named: dict[str, int] = {}  # the newest run since `whole` that decided the address by name (`--only`)
        for run_id, dry, mode, only in (
            Run.select(Run.id, Run.dry_run, Run.mode, Run.only).where(decided & (Run.id >= whole)).tuples()
        ):
            if dry:
                previews.add(run_id)
            if mode is RunMode.ONLY:
                for email in only or ():
                    named[email] = max(named.get(email, 0), run_id)
        out: dict[tuple[str, Purpose], list[HeldRecord]] = {}
        if not previews:
            return out
        chunks = [None] if emails is None else [emails[i : i + 500] for i in range(0, len(emails), 500)]
        for chunk in chunks:
            query = D.select().where(D.run.in_(sorted(previews)) & (D.status == DecisionStatus.HELD))
            if chunk is not None:
                query = query.where(D.email.in_(chunk))
            for r in query.dicts():
                key = (r["email"], r["purpose"])
                if r["run"] != max(whole, named.get(r["email"], 0)) or r["run"] <= listed.get(key, 0):
                    continue  # a later run decided the pair, or the held list is as new: it stands
                out.setdefault(key, []).append(
                    _held_record(r, person_id=r["person_id"], run_id=r["run"], held_since=r["recorded_at"])
                )
        return out

    @_guarded
    def previewed_held(self) -> list[HeldRecord]:
        """R24 on the command line: the held decisions of the newest Preview (`sync --dry-run`) for pairs no run
        decided since (see `_previewed`), each with the open answer given for exactly its values. The held list stays
        what runs let through held; `review` lists and answers these beside it, as the window answers a Preview's
        held rows. Before, `review` said nothing was held for what `sync --dry-run` had just listed held."""
        open_answers = self._open_answer_rows()
        return [
            dataclasses.replace(h, answer=_open_answer(open_answers, h))
            for _key, rows in sorted(self._previewed(None, _newest_runs(self.held_decisions())).items())
            for h in sorted(rows, key=lambda h: h.person_id or 0)
        ]

    @_guarded
    def open_answer_ids(self, ids: Iterable[int]) -> set[int]:
        """Which of these answers are still open now (another process may have answered again meanwhile)."""
        A = self._m.ReviewAnswer
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        return {a.id for a in A.select(A.id).where(A.id.in_(wanted) & (A.status == ANSWER_OPEN))}

    @_guarded
    def open_answers(self, emails: Iterable[str] | None = None) -> dict[str, list[Answer]]:
        """The answers a run should carry out, by address, as the planner takes them."""
        A = self._m.ReviewAnswer
        query = A.select().where(A.status == ANSWER_OPEN).order_by(A.id)
        if emails is not None:
            wanted = list(emails)
            if not wanted:
                return {}
            query = query.where(A.email.in_(wanted)) if len(wanted) <= 500 else query
        out: dict[str, list[Answer]] = {}
        for a in query:
            out.setdefault(a.email, []).append(
                Answer(
                    a.id,
                    a.email,
                    a.purpose,
                    a.person_id,
                    a.answer,
                    Consent(a.so_basis, a.so_changed_at),
                    Consent(a.em_basis, a.em_changed_at),
                )
            )
        return out

    @_guarded
    def answer_emails(self) -> set[str]:
        """Addresses with an open answer: an incremental run decides them even when nothing else changed."""
        A = self._m.ReviewAnswer
        return {email for (email,) in A.select(A.email).where(A.status == ANSWER_OPEN).tuples()}

    @_guarded
    def close_answers(self, ids: Iterable[int], status: str, run_id: int | None) -> None:
        A = self._m.ReviewAnswer
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        with self._db.atomic():
            A.update(status=status, run_id=run_id, closed_at=self._now()).where(
                (A.id.in_(ids)) & (A.status == ANSWER_OPEN)
            ).execute()

    @_guarded
    def answers(self, email: str | None = None) -> list[AnswerRecord]:
        """Every answer ever given (or one address's), oldest first: the R24 part of the audit trail."""
        A = self._m.ReviewAnswer
        query = A.select().order_by(A.id)
        if email is not None:
            query = query.where(A.email == email)
        return [
            AnswerRecord(
                id=a.id,
                email=a.email,
                purpose=a.purpose,
                person_id=a.person_id,
                answer=a.answer.value,
                target=a.target,
                new=a.new,
                superoffice=Consent(a.so_basis, a.so_changed_at),
                emarketeer=Consent(a.em_basis, a.em_changed_at),
                answered_by=a.answered_by,
                answered_at=a.answered_at,
                status=a.status,
                run_id=a.run_id,
                closed_at=a.closed_at,
            )
            for a in query
        ]

    # ------------------------------------------------------- R25: flapping

    @_guarded
    def recent_writes(
        self, pairs: Iterable[tuple[str, Purpose]], now: datetime
    ) -> dict[tuple[str, Purpose], list[dict[str, str | None]]]:
        """R25: the app's applied writes per pair within the window (since a person last cleared it), oldest first:
        one entry per run (a run writing several duplicate persons counts once)."""
        wanted = set(pairs)
        if not wanted:
            return {}
        D, F = self._m.Decision, self._m.Flapping
        start = now - FLAP_WINDOW
        cleared = {(f.email, f.purpose): f.cleared_at for f in F.select().where(F.cleared_at.is_null(False))}
        # Not sorted: any order finds the same rows, and sorting 175,000 addresses (a million-contact preview) is one
        # C call that held the interpreter lock for 85 ms, the window frozen meanwhile (issue 11 pt 5).
        emails = list({e for e, _ in wanted})
        out: dict[tuple[str, Purpose], dict[int, dict[str, str | None]]] = {}
        for i in range(0, len(emails), 500):
            # No status term in SQL: with one, SQLite chose the status index and read every applied decision of the
            # last 24 hours (a million-contact full run's 400,000: 0.14 s of a 0.3 s incremental run, issue 11
            # pt 1). By address it reads only these addresses' rows; a write not applied has no applied_at.
            query = (
                D.select(D.email, D.purpose, D.run, D.target, D.old, D.new, D.applied_at, D.status)
                .where(D.email.in_(emails[i : i + 500]) & (D.applied_at >= start))
                .order_by(D.applied_at)
            )
            for r in query.dicts():
                key = (r["email"], r["purpose"])
                if key not in wanted or r["status"] != DecisionStatus.APPLIED:
                    continue
                since = cleared.get(key)
                if since is not None and r["applied_at"] <= since:
                    continue
                out.setdefault(key, {}).setdefault(
                    r["run"],
                    {
                        "at": r["applied_at"].isoformat(),
                        "target": r["target"].value if r["target"] else None,
                        "old": r["old"].value if r["old"] else None,
                        "new": r["new"].value if r["new"] else None,
                    },
                )
        return {k: list(v.values()) for k, v in out.items()}

    @_guarded
    def flag_flapping(self, run_id: int, pairs: Mapping[tuple[str, Purpose], Sequence[dict[str, str | None]]]) -> None:
        """R25: these pairs are not written again until a person clears them."""
        F = self._m.Flapping
        now = self._now()
        with self._db.atomic():
            for (email, purpose), seen in pairs.items():
                F.insert(
                    email=email,
                    purpose=purpose,
                    writes_24h=len(seen),
                    values_seen=seen,
                    detected_at=now,
                    run_id=run_id,
                    cleared_at=None,
                    cleared_by=None,
                ).on_conflict_replace().execute()

    @_guarded
    def flapping(self, *, active_only: bool = True) -> list[FlappingRecord]:
        F = self._m.Flapping
        query = F.select().order_by(F.detected_at.desc(), F.email)
        if active_only:
            query = query.where(F.cleared_at.is_null())
        return [
            FlappingRecord(
                email=f.email,
                purpose=f.purpose,
                writes_24h=f.writes_24h,
                values_seen=tuple(f.values_seen or ()),
                detected_at=f.detected_at,
                run_id=f.run_id,
                cleared_at=f.cleared_at,
                cleared_by=f.cleared_by,
            )
            for f in query
        ]

    @_guarded
    def flapping_keys(self) -> set[tuple[str, Purpose]]:
        F = self._m.Flapping
        return {(e, p) for e, p in F.select(F.email, F.purpose).where(F.cleared_at.is_null()).tuples()}

    @_guarded
    def clear_flapping(self, keys: Collection[Key] | None, user: str) -> list[FlappingRecord]:
        """A person fixed the cause: these pairs may be written again (and are counted afresh)."""
        F = self._m.Flapping
        now = self._now()
        cleared = [f for f in self.flapping() if _matches(keys, f.email, f.purpose)]
        with self._db.atomic():
            for f in cleared:
                F.update(cleared_at=now, cleared_by=user).where(
                    (F.email == f.email) & (F.purpose == f.purpose)
                ).execute()
        return cleared

    # ---------------------------------------------------------- R23: held runs

    @_guarded
    def record_held_run(self, run_id: int, writes: int, matched: int) -> None:
        """R23: this run was held by the brake; earlier waiting ones are superseded (a later run plans afresh)."""
        R = self._m.HeldRun
        with self._db.atomic():
            # A scheduled run held again every 30 minutes is the same news: the tray said it once already.
            told = R.select().where((R.status == RUN_WAITING) & (R.notified == True)).exists()  # noqa: E712
            R.update(status=RUN_SUPERSEDED).where((R.status == RUN_WAITING) & (R.run != run_id)).execute()
            R.insert(
                run=run_id, writes=writes, matched=matched, status=RUN_WAITING, notified=told
            ).on_conflict_replace().execute()

    @_guarded
    def supersede_held_runs(self) -> None:
        """A later run got through: what a held run planned is out of date."""
        R = self._m.HeldRun
        with self._db.atomic():
            R.update(status=RUN_SUPERSEDED).where(R.status == RUN_WAITING).execute()

    @_guarded
    def waiting_held_run(self) -> HeldRunRecord | None:
        R, Run = self._m.HeldRun, self._m.Run
        row = (
            R.select(R, Run.started_at).join(Run).where(R.status == RUN_WAITING).order_by(R.run.desc()).dicts().first()
        )
        return None if row is None else self._held_run_record(row)

    @_guarded
    def get_held_run(self, run_id: int) -> HeldRunRecord | None:
        R, Run = self._m.HeldRun, self._m.Run
        row = R.select(R, Run.started_at).join(Run).where(R.run == run_id).dicts().first()
        return None if row is None else self._held_run_record(row)

    @staticmethod
    def _held_run_record(row: dict[str, Any]) -> HeldRunRecord:  # a HeldRun row joined with its run
        return HeldRunRecord(
            run_id=row["run"],
            writes=row["writes"],
            matched=row["matched"],
            status=row["status"],
            answered_by=row["answered_by"],
            answered_at=row["answered_at"],
            applied_run_id=row["applied_run_id"],
            notified=bool(row["notified"]),
            started_at=row.get("started_at"),
        )

    @_guarded
    def close_held_run(self, run_id: int, status: str, user: str, applied_run_id: int | None = None) -> str | None:
        """R23: a person's "Apply these changes" or "Discard" closes a held run that still waits, and only such a one.
        Returns None when this closed it, else what it already was ("applied", "discarded", "superseded"; "missing":
        no such held run) for the caller to say. Before, any held run was overwritten: a Discard on a plan a later
        sync had superseded or a person had applied said "discarded" in the audit trail of a run that never was."""
        R = self._m.HeldRun
        with self._db.atomic():
            closed: int = (
                R.update(status=status, answered_by=user, answered_at=self._now(), applied_run_id=applied_run_id)
                .where((R.run == run_id) & (R.status == RUN_WAITING))
                .execute()
            )
            if closed:
                return None
            row = R.select(R.status).where(R.run == run_id).first()
            return "missing" if row is None else str(row.status)

    @_guarded
    def mark_held_run_notified(self, run_id: int) -> bool:
        """True the first time (the tray says so once), False after."""
        R = self._m.HeldRun
        with self._db.atomic():
            changed: int = R.update(notified=True).where((R.run == run_id) & (R.notified == False)).execute()  # noqa: E712
            return changed == 1


def in_place_of(held: Sequence[HeldRecord], newer: Sequence[HeldRecord]) -> list[HeldRecord]:
    """`held` with each pair `newer` holds (a Preview's held decisions, `previewed_held`) given as `newer` has it."""
    pairs = {(h.email, h.purpose) for h in newer}
    return [h for h in held if (h.email, h.purpose) not in pairs] + list(newer)


def _newest_runs(held: Iterable[HeldRecord]) -> dict[tuple[str, Purpose], int]:
    """Per pair, the newest run that put it on the held list."""
    newest: dict[tuple[str, Purpose], int] = {}
    for h in held:
        newest[(h.email, h.purpose)] = max(newest.get((h.email, h.purpose), 0), h.run_id or 0)
    return newest


def _held_record(r: Mapping[str, Any], *, person_id: int | None, run_id: int, held_since: datetime) -> HeldRecord:
    """A held decision from a row of the held list or of a run's decisions (their run and time columns differ)."""
    return HeldRecord(
        email=r["email"],
        purpose=r["purpose"],
        person_id=person_id,
        target=r["target"],
        new=r["new"],
        superoffice=Consent(r["so_basis"], r["so_changed_at"]),
        emarketeer=Consent(r["em_basis"], r["em_changed_at"]),
        rule=r["rule"],
        explanation=r["explanation"],
        run_id=run_id,
        held_since=held_since,
    )


def _open_answer(open_answers: Mapping[tuple[str, Purpose], Sequence[Any]], h: HeldRecord) -> str | None:
    """The open answer (its kind) a person gave for exactly `h`'s person and values, if any (R24)."""
    return next(
        (
            a.answer.value
            for a in open_answers.get((h.email, h.purpose), ())
            if a.person_id == h.person_id
            and (a.so_basis, a.so_changed_at) == tuple(h.superoffice[:2])
            and (a.em_basis, a.em_changed_at) == tuple(h.emarketeer[:2])
        ),
        None,
    )


def _as_shown(h: HeldRecord, person_id: int | None, superoffice: Consent, emarketeer: Consent) -> bool:
    """Whether held decision `h` still holds the values a person was shown for its address and purpose.

    The window shows the person that spoke for SuperOffice (R9 `all`: the latest change). Another person's held row
    shares the eMarketeer side shown, and its SuperOffice value was changed no later than the shown one: a later
    change (a fresh withdrawal on that person) was made after the person looked. Before, such a row was not compared
    at all, and an approval covered a duplicate's withdrawal nobody saw."""
    if person_id is not None and h.person_id is not None and person_id != h.person_id:
        later = h.superoffice.changed_at is not None and (
            superoffice.changed_at is None or h.superoffice.changed_at > superoffice.changed_at
        )
        return (emarketeer.basis, emarketeer.changed_at) == (h.emarketeer.basis, h.emarketeer.changed_at) and not later
    return (superoffice.basis, superoffice.changed_at, emarketeer.basis, emarketeer.changed_at) == (
        h.superoffice.basis,
        h.superoffice.changed_at,
        h.emarketeer.basis,
        h.emarketeer.changed_at,
    )
