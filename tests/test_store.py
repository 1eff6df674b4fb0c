"""The store's API: runs, decisions and errors (R15-R18), the CSV audit trail, baselines (R13), replicas and cursors (R21), settings."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.model import (
    EMPTY_CONSENTS,
    Consent,
    ContactBaseline,
    ContactError,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    Rule,
    RunMode,
    RunStatus,
    SuperOfficePerson,
    System,
    Trigger,
)
from desktop_app.domain.planner import Decision, Reason
from desktop_app.store import (
    CSV_COLUMNS,
    BaselineEntry,
    DecisionRecord,
    DecisionStatus,
    ErrorRecord,
    RunRecord,
    Store,
    read_settings,
)
from desktop_app.store import store as store_module

UTC = timezone.utc
T0 = datetime(2024, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
CONSENT, LEGIT, WITHDRAWN = LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST, LegalBasis.WITHDRAWN


class Clock:
    """A settable clock so recorded times are known to the microsecond."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    s = Store.open(tmp_path / "store", clock=clock)
    yield s
    s.close()


def decision(email="anna@example.com", purpose=Purpose.MARKETING, *, target=System.EMARKETEER, **kw) -> Decision:
    """A write decision (SuperOffice's later consent goes to eMarketeer) unless told otherwise."""
    values = dict(
        email=email,
        purpose=purpose,
        superoffice=Consent(CONSENT, T0 + timedelta(hours=1, microseconds=1)),
        emarketeer=Consent(WITHDRAWN, T0),
        baseline_superoffice=Consent(WITHDRAWN, T0 - timedelta(days=1)),
        baseline_emarketeer=Consent(WITHDRAWN, T0 - timedelta(days=1, microseconds=7)),
        winner=None if target is None else target.other,
        target=target,
        new=CONSENT,
        rule=Rule.R13,
        reason=Reason.ONLY_SUPEROFFICE_CHANGED,
        conflict=False,
        person_id=42,
        person_count=1,
        duplicates_differ=False,
    )
    if target is None:
        values.update(
            new=None, rule=Rule.R12, reason=Reason.AGREE, emarketeer=Consent(CONSENT, T0 + timedelta(minutes=3))
        )
    values.update(kw)
    return Decision(**values)


def person(pid, email, registered=T0, store=Consent(), marketing=Consent()) -> SuperOfficePerson:
    return SuperOfficePerson(pid, email, registered, (store, marketing))


# ------------------------------------------------------------------ runs


def test_a_run_round_trips_with_exact_times_and_counts(store, clock):
    run_id = store.start_run(Trigger.SEND, RunMode.ONLY, False, ("a@x.se", "b@x.se"))
    started = store.get_run(run_id)
    assert started == RunRecord(
        id=run_id,
        trigger=Trigger.SEND,
        mode=RunMode.ONLY,
        dry_run=False,
        only=("a@x.se", "b@x.se"),
        started_at=T0,
        ended_at=None,
        status=RunStatus.RUNNING,
        matched=0,
        unmatched_superoffice=0,
        unmatched_emarketeer=0,
        changes=0,
        conflicts=0,
        errors=0,
        message=None,
    )
    end = clock.tick(seconds=90, microseconds=1)
    store.finish_run(
        run_id,
        RunStatus.STOPPED,
        matched=10,
        unmatched_superoffice=2,
        unmatched_emarketeer=3,
        changes=4,
        conflicts=1,
        errors=5,
        message="Cancelled",
    )
    run = store.get_run(run_id)
    assert run.ended_at == end and run.ended_at.tzinfo is UTC
    assert (
        run.status,
        run.matched,
        run.unmatched_superoffice,
        run.unmatched_emarketeer,
        run.changes,
        run.conflicts,
        run.errors,
        run.message,
    ) == (RunStatus.STOPPED, 10, 2, 3, 4, 1, 5, "Cancelled")
    assert isinstance(run.trigger, Trigger) and isinstance(run.mode, RunMode) and isinstance(run.status, RunStatus)


def test_explicit_run_times_are_kept(store):
    started = datetime(2025, 1, 1, 12, 0, 0, 1, tzinfo=ZoneInfo("Europe/Stockholm"))
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False, started_at=started)
    store.finish_run(run_id, RunStatus.DONE, ended_at=started + timedelta(seconds=1))
    run = store.get_run(run_id)
    assert run.started_at == started and run.started_at.tzinfo is UTC
    assert run.ended_at - run.started_at == timedelta(seconds=1)


def test_runs_newest_first_with_a_limit_and_unknown_ids(store):
    ids = [store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False) for _ in range(5)]
    assert [r.id for r in store.runs()] == ids[::-1]
    assert [r.id for r in store.runs(limit=2)] == ids[:2:-1][:2] == [ids[4], ids[3]]
    assert store.get_run(999) is None
    with pytest.raises(KeyError):
        store.finish_run(999, RunStatus.DONE)


