"""Pure parsers for gold, silver, crypto, bank rates and the all-in-one endpoint (§2.6, §2.7,
seed 002). Prices come out in VND (the all-in-one endpoint's "1.000đ/chỉ" rows are scaled)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..._parse import Fields, as_float, by_time, records, table

METAL_FIELDS: Fields = {
    "index": ("index", "str"),
    "name": ("name", "str"),
    "short_name": ("short_name", "str"),
    "provider": ("provider", "str"),
    "buy_value": ("buy_value", "float"),
    "sell_value": ("sell_value", "float"),
    "usd_value": ("usd_value", "float"),
    "vnd_value": ("vnd_value", "float"),
    "change_percent": ("change_percent", "float"),
    "buy_value_change_percent": ("buy_value_change_percent", "float"),
    "sell_value_change_percent": ("sell_value_change_percent", "float"),
    "date": ("date", "date"),
    "updated_at": ("updated_at", "datetime"),
    "provider_icon": ("provider_icon", "str"),
}

CRYPTO_FIELDS: Fields = {
    "symbol": ("symbol", "str"),
    "name": ("name", "str"),
    "price": ("price", "float"),
    "formatted_price": ("formatted_price", "str"),
    "percent_change_1h": ("percent_change_1h", "float"),
    "percent_change_24h": ("percent_change_24h", "float"),
    "percent_change_7d": ("percent_change_7d", "float"),
    "percent_change_30d": ("percent_change_30d", "float"),
    "market_cap": ("market_cap", "float"),
    "icon_url": ("icon_url", "str"),
    "last_30d_chart": ("last_30d_chart", "str"),
}

# "Đơn vị: 1.000đ/chỉ" → ×1000, VND per chỉ. Vietnamese writes thousands with dots.
_UNIT = re.compile(r"(\d[\d.]*)\s*(?:đ|vnd|VND)\s*/\s*([^\s,;)]+)", re.IGNORECASE)
GROUP_UNITS = {
    "CRYPTO": "USD",
    "US_INDEX": "points",
    "BANK_INTEREST_RATE": "% per year",
    "USD_EXCHANGE_RATE": "VND per USD",
}


def metals(payload: Any) -> pd.DataFrame:
    """Gold/silver quotes (``CommodityIndexData``) → one row per product: ``index name
    short_name provider buy_value sell_value usd_value vnd_value change_percent …``. Domestic
    prices are VND (per tael for gold), ``usd_value`` USD per ounce."""
    return table(records(payload, "financial-data metals"), METAL_FIELDS)


def chart(payload: Any) -> pd.DataFrame:
    """Gold/silver chart points → ascending ``time`` index, one column per series sent
    (``silver_bar``, ``silver_global`` …)."""
    rows = records(payload, "metal chart")
    frame = table(rows, {"date": ("time", "date")})
    return by_time(frame)


def crypto(payload: Any) -> pd.DataFrame:
    """Trending crypto → one row per coin (index ``symbol``), prices and caps in USD."""
    frame = table(records(payload, "cryptos/top-trending"), CRYPTO_FIELDS)
    return frame.set_index("symbol")


def unit_of(description: Any, financial_type: str) -> tuple[float, str | None]:
    """(multiplier to VND, unit) from a row description such as ``Đơn vị: 1.000đ/chỉ``."""
    if isinstance(description, str):
        m = _UNIT.search(description)
        if m:
            return float(m.group(1).replace(".", "").replace(",", "")), f"VND per {m.group(2)}"
    return 1.0, GROUP_UNITS.get(financial_type)


def financial_data(payload: Any) -> pd.DataFrame:
    """``/market/financial-data`` → one row per value.

    Columns: ``financial_type group index name description value_type buy_value sell_value
    value change change_percent unit last_updated``. ``BUY_SELL`` rows carry buy/sell,
    ``SINGLE`` rows value/change. Amounts given in thousands of VND ("1.000đ/chỉ") are
    multiplied out to VND; ``unit`` says per what. ``last_updated`` is Vietnam local time.
    """
    rows: list[dict[str, Any]] = []
    for group in records(payload, "financial-data"):
        kind = str(group.get("financial_type") or "")
        values = group.get("values")
        for value in records(values if isinstance(values, list) else [], "financial-data"):
            scale, unit = unit_of(value.get("description"), kind)
            row = {
                "financial_type": kind,
                "group": group.get("name"),
                "last_updated": group.get("last_updated"),
                "unit": unit,
                **{k: v for k, v in value.items() if isinstance(k, str)},
            }
            for key in ("buy_value", "sell_value"):
                number = as_float(value.get(key))
                row[key] = None if np.isnan(number) else number * scale
            rows.append(row)
    fields: Fields = {
        "financial_type": ("financial_type", "str"),
        "group": ("group", "str"),
        "index": ("index", "str"),
        "name": ("name", "str"),
        "description": ("description", "str"),
        "value_type": ("value_type", "str"),
        "buy_value": ("buy_value", "float"),
        "sell_value": ("sell_value", "float"),
        "value": ("value", "float"),
        "change": ("change", "float"),
        "change_percent": ("change_percent", "float"),
        "unit": ("unit", "str"),
        "last_updated": ("last_updated", "datetime"),
        "icon_url": ("icon_url", "str"),
    }
    return table(rows, fields)
