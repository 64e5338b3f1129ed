"""SSI's words for the world's orders: statuses, error codes, and the order records the order
book, the history and the stream events share (reference §1.8–§1.10).

**Statuses** (:func:`status`): working at the exchange → ``QU``; partly matched, the rest
working → ``PF``; all matched → ``FF``; cancelled by the account, or the rest of a MAK/MOK →
``CL`` (``FFPC`` when part of it had matched); what was left at the end of its session or day
→ ``EX``; refused → ``RJ``. The sandbox sends an order to the exchange at once, so ``WA``,
``RS``, ``SD``, ``WM`` and ``WC`` never show.

**Error codes** (:func:`code`): the desk's refusal reasons mapped to §1.10's codes —
:data:`NEW_CODES` for a new order; an amendment or cancellation the session does not allow is
``ORD011``, one of an order with nothing left working ``ORD012``, an amended quantity at or
below what has matched ``ORD031``. :data:`MESSAGES` gives each code's meaning in English.

**Records**: :func:`order_record` is the order object of ``orderBook``, ``auditOrderBook`` and
``orderHistory``; :func:`order_event`, :func:`match_event` and :func:`error_event` the
``data`` of the ``orderEvent``, ``orderMatchEvent`` and ``orderError`` stream events. Times
are epoch milliseconds as strings; prices VND, ``price`` 0 for the market and auction types;
quantities shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..world.orders import Fill, Order, Reason, Side, State

CHANNEL = "TA"  # TradeAPI [reference §1.10]
IP_ADDRESS = "127.0.0.1"
MESSAGES = {
    "ORD001": "Symbol not found",
    "ORD002": "Price is below the floor price",
    "ORD003": "Price is above the ceiling price",
    "ORD004": "Price is not on the tick size",
    "ORD005": "Quantity is not a valid lot",
    "ORD006": "Invalid parameters",
    "ORD007": "Quantity exceeds the allowance",
    "ORD008": "Not enough purchasing power",
    "ORD010": "Invalid order type",
    "ORD011": "The order cannot be amended in this session",
    "ORD012": "The order cannot be modified",
    "ORD013": "Order not found",
    "ORD014": "Price and quantity are unchanged",
    "ORD016": "The order type is not allowed in this session",
    "ORD017": "The stock is suspended",
    "ORD018": "Odd lots are not allowed",
    "ORD025": "The account is not opened for trading",
    "ORD031": "The reduced quantity exceeds the outstanding quantity",
}
NEW_CODES = {
    Reason.ACCOUNT_NOT_ALLOWED: "ORD025",
    Reason.UNKNOWN_SYMBOL: "ORD001",
    Reason.HALTED: "ORD017",
    Reason.MARKET_CLOSED: "ORD016",
    Reason.TYPE_NOT_IN_SESSION: "ORD016",
    Reason.ODD_LOT_NOT_LO: "ORD018",
    Reason.NOT_WHOLE_LOTS: "ORD005",
    Reason.TOO_LARGE: "ORD007",
    Reason.OFF_TICK: "ORD004",
    Reason.OUTSIDE_BAND: "ORD002",  # ORD003 above the ceiling: see code()
    Reason.BUYING_POWER: "ORD008",
    Reason.NOT_ENOUGH_SHARES: "ORD007",
    Reason.NOT_AMENDABLE: "ORD012",
    Reason.MATCHED_PART: "ORD012",
}


@dataclass
class Ticket:
    """What SSI knows of an order beyond the desk: the request that placed it and the last
    request about it that was refused (``auditOrderBook``'s ``lastErrorEvent``)."""

    request_id: str
    account: str  # SSI's account number
    device_id: str = ""
    last_error: dict[str, Any] | None = None
    requests: list[str] = field(default_factory=list)  # modify and cancel request ids


def code(reason: Reason, action: str = "new", above_ceiling: bool = False) -> str:
    """SSI's code for a refusal ``reason`` of a ``"new"`` order, an ``"amend"`` or a
    ``"cancel"``; ``above_ceiling`` tells ORD003 from ORD002 for a price outside the band."""
    if reason is Reason.OUTSIDE_BAND:
        return "ORD003" if above_ceiling else "ORD002"
    if action != "new" and reason in (Reason.TYPE_NOT_IN_SESSION, Reason.MARKET_CLOSED):
        return "ORD011"
    return NEW_CODES[reason]


def status(order: Order) -> str:
    """The order's status in SSI's words (module docstring)."""
    if order.state is State.CANCELLED:
        return "FFPC" if order.fills else "CL"
    return {
        State.WORKING: "QU",
        State.PARTIAL: "PF",
        State.FILLED: "FF",
        State.EXPIRED: "EX",
        State.REJECTED: "RJ",
    }[order.state]


def ms(epoch: float) -> str:
    """Epoch seconds as SSI's epoch-milliseconds string."""
    return str(round(epoch * 1000))


def side(order: Order) -> str:
    return "B" if order.side is Side.BUY else "S"


def order_record(order: Order, ticket: Ticket | None) -> dict[str, Any]:
    """The order object of the order book and history (reference §1.8)."""
    return {
        "uniqueID": ticket.request_id if ticket else "",
        "orderID": order.id,
        "buySell": side(order),
        "price": order.limit or 0,
        "quantity": order.quantity,
        "filledQty": order.filled,
        "orderStatus": status(order),
        "marketID": "VN",
        "inputTime": ms(order.placed),
        "modifiedTime": ms(order.updated),
        "instrumentID": order.symbol,
        "orderType": order.type,
        "cancelQty": order.cancelled,
        "avgPrice": order.average_price,
        "isForcesell": "F",
        "isShortsell": "F",
        "rejectReason": order.detail if order.state is State.REJECTED else "",
    }


def _common(order: Order, account: str) -> dict[str, Any]:
    return {
        "orderID": order.id,
        "instrumentID": order.symbol,
        "buySell": side(order),
        "orderType": order.type,
        "ipAddress": IP_ADDRESS,
        "price": order.limit or 0,
        "prefix": "",
        "quantity": order.quantity,
        "marketID": "VN",
        "origOrderId": "",
        "account": account,
        "channel": CHANNEL,
        "inputTime": ms(order.placed),
        "modifiedTime": ms(order.updated),
        "isForceSell": "F",
        "isShortSell": "F",
        "stopOrder": False,
        "stopPrice": 0,
        "stopType": "",
        "stopStep": 0,
        "profitPrice": 0,
    }


def order_event(
    order: Order, account: str, unique_id: str, orig_request_id: str = "", **view: Any
) -> dict[str, Any]:
    """``orderEvent`` data for the order as it stands; ``view`` overrides fields (the
    acceptance event shows the order before its first match)."""
    data = {
        **_common(order, account),
        "uniqueID": unique_id,
        "cancelQty": order.cancelled,
        "osQty": order.remaining,
        "filledQty": order.filled,
        "avgPrice": order.average_price,
        "orderStatus": status(order),
        "rejectReason": order.detail if order.state is State.REJECTED else "",
        "origRequestID": orig_request_id,
    }
    data.update(view)
    return data


def match_event(order: Order, account: str, unique_id: str, fill: Fill) -> dict[str, Any]:
    """``orderMatchEvent`` data for one fill."""
    return {
        "orderID": order.id,
        "instrumentID": order.symbol,
        "uniqueID": unique_id,
        "buySell": side(order),
        "matchPrice": fill.price,
        "ipAddress": IP_ADDRESS,
        "matchQty": fill.quantity,
        "prefix": "",
        "account": account,
        "matchTime": ms(fill.at),
    }


def error_event(
    message: str,
    error_code: str,
    unique_id: str,
    account: str,
    at: float,
    order: Order | None = None,
    request: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``orderError`` data: the refused request at ``at``, with the order's fields when there
    is one, else what the request asked for (``request``: its lower-case body fields)."""
    if order is not None:
        fields = _common(order, account)
    else:
        asked = request or {}
        fields = {
            "orderID": str(asked.get("orderid") or ""),
            "instrumentID": str(asked.get("instrumentid") or ""),
            "buySell": str(asked.get("buysell") or ""),
            "orderType": str(asked.get("ordertype") or ""),
            "price": _number(asked.get("price")),
            "quantity": _number(asked.get("quantity")),
            "marketID": str(asked.get("market") or asked.get("marketid") or ""),
            "account": account,
            "inputTime": ms(at),
            "modifiedTime": ms(at),
            "isForceSell": "F",
            "isShortSell": "F",
            "stopOrder": False,
            "stopPrice": 0,
            "stopType": "",
            "stopStep": 0,
            "profitPrice": 0,
        }
    return {
        **fields,
        "message": message,
        "errorCode": error_code,
        "uniqueID": unique_id,
        "connectionID": "",
        "ipAddress": IP_ADDRESS,
        "prefix": "",
        "origOrderId": "",
        "channel": CHANNEL,
        "origRequestID": "",
        "modifiable": False,
        "note": "",
    }


def _number(value: Any) -> int | float:
    """A number the request sent, or 0 for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return 0
