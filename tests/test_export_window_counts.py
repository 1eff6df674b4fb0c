"""History -> "Export audit trail…" counts applied changes and R24's answers apart, in CSV as in the workbook.

R15: the audit trail is what an admin shows a data-protection officer, and the window's sentence about it is the
first thing they read. The CSV export took the file's row count as "applied changes", and Store.export_csv adds a row
for every answer a person gave about a held decision (R24): after one held reversal of a withdrawal that someone
approved, and nothing written yet, the window said "Exported 1 applied change" (and announced 1 row to a screen
reader) while the workbook of the same history said 0. An answer is no change the app applied.
"""

from __future__ import annotations

from datetime import timedelta

from test_ui_history_presenter import FakeView

from desktop_app.store.workbook import write_workbook
from desktop_app.ui.history.presenter import HistoryPresenter


def test_an_answer_is_counted_as_an_answer_not_as_an_applied_change(world, tmp_path):
    world.so_person("eva@example.se", registered=world.now() - timedelta(days=300), STORE="WITHDRAWN")
    world.advance(3600)
    world.em_contact("eva@example.se", store="Consent")
    world.advance(60)
    world.sync()
    with world.store() as store:
        assert store.held_decisions(), "the reversal of the withdrawal is held (R24)"
        store.answer_held(None, "approve", "dpo")
        assert not list(store.audit_rows())  # nothing applied
        assert write_workbook(store, tmp_path / "check.xlsx").changes == 0
    for name in ("audit.csv", "audit.xlsx"):
        view = FakeView()
        view.export_to = tmp_path / name
        assert HistoryPresenter(view, world.store).export_audit_trail() == view.export_to
        text, error = view.reports[-1]
        assert not error
        assert text.startswith(f"Exported 0 applied changes to {view.export_to}, 1 answer about a held change (R24)")
        assert view.announced[-1] == ("export", str(view.export_to), 0)
