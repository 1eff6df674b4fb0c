"""The support zip (`check --diagnostics FILE`, shared/CLI.md) after a review: no contact's name or mistyped address
in it, no stray file when it cannot be written, and `check --json` still prints its object then."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

from cli_support import one_sentence

from desktop_app.config import resolve_config
from desktop_app.sync.diagnostics import write_diagnostics

# What a CRM person's e-mail field may hold instead of an address (R17 puts each on the run's error list).
MISTYPED = ("Anna Svensson", "bo.ek@@foretag.se", "cecilia lind@bolaget.se", "dag.holm(at)firma.se")
FRAGMENTS = ("Anna", "Svensson", "bo.ek", "foretag", "cecilia", "lind", "dag.holm", "firma")


def _scan(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _env(data_dir) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env["LEGALBASIS_SYNC_DATA_DIR"] = str(data_dir)
    return env


def _cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_runs_json_replaces_the_names_and_mistyped_addresses_on_the_error_list(world, tmp_path):
    """CLI.md: the support zip has "addresses and names redacted". A person whose e-mail field holds a name or a
    mistyped address is on the run's error list (R17) with that text as its `email` and quoted in its `reason`; an
    address pattern does not recognise it, so the whole field is replaced, and the reason's quote of it too."""
    for text in MISTYPED:
        world.so_person(text, EMARKETING="61A")
    world.so_person("ok@example.se", EMARKETING="61A")
    world.em_contact("ok@example.se", marketing="Consent")
    result = world.sync()
    assert len(result.errors) >= len(MISTYPED), result
    config = resolve_config({"crm": "onsite"}, {}, data_dir=world.data_dir)
    path = write_diagnostics(tmp_path / "d.zip", config, None, credentials_error="No credentials in this test.")
    runs = _scan(path)["runs.json"]
    errors = [e for r in json.loads(runs)["runs"] for e in r["error_list"]]
    assert len(errors) >= len(MISTYPED)
    leaked = [word for word in FRAGMENTS if word.lower() in runs.lower()]
    assert leaked == [], errors
    # Replaced, not dropped: each row still says which (anonymous) contact it is, and the same text the same way.
    assert all(e["email"].endswith("@example.invalid") for e in errors), errors
    assert len({e["email"] for e in errors}) == len(errors), errors
    invalid = [e for e in errors if "invalid e-mail address" in e["reason"]]
    assert len(invalid) == len(MISTYPED) and all(repr(e["email"]) in e["reason"] for e in invalid), errors


def test_diagnostics_to_a_folder_name_leaves_no_part_file_behind(tmp_path):
    """`check --diagnostics ~/Desktop` names a folder: the write fails (OSError, which the command turns into one
    sentence) and leaves nothing beside it, neither a ".part" file nor anything else; the folder is untouched."""
    target = tmp_path / "Desktop"
    target.mkdir()
    config = resolve_config({"crm": "onsite"}, {}, data_dir=tmp_path / "data")
    failed = False
    try:
        write_diagnostics(target, config, None, credentials_error="No credentials in this test.")
    except OSError:
        failed = True
    assert failed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["Desktop"]
    assert list(target.iterdir()) == []


def test_check_json_still_prints_its_object_when_the_diagnostics_file_cannot_be_written(tmp_path):
    """CLI.md `check --json`: one JSON object on stdout, whatever happens to `--diagnostics`. When the zip cannot be
    written (here its folder's name is a file) the check has already run, so its object is printed; stderr says in
    one sentence what is wrong, naming that folder, and the exit is 2 (a usage error)."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (tmp_path / "reports").write_text("a file, not a folder")
    done = _cli(_env(data), "check", "--json", "--diagnostics", str(tmp_path / "reports" / "d.zip"))
    assert done.stdout.strip(), done.stderr
    body = json.loads(done.stdout)
    assert body["ok"] is False and body["items"]
    line = one_sentence(done.stderr)
    assert str(tmp_path / "reports") in line and "not a folder" in line, line
    assert "file exists" not in line.lower(), line
    assert done.returncode == 2, done
    assert not (tmp_path / "reports" / "d.zip").exists()
