"""``fh.funds``: open-ended funds, every ``/fund-trading/public/**`` endpoint (reference §2.8).

``sector_allocation``, ``asset_allocation``, ``holdings``, ``top_aum``, ``top_investors``,
``top_fund_flow``, ``top_holdings`` and ``operation`` use endpoints that Finhay's own skills
dropped on 2026-05-15 as deprecated (the official docs still list sector allocation). They
may be retired without notice; vnfin keeps them because the data has no other source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .._faces import SyncGroup, blocking
from .._group import Group
from ..frames import NO_UNIT, UNDOCUMENTED
from . import routes
from .parsers import funds as parse

RETIRED = "possibly retired (dropped from Finhay's skills 2026-05-15)"
RANKING_UNITS = {"top-aum": "VND", "top-investor": "investors", "top-fund-flow": "VND"}


class AsyncFunds(Group):
    """Open-ended fund endpoints (awaitable). Reached as ``AsyncFinhay(...).funds``."""

    name = "funds"

    async def companies(self) -> pd.DataFrame:
        """Fund management companies: columns ``id short_name name image_url``."""
        return await self._frame(routes.fund_companies(), parse.companies, unit=NO_UNIT)

    async def nav_history(self, fund: str, period: str = "ALL_TIME") -> pd.DataFrame:
        """A fund's NAV per unit next to its benchmark: ascending ``time`` index, columns
        ``nav`` (VND) and ``benchmark_value`` (points); ``df.attrs["benchmark"]`` names the
        benchmark. ``period``: BEGIN_THE_YEAR (YTD), ONE_MONTH … TEN_YEARS, ALL_TIME."""
        call = routes.nav_history(fund, period)
        reply = await self._send(call)
        frame, benchmark = parse.nav_history(reply.payload)
        return self._stamp(frame, reply, call.path, **call.inputs, benchmark=benchmark, unit="VND")

    async def nav_comparison(
        self,
        funds: str | Iterable[str],
        period: str | None = None,
        *,
        start: Any = None,
        end: Any = None,
    ) -> pd.DataFrame:
        """NAV series of several funds: index ``(fund, time)``, columns ``nav``
        ``change_percent``. Give ``period`` or ``start`` and ``end`` (months)."""
        call = routes.nav_comparison(funds, period, start, end)
        return await self._frame(call, parse.nav_comparison, unit="VND")

    async def growth(self, funds: str | Iterable[str], amount: int, period: str) -> pd.DataFrame:
        """What ``amount`` VND invested ``period`` ago would be worth: index ``fund``, columns
        ``profit_percent`` and ``current_amount`` (VND)."""
        return await self._frame(routes.growth(funds, amount, period), parse.growth, unit="VND")

    async def similar(self, fund: str) -> pd.DataFrame:
        """Funds similar to ``fund``: columns ``fund criteria`` (NET_ASSET_EQUIVALENT: similar
        AUM, GROWTH_EQUIVALENT: similar growth)."""
        call = routes.fund_detail(fund, "suggestions")
        return await self._frame(call, parse.suggestions, unit=NO_UNIT)

    async def sector_allocation(self, fund: str) -> pd.DataFrame:
        """Portfolio weight by sector: index ``sector``, column ``percent``. Possibly retired."""
        call = routes.fund_detail(fund, "sector-allocation")
        return await self._frame(call, parse.sector_allocation, status=RETIRED, unit="%")

    async def asset_allocation(self, fund: str) -> pd.DataFrame:
        """Stock/bond/other split: index ``asset_class``, column ``percent``; empty when the
        fund has no allocation record. Possibly retired."""
        call = routes.fund_detail(fund, "asset-allocation")
        return await self._frame(call, parse.asset_allocation, status=RETIRED, unit="%")

    async def holdings(self, fund: str) -> pd.DataFrame:
        """The fund's holdings as sent (columns vary by fund type). Possibly retired."""
        call = routes.fund_detail(fund, "portfolio")
        return await self._frame(
            call, parse.holdings, status=RETIRED, schema=UNDOCUMENTED, unit=UNDOCUMENTED
        )

    async def top_aum(self, fund_type: str) -> pd.DataFrame:
        """Largest funds by AUM per month: columns ``fund time aum`` (VND). Possibly retired."""
        return await self._ranking("top-aum", fund_type)

    async def top_investors(self, fund_type: str) -> pd.DataFrame:
        """Funds with most investors per month: columns ``fund time investors``. Possibly
        retired."""
        return await self._ranking("top-investor", fund_type)

    async def top_fund_flow(self, fund_type: str) -> pd.DataFrame:
        """Net flows per month: columns ``fund time fund_flow fund_inflow fund_outflow`` (VND).
        Possibly retired."""
        return await self._ranking("top-fund-flow", fund_type)

    async def _ranking(self, route: str, fund_type: str) -> pd.DataFrame:
        call = routes.ranking(route, fund_type)
        unit = RANKING_UNITS[route]
        return await self._frame(call, lambda p: parse.ranking(p, route), status=RETIRED, unit=unit)

    async def top_holdings(self) -> pd.DataFrame:
        """Symbols held by the most funds: index ``symbol``, column ``number_of_funds``. Possibly
        retired."""
        call = routes.get(f"{routes.FUNDS}/top-holding-symbols")
        return await self._frame(call, parse.top_holdings, status=RETIRED, unit="number of funds")

    async def operation(
        self,
        funds: str | Iterable[str],
        period: str | None = None,
        *,
        start: Any = None,
        end: Any = None,
        flows: bool = False,
    ) -> pd.DataFrame:
        """Operating figures per fund: index ``fund``, columns ``aum changed_aum
        changed_aum_percent investors changed_investors changed_investors_percent
        total_fund_flow image_url``; ``flows=True`` returns the monthly flows instead
        (``fund time fund_flow fund_inflow fund_outflow``). Possibly retired."""
        call = routes.operation(funds, period, start, end)
        return await self._frame(
            call, lambda p: parse.operation(p)[1 if flows else 0], status=RETIRED, unit="VND"
        )

    async def list(
        self, fund_type: str | None = None, company_id: int | None = None
    ) -> pd.DataFrame:
        """Funds of a type (STOCK_FUND, BOND_FUND, BALANCE_FUND; default all three), best
        one-year return first: columns ``id name type aum rating`` (AUM in VND).
        ``company_id`` is an ``id`` from :meth:`companies`."""
        calls = routes.fund_lists(fund_type, company_id)
        replies = await asyncio.gather(*(self._send(c) for c in calls))
        frame = pd.concat([parse.funds(r.payload) for r in replies], ignore_index=True)
        return self._stamp(frame, replies[0], routes.FUNDS, unit="VND")


class Funds(SyncGroup[AsyncFunds]):
    """Open-ended fund endpoints (blocking). Reached as ``Finhay(...).funds``."""

    companies = blocking(AsyncFunds.companies)
    nav_history = blocking(AsyncFunds.nav_history)
    nav_comparison = blocking(AsyncFunds.nav_comparison)
    growth = blocking(AsyncFunds.growth)
    similar = blocking(AsyncFunds.similar)
    sector_allocation = blocking(AsyncFunds.sector_allocation)
    asset_allocation = blocking(AsyncFunds.asset_allocation)
    holdings = blocking(AsyncFunds.holdings)
    top_aum = blocking(AsyncFunds.top_aum)
    top_investors = blocking(AsyncFunds.top_investors)
    top_fund_flow = blocking(AsyncFunds.top_fund_flow)
    top_holdings = blocking(AsyncFunds.top_holdings)
    operation = blocking(AsyncFunds.operation)
    list = blocking(AsyncFunds.list)
