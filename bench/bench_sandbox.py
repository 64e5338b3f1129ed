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

GOAL = 0.5  # seconds
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


def main() -> int:
    ok = True
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
