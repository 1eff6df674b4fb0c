"""The headless side of issue 12 (shared/CLI.md): `sync` exit 3 and `--allow-mass-change` (R23), the `held` and
`flapping` fields, `review` listing, approving, keeping and clearing (R24, R25), and the environment variables."""

from __future__ import annotations

import csv
import getpass
import json
from datetime import timedelta

import pytest
from cli_support import cli_env, fast_requests, one_sentence, run_cli, start_servers
from engine_support import T0

from desktop_app.domain.model import Purpose
from desktop_app.store import Store


def servers(contacts: int = 0):
    """cli_support's servers and contacts, without SuperOffice's own STORE row for new persons (R22 is tested
    elsewhere): each contact needs exactly one write."""
    return start_servers(contacts, creation_default=False)


@pytest.fixture
def reversal():
    """One contact whose withdrawal in eMarketeer a later SuperOffice 'Consent' would reverse (R24)."""
    so, em = servers()
    em.add_contact("rev@example.se")
    em.add_consent("rev@example.se", "Marketing sendouts", "Withdrawn", created_at=T0 - timedelta(days=3))
    person = so.add_person("rev@example.se", registered=T0 - timedelta(days=300))
    so.set_consent(person, "EMARKETING", "61A", at=T0 - timedelta(days=1))
    yield so, em, person
    so.stop()
    em.stop()


def test_r24_sync_json_lists_the_held_decision_and_review_approves_it(tmp_path, reversal):
    so, em, person = reversal
    env = cli_env(tmp_path / "data", so, em)
    first = run_cli(env, "sync", "--json")
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert out["changes"] == [] and out["flapping"] == []
    assert out["held"] == [
        {
            "email": "rev@example.se",
            "purpose": "marketing",
            "superoffice": "consent",
            "emarketeer": "withdrawn",
            "would_write": {"target": "emarketeer", "new": "consent"},
            "rule": "R24",
        }
    ]

    listed = run_cli(env, "review", "--json")
    assert listed.returncode == 0, listed.stderr
    review = json.loads(listed.stdout)
    assert [(h["email"], h["purpose"], h["answer"]) for h in review["held"]] == [("rev@example.se", "marketing", None)]
    text = run_cli(env, "review")
    assert "held rev@example.se marketing" in text.stdout and "R24" in text.stdout

    approved = run_cli(env, "review", "--approve", "REV@example.se:marketing")
    assert approved.returncode == 0
    assert "Approved: rev@example.se marketing" in one_sentence(approved.stderr)
    # R24: the values it covers are said, as the held list says them.
    assert "for SuperOffice Consent (" in approved.stderr and "eMarketeer Withdrawn (" in approved.stderr
    again = run_cli(env, "sync", "--json")
    changes = json.loads(again.stdout)["changes"]
    assert [(c["email"], c["target"], c["new"]) for c in changes] == [("rev@example.se", "emarketeer", "consent")]
    assert json.loads(run_cli(env, "review", "--json").stdout)["held"] == []

    csv_path = tmp_path / "audit.csv"
    assert run_cli(env, "history", "--csv", str(csv_path)).returncode == 0
    with csv_path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    [answer] = [r for r in rows if r["trigger"] == "review"]
    assert answer["answered_by"] == getpass.getuser() and answer["status"] == "approved"


def test_r24_review_keep_and_mistakes(tmp_path, reversal):
    so, em, person = reversal
    env = cli_env(tmp_path / "data", so, em)
    run_cli(env, "sync")
    wrong = run_cli(env, "review", "--approve", "nobody@example.se")
    assert wrong.returncode == 2 and "nobody@example.se" in one_sentence(wrong.stderr)
    bad = run_cli(env, "review", "--keep", "not an address")
    assert bad.returncode == 2 and "not an e-mail address" in one_sentence(bad.stderr)
    kept = run_cli(env, "review", "--keep", "rev@example.se")
    assert kept.returncode == 0, kept.stderr
    assert run_cli(env, "sync").returncode == 0
    assert so.consents(person)["EMARKETING"]["LegalBaseKey"] == "WITHDRAWN"


