"""R18 at the one moment the chunked writes add (issue 11 pt 4): the process is killed (SIGKILL) while the run's thread
is finishing chunk 1 (reading SuperOffice's values back, R13) and chunk 2's writes are already out. Both chunks'
writes reached SuperOffice, and the history still calls all of them pending. The next run, a real process too, must
confirm the ten by value, write the other ten once, and write none of them twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from desktop_app.domain.model import RunStatus
from desktop_app.store import DecisionStatus

N = 20
CHUNK = 5

# The run, in a process of its own, with chunks of five writes. Its third read of SuperOffice rows by person
# (chunk 1's re-read, chunk 2's re-read, then chunk 1's read-back) says so in a file and waits to be killed: that
# pins the moment; the kill itself is a real SIGKILL.
CHILD = (
    """
import sys, time
from datetime import datetime
from pathlib import Path

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, SuperOfficeConnector
from desktop_app.store import Store
from desktop_app.sync.engine import EngineSettings, SyncEngine, SyncOptions

data_dir, so_url, so_state, em_url, now, marker = sys.argv[1:]
now_at = datetime.fromisoformat(now)
if marker:
    reads = SuperOfficeConnector.iter_consent_rows
    calls = []

    def reading(self, **kwargs):
        if kwargs.get("person_ids") is not None:
            calls.append(1)
            if len(calls) == 3:
                Path(marker).write_text("finishing chunk 1")
                time.sleep(120)
        return reads(self, **kwargs)

    SuperOfficeConnector.iter_consent_rows = reading
limits = RequestLimits(requests_per_second=1000.0, max_concurrency=2, timeout=5.0)
with Store.open(Path(data_dir)) as store:
    so = SuperOfficeConnector(so_url, BasicAuth("admin", "secret"), limits, state_url=so_state)
    em = EmarketeerConnector(em_url, "demo-key", limits)
    settings = EngineSettings(write_chunk=%d, max_concurrency=2, hold_reversals=False)
    summary = SyncEngine(Path(data_dir), store, so, em, settings, clock=lambda: now_at).run(SyncOptions())
print(summary.status.value)
"""
    % CHUNK
)


def _run(world, marker: str = "") -> subprocess.Popen:
    args = [str(world.data_dir), world.so.base_url, world.so.state_url, world.em.base_url, world.now().isoformat()]
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args, marker], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _statuses(world) -> dict[str, int]:
    with sqlite3.connect(f"file:{world.data_dir / 'history.sqlite3'}?mode=ro", uri=True, timeout=5) as db:
        return dict(db.execute("SELECT status, count(*) FROM decision GROUP BY status").fetchall())


def test_a_kill_while_one_chunk_is_finished_and_the_next_is_out(world, tmp_path):
    emails = [f"k{i:02d}@example.se" for i in range(N)]
    for email in emails:  # each eMarketeer withdrawal goes to SuperOffice: N writes, read back (R13)
        world.so_person(email)
        world.em_contact(email, marketing="Withdrawn")
    world.advance(60)
    marker = tmp_path / "finishing"
    proc = _run(world, str(marker))
    try:
        deadline = time.monotonic() + 60
        while not (marker.exists() and len(world.writes(world.so)) >= 2 * CHUNK):
            if proc.poll() is not None:
                pytest.fail(f"the run ended before it could be killed: {proc.communicate()}")
            if time.monotonic() > deadline:
                pytest.fail("the run never reached chunk 1's read-back with chunk 2 out")
            time.sleep(0.02)
        time.sleep(0.2)  # nothing more goes out: chunk 3 waits for chunk 1 to be finished
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    puts = world.writes(world.so)
    assert len(puts) == 2 * CHUNK  # chunks 1 and 2 reached SuperOffice; chunk 3 was never sent
    assert _statuses(world) == {"pending": 2 * CHUNK}  # and the history had recorded none of them applied

    world.advance(60)
    second = _run(world)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert out.strip() == RunStatus.DONE.value

    puts = world.writes(world.so)
    assert len(puts) == N and len({r.path for r in puts}) == N  # every person written once, none twice (R18)
    for email in emails:
        assert world.so_value(world.so_person_id(email), "EMARKETING") == "WITHDRAWN"
    store = world.store()
    killed, done = store.runs()[1], store.runs()[0]
    assert killed.status is RunStatus.INTERRUPTED and done.status is RunStatus.DONE
    confirmed = store.decisions(killed.id)
    assert [d.status for d in confirmed].count(DecisionStatus.APPLIED) == 2 * CHUNK
    assert DecisionStatus.PENDING not in {d.status for d in confirmed}
    assert all(
        "Checked after an interrupted run" in (d.message or "") for d in confirmed if d.status is DecisionStatus.APPLIED
    )
    assert len([d for d in store.decisions(done.id) if d.status is DecisionStatus.APPLIED]) == N - 2 * CHUNK
