"""Every Finhay request vnfin makes, as pure functions: checked inputs in, :class:`Call` out.

No I/O: a test can check the exact method, request target and body any endpoint would send.
Bad input raises :class:`~vnfin.errors.ValidationError` here, before anything is built.
Each function cites the reference section of its endpoint; the public datasets' vocabularies
are in :mod:`vnfin.finhay.vocab`.

Query strings are built once, in the caller's parameter order, the way Finhay's own client
builds them (reference §1.5): spaces become ``%20`` (never ``+``), commas and colons stay raw,
``None`` values are left out and there is no ``?`` without parameters. The signer signs the
target exactly as built here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd

from .. import _inputs
from .._call import Call, dumps
from ..errors import ValidationError
from ..rules import EXCHANGES
from . import vocab

Param = tuple[str, str | int | float | bool | None]
METHODS = ("GET", "POST", "PUT", "DELETE")


def _encode(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return quote(str(value), safe=",:")


def target(path: str, params: Sequence[Param] = ()) -> str:
    """``path[?query]`` as Finhay's client sends it (see the module docstring)."""
    query = "&".join(f"{quote(k, safe='')}={_encode(v)}" for k, v in params if v is not None)
    return f"{path}?{query}" if query else path


def segment(value: str) -> str:
    """One path segment, percent-encoded so it can never reach another route."""
    return quote(value, safe="")


def get(path: str, params: Sequence[Param] = (), **inputs: Any) -> Call:
    """A GET of ``path`` with ``params``; ``inputs`` are the checked arguments, for attrs."""
    return Call("GET", target(path, params), inputs=inputs)


# -- market data (§2.2, §2.12) --------------------------------------------------------------

QUOTES = "/market/stock-realtime"
INDICES = "/market/index-realtime"
HISTORY = "/market/price-histories-chart"
SESSION = "/trading/market/session"


def quote_one(symbol: Any) -> Call:
    """``GET /market/stock-realtime?symbol=`` (§2.2)."""
    return get(QUOTES, [("symbol", _inputs.symbol(symbol))])


def quotes(symbols: Any = None, exchange: Any = None) -> Call:
    """``GET /market/stock-realtime?symbols=`` or ``?exchange=`` (§2.2): exactly one of them."""
    if (symbols is None) == (exchange is None):
        raise ValidationError(
            "pass exactly one of symbols= and exchange= (the API refuses both or neither)",
            argument="symbols",
        )
    if exchange is not None:
        return get(QUOTES, [("exchange", _inputs.choice(exchange, EXCHANGES, "exchange"))])
    return get(QUOTES, [("symbols", ",".join(_inputs.symbols(symbols)))])


def indices(codes: Any) -> Call:
    """``GET /market/index-realtime?index=`` (§2.2), codes checked and aliases resolved."""
    picked = _inputs.choices(codes, vocab.INDEX_CODES, "codes", vocab.INDEX_ALIASES)
    return get(INDICES, [("index", ",".join(picked))])


def sessions(exchange: Any) -> list[Call]:
    """``GET /trading/market/session?exchange=`` (§2.12), one call per exchange."""
    picked = _inputs.choices(exchange, vocab.SESSION_EXCHANGES, "exchange")
    return [get(SESSION, [("exchange", e)]) for e in picked]


def resolution(value: Any) -> str:
    """``1D``, ``5``, ``15``, ``30``, ``1H`` or ``4H`` (aliases such as ``5m``, ``D``)."""
    return _inputs.choice(value, vocab.RESOLUTIONS, "resolution", vocab.RESOLUTION_ALIASES)


def history_window(symbol: str, res: str, start: int, end: int) -> Call:
    """``GET /market/price-histories-chart`` (§2.2) for one window of Unix seconds."""
    params: list[Param] = [("symbol", symbol), ("resolution", res), ("from", start), ("to", end)]
    return get(HISTORY, params)


# -- fundamentals (§2.3) --------------------------------------------------------------------


