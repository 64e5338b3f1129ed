"""Conditional (stop) orders: the checked request, paging through the list, and what a lost
answer left (reference §4.6).

A conditional order is a target order (LO, MP or MTL; LO or MTL for derivatives) that DNSE
sends when the market price crosses ``stop_price``: ``price >= stop`` or ``price <= stop``
(by default ``>=`` for a buy, ``<=`` for a sale), good till ``expires`` (GTD; by default the
end of today, Vietnam time). The list is paged (``content``, ``page``, ``totalPages``):
vnfin reads the first page, then the others together, whatever page numbering the server
uses.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import _inputs, rules
from .._call import Call, Reply
from .._group import gather
from .._loop import warn
from .._parse import shape_error
from ..errors import OrderStateUnknown, ValidationError, VnfinError
from ..frames import VN_TZ
from ..orders import OrderRequest, Side
from . import checks, vocab
from . import trading_routes as trading
from .checks import DerivativeRequest
from .parsers import trading as parse

Send = Callable[[Call], Awaitable[Reply]]
_CONDITION_ALIASES = {"GE": ">=", "ABOVE": ">=", "=>": ">=", "LE": "<=", "BELOW": "<=", "=<": "<="}


@dataclass(frozen=True)
class Conditional:
    """A conditional order as asked for, checked."""

    symbol: str
    side: Side
    quantity: int
    price: float | None
    order_type: str
    condition: str
    stop_price: float
    market: str
    expires: pd.Timestamp

    @classmethod
    def checked(
        cls,
        symbol: Any,
        side: Any,
        quantity: Any,
        stop_price: Any,
        price: Any,
        order_type: Any,
        condition: Any,
        expires: Any,
        derivative: bool,
    ) -> Conditional:
        """Every check that needs no market data (see the module docstring)."""
        allowed = ("LO", "MTL") if derivative else vocab.CONDITIONAL_ORDER_TYPES
        kind = _inputs.choice(order_type, allowed, "order_type", {"LIMIT": "LO", "MARKET": "MP"})
        if derivative:
            target = DerivativeRequest.checked(symbol, side, quantity, price, kind)
            stop = DerivativeRequest.checked(symbol, side, 1, stop_price).price
            sym, way, count, amount = target.symbol, target.side, target.quantity, target.price
        else:
            order = OrderRequest.checked(symbol, side, quantity, price, kind)
            checks.exchange_takes(kind, checks.listing(order.symbol))
            sym, way, count = order.symbol, order.side, order.quantity
            amount = None if order.price is None else float(order.price)
            stop = _stock_stop(sym, stop_price)
        assert stop is not None
        if condition is None:
            cond = ">=" if way is Side.BUY else "<="
        else:
            cond = _inputs.choice(condition, vocab.CONDITIONS, "condition", _CONDITION_ALIASES)
        market = vocab.CONDITIONAL_MARKETS["derivative" if derivative else "stock"]
        return cls(sym, way, count, amount, kind, cond, stop, market, expiry(expires))


def _stock_stop(symbol: str, value: Any) -> float:
    stop = _inputs.number(value, "stop_price")
    found = checks.listing(symbol)
    exchange, kind = (found.exchange, found.stock_type) if found else ("HOSE", "ETF")
    if not rules.on_tick(stop, exchange, kind):
        low = rules.round_to_tick(stop, exchange, kind, "down")
        high = rules.round_to_tick(stop, exchange, kind, "up")
        raise ValidationError(
            f"stop_price {stop:,g} is not on {symbol}'s tick: use {low:,} or {high:,}",
            argument="stop_price",
        )
    return stop


def expiry(value: Any) -> pd.Timestamp:
    """``expires=`` checked: a future time (a date means the end of that day, Vietnam time);
    None means the end of today."""
    now = pd.Timestamp.now(tz=VN_TZ)
    if value is None:
        when = now.normalize() + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    else:
        when = _inputs.timestamp(value, "expires", latest=now + pd.Timedelta(days=366))
        if _inputs.is_date_only(value):
            when = when.normalize() + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    if when <= now:
        raise ValidationError(
            f"expires ({when:%Y-%m-%d %H:%M}) is in the past: a conditional order is good till "
            "a future date",
            argument="expires",
        )
    return when


def call(order: Conditional, account: str, loan_package: int | str) -> Call:
    """The ``POST /conditional-order-api/v1/orders`` for ``order``."""
    return trading.place_conditional(
        account,
        order.symbol,
        order.side,
        order.quantity,
        order.price,
        order.order_type,
        loan_package,
        order.condition,
        order.stop_price,
        order.market,
        order.expires,
    )


async def pages(
    send: Send, account: str, **filters: Any
) -> tuple[list[Mapping[str, Any]], list[Reply]]:
    """Every row of the conditional-order list: the first page, then the rest together."""
    first = await send(trading.conditional_orders(account, **filters))
    rows, page, total = parse.conditional_page(first.payload)
    last = min(page + total - 1, page + vocab.CONDITIONAL_MAX_PAGES - 1)
    rest = await gather(
        *(
            send(trading.conditional_orders(account, page=p, **filters))
            for p in range(page + 1, last + 1)
        )
    )
    for reply in rest:
        rows = rows + parse.conditional_page(reply.payload)[0]
    return rows, [first, *rest]


def placed_id(payload: Any) -> str:
    """The id of a new conditional order (``{id: "..."}``)."""
    value = payload.get("id") if isinstance(payload, Mapping) else None
    if value is None or value == "":
        raise shape_error("conditional-order-api", "no id")
    return str(value)


def _same(order: Conditional, row: Mapping[str, Any]) -> bool:
    table = parse.conditional([row])
    if table.empty:
        return False
    r = table.iloc[0]
    stop = r.get("stop_price")
    return (
        r.get("symbol") == order.symbol
        and r.get("quantity") == order.quantity
        and stop is not None
        and not (isinstance(stop, float) and math.isnan(stop))
        and abs(float(stop) - order.stop_price) < 1e-6
    )


async def lost_place(
    send: Send,
    sent: Call,
    order: Conditional,
    account: str,
    before: Collection[str],
    error: VnfinError,
) -> str:
    """The id of the conditional order whose answer was lost, if the list now shows exactly
    one new order like it; else :class:`OrderStateUnknown`."""
    known: dict[str, Any] = {"order": order, "error": str(error)}
    try:
        rows, _ = await pages(send, account, symbol=order.symbol)
    except VnfinError as lookup:
        raise OrderStateUnknown(
            f"the answer to the conditional order was lost ({error}) and the list could not be "
            f"read ({lookup}): it may or may not have been placed",
            method=sent.method,
            path=sent.target,
            known=known,
        ) from None
    new = [r for r in rows if str(r.get("id")) not in before and _same(order, r)]
    if len(new) != 1:
        raise OrderStateUnknown(
            f"the answer to the conditional order was lost ({error}) and the list shows "
            f"{len(new) or 'no'} new order(s) like it: check conditional_orders() before "
            "sending it again; vnfin does not resend it",
            method=sent.method,
            path=sent.target,
            known={**known, "candidates": new},
        )
    found = str(new[0].get("id"))
    warn(f"the answer to the conditional order was lost ({error}), but it is listed: {found}")
    return found


async def lost_cancel(send: Send, sent: Call, order_id: str, error: VnfinError) -> Reply:
    """The conditional order a lost cancellation was for, if it shows cancelled."""
    try:
        reply = await send(trading.conditional_order(order_id))
    except VnfinError as lookup:
        raise OrderStateUnknown(
            f"the answer was lost ({error}) and conditional order {order_id} could not be read "
            f"({lookup}): it may or may not have been cancelled",
            method=sent.method,
            path=sent.target,
            known={"order_id": order_id, "error": str(error)},
        ) from None
    status = str(reply.payload.get("status") if isinstance(reply.payload, Mapping) else "")
    if status.upper().startswith("CANCELLED"):
        warn(f"the answer was lost ({error}), but conditional order {order_id} shows {status}")
        return reply
    state = status or "in an unknown state"
    raise OrderStateUnknown(
        f"the answer was lost ({error}) and conditional order {order_id} is {state}: the "
        "cancellation may still arrive; vnfin does not resend it",
        method=sent.method,
        path=sent.target,
        known={"order_id": order_id, "error": str(error), "status": status},
    )


def _day(value: Any, argument: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}"
    return f"{_inputs.timestamp(value, argument):%Y-%m-%d}"


def filters(start: Any, end: Any, status: Any, symbol: Any, daily: Any) -> dict[str, Any]:
    """The conditional-order list's filters, checked."""
    if daily is not None and not isinstance(daily, bool):
        raise ValidationError(f"daily must be True or False, got {daily!r}", argument="daily")
    statuses = vocab.CONDITIONAL_STATUSES
    return {
        "start": _day(start, "start"),
        "end": _day(end, "end"),
        "status": None if status is None else _inputs.choice(status, statuses, "status"),
        "symbol": None if symbol is None else _inputs.symbol(symbol),
        "daily": daily,
    }
