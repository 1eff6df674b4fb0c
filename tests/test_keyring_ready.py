"""R19 in CI: tools/keyring_ready.py (tools/test.sh waits with it for the private keyring) must never hang: a Secret Service that owns its name but does not answer (a daemon stuck in
its start-up, stopped, or waiting for a prompt nobody can see) must give exit 1 and one sentence within its deadline."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parent.parent
CONF = (MAIN / "tools" / "private_dbus_session.conf").read_text()  # the bus tools/test.sh gives the tests

SILENT_OWNER = textwrap.dedent(
    """
    import sys, time
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection
    conn = open_dbus_connection(bus="SESSION")
    conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.secrets"))
    print("owned", flush=True)
    time.sleep(120)  # on the bus under the Secret Service's name, answering nothing
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="a private D-Bus session: tools/test.sh is for Linux")
def test_keyring_ready_gives_up_on_a_secret_service_that_never_answers(tmp_path):
    (tmp_path / "session.conf").write_text(CONF)
    (tmp_path / "owner.py").write_text(SILENT_OWNER)
    script = (
        f"{sys.executable} {tmp_path / 'owner.py'} > {tmp_path / 'owner.out'} & owner=$!; "
        f"for i in $(seq 50); do grep -q owned {tmp_path / 'owner.out'} && break; sleep 0.1; done; "
        f"code=0; {sys.executable} tools/keyring_ready.py 2 || code=$?; kill $owner; exit $code"
    )
    started = time.monotonic()
    proc = subprocess.Popen(
        ["dbus-run-session", f"--config-file={tmp_path / 'session.conf'}", "--", "bash", "-c", script],
        cwd=MAIN,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # everything this test started, and only that
        proc.communicate()
        raise AssertionError("tools/keyring_ready.py 2 was still waiting after 40 s (it never gives up)") from None
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    took = time.monotonic() - started
    assert result.returncode == 1 and took < 20, (result.returncode, took, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.startswith("tools/keyring_ready.py")]
    assert len(lines) == 1, result.stderr
