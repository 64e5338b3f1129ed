"""What the simulated market trades: instruments, indices and holidays, read from ``data/``.

Tickers, company names, exchanges and industries are real Vietnamese listings; reference
prices and share counts are approximate (see ``data/README.md``). Prices are not real.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Instrument:
    symbol: str
    exchange: str
    stock_type: str
    name: str
    name_en: str
    industry: str
    reference_price: int
    shares: int


@dataclass(frozen=True)
class IndexSpec:
    code: str
    exchange: str
    name: str
    level: float
    members: tuple[str, ...]


def load_instruments(folder: Path) -> dict[str, Instrument]:
    with (folder / "tickers.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["symbol"]: Instrument(
            r["symbol"],
            r["exchange"],
            r["stock_type"],
            r["name"],
            r["name_en"],
            r["industry"],
            int(r["reference_price"]),
            int(r["shares_outstanding"]),
        )
        for r in rows
    }


def load_holidays(folder: Path) -> list[dt.date]:
    with (folder / "holidays.csv").open(encoding="utf-8") as fh:
        return [dt.date.fromisoformat(r["date"]) for r in csv.DictReader(fh)]


def load_indices(folder: Path, instruments: dict[str, Instrument]) -> dict[str, IndexSpec]:
    """Each index holds the stocks of its exchange by market cap (the ``…30`` ones the top 30)."""

    def members(exchange: str, top: int | None) -> tuple[str, ...]:
        stocks = [
            i for i in instruments.values() if i.exchange == exchange and i.stock_type == "STOCK"
        ]
        stocks.sort(key=lambda i: -i.reference_price * i.shares)
        return tuple(i.symbol for i in stocks[:top])

    with (folder / "indices.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["code"]: IndexSpec(
            r["code"],
            r["exchange"],
            r["name"],
            float(r["level"]),
            members(r["exchange"], 30 if r["code"].endswith("30") else None),
        )
        for r in rows
    }
