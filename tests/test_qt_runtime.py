"""The Qt binding itself: guards against a release that would crash the app in the field."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_emitting_a_signal_many_times_does_not_destroy_true():
    """PySide6 6.12.0 on Python 3.11 dropped a reference to True per Signal.emit(): after some
    thousands of emits ("Fatal Python error: bool_dealloc") the process died. The scheduler and the
    worker emit progress for every run, so a long-running window would crash. Run in a child
    process, since a bad binding kills the interpreter."""
    code = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QCoreApplication, QObject, Signal
        app = QCoreApplication([])
        class Source(QObject):
            fired = Signal(object)
        source = Source()
        source.fired.connect(lambda value: None)
        before = sys.getrefcount(True)
        for i in range(20000):
            source.fired.emit(i)
        print(sys.getrefcount(True) - before)
    """)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert int(result.stdout.strip()) >= 0
