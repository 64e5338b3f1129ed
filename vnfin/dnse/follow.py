"""Finding out what an order write did when its answer was lost (reference §4.4, §4.5).

LightSpeed answers a new order with the order itself; a timeout, a 5xx or a broken
connection leaves vnfin without it. Nothing is ever resent. Instead:

* a lost **new order** is looked for in today's orders, among those that were not there
  before it was sent (the book is read while the order is checked), by symbol, side,
  quantity and price (or type, for an order without a price) — as Finhay's reconciliation
  does: exactly one such order is returned with a warning; none or several raise
  :class:`~vnfin.errors.OrderStateUnknown` with what vnfin knows;
* a lost **cancellation** is checked on the order itself: done → returned with a warning,
  still open → :class:`~vnfin.errors.OrderStateUnknown`.

The book is read for up to the client's ``order_wait`` seconds, as an order can take a
moment to show.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

from .._call import Call, Reply
from .._loop import warn
from ..errors import OrderStateUnknown, VnfinError
from ..orders import Order, Side
from . import routes
from .envelope import rejection
from .parsers import trading as parse
from .routes import Layout

POLL = 0.2  # seconds between reads while waiting for an order to show


@dataclass(frozen=True)
class Sent:
    """What an order write asked for: enough to recognise the order in the book."""

    account: str
    symbol: str
    side: Side
    quantity: int
    price: float | None
    order_type: str
    derivative: bool

    def matches(self, order: Order) -> bool:
        if (order.symbol, order.side, order.quantity) != (self.symbol, self.side, self.quantity):
            return False
        if self.order_type == "LO" and self.price is not None:
            return order.price is not None and abs(order.price - self.price) < 1e-6
        return order.order_type.upper() == self.order_type


class Follow:
    """Reads of today's orders through ``send`` (the client's session)."""

    def __init__(
        self, send: Callable[[Call], Awaitable[Reply]], layout: Layout, seconds: float
    ) -> None:
        self._send = send
        self._layout = layout
        self._seconds = max(seconds, 0.0)

    async def book(self, account: str, derivative: bool) -> list[Order]:
        call = routes.orders(self._layout, account, derivative=derivative)
        reply = await self._send(call)
        return parse.orders(reply.payload, account, call.path)

    async def order(self, account: str, order_id: str, derivative: bool) -> Order:
        call = routes.order(self._layout, account, order_id, derivative=derivative)
        reply = await self._send(call)
        return parse.one_order(reply.payload, account, call.path)

    async def _poll(self, read: Callable[[], Awaitable[Any]], done: Callable[[Any], bool]) -> Any:
        """``read()`` until ``done`` says so or the time is up (read at least once)."""
        deadline = time.monotonic() + self._seconds
        while True:
            seen = await read()
            if done(seen) or time.monotonic() + POLL > deadline:
                return seen
            await asyncio.sleep(POLL)

    async def lost_new(
        self, call: Call, sent: Sent, before: Collection[str], error: VnfinError, **noted: Any
    ) -> Order:
        """The new order whose answer was lost, if today's orders show exactly one like it."""
        known: dict[str, Any] = {"sent": sent, "error": str(error), "before": sorted(before)}

        def new(orders: list[Order]) -> list[Order]:
            return [o for o in orders if o.order_id not in before and sent.matches(o)]

        try:
            found: list[Order] = await self._poll(
                lambda: self.book(sent.account, sent.derivative), lambda b: len(new(b)) == 1
            )
        except VnfinError as lookup:
            raise OrderStateUnknown(
                f"the answer to the order was lost ({error}) and today's orders could not be "
                f"read ({lookup}): it may or may not have been placed. Check the order book "
                "before sending it again; vnfin does not resend it",
                method=call.method,
                path=call.target,
                known=known,
            ) from None
        candidates = new(found)
        if len(candidates) != 1:
            what = "no new order like it" if not candidates else f"{len(candidates)} new orders"
            raise OrderStateUnknown(
                f"the answer to the order was lost ({error}) and today's orders show {what}: "
                "it may or may not have reached DNSE. Check the order book before sending it "
                "again; vnfin does not resend it",
                method=call.method,
                path=call.target,
                known={**known, "candidates": candidates},
            )
        order = candidates[0]
        warn(
            f"the answer to the order was lost ({error}), but it is in today's orders: order "
            f"{order.order_id}, {order.raw_status}"
        )
        refused = rejection(order.raw, call)
        if refused is not None:
            raise refused
        return parse.order(order.raw, sent.account, **noted) if noted else order

    async def lost_cancel(
        self, call: Call, current: Order, error: VnfinError, derivative: bool
    ) -> Order:
        """The order a lost cancellation was for, if it shows done."""
        account = current.account or ""
        known: dict[str, Any] = {"order_id": current.order_id, "error": str(error)}
        try:
            found: Order = await self._poll(
                lambda: self.order(account, current.order_id, derivative), lambda o: o.is_done
            )
        except VnfinError as lookup:
            raise OrderStateUnknown(
                f"the answer was lost ({error}) and order {current.order_id} could not be read "
                f"({lookup}): it may or may not have been cancelled",
                method=call.method,
                path=call.target,
                known=known,
            ) from None
        if found.is_done:
            warn(
                f"the answer was lost ({error}), but order {current.order_id} shows "
                f"{found.raw_status}"
            )
            return found
        raise OrderStateUnknown(
            f"the answer was lost ({error}) and order {current.order_id} is still "
            f"{found.raw_status}: the cancellation may still arrive. Check the order before "
            "trying again; vnfin does not resend it",
            method=call.method,
            path=call.target,
            known={**known, "order": found},
        )