def test_last_run_filters(store):
    full = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    store.finish_run(full, RunStatus.DONE)
    dry = store.start_run(Trigger.PREVIEW, RunMode.FULL, True)
    store.finish_run(dry, RunStatus.DONE)
    inc = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False)
    store.finish_run(inc, RunStatus.FAILED, message="boom")
    running = store.start_run(Trigger.MANUAL, RunMode.INCREMENTAL, False)

    assert store.last_run().id == running  # dry runs are left out by default
    assert store.last_run(dry_run=None).id == running
    assert store.last_run(dry_run=True).id == dry
    assert store.last_run(statuses=(RunStatus.DONE,)).id == full
    assert store.last_run(statuses=(RunStatus.DONE,), dry_run=None).id == dry
    assert store.last_run(statuses=[RunStatus.DONE, RunStatus.FAILED]).id == inc
    assert store.last_run(statuses=(RunStatus.DONE,), mode=RunMode.FULL, dry_run=False).id == full
    assert store.last_run(statuses=(RunStatus.DONE,), mode=RunMode.INCREMENTAL) is None
    assert store.last_run(statuses=()) is None


def test_a_skipped_run_is_recorded_finished(store, clock):
    run_id = store.record_skipped_run(Trigger.SCHEDULED, "Another sync was running.")
    run = store.get_run(run_id)
    assert run.status is RunStatus.SKIPPED and run.mode is None and run.dry_run is False
    assert run.started_at == run.ended_at == T0
    assert run.message == "Another sync was running."
    assert (
        store.get_run(store.record_skipped_run(Trigger.SEND, "x", mode=RunMode.ONLY, only=("a@x.se",))).mode
        is RunMode.ONLY
    )


def test_runs_left_running_are_marked_interrupted(store, clock):
    dead = [store.start_run(Trigger.SCHEDULED, RunMode.FULL, False) for _ in range(2)]
    finished = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.finish_run(finished, RunStatus.DONE)
    now = clock.tick(minutes=5)
    assert store.mark_interrupted_runs("The process died.") == dead
    for run_id in dead:
        run = store.get_run(run_id)
        assert (run.status, run.ended_at, run.message) == (RunStatus.INTERRUPTED, now, "The process died.")
    assert store.get_run(finished).status is RunStatus.DONE and store.get_run(finished).message is None
    assert store.mark_interrupted_runs("again") == []


# --------------------------------------------------- decisions and errors


def test_decisions_round_trip_every_field(store, clock):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    write = decision(person_count=3, duplicates_differ=True, conflict=True, reason=Reason.NEAR_SIMULTANEOUS)
    agree = decision(
        "bo@example.com",
        Purpose.STORE,
        target=None,
        baseline_superoffice=None,
        baseline_emarketeer=None,
        person_id=None,
    )
    nothing = decision(
        "cy@example.com",
        target=None,
        superoffice=Consent(),
        emarketeer=Consent(),
        baseline_superoffice=Consent(),
        baseline_emarketeer=None,
    )
    ids = store.record_decisions(run_id, [write, agree, nothing], DecisionStatus.PLANNED)
    assert ids == sorted(ids) and len(set(ids)) == 3

    records = store.decisions(run_id)
    assert [r.id for r in records] == ids
    first = records[0]
    assert first == DecisionRecord(
        id=ids[0],
        run_id=run_id,
        email="anna@example.com",
        purpose=Purpose.MARKETING,
        superoffice=write.superoffice,
        emarketeer=write.emarketeer,
        winner=System.SUPEROFFICE,
        target=System.EMARKETEER,
        old=WITHDRAWN,
        new=CONSENT,
        rule=Rule.R13,
        rules=(Rule.R13, Rule.R9),
        reason=Reason.NEAR_SIMULTANEOUS,
        explanation=write.explain(),
        conflict=True,
        person_id=42,
        person_count=3,
        status=DecisionStatus.PLANNED,
        token=None,
        target_changed_at=None,
        message=None,
        applied_at=None,
        baseline_superoffice=write.baseline_superoffice,
        baseline_emarketeer=write.baseline_emarketeer,
        recorded_at=T0,
    )
    assert first.superoffice.changed_at.microsecond == 123457 and first.superoffice.changed_at.tzinfo is UTC
    # Lossless: the recorded decision is the planner's decision again (None baselines stay None,
    # an agreed "no legal basis" baseline stays a Consent with no basis).
    assert [r.to_decision() for r in records] == [write, agree, nothing]
    assert records[2].baseline_superoffice == Consent() and records[2].baseline_emarketeer is None
    assert records[1].target is None and records[1].old is None and records[1].winner is None
    assert [r.id for r in store.decisions(run_id, writes_only=True)] == [ids[0]]
    assert store.record_decisions(run_id, [], DecisionStatus.PLANNED) == []


