"""Issue 13 pt 3: the services' sentences (connectors, sign-in, keyring, store, run lock, setup check, stop requests,
a send's source) are typed messages: English where they are made (command line, logs, history database), the
window's language where they are shown, never an English sentence parsed back. R19: no secret in a message."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QLocale

from desktop_app.connectors.emarketeer import EmarketeerConnector
from desktop_app.domain.checklist import Channel, SendStatus
from desktop_app.domain.messages import KINDS, WORDLESS, Message, error_text, message_text
from desktop_app.domain.model import RunMode, RunStatus, System, Trigger
from desktop_app.domain.service_kinds import ALL
from desktop_app.secrets import EMARKETEER_API_KEY
from desktop_app.store import Store
from desktop_app.sync.stopping import reason_for
from desktop_app.ui import translation

PLACEHOLDER = re.compile(r"\{(\w+)(?::[^{}]*)?\}")
SERVICE_KINDS = sorted(key for templates in ALL.values() for key in templates)


@pytest.fixture
def swedish(qapp):
    translation.install("sv", QLocale("sv_SE"))
    yield
    translation.uninstall()


def _sample(key: str) -> Message:
    """The kind with a distinct value in each placeholder (a number where one is counted)."""
    names = dict.fromkeys(PLACEHOLDER.findall(KINDS[key][1]))
    return Message.of(key, **{name: f"v{i}x" for i, name in enumerate(names)})


def test_the_service_kinds_are_declared_in_the_one_catalogue():
    assert len(SERVICE_KINDS) > 150
    assert all(key in KINDS for key in SERVICE_KINDS)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_service_kind_renders_whole_in_both_languages(qapp, language):
    """Each kind filled: every argument shows, no placeholder is left, and Swedish differs from the English (but for
    the wordless joins), while english() stays English whatever the window's language."""
    english_of = {key: _sample(key).english() for key in SERVICE_KINDS}
    if language == "sv":
        translation.install("sv", QLocale("sv_SE"))
    try:
        for key in SERVICE_KINDS:
            said = _sample(key)
            shown = message_text(said)
            values = [v for _, v in said.args]
            assert "{" not in shown and all(v in shown.lower() for v in values), (key, shown)  # a sentence's capital
            assert said.english() == english_of[key]  # the command line's words do not follow the window
            if language == "en":
                assert shown == english_of[key], key
            elif key not in WORDLESS:
                assert shown != english_of[key], (key, shown)
    finally:
        translation.uninstall()


def test_a_failed_test_connection_reaches_the_settings_presenter_in_swedish(world, swedish):
    """A connector error (eMarketeer refusing a wrong API key) through Test connection's real path to the presenter's
    view: said in Swedish, while the error itself keeps its English for the log."""
    from test_ui_settings_presenter import make

    saved = {"emarketeer_url": world.em.base_url}
    presenter, view = make(saved)
    presenter.change_secret(EMARKETEER_API_KEY, "wrong-key-0000")
    test = presenter.prepare_test(System.EMARKETEER)
    assert test is not None
    presenter.test_finished(test.run())
    system, text, ok = view.tests[-1]
    assert system is System.EMARKETEER and ok is False
    assert text.startswith("eMarketeer godtog inte API-nyckeln (HTTP 4"), text
    assert "refused" not in text and "wrong-key" not in text


def test_a_run_stopped_by_sigterm_is_recorded_in_english_and_shown_in_swedish(tmp_path, swedish):
    """The history keeps the English; the window words the stored message, whoever asked the run to stop."""
    reason = reason_for(Message.of("stop_sigterm"))
    with Store.open(tmp_path) as store:
        run_id = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False)
        store.finish_run(run_id, RunStatus.STOPPED, message=reason)
        record = store.get_run(run_id)
    assert record is not None and record.said == reason
    assert record.message == (
        "Stopped by a stop request (SIGTERM); what was done is recorded, and the next run goes on from there."
    )
    assert message_text(record.said, record.message) == (
        "Stoppad av en begäran om att stoppa (SIGTERM); det som gjordes är registrerat, och nästa körning "
        "fortsätter därifrån."
    )
    assert message_text(None, record.message) == record.message  # a row from before: its English, as it is


