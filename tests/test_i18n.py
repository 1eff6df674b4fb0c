"""Swedish and English through Qt's translation machinery (issue 5, point 3).

(a) every string lupdate finds in desktop_app/ has a finished Swedish translation; (b) a window built
in Swedish shows no text that is still the English one; (c) the shipped .qm is compiled from the
tracked .ts; (d) the language setting: auto follows the system locale, an override wins; (e) purpose
and legal-basis names, and the "why" sentences, in the vendors' wording. Dates and times follow the
chosen locale and the machine's time zone, while the data stay UTC.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop_app import i18n, paths
from desktop_app.config import SETTINGS_BY_KEY
from desktop_app.demo import DemoEnvironment
from desktop_app.domain.mapping import EMARKETEER_LEGAL_BASIS_NAMES, EMARKETEER_PURPOSE_NAMES
from desktop_app.domain.messages import message_text
from desktop_app.domain.model import Consent, LegalBasis, Purpose, Rule, System
from desktop_app.domain.names import basis_name, purpose_name, purpose_short
from desktop_app.domain.planner import Decision, Reason
from desktop_app.store import Store
from desktop_app.ui import translation
from desktop_app.ui.shell.app import window_language
from desktop_app.ui.shell.main_window import MainWindow, WindowContext

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "legalbasis_sync_sv.ts"
QM = ROOT / "resources" / "i18n" / "legalbasis_sync_sv.qm"
TIMEOUT_MS = 90_000

# Texts that are the same in both languages: names of products and systems, our own name, codes.
SAME_IN_BOTH = {
    "SuperOffice",
    "eMarketeer",
    "SuperOffice Online",
    "SuperOffice on-site",
    "SuperOffice CRM",
    "CRM",
    "SMS",
    "Legal Basis Sync",
    "English",
    "Svenska",
    "&Online",
    "On-&site",
    "Online",
    "Status",
    "Person",
    "Full",
    "Checklist",
    "●",
    "https://…",
    "—",
}
# Data, not words: numbers and times, addresses, rule codes, variable names, the simulators' list names with counts.
_DATA = re.compile(r"^[\W\d_]*$|@|://|^R\d+(, R\d+)*$|^LEGALBASIS_SYNC_|^[\w ]+ \(\d+\)$")


@pytest.fixture
def english(qapp):
    translation.uninstall()
    yield
    translation.uninstall()


@pytest.fixture
def swedish(qapp):
    installed = translation.install("sv", QLocale("sv_SE"))
    assert not installed.missing, installed.missing
    yield installed
    translation.uninstall()


def _tool(name: str) -> str:
    """pyside6-lupdate / -lrelease: beside this interpreter (a venv), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} not found: it comes with PySide6-Essentials"
    return found


def _sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "desktop_app").rglob("*.py") if "simulators" not in p.parts)


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name"), msg.findtext("source"), msg)
        for ctx in root.findall("context")
        for msg in ctx.findall("message")
    ]


# -------------------------------------------------------------------- (a) the catalogue is complete


