"""SIMULATED open-ended funds: the catalogue, daily NAV and monthly figures.

Fund and company names are real Vietnamese open-ended funds and their managers; every
number is simulated. The rules:

* NAV: one value per trading day (weekdays minus the sandbox's holidays) from the fund's
  inception, starting at 10,000.00 VND per unit. Stock funds follow the simulated VN-INDEX
  (``engine.index_daily("VNINDEX")``; before 2018 a seeded extension of it) with a beta, an
  alpha and noise; balanced funds about half of that plus bond carry; bond funds accrue
  5.5–8 % a year. A day's NAV is published the next day (visible when dated before today).
* Benchmarks: "VN-INDEX" (its simulated close) for stock and balanced funds, "Lãi suất tiết
  kiệm 12 tháng" (a deposit index from 1,000 compounding 5.5 % a year) for bond funds.
* Months: NAV at month end, inflow and outflow (``fund_flow = inflow − outflow`` exactly),
  units, AUM (units × month-end NAV) and investors, scaled so the AUM of October 2026 is
  within 15 % of the fund's nominal size. Monthly figures exist for completed months only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..calendar import TradingCalendar
from ..engine import MarketEngine
from ..seeded import rng

FUND_TYPES = ("STOCK_FUND", "BOND_FUND", "BALANCE_FUND")
FUND_START, FUND_END = dt.date(2013, 1, 1), dt.date(2030, 12, 31)
ANCHOR_MONTH = (2026, 10)
SITE = "https://sandbox.vnfin.invalid"


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    short_name: str

    @property
    def image_url(self) -> str:
        return f"{SITE}/fund-companies/{self.short_name.lower().replace(' ', '-')}.png"


@dataclass(frozen=True)
class Fund:
    id: int
    name: str
    type: str
    company: int
    inception: dt.date
    size: float  # about the AUM of October 2026 (± 15 %), VND


COMPANIES = (
    Company(1, "Công ty Cổ phần Quản lý Quỹ Đầu tư Dragon Capital Việt Nam", "DCVFM"),
    Company(2, "Công ty Cổ phần Quản lý Quỹ VinaCapital", "VinaCapital"),
    Company(3, "Công ty Liên doanh Quản lý Quỹ Đầu tư Chứng khoán Vietcombank", "VCBF"),
    Company(4, "Công ty TNHH Quản lý Quỹ SSI", "SSIAM"),
    Company(5, "Công ty TNHH Quản lý Quỹ Manulife (Việt Nam)", "MAFM"),
    Company(6, "Công ty TNHH Quản lý Quỹ Bảo Việt", "BVF"),
    Company(7, "Công ty Cổ phần Quản lý Quỹ Kỹ Thương", "Techcom Capital"),
    Company(8, "Công ty Cổ phần Quản lý Quỹ Đầu tư MB", "MB Capital"),
    Company(9, "Công ty TNHH Quản lý Quỹ Eastspring Investments", "Eastspring"),
)

_S, _B, _M = FUND_TYPES
FUNDS = tuple(
    Fund(i, name, kind, company, dt.date.fromisoformat(start), size * 1e9)
    for i, name, kind, company, start, size in (
        (11, "DCDS", _S, 1, "2013-11-01", 3600),
        (12, "DCBF", _B, 1, "2013-06-04", 2200),
        (13, "DCDE", _S, 1, "2017-02-27", 1200),
        (21, "VESAF", _S, 2, "2017-04-18", 2400),
        (22, "VEOF", _S, 2, "2013-05-24", 1900),
        (23, "VFF", _B, 2, "2013-05-24", 2600),
        (24, "VIBF", _M, 2, "2019-07-16", 500),
        (31, "VCBF-BCF", _S, 3, "2014-08-25", 1300),
        (32, "VCBF-TBF", _M, 3, "2014-12-24", 1000),
        (33, "VCBF-FIF", _B, 3, "2019-07-08", 1700),
        (34, "VCBF-MGF", _S, 3, "2021-08-02", 400),
        (41, "SSISCA", _S, 4, "2014-09-03", 900),
        (42, "SSIBF", _B, 4, "2016-07-15", 1100),
        (35, "MAFEQI", _S, 5, "2017-12-05", 500),
        (36, "MAFBAL", _M, 5, "2019-03-19", 150),
        (51, "BVPF", _S, 6, "2014-01-06", 300),
        (52, "BVBF", _B, 6, "2017-05-05", 250),
        (61, "TCBF", _B, 7, "2015-06-12", 8000),
        (62, "TCEF", _S, 7, "2019-11-05", 1200),
        (71, "MBVF", _S, 8, "2014-07-14", 300),
        (72, "MBBOND", _B, 8, "2019-05-20", 900),
        (81, "ENF", _S, 9, "2014-04-21", 350),
    )
)
BY_NAME = {f.name: f for f in FUNDS}


def company(fund: Fund) -> Company:
    return next(c for c in COMPANIES if c.id == fund.company)


@dataclass(frozen=True)
class Track:
    """NAV and benchmark of one fund on its trading days (dates as datetime64[D])."""

    dates: np.ndarray
    nav: np.ndarray
    benchmark: np.ndarray
    benchmark_name: str


@dataclass(frozen=True)
class Months:
    """Monthly figures of one fund from its inception month (``keys`` = year*12 + month-1)."""

    keys: np.ndarray
    nav: np.ndarray
    inflow: np.ndarray
    outflow: np.ndarray
    aum: np.ndarray
    investors: np.ndarray


@lru_cache(maxsize=8)
def _market(engine: MarketEngine) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fund calendar (2013–2030), VN-INDEX close on it, deposit index on it."""
    cal = TradingCalendar(engine.calendar.holidays, FUND_START, FUND_END)
    days = cal.days
    close = engine.index_daily("VNINDEX").close
    offset = cal.index_on_or_before(engine.calendar.date(0))
    level = np.empty(len(days))
    level[offset:] = close[: len(days) - offset]
    r = rng(engine.seed, "funds", "vnindex-before-2018")
    back = np.exp(r.normal(0.0003, 0.012, offset))
    level[:offset] = close[0] / np.cumprod(back[::-1])[::-1]
    years = (days - days[0]).astype(np.int64) / 365.0
    deposit = 1000.0 * np.exp(0.055 * years)
    return days, np.round(level, 2), np.round(deposit, 2)


