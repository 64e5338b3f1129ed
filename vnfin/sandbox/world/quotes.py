"""What the simulated market looks like at one moment: a symbol's session so far and its
quote screen (best bids and asks, foreign flows, valuation). **SIMULATED DATA.**

The session state follows the engine's one-minute path up to ``now``. The order book and the
other screen figures are drawn per symbol, trading day and minute, so they hold still within
a minute and change from one minute to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import MarketEngine
from .instruments import Instrument
from .seeded import rng


@dataclass(frozen=True)
class Session:
    """One symbol's trading day up to ``now``; the price fields are None before the first
    match of the day."""

    day: int  # index of the trading day in the engine's calendar
    reference: float
    floor: int
    ceiling: int
    price: float | None
    open: float | None
    high: float | None
    low: float | None
    volume: int  # shares matched so far
    value: float  # VND matched so far
    average: float | None  # value / volume, on the tick grid
    updated: int  # epoch seconds of the latest match (now, before the first one)


def session(engine: MarketEngine, symbol: str, now: float) -> Session:
    """The trading state of ``symbol`` at ``now``. Before the open, nothing has traded yet."""
    day, _ = engine.today(now)
    ref = float(engine.daily(symbol).reference[day])
    floor, ceiling = engine.band(symbol, ref)
    m = engine.minutes_until(symbol, day, now)
    if len(m.start) == 0:
        return Session(day, ref, floor, ceiling, None, None, None, None, 0, 0.0, None, int(now))
    volume = int(m.volume.sum())
    value = float((m.close * m.volume).sum())
    return Session(
        day,
        ref,
        floor,
        ceiling,
        price=float(m.close[-1]),
        open=float(m.open[0]),
        high=float(m.high.max()),
        low=float(m.low.min()),
        volume=volume,
        value=value,
        average=float(engine.round(symbol, value / volume)),
        updated=int(min(now, m.start[-1] + 60)),
    )


Level = tuple[float | None, int | None]  # (price, shares); both None outside the price band


@dataclass(frozen=True)
class Quote:
    """A quote screen: the session so far plus book, flows and valuation (VND, shares)."""

    instrument: Instrument
    session: Session
    last_volume: int  # shares in the latest match (0 before the first)
    bids: tuple[Level, Level, Level]  # best first: the last price, then one tick lower each
    asks: tuple[Level, Level, Level]  # best first: one tick above the last price, and up
    foreign_bought: int
    foreign_sold: int
    foreign_room: int  # shares foreign investors may still buy
    bid_depth: int  # shares bid beyond the three levels shown
    ask_depth: int
    pe: float
    pb: float
    roe: float
    market_cap: float  # last price × shares outstanding


def quote(engine: MarketEngine, symbol: str, now: float) -> Quote:
    """The quote screen of ``symbol`` at ``now``."""
    inst = engine.instruments[symbol]
    st = session(engine, symbol, now)
    last = st.price if st.price is not None else st.reference
    tick = engine.tick(symbol, last)
    r = rng(engine.seed, symbol, st.day, int(now) // 60)
    bids: list[Level] = []
    asks: list[Level] = []
    for i in (1, 2, 3):
        bid, ask = last - (i - 1) * tick, last + i * tick
        bids.append((bid, int(r.integers(1, 300)) * 100) if bid >= st.floor else (None, None))
        asks.append((ask, int(r.integers(1, 300)) * 100) if ask <= st.ceiling else (None, None))
    fundamentals = rng(engine.seed, symbol, 7)  # fixed per symbol, whatever the day
    volume = st.volume
    last_volume = volume and int(r.integers(1, 50)) * 100
    foreign_bought = int(volume * r.uniform(0, 0.15)) // 100 * 100
    foreign_sold = int(volume * r.uniform(0, 0.15)) // 100 * 100
    foreign_room = int(inst.shares * float(fundamentals.uniform(0.02, 0.3)))
    bid_depth = int(r.integers(10, 5000)) * 100
    ask_depth = int(r.integers(10, 5000)) * 100
    return Quote(
        inst,
        st,
        last_volume,
        (bids[0], bids[1], bids[2]),
        (asks[0], asks[1], asks[2]),
        foreign_bought,
        foreign_sold,
        foreign_room,
        bid_depth,
        ask_depth,
        pe=round(float(fundamentals.uniform(5, 30)), 2),
        pb=round(float(fundamentals.uniform(0.6, 5)), 2),
        roe=round(float(fundamentals.uniform(0.03, 0.3)), 4),
        market_cap=last * inst.shares,
    )
