"""A vendor's pause recorded by a clock that was fast, after the clock is set back (the neighbour of 450db24's fix)."""

from __future__ import annotations

from datetime import timedelta

from engine_support import FakeClock

from desktop_app.domain.model import RunStatus
from desktop_app.simulators import Fault
from desktop_app.sync.engine import SyncEngine, SyncOptions


def test_a_one_hour_pause_recorded_by_a_fast_clock_does_not_stop_runs_for_a_day_after_the_clock_is_corrected(world):
    """SPEC R3 (a sync every 30 minutes and at every send), R18 (honour Retry-After, the next run completes the work)
    and 450db24's own fix: "A clock set back a day pushed the next scheduled run a day out ... a last run in the future
    now counts from now" (scheduler.py ~line 131, `min(last.started_at, now)`).

    The same fault one step away: a vendor's long Retry-After is kept as an absolute time on this machine's clock
    (engine.py ~line 1296, `until = now + retry_after`; pause.py `pause_in_force` compares it with now as it is).
    The machine's clock was a day fast when SuperOffice answered 429 with `Retry-After: 3600`; the clock is then
    corrected. Two real hours later the vendor's hour is long over, yet every run - scheduled, headless `sync`, a
    send's Checklist sync (sending/service.py ~line 807/871) - is still skipped as "waiting until" a time 23 hours
    away, and the scheduler (scheduler.py ~line 140) arms for it. No pause can be longer than LONGEST_PAUSE (one
    day, errors.py) from the moment it was asked: one further ahead than that was stamped by a clock since set back.
    An admin loses a day of syncs and sends; a withdrawal made meanwhile is not carried before a send (R4)."""
    world.so_person("anna@example.se", EMARKETING="61A")
    world.em_contact("anna@example.se", marketing="Consent")
    clock = FakeClock(world.now() + timedelta(days=1))  # this machine's clock, a day fast

    def run():
        so, em = world.connectors()
        return SyncEngine(world.data_dir, world.store(), so, em, world.settings, clock=clock).run(SyncOptions())

    world.so.faults.add(Fault("status", status=429, retry_after=3600, times=-1))
    first = run()
    assert first.status is RunStatus.STOPPED, (first.status, first.message)  # precondition: the vendor asked to wait
    world.so.faults.clear()

    clock.now -= timedelta(days=1)  # the clock is corrected (NTP)
    clock.advance(hours=2)
    world.advance(2 * 3600)
    later = run()
    assert later.status is not RunStatus.SKIPPED, f"two hours after a one-hour Retry-After: {later.message}"
