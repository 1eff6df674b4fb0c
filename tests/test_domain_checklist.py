"""The Checklist (R4) as a pure function: who a send goes to after the send-time sync, who is left out and why;
reading pasted recipients and CSV files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from desktop_app.domain.checklist import (
    Channel,
    Checklist,
    ChecklistLine,
    Exclusion,
    RecipientFileError,
    build_checklist,
    parse_recipients,
    read_recipients_csv,
)
from desktop_app.domain.model import (
    Consent,
    ContactError,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    SuperOfficeContact,
    SuperOfficePerson,
    System,
)
from desktop_app.domain.planner import PlanSettings, plan

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
C, W = LegalBasis.CONSENT, LegalBasis.WITHDRAWN


def v(basis, days_ago=10.0) -> Consent:
    return Consent() if basis is None else Consent(basis, NOW - timedelta(days=days_ago))


class Sync:
    """Both sides as the send-time sync read them; `summary()` plans them and says which writes landed."""

    def __init__(self) -> None:
        self.so: dict[str, SuperOfficeContact] = {}
        self.em: dict[str, EmarketeerContact] = {}
        self._pid = 100

    def so_person(self, email, marketing=Consent(), store=Consent()):
        self._pid += 1
        self.so[email] = SuperOfficeContact(
            email, (SuperOfficePerson(self._pid, email, NOW - timedelta(days=400), (store, marketing)),)
        )

    def em_contact(self, email, marketing=Consent(), store=Consent()):
        self.em[email] = EmarketeerContact(email, None, (store, marketing))

    def both(self, email, so_marketing, em_marketing):
        self.so_person(email, so_marketing)
        self.em_contact(email, em_marketing)

    def summary(self, *, failed=(), errors=(), skew=timedelta(minutes=2), hold_reversals=False):
        # R24's holds off unless a test asks: these cases are about writes that land or not.
        the_plan = plan(self.so, self.em, {}, NOW, PlanSettings(skew, hold_reversals=hold_reversals))
        changes = [d for d in the_plan.writes if d.email not in failed]
        details = SimpleNamespace(superoffice=self.so, emarketeer=self.em, plan=the_plan)
        return SimpleNamespace(
            run_id=7,
            changes=changes,
            conflicts=the_plan.conflicts,
            errors=list(the_plan.errors) + list(errors),
            details=details,
        )


def checklist(recipients, summary, **kwargs) -> Checklist:
    return build_checklist(Channel.EMAIL, 1001, recipients, summary, NOW, **kwargs)


def line(cl: Checklist, given: str) -> ChecklistLine:
    return next(x for x in cl.lines if x.given == given)


# ------------------------------------------------------------------ the verdicts


def test_every_exclusion_reason_with_a_sentence_and_the_allowed_list_in_order():
    s = Sync()
    s.both("anna@example.se", v(C), v(C))
    s.both("bo@example.se", v(W, 1), v(C, 5))  # withdrawn in SuperOffice later: the sync writes it to eMarketeer
    s.both("cia@example.se", v(None), v(None))  # nobody has a basis
    s.so_person("dan@example.se", v(C))  # only in SuperOffice
    s.em_contact("eva@example.se", v(C))  # only in eMarketeer: its value is the only one
    s.both("fia@example.se", v(C), v(C))
    summary = s.summary(
        errors=[ContactError("fia@example.se", Purpose.STORE, "SuperOffice: change time in the future")]
    )
    given = [
        "Anna@Example.se ",
        "bo@example.se",
        "cia@example.se",
        "dan@example.se",
        "eva@example.se",
        "fia@example.se",
        "not-an-address",
        "ANNA@example.se",
    ]
    cl = checklist(given, summary)

    assert cl.allowed == ("anna@example.se", "eva@example.se")
    assert [(x.given, x.exclusion) for x in cl.excluded] == [
        ("bo@example.se", Exclusion.MARKETING_WITHDRAWN),
        ("cia@example.se", Exclusion.NO_MARKETING_BASIS),
        ("dan@example.se", Exclusion.UNKNOWN_IN_EMARKETEER),
        ("fia@example.se", Exclusion.NOT_CHECKED),
        ("not-an-address", Exclusion.INVALID_ADDRESS),
        ("ANNA@example.se", Exclusion.DUPLICATE_IN_LIST),
    ]
    assert line(cl, "bo@example.se").why == "Marketing sendouts withdrawn in both systems."
    assert "change time in the future" in line(cl, "fia@example.se").why
    assert line(cl, "not-an-address").email is None
    assert line(cl, "not-an-address").why == "Invalid e-mail address 'not-an-address'."
    assert line(cl, "ANNA@example.se").email == "anna@example.se"
    assert "only in eMarketeer" in line(cl, "eva@example.se").why
    for x in cl.lines:
        assert x.why.endswith(".") and (x.why[0].isupper() or x.why.startswith("eMarketeer")), x
    counts = cl.counts()
    assert counts[Exclusion.MARKETING_WITHDRAWN] == 1 and counts[Exclusion.DUPLICATE_IN_LIST] == 1
    assert sum(counts.values()) == len(cl.excluded) == 6
    assert all(e.text and e.text[0].isupper() for e in Exclusion)
    assert cl.summary_text().startswith("2 of 8 recipients addressed; 6 excluded (")


def test_what_the_sync_changed_is_listed_per_recipient():
    s = Sync()
    s.both("bo@example.se", v(W, 1), v(C, 5))
    s.both("anna@example.se", v(C), v(C))
    cl = checklist(["bo@example.se", "anna@example.se"], s.summary())
    bo = line(cl, "bo@example.se")
    assert bo.changes == (
        "Marketing sendouts: SuperOffice changed later (2026-05-31T12:00:00Z vs "
        "2026-05-27T12:00:00Z); eMarketeer set to Withdrawn.",
    )
    assert cl.changed == (bo,) and line(cl, "anna@example.se").changes == ()


def test_a_conflict_the_sync_decided_is_flagged_and_the_restrictive_value_counts():
    s = Sync()
    # Changed within the clock-skew window: R13 makes withdrawn win and lists a conflict.
    s.both("kim@example.se", Consent(C, NOW - timedelta(seconds=30)), Consent(W, NOW - timedelta(seconds=60)))
    cl = checklist(["kim@example.se"], s.summary())
    kim = cl.lines[0]
    assert kim.conflict and cl.conflicts == (kim,)
    assert kim.exclusion is Exclusion.MARKETING_WITHDRAWN and not kim.allowed


def test_a_write_that_did_not_land_leaves_the_systems_disagreeing():
    s = Sync()
    s.both("ola@example.se", v(C, 1), v(W, 5))  # SuperOffice is newer: the sync would write Consent to eMarketeer
    s.both("per@example.se", v(C, 1), v(None))  # eMarketeer has none: the sync would write Consent there
    summary = s.summary(failed={"ola@example.se", "per@example.se"})
    cl = checklist(["ola@example.se", "per@example.se"], summary)
    # Withdrawn in either system after the sync: excluded, never sent blindly.
    assert line(cl, "ola@example.se").exclusion is Exclusion.MARKETING_WITHDRAWN
    assert line(cl, "ola@example.se").why == "Marketing sendouts withdrawn in eMarketeer."
    # Not withdrawn anywhere, but the decided change never landed: not checked.
    assert line(cl, "per@example.se").exclusion is Exclusion.NOT_CHECKED
    assert "not confirmed" in line(cl, "per@example.se").why


def test_a_landed_write_counts_as_both_systems_holding_it():
    s = Sync()
    s.both("per@example.se", v(C, 1), v(None))
    cl = checklist(["per@example.se"], s.summary())
    assert cl.allowed == ("per@example.se",)
    assert line(cl, "per@example.se").why == "Marketing sendouts: Consent."


def test_no_basis_is_allowed_when_the_account_does_not_require_one():
    s = Sync()
    s.both("cia@example.se", v(None), v(None))
    s.both("bo@example.se", v(W), v(W))
    cl = checklist(["cia@example.se", "bo@example.se"], s.summary(), require_positive_basis=False)
    assert cl.allowed == ("cia@example.se",)
    assert line(cl, "bo@example.se").exclusion is Exclusion.MARKETING_WITHDRAWN
    assert "allows sending" in line(cl, "cia@example.se").why


def test_without_details_nobody_is_sent_to_blindly():
    summary = SimpleNamespace(run_id=None, changes=[], conflicts=[], errors=[], details=None)
    cl = checklist(["anna@example.se"], summary)
    assert cl.allowed == () and cl.lines[0].exclusion is Exclusion.NOT_CHECKED


def test_an_error_for_the_address_from_reading_is_not_checked():
    s = Sync()
    s.both("anna@example.se", v(C), v(C))
    error = ContactError("Anna@Example.se", None, "eMarketeer contact: malformed record", System.EMARKETEER)
    cl = checklist(["anna@example.se"], s.summary(errors=[error]))
    assert cl.lines[0].exclusion is Exclusion.NOT_CHECKED


def test_empty_recipients_make_an_empty_checklist():
    cl = checklist([], Sync().summary())
    assert cl.lines == () and cl.allowed == () and cl.summary_text() == "0 of 0 recipients addressed."


# ------------------------------------------------------------------ reading recipients


def test_pasted_recipients_split_on_any_separator_and_names_are_dropped():
    text = (
        "anna@example.se, bo@example.se;cia@example.se\n dan@example.se\teva@example.se\n"
        '"Svensson, Fia" <fia@example.se>; Gun Berg <gun@example.se>\n\n  not-an-address '
    )
    assert parse_recipients(text) == [
        "anna@example.se",
        "bo@example.se",
        "cia@example.se",
        "dan@example.se",
        "eva@example.se",
        "fia@example.se",
        "gun@example.se",
        "not-an-address",
    ]
    assert parse_recipients("") == [] and parse_recipients(" ,;\n") == []


@pytest.mark.parametrize(
    "content, expected",
    [
        ("name,email\nAnna,anna@example.se\nBo,bo@example.se\n", ["anna@example.se", "bo@example.se"]),
        ("Namn;E-post\nAnna;anna@example.se\nBo;\n", ["anna@example.se"]),
        ("anna@example.se\nbo@example.se\n", ["anna@example.se", "bo@example.se"]),
        ("id,contact\n1,Anna <anna@example.se>\n2,bo@example.se\n", ["anna@example.se", "bo@example.se"]),
        ("\ufeffMail\tcity\nanna@example.se\tLund\nx@\tUmeå\n", ["anna@example.se", "x@"]),
    ],
)
def test_a_csv_file_gives_its_email_column(tmp_path, content, expected):
    path = tmp_path / "customers.csv"
    path.write_text(content, encoding="utf-8")
    assert read_recipients_csv(path) == expected


def test_a_file_in_windows_1252_is_read(tmp_path):
    path = tmp_path / "kunder.csv"
    path.write_bytes("namn,email\nÅsa,asa@example.se\n".encode("cp1252"))
    assert read_recipients_csv(path) == ["asa@example.se"]


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "does not exist"),
        (b"", "is empty"),
        (b"name,city\nAnna,Lund\n", "no e-mail column"),
        (b"\x00\x01\x02binary", "not a text"),
    ],
)
def test_a_bad_file_is_one_sentence(tmp_path, content, words):
    path = tmp_path / "list.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RecipientFileError) as caught:
        read_recipients_csv(path)
    message = caught.value.user_message
    assert words in message and message.endswith(".") and "\n" not in message
    with pytest.raises(RecipientFileError):
        read_recipients_csv(tmp_path)  # a folder


def test_r24_a_held_reversal_is_excluded_as_waiting_for_review_never_allowed():
    s = Sync()
    s.both("ola@example.se", v(C, 1), v(W, 5))  # SuperOffice's later Consent would reverse eMarketeer's withdrawal
    s.both("anna@example.se", v(C), v(C))
    cl = checklist(["ola@example.se", "anna@example.se"], s.summary(hold_reversals=True))
    assert cl.allowed == ("anna@example.se",)
    ola = line(cl, "ola@example.se")
    assert (ola.allowed, ola.exclusion) == (False, Exclusion.HELD_FOR_REVIEW)
    assert "Withdrawal waiting for review" == Exclusion.HELD_FOR_REVIEW.text
    # Even a recipient already excluded for a withdrawal reads as held: a person has to answer first.
    s = Sync()
    s.both("bo@example.se", v(C, 1), v(W, 5))
    summary = s.summary(hold_reversals=True)
    summary.details.plan.decisions.clear()  # only the summary's `held` tells (as the engine hands it over)
    summary.held = [d for d in plan(s.so, s.em, {}, NOW).held]
    assert line(checklist(["bo@example.se"], summary), "bo@example.se").exclusion is Exclusion.HELD_FOR_REVIEW
