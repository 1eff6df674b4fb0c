"""A launch after a sync that changed a recipient's legal basis since the Checklist (SPEC R4).

The Checklist lives 15 minutes. If, in that time, another sync (a scheduled run in the window, `legalbasis-sync sync`
from cron in another process) wrote a recipient's withdrawal, Launch still posted whom the Checklist had allowed: the
withdrawn person was e-mailed unless eMarketeer itself refused it (an ASSUMED behaviour in the api notes). A launch
now looks at the history for writes decided for its recipients by runs after the Checklist's sync, in any process,
landed or not (a vendor's refusal, the mass-change brake: eMarketeer then still says Consent), and sends nothing but
one sentence when there are some; a sync that decided nothing for anybody on the list leaves the Checklist good.
"""

from __future__ import annotations

import pytest
from test_sending_service import MARKETING, people, request, sent_to, service

from desktop_app.domain.model import RunStatus
from desktop_app.domain.safety import BrakeSettings
from desktop_app.sending import SendError
from desktop_app.simulators import Fault
from desktop_app.sync.engine import EngineSettings


def test_a_withdrawal_synced_after_the_checklist_stops_the_launch(world):
    emails = people(world, 3)
    assert world.sync().status is RunStatus.DONE
    svc = service(world)
    prepared = svc.prepare(request(*emails))
    assert set(prepared.checklist.allowed) == set(emails)

    world.advance(60)
    world.so.set_consent(world.so_person_id(emails[1]), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    assert world.sync().status is RunStatus.DONE  # another process's run: the withdrawal reaches eMarketeer
    assert world.em_value(emails[1], MARKETING) == "Withdrawn"

    with pytest.raises(SendError, match=r"found the legal basis of 1 of these recipients \(such as p001@"):
        svc.launch(prepared)
    assert sent_to(world) == []
    # Checked again, the withdrawn person is left out and the others get it.
    again = svc.prepare(request(*emails))
    outcome = svc.launch(again)
    assert outcome.accepted and sorted(sent_to(world)) == [emails[0], emails[2]]


def test_a_sync_that_wrote_to_nobody_on_the_list_leaves_the_checklist_good(world):
    emails = people(world, 2)
    world.so_person("other@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("other@example.se", store="Consent", marketing="Consent")
    assert world.sync().status is RunStatus.DONE
    svc = service(world)
    prepared = svc.prepare(request(*emails))
    world.advance(60)
    world.so.set_consent(world.so_person_id("other@example.se"), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    assert world.sync().status is RunStatus.DONE
    assert world.em_value("other@example.se", MARKETING) == "Withdrawn"  # a write, to someone not on the list

    svc.launch(prepared)
    assert sorted(sent_to(world)) == sorted(emails)


def test_a_withdrawal_read_but_refused_by_emarketeer_still_stops_the_launch(world):
    emails = people(world, 3)
    assert world.sync().status is RunStatus.DONE
    svc = service(world)
    prepared = svc.prepare(request(*emails))
    world.advance(60)
    world.so.set_consent(world.so_person_id(emails[1]), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    world.em.faults.add(Fault(kind="status", status=400, times=-1, method="POST", path_contains="consent"))
    world.sync()  # the scheduled run reads the withdrawal; eMarketeer refuses this contact's write (R18)
    world.em.faults.clear()
    assert world.em_value(emails[1], MARKETING) == "Consent"  # eMarketeer still says yes

    with pytest.raises(SendError, match="check the recipients again"):
        svc.launch(prepared)
    assert sent_to(world) == []


def test_a_withdrawal_a_later_run_read_but_the_brake_held_still_stops_the_launch(world):
    emails = people(world, 3)
    assert world.sync().status is RunStatus.DONE
    svc = service(world)
    prepared = svc.prepare(request(*emails))
    world.advance(60)
    for email in emails:
        world.so.set_consent(world.so_person_id(email), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    assert world.sync(settings=EngineSettings(brake=BrakeSettings(max_writes=1))).status is RunStatus.HELD  # R23

    with pytest.raises(SendError, match="found the legal basis of 3 of these recipients"):
        svc.launch(prepared)
    assert sent_to(world) == []


def test_a_preview_of_an_unchanged_hold_on_store_and_process_does_not_refuse_the_launch(world):
    """The review of the guard: a Preview between Check and Launch records every R24 hold again, and one on "Store and
    process" (which the Checklist does not judge by) refused the launch with "found the legal basis changed", though
    nothing had changed anywhere. Only Marketing sendouts decisions count."""
    world.em_contact("h@example.se", store="Withdrawn", marketing="Consent")
    world.advance(600)
    world.so_person("h@example.se", STORE="61A", EMARKETING="61A")  # Consent over eMarketeer's withdrawal: R24 hold
    svc = service(world)
    prepared = svc.prepare(request("h@example.se"))
    assert prepared.checklist.allowed == ("h@example.se",)
    assert [(d.email, d.purpose.name) for d in prepared.summary.held] == [("h@example.se", "STORE")]
    world.advance(30)
    assert world.sync(dry_run=True).status is RunStatus.DONE  # the admin presses Preview: writes nothing

    svc.launch(prepared)
    assert sent_to(world) == ["h@example.se"]
