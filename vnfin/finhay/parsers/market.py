"""Pure parsers for Finhay market data (reference §2.2, §2.12): JSON payload → DataFrame.

No I/O here. Malformed payloads raise :class:`~vnfin.errors.APIError`; unknown extra fields
are kept (snake_cased), documented fields that are absent come out as missing values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..._parse import Fields, bar_frame, epoch_times, records, shape_error, table
from ...frames import BAR_COLUMNS, VN_TZ, empty_bars, numeric

# /market/stock-realtime: wire name → (column, dtype). Order here is the column order.
QUOTE_FIELDS: Fields = {
    "exchange": ("exchange", "object"),
    "stockType": ("stock_type", "object"),
    "name": ("name", "object"),
    "price": ("price", "float"),
    "reference": ("reference", "float"),
    "ceiling": ("ceiling", "float"),
    "floor": ("floor", "float"),
    "open": ("open", "float"),
    "high": ("high", "float"),
    "low": ("low", "float"),
    "close": ("close", "float"),
    "average": ("average", "float"),
    "change": ("change", "float"),
    "changePercent": ("change_percent", "float"),
    "volume": ("volume", "int"),
    "totalVolume": ("total_volume", "int"),
    "totalValue": ("total_value", "float"),
    **{f"buyPrice{i}": (f"buy_price_{i}", "float") for i in (1, 2, 3)},
    **{f"buyVol{i}": (f"buy_volume_{i}", "int") for i in (1, 2, 3)},
    **{f"sellPrice{i}": (f"sell_price_{i}", "float") for i in (1, 2, 3)},
    **{f"sellVol{i}": (f"sell_volume_{i}", "int") for i in (1, 2, 3)},
    "foreignBought": ("foreign_bought", "int"),
    "foreignSold": ("foreign_sold", "int"),
    "foreignRemain": ("foreign_remain", "int"),
    "remainBid": ("remain_bid", "int"),
    "remainAsk": ("remain_ask", "int"),
    "pe": ("pe", "float"),
    "pb": ("pb", "float"),
    "roe": ("roe", "float"),
    "marketCap": ("market_cap", "float"),
    "marketCapCategory": ("market_cap_category", "object"),
    "outstandingShares": ("outstanding_shares", "int"),
    "createdAt": ("updated_at", "epoch"),
}

# /market/index-realtime summary fields.
INDEX_FIELDS: Fields = {
    "name": ("name", "object"),
    "indexValue": ("index_value", "float"),
    "change": ("change", "float"),
    "changePercent": ("change_percent", "float"),
    "reference": ("reference", "float"),
    "allQuantity": ("total_volume", "int"),
    "allValue": ("total_value", "float"),
    "advances": ("advances", "int"),
    "declines": ("declines", "int"),
    "nochanges": ("unchanged", "int"),
    "ceiling": ("ceiling_count", "int"),
    "floor": ("floor_count", "int"),
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


def _table(rows: list[Mapping[str, Any]], key: str, fields: Fields) -> pd.DataFrame:
    """Rows of wire objects → frame indexed by ``symbol``: known fields typed, extras kept."""
    frame = table(rows, fields, skip=(key,))
    frame.index = pd.Index(
        [str(r.get(key) or "").upper() for r in rows], name="symbol", dtype=object
    )
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
        index = epoch_times(times).rename("time")
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
    arrays = {name: payload.get(name, []) for name in BAR_COLUMNS}
    return bar_frame(times, arrays, "price-histories-chart", midnight=daily)


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


__all__ = [
    "index_intraday",
    "index_realtime",
    "market_session",
    "price_history",
    "stock_realtime",
]
