"""A long Retry-After from SuperOffice Online's token endpoint, met by the headless renewal (`sync`, `send`).

SPEC R18 ("429 with or without Retry-After ... retried with backoff, honouring Retry-After") and the engine's own
rule for a wait longer than a retry waits (sync/pause.py, engine `_stop_for`): the pause is kept in the store, so
that nothing asks that vendor again before the time it gave. shared/CLI.md: `sync` and `send` run from cron or a
systemd timer every 30 minutes, and each first renews the one-hour access token with the refresh token
(sync/credentials.py), before the engine starts.

That renewal met the token endpoint's `503 Retry-After: 7200` as a sign-in error only: no pause was kept, so every
30 minutes the timer asked the token endpoint again, against SuperOffice's explicit request. What an admin loses: a
vendor ignored like that may throttle harder or block the app's client id (every SuperOffice sync and every send's
Checklist stops), and the history never says "SuperOffice asked to wait until ...", so nobody knows why.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from test_cli_online import API_KEY, REFRESH, STALE_ACCESS, _no_secret_anywhere, _run, online  # noqa: F401

from desktop_app.domain.model import RunStatus, System
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.sync.pause import ASKED_AT, NOT_BEFORE, pause_in_force

TOKEN_PATH = "/login/common/oauth/tokens"


def _token_requests(so) -> int:
    return sum(1 for r in so.requests if r.path.rstrip("/") == TOKEN_PATH)


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _throttled(so) -> None:
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))


def _expire_the_pause(data_dir) -> None:
    """Two hours and a minute on: the pause as the store would hold it once its time has passed."""
    now = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        store.set_cursors(
            {
                NOT_BEFORE[System.SUPEROFFICE]: now - timedelta(minutes=1),
                ASKED_AT[System.SUPEROFFICE]: now - timedelta(hours=2, minutes=1),
            }
        )


def test_a_long_retry_after_on_the_renewal_is_kept_and_the_next_sync_does_not_ask_before_it(monkeypatch, online):
    so, em, keyring, data_dir = online
    _throttled(so)
    before = datetime.now(timezone.utc)
    code, out, err = _run(monkeypatch, keyring, "sync", "--json")
    after = datetime.now(timezone.utc)

    # CLI.md: exit 1, the run stopped early; one sentence naming SuperOffice and the time it gave.
    assert code == 1, err
    sentence = _one_line(err)
    said = re.search(r"SuperOffice asked to wait until (?:\d{4}-\d\d-\d\d )?(\d\d:\d\d) UTC", sentence)
    assert said is not None, sentence
    assert json.loads(out)["status"] == "stopped", out
    assert _token_requests(so) >= 1

    # The history holds the pause, as an engine-run pause is held: SuperOffice's, about two hours from now.
    with Store.open(data_dir) as store:
        pause = pause_in_force(store, after)
        assert pause is not None, "the vendor's pause was not kept"
        assert pause.system is System.SUPEROFFICE
        assert before + timedelta(seconds=7200) <= pause.until <= after + timedelta(seconds=7200)
    shown = pause.until.replace(second=0, microsecond=0) + (timedelta(minutes=1) if pause.until.second else timedelta())
    assert said.group(1) == shown.strftime("%H:%M")

    # The timer, 30 minutes later (here: straight after): not one request to the token endpoint, nor anywhere else.
    so.clear_requests()
    em.clear_requests()
    code, out2, err2 = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 1, err2
    assert re.fullmatch(
        r"SuperOffice asked to wait until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC; no sync starts before then\.",
        _one_line(err2),
    ), err2
    summary = json.loads(out2)
    assert summary["status"] == "stopped" and summary["run_id"] is not None  # as any run skipped for a pause
    assert so.requests == [] and em.requests == [], [r.path for r in so.requests]
    with Store.open(data_dir) as store:
        run = store.get_run(summary["run_id"])
        assert run is not None and run.status is RunStatus.SKIPPED

    # After the time it gave: the token endpoint is asked again, and the run goes through.
    so.faults.clear()
    _expire_the_pause(data_dir)
    code, out3, err3 = _run(monkeypatch, keyring, "sync", "--json")
    assert code == 0, err3
    assert _token_requests(so) == 1 and json.loads(out3)["status"] == "done"
    _no_secret_anywhere(data_dir, [out, err, out2, err2, out3, err3], [REFRESH, STALE_ACCESS, API_KEY, *so.tokens])


def test_send_due_keeps_the_pause_too_and_asks_nothing_while_it_holds(monkeypatch, online):
    # `send --due` renews only with a send due (none due: no request, test_send_due_renewal_and_pause_time.py), so the
    # token endpoint's pause is met with one due: "due_paused", the send waits (test_pause_check_sync_send.py).
    from engine_support import T0
    from test_send_due_renewal_and_pause_time import DUE_WAITS, _store_send

    from desktop_app.domain.checklist import SendStatus

    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    send_id = _store_send(data_dir, datetime.now(timezone.utc) - timedelta(minutes=1))
    _throttled(so)
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 1, err
    assert DUE_WAITS.fullmatch(_one_line(err)), err
    with Store.open(data_dir) as store:
        pause = pause_in_force(store, datetime.now(timezone.utc))
        assert pause is not None and pause.system is System.SUPEROFFICE

    so.clear_requests()
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert "Traceback" not in err
    assert _token_requests(so) == 0, "send --due asked the token endpoint during SuperOffice's pause"
    # And a sync the same minute, as cron runs both.
    code, out, err = _run(monkeypatch, keyring, "sync")
    assert code == 1 and "SuperOffice asked to wait until" in _one_line(err)
    assert so.requests == []

    so.faults.clear()
    _expire_the_pause(data_dir)
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 0, err
    assert _token_requests(so) == 1
    with Store.open(data_dir) as store:
        record = store.get_send(send_id)
        assert record is not None and record.status is SendStatus.SENT
