"""SIMULATED gold, silver, crypto, FX and deposit rates for the sandbox (reference §2.6, §2.7).

Units and the rules that tie the endpoints together:

* World gold/silver (``usd_value``) are USD per troy ounce: the last published close of the
  ``GOLD``/``SILVER`` series of ``/market/financial-data/market`` (weekday closes, carried
  over weekends).
* USD/VND: Vietcombank cash rates per day; ``fx`` below is Vietcombank's sell rate.
* Domestic quotes are VND per tael (lượng, 1 tael = 10 chỉ = 1.20565 oz), one quote a day
  (weekends too): sell = world × fx × 1.20565 × (1 + the provider's premium), rounded to
  10,000 VND (gold) or 1,000 VND (silver); buy = sell − a fixed spread. ``vnd_value`` = sell;
  ``change_percent`` is the day-on-day change of the mid price, the other two of buy and sell.
* Charts (thousand VND per chỉ, 1 decimal): ``gold_bar``/``silver_bar`` = SJC gold / PNJ
  silver sell ÷ 10,000; ``gold_global``/``silver_global`` = world × fx × 1.20565 ÷ 10,000.
  The last point is today and equals the spot endpoints' figures under those formulas.
* ``/market/financial-data``: gold and silver rows are the same sell/buy ÷ 10,000
  ("Đơn vị: 1.000đ/chỉ"), USD rows are VND per USD, CRYPTO rows repeat the top-trending price
  and 24 h change, US_INDEX rows the newest ``market`` closes, BANK_INTEREST_RATE rows the
  12-month rates of ``bank-interest-rates``.
* Crypto: one price per calendar day (today's is "now"); changes compare with 1/7/30 days
  earlier; the 1 h change is drawn per hour. Deposit rates change on the 1st of each month.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import numpy as np

from .public_common import iso_utc, rng
from .public_macro import SERIES_ANCHOR, SERIES_END, SERIES_START, latest_close

OZ_PER_TAEL = 1.20565
SITE = "https://sandbox.vnfin.invalid"
CDN = "https://cdn1.finhay.com.vn/vnsc-prod/"
GOLD_ICON = CDN + "1739437064948-gold.png"

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

FX_ROWS = (  # index, name, icon, offset to Vietcombank's sell, spread
    ("USD_VND_EXCHANGE_RATE", "Vietcombank", CDN + "1739846863045-vcb.png", 0, 250),
    ("BIDV_USD_VND_EXCHANGE_RATE", "BIDV", f"{SITE}/icons/bidv.png", 5, 240),
    ("BLACK_MARKET_USD_VND_EXCHANGE_RATE", "Chợ đen", CDN + "1739846837853-blackmarket.png",
     160, 100),
)  # fmt: skip


def usd_sell(seed: int, day: dt.date) -> int:
    """Vietcombank's cash sell rate (VND per USD) on ``day``."""
    mid = 26_300 * float(np.exp(_daily_walk(seed, "USDVND", 0.0012)[_day_index(day)]))
    return round(mid + 125)


def fx_rows(seed: int, day: dt.date) -> list[tuple[str, str, str, int, int]]:
    """(index, name, icon, buy, sell) of each USD quote on ``day``."""
    sell = usd_sell(seed, day)
    return [(i, n, icon, sell + off - spread, sell + off) for i, n, icon, off, spread in FX_ROWS]


# -- metals ----------------------------------------------------------------------------------


def world(seed: int, metal: str, day: dt.date) -> float:
    """World price in USD/oz quoted on ``day`` (the last close before it)."""
    return latest_close(seed, metal, day)


def quote(seed: int, index: str, day: dt.date) -> tuple[int, int]:
    """(buy, sell) VND per tael of one domestic product on ``day``."""
    _, _, _, premium, spread, metal = METALS[index]
    drift = float(_daily_walk(seed, "premium-" + index, 0.002, 0.99)[_day_index(day)])
    raw = world(seed, metal, day) * usd_sell(seed, day) * OZ_PER_TAEL * (1 + premium + drift)
    step = 10_000 if metal == "GOLD" else 1_000
    sell = round(raw / step) * step
    return sell - spread, sell


