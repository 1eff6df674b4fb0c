"""Home's sentences without widgets: relative times, sync on/off (R2, R7), last run, next run, R8's notice."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

from desktop_app.config import resolve_config
from desktop_app.domain.model import RunMode, RunStatus, System, Trigger
from desktop_app.ui.status_text import (
    RunFacts,
    connection_from_run,
    disagreement,
    how_far_apart,
    last_run_rows,
    next_run_text,
    relative,
    run_problem,
    sync_state,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def facts(**changes) -> RunFacts:
    base = RunFacts(
        run_id=7,
        started_at=NOW - timedelta(minutes=5),
        trigger=Trigger.SCHEDULED,
        status=RunStatus.DONE,
        dry_run=False,
        mode=RunMode.INCREMENTAL,
        matched=1200,
        changes=3,
        conflicts=0,
        errors=0,
        message=None,
    )
    return dataclasses.replace(base, **changes)


def config(**values):
    return resolve_config(values, {}, Path("/tmp/unused"))


def test_relative_times():
    assert relative(NOW - timedelta(seconds=20), NOW) == "just now"
    assert relative(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert relative(NOW + timedelta(minutes=25), NOW) == "in 25 minutes"
    assert relative(NOW - timedelta(hours=2, minutes=10), NOW) == "2 hours 10 minutes ago"
    assert relative(NOW - timedelta(days=3), NOW) == "3 days ago"


def test_sync_state_says_why_it_is_off():
    assert sync_state(config())[0] == "Legal basis sync is off"
    assert "the CRM is set to None" in sync_state(config())[1]
    off = sync_state(config(crm="onsite", enabled=False))[1]
    assert "box is not ticked" in off
    headline, detail = sync_state(config(crm="online", enabled=True, interval_minutes=15))
    assert headline == "Legal basis sync is on" and "SuperOffice Online" in detail and "15 minutes" in detail


def test_next_run_text():
    on = config(crm="onsite", enabled=True)
    assert next_run_text(None, config(), NOW, False) == "None: the sync is off."
    assert next_run_text(NOW, on, NOW, True) == "Running now."
    assert next_run_text(NOW + timedelta(minutes=25), on, NOW, False).endswith("(in 25 minutes)")


def test_last_run_rows():
    assert last_run_rows(None, NOW) == [("When", "No sync has run yet.")]
    rows = dict(last_run_rows(facts(errors=2, message="2 contacts could not be synced."), NOW))
    assert rows["Trigger"] == "Scheduled, incremental read" and rows["Status"] == "Done"
    # Changes count legal bases, contacts count contacts: two rows, not one line mixing them (issue 13).
    assert rows["Result"] == "3 changes written, 0 conflicts, 2 errors."
    assert rows["Contacts"] == "1,200 in both systems"
    assert rows["Message"] == "2 contacts could not be synced."
    skipped = dict(last_run_rows(facts(status=RunStatus.SKIPPED, mode=None), NOW))
    assert "Result" not in skipped


def test_run_problem_is_a_sentence_for_bad_runs_only():
    assert run_problem(facts()) is None
    stopped = run_problem(facts(status=RunStatus.STOPPED, message="SuperOffice could not be reached."))
    assert stopped == "The last sync stopped: SuperOffice could not be reached."
    # Home says "stopped" once, not "The last sync stopped: ... The run stopped; what was done is recorded."
    twice = run_problem(
        facts(
            status=RunStatus.STOPPED,
            message="eMarketeer refused the API key (HTTP 403): the key "
            "is wrong. The run stopped; what was done is recorded.",
        )
    )
    assert twice == "The last sync stopped: eMarketeer refused the API key (HTTP 403): the key is wrong."


def test_disagreement_notice_r8():
    assert disagreement(facts(), None, NOW) is None
    text = disagreement(facts(conflicts=2, errors=1), None, NOW)
    assert "2 conflicts and 1 contact error" in text
    preview = facts(dry_run=True, trigger=Trigger.PREVIEW, started_at=NOW - timedelta(minutes=1), changes=14)
    assert "14 differences" in disagreement(facts(), preview, NOW)
    older_preview = dataclasses.replace(preview, started_at=NOW - timedelta(hours=1))
    assert disagreement(facts(), older_preview, NOW) is None  # a sync ran since: the preview is stale


def test_held_decisions_are_not_in_step_r24():
    """A withdrawal R24 holds leaves the systems apart until a person answers: Home does not say "In step"."""
    text, disagree = how_far_apart(facts(), None, NOW, held=7)
    assert disagree and "7 legal bases are held for your review (R24)" in text and "In step" not in text
    text, disagree = how_far_apart(facts(), None, NOW, held=0)
    assert not disagree and text.startswith("In step")


def test_connections_from_a_run():
    ok = connection_from_run(System.SUPEROFFICE, facts(), None, None, NOW)
    assert ok.ok is True and ok.text.startswith("Reached by the run")
    failed = facts(status=RunStatus.STOPPED)
    bad = connection_from_run(System.EMARKETEER, failed, System.EMARKETEER, "eMarketeer refused the API key.", NOW)
    assert bad.ok is False and bad.text == "eMarketeer refused the API key."
    assert connection_from_run(System.SUPEROFFICE, failed, System.EMARKETEER, "x", NOW) is None
