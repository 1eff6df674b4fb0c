"""R24: a person's answer to a held reversal ends honestly, whatever happens to its contact and to the setting.

SPEC R24: "An approval covers the two values and times it was given for; a later change on either side voids it.
Off, R5 decides as the vendor does." An answer is the audit trail's record of what a person decided about a
data subject's withdrawal. Three ways it stayed `open` ("waiting for the next sync") though no run would ever carry
it out: the setting "Hold reversed withdrawals for review" switched off (R5 then decided the pair, against a "Keep
withdrawn" too); the contact deleted from both systems (no run decides an address neither system holds); and a
full run, which counts contacts in step in SQL and never showed them to the planner. A data-protection officer
reading the contact's record saw a person's answer pending for a contact the app had already decided otherwise, or
that no longer exists, and could not tell when or why it stopped applying.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop_app.domain.model import (
    Consent,
    ContactBaseline,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    RunMode,
    RunStatus,
    SuperOfficePerson,
)
from desktop_app.domain.planner import Answer, AnswerKind, PlanSettings, plan
from desktop_app.domain.records import group_persons
from desktop_app.store import Store
from desktop_app.sync.engine import EngineSettings, SyncOptions

MKT = "Marketing sendouts"
EMAIL = "rev@example.se"
HOLDS_OFF = EngineSettings(hold_reversals=False)


def _held_and_answered(world, kind=AnswerKind.APPROVE):
    """eMarketeer holds a withdrawal; a salesperson's later Consent in SuperOffice would reverse it: held, answered."""
    world.em_contact(EMAIL, marketing="Withdrawn")
    world.advance(600)
    pid = world.so_person(EMAIL, EMARKETING="61A")
    assert len(world.sync().held) == 1
    store = world.store()
    [answer] = store.answer_held({(EMAIL, None)}, kind, "maria")
    return store, pid, answer


def _status(store, answer):
    return next(a for a in store.answers() if a.id == answer.id)


def _erase_from_emarketeer(em, email: str) -> None:
    """The contact and its consent records deleted in eMarketeer (a data subject's erasure); the simulator has no
    call for it."""
    with em._lock:
        norm = email.lower()
        contact = em._contacts.pop(norm)
        del em._contact_by_sort[contact.sort_key]
        em._contact_order.discard(contact.sort_key)
        for record in em._current.pop(norm, {}).values():
            del em._record_by_sort[record.sort_key]
            em._record_order.discard(record.sort_key)
        em._history.pop(norm, None)
    assert em.contact(email) is None and em.current_consents(email) == {}


# ------------------------------------------------------------------ 1: the setting switched off


@pytest.mark.parametrize("mode", [RunMode.INCREMENTAL, RunMode.FULL])
def test_r24_a_keep_withdrawn_answer_ends_when_a_run_with_holds_off_decides_its_pair(world, mode):
    """Maria answered "Keep withdrawn". The admin then switched "Hold reversed withdrawals" off: R5 decides as the
    vendor does and the next run writes the salesperson's Consent over the withdrawal. Before, Maria's answer stayed
    `open`, listed as waiting for the next sync, though that run had done the opposite; a later run closed it as
    "the values changed", as if something outside the app had overtaken it. The run that set it aside says so."""
    store, _, answer = _held_and_answered(world, AnswerKind.KEEP)
    world.advance(60)
    run = world.sync(settings=HOLDS_OFF, mode=mode)
    assert run.status is RunStatus.DONE and run.mode is mode
    assert world.em_value(EMAIL, MKT) == "Consent", "R5 decided as the vendor does"
    after = _status(store, answer)
    assert (after.status, after.run_id) == ("void_holds_off", run.run_id), after


def test_r24_an_answer_set_aside_with_holds_off_is_not_carried_out_when_holds_come_back_on(world):
    """The holds-off run's write did not land (eMarketeer was unreachable: the pair stays as Maria saw it). Holds are
    switched on again weeks later: her old approval must not now let the reversal through unasked; the pair is held
    again for a person who sees it as it stands."""
    store, _, answer = _held_and_answered(world, AnswerKind.APPROVE)
    world.advance(60)
    engine = world.engine(settings=HOLDS_OFF)
    engine._apply = lambda state, writes, snapshot: None  # the write never lands (a vendor outage mid-run)
    engine.run(SyncOptions())
    assert world.em_value(EMAIL, MKT) == "Withdrawn"
    assert _status(store, answer).status == "void_holds_off"
    world.advance(3600 * 24 * 30)
    again = world.sync(mode=RunMode.FULL)
    assert world.em_value(EMAIL, MKT) == "Withdrawn", "an answer set aside while holds were off was carried out"
    assert len(again.held) == 1