def test_the_store_and_the_run_lock_say_their_errors_in_swedish(tmp_path, swedish):
    from desktop_app.store.errors import DatabaseTooNew, disk_full
    from desktop_app.sync.lock import LockHeld, RunLock

    too_new = DatabaseTooNew(tmp_path / "history.sqlite3", 9, 7)
    assert too_new.user_message.startswith("The history database at")
    assert error_text(too_new).startswith("Historikdatabasen i") and "schema 9" in error_text(too_new)
    full = disk_full(OSError("database or disk is full"), tmp_path / "history.sqlite3")
    assert full is not None and full.user_message.startswith(f"The disk holding {tmp_path} is full")
    assert error_text(full).startswith(f"Disken med {tmp_path} är full")
    with RunLock(tmp_path), pytest.raises(LockHeld) as held:
        RunLock(tmp_path).acquire()
    assert held.value.user_message.startswith("Another sync is already running")
    assert error_text(held.value).startswith("En annan synk körs redan i datakatalogen")


def test_a_sends_source_is_stored_typed_and_worded_without_parsing(tmp_path, swedish):
    from desktop_app.ui.send.wording import recipients_phrase

    source = Message.of("source_list", name="Nyhetsbrev", size=1146)
    with Store.open(tmp_path) as store:
        typed = store.create_send(
            Channel.EMAIL, 1001, "ignored", ("a@example.se",), status=SendStatus.SCHEDULED, source_said=source
        )
        old = store.create_send(
            Channel.EMAIL, 1001, "eMarketeer list 'X' (3)", ("a@example.se",), status=SendStatus.SENT
        )
        typed_record, old_record = store.get_send(typed), store.get_send(old)
    assert typed_record is not None and old_record is not None
    assert typed_record.source == "eMarketeer list 'Nyhetsbrev' (1,146)" and typed_record.source_said == source
    assert old_record.source_said is None
    assert recipients_phrase(typed_record.source_said, typed_record.source, 0, True) == (
        "listan ”Nyhetsbrev” i eMarketeer (1\u00a0146)"
    )
    assert recipients_phrase(None, old_record.source, 0, True) == "en lista i eMarketeer"


def test_a_connectors_row_problem_holds_no_secret(world):
    """R19: a row's values are the vendor's words and may echo a key; they are scrubbed before the message is kept."""
    key = "k3y-very-secret-0123456789"
    connector = EmarketeerConnector(world.em.base_url, key)
    try:
        connector._problem(f"contact {key}", Message.of("skip_em_unknown_purpose", email="a@x.se", purpose=key))
        (problem,) = connector.take_problems()
    finally:
        connector.close()
    assert problem.said is not None
    assert key not in problem.email and key not in problem.reason and key not in problem.said.to_json()
    assert problem.reason == problem.said.english()


def test_no_english_is_parsed_back_anywhere():
    """The template back-translation is gone: no module of the app matches an English sentence to translate it."""
    from pathlib import Path

    import desktop_app

    root = Path(desktop_app.__file__).resolve().parent
    assert not (root / "sentences.py").exists()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from ..sentences" not in text and "import sentences" not in text, path
    wording = (root / "ui" / "send" / "wording.py").read_text(encoding="utf-8")
    assert "import re" not in wording  # recipients_phrase reads the typed source, not the stored English


def test_a_stopped_runs_line_in_history_has_one_full_stop(tmp_path):
    """History's line for a run whose message ends its sentence, with nothing to list: no ".." between them."""
    from desktop_app.ui.history.presenter import read_run_page

    reason = reason_for(Message.of("stop_sigterm"))
    with Store.open(tmp_path) as store:
        run_id = store.start_run(Trigger.SCHEDULED, RunMode.INCREMENTAL, False)
        store.finish_run(run_id, RunStatus.STOPPED, message=reason)
        page = read_run_page(store, run_id)
    assert "from there. Nothing to list" in page.label and ".." not in page.label


def test_a_list_that_cannot_be_read_for_a_send_is_said_in_swedish(world, swedish):
    """The Send tab's list read (a connector error inside sending's sentence): typed through, Swedish in the window,
    the English for the command line as it was."""
    from desktop_app.sending import SendError, SendService
    from desktop_app.simulators import Fault

    so, em = world.connectors()
    svc = SendService(world.store(), world.data_dir, so, em, clock=world.now)
    world.em.faults.add(Fault(kind="status", status=404, times=-1))
    with pytest.raises(SendError) as caught:
        svc.list_recipients(4242)
    assert caught.value.user_message == (
        "The eMarketeer list 4242 could not be read: eMarketeer has no contact list 4242."
    )
    assert (
        error_text(caught.value) == "eMarketeer-listan 4242 kunde inte läsas: eMarketeer har ingen kontaktlista 4242."
    )
