"""Finhay's public datasets in the sandbox (reference §2.3–§2.8). **All of it is SIMULATED.**

Served (GET, Tier 1, payload under ``data`` — except ``/market/news``, under ``result`` as
reference §1.9 lists it; :attr:`PublicRoutes.news_key` switches it):

* fundamentals — ``/market/v2/financial-statement/statement``,
  ``/market/company-financial/analysis``, ``/market/company-financial/overview``
  (:mod:`.public_fundamentals`, :mod:`.public_ratios`);
* news — ``/market/news``, ``/market/financial-data/global-news[/{id}]``,
  ``/market/recommendation-reports/{symbol}`` (:mod:`.public_news`);
* macro — ``/market/financial-data/{macro,trading-economics,economic-calendar-events,market}``
  (:mod:`.public_macro`);
* commodities and the all-in-one — ``/market/financial-data/{gold,silver,gold-providers,
  metal-providers,gold-chart,silver-chart,cryptos/top-trending,bank-interest-rates}`` and
  ``/market/financial-data`` (:mod:`.public_commodities`);
* funds — every ``/fund-trading/public/**`` route of §2.8, including those removed from the
  skills (:mod:`.public_funds`, :mod:`.public_fund_views`). Unknown ``{fundName}`` → 404
  ``Fund not found``; unknown names in ``fund-names`` → 400.

Each module's docstring lists the consistency rules its data keeps. Bad or missing required
parameters and enum values are answered 400 ``{"status":400,"error_code":"400",...}``.
Knobs for tests: :attr:`PublicRoutes.statement_shape` (``"wide"``, the official docs shape, or
``"long"``, the skills' metric rows), :attr:`PublicRoutes.bank_rates_shape` (``"records"``,
``"nested"`` or ``"empty"``) and :attr:`PublicRoutes.news_key`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from . import public_fund_views as fv
from .market import MarketEngine
from .public_commodities import (
    METALS,
    bank_rates,
    chart,
    financial_data,
    metal_record,
    top_trending,
)
from .public_common import Refusal, choice, integer, local_now, required_choice
from .public_fundamentals import STATEMENT_CODES, fundamentals_symbol, history, periods, statement
from .public_funds import FUND_TYPES
from .public_macro import (
    MACRO_COUNTRIES,
    MACRO_PERIODS,
    MACRO_TYPES,
    MARKET_TYPES,
    RATES,
    REMOVED_MACRO_TYPES,
    TE_CATEGORIES,
    TE_COUNTRIES,
    calendar_events,
    macro_rows,
    market_rows,
    te_rows,
)
from .public_news import NEWS_CATEGORIES, corporate_events, news_item, news_pool, recommendations
from .public_ratios import analysis_rows, overview
from .replies import SandboxReply, bad, error

Handler = Callable[..., Any]
FD = "/market/financial-data"
FUND = "/fund-trading/public/fund-certificates"
PERIODS = ("annual", "quarterly")
MAX_CALENDAR_WEEKS = 52
MAX_CHART_DAYS = 3650


def _date(params: dict[str, str], name: str) -> dt.date | None:
    raw = params.get(name, "")
    if not raw:
        return None
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", raw)
    try:
        if m is None:
            raise ValueError(raw)
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise Refusal(f"Invalid {name}: {raw!r} (use DD/MM/YYYY)") from None


class PublicRoutes:
    """The public-dataset endpoints over a :class:`MarketEngine` and the market clock."""

    statement_shape: str = "wide"  # or "long": {symbol, metricCode, metricValue, ...} rows
    bank_rates_shape: str = "records"  # or "nested" or "empty" ({})
    news_key: str = "result"  # the envelope key of /market/news (reference §1.9)

    def __init__(self, engine: MarketEngine, market_clock: Callable[[], float]) -> None:
        self.engine = engine
        self.market_clock = market_clock
        seed = engine.seed
        self._exact: dict[str, Handler] = {
            "/market/v2/financial-statement/statement": self.statement,
            "/market/company-financial/analysis": self.analysis,
            "/market/company-financial/overview": lambda p: overview(
                engine, fundamentals_symbol(engine, p.get("symbol", "")), self.today
            ),
            "/market/news": self.news,
            f"{FD}/global-news": self.global_news,
            f"{FD}/macro": self.macro,
            f"{FD}/trading-economics": self.trading_economics,
            f"{FD}/economic-calendar-events": self.calendar,
            f"{FD}/market": lambda p: market_rows(
                seed,
                required_choice(p, "type", MARKET_TYPES),
                self.today,
                integer(p, "limit", 50, lo=1, hi=500),
            ),
            f"{FD}/gold": lambda p: [
                metal_record(seed, i, self.now) for i in ("SJC_GOLD", "GLOBAL_GOLD")
            ],
            f"{FD}/silver": lambda p: [
                metal_record(seed, i, self.now) for i in ("SILVER_PNJ", "GLOBAL_SILVER")
            ],
            f"{FD}/gold-providers": lambda p: [
                metal_record(seed, i, self.now) for i, v in METALS.items() if v[5] == "GOLD"
            ],
            f"{FD}/metal-providers": lambda p: [metal_record(seed, i, self.now) for i in METALS],
            f"{FD}/gold-chart": lambda p: chart(seed, "GOLD", self._days(p), self.today),
            f"{FD}/silver-chart": lambda p: chart(seed, "SILVER", self._days(p), self.today),
            f"{FD}/cryptos/top-trending": lambda p: top_trending(seed, self.now),
            f"{FD}/bank-interest-rates": lambda p: bank_rates(
                seed, self.now, self.bank_rates_shape
            ),
            FD: lambda p: financial_data(seed, self.now),
            FUND: self.fund_list,
            "/fund-trading/public/fund-companies": lambda p: fv.companies(),
            f"{FUND}/benchmark/growth": self.growth,
            f"{FUND}/benchmark/nav": lambda p: fv.nav_compare(
                engine, fv.fund_names(p), fv.span(p), self.today
            ),
            f"{FUND}/benchmark/operation": lambda p: fv.operation(
                engine, fv.fund_names(p), fv.span(p), self.today
            ),
            f"{FUND}/top-aum": lambda p: self._top(p, "aum"),
            f"{FUND}/top-investor": lambda p: self._top(p, "investors"),
            f"{FUND}/top-fund-flow": lambda p: self._top(p, "fund_flow"),
            f"{FUND}/top-holding-symbols": lambda p: fv.top_holding_symbols(engine),
        }
        self._patterns: list[tuple[re.Pattern[str], Handler]] = [
            (re.compile(rf"{FD}/global-news/([^/]+)"), self.global_news_item),
            (re.compile(r"/market/recommendation-reports/([^/]+)"), self.recommendations),
            (re.compile(rf"{FUND}/([^/]+)/(nav-histories|suggestions|sector-allocation"
                        r"|asset-allocation|portfolio)"), self.fund_detail),
        ]  # fmt: skip

    @property
    def now(self) -> dt.datetime:
        """The market clock as naive Vietnam time."""
        return local_now(self.market_clock())

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def dispatch(self, method: str, path: str, params: dict[str, str]) -> SandboxReply | None:
        if method != "GET":
            return None
        args: tuple[str, ...] = ()
        handler = self._exact.get(path)
        if handler is None:
            for pattern, candidate in self._patterns:
                m = pattern.fullmatch(path)
                if m:
                    handler, args = candidate, m.groups()
                    break
            else:
                return None
        try:
            payload = handler(params, *args)
        except Refusal as refusal:
            if refusal.status == 400:
                return bad(refusal.message)
            return error(refusal.status, str(refusal.status), refusal.message)
        return SandboxReply.ok(self.news_key if path == "/market/news" else "data", payload)

    # -- fundamentals ----------------------------------------------------------------------

    def statement(self, params: dict[str, str]) -> list[dict[str, Any]]:
        symbol = fundamentals_symbol(self.engine, params.get("symbol", ""))
        kind = required_choice(params, "type", STATEMENT_CODES)
        period = choice(params, "period", PERIODS, default="annual")
        limit = integer(params, "limit", 5, lo=1, hi=5)
        h = history(self.engine, symbol)
        out: list[dict[str, Any]] = []
        for year, quarter in periods(self.today, period or "annual")[:limit]:
            values = statement(h, kind, year, quarter)
            if self.statement_shape == "long":
                out.extend(
                    {"symbol": symbol, "metricCode": code, "metricValue": value,
                     "timeType": "QUARTER" if quarter else "YEAR", "year": year,
                     "quarter": quarter}
                    for code, value in values.items()
                )  # fmt: skip
            else:
                out.append({"year": year, **({"quarter": quarter} if quarter else {}), **values})
        return out

    def analysis(self, params: dict[str, str]) -> list[dict[str, Any]]:
        symbol = fundamentals_symbol(self.engine, params.get("symbol", ""))
        period = choice(params, "period", PERIODS, default="annual") or "annual"
        return analysis_rows(self.engine, symbol, period, self.today)

    # -- news ------------------------------------------------------------------------------

    def news(self, params: dict[str, str]) -> list[dict[str, Any]]:
        start, end = _date(params, "from_date"), _date(params, "to_date")
        wanted = [params["stock"]] if params.get("stock") else []
        wanted += [s for s in params.get("stocks", "").split(",") if s.strip()]
        names = {s.strip().upper() for s in wanted}
        symbols = (
            sorted(names & set(self.engine.instruments))
            if wanted
            else sorted(self.engine.instruments)
        )
        return corporate_events(self.engine, symbols, self.now, start, end if start else None)

    def global_news(self, params: dict[str, str]) -> dict[str, Any]:
        category = choice(params, "category", NEWS_CATEGORIES)
        page = integer(params, "page", 1, lo=1)
        size = integer(params, "page_size", 20, lo=1, hi=50)
        pool = [x for x in news_pool(self.engine.seed) if category in (None, x["category"])]
        chunk = pool[(page - 1) * size : page * size]
        return {
            "results": [news_item(x, self.now) for x in chunk], "page_total": len(chunk),
            "total": len(pool), "current_page": page,
            "next_page": page + 1 if page * size < len(pool) else None,
            "previous_page": page - 1 if page > 1 else None,
        }  # fmt: skip

    def global_news_item(self, params: dict[str, str], ident: str) -> dict[str, Any]:
        if not ident.isdigit():
            raise Refusal(f"Invalid id: {ident!r} is not an integer")
        for item in news_pool(self.engine.seed):
            if item["id"] == int(ident):
                return news_item(item, self.now, content=True)
        raise Refusal("Global news not found", 404)

    def recommendations(self, params: dict[str, str], symbol: str) -> Any:
        if symbol not in self.engine.instruments:
            raise Refusal("Invalid symbol")
        return recommendations(self.engine, symbol, self.now)

    # -- macro -----------------------------------------------------------------------------

    def macro(self, params: dict[str, str]) -> list[dict[str, Any]]:
        if params.get("type") in REMOVED_MACRO_TYPES:
            raise Refusal(f"Invalid type: {params['type']} is no longer supported")
        kind = required_choice(params, "type", MACRO_TYPES)
        country = required_choice(params, "country", MACRO_COUNTRIES)
        if country in ("JP", "DE") and kind != RATES[2]:
            raise Refusal(f"Invalid country: {country} only with type={RATES[2]}")
        period = choice(params, "period", MACRO_PERIODS)
        return macro_rows(self.engine.seed, kind, country, period, self.now)

    def trading_economics(self, params: dict[str, str]) -> list[dict[str, Any]]:
        country = required_choice(params, "country", TE_COUNTRIES)
        category = choice(params, "category", TE_CATEGORIES)
        year = integer(params, "year", lo=2000, hi=2100) if params.get("year") else None
        return te_rows(self.engine.seed, country, category, year, self.today)

    def calendar(self, params: dict[str, str]) -> list[dict[str, Any]]:
        weeks = min(integer(params, "weeks", 1, lo=1), MAX_CALENDAR_WEEKS)
        country = choice(params, "country", TE_COUNTRIES)
        return calendar_events(self.engine.seed, self.today, weeks, country)

    @staticmethod
    def _days(params: dict[str, str]) -> int:
        """Chart length: invalid or missing → 30 (reference §2.6), at most ten years."""
        raw = params.get("days", "")
        days = int(raw) if raw.isdigit() else 30
        return min(days, MAX_CHART_DAYS) if days >= 1 else 30

    # -- funds -----------------------------------------------------------------------------

    def fund_list(self, params: dict[str, str]) -> list[dict[str, Any]]:
        kind = required_choice(params, "fund-type", FUND_TYPES)
        company = integer(params, "fund-company-id") if params.get("fund-company-id") else None
        return fv.fund_list(self.engine, kind, company, self.today)

    def growth(self, params: dict[str, str]) -> list[dict[str, Any]]:
        funds = fv.fund_names(params)
        amount = integer(params, "amount", lo=1)
        period = required_choice(params, "period", fv.FUND_PERIODS)
        return fv.growth(self.engine, funds, amount, period, self.today)

    def _top(self, params: dict[str, str], metric: str) -> list[dict[str, Any]]:
        kind = required_choice(params, "fund-type", FUND_TYPES)
        return fv.top(self.engine, metric, kind, self.today)

    def fund_detail(self, params: dict[str, str], name: str, what: str) -> Any:
        fund = fv.path_fund(name)
        if what == "nav-histories":
            period = choice(params, "period", fv.FUND_PERIODS, default="ALL_TIME") or "ALL_TIME"
            return fv.nav_histories(self.engine, fund, period, self.today)
        if what == "suggestions":
            return fv.suggestions(self.engine, fund, self.today)
        if what == "sector-allocation":
            return fv.sector_allocation(self.engine, fund)
        if what == "asset-allocation":
            return fv.asset_allocation(self.engine, fund)
        return fv.portfolio(self.engine, fund, self.today)
