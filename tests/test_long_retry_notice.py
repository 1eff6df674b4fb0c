"""Issue 13 pt 6: while a request is retried for long (a vendor answering 429 or 503 again and again), `sync` and
`send` say so on stderr in one line, once (not per retry), never in --json's stdout. Real subprocesses against
the simulators' fault injection."""

from __future__ import annotations

import json
import re

from cli_support import cli_env, run_cli, start_servers

from desktop_app.simulators import Fault

NOTICE = re.compile(r"^eMarketeer asked us to wait \(HTTP 429\); retrying until about \d\d:\d\d\.$")


def _notices(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if "retrying until" in line]


def test_sync_says_once_that_it_is_waiting_when_retries_go_on_for_long(tmp_path):
    so, em = start_servers(contacts=1)
    try:
        # Three 429s asking for 6 s each: the first wait is short enough to pass in silence, the second makes it
        # long (over 10 s), the third says nothing new.
        em.faults.add(Fault("status", status=429, retry_after=6, times=3, method="GET"))
        result = run_cli(cli_env(tmp_path / "d", so, em), "sync", "--json")
    finally:
        so.stop()
        em.stop()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "done"  # stdout is the JSON object alone
    [notice] = _notices(result.stderr)
    assert NOTICE.match(notice), notice


def test_a_short_retry_says_nothing(tmp_path):
    so, em = start_servers(contacts=1)
    try:
        em.faults.add(Fault("status", status=429, retry_after=1, times=2, method="GET"))
        result = run_cli(cli_env(tmp_path / "d", so, em), "sync", "--json")
    finally:
        so.stop()
        em.stop()
    assert result.returncode == 0, result.stderr
    assert _notices(result.stderr) == []


def test_send_says_it_too(tmp_path):
    """`check` is wired the same way, but its quick limits (one retry, at most 1 s apart) never retry for long."""
    so, em = start_servers(contacts=1)
    try:
        em.faults.add(Fault("status", status=429, retry_after=11, times=1, method="GET"))
        sent = run_cli(
            cli_env(tmp_path / "d", so, em),
            "send",
            "--channel",
            "email",
            "--component",
            "1001",
            "--to",
            "c0000@example.se",
            "--yes",
            "--json",
        )
    finally:
        so.stop()
        em.stop()
    assert json.loads(sent.stdout)["send_id"] is None  # stdout is the JSON object alone (c0000 withdrew: not sent)
    [notice] = _notices(sent.stderr)
    assert NOTICE.match(notice), notice
