"""Every instrument's daily bars at once: the engine's mean-reverting walk, vectorised over
symbols. **SIMULATED DATA.**

Per symbol and trading day ``t``, with ``prev`` the previous close (the session's reference
price) and ``clamp`` keeping a price inside the daily band around ``prev``
(:func:`.exchange.price_band`)::

    close  = clamp(nearest_tick(prev · exp(−0.004 · (ln prev − ln reference) + σ · eps[t])))
    open   = clamp(nearest_tick(prev · exp(0.35 · σ · gap[t])))
    high   = min(tick_up(max(open, close) · (1 + 0.5 · σ · wick_up[t])), ceiling)
    low    = max(tick_down(min(open, close) · (1 − 0.5 · σ · wick_down[t])), floor)
    volume = max(1, round(shares · turnover / 100 · activity[t])) · 100

Only ``close`` feeds the next day, so only the walk of closes is a loop over days, each step
handling every symbol as one numpy array; open, high and low then follow for all days at once.
That is what makes a first index or fund call fast: an index needs every constituent.

The numbers are bit for bit those of the scalar rules in :mod:`.exchange` applied day by day,
one symbol at a time: the array steps use only operations IEEE 754 rounds alike in numpy and
Python (+ − × ÷, floor, ceil, round half to even) in the scalar formula's order, and ``exp``
and ``ln`` are :mod:`math`'s, never numpy's SIMD versions, which may differ in the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .exchange import BAND, COARSE_TICK, HOSE_FINE_TICK, HOSE_STOCK_TIERS, round_to_tick
from .instruments import Instrument
from .seeded import rng

Columns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
NARROW_BELOW = 2_000  # only under this price can a tick (<= 100 VND) outgrow a band (>= 7 %)
SEARCH_BELOW = 4_096  # array size under which a binary search finds tick tiers fastest


class _Ticks:
    """Vectorised :func:`.exchange.tick_size` for arrays whose first axis is the symbol."""

    def __init__(self, instruments: list[Instrument]) -> None:
        tiered = [float(tick) for _, tick in HOSE_STOCK_TIERS] + [float(COARSE_TICK)]
        grids = {  # a tick per tier: under the first bound, under the second, above
            "tiered": tiered,
            "fine": [10.0] * len(tiered),
            "coarse": [float(COARSE_TICK)] * len(tiered),
        }
        self._table = np.array([tick for grid in grids.values() for tick in grid])
        self._row = np.array([len(tiered) * list(grids).index(_grid(i)) for i in instruments])
        self._bounds = np.array([float(below) for below, _ in HOSE_STOCK_TIERS])
        self.unit = float(math.gcd(*(int(k) for k in self._table)))  # every price's divisor

    def __call__(self, prices: np.ndarray) -> np.ndarray:
        row = self._row if prices.ndim == 1 else self._row[:, None]
        if prices.size < SEARCH_BELOW:  # one numpy call
            tier = self._bounds.searchsorted(prices, side="right")
        else:  # comparisons are several times faster per element than a search
            tier = np.zeros(prices.shape, np.intp)
            for bound in self._bounds:
                tier += prices >= bound
        return self._table.take(row + tier)  # tier: how many bounds are <= the price


def _grid(inst: Instrument) -> str:
    if inst.exchange != "HOSE":
        return "coarse"
    return "fine" if inst.stock_type in HOSE_FINE_TICK else "tiered"


class _Band:
    """Vectorised :func:`.exchange.price_band` for arrays of reference prices."""

    def __init__(self, instruments: list[Instrument], tick: _Ticks) -> None:
        self.up = np.array([1 + BAND[i.exchange] for i in instruments])
        self.down = np.array([1 - BAND[i.exchange] for i in instruments])
        self.tick = tick
        self.least = tick(np.zeros(len(instruments)))  # a floor is at least one tick

    def __call__(self, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        tick, up, down, least = self.tick, self.up, self.down, self.least
        if ref.ndim == 2:  # (symbol, day)
            up, down, least = up[:, None], down[:, None], least[:, None]
        x = ref * up
        ceiling = np.floor(x / (k := tick(x))) * k
        x = ref * down
        floor = np.ceil(x / (k := tick(x))) * k
        if ref.min() < NARROW_BELOW:  # a band narrower than a tick: the next grid price
            narrow = ceiling <= ref  # one step up
            below = np.floor(ref / (k := tick(ref))) * k
            ceiling = np.where(narrow, below + tick(below), ceiling)
            narrow = floor >= ref  # one step down
            above = np.ceil(ref / (k := tick(ref))) * k
            floor = np.where(narrow, above - tick(above - 1), floor)
        return np.maximum(floor, least), ceiling


class _Logs:
    """``math.log`` of prices, looked up in a table indexed by price / ``unit`` that grows
    on demand (the walk needs the log of every symbol's price every day)."""

    def __init__(self, unit: float, top: float) -> None:
        self.unit = unit
        self._table = np.array([math.nan])  # no price is 0
        self._grow(top)

    def _grow(self, top: float) -> None:
        prices = (np.arange(len(self._table), int(top / self.unit) + 1) * self.unit).tolist()
        self._table = np.concatenate([self._table, np.fromiter(map(math.log, prices), float)])

    def __call__(self, prices: np.ndarray) -> np.ndarray:
        i = (prices / self.unit).astype(np.intp)
        if i.max() >= len(self._table):
            self._grow(2 * float(prices.max()))
        return self._table.take(i)


def _draws(seed: int, inst: Instrument, n: int, out: np.ndarray) -> float:
    """Draw one symbol's random inputs in a fixed order and write its day inputs into the
    (5, n) ``out``: the close shock σ·eps, the open factor exp(0.35·σ·gap), the high and low
    wick factors, the volume. Returns the first reference price, on the tick grid."""
    r = rng(seed, "daily", inst.symbol)
    sigma = 0.009 if inst.stock_type == "ETF" else float(r.uniform(0.012, 0.026))
    turnover = float(r.uniform(0.0006, 0.004))
    eps, gap = r.standard_normal(n), r.standard_normal(n)
    wick = np.abs(r.standard_normal((n, 2)))
    activity = r.lognormal(0.0, 0.45, n)
    start = inst.reference_price * math.exp(float(r.normal(0.0, 0.2)))
    out[0] = sigma * eps
    out[1] = np.fromiter(map(math.exp, ((0.35 * sigma) * gap).tolist()), float, n)
    out[2] = 1 + (0.5 * sigma) * wick[:, 0]
    out[3] = 1 - (0.5 * sigma) * wick[:, 1]
    out[4] = np.maximum(np.rint(inst.shares * turnover / 100 * activity), 1) * 100
    return float(round_to_tick(start, inst.exchange, inst.stock_type))


def daily_bars(seed: int, instruments: Mapping[str, Instrument], n: int) -> dict[str, Columns]:
    """``n`` days of (reference, open, high, low, close, volume) per symbol; prices float64
    on the tick grid, volume int64."""
    insts = list(instruments.values())
    size = len(insts)
    if not size:
        return {}
    inputs = np.empty((5, size, n))  # (input, symbol, day)
    first = np.array([_draws(seed, inst, n, inputs[:, i]) for i, inst in enumerate(insts)])
    shock, jump, high_factor, low_factor, volume = inputs
    tick = _Ticks(insts)
    band = _Band(insts, tick)

    # The walk of closes: a step per day, every symbol at once, in (day, symbol) arrays.
    log = _Logs(tick.unit, 2 * float(first.max()))
    anchor_log = np.array([math.log(i.reference_price) for i in insts])
    shock_by_day = np.ascontiguousarray(shock.T)
    walk = np.empty((n, size))
    prev, exp = first, math.exp
    for t in range(n):
        floor, ceiling = band(prev)
        drift = -0.004 * (log(prev) - anchor_log)
        x = prev * np.fromiter(map(exp, (drift + shock_by_day[t]).tolist()), float, size)
        prev = walk[t] = np.minimum(np.maximum(np.rint(x / (k := tick(x))) * k, floor), ceiling)

    # Everything else, all days at once, in (symbol, day) arrays.
    close = np.ascontiguousarray(walk.T)
    ref = np.concatenate([first[:, None], close[:, :-1]], axis=1)
    floor, ceiling = band(ref)
    x = ref * jump
    open_ = np.minimum(np.maximum(np.rint(x / (k := tick(x))) * k, floor), ceiling)
    x = np.maximum(open_, close) * high_factor
    high = np.minimum(np.ceil(x / (k := tick(x))) * k, ceiling)
    x = np.minimum(open_, close) * low_factor
    low = np.maximum(np.floor(x / (k := tick(x))) * k, floor)
    volumes = volume.astype(np.int64)
    return {
        inst.symbol: (ref[i], open_[i], high[i], low[i], close[i], volumes[i])
        for i, inst in enumerate(insts)
    }