def test_every_translatable_string_has_a_swedish_translation(tmp_path):
    """lupdate over the code into a copy of the tracked .ts: a new tr() string without Swedish fails here."""
    ts = tmp_path / "check_sv.ts"
    shutil.copy(TS, ts)
    result = subprocess.run(
        [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *_sources(), "-ts", str(ts)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    messages = _messages(ts)
    assert len(messages) > 400  # the window's strings, the registry's labels, Home's and the review's sentences
    unfinished = []
    for context, source, msg in messages:
        translation_el = msg.find("translation")
        forms = [f.text for f in translation_el.findall("numerusform")] or [translation_el.text]
        if translation_el.get("type") == "unfinished" or not all(forms):
            unfinished.append(f"{context}: {source!r}")
    assert not unfinished, "Untranslated strings (run tools/update_translations.sh and translate them):\n" + "\n".join(
        unfinished
    )


def test_translations_keep_their_placeholders():
    """A translation that loses "{n}" or "%1" would raise or show a raw placeholder at run time."""

    def marks(text: str) -> list[str]:
        return sorted(re.findall(r"\{[a-z_]*\}|%\d|%n", text))

    wrong = []
    for context, source, msg in _messages(TS):
        el = msg.find("translation")
        for form in [f.text for f in el.findall("numerusform")] or [el.text]:
            if form and marks(form) != marks(source):
                wrong.append(f"{context}: {source!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


# -------------------------------------------------------------------- (c) the shipped .qm is current


def test_shipped_qm_is_compiled_from_the_tracked_ts(tmp_path):
    fresh = tmp_path / "fresh.qm"
    result = subprocess.run(
        [_tool("pyside6-lrelease"), "-removeidentical", str(TS), "-qm", str(fresh)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert QM.read_bytes() == fresh.read_bytes(), "resources/i18n/*.qm is stale: run tools/update_translations.sh"


def test_resources_resolve_in_a_source_tree_and_a_frozen_build(monkeypatch, tmp_path):
    assert paths.resource_path("i18n", QM.name) == QM
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("i18n", QM.name) == tmp_path / "resources" / "i18n" / QM.name


# -------------------------------------------------------------------- (d) the language setting


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("auto", "sv_SE", "sv"),
        ("auto", "sv_FI", "sv"),
        ("auto", "en_GB", "en"),
        ("auto", "de_DE", "en"),
        ("auto", "C", "en"),
        ("en", "sv_SE", "en"),
        ("sv", "en_US", "sv"),
        ("nonsense", "sv_SE", "sv"),
    ],
)
def test_auto_follows_the_system_locale_and_an_override_wins(setting, system, expected):
    assert translation.choose_language(setting, QLocale(system)) == expected


def test_language_is_a_registry_setting_read_before_the_window(tmp_path):
    s = SETTINGS_BY_KEY["language"]
    assert s.default == "auto" and s.choice_values == ("auto", "en", "sv")
    assert "next time the app starts" in s.help  # the panel says when a change takes effect
    data_dir = tmp_path / "data"
    environ = {paths.DATA_DIR_ENV: str(data_dir)}
    assert window_language(environ) == "auto"  # nothing saved yet
    store = Store.open(paths.data_dir(environ))
    try:
        store.save_settings({"language": "sv"})
    finally:
        store.close()
    assert window_language(environ) == "sv"


def test_swedish_installs_our_catalogue_and_qts_own(swedish):
    assert swedish.language == "sv" and len(swedish.translators) == 2
    assert QCoreApplication.translate("MainWindow", "Settings") == "Inställningar"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"  # qtbase_sv: standard buttons
    assert i18n.translate("StatusText", "Legal basis sync is on") == "Legal basis-synken är på"
    assert SETTINGS_BY_KEY["interval_minutes"].shown_label == "Synkintervall (minuter)"


def test_english_needs_no_catalogue_and_keeps_the_source(english):
    installed = translation.install("en", QLocale("en_GB"))
    assert installed.translators == [] and installed.language == "en"
    assert QCoreApplication.translate("MainWindow", "Settings") == "Settings"
    assert i18n.number(1234567) == "1,234,567"


# -------------------------------------------------------------------- dates, times and numbers


def test_dates_follow_the_locale_and_the_local_time_zone(stockholm, english):
    moment = datetime(2026, 5, 28, 12, 3, 4, tzinfo=timezone.utc)  # 14:03 in Stockholm (summer time)
    translation.install("sv", QLocale("sv_SE"))
    assert i18n.format_datetime(moment) == "2026-05-28 14:03"
    assert i18n.format_datetime(moment, seconds=True) == "2026-05-28 14:03:04"
    assert i18n.number(1234567) == "1\u00a0234\u00a0567"
    translation.install("en", QLocale("en_US"))
    assert i18n.format_datetime(moment) == "5/28/2026 2:03\u202fPM"  # four-digit years, the locale's clock
    translation.install("en", QLocale("sv_SE"))  # English words in Sweden: Swedish dates
    assert i18n.format_datetime(moment) == "2026-05-28 14:03"
    translation.uninstall()
    assert i18n.format_datetime(moment) == "2026-05-28 14:03"  # no window: ISO-like, still local time


def test_home_sentences_in_swedish(stockholm, swedish):
    from desktop_app.domain.model import RunMode, RunStatus, Trigger
    from desktop_app.ui.status_text import RunFacts, last_run_rows, relative

    now = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
    assert relative(now - timedelta(hours=2, minutes=10), now) == "för 2 timmar 10 minuter sedan"
    assert relative(now + timedelta(minutes=1), now) == "om 1 minut"
    run = RunFacts(
        7,
        now - timedelta(minutes=5),
        Trigger.SCHEDULED,
        RunStatus.DONE,
        False,
        RunMode.INCREMENTAL,
        1200,
        1,
        0,
        2,
        None,
    )
    rows = dict(last_run_rows(run, now))
    assert rows["När"] == "i dag 13:55 (för 5 minuter sedan)"
    assert rows["Utlösare"] == "Schemalagd, inkrementell läsning"
    assert rows["Resultat"] == "1 ändring skriven, 0 konflikter, 2 fel."
    assert rows["Kontakter"] == "1\u00a0200 i båda systemen"


# -------------------------------------------------------------------- (e) vendor wording


def test_purpose_and_basis_names_follow_the_vendors_in_english(english):
    for name, basis in EMARKETEER_LEGAL_BASIS_NAMES.items():
        assert basis_name(basis).casefold() == name
    for name, purpose in EMARKETEER_PURPOSE_NAMES.items():
        assert purpose_name(purpose).casefold() == name


def test_purpose_and_basis_names_in_swedish(swedish):
    assert [basis_name(b) for b in LegalBasis] == [
        "Samtycke",
        "Berättigat intresse",
        "Avtal",
        "Rättslig förpliktelse",
        "Grundläggande intressen",
        "Allmänt intresse",
        "Återkallat",
    ]
    assert basis_name(None) == "Ingen"  # issue 13: a value in a cell, capitalised as the others
    assert (purpose_name(Purpose.STORE), purpose_name(Purpose.MARKETING)) == ("Lagra och behandla", "Marknadsutskick")
    assert purpose_short(Purpose.MARKETING) == "Marknadsföring" and purpose_short(None) == "Båda"


def _decisions() -> list[Decision]:
    t1 = datetime(2026, 5, 28, 12, 0, tzinfo=timezone.utc)
    t2 = t1 + timedelta(seconds=30)
    so, em = Consent(LegalBasis.WITHDRAWN, t2), Consent(LegalBasis.CONSENT, t1)
    out = []
    for reason in Reason:
        for person_count, differ in ((1, False), (3, True), (2, False)):
            target = None if reason is Reason.AGREE else System.EMARKETEER
            out.append(
                Decision(
                    "anna@example.se",
                    Purpose.MARKETING,
                    so,
                    em,
                    None,
                    None,
                    None if target is None else System.SUPEROFFICE,
                    target,
                    LegalBasis.WITHDRAWN,
                    Rule.R13,
                    reason,
                    person_count=person_count,
                    duplicates_differ=differ,
                )
            )
    return out


def test_every_why_sentence_of_the_planner_is_translated(stockholm, swedish):
    english_words = re.compile(r"\b(the|and|has|since|changed|later|wins|set to|oldest|persons|nothing|both)\b")
    for decision in _decisions():
        source = decision.explain()
        said = message_text(decision.message())
        assert said != source and not english_words.search(said), (source, said)
    later = Decision(
        "anna@example.se",
        Purpose.MARKETING,
        Consent(LegalBasis.WITHDRAWN, datetime(2026, 5, 28, 12, 0, 30, tzinfo=timezone.utc)),
        Consent(LegalBasis.CONSENT, datetime(2026, 5, 28, 12, tzinfo=timezone.utc)),
        None,
        None,
        None,
        None,
        None,
        Rule.R5,
        Reason.SUPEROFFICE_LATER,
    )
    assert later.explain() == "SuperOffice changed later (2026-05-28T12:00:30Z vs 2026-05-28T12:00:00Z)"  # the CLI's
    assert (
        message_text(later.message()) == "SuperOffice ändrades senare (2026-05-28 14:00:30 mot 2026-05-28 14:00:00)"
    )  # local time, not UTC
    assert (
        message_text(None, "An unknown sentence from elsewhere") == "An unknown sentence from elsewhere"
    )  # an old row


def test_every_message_kind_has_a_swedish_translation(swedish):
    """Issue 13: every kind of typed message (desktop_app/domain/messages.py KINDS) is in the Swedish catalogue with
    its placeholders: a new kind, or a reworded one, without its Swedish fails here."""
    from desktop_app.domain.messages import KINDS, WORDLESS

    placeholder = re.compile(r"\{(\w+)(?::[^{}]*)?\}")
    assert len(KINDS) >= 25
    missing, english_left = [], []
    for key, (context, template) in KINDS.items():
        if key in WORDLESS:
            continue
        swedish_text = i18n.translate(context, template)
        if swedish_text == template:
            missing.append(f"{key}: {context}: {template!r}")
        elif sorted(placeholder.findall(swedish_text)) != sorted(placeholder.findall(template)):
            missing.append(f"{key}: placeholders differ: {swedish_text!r}")
        elif _ENGLISH_WORDS.search(placeholder.sub("", swedish_text).replace("eMarketeer", "")):
            english_left.append(f"{key}: {swedish_text!r}")
    assert not missing, "Message kinds without Swedish (run tools/update_translations.sh):\n" + "\n".join(missing)
    assert not english_left, "\n".join(english_left)


def test_every_checklist_sentence_is_shown_in_swedish(stockholm, swedish):
    """Issue 4's Checklist: its "why" and "changed" sentences, typed, reach the window in Swedish; the stored English
    (the audit trail, the command line) is the same sentence."""
    from desktop_app.domain import checklist
    from desktop_app.domain.email import InvalidEmail, normalise_email
    from desktop_app.domain.messages import Message

    english_words = re.compile(r"\b(the|and|has|sendouts|withdrawn|address|systems|only|sync)\b")
    with pytest.raises(InvalidEmail) as invalid:
        normalise_email("nix")
    samples = [
        *checklist.FIXED_WHY,
        Message.of("why_value", basis=LegalBasis.CONSENT),
        Message.of("why_value_only_emarketeer", basis=LegalBasis.LEGITIMATE_INTEREST),
        Message.of("sentence", what=invalid.value.said),
        Message.of("why_cannot_check", reasons=(_decisions()[1].message(),)),
    ]
    for said in samples:
        shown = message_text(said)
        assert shown != said.english() and not english_words.search(shown.replace("eMarketeer", "")), (said, shown)
    assert Message.of("sentence", what=invalid.value.said).english() == "Invalid e-mail address 'nix'."
    decision = _decisions()[0]
    change = Message.of("changed", purpose=decision.purpose, why=decision.message())
    assert change.english() == f"{decision.purpose.label}: {decision.explain()}."
    assert message_text(change) != change.english() and not english_words.search(message_text(change))
    assert message_text(None, "Something new.") == "Something new."  # a line recorded before messages were typed


# -------------------------------------------------------------------- (b) the window in Swedish


def _texts(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) for every text a person can see or hear in the window, hidden parts included."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            found.append((where, text))

    widgets = [window, *window.findChildren(QWidget)]
    for w in widgets:
        where = f"{type(w).__name__}#{w.objectName()}"
        add(where + ".toolTip", w.toolTip())
        add(where + ".accessibleName", w.accessibleName())
        add(where + ".accessibleDescription", w.accessibleDescription())
        if isinstance(w, QLabel):
            add(where + ".text", w.text())
        elif isinstance(w, QAbstractButton):
            add(where + ".text", w.text())
        elif isinstance(w, QGroupBox):
            add(where + ".title", w.title())
        elif isinstance(w, QLineEdit):
            add(where + ".placeholder", w.placeholderText())
        elif isinstance(w, QTextEdit):
            add(where + ".placeholder", w.placeholderText())
            add(where + ".text", w.toPlainText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{where}.item{i}", w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(f"{where}.tab{i}", w.tabText(i))
                add(f"{where}.tabTip{i}", w.tabToolTip(i))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                add(f"{where}.header{c}", model.headerData(c, Qt.Orientation.Horizontal))
                add(
                    f"{where}.headerTip{c}", model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
                )
                for r in range(min(model.rowCount(), 15)):
                    add(f"{where}.cell{r},{c}", model.data(model.index(r, c)))
                    add(f"{where}.cellTip{r},{c}", model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole))
    for action in window.findChildren(QAction):
        add(f"QAction.{action.objectName()}.text", action.text())
        add(f"QAction.{action.objectName()}.toolTip", action.toolTip())
    return found


def _same_in_both(text: str) -> bool:
    return text in SAME_IN_BOTH or bool(_DATA.search(text))


def _demo_window_texts(qtbot, language: str, check=None) -> list[tuple[str, str]]:
    """A demo window (both simulators, sample data), after a preview and with every settings group shown;
    `check(window)` looks at it before it closes."""
    demo = DemoEnvironment.start(contacts=120, seed=3)
    store = Store.open(demo.data_dir)
    try:
        store.save_settings(demo.settings)
    finally:
        store.close()
    clock = lambda: datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)  # noqa: E731 - the same "now" in both
    window = MainWindow(WindowContext(demo.data_dir, demo.secret_store, {}, demo=demo), clock=clock, use_tray=False)
    try:
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
            window.preview()
        window.settings_panel.show_advanced(True)
        if window.conflict_view is not None:
            window.conflict_view.table.selectRow(0)
        if window.history_view is not None:
            window.history_view.refresh()
        if check is not None:
            check(window)
        return _texts(window)
    finally:
        window.shutdown()
        window.hide()
        window.deleteLater()
        demo.stop()


def test_the_window_in_swedish_shows_no_english_text(qtbot, english):
    """Built twice on the same sample data, English then Swedish: a text that is the same in both and is not a
    name, an address or a number was not translated (not wrapped in tr(), or missing from the catalogue)."""
    english_texts = _demo_window_texts(qtbot, "en")
    translation.install("sv", QLocale("sv_SE"))
    swedish_texts = _demo_window_texts(qtbot, "sv")
    assert len(swedish_texts) > 300
    english_by_place: dict[str, set[str]] = {}
    for where, text in english_texts:
        english_by_place.setdefault(where, set()).add(text)
    untranslated = sorted(
        {
            f"{where}: {text!r}"
            for where, text in swedish_texts
            if text in english_by_place.get(where, ()) and not _same_in_both(text)
        }
    )
    assert not untranslated, "Still English in the Swedish window:\n" + "\n".join(untranslated)
    shown = {text for _, text in swedish_texts}
    for expected in (
        "Översikt",
        "Konflikter",
        "Historik",
        "Inställningar",
        "Synka nu",
        "&Verkställ ändringar",
        "Förhandsgranska skillnader",
    ):
        assert expected in shown, expected


def test_setup_problems_are_said_in_swedish_in_the_window_and_in_english_elsewhere(tmp_path, english):
    from desktop_app.config import ConfigError, resolve_config, resolve_credentials
    from desktop_app.secrets import InMemorySecretStore

    config = resolve_config(
        {
            "crm": "onsite",
            "enabled": True,
            "superoffice_url": "https://crm.example.com/api",
            "superoffice_user": "sync",
        },
        {},
        tmp_path,
    )
    with pytest.raises(ConfigError) as english_error:
        resolve_credentials(config, InMemorySecretStore())
    assert english_error.value.user_message.startswith("Cannot sync with SuperOffice on-site:")  # the CLI's words
    translation.install("sv", QLocale("sv_SE"))
    with pytest.raises(ConfigError) as swedish_error:
        resolve_credentials(config, InMemorySecretStore())
    assert swedish_error.value.user_message == (
        "Kan inte synka med SuperOffice on-site: SuperOffice-lösenordet och eMarketeers API-nyckel saknas; ange "
        "LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD och LEGALBASIS_SYNC_EMARKETEER_API_KEY eller fyll i dem i fönstret."
    )
    from desktop_app.domain.messages import Message

    assert message_text(Message.of("cancelled_run")).startswith("Avbruten av användaren")


def test_every_translation_context_is_a_literal():
    """lupdate reads translate("Context", "text") and QT_TRANSLATE_NOOP("Context", "text") only with a literal context:
    translate(C, "text") with C a variable is silently left out of the catalogue and stays English."""
    import ast

    found = []
    backends = {
        ROOT / "desktop_app" / "i18n.py",
        ROOT / "desktop_app" / "ui" / "translation.py",  # pass contexts on
        ROOT / "desktop_app" / "domain" / "messages.py",
    }  # its kinds are declared with literal contexts
    for path in sorted(set((ROOT / "desktop_app").rglob("*.py")) - backends):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name == "QT_TRANSLATE_NOOP" or (name == "translate" and len(node.args) >= 2):
                if not literal:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "Translation calls with a variable context:\n" + "\n".join(found)


def test_swedish_mnemonics_do_not_clash_on_any_tab(qtbot, swedish):
    """The translations choose their own Alt+letters ("&Verkställ ändringar"): none twice on one tab."""
    from collections import defaultdict

    from PySide6.QtGui import QKeySequence

    clashes: dict[str, dict[str, list[str]]] = {}
    counts: dict[str, int] = {}

    def check(window: MainWindow) -> None:
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(10)
            letters: dict[str, list[str]] = defaultdict(list)
            for menu in window.menuBar().actions():
                if key := QKeySequence.mnemonic(menu.text()).toString():
                    letters[key].append(menu.text())
            for widget in window.findChildren(QWidget):
                if isinstance(widget, (QAbstractButton, QLabel)) and widget.isVisibleTo(window):
                    if key := QKeySequence.mnemonic(widget.text()).toString():
                        letters[key].append(widget.text())
            tab = window.tabs.tabText(index)
            counts[tab] = len(letters)
            clashes[tab] = {k: v for k, v in letters.items() if len(v) > 1}

    _demo_window_texts(qtbot, "sv", check)
    assert counts["Inställningar"] >= 12
    assert not {tab: c for tab, c in clashes.items() if c}, clashes


# -------------------------------------------------------------------- (f) the engine's, the connectors' and sending's words

# Words that give away an English sentence in the Swedish window (names, hosts, paths and the vendors' own texts aside).
_ENGLISH_WORDS = re.compile(
    r"\b(the|and|was|were|not|could|again|answer|check|try|sent|nothing|refused|reading|written|"
    r"changes|addresses|contacts|run|stopped|recorded|rejected|is|has|cannot|no|later)\b",
    re.IGNORECASE,
)


def _in_swedish(english_text: str) -> str:
    """What the Swedish window shows for an English sentence of the engine, a connector, the store or sending."""
    shown = message_text(english_text)
    assert shown != english_text, f"still English: {english_text!r}"
    assert not _ENGLISH_WORDS.search(shown), (english_text, shown)
    return shown


def test_every_progress_message_of_the_engine_is_shown_in_swedish(world, english):
    """Issue 5 point 3: the progress line during a run. The engine keeps saying it in English (the command line and the
    logs); the window translates it. Every mode's reads, the writes and the end, made by real runs."""
    emails = [f"p{i:02d}@example.se" for i in range(60)]
    for email in emails[:55]:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    for email in emails[55:]:  # only SuperOffice has a marketing basis: written to eMarketeer
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent")
    messages: list = []
    progress = lambda p: messages.append((p.message, p.said))  # noqa: E731
    world.sync(only=tuple(emails), progress=progress, dry_run=True)  # many addresses, no cursor yet
    world.sync(progress=progress)  # full, with writes
    world.advance(60)
    world.sync(progress=progress)  # incremental
    world.sync(only=tuple(emails[:2]), progress=progress)  # a few addresses, read directly
    world.sync(only=tuple(emails), progress=progress)  # many addresses, with cursors
    assert all(said is not None and said.english() == text for text, said in messages), messages
    said_by_text = dict(messages)
    shown_english = set(said_by_text)
    assert {
        "Reading SuperOffice e-mail addresses",
        "Reading what changed in eMarketeer",
        "Reading 2 addresses in SuperOffice",
        "Reading eMarketeer's consents (for 60 addresses)",
        "Written 5 of 5 planned changes",
        "Finished",
        "Dry run: nothing was written.",
    } <= shown_english, shown_english  # the engine's own words stay English
    # A changes read for many addresses (600+) and a stopped run, as the engine says them.
    from desktop_app.domain.messages import Message

    said_by_text |= {
        m.english(): m
        for m in (
            Message.of("reading_changes_for", system=System.SUPEROFFICE, n=700),
            Message.of("cancelled_run"),
            Message.of(
                "run_stopped", message=Message.of("exhausted", system=System.SUPEROFFICE, n=5, fault="HTTP 503")
            ),
        )
    }
    many = Message.of("reading_addresses", n=5000, system=System.SUPEROFFICE)
    assert many.english() == "Reading 5,000 addresses in SuperOffice"  # the command line's English
    translation.install("sv", QLocale("sv_SE"))
    in_swedish = {}
    for text, said in said_by_text.items():
        in_swedish[text] = message_text(said)
        assert in_swedish[text] != text and not _ENGLISH_WORDS.search(in_swedish[text]), (text, in_swedish[text])
    assert (
        in_swedish["Reading eMarketeer's consents (for 60 addresses)"]
        == "Läser eMarketeers samtycken (för 60 adresser)"
    )
    assert in_swedish["Written 5 of 5 planned changes"] == "5 av 5 planerade ändringar skrivna"
    assert message_text(many) == "Läser 5\u00a0000 adresser i SuperOffice"
    translation.uninstall()
    assert message_text(many) == "Reading 5,000 addresses in SuperOffice"


def test_the_home_tab_shows_the_runs_progress_in_swedish(qtbot, swedish):
    from desktop_app.sync.engine import Progress
    from desktop_app.ui.home.view import HomeView

    home = HomeView()
    qtbot.addWidget(home)
    from desktop_app.domain.messages import Message

    said = Message.of("reading_changes", system=System.EMARKETEER)
    home.show_progress(Progress("reading", 1, 2, said.english(), said))
    assert home.progress_label.text() == "Läser vad som har ändrats i eMarketeer"
    home.show_progress(Progress("planning", 0, 0, ""))
    assert home.progress_label.text() == "Beslutar"  # no message: the phase


class _Said(Exception):
    """A run's typed message where the test wants an error (Home and the history word `said` as error_text does)."""

    def __init__(self, said) -> None:
        super().__init__(said.english())
        self.said = said


def _connector_errors(world) -> list[BaseException]:
    """What a person meets, made by the real connectors against the simulators (and a closed port)."""
    import dataclasses

    from desktop_app.connectors import errors as E
    from desktop_app.connectors.emarketeer import EmarketeerConnector
    from desktop_app.simulators import Fault

    found: list[BaseException] = [
        E.AuthenticationError(system=System.SUPEROFFICE),
        E.ForbiddenError(system=System.EMARKETEER),
        E.NotFoundError(system=System.EMARKETEER),
        E.WrongHostError(system=System.SUPEROFFICE),
        E.CancelledError(),
        E.InvalidRequestError(system=System.EMARKETEER, status=422, vendor_message="ogiltigt värde"),
    ]
    fast = dataclasses.replace(world.limits, timeout=0.3, max_retries=1)

    def failing(connector) -> BaseException:
        with pytest.raises(E.ConnectorError) as caught:
            connector.load_master_data()
        return caught.value

    found.append(failing(EmarketeerConnector(world.em.base_url, "wrong-key", fast)))  # 401
    found.append(failing(EmarketeerConnector("http://127.0.0.1:9", "demo-key", fast)))  # refused: unreachable
    for fault in (
        Fault(kind="status", status=503, times=-1),
        Fault(kind="status", status=429, times=-1),
        Fault(kind="malformed", times=-1),
        Fault(kind="delay", delay=1.0, times=-1),
    ):
        world.em.faults.clear()
        world.em.faults.add(fault)
        found.append(failing(EmarketeerConnector(world.em.base_url, "demo-key", fast)))
    world.em.faults.clear()
    world.so.faults.add(Fault(kind="status", status=500, times=-1))
    summary = world.sync()
    assert summary.said is not None and summary.said.english() == summary.message
    found.append(_Said(summary.said))  # a run stopped by a connector, as Home and the history show it
    world.so.faults.clear()
    return found


def test_connector_keyring_and_store_errors_are_said_in_swedish_in_the_window_only(world, english):
    from keyring.backends import fail

    from desktop_app.connectors import errors as E
    from desktop_app.domain.email import InvalidEmail, normalise_email
    from desktop_app.domain.messages import Message, error_text
    from desktop_app.secrets import SUPEROFFICE_PASSWORD, KeyringSecretStore, KeyringUnavailable
    from desktop_app.store.errors import DatabaseTooNew, StoreUnavailable
    from desktop_app.sync.lock import LockHeld, RunLock

    errors = _connector_errors(world)
    with pytest.raises(KeyringUnavailable) as no_keyring:
        KeyringSecretStore(backend=fail.Keyring()).get(SUPEROFFICE_PASSWORD)
    errors.append(no_keyring.value)
    with RunLock(world.data_dir):
        with pytest.raises(LockHeld) as held:
            RunLock(world.data_dir).acquire()
    errors.append(held.value)
    errors.append(DatabaseTooNew(world.data_dir / "history.sqlite3", 9, 3))
    errors.append(
        StoreUnavailable(Message.of("db_unusable", path=str(world.data_dir), error="disk I/O error"))
    )  # SQLite's own words stay as they are
    english_texts = [error_text(exc) for exc in errors]
    for exc, text in zip(errors, english_texts):
        assert text == (getattr(exc, "user_message", None) or str(exc))  # the CLI's and the log's words, unchanged
    assert any("did not answer properly" in t and "HTTP 503" in t for t in english_texts)
    assert any("not valid JSON" in t for t in english_texts) and any("no answer within" in t for t in english_texts)
    assert any(t.startswith("Cannot reach eMarketeer") for t in english_texts)

    translation.install("sv", QLocale("sv_SE"))
    shown = [error_text(exc) for exc in errors]
    for text, swedish_text in zip(english_texts, shown):
        assert swedish_text != text and not _ENGLISH_WORDS.search(swedish_text.replace("ogiltigt värde", "")), (
            text,
            swedish_text,
        )
    assert shown[0] == (
        "SuperOffice godtog inte inloggningsuppgifterna (HTTP 401); logga in igen eller kontrollera "
        "användarnamn, lösenord eller API-nyckel."
    )
    assert any(s.startswith("Kan inte nå eMarketeer på 127.0.0.1: anslutningen nekades.") for s in shown)
    assert any("efter 2 försök (senast: HTTP 429)" in s for s in shown)  # rate limited until the retries ran out
    assert any(s.endswith("Körningen stoppades; det som gjordes är registrerat.") for s in shown)
    assert error_text(RuntimeError("A sentence nobody knows.")) == "A sentence nobody knows."
    # A contact the run could not sync: its row in the conflict view and the history (R17).
    rejected = E.InvalidRequestError(system=System.EMARKETEER, status=422, vendor_message="nej")
    writing = Message.of("writing_failed", system=System.EMARKETEER, message=rejected.said)
    assert writing.english() == "writing eMarketeer failed: eMarketeer rejected the request (HTTP 422): nej"
    assert (
        message_text(writing) == "skrivningen till eMarketeer misslyckades: eMarketeer avvisade begäran (HTTP 422): nej"
    )
    with pytest.raises(InvalidEmail) as invalid:
        normalise_email("anna@")
    person = Message.of("so_person_problem", id=17, why=invalid.value.said)
    assert person.english() == "SuperOffice person 17: invalid e-mail address 'anna@'"
    assert message_text(person) == "SuperOffice-person 17: ogiltig e-postadress 'anna@'"
    # No English is parsed back: a plain text (a row recorded before messages were typed) is shown as it is.
    assert message_text("SuperOffice person 17: invalid e-mail address 'anna@'") == (
        "SuperOffice person 17: invalid e-mail address 'anna@'"
    )


def test_every_send_error_is_said_in_swedish_in_the_window(world, english):
    """Issue 4's send errors (empty list, only invalid addresses, lock held, Checklist too old, component rejected, the
    Messages API failing halfway) as the window shows them; the send service and the CLI keep them English."""
    from desktop_app.domain.checklist import Channel
    from desktop_app.domain.messages import error_text
    from desktop_app.sending import SendError, SendRequest, SendService
    from desktop_app.simulators import Fault
    from desktop_app.sync.lock import RunLock

    emails = [f"p{i}@example.se" for i in range(5)]
    for email in emails:
        world.so_person(email, STORE="61A", EMARKETING="61A")
        world.em_contact(email, store="Consent", marketing="Consent")
    so, em = world.connectors()
    svc = SendService(world.store(), world.data_dir, so, em, clock=world.now, batch_size=2)

    def request(*recipients: str, component: int = 1001) -> SendRequest:
        return SendRequest(Channel.EMAIL, component, recipients, "pasted")

    messages: list = []  # the typed messages the window is given

    def fails(call, *args) -> None:
        with pytest.raises(SendError) as caught:
            call(*args)
        assert caught.value.said is not None and caught.value.said.english() == caught.value.user_message
        messages.append(caught.value.said)

    fails(svc.prepare, request())
    fails(svc.prepare, request("nix"))
    fails(svc.prepare, request("nix", "nej"))
    with RunLock(world.data_dir):
        fails(svc.prepare, request(*emails))
    fails(svc.launch, svc.prepare(request(*emails, component=4242)))
    old = svc.prepare(request(*emails))
    world.advance(16 * 60)
    fails(svc.launch, old)
    prepared = svc.prepare(request(*emails))
    messages_api = Fault(kind="status", status=503, times=-1, method="POST", path_contains="/messages-api/")

    def progress(p) -> None:
        messages.append(p.said)
        if p.phase == "sending" and p.done == 1:
            world.em.faults.add(messages_api)

    outcome = svc._launch_locked(prepared.send_id, cancel=None, progress=progress)
    messages.append(outcome.said)
    assert "Sent to 2" in outcome.message and "--resume" in outcome.message  # English for the CLI
    assert outcome.said.english() == outcome.message
    assert messages[0].english() == "The recipient list is empty; nothing was sent."

    translation.install("sv", QLocale("sv_SE"))
    shown = []
    for said in messages:
        text = message_text(said).replace("unknown componentId 4242", "okänd")
        assert text != said.english() and not _ENGLISH_WORDS.search(text), (said.english(), text)
        shown.append(text)
    assert shown[0] == "Mottagarlistan är tom; inget skickades."
    assert any(
        s.startswith("eMarketeer avvisade e-postkomponent 4242:") and s.endswith("Inget skickades.") for s in shown
    )
    assert "Skickar omgång 1 av 3 (2 mottagare)" in shown
    assert error_text(SendError(messages[1])) == "'nix' är ingen giltig e-postadress; inget skickades."


@pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "No such signal QPlatformNativeInterface::systemTrayWindowChanged",
)  # offscreen has no tray
def test_a_tray_notification_and_home_say_a_failed_run_in_swedish(qtbot, swedish):
    """A hidden window's tray notification for a run that stopped (eMarketeer refuses the key), and Home's red line."""
    from desktop_app.ui.shell.app import AppController

    controller = AppController(environ={})
    try:
        assert controller.open(demo=True)
        demo_window = controller.window
        window = MainWindow(demo_window.context, use_tray=True)
        qtbot.addWidget(window)
        try:
            window.show()
            qtbot.waitExposed(window)
            assert window._tray is not None
            said: list[str] = []
            window._tray.showMessage = lambda _title, text, *_args: said.append(text)
            window.close()  # hidden: the tray speaks
            window.context.secret_store.set("emarketeer_api_key", "wrong")
            with qtbot.waitSignal(window.run_completed, timeout=TIMEOUT_MS):
                assert window.sync_now()
            # eMarketeer's gateway answers a wrong key 403 "Forbidden": said as a wrong key (issue 10).
            assert said and said[-1].startswith("Senaste synken stoppades: eMarketeer godtog inte API-nyckeln"), said
            assert not _ENGLISH_WORDS.search(said[-1]), said
            problem = window.home.problem_label.text()
            assert "godtog inte API-nyckeln" in problem and "refused" not in problem
            # The red line holds the run's message already: "Last sync" does not repeat it (compared in Swedish).
            labels = [label.text() for label in window.home.findChildren(QLabel) if label.isVisibleTo(window.home)]
            assert not any(text.startswith("Meddelande") for text in labels), labels
        finally:
            window.shutdown()
    finally:
        controller.close()


def test_every_message_the_code_says_is_a_declared_kind():
    """Each `Message.of("key", ...)` in desktop_app/ names a kind declared in domain/messages.py (whose Swedish the test
    above checks), and the engine's and the send service's progress is typed: no `_emit` of a plain English sentence."""
    import ast

    from desktop_app.domain.messages import KINDS

    keys, untyped = [], []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if (
                name == "of"
                and getattr(node.func, "value", None) is not None
                and getattr(node.func.value, "id", "") == "Message"
                and node.args
            ):
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    keys.append((path.name, first.value))
            elif name == "_emit" and path.name in ("engine.py", "service.py"):
                if any(
                    isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and isinstance(a.value, str))
                    for a in node.args[3 if path.name == "engine.py" else 4 :]
                ):
                    untyped.append(f"{path.name}:{node.lineno}")
    assert len(keys) >= 40, keys
    unknown = [f"{where}: {key}" for where, key in keys if key not in KINDS]
    assert not unknown, "Message kinds used but not declared in domain/messages.py:\n" + "\n".join(unknown)
    assert not untyped, untyped


