"""SIMULATED gold, silver, USD/VND, crypto and bank deposit rates. Not real prices.

* World gold and silver are USD per troy ounce: the last published close of the ``GOLD`` /
  ``SILVER`` series of :mod:`.macro` (weekday closes, carried over weekends).
* USD/VND: one Vietcombank cash sell rate per calendar day (:func:`usd_sell`).
* Domestic metal quotes are VND per tael (lượng, 1 tael = 10 chỉ = 1.20565 oz), one quote a
  day (weekends too): sell = world × USD/VND × 1.20565 × (1 + the product's premium), rounded
  to 10,000 VND (gold) or 1,000 VND (silver); buy = sell − the product's fixed spread.
* Crypto: one price per calendar day; a daily "trending" order; a change over the last hour
  drawn per hour.
* Deposit rates: set on the 1st of each month, per bank and term.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..seeded import rng
from .macro import SERIES_ANCHOR, SERIES_END, SERIES_START, latest_close

OZ_PER_TAEL = 1.20565

# index → (name, short name, provider, premium over world, spread VND/tael, metal)
METALS: dict[str, tuple[str, str, str, float, int, str]] = {
    "SJC_GOLD": ("Vàng SJC", "SJC", "SJC", 0.120, 2_000_000, "GOLD"),
    "PNJ_GOLD": ("Vàng PNJ", "PNJ", "PNJ", 0.122, 2_100_000, "GOLD"),
    "DOJI_GOLD": ("Vàng DOJI", "DOJI", "DOJI", 0.121, 2_000_000, "GOLD"),
    "BTMC_GOLD": ("Vàng Bảo Tín Minh Châu", "BTMC", "BTMC", 0.1215, 2_050_000, "GOLD"),
    "DOJI_9999_GOLD_RING": ("Vàng nhẫn DOJI", "DOJI", "DOJI", 0.035, 1_500_000, "GOLD"),
    "PNJ_9999_GOLD_RING": ("Vàng nhẫn PNJ", "PNJ", "PNJ", 0.033, 1_500_000, "GOLD"),
    "SILVER_PNJ": ("Bạc PNJ", "PNJ", "PNJ", 0.120, 70_000, "SILVER"),
    "SILVER_DOJI": ("Bạc DOJI", "DOJI", "DOJI", 0.118, 65_000, "SILVER"),
    "SILVER_PHU_QUY": ("Bạc Phú Quý", "Phú Quý", "PHU_QUY", 0.110, 60_000, "SILVER"),
}
DAYS0 = np.datetime64(SERIES_START, "D")
DAYS = int((np.datetime64(SERIES_END, "D") - DAYS0).astype(np.int64)) + 1


def _day_index(day: dt.date) -> int:
    """Position of ``day`` in the 2015–2031 daily paths (clamped at both ends)."""
    return min(max(int((np.datetime64(day, "D") - DAYS0).astype(np.int64)), 0), DAYS - 1)


@lru_cache(maxsize=64)
def _daily_walk(seed: int, name: str, vol: float, rho: float = 1.0) -> np.ndarray:
    """A calendar-day path (log scale) about 0 on the anchor day; rho < 1 mean-reverts."""
    n = DAYS
    shocks = rng(seed, "daily", name).normal(0.0, vol, n)
    if rho >= 1.0:
        path = np.cumsum(shocks)
    else:
        path = np.empty(n)
        level = 0.0
        for i, e in enumerate(shocks.tolist()):
            level = rho * level + e
            path[i] = level
    anchor = _day_index(SERIES_ANCHOR)
    # near, not exactly at, the anchor level
    return np.asarray(path - path[anchor] + shocks[anchor], dtype=float)


# -- USD/VND ---------------------------------------------------------------------------------


def usd_sell(seed: int, day: dt.date) -> int:
    """Vietcombank's cash sell rate (VND per USD) on ``day``."""
    mid = 26_300 * float(np.exp(_daily_walk(seed, "USDVND", 0.0012)[_day_index(day)]))
    return round(mid + 125)


# -- metals ----------------------------------------------------------------------------------


def world_price(seed: int, metal: str, day: dt.date) -> float:
    """World price in USD/oz quoted on ``day`` (the last close before it)."""
    return latest_close(seed, metal, day)


