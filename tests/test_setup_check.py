"""`legalbasis-sync check` (shared/CLI.md; issue 10 point 6) against the simulators: each item ok or one sentence,
read-only, field by field, clocks against this machine's (R13's skew window), TLS, exit codes and JSON."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from cli_support import run_cli

from desktop_app.config import Credentials, resolve_config
from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator
from desktop_app.simulators.common import Fault
from desktop_app.sync import setup_check as C

PASSWORD = "pw-check-Q1-never-shown"
API_KEY = "key-check-W2-never-shown"


@pytest.fixture
def servers():
    """Both simulators on this machine's own time (the clock items compare with it), with a little data."""
    so = SuperOfficeSimulator(clock=SimClock(), users={"admin": PASSWORD}).start()
    em = EmarketeerSimulator(clock=SimClock(), api_keys={API_KEY}).start()
    now = datetime.now(timezone.utc)
    person = so.add_person("anna@example.se", registered=now - timedelta(days=30))
    so.set_consent(person, "EMARKETING", "61A", at=now - timedelta(days=3))
    em.add_contact("anna@example.se")
    em.add_consent("anna@example.se", "Marketing sendouts", "Consent", created_at=now - timedelta(days=2))
    yield so, em
    so.stop()
    em.stop()


def config_for(tmp_path, so, em, **saved):
    # SuperOffice Online (the tenant state is looked up); the command-line test below runs on-site.
    values = {
        "crm": "online",
        "enabled": True,
        "superoffice_url": so.base_url,
        "superoffice_state_url": so.state_url,
        "emarketeer_url": em.base_url,
        **saved,
    }
    return resolve_config(values, {}, data_dir=tmp_path)


CREDENTIALS = Credentials(emarketeer_api_key=API_KEY, superoffice_token="demo-token")


def test_every_item_is_ok_against_simulators_that_answer_like_the_real_services(tmp_path, servers):
    so, em = servers
    samples: dict = {}
    result = C.check_setup(config_for(tmp_path, so, em), CREDENTIALS, samples=samples)
    assert result.ok, result.text()
    names = [item.name for item in result.items]
    assert names[0] == C.SETTINGS and set(C.SUPEROFFICE_ITEMS) <= set(names) and set(C.EMARKETEER_ITEMS) <= set(names)
    assert C.CLOCKS_AGREE in names
    assert all(item.message.endswith(".") and "\n" not in item.message for item in result.items)
    assert "Running" in result.item(C.SO_TENANT).message
    assert "loopback" in result.item(C.SO_TLS).message
    assert "API (Other integration)" in result.item(C.SO_SOURCE).message
    # It writes nothing: only reads reached either service.
    assert {r.method for r in so.requests} == {"GET"} and {r.method for r in em.requests} == {"GET"}
    assert {
        "superoffice GET v1/Archive/dynamic (consent rows)",
        "emarketeer GET /consent-public/v1/consents/filter",
        "emarketeer GET /contacts-api/v1/contacts",
    } <= set(samples)
    assert result.to_json()["ok"] is True and json.dumps(result.to_json())


def test_each_difference_is_one_sentence_saying_what_to_do(tmp_path, servers):
    so, em = servers
    so.legal_bases[:] = [b for b in so.legal_bases if b["Key"] != "61D"]
    next(p for p in so.purposes if p["Key"] == "EMARKETING")["Active"] = False
    so.tenant_state = "OnlineMaintenance"  # usable: the API is available
    pid = so.add_person("bo@example.se", creation_default=None)
    so.set_consent(pid, "STORE", "61A")
    so.set_raw_consent_field(pid, "STORE", "updated", "next week")
    em.sources[:] = [s for s in em.sources if s["name"] != "Other integration"]
    em.clock.advance(600)  # ten minutes ahead: beyond the 120 s skew window
    result = C.check_setup(config_for(tmp_path, so, em), CREDENTIALS)
    failed = {item.name: item.message for item in result.items if not item.ok}
    assert set(failed) == {C.SO_PURPOSES, C.SO_BASES, C.SO_CONSENT_ROWS, C.EM_SOURCE, C.EM_CLOCK, C.CLOCKS_AGREE}
    assert "EMARKETING (inactive)" in failed[C.SO_PURPOSES]
    assert "61D" in failed[C.SO_BASES]
    assert "consentperson.updated is not an ISO-8601 date-time in 1 of 3 rows" in failed[C.SO_CONSENT_ROWS]
    assert "'Other integration'" in failed[C.EM_SOURCE] and "Settings" in failed[C.EM_SOURCE]
    assert "ahead of this machine's" in failed[C.EM_CLOCK]
    assert "OnlineMaintenance" in result.item(C.SO_TENANT).message and result.item(C.SO_TENANT).ok
    assert all(m.count(". ") == 0 and m.endswith(".") for m in failed.values())


def test_a_refused_key_or_licence_is_explained_and_the_rest_not_guessed(tmp_path, servers):
    so, em = servers
    so.faults.add(Fault("status", status=403, times=-1))
    result = C.check_setup(
        config_for(tmp_path, so, em), Credentials(emarketeer_api_key="wrong-key", superoffice_token="demo-token")
    )
    assert not result.ok
    assert "Development Tools licence" in result.item(C.SO_REACHED).message
    assert "key is wrong" in result.item(C.EM_REACHED).message
    assert result.item(C.EM_PURPOSES).message == "Not checked, because eMarketeer could not be read."
    assert "wrong-key" not in result.text()


