"""Frame conventions in one place: column names, dtypes, time zone and ``df.attrs``.

* Time is a tz-aware ``Asia/Ho_Chi_Minh`` index named ``time``, ascending; daily bars sit at
  local midnight of the trading date.
* Prices are float64 VND (never thousands); volumes are int64 shares.
* Many symbols: the same columns under a ``(symbol, time)`` MultiIndex.
* ``df.attrs`` records ``source``, ``endpoint``, ``unit``, ``fetched_at`` and ``simulated``;
  a frame whose rows differ in unit has a ``unit`` column.
* One datetime resolution (nanoseconds) everywhere; text columns use pandas' string dtype
  where the installed pandas has it as its default (pandas 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

VN_TZ = "Asia/Ho_Chi_Minh"
BAR_COLUMNS = ("open", "high", "low", "close", "volume")

#: Vietnam has kept UTC+7 since 1975-06-13 (the tz database's last change for
#: Asia/Ho_Chi_Minh). From then on, Vietnam time is epoch arithmetic: a few times cheaper than
#: pandas' tz-aware ``tz_localize`` and ``normalize``, which the hot paths (every history call,
#: every daily bar) would otherwise pay. Earlier instants take pandas' general path.
VN_OFFSET_NS = 7 * 3600 * 1_000_000_000
#: 1975-06-13 00:00 in Vietnam (17:00 UTC the day before), the first midnight at UTC+7
VN_FIXED_SINCE_NS = 171_824_400 * 1_000_000_000
DAY_NS = 86_400 * 1_000_000_000


def _fixed(ts: pd.Timestamp) -> bool:
    """True when ``ts`` (naive or aware) is in Vietnam's UTC+7 era and a day inside pandas'
    nanosecond range (outside it, ``.value`` overflows)."""
    return 1976 <= ts.year < 2261


def vn_time(ts: pd.Timestamp) -> pd.Timestamp:
    """A Timestamp as Vietnam time: naive ones are read as Vietnam wall time."""
    if ts.tzinfo is not None:
        return ts.tz_convert(VN_TZ)
    if _fixed(ts):
        return pd.Timestamp(ts.value - VN_OFFSET_NS, tz=VN_TZ)
    return ts.tz_localize(VN_TZ)


def vn_midnight(ts: pd.Timestamp, days: int = 0) -> pd.Timestamp:
    """The Vietnam midnight that starts ``ts``'s Vietnam date (``ts`` tz-aware), or the one
    ``days`` later."""
    if _fixed(ts):
        local = ts.value + VN_OFFSET_NS
        return pd.Timestamp(local - local % DAY_NS - VN_OFFSET_NS + days * DAY_NS, tz=VN_TZ)
    midnight = ts.tz_convert(VN_TZ).normalize()
    return (midnight + pd.Timedelta(days=days)).normalize() if days else midnight


def vn_day_end(ts: pd.Timestamp) -> pd.Timestamp:
    """The last second of ``ts``'s Vietnam date (``ts`` tz-aware)."""
    return pd.Timestamp(vn_midnight(ts, 1).value - 1_000_000_000, tz=VN_TZ)


def vn_midnights(ns: np.ndarray) -> np.ndarray:
    """Epoch nanoseconds (int64) → the Vietnam midnight that starts each one's Vietnam date."""
    if not len(ns) or int(ns.min()) >= VN_FIXED_SINCE_NS:
        local = ns + VN_OFFSET_NS
        return np.asarray(local - local % DAY_NS - VN_OFFSET_NS, dtype=np.int64)
    utc = pd.DatetimeIndex(ns.view("M8[ns]")).tz_localize("UTC")
    return np.asarray(utc.tz_convert(VN_TZ).normalize().asi8)


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")


def snake(name: str) -> str:
    """``changePercent`` → ``change_percent``, ``buyPrice1`` → ``buy_price_1``; a name that is
    already lower-case (``receiving_t1``) is kept as it is."""
    if name.islower() or not any(c.isupper() for c in name):
        return name
    return _CAMEL.sub("_", name).lower()


def empty_bars(*, multi: bool = False) -> pd.DataFrame:
    """An empty bar frame with the right columns, dtypes and index."""
    time = pd.DatetimeIndex([], dtype=f"datetime64[ns, {VN_TZ}]", name="time")
    columns = {c: np.empty(0, np.int64 if c == "volume" else np.float64) for c in BAR_COLUMNS}
    frame = pd.DataFrame(columns, index=time, copy=False)
    if multi:
        index = pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object, name="symbol"), time], names=["symbol", "time"]
        )
        frame.index = index
    return frame


