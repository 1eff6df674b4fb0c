"""Issue 9 pt 3, stopping is clean: SIGINT or SIGTERM to a running `sync` (a real subprocess): no new write leaves
after the signal, the run is recorded as stopped with the reason, exit 1 within 15 s, no traceback, and the next
run completes the work (R18)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

import pytest
from cli_support import cli_env, command, fast_requests, one_sentence, run_cli, start_servers

from desktop_app.domain.checklist import Channel
from desktop_app.simulators import Fault


@pytest.mark.parametrize(
    "signum, named", [(signal.SIGTERM, "a stop request (SIGTERM)"), (signal.SIGINT, "Ctrl+C (SIGINT)")]
)
def test_a_signal_stops_a_sync_cleanly_and_the_next_run_completes(tmp_path, signum, named):
    so, em = start_servers(contacts=40)  # 40 writes to SuperOffice
    data_dir = tmp_path / "d"
    try:
        fast_requests(data_dir)  # the delay below, not the request rate, keeps the run going until the signal
        so.faults.add(Fault("delay", delay=0.5, times=-1, method="PUT"))  # each write takes half a second
        env = cli_env(data_dir, so, em)
        proc = subprocess.Popen(command("sync"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not [r for r in so.requests if r.method == "PUT"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signum)
        signalled = time.monotonic()
        out, err = proc.communicate(timeout=30)
        took = time.monotonic() - signalled
        time.sleep(1.0)  # whatever was in flight has been answered by now
        puts_at_stop = len([r for r in so.requests if r.method == "PUT"])
        assert took < 15, took
        assert proc.returncode == 1, (out, err)
        sentence = one_sentence(err)
        assert sentence.startswith(f"Stopped by {named}") and "next run" in sentence
        # At most the writes already in flight (4 at once) were answered after the signal: no new one left.
        assert puts_at_stop < 40
        conn = sqlite3.connect(data_dir / "history.sqlite3")
        status, message = conn.execute("SELECT status, message FROM run ORDER BY id DESC LIMIT 1").fetchone()
        conn.close()
        assert status == "stopped" and message.startswith(f"Stopped by {named}")

        so.faults.clear()
        after = run_cli(env, "sync", "--json")
        assert after.returncode == 0, after.stderr
        assert len([r for r in so.requests if r.method == "PUT"]) <= 40 + 4  # at most the in-flight ones again
        withdrawn = [so.person_ids(f"c{i:04d}@example.se")[0] for i in range(40)]
        for person in withdrawn:
            assert so.consents(person)["EMARKETING"]["LegalBaseKey"] == "WITHDRAWN"
    finally:
        so.stop()
        em.stop()


@pytest.mark.parametrize(
    "signum, named", [(signal.SIGTERM, "a stop request (SIGTERM)"), (signal.SIGINT, "Ctrl+C (SIGINT)")]
)
def test_a_signal_stops_a_send_in_its_send_time_sync_and_no_batch_leaves(tmp_path, signum, named):
    """`send` stops like `sync`: the send-time sync's writes stop, no Messages API batch leaves after the signal,
    the run and the send are recorded with the reason, exit 1 within 15 s, one sentence (R3, R18)."""
    so, em = start_servers(contacts=40)  # 40 withdrawals to write to SuperOffice before the Checklist
    data_dir = tmp_path / "d"
    try:
        fast_requests(data_dir)  # the delay below, not the request rate, keeps the run going until the signal
        so.faults.add(Fault("delay", delay=0.5, times=-1, method="PUT"))
        env = cli_env(data_dir, so, em)
        to = [arg for i in range(40) for arg in ("--to", f"c{i:04d}@example.se")]
        proc = subprocess.Popen(
            command("send", "--channel", "email", "--component", "1001", *to, "--yes"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not [r for r in so.requests if r.method == "PUT"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signum)
        signalled = time.monotonic()
        out, err = proc.communicate(timeout=30)
        took = time.monotonic() - signalled
        time.sleep(1.0)
        assert took < 15, took
        assert proc.returncode == 1, (out, err)
        sentence = one_sentence(err)
        assert f"stopped by {named}".lower() in sentence.lower() and "nothing was sent" in sentence, sentence
        assert len([r for r in so.requests if r.method == "PUT"]) < 40
        assert em.sent == [] and not [r for r in em.requests if "/messages-api/" in r.path]
        conn = sqlite3.connect(data_dir / "history.sqlite3")
        run_status, run_message = conn.execute("SELECT status, message FROM run ORDER BY id DESC LIMIT 1").fetchone()
        send_status, send_message = conn.execute("SELECT status, message FROM send ORDER BY id DESC LIMIT 1").fetchone()
        conn.close()
        assert run_status == "stopped" and run_message.startswith(f"Stopped by {named}")
        assert send_status == "failed" and f"stopped by {named}".lower() in send_message.lower()
    finally:
        so.stop()
        em.stop()


def test_a_stop_between_batches_sends_no_new_batch_and_records_the_send_as_stopped_with_the_reason(world):
    """What is in flight is answered and recorded; no batch leaves after the stop; the rest is 'not sent', resumable."""
    from desktop_app.domain.checklist import SendStatus
    from desktop_app.sending import SendRequest, SendService
    from desktop_app.sync.stopping import StopEvent, reason_for

    emails = [f"p{i:03d}@example.se" for i in range(7)]
    for email in emails:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    so, em = world.connectors()
    svc = SendService(world.store(), world.data_dir, so, em, clock=world.now, batch_size=2)
    prepared = svc.prepare(SendRequest(Channel.EMAIL, 1001, tuple(emails), "pasted"))
    cancel = StopEvent()

    def progress(p):  # the signal arrives while batch 2 is being posted (after its progress, before its answer)
        if p.phase == "sending" and p.done == 1:
            cancel.stop(reason_for("a stop request (SIGTERM)"), "a stop request (SIGTERM)")

    outcome = svc.launch(prepared, cancel=cancel, progress=progress)
    assert outcome.status is SendStatus.PARTLY_SENT
    assert outcome.accepted == tuple(emails[:4])  # batch 1, and batch 2 that was in flight
    assert [a.casefold() for a in world.em.sent_addresses()] == emails[:4]  # batches 3 and 4 never left
    assert outcome.not_sent == tuple(emails[4:])
    assert outcome.message.startswith("Stopped by a stop request (SIGTERM). Sent to 4")
    assert f"--resume {prepared.send_id}" in outcome.message