def test_decision_ids_keep_counting_across_runs(store):
    a = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    b = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    first = store.record_decisions(a, [decision(f"u{i}@x.se") for i in range(3)], DecisionStatus.PLANNED)
    second = store.record_decisions(b, [decision(f"v{i}@x.se") for i in range(2)], DecisionStatus.AGREED)
    assert second == [first[-1] + 1, first[-1] + 2]
    assert [r.email for r in store.decisions(b)] == ["v0@x.se", "v1@x.se"]
    assert {r.status for r in store.decisions(b)} == {DecisionStatus.AGREED}


def test_a_decision_for_an_unknown_run_is_refused_and_nothing_is_written(store):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    with pytest.raises(Exception):
        store.record_decisions(run_id + 1, [decision()], DecisionStatus.PLANNED)
    assert store.decisions(run_id + 1) == [] and store.contact_history("anna@example.com") == []


def test_a_write_goes_pending_then_applied_with_its_baseline(store, clock):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    d = decision()
    (decision_id,) = store.record_decisions(run_id, [d], DecisionStatus.PLANNED)
    clock.tick(seconds=1)
    store.mark_pending(decision_id, f"LBS-{run_id}-{decision_id}")
    assert store.get_decision(decision_id).status is DecisionStatus.PENDING
    assert store.get_decision(decision_id).token == f"LBS-{run_id}-{decision_id}"

    landed_at = T0 + timedelta(hours=2, microseconds=999999)
    applied = clock.tick(seconds=1)
    entry = BaselineEntry(d.email, d.purpose, d.superoffice, Consent(CONSENT, landed_at), d.person_id)
    store.mark_applied(decision_id, landed_at, [entry], message="ok")
    record = store.get_decision(decision_id)
    assert (record.status, record.target_changed_at, record.applied_at, record.message) == (
        DecisionStatus.APPLIED,
        landed_at,
        applied,
        "ok",
    )
    assert record.token == f"LBS-{run_id}-{decision_id}"
    base = store.load_baselines()[d.email]
    assert base.superoffice[Purpose.MARKETING.index] == d.superoffice
    assert base.emarketeer[Purpose.MARKETING.index] == Consent(CONSENT, landed_at)
    assert base.superoffice[Purpose.STORE.index] is None


def test_failed_superseded_and_unknown_decisions(store):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    a, b = store.record_decisions(run_id, [decision("a@x.se"), decision("b@x.se")], DecisionStatus.PLANNED)
    store.mark_failed(a, "eMarketeer refused the value.")
    store.mark_superseded(b, "The target changed after the plan was made; decided again (R14).")
    assert [(r.status, r.message) for r in store.decisions(run_id)] == [
        (DecisionStatus.FAILED, "eMarketeer refused the value."),
        (DecisionStatus.SUPERSEDED, "The target changed after the plan was made; decided again (R14)."),
    ]
    for call in (
        lambda: store.mark_pending(999, "t"),
        lambda: store.mark_failed(999, "m"),
        lambda: store.mark_applied(999, None),
        lambda: store.mark_superseded(999, "m"),
        lambda: store.resolve_pending(999, True, None, "m"),
    ):
        with pytest.raises(KeyError):
            call()


def test_pending_writes_come_only_from_runs_that_are_not_running(store, clock):
    dead = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    d1, d2, d3 = store.record_decisions(
        dead, [decision("a@x.se"), decision("b@x.se"), decision("c@x.se")], DecisionStatus.PLANNED
    )
    store.mark_pending(d1, "LBS-1")
    store.mark_pending(d3, "LBS-3")
    store.mark_applied(d3, T0, [])
    assert store.pending_writes() == []  # its run is still 'running'

    assert store.mark_interrupted_runs("died") == [dead]
    live = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    (d4,) = store.record_decisions(live, [decision("d@x.se")], DecisionStatus.PLANNED)
    store.mark_pending(d4, "LBS-4")
    pending = store.pending_writes()
    assert [(p.id, p.token, p.email) for p in pending] == [(d1, "LBS-1", "a@x.se")]

    # A run that stopped (service down) leaves its pending writes for the next run too.
    store.finish_run(live, RunStatus.STOPPED)
    assert [p.id for p in store.pending_writes()] == [d1, d4]

    landed_at = T0 + timedelta(microseconds=5)
    now = clock.tick(minutes=1)
    store.resolve_pending(d1, True, landed_at, "Checked: it landed.")
    store.resolve_pending(d4, False, None, "Checked: it did not land.")
    assert store.pending_writes() == []
    r1, r4 = store.get_decision(d1), store.get_decision(d4)
    assert (r1.status, r1.target_changed_at, r1.applied_at, r1.message) == (
        DecisionStatus.APPLIED,
        landed_at,
        now,
        "Checked: it landed.",
    )
    assert (r4.status, r4.target_changed_at, r4.applied_at, r4.message) == (
        DecisionStatus.NOT_APPLIED,
        None,
        None,
        "Checked: it did not land.",
    )
    assert store.get_decision(d2).status is DecisionStatus.PLANNED


