"""SSI parsers fed the shapes the reference documents (§1.8, §2.2, §7.10): both FCData
dialects — PascalCase with numbers as strings under ``data`` + ``totalRecord``, and the older
``dataList`` + lower-case keys + ``status: "SUCCESS"`` — give the same frames."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import vnfin
from vnfin.orders import OrderStatus, Side
from vnfin.ssi.parsers import common, trading
from vnfin.ssi.parsers import market as parse

OHLC_ROWS = [
    {
        "Symbol": "SSI",
        "Market": "HOSE",
        "TradingDate": "05/06/2023",
        "Time": None,
        "Open": "12900",
        "High": "13100",
        "Low": "12800",
        "Close": "13000",
        "Volume": "1234500",
        "Value": "16048500000",
    },
    {
        "Symbol": "SSI",
        "Market": "HOSE",
        "TradingDate": "02/06/2023",
        "Time": None,
        "Open": "12700",
        "High": "12950",
        "Low": "12600",
        "Close": "12900",
        "Volume": "987600",
        "Value": "12600000000",
    },
]


def current(rows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """The dialect SSI serves today (reference §2.2)."""
    return {"data": rows, "message": "Success", "status": 200, "totalRecord": len(rows), **extra}


def legacy(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The PDF's dialect: ``dataList``, lower-case keys, native numbers, ``"SUCCESS"``."""

    def lower(value: Any) -> Any:
        if isinstance(value, dict):
            return {k.lower(): lower(v) for k, v in value.items()}
        if isinstance(value, list):
            return [lower(v) for v in value]
        if isinstance(value, str) and value.replace(".", "", 1).isdigit():
            return float(value) if "." in value else int(value)
        return value

    return {"dataList": lower(rows), "message": "SUCCESS", "status": "SUCCESS"}


@pytest.mark.parametrize("dialect", [current, legacy])
def test_daily_bars_in_both_dialects(dialect: Any) -> None:
    bars = parse.bars(dialect(OHLC_ROWS))
    assert list(bars.columns) == ["open", "high", "low", "close", "volume"]
    assert bars.dtypes.tolist() == ["float64"] * 4 + ["int64"]
    assert str(bars.index.tz) == "Asia/Ho_Chi_Minh" and bars.index.name == "time"
    # 05/06/2023 is 5 June (day first), never 6 May; ascending; at local midnight
    assert bars.index.tolist() == [
        pd.Timestamp("2023-06-02", tz="Asia/Ho_Chi_Minh"),
        pd.Timestamp("2023-06-05", tz="Asia/Ho_Chi_Minh"),
    ]
    assert bars.loc["2023-06-05", "close"].item() == 13000.0
    assert bars.volume.tolist() == [987600, 1234500]


def test_both_dialects_give_equal_frames() -> None:
    pd.testing.assert_frame_equal(parse.bars(current(OHLC_ROWS)), parse.bars(legacy(OHLC_ROWS)))


def test_intraday_bars_combine_date_and_time() -> None:
    rows = [
        {
            "Symbol": "VNM",
            "TradingDate": "03/01/2024",
            "Time": "09:16:00",
            "Open": "68000",
            "High": "68100",
            "Low": "67900",
            "Close": "68100",
            "Volume": "12300",
            "Value": "0",
        },
        {
            "Symbol": "VNM",
            "TradingDate": "03/01/2024",
            "Time": "09:15:00",
            "Open": "67900",
            "High": "68000",
            "Low": "67900",
            "Close": "68000",
            "Volume": "4500",
            "Value": "0",
        },
    ]
    bars = parse.bars(current(rows), intraday=True)
    assert bars.index.tolist() == [
        pd.Timestamp("2024-01-03 09:15", tz="Asia/Ho_Chi_Minh"),
        pd.Timestamp("2024-01-03 09:16", tz="Asia/Ho_Chi_Minh"),
    ]
    assert bars.open.tolist() == [67900.0, 68000.0]


