"""A vendor's pause (sync/pause.py) met by `check`, by a `sync` whose renewal the token endpoint pauses, and by
`send --due` (shared/CLI.md).

SPEC R18 and the api notes: a 429/503 with a long Retry-After is the vendor asking to be left alone until then; the
app keeps that time in the history, and while it is in force no run, send or sign-in asks that vendor anything.

1. `check` (and `check --diagnostics`) asked SuperOffice everything during a kept SuperOffice pause, its token
   endpoint first: an admin running the check to see "what is wrong" made the app ignore the vendor's explicit
   request (a vendor may throttle harder or block the client id: every sync and every send's Checklist stops).
   The check should say SuperOffice asked to wait until <time> and that its check waits, and still check eMarketeer.
2. A headless `sync` whose token renewal the token endpoint paused kept the pause but wrote no run: History (and the
   data-protection officer reading it) never showed that the 02:00 sync was attempted and why it did nothing.
3. `send --due` told an admin "the run stopped and will resume after that" (a sync's sentence) or, once the pause
   was kept, "No scheduled send is due." while a send was due: nothing said the due send had not gone out, nor when
   it will (it stays scheduled, no attempt counted, the first `send --due` after the pause sends it: sending/due.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from engine_support import T0
from test_cli_online import API_KEY, REFRESH, _run, online  # noqa: F401

from desktop_app.domain.model import RunStatus, System
from desktop_app.simulators import Fault
from desktop_app.store import Store, migrations
from desktop_app.store.database import BUSY_TIMEOUT_SECONDS, FILE_NAME
from desktop_app.sync.pause import ASKED_AT, NOT_BEFORE, pause_in_force, record_pause
from desktop_app.sync.setup_check import EM_REACHED, SO_CLOCK, SO_PURPOSES, SO_REACHED

TOKEN_PATH = "/login/common/oauth/tokens"
WAITS = re.compile(
    r"SuperOffice asked to wait until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC, so the check of SuperOffice waits until then"
)


def _token_requests(so) -> int:
    return sum(1 for r in so.requests if r.path.rstrip("/") == TOKEN_PATH)


def _keep_pause(data_dir, system: System, hours: float = 1.0) -> None:
    now = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        record_pause(store, system, now + timedelta(hours=hours), asked_at=now)


def _items(out: str) -> dict[str, dict]:
    return {item["name"]: item for item in json.loads(out)["items"]}


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# ---------------------------------------------------------------- 1. check


def test_check_during_a_kept_superoffice_pause_asks_superoffice_nothing_and_still_checks_emarketeer(
    monkeypatch, online
):
    so, em, keyring, data_dir = online
    _keep_pause(data_dir, System.SUPEROFFICE)
    so.clear_requests()
    em.clear_requests()

    code, out, err = _run(monkeypatch, keyring, "check", "--json")

    assert so.requests == [], [r.path for r in so.requests]  # not the token endpoint, not one read
    assert code == 1, err  # shared/CLI.md: 1 when something is not ok (SuperOffice was not checked)
    items = _items(out)
    assert not items[SO_REACHED]["ok"] and WAITS.match(items[SO_REACHED]["message"]), items[SO_REACHED]
    for name in (SO_PURPOSES, SO_CLOCK):
        assert "Not checked, because SuperOffice asked to wait until" in items[name]["message"]
    assert items[EM_REACHED]["ok"], items[EM_REACHED]  # eMarketeer is not paused: checked
    assert em.requests != []


def test_check_diagnostics_during_a_kept_superoffice_pause_asks_superoffice_nothing(monkeypatch, online, tmp_path):
    so, em, keyring, data_dir = online
    _keep_pause(data_dir, System.SUPEROFFICE)
    so.clear_requests()
    target = tmp_path / "support.zip"

    code, out, err = _run(monkeypatch, keyring, "check", "--diagnostics", str(target))

    assert so.requests == [], [r.path for r in so.requests]
    assert code == 1 and "Traceback" not in err
    with zipfile.ZipFile(target) as archive:
        check = json.loads(archive.read("check.json"))
        names = archive.namelist()
    reached = next(i for i in check["items"] if i["name"] == SO_REACHED)
    assert WAITS.match(reached["message"]), reached
    assert not [n for n in names if n.startswith("samples/superoffice")], names
    assert [n for n in names if n.startswith("samples/emarketeer")], names


def test_check_diagnostics_during_an_emarketeer_pause_takes_no_emarketeer_sample(monkeypatch, online, tmp_path):
    so, em, keyring, data_dir = online
    _keep_pause(data_dir, System.EMARKETEER)
    em.clear_requests()
    target = tmp_path / "support.zip"

    code, out, err = _run(monkeypatch, keyring, "check", "--diagnostics", str(target))

    assert em.requests == [], [r.path for r in em.requests]  # its lists sample, the check's own reads: none
    assert code == 1 and "Traceback" not in err
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.startswith("samples/emarketeer")], names
    assert [n for n in names if n.startswith("samples/superoffice")], names


def test_check_during_an_emarketeer_pause_asks_emarketeer_nothing_and_checks_superoffice(monkeypatch, online):
    so, em, keyring, data_dir = online
    _keep_pause(data_dir, System.EMARKETEER)
    em.clear_requests()

    code, out, err = _run(monkeypatch, keyring, "check", "--json")

    assert em.requests == [], [r.path for r in em.requests]
    items = _items(out)
    assert items[SO_REACHED]["ok"], items[SO_REACHED]  # renewed and read: SuperOffice is not paused
    assert re.match(r"eMarketeer asked to wait until .* so the check of eMarketeer waits", items[EM_REACHED]["message"])
    assert code == 1


def test_check_keeps_a_pause_the_token_endpoint_asks_for_and_the_next_check_does_not_ask(monkeypatch, online):
    so, em, keyring, data_dir = online
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))

    code, out, err = _run(monkeypatch, keyring, "check", "--json")
    assert code == 1 and "Traceback" not in err
    assert _token_requests(so) >= 1
    items = _items(out)
    assert WAITS.match(items[SO_REACHED]["message"]), items[SO_REACHED]  # not "Settings" failing
    assert items["Settings"]["ok"] and items[EM_REACHED]["ok"]
    with Store.open(data_dir) as store:
        pause = pause_in_force(store, datetime.now(timezone.utc))
        assert pause is not None and pause.system is System.SUPEROFFICE

    so.clear_requests()
    code, out, err = _run(monkeypatch, keyring, "check", "--json")
    assert so.requests == [], [r.path for r in so.requests]
    assert WAITS.match(_items(out)[SO_REACHED]["message"])


# ---------------------------------------------------------------- 2. sync: the token endpoint's pause, recorded


def test_a_sync_the_token_endpoint_paused_is_in_the_history_as_a_run_stopped_by_the_pause(monkeypatch, online):
    so, em, keyring, data_dir = online
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))

    code, out, err = _run(monkeypatch, keyring, "sync", "--json")

    assert code == 1
    sentence = _one_line(err)
    assert re.fullmatch(
        r"SuperOffice asked to wait until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC \(Retry-After 7200 s\); the run stopped "
        r"and will resume after that\.",
        sentence,
    ), sentence
    summary = json.loads(out)
    assert summary["status"] == "stopped" and summary["message"] == sentence
    assert summary["run_id"] is not None, "the attempted run is not in the history"
    with Store.open(data_dir) as store:
        runs = store.runs()
        assert [r.id for r in runs] == [summary["run_id"]]
        [run] = runs
        assert run.status is RunStatus.STOPPED and run.message == sentence  # as a data request's pause is recorded
        assert run.ended_at is not None and run.changes == 0 and not run.dry_run
    assert em.requests == [] and [r.path.rstrip("/") for r in so.requests] == [TOKEN_PATH] * len(so.requests)

    code, out, err = _run(monkeypatch, keyring, "history")
    assert code == 0 and f"#{summary['run_id']} " in out and "stopped" in out and "Retry-After 7200 s" in out


# ---------------------------------------------------------------- 3. send --due: its own sentence


def _schedule_due(monkeypatch, keyring, seconds: float = 2.0) -> int:
    at = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    code, out, err = _run(
        monkeypatch,
        keyring,
        "send",
        "--channel",
        "email",
        "--component",
        "1001",
        "--to",
        "bo@example.se",
        "--at",
        at.isoformat(),
        "--json",
    )
    assert code == 0, err
    time.sleep(max(0.0, (at - datetime.now(timezone.utc)).total_seconds()) + 0.2)
    return json.loads(out)["send_id"]


DUE_WAITS = re.compile(
    r"SuperOffice asked to wait until (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC, so no scheduled send was sent \(1 due\); "
    r"they stay scheduled, and the first send --due after that time sends them, each after a fresh sync\."
)


def test_send_due_says_the_due_send_was_not_sent_and_when_it_goes_not_a_runs_sentence(monkeypatch, online):
    so, em, keyring, data_dir = online
    em.add_consent("bo@example.se", "Marketing sendouts", "Consent", created_at=T0 - timedelta(days=1))
    send_id = _schedule_due(monkeypatch, keyring)
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))

    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 1
    sentence = _one_line(err)
    assert DUE_WAITS.fullmatch(sentence), sentence
    assert "run" not in sentence
    assert em.sent == []

    # The next `send --due` while the pause holds: the same, never "No scheduled send is due."; nothing asked.
    so.clear_requests()
    code, out, err = _run(monkeypatch, keyring, "send", "--due", "--json")
    assert code == 1 and so.requests == []
    assert DUE_WAITS.fullmatch(_one_line(err)), err
    assert json.loads(out) == {"sends": [], "message": err.strip()}
    with Store.open(data_dir) as store:
        record = store.get_send(send_id)
        assert record is not None and record.status.value == "scheduled"
        assert record.attempts == 0 and not record.held  # the pause, not the send, kept it: no attempt counted

    # After the pause: the first `send --due` sends it, as the sentence said.
    so.faults.clear()
    now = datetime.now(timezone.utc)
    with Store.open(data_dir) as store:
        store.set_cursors(
            {
                NOT_BEFORE[System.SUPEROFFICE]: now - timedelta(minutes=1),
                ASKED_AT[System.SUPEROFFICE]: now - timedelta(hours=2, minutes=1),
            }
        )
    code, out, err = _run(monkeypatch, keyring, "send", "--due")
    assert code == 0, err
    assert [a.casefold() for a in em.sent_addresses()] == ["bo@example.se"]
    assert API_KEY not in out + err and REFRESH not in out + err


def test_kept_pauses_are_read_without_opening_the_history_as_a_store(tmp_path):
    """The window's "Check setup" reads the kept pauses while the window holds the history open, and `check` must not
    create, upgrade or lock it: kept_pauses reads the cursor table through a read-only connection. A pause kept by
    the open store is seen; the file's schema version and modification are untouched; no history, none."""
    from desktop_app.store.database import FILE_NAME
    from desktop_app.sync.pause import kept_pauses

    now = datetime.now(timezone.utc)
    assert kept_pauses(tmp_path, now) == {}
    assert not (tmp_path / FILE_NAME).exists()  # nothing created
    with Store.open(tmp_path) as store:
        record_pause(store, System.EMARKETEER, now + timedelta(hours=1), asked_at=now)
        version = store._db.pragma("user_version")
        found = kept_pauses(tmp_path, now)  # while the store is open in this process
        assert set(found) == {System.EMARKETEER}
        assert found[System.EMARKETEER].until == now + timedelta(hours=1)
        assert store._db.pragma("user_version") == version
    (tmp_path / FILE_NAME).write_bytes(b"not a database at all, but a file of that name")
    assert kept_pauses(tmp_path, now) == {}  # unreadable: no pause known, and one sentence comes from the history item


