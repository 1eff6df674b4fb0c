"""How the Send tab's presenter reaches the SendService: quick calls on the thread pool, sends on the sync worker.

What touches eMarketeer or runs a sync (the Checklist's send-time sync, Launch, a due send) goes to
the window's `SyncRunner` as a `WorkerOp`, so it never overlaps a sync and Cancel stops it like
one; the quick reads and writes (contact lists, the scheduled sends, cancelling one) go to the
window's thread pool as a `QueryOp` with a Store of their own. Settings and secrets are read on the
GUI thread before either starts (STYLE practice 4).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from ...domain.messages import message_text
from ...i18n import translate
from ...sync.worker import JobRequest
from ..operations import QueryOp, WorkerOp
from ..status_text import off_reason

if TYPE_CHECKING:
    from ...config import AppConfig
    from ...sending import SendService

log = logging.getLogger(__name__)

T = TypeVar("T")


def busy_text() -> str:
    return translate("SendController", "A sync is running; Check recipients is possible again when it has finished.")


def off_text(config) -> str | None:
    """Why nothing can be checked or sent (the sync is off, R7), as a sentence; None when the sync is on."""
    reason = off_reason(config)
    if reason is None:
        return None
    return translate(
        "SendController",
        "Legal basis sync is off because {reason}, so no Checklist can be made and "
        "nothing is sent. Switch it on in Settings.",
    ).format(reason=reason)


def default_service_factory(config, credentials, store, clock):
    """`credentials` None: a service for the stored sends only (list, schedule, cancel), with no connectors, so the
    scheduled sends can be read and cancelled even when the CRM is None or the keyring has no secret."""
    from ...sending import SendService

    if credentials is None:
        return SendService(store, config.data_dir, None, None, clock=clock)
    return SendService.from_config(config, credentials, store, clock=clock)


def user_text(exc: BaseException) -> str:
    """One sentence for a person about what went wrong, in the window's language."""
    text = getattr(exc, "user_message", None)
    if isinstance(text, str) and text:
        return message_text(getattr(exc, "said", None), text)  # typed: in the window's language
    log.error("Send tab: unexpected error", exc_info=exc)
    return translate(
        "SendController", "Something unexpected went wrong ({kind}); the details are in the log file."
    ).format(kind=type(exc).__name__)


class SendServiceCalls:
    """Builds and starts the operations; `prepare()` gives (AppConfig, Credentials) or raises ConfigError or
    KeyringUnavailable; `current_config()` the applied settings without secrets (for the stored sends only)."""

    def __init__(
        self,
        runner,
        jobs,
        prepare: Callable[[], tuple],
        *,
        clock: Callable[[], datetime],
        service_factory: Callable | None = None,
        current_config: Callable[[], AppConfig] | None = None,
    ) -> None:
        self.runner = runner
        self.jobs = jobs
        self.prepare = prepare
        self.clock = clock
        self.service_factory = service_factory or default_service_factory
        self.current_config = current_config

    def query(
        self,
        fn: Callable[[SendService], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None],
        *,
        store_only: bool = False,
    ) -> bool:
        """`fn(service)` on a pool thread with its own Store and service. `store_only`: `fn` only reads or changes the
        stored sends, so no connectors and no secrets are needed. False (and `on_failure` called) when it cannot go."""
        try:
            if store_only and self.current_config is not None:
                config, credentials = self.current_config(), None
            else:
                config, credentials = self.prepare()
        except Exception as exc:
            on_failure(exc)
            return False
        factory, clock = self.service_factory, self.clock
        stopping = getattr(self.jobs, "stopping", None)  # BackgroundJobs: set when the window closes

        def call() -> T:
            from ...store import Store

            with Store.open(config.data_dir, check=False) as store:
                service = factory(config, credentials, store, clock)
                _stop_with(service, stopping)
                try:
                    return fn(service)
                finally:
                    _close(service)

        QueryOp(call, on_success, on_failure).submit(self.jobs)
        return True

    def worker(
        self,
        kind: str,
        fn: Callable[[SendService, Callable, object], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None],
    ) -> WorkerOp[T] | str:
        """`fn(service, progress, cancel)` on the sync worker: the started operation, or the sentence why it cannot go."""
        if self.runner.busy:
            return busy_text()
        try:
            config, credentials = self.prepare()
        except Exception as exc:  # ConfigError, KeyringUnavailable: one sentence each
            return user_text(exc)
        off = off_text(config)
        if off is not None:  # R7: switched off means no send-time sync, so no Checklist and no send
            return off
        factory, clock = self.service_factory, self.clock

        def work(store, progress, cancel) -> T:
            service = factory(config, credentials, store, clock)
            try:
                return fn(service, progress, cancel)
            finally:
                _close(service)

        op = WorkerOp(kind, work, on_success, on_failure)
        if not self.runner.start_job(JobRequest(op.name, config, work)):
            return busy_text()
        return op


def _stop_with(service, stopping) -> None:
    """The service's connectors stop when `stopping` is set (the window closing): a read in flight on a slow server is
    cut off soon after (the connectors' cancel token), rather than going on for its whole timeout and retries."""
    if stopping is None:
        return
    for connector in (getattr(service, "so", None), getattr(service, "em", None)):
        if connector is not None and getattr(connector, "cancel", None) is None:
            connector.cancel = stopping


def _close(service) -> None:
    close = getattr(service, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # closing is best effort
            log.debug("Closing the send service failed", exc_info=True)