def test_unreadable_values_are_missing_not_zero() -> None:
    rows = [{**OHLC_ROWS[0], "Close": "", "Volume": None}, {**OHLC_ROWS[1], "TradingDate": "x"}]
    bars = parse.bars(current(rows))
    assert len(bars) == 1  # the row without a date is dropped
    assert pd.isna(bars.close.iloc[0]) and pd.isna(bars.volume.iloc[0])


def test_empty_answers_give_empty_frames_with_the_columns() -> None:
    for body in (current([]), {"data": None, "status": 200, "message": "ok"}, legacy([])):
        bars = parse.bars(body)
        assert bars.empty and list(bars.columns) == ["open", "high", "low", "close", "volume"]
    prices = parse.daily_stock_price(current([]))
    assert prices.empty and "ceiling" in prices.columns


def test_a_payload_of_the_wrong_shape_is_a_response_error() -> None:
    with pytest.raises(vnfin.ResponseError):
        parse.bars({"data": "nope", "status": 200})
    with pytest.raises(vnfin.ResponseError):
        parse.securities([1, 2])


SECURITIES = [
    {
        "Market": "HOSE",
        "Symbol": "SSI",
        "StockName": "CTCP Chứng khoán SSI",
        "StockEnName": "SSI Securities Corporation",
    },
    {
        "Market": "HNX",
        "Symbol": "SHS",
        "StockName": "CTCP Chứng khoán Sài Gòn Hà Nội",
        "StockEnName": "Saigon - Hanoi Securities JSC",
    },
]


@pytest.mark.parametrize("dialect", [current, legacy])
def test_securities(dialect: Any) -> None:
    table = parse.securities(dialect(SECURITIES))
    assert table.index.tolist() == ["SSI", "SHS"] and table.index.name == "symbol"
    assert table.loc["SHS", "exchange"] == "HNX"
    assert table.loc["SSI", "name"] == "CTCP Chứng khoán SSI"
    assert list(table.columns) == ["exchange", "name", "name_en"]


DETAILS = [
    {
        "RType": "y",
        "ReportDate": "20/11/2026",
        "TotalNoSym": "1",
        "RepeatedInfo": [
            {
                "Isin": "VN000000SSI1",
                "Symbol": "SSI",
                "SymbolName": "CTCP Chứng khoán SSI",
                "SymbolEngName": "SSI Securities",
                "SecType": "ST",
                "MarketId": "HOSE",
                "Exchange": "HOSE",
                "Issuer": "SSI",
                "LotSize": "100",
                "ListedShare": "1511338110",
                "TickPrice1": "0",
                "TickIncrement1": "10",
                "TickPrice2": "10000",
                "TickIncrement2": "50",
                "TickPrice3": "50000",
                "TickIncrement3": "100",
                "TickPrice4": None,
                "TickIncrement4": None,
            },
        ],
    }
]


@pytest.mark.parametrize("dialect", [current, legacy])
def test_security_details_flatten_the_repeated_info(dialect: Any) -> None:
    table = parse.security_details(dialect(DETAILS))
    assert table.index.tolist() == ["SSI"]
    row = table.loc["SSI"]
    assert row.exchange == "HOSE" and row.sec_type == "ST" and row.lot_size == 100
    assert row.listed_shares == 1511338110
    assert [row.tick_price_2, row.tick_increment_2] == [10000.0, 50.0]
    assert pd.isna(row.tick_price_4)


COMPONENTS = [
    {
        "IndexCode": "VN30",
        "IndexName": "VN30",
        "Exchange": "HOSE",
        "TotalSymbolNo": "2",
        "IndexComponent": [
            {"Isin": "VN000000ACB6", "StockSymbol": "ACB"},
            {"Isin": "VN000000BID9", "StockSymbol": "BID"},
        ],
    },
]


@pytest.mark.parametrize("dialect", [current, legacy])
def test_index_components_and_list(dialect: Any) -> None:
    table = parse.index_components(dialect(COMPONENTS))
    assert table.symbol.tolist() == ["ACB", "BID"]
    assert table["index"].tolist() == ["VN30", "VN30"]
    listed = parse.index_list(
        dialect([{"IndexCode": "VN30", "IndexName": "VN30 Index", "Exchange": "HOSE"}])
    )
    assert listed.index.tolist() == ["VN30"] and listed.loc["VN30", "exchange"] == "HOSE"


