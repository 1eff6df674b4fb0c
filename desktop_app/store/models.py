"""Peewee models over the schema that `migrations` builds, made per database so two stores never share a binding.

Peewee binds models at class level; a module-level model bound to one Store's database would be
re-pointed by the next Store opened in the same process (tests, the window plus a headless run).
`build_models(db)` gives each Store its own classes. The tables themselves are created only by the
migration ladder; `tests/test_store_schema.py` checks these fields against the migrated tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import peewee as pw

from ..domain.messages import Message
from ..domain.model import LegalBasis, Purpose, Rule, RunMode, RunStatus, System, Trigger
from ..domain.planner import AnswerKind, Reason
from .codec import decode_json, decode_time, encode_json, encode_time
from .records import DecisionStatus


class UtcDateTimeField(pw.TextField):
    """An aware UTC datetime as fixed-format ISO-8601 text with microseconds."""

    field_type = "TEXT"

    def db_value(self, value: datetime | None) -> str | None:
        return encode_time(value)

    def python_value(self, value: str | None) -> datetime | None:
        return decode_time(value)


class EnumField(pw.TextField):
    """A StrEnum stored as its value."""

    field_type = "TEXT"

    def __init__(self, enum: type[StrEnum], *args: Any, **kwargs: Any) -> None:
        self.enum = enum
        super().__init__(*args, **kwargs)

    def db_value(self, value: str | None) -> str | None:
        return None if value is None else self.enum(value).value

    def python_value(self, value: str | None) -> StrEnum | None:
        return None if value is None else self.enum(value)


class JsonField(pw.TextField):
    field_type = "TEXT"

    def db_value(self, value: object) -> str:
        return encode_json(value)

    def python_value(self, value: str | None) -> object:
        return None if value is None else decode_json(value)


class MessageField(pw.TextField):
    """A typed message (domain.messages.Message) as JSON, beside the English text it was stored with. NULL for rows
    from before messages were typed, and read as None when a newer version wrote a kind this one does not know: the
    window then shows the stored English as it is."""

    def db_value(self, value: Message | None) -> str | None:
        return None if value is None else value.to_json()

    def python_value(self, value: str | None) -> Message | None:
        return Message.from_json(value)


# Each field is a peewee model class made in `build_models`, per database. To mypy a class defined in a function is
# known only as type[pw.Model], which has none of its fields, and peewee's stubs type a field as the Field object, not
# the value a row holds, so these are Any: the store's own functions type what they return.
@dataclass(frozen=True, slots=True)
class Models:
    Run: Any
    Decision: Any
    ContactError: Any
    Baseline: Any
    SoPerson: Any
    EmContact: Any
    Cursor: Any
    Setting: Any
    HeldDecision: Any
    ReviewAnswer: Any
    Flapping: Any
    HeldRun: Any

    def all(self) -> tuple[type[pw.Model], ...]:
        return (
            self.Run,
            self.Decision,
            self.ContactError,
            self.Baseline,
            self.SoPerson,
            self.EmContact,
            self.Cursor,
            self.Setting,
            self.HeldDecision,
            self.ReviewAnswer,
            self.Flapping,
            self.HeldRun,
        )


def build_models(db: pw.SqliteDatabase) -> Models:
    class Base(pw.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Run(Base):
        id = pw.AutoField()
        trigger = EnumField(Trigger)
        mode = EnumField(RunMode, null=True)
        dry_run = pw.BooleanField(default=False)
        only = JsonField(default=list)
        started_at = UtcDateTimeField()
        ended_at = UtcDateTimeField(null=True)
        status = EnumField(RunStatus, index=True)
        matched = pw.IntegerField(default=0)
        unmatched_superoffice = pw.IntegerField(default=0)
        unmatched_emarketeer = pw.IntegerField(default=0)
        changes = pw.IntegerField(default=0)
        conflicts = pw.IntegerField(default=0)
        errors = pw.IntegerField(default=0)
        message = pw.TextField(null=True)
        said = MessageField(null=True)

        class Meta:
            table_name = "run"

    class Decision(Base):
        id = pw.AutoField()
        run = pw.ForeignKeyField(Run, column_name="run_id", on_delete="CASCADE", lazy_load=False)
        email = pw.TextField(index=True)
        purpose = EnumField(Purpose)
        so_basis = EnumField(LegalBasis, null=True)
        so_changed_at = UtcDateTimeField(null=True)
        em_basis = EnumField(LegalBasis, null=True)
        em_changed_at = UtcDateTimeField(null=True)
        base_so_set = pw.BooleanField(default=False)
        base_so_basis = EnumField(LegalBasis, null=True)
        base_so_changed_at = UtcDateTimeField(null=True)
        base_em_set = pw.BooleanField(default=False)
        base_em_basis = EnumField(LegalBasis, null=True)
        base_em_changed_at = UtcDateTimeField(null=True)
        winner = EnumField(System, null=True)
        target = EnumField(System, null=True)
        old = EnumField(LegalBasis, null=True)
        new = EnumField(LegalBasis, null=True)
        rule = EnumField(Rule)
        rules = pw.TextField()
        reason = EnumField(Reason)
        explanation = pw.TextField()
        conflict = pw.BooleanField(default=False)
        person_id = pw.IntegerField(null=True)
        person_count = pw.IntegerField(default=1)
        status = EnumField(DecisionStatus, index=True)
        token = pw.TextField(null=True)
        target_changed_at = UtcDateTimeField(null=True)
        message = pw.TextField(null=True)
        recorded_at = UtcDateTimeField()
        applied_at = UtcDateTimeField(null=True)
        updated_at = UtcDateTimeField()
        decided_by = pw.IntegerField(null=True)
        answer_id = pw.IntegerField(null=True)
        said = MessageField(null=True)

        class Meta:
            table_name = "decision"
            # R25 counts a pair's applied writes in the last 24 hours (migration v5).
            indexes = ((("email", "purpose", "applied_at"), False),)

    class ContactError(Base):
        id = pw.AutoField()
        run = pw.ForeignKeyField(Run, column_name="run_id", on_delete="CASCADE", lazy_load=False)
        email = pw.TextField()
        purpose = EnumField(Purpose, null=True)
        system = EnumField(System, null=True)
        reason = pw.TextField()
        recorded_at = UtcDateTimeField()
        said = MessageField(null=True)

        class Meta:
            table_name = "contact_error"

    class Baseline(Base):
        email = pw.TextField()
        purpose = EnumField(Purpose)
        so_basis = EnumField(LegalBasis, null=True)
        so_changed_at = UtcDateTimeField(null=True)
        em_basis = EnumField(LegalBasis, null=True)
        em_changed_at = UtcDateTimeField(null=True)
        person_id = pw.IntegerField(null=True)
        updated_at = UtcDateTimeField()

        class Meta:
            table_name = "baseline"
            primary_key = pw.CompositeKey("email", "purpose")
            without_rowid = True

    class SoPerson(Base):
        person_id = pw.IntegerField(primary_key=True)
        email = pw.TextField(index=True)
        registered = UtcDateTimeField(null=True)
        store_basis = EnumField(LegalBasis, null=True)
        store_changed_at = UtcDateTimeField(null=True)
        store_error = pw.TextField(null=True)
        marketing_basis = EnumField(LegalBasis, null=True)
        marketing_changed_at = UtcDateTimeField(null=True)
        marketing_error = pw.TextField(null=True)
        store_untouched = pw.BooleanField(default=False)
        marketing_untouched = pw.BooleanField(default=False)

        class Meta:
            table_name = "so_person"

    class EmContact(Base):
        email = pw.TextField(primary_key=True)
        contact_id = pw.IntegerField(null=True)
        store_basis = EnumField(LegalBasis, null=True)
        store_changed_at = UtcDateTimeField(null=True)
        store_error = pw.TextField(null=True)
        marketing_basis = EnumField(LegalBasis, null=True)
        marketing_changed_at = UtcDateTimeField(null=True)
        marketing_error = pw.TextField(null=True)

        class Meta:
            table_name = "em_contact"
            without_rowid = True

    class Cursor(Base):
        name = pw.TextField(primary_key=True)
        value = UtcDateTimeField()

        class Meta:
            table_name = "sync_cursor"
            without_rowid = True

    class Setting(Base):
        key = pw.TextField(primary_key=True)
        value = pw.TextField()

        class Meta:
            table_name = "setting"
            without_rowid = True

    class HeldDecision(Base):
        email = pw.TextField()
        purpose = EnumField(Purpose)
        person_id = pw.IntegerField(default=0)
        target = EnumField(System)
        new = EnumField(LegalBasis, null=True)
        so_basis = EnumField(LegalBasis, null=True)
        so_changed_at = UtcDateTimeField(null=True)
        em_basis = EnumField(LegalBasis, null=True)
        em_changed_at = UtcDateTimeField(null=True)
        rule = EnumField(Rule)
        explanation = pw.TextField()
        run_id = pw.IntegerField(null=True)
        held_since = UtcDateTimeField()
        updated_at = UtcDateTimeField()

        class Meta:
            table_name = "held_decision"
            primary_key = pw.CompositeKey("email", "purpose", "person_id")
            without_rowid = True

    class ReviewAnswer(Base):
        id = pw.AutoField()
        email = pw.TextField(index=True)
        purpose = EnumField(Purpose)
        person_id = pw.IntegerField(null=True)
        answer = EnumField(AnswerKind)
        target = EnumField(System, null=True)
        new = EnumField(LegalBasis, null=True)
        so_basis = EnumField(LegalBasis, null=True)
        so_changed_at = UtcDateTimeField(null=True)
        em_basis = EnumField(LegalBasis, null=True)
        em_changed_at = UtcDateTimeField(null=True)
        answered_by = pw.TextField()
        answered_at = UtcDateTimeField()
        status = pw.TextField(
            index=True
        )  # store.safety ANSWER_*: open, used, void, void_holds_off, void_gone or replaced
        run_id = pw.IntegerField(null=True)
        closed_at = UtcDateTimeField(null=True)

        class Meta:
            table_name = "review_answer"

    class Flapping(Base):
        email = pw.TextField()
        purpose = EnumField(Purpose)
        writes_24h = pw.IntegerField()
        values_seen = JsonField(default=list)
        detected_at = UtcDateTimeField()
        run_id = pw.IntegerField(null=True)
        cleared_at = UtcDateTimeField(null=True)
        cleared_by = pw.TextField(null=True)

        class Meta:
            table_name = "flapping"
            primary_key = pw.CompositeKey("email", "purpose")
            without_rowid = True

    class HeldRun(Base):
        run = pw.ForeignKeyField(Run, column_name="run_id", primary_key=True, on_delete="CASCADE", lazy_load=False)
        writes = pw.IntegerField()
        matched = pw.IntegerField()
        status = pw.TextField()  # waiting, applied, discarded or superseded
        answered_by = pw.TextField(null=True)
        answered_at = UtcDateTimeField(null=True)
        applied_run_id = pw.IntegerField(null=True)
        notified = pw.BooleanField(default=False)

        class Meta:
            table_name = "held_run"

    return Models(
        Run,
        Decision,
        ContactError,
        Baseline,
        SoPerson,
        EmContact,
        Cursor,
        Setting,
        HeldDecision,
        ReviewAnswer,
        Flapping,
        HeldRun,
    )
