"""Issue 9 pt 4 (in part): a log file that cannot be written (the disk full) never prints logging's own
"--- Logging error ---" traceback on stderr; the line is dropped and the command's sentence stays the only one."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_SCRIPT = textwrap.dedent("""
    import logging, resource, signal, sys
    from desktop_app.log_file import setup_logging
    path = setup_logging()
    assert path is not None
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the size limit, write() fails with EFBIG: a full disk
    size = path.stat().st_size
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64, size + 64))
    for i in range(20):
        logging.getLogger("x").warning("a line that no longer fits %s", "." * 200)
    print("done", flush=True)
""")


def test_a_log_file_on_a_full_disk_prints_no_logging_traceback(tmp_path):
    env = {"LEGALBASIS_SYNC_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert "Logging error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
