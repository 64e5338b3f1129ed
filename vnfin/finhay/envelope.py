"""Finhay's response envelope → payload, or the typed error (reference §1.8–§1.9).

Success is HTTP 2xx **and** ``error_code == "0"``; an error envelope that arrives with HTTP 200
raises like any other. The skills schemas also show a ``{"status": 200, ...}`` envelope without
``error_code``; that one is accepted as success. Without an ``error_code``, a ``status`` other
than 200 in the body is the real status (``{"status": 400, ...}`` is a validation answer); a
``result`` or ``data`` with a null ``error_code`` is a success (order replies declare the code
nullable), and so are the 2FA answers, which carry their fields at the top level (§1.7);
anything else without a code cannot be read. The payload is ``result`` when present, else
``data``; answers that carry their fields at the top level (the 2FA endpoints) return those.

Finhay's codes, as :data:`ERRORS` maps them: ``OTP_SESSION_*`` (2FA session missing,
expired, invalid, revoked) → :class:`TwoFactorRequired`; 429, ``RATE_LIMIT_EXCEEDED``,
``OTP_RATE_LIMIT_EXCEEDED`` → :class:`RateLimitError` (``retry_after`` from
``X-RateLimit-Reset``); 401/403 and ``AUTH_*`` (``AUTH_NONCE_REUSED``,
``AUTH_SIGNATURE_INVALID`` …) → :class:`AuthError`; 404 → :class:`NotFound`; 5xx →
:class:`ServerError`; 400 and ``OTP_INVALID``/``OTP_LOCKED`` → :class:`BadRequest`. An error
answer to an order write (``/trading/oa/``) that is none of these is an
:class:`OrderRejected`.
"""

from __future__ import annotations

import math
import time
from typing import Any

import httpx

from .._call import Call, ErrorRule, api_error, classify, retry_after_header
from ..errors import (
    APIError,
    AuthError,
    BadRequest,
    NotFound,
    OrderRejected,
    RateLimitError,
    ResponseError,
    ServerError,
    TwoFactorRequired,
)
from .auth import needs_2fa

TWO_FA_PREFIX = "/auth/v1/openapi/2fa/"
OTP_HINT = "get today's session with fh.orders.request_otp(), then fh.orders.verify_otp(code)"
ENVELOPE_KEYS = frozenset(
    {"error_code", "message", "status", "traceId", "trace_id", "sandbox", "popup_message", "title"}
)

ERRORS: tuple[ErrorRule, ...] = (
    ErrorRule(TwoFactorRequired, codes=("OTP_SESSION_*",)),
    ErrorRule(RateLimitError, statuses=(429,)),
    ErrorRule(RateLimitError, codes=("429", "RATE_LIMIT_EXCEEDED", "OTP_RATE_LIMIT_EXCEEDED")),
    ErrorRule(AuthError, statuses=(401, 403)),
    ErrorRule(AuthError, codes=("401", "403", "AUTH_*")),
    ErrorRule(NotFound, statuses=(404,)),
    ErrorRule(NotFound, codes=("404",)),
    ErrorRule(ServerError, statuses=tuple(range(500, 600))),
    ErrorRule(ServerError, codes=("5[0-9][0-9]",)),
    ErrorRule(BadRequest, statuses=(400,)),
    ErrorRule(BadRequest, codes=("400", "OTP_INVALID", "OTP_LOCKED")),
)


def error_class(status: int, code: str | None, call: Call | None = None) -> type[APIError]:
    """Which APIError subclass a (HTTP status, error_code) pair maps to (see :data:`ERRORS`)."""
    cls = classify(ERRORS, status, code)
    is_order = call is not None and needs_2fa(call.method, call.path)
    if is_order and cls in (APIError, BadRequest):
        return OrderRejected
    return cls


def retry_after(response: httpx.Response, *, now: float | None = None) -> float | None:
    """Seconds to wait before asking again: the standard ``Retry-After`` (seconds or an HTTP
    date) where the server sends one, else Finhay's ``X-RateLimit-Reset`` (epoch seconds;
    epoch ms and a delta also accepted)."""
    now = time.time() if now is None else now
    standard = retry_after_header(response, now=now)
    if standard is not None:
        return standard  # (absent or unreadable: Finhay's own header)
    raw = response.headers.get("X-RateLimit-Reset")
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if value > 1e11:  # epoch milliseconds
        value /= 1000.0
    if value > 1e9:  # epoch seconds
        return max(0.0, value - now)
    return max(0.0, value)  # already a number of seconds


def decode(response: httpx.Response, call: Call) -> Any:
    """The payload of one Finhay response, or the matching APIError raised."""
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        cls = error_class(status, None, call) if status >= 300 else ResponseError
        reason = response.reason_phrase or "no JSON object"
        raise _error(cls, f"unreadable response ({reason})", response, call)
    raw_code = body.get("error_code")
    code = None if raw_code is None else str(raw_code)
    message = str(body.get("message") or response.reason_phrase or "")
    trace = body.get("traceId") or body.get("trace_id")
    trace_id = None if trace is None else str(trace)
    in_body = body.get("status")
    if 200 <= status < 300 and code is None and isinstance(in_body, int):
        if in_body == 200:
            return _payload(body)
        status = in_body  # a validation answer sent with HTTP 200
    if 200 <= status < 300 and code == "0":
        return _payload(body)
    if code is None and 200 <= status < 300:
        # Order replies declare error_code nullable: a result with a null code is a success
        # (raising here would invite a second submission). The 2FA answers carry their
        # fields at the top level with no envelope at all (§1.7).
        if "result" in body or "data" in body or call.path.startswith(TWO_FA_PREFIX):
            return _payload(body)
        raise _error(ResponseError, "response envelope has no error_code", response, call)
    cls = error_class(status, code, call)
    if cls is TwoFactorRequired:
        message = f"{message or '2FA session needed'}: {OTP_HINT}"
    raise _error(
        cls,
        message or "request failed",
        response,
        call,
        code=code,
        trace_id=trace_id,
        status=status,
    )


def _payload(body: dict[str, Any]) -> Any:
    if "result" in body:
        return body["result"]
    if "data" in body:
        return body["data"]
    return {k: v for k, v in body.items() if k not in ENVELOPE_KEYS}


def _error(
    cls: type[APIError],
    message: str,
    response: httpx.Response,
    call: Call,
    *,
    code: str | None = None,
    trace_id: str | None = None,
    status: int | None = None,
) -> APIError:
    return api_error(
        cls,
        message,
        response=response,
        call=call,
        error_code=code,
        trace_id=trace_id,
        retry_after=retry_after(response) if cls is RateLimitError else None,
        status_code=status,
    )
