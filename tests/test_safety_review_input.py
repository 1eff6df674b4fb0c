"""The `review` command (shared/CLI.md) with bad or contradictory input, and the answers' audit trail (R24)."""

from __future__ import annotations

import csv
import io

from desktop_app.cli import main
from desktop_app.domain.planner import AnswerKind
from desktop_app.store import Store


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def held_reversal(world, email="rev@example.se"):
    world.em_contact(email, marketing="Withdrawn")
    world.advance(600)
    world.so_person(email, EMARKETING="61A")
    assert len(world.sync().held) == 1
    world.close()  # the command opens the data directory itself, as another process would


def test_review_approve_and_keep_for_the_same_contact_is_a_usage_error_and_records_nothing(world):
    """SPEC R24 / shared/CLI.md: `review --approve EMAIL --keep EMAIL` asks for two opposite answers to one held
    decision: a usage error (exit 2, one sentence), nothing recorded. Instead both are recorded, in a fixed order
    whatever order they were typed in (Keep always wins), exit 0: the audit trail shows the operating-system user
    approving the reversal of a withdrawal and, in the same instant, keeping it; a data-protection officer cannot
    tell what the person meant, and a typo decides the data subject's legal basis."""
    held_reversal(world)
    code, out, err = run("review", "--approve", "rev@example.se", "--keep", "rev@example.se:marketing")
    with Store.open(world.data_dir) as store:
        answers = store.answers()
    assert code == 2, (code, err)
    assert answers == [], [(a.answer, a.status) for a in answers]


def test_review_on_an_unreadable_history_says_it_was_moved_aside(world):
    """shared/CLI.md: messages for people go to stderr, one clear sentence. The history database is damaged;
    `review` moves it aside (as `sync` does) and starts a new one, then says "Nothing is held for review and no pair
    is flapping." and exits 0 -- without a word about the move, which `sync` and `send` do report. The admin is told
    every withdrawal is settled while the held decisions and the answers given (R24's audit trail) sit in a file
    nobody was told about: a data-protection officer loses them."""
    held_reversal(world)
    (world.data_dir / "history.sqlite3").write_bytes(b"this is not a database " * 200)
    for suffix in ("-wal", "-shm"):
        (world.data_dir / f"history.sqlite3{suffix}").unlink(missing_ok=True)
    code, out, err = run("review")
    assert "moved aside" in err, (code, out, err)


def test_audit_trail_does_not_say_values_changed_for_an_answer_replaced_by_another_person(world):
    """SPEC R24 / R15: a person's answer is recorded in the audit trail. Maria approves a held reversal; Olle then
    answers "Keep withdrawn" for the same, unchanged values. Maria's answer becomes void, and the exported audit
    trail (CSV) gives the reason "void: the values changed before it was carried out" -- false: nothing changed,
    a second person overruled her. The officer reading the export loses who overruled whom and why."""
    held_reversal(world)
    with Store.open(world.data_dir) as store:
        store.answer_held(None, AnswerKind.APPROVE, "maria")
        store.answer_held(None, AnswerKind.KEEP, "olle")
        buf = io.StringIO()
        store.export_csv(buf)
    rows = [r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["trigger"] == "review"]
    [maria] = [r for r in rows if r["answered_by"] == "maria"]
    assert "values changed" not in maria["message"], maria["message"]


def test_audit_trail_names_who_replaced_an_answer_and_applies_only_what_was_carried_out(world):
    """SPEC R15 / R24: the export says who replaced an answer, and gives an applied time only to an answer a run
    carried out (an open or replaced one was never applied)."""
    held_reversal(world)
    with Store.open(world.data_dir) as store:
        store.answer_held(None, AnswerKind.APPROVE, "maria")
        store.answer_held(None, AnswerKind.APPROVE, "olle")
        assert [a.status for a in store.answers()] == ["replaced", "open"]
        buf = io.StringIO()
        store.export_csv(buf)
    rows = {r["answered_by"]: r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["trigger"] == "review"}
    assert rows["maria"]["message"] == "replaced by a later answer from olle"
    assert rows["maria"]["applied_at"] == "" and rows["olle"]["applied_at"] == ""
    world.sync()  # carries olle's approval out
    with Store.open(world.data_dir) as store:
        buf = io.StringIO()
        store.export_csv(buf)
    rows = {r["answered_by"]: r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["trigger"] == "review"}
    assert rows["olle"]["message"].startswith("carried out by run") and rows["olle"]["applied_at"] != ""


def test_review_key_with_a_mistyped_purpose_or_a_control_character_is_a_usage_error(world):
    """shared/CLI.md: a key is EMAIL[:PURPOSE], PURPOSE store or marketing. `x@y.se:sms` (a purpose mistyped) and an
    address with a NUL were taken as addresses; each is a usage error (exit 2, one sentence), nothing recorded."""
    held_reversal(world)
    for key in ("rev@example.se:sms", "rev@example.se\x00", "rev@exa\x00mple.se:marketing"):
        code, out, err = run("review", "--approve", key)
        assert code == 2 and err.count("\n") == 1 and "not an e-mail address" in err, (key, code, err)
    with Store.open(world.data_dir) as store:
        assert store.answers() == []


def test_review_approve_all_with_keep_approves_only_the_others(world):
    """R24's audit trail: `review --approve-all --keep ann` recorded an approval for ann first (then replaced by the
    Keep), so the data-protection officer's trail said the admin approved writing Consent over ann's withdrawal.
    --approve-all with --keep means "all the others": ann gets only the Keep, bo the approval."""
    for email in ("ann@example.se", "bo@example.se"):
        world.em_contact(email, marketing="Withdrawn")
    world.advance(600)
    for email in ("ann@example.se", "bo@example.se"):
        world.so_person(email, EMARKETING="61A")
    assert len(world.sync().held) == 2
    world.close()
    out, err = io.StringIO(), io.StringIO()
    assert main(["review", "--approve-all", "--keep", "ann@example.se"], out, err) == 0, err.getvalue()
    with Store.open(world.data_dir) as store:
        answers = {(a.email, a.answer, a.status) for a in store.answers()}
    assert answers == {("ann@example.se", "keep", "open"), ("bo@example.se", "approve", "open")}
