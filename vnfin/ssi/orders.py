"""``ssi.orders``: place, amend and cancel orders, stock and derivative, with RSA-signed bodies
and pre-trade checks (reference §1.4–§1.7, §1.10).

Before a write vnfin checks the order the way the exchange will (:mod:`vnfin.ssi.checks`)
and against SSI's ``maxBuyQty``/``maxSellQty``; :meth:`AsyncOrders.preview` runs every check
and sends nothing. A write needs the write token from ``ssi.auth.verify`` and the private key.

SSI answers a new order with its ``requestID`` only: :meth:`AsyncOrders.place` returns the
order with its ``request_id`` and, once it shows in today's order book (matched on
``uniqueID``; a bounded wait, ``order_wait=`` of the client or ``wait=``), its ``order_id``
and status. An order the book shows rejected raises :class:`~vnfin.errors.OrderRejected`.

A write is sent once and never retried. When its answer is lost (a timeout, a 5xx, a broken
connection) vnfin looks for it in today's book, by ``request_id`` for a new order and by the
order's own state for an amendment or a cancellation, and returns what it finds; when it
cannot tell, it raises :class:`~vnfin.errors.OrderStateUnknown` with what it knows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from .._faces import SyncGroup, blocking
from .._group import gather
from .._inputs import number
from ..errors import ServerError, TransportError, ValidationError
from ..frames import VN_TZ
from ..orders import (
    Capacity,
    Order,
    OrderRequest,
    OrderType,
    Preview,
    Side,
    check,
)
from . import checks, routes, vocab
from . import trading_routes as trading
from .checks import Band, DerivativeRequest, Instrument
from .follow import Follow, cancelled, pending_order
from .group import SSIGroup
from .parsers import trading as parse

#: What a lost answer to a write leaves vnfin to find out (timeouts and connection errors
#: included).
LOST = (TransportError, ServerError)
OrderRef = Order | str


class AsyncOrders(SSIGroup):
    """Order endpoints (awaitable). Reached as ``AsyncSSI(...).orders``."""

    name: ClassVar[str] = "orders"
    host: ClassVar[str] = "trading"

    # -- what the checks need -------------------------------------------------------------------

    async def _instrument(self, symbol: str) -> Instrument:
        reply = await self._data(routes.securities_details(symbol))
        return checks.instrument(symbol, reply.payload)

    async def _band(self, inst: Instrument) -> Band:
        today = inst.today or dt.datetime.now(ZoneInfo(VN_TZ)).date()
        first = today - dt.timedelta(days=14)
        market = "DER" if inst.is_derivative else None
        reply = await self._data(routes.daily_stock_price(inst.symbol, first, today, 1, market))
        return checks.band(reply.payload, today)

    async def _limit(
        self, account: str, symbol: str, side: Side, price: float | None
    ) -> int | None:
        """SSI's maxBuyQty (at ``price``) or maxSellQty for ``symbol``; None for a buy
        without a price to ask at (a market order when today's band is not known)."""
        if price is not None and not math.isfinite(price):
            price = None
        if side is Side.BUY:
            if price is None:
                return None
            reply = await self._send(trading.max_buy_quantity(account, symbol, price))
            return parse.capacity(reply.payload, "maxBuyQty", "maxBuyQty")
        reply = await self._send(trading.max_sell_quantity(account, symbol, price))
        return parse.capacity(reply.payload, "maxSellQty", "maxSellQty")

    async def _market(
        self, symbol: str, account: str, side: Side, price: float | None
    ) -> tuple[Instrument, Band, int | None]:
        """The symbol's instrument and band, and the account's limit at ``price`` (at the
        ceiling for a market order): a limit order's limit is asked for at the same time."""

        async def reference() -> tuple[Instrument, Band]:
            inst = await self._instrument(symbol)
            return inst, await self._band(inst)

        if price is not None:
            (inst, prices), limit = await gather(
                reference(), self._limit(account, symbol, side, price)
            )
            return inst, prices, limit
        inst, prices = await reference()
        return inst, prices, await self._limit(account, symbol, side, prices.ceiling)

    async def _checked_stock(
        self, symbol: Any, side: Any, quantity: Any, price: Any, order_type: Any, account: Any
    ) -> tuple[OrderRequest, str, Any, Capacity]:
        request = OrderRequest.checked(symbol, side, quantity, price, order_type)
        acc = self._ssi.account_for(account)
        inst, prices, limit = await self._market(request.symbol, acc, request.side, request.price)
        if inst.is_derivative:
            raise ValidationError(
                f"{request.symbol} is a derivative: use place_derivative()", argument="symbol"
            )
        checks.exchange_takes(request.order_type.value, inst.exchange)
        heard = self._ssi.market_sessions.allowed(inst.symbol, inst.exchange)
        market = checks.market_state(inst, prices, tuple(vocab.STOCK_ORDER_TYPES), heard)
        capacity = Capacity(sellable=limit if request.side is Side.SELL else None)
        check(request, market, capacity)
        checks.within(request.quantity, limit, request.side, request.symbol)
        return request, acc, market, capacity

    async def _checked_derivative(
        self, symbol: Any, side: Any, quantity: Any, price: Any, order_type: Any, account: Any
    ) -> tuple[DerivativeRequest, str, Band]:
        request = DerivativeRequest.checked(symbol, side, quantity, price, order_type)
        acc = self._ssi.account_for(account, derivative=True)
        inst, prices, limit = await self._market(request.symbol, acc, request.side, request.price)
        checks.check_derivative(request, inst, prices)
        checks.within(request.quantity, limit, request.side, request.symbol)
        return request, acc, prices

    def _need_write(self) -> None:
        """Refuse before any request when a write cannot be signed or authorised."""
        if not self._ssi.has_key:
            raise ValidationError(
                "private_key is required to sign orders: pass private_key= or set SSI_PRIVATE_KEY",
                argument="private_key",
            )
        self._ssi.writes.bearer()

    def _ticket(self, account: str) -> trading.Ticket:
        return trading.Ticket(account, self._ssi.request_ids.next(), self._ssi.device_id)

    # -- previews ---------------------------------------------------------------------------------

    async def preview(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        account: str | None = None,
    ) -> Preview:
        """Every pre-trade check of a stock order, and the request that would be sent with its
        estimated value, fees and tax, as a :class:`~vnfin.orders.Preview`. Sends no order
        (the body shown has ``"code": ""``: a kept PIN/OTP is added only when sending)."""
        request, acc, market, capacity = await self._checked_stock(
            symbol, side, quantity, price, order_type, account
        )
        call = _new(self._ticket(acc), request)
        return Preview.of(request, market, capacity, call)

    async def preview_derivative(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: float | None = None,
        order_type: str = "LO",
        account: str | None = None,
    ) -> dict[str, Any]:
        """Every pre-trade check of a derivative order; returns what would be sent (``method
        target body``), the ``request`` and today's ``band``. Sends no order."""
        request, acc, prices = await self._checked_derivative(
            symbol, side, quantity, price, order_type, account
        )
        call = _new(self._ticket(acc), request)
        return {
            "request": request,
            "band": prices,
            "method": call.method,
            "target": call.target,
            "body": call.body,
        }

    # -- new orders -------------------------------------------------------------------------------

    async def place(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        account: str | None = None,
        *,
        wait: float | None = None,
    ) -> Order:
        """Check and place a stock order; returns the :class:`~vnfin.orders.Order` with its
        ``request_id`` and, once today's book shows it (within ``wait`` seconds, default the
        client's ``order_wait``; ``wait=0`` does not look), its ``order_id`` and status
        (else ``order_id`` is empty and the status pending). ``side``: BUY/SELL (B/S);
        ``order_type``: LO with ``price`` in VND, or ATO, ATC, MP, MTL, MOK, MAK, PLO
        without. Raises ``ValidationError`` before sending when a check fails,
        ``TwoFactorRequired`` without a live write token, ``OrderRejected`` when SSI or the
        exchange refuses it."""
        self._need_write()
        request, acc, _, _ = await self._checked_stock(
            symbol, side, quantity, price, order_type, account
        )
        ticket = self._ticket(acc)
        pending = pending_order(
            ticket,
            request.symbol,
            request.side,
            request.quantity,
            request.price,
            request.order_type.value,
        )
        return await self._submit(_new(ticket, request), ticket, pending, wait)

    async def place_derivative(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: float | None = None,
        order_type: str = "LO",
        account: str | None = None,
        *,
        wait: float | None = None,
    ) -> Order:
        """Check and place a derivative order (derNewOrder) on the derivative account:
        ``quantity`` in contracts, ``price`` in index points for LO; ATO, ATC, MTL, MOK, MAK
        without. Returns the :class:`~vnfin.orders.Order` as :meth:`place` does."""
        self._need_write()
        request, acc, _ = await self._checked_derivative(
            symbol, side, quantity, price, order_type, account
        )
        ticket = self._ticket(acc)
        pending = pending_order(
            ticket,
            request.symbol,
            request.side,
            request.quantity,
            request.price,
            request.order_type,
        )
        return await self._submit(_new(ticket, request), ticket, pending, wait)

    @property
    def _follow(self) -> Follow:
        return Follow(self._send)

    async def _submit(self, call: Any, ticket: trading.Ticket, pending: Order, wait: Any) -> Order:
        seconds = self._wait(wait)
        try:
            await self._send(call)
        except LOST as error:
            return await self._follow.lost_new(ticket, pending, error, max(seconds, 1.0))
        return await self._follow.placed(ticket, pending, seconds)

    async def _change(
        self, call: Any, current: Order, done: Callable[[Order], bool], what: str
    ) -> Order:
        try:
            await self._send(call)
        except LOST as error:
            seconds = max(self._ssi.order_wait, 1.0)
            return await self._follow.lost_change(call, current, done, what, error, seconds)
        return await self._follow.changed(current, done, self._ssi.order_wait)

    def _wait(self, wait: Any) -> float:
        if wait is None:
            return self._ssi.order_wait
        if wait == 0:
            return 0.0
        return number(wait, "wait")

    # -- amend and cancel -----------------------------------------------------------------------

    async def _current(self, order: Any, account: Any, derivative: bool) -> Order:
        """The order as today's book shows it, from an :class:`Order` or an order id."""
        if isinstance(order, Order):
            acc = self._ssi.account_for(account or order.account, derivative=derivative)
            if order.order_id:
                key, wanted = "order_id", order.order_id
            elif order.request_id:
                key, wanted = "request_id", order.request_id
            else:
                raise ValidationError(
                    "this Order has neither an order id nor a request id", argument="order"
                )
        else:
            acc = self._ssi.account_for(account, derivative=derivative)
            key, wanted = "order_id", trading.order_id(order)
        for found in await self._follow.book(acc):
            if getattr(found, key) == wanted:
                return found
        raise ValidationError(
            f"no order with {key.replace('_', ' ')} {wanted} in today's book of {acc}",
            argument="order",
        )

    async def amend(
        self,
        order: OrderRef,
        quantity: int | None = None,
        price: float | None = None,
        account: str | None = None,
    ) -> Order:
        """Change an open limit order's total ``quantity`` and/or ``price`` (the one not
        given keeps its value). ``order``: a :class:`~vnfin.orders.Order` or an order id
        (looked up in today's book of ``account``). A derivative order (market VNFE) is
        amended with derModifyOrder. Checked like a new order; returns the order as the book
        shows it after the change (within the client's ``order_wait``)."""
        return await self._amend(order, quantity, price, account, derivative=False)

    async def amend_derivative(
        self,
        order: OrderRef,
        quantity: int | None = None,
        price: float | None = None,
        account: str | None = None,
    ) -> Order:
        """:meth:`amend` for a derivative order; ``account`` defaults to the derivative one."""
        return await self._amend(order, quantity, price, account, derivative=True)

    async def _amend(
        self, order: Any, quantity: Any, price: Any, account: Any, *, derivative: bool
    ) -> Order:
        if quantity is None and price is None:
            raise ValidationError("pass quantity= or price= (or both)", argument="quantity")
        self._need_write()
        current = await self._current(order, account, derivative)
        der = parse.is_derivative(current, derivative)
        if not current.is_open or current.order_type.upper() != "LO":
            raise ValidationError(
                f"order {current.order_id} cannot be amended (a {current.order_type or '?'} "
                f"order, status {current.raw_status}): only open limit orders can",
                argument="order",
            )
        side = current.side or Side.BUY
        new_quantity = current.quantity if quantity is None else quantity
        new_price = current.price if price is None else price
        if der:
            request = DerivativeRequest.checked(current.symbol, side, new_quantity, new_price)
            inst = await self._instrument(request.symbol)
            checks.check_derivative(request, inst, await self._band(inst))
            amount: float | None = request.price
            count = request.quantity
        else:
            stock = OrderRequest.checked(current.symbol, side, new_quantity, new_price, "LO")
            inst = await self._instrument(stock.symbol)
            prices = await self._band(inst)
            heard = self._ssi.market_sessions.allowed(inst.symbol, inst.exchange)
            check(stock, checks.market_state(inst, prices, tuple(vocab.STOCK_ORDER_TYPES), heard))
            amount, count = stock.price, stock.quantity
        if count <= current.filled_quantity:
            raise ValidationError(
                f"order {current.order_id} has {current.filled_quantity:,} filled: the new "
                "quantity must be larger",
                argument="quantity",
            )
        acc = current.account or self._ssi.account_for(account, derivative=der)
        ticket = self._ticket(acc)
        call = trading.modify_order(
            ticket,
            current.order_id,
            current.symbol,
            side,
            "LO",
            amount,
            count,
            derivative=der,
        )

        def changed(o: Order) -> bool:
            return (
                o.quantity == count and o.price is not None and abs(o.price - (amount or 0)) < 1e-9
            )

        return await self._change(call, current, changed, "amended")

    async def cancel(self, order: OrderRef, account: str | None = None) -> Order:
        """Cancel an open order (its unmatched part). ``order``: a
        :class:`~vnfin.orders.Order` or an order id (looked up in today's book of
        ``account``); a derivative order is cancelled with derCancelOrder. Returns the order
        as the book shows it afterwards (cancelled, or waiting to be, ``WC``)."""
        return await self._cancel(order, account, derivative=False)

    async def cancel_derivative(self, order: OrderRef, account: str | None = None) -> Order:
        """:meth:`cancel` for a derivative order; ``account`` defaults to the derivative one."""
        return await self._cancel(order, account, derivative=True)

    async def _cancel(self, order: Any, account: Any, *, derivative: bool) -> Order:
        self._need_write()
        current = await self._current(order, account, derivative)
        if not current.is_open:
            raise ValidationError(
                f"order {current.order_id} cannot be cancelled (status {current.raw_status})",
                argument="order",
            )
        der = parse.is_derivative(current, derivative)
        acc = current.account or self._ssi.account_for(account, derivative=der)
        ticket = self._ticket(acc)
        call = trading.cancel_order(
            ticket,
            current.order_id,
            current.symbol,
            current.side or Side.BUY,
            derivative=der,
        )
        return await self._change(call, current, cancelled, "cancelled")


def _new(ticket: trading.Ticket, request: OrderRequest | DerivativeRequest) -> Any:
    """NewOrder for a stock request, derNewOrder for a derivative one."""
    kind = request.order_type
    return trading.new_order(
        ticket,
        request.symbol,
        request.side,
        kind.value if isinstance(kind, OrderType) else kind,
        request.price,
        request.quantity,
        derivative=isinstance(request, DerivativeRequest),
    )


class Orders(SyncGroup[AsyncOrders]):
    """Order endpoints (blocking). Reached as ``SSI(...).orders``."""

    preview = blocking(AsyncOrders.preview)
    preview_derivative = blocking(AsyncOrders.preview_derivative)
    place = blocking(AsyncOrders.place)
    place_derivative = blocking(AsyncOrders.place_derivative)
    amend = blocking(AsyncOrders.amend)
    amend_derivative = blocking(AsyncOrders.amend_derivative)
    cancel = blocking(AsyncOrders.cancel)
    cancel_derivative = blocking(AsyncOrders.cancel_derivative)
