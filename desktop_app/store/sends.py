"""Sends and their recipients (issue 4): the Store's part of the audit trail of "who got what, and why not".

A mixin of `Store`, kept in its own module. Every method is one transaction, so a send or its
Checklist is never half written. The order of writes is what keeps a send from going twice: a
batch's recipients are marked `unknown` *before* the batch leaves and only then set to accepted or
rejected from the answer; a crash in between leaves them `unknown`, which is never resent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from ..domain.checklist import Channel, Checklist, Exclusion, RecipientResult, SendStatus
from ..domain.messages import Message, english, json_of, json_of_many, many_from_json
from ..domain.model import Purpose
from .codec import decode_time, encode_purpose, encode_time
from .csv_cells import SpreadsheetSafeWriter
from .database import HistoryDatabase
from .errors import guarded as _guarded

SENDS_CSV_COLUMNS = (
    "send",
    "channel",
    "component",
    "source",
    "send_status",
    "scheduled_at",
    "created_at",
    "sent_at",
    "run",
    "run_started",
    "position",
    "given",
    "email",
    "allowed",
    "exclusion",
    "why",
    "sync_changes",
    "conflict",
    "result",
    "result_reason",
    "batch",
    "recipient_sent_at",
    "send_message",
)

_SEND_COLUMNS = (
    "id",
    "channel",
    "component_id",
    "source",
    "list_id",
    "recipients",
    "status",
    "scheduled_at",
    "created_at",
    "updated_at",
    "run_id",
    "checked_at",
    "sent_at",
    "message",
    "attempts",
    "last_attempt_at",
    "held",
    "said",
    "source_said",
)
_SEND_SELECT = f"SELECT {', '.join(_SEND_COLUMNS)} FROM send"
_RECIPIENT_COLUMNS = (
    "id",
    "send_id",
    "position",
    "given",
    "email",
    "allowed",
    "exclusion",
    "why",
    "changes",
    "conflict",
    "run_id",
    "result",
    "reason",
    "batch",
    "sent_at",
    "why_said",
    "changes_said",
)
_RECIPIENT_SELECT = f"SELECT {', '.join(_RECIPIENT_COLUMNS)} FROM send_recipient"
_CHANGES_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class SendRecord:
    id: int
    channel: Channel
    component_id: int
    source: str
    list_id: int | None
    recipients: tuple[str, ...]  # as entered (for a scheduled send: what the Checklist will be made from)
    status: SendStatus
    scheduled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    run_id: int | None  # the send-time sync run of the latest Checklist
    checked_at: datetime | None
    sent_at: datetime | None
    message: str | None
    attempts: int = 0  # failed attempts of a scheduled send (sending.due)
    last_attempt_at: datetime | None = None
    held: bool = False  # waits for a person: Send now or Cancel send
    said: Message | None = None  # `message`, typed (None for sends recorded before messages were typed)
    source_said: Message | None = None  # `source`, typed (None: recorded before schema 7, shown as stored)


@dataclass(frozen=True, slots=True)
class SendRecipientRecord:
    id: int
    send_id: int
    position: int
    given: str
    email: str | None
    allowed: bool
    exclusion: Exclusion | None
    why: str
    changes: tuple[str, ...]
    conflict: bool
    run_id: int | None
    result: RecipientResult | None
    reason: str | None
    batch: int | None
    sent_at: datetime | None
    said: Message | None = None  # `why`, typed (None for lines recorded before messages were typed)
    changes_said: tuple[Message, ...] = ()  # `changes`, typed


class SendRow(NamedTuple):
    """One line of the sends' export (SENDS_CSV_COLUMNS, same order), typed; recipient fields are None (or empty)
    on the one row of a send that has no recipient lines yet."""

    send: int
    channel: Channel
    component: int
    source: str
    send_status: SendStatus
    scheduled_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
    run: int | None
    run_started: datetime | None
    position: int | None  # 1-based
    given: str
    email: str | None
    allowed: bool | None
    exclusion: Exclusion | None
    why: str
    sync_changes: tuple[str, ...]
    conflict: bool | None
    result: RecipientResult | None
    result_reason: str | None
    batch: int | None
    recipient_sent_at: datetime | None
    send_message: str | None


def _changed_one(cursor: sqlite3.Cursor) -> bool:
    """Whether the UPDATE changed its one row (its WHERE may find the send already moved on)."""
    return cursor.rowcount == 1


def _send_record(row: Sequence[Any]) -> SendRecord:  # a row of SQLite values
    (
        id_,
        channel,
        component,
        source,
        list_id,
        recipients,
        status,
        scheduled_at,
        created_at,
        updated_at,
        run_id,
        checked_at,
        sent_at,
        message,
        attempts,
        last_attempt_at,
        held,
        said,
        source_said,
    ) = row
    return SendRecord(
        id_,
        Channel(channel),
        component,
        source,
        list_id,
        tuple(json.loads(recipients or "[]")),
        SendStatus(status),
        decode_time(scheduled_at),
        decode_time(created_at),
        decode_time(updated_at),
        run_id,
        decode_time(checked_at),
        decode_time(sent_at),
        message,
        attempts,
        decode_time(last_attempt_at),
        bool(held),
        Message.from_json(said),
        Message.from_json(source_said),
    )


def _recipient_record(row: Sequence[Any]) -> SendRecipientRecord:  # a row of SQLite values
    (
        id_,
        send_id,
        position,
        given,
        email,
        allowed,
        exclusion,
        why,
        changes,
        conflict,
        run_id,
        result,
        reason,
        batch,
        sent_at,
        why_said,
        changes_said,
    ) = row
    return SendRecipientRecord(
        id_,
        send_id,
        position,
        given,
        email,
        bool(allowed),
        Exclusion(exclusion) if exclusion else None,
        why,
        tuple(c for c in (changes or "").split(_CHANGES_SEPARATOR) if c),
        bool(conflict),
        run_id,
        RecipientResult(result) if result else None,
        reason,
        batch,
        decode_time(sent_at),
        Message.from_json(why_said),
        many_from_json(changes_said),
    )


class SendsMixin:
    """The Store's send tables. Relies on Store's `_db`, `_now`, `_closed` and `path`."""

    _db: HistoryDatabase
    _closed: bool
    path: Path
    _now: Callable[[], datetime]

    # -------------------------------------------------------------- sends

    @_guarded
    def create_send(
        self,
        channel: Channel,
        component_id: int,
        source: str,
        recipients: Sequence[str],
        *,
        status: SendStatus,
        source_said: Message | None = None,
        list_id: int | None = None,
        scheduled_at: datetime | None = None,
        checklist: Checklist | None = None,
    ) -> int:
        """A new send; with `checklist`, its recipient lines too, in the same transaction."""
        now = encode_time(self._now())
        with self._db.atomic():
            cursor = self._db.execute_sql(
                "INSERT INTO send (channel, component_id, source, list_id, recipients, status, scheduled_at,"
                " created_at, updated_at, source_said) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    Channel(channel).value,
                    int(component_id),
                    source_said.english() if source_said is not None else source,
                    list_id,
                    json.dumps(list(recipients), ensure_ascii=False),
                    SendStatus(status).value,
                    encode_time(scheduled_at),
                    now,
                    now,
                    json_of(source_said),
                ),
            )
            send_id: int = cursor.lastrowid
            if checklist is not None:
                self._insert_checklist(send_id, checklist, SendStatus(status))
            return send_id

    @_guarded
    def get_send(self, send_id: int) -> SendRecord | None:
        row = self._db.execute_sql(f"{_SEND_SELECT} WHERE id = ?", (send_id,)).fetchone()
        return None if row is None else _send_record(row)

    @_guarded
    def sends(
        self, *, statuses: Iterable[SendStatus] | None = None, run_id: int | None = None, limit: int | None = 200
    ) -> list[SendRecord]:
        """Sends, newest first; optionally only some statuses, or those checked by one run."""
        where, params = self._send_filter(statuses, run_id)
        sql = f"{_SEND_SELECT}{where} ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_send_record(r) for r in self._db.execute_sql(sql, params).fetchall()]

    @staticmethod
    def _send_filter(statuses: Iterable[SendStatus] | None, run_id: int | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if statuses is not None:
            values = [SendStatus(s).value for s in statuses]
            clauses.append(f"status IN ({', '.join('?' * len(values))})")
            params += values
        if run_id is not None:
            clauses.append("(run_id = ? OR id IN (SELECT send_id FROM send_recipient WHERE run_id = ?))")
            params += [run_id, run_id]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @_guarded
    def reopen_interrupted_due(self, checked_before: datetime, message: Message | str) -> list[int]:
        """Scheduled sends left "checked" by a process that ended between their due-time Checklist and their launch
        (R10, R18): scheduled again, with `message`; returns their ids. Such a send is checked and launched under one
        run lock, milliseconds apart: one checked before `checked_before` with nobody sent to is not on its way. A
        process that comes back after that (a laptop woken) finds it scheduled, cannot claim it, and sends nothing."""
        where = (
            "status = ? AND scheduled_at IS NOT NULL AND checked_at < ?"
            " AND NOT EXISTS (SELECT 1 FROM send_recipient r WHERE r.send_id = send.id AND r.result IS NOT NULL)"
        )
        args = (SendStatus.CHECKED.value, encode_time(checked_before))
        ids = [row[0] for row in self._db.execute_sql(f"SELECT id FROM send WHERE {where}", args).fetchall()]
        if not ids:  # nearly always: a read, no write lock taken
            return []
        text, said = english(message) or None, json_of(message)
        with self._db.atomic():
            self._db.execute_sql(
                f"UPDATE send SET status = ?, message = ?, said = ?, updated_at = ? WHERE {where}",
                (SendStatus.SCHEDULED.value, text, said, encode_time(self._now()), *args),
            )
        return ids

    @_guarded
    def scheduled_sends(self, due_by: datetime | None = None) -> list[SendRecord]:
        """Sends waiting for their time, soonest first; with `due_by`, only those due by then."""
        sql = f"{_SEND_SELECT} WHERE status = ?"
        params: list[str | None] = [SendStatus.SCHEDULED.value]
        if due_by is not None:
            sql += " AND scheduled_at <= ?"
            params.append(encode_time(due_by))
        return [_send_record(r) for r in self._db.execute_sql(sql + " ORDER BY scheduled_at, id", params).fetchall()]

    @_guarded
    def claim_send(
        self,
        send_id: int,
        from_statuses: Iterable[SendStatus],
        to_status: SendStatus,
        message: Message | str | None = None,
    ) -> bool:
        """Move a send on only if it is in one of `from_statuses` (atomic: two processes never both win)."""
        values = [SendStatus(s).value for s in from_statuses]
        message, said = english(message) or None, json_of(message)
        with self._db.atomic():
            cursor = self._db.execute_sql(
                f"UPDATE send SET status = ?, message = ?, said = ?, updated_at = ? WHERE id = ? "
                f"AND status IN ({', '.join('?' * len(values))})",
                (SendStatus(to_status).value, message, said, encode_time(self._now()), send_id, *values),
            )
            return _changed_one(cursor)

    @_guarded
    def record_failed_attempt(self, send_id: int, at: datetime, message: Message | str, *, hold: bool) -> bool:
        """A scheduled send's attempt failed at `at`: counted, its sentence kept, held for a person if `hold`.
        False when the send is not scheduled any more."""
        message, said = english(message), json_of(message)
        with self._db.atomic():
            cursor = self._db.execute_sql(
                "UPDATE send SET attempts = attempts + 1, last_attempt_at = ?, held = MAX(held, ?), message = ?,"
                " said = ?, updated_at = ? WHERE id = ? AND status = ?",
                (
                    encode_time(at),
                    int(hold),
                    message,
                    said,
                    encode_time(self._now()),
                    send_id,
                    SendStatus.SCHEDULED.value,
                ),
            )
            return _changed_one(cursor)

    @_guarded
    def hold_send(self, send_id: int, held: bool, message: Message | str | None = None) -> bool:
        """Hold a scheduled send for a person (with why), or release it (its failed attempts forgotten)."""
        message, said = english(message) or None, json_of(message)
        with self._db.atomic():
            if held:
                cursor = self._db.execute_sql(
                    "UPDATE send SET held = 1, message = ?, said = ?, updated_at = ? WHERE id = ? AND status = ?",
                    (message, said, encode_time(self._now()), send_id, SendStatus.SCHEDULED.value),
                )
            else:
                cursor = self._db.execute_sql(
                    "UPDATE send SET held = 0, attempts = 0, last_attempt_at = NULL, message = NULL, said = NULL,"
                    " updated_at = ?"
                    " WHERE id = ? AND status = ?",
                    (encode_time(self._now()), send_id, SendStatus.SCHEDULED.value),
                )
            return _changed_one(cursor)

    @_guarded
    def finish_send(
        self,
        send_id: int,
        status: SendStatus,
        message: Message | str | None = None,
        *,
        sent: bool = False,
        run_id: int | None = None,
    ) -> None:
        now = encode_time(self._now())
        message, said = english(message) or None, json_of(message)
        with self._db.atomic():
            self._db.execute_sql(
                "UPDATE send SET status = ?, message = ?, said = ?, updated_at = ?, sent_at = COALESCE(?, sent_at),"
                " run_id = COALESCE(?, run_id) WHERE id = ?",
                (SendStatus(status).value, message, said, now, now if sent else None, run_id, send_id),
            )

    # -------------------------------------------------------------- the Checklist

    @_guarded
    def record_checklist(
        self,
        send_id: int,
        checklist: Checklist,
        *,
        status: SendStatus = SendStatus.CHECKED,
        only_from: Iterable[SendStatus] | None = None,
        unless_held: bool = False,
    ) -> bool:
        """The Checklist's lines as the send's recipients (replacing an earlier, unsent Checklist), its run, the status.

        With `only_from`, only while the send is still in one of those statuses (and with `unless_held`, not held for
        a person), checked in the same transaction: False, and nothing recorded, when it was cancelled or held
        meanwhile (another process, the window) while its recipients were being checked.

        ValueError if any recipient of the send already has a result: `recheck_recipients` is for that.
        """
        with self._db.atomic():
            if only_from is not None:
                values = [SendStatus(s).value for s in only_from]
                still = self._db.execute_sql(
                    f"SELECT 1 FROM send WHERE id = ? AND (held = 0 OR NOT ?) AND status IN ({', '.join('?' * len(values))})",
                    (send_id, int(unless_held), *values),
                ).fetchone()
                if still is None:
                    return False
            self._insert_checklist(send_id, checklist, SendStatus(status))
            return True

    def _insert_checklist(self, send_id: int, checklist: Checklist, status: SendStatus) -> None:
        now = encode_time(self._now())
        rows = [
            (
                send_id,
                i,
                line.given,
                line.email,
                int(line.allowed),
                line.exclusion.value if line.exclusion else None,
                line.why,
                _CHANGES_SEPARATOR.join(line.changes),
                int(line.conflict),
                checklist.run_id,
                json_of(getattr(line, "said", None)),
                json_of_many(getattr(line, "changes_said", ())),
            )
            for i, line in enumerate(checklist.lines)
        ]
        if self._db.execute_sql(
            "SELECT 1 FROM send_recipient WHERE send_id = ? AND result IS NOT NULL LIMIT 1", (send_id,)
        ).fetchone():
            raise ValueError(f"send {send_id} has already been sent to; use recheck_recipients")
        self._db.execute_sql("DELETE FROM send_recipient WHERE send_id = ?", (send_id,))
        self._db.cursor().executemany(
            "INSERT INTO send_recipient (send_id, position, given, email, allowed, exclusion, why, changes,"
            " conflict, run_id, why_said, changes_said) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self._db.execute_sql(
            "UPDATE send SET status = ?, run_id = ?, checked_at = ?, updated_at = ?, message = NULL, said = NULL"
            " WHERE id = ?",
            (status.value, checklist.run_id, now, now, send_id),
        )

    @_guarded
    def recheck_recipients(self, send_id: int, checklist: Checklist) -> None:
        """A fresh Checklist for a send's not-sent recipients (resume): their rows take the new verdict.

        Only rows with result `not_sent` change; an allowed one goes back to "not sent yet" (NULL), an
        excluded one keeps `not_sent` with the exclusion as its reason.
        """
        now = encode_time(self._now())
        with self._db.atomic():
            for line in checklist.lines:
                if line.email is None:
                    continue
                self._db.execute_sql(
                    "UPDATE send_recipient SET allowed = ?, exclusion = ?, why = ?, changes = ?, conflict = ?,"
                    " run_id = ?, result = ?, reason = ?, why_said = ?, changes_said = ?"
                    " WHERE send_id = ? AND email = ? AND result = ?",
                    (
                        int(line.allowed),
                        line.exclusion.value if line.exclusion else None,
                        line.why,
                        _CHANGES_SEPARATOR.join(line.changes),
                        int(line.conflict),
                        checklist.run_id,
                        None if line.allowed else RecipientResult.NOT_SENT.value,
                        None if line.allowed else f"Excluded when checked again: {line.why}",
                        json_of(getattr(line, "said", None)),
                        json_of_many(getattr(line, "changes_said", ())),
                        send_id,
                        line.email,
                        RecipientResult.NOT_SENT.value,
                    ),
                )
            self._db.execute_sql(
                "UPDATE send SET run_id = ?, checked_at = ?, updated_at = ? WHERE id = ?",
                (checklist.run_id, now, now, send_id),
            )

    @_guarded
    def send_recipients(self, send_id: int) -> list[SendRecipientRecord]:
        rows = self._db.execute_sql(f"{_RECIPIENT_SELECT} WHERE send_id = ? ORDER BY position, id", (send_id,))
        return [_recipient_record(r) for r in rows.fetchall()]

    @_guarded
    def contact_sends(self, email: str) -> list[tuple[SendRecord, SendRecipientRecord]]:
        """Every send one normalised address was a recipient line of (sent to or left out), oldest first."""
        rows = self._db.execute_sql(
            f"{_RECIPIENT_SELECT} WHERE email = ? ORDER BY send_id, position, id", (email,)
        ).fetchall()
        recipients = [_recipient_record(r) for r in rows]
        sends = {}
        for send_id in dict.fromkeys(r.send_id for r in recipients):
            row = self._db.execute_sql(f"{_SEND_SELECT} WHERE id = ?", (send_id,)).fetchone()
            if row is not None:
                sends[send_id] = _send_record(row)
        return [(sends[r.send_id], r) for r in recipients if r.send_id in sends]

    @_guarded
    def recipients_to_send(self, send_id: int) -> list[str]:
        """Allowed recipients not sent yet (result NULL), in list order: the only ones a launch may post."""
        rows = self._db.execute_sql(
            "SELECT email FROM send_recipient WHERE send_id = ? AND allowed = 1 AND result IS NULL"
            " AND email IS NOT NULL ORDER BY position, id",
            (send_id,),
        )
        return [r[0] for r in rows.fetchall()]

    @_guarded
    def written_since(self, run_id: int | None, since: datetime, emails: Iterable[str]) -> list[str]:
        """R4: of `emails`, those for whom a run after the Checklist's sync (`run_id`; without one, a run started at
        or after `since`), in any process, decided a write for "Marketing sendouts", the purpose the Checklist
        judges by: whether it landed, failed, was held by the brake (R23) or for a person (R24), stopped as flapping
        (R25) or is a preview's. The Checklist's sync left each allowed recipient in step there, so each means that
        basis changed in one system since (a withdrawal read but not written still leaves eMarketeer saying
        Consent). Runs take the run lock one at a time, so a later run has a later number; their decisions are found
        through the decision_run index."""
        wanted = set(emails)
        if not wanted:
            return []
        arg: int | str | None
        if run_id is not None:
            runs, arg = "SELECT id FROM run WHERE id > ?", run_id
        else:
            runs, arg = "SELECT id FROM run WHERE started_at >= ?", encode_time(since)
        rows = self._db.execute_sql(
            f"SELECT DISTINCT email FROM decision WHERE run_id IN ({runs}) AND target IS NOT NULL AND purpose = ?",
            (arg, encode_purpose(Purpose.MARKETING)),
        )
        return sorted(email for (email,) in rows.fetchall() if email in wanted)

    @_guarded
    def recipients_with_result(self, send_id: int, result: RecipientResult) -> list[str]:
        rows = self._db.execute_sql(
            "SELECT email FROM send_recipient WHERE send_id = ? AND result = ? ORDER BY position, id",
            (send_id, RecipientResult(result).value),
        )
        return [r[0] for r in rows.fetchall()]

    @_guarded
    def recent_results(
        self, channel: Channel, component_id: int, since: datetime, *, exclude_send_id: int | None = None
    ) -> list[tuple[int, str, RecipientResult, datetime]]:
        """Read-only: recipients that a send of this message reached (accepted) or may have reached (unknown) at or
        after `since`, as (send id, email, result, when), newest first. The guard against a second send."""
        at = "COALESCE(r.sent_at, s.sent_at, s.updated_at)"
        sql = (
            f"SELECT r.send_id, r.email, r.result, {at} FROM send_recipient r JOIN send s ON s.id = r.send_id"
            f" WHERE s.channel = ? AND s.component_id = ? AND r.result IN (?, ?) AND r.email IS NOT NULL"
            f" AND {at} >= ?"
        )
        params: list[Any] = [
            Channel(channel).value,
            int(component_id),
            RecipientResult.ACCEPTED.value,
            RecipientResult.UNKNOWN.value,
            encode_time(since),
        ]
        if exclude_send_id is not None:
            sql += " AND s.id != ?"
            params.append(exclude_send_id)
        rows = self._db.execute_sql(sql + f" ORDER BY {at} DESC, r.send_id DESC", params).fetchall()
        return [(send_id, email, RecipientResult(result), decode_time(when)) for send_id, email, result, when in rows]

    @_guarded
    def send_result_counts(self, send_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Read-only: per send, how many recipients were accepted, rejected, unknown, not sent (allowed ones only)."""
        ids = [int(i) for i in send_ids]
        counts: dict[int, dict[str, int]] = {i: {r.value: 0 for r in RecipientResult} for i in ids}
        if not ids:
            return counts
        rows = self._db.execute_sql(
            f"SELECT send_id, result, COUNT(*) FROM send_recipient WHERE send_id IN ({', '.join('?' * len(ids))})"
            " AND result IS NOT NULL AND (allowed = 1 OR result != ?) GROUP BY send_id, result",
            (*ids, RecipientResult.NOT_SENT.value),
        ).fetchall()
        for send_id, result, count in rows:
            counts[send_id][result] = count
        return counts

    @_guarded
    def leave_out_recipients(self, send_id: int, reasons: Iterable[tuple[str, Message | str]]) -> int:
        """Before a launch: allowed recipients not sent yet that must not get this send, (email, why) each, become
        excluded as RECENTLY_SENT (kept in the audit trail, why in English beside its typed message); returns how
        many changed."""
        rows = [
            (
                Exclusion.RECENTLY_SENT.value,
                english(why),
                json_of(why),
                send_id,
                email,
            )
            for email, why in reasons
        ]
        changed = 0
        with self._db.atomic():
            for row in rows:
                cursor = self._db.execute_sql(
                    "UPDATE send_recipient SET allowed = 0, exclusion = ?, why = ?, why_said = ?"
                    " WHERE send_id = ? AND email = ? AND allowed = 1 AND result IS NULL",
                    row,
                )
                changed += cursor.rowcount
        return changed

    # -------------------------------------------------------------- batches

    @_guarded
    def mark_batch_leaving(self, send_id: int, batch: int, emails: Sequence[str]) -> None:
        """Before a batch is posted: its recipients become `unknown`, so a crash mid-call never resends them."""
        with self._db.atomic():
            self._db.cursor().executemany(
                "UPDATE send_recipient SET result = ?, reason = ?, batch = ? WHERE send_id = ? AND email = ?"
                " AND allowed = 1 AND result IS NULL",
                [
                    (RecipientResult.UNKNOWN.value, "Posted to eMarketeer; no answer recorded.", batch, send_id, e)
                    for e in emails
                ],
            )

    @_guarded
    def record_batch(
        self,
        send_id: int,
        batch: int,
        *,
        accepted: Iterable[str] = (),
        rejected: Iterable[tuple[str, str]] = (),
        unknown: Iterable[tuple[str, str]] = (),
        not_sent: Iterable[tuple[str, str]] = (),
    ) -> None:
        """One batch's answer (or what its failure means), per recipient, in one transaction."""
        now = encode_time(self._now())
        rows: list[tuple[str, str | None, str | None, int, str, int]] = [
            (RecipientResult.ACCEPTED.value, None, now, send_id, e, batch) for e in accepted
        ]
        rows += [(RecipientResult.REJECTED.value, why, now, send_id, e, batch) for e, why in rejected]
        rows += [(RecipientResult.UNKNOWN.value, why, None, send_id, e, batch) for e, why in unknown]
        with self._db.atomic():
            self._db.cursor().executemany(
                "UPDATE send_recipient SET result = ?, reason = ?, sent_at = ? WHERE send_id = ? AND email = ?"
                " AND allowed = 1 AND batch = ?",
                rows,
            )
            self._db.cursor().executemany(
                "UPDATE send_recipient SET result = ?, reason = ?, batch = NULL WHERE send_id = ? AND email = ?"
                " AND allowed = 1 AND batch = ?",
                [(RecipientResult.NOT_SENT.value, why, send_id, e, batch) for e, why in not_sent],
            )

    @_guarded
    def mark_not_sent(self, send_id: int, reason: str) -> list[str]:
        """Every allowed recipient not sent yet becomes `not_sent` (the send stopped); returns them."""
        with self._db.atomic():
            left = self.recipients_to_send(send_id)
            self._db.execute_sql(
                "UPDATE send_recipient SET result = ?, reason = ? WHERE send_id = ? AND allowed = 1 AND result IS NULL",
                (RecipientResult.NOT_SENT.value, reason, send_id),
            )
        return left

    @_guarded
    def reopen_not_sent(self, send_id: int) -> None:
        """`resume` without a new verdict for some: not_sent rows that are still allowed go back to NULL."""
        with self._db.atomic():
            self._db.execute_sql(
                "UPDATE send_recipient SET result = NULL, reason = NULL WHERE send_id = ? AND allowed = 1"
                " AND result = ?",
                (send_id, RecipientResult.NOT_SENT.value),
            )

    # -------------------------------------------------------------- export

    @_guarded
    def send_rows(self, run_id: int | None = None) -> Iterator[SendRow]:
        """Every send's recipients (of sends checked by one run, with `run_id`), one typed row each.

        One row per recipient line with its send's columns repeated and the run that checked it, so a
        spreadsheet filter on `run` lines the rows up with the decisions export (`export_csv`).
        Sends without recipient rows yet (scheduled, or failed before the Checklist) get one row of their own.
        """
        where, params = self._send_filter(None, run_id)
        sends = [_send_record(r) for r in self._db.execute_sql(f"{_SEND_SELECT}{where} ORDER BY id", params)]
        run_started = {i: decode_time(t) for i, t in self._db.execute_sql("SELECT id, started_at FROM run")}
        for send in sends:
            head = (
                send.id,
                send.channel,
                send.component_id,
                send.source,
                send.status,
                send.scheduled_at,
                send.created_at,
                send.sent_at,
            )
            recipients = self.send_recipients(send.id)
            if run_id is not None:
                recipients = [r for r in recipients if r.run_id == run_id]
            if not recipients:
                yield SendRow(
                    *head,
                    send.run_id,
                    run_started.get(send.run_id),
                    None,
                    "",
                    None,
                    None,
                    None,
                    "",
                    (),
                    None,
                    None,
                    None,
                    None,
                    None,
                    send.message,
                )
                continue
            for r in recipients:
                yield SendRow(
                    *head,
                    r.run_id,
                    run_started.get(r.run_id),
                    r.position + 1,
                    r.given,
                    r.email,
                    r.allowed,
                    r.exclusion,
                    r.why,
                    r.changes,
                    r.conflict,
                    r.result,
                    r.reason,
                    r.batch,
                    r.sent_at,
                    send.message,
                )

    @_guarded
    def export_sends_csv(self, out: TextIO, run_id: int | None = None) -> int:
        """`send_rows` as CSV (SENDS_CSV_COLUMNS); returns the rows written. Open `out` with "utf-8-sig"."""
        writer = SpreadsheetSafeWriter(out)  # CSV injection: csv_cells.py
        writer.writerow(SENDS_CSV_COLUMNS)
        count = 0
        for r in self.send_rows(run_id):
            writer.writerow(
                (
                    r.send,
                    r.channel.value,
                    r.component,
                    r.source,
                    r.send_status.value,
                    _t(r.scheduled_at),
                    _t(r.created_at),
                    _t(r.sent_at),
                    _blank(r.run),
                    _t(r.run_started),
                    _blank(r.position),
                    r.given,
                    r.email or "",
                    _yes_no(r.allowed),
                    r.exclusion.value if r.exclusion else "",
                    r.why,
                    " | ".join(r.sync_changes),
                    _yes_no(r.conflict),
                    r.result.value if r.result else "",
                    r.result_reason or "",
                    _blank(r.batch),
                    _t(r.recipient_sent_at),
                    r.send_message or "",
                )
            )
            count += 1
        return count


def _blank(value: int | None) -> object:
    return "" if value is None else value


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _t(value: datetime | None) -> str:
    return "" if value is None else encode_time(value) or ""


__all__ = ["SENDS_CSV_COLUMNS", "SendRecipientRecord", "SendRecord", "SendRow", "SendsMixin"]