def overview(symbol: Any) -> Call:
    """``GET /market/company-financial/overview?symbol=``."""
    sym = _inputs.symbol(symbol)
    return get("/market/company-financial/overview", [("symbol", sym)], symbol=sym)


def ratios(symbol: Any, period: Any) -> Call:
    """``GET /market/company-financial/analysis?symbol=&period=``."""
    sym = _inputs.symbol(symbol)
    per = _inputs.choice(period, vocab.PERIODS, "period", vocab.PERIOD_ALIASES)
    path = "/market/company-financial/analysis"
    return get(path, [("symbol", sym), ("period", per)], symbol=sym, period=per)


def statement(symbol: Any, kind: Any, period: Any, limit: Any) -> Call:
    """``GET /market/v2/financial-statement/statement?symbol=&type=&period=&limit=``."""
    sym = _inputs.symbol(symbol)
    which = _inputs.choice(kind, vocab.STATEMENT_KINDS, "kind", vocab.KIND_ALIASES)
    per = _inputs.choice(period, vocab.PERIODS, "period", vocab.PERIOD_ALIASES)
    count = _inputs.integer(limit, "limit", 1, 5)
    params: list[Param] = [("symbol", sym), ("type", which), ("period", per), ("limit", count)]
    path = "/market/v2/financial-statement/statement"
    return get(path, params, symbol=sym, kind=which, period=per)


# -- news (§2.4) ----------------------------------------------------------------------------


def events(symbols: Any = None, start: Any = None, end: Any = None) -> Call:
    """``GET /market/news`` with ``stock``/``stocks`` and ``from_date``/``to_date``
    (DD/MM/YYYY). The API ignores ``to_date`` without ``from_date``, so with only ``end``
    the year before it is asked for."""
    params: list[Param] = []
    if symbols is not None:
        syms = _inputs.symbols(symbols)
        params.append(("stock", syms[0]) if len(syms) == 1 else ("stocks", ",".join(syms)))
    begin = None if start is None else _inputs.timestamp(start, "start")
    finish = None if end is None else _inputs.timestamp(end, "end")
    if finish is not None and begin is None:
        begin = finish - pd.DateOffset(years=1)
    if begin is not None and finish is not None and begin.normalize() > finish.normalize():
        raise ValidationError(
            f"start ({begin:%Y-%m-%d}) is after end ({finish:%Y-%m-%d})", argument="start"
        )
    if begin is not None:
        params.append(("from_date", f"{begin:%d/%m/%Y}"))
    if finish is not None:
        params.append(("to_date", f"{finish:%d/%m/%Y}"))
    return get("/market/news", params)


GLOBAL_NEWS = "/market/financial-data/global-news"


def news_category(category: Any) -> str | None:
    return None if category is None else _inputs.choice(category, vocab.NEWS, "category")


def global_news_page(category: str | None, page: int, page_size: int) -> Call:
    """``GET /market/financial-data/global-news?category=&page=&page_size=``."""
    return get(GLOBAL_NEWS, [("category", category), ("page", page), ("page_size", page_size)])


def article(id: Any) -> Call:
    """``GET /market/financial-data/global-news/{id}``."""
    return get(f"{GLOBAL_NEWS}/{_inputs.integer(id, 'id', 1)}")


def recommendations(symbol: Any) -> Call:
    """``GET /market/recommendation-reports/{symbol}``."""
    sym = _inputs.symbol(symbol)
    return get(f"/market/recommendation-reports/{segment(sym)}", symbol=sym)


# -- macro (§2.5) ---------------------------------------------------------------------------

FINANCIAL_DATA = "/market/financial-data"


