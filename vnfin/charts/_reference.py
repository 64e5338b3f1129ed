"""What the charts read from ``data/``: each listed symbol's exchange, stock type and
industry (``tickers.csv``)."""

from __future__ import annotations

import csv
from functools import cache
from typing import NamedTuple

from .._data import data_dir


class Listing(NamedTuple):
    exchange: str
    stock_type: str
    industry: str


@cache
def listings() -> dict[str, Listing]:
    """Symbol → exchange, stock type and industry (a short English sector label)."""
    with (data_dir() / "tickers.csv").open(encoding="utf-8") as fh:
        return {
            row["symbol"]: Listing(row["exchange"], row["stock_type"], row["industry"])
            for row in csv.DictReader(fh)
        }


def sector(symbol: str, fallback: str = "Unclassified") -> str:
    """The symbol's industry from ``tickers.csv``, or ``fallback`` for an unlisted symbol."""
    listing = listings().get(symbol)
    return listing.industry if listing and listing.industry else fallback
