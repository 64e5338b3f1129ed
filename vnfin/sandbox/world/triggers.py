"""Orders that wait for a price: when the simulated price first crosses a level, and placing
an order at that past moment. Broker-neutral (DNSE's conditional orders use it:
:mod:`vnfin.sandbox.dnse.conditional`).

* :func:`first_cross` — the first print of a symbol (a one-minute bar of continuous matching
  or an auction, :func:`.matching.timeline`) after one moment and up to another whose prices
  reach a level: ``above`` when the print's high is at or above it, else when its low is at or
  below it. The moment is the print's (a bar's start, as the matching engine sees it).
* :func:`place_at` — :meth:`.desk.Desk.place` as if called at an earlier moment ``at`` (not
  after the desk's "now"): the desk first brings its book up to ``at``, the order gets ``at``
  as its time and session, and meets the market from there; the next call to the desk
  brings it up to the real "now". Lazy time makes that exact for the book (orders do not
  compete); the cash and shares it checks are the account's as they stand.
"""

from __future__ import annotations

from .desk import Desk
from .engine import MarketEngine
from .matching import day_end, timeline
from .orders import Order, Side


def first_cross(
    engine: MarketEngine, symbol: str, level: float, above: bool, after: float, until: float
) -> float | None:
    """The moment of the first print in (``after``, ``until``] that reaches ``level``."""
    if until <= after:
        return None
    first, _ = engine.today(after)
    last, _ = engine.today(until)
    for day in range(max(first, 0), last + 1):
        if day_end(engine, day) <= after:
            continue
        for p in timeline(engine, symbol, day):
            if p.at <= after:
                continue
            if p.at > until:
                return None
            if (p.high >= level) if above else (p.low <= level):
                return p.at
    return None


def place_at(
    desk: Desk,
    at: float,
    ref: str,
    symbol: str,
    side: Side,
    order_type: str,
    quantity: int,
    limit: int | None,
) -> Order:
    """Place an order at the earlier moment ``at`` (module docstring)."""
    with desk.lock:
        clock = desk.clock
        desk.clock = lambda: at
        try:
            return desk.place(ref, symbol, side, order_type, quantity, limit)
        finally:
            desk.clock = clock
