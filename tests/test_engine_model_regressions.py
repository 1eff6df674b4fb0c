"""Small deterministic cases the model-based test (test_engine_model.py) found, kept as plain tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from engine_support import T0

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.domain.model import RunMode, RunStatus
from desktop_app.store import DecisionStatus


def test_r21_a_future_dated_record_never_lets_the_next_incremental_run_undo_a_write(world):
    """Issue 9 pt 1: one eMarketeer record dated two days ahead (bad data, R17) moved eMarketeer's cursor past
    the sync's own write; the next incremental run then read a stale replica, took it for a change made in
    eMarketeer only (R13) and wrote the older value back over SuperOffice's newer one."""
    pid = world.so_person("ann@ex.se", STORE="61B")  # contract, at T0
    world.em_contact("ann@ex.se")
    world.em.add_consent("ann@ex.se", "Store and process", "Consent", created_at=T0 - timedelta(minutes=5))
    world.em_contact("bo@ex.se")
    world.em.add_consent("bo@ex.se", "Store and process", "Consent", created_at=T0 + timedelta(days=2))
    first = world.sync()
    assert first.status is RunStatus.DONE
    assert world.em_value("ann@ex.se", "Store and process") == "Contract"  # R5: SuperOffice changed later
    world.advance(60)
    second = world.sync()
    assert second.mode is RunMode.INCREMENTAL and second.status is RunStatus.DONE
    assert second.changes == (), [c.explain() for c in second.changes]
    assert world.so_value(pid, "STORE") == "61B"
    assert world.em_value("ann@ex.se", "Store and process") == "Contract"


def test_r14_a_row_deleted_after_the_plan_is_decided_again_as_deleted(world):
    """The R14 re-read found the SuperOffice row gone, but the decision made again took the planned (stale)
    value for it: the history then said SuperOffice held Consent when the sync wrote over an empty row (R15)."""
    pid = world.so_person("ann@ex.se", STORE="61A")
    world.em_contact("ann@ex.se", store="Consent")
    world.sync()  # both consent: the baseline
    world.advance(60)
    world.em.add_consent("ann@ex.se", "Store and process", "Withdrawn")  # plan: write withdrawn to SuperOffice

    def meddle(progress):
        if progress.phase == "planning":
            world.so.delete_consent(pid, "STORE")  # a person removes the row before the write

    summary = world.sync(progress=meddle)
    assert summary.status is RunStatus.DONE
    decisions = world.store().decisions(summary.run_id, writes_only=True)
    [applied] = [d for d in decisions if d.status is DecisionStatus.APPLIED]
    assert applied.superoffice.basis is None and applied.superoffice.changed_at is None
    assert DecisionStatus.SUPERSEDED in {d.status for d in decisions}
    assert world.so_value(pid, "STORE") == "WITHDRAWN"


class _Killed(BaseException):
    """A kill in process: nothing in the engine catches it or records the run's end."""


def test_r18_a_landed_write_is_confirmed_even_after_a_person_changed_the_contact_again(world, monkeypatch):
    """A run died right after its eMarketeer record landed; before the next run a person added a newer record.
    The recovery looked for the write's token in the newest record only and recorded the write as not
    applied: the audit trail (R15) lost a change that was made."""
    world.so_person("ann@ex.se", EMARKETING="WITHDRAWN")
    world.em_contact("ann@ex.se")  # no marketing record yet: SuperOffice's withdrawal is written there
    sent = EmarketeerConnector.create_consent

    def landed_then_killed(self, *args, **kwargs):
        sent(self, *args, **kwargs)
        raise _Killed()

    monkeypatch.setattr(EmarketeerConnector, "create_consent", landed_then_killed)
    with pytest.raises(_Killed):
        world.sync()
    monkeypatch.setattr(EmarketeerConnector, "create_consent", sent)
    world.advance(600)
    world.em.add_consent("ann@ex.se", "Marketing sendouts", "Consent", source_name="Web form")
    second = world.sync()
    assert second.status is RunStatus.DONE
    store = world.store()
    dead_run = min(r.id for r in store.runs())
    [write] = store.decisions(dead_run, writes_only=True)
    assert write.status is DecisionStatus.APPLIED, write.message
    assert world.em_value("ann@ex.se", "Marketing sendouts") == "Consent"  # the person's later change stands


