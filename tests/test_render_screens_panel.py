"""tools/render_screens.py's "whole settings panel, Advanced open" shows the whole panel (looks review s15, point 17).

The render was a fixed 1500 px tall and cut off at "Require a positive basis for sends" and its help: the screenshot
the docs and the reviews use to check every setting's wording (the send rules among them, R4) left the last ones out.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from desktop_app.secrets import InMemorySecretStore
from desktop_app.store import Store
from desktop_app.ui.settings.presenter import ADVANCED_KEYS
from desktop_app.ui.settings.view import SettingsPanel

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
TOOL = Path(__file__).resolve().parents[1] / "tools" / "render_screens.py"


@pytest.fixture
def render_screens(monkeypatch):
    # The tool sets the keyring backend for its own process; this test's is put back afterwards.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    spec = importlib.util.spec_from_file_location("render_screens_under_test", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_settings_panel_render_is_as_tall_as_its_fields(qtbot, render_screens, _isolated_environment):
    with Store.open(_isolated_environment) as store:
        panel = SettingsPanel(
            load_settings=store.settings,
            save_settings=lambda values: None,
            secret_store=InMemorySecretStore(),
            data_dir=_isolated_environment,
            environ={},
        )
        qtbot.addWidget(panel)
        panel.show_advanced(True)
        render_screens.fit_to_content(QApplication.instance(), panel, 1000)
        scroll = panel.findChild(QScrollArea)
        assert scroll.verticalScrollBar().maximum() == 0  # nothing left below the picture's edge
        last = panel.editor(ADVANCED_KEYS[-1])
        bottom = last.mapTo(scroll.viewport(), last.rect().bottomLeft()).y()
        assert 0 < bottom <= scroll.viewport().height()
        assert panel.width() == 1000
