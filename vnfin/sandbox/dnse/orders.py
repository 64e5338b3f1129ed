"""DNSE's cash-equity and derivative orders over the world's desk (reference §4.4, §4.5).

``POST .../v2/orders`` takes ``{symbol, side: NB|NS, orderType, price (VND), quantity,
loanPackageId, accountNo}``. Checked in this order, each a 400 ``{status, code, message}``:
the body is a JSON object; ``accountNo`` is the investor's stock account (403 for another,
``INVALID_ACCOUNT_TYPE`` for the derivative one); ``side`` (``INVALID_SIDE``); ``orderType``
one of :data:`STOCK_TYPES` (``INVALID_ORDER_TYPE``); ``quantity`` a whole number ≥ 1;
``price`` > 0 for ``LO`` (ignored for the market and auction types); ``loanPackageId``
present and the account's (``INVALID_LOAN_PACKAGE``); a margin package covers the symbol
(``SYMBOL_IS_NOT_IN_MARGIN_BASKET``). Then the desk: a refusal answers 400 with DNSE's reject
code (:func:`.records.reject_code`) and the desk's words as ``message``, and stays in the
order list as ``rejected``. A margin buy that needs more than the cash buying power borrows
the shortfall (:class:`.ledger.Loans`), within ``ppse``. Success: 200 and the Order object.

``GET .../v2/orders?accountNo=`` → ``{"orders": [...]}``, today's orders in the order they
were placed (rejected ones included); ``GET``/``DELETE .../v2/orders/{id}?accountNo=`` one
order (any day) / cancels it and answers it ``canceled`` (a cancellation the desk refuses:
400 :data:`.records.CANCEL_CODES`); an id that is not the account's: 404. No amend endpoint.

Derivatives (``.../derivative/orders``): the world lists no futures, so a new order that
passes the same field checks is refused 400 ``SYMBOL_NOT_FOUND``, the list is empty and any id
is 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..replies import Reply
from ..world.desk import Refused
from ..world.orders import Order, Side, fee
from ..world.triggers import place_at
from .accounts import NOT_IN_BASKET, AccountQueries
from .envelope import Refusal, not_found, ok
from .ledger import DERIVATIVE, Customer
from .params import amount, body, field, text, whole
from .records import CANCEL_CODES, CODES, reject_code

STOCK_TYPES = ("LO", "MP", "MTL", "ATO", "ATC", "MOK", "MAK", "PLO")
DERIVATIVE_TYPES = ("LO", "MTL", "ATO", "ATC", "MOK", "MAK")
SIDES = {"NB": Side.BUY, "NS": Side.SELL}


def order_fields(
    data: Mapping[str, Any], types: tuple[str, ...]
) -> tuple[str, Side, str, int, float | None, int]:
    """Symbol, side, type, quantity, limit price and loan package id of an order body (a
    stock's price must be whole VND; a derivative's is index points)."""
    symbol = field(data, "symbol").upper()[:40]
    side = field(data, "side", required=False).upper()
    if side not in SIDES:
        raise Refusal("side must be NB (buy) or NS (sell)", code="INVALID_SIDE")
    order_type = field(data, "orderType", required=False).upper()
    if order_type not in types:
        raise Refusal(f"orderType must be one of {', '.join(types)}", code="INVALID_ORDER_TYPE")
    quantity = whole(data, "quantity")
    price = amount(data, "price")
    limit: float | None = None
    if order_type == "LO":
        if price is None or price <= 0:
            raise Refusal("price must be greater than 0 for a LO order")
        limit = price
    if data.get("loanPackageId") is None:
        raise Refusal("loanPackageId is required")
    package = whole(data, "loanPackageId", 0)
    return symbol, SIDES[side], order_type, quantity, limit, package


class OrderDesk:
    """Order writes and reads for one DNSE customer (call with the desk up to now, locked)."""

    def __init__(self, customer: Customer, queries: AccountQueries) -> None:
        self.c = customer
        self.queries = queries
        self.desk = customer.desk

    # -- cash equities --------------------------------------------------------------------

    def place(self, raw: bytes) -> Reply:
        data = body(raw)
        self.queries.check(field(data, "accountNo"))
        symbol, side, order_type, quantity, price, package = order_fields(data, STOCK_TYPES)
        if price is not None and not price.is_integer():
            raise Refusal(f"{price:g} is not a whole number of VND", code="INVALID_PRICE_LOT")
        limit = None if price is None else int(price)
        order = self.submit(symbol, side, order_type, quantity, limit, package)
        if order.reason is not None:
            raise Refusal(order.detail, code=reject_code(self.desk, order))
        return ok(self.c.record(order))

    def submit(
        self,
        symbol: str,
        side: Side,
        order_type: str,
        quantity: int,
        limit: int | None,
        pid: int,
        at: float | None = None,
    ) -> Order:
        """Check the loan package, borrow for a margin buy, place on the desk (now, or at the
        earlier moment ``at``: :func:`..world.triggers.place_at`); returns the desk's order
        (REJECTED with a reason when the desk refused it)."""
        package = self.c.package(pid)
        if package is None:
            raise Refusal(f"Loan package {pid} is not this account's", code="INVALID_LOAN_PACKAGE")
        if not package.covers(symbol):
            raise Refusal(f"{symbol} is not in the margin basket", code=NOT_IN_BASKET)
        when = self.desk.clock() if at is None else at
        loan = 0
        if package.type == "M" and side is Side.BUY:
            loan = self._loan(symbol, quantity, limit, when)
            if loan:
                self.c.loans.draw(self.c.sub, loan)
        args = (self.c.sub.id, symbol, side, order_type, quantity, limit)
        order = self.desk.place(*args) if at is None else place_at(self.desk, at, *args)
        self.c.packages[order.id] = pid
        if loan and order.reason is not None:
            self.c.loans.undo(self.c.sub, loan)
        return order

    def _loan(self, symbol: str, quantity: int, limit: int | None, now: float) -> int:
        """What a margin buy must borrow: the shortfall of the cash buying power, when the
        margin buying power covers the order (else 0, and the desk refuses it)."""
        price = limit if limit is not None else self.desk.band(symbol, now)[1]
        need = quantity * price + fee(quantity * price)
        power = self.desk.buying_power(self.c.sub, now)
        if need <= power or need > int(power / self.c.margin_package.initial_rate):
            return 0
        return need - power

    def orders(self, params: Mapping[str, str]) -> Reply:
        self.queries.check(text(params, "accountNo", required=True))
        today, _ = self.desk.engine.today(self.desk.clock())
        mine = [o for o in self.desk.orders_of(self.c.sub) if o.day == today]
        return ok({"orders": [self.c.record(o) for o in mine]})

    def _find(self, order_id: str, params: Mapping[str, str]) -> Order:
        self.queries.check(text(params, "accountNo", required=True))
        order = self.desk.orders.get(order_id) if order_id.isdigit() else None
        if order is None or order.account != self.c.sub.id:
            raise not_found(f"Order {order_id[:20]}")
        return order

    def order(self, order_id: str, params: Mapping[str, str]) -> Reply:
        return ok(self.c.record(self._find(order_id, params)))

    def cancel(self, order_id: str, params: Mapping[str, str]) -> Reply:
        order = self._find(order_id, params)
        try:
            self.desk.cancel(order.id)
        except Refused as refused:
            code = CANCEL_CODES.get(refused.reason, CODES[refused.reason])
            raise Refusal(refused.detail, code=code) from None
        self.c.cancelled.add(order.id)
        return ok(self.c.record(order))

    # -- derivatives ----------------------------------------------------------------------

    def derivative_place(self, raw: bytes) -> Reply:
        data = body(raw)
        self.queries.check(field(data, "accountNo"), derivative=True)
        symbol, *_, package = order_fields(data, DERIVATIVE_TYPES)
        if package != DERIVATIVE.id:
            raise Refusal(
                f"Loan package {package} is not this account's", code="INVALID_LOAN_PACKAGE"
            )
        raise Refusal(
            f"{symbol} is not listed (the sandbox lists no futures)", code="SYMBOL_NOT_FOUND"
        )

    def derivative_orders(self, params: Mapping[str, str]) -> Reply:
        self.queries.check(text(params, "accountNo", required=True), derivative=True)
        return ok({"orders": []})

    def derivative_order(self, order_id: str, params: Mapping[str, str]) -> Reply:
        self.queries.check(text(params, "accountNo", required=True), derivative=True)
        raise not_found(f"Order {order_id[:20]}")
