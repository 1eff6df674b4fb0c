"""SuperOffice Online's browser sign-in for the settings panel (OAuth with PKCE, issue 10).

`SignInFlow` drives the panel's Sign in / Cancel sign-in buttons and the note under them: it opens
the sign-in page, waits for the browser's answer and exchanges the code off the GUI thread, looks
up the tenant's web API address when the answer does not name it, and says what became of it
through `signed_in(tokens, web_api)` or `outcome(sentence, ok)`. Nothing is saved here: the
panel's presenter keeps the sign-in pending until "Apply changes".
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton

from ...config import superoffice_application_id, superoffice_state_address
from ...connectors.superoffice_oauth import (
    AuthorizationCodeFlow,
    OAuthEndpoints,
    SignInCancelled,
    SignInError,
    lookup_web_api,
)
from ...domain.messages import Message, error_text
from ...i18n import QT_TRANSLATE_NOOP
from ..background import BackgroundJobs

log = logging.getLogger(__name__)

DEMO_SIGN_IN_NOTE = QT_TRANSLATE_NOOP(
    "SettingsPanel", "Signing in is not available in demo mode: the simulator has no sign-in page."
)


class SignInFlow(QObject):
    """One sign-in at a time; `can_start()` says whether the button may be pressed when none is going."""

    signed_in = Signal(object, str)  # TokenSet, the tenant's web API address
    outcome = Signal(str, bool)  # a sentence, and whether it is good news

    def __init__(
        self,
        button: QPushButton,
        cancel_button: QPushButton,
        note: QLabel,
        jobs: BackgroundJobs,
        open_url: Callable[[str], object],
        *,
        pending: Callable[[], Mapping[str, object]],
        available: bool,
        can_start: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.button = button
        self.cancel_button = cancel_button
        self.note = note
        self.jobs = jobs
        self.open_url = open_url
        self.pending = pending  # the settings as typed (not yet applied): the application id and environment
        self.available = available  # False in demo mode: the simulator has no sign-in page
        self.can_start = can_start
        self._cancel: threading.Event | None = None
        button.clicked.connect(lambda: self.start())
        cancel_button.clicked.connect(self.cancel)

    @property
    def going(self) -> bool:
        return self._cancel is not None

    def start(self) -> None:
        """Open the sign-in page for the pending settings' application id and environment."""
        values = self.pending()
        client_id = superoffice_application_id(values)  # each SuperOffice environment has its own (issue 10)
        state_url = superoffice_state_address(
            str(values.get("superoffice_state_url") or ""), str(values.get("superoffice_environment") or "online")
        )
        try:
            flow = AuthorizationCodeFlow(client_id, OAuthEndpoints.from_state_url(state_url))
            url = flow.start()
        except SignInError as exc:
            self.outcome.emit(error_text(exc), False)
            return
        cancel = threading.Event()
        self._cancel = cancel
        self.button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.set_note(
            QCoreApplication.translate(
                "SettingsPanel",
                "Finish signing in in your browser. If it did not "
                "open, use this link: <a href='{url}'>SuperOffice sign-in page</a>.",
            ).format(url=url)
        )
        self.open_url(url)

        def work() -> tuple:
            tokens = flow.complete(cancel=cancel)
            web_api = tokens.webapi_url
            if web_api is None:
                if tokens.customer_id is None:
                    raise SignInError(Message.of("so_no_tenant_named"))
                web_api = lookup_web_api(state_url, tokens.customer_id)
            return tokens, web_api

        self.jobs.submit(work, self._done, self._failed)

    @Slot()
    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _over(self) -> None:
        self._cancel = None
        self.button.setEnabled(self.available and self.can_start())
        self.cancel_button.setVisible(False)
        self.set_note(QCoreApplication.translate("SettingsPanel", DEMO_SIGN_IN_NOTE) if not self.available else "")

    def _done(self, result: object) -> None:
        self._over()
        tokens, web_api = cast(tuple, result)
        self.signed_in.emit(tokens, web_api)

    def _failed(self, exc: BaseException) -> None:
        self._over()
        if isinstance(exc, SignInCancelled):
            self.outcome.emit(QCoreApplication.translate("SettingsPanel", "The sign-in was cancelled."), True)
        elif isinstance(exc, SignInError):
            self.outcome.emit(error_text(exc), False)
        else:
            log.error("Sign-in failed unexpectedly", exc_info=(type(exc), exc, exc.__traceback__))
            self.outcome.emit(
                QCoreApplication.translate(
                    "SettingsPanel", "The sign-in failed unexpectedly ({kind}); the details are in the log file."
                ).format(kind=type(exc).__name__),
                False,
            )
