"""Issue 13 pt 5: the "Why" column is read without scrolling sideways, the pane below shows every line, and the
history chart tells runs apart with one axis and a tooltip per bar."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from test_ui_conflict import make_details

from desktop_app.domain.review import describe, review_rows
from desktop_app.ui.conflicts.model import COL_EXPLANATION, COL_RULES
from desktop_app.ui.conflicts.view import ConflictView
from desktop_app.ui.history.chart import ChartPoint, RunChart, axis_labels, describe_point
from desktop_app.ui.table_columns import RestToColumn

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

T0 = datetime(2026, 12, 3, 8, 16, 5, tzinfo=timezone.utc)


def visible_width(table: QTableView) -> int:
    header = table.horizontalHeader()
    return sum(header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c))


def test_the_rest_goes_to_the_why_column_and_elidable_columns_give_way(qapp):
    table = QTableView()
    fit = RestToColumn(table, 3, {0: 200, 1: 100, 2: 200}, shrinkable=(0, 2), min_rest=300, floor=0.5)
    assert fit.widths(1000) == {0: 200, 1: 100, 2: 200}  # room enough: as preferred
    narrow = fit.widths(700)  # 100 short: the two elidable columns give 50 each
    assert narrow == {0: 150, 1: 100, 2: 150}
    tight = fit.widths(300)  # never below their floor; the unshrinkable one keeps its width
    assert tight == {0: 100, 1: 100, 2: 100}
    assert fit.widths(700, hidden=[2]) == {0: 200, 1: 100}  # a hidden column takes no room


@pytest.mark.parametrize("width", [1180, 1000])
def test_conflict_why_column_is_readable_without_scrolling_sideways(qtbot, width):
    """At the window's widths (1180 px, or 1280 at 125 %: 1024 logical) "Why" is wide and nothing scrolls."""
    view = ConflictView()
    qtbot.addWidget(view)
    view.resize(width, 700)
    view.show()
    view.show_rows(review_rows(make_details()))
    qtbot.wait(10)
    table = view.table
    header = table.horizontalHeader()
    assert header.sectionSize(COL_EXPLANATION) >= table.fontMetrics().averageCharWidth() * 36
    assert visible_width(table) <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    long_row = next(
        r for r in range(view.proxy.rowCount()) if len(str(view.proxy.index(r, COL_EXPLANATION).data())) > 60
    )
    index = view.proxy.index(long_row, COL_EXPLANATION)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()  # the elided text whole, as tooltip


def test_conflict_details_pane_shows_every_line_with_the_rule(qtbot):
    view = ConflictView()
    qtbot.addWidget(view)
    view.resize(1180, 640)
    view.show()
    view.show_rows(review_rows(make_details()))
    qtbot.wait(10)
    # The longest description: duplicates (R9) list every person.
    longest = max(range(view.proxy.rowCount()), key=lambda r: len(describe(view.proxy.row_at(r))))
    view.table.selectRow(longest)
    qtbot.wait(10)
    assert "Rule: " + view.proxy.index(longest, COL_RULES).data() in view.details_text()
    assert view.details.verticalScrollBar().maximum() == 0  # every line shows, no scroll bar


def test_history_entries_why_column_gets_the_rest(qtbot, tmp_path):
    from desktop_app.store import Store
    from desktop_app.ui.history.model import ENTRY_WHY
    from desktop_app.ui.history.view import HistoryView

    view = HistoryView(lambda: Store.open(tmp_path))
    qtbot.addWidget(view)
    view.resize(1180, 700)
    view.show()
    qtbot.wait(10)
    for table in (view.entries_table, view.runs_table):  # (the contact table fits when its tab shows)
        assert visible_width(table) <= table.viewport().width() + 1
    assert (
        view.entries_table.horizontalHeader().sectionSize(ENTRY_WHY)
        >= view.entries_table.fontMetrics().averageCharWidth() * 40
    )


def test_runs_at_the_same_minute_are_told_apart_on_the_axis():
    points = [
        ChartPoint(1, T0, 61, 0, True),
        ChartPoint(2, T0 + timedelta(seconds=40), 61, 0),
        ChartPoint(3, T0 + timedelta(minutes=5), 2, 1),
    ]
    labels = axis_labels(points)
    assert len(set(labels)) == 3
    assert labels[0].endswith("#1") and labels[1].endswith("#2")
    assert "#" not in labels[2]  # alone in its minute: the time only


def test_chart_has_one_axis_no_warning_band_and_a_tooltip_per_bar(qtbot):
    chart = RunChart()
    qtbot.addWidget(chart)
    chart.resize(600, 180)
    points = [ChartPoint(1, T0, 61, 0, True), ChartPoint(2, T0 + timedelta(seconds=40), 61, 3)]
    chart.set_runs(points)
    chart.set_selected(2)
    chart.show()
    image = chart.grab().toImage()
    # No yellow anywhere: the selected run is outlined, not banded in a warning colour.
    for x in range(0, image.width(), 4):
        for y in range(0, image.height(), 4):
            c = image.pixelColor(x, y)
            assert not (c.red() > 200 and c.green() > 170 and c.blue() < 150), (x, y, c.name())
    # One axis: its numbers only on the left; right of the plot there is nothing but the background.
    base = image.pixelColor(image.width() - 3, image.height() // 2)
    assert all(image.pixelColor(image.width() - 3, y) == base for y in range(30, image.height() - 30))
    # A tooltip per bar: each bar's slot answers with its own run.
    xs = [chart.width() * 0.3, chart.width() * 0.8]
    found = [chart.point_at(x, 80) for x in xs]
    assert [p.run_id for p in found if p is not None] == [1, 2]
    assert "Run 2" in describe_point(found[1]) and "3 errors" in describe_point(found[1])
