""" "Check setup" on the Settings tab (issue 10 point 6): the items of `legalbasis-sync check`, each with a tick or a sentence.

The check itself is `sync.setup_check.check_setup` (Qt-free, read-only); this box prepares the applied
settings and the secrets on the GUI thread, runs the check off it (like Test connection) and lists the
result. The window also runs it by itself the first time real settings are applied (`FIRST_CHECK_MARK`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.messages import error_text, message_text
from ...i18n import QT_TRANSLATE_NOOP, translate
from ...sync.setup_check import CheckItem, CheckResult
from .. import theme
from ..background import BackgroundJobs

if TYPE_CHECKING:
    from ...config import AppConfig, Credentials

log = logging.getLogger(__name__)

# In the data directory: the window has run the check after a first apply of real settings.
FIRST_CHECK_MARK = "setup-checked"

# The item names of sync.setup_check, for the window's language (the command line keeps them English).
_NAMES = (
    QT_TRANSLATE_NOOP("SetupCheck", "Settings"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice reachable and signed in"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice tenant running"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice purposes"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice legal bases"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice write source"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice consent rows"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice e-mail rows"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice clock"),
    QT_TRANSLATE_NOOP("SetupCheck", "SuperOffice TLS"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer reachable and signed in"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer purposes"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer legal bases"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer write source"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer consent records"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer contacts"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer clock"),
    QT_TRANSLATE_NOOP("SetupCheck", "eMarketeer TLS"),
    QT_TRANSLATE_NOOP("SetupCheck", "Clocks of the two services"),
    QT_TRANSLATE_NOOP("SetupCheck", "History database"),
)

# (config, credentials or None, why there are none or None), prepared on the GUI thread.
Prepared = tuple["AppConfig", "Credentials | None", str | None]  # settings, secrets, or why not


class ItemList(QFrame):
    """The check's items one under the other, each a wrapped line: a tick and the name, or a cross, the name and the
    sentence (every item is shown whole: no scrolling inside the panel, which scrolls itself)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(4)
        self._labels: list[QLabel] = []

    def clear(self) -> None:
        for label in self._labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels = []

    def add(self, text: str, ok: bool, spoken: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(f"color: {theme.css(theme.OK if ok else theme.BAD)};")
        label.setAccessibleName(spoken)
        self._layout.addWidget(label)
        self._labels.append(label)
        return label

    def count(self) -> int:
        return len(self._labels)

    def texts(self) -> list[str]:
        return [label.text() for label in self._labels]


class SetupCheckBox(QGroupBox):
    """A "Check setup" button and the list of its items."""

    finished = Signal(object)  # CheckResult

    def __init__(self, jobs: BackgroundJobs, prepare: Callable[[], Prepared], parent=None) -> None:
        super().__init__(self.tr("Setup check"), parent)
        self.setObjectName("setup_check")
        self._jobs = jobs
        self._prepare = prepare
        self.last_result: CheckResult | None = None
        note = QLabel(
            self.tr("Asks both services whatever a sync relies on, with the applied settings, and writes nothing.")
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
        self.button = QPushButton(self.tr("Check setup"))  # every letter is taken on this tab: Tab reaches it
        self.button.setObjectName("check_setup")
        self.status_label = QLabel("")
        self.status_label.setObjectName("check_status")
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.status_label, 1)
        self.list = ItemList()
        self.list.setObjectName("check_items")
        self.list.setAccessibleName(self.tr("Setup check results"))
        self.list.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.button.clicked.connect(self.run)

    @Slot()
    def run(self) -> bool:
        """Start a check (off the GUI thread); False when one is already running."""
        if not self.button.isEnabled():
            return False
        try:
            config, credentials, problem = self._prepare()
        except Exception as exc:  # preparing must never crash the panel: say it as the check's first item
            log.exception("Preparing the setup check failed")
            self.show_result(CheckResult((CheckItem("Settings", False, error_text(exc)),)))
            return False
        self.button.setEnabled(False)
        self.status_label.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
        self.status_label.setText(self.tr("Checking the setup with both services…"))

        def work() -> CheckResult:
            from ...sync.setup_check import check_setup

            return check_setup(config, credentials, credentials_error=problem)

        def done(result: object) -> None:
            assert isinstance(result, CheckResult)
            self.show_result(result)

        def failed(exc: BaseException) -> None:
            log.error("The setup check failed unexpectedly", exc_info=(type(exc), exc, exc.__traceback__))
            self.show_result(
                CheckResult(
                    (
                        CheckItem(
                            "Settings",
                            False,
                            self.tr("The check failed unexpectedly ({kind}); the details are in the log file.").format(
                                kind=type(exc).__name__
                            ),
                        ),
                    )
                )
            )

        self._jobs.submit(work, done, failed)
        return True

    def show_result(self, result: CheckResult) -> None:
        self.button.setEnabled(True)
        self.last_result = result
        self.list.clear()
        for item in result.items:
            shown = message_text(item.said, item.message)
            name = translate("SetupCheck", item.name) if item.name in _NAMES else item.name
            text = f"✓ {name}" if item.ok else f"✗ {name}: {shown}"
            spoken = self.tr("OK: {name}. {message}") if item.ok else self.tr("Needs attention: {name}. {message}")
            label = self.list.add(text, item.ok, spoken.format(name=name, message=shown))
            label.setToolTip(shown)
        self.list.setVisible(True)
        failed = sum(not item.ok for item in result.items)
        if failed:
            self.status_label.setStyleSheet(f"color: {theme.css(theme.BAD)};")
            self.status_label.setText(
                self.tr("{failed} of {total} items need attention.").format(failed=failed, total=len(result.items))
            )
        else:
            self.status_label.setStyleSheet(f"color: {theme.css(theme.OK)};")
            self.status_label.setText(self.tr("Everything checked is in order."))
        self.finished.emit(result)

    def item_texts(self) -> list[str]:
        return self.list.texts()


def first_check_due(data_dir: Path) -> bool:
    """True once per data directory: the first apply of real settings runs the check; marks it as done."""
    mark = Path(data_dir) / FIRST_CHECK_MARK
    if mark.exists():
        return False
    try:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text("The window ran the setup check after the first apply of real settings.\n", encoding="utf-8")
    except OSError as exc:
        log.warning("Could not mark the first setup check as done: %s", exc)
    return True
