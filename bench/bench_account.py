"""Benchmark of ``fh.account.snapshot()`` (run by hand: ``make bench``). Prints a ratio.

A snapshot needs every sub-account's summary and portfolio and the order book: seven
requests for the sandbox's three sub-accounts. Over loopback HTTP with 50 ms added latency
per request they go out together, so the snapshot should take about as long as one request.
Goal: at most 2x one request's time (``summary`` of one sub-account).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import vnfin
from vnfin.sandbox import Sandbox

LATENCY = 0.050
GOAL = 2.0


def median_of(fn: Callable[[], object], repeat: int = 7) -> float:
    fn()  # warm: the profile (user id, sub-accounts) is fetched once and cached
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    with Sandbox(seed=0, latency=LATENCY, now="2026-11-20 10:30") as sb:
        url = sb.serve()
        with vnfin.Finhay(sb.api_key, sb.api_secret, base_url=url) as fh:
            one = median_of(lambda: fh.account.summary("order"))
            before = sb.requests_seen
            snapshot = median_of(fh.account.snapshot)
            per_snapshot = (sb.requests_seen - before) / 8
    ratio = snapshot / one
    print(
        f"(d) account snapshot over loopback, {LATENCY * 1e3:.0f} ms latency: "
        f"{snapshot * 1e3:.0f} ms for {per_snapshot:.0f} requests vs one request {one * 1e3:.0f} "
        f"ms -> {ratio:.2f}x (goal <= {GOAL:g}x)"
    )
    ok = ratio <= GOAL
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
