"""`legalbasis-sync send` end to end (a real process against both simulators): the Checklist, --yes, scheduled
sends and `send --due` for servers (R10), bad input as one sentence with the exit codes of shared/CLI.md."""

from __future__ import annotations

import csv
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from engine_support import T0
from test_cli_sync import API_KEY, PASSWORD, _cli, _env, _one_sentence

from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator
from desktop_app.sync.lock import RunLock


@pytest.fixture
def servers():
    so = SuperOfficeSimulator(
        clock=SimClock(start=T0), users={"admin": PASSWORD}, creation_default=None
    )  # these tests set every consent row themselves (R22)
    em = EmarketeerSimulator(clock=SimClock(start=T0), api_keys={API_KEY})
    so.start()
    em.start()
    for name in ("anna", "bo", "cia"):
        email = f"{name}@example.se"
        pid = so.add_person(email, registered=T0 - timedelta(days=300))
        so.set_consent(pid, "EMARKETING", "61A", at=T0 - timedelta(days=10))
        em.add_contact(email, mobile_phone="+4670000000" if name != "cia" else "")
        em.add_consent(email, "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=10))
    pid = so.add_person("dora@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(pid, "EMARKETING", "WITHDRAWN", at=T0 - timedelta(days=1))  # newer than eMarketeer's consent
    em.add_contact("dora@example.se")
    em.add_consent("dora@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=10))
    yield so, em
    so.stop()
    em.stop()


def sent(em) -> list[str]:
    return [a.casefold() for a in em.sent_addresses()]


def test_send_with_yes_prints_the_checklist_as_json_and_sends_to_the_allowed_only(tmp_path, servers):
    so, em = servers
    env = _env(tmp_path / "d", so, em)
    result = _cli(
        env,
        "send",
        "--channel",
        "email",
        "--component",
        "1001",
        "--to",
        "anna@example.se",
        "--to",
        "DORA@example.se",
        "--to",
        "nobody@example.se",
        "--to",
        "x@",
        "--yes",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["status"] == "sent" and out["accepted"] == ["anna@example.se"] and out["unknown"] == []
    checklist = out["checklist"]
    assert checklist["allowed"] == 1 and checklist["recipients"] == 4
    assert checklist["excluded"] == {"marketing_withdrawn": 1, "unknown_in_emarketeer": 1, "invalid_address": 1}
    dora = next(line for line in checklist["lines"] if line["given"] == "DORA@example.se")
    assert dora["email"] == "dora@example.se" and dora["changes"]  # the send-time sync wrote the withdrawal
    assert sent(em) == ["anna@example.se"]
    for text in (result.stdout, result.stderr):
        assert PASSWORD not in text and API_KEY not in text

    # The audit trail: the send's recipients, linked to its sync run, next to the decisions of that run.
    sends_csv, audit_csv = tmp_path / "sends.csv", tmp_path / "audit.csv"
    exported = _cli(env, "history", "--csv", str(audit_csv), "--sends-csv", str(sends_csv))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(sends_csv.open(encoding="utf-8-sig")))
    assert [(r["email"], r["allowed"], r["result"]) for r in rows] == [
        ("anna@example.se", "yes", "accepted"),
        ("dora@example.se", "no", ""),
        ("nobody@example.se", "no", ""),
        ("", "no", ""),
    ]
    assert {r["run"] for r in rows} == {str(out["run_id"])}
    decisions = list(csv.DictReader(audit_csv.open(encoding="utf-8-sig")))
    assert [(d["run"], d["email"], d["new_value"]) for d in decisions] == [
        (str(out["run_id"]), "dora@example.se", "withdrawn")
    ]


def test_without_yes_and_without_a_terminal_nothing_is_launched(tmp_path, servers):
    so, em = servers
    env = _env(tmp_path / "d", so, em)
    result = _cli(env, "send", "--channel", "sms", "--component", "2001", "--to", "anna@example.se")
    assert result.returncode == 2
    _one_sentence(result.stderr)
    assert "add --yes" in result.stderr and "Nothing was sent" in result.stderr
    assert "1 of 1 recipient addressed" in result.stdout
    assert em.sent == []
    listed = _cli(env, "send", "--list-scheduled")
    assert listed.stdout == "No scheduled sends.\n"


def test_dry_run_shows_the_checklist_and_writes_nothing(tmp_path, servers):
    so, em = servers
    result = _cli(
        _env(tmp_path / "d", so, em),
        "send",
        "--channel",
        "email",
        "--component",
        "1001",
        "--to",
        "dora@example.se",
        "--to",
        "anna@example.se",
        "--dry-run",
    )
    assert result.returncode == 0, result.stderr
    assert "1 of 2 recipients addressed" in result.stdout and "excluded  dora@example.se" in result.stdout
    assert "Dry run" in result.stdout
    assert em.current_consents("dora@example.se")["Marketing sendouts"]["legalBasisId"] == 24  # still Consent (R16)
    assert em.sent == []


def test_send_due_sends_scheduled_sends_after_a_fresh_sync_end_to_end(tmp_path, servers):
    """Issue 4 point 3 for servers: scheduled from the command line, due later, sent by `send --due`; a
    recipient who withdrew in SuperOffice in between is not sent to."""
    so, em = servers
    env = _env(tmp_path / "d", so, em)
    csv_file = tmp_path / "customers.csv"
    csv_file.write_text("name;e-post\nAnna;anna@example.se\nBo;bo@example.se\nCia;cia@example.se\n", encoding="utf-8")
    at = datetime.now(timezone.utc) + timedelta(seconds=12)  # two CLI starts before "not yet", on a busy machine too
    scheduled = _cli(
        env,
        "send",
        "--channel",
        "email",
        "--component",
        "1001",
        "--file",
        str(csv_file),
        "--at",
        at.isoformat(),
        "--json",
    )
    assert scheduled.returncode == 0, scheduled.stderr
    send_id = json.loads(scheduled.stdout)["send_id"]
    not_yet = _cli(env, "send", "--due")
    assert not_yet.returncode == 0 and not_yet.stdout == "No scheduled send is due.\n"
    later = _cli(
        env,
        "send",
        "--channel",
        "email",
        "--component",
        "1002",
        "--to",
        "anna@example.se",
        "--at",
        (at + timedelta(days=1)).isoformat(),
    )
    assert later.returncode == 0 and "scheduled for" in later.stdout

    listed = _cli(env, "send", "--list-scheduled", "--json")
    assert [s["send_id"] for s in json.loads(listed.stdout)["scheduled"]] == [send_id, send_id + 1]
    assert em.sent == []

    so.set_consent(so.person_ids("bo@example.se")[0], "EMARKETING", "WITHDRAWN", at=T0)  # Bo withdraws meanwhile
    time.sleep(max(0.0, (at - datetime.now(timezone.utc)).total_seconds()) + 0.2)

    due = _cli(env, "send", "--due", "--json")
    assert due.returncode == 0, due.stderr
    [result] = json.loads(due.stdout)["sends"]
    assert result["send_id"] == send_id and result["status"] == "sent"
    assert result["accepted"] == ["anna@example.se", "cia@example.se"]
    assert sent(em) == ["anna@example.se", "cia@example.se"]
    assert em.current_consents("bo@example.se")["Marketing sendouts"]["legalBasisId"] == 25  # synced: Withdrawn

    again = _cli(env, "send", "--due")
    assert again.returncode == 0 and "No scheduled send is due" in again.stdout
    cancelled = _cli(env, "send", "--cancel", str(send_id + 1))
    assert cancelled.returncode == 0 and "cancelled" in cancelled.stderr
    assert _cli(env, "send", "--list-scheduled").stdout == "No scheduled sends.\n"
    twice = _cli(env, "send", "--cancel", str(send_id + 1))
    assert twice.returncode == 1
    _one_sentence(twice.stderr)


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--channel", "email", "--component", "1001", "--file", "{empty}", "--yes"], 2, "is empty"),
        (
            ["--channel", "email", "--component", "1001", "--to", "x@", "--to", "y", "--yes"],
            2,
            "None of the 2 recipients is a valid e-mail address",
        ),
        (
            ["--channel", "email", "--component", "4242", "--to", "anna@example.se", "--yes"],
            2,
            "eMarketeer rejected e-mail component 4242",
        ),
        (["--channel", "email", "--component", "1001", "--to", "anna@example.se", "--at", "soon"], 2, "--at must be"),
        (["--channel", "email", "--to", "anna@example.se"], 2, "needs --channel and --component"),
        (["--due", "--cancel", "3"], 2, "cannot be combined"),
        (["--component", "0"], 2, "at least 1"),
    ],
)
def test_bad_input_is_one_sentence_with_exit_2_and_sends_nothing(tmp_path, servers, args, code, words):
    so, em = servers
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = _cli(_env(tmp_path / "d", so, em), "send", *[a.replace("{empty}", str(empty)) for a in args])
    assert result.returncode == code, result.stderr
    _one_sentence(result.stderr)
    assert words in result.stderr and "Traceback" not in result.stderr
    assert em.sent == []


def test_a_send_while_a_sync_holds_the_lock_exits_1_and_sends_nothing(tmp_path, servers):
    so, em = servers
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    with RunLock(data_dir):
        result = _cli(
            _env(data_dir, so, em),
            "send",
            "--channel",
            "email",
            "--component",
            "1001",
            "--to",
            "anna@example.se",
            "--yes",
        )
    assert result.returncode == 1
    _one_sentence(result.stderr)
    assert "A sync is running" in result.stderr and "try again" in result.stderr
    assert em.sent == []


def test_with_the_sync_off_nothing_is_checked_or_sent(tmp_path, servers):
    so, em = servers
    result = _cli(_env(tmp_path / "d", so, em, LEGALBASIS_SYNC_ENABLED="0"), "send", "--due")
    assert result.returncode == 2
    _one_sentence(result.stderr)
    assert "sync is off" in result.stderr and em.sent == []
    as_json = _cli(_env(tmp_path / "d", so, em, LEGALBASIS_SYNC_ENABLED="0"), "send", "--due", "--json")
    assert as_json.returncode == 2  # shared/CLI.md: one JSON object also when nothing could start
    assert json.loads(as_json.stdout) == {"send_id": None, "status": "off", "message": as_json.stderr.strip()}


def test_the_same_message_is_not_sent_twice_to_the_same_person_unless_asked(tmp_path, servers):
    """The window's 24-hour guard on the command line too: a second send of message 1001 leaves out who got it."""
    so, em = servers
    env = _env(tmp_path / "d", so, em)
    first = _cli(env, "send", "--channel", "email", "--component", "1001", "--to", "anna@example.se", "--yes")
    assert first.returncode == 0, first.stderr
    second = _cli(
        env,
        "send",
        "--channel",
        "email",
        "--component",
        "1001",
        "--to",
        "anna@example.se",
        "--to",
        "bo@example.se",
        "--yes",
        "--json",
    )
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["accepted"] == ["bo@example.se"]
    assert "1 of these recipients already got" in second.stderr and "--send-again" in second.stderr
    assert sent(em) == ["anna@example.se", "bo@example.se"]  # anna once
    other = _cli(env, "send", "--channel", "email", "--component", "1002", "--to", "anna@example.se", "--yes")
    assert other.returncode == 0 and "already got" not in other.stderr  # another message is another matter
    again = _cli(
        env, "send", "--channel", "email", "--component", "1001", "--to", "anna@example.se", "--yes", "--send-again"
    )
    assert again.returncode == 0, again.stderr
    assert "they get it again" in again.stderr
    assert sent(em).count("anna@example.se") == 3  # 1001, 1002, and 1001 again when asked


def test_pasted_addresses_are_said_as_such_in_the_list_of_scheduled_sends(tmp_path, servers):
    """Issue 13 pt 5: the internal word "pasted" never reaches a person ("component 1001 to pasted"), neither for a
    send the window schedules now nor for one stored before schema 7 with the bare word."""
    from desktop_app.domain.checklist import Channel, SendStatus
    from desktop_app.sending.service import SendRequest, SendService
    from desktop_app.store import Store

    so, em = servers
    data_dir = tmp_path / "d"
    env = _env(data_dir, so, em)
    later = datetime.now(timezone.utc) + timedelta(days=1)
    with Store.open(data_dir) as store:
        SendService(store, data_dir, None, None).schedule(
            SendRequest(Channel.EMAIL, 1001, ("anna@example.se",), ""), later
        )
        store.create_send(
            Channel.EMAIL, 1002, "pasted", ("bo@example.se",), status=SendStatus.SCHEDULED, scheduled_at=later
        )
    listed = _cli(env, "send", "--list-scheduled")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count(" to pasted addresses (1 address)") == 2, listed.stdout
    assert "to pasted (" not in listed.stdout
