"""SIGTERM to `check --diagnostics FILE` (shared/CLI.md: `check` "writes nothing"; `--diagnostics` also writes the
support zip), said as it is at each moment.

The check asks both services first, for seconds or, with a slow service, minutes; only then is the zip written (to a
temporary file beside FILE, moved over it at the end: store/files.py `replacing`). A stop request (systemd's stop,
`timeout 60 legalbasis-sync check --diagnostics ...`, a shutdown) during the check said "Stopped by a stop request
(SIGTERM) before the export was finished; the file being written was not kept." Nothing was being written yet.
What an admin loses: the sentence says a file was lost, so they look for a half-written zip or think last week's
support zip (the same name) was thrown away, and send support nothing or the wrong thing. Only while the zip is
being written is "the file being written was not kept" true.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import cli_env, one_sentence, start_servers

from desktop_app.simulators import Fault
from desktop_app.store.files import TEMPORARY_PREFIX

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")

OLD_ZIP = b"last week's support zip, sent to support already"

# The command as `legalbasis-sync` runs it, only with each entry of the zip taking a moment to write: a support zip
# of a large history takes that long, and the stop has to land while it is written. The SIGTERM itself is real.
SLOW_WRITER = """
import sys, time, zipfile
from desktop_app import cli

writestr = zipfile.ZipFile.writestr

def slowly(self, *args, **kwargs):
    time.sleep(0.3)
    return writestr(self, *args, **kwargs)

zipfile.ZipFile.writestr = slowly
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.fixture
def servers():
    so, em = start_servers()
    yield so, em
    so.stop()
    em.stop()


def _stop(proc: subprocess.Popen, ready, what: str) -> tuple[int, str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not ready() and proc.poll() is None:
        time.sleep(0.02)
    assert ready(), f"{what} never came"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.parametrize("there", [True, False], ids=["a-file-there", "no-file-there"])
def test_sigterm_while_the_services_are_asked_says_no_file_was_written(tmp_path, servers, there):
    """The stop comes while SuperOffice is asked (a slow tenant), before the zip is opened: nothing was being
    written, and a file already there from last time is left as it was."""
    so, em = servers
    target = tmp_path / "new" / "support.zip"
    if there:
        target.parent.mkdir()
        target.write_bytes(OLD_ZIP)
    slow = so.faults.add(Fault("delay", delay=8.0, times=1))
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "check", "--diagnostics", str(target)],
        env=cli_env(tmp_path / "data", so, em),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    code, err = _stop(proc, lambda: slow.times == 0, "the check's first request to SuperOffice")
    sentence = one_sentence(err)
    assert code == 1, (code, err)  # CLI.md: stopped early
    assert "not kept" not in sentence, sentence  # nothing was being written
    said = "Stopped by a stop request (SIGTERM) before the check was finished; no diagnostics file was written"
    if there:
        assert target.read_bytes() == OLD_ZIP  # untouched
        assert [p.name for p in target.parent.iterdir() if p.name.startswith(TEMPORARY_PREFIX)] == []
        assert sentence == f"{said}, and the existing {target} was left as it was.", sentence
    else:
        assert sentence == f"{said}.", sentence
        assert not target.exists()


def test_sigterm_while_the_zip_is_written_still_says_the_file_being_written_was_not_kept(tmp_path, servers):
    so, em = servers
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "support.zip"
    target.write_bytes(OLD_ZIP)
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "check", "--diagnostics", str(target)],
        env=cli_env(tmp_path / "data", so, em),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def writing() -> bool:
        return any(p.name.startswith(TEMPORARY_PREFIX) for p in Path(folder).iterdir())

    code, err = _stop(proc, writing, "the zip's temporary file")
    assert code == 1, (code, err)
    assert one_sentence(err) == (
        "Stopped by a stop request (SIGTERM) before the export was finished; the file being written was not kept."
    )
    assert sorted(p.name for p in folder.iterdir()) == ["support.zip"] and target.read_bytes() == OLD_ZIP
