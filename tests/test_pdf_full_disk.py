"""A contact's PDF report that a full disk cuts short never replaces the last good one (store/files.py: a file a
person asked for is moved into place only when whole; "the disk fills there: last night's file is then left as it
was").

What a DPO answering a data subject's request would lose: `history --contact EMAIL --pdf FILE` (and the window's
"Save report…") on a disk that fills while the PDF is finished left FILE without its cross-reference table and
trailer (no `%%EOF`, a file PDF readers refuse) in place of last time's good report, and the command said "Wrote the
record … (N pages …)". QPdfWriter reports no failed write (QFile's writes fail silently), and Qt writes the page
objects the page count looks for long before the trailer.

The full disk is simulated as tests/test_full_disk.py does: RLIMIT_FSIZE with SIGXFSZ ignored, so write() fails with
EFBIG once the file would pass the limit, here a few hundred bytes before the PDF's end.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent

_SCRIPT = textwrap.dedent("""
    import resource, signal, sys
    from pathlib import Path
    import desktop_app.report.pdf as pdf
    from desktop_app.cli import main

    folder = Path(sys.argv[1])
    real_write_pdf = pdf.write_pdf

    def write_pdf_on_a_disk_that_fills(html, path, *, title):
        probe = folder / "probe.pdf"
        real_write_pdf(html, probe, title=title)  # the same report, written whole: its size
        limit = probe.stat().st_size - 300  # the disk fills in the cross-reference table and trailer
        probe.unlink()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        return real_write_pdf(html, path, title=title)

    pdf.write_pdf = write_pdf_on_a_disk_that_fills  # the command imports it when it writes
    sys.exit(main(["history", "--contact", "anna@example.se", "--pdf", str(folder / "report.pdf")]))
""")

LAST_GOOD = b"%PDF-1.4 last week's good report\n%%EOF\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and SIGXFSZ as Linux has them")
def test_a_pdf_report_cut_short_by_a_full_disk_leaves_the_last_good_one_and_says_so(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(LAST_GOOD)
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LEGALBASIS_SYNC_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=_ROOT,
    )
    assert target.read_bytes() == LAST_GOOD, f"a cut-short PDF replaced the report: {result.stderr}"
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"Could not write {target}: File too large."
    assert not list(tmp_path.glob("*.part"))
