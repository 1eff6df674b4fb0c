"""R24: a person's answer given while a sync runs (the window, or `review` in another process) stands. The run had
read an approval for a reversed withdrawal; right after, a person answered "Keep withdrawn". Before, the run wrote
the positive basis from the approval it had read, and the audit trail showed that approval void (never carried out)
and the new answer open, though it never would be."""

from __future__ import annotations

from desktop_app.domain.model import RunStatus
from desktop_app.domain.planner import AnswerKind
from desktop_app.store import Store
from desktop_app.sync.engine import SyncOptions

MKT = "Marketing sendouts"


def test_r24_keep_withdrawn_given_while_a_run_writes_is_carried_out_not_overridden(world):
    world.em_contact("rev@example.se", marketing="Withdrawn")
    world.advance(600)
    world.so_person("rev@example.se", EMARKETING="61A")  # later: a reversal, held (R24)
    assert len(world.sync().held) == 1
    store = world.store()
    store.answer_held(None, AnswerKind.APPROVE, "maria")
    world.advance(60)
    engine = world.engine()
    read_answers = engine.store.open_answers

    def then_olle_answers(*args, **kwargs):
        answers = read_answers(*args, **kwargs)
        other = Store.open(world.data_dir)  # another process: the window, or `review --keep`
        try:
            other.answer_held(None, AnswerKind.KEEP, "olle")
        finally:
            other.close()
        return answers

    engine.store.open_answers = then_olle_answers
    during = engine.run(SyncOptions())
    assert during.status is RunStatus.DONE and during.changes == ()
    assert world.em_value("rev@example.se", MKT) == "Withdrawn"

    world.advance(60)
    after = world.sync()  # carries out olle's answer: Keep withdrawn writes withdrawn to SuperOffice
    assert after.status is RunStatus.DONE
    assert world.em_value("rev@example.se", MKT) == "Withdrawn"
    assert world.so_value(world.so_person_id("rev@example.se"), "EMARKETING") == "WITHDRAWN"
    assert [(a.answered_by, a.status) for a in store.answers()] == [("maria", "replaced"), ("olle", "used")]
