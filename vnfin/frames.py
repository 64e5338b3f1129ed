"""Frame conventions in one place: column names, dtypes, time zone and ``df.attrs``.

* Time is a tz-aware ``Asia/Ho_Chi_Minh`` index named ``time``, ascending; daily bars sit at
  local midnight of the trading date.
* Prices are float64 VND (never thousands); volumes are int64 shares.
* Many symbols: the same columns under a ``(symbol, time)`` MultiIndex.
* ``df.attrs`` records ``source``, ``endpoint``, ``unit``, ``fetched_at`` and ``simulated``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

VN_TZ = "Asia/Ho_Chi_Minh"
BAR_COLUMNS = ("open", "high", "low", "close", "volume")

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")


def snake(name: str) -> str:
    """``changePercent`` → ``change_percent``, ``buyPrice1`` → ``buy_price_1``."""
    return _CAMEL.sub("_", name).lower()


def empty_bars(*, multi: bool = False) -> pd.DataFrame:
    """An empty bar frame with the right columns, dtypes and index."""
    time = pd.DatetimeIndex([], tz=VN_TZ, name="time")
    frame = pd.DataFrame(
        {c: pd.Series([], dtype="int64" if c == "volume" else "float64") for c in BAR_COLUMNS},
        index=time,
    )
    if multi:
        index = pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object, name="symbol"), time], names=["symbol", "time"]
        )
        frame.index = index
    return frame


def stack_by_symbol(frames: Mapping[str, pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Put per-symbol frames under a ``(symbol, time)`` MultiIndex, in the given order."""
    parts = {s: f for s, f in frames.items()}
    if not parts or all(f.empty for f in parts.values()):
        return empty
    out = pd.concat(parts, names=["symbol", "time"])
    return out


def numeric(values: Iterable[Any], dtype: str) -> pd.Series:
    """Coerce to a numeric dtype; unreadable values become missing, never zero."""
    series = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")
    if dtype == "int64":
        if series.isna().any():
            return series.astype("Int64")
        return series.astype(np.int64)
    if dtype == "Int64":
        return series.round().astype("Int64")
    return series.astype(cast(Any, dtype))


def stamp(frame: pd.DataFrame, **attrs: Any) -> pd.DataFrame:
    """Record provenance in ``frame.attrs`` (source, endpoint, unit, fetched_at, …)."""
    attrs.setdefault("fetched_at", pd.Timestamp.now(tz=VN_TZ))
    frame.attrs.update(attrs)
    return frame
