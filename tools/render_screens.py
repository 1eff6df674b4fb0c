"""Render the window's screens to PNG files, offscreen, in demo mode: `python tools/render_screens.py [FOLDER]`.

Opens the demo (both simulators, 300 sample contacts, a throw-away data directory), runs a preview
and then one sync, and saves each tab, the whole settings panel with "Advanced" open, and Home
after a failed run, to FOLDER (default docs/screens/). Used to look at the layout without a display, and for the docs.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing here may reach a real keyring or account: the demo keeps its secrets in memory.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget  # noqa: E402

from desktop_app.ui.settings.view import SettingsPanel  # noqa: E402
from desktop_app.ui.shell.app import AppController  # noqa: E402
from desktop_app.ui.shell.main_window import (  # noqa: E402
    TAB_CONFLICTS,
    TAB_HISTORY,
    TAB_HOME,
    TAB_SEND,
    TAB_SETTINGS,
    MainWindow,
)

WINDOW_SIZE = (1280, 860)  # --size WxH for another (issue 13: 1180x800, and 1280x720 with QT_SCALE_FACTOR=1.25)
RUN_TIMEOUT_MS = 120_000


def wait_for_run(app: QApplication, window: MainWindow, start) -> object:
    """Start a run with `start()` and spin the event loop until the window has taken in its outcome."""
    loop = QEventLoop()
    outcome: list[object] = []

    def completed(summary: object) -> None:
        outcome.append(summary)
        loop.quit()

    window.run_completed.connect(completed)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(RUN_TIMEOUT_MS)
    if not start():
        raise SystemExit(f"render_screens: the run did not start: {window.home.problem_label.text()}")
    loop.exec()
    window.run_completed.disconnect(completed)
    if not outcome:
        raise SystemExit("render_screens: the run did not finish in time")
    return outcome[0]


def wait_for_tests(window: MainWindow) -> None:
    """Press "Test connection" for both systems and wait for both answers."""
    loop = QEventLoop()
    answers: list[object] = []

    def tested(result: object) -> None:
        answers.append(result)
        if len(answers) == 2:
            loop.quit()

    window.settings_panel.connection_tested.connect(tested)
    QTimer.singleShot(RUN_TIMEOUT_MS, loop.quit)
    window.test_connections()
    loop.exec()
    window.settings_panel.connection_tested.disconnect(tested)


# The Send tab's example: addresses of the demo's sample data, one twice, one invalid, one in neither system.
SEND_EXAMPLE = (
    "oskar.lindqvist@handel.se\nb.pettersson@bygg-ab.se\nmans.olsson@handel.se\ns.karlsson@example.se\n"
    "Mikael Ström <mikael.strom@example.se>\nb.pettersson@bygg-ab.se\nnot-an-address\n"
    "new.customer@example.org"
)
SEND_WITHDRAWS = "oskar.lindqvist@handel.se"  # withdraws in SuperOffice just before the check


def wait_for_checklist(window: MainWindow) -> None:
    """Press "Check recipients" and wait for the Checklist (or the sentence saying why there is none)."""
    loop = QEventLoop()
    done: list[object] = []

    def finished(value: object) -> None:
        done.append(value)
        loop.quit()

    window.send.checklist_shown.connect(finished)
    window.send.problem_shown.connect(finished)
    QTimer.singleShot(RUN_TIMEOUT_MS, loop.quit)
    window.send_view.check_button.click()
    loop.exec()
    window.send.checklist_shown.disconnect(finished)
    window.send.problem_shown.disconnect(finished)
    if not done or isinstance(done[0], str):
        raise SystemExit(f"render_screens: the Checklist did not come: {done[0] if done else 'timed out'}")


def select_a_line(window: MainWindow, tab: int) -> None:
    """Conflicts and History: select the first held line (R24: the longest explanation), so the pane below shows it."""
    from desktop_app.ui.conflicts.model import COL_RULES
    from desktop_app.ui.history.model import ENTRY_RULES

    if tab == TAB_CONFLICTS:
        table, rules = window.conflict_view.table, COL_RULES
    elif tab == TAB_HISTORY:
        table, rules = window.history_view.entries_table, ENTRY_RULES
    else:
        return
    model = table.model()
    held = [r for r in range(model.rowCount()) if "R24" in str(model.index(r, rules).data() or "")]
    table.selectRow(held[0] if held else 0)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def fit_to_content(app: QApplication, widget: QWidget, width: int) -> None:
    """Show `widget` `width` wide and as tall as the contents of its scroll areas need: nothing cut off, no scroll bar.

    Not a fixed height (1500 px cut the settings panel off at its last fields once Advanced grew), and not the widget's
    own sizeHint: a scroll area's hint is capped (Qt: 24 lines), so the panel's is 400 px whatever it holds. What its
    content needs at this width (word-wrapped help gets taller when narrower) is what the scroll bar would scroll.
    """
    widget.resize(width, max(widget.sizeHint().height(), 200))
    widget.show()
    settle(app)
    for _ in range(20):
        extra = sum(s.verticalScrollBar().maximum() for s in widget.findChildren(QScrollArea) if s.isVisible())
        if extra <= 0:
            return
        widget.resize(width, widget.height() + extra)
        settle(app)
    raise SystemExit(f"render_screens: {widget.objectName() or type(widget).__name__} did not fit its content")


def render(folder: Path, size: tuple[int, int] = WINDOW_SIZE, language: str | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if language is not None:
        from desktop_app.ui import translation

        translation.install(language)
    controller = AppController(environ={})
    written: list[Path] = []
    try:
        if not controller.open(demo=True) or controller.window is None:
            raise SystemExit("render_screens: the demo window did not open")
        window = controller.window
        window.resize(*size)
        settle(app)

        def save(widget, name: str) -> None:
            settle(app)
            path = folder / name
            if not widget.grab().save(str(path)):
                raise SystemExit(f"render_screens: could not write {path}")
            written.append(path)

        save(window, "home-before-sync.png")
        wait_for_run(app, window, window.preview)
        save(window, "home-after-preview.png")  # R8: the systems are known to disagree
        wait_for_run(app, window, window.sync_now)
        wait_for_tests(window)  # Home's connection lines and the panel's result sentences
        for index, name in (
            (TAB_HOME, "home.png"),
            (TAB_CONFLICTS, "conflicts.png"),
            (TAB_HISTORY, "history.png"),
            (TAB_SETTINGS, "settings.png"),
        ):
            window.tabs.setCurrentIndex(index)
            settle(app)
            select_a_line(window, index)
            save(window, name)

        # The whole settings panel, Advanced open, as tall as its fields and their help need.
        store = window.store
        panel = SettingsPanel(
            load_settings=store.settings,
            save_settings=lambda values: None,
            secret_store=window.context.secret_store,
            data_dir=window.context.data_dir,
            environ={},
            sign_in_available=False,
            secret_place=QCoreApplication.translate("MainWindow", "memory, for this demo only"),
        )
        panel.show_advanced(True)
        fit_to_content(app, panel, 1000)
        save(panel, "settings-panel.png")
        panel.crm_buttons["online"].setChecked(True)  # pending, never applied: shows the sign-in part
        panel.show_advanced(False)
        panel.resize(1000, 760)
        save(panel, "settings-online.png")
        panel.close()
        panel.deleteLater()

        # The Send tab before and after a Checklist (R4): one recipient withdrew in SuperOffice just before.
        window.tabs.setCurrentIndex(TAB_SEND)
        view = window.send_view
        view.component_edit.setText("1001")
        view.pasted_edit.setPlainText(SEND_EXAMPLE)
        save(window, "send.png")
        demo = window.context.demo
        for person in demo.superoffice.person_ids(SEND_WITHDRAWS) if demo is not None else ():
            demo.superoffice.set_consent(person, "EMARKETING", "WITHDRAWN")
        view.confirm_schedule = lambda _text: True  # the question is answered "OK" here
        loop = QEventLoop()
        window.send.scheduled_loaded.connect(loop.quit)
        QTimer.singleShot(RUN_TIMEOUT_MS, loop.quit)
        view.set_schedule_time(window.clock() + timedelta(days=1, hours=2))
        view.schedule_button.click()
        loop.exec()
        window.send.scheduled_loaded.disconnect(loop.quit)
        wait_for_checklist(window)
        view.select_checklist_row(SEND_WITHDRAWS)
        save(window, "send-checklist.png")

        # A run that fails: the reason on Home, in red (eMarketeer refuses a wrong key).
        from desktop_app.secrets import EMARKETEER_API_KEY

        window.context.secret_store.set(EMARKETEER_API_KEY, "not-the-demo-key")
        window.tabs.setCurrentIndex(TAB_HOME)
        wait_for_run(app, window, window.sync_now)
        save(window, "home-failed.png")
    finally:
        controller.close()
        settle(app)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", nargs="?", default="docs/screens", help="where the PNG files go (default docs/screens)"
    )
    parser.add_argument("--size", default="x".join(map(str, WINDOW_SIZE)), help="the window's size, WxH")
    parser.add_argument("--language", choices=["en", "sv"], help="the window's language (default: the system's)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    for path in render(Path(args.folder), (width, height), args.language):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
