"""The order stream's source: what the desk did to SSI's orders, as numbered events.

The desk changes orders lazily, whenever anyone brings it up to "now" (a Finhay call, an SSI
call, :meth:`SSIApp.refresh`). :meth:`Feed.sync` does that, then compares every order of
SSI's account with what it saw last time and appends to the :class:`.events.EventLog`, in
this order per order:

* a new order: ``orderEvent`` as accepted (``QU``, nothing matched) — or, when the desk
  refused it, ``orderEvent`` (``RJ``) then ``orderError`` with its code;
* each new fill: ``orderMatchEvent`` (``matchQty``, ``matchPrice``, ``matchTime`` = the
  fill's time, however much later it is logged);
* then, when anything changed (a fill, an amendment, a cancellation, expiry, the rest of a
  MAK/MOK cancelled), one ``orderEvent`` with the order as it now stands.

A change made on an earlier day than the one being logged (an order that expired at 15:00
yesterday, first looked at this morning) belonged to that day's stream, which SSI resets at
midnight: it is taken note of, not logged.

``uniqueID`` is the requestID of the NewOrder for every event of the order, except the
``orderEvent`` a ModifyOrder or CancelOrder caused: that carries the modify/cancel requestID,
with the order's own in ``origRequestID``. A request the desk refuses without touching an
order (an amendment refused, a malformed order) is logged at once by the app with
:meth:`Feed.error`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..world.clock import local_now
from ..world.desk import Desk
from ..world.orders import Order, State
from ..world.quotes import session
from .events import EventLog
from .records import (
    MESSAGES,
    Ticket,
    code,
    error_event,
    match_event,
    order_event,
)


@dataclass
class _Seen:
    fills: int
    state: State
    quantity: int
    price: int | None
    amended: int


def refusal_code(desk: Desk, order: Order, action: str = "new") -> str:
    """SSI's code for why the desk refused ``order`` (placed, amended or cancelled)."""
    assert order.reason is not None
    above = False
    if order.limit is not None and order.symbol in desk.engine.instruments:
        above = order.limit > session(desk.engine, order.symbol, order.placed).ceiling
    return code(order.reason, action, above)


class Feed:
    """Turns the desk's changes to ``accounts``' orders (world sub-account id → SSI account
    number) into events on ``log``; ``tickets`` are SSI's records of its orders by id."""

    def __init__(
        self,
        desk: Desk,
        log: EventLog,
        accounts: Mapping[str, str],
        tickets: Mapping[str, Ticket],
    ) -> None:
        self.desk = desk
        self.log = log
        self.accounts = accounts
        self.tickets = tickets
        self._seen: dict[str, _Seen] = {}

    def sync(self, cause: Mapping[str, str] | None = None) -> int:
        """Bring the desk up to now and log what changed; ``cause`` maps an order id to the
        modify/cancel requestID that just changed it. Returns the last ``notifyID``."""
        with self.desk.lock:
            self.desk.advance()
            for order in list(self.desk.orders.values()):
                account = self.accounts.get(order.account)
                if account is not None:
                    self._order(order, account, (cause or {}).get(order.id))
            return self.log.last_id()

    def _order(self, order: Order, account: str, caused_by: str | None) -> None:
        ticket = self.tickets.get(order.id)
        own = ticket.request_id if ticket else ""
        seen = self._seen.get(order.id)
        if seen is None:
            if order.state is State.REJECTED:
                self.log.append(account, "orderEvent", order_event(order, account, own))
                error = refusal_code(self.desk, order)
                message = f"{MESSAGES[error]}: {order.detail}"
                self.error(account, error_event(message, error, own, account, order.placed, order))
                self._seen[order.id] = _Seen(0, order.state, order.quantity, order.price, 0)
                return
            accepted = order_event(
                order,
                account,
                own,
                orderStatus="QU",
                osQty=order.quantity,
                filledQty=0,
                avgPrice=0,
                cancelQty=0,
                modifiedTime=str(round(order.placed * 1000)),
            )
            self.log.append(account, "orderEvent", accepted)
            seen = _Seen(0, State.WORKING, order.quantity, order.limit, order.amended)
        today = local_now(self.desk.clock()).date()
        for fill in order.fills[seen.fills :]:
            if local_now(fill.at).date() == today:
                data = match_event(order, account, own, fill)
                self.log.append(account, "orderMatchEvent", data)
        now = _Seen(len(order.fills), order.state, order.quantity, order.price, order.amended)
        if now != seen and local_now(order.updated).date() == today:
            unique, orig = (caused_by, own) if caused_by else (own, "")
            self.log.append(account, "orderEvent", order_event(order, account, unique, orig))
        self._seen[order.id] = now

    def error(self, account: str, data: dict[str, object]) -> int:
        """Log an ``orderError`` for ``account``; returns its ``notifyID``."""
        notify_id = self.log.append(account, "orderError", dict(data))
        ticket = self.tickets.get(str(data.get("orderID", "")))
        if ticket is not None:
            ticket.last_error = {**data, "notifyID": notify_id}
        return notify_id