def test_errors_round_trip(store):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    errors = [
        ContactError("a@x.se", Purpose.STORE, "SuperOffice: unknown legal basis key 'x'", System.SUPEROFFICE),
        ContactError("not an address", None, "invalid e-mail address 'not an address'"),
        ContactError("b@x.se", Purpose.MARKETING, "eMarketeer: change time in the future", System.EMARKETEER),
    ]
    store.record_errors(run_id, errors)
    store.record_errors(run_id, [])
    got = store.errors(run_id)
    assert [(e.email, e.purpose, e.reason, e.system) for e in got] == [tuple(e)[:4] for e in errors]
    assert all(isinstance(e, ErrorRecord) and e.run_id == run_id and e.recorded_at == T0 for e in got)
    assert store.errors(run_id + 1) == []


def test_contact_history_spans_runs_newest_first(store):
    a = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.record_decisions(
        a, [decision("anna@example.com", Purpose.STORE), decision("bo@example.com")], DecisionStatus.PLANNED
    )
    b = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.record_decisions(b, [decision("anna@example.com", Purpose.MARKETING)], DecisionStatus.PLANNED)
    history = store.contact_history("  Anna@Example.COM ")
    assert [(h.run_id, h.purpose) for h in history] == [(b, Purpose.MARKETING), (a, Purpose.STORE)]
    assert store.contact_history("nobody@example.com") == []


def test_export_csv_all_applied_changes_or_one_whole_run(store, clock):
    a = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    d_applied = decision("anna@example.com", Purpose.MARKETING)
    d_failed = decision(
        "bo@example.com",
        Purpose.STORE,
        target=System.SUPEROFFICE,
        superoffice=Consent(None, None),
        emarketeer=Consent(LEGIT, T0),
        winner=System.EMARKETEER,
        new=LEGIT,
        rule=Rule.R5,
        reason=Reason.EMARKETEER_HAS_VALUE,
        baseline_superoffice=None,
        baseline_emarketeer=None,
    )
    id1, id2 = store.record_decisions(a, [d_applied, d_failed], DecisionStatus.PLANNED)
    applied_at = clock.tick(seconds=3)
    store.mark_applied(id1, T0 + timedelta(hours=3), message='said "ok", then, more')
    store.mark_failed(id2, "refused")
    b = store.start_run(Trigger.MANUAL, RunMode.INCREMENTAL, False)
    (id3,) = store.record_decisions(b, [decision("cy@example.com")], DecisionStatus.PLANNED)
    store.mark_applied(id3, None)

    out = io.StringIO()
    assert store.export_csv(out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [r["email"] for r in rows] == ["anna@example.com", "cy@example.com"]
    first = rows[0]
    assert first == {
        "run": str(a),
        "run_started": "2024-03-04T05:06:07.123456+00:00",
        "trigger": "scheduled",
        "email": "anna@example.com",
        "purpose": "marketing",
        "target": "emarketeer",
        "old_value": "withdrawn",
        "new_value": "consent",
        "superoffice_value": "consent",
        "superoffice_changed_at": "2024-03-04T06:06:07.123457+00:00",
        "emarketeer_value": "withdrawn",
        "emarketeer_changed_at": "2024-03-04T05:06:07.123456+00:00",
        "winner": "superoffice",
        "rules": "R13",
        "reason": d_applied.explain(),
        "conflict": "no",
        "status": "applied",
        "applied_at": applied_at.isoformat(timespec="microseconds"),
        "message": 'said "ok", then, more',
        "answered_by": "",
    }
    assert datetime.fromisoformat(first["superoffice_changed_at"]) == d_applied.superoffice.changed_at

    out = io.StringIO()
    assert store.export_csv(out, run_id=a) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["email"], r["status"]) for r in rows] == [("anna@example.com", "applied"), ("bo@example.com", "failed")]
    failed = rows[1]
    assert (
        failed["target"],
        failed["old_value"],
        failed["new_value"],
        failed["superoffice_value"],
        failed["superoffice_changed_at"],
        failed["rules"],
        failed["applied_at"],
    ) == ("superoffice", "", "legitimate_interest", "", "", "R5", "")

    out = io.StringIO()
    assert store.export_csv(out, run_id=999) == 0
    assert out.getvalue().splitlines() == [",".join(CSV_COLUMNS)]


