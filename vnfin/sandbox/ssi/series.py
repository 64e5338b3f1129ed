"""FCData's price series over the simulated market (reference §2.2). **SIMULATED DATA.**

Dates are ``DD/MM/YYYY`` (``fromDate``, ``toDate``, both required, from not after to);
symbols and index codes in any case; an unknown symbol matches nothing (an empty page).
Every series comes from the same engine as Finhay's ``price-histories-chart``, so the
numbers agree bar for bar. ``Value`` (VND matched) is simulated as the bar's volume times the
mean of its open, high, low and close.

* ``DailyOhlc`` (``symbol``: a stock or an index; ``ascending`` ``true``/``false`` in any
  case, default false = newest first) → ``Symbol``, ``Market``, ``TradingDate``, ``Time``
  (null), ``Open``, ``High``, ``Low``, ``Close``, ``Volume``, ``Value``: the trading days with
  a bar by now (today's so far). **At most 30 days** (``toDate`` − ``fromDate`` ≤ 30):
  a longer range is a 400 saying so. ``pageSize`` 10/20/50/100/500/1000.
* ``IntradayOhlc`` (``resolution`` in minutes, 1–240, default 1) → ``Symbol``, ``Value``,
  ``TradingDate``, ``Time`` (``HH:mm:ss``, the bar's start, Vietnam time), ``Open``, ``High``,
  ``Low``, ``Close``, ``Volume``; bars aligned on 09:00 as Finhay's are (240: one per
  half-day session).
* ``DailyIndex`` (``indexId``, or ``indexCode`` as the spec names it; ``order`` ``asc`` or
  ``desc``, default desc; ``orderBy`` only ``TradingDate``) → ``IndexId``, ``IndexValue`` (the
  close), ``Change``/``RatioChange`` against the previous close, ``Advances``, ``NoChanges``,
  ``Declines``, ``Ceilings``, ``Floors`` (members' closes against their reference and band),
  ``TotalMatchVol``/``TotalMatchVal`` and ``TotalVol``/``TotalVal`` (members' sums; no
  put-through deals: ``TotalDeal…`` 0), ``TotalTrade`` (simulated: one trade per 1,000
  shares), ``TypeIndex`` ``Main``, ``TradingSession`` (``C`` for a finished day).
* ``DailyStockPrice`` (``symbol``, empty = every symbol of ``market``; ``pageSize``
  10/20/50/100; newest first) → the day's ``RefPrice``, ``CeilingPrice``, ``FloorPrice``
  (the exchange rules applied to the reference), ``Open/Highest/Lowest/ClosePrice``,
  ``AveragePrice`` (value ÷ volume on the tick grid), ``PriceChange``, ``PerPriceChange`` (%),
  ``TotalMatchVol``/``Val``, and simulated foreign flows (``ForeignBuyVolTotal``…,
  ``ForeignCurrentRoom`` as Finhay's quote shows it) and trade counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..world import World
from ..world.calendar import session_state
from ..world.clock import VN_OFFSET, local_now
from ..world.seeded import rng
from .envelope import Refusal
from .params import boolean, date, integer
from .shape import page

Rows = tuple[list[dict[str, Any]], int]
MAX_DAYS = 30
STOCK_PRICE_SIZES = (10, 20, 50, 100)
SESSIONS = {"OPEN": "ATO", "PROGRESS": "LO", "BREAK": "BREAK", "PRE_CLOSED": "ATC"}
SESSIONS |= {"PUT_THROUGH": "PT", "POST_SESSION": "PLO", "CLOSED": "C"}


def _utc_midnight(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _dmy(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%d/%m/%Y")


def value(volume: float, o: float, h: float, lo: float, c: float) -> int:
    """The simulated matched value of a bar (module docstring)."""
    return round(volume * (o + h + lo + c) / 4)


class Series:
    """The four series over ``world``."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.engine = world.engine

    def table(self) -> dict[str, Any]:
        """Handlers by lower-case endpoint name."""
        return {
            "dailyohlc": self.daily_ohlc,
            "intradayohlc": self.intraday_ohlc,
            "dailyindex": self.daily_index,
            "dailystockprice": self.daily_stock_price,
        }

    def _range(self, params: Mapping[str, str]) -> tuple[dt.date, dt.date]:
        start = date(params, "fromDate", "From Date")
        end = date(params, "toDate", "To Date")
        if start > end:
            raise Refusal("'From Date' must not be after 'To Date'.")
        return start, end

    def _symbol(self, params: Mapping[str, str], indices: bool = True) -> str | None:
        """The ``symbol`` as the world spells it, or None when it names nothing."""
        wanted = params.get("symbol", "").strip().upper()
        known = {s.upper(): s for s in self.engine.instruments}
        if indices:
            known.update({c.upper(): c for c in self.engine.indices})
        return known.get(wanted)

    def _market_of(self, symbol: str) -> str:
        spec = self.engine.indices.get(symbol)
        return spec.exchange if spec else self.engine.instruments[symbol].exchange

    def daily_ohlc(self, params: Mapping[str, str]) -> Rows:
        start, end = self._range(params)
        if (end - start).days > MAX_DAYS:
            raise Refusal(
                f"The date range must not exceed {MAX_DAYS} days: "
                f"{start:%d/%m/%Y} to {end:%d/%m/%Y} is {(end - start).days}"
            )
        ascending = boolean(params, "ascending", False)
        symbol = self._symbol(params)
        if symbol is None:
            return [], 0
        bars = self.engine.bars(
            symbol, None, _utc_midnight(start), _utc_midnight(end), self.world.clock()
        )
        index = symbol in self.engine.indices
        market = self._market_of(symbol)
        rows = []
        for i in range(len(bars["time"])):
            o, h, lo, c = (float(bars[k][i]) for k in ("open", "high", "low", "close"))
            prices = [round(p, 2) if index else int(p) for p in (o, h, lo, c)]
            volume = int(bars["volume"][i])
            rows.append(
                {
                    "Symbol": symbol,
                    "Market": market,
                    "TradingDate": _dmy(int(bars["time"][i])),
                    "Time": None,
                    **dict(zip(("Open", "High", "Low", "Close"), prices, strict=True)),
                    "Volume": volume,
                    "Value": value(volume, o, h, lo, c),
                }
            )
        if not ascending:
            rows.reverse()
        return page(params, rows), len(rows)

    def intraday_ohlc(self, params: Mapping[str, str]) -> Rows:
        start, end = self._range(params)
        ascending = boolean(params, "ascending", False)
        resolution = integer(params, "resolution", 1, 1, 240)
        symbol = self._symbol(params)
        if symbol is None:
            return [], 0
        t0 = _utc_midnight(start) - VN_OFFSET
        t1 = _utc_midnight(end) - VN_OFFSET + 86_399
        bars = self.engine.bars(symbol, resolution, t0, t1, self.world.clock())
        index = symbol in self.engine.indices
        rows = []
        for i in range(len(bars["time"])):
            o, h, lo, c = (float(bars[k][i]) for k in ("open", "high", "low", "close"))
            prices = [round(p, 2) if index else int(p) for p in (o, h, lo, c)]
            local = local_now(int(bars["time"][i]))
            volume = int(bars["volume"][i])
            rows.append(
                {
                    "Symbol": symbol,
                    "Value": value(volume, o, h, lo, c),
                    "TradingDate": local.strftime("%d/%m/%Y"),
                    "Time": local.strftime("%H:%M:%S"),
                    **dict(zip(("Open", "High", "Low", "Close"), prices, strict=True)),
                    "Volume": volume,
                }
            )
        if not ascending:
            rows.reverse()
        return page(params, rows), len(rows)

    def daily_index(self, params: Mapping[str, str]) -> Rows:
        start, end = self._range(params)
        order = params.get("order", "").strip().lower() or "desc"
        if order not in ("asc", "desc"):
            raise Refusal("order must be asc or desc")
        by = params.get("orderby", "").strip().lower() or "tradingdate"
        if by != "tradingdate":
            raise Refusal("orderBy must be TradingDate")
        wanted = (params.get("indexid") or params.get("indexcode") or "").strip().upper()
        codes = {c.upper(): c for c in self.engine.indices}
        if wanted not in codes:
            return [], 0
        code = codes[wanted]
        spec = self.engine.indices[code]
        now = self.world.clock()
        days, level = self.engine.daily_until(code, now)
        members = [(s, self.engine.daily_until(s, now)[1]) for s in spec.members]
        today, minute = self.engine.today(now)
        rows = []
        for i, day in enumerate(days.tolist()):
            when = self.engine.calendar.date(day)
            if not start <= when <= end:
                continue
            close, ref = float(level.close[i]), float(level.reference[i])
            counts = dict.fromkeys(("Advances", "NoChanges", "Declines", "Ceilings", "Floors"), 0)
            volume = traded = 0
            for symbol, d in members:
                c, r = float(d.close[i]), float(d.reference[i])
                floor, ceiling = self.engine.band(symbol, r)
                counts["Advances" if c > r else "Declines" if c < r else "NoChanges"] += 1
                counts["Ceilings"] += c >= ceiling
                counts["Floors"] += c <= floor
                volume += int(d.volume[i])
                traded += value(int(d.volume[i]), d.open[i], d.high[i], d.low[i], c)
            state = session_state(spec.exchange, True, minute) if day == today else "CLOSED"
            change = round(close - ref, 2)
            rows.append(
                {
                    "IndexId": code,
                    "IndexValue": round(close, 2),
                    "TradingDate": when.strftime("%d/%m/%Y"),
                    "Time": None,
                    "Change": change,
                    "RatioChange": round(change / ref * 100, 2) if ref else 0.0,
                    "TotalTrade": volume // 1000,
                    "TotalMatchVol": volume,
                    "TotalMatchVal": traded,
                    "TypeIndex": "Main",
                    "IndexName": spec.name,
                    **counts,
                    "TotalDealVol": 0,
                    "TotalDealVal": 0,
                    "TotalVol": volume,
                    "TotalVal": traded,
                    "TradingSession": SESSIONS.get(state, "C"),
                    "Market": spec.exchange,
                    "Exchange": spec.exchange,
                }
            )
        if order == "desc":
            rows.reverse()
        return page(params, rows), len(rows)

    def daily_stock_price(self, params: Mapping[str, str]) -> Rows:
        start, end = self._range(params)
        market = params.get("market", "").strip().upper()
        if market and market not in ("HOSE", "HNX", "UPCOM", "DER", "BOND"):
            raise Refusal("market must be one of HOSE, HNX, UPCOM, DER, BOND or empty")
        if params.get("symbol", "").strip():
            one = self._symbol(params, indices=False)
            symbols = [one] if one and market in ("", self._market_of(one)) else []
        else:
            symbols = sorted(
                s for s, i in self.engine.instruments.items() if market in ("", i.exchange)
            )
        now = self.world.clock()
        rows = []
        for symbol in symbols:
            days, d = self.engine.daily_until(symbol, now)
            for i, day in enumerate(days.tolist()):
                when = self.engine.calendar.date(day)
                if start <= when <= end:
                    rows.append(self._price_row(symbol, day, when, d, i))
        rows.sort(key=lambda r: (-r["_order"], r["Symbol"]))  # newest first
        for r in rows:
            del r["_order"]
        return page(params, rows, STOCK_PRICE_SIZES), len(rows)

    def _price_row(self, symbol: str, day: int, when: dt.date, d: Any, i: int) -> dict[str, Any]:
        inst = self.engine.instruments[symbol]
        ref, o, h, lo, c = (float(a[i]) for a in (d.reference, d.open, d.high, d.low, d.close))
        volume = int(d.volume[i])
        traded = value(volume, o, h, lo, c)
        floor, ceiling = self.engine.band(symbol, ref)
        flows = rng(self.engine.seed, "ssi-foreign", symbol, day)
        bought = int(volume * float(flows.uniform(0, 0.15))) // 100 * 100
        sold = int(volume * float(flows.uniform(0, 0.15))) // 100 * 100
        room = int(inst.shares * float(rng(self.engine.seed, symbol, 7).uniform(0.02, 0.3)))
        buy_volume = volume // 200 * 100
        average = self.engine.round(symbol, traded / volume) if volume else int(ref)
        return {
            "_order": day,
            "TradingDate": when.strftime("%d/%m/%Y"),
            "Symbol": symbol,
            "PriceChange": int(c - ref),
            "PerPriceChange": round((c - ref) / ref * 100, 2),
            "CeilingPrice": ceiling,
            "FloorPrice": floor,
            "RefPrice": int(ref),
            "OpenPrice": int(o),
            "HighestPrice": int(h),
            "LowestPrice": int(lo),
            "ClosePrice": int(c),
            "AveragePrice": average,
            "ClosePriceAdjusted": int(c),
            "TotalMatchVol": volume,
            "TotalMatchVal": traded,
            "TotalDealVal": 0,
            "TotalDealVol": 0,
            "ForeignBuyVolTotal": bought,
            "ForeignCurrentRoom": room,
            "ForeignSellVolTotal": sold,
            "ForeignBuyValTotal": round(bought * c),
            "ForeignSellValTotal": round(sold * c),
            "TotalBuyTrade": buy_volume // 1000,
            "TotalBuyTradeVol": buy_volume,
            "TotalSellTrade": (volume - buy_volume) // 1000,
            "TotalSellTradeVol": volume - buy_volume,
            "NetBuySellVol": bought - sold,
            "NetBuySellVal": round((bought - sold) * c),
            "TotalTradedVol": volume,
            "TotalTradedValue": traded,
            "Time": None,
        }
