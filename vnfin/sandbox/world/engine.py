"""The simulated market: a pure, seeded engine with no I/O and no HTTP. **SIMULATED DATA.**

Each symbol's daily closes are a mean-reverting random walk around its reference price,
rounded to the tick grid and kept inside the daily price band (:mod:`.exchange`), computed
for every symbol at once on first use (:mod:`.daily`, which states the formulas); each trading
day has a one-minute path inside session hours (:mod:`.calendar`) that opens at the day's
open, touches its high and low and ends at its close, so intraday bars aggregate exactly to
the daily bar. Indices are share-weighted sums of their constituents, scaled to the levels in
``data/indices.csv``. The same seed gives the same market, whatever the wall clock says;
"now" only decides how much of it has happened.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..._data import data_dir
from .calendar import TradingCalendar, matching_minutes
from .clock import VN_OFFSET
from .daily import daily_bars
from .exchange import price_band, round_to_tick, tick_size, ticks
from .instruments import load_holidays, load_indices, load_instruments
from .seeded import rng

FIRST_DAY = dt.date(2018, 1, 1)
LAST_DAY = dt.date(2030, 12, 31)
ANCHOR_DAY = dt.date(2026, 11, 20)  # the date the reference prices and index levels describe


@dataclass(frozen=True)
class Daily:
    """One symbol's full daily history on the calendar (arrays aligned with its days)."""

    reference: np.ndarray  # previous close: the session's reference price
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray


@dataclass(frozen=True)
class Minutes:
    """One symbol's one-minute path on one trading day."""

    start: np.ndarray  # epoch seconds of each minute's start
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray


class MarketEngine:
    """Deterministic simulated market for one seed."""

    def __init__(self, seed: int = 0, folder: Path | None = None) -> None:
        folder = folder or data_dir()
        self.seed = seed
        self.instruments = load_instruments(folder)
        self.indices = load_indices(folder, self.instruments)
        self.calendar = TradingCalendar(load_holidays(folder), FIRST_DAY, LAST_DAY)
        self.anchor = self.calendar.index_on_or_before(ANCHOR_DAY)
        self._daily: dict[str, Daily] | None = None
        self._daily_lock = threading.Lock()
        self.minutes = lru_cache(maxsize=4096)(self._minutes)

    # -- daily ---------------------------------------------------------------------------

    def daily(self, symbol: str) -> Daily:
        """``symbol``'s full daily history. Every instrument's is computed on the first call,
        in one pass (:mod:`.daily`), and kept."""
        bars = self._daily
        if bars is None:
            with self._daily_lock:
                if self._daily is None:
                    table = daily_bars(self.seed, self.instruments, len(self.calendar))
                    self._daily = {s: Daily(*columns) for s, columns in table.items()}
                bars = self._daily
        return bars[symbol]

    # -- one trading day, minute by minute ---------------------------------------------

    def _minutes(self, symbol: str, day: int) -> Minutes:
        inst = self.instruments[symbol]
        d = self.daily(symbol)
        o, h, lo, c, v = d.open[day], d.high[day], d.low[day], d.close[day], int(d.volume[day])
        mins = matching_minutes(inst.exchange)
        n = len(mins)
        r = rng(self.seed, "minutes", symbol, day)
        walk = np.cumsum(r.standard_normal(n))
        bridge = walk - np.linspace(0.0, 1.0, n) * walk[-1]
        span = max(h - lo, 1.0)
        scale = span / (2.0 * max(float(np.abs(bridge).max()), 1e-9))
        path = o + (c - o) * np.linspace(0.0, 1.0, n) + bridge * scale
        grid = ticks(path, inst.exchange, inst.stock_type)
        path = np.clip(np.round(path / grid) * grid, lo, h)
        path[-1] = c
        if n > 3:
            hi_at, lo_at = r.choice(np.arange(1, n - 1), size=2, replace=False)
            path[hi_at], path[lo_at] = h, lo
        opens = np.concatenate([[o], path[:-1]])
        weights = (1.0 + 2.5 * (np.linspace(-1.0, 1.0, n) ** 2)) * r.gamma(2.0, size=n)
        lots = r.multinomial(v // 100, weights / weights.sum()) * 100
        date = self.calendar.days[day].astype("datetime64[s]").astype(np.int64)
        start = date + mins * 60 - VN_OFFSET
        return Minutes(
            start,
            opens,
            np.maximum(opens, path),
            np.minimum(opens, path),
            path,
            lots.astype(np.int64),
        )

    # -- helpers used by the broker dialects -------------------------------------------

    def today(self, now: float) -> tuple[int, float]:
        """(index of the latest trading day on or before now, minute of day now), local time."""
        local = dt.datetime.fromtimestamp(now + VN_OFFSET, dt.UTC).replace(tzinfo=None)
        day = self.calendar.index_on_or_before(local.date())
        return day, local.hour * 60 + local.minute + local.second / 60

    def day_epoch(self, day: int) -> int:
        """00:00 UTC of the trading date, the stamp Finhay puts on daily bars."""
        return int(self.calendar.days[day].astype("datetime64[s]").astype(np.int64))

    def trading_now(self, now: float) -> bool:
        """True when ``now`` falls on a trading day (whatever the hour)."""
        local = dt.datetime.fromtimestamp(now + VN_OFFSET, dt.UTC).date()
        return self.calendar.is_trading_day(local)

    def round(self, symbol: str, price: float) -> int:
        inst = self.instruments[symbol]
        return round_to_tick(price, inst.exchange, inst.stock_type)

    def band(self, symbol: str, reference: float) -> tuple[int, int]:
        inst = self.instruments[symbol]
        return price_band(reference, inst.exchange, inst.stock_type)

    def tick(self, symbol: str, price: float) -> int:
        inst = self.instruments[symbol]
        return tick_size(price, inst.exchange, inst.stock_type)

    # -- what has happened by `now` -----------------------------------------------------

    def _so_far(self, day: int, now: float) -> float | None:
        """Epoch cut-off inside ``day`` (None: the whole day has happened)."""
        today, _ = self.today(now)
        return now if day == today else None

    def minutes_until(self, symbol: str, day: int, now: float) -> Minutes:
        """The day's minutes that have started by ``now`` (all of them for a past day)."""
        m = self.index_minutes(symbol, day) if symbol in self.indices else self.minutes(symbol, day)
        cut = self._so_far(day, now)
        if cut is None:
            return m
        keep = m.start <= cut
        return Minutes(*(a[keep] for a in (m.start, m.open, m.high, m.low, m.close, m.volume)))

    def daily_until(self, symbol: str, now: float) -> tuple[np.ndarray, Daily]:
        """Trading-day indices with a bar by ``now``, and the (possibly partial) bars."""
        d = self.index_daily(symbol) if symbol in self.indices else self.daily(symbol)
        today, _ = self.today(now)
        days = np.arange(today + 1)
        cols = [
            a[: today + 1].copy() for a in (d.reference, d.open, d.high, d.low, d.close, d.volume)
        ]
        if today >= 0:
            m = self.minutes_until(symbol, today, now)
            if len(m.start) == 0:
                days = days[:-1]
                cols = [c[:-1] for c in cols]
            elif len(m.start) < len(matching_minutes(self._exchange(symbol))):
                cols[1][-1], cols[2][-1] = m.open[0], m.high.max()
                cols[3][-1], cols[4][-1], cols[5][-1] = m.low.min(), m.close[-1], m.volume.sum()
        return days, Daily(*cols)

    def bars(
        self, symbol: str, minutes: int | None, t0: int, t1: int, now: float
    ) -> dict[str, np.ndarray]:
        """Bars with a start in [t0, t1] that exist by ``now``: ``minutes=None`` for daily,
        else the bar length in minutes (240 means one bar per half-day session)."""
        if minutes is None:
            days, d = self.daily_until(symbol, now)
            stamp = self.calendar.days[days].astype("datetime64[s]").astype(np.int64)
            keep = (stamp >= t0) & (stamp <= t1)
            columns = {
                "open": d.open,
                "high": d.high,
                "low": d.low,
                "close": d.close,
                "volume": d.volume,
            }
            return {"time": stamp[keep], **{k: v[keep] for k, v in columns.items()}}
        today, _ = self.today(now)
        lo_day = self.calendar.index_on_or_before(
            dt.datetime.fromtimestamp(t0 + VN_OFFSET, dt.UTC).date() - dt.timedelta(days=1)
        )
        hi_day = min(
            today,
            self.calendar.index_on_or_before(
                dt.datetime.fromtimestamp(t1 + VN_OFFSET, dt.UTC).date()
            ),
        )
        parts = [
            aggregate(self.minutes_until(symbol, day, now), minutes)
            for day in range(max(lo_day, 0), hi_day + 1)
        ]
        if not parts:
            return {
                k: np.array([], dtype=np.int64 if k in ("time", "volume") else float)
                for k in ("time", "open", "high", "low", "close", "volume")
            }
        out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        keep = (out["time"] >= t0) & (out["time"] <= t1)
        return {k: v[keep] for k, v in out.items()}

    def _exchange(self, symbol: str) -> str:
        spec = self.indices.get(symbol)
        return spec.exchange if spec else self.instruments[symbol].exchange

    # -- indices ------------------------------------------------------------------------

    def _weights(self, code: str) -> tuple[list[str], np.ndarray]:
        spec = self.indices[code]
        members = list(spec.members)
        shares = np.array([self.instruments[s].shares for s in members], dtype=float)
        base = sum(
            w * self.daily(s).close[self.anchor] for s, w in zip(members, shares, strict=True)
        )
        return members, shares * (spec.level / base)

    def index_daily(self, code: str) -> Daily:
        members, w = self._weights(code)
        ds = [self.daily(s) for s in members]

        def total(field: str) -> np.ndarray:
            parts = [
                wi * np.asarray(getattr(d, field), dtype=float) for wi, d in zip(w, ds, strict=True)
            ]
            return np.asarray(np.round(np.sum(parts, axis=0), 2), dtype=float)

        volume = np.sum([d.volume for d in ds], axis=0)
        return Daily(
            total("reference"), total("open"), total("high"), total("low"), total("close"), volume
        )

    def index_minutes(self, code: str, day: int) -> Minutes:
        members, w = self._weights(code)
        ms = [self.minutes(s, day) for s in members]
        opens = np.round(sum(wi * m.open for wi, m in zip(w, ms, strict=True)), 2)
        closes = np.round(sum(wi * m.close for wi, m in zip(w, ms, strict=True)), 2)
        volume = np.sum([m.volume for m in ms], axis=0)
        return Minutes(
            ms[0].start, opens, np.maximum(opens, closes), np.minimum(opens, closes), closes, volume
        )

    def breadth(self, code: str, day: int, now: float) -> dict[str, np.ndarray]:
        """Per minute: how many members are up, down, unchanged, at ceiling, at floor."""
        members, _ = self._weights(code)
        size = len(self.minutes_until(members[0], day, now).start)
        names = ("advances", "declines", "unchanged", "ceilings", "floors")
        counts = {k: np.zeros(size, dtype=np.int64) for k in names}
        for s in members:
            m = self.minutes_until(s, day, now)
            ref = self.daily(s).reference[day]
            floor, ceiling = self.band(s, ref)
            counts["advances"] = counts["advances"] + (m.close > ref)
            counts["declines"] = counts["declines"] + (m.close < ref)
            counts["unchanged"] = counts["unchanged"] + (m.close == ref)
            counts["ceilings"] = counts["ceilings"] + (m.close >= ceiling)
            counts["floors"] = counts["floors"] + (m.close <= floor)
        return counts


def aggregate(m: Minutes, minutes: int) -> dict[str, np.ndarray]:
    """One-minute bars → ``minutes``-long bars aligned on 09:00 (240: one per half-day)."""
    if len(m.start) == 0:
        return {
            "time": m.start,
            "open": m.open,
            "high": m.high,
            "low": m.low,
            "close": m.close,
            "volume": m.volume,
        }
    local = (m.start + VN_OFFSET) % 86_400 // 60
    if minutes >= 240:
        bucket = np.where(local < 13 * 60, 9 * 60, 13 * 60)
    else:
        bucket = (local - 9 * 60) // minutes * minutes + 9 * 60
    first = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
    last = np.r_[first[1:] - 1, len(bucket) - 1]
    day0 = m.start[0] - ((m.start[0] + VN_OFFSET) % 86_400)
    return {
        "time": day0 + bucket[first] * 60,
        "open": m.open[first],
        "high": np.maximum.reduceat(m.high, first),
        "low": np.minimum.reduceat(m.low, first),
        "close": m.close[last],
        "volume": np.add.reduceat(m.volume, first),
    }


@lru_cache(maxsize=8)
def shared_engine(seed: int, reference: Path | None = None) -> MarketEngine:
    """One engine per seed (and reference folder) per process: it is pure, and its caches
    are worth sharing."""
    return MarketEngine(seed, reference)