def test_the_store_holds_no_secret_shaped_settings(store):
    for key in ("superoffice_password", "emarketeer_api_key", "superoffice_token", "client_secret"):
        with pytest.raises(ValueError):
            store.save_settings({key: "x"})
    assert store.settings() == {}


# -------------------------------------------------------------- baselines


def test_baselines_round_trip_and_upsert(store, clock):
    so_t = datetime(2023, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    em_t = so_t + timedelta(microseconds=1)
    store.save_baselines(
        [
            BaselineEntry("a@x.se", Purpose.STORE, Consent(CONSENT, so_t), Consent(CONSENT, em_t), 7),
            BaselineEntry("b@x.se", Purpose.MARKETING, Consent(), Consent(), None),
        ]
    )
    got = store.load_baselines()
    assert got == {
        "a@x.se": ContactBaseline((Consent(CONSENT, so_t), None), (Consent(CONSENT, em_t), None), (7, None)),
        "b@x.se": ContactBaseline((None, Consent()), (None, Consent()), (None, None)),  # R13: whose agreement
    }
    assert got["a@x.se"].superoffice[0].changed_at.tzinfo is UTC
    assert isinstance(got["a@x.se"].superoffice, tuple)

    # The same key again replaces; another purpose of the same address adds.
    later = so_t + timedelta(days=1)
    store.save_baselines(
        [
            BaselineEntry("a@x.se", Purpose.STORE, Consent(WITHDRAWN, later), Consent(WITHDRAWN, later), 8),
            BaselineEntry("a@x.se", Purpose.MARKETING, Consent(LEGIT, so_t), Consent(LEGIT, em_t), 8),
        ]
    )
    got = store.load_baselines(["a@x.se"])
    assert got == {
        "a@x.se": ContactBaseline(
            (Consent(WITHDRAWN, later), Consent(LEGIT, so_t)),
            (Consent(WITHDRAWN, later), Consent(LEGIT, em_t)),
            (8, 8),
        )
    }
    assert store.load_baselines([]) == {}
    assert store.load_baselines(["nobody@x.se"]) == {}
    assert store.load_baselines("b@x.se").keys() == {"b@x.se"}  # a lone address is not split into letters


def test_baseline_times_in_other_zones_or_naive_are_stored_as_utc(store):
    stockholm = datetime(2024, 6, 1, 14, 0, 0, 250, tzinfo=ZoneInfo("Europe/Stockholm"))
    naive = datetime(2024, 6, 1, 12, 0, 0, 250)
    store.save_baselines([BaselineEntry("a@x.se", Purpose.STORE, Consent(CONSENT, stockholm), Consent(CONSENT, naive))])
    base = store.load_baselines()["a@x.se"]
    expected = datetime(2024, 6, 1, 12, 0, 0, 250, tzinfo=UTC)
    assert base.superoffice[0].changed_at == expected == base.emarketeer[0].changed_at
    assert base.superoffice[0].changed_at.tzinfo is UTC
    raw = sqlite3.connect(store.path).execute("SELECT so_changed_at, so_basis FROM baseline").fetchone()
    assert raw == ("2024-06-01T12:00:00.000250+00:00", "consent")


def test_loading_many_addresses_is_chunked(store, monkeypatch):
    monkeypatch.setattr(store_module, "_IN_CHUNK_MAX", 7)
    entries = [
        BaselineEntry(f"u{i}@x.se", Purpose.STORE, Consent(CONSENT, T0), Consent(CONSENT, T0)) for i in range(50)
    ]
    store.save_baselines(entries)
    wanted = [f"u{i}@x.se" for i in range(0, 50, 2)] + ["nobody@x.se"]
    assert sorted(store.load_baselines(wanted)) == sorted(wanted[:-1])
    assert len(store.load_baselines(frozenset(wanted))) == 25


def test_baselines_feed_the_planner_unchanged(store):
    """Read back, a baseline equals what the planner compares it with, so R12 holds (no write the second time)."""
    from desktop_app.domain.model import SuperOfficeContact
    from desktop_app.domain.planner import plan

    so_value, em_value = Consent(CONSENT, T0), Consent(CONSENT, T0 + timedelta(minutes=10, microseconds=3))
    so = {"a@x.se": SuperOfficeContact("a@x.se", (person(1, "a@x.se", store=so_value, marketing=so_value),))}
    em = {"a@x.se": EmarketeerContact("a@x.se", 5, (em_value, em_value))}
    first = plan(so, em, {}, T0 + timedelta(hours=1))
    store.save_baselines(
        [BaselineEntry(d.email, d.purpose, d.superoffice, d.emarketeer, d.person_id) for d in first.decisions]
    )
    second = plan(so, store.load_emarketeer() or em, store.load_baselines(), T0 + timedelta(hours=1))
    assert second.decisions == [] and second.in_sync == 2


# ---------------------------------------------------------------- replica


def test_superoffice_replica_round_trip_with_duplicates_oldest_first(store):
    t = T0 + timedelta(microseconds=1)
    persons = [
        person(30, "dup@x.se", registered=T0 + timedelta(days=2), store=Consent(WITHDRAWN, t)),
        person(20, "dup@x.se", registered=T0, marketing=Consent(CONSENT, t)),
        person(10, "dup@x.se", registered=T0),  # same creation time as 20: lower id first
        person(5, "dup@x.se", registered=None),  # no creation time: last
        person(
            40,
            "solo@x.se",
            registered=None,
            store=Consent(None, None, "unknown legal base key 'Foo'"),
            marketing=Consent(LEGIT, t),
        ),
    ]
    store.replace_superoffice(persons)
    got = store.load_superoffice()
    assert [p.person_id for p in got["dup@x.se"].persons] == [10, 20, 30, 5]
    assert got["dup@x.se"].used.person_id == 10
    assert got["solo@x.se"].persons == (persons[4],)
    assert {p.person_id: p for c in got.values() for p in c.persons} == {p.person_id: p for p in persons}
    assert got["dup@x.se"].persons[2].consents[0].changed_at.tzinfo is UTC
    assert store.load_superoffice(["solo@x.se", "none@x.se"]).keys() == {"solo@x.se"}
    assert store.load_superoffice_persons([20, 40, 99]) == {20: persons[1], 40: persons[4]}
    assert store.load_superoffice_persons([]) == {}


def test_lookups_by_address_read_the_same_as_one_json_row_as_row_by_row(store):
    """Issue 11 pt 4: a chunk's addresses are looked up as one JSON row (one step, one hand-over of the interpreter
    lock) where SQLite has its JSON functions; every value comes back as it does row by row, odd ones too."""
    t = T0 + timedelta(microseconds=9)
    odd = 'unknown legal base key "Foo\\bar"\nsecond line, ümlaut, \u2603, 😀'
    persons = [
        person(30, "dup@x.se", registered=T0 + timedelta(days=2), store=Consent(WITHDRAWN, t)),
        person(20, "dup@x.se", registered=T0, marketing=Consent(CONSENT, t)),
        person(5, "dup@x.se", registered=None),
        person(40, "solo@x.se", registered=None, store=Consent(None, None, odd), marketing=Consent(LEGIT, t)),
        person(2**53 + 1, "big@x.se", store=Consent(CONSENT, t)),  # past a double's exact integers
    ]
    store.replace_superoffice(persons)
    contacts = [
        EmarketeerContact("dup@x.se", 11, (Consent(CONSENT, t), Consent(WITHDRAWN, t))),
        EmarketeerContact("solo@x.se", None, (Consent(None, None, odd), Consent())),
    ]
    store.replace_emarketeer(contacts)
    store.save_baselines([BaselineEntry("dup@x.se", Purpose.STORE, Consent(CONSENT, t), Consent(), 20)])
    assert store._json_functions  # the SQLite in every build we ship has them (3.38 and later, or JSON1)
    statements: list[str] = []
    store._db.connection().set_trace_callback(statements.append)
    wanted = ["dup@x.se", "solo@x.se", "big@x.se", "none@x.se"]

    def lookups():
        return (
            store.load_superoffice(wanted),
            store.load_emarketeer(wanted),
            store.load_baselines(wanted),
            store.load_superoffice_persons([20, 40, 2**53 + 1, 99]),
        )

    as_json = lookups()
    assert sum("json_group_array" in sql for sql in statements) == 4
    store._json_functions = False  # an SQLite without them: row by row, as before
    statements.clear()
    assert lookups() == as_json
    assert not any("json_group_array" in sql for sql in statements)
    so, em, baselines, by_id = as_json
    assert [p.person_id for p in so["dup@x.se"].persons] == [20, 30, 5]
    assert so["solo@x.se"].persons == (persons[3],) and by_id[2**53 + 1] == persons[4]
    assert em == {c.email: c for c in contacts}
    assert sorted(baselines) == ["dup@x.se"]


def test_superoffice_replace_upsert_and_delete(store):
    store.replace_superoffice([person(1, "a@x.se"), person(2, "b@x.se"), person(3, "c@x.se")])
    store.replace_superoffice(p for p in [person(2, "b@x.se"), person(4, "d@x.se")])  # a generator is fine
    assert sorted(store.load_superoffice()) == ["b@x.se", "d@x.se"]

    moved = person(2, "new-b@x.se", store=Consent(CONSENT, T0))
    store.upsert_superoffice([moved, person(5, "e@x.se"), person(5, "e2@x.se")])  # the last of a repeated id wins
    got = store.load_superoffice_persons([2, 4, 5])
    assert got == {2: moved, 4: person(4, "d@x.se"), 5: person(5, "e2@x.se")}
    assert "b@x.se" not in store.load_superoffice()

    store.delete_superoffice([2, 999])
    assert sorted(store.load_superoffice_persons([2, 4, 5])) == [4, 5]


def test_emarketeer_replica_round_trip(store):
    t = T0 + timedelta(seconds=1, microseconds=17)
    contacts = [
        EmarketeerContact("a@x.se", 11, (Consent(CONSENT, t), Consent(WITHDRAWN, t))),
        EmarketeerContact("b@x.se", None, EMPTY_CONSENTS),
        EmarketeerContact("c@x.se", 13, (Consent(None, None, "unknown consent type"), Consent())),
    ]
    store.replace_emarketeer(contacts)
    assert store.load_emarketeer() == {c.email: c for c in contacts}
    assert store.load_emarketeer(["b@x.se", "z@x.se"]) == {"b@x.se": contacts[1]}

    changed = EmarketeerContact("a@x.se", 11, (Consent(WITHDRAWN, t + timedelta(days=1)), Consent(WITHDRAWN, t)))
    store.upsert_emarketeer([changed, EmarketeerContact("d@x.se", 14, EMPTY_CONSENTS)])
    got = store.load_emarketeer()
    assert got["a@x.se"] == changed and sorted(got) == ["a@x.se", "b@x.se", "c@x.se", "d@x.se"]

    store.replace_emarketeer([contacts[1]])
    assert store.load_emarketeer() == {"b@x.se": contacts[1]}


# ---------------------------------------------------------------- cursors


def test_cursors(store):
    assert store.get_cursor("superoffice.consent") is None
    value = datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    store.set_cursor("superoffice.consent", value)
    store.set_cursor("emarketeer.consent", value + timedelta(microseconds=1))
    got = store.get_cursor("superoffice.consent")
    assert got == value and got.tzinfo is UTC
    store.set_cursor("superoffice.consent", value + timedelta(hours=1))
    assert store.get_cursor("superoffice.consent") == value + timedelta(hours=1)
    store.set_cursor("superoffice.consent", None)
    assert store.get_cursor("superoffice.consent") is None
    assert store.get_cursor("emarketeer.consent") == value + timedelta(microseconds=1)


# --------------------------------------------------------------- settings


def test_settings_round_trip_and_none_removes(store, tmp_path):
    values = {
        "crm": "online",
        "enabled": True,
        "interval_minutes": 30,
        "clock_skew_seconds": 120.5,
        "superoffice_url": "",
        "list": [1, "två"],
        "nested": {"a": None},
    }
    store.save_settings(values)
    assert store.settings() == values
    store.save_settings({"interval_minutes": 15, "crm": None})
    expected = dict(values, interval_minutes=15)
    del expected["crm"]
    assert store.settings() == expected
    assert read_settings(store.path.parent) == expected


def test_settings_are_saved_all_or_nothing(store):
    store.save_settings({"crm": "online"})
    with pytest.raises(TypeError):
        store.save_settings({"crm": "onsite", "bad": object()})
    assert store.settings() == {"crm": "online"}


def test_read_settings_never_creates_or_repairs(tmp_path):
    missing = tmp_path / "nowhere"
    assert read_settings(missing) == {}
    assert not missing.exists()
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "history.sqlite3").write_bytes(b"not a database" * 100)
    assert read_settings(garbage) == {}
    assert (garbage / "history.sqlite3").read_bytes() == b"not a database" * 100


