"""``ssi.market.history`` over a scripted FCData server: ranges split into 30-day windows,
pages followed (``totalRecord``), symbols fetched concurrently, refused symbols skipped on
request, and the shape of Finhay's history."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from typing import Any

import httpx
import pandas as pd
import pytest

import vnfin
from vnfin.ssi import SSI

from .conftest import CONSUMER_ID, CONSUMER_SECRET, jwt

VN = "Asia/Ho_Chi_Minh"


class Bars:
    """DailyOhlc and IntradayOhlc: one bar per weekday (daily) or per minute from 09:00 to
    09:59 (intraday), paged, PascalCase numbers as strings; ``BAD`` is refused."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.calls: list[dict[str, str]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("AccessToken"):
            return _ok({"accessToken": jwt(4_102_444_800)})
        params = dict(request.url.params)
        with self.lock:
            self.calls.append(params)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
            return self.answer(request.url.path, params)
        finally:
            with self.lock:
                self.in_flight -= 1

    def answer(self, path: str, params: dict[str, str]) -> httpx.Response:
        if params["symbol"] == "BAD":
            return httpx.Response(400, json={"message": "Symbol not found", "status": 400})
        first = dt.datetime.strptime(params["fromDate"], "%d/%m/%Y").date()
        last = dt.datetime.strptime(params["toDate"], "%d/%m/%Y").date()
        if path.endswith("DailyOhlc") and (last - first).days >= 30:
            return httpx.Response(400, json={"message": "max 30 days", "status": 400})
        rows = []
        day = first
        while day <= last:
            if day.weekday() < 5:
                minutes = range(60) if path.endswith("IntradayOhlc") else [None]
                for minute in minutes:
                    rows.append(_bar(params["symbol"], day, minute))
            day += dt.timedelta(days=1)
        size, index = int(params["pageSize"]), int(params["pageIndex"])
        page = rows[(index - 1) * size : index * size]
        return _ok(page, totalRecord=len(rows))


def _ok(data: Any, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"message": "Success", "status": 200, "data": data, **extra})


def _bar(symbol: str, day: dt.date, minute: int | None) -> dict[str, Any]:
    price = 10_000 + day.toordinal() % 100 * 10 + (minute or 0)
    return {
        "Symbol": symbol,
        "TradingDate": day.strftime("%d/%m/%Y"),
        "Time": None if minute is None else f"09:{minute:02d}:00",
        "Open": str(price),
        "High": str(price + 50),
        "Low": str(price - 50),
        "Close": str(price + 10),
        "Volume": str(1000 + day.day),
        "Value": "0",
    }


def client(server: Bars, **options: Any) -> SSI:
    return SSI(
        CONSUMER_ID,
        CONSUMER_SECRET,
        data_url="https://data.test",
        transport=httpx.MockTransport(server),  # type: ignore[arg-type]
        **options,
    )


def test_a_year_in_30_day_windows_for_many_symbols_at_once() -> None:
    server = Bars(latency=0.02)
    with client(server, max_concurrency=16) as ssi:
        bars = ssi.market.history(["AAA", "BBB", "CCC"], "2024-01-01", "2024-12-31", progress=False)
    assert len(server.calls) == 3 * 13  # 366 days / 30
    assert server.most_in_flight > 3  # windows of several symbols in flight together
    windows = {(c["fromDate"], c["toDate"]) for c in server.calls}
    assert ("01/01/2024", "30/01/2024") in windows and ("26/12/2024", "31/12/2024") in windows
    assert bars.index.names == ["symbol", "time"]
    assert bars.index.get_level_values("symbol").unique().tolist() == ["AAA", "BBB", "CCC"]
    aaa = bars.loc["AAA"]
    assert len(aaa) == 262 and aaa.index.is_unique and aaa.index.is_monotonic_increasing
    assert aaa.index[0] == pd.Timestamp("2024-01-01", tz=VN)
    assert bars.dtypes.tolist() == ["float64"] * 4 + ["int64"]
    assert bars.attrs["endpoint"] == "/api/v2/Market/DailyOhlc"
    assert bars.attrs["resolution"] == "1D" and bars.attrs["source"] == "ssi"


def test_intraday_pages_are_followed() -> None:
    server = Bars()
    with client(server) as ssi:
        bars = ssi.market.history("VNM", "2024-03-04", "2024-03-29", "1m", progress=False)
    # 20 weekdays x 60 minutes in windows of 7 days: 300 bars a window, 1,000 a page
    assert len(bars) == 20 * 60
    assert bars.index[0] == pd.Timestamp("2024-03-04 09:00", tz=VN)
    assert {c["resolution"] for c in server.calls} == {"1"}
    assert bars.index.name == "time" and bars.index.is_monotonic_increasing


def test_many_pages_in_one_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(vnfin.ssi.vocab.PAGE_SIZE, "IntradayOhlc", 100)
    server = Bars()
    with client(server) as ssi:
        bars = ssi.market.history("VNM", "2024-03-04", "2024-03-08", "1", progress=False)
    assert sorted(int(c["pageIndex"]) for c in server.calls) == [1, 2, 3]  # 300 bars
    assert {c["pageSize"] for c in server.calls} == {"100"}
    assert len(bars) == 5 * 60 and bars.index.is_unique and bars.index.is_monotonic_increasing


def test_refused_symbols_raise_or_are_skipped() -> None:
    server = Bars()
    with client(server, max_retries=0) as ssi:
        with pytest.raises(vnfin.BadRequest, match="Symbol not found"):
            ssi.market.history(["VNM", "BAD"], "2024-01-01", "2024-03-31", progress=False)
        with pytest.warns(UserWarning, match="skipped 1 symbol"):
            bars = ssi.market.history(
                ["VNM", "BAD"], "2024-01-01", "2024-03-31", progress=False, errors="skip"
            )
    assert bars.index.get_level_values("symbol").unique().tolist() == ["VNM"]
    assert "BAD" in bars.attrs["failed"]


def test_bad_arguments_fail_before_any_request() -> None:
    server = Bars()
    with client(server) as ssi:
        for kwargs in (
            {"symbols": "VNM", "start": "2024-02-01", "end": "2024-01-01"},
            {"symbols": "VNM", "start": "2024-01-01", "resolution": "7"},
            {"symbols": "V N M", "start": "2024-01-01"},
            {"symbols": "VNM", "start": "2024-01-01", "errors": "ignore"},
        ):
            with pytest.raises(vnfin.ValidationError):
                ssi.market.history(**kwargs)
    assert server.calls == []
