"""Finhay's account and order answers, parsed: the reference's documented examples (§2.9-§2.13)
as fixtures, with asserted values; statuses normalised; rejections read inside an HTTP 200."""

from __future__ import annotations

import pandas as pd
import pytest

from vnfin.errors import ResponseError
from vnfin.finhay.parsers import trading as parse
from vnfin.orders import OrderStatus, Side

# §2.11, the docs example entry
BOOK_ENTRY = {
    "custodycd": "0123456",
    "txdate": "2024-04-18",
    "custid": "123456",
    "afacctno": "0001234567",
    "orderid": "ORD123456",
    "odorderid": "0001",
    "txtime": "09:15:23",
    "symbol": "VNM",
    "allowcancel": "Y",
    "allowamend": "Y",
    "side_code": "NB",
    "side": "BUY",
    "price": 72000,
    "pricetype": "LO",
    "via_code": "WEB",
    "via": "Web",
    "qtty": 100,
    "execqtty": 0,
    "execamt": 0,
    "execprice": 0,
    "remainqtty": 100,
    "remainamt": 7200000,
    "status_code": "01",
    "status": "SENT",
    "tlname": "Finhay",
    "username": "cuong@finhay",
    "hosesession": "PROGRESS",
    "cancelqtty": 0,
    "adjustqtty": 0,
    "isdisposal": "N",
    "rootorderid": "ORD123456",
    "timetype": "0",
    "timetypevalue": "",
    "feedbackmsg": "",
    "quoteqtty": 0,
    "limitprice": 72000,
    "odtimestamp": "2024-04-18T09:15:23",
    "matchtype_code": "",
    "producttypename": "STOCK",
    "afacctno_ext": "0001234567.01",
    "side_": "BUY",
    "via_": "Web",
    "status_": "SENT",
    "matchtype_": "",
    "strategy_id": None,
}

# §2.13, the docs example response
PLACED = [
    {
        "order_id": "ORD123456",
        "account_id": "120C000008.1",
        "transaction_date": "2026-05-28",
        "symbol": "HPG",
        "order_side": "BUY",
        "order_quantity": 100,
        "limit_price": 25500,
        "market_price": None,
        "execute_quantity": 0,
        "execute_price": 0,
        "order_status": "SENT",
        "fee_amount": 0,
        "tax_amount": 0,
        "execute_amount": 0,
        "order_type": "LO",
        "code": None,
        "rejected_reason": None,
        "lot": "EVEN",
    }
]

# §2.11, the history example
HISTORY = {
    "data": [
        {
            "order_id": "8801234567",
            "account_id": "0001234567",
            "transaction_date": "2024-01-15",
            "symbol": "HPG",
            "order_side": "BUY",
            "order_quantity": 100,
            "limit_price": 27000,
            "market_price": None,
            "execute_quantity": 100,
            "execute_price": 27000,
            "order_status": "MATCHED_ALL",
            "fee_amount": 4050,
            "tax_amount": 0,
            "execute_amount": 2700000,
            "order_type": "LO",
        }
    ]
}

# §2.9, the portfolio example
PORTFOLIO = {
    "is_snapshot": False,
    "portfolio": [
        {
            "sub_account_id": "0001234567",
            "symbol": "HPG",
            "securities_type": "STOCK",
            "total": 1000,
            "available": 800,
            "receiving_t1": 200,
            "cost_price": 25100,
            "basic_price": 26800,
            "close_price": 27000,
            "is_sellable": True,
            "cost_price_amount": 25100000,
            "pnl_amount": 1900000,
            "pnl_rate": 7.57,
            "total_pnl": 1900000,
        }
    ],
}

# §2.9, the assets example
ASSETS = {
    "net_asset_value": 152340000,
    "products": {
        "total": 120500000,
        "stock": 98000000,
        "fund": 12500000,
        "saving": None,
        "bond": 10000000,
        "hay0": 0,
        "hay0_interest": 0,
        "hay0_depositing": 0,
        "hay0_withdrawing": 0,
    },
    "money": {
        "total": 31840000,
        "ci_balance": 31840000,
        "ca_receiving": 0,
        "emk_amt": 0,
        "receiving_amt": 0,
        "baldefovd": 31840000,
    },
    "debt": {
        "total": 0,
        "secure_amount": 0,
        "advance_amt": 0,
        "sms_fee_amt": 0,
        "cidepo_fee_acr": 0,
        "owe_deposit": 0,
    },
    "pnl": {"stock": {"pnl": 4200000, "pnl_rate": 4.48}, "fund": {"pnl": 350000, "pnl_rate": 2.88}},
}

# §2.13, the available-trade example
TRADE = {
    "pp0": 31840000,
    "ppse": 31840000,
    "maxqtty": 1170,
    "trade": 0,
    "balance": 31840000,
    "cash_pending_send": 0,
    "mortgage": 0,
    "marginrate": 0,
    "mrratioloan": None,
}

