"""Nothing irreversible without a person, end to end against both simulators: R9 `all`, R22, R23, R24, R25."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from engine_support import T0

from desktop_app.domain.model import LegalBasis, Purpose, Rule, RunStatus, System
from desktop_app.domain.planner import AnswerKind
from desktop_app.domain.safety import BrakeSettings
from desktop_app.store import DecisionStatus
from desktop_app.sync.engine import EngineSettings, SyncOptions

MKT = "Marketing sendouts"


# ------------------------------------------------------------------ R9 `all`


def test_r9_all_every_person_of_the_address_is_brought_to_the_decided_value(world):
    a = world.so_person("dup@example.se", registered=T0 - timedelta(days=900), EMARKETING="61A")
    world.advance(60)
    world.em_contact("dup@example.se", marketing="Contract")
    world.advance(60)
    b = world.so_person("dup@example.se", registered=T0 - timedelta(days=10), EMARKETING="61F")  # changed last
    c = world.so_person("dup@example.se", registered=T0 - timedelta(days=5))  # no row at all
    summary = world.sync()
    assert summary.status is RunStatus.DONE and summary.held == ()
    assert world.em_value("dup@example.se", MKT) == "Legitimate interest"
    assert [world.so_value(p, "EMARKETING") for p in (a, b, c)] == ["61F", "61F", "61F"]
    main = next(d for d in summary.changes if d.target is System.EMARKETEER)
    assert main.decided_by == b and "latest-changed of 3 SuperOffice persons" in main.explain()
    assert {(d.person_id, d.rule) for d in summary.changes if d.target is System.SUPEROFFICE} == {
        (a, Rule.R9),
        (c, Rule.R9),
    }
    world.advance(60)
    assert world.sync().changes == ()  # R12: in step, all of them


def test_r9_oldest_mode_leaves_the_other_persons_alone(world):
    world.settings = EngineSettings(duplicates="oldest")
    a = world.so_person("dup@example.se", registered=T0 - timedelta(days=900), EMARKETING="61A")
    b = world.so_person("dup@example.se", registered=T0 - timedelta(days=10), EMARKETING="61F")
    world.em_contact("dup@example.se")
    world.sync()
    assert world.em_value("dup@example.se", MKT) == "Consent"
    assert (world.so_value(a, "EMARKETING"), world.so_value(b, "EMARKETING")) == ("61A", "61F")


# ------------------------------------------------------------------ R22


def test_r22_superoffices_creation_default_does_not_overwrite_an_emarketeer_consent(world):
    world.em_contact("new@example.se", store="Consent")  # the contact gave consent in eMarketeer long ago
    world.advance(3600)
    created = world.now()
    pid = world.so.add_person("new@example.se", registered=created)
    world.so.set_consent(pid, "STORE", "61F", at=created)  # what SuperOffice gives every new person
    summary = world.sync()
    [d] = summary.changes
    assert (d.rule, d.target, d.new) == (Rule.R22, System.SUPEROFFICE, LegalBasis.CONSENT)
    assert "default it gave the person at creation" in d.explain()
    assert world.so_value(pid, "STORE") == "61A"
    assert world.em_value("new@example.se", "Store and process") == "Consent"


# ------------------------------------------------------------------ R24


def reversal(world, email="rev@example.se"):
    """eMarketeer withdrawn; later a salesperson types Consent in SuperOffice."""
    world.em_contact(email, marketing="Withdrawn")
    world.advance(600)
    return world.so_person(email, EMARKETING="61A")


def test_r24_a_reversed_withdrawal_is_held_recorded_and_not_written(world):
    pid = reversal(world)
    summary = world.sync()
    assert summary.status is RunStatus.DONE and summary.changes == ()
    [h] = summary.held
    assert (h.email, h.target, h.new) == ("rev@example.se", System.EMARKETEER, LegalBasis.CONSENT)
    assert world.em_value("rev@example.se", MKT) == "Withdrawn" and world.writes(world.em) == []
    store = world.store()
    [held] = store.held_decisions()
    assert (held.email, held.purpose, held.person_id, held.answer) == ("rev@example.se", Purpose.MARKETING, pid, None)
    assert [d.status for d in store.decisions(summary.run_id)] == [DecisionStatus.HELD]
    js = summary.to_json()["held"]
    assert js == [
        {
            "email": "rev@example.se",
            "purpose": "marketing",
            "superoffice": "consent",
            "emarketeer": "withdrawn",
            "would_write": {"target": "emarketeer", "new": "consent"},
            "rule": "R24",
        }
    ]
    world.advance(60)
    again = world.sync()
    assert again.changes == () and len(again.held) == 1
    assert len([d for d in store.contact_history("rev@example.se") if d.status is DecisionStatus.HELD]) == 1


def test_r24_approve_lets_the_next_run_write_it_and_the_answer_is_in_the_audit_trail(world):
    reversal(world)
    world.sync()
    store = world.store()
    [answer] = store.answer_held({("rev@example.se", None)}, AnswerKind.APPROVE, "maria")
    assert (answer.answered_by, answer.status, answer.superoffice.basis, answer.emarketeer.basis) == (
        "maria",
        "open",
        LegalBasis.CONSENT,
        LegalBasis.WITHDRAWN,
    )
    assert store.held_decisions()[0].answer == "approve"
    world.advance(60)
    summary = world.sync()  # incremental, nothing changed: the answered address is decided anyway
    [d] = summary.changes
    assert (d.target, d.new, d.approved) == (System.EMARKETEER, LegalBasis.CONSENT, True)
    assert world.em_value("rev@example.se", MKT) == "Consent"
    assert store.held_decisions() == [] and store.answers()[0].status == "used"
    out = io.StringIO()
    store.export_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    [row] = [r for r in rows if r["trigger"] == "review"]
    assert (row["answered_by"], row["status"], row["rules"], row["superoffice_value"], row["emarketeer_value"]) == (
        "maria",
        "approved",
        "R24",
        "consent",
        "withdrawn",
    )


def test_r24_keep_withdrawn_writes_withdrawn_to_the_side_with_the_positive_basis(world):
    pid = reversal(world)
    world.sync()
    world.store().answer_held(None, AnswerKind.KEEP, "maria")
    world.advance(60)
    [d] = world.sync().changes
    assert (d.rule, d.target, d.new) == (Rule.R24, System.SUPEROFFICE, LegalBasis.WITHDRAWN)
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
    assert world.em_value("rev@example.se", MKT) == "Withdrawn"


def test_r24_an_answer_for_values_that_changed_since_is_void(world):
    pid = reversal(world)
    world.sync()
    store = world.store()
    store.answer_held(None, AnswerKind.APPROVE, "maria")
    world.advance(60)
    world.so.set_consent(pid, "EMARKETING", "61B")  # someone changed it again after the answer
    world.advance(60)
    summary = world.sync()
    assert summary.changes == () and len(summary.held) == 1
    assert store.answers()[0].status == "void"
    assert world.em_value("rev@example.se", MKT) == "Withdrawn"


# ------------------------------------------------------------------ R25


def test_r25_a_pair_changed_back_again_and_again_stops_being_written_until_cleared(world):
    pid = world.so_person("flap@example.se", EMARKETING="61A")
    world.em_contact("flap@example.se", marketing="Consent")
    world.sync()
    for n in range(3):  # another sync keeps putting eMarketeer back to Contract; we keep writing SuperOffice's
        world.advance(600)
        world.so.set_consent(pid, "EMARKETING", "61A" if n % 2 else "61F")
        world.advance(60)
        assert len(world.sync().changes) == 1
    world.advance(600)
    world.so.set_consent(pid, "EMARKETING", "61B")
    world.advance(60)
    summary = world.sync()
    assert summary.changes == ()
    [f] = summary.flapping
    assert (f.email, f.purpose, f.writes_24h) == ("flap@example.se", Purpose.MARKETING, 3)
    assert [v["new"] for v in f.values_seen] == ["legitimate_interest", "consent", "legitimate_interest"]
    assert summary.to_json()["flapping"] == [{"email": "flap@example.se", "purpose": "marketing", "writes_24h": 3}]
    store = world.store()
    [cleared] = store.clear_flapping({("flap@example.se", Purpose.MARKETING)}, "maria")
    assert cleared.email == "flap@example.se" and store.flapping() == []
    world.advance(60)
    world.sync(mode=None)
    assert world.em_value("flap@example.se", MKT) == "Contract"


# ------------------------------------------------------------------ R23


def brake_world(world, n=5, max_writes=3):
    world.settings = EngineSettings(brake=BrakeSettings(max_writes=max_writes))
    emails = [f"m{i}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email, EMARKETING="61A")
    world.advance(60)
    for email in emails:
        world.em_contact(email, marketing="Contract")
    return emails


def test_r23_a_first_full_run_over_the_limit_is_held_and_writes_nothing(world):
    emails = brake_world(world)
    summary = world.sync()
    assert summary.status is RunStatus.HELD and summary.held_by_brake
    assert len(summary.changes) == 5 and "would change 5 legal bases" in summary.message
    assert world.writes(world.so) == [] and world.writes(world.em) == []
    assert summary.to_json()["status"] == "held"
    store = world.store()
    waiting = store.waiting_held_run()
    assert (waiting.run_id, waiting.writes, waiting.status) == (summary.run_id, 5, "waiting")
    assert store.get_run(summary.run_id).status is RunStatus.HELD
    assert [world.so_value(world.so_person_id(e), "EMARKETING") for e in emails] == ["61A"] * 5


def test_r23_a_dry_run_says_a_real_run_would_be_held(world):
    """R16 + R23: a preview shows what a real run would do, and the brake is part of that."""
    brake_world(world)
    preview = world.sync(dry_run=True)
    assert preview.status is RunStatus.DONE and len(preview.changes) == 5
    assert preview.message == (
        "Dry run: nothing was written. A real run would be held by the mass-change brake: it would change 5 "
        "legal bases (a first full run)."
    )
    assert world.writes(world.so) == [] and world.writes(world.em) == []
    assert world.store().waiting_held_run() is None  # a preview holds nothing for a person to apply
    assert (
        world.engine().run(SyncOptions(dry_run=True, allow_mass_change=True)).message == "Dry run: nothing was written."
    )


def test_r23_apply_these_changes_runs_exactly_that_plan_rereading_targets(world):
    emails = brake_world(world)
    held = world.sync()
    world.advance(60)
    # After the plan: one target moved (R14) and a new contact appeared (not in the plan).
    world.so.set_consent(world.so_person_id(emails[0]), "EMARKETING", "61B")
    world.so_person("late@example.se", EMARKETING="61A")
    world.em_contact("late@example.se", marketing="Contract")
    world.advance(60)
    summary = world.engine().run(SyncOptions(apply_held_run=held.run_id, user="maria"))
    assert summary.status is RunStatus.DONE
    assert {d.email for d in summary.changes} == set(emails[1:])  # that plan, nothing new; m0 now agrees
    assert world.so_value(world.so_person_id("late@example.se"), "EMARKETING") == "61A"
    assert world.so_value(world.so_person_id(emails[0]), "EMARKETING") == "61B"  # moved: decided again, not blind
    assert world.em_value(emails[0], MKT) == "Contract"
    for e in emails[1:]:
        assert world.so_value(world.so_person_id(e), "EMARKETING") == "61B"
    record = world.store().get_held_run(held.run_id)
    assert (record.status, record.answered_by, record.applied_run_id) == ("applied", "maria", summary.run_id)
    again = world.engine().run(SyncOptions(apply_held_run=held.run_id))
    assert again.status is RunStatus.FAILED and "not waiting" in again.message


def test_r23_allow_mass_change_lets_one_run_through(world):
    emails = brake_world(world)
    world.sync()
    summary = world.engine().run(SyncOptions(allow_mass_change=True))
    assert summary.status is RunStatus.DONE and len(summary.changes) == 5
    assert world.store().waiting_held_run() is None  # a later run planned afresh: the held one is out of date
    assert world.so_value(world.so_person_id(emails[0]), "EMARKETING") == "61B"


def test_r23_a_small_change_after_the_first_run_passes_the_share_test(world):
    brake_world(world, n=5, max_writes=200)
    assert world.sync().status is RunStatus.DONE
    world.settings = EngineSettings(brake=BrakeSettings(max_writes=1, max_percent=50))
    world.advance(60)
    world.so.set_consent(world.so_person_id("m0@example.se"), "EMARKETING", "61A")
    world.so.set_consent(world.so_person_id("m1@example.se"), "EMARKETING", "61A")
    world.advance(60)
    summary = world.sync()  # 2 writes of 5 contacts: over 1, but 40 % is under 50 %
    assert summary.status is RunStatus.DONE and len(summary.changes) == 2


def test_r23_a_scheduled_run_held_again_notifies_only_once(world):
    brake_world(world)
    store = world.store()
    first = world.sync()
    assert store.mark_held_run_notified(first.run_id) is True
    assert store.mark_held_run_notified(first.run_id) is False
    world.advance(1800)
    second = world.sync()
    assert second.status is RunStatus.HELD
    record = store.waiting_held_run()
    assert record.run_id == second.run_id and record.notified  # the tray already said it
    assert store.get_held_run(first.run_id).status == "superseded"
