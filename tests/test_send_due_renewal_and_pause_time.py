"""`send --due` from the OS scheduler (shared/CLI.md: cron or Task Scheduler every few minutes): SuperOffice Online's
sign-in is renewed only for a send that goes, and a vendor's pause that stops a send's sync says when it goes.

1. SPEC R19 and the api notes: SuperOffice Online's access token is renewed at the token endpoint with the refresh
   token (sync/credentials.py), which may rotate the refresh token and may answer 429/503 with a long Retry-After.
   `send --due` renewed it on every run, with no send due too: run every five minutes, 288 token requests a day for
   nothing, each a chance of a needless refresh-token rotation or of being throttled (R18: then SuperOffice asks for a
   pause that keeps every sync and send waiting). An admin loses syncs and sends to a renewal that had no use.
2. A 429/503 with a long Retry-After during the send-time sync is kept as a pause (sync/pause.py); the due send
   stays scheduled, no attempt is counted, and the first `send --due` after the pause sends it (sending/due.py).
   `send --due` said only "the run stopped and will resume after that; nothing was sent": an admin did not learn
   when the send (a campaign with a date) will go, nor that nothing more is needed from them.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from engine_support import T0
from test_cli_online import STALE_ACCESS, _run, _saved, online  # noqa: F401

from desktop_app.domain.checklist import Channel
from desktop_app.domain.messages import Message
from desktop_app.domain.model import System
from desktop_app.secrets import SUPEROFFICE_TOKEN
from desktop_app.sending.service import SendStatus
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.sync.pause import ASKED_AT, NOT_BEFORE, pause_in_force

TOKEN_PATH = "/login/common/oauth/tokens"
DUE_WAITS = re.compile(
    r"SuperOffice asked to wait until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC, so no scheduled send was sent \(1 due\); "
    r"they stay scheduled, and the first send --due after that time sends them, each after a fresh sync\."
)


def _token_requests(so) -> int:
    return sum(1 for r in so.requests if r.path.rstrip("/") == TOKEN_PATH)


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def _store_send(data_dir, at: datetime, to: str = "bo@example.se") -> int:
    """A send scheduled for `at` (in the past: due now), as `send --at` keeps it, without a renewal of its own."""
    with Store.open(data_dir) as store:
        return store.create_send(
            Channel.EMAIL,
            1001,
            Message.of("source_given").english(),
            (to,),
            source_said=Message.of("source_given"),
            status=SendStatus.SCHEDULED,
            scheduled_at=at,
        )


# ---------------------------------------------------------------- 1. no send due: no renewal


def test_send_due_with_no_send_due_asks_the_token_endpoint_nothing(monkeypatch, online):
    so, em, keyring, data_dir = online
    now = datetime.now(timezone.utc)
    _store_send(data_dir, now + timedelta(days=1))  # scheduled, not due yet
    so.clear_requests()
    em.clear_requests()

    for _ in range(3):  # cron, every few minutes
        code, out, err = _run(monkeypatch, keyring, "send", "--due")
        assert (code, out, err) == (0, "No scheduled send is due.\n", "")
    code, out, err = _run(monkeypatch, keyring, "send", "--due", "--json")
    assert code == 0 and json.loads(out) == {"sends": []}, err

    assert _token_requests(so) == 0, "send --due renewed the sign-in with no send due"
    assert so.requests == [] and em.requests == []
    assert _saved(keyring, SUPEROFFICE_TOKEN) == STALE_ACCESS  # nothing renewed, nothing rotated

    # A send falls due: one renewal, one fresh sync, and it goes.
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    send_id = _store_send(data_dir, now - timedelta(minutes=1))
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 0, err
    assert _token_requests(so) == 1
    assert out.startswith(f"Send {send_id} (due ") and [a.casefold() for a in em.sent_addresses()] == ["bo@example.se"]


def test_the_token_endpoints_pause_is_met_only_with_a_send_due_and_then_says_when_it_goes(monkeypatch, online):
    so, em, keyring, data_dir = online
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))
    so.clear_requests()

    # Nothing due: the token endpoint is not asked, so it asks for no pause, and nothing is said about one.
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert (code, out, err) == (0, "No scheduled send is due.\n", "")
    assert so.requests == []
    with Store.open(data_dir) as store:
        assert pause_in_force(store, datetime.now(timezone.utc)) is None

    # A send due: the renewal meets the pause, which is kept; the send is not sent and the sentence says when it goes.
    send_id = _store_send(data_dir, datetime.now(timezone.utc) - timedelta(minutes=1))
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 1 and _token_requests(so) >= 1
    assert DUE_WAITS.fullmatch(_one_line(err)), err
    so.clear_requests()
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 1 and so.requests == [] and DUE_WAITS.fullmatch(_one_line(err)), err
    assert em.sent == []
    with Store.open(data_dir) as store:
        record = store.get_send(send_id)
        assert record is not None and record.status is SendStatus.SCHEDULED and record.attempts == 0


# ---------------------------------------------------------------- 2. a pause stops the send-time sync: when it goes


def test_a_pause_that_stops_the_send_time_sync_says_the_send_stays_scheduled_and_when_it_goes(monkeypatch, online):
    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    send_id = _store_send(data_dir, datetime.now(timezone.utc) - timedelta(minutes=1))
    # eMarketeer asks for two hours' rest while the send-time sync reads it (after the renewal, partway).
    em.faults.add(Fault("status", status=503, retry_after=7200, times=-1, method="GET"))

    code, out, err = _run(monkeypatch, keyring, "send", "--due", "--json")

    assert code == 1 and _token_requests(so) == 1
    line = _one_line(err)
    with Store.open(data_dir) as store:
        now = datetime.now(timezone.utc)
        pause = pause_in_force(store, now)
        assert pause is not None and pause.system is System.EMARKETEER
        record = store.get_send(send_id)
        assert record is not None and record.status is SendStatus.SCHEDULED and record.attempts == 0
    said = (
        f"Send {send_id} stays scheduled and nothing was sent: eMarketeer asked to wait until "
        f"{pause.shown_time(now)} UTC, which stopped its send-time sync; it goes after that time, after a fresh sync."
    )
    assert line.endswith(": " + said), line
    assert "will resume" not in line
    [result] = json.loads(out)["sends"]
    assert result["send_id"] == send_id and result["status"] == "scheduled" and result["message"] == said
    assert em.sent == []

    # As said: after that time, the first `send --due` sends it.
    em.faults.clear()
    later = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        store.set_cursors(
            {
                NOT_BEFORE[System.EMARKETEER]: later - timedelta(minutes=1),
                ASKED_AT[System.EMARKETEER]: later - timedelta(hours=2, minutes=1),
            }
        )
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 0, err
    assert [a.casefold() for a in em.sent_addresses()] == ["bo@example.se"]
