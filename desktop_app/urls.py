"""One check of a web address for every place that takes one (settings, both connectors, the sign-in): http or https,
a host, a valid port, no user name or password, no query or fragment. Each caller words its own sentence."""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import SplitResult, urlsplit


class UrlProblem(StrEnum):
    """What is wrong with an address, the first found in this order."""

    INVALID = "invalid"  # urlsplit or its port refused it
    NOT_HTTP = "not http"  # not http:// or https://, or no host
    CREDENTIALS = "credentials"  # a user name or password inside the address: a secret that belongs in the keyring
    QUERY = "query"  # a ? or # part


def check_http_url(value: str) -> tuple[SplitResult, UrlProblem | None]:
    """(the address's parts, None) when `value` is a usable http(s) address; else (its parts, empty when it could not
    be split, and the first problem). urlsplit lower-cases the scheme."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return urlsplit(""), UrlProblem.INVALID
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return parts, UrlProblem.NOT_HTTP
    if parts.username is not None or parts.password is not None:
        return parts, UrlProblem.CREDENTIALS
    if parts.query or parts.fragment:
        return parts, UrlProblem.QUERY
    return parts, None