# ---------------------------------------------------------------- 4. check keeps an asked pause without a Store


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _schema(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


def test_check_of_a_new_release_leaves_an_older_releases_history_as_it_was(monkeypatch, online, caplog):
    """shared/CLI.md: `check` writes nothing. An admin who installs a new release beside the old one and runs its
    `check` first found the history upgraded (and a history.sqlite3.bak-v<n> written): the old release's scheduled
    syncs and send --due were then refused as "database too new" until someone moved to the new release, and no
    sync kept the consents in step meanwhile (R18's pause was the only reason the check opened the history as a
    Store: to keep one the token endpoint might ask for). Kept only in a history of this release's schema; in
    another, not kept (the log says so), and the check still waits for it."""
    so, em, keyring, data_dir = online
    history = data_dir / FILE_NAME
    connection = sqlite3.connect(history)
    connection.execute(f"PRAGMA user_version = {migrations.known_version() - 1}")  # the release before (no table)
    connection.commit()
    connection.close()
    before, files = _digest(history), sorted(p.name for p in data_dir.iterdir())

    code, out, err = _run(monkeypatch, keyring, "check", "--json")
    assert _items(out)[SO_REACHED]["ok"], out
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))
    code, out, err = _run(monkeypatch, keyring, "check", "--json")

    assert code == 1 and "Traceback" not in err
    assert WAITS.match(_items(out)[SO_REACHED]["message"]), out  # the asked pause is still waited for
    assert _schema(history) == migrations.known_version() - 1, "check upgraded the history"
    assert _digest(history) == before, "check wrote to the history"
    assert [n for n in sorted(p.name for p in data_dir.iterdir()) if n.startswith(FILE_NAME)] == [
        n for n in files if n.startswith(FILE_NAME)
    ]  # no .bak-v copy, no side file left
    assert any("not kept" in r.getMessage() and "schema" in r.getMessage() for r in caplog.records), caplog.text


