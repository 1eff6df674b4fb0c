"""Issue 14 point 4: one contact's record (R15, R24) as text and as a PDF made with Qt's writer, opened and read back."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from desktop_app.domain.checklist import Channel, Checklist, ChecklistLine, Exclusion, SendStatus
from desktop_app.domain.model import (
    Consent,
    DuplicatePolicy,
    EmarketeerContact,
    LegalBasis,
    Purpose,
    Rule,
    RunMode,
    RunStatus,
    SuperOfficePerson,
    System,
    Trigger,
)
from desktop_app.domain.planner import Decision, Reason
from desktop_app.report.contact import build_contact_report, contact_report_html, contact_report_text, title
from desktop_app.report.pdf import page_count, write_pdf
from desktop_app.store import DecisionStatus, Store
from desktop_app.ui import translation

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
EMAIL = "åsa.öberg@exempel.se"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _decision(purpose, so, em, target, new, rule, reason, base_so=None, base_em=None) -> Decision:
    return Decision(
        email=EMAIL,
        purpose=purpose,
        superoffice=so,
        emarketeer=em,
        baseline_superoffice=base_so,
        baseline_emarketeer=base_em,
        winner=target.other,
        target=target,
        new=new,
        rule=rule,
        reason=reason,
        person_id=11,
        person_count=2,
    )


def fill(data_dir: Path) -> None:
    """Two SuperOffice persons (R9) and an eMarketeer contact; an R5 write, an R13 withdrawal, a preview that must not
    show, an agreement that must not show, another address's change; one send that went, one that left the address out."""
    clock = Clock()
    with Store.open(data_dir, clock=clock) as s:
        s.replace_superoffice(
            [
                SuperOfficePerson(
                    11,
                    EMAIL,
                    T0 - timedelta(days=400),
                    (
                        Consent(LegalBasis.CONTRACT, T0 - timedelta(days=30)),
                        Consent(LegalBasis.WITHDRAWN, T0 + timedelta(days=2)),
                    ),
                ),
                SuperOfficePerson(
                    57,
                    EMAIL,
                    T0 - timedelta(days=100),
                    (
                        Consent(LegalBasis.CONTRACT, T0 - timedelta(days=30)),
                        Consent(LegalBasis.CONSENT, T0 - timedelta(days=3)),
                    ),
                ),
            ]
        )
        s.replace_emarketeer(
            [
                EmarketeerContact(
                    EMAIL,
                    9001,
                    (
                        Consent(LegalBasis.CONTRACT, T0 - timedelta(days=29)),
                        Consent(LegalBasis.WITHDRAWN, T0 + timedelta(days=2, minutes=5)),
                    ),
                )
            ]
        )
        run = s.start_run(Trigger.SCHEDULED, RunMode.FULL, False, started_at=T0)
        first = _decision(
            Purpose.MARKETING,
            Consent(LegalBasis.CONSENT, T0 - timedelta(days=3)),
            Consent(None, None),
            System.EMARKETEER,
            LegalBasis.CONSENT,
            Rule.R5,
            Reason.SUPEROFFICE_HAS_VALUE,
        )
        agreed = Decision(
            email=EMAIL,
            purpose=Purpose.STORE,
            superoffice=Consent(LegalBasis.CONTRACT, T0),
            emarketeer=Consent(LegalBasis.CONTRACT, T0),
            baseline_superoffice=None,
            baseline_emarketeer=None,
            winner=None,
            target=None,
            new=None,
            rule=Rule.R12,
            reason=Reason.AGREE,
        )
        other = Decision(
            email="bo@example.se",
            purpose=Purpose.STORE,
            superoffice=Consent(LegalBasis.CONTRACT, T0),
            emarketeer=Consent(None, None),
            baseline_superoffice=None,
            baseline_emarketeer=None,
            winner=System.SUPEROFFICE,
            target=System.EMARKETEER,
            new=LegalBasis.CONTRACT,
            rule=Rule.R5,
            reason=Reason.SUPEROFFICE_HAS_VALUE,
        )
        clock.now = T0 + timedelta(minutes=1)
        ids = s.record_decisions(run, [first, agreed, other], DecisionStatus.PLANNED)
        s.mark_applied(ids[0], T0 + timedelta(minutes=1))
        s.mark_applied(ids[2], T0 + timedelta(minutes=1))
        s.finish_run(run, RunStatus.DONE, ended_at=T0 + timedelta(minutes=2))

        preview = s.start_run(Trigger.PREVIEW, RunMode.FULL, True, started_at=T0 + timedelta(days=1))
        s.record_decisions(
            preview,
            [
                _decision(
                    Purpose.STORE,
                    Consent(LegalBasis.PUBLIC_INTEREST, T0),
                    Consent(None, None),
                    System.EMARKETEER,
                    LegalBasis.PUBLIC_INTEREST,
                    Rule.R5,
                    Reason.SUPEROFFICE_HAS_VALUE,
                )
            ],
            DecisionStatus.PLANNED,
        )
        s.finish_run(preview, RunStatus.DONE, ended_at=T0 + timedelta(days=1, minutes=1))

        clock.now = T0 + timedelta(days=2, minutes=10)
        second = s.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False, started_at=clock.now)
        withdrawal = _decision(
            Purpose.MARKETING,
            Consent(LegalBasis.WITHDRAWN, T0 + timedelta(days=2)),
            Consent(LegalBasis.CONSENT, T0 + timedelta(minutes=1)),
            System.EMARKETEER,
            LegalBasis.WITHDRAWN,
            Rule.R13,
            Reason.ONLY_SUPEROFFICE_CHANGED,
            Consent(LegalBasis.CONSENT, T0 - timedelta(days=3)),
            Consent(LegalBasis.CONSENT, T0 + timedelta(minutes=1)),
        )
        (i,) = s.record_decisions(second, [withdrawal], DecisionStatus.PLANNED)
        s.mark_applied(i, T0 + timedelta(days=2, minutes=11))
        s.finish_run(second, RunStatus.DONE, ended_at=T0 + timedelta(days=2, minutes=12))

        clock.now = T0 + timedelta(hours=3)
        sent = s.create_send(
            Channel.EMAIL,
            4711,
            "pasted",
            [EMAIL],
            status=SendStatus.CHECKED,
            checklist=Checklist(
                Channel.EMAIL,
                4711,
                run,
                clock.now,
                (ChecklistLine(f"Åsa Öberg <{EMAIL}>", EMAIL, True, None, "Marketing sendouts: Consent."),),
            ),
        )
        s.mark_batch_leaving(sent, 1, [EMAIL])
        s.record_batch(sent, 1, accepted=[EMAIL])
        clock.now = T0 + timedelta(days=3)
        s.create_send(
            Channel.SMS,
            88,
            "list",
            [EMAIL],
            status=SendStatus.CHECKED,
            checklist=Checklist(
                Channel.SMS,
                88,
                second,
                clock.now,
                (ChecklistLine(EMAIL, EMAIL, False, Exclusion.MARKETING_WITHDRAWN, "Marketing sendouts: Withdrawn."),),
            ),
        )


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "history"
    fill(folder)
    return folder


