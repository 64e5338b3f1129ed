"""Pure parsers for Finhay market data (reference §2.2, §2.12): JSON payload → DataFrame.

No I/O here. Malformed payloads raise :class:`~vnfin.errors.APIError`; unknown extra fields
are kept (snake_cased), documented fields that are absent come out as missing values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ...errors import APIError
from ...frames import BAR_COLUMNS, VN_TZ, empty_bars, numeric, snake
from ._common import records, shape_error

# /market/stock-realtime: wire name → (column, dtype). Order here is the column order.
QUOTE_FIELDS: dict[str, tuple[str, str]] = {
    "exchange": ("exchange", "object"),
    "stockType": ("stock_type", "object"),
    "name": ("name", "object"),
    "price": ("price", "float64"),
    "reference": ("reference", "float64"),
    "ceiling": ("ceiling", "float64"),
    "floor": ("floor", "float64"),
    "open": ("open", "float64"),
    "high": ("high", "float64"),
    "low": ("low", "float64"),
    "close": ("close", "float64"),
    "average": ("average", "float64"),
    "change": ("change", "float64"),
    "changePercent": ("change_percent", "float64"),
    "volume": ("volume", "Int64"),
    "totalVolume": ("total_volume", "Int64"),
    "totalValue": ("total_value", "float64"),
    **{f"buyPrice{i}": (f"buy_price_{i}", "float64") for i in (1, 2, 3)},
    **{f"buyVol{i}": (f"buy_volume_{i}", "Int64") for i in (1, 2, 3)},
    **{f"sellPrice{i}": (f"sell_price_{i}", "float64") for i in (1, 2, 3)},
    **{f"sellVol{i}": (f"sell_volume_{i}", "Int64") for i in (1, 2, 3)},
    "foreignBought": ("foreign_bought", "Int64"),
    "foreignSold": ("foreign_sold", "Int64"),
    "foreignRemain": ("foreign_remain", "Int64"),
    "remainBid": ("remain_bid", "Int64"),
    "remainAsk": ("remain_ask", "Int64"),
    "pe": ("pe", "float64"),
    "pb": ("pb", "float64"),
    "roe": ("roe", "float64"),
    "marketCap": ("market_cap", "float64"),
    "marketCapCategory": ("market_cap_category", "object"),
    "outstandingShares": ("outstanding_shares", "Int64"),
    "createdAt": ("updated_at", "time"),
}

# /market/index-realtime summary fields.
INDEX_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("name", "object"),
    "indexValue": ("index_value", "float64"),
    "change": ("change", "float64"),
    "changePercent": ("change_percent", "float64"),
    "reference": ("reference", "float64"),
    "allQuantity": ("total_volume", "Int64"),
    "allValue": ("total_value", "float64"),
    "advances": ("advances", "Int64"),
    "declines": ("declines", "Int64"),
    "nochanges": ("unchanged", "Int64"),
    "ceiling": ("ceiling_count", "Int64"),
    "floor": ("floor_count", "Int64"),
    "sessionInExchange": ("session", "object"),
}

# /market/index-realtime intraday arrays, aligned with times[] (Unix ms).
INDEX_SERIES: dict[str, tuple[str, str]] = {
    "values": ("index_value", "float64"),
    "volumes": ("volume", "Int64"),
    "advancesArr": ("advances", "Int64"),
    "declinesArr": ("declines", "Int64"),
    "nochangesArr": ("unchanged", "Int64"),
    "ceilings": ("ceiling_count", "Int64"),
    "floors": ("floor_count", "Int64"),
}


_MAX_SECONDS = 9.0e9  # 2255: well inside what pandas timestamps can hold


def _epoch_to_time(values: Sequence[Any] | pd.Series) -> pd.DatetimeIndex:
    """Unix seconds or milliseconds (told apart by size) → Vietnam-time index."""
    raw = numeric(values, "float64").to_numpy()
    if np.isnan(raw).any():
        raise shape_error("time", "non-numeric timestamps")
    millis = len(raw) > 0 and float(np.abs(raw).max()) > 1e11
    seconds = raw / 1000.0 if millis else raw
    if len(seconds) and (seconds.min() < 0 or seconds.max() > _MAX_SECONDS):
        raise shape_error("time", "timestamps out of range")
    stamps = pd.to_datetime(np.round(seconds * 1000).astype(np.int64), unit="ms", utc=True)
    return pd.DatetimeIndex(stamps).tz_convert(VN_TZ)


def _time_column(values: list[Any]) -> pd.Series:
    """Epoch values with gaps → a tz-aware column; anything unreadable stays as sent."""
    present = [v for v in values if v is not None]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
    if not present or not numbers:
        return pd.Series(values, dtype=object)
    try:
        converted = _epoch_to_time(present)
    except APIError:
        return pd.Series(values, dtype=object)
    times = pd.Series(pd.NaT, index=range(len(values)), dtype=converted.dtype)
    times[[v is not None for v in values]] = converted
    return times


def _table(
    rows: list[Mapping[str, Any]], key: str, fields: Mapping[str, tuple[str, str]]
) -> pd.DataFrame:
    """Rows of wire objects → frame indexed by ``symbol``: known fields typed, extras kept."""
    columns: dict[str, Any] = {}
    for wire, (name, dtype) in fields.items():
        values = [r.get(wire) for r in rows]
        if dtype == "object":
            columns[name] = pd.Series(values, dtype=object)
        elif dtype == "time":
            columns[name] = _time_column(values)
        else:
            columns[name] = numeric(values, dtype)
    known = set(fields) | {key}
    extras = sorted({k for r in rows for k in r} - known)
    for wire in extras:
        name = snake(wire)
        if name not in columns:
            columns[name] = pd.Series([r.get(wire) for r in rows], dtype=object)
    index = pd.Index([str(r.get(key) or "").upper() for r in rows], name="symbol", dtype=object)
    frame = pd.DataFrame(columns)
    frame.index = index
    return frame


def stock_realtime(payload: Any) -> pd.DataFrame:
    """``/market/stock-realtime`` ``result`` (object or list) → one row per symbol."""
    rows = records(payload, "stock-realtime")
    return _table(rows, "symbol", QUOTE_FIELDS)


def index_realtime(payload: Any) -> pd.DataFrame:
    """``/market/index-realtime`` ``result`` → one row per index code (index ``symbol``)."""
    rows = records(payload, "index-realtime")
    series_keys = set(INDEX_SERIES) | {"times"}
    return _table(
        [{k: v for k, v in r.items() if k not in series_keys} for r in rows], "index", INDEX_FIELDS
    )


def index_intraday(payload: Any) -> pd.DataFrame:
    """The intraday arrays of ``/market/index-realtime`` → ``(symbol, time)`` frame."""
    parts: dict[str, pd.DataFrame] = {}
    for row in records(payload, "index-realtime"):
        code = str(row.get("index") or "").upper()
        times = row.get("times") or []
        if not isinstance(times, list):
            raise shape_error("index-realtime", "times is not a list")
        index = _epoch_to_time(times).rename("time")
        columns: dict[str, Any] = {}
        for wire, (name, dtype) in INDEX_SERIES.items():
            values = row.get(wire)
            if not isinstance(values, list) or len(values) != len(times):
                values = [None] * len(times)
            columns[name] = numeric(values, dtype).array
        frame = pd.DataFrame(columns, index=index)
        parts[code] = frame.sort_index()
    if not parts:
        frame = pd.DataFrame({n: numeric([], t) for n, t in INDEX_SERIES.values()})
        frame.index = pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object), pd.DatetimeIndex([], tz=VN_TZ)], names=["symbol", "time"]
        )
        return frame
    return pd.concat(parts, names=["symbol", "time"])


def price_history(payload: Any, *, daily: bool) -> pd.DataFrame:
    """``/market/price-histories-chart`` columnar ``data`` → bars.

    Columns ``open high low close volume`` (float64 VND, int64 shares) on an ascending
    Vietnam-time index named ``time``. Daily bars are moved to local midnight of the trading
    date (the API stamps them 00:00 UTC).
    """
    if payload is None:
        return empty_bars()
    if not isinstance(payload, Mapping):
        raise shape_error("price-histories-chart", "expected an object of arrays")
    times = payload.get("time")
    if times is None:
        times = payload.get("t", [])
    if not isinstance(times, list):
        raise shape_error("price-histories-chart", "time is not a list")
    columns: dict[str, Any] = {}
    for name in BAR_COLUMNS:
        values = payload.get(name, [])
        if not isinstance(values, list) or len(values) != len(times):
            raise shape_error("price-histories-chart", f"{name} has a different length than time")
        columns[name] = numeric(values, "int64" if name == "volume" else "float64").array
    if not times:
        return empty_bars()
    index = _epoch_to_time(times)
    if daily:
        index = index.normalize()
    frame = pd.DataFrame(columns, index=index.rename("time"))
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    return frame


def market_session(payload: Any) -> pd.DataFrame:
    """``/trading/market/session`` ``result`` → one row per exchange."""
    rows = records(payload, "trading/market/session")
    index = pd.Index([str(r.get("exchange") or "") for r in rows], name="exchange", dtype=object)
    types = []
    for r in rows:
        value = r.get("available_order_types")
        types.append(list(value) if isinstance(value, list) else [])
    frame = pd.DataFrame(
        {
            "exchange_session": pd.Series([r.get("exchange_session") for r in rows], dtype=object),
            "available_order_types": pd.Series(types, dtype=object),
        }
    )
    frame.index = index
    return frame


def empty_intraday() -> pd.DataFrame:
    return index_intraday([])


__all__ = [
    "index_intraday",
    "index_realtime",
    "market_session",
    "price_history",
    "stock_realtime",
]
