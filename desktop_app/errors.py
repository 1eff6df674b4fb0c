"""The one base of every error a person can act on: the keyring's, the settings', the data directory's, the run
lock's, the connectors', the store's and sending's families all derive from `AppError`."""

from __future__ import annotations


class AppError(Exception):
    """An error told to a person: `user_message` is one sentence that never holds a secret (R19). The command line
    prints it and the window shows it (`domain.messages.error_text`); anything else raised is a bug."""

    def __init__(self, user_message) -> None:  # a str, or a domain.messages.Message (typed: the window words it)
        said = None if isinstance(user_message, str) else user_message
        text = user_message if said is None else said.english()
        super().__init__(text)
        self.user_message: str = text  # English: the command line, the log
        self.said = said  # the same, typed, or None where the sentence is not typed yet
