"""Addresses are matched as SPEC "Words" says (issue 9 point 7): trimmed, Unicode NFC, lower-cased with
str.lower, never case-folded. `maße@` and `masse@`, `ﬁona@` and `fiona@` are different mailboxes; an
address written decomposed in one system and composed in the other is one contact."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.checklist import Channel, Exclusion
from desktop_app.domain.email import address_key, normalise_email, try_normalise_email
from desktop_app.domain.model import RunStatus
from desktop_app.sending import SendRequest, SendService

MARKETING = "Marketing sendouts"


def test_words_sharp_s_and_ligatures_are_not_folded():
    assert normalise_email("Maße@Example.se") == "maße@example.se"
    assert normalise_email("maße@example.se") != normalise_email("masse@example.se")
    assert normalise_email("ﬁona@example.se") != normalise_email("fiona@example.se")
    assert normalise_email("ΣΟΦΙΑ@example.gr") == "σοφια@example.gr"  # str.lower, not casefold's final-sigma rules


def test_words_decomposed_and_composed_forms_are_one_address():
    composed = "\u00e5sa@exempel.se"
    decomposed = unicodedata.normalize("NFD", "ÅSA@exempel.se")
    assert decomposed != composed.upper()
    assert normalise_email(decomposed) == normalise_email(composed) == composed


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_words_the_key_is_idempotent_and_in_nfc(text):
    key = address_key(text)
    assert address_key(key) == key
    assert unicodedata.is_normalized("NFC", key)
    email = try_normalise_email(text + "@example.se")
    if email is not None:
        assert normalise_email(email) == email


def test_the_store_and_the_history_look_addresses_up_the_same_way(world):
    world.so_person("maße@example.se", EMARKETING="61A")
    world.em_contact("maße@example.se", marketing="Withdrawn")
    world.advance(60)
    assert world.sync().status is RunStatus.DONE
    store = world.store()
    assert [d.email for d in store.contact_history("MASSE@example.se")] == []
    assert {d.email for d in store.contact_history(" MAßE@example.se")} == {"maße@example.se"}


def test_engine_keeps_masse_and_masse_with_sharp_s_apart_and_joins_nfd_with_nfc(world):
    world.so_person("Maße@example.se", EMARKETING="61A")
    world.so_person("masse@example.se", EMARKETING="WITHDRAWN")
    world.so_person("ﬁona@example.se", EMARKETING="61A")
    world.so_person("fiona@example.se", EMARKETING="61A")
    world.so_person(unicodedata.normalize("NFD", "José@example.es"), EMARKETING="61A")
    world.advance(60)
    world.em_contact("maße@example.se")
    world.em_contact("MASSE@example.se")
    world.em_contact("ﬁona@example.se", marketing="Withdrawn")
    world.em_contact("fiona@example.se", marketing="Consent")
    world.em_contact("josé@example.es")
    summary = world.sync()
    assert summary.status is RunStatus.DONE and summary.errors == ()
    assert summary.matched == 5 and summary.unmatched_superoffice == summary.unmatched_emarketeer == 0
    assert world.em_value("maße@example.se", MARKETING) == "Consent"
    assert world.em_value("masse@example.se", MARKETING) == "Withdrawn"
    assert world.so_value(world.so_person_id("ﬁona@example.se"), "EMARKETING") == "WITHDRAWN"
    assert world.so_value(world.so_person_id("fiona@example.se"), "EMARKETING") == "61A"
    assert world.em_value("josé@example.es", MARKETING) == "Consent"


def test_only_run_and_send_keep_the_two_mailboxes_apart(world):
    world.so_person("maße@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("maße@example.se", store="Consent", marketing="Consent")
    world.so_person("masse@example.se", STORE="61A", EMARKETING="61A")
    world.em_contact("masse@example.se", store="Consent", marketing="Consent")
    assert world.sync().status is RunStatus.DONE
    world.advance(600)
    world.so.set_consent(world.so_person_id("masse@example.se"), "EMARKETING", "WITHDRAWN")
    so, em = world.connectors()
    svc = SendService(world.store(), world.data_dir, so, em, clock=world.now)
    prepared = svc.prepare(SendRequest(Channel.EMAIL, 1001, ("MAßE@example.se", "Masse@Example.se"), "pasted", None))
    assert prepared.checklist.allowed == ("maße@example.se",)
    assert {x.given: x.exclusion for x in prepared.checklist.excluded} == {
        "Masse@Example.se": Exclusion.MARKETING_WITHDRAWN
    }
    svc.launch(prepared)
    assert [address_key(a) for a in world.em.sent_addresses()] == ["maße@example.se"]
    assert world.em_value("masse@example.se", MARKETING) == "Withdrawn"
    assert world.em_value("maße@example.se", MARKETING) == "Consent"
