"""R23: a held run is closed once, by the person's "Apply these changes" or "Discard", while it still waits.

The store closed any held run it was given: a Discard pressed on a plan still on screen after a later sync had
superseded it (or after a person's Apply had written it) turned the audit trail's "superseded" / "applied" into
"discarded", naming the person as having discarded changes that were in fact written or never stood; and an Apply
ending after a Discard turned "discarded" into "applied". What a data-protection officer lost: a true record of who
decided what became of a mass change. Now only a waiting run is closed, and the window says in one sentence what the
run already was, recording nothing.
"""

from __future__ import annotations

from desktop_app.domain.model import RunMode, Trigger
from desktop_app.store import Store
from desktop_app.store.safety import RUN_APPLIED, RUN_DISCARDED, RUN_SUPERSEDED, RUN_WAITING
from desktop_app.ui.conflicts.safety import SafetyPresenter


class _Home:
    def show_waiting(self, held_run, held, flapping):
        pass


def _held(store: Store) -> int:
    run_id = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
    store.record_held_run(run_id, 250, 1000)
    return run_id


def test_the_store_closes_only_a_waiting_held_run(tmp_path):
    with Store.open(tmp_path) as store:
        first = _held(store)
        second = _held(store)  # held again: the first is superseded
        assert store.close_held_run(first, RUN_DISCARDED, "maria") == RUN_SUPERSEDED
        run = store.get_held_run(first)
        assert run is not None and (run.status, run.answered_by) == (RUN_SUPERSEDED, None)

        assert store.close_held_run(second, RUN_APPLIED, "maria", applied_run_id=99) is None
        assert store.close_held_run(second, RUN_DISCARDED, "erik") == RUN_APPLIED
        run = store.get_held_run(second)
        assert run is not None and (run.status, run.answered_by, run.applied_run_id) == (RUN_APPLIED, "maria", 99)

        third = _held(store)
        assert store.close_held_run(third, RUN_DISCARDED, "erik") is None
        assert store.close_held_run(third, RUN_APPLIED, "maria", applied_run_id=100) == RUN_DISCARDED
        run = store.get_held_run(third)
        assert run is not None and (run.status, run.answered_by) == (RUN_DISCARDED, "erik")
        assert store.close_held_run(12345, RUN_DISCARDED, "erik") == "missing"


def test_discard_on_a_superseded_plan_says_so_and_records_nothing(tmp_path):
    told: list[str] = []
    warned: list[str] = []
    with Store.open(tmp_path) as store:
        presenter = SafetyPresenter(
            store, None, _Home(), user=lambda: "maria", start_run=lambda o: True, notify=told.append, warn=warned.append
        )
        first = _held(store)
        second = _held(store)
        presenter.discard_held(first)
        assert told == [] and warned == [
            "This held sync was already replaced by a later sync, which planned afresh. Nothing was discarded."
        ]
        run = store.get_held_run(first)
        assert run is not None and run.status == RUN_SUPERSEDED
        waiting = store.get_held_run(second)
        assert waiting is not None and waiting.status == RUN_WAITING

        warned.clear()
        presenter.discard_held(second)
        presenter.discard_held(second)
        assert warned == ["This held sync was already discarded."]