def test_a_history_error_row_is_in_the_windows_language(swedish):
    """Before, the History tab showed every contact error's stored English, even in the Swedish window."""
    from datetime import datetime, timezone

    from desktop_app.domain.messages import Message
    from desktop_app.domain.model import LegalBasis, Purpose, System
    from desktop_app.store.records import ErrorRecord
    from desktop_app.ui.history.model import entry_from_error

    said = Message.of("written_not_current", at=datetime(2026, 12, 4, 5, 47, 35, tzinfo=timezone.utc))
    typed = ErrorRecord(
        1, 2, "a@example.se", Purpose.MARKETING, System.EMARKETEER, said.english(), datetime.now(timezone.utc), said
    )
    old = ErrorRecord(2, 1, "b@example.se", None, System.SUPEROFFICE, "an English reason", datetime.now(timezone.utc))
    why = entry_from_error(typed).why
    assert why.startswith("eMarketeer: skrivet till eMarketeer men inte gällande") and "written" not in why
    assert entry_from_error(old).why == "SuperOffice: an English reason"  # a row from before: as stored
    assert (entry_from_error(typed).rules, entry_from_error(old).rules) == ("R13", "R17")  # not a bad value (R17)
    removal = Message.of(
        "removal", system=System.SUPEROFFICE, purpose=Purpose.STORE, other=System.EMARKETEER, basis=LegalBasis.CONSENT
    )
    lost = ErrorRecord(
        3, 2, "c@example.se", Purpose.STORE, None, removal.english(), datetime.now(timezone.utc), removal
    )
    assert entry_from_error(lost).rules == "R13"  # a side lost its value: R13's decision needs a person, not bad input
