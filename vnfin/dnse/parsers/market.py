"""The chart endpoint's bars (reference §4.9): ``{t, o, h, l, c, v}`` arrays → an OHLCV frame.
Pure, no I/O.

The endpoint is unofficial and its price scale undocumented. vnfin ASSUMES that stock prices
come in thousands of VND (as most community code reads them) and multiplies them by
:data:`~vnfin.dnse.vocab.STOCK_SCALE`; index and derivative prices are points, kept as sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..._parse import bar_frame, shape_error
from ...frames import empty_bars

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
    arrays = {name: payload.get(wire) for wire, name in ARRAYS.items()}
    return bar_frame(stamps, arrays, "chart-api", midnight=daily, scale=scale)