def test_cli_reads_the_saved_settings(tmp_path):
    from desktop_app.cli import saved_settings

    with Store.open(tmp_path / "d") as s:
        s.save_settings({"interval_minutes": 45})
    assert saved_settings(tmp_path / "d") == {"interval_minutes": 45}


# ---------------------------------------------------------- transactions


def test_mark_applied_with_a_bad_baseline_changes_nothing(store):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    (decision_id,) = store.record_decisions(run_id, [decision()], DecisionStatus.PLANNED)
    store.mark_pending(decision_id, "LBS-x")
    good = BaselineEntry("a@x.se", Purpose.STORE, Consent(CONSENT, T0), Consent(CONSENT, T0))
    bad = BaselineEntry("b@x.se", "no-such-purpose", Consent(CONSENT, T0), Consent(CONSENT, T0))
    with pytest.raises(ValueError):
        store.mark_applied(decision_id, T0, [good, bad])
    record = store.get_decision(decision_id)
    assert (record.status, record.applied_at, record.target_changed_at) == (DecisionStatus.PENDING, None, None)
    assert store.load_baselines() == {}
    with pytest.raises(Exception):  # NOT NULL email
        store.mark_applied(decision_id, T0, [good._replace(email=None)])
    assert store.get_decision(decision_id).status is DecisionStatus.PENDING and store.load_baselines() == {}


