"""SSI's order writes over the world's desk (reference §1.5–§1.7, §1.10): NewOrder,
ModifyOrder, CancelOrder and their derivative twins.

The app has checked the bearer token and ``X-Signature``. Then, in this order:

1. the body is a JSON object (field names in any case); ``account`` is SSI's stock account
   (the derivative account for ``der…``), else ``"Account is not exist."``;
2. with a read token (issued with ``isSave: false``) the body's ``code`` must be the PIN/OTP
   (:meth:`.auth.Auth.check_code`);
3. ``requestID`` is 1–8 digits and ``deviceId`` a MAC or ``iface:mac|iface:mac``, else
   ``ORD006``; a ``requestID`` already used today by this account (by any write that got
   this far) is refused ``ORD006``. These refusals log no ``orderError``: the stream names
   requests by their id, and these have no usable one of their own;
4. the request's own fields (``market``/``marketID``, ``buySell``, ``orderType``, ``price``,
   ``quantity``, ``stopOrder``), then the desk's checks: a refusal answers 400 with the code
   in ``data.errorCode`` and logs an ``orderError`` (:mod:`.feed`).

A new order is accepted when the exchange would take it: the answer is ``{"requestID",
"requestData"}`` — the body as received, minus ``code`` — and no order id; the order shows in
``orderBook`` (``uniqueID`` = requestID) and on the stream. ``price`` is VND and must be 0 for
anything but LO (``"Price is null or equal zero when order is market order"``, as SSI words
it). ModifyOrder takes the new price (0 keeps the order's) and the new total quantity; both
unchanged is ``ORD014``; ``orderID`` must be an order of the account (else ``ORD013``) and
``instrumentID``, ``buySell`` and ``marketID`` its own.

Derivatives: the world lists no futures, so ``derNewOrder`` is refused with ``ORD001`` after
the checks above and ``derModifyOrder``/``derCancelOrder`` with ``ORD013`` (no such order).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from ..replies import Reply
from ..world import World
from ..world.clock import local_now
from ..world.desk import Desk, Refused
from ..world.orders import Order, Reason, Side
from .auth import Auth
from .envelope import Refusal, ok
from .feed import Feed, refusal_code
from .params import REQUEST_ID, amount, body, device_ok, field, flag, sent
from .records import MESSAGES, Ticket, code, error_event

STOCK_TYPES = ("LO", "ATO", "ATC", "MP", "MTL", "MOK", "MAK", "PLO")
DERIVATIVE_TYPES = ("LO", "ATO", "ATC", "MTL", "MOK", "MAK")
MARKET_PRICE = "Price is null or equal zero when order is market order"
SECRET_FIELDS = ("code",)


class OrderWrites:
    """The six write endpoints for one SSI customer: ``stock`` and ``derivative`` are its
    account numbers, ``sub_id`` the stock account's id in the world."""

    def __init__(
        self,
        world: World,
        auth: Auth,
        feed: Feed,
        tickets: dict[str, Ticket],
        *,
        stock: str,
        derivative: str,
        sub_id: str,
    ) -> None:
        self.world = world
        self.desk = world.desk
        self.auth = auth
        self.feed = feed
        self.tickets = tickets
        self.stock, self.derivative, self.sub_id = stock, derivative, sub_id
        self._used: dict[tuple[dt.date, str], set[str]] = {}
        self._lock = threading.Lock()

    def table(self) -> dict[str, Callable[[bytes, dict[str, Any]], Reply]]:
        """Handlers by lower-case endpoint name."""
        return {
            "neworder": self.new_order,
            "modifyorder": self.modify_order,
            "cancelorder": self.cancel_order,
            "derneworder": self.der_new_order,
            "dermodifyorder": self.der_modify_order,
            "dercancelorder": self.der_cancel_order,
        }

    # -- the common steps ---------------------------------------------------------------

    def _begin(
        self, raw: bytes, claims: dict[str, Any], account: str
    ) -> tuple[dict[str, Any], str]:
        """Steps 1–3 of the module docstring; returns the body and its requestID."""
        data = body(raw)
        if field(data, "account") != account:
            raise Refusal("Account is not exist.")
        if not claims.get("isSave"):
            self.auth.check_code(field(data, "code"))
        request_id = field(data, "requestID")
        if not REQUEST_ID.fullmatch(request_id):
            raise Refusal("requestID must be 1 to 8 digits", code="ORD006", request_id=request_id)
        if not device_ok(field(data, "deviceId")):
            raise Refusal(
                "deviceId must be a MAC address (XX:XX:XX:XX:XX:XX, XX-XX-XX-XX-XX-XX or "
                "XXXXXXXXXXXX) or iface:mac items joined by |",
                code="ORD006",
                request_id=request_id,
            )
        day = local_now(self.world.clock()).date()
        with self._lock:
            used = self._used.setdefault((day, account), set())
            if request_id in used:
                raise Refusal(
                    f"requestID {request_id} was already used today",
                    code="ORD006",
                    request_id=request_id,
                )
            used.add(request_id)
            self._used = {k: v for k, v in self._used.items() if k[0] == day}
        return data, request_id

    def _refuse(
        self,
        error: str,
        detail: str,
        request_id: str,
        account: str,
        data: dict[str, Any],
        order: Order | None = None,
    ) -> Refusal:
        """Log an ``orderError`` and make the 400 refusal that answers the request."""
        message = f"{MESSAGES[error]}: {detail}" if detail else MESSAGES[error]
        at = self.world.clock()
        self.feed.error(account, error_event(message, error, request_id, account, at, order, data))
        return Refusal(message, code=error, request_id=request_id)

    @staticmethod
    def _accepted(raw: bytes, request_id: str) -> Reply:
        """The answer to an accepted write: the body as sent (names unfolded), no ``code``."""
        echo = {k: v for k, v in sent(raw).items() if str(k).lower() not in SECRET_FIELDS}
        return ok({"requestID": request_id, "requestData": echo})

    def _fields(
        self,
        data: dict[str, Any],
        request_id: str,
        account: str,
        market: str,
        types: tuple[str, ...],
    ) -> tuple[Side, str, int | None, int]:
        """The request's own fields checked (step 4): side, type, limit price, quantity."""

        def bad(detail: str, error: str = "ORD006") -> Refusal:
            return self._refuse(error, detail, request_id, account, data)

        if field(data, "market").upper() != market:
            raise bad(f"market must be {market}")
        buy_sell = field(data, "buySell").upper()
        if buy_sell not in ("B", "S"):
            raise bad("buySell must be B or S")
        order_type = field(data, "orderType").upper()
        if order_type not in types:
            raise bad(f"orderType must be one of {', '.join(types)}", "ORD010")
        price = amount(data, "price")
        quantity = amount(data, "quantity")
        if quantity is None or not quantity.is_integer() or not 1 <= quantity < 2**31:
            raise bad("quantity must be a whole number of shares >= 1")
        if flag(data, "stopOrder") is not False and market == "VN":
            raise bad("stopOrder is for derivatives only")
        if order_type != "LO":
            if price:
                raise bad(MARKET_PRICE)
            limit = None
        else:
            if price is None or price <= 0:
                raise bad("price must be greater than 0 for a LO order")
            if market == "VN" and not price.is_integer():
                raise bad(f"{price} is not a whole number of VND", "ORD004")
            limit = int(price)  # derivatives are refused later: their points go no further
        return Side.BUY if buy_sell == "B" else Side.SELL, order_type, limit, int(quantity)

    # -- stocks ---------------------------------------------------------------------------

    def new_order(self, raw: bytes, claims: dict[str, Any]) -> Reply:
        data, request_id = self._begin(raw, claims, self.stock)
        with self.desk.lock:
            self.feed.sync()
            side, order_type, limit, quantity = self._fields(
                data, request_id, self.stock, "VN", STOCK_TYPES
            )
            symbol = field(data, "instrumentID").upper()
            order = self.desk.place(self.sub_id, symbol, side, order_type, quantity, limit)
            self.tickets[order.id] = Ticket(request_id, self.stock, field(data, "deviceId"))
            self.feed.sync()
            if order.reason is not None:
                error = refusal_code(self.desk, order)
                raise Refusal(
                    f"{MESSAGES[error]}: {order.detail}", code=error, request_id=request_id
                )
        return self._accepted(raw, request_id)

    def _order(self, data: dict[str, Any], request_id: str, account: str) -> Order:
        """The order a modify or cancel request names, checked against its fields."""
        order = self.desk.orders.get(field(data, "orderID"))
        if order is None or order.account != self.sub_id:
            raise self._refuse("ORD013", "", request_id, account, data)
        if field(data, "instrumentID").upper() != order.symbol:
            raise self._refuse(
                "ORD006", "instrumentID is not the order's", request_id, account, data, order
            )
        if field(data, "buySell").upper() != ("B" if order.side is Side.BUY else "S"):
            raise self._refuse(
                "ORD006", "buySell is not the order's", request_id, account, data, order
            )
        if field(data, "marketID").upper() != "VN":
            raise self._refuse("ORD006", "marketID must be VN", request_id, account, data, order)
        return order

    def modify_order(self, raw: bytes, claims: dict[str, Any]) -> Reply:
        data, request_id = self._begin(raw, claims, self.stock)
        with self.desk.lock:
            self.feed.sync()
            order = self._order(data, request_id, self.stock)
            price, quantity = _whole(amount(data, "price")), _whole(amount(data, "quantity"))
            if price is None or quantity is None or price < 0 or quantity < 1:
                detail = "price (VND, 0 keeps it) and quantity (the new total) must be whole"
                raise self._refuse("ORD006", detail, request_id, self.stock, data, order)
            new_price = price or order.price
            if new_price == order.price and quantity == order.quantity:
                raise self._refuse("ORD014", "", request_id, self.stock, data, order)
            try:
                self.desk.amend(order.id, quantity, new_price)
            except Refused as refused:
                error = _write_code(self.desk, order, refused, "amend", new_price)
                detail = refused.detail
                raise self._refuse(error, detail, request_id, self.stock, data, order) from None
            self._done(order, request_id)
        return self._accepted(raw, request_id)

    def cancel_order(self, raw: bytes, claims: dict[str, Any]) -> Reply:
        data, request_id = self._begin(raw, claims, self.stock)
        with self.desk.lock:
            self.feed.sync()
            order = self._order(data, request_id, self.stock)
            try:
                self.desk.cancel(order.id)
            except Refused as refused:
                error = _write_code(self.desk, order, refused, "cancel", None)
                detail = refused.detail
                raise self._refuse(error, detail, request_id, self.stock, data, order) from None
            self._done(order, request_id)
        return self._accepted(raw, request_id)

    def _done(self, order: Order, request_id: str) -> None:
        """Note a modify or cancel request carried out, and log what it changed."""
        ticket = self.tickets.get(order.id)
        if ticket is not None:
            ticket.requests.append(request_id)
        self.feed.sync({order.id: request_id})

    # -- derivatives ----------------------------------------------------------------------

    def der_new_order(self, raw: bytes, claims: dict[str, Any]) -> Reply:
        data, request_id = self._begin(raw, claims, self.derivative)
        with self.desk.lock:
            self._fields(data, request_id, self.derivative, "VNFE", DERIVATIVE_TYPES)
            symbol = field(data, "instrumentID").upper()[:40]
            detail = f"{symbol} is not listed (the sandbox lists no futures)"
            raise self._refuse("ORD001", detail, request_id, self.derivative, data)

    def der_modify_order(self, raw: bytes, claims: dict[str, Any]) -> Reply:
        data, request_id = self._begin(raw, claims, self.derivative)
        with self.desk.lock:
            raise self._refuse("ORD013", "", request_id, self.derivative, data)

    def der_cancel_order(self, raw: bytes, claims: dict[str, Any]) -> Reply:
        return self.der_modify_order(raw, claims)


def _whole(number: float | None) -> int | None:
    """A whole number under 2**31 as an int; None for anything else."""
    if number is None or not number.is_integer() or abs(number) >= 2**31:
        return None
    return int(number)


def _write_code(desk: Desk, order: Order, refused: Refused, action: str, price: int | None) -> str:
    """SSI's code for an amendment or cancellation the desk refused."""
    if refused.reason is Reason.MATCHED_PART and order.is_working:
        return "ORD031"  # the new quantity would not leave anything unmatched
    above = price is not None and price > desk.band(order.symbol, desk.clock())[1]
    return code(refused.reason, action, above)