def global_vnd(seed: int, metal: str, day: dt.date) -> float:
    """World price converted to VND per tael."""
    return world(seed, metal, day) * usd_sell(seed, day) * OZ_PER_TAEL


def _pct(now: float, before: float) -> float:
    return round((now / before - 1) * 100, 2)


def metal_record(seed: int, index: str, now: dt.datetime) -> dict[str, Any]:
    """A CommodityIndexData record; ``GLOBAL_GOLD``/``GLOBAL_SILVER`` are the world rows."""
    day, yesterday = now.date(), now.date() - dt.timedelta(days=1)
    if index.startswith("GLOBAL_"):
        metal = index.removeprefix("GLOBAL_")
        value, before = (round(global_vnd(seed, metal, d), -3) for d in (day, yesterday))
        buy, sell, buy0, sell0 = value, value, before, before
        name = "Vàng thế giới" if metal == "GOLD" else "Bạc thế giới"
        short, provider, icon = ("XAU/USD" if metal == "GOLD" else "XAG/USD"), "Kitco", None
    else:
        name, short, provider, _, _, metal = METALS[index]
        (buy, sell), (buy0, sell0) = quote(seed, index, day), quote(seed, index, yesterday)
        icon = f"https://cdn.finhay.com/providers/{provider.lower()}.png"
    stamp = min(now, dt.datetime.combine(day, dt.time(17, 0))).replace(second=0, microsecond=0)
    return {
        "index": index, "name": name, "short_name": short, "buy_value": int(buy),
        "sell_value": int(sell), "usd_value": world(seed, metal, day), "vnd_value": int(sell),
        "date": day.isoformat(), "provider": provider, "provider_icon": icon,
        "updated_at": iso_utc(stamp),
        "change_percent": _pct(buy + sell, buy0 + sell0),
        "buy_value_change_percent": _pct(buy, buy0),
        "sell_value_change_percent": _pct(sell, sell0),
    }  # fmt: skip


def chart(seed: int, metal: str, days: int, today: dt.date) -> list[dict[str, Any]]:
    """One point per calendar day, the last one today (thousand VND per chỉ)."""
    key, product = ("gold", "SJC_GOLD") if metal == "GOLD" else ("silver", "SILVER_PNJ")
    out = []
    for back in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        out.append({
            "date": day.isoformat(),
            f"{key}_bar": round(quote(seed, product, day)[1] / 10_000, 1),
            f"{key}_global": round(global_vnd(seed, metal, day) / 10_000, 1),
        })  # fmt: skip
    return out


# -- crypto ---------------------------------------------------------------------------------

# name, symbol, all-in-one index, price on the anchor day (USD), daily volatility, supply
COINS = (
    ("Bitcoin", "BTC", "BITCOIN", 92_000.0, 0.030, 19_950_000),
    ("Ethereum", "ETH", "ETHEREUM", 3_100.0, 0.040, 120_700_000),
    ("BNB", "BNB", "BNB", 900.0, 0.030, 139_000_000),
    ("XRP", "XRP", "XRP", 2.2, 0.045, 60_000_000_000),
    ("Solana", "SOL", "SOLANA", 140.0, 0.050, 560_000_000),
    ("Dogecoin", "DOGE", "DOGECOIN", 0.16, 0.050, 151_000_000_000),
    ("Cardano", "ADA", "CARDANO", 0.48, 0.050, 36_500_000_000),
    ("TRON", "TRX", "TRON", 0.29, 0.030, 94_700_000_000),
    ("Chainlink", "LINK", "CHAINLINK", 14.0, 0.050, 680_000_000),
    ("Sui", "SUI", "SUI", 1.7, 0.060, 3_600_000_000),
)


