"""Typed background operations (as Anki's CollectionOp / QueryOp): each carries its own success and failure handling.

Two kinds, by where the work runs:

- `QueryOp`: a quick read or write (the store, a short request) on the window's thread pool
  (`BackgroundJobs`); `on_success(value)` or `on_failure(exception)` runs on the GUI thread.
- `WorkerOp`: work that must not overlap a sync (R20: a send's Checklist, its launch, a due send)
  on the sync worker; `on_success(value)` or `on_failure(sentence)` runs on the GUI thread when the
  worker's `job_finished` for this very operation arrives.

Neither is dispatched by a name through a switch: whoever starts one says what its end does.
When an operation changed something other tabs show, its owner announces it once on the
window's `ChangeNotifier` (`Changes`), and each tab refreshes only what concerns it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from PySide6.QtCore import QObject, Signal

from .background import BackgroundJobs

if TYPE_CHECKING:
    from ..sync.engine import RunSummary

_op_numbers = itertools.count(1)

T = TypeVar("T")


@dataclass(frozen=True)
class QueryOp(Generic[T]):
    """`run()` on a pool thread; then `on_success(value)` or `on_failure(exception)` on the GUI thread."""

    run: Callable[[], T]
    on_success: Callable[[T], None]
    on_failure: Callable[[BaseException], None]

    def submit(self, jobs: BackgroundJobs) -> int:
        return jobs.submit(self.run, self.on_success, self.on_failure)


@dataclass(frozen=True)
class WorkerOp(Generic[T]):
    """`work(store, progress, cancel)` on the sync worker; then `on_success(value)` or `on_failure(sentence)`.

    `kind` says what it is (for the log and the worker's progress); `name` is unique per operation, so the
    worker's answer finds exactly the operation that asked."""

    kind: str
    work: Callable[..., T]
    on_success: Callable[[T], None]
    on_failure: Callable[[str], None]
    name: str = field(default_factory=lambda: f"op-{next(_op_numbers)}")

    def finish(self, result) -> bool:
        """Hand the worker's `JobResult` to this operation's callbacks; False when it is another's answer."""
        if result.name != self.name:
            return False
        if result.ok:
            self.on_success(cast(T, result.value))  # the worker hands back what `work` returned
        else:
            self.on_failure(result.message or "")
        return True


@dataclass(frozen=True)
class Changes:
    """What an operation changed, for the tabs that show it."""

    history: bool = False  # runs, decisions, errors: Home and History
    sends: bool = False  # sends and their recipients: the Send tab, History's sends
    conflicts: RunSummary | None = None  # a sync's, whose changes make a shown preview stale


class ChangeNotifier(QObject):
    """One "operation did change something" notice for the whole window (Anki's operation_did_execute)."""

    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        self.changed.emit(changes)