STOCK_PRICE = [
    {
        "TradingDate": "20/11/2026",
        "Symbol": "VNM",
        "PriceChange": "900",
        "PerPriceChange": "1.31",
        "CeilingPrice": "73400",
        "FloorPrice": "63800",
        "RefPrice": "68600",
        "OpenPrice": "68800",
        "HighestPrice": "70000",
        "LowestPrice": "68800",
        "ClosePrice": "69500",
        "AveragePrice": "69300",
        "ClosePriceAdjusted": "69500",
        "TotalMatchVol": "1798100",
        "TotalMatchVal": "124563377500",
        "ForeignBuyVolTotal": "214000",
        "ForeignSellVolTotal": "27300",
        "ForeignCurrentRoom": "148496000",
        "Time": None,
        "NewField": "12.5",
    },
]


@pytest.mark.parametrize("dialect", [current, legacy])
def test_daily_stock_price(dialect: Any) -> None:
    table = parse.daily_stock_price(dialect(STOCK_PRICE))
    row = table.iloc[0]
    assert table.index[0] == pd.Timestamp("2026-11-20", tz="Asia/Ho_Chi_Minh")
    assert (row.reference, row.floor, row.ceiling) == (68600.0, 63800.0, 73400.0)
    assert row.change_percent == pytest.approx(1.31)
    assert row.foreign_buy_volume == 214000
    # unknown fields are kept, snake_cased as far as the spelling sent allows
    extra = "new_field" if dialect is current else "newfield"
    assert table[extra].iloc[0] == 12.5
    assert "symbol" not in table.columns and "trading_date" not in table.columns


def test_daily_index() -> None:
    rows = [
        {
            "IndexId": "VN30",
            "IndexValue": "1806.8",
            "TradingDate": "20/11/2026",
            "Time": None,
            "Change": "-3.03",
            "RatioChange": "-0.17",
            "TotalTrade": "120929",
            "Advances": "14",
            "NoChanges": "1",
            "Declines": "15",
            "TypeIndex": "Main",
            "TradingSession": "LO",
        },
    ]
    table = parse.daily_index(current(rows))
    assert table.index_value.tolist() == [1806.8] and table.unchanged.tolist() == [1]
    assert table.session.tolist() == ["LO"]


ORDER = {
    "uniqueID": "37800123",
    "orderID": "8800000001",
    "buySell": "B",
    "price": "68000",
    "quantity": "300",
    "filledQty": "100",
    "orderStatus": "PF",
    "marketID": "VN",
    "inputTime": "1795145400000",
    "modifiedTime": "1795145460000",
    "instrumentID": "VNM",
    "orderType": "LO",
    "cancelQty": "0",
    "avgPrice": "68000",
    "isForcesell": "F",
    "isShortsell": "F",
    "rejectReason": "",
}


def test_an_order_from_the_book() -> None:
    body = {"message": "Success", "status": 200, "data": {"account": "1234567", "orders": [ORDER]}}
    [order] = trading.orders(body, "orderBook", "1234567")
    assert order.order_id == "8800000001" and order.request_id == "37800123"
    assert order.status is OrderStatus.PARTIALLY_FILLED and order.raw_status == "PF"
    assert order.side is Side.BUY and order.quantity == 300 and order.filled_quantity == 100
    assert order.price == 68000.0 and order.remaining_quantity == 200
    assert order.created_at == pd.Timestamp("2026-11-20 10:30", tz="Asia/Ho_Chi_Minh")
    assert order.account == "1234567" and order.source == "ssi"