# §2.10, the rights example
RIGHTS = [
    {
        "accountId": "0001234567",
        "symbol": "VNM",
        "type": "CASH_DIVIDEND",
        "status": "WAIT_EXECUTED",
        "userRightRegisterStatus": "UNREGISTER",
        "ownNumberOfShare": 500,
        "ratio": "100:15",
        "amount": 750000,
        "actionDate": "2024-07-25",
        "reportDate": "2024-07-10",
        "allowRegister": False,
        "hasRead": True,
    }
]


def test_order_book_entry() -> None:
    order = parse.order_from_book(BOOK_ENTRY)
    assert (order.order_id, order.status, order.raw_status) == (
        "ORD123456",
        OrderStatus.OPEN,
        "SENT",
    )
    assert (order.side, order.quantity, order.price, order.order_type) == (
        Side.BUY,
        100,
        72000.0,
        "LO",
    )
    assert order.filled_quantity == 0 and order.average_price is None
    assert order.created_at == pd.Timestamp("2024-04-18 09:15:23", tz="Asia/Ho_Chi_Minh")
    assert order.account == "0001234567" and order.raw["allowamend"] == "Y"


def test_placed_order_answer() -> None:
    [row] = parse.order_responses(PLACED)
    assert parse.rejection(row) is None
    order = parse.order_from_response(row)
    assert (order.order_id, order.status, order.symbol, order.quantity, order.price) == (
        "ORD123456",
        OrderStatus.OPEN,
        "HPG",
        100,
        25500.0,
    )
    with pytest.raises(ResponseError):
        parse.order_responses([])


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"code": "-400116", "order_status": "REJECTED"}, "-400116", "buying or selling power"),
        (
            {"code": "-700114", "rejected_reason": "Lô lẻ chỉ đặt LO"},
            "-700114",
            "Lô lẻ chỉ đặt LO; an odd lot takes limit",
        ),
        ({"order_status": "REJECTED"}, "REJECTED", "refused"),
        ({"code": "NEW_CODE_2027"}, "NEW_CODE_2027", "refused"),
    ],
)
def test_rejections_inside_an_http_200(changes: dict[str, str], code: str, words: str) -> None:
    refused = parse.rejection({**PLACED[0], **changes})
    assert refused is not None and refused[0] == code and words in refused[1]


def test_history_with_its_nested_data() -> None:
    [row] = parse.history(HISTORY)
    order = parse.order_from_response(row)
    assert order.status is OrderStatus.FILLED and order.average_price == 27000.0
    assert parse.history({"data": []}) == [] and parse.history({"data": None}) == []


@pytest.mark.parametrize(
    ("raw", "quantity", "filled", "status"),
    [
        ("MATCHED", 300, 100, OrderStatus.PARTIALLY_FILLED),
        ("COMPLETED", 300, 300, OrderStatus.FILLED),
        ("COMPLETED", 300, 100, OrderStatus.EXPIRED),
        ("CANCELLING", 100, 0, OrderStatus.OPEN),
        ("waiting_to_send", 100, 0, OrderStatus.PENDING),
        ("SOMETHING_NEW", 100, 0, OrderStatus.UNKNOWN),
    ],
)
def test_statuses(raw: str, quantity: int, filled: int, status: OrderStatus) -> None:
    assert parse.status_of(raw, quantity, filled) is status


def test_portfolio() -> None:
    frame, snapshot = parse.portfolio(PORTFOLIO)
    assert snapshot is False
    row = frame.iloc[0]
    assert (row.sub_account, row.symbol, row.quantity, row.sellable) == (
        "0001234567",
        "HPG",
        1000,
        800,
    )
    assert (row.cost_price, row.market_price, row.pnl_percent) == (25100.0, 27000.0, 7.57)
    assert "receiving_t1" in frame.columns  # undocumented-by-us fields kept


def test_assets_flattened() -> None:
    frame = parse.one_row(ASSETS, "assets")
    assert frame.loc[0, "net_asset_value"] == 152340000
    assert frame.loc[0, "money_baldefovd"] == 31840000
    assert frame.loc[0, "pnl_stock_pnl_rate"] == 4.48 and len(frame) == 1


def test_buying_power() -> None:
    capacity = parse.capacity(TRADE)
    assert (capacity.buying_power, capacity.sellable) == (31840000, 0)
    frame = parse.one_row(TRADE, "available-trade").rename(columns=parse.POWER_NAMES)
    assert frame.loc[0, "max_quantity"] == 1170 and pd.isna(frame.loc[0, "margin_loan_ratio"])


def test_rights() -> None:
    frame = parse.rights(RIGHTS)
    row = frame.iloc[0]
    assert (row.symbol, row.type, row.own_number_of_share, row.amount) == (
        "VNM",
        "CASH_DIVIDEND",
        500,
        750000.0,
    )
    assert row.action_date == pd.Timestamp("2024-07-25", tz="Asia/Ho_Chi_Minh")
    assert "has_read" in frame.columns


def test_summary_numbers_accept_text_numbers() -> None:
    numbers = parse.summary_numbers({"ci_balance": 100, "balance": "90", "net_asset_value": 500})
    assert numbers == {"cash": 100.0, "buying_power": 90.0, "nav": 500.0, "debt": 0.0}
