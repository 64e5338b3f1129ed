"""Benchmark for ssi.market.history (run by hand: ``make bench``). Prints a ratio.

100 symbols × one year of daily bars over loopback HTTP with 50 ms added latency per request,
from a sandbox served by a separate process (as SSI is a separate machine). FCData's
DailyOhlc answers at most 30 days per request, so a year is 13 requests per symbol, 1,300 in
all: one ``history([...])`` call (windows and symbols fetched together) vs a loop over the
requests. The sequential loop is what a script without vnfin does: one 30-day request after
another (here through vnfin, one window per call). Goal: ≥ 8× faster. Also printed: a loop
over the symbols with vnfin (each call already fetches its 13 windows together). Server and
client quotas are raised so the ratios measure concurrency, not SSI's unpublished limit.
"""

from __future__ import annotations

import sys
import time

import pandas as pd
from bench_history import served_elsewhere

import vnfin
from vnfin.sandbox import Sandbox

START, END = "2025-01-01", "2025-12-31"
QUOTA = (100_000, 60.0)
WINDOWS = pd.date_range(START, END, freq="30D")  # 13 windows of at most 30 days


def bench_ssi_concurrency() -> float:
    with served_elsewhere(0.050, "--rate-limit", "100000") as env:
        ssi = vnfin.SSI(
            env["SSI_CONSUMER_ID"],
            env["SSI_CONSUMER_SECRET"],
            env["SSI_PRIVATE_KEY"],
            account=env["SSI_ACCOUNT"],
            trading_url=env["SSI_TRADING_URL"],
            data_url=env["SSI_DATA_URL"],
            rate_limit=QUOTA,
        )
        symbols = sorted(Sandbox(seed=0).engine.instruments)[:100]
        ssi.market.history(symbols, START, END, progress=False)  # the server simulates them
        started = time.perf_counter()
        together = ssi.market.history(symbols, START, END, progress=False)
        concurrent = time.perf_counter() - started
        started = time.perf_counter()
        per_symbol = {s: ssi.market.history(s, START, END, progress=False) for s in symbols}
        by_symbol = time.perf_counter() - started
        started = time.perf_counter()
        rows = 0
        for symbol in symbols:
            for first in WINDOWS:
                last = min(first + pd.Timedelta(days=29), pd.Timestamp(END))
                rows += len(ssi.market.history(symbol, first, last, progress=False))
        sequential = time.perf_counter() - started
        assert sum(len(f) for f in per_symbol.values()) == len(together) == rows
        ssi.close()
    speedup = sequential / concurrent
    print(
        f"(f) ssi.market.history, 100 symbols x 1 year = {len(symbols) * len(WINDOWS)} "
        f"DailyOhlc requests, loopback HTTP, 50 ms latency: one call {concurrent:.2f} s, "
        f"one request after another {sequential:.2f} s -> {speedup:.1f}x faster (goal >= 8x); "
        f"a loop over the symbols {by_symbol:.2f} s -> {by_symbol / concurrent:.1f}x"
    )
    return speedup


def main() -> int:
    speedup = bench_ssi_concurrency()
    ok = speedup >= 8
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