@pytest.mark.parametrize(
    ("raw", "filled", "expected"),
    [
        ("WA", 0, OrderStatus.PENDING),
        ("qu", 0, OrderStatus.OPEN),
        ("QU", 100, OrderStatus.PARTIALLY_FILLED),
        ("WC", 0, OrderStatus.OPEN),
        ("FF", 300, OrderStatus.FILLED),
        ("FFPC", 100, OrderStatus.CANCELLED),
        ("CL", 0, OrderStatus.CANCELLED),
        ("RJ", 0, OrderStatus.REJECTED),
        ("EX", 0, OrderStatus.EXPIRED),
        ("??", 0, OrderStatus.UNKNOWN),
    ],
)
def test_statuses(raw: str, filled: int, expected: OrderStatus) -> None:
    assert trading.status_of(raw, 300, filled) is expected


def test_order_history_and_the_extras() -> None:
    body = {"status": 200, "data": {"orderHistories": [ORDER, {**ORDER, "orderID": "2"}]}}
    found = trading.orders(body, "orderHistory")
    assert [o.order_id for o in found] == ["8800000001", "2"]
    extras = trading.order_extras(found)
    assert extras.request_id.tolist() == ["37800123", "37800123"]
    assert extras.modified_at.iloc[0] == pd.Timestamp("2026-11-20 10:31", tz="Asia/Ho_Chi_Minh")
    assert "last_error" not in extras.columns


def test_stock_positions() -> None:
    body = {
        "status": 200,
        "data": {
            "account": "1234567",
            "totalMarketValue": "69500000",
            "stockPositions": [
                {
                    "marketID": "VN",
                    "instrumentID": "VNM",
                    "onHand": "900",
                    "block": "0",
                    "bonus": "0",
                    "buyT0": "100",
                    "buyT1": "0",
                    "buyT2": "0",
                    "sellT0": "0",
                    "sellT1": "0",
                    "sellT2": "0",
                    "avgPrice": "49600",
                    "mortgage": "0",
                    "sellableQty": "900",
                    "holdForTrade": "0",
                    "marketPrice": "69500",
                },
            ],
        },
    }
    table = trading.stock_positions(body)
    row = table.iloc[0]
    assert list(table.columns[:4]) == ["account", "market", "symbol", "quantity"]
    assert (row.account, row.symbol, row.quantity, row.sellable) == ("1234567", "VNM", 1000, 900)
    assert (row.cost_price, row.market_price) == (49600.0, 69500.0)


def test_derivative_positions_read_the_misspelt_market() -> None:
    body = {
        "status": 200,
        "data": {
            "account": "12345678",
            "openPosition": [
                {
                    "martketID": "VNFE",
                    "instrumentID": "VN30F2412",
                    "longQty": "3",
                    "shortQty": "0",
                    "net": "3",
                    "bidAvgPrice": "1310.5",
                    "askAvgPrice": "0",
                    "tradePrice": "1310.5",
                    "marketPrice": "1312",
                    "floatingPL": "450000",
                    "tradingPL": "0",
                },
            ],
            "closePosition": [],
        },
    }
    table = trading.derivative_positions(body)
    row = table.iloc[0]
    assert (row.status, row.market, row.symbol, row.net) == ("open", "VNFE", "VN30F2412", 3)
    assert row.floating_pnl == 450000.0 and row.bid_average_price == 1310.5


def test_one_row_flattens_nested_figures() -> None:
    body = {
        "status": 200,
        "data": {
            "account": "12345678",
            "accountBalance": "100000000",
            "internalAssets": {"cash": "100000000", "ee": "95000000"},
            "exchangeMargin": {"marginReq": "0", "accountRatio": "0"},
        },
    }
    row = trading.one_row(body, "derivAcctBal").iloc[0]
    assert row.account == "12345678"  # an id stays text
    assert row.account_balance == 100_000_000.0 and row.internal_assets_ee == 95_000_000.0
    assert row.exchange_margin_margin_req == 0.0


def test_field_lookup_is_case_insensitive_and_total_is_read() -> None:
    assert common.field({"IsForceSell": "T"}, "isForcesell") == "T"
    assert common.total({"totalRecord": "42"}) == 42
    assert common.total({"status": 200}) is None
