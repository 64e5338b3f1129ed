"""``python -m vnfin.sandbox`` options a benchmark or a user needs: the server quota's window
(``--rate-limit N --rate-window S``) and another universe of listings (``--reference DIR``),
over real loopback HTTP."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

import vnfin
from vnfin._data import data_dir
from vnfin.sandbox import Sandbox


def _env(lines: list[str]) -> dict[str, str]:
    return dict(line.strip().split("=", 1) for line in lines if line.startswith("FINHAY_"))


def test_the_quota_is_n_requests_per_window_of_seconds(cli: Callable[..., Any]) -> None:
    with cli("--rate-limit", "3", "--rate-window", "30") as lines:
        env = _env(lines)
        with httpx.Client(base_url=env["FINHAY_BASE_URL"]) as client:
            key = {"X-FH-APIKEY": env["FINHAY_API_KEY"]}
            codes = [
                client.get("/market/stock-realtime?symbol=VNM", headers=key).status_code
                for _ in range(4)
            ]
            reset = client.get("/market/stock-realtime?symbol=VNM", headers=key)
    assert codes == [200, 200, 200, 429]
    assert reset.status_code == 429 and "X-RateLimit-Reset" in reset.headers


def _universe(folder: Path) -> None:
    for name in ("holidays.csv", "indices.csv"):
        (folder / name).write_bytes((data_dir() / name).read_bytes())
    with (data_dir() / "tickers.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    extra = {**rows[0], "symbol": "QZZ", "exchange": "UPCOM", "name": "Synthetic QZZ"}
    extra.update(reference_price="12300", shares_outstanding="1000000")
    with (folder / "tickers.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, extra])


def test_another_universe_of_listings(cli: Callable[..., Any], tmp_path: Path) -> None:
    _universe(tmp_path)
    assert "QZZ" in Sandbox(reference=tmp_path).engine.instruments
    assert "QZZ" not in Sandbox().engine.instruments
    with cli("--reference", str(tmp_path)) as lines:
        env = _env(lines)
        with vnfin.Finhay(
            env["FINHAY_API_KEY"], env["FINHAY_API_SECRET"], base_url=env["FINHAY_BASE_URL"]
        ) as fh:
            bars = fh.market.history("QZZ", "2025-01-01", "2025-03-31")
            quote = fh.market.quote("VNM")
    assert len(bars) > 50 and bars.attrs["simulated"]
    assert len(quote) == 1