def test_check_reads_the_history_database_whole_which_opening_it_skips(tmp_path, servers):
    """Issue 11: Store.open skips PRAGMA quick_check after a clean close; `check` runs it on demand."""
    from desktop_app.domain.model import Consent, LegalBasis, Purpose
    from desktop_app.store import BaselineEntry, Store

    so, em = servers
    now = datetime.now(timezone.utc)
    config = config_for(tmp_path, so, em)
    first = C.check_setup(config, CREDENTIALS)
    assert first.item(C.HISTORY).ok and "yet" in first.item(C.HISTORY).message
    with Store.open(tmp_path) as store:
        store.save_baselines(
            BaselineEntry(
                f"u{i}@example.com", Purpose.STORE, Consent(LegalBasis.CONSENT, now), Consent(LegalBasis.CONSENT, now)
            )
            for i in range(3000)
        )
    assert C.check_setup(config, CREDENTIALS).item(C.HISTORY).ok
    with open(tmp_path / "history.sqlite3", "r+b") as fh:
        fh.seek(4096 * 2)
        fh.write(b"\xff" * 4096 * 2)
    damaged = C.check_setup(config, CREDENTIALS)
    item = damaged.item(C.HISTORY)
    assert not item.ok and not damaged.ok
    assert "is damaged" in item.message and "moves it aside" in item.message and item.message.endswith(".")
    assert (tmp_path / "history.sqlite3").exists(), "check writes nothing: the file stays where it is"


def test_missing_settings_are_one_failed_item(tmp_path, servers):
    so, em = servers
    result = C.check_setup(
        config_for(tmp_path, so, em),
        None,
        credentials_error="Cannot sync with SuperOffice on-site: the eMarketeer API key is missing.",
    )
    assert [(i.name, i.ok) for i in result.items] == [(C.SETTINGS, False)]


def test_page_problems_field_by_field():
    fields = (C.FieldSpec("id", "id"), C.FieldSpec("at", "time"), C.FieldSpec("note", "text", C.OPTIONAL))
    rows = [{"id": "[I:7]", "at": "2026-01-01T00:00:00Z", "extra": 1}, {"id": "x", "at": 5, "note": 3}, "junk"]
    assert [m.english() for m in C.page_problems(rows, fields)] == [
        "1 of 3 rows are not objects",
        "id is not a whole number in 1 of 3 rows",
        "at is not an ISO-8601 date-time in 1 of 3 rows",
        "note is not text in 1 of 3 rows",
    ]
    problems = C.page_problems(
        [{"ID": 1, "AT": None}], (C.FieldSpec("id", "id"), C.FieldSpec("at", "time")), case_insensitive=True
    )
    assert [m.english() for m in problems] == ["at is empty in 1 of 1 rows"]


def test_tls_item_wants_https_off_this_machine():
    run = C._Run(config=None, now=lambda: datetime.now(timezone.utc), samples=None)
    C._tls(run, "x", "eMarketeer", "http://proxy.example.com/api", None)
    C._tls(run, "y", "eMarketeer", "https://connect.emarketeer.com", None, also="https://prod-apigw.emarketeer.com")
    assert not run.items[0].ok and "not encrypted" in run.items[0].message
    assert run.items[1].ok and "connect.emarketeer.com, prod-apigw.emarketeer.com" in run.items[1].message


def _env(tmp_path, so, em, **overrides):
    from cli_support import cli_env

    env = cli_env(
        tmp_path / "data",
        so,
        em,
        LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD=PASSWORD,
        LEGALBASIS_SYNC_EMARKETEER_API_KEY=API_KEY,
    )
    env.update(overrides)
    return env


def test_check_command_json_and_exit_codes(tmp_path, servers):
    so, em = servers
    env = _env(tmp_path, so, em)
    ok = run_cli(env, "check", "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    body = json.loads(ok.stdout)
    assert body["ok"] is True and {"name", "ok", "message"} == set(body["items"][0])
    text = run_cli(env, "check")
    assert text.returncode == 0 and "✓ SuperOffice reachable and signed in" in text.stdout
    assert "on-site installation" in text.stdout
    assert not (tmp_path / "data" / "history.sqlite3").exists()  # it writes nothing, not even a database
    so.tenant_state = "Offline"
    so.move_host()
    bad = run_cli(env, "check", "--json")
    assert bad.returncode == 1 and json.loads(bad.stdout)["ok"] is False
    missing = run_cli({**env, "LEGALBASIS_SYNC_EMARKETEER_API_KEY": ""}, "check", "--json")
    assert missing.returncode == 1
    item = json.loads(missing.stdout)["items"][0]
    assert item["name"] == "Settings" and not item["ok"] and "API key" in item["message"]
    for result in (ok, text, bad, missing):
        assert PASSWORD not in result.stdout + result.stderr and API_KEY not in result.stdout + result.stderr
