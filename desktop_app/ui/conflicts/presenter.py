"""The Conflicts tab's presenter: what a preview shows, what is out of date, which buttons work, what a click asks for.

No widgets (STYLE practice 14, as settings/presenter.py): it holds whether there are rows, whether a
run is busy and which held run is shown (R23), words every sentence above the table, and tells its
passive view (conflicts/view.py) what to show through `ConflictsViewLike`. The rows themselves stay
on disk (store.review_table); the view's table model reads them a page at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from ...domain.messages import error_text, message_text
from ...domain.model import ContactError, LegalBasis, RunStatus
from ...domain.names import basis_name, purpose_name
from ...domain.review import ConflictRow, ReviewCounts, RunDetailsLike, count_rows, iter_review_rows
from ...i18n import format_clock, format_datetime, number, plural, translate
from ...store.errors import DiskFull
from ...store.review_table import ReviewTable


def one_system_only(rows: Sequence[ConflictRow], counts: ReviewCounts | None = None) -> str:
    c = counts if counts is not None else count_rows(rows)
    return translate(
        "ConflictView",
        "Left alone (R11): {so} only in SuperOffice, {em} only in eMarketeer. They are "
        "synced once the address exists in both systems.",
    ).format(so=number(c.only_superoffice), em=number(c.only_emarketeer))


def summarise(
    rows: Sequence[ConflictRow],
    when: datetime | None = None,
    counts: ReviewCounts | None = None,
    *,
    written: bool = False,
) -> str:
    """One line on how far apart the systems are (R8): what the preview would write, and what needs a look.

    `counts`: the rows' `count_rows`, when already made (the worker makes them with the rows). `written`: the rows
    are a real sync's (a send-time sync's, shown from the Checklist): what it wrote, not what a preview would.
    """
    c = counts if counts is not None else count_rows(rows)
    if written:
        head = (
            translate("ConflictView", "Sync of {when}: ").format(when=format_datetime(when))
            if when is not None
            else translate("ConflictView", "Sync: ")
        )
    else:
        head = (
            translate("ConflictView", "Preview of {when}: ").format(when=format_datetime(when))
            if when is not None
            else translate("ConflictView", "Preview: ")
        )
    writes = c.to_superoffice + c.to_emarketeer
    only = c.only_superoffice + c.only_emarketeer
    parts = [
        (
            plural(
                writes,
                translate("ConflictView", "{n} change written"),
                translate("ConflictView", "{n} changes written"),
            )
            if written
            else plural(
                writes,
                translate("ConflictView", "{n} change to write"),
                translate("ConflictView", "{n} changes to write"),
            )
        )
        + translate("ConflictView", " ({so} to SuperOffice, {em} to eMarketeer)").format(
            so=number(c.to_superoffice), em=number(c.to_emarketeer)
        ),
        plural(c.conflicts, translate("ConflictView", "{n} conflict"), translate("ConflictView", "{n} conflicts")),
        plural(c.errors, translate("ConflictView", "{n} error"), translate("ConflictView", "{n} errors")),
        translate("ConflictView", "{n} in step").replace("{n}", number(c.in_step)),
        plural(
            only,
            translate("ConflictView", "{n} contact in one system only (left alone)"),
            translate("ConflictView", "{n} contacts in one system only (left alone)"),
        ),
    ]
    return head + " · ".join(parts) + ("." if written else translate("ConflictView", ". Nothing was written."))


def held_sentence(held: int) -> str | None:
    if not held:
        return None
    return plural(
        held,
        translate(
            "ConflictView",
            "{n} decision is held: it would reverse a withdrawal. Select it "
            "and answer; the next sync carries the answer out (R24).",
        ),
        translate(
            "ConflictView",
            "{n} decisions are held: they would reverse a withdrawal. Select "
            "them and answer; the next sync carries the answers out (R24).",
        ),
    )


def stale_sentence(changes: int, when: datetime | None) -> str:
    if when is not None:
        text = plural(
            changes,
            translate("ConflictView", "Out of date: a sync at {time} wrote {n} change after this preview."),
            translate("ConflictView", "Out of date: a sync at {time} wrote {n} changes after this preview."),
        ).format(time=format_clock(when))
    else:
        text = plural(
            changes,
            translate("ConflictView", "Out of date: a sync wrote {n} change after this preview."),
            translate("ConflictView", "Out of date: a sync wrote {n} changes after this preview."),
        )
    return text + " " + translate("ConflictView", "Press Preview to see both systems as they are now.")


def flapping_item(pair: Any) -> str:
    """One R25 pair in words (FlappingRecord-like: email, purpose, writes_24h, values_seen)."""
    seen = ", ".join(basis_name(LegalBasis(v["new"])) if v.get("new") else "—" for v in pair.values_seen)
    return translate(
        "ConflictView", "{email} — {purpose}: written {n} times in 24 hours ({seen}) and changed back each time"
    ).format(email=pair.email, purpose=purpose_name(pair.purpose), n=pair.writes_24h, seen=seen)


def flapping_sentence(n: int) -> str:
    return plural(
        n,
        translate(
            "ConflictView",
            "{n} contact keeps being changed back: another sync or an import may be "
            "running on the same systems. It is not written until you allow writing "
            "again (R25).",
        ),
        translate(
            "ConflictView",
            "{n} contacts keep being changed back: another sync or an import may be "
            "running on the same systems. They are not written until you allow "
            "writing again (R25).",
        ),
    )


class ConflictsViewLike(Protocol):
    """What the presenter asks of the Conflicts tab, in intent-level terms."""

    def show_table(self, table: ReviewTable | None) -> None: ...  # None: the empty state with its Preview button
    def show_summary_line(self, text: str | None, tooltip: str = "") -> None: ...  # None: hidden
    def show_held_bar(self, text: str | None) -> None: ...
    def show_held_run_banner(self, text: str | None) -> None: ...
    def show_flapping_list(self, sentence: str | None, items: Sequence[tuple[str, tuple[str, str]]]) -> None: ...
    def show_counts(self, text: str, no_match: bool) -> None: ...
    def enable(self, *, preview: bool, sync: bool, answer: bool, held_run: bool, filters: bool) -> None: ...
    def show_only(self, filter_key: str | None, search: str = "") -> None: ...  # None: every filter off
    def row_counts(self) -> tuple[int, int]: ...  # (shown, total)
    def has_selection(self) -> bool: ...
    def held_selected(self) -> bool: ...
    def selected_rows(self) -> list[ConflictRow]: ...
    # What a click asks the window for (the view's signals).
    def ask_sync(self, addresses: list[str]) -> None: ...
    def ask_answer(self, kind: str, keys: list[tuple]) -> None: ...
    def ask_apply_held(self, run_id: int) -> None: ...
    def ask_discard_held(self, run_id: int) -> None: ...


class ConflictsPresenter:
    """Holds whether rows are shown, whether a run is busy and which held run is shown (R23)."""

    def __init__(self, view: ConflictsViewLike) -> None:
        self.view = view
        self.has_data = False
        self.busy = False
        self._busy_line = False  # the summary line shows what a running preview is doing (it goes when the work ends)
        self.held_run: int | None = None
        self.flapping: list[str] = []  # R25: the addresses the app stopped writing, for Home's "Show contacts"

    # ------------------------------------------------------------------ what to show

    def show_summary(self, summary: Any) -> None:
        """Show a RunSummary made with SyncOptions(keep_details=True).

        From the window's worker it carries `review`, the rows already written to a table off the GUI thread;
        a summary straight from the engine carries the details, and the rows are built here.
        """
        # A real sync's rows (a send-time sync's) say what it wrote; a preview's, what it would (R16: nothing).
        written = not getattr(summary, "dry_run", True) and getattr(summary, "status", None) is not RunStatus.HELD
        review = getattr(summary, "review", None)
        if review is not None:
            if review.problem is not None:
                self.set_busy(False, message_text(review.problem))
            elif review.table is not None:
                self.show_table(review.table, written=written)
            else:
                self.show_rows(review.rows, when=review.when, counts=review.counts, written=written)
            return
        if summary.details is None:
            self.set_busy(
                False,
                message_text(getattr(summary, "said", None), summary.message or "")
                or translate("ConflictView", "The run kept no details to show."),
            )
            return
        self.show_rows(iter_review_rows(summary.details, summary.errors), when=summary.details.now, written=written)

    def show_preview(self, details: RunDetailsLike, errors: Iterable[ContactError] = ()) -> None:
        """Show a dry run's details (RunDetails; `errors`: the run's read errors, e.g. RunSummary.errors)."""
        self.show_rows(iter_review_rows(details, errors), when=details.now)

    def show_rows(
        self,
        rows: Iterable[ConflictRow],
        when: datetime | None = None,
        counts: ReviewCounts | None = None,
        *,
        written: bool = False,
    ) -> None:
        """Show these rows (written to a table of their own first); `counts`: their `count_rows` if already made;
        `written`: a real sync's rows (see `summarise`)."""
        try:
            table = ReviewTable.build(rows, when, counts)
        except DiskFull as exc:
            self.set_busy(False, error_text(exc))
            return
        self.show_table(table, written=written)

    def show_table(self, table: ReviewTable, *, written: bool = False) -> None:
        """Show a preview's rows as the worker wrote them (read a page at a time: a million rows open at once);
        `written`: a real sync's rows, whose summary line says what it wrote (see `summarise`)."""
        self.held_run = None  # a held run's plan is shown by show_held_run, after this
        # Not busy because rows arrived: a held run's plan opened again while "Apply these changes" runs turned Apply,
        # Discard and Preview back on mid-run. Only the worker's end (set_busy, from busy_changed) turns them on.
        self.has_data = True
        self.view.show_held_run_banner(None)
        self.view.show_table(table)
        self.view.show_summary_line(
            summarise((), table.when, table.counts, written=written), one_system_only((), table.counts)
        )
        self.view.show_held_bar(held_sentence(table.counts.held))
        self.filters_changed()

    def show_rows_of(self, summary: Any, address: str) -> None:
        """A send-time sync's rows (the Checklist's "Open in conflict view"), every filter off, narrowed to `address`."""
        self.show_summary(summary)
        self.view.show_only(None, address)

    def show_only(self, filter_key: str) -> bool:
        """Home's "Review held": only rows with this filter. "flapping" (Home's "Show contacts", R25) is no flag of the
        rows: every filter off and the table narrowed to the first contact the app stopped writing (the list above
        it picks another). False: no rows yet (the window runs a preview)."""
        if filter_key == "flapping":
            self.view.show_only(None, self.flapping[0] if self.flapping else "")
        else:
            self.view.show_only(filter_key)
        return self.has_data

    def show_held_run(self, run_id: int, writes: int, rows: Sequence[ConflictRow]) -> None:
        """R23: the plan of a run the mass-change brake held, with "Apply these changes" and "Discard"; every filter
        off, so a filter left on from before (say "Held") never hides the plan behind "0 of N rows"."""
        self.view.show_only(None)
        self.show_rows(rows)
        self.held_run = run_id
        self.view.show_held_run_banner(
            plural(
                writes,
                translate(
                    "ConflictView",
                    "This sync was held by the mass-change brake: it would change {n} legal basis. "
                    "Nothing has been written.",
                ),
                translate(
                    "ConflictView",
                    "This sync was held by the mass-change brake: it would change {n} legal bases. "
                    "Nothing has been written.",
                ),
            )
        )
        self.view.show_summary_line(
            translate("ConflictView", "The changes the held sync would write, as it planned them (R23).")
        )
        self.update_actions()

    def clear_held_run(self) -> None:
        self.held_run = None
        self.view.show_held_run_banner(None)
        self.update_actions()

    def show_flapping(self, pairs: Sequence[Any]) -> None:
        """R25: pairs the app stopped writing (FlappingRecord-like: email, purpose, writes_24h, values_seen)."""
        items = [(flapping_item(p), (p.email, p.purpose.value)) for p in pairs]
        self.flapping = list(dict.fromkeys(p.email for p in pairs))
        self.view.show_flapping_list(flapping_sentence(len(pairs)) if pairs else None, items)

    def set_busy(self, busy: bool, message: str = "") -> None:
        """While a preview runs: Preview and Sync selected are disabled and `message` says what is happening."""
        self.busy = busy
        if message:
            self.view.show_summary_line(message)
            self._busy_line = busy
        elif not self.has_data and (self._busy_line or busy):
            # Only the busy line goes when the work ends: a sentence about how it ended ("The preview did not run: …",
            # a preview made with the settings before Apply) was put there just before, and is the one thing to read.
            self.view.show_summary_line(None)
            self._busy_line = False
        self.update_actions()

    def mark_stale(self, changes: int, when: datetime | None) -> None:
        """A real sync ran after this preview: its rows no longer show the systems as they are."""
        if self.has_data:
            self.view.show_summary_line(stale_sentence(changes, when))

    def clear(self) -> None:
        """Back to the empty state (e.g. after settings changed)."""
        self.has_data = False
        self.view.show_table(None)
        self.view.show_summary_line(None)
        self.view.show_held_bar(None)
        self.filters_changed()

    # ------------------------------------------------------------------ the view's events

    def filters_changed(self) -> None:
        shown_rows, total = self.view.row_counts()
        text = (
            translate("ConflictView", "{shown} of {total} rows").format(shown=number(shown_rows), total=number(total))
            if self.has_data
            else ""
        )
        self.view.show_counts(text, self.has_data and shown_rows == 0 and total > 0)
        self.update_actions()

    def update_actions(self) -> None:
        selection = self.view.has_selection()
        idle = not self.busy
        self.view.enable(
            preview=idle,
            sync=selection and idle,
            answer=selection and idle and self.view.held_selected(),
            held_run=self.held_run is not None and idle,
            filters=self.has_data,
        )

    def sync_selected(self) -> None:
        addresses = list(dict.fromkeys(row.email for row in self.view.selected_rows()))
        if addresses:
            self.view.ask_sync(addresses)

    def answer(self, kind: str) -> None:
        """R24: Approve or Keep withdrawn for the selected held rows."""
        # With the values each row showed: the answer is for what the person saw (R24).
        keys = list(
            dict.fromkeys(
                (r.email, r.purpose.value, r.so_person_id, r.so_basis, r.so_changed_at, r.em_basis, r.em_changed_at)
                for r in self.view.selected_rows()
                if r.is_held and r.purpose is not None
            )
        )
        if keys:
            self.view.ask_answer(kind, keys)

    def apply_held(self) -> None:
        if self.held_run is not None:
            self.view.ask_apply_held(self.held_run)

    def discard_held(self) -> None:
        if self.held_run is not None:
            self.view.ask_discard_held(self.held_run)


__all__ = ["ConflictsPresenter", "ConflictsViewLike", "one_system_only", "summarise"]
