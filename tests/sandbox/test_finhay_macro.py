"""Macro statistics, Trading Economics indicators, the economic calendar and global market
series (reference §2.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Any

TODAY = dt.date(2026, 11, 20)  # conftest pins the market at 2026-11-20 10:30
FD = "/market/financial-data"
Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET
Refused = Callable[..., str]  # the `refused` fixture: the message of a 400


def test_macro(data: Data, refused: Refused) -> None:
    cpi = data(f"{FD}/macro", type="CPI", country="VN")
    assert [x["month"] for x in cpi] == sorted(x["month"] for x in cpi)
    assert cpi[-1]["month"] == "2026-10" and all(x["date"] is None for x in cpi)
    assert 1.5 < sum(x["value"] for x in cpi) / len(cpi) < 5.5
    fed = data(f"{FD}/macro", type="FED_FUNDS_RATE", country="US", period="ONE_YEAR")
    assert fed[-1]["month"] == "2026-11" and fed[-1]["date"] == "2026-11-20"
    assert all(3 < x["value"] < 6 for x in fed) and len(fed) == 13
    ytd = data(f"{FD}/macro", type="CPI", country="US", period="YTD")
    assert [x["month"] for x in ytd] == [f"2026-{m:02d}" for m in range(1, 11)]
    assert data(f"{FD}/macro", type="GOVERNMENT_10Y_BOND_YIELD", country="JP")
    assert data(f"{FD}/macro", type="PCE", country="VN") == []
    for params in (
        {"type": "CPI"},
        {"country": "VN"},
        {"type": "GOODS_RETAIL", "country": "VN"},
        {"type": "CPI", "country": "JP"},
        {"type": "CPI", "country": "DE"},
        {"type": "CPI", "country": "VN", "period": "YEARLY"},
        {"type": "cpi", "country": "VN"},
    ):
        refused(f"{FD}/macro", **params)


def test_trading_economics(data: Data, refused: Refused) -> None:
    rows = data(f"{FD}/trading-economics", country="United States", category="Prices", year=2024)
    assert rows and all(r["year"] == 2024 and r["category"] == "Prices" for r in rows)
    keys = [(r["year"], r["month"]) for r in rows]
    assert keys == sorted(keys, reverse=True)
    everything = data(f"{FD}/trading-economics", country="Vietnam")
    assert (everything[0]["year"], everything[0]["month"]) == (2026, 10)
    by_indicator: dict[str, list[Any]] = {}
    for r in everything:
        by_indicator.setdefault(r["indicator"], []).append(r)
    for series in by_indicator.values():
        for newer, older in pairwise(series):
            assert newer["previousValue"] == older["lastValue"]
    for params in (
        {},
        {"country": "Viet Nam"},
        {"country": "Vietnam", "category": "gdp"},
        {"country": "Vietnam", "year": 1999},
        {"country": "Vietnam", "year": "x"},
    ):
        refused(f"{FD}/trading-economics", **params)


def test_economic_calendar_window(data: Data, refused: Refused) -> None:
    for weeks in (1, 3):
        events = data(f"{FD}/economic-calendar-events", weeks=weeks)
        dates = [dt.date.fromisoformat(e["date"]) for e in events]
        assert dates == sorted(dates)
        assert dates[0] >= TODAY and dates[-1] <= TODAY + dt.timedelta(days=7 * weeks)
        assert all(e["actual"] == "" for e in events if e["date"] > TODAY.isoformat())
        assert all(e["impact"] in (1, 2, 3) for e in events)
    us = data(f"{FD}/economic-calendar-events", weeks=4, country="United States")
    assert us and {e["country"] for e in us} == {"United States"}
    for params in ({"weeks": 0}, {"weeks": "x"}, {"country": "US"}):
        refused(f"{FD}/economic-calendar-events", **params)


def test_global_market_series(data: Data, refused: Refused) -> None:
    rows = data(f"{FD}/market", type="SP500")
    assert len(rows) == 50 and rows[0]["date"] == "2026-11-19"
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    assert all(r["year"] == int(r["date"][:4]) and r["month"] == int(r["date"][5:7]) for r in rows)
    assert len(data(f"{FD}/market", type="EURUSD", limit=500)) == 500
    for params in (
        {},
        {"type": "DAX"},
        {"type": "SP500", "limit": 0},
        {"type": "SP500", "limit": 501},
    ):
        refused(f"{FD}/market", **params)