def quote(seed: int, index: str, day: dt.date) -> tuple[int, int]:
    """(buy, sell) VND per tael of one domestic product on ``day``."""
    _, _, _, premium, spread, metal = METALS[index]
    drift = float(_daily_walk(seed, "premium-" + index, 0.002, 0.99)[_day_index(day)])
    raw = world_price(seed, metal, day) * usd_sell(seed, day) * OZ_PER_TAEL * (1 + premium + drift)
    step = 10_000 if metal == "GOLD" else 1_000
    sell = round(raw / step) * step
    return sell - spread, sell


def global_vnd(seed: int, metal: str, day: dt.date) -> float:
    """World price converted to VND per tael."""
    return world_price(seed, metal, day) * usd_sell(seed, day) * OZ_PER_TAEL


# -- crypto ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coin:
    name: str
    symbol: str
    anchor_price: float  # USD on the anchor day
    volatility: float  # daily
    supply: int


COINS = (
    Coin("Bitcoin", "BTC", 92_000.0, 0.030, 19_950_000),
    Coin("Ethereum", "ETH", 3_100.0, 0.040, 120_700_000),
    Coin("BNB", "BNB", 900.0, 0.030, 139_000_000),
    Coin("XRP", "XRP", 2.2, 0.045, 60_000_000_000),
    Coin("Solana", "SOL", 140.0, 0.050, 560_000_000),
    Coin("Dogecoin", "DOGE", 0.16, 0.050, 151_000_000_000),
    Coin("Cardano", "ADA", 0.48, 0.050, 36_500_000_000),
    Coin("TRON", "TRX", 0.29, 0.030, 94_700_000_000),
    Coin("Chainlink", "LINK", 14.0, 0.050, 680_000_000),
    Coin("Sui", "SUI", 1.7, 0.060, 3_600_000_000),
)


def coin_price(seed: int, symbol: str, day: dt.date) -> float:
    """USD price of a coin on ``day``."""
    coin = next(c for c in COINS if c.symbol == symbol)
    walk = _daily_walk(seed, "coin-" + symbol, coin.volatility)[_day_index(day)]
    value = coin.anchor_price * float(np.exp(walk))
    return round(value, 2 if value >= 1 else 6)


def trending(seed: int, day: dt.date) -> list[Coin]:
    """Every coin, in ``day``'s trending order."""
    order = np.argsort(-rng(seed, "trending", day.toordinal()).random(len(COINS)))
    return [COINS[k] for k in order.tolist()]


def hourly_change(seed: int, coin: Coin, now: dt.datetime) -> float:
    """The % change over the hour to ``now`` (drawn once per hour)."""
    hourly = rng(seed, "coin-hour", coin.symbol, now.date().toordinal(), now.hour)
    return round(float(hourly.normal(0, coin.volatility * 20)), 2)


# -- deposit rates ---------------------------------------------------------------------------

BANKS = (
    ("VIETCOMBANK", "Vietcombank", 0.0),
    ("BIDV", "BIDV", 0.05),
    ("VIETINBANK", "VietinBank", 0.05),
    ("AGRIBANK", "Agribank", 0.0),
    ("TECHCOMBANK", "Techcombank", 1.1),
    ("MB", "MB", 1.0),
    ("ACB", "ACB", 1.0),
    ("VPBANK", "VPBank", 1.4),
    ("SACOMBANK", "Sacombank", 1.3),
    ("TPBANK", "TPBank", 1.5),
)
TERMS = (
    ("1M", "1 tháng", 1.6),
    ("3M", "3 tháng", 1.9),
    ("6M", "6 tháng", 2.9),
    ("9M", "9 tháng", 2.9),
    ("12M", "12 tháng", 4.6),
    ("18M", "18 tháng", 4.7),
    ("24M", "24 tháng", 4.7),
    ("36M", "36 tháng", 4.7),
)


def deposit_rates(seed: int, day: dt.date) -> dict[str, dict[str, float]]:
    """bank name → term code → % a year, as set on the 1st of ``day``'s month."""
    out = {}
    for code, name, premium in BANKS:
        r = rng(seed, "deposit", code, day.year, day.month)
        shift = float(r.choice([-0.1, 0.0, 0.0, 0.1, 0.2]))
        out[name] = {
            term: round(round((base + premium + shift) * 20) / 20, 2) for term, _, base in TERMS
        }
    return out


def rates_set_at(day: dt.date) -> dt.datetime:
    """When the deposit rates in force on ``day`` were set (naive Vietnam time)."""
    return dt.datetime(day.year, day.month, 1, 8, 0)
