"""Global markets, macro statistics, indicators and the economic calendar in Finhay's shapes
(reference §2.5).

* ``/market/financial-data/market``: the newest ``limit`` published closes, newest first.
* ``/market/financial-data/macro``: monthly rows since 2015-01 for a (type, country) the world
  has (``[]`` otherwise, e.g. PCE for VN), oldest first. Statistics carry ``date: null``; the
  market rates carry the observation ``date`` (the last weekday of the month, or today).
  ``period`` keeps months from (today − 1 month / 12 months / 1 January).
* ``/market/financial-data/trading-economics``: published rows (months before the current
  one), newest first; ``previousValue`` is the previous row's ``lastValue``.
* ``/market/financial-data/economic-calendar-events``: today .. today + 7 × weeks days,
  oldest first; ``actual`` is ``""`` for events after today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ...world.clock import add_months, month_end
from ...world.datasets.macro import (
    MACRO_FIRST,
    MACRO_SERIES,
    MARKET_TYPES,
    RATES,
    SERIES_END,
    day_events,
    indicators,
    macro_values,
    market_series,
)

MACRO_TYPES = (
    "IIP",
    "CPI",
    "PMI",
    "PCE",
    "CORE_PCE",
    "NFP",
    "FED_FUNDS_RATE",
    "INTERBANK_RATE",
    "GOVERNMENT_10Y_BOND_YIELD",
    "UNEMPLOYMENT_RATE",
)
REMOVED_MACRO_TYPES = (
    "GOODS_RETAIL",
    "SERVICE_RETAIL",
    "TOTAL_EXPORT",
    "FDI_EXPORT",
    "DOMESTIC_EXPORT",
)
MACRO_COUNTRIES = ("VN", "US", "JP", "DE")
MACRO_PERIODS = ("ONE_MONTH", "ONE_YEAR", "YTD")


def market_rows(seed: int, kind: str, today: dt.date, limit: int) -> list[dict[str, Any]]:
    days, values = market_series(seed, kind)
    end = int(np.searchsorted(days, np.datetime64(today)))  # dates strictly before today
    country = MARKET_TYPES[kind][0]
    out = []
    for i in range(end - 1, max(end - limit, 0) - 1, -1):
        day = days[i].astype(dt.date)
        out.append(
            {
                "type": kind,
                "country": country,
                "date": day.isoformat(),
                "year": day.year,
                "month": day.month,
                "value": float(values[i]),
            }
        )
    return out


def macro_rows(
    seed: int, kind: str, country: str, period: str | None, now: dt.datetime
) -> list[dict[str, Any]]:
    if (kind, country) not in MACRO_SERIES:
        return []
    today = now.date()
    values = macro_values(seed, kind, country)
    last = dt.date(today.year, today.month, 1)
    if kind not in RATES:
        last = add_months(last, -1)
    last = min(last, dt.date(SERIES_END.year, 12, 1))  # the simulated history ends in 2031
    first = {
        None: MACRO_FIRST,
        "ONE_MONTH": add_months(today, -1).replace(day=1),
        "ONE_YEAR": add_months(today, -12).replace(day=1),
        "YTD": dt.date(today.year, 1, 1),
    }[period]
    out = []
    month = max(first, MACRO_FIRST)
    while month <= last:
        i = (month.year - MACRO_FIRST.year) * 12 + month.month - 1
        date = None
        if kind in RATES:
            observed = min(month_end(month.year, month.month), today)
            while observed.weekday() >= 5:
                observed -= dt.timedelta(days=1)
            date = observed.isoformat()
        out.append(
            {
                "type": kind,
                "country": country,
                "month": f"{month:%Y-%m}",
                "value": values[i],
                "date": date,
            }
        )
        month = add_months(month, 1)
    return out


def te_rows(
    seed: int, country: str, category: str | None, year: int | None, today: dt.date
) -> list[dict[str, Any]]:
    """Published rows (months before the current one), newest first."""
    return [
        {
            "indicator": o.indicator,
            "country": o.country,
            "category": o.category,
            "lastValue": o.value,
            "previousValue": o.previous,
            "year": o.year,
            "month": o.month,
            "unit": o.unit,
        }
        for o in indicators(seed, country)
        if (o.year, o.month) < (today.year, today.month)
        and (category is None or o.category == category)
        and (year is None or o.year == year)
    ]


def _fmt(value: float, unit: str) -> str:
    if unit == "K":
        return f"{value:.0f}K"
    if unit == "B":
        return f"${value:.2f}B"
    return f"{value:.2f}{unit}" if unit == "%" else f"{value:.1f}"


def calendar_rows(
    seed: int, today: dt.date, weeks: int, country: str | None
) -> list[dict[str, Any]]:
    """Events dated today .. today + 7 × weeks days (inclusive), oldest first."""
    out = []
    for offset in range(7 * weeks + 1):
        for e in day_events(seed, today + dt.timedelta(days=offset)):
            if country is not None and e.country != country:
                continue
            out.append(
                {
                    "id": e.id,
                    "date": e.date.isoformat(),
                    "country": e.country,
                    "event": e.event,
                    "actual": _fmt(e.actual, e.unit) if offset == 0 else "",
                    "previous": _fmt(e.previous, e.unit),
                    "consensus": _fmt(e.consensus, e.unit),
                    "forecast": _fmt(e.forecast, e.unit),
                    "impact": e.impact,
                    "category": e.category,
                }
            )
    return out