def test_a_failing_input_stream_leaves_the_replica_as_it_was(store):
    store.replace_superoffice([person(1, "a@x.se")])
    store.replace_emarketeer([EmarketeerContact("a@x.se", 1, EMPTY_CONSENTS)])

    def broken(first):
        yield first
        raise RuntimeError("connection lost half-way")

    with pytest.raises(RuntimeError):
        store.replace_superoffice(broken(person(2, "b@x.se")))
    with pytest.raises(RuntimeError):
        store.replace_emarketeer(broken(EmarketeerContact("b@x.se", 2, EMPTY_CONSENTS)))
    with pytest.raises(RuntimeError):
        store.save_baselines(broken(BaselineEntry("a@x.se", Purpose.STORE, Consent(), Consent())))
    assert list(store.load_superoffice()) == ["a@x.se"]
    assert list(store.load_emarketeer()) == ["a@x.se"]
    assert store.load_baselines() == {}


def test_records_are_immutable(store):
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.record_decisions(run_id, [decision()], DecisionStatus.PLANNED)
    with pytest.raises(AttributeError):
        store.get_run(run_id).status = RunStatus.DONE  # type: ignore[misc]
    with pytest.raises(AttributeError):
        store.decisions(run_id)[0].status = DecisionStatus.APPLIED  # type: ignore[misc]
    json.dumps(store.get_run(run_id).only)  # plain data, no ORM objects