def coin_price(seed: int, symbol: str, day: dt.date) -> float:
    coin = next(c for c in COINS if c[1] == symbol)
    value = coin[3] * float(np.exp(_daily_walk(seed, "coin-" + symbol, coin[4])[_day_index(day)]))
    return round(value, 2 if value >= 1 else 6)


def _vn_number(value: float) -> str:
    text = f"{value:,.2f}" if value >= 1 else f"{value:,.6f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def top_trending(seed: int, now: dt.datetime) -> list[dict[str, Any]]:
    today = now.date()
    trend = rng(seed, "trending", today.toordinal())
    order = np.argsort(-trend.random(len(COINS)))
    out = []
    for k in order.tolist():
        name, symbol, _, _, vol, supply = COINS[k]
        price = coin_price(seed, symbol, today)
        hourly = rng(seed, "coin-hour", symbol, today.toordinal(), now.hour)

        def change(days: int, price: float = price, symbol: str = symbol) -> float:
            return _pct(price, coin_price(seed, symbol, today - dt.timedelta(days=days)))

        out.append({
            "name": name, "symbol": symbol,
            "icon_url": f"https://cdn.finhay.com/crypto/{symbol.lower()}.png",
            "price": price, "formatted_price": _vn_number(price),
            "percent_change_1h": round(float(hourly.normal(0, vol * 20)), 2),
            "percent_change_24h": change(1), "percent_change_7d": change(7),
            "percent_change_30d": change(30), "market_cap": round(price * supply),
            "last_30d_chart": f"https://cdn.finhay.com/spark/{symbol.lower()}_30d.svg",
        })  # fmt: skip
    return out


# -- deposit rates ---------------------------------------------------------------------------

BANKS = (("VIETCOMBANK", "Vietcombank", 0.0), ("BIDV", "BIDV", 0.05),
         ("VIETINBANK", "VietinBank", 0.05), ("AGRIBANK", "Agribank", 0.0),
         ("TECHCOMBANK", "Techcombank", 1.1), ("MB", "MB", 1.0), ("ACB", "ACB", 1.0),
         ("VPBANK", "VPBank", 1.4), ("SACOMBANK", "Sacombank", 1.3),
         ("TPBANK", "TPBank", 1.5))  # fmt: skip
TERMS = (("1M", "1 tháng", 1.6), ("3M", "3 tháng", 1.9), ("6M", "6 tháng", 2.9),
         ("9M", "9 tháng", 2.9), ("12M", "12 tháng", 4.6), ("18M", "18 tháng", 4.7),
         ("24M", "24 tháng", 4.7), ("36M", "36 tháng", 4.7))  # fmt: skip


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


def rates_updated(day: dt.date) -> str:
    return iso_utc(dt.datetime(day.year, day.month, 1, 8, 0))


def bank_rates(seed: int, now: dt.datetime, shape: str) -> Any:
    """The undocumented payload in one of the sandbox's shapes: records, nested or empty."""
    if shape == "empty":
        return {}
    today = now.date()
    table, updated = deposit_rates(seed, today), rates_updated(today)
    if shape == "nested":
        banks = [{"bank": bank, "rates": rates} for bank, rates in table.items()]
        return {"updated_at": updated, "banks": banks}
    labels = {term: label for term, label, _ in TERMS}
    return [
        {"bank": bank, "term": labels[term], "rate": rate, "updated_at": updated}
        for bank, rates in table.items()
        for term, rate in rates.items()
    ]


# -- the all-in-one endpoint (seed 002 shapes) -------------------------------------------------