def stack_by_symbol(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Put per-symbol bar frames under a ``(symbol, time)`` MultiIndex, in the given order
    (an empty bar frame with that index when there are no bars at all)."""
    if not frames or all(f.empty for f in frames.values()):
        return empty_bars(multi=True)
    return pd.concat(frames, names=["symbol", "time"])


_INT64_LIMIT = 2.0**63


def _to_float(value: Any) -> float:
    """One JSON value → float; anything that is not a finite number is NaN."""
    if isinstance(value, bool) or value is None:
        return np.nan
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return np.nan
    return number if np.isfinite(number) else np.nan


def floats(values: Iterable[Any]) -> np.ndarray:
    """JSON values → a float64 numpy array; anything that is not a finite number is NaN."""
    items = values if isinstance(values, list) else list(values)
    try:
        out = np.asarray(items, dtype=np.float64)
        if out.ndim != 1:
            raise ValueError("not flat")
    except (TypeError, ValueError, OverflowError):
        out = np.array([_to_float(v) for v in items], dtype=np.float64)
    bad = ~np.isfinite(out)
    if bad.any():
        out[bad] = np.nan
    return out


def numbers(values: Iterable[Any], dtype: str) -> np.ndarray | pd.arrays.IntegerArray:
    """:func:`numeric` without the Series around it: a float64 or int64 numpy array, or a
    nullable ``IntegerArray`` (what a frame's column is built from, at no extra cost)."""
    out = floats(values)
    if dtype == "float64":
        return out
    missing = np.isnan(out) | (np.abs(out) >= _INT64_LIMIT)
    whole = np.where(missing, 0.0, np.round(out)).astype(np.int64)
    if dtype == "int64" and not missing.any():
        return whole
    return pd.arrays.IntegerArray(whole, missing)


def numeric(values: Iterable[Any], dtype: str) -> pd.Series:
    """Coerce JSON values to ``float64``, ``int64`` or nullable ``Int64``.

    Unreadable values (text, objects, non-finite or out-of-range numbers) become missing,
    never zero and never a wrapped-around integer. ``int64`` falls back to ``Int64`` when a
    value is missing; integers are rounded, not truncated.
    """
    return pd.Series(numbers(values, dtype))


#: pandas' string dtype where the installed pandas has one as its default (pandas 3); on
#: pandas 2 text stays ``object`` (its ``"string"`` dtype turns missing values into pd.NA).
TEXT: str | None = "str" if int(pd.__version__.split(".")[0]) >= 3 else None
TIME = f"datetime64[ns, {VN_TZ}]"


def _conformed(values: Any) -> Any:
    """``values`` (a Series or an Index) in vnfin's one time resolution, text or boolean
    dtype, or None to leave them as they are."""
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        if str(dtype) == TIME:
            return None
        if getattr(dtype, "tz", None) is None:
            return pd.to_datetime(values).astype("datetime64[ns]").tz_localize(VN_TZ)
        return values.astype(TIME)
    if dtype is np.dtype(object) and len(values):
        present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
        if not present:
            return None
        if TEXT is not None and all(isinstance(v, str) for v in present):
            return values.astype(TEXT)
        if all(isinstance(v, bool | np.bool_) for v in present):
            return values.astype("boolean")
    return None


def conform(frame: pd.DataFrame, *, all_numeric: bool = False) -> pd.DataFrame:
    """One time resolution (nanoseconds, Vietnam time) and one text dtype across every frame
    vnfin returns: columns, the index and every level of a MultiIndex. ``all_numeric``:
    every column is known to hold numbers (bars), so only the index is looked at."""
    for name, dtype in () if all_numeric else frame.dtypes.items():
        if dtype.kind in "fiub":
            continue  # numbers and booleans are kept as they are (and cost nothing to check)
        converted = _conformed(frame[name])
        if converted is not None:
            frame[name] = converted
    index = frame.index
    if isinstance(index, pd.MultiIndex):
        levels: list[Any] = [_conformed(level) for level in index.levels]
        if any(level is not None for level in levels):
            kept: list[Any] = [
                old if new is None else new for new, old in zip(levels, index.levels, strict=True)
            ]
            frame.index = index.set_levels(kept)
    else:
        converted = _conformed(index)
        if converted is not None:
            frame.index = pd.Index(converted, name=index.name)
    return frame


#: ``attrs["unit"]`` of a frame whose quantities the broker gives no unit for.
UNDOCUMENTED = "undocumented"
#: ``attrs["unit"]`` of a frame whose rows differ: its ``unit`` column says.
PER_ROW = "per row: see the unit column"
#: ``attrs["unit"]`` of a frame with no quantities (names, ids, states, dates, text).
NO_UNIT = "none"


def stamp(
    frame: pd.DataFrame, *, unit: str, all_numeric: bool = False, **attrs: Any
) -> pd.DataFrame:
    """Record provenance in ``frame.attrs`` (source, endpoint, ``unit``, fetched_at, …), and
    :func:`conform` the frame's dtypes. Every frame states its unit: a plain one ("VND",
    "%"), one per column ("VND; volume in shares"), :data:`PER_ROW`, :data:`UNDOCUMENTED`
    or :data:`NO_UNIT`. ``all_numeric``: every column holds numbers (see :func:`conform`)."""
    attrs.setdefault("fetched_at", pd.Timestamp.now(tz=VN_TZ))
    frame = conform(frame, all_numeric=all_numeric)
    frame.attrs.update(attrs, unit=unit)
    return frame
