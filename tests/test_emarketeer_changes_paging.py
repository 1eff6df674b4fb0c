"""R21: eMarketeer's changes reads (contacts, consent records) deliver every item even when items move during the read.

Changed contacts are read continued from the last contact's time, as the consent records are.
By page number, a contact modified during the read moved to the end of the order, the later pages shifted back by
one, and the contact that slid onto a page already read was never delivered: a contact with no consent record yet
then waited for the nightly full run to be matched (R5's write to it with it)."""

from __future__ import annotations

from datetime import timedelta


def _during_the_read(world, path_part: str, on_call: int, action) -> list[dict]:
    """The queries of the GETs whose path holds `path_part`; `action` runs when the `on_call`-th comes in."""
    original, calls = world.em.handle, []

    def handle(request):
        if path_part in request.path and request.method == "GET":
            calls.append(dict(request.query))
            if len(calls) == on_call:
                action()
        return original(request)

    world.em.handle = handle
    return calls


def test_r21_a_contact_modified_during_a_changes_read_makes_no_other_contact_go_missing(world):
    _, em = world.connectors()
    since = world.now()
    for k in "abcde":
        world.em_clock.advance(1)
        world.em.add_contact(f"{k}@example.se")

    def modify_a() -> None:
        world.em_clock.advance(1)
        world.em.set_mobile_phone("a@example.se", "+46701234567")  # a moves to the end of the order

    calls = _during_the_read(world, "/contacts", 2, modify_a)
    emails = [c.email for c in em.iter_contacts(modified_since=since - timedelta(minutes=5), page_size=2)]
    assert sorted(set(emails)) == [f"{k}@example.se" for k in "abcde"], (emails, calls)
    assert len(calls) >= 3


def test_a_full_read_of_the_contacts_at_one_instant_delivers_each_once_in_order(world):
    """More than a page of contacts at one instant (a bulk import): paged by number within it, each delivered once
    (the cost of the full read by time: tests/test_emarketeer_full_contacts_paging.py)."""
    _, em = world.connectors()
    for k in "abcde":
        world.em.add_contact(f"{k}@example.se")
    calls = _during_the_read(world, "/contacts", 0, lambda: None)
    emails = [c.email for c in em.iter_contacts(page_size=2)]
    assert emails == [f"{k}@example.se" for k in "abcde"]
    assert calls[0].get("page") == "1" and "modifiedSince" not in calls[0]


MKT = "Marketing sendouts"


def test_r21_a_record_superseded_while_one_instant_is_paged_by_number_hides_no_other(world):
    """More than a page of records at one instant (a bulk import) is paged by number; one of them superseded meanwhile
    shifted the later pages back, and the record that slid onto a page already read never came (here: c's)."""
    _, em = world.connectors()
    for k in "abcde":
        world.em_contact(f"{k}@example.se", marketing="Consent")  # all at one instant
    since = world.now()

    def supersede_a() -> None:
        world.em_clock.advance(1)
        world.em.add_consent("a@example.se", MKT, "Withdrawn")

    calls = _during_the_read(world, "consents/filter", 3, supersede_a)
    records = list(em.iter_consents(changed_since=since - timedelta(minutes=5), page_size=2))
    keys = {r.key for r in records}
    assert keys == {f"{k}@example.se" for k in "abcde"}, (sorted(r.key for r in records), calls)
    # a's withdrawal, the record now current, came too; nothing was delivered twice.
    assert any(
        r.key == "a@example.se" and r.consent.basis is not None and r.consent.basis.value == "withdrawn"
        for r in records
    )
    assert len(records) == len({(r.key, r.purpose, r.consent) for r in records})


def test_records_at_distinct_instants_are_read_with_no_extra_request(world):
    _, em = world.connectors()
    for k in "abcde":
        world.em_clock.advance(1)
        world.em_contact(f"{k}@example.se", marketing="Consent")
    calls = _during_the_read(world, "consents/filter", 0, lambda: None)
    keys = [r.key for r in em.iter_consents(changed_since=world.now() - timedelta(minutes=5), page_size=2)]
    assert keys == [f"{k}@example.se" for k in "abcde"]
    # Each page continues from the last record's time (inclusive), repeating it: [a b] [b c] [c d] [d e] [e].
    assert len(calls) == 5, calls
