"""R14's eMarketeer re-read when eMarketeer's `Date` runs ahead of the stamps it puts on its records.

SPEC R14: before a write the target is read again and, having changed, decided again, never overwritten blind.
eMarketeer's `Date` comes from its API gateway, its records are stamped by the service behind it (README: "its
`Date` clock and its record stamps being apart"). Each chunk after the first re-reads eMarketeer from where the
previous re-read began (its Date), less `reread_margin` (2 s): going back a whole overlap each time made the re-reads
quadratic in the run's own writes (issue 11). With the gateway 5 s ahead of the stamps, a contact who unsubscribed
while the run was writing carried a createdAt before that start, was not seen, and the run wrote "Legitimate
interest" over the withdrawal: what an admin would lose is a person who had just unsubscribed back on the marketing
list, with nothing in the history saying a withdrawal had been overwritten.

The run now measures how far the stamps lie behind the Date from its own writes (each create answer's Date against
the record's createdAt: `EmarketeerConnector.stamp_lag`) and starts each later re-read that much further back; until
a write has been answered, from the whole overlap, as the first chunk does.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from engine_support import simulated_world

from desktop_app.domain.model import LegalBasis, Purpose, RunStatus
from desktop_app.simulators.emarketeer import EmarketeerSimulator, parse_since
from desktop_app.sync.engine import EngineSettings, SyncOptions

MARKETING = "Marketing sendouts"
EMAILS = [f"p{i:02d}@example.se" for i in range(15)]


class UnsubscribeDuringWrites(EmarketeerSimulator):
    """Right after answering the write phase's first re-read made once a write was sent, `victim` unsubscribes."""

    victim = "p11@example.se"  # in the third chunk of five

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.posts = self.rereads = 0

    def _post_consent(self, request):
        with self._lock:
            self.posts += 1
        return super()._post_consent(request)

    def _get_filter(self, request):
        response = super()._get_filter(request)
        with self._lock:
            fire = self.posts > 0 and "changedSince" in request.query
            if fire:
                self.rereads += 1
                fire = self.rereads == 1
        if fire:
            self.add_consent(self.victim, MARKETING, "Withdrawn", source_name="Unsubscribe link")
        return response


def _in_step(world) -> None:
    """Fifteen contacts in step, one run that writes nothing, then SuperOffice moves every one to legitimate
    interest: the next run writes fifteen eMarketeer records, five a chunk."""
    world.settings = EngineSettings(write_chunk=5)
    for email in EMAILS:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    world.advance(3600)
    assert world.sync().status is RunStatus.DONE
    world.advance(600)
    for email in EMAILS:
        world.so.set_consent(world.so_person_id(email), "EMARKETING", "61F")
    world.advance(600)


@pytest.mark.parametrize("skew", [0, 5, 60], ids=["same-clock", "date-5s-ahead", "date-a-minute-ahead"])
def test_an_unsubscribe_made_while_the_run_writes_stands_when_the_date_runs_ahead_of_the_stamps(tmp_path, skew):
    with simulated_world(tmp_path, emarketeer=UnsubscribeDuringWrites) as world:
        world.em.date_skew = timedelta(seconds=skew)
        _in_step(world)
        run = world.sync()
        assert world.em.posts >= 6  # the unsubscribe came after the second chunk's re-read, mid-run
        assert run.status is RunStatus.DONE, run.message
        assert world.em_value(UnsubscribeDuringWrites.victim, MARKETING) == "Withdrawn"
        assert world.em_value("p12@example.se", MARKETING) == "Legitimate interest"


class WritesHeldBack(EmarketeerSimulator):
    """No write is answered before the second chunk's re-read has been made: the run has measured nothing yet."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.second_reread = threading.Event()

    def _post_consent(self, request):
        self.second_reread.wait(1.5)  # within the client's 2 s timeout
        return super()._post_consent(request)


def test_an_unsubscribe_before_any_write_is_answered_stands(tmp_path):
    """The lag is measured from the run's own writes; before the first is answered nothing is known, and the second
    chunk's re-read goes back the whole overlap, as the first chunk's does."""
    victim = "p07@example.se"  # in the second chunk
    with simulated_world(tmp_path, emarketeer=WritesHeldBack) as world:
        world.em.date_skew = timedelta(seconds=5)
        world.limits = replace(world.limits, max_concurrency=8)  # four writes out leave a connection for the re-read
        _in_step(world)
        engine = world.engine()
        reread = engine._reread_emarketeer
        lags = []  # the measured lag as each chunk's re-read began

        def watched(targets, snapshot, run_id):
            lags.append(engine.em.stamp_lag)
            current = reread(targets, snapshot, run_id)
            if len(lags) == 1:
                world.em.add_consent(victim, MARKETING, "Withdrawn", source_name="Unsubscribe link")
            elif len(lags) == 2:
                world.em.second_reread.set()
            return current

        engine._reread_emarketeer = watched
        run = engine.run(SyncOptions())
        assert lags[:2] == [None, None] and lags[2] == timedelta(seconds=5)
        assert run.status is RunStatus.DONE, run.message
        assert world.em_value(victim, MARKETING) == "Withdrawn"


def test_later_chunks_go_back_the_measured_lag_not_the_whole_overlap(tmp_path):
    """Issue 11: once a write has told the lag, a chunk's re-read starts that lag plus `reread_margin` before the
    previous one began (its Date), not a whole overlap: the run's own records are not fetched again and again."""
    with simulated_world(tmp_path) as world:
        world.em.date_skew = timedelta(seconds=5)
        _in_step(world)
        world.em.clear_requests()
        assert world.sync().status is RunStatus.DONE
        date = world.em_clock.now() + timedelta(seconds=5)  # the frozen clock: every answer's Date
        starts = [
            datetime.fromisoformat(parse_since(r.query["changedSince"]))
            for r in world.em.requests
            if r.path.endswith("/consents/filter") and "changedSince" in r.query
        ]
        assert starts[-1] == date - timedelta(seconds=5 + 2)


