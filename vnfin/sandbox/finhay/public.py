"""Finhay's public datasets (reference §2.3–§2.8): paths, parameters and envelope keys.
**All of it is SIMULATED.**

Served (GET, Tier 1, payload under ``data`` — except ``/market/news``, under ``result`` as
reference §1.9 lists it; :attr:`PublicRoutes.news_key` switches it):

* fundamentals — ``/market/v2/financial-statement/statement``,
  ``/market/company-financial/analysis``, ``/market/company-financial/overview``;
* news — ``/market/news``, ``/market/financial-data/global-news[/{id}]``,
  ``/market/recommendation-reports/{symbol}``;
* macro — ``/market/financial-data/{macro,trading-economics,economic-calendar-events,market}``;
* commodities and the all-in-one — ``/market/financial-data/{gold,silver,gold-providers,
  metal-providers,gold-chart,silver-chart,cryptos/top-trending,bank-interest-rates}`` and
  ``/market/financial-data``;
* funds — every ``/fund-trading/public/**`` route of §2.8, including those removed from the
  skills. Unknown ``{fundName}`` → 404 ``Fund not found``; unknown names in ``fund-names`` → 400.

The payloads come from :mod:`.views` (one module per group, each documenting the consistency
rules its data keeps). Bad or missing required parameters and enum values are answered
400 ``{"status":400,"error_code":"400",...}``. Knobs for tests: :attr:`PublicRoutes.statement_shape`
(``"wide"``, the official docs shape, or ``"long"``, the skills' metric rows),
:attr:`PublicRoutes.bank_rates_shape` (``"records"``, ``"nested"`` or ``"empty"``) and
:attr:`PublicRoutes.news_key`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..replies import Reply
from ..world import World
from ..world.datasets.commodities import METALS
from ..world.datasets.funds import FUND_TYPES
from ..world.datasets.line_items import STATEMENTS
from ..world.datasets.macro import MARKET_TYPES, RATES, TE_CATEGORIES, TE_COUNTRIES
from ..world.datasets.news import NEWS_CATEGORIES, corporate_events, news_pool
from ..world.datasets.ratios import analysis_rows
from .envelope import Refusal, ok
from .params import choice, day_month_year, integer, required_choice
from .views import commodities, fundamentals, macro, news
from .views import funds as fv

Handler = Callable[..., Any]
FD = "/market/financial-data"
FUND = "/fund-trading/public/fund-certificates"
PERIODS = ("annual", "quarterly")
MAX_CALENDAR_WEEKS = 52
MAX_CHART_DAYS = 3650


class PublicRoutes:
    """The public-dataset endpoints over the simulated world."""

    statement_shape: str = "wide"  # or "long": {symbol, metricCode, metricValue, ...} rows
    bank_rates_shape: str = "records"  # or "nested" or "empty" ({})
    news_key: str = "result"  # the envelope key of /market/news (reference §1.9)

    def __init__(self, world: World) -> None:
        self.world = world
        self.engine = engine = world.engine
        seed = world.seed
        self._exact: dict[str, Handler] = {
            "/market/v2/financial-statement/statement": self.statement,
            "/market/company-financial/analysis": self.analysis,
            "/market/company-financial/overview": lambda p: fundamentals.overview(
                engine, fundamentals.listed_stock(engine, p.get("symbol", "")), self.today
            ),
            "/market/news": self.news,
            f"{FD}/global-news": self.global_news,
            f"{FD}/macro": self.macro,
            f"{FD}/trading-economics": self.trading_economics,
            f"{FD}/economic-calendar-events": self.calendar,
            f"{FD}/market": lambda p: macro.market_rows(
                seed,
                required_choice(p, "type", MARKET_TYPES),
                self.today,
                integer(p, "limit", 50, lo=1, hi=500),
            ),
            f"{FD}/gold": lambda p: self._metals("SJC_GOLD", "GLOBAL_GOLD"),
            f"{FD}/silver": lambda p: self._metals("SILVER_PNJ", "GLOBAL_SILVER"),
            f"{FD}/gold-providers": lambda p: self._metals(
                *(i for i, v in METALS.items() if v[5] == "GOLD")
            ),
            f"{FD}/metal-providers": lambda p: self._metals(*METALS),
            f"{FD}/gold-chart": lambda p: commodities.chart(seed, "GOLD", _days(p), self.today),
            f"{FD}/silver-chart": lambda p: commodities.chart(seed, "SILVER", _days(p), self.today),
            f"{FD}/cryptos/top-trending": lambda p: commodities.top_trending(seed, self.now),
            f"{FD}/bank-interest-rates": lambda p: commodities.bank_rates(
                seed, self.now, self.bank_rates_shape
            ),
            FD: lambda p: commodities.financial_data(seed, self.now),
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
        fund_detail = "nav-histories|suggestions|sector-allocation|asset-allocation|portfolio"
        self._patterns: list[tuple[re.Pattern[str], Handler]] = [
            (re.compile(rf"{FD}/global-news/([^/]+)"), self.global_news_item),
            (re.compile(r"/market/recommendation-reports/([^/]+)"), self.recommendations),
            (re.compile(rf"{FUND}/([^/]+)/({fund_detail})"), self.fund_detail),
        ]

    @property
    def now(self) -> dt.datetime:
        """The market clock as naive Vietnam time."""
        return self.world.local_now()

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def methods(self, path: str) -> frozenset[str]:
        """GET for a public-dataset path, nothing otherwise."""
        return frozenset({"GET"}) if self._find(path) else frozenset()

    def dispatch(self, method: str, path: str, params: dict[str, str]) -> Reply | None:
        """The answer to a public-dataset request, or None when the path is not one."""
        found = self._find(path) if method == "GET" else None
        if found is None:
            return None
        handler, args = found
        payload = handler(params, *args)
        return ok(self.news_key if path == "/market/news" else "data", payload)

    def _find(self, path: str) -> tuple[Handler, tuple[str, ...]] | None:
        handler = self._exact.get(path)
        if handler is not None:
            return handler, ()
        for pattern, candidate in self._patterns:
            m = pattern.fullmatch(path)
            if m:
                return candidate, m.groups()
        return None

    # -- fundamentals ----------------------------------------------------------------------

    def statement(self, params: dict[str, str]) -> list[dict[str, Any]]:
        symbol = fundamentals.listed_stock(self.engine, params.get("symbol", ""))
        kind = required_choice(params, "type", STATEMENTS)
        period = choice(params, "period", PERIODS, default="annual") or "annual"
        limit = integer(params, "limit", 5, lo=1, hi=5)
        return fundamentals.statements(
            self.engine, symbol, kind, period, limit, self.today, self.statement_shape
        )

    def analysis(self, params: dict[str, str]) -> list[dict[str, Any]]:
        symbol = fundamentals.listed_stock(self.engine, params.get("symbol", ""))
        period = choice(params, "period", PERIODS, default="annual") or "annual"
        return analysis_rows(self.engine, symbol, period, self.today)

    # -- news ------------------------------------------------------------------------------

    def news(self, params: dict[str, str]) -> list[dict[str, Any]]:
        start, end = day_month_year(params, "from_date"), day_month_year(params, "to_date")
        wanted = [params["stock"]] if params.get("stock") else []
        wanted += [s for s in params.get("stocks", "").split(",") if s.strip()]
        names = {s.strip().upper() for s in wanted}
        instruments = self.engine.instruments
        symbols = sorted(names & set(instruments)) if wanted else sorted(instruments)
        events = corporate_events(self.engine, symbols, self.now, start, end if start else None)
        return [news.event_record(e) for e in events]

    def global_news(self, params: dict[str, str]) -> dict[str, Any]:
        category = choice(params, "category", NEWS_CATEGORIES)
        page = integer(params, "page", 1, lo=1)
        size = integer(params, "page_size", 20, lo=1, hi=50)
        pool = [a for a in news_pool(self.engine.seed) if category in (None, a.category)]
        return news.news_page(pool, page, size, self.now)

    def global_news_item(self, params: dict[str, str], ident: str) -> dict[str, Any]:
        if not (ident.isascii() and ident.isdigit()):
            raise Refusal(f"Invalid id: {ident[:40]!r} is not an integer")
        for article in news_pool(self.engine.seed):
            if str(article.id) == ident.lstrip("0"):
                return news.article_record(article, self.now, content=True)
        raise Refusal("Global news not found", 404)

    def recommendations(self, params: dict[str, str], symbol: str) -> Any:
        if symbol not in self.engine.instruments:
            raise Refusal("Invalid symbol")
        return news.recommendations(self.engine, symbol, self.now)

    # -- macro -----------------------------------------------------------------------------

    def macro(self, params: dict[str, str]) -> list[dict[str, Any]]:
        if params.get("type") in macro.REMOVED_MACRO_TYPES:
            raise Refusal(f"Invalid type: {params['type']} is no longer supported")
        kind = required_choice(params, "type", macro.MACRO_TYPES)
        country = required_choice(params, "country", macro.MACRO_COUNTRIES)
        if country in ("JP", "DE") and kind != RATES[2]:
            raise Refusal(f"Invalid country: {country} only with type={RATES[2]}")
        period = choice(params, "period", macro.MACRO_PERIODS)
        return macro.macro_rows(self.engine.seed, kind, country, period, self.now)

    def trading_economics(self, params: dict[str, str]) -> list[dict[str, Any]]:
        country = required_choice(params, "country", TE_COUNTRIES)
        category = choice(params, "category", TE_CATEGORIES)
        year = integer(params, "year", lo=2000, hi=2100) if params.get("year") else None
        return macro.te_rows(self.engine.seed, country, category, year, self.today)

    def calendar(self, params: dict[str, str]) -> list[dict[str, Any]]:
        weeks = min(integer(params, "weeks", 1, lo=1), MAX_CALENDAR_WEEKS)
        country = choice(params, "country", TE_COUNTRIES)
        return macro.calendar_rows(self.engine.seed, self.today, weeks, country)

    # -- commodities -----------------------------------------------------------------------

    def _metals(self, *indices: str) -> list[dict[str, Any]]:
        return [commodities.metal_record(self.engine.seed, i, self.now) for i in indices]

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


def _days(params: dict[str, str]) -> int:
    """Chart length: invalid or missing → 30 (reference §2.6), at most ten years."""
    raw = params.get("days", "")
    if not (raw.isascii() and raw.isdigit()):
        return 30
    days = int(raw) if len(raw) <= len(str(MAX_CHART_DAYS)) else MAX_CHART_DAYS
    return min(days, MAX_CHART_DAYS) if days >= 1 else 30
