"""Waits until the private Secret Service that tools/test.sh starts answers with an unlocked default collection.

gnome-keyring-daemon returns before its Secret Service is on the bus and before it has created and unlocked the
login keyring: it does both in its own main loop, after it has forked. A test that reached the bus before then
(or a daemon that failed to create the keyring) made every keyring test fail with "Failed to create the
collection: Prompt dismissed", because there was no default collection and no display to ask on.

This only looks: it never creates a collection and never prompts. Exit 0 when ready, 1 (with one sentence on
stderr) when the deadline passes first.
Usage: python tools/keyring_ready.py [SECONDS]   (default 20)
"""

from __future__ import annotations

import sys
import threading
import time


def problem_now() -> str | None:
    """None when the default collection is there and unlocked, else what is wrong."""
    import secretstorage
    from secretstorage.exceptions import ItemNotFoundException

    try:
        with secretstorage.dbus_init() as connection:
            try:
                collection = secretstorage.Collection(connection)  # the "default" alias; never created here
            except ItemNotFoundException:
                return "the Secret Service has no default collection (the login keyring was not created)"
            if collection.is_locked():
                return "the login keyring is locked"
            return None
    except Exception as exc:  # not on the bus yet, or no bus: say which
        return f"the Secret Service does not answer ({type(exc).__name__}: {exc})"


def problem_within(seconds: float) -> str | None:
    """`problem_now`, given up after `seconds`: D-Bus calls have no time limit of their own, and a daemon that owns the
    name but never answers (stuck starting, or waiting on a prompt nobody sees) would keep the tests waiting for ever.
    The look runs on a daemon thread, which ends with this process."""
    answer: list[str | None] = []
    look = threading.Thread(target=lambda: answer.append(problem_now()), daemon=True)
    look.start()
    look.join(max(seconds, 0.1))
    if not answer:
        return f"the Secret Service did not answer within {seconds:g} s"
    return answer[0]


def main(argv: list[str]) -> int:
    seconds = float(argv[1]) if len(argv) > 1 else 20.0
    deadline = time.monotonic() + seconds
    while True:
        problem = problem_within(deadline - time.monotonic())
        if problem is None:
            return 0
        if time.monotonic() >= deadline:
            print(f"tools/keyring_ready.py: after {seconds:g} s {problem}.", file=sys.stderr)
            return 1
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