def test_a_write_tells_how_far_the_stamps_lie_behind_the_date(world):
    world.em.date_skew = timedelta(seconds=5)
    world.em_contact("a@example.se", marketing="Consent")
    so, em = world.connectors()
    so.close()
    try:
        assert em.stamp_lag is None  # nothing measured yet
        em.create_consent("a@example.se", Purpose.MARKETING, LegalBasis.LEGITIMATE_INTEREST, "x")
        assert em.stamp_lag == timedelta(seconds=5)
        world.em.date_skew = timedelta(seconds=-30)  # stamps ahead of the Date: the largest seen stays
        em.create_consent("a@example.se", Purpose.MARKETING, LegalBasis.CONSENT, "y")
        assert em.stamp_lag == timedelta(seconds=5)
    finally:
        em.close()


def test_a_write_measures_its_own_answers_date_not_another_threads_later_one():
    """The lag is measured from the create answer's own Date: `latest` may already hold a later Date from another
    writer thread's answer (a second boundary crossed), which made the measured lag, and each later chunk's re-read,
    a second longer than the run's own records need (issue 11's cost), though never unsafe."""
    from desktop_app.connectors.http import ServerClock

    clock = ServerClock()
    clock.observe("Fri, 04 Dec 2026 20:00:00 GMT")  # this thread's answer
    other = threading.Thread(target=clock.observe, args=("Fri, 04 Dec 2026 20:00:01 GMT",))
    other.start()
    other.join()
    assert clock.latest == datetime(2026, 12, 4, 20, 0, 1, tzinfo=timezone.utc)
    assert clock.take_here() == datetime(2026, 12, 4, 20, 0, tzinfo=timezone.utc)
    assert clock.take_here() is None  # taken once
    clock.observe("not a date")
    assert clock.take_here() is None  # an answer without a readable Date says nothing


# ---------------------------------------------------------------- a filter answer slower than its query (review)
# The review of "lag + 1 s": eMarketeer's Date is stamped when the answer leaves, after the filter query read its
# records (seconds, over many records; a create answers at once). A withdrawal made in that gap is not in the answer
# and stamped up to the gap plus the lag before its Date: a start of lag + 1 s missed it and the run wrote Legitimate
# interest over it (R14). `reread_margin` covers that gap, and the measured lag comes on top.

SLOW_MARKETING = "Marketing sendouts"
SLOW_EMAILS = [f"p{i:02d}@example.se" for i in range(15)]
VICTIM = "p11@example.se"  # in the third chunk of five


class SlowFilterAnswer(EmarketeerSimulator):
    """The write phase's first re-read: its records are read, then the victim unsubscribes, and the gateway's answer
    (its Date) goes out two seconds after the query."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.posts = self.rereads = 0

    def _post_consent(self, request):
        with self._lock:
            self.posts += 1
        return super()._post_consent(request)

    def _get_filter(self, request):
        response = super()._get_filter(request)  # the query has read its records
        with self._lock:
            fire = self.posts > 0 and "changedSince" in request.query
            if fire:
                self.rereads += 1
                fire = self.rereads == 1
        if fire:
            self.add_consent(VICTIM, SLOW_MARKETING, "Withdrawn", source_name="Unsubscribe link")  # stamped now
            self.clock.advance(2)  # the answer, and its Date, leave two seconds after the query
        return response


def test_an_unsubscribe_during_a_slow_reread_answer_is_not_overwritten(tmp_path):
    with simulated_world(tmp_path, emarketeer=SlowFilterAnswer) as world:
        world.em.date_skew = timedelta(seconds=5)  # the gateway's Date 5 s ahead of the record stamps
        world.settings = EngineSettings(write_chunk=5, max_concurrency=1)  # no pipelining: deterministic
        for email in SLOW_EMAILS:
            world.so_person(email, STORE="61A", EMARKETING="61A")
            world.em_contact(email, store="Consent", marketing="Consent")
        world.advance(3600)
        assert world.sync().status is RunStatus.DONE
        world.advance(600)
        for email in SLOW_EMAILS:
            world.so.set_consent(world.so_person_id(email), "EMARKETING", "61F")
        world.advance(600)

        run = world.sync()
        assert world.em.rereads >= 1 and world.em.posts >= 6
        assert run.status is RunStatus.DONE, run.message
        assert world.em_value(VICTIM, SLOW_MARKETING) == "Withdrawn"  # the unsubscribe stands
        assert world.em_value("p12@example.se", SLOW_MARKETING) == "Legitimate interest"
