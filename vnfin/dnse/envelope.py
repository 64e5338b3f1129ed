"""DNSE LightSpeed's answers → the payload, or the typed error (reference §4.4, §4.6, §4.7).

LightSpeed has no success envelope: a 2xx answer's JSON is the payload itself (``{token}``,
``{orders: [...]}``, an order object …; an empty body is None). An error is the HTTP status
with ``{status, code, message}`` (``{"status":404,"code":"RESOURCE_NOT_FOUND",
"message":"404 NOT_FOUND"}``) or only ``{message}`` (``{"message":"Invalid signature"}``).
:data:`ERRORS` maps them onto vnfin's classes:

* an order reject code (:data:`~vnfin.dnse.vocab.REJECT_CODES`) → :class:`OrderRejected`,
  its ``reason`` in plain words;
* 429 → :class:`RateLimitError` (``Retry-After`` honoured);
* 401 on a state-changing call, and 400 or 401 on the trading-token request →
  :class:`TwoFactorRequired`: the trading token (or the OTP) was refused, and writes are
  never retried; 401 on a read, and 403 → :class:`AuthError` (a read is tried once more
  after logging in again);
* 404 → :class:`NotFound`; 5xx → :class:`ServerError`; 400 → :class:`BadRequest`, except
  that any refusal of an order write that maps to nothing more specific is an
  :class:`OrderRejected`.

An order that comes back with a reject code in its ``error`` field is turned into the same
:class:`OrderRejected` by :func:`rejection`.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    ServerError,
    TwoFactorRequired,
)
from .routes import is_trading_token
from .trading_routes import CONDITIONAL
from .vocab import REJECT_CODES

ERRORS: tuple[ErrorRule, ...] = (
    ErrorRule(OrderRejected, codes=tuple(REJECT_CODES)),
    ErrorRule(RateLimitError, statuses=(429,)),
    ErrorRule(AuthError, statuses=(401, 403)),
    ErrorRule(NotFound, statuses=(404,)),
    ErrorRule(ServerError, statuses=tuple(range(500, 600))),
    ErrorRule(BadRequest, statuses=(400,)),
)

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ORDER_PATHS = ("/v2/orders", "/derivative/orders", CONDITIONAL)


def is_write(call: Call) -> bool:
    """A state-changing call: it carries ``Trading-Token`` (the trading-token request itself
    carries the OTP instead)."""
    return call.authenticated and call.method in WRITES


def is_order_write(call: Call) -> bool:
    """Placing or cancelling an order (stock, derivative or conditional)."""
    return is_write(call) and any(p in call.path for p in _ORDER_PATHS)


def error_class(status: int, code: str | None, call: Call) -> type[APIError]:
    """Which APIError subclass an error answer maps to (see the module docstring)."""
    cls = classify(ERRORS, status, code)
    if status == 401 and is_write(call):
        return TwoFactorRequired
    if status in (400, 401) and is_trading_token(call.path):
        return TwoFactorRequired  # the OTP was refused
    if is_order_write(call) and cls in (APIError, BadRequest):
        return OrderRejected
    return cls


def meaning(code: str | None) -> str | None:
    """What an order reject code means, in plain words (None for another code)."""
    return REJECT_CODES.get(code or "")


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def decode(response: httpx.Response, call: Call) -> Any:
    """The payload of one LightSpeed answer, or the matching APIError raised."""
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None if not response.content.strip() else response.text
    if status < 300:
        return body
    fields: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
    code = _text(fields.get("code")) or _text(fields.get("error"))
    message = _text(fields.get("message")) or response.reason_phrase or "request failed"
    cls = error_class(status, code, call)
    if cls is TwoFactorRequired:
        message = f"{message}: {HINT}"
    error = api_error(
        cls,
        message,
        response=response,
        call=call,
        error_code=code,
        # the standard Retry-After: DNSE documents no other
        retry_after=retry_after_header(response) if cls is RateLimitError else None,
    )
    if isinstance(error, OrderRejected):
        error.reason = _reason(code, message)
    raise error


HINT = (
    "the trading token (or the OTP) was refused: call dnse.auth.trading_token(code) again "
    "(for an e-mailed code, dnse.auth.request_email_otp() first)"
)


def _reason(code: str | None, message: str) -> str:
    known = meaning(code)
    if known is None:
        return message
    return f"{known} ({code}): {message}" if message and message != code else f"{known} ({code})"


def rejection(order: Mapping[str, Any], call: Call | None = None) -> OrderRejected | None:
    """The :class:`OrderRejected` for an order object DNSE returned rejected — a reject code
    in ``error``, or ``orderStatus`` rejected — else None."""
    code = _text(order.get("error"))
    status = str(order.get("orderStatus") or "").strip().lower()
    if meaning(code) is None and status != "rejected":
        return None
    oid = order.get("id")
    what = f"order {oid}" if oid is not None else "the order"
    reason = _reason(code, "") if meaning(code) else f"rejected ({code or 'no reason given'})"
    return OrderRejected(
        f"{what} was rejected: {reason}",
        reason=reason,
        error_code=code,
        method=None if call is None else call.method,
        path=None if call is None else call.target,
    )
