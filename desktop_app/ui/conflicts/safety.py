"""Nothing irreversible without a person, in the window: a presenter for held decisions (R24), flapping pairs (R25)
and a run the mass-change brake held (R23), between the store and two passive views (conflicts and Home).

No widgets here: the presenter reads and writes the store and tells its views what to show through small
intent-level calls, so it is tested without a window. Answers carry the operating-system user (R24).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from ...domain.messages import error_text
from ...domain.model import Consent, Purpose, RunStatus, Trigger
from ...domain.planner import AnswerKind
from ...domain.review import ConflictRow, plan_rows
from ...domain.text import sentence
from ...i18n import plural, translate
from ...store import StoreError
from ...store.safety import RUN_APPLIED, RUN_DISCARDED, RUN_SUPERSEDED
from ...sync.counted import decision_counts
from ...sync.engine import SyncOptions

log = logging.getLogger(__name__)


class ConflictsSafetyView(Protocol):
    def show_flapping(self, pairs: Sequence) -> None: ...
    def show_held_run(self, run_id: int, writes: int, rows: Sequence[ConflictRow]) -> None: ...
    def clear_held_run(self) -> None: ...


class HomeSafetyView(Protocol):
    def show_waiting(self, held_run: str | None, held: str | None, flapping: str | None) -> None: ...


def held_run_text(writes: int) -> str:
    return plural(
        writes,
        translate("Safety", "A sync is waiting for you: it would change {n} legal basis"),
        translate("Safety", "A sync is waiting for you: it would change {n} legal bases"),
    )


def held_text(count: int) -> str:
    return plural(
        count,
        translate("Safety", "{n} withdrawal would be reversed and waits for your review"),
        translate("Safety", "{n} withdrawals would be reversed and wait for your review"),
    )


def flapping_text(count: int) -> str:
    return plural(
        count,
        translate(
            "Safety",
            "{n} contact keeps being changed back: another sync or an import may be running on the same systems",
        ),
        translate(
            "Safety",
            "{n} contacts keep being changed back: another sync or an import may be running on the same systems",
        ),
    )


class SafetyPresenter:
    """Owns what waits for a person; the main window only wires signals to it."""

    def __init__(
        self,
        store,
        conflicts: ConflictsSafetyView | None,
        home: HomeSafetyView,
        *,
        user: Callable[[], str],
        start_run: Callable[[SyncOptions], bool],
        notify: Callable[[str], None],
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.conflicts = conflicts
        self.home = home
        self.user = user
        self.start_run = start_run
        self.notify = notify
        self._warn = warn
        self.showing_held_run: int | None = None

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Home's "Waiting for you" and the conflict view's flapping list, from the store."""
        waiting = self.store.waiting_held_run()
        _, unanswered = self.store.held_counts()  # counted, not listed: Home shows a number (issue 11)
        flapping = self.store.flapping()
        self.home.show_waiting(
            held_run_text(waiting.writes) if waiting is not None else None,
            held_text(unanswered) if unanswered else None,
            flapping_text(len({f.email for f in flapping})) if flapping else None,
        )
        if self.conflicts is not None:
            self.conflicts.show_flapping(flapping)
            if self.showing_held_run is not None and (waiting is None or waiting.run_id != self.showing_held_run):
                self.showing_held_run = None
                self.conflicts.clear_held_run()

    def open_held_run(self) -> bool:
        """R23: the waiting run's plan in the conflict view, with Apply these changes and Discard."""
        waiting = self.store.waiting_held_run()
        if waiting is None or self.conflicts is None:
            return False
        rows = plan_rows(self.store.decisions(waiting.run_id, writes_only=True))
        self.showing_held_run = waiting.run_id
        self.conflicts.show_held_run(waiting.run_id, waiting.writes, rows)
        return True

    # ------------------------------------------------------------------ a person's answers

    def answer(self, kind: str, keys: Iterable[tuple]) -> int:
        """R24: Approve or Keep withdrawn for these rows; the next run carries them out. A key is (address, purpose),
        or (address, purpose, person id, SuperOffice basis and time, eMarketeer basis and time) as the row showed
        them: a held decision whose values moved since (a sync read newer ones) is not answered, and the person is
        told to look again."""
        wanted: set[tuple[str, Purpose]] = set()
        shown: dict[tuple[str, Purpose], tuple[int | None, Consent, Consent]] = {}
        for key in keys:
            email, purpose = key[0], Purpose(key[1])
            wanted.add((email, purpose))
            if len(key) >= 7:
                person_id, so_basis, so_at, em_basis, em_at = key[2:7]
                shown[(email, purpose)] = (person_id, Consent(so_basis, so_at), Consent(em_basis, em_at))
        if not wanted:
            return 0
        try:
            done = self.store.answer_held(wanted, AnswerKind(kind), self.user(), shown or None)
            answered = {(a.email, a.purpose) for a in done}
            unanswered = [k for k in shown if k not in answered]
            listed = (
                {(h.email, h.purpose) for h in self.store.held_decisions({email for email, _ in unanswered})}
                if unanswered
                else set()
            )
        except StoreError as exc:  # the history is busy (another program writes it) or cannot be written
            self._not_recorded(exc)
            return 0
        # Only a pair the held list holds with other values changed since; one it does not hold is not held so now.
        moved = len([k for k in unanswered if k in listed])
        gone = len(unanswered) - moved
        if gone:
            self.warn(
                plural(
                    gone,
                    translate(
                        "SafetyPresenter",
                        "{n} answer was not recorded: nothing is held for review with the values you saw. Press "
                        "Preview to see how it stands now.",
                    ),
                    translate(
                        "SafetyPresenter",
                        "{n} answers were not recorded: nothing is held for review with the values you saw. Press "
                        "Preview to see how they stand now.",
                    ),
                )
            )
        if moved:
            self.warn(
                plural(
                    moved,
                    translate(
                        "SafetyPresenter",
                        "{n} answer was not recorded: its values changed since you looked. Press Preview and answer "
                        "again.",
                    ),
                    translate(
                        "SafetyPresenter",
                        "{n} answers were not recorded: their values changed since you looked. Press Preview and "
                        "answer again.",
                    ),
                )
            )
        self.refresh()
        return len(done)

    def clear_flapping(self, keys: Iterable[tuple[str, str]]) -> int:
        """R25: a person fixed the cause; the next run may write these pairs again."""
        wanted = {(email, Purpose(purpose)) for email, purpose in keys}
        try:
            cleared = self.store.clear_flapping(wanted, self.user()) if wanted else []
        except StoreError as exc:
            self._not_recorded(exc)
            return 0
        self.refresh()
        return len(cleared)

    def apply_held(self, run_id: int) -> bool:
        """R23: "Apply these changes": exactly that plan, each target read again first (R14)."""
        return self.start_run(SyncOptions(trigger=Trigger.MANUAL, apply_held_run=run_id, user=self.user()))

    def discard_held(self, run_id: int) -> None:
        try:
            already = self.store.close_held_run(run_id, RUN_DISCARDED, self.user())
        except StoreError as exc:
            self._not_recorded(exc)
            return
        if already is not None:  # R23: only a run still waiting is closed; the audit trail keeps what it was
            self.warn(_already(already))
        self.refresh()

    def warn(self, text: str) -> None:
        """What went wrong or was not done ("Nothing was recorded", "not recorded", "already discarded"): shown as a
        warning where the window passes `warn` (error=True); else told as `notify` tells the rest."""
        (self._warn or self.notify)(text)

    def _not_recorded(self, exc: StoreError) -> None:
        """A person's answer could not be written (the history is busy or full): one sentence, as Settings' Apply
        says it, never the crash dialog; nothing of it was kept, so answering again later is safe."""
        log.warning("A person's answer was not recorded: %s", exc.user_message)
        self.warn(
            translate("SafetyPresenter", "Nothing was recorded. {reason}").format(reason=sentence(error_text(exc)))
        )

    # ------------------------------------------------------------------ after a run

    def run_finished(self, summary) -> None:
        """A scheduled run the brake held says so once in the tray, not every 30 minutes (R23)."""
        if (
            summary is not None
            and summary.status is RunStatus.HELD
            and summary.trigger is Trigger.SCHEDULED
            and summary.run_id is not None
            and self.store.mark_held_run_notified(summary.run_id)
        ):
            waiting = self.store.get_held_run(summary.run_id)
            self.notify(
                held_run_text(waiting.writes if waiting is not None else decision_counts(summary).changes) + "."
            )
        self.refresh()


def _already(status: str) -> str:
    """Why a Discard closed nothing: what the held run already was (store.close_held_run)."""
    if status == RUN_APPLIED:
        return translate("SafetyPresenter", "This held sync was already applied. Nothing was discarded.")
    if status == RUN_DISCARDED:
        return translate("SafetyPresenter", "This held sync was already discarded.")
    if status == RUN_SUPERSEDED:
        return translate(
            "SafetyPresenter",
            "This held sync was already replaced by a later sync, which planned afresh. Nothing was discarded.",
        )
    return translate("SafetyPresenter", "This held sync is no longer in the history. Nothing was discarded.")


__all__ = ["ConflictsSafetyView", "HomeSafetyView", "SafetyPresenter", "flapping_text", "held_run_text", "held_text"]
