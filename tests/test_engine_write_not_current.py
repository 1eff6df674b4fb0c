"""An eMarketeer write that lands behind a record dated later is said, not recorded as in effect (R13, R15, R17).

The case that matters: a withdrawal (SuperOffice) written to eMarketeer while eMarketeer's current record is dated a
few seconds ahead of its clock. The withdrawal lands but the older-looking record is not current, so eMarketeer keeps
mailing the person; the run must say so and write again once eMarketeer's clock has passed that record.

eMarketeer's newest record per purpose is its current value, and it dates records with its own clock. A record dated
a little ahead of that clock (within what R17 trusts) stays current when the app writes after it: the new record is
older. Found by the model-based test's long profile: the run recorded the write as applied and saved a baseline with
the new value, while eMarketeer went on showing the old one; the audit trail claimed a value that was not in effect.
"""

from __future__ import annotations

from datetime import timedelta

from desktop_app.domain.model import LegalBasis, RunMode, System
from desktop_app.domain.planner import Reason

MKT = "Marketing sendouts"


def test_a_write_behind_a_later_record_is_said_and_decided_again(world):
    world.so_person("ahead@example.se", EMARKETING="61F")
    world.em_contact("ahead@example.se", marketing="Legitimate interest")
    world.advance(600)
    assert world.sync(mode=RunMode.FULL).changes == ()  # both agree: the baseline
    world.advance(600)
    # Both change within the clock-skew window; eMarketeer's record is dated 30 s ahead of its clock.
    world.so.set_consent(world.so_person_id("ahead@example.se"), "EMARKETING", "WITHDRAWN")
    world.em.add_consent("ahead@example.se", MKT, "Contract", created_at=world.em_clock.now() + timedelta(seconds=30))
    first = world.sync(mode=RunMode.FULL)
    [d] = first.changes
    assert (d.reason, d.target, d.new) == (Reason.NEAR_SIMULTANEOUS, System.EMARKETEER, LegalBasis.WITHDRAWN)
    assert len(world.writes(world.em)) == 1  # it landed
    # But the later record is still the current one: eMarketeer would go on mailing someone who withdrew.
    assert world.em_value("ahead@example.se", MKT) == "Contract"
    [error] = [e for e in first.errors if e.email == "ahead@example.se"]
    assert error.said is not None and error.said.key == "written_not_current"
    assert "not in effect" in error.reason
    baseline = world.store().load_baselines(["ahead@example.se"])["ahead@example.se"]
    assert baseline.emarketeer[1].basis is LegalBasis.LEGITIMATE_INTEREST  # not the value that is not in effect

    world.advance(600)  # eMarketeer's clock has passed its record: the next run's write becomes current
    second = world.sync(mode=RunMode.FULL)
    assert [(c.target, c.new) for c in second.changes] == [(System.EMARKETEER, LegalBasis.WITHDRAWN)]
    assert world.em_value("ahead@example.se", MKT) == "Withdrawn"
    assert not [e for e in second.errors if e.email == "ahead@example.se"]
    world.advance(600)
    assert world.sync().changes == ()  # R12: in step
