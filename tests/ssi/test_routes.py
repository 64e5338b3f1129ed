"""SSI request builders (reference §1.3, §1.5–§1.7, §2.1, §2.2): pure, no I/O. Exact targets,
bodies, dates as DD/MM/YYYY, prices in VND or points, price 0 for non-LO types, the 30-day
cap checked before sending."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import vnfin
from vnfin._call import Call
from vnfin.ssi import routes
from vnfin.ssi import trading_routes as trading
from vnfin.ssi.auth import Credentials

CREDS = Credentials("cid0123", "csecret0123")
TICKET = trading.Ticket("1234567", "37800123", "0A:1B:2C:3D:4E:5F")


def body(call: Call) -> dict[str, Any]:
    assert call.body is not None
    return json.loads(call.body)


def test_fcdata_targets() -> None:
    assert routes.securities("hose").target == (
        "/api/v2/Market/Securities?market=HOSE&pageIndex=1&pageSize=1000"
    )
    assert routes.securities().target == "/api/v2/Market/Securities?pageIndex=1&pageSize=1000"
    assert routes.securities_details("vnm", 2).target == (
        "/api/v2/Market/SecuritiesDetails?symbol=VNM&pageIndex=2&pageSize=1000"
    )
    assert routes.index_components("vn30").target == (
        "/api/v2/Market/IndexComponents?indexCode=VN30&pageIndex=1&pageSize=1000"
    )
    assert routes.index_list("HNX").target == (
        "/api/v2/Market/IndexList?exchange=HNX&pageIndex=1&pageSize=1000"
    )


def test_daily_ohlc_dates_are_day_first_and_percent_encoded() -> None:
    call = routes.daily_ohlc("SSI", "2024-01-05", dt.date(2024, 2, 3))
    assert call.method == "GET" and call.authenticated
    assert call.target == (
        "/api/v2/Market/DailyOhlc?symbol=SSI&fromDate=05%2F01%2F2024&toDate=03%2F02%2F2024"
        "&pageIndex=1&pageSize=1000&ascending=true"
    )
    assert call.inputs == {"symbol": "SSI"}


def test_the_30_day_cap_is_checked_before_sending() -> None:
    routes.daily_ohlc("SSI", "01/01/2024", "30/01/2024")  # 30 days inclusive: fine
    with pytest.raises(vnfin.ValidationError, match="at most 30 days, asked for 31"):
        routes.daily_ohlc("SSI", "01/01/2024", "31/01/2024")
    with pytest.raises(vnfin.ValidationError, match="after end"):
        routes.daily_ohlc("SSI", "2024-02-01", "2024-01-01")
    with pytest.raises(vnfin.ValidationError, match="at most 30"):
        routes.daily_stock_price("VNM", "2024-01-01", "2024-03-01")


def test_intraday_daily_index_and_stock_price() -> None:
    assert routes.intraday_ohlc("VNM", "2024-01-02", "2024-01-02", 1, "5m").target.endswith(
        "&ascending=true&resolution=5"
    )
    with pytest.raises(vnfin.ValidationError, match="resolution"):
        routes.intraday_ohlc("VNM", "2024-01-02", "2024-01-02", 1, "1D")
    assert routes.daily_index("vn30", "2024-01-02", "2024-01-31").target == (
        "/api/v2/Market/DailyIndex?indexId=VN30&fromDate=02%2F01%2F2024&toDate=31%2F01%2F2024"
        "&pageIndex=1&pageSize=1000"
    )
    assert routes.daily_stock_price("FPT", "2024-01-02", "2024-01-05", 1, "HOSE").target == (
        "/api/v2/Market/DailyStockPrice?symbol=FPT&fromDate=02%2F01%2F2024"
        "&toDate=05%2F01%2F2024&pageIndex=1&pageSize=100&market=HOSE"
    )


def test_bad_inputs_fail_before_a_call_is_built() -> None:
    with pytest.raises(vnfin.ValidationError, match="exchange"):
        routes.securities("NYSE")
    with pytest.raises(vnfin.ValidationError, match="symbol"):
        routes.daily_ohlc("V N M", "2024-01-01", "2024-01-02")
    with pytest.raises(vnfin.ValidationError, match="resolution"):
        routes.resolution("7")
    with pytest.raises(vnfin.ValidationError, match="account"):
        trading.order_book("12 34")


def test_token_calls_are_unauthenticated_and_only_the_read_ones_retryable() -> None:
    read = trading.read_token(CREDS, 0)
    assert body(read) == {
        "consumerID": "cid0123",
        "consumerSecret": "csecret0123",
        "twoFactorType": 0,
        "code": "1",
        "isSave": False,
    }
    assert not read.authenticated and read.retryable
    write = trading.verify(CREDS, 1, "654321", True)
    assert body(write)["code"] == "654321" and body(write)["isSave"] is True
    assert not write.authenticated and not write.retryable  # an OTP is spent by its first use
    otp = trading.get_otp(CREDS)
    assert otp.target == "/api/v2/Trading/GetOTP" and not otp.retryable
    data = routes.data_token(CREDS)
    assert data.target == "/api/v2/Market/AccessToken" and data.retryable
    assert body(data) == {"consumerID": "cid0123", "consumerSecret": "csecret0123"}


def test_account_reads() -> None:
    assert trading.order_book("1234567").target == "/api/v2/Trading/orderBook?account=1234567"
    assert trading.order_history("1234567", "2024-01-01", "31/01/2024").target == (
        "/api/v2/Trading/orderHistory?account=1234567&startDate=01%2F01%2F2024"
        "&endDate=31%2F01%2F2024"
    )
    assert trading.derivative_position("12345678").target == (
        "/api/v2/Trading/derivPosition?account=12345678&querySummary=true"
    )
    assert trading.max_buy_quantity("1234567", "VNM", 68000).target == (
        "/api/v2/Trading/maxBuyQty?account=1234567&instrumentID=VNM&price=68000"
    )
    assert trading.max_sell_quantity("12345678", "VN30F2412", 1310.5).target.endswith(
        "instrumentID=VN30F2412&price=1310.5"
    )
    for route, name in (
        (trading.cash_balance, "cashAcctBal"),
        (trading.margin, "ppmmraccount"),
        (trading.derivative_balance, "derivAcctBal"),
        (trading.stock_position, "stockPosition"),
        (trading.audit_order_book, "auditOrderBook"),
    ):
        assert route("1234567").target == f"/api/v2/Trading/{name}?account=1234567"


def test_new_stock_order_body() -> None:
    call = trading.new_order(TICKET, "VNM", "B", "LO", 68000, 100)
    assert call.method == "POST" and call.target == "/api/v2/Trading/NewOrder"
    assert body(call) == {
        "account": "1234567",
        "requestID": "37800123",
        "instrumentID": "VNM",
        "market": "VN",
        "buySell": "B",
        "orderType": "LO",
        "price": 68000,
        "quantity": 100,
        "stopOrder": False,
        "stopPrice": 0,
        "stopType": "",
        "stopStep": 0,
        "lossStep": 0,
        "profitStep": 0,
        "channelID": "TA",
        "code": "",
        "deviceId": "0A:1B:2C:3D:4E:5F",
        "userAgent": f"vnfin/{vnfin.__version__}",
    }
    assert b" " not in call.body  # compact: serialised once, these bytes are signed and sent


def test_market_orders_send_price_zero_and_derivatives_points() -> None:
    assert body(trading.new_order(TICKET, "VNM", "S", "ATC", 68000, 100))["price"] == 0
    der = trading.new_order(TICKET, "VN30F2412", "B", "LO", 1310.1, 2, derivative=True)
    assert der.target == "/api/v2/Trading/derNewOrder"
    assert body(der)["price"] == 1310.1 and body(der)["market"] == "VNFE"
    assert (
        body(trading.new_order(TICKET, "VN30F2412", "B", "MTL", None, 2, derivative=True))["price"]
        == 0
    )


def test_modify_and_cancel_bodies() -> None:
    modify = trading.modify_order(TICKET, "ORD9", "VNM", "B", "LO", 68100, 200)
    assert modify.target == "/api/v2/Trading/ModifyOrder"
    assert body(modify) == {
        "account": "1234567",
        "requestID": "37800123",
        "orderID": "ORD9",
        "marketID": "VN",
        "instrumentID": "VNM",
        "price": 68100,
        "quantity": 200,
        "buySell": "B",
        "orderType": "LO",
        "code": "",
        "deviceId": "0A:1B:2C:3D:4E:5F",
        "userAgent": f"vnfin/{vnfin.__version__}",
    }
    cancel = trading.cancel_order(TICKET, "T2024x1", "VN30F2412", "S", derivative=True)
    assert cancel.target == "/api/v2/Trading/derCancelOrder"
    assert body(cancel)["marketID"] == "VNFE" and body(cancel)["orderID"] == "T2024x1"
    assert "price" not in body(cancel)


@pytest.mark.parametrize("bad", ["", "12 34", "ab/c", None, 1.5])
def test_account_ids_are_checked(bad: object) -> None:
    with pytest.raises(vnfin.ValidationError, match="account"):
        trading.account_id(bad)


@pytest.mark.parametrize("bad", ["", "12 34", "x" * 40, None, True])
def test_codes_are_checked_without_being_shown(bad: object) -> None:
    with pytest.raises(vnfin.ValidationError) as info:
        trading.code_text(bad)
    if isinstance(bad, str) and bad.strip():
        assert bad not in str(info.value)


def test_two_factor_types() -> None:
    assert trading.two_factor_type("1") == 1 and trading.two_factor_type(0) == 0
    for bad in (2, True, "pin", None):
        with pytest.raises(vnfin.ValidationError, match="two_factor_type"):
            trading.two_factor_type(bad)
