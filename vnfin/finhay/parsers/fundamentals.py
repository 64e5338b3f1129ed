"""Pure parsers for fundamentals (reference §2.3): overview, per-period ratios, statements.

Per-period data comes in two shapes that must give the same frame:

* wide (official docs): one object per period, ``{"year", ["quarter",] code: value, ...}``;
* long (skills, Go SDK): one object per metric and period,
  ``{"symbol", "metricCode", "metricValue", "timeType", "year", "quarter"}`` with
  ``quarter`` 0 for annual rows.

Both become one row per metric (index ``metric``: the API's code) and one column per period
(``2025`` or ``2025Q4``), newest first, float64. Known codes come first in glossary order,
then the others alphabetically, so the row order does not depend on the shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..._parse import as_float, mapping, records, shape_error
from ...frames import numeric
from ..glossary import RATIOS, STATEMENTS

PERIOD_KEYS = frozenset({"year", "quarter", "symbol", "timeType", "time_type"})
OVERVIEW_ORDER = (
    "pe",
    "pb",
    "ev_ebitda",
    "gross_margin",
    "roe",
    "roa",
    "eps",
    "dividend_yield",
    "nim",
    "margin_loan_to_equity_ratio",
)


def _int(value: Any) -> int | None:
    number = as_float(value)
    if np.isnan(number) or not number.is_integer():
        return None
    return int(number)


def _period(row: Mapping[str, Any], endpoint: str) -> tuple[int, int]:
    year = _int(row.get("year"))
    if year is None or not 1900 <= year <= 2200:
        raise shape_error(endpoint, f"period without a valid year: {row.get('year')!r}")
    quarter = _int(row.get("quarter")) or 0
    if not 0 <= quarter <= 4:
        raise shape_error(endpoint, f"quarter out of range: {quarter}")
    return year, quarter


def period_label(year: int, quarter: int) -> str:
    """``2025`` for a year, ``2025Q4`` for a quarter."""
    return f"{year}Q{quarter}" if quarter else str(year)


def _ordered(codes: set[str], known: Mapping[str, str]) -> list[str]:
    return [c for c in known if c in codes] + sorted(codes - set(known))


def periodic(payload: Any, endpoint: str, known: Mapping[str, str]) -> pd.DataFrame:
    """Wide or long per-period payload → metrics × periods (newest first)."""
    rows = records(payload, endpoint)
    values: dict[tuple[int, int], dict[str, Any]] = {}
    if any("metricCode" in r for r in rows):
        for r in rows:
            code = r.get("metricCode")
            if not isinstance(code, str) or not code:
                raise shape_error(endpoint, "long row without a metricCode")
            values.setdefault(_period(r, endpoint), {})[code] = r.get("metricValue")
    else:
        for r in rows:
            period = values.setdefault(_period(r, endpoint), {})
            period.update(
                {k: v for k, v in r.items() if k not in PERIOD_KEYS and isinstance(k, str)}
            )
    periods = sorted(values, reverse=True)
    codes = _ordered({c for p in values.values() for c in p}, known)
    frame = pd.DataFrame(
        {
            period_label(*p): numeric([values[p].get(c) for c in codes], "float64").to_numpy()
            for p in periods
        },
        index=pd.Index(codes, name="metric", dtype=object),
    )
    frame.columns = pd.Index(list(frame.columns), name="period", dtype=object)
    return frame


def statement(payload: Any, kind: str) -> pd.DataFrame:
    """``/market/v2/financial-statement/statement`` → metrics × periods, VND."""
    return periodic(payload, "financial-statement", STATEMENTS.get(kind, {}))


def ratios(payload: Any) -> pd.DataFrame:
    """``/market/company-financial/analysis`` → metrics × periods (all ~200 codes kept)."""
    return periodic(payload, "company-financial/analysis", RATIOS)


def overview(payload: Any) -> pd.DataFrame:
    """``/market/company-financial/overview`` → one row per metric, ``company`` and
    ``industry`` side by side (industry is missing where the API gives no sector value)."""
    data = mapping(payload, "company-financial/overview")
    industry = data.get("industry")
    industry = industry if isinstance(industry, Mapping) else {}
    company = {k: v for k, v in data.items() if k != "industry" and isinstance(k, str)}
    codes = [c for c in OVERVIEW_ORDER if c in company or c in industry]
    codes += sorted((set(company) | set(industry)) - set(codes))
    frame = pd.DataFrame(
        {
            "company": numeric([company.get(c) for c in codes], "float64").to_numpy(),
            "industry": numeric([industry.get(c) for c in codes], "float64").to_numpy(),
        },
        index=pd.Index(codes, name="metric", dtype=object),
    )
    return frame


def with_labels(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Replace metric codes with English labels where vnfin knows one."""
    out = frame.copy()
    out.index = pd.Index([labels.get(c, c) for c in frame.index], name="metric", dtype=object)
    return out
