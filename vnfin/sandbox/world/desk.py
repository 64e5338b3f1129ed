"""The brokerage desk: places, amends and cancels orders as the exchange and broker would, and
keeps the accounts in step with the market. Broker-neutral; :mod:`.matching` states the
matching rules, :mod:`.accounts` the ledger, :mod:`.rights` the corporate actions.

**Lazy time.** The market only moves when the world's clock does. Every call first brings
the book and the accounts up to "now" (:meth:`Desk.advance`): working orders meet the prints
up to now and expire at 15:00 of their day, settlements fall due, and dividends whose action
date comes after the day the desk opened (its first call) are carried out on that date (cash
dividends into cash, stock dividends into shares; earlier ones are in the starting balances).
Setting the clock back undoes nothing.

**Checks on a new order**, in this order (the first that fails names the :class:`Reason`):
the sub-account takes API orders; the symbol is listed; it is not halted (:attr:`Desk.halted`);
the exchange is open (``CLOSED`` → market closed); the order type is allowed in the current
session (the calendar's table, with the aliases of :func:`.orders.session_name`); an odd lot
(1–99 shares) is a limit order; more than 99 shares are whole lots, at most 500,000; a limit
price is on the tick grid and inside today's band; a buy fits the buying power — settled cash
less what working buys hold (their rest × limit price, the ceiling for the market and
auction types, plus the fee) — and a sale fits the sellable shares (settled, less what
working sales hold). A refused order is kept, REJECTED, with its reason.

**Amend** (limit orders, while the session matches continuously or is at lunch: PROGRESS or
BREAK): the new quantity is the new total, must leave something unmatched and keep the lot
class; the new price is checked like a new one, the buying power or shares for the increase;
the order then meets the market again as if it had just arrived. **Cancel** (any working
order, except during HOSE's opening auction and the closing auctions): the unmatched part is
cancelled, the matched part stays. Touching an order with nothing left working, or the
matched part of one, is refused as :attr:`Reason.MATCHED_PART`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping

from . import matching
from .accounts import Account, SubAccount
from .calendar import order_types, session_state
from .engine import MarketEngine
from .exchange import on_tick
from .orders import (
    LOT,
    MAX_QUANTITY,
    Order,
    Reason,
    Side,
    State,
    fee,
    sale_tax,
    session_name,
)
from .quotes import session
from .rights import carry_out

AMEND_SESSIONS = ("PROGRESS", "BREAK")
NO_CANCEL = {("HOSE", "OPEN"), ("HOSE", "PRE_CLOSED"), ("HNX", "PRE_CLOSED")}


class Refused(Exception):
    """An order, amendment or cancellation the exchange or broker refuses."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class Desk:
    """Orders and accounts over one market engine and clock (see the module docstring)."""

    def __init__(
        self, engine: MarketEngine, clock: Callable[[], float], accounts: Mapping[int, Account]
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.accounts = accounts
        self.halted: set[str] = set()  # symbols whose orders are refused as halted
        self.orders: dict[str, Order] = {}  # by id, in the order they were placed
        self.opened: int | None = None  # trading day of the first call
        self.lock = threading.RLock()
        self._last = 0

    # -- looking things up ------------------------------------------------------------------

    def subs(self) -> Iterator[SubAccount]:
        for account in self.accounts.values():
            yield from account.subs.values()

    def sub(self, ref: str) -> SubAccount | None:
        """A sub-account by short id, extended id or suffix."""
        return next((s for a in self.accounts.values() if (s := a.find(ref))), None)

    def owner(self, sub: SubAccount) -> Account:
        return next(a for a in self.accounts.values() if sub.id in a.subs)

    def orders_of(self, sub: SubAccount) -> list[Order]:
        return [o for o in self.orders.values() if o.account == sub.id]

    # -- time ---------------------------------------------------------------------------------

    def advance(self, now: float | None = None) -> float:
        """Bring every order and account up to ``now`` (default: the clock); returns it."""
        with self.lock:
            now = self.clock() if now is None else now
            today, _ = self.engine.today(now)
            if self.opened is None:
                self.opened = today
            for order in self.orders.values():
                if order.is_working:
                    self._match(order, now, arriving=False)
            for sub in self.subs():
                sub.settle(today)
                carry_out(self.engine, sub, self.opened, now)
            return now

    def _match(self, order: Order, now: float, *, arriving: bool) -> None:
        prints = matching.timeline(self.engine, order.symbol, order.day)
        before = order.filled, order.value
        if arriving:
            matching.arrive(order, prints, now)
        matching.advance(order, prints, now, matching.day_end(self.engine, order.day))
        filled, value = order.filled - before[0], order.value - before[1]
        if not filled:
            return
        sub = self.sub(order.account)
        assert sub is not None  # orders are only placed on known sub-accounts
        settles = order.day + 2
        fee_now = order.fee - fee(before[1])  # fees on the whole order, so their parts add up
        if order.side is Side.BUY:
            sub.bought(order.day, order.symbol, filled, value + fee_now, settles)
        else:
            tax_now = order.tax - sale_tax(before[1])
            sub.sold(order.day, order.symbol, filled, value - fee_now - tax_now, settles)

    # -- what an account can do -----------------------------------------------------------

    def session(self, symbol: str, now: float) -> str:
        exchange = self.engine.instruments[symbol].exchange
        _, minute = self.engine.today(now)
        return session_state(exchange, self.engine.trading_now(now), minute)

    def band(self, symbol: str, now: float) -> tuple[int, int]:
        """Today's (floor, ceiling) of ``symbol``."""
        st = session(self.engine, symbol, now)
        return st.floor, st.ceiling

    def held_for(self, order: Order, now: float) -> int:
        """Cash a working buy holds: its rest at its working price (the ceiling while it has
        none) plus the fee."""
        if order.side is Side.SELL or not order.is_working:
            return 0
        price = order.price if order.price is not None else self.band(order.symbol, now)[1]
        value = order.remaining * price
        return value + fee(value)

    def buying_power(self, sub: SubAccount, now: float) -> int:
        """Settled cash less what working buys hold."""
        held = sum(self.held_for(o, now) for o in self.orders_of(sub))
        return max(sub.cash - held, 0)

    def sellable(self, sub: SubAccount, symbol: str) -> int:
        """Settled shares less what working sales hold."""
        p = sub.positions.get(symbol)
        held = sum(
            o.remaining
            for o in self.orders_of(sub)
            if o.symbol == symbol and o.side is Side.SELL and o.is_working
        )
        return max((p.settled if p else 0) - held, 0)

    def can_amend(self, order: Order, now: float) -> Reason | None:
        if not order.is_working:
            return Reason.MATCHED_PART
        if order.rule not in ("LO", "MTL") or order.price is None:
            return Reason.NOT_AMENDABLE
        if self.session(order.symbol, now) not in AMEND_SESSIONS:
            return Reason.TYPE_NOT_IN_SESSION
        return None

    def can_cancel(self, order: Order, now: float) -> Reason | None:
        if not order.is_working:
            return Reason.MATCHED_PART
        state = self.session(order.symbol, now)
        if state == "CLOSED":
            return Reason.MARKET_CLOSED
        if (order.exchange, state) in NO_CANCEL:
            return Reason.TYPE_NOT_IN_SESSION
        return None

    # -- orders ---------------------------------------------------------------------------

    def place(
        self, ref: str, symbol: str, side: Side, order_type: str, quantity: int, limit: int | None
    ) -> Order:
        """Place an order now; returns it, REJECTED with a reason when refused."""
        with self.lock:
            now = self.advance()
            sub = self.sub(ref)
            if sub is None:
                raise KeyError(ref)
            inst = self.engine.instruments.get(symbol)
            day, _ = self.engine.today(now)
            state = self.session(symbol, now) if inst else "CLOSED"
            self._last += 1
            order = Order(
                f"88{self._last:08d}",
                sub.id,
                symbol,
                inst.exchange if inst else "",
                side,
                order_type,
                quantity,
                limit,
                now,
                day,
                state,
            )
            try:
                self._check_new(sub, order, now)
            except Refused as refused:
                order.state = State.REJECTED
                order.reason, order.detail = refused.reason, refused.detail
            self.orders[order.id] = order  # refused ones too: the book shows them REJECTED
            if order.is_working:
                self._match(order, now, arriving=True)
            return order

    def _check_new(self, sub: SubAccount, order: Order, now: float) -> None:
        if not sub.takes_orders:
            raise Refused(Reason.ACCOUNT_NOT_ALLOWED, f"Sub-account {sub.ext} takes no orders")
        symbol = order.symbol
        if symbol not in self.engine.instruments:
            raise Refused(Reason.UNKNOWN_SYMBOL, f"{symbol} is not a listed symbol")
        if symbol in self.halted:
            raise Refused(Reason.HALTED, f"{symbol} is halted")
        if order.session == "CLOSED":
            raise Refused(Reason.MARKET_CLOSED, f"{order.exchange} is closed")
        allowed = order_types(order.exchange, order.session)
        if session_name(order.exchange, order.type) not in allowed:
            raise Refused(
                Reason.TYPE_NOT_IN_SESSION,
                f"{order.type} is not allowed on {order.exchange} in {order.session} "
                f"(allowed: {', '.join(allowed) or 'none'})",
            )
        self._check_size(order.quantity, order.type, None)
        if order.limit is not None:
            self._check_price(symbol, order.limit, now)
        self._check_means(sub, order.side, symbol, order.limit, order.quantity, now, 0)

    def _check_size(self, quantity: int, order_type: str, was_odd: bool | None) -> None:
        odd = quantity < LOT
        if odd and order_type != "LO":
            raise Refused(Reason.ODD_LOT_NOT_LO, "An odd lot (1-99 shares) must be a LO order")
        if not odd and quantity % LOT:
            raise Refused(Reason.NOT_WHOLE_LOTS, f"{quantity} is not a whole number of lots")
        if was_odd is not None and odd != was_odd:
            raise Refused(Reason.NOT_WHOLE_LOTS, "An amendment cannot change the lot class")
        if quantity > MAX_QUANTITY:
            raise Refused(Reason.TOO_LARGE, f"{quantity} is over {MAX_QUANTITY:,} shares")

    def _check_price(self, symbol: str, price: int, now: float) -> None:
        inst = self.engine.instruments[symbol]
        if not on_tick(price, inst.exchange, inst.stock_type):
            tick = self.engine.tick(symbol, price)
            raise Refused(Reason.OFF_TICK, f"{price:,} is not on the {tick} VND tick grid")
        floor, ceiling = self.band(symbol, now)
        if not floor <= price <= ceiling:
            raise Refused(
                Reason.OUTSIDE_BAND, f"{price:,} is outside today's band {floor:,}-{ceiling:,}"
            )

    def _check_means(
        self,
        sub: SubAccount,
        side: Side,
        symbol: str,
        price: int | None,
        quantity: int,
        now: float,
        released: int,
    ) -> None:
        """Buying power for buying ``quantity`` at ``price`` (None: the ceiling), or the
        shares for selling them; ``released`` is the cash or shares the order being amended
        holds already."""
        if side is Side.BUY:
            price = self.band(symbol, now)[1] if price is None else price
            need = quantity * price + fee(quantity * price)
            power = self.buying_power(sub, now) + released
            if need > power:
                raise Refused(
                    Reason.BUYING_POWER, f"Needs {need:,} VND, buying power is {power:,} VND"
                )
        else:
            can = self.sellable(sub, symbol) + released
            if quantity > can:
                raise Refused(
                    Reason.NOT_ENOUGH_SHARES, f"Sells {quantity:,}, {can:,} shares sellable"
                )

    def amend(self, order_id: str, quantity: int | None, price: int | None) -> Order:
        """Amend a working limit order now (raises :class:`Refused`)."""
        with self.lock:
            now = self.advance()
            order = self.orders[order_id]
            reason = self.can_amend(order, now)
            if reason is not None:
                raise Refused(reason, _why(reason, order))
            quantity = order.quantity if quantity is None else quantity
            price = order.price if price is None else price
            assert price is not None  # can_amend: a working limit order has a price
            if quantity <= order.filled:
                raise Refused(
                    Reason.MATCHED_PART,
                    f"{order.filled:,} shares are matched: only the unmatched part can change",
                )
            self._check_size(quantity, "LO", order.odd_lot)
            self._check_price(order.symbol, price, now)
            sub = self.sub(order.account)
            assert sub is not None
            holds = self.held_for(order, now) if order.side is Side.BUY else order.remaining
            rest = quantity - order.filled
            self._check_means(sub, order.side, order.symbol, price, rest, now, holds)
            order.quantity, order.price, order.limit = quantity, price, price
            order.amended += 1
            order.updated = now
            self._match(order, now, arriving=True)
            return order

    def cancel(self, order_id: str) -> Order:
        """Cancel what is left of a working order now (raises :class:`Refused`)."""
        with self.lock:
            now = self.advance()
            order = self.orders[order_id]
            reason = self.can_cancel(order, now)
            if reason is not None:
                raise Refused(reason, _why(reason, order))
            order.finish(State.CANCELLED, now)
            return order

    def fund(
        self, ref: str, cash: int | None = None, holdings: Mapping[str, int] | None = None
    ) -> SubAccount:
        """Set a sub-account's settled cash and settled shares (``{"VNM": 1000}``; 0 removes
        a holding), at today's reference price as cost. Other holdings stay as they are."""
        with self.lock:
            now = self.advance()
            sub = self.sub(ref)
            if sub is None:
                raise KeyError(f"no sub-account {ref!r}")
            holdings = dict(holdings or {})
            for symbol, quantity in holdings.items():
                if symbol not in self.engine.instruments:
                    raise KeyError(f"{symbol!r} is not a listed symbol")
                if quantity < 0:
                    raise ValueError(f"holdings[{symbol!r}] must be >= 0, got {quantity}")
            if cash is not None and cash < 0:
                raise ValueError(f"cash must be >= 0, got {cash}")
            costs = {s: session(self.engine, s, now).reference for s in holdings}
            sub.set(cash, holdings, costs)
            return sub


def _why(reason: Reason, order: Order) -> str:
    if reason is Reason.MATCHED_PART:
        return f"Order {order.id} has nothing unmatched left ({order.state.value})"
    if reason is Reason.NOT_AMENDABLE:
        return f"Only a limit price can be amended; {order.type} has none"
    if reason is Reason.MARKET_CLOSED:
        return f"{order.exchange} is closed"
    return f"Not allowed on {order.exchange} in the current session"
