"""store/files.py: an export replaces the file before it only when it is whole, and keeps who may read it."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest

from desktop_app.store import files
from desktop_app.sync.stopping import StopRequested


class _CutAtClose:
    """A file whose final flush is cut short: what BufferedWriter.close does when the write(2) of its last buffer
    is interrupted by a signal whose handler raises (stop_raises) or fails with ENOSPC: part of the buffer reaches
    the disk, the descriptor is closed anyway, and the exception comes out of close()."""

    def __init__(self, real, failure: BaseException) -> None:
        self._real = real
        self._failure = failure
        self._pending = io.StringIO()

    def write(self, text: str) -> int:
        return self._pending.write(text)

    def close(self) -> None:
        data = self._pending.getvalue()
        self._real.write(data[: len(data) // 2])
        self._real.close()
        raise self._failure

    def __getattr__(self, name):
        return getattr(self._real, name)


@pytest.mark.parametrize(
    "failure",
    [StopRequested("a stop request (SIGTERM)"), OSError(errno.ENOSPC, "No space left on device")],
    ids=["sigterm", "disk-full"],
)
def test_an_export_whose_last_flush_fails_does_not_replace_the_previous_file(tmp_path, monkeypatch, failure):
    """store/files.py's own contract: "moved over it only when complete; on any failure the temporary file is removed
    and the target is left as it was", and 15c890f's sentence for SIGTERM: "the file being written was not kept".
    `replacing.__exit__` (files.py ~line 95-103) closes the temporary file in a `try` whose `finally` moves it over the
    target whenever the *body* raised nothing (`exc_type is None`) - also when close() itself raised. A SIGTERM landing
    in the final flush (StopRequested raised by stop_raises' handler inside close()), or a disk that fills on the last
    8 KB, moves a truncated audit trail over last night's complete one, and then says it was not kept / could not be
    written.

    What an admin loses: the complete previous export (R15's audit trail for the data-protection officer) is replaced
    by a half file, while the command says the target was left as it was (exit 1 / "could not write")."""
    target = tmp_path / "audit.csv"
    target.write_text("last night's complete audit trail\n", encoding="utf-8")
    real_open = open

    def cut_open(name, *args, **kwargs):
        return _CutAtClose(real_open(name, *args, **kwargs), failure)

    monkeypatch.setattr(files, "open", cut_open, raising=False)
    with pytest.raises(type(failure)):
        with files.replacing(Path(target), "w", encoding="utf-8") as fh:
            fh.write("email,purpose,old,new\n" + "anna@example.se,store,consent,withdrawn\n" * 100)
    assert target.read_text(encoding="utf-8") == "last night's complete audit trail\n", target.read_text()[:200]
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_an_export_that_replaces_a_file_gives_the_new_one_its_owner_and_group(tmp_path, monkeypatch):
    """The replaced file's mode was kept (15c890f) but not its owner and group: `dpo:dpo 0640` came back as the
    job's own user and group, 0640, which locks out the very group the mode was kept for. The new file is handed
    the old one's owner and group where this user may (root, or a group it belongs to)."""
    import os

    target = tmp_path / "audit.csv"
    target.write_text("last night\n", encoding="utf-8")
    old = os.stat(target)
    given: list[tuple[int, int]] = []

    def chown(path, uid, gid):
        if uid != -1:
            given.append((uid, gid))
            raise PermissionError("not root")  # an ordinary user: only the group may be given
        given.append((uid, gid))

    monkeypatch.setattr(os, "chown", chown)
    with files.replacing(Path(target), "w", encoding="utf-8") as fh:
        fh.write("tonight\n")
    assert given == [(old.st_uid, old.st_gid), (-1, old.st_gid)]
    assert target.read_text(encoding="utf-8") == "tonight\n"
