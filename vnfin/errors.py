"""Every exception vnfin raises, the same for every broker.

::

    VnfinError
    ├── ValidationError          bad input; raised before any request is sent
    ├── APIError                 the broker answered, and the answer is an error
    │   ├── BadRequest           HTTP 400 or a validation answer: the request was refused as sent
    │   ├── AuthError            401/403: key, signature, timestamp, nonce, token
    │   │   └── TwoFactorRequired    the 2FA / OTP session is missing, expired or revoked
    │   ├── NotFound             404
    │   ├── RateLimitError       429; ``retry_after`` seconds, when the broker says
    │   ├── OrderRejected        the broker refused an order; ``reason`` in plain language
    │   ├── ResponseError        the broker answered, but vnfin cannot read the payload
    │   └── ServerError          5xx
    ├── TransportError           no usable HTTP answer (connection refused, reset, …)
    │   └── RequestTimeout       the request timed out; for a write the outcome is unknown
    └── OrderStateUnknown        an order write may or may not have happened

Each broker maps its (HTTP status, error code) pairs onto these classes in one table, in its
own ``envelope`` module. Messages carry the method, path, HTTP status, the broker's error code,
its message and trace id, never a header, secret, signature or token.
"""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

__all__ = [
    "APIError",
    "AuthError",
    "BadRequest",
    "NotFound",
    "OrderRejected",
    "OrderStateUnknown",
    "RateLimitError",
    "RequestTimeout",
    "ResponseError",
    "ServerError",
    "TransportError",
    "TwoFactorRequired",
    "ValidationError",
    "VnfinError",
]


class VnfinError(Exception):
    """Base class of every vnfin exception."""


class ValidationError(VnfinError, ValueError):
    """Input that vnfin refuses before sending anything.

    ``argument`` names the offending argument when there is one.
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class Answer(TypedDict, total=False):
    """What an :class:`APIError` records of the broker's answer (all optional)."""

    status_code: int | None
    error_code: str | None
    trace_id: str | None
    method: str | None
    path: str | None


class APIError(VnfinError):
    """The broker refused or failed a request.

    Attributes: ``status_code`` (HTTP), ``error_code`` (the broker's code, a string),
    ``message`` (the broker's message), ``trace_id``, ``method`` and ``path``.
    """

    def __init__(self, message: str, **answer: Unpack[Answer]) -> None:
        self.message = message
        self.status_code = answer.get("status_code")
        self.error_code = answer.get("error_code")
        self.trace_id = answer.get("trace_id")
        self.method = answer.get("method")
        self.path = answer.get("path")
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = []
        if self.method and self.path:
            parts.append(f"{self.method} {self.path}")
        if self.status_code is not None:
            parts.append(f"HTTP {self.status_code}")
        if self.error_code is not None:
            parts.append(f"error_code={self.error_code}")
        head = " ".join(parts)
        text = f"{head}: {self.message}" if head else self.message
        if self.trace_id:
            text += f" (trace id {self.trace_id})"
        return text


class BadRequest(APIError):
    """The broker refused the request as sent (HTTP 400, or a validation answer)."""


class AuthError(APIError):
    """Authentication or authorisation failed (key, signature, timestamp, nonce, token)."""


class TwoFactorRequired(AuthError):
    """The 2FA / OTP session is missing, expired, invalid or revoked: run the OTP flow again."""


class NotFound(APIError):
    """The resource does not exist."""


class RateLimitError(APIError):
    """Too many requests; ``retry_after`` is the wait in seconds the server asked for."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, **answer: Unpack[Answer]
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, **answer)


class OrderRejected(APIError):
    """The broker (or the exchange behind it) refused an order.

    ``error_code`` is the broker's code and ``reason`` says why in plain language.
    """

    def __init__(self, message: str, *, reason: str | None = None, **answer: Unpack[Answer]):
        self.reason = reason or message
        super().__init__(message, **answer)


class ResponseError(APIError):
    """The broker answered, but the payload is not what its reference describes."""


class ServerError(APIError):
    """The broker failed (HTTP 5xx)."""


class TransportError(VnfinError):
    """No usable HTTP answer: connection refused or reset, protocol error.

    ``host`` is the host vnfin tried and ``attempts`` how many times it tried.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        host: str | None = None,
        attempts: int = 1,
    ):
        self.detail = message
        self.method = method
        self.path = path
        self.host = host
        self.attempts = attempts
        self.retryable = True
        super().__init__(message)

    def __str__(self) -> str:
        prefix = f"{self.method} {self.path}: " if self.method and self.path else ""
        where = f"{self.host}, " if self.host else ""
        tries = "1 attempt" if self.attempts == 1 else f"{self.attempts} attempts"
        return f"{prefix}{self.detail} ({where}{tries})"


class RequestTimeout(TransportError):
    """The request timed out. For an order write the order may or may not exist."""


class OrderStateUnknown(VnfinError):
    """An order write may or may not have reached the broker, and vnfin could not find out.

    Never resend blindly: look the order up in the order book first. ``known`` holds what
    vnfin does know (the request, the client order id, the last answer, …); ``method`` and
    ``path`` name the write.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        known: dict[str, Any] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.known = dict(known or {})
        prefix = f"{method} {path}: " if method and path else ""
        super().__init__(prefix + message)
