"""The send-time sync (`--only`) for many recipients: paged reads of what changed, never one GET per address.

Issue 4 point 5. A scope of at least `EngineSettings.only_bulk_from` addresses is read through
`SyncEngine._read_only_bulk`: what changed since the cursors (R21) merged onto the replica, or,
before any full run, eMarketeer's consents read in full. These tests hold it to the same answers
as the direct per-address read (R4, R10): any change made in either system after the last run,
before the send, is seen; SuperOffice duplicates follow R9; R14's re-read still guards the writes;
the cursors stay where they were; R20's lock still holds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from engine_support import VENDOR_RULES

from desktop_app.domain.model import LegalBasis, RunMode, RunStatus, System, Trigger
from desktop_app.store import DecisionStatus
from desktop_app.sync.engine import (
    CURSOR_EM_CONSENT,
    CURSOR_EM_CONTACT,
    CURSOR_SO_CONSENT,
    CURSOR_SO_EMAIL,
    EngineSettings,
    SyncOptions,
)
from desktop_app.sync.lock import LockHeld, RunLock

CURSORS = (CURSOR_SO_CONSENT, CURSOR_SO_EMAIL, CURSOR_EM_CONSENT, CURSOR_EM_CONTACT)
BULK_FROM = 10  # small worlds: the bulk path from 10 addresses up


def _people(world, n: int, prefix: str = "r") -> list[str]:
    """n contacts that agree in both systems (store: consent, marketing: consent)."""
    emails = [f"{prefix}{i}@example.se" for i in range(n)]
    for email in emails:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    return emails


def _engine(world, *, so_changes: bool | None = None, bulk_from: int = BULK_FROM, vendor: bool = False, **kwargs):
    """An engine whose --only bulk path starts at `bulk_from`; so_changes forces SuperOffice's read
    (True: what changed, False: by address; None: the engine's own cost choice); vendor: R9 `oldest`, no R24."""
    rules = VENDOR_RULES if vendor else {}
    engine = world.engine(settings=EngineSettings(only_bulk_from=bulk_from, **rules), **kwargs)
    if so_changes is True:
        engine.SO_CHANGES_MIN_REQUESTS = -1
    elif so_changes is False:
        engine.SO_CHANGES_MIN_REQUESTS = 10**9
    return engine


def _only(world, scope, **kwargs):
    so_changes = kwargs.pop("so_changes", None)
    bulk_from = kwargs.pop("bulk_from", BULK_FROM)
    engine = _engine(world, so_changes=so_changes, bulk_from=bulk_from)
    return engine.run(SyncOptions(only=tuple(scope), trigger=Trigger.SEND, **kwargs))


def _cursors(world) -> dict:
    store = world.store()
    return {name: store.get_cursor(name) for name in CURSORS}


def _per_key_gets(world) -> list:
    """eMarketeer's one-contact reads (GET consents?key=...)."""
    return [r for r in world.em.requests if r.method == "GET" and r.path.endswith("/consents") and "key" in r.query]


def _clear(world) -> None:
    world.so.clear_requests()
    world.em.clear_requests()


# ------------------------------------------------------------------ R4/R10 with R21: changes in either system


@pytest.mark.parametrize("so_changes", [True, False], ids=["so-changes-read", "so-by-address"])
def test_bulk_only_sees_changes_made_in_both_systems_since_the_last_run(world, so_changes):
    scope = _people(world, 30)
    world.so_person("outside@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("outside@example.se", store="Consent", marketing="Consent")
    world.so_person("newcomer@example.se", EMARKETING="WITHDRAWN")  # not in eMarketeer yet (R11)
    full = world.sync()
    assert full.mode is RunMode.FULL and full.status is RunStatus.DONE
    before = _cursors(world)
    world.advance(1800)
    # After the last run, before the send: a change in SuperOffice, one in eMarketeer, a contact new in
    # eMarketeer, and a change outside the recipients.
    world.so.set_consent(world.so_person_id("r3@example.se"), "EMARKETING", "WITHDRAWN")
    world.em.add_consent("r7@example.se", "Marketing sendouts", "Withdrawn")
    world.em_contact("newcomer@example.se", store="Contract")
    world.so.set_consent(world.so_person_id("outside@example.se"), "EMARKETING", "WITHDRAWN")
    world.advance(60)
    _clear(world)

    summary = _only(world, scope + ["newcomer@example.se"], so_changes=so_changes)

    assert summary.mode is RunMode.ONLY and summary.status is RunStatus.DONE
    assert {(c.email, c.purpose.value, c.target) for c in summary.changes} == {
        ("r3@example.se", "marketing", System.EMARKETEER),
        ("r7@example.se", "marketing", System.SUPEROFFICE),
        ("newcomer@example.se", "marketing", System.EMARKETEER),  # SuperOffice's value beats none (R5)
        ("newcomer@example.se", "store", System.SUPEROFFICE),
    }
    assert world.em_value("r3@example.se", "Marketing sendouts") == "Withdrawn"
    assert world.so_value(world.so_person_id("r7@example.se"), "EMARKETING") == "WITHDRAWN"
    assert world.em_value("newcomer@example.se", "Marketing sendouts") == "Withdrawn"
    # Outside the scope nothing is written, and no eMarketeer read went address by address.
    assert world.em_value("outside@example.se", "Marketing sendouts") == "Consent"
    reads = [r for r in world.em.requests if r.method == "GET"]
    assert len(_per_key_gets(world)) <= 2  # only R14's re-read of the two eMarketeer targets
    assert len(reads) <= 10, [r.path for r in reads]
    # An --only run decides only its scope: the cursors stay (R21), so the next run still sees 'outside'.
    assert _cursors(world) == before
    world.advance(60)
    nxt = world.sync()
    assert nxt.mode is RunMode.INCREMENTAL
    assert [(c.email, c.target) for c in nxt.changes] == [("outside@example.se", System.EMARKETEER)]
    assert world.em_value("outside@example.se", "Marketing sendouts") == "Withdrawn"


@pytest.mark.parametrize("so_changes", [True, False], ids=["so-changes-read", "so-by-address"])
def test_r9_a_superoffice_duplicate_added_since_the_last_run_is_seen_by_the_bulk_path(world, so_changes):
    scope = _people(world, 20)
    world.sync()
    world.advance(1800)
    # An older person with the same address (an import keeping the original creation date) whose marketing
    # consent was just withdrawn: R9 makes it the one that counts.
    dup = world.so_person("r5@example.se", registered=world.now() - timedelta(days=900), EMARKETING="WITHDRAWN")
    world.advance(60)
    engine = _engine(world, so_changes=so_changes, vendor=True)  # R9 `oldest`; `all` is test_engine_safety's
    summary = engine.run(SyncOptions(only=tuple(scope), trigger=Trigger.SEND, keep_details=True))
    persons = summary.details.superoffice["r5@example.se"].persons
    assert [p.person_id for p in persons][0] == dup and len(persons) == 2
    assert world.em_value("r5@example.se", "Marketing sendouts") == "Withdrawn"
    assert [(c.email, c.target) for c in summary.changes] == [("r5@example.se", System.EMARKETEER)]
    assert world.so_value(world.so_person_id("r5@example.se"), "EMARKETING") == "61A"  # only the oldest decides


# ------------------------------------------------------------------ what the Checklist reads: details


def test_bulk_details_hold_every_scope_address_of_each_system_and_nothing_else(world):
    scope = _people(world, 15)
    world.so_person("so-only@example.se", STORE="61A")
    world.em_contact("em-only@example.se", marketing="Consent")
    world.em.add_contact("em-bare@example.se")  # an eMarketeer contact with no consent record yet
    _people(world, 5, prefix="other")
    world.sync()
    world.advance(600)
    world.em.add_contact("em-new@example.se")  # new since the last run, no consent either
    wanted = scope + [
        "so-only@example.se",
        "em-only@example.se",
        "em-bare@example.se",
        "em-new@example.se",
        "nobody@example.se",
        "not an address",
    ]
    summary = _only(world, wanted, keep_details=True, dry_run=True)
    details = summary.details
    assert set(details.superoffice) == set(scope) | {"so-only@example.se"}
    assert set(details.emarketeer) == set(scope) | {"em-only@example.se", "em-bare@example.se", "em-new@example.se"}
    assert {d.email for d in details.plan.decisions} <= set(wanted)
    assert [e.email for e in summary.errors] == ["not an address"]
    assert summary.unmatched_superoffice == 1 and summary.unmatched_emarketeer == 3


def test_bulk_path_plans_exactly_as_the_direct_read_does(world):
    """The same world planned through the per-address read and through the bulk read gives the same decisions."""
    scope = _people(world, 24)
    world.so_person("dup@example.se", registered=world.now() - timedelta(days=800), STORE="61B")
    world.so_person("dup@example.se", STORE="61A", EMARKETING="WITHDRAWN")
    world.em_contact("dup@example.se", store="Consent")
    world.so_person("lone@example.se", EMARKETING="61A")
    world.sync()
    world.advance(1800)
    world.so.set_consent(world.so_person_id("r1@example.se"), "STORE", "61B")
    world.em.add_consent("r2@example.se", "Store and process", "Legitimate interest")
    world.so.set_consent(world.so_person_id("r4@example.se"), "EMARKETING", "WITHDRAWN")
    world.em.add_consent("r4@example.se", "Marketing sendouts", "Withdrawn")
    world.em_contact("lone@example.se")
    world.so_person("fresh@example.se", STORE="61A")
    world.advance(60)
    wanted = scope + ["dup@example.se", "lone@example.se", "fresh@example.se"]

    def decisions(**kw):
        s = _only(world, wanted, dry_run=True, keep_details=True, **kw)
        return sorted((d.email, d.purpose.value, d.target, d.new, d.rule) for d in s.details.plan.decisions)

    direct = decisions(bulk_from=10**6)
    assert decisions(so_changes=True) == direct
    assert decisions(so_changes=False) == direct
    assert any(t is not None for _, _, t, _, _ in direct)  # the comparison covers real writes


# ------------------------------------------------------------------ no full run yet


@pytest.mark.parametrize("bare", [3, 12], ids=["few-unknown-by-key", "many-unknown-contact-list"])
def test_bulk_only_before_any_full_run_reads_emarketeer_paged(world, bare):
    scope = _people(world, 20)
    bare_emails = [f"bare{i}@example.se" for i in range(bare)]
    for email in bare_emails:  # in both systems, no consent in eMarketeer: SuperOffice's value goes over
        world.so_person(email, STORE="61A")
        world.em.add_contact(email)
    world.em.add_consent("r0@example.se", "Marketing sendouts", "Withdrawn")
    world.advance(60)
    assert world.store().get_cursor(CURSOR_EM_CONSENT) is None
    summary = _only(world, scope + bare_emails + ["nowhere@example.se"], keep_details=True)
    assert summary.status is RunStatus.DONE
    assert set(summary.details.emarketeer) == set(scope) | set(bare_emails)
    assert {(c.email, c.target) for c in summary.changes} == (
        {("r0@example.se", System.SUPEROFFICE)} | {(e, System.EMARKETEER) for e in bare_emails}
    )
    # Consents come paged; addresses without one are looked up by key only while that is cheaper.
    filters = [r for r in world.em.requests if r.path.endswith("/consents/filter")]
    assert filters
    reread_limit = 3 + 1  # at most R14's per-key re-reads of a few targets, and 'nowhere'
    assert len(_per_key_gets(world)) <= (bare + reread_limit if bare < BULK_FROM else reread_limit)
    assert all(v is None for v in _cursors(world).values())  # --only never sets the cursors


# ------------------------------------------------------------------ R14 and R20 on the bulk path


def test_r14_bulk_path_rereads_eMarketeer_before_writing_and_decides_again(world):
    scope = _people(world, 12)
    world.sync()
    world.advance(1800)
    for i in range(5):
        world.so.set_consent(world.so_person_id(f"r{i}@example.se"), "EMARKETING", "WITHDRAWN")
    world.advance(600)
    moved = []

    def progress(p):
        if p.phase == "planning" and not moved:  # read, not yet written: eMarketeer moves under the plan
            world.em.add_consent("r2@example.se", "Marketing sendouts", "Contract")
            moved.append(True)

    engine = _engine(world, progress=progress, vendor=True)  # r2 decided again reverses a withdrawal: no R24 here
    summary = engine.run(SyncOptions(only=tuple(scope), trigger=Trigger.SEND))
    assert moved and summary.status is RunStatus.DONE
    assert world.em_value("r2@example.se", "Marketing sendouts") == "Contract"  # never overwritten blind
    assert world.so_value(world.so_person_id("r2@example.se"), "EMARKETING") == "61B"  # decided again: R5
    for i in (0, 1, 3, 4):
        assert world.em_value(f"r{i}@example.se", "Marketing sendouts") == "Withdrawn"
    superseded = [d for d in world.store().decisions(summary.run_id) if d.status is DecisionStatus.SUPERSEDED]
    assert [(d.email, d.new) for d in superseded] == [("r2@example.se", LegalBasis.WITHDRAWN)]


def test_r20_bulk_only_run_waits_for_no_one_and_never_runs_beside_another(world):
    scope = _people(world, 12)
    lock = RunLock(world.data_dir)
    lock.acquire()
    try:
        with pytest.raises(LockHeld):
            _only(world, scope)
    finally:
        lock.release()
    assert _only(world, scope).status is RunStatus.DONE


def test_small_scope_keeps_the_direct_per_address_read(world):
    scope = _people(world, 4)
    world.sync()
    world.advance(600)
    _clear(world)
    summary = _only(world, scope, bulk_from=50)
    assert summary.status is RunStatus.DONE
    assert len(_per_key_gets(world)) == 4
    assert not [r for r in world.em.requests if r.path.endswith("/consents/filter")]


# ------------------------------------------------------------------ the engine's own choices; R17 in scope


def test_superoffice_read_is_chosen_by_cost_and_many_recipients_cost_few_requests(world):
    engine = world.engine()
    assert engine.settings.only_bulk_from == 50  # the default threshold
    # By address: one archive request per ~150 addresses plus two per ~600 persons; changes: about 6.
    assert engine._superoffice_by_address_cost(200) <= engine.SO_CHANGES_MIN_REQUESTS
    assert engine._superoffice_by_address_cost(5000) > engine.SO_CHANGES_MIN_REQUESTS
    scope = _people(world, 650)
    world.sync()
    world.advance(1800)
    for i in range(0, 20, 2):
        world.so.set_consent(world.so_person_id(f"r{i}@example.se"), "EMARKETING", "WITHDRAWN")
        world.em.add_consent(f"r{i + 1}@example.se", "Marketing sendouts", "Withdrawn")
    world.advance(60)
    _clear(world)
    summary = world.engine().run(SyncOptions(only=tuple(scope), trigger=Trigger.SEND))
    assert len(summary.changes) == 20 and summary.status is RunStatus.DONE
    so_reads = [r for r in world.so.requests if r.method == "GET"]
    assert not [r for r in so_reads if "email.email_address" in r.query.get("$filter", "")]  # no by-address read
    writes = len(world.writes(world.so)) + len(world.writes(world.em))
    assert writes == 20
    everything = len(world.so.requests) + len(world.em.requests)
    # Beyond a few list and page reads, one request per changed recipient: its write.
    assert everything - writes <= 25, everything
    assert _per_key_gets(world) == []


def test_r17_bulk_only_reports_bad_records_of_its_recipients_and_leaves_the_others_to_the_next_run(world):
    scope = _people(world, 12)
    _people(world, 2, prefix="away")
    world.sync()
    world.advance(1800)
    at = world.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    for key in ("r4@example.se", "away1@example.se"):
        world.em.add_raw_record(
            {
                "key": key,
                "purposeId": world.em_purpose_id("Marketing sendouts"),
                "legalBasisId": 999,
                "sourceId": world.em_source_id("Web form"),
                "createdAt": at,
            }
        )
    world.advance(60)
    summary = _only(world, scope)
    found = [(e.email, e.purpose.value if e.purpose else None) for e in summary.errors]
    assert found == [("r4@example.se", "marketing")]
    assert "999" in summary.errors[0].reason
    world.advance(60)
    nxt = world.sync()
    assert "away1@example.se" in {e.email for e in nxt.errors}
