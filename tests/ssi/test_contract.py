"""Contract tests: every SSI call, through both faces, against the sandbox's SSI dialect
(``Sandbox().ssi()``), which verifies tokens, signatures and request fields as the reference
says SSI does. The market is pinned to a Friday morning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import vnfin
from vnfin.orders import OrderStatus, Side
from vnfin.sandbox import Sandbox

Face = Callable[..., Any]
VN = "Asia/Ho_Chi_Minh"


@pytest.fixture
def trader(sandbox: Sandbox, face: Face) -> Face:
    face("auth.verify", sandbox.ssi_pin)
    return face


# -- market data -----------------------------------------------------------------------------------


def test_reference_lists(face: Face) -> None:
    listed = face("market.securities", "HOSE")
    assert "VNM" in listed.index and set(listed.exchange) == {"HOSE"}
    assert listed.attrs["source"] == "ssi" and listed.attrs["simulated"] is True
    everything = face("market.securities")
    assert {"HOSE", "HNX", "UPCOM"} <= set(everything.exchange)
    vnm = face("market.security", "vnm")
    assert vnm.index.tolist() == ["VNM"]
    assert (vnm.exchange.item(), vnm.sec_type.item(), vnm.lot_size.item()) == ("HOSE", "ST", 100)
    assert face("market.security", "ZZZZ").empty
    indices = face("market.indices")
    assert {"VNINDEX", "VN30"} <= set(indices.index)
    members = face("market.index_components", "VN30")
    assert len(members) == 30 and set(members["index"]) == {"VN30"}


def test_history_matches_finhays_bar_for_bar(sandbox: Sandbox, face: Face) -> None:
    bars = face("market.history", ["VNM", "FPT"], "2026-01-01", "2026-11-20", progress=False)
    assert bars.index.names == ["symbol", "time"]
    assert list(bars.columns) == ["open", "high", "low", "close", "volume"]
    assert bars.dtypes.tolist() == ["float64"] * 4 + ["int64"]
    times = bars.loc["VNM"].index
    assert str(times.tz) == VN and (times == times.normalize()).all()
    assert times.is_monotonic_increasing and times[-1] == pd.Timestamp("2026-11-20", tz=VN)
    fh = sandbox.finhay()
    try:
        theirs = fh.market.history(["VNM", "FPT"], "2026-01-01", "2026-11-20", progress=False)
    finally:
        fh.close()
    pd.testing.assert_frame_equal(bars, theirs, check_freq=False)  # same shape, same bars


def test_a_year_of_daily_bars_takes_one_request_per_30_days(sandbox: Sandbox, face: Face) -> None:
    face("market.history", "VNM", "2026-01-01", "2026-01-02", progress=False)  # tokens fetched
    before = sandbox.requests_seen
    one = face("market.history", "VNM", "2025-11-21", "2026-11-20", progress=False)
    assert sandbox.requests_seen - before == 13  # 366 days in 30-day windows
    assert one.index.name == "time" and len(one) > 240


def test_intraday_history(face: Face) -> None:
    bars = face("market.history", "VNM", "2026-11-20", None, "5m", progress=False)
    assert bars.index[0] == pd.Timestamp("2026-11-20 09:00", tz=VN)
    assert bars.index[-1] <= pd.Timestamp("2026-11-20 10:30", tz=VN)
    assert (bars.index.to_series().diff().dropna() >= pd.Timedelta(minutes=5)).all()


def test_the_legacy_dialect_reads_the_same(sandbox: Sandbox, face: Face) -> None:
    pascal = face("market.history", "VNM", "2026-10-01", "2026-11-20", progress=False)
    sandbox.apps["ssi"].data_shape = "legacy"  # type: ignore[attr-defined]
    legacy = face("market.history", "VNM", "2026-10-01", "2026-11-20", progress=False)
    pd.testing.assert_frame_equal(pascal, legacy)
    assert not face("market.securities", "HNX").empty


def test_index_history_and_daily_prices(face: Face) -> None:
    index = face("market.index_history", "VN30", "2026-09-01", "2026-11-20")
    assert index.index[-1] == pd.Timestamp("2026-11-20", tz=VN)
    assert index.index_value.notna().all() and index.index.is_monotonic_increasing
    prices = face("market.daily_prices", "VNM", "2026-11-01", "2026-11-20")
    today = prices.iloc[-1]
    assert today.floor < today.reference < today.ceiling
    assert prices.index[-1] == pd.Timestamp("2026-11-20", tz=VN)


# -- accounts --------------------------------------------------------------------------------------


def test_account_reads(face: Face) -> None:
    held = face("account.stock_position")
    assert "VNM" in set(held.symbol) and (held.quantity >= held.sellable).all()
    cash = face("account.cash_balance")
    assert cash.purchasing_power.item() > 0
    assert face("account.margin").purchasing_power.item() > 0
    assert face("account.max_buy_quantity", "VNM", 68000).max_buy_quantity.item() > 0
    assert face("account.max_sell_quantity", "VNM").max_sell_quantity.item() > 0
    assert face("account.order_book").empty and face("account.audit_order_book").empty
    assert face("account.derivative_balance").account_balance.item() > 0
    assert face("account.derivative_position").empty


def test_snapshot(face: Face) -> None:
    snap = face("account.snapshot")
    assert isinstance(snap, vnfin.AccountSnapshot) and snap.accounts == ("1234567",)
    assert snap.cash > 0 and snap.nav >= snap.cash and snap.simulated
    assert {p.symbol for p in snap.positions} >= {"VNM"}


# -- orders ----------------------------------------------------------------------------------------


def test_place_amend_cancel(sandbox: Sandbox, trader: Face) -> None:
    order = trader("orders.place", "VNM", "BUY", 100, 68000)
    assert order.order_id and order.request_id and order.status is OrderStatus.OPEN
    assert order.side is Side.BUY and order.price == 68000.0
    book = trader("account.order_book")
    assert book.order_id.tolist() == [order.order_id]
    assert book.request_id.tolist() == [order.request_id]
    amended = trader("orders.amend", order, quantity=200, price=68100)
    assert (amended.quantity, amended.price) == (200, 68100.0)
    cancelled = trader("orders.cancel", order.order_id)
    assert cancelled.status is OrderStatus.CANCELLED
    history = trader("account.order_history", "2026-11-20", "2026-11-20")
    assert order.order_id in set(history.order_id)
    assert sandbox.order_writes == 3


def test_market_orders_and_sales(trader: Face) -> None:
    atc = trader("orders.place", "VNM", "SELL", 100, order_type="ATC")
    assert atc.order_type == "ATC" and atc.price is None and atc.is_open
    preview = trader("orders.preview", "VNM", "BUY", 100, 68000)
    assert preview.market.exchange == "HOSE" and preview.estimate.value == 6_800_000


def test_pre_trade_checks_use_todays_band(sandbox: Sandbox, trader: Face) -> None:
    prices = trader("market.daily_prices", "VNM", "2026-11-20", "2026-11-20").iloc[-1]
    with pytest.raises(vnfin.ValidationError, match="ceiling"):
        trader("orders.place", "VNM", "BUY", 100, int(prices.ceiling) + 100)
    with pytest.raises(vnfin.ValidationError, match="sellable"):
        trader("orders.place", "VNM", "SELL", 1_000_000, int(prices.reference))
    assert sandbox.order_writes == 0


def test_the_otp_flow(sandbox: Sandbox, face: Face) -> None:
    sandbox.apps["ssi"].two_factor_type = 1  # type: ignore[attr-defined]
    face("auth.request_otp")
    with pytest.raises(vnfin.BadRequest):
        face("auth.verify", sandbox.ssi_pin, two_factor_type=1)
    face("auth.verify", sandbox.ssi_otp_code, two_factor_type=1)
    assert face("orders.place", "VNM", "BUY", 100, 68000).order_id


def test_an_unsaved_code_goes_with_each_write(sandbox: Sandbox, face: Face) -> None:
    face("auth.verify", sandbox.ssi_pin, save=False)
    order = face("orders.place", "VNM", "BUY", 100, 68000)
    assert face("orders.cancel", order).status is OrderStatus.CANCELLED


def test_a_lost_answer_is_found_in_the_book_and_never_resent(
    sandbox: Sandbox, trader: Face
) -> None:
    sandbox.faults.next_order_write = ("500", True)
    with pytest.warns(UserWarning, match="it is in today's book"):
        order = trader("orders.place", "VNM", "BUY", 100, 68000)
    assert order.order_id and sandbox.order_writes == 1
    sandbox.faults.next_order_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown):
        trader("orders.place", "VNM", "BUY", 100, 68000)
    assert sandbox.order_writes == 2
    assert len(trader("account.order_book")) == 1


def test_reads_are_retried_and_writes_are_not(sandbox: Sandbox, trader: Face) -> None:
    trader("account.order_book")  # tokens in hand
    sandbox.faults.error_rate = 1.0  # every request fails with a 500
    before = sandbox.requests_seen
    with pytest.raises(vnfin.ServerError):
        trader("account.order_book")
    assert sandbox.requests_seen - before == 4  # the first try and max_retries=3 more
    sandbox.faults.error_rate = 0.0
    sandbox.faults.next_order_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown):
        trader("orders.place", "VNM", "BUY", 100, 68000)
    assert sandbox.order_writes == 1  # sent once; the rest were reads (checks, the book)
