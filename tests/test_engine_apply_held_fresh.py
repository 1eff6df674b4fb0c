"""R23 with R24 and R14: "Apply these changes" writes a held run's plan only where its contacts are still decided the
same way. Before, the plan's stored values were written as they were: a positive basis over a withdrawal made after
the run was held, or one a person had since said to keep withdrawn; and the approval it carried out stayed open."""

from __future__ import annotations

from desktop_app.domain.model import RunStatus, System
from desktop_app.domain.planner import AnswerKind
from desktop_app.domain.safety import BrakeSettings
from desktop_app.sync.engine import EngineSettings, SyncOptions

MKT = "Marketing sendouts"
OTHERS = [f"m{i}@example.se" for i in range(5)]


def _held_with_an_approved_reversal(world):
    """Five contacts in step, and rev@ whose withdrawal in eMarketeer a later SuperOffice consent would reverse (R24):
    held, then approved by maria. Then a mass change arrives and the brake holds the next run, approval included."""
    world.settings = EngineSettings(brake=BrakeSettings(max_writes=1000))
    for e in OTHERS:
        world.so_person(e, EMARKETING="61A")
        world.em_contact(e, marketing="Consent")
    world.em_contact("rev@example.se", marketing="Withdrawn")
    world.advance(600)
    pid = world.so_person("rev@example.se", EMARKETING="61A")
    first = world.sync()
    assert first.status is RunStatus.DONE and len(first.held) == 1
    store = world.store()
    store.answer_held(None, AnswerKind.APPROVE, "maria")
    world.settings = EngineSettings(brake=BrakeSettings(max_writes=3))
    world.advance(60)
    for e in OTHERS:
        world.so.set_consent(world.so_person_id(e), "EMARKETING", "61B")
    world.advance(60)
    held = world.sync()
    assert held.status is RunStatus.HELD
    assert any(d.email == "rev@example.se" and d.approved for d in held.changes)
    world.advance(60)
    return store, pid, held


def _apply(world, held):
    summary = world.engine().run(SyncOptions(apply_held_run=held.run_id, user="admin"))
    assert summary.status is RunStatus.DONE
    return summary


def test_r24_keep_withdrawn_answered_after_the_hold_is_not_overridden_by_apply(world):
    store, _, held = _held_with_an_approved_reversal(world)
    store.answer_held(None, AnswerKind.KEEP, "olle")  # the person changed their mind after the run was held
    summary = _apply(world, held)
    assert world.em_value("rev@example.se", MKT) == "Withdrawn"
    assert "except 1" in summary.message
    assert sorted(d.email for d in summary.changes if d.target is System.EMARKETEER) == OTHERS  # the rest went


def test_r24_r14_an_approval_whose_values_moved_since_the_hold_is_not_carried_out(world):
    store, pid, held = _held_with_an_approved_reversal(world)
    world.so.set_consent(pid, "EMARKETING", "WITHDRAWN")  # SuperOffice withdrawn again: the approval no longer covers
    world.advance(60)
    summary = _apply(world, held)
    assert world.em_value("rev@example.se", MKT) == "Withdrawn"
    assert not any(d.email == "rev@example.se" for d in summary.changes)
    assert [a.status for a in store.answers()] == ["void"]  # R24: a later change voids it, said in the audit trail


def test_r24_an_approval_carried_out_by_apply_is_closed_as_used(world):
    store, _, held = _held_with_an_approved_reversal(world)
    summary = _apply(world, held)
    assert world.em_value("rev@example.se", MKT) == "Consent"
    assert summary.message == f"Applied the changes of held run {held.run_id}."
    [answer] = store.answers()
    assert (answer.status, answer.run_id) == ("used", summary.run_id)


def test_r23_a_held_plan_is_not_written_where_its_source_moved_since(world):
    world.settings = EngineSettings(brake=BrakeSettings(max_writes=3))
    for e in OTHERS:
        world.so_person(e, EMARKETING="61A")
    world.advance(60)
    for e in OTHERS:
        world.em_contact(e, marketing="Contract")  # eMarketeer later: the plan writes Contract to SuperOffice
    held = world.sync()
    assert held.status is RunStatus.HELD
    world.advance(86400)
    world.em.add_consent("m1@example.se", MKT, "Withdrawn")  # the next day m1 withdraws in eMarketeer
    world.advance(60)
    summary = _apply(world, held)
    pid = world.so_person_id("m1@example.se")
    assert world.so_value(pid, "EMARKETING") == "61A"  # not the plan's stale Contract, nor unapproved changes
    assert "except 1" in summary.message
    written = {d.email: d.new.value for d in summary.changes if d.target is System.SUPEROFFICE}
    assert {e: v for e, v in written.items() if e != "m1@example.se"} == {
        e: "contract" for e in OTHERS if e != "m1@example.se"
    }
    world.advance(60)
    assert world.sync().status is RunStatus.DONE  # the next run decides m1 afresh: the later withdrawal wins (R5)
    assert world.so_value(pid, "EMARKETING") == "WITHDRAWN"
