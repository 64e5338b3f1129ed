"""Finhay's order endpoints over the simulated desk (reference §2.11, §2.13, §3).

Reads (``cache-control`` ``CACHE``/``NOCACHE`` checked, otherwise ignored):

* ``/trading/v1/accounts/{subAccountId}/order-book`` (``result``) — today's orders
  (``OrderBookEntry``), newest first; ``/order-book/{orderId}`` (``data``) — one order of the
  sub-account, of any day;
* ``/trading/sub-accounts/{subAccountId}/orders`` (``result: {data: [...]}``) — history
  (``OrderHistoryEntry``) of the trading dates ``fromDate``–``toDate`` (both required,
  ``YYYY-MM-DD``), newest first, :data:`PAGE_SIZE` a page (``page`` from 1; a page past the
  end is an empty list); ``orderStatus`` (``ALL`` or an ``OrderStatus``) and ``symbol``
  (``ALL`` or one) filter.

Writes (:mod:`.app` has checked the signature, body hash and 2FA session):

* ``POST /trading/oa/sub-accounts/{subAccountId}/orders`` — ``CreateOrderRequest``;
* ``PUT  …/orders/{orderId}`` — ``{"quantity", "price"}`` (either or both; the new total
  quantity and limit price);
* ``DELETE …/orders/{orderId}`` — ``{"sub_account"}``.

A malformed body is a 400 envelope: not a JSON object, a required field missing, a field of
the wrong type or value (``side``, ``type``, ``market_price``, ``stock_type`` outside their
enums; ``quantity``/prices not integers ≥ 1; a price field set that the ``type`` says is
null), or a ``sub_account`` that is not the extended id of the path's sub-account. An unknown
sub-account or order id is a 404. Everything the exchange or broker refuses is HTTP 200 with
``error_code "0"`` and ``result`` a list of one ``OrderResponse`` whose ``code`` and
``rejected_reason`` say why (:data:`CODES`): a refused new order is kept in the book as
``REJECTED``; a refused amendment or cancellation leaves the order as it was. Set
:attr:`OrderViews.null_envelope` to answer successful writes with ``error_code`` and
``message`` null (the schema allows it).

Statuses (:data:`STATUS`): working → ``SENT``, partly matched and working → ``MATCHED``, all
matched → ``MATCHED_ALL``, then ``CANCELLED``, ``EXPIRED`` (whatever was left at the end of
its session or day), ``REJECTED``; ``status_code`` is the sandbox's own two digits.
``allowamend``/``allowcancel`` are ``"Y"`` exactly when an amendment or cancellation would
be accepted now.
"""

from __future__ import annotations

import re
from typing import Any

from ..replies import Reply
from ..world import World
from ..world.accounts import SubAccount
from ..world.clock import local_now
from ..world.desk import Refused
from ..world.orders import Order, Reason, Side, State
from .accounts import AccountViews
from .envelope import Refusal, ok
from .params import choice, integer, iso_date, json_object, whole

