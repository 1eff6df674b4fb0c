"""Untrusted change times never steer a run (issue 9 point 1; SPEC R4, R14, R17, R21).

One consent with a change time far in the future (a typo, a bad import) sits in each system. It is
on the error list (R17) and nothing else: it never moves a cursor, never starts a re-read window and
never decides anything. A change made elsewhere afterwards is seen by the incremental run, by R14's
re-read (many targets in one chunk), by the `--only` path below and above its bulk threshold and by
a send, and a recipient who just withdrew is not sent to.

Cursors follow R21: each system's own time (its Date header) when the previous read began.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop_app.domain.checklist import Channel, Exclusion
from desktop_app.domain.model import RunMode, RunStatus, System, Trigger
from desktop_app.sending import SendRequest, SendService
from desktop_app.store import DecisionStatus
from desktop_app.sync.engine import (
    CURSOR_EM_CONSENT,
    CURSOR_EM_CONTACT,
    CURSOR_SO_CONSENT,
    CURSOR_SO_EMAIL,
    EngineSettings,
    SyncOptions,
    next_cursor,
)

CURSORS = (CURSOR_SO_CONSENT, CURSOR_SO_EMAIL, CURSOR_EM_CONSENT, CURSOR_EM_CONTACT)
MARKETING = "Marketing sendouts"
FAR = timedelta(days=400)


def _people(world, n: int, prefix: str = "p") -> list[str]:
    emails = [f"{prefix}{i:03d}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    return emails


def _future_rows(world) -> None:
    """One consent dated far in the future in each system, on contacts of their own."""
    pid = world.so_person("typo-so@example.se", STORE="61A")
    world.so.set_consent(pid, "EMARKETING", "61A", at=world.now() + FAR)
    world.em_contact("typo-so@example.se", store="Consent", marketing="Consent")
    world.so_person("typo-em@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("typo-em@example.se", store="Consent")
    world.em.add_consent("typo-em@example.se", MARKETING, "Consent", created_at=world.now() + FAR)


def _setup(world, n: int = 12) -> list[str]:
    """Contacts in step, the future rows, one full run (the future rows go on its error list)."""
    emails = _people(world, n)
    _future_rows(world)
    world.advance(3600)
    full = world.sync()
    assert full.status is RunStatus.DONE and full.mode is RunMode.FULL
    assert {e.email for e in full.errors} >= {"typo-so@example.se", "typo-em@example.se"}
    return emails


def _cursors(world) -> dict:
    store = world.store()
    return {name: store.get_cursor(name) for name in CURSORS}


def _withdraw_in_superoffice(world, email: str) -> None:
    world.so.set_consent(world.so_person_id(email), "EMARKETING", "WITHDRAWN")


def _withdraw_in_emarketeer(world, email: str) -> None:
    world.em.add_consent(email, MARKETING, "Withdrawn", source_name="Unsubscribe link")


# ------------------------------------------------------------------ R21: cursors


def test_r21_cursors_are_each_systems_own_date_when_the_read_began_never_a_future_row(world):
    _setup(world)
    read_began = world.now()  # both simulators' clocks are frozen: their Date headers say this
    cursors = _cursors(world)
    assert all(value is not None for value in cursors.values()), cursors
    assert all(value <= read_began for value in cursors.values()), cursors
    assert all(value >= read_began - timedelta(seconds=1) for value in cursors.values()), cursors


def test_r21_each_system_keeps_its_own_clock(world):
    """eMarketeer's clock runs an hour behind SuperOffice's: each cursor is its own system's time."""
    _people(world, 3)
    world.em_clock.advance(-3600)
    world.advance(7200)
    assert world.sync().status is RunStatus.DONE
    cursors = _cursors(world)
    assert cursors[CURSOR_SO_CONSENT] == cursors[CURSOR_SO_EMAIL] == world.so_clock.now()
    assert cursors[CURSOR_EM_CONSENT] == cursors[CURSOR_EM_CONTACT] == world.em_clock.now()


def test_r21_a_cursor_left_in_the_future_by_an_older_version_is_capped_by_the_systems_own_now(world):
    emails = _people(world, 4)
    world.advance(3600)
    assert world.sync().status is RunStatus.DONE
    store = world.store()
    for name in CURSORS:
        store.set_cursor(name, world.now() + FAR)
    world.advance(3600)
    _withdraw_in_superoffice(world, emails[1])
    _withdraw_in_emarketeer(world, emails[2])
    inc = world.sync()
    assert inc.mode is RunMode.INCREMENTAL and inc.status is RunStatus.DONE
    assert world.em_value(emails[1], MARKETING) == "Withdrawn"
    assert world.so_value(world.so_person_id(emails[2]), "EMARKETING") == "WITHDRAWN"
    assert all(value <= world.now() for value in _cursors(world).values())


