"""``python -m vnfin.demo`` (``make demo``): vnfin's main job, run against the sandbox.

Starts a local simulated Finhay server on 127.0.0.1, connects a plain ``vnfin.Finhay``
client to it over HTTP, and prints a quote board, the indices, the session state and a
month of daily history for a few symbols. No credentials, no internet. All data simulated.
"""

from __future__ import annotations

import sys

import pandas as pd

from . import Finhay
from .sandbox import Sandbox

SYMBOLS = ["VNM", "FPT", "HPG", "VCB", "MWG", "SHS", "ACV"]


def main() -> int:
    with Sandbox(seed=0) as sandbox:
        url = sandbox.serve()
        with Finhay(sandbox.api_key, sandbox.api_secret, base_url=url) as fh:
            board = fh.market.quotes(SYMBOLS)
            indices = fh.market.indices()
            session = fh.market.session()
            end = pd.Timestamp.now(tz="Asia/Ho_Chi_Minh").normalize()
            history = fh.market.history(SYMBOLS, end - pd.Timedelta(days=30), end)
    closes = history["close"].unstack("symbol").tail(10)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        out = sys.stdout
        out.write(f"vnfin demo: Finhay Open API sandbox at {url} (SIMULATED data)\n\n")
        out.write("Quote board (VND)\n")
        cols = [
            "exchange",
            "price",
            "change",
            "change_percent",
            "reference",
            "ceiling",
            "floor",
            "total_volume",
        ]
        out.write(board[cols].to_string() + "\n\n")
        out.write("Indices (points)\n")
        out.write(
            indices[["index_value", "change", "change_percent", "advances", "declines"]].to_string()
            + "\n\n"
        )
        out.write("Session now\n" + session.to_string() + "\n\n")
        out.write(f"Daily closes, last {len(closes)} sessions (VND)\n")
        out.write(closes.to_string(float_format=lambda v: f"{v:,.0f}") + "\n")
        out.write(
            f"\n{len(history)} bars for {len(SYMBOLS)} symbols; "
            f"columns {list(history.columns)}, index {list(history.index.names)}\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