def _report(data_dir: Path, address: str = EMAIL, duplicates: DuplicatePolicy | None = DuplicatePolicy.OLDEST):
    with Store.open(data_dir) as store:
        return build_contact_report(store, address, now=T0 + timedelta(days=4), duplicates=duplicates)


def test_the_record_holds_last_seen_values_every_change_every_send_and_says_what_it_lacks(data_dir):
    """R15/R9/R24: what the history holds about one address, and nothing about others."""
    report = _report(data_dir, "  Åsa.Öberg@EXEMPEL.se ")
    assert report.email == EMAIL and report.found
    assert [p.person_id for p in report.persons] == [11, 57]  # oldest first (R9)
    assert report.emarketeer is not None and report.emarketeer.contact_id == 9001
    # Writes only, oldest first; the preview's decision and the agreement are not changes.
    assert [(c.decision.rule, c.decision.new) for c in report.changes] == [
        (Rule.R5, LegalBasis.CONSENT),
        (Rule.R13, LegalBasis.WITHDRAWN),
    ]
    withdrawal = report.changes[1].decision
    assert withdrawal.superoffice.basis is LegalBasis.WITHDRAWN and withdrawal.emarketeer.basis is LegalBasis.CONSENT
    assert [(send.channel, line.allowed) for send, line in report.sends] == [
        (Channel.EMAIL, True),
        (Channel.SMS, False),
    ]
    assert report.last_read is not None and report.last_read.id == 3  # the newest run that read both systems

    text = contact_report_text(report)
    assert text.startswith(f"Legal basis record for {EMAIL}\nMade ")
    assert "SuperOffice, person 11 (the oldest: the one synced, R9)" in text
    assert "Marketing sendouts: Withdrawn (changed 2026-11-22" in text
    assert "eMarketeer: Consent → Withdrawn" in text and "R13: Only SuperOffice changed since the last sync" in text
    assert "Public interest" not in text  # the preview wrote nothing
    assert "bo@example.se" not in text
    assert "Included: left out: Marketing sendouts: Withdrawn" in text
    assert "Result: sent (accepted by eMarketeer)" in text
    from desktop_app import __version__

    assert f"by Legal Basis Sync {__version__} from its own history" in text


