"""Issue 14 pt 1: the code runs on Windows and macOS too. mypy knows which `os`, `signal`, `fcntl` and `ctypes`
calls a platform lacks (os.pread, fcntl.flock, signal.SIGTERM handlers vs SIGBREAK, ctypes.windll): checked here
for win32 and darwin, with the project's [tool.mypy] settings, so CI runs it with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_mypy_passes_for_the_platform(platform):
    # mypy's own incremental cache, one folder per platform (git ignores .mypy_cache): a second run of the suite
    # re-checks only the modules that changed. A fresh clone (CI) checks everything once.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--platform",
            platform,
            "--cache-dir",
            str(ROOT / ".mypy_cache" / platform),
            "desktop_app",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_stop_seam_names_each_platforms_requests():
    from desktop_app.sync import stopping

    assert stopping.reason_for("Ctrl+C (SIGINT)").english().startswith("Stopped by Ctrl+C (SIGINT);")
    source = Path(stopping.__file__).read_text(encoding="utf-8")
    for name in ("SIGBREAK", "SetConsoleCtrlHandler", "SIGTERM", "SIGINT"):
        assert name in source
