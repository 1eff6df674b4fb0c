"""Issue 9 pt 3, stopping is clean: SIGINT or SIGTERM to a running `sync` (a real subprocess): no new write leaves
after the signal, the run is recorded as stopped with the reason, exit 1 within 15 s, no traceback, and the next
run completes the work (R18)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

import pytest

from cli_support import cli_env, command, one_sentence, run_cli, start_servers

from desktop_app.simulators import Fault


@pytest.mark.parametrize("signum, named", [(signal.SIGTERM, "a stop request (SIGTERM)"), (signal.SIGINT, "Ctrl+C (SIGINT)")])
def test_a_signal_stops_a_sync_cleanly_and_the_next_run_completes(tmp_path, signum, named):
    so, em = start_servers(contacts=40)  # 40 writes to SuperOffice
    data_dir = tmp_path / "d"
    try:
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