@pytest.mark.parametrize(
    ("policy", "said"),
    [
        (DuplicatePolicy.OLDEST, "SuperOffice, person 11 (the oldest: the one synced, R9)"),
        (DuplicatePolicy.ALL, "SuperOffice, person 11 (the oldest; all 2 persons are kept in step, R9)"),
        (None, "SuperOffice, person 11 (the oldest, R9)"),
    ],
)
def test_the_record_says_which_duplicate_is_synced_as_r9_is_set(data_dir, policy, said):
    """R9: in `all` mode (the default) every duplicate is kept in step, so the oldest is not "the one synced"."""
    text = contact_report_text(_report(data_dir, duplicates=policy))
    assert said in text
    others = {
        "(the oldest: the one synced, R9)",
        "(the oldest; all 2 persons are kept in step, R9)",
        "(the oldest, R9)",
    }
    assert not any(o in text for o in others - {said.removeprefix("SuperOffice, person 11 ")})


def test_answers_seam_says_plainly_when_this_store_keeps_no_answers(data_dir):
    """R24: until the store keeps people's answers, the report says so instead of leaving the section out."""
    report = _report(data_dir)
    with Store.open(data_dir) as store:
        has_answers = callable(getattr(store, "answers", None))
    if has_answers:
        assert report.answers is not None
        assert "Answers by people (R24)" in contact_report_text(report)
    else:
        assert report.answers is None
        assert "This version of the app does not record people's answers." in contact_report_text(report)


def test_an_unknown_address_gives_a_record_that_says_nothing_is_held(tmp_path):
    folder = tmp_path / "empty"
    Store.open(folder).close()
    report = _report(folder, "nobody@example.se")
    assert not report.found
    text = contact_report_text(report)
    assert "Neither system held this address when the app last read them." in text
    assert "The app has never changed this address's legal basis." in text
    assert "This address was never a recipient of a send." in text


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils (.ci/run does)"
    result = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # NFKC: the PDF's "ﬃ" ligature (SuperOﬃce) reads back as "ffi". Table cells wrap and interleave with their
    # neighbours, so the tests look for headings (full width) and single words from the cells.
    return " ".join(unicodedata.normalize("NFKC", result.stdout).split())


def test_the_pdf_is_a_real_pdf_with_the_record_in_it(qapp, data_dir, tmp_path):
    report = _report(data_dir)
    path = tmp_path / "record.pdf"
    pages = write_pdf(contact_report_html(report), path, title=title(report))
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pages == page_count(path) >= 1
    text = _pdf_text(path)
    assert f"Legal basis record for {EMAIL}" in text
    for words in (
        "Values in both systems as last seen",
        "Changes the app made",
        "Answers by people (R24)",
        "Sends",
        "eMarketeer, contact 9001",
        "SuperOffice, person 57",
        "R13",
        "R5:",
        "Withdrawn",
        "4711",
        "End of the report.",
    ):
        assert words in text, words
    assert not list(tmp_path.glob("*.part"))


def test_the_pdf_in_swedish(qapp, data_dir, tmp_path):
    installed = translation.install("sv", QLocale("sv_SE"))
    try:
        assert not installed.missing
        report = _report(data_dir)
        path = tmp_path / "sv.pdf"
        write_pdf(contact_report_html(report), path, title=title(report))
    finally:
        translation.uninstall()
    text = _pdf_text(path)
    for words in (
        f"Rättslig grund för {EMAIL}",
        "Värden i båda systemen som de senast sågs",
        "Ändringar som appen gjorde",
        "Svar från personer (R24)",
        "Återkallat",
        "Marknadsutskick",
        "Slut på rapporten.",
    ):
        assert words in text, words
    assert "Changes the app made" not in text


