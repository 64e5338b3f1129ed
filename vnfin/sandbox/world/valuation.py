"""What a sub-account is worth at the market's "now": holdings at the current price, cash by
settlement date, unrealised P&L and today's P&L. Broker-neutral; call with the desk brought
up to "now" and its lock held (:meth:`.desk.Desk.advance`).

* **Price**: the symbol's last match today, or its reference price before the first.
* **Unrealised P&L** of a holding: (price − cost price) × shares held; its rate is that over
  the cost, in per cent.
* **Today's P&L**: what the holdings are worth now, less what they were worth at today's
  reference prices this morning, less what today's purchases cost (value and fee), plus what
  today's sales brought (value less fee and tax). Its rate is over the morning's value plus
  today's purchases (0 when both are 0).
* **Buckets** "in N days" count trading days from today to the settlement day.
"""

from __future__ import annotations

from dataclasses import dataclass

from .accounts import SubAccount
from .desk import Desk
from .orders import Side
from .quotes import session
from .rights import pending


@dataclass(frozen=True)
class Holding:
    symbol: str
    stock_type: str
    total: int  # settled and receiving
    sellable: int
    blocked: int  # settled shares held by working sales
    receiving: dict[int, int]  # in N trading days → shares bought
    sending: dict[int, int]  # in N trading days → shares sold
    rights: int  # shares due from a stock dividend past its ex-date
    reference: float
    price: float
    cost_price: float

    @property
    def value(self) -> float:
        return self.price * self.total

    @property
    def cost(self) -> float:
        return self.cost_price * self.total

    @property
    def pnl(self) -> int:
        return round(self.value - self.cost)

    @property
    def pnl_rate(self) -> float:
        return round(self.pnl / self.cost * 100, 2) if self.cost else 0.0


def prices(desk: Desk, symbol: str, now: float) -> tuple[float, float]:
    """``symbol``'s (reference, price) at ``now``."""
    st = session(desk.engine, symbol, now)
    return st.reference, st.price if st.price is not None else st.reference


def holdings(desk: Desk, sub: SubAccount, now: float) -> list[Holding]:
    """Every holding with shares held or being delivered, by symbol."""
    today, _ = desk.engine.today(now)
    due: dict[str, int] = {}
    if desk.opened is not None:
        for r in pending(desk.engine, sub, desk.opened, now):
            due[r.symbol] = due.get(r.symbol, 0) + r.new_shares
    out = []
    for symbol in sorted(sub.positions):
        p = sub.positions[symbol]
        if not p.total and not p.sending:
            continue
        sellable = desk.sellable(sub, symbol)
        reference, price = prices(desk, symbol, now)
        out.append(
            Holding(
                symbol,
                desk.engine.instruments[symbol].stock_type,
                p.total,
                sellable,
                p.settled - sellable,
                {d - today: q for d, q in sorted(p.receiving.items())},
                {d - today: q for d, q in sorted(p.sending.items())},
                due.get(symbol, 0),
                reference,
                price,
                p.cost_price,
            )
        )
    return out


def cash_receiving(sub: SubAccount, today: int) -> dict[int, int]:
    """Sale proceeds by trading days until they settle."""
    return {d - today: v for d, v in sorted(sub.cash_receiving.items())}


def dividends_due(desk: Desk, sub: SubAccount, now: float) -> int:
    """Cash dividends past their ex-date, not yet paid."""
    if desk.opened is None:
        return 0
    return sum(r.cash for r in pending(desk.engine, sub, desk.opened, now))


def held_cash(desk: Desk, sub: SubAccount, now: float) -> int:
    """Cash working buy orders hold."""
    return sum(desk.held_for(o, now) for o in desk.orders_of(sub))


def pnl_today(desk: Desk, sub: SubAccount, now: float) -> tuple[int, float]:
    """Today's P&L (VND) and the base its rate is over (VND)."""
    today, _ = desk.engine.today(now)
    bought = {t.symbol: 0 for t in sub.trades}
    for t in sub.trades:
        if t.day == today:
            bought[t.symbol] += t.quantity if t.side is Side.BUY else -t.quantity
    morning = now_value = 0.0
    for symbol in sorted(set(sub.positions) | set(bought)):
        p = sub.positions.get(symbol)
        total = p.total if p else 0
        reference, price = prices(desk, symbol, now)
        morning += (total - bought.get(symbol, 0)) * reference
        now_value += total * price
    spent = received = 0
    for o in desk.orders_of(sub):
        if o.day == today and o.fills:
            if o.side is Side.BUY:
                spent += o.value + o.fee
            else:
                received += o.value - o.fee - o.tax
    return round(now_value - morning - spent + received), morning + spent
