"""Pure parsers for macro data (reference §2.5). Time columns become Vietnam-time dates and
frames come out ascending in time, whatever order the API used."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..._parse import Fields, by_time, column, records, table

INDICATOR_FIELDS: Fields = {
    "month": ("time", "month"),
    "type": ("type", "str"),
    "country": ("country", "str"),
    "value": ("value", "float"),
    "date": ("date", "date"),
}

ECONOMY_FIELDS: Fields = {
    "indicator": ("indicator", "str"),
    "country": ("country", "str"),
    "category": ("category", "str"),
    "lastValue": ("last_value", "float"),
    "previousValue": ("previous_value", "float"),
    "unit": ("unit", "str"),
}

CALENDAR_FIELDS: Fields = {
    "date": ("time", "date"),
    "id": ("id", "int"),
    "country": ("country", "str"),
    "event": ("event", "str"),
    "category": ("category", "str"),
    "impact": ("impact", "int"),
    "actual": ("actual", "str"),
    "previous": ("previous", "str"),
    "consensus": ("consensus", "str"),
    "forecast": ("forecast", "str"),
}

MARKET_FIELDS: Fields = {
    "date": ("time", "date"),
    "type": ("type", "str"),
    "country": ("country", "str"),
    "value": ("value", "float"),
}


def indicator(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/macro`` → ascending ``time`` index (month start):
    ``type country value date``."""
    return by_time(table(records(payload, "macro"), INDICATOR_FIELDS))


def _year_month(rows: list[Any]) -> pd.Series:
    texts = []
    for r in rows:
        year, month = r.get("year"), r.get("month")
        ok = isinstance(year, int) and isinstance(month, int) and not isinstance(year, bool)
        texts.append(f"{year:04d}-{month:02d}" if ok and 1 <= month <= 12 else None)
    return column(texts, "month")


def economy(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/trading-economics`` → ``(indicator, time)`` index, ascending:
    ``country category last_value previous_value unit``."""
    rows = records(payload, "trading-economics")
    frame = table(rows, ECONOMY_FIELDS, skip=("year", "month"))
    frame.insert(0, "time", _year_month(rows))
    frame = frame[frame["time"].notna()]
    frame = frame.sort_values(["indicator", "time"], kind="stable")
    return frame.set_index(["indicator", "time"])


def calendar(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/economic-calendar-events`` → one row per event, by date:
    ``time id country event category impact actual previous consensus forecast``; figures not
    released yet (``""``) are missing."""
    frame = table(records(payload, "economic-calendar-events"), CALENDAR_FIELDS)
    for name in ("actual", "previous", "consensus", "forecast"):
        frame[name] = frame[name].where(frame[name].fillna("").astype(str).str.strip() != "")
    return frame.sort_values("time", kind="stable", ignore_index=True)


def global_market(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/market`` → ascending ``time`` index: ``type country value``."""
    return by_time(table(records(payload, "financial-data/market"), MARKET_FIELDS))
