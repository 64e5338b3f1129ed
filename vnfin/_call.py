"""What one request and one answer are, for every broker, and how an error answer becomes
an exception.

A :class:`Call` is built by a broker's pure ``routes`` functions and sent by a
:class:`~vnfin._http.Session`; the broker's decoder turns the response into a payload, which
the session wraps in a :class:`Reply`, or raises the class its :class:`ErrorRule` table names.
"""

from __future__ import annotations

import fnmatch
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from .errors import Answer, APIError, RateLimitError, ValidationError


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON, serialised once: these exact bytes are hashed, signed and sent.

    NaN and infinities are refused (they are not JSON), as is anything JSON cannot hold.
    """
    try:
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"json body cannot be sent as JSON: {exc}", argument="json") from None
    return text.encode("utf-8")


@dataclass(frozen=True)
class Call:
    """A pure description of one request: what goes on the wire, not how.

    ``target`` is the path and query exactly as sent (each broker's routes build it with that
    broker's query encoding); ``body`` the exact bytes. ``authenticated=False`` sends the call
    without the session's signer and token (token and login endpoints). ``inputs`` holds the
    checked arguments the call was built from (stamped into ``df.attrs``); it is not sent.
    """

    method: str
    target: str
    body: bytes | None = None
    authenticated: bool = True
    inputs: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def retryable(self) -> bool:
        """Only reads are retried; a write is sent at most once."""
        return self.method == "GET"


@dataclass(frozen=True)
class Reply:
    """A decoded answer: the payload and what vnfin keeps of the response."""

    payload: Any
    status_code: int
    simulated: bool


#: A broker's decoder: the payload of a response to a call, or the broker's typed APIError.
Decoder = Callable[[httpx.Response, Call], Any]


@dataclass(frozen=True)
class ErrorRule:
    """One row of a broker's error table: which (HTTP status, error code) is which class.

    ``statuses`` empty means any status; ``codes`` empty means any code, and a code ending in
    ``*`` is a prefix. The first matching row of a table wins.
    """

    cls: type[APIError]
    statuses: tuple[int, ...] = ()
    codes: tuple[str, ...] = ()

    def matches(self, status: int, code: str) -> bool:
        if self.statuses and status not in self.statuses:
            return False
        return not self.codes or any(fnmatch.fnmatchcase(code, c) for c in self.codes)


def classify(
    table: Sequence[ErrorRule], status: int, code: str | None, default: type[APIError] = APIError
) -> type[APIError]:
    """The exception class for an error answer, from a broker's table (first match wins)."""
    for rule in table:
        if rule.matches(status, code or ""):
            return rule.cls
    return default


def retry_after_header(response: httpx.Response, *, now: float | None = None) -> float | None:
    """Seconds to wait from the standard ``Retry-After`` header (seconds or an HTTP date);
    None when it is absent or unreadable."""
    text = response.headers.get("Retry-After", "").strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def api_error(
    cls: type[APIError],
    message: str,
    *,
    response: httpx.Response,
    call: Call,
    error_code: str | None = None,
    trace_id: str | None = None,
    retry_after: float | None = None,
    status_code: int | None = None,
) -> APIError:
    """An APIError of class ``cls`` for ``response`` to ``call`` (method and target, no headers).

    ``status_code`` overrides the HTTP status where the body states the real one.
    """
    answer: Answer = {
        "status_code": response.status_code if status_code is None else status_code,
        "error_code": error_code,
        "trace_id": trace_id,
        "method": call.method,
        "path": call.target,
    }
    if issubclass(cls, RateLimitError):
        return cls(message, retry_after=retry_after, **answer)
    return cls(message, **answer)
