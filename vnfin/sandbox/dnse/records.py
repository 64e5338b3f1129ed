"""DNSE's words for the world's orders (reference §4.4): statuses, reject codes, the Order
object.

**Statuses** (:func:`status`): working, nothing matched → ``new``; part matched, the rest
working → ``partiallyFilled``; all matched → ``filled``; cancelled by the investor →
``canceled``; the rest of a MAK/MOK cancelled by the exchange, or what was left at the end of
its session or day → ``expired``; refused → ``rejected``. The sandbox sends every order at
once, so ``pending``, ``pendingNew`` and ``doneForDay`` never show.

**Reject codes** (:func:`reject_code`): the desk's refusal reasons in DNSE's codes — a lot
error (not whole lots, an odd lot that is not LO) ``INVALID_QUANTITY_LOT``, off the tick grid
``INVALID_PRICE_LOT``, below the floor ``PRICE_MUST_GREATER_THAN_OR_EQUAL_TO_FLOOR_PRICE``,
above the ceiling ``PRICE_MUST_LESS_THAN_OR_EQUAL_TO_CEILING_PRICE``, not enough buying power
or shares ``QMAX_EXCEED``; the rest in :data:`CODES` (the sandbox's own words where DNSE
published none).

**The Order object** (:func:`order_record`): ``id`` an integer, ``side`` ``NB``/``NS``,
``price`` the limit in VND (0 for the market and auction types), ``priceSecure`` the price the
cash hold uses (the ceiling for those), ``transDate`` the trading day, ``createdDate`` and
``modifiedDate`` ISO 8601 with milliseconds and ``+07:00``, ``error`` the reject code of a
refused order, ``"0"`` for a market order that expired with nothing matched (no
counter-party), else ``""``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..world.clock import VN_TZ
from ..world.desk import Desk
from ..world.orders import FEE_RATE, SALE_TAX_RATE, Order, Reason, Side, State

MARKET_TYPES = ("MP", "MTL", "MAK", "MOK")
CHANNEL = "API"
FLOOR = "PRICE_MUST_GREATER_THAN_OR_EQUAL_TO_FLOOR_PRICE"
CEILING = "PRICE_MUST_LESS_THAN_OR_EQUAL_TO_CEILING_PRICE"
CODES = {
    Reason.ACCOUNT_NOT_ALLOWED: "ACCOUNT_NOT_ALLOWED",
    Reason.UNKNOWN_SYMBOL: "SYMBOL_NOT_FOUND",
    Reason.HALTED: "SYMBOL_IS_HALTED",
    Reason.MARKET_CLOSED: "MARKET_CLOSED",
    Reason.TYPE_NOT_IN_SESSION: "ORDER_TYPE_NOT_ALLOWED_IN_SESSION",
    Reason.ODD_LOT_NOT_LO: "INVALID_QUANTITY_LOT",
    Reason.NOT_WHOLE_LOTS: "INVALID_QUANTITY_LOT",
    Reason.TOO_LARGE: "MAX_QUANTITY_EXCEED",
    Reason.OFF_TICK: "INVALID_PRICE_LOT",
    Reason.OUTSIDE_BAND: FLOOR,  # CEILING above it: see reject_code()
    Reason.BUYING_POWER: "QMAX_EXCEED",
    Reason.NOT_ENOUGH_SHARES: "QMAX_EXCEED",
    Reason.NOT_AMENDABLE: "ORDER_CAN_NOT_BE_CANCELED",
    Reason.MATCHED_PART: "ORDER_CAN_NOT_BE_CANCELED",
}
#: What a cancellation the desk refuses is called.
CANCEL_CODES = {
    Reason.MATCHED_PART: "ORDER_CAN_NOT_BE_CANCELED",
    Reason.MARKET_CLOSED: "MARKET_CLOSED",
    Reason.TYPE_NOT_IN_SESSION: "CAN_NOT_CANCEL_ORDER_IN_CURRENT_SESSION",
}


def reject_code(desk: Desk, order: Order) -> str:
    """DNSE's code for a refused new order."""
    assert order.reason is not None
    if order.reason is Reason.OUTSIDE_BAND and order.limit is not None:
        return CEILING if order.limit > desk.band(order.symbol, order.placed)[1] else FLOOR
    return CODES[order.reason]


def status(order: Order, cancelled_by_investor: bool) -> str:
    if order.state is State.CANCELLED:
        return "canceled" if cancelled_by_investor else "expired"
    return {
        State.WORKING: "new",
        State.PARTIAL: "partiallyFilled",
        State.FILLED: "filled",
        State.EXPIRED: "expired",
        State.REJECTED: "rejected",
    }[order.state]


def stamp(epoch: float) -> str:
    """ISO 8601 with milliseconds and the +07:00 offset."""
    return dt.datetime.fromtimestamp(epoch, VN_TZ).isoformat(timespec="milliseconds")


def order_record(
    desk: Desk,
    order: Order,
    *,
    account: str,
    investor_id: str,
    custody: str,
    package: int,
    initial_rate: float,
    cancelled_by_investor: bool,
) -> dict[str, Any]:
    """The Order object (module docstring)."""
    last = order.fills[-1] if order.fills else None
    secure = order.limit
    if secure is None:
        secure = (
            order.price if order.price is not None else desk.band(order.symbol, order.placed)[1]
        )
    error = ""
    if order.state is State.REJECTED:
        error = reject_code(desk, order)
    elif order.type in MARKET_TYPES and not (order.fills or order.is_working):
        error = "" if cancelled_by_investor else "0"  # a market order that found no counter-party
    return {
        "id": int(order.id),
        "side": "NB" if order.side is Side.BUY else "NS",
        "accountNo": account,
        "investorId": investor_id,
        "symbol": order.symbol,
        "price": order.limit or 0,
        "quantity": order.quantity,
        "orderType": order.type,
        "orderStatus": status(order, cancelled_by_investor),
        "fillQuantity": order.filled,
        "lastQuantity": last.quantity if last else 0,
        "lastPrice": last.price if last else 0,
        "averagePrice": order.average_price,
        "transDate": dt.datetime.fromtimestamp(order.placed, VN_TZ).date().isoformat(),
        "createdDate": stamp(order.placed),
        "modifiedDate": stamp(order.updated),
        "taxRate": SALE_TAX_RATE if order.side is Side.SELL else 0.0,
        "feeRate": FEE_RATE,
        "leaveQuantity": order.remaining,
        "canceledQuantity": order.cancelled,
        "priceSecure": secure,
        "custody": custody,
        "channel": CHANNEL,
        "loanPackageId": package,
        "initialRate": initial_rate,
        "error": error,
        "message": order.detail if order.state is State.REJECTED else "",
    }
