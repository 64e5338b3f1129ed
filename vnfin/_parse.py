"""Wire JSON → typed DataFrame, for every broker's parsers. Pure, no I/O.

A parser declares its fields as ``{wire_name: (column, kind)}``. Kinds:

``str``       text as sent (missing stays missing)
``float``     float64; unreadable or missing → NaN, never 0
``int``       nullable Int64
``date``      a calendar date (``YYYY-MM-DD``, ``DD/MM/YYYY`` or ISO) → tz-aware Vietnam midnight
``datetime``  an ISO 8601 instant → tz-aware Vietnam time (naive means Vietnam time)
``month``     ``YYYY-MM`` → Vietnam midnight of the first day of the month
``epoch``     Unix seconds or milliseconds → Vietnam time (left as sent if unreadable)
``object``    kept exactly as sent (lists, objects)

Fields the API sends that the parser does not know are kept, snake_cased: numeric when every
value is a number, as sent otherwise. Malformed payloads raise
:class:`~vnfin.errors.ResponseError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._inputs import day_first
from .errors import ResponseError
from .frames import VN_TZ, floats, numbers, numeric, snake, vn_midnights

Fields = Mapping[str, tuple[str, str]]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def shape_error(endpoint: str, problem: str) -> ResponseError:
    """The error for a payload that does not have the shape the reference describes."""
    return ResponseError(f"unexpected {endpoint} payload: {problem}")


def records(payload: Any, endpoint: str) -> list[Mapping[str, Any]]:
    """An object or a list of objects (``None`` → no rows); anything else is a ResponseError."""
    if payload is None:
        return []
    if isinstance(payload, Mapping):
        payload = [payload]
    if not isinstance(payload, list) or not all(isinstance(r, Mapping) for r in payload):
        raise shape_error(endpoint, "expected an object or a list of objects")
    return payload


def mapping(payload: Any, endpoint: str) -> Mapping[str, Any]:
    """A JSON object (``None`` → empty); anything else is a ResponseError."""
    if payload is None:
        return {}
    if not isinstance(payload, Mapping):
        raise shape_error(endpoint, "expected an object")
    return payload


def _timestamp(value: Any, kind: str) -> pd.Timestamp | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if kind == "month":
            m = _MONTH.match(text)
            if not m:
                return None
            ts = pd.Timestamp(year=int(m.group(1)), month=int(m.group(2)), day=1)
        else:
            parts = day_first(text)
            if parts is not None and not parts[1]:
                ts = pd.Timestamp(parts[0])
            else:
                ts = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(ts) or not 1900 <= ts.year <= 2200:
        return None
    ts = ts.tz_localize(VN_TZ) if ts.tzinfo is None else ts.tz_convert(VN_TZ)
    return ts.normalize() if kind in ("date", "month") else ts


def times(values: Iterable[Any], kind: str = "datetime") -> pd.Series:
    """Date or time strings → tz-aware Vietnam-time column; unreadable values → NaT."""
    items = list(values)
    if kind == "date" and items and all(isinstance(v, str) and _ISO_DATE.match(v) for v in items):
        parsed = pd.to_datetime(pd.Series(items), format="%Y-%m-%d", errors="coerce")
        return parsed.dt.tz_localize(VN_TZ)
    stamps = [_timestamp(v, kind) for v in items]
    out = pd.Series(pd.NaT, index=range(len(items)), dtype=f"datetime64[ns, {VN_TZ}]")
    for i, ts in enumerate(stamps):
        if ts is not None:
            out.iloc[i] = ts
    return out


_MAX_SECONDS = 9.0e9  # 2255: well inside what pandas timestamps can hold


def epoch_times(values: Sequence[Any] | pd.Series, *, midnight: bool = False) -> pd.DatetimeIndex:
    """Unix seconds or milliseconds (told apart by size) → Vietnam-time index; with
    ``midnight``, each moved to local midnight of its Vietnam date (``.normalize()``)."""
    raw = floats(values)
    if np.isnan(raw).any():
        raise shape_error("time", "non-numeric timestamps")
    millis = len(raw) > 0 and float(np.abs(raw).max()) > 1e11
    seconds = raw / 1000.0 if millis else raw
    if len(seconds) and (seconds.min() < 0 or seconds.max() > _MAX_SECONDS):
        raise shape_error("time", "timestamps out of range")
    ns = np.round(seconds * 1000).astype(np.int64) * 1_000_000
    if midnight:
        ns = vn_midnights(ns)
    return pd.DatetimeIndex(ns.view("M8[ns]")).tz_localize("UTC").tz_convert(VN_TZ)


def bar_frame(
    times: list[Any],
    arrays: Mapping[str, Any],
    endpoint: str,
    *,
    midnight: bool,
    scale: float = 1.0,
) -> pd.DataFrame:
    """Columnar bar arrays (epoch ``times`` and ``{column: values}`` for ``open high low
    close volume``) → the bar frame: float64 prices (× ``scale``), int64 volume, on an
    ascending, duplicate-free Vietnam-time ``time`` index (local midnights with
    ``midnight``). An array of another length than ``times`` is a ResponseError."""
    columns: dict[str, Any] = {}
    for name, values in arrays.items():
        if not isinstance(values, list) or len(values) != len(times):
            raise shape_error(endpoint, f"{name} is missing or not as long as the times")
        if name == "volume":
            columns[name] = numbers(values, "int64")
        else:
            prices = floats(values)
            # round away the float noise of a scale (12.35 × 1000 = 12350.000…02)
            columns[name] = np.round(prices * scale, 6) if scale != 1.0 else prices
    index = epoch_times(times, midnight=midnight).rename("time")
    return ascending(pd.DataFrame(columns, index=index, copy=False))


def ascending(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with one row per index value (the last one sent) in ascending order; the
    frame itself when it already is (the common case, checked without copying)."""
    index = frame.index
    if isinstance(index, pd.DatetimeIndex):
        if not index.hasnans and bool((np.diff(index.asi8) > 0).all()):  # sorted, unique
            return frame
    elif index.is_monotonic_increasing and index.is_unique:
        return frame
    return frame[~index.duplicated(keep="last")].sort_index()


