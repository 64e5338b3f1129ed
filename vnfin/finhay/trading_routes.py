"""Every Finhay request about the user's own account and orders (Tier 2), as pure functions.

Like :mod:`vnfin.finhay.routes`: checked inputs in, :class:`~vnfin._call.Call` out, no I/O.
Account ids follow reference §1.10: paths take a sub-account's short ``id``
(``0001234567``), order bodies its extended ``sub_account_ext`` (``120C001234.4``). Every
path parameter is percent-encoded as one segment.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import _inputs
from .._call import Call, dumps
from ..errors import ValidationError
from ..orders import OrderRequest, OrderType
from .routes import Param, get, segment

TWO_FA = "/auth/v1/openapi/2fa"

#: The ``market_price`` word Finhay takes for each order type that carries no price (§2.13).
MARKET_PRICES = {t.value: t.value for t in OrderType if not t.has_price}


def _id(value: Any, argument: str) -> str:
    """An account or order id: printable ASCII without spaces or slashes."""
    text = value if isinstance(value, str) else str(value) if isinstance(value, int) else None
    if not text or not text.isascii() or not text.isprintable() or any(c in text for c in " /?#"):
        raise ValidationError(
            f"{argument} must be an id such as '0001234567', got {value!r}", argument=argument
        )
    return text


# -- bootstrap and account data (§1.10, §2.1, §2.9, §2.10) -----------------------------------


def me() -> Call:
    """``GET /users/v1/users/me``."""
    return get("/users/v1/users/me")


def sub_accounts(user_id: int) -> Call:
    """``GET /users/v1/users/{userId}/sub-accounts``."""
    return get(f"/users/v1/users/{_inputs.integer(user_id, 'user_id', 1)}/sub-accounts")


def assets(user_id: int) -> Call:
    """``GET /users/v3/users/{userId}/assets/summary?cache-control=NOCACHE``."""
    uid = _inputs.integer(user_id, "user_id", 1)
    return get(f"/users/v3/users/{uid}/assets/summary", [("cache-control", "NOCACHE")])


def summary(account: str) -> Call:
    """``GET /trading/accounts/{subAccountId}/summary``."""
    acc = _id(account, "sub_account")
    return get(f"/trading/accounts/{segment(acc)}/summary", sub_account=acc)


def portfolio(account: str) -> Call:
    """``GET /trading/v2/sub-accounts/{subAccountId}/portfolio?cache-control=NOCACHE``."""
    acc = _id(account, "sub_account")
    path = f"/trading/v2/sub-accounts/{segment(acc)}/portfolio"
    return get(path, [("cache-control", "NOCACHE")], sub_account=acc)


def pnl_today(user_id: int, account: str | None) -> Call:
    """``GET /trading/pnl-today/{userId}?sub-account-id=`` (``ALL`` without an account)."""
    uid = _inputs.integer(user_id, "user_id", 1)
    acc = "ALL" if account is None else _id(account, "sub_account")
    return get(f"/trading/pnl-today/{uid}", [("sub-account-id", acc)])


def _day(value: Any, argument: str) -> str | None:
    return None if value is None else f"{_inputs.timestamp(value, argument):%Y-%m-%d}"


def rights(account: str, start: Any = None, end: Any = None) -> Call:
    """``GET /trading/v5/account/{subAccountId}/user-rights?fromDate=&toDate=``."""
    acc = _id(account, "sub_account")
    first, last = _day(start, "start"), _day(end, "end")
    if first and last and first > last:
        raise ValidationError(f"start ({first}) is after end ({last})", argument="start")
    path = f"/trading/v5/account/{segment(acc)}/user-rights"
    return get(path, [("fromDate", first), ("toDate", last)], sub_account=acc)


# -- order book and history (§2.11) -----------------------------------------------------------


def order_book(account: str) -> Call:
    """``GET /trading/v1/accounts/{subAccountId}/order-book?cache-control=NOCACHE``."""
    acc = _id(account, "sub_account")
    path = f"/trading/v1/accounts/{segment(acc)}/order-book"
    return get(path, [("cache-control", "NOCACHE")], sub_account=acc)


def order(account: str, order_id: Any) -> Call:
    """``GET /trading/v1/accounts/{subAccountId}/order-book/{orderId}``."""
    acc, oid = _id(account, "sub_account"), _id(order_id, "order_id")
    path = f"/trading/v1/accounts/{segment(acc)}/order-book/{segment(oid)}"
    return get(path, [("cache-control", "NOCACHE")], sub_account=acc, order_id=oid)


ORDER_STATUSES = (
    "ALL",
    "WAITING_TO_ACTIVATE",
    "WAITING_TO_SEND",
    "SENDING",
    "SENT",
    "FIXING",
    "FIXED",
    "CANCELLED",
    "CANCELLING",
    "MATCHED",
    "EXPIRED",
    "MATCHED_ALL",
    "REJECTED",
    "COMPLETED",
    "FAILED",
    "RECEIVED",
)


def order_history(
    account: str, start: Any, end: Any, page: int = 1, status: Any = None, symbol: Any = None
) -> Call:
    """``GET /trading/sub-accounts/{subAccountId}/orders?fromDate=&toDate=&page=`` (§2.11)."""
    acc = _id(account, "sub_account")
    first = _day(start, "start")
    last = _day(end, "end")
    if first is None or last is None:
        raise ValidationError("order_history needs start and end dates", argument="start")
    if first > last:
        raise ValidationError(f"start ({first}) is after end ({last})", argument="start")
    params: list[Param] = [
        ("fromDate", first),
        ("toDate", last),
        ("page", _inputs.integer(page, "page", 1)),
        (
            "orderStatus",
            None if status is None else _inputs.choice(status, ORDER_STATUSES, "status"),
        ),
        ("symbol", None if symbol is None else _inputs.symbol(symbol)),
    ]
    return get(f"/trading/sub-accounts/{segment(acc)}/orders", params, sub_account=acc)


def available_trade(account: str, symbol: Any, side: str, price: int | None) -> Call:
    """``GET /trading/v2/accounts/{subAccountId}/available-trade`` (§2.13): buying power and
    sellable shares; ``quotePrice=0`` asks at the current market price."""
    acc = _id(account, "sub_account")
    params: list[Param] = [
        ("orderSide", side),
        ("symbol", _inputs.symbol(symbol)),
        ("quotePrice", 0 if price is None else _inputs.integer(price, "price", 0)),
    ]
    return get(f"/trading/v2/accounts/{segment(acc)}/available-trade", params, sub_account=acc)


# -- order execution (§2.13) and its 2FA session (§1.7) ----------------------------------------


def _orders_path(account: str) -> str:
    return f"/trading/oa/sub-accounts/{segment(_id(account, 'sub_account'))}/orders"


def place(account: str, extended: str, request: OrderRequest) -> Call:
    """``POST /trading/oa/sub-accounts/{subAccountId}/orders`` with a ``CreateOrderRequest``:
    both price fields always present, one of them null, as in the catalogue's example."""
    limit = request.order_type.has_price
    body = {
        "sub_account": _id(extended, "sub_account"),
        "side": request.side.value,
        "symbol": request.symbol,
        "quantity": request.quantity,
        "type": "LIMIT" if limit else "MARKET",
        "limit_price": request.price if limit else None,
        "market_price": None if limit else MARKET_PRICES[request.order_type.value],
        "stock_type": "STOCK",
    }
    return Call("POST", _orders_path(account), dumps(body))


