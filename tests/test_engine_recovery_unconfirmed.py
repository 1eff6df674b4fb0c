"""R15, R18: a SuperOffice write left pending by a run that stopped is checked by value (its PUT carries no token),
and the audit trail says only what that check can know.

The write's answer is lost (a 502 after SuperOffice stored it, on every retry), so the run stops with it pending.
Then, before the next run:
- nobody touches the row: it holds the decided value, so the write landed ("applied");
- a person removes the row, or sets another value: SuperOffice holds neither the decided value nor the one it held
  before, so the write may have landed and been changed since: "unconfirmed". Before, this was recorded as "not
  applied" (the contact's report: "not written"), though the write had landed. Found by the model-based test's long
  profile.
- the write never reached SuperOffice and nobody touched the row: it still holds the value it held before, at the same
  time: "not applied".
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.model import RunStatus, System
from desktop_app.report.contact import build_contact_report, contact_report_text
from desktop_app.simulators import Fault
from desktop_app.store import DecisionStatus

STORE = "STORE"


def _left_pending(world, *, lands: bool) -> int:
    """A SuperOffice person with 'Store and process: Consent', withdrawn later in eMarketeer; the sync's write of
    Withdrawn to SuperOffice is left pending. Returns the person."""
    pid = world.so_person("dan@example.se", registered=world.now() - timedelta(days=300), STORE="61A")
    world.advance(3600)
    world.em_contact("dan@example.se", store="Withdrawn")
    world.advance(60)
    world.so.faults.add(Fault(kind="status", status=502, method="PUT", times=-1, after_handling=lands))
    first = world.sync()
    assert first.status is RunStatus.STOPPED
    world.so.faults.clear()
    [pending] = world.store().pending_writes()
    assert (pending.target, pending.person_id) == (System.SUPEROFFICE, pid)
    assert world.so_value(pid, STORE) == ("WITHDRAWN" if lands else "61A")
    world.advance(60)
    return pid


def _recovered(world):
    summary = world.sync()
    assert summary.status is RunStatus.DONE
    [first] = [d for d in world.store().decisions(1, writes_only=True) if d.target is System.SUPEROFFICE]
    return first


def test_r18_a_landed_write_nobody_touched_is_applied(world):
    _left_pending(world, lands=True)
    d = _recovered(world)
    assert d.status is DecisionStatus.APPLIED
    assert d.message == "Checked after an interrupted run: SuperOffice holds the decided value."


def test_r15_a_landed_write_whose_row_a_person_removed_is_unconfirmed_not_not_applied(world):
    pid = _left_pending(world, lands=True)
    world.so.delete_consent(pid, STORE)
    d = _recovered(world)
    assert d.status is DecisionStatus.UNCONFIRMED, d.message
    assert d.message == (
        "Checked after an interrupted run: SuperOffice holds neither the decided value nor the one it held "
        "before: the write may have landed and been changed since."
    )
    # The contact's report (what a data-protection officer is shown) no longer says "not written".
    report = contact_report_text(build_contact_report(world.store(), "dan@example.se"))
    assert "maybe written: the run ended first, and the value was changed since" in report
    assert "not written (the run ended first)" not in report


def test_r18_a_write_that_never_landed_on_an_untouched_row_is_not_applied(world):
    _left_pending(world, lands=False)
    d = _recovered(world)
    assert d.status is DecisionStatus.NOT_APPLIED
    assert d.message == "Checked after an interrupted run: SuperOffice still holds the value it held before."


@pytest.mark.parametrize(
    "value",
    [
        "61F",  # a person set another value since
        "61A",  # the old value, at a new time: someone set it since, maybe after the write landed
    ],
)
def test_r15_a_landed_write_whose_row_a_person_set_since_is_unconfirmed(world, value):
    pid = _left_pending(world, lands=True)
    world.so.set_consent(pid, STORE, value)
    assert _recovered(world).status is DecisionStatus.UNCONFIRMED
