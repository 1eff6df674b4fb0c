"""R24 with R9 `all`: the window's answer covers only the values the person was shown."""

from __future__ import annotations

from datetime import timedelta

from engine_support import T0

from desktop_app.domain.model import Purpose, Rule
from desktop_app.domain.planner import AnswerKind

MKT = "Marketing sendouts"
EMAIL = "dup@example.se"


def test_r24_window_approval_does_not_cover_a_duplicates_withdrawal_made_after_the_person_looked(world):
    """SPEC R24: "An approval covers the two values and times it was given for; a later change on either side voids
    it." Two SuperOffice persons share an address, both withdrawn; the subject later consents in eMarketeer, so
    writing Consent to both is held. The window shows the address's row (the latest-changed person, P6) and the
    person looks at it. Before they click Approve, a sync reads a fresh withdrawal on the other person (P5) and a
    newer eMarketeer record. The window passes what it showed (`shown`); P6's row no longer matches and is not
    answered, but P5's row is answered anyway, for values nobody saw (store/safety.py `_as_shown` skips the
    comparison for "another person"), and the window reports nothing moved. The next run writes Consent over P5's
    fresh withdrawal. The officer loses the guarantee that every reversed withdrawal was seen by the person who
    approved it."""
    p5 = world.so.add_person(EMAIL, registered=T0 - timedelta(days=900), creation_default=None)
    p6 = world.so.add_person(EMAIL, registered=T0 - timedelta(days=10), creation_default=None)
    world.so.set_consent(p5, "EMARKETING", "WITHDRAWN")
    world.advance(60)
    world.so.set_consent(p6, "EMARKETING", "WITHDRAWN")
    world.advance(600)
    world.em_contact(EMAIL, marketing="Consent")
    world.advance(60)
    assert len(world.sync().held) == 2
    store = world.store()
    [row] = [h for h in store.held_decisions() if h.person_id == p6]  # the row the conflict view shows (decided_by)
    shown = {(EMAIL, Purpose.MARKETING): (p6, row.superoffice, row.emarketeer)}

    world.advance(600)
    world.so.set_consent(p5, "EMARKETING", "WITHDRAWN")  # the subject withdraws again, on P5
    world.advance(600)
    world.em.add_consent(EMAIL, MKT, "Consent")  # and a later eMarketeer form
    world.advance(60)
    world.sync()  # a scheduled run reads both: the held rows now hold other values

    store.answer_held({(EMAIL, Purpose.MARKETING)}, AnswerKind.APPROVE, "maria", shown)
    world.advance(60)
    world.sync()
    assert world.so_value(p5, "EMARKETING") == "WITHDRAWN", "an approval nobody gave for these values was carried out"


def test_r24_a_fresh_withdrawal_on_another_person_alone_keeps_the_whole_answer_from_being_recorded(world):
    """SPEC R24 with R9 `all`: only P5 withdraws again after the person looked (its SuperOffice clock behind, so
    eMarketeer's consent is still the later change, beyond the clock-skew window, and the reversal still held); the row shown (P6) and
    eMarketeer are as they were. P5's row now holds a SuperOffice change later than the one shown, the latest of the
    address's persons when the person looked: it was made after. Nothing is recorded for the address (the window
    says its values moved) and P5's fresh withdrawal is not approved unseen. Looked at again, the answer is
    recorded for both rows."""
    p5 = world.so.add_person(EMAIL, registered=T0 - timedelta(days=900), creation_default=None)
    p6 = world.so.add_person(EMAIL, registered=T0 - timedelta(days=10), creation_default=None)
    world.so.set_consent(p5, "EMARKETING", "WITHDRAWN")
    world.advance(60)
    world.so.set_consent(p6, "EMARKETING", "WITHDRAWN")
    world.advance(600)
    em_at = world.now()
    world.em_contact(EMAIL, marketing="Consent")
    world.advance(60)
    assert len(world.sync().held) == 2
    store = world.store()

    def shown_now():
        """The address's row as the conflict view shows it: the person that spoke for SuperOffice (R9 `all`)."""
        [row] = [h for h in store.held_decisions() if h.rule is not Rule.R9]
        return {(EMAIL, Purpose.MARKETING): (row.person_id, row.superoffice, row.emarketeer)}

    shown = shown_now()
    assert next(iter(shown.values()))[0] == p6
    world.advance(60)
    world.so.set_consent(p5, "EMARKETING", "WITHDRAWN", at=em_at - timedelta(minutes=2, seconds=30))
    world.advance(60)
    assert len(world.sync().held) == 2
    assert store.answer_held({(EMAIL, Purpose.MARKETING)}, AnswerKind.APPROVE, "maria", shown) == []
    again = shown_now()
    assert next(iter(again.values()))[0] == p5
    done = store.answer_held({(EMAIL, Purpose.MARKETING)}, AnswerKind.APPROVE, "maria", again)
    assert sorted(a.person_id for a in done) == sorted([p5, p6])