@pytest.mark.parametrize(
    "began, newest, now, expected",
    [
        # The Date when the read began, capped by nothing later: a change seen during the read does not move it
        # past that Date (a paged read may have passed an earlier change made during it).
        ("12:00", "12:03", "12:05", "12:00"),
        ("12:00", "11:50", "12:05", "12:00"),
        ("12:00", None, "12:05", "12:00"),
        # No Date header at all: the newest trusted change, never past the local now.
        (None, "11:50", "12:05", "11:50"),
        (None, "13:00", "12:05", "12:05"),
        (None, None, "12:05", None),
    ],
)
def test_r21_next_cursor(began, newest, now, expected):
    def t(text):
        return None if text is None else datetime.fromisoformat(f"2026-06-01T{text}:00+00:00")

    assert next_cursor(t(began), t(newest), t(now)) == t(expected)


# ------------------------------------------------------------------ the incremental run


def test_incremental_run_sees_changes_after_a_future_dated_row_in_each_system(world):
    emails = _setup(world)
    world.advance(3600)
    _withdraw_in_superoffice(world, emails[3])
    _withdraw_in_emarketeer(world, emails[4])
    inc = world.sync()
    assert inc.mode is RunMode.INCREMENTAL and inc.status is RunStatus.DONE
    assert {(c.email, c.target) for c in inc.changes} == {
        (emails[3], System.EMARKETEER),
        (emails[4], System.SUPEROFFICE),
    }
    assert world.em_value(emails[3], MARKETING) == "Withdrawn"
    assert world.so_value(world.so_person_id(emails[4]), "EMARKETING") == "WITHDRAWN"
    # And again, a run later: the cursors were not pushed into the future by the first incremental run.
    world.advance(3600)
    _withdraw_in_superoffice(world, emails[5])
    again = world.sync()
    assert again.mode is RunMode.INCREMENTAL
    assert [(c.email, c.target) for c in again.changes] == [(emails[5], System.EMARKETEER)]


def test_r17_the_future_row_is_an_error_and_decides_nothing(world):
    _setup(world)
    world.advance(3600)
    inc = world.sync(mode=RunMode.FULL)
    reasons = {e.email: e.reason for e in inc.errors}
    assert "in the future" in reasons["typo-so@example.se"]
    assert "in the future" in reasons["typo-em@example.se"]
    assert not [c for c in inc.changes if c.email.startswith("typo-")]


# ------------------------------------------------------------------ R14: the re-read before a write


@pytest.mark.parametrize("mode", [RunMode.FULL, RunMode.INCREMENTAL])
def test_r14_reread_of_many_targets_sees_a_withdrawal_made_during_the_run(world, mode):
    emails = _setup(world)
    world.advance(3600)
    targets = emails[:8]
    for email in targets:  # eight eMarketeer targets in one chunk (the batched re-read): Contract to be written
        world.so.set_consent(world.so_person_id(email), "EMARKETING", "61B")
    world.advance(600)
    moved = []

    def meddle(progress):
        if progress.phase == "planning" and not moved:  # read, planned, not yet written: someone unsubscribes
            world.em_clock.advance(300)
            _withdraw_in_emarketeer(world, targets[2])
            moved.append(True)

    summary = world.sync(mode=mode, progress=meddle)
    assert moved and summary.status is RunStatus.DONE and summary.mode is mode
    # The withdrawal made during the run was seen (R14) and is the later change (R5): never overwritten.
    assert world.em_value(targets[2], MARKETING) == "Withdrawn"
    assert world.so_value(world.so_person_id(targets[2]), "EMARKETING") == "WITHDRAWN"
    for email in targets[:2] + targets[3:]:
        assert world.em_value(email, MARKETING) == "Contract"
    superseded = [d.email for d in world.store().decisions(summary.run_id) if d.status is DecisionStatus.SUPERSEDED]
    assert superseded == [targets[2]]


# ------------------------------------------------------------------ --only, below and above its bulk threshold


