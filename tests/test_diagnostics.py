"""The support file (issue 10 point 7; R19): `check --diagnostics FILE` writes versions, settings without secrets, the
last runs, the check result and one redacted answer of every endpoint the app reads; no secret, address or name."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from cli_support import cli_env, run_cli

from desktop_app.config import Credentials, resolve_config
from desktop_app.simulators import EmarketeerSimulator, SimClock, SuperOfficeSimulator
from desktop_app.sync.diagnostics import Redactor, write_diagnostics

PASSWORD = "pw-diag-K3-never-shown"
API_KEY = "key-diag-L4-never-shown"
ADDRESSES = ("anna.svensson@example.se", "bo.ek@foretag.se", "cecilia@bolaget.se")
PERSONAL = ("Svensson", "Cecilia", "+46701234567", "Met at the fair", "Signed up on the web")


@pytest.fixture
def servers():
    so = SuperOfficeSimulator(clock=SimClock(), users={"admin": PASSWORD}).start()
    em = EmarketeerSimulator(clock=SimClock(), api_keys={API_KEY}).start()
    now = datetime.now(timezone.utc)
    for n, address in enumerate(ADDRESSES):
        person = so.add_person(address, registered=now - timedelta(days=30 + n))
        so.set_consent(
            person, "EMARKETING", "61A", comment=f"Met at the fair, wrote from {address}", at=now - timedelta(days=3)
        )
        em.add_contact(address, "Cecilia" if n == 2 else "Anna", "Svensson", "+46701234567", now - timedelta(days=9))
        em.add_consent(
            address,
            "Marketing sendouts",
            "Withdrawn",
            description="Signed up on the web",
            created_at=now - timedelta(days=2),
        )
    em.add_list("Newsletter", ADDRESSES)
    yield so, em
    so.stop()
    em.stop()


def scan(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_check_writes_the_support_zip_without_secrets_addresses_or_names(tmp_path, servers):
    so, em = servers
    env = cli_env(
        tmp_path / "data",
        so,
        em,
        LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD=PASSWORD,
        LEGALBASIS_SYNC_EMARKETEER_API_KEY=API_KEY,
    )
    synced = run_cli(env, "sync", "--json")  # some history to report (eMarketeer's withdrawals win)
    assert synced.returncode == 0, synced.stderr
    target = tmp_path / "out" / "diagnostics.zip"
    checked = run_cli(env, "check", "--diagnostics", str(target))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"Diagnostics written to {target}" in checked.stderr
    files = scan(target)
    endpoints = {json.loads(text)["endpoint"] for name, text in files.items() if name.startswith("samples/")}
    assert endpoints >= {
        "superoffice GET v1/List/LegalBase/Items",
        "superoffice GET v1/List/ConsentPurpose/Items",
        "superoffice GET v1/List/ConsentSource/Items",
        "superoffice GET v1/Archive/dynamic (consent rows)",
        "superoffice GET v1/Archive/dynamic (e-mail rows)",
        "superoffice GET v1/Person/{id}/Consent",
        "emarketeer GET /consent-public/v1/purposes",
        "emarketeer GET /consent-public/v1/legalBases",
        "emarketeer GET /consent-public/v1/sources",
        "emarketeer GET /consent-public/v1/consents/filter",
        "emarketeer GET /contacts-api/v1/contacts",
        "emarketeer GET /consent-public/v1/consents",
        "emarketeer GET /consent-public/v1/consents/history",
        "emarketeer GET /contacts-api/v1/contacts?email=",
        "emarketeer GET /contacts-api/v1/lists/",
        "emarketeer GET /contacts-api/v1/lists/{list_id}",
    }
    assert {"README.txt", "versions.json", "settings.json", "runs.json", "check.json"} <= set(files)
    everything = "\n".join(files.values())
    for secret in (PASSWORD, API_KEY):
        assert secret not in everything
    for address in ADDRESSES:
        assert address not in everything and address.split("@")[0] not in everything
    for personal in PERSONAL:
        assert personal not in everything, personal
    assert re.search(r"person\d+@example\.invalid", everything)  # replaced, consistently, not dropped
    runs = json.loads(files["runs.json"])["runs"]
    assert runs and runs[0]["status"] == "done" and runs[0]["changes"] >= 3
    settings = json.loads(files["settings.json"])
    assert settings["secrets_set"] == {
        "superoffice_password": True,
        "superoffice_token": False,
        "emarketeer_api_key": True,
    }
    assert json.loads(files["check.json"])["ok"] is True
    assert json.loads(files["versions.json"])["legalbasis-sync"]
    # The sample keeps the shape support needs: field names and non-personal values stay.
    consent_rows = next(json.loads(t) for n, t in files.items() if "consent_rows" in n)["answer"]
    row = consent_rows["value"][0]
    assert row["consentperson.legalBase_id.key"] in ("61A", "61F", "WITHDRAWN")
    assert row["consentperson.comment"] in ("", None) or row["consentperson.comment"].startswith("(text, ")


def test_redactor_replaces_the_same_address_the_same_way_and_scrubs_secrets():
    r = Redactor(["s3cret-token"])
    body = {
        "items": [
            {"email": "A@x.se", "firstName": "Anna", "description": "from a@x.se", "id": 5},
            {"key": "a@x.se", "note": "token s3cret-token"},
        ]
    }
    out = r.value(None, body)
    assert out["items"][0]["email"] == out["items"][1]["key"] == "person1@example.invalid"
    assert out["items"][0]["firstName"] == "(text, 4 characters)" and out["items"][0]["id"] == 5
    assert out["items"][1]["note"] == "token ***"


def test_write_diagnostics_without_credentials_still_writes_what_it_can(tmp_path, servers):
    so, em = servers
    config = resolve_config({"crm": "onsite", "superoffice_url": so.base_url}, {}, data_dir=tmp_path / "data")
    path = write_diagnostics(
        tmp_path / "d.zip",
        config,
        None,
        credentials_error="Cannot sync with SuperOffice on-site: the eMarketeer API key is missing.",
    )
    files = scan(path)
    assert json.loads(files["check.json"])["items"][0]["name"] == "Settings"
    assert json.loads(files["runs.json"])["runs"] == []
    assert not (tmp_path / "data" / "history.sqlite3").exists()  # nothing created
    assert not any(name.startswith("samples/") for name in files)


def test_write_diagnostics_in_process_has_no_secret(tmp_path, servers):
    so, em = servers
    config = resolve_config(
        {"crm": "onsite", "superoffice_url": so.base_url, "superoffice_user": "admin", "emarketeer_url": em.base_url},
        {},
        data_dir=tmp_path / "data",
    )
    path = write_diagnostics(tmp_path / "d.zip", config, Credentials(API_KEY, superoffice_password=PASSWORD))
    everything = "\n".join(scan(path).values())
    assert PASSWORD not in everything and API_KEY not in everything
    assert not any(a in everything for a in ADDRESSES)
