"""``fh.orders``: place, amend and cancel real orders, with 2FA and pre-trade checks (reference
§1.7, §2.12, §2.13).

Before any write, vnfin checks the order the way the exchange will: lot and odd-lot rules,
the tick for the exchange and price tier, today's band from the live quote, the order type
against the session the server reports (never the local clock), and buying power or
sellable shares from Finhay's available-trade pre-check. :meth:`AsyncOrders.preview` runs
every check and sends nothing.

A write is sent once and never retried. When its answer is lost (a timeout, a 5xx, a broken
connection), vnfin looks in today's order book for what it sent (comparing with the book as
it was just before) and returns the order it finds; when it cannot tell, it raises
:class:`~vnfin.errors.OrderStateUnknown` with what it knows.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import gather
from .._loop import warn
from .._parse import shape_error
from ..errors import (
    BadRequest,
    OrderRejected,
    OrderStateUnknown,
    ServerError,
    TransportError,
    TwoFactorRequired,
    ValidationError,
    VnfinError,
)
from ..frames import VN_TZ
from ..orders import (
    Capacity,
    MarketState,
    Order,
    OrderRequest,
    OrderType,
    Preview,
    Side,
    check,
)
from ..rules import price_band
from . import routes as public
from . import trading_routes as routes
from .account import TradingGroup
from .parsers import market as market_parse
from .parsers import trading as parse
from .profile import SubAccount

DEAD_SESSIONS = frozenset({"OTP_SESSION_EXPIRED", "OTP_SESSION_INVALID", "OTP_SESSION_REVOKED"})
OTP_HINT = "call fh.orders.request_otp(), then fh.orders.verify_otp(code) with the e-mailed code"
#: What a lost answer to a write leaves vnfin to find out (connection errors included).
LOST = (TransportError, ServerError)


class AsyncOrders(TradingGroup):
    """Order endpoints (awaitable). Reached as ``AsyncFinhay(...).orders``."""

    name: ClassVar[str] = "orders"
    _ticket: str | None = None

    # -- the daily 2FA session (§1.7) ---------------------------------------------------------

    async def request_otp(self) -> str:
        """Ask Finhay to e-mail a one-time code; returns where it went (``u***@gmail.com``).
        Finhay allows 5 requests a day; a code lives 5 minutes."""
        reply = await self._send(routes.otp_request())
        data = reply.payload if isinstance(reply.payload, dict) else {}
        ticket = data.get("ticket_id")
        if not ticket:
            raise shape_error("2fa/request", "no ticket_id")
        self._ticket = str(ticket)
        return str(data.get("masked_destination") or "")

    async def verify_otp(self, code: str) -> pd.Timestamp:
        """Exchange the e-mailed code for today's 2FA session (kept in memory, never shown);
        returns when it expires (23:59:59 Vietnam time)."""
        if self._ticket is None:
            raise ValidationError(
                "no OTP was requested yet: call request_otp() first", argument="code"
            )
        reply = await self._send(routes.otp_verify(self._ticket, code))
        data = reply.payload if isinstance(reply.payload, dict) else {}
        token = data.get("session_token")
        if not isinstance(token, str) or not token:
            raise shape_error("2fa/verify", "no session_token")
        self._credentials.two_fa_token = token
        self._ticket = None
        expires = data.get("expires_at_epoch")
        if isinstance(expires, int | float) and not isinstance(expires, bool):
            return pd.Timestamp(expires, unit="s", tz="UTC").tz_convert(VN_TZ)
        return pd.Timestamp(str(data.get("expires_at"))).tz_convert(VN_TZ)

    async def revoke_otp(self) -> None:
        """End today's 2FA session at Finhay and forget it here."""
        token = self._credentials.two_fa_token
        if token is None:
            return
        await self._send(routes.otp_revoke(token))
        self._credentials.two_fa_token = None

    async def _write(self, call: Any) -> Any:
        """Send a write once. A session the server calls expired, invalid or revoked is
        dropped here too, so ``fh.two_fa_token`` does not look held when it is not."""
        try:
            return await self._send(call)
        except TwoFactorRequired as error:
            if error.error_code in DEAD_SESSIONS:
                self._credentials.two_fa_token = None
            raise

    def _need_session(self) -> None:
        if not self._credentials.two_fa_token:
            raise TwoFactorRequired(
                f"order writes need today's 2FA session: {OTP_HINT}",
                error_code="OTP_SESSION_REQUIRED",
            )

    # -- what the checks need ------------------------------------------------------------------

    async def _market(self, symbol: str) -> MarketState:
        """The symbol's band and exchange from the live quote, and what the exchange's session
        allows right now, as the server says."""
        try:
            quote = market_parse.stock_realtime(
                (await self._send(public.quote_one(symbol))).payload
            )
        except BadRequest:
            quote = pd.DataFrame()
        if symbol not in quote.index:
            raise ValidationError(f"{symbol} is not a listed symbol", argument="symbol")
        row = {str(k): v for k, v in quote.loc[symbol].to_dict().items()}
        exchange, kind = str(row["exchange"]), str(row.get("stock_type") or "STOCK")
        reference = float(row["reference"])
        floor, ceiling = float(row["floor"]), float(row["ceiling"])
        if math.isnan(floor) or math.isnan(ceiling):
            low, high = price_band(reference, exchange, kind)
            floor, ceiling = float(low), float(high)
        [call] = public.sessions(exchange)
        session = market_parse.market_session((await self._send(call)).payload)
        state = session.loc[exchange] if exchange in session.index else None
        last = row.get("price")
        return MarketState(
            symbol=symbol,
            exchange=exchange,
            reference=reference,
            floor=floor,
            ceiling=ceiling,
            session=str(state["exchange_session"]) if state is not None else "UNKNOWN",
            order_types=tuple(state["available_order_types"]) if state is not None else (),
            stock_type=kind,
            last=None if last is None or pd.isna(last) else float(last),
        )

    async def _capacity(self, account: SubAccount, request: OrderRequest) -> Capacity:
        [(_, reply)] = await self._profile.read(
            account.id,
            "order",
            routes.available_trade,
            request.symbol,
            request.side.value,
            request.price,
        )
        return parse.capacity(reply.payload)

    async def _book(self, account: SubAccount) -> list[Order]:
        [(_, reply)] = await self._profile.read(account.id, "order", routes.order_book)
        return [parse.order_from_book(r) for r in parse.book(reply.payload)]

    async def _order(self, account: SubAccount, order_id: str) -> Order:
        [(_, reply)] = await self._profile.read(account.id, "order", routes.order, order_id)
        rows = parse.book(reply.payload)
        if not rows:
            raise ValidationError(
                f"no order {order_id} in today's book of {account.ext}", argument="order_id"
            )
        return parse.order_from_book(rows[0])

    async def _checked(
        self, symbol: Any, side: Any, quantity: Any, price: Any, order_type: Any, sub_account: Any
    ) -> tuple[OrderRequest, SubAccount, MarketState, Capacity, list[Order]]:
        request = OrderRequest.checked(symbol, side, quantity, price, order_type)
        account = await self._profile.one(sub_account, "order")
        market, capacity, book = await gather(
            self._market(request.symbol), self._capacity(account, request), self._book(account)
        )
        check(request, market, capacity)
        return request, account, market, capacity, book

    # -- the writes (§2.13) ---------------------------------------------------------------------

    async def preview(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        sub_account: str | None = None,
    ) -> Preview:
        """Every pre-trade check, and the request that would be sent with its estimated value,
        fees and tax, as a :class:`~vnfin.orders.Preview`. Sends no order."""
        request, account, market, capacity, _ = await self._checked(
            symbol, side, quantity, price, order_type, sub_account
        )
        call = routes.place(account.id, account.ext, request)
        return Preview.of(request, market, capacity, call)

    async def place(
        self,
        symbol: str,
        side: str,
        quantity: int,
        price: int | None = None,
        order_type: str = "LO",
        sub_account: str | None = None,
    ) -> Order:
        """Check and place an order; returns the broker's :class:`~vnfin.orders.Order`
        . ``side``: BUY/SELL (B/S); ``order_type``: LO (with ``price`` in VND),
         MP, ATO, ATC, MTL, MOK, MAK, PLO (without). Raises ``ValidationError`` before sending
         when a check fails, ``OrderRejected`` when the exchange or broker refuses it."""
        self._need_session()
        request, account, _, _, before = await self._checked(
            symbol, side, quantity, price, order_type, sub_account
        )
        call = routes.place(account.id, account.ext, request)
        try:
            reply = await self._write(call)
        except LOST as error:
            return await self._find_placed(account, request, {o.order_id for o in before}, error)
        return _answered(
            reply.payload, call, f"{request.side} {request.quantity:,} {request.symbol}"
        )

    async def _find_placed(
        self, account: SubAccount, request: OrderRequest, before: set[str], error: VnfinError
    ) -> Order:
        def same(o: Order) -> bool:
            kind_ok = o.order_type == request.order_type.value or (
                request.order_type is OrderType.LO and o.price == request.price
            )
            return (
                o.order_id not in before
                and o.symbol == request.symbol
                and o.side is request.side
                and o.quantity == request.quantity
                and kind_ok
            )

        found = await self._look(account, error, "placed", request)
        new = [o for o in found if same(o)]
        if len(new) == 1:
            warn(
                f"the answer to the order was lost ({error}), but it is in today's book: "
                f"order {new[0].order_id}, {new[0].raw_status}"
            )
            return new[0]
        what = "no new order like it" if not new else f"{len(new)} new orders like it"
        raise OrderStateUnknown(
            f"the answer to the order was lost ({error}) and today's book shows {what}: it may "
            "or may not have reached the exchange. Check the order book before sending it "
            "again; vnfin does not resend it",
            method="POST",
            path=routes.place(account.id, account.ext, request).target,
            known={"request": request, "error": str(error), "candidates": new},
        )

    async def _look(
        self, account: SubAccount, error: VnfinError, what: str, request: Any
    ) -> list[Order]:
        try:
            return await self._book(account)
        except VnfinError as lookup:
            raise OrderStateUnknown(
                f"the answer was lost ({error}) and the order book could not be read "
                f"({lookup}): the order may or may not have been {what}",
                known={"request": request, "error": str(error)},
            ) from None

    async def amend(
        self,
        order_id: str,
        quantity: int | None = None,
        price: int | None = None,
        sub_account: str | None = None,
    ) -> Order:
        """Change an open limit order's total ``quantity`` and/or ``price`` (both are sent;
        the one not given keeps its value). Checked like a new order; returns the
        :class:`~vnfin.orders.Order`."""
        if quantity is None and price is None:
            raise ValidationError("pass quantity= or price= (or both)", argument="quantity")
        self._need_session()
        account = await self._profile.one(sub_account, "order")
        current = await self._order(account, order_id)
        if str(current.raw.get("allowamend", "")).upper() != "Y" or not current.is_open:
            raise ValidationError(
                f"order {order_id} cannot be amended now (status {current.raw_status})",
                argument="order_id",
            )
        new_quantity = current.quantity if quantity is None else quantity
        new_price = current.price if price is None else price
        side = current.side or Side.BUY
        request = OrderRequest.checked(current.symbol, side, new_quantity, new_price, "LO")
        if request.quantity <= current.filled_quantity:
            raise ValidationError(
                f"order {order_id} has {current.filled_quantity:,} filled: the new quantity must "
                "be larger",
                argument="quantity",
            )
        check(request, await self._market(request.symbol))
        assert request.price is not None
        call = routes.amend(account.id, current.order_id, request.quantity, request.price)
        try:
            reply = await self._write(call)
        except LOST as error:
            return await self._find_changed(
                account,
                current.order_id,
                error,
                lambda o: o.quantity == request.quantity and o.price == request.price,
                "amended",
            )
        return _answered(reply.payload, call, f"amend of {order_id}")

    async def cancel(self, order_id: str, sub_account: str | None = None) -> Order:
        """Cancel an open order (its unmatched part); returns the
        :class:`~vnfin.orders.Order`."""
        self._need_session()
        account = await self._profile.one(sub_account, "order")
        current = await self._order(account, order_id)
        if str(current.raw.get("allowcancel", "")).upper() != "Y" or not current.is_open:
            raise ValidationError(
                f"order {order_id} cannot be cancelled now (status {current.raw_status})",
                argument="order_id",
            )
        call = routes.cancel(account.id, account.ext, current.order_id)
        try:
            reply = await self._write(call)
        except LOST as error:
            return await self._find_changed(
                account,
                current.order_id,
                error,
                lambda o: o.is_done or o.raw_status.upper() == "CANCELLING",
                "cancelled",
            )
        return _answered(reply.payload, call, f"cancel of {order_id}")

    async def _find_changed(
        self, account: SubAccount, order_id: str, error: VnfinError, done: Any, what: str
    ) -> Order:
        try:
            order = await self._order(account, order_id)
        except VnfinError as lookup:
            raise OrderStateUnknown(
                f"the answer was lost ({error}) and order {order_id} could not be read "
                f"({lookup}): it may or may not have been {what}",
                known={"order_id": order_id, "error": str(error)},
            ) from None
        if done(order):
            warn(f"the answer was lost ({error}), but order {order_id} shows it was {what}")
            return order
        raise OrderStateUnknown(
            f"the answer was lost ({error}) and order {order_id} does not show it {what} "
            f"(status {order.raw_status}): the change may still arrive. Check the order before "
            "trying again; vnfin does not resend it",
            known={"order_id": order_id, "order": order, "error": str(error)},
        )


def _answered(payload: Any, call: Any, what: str) -> Order:
    """The order in a write's answer, or the rejection it reports inside an HTTP 200."""
    row = parse.order_responses(payload)[0]
    refused = parse.rejection(row)
    if refused is not None:
        code, reason = refused
        raise OrderRejected(
            f"{what} refused: {reason} (code {code})",
            reason=reason,
            error_code=code,
            method=call.method,
            path=call.target,
        )
    return parse.order_from_response(row)


class Orders(SyncGroup[AsyncOrders]):
    """Order endpoints (blocking). Reached as ``Finhay(...).orders``."""

    request_otp = blocking(AsyncOrders.request_otp)
    verify_otp = blocking(AsyncOrders.verify_otp)
    revoke_otp = blocking(AsyncOrders.revoke_otp)
    preview = blocking(AsyncOrders.preview)
    place = blocking(AsyncOrders.place)
    amend = blocking(AsyncOrders.amend)
    cancel = blocking(AsyncOrders.cancel)
