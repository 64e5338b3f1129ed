"""Benchmarks for the local history store (run by hand: ``make bench``). Prints ratios.

Against a sandbox served by a separate process (``python -m vnfin.sandbox``) over loopback
HTTP with 50 ms added latency, requests counted at the client's transport:

(g) a repeated 100-symbol × 5-year daily history with the store warm sends 0 requests and is
    at least 20× faster than the first, cold fetch;
(h) an incremental update (one more trading day for the same 100 symbols) sends one request
    per symbol, not one per year.
"""

from __future__ import annotations

import sys
import tempfile
import time
from typing import Any

import httpx
from bench_history import served_elsewhere

import vnfin
from vnfin.sandbox import Sandbox

START, END, NEXT = "2021-01-01", "2025-12-30", "2025-12-31"


class Counting(httpx.AsyncHTTPTransport):
    """Counts the requests that reach the wire."""

    sent = 0

    async def handle_async_request(self, request: httpx.Request) -> Any:
        Counting.sent += 1
        return await super().handle_async_request(request)


def main() -> int:
    symbols = sorted(Sandbox(seed=0).engine.instruments)[:100]
    with (
        served_elsewhere(0.050, "--rate-limit", "100000") as env,
        tempfile.TemporaryDirectory() as root,
    ):
        fh = vnfin.Finhay(
            env["FINHAY_API_KEY"],
            env["FINHAY_API_SECRET"],
            base_url=env["FINHAY_BASE_URL"],
            transport=Counting(),
            rate_limit=(100_000, 60.0),
        )
        store = vnfin.Store(root)
        started, before = time.perf_counter(), Counting.sent
        cold = fh.market.history(symbols, START, END, progress=False, store=store)
        cold_time, cold_sent = time.perf_counter() - started, Counting.sent - before
        started, before = time.perf_counter(), Counting.sent
        warm = fh.market.history(symbols, START, END, progress=False, store=store)
        warm_time, warm_sent = time.perf_counter() - started, Counting.sent - before
        assert warm.equals(cold)
        before = Counting.sent
        newer = fh.market.history(symbols, START, NEXT, progress=False, store=store)
        update_sent = Counting.sent - before
        assert len(newer) > len(cold)
        fh.close()
    ratio = cold_time / warm_time
    print(
        f"(g) history, 100 symbols x 5 years daily, loopback HTTP, 50 ms latency: cold "
        f"{cold_time:.2f} s ({cold_sent} requests), warm store {warm_time * 1e3:.0f} ms "
        f"({warm_sent} requests) -> {ratio:.0f}x faster (goal >= 20x, 0 requests)"
    )
    print(
        f"(h) one more trading day for the 100 symbols: {update_sent} requests "
        f"(goal: one per symbol, {len(symbols)})"
    )
    ok = ratio >= 20 and warm_sent == 0 and update_sent == len(symbols)
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
