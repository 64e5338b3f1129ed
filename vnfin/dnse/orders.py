"""``dnse.orders``: place and cancel orders, stock and derivative, and conditional (stop) orders
(reference §4.4–§4.6), with pre-trade checks (:mod:`vnfin.dnse.checks`).

Before a write vnfin checks lot and tick, the order type against the exchange, the quantity
against DNSE's ``qmax``/``tradeQuantity`` (ppse), and warns when a limit price is outside
today's band as estimated from the previous close. :meth:`AsyncOrders.preview` runs every
check and sends nothing. Every write needs the trading token from
``dnse.auth.trading_token(code)``; without a live one it raises
:class:`~vnfin.errors.TwoFactorRequired` before sending anything.

``loanPackageId`` is mandatory on the wire: without ``loan_package=`` vnfin sends the
account's cash package (type ``N``) and says so in the order's ``raw["vnfin"]``.
LightSpeed has no amendment for cash equities: :meth:`AsyncOrders.amend` refuses and sends
nothing (cancel, then place a new order).

A write is sent once and never retried. When its answer is lost (a timeout, a 5xx, a broken
connection) vnfin looks in today's orders for what it did (:mod:`vnfin.dnse.follow`) and
returns it with a warning, or raises :class:`~vnfin.errors.OrderStateUnknown`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, ClassVar, NoReturn

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import gather
from .._parse import mapping
from ..errors import ServerError, TransportError, TwoFactorRequired, ValidationError
from ..frames import NO_UNIT
from ..orders import Capacity, Order, OrderRequest, Preview, Side
from . import checks, conditional, routes
from . import trading_routes as trading
from .checks import DerivativeRequest, Listing
from .envelope import rejection
from .follow import Follow, Sent
from .group import DNSEGroup
from .parsers import trading as parse

#: What a lost answer to a write leaves vnfin to find out (timeouts and connection errors).
LOST = (TransportError, ServerError)
OrderRef = Order | int | str


class AsyncOrders(DNSEGroup):
    """Order endpoints (awaitable). Reached as ``AsyncDNSE(...).orders``."""

    name: ClassVar[str] = "orders"
    host: ClassVar[str] = "api"

    @property
    def _follow(self) -> Follow:
        return Follow(self._send, self._layout, self._dnse.order_wait)

    async def _write(self, call: Any) -> Any:
        """Send a write once; a refused trading token is dropped, so it does not look held."""
        try:
            return await self._send(call)
        except TwoFactorRequired:
            self._dnse.trading.forget()
            raise

    # -- what the checks need ------------------------------------------------------------------

    async def _limit(
        self, account: str, request: Any, at: float | None, package: Any, derivative: bool
    ) -> int | None:
        """``qmax`` (buy) or ``tradeQuantity`` (sell) at ``at`` (None without a price)."""
        if at is None or not math.isfinite(at):
            return None
        call = routes.ppse(
            self._layout, account, request.symbol, at, package, derivative=derivative
        )
        reply = await self._send(call)
        return parse.limit(reply.payload, "qmax" if request.side is Side.BUY else "tradeQuantity")

    async def _checked(
        self, request: OrderRequest, found: Listing | None, account: str, loan_package: Any
    ) -> checks.Checked:
        """The checks that need DNSE: the estimated band (warns) and qmax/tradeQuantity."""
        (package, chosen), prices = await gather(
            self._package(account, loan_package, False),
            checks.estimated_band(self._send, request.symbol, found),
        )
        at = request.price
        if at is None:  # a market order is judged at the ceiling, the most it can cost
            at = prices.ceiling if prices.known else prices.last
        limit = await self._limit(account, request, at, package, False)
        checks.within(request.quantity, limit, request.side, request.symbol)
        checks.warn_band(request, prices)
        market = checks.market_state(request.symbol, found, prices)
        capacity = Capacity(sellable=limit) if request.side is Side.SELL else Capacity()
        return checks.Checked(request, account, package, chosen, market, capacity)

    def _sent(self, c: checks.Checked) -> tuple[Any, Sent]:
        r = c.request
        call = trading.place(
            self._layout,
            c.account,
            r.symbol,
            r.side,
            r.order_type.value,
            r.price,
            r.quantity,
            c.package,
        )
        price = None if r.price is None else float(r.price)
        return call, Sent(c.account, r.symbol, r.side, r.quantity, price, r.order_type.value, False)

    # -- previews and new orders ----------------------------------------------------------------

    async def preview(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        account: str | None = None,
        loan_package: int | None = None,
    ) -> Preview:
        """Every pre-trade check of a stock order, and the request that would be sent with its
        estimated value, fees and tax, as a :class:`~vnfin.orders.Preview` (the band shown is
        the estimate). Sends no order and needs no trading token."""
        request, found = checks.pure(symbol, side, quantity, price, order_type)
        c = await self._checked(request, found, await self._account(account), loan_package)
        call, _ = self._sent(c)
        return Preview.of(c.request, c.market, c.capacity, call)

    async def place(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        account: str | None = None,
        loan_package: int | None = None,
    ) -> Order:
        """Check and place a stock order; returns the :class:`~vnfin.orders.Order` DNSE
        answers with. ``side``: BUY/SELL (B/S; ``NB``/``NS`` on the wire); ``order_type``:
        LO with ``price`` in VND, or MP, MTL, ATO, ATC, MOK, MAK without. ``loan_package``:
        by default the account's cash package, named in ``order.raw["vnfin"]``. Raises
        ``ValidationError`` before sending when a check fails, ``TwoFactorRequired`` without
        a live trading token, ``OrderRejected`` when DNSE refuses it (the reject code's
        meaning in ``reason``), ``OrderStateUnknown`` when its fate cannot be told."""
        self._dnse.trading.value()
        request, found = checks.pure(symbol, side, quantity, price, order_type)
        acc = await self._account(account)
        c, before = await gather(
            self._checked(request, found, acc, loan_package), self._before(acc, False)
        )
        call, sent = self._sent(c)
        return await self._submit(call, sent, before, c.chosen)

    async def _before(self, account: str, derivative: bool) -> set[str]:
        """The ids of today's orders before a new one is sent (to tell it apart later)."""
        return {o.order_id for o in await self._follow.book(account, derivative)}

    async def _submit(
        self, call: Any, sent: Sent, before: set[str], chosen: dict[str, Any]
    ) -> Order:
        try:
            reply = await self._write(call)
        except LOST as error:
            return await self._follow.lost_new(call, sent, before, error, **chosen)
        row = mapping(reply.payload, call.path)
        refused = rejection(row, call)
        if refused is not None:
            raise refused
        return parse.order(row, sent.account, **chosen)

    async def place_derivative(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: float | None = None,
        order_type: str = "LO",
        account: str | None = None,
        loan_package: int | None = None,
    ) -> Order:
        """Check and place a derivative order on the derivative account: ``quantity`` in
        contracts, ``price`` in index points (0.1 tick) for LO; MTL, ATO, ATC, MOK, MAK
        without. ``loan_package``: by default the derivative account's (cash, else first)
        package. Returns the :class:`~vnfin.orders.Order` as :meth:`place` does."""
        self._dnse.trading.value()
        request = DerivativeRequest.checked(symbol, side, quantity, price, order_type)
        acc = await self._account(account, derivative=True)
        (package, chosen), before = await gather(
            self._package(acc, loan_package, True), self._before(acc, True)
        )
        limit = await self._limit(acc, request, request.price, package, True)
        checks.within(request.quantity, limit, request.side, request.symbol)
        call = trading.place(
            self._layout,
            acc,
            request.symbol,
            request.side,
            request.order_type,
            request.price,
            request.quantity,
            package,
            derivative=True,
        )
        sent = Sent(
            acc,
            request.symbol,
            request.side,
            request.quantity,
            request.price,
            request.order_type,
            True,
        )
        return await self._submit(call, sent, before, chosen)

    # -- amend and cancel -----------------------------------------------------------------------

    async def amend(
        self,
        order: OrderRef,
        quantity: int | None = None,
        price: int | None = None,
        account: str | None = None,
    ) -> NoReturn:
        """Always raises ``ValidationError`` and sends nothing: LightSpeed has no amendment
        for cash equities (reference §4.4). vnfin does not cancel and re-place behind your
        back (the cancel could succeed and the new order fail): call :meth:`cancel`, then
        :meth:`place` the order you want."""
        raise ValidationError(
            "DNSE's LightSpeed API has no amend for cash equities, and vnfin does not silently "
            "cancel and re-place an order: call dnse.orders.cancel(order), then "
            "dnse.orders.place(...) with the new quantity and price",
            argument="order",
        )

    async def _current(self, order: Any, account: Any, derivative: bool) -> Order:
        if isinstance(order, Order):
            acc = await self._account(account or order.account, derivative=derivative)
            oid = routes.order_id(order.order_id)
        else:
            acc = await self._account(account, derivative=derivative)
            oid = routes.order_id(order)
        return await self._follow.order(acc, oid, derivative)

    async def _cancel(self, order: Any, account: Any, derivative: bool) -> Order:
        self._dnse.trading.value()
        current = await self._current(order, account, derivative)
        if not current.is_open:
            raise ValidationError(
                f"order {current.order_id} cannot be cancelled (status {current.raw_status})",
                argument="order",
            )
        acc = current.account or await self._account(account, derivative=derivative)
        call = trading.cancel(self._layout, acc, current.order_id, derivative=derivative)
        try:
            reply = await self._write(call)
        except LOST as error:
            return await self._follow.lost_cancel(
                call, replace(current, account=acc), error, derivative
            )
        if isinstance(reply.payload, dict) and reply.payload.get("id") is not None:
            return parse.order(reply.payload, acc)
        return await self._follow.order(acc, current.order_id, derivative)

    async def cancel(self, order: OrderRef, account: str | None = None) -> Order:
        """Cancel an open order (its unfilled part). ``order``: a :class:`vnfin.Order` or an
        order id (looked up in today's orders of ``account``). Returns the order as DNSE
        reports it afterwards."""
        return await self._cancel(order, account, False)

    async def cancel_derivative(self, order: OrderRef, account: str | None = None) -> Order:
        """:meth:`cancel` for a derivative order; ``account`` defaults to the derivative one."""
        return await self._cancel(order, account, True)

    # -- conditional orders (§4.6) --------------------------------------------------------------

    async def place_conditional(
        self,
        symbol: str,
        side: str,
        quantity: int,
        stop_price: float,
        price: float | None = None,
        order_type: str = "LO",
        *,
        condition: str | None = None,
        expires: Any = None,
        account: str | None = None,
        loan_package: int | None = None,
        derivative: bool = False,
    ) -> str:
        """Place a stop order: DNSE sends the target order (``side quantity price
        order_type``: LO with a price, MP or MTL without) when the price crosses
        ``stop_price`` — ``condition`` ``">="`` (default for a buy) or ``"<="`` (default for a
        sale) — until ``expires`` (a date or time; default the end of today). VND for stocks;
        ``derivative=True`` for futures in points on the derivative account. Returns the
        conditional order's id (see :meth:`conditional_order`)."""
        self._dnse.trading.value()
        order = conditional.Conditional.checked(
            symbol, side, quantity, stop_price, price, order_type, condition, expires, derivative
        )
        acc = await self._account(account, derivative=derivative)
        (package, _), (rows, _) = await gather(
            self._package(acc, loan_package, derivative),
            conditional.pages(self._send, acc, symbol=order.symbol),
        )
        before = {str(r.get("id")) for r in rows}
        call = conditional.call(order, acc, package)
        try:
            reply = await self._write(call)
        except LOST as error:
            return await conditional.lost_place(self._send, call, order, acc, before, error)
        return conditional.placed_id(reply.payload)

    async def conditional_orders(
        self,
        account: str | None = None,
        *,
        start: Any = None,
        end: Any = None,
        status: str | None = None,
        symbol: str | None = None,
        daily: bool | None = None,
        derivative: bool = False,
    ) -> pd.DataFrame:
        """Conditional orders (every page): one row each, columns ``order_id account symbol
        status condition category side quantity price order_type loan_package_id stop_price
        market expires_at error_message external_order_id created_at updated_at`` and the
        rest DNSE sends.
        Filters: ``start``/``end`` dates, ``status`` (NEW, ACTIVATED, REJECTED, CANCELLED,
        EXPIRED, FAILED, CANCELLED_BY_RIGHTS_EVENT), ``symbol``, ``daily``; ``derivative``
        lists the derivative account's."""
        acc = await self._account(account, derivative=derivative)
        filters = conditional.filters(start, end, status, symbol, daily)
        rows, replies = await conditional.pages(self._send, acc, **filters)
        return self._stamped(
            parse.conditional(rows), replies, trading.CONDITIONAL, unit=NO_UNIT, account=acc
        )

    async def conditional_order(self, order_id: str) -> pd.DataFrame:
        """One conditional order: a one-row frame, columns as :meth:`conditional_orders`."""
        call = trading.conditional_order(order_id)
        reply = await self._send(call)
        table = parse.conditional([mapping(reply.payload, call.path)])
        return self._stamped(table, [reply], call.path, unit=NO_UNIT)

    async def cancel_conditional(self, order_id: str) -> pd.DataFrame:
        """Cancel a conditional order that has not fired; returns it as DNSE reports it
        afterwards (a one-row frame, columns as :meth:`conditional_orders`)."""
        self._dnse.trading.value()
        call = trading.cancel_conditional(order_id)
        oid = trading.conditional_id(order_id)
        try:
            reply = await self._write(call)
        except LOST as error:
            reply = await conditional.lost_cancel(self._send, call, oid, error)
        if not (isinstance(reply.payload, dict) and reply.payload.get("id") is not None):
            reply = await self._send(trading.conditional_order(oid))
        table = parse.conditional([mapping(reply.payload, call.path)])
        return self._stamped(table, [reply], call.path, unit=NO_UNIT)


class Orders(SyncGroup[AsyncOrders]):
    """Order endpoints (blocking). Reached as ``DNSE(...).orders``."""

    preview = blocking(AsyncOrders.preview)
    place = blocking(AsyncOrders.place)
    place_derivative = blocking(AsyncOrders.place_derivative)
    amend = blocking(AsyncOrders.amend)
    cancel = blocking(AsyncOrders.cancel)
    cancel_derivative = blocking(AsyncOrders.cancel_derivative)
    place_conditional = blocking(AsyncOrders.place_conditional)
    conditional_orders = blocking(AsyncOrders.conditional_orders)
    conditional_order = blocking(AsyncOrders.conditional_order)
    cancel_conditional = blocking(AsyncOrders.cancel_conditional)
