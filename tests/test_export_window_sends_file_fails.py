"""History -> "Export audit trail…" (CSV): when the sends' file beside it cannot be written, the window names that file.

R15: the audit trail is what an admin shows a data-protection officer. The CSV export writes audit.csv and then the
sends' recipients to audit-sends.csv, and one except named audit.csv for either failure: with audit-sends.csv a link
(refused, store/files.py), a read-only file or a full disk, the window said "The audit trail could not be written to
audit.csv" after audit.csv had been replaced. The admin then picks another name, or believes the DPO's copy is still
last week's. Now the sentence says audit.csv was written and names audit-sends.csv as the file that failed.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from test_ui_history_presenter import FakeView

from desktop_app.domain.checklist import Channel, Checklist, ChecklistLine, SendStatus
from desktop_app.domain.model import RunMode, Trigger
from desktop_app.store import Store
from desktop_app.ui.history.presenter import HistoryPresenter

T0 = datetime(2026, 7, 4, 5, 6, 7, tzinfo=timezone.utc)


def test_a_refused_sends_file_is_named_and_the_written_audit_trail_is_said_written(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, clock=lambda: T0) as store:
        run = store.start_run(Trigger.SEND, RunMode.ONLY, False)
        line = ChecklistLine("anna@example.se", "anna@example.se", True, None, "")
        store.create_send(
            Channel.EMAIL,
            42,
            "entered",
            ["anna@example.se"],
            status=SendStatus.CHECKED,
            checklist=Checklist(Channel.EMAIL, 42, run, T0, (line,)),
        )
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.csv").write_text("last week's audit trail\n")
    os.symlink(tmp_path / "elsewhere.csv", out / "audit-sends.csv")  # a link: refused
    view = FakeView()
    view.export_to = out / "audit.csv"
    HistoryPresenter(view, lambda: Store.open(data)).export_audit_trail()
    text, error = view.reports[-1]
    assert error
    assert (out / "audit.csv").read_text(encoding="utf-8-sig") != "last week's audit trail\n"  # it was written
    assert not os.path.exists(tmp_path / "elsewhere.csv")
    assert text.startswith(
        f"The audit trail was written to {out / 'audit.csv'}, but the sends' recipients could not be written to "
        f"{out / 'audit-sends.csv'}: "
    ), text
