"""DNSE's public chart endpoint (reference §4.9; unofficial, no auth):
``GET /chart-api/v2/ohlcs/{stock|index|derivative}?symbol=&resolution=&from=&to=`` →
``{"t": [...], "o": [...], "h": [...], "l": [...], "c": [...], "v": [...]}``.

* ``from``/``to`` are epoch seconds (both required, ``0 <= from <= to``); a bar is in when its
  start is in [from, to] and it exists by the market's now (today's bars so far).
* ``resolution``: ``1``, ``3``, ``5``, ``15``, ``30`` minutes (bars aligned on 09:00), ``1H``
  (hours from 09:00), ``1D`` or ``D`` (daily), ``W`` (weekly: Monday to Friday's daily bars
  in one, stamped as the week's first trading day). Anything else: 400.
* **Stock prices are in thousands of VND** (the world's VND ÷ 1,000, 2 decimals: every world
  price is a multiple of 10 VND, so ×1,000 gives it back exactly once rounded to whole VND);
  ``index`` in points (``VNINDEX``, ``VN30``, ``HNX30``, ``HNX``/``HNXINDEX``,
  ``UPCOM``/``UPCOMINDEX``); volume in shares. The bars are the world's own, the ones Finhay's
  ``/market/price-histories-chart`` serves.
* Time stamps: intraday bars at their start; daily bars at 00:00 UTC of the trading date, as
  the world stamps them (:meth:`..world.engine.MarketEngine.day_epoch`).
* A symbol the world does not list — and every ``derivative`` (the world has no futures) —
  answers empty arrays, as the real endpoint does for an unknown code.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..replies import Reply
from ..world import World
from .envelope import Refusal, ok
from .params import text

KINDS = ("stock", "index", "derivative")
RESOLUTIONS: dict[str, int | None] = {
    "1": 1,
    "3": 3,
    "5": 5,
    "15": 15,
    "30": 30,
    "1H": 60,
    "1D": None,
    "D": None,
}
WEEKLY = "W"
INDEX_NAMES = {"HNX": "HNXINDEX", "UPCOM": "UPCOMINDEX"}
LATEST_SECOND = 2**33
KEYS = ("t", "o", "h", "l", "c", "v")


def _empty() -> dict[str, list[float]]:
    return {k: [] for k in KEYS}


def _weekly(bars: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Daily bars (stamped 00:00 UTC of their date) → one bar per Monday-to-Sunday week."""
    if len(bars["time"]) == 0:
        return bars
    days = bars["time"] // 86_400
    week = (days + 3) // 7  # 1970-01-01 was a Thursday: weeks start on Mondays
    first = np.flatnonzero(np.r_[True, week[1:] != week[:-1]])
    last = np.r_[first[1:] - 1, len(week) - 1]
    return {
        "time": bars["time"][first],
        "open": bars["open"][first],
        "high": np.maximum.reduceat(bars["high"], first),
        "low": np.minimum.reduceat(bars["low"], first),
        "close": bars["close"][last],
        "volume": np.add.reduceat(bars["volume"], first),
    }


class Chart:
    """The chart endpoint over one world."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.engine = world.engine

    def ohlcs(self, kind: str, params: Mapping[str, str]) -> Reply:
        if kind not in KINDS:
            raise Refusal(f"No route: the chart kinds are {', '.join(KINDS)}", 404)
        symbol = text(params, "symbol", required=True).upper()
        resolution = text(params, "resolution", required=True).upper()
        if resolution not in RESOLUTIONS and resolution != WEEKLY:
            allowed = ", ".join([*RESOLUTIONS, WEEKLY])
            raise Refusal(f"resolution must be one of {allowed}, got {resolution[:10]!r}")
        try:
            t0, t1 = int(params["from"]), int(params["to"])
        except (KeyError, ValueError):
            raise Refusal("from and to are required, in epoch seconds") from None
        if not 0 <= t0 <= t1 <= LATEST_SECOND:
            raise Refusal(f"need 0 <= from <= to <= {LATEST_SECOND}")
        if kind == "index":
            symbol = INDEX_NAMES.get(symbol, symbol)
            known = symbol in self.engine.indices
        else:
            known = kind == "stock" and symbol in self.engine.instruments
        if not known:
            return ok(dict(_empty()))
        if resolution == WEEKLY:  # whole weeks around the range, then the weeks starting in it
            week = 7 * 86_400
            daily = self.engine.bars(symbol, None, max(t0 - week, 0), t1 + week, self.world.clock())
            bars = _weekly(daily)
            keep = (bars["time"] >= t0) & (bars["time"] <= t1)
            bars = {k: v[keep] for k, v in bars.items()}
        else:
            bars = self.engine.bars(symbol, RESOLUTIONS[resolution], t0, t1, self.world.clock())
        scale = 1.0 if kind == "index" else 1_000.0
        prices = {k: np.round(bars[name] / scale, 2).tolist() for k, name in _PRICES.items()}
        return ok(
            {
                "t": bars["time"].astype(np.int64).tolist(),
                **prices,
                "v": bars["volume"].astype(np.int64).tolist(),
            }
        )


_PRICES = {"o": "open", "h": "high", "l": "low", "c": "close"}
