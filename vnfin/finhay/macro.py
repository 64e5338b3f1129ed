"""``fh.macro``: macro indicators, Trading Economics history, the economic calendar and
global markets (reference §2.5)."""

from __future__ import annotations

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import Group
from ..frames import PER_ROW, UNDOCUMENTED
from . import routes, vocab
from .parsers import macro as parse


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
        ONE_MONTH, ONE_YEAR or YTD. ``df.attrs["unit"]``: % a year for rates, % year on year
        for CPI, index points for PMI, "undocumented" for IIP, PCE, CORE_PCE and NFP.
        """
        call = routes.indicator(type, country, period)
        unit = vocab.MACRO_UNITS.get(call.inputs["type"], UNDOCUMENTED)
        return await self._frame(call, parse.indicator, unit=unit)

    async def economy(
        self, country: str, category: str | None = None, year: int | None = None
    ) -> pd.DataFrame:
        """Trading Economics indicator history for a country, ascending in time.

        Index ``(indicator, time)`` (month start), columns ``country category last_value
        previous_value unit``. ``country``: China, Euro Area, Japan, United States,
        United Kingdom, Vietnam (or CN, EU, JP, US, UK, VN); ``category``: GDP, Labour,
        Prices, Money, Trade, Government, Business, Consumer, Housing; ``year`` 2000-2100.
        """
        return await self._frame(
            routes.economy(country, category, year), parse.economy, unit=PER_ROW
        )

    async def calendar(self, weeks: int = 1, country: str | None = None) -> pd.DataFrame:
        """Upcoming economic events, by date.

        Columns ``time id country event category impact actual previous consensus
        forecast unit``; ``impact`` 1 low, 2 medium, 3 high. The figures are numbers
        ("217K" → 217000.0, "0.45%" → 0.45, "$2.89B" → 2.89e9) with what they are in
        (``%``, ``USD`` …) in ``unit``; missing until released. ``weeks`` ahead (1 = next 7
        days)."""
        return await self._frame(routes.calendar(weeks, country), parse.calendar, unit=PER_ROW)

    async def global_market(self, type: str, limit: int = 50) -> pd.DataFrame:
        """Daily history of a global index, stock, commodity or FX pair, ascending ``time``.

        Columns ``type country value``. ``type``: SP500, DOW_JONES, NASDAQ, RUSSELL2000, VIX,
        DXY, KOSPI, HANGSENG, SHANGHAI, NIKKEI, APPLE, MICROSOFT, ALPHABET, AMAZON, META,
        NVIDIA, TESLA, GOLD, SILVER, COPPER, CRUDE_OIL, BRENT_OIL, NATURAL_GAS, EURUSD,
        USDJPY, GBPUSD; ``limit`` 1-500 latest points.
        """
        call = routes.global_market(type, limit)
        unit = vocab.MARKET_UNITS.get(call.inputs["type"], UNDOCUMENTED)
        return await self._frame(call, parse.global_market, unit=unit)


class Macro(SyncGroup[AsyncMacro]):
    """Macro endpoints (blocking). Reached as ``Finhay(...).macro``."""

    indicator = blocking(AsyncMacro.indicator)
    economy = blocking(AsyncMacro.economy)
    calendar = blocking(AsyncMacro.calendar)
    global_market = blocking(AsyncMacro.global_market)
