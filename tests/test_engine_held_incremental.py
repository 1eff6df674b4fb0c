"""Issue 11 pt 1 with R24 and R21: an incremental run decides what changed and what a person answered, not every
address held for review; the held list outside its scope stays as it is and is still listed whole."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import replace
from datetime import datetime

import pytest

from desktop_app.domain.model import LegalBasis, RunMode, System
from desktop_app.domain.planner import AnswerKind
from desktop_app.domain.review import build_review
from desktop_app.sync import commands, engine
from desktop_app.sync.commands import every_hold
from desktop_app.sync.engine import EngineSettings, SyncOptions, Trigger

MKT = "Marketing sendouts"
HELD = [f"rev{i}@example.se" for i in range(3)]


def reversals(world, emails=HELD) -> dict[str, int]:
    """eMarketeer withdrawn; later a salesperson types Consent in SuperOffice: each held under R24."""
    for email in emails:
        world.em_contact(email, marketing="Withdrawn")
    world.advance(600)
    pids = {email: world.so_person(email, EMARKETING="61A") for email in emails}
    world.advance(600)  # past R21's overlap: the next run's change read does not see them again
    return pids


@pytest.fixture
def planned(monkeypatch):
    """The addresses each in-memory plan (an incremental run's) was asked to decide."""
    seen: list[frozenset[str] | None] = []
    real = engine.plan

    def spy(*args, **kwargs):
        seen.append(kwargs.get("only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "plan", spy)
    return seen


def test_r24_r21_an_incremental_run_with_nothing_changed_decides_no_held_address_and_keeps_the_held_list(
    world, planned
):
    reversals(world)
    first = world.sync()
    assert first.mode is RunMode.FULL and sorted(h.email for h in first.held) == HELD
    store = world.store()
    before = store.held_decisions()
    assert [h.run_id for h in before] == [first.run_id] * 3
    world.advance(60)
    again = world.sync()
    assert again.mode is RunMode.INCREMENTAL and again.changes == () and again.held == ()
    assert planned[-1] == frozenset(), f"decided again: {planned[-1]}"
    assert store.held_decisions() == before  # untouched: same values, same run, same first time
    assert world.em_value(HELD[0], MKT) == "Withdrawn"


def test_r24_r21_a_held_address_another_change_in_the_run_does_not_touch_keeps_its_row(world, planned):
    reversals(world)
    world.sync()
    store = world.store()
    before = store.held_decisions()
    world.advance(60)
    world.em_contact("other@example.se", marketing="Consent")
    world.so_person("other@example.se")
    world.advance(60)
    summary = world.sync()
    assert summary.mode is RunMode.INCREMENTAL and planned[-1] == frozenset({"other@example.se"})
    assert store.held_decisions() == before
    assert [(h.email, h.superoffice.basis) for h in every_hold(store, summary)] == [
        (e, LegalBasis.CONSENT) for e in HELD
    ]


def test_r24_an_answer_to_one_held_address_is_carried_out_by_the_next_incremental_run_alone(world, planned):
    reversals(world)
    world.sync()
    store = world.store()
    store.answer_held({(HELD[1], None)}, AnswerKind.APPROVE, "maria")
    world.advance(60)
    summary = world.sync()  # nothing changed: the answered address is decided all the same
    assert summary.mode is RunMode.INCREMENTAL and planned[-1] == frozenset({HELD[1]})
    [d] = summary.changes
    assert (d.email, d.target, d.new, d.approved) == (HELD[1], System.EMARKETEER, LegalBasis.CONSENT, True)
    assert world.em_value(HELD[1], MKT) == "Consent"
    assert [h.email for h in store.held_decisions()] == [HELD[0], HELD[2]]
    assert store.answers()[0].status == "used"


def test_r24_switching_hold_reversals_off_lets_the_next_incremental_run_write_the_held_ones_per_r5(world):
    reversals(world)
    world.sync()
    store = world.store()
    assert len(store.held_decisions()) == 3
    world.settings = EngineSettings(hold_reversals=False)
    world.advance(60)
    summary = world.sync()
    assert summary.mode is RunMode.INCREMENTAL and summary.held == ()
    assert sorted((d.email, d.target, d.new) for d in summary.changes) == [
        (e, System.EMARKETEER, LegalBasis.CONSENT) for e in HELD
    ]
    assert [world.em_value(e, MKT) for e in HELD] == ["Consent"] * 3
    assert store.held_decisions() == [] and store.held_emails() == set()


def test_r24_a_held_address_changed_on_one_side_is_decided_again_and_its_row_follows(world, planned):
    pids = reversals(world)
    first = world.sync()
    store = world.store()
    store.answer_held({(HELD[0], None)}, AnswerKind.APPROVE, "maria")
    world.advance(60)
    world.so.set_consent(pids[HELD[0]], "EMARKETING", "61B")  # still a reversal, other values: the answer is void
    world.advance(60)
    summary = world.sync()
    assert HELD[0] in planned[-1] and summary.changes == ()
    [d] = summary.held
    assert (d.email, d.superoffice.basis) == (HELD[0], LegalBasis.CONTRACT)
    assert store.answers()[0].status == "void"
    rows = {h.email: h for h in store.held_decisions()}
    assert (rows[HELD[0]].superoffice.basis, rows[HELD[0]].run_id) == (LegalBasis.CONTRACT, summary.run_id)
    assert {rows[e].run_id for e in HELD[1:]} == {first.run_id}


def test_r24_sync_output_and_json_list_every_hold_after_a_run_that_decided_none_of_them(world):
    """shared/CLI.md: `sync` lists every decision held for a person (R24), also those an incremental run left
    alone, and a dry run lists its own decision for an address it decided in place of the stored one."""
    pids = reversals(world)
    world.sync()
    store = world.store()
    world.advance(60)
    quiet = world.sync()
    held = every_hold(store, quiet)
    js = quiet.to_json(held)["held"]
    assert [(h["email"], h["superoffice"], h["emarketeer"], h["would_write"]) for h in js] == [
        (e, "consent", "withdrawn", {"target": "emarketeer", "new": "consent"}) for e in HELD
    ]
    out = io.StringIO()
    commands._print_summary(quiet, out, held)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("  held ")]
    assert lines == [
        f"  held {e} marketing: would write Consent over Withdrawn in eMarketeer [R24]; "
        "answer with `legalbasis-sync review`"
        for e in HELD
    ]
    world.advance(60)
    world.so.set_consent(pids[HELD[2]], "EMARKETING", "61F")  # the dry run decides it again, not yet stored
    world.advance(60)
    preview = world.sync(dry_run=True)
    assert preview.mode is RunMode.INCREMENTAL and preview.dry_run
    listed = [(d.email, d.superoffice.basis) for d in every_hold(store, preview)]
    assert listed == [
        (HELD[0], LegalBasis.CONSENT),
        (HELD[1], LegalBasis.CONSENT),
        (HELD[2], LegalBasis.LEGITIMATE_INTEREST),
    ]


def test_r24_replace_held_reads_and_replaces_only_the_rows_of_its_scope(world):
    reversals(world)
    first = world.sync()
    store = world.store()
    before = {h.email: h for h in store.held_decisions()}
    statements: list[str] = []
    conn = store._db.connection()
    assert isinstance(conn, sqlite3.Connection)
    conn.set_trace_callback(statements.append)
    try:
        fresh = store.replace_held(first.run_id + 1, {HELD[0], "nobody@example.se"}, [])
    finally:
        conn.set_trace_callback(None)
    assert fresh == []
    touching = [s for s in statements if "held_decision" in s]
    assert touching and all("WHERE email IN" in s for s in touching), touching
    after = {h.email: h for h in store.held_decisions()}
    assert sorted(after) == HELD[1:] and all(after[e] == before[e] for e in HELD[1:])
    assert store.held_counts() == (2, 2)
    store.answer_held({(HELD[1], None)}, AnswerKind.KEEP, "maria")
    assert store.held_counts() == (2, 1)
    assert isinstance(before[HELD[1]].held_since, datetime)


def test_r24_held_entries_read_from_the_store_are_the_ones_the_holding_run_gave(world):
    """shared/CLI.md's `held` entries: the same whether the run held them or the store lists them later."""
    reversals(world)
    first = world.sync()
    world.advance(60)
    quiet = world.sync()
    listed = quiet.to_json(every_hold(world.store(), quiet))["held"]
    assert listed == sorted(first.to_json()["held"], key=lambda h: h["email"]) and len(listed) == 3
    assert json.loads(json.dumps(listed)) == listed


def test_r24_homes_count_of_unanswered_holds_stays_right_when_a_person_answered_hundreds(world):
    """R24: Home's numbers come from a COUNT and the answered addresses' rows, also past 500 answered ones."""
    reversals(world, [HELD[0]])
    first = world.sync()
    [d] = first.held
    many = [replace(d, email=f"rev{i:04}@example.se", person_id=i + 1) for i in range(600)]
    store = world.store()
    store.replace_held(first.run_id, None, many)
    assert store.held_counts() == (600, 600)
    store.answer_held({(f"rev{i:04}@example.se", None) for i in range(0, 600, 2)}, AnswerKind.KEEP, "maria")
    assert store.held_counts() == (600, 300)
    store.answer_held(None, AnswerKind.APPROVE, "maria")
    assert store.held_counts() == (600, 0)


def test_r24_an_incremental_preview_lists_every_held_address_for_the_conflict_views_held_filter(world, planned):
    """R24: the conflict view's "Held" filter lists every held contact with Approve / Keep withdrawn. A preview is a
    person asking to see them: it decides the held addresses too (an incremental run that writes does not)."""
    reversals(world)
    world.sync()
    world.advance(60)
    preview = world.engine().run(SyncOptions(trigger=Trigger.PREVIEW, dry_run=True, keep_details=True))
    assert preview.mode is RunMode.INCREMENTAL and planned[-1] == frozenset(HELD)
    assert preview.details is not None
    review = build_review(preview.details)
    assert review.counts.held == len(HELD)
    assert sorted(r.email for r in review.rows if r.is_held) == HELD
    assert len(world.store().held_decisions()) == len(HELD)  # a dry run leaves the held list as it was
