"""SIMULATED global markets and macro statistics. Not real figures.

* Global market series: one value per weekday 2015–2031 for each type of
  :data:`MARKET_TYPES`, a seeded random walk scaled so that 20 Nov 2026 sits at a plausible
  level. A date's value is its close, published from the next Vietnam day on: the newest
  visible value is the last weekday *before* today.
* Macro statistics: one value a month since 2015-01 per (type, country) of
  :data:`MACRO_SERIES`. Statistics are published for months before the current one; the
  market rates of :data:`RATES` are observed during the current month too.
* Economic indicators (Trading Economics style): monthly (quarterly for GDP, yearly for
  government finance) since 2018, newest first; each observation's ``previous`` is the value
  of the same indicator's previous observation.
* Economic calendar: events drawn per calendar day (stable ids = day ordinal × 10 + n); the
  actual figure exists from the event's day on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..seeded import rng

SERIES_START, SERIES_END = dt.date(2015, 1, 1), dt.date(2031, 12, 31)
SERIES_ANCHOR = dt.date(2026, 11, 20)

# type → (country, level on the anchor day, daily volatility, decimals)
MARKET_TYPES: dict[str, tuple[str, float, float, int]] = {
    "SP500": ("US", 6850.0, 0.010, 2),
    "DOW_JONES": ("US", 47500.0, 0.009, 2),
    "NASDAQ": ("US", 23400.0, 0.013, 2),
    "RUSSELL2000": ("US", 2450.0, 0.014, 2),
    "VIX": ("US", 17.5, 0.06, 2),
    "DXY": ("US", 99.4, 0.004, 3),
    "KOSPI": ("KR", 3950.0, 0.012, 2),
    "HANGSENG": ("HK", 25800.0, 0.013, 2),
    "SHANGHAI": ("CN", 3920.0, 0.010, 2),
    "NIKKEI": ("JP", 49500.0, 0.012, 2),
    "APPLE": ("US", 268.0, 0.017, 2),
    "MICROSOFT": ("US", 505.0, 0.015, 2),
    "ALPHABET": ("US", 285.0, 0.018, 2),
    "AMAZON": ("US", 228.0, 0.019, 2),
    "META": ("US", 640.0, 0.021, 2),
    "NVIDIA": ("US", 188.0, 0.028, 2),
    "TESLA": ("US", 415.0, 0.033, 2),
    "GOLD": ("US", 2650.0, 0.009, 2),
    "SILVER": ("US", 31.2, 0.016, 3),
    "COPPER": ("US", 4.95, 0.014, 4),
    "CRUDE_OIL": ("US", 61.5, 0.020, 2),
    "BRENT_OIL": ("US", 65.3, 0.019, 2),
    "NATURAL_GAS": ("US", 4.1, 0.035, 3),
    "EURUSD": ("US", 1.158, 0.004, 5),
    "USDJPY": ("JP", 155.3, 0.005, 3),
    "GBPUSD": ("UK", 1.312, 0.004, 5),
}


@lru_cache(maxsize=64)
def market_series(seed: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(weekday dates as datetime64[D], values) of one global series, 2015–2031."""
    _, level, vol, decimals = MARKET_TYPES[kind]
    days = np.arange(np.datetime64(SERIES_START), np.datetime64(SERIES_END) + 1)
    days = days[((days.astype("int64") + 3) % 7) < 5]
    r = rng(seed, "market", kind)
    walk = np.cumsum(r.normal(0.0, vol, len(days)))
    anchor = int(np.searchsorted(days, np.datetime64(SERIES_ANCHOR), side="right")) - 1
    if kind == "VIX":  # volatility mean-reverts instead of trending
        walk = 0.35 * np.sin(np.arange(len(days)) / 90) + r.normal(0, 0.08, len(days))
    values = level * np.exp(walk - walk[anchor] + r.normal(0.0, 2 * vol))
    return days, np.round(values, decimals)


def latest_close(seed: int, kind: str, today: dt.date, back: int = 0) -> float:
    """The newest published value of a global series (``back`` = that many closes earlier)."""
    days, values = market_series(seed, kind)
    end = int(np.searchsorted(days, np.datetime64(today)))
    return float(values[max(end - 1 - back, 0)])


# -- macro statistics ------------------------------------------------------------------------

