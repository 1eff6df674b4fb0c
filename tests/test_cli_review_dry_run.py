"""R24 headless: `review` after only `sync --dry-run`, as the window answers a first Preview's held rows.

`sync --dry-run --json` lists a held decision (a reversed withdrawal, R24) but a dry run never fills the held list:
only a run let through does. `review` then said "Nothing is held for review" and `review --approve X` said "Nothing
for X is held for review", while the window recorded the same answer for the same Preview's row. What the admin lost:
the command line could not answer what it had just shown, and said nothing was held while a withdrawal was about to
be held. R24: an approval covers the two values and times it was given for (the answer says them); the next sync
carries it out while they stand. The dry run's hold counts only while no later run decided the pair: a hold carried
out, or a withdrawal a later sync no longer holds, is never listed again as waiting for a person.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from cli_support import cli_env, one_sentence, run_cli, start_servers
from engine_support import T0

from desktop_app.domain.model import (
    Consent,
    EmarketeerContact,
    LegalBasis,
    RunMode,
    SuperOfficeContact,
    SuperOfficePerson,
    Trigger,
)
from desktop_app.domain.planner import AnswerKind, PlanSettings, plan
from desktop_app.store import DecisionStatus, Store

C, W, DAY = LegalBasis.CONSENT, LegalBasis.WITHDRAWN, timedelta(days=1)


@pytest.fixture
def reversal():
    """One contact whose withdrawal in eMarketeer a later SuperOffice 'Consent' would reverse (R24)."""
    so, em = start_servers(0, creation_default=False)
    em.add_contact("rev@example.se")
    em.add_consent("rev@example.se", "Marketing sendouts", "Withdrawn", created_at=T0 - timedelta(days=3))
    person = so.add_person("rev@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(person, "EMARKETING", "61A", at=T0 - timedelta(days=1))
    yield so, em, person
    so.stop()
    em.stop()


def _held(env) -> list[tuple[str, str, str | None]]:
    listed = run_cli(env, "review", "--json")
    assert listed.returncode == 0, listed.stderr
    return [(h["email"], h["purpose"], h["answer"]) for h in json.loads(listed.stdout)["held"]]


def test_review_lists_and_answers_what_a_first_dry_run_held(tmp_path, reversal):
    so, em, person = reversal
    env = cli_env(tmp_path / "data", so, em)
    dry = run_cli(env, "sync", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert [(h["email"], h["purpose"]) for h in json.loads(dry.stdout)["held"]] == [("rev@example.se", "marketing")]

    assert _held(env) == [("rev@example.se", "marketing", None)]
    text = run_cli(env, "review")
    assert "held rev@example.se marketing" in text.stdout and "dry run" in text.stdout, text.stdout

    approved = run_cli(env, "review", "--approve", "rev@example.se:marketing")
    assert approved.returncode == 0, approved.stderr
    said = one_sentence(approved.stderr)
    assert "Approved: rev@example.se marketing" in said and "eMarketeer Withdrawn (" in said
    assert _held(env) == [("rev@example.se", "marketing", "approve")]

    # The first real sync reads the same values: the approval is carried out (R24), not held.
    out = json.loads(run_cli(env, "sync", "--json").stdout)
    assert out["held"] == []
    assert [(c["email"], c["target"], c["new"]) for c in out["changes"]] == [
        ("rev@example.se", "emarketeer", "consent")
    ]
    # Carried out: the dry run's hold is not listed as waiting again, and cannot be answered again.
    assert _held(env) == []
    again = run_cli(env, "review", "--keep", "rev@example.se")
    assert again.returncode == 2 and "Nothing for rev@example.se is held for review" in one_sentence(again.stderr)


def test_a_dry_run_hold_a_later_sync_did_not_hold_is_not_listed_nor_answered(tmp_path, reversal):
    so, em, person = reversal
    env = cli_env(tmp_path / "data", so, em)
    assert run_cli(env, "sync", "--dry-run").returncode == 0
    # The later real sync decides the pair with "Hold reversed withdrawals" off: written as the vendor does (R5).
    off = cli_env(tmp_path / "data", so, em, LEGALBASIS_SYNC_HOLD_REVERSALS="0")
    assert json.loads(run_cli(off, "sync", "--json").stdout)["held"] == []
    assert _held(env) == []
    late = run_cli(env, "review", "--approve", "rev@example.se")
    assert late.returncode == 2 and "Nothing for rev@example.se is held for review" in one_sentence(late.stderr)


def test_store_a_dry_run_hold_counts_only_until_a_later_run_decided_the_pair(tmp_path):
    """The same rule for the window's answers (store._as_previewed): a held row still on screen after a later sync
    carried the hold out is not answered again. Before, a Keep withdrawn on it was recorded (and the window said so)
    for a withdrawal the sync had already reversed."""
    so = {
        "rev@example.se": SuperOfficeContact(
            "rev@example.se",
            (SuperOfficePerson(1, "rev@example.se", T0 - timedelta(days=400), (Consent(), Consent(C, T0 - DAY))),),
        )
    }
    em = {"rev@example.se": EmarketeerContact("rev@example.se", 1, (Consent(), Consent(W, T0 - 5 * DAY)))}
    [held] = plan(so, em, {}, T0, PlanSettings()).held
    other = dataclasses.replace(held, email="other@example.se")
    with Store.open(tmp_path) as store:
        dry = store.start_run(Trigger.MANUAL, RunMode.FULL, True)
        store.record_decisions(dry, [held, other], DecisionStatus.HELD)
        assert {h.email for h in store.previewed_held()} == {"rev@example.se", "other@example.se"}
        # A send-time sync decided rev@ by name (nothing held for it now): only other@'s hold still stands.
        store.start_run(Trigger.SEND, RunMode.ONLY, False, (held.email,))
        assert [h.email for h in store.previewed_held()] == ["other@example.se"]

        # A real run held rev@ (held list), a person approved, a later run wrote it: the held list no longer holds it.
        real = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
        store.record_decisions(real, store.replace_held(real, None, [held]), DecisionStatus.HELD)
        assert store.previewed_held() == []
        later = store.start_run(Trigger.SCHEDULED, RunMode.FULL, False)
        store.replace_held(later, None, [])
        key = (held.email, held.purpose)
        shown = {key: (held.person_id, held.superoffice, held.emarketeer)}
        assert store.answer_held({key}, AnswerKind.KEEP, "maria", shown) == []
        assert store.answers() == []
