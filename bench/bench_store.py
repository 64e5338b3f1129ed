"""Benchmarks of issue 12, the local history store and a cheaper call (run by hand:
``make bench``). Prints ratios; the letters are the issue's.

(c) Short-range overhead: ``fh.market.history("VNM")`` for 3 months of daily bars on the
    in-process sandbox transport, vs the minimal hand-written version (an ``httpx`` GET, a
    DataFrame of the five columns, epoch seconds to a tz-aware index). Goal: ≤ 1.5×.
(d) Against a sandbox served by a separate process (``python -m vnfin.sandbox``) over
    loopback HTTP with 50 ms added latency, requests counted at the client's transport: a
    repeated 100-symbol × 5-year daily history with the store warm sends 0 requests and is at
    least 20× faster than the first, cold fetch.
(e) An incremental update (one more trading day for the same 100 symbols) sends one request
    per symbol, not one per year.
(f) The quota is the physical limit of a big pull: 300 symbols × 1 year of daily bars (one
    request each) against a sandbox enforcing 100 requests per 10 s finishes within 1.1× of
    the quota's minimum time (300 / 100 × 10 s = 30 s), and the sandbox answers no 429. The
    sandbox's own universe holds the 141 real listings of ``data/``; this benchmark serves
    them with 159 synthetic listings added (a ``--reference`` folder written for the run).
    Also printed: the time against a sliding window's own floor, two windows and the last
    burst's round trip (a sliding window lets 100 through at once, three bursts in all).
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
from bench_history import overhead, served_elsewhere

import vnfin
from vnfin._data import data_dir
from vnfin.sandbox import Sandbox

START, END, NEXT = "2021-01-01", "2025-12-30", "2025-12-31"
SHORT = ("2025-10-01", "2025-12-31")
QUOTA, WINDOW, PULL = 100, 10.0, 300


class Counting(httpx.AsyncHTTPTransport):
    """Counts the requests that reach the wire, and the 429s that come back."""

    sent = 0
    refused = 0

    async def handle_async_request(self, request: httpx.Request) -> Any:
        Counting.sent += 1
        response = await super().handle_async_request(request)
        Counting.refused += response.status_code == 429
        return response


def minimal(client: httpx.Client, key: str) -> pd.DataFrame:
    """The issue's minimal hand-written version: GET, five columns, a tz-aware index."""
    t0 = int(pd.Timestamp(SHORT[0], tz="Asia/Ho_Chi_Minh").timestamp())
    t1 = int((pd.Timestamp(SHORT[1], tz="Asia/Ho_Chi_Minh") + pd.Timedelta(days=1)).timestamp())
    r = client.get(
        "/market/price-histories-chart",
        params={"symbol": "VNM", "resolution": "1D", "from": t0, "to": t1 - 1},
        headers={"X-FH-APIKEY": key},
    )
    r.raise_for_status()
    data = r.json()["data"]
    index = pd.to_datetime(data["time"], unit="s", utc=True).tz_convert("Asia/Ho_Chi_Minh")
    return pd.DataFrame({k: data[k] for k in ("open", "high", "low", "close", "volume")}, index)


def short_range() -> bool:
    got = overhead(minimal, *SHORT, 500, at_least=61)
    ratio = got["blocking"] / got["hand"]
    print(
        f"(c) history, 1 symbol x 3 months daily, in-process: vnfin {got['blocking'] * 1e3:.2f} "
        f"ms, minimal hand-written {got['hand'] * 1e3:.2f} ms -> {ratio:.2f}x (goal <= "
        f"1.5x; 2.2-2.9x before); the async face {got['async'] * 1e3:.2f} ms -> "
        f"{got['async'] / got['hand']:.2f}x"
    )
    return ratio <= 1.5


def warm_and_incremental() -> bool:
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
        f"(d) history, 100 symbols x 5 years daily, loopback HTTP, 50 ms latency: cold "
        f"{cold_time:.2f} s ({cold_sent} requests), warm store {warm_time * 1e3:.0f} ms "
        f"({warm_sent} requests) -> {ratio:.0f}x faster (goal >= 20x, 0 requests)"
    )
    print(
        f"(e) one more trading day for the 100 symbols: {update_sent} requests "
        f"(goal: one per symbol, {len(symbols)})"
    )
    return ratio >= 20 and warm_sent == 0 and update_sent == len(symbols)


def universe(folder: Path, size: int) -> list[str]:
    """``data/`` with synthetic listings added up to ``size`` symbols (benchmark only)."""
    source = data_dir()
    for name in ("holidays.csv", "indices.csv"):
        (folder / name).write_bytes((source / name).read_bytes())
    with (source / "tickers.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    real = {r["symbol"] for r in rows}
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = (f"Q{a}{b}" for a in letters for b in letters if f"Q{a}{b}" not in real)
    for code, _ in zip(codes, range(size - len(rows)), strict=False):
        rows.append(
            {
                **rows[0],
                "symbol": code,
                "exchange": "UPCOM",
                "name": f"Synthetic listing {code}",
                "name_en": f"Synthetic listing {code} (benchmark only)",
                "industry": "Synthetic",
                "reference_price": "10000",
                "shares_outstanding": "10000000",
            }
        )
    with (folder / "tickers.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return [r["symbol"] for r in rows]


def big_pull() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        symbols = universe(Path(folder), PULL)
        assert len(set(symbols)) == PULL
        options = ("--rate-limit", str(QUOTA), "--rate-window", str(WINDOW))
        with served_elsewhere(0.050, *options, "--reference", folder) as env:
            fh = vnfin.Finhay(
                env["FINHAY_API_KEY"],
                env["FINHAY_API_SECRET"],
                base_url=env["FINHAY_BASE_URL"],
                transport=Counting(),
                rate_limit=(QUOTA, WINDOW),
            )
            fh.market.history(symbols[0], "2025-01-01", "2025-01-31")  # the server simulates
            time.sleep(WINDOW + 0.5)  # ...and that request leaves the server's window
            sent, refused = Counting.sent, Counting.refused
            started = time.perf_counter()
            frame = fh.market.history(symbols, "2025-01-01", "2025-12-31", progress=False)
            elapsed = time.perf_counter() - started
            sent, refused = Counting.sent - sent, Counting.refused - refused
            fh.close()
    assert frame.index.get_level_values("symbol").nunique() == PULL
    floor = PULL / QUOTA * WINDOW
    window_floor = (PULL // QUOTA - 1) * WINDOW
    print(
        f"(f) history, {PULL} symbols x 1 year daily, loopback HTTP, 50 ms latency, a server "
        f"quota of {QUOTA} per {WINDOW:g} s: {elapsed:.1f} s, {sent} requests, {refused} "
        f"answered 429 -> {elapsed / floor:.2f}x the quota's {floor:g} s (goal <= 1.1x, no "
        f"429); {elapsed / window_floor:.2f}x a sliding window's floor of {window_floor:g} s"
    )
    return elapsed <= 1.1 * floor and refused == 0 and sent == PULL


def main() -> int:
    ok = short_range()
    ok &= warm_and_incremental()
    ok &= big_pull()
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