def indicator(type: Any, country: Any, period: Any) -> Call:
    """``GET /market/financial-data/macro?type=&country=&period=``."""
    if isinstance(type, str) and type.strip().upper() in vocab.REMOVED_MACRO_TYPES:
        raise ValidationError(
            f"type={type!r} was removed from the API on 2026-05-18; "
            f"use one of: {', '.join(vocab.MACRO_TYPES)}",
            argument="type",
        )
    kind = _inputs.choice(type, vocab.MACRO_TYPES, "type")
    where = _inputs.choice(country, vocab.MACRO_COUNTRIES, "country")
    if where in ("JP", "DE") and kind != "GOVERNMENT_10Y_BOND_YIELD":
        raise ValidationError(
            f"country={where} is available only for GOVERNMENT_10Y_BOND_YIELD",
            argument="country",
        )
    per = None if period is None else _inputs.choice(period, vocab.MACRO_PERIODS, "period")
    params: list[Param] = [("type", kind), ("country", where), ("period", per)]
    return get(f"{FINANCIAL_DATA}/macro", params, type=kind, country=where)


def economy(country: Any, category: Any, year: Any) -> Call:
    """``GET /market/financial-data/trading-economics?country=&category=&year=``."""
    where = _inputs.choice(country, vocab.ECONOMIES, "country", vocab.ECONOMY_ALIASES)
    cat = None if category is None else _inputs.choice(category, vocab.CATEGORIES, "category")
    when = None if year is None else _inputs.integer(year, "year", 2000, 2100)
    params: list[Param] = [("country", where), ("category", cat), ("year", when)]
    return get(f"{FINANCIAL_DATA}/trading-economics", params, country=where)


def calendar(weeks: Any, country: Any) -> Call:
    """``GET /market/financial-data/economic-calendar-events?weeks=&country=``."""
    span = _inputs.integer(weeks, "weeks", 1)
    where = (
        None
        if country is None
        else _inputs.choice(country, vocab.ECONOMIES, "country", vocab.ECONOMY_ALIASES)
    )
    return get(f"{FINANCIAL_DATA}/economic-calendar-events", [("weeks", span), ("country", where)])


def global_market(type: Any, limit: Any) -> Call:
    """``GET /market/financial-data/market?type=&limit=``."""
    kind = _inputs.choice(type, vocab.MARKET_TYPES, "type")
    count = _inputs.integer(limit, "limit", 1, 500)
    return get(f"{FINANCIAL_DATA}/market", [("type", kind), ("limit", count)], type=kind)


# -- commodities and the all-in-one endpoint (§2.6, §2.7) -----------------------------------


def financial_data(route: str = "") -> Call:
    """``GET /market/financial-data[/route]`` for the parameterless endpoints."""
    return get(f"{FINANCIAL_DATA}/{route}" if route else FINANCIAL_DATA)


def chart(route: str, days: Any) -> Call:
    """``GET /market/financial-data/{gold,silver}-chart?days=``."""
    span = _inputs.integer(days, "days", 1, 3650)
    return get(f"{FINANCIAL_DATA}/{route}", [("days", span)], days=span)


# -- funds (§2.8) ---------------------------------------------------------------------------

FUNDS = "/fund-trading/public/fund-certificates"


def fund_period(period: Any) -> str:
    return _inputs.choice(period, vocab.FUND_PERIODS, "period", vocab.FUND_PERIOD_ALIASES)


def fund_type(value: Any) -> str:
    return _inputs.choice(value, vocab.FUND_TYPES, "fund_type", vocab.FUND_TYPE_ALIASES)


def fund_names(funds: Any) -> str:
    return ",".join(_inputs.names(funds, "funds", _inputs.fund))


def _months(period: Any, start: Any, end: Any) -> list[Param]:
    """``period`` or both months (``yyyy-MM``), as the benchmark endpoints require."""
    if period is not None and (start is not None or end is not None):
        raise ValidationError("pass either period= or start=/end=, not both", argument="period")
    if period is not None:
        return [("period", fund_period(period))]
    if start is None or end is None:
        raise ValidationError("pass period= or both start= and end= (months)", argument="period")
    first, last = _inputs.timestamp(start, "start"), _inputs.timestamp(end, "end")
    if (first.year, first.month) > (last.year, last.month):
        raise ValidationError(
            f"start ({first:%Y-%m}) is after end ({last:%Y-%m})", argument="start"
        )
    return [("from-month", f"{first:%Y-%m}"), ("to-month", f"{last:%Y-%m}")]


