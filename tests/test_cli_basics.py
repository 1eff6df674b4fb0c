"""The command line's contract (shared/CLI.md): exit codes, one sentence on stderr, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from desktop_app import __version__, cli
from desktop_app.sync.lock import LockHeld


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    environ = dict(os.environ)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def assert_one_sentence(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    assert lines[0].endswith("."), text
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["sync", "--frobnicate"],
        ["history", "--run", "x"],
        ["history", "--run", "0"],
        ["simulators", "--superoffice-port", "70000"],
        ["simulators", "--contacts", "-1"],
        ["--demo", "sync"],
    ],
)
def test_usage_errors_exit_2_with_one_sentence(args):
    result = run(*args)
    assert result.returncode == 2, result
    line = assert_one_sentence(result.stderr)
    assert line.startswith("legalbasis-sync")
    assert "--help" in line
    assert result.stdout == ""


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0 and "sync" in result.stdout and "simulators" in result.stdout
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"legalbasis-sync {__version__}"


def test_sync_with_crm_none_does_nothing_and_says_so(tmp_path):
    result = run("sync", env={"LEGALBASIS_SYNC_CRM": "none"})
    assert result.returncode == 0, result
    assert (
        assert_one_sentence(result.stderr) == "Legal basis sync is off (the CRM is set to None), so nothing was synced."
    )
    assert result.stdout == ""


def test_sync_with_the_box_unticked_does_nothing_and_says_so():
    result = run("sync", "--json", env={"LEGALBASIS_SYNC_CRM": "onsite", "LEGALBASIS_SYNC_ENABLED": "0"})
    assert result.returncode == 0, result
    assert "nothing was synced" in assert_one_sentence(result.stderr)


def test_sync_without_the_emarketeer_key_is_a_configuration_error():
    env = {
        "LEGALBASIS_SYNC_CRM": "onsite",
        "LEGALBASIS_SYNC_ENABLED": "1",
        "LEGALBASIS_SYNC_SUPEROFFICE_URL": "http://127.0.0.1:9/api",
        "LEGALBASIS_SYNC_SUPEROFFICE_USER": "sync",
        "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD": "pw-must-not-leak",
    }
    result = run("sync", env=env)
    assert result.returncode == 2, result
    line = assert_one_sentence(result.stderr)
    assert "the eMarketeer API key is missing" in line and "LEGALBASIS_SYNC_EMARKETEER_API_KEY" in line
    assert "pw-must-not-leak" not in result.stderr + result.stdout


def test_a_bad_setting_in_the_environment_is_a_configuration_error():
    result = run("history", env={"LEGALBASIS_SYNC_CRM": "cloud"})
    assert result.returncode == 2
    assert assert_one_sentence(result.stderr) == "LEGALBASIS_SYNC_CRM must be none, online or onsite, not 'cloud'."


def test_an_unusable_data_directory_is_a_configuration_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("sync", env={"LEGALBASIS_SYNC_DATA_DIR": str(blocker / "data")})
    assert result.returncode == 2
    assert "data directory" in assert_one_sentence(result.stderr)


def test_known_errors_map_to_exit_codes(tmp_path):
    message, code = cli.describe_known_error(LockHeld(tmp_path / "sync.lock", "123"))
    assert code == 1 and "already running" in message

    class Unreachable(Exception):
        user_message = "SuperOffice could not be reached at http://127.0.0.1:9/api"

    assert cli.describe_known_error(Unreachable()) == ("SuperOffice could not be reached at http://127.0.0.1:9/api.", 1)

    class BadSetting(Exception):
        user_message = "The address is wrong."
        exit_code = 2

    assert cli.describe_known_error(BadSetting()) == ("The address is wrong.", 2)
    assert cli.describe_known_error(ZeroDivisionError("x")) is None


def test_an_unexpected_error_is_one_sentence_and_a_log_file_with_the_traceback(_isolated_environment):
    err = io.StringIO()
    try:
        raise ZeroDivisionError("division by zero in the planner")
    except ZeroDivisionError as exc:
        code = cli.report_unexpected(exc, err)
    assert code == 1
    line = assert_one_sentence(err.getvalue())
    log_path = _isolated_environment / "logs" / "legalbasis-sync.log"
    assert str(log_path) in line and "ZeroDivisionError" in line
    text = log_path.read_text(encoding="utf-8")
    assert "Traceback" in text and "division by zero in the planner" in text


def test_importing_the_cli_loads_neither_qt_nor_the_http_client():
    code = "import sys, desktop_app.cli; print(sorted(m for m in ('PySide6', 'httpx', 'peewee') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_nothing_configured_is_said_as_such_and_json_gives_one_object(tmp_path):
    """Issue 13 pt 6: a fresh install (no saved setting, no variable) is not "switched off"."""
    result = run("sync", env={"LEGALBASIS_SYNC_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result
    assert assert_one_sentence(result.stderr).startswith("Nothing is configured yet, so nothing was synced")
    result = run("sync", "--json", env={"LEGALBASIS_SYNC_DATA_DIR": str(tmp_path), "LEGALBASIS_SYNC_CRM": "none"})
    assert result.returncode == 0, result
    assert json.loads(result.stdout) == {"run_id": None, "status": "off", "message": result.stderr.strip()}


def test_sync_json_gives_one_object_when_the_run_never_starts(tmp_path):
    """shared/CLI.md: also a configuration error prints one JSON object, status failed, run_id null."""
    result = run("sync", "--json", env={"LEGALBASIS_SYNC_DATA_DIR": str(tmp_path), "LEGALBASIS_SYNC_ENABLED": "maybe"})
    assert result.returncode == 2, result
    answer = json.loads(result.stdout)
    assert answer["run_id"] is None and answer["status"] == "failed"
    assert answer["message"] == assert_one_sentence(result.stderr)


def test_sync_help_lists_the_environment_variables():
    result = run("sync", "--help")
    assert result.returncode == 0
    for variable in (
        "LEGALBASIS_SYNC_DATA_DIR",
        "LEGALBASIS_SYNC_CRM",
        "LEGALBASIS_SYNC_ENABLED",
        "LEGALBASIS_SYNC_SUPEROFFICE_URL",
        "LEGALBASIS_SYNC_EMARKETEER_API_KEY",
        "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD",
    ):
        assert variable in result.stdout, variable


def test_a_missing_display_is_one_sentence_naming_what_to_do():
    assert cli.display_problem({}, "win32") is None
    assert cli.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert "no display" in cli.display_problem({}, "linux")
    missing = cli.display_problem({"DISPLAY": ":0"}, "linux", find_library=lambda name: None)
    assert "libxcb-cursor0" in missing and missing.endswith(".")
    assert cli.display_problem({"DISPLAY": ":0"}, "linux", find_library=lambda name: "libxcb-cursor.so.0") is None
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1 and "no display" in assert_one_sentence(result.stderr)