def _epoch_column(values: list[Any]) -> pd.Series:
    """Epoch values with gaps → a tz-aware column; anything unreadable stays as sent."""
    present = [v for v in values if v is not None]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
    if not present or not numbers:
        return pd.Series(values, dtype=object)
    try:
        converted = epoch_times(present)
    except ResponseError:
        return pd.Series(values, dtype=object)
    times = pd.Series(pd.NaT, index=range(len(values)), dtype=converted.dtype)
    times[[v is not None for v in values]] = converted
    return times


def column(values: list[Any], kind: str) -> pd.Series:
    """One column of a declared kind (see the module docstring)."""
    if kind == "float":
        return numeric(values, "float64")
    if kind == "int":
        return numeric(values, "Int64")
    if kind in ("date", "datetime", "month"):
        return times(values, kind)
    if kind == "epoch":
        return _epoch_column(values)
    if kind == "str":
        return pd.Series(
            [v if v is None or isinstance(v, str) else str(v) for v in values], dtype=object
        )
    return pd.Series(values, dtype=object)


def _extra(values: list[Any]) -> pd.Series:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return numeric(values, "float64")
    return pd.Series(values, dtype=object)


def table(
    rows: Sequence[Mapping[str, Any]],
    fields: Fields,
    *,
    keep_extra: bool = True,
    skip: Iterable[str] = (),
) -> pd.DataFrame:
    """Rows of wire objects → a frame with the declared columns first, in order."""
    columns: dict[str, pd.Series] = {}
    for wire, (name, kind) in fields.items():
        columns[name] = column([r.get(wire) for r in rows], kind)
    if keep_extra:
        known = set(fields) | set(skip)
        for wire in sorted({k for r in rows for k in r if isinstance(k, str)} - known):
            name = snake(wire)
            if name not in columns:
                columns[name] = _extra([r.get(wire) for r in rows])
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


def by_time(frame: pd.DataFrame, column_name: str = "time") -> pd.DataFrame:
    """Use ``column_name`` as an ascending ``time`` index (rows without a time dropped)."""
    frame = frame[frame[column_name].notna()]
    frame = frame.set_index(column_name).rename_axis("time")
    return frame.sort_index(kind="stable")


def as_float(value: Any) -> float:
    """One JSON number → float (NaN when it is not a finite number)."""
    out = numeric([value], "float64").iloc[0]
    return float(out) if not np.isnan(out) else float("nan")


def _first_record_list(value: Any, depth: int = 0) -> tuple[list[Any], dict[str, Any]] | None:
    """The first list of objects inside ``value`` and the scalar fields beside it."""
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        return value, {}
    if isinstance(value, Mapping) and depth < 4:
        scalars = {k: v for k, v in value.items() if not isinstance(v, Mapping | list)}
        for v in value.values():
            found = _first_record_list(v, depth + 1)
            if found is not None:
                items, meta = found
                return items, {**scalars, **meta}
    return None


def flatten(payload: Any) -> pd.DataFrame:
    """Any JSON → a flat frame, for endpoints whose schema is not documented.

    A list of objects (found at the top or nested in objects) gives one row per object,
    nested objects flattened into ``parent_child`` columns and the scalar fields beside the
    list repeated on every row; a lone object gives one row; nothing or ``{}`` gives an
    empty frame. Column names are snake_cased. It never raises on odd shapes.
    """
    if payload is None or payload == {} or payload == []:
        return pd.DataFrame()
    found = _first_record_list(payload)
    if found is not None:
        items, meta = found
        frame = pd.json_normalize(items, sep="_")
        for key, value in meta.items():
            if key not in frame.columns:
                frame[key] = value
    elif isinstance(payload, Mapping):
        frame = pd.json_normalize(payload, sep="_")
    elif isinstance(payload, list):
        frame = pd.DataFrame({"value": pd.Series(payload, dtype=object)})
    else:
        frame = pd.DataFrame({"value": pd.Series([payload], dtype=object)})
    frame.columns = [snake(str(c)) for c in frame.columns]
    return frame.loc[:, ~frame.columns.duplicated()]
