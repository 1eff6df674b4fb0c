"""Issue 14 point 5: the alarm when the sync stalls — `legalbasis-sync health` (shared/CLI.md) and its verdict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.config import setting
from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.store import Store
from desktop_app.sync.health import RunsSeen, assess, read_runs, runs_seen

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


def _run(
    store: Store,
    ended: datetime,
    status=RunStatus.DONE,
    mode=RunMode.INCREMENTAL,
    *,
    dry_run=False,
    message=None,
    trigger=Trigger.SCHEDULED,
) -> int:
    run = store.start_run(trigger, mode, dry_run, started_at=ended - timedelta(minutes=1))
    store.finish_run(run, status, ended_at=ended, message=message)
    return run


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data") as s:
        yield s


def _verdict(store, hours=6, sync_on=True):
    return assess(
        runs_seen(store),
        sync_on=sync_on,
        off_reason=None if sync_on else "the CRM is set to None",
        stale_after_hours=hours,
        now=NOW,
    )


def test_the_window_setting_defaults_to_six_hours():
    s = setting("stale_after_hours")
    assert s.default == 6 and s.type is int and s.minimum == 1
    assert s.label == "Warn if no sync succeeds for (hours)"


def test_a_success_within_the_window_is_healthy(store):
    _run(store, NOW - timedelta(hours=5, minutes=59))
    health = _verdict(store)
    assert health.ok and not health.stale
    assert health.last_success == NOW - timedelta(hours=5, minutes=59)
    assert health.message.startswith("The last successful sync finished 5 hours ago (")
    assert health.to_json() == {
        "ok": True,
        "last_success": "2026-12-03T06:01:00Z",
        "last_status": "done",
        "message": health.message,
    }


def test_no_success_within_the_window_is_stale_and_says_what_the_latest_run_did(store):
    _run(store, NOW - timedelta(days=2, hours=3))
    _run(store, NOW - timedelta(hours=1), RunStatus.FAILED, message="eMarketeer could not be reached.")
    _run(store, NOW - timedelta(minutes=5), RunStatus.DONE, dry_run=True)  # a preview is not a sync
    _run(store, NOW - timedelta(minutes=4), RunStatus.DONE, RunMode.ONLY, trigger=Trigger.MANUAL)  # nor a send's
    health = _verdict(store)
    assert not health.ok and health.stale
    assert health.last_status == "done"  # the send's --only run was the newest real run
    assert health.message.startswith("No sync has succeeded for 2 days 3 hours (the last one finished ")
    assert health.message.endswith("; the latest run finished.")
    _run(store, NOW - timedelta(minutes=1), RunStatus.FAILED, message="eMarketeer could not be reached.")
    health = _verdict(store)
    assert health.last_status == "failed"
    assert health.message.endswith("; the latest run failed: eMarketeer could not be reached.")
    seen = runs_seen(store)
    assert seen.first is not None and seen.first.id == 1 and seen.last_success.id == 1  # previews are never first
    assert health.message.count(".") >= 1 and "\n" not in health.message


def test_never_succeeded_is_stale_and_the_window_is_the_setting(store):
    assert _verdict(store).message == "No sync has finished successfully yet."
    assert _verdict(store).to_json()["last_success"] is None
    _run(store, NOW - timedelta(hours=7))
    assert not _verdict(store, hours=6).ok
    assert _verdict(store, hours=8).ok


def test_a_sync_that_is_off_is_healthy_whatever_the_history(store):
    health = _verdict(store, sync_on=False)
    assert health.ok and health.sync_off
    assert health.message == "Legal basis sync is off (the CRM is set to None), so there is nothing to watch."


def test_no_database_yet_means_no_run_and_nothing_is_created(tmp_path):
    assert read_runs(tmp_path / "nothing") == RunsSeen(None, None)
    assert not (tmp_path / "nothing").exists()


# ---------------------------------------------------------------------------- the command (shared/CLI.md)


def _cli(data_dir, *args, **env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env.update(
        {"LEGALBASIS_SYNC_DATA_DIR": str(data_dir), "LEGALBASIS_SYNC_CRM": "onsite", "LEGALBASIS_SYNC_ENABLED": "1"},
        **env_extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "health", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_health_command_exit_codes_sentence_and_json(tmp_path):
    data_dir = tmp_path / "data"
    never = _cli(data_dir)
    assert never.returncode == 1 and never.stdout == ""
    assert never.stderr == "No sync has finished successfully yet.\n"

    now = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        _run(store, now - timedelta(hours=30), message=None)
        _run(store, now - timedelta(minutes=10), RunStatus.FAILED, message="The SuperOffice password was refused.")
    stale = _cli(data_dir, "--json")
    assert stale.returncode == 1
    body = json.loads(stale.stdout)
    assert set(body) == {"ok", "last_success", "last_status", "message"}
    assert body["ok"] is False and body["last_status"] == "failed"
    assert datetime.fromisoformat(body["last_success"].replace("Z", "+00:00")) <= now - timedelta(hours=29)
    assert body["message"].startswith("No sync has succeeded for 1 day 6 hours")
    assert body["message"].endswith("the latest run failed: The SuperOffice password was refused.")
    assert stale.stderr.strip() == body["message"] and "Traceback" not in stale.stderr

    with Store.open(data_dir) as store:
        _run(store, now - timedelta(minutes=2))
    fine = _cli(data_dir, "--json")
    assert fine.returncode == 0 and fine.stderr == ""
    assert json.loads(fine.stdout)["ok"] is True and json.loads(fine.stdout)["last_status"] == "done"
    plain = _cli(data_dir)
    assert plain.returncode == 0 and plain.stderr.startswith("The last successful sync finished 2 minutes ago")

    off = _cli(tmp_path / "empty", LEGALBASIS_SYNC_ENABLED="0")
    assert off.returncode == 0 and "is off" in off.stderr


def test_health_command_bad_configuration_is_exit_2_and_still_json(tmp_path):
    result = _cli(tmp_path / "d", "--json", LEGALBASIS_SYNC_CRM="cloud")
    assert result.returncode == 2
    assert json.loads(result.stdout)["ok"] is False
    assert "LEGALBASIS_SYNC_CRM" in json.loads(result.stdout)["message"]
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_last_success_stamped_in_the_future_is_not_taken_as_fresh(store):
    """The last success was stamped by a clock that was a day fast, and the clock has since been corrected (set back a
    day). Its age is then negative, which counted as fresh: `health` (monitoring) and the window's alarm would stay
    quiet for the whole day the clock had been fast, however the syncs since went. How long ago it was is not known,
    so it is not healthy (a clock a few seconds out either way is no matter)."""
    _run(store, NOW + timedelta(days=1))
    health = _verdict(store)
    assert not health.ok and health.stale
    assert "set back" in health.message
    _run(store, NOW + timedelta(minutes=1))
    assert _verdict(store).ok  # a newer success, a minute ahead of this clock: fresh