def test_r24_planner_with_holds_off_sets_answers_aside_or_voids_them():
    """Pure: with holds off, an answer for exactly the values decided is set aside (R5 decided instead); one for
    values that have since changed is void, as with holds on. Neither is used."""
    t0 = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
    quiet = Consent(LegalBasis.CONTRACT, t0 - timedelta(days=300))
    so_value, em_value = Consent(LegalBasis.CONSENT, t0 + timedelta(minutes=30)), Consent(LegalBasis.WITHDRAWN, t0)
    so = group_persons([SuperOfficePerson(1, EMAIL, t0 - timedelta(days=400), (quiet, so_value), (False, False))])
    em = {EMAIL: EmarketeerContact(EMAIL, 7, (quiet, em_value))}
    baselines = {EMAIL: ContactBaseline((quiet, None), (quiet, None))}
    same = Answer(5, EMAIL, Purpose.MARKETING, 1, AnswerKind.KEEP, so_value, em_value)
    older = Answer(6, EMAIL, Purpose.MARKETING, 1, AnswerKind.APPROVE, Consent(LegalBasis.CONSENT, t0), em_value)
    p = plan(
        so, em, baselines, t0 + timedelta(days=1), PlanSettings(hold_reversals=False), answers={EMAIL: [same, older]}
    )
    assert [d.new for d in p.writes] == [LegalBasis.CONSENT] and p.held == []
    assert (p.used_answers, p.void_answers, p.holds_off_answers) == ([], [6], [5])


# ------------------------------------------------------------------ 2: the contact deleted from both systems


def test_r24_an_answer_for_a_contact_deleted_from_both_systems_is_void_after_a_full_run(world):
    """The data subject asked to be erased: the address is gone from SuperOffice (the person's address changed) and
    from eMarketeer. A full run reads every address and knows it exists in neither. Before, the approval stayed
    `open` for ever: no run decides an address neither system holds, so it was listed as waiting for good."""
    store, pid, answer = _held_and_answered(world)
    world.advance(60)
    world.so.set_email(pid, "someone.else@example.se")
    _erase_from_emarketeer(world.em, EMAIL)
    run = world.sync(mode=RunMode.FULL)
    assert run.status is RunStatus.DONE
    after = _status(store, answer)
    assert (after.status, after.run_id) == ("void_gone", run.run_id), after
    world.advance(60)
    world.sync()  # an incremental run after it has nothing more to say about it
    assert _status(store, answer).status == "void_gone"


def test_r24_an_answer_for_a_contact_deleted_from_both_systems_is_void_after_a_send_time_run(world):
    """A run for given addresses (a send's, R10) reads the address afresh in both systems and finds it in neither."""
    store, pid, answer = _held_and_answered(world)
    world.advance(60)
    world.so.set_email(pid, "someone.else@example.se")
    _erase_from_emarketeer(world.em, EMAIL)
    world.sync(only=(EMAIL,))
    assert _status(store, answer).status == "void_gone"


def test_r24_planner_leaves_an_answer_open_for_an_address_it_could_not_read():
    """Pure: an address the run could not read (a read error) is not gone: its answer stays for a run that can."""
    answer = Answer(5, EMAIL, Purpose.MARKETING, 1, AnswerKind.KEEP, Consent(), Consent())
    now = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
    scope = frozenset({EMAIL})
    gone = plan({}, {}, {}, now, only=scope, answers={EMAIL: [answer]})
    assert gone.gone_answers == [5]
    unread = plan({}, {}, {}, now, only=scope, answers={EMAIL: [answer]}, unreadable=scope)
    assert (unread.gone_answers, unread.void_answers) == ([], [])
    # A plan over part of the addresses (a full run's slice) knows nothing of the others.
    assert plan({}, {}, {}, now, answers={EMAIL: [answer]}).gone_answers == []


# ------------------------------------------------------------------ 3: a full run's contacts in step


def test_r24_a_full_run_voids_an_answer_whose_pair_is_back_in_step(world):
    """Maria answered from the window while a run was deciding the contact (after the run had read the answers):
    the salesperson had withdrawn too, so the run found both sides agreeing and recorded the new baseline. Her
    approval is for values that no longer hold. The next run is the nightly full run: it counts contacts in step in
    SQL and never showed this one to the planner, so the approval stayed `open` until some incremental run."""
    world.em_contact(EMAIL, marketing="Withdrawn")
    world.advance(600)
    pid = world.so_person(EMAIL, EMARKETING="61A")
    assert len(world.sync().held) == 1
    world.advance(60)
    world.so.set_consent(pid, "EMARKETING", "WITHDRAWN")
    engine = world.engine()
    read_answers = engine.store.open_answers

    def then_maria_answers(*args, **kwargs):
        answers = read_answers(*args, **kwargs)
        window = Store.open(world.data_dir)
        try:
            window.answer_held(None, AnswerKind.APPROVE, "maria")
        finally:
            window.close()
        return answers

    engine.store.open_answers = then_maria_answers
    assert engine.run(SyncOptions()).status is RunStatus.DONE
    store = world.store()
    [answer] = store.answers()
    assert answer.status == "open"
    world.advance(60)
    full = world.sync(mode=RunMode.FULL)
    assert full.status is RunStatus.DONE and full.changes == ()
    after = _status(store, answer)
    assert (after.status, after.run_id) == ("void", full.run_id), after


