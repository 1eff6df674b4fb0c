"""The headless command against the simulators: the JSON contract of shared/CLI.md, exit codes for
user mistakes (one sentence, no traceback), history and CSV, and R19: no secret anywhere afterwards."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cli_support import API_KEY, PASSWORD
from cli_support import cli_env as _env
from engine_support import T0

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
    a = so.add_person("anna@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(a, "EMARKETING", "61A", at=T0 - timedelta(days=10))
    em.add_contact("anna@example.se")
    em.add_consent("anna@example.se", "Marketing sendouts", "Withdrawn", created_at=T0 - timedelta(days=1))
    b = so.add_person("bo@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(b, "STORE", "61B", at=T0 - timedelta(days=5))
    em.add_contact("bo@example.se")
    so.add_person("only-so@example.se", registered=T0 - timedelta(days=3))
    so.add_person("x@", registered=T0 - timedelta(days=3))
    yield so, em
    so.stop()
    em.stop()


def _cli(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def _one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr


def test_sync_json_follows_the_contract_and_history_exports_it(tmp_path, servers):
    so, em = servers
    data_dir = tmp_path / "data"
    env = _env(data_dir, so, em)

    dry = _cli(env, "sync", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    assert preview["dry_run"] is True and preview["status"] == "done" and preview["trigger"] == "manual"
    assert em.current_consents("bo@example.se") == {}  # R16: nothing written

    run = _cli(env, "sync", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) >= {
        "run_id",
        "status",
        "dry_run",
        "trigger",
        "matched",
        "unmatched_superoffice",
        "unmatched_emarketeer",
        "changes",
        "conflicts",
        "errors",
    }
    assert (out["matched"], out["unmatched_superoffice"], out["unmatched_emarketeer"]) == (2, 1, 0)
    changes = sorted((c["email"], c["purpose"], c["target"], c["old"], c["new"], c["rule"]) for c in out["changes"])
    assert changes == [
        ("anna@example.se", "marketing", "superoffice", "consent", "withdrawn", "R5"),
        ("bo@example.se", "store", "emarketeer", None, "contract", "R5"),
    ]
    assert [e["email"] for e in out["errors"]] == ["x@"] and out["errors"][0]["purpose"] is None
    assert changes == sorted(
        (c["email"], c["purpose"], c["target"], c["old"], c["new"], c["rule"]) for c in preview["changes"]
    )

    again = _cli(env, "sync", "--json")
    assert json.loads(again.stdout)["changes"] == []  # R12

    history = _cli(env, "history")
    assert history.returncode == 0 and history.stdout.count("\n") == 3
    one = _cli(env, "history", "--run", str(out["run_id"]))
    assert "anna@example.se" in one.stdout and "R5" in one.stdout
    csv_path = tmp_path / "audit.csv"
    exported = _cli(env, "history", "--csv", str(csv_path))
    assert exported.returncode == 0, exported.stderr
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # issue 14: the BOM Excel needs for å, ä, ö
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert {r["email"] for r in rows} == {"anna@example.se", "bo@example.se"} and "run" in rows[0]
    xlsx_path = tmp_path / "audit.xlsx"
    workbook = _cli(env, "history", "--xlsx", str(xlsx_path))
    assert workbook.returncode == 0, workbook.stderr
    assert workbook.stderr.strip() == f"Wrote 2 changes and 0 send recipients to {xlsx_path}."
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_path)["Changes"]
    assert sorted(sheet.cell(r, 4).value for r in (2, 3)) == ["anna@example.se", "bo@example.se"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:S3"

    # R19: the secrets appear nowhere the app wrote: data directory (database, logs), outputs, CSV.
    texts = [dry.stdout, dry.stderr, run.stdout, run.stderr, history.stdout, one.stdout, exported.stderr]
    for path in list(data_dir.rglob("*")) + [csv_path, xlsx_path]:
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    for text in texts:
        assert PASSWORD not in text and API_KEY not in text


def test_wrong_api_key_stops_with_one_sentence_and_exit_1(tmp_path, servers):
    so, em = servers
    result = _cli(_env(tmp_path / "d", so, em, LEGALBASIS_SYNC_EMARKETEER_API_KEY="wrong-key-123"), "sync")
    assert result.returncode == 1
    _one_sentence(result.stderr)
    assert "eMarketeer" in result.stderr and "wrong-key-123" not in result.stderr


def test_unreachable_host_stops_with_one_sentence_and_exit_1(tmp_path, servers):
    so, em = servers
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    env = _env(tmp_path / "d", so, em, LEGALBASIS_SYNC_SUPEROFFICE_URL=f"http://127.0.0.1:{port}/Cust1/api/")
    result = _cli(env, "sync")
    assert result.returncode == 1
    _one_sentence(result.stderr)
    assert "127.0.0.1" in result.stderr


def test_bad_url_and_missing_setting_are_configuration_errors(tmp_path, servers):
    so, em = servers
    bad = _cli(_env(tmp_path / "d", so, em, LEGALBASIS_SYNC_SUPEROFFICE_URL="crm.example.com/nothing"), "sync")
    assert bad.returncode == 2
    _one_sentence(bad.stderr)
    env = _env(tmp_path / "d", so, em)
    del env["LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD"]
    missing = _cli(env, "sync")
    assert missing.returncode == 2
    _one_sentence(missing.stderr)
    assert "password" in missing.stderr.lower()


def test_lock_held_by_another_run_exits_1(tmp_path, servers):
    so, em = servers
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    with RunLock(data_dir):
        result = _cli(_env(data_dir, so, em), "sync")
    assert result.returncode == 1
    _one_sentence(result.stderr)
    assert "already running" in result.stderr
    with RunLock(data_dir):
        as_json = _cli(_env(data_dir, so, em), "sync", "--json")
    assert as_json.returncode == 1  # shared/CLI.md: one object also for a run that never started
    assert json.loads(as_json.stdout) == {"run_id": None, "status": "locked", "message": as_json.stderr.strip()}


def test_only_limits_the_run_to_the_given_addresses(tmp_path, servers):
    so, em = servers
    result = _cli(_env(tmp_path / "d", so, em), "sync", "--json", "--only", "BO@example.se")
    out = json.loads(result.stdout)
    assert [c["email"] for c in out["changes"]] == ["bo@example.se"]
    assert em.current_consents("anna@example.se")["Marketing sendouts"]  # untouched


def test_simulators_command_runs_in_the_foreground_and_a_sync_works_against_it(tmp_path):
    """The README's headless demo recipe, end to end: `simulators` in one process, `sync` in another."""
    import re
    import signal

    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "simulators", "--contacts", "60", "--seed", "3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl+C as at a terminal, however the tests were started: a suite run under nohup or in a background job
        # passes SIGINT on ignored, and Python then never turns it into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        seen = ""
        while "Ctrl+C" not in seen:
            line = proc.stdout.readline()
            assert line, f"simulators exited early: {proc.stderr.read()}"
            seen += line
        so_url = re.search(r"SuperOffice simulator\s+(\S+)", seen).group(1)
        em_url = re.search(r"eMarketeer simulator\s+(\S+)", seen).group(1)
        env.update(
            {
                "LEGALBASIS_SYNC_DATA_DIR": str(tmp_path / "d"),
                "LEGALBASIS_SYNC_CRM": "onsite",
                "LEGALBASIS_SYNC_ENABLED": "1",
                "LEGALBASIS_SYNC_SUPEROFFICE_URL": so_url,
                "LEGALBASIS_SYNC_SUPEROFFICE_USER": "admin",
                "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD": "secret",
                "LEGALBASIS_SYNC_EMARKETEER_URL": em_url.rstrip("/"),
                "LEGALBASIS_SYNC_EMARKETEER_API_KEY": "demo-key",
            }
        )
        result = _cli(env, "sync", "--json")
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["status"] == "done" and out["matched"] > 40 and out["changes"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0


ENV_REFRESH = "env-refresh-Rk93-never-shown"


def _online_env(data_dir: Path, so, em, **overrides) -> dict[str, str]:
    """A server's environment file for SuperOffice Online: a refresh token, no access token, no keyring."""
    env = _env(
        data_dir,
        so,
        em,
        LEGALBASIS_SYNC_CRM="online",
        LEGALBASIS_SYNC_SUPEROFFICE_CLIENT_ID="my-app-id",
        LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN=ENV_REFRESH,
        **overrides,
    )
    del env["LEGALBASIS_SYNC_SUPEROFFICE_USER"], env["LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD"]
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # a system user on a server has no keyring
    return env


def _online_settings(so, data_dir: Path) -> None:
    # The state address is a window setting without a variable: point it at the simulator's token endpoint.
    from desktop_app.store import Store

    data_dir.mkdir(parents=True, exist_ok=True)
    with Store.open(data_dir) as store:
        store.save_settings({"superoffice_state_url": so.state_url})


def test_online_on_a_server_renews_the_access_token_with_the_refresh_token_from_the_environment(tmp_path, servers):
    """README, "SuperOffice Online on a server": every timer run renews the one-hour token; R19 for both tokens."""
    so, em = servers
    so.tokens.clear()
    so.refresh_tokens = {ENV_REFRESH}
    data_dir = tmp_path / "data"
    _online_settings(so, data_dir)
    env = _online_env(data_dir, so, em)

    first = _cli(env, "sync", "--json")
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert json.loads(first.stdout)["status"] == "done" and len(so.tokens) == 1
    issued = set(so.tokens)

    # Rotation: the run goes on with the new refresh token and says, in one sentence, that the variable is stale.
    so.rotate_refresh_tokens = True
    so.revoke_tokens()
    rotated = _cli(env, "sync", "--json")
    assert rotated.returncode == 0, rotated.stderr
    _one_sentence(rotated.stderr)
    assert "LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN" in rotated.stderr and "sign in again" in rotated.stderr
    assert json.loads(rotated.stdout)["status"] == "done"
    issued |= so.tokens
    new_refresh = set(so.refresh_tokens)

    # The environment still holds the retired token: the next run stops (exit 1) and says what to do.
    stale = _cli(env, "sync", "--json")
    assert stale.returncode == 1
    _one_sentence(stale.stderr)
    assert "no longer accepts the refresh token in LEGALBASIS_SYNC_SUPEROFFICE_REFRESH_TOKEN" in stale.stderr

    texts = [first.stdout, first.stderr, rotated.stdout, rotated.stderr, stale.stdout, stale.stderr]
    for path in data_dir.rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    for text in texts:
        for secret in (ENV_REFRESH, API_KEY, *issued, *new_refresh):
            assert secret not in text
