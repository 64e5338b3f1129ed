"""Gold, silver, crypto, USD/VND and deposit rates in Finhay's shapes (reference §2.6, §2.7).

How the endpoints tie together (all from :mod:`vnfin.sandbox.world.datasets.commodities`):

* Spot records (``gold``, ``silver``, ``*-providers``): VND per tael; ``vnd_value`` = sell;
  ``usd_value`` = the world price in USD/oz; ``change_percent`` is the day-on-day change of
  the mid price, the other two of buy and sell. ``GLOBAL_GOLD``/``GLOBAL_SILVER`` are the
  world price converted to VND per tael.
* Charts (thousand VND per chỉ, 1 decimal): ``gold_bar``/``silver_bar`` = SJC gold / PNJ
  silver sell ÷ 10,000; ``gold_global``/``silver_global`` = world × USD/VND × 1.20565 ÷ 10,000.
  The last point is today and equals the spot figures under those formulas.
* ``/market/financial-data`` (seed 002's groups): gold and silver rows are the same sell/buy
  ÷ 10,000 ("Đơn vị: 1.000đ/chỉ"), USD rows are VND per USD, CRYPTO rows repeat the
  top-trending price and 24 h change, US_INDEX rows the newest ``market`` closes,
  BANK_INTEREST_RATE rows the 12-month rates of ``bank-interest-rates``.
* ``bank-interest-rates`` is undocumented: ``shape`` picks flat records, a nested object or
  ``{}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...world.clock import iso_utc
from ...world.datasets.commodities import (
    BANKS,
    COINS,
    METALS,
    TERMS,
    coin_price,
    deposit_rates,
    global_vnd,
    hourly_change,
    quote,
    rates_set_at,
    trending,
    usd_sell,
    world_price,
)
from ...world.datasets.macro import latest_close

SITE = "https://sandbox.vnfin.invalid"
CDN = "https://cdn1.finhay.com.vn/vnsc-prod/"
GOLD_ICON = CDN + "1739437064948-gold.png"


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
        "index": index,
        "name": name,
        "short_name": short,
        "buy_value": int(buy),
        "sell_value": int(sell),
        "usd_value": world_price(seed, metal, day),
        "vnd_value": int(sell),
        "date": day.isoformat(),
        "provider": provider,
        "provider_icon": icon,
        "updated_at": iso_utc(stamp),
        "change_percent": _pct(buy + sell, buy0 + sell0),
        "buy_value_change_percent": _pct(buy, buy0),
        "sell_value_change_percent": _pct(sell, sell0),
    }


def chart(seed: int, metal: str, days: int, today: dt.date) -> list[dict[str, Any]]:
    """One point per calendar day, the last one today (thousand VND per chỉ)."""
    key, product = ("gold", "SJC_GOLD") if metal == "GOLD" else ("silver", "SILVER_PNJ")
    out = []
    for back in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        out.append(
            {
                "date": day.isoformat(),
                f"{key}_bar": round(quote(seed, product, day)[1] / 10_000, 1),
                f"{key}_global": round(global_vnd(seed, metal, day) / 10_000, 1),
            }
        )
    return out


def _vn_number(value: float) -> str:
    """92000.5 → '92.000,50' (Vietnamese separators)."""
    text = f"{value:,.2f}" if value >= 1 else f"{value:,.6f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def top_trending(seed: int, now: dt.datetime) -> list[dict[str, Any]]:
    today = now.date()
    out = []
    for coin in trending(seed, today):
        price = coin_price(seed, coin.symbol, today)

        def change(days: int, price: float = price, symbol: str = coin.symbol) -> float:
            return _pct(price, coin_price(seed, symbol, today - dt.timedelta(days=days)))

        icon = coin.symbol.lower()
        out.append(
            {
                "name": coin.name,
                "symbol": coin.symbol,
                "icon_url": f"https://cdn.finhay.com/crypto/{icon}.png",
                "price": price,
                "formatted_price": _vn_number(price),
                "percent_change_1h": hourly_change(seed, coin, now),
                "percent_change_24h": change(1),
                "percent_change_7d": change(7),
                "percent_change_30d": change(30),
                "market_cap": round(price * coin.supply),
                "last_30d_chart": f"https://cdn.finhay.com/spark/{icon}_30d.svg",
            }
        )
    return out


def bank_rates(seed: int, now: dt.datetime, shape: str) -> Any:
    """The undocumented payload in one of the sandbox's shapes: records, nested or empty."""
    if shape == "empty":
        return {}
    today = now.date()
    table, updated = deposit_rates(seed, today), iso_utc(rates_set_at(today))
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
    (
        "GOLD",
        "Giá vàng",
        (
            ("SJC_GOLD_BAR", "SJC_GOLD", "Vàng miếng SJC"),
            ("PNJ_9999_GOLD_RING", "PNJ_9999_GOLD_RING", "Vàng nhẫn PNJ"),
            ("DOJI_9999_GOLD_RING", "DOJI_9999_GOLD_RING", "Vàng nhẫn DOJI"),
        ),
    ),
    (
        "SILVER",
        "Giá bạc",
        (
            ("SILVER_PNJ", "SILVER_PNJ", "Bạc PNJ"),
            ("SILVER_PHU_QUY", "SILVER_PHU_QUY", "Bạc Phú Quý"),
        ),
    ),
)
FX_ROWS = (  # index, bank, icon, offset to Vietcombank's sell, spread (VND per USD)
    ("USD_VND_EXCHANGE_RATE", "Vietcombank", CDN + "1739846863045-vcb.png", 0, 250),
    ("BIDV_USD_VND_EXCHANGE_RATE", "BIDV", f"{SITE}/icons/bidv.png", 5, 240),
    (
        "BLACK_MARKET_USD_VND_EXCHANGE_RATE",
        "Chợ đen",
        CDN + "1739846837853-blackmarket.png",
        160,
        100,
    ),
)
AIO_COINS = {"BTC": "BITCOIN", "ETH": "ETHEREUM", "BNB": "BNB", "SOL": "SOLANA"}
AIO_US = (
    ("SP_500", "SP500", "S&P 500", CDN + "1739774157905-sp500.png"),
    ("NASDAQ", "NASDAQ", "NASDAQ", CDN + "1739774139495-nasdaq.png"),
    ("DOW_JONES", "DOW_JONES", "Dow Jones", f"{SITE}/icons/dow-jones.png"),
)


