"""DNSE's conditional (stop) orders, ``/conditional-order-api/v1`` (reference §4.6), over the
world's prices and desk.

``POST /orders`` (Bearer + Trading-Token) takes ``{condition: "price >= X" | "price <= X",
targetOrder: {quantity, side: NB|NS, price, loanPackageId, orderType: LO|MP|MTL}, symbol,
props: {stopPrice: X, marketId: UNDERLYING|DERIVATIVES}, accountNo, category: "STOP",
timeInForce: {expireTime (ISO 8601, UTC when naive), kind: "GTD"}}`` → ``{"id": "<20
characters>"}``. Checked (400 ``{status, code, message}``): the account is the investor's
stock account; the condition's X equals ``props.stopPrice`` (> 0); the symbol is listed
(``DERIVATIVES``: no futures, ``SYMBOL_NOT_FOUND``); the target's side, type, quantity (lot
rules: ``INVALID_QUANTITY_LOT``), price (> 0 for LO, on the tick grid: ``INVALID_PRICE_LOT``)
and loan package (the account's, covering the symbol); ``expireTime`` after the market's now.

**Triggering** is lazy, like the desk's matching: whenever the DNSE dialect is called it looks,
for every ``NEW`` order, for the first print of its symbol after its creation (and before its
expiry and now) whose high reaches X (``>=``) or whose low reaches it (``<=``)
(:func:`..world.triggers.first_cross`), and places the target order on the desk *at that
moment* (:func:`..world.triggers.place_at`), in time order across orders. Then: ``ACTIVATED``
with ``metadata.externalOrderId`` the order's id and ``metadata.status`` ``"OK"``; or, when
the desk refuses the target, ``REJECTED`` with the reject code and words in
``metadata.errorMessage``. No crossing by ``expireTime``: ``EXPIRED``. ``PATCH
/orders/{id}/cancel`` (Bearer + Trading-Token) cancels a ``NEW`` order (``CANCELLED``; any
other status: 400 ``ORDER_CAN_NOT_BE_CANCELED``) and answers it.

``GET /orders?accountNo=&daily=&from=&to=&page=&size=&status=&symbol=&marketId=`` →
``{content, page, size, numberOfElements, totalElements, totalPages}``, newest first; ``page``
counts from **1** (default 1), ``size`` 1–10,000 (default 20); ``daily=true`` keeps today's,
``from``/``to`` (``yyyy-MM-dd``, inclusive) bound the creation date, ``status`` (repeated or
comma-separated), ``symbol`` and ``marketId`` filter. ``GET /orders/{id}`` one order (404 if
unknown). Times are ISO 8601 UTC with microseconds (``createdAt``, ``updatedAt``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..replies import Reply, num
from ..world.clock import local_now
from ..world.exchange import on_tick
from ..world.orders import LOT, MAX_QUANTITY
from ..world.triggers import first_cross
from .accounts import AccountQueries
from .envelope import Refusal, not_found, ok
from .ledger import Customer
from .orders import SIDES, OrderDesk
from .params import amount, body, boolean, field, integer, iso_date, obj, query, text, values
from .params import whole as whole_field
from .records import reject_code

CONDITION = re.compile(r"\s*price\s*(>=|<=)\s*([0-9]{1,12}(?:\.[0-9]{1,6})?)\s*")
TARGET_TYPES = ("LO", "MP", "MTL")
MARKETS = ("UNDERLYING", "DERIVATIVES")
ID_ALPHABET = "0123456789abcdefghijklmnopqrstuv"  # xid's base32hex, as DNSE's ids look
MAX_SIZE = 10_000


def utc(epoch: float) -> str:
    """ISO 8601 UTC with microseconds and ``Z``."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Conditional:
    id: str
    symbol: str
    above: bool  # "price >= X" (else "price <= X")
    stop: float
    side: str  # NB or NS
    order_type: str
    quantity: int
    limit: int | None
    package: int
    expires: float  # epoch seconds
    created: float
    status: str = "NEW"
    updated: float = 0.0
    cursor: float = 0.0  # prints at or before this moment have been looked at
    external: str | None = None  # the desk order it placed
    error: str = ""

    @property
    def condition(self) -> str:
        return f"price {'>=' if self.above else '<='} {num(self.stop)}"


