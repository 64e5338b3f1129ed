"""``fh.macro``: macro indicators, Trading Economics history, the economic calendar and
global markets (reference §2.5)."""

from __future__ import annotations

import pandas as pd

from .. import _inputs
from .._faces import SyncGroup, blocking
from ..errors import ValidationError
from ._group import Group
from .parsers import macro as parse

TYPES = ("IIP", "CPI", "PMI", "PCE", "CORE_PCE", "NFP", "FED_FUNDS_RATE", "INTERBANK_RATE",
         "GOVERNMENT_10Y_BOND_YIELD", "UNEMPLOYMENT_RATE")  # fmt: skip
REMOVED_TYPES = ("GOODS_RETAIL", "SERVICE_RETAIL", "TOTAL_EXPORT", "FDI_EXPORT", "DOMESTIC_EXPORT")
COUNTRIES = ("VN", "US", "JP", "DE")
MACRO_PERIODS = ("ONE_MONTH", "ONE_YEAR", "YTD")
ECONOMIES = ("China", "Euro Area", "Japan", "United States", "United Kingdom", "Vietnam")
ECONOMY_ALIASES = {"CN": "China", "EU": "Euro Area", "EA": "Euro Area", "JP": "Japan",
                   "US": "United States", "USA": "United States", "UK": "United Kingdom",
                   "GB": "United Kingdom", "VN": "Vietnam", "VIET NAM": "Vietnam"}  # fmt: skip
CATEGORIES = ("GDP", "Labour", "Prices", "Money", "Trade", "Government", "Business", "Consumer",
              "Housing")  # fmt: skip
MARKET_TYPES = ("SP500", "DOW_JONES", "NASDAQ", "RUSSELL2000", "VIX", "DXY", "KOSPI", "HANGSENG",
                "SHANGHAI", "NIKKEI", "APPLE", "MICROSOFT", "ALPHABET", "AMAZON", "META",
                "NVIDIA", "TESLA", "GOLD", "SILVER", "COPPER", "CRUDE_OIL", "BRENT_OIL",
                "NATURAL_GAS", "EURUSD", "USDJPY", "GBPUSD")  # fmt: skip


class AsyncMacro(Group):
    """Macro endpoints (awaitable). Reached as ``AsyncFinhay(...).macro``."""

    name = "macro"

    async def indicator(
        self, type: str, country: str = "VN", period: str | None = None
    ) -> pd.DataFrame:
        """A macro indicator's monthly history, ascending ``time`` index (month start).

        Columns ``type country value date``. ``type``: IIP, CPI, PMI, PCE, CORE_PCE, NFP,
        FED_FUNDS_RATE, INTERBANK_RATE, GOVERNMENT_10Y_BOND_YIELD, UNEMPLOYMENT_RATE;
        ``country``: VN or US (JP and DE for the 10-year bond yield only); ``period``:
        ONE_MONTH, ONE_YEAR or YTD.
        """
        if isinstance(type, str) and type.strip().upper() in REMOVED_TYPES:
            raise ValidationError(f"type={type!r} was removed from the API on 2026-05-18; "
                                  f"use one of: {', '.join(TYPES)}", argument="type")  # fmt: skip
        kind = _inputs.choice(type, TYPES, "type")
        where = _inputs.choice(country, COUNTRIES, "country")
        if where in ("JP", "DE") and kind != "GOVERNMENT_10Y_BOND_YIELD":
            raise ValidationError(f"country={where} is available only for "
                                  "GOVERNMENT_10Y_BOND_YIELD", argument="country")  # fmt: skip
        per = None if period is None else _inputs.choice(period, MACRO_PERIODS, "period")
        path = "/market/financial-data/macro"
        reply = await self._get(path, [("type", kind), ("country", where), ("period", per)])
        return self._stamp(parse.indicator(reply.payload), reply, path, type=kind, country=where)

    async def economy(
        self, country: str, category: str | None = None, year: int | None = None
    ) -> pd.DataFrame:
        """Trading Economics indicator history for a country, ascending in time.

        Index ``(indicator, time)`` (month start), columns ``country category last_value
        previous_value unit``. ``country``: China, Euro Area, Japan, United States,
        United Kingdom, Vietnam (or CN, EU, JP, US, UK, VN); ``category``: GDP, Labour,
        Prices, Money, Trade, Government, Business, Consumer, Housing; ``year`` 2000-2100.
        """
        where = _inputs.choice(country, ECONOMIES, "country", ECONOMY_ALIASES)
        cat = None if category is None else _inputs.choice(category, CATEGORIES, "category")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)
                                 or not 2000 <= year <= 2100):  # fmt: skip
            raise ValidationError(f"year must be an integer 2000-2100, got {year!r}",
                                  argument="year")  # fmt: skip
        path = "/market/financial-data/trading-economics"
        reply = await self._get(path, [("country", where), ("category", cat), ("year", year)])
        return self._stamp(parse.economy(reply.payload), reply, path, country=where)

    async def calendar(self, weeks: int = 1, country: str | None = None) -> pd.DataFrame:
        """Upcoming economic events, by date.

        Columns ``time id country event category impact actual previous consensus
        forecast``; ``impact`` 1 low, 2 medium, 3 high; figures are the API's strings
        (``"5.50%"``), missing until released. ``weeks`` ahead (1 = next 7 days).
        """
        span = _inputs.positive_int(weeks, "weeks")
        where = None if country is None else _inputs.choice(country, ECONOMIES, "country",
                                                              ECONOMY_ALIASES)  # fmt: skip
        path = "/market/financial-data/economic-calendar-events"
        reply = await self._get(path, [("weeks", span), ("country", where)])
        return self._stamp(parse.calendar(reply.payload), reply, path)

    async def global_market(self, type: str, limit: int = 50) -> pd.DataFrame:
        """Daily history of a global index, stock, commodity or FX pair, ascending ``time``.

        Columns ``type country value``. ``type``: SP500, DOW_JONES, NASDAQ, RUSSELL2000, VIX,
        DXY, KOSPI, HANGSENG, SHANGHAI, NIKKEI, APPLE, MICROSOFT, ALPHABET, AMAZON, META,
        NVIDIA, TESLA, GOLD, SILVER, COPPER, CRUDE_OIL, BRENT_OIL, NATURAL_GAS, EURUSD,
        USDJPY, GBPUSD; ``limit`` 1-500 latest points.
        """
        kind = _inputs.choice(type, MARKET_TYPES, "type")
        count = _inputs.positive_int(limit, "limit", 500)
        path = "/market/financial-data/market"
        reply = await self._get(path, [("type", kind), ("limit", count)])
        return self._stamp(parse.global_market(reply.payload), reply, path, type=kind)


class Macro(SyncGroup):
    """Macro endpoints (blocking). Reached as ``Finhay(...).macro``."""

    indicator = blocking(AsyncMacro.indicator)
    economy = blocking(AsyncMacro.economy)
    calendar = blocking(AsyncMacro.calendar)
    global_market = blocking(AsyncMacro.global_market)
