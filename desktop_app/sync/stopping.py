"""The operating system asking a headless run to stop, on every platform, behind one seam (issue 9 pt 3, issue 14).

Unix: SIGINT (Ctrl+C), SIGTERM (systemd stop, `timeout`, shutdown) and SIGHUP (the terminal closed).
Windows: SIGINT (Ctrl+C), SIGBREAK (Ctrl+Break), and closing the console window, logging off or shutting
down, which Windows reports through SetConsoleCtrlHandler and then ends the process a few seconds later:
the handler waits (up to WINDOWS_GRACE seconds) for the run to record itself as stopped.

`on_stop(reason)` is called once per request with a sentence saying what asked; the caller (the engine's
`stop`) ends the run cleanly. Outside the main thread signal handlers cannot be set: nothing is installed.
"""

from __future__ import annotations

import _thread
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..domain.messages import Message

WINDOWS_GRACE = 4.5  # Windows ends the process about 5 s after a console close event

# Who asked, as the sentences name it: a key's name is the same in every language, the rest are message kinds.
_WHAT: dict[str, Message | str] = {
    "SIGINT": "Ctrl+C (SIGINT)",
    "SIGTERM": Message.of("stop_sigterm"),
    "SIGHUP": Message.of("stop_sighup"),
    "SIGBREAK": "Ctrl+Break (SIGBREAK)",
}


def reason_for(what: Message | str) -> Message:
    return Message.of("stopped_by_request", what=what)


class StopEvent(threading.Event):
    """A cancel event that also says who asked: what `stop_requests` sets for a run driven by an event (the send
    service and the engine it starts read `what` and `reason` to record the stop with its cause)."""

    def __init__(self) -> None:
        super().__init__()
        self.what: Message | str | None = None
        self.reason: Message | str | None = None

    def stop(self, reason: Message | str, what: Message | str | None = None) -> None:
        if self.reason is None:
            self.reason, self.what = reason, what
        self.set()


def _signals() -> list[signal.Signals]:
    if sys.platform == "win32":
        return [signal.SIGINT, signal.SIGBREAK]
    return [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


@contextmanager
def stop_requests(on_stop: Callable[[Message], None] | StopEvent) -> Iterator[None]:
    """While inside, the platform's stop requests call `on_stop(reason)` (or set the StopEvent) instead of killing
    the process."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    done = threading.Event()

    def handle(signum: int, _frame: object) -> None:
        what: Message | str = _WHAT.get(signal.Signals(signum).name, signal.Signals(signum).name)
        if isinstance(on_stop, StopEvent):
            on_stop.stop(reason_for(what), what)
        else:
            on_stop(reason_for(what))

    previous = {sig: signal.signal(sig, handle) for sig in _signals()}
    console = _console_close_handler(on_stop, done)
    try:
        yield
    finally:
        done.set()
        for sig, old in previous.items():
            signal.signal(sig, old)
        if console is not None:
            console()


class StopRequested(BaseException):
    """Raised where the main thread is when the platform asks to stop work that polls no cancel event (an export),
    as Ctrl+C raises KeyboardInterrupt: a BaseException, so no `except Exception` on the way takes it for a fault,
    and every `with replacing(...)` it passes removes its temporary file. `what` names who asked."""

    def __init__(self, what: Message | str) -> None:
        super().__init__(str(what))
        self.what = what


@contextmanager
def stop_raises() -> Iterator[None]:
    """While inside, the platform's stop requests (SIGTERM, SIGHUP, Ctrl+C, Windows' console close) raise
    StopRequested in the main thread instead of killing the process, once: the cleanup it sets off is not cut short
    by a second request."""
    first: list[Message | str] = []
    raised = False

    def stop(reason: Message) -> None:
        nonlocal raised
        if not first:
            first.append(reason.arg("what") or reason)
        if threading.current_thread() is not threading.main_thread():
            _thread.interrupt_main()  # Windows' console close arrives on a thread of its own: raise in the main one
            return
        if not raised:
            raised = True
            raise StopRequested(first[0])

    with stop_requests(stop):
        yield


def _console_close_handler(
    on_stop: Callable[[Message], None] | StopEvent, done: threading.Event
) -> Callable[[], None] | None:
    """Windows only: console close, logoff and shutdown; returns what removes the handler again."""
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    close_events = {
        2: Message.of("stop_console_closing"),
        5: Message.of("stop_logging_off"),
        6: Message.of("stop_shutting_down"),
    }
    handler_type = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)

    def handler(event: int) -> bool:
        what = close_events.get(event)
        if what is None:
            return False  # Ctrl+C and Ctrl+Break arrive as SIGINT and SIGBREAK above
        if isinstance(on_stop, StopEvent):
            on_stop.stop(reason_for(what), what)
        else:
            on_stop(reason_for(what))
        done.wait(WINDOWS_GRACE)
        return True

    routine = handler_type(handler)
    kernel32 = ctypes.windll.kernel32
    if not kernel32.SetConsoleCtrlHandler(routine, True):
        return None

    def remove() -> None:
        kernel32.SetConsoleCtrlHandler(routine, False)

    return remove


__all__ = ["WINDOWS_GRACE", "StopEvent", "StopRequested", "reason_for", "stop_raises", "stop_requests"]
