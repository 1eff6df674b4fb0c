"""R24: an open answer whose SuperOffice side changed (the address left the person, or came back to it) is void."""

from __future__ import annotations

from desktop_app.domain.planner import AnswerKind

MKT = "Marketing sendouts"


def _held_and_approved(world, email="rev@example.se"):
    world.em_contact(email, marketing="Withdrawn")
    world.advance(600)
    pid = world.so_person(email, EMARKETING="61A")  # a salesperson's Consent, later than the withdrawal
    assert len(world.sync().held) == 1
    store = world.store()
    [answer] = store.answer_held({(email, None)}, AnswerKind.APPROVE, "maria")
    return store, pid, answer


def test_r24_approval_is_voided_when_the_address_leaves_the_person(world):
    """SPEC R24: "An approval covers the two values and times it was given for; a later change on either side
    voids it." Here the SuperOffice person the approval was given for no longer holds the address (its e-mail was
    changed) before the next run. The approval can never be carried out for what the person saw, yet the audit
    trail keeps it `open` for ever: a data-protection officer reading the contact's record sees a pending approval
    to reverse a withdrawal that is in fact dead, and cannot tell when or why it stopped applying."""
    store, pid, answer = _held_and_approved(world)
    world.advance(60)
    world.so.set_email(pid, "someone.else@example.se")
    world.sync()
    [after] = [a for a in store.answers() if a.id == answer.id]
    assert after.status == "void", f"approval still {after.status!r} after its person lost the address"


def test_r24_stale_approval_is_not_revived_when_the_address_comes_back(world):
    """SPEC R24: a later change on either side voids an approval. The address left the person after the approval
    (a run saw it gone: the contact was then eMarketeer-only, R11) and was later put back. The old approval, never
    voided, is then carried out: a positive basis is written over the data subject's withdrawal on the strength
    of an answer given before the SuperOffice record changed. The officer loses the guarantee that a reversal of
    a withdrawal rests on an answer given for the record as it stands."""
    store, pid, answer = _held_and_approved(world)
    world.advance(60)
    world.so.set_email(pid, "someone.else@example.se")
    world.sync()  # rev@ is now only in eMarketeer (R11): nothing to carry the approval out on
    world.advance(3600)
    world.so.set_email(pid, "rev@example.se")  # put back, say by an import of an old backup
    world.advance(60)
    world.sync()
    assert world.em_value("rev@example.se", MKT) == "Withdrawn", "a voided approval reversed the withdrawal"