PER_CHI = "Đơn vị: 1.000đ/chỉ"
AIO_METALS = (
    ("GOLD", "Giá vàng", (("SJC_GOLD_BAR", "SJC_GOLD", "Vàng miếng SJC"),
                          ("PNJ_9999_GOLD_RING", "PNJ_9999_GOLD_RING", "Vàng nhẫn PNJ"),
                          ("DOJI_9999_GOLD_RING", "DOJI_9999_GOLD_RING", "Vàng nhẫn DOJI"))),
    ("SILVER", "Giá bạc", (("SILVER_PNJ", "SILVER_PNJ", "Bạc PNJ"),
                           ("SILVER_PHU_QUY", "SILVER_PHU_QUY", "Bạc Phú Quý"))),
)  # fmt: skip
AIO_COINS = ("BTC", "ETH", "BNB", "SOL")
AIO_US = (("SP_500", "SP500", "S&P 500", CDN + "1739774157905-sp500.png"),
          ("NASDAQ", "NASDAQ", "NASDAQ", CDN + "1739774139495-nasdaq.png"),
          ("DOW_JONES", "DOW_JONES", "Dow Jones", f"{SITE}/icons/dow-jones.png"))  # fmt: skip


def _thousands(vnd: int) -> int | float:
    value = vnd / 10_000  # VND per tael → thousand VND per chỉ
    return int(value) if value.is_integer() else round(value, 1)


def _row(index: str, name: str, description: str, icon: str, kind: str, **values: Any) -> Any:
    return {"index": index, "name": name, "description": description, "icon_url": icon,
            "value_type": kind, **values}  # fmt: skip


def _single(index: str, name: str, icon: str, now: float, before: float, digits: int) -> Any:
    return _row(index, name, "", icon, "SINGLE", value=now, change=round(now - before, digits),
                change_percent=round((now / before - 1) * 100, 3))  # fmt: skip


def financial_data(seed: int, now: dt.datetime) -> list[dict[str, Any]]:
    """The documented groups: GOLD, SILVER, USD_EXCHANGE_RATE, CRYPTO, US_INDEX,
    BANK_INTEREST_RATE (see the module docstring for how they tie to the other endpoints)."""
    today, yesterday = now.date(), now.date() - dt.timedelta(days=1)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    groups: list[tuple[str, str, list[Any]]] = []
    for kind, title, products in AIO_METALS:
        rows = []
        for index, source, name in products:
            buy, sell = quote(seed, source, today)
            rows.append(
                _row(
                    index,
                    name,
                    PER_CHI,
                    GOLD_ICON,
                    "BUY_SELL",
                    buy_value=_thousands(buy),
                    sell_value=_thousands(sell),
                )
            )
        groups.append((kind, title, rows))
    usd = [
        _row(index, name, "Giao dịch tiền mặt", icon, "BUY_SELL", buy_value=buy, sell_value=sell)
        for index, name, icon, buy, sell in fx_rows(seed, today)
    ]
    groups.append(("USD_EXCHANGE_RATE", "Tỷ giá USD", usd))
    coins = []
    for coin in COINS:
        if coin[1] in AIO_COINS:
            icon = (
                CDN + "1739758983132-btc.png"
                if coin[1] == "BTC"
                else (f"https://cdn.finhay.com/crypto/{coin[1].lower()}.png")
            )
            price, before = (coin_price(seed, coin[1], d) for d in (today, yesterday))
            coins.append(_single(coin[2], coin[1], icon, price, before, 6 if price < 1 else 2))
    groups.append(("CRYPTO", "Tài sản số", coins))
    us = [
        _single(
            index,
            name,
            icon,
            latest_close(seed, kind, today),
            latest_close(seed, kind, today, back=1),
            3,
        )
        for index, kind, name, icon in AIO_US
    ]
    groups.append(("US_INDEX", "Chứng khoán Mỹ", us))
    rates, last_month = (
        deposit_rates(seed, today),
        deposit_rates(seed, today.replace(day=1) - dt.timedelta(days=1)),
    )
    banks = []
    for code, name, _ in BANKS:
        row = _single(
            f"{code}_12M",
            name,
            f"{SITE}/icons/{code.lower()}.png",
            rates[name]["12M"],
            last_month[name]["12M"],
            2,
        )
        row["description"] = "Kỳ hạn 12 tháng"
        banks.append(row)
    groups.append(("BANK_INTEREST_RATE", "Lãi suất ngân hàng", banks))
    return [{"financial_type": kind, "name": title, "values": rows, "last_updated": stamp}
            for kind, title, rows in groups]  # fmt: skip
