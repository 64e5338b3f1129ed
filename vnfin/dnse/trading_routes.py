"""DNSE LightSpeed's state-changing requests and the conditional-order reads, as pure functions:
checked inputs in, :class:`~vnfin._call.Call` out, no I/O (reference §4.4–§4.6).

Writes (POST, DELETE, PATCH) send one compact JSON body, serialised once here. They carry the
``Trading-Token`` header, which the signer (:class:`vnfin.dnse.auth.DNSEAuth`) adds: it is
never in a :class:`~vnfin._call.Call`. Prices are whole VND for stocks and index points for
derivatives; an order type without a price (MP, ATO, ATC …) sends ``price: 0``.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .._call import Call, dumps
from ..errors import ValidationError
from ..orders import Side
from . import vocab
from .routes import Layout, Param, _orders_path, account_id, get, order_id, target

CONDITIONAL = "/conditional-order-api/v1/orders"
_CONDITIONAL_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def side_code(side: Side | str) -> str:
    """``NB`` (buy) or ``NS`` (sell), as LightSpeed writes a side."""
    return vocab.SIDES[Side.parse(side).value]


def number(value: float | int | None) -> int | float:
    """A price as sent: 0 without one; whole numbers without a fraction."""
    if value is None:
        return 0
    return int(value) if float(value).is_integer() else float(value)


def place(
    layout: Layout,
    account: str,
    symbol: str,
    side: Side | str,
    order_type: str,
    price: float | int | None,
    quantity: int,
    loan_package: int | str,
    *,
    derivative: bool = False,
) -> Call:
    """``POST .../order-service/v2/orders`` (``derivative/orders``) with ``{symbol, side,
    orderType, price, quantity, loanPackageId, accountNo}`` (§4.4)."""
    body = {
        "symbol": symbol,
        "side": side_code(side),
        "orderType": order_type,
        "price": number(price if order_type == "LO" else None),
        "quantity": quantity,
        "loanPackageId": loan_package,
        "accountNo": account_id(account),
    }
    return Call("POST", _orders_path(layout, derivative), dumps(body))


def cancel(layout: Layout, account: Any, order: Any, *, derivative: bool = False) -> Call:
    """``DELETE .../v2/orders/{id}?accountNo=`` (``derivative/orders/{id}``); returns the
    order."""
    acc, oid = account_id(account), order_id(order)
    path = f"{_orders_path(layout, derivative)}/{oid}"
    return Call("DELETE", target(path, [("accountNo", acc)]))


# -- conditional orders (§4.6) -----------------------------------------------------------------


def conditional_id(value: Any) -> str:
    """A conditional order's id, as DNSE issues it (``'csc7iqa45sbpqutqm81g'``)."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _CONDITIONAL_ID.match(text):
        raise ValidationError(
            f"conditional order id must be the id place_conditional returned, got {value!r}",
            argument="order_id",
        )
    return text


def expire_time(when: pd.Timestamp) -> str:
    """An instant as the conditional-order API writes it: ISO 8601 in UTC, milliseconds."""
    utc = when.tz_convert("UTC")
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def place_conditional(
    account: str,
    symbol: str,
    side: Side | str,
    quantity: int,
    price: float | int | None,
    order_type: str,
    loan_package: int | str,
    condition: str,
    stop_price: float | int,
    market: str,
    expires: pd.Timestamp,
) -> Call:
    """``POST /conditional-order-api/v1/orders``: a STOP order sent as ``targetOrder`` when
    ``price {condition} {stop_price}``, good till ``expires`` (GTD)."""
    stop = number(stop_price)
    body = {
        "condition": f"price {condition} {stop}",
        "targetOrder": {
            "quantity": quantity,
            "side": side_code(side),
            "price": number(price if order_type == "LO" else None),
            "loanPackageId": loan_package,
            "orderType": order_type,
        },
        "symbol": symbol,
        "props": {"stopPrice": stop, "marketId": market},
        "accountNo": account_id(account),
        "category": "STOP",
        "timeInForce": {"expireTime": expire_time(expires), "kind": "GTD"},
    }
    return Call("POST", CONDITIONAL, dumps(body))


def conditional_orders(
    account: str,
    *,
    page: int | None = None,
    start: str | None = None,
    end: str | None = None,
    status: str | None = None,
    symbol: str | None = None,
    market: str | None = None,
    daily: bool | None = None,
) -> Call:
    """``GET /conditional-order-api/v1/orders?accountNo=&daily=&from=&to=&page=&size=&status=
    &symbol=&marketId=`` (dates ``yyyy-MM-dd``) → a page ``{content, page, size,
    totalPages …}``."""
    acc = account_id(account)
    params: list[Param] = [
        ("accountNo", acc),
        ("daily", daily),
        ("from", start),
        ("to", end),
        ("page", page),
        ("size", vocab.CONDITIONAL_PAGE_SIZE),
        ("status", status),
        ("symbol", symbol),
        ("marketId", market),
    ]
    return get(CONDITIONAL, params, account=acc)


def conditional_order(order: Any) -> Call:
    """``GET /conditional-order-api/v1/orders/{id}``."""
    oid = conditional_id(order)
    return get(f"{CONDITIONAL}/{oid}", order_id=oid)


def cancel_conditional(order: Any) -> Call:
    """``PATCH /conditional-order-api/v1/orders/{id}/cancel``."""
    return Call("PATCH", f"{CONDITIONAL}/{conditional_id(order)}/cancel")
