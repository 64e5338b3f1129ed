"""``fh.funds``: open-ended funds, every ``/fund-trading/public/**`` endpoint (reference §2.8).

``sector_allocation``, ``asset_allocation``, ``holdings``, ``top_aum``, ``top_investors``,
``top_fund_flow``, ``top_holdings`` and ``operation`` use endpoints that Finhay's own skills
dropped on 2026-05-15 as deprecated (the official docs still list sector allocation). They
may be retired without notice; vnfin keeps them because the data has no other source.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from .. import _inputs
from .._faces import SyncGroup, blocking
from .._http import Param
from ..errors import ValidationError
from ._group import Group
from .parsers import funds as parse

BASE = "/fund-trading/public/fund-certificates"
FUND_TYPES = ("STOCK_FUND", "BOND_FUND", "BALANCE_FUND")
FUND_TYPE_ALIASES = {"STOCK": "STOCK_FUND", "BOND": "BOND_FUND", "BALANCE": "BALANCE_FUND",
                     "BALANCED": "BALANCE_FUND"}  # fmt: skip
PERIODS = ("BEGIN_THE_YEAR", "ONE_MONTH", "THREE_MONTHS", "SIX_MONTHS", "ONE_YEAR", "THREE_YEARS",
           "FIVE_YEARS", "SEVEN_YEARS", "TEN_YEARS", "ALL_TIME")  # fmt: skip
PERIOD_ALIASES = {"YTD": "BEGIN_THE_YEAR", "1M": "ONE_MONTH", "3M": "THREE_MONTHS",
                  "6M": "SIX_MONTHS", "1Y": "ONE_YEAR", "3Y": "THREE_YEARS", "5Y": "FIVE_YEARS",
                  "7Y": "SEVEN_YEARS", "10Y": "TEN_YEARS", "ALL": "ALL_TIME",
                  "MAX": "ALL_TIME"}  # fmt: skip
RETIRED = "possibly retired (dropped from Finhay's skills 2026-05-15)"


def _fund(name: Any, argument: str = "fund") -> str:
    if not isinstance(name, str) or not name.strip() or "/" in name or "?" in name:
        raise ValidationError(f"{argument} must be a fund short name such as 'VESAF', got "
                              f"{name!r}", argument=argument)  # fmt: skip
    return name.strip().upper()


def _funds(names: str | Iterable[str]) -> str:
    items = [names] if isinstance(names, str) else list(names)
    picked = list(dict.fromkeys(_fund(n, "funds") for n in items))
    if not picked:
        raise ValidationError("funds is empty", argument="funds")
    return ",".join(picked)


def _period(period: Any) -> str:
    return _inputs.choice(period, PERIODS, "period", PERIOD_ALIASES)


def _window(period: Any, start: Any, end: Any) -> list[Param]:
    """``period`` or both months (``yyyy-MM``), as the benchmark endpoints require."""
    if period is not None and (start is not None or end is not None):
        raise ValidationError("pass either period= or start=/end=, not both", argument="period")
    if period is not None:
        return [("period", _period(period))]
    if start is None or end is None:
        raise ValidationError("pass period= or both start= and end= (months)", argument="period")
    first, last = _inputs.timestamp(start, "start"), _inputs.timestamp(end, "end")
    if (first.year, first.month) > (last.year, last.month):
        raise ValidationError(f"start ({first:%Y-%m}) is after end ({last:%Y-%m})",
                              argument="start")  # fmt: skip
    return [("from-month", f"{first:%Y-%m}"), ("to-month", f"{last:%Y-%m}")]


class AsyncFunds(Group):
    """Open-ended fund endpoints (awaitable). Reached as ``AsyncFinhay(...).funds``."""

    name = "funds"

    async def _per_fund(
        self, fund: str, route: str, parser: Callable[[Any], pd.DataFrame], **attrs: Any
    ) -> pd.DataFrame:
        name = _fund(fund)
        path = f"{BASE}/{name}/{route}"
        reply = await self._get(path)
        return self._stamp(parser(reply.payload), reply, path, fund=name, **attrs)

    async def companies(self) -> pd.DataFrame:
        """Fund management companies: columns ``id short_name name image_url``."""
        path = "/fund-trading/public/fund-companies"
        reply = await self._get(path)
        return self._stamp(parse.companies(reply.payload), reply, path)

    async def nav_history(self, fund: str, period: str = "ALL_TIME") -> pd.DataFrame:
        """A fund's NAV per unit next to its benchmark: ascending ``time`` index, columns
        ``nav`` (VND) and ``benchmark_value`` (points); ``df.attrs["benchmark"]`` names the
        benchmark. ``period``: BEGIN_THE_YEAR (YTD), ONE_MONTH … TEN_YEARS, ALL_TIME."""
        name = _fund(fund)
        path = f"{BASE}/{name}/nav-histories"
        reply = await self._get(path, [("period", _period(period))])
        frame, benchmark = parse.nav_history(reply.payload)
        return self._stamp(frame, reply, path, fund=name, benchmark=benchmark, unit="VND")

    async def nav_comparison(
        self, funds: str | Iterable[str], period: str | None = None, *, start: Any = None,
        end: Any = None,
    ) -> pd.DataFrame:  # fmt: skip
        """NAV series of several funds: index ``(fund, time)``, columns ``nav``
        ``change_percent``. Give ``period`` or ``start`` and ``end`` (months)."""
        path = f"{BASE}/benchmark/nav"
        params = [("fund-names", _funds(funds)), *_window(period, start, end)]
        reply = await self._get(path, params)
        return self._stamp(parse.nav_comparison(reply.payload), reply, path, unit="VND")

    async def growth(self, funds: str | Iterable[str], amount: int, period: str) -> pd.DataFrame:
        """What ``amount`` VND invested ``period`` ago would be worth: index ``fund``, columns
        ``profit_percent`` and ``current_amount`` (VND)."""
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationError(f"amount must be a positive whole number of VND, got "
                                  f"{amount!r}", argument="amount")  # fmt: skip
        path = f"{BASE}/benchmark/growth"
        params: list[Param] = [("fund-names", _funds(funds)), ("amount", amount),
                               ("period", _period(period))]  # fmt: skip
        reply = await self._get(path, params)
        return self._stamp(parse.growth(reply.payload), reply, path, amount=amount, unit="VND")

    async def similar(self, fund: str) -> pd.DataFrame:
        """Funds similar to ``fund``: columns ``fund criteria`` (NET_ASSET_EQUIVALENT: similar
        AUM, GROWTH_EQUIVALENT: similar growth)."""
        return await self._per_fund(fund, "suggestions", parse.suggestions)

    async def sector_allocation(self, fund: str) -> pd.DataFrame:
        """Portfolio weight by sector: index ``sector``, column ``percent``. Possibly retired."""
        return await self._per_fund(
            fund, "sector-allocation", parse.sector_allocation, status=RETIRED
        )

    async def asset_allocation(self, fund: str) -> pd.DataFrame:
        """Stock/bond/other split: index ``asset_class``, column ``percent``; empty when the
        fund has no allocation record. Possibly retired."""
        return await self._per_fund(
            fund, "asset-allocation", parse.asset_allocation, status=RETIRED
        )

    async def holdings(self, fund: str) -> pd.DataFrame:
        """The fund's holdings as sent (columns vary by fund type). Possibly retired."""
        return await self._per_fund(
            fund, "portfolio", parse.holdings, status=RETIRED, schema="undocumented"
        )

    async def _ranking(self, route: str, fund_type: str) -> pd.DataFrame:
        kind = _inputs.choice(fund_type, FUND_TYPES, "fund_type", FUND_TYPE_ALIASES)
        path = f"{BASE}/{route}"
        reply = await self._get(path, [("fund-type", kind)])
        return self._stamp(parse.ranking(reply.payload, route), reply, path, fund_type=kind,
                           status=RETIRED)  # fmt: skip

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

    async def top_holdings(self) -> pd.DataFrame:
        """Symbols held by the most funds: index ``symbol``, column ``number_of_funds``. Possibly
        retired."""
        path = f"{BASE}/top-holding-symbols"
        reply = await self._get(path)
        return self._stamp(parse.top_holdings(reply.payload), reply, path, status=RETIRED)

    async def operation(
        self, funds: str | Iterable[str], period: str | None = None, *, start: Any = None,
        end: Any = None, flows: bool = False,
    ) -> pd.DataFrame:  # fmt: skip
        """Operating figures per fund: index ``fund``, columns ``aum changed_aum
        changed_aum_percent investors changed_investors changed_investors_percent
        total_fund_flow image_url``; ``flows=True`` returns the monthly flows instead
        (``fund time fund_flow fund_inflow fund_outflow``). Possibly retired."""
        path = f"{BASE}/benchmark/operation"
        params = [("fund-names", _funds(funds)), *_window(period, start, end)]
        reply = await self._get(path, params)
        summary, monthly = parse.operation(reply.payload)
        return self._stamp(monthly if flows else summary, reply, path, status=RETIRED,
                           unit="VND")  # fmt: skip

    async def list(
        self, fund_type: str | None = None, company_id: int | None = None
    ) -> pd.DataFrame:
        """Funds of a type (STOCK_FUND, BOND_FUND, BALANCE_FUND; default all three), best
        one-year return first: columns ``id name type aum rating`` (AUM in VND).
        ``company_id`` is an ``id`` from :meth:`companies`."""
        kinds = (
            FUND_TYPES
            if fund_type is None
            else (_inputs.choice(fund_type, FUND_TYPES, "fund_type", FUND_TYPE_ALIASES),)
        )
        if company_id is not None and (isinstance(company_id, bool)
                                       or not isinstance(company_id, int)):  # fmt: skip
            raise ValidationError(f"company_id must be an integer, got {company_id!r}",
                                  argument="company_id")  # fmt: skip
        path = BASE
        replies = await asyncio.gather(
            *(self._get(path, [("fund-type", k), ("fund-company-id", company_id)]) for k in kinds)
        )
        frame = pd.concat([parse.funds(r.payload) for r in replies], ignore_index=True)
        return self._stamp(frame, replies[0], path, unit="VND")


class Funds(SyncGroup):
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
