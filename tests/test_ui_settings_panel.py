"""The settings panel widget: built from the registry, "Changes not applied", Apply, keyring missing, tests, sign-in."""

from __future__ import annotations

import threading

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox
from test_oauth_flow import WEBAPI, FakeAuthorizationServer

from desktop_app.config import SETTINGS_BY_KEY
from desktop_app.demo import DemoEnvironment
from desktop_app.domain.model import System
from desktop_app.secrets import (
    EMARKETEER_API_KEY,
    SUPEROFFICE_PASSWORD,
    SUPEROFFICE_REFRESH_TOKEN,
    SUPEROFFICE_TOKEN,
    InMemorySecretStore,
    default_secret_store,
)
from desktop_app.store import Store
from desktop_app.ui.settings.presenter import ADVANCED_KEYS
from desktop_app.ui.settings.view import NOT_APPLIED_TEXT, RUNNING_TICKS_NOTE, SettingsPanel

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture
def store(_isolated_environment):
    with Store.open(_isolated_environment) as the_store:
        yield the_store


def tick(qtbot, box) -> None:
    """Click the box itself (its centre can lie past the end of a stretched check box's text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def make_panel(qtbot, store, data_dir, secrets=None, environ=None, **kwargs) -> SettingsPanel:
    panel = SettingsPanel(
        load_settings=store.settings,
        save_settings=store.save_settings,
        secret_store=secrets if secrets is not None else InMemorySecretStore(),
        data_dir=data_dir,
        environ=environ or {},
        **kwargs,
    )
    qtbot.addWidget(panel)
    panel.resize(900, 1000)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_the_advanced_group_is_built_from_the_registry(qtbot, store, _isolated_environment):
    panel = make_panel(qtbot, store, _isolated_environment)
    for key in ADVANCED_KEYS:
        editor = panel.editor(key)
        assert editor.toolTip() == SETTINGS_BY_KEY[key].help
    assert isinstance(panel.editor("interval_minutes"), QSpinBox)
    assert panel.editor("interval_minutes").value() == 30
    assert not panel.advanced_box.isVisible()
    qtbot.mouseClick(panel.advanced_toggle, Qt.MouseButton.LeftButton)
    assert panel.advanced_box.isVisible()
    assert panel.running_note.text() == RUNNING_TICKS_NOTE


def test_mode_changes_show_their_fields_and_nothing_is_saved_before_apply(qtbot, store, _isolated_environment):
    secrets = InMemorySecretStore()
    panel = make_panel(qtbot, store, _isolated_environment, secrets)
    assert not panel.onsite_box.isVisible() and not panel.online_box.isVisible()
    assert not panel.not_applied_label.isVisible()

    qtbot.mouseClick(panel.crm_buttons["onsite"], Qt.MouseButton.LeftButton)
    assert panel.onsite_box.isVisible() and not panel.online_box.isVisible()
    assert panel.not_applied_label.isVisible() and panel.not_applied_label.text() == NOT_APPLIED_TEXT
    qtbot.keyClicks(panel.editor("superoffice_url"), "https://crm.example.com/SuperOffice/api")
    qtbot.keyClicks(panel.editor("superoffice_user"), "admin")
    qtbot.keyClicks(panel.password_edit, "pw")
    qtbot.keyClicks(panel.api_key_edit, "key")
    tick(qtbot, panel.enabled_box)
    assert store.settings() == {} and secrets.get(SUPEROFFICE_PASSWORD) is None

    with qtbot.waitSignal(panel.settings_applied) as applied:
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert applied.args[0].sync_on
    assert store.settings()["crm"] == "onsite" and store.settings()["superoffice_user"] == "admin"
    assert secrets.get(SUPEROFFICE_PASSWORD) == "pw" and secrets.get(EMARKETEER_API_KEY) == "key"
    assert not panel.not_applied_label.isVisible()
    assert panel.password_edit.text() == "" and "keyring" in panel.password_edit.placeholderText()
    assert "Legal basis sync is on" in panel.outcome_label.text()


def test_none_and_apply_switches_off(qtbot, store, _isolated_environment):
    store.save_settings(
        {"crm": "onsite", "enabled": True, "superoffice_url": "https://crm.example.com/api", "superoffice_user": "u"}
    )
    panel = make_panel(qtbot, store, _isolated_environment)
    assert panel.crm_buttons["onsite"].isChecked() and panel.enabled_box.isChecked()
    qtbot.mouseClick(panel.crm_buttons["none"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.settings_applied) as applied:
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert not applied.args[0].sync_on and store.settings()["crm"] == "none"


def test_a_bad_value_is_marked_and_not_applied(qtbot, store, _isolated_environment):
    panel = make_panel(qtbot, store, _isolated_environment)
    qtbot.mouseClick(panel.crm_buttons["onsite"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.editor("superoffice_url"), "crm.example.com")
    with qtbot.assertNotEmitted(panel.settings_applied):
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert "must be" in panel.outcome_label.text()
    assert "must be" in panel.editor("superoffice_url").toolTip()
    assert store.settings() == {}
    # The sentence names the field as its label does (issue 13): "API URL", not the registry's wording.
    assert panel.outcome_label.text().count("API URL must be") == 1
    assert panel.editor("superoffice_url").toolTip().startswith("API URL must be")


def test_the_schedule_is_in_sight_and_online_settings_only_in_online_mode(qtbot, store, _isolated_environment):
    """Issue 13: "Sync every" without opening Advanced; the Online state address and its kin hidden on-site;
    the SuperOffice, eMarketeer and schedule labels in one column."""
    panel = make_panel(qtbot, store, _isolated_environment)
    assert panel.editor("interval_minutes").isVisible() and not panel.advanced_box.isVisible()
    assert not panel.advanced_box.isAncestorOf(panel.editor("interval_minutes"))
    qtbot.mouseClick(panel.advanced_toggle, Qt.MouseButton.LeftButton)
    for mode, shown in (("onsite", False), ("online", True), ("none", False)):
        qtbot.mouseClick(panel.crm_buttons[mode], Qt.MouseButton.LeftButton)
        for key in ("superoffice_state_url", "superoffice_environment", "superoffice_client_id_sod"):
            assert panel.editor(key).isVisible() is shown, (mode, key)
        assert panel.editor("clock_skew_seconds").isVisible()
    qtbot.mouseClick(panel.crm_buttons["onsite"], Qt.MouseButton.LeftButton)
    lefts = {
        key: panel.editor(key).mapTo(panel, QPoint(0, 0)).x()
        for key in ("superoffice_url", "superoffice_user", "emarketeer_url", "interval_minutes")
    }
    assert len(set(lefts.values())) == 1, lefts


def test_without_a_keyring_the_panel_says_so_and_disables_secret_fields(qtbot, store, _isolated_environment):
    # The test environment has no usable keyring (conftest): exactly the case to show.
    panel = make_panel(qtbot, store, _isolated_environment, default_secret_store({}))
    assert panel.keyring_label.isVisible()
    assert (
        "keyring" in panel.keyring_label.text() and "LEGALBASIS_SYNC_EMARKETEER_API_KEY" in panel.keyring_label.text()
    )
    assert not panel.password_edit.isEnabled() and not panel.api_key_edit.isEnabled()
    qtbot.mouseClick(panel.crm_buttons["onsite"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.settings_applied):
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)  # non-secret settings still apply
    assert store.settings()["crm"] == "onsite"


def test_environment_settings_are_locked(qtbot, store, _isolated_environment):
    panel = make_panel(
        qtbot,
        store,
        _isolated_environment,
        environ={"LEGALBASIS_SYNC_CRM": "onsite", "LEGALBASIS_SYNC_EMARKETEER_API_KEY": "k"},
    )
    assert panel.crm_buttons["onsite"].isChecked() and not panel.crm_buttons["none"].isEnabled()
    assert (
        not panel.api_key_edit.isEnabled()
        and "LEGALBASIS_SYNC_EMARKETEER_API_KEY" in panel.api_key_edit.placeholderText()
    )
    assert panel.locked_label.isVisible() and "LEGALBASIS_SYNC_CRM" in panel.locked_label.text()


def test_test_connection_runs_off_the_gui_thread_and_says_what_it_found(qtbot, store, _isolated_environment):
    demo = DemoEnvironment.start(_isolated_environment, contacts=5)
    try:
        store.save_settings(demo.settings)
        panel = make_panel(qtbot, store, _isolated_environment, demo.secret_store)
        with qtbot.waitSignal(panel.connection_tested, timeout=30_000) as tested:
            qtbot.mouseClick(panel.so_test_button, Qt.MouseButton.LeftButton)
            assert panel.test_result_text(System.SUPEROFFICE) == "Testing the connection…"
        assert tested.args[0].ok and panel.test_result_text(System.SUPEROFFICE).startswith("Connected to SuperOffice")
        demo.secret_store.set(EMARKETEER_API_KEY, "wrong-key")
        with qtbot.waitSignal(panel.connection_tested, timeout=30_000) as tested:
            qtbot.mouseClick(panel.em_test_button, Qt.MouseButton.LeftButton)
        result = tested.args[0]
        assert not result.ok and "eMarketeer" in result.text and "wrong-key" not in result.text
        assert result.text.endswith(".")
    finally:
        panel.shutdown()
        demo.stop()


def test_sign_in_to_superoffice_online(qtbot, store, _isolated_environment):
    server = FakeAuthorizationServer()
    secrets = InMemorySecretStore()
    opened: list[str] = []

    def browser(url: str) -> None:
        opened.append(url)
        threading.Thread(
            target=httpx.get, args=(url,), kwargs={"follow_redirects": True, "timeout": 10}, daemon=True
        ).start()

    try:
        panel = make_panel(qtbot, store, _isolated_environment, secrets, open_url=browser)
        qtbot.mouseClick(panel.crm_buttons["online"], Qt.MouseButton.LeftButton)
        assert panel.online_box.isVisible()
        qtbot.keyClicks(panel.editor("superoffice_client_id"), "my-app")
        state = panel.editor("superoffice_state_url")
        assert isinstance(state, QLineEdit)
        state.clear()
        qtbot.keyClicks(state, f"{server.root}/api/state/")
        qtbot.mouseClick(panel.sign_in_button, Qt.MouseButton.LeftButton)
        assert opened and opened[0].startswith(server.root + "/login/common/oauth/authorize?")
        qtbot.waitUntil(lambda: panel.tenant_label.text() == WEBAPI, timeout=15_000)
        assert panel.not_applied_label.isVisible() and secrets.get(SUPEROFFICE_TOKEN) is None
        tick(qtbot, panel.enabled_box)
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
        assert store.settings()["superoffice_url"] == WEBAPI and store.settings()["crm"] == "online"
        assert secrets.get(SUPEROFFICE_TOKEN) == "access-1" and secrets.get(SUPEROFFICE_REFRESH_TOKEN) == "refresh-1"
        assert "access-1" not in repr(store.settings())
    finally:
        panel.shutdown()
        server.close()


def test_sign_in_can_be_cancelled(qtbot, store, _isolated_environment):
    panel = make_panel(qtbot, store, _isolated_environment, open_url=lambda url: None)
    qtbot.mouseClick(panel.crm_buttons["online"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.editor("superoffice_client_id"), "my-app")
    qtbot.mouseClick(panel.sign_in_button, Qt.MouseButton.LeftButton)
    assert panel.cancel_sign_in_button.isVisible() and not panel.sign_in_button.isEnabled()
    qtbot.mouseClick(panel.cancel_sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.sign_in_button.isEnabled(), timeout=5000)
    assert panel.outcome_label.text() == "The sign-in was cancelled."
    panel.shutdown()


def test_editors_have_the_kind_their_type_calls_for(qtbot, store, _isolated_environment):
    panel = make_panel(qtbot, store, _isolated_environment)
    assert isinstance(panel.enabled_box, QCheckBox)
    assert isinstance(panel.editor("superoffice_state_url"), QLineEdit)
    duplicates = panel.editor("duplicates_policy")
    assert duplicates.currentData() == "all"  # R9: the vendor's behaviour since 2026-02-23
    assert [duplicates.itemData(i) for i in range(duplicates.count())] == ["all", "oldest"]


def test_long_help_texts_never_widen_the_panel_past_the_window(qtbot, store, _isolated_environment):
    """The advanced settings' help is broken into lines: 'Require a positive basis for sends' alone once made the
    panel scroll sideways and cut the sync notes off at the right."""
    from PySide6.QtWidgets import QScrollArea

    panel = make_panel(qtbot, store, _isolated_environment)
    panel.show_advanced(True)
    scroll = panel.findChild(QScrollArea)
    qtbot.waitUntil(lambda: scroll.widget().width() > 0)
    assert scroll.widget().minimumSizeHint().width() <= 900
    assert not scroll.horizontalScrollBar().isVisible()