def amend(account: str, order_id: Any, quantity: int, price: int) -> Call:
    """``PUT …/orders/{orderId}`` with ``{"quantity", "price"}`` (both always sent)."""
    oid = _id(order_id, "order_id")
    body = {
        "quantity": _inputs.integer(quantity, "quantity", 1),
        "price": _inputs.integer(price, "price", 1),
    }
    return Call("PUT", f"{_orders_path(account)}/{segment(oid)}", dumps(body))


def cancel(account: str, extended: str, order_id: Any) -> Call:
    """``DELETE …/orders/{orderId}`` with the JSON body ``{"sub_account": extended id}``."""
    oid = _id(order_id, "order_id")
    body = {"sub_account": _id(extended, "sub_account")}
    return Call("DELETE", f"{_orders_path(account)}/{segment(oid)}", dumps(body))


def otp_request(channel: str = "EMAIL") -> Call:
    """``POST /auth/v1/openapi/2fa/request`` with ``{"channel": "EMAIL"}``."""
    return Call("POST", f"{TWO_FA}/request", dumps({"channel": channel}))


def otp_verify(ticket_id: Any, code: Any) -> Call:
    """``POST /auth/v1/openapi/2fa/verify`` with the ticket and the 6-digit code."""
    ticket = _id(ticket_id, "ticket_id")
    text = code if isinstance(code, str) else f"{code:06d}" if isinstance(code, int) else ""
    if not (len(text) == 6 and text.isdigit() and text.isascii()):
        raise ValidationError("code must be the 6-digit OTP from the e-mail", argument="code")
    return Call("POST", f"{TWO_FA}/verify", dumps({"ticket_id": ticket, "otp_code": text}))


def otp_revoke(session_token: str) -> Call:
    """``POST /auth/v1/openapi/2fa/revoke`` with the session token."""
    token = _inputs.credential(session_token, "two_fa_token")
    return Call("POST", f"{TWO_FA}/revoke", dumps({"session_token": token}))


def today() -> pd.Timestamp:
    return pd.Timestamp.now(tz="Asia/Ho_Chi_Minh").normalize()