RATES = ("FED_FUNDS_RATE", "INTERBANK_RATE", "GOVERNMENT_10Y_BOND_YIELD")
# (type, country) → (mean level, monthly shock, persistence, decimals)
MACRO_SERIES: dict[tuple[str, str], tuple[float, float, float, int]] = {
    ("CPI", "VN"): (3.5, 0.25, 0.9, 2),
    ("CPI", "US"): (3.0, 0.2, 0.92, 1),
    ("IIP", "VN"): (8.0, 1.5, 0.5, 1),
    ("IIP", "US"): (0.8, 0.6, 0.7, 1),
    ("PMI", "VN"): (50.5, 1.2, 0.6, 1),
    ("PMI", "US"): (49.5, 1.0, 0.7, 1),
    ("PCE", "US"): (2.6, 0.15, 0.92, 1),
    ("CORE_PCE", "US"): (2.8, 0.1, 0.95, 1),
    ("NFP", "US"): (150.0, 60.0, 0.3, 0),
    ("FED_FUNDS_RATE", "US"): (4.5, 0.0, 1.0, 2),
    ("INTERBANK_RATE", "VN"): (3.5, 0.6, 0.7, 2),
    ("GOVERNMENT_10Y_BOND_YIELD", "VN"): (2.9, 0.1, 0.95, 3),
    ("GOVERNMENT_10Y_BOND_YIELD", "US"): (4.3, 0.15, 0.93, 3),
    ("GOVERNMENT_10Y_BOND_YIELD", "JP"): (1.4, 0.08, 0.95, 3),
    ("GOVERNMENT_10Y_BOND_YIELD", "DE"): (2.6, 0.1, 0.94, 3),
    ("UNEMPLOYMENT_RATE", "VN"): (2.25, 0.04, 0.9, 2),
    ("UNEMPLOYMENT_RATE", "US"): (4.2, 0.08, 0.93, 1),
}
MACRO_FIRST = dt.date(2015, 1, 1)


@lru_cache(maxsize=64)
def macro_values(seed: int, kind: str, country: str) -> tuple[float, ...]:
    """One value per month from 2015-01 to 2031-12."""
    mean, shock, rho, decimals = MACRO_SERIES[(kind, country)]
    r = rng(seed, "macro", kind, country)
    months = (SERIES_END.year - MACRO_FIRST.year + 1) * 12
    out, level = [], 0.0
    if kind == "FED_FUNDS_RATE":  # a target range moved in 25 bp steps; the effective rate
        target = 4.5
        for _ in range(months):
            if r.random() < 0.12:
                target = min(max(target + float(r.choice([-0.25, 0.25])), 3.5), 5.5)
            out.append(round(target - 0.17, decimals))
        return tuple(out)
    for _ in range(months):
        level = rho * level + float(r.normal(0.0, shock))
        out.append(round(mean + level, decimals))
    return tuple(out)


# -- economic indicators ---------------------------------------------------------------------

TE_COUNTRIES = ("China", "Euro Area", "Japan", "United States", "United Kingdom", "Vietnam")
TE_CATEGORIES = (
    "GDP",
    "Labour",
    "Prices",
    "Money",
    "Trade",
    "Government",
    "Business",
    "Consumer",
    "Housing",
)
# category → [(indicator, unit, frequency in months, level, monthly shock)]
TE_INDICATORS: dict[str, list[tuple[str, str, int, float, float]]] = {
    "GDP": [("GDP Growth Rate", "%", 3, 1.2, 0.5), ("GDP Annual Growth Rate", "%", 3, 3.0, 0.6)],
    "Labour": [("Unemployment Rate", "%", 1, 4.5, 0.1), ("Wage Growth", "%", 1, 3.5, 0.3)],
    "Prices": [("Inflation Rate", "%", 1, 2.8, 0.2), ("Core Inflation Rate", "%", 1, 2.6, 0.15)],
    "Money": [("Interest Rate", "%", 1, 3.5, 0.05), ("Money Supply M2", "%", 1, 6.0, 0.5)],
    "Trade": [
        ("Balance of Trade", "USD Million", 1, 2000.0, 1500.0),
        ("Exports YoY", "%", 1, 5.0, 3.0),
    ],
    "Government": [
        ("Government Debt to GDP", "%", 12, 70.0, 2.0),
        ("Government Budget", "% of GDP", 12, -3.0, 0.8),
    ],
    "Business": [
        ("Manufacturing PMI", "points", 1, 50.0, 1.2),
        ("Industrial Production", "%", 1, 2.5, 1.5),
    ],
    "Consumer": [
        ("Consumer Confidence", "points", 1, 95.0, 3.0),
        ("Retail Sales YoY", "%", 1, 4.0, 1.5),
    ],
    "Housing": [
        ("Housing Index", "points", 1, 150.0, 2.0),
        ("Building Permits", "Thousand", 1, 120.0, 8.0),
    ],
}
TE_FIRST_YEAR = 2018


@dataclass(frozen=True)
class Observation:
    """One published value of an economic indicator."""

    indicator: str
    country: str
    category: str
    value: float
    previous: float
    year: int
    month: int
    unit: str


