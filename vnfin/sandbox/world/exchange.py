"""The exchange rules the simulated market obeys: tick sizes, daily price bands, round lots.

The sandbox's own implementation, written from the rules (a cross-check test holds it to
``vnfin.rules``, the client's separate implementation of the same rules):

* **Price band** around the session's reference price: ±7 % on HOSE, ±10 % on HNX, ±15 % on
  UPCOM. The ceiling is rounded down and the floor rounded up onto the tick grid. Where that
  leaves the ceiling (floor) at or below (above) the reference — very low prices, where the
  band is under one tick — it becomes the next price on the grid above (below) the reference.
  The floor is at least one tick.
* **Tick size**: HOSE stocks 10 VND below 10,000, 50 VND below 50,000, 100 VND from 50,000;
  HOSE ETFs and covered warrants 10 VND; HNX and UPCOM 100 VND.
* **Round lot**: 100 shares. Prices are whole VND.

The HOSE tiers meet at 10,000 and 50,000, which are multiples of every tick, so rounding one
step from either side of a boundary always lands on a valid price. "Nearest" rounding sends
an exact half tick to the even step (Python's ``round``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from vnfin.rules import EXCHANGES  # the one list of exchanges, shared with the client

__all__ = [
    "BAND",
    "EXCHANGES",
    "LOT",
    "on_tick",
    "price_band",
    "round_to_tick",
    "tick_size",
    "ticks",
]

BAND = {"HOSE": 0.07, "HNX": 0.10, "UPCOM": 0.15}
LOT = 100
HOSE_FINE_TICK = ("ETF", "CW")  # HOSE instruments quoted in 10 VND ticks at any price
HOSE_STOCK_TIERS = ((10_000, 10), (50_000, 50))  # (below this price, tick); then 100
COARSE_TICK = 100

if set(BAND) != set(EXCHANGES):
    raise RuntimeError(f"price bands {sorted(BAND)} do not cover the exchanges {EXCHANGES}")


def tick_size(price: float, exchange: str, stock_type: str = "STOCK") -> int:
    """The tick in force at ``price``."""
    if exchange != "HOSE":
        return COARSE_TICK
    if stock_type in HOSE_FINE_TICK:
        return 10
    for below, tick in HOSE_STOCK_TIERS:
        if price < below:
            return tick
    return COARSE_TICK


def ticks(prices: np.ndarray, exchange: str, stock_type: str = "STOCK") -> np.ndarray:
    """:func:`tick_size` of every element of ``prices`` (float array of the same shape)."""
    if exchange != "HOSE":
        return np.full(prices.shape, float(COARSE_TICK))
    if stock_type in HOSE_FINE_TICK:
        return np.full(prices.shape, 10.0)
    out = np.full(prices.shape, float(COARSE_TICK))
    for below, tick in reversed(HOSE_STOCK_TIERS):
        out = np.where(prices < below, float(tick), out)
    return out


_ROUNDING: dict[str, Callable[[float], int]] = {
    "nearest": round,
    "down": math.floor,
    "up": math.ceil,
}


def round_to_tick(
    price: float, exchange: str, stock_type: str = "STOCK", mode: str = "nearest"
) -> int:
    """``price`` moved onto the tick grid: ``"nearest"``, ``"down"`` or ``"up"``."""
    if mode not in _ROUNDING:
        raise ValueError(f"mode must be one of {', '.join(_ROUNDING)}, got {mode!r}")
    tick = tick_size(price, exchange, stock_type)
    return int(_ROUNDING[mode](price / tick) * tick)


def price_band(reference: float, exchange: str, stock_type: str = "STOCK") -> tuple[int, int]:
    """``(floor, ceiling)`` of a session with this reference price."""
    ceiling = round_to_tick(reference * (1 + BAND[exchange]), exchange, stock_type, "down")
    if ceiling <= reference:  # the band is narrower than a tick: one step up
        below = round_to_tick(reference, exchange, stock_type, "down")
        ceiling = below + tick_size(below, exchange, stock_type)
    floor = round_to_tick(reference * (1 - BAND[exchange]), exchange, stock_type, "up")
    if floor >= reference:  # one step down
        above = round_to_tick(reference, exchange, stock_type, "up")
        floor = above - tick_size(above - 1, exchange, stock_type)
    return max(floor, tick_size(0, exchange, stock_type)), ceiling


def on_tick(price: float, exchange: str, stock_type: str = "STOCK") -> bool:
    """True for a whole-VND price that is a whole number of ticks."""
    return float(price).is_integer() and int(price) % tick_size(price, exchange, stock_type) == 0
