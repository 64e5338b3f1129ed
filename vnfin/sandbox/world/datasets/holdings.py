"""SIMULATED fund holdings: what each open-ended fund of :mod:`.funds` holds.

Holdings are fixed per fund, in basis points of NAV that add up to exactly 10,000: stocks are
listed sandbox tickers (drawn with weights ∝ √market cap), bonds are placeholder codes of
banks and real-estate issuers, plus one cash line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..engine import MarketEngine
from ..seeded import rng
from .funds import BY_NAME


@dataclass(frozen=True)
class Line:
    asset_type: str
    symbol: str | None
    name: str
    sector: str
    bp: int  # basis points of NAV


def split_exactly(total: int, weights: np.ndarray) -> list[int]:
    """``total`` split by ``weights`` into integers that add up exactly (largest remainder)."""
    raw = weights / weights.sum() * total
    parts = np.floor(raw).astype(np.int64)
    for i in np.argsort(-(raw - parts))[: total - int(parts.sum())]:
        parts[i] += 1
    return [int(p) for p in parts]


@lru_cache(maxsize=256)
def holdings(engine: MarketEngine, name: str) -> tuple[Line, ...]:
    fund = BY_NAME[name]
    r = rng(engine.seed, "funds", "portfolio", name)
    stock_bp = {"STOCK_FUND": (8500, 9700), "BALANCE_FUND": (4000, 6000)}.get(fund.type, (0, 1))
    stock = int(r.integers(*stock_bp))
    bond = int(r.integers(3000, 5000)) if fund.type == "BALANCE_FUND" else 0
    bond = int(r.integers(7500, 9200)) if fund.type == "BOND_FUND" else bond
    stocks = sorted(s for s, i in engine.instruments.items() if i.stock_type == "STOCK")
    lines: list[Line] = []
    if stock:
        caps = np.array(
            [engine.instruments[s].reference_price * engine.instruments[s].shares for s in stocks],
            dtype=float,
        )
        count = int(r.integers(12, 21)) if fund.type == "STOCK_FUND" else int(r.integers(8, 13))
        picks = r.choice(
            len(stocks), size=count, replace=False, p=np.sqrt(caps) / np.sqrt(caps).sum()
        )
        for k, bp in zip(
            picks, split_exactly(stock, r.dirichlet(np.full(count, 2.0))), strict=True
        ):
            inst = engine.instruments[stocks[int(k)]]
            lines.append(Line("STOCK", inst.symbol, inst.name, inst.industry, bp))
    if bond:
        issuers = [
            s for s in stocks if engine.instruments[s].industry in ("Banking", "Real Estate")
        ]
        count = int(r.integers(3, 7))
        picks = r.choice(len(issuers), size=count, replace=False)
        for k, bp in zip(picks, split_exactly(bond, r.dirichlet(np.full(count, 3.0))), strict=True):
            inst, year = engine.instruments[issuers[int(k)]], int(r.integers(22, 27))
            code = f"{inst.symbol}1{year}0{int(r.integers(1, 10))}"
            lines.append(
                Line("BOND", code, f"Trái phiếu {inst.name} phát hành năm 20{year}", "Bonds", bp)
            )
    lines.sort(key=lambda x: (x.asset_type != "STOCK", -x.bp))
    lines.append(
        Line("CASH", None, "Tiền và tương đương tiền", "Cash & equivalents", 10_000 - stock - bond)
    )
    return tuple(lines)
