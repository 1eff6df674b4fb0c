"""The command line's contract (shared/CLI.md) at its edges: huge numbers, a reader that leaves early, a console that
is not UTF-8, a bad setting under `check --json`, SIGTERM mid-export, an unknown send, a vendor's pause, and export
targets that are empty, not regular files, or files whose permissions must survive being replaced."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cli_support import cli_env, command, run_cli, start_servers

HUGE = "99999999999999999999999"  # more than SQLite's 64-bit integers


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env["LEGALBASIS_SYNC_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def _no_bug_report(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "Unexpected error" not in stderr, stderr


def _onsite_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """A complete on-site configuration whose services are never asked (nothing listens there)."""
    settings = {
        "LEGALBASIS_SYNC_CRM": "onsite",
        "LEGALBASIS_SYNC_ENABLED": "1",
        "LEGALBASIS_SYNC_SUPEROFFICE_URL": "http://127.0.0.1:9/Cust1/api/",
        "LEGALBASIS_SYNC_SUPEROFFICE_USER": "admin",
        "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD": "pw-never-shown",
        "LEGALBASIS_SYNC_EMARKETEER_URL": "http://127.0.0.1:9",
        "LEGALBASIS_SYNC_EMARKETEER_API_KEY": "key-never-shown",
    }
    settings.update(extra)
    return _env(data_dir, **settings)


def _history_with_decisions(data_dir: Path, rows: int) -> int:
    """A data directory whose history holds one done run with `rows` applied changes; returns the run id."""
    from desktop_app.store import Store

    with Store.open(data_dir) as store:
        run_id = store.start_run("manual", "full", False)
    db = sqlite3.connect(data_dir / "history.sqlite3")
    now = "2026-06-01T12:00:00.000000+00:00"
    db.execute("UPDATE run SET status='done', ended_at=? WHERE id=?", (now, run_id))
    db.executemany(
        "INSERT INTO decision (run_id, email, purpose, so_basis, so_changed_at, winner, target, new, rule, rules, "
        "reason, explanation, conflict, person_count, status, recorded_at, applied_at, updated_at) "
        "VALUES (?, ?, 'store', 'legitimate_interest', ?, 'superoffice', 'emarketeer', 'legitimate_interest', 'R5', "
        "'R5', 'superoffice_has_value', 'eMarketeer has no legal basis; SuperOffice has one', 0, 1, 'applied', ?, ?, ?)",
        [(run_id, f"c{i:06d}@example.se", now, now, now, now) for i in range(rows)],
    )
    db.commit()
    db.close()
    return run_id


# ---------------------------------------------------------------- huge numbers


@pytest.mark.parametrize(
    "args",
    [("history", "--run", HUGE), ("send", "--cancel", HUGE), ("send", "--resume", HUGE)],
    ids=["history-run", "send-cancel", "send-resume"],
)
def test_a_huge_id_is_a_usage_error_not_an_unexpected_error(tmp_path, args):
    """CLI.md "Exit codes: ... `2` usage or configuration error": a run or send number too large for the database
    is a mistyped number, as `--run 0` and `--run abc` already are (exit 2, one sentence).

    What an admin scripting this loses: `history --run $N` with a corrupted variable ends in "Unexpected error
    (OverflowError); the details were written to ...log", exit 1 ("the run stopped early"), and a traceback in the
    log each time; the script cannot tell its own mistake (2) from a service outage (1)."""
    done = run_cli(_onsite_env(tmp_path / "data"), *args)  # configured: `send --resume` gets past "the sync is off"
    _no_bug_report(done.stderr)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "at most 9223372036854775807" in done.stderr


# ---------------------------------------------------------------- broken pipe / closed reader


def _run_with_reader_gone(env: dict[str, str], *args: str) -> tuple[int, str]:
    """The command with its stdout a pipe whose reader has already gone (`... | head -0`, `| true`)."""
    proc = subprocess.Popen(command(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader leaves before the command writes its first line
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.parametrize("args", [("history",), ("review",), ("review", "--json"), ("health", "--json")])
def test_a_reader_that_stops_early_is_not_an_unexpected_error(tmp_path, args):
    """CLI.md "Exit codes: `0` the run finished ... `1` the run stopped early (unreachable service, auth failure,
    lock held)": a reader that stops early (`legalbasis-sync history | head -1`) is none of those; the command did
    its work.

    What an admin scripting this loses: under `set -o pipefail`, `legalbasis-sync history --run 7 | head -1` fails
    with exit 1 and "Unexpected error (BrokenPipeError); the details were written to ...", and every such pipe
    writes a traceback into the log file, burying real faults."""
    code, err = _run_with_reader_gone(_env(tmp_path / "data"), *args)
    _no_bug_report(err)
    assert "BrokenPipeError" not in err and "Exception ignored" not in err, err
    assert code == 0, (code, err)


def test_sync_whose_reader_stops_early_still_exits_0_for_a_finished_run(tmp_path):
    """CLI.md "Exit codes: `0` the run finished (per-contact errors are listed, not fatal); `1` the run stopped early
    (unreachable service, auth failure, lock held)". A `sync` whose summary reader has gone (`legalbasis-sync sync |
    head -1`, a monitoring wrapper that only reads the first line, a closed pipe) finishes the run and writes every
    change, then died printing: "Unexpected error (BrokenPipeError)" and exit 1.

    What an admin scripting this loses: exit 1 says "the run stopped early" for a run recorded as done with all its
    writes made; a wrapper that retries on 1 or alerts the on-call person does so for nothing, and `history` and the
    exit code disagree."""
    so, em = start_servers(2, creation_default=False)
    try:
        code, err = _run_with_reader_gone(cli_env(tmp_path / "data", so, em), "sync")
        puts = [r for r in so.requests if r.method == "PUT"]
        assert len(puts) == 2, "the run finished and wrote both changes"
        _no_bug_report(err)
        assert code == 0, (code, err)
    finally:
        so.stop()
        em.stop()


# ---------------------------------------------------------------- non-UTF-8 output encoding


@pytest.mark.parametrize(
    "args, words",
    [(("check",), "Settings"), (("history", "--contact", "\ufb01ona@example.se"), "\ufb01ona")],
    ids=["check", "history-contact"],
)
def test_a_non_utf8_console_gets_the_output_not_an_unexpected_error(tmp_path, args, words):
    """CLI.md: `check` prints "each item ok or a sentence saying what is wrong (exit 0 all ok, 1 something wrong)";
    `history --contact EMAIL` prints "one contact's whole record". On a console or redirect whose encoding is not
    UTF-8 (Windows' cp1252 when `check > check.txt` is run from a scheduled task, an ISO-8859-1 locale such as
    sv_SE.ISO-8859-1), the check's ✓/✗ marks (and SPEC's own example address `ﬁona@`) cannot be encoded.

    What an admin scripting this loses: `legalbasis-sync check > setup.txt` on a Windows server gives an empty file
    and "Unexpected error (UnicodeEncodeError)", exit 1 whatever the setup's state: the check never reports."""
    env = _env(tmp_path / "data", PYTHONIOENCODING="cp1252", LEGALBASIS_SYNC_CRM="none")
    done = run_cli(env, *args)
    _no_bug_report(done.stderr)
    assert words.encode("cp1252", "replace").decode("cp1252") in done.stdout, done.stdout


# ---------------------------------------------------------------- check --json always one object


@pytest.mark.parametrize(
    "bad",
    [
        {"LEGALBASIS_SYNC_DUPLICATES": "bogus"},
        {"LEGALBASIS_SYNC_ENABLED": "maybe"},
        {"LEGALBASIS_SYNC_HOLD_REVERSALS": "yes please"},
    ],
    ids=["duplicates", "enabled", "hold-reversals"],
)
def test_check_json_reports_a_bad_setting_as_a_failed_item(tmp_path, bad):
    """CLI.md `check --json`: "One JSON object on stdout: {"ok": true|false, "items": [...]}" and "A failed item's
    `message` is one sentence for an admin that names what is wrong and what to do"; the command "checks the setup".
    A bad setting in the environment is exactly the setup `check` is for, yet it gave no JSON at all (stdout
    empty, exit 2), while a missing setting is reported as a failed "Settings" item.

    What an admin scripting this loses: a monitoring probe running `legalbasis-sync check --json | jq .ok` gets a
    parse error instead of `false` and an item naming LEGALBASIS_SYNC_..., the one setup mistake it most needs to
    see."""
    done = run_cli(_onsite_env(tmp_path / "data", **bad), "check", "--json")
    _no_bug_report(done.stderr)
    assert done.stdout.strip(), f"no JSON on stdout; stderr: {done.stderr!r}"
    out = json.loads(done.stdout)
    assert out["ok"] is False
    assert [item["name"] for item in out["items"] if not item["ok"]] == ["Settings"]
    assert any(list(bad)[0] in item["message"] for item in out["items"]), out
    assert done.returncode == 2, done.returncode  # a configuration error, as `sync` says it


# ---------------------------------------------------------------- SIGTERM mid-export


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_sigterm_mid_export_leaves_no_half_written_file(tmp_path):
    """Brief / CLI.md's history export: "never a half-written file". `history --csv FILE` writes to a temporary
    `.legalbasis-sync.XXXXXXXX.part` beside FILE and renames it at the end (store/files.py `replacing`), but only a
    Python exception removed it: SIGTERM (systemd's stop, `timeout 60 legalbasis-sync history --csv ...`, a shutdown)
    killed the process with the partial audit trail left in the admin's folder, hidden, and never cleaned up.

    What an admin scripting this loses: every timed-out nightly export leaves megabytes of personal data (addresses
    and legal bases, R19/GDPR) in a hidden file of the export folder, and no sentence or exit code (143) the contract
    names."""
    data_dir = tmp_path / "data"
    _history_with_decisions(data_dir, 60_000)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "audit.csv"
    proc = subprocess.Popen(
        command("history", "--csv", str(target)),
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(p.name.endswith(".part") for p in folder.iterdir()):
        time.sleep(0.02)
    assert any(p.name.endswith(".part") for p in folder.iterdir()), "the export never started"
    time.sleep(0.2)  # well inside the export
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert sorted(p.name for p in folder.iterdir()) == [], (proc.returncode, err)
    assert proc.returncode == 1, (proc.returncode, err)  # "the run stopped early", not 143 / -15
    assert err.strip() == (
        "Stopped by a stop request (SIGTERM) before the export was finished; the file being written was not kept."
    )


# ---------------------------------------------------------------- an unknown id


def test_an_unknown_send_id_is_a_usage_error_like_an_unknown_run(tmp_path):
    """CLI.md "Exit codes: ... `1` the run stopped early (unreachable service, auth failure, lock held); `2` usage or
    configuration error". `send --cancel 99` for a send that does not exist exited 1, while `history --run 99` for a
    run that does not exist exits 2, as does `send --list 99` for a list that does not exist.

    What an admin scripting this loses: a wrapper that retries on 1 (a service outage, a held lock) retries a
    mistyped send id forever instead of stopping on 2."""
    history = run_cli(_env(tmp_path / "data"), "history", "--run", "99")
    assert history.returncode == 2, history.stderr
    cancel = run_cli(_env(tmp_path / "data"), "send", "--cancel", "99")
    assert cancel.stderr.strip() == "There is no send 99."
    assert cancel.returncode == 2, (cancel.returncode, cancel.stderr)


# ---------------------------------------------------------------- statuses outside the contract


def test_sync_json_status_is_one_the_contract_lists_when_a_vendor_pause_is_in_force(tmp_path):
    """CLI.md `sync --json`: "`status`: `done`, `stopped` (ended early; what was done is recorded), `failed`, or
    `held`", and for a run that never started "`status` says why (`off`, `locked`, `failed`)". While a vendor's long
    Retry-After is in force, `sync --json` printed `"status": "skipped"`, a value the contract does not have.
    The history keeps the run as skipped (the window's "Skipped", health's "not a real run").

    What an admin scripting this loses: a script that `case`s on the documented statuses (done|stopped|failed|held|
    off|locked) falls into its "unknown answer" branch, typically alerting "contract broken" or treating it as done."""
    from desktop_app.domain.model import RunStatus, System
    from desktop_app.store import Store
    from desktop_app.sync.pause import record_pause

    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        record_pause(store, System.EMARKETEER, datetime.now(timezone.utc) + timedelta(hours=1))
    done = run_cli(_onsite_env(data_dir), "sync", "--json")
    _no_bug_report(done.stderr)
    out = json.loads(done.stdout)
    assert out["run_id"] is not None and out["status"] == "stopped", out
    assert done.returncode == 1
    assert "eMarketeer asked to wait until" in done.stderr and "no sync starts before then" in done.stderr
    with Store.open(data_dir) as store:
        run = store.get_run(out["run_id"])
    assert run is not None and run.status is RunStatus.SKIPPED


# ---------------------------------------------------------------- export targets


@pytest.mark.parametrize(
    "args",
    [
        ("history", "--csv", ""),
        ("history", "--xlsx", ""),
        ("history", "--sends-csv", " "),
        ("history", "--contact", "anna@example.se", "--pdf", ""),
        ("check", "--diagnostics", ""),
    ],
)
def test_an_empty_file_name_is_refused_not_taken_as_no_export(tmp_path, args):
    """CLI.md: `history [--csv FILE]` exports the audit trail; exit 2 for a usage error. `--csv ""` (an unset
    variable: `--csv "$OUT"`) listed the runs on stdout and exited 0, as if no export had been asked for.

    What an admin scripting this loses: the nightly export job "succeeds" every night and no file is ever written;
    the audit trail a data-protection officer asks for is not there."""
    env = _env(tmp_path / "data")  # run in tmp_path: a blank name taken as a file name would land there
    done = subprocess.run(command(*args), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.strip().endswith("needs a file name (see legalbasis-sync " + args[0] + " --help)."), done.stderr
    assert done.stdout == ""


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and FIFOs")
@pytest.mark.parametrize("kind", ["symlink", "fifo"])
@pytest.mark.parametrize("option", ["--csv", "--xlsx"])
def test_an_export_onto_a_link_or_a_pipe_is_refused_and_leaves_it_alone(tmp_path, kind, option):
    """An export writes a temporary file and moves it over the target: over a symbolic link (to a shared folder's
    file) or a FIFO that replaced the node itself, silently: the link was gone and the file it pointed to unchanged,
    the reader of the pipe got nothing. Refused with one sentence, exit 2, the node left as it was.

    What an admin scripting this loses: an export "written" (exit 0) that never reached the file or the program the
    admin pointed it at, and a link of their own set-up deleted."""
    _history_with_decisions(tmp_path / "data", 3)
    pointed = tmp_path / "shared.csv"
    pointed.write_text("before\n")
    target = tmp_path / "audit.out"
    if kind == "symlink":
        target.symlink_to(pointed)
    else:
        os.mkfifo(target)
    done = run_cli(_env(tmp_path / "data"), "history", option, str(target))
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.strip() == (
        f"Could not write {target}: it exists and is not a regular file (a link, a pipe or a device); "
        "give another file name."
    )
    assert target.is_symlink() if kind == "symlink" else stat.S_ISFIFO(target.lstat().st_mode)
    assert pointed.read_text() == "before\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o640, 0o644, 0o444])
def test_an_export_that_replaces_a_file_keeps_its_permissions(tmp_path, mode):
    """An export replacing an earlier one got the temporary file's owner-only permissions (0600): the group that
    read last night's audit trail (a data-protection officer's account, a backup job) could not read tonight's,
    and a file made read-only became writable. A new export stays the owner's only."""
    _history_with_decisions(tmp_path / "data", 3)
    target = tmp_path / "audit.csv"
    target.write_text("last night\n")
    target.chmod(mode)
    done = run_cli(_env(tmp_path / "data"), "history", "--csv", str(target))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert "c000000@example.se" in target.read_text(encoding="utf-8-sig")
    fresh = tmp_path / "fresh.csv"
    assert run_cli(_env(tmp_path / "data"), "history", "--csv", str(fresh)).returncode == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_a_usage_error_whose_stderr_reader_is_gone_still_exits_2(tmp_path):
    """CLI.md: "`2` usage or configuration error". A usage error was said on stderr before the reader guard wrapped
    it: with stderr a closed pipe (`history --run 0 2>&1 | true`, a supervisor that closed its log pipe) the write
    raised BrokenPipeError out of main, exit 1 ("stopped early"), and a script retrying on 1 retried its typo."""
    proc = subprocess.Popen(
        command("history", "--run", "0"),
        env=_env(tmp_path / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    proc.stderr.close()
    proc.communicate(timeout=60)
    assert proc.returncode == 2
