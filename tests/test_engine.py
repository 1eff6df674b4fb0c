"""The engine end to end: real connectors against both simulators over loopback, a real SQLite store.

Each test names the SPEC rule it holds the engine to.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from engine_support import T0, VENDOR_RULES

from desktop_app.domain.model import LegalBasis, Purpose, RunMode, RunStatus, System
from desktop_app.simulators import Fault
from desktop_app.store import DecisionStatus
from desktop_app.sync.engine import EngineSettings, SyncOptions
from desktop_app.sync.lock import LockHeld, RunLock

# ------------------------------------------------------------------ R5, R6


def test_r5_superoffice_newer_wins_and_emarketeer_is_updated(world):
    world.em_contact("anna@example.se", marketing="Consent")
    world.advance(600)
    pid = world.so_person("anna@example.se", EMARKETING="WITHDRAWN")
    summary = world.sync()
    assert summary.status is RunStatus.DONE
    assert world.em_value("anna@example.se", "Marketing sendouts") == "Withdrawn"
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
    [change] = summary.changes
    assert (change.target, change.new, change.rule.value) == (System.EMARKETEER, LegalBasis.WITHDRAWN, "R5")
    record = world.em.current_consents("anna@example.se")["Marketing sendouts"]
    assert f"run {summary.run_id}" in record["description"]
    assert record["sourceId"] == world.em_source_id("Other integration")


def test_r5_emarketeer_newer_wins_and_superoffice_is_updated(world):
    pid = world.so_person("bo@foretag.se", EMARKETING="61A")
    world.advance(3600)
    world.em_contact("Bo@Foretag.se ", marketing="Withdrawn")  # matched on the normalised address
    summary = world.sync()
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
    consent = world.so.consents(pid)["EMARKETING"]
    assert consent["ConsentSourceKey"] == "API"
    assert f"run {summary.run_id}" in consent["Comment"]
    assert [c.target for c in summary.changes] == [System.SUPEROFFICE]


def test_r5_value_beats_none_in_both_directions(world):
    p1 = world.so_person("one@example.se", STORE="61B")
    world.em_contact("one@example.se")
    world.so_person("two@example.se")
    world.em_contact("two@example.se", store="Legitimate interest")
    summary = world.sync()
    assert world.em_value("one@example.se", "Store and process") == "Contract"
    assert {(c.email, c.target) for c in summary.changes} == {
        ("one@example.se", System.EMARKETEER),
        ("two@example.se", System.SUPEROFFICE),
    }
    assert world.so_value(p1, "STORE") == "61B"


def test_r6_both_purposes_are_synced(world):
    pid = world.so_person("c@example.se", STORE="61A", EMARKETING="61A")
    world.advance(600)
    world.em_contact("c@example.se", store="Contract", marketing="Withdrawn")
    world.sync()
    assert world.so_value(pid, "STORE") == "61B"
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"


# ------------------------------------------------------------------ R9, R11, R12


def test_r9_oldest_mode_the_oldest_duplicate_decides_and_only_it_is_written(world):
    world.settings = EngineSettings(**VENDOR_RULES)
    old = world.so_person("dup@example.se", registered=T0 - timedelta(days=900), EMARKETING="WITHDRAWN")
    young = world.so_person("dup@example.se", registered=T0 - timedelta(days=10), EMARKETING="61A")
    world.em_contact("dup@example.se")
    summary = world.sync()
    assert world.em_value("dup@example.se", "Marketing sendouts") == "Withdrawn"
    [change] = summary.changes
    assert change.person_id == old and change.person_count == 2 and change.duplicates_differ
    assert "oldest of 2 SuperOffice persons" in change.explain()
    assert world.so_value(young, "EMARKETING") == "61A"  # never touched


def test_r11_contacts_in_one_system_are_left_alone(world):
    world.so_person("only-so@example.se", STORE="61A")
    world.em_contact("only-em@example.se", store="Consent")
    summary = world.sync()
    assert (summary.matched, summary.unmatched_superoffice, summary.unmatched_emarketeer) == (0, 1, 1)
    assert summary.changes == () and world.writes(world.so) == [] and world.writes(world.em) == []


def test_r12_second_run_writes_nothing(world):
    world.so_person("a@example.se", STORE="61A", EMARKETING="61A")
    world.advance(60)
    world.em_contact("a@example.se", marketing="Withdrawn")
    first = world.sync()
    assert len(first.changes) == 2
    world.so.clear_requests()
    world.em.clear_requests()
    world.advance(60)
    second = world.sync(mode=RunMode.FULL)
    assert second.status is RunStatus.DONE and second.changes == ()
    assert world.writes(world.so) == [] and world.writes(world.em) == []
    third = world.sync()  # incremental: our own writes come back as changes and still write nothing
    assert third.mode is RunMode.INCREMENTAL and third.changes == ()
    assert world.writes(world.so) == [] and world.writes(world.em) == []


# ------------------------------------------------------------------ R13


def test_r13_only_one_side_changed_wins_despite_a_skewed_clock(world):
    """eMarketeer's clock runs five minutes ahead: R5 alone would undo SuperOffice's newer change."""
    world.settings = EngineSettings(**VENDOR_RULES)  # the new value reverses a withdrawal: R24 would hold it
    world.em_clock.advance(300)
    pid = world.so_person("skew@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("skew@example.se", marketing="Withdrawn")
    world.sync()  # agree: baseline recorded
    world.advance(60)
    # SuperOffice's new time is still earlier than eMarketeer's old record time, and the new value
    # is the less restrictive one: neither R5 nor the clock-skew rule would let it win.
    world.so.set_consent(pid, "EMARKETING", "61A")
    summary = world.sync()
    [change] = summary.changes
    assert change.rule.value == "R13" and change.target is System.EMARKETEER
    assert "Only SuperOffice changed since the last sync" in change.explain()
    assert world.em_value("skew@example.se", "Marketing sendouts") == "Consent"


def test_r13_near_simultaneous_changes_the_more_restrictive_value_wins_as_a_conflict(world):
    pid = world.so_person("near@example.se", EMARKETING="61A")
    world.em_clock.advance(30)  # 30 s later: inside the 2-minute window
    world.em_contact("near@example.se", marketing="Withdrawn")
    summary = world.sync()
    [conflict] = summary.conflicts
    assert conflict.email == "near@example.se" and conflict.rule.value == "R13"
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
    as_json = summary.to_json()
    assert as_json["conflicts"][0]["superoffice"] == "consent"
    assert as_json["conflicts"][0]["emarketeer"] == "withdrawn"


# ------------------------------------------------------------------ R14


def test_r14_target_changed_after_the_plan_is_decided_again(world):
    pid = world.so_person("race@example.se", EMARKETING="61A")
    world.advance(60)
    world.em_contact("race@example.se", marketing="Consent")
    world.sync()  # baseline: both consent
    world.advance(60)
    world.so.set_consent(pid, "EMARKETING", "WITHDRAWN")  # plan: write withdrawn to eMarketeer

    def meddle(progress):
        if progress.phase == "planning":
            # Between the read and the write, someone unsubscribes in eMarketeer too, a bit later.
            world.em_clock.advance(600)
            world.em.add_consent("race@example.se", "Marketing sendouts", "Withdrawn", source_name="Unsubscribe link")

    summary = world.sync(progress=meddle)
    assert summary.status is RunStatus.DONE
    # The stale write (EM := withdrawn) was not sent on top of the fresh record: both now agree.
    history = world.em.history("race@example.se")
    assert [world.em_basis_name(r) for r in history if r["purposeId"] == world.em_purpose_id("Marketing sendouts")][
        :2
    ] == ["Withdrawn", "Consent"]
    store = world.store()
    statuses = [d.status for d in store.decisions(summary.run_id)]
    assert DecisionStatus.SUPERSEDED in statuses


def test_r14_batched_reread_finds_the_one_emarketeer_target_that_moved(world):
    """With several eMarketeer targets the re-read is one changes read, not a GET per contact."""
    world.settings = EngineSettings(**VENDOR_RULES)  # batch2's decision again would reverse a withdrawal (R24)
    emails = [f"batch{i}@example.se" for i in range(6)]
    for email in emails:
        world.so_person(email, EMARKETING="61A")
        world.em_contact(email, marketing="Consent")
    world.sync()
    world.advance(60)
    for email in emails:
        world.so.set_consent(world.so_person_id(email), "EMARKETING", "WITHDRAWN")

    def meddle(progress):
        if progress.phase == "planning":
            world.em_clock.advance(300)
            world.em.add_consent("batch2@example.se", "Marketing sendouts", "Consent", source_name="Web form")

    world.em.clear_requests()
    summary = world.sync(progress=meddle)
    per_key = [r for r in world.em.requests if r.path.endswith("/consents") and r.method == "GET"]
    assert per_key == []
    written = {c.email for c in summary.changes}
    assert written >= set(emails) - {"batch2@example.se"}
    # batch2: both changed since the baseline; eMarketeer's change is later (R5) and wins.
    assert world.em_value("batch2@example.se", "Marketing sendouts") == "Consent"
    assert world.so_value(world.so_person_id("batch2@example.se"), "EMARKETING") == "61A"
    statuses = [d.status for d in world.store().decisions(summary.run_id) if d.email == "batch2@example.se"]
    assert DecisionStatus.SUPERSEDED in statuses and DecisionStatus.APPLIED in statuses


# ------------------------------------------------------------------ R15, R16


def test_r15_every_applied_change_is_in_the_audit_trail(world):
    pid = world.so_person("audit@example.se", EMARKETING="61A")
    world.advance(120)
    world.em_contact("audit@example.se", marketing="Withdrawn")
    summary = world.sync()
    store = world.store()
    [record] = store.decisions(summary.run_id, writes_only=True)
    assert record.status is DecisionStatus.APPLIED
    assert (record.email, record.purpose, record.target) == ("audit@example.se", Purpose.MARKETING, System.SUPEROFFICE)
    assert record.superoffice.basis is LegalBasis.CONSENT and record.emarketeer.basis is LegalBasis.WITHDRAWN
    assert record.superoffice.changed_at is not None and record.emarketeer.changed_at is not None
    assert record.rule.value == "R5" and "eMarketeer changed later" in record.explanation
    assert record.target_changed_at == world.so_clock.now().replace(microsecond=0) or record.target_changed_at
    out = io.StringIO()
    assert store.export_csv(out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["email"] == "audit@example.se" and rows[0]["new_value"] == "withdrawn"
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"


def test_r15_each_write_explains_itself_once_in_the_same_words_to_the_vendor_and_the_history(world, monkeypatch):
    from desktop_app.domain.planner import Decision

    made: list[str] = []
    explain = Decision.explain

    def counted(self: Decision) -> str:
        made.append(self.email)
        return explain(self)

    monkeypatch.setattr(Decision, "explain", counted)
    pid = world.so_person("once@example.se", EMARKETING="61A")
    world.advance(120)
    world.em_contact("once@example.se", marketing="Withdrawn", store="Consent")
    summary = world.sync(settings=EngineSettings(**VENDOR_RULES))
    assert {(d.target, d.purpose) for d in summary.changes} == {
        (System.SUPEROFFICE, Purpose.MARKETING),
        (System.SUPEROFFICE, Purpose.STORE),
    }
    # Issue 11 pt 4: the explanation is made once per write, not once for the history and again for the comment.
    assert len(made) == len(summary.changes) == 2
    store = world.store()
    records = store.decisions(summary.run_id, writes_only=True)
    comments = {k: v["Comment"] for k, v in world.so.consents(pid).items()}
    for record in records:
        key = "EMARKETING" if record.purpose is Purpose.MARKETING else "STORE"
        said = f"Legal Basis Sync run {summary.run_id} (LBS-{summary.run_id}-{record.id}): {record.explanation}"
        assert comments[key] == said[:250]


def test_r16_dry_run_writes_nothing_to_either_system(world):
    pid = world.so_person("dry@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("dry@example.se", marketing="Consent")
    world.advance(10)
    summary = world.sync(dry_run=True)
    assert summary.dry_run and len(summary.changes) == 1
    assert world.writes(world.so) == [] and world.writes(world.em) == []
    assert world.em_value("dry@example.se", "Marketing sendouts") == "Consent"
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
    store = world.store()
    assert [d.status for d in store.decisions(summary.run_id)] == [DecisionStatus.PLANNED]
    # A real run afterwards still does the work: the dry run moved no cursor and no baseline.
    real = world.sync()
    assert len(real.changes) == 1


# ------------------------------------------------------------------ R17


def test_r17_bad_records_go_to_the_error_list_and_the_rest_is_synced(world):
    world.so.add_person("not-an-address", registered=T0 - timedelta(days=3))
    bad_key = world.so_person("badkey@example.se")
    world.so.set_consent(bad_key, "STORE", "61Z")  # unknown legal base key
    no_time = world.so_person("notime@example.se", STORE="61A")
    world.so.set_raw_consent_field(no_time, "STORE", "registered", None)
    world.so.set_raw_consent_field(no_time, "STORE", "updated", None)
    future = world.so_person("future@example.se")
    world.so.set_consent(future, "STORE", "61A", at=T0 + timedelta(days=30))
    for email in ("badkey@example.se", "notime@example.se", "future@example.se", "good@example.se"):
        world.em_contact(email)
    world.so_person("good@example.se", STORE="61A")
    summary = world.sync()
    assert summary.status is RunStatus.DONE
    reasons = {e.email: e.reason for e in summary.errors}
    assert "61Z" in reasons["badkey@example.se"]
    assert "change time" in reasons["notime@example.se"]
    assert "future" in reasons["future@example.se"]
    assert any("not-an-address" in e.reason for e in summary.errors)
    assert [c.email for c in summary.changes] == ["good@example.se"]
    assert world.em_value("good@example.se", "Store and process") == "Consent"
    store = world.store()
    assert len(store.errors(summary.run_id)) == len(summary.errors)


def test_r17_malformed_emarketeer_record_inside_a_valid_page(world):
    world.so_person("ok@example.se", STORE="61A")
    world.em_contact("ok@example.se")
    world.em_contact("odd@example.se")
    world.em.add_raw_record(
        {
            "key": "odd@example.se",
            "purposeId": world.em_purpose_id("Store and process"),
            "legalBasisId": 99999,
            "sourceId": world.em_source_id("Web form"),
            "description": "",
            "createdAt": "2026-05-01T00:00:00Z",
        }
    )
    world.so_person("odd@example.se", STORE="61A")
    summary = world.sync()
    assert summary.status is RunStatus.DONE
    assert any(e.email == "odd@example.se" for e in summary.errors)
    assert world.em_value("ok@example.se", "Store and process") == "Consent"


# ------------------------------------------------------------------ R18: faults


@pytest.mark.parametrize(
    "fault",
    [
        Fault(kind="status", status=429, retry_after=0.05, times=2),
        Fault(kind="status", status=429, times=2),
        Fault(kind="status", status=500, times=1),
        Fault(kind="status", status=502, times=1),
        Fault(kind="status", status=503, times=2),
        Fault(kind="delay", delay=3.0, times=1),
        Fault(kind="drop", times=1),
        Fault(kind="malformed", times=1),
    ],
    ids=["429-retry-after", "429-bare", "500", "502", "503", "timeout", "reset", "malformed-json"],
)
@pytest.mark.parametrize("side", ["so", "em"])
def test_r18_transient_faults_are_retried_and_the_run_finishes(world, fault, side):
    pid = world.so_person("f@example.se", EMARKETING="61A")
    world.advance(60)
    world.em_contact("f@example.se", marketing="Withdrawn")
    world.so_person("g@example.se", STORE="61F")
    world.em_contact("g@example.se")
    server = world.so if side == "so" else world.em
    # GETs are safe to retry anywhere; the ambiguous POST case has its own test below.
    server.faults.add(Fault(**{**fault.__dict__, "method": "GET"}))
    summary = world.sync()
    assert summary.status is RunStatus.DONE, summary.message
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
    assert world.em_value("g@example.se", "Store and process") == "Legitimate interest"


def test_r18_service_that_stays_down_stops_the_run_cleanly_and_the_next_run_completes(world):
    pid = world.so_person("down@example.se", EMARKETING="61A")
    world.advance(60)
    world.em_contact("down@example.se", marketing="Withdrawn")
    world.so.faults.add(Fault(kind="status", status=503, times=-1, method="PUT"))
    first = world.sync()
    assert first.status is RunStatus.STOPPED
    assert "SuperOffice" in first.message
    store = world.store()
    assert store.get_run(first.run_id).status is RunStatus.STOPPED
    world.so.faults.clear()
    second = world.sync()
    assert second.status is RunStatus.DONE
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"


def test_r18_ambiguous_emarketeer_write_is_not_sent_twice(world):
    world.so_person("amb@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("amb@example.se")
    # The POST reaches the server, which stores it, but the answer is lost (a 502 after the fact is
    # the same to the client as a dropped connection).
    world.em.faults.add(
        Fault(kind="status", status=502, method="POST", times=1, path_contains="consents", after_handling=True)
    )
    summary = world.sync()
    assert summary.status is RunStatus.DONE
    marketing = world.em_purpose_id("Marketing sendouts")
    records = [r for r in world.em.history("amb@example.se") if r["purposeId"] == marketing]
    assert len(records) == 1
    assert [c.email for c in summary.changes] == ["amb@example.se"]


def test_r18_401_mid_run_stops_with_an_authentication_message(world):
    world.so_person("auth@example.se", EMARKETING="61A")
    world.advance(60)
    world.em_contact("auth@example.se", marketing="Withdrawn")
    world.so.faults.add(Fault(kind="status", status=401, method="PUT", times=-1))
    summary = world.sync()
    assert summary.status is RunStatus.STOPPED
    assert "secret" not in summary.message
    assert "SuperOffice" in summary.message


# ------------------------------------------------------------------ R20, R21


def test_r20_a_second_run_on_the_same_data_directory_is_refused(world):
    lock = RunLock(world.data_dir)
    lock.acquire()
    try:
        with pytest.raises(LockHeld) as info:
            world.sync()
        assert "already running" in info.value.user_message
    finally:
        lock.release()
    assert world.sync().status is RunStatus.DONE


def test_r21_incremental_run_reads_only_what_changed(world):
    for i in range(30):
        world.so_person(f"p{i}@example.se", STORE="61A", EMARKETING="61A")
        world.em_contact(f"p{i}@example.se", store="Consent", marketing="Consent")
    full = world.sync()
    assert full.mode is RunMode.FULL and full.changes == ()
    world.advance(3600)
    world.so.set_consent(world.so_person_id("p3@example.se"), "EMARKETING", "WITHDRAWN")
    world.em.add_consent("p7@example.se", "Store and process", "Contract")
    world.so.clear_requests()
    world.em.clear_requests()
    inc = world.sync()
    assert inc.mode is RunMode.INCREMENTAL and inc.status is RunStatus.DONE
    assert {(c.email, c.target) for c in inc.changes} == {
        ("p3@example.se", System.EMARKETEER),
        ("p7@example.se", System.SUPEROFFICE),
    }
    assert world.em_value("p3@example.se", "Marketing sendouts") == "Withdrawn"
    assert world.so_value(world.so_person_id("p7@example.se"), "STORE") == "61B"
    # The cursors come from each server's own clock; the reads ask only for recent changes.
    archive = [r for r in world.so.requests if "Archive" in r.path]
    filters = [r.query.get("$filter", "") for r in archive]
    assert filters and all("afterTime" in f or " in (" in f or " gt " in f for f in filters), filters


def test_only_run_syncs_just_the_given_addresses(world):
    world.so_person("in@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("in@example.se", marketing="Consent")
    world.so_person("out@example.se", EMARKETING="WITHDRAWN")
    world.em_contact("out@example.se", marketing="Consent")
    world.advance(10)
    summary = world.sync(only=("IN@example.se", "x@"))
    assert summary.mode is RunMode.ONLY
    assert [c.email for c in summary.changes] == ["in@example.se"]
    assert [e.email for e in summary.errors] == ["x@"]
    assert world.em_value("out@example.se", "Marketing sendouts") == "Consent"


def test_cancel_stops_the_run_and_records_it(world):
    for i in range(5):
        world.so_person(f"c{i}@example.se", STORE="61A")
        world.em_contact(f"c{i}@example.se")
    engine = world.engine()
    engine.cancel.set()
    summary = engine.run(SyncOptions())
    assert summary.status is RunStatus.STOPPED and "Cancelled" in summary.message


def test_settings_window_is_a_setting(world):
    pid = world.so_person("w@example.se", EMARKETING="61A")
    world.em_clock.advance(90)
    world.em_contact("w@example.se", marketing="Withdrawn")
    summary = world.sync(settings=EngineSettings(clock_skew=timedelta(seconds=30)))
    assert summary.conflicts == ()  # 90 s apart is outside a 30 s window: plain R5
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
