"""Benchmarks for fh.market.history (run by hand: ``make bench``). Prints ratios.

(a) overhead: one symbol, one year of daily bars, ``fh.market.history`` vs hand-written
    httpx + pandas code on the same in-process sandbox transport. Goal: ≤ 1.5× hand-written.
(b) concurrency: 100 symbols, one year of daily bars each, over loopback HTTP with 50 ms added
    latency per request, from a sandbox served by a separate process (as a broker is a
    separate machine): one ``history([...])`` call vs a sequential loop. Goal: ≥ 8× faster.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import pandas as pd

import vnfin
from vnfin.sandbox import Sandbox

START, END = "2025-01-01", "2025-12-31"


def hand_written(client: httpx.Client, key: str) -> pd.DataFrame:
    """What a careful user would write without vnfin."""
    t0 = int(pd.Timestamp(START, tz="Asia/Ho_Chi_Minh").timestamp())
    t1 = int((pd.Timestamp(END, tz="Asia/Ho_Chi_Minh") + pd.Timedelta(days=1)).timestamp()) - 1
    r = client.get(
        "/market/price-histories-chart",
        params={"symbol": "VNM", "resolution": "1D", "from": t0, "to": t1},
        headers={"X-FH-APIKEY": key},
    )
    r.raise_for_status()
    data = r.json()["data"]
    index = pd.to_datetime(data["time"], unit="s", utc=True).tz_convert("Asia/Ho_Chi_Minh")
    frame = pd.DataFrame(
        {k: data[k] for k in ("open", "high", "low", "close", "volume")},
        index=index.normalize().rename("time"),
    )
    return frame.astype({"open": float, "high": float, "low": float, "close": float})


def interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each function, run in turn so machine load hits them alike."""
    for fn in fns.values():
        fn()  # warm caches (the sandbox engine, connection pools)
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def overhead(
    hand: Callable[[httpx.Client, str], pd.DataFrame],
    start: str,
    end: str,
    repeat: int,
    *,
    at_least: int = 1,
) -> dict[str, float]:
    """Median seconds of ``fh.market.history("VNM", start, end)`` (blocking and async faces)
    and of ``hand(client, key)``, the hand-written version, on one in-process sandbox; both
    give the same number of bars, at least ``at_least``."""
    quota = (10**6, 60.0)  # measure overhead, not the 600/min quota
    sb = Sandbox(seed=0, rate_limit=quota)
    fh = sb.finhay(rate_limit=quota)
    afh = sb.async_finhay(rate_limit=quota)
    loop = asyncio.new_event_loop()
    client = httpx.Client(transport=sb.transport, base_url="http://sandbox")
    assert len(hand(client, sb.api_key)) == len(fh.market.history("VNM", start, end)) >= at_least
    try:
        return interleaved(
            {
                "blocking": lambda: fh.market.history("VNM", start, end),
                "async": lambda: loop.run_until_complete(afh.market.history("VNM", start, end)),
                "hand": lambda: hand(client, sb.api_key),
            },
            repeat,
        )
    finally:
        loop.run_until_complete(afh.aclose())
        loop.close()
        fh.close()
        client.close()


def bench_overhead() -> float:
    got = overhead(hand_written, START, END, 300)
    ratio = got["blocking"] / got["hand"]
    print(
        f"(a) history, 1 symbol x 1 year, in-process: vnfin {got['blocking'] * 1e3:.2f} ms, "
        f"hand-written httpx+pandas {got['hand'] * 1e3:.2f} ms -> ratio {ratio:.2f}x "
        f"(goal <= 1.5x); the async face {got['async'] * 1e3:.2f} ms -> "
        f"{got['async'] / got['hand']:.2f}x"
    )
    return ratio


@contextlib.contextmanager
def served_elsewhere(latency: float, *options: str) -> Iterator[dict[str, str]]:
    """The sandbox as a separate process (``python -m vnfin.sandbox``), the way a broker is
    a separate machine: the client pays its own CPU only, not the server's too."""
    command = [sys.executable, "-m", "vnfin.sandbox", "--port", "0", "--latency", str(latency)]
    proc = subprocess.Popen(  # noqa: S603 (our own interpreter, our own module)
        [*command, *options],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        env = {}
        for line in proc.stdout:
            if "=" in line:
                key, value = line.strip().split("=", 1)
                env[key] = value
            if "Ctrl-C" in line:
                break
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def bench_concurrency() -> float:
    with served_elsewhere(0.050) as env:
        fh = vnfin.Finhay(
            env["FINHAY_API_KEY"], env["FINHAY_API_SECRET"], base_url=env["FINHAY_BASE_URL"]
        )
        symbols = sorted(Sandbox(seed=0).engine.instruments)[:100]
        fh.market.history(symbols, START, END, progress=False)  # the server simulates them
        started = time.perf_counter()
        together = fh.market.history(symbols, START, END, progress=False)
        concurrent = time.perf_counter() - started
        started = time.perf_counter()
        one_by_one = {s: fh.market.history(s, START, END) for s in symbols}
        sequential = time.perf_counter() - started
        assert sum(len(f) for f in one_by_one.values()) == len(together)
        fh.close()
    speedup = sequential / concurrent
    print(
        f"(b) history, 100 symbols x 1 year, loopback HTTP, 50 ms latency: one call "
        f"{concurrent:.2f} s, sequential loop {sequential:.2f} s -> {speedup:.1f}x faster "
        f"(goal >= 8x)"
    )
    return speedup


def main() -> int:
    ratio = bench_overhead()
    speedup = bench_concurrency()
    ok = ratio <= 1.5 and speedup >= 8
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
