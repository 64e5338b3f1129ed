"""DNSE's public chart endpoint on the wire (reference §4.9): no login, epoch seconds, arrays
``t o h l c v``; stock prices in thousands of VND that are Finhay's bars of the same world
divided by 1,000, index levels in points, the weekly and the 1- and 3-minute resolutions
built from the others, and what it answers for what it does not know."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

CHART = "/chart-api/v2/ohlcs"
VN = dt.timezone(dt.timedelta(hours=7))
START = int(dt.datetime(2026, 9, 1, tzinfo=VN).timestamp())
END = int(dt.datetime(2026, 11, 20, 15, tzinfo=VN).timestamp())
DAY_START = int(dt.datetime(2026, 11, 19, tzinfo=VN).timestamp())


def chart(client: httpx.Client, kind: str, symbol: str, resolution: str, t0: int, t1: int) -> Any:
    params = {"symbol": symbol, "resolution": resolution, "from": t0, "to": t1}
    r = client.get(f"{CHART}/{kind}", params=params)  # no Authorization: none is needed
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"t", "o", "h", "l", "c", "v", "sandbox"}
    return body


def finhay(
    client: httpx.Client, sb: Sandbox, symbol: str, resolution: str, t0: int, t1: int
) -> Any:
    r = client.get(
        "/market/price-histories-chart",
        params={"symbol": symbol, "resolution": resolution, "from": t0, "to": t1},
        headers={"X-FH-APIKEY": sb.api_key},
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


@pytest.mark.parametrize(
    ("resolution", "theirs", "t0"),
    [
        ("1D", "1D", START),
        ("D", "1D", START),
        ("1H", "1H", DAY_START),
        ("30", "30", DAY_START),
        ("15", "15", DAY_START),
        ("5", "5", DAY_START),
    ],
)
def test_stock_bars_are_finhays_in_thousands(
    client: httpx.Client, sb: Sandbox, resolution: str, theirs: str, t0: int
) -> None:
    ours = chart(client, "stock", "VNM", resolution, t0, END)
    reference = finhay(client, sb, "VNM", theirs, t0, END)
    assert len(ours["t"]) > 5 and ours["t"] == reference["time"]
    for key, name in (("o", "open"), ("h", "high"), ("l", "low"), ("c", "close")):
        assert [round(x * 1000) for x in ours[key]] == reference[name]
        assert all(round(x, 2) == x for x in ours[key])
    assert ours["v"] == reference["volume"]
    assert 60 < ours["c"][-1] < 80  # VNM around 69,500 VND: thousands, not VND


def test_daily_bars_are_stamped_as_the_world_stamps_them(client: httpx.Client) -> None:
    bars = chart(client, "stock", "FPT", "1D", START, END)
    last = dt.datetime.fromtimestamp(bars["t"][-1], dt.UTC)
    assert (last.date(), last.time()) == (dt.date(2026, 11, 20), dt.time(0))


def test_index_levels_are_points(client: httpx.Client, sb: Sandbox) -> None:
    for ours, theirs in (("VN30", "VN30"), ("HNX", "HNXINDEX"), ("UPCOMINDEX", "UPCOMINDEX")):
        bars = chart(client, "index", ours, "1D", START, END)
        reference = finhay(client, sb, theirs, "1D", START, END)
        assert bars["t"] == reference["time"] and bars["c"] == reference["close"]
    assert 1000 < chart(client, "index", "VN30", "1D", START, END)["c"][-1] < 3000


def test_weekly_bars_gather_the_daily_ones(client: httpx.Client) -> None:
    monday = int(dt.datetime(2026, 9, 7, tzinfo=VN).timestamp())
    daily = chart(client, "stock", "HPG", "1D", monday, END)
    weekly = chart(client, "stock", "HPG", "W", monday, END)
    weeks: dict[dt.date, list[int]] = {}
    for i, t in enumerate(daily["t"]):
        day = dt.datetime.fromtimestamp(t, dt.UTC).date()
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(i)
    assert len(weekly["t"]) == len(weeks) >= 11
    for n, rows in enumerate(weeks.values()):
        assert weekly["t"][n] == daily["t"][rows[0]]
        assert weekly["o"][n] == daily["o"][rows[0]] and weekly["c"][n] == daily["c"][rows[-1]]
        assert weekly["h"][n] == max(daily["h"][i] for i in rows)
        assert weekly["l"][n] == min(daily["l"][i] for i in rows)
        assert weekly["v"][n] == sum(daily["v"][i] for i in rows)
    mid_week = chart(client, "stock", "HPG", "W", monday + 2 * 86_400, END)
    assert mid_week["t"] == weekly["t"][1:]  # a week is in when it starts in the range


def test_one_and_three_minute_bars(client: httpx.Client) -> None:
    ones = chart(client, "stock", "VNM", "1", DAY_START, DAY_START + 86_400)
    threes = chart(client, "stock", "VNM", "3", DAY_START, DAY_START + 86_400)
    assert len(ones["t"]) == 255 and len(threes["t"]) == 85  # 09:00-11:30, 13:00-14:45
    assert threes["t"][0] == ones["t"][0] == DAY_START + 9 * 3600
    assert threes["h"][0] == max(ones["h"][:3]) and threes["c"][0] == ones["c"][2]
    assert threes["v"][-1] == sum(ones["v"][-3:])


def test_only_what_has_happened(client: httpx.Client, sb: Sandbox) -> None:
    today = int(dt.datetime(2026, 11, 20, tzinfo=VN).timestamp())
    bars = chart(client, "stock", "VNM", "1", today, today + 86_400)
    assert bars["t"][-1] == today + 10 * 3600 + 30 * 60  # the minute in progress at 10:30
    assert bars["c"][-1] == 69.5


def test_what_the_chart_does_not_know(client: httpx.Client, sb: Sandbox) -> None:
    empty = {"t": [], "o": [], "h": [], "l": [], "c": [], "v": []}
    for kind, symbol in (("stock", "NOPE"), ("derivative", "VN30F2612"), ("index", "VNM")):
        bars = chart(client, kind, symbol, "1D", START, END)
        assert {k: v for k, v in bars.items() if k != "sandbox"} == empty
    for params in (
        {"symbol": "VNM", "resolution": "2H", "from": START, "to": END},
        {"symbol": "VNM", "resolution": "1D", "from": END, "to": START},
        {"symbol": "VNM", "resolution": "1D", "from": "x", "to": END},
        {"symbol": "VNM", "resolution": "1D", "to": END},
        {"resolution": "1D", "from": START, "to": END},
    ):
        r = client.get(f"{CHART}/stock", params=params)
        assert r.status_code == 400 and r.json()["code"] == "BAD_REQUEST"
    assert client.get(f"{CHART}/bond", params={"symbol": "VNM"}).status_code == 404
    r = client.post(f"{CHART}/stock")
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    assert sb.dnse_app.auth.otp_requests == 0
