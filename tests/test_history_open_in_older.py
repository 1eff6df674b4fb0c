"""An upgrade never runs under an older copy of the app that still has the history open.

After an update, the window of the release before may still be open (or its scheduled `sync` still running) when the
new release opens the same history.sqlite3 and would upgrade it. The older copy then goes on reading and writing a
schema it does not know: a status it cannot read (schema 8's "unconfirmed", R15/R18) fails its next run, and rows it
writes miss what the newer schema keeps beside them (the audit trail a data-protection officer relies on). Every open
Store holds an OS lock on its own in-use mark; a file below this release's schema that another process holds open is
held open by a release that knows no more than that schema (a newer one would have upgraded it). So the upgrade waits
for it: the open is refused in one sentence and the file is left as it was, and the next open after that copy has
closed it upgrades as usual.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_history_migrations_adversarial import old_history, user_version

from desktop_app.store import Store, StoreUnavailable, database, migrations

KNOWN = len(migrations.MIGRATIONS)

# The older release's open Store, as far as the newer one can see it: its in-use mark, locked until it is closed.
_OLDER_HOLDS_IT_OPEN = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from filelock import FileLock

    data_dir, ready, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    lock = FileLock(str(data_dir / name), thread_local=False)
    lock.acquire()
    ready.write_text("open")
    time.sleep(60)
""")


# The releases before marks were named with the schema they know, and one that names an older schema.
OLDER_MARKS = ["history-inuse-0123456789abcdef.lock", f"history-inuse-v{KNOWN - 1}-0123456789abcdef.lock"]


@contextmanager
def _held_open(data_dir: Path, name: str) -> Iterator[None]:
    """Another process holding the history open under the in-use mark `name`, until the block ends (it is killed)."""
    ready = data_dir / "ready"
    other = subprocess.Popen([sys.executable, "-c", _OLDER_HOLDS_IT_OPEN, str(data_dir), str(ready), name])
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert other.poll() is None and time.monotonic() < deadline, "the other copy did not start"
            time.sleep(0.05)
        yield
    finally:
        other.kill()
        other.wait()


@pytest.mark.parametrize("mark", OLDER_MARKS)
def test_an_upgrade_waits_while_an_older_copy_has_the_history_open(tmp_path, monkeypatch: pytest.MonkeyPatch, mark):
    path = old_history(tmp_path, KNOWN - 3, monkeypatch)
    before = path.read_bytes()
    with _held_open(tmp_path, mark), pytest.raises(StoreUnavailable) as raised:
        Store.open(tmp_path)
    said = raised.value.user_message
    assert "older copy of Legal Basis Sync" in said and str(path) in said
    assert "Traceback" not in said and said.count(". ") <= 2
    assert user_version(path) == KNOWN - 3  # not a step climbed under the older copy
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(f"{database.FILE_NAME}.bak-v*")), "no copy made for an upgrade not made"
    with Store.open(tmp_path) as store:  # the older copy has closed it (here: its process ended)
        assert store.schema_version == KNOWN
    assert user_version(path) == KNOWN


def test_a_history_already_at_this_schema_opens_beside_another_copy(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The window and a scheduled sync of the same release open the same file every day: no upgrade, no refusal."""
    old_history(tmp_path, KNOWN, monkeypatch)
    with _held_open(tmp_path, OLDER_MARKS[0]), Store.open(tmp_path) as store:
        assert store.schema_version == KNOWN


def test_another_copy_of_this_release_opening_at_the_same_time_does_not_stop_the_upgrade(
    tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """Its mark names this release's schema: the two meet at the upgrade's steps (each climbed once), not here."""
    path = old_history(tmp_path, KNOWN - 3, monkeypatch)
    with _held_open(tmp_path, f"history-inuse-v{KNOWN}-0123456789abcdef.lock"), Store.open(tmp_path) as store:
        assert store.schema_version == KNOWN
    assert user_version(path) == KNOWN
