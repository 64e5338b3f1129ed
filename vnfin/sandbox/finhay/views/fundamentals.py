"""Statements, ratios and the overview in Finhay's shapes (reference §2.3).

``/market/v2/financial-statement/statement`` answers one object per period in the official
"wide" shape, or, with ``statement_shape = "long"``, the skills' metric rows
``{symbol, metricCode, metricValue, timeType, year, quarter}``. The overview is the latest
annual analysis row; its industry figures average that row's pe, pb and ev_ebitda over listed
stocks of the same industry (nulls skipped).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...world.datasets.fundamentals import history, periods, statement
from ...world.datasets.ratios import analysis_rows
from ...world.engine import MarketEngine
from ..envelope import Refusal

OVERVIEW_KEYS = ("pe", "pb", "ev_ebitda")


def listed_stock(engine: MarketEngine, raw: str) -> str:
    """The listed stock a fundamentals request names, or a 400."""
    symbol = raw.strip().upper()
    if not symbol:
        raise Refusal("Invalid parameter: symbol is required")
    inst = engine.instruments.get(symbol)
    if inst is None:
        raise Refusal("Invalid symbol")
    if inst.stock_type != "STOCK":
        raise Refusal(f"No financial statements for {symbol}: it is an {inst.stock_type}")
    return symbol


def statements(
    engine: MarketEngine,
    symbol: str,
    kind: str,
    period: str,
    limit: int,
    today: dt.date,
    shape: str,
) -> list[dict[str, Any]]:
    """The ``limit`` latest published statements of one kind, newest first."""
    h = history(engine, symbol)
    out: list[dict[str, Any]] = []
    for year, quarter in periods(today, period)[:limit]:
        values = statement(h, kind, year, quarter)
        if shape == "long":
            out.extend(
                {
                    "symbol": symbol,
                    "metricCode": code,
                    "metricValue": value,
                    "timeType": "QUARTER" if quarter else "YEAR",
                    "year": year,
                    "quarter": quarter,
                }
                for code, value in values.items()
            )
        else:
            out.append({"year": year, **({"quarter": quarter} if quarter else {}), **values})
    return out


def _latest(engine: MarketEngine, symbol: str, today: dt.date) -> dict[str, Any]:
    rows = analysis_rows(engine, symbol, "annual", today)
    return rows[0] if rows else {}


def overview(engine: MarketEngine, symbol: str, today: dt.date) -> dict[str, Any]:
    """The documented overview object, from the latest annual analysis row."""
    row = _latest(engine, symbol, today)
    inst = engine.instruments[symbol]
    peers = [
        s
        for s, i in engine.instruments.items()
        if i.industry == inst.industry and i.stock_type == "STOCK"
    ]
    industry: dict[str, Any] = {}
    for key in OVERVIEW_KEYS:
        values = [_latest(engine, s, today).get(key) for s in peers]
        present = [float(v) for v in values if v is not None]
        industry[key] = sum(present) / len(present) if present else None
    return {
        "pe": row.get("pe"),
        "pb": row.get("pb"),
        "ev_ebitda": row.get("ev_ebitda"),
        "industry": industry,
        "gross_margin": row.get("gross_margin"),
        "roe": row.get("roe"),
        "eps": row.get("eps"),
        "dividend_yield": row.get("dividend_yield"),
        "nim": row.get("nim"),
        "margin_loan_to_equity_ratio": row.get("margin_loan_to_equity_ratio"),
        "roa": row.get("roa"),
    }
