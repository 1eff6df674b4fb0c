"""Typed connector errors, each with one sentence a person can act on and never a secret.

Every error carries `.system` (the System enum, a str: "superoffice" / "emarketeer"), `.status`
(the HTTP status when there was one) and `.user_message` (what the window, the log and the
command line show). The engine stops a run on service-wide errors and puts a contact on the
error list for contact-level ones (NotFoundError, InvalidRequestError).
"""

from __future__ import annotations

import math

from ..domain.messages import Message
from ..domain.model import System
from ..errors import AppError


def _label(system: System | str | None) -> System | Message | str:
    """The system a sentence names: the System, "The service" when none is known, or the name as given."""
    if system is None:
        return Message.of("the_service")
    try:
        return System(system)
    except ValueError:
        return str(system)


class ConnectorError(AppError):
    """Base of every error a connector raises on purpose."""

    def __init__(
        self, message: Message | str, *, system: System | str | None = None, status: int | None = None
    ) -> None:
        self.system = System(system) if system in (System.SUPEROFFICE, System.EMARKETEER) else system
        self.status = status
        super().__init__(message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.user_message!r}, system={self.system!r}, status={self.status!r})"


class AuthenticationError(ConnectorError):
    """401: the credentials were refused (after one token refresh where that is possible)."""

    def __init__(
        self, message: Message | str | None = None, *, system: System | str | None = None, status: int | None = 401
    ):
        super().__init__(message or Message.of("http_401", system=_label(system)), system=system, status=status)


class ForbiddenError(ConnectorError):
    """403: signed in, but the user or key may not do this."""

    def __init__(
        self, message: Message | str | None = None, *, system: System | str | None = None, status: int | None = 403
    ):
        super().__init__(message or Message.of("http_403", system=_label(system)), system=system, status=status)


class NotFoundError(ConnectorError):
    """404: the address (or tenant) is wrong; where a missing person or contact is the meaning, the caller says so."""

    def __init__(
        self, message: Message | str | None = None, *, system: System | str | None = None, status: int | None = 404
    ):
        super().__init__(message or Message.of("http_404", system=_label(system)), system=system, status=status)


class InvalidRequestError(ConnectorError):
    """400/422: the service rejected what we sent; `vendor_message` is its own explanation."""

    def __init__(
        self,
        message: Message | str | None = None,
        *,
        system: System | str | None = None,
        status: int | None = 422,
        vendor_message: str | None = None,
    ) -> None:
        self.vendor_message = vendor_message
        if message is None:
            message = (
                Message.of("http_rejected_vendor", system=_label(system), status=status, vendor=vendor_message)
                if vendor_message
                else Message.of("http_rejected", system=_label(system), status=status)
            )
        super().__init__(message, system=system, status=status)


# The longest pause a vendor's Retry-After is taken at its word for (one day): a valid but absurd delay (RFC 9110 sets
# no upper bound: a proxy's 400 digits, 10**12 seconds) must still make one sentence and a time the scheduler can keep.
LONGEST_PAUSE = 86400.0


class ServiceUnavailableError(ConnectorError):
    """Still failing after every retry (429, 5xx, timeouts, resets, a body that is not JSON)."""


class PauseRequestedError(ServiceUnavailableError):
    """The service asked to be left alone for longer than we wait within a run (`Retry-After` beyond the
    retry cap): not retried. `.retry_after` is the wait in seconds from when the answer came."""

    def __init__(
        self,
        message: Message | str | None = None,
        *,
        system: System | str | None = None,
        status: int | None = None,
        retry_after: float = 0.0,
    ) -> None:
        wait = float(retry_after)
        self.retry_after = min(wait, LONGEST_PAUSE) if math.isfinite(wait) else LONGEST_PAUSE
        super().__init__(
            message or Message.of("retry_after", system=_label(system), seconds=round(self.retry_after)),
            system=system,
            status=status,
        )


class UnreachableError(ConnectorError):
    """The host cannot be reached at all (unknown name, connection refused); `.host` says which."""

    def __init__(self, message: Message | str, *, system: System | str | None = None, host: str | None = None) -> None:
        self.host = host
        super().__init__(message, system=system, status=None)


class ConfigurationError(ConnectorError):
    """The settings or the tenant cannot work: a bad URL, a missing purpose, legal basis or source."""


class UnexpectedResponseError(ConnectorError):
    """Valid JSON in a shape we cannot read at all (not a single row's problem: the whole answer)."""


class AnswerTooLargeError(UnexpectedResponseError):
    """An answer larger than any real one once unpacked (connectors.http.MAX_ANSWER_BYTES): an endless body, a broken
    proxy, a gzip bomb. Not read further and not retried: the same request would get the same answer."""


def missing_field(system: System, endpoint: str, field: str, what: str) -> UnexpectedResponseError:
    """An answer without the field the whole read needs: `what` names it in words (a message kind, e.g. "the_rows")."""
    return UnexpectedResponseError(
        Message.of("shape_no_field", system=system, endpoint=endpoint, field=field, what=Message.of(what)),
        system=system,
    )


class PagingError(UnexpectedResponseError):
    """A paged read whose server does not follow the paging (the same page again, a page other than the one
    asked for, more items than its own total): reading on could go on for ever, so the read stops (issue 9)."""

    def __init__(self, endpoint: str, what: Message, *, system: System | str | None = None) -> None:
        self.endpoint = endpoint
        super().__init__(Message.of("paging", system=_label(system), endpoint=endpoint, what=what), system=system)


class AmbiguousWriteError(ConnectorError):
    """A non-idempotent write may or may not have landed; it was not resent.

    The caller re-reads the target and looks for its own token in the newest record.
    """


class CancelledError(ConnectorError):
    """The caller asked to stop; raised between retries and pages, never in the middle of a write."""

    def __init__(self, message: str | None = None, *, system: System | str | None = None) -> None:
        super().__init__(message or Message.of("cancelled_user"), system=system)


__all__ = [
    "AmbiguousWriteError",
    "AnswerTooLargeError",
    "AuthenticationError",
    "CancelledError",
    "ConfigurationError",
    "ConnectorError",
    "ForbiddenError",
    "InvalidRequestError",
    "NotFoundError",
    "PagingError",
    "PauseRequestedError",
    "missing_field",
    "ServiceUnavailableError",
    "UnexpectedResponseError",
    "UnreachableError",
]


class WrongHostError(ConnectorError):
    """421: SuperOffice Online answered from a host that no longer serves this tenant.

    The SuperOffice connector catches it, looks the tenant up again and retries once; it only
    reaches a caller when that did not help.
    """

    def __init__(
        self, message: Message | str | None = None, *, system: System | str | None = None, status: int | None = 421
    ):
        super().__init__(message or Message.of("http_421", system=_label(system)), system=system, status=status)


__all__ += ["WrongHostError"]
