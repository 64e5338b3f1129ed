"""Pure parsers for open-ended funds, ``/fund-trading/public/**`` (reference §2.8)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..._parse import Fields, by_time, flatten, mapping, records, shape_error, table

FUND_FIELDS: Fields = {
    "id": ("id", "int"),
    "name": ("name", "str"),
    "type": ("type", "str"),
    "aum": ("aum", "float"),
    "rating": ("rating", "float"),
}
COMPANY_FIELDS: Fields = {
    "id": ("id", "int"),
    "short_name": ("short_name", "str"),
    "name": ("name", "str"),
    "image_url": ("image_url", "str"),
}
GROWTH_FIELDS: Fields = {
    "fund_name": ("fund", "str"),
    "profit_percent": ("profit_percent", "float"),
    "current_amount": ("current_amount", "float"),
}
NAV_FIELDS: Fields = {
    "date": ("time", "date"),
    "navpf": ("nav", "float"),
    "nav": ("nav", "float"),
    "change_percent": ("change_percent", "float"),
    "benchmark_value": ("benchmark_value", "float"),
}
RANKING_FIELDS: Fields = {
    "fund_name": ("fund", "str"),
    "month": ("time", "month"),
    "aum": ("aum", "float"),
    "investors": ("investors", "int"),
    "fund_flow": ("fund_flow", "float"),
    "fund_inflow": ("fund_inflow", "float"),
    "fund_outflow": ("fund_outflow", "float"),
}
OPERATION_FIELDS: Fields = {
    "fund_name": ("fund", "str"),
    "aum": ("aum", "float"),
    "changed_aum": ("changed_aum", "float"),
    "changed_aum_percent": ("changed_aum_percent", "float"),
    "investors": ("investors", "int"),
    "changed_investors": ("changed_investors", "int"),
    "changed_investors_percent": ("changed_investors_percent", "float"),
    "total_fund_flow": ("total_fund_flow", "float"),
    "image_url": ("image_url", "str"),
}


def funds(payload: Any) -> pd.DataFrame:
    """Fund list → one row per fund: ``id name type aum rating`` (AUM in VND)."""
    return table(records(payload, "fund-certificates"), FUND_FIELDS)


def companies(payload: Any) -> pd.DataFrame:
    """Management companies → ``id short_name name image_url``."""
    return table(records(payload, "fund-companies"), COMPANY_FIELDS)


def growth(payload: Any) -> pd.DataFrame:
    """Growth simulation → ``fund profit_percent current_amount`` (VND), index ``fund``."""
    return table(records(payload, "benchmark/growth"), GROWTH_FIELDS).set_index("fund")


def _series(rows: Any, endpoint: str) -> pd.DataFrame:
    items = rows if isinstance(rows, list) else []
    frame = table(
        records(items, endpoint),
        {k: v for k, v in NAV_FIELDS.items() if any(k in r for r in items)}
        or {"date": ("time", "date")},
    )
    return by_time(frame)


def nav_comparison(payload: Any) -> pd.DataFrame:
    """NAV comparison → ``(fund, time)`` index: ``nav change_percent``."""
    parts: dict[str, pd.DataFrame] = {}
    for row in records(payload, "benchmark/nav"):
        name = str(row.get("fund_name") or "")
        parts[name] = _series(row.get("nav_records"), "benchmark/nav")
    if not parts:
        empty = _series([], "benchmark/nav").assign(
            nav=pd.Series(dtype="float64"), change_percent=pd.Series(dtype="float64")
        )
        empty.index = pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object), empty.index], names=["fund", "time"]
        )
        return empty
    return pd.concat(parts, names=["fund", "time"])


def nav_history(payload: Any) -> tuple[pd.DataFrame, str | None]:
    """NAV history vs benchmark → (ascending ``time`` frame ``nav benchmark_value``,
    benchmark name)."""
    data = mapping(payload, "nav-histories")
    frame = _series(data.get("nav_histories"), "nav-histories")
    for name in ("nav", "benchmark_value"):
        if name not in frame:
            frame[name] = pd.Series(dtype="float64")
    benchmark = data.get("benchmark_name")
    return frame, benchmark if isinstance(benchmark, str) else None


def suggestions(payload: Any) -> pd.DataFrame:
    """Similar funds → ``fund criteria``."""
    return table(
        records(payload, "suggestions"),
        {"fund_name": ("fund", "str"), "criteria": ("criteria", "str")},
    )


def sector_allocation(payload: Any) -> pd.DataFrame:
    """Sector weights → index ``sector``, column ``percent``."""
    frame = table(
        records(payload, "sector-allocation"),
        {"sector_name": ("sector", "str"), "percent": ("percent", "float")},
    )
    return frame.set_index("sector")


def asset_allocation(payload: Any) -> pd.DataFrame:
    """``{bond, stock, others}`` (or ``null``) → index ``asset_class``, column ``percent``."""
    if payload is None:
        data: Mapping[str, Any] = {}
    elif isinstance(payload, Mapping):
        data = payload
    else:
        raise shape_error("asset-allocation", "expected an object or null")
    names = [k for k in ("stock", "bond", "others") if k in data]
    names += sorted(k for k in data if isinstance(k, str) and k not in names)
    frame = table(
        [{"asset_class": k, "percent": data.get(k)} for k in names],
        {"asset_class": ("asset_class", "str"), "percent": ("percent", "float")},
    )
    return frame.set_index("asset_class")


def holdings(payload: Any) -> pd.DataFrame:
    """Fund portfolio lines; the schema varies by fund type, so it is flattened as sent."""
    return flatten(payload)


def ranking(payload: Any, endpoint: str) -> pd.DataFrame:
    """Monthly rankings (top AUM, investors, fund flow) → ``fund time`` and the figures."""
    rows = records(payload, endpoint)
    fields = {
        k: v
        for k, v in RANKING_FIELDS.items()
        if k in ("fund_name", "month") or any(k in r for r in rows)
    }
    return table(rows, fields)


def top_holdings(payload: Any) -> pd.DataFrame:
    """Most-held symbols → index ``symbol``, column ``number_of_funds``."""
    frame = table(
        records(payload, "top-holding-symbols"),
        {"symbol": ("symbol", "str"), "number_of_funds": ("number_of_funds", "int")},
    )
    return frame.set_index("symbol")


def operation(payload: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fund operation benchmark → (one row per fund, monthly flows per fund and month)."""
    rows = records(payload, "benchmark/operation")
    summary = table(rows, OPERATION_FIELDS, skip=("fund_flows",)).set_index("fund")
    flows = [f for r in rows for f in records(r.get("fund_flows") or [], "benchmark/operation")]
    return summary, ranking(flows, "benchmark/operation")
