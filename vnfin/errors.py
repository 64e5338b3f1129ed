"""Every exception vnfin raises.

::

    VnfinError
    ├── ValidationError          bad input; raised before any request is sent
    ├── APIError                 the broker answered with an error envelope or status
    │   ├── AuthError            401/403: key, signature, timestamp, nonce (AUTH_NONCE_REUSED)
    │   │   └── TwoFactorRequired    403 OTP_SESSION_*: run the 2FA flow again
    │   ├── RateLimitError       429; ``retry_after`` seconds from X-RateLimit-Reset
    │   ├── NotFound             404
    │   └── ServerError          5xx
    └── TransportError           no usable HTTP answer (connection refused, reset, …)
        └── RequestTimeout       the request timed out; for writes the outcome is unknown

Messages carry the method, path, HTTP status, the broker's ``error_code``, its message and
trace id, never a header, secret, signature or token.
"""

from __future__ import annotations

__all__ = [
    "APIError",
    "AuthError",
    "NotFound",
    "RateLimitError",
    "RequestTimeout",
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


class APIError(VnfinError):
    """The broker refused or failed a request.

    Attributes: ``status_code`` (HTTP), ``error_code`` (the broker's code, a string),
    ``message`` (the broker's message), ``trace_id``, ``method`` and ``path``.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        error_code: str | None = None,
        trace_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.error_code = error_code
        self.trace_id = trace_id
        self.method = method
        self.path = path
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


class AuthError(APIError):
    """Authentication or authorisation failed (bad key, signature, timestamp or nonce)."""


class TwoFactorRequired(AuthError):
    """The daily 2FA session is missing, expired, invalid or revoked (``OTP_SESSION_*``)."""


class RateLimitError(APIError):
    """Too many requests; ``retry_after`` is the wait in seconds the server asked for."""

    retry_after: float | None

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)  # type: ignore[arg-type]


class NotFound(APIError):
    """The resource does not exist."""


class ServerError(APIError):
    """The broker failed (HTTP 5xx or an unreadable answer)."""


class TransportError(VnfinError):
    """No usable HTTP answer: connection refused or reset, protocol error."""

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None):
        self.method = method
        self.path = path
        prefix = f"{method} {path}: " if method and path else ""
        super().__init__(prefix + message)


class RequestTimeout(TransportError):
    """The request timed out. For an order write the order may or may not exist."""
