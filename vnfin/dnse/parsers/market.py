"""The chart endpoint's bars (reference §4.9): ``{t, o, h, l, c, v}`` arrays → an OHLCV frame.
Pure, no I/O.

The endpoint is unofficial and its price scale undocumented. vnfin ASSUMES that stock prices
come in thousands of VND (as most community code reads them) and multiplies them by
:data:`~vnfin.dnse.vocab.STOCK_SCALE`; index and derivative prices are points, kept as sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..._parse import epoch_times, shape_error
from ...frames import empty_bars, numeric

#: wire array → column
ARRAYS = {"o": "open", "h": "high", "l": "low", "c": "close", "v": "volume"}


def bars(payload: Any, *, scale: float = 1.0, daily: bool = True) -> pd.DataFrame:
    """Chart arrays → columns ``open high low close volume`` (float64, prices × ``scale``;
    int64 volume) on an ascending Vietnam-time ``time`` index. Daily and weekly bars sit at
    local midnight of their date. A missing array or ``{"s": "no_data"}`` gives no bars."""
    if payload is None:
        return empty_bars()
    if not isinstance(payload, Mapping):
        raise shape_error("chart-api", "expected an object of arrays")
    stamps = payload.get("t")
    if stamps is None or stamps == []:
        return empty_bars()
    if not isinstance(stamps, list):
        raise shape_error("chart-api", "t is not a list")
    columns: dict[str, Any] = {}
    for wire, name in ARRAYS.items():
        values = payload.get(wire)
        if not isinstance(values, list) or len(values) != len(stamps):
            raise shape_error("chart-api", f"{wire} is missing or not as long as t")
        if name == "volume":
            columns[name] = numeric(values, "int64").array
        else:
            # round away the float noise of the multiplication (12.35 × 1000 = 12350.000…02)
            prices = numeric(values, "float64").to_numpy() * scale
            columns[name] = np.round(prices, 6) if scale != 1.0 else prices
    index = epoch_times(stamps)
    if daily:
        index = index.normalize()
    frame = pd.DataFrame(columns, index=index.rename("time"))
    return frame[~frame.index.duplicated(keep="last")].sort_index()
