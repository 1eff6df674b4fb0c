"""R22 with R9 `all`: a duplicate person created later brings SuperOffice's creation default, which is no one's
decision, and must not overwrite the address's agreed legal basis."""

from __future__ import annotations

from datetime import timedelta

from engine_support import T0

STORE = "Store and process"


def test_r22_new_duplicate_persons_creation_default_does_not_override_the_agreed_consent(world):
    """SPEC R22: a creation default (a STORE row registered with the person, never updated) "is not a person's
    decision"; R9 `all` makes the SuperOffice side of an address the value of whichever of its persons changed
    last. A salesperson creates a second person for an address whose data subject consented (both systems agree
    on Consent). SuperOffice gives the new person its default, Legitimate interest, at creation; being the latest
    change, it is taken as "SuperOffice changed" (R13) and written over the subject's Consent in eMarketeer and on
    the original person. A data-protection officer loses the record of the subject's consent, replaced by a basis
    nobody chose, and the audit trail attributes it to a change in SuperOffice."""
    old = world.so.add_person("dup@example.se", registered=T0 - timedelta(days=900), creation_default=None)
    world.so.set_consent(old, "STORE", "61A", at=T0 - timedelta(days=800))
    world.em.add_contact("dup@example.se", created=T0 - timedelta(days=800))
    world.em.add_consent("dup@example.se", STORE, "Consent", created_at=T0 - timedelta(days=799))
    first = world.sync()
    assert first.changes == () and first.held == ()  # both agree on Consent: the baseline
    world.advance(3600)
    new = world.so.add_person("dup@example.se", registered=world.now(), creation_default="61F")
    world.advance(60)
    world.sync()
    assert world.em_value("dup@example.se", STORE) == "Consent", "the creation default overwrote eMarketeer"
    assert world.so_value(old, "STORE") == "61A", "the creation default overwrote the original person"
    assert world.so_value(new, "STORE") == "61A"  # R9 `all`: the new person is brought to the address's value
