"""One name for one thing across the tabs (looks review s15, point 12): what Home calls a run, History calls it too.

Home says "Trigger: Sync now, full read" and "Preview, full read, nothing written"; Conflicts and the Trigger column
say "Preview". History's table said "Manual" / "Full" and marked the same run "Dry run" in a column, the chart's legend
and the message. An admin reading Home then History could not tell that "Sync now" and "Manual", or "Preview" and
"Dry run", are the same run (R16: a preview writes nothing). The engine's English, which the history database, the
command line and the exports keep (shared/CLI.md), is not changed: only the window's words are.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.messages import Message
from desktop_app.domain.model import RunMode, RunStatus, Trigger
from desktop_app.store import DecisionStatus, RunRecord
from desktop_app.ui.history.chart import ChartPoint, RunChart, describe_point
from desktop_app.ui.history.model import (
    DECISION_STATUS_LABELS,
    RUN_DRY,
    RUN_MESSAGE,
    RUN_MODE,
    RUN_TRIGGER,
    RunsModel,
    _label,
)
from desktop_app.ui.status_text import RunFacts, last_run_rows

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


def run(run_id: int, trigger: Trigger, mode: RunMode, dry_run: bool, said: Message | None) -> RunRecord:
    return RunRecord(
        run_id, trigger, mode, dry_run, (), NOW, NOW, RunStatus.DONE, 10, 0, 0, 3, 0, 0,
        said.english() if said else None, said,
    )  # fmt: skip


def home_trigger(record: RunRecord) -> str:
    rows = dict(last_run_rows(RunFacts.from_record(record), NOW))
    return rows["Trigger"]


def test_history_names_triggers_and_modes_as_home_does(qtbot):
    records = [
        run(4, Trigger.MANUAL, RunMode.FULL, False, None),
        run(3, Trigger.SCHEDULED, RunMode.INCREMENTAL, False, None),
        run(2, Trigger.SEND, RunMode.ONLY, True, None),
        run(1, Trigger.PREVIEW, RunMode.FULL, True, Message.of("dry_run")),
    ]
    model = RunsModel()
    model.set_records(records)
    for row in range(model.rowCount()):
        record = model.record_at(row)
        trigger = model.index(row, RUN_TRIGGER).data()
        mode = model.index(row, RUN_MODE).data()
        # Home's "Sync now, full read": the same two words, History's only capitalised for a column of its own.
        home = home_trigger(record)
        assert home.startswith(f"{trigger}, {mode[:1].lower() + mode[1:]}"), (home, trigger, mode)
    assert model.index(0, RUN_TRIGGER).data() == "Sync now"
    assert model.index(0, RUN_MODE).data() == "Full read"


def test_a_preview_is_a_preview_in_the_table_the_chart_and_the_message(qtbot):
    held = Message.of("dry_run_held", n=551, why=Message.of("first_full_run"))
    records = [
        run(2, Trigger.PREVIEW, RunMode.FULL, True, held),
        run(1, Trigger.PREVIEW, RunMode.FULL, True, Message.of("dry_run")),
    ]
    model = RunsModel()
    model.set_records(records)
    shown = [
        str(model.headerData(RUN_DRY, Qt.Orientation.Horizontal)),
        *(str(model.index(r, c).data() or "") for r in range(2) for c in (RUN_DRY, RUN_MESSAGE)),
        str(model.tooltip(records[1], RUN_MESSAGE)),
        describe_point(ChartPoint(1, NOW, 3, 0, True, "done")),
        _label(DECISION_STATUS_LABELS, DecisionStatus.PLANNED),
    ]
    chart = RunChart()
    qtbot.addWidget(chart)
    shown += [text for text, _kind in chart.legend_items()]
    assert not [text for text in shown if "dry run" in text.lower()], shown
    assert model.index(1, RUN_DRY).data() == "Preview"
    assert model.index(1, RUN_MESSAGE).data() == "Preview: nothing was written."
    assert model.index(0, RUN_MESSAGE).data().startswith("Preview: nothing was written. A real sync would be held")
    assert "551 legal bases (a first full run)" in model.index(0, RUN_MESSAGE).data()
    # What the history database, the command line and the exports keep is the engine's English, unchanged.
    assert records[1].message == "Dry run: nothing was written."