def fund_lists(kind: Any, company_id: Any) -> list[Call]:
    """``GET …/fund-certificates?fund-type=&fund-company-id=``, one call per fund type
    (all three when ``kind`` is None)."""
    kinds = vocab.FUND_TYPES if kind is None else (fund_type(kind),)
    company = None if company_id is None else _inputs.integer(company_id, "company_id")
    return [get(FUNDS, [("fund-type", k), ("fund-company-id", company)]) for k in kinds]


def fund_companies() -> Call:
    """``GET /fund-trading/public/fund-companies``."""
    return get("/fund-trading/public/fund-companies")


def fund_detail(fund: Any, route: str, params: Sequence[Param] = ()) -> Call:
    """``GET …/fund-certificates/{fundName}/{route}``."""
    name = _inputs.fund(fund)
    return get(f"{FUNDS}/{segment(name)}/{route}", params, fund=name)


def nav_history(fund: Any, period: Any) -> Call:
    """``GET …/fund-certificates/{fundName}/nav-histories?period=``."""
    return fund_detail(fund, "nav-histories", [("period", fund_period(period))])


def nav_comparison(funds: Any, period: Any, start: Any, end: Any) -> Call:
    """``GET …/fund-certificates/benchmark/nav?fund-names=`` with a period or months."""
    params = [("fund-names", fund_names(funds)), *_months(period, start, end)]
    return get(f"{FUNDS}/benchmark/nav", params)


def growth(funds: Any, amount: Any, period: Any) -> Call:
    """``GET …/fund-certificates/benchmark/growth?fund-names=&amount=&period=``."""
    money = _inputs.integer(amount, "amount", 1)
    params: list[Param] = [
        ("fund-names", fund_names(funds)),
        ("amount", money),
        ("period", fund_period(period)),
    ]
    return get(f"{FUNDS}/benchmark/growth", params, amount=money)


def ranking(route: str, kind: Any) -> Call:
    """``GET …/fund-certificates/{top-aum,top-investor,top-fund-flow}?fund-type=``."""
    which = fund_type(kind)
    return get(f"{FUNDS}/{route}", [("fund-type", which)], fund_type=which)


def operation(funds: Any, period: Any, start: Any, end: Any) -> Call:
    """``GET …/fund-certificates/benchmark/operation?fund-names=`` with a period or months."""
    params = [("fund-names", fund_names(funds)), *_months(period, start, end)]
    return get(f"{FUNDS}/benchmark/operation", params)


# -- any endpoint ---------------------------------------------------------------------------


def request(method: Any, path: Any, params: Any = None, json: Any = None) -> Call:
    """Any Finhay endpoint: ``method`` and ``path`` checked, ``json`` serialised once."""
    verb = method.upper() if isinstance(method, str) else method
    if verb not in METHODS:
        raise ValidationError(
            f"method={method!r} is not one of: {', '.join(METHODS)}", argument="method"
        )
    if not isinstance(path, str) or not path.startswith("/") or "?" in path:
        raise ValidationError(
            f"path={path!r} must start with '/' and carry no query (use params=)",
            argument="path",
        )
    body = None if json is None else dumps(json)
    return Call(verb, target(path, _params(params)), body)


def _params(params: Any) -> list[Param]:
    if params is None:
        return []
    pairs = _inputs.items(
        list(params.items()) if isinstance(params, Mapping) else params, "params", 1000
    )
    out: list[Param] = []
    for item in pairs:
        if not (isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str)):
            raise ValidationError(
                f"params item {item!r} is not a (name, value) pair", argument="params"
            )
        name, value = item
        if value is not None and not isinstance(value, str | int | float | bool):
            raise ValidationError(
                f"params value for {name!r} must be text or a number, got {type(value).__name__}",
                argument="params",
            )
        out.append((name, value))
    return out
