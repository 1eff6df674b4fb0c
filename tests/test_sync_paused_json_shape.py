"""`sync --json` for a run the token endpoint's pause stopped prints shared/CLI.md's object for a run with a number,
as the run after it (stopped by the same pause, now kept) does (found by the fourteenth pass's review)."""

from __future__ import annotations

import json

from test_cli_online import _run, online  # noqa: F401

from desktop_app.simulators import Fault

TOKEN_PATH = "/login/common/oauth/tokens"


def test_a_run_the_sign_in_pause_stopped_prints_the_same_json_object_as_one_a_kept_pause_stopped(monkeypatch, online):
    """A monitoring script that reads shared/CLI.md's `sync --json` (a run with a number has dry_run, trigger,
    matched, changes, conflicts, errors...) crashes on KeyError or reports "0 changes" as null for the run the token
    endpoint paused, while the very next run, stopped by the same pause (now kept), prints the full object. Cause:
    sync/commands.py:65-68 writes {"run_id", "status", "message"} by hand instead of a RunSummary.to_json for the
    recorded run. Fix: build the JSON from the recorded run (store.get_run(run_id) -> the summary's to_json shape,
    mode null, counts 0, empty lists), as the engine's kept-pause path does."""
    so, em, keyring, data_dir = online
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))

    code1, out1, err1 = _run(monkeypatch, keyring, "sync", "--json")  # the token endpoint asks for the pause now
    code2, out2, err2 = _run(monkeypatch, keyring, "sync", "--json")  # the pause is kept: the engine stops the run
    asked, kept = json.loads(out1), json.loads(out2)

    assert code1 == code2 == 1, (err1, err2)
    assert asked["status"] == kept["status"] == "stopped"
    assert sorted(asked) == sorted(kept), (sorted(asked), sorted(kept))
    assert asked["run_id"] is not None and asked["mode"] is None and asked["changes"] == [] and asked["matched"] == 0
    assert "asked to wait" in asked["message"]
