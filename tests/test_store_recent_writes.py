"""R25's look at an address's recent writes reads that address's rows, not every write of the last 24 hours.

Issue 11 pt 1: an incremental run's local work follows the changes. Right after a million-contact full run (400,000
applied writes inside R25's 24-hour window), SQLite answered `recent_writes` for the run's 100 changed addresses
through the status index, reading every applied decision: 0.14 s of a 0.3 s run. This counts the virtual machine's
steps (SQLite's progress handler), which do not depend on the machine's speed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from test_store import decision

from desktop_app.domain.model import Purpose, RunMode, Trigger
from desktop_app.store import DecisionStatus, Store

T0 = datetime(2026, 12, 3, 10, 0, tzinfo=timezone.utc)
OTHERS = 20_000


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def test_r25_recent_writes_reads_the_asked_addresses_rows_not_every_applied_write(tmp_path):
    clock = Clock()
    with Store.open(tmp_path / "store", clock=clock) as store:
        run = store.start_run(Trigger.MANUAL, RunMode.FULL, dry_run=False)
        ids = store.record_decisions(
            run,
            [decision("anna@example.com"), decision("bo@example.com"), decision("anna@example.com", Purpose.STORE)],
            DecisionStatus.PLANNED,
        )
        clock.now = T0 + timedelta(minutes=1)
        store.mark_applied(ids[0], T0)
        store.mark_applied(ids[2], T0)
        store.mark_failed(ids[1], "refused")
        connection = store._db.connection()
        # A large full run's applied writes to other addresses, all inside the 24-hour window.
        (template,) = connection.execute("SELECT * FROM decision WHERE id = ?", (ids[0],)).fetchall()
        columns = [c[1] for c in connection.execute("PRAGMA table_info(decision)")]
        email_at = columns.index("email")
        rows = [(None, *template[1:email_at], f"p{i}@example.com", *template[email_at + 1 :]) for i in range(OTHERS)]
        with connection:
            connection.executemany(f"INSERT INTO decision VALUES ({','.join('?' * len(columns))})", rows)

        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0

        connection.set_progress_handler(count, 100)
        try:
            found = store.recent_writes(
                {("anna@example.com", Purpose.MARKETING), ("bo@example.com", Purpose.MARKETING)},
                T0 + timedelta(hours=1),
            )
        finally:
            connection.set_progress_handler(None, 0)

    # anna's marketing write counts; her Store and process write is another pair; bo's write failed: not a write.
    assert list(found) == [("anna@example.com", Purpose.MARKETING)]
    assert [(w["target"], w["new"]) for w in found[("anna@example.com", Purpose.MARKETING)]] == [
        ("emarketeer", "consent")
    ]
    # Reading the 20,000 other rows takes well over 20,000 steps (200 handler calls); two addresses' rows, a few.
    assert steps[0] * 100 < 2_000, f"{steps[0] * 100} virtual machine steps for two addresses"
