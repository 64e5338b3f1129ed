"""Shareholder rights of a sub-account, from the simulated corporate events
(:mod:`.datasets.news`), and the corporate actions carried out on its cash and shares.

A sub-account is entitled to an event of a stock it held before the event's ex-date: the
shares it had at the close of the trading day before (bought earlier and not sold since,
T+2 puts them on the register on the record date, the trading day after the ex-date).
Entitlements (:class:`Right`), by event kind:

* ``DIV`` → ``CASH_DIVIDEND``: shares × VND per share, paid into cash on the action date;
* ``STOCKDIV`` → ``STOCK_DIVIDEND``: ⌊shares × ratio / 100⌋ new shares on the action date;
* ``RIGHTS`` → ``STOCK_RIGHT``: ⌊shares × ratio / 10⌋ shares that may be bought at the
  subscription price, registration open from three days after the record date to three days
  before the action date (listed only: no endpoint registers, so nothing is bought);
* ``AGM`` → ``SHAREHOLDER_MEETING``: a vote per share.

:func:`carry_out` pays the dividends whose action date has come, once each, and only those
paid after the day the desk opened (earlier ones are in the starting cash and shares).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .accounts import SubAccount, Trade
from .clock import local_now
from .datasets.news import CorporateEvent, stock_events
from .engine import MarketEngine
from .orders import Side

TYPES = {
    "AGM": "SHAREHOLDER_MEETING",
    "DIV": "CASH_DIVIDEND",
    "STOCKDIV": "STOCK_DIVIDEND",
    "RIGHTS": "STOCK_RIGHT",
}
REGISTER_MARGIN = dt.timedelta(days=3)


@dataclass(frozen=True)
class Right:
    event: CorporateEvent
    type: str  # a key of the reference's UserRightType (§3)
    shares: int  # held on the record date
    record_date: dt.date
    cash: int  # CASH_DIVIDEND: VND to be paid
    new_shares: int  # STOCK_DIVIDEND: shares to be issued; STOCK_RIGHT: shares that can be bought
    price: int  # STOCK_RIGHT: the subscription price
    ratio: str  # "100:15" (per 100 shares, VND/100 for cash), "10:3", "1:1"
    register: tuple[dt.date, dt.date] | None  # STOCK_RIGHT: the registration window

    @property
    def symbol(self) -> str:
        return self.event.symbol


def _next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def entitlement(event: CorporateEvent, shares: int) -> Right:
    """What ``shares`` held on the record date give under ``event``."""
    record = _next_weekday(event.ex_date)
    cash = new = price = 0
    window = None
    if event.kind == "DIV":
        cash, ratio = shares * event.amount, f"100:{event.amount // 100}"
    elif event.kind == "STOCKDIV":
        new, ratio = shares * event.ratio // 100, f"100:{event.ratio}"
    elif event.kind == "RIGHTS":
        new, price, ratio = shares * event.ratio // 10, event.amount, f"10:{event.ratio}"
        start = record + REGISTER_MARGIN
        window = (start, max(start, event.action_date - REGISTER_MARGIN))
    else:
        ratio = "1:1"
    return Right(event, TYPES[event.kind], shares, record, cash, new, price, ratio, window)


def rights(engine: MarketEngine, sub: SubAccount, now: float, first_year: int) -> list[Right]:
    """Every right of ``sub`` from events announced by ``now`` in ``first_year`` or later,
    by symbol then announcement."""
    local = local_now(now)
    symbols = sorted(set(sub.positions) | {t.symbol for t in sub.trades})
    found = []
    for symbol in symbols:
        for year in range(first_year, local.year + 1):
            for event in stock_events(engine, symbol, year):
                if event.created > local:
                    continue
                before = engine.calendar.index_on_or_before(event.ex_date - dt.timedelta(days=1))
                shares = sub.held_before(symbol, before)
                if shares > 0:
                    found.append(entitlement(event, shares))
    return found


def due(right: Right, opened: dt.date) -> bool:
    """True for a dividend the sandbox pays: cash or shares, on an action date after
    ``opened``."""
    return right.type in ("CASH_DIVIDEND", "STOCK_DIVIDEND") and right.event.action_date > opened


def pending(engine: MarketEngine, sub: SubAccount, opened: int, now: float) -> list[Right]:
    """Dividends past their ex-date and not yet paid."""
    start = engine.calendar.date(opened)
    today = local_now(now).date()
    return [
        r
        for r in rights(engine, sub, now, start.year - 1)
        if due(r, start) and r.event.ex_date <= today < r.event.action_date
    ]


def carry_out(engine: MarketEngine, sub: SubAccount, opened: int, now: float) -> None:
    """Pay every dividend of ``sub`` whose action date has come (once each)."""
    start = engine.calendar.date(opened)
    today = local_now(now).date()
    for r in rights(engine, sub, now, start.year - 1):
        if r.event.id in sub.credited or not due(r, start) or r.event.action_date > today:
            continue
        sub.credited.add(r.event.id)
        if r.type == "CASH_DIVIDEND":
            sub.cash += r.cash
        else:  # recorded as a trade, so later entitlements count the new shares
            sub.position(r.symbol).settled += r.new_shares
            day = engine.calendar.index_on_or_before(r.event.action_date)
            sub.trades.append(Trade(day, r.symbol, Side.BUY, r.new_shares))