def test_check_does_not_wait_on_a_history_a_run_is_writing_to_keep_a_pause(monkeypatch, online, caplog):
    """A `check` while the scheduled sync writes the history: the token endpoint's pause is not kept (the check does
    not queue behind the sync's writes for it, nor take the history's open lock), the log says so, and the check
    still waits for it; nothing of the sync's is touched."""
    so, em, keyring, data_dir = online
    so.faults.add(Fault("status", status=503, retry_after=7200, times=-1, path_contains=TOKEN_PATH))
    writer = sqlite3.connect(data_dir / FILE_NAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a run's write transaction
    try:
        started = time.monotonic()
        code, out, err = _run(monkeypatch, keyring, "check", "--json")
        took = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert code == 1 and "Traceback" not in err
    assert WAITS.match(_items(out)[SO_REACHED]["message"]), out
    assert took < BUSY_TIMEOUT_SECONDS, took
    assert any("not kept" in r.getMessage() for r in caplog.records), caplog.text
    with Store.open(data_dir) as store:
        assert pause_in_force(store, datetime.now(timezone.utc)) is None


# The reader's view of a history: whether SQLite's plain read-only open reads it, and the pauses kept_pauses finds.
_READER = """
import json, sqlite3
from datetime import datetime, timezone
from pathlib import Path
from desktop_app.sync.pause import kept_pauses

def seen(data_dir):
    uri = (Path(data_dir) / "history.sqlite3").resolve().as_uri()
    try:
        connection = sqlite3.connect(uri + "?mode=ro", uri=True)
        try:
            connection.execute("SELECT count(*) FROM sync_cursor").fetchall()
        finally:
            connection.close()
        plain = "read"
    except sqlite3.Error as exc:
        plain = str(exc)
    pauses = sorted(system.value for system in kept_pauses(data_dir, datetime.now(timezone.utc)))
    return json.dumps({"plain": plain, "pauses": pauses})
"""
NOBODY = 65534


def _seen_by_a_reader_only(data_dir) -> dict:
    """What an account that may read `data_dir` but not write it sees. As root (whom permissions do not stop): a
    forked child that becomes `nobody`, with the app already imported (a new interpreter as `nobody` could not import
    it from a checkout `nobody` may not read, as in a clone under `mktemp -d`); otherwise as this user, once the
    directory is read-only."""
    namespace: dict = {}
    exec(_READER, namespace)
    if os.geteuid() != 0:
        return json.loads(namespace["seen"](str(data_dir)))
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write, namespace["seen"](str(data_dir)).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(child, 0)
    return json.loads(text)


def test_a_kept_pause_is_seen_by_an_account_that_may_only_read_the_data_directory():
    """R18: while a vendor's pause is kept, `check` asks it nothing. The monitoring account (or an admin) that may read
    the data directory but not write it ran `check` and was told no pause: a cleanly closed WAL history has no -shm
    file, SQLite must create one to read it, the directory refuses ("attempt to write a readonly database"), and
    the check asked the paused SuperOffice its token endpoint and every read: a vendor asked to be left alone may
    throttle harder or block the client id. With no write-ahead log left beside it the file is whole: read as
    immutable."""
    base = Path(tempfile.mkdtemp(dir="/tmp"))  # pytest's tmp_path is 0700: `nobody` could not reach it
    data_dir = base / "data"
    try:
        now = datetime.now(timezone.utc)
        with Store.open(data_dir) as store:
            record_pause(store, System.SUPEROFFICE, now + timedelta(hours=2), asked_at=now)
        assert not (data_dir / f"{FILE_NAME}-shm").exists() and not (data_dir / f"{FILE_NAME}-wal").exists()
        base.chmod(0o755)
        for path in data_dir.iterdir():
            path.chmod(0o444)
        data_dir.chmod(0o555)
        try:
            seen = _seen_by_a_reader_only(data_dir)
        finally:
            data_dir.chmod(0o755)
        assert "readonly" in seen["plain"], seen  # the reader really may not write there (SQLite's plain open fails)
        assert seen["pauses"] == ["superoffice"], seen
    finally:
        shutil.rmtree(base)
