"""Issue 13 pt 4: one error base with `user_message`, one web-address check, one `utc_now`, shared by every layer."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from desktop_app.cli import UsageError, describe_known_error
from desktop_app.config import ConfigError
from desktop_app.connectors.errors import AuthenticationError, ConnectorError
from desktop_app.domain.checklist import RecipientFileError
from desktop_app.domain.model import utc_now
from desktop_app.errors import AppError
from desktop_app.paths import DataDirError
from desktop_app.secrets import KeyringUnavailable
from desktop_app.sending import SendError
from desktop_app.store import StoreError
from desktop_app.sync.lock import LockHeld, LockUnavailable
from desktop_app.urls import UrlProblem, check_http_url


@pytest.mark.parametrize(
    "error",
    [
        UsageError("Say which list."),
        ConfigError("The interval must be a number.", key="interval"),
        ConnectorError("SuperOffice answered HTTP 500.", system="superoffice", status=500),
        AuthenticationError(system="emarketeer"),
        RecipientFileError("The file holds no address."),
        DataDirError(Path("/nowhere"), "read-only"),
        KeyringUnavailable("No keyring is running."),
        SendError("Nothing to send."),
        StoreError("The history database is locked."),
        LockHeld(Path("/data/sync.lock"), "42"),
        LockUnavailable(Path("/data/sync.lock"), OSError(30, "Read-only file system")),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_family_derives_from_one_base_and_says_one_sentence(error):
    assert isinstance(error, AppError)
    assert error.user_message and str(error) == error.user_message
    sentence, code = describe_known_error(error)
    assert sentence.startswith(error.user_message.rstrip("."))
    assert code in (1, 2)


def test_the_builtin_bases_stay_for_callers_that_catch_them():
    assert isinstance(ConfigError("x"), ValueError)
    assert isinstance(DataDirError(Path("/x"), "y"), OSError)
    assert isinstance(KeyringUnavailable("x"), RuntimeError)
    assert isinstance(LockHeld(Path("/d/sync.lock"), ""), RuntimeError)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("https://online.superoffice.com/Cust1/api/", None),
        ("HTTP://crm.example.com:8080/SuperOffice/api", None),
        ("https://[::1", UrlProblem.INVALID),
        ("https://crm.example.com:99999/api", UrlProblem.INVALID),
        ("ftp://crm.example.com/api", UrlProblem.NOT_HTTP),
        ("crm.example.com/api", UrlProblem.NOT_HTTP),
        ("https:///api", UrlProblem.NOT_HTTP),
        ("https://user:secret@crm.example.com/api", UrlProblem.CREDENTIALS),
        ("https://crm.example.com/api?x=1", UrlProblem.QUERY),
        ("https://crm.example.com/api#top", UrlProblem.QUERY),
    ],
)
def test_one_check_of_a_web_address(address, problem):
    parts, found = check_http_url(address)
    assert found is problem
    if problem is None:
        assert parts.scheme in ("http", "https") and parts.hostname


def test_utc_now_is_aware_and_in_utc():
    assert utc_now().tzinfo is timezone.utc
