"""The conflict view: its table model, the proxy's filters, sorting on native values, and the panel itself."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from desktop_app.domain.model import (
    Consent,
    ContactBaseline,
    ContactError,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
)
from desktop_app.domain.planner import PlanSettings, plan
from desktop_app.domain.review import Action, review_rows
from desktop_app.ui.conflicts.model import (
    COL_DECISION,
    COL_EM_CHANGED,
    COL_EM_VALUE,
    COL_EMAIL,
    COL_EXPLANATION,
    COL_PURPOSE,
    COL_SO_CHANGED,
    COL_SO_PERSON,
    COL_SO_VALUE,
    COLUMN_COUNT,
    SORT_ROLE,
    ConflictFilterProxy,
    ConflictTableModel,
)
from desktop_app.ui.conflicts.view import EMPTY_TEXT, SEARCH_PLACEHOLDER, ConflictView

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform's own notice when a top-level widget is shown; not about our code.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
C, LI, W = LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST, LegalBasis.WITHDRAWN


def at(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


def make_details(settings=None):
    """A small run: in step, one-sided changes, duplicates, a conflict, an error, unmatched contacts."""
    so: dict[str, SuperOfficeContact] = {}
    em: dict[str, EmarketeerContact] = {}
    base: dict[str, ContactBaseline] = {}

    def both(email, so_values, em_values, *, baseline=None, extra_persons=()):
        persons = (SuperOfficePerson(len(so) + 10, email, at(800), so_values), *extra_persons)
        so[email] = SuperOfficeContact(email, persons)
        em[email] = EmarketeerContact(email, len(em) + 1000, em_values)
        if baseline is not None:
            base[email] = baseline

    for i in range(6):  # in step
        s = (Consent(LI, at(100 + i)), Consent(C, at(90 + i)))
        e = (Consent(LI, at(95 + i)), Consent(C, at(80 + i)))
        both(f"Steady{i}@Example.se".lower(), s, e, baseline=ContactBaseline(s, e))
    # eMarketeer later, no baseline
    both("anna@alpha.se", (Consent(C, at(20)), Consent(C, at(20))), (Consent(W, at(3)), Consent(C, at(20))))
    # SuperOffice later, no baseline
    both("bertil@beta.se", (Consent(W, at(1)), Consent()), (Consent(C, at(30)), Consent()))
    # duplicates, values differ
    both(
        "dup@gamma.se",
        (Consent(C, at(50)), Consent(C, at(50))),
        (Consent(C, at(50)), Consent(C, at(50))),
        extra_persons=(SuperOfficePerson(99, "dup@gamma.se", at(10), (Consent(W, at(5)), Consent())),),
    )
    # conflict (R13)
    both("race@delta.se", (Consent(C, at(2)), Consent()), (Consent(W, at(2) + timedelta(seconds=20)), Consent()))
    # error (R17)
    both("broken@epsilon.se", (Consent(C, None), Consent()), (Consent(C, at(4)), Consent()))
    # one system only (R11)
    so["lonely@zeta.se"] = SuperOfficeContact(
        "lonely@zeta.se", (SuperOfficePerson(5, "lonely@zeta.se", at(900), (Consent(C, at(9)), Consent())),)
    )
    em["only-em@eta.se"] = EmarketeerContact("only-em@eta.se", 7, (Consent(), Consent(W, at(7))))
    # The vendor's rules (R9 `oldest`, no R24 holds); the Held filter and `all` mode have their own tests below.
    the_plan = plan(
        so, em, base, NOW, settings or PlanSettings(duplicates=DuplicatePolicy.OLDEST, hold_reversals=False)
    )
    return SimpleNamespace(superoffice=so, emarketeer=em, baselines=base, plan=the_plan, now=NOW)


@pytest.fixture
def rows():
    return review_rows(
        make_details(), [ContactError("bad address", None, "SuperOffice person 3: not an address", System.SUPEROFFICE)]
    )


@pytest.fixture
def model(qapp, rows):
    m = ConflictTableModel()
    m.set_rows(rows)
    return m


def emails(proxy) -> list[str]:
    return [proxy.index(r, COL_EMAIL).data() for r in range(proxy.rowCount())]


# ---------------------------------------------------------------- model and proxy


def test_model_passes_the_model_tester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_the_model_tester_with_data(qtmodeltester, model):
    proxy = ConflictFilterProxy(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_disagreements_only(True)
    proxy.sort(COL_SO_CHANGED, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)


def test_model_tester_with_qt_checks_while_filtering_and_sorting(qtmodeltester, model):
    proxy = ConflictFilterProxy(model)
    qtmodeltester.check(proxy)  # Qt's own QAbstractItemModelTester stays attached for the changes below
    proxy.set_search("a")
    proxy.sort(COL_EMAIL, Qt.SortOrder.AscendingOrder)
    proxy.set_purpose(Purpose.MARKETING)
    proxy.set_search("")
    model.set_rows(model.rows()[:5])


def test_display_uses_the_vendors_words_and_marks_a_missing_side(model, rows):
    proxy = ConflictFilterProxy(model)
    proxy.set_search("lonely@")
    assert proxy.rowCount() == 2
    store = next(r for r in range(2) if proxy.index(r, COL_PURPOSE).data() == "Store")
    assert proxy.index(store, COL_SO_VALUE).data() == "Consent"
    assert proxy.index(store, COL_EM_VALUE).data() == "—"
    assert proxy.index(store, COL_DECISION).data() == "Left alone"
    marketing = 1 - store
    assert proxy.index(marketing, COL_SO_VALUE).data() == "None"
    proxy.set_search("anna")
    row = 0 if proxy.index(0, COL_PURPOSE).data() == "Store" else 1
    assert proxy.index(row, COL_DECISION).data() == "Write to SuperOffice"
    assert (
        proxy.index(row, COL_DECISION)
        .data(Qt.ItemDataRole.ToolTipRole)
        .startswith("Write Withdrawn to SuperOffice; eMarketeer wins.")
    )
    # The winning side's value is the bold one.
    assert proxy.index(row, COL_EM_VALUE).data(Qt.ItemDataRole.FontRole).bold()
    assert proxy.index(row, COL_SO_VALUE).data(Qt.ItemDataRole.FontRole) is None
    assert proxy.index(row, COL_EM_VALUE).data() == "Withdrawn"
    local = at(3).astimezone().strftime("%Y-%m-%d %H:%M")
    assert proxy.index(row, COL_EM_CHANGED).data() == local


def test_filters_narrow_together(model, rows):
    proxy = ConflictFilterProxy(model)
    total = len(rows)
    assert proxy.rowCount() == total
    proxy.set_disagreements_only(True)
    assert proxy.rowCount() == sum(r.is_disagreement for r in rows)
    assert all(model.row_at(r).is_disagreement for r in range(proxy.rowCount()))
    proxy.set_duplicates_only(True)
    assert emails(proxy) == []  # the duplicated address agrees: both toggles together show nothing
    proxy.set_disagreements_only(False)
    assert emails(proxy) == ["dup@gamma.se", "dup@gamma.se"]  # both purposes of the duplicated address
    proxy.set_duplicates_only(False)
    proxy.set_errors_only(True)
    assert set(emails(proxy)) == {"broken@epsilon.se", "bad address"}
    proxy.set_errors_only(False)
    proxy.set_conflicts_only(True)
    assert emails(proxy) == ["race@delta.se"]
    proxy.set_conflicts_only(False)
    assert proxy.rowCount() == total


def test_purpose_filter_keeps_contact_wide_errors(model, rows):
    proxy = ConflictFilterProxy(model)
    proxy.set_purpose(Purpose.STORE)
    shown = [model.row_at(r) for r in range(proxy.rowCount())]
    assert {r.purpose for r in shown} == {Purpose.STORE, None}
    assert any(r.email == "bad address" for r in shown)
    proxy.set_purpose(None)
    assert proxy.rowCount() == len(rows)


def test_search_is_a_case_insensitive_substring(model):
    proxy = ConflictFilterProxy(model)
    proxy.set_search("  ALPHA.se ")
    assert emails(proxy) == ["anna@alpha.se", "anna@alpha.se"]
    proxy.set_search("steady")
    assert len(emails(proxy)) == 12
    proxy.set_search("nobody")
    assert proxy.rowCount() == 0


def test_sort_by_time_uses_native_values(model, rows):
    proxy = ConflictFilterProxy(model)
    value = model.data(model.index(0, COL_SO_CHANGED), SORT_ROLE)
    assert value is None or isinstance(value, datetime)
    assert isinstance(model.data(model.index(0, COL_SO_PERSON), SORT_ROLE), (int, type(None)))
    assert isinstance(model.data(model.index(0, COL_EMAIL), SORT_ROLE), str)
    proxy.sort(COL_EM_CHANGED, Qt.SortOrder.AscendingOrder)
    times = [model.data(model.index(r, COL_EM_CHANGED), SORT_ROLE) for r in range(model.rowCount())]
    known = [t for t in times if t is not None]
    assert known == sorted(known)
    assert times[: len(times) - len(known)] == [None] * (len(times) - len(known))  # unknown first
    proxy.sort(COL_EM_CHANGED, Qt.SortOrder.DescendingOrder)
    times = [model.data(model.index(r, COL_EM_CHANGED), SORT_ROLE) for r in range(model.rowCount())]
    known = [t for t in times if t is not None]
    assert known == sorted(known, reverse=True)


def test_sort_compares_times_not_their_text(qapp):
    """Same minute on screen, seconds apart: the native value decides; text sorting would keep input order."""
    base = datetime(2026, 5, 1, 10, 0, tzinfo=timezone.utc)
    so = {}
    em = {}
    for i, seconds in enumerate((50, 10, 30)):
        email = f"p{i}@x.se"
        so[email] = SuperOfficeContact(
            email,
            (SuperOfficePerson(i + 1, email, at(900), (Consent(C, base + timedelta(seconds=seconds)), Consent())),),
        )
        em[email] = EmarketeerContact(email, i, (Consent(C, at(400)), Consent()))
    details = SimpleNamespace(superoffice=so, emarketeer=em, baselines={}, plan=plan(so, em, {}, NOW), now=NOW)
    model = ConflictTableModel()
    model.set_rows([r for r in review_rows(details) if r.purpose is Purpose.STORE])
    proxy = ConflictFilterProxy(model)
    proxy.sort(COL_SO_CHANGED, Qt.SortOrder.AscendingOrder)
    assert emails(proxy) == ["p1@x.se", "p2@x.se", "p0@x.se"]


def test_sorting_keeps_the_selection_on_the_same_rows(qtbot, model):
    proxy = ConflictFilterProxy(model)
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_rows(model.rows())
    view.table.selectRow(3)
    chosen = view.selected_addresses()
    view.table.sortByColumn(COL_EMAIL, Qt.SortOrder.DescendingOrder)
    assert view.selected_addresses() == chosen
    del proxy


def test_tooltips_explain_and_list_duplicates(model):
    proxy = ConflictFilterProxy(model)
    proxy.set_search("dup@")
    tip = proxy.index(0, COL_SO_PERSON).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 SuperOffice persons have this address" in tip
    assert "person 99" in tip and "← used" in tip
    why = proxy.index(0, COL_EXPLANATION).data(Qt.ItemDataRole.ToolTipRole)
    assert "oldest of 2 SuperOffice persons" in why
    assert "oldest of 2" in proxy.index(0, COL_SO_PERSON).data()


def test_hints_mark_errors_and_disagreements(model):
    proxy = ConflictFilterProxy(model)
    proxy.set_errors_only(True)
    assert proxy.index(0, COL_DECISION).data(Qt.ItemDataRole.DecorationRole) is not None
    assert proxy.index(0, COL_DECISION).data(Qt.ItemDataRole.ForegroundRole) is not None
    proxy.set_errors_only(False)
    proxy.set_disagreements_only(True)
    assert proxy.index(0, COL_SO_VALUE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(COL_EMAIL, Qt.Orientation.Horizontal) == "Address"
    assert model.columnCount() == COLUMN_COUNT
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


# ---------------------------------------------------------------- the view


def test_empty_state_explains_what_to_do(qtbot):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show()
    assert view.stack.currentIndex() == 0
    assert view.empty_label.text() == EMPTY_TEXT
    assert "Nothing is written" in view.empty_label.text()
    assert view.search_edit.placeholderText() == SEARCH_PLACEHOLDER
    assert not view.sync_button.isEnabled()
    assert view.preview_button.isEnabled()
    assert view.count_text() == ""


def test_preview_button_asks_for_a_preview(qtbot):
    view = ConflictView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.preview_requested, timeout=1000):
        qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
    view.set_busy(True, "Reading both systems…")
    assert not view.preview_button.isEnabled()
    assert view.summary_label.text() == "Reading both systems…"


def test_show_preview_fills_the_table_and_the_count(qtbot):
    details = make_details()
    view = ConflictView()
    qtbot.addWidget(view)
    view.set_busy(True, "Reading both systems…")
    view.show_preview(details)
    n = len(review_rows(details))
    assert view.stack.currentIndex() == 1
    assert not view.preview_button.isEnabled()  # the rows are in, the worker is not done: only its end turns it on
    view.set_busy(False)
    assert view.preview_button.isEnabled()
    assert view.count_text() == f"{n:,} of {n:,} rows"
    assert "Nothing was written" in view.summary_label.text()
    assert "1 conflict" in view.summary_label.text()
    view.filter_buttons["errors"].setChecked(True)
    assert view.count_text() == f"1 of {n:,} rows"
    view.filter_buttons["errors"].setChecked(False)
    view.search_edit.setText("ALPHA")
    assert view.count_text() == f"2 of {n:,} rows"
    view.search_edit.clear()
    view.purpose_combo.setCurrentIndex(view.purpose_combo.findData(Purpose.MARKETING.value))
    assert view.count_text() == f"{n // 2:,} of {n:,} rows"


def test_count_label_uses_thousands_separators(qtbot, rows):
    view = ConflictView()
    qtbot.addWidget(view)
    many = [rows[0]._replace(email=f"p{i}@x.se") for i in range(1234)]
    view.show_rows(many)
    assert view.count_text() == "1,234 of 1,234 rows"


def test_sync_selected_emits_the_selected_addresses(qtbot, rows):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show()
    view.show_rows(rows)
    assert not view.sync_button.isEnabled()
    view.search_edit.setText("a")
    view.table.sortByColumn(COL_EMAIL, Qt.SortOrder.AscendingOrder)
    view.table.selectRow(0)
    view.table.selectionModel().select(
        view.proxy.index(view.proxy.rowCount() - 1, 0),
        view.table.selectionModel().SelectionFlag.Select | view.table.selectionModel().SelectionFlag.Rows,
    )
    assert view.sync_button.isEnabled()
    expected = list(
        dict.fromkeys(
            [view.proxy.index(0, COL_EMAIL).data(), view.proxy.index(view.proxy.rowCount() - 1, COL_EMAIL).data()]
        )
    )
    with qtbot.waitSignal(view.sync_selected_requested, timeout=1000) as blocker:
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [expected]
    assert all("a" in address for address in expected)
    # A filter change clears the selection: nothing left to sync.
    view.filter_buttons["conflicts"].setChecked(True)
    assert not view.sync_button.isEnabled()


def test_selecting_both_purposes_of_one_address_sends_it_once(qtbot, rows):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_rows(rows)
    view.search_edit.setText("anna@")
    view.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
    view.table.selectRow(0)
    view.table.selectRow(1)
    assert view.selected_addresses() == ["anna@alpha.se"]


def test_details_pane_tells_the_row_in_sentences(qtbot, rows):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show()
    view.show_rows(rows)
    view.search_edit.setText("anna")
    view.purpose_combo.setCurrentIndex(view.purpose_combo.findData(Purpose.STORE.value))
    view.table.selectRow(0)
    text = view.details_text()
    assert "anna@alpha.se — Store and process" in text
    assert "SuperOffice says Consent" in text
    assert "eMarketeer says Withdrawn" in text
    assert "Decision: Write Withdrawn to SuperOffice; eMarketeer wins." in text
    assert "Why: eMarketeer changed later" in text
    assert "Rule: R5" in text
    view.search_edit.setText("x")  # a filter change resets: the pane empties
    assert view.details_text() == ""


def test_ctrl_f_focuses_the_search_box(qtbot, rows):
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_rows(rows)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.isActiveWindow, timeout=2000)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_edit.hasFocus()
    assert view.search_shortcut.key().toString() == "Ctrl+F"


def test_summary_counts_writes_per_system(rows):
    from desktop_app.ui.conflicts.presenter import one_system_only, summarise

    text = summarise(rows, NOW)
    to_so = sum(r.action is Action.WRITE_SUPEROFFICE for r in rows)
    to_em = sum(r.action is Action.WRITE_EMARKETEER for r in rows)
    assert f"{to_so + to_em} changes to write ({to_so} to SuperOffice, {to_em} to eMarketeer)" in text
    assert "2 contacts in one system only (left alone)" in text
    assert text.endswith("Nothing was written.")
    assert one_system_only(rows).startswith("Left alone (R11): 1 only in SuperOffice, 1 only in eMarketeer.")


def test_a_summary_with_rows_built_elsewhere_is_shown_as_is(qtbot, rows):
    from types import SimpleNamespace

    from desktop_app.domain.review import Review, count_rows
    from desktop_app.ui.conflicts.presenter import one_system_only, summarise

    review = Review(tuple(rows), NOW, count_rows(rows))
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_summary(SimpleNamespace(review=review, details=None, errors=(), message=None))
    assert view.model.rows() == review.rows  # every row back from the table as it went in
    assert view.summary_label.text() == summarise(rows, NOW)
    assert view.summary_label.toolTip() == one_system_only(rows)


def test_the_workers_table_is_shown_as_is_with_counts_made_in_sql(qtbot, rows):
    """Issue 11: the sync worker writes the rows to a ReviewTable; the view shows that table, not a copy."""
    from types import SimpleNamespace

    from desktop_app.domain.review import Review, count_rows
    from desktop_app.store.review_table import ReviewTable
    from desktop_app.ui.conflicts.presenter import summarise

    table = ReviewTable.build(iter(rows), NOW)  # a generator is enough: nothing kept per row
    assert table.counts == count_rows(rows)
    assert table.total == len(rows)
    view = ConflictView()
    qtbot.addWidget(view)
    view.show_summary(
        SimpleNamespace(review=Review((), NOW, table.counts, table), details=None, errors=(), message=None)
    )
    assert view.model.table() is table
    assert view.summary_label.text() == summarise(rows, NOW)
    assert view.proxy.rowCount() == len(rows)


def test_counts_made_once_give_the_same_summary_as_counting_the_rows(rows):
    from desktop_app.domain.review import count_rows
    from desktop_app.ui.conflicts.presenter import one_system_only, summarise

    counts = count_rows(rows)
    assert summarise(rows, NOW, counts) == summarise(rows, NOW)
    assert one_system_only(rows, counts) == one_system_only(rows)
    assert counts.only_superoffice == 1 and counts.only_emarketeer == 1  # contacts, not rows (two purposes each)