def test_a_pdf_that_cannot_be_written_leaves_nothing_and_raises(qapp, data_dir, tmp_path):
    report = _report(data_dir)
    with pytest.raises(OSError):
        write_pdf(contact_report_html(report), tmp_path / "no-such-folder" / "x.pdf", title="x")


@pytest.mark.parametrize("mode", [0o644, 0o444])
def test_a_pdf_replacing_a_file_keeps_its_permissions(qapp, data_dir, tmp_path, mode):
    """As the other exports (store/files.py): a report replacing last week's keeps who may read it, and a file made
    read-only stays read-only (it came out owner-writable: the PDF writer did its own rename)."""
    report = _report(data_dir)
    path = tmp_path / "report.pdf"
    path.write_bytes(b"last week")
    path.chmod(mode)
    write_pdf(contact_report_html(report), path, title=title(report))
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert _pdf_text(path)  # the new report, whole


# ---------------------------------------------------------------------------- the command (shared/CLI.md)


def _cli(data_dir: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALBASIS_SYNC_")}
    env["LEGALBASIS_SYNC_DATA_DIR"] = str(data_dir)
    env.pop("QT_QPA_PLATFORM", None)  # the command picks the offscreen platform itself on a display-less Linux
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "history", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_history_contact_from_the_command_line_says_r9_as_configured(data_dir):
    """The default R9 setting is `all`: the command's record must not call the oldest person "the one synced"."""
    result = _cli(data_dir, "--contact", EMAIL)
    assert result.returncode == 0, result.stderr
    assert "SuperOffice, person 11 (the oldest; all 2 persons are kept in step, R9)" in result.stdout


def test_history_contact_pdf_from_the_command_line(data_dir, tmp_path):
    path = tmp_path / "report.pdf"
    result = _cli(data_dir, "--contact", EMAIL.upper(), "--pdf", str(path))
    assert result.returncode == 0, result.stderr
    pages = page_count(path)
    noun = "page" if pages == 1 else "pages"
    assert result.stderr.strip() == f"Wrote the record of {EMAIL} ({pages} {noun}, 2 changes, 2 sends) to {path}."
    assert result.stdout == ""
    assert "Changes the app made" in _pdf_text(path)

    swedish = _cli(data_dir, "--contact", EMAIL, "--language", "sv")
    assert swedish.returncode == 0, swedish.stderr
    assert swedish.stdout.startswith(f"Rättslig grund för {EMAIL}")
    english = _cli(data_dir, "--contact", EMAIL)
    assert english.returncode == 0 and "Changes the app made" in english.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--pdf", "x.pdf"],
        ["--contact", "anna@example.se", "--run", "1"],
        ["--contact", "not-an-address"],
        ["--contact", "anna@example.se", "--language", "de"],
    ],
)
def test_history_contact_mistakes_are_one_sentence_and_exit_2(tmp_path, args):
    result = _cli(tmp_path / "d", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_persons_answer_is_in_the_contacts_report_and_pdf(qapp, world, tmp_path):
    """Issue 14 pt 4 with R24 built: a held reversal, approved by a named person, then carried out by the next run,
    shows in the contact's record with who answered, what they answered and the values it was given for."""
    from desktop_app.domain.planner import AnswerKind

    world.em_contact("rev@example.se", marketing="Withdrawn")
    world.advance(600)
    world.so_person("rev@example.se", EMARKETING="61A")  # a salesperson types Consent over the withdrawal
    world.sync()
    store = world.store()
    [answer] = store.answer_held({("rev@example.se", None)}, AnswerKind.APPROVE, "dpo-maria")
    world.advance(60)
    world.sync()
    report = build_contact_report(store, "rev@example.se")
    assert report.answers is not None and len(report.answers) == 1
    [seen] = report.answers
    assert (seen.answered_by, seen.purpose, seen.superoffice.basis, seen.emarketeer.basis) == (
        "dpo-maria",
        Purpose.MARKETING,
        LegalBasis.CONSENT,
        LegalBasis.WITHDRAWN,
    )
    assert "This version of the app does not record people's answers." not in contact_report_text(report)
    path = tmp_path / "rev.pdf"
    write_pdf(contact_report_html(report), path, title=title(report))
    text = _pdf_text(path)
    assert "Answers by people (R24)" in text and "dpo-maria" in text
