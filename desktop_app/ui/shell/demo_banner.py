"""The demo's banner above the tabs: says the window shows simulators and sample data, offers the botched import
that shows R23's mass-change brake, and (when no account is set up yet) the way out to the person's own settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.model import RunStatus
from ...i18n import number
from ...sync.counted import decision_counts
from .. import theme


class DemoBanner(QFrame):
    """`configure_requested()`: leave the demo for the settings; `botched(count)` after the simulated import."""

    configure_requested = Signal()
    botched = Signal(int)

    def __init__(self, demo, *, no_account: bool, can_configure: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo = demo
        self.setObjectName("demo_banner")
        # A faint tint of the theme's info colour: the palette's own text stays readable on it, light or dark.
        back, edge = theme.tint(theme.INFO, 40), theme.colour(theme.INFO)
        self.setStyleSheet(
            f"#demo_banner {{ background: rgba({back.red()}, {back.green()}, {back.blue()}, "
            f"{back.alpha()}); border: 1px solid {edge.name()}; border-radius: 4px; }}"
        )
        row = QHBoxLayout(self)
        text = self.tr("Demo mode: built-in simulators with sample data; nothing real is touched.")
        if no_account:
            text += self.tr(" No account is set up yet, so the demo opened instead.")
        self._welcome = text
        self._imported: int | None = None  # legal bases the simulated import set to Withdrawn, until a sync took it in
        self.label = QLabel(text)
        self.label.setObjectName("demo_banner_text")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-weight: bold;")
        row.addWidget(self.label, 1)
        # R23: the demo can show the mass-change brake: a botched import in SuperOffice, caught by the next sync.
        self.botched_import_button = QPushButton(self.tr("Simulate a botched import"))
        self.botched_import_button.setToolTip(
            self.tr(
                "Set every demo contact's legal bases to Withdrawn in "
                "SuperOffice, as a bad import would; the next sync is held by "
                "the mass-change brake instead of copying it to eMarketeer"
            )
        )
        self.botched_import_button.clicked.connect(self.simulate_botched_import)
        row.addWidget(self.botched_import_button)
        self.configure_button: QPushButton | None = None
        if no_account and can_configure:
            self.configure_button = QPushButton(self.tr("Set up my account…"))
            self.configure_button.setToolTip(
                self.tr("Leave the demo and open the settings for your own SuperOffice and eMarketeer")
            )
            self.configure_button.clicked.connect(self.configure_requested)
            row.addWidget(self.configure_button)

    def simulate_botched_import(self) -> int:
        count = self.demo.simulate_botched_import()
        self._imported = count
        self.label.setText(
            self.tr(
                "Demo mode: a botched import just set all {n} legal bases in SuperOffice to Withdrawn. Press Sync "
                "now: the sync would copy those that differ to eMarketeer, and the mass-change brake holds it."
            ).replace("{n}", number(count))
        )
        self.botched.emit(count)
        return count

    def run_finished(self, summary) -> None:
        """After the import, the banner follows the sync (R23): held, it says so, with the brake's own count (the
        import's other legal bases needed no change in eMarketeer: Withdrawn there already, or no contact there),
        and where to look; a sync that went through (the changes applied) ends the story."""
        if self._imported is None or summary is None or getattr(summary, "dry_run", True):
            return
        if summary.status is RunStatus.HELD:
            self.label.setText(
                self.tr(
                    "Demo mode: the mass-change brake held the sync. It would change {n} legal bases in eMarketeer, "
                    "not all {imported} that the import set: the others needed no change there (Withdrawn already, "
                    "or no contact of their own). Nothing was written: review or discard the changes on Home, under "
                    "Waiting for you."
                )
                .replace("{n}", number(decision_counts(summary).changes))
                .replace("{imported}", number(self._imported))
            )
        elif summary.status is RunStatus.DONE:
            self._imported = None
            self.label.setText(self._welcome)
