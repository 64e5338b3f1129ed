"""Where vnfin's reference data lives: ``data/`` of a source checkout, or the copy packed
into the wheel as ``vnfin/_data`` (tickers, holidays, index levels)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir() -> Path:
    here = Path(__file__).resolve()  # vnfin/_data.py
    for candidate in (here.parents[1] / "data", here.parent / "_data"):
        if (candidate / "tickers.csv").exists():
            return candidate
    raise FileNotFoundError("vnfin reference data (data/tickers.csv) not found")
