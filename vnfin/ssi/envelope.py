"""SSI's response envelope → the decoded body, or the typed error (reference §1.3, §1.10,
§2.2, §7.6, §7.10).

Every answer is ``{"message", "status", "data"}`` with ``status`` an integer **in the body**:
200 is success, anything else an error whatever the HTTP status (and an HTTP error is an
error whatever the body says). FCData's older dialect says ``status: "SUCCESS"`` and puts its
rows in ``dataList``; that is a success too. The decoder returns the whole body (the parsers
read ``data``/``dataList`` and ``totalRecord`` from it).

SSI's error code, when it gives one, is read from ``errorCode`` (or ``code``) in ``data`` or
at the top level, else from an ``ORD…``/``ERR…`` code quoted in the message. :data:`ERRORS`
maps (status, code) onto vnfin's classes: ``ORD…`` codes → :class:`OrderRejected`, with the
reference's meaning (:data:`ORDER_CODES`) as ``reason``; ``ERR001``/``ERR002`` and 401/403 →
:class:`AuthError`; 429 → :class:`RateLimitError`; 404 and 204 ("no such client") →
:class:`NotFound`; 5xx → :class:`ServerError`; 400 → :class:`BadRequest`. Any other refusal
of an order write is an :class:`OrderRejected` too.
"""

from __future__ import annotations

import re
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
)

#: What SSI's order codes mean (reference §1.10, spec §7).
ORDER_CODES: dict[str, str] = {
    "ORD001": "symbol not found",
    "ORD002": "price below the floor",
    "ORD003": "price above the ceiling",
    "ORD004": "price is not on the tick size",
    "ORD005": "quantity is not a valid lot",
    "ORD006": "invalid parameters",
    "ORD007": "quantity exceeds the allowance",
    "ORD008": "total quantity exceeds the limit, or not enough purchasing power",
    "ORD009": "an order on the opposite side exists",
    "ORD010": "invalid order type",
    "ORD011": "orders cannot be amended in this session",
    "ORD012": "the order cannot be modified",
    "ORD013": "the order is null",
    "ORD014": "price and quantity unchanged",
    "ORD015": "the channel is blocked",
    "ORD016": "this order type is not allowed in the current session",
    "ORD017": "the stock is suspended",
    "ORD018": "odd lots are not allowed",
    "ORD023": "duplicated price",
    "ORD025": "the account is not opened",
    "ORD026": "the client's status does not allow it",
    "ORD027": "the client cannot execute this",
    "ORD031": "the reduced quantity is more than the outstanding quantity",
    "ORD034": "exceeds the foreign room",
    "ORD036": "not enough current room",
    "ORD037": "exceeds the stock room",
    "ORD038": "out of margin room",
    "ORD039": "DR above BFDL and insufficient room",
    "ORD040": "not enough balance",
    "ERR001": "invalid login",
    "ERR002": "duplicate login session",
}

ERRORS: tuple[ErrorRule, ...] = (
    ErrorRule(OrderRejected, codes=("ORD*",)),
    ErrorRule(AuthError, codes=("ERR001", "ERR002")),
    ErrorRule(RateLimitError, statuses=(429,)),
    ErrorRule(AuthError, statuses=(401, 403)),
    ErrorRule(NotFound, statuses=(204, 404)),
    ErrorRule(ServerError, statuses=tuple(range(500, 600))),
    ErrorRule(ServerError, codes=("ERR5[0-9][0-9]",)),
    ErrorRule(BadRequest, statuses=(400,)),
)

#: The order writes: a refusal of one that maps to nothing more specific is an OrderRejected.
ORDER_WRITES = frozenset(
    f"/api/v2/trading/{name}"
    for name in (
        "neworder",
        "modifyorder",
        "cancelorder",
        "derneworder",
        "dermodifyorder",
        "dercancelorder",
    )
)
_SUCCESS_WORDS = frozenset({"SUCCESS", "OK"})
_CODE_IN_TEXT = re.compile(r"\b(ORD\d{3}|ERR\d{3})\b")


def is_order_write(call: Call) -> bool:
    return call.method == "POST" and call.path.lower() in ORDER_WRITES


def body_status(value: Any) -> int | None:
    """The envelope's ``status`` as an integer (``"SUCCESS"`` → 200), None when absent."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        word = value.strip()
        if word.upper() in _SUCCESS_WORDS:
            return 200
        if word.isdigit():
            return int(word)
        return 400  # a word that is not success ("FAIL", "ERROR")
    return None


def _field(obj: Any, *names: str) -> Any:
    if not isinstance(obj, dict):
        return None
    lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, ""):
            return value
    return None


def error_code(body: dict[str, Any], message: str) -> str | None:
    """SSI's code for an error answer: ``errorCode``/``code`` in ``data`` or at the top,
    else an ``ORD…``/``ERR…`` quoted in the message."""
    for where in (body.get("data"), body):
        code = _field(where, "errorCode", "code")
        if isinstance(code, str | int) and not isinstance(code, bool):
            return str(code)
    found = _CODE_IN_TEXT.search(message)
    return found.group(1) if found else None


def error_class(status: int, code: str | None, call: Call | None = None) -> type[APIError]:
    """Which APIError subclass an error answer maps to (see :data:`ERRORS`)."""
    cls = classify(ERRORS, status, code)
    if call is not None and is_order_write(call) and cls in (APIError, BadRequest):
        return OrderRejected
    return cls


def decode(response: httpx.Response, call: Call) -> dict[str, Any]:
    """The body of one SSI answer, or the matching APIError raised."""
    http = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        cls = error_class(http, None, call) if http >= 300 else ResponseError
        raise _error(
            cls, f"unreadable response ({response.reason_phrase or 'no JSON'})", response, call
        )
    message = str(_field(body, "message") or response.reason_phrase or "")
    status = body_status(_field(body, "status"))
    if status == 200 and http < 300:
        return body
    if status is None and http < 300:
        raise _error(ResponseError, "response envelope has no status", response, call)
    if status is None or status == 200:
        status = http  # an HTTP error whose body does not say otherwise
    code = error_code(body, message)
    cls = error_class(status, code, call)
    raise _error(cls, message or "request failed", response, call, code=code, status=status)


def _error(
    cls: type[APIError],
    message: str,
    response: httpx.Response,
    call: Call,
    *,
    code: str | None = None,
    status: int | None = None,
) -> APIError:
    error = api_error(
        cls,
        message,
        response=response,
        call=call,
        error_code=code,
        # the standard Retry-After: SSI documents no other
        retry_after=retry_after_header(response) if cls is RateLimitError else None,
        status_code=status,
    )
    if isinstance(error, OrderRejected) and code in ORDER_CODES:
        error.reason = f"{ORDER_CODES[code]} ({code}): {message}"
    return error
