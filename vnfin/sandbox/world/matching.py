"""The matching engine: orders fill against the simulated price path, one print at a time.

The sandbox's account is small next to the market: its orders neither move the price nor
compete with each other. Each trading day of a symbol is a sequence of :class:`Print` s, built
from the engine's one-minute bars (:func:`timeline`):

* **Continuous matching** — a print per one-minute bar, at the bar's start (the moment the
  quote screen starts showing it): HOSE 09:15–11:30 and 13:00–14:30, HNX 09:00–11:30 and
  13:00–14:30, UPCOM 09:00–11:30 and 13:00–15:00.
* **Auctions** — HOSE's opening auction (ATO) at 09:15 at the day's open; HOSE's and HNX's
  closing auction (ATC) at 14:45 at the day's close. The bars inside an auction's window
  (HOSE 09:00–09:15, 14:30–14:45; HNX 14:30–14:45) only make up the auction's volume.

Rules, in the order an order meets them:

* **On arrival** (:func:`arrive`), during continuous matching, an order meets the minute in
  progress at its *current price* (the minute's close, the price the quote screen shows): a
  limit order that is marketable there (a buy at or above it, a sell at or below) fills at it;
  a market order (MP, MTL, MAK, MOK and the aliases FAK, FOK) takes it. A market order that
  arrives while nothing matches (the lunch break, HOSE's opening auction) waits for the next
  print and takes that print's price (a bar's open, an auction's price). A PLO order (HNX
  post-close session) fills on arrival at the day's close, from the closing auction's volume;
  its rest waits until it expires.
* **Market orders' remainders**: MOK fills in full or is cancelled whole; MAK fills what it
  can and the rest is cancelled; MTL's rest becomes a limit order at the price it met; MP is
  MTL (reference §2.12: HOSE's MP is routed as MTL since KRX).
* **Resting limit orders** fill on a later bar that reaches the limit (a buy when the bar's
  low is at or below it, a sell when the high is at or above), at the limit or, when the bar
  opens beyond it, at the bar's open — the limit price or better. They take part in the
  auctions that follow when marketable at the auction price, and fill at that price.
* **Auction orders**: ATO fills at the open in the opening auction and ATC at the close in
  the closing auction; what is left of them expires with the auction.
* **Partial fills**: an order takes at most :data:`PARTICIPATION` (a quarter) of the volume of
  each print, in whole lots of 100, however often it meets that print (an amendment makes it
  meet the market again); an odd lot (1–99 shares) fills in full or not at all on each print.
  What a print cannot fill waits for the next one.
* **Expiry**: what is still working at 15:00 of its trading day expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .clock import VN_OFFSET
from .engine import MarketEngine
from .orders import LOT, Fill, Order, Side, State

PARTICIPATION = 0.25
MARKET_RULES = ("MTL", "MAK", "MOK")
_H = 60
AUCTIONS: dict[str, tuple[tuple[str, int, int], ...]] = {  # kind, window start, end (minutes)
    "HOSE": (("ato", 9 * _H, 9 * _H + 15), ("atc", 14 * _H + 30, 14 * _H + 45)),
    "HNX": (("atc", 14 * _H + 30, 14 * _H + 45),),
    "UPCOM": (),
}
DAY_END = 15 * _H  # minute of day when what is left expires


@dataclass(frozen=True)
class Print:
    """A moment when orders can match: a bar of continuous matching or an auction."""

    at: float  # epoch seconds
    kind: str  # "bar", "ato" or "atc"
    open: float  # the price an order meets first (an auction's price in all four)
    high: float
    low: float
    close: float
    volume: int

    @property
    def capacity(self) -> int:
        """The most shares one order may take from this print."""
        return int(PARTICIPATION * self.volume)

    def left_for(self, order: Order) -> int:
        """What ``order`` may still take from this print."""
        return self.capacity - order.taken.get(self.at, 0)


def day_start(engine: MarketEngine, day: int) -> float:
    """Epoch seconds of local midnight of trading day ``day``."""
    return float(engine.day_epoch(day) - VN_OFFSET)


def day_end(engine: MarketEngine, day: int) -> float:
    """Epoch seconds of 15:00 on trading day ``day``, when what is left expires."""
    return day_start(engine, day) + DAY_END * 60


@lru_cache(maxsize=4096)
def timeline(engine: MarketEngine, symbol: str, day: int) -> tuple[Print, ...]:
    """The prints of ``symbol`` on trading day ``day``, in time order."""
    m = engine.minutes(symbol, day)
    minute = (m.start + VN_OFFSET) % 86_400 // 60
    auction = np.zeros(len(minute), dtype=bool)
    prints = []
    midnight = day_start(engine, day)
    for kind, lo, hi in AUCTIONS[engine.instruments[symbol].exchange]:
        inside = (minute >= lo) & (minute < hi)
        auction |= inside
        if not inside.any():
            continue
        price = float(m.open[inside][0] if kind == "ato" else m.close[inside][-1])
        volume = int(m.volume[inside].sum())
        prints.append(Print(midnight + hi * 60, kind, price, price, price, price, volume))
    for i in np.flatnonzero(~auction):
        prints.append(
            Print(
                float(m.start[i]),
                "bar",
                float(m.open[i]),
                float(m.high[i]),
                float(m.low[i]),
                float(m.close[i]),
                int(m.volume[i]),
            )
        )
    return tuple(sorted(prints, key=lambda p: p.at))


def current_bar(prints: tuple[Print, ...], t: float) -> Print | None:
    """The bar of continuous matching in progress at ``t``, if any."""
    for p in prints:
        if p.kind == "bar" and p.at <= t < p.at + 60:
            return p
    return None


def arrive(order: Order, prints: tuple[Print, ...], t: float) -> list[Fill]:
    """Match ``order`` on arrival (or amendment) at ``t``; returns the new fills."""
    before = len(order.fills)
    order.cursor = t
    if order.rule == "PLO":
        closing = [p for p in prints if p.kind == "atc"]
        if closing:
            _market(order, closing[0], t, closing[0].close)
        return order.fills[before:]
    bar = current_bar(prints, t)
    if bar is None or order.rule in ("ATO", "ATC"):
        return []
    if order.rule in MARKET_RULES and not order.market_step_done:
        _market(order, bar, t, bar.close)
    elif _marketable(order, bar.close):
        _fill(order, bar, t, bar.close)
    return order.fills[before:]


def advance(order: Order, prints: tuple[Print, ...], now: float, end: float) -> list[Fill]:
    """Match ``order`` on every print after its cursor up to ``now``; expire what is left
    once ``now`` reaches ``end`` (15:00 of its day). Returns the new fills."""
    before = len(order.fills)
    for p in prints:
        if not order.is_working or p.at > now:
            break
        if p.at <= order.cursor:
            continue
        order.cursor = p.at
        _meet(order, p)
    if order.is_working and now >= end:
        order.finish(State.EXPIRED, end)
    return order.fills[before:]


def _meet(order: Order, p: Print) -> None:
    rule = order.rule
    if rule in MARKET_RULES and not order.market_step_done:
        _market(order, p, p.at, p.open)
    elif p.kind == "bar":
        if rule in ("LO", "MTL") and order.price is not None:
            reached = p.low <= order.price if order.side is Side.BUY else p.high >= order.price
            if reached:
                better = min if order.side is Side.BUY else max
                _fill(order, p, p.at, better(order.price, p.open))
    elif rule == p.kind.upper():  # ATO in the opening auction, ATC in the closing one
        _fill(order, p, p.at, p.open)
        if order.is_working:
            order.finish(State.EXPIRED, p.at)
    elif rule in ("LO", "MTL") and _marketable(order, p.open):
        _fill(order, p, p.at, p.open)


def _marketable(order: Order, price: float) -> bool:
    if order.price is None:
        return False
    return price <= order.price if order.side is Side.BUY else price >= order.price


def _take(order: Order, p: Print) -> int:
    """How much of the rest of ``order`` print ``p`` fills."""
    rest = order.quantity - order.filled
    capacity = p.left_for(order)
    if order.odd_lot:
        return rest if capacity >= rest else 0
    return min(rest, max(capacity, 0) // LOT * LOT)


def _fill(order: Order, p: Print, at: float, price: float, quantity: int | None = None) -> None:
    """Fill what ``p`` allows of ``order`` (or ``quantity``) at ``price``, at time ``at``."""
    quantity = _take(order, p) if quantity is None else quantity
    if quantity <= 0:
        return
    order.fills.append(Fill(at, quantity, int(price)))
    order.taken[p.at] = order.taken.get(p.at, 0) + quantity
    order.state = State.FILLED if order.filled == order.quantity else State.PARTIAL
    order.updated = at


def _market(order: Order, p: Print, at: float, price: float) -> None:
    """A market order's one match on print ``p`` at ``price``, then its remainder rule."""
    order.market_step_done = True
    quantity = _take(order, p)
    if order.rule == "MOK" and quantity < order.quantity - order.filled:
        order.finish(State.CANCELLED, at)
        return
    _fill(order, p, at, price, quantity)
    if not order.is_working:
        return
    if order.rule == "MAK":
        order.finish(State.CANCELLED, at)
    else:  # MTL (and MP), PLO: the rest works on at this price
        order.price = int(price)
