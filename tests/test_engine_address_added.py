"""An address added to an existing SuperOffice person is seen by the next incremental run (R21).

SuperOffice's Email table gives a new row its `registered` time and leaves `updated` empty until the row is changed
(the table's documentation; the api notes' "never updated" forms). The incremental read asked for rows updated after
the cursor and for rows of *persons* created after it: a salesperson who typed a new address into a person created
last year made a row that neither term finds. Until the nightly full run (up to a day), that person's consent was not
synced to the eMarketeer contact of that address: a withdrawal recorded in SuperOffice did not reach the marketing
platform, which kept e-mailing the person.
"""

from __future__ import annotations

from datetime import timedelta

from desktop_app.domain.model import RunMode

MARKETING = "Marketing sendouts"


def _person_without_an_address(world) -> int:
    """A person created long ago with no e-mail row, and an eMarketeer contact holding consent to marketing; a first
    full run sees nothing to match."""
    world.em_contact("new.address@example.se", marketing="Consent")
    pid = world.so.add_person(None, registered=world.now() - timedelta(days=400))
    world.advance(3 * 86400)
    first = world.sync(mode=RunMode.FULL)
    assert first.changes == ()
    world.advance(3600)
    return pid


def test_an_address_added_to_an_old_person_is_read_by_the_next_incremental_run(world):
    pid = _person_without_an_address(world)
    world.so.set_email(pid, "New.Address@example.se")  # a new row: registered now, `updated` empty
    # The withdrawal is newer than eMarketeer's consent, but its row's change lies before this run's window: only
    # the address is new.
    world.so.set_consent(pid, "EMARKETING", "WITHDRAWN", at=world.now() - timedelta(days=1))
    world.advance(60)
    summary = world.sync()
    assert summary.mode is RunMode.INCREMENTAL
    assert [(d.email, d.new.value) for d in summary.changes] == [("new.address@example.se", "withdrawn")]
    assert world.em_value("new.address@example.se", MARKETING) == "Withdrawn"


def test_the_email_rows_creation_time_is_what_the_changes_read_asks_for(world):
    """The connector's changes query names the row's own creation column (superoffice_fields.E_REGISTERED)."""
    pid = _person_without_an_address(world)
    world.so.set_email(pid, "new.address@example.se")
    since = world.now() - timedelta(seconds=1)
    rows = list(world.connectors()[0].iter_email_rows(updated_after=since))
    assert [(r.person_id, r.address) for r in rows] == [(pid, "new.address@example.se")]
    assert rows[0].updated == world.now()  # never changed: its creation is its last change (the cursor's source)
