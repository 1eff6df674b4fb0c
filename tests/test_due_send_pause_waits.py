"""Due sends while a vendor's pause is in force: none is tried before its end, in the window or in `send --due`.

SPEC R18/R10 and the api notes: a 429/503 with a long Retry-After is the vendor asking to be left alone until then;
the app keeps that time in the history (sync/pause.py) and no run, send or sign-in asks that vendor anything before
it. A due send stays scheduled, no attempt is counted, and the first look after the pause sends it (sending/due.py).

1. The window: a pause that stopped a due send's sync left the send "ready" (no attempt counted, so no rest), and
   the check for due sends started it again at once, again and again: each time a skipped run in the History and a
   notice "... It is tried again in 5 minutes." (false: nothing goes before the pause ends). A data-protection
   officer reading History finds dozens of runs that never were; an admin is told a wrong time.
2. `send --due` with several sends due: after a pause stopped the first, each of the others was still started and
   wrote a skipped run to the History (no request, but a row per send per cron run).
3. A long Retry-After while reading the eMarketeer list of a list-based due send was not kept as a pause: counted as
   a failed attempt, eMarketeer asked again five minutes later despite its request, and after three attempts the
   send was held for a person (a campaign with a date silently not sent until someone presses Send now).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from engine_support import T0, FakeClock
from test_cli_online import _run, online  # noqa: F401
from test_ui_send import TIMEOUT_MS, demo, open_window, seed_recipients  # noqa: F401

from desktop_app.domain.checklist import Channel
from desktop_app.domain.messages import Message
from desktop_app.domain.model import RunStatus, System, Trigger
from desktop_app.sending import SendRequest, SendService
from desktop_app.sending.service import SendStatus
from desktop_app.simulators import Fault
from desktop_app.store import Store
from desktop_app.sync.pause import ASKED_AT, NOT_BEFORE, pause_in_force

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


def _store_send(data_dir, at: datetime, to: str = "bo@example.se", list_id: int | None = None) -> int:
    """A send scheduled for `at` (in the past: due now), as `send --at` keeps it."""
    with Store.open(data_dir) as store:
        return store.create_send(
            Channel.EMAIL,
            1001,
            Message.of("source_given").english(),
            (to,) if list_id is None else (),
            source_said=Message.of("source_given"),
            status=SendStatus.SCHEDULED,
            scheduled_at=at,
            list_id=list_id,
        )


def _send_runs(data_dir) -> list:
    with Store.open(data_dir) as store:
        return [r for r in store.runs(None) if r.trigger is Trigger.SEND]


def _end_pause(data_dir, now: datetime) -> None:
    with Store.open(data_dir) as store:
        store.set_cursors(
            {
                NOT_BEFORE[System.EMARKETEER]: now - timedelta(minutes=1),
                ASKED_AT[System.EMARKETEER]: now - timedelta(hours=2, minutes=1),
            }
        )


# ---------------------------------------------------------------- 1. the window


def test_the_window_does_not_retry_a_due_send_during_a_pause_and_says_when_it_goes(qtbot, open_window, demo):
    seed_recipients(demo)
    clock = FakeClock(datetime.now(timezone.utc))
    with Store.open(demo.data_dir) as store:
        send_id = SendService(store, demo.data_dir, None, None, clock=clock).schedule(
            SendRequest(Channel.EMAIL, 1001, ("allowed@send.test",), "pasted"), clock() + timedelta(hours=1)
        )
    window = open_window(clock=clock)
    finished: list = []
    notices: list[str] = []
    window.send.send_finished.connect(finished.append)
    window.send.notify = lambda text, error: notices.append(text)
    # eMarketeer asks for two hours' rest while the due send's sync reads it.
    demo.emarketeer.faults.add(Fault("status", status=503, retry_after=7200, times=-1, method="GET"))
    clock.advance(hours=1, minutes=1)

    window.send.timer.timeout.emit()
    qtbot.waitUntil(lambda: len(finished) >= 1, timeout=TIMEOUT_MS)
    qtbot.wait(1500)  # the window's own looks for due sends, meanwhile
    window.send.timer.timeout.emit()  # the 30 s timer, during the pause
    qtbot.wait(500)

    assert finished == [None] and len(notices) == 1, notices  # tried once, said once
    # At most the sync the vendor stopped, and no skipped runs after it. The Send tab's contact lists may meet the
    # pause first and keep it (SendService.contact_lists): then the due send is not started at all, and no run.
    runs = _send_runs(demo.data_dir)
    assert len(runs) <= 1 and all(run.status is RunStatus.STOPPED for run in runs), runs
    with Store.open(demo.data_dir) as store:
        pause = pause_in_force(store, clock())
        record = store.get_send(send_id)
    assert pause is not None and record is not None
    assert record.status is SendStatus.SCHEDULED and record.attempts == 0
    said = window.send_view.scheduled_label.text()
    assert f"asked to wait until {pause.shown_time(clock())} UTC" in said and "tried again in" not in said, said
    # Its row says it waits, and for whom, not "Due: sending after a fresh sync".
    state = window.send_view.scheduled_box.table.item(0, 3).text()
    assert state == f"Waits for eMarketeer ({pause.shown_time(clock())} UTC)", state
    assert demo.emarketeer.sent_calls() == []

    # After the pause's end, the next look sends it, after a fresh sync.
    demo.emarketeer.faults.clear()
    clock.advance(hours=2, minutes=1)
    with qtbot.waitSignal(window.send.send_finished, timeout=TIMEOUT_MS) as sent:
        window.send.timer.timeout.emit()
    assert sent.args[0] is not None and sent.args[0].accepted == ("allowed@send.test",)


# ---------------------------------------------------------------- 2. several due sends in one `send --due`


def test_after_a_pause_stops_one_due_send_the_others_wait_without_a_run_each(monkeypatch, online):
    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    now = datetime.now(timezone.utc)
    first = _store_send(data_dir, now - timedelta(minutes=3))
    others = [_store_send(data_dir, now - timedelta(minutes=2)), _store_send(data_dir, now - timedelta(minutes=1))]
    em.faults.add(Fault("status", status=503, retry_after=7200, times=-1, method="GET"))

    code, out, err = _run(monkeypatch, keyring, "send", "--due", "--json")

    assert code == 1 and "Traceback" not in err
    [run] = _send_runs(data_dir)  # the first's sync, stopped by the pause; none for the others
    assert run.status is RunStatus.STOPPED
    results = {r["send_id"]: r for r in json.loads(out)["sends"]}
    with Store.open(data_dir) as store:
        pause = pause_in_force(store, datetime.now(timezone.utc))
        assert pause is not None
        for send_id in [first, *others]:
            record = store.get_send(send_id)
            assert record is not None and record.status is SendStatus.SCHEDULED and record.attempts == 0
        # What `send --list-scheduled` shows for the first: the pause and when it goes, not "Last attempt failed"
        # (no attempt was counted) with the run's "will resume after that".
        note = store.get_send(first).message
        assert note is not None and "asked to wait until" in note and "Last attempt failed" not in note, note
    assert f"asked to wait until {pause.shown_time(datetime.now(timezone.utc))} UTC" in results[first]["message"]
    for send_id in others:
        assert results[send_id]["status"] == "scheduled"
        assert results[send_id]["message"].startswith(f"Send {send_id} stays scheduled and nothing was sent")
    assert em.sent == []


# ---------------------------------------------------------------- 3. a pause while reading the list


def test_a_long_retry_after_while_reading_a_due_sends_list_is_kept_as_a_pause(monkeypatch, online):
    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    list_id = em.add_list("Newsletter", ["bo@example.se"])
    send_id = _store_send(data_dir, datetime.now(timezone.utc) - timedelta(minutes=1), list_id=list_id)
    em.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=f"/lists/{list_id}"))

    code, out, err = _run(monkeypatch, keyring, "send", "--due")

    assert code == 1 and "Traceback" not in err
    with Store.open(data_dir) as store:
        now = datetime.now(timezone.utc)
        pause = pause_in_force(store, now)
        record = store.get_send(send_id)
    assert pause is not None and pause.system is System.EMARKETEER  # kept: no one asks eMarketeer before its end
    assert record is not None and record.status is SendStatus.SCHEDULED and record.attempts == 0 and not record.held
    assert f"eMarketeer asked to wait until {pause.shown_time(now)} UTC" in err, err

    # Five minutes on (the rest after a failed attempt), eMarketeer is not asked again: the pause holds.
    em.clear_requests()
    for _ in range(3):
        code, out, err = _run(monkeypatch, keyring, "send", "--due")
        assert code == 1 and "Traceback" not in err
    assert em.requests == []
    with Store.open(data_dir) as store:
        record = store.get_send(send_id)
    assert record is not None and record.attempts == 0 and not record.held

    # After its end the first `send --due` reads the list and sends.
    em.faults.clear()
    _end_pause(data_dir, datetime.now(timezone.utc))
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 0, err
    assert [a.casefold() for a in em.sent_addresses()] == ["bo@example.se"]
