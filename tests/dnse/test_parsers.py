"""The pure parsers (reference §4.3–§4.6, §4.9) fed documented shapes: chart arrays with the
assumed ×1,000 stock scale, orders with DNSE's statuses, deals and positions, accounts; and
``market.history``'s frame shape over the scripted server."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

import vnfin
from vnfin.dnse import DNSE
from vnfin.dnse.account import positions
from vnfin.dnse.parsers import market, trading
from vnfin.orders import OrderStatus, Side

from .conftest import FakeDNSE

Make = Callable[..., DNSE]
DAY = 86_400
T0 = 1_763_596_800  # 2025-11-20 00:00 UTC


def test_chart_arrays_become_bars_in_vnd_at_local_midnight() -> None:
    payload = {
        "t": [T0, T0 + DAY],
        "o": [68.1, 68.35],
        "h": [69.0, 69.1],
        "l": [67.5, 67.95],
        "c": [68.6, 12.35],
        "v": [1_000_100, 2_000_200],
    }
    bars = market.bars(payload, scale=1000.0)
    assert list(bars.columns) == ["open", "high", "low", "close", "volume"]
    assert list(bars["close"]) == [68600.0, 12350.0]  # no float noise from the scaling
    assert list(bars["open"]) == [68100.0, 68350.0]
    assert bars["volume"].dtype == np.int64 and bars["close"].dtype == np.float64
    assert [str(t) for t in bars.index] == [
        "2025-11-20 00:00:00+07:00",
        "2025-11-21 00:00:00+07:00",
    ]
    assert bars.index.name == "time"


def test_index_points_are_kept_and_intraday_bars_keep_their_time() -> None:
    payload = {
        "t": [T0 + 2 * 3600],
        "o": [1652.37],
        "h": [1660],
        "l": [1650],
        "c": [1655.5],
        "v": [9],
    }
    bars = market.bars(payload, daily=False)
    assert bars["close"].iloc[0] == 1655.5
    assert str(bars.index[0]) == "2025-11-20 09:00:00+07:00"


@pytest.mark.parametrize("payload", [None, {}, {"t": []}, {"s": "no_data"}])
def test_no_bars_is_an_empty_frame_with_the_columns(payload: object) -> None:
    bars = market.bars(payload)
    assert bars.empty and list(bars.columns) == ["open", "high", "low", "close", "volume"]


@pytest.mark.parametrize(
    "payload", [[1, 2], {"t": "x"}, {"t": [T0], "o": [1], "h": [1], "l": [1], "c": [1]}]
)
def test_malformed_chart_payloads_are_response_errors(payload: object) -> None:
    with pytest.raises(vnfin.ResponseError):
        market.bars(payload)


@pytest.mark.parametrize(
    ("raw", "filled", "status"),
    [
        ("pending", 0, OrderStatus.PENDING),
        ("pendingNew", 0, OrderStatus.PENDING),
        ("new", 0, OrderStatus.OPEN),
        ("new", 100, OrderStatus.PARTIALLY_FILLED),
        ("partiallyFilled", 100, OrderStatus.PARTIALLY_FILLED),
        ("filled", 300, OrderStatus.FILLED),
        ("canceled", 100, OrderStatus.CANCELLED),
        ("rejected", 0, OrderStatus.REJECTED),
        ("expired", 0, OrderStatus.EXPIRED),
        ("doneForDay", 100, OrderStatus.EXPIRED),
        ("somethingElse", 0, OrderStatus.UNKNOWN),
    ],
)
def test_order_statuses(raw: str, filled: int, status: OrderStatus) -> None:
    row = {
        "id": 7,
        "side": "NS",
        "accountNo": "0001000115",
        "symbol": "VNM",
        "price": 68500,
        "quantity": 300,
        "orderType": "LO",
        "orderStatus": raw,
        "fillQuantity": filled,
        "averagePrice": 68500 if filled else 0,
        "createdDate": "2026-11-20T10:30:00.123+07:00",
    }
    order = trading.order(row)
    assert order.status is status and order.raw_status == raw
    assert (order.order_id, order.side, order.quantity, order.filled_quantity) == (
        "7",
        Side.SELL,
        300,
        filled,
    )
    assert order.average_price == (68500.0 if filled else None)
    assert str(order.created_at) == "2026-11-20 10:30:00.123000+07:00"


def test_the_orders_frame_has_the_shared_columns_then_dnses() -> None:
    rows = {
        "orders": [
            {
                "id": 1,
                "side": "NB",
                "symbol": "VNM",
                "price": 0,
                "quantity": 100,
                "orderType": "MP",
                "orderStatus": "expired",
                "error": "0",
                "transDate": "2026-11-20",
                "loanPackageId": 1036,
            },
            {
                "id": 2,
                "side": "NB",
                "symbol": "FPT",
                "price": 99000,
                "quantity": 100,
                "orderType": "LO",
                "orderStatus": "rejected",
                "error": "QMAX_EXCEED",
            },
        ]
    }
    frame = trading.orders_table(trading.orders(rows, "0001000115"))
    assert list(frame.columns[:13]) == list(vnfin.orders.ORDER_COLUMNS)
    assert list(frame["reject_reason"].isna()) == [True, False]
    assert "qmax" in frame["reject_reason"].iloc[1]
    assert frame["price"].isna().iloc[0]  # a market order has no price
    assert str(frame["trade_date"].iloc[0]) == "2026-11-20 00:00:00+07:00"
    assert list(frame["account"]) == ["0001000115"] * 2
    assert frame["loan_package_id"].iloc[0] == "1036"


def test_deals_open_quantity_and_positions() -> None:
    payload = {
        "deals": [
            {
                "id": 1,
                "symbol": "VNM",
                "status": "OPEN",
                "accumulateQuantity": 1000,
                "closedQuantity": 400,
                "costPrice": 60000,
                "marketPrice": 68500,
                "t2ReceivingQuantity": 100,
            },
            {
                "id": 2,
                "symbol": "VNM",
                "status": "OPEN",
                "accumulateQuantity": 200,
                "closedQuantity": 0,
                "costPrice": 66000,
                "marketPrice": 68500,
            },
            {
                "id": 3,
                "symbol": "FPT",
                "status": "CLOSED",
                "accumulateQuantity": 100,
                "closedQuantity": 100,
                "costPrice": 90000,
                "marketPrice": 99000,
            },
        ]
    }
    deals = trading.deals(payload)
    assert list(deals["open_quantity"]) == [600, 200, 0]
    [vnm] = positions("0001000115", deals)
    assert (vnm.symbol, vnm.quantity, vnm.sellable) == ("VNM", 800, 700)
    assert math.isclose(vnm.cost_price, (600 * 60000 + 200 * 66000) / 800)
    assert vnm.market_price == 68500.0


def test_derivative_deals_come_under_data() -> None:
    payload = {
        "data": [
            {
                "id": 9,
                "symbol": "VN30F2412",
                "openQuantity": 2,
                "costPriceVM": 1300.5,
                "totalUnrealizedProfit": 150000,
            }
        ]
    }
    deals = trading.deals(payload, derivative=True)
    assert deals["open_quantity"].iloc[0] == 2 and deals["cost_price_vm"].iloc[0] == 1300.5
    assert deals["unrealized_pnl"].iloc[0] == 150000.0


def test_accounts_say_which_is_derivative() -> None:
    frame = trading.accounts({"accounts": [{"id": "1", "derivativeAccount": True}, {"id": "2"}]})
    assert list(frame["account"]) == ["1", "2"]
    assert list(frame["derivative_account"]) == [True, False]


def test_history_has_finhays_shape(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    one = dnse.market.history("VNM", "2026-01-01")
    assert one.index.name == "time" and list(one["close"]) == [68100.0, 68600.0]
    assert one.attrs["source"] == "dnse" and one.attrs["official"] is False
    assert "ASSUMED" in one.attrs["scale"] and "thousands of VND" in one.attrs["scale"]
    assert one.attrs["unit"].startswith("VND") and one.attrs["endpoint"] == "/chart-api/v2/ohlcs"
    many = dnse.market.history(["VNM", "VNINDEX"], "2026-01-01")
    assert many.index.names == ["symbol", "time"]
    assert list(many.loc["VNINDEX", "close"]) == [68.1, 68.6]  # points: not scaled
    assert list(many.loc["VNM", "close"]) == [68100.0, 68600.0]
    kinds = {r.url.path for r in fake.requests}
    assert kinds == {"/chart-api/v2/ohlcs/stock", "/chart-api/v2/ohlcs/index"}


def test_long_ranges_are_split_into_windows(fake: FakeDNSE, make: Make) -> None:
    make().market.history("VNM", "2024-01-01", "2025-12-31")
    windows = [(int(r.url.params["from"]), int(r.url.params["to"])) for r in fake.requests]
    assert len(windows) == 2 and windows[0][1] + 1 == windows[1][0]
    start = pd.Timestamp("2024-01-01", tz="Asia/Ho_Chi_Minh").timestamp()
    assert windows[0][0] == start
