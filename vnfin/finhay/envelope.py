"""Finhay's response envelope → payload or typed error (reference §1.8–§1.9).

Success is HTTP 2xx **and** ``error_code == "0"``; an error envelope that arrives with HTTP 200
raises like any other. The skills schemas also show a ``{"status": 200, ...}`` envelope without
``error_code``; that one is accepted as success, anything else without a code is not.
The payload is ``result`` when present, else ``data``; answers that carry their fields at the
top level (the 2FA endpoints) return those fields.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from .._http import SANDBOX_HEADER, Call, Reply, api_error_from
from ..errors import (
    APIError,
    AuthError,
    NotFound,
    RateLimitError,
    ServerError,
    TwoFactorRequired,
)

ENVELOPE_KEYS = frozenset({"error_code", "message", "status", "traceId", "trace_id", "sandbox"})


def error_class(status: int, code: str | None) -> type[APIError]:
    """Which APIError subclass a (HTTP status, error_code) pair maps to."""
    code = code or ""
    if code.startswith("OTP_SESSION_"):
        return TwoFactorRequired
    if status == 429 or code in {"429", "RATE_LIMIT_EXCEEDED"}:
        return RateLimitError
    if status in (401, 403) or code in {"401", "403"} or code.startswith("AUTH_"):
        return AuthError
    if status == 404 or code == "404":
        return NotFound
    if status >= 500 or (code.isdigit() and code.startswith("5") and len(code) == 3):
        return ServerError
    return APIError


def retry_after(response: httpx.Response, *, now: float | None = None) -> float | None:
    """Seconds until ``X-RateLimit-Reset`` (epoch seconds; epoch ms and a delta also accepted)."""
    raw = response.headers.get("X-RateLimit-Reset")
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    now = time.time() if now is None else now
    if value > 1e11:  # epoch milliseconds
        value /= 1000.0
    if value > 1e9:  # epoch seconds
        return max(0.0, value - now)
    return max(0.0, value)  # already a number of seconds


def decode(response: httpx.Response, call: Call) -> Reply:
    """Turn one Finhay response into a :class:`Reply`, or raise the matching APIError."""
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        cls = error_class(status, None) if status >= 400 else ServerError
        raise _error(
            cls,
            f"unreadable response ({response.reason_phrase or 'no JSON object'})",
            response,
            call,
        )
    raw_code = body.get("error_code")
    code = None if raw_code is None else str(raw_code)
    message = str(body.get("message") or response.reason_phrase or "")
    trace_id = body.get("traceId") or body.get("trace_id")
    trace_id = str(trace_id) if trace_id is not None else None
    ok = 200 <= status < 300 and (code == "0" or (code is None and body.get("status") == 200))
    if not ok:
        if code is None and 200 <= status < 300:
            raise _error(ServerError, "response envelope has no error_code", response, call)
        raise _error(
            error_class(status, code),
            message or "request failed",
            response,
            call,
            code=code,
            trace_id=trace_id,
        )
    if "result" in body:
        payload = body["result"]
    elif "data" in body:
        payload = body["data"]
    else:
        payload = {k: v for k, v in body.items() if k not in ENVELOPE_KEYS}
    return Reply(
        payload=payload,
        status_code=status,
        simulated=SANDBOX_HEADER in response.headers,
        trace_id=trace_id,
    )


def _error(
    cls: type[APIError],
    message: str,
    response: httpx.Response,
    call: Call,
    *,
    code: str | None = None,
    trace_id: str | None = None,
) -> APIError:
    extra: dict[str, Any] = {}
    if cls is RateLimitError:
        extra["retry_after"] = retry_after(response)
    return api_error_from(
        cls, message, response=response, call=call, error_code=code, trace_id=trace_id, **extra
    )