def test_a_typed_message_is_kept_beside_its_english_and_old_rows_keep_only_their_english(store):
    """Issue 13: a run's, a write's and an error's message keep their kind and arguments (the window words them in its
    language) beside the English the command line and the CSV use; a row written without one reads back None."""
    from desktop_app.domain.messages import Message

    said = Message.of("held_run", n=3610, why=Message.of("for_matched", n=12000))
    run_id = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.finish_run(run_id, RunStatus.HELD, message=said)
    run = store.get_run(run_id)
    assert run.said == said and run.message == said.english() and "3,610 legal bases" in run.message
    failed = Message.of("writing_failed", system=System.EMARKETEER, message="eMarketeer rejected the request")
    store.record_errors(
        run_id, [ContactError("a@x.se", Purpose.STORE, failed.english(), System.EMARKETEER, said=failed)]
    )
    assert store.errors(run_id)[0].said == failed and store.errors(run_id)[0].reason == failed.english()
    plain = store.start_run(Trigger.MANUAL, RunMode.FULL, False)
    store.finish_run(plain, RunStatus.FAILED, message="An English sentence from before messages were typed.")
    assert store.get_run(plain).said is None
    assert store.get_run(plain).message == "An English sentence from before messages were typed."


@pytest.mark.parametrize("count", [1, 99, 100, 101, 250])
def test_mark_applied_many_in_grouped_statements_records_as_one_write_at_a_time(tmp_path, clock, count):
    """Issue 11 pt 4: mark_applied_many writes its decisions and baselines a hundred to a statement; each decision keeps
    its own target time (some none), and a baseline given twice in one call ends as the later one, exactly as
    mark_applied one write at a time records them."""
    stores = [Store.open(tmp_path / name, clock=clock) for name in ("grouped", "one_by_one")]
    try:
        items = []
        decisions = [decision(f"m{i % max(1, count - 3):03d}@x.se") for i in range(count)]  # a few addresses twice
        for s in stores:
            run_id = s.start_run(Trigger.MANUAL, RunMode.FULL, False)
            ids = s.record_decisions(run_id, decisions, DecisionStatus.PLANNED)
            items = [
                (
                    decision_id,
                    None if i % 7 == 3 else T0 + timedelta(minutes=i, microseconds=i),
                    [
                        BaselineEntry(
                            d.email, d.purpose, d.superoffice, Consent(CONSENT, T0 + timedelta(minutes=i)), d.person_id
                        )
                    ],
                )
                for i, (decision_id, d) in enumerate(zip(ids, decisions))
            ]
        grouped, one_by_one = stores
        clock.tick(seconds=1)
        grouped.mark_applied_many(items)
        for decision_id, when, entries in items:
            one_by_one.mark_applied(decision_id, when, entries)
        assert [(r.status, r.target_changed_at, r.applied_at) for r in grouped.decisions(1)] == [
            (r.status, r.target_changed_at, r.applied_at) for r in one_by_one.decisions(1)
        ]
        assert {r.status for r in grouped.decisions(1)} == {DecisionStatus.APPLIED}
        assert [r.target_changed_at for r in grouped.decisions(1)] == [when for _, when, _ in items]
        assert grouped.load_baselines() == one_by_one.load_baselines()
    finally:
        for s in stores:
            s.close()