class ConditionalOrders:
    """The conditional-order book of one DNSE customer."""

    def __init__(self, customer: Customer, queries: AccountQueries, desk: OrderDesk) -> None:
        self.c = customer
        self.queries = queries
        self.orders = desk
        self.book: dict[str, Conditional] = {}

    # -- triggering ---------------------------------------------------------------------

    def sync(self, now: float) -> None:
        """Trigger and expire what the prints up to ``now`` decide (desk locked)."""
        due: list[tuple[float, Conditional]] = []
        for order in self.book.values():
            if order.status != "NEW":
                continue
            until = min(now, order.expires)
            engine = self.c.desk.engine
            at = first_cross(engine, order.symbol, order.stop, order.above, order.cursor, until)
            if at is not None:
                due.append((at, order))
                continue
            order.cursor = max(order.cursor, until)
            if now >= order.expires:
                order.status, order.updated = "EXPIRED", order.expires
        for at, order in sorted(due, key=lambda d: (d[0], d[1].created)):
            self._activate(order, at)

    def _activate(self, order: Conditional, at: float) -> None:
        order.cursor = order.updated = at
        side = SIDES[order.side]
        try:
            placed = self.orders.submit(
                order.symbol, side, order.order_type, order.quantity, order.limit, order.package, at
            )
        except Refusal as refusal:
            order.status, order.error = "REJECTED", f"{refusal.code or 'BAD_REQUEST'}: {refusal}"
            return
        order.external = placed.id
        if placed.reason is not None:
            code = reject_code(self.c.desk, placed)
            order.status, order.error = "REJECTED", f"{code}: {placed.detail}"
        else:
            order.status = "ACTIVATED"

    # -- the endpoints --------------------------------------------------------------------

    def place(self, raw: bytes) -> Reply:
        data = body(raw)
        self.queries.check(field(data, "accountNo"))
        symbol = field(data, "symbol").upper()[:40]
        props = obj(data, "props")
        market = field(props, "marketId", required=False).upper() or "UNDERLYING"
        if market not in MARKETS:
            raise Refusal(f"props.marketId must be one of {', '.join(MARKETS)}")
        if field(data, "category", required=False).upper() != "STOP":
            raise Refusal("category must be STOP")
        match = CONDITION.fullmatch(field(data, "condition"))
        if match is None:
            raise Refusal('condition must be "price >= X" or "price <= X"')
        stop = amount(props, "stopPrice")
        if stop is None or stop <= 0 or not math.isclose(stop, float(match.group(2))):
            raise Refusal("props.stopPrice must be greater than 0 and the condition's price")
        expires = self._expiry(obj(data, "timeInForce"))
        engine = self.c.desk.engine
        if market == "DERIVATIVES" or symbol not in engine.instruments:
            detail = " (the sandbox lists no futures)" if market == "DERIVATIVES" else ""
            raise Refusal(f"{symbol} is not listed{detail}", code="SYMBOL_NOT_FOUND")
        side, order_type, quantity, limit, package = self._target(obj(data, "targetOrder"), symbol)
        now = self.c.desk.clock()
        order = Conditional(
            "".join(secrets.choice(ID_ALPHABET) for _ in range(20)),
            symbol,
            match.group(1) == ">=",
            stop,
            side,
            order_type,
            quantity,
            limit,
            package,
            expires,
            now,
            updated=now,
            cursor=now,
        )
        self.book[order.id] = order
        return ok({"id": order.id})

    def _expiry(self, tif: Mapping[str, Any]) -> float:
        if field(tif, "kind", required=False).upper() != "GTD":
            raise Refusal("timeInForce.kind must be GTD")
        text_ = field(tif, "expireTime")
        try:
            moment = dt.datetime.fromisoformat(text_)
        except ValueError:
            raise Refusal("timeInForce.expireTime must be an ISO 8601 time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        expires = moment.timestamp()
        if expires <= self.c.desk.clock():
            raise Refusal("timeInForce.expireTime must be in the future")
        return expires

    def _target(
        self, target: Mapping[str, Any], symbol: str
    ) -> tuple[str, str, int, int | None, int]:
        side = field(target, "side", required=False).upper()
        if side not in SIDES:
            raise Refusal("targetOrder.side must be NB (buy) or NS (sell)", code="INVALID_SIDE")
        order_type = field(target, "orderType", required=False).upper()
        if order_type not in TARGET_TYPES:
            raise Refusal("targetOrder.orderType must be LO, MP or MTL", code="INVALID_ORDER_TYPE")
        quantity = whole_field(target, "quantity")
        if (quantity % LOT and (quantity > LOT or order_type != "LO")) or quantity > MAX_QUANTITY:
            raise Refusal(f"{quantity} is not a valid lot", code="INVALID_QUANTITY_LOT")
        price = amount(target, "price")
        limit = None
        if order_type == "LO":
            inst = self.c.desk.engine.instruments[symbol]
            if price is None or price <= 0:
                raise Refusal("targetOrder.price must be greater than 0 for a LO order")
            if not on_tick(price, inst.exchange, inst.stock_type):
                raise Refusal(f"{price:g} is not on the tick grid", code="INVALID_PRICE_LOT")
            limit = int(price)
        if target.get("loanPackageId") is None:
            raise Refusal("targetOrder.loanPackageId is required")
        package_id = whole_field(target, "loanPackageId", 0)
        package = self.c.package(package_id)
        if package is None:
            raise Refusal(
                f"Loan package {package_id} is not this account's", code="INVALID_LOAN_PACKAGE"
            )
        if not package.covers(symbol):
            raise Refusal(
                f"{symbol} is not in the margin basket", code="SYMBOL_IS_NOT_IN_MARGIN_BASKET"
            )
        return side, order_type, quantity, limit, package_id

    def record(self, order: Conditional) -> dict[str, Any]:
        inv = self.c.investor
        external = int(order.external) if order.external is not None else None
        state = {"ACTIVATED": "OK", "REJECTED": "ERROR"}.get(order.status, "")
        return {
            "accountNo": self.c.stock,
            "category": "STOP",
            "condition": order.condition,
            "createdAt": utc(order.created),
            "createdBy": inv.custody,
            "id": order.id,
            "investorId": inv.investor_id,
            "metadata": {"errorMessage": order.error, "externalOrderId": external, "status": state},
            "productGroupId": 0,
            "props": {
                "marketId": "UNDERLYING",
                "stopPrice": num(order.stop),
                "trailingAmount": 0,
                "trailingPercent": 0,
            },
            "status": order.status,
            "symbol": order.symbol,
            "targetOrder": {
                "loanPackageId": order.package,
                "orderType": order.order_type,
                "price": order.limit or 0,
                "quantity": order.quantity,
                "side": order.side,
            },
            "timeInForce": {"expireTime": utc(order.expires)[:19] + "Z", "kind": "GTD"},
            "updatedAt": utc(order.updated),
            "updatedBy": inv.custody,
        }

    def listing(self, raw_query: str) -> Reply:
        params = query(raw_query)
        account = text(params, "accountNo", required=True)
        derivative = account == self.c.derivatives.number
        self.queries.check(account, derivative=derivative)
        page = integer(params, "page", 1, 1, 10**6)
        size = integer(params, "size", 20, 1, MAX_SIZE)
        statuses = {s.upper() for s in values(raw_query, "status")}
        symbol = text(params, "symbol").upper()
        market = text(params, "marketId").upper()
        if market and market not in MARKETS:
            raise Refusal(f"marketId must be one of {', '.join(MARKETS)}")
        first, last = iso_date(params, "from"), iso_date(params, "to")
        daily = boolean(params, "daily", False)
        today = self._date(self.c.desk.clock())
        picked = []
        # every conditional order is the stock account's and UNDERLYING (no futures)
        mine = not derivative and market in ("", "UNDERLYING")
        for order in sorted(self.book.values(), key=lambda o: -o.created) if mine else ():
            created = self._date(order.created)
            if (daily and created != today) or (first and created < first):
                continue
            if (last and created > last) or (statuses and order.status not in statuses):
                continue
            if symbol and order.symbol != symbol:
                continue
            picked.append(order)
        chunk = picked[(page - 1) * size : page * size]
        return ok(
            {
                "content": [self.record(o) for o in chunk],
                "page": page,
                "size": size,
                "numberOfElements": len(chunk),
                "totalElements": len(picked),
                "totalPages": -(-len(picked) // size),
            }
        )

    @staticmethod
    def _date(epoch: float) -> dt.date:
        return local_now(epoch).date()

    def _find(self, order_id: str) -> Conditional:
        order = self.book.get(order_id)
        if order is None:
            raise not_found(f"Conditional order {order_id[:30]}")
        return order

    def detail(self, order_id: str) -> Reply:
        return ok(self.record(self._find(order_id)))

    def cancel(self, order_id: str) -> Reply:
        order = self._find(order_id)
        if order.status != "NEW":
            raise Refusal(
                f"Conditional order {order.id} is {order.status}: only a NEW one can be cancelled",
                code="ORDER_CAN_NOT_BE_CANCELED",
            )
        order.status, order.updated = "CANCELLED", self.c.desk.clock()
        return ok(self.record(order))
