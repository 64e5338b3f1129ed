"""Pure parsers for macro data (reference §2.5). Time columns become Vietnam-time dates and
frames come out ascending in time, whatever order the API used."""

from __future__ import annotations

import math
import re
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
}
FIGURES = ("actual", "previous", "consensus", "forecast")

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


# "217K", "0.45%", "$2.89B", "-¥1.2T", "1,234.5": sign, currency, number, scale, unit.
_FIGURE = re.compile(
    r"^(?P<sign1>[-+−]?)\s*(?P<cur>[$€£¥]?)\s*(?P<sign2>[-+−]?)"
    r"(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<scale>[KMBT]?)\s*(?P<unit>%|[A-Za-z/ ]*)$"
)
_SCALES = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}


def figure(text: Any, country: Any = None) -> tuple[float, str | None]:
    """One economic-calendar figure as (number, unit): ``"217K"`` → (217000.0, None),
    ``"0.45%"`` → (0.45, "%"), ``"$2.89B"`` → (2.89e9, "USD"), ``"¥-1.2T"`` in Japan →
    (-1.2e12, "JPY"). Blank or unreadable text is (NaN, None)."""
    if isinstance(text, bool):
        return math.nan, None
    if isinstance(text, int | float):
        return (float(text), None) if math.isfinite(text) else (math.nan, None)
    m = _FIGURE.match(str(text).strip()) if isinstance(text, str) else None
    if m is None:
        return math.nan, None
    value = float(m["num"].replace(",", "")) * _SCALES[m["scale"]]
    if "-" in m["sign1"] + m["sign2"] or "−" in m["sign1"] + m["sign2"]:
        value = -value
    unit = m["unit"].strip() or None
    if m["cur"] == "¥":
        unit = "CNY" if country == "China" else "JPY"
    elif m["cur"]:
        unit = _CURRENCIES[m["cur"]]
    return value, unit


def calendar(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/economic-calendar-events`` → one row per event, by date:
    ``time id country event category impact actual previous consensus forecast unit``.

    The four figures come as text ("217K", "0.45%", "$2.89B"); they become floats, scaled
    out (K, M, B, T), with what they are in (``%``, ``USD`` …) in ``unit`` (missing for plain
    counts and indices). Figures not released yet (``""``) are missing.
    """
    rows = records(payload, "economic-calendar-events")
    frame = table(rows, CALENDAR_FIELDS, skip=FIGURES)
    units: list[str | None] = [None] * len(rows)
    for name in FIGURES:
        values = []
        for k, row in enumerate(rows):
            value, unit = figure(row.get(name), row.get("country"))
            values.append(value)
            units[k] = units[k] or unit
        frame[name] = pd.Series(values, dtype="float64", index=frame.index)
    frame["unit"] = pd.Series(units, dtype=object, index=frame.index)
    first = [name for name, _ in CALENDAR_FIELDS.values()] + [*FIGURES, "unit"]
    frame = frame[first + [c for c in frame.columns if c not in first]]
    return frame.sort_values("time", kind="stable", ignore_index=True)


def global_market(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/market`` → ascending ``time`` index: ``type country value``."""
    return by_time(table(records(payload, "financial-data/market"), MARKET_FIELDS))