@lru_cache(maxsize=64)
def indicators(seed: int, country: str) -> tuple[Observation, ...]:
    """Every observation since 2018 up to 2031, newest first (callers keep the published)."""
    rows: list[Observation] = []
    for category in TE_CATEGORIES:
        for name, unit, every, level, shock in TE_INDICATORS[category]:
            r = rng(seed, "te", country, name)
            base = level * float(r.uniform(0.6, 1.4)) if level > 0 else level
            months = list(range(every - 1, (SERIES_END.year - TE_FIRST_YEAR + 1) * 12, every))
            state, previous = 0.0, round(base, 2)
            for m in months:
                state = 0.85 * state + float(r.normal(0.0, shock))
                value = round(base + state, 2)
                year, month = TE_FIRST_YEAR + m // 12, m % 12 + 1
                rows.append(
                    Observation(name, country, category, value, previous, year, month, unit)
                )
                previous = value
    order = {c: i for i, c in enumerate(TE_CATEGORIES)}
    rows.sort(key=lambda x: (-x.year, -x.month, order[x.category], x.indicator))
    return tuple(rows)


# -- economic calendar ----------------------------------------------------------------------

# (country, event, category, impact, unit, level, spread)
CALENDAR_EVENTS: tuple[tuple[str, str, str, int, str, float, float], ...] = (
    ("United States", "Fed Interest Rate Decision", "Interest Rate", 3, "%", 4.5, 0.25),
    ("United States", "CPI YoY", "Inflation", 3, "%", 3.0, 0.2),
    ("United States", "Non Farm Payrolls", "Labour", 3, "K", 150.0, 60.0),
    ("United States", "Initial Jobless Claims", "Labour", 2, "K", 225.0, 15.0),
    ("United States", "ISM Manufacturing PMI", "Business", 2, "", 49.0, 1.5),
    ("United States", "Retail Sales MoM", "Consumer", 2, "%", 0.3, 0.4),
    ("Vietnam", "CPI MoM", "Inflation", 2, "%", 0.2, 0.2),
    ("Vietnam", "Inflation Rate YoY", "Inflation", 2, "%", 3.5, 0.3),
    ("Vietnam", "Industrial Production YoY", "Business", 1, "%", 8.0, 1.5),
    ("Vietnam", "Balance of Trade", "Trade", 2, "B", 1.5, 1.0),
    ("China", "Caixin Manufacturing PMI", "Business", 2, "", 50.5, 1.0),
    ("China", "GDP Growth Rate YoY", "GDP", 3, "%", 5.0, 0.3),
    ("China", "Inflation Rate YoY", "Inflation", 2, "%", 0.5, 0.4),
    ("Japan", "BoJ Interest Rate Decision", "Interest Rate", 3, "%", 0.5, 0.1),
    ("Japan", "Unemployment Rate", "Labour", 1, "%", 2.5, 0.1),
    ("Euro Area", "ECB Interest Rate Decision", "Interest Rate", 3, "%", 2.15, 0.1),
    ("Euro Area", "HCOB Manufacturing PMI", "Business", 2, "", 49.5, 1.0),
    ("United Kingdom", "BoE Interest Rate Decision", "Interest Rate", 3, "%", 4.0, 0.1),
    ("United Kingdom", "Inflation Rate YoY", "Inflation", 2, "%", 3.5, 0.3),
    ("United Kingdom", "GDP Growth Rate QoQ", "GDP", 2, "%", 0.3, 0.2),
)


@dataclass(frozen=True)
class CalendarEvent:
    id: int
    date: dt.date
    country: str
    event: str
    category: str
    impact: int  # 1 (low) to 3 (high)
    unit: str  # "%", "K" (thousands), "B" (USD billions) or "" (points)
    actual: float
    previous: float
    consensus: float
    forecast: float


@lru_cache(maxsize=4096)
def day_events(seed: int, day: dt.date) -> tuple[CalendarEvent, ...]:
    """The events dated ``day`` (none at weekends)."""
    if day.weekday() >= 5:
        return ()
    r = rng(seed, "calendar", day.toordinal())
    picks = sorted(r.choice(len(CALENDAR_EVENTS), size=int(r.integers(1, 5)), replace=False))
    out = []
    for n, k in enumerate(picks):
        country, event, category, impact, unit, level, spread = CALENDAR_EVENTS[int(k)]
        previous = level + float(r.normal(0, spread))
        consensus = previous + float(r.normal(0, spread / 3))
        forecast = consensus + float(r.normal(0, spread / 5))
        actual = consensus + float(r.normal(0, spread / 2))
        figures = (actual, previous, consensus, forecast)
        ident = day.toordinal() * 10 + n
        out.append(CalendarEvent(ident, day, country, event, category, impact, unit, *figures))
    return tuple(out)
