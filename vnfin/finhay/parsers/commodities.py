"""Pure parsers for gold, silver, crypto, bank rates and the all-in-one endpoint (§2.6, §2.7,
seed 002). Prices come out in VND (the all-in-one endpoint's "1.000đ/chỉ" rows are scaled)."""

from __future__ import annotations

import re
from collections.abc import Mapping
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


# "12 tháng", "Kỳ hạn 6 tháng", "12M", "1 năm", "1Y", "không kỳ hạn" (on demand: 0 months).
_TERM = re.compile(r"(\d+)\s*(tháng|thang|months?|m|năm|nam|years?|y)\b", re.IGNORECASE)
_ON_DEMAND = re.compile(r"không kỳ hạn|khong ky han|kkh|demand", re.IGNORECASE)
BANK_RATE_FIELDS: Fields = {
    "bank": ("bank", "str"),
    "term": ("term", "str"),
    "term_months": ("term_months", "int"),
    "rate": ("rate", "float"),
    "updated_at": ("updated_at", "datetime"),
}


def term_months(term: Any) -> int | None:
    """A deposit term in months: ``"12 tháng"`` → 12, ``"1 năm"``/``"1Y"`` → 12, ``"3M"`` → 3,
    ``"không kỳ hạn"`` (on demand) → 0; None when unreadable."""
    text = str(term)
    if _ON_DEMAND.search(text):
        return 0
    m = _TERM.search(text)
    if m is None:
        return None
    years = m.group(2).lower() in ("năm", "nam", "year", "years", "y")
    return int(m.group(1)) * (12 if years else 1)


def _first(item: Mapping[str, Any], *keys: str) -> Any:
    return next((item[k] for k in keys if item.get(k) is not None), None)


def bank_rates(payload: Any) -> pd.DataFrame | None:
    """Deposit rates (§2.6, undocumented) → a long frame ``bank term term_months rate
    updated_at``, one row per bank and term, rates in % a year, banks in the order sent and
    terms ascending; None when the payload has none of the shapes seen: flat records
    ``{bank, term, rate, updated_at}``, or banks with a ``rates`` object (``{"1M": 4.1}``)
    or list, bare or under ``{updated_at, banks}``. ``{}`` or nothing cached: no rows."""
    if payload is None or (isinstance(payload, Mapping | list) and not payload):
        return table([], BANK_RATE_FIELDS)
    updated: Any = None
    if isinstance(payload, Mapping) and isinstance(payload.get("banks"), list):
        updated = _first(payload, "updated_at", "updatedAt")
        payload = payload["banks"]
    if not isinstance(payload, list):
        return None
    rows: list[dict[str, Any]] = []
    for item in payload:
        if not isinstance(item, Mapping):
            return None
        bank = _first(item, "bank", "bank_name", "bankName", "name")
        when = _first(item, "updated_at", "updatedAt") or updated
        rates = item.get("rates")
        if isinstance(rates, Mapping):
            pairs = list(rates.items())
        elif isinstance(rates, list) and all(isinstance(r, Mapping) for r in rates):
            pairs = [(_first(r, "term", "period"), _first(r, "rate", "value")) for r in rates]
        elif "rate" in item and _first(item, "term", "period") is not None:
            pairs = [(_first(item, "term", "period"), item["rate"])]
        else:
            return None
        for term, rate in pairs:
            rows.append(
                {
                    "bank": bank,
                    "term": term,
                    "term_months": term_months(term),
                    "rate": rate,
                    "updated_at": when,
                }
            )
    frame = table(rows, BANK_RATE_FIELDS, keep_extra=False)
    order = {bank: k for k, bank in enumerate(dict.fromkeys(frame["bank"]))}
    frame["_order"] = frame["bank"].map(order)
    frame = frame.sort_values(["_order", "term_months"], kind="stable", ignore_index=True)
    return frame.drop(columns="_order")


def financial_data(payload: Any) -> pd.DataFrame:
    """``/market/financial-data`` → one row per value.

    Columns: ``financial_type group index name description value_type buy_value sell_value
    value change change_percent unit last_updated``. ``BUY_SELL`` rows carry buy/sell,
    ``SINGLE`` rows value/change. Amounts given in thousands of VND ("1.000đ/chỉ") are
    multiplied out to VND (buy, sell, value and change alike); ``unit`` says per what.
    ``last_updated`` is Vietnam local time.
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
            for key in ("buy_value", "sell_value", "value", "change"):
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