@lru_cache(maxsize=256)
def track(engine: MarketEngine, name: str) -> Track:
    fund = BY_NAME[name]
    days, vnindex, deposit = _market(engine)
    start = int(np.searchsorted(days, np.datetime64(fund.inception)))
    bench_returns = np.diff(np.log(vnindex[start:]))
    r = rng(engine.seed, "funds", "nav", name)
    n = len(bench_returns)
    if fund.type == "STOCK_FUND":
        beta, alpha, noise = r.uniform(0.75, 1.0), r.uniform(0.0, 0.06) / 252, 0.004
        returns = beta * bench_returns + alpha + r.normal(0, noise, n)
    elif fund.type == "BALANCE_FUND":
        beta, carry = r.uniform(0.4, 0.55), 0.5 * r.uniform(0.05, 0.07) / 252
        returns = beta * bench_returns + carry + r.normal(0, 0.002, n)
    else:
        returns = r.uniform(0.055, 0.08) / 252 + r.normal(0, 0.0004, n)
    nav = np.round(10_000.0 * np.exp(np.concatenate([[0.0], np.cumsum(returns)])), 2)
    if fund.type == "BOND_FUND":
        return Track(days[start:], nav, deposit[start:], "Lãi suất tiết kiệm 12 tháng")
    return Track(days[start:], nav, vnindex[start:], "VN-INDEX")


def visible(t: Track, today: dt.date) -> int:
    """How many NAVs are published by ``today`` (those dated before it)."""
    return int(np.searchsorted(t.dates, np.datetime64(today)))


@lru_cache(maxsize=256)
def months(engine: MarketEngine, name: str) -> Months:
    fund = BY_NAME[name]
    t = track(engine, name)
    keys_daily = t.dates.astype("datetime64[M]").astype(np.int64) + 1970 * 12
    last = np.flatnonzero(np.r_[keys_daily[1:] != keys_daily[:-1], True])
    keys, nav = keys_daily[last], t.nav[last]
    r = rng(engine.seed, "funds", "months", name)
    n = len(keys)
    net = r.normal(0.008, 0.035, n)
    inflow_rate = r.uniform(0.02, 0.08, n) * np.exp(r.normal(0, 0.3, n))
    outflow_rate = np.maximum(inflow_rate - net, 0.005)
    units = np.empty(n)
    inflow, outflow = np.empty(n), np.empty(n)
    held = 1.0  # units after the launch subscription, rescaled below
    for i in range(n):
        value = held * nav[i]
        inflow[i], outflow[i] = value * inflow_rate[i], value * outflow_rate[i]
        held = max(held + (inflow[i] - outflow[i]) / nav[i], 0.05)
        units[i] = held
    anchor = ANCHOR_MONTH[0] * 12 + ANCHOR_MONTH[1] - 1
    at = int(np.clip(np.searchsorted(keys, anchor), 0, n - 1))
    scale = fund.size * r.uniform(0.85, 1.15) / (units[at] * nav[at])
    aum = np.rint(units * nav * scale).astype(np.int64)
    investors = np.maximum(
        np.rint(fund.size / r.uniform(40e6, 150e6) * (units / units[at]) ** 0.8), 1
    ).astype(np.int64)
    return Months(
        keys,
        nav,
        np.rint(inflow * scale).astype(np.int64),
        np.rint(outflow * scale).astype(np.int64),
        aum,
        investors,
    )


def month_label(key: int) -> str:
    return f"{key // 12:04d}-{key % 12 + 1:02d}"


def completed_months(m: Months, today: dt.date) -> int:
    """How many monthly rows are complete by ``today`` (months before the current one)."""
    return int(np.searchsorted(m.keys, today.year * 12 + today.month - 1))


def one_year_growth(engine: MarketEngine, name: str, today: dt.date) -> float:
    t = track(engine, name)
    end = visible(t, today)
    if end == 0:
        return 0.0
    start = max(int(np.searchsorted(t.dates, np.datetime64(_year_ago(today)), "right")) - 1, 0)
    return float(t.nav[end - 1] / t.nav[start] - 1)


def _year_ago(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def latest_aum(engine: MarketEngine, name: str, today: dt.date) -> int:
    m = months(engine, name)
    done = completed_months(m, today)
    return int(m.aum[done - 1]) if done else 0


def rating(engine: MarketEngine, name: str) -> float:
    return float(rng(engine.seed, "funds", "rating", name).choice([3.0, 3.5, 4.0, 4.5, 5.0]))
