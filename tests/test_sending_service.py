"""SendService against both simulators (issue 4; R3, R4, R10, R18, R20): the send-time sync and the Checklist,
batches through the Messages API, failures halfway, scheduled sends across a restart, the audit trail."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import timedelta

import pytest

from desktop_app.domain.checklist import Channel, Exclusion, RecipientResult, SendStatus
from desktop_app.domain.model import LegalBasis, RunStatus, Trigger
from desktop_app.sending import SendError, SendRequest, SendService
from desktop_app.simulators import Fault
from desktop_app.store import SENDS_CSV_COLUMNS, Store, migrations
from desktop_app.sync.lock import RunLock

MARKETING = "Marketing sendouts"


def service(world, **kwargs) -> SendService:
    so, em = world.connectors()
    store = kwargs.pop("store", None) or world.store()
    return SendService(store, world.data_dir, so, em, clock=world.now, **kwargs)


def request(*recipients, channel=Channel.EMAIL, component=1001, source="pasted", list_id=None) -> SendRequest:
    return SendRequest(channel, component, tuple(recipients), source, list_id)


def people(world, n: int, prefix: str = "p") -> list[str]:
    """n contacts with consent for marketing in both systems, already in step."""
    emails = [f"{prefix}{i:03d}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    return emails


def sent_to(world) -> list[str]:
    return [a.casefold() for a in world.em.sent_addresses()]


# ------------------------------------------------------------------ the Checklist and a launch (R3, R4)


def test_the_checklist_comes_from_a_send_time_sync_and_only_allowed_recipients_are_sent_to(world):
    world.so_person("anna@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("anna@example.se", store="Consent", marketing="Consent")
    world.so_person("bo@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("bo@example.se", store="Consent", marketing="Consent")
    world.em_contact("cia@example.se", store="Consent")  # no basis for marketing anywhere
    world.so_person("dan@example.se", STORE="61A", EMARKETING="61A")  # not in eMarketeer
    assert world.sync().status is RunStatus.DONE
    world.advance(3600)
    # Bo withdraws in SuperOffice after the last sync: the send-time sync must see it (R3, R4).
    world.so.set_consent(world.so_person_id("bo@example.se"), "EMARKETING", "WITHDRAWN")
    svc = service(world)

    prepared = svc.prepare(
        request(
            "Anna@Example.se", "bo@example.se", "cia@example.se", "dan@example.se", "not-an-address", "anna@example.se"
        )
    )

    summary = prepared.summary
    assert summary.trigger is Trigger.SEND and summary.mode.value == "only" and not summary.dry_run
    assert summary.details is not None and summary.run_id == prepared.checklist.run_id
    assert world.em_value("bo@example.se", MARKETING) == "Withdrawn"  # the sync wrote it before the Checklist
    cl = prepared.checklist
    assert cl.allowed == ("anna@example.se",)
    assert {line.given: line.exclusion for line in cl.excluded} == {
        "bo@example.se": Exclusion.MARKETING_WITHDRAWN,
        "cia@example.se": Exclusion.NO_MARKETING_BASIS,
        "dan@example.se": Exclusion.UNKNOWN_IN_EMARKETEER,
        "not-an-address": Exclusion.INVALID_ADDRESS,
        "anna@example.se": Exclusion.DUPLICATE_IN_LIST,
    }
    bo = next(line for line in cl.lines if line.given == "bo@example.se")
    assert bo.changes and "eMarketeer set to Withdrawn" in bo.changes[0]
    assert world.em.sent == []  # nothing is sent by prepare

    outcome = svc.launch(prepared)
    assert outcome.status is SendStatus.SENT and outcome.message is None
    assert outcome.accepted == ("anna@example.se",) and outcome.rejected == () and outcome.unknown == ()
    assert sent_to(world) == ["anna@example.se"]
    assert [(m.channel, m.component_id) for m in world.em.sent] == [("email", 1001)]
    record = svc.store.get_send(prepared.send_id)
    assert record.status is SendStatus.SENT and record.run_id == summary.run_id and record.sent_at is not None
    rows = svc.store.send_recipients(prepared.send_id)
    assert [(r.given, r.allowed, r.result) for r in rows] == [
        ("Anna@Example.se", True, RecipientResult.ACCEPTED),
        ("bo@example.se", False, None),
        ("cia@example.se", False, None),
        ("dan@example.se", False, None),
        ("not-an-address", False, None),
        ("anna@example.se", False, None),
    ]
    assert all(r.run_id == summary.run_id for r in rows)

    # Launching the same send again sends nobody twice.
    again = svc.launch(prepared)
    assert again.accepted == ("anna@example.se",) and sent_to(world) == ["anna@example.se"]


def test_the_messages_api_rejections_are_recorded_with_their_reason_sms_needs_a_mobile(world):
    world.so_person("anna@example.se", STORE="61A", EMARKETING="61A")
    world.em.add_contact("anna@example.se", mobile_phone="+46701234567")
    world.em.add_consent("anna@example.se", MARKETING, "Consent")
    world.so_person("bo@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("bo@example.se", marketing="Consent")  # no mobile phone
    svc = service(world)
    prepared = svc.prepare(request("anna@example.se", "bo@example.se", channel=Channel.SMS, component=2001))
    assert prepared.checklist.allowed == ("anna@example.se", "bo@example.se")
    outcome = svc.launch(prepared)
    assert outcome.accepted == ("anna@example.se",)
    assert outcome.rejected == (("bo@example.se", "no mobile phone number"),)
    assert outcome.status is SendStatus.SENT
    assert [m.channel for m in world.em.sent] == ["sms"]
    bo = [r for r in svc.store.send_recipients(prepared.send_id) if r.email == "bo@example.se"][0]
    assert bo.result is RecipientResult.REJECTED and bo.reason == "no mobile phone number"


# ------------------------------------------------------------------ bad input (issue 4, point 6)


def test_an_empty_list_is_one_sentence_and_nothing_is_recorded_or_sent(world):
    svc = service(world)
    with pytest.raises(SendError) as caught:
        svc.prepare(request())
    assert caught.value.user_message == "The recipient list is empty; nothing was sent."
    with pytest.raises(SendError):
        svc.prepare(request("  ", ""))
    assert svc.store.sends() == [] and svc.store.runs() == [] and world.em.sent == []


def test_only_invalid_addresses_is_one_sentence_and_no_sync_runs(world):
    svc = service(world)
    with pytest.raises(SendError) as caught:
        svc.prepare(request("x@", "no-at-sign", "a@b"))
    message = caught.value.user_message
    assert message == "None of the 3 recipients is a valid e-mail address (for example 'x@'); nothing was sent."
    assert caught.value.exit_code == 2
    assert svc.store.sends() == [] and svc.store.runs() == [] and world.em.sent == []


def test_a_component_emarketeer_rejects_sends_nothing_and_says_why(world):
    emails = people(world, 3)
    svc = service(world, batch_size=2)
    prepared = svc.prepare(request(*emails, component=4242))
    with pytest.raises(SendError) as caught:
        svc.launch(prepared)
    message = caught.value.user_message
    assert message == "eMarketeer rejected e-mail component 4242: unknown componentId 4242. Nothing was sent."
    assert world.em.sent == []
    record = svc.store.get_send(prepared.send_id)
    assert record.status is SendStatus.FAILED and record.message == message
    assert {r.result for r in svc.store.send_recipients(prepared.send_id)} == {RecipientResult.NOT_SENT}
    # An e-mail component used for SMS is rejected the same way.
    sms = svc.prepare(request(*emails, channel=Channel.SMS, component=1001))
    with pytest.raises(SendError, match="is an e-mail component, not sms"):
        svc.launch(sms)
    assert world.em.sent == []


def test_nobody_allowed_is_one_sentence_and_nothing_is_sent(world):
    world.so_person("bo@example.se", STORE="61A", EMARKETING="WITHDRAWN")
    world.em_contact("bo@example.se", marketing="Withdrawn")
    svc = service(world)
    prepared = svc.prepare(request("bo@example.se"))
    with pytest.raises(SendError, match="Nobody on the list may receive this send"):
        svc.launch(prepared)
    assert world.em.sent == [] and svc.store.get_send(prepared.send_id).status is SendStatus.FAILED


def test_a_checklist_too_old_is_not_launched(world):
    emails = people(world, 1)
    svc = service(world)
    prepared = svc.prepare(request(*emails))
    world.advance(16 * 60)
    with pytest.raises(SendError, match="check the recipients again"):
        svc.launch(prepared)
    assert world.em.sent == []


# ------------------------------------------------------------------ a failure halfway (issue 4, point 6; R18)


def _fault_before_batch(world, number: int, fault: Fault):
    """A progress callback that injects `fault` into the Messages API right before batch `number` goes."""

    def progress(p):
        if p.phase == "sending" and p.done == number - 1:
            world.em.faults.add(fault)

    return progress


def test_an_answer_lost_halfway_never_sends_twice_and_records_everything_that_went(world):
    emails = people(world, 7)
    svc = service(world, batch_size=2)
    prepared = svc.prepare(request(*emails))
    lost = Fault(kind="drop", after_handling=True, method="POST", path_contains="/messages-api/")
    outcome = svc._launch_locked(prepared.send_id, cancel=None, progress=_fault_before_batch(world, 2, lost))

    # Batch 1 went and was answered, batch 2 went but its answer was lost, batches 3-4 never left.
    assert outcome.status is SendStatus.PARTLY_SENT
    assert outcome.accepted == tuple(emails[:2])
    assert outcome.unknown == tuple(emails[2:4])
    assert outcome.not_sent == tuple(emails[4:])
    assert "recorded as unknown" in outcome.message and "--resume" in outcome.message
    assert sent_to(world) == emails[:4]  # what eMarketeer really sent: batch 2 too
    record = svc.store.get_send(prepared.send_id)
    assert record.status is SendStatus.PARTLY_SENT and record.message == outcome.message

    # "Send the rest": a fresh check, then only the not-sent recipients; the unknown ones are never resent.
    world.advance(60)
    rest = svc.resume(prepared.send_id)
    assert rest.status is SendStatus.SENT
    assert rest.accepted == tuple(emails[:2]) + tuple(emails[4:])
    assert rest.unknown == tuple(emails[2:4]) and rest.not_sent == ()
    assert sent_to(world) == emails  # each exactly once
    assert len(set(sent_to(world))) == len(sent_to(world))
    runs = {r.run_id for r in svc.store.send_recipients(prepared.send_id)}
    assert len(runs) == 2  # the resumed recipients link to the second send-time sync
    with pytest.raises(SendError, match="nothing to resume"):
        svc.resume(prepared.send_id)


def test_a_503_on_a_send_is_not_retried_and_its_batch_is_unknown(world):
    emails = people(world, 4)
    svc = service(world, batch_size=2)
    prepared = svc.prepare(request(*emails))
    fault = Fault(kind="status", status=503, method="POST", path_contains="/messages-api/")
    outcome = svc._launch_locked(prepared.send_id, cancel=None, progress=_fault_before_batch(world, 2, fault))
    assert outcome.accepted == tuple(emails[:2]) and outcome.unknown == tuple(emails[2:])
    assert outcome.status is SendStatus.PARTLY_SENT
    posts = [r for r in world.em.requests if r.method == "POST" and "/messages-api/" in r.path]
    assert [r.status for r in posts] == [200, 503]  # a non-idempotent POST is never resent


def test_a_429_is_retried_and_everything_goes_once(world):
    emails = people(world, 4)
    svc = service(world, batch_size=2)
    prepared = svc.prepare(request(*emails))
    fault = Fault(kind="status", status=429, retry_after=0.01, times=2, method="POST", path_contains="/messages-api/")
    outcome = svc._launch_locked(prepared.send_id, cancel=None, progress=_fault_before_batch(world, 2, fault))
    assert outcome.status is SendStatus.SENT and outcome.accepted == tuple(emails)
    assert sent_to(world) == emails


def test_the_service_down_before_the_first_batch_sends_nothing_and_can_be_resumed(world):
    emails = people(world, 3)
    svc = service(world, batch_size=2)
    prepared = svc.prepare(request(*emails))
    world.em.faults.add(Fault(kind="status", status=429, times=-1, method="POST", path_contains="/messages-api/"))
    with pytest.raises(SendError) as caught:
        svc.launch(prepared)
    assert (
        "Nothing was sent" in caught.value.user_message and f"--resume {prepared.send_id}" in caught.value.user_message
    )
    assert world.em.sent == [] and svc.store.get_send(prepared.send_id).status is SendStatus.FAILED
    world.em.faults.clear()
    outcome = svc.resume(prepared.send_id)
    assert outcome.status is SendStatus.SENT and sent_to(world) == emails


def test_a_crash_after_a_batch_left_never_resends_it(world):
    """The process died between posting batch 1 and recording its answer: its recipients stay unknown."""
    emails = people(world, 4)
    svc = service(world, batch_size=2)
    prepared = svc.prepare(request(*emails))
    svc.store.mark_batch_leaving(prepared.send_id, 1, emails[:2])  # what launch writes before a POST
    svc.store.claim_send(prepared.send_id, [SendStatus.CHECKED], SendStatus.SENDING)  # ... and then it died
    svc.store.close()

    restarted = service(world)  # a new process on the same data directory
    outcome = restarted.launch(prepared)
    assert sent_to(world) == emails[2:]
    assert outcome.unknown == tuple(emails[:2]) and outcome.accepted == tuple(emails[2:])


# ------------------------------------------------------------------ R20: one run at a time


def test_a_send_while_another_run_holds_the_lock_sends_nothing(world):
    emails = people(world, 2)
    svc = service(world)
    with RunLock(world.data_dir):
        with pytest.raises(SendError) as caught:
            svc.prepare(request(*emails))
    message = caught.value.user_message
    assert message.startswith("A sync is running") and "try again" in message and message.endswith("Nothing was sent.")
    assert svc.store.runs() == [] and world.em.sent == []

    prepared = svc.prepare(request(*emails))
    with RunLock(world.data_dir):
        with pytest.raises(SendError, match="A sync is running"):
            svc.launch(prepared)
    assert world.em.sent == []
    assert svc.launch(prepared).status is SendStatus.SENT


# ------------------------------------------------------------------ scheduled sends (R10)


def test_a_scheduled_send_rechecks_at_send_time_and_skips_who_withdrew_meanwhile(world):
    """Issue 4 point 7: a recipient who withdrew in SuperOffice between scheduling and sending is not sent to."""
    emails = people(world, 3)
    assert world.sync().status is RunStatus.DONE
    svc = service(world)
    at = world.now() + timedelta(hours=2)
    send_id = svc.schedule(request(*emails, source="file customers.csv"), at)
    [waiting] = svc.scheduled()
    assert (waiting.send_id, waiting.scheduled_at, waiting.status) == (send_id, at, SendStatus.SCHEDULED)
    assert svc.due() == [] and world.em.sent == []

    world.advance(3600)
    world.so.set_consent(world.so_person_id(emails[1]), "EMARKETING", "WITHDRAWN")  # withdraws while it waits
    world.advance(3601)
    [due] = svc.due()
    assert due.send_id == send_id
    outcome = svc.send_due(send_id)

    assert outcome.status is SendStatus.SENT
    assert sent_to(world) == [emails[0], emails[2]]
    lines = {r.email: r for r in svc.store.send_recipients(send_id)}
    assert lines[emails[1]].exclusion is Exclusion.MARKETING_WITHDRAWN and lines[emails[1]].result is None
    assert lines[emails[1]].changes  # the send-time sync wrote the withdrawal to eMarketeer
    assert world.em_value(emails[1], MARKETING) == "Withdrawn"
    run = svc.store.get_run(outcome.run_id)
    assert run.trigger is Trigger.SEND and run.started_at >= at  # the sync ran at send time, not at scheduling
    assert svc.due() == [] and svc.scheduled() == []
    with pytest.raises(SendError, match="not waiting"):
        svc.send_due(send_id)


def test_a_scheduled_send_survives_a_restart(world):
    emails = people(world, 2)
    first = service(world)
    at = world.now() + timedelta(minutes=30)
    send_id = first.schedule(request(*emails), at)
    first.store.close()
    first.close()

    world.advance(31 * 60)
    with Store.open(world.data_dir) as store:  # a new process: new Store and service on the same data directory
        second = service(world, store=store)
        [due] = second.due()
        assert (due.send_id, due.recipients, due.scheduled_at) == (send_id, tuple(emails), at)
        assert second.send_due(send_id).accepted == tuple(emails)
    assert sent_to(world) == emails


def test_a_scheduled_list_send_reads_its_list_when_it_goes_out(world):
    emails = people(world, 3)
    list_id = world.em.add_list("Newsletter", emails[:1])
    svc = service(world)
    lists = svc.contact_lists()
    assert [(c.id, c.name, c.size) for c in lists] == [(list_id, "Newsletter", 1)]
    assert svc.list_recipients(list_id) == emails[:1]
    send_id = svc.schedule(
        request(*emails[:1], source="eMarketeer list 'Newsletter' (1)", list_id=list_id),
        world.now() + timedelta(minutes=5),
    )
    world.em.add_to_list(list_id, emails[1:])
    world.advance(301)
    assert svc.send_due(send_id).accepted == tuple(emails)
    with pytest.raises(SendError, match="has no contact list 999"):
        svc.list_recipients(999)


def test_a_due_send_whose_sync_cannot_run_stays_scheduled(world):
    emails = people(world, 1)
    svc = service(world)
    send_id = svc.schedule(request(*emails), world.now() + timedelta(minutes=1))
    world.advance(61)
    world.so.faults.add(Fault(kind="status", status=503, times=-1))
    with pytest.raises(SendError) as caught:
        svc.send_due(send_id)
    assert caught.value.user_message.startswith(f"Send {send_id} stays scheduled")
    assert svc.store.get_send(send_id).status is SendStatus.SCHEDULED and world.em.sent == []
    world.so.faults.clear()
    assert svc.send_due(send_id).status is SendStatus.SENT


def test_scheduling_checks_its_input_and_cancel_works_once(world):
    svc = service(world)
    with pytest.raises(SendError, match="not in the future"):
        svc.schedule(request("anna@example.se"), world.now() - timedelta(minutes=1))
    with pytest.raises(SendError, match="needs a time zone"):
        svc.schedule(request("anna@example.se"), world.now().replace(tzinfo=None) + timedelta(days=1))
    with pytest.raises(SendError, match="is not a valid e-mail address"):
        svc.schedule(request("x@"), world.now() + timedelta(days=1))
    send_id = svc.schedule(request("anna@example.se"), world.now() + timedelta(days=1))
    svc.cancel(send_id)
    assert svc.scheduled() == [] and svc.store.get_send(send_id).status is SendStatus.CANCELLED
    with pytest.raises(SendError, match="can no longer be cancelled"):
        svc.cancel(send_id)
    with pytest.raises(SendError, match="There is no send 999"):
        svc.cancel(999)


def test_an_empty_list_at_due_time_fails_the_send_with_a_sentence(world):
    list_id = world.em.add_list("Empty", [])
    svc = service(world)
    send_id = svc.schedule(
        request(source="eMarketeer list 'Empty' (0)", list_id=list_id), world.now() + timedelta(minutes=1)
    )
    world.advance(61)
    with pytest.raises(SendError, match="The list was empty when the send fell due"):
        svc.send_due(send_id)
    assert svc.store.get_send(send_id).status is SendStatus.FAILED and world.em.sent == []


# ------------------------------------------------------------------ the audit trail (issue 4, point 4)


def test_the_sends_export_links_every_recipient_to_its_sync_run(world):
    emails = people(world, 2)
    world.so_person("bo@example.se", STORE="61A", EMARKETING="WITHDRAWN")
    world.em_contact("bo@example.se", marketing="Withdrawn")
    svc = service(world)
    prepared = svc.prepare(request(*emails, "bo@example.se", "x@"))
    svc.launch(prepared)
    other = svc.schedule(request("later@example.se"), world.now() + timedelta(days=1))

    out = io.StringIO()
    assert svc.store.export_sends_csv(out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == SENDS_CSV_COLUMNS
    run = str(prepared.summary.run_id)
    assert [(r["send"], r["run"], r["email"], r["allowed"], r["exclusion"], r["result"]) for r in rows[:4]] == [
        (str(prepared.send_id), run, emails[0], "yes", "", "accepted"),
        (str(prepared.send_id), run, emails[1], "yes", "", "accepted"),
        (str(prepared.send_id), run, "bo@example.se", "no", "marketing_withdrawn", ""),
        (str(prepared.send_id), run, "", "no", "invalid_address", ""),
    ]
    assert rows[2]["why"] == "Marketing sendouts withdrawn in both systems."
    assert rows[4]["send"] == str(other) and rows[4]["send_status"] == "scheduled" and rows[4]["email"] == ""
    one_run = io.StringIO()
    assert svc.store.export_sends_csv(one_run, run_id=prepared.summary.run_id) == 4


def test_a_v1_history_file_gains_the_send_tables(tmp_path):
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    for statement in migrations._V1:
        conn.execute(statement)
    conn.execute(
        'INSERT INTO run (id, "trigger", mode, started_at, status) VALUES '
        "(3, 'manual', 'full', '2026-06-01T12:00:00.000000+00:00', 'done')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.schema_version == len(migrations.MIGRATIONS)
        assert store.get_run(3).status is RunStatus.DONE
        send_id = store.create_send(
            Channel.EMAIL,
            1001,
            "pasted",
            ["a@example.se"],
            status=SendStatus.SCHEDULED,
            scheduled_at=store.get_run(3).started_at,
        )
        assert store.get_send(send_id).recipients == ("a@example.se",)
    assert (tmp_path / "history.sqlite3.bak-v1").is_file()


def test_a_large_send_in_batches_after_the_bulk_send_time_sync(world):
    """Sixty recipients (the engine's paged --only path) in batches of 25: one withdrew since the last full sync,
    one is not an eMarketeer contact; everyone else gets it exactly once, in three calls."""
    emails = people(world, 60)
    world.so_person("crm-only@example.se", STORE="61A", EMARKETING="61A")
    assert world.sync().status is RunStatus.DONE
    world.advance(600)
    world.so.set_consent(world.so_person_id(emails[10]), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    svc = service(world, batch_size=25)
    prepared = svc.prepare(request(*emails, "crm-only@example.se"))
    cl = prepared.checklist
    assert len(cl.allowed) == 59
    assert {x.given: x.exclusion for x in cl.excluded} == {
        emails[10]: Exclusion.MARKETING_WITHDRAWN,
        "crm-only@example.se": Exclusion.UNKNOWN_IN_EMARKETEER,
    }
    outcome = svc.launch(prepared)
    assert outcome.status is SendStatus.SENT and len(outcome.accepted) == 59
    assert [len(m.accepted) for m in world.em.sent] == [25, 25, 9]
    assert sorted(sent_to(world)) == sorted(e for e in emails if e != emails[10])
    assert world.em_value(emails[10], MARKETING) == "Withdrawn"


def test_a_send_time_sync_that_cannot_finish_sends_nothing_and_is_recorded(world):
    emails = people(world, 2)
    world.em.faults.add(Fault(kind="status", status=503, times=-1, method="GET"))
    svc = service(world)
    with pytest.raises(SendError) as caught:
        svc.prepare(request(*emails))
    message = caught.value.user_message
    assert message.startswith("The send-time sync (run ") and message.endswith("nothing was sent.")
    assert "eMarketeer" in message
    [record] = svc.store.sends()
    assert record.status is SendStatus.FAILED and record.message == message and record.run_id is not None
    assert svc.store.get_run(record.run_id).status is RunStatus.STOPPED
    assert world.em.sent == []


def test_r24_a_recipient_whose_reversed_withdrawal_is_held_is_excluded_never_allowed(world):
    """A salesperson typed Consent over eMarketeer's withdrawal: the send-time sync holds it (R24), and the
    Checklist leaves the recipient out as "withdrawal waiting for review" until a person answers."""
    people(world, 1, prefix="ok")
    world.em_contact("rev@example.se", store="Consent", marketing="Withdrawn")
    world.advance(600)
    world.so_person("rev@example.se", STORE="61A", EMARKETING="61A")
    svc = service(world)
    prepared = svc.prepare(request("ok000@example.se", "rev@example.se"))
    [held] = prepared.summary.held
    assert (held.email, held.new) == ("rev@example.se", LegalBasis.CONSENT)
    cl = prepared.checklist
    assert cl.allowed == ("ok000@example.se",)
    [line] = cl.excluded
    assert (line.email, line.allowed, line.exclusion) == ("rev@example.se", False, Exclusion.HELD_FOR_REVIEW)
    assert "holds it until a person reviews it" in line.why
    assert cl.counts()[Exclusion.HELD_FOR_REVIEW] == 1
    assert "1 withdrawal waiting for review" in cl.summary_text()
    svc.launch(prepared)
    assert sent_to(world) == ["ok000@example.se"]
    assert world.em_value("rev@example.se", MARKETING) == "Withdrawn"
