"""SSI's order-book queries over the world's desk (reference §1.8, spec 5.11, 5.19, 5.20).

* ``GET orderBook?account=`` → ``data.orders``: today's orders of the account, oldest first,
  each the order object of :func:`.records.order_record` (``uniqueID`` = the NewOrder's
  requestID, ``orderID`` the exchange order id, ``orderStatus`` SSI's code);
* ``GET auditOrderBook?account=`` → the same orders, each with ``lastErrorEvent``: the
  ``orderError`` data of the last refused request about the order (its own rejection, or a
  refused amendment or cancellation), or null;
* ``GET orderHistory?account=&startDate=&endDate=`` (``DD/MM/YYYY``, both required, start
  not after end) → ``data.orderHistories``: the orders placed on those dates, oldest first.

The derivative account has no orders (the world lists no futures): its books are empty.
Orders of the stock account placed some other way (Finhay's paths reach every sub-account)
show with an empty ``uniqueID``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..replies import Reply
from ..world.clock import local_now
from ..world.desk import Desk
from ..world.orders import Order
from .envelope import Refusal, ok
from .feed import Feed
from .params import date, text
from .records import Ticket, order_record


class OrderBooks:
    """The three order-book reads for SSI's ``stock`` account (``sub_id`` in the world) and
    its ``derivative`` account."""

    def __init__(
        self,
        desk: Desk,
        feed: Feed,
        tickets: Mapping[str, Ticket],
        *,
        stock: str,
        derivative: str,
        sub_id: str,
    ) -> None:
        self.desk = desk
        self.feed = feed
        self.tickets = tickets
        self.stock, self.derivative, self.sub_id = stock, derivative, sub_id

    def table(self) -> dict[str, Callable[[Mapping[str, str]], Reply]]:
        """Handlers by lower-case endpoint name."""
        return {
            "orderbook": self.order_book,
            "auditorderbook": self.audit_order_book,
            "orderhistory": self.order_history,
        }

    def _orders(self, params: Mapping[str, str]) -> tuple[list[Order], float]:
        """The account's orders (all days), with the desk brought up to now."""
        account = text(params, "account", required=True)
        if account not in (self.stock, self.derivative):
            raise Refusal("Account is not exist.")
        self.feed.sync()
        now = self.desk.clock()
        if account == self.derivative:
            return [], now
        sub = self.desk.sub(self.sub_id)
        assert sub is not None  # opened with the app
        return self.desk.orders_of(sub), now

    def _today(self, params: Mapping[str, str]) -> list[Order]:
        orders, now = self._orders(params)
        today, _ = self.desk.engine.today(now)
        return [o for o in orders if o.day == today]

    def order_book(self, params: Mapping[str, str]) -> Reply:
        with self.desk.lock:
            orders = self._today(params)
            return ok({"orders": [order_record(o, self.tickets.get(o.id)) for o in orders]})

    def audit_order_book(self, params: Mapping[str, str]) -> Reply:
        with self.desk.lock:
            records = []
            for order in self._today(params):
                ticket = self.tickets.get(order.id)
                error = ticket.last_error if ticket else None
                records.append({**order_record(order, ticket), "lastErrorEvent": error})
            return ok({"orders": records})

    def order_history(self, params: Mapping[str, str]) -> Reply:
        start = date(params, "startDate", "Start Date")
        end = date(params, "endDate", "End Date")
        if start > end:
            raise Refusal("'Start Date' must not be after 'End Date'.")
        with self.desk.lock:
            orders, _ = self._orders(params)
            found: list[dict[str, Any]] = [
                order_record(o, self.tickets.get(o.id))
                for o in orders
                if start <= local_now(o.placed).date() <= end
            ]
        return ok({"orderHistories": found})
