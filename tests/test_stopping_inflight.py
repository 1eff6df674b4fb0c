"""Issue 9 pt 3, stopping while something is on the wire (real subprocesses against both simulators): a request in
flight to a slow server gets a short grace after SIGINT/SIGTERM and is then cut off, so the process still ends with
exit 1 within 15 s (a write cut off is "may have landed": R18 settles it next run); a signal during a send's last
batch still ends in exit 1 with the send recorded as stopped; a signal interrupting `send --due` is not a failed
delivery attempt of the scheduled send."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cli_support import cli_env, command, one_sentence, run_cli, start_servers

from desktop_app.domain.checklist import Channel, SendStatus
from desktop_app.simulators import Fault
from desktop_app.store import Store

SIGTERM_NAMED = "a stop request (SIGTERM)"


def _query(data_dir: Path, sql: str) -> list[tuple]:
    try:
        conn = sqlite3.connect(data_dir / "history.sqlite3", timeout=5)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return []


def _wait_for(data_dir: Path, sql: str, proc: subprocess.Popen, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        rows = _query(data_dir, sql)
        if rows and rows[0][0]:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError(f"never: {sql}")


def _signal_and_wait(proc: subprocess.Popen, signum: int = signal.SIGTERM) -> tuple[str, str, float]:
    proc.send_signal(signum)
    signalled = time.monotonic()
    out, err = proc.communicate(timeout=60)
    return out, err, time.monotonic() - signalled


def test_a_signal_while_a_write_waits_on_a_slow_server_ends_the_sync_within_15_seconds(tmp_path):
    so, em = start_servers(contacts=3)
    data_dir = tmp_path / "d"
    try:
        # Each write's answer takes 40 s: longer than the 30 s per-read timeout, which alone would hold the process.
        so.faults.add(Fault("delay", delay=40, times=-1, method="PUT"))
        env = cli_env(data_dir, so, em)
        proc = subprocess.Popen(command("sync"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _wait_for(data_dir, "SELECT count(*) FROM decision WHERE status = 'pending'", proc)
        time.sleep(1.0)  # the writes are on the wire, waiting for their answers
        out, err, took = _signal_and_wait(proc)
        assert took < 15, took
        assert proc.returncode == 1, (out, err)
        assert one_sentence(err).startswith(f"Stopped by {SIGTERM_NAMED}")
        [(status, message)] = _query(data_dir, "SELECT status, message FROM run ORDER BY id DESC LIMIT 1")
        assert status == "stopped" and message.startswith(f"Stopped by {SIGTERM_NAMED}")

        so.faults.clear()
        after = run_cli(env, "sync", "--json")
        assert after.returncode == 0, after.stderr
        assert _query(data_dir, "SELECT count(*) FROM decision WHERE status = 'pending'") == [(0,)]  # R18 settled
        for i in range(3):
            person = so.person_ids(f"c{i:04d}@example.se")[0]
            assert so.consents(person)["EMARKETING"]["LegalBaseKey"] == "WITHDRAWN"
    finally:
        so.stop()
        em.stop()


def _send_servers(n: int):
    """Both simulators with `n` contacts who may get e-mail and need no sync write."""
    so, em = start_servers(contacts=0)
    for i in range(n):
        email = f"r{i:02d}@example.se"
        person = so.add_person(email, registered=datetime(2025, 1, 1, tzinfo=timezone.utc))
        so.set_consent(person, "EMARKETING", "61A", at=datetime(2025, 1, 2, tzinfo=timezone.utc))
        so.set_consent(person, "STORE", "61A", at=datetime(2025, 1, 2, tzinfo=timezone.utc))
        em.add_contact(email)
        em.add_consent(email, "Marketing sendouts", "Consent", created_at=datetime(2025, 1, 2, tzinfo=timezone.utc))
        em.add_consent(email, "Store and process", "Consent", created_at=datetime(2025, 1, 2, tzinfo=timezone.utc))
    return so, em


def _send(env, n: int) -> subprocess.Popen:
    to = [arg for i in range(n) for arg in ("--to", f"r{i:02d}@example.se")]
    return subprocess.Popen(
        command("send", "--channel", "email", "--component", "1001", *to, "--yes"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_signal_while_a_batch_waits_on_a_slow_server_ends_the_send_within_15_seconds(tmp_path):
    so, em = _send_servers(3)
    data_dir = tmp_path / "d"
    try:
        em.faults.add(Fault("delay", delay=40, times=-1, method="POST", path_contains="/messages-api/"))
        env = cli_env(data_dir, so, em)
        proc = _send(env, 3)
        _wait_for(data_dir, "SELECT count(*) FROM send_recipient WHERE batch IS NOT NULL", proc)
        time.sleep(1.0)  # the batch is on the wire
        out, err, took = _signal_and_wait(proc)
        assert took < 15, took
        assert proc.returncode == 1, (out, err)
        sentence = one_sentence(err)
        assert sentence.startswith(f"Stopped by {SIGTERM_NAMED}") and "unknown" in sentence, sentence
        [(status, message)] = _query(data_dir, "SELECT status, message FROM send ORDER BY id DESC LIMIT 1")
        assert status == "partly_sent" and message.startswith(f"Stopped by {SIGTERM_NAMED}")
        # Cut off on the wire: it may have gone, so it is never resent automatically (R18).
        assert _query(data_dir, "SELECT result, count(*) FROM send_recipient WHERE allowed = 1 GROUP BY result") == [
            ("unknown", 3)
        ]
    finally:
        so.stop()
        em.stop()


def test_a_signal_during_the_last_batch_exits_1_and_records_the_send_as_stopped(tmp_path):
    so, em = _send_servers(3)
    data_dir = tmp_path / "d"
    try:
        # The batch's answer comes within the stop's grace: it is recorded, and nothing is left to send.
        em.faults.add(Fault("delay", delay=3, times=-1, method="POST", path_contains="/messages-api/"))
        env = cli_env(data_dir, so, em)
        proc = _send(env, 3)
        _wait_for(data_dir, "SELECT count(*) FROM send_recipient WHERE batch IS NOT NULL", proc)
        time.sleep(0.3)  # well inside the 3 s the answer takes, on a busy machine too
        out, err, took = _signal_and_wait(proc)
        assert took < 15, took
        assert proc.returncode == 1, (out, err)
        sentence = one_sentence(err)
        assert sentence.startswith(f"Stopped by {SIGTERM_NAMED}"), sentence
        [(status, message)] = _query(data_dir, "SELECT status, message FROM send ORDER BY id DESC LIMIT 1")
        assert status == "sent" and message.startswith(f"Stopped by {SIGTERM_NAMED}"), (status, message)
        assert sorted(a.casefold() for a in em.sent_addresses()) == [f"r{i:02d}@example.se" for i in range(3)]
        assert _query(data_dir, "SELECT result, count(*) FROM send_recipient WHERE allowed = 1 GROUP BY result") == [
            ("accepted", 3)
        ]
    finally:
        so.stop()
        em.stop()


def test_a_signal_during_send_due_is_not_a_failed_attempt_and_the_next_due_run_sends_it(tmp_path):
    so, em = _send_servers(2)
    # A third recipient withdrew in eMarketeer: the send-time sync writes that to SuperOffice (slowly, below).
    person = so.add_person("r02@example.se", registered=datetime(2025, 1, 1, tzinfo=timezone.utc))
    so.set_consent(person, "EMARKETING", "61A", at=datetime(2025, 1, 2, tzinfo=timezone.utc))
    em.add_contact("r02@example.se")
    em.add_consent(
        "r02@example.se", "Marketing sendouts", "Withdrawn", created_at=datetime(2025, 2, 1, tzinfo=timezone.utc)
    )
    data_dir = tmp_path / "d"
    try:
        with Store.open(data_dir) as store:
            send_id = store.create_send(
                Channel.EMAIL,
                1001,
                "test",
                [f"r{i:02d}@example.se" for i in range(3)],
                status=SendStatus.SCHEDULED,
                scheduled_at=datetime.now(timezone.utc) - timedelta(minutes=1),
            )
        so.faults.add(Fault("delay", delay=3, times=-1, method="PUT"))
        env = cli_env(data_dir, so, em)
        proc = subprocess.Popen(
            command("send", "--due"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        _wait_for(data_dir, "SELECT count(*) FROM decision WHERE status = 'pending'", proc)
        out, err, took = _signal_and_wait(proc)
        assert took < 15, took
        assert proc.returncode == 1, (out, err)
        assert "Traceback" not in err and SIGTERM_NAMED in err, err
        [(status, attempts, last)] = _query(
            data_dir, f"SELECT status, attempts, last_attempt_at FROM send WHERE id = {send_id}"
        )
        assert (status, attempts, last) == ("scheduled", 0, None)  # stopped, not failed: no rest, never held for it
        assert em.sent == []

        so.faults.clear()
        again = run_cli(env, "send", "--due")
        assert again.returncode == 0, again.stderr
        [(status,)] = _query(data_dir, f"SELECT status FROM send WHERE id = {send_id}")
        assert status == "sent"
        assert sorted(a.casefold() for a in em.sent_addresses()) == ["r00@example.se", "r01@example.se"]
    finally:
        so.stop()
        em.stop()