def _thousands(vnd: int) -> int | float:
    value = vnd / 10_000  # VND per tael → thousand VND per chỉ
    return int(value) if value.is_integer() else round(value, 1)


def _row(index: str, name: str, description: str, icon: str, kind: str, **values: Any) -> Any:
    return {
        "index": index,
        "name": name,
        "description": description,
        "icon_url": icon,
        "value_type": kind,
        **values,
    }


def _single(index: str, name: str, icon: str, now: float, before: float, digits: int) -> Any:
    change = round(now - before, digits)
    percent = round((now / before - 1) * 100, 3)
    return _row(index, name, "", icon, "SINGLE", value=now, change=change, change_percent=percent)


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
            values = {"buy_value": _thousands(buy), "sell_value": _thousands(sell)}
            rows.append(_row(index, name, PER_CHI, GOLD_ICON, "BUY_SELL", **values))
        groups.append((kind, title, rows))
    sell = usd_sell(seed, today)
    usd = [
        _row(
            index,
            bank,
            "Giao dịch tiền mặt",
            icon,
            "BUY_SELL",
            buy_value=sell + offset - spread,
            sell_value=sell + offset,
        )
        for index, bank, icon, offset, spread in FX_ROWS
    ]
    groups.append(("USD_EXCHANGE_RATE", "Tỷ giá USD", usd))
    coins = []
    for coin in (c for c in COINS if c.symbol in AIO_COINS):
        if coin.symbol == "BTC":
            icon = CDN + "1739758983132-btc.png"
        else:
            icon = f"https://cdn.finhay.com/crypto/{coin.symbol.lower()}.png"
        price, before = (coin_price(seed, coin.symbol, d) for d in (today, yesterday))
        digits = 6 if price < 1 else 2
        coins.append(_single(AIO_COINS[coin.symbol], coin.symbol, icon, price, before, digits))
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
    rates = deposit_rates(seed, today)
    last_month = deposit_rates(seed, today.replace(day=1) - dt.timedelta(days=1))
    banks = []
    for code, name, _ in BANKS:
        icon = f"{SITE}/icons/{code.lower()}.png"
        row = _single(f"{code}_12M", name, icon, rates[name]["12M"], last_month[name]["12M"], 2)
        row["description"] = "Kỳ hạn 12 tháng"
        banks.append(row)
    groups.append(("BANK_INTEREST_RATE", "Lãi suất ngân hàng", banks))
    return [
        {"financial_type": kind, "name": title, "values": rows, "last_updated": stamp}
        for kind, title, rows in groups
    ]