@pytest.mark.parametrize("bulk_from", [1000, 5], ids=["direct", "bulk"])
def test_only_run_sees_a_withdrawal_after_a_future_dated_row(world, bulk_from):
    emails = _setup(world)
    world.advance(3600)
    _withdraw_in_superoffice(world, emails[6])
    _withdraw_in_emarketeer(world, emails[7])
    scope = tuple(emails) + ("typo-so@example.se", "typo-em@example.se")
    engine = world.engine(settings=EngineSettings(only_bulk_from=bulk_from))
    summary = engine.run(SyncOptions(only=scope, trigger=Trigger.SEND))
    assert summary.status is RunStatus.DONE and summary.mode is RunMode.ONLY
    assert world.em_value(emails[6], MARKETING) == "Withdrawn"
    assert world.so_value(world.so_person_id(emails[7]), "EMARKETING") == "WITHDRAWN"
    assert {e.email for e in summary.errors} >= {"typo-so@example.se", "typo-em@example.se"}


# ------------------------------------------------------------------ a send (R4)


@pytest.mark.parametrize("n", [6, 60], ids=["direct", "bulk"])
def test_a_send_after_a_future_dated_row_never_reaches_a_contact_who_just_withdrew(world, n):
    emails = _setup(world, n)
    world.advance(3600)
    _withdraw_in_superoffice(world, emails[1])
    _withdraw_in_emarketeer(world, emails[2])
    world.advance(60)
    so, em = world.connectors()
    svc = SendService(world.store(), world.data_dir, so, em, clock=world.now)
    typos = ("typo-so@example.se", "typo-em@example.se")
    prepared = svc.prepare(SendRequest(Channel.EMAIL, 1001, tuple(emails) + typos, "pasted", None))
    excluded = {line.given: line.exclusion for line in prepared.checklist.excluded}
    # The future-dated values cannot be trusted to say anything (R17): those two are not sent to either.
    assert excluded == {
        emails[1]: Exclusion.MARKETING_WITHDRAWN,
        emails[2]: Exclusion.MARKETING_WITHDRAWN,
        typos[0]: Exclusion.NOT_CHECKED,
        typos[1]: Exclusion.NOT_CHECKED,
    }
    svc.launch(prepared)
    sent = {a.lower() for a in world.em.sent_addresses()}
    assert sent == set(emails) - {emails[1], emails[2]}
    assert world.em_value(emails[1], MARKETING) == "Withdrawn"


# ------------------------------------------------------------------ issue 11 point 2: cost after a big full run


def test_an_incremental_run_after_a_full_run_that_wrote_500_values_costs_changes_plus_20_requests(world):
    for i in range(250):  # SuperOffice only has marketing: written to eMarketeer
        world.so_person(f"s{i:03d}@example.se", STORE="61A", EMARKETING="61A")
        world.em_contact(f"s{i:03d}@example.se", store="Consent")
    for i in range(250):  # eMarketeer only has marketing: written to SuperOffice
        world.so_person(f"e{i:03d}@example.se", STORE="61A")
        world.em_contact(f"e{i:03d}@example.se", store="Consent", marketing="Consent")
    world.advance(3600)
    full = world.engine().run(SyncOptions(allow_mass_change=True))  # 500 writes: past the brake (R23) on purpose
    assert full.mode is RunMode.FULL and len(full.changes) == 500
    world.advance(600)
    changed = [f"s{i:03d}@example.se" for i in range(5)] + [f"e{i:03d}@example.se" for i in range(5)]
    for email in changed[:5]:
        _withdraw_in_superoffice(world, email)
    for email in changed[5:]:
        _withdraw_in_emarketeer(world, email)
    world.advance(60)
    inc = world.sync()
    assert inc.mode is RunMode.INCREMENTAL and inc.status is RunStatus.DONE
    assert sorted(c.email for c in inc.changes) == sorted(changed)
    requests = inc.requests_superoffice + inc.requests_emarketeer
    assert requests <= len(changed) + 20, (inc.requests_superoffice, inc.requests_emarketeer)


# ------------------------------------------------------------------ a Date header missing or not to be believed


@pytest.mark.parametrize("date_skew", [None, timedelta(days=365)], ids=["no-date-header", "date-a-year-ahead"])
def test_without_a_believable_date_the_cursor_is_the_newest_trusted_change_never_a_future_one(world, date_skew):
    world.so.date_skew = world.em.date_skew = date_skew
    emails = _setup(world)
    cursors = _cursors(world)
    assert all(value is not None and value <= world.now() for value in cursors.values()), cursors
    world.advance(3600)
    _withdraw_in_superoffice(world, emails[3])
    _withdraw_in_emarketeer(world, emails[4])
    inc = world.sync()
    assert inc.mode is RunMode.INCREMENTAL and inc.status is RunStatus.DONE
    assert {(c.email, c.target) for c in inc.changes} == {
        (emails[3], System.EMARKETEER),
        (emails[4], System.SUPEROFFICE),
    }
