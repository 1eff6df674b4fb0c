"""R21: eMarketeer's changed contacts are read continued from the last contact's time, as its consent records are.
By page number, a contact modified during the read moved to the end of the order, the later pages shifted back by
one, and the contact that slid onto a page already read was never delivered: a contact with no consent record yet
then waited for the nightly full run to be matched (R5's write to it with it)."""

from __future__ import annotations

from datetime import timedelta


def _modified_during_the_read(world, on_call: int, action) -> list[dict]:
    original, calls = world.em.handle, []

    def handle(request):
        if "/contacts" in request.path and request.method == "GET":
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

    calls = _modified_during_the_read(world, 2, modify_a)
    emails = [c.email for c in em.iter_contacts(modified_since=since - timedelta(minutes=5), page_size=2)]
    assert sorted(set(emails)) == [f"{k}@example.se" for k in "abcde"], (emails, calls)
    assert len(calls) >= 3


def test_a_full_read_of_the_contacts_still_pages_by_number(world):
    _, em = world.connectors()
    for k in "abcde":
        world.em.add_contact(f"{k}@example.se")
    calls = _modified_during_the_read(world, 0, lambda: None)
    emails = [c.email for c in em.iter_contacts(page_size=2)]
    assert emails == [f"{k}@example.se" for k in "abcde"]
    assert [c.get("page") for c in calls] == ["1", "2", "3"]
