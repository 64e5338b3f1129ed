"""``fh.commodities``: gold, silver, crypto, bank deposit rates and the all-in-one financial
data endpoint (reference §2.6, §2.7; seed 002)."""

from __future__ import annotations

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import Group
from .._parse import flatten
from ..frames import PER_ROW, UNDOCUMENTED
from . import routes
from .parsers import commodities as parse

#: Domestic gold is VND per tael (lượng) in every documented example; silver's quantity is
#: not documented. ``usd_value`` is the world price in USD per troy ounce.
GOLD_UNIT = "VND per tael; usd_value USD/oz"
METALS_UNIT = "VND (gold per tael, silver per undocumented quantity); usd_value USD/oz"


class AsyncCommodities(Group):
    """Commodity, crypto and rates endpoints (awaitable). ``AsyncFinhay(...).commodities``."""

    name = "commodities"

    async def gold(self) -> pd.DataFrame:
        """SJC and world gold: one row per product. Columns ``index name short_name provider
        buy_value sell_value usd_value vnd_value change_percent buy_value_change_percent
        sell_value_change_percent date updated_at provider_icon``; VND per tael (lượng)."""
        return await self._frame(routes.financial_data("gold"), parse.metals, unit=GOLD_UNIT)

    async def silver(self) -> pd.DataFrame:
        """Silver quotes; columns as :meth:`gold`, in VND (per what quantity is not
        documented)."""
        return await self._frame(routes.financial_data("silver"), parse.metals, unit=METALS_UNIT)

    async def gold_providers(self) -> pd.DataFrame:
        """Gold by provider (PNJ, DOJI, BTMC, SJC …); columns as :meth:`gold`."""
        call = routes.financial_data("gold-providers")
        return await self._frame(call, parse.metals, unit=GOLD_UNIT)

    async def metal_providers(self) -> pd.DataFrame:
        """Gold and silver from every provider; columns as :meth:`gold`."""
        call = routes.financial_data("metal-providers")
        return await self._frame(call, parse.metals, unit=METALS_UNIT)

    async def gold_chart(self, days: int = 30) -> pd.DataFrame:
        """Daily gold prices for the last ``days`` days: ascending ``time`` index, one
        column per series the API sends (domestic bar and global). Finhay does not document
        their unit: ``df.attrs["unit"]`` is "undocumented" (the sandbox's are thousands of
        VND per chỉ)."""
        return await self._frame(routes.chart("gold-chart", days), parse.chart, unit=UNDOCUMENTED)

    async def silver_chart(self, days: int = 30) -> pd.DataFrame:
        """Daily silver prices: ascending ``time`` index; columns ``silver_bar``,
        ``silver_global`` (and any other series sent)."""
        return await self._frame(routes.chart("silver-chart", days), parse.chart, unit=UNDOCUMENTED)

    async def crypto(self) -> pd.DataFrame:
        """Trending crypto-currencies (CoinMarketCap ranking), index ``symbol``: columns
        ``name price formatted_price percent_change_1h percent_change_24h percent_change_7d
        percent_change_30d market_cap icon_url last_30d_chart``; USD."""
        call = routes.financial_data("cryptos/top-trending")
        return await self._frame(call, parse.crypto, unit="USD")

    async def bank_rates(self) -> pd.DataFrame:
        """Bank deposit rates: one row per bank and term, columns ``bank term term_months
        rate updated_at`` (rate in % a year, ``term`` as sent, ``"12 tháng"``); no rows when
        nothing is cached. The schema is not documented and depends on an upstream job: an
        answer in none of the shapes seen is flattened into columns as it comes (nested
        objects become ``parent_child`` columns), with ``attrs["unit"] == "undocumented"``."""
        call = routes.financial_data("bank-interest-rates")
        reply = await self._send(call)
        frame = parse.bank_rates(reply.payload)
        if frame is None:
            frame, unit = flatten(reply.payload), UNDOCUMENTED
        else:
            unit = "% per year"
        return self._stamp(frame, reply, call.path, schema=UNDOCUMENTED, unit=unit)

    async def financial_data(self) -> pd.DataFrame:
        """Gold, silver, USD rates, crypto, bank rates and US indices in one call, one row
        per value. Columns ``financial_type group index name description value_type buy_value
        sell_value value change change_percent unit last_updated icon_url``. Amounts quoted
        in thousands ("1.000đ/chỉ") are converted to VND; ``unit`` says per what."""
        return await self._frame(routes.financial_data(), parse.financial_data, unit=PER_ROW)


class Commodities(SyncGroup[AsyncCommodities]):
    """Commodity, crypto and rates endpoints (blocking). Reached as ``Finhay(...).commodities``."""

    gold = blocking(AsyncCommodities.gold)
    silver = blocking(AsyncCommodities.silver)
    gold_providers = blocking(AsyncCommodities.gold_providers)
    metal_providers = blocking(AsyncCommodities.metal_providers)
    gold_chart = blocking(AsyncCommodities.gold_chart)
    silver_chart = blocking(AsyncCommodities.silver_chart)
    crypto = blocking(AsyncCommodities.crypto)
    bank_rates = blocking(AsyncCommodities.bank_rates)
    financial_data = blocking(AsyncCommodities.financial_data)