def test_r18_a_recovery_that_cannot_reach_the_vendor_leaves_the_write_pending_and_the_next_run_settles_it(
    world, monkeypatch
):
    """Found by a long model run: a run died after its eMarketeer write landed; the next run's recovery (R18) could
    not read eMarketeer (every GET answered 503), so that run stopped before anything else. The write must stay
    pending (not guessed as lost, never sent again) until a run that can look settles it as applied."""
    from desktop_app.simulators.common import Fault

    world.so_person("ann@ex.se", EMARKETING="WITHDRAWN")
    world.em_contact("ann@ex.se")
    sent = EmarketeerConnector.create_consent

    def landed_then_killed(self, *args, **kwargs):
        sent(self, *args, **kwargs)
        raise _Killed()

    monkeypatch.setattr(EmarketeerConnector, "create_consent", landed_then_killed)
    with pytest.raises(_Killed):
        world.sync()
    monkeypatch.setattr(EmarketeerConnector, "create_consent", sent)
    records = len(world.em.history("ann@ex.se"))
    world.advance(600)
    world.em.faults.add(Fault(kind="status", status=503, times=-1, method="GET"))
    blocked = world.sync()
    assert blocked.status is RunStatus.STOPPED, blocked.message
    store = world.store()
    dead_run = min(r.id for r in store.runs())
    [write] = store.decisions(dead_run, writes_only=True)
    assert write.status is DecisionStatus.PENDING, write.message  # not known yet: neither applied nor lost
    world.em.faults.clear()
    world.advance(600)
    settled = world.sync()
    assert settled.status is RunStatus.DONE, settled.message
    [write] = world.store().decisions(dead_run, writes_only=True)
    assert write.status is DecisionStatus.APPLIED, write.message
    assert world.em_value("ann@ex.se", "Marketing sendouts") == "Withdrawn"
    assert len(world.em.history("ann@ex.se")) == records  # R18: never sent twice
    assert world.store().pending_writes() == []


def test_r21_a_back_dated_emarketeer_import_is_found_by_the_next_full_run_not_guessed_at(world):
    """Found by the model test (an oracle fix, not an engine one): eMarketeer creates a contact with its first
    record, at that record's time. A contact imported with a back-dated record leaves nothing a change read can
    find; a SuperOffice person created for the same address afterwards then looks like a contact in one system
    only (R11: nothing written) until the periodic full run reads eMarketeer whole and syncs it (R21, R22)."""
    world.so_person("bo@ex.se", STORE="61A")
    world.em_contact("bo@ex.se", store="Consent")
    assert world.sync().mode is RunMode.FULL
    world.em.add_consent(
        "ann@ex.se", "Marketing sendouts", "Contract", source_name="Import", created_at=T0 - timedelta(hours=1)
    )
    pid = world.so.add_person("ann@ex.se", registered=world.now(), creation_default="61F")

    incremental = world.sync()
    assert incremental.mode is RunMode.INCREMENTAL and incremental.status is RunStatus.DONE
    assert incremental.unmatched_superoffice == 1 and incremental.changes == ()
    assert world.em_value("ann@ex.se", "Store and process") is None  # R11: never written on a guess

    world.advance(60)
    full = world.sync(mode=RunMode.FULL)
    assert full.mode is RunMode.FULL and full.status is RunStatus.DONE
    assert world.em_value("ann@ex.se", "Store and process") == "Legitimate interest"  # R22: against no value
    assert world.so_value(pid, "EMARKETING") == "61B"  # R5: eMarketeer's Contract, the only value


def test_r13_a_baseline_belongs_to_the_superoffice_person_who_agreed_not_to_the_address(world):
    """Found by the model test: baselines were kept per address only. When a person's address moved to another
    person (here: the old person took a new address, a new person was created with the old one), the old person's
    agreement made the new person's empty row look like a removal (an error, nothing written) instead of a first
    match, where eMarketeer's value is the only one and is given to the new person (R5, R22)."""
    old = world.so_person("cia@ex.se", EMARKETING="61E")  # public interest, both sides
    world.em_contact("cia@ex.se", marketing="Public interest")
    assert world.sync().status is RunStatus.DONE
    world.advance(60)
    world.so.set_email(old, "bo@ex.se")
    world.advance(60)
    new = world.so.add_person("cia@ex.se", registered=world.now())
    summary = world.sync()
    assert summary.mode is RunMode.INCREMENTAL and summary.status is RunStatus.DONE
    assert summary.errors == (), summary.errors
    assert world.so_value(new, "EMARKETING") == "61E"  # eMarketeer's value, the only one, for the new person
    assert world.so_value(old, "EMARKETING") == "61E"  # the old person (now bo@, not in eMarketeer) untouched
    assert world.store().load_baselines(["cia@ex.se"])["cia@ex.se"].persons == (new, new)
