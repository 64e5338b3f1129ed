"""Benchmark of a fresh sandbox's first calls (run by hand: ``python bench/bench_sandbox.py``).
Prints ratios.

Each run is a new Python process that constructs ``Sandbox()`` and times the first call of one
endpoint, so it pays for simulating the market (every symbol's daily walk, 2018-2030, computed
together on first use; an index needs every constituent, the funds need the VN-Index).
Goal: each first call under 0.5 s. ``BEFORE`` holds the same medians measured on the 2-core
development VM before issue 7, when each symbol's walk was a scalar loop of its own.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

GOAL = 0.5  # seconds
ROUND_TRIP_GOAL = 5.0
RUNS = 5
BEFORE = {"indices": 3.7, "funds": 1.9, "quote": 0.045, "history": 0.042}
CALLS = {
    "indices": "fh.market.indices()",
    "funds": "fh.funds.list()",
    "quote": 'fh.market.quote("VNM")',
    "history": 'fh.market.history("VNM", "2025-01-01", "2025-12-31")',
}
SCRIPT = """
import time
from vnfin.sandbox import Sandbox
fh = Sandbox(seed=0).finhay()
started = time.perf_counter()
{call}
print(time.perf_counter() - started)
"""


def first_call(call: str) -> float:
    """Seconds the first ``call`` takes in a fresh process, after ``Sandbox()``."""
    out = subprocess.run(  # noqa: S603 (our own interpreter running our own script)
        [sys.executable, "-c", SCRIPT.format(call=call)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def round_trip() -> bool:
    """A quote over loopback HTTP vs the same quote in-process: the server adds little."""
    import httpx

    from vnfin.sandbox import Sandbox

    with Sandbox(seed=0, now="2026-11-20 10:30") as sb:
        url = sb.serve()
        headers = {"X-FH-APIKEY": sb.api_key}
        target = "/market/stock-realtime?symbol=VNM"
        times = {}
        with (
            httpx.Client(base_url=url) as wire,
            httpx.Client(transport=sb.transport, base_url="http://sandbox") as local,
        ):
            for name, client in (("loopback", wire), ("in-process", local)):
                client.get(target, headers=headers)
                runs = []
                for _ in range(51):
                    started = time.perf_counter()
                    client.get(target, headers=headers)
                    runs.append(time.perf_counter() - started)
                times[name] = statistics.median(runs)
    ratio = times["loopback"] / times["in-process"]
    print(
        f"one quote over loopback HTTP {times['loopback'] * 1e3:.1f} ms vs in-process "
        f"{times['in-process'] * 1e3:.1f} ms -> {ratio:.1f}x (goal <= {ROUND_TRIP_GOAL:g}x; "
        f"before the listener was made a TCP socket, Nagle's delay made it ~44 ms)"
    )
    return ratio <= ROUND_TRIP_GOAL


def main() -> int:
    ok = round_trip()
    for name, call in CALLS.items():
        times = [first_call(call) for _ in range(RUNS)]
        median = statistics.median(times)
        ok &= median < GOAL
        print(
            f"first {call}: median {median:.3f} s of {RUNS} fresh processes "
            f"(min {min(times):.3f}, max {max(times):.3f}) -> {median / GOAL:.2f}x the "
            f"{GOAL} s goal; before issue 7 {BEFORE[name]:.3f} s "
            f"({BEFORE[name] / median:.1f}x as long)"
        )
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
