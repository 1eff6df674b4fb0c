"""Benchmark the conflict view's data path on a large run: rows, model, proxy, a shown table, filters, sorts.

    /work/venv/bin/python benchmarks/bench_conflict_model.py [--contacts N] [--seed S] [--naive]

Builds the planner benchmark's world (N addresses x 2 purposes, mostly in step, some changed,
duplicates, a few errors; not timed), plans it, then times (time.perf_counter, offscreen Qt):
  review_rows        RunDetails -> ConflictRows
  open               model reset + proxy + QTableView shown and painted once
  filter / search    each toggle and a typed search applied, the view repainted
  sort               by a time column and by address
`--naive` also times a plain QSortFilterProxyModel subclass filtering in Python and sorting with
its own lessThan (the approach the model replaces), on the same rows.
Targets: open <= 1 s; each filter <= 150 ms (review_rows: a couple of seconds at most).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_planner import NOW, build_world  # noqa: E402
from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain.model import Purpose  # noqa: E402
from desktop_app.domain.planner import PlanSettings, plan  # noqa: E402
from desktop_app.domain.review import review_rows  # noqa: E402
from desktop_app.ui.conflicts.model import COL_EMAIL, COL_SO_CHANGED, SORT_ROLE, row_flags  # noqa: E402
from desktop_app.ui.conflicts.view import ConflictView  # noqa: E402

OPEN_TARGET = 1.0
FILTER_TARGET = 0.150
ROWS_TARGET = 2.0


def timed(label: str, fn, app: QApplication, results: dict[str, float]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    app.processEvents()  # let the view repaint what changed
    elapsed = time.perf_counter() - start
    results[label] = elapsed
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20260601)
    parser.add_argument("--naive", action="store_true", help="also time the QSortFilterProxyModel-in-Python approach")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    # The offscreen platform's notice on every shown window; any other Qt message still prints.
    qInstallMessageHandler(lambda _kind, _context, message: None if "propagateSizeHints" in message
                           else print(f"Qt: {message}", file=sys.stderr))

    superoffice, emarketeer, baselines, _counts = build_world(args.contacts, args.seed)
    the_plan = plan(superoffice, emarketeer, baselines, NOW, PlanSettings())
    details = SimpleNamespace(superoffice=superoffice, emarketeer=emarketeer, baselines=baselines,
                              plan=the_plan, now=NOW)
    results: dict[str, float] = {}

    gc.collect()
    start = time.perf_counter()
    rows = review_rows(details)
    results["review_rows"] = time.perf_counter() - start
    print(f"{args.contacts:,} addresses -> {len(rows):,} rows; review_rows {results['review_rows']:.3f} s")

    view = ConflictView()
    view.resize(1280, 800)
    view.show()
    app.processEvents()

    def open_rows():
        view.show_rows(rows, when=NOW)
        view.table.viewport().repaint()

    timed("open (reset + proxy + shown table)", open_rows, app, results)
    steps = [
        ("filter: disagreements", lambda: view.filter_buttons["disagreements"].setChecked(True)),
        ("filter: + duplicates", lambda: view.filter_buttons["duplicates"].setChecked(True)),
        ("filter: clear both", lambda: (view.filter_buttons["disagreements"].setChecked(False),
                                        view.filter_buttons["duplicates"].setChecked(False))),
        ("filter: errors", lambda: view.filter_buttons["errors"].setChecked(True)),
        ("filter: errors off", lambda: view.filter_buttons["errors"].setChecked(False)),
        ("filter: conflicts", lambda: view.filter_buttons["conflicts"].setChecked(True)),
        ("filter: conflicts off", lambda: view.filter_buttons["conflicts"].setChecked(False)),
        ("filter: purpose marketing", lambda: view.purpose_combo.setCurrentIndex(
            view.purpose_combo.findData(Purpose.MARKETING.value))),
        ("filter: purpose all", lambda: view.purpose_combo.setCurrentIndex(0)),
        ("search: 'company17'", lambda: view.search_edit.setText("company17")),
        ("search: 'person00123'", lambda: view.search_edit.setText("person00123")),
        ("search: cleared", lambda: view.search_edit.setText("")),
        ("sort: SuperOffice changed desc", lambda: view.table.sortByColumn(COL_SO_CHANGED,
                                                                           Qt.SortOrder.DescendingOrder)),
        ("sort: address asc", lambda: view.table.sortByColumn(COL_EMAIL, Qt.SortOrder.AscendingOrder)),
        ("filter: disagreements (sorted)", lambda: view.filter_buttons["disagreements"].setChecked(True)),
    ]
    for label, fn in steps:
        def step(fn=fn):
            fn()
            view.table.viewport().repaint()
        timed(label, step, app, results)

    width = max(len(k) for k in results)
    for label, seconds in results.items():
        print(f"  {label:<{width}}  {seconds * 1000:8.1f} ms")
    filter_labels = [k for k in results if k.startswith(("filter", "search"))]
    worst_filter = max(results[k] for k in filter_labels)
    ok_open = results["open (reset + proxy + shown table)"] <= OPEN_TARGET
    ok_filter = worst_filter <= FILTER_TARGET
    ok_rows = results["review_rows"] <= ROWS_TARGET
    print(f"target open <= {OPEN_TARGET:g} s: {'MET' if ok_open else 'MISSED'}; "
          f"target filter <= {FILTER_TARGET * 1000:g} ms (worst {worst_filter * 1000:.1f} ms): "
          f"{'MET' if ok_filter else 'MISSED'}; review_rows <= {ROWS_TARGET:g} s: {'MET' if ok_rows else 'MISSED'}")
    view.close()
    view.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    if args.naive:
        naive(rows, app)
    return 0 if ok_open and ok_filter and ok_rows else 1


def naive(rows, app) -> None:
    """The textbook shape: filterAcceptsRow and lessThan in Python on a QSortFilterProxyModel."""
    from desktop_app.ui.conflicts.model import ConflictTableModel

    flags = [row_flags(r) for r in rows]

    class NaiveProxy(QSortFilterProxyModel):
        required = 0

        def filterAcceptsRow(self, source_row, _parent):  # noqa: N802
            return flags[source_row] & self.required == self.required

    model = ConflictTableModel()
    model.set_rows(rows)
    proxy = NaiveProxy()
    proxy.setSortRole(SORT_ROLE)
    start = time.perf_counter()
    proxy.setSourceModel(model)
    proxy.rowCount()
    print(f"naive proxy: open {time.perf_counter() - start:.3f} s", flush=True)
    start = time.perf_counter()
    proxy.required = 1
    proxy.beginFilterChange()
    proxy.endFilterChange()
    print(f"naive proxy: filter disagreements {time.perf_counter() - start:.3f} s", flush=True)
    start = time.perf_counter()
    proxy.required = 0
    proxy.beginFilterChange()
    proxy.endFilterChange()
    print(f"naive proxy: clear filter {time.perf_counter() - start:.3f} s", flush=True)
    start = time.perf_counter()
    proxy.sort(COL_SO_CHANGED, Qt.SortOrder.DescendingOrder)
    print(f"naive proxy: sort by time {time.perf_counter() - start:.3f} s", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