def test_r24_the_audit_trail_words_every_answer_status(world):
    """R15: the History tab, the CSV export, the workbook and the contact's report each say in words why an answer
    ended: a data-protection officer reading "void_gone" would not know the contact was erased from both systems."""
    from desktop_app.report import contact as report
    from desktop_app.store import safety, workbook
    from desktop_app.store import store as store_module
    from desktop_app.ui.history.model import entry_from_answer

    statuses = [v for k, v in vars(safety).items() if k.startswith("ANSWER_")]
    assert {"void_holds_off", "void_gone"} <= set(statuses)
    for table in (store_module._ANSWER_STATUS_WORDS, workbook._ANSWER_STATUS, report._ANSWER_STATUS):
        assert set(statuses) <= set(table), sorted(set(statuses) - set(table))
    store, pid, answer = _held_and_answered(world)
    world.advance(60)
    world.so.set_email(pid, "someone.else@example.se")
    _erase_from_emarketeer(world.em, EMAIL)
    world.sync(mode=RunMode.FULL)
    gone = _status(store, answer)
    assert entry_from_answer(gone).why == "Void: the contact is in neither system any more"
    assert store_module._answer_csv_row(gone)[-2] == "void: the contact is in neither system any more"


def test_r24_an_approved_write_that_landed_before_the_run_died_closes_its_answer_as_used(world):
    """R18 recovery and R24: the approved write reached SuperOffice but every answer to it was lost (a 502 after the
    PUT was stored), so the run stopped with it pending. The next run finds the write landed. Before, the answer
    stayed open through that and was then closed as "void: the values changed before it was carried out": the
    audit trail denied that the person's approval had made the write."""
    from desktop_app.simulators import Fault

    pid = world.so_person(EMAIL, EMARKETING="WITHDRAWN")
    world.advance(600)
    world.em_contact(EMAIL, marketing="Consent")  # later than the withdrawal: R5 would write Consent over it
    assert len(world.sync().held) == 1
    store = world.store()
    [answer] = store.answer_held({(EMAIL, None)}, AnswerKind.APPROVE, "maria")
    world.advance(60)
    world.so.faults.add(Fault(kind="status", status=502, method="PUT", times=-1, after_handling=True))
    stopped = world.sync()
    world.so.faults.clear()
    assert stopped.status is RunStatus.STOPPED
    assert world.so_value(pid, "EMARKETING") == "61A", "the approved write landed"
    assert [p.answer_id for p in store.pending_writes()] == [answer.id]
    world.advance(60)
    world.sync()
    after = _status(store, answer)
    assert (after.status, after.run_id) == ("used", stopped.run_id), after


def test_r24_an_answer_is_not_void_gone_when_a_read_error_kept_out_an_address_stored_in_capitals(world):
    """A connector's read error names the row as SuperOffice stores it ("Rev@Example.SE"); the planner's sides are
    keyed "rev@example.se". The guard against "gone" compared the two as they came and missed: a full run closed the
    answer as "the contact is in neither system any more" while SuperOffice still held the person and only a bad row
    (no rank, R17) kept it out. The data-protection officer read an erasure that never happened, and the person's
    answer was lost. Found by this session's review of its own fixes."""
    world.em_contact(EMAIL, marketing="Withdrawn")
    world.advance(600)
    pid = world.so_person("Rev@Example.SE", EMARKETING="61A")
    assert len(world.sync().held) == 1
    store = world.store()
    [answer] = store.answer_held({(EMAIL, None)}, AnswerKind.KEEP, "maria")
    world.advance(60)
    _erase_from_emarketeer(world.em, EMAIL)  # erased in eMarketeer only
    with world.so._lock:  # the person's e-mail row comes back without its rank: a read error for it, R17
        for row in world.so._person(pid).emails:
            row["email.rank"] = None
        for index in world.so._time_index.values():
            index.reset()
        world.so._generation += 1
    run = world.sync(mode=RunMode.FULL)
    assert run.status is RunStatus.DONE
    assert _status(store, answer).status == "open"
