"""Following an order write in today's order book (reference §1.7, §1.8): SSI answers a new
order with its ``requestID`` only, and an answer can be lost.

* after a write is accepted, :meth:`Follow.placed` and :meth:`Follow.changed` read the book
  (a bounded wait) for the order's id and status — matched on ``uniqueID`` for a new order,
  on ``orderID`` for an amendment or a cancellation;
* after a write's answer is lost, :meth:`Follow.lost_new` and :meth:`Follow.lost_change` look
  for what it did and return it with a warning, or raise
  :class:`~vnfin.errors.OrderStateUnknown` with what vnfin knows. Nothing is ever resent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .._call import Call, Reply
from .._loop import warn
from ..errors import OrderRejected, OrderStateUnknown, VnfinError
from ..orders import Order, OrderStatus, Side
from . import trading_routes as trading
from .envelope import ORDER_CODES
from .parsers import common
from .parsers import trading as parse

POLL = 0.2  # seconds between order-book reads while waiting for an order to show
Match = Callable[[Order], bool]


def pending_order(
    ticket: trading.Ticket,
    symbol: str,
    side: Side,
    quantity: int,
    price: float | None,
    order_type: str,
) -> Order:
    """The order as sent, before SSI reports its id (``order_id`` empty, status pending)."""
    return Order(
        order_id="",
        status=OrderStatus.PENDING,
        raw_status="",
        symbol=symbol,
        side=side,
        quantity=quantity,
        price=None if price is None else float(price),
        order_type=order_type,
        account=ticket.account,
        source="ssi",
        request_id=ticket.request_id,
    )


def cancelled(order: Order) -> bool:
    """Done, or waiting to be cancelled (``WC``): what a cancellation leads to."""
    return order.is_done or order.raw_status.upper() == "WC"


def refused(order: Order) -> None:
    """Raise OrderRejected for an order the book shows rejected (SSI's reason and code)."""
    if order.status is not OrderStatus.REJECTED:
        return
    reason = str(common.field(order.raw, "rejectReason") or "rejected")
    code = next((c for c in ORDER_CODES if c in reason), None)
    meaning = f"{ORDER_CODES[code]} ({code}): " if code else ""
    raise OrderRejected(
        f"order {order.order_id} (request {order.request_id}) was rejected: {reason}",
        reason=meaning + reason,
        error_code=code,
    )


def _any(order: Order) -> bool:
    return True


class Follow:
    """Reads of today's book through ``send`` (the trading session's)."""

    def __init__(self, send: Callable[[Call], Awaitable[Reply]]) -> None:
        self._send = send

    async def book(self, account: str) -> list[Order]:
        reply = await self._send(trading.order_book(account))
        return parse.orders(reply.payload, "orderBook", account)

    async def poll(
        self, account: str, match: Match, seconds: float, done: Match = _any
    ) -> Order | None:
        """Read the book until an order ``match``es and is ``done``, or ``seconds`` pass (it
        is read at least once); the last match seen, or None."""
        deadline = time.monotonic() + seconds
        seen: Order | None = None
        while True:
            found = [o for o in await self.book(account) if match(o)]
            if found:
                seen = found[-1]
                if done(seen):
                    return seen
            if time.monotonic() + POLL > deadline:
                return seen
            await asyncio.sleep(POLL)

    async def placed(self, ticket: trading.Ticket, pending: Order, seconds: float) -> Order:
        """A new order as the book shows it within ``seconds`` (``pending`` if it does not
        show yet, or ``seconds`` is 0); OrderRejected if it shows rejected."""
        if seconds == 0:
            return pending
        found = await self.poll(ticket.account, _by_request(ticket), seconds)
        if found is None:
            return pending
        refused(found)
        return found

    async def changed(self, current: Order, done: Match, seconds: float) -> Order:
        """The order after an amendment or a cancellation SSI accepted."""
        found = await self.poll(current.account or "", _by_id(current), seconds, done)
        return found or current

    async def lost_new(
        self, ticket: trading.Ticket, pending: Order, error: VnfinError, seconds: float
    ) -> Order:
        """The new order whose answer was lost, found in the book by request id."""
        known = {
            "request_id": ticket.request_id,
            "account": ticket.account,
            "order": pending,
            "error": str(error),
        }
        try:
            found = await self.poll(ticket.account, _by_request(ticket), seconds)
        except VnfinError as lookup:
            raise OrderStateUnknown(
                f"the answer to the order was lost ({error}) and the order book could not be "
                f"read ({lookup}): it may or may not have been placed",
                known=known,
            ) from None
        if found is None:
            raise OrderStateUnknown(
                f"the answer to the order was lost ({error}) and today's book shows no order "
                f"with request id {ticket.request_id}: it may or may not have reached SSI. "
                "Check the order book before sending it again; vnfin does not resend it",
                known=known,
            )
        warn(
            f"the answer to the order was lost ({error}), but it is in today's book: order "
            f"{found.order_id}, {found.raw_status}"
        )
        refused(found)
        return found

    async def lost_change(
        self,
        call: Call,
        current: Order,
        done: Match,
        what: str,
        error: VnfinError,
        seconds: float,
    ) -> Order:
        """The order an amendment or cancellation whose answer was lost was for: returned
        when it shows the change ``done``, else OrderStateUnknown."""
        known: dict[str, Any] = {"order_id": current.order_id, "error": str(error)}
        try:
            found = await self.poll(current.account or "", _by_id(current), seconds, done)
        except VnfinError as lookup:
            raise OrderStateUnknown(
                f"the answer was lost ({error}) and order {current.order_id} could not be "
                f"read ({lookup}): it may or may not have been {what}",
                method=call.method,
                path=call.target,
                known=known,
            ) from None
        if found is not None and done(found):
            warn(f"the answer was lost ({error}), but order {current.order_id} shows it was {what}")
            return found
        state = found.raw_status if found else "not in the book"
        raise OrderStateUnknown(
            f"the answer was lost ({error}) and order {current.order_id} does not show it "
            f"{what} ({state}): the change may still arrive. Check the order before trying "
            "again; vnfin does not resend it",
            method=call.method,
            path=call.target,
            known={**known, "order": found},
        )


def _by_request(ticket: trading.Ticket) -> Match:
    return lambda order: order.request_id == ticket.request_id


def _by_id(current: Order) -> Match:
    return lambda order: order.order_id == current.order_id
