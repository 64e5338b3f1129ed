"""Contract tests: both client faces against the sandbox, same expectations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

import vnfin
from vnfin.rules import on_tick
from vnfin.sandbox import Sandbox

Call = Callable[..., pd.DataFrame]


@pytest.fixture
def market(face: Call) -> Call:
    """``market("history", ...)`` on the face under test."""
    return lambda name, *a, **k: face(f"market.{name}", *a, **k)


def test_quote(market: Call) -> None:
    q = market("quote", "vnm")
    assert list(q.index) == ["VNM"] and q.index.name == "symbol"
    row = q.loc["VNM"]
    for column in (
        "price",
        "reference",
        "ceiling",
        "floor",
        "change_percent",
        "buy_price_1",
        "sell_volume_3",
        "total_volume",
        "exchange",
        "name",
    ):
        assert column in q.columns
    assert row.exchange == "HOSE" and row["name"] == "CTCP Sữa Việt Nam"
    assert row.floor <= row.low <= row.price <= row.high <= row.ceiling
    assert row.change == pytest.approx(row.price - row.reference)
    assert row.change_percent == pytest.approx(row.change / row.reference * 100, abs=0.006)
    assert on_tick(row.price, "HOSE")
    assert q.attrs["simulated"] is True and q.attrs["unit"] == "VND"
    assert q.dtypes["price"] == np.float64


def test_quotes_by_list_and_exchange(market: Call) -> None:
    q = market("quotes", ["FPT", "SHS", "ACV"])
    assert list(q.index) == ["FPT", "SHS", "ACV"]
    assert list(q.exchange) == ["HOSE", "HNX", "UPCOM"]
    board = market("quotes", exchange="hnx")
    assert len(board) > 20 and set(board.exchange) == {"HNX"}
    band = (board.ceiling / board.reference - 1).round(2)
    assert (band <= 0.10).all() and (band >= 0.09).all()


def test_unknown_symbol_is_an_api_error(market: Call) -> None:
    with pytest.raises(vnfin.APIError) as info:
        market("quote", "ZZZZ")
    assert info.value.status_code == 400 and info.value.message == "Invalid symbol"


def test_daily_history_end_inclusive_local_midnight(market: Call) -> None:
    h = market("history", "VNM", "2024-01-01", "2024-01-31")
    assert list(h.columns) == ["open", "high", "low", "close", "volume"]
    assert [str(t) for t in h.dtypes] == ["float64"] * 4 + ["int64"]
    assert h.index.name == "time" and str(h.index.tz) == "Asia/Ho_Chi_Minh"
    assert h.index.is_monotonic_increasing
    assert (h.index == h.index.normalize()).all()
    assert h.index[0] == pd.Timestamp("2024-01-02", tz="Asia/Ho_Chi_Minh")  # 1 Jan: holiday
    assert h.index[-1] == pd.Timestamp("2024-01-31", tz="Asia/Ho_Chi_Minh")
    assert len(h) == 22
    assert h.attrs["resolution"] == "1D" and h.attrs["simulated"]


def test_input_forms_agree(market: Call) -> None:
    a = market("history", "VNM", "2024-01-01", "2024-01-31")
    b = market("history", "vnm", dt.date(2024, 1, 1), "31/01/2024")
    c = market("history", "VNM", pd.Timestamp("2024-01-01"), dt.datetime(2024, 1, 31, 15))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)


def test_long_ranges_are_chunked_transparently(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    before = sandbox.requests_seen
    h = fh.market.history("FPT", "2019-01-01", "2025-12-31")
    assert sandbox.requests_seen - before == 7  # 366-day windows
    assert h.index.is_unique and h.index.is_monotonic_increasing
    assert h.index[0].year == 2019 and h.index[-1] == pd.Timestamp("2025-12-31", tz=h.index.tz)
    assert 1700 < len(h) < 1780  # ~250 sessions a year
    yearly = fh.market.history("FPT", "2022-01-01", "2022-12-31")
    pd.testing.assert_frame_equal(h.loc["2022"], yearly, check_freq=False)


def test_many_symbols_multiindex_same_columns(market: Call) -> None:
    h = market("history", ["VNM", "SHS", "ACV"], "2024-03-01", "2024-03-31")
    assert h.index.names == ["symbol", "time"]
    assert list(h.columns) == ["open", "high", "low", "close", "volume"]
    assert list(h.index.get_level_values("symbol").unique()) == ["VNM", "SHS", "ACV"]
    one = market("history", ["VNM"], "2024-03-01", "2024-03-31")
    assert one.index.names == ["symbol", "time"]
    single = market("history", "VNM", "2024-03-01", "2024-03-31")
    pd.testing.assert_frame_equal(one.loc["VNM"], single, check_freq=False)


def test_intraday_only_in_session_hours(market: Call) -> None:
    h = market("history", "HPG", "2026-11-16", "2026-11-20", "5m")
    minutes = h.index.hour * 60 + h.index.minute
    assert ((minutes >= 540) & (minutes < 690) | (minutes >= 780) & (minutes < 885)).all()
    assert set(h.index.day_of_week) <= {0, 1, 2, 3, 4}
    assert h.index.max() <= pd.Timestamp("2026-11-20 10:30", tz="Asia/Ho_Chi_Minh")
    daily = market("history", "HPG", "2026-11-16", "2026-11-19")
    by_day = h.groupby(h.index.normalize()).agg(
        {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
    )
    pd.testing.assert_frame_equal(
        by_day.loc[daily.index], daily, check_names=False, check_freq=False
    )


def test_intraday_exact_end_time(market: Call) -> None:
    h = market("history", "VNM", "2026-11-19 10:00", "2026-11-19 10:59", "15")
    assert [t.strftime("%H:%M") for t in h.index] == ["10:00", "10:15", "10:30", "10:45"]


def test_partial_today_bar(market: Call, sandbox: Sandbox) -> None:
    h = market("history", "VNM", "2026-11-20", "2026-11-20")
    q = market("quote", "VNM")
    assert len(h) == 1
    assert h.close.iloc[0] == q.price.iloc[0]
    assert h.volume.iloc[0] == q.total_volume.iloc[0]


def test_indices_and_intraday(market: Call) -> None:
    snap = market("indices")
    assert list(snap.index) == ["VNINDEX", "VN30", "HNXINDEX", "HNX30", "UPCOMINDEX"]
    assert snap.loc["VNINDEX", "session"] == "PROGRESS"
    series = market("index_intraday", ["vnindex", "HNX"])
    assert series.index.names == ["symbol", "time"]
    vn = series.loc["VNINDEX"]
    assert vn.index_value.iloc[-1] == pytest.approx(snap.loc["VNINDEX", "index_value"])
    assert vn.index[0].strftime("%H:%M") == "09:00"
    assert vn.index[-1].strftime("%H:%M") == "10:30"
    total = vn.advances + vn.declines + vn.unchanged
    assert (total == total.iloc[0]).all()


def test_index_history(market: Call) -> None:
    h = market("history", "VNINDEX", "2026-11-02", "2026-11-19")
    assert len(h) == 14 and (h.close > 1000).all()


@pytest.mark.parametrize(
    ("when", "hose", "hnx", "types"),
    [
        ("2026-11-20 09:05", "OPEN", "PROGRESS", ["LO", "MP", "ATO", "ATC"]),
        ("2026-11-20 12:00", "BREAK", "BREAK", ["LO", "MP", "ATC"]),
        ("2026-11-20 14:35", "PRE_CLOSED", "PRE_CLOSED", ["LO", "ATC"]),
        ("2026-11-20 14:50", "PUT_THROUGH", "POST_SESSION", []),
        ("2026-11-21 10:00", "CLOSED", "CLOSED", []),
        ("2026-09-02 10:00", "CLOSED", "CLOSED", []),
    ],
)
def test_session(sandbox: Sandbox, when: str, hose: str, hnx: str, types: list[str]) -> None:
    sandbox.now = when
    s = sandbox.finhay().market.session(["HOSE", "hnx"])
    assert s.loc["HOSE", "exchange_session"] == hose
    assert s.loc["HNX", "exchange_session"] == hnx
    assert s.loc["HOSE", "available_order_types"] == types


def test_errors_skip_keeps_the_rest(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    with pytest.warns(UserWarning, match="ZZZ"):
        h = fh.market.history(["VNM", "ZZZ"], "2024-01-01", "2024-01-31", errors="skip")
    assert list(h.index.get_level_values("symbol").unique()) == ["VNM"]
    assert "ZZZ" in h.attrs["failed"]
    with pytest.raises(vnfin.APIError, match="Invalid symbol"):
        fh.market.history(["VNM", "ZZZ"], "2024-01-01", "2024-01-31")


def test_empty_range_gives_empty_frame(market: Call) -> None:
    h = market("history", "VNM", "2024-02-10", "2024-02-14")  # Tết
    assert h.empty and list(h.columns) == ["open", "high", "low", "close", "volume"]
    assert str(h.index.tz) == "Asia/Ho_Chi_Minh"
    multi = market("history", ["VNM", "FPT"], "2024-02-10", "2024-02-14")
    assert multi.empty and multi.index.names == ["symbol", "time"]


def test_retry_recovers_from_forced_429(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    sandbox.force_429(2)
    before = sandbox.requests_seen
    q = fh.market.quote("FPT")
    assert len(q) == 1 and sandbox.requests_seen - before == 3


def test_error_rate_is_absorbed_by_get_retries(sandbox: Sandbox) -> None:
    sandbox.faults.error_rate = 0.3
    fh = sandbox.finhay(max_retries=8)
    h = fh.market.history(["VNM", "FPT", "HPG", "VCB"], "2023-01-01", "2024-12-31")
    assert len(h.index.get_level_values("symbol").unique()) == 4
