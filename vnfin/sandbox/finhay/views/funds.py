"""The ``/fund-trading/public/**`` payloads over the SIMULATED funds of
:mod:`vnfin.sandbox.world.datasets.funds` and ``.holdings`` (reference §2.8).

Consistency rules:

* Date ranges: ``period`` runs from the last NAV on or before (today − period) — for
  ``BEGIN_THE_YEAR`` the last NAV of the previous year, for ``ALL_TIME`` (20 years) the
  inception — to the latest published NAV; ``from-month``/``to-month`` keep the NAVs dated
  inside those months. ``change_percent`` of a NAV record is its change since the range's
  first record, so ``benchmark/growth``'s ``profit_percent`` equals the last ``change_percent``
  of ``benchmark/nav`` for the same period, and ``current_amount = round(amount × last NAV /
  first NAV)``.
* Holdings (fixed per fund, in basis points of NAV that add up to exactly 10,000): ``portfolio``
  lists them; ``sector-allocation`` groups them (stock sector = the ticker's industry,
  "Bonds", "Cash & equivalents"); ``asset-allocation`` rounds the three totals to integers
  that add up to 100 (``null`` for VCBF-MGF); ``top-holding-symbols`` counts the funds holding
  each ticker.
* Rankings and ``benchmark/operation`` use completed months; ``total_fund_flow`` is the sum
  of the listed ``fund_flow`` values; changes compare with the month before the range
  (``null`` percentages when the fund did not exist yet). The list's ``aum`` is the latest
  completed month's, the same as ``top-aum``.
* Unknown fund: in the path → 404 ``Fund not found``; in ``fund-names`` → 400.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...world.clock import add_months, month_end
from ...world.datasets.funds import (
    BY_NAME,
    COMPANIES,
    FUNDS,
    Fund,
    Track,
    company,
    completed_months,
    latest_aum,
    month_label,
    months,
    one_year_growth,
    rating,
    track,
    visible,
)
from ...world.datasets.holdings import holdings, split_exactly
from ...world.engine import MarketEngine
from ..envelope import Refusal
from ..params import choice, csv_list, year_month

HIDDEN_FROM_LIST = 36  # "Fund id 36 (Manulife) is filtered out server-side" (reference §2.8)
NO_ALLOCATION = "VCBF-MGF"  # the fund whose asset-allocation record is null
FUND_PERIODS = {
    "BEGIN_THE_YEAR": 0,
    "ONE_MONTH": 1,
    "THREE_MONTHS": 3,
    "SIX_MONTHS": 6,
    "ONE_YEAR": 12,
    "THREE_YEARS": 36,
    "FIVE_YEARS": 60,
    "SEVEN_YEARS": 84,
    "TEN_YEARS": 120,
    "ALL_TIME": 240,
}


@dataclass(frozen=True)
class Span:
    """A requested range: a FundPeriod, or from/to months as ``year * 12 + month - 1``."""

    period: str | None
    first: int = 0
    last: int = 0


# -- parameters ------------------------------------------------------------------------------


def path_fund(name: str) -> Fund:
    fund = BY_NAME.get(name.upper())
    if fund is None:
        raise Refusal("Fund not found", 404)
    return fund


def fund_names(params: dict[str, str]) -> list[Fund]:
    names = list(dict.fromkeys(n.upper() for n in csv_list(params, "fund-names", required=True)))
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise Refusal(f"Invalid fund-names: unknown fund {', '.join(unknown)}")
    return [BY_NAME[n] for n in names]


def span(params: dict[str, str]) -> Span:
    """``period``, or both ``from-month`` and ``to-month``; anything else is a 400."""
    period = choice(params, "period", FUND_PERIODS)
    if period is not None:
        return Span(period)
    if not params.get("from-month") or not params.get("to-month"):
        raise Refusal("Invalid parameter: pass period, or both from-month and to-month")
    first, last = year_month(params, "from-month"), year_month(params, "to-month")
    if first > last:
        raise Refusal("Invalid parameter: from-month is after to-month")
    return Span(None, first, last)


def _period_start(period: str, today: dt.date) -> dt.date:
    if period == "BEGIN_THE_YEAR":
        return dt.date(today.year - 1, 12, 31)
    return add_months(today, -FUND_PERIODS[period])


def nav_slice(t: Track, s: Span, today: dt.date) -> slice:
    end = visible(t, today)
    if s.period is not None:
        start_day = np.datetime64(_period_start(s.period, today))
        start = max(int(np.searchsorted(t.dates, start_day, side="right")) - 1, 0)
        return slice(min(start, end), end)
    lo = np.datetime64(dt.date(s.first // 12, s.first % 12 + 1, 1))
    hi = np.datetime64(month_end(s.last // 12, s.last % 12 + 1))
    start = int(np.searchsorted(t.dates, lo))
    return slice(min(start, end), min(int(np.searchsorted(t.dates, hi, side="right")), end))


# -- catalogue ---------------------------------------------------------------------------------


def fund_list(
    engine: MarketEngine, kind: str, company_id: int | None, today: dt.date
) -> list[dict[str, Any]]:
    funds = [
        f
        for f in FUNDS
        if f.type == kind
        and f.id != HIDDEN_FROM_LIST
        and (company_id is None or f.company == company_id)
        and f.inception < today
    ]
    funds.sort(key=lambda f: -one_year_growth(engine, f.name, today))
    return [
        {
            "id": f.id,
            "name": f.name,
            "type": f.type,
            "aum": latest_aum(engine, f.name, today),
            "rating": rating(engine, f.name),
        }
        for f in funds
    ]


def companies() -> list[dict[str, Any]]:
    return [
        {"id": c.id, "name": c.name, "short_name": c.short_name, "image_url": c.image_url}
        for c in COMPANIES
    ]


# -- NAV -------------------------------------------------------------------------------------


def nav_records(engine: MarketEngine, fund: Fund, s: Span, today: dt.date) -> list[Any]:
    t = track(engine, fund.name)
    part = nav_slice(t, s, today)
    navs, dates = t.nav[part], t.dates[part]
    if len(navs) == 0:
        return []
    change = np.round((navs / navs[0] - 1) * 100, 2)
    return [
        {"date": str(d), "navpf": float(v), "change_percent": float(c)}
        for d, v, c in zip(dates, navs, change, strict=True)
    ]


def growth(
    engine: MarketEngine, funds: list[Fund], amount: int, period: str, today: dt.date
) -> list[dict[str, Any]]:
    out = []
    for fund in funds:
        t = track(engine, fund.name)
        part = nav_slice(t, Span(period), today)
        navs = t.nav[part]
        ratio = float(navs[-1] / navs[0]) if len(navs) else 1.0
        out.append(
            {
                "fund_name": fund.name,
                "profit_percent": round((ratio - 1) * 100, 2),
                "current_amount": round(amount * ratio),
            }
        )
    return out


def nav_compare(
    engine: MarketEngine, funds: list[Fund], s: Span, today: dt.date
) -> list[dict[str, Any]]:
    return [{"fund_name": f.name, "nav_records": nav_records(engine, f, s, today)} for f in funds]


def nav_histories(engine: MarketEngine, fund: Fund, period: str, today: dt.date) -> Any:
    t = track(engine, fund.name)
    part = nav_slice(t, Span(period), today)
    rows = [
        {"date": str(d), "nav": float(n), "benchmark_value": float(b)}
        for d, n, b in zip(t.dates[part], t.nav[part], t.benchmark[part], strict=True)
    ]
    return {"nav_histories": rows, "benchmark_name": t.benchmark_name}


def suggestions(engine: MarketEngine, fund: Fund, today: dt.date) -> list[dict[str, Any]]:
    peers = [f for f in FUNDS if f.type == fund.type and f is not fund and f.inception < today]
    size = max(latest_aum(engine, fund.name, today), 1)
    gain = one_year_growth(engine, fund.name, today)
    by_size = sorted(
        peers, key=lambda f: abs(np.log(max(latest_aum(engine, f.name, today), 1) / size))
    )
    by_growth = sorted(peers, key=lambda f: abs(one_year_growth(engine, f.name, today) - gain))
    return [{"fund_name": f.name, "criteria": "NET_ASSET_EQUIVALENT"} for f in by_size[:2]] + [
        {"fund_name": f.name, "criteria": "GROWTH_EQUIVALENT"} for f in by_growth[:2]
    ]


# -- holdings -------------------------------------------------------------------------------


def portfolio(engine: MarketEngine, fund: Fund, today: dt.date) -> list[dict[str, Any]]:
    m = months(engine, fund.name)
    done = completed_months(m, today)
    aum = int(m.aum[done - 1]) if done else 0
    month = month_label(int(m.keys[done - 1])) if done else None
    return [
        {
            "asset_type": x.asset_type,
            "symbol": x.symbol,
            "name": x.name,
            "sector": x.sector,
            "percent": x.bp / 100,
            "market_value": aum * x.bp // 10_000,
            "month": month,
        }
        for x in holdings(engine, fund.name)
    ]


def sector_allocation(engine: MarketEngine, fund: Fund) -> list[dict[str, Any]]:
    sectors: Counter[str] = Counter()
    for x in holdings(engine, fund.name):
        sectors[x.sector] += x.bp
    return [{"sector_name": s, "percent": bp / 100} for s, bp in sectors.most_common()]


def asset_allocation(engine: MarketEngine, fund: Fund) -> dict[str, int] | None:
    if fund.name == NO_ALLOCATION:
        return None
    lines = holdings(engine, fund.name)
    totals = np.array(
        [sum(x.bp for x in lines if x.asset_type == kind) for kind in ("BOND", "STOCK", "CASH")],
        dtype=float,
    )
    bond, stock, others = split_exactly(100, totals)
    return {"bond": bond, "stock": stock, "others": others}


def top_holding_symbols(engine: MarketEngine) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    for fund in FUNDS:
        held = {x.symbol for x in holdings(engine, fund.name) if x.asset_type == "STOCK"}
        counts.update(s for s in held if s)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"symbol": s, "number_of_funds": n} for s, n in ranked]


# -- monthly figures ---------------------------------------------------------------------------


def top(engine: MarketEngine, metric: str, kind: str, today: dt.date) -> list[dict[str, Any]]:
    """The latest completed month of each fund of ``kind``, ranked by ``metric`` (``aum``,
    ``investors`` or ``fund_flow``), largest first."""
    rows = []
    for fund in (f for f in FUNDS if f.type == kind):
        m = months(engine, fund.name)
        i = completed_months(m, today) - 1
        if i < 0:
            continue
        row: dict[str, Any] = {"fund_name": fund.name, "month": month_label(int(m.keys[i]))}
        if metric == "aum":
            row["aum"] = int(m.aum[i])
        elif metric == "investors":
            row["investors"] = int(m.investors[i])
        else:
            inflow, outflow = int(m.inflow[i]), int(m.outflow[i])
            row.update(fund_flow=inflow - outflow, fund_inflow=inflow, fund_outflow=outflow)
        rows.append(row)
    return sorted(rows, key=lambda x: -int(x[metric]))


def _change(now: int, before: int | None) -> tuple[int, float | None]:
    if before is None:
        return now, None
    return now - before, (round((now - before) / before * 100, 2) if before else None)


def operation(
    engine: MarketEngine, funds: list[Fund], s: Span, today: dt.date
) -> list[dict[str, Any]]:
    out = []
    for fund in funds:
        m = months(engine, fund.name)
        done = completed_months(m, today)
        if s.period is None:
            first, last = s.first, s.last
        else:
            start = _period_start(s.period, today) + dt.timedelta(days=1)
            first, last = start.year * 12 + start.month - 1, today.year * 12 + today.month - 2
        lo = int(np.searchsorted(m.keys[:done], first))
        hi = int(np.searchsorted(m.keys[:done], last, side="right"))
        flows: list[dict[str, Any]] = [
            {
                "fund_name": fund.name,
                "month": month_label(int(m.keys[i])),
                "fund_flow": int(m.inflow[i] - m.outflow[i]),
                "fund_inflow": int(m.inflow[i]),
                "fund_outflow": int(m.outflow[i]),
            }
            for i in range(lo, hi)
        ]
        row: dict[str, Any] = {"fund_name": fund.name, "image_url": company(fund).image_url}
        if hi > lo:
            aum, investors = int(m.aum[hi - 1]), int(m.investors[hi - 1])
            aum_change = _change(aum, int(m.aum[lo - 1]) if lo > 0 else None)
            people_change = _change(investors, int(m.investors[lo - 1]) if lo > 0 else None)
        else:
            aum = investors = 0
            aum_change = people_change = (0, None)
        row.update(
            {
                "aum": aum,
                "changed_aum": aum_change[0],
                "changed_aum_percent": aum_change[1],
                "investors": investors,
                "changed_investors": people_change[0],
                "changed_investors_percent": people_change[1],
                "total_fund_flow": sum(x["fund_flow"] for x in flows),
                "fund_flows": flows,
            }
        )
        out.append(row)
    return out