PAGE_SIZE = 20
STATUS = {
    State.WORKING: "SENT",
    State.PARTIAL: "MATCHED",
    State.FILLED: "MATCHED_ALL",
    State.CANCELLED: "CANCELLED",
    State.EXPIRED: "EXPIRED",
    State.REJECTED: "REJECTED",
}
STATUS_CODE = {"SENT": "01", "MATCHED": "02", "MATCHED_ALL": "03", "CANCELLED": "04"}
STATUS_CODE |= {"EXPIRED": "05", "REJECTED": "06"}
#: Reason → (result[].code, what it means) — reference §2.13's table, plus the sandbox's own
#: SUB_ACCOUNT_NOT_ALLOWED for orders on a sub-account other than ``.4`` (§1.10).
CODES: dict[Reason, tuple[str, str]] = {
    Reason.ACCOUNT_NOT_ALLOWED: (
        "SUB_ACCOUNT_NOT_ALLOWED",
        "Only the order-execution sub-account (.4) takes Open API orders",
    ),
    Reason.UNKNOWN_SYMBOL: ("-400099", "Symbol outside the buyable list"),
    Reason.HALTED: ("-700069", "Symbol restricted or halted"),
    Reason.MARKET_CLOSED: ("-300025", "Market closed: come back next session"),
    Reason.TYPE_NOT_IN_SESSION: ("-100113", "Order type not valid in this session"),
    Reason.NOT_AMENDABLE: ("-100113", "Order type not valid in this session"),
    Reason.ODD_LOT_NOT_LO: ("-700114", "Odd lot: only LO allowed"),
    Reason.NOT_WHOLE_LOTS: ("-700104", "Adjust quantity"),
    Reason.TOO_LARGE: ("-700105", "Adjust quantity"),
    Reason.OFF_TICK: ("-10011", "Invalid price/lot"),
    Reason.OUTSIDE_BAND: ("-900017", "Invalid price/lot"),
    Reason.BUYING_POWER: ("-400116", "Vượt quá sức mua/sức bán"),
    Reason.NOT_ENOUGH_SHARES: ("-400116", "Vượt quá sức mua/sức bán"),
    Reason.MATCHED_PART: ("-701111", "Only the unmatched part can be modified"),
}
SIDES = ("BUY", "SELL")
MARKET_PRICES = ("MP", "ATO", "ATC", "MAK", "MOK", "MTL", "PLO", "FOK", "FAK")
STOCK_TYPES = ("STOCK", "BOND", "FUND_CERTIFICATE", "WARRANT", "ETF")
ORDER_STATUSES = (  # reference §3, and UNKNOWN as history may show it
    *("WAITING_TO_ACTIVATE", "WAITING_TO_SEND", "SENDING", "SENT", "FIXING", "FIXED"),
    *("CANCELLED", "CANCELLING", "MATCHED", "EXPIRED", "MATCHED_ALL", "REJECTED"),
    *("COMPLETED", "FAILED", "EXPIRED_ACTIVATION_TIME", "EXPIRED_AUTHORIZATION", "RECEIVED"),
    *("INTERNAL_SENDING", "INTERNAL_CANCELLED", "SENDING_TO_CORE", "CANCEL_BY_STOCK_EVENT"),
    *("WAIT_FOR_ACCEPTING", "ACCEPTED", "ACCEPTING", "REJECTING", "UNKNOWN"),
)
SYMBOL = re.compile(r"[A-Za-z0-9]{1,20}")


def _trade(order: Order) -> dict[str, Any]:
    """The fields ``OrderResponse`` and ``OrderHistoryEntry`` share."""
    local = local_now(order.placed)
    return {
        "order_id": order.id,
        "transaction_date": local.date().isoformat(),
        "symbol": order.symbol,
        "order_side": order.side.value,
        "order_quantity": order.quantity,
        "limit_price": order.limit,
        "market_price": None if order.type == "LO" else order.type,
        "execute_quantity": order.filled,
        "execute_price": order.average_price,
        "order_status": STATUS[order.state],
        "fee_amount": order.fee,
        "tax_amount": order.tax,
        "execute_amount": order.value,
        "order_type": order.type,
    }


def response_record(order: Order, sub: SubAccount, refusal: Reason | None, why: str) -> Any:
    """One ``OrderResponse``: ``code``/``rejected_reason`` from ``refusal`` (None: accepted)."""
    code, meaning = CODES[refusal] if refusal else (None, "")
    return {
        **_trade(order),
        "account_id": sub.ext,
        "code": code,
        "rejected_reason": f"{meaning}: {why}" if refusal else None,
        "lot": "ODD" if order.odd_lot else "EVEN",
    }


