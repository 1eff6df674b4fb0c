"""A full run's preview written as the run decides it: the conflict view's rows, slice by slice (issue 11).

A preview of a million contacts used to read both systems into memory and plan them at once, so that
`domain.review.iter_review_rows` could walk everything afterwards: millions of objects on the worker
thread, seconds of freeing and collecting them, and the window waiting for the interpreter lock
meanwhile. Now it is a full run like any other (the replica streamed into the store, decided in slices:
sync.slices), and each slice's rows are made from that slice alone and written to the preview's table
(store.review_table) before the next slice is read. Each row is the same as before, because the planner
decides each address from its own values and baseline; only their order differs (slice by slice in
address order, each slice's matched contacts, then those in one system only, then its errors; last,
errors about addresses in no slice).

Qt-free: the engine makes it (SyncOptions.keep_details on a full run) and puts the result on the summary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..domain.model import ContactBaseline, ContactError, EmarketeerContact, SuperOfficeContact
from ..domain.planner import Plan
from ..domain.review import Review, ReviewCounts, iter_review_rows
from ..store.errors import DiskFull
from ..store.replica import ReplicaSlice
from ..store.review_table import ReviewTableWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Part:
    """One slice as `iter_review_rows` reads a run's details (domain.review.RunDetailsLike)."""

    superoffice: Mapping[str, SuperOfficeContact]
    emarketeer: Mapping[str, EmarketeerContact]
    baselines: Mapping[str, ContactBaseline]
    plan: Plan
    now: datetime


class PreviewWriter:
    """Takes each decided slice (`add`, sync.slices.plan_in_slices's `each`) and ends as a `Review` (`finish`).

    `errors` are the errors found while reading (bad addresses, malformed records): each is shown with its
    contact's slice, and those about an address in no slice at the end. When the temporary folder fills up,
    the rest of the run goes on and the review says why it cannot be shown (as sync.worker.with_review does).
    """

    def __init__(self, errors: Iterable[ContactError], now: datetime) -> None:
        self.now = now
        self._errors: dict[str, list[ContactError]] = {}
        for error in errors:
            self._errors.setdefault(error.email, []).append(error)
        self._writer: ReviewTableWriter | None = None
        self._problem: DiskFull | None = None
        try:
            self._writer = ReviewTableWriter()
        except DiskFull as exc:
            self._fail(exc)

    def add(self, piece: ReplicaSlice, part: Plan) -> None:
        """One slice's rows: its contacts as read, its baselines and what the planner decided for it."""
        superoffice, emarketeer = piece.superoffice, piece.emarketeer
        pop = self._errors.pop
        errors = [
            e
            for email in sorted(self._errors.keys() & superoffice.keys() | self._errors.keys() & emarketeer.keys())
            for e in pop(email)
        ]
        self._write(_Part(superoffice, emarketeer, piece.baselines, part, self.now), errors)

    def finish(self, load_baselines: Callable[[list[str]], Mapping[str, ContactBaseline]]) -> Review:
        """The errors about addresses no slice held, then the table, indexed and counted."""
        if self._errors:
            left = sorted(self._errors)
            errors = [e for email in left for e in self._errors[email]]
            self._errors = {}
            self._write(_Part({}, {}, load_baselines(left), Plan(), self.now), errors)
        writer, self._writer = self._writer, None
        if writer is not None:
            try:
                table = writer.finish(self.now)
                return Review((), self.now, table.counts, table)
            except DiskFull as exc:
                self._fail(exc)
        assert self._problem is not None
        return Review((), self.now, ReviewCounts(0, 0, 0, 0, 0, 0, 0), None, self._problem.said)

    def discard(self) -> None:
        """The run ended without a preview (stopped, failed): the table's file goes."""
        if self._writer is not None:
            self._writer.discard()
            self._writer = None

    def _write(self, part: _Part, errors: list[ContactError]) -> None:
        if self._writer is None:
            return
        try:
            self._writer.add(iter_review_rows(part, errors))
        except DiskFull as exc:
            self._writer = None  # the writer closed its file
            self._fail(exc)

    def _fail(self, exc: DiskFull) -> None:
        log.warning("The run's preview could not be written: %s", exc.user_message)
        self._problem = exc


__all__ = ["PreviewWriter"]
