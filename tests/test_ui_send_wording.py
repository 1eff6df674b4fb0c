"""The Send tab's sentences never show the stored English record of where the recipients came from ("pasted",
"file x.csv"): issue 13 pt 5, "to pasted" never reaches a person. And a wrong address says "check the address"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from desktop_app.connectors.errors import NotFoundError
from desktop_app.domain.checklist import Channel
from desktop_app.domain.messages import Message
from desktop_app.domain.model import System
from desktop_app.ui.send.send_words import scheduled_row
from desktop_app.ui.send.wording import SOURCE_PASTED, SendDraft, recipients_phrase, schedule_question

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc)


def test_the_schedule_question_names_the_recipients_in_words():
    draft = SendDraft(Channel.EMAIL, 1001, SOURCE_PASTED, Message.of("source_pasted"), ("a@example.se", "b@example.se"))
    text = schedule_question(draft, NOW + timedelta(days=1), NOW)
    assert "to 2 pasted addresses " in text and "to pasted" not in text


def test_recipients_in_the_list_of_scheduled_sends():
    pasted, file = Message.of("source_pasted"), Message.of("source_file", file="kunder.csv")
    newsletter = Message.of("source_list", name="Newsletter", size=1146)
    assert (pasted.english(), file.english(), newsletter.english()) == (
        "pasted addresses",
        "file kunder.csv",
        "eMarketeer list 'Newsletter' (1,146)",
    )  # what the command line and the sends' export say
    assert recipients_phrase(pasted, "pasted", 1, False) == "1 pasted address"
    assert recipients_phrase(file, file.english(), 8, False) == "8 addresses from kunder.csv"
    assert recipients_phrase(newsletter, newsletter.english(), 0, True) == "the eMarketeer list “Newsletter” (1,146)"
    # A send recorded before its source was typed (schema 7): its English is never parsed back.
    assert recipients_phrase(None, "pasted", 2, False) == "2 pasted addresses"  # the bare internal word, said
    assert recipients_phrase(None, "file kunder.csv", 8, False) == "file kunder.csv"
    assert recipients_phrase(None, "eMarketeer list 'Newsletter' (1,146)", 0, True) == "an eMarketeer list"
    send = SimpleNamespace(
        channel=Channel.EMAIL,
        component_id=7,
        source="pasted",
        source_said=Message.of("source_pasted"),
        list_id=None,
        recipients=("a@example.se",) * 6,
        scheduled_at=NOW + timedelta(hours=1),
        message=None,
    )
    assert scheduled_row(send, NOW)[2] == "6 pasted addresses"


def test_a_404_from_a_wrong_address_or_tenant_says_check_the_address():
    text = NotFoundError(system=System.SUPEROFFICE).user_message
    assert "check the address" in text and "does not know this record" not in text