class OrderViews:
    """The order endpoints over ``world``'s desk; ``accounts`` resolves the path's ids."""

    null_envelope: bool = False  # True: successful writes carry error_code/message null

    def __init__(self, world: World, accounts: AccountViews) -> None:
        self.desk = world.desk
        self.engine = world.engine
        self.accounts = accounts

    def _order(self, sub: SubAccount, raw: str) -> Order:
        order = self.desk.orders.get(raw)
        if order is None or order.account != sub.id:
            raise Refusal("Order not found", 404)
        return order

    def book_record(self, order: Order, sub: SubAccount, now: float) -> dict[str, Any]:
        """One ``OrderBookEntry`` (reference §2.11)."""
        local = local_now(order.placed)
        status = STATUS[order.state]
        price = order.price or 0
        side_code = "NB" if order.side is Side.BUY else "NS"
        flag = {True: "Y", False: "N"}
        return {
            "custodycd": sub.custody,
            "txdate": local.date().isoformat(),
            "custid": self.desk.owner(sub).cust_id,
            "afacctno": sub.id,
            "orderid": order.id,
            "odorderid": order.id[-6:],
            "txtime": local.strftime("%H:%M:%S"),
            "symbol": order.symbol,
            "allowcancel": flag[self.desk.can_cancel(order, now) is None],
            "allowamend": flag[self.desk.can_amend(order, now) is None],
            "side_code": side_code,
            "side": order.side.value,
            "price": price,
            "pricetype": order.type,
            "via_code": "API",
            "via": "Open API",
            "qtty": order.quantity,
            "execqtty": order.filled,
            "execamt": order.value,
            "execprice": order.average_price,
            "remainqtty": order.remaining,
            "remainamt": order.remaining * price,
            "status_code": STATUS_CODE[status],
            "status": status,
            "tlname": "Finhay",
            "username": "openapi",
            "hosesession": order.session,
            "cancelqtty": order.cancelled,
            "adjustqtty": order.quantity if order.amended else 0,
            "isdisposal": "N",
            "rootorderid": order.id,
            "timetype": "0",
            "timetypevalue": "",
            "feedbackmsg": order.detail,
            "quoteqtty": 0,
            "limitprice": order.limit or 0,
            "odtimestamp": local.strftime("%Y-%m-%dT%H:%M:%S"),
            "matchtype_code": "",
            "producttypename": "STOCK",
            "afacctno_ext": f"{sub.id}.{sub.suffix.lstrip('.').zfill(2)}",
            "side_": order.side.value,
            "via_": "Open API",
            "status_": status,
            "matchtype_": "",
            "strategy_id": None,
        }

    # -- reads ---------------------------------------------------------------------------

    def order_book(self, params: dict[str, str], ref: str) -> Reply:
        sub = self.accounts.sub(ref)
        choice(params, "cache-control", ("CACHE", "NOCACHE"))
        with self.desk.lock:
            now = self.desk.advance()
            today, _ = self.engine.today(now)
            orders = [o for o in self.desk.orders_of(sub) if o.day == today]
            records = [self.book_record(o, sub, now) for o in reversed(orders)]
        return ok("result", records)

    def order_detail(self, params: dict[str, str], ref: str, order_id: str) -> Reply:
        sub = self.accounts.sub(ref)
        choice(params, "cache-control", ("CACHE", "NOCACHE"))
        with self.desk.lock:
            now = self.desk.advance()
            return ok("data", self.book_record(self._order(sub, order_id), sub, now))

    def history(self, params: dict[str, str], ref: str) -> Reply:
        sub = self.accounts.sub(ref)
        start = iso_date(params, "fromDate", required=True)
        end = iso_date(params, "toDate", required=True)
        if start is None or end is None or start > end:
            raise Refusal("Invalid parameter: fromDate must not be after toDate")
        page = integer(params, "page", 1, lo=1, hi=10**9)
        status = choice(params, "orderStatus", ["ALL", *ORDER_STATUSES], default="ALL")
        symbol = (params.get("symbol") or "ALL").upper()
        with self.desk.lock:
            self.desk.advance()
            found = [
                o
                for o in reversed(self.desk.orders_of(sub))
                if start <= local_now(o.placed).date() <= end
                and status in ("ALL", STATUS[o.state])
                and symbol in ("ALL", o.symbol)
            ]
            chunk = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            records = [{**_trade(o), "account_id": sub.id} for o in chunk]
        return ok("result", {"data": records})

    # -- writes --------------------------------------------------------------------------

    def _written(self, record: dict[str, Any]) -> Reply:
        if self.null_envelope:
            return ok("result", [record], code=None, message=None)
        return ok("result", [record])

    def place(self, params: dict[str, str], body: bytes, ref: str) -> Reply:
        sub = self.accounts.sub(ref)
        data = json_object(body)
        _same_sub(data, sub)
        side = data.get("side")
        if side not in SIDES:
            raise Refusal("Invalid body: side must be BUY or SELL")
        symbol = data.get("symbol")
        if not isinstance(symbol, str) or not SYMBOL.fullmatch(symbol):
            raise Refusal("Invalid body: symbol must be a ticker (letters and digits)")
        quantity = whole(data, "quantity")
        assert quantity is not None  # required
        if data.get("stock_type") is not None and data["stock_type"] not in STOCK_TYPES:
            raise Refusal(f"Invalid body: stock_type must be one of {', '.join(STOCK_TYPES)}")
        kind = data.get("type")
        if kind == "LIMIT":
            limit = whole(data, "limit_price")
            if data.get("market_price") is not None:
                raise Refusal("Invalid body: market_price must be null for a LIMIT order")
            order_type = "LO"
        elif kind == "MARKET":
            limit = None
            market = data.get("market_price")
            if market not in MARKET_PRICES:
                raise Refusal(f"Invalid body: market_price must be one of {MARKET_PRICES}")
            order_type = str(market)
            if data.get("limit_price") is not None:
                raise Refusal("Invalid body: limit_price must be null for a MARKET order")
        else:
            raise Refusal("Invalid body: type must be LIMIT or MARKET")
        with self.desk.lock:  # the answer shows the order as this call left it
            order = self.desk.place(sub.id, symbol.upper(), Side(side), order_type, quantity, limit)
            return self._written(response_record(order, sub, order.reason, order.detail))

    def amend(self, params: dict[str, str], body: bytes, ref: str, order_id: str) -> Reply:
        sub = self.accounts.sub(ref)
        order = self._order(sub, order_id)
        data = json_object(body)
        quantity = whole(data, "quantity", required=False)
        price = whole(data, "price", required=False)
        if quantity is None and price is None:
            raise Refusal("Invalid body: quantity or price is required")
        with self.desk.lock:
            try:
                self.desk.amend(order.id, quantity, price)
            except Refused as refused:
                return self._written(response_record(order, sub, refused.reason, refused.detail))
            return self._written(response_record(order, sub, None, ""))

    def cancel(self, params: dict[str, str], body: bytes, ref: str, order_id: str) -> Reply:
        sub = self.accounts.sub(ref)
        order = self._order(sub, order_id)
        _same_sub(json_object(body), sub)
        with self.desk.lock:
            try:
                self.desk.cancel(order.id)
            except Refused as refused:
                return self._written(response_record(order, sub, refused.reason, refused.detail))
            return self._written(response_record(order, sub, None, ""))


def _same_sub(data: dict[str, Any], sub: SubAccount) -> None:
    """The body's ``sub_account`` must be the path's sub-account's extended id."""
    given = data.get("sub_account")
    if not isinstance(given, str) or not given:
        raise Refusal("Invalid body: sub_account is required")
    if given != sub.ext:
        raise Refusal(
            f"Invalid body: sub_account {given[:40]!r} is not sub-account {sub.id} ({sub.ext})"
        )
