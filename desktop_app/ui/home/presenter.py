"""The Home tab's presenter: the sync's state, the last run, how far apart the systems are, both connections.

Qt-free: it reads the last runs through a callable (quick indexed queries on the window's store),
keeps what Home shows (the connections' states, the last problem) and tells its passive view
(home/view.py) what to show through `HomeViewLike`. The main window only forwards the runner's
and the settings' events to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from ...config import CRM_NONE, AppConfig
from ...connectors.errors import ConnectorError
from ...domain.messages import error_text
from ...domain.model import RunStatus, System
from ...i18n import translate
from ...store import StoreError
from ...sync.counted import decision_counts
from ...sync.health import Health, RunsSeen, assess
from ..status_text import (
    ConnectionState,
    RunFacts,
    connection_from_run,
    how_far_apart,
    last_run_rows,
    next_run_text,
    off_reason,
    problem_message,
    run_problem,
    sync_state,
    tested_text,
    unknown_connection,
)

log = logging.getLogger(__name__)


class HomeViewLike(Protocol):
    def show_sync_state(self, headline: str, detail: str, on: bool) -> None: ...
    def show_next_run(self, text: str) -> None: ...
    def show_last_run(self, rows: Sequence[tuple[str, str]]) -> None: ...
    def show_problem(self, text: str | None) -> None: ...
    def show_distance(self, text: str, disagree: bool) -> None: ...
    def show_connection(self, state: ConnectionState) -> None: ...
    def show_busy(self, busy: bool, *, can_sync: bool, can_preview: bool, sync_off_reason: str | None) -> None: ...
    def show_stale(self, text: str | None) -> None: ...


def run_facts(summary) -> RunFacts:
    """A just-finished run's RunSummary as the facts Home's sentences are made from."""
    return RunFacts(
        summary.run_id,
        summary.started_at,
        summary.trigger,
        summary.status,
        summary.dry_run,
        summary.mode,
        summary.matched,
        decision_counts(summary).changes,
        decision_counts(summary).conflicts,
        len(summary.errors),
        summary.message,
        getattr(summary, "said", None),
    )


class HomePresenter:
    """`read_runs()` gives (last real sync, last preview, newest run of any kind) or raises StoreError;
    `last_attempt()` the newest run that was not skipped; `busy()` whether a run goes; `next_run_at()` the
    scheduler's next run."""

    def __init__(
        self,
        view: HomeViewLike,
        config: AppConfig,
        *,
        read_runs: Callable[[], tuple],
        last_attempt: Callable[[], object],
        busy: Callable[[], bool],
        next_run_at: Callable[[], datetime | None],
        clock: Callable[[], datetime],
        read_health: Callable[[], RunsSeen] | None = None,
        stale_noticed: Callable[[str], None] | None = None,
        read_held: Callable[[], int] | None = None,
    ) -> None:
        self.view = view
        self.config = config
        self.read_runs = read_runs
        self.last_attempt = last_attempt
        self.busy = busy
        self.next_run_at = next_run_at
        self.clock = clock
        self.last_failure: str | None = None  # the last run's (or start's) problem, until the next run starts
        self.connections: dict[System, ConnectionState] = {s: unknown_connection(s) for s in System}
        self.runs: tuple | None = None  # what refresh() read last: (last sync, last preview, newest run)
        self.read_held = read_held  # R24: how many decisions wait for a person (the systems differ there)
        self.held = 0
        # Issue 14: the stale-sync alarm. `read_health` gives what sync.health judges from; `stale_noticed(sentence)`
        # is told once when the sync goes stale (the tray's notice), and again only after a success in between.
        self.read_health = read_health
        self.stale_noticed = stale_noticed
        self.seen: RunsSeen | None = None
        self.health: Health | None = None
        self._stale_told = False
        # When the sync was switched on in this window (None: on since it opened). A month switched off is not a
        # month of stall: the alarm counts from here when that is later than the last success (issue 14). The Apply
        # saves the moment too (store.switched_on_at, in `seen`), for `health` and a window opened later.
        self.on_since: datetime | None = None

    @property
    def stale_window(self) -> timedelta:
        return timedelta(hours=self.config.stale_after_hours)

    # ------------------------------------------------------------------ what happened

    def set_config(self, config: AppConfig) -> None:
        if config.sync_on and not self.config.sync_on:
            self.on_since = self.clock()  # switched (back) on: the stall alarm counts from now
        self.config = config
        self.last_failure = None
        self.refresh()

    def connections_from_history(self) -> None:
        """At start: both connections as the last run that was not skipped left them."""
        try:
            last = self.last_attempt()
        except StoreError as exc:
            log.warning("Could not read the last run: %s", exc)
            return
        if last is None:
            return
        facts = RunFacts.from_record(last)
        for system in System:
            state = connection_from_run(system, facts, None, None, self.clock())
            if state is not None:
                self.connections[system] = state

    def run_finished(self, summary) -> str | None:
        """Take in a finished run: the connections it proved or broke, and its problem (returned, to notify)."""
        facts = run_facts(summary)
        fatal = summary.fatal
        fatal_system = fatal.system if isinstance(fatal, ConnectorError) and isinstance(fatal.system, System) else None
        for system in System:
            state = connection_from_run(
                system, facts, fatal_system, error_text(fatal) if fatal is not None else None, self.clock()
            )
            if state is not None:
                self.connections[system] = state
        self.last_failure = run_problem(facts)
        return self.last_failure

    def run_failed(self, message: str) -> None:
        self.last_failure = message

    def say_problem(self, text: str) -> None:
        """A run that could not start: said on Home at once."""
        self.last_failure = text
        self.view.show_problem(text)

    def run_starting(self) -> None:
        self.last_failure = None
        self.view.show_problem(None)

    def connection_tested(self, system: System, ok: bool, text: str) -> None:
        now = self.clock()
        # Home keeps it short; the full sentence (what was found) stays on the Settings tab.
        self.connections[system] = ConnectionState(system, ok, tested_text(ok, text, now), now)
        self.show_connections()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Re-read the last runs (quick indexed queries) and redraw Home's sentences."""
        try:
            self.runs = self.read_runs()
            if self.read_held is not None:
                self.held = self.read_held()
            if self.read_health is not None:
                self.seen = self.read_health()
        except StoreError as exc:
            headline, detail = sync_state(self.config)
            self.view.show_sync_state(headline, detail, self.config.sync_on)
            self.view.show_problem(exc.user_message)
            return
        self.draw()

    def tick(self) -> None:
        """Every 30 s, so that "5 minutes ago" stays true. While a run goes, from the runs read before it (its end
        reads them again): a query on this thread would then wait for the worker's threads at each of its steps,
        each of which gives up the interpreter lock, 0.2 s in all during a large run (issue 3)."""
        if self.busy() and self.runs is not None:
            self.draw()
        else:
            self.refresh()

    def draw(self) -> None:
        assert self.runs is not None
        last_sync, last_preview, newest = self.runs
        now = self.clock()
        headline, detail = sync_state(self.config)
        self.view.show_sync_state(headline, detail, self.config.sync_on)
        sync_facts = RunFacts.from_record(last_sync) if last_sync else None
        preview_facts = RunFacts.from_record(last_preview) if last_preview else None
        self.view.show_distance(*self.distance(sync_facts, preview_facts, now))
        problem = self.last_failure
        if problem is None and newest is not None and not self.busy():
            problem = run_problem(RunFacts.from_record(newest))
        self.view.show_problem(problem)
        # The problem line is in the window's language: so is the message it may already hold.
        message = problem_message(sync_facts) if sync_facts else ""
        shown = bool(problem and message and message in problem)
        self.view.show_last_run(last_run_rows(sync_facts, now, message_shown_elsewhere=shown))
        self.show_next_run()
        self.show_connections()
        self.show_controls()
        self.show_health()

    def distance(self, sync_facts: RunFacts | None, preview_facts: RunFacts | None, now: datetime) -> tuple[str, bool]:
        """R8's amber line, each thing said once: the decisions R24 holds are counted under "Waiting for you" (with
        their button), so here only when nothing else keeps the systems apart; a sync the brake held (R23) is said
        here, as what left the systems apart (its count is under "Waiting for you")."""
        text, disagree = how_far_apart(sync_facts, preview_facts, now)
        if sync_facts is not None and sync_facts.status is RunStatus.HELD:
            held_run = translate(
                "HomePresenter", "The last sync was held by the mass-change brake and wrote none of its changes (R23)."
            )
            # Alone when nothing else differs: "the last comparison did not finish" is not what a held sync is.
            return (f"{held_run} {text}" if disagree else held_run), True
        if self.held and not disagree:
            return translate(
                "HomePresenter", "The two systems are not identical where decisions are held for review (R24)."
            ), True
        return text, disagree

    @property
    def stale(self) -> bool:
        return self.health is not None and self.health.stale

    def show_health(self) -> None:
        """Home in red while no sync has succeeded within the setting's window; the notice once per stale spell."""
        if self.seen is None:
            return
        now = self.clock()
        seen = self.seen
        if self.on_since is not None and (seen.switched_on is None or self.on_since > seen.switched_on):
            seen = replace(seen, switched_on=self.on_since)  # switched on here; the saved moment is the same or none
        self.health = assess(
            seen,
            sync_on=self.config.sync_on,
            off_reason=off_reason(self.config),
            stale_after_hours=self.config.stale_after_hours,
            now=now,
            switch_on_grace=True,
        )
        # On since the switch-on or the first try, whichever is earlier: a first run hours after a switch-on days ago
        # (or none at all yet) is no new setup.
        since = min((t for t in (seen.trying_since(), seen.switched_on) if t is not None), default=None)
        if self.health.stale and (since is None or timedelta(0) <= now - since < self.stale_window):
            # A new setup: nothing tried yet, or trying for less than the window (its failures are said on their own).
            # The window waits for the window, after a switch-on too (`assess` with its grace); `health` (monitoring,
            # shared/CLI.md) says "no success yet" at once. A `since` later than now (a clock set back) is no reason
            # to wait.
            self.health = None
            self.view.show_stale(None)
            self._stale_told = False
            return
        self.view.show_stale(self.health.message if self.health.stale else None)
        if not self.health.stale:
            self._stale_told = False
        elif not self._stale_told:
            self._stale_told = True
            if self.stale_noticed is not None:
                self.stale_noticed(self.health.message)

    def show_next_run(self) -> None:
        self.view.show_next_run(next_run_text(self.next_run_at(), self.config, self.clock(), self.busy()))

    def show_connections(self) -> None:
        for state in self.connections.values():
            self.view.show_connection(state)

    def show_controls(self) -> None:
        self.view.show_busy(
            self.busy(),
            can_sync=self.config.sync_on,
            can_preview=self.config.crm != CRM_NONE,
            sync_off_reason=off_reason(self.config),
        )


def last_runs(store) -> tuple:
    """(last real sync, last preview, newest run of any kind): what Home reads, from the window's store."""
    real = [s for s in RunStatus if s is not RunStatus.SKIPPED]
    return (
        store.last_run(statuses=real, dry_run=False),
        store.last_run(statuses=real, dry_run=True),
        store.last_run(dry_run=None),
    )


def last_attempt(store) -> object:
    return store.last_run(statuses=[s for s in RunStatus if s is not RunStatus.SKIPPED], dry_run=None)