def test_r24_hold_reversals_off_from_the_environment_writes_as_the_vendor_does(tmp_path, reversal):
    so, em, _ = reversal
    env = cli_env(tmp_path / "data", so, em, LEGALBASIS_SYNC_HOLD_REVERSALS="0")
    out = json.loads(run_cli(env, "sync", "--json").stdout)
    assert out["held"] == [] and [c["new"] for c in out["changes"]] == ["consent"]


def test_r23_a_held_run_exits_3_with_one_sentence_and_allow_mass_change_lets_it_through(tmp_path):
    so, em = servers(201)  # a first full run with 201 writes
    try:
        fast_requests(tmp_path / "data")
        env = cli_env(tmp_path / "data", so, em)
        held = run_cli(env, "sync")
        assert held.returncode == 3
        sentence = one_sentence(held.stderr)
        assert "mass-change brake" in sentence and "201" in sentence
        assert em.requests and not [r for r in so.requests if r.method == "PUT"]
        as_json = run_cli(env, "sync", "--json")
        assert as_json.returncode == 3
        out = json.loads(as_json.stdout)
        assert out["status"] == "held" and len(out["changes"]) == 201
        review = json.loads(run_cli(env, "review", "--json").stdout)
        assert review["held_run"]["writes"] == 201
        off = run_cli(cli_env(tmp_path / "data", so, em, LEGALBASIS_SYNC_MASS_CHANGE_BRAKE="0"), "sync", "--dry-run")
        assert off.returncode == 0
        through = run_cli(env, "sync", "--allow-mass-change", "--json")
        assert through.returncode == 0, through.stderr
        assert json.loads(through.stdout)["status"] == "done"
        assert len([r for r in so.requests if r.method == "PUT"]) == 201
    finally:
        so.stop()
        em.stop()


def test_r25_review_lists_and_clears_a_flapping_pair(tmp_path):
    so, em = servers()
    try:
        env = cli_env(tmp_path / "data", so, em)
        with Store.open(tmp_path / "data") as store:
            store.flag_flapping(
                store.start_run("manual", "full", False),
                {
                    ("flap@example.se", Purpose.STORE): [
                        {"at": "x", "target": "emarketeer", "old": "contract", "new": "consent"}
                    ]
                    * 3
                },
            )
        review = json.loads(run_cli(env, "review", "--json").stdout)
        assert [(f["email"], f["purpose"], f["writes_24h"]) for f in review["flapping"]] == [
            ("flap@example.se", "store", 3)
        ]
        cleared = run_cli(env, "review", "--clear", "flap@example.se:store")
        assert cleared.returncode == 0 and "Cleared" in one_sentence(cleared.stderr)
        assert json.loads(run_cli(env, "review", "--json").stdout)["flapping"] == []
        again = run_cli(env, "review", "--clear", "flap@example.se")
        assert again.returncode == 2 and "flapping" in one_sentence(again.stderr)
    finally:
        so.stop()
        em.stop()


def test_r24_sync_lists_every_hold_also_those_the_run_did_not_decide(tmp_path, reversal):
    """shared/CLI.md: `sync` and `sync --json` list the decisions held for a person (R24), also a hold the run did
    not decide again (an --only run here; an incremental run that nothing about the address reached likewise)."""
    so, em, _ = reversal
    env = cli_env(tmp_path / "data", so, em)
    assert run_cli(env, "sync").returncode == 0
    em.add_contact("other@example.se")
    out = json.loads(run_cli(env, "sync", "--only", "other@example.se", "--json").stdout)
    assert out["mode"] == "only"
    assert [(h["email"], h["would_write"]) for h in out["held"]] == [
        ("rev@example.se", {"target": "emarketeer", "new": "consent"})
    ]
    text = run_cli(env, "sync", "--only", "other@example.se").stdout
    assert "  held rev@example.se marketing: would write Consent over Withdrawn in eMarketeer [R24]" in text
