"""Finhay's order endpoints on the wire (reference §2.11, §2.13): raw requests signed here and a
2FA session got through the OTP flow (the ``wire`` fixture). Places, amends and cancels; every
order-level code the sandbox produces; malformed bodies; the order book and its history."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

SUB, SUB_EXT = "0001234569", "120C001234.4"
ORDERS = f"/trading/oa/sub-accounts/{SUB}/orders"
BOOK = f"/trading/v1/accounts/{SUB}/order-book"
HISTORY = f"/trading/sub-accounts/{SUB}/orders"
RESPONSE_FIELDS = {
    "order_id",
    "account_id",
    "transaction_date",
    "symbol",
    "order_side",
    "order_quantity",
    "limit_price",
    "market_price",
    "execute_quantity",
    "execute_price",
    "order_status",
    "fee_amount",
    "tax_amount",
    "execute_amount",
    "order_type",
    "code",
    "rejected_reason",
    "lot",
}
HISTORY_FIELDS = RESPONSE_FIELDS - {"code", "rejected_reason", "lot"}
BOOK_FIELDS = {
    "custodycd",
    "txdate",
    "custid",
    "afacctno",
    "orderid",
    "odorderid",
    "txtime",
    "symbol",
    "allowcancel",
    "allowamend",
    "side_code",
    "side",
    "price",
    "pricetype",
    "via_code",
    "via",
    "qtty",
    "execqtty",
    "execamt",
    "execprice",
    "remainqtty",
    "remainamt",
    "status_code",
    "status",
    "tlname",
    "username",
    "hosesession",
    "cancelqtty",
    "adjustqtty",
    "isdisposal",
    "rootorderid",
    "timetype",
    "timetypevalue",
    "feedbackmsg",
    "quoteqtty",
    "limitprice",
    "odtimestamp",
    "matchtype_code",
    "producttypename",
    "afacctno_ext",
    "side_",
    "via_",
    "status_",
    "matchtype_",
    "strategy_id",
}
Wire = Any  # the conftest's Wire


def test_a_limit_order_rests_and_answers_an_order_response(wire: Wire) -> None:
    r = wire.place("VNM", "BUY", 100, 68000)
    assert set(r) == RESPONSE_FIELDS
    assert r["account_id"] == SUB_EXT and r["transaction_date"] == "2026-11-20"
    assert (r["order_status"], r["order_type"], r["lot"]) == ("SENT", "LO", "EVEN")
    assert (r["code"], r["rejected_reason"], r["limit_price"], r["market_price"]) == (
        None,
        None,
        68000,
        None,
    )
    assert isinstance(r["order_id"], str) and r["execute_quantity"] == 0
    entry = wire.order(r["order_id"])
    assert set(entry) == BOOK_FIELDS
    assert (entry["status"], entry["allowcancel"], entry["allowamend"]) == ("SENT", "Y", "Y")
    assert (entry["qtty"], entry["remainqtty"], entry["remainamt"]) == (100, 100, 6_800_000)
    assert (entry["side_code"], entry["hosesession"], entry["txtime"]) == (
        "NB",
        "PROGRESS",
        "10:30:00",
    )
    assert entry["afacctno"] == SUB and entry["custodycd"] == "120C001234"


def test_placed_at_10_30_and_filled_by_14_00(wire: Wire, sandbox: Sandbox) -> None:
    low = 67_800  # the day's low, reached in the afternoon (test_world_matching works it out)
    r = wire.place("VNM", "BUY", 100, low)
    sandbox.now = "2026-11-20 13:00"
    assert wire.order(r["order_id"])["status"] == "SENT"
    sandbox.now = "2026-11-20 14:00"
    entry = wire.order(r["order_id"])
    assert (entry["status"], entry["execqtty"], entry["execprice"]) == ("MATCHED_ALL", 100, low)
    assert (entry["allowcancel"], entry["allowamend"]) == ("N", "N")
    [h] = wire.get(HISTORY, fromDate="2026-11-20", toDate="2026-11-20")["data"]
    assert (h["order_status"], h["execute_amount"], h["fee_amount"], h["tax_amount"]) == (
        "MATCHED_ALL",
        6_780_000,
        10_170,
        0,
    )


def test_cash_and_holdings_follow_a_fill(wire: Wire) -> None:
    before = wire.get(f"/trading/accounts/{SUB}/summary")
    r = wire.place("VNM", "BUY", 100, 69_500)  # the current price: fills at once
    assert (r["order_status"], r["execute_price"], r["fee_amount"]) == (
        "MATCHED_ALL",
        69_500,
        10_425,
    )
    after = wire.get(f"/trading/accounts/{SUB}/summary")
    assert after["ci_balance"] == before["ci_balance"] - 6_950_000 - 10_425
    vnm = next(
        p
        for p in wire.get(f"/trading/v2/sub-accounts/{SUB}/portfolio", "data")["portfolio"]
        if p["symbol"] == "VNM"
    )
    assert (vnm["total"], vnm["available"], vnm["receiving_t2"]) == (1_100, 1_000, 100)
    sale = wire.place("HPG", "SELL", 1_000, 35_750)
    assert (sale["fee_amount"], sale["tax_amount"]) == (53_625, 35_750)
    summary = wire.get(f"/trading/accounts/{SUB}/summary")
    assert summary["receiving_t2"] == 35_750_000 - 53_625 - 35_750


@pytest.mark.parametrize(
    ("now", "symbol", "side", "quantity", "price", "code"),
    [
        ("10:30", "NOPE", "BUY", 100, 10_000, "-400099"),
        ("08:30", "VNM", "BUY", 100, 69_500, "-300025"),
        ("10:30", "VNM", "BUY", 100, "ATO", "-100113"),
        ("14:50", "SHS", "BUY", 100, 23_000, "-100113"),
        ("10:30", "VNM", "BUY", 50, "MP", "-700114"),
        ("10:30", "VNM", "BUY", 150, 69_500, "-700104"),
        ("10:30", "HPG", "BUY", 600_000, 35_000, "-700105"),
        ("10:30", "VNM", "BUY", 100, 69_550, "-10011"),
        ("10:30", "VNM", "BUY", 100, 99_000, "-900017"),
        ("10:30", "VNM", "BUY", 10_000, 69_500, "-400116"),
        ("10:30", "VNM", "SELL", 2_000, 69_500, "-400116"),
    ],
)
def test_order_level_rejections(
    wire: Wire,
    sandbox: Sandbox,
    now: str,
    symbol: str,
    side: str,
    quantity: int,
    price: int | str,
    code: str,
) -> None:
    sandbox.now = f"2026-11-20 {now}"
    r = wire.place(symbol, side, quantity, price)
    assert (r["order_status"], r["code"]) == ("REJECTED", code)
    assert r["rejected_reason"] and r["execute_quantity"] == 0
    entry = wire.order(r["order_id"])
    assert entry["status"] == "REJECTED" and entry["feedbackmsg"]
    assert entry["remainqtty"] == 0 and entry["allowcancel"] == "N"


def test_a_halted_symbol(wire: Wire, sandbox: Sandbox) -> None:
    sandbox.world.desk.halted.add("VNM")
    assert wire.place("VNM", "BUY", 100, 69_500)["code"] == "-700069"


def test_only_the_order_execution_sub_account_takes_orders(wire: Wire) -> None:
    body = {
        "sub_account": "120C001234.1",
        "side": "BUY",
        "symbol": "VNM",
        "quantity": 100,
        "type": "LIMIT",
        "limit_price": 69_500,
        "market_price": None,
    }
    [r] = wire.ok("POST", "/trading/oa/sub-accounts/0001234567/orders", "result", body)
    assert (r["order_status"], r["code"], r["account_id"]) == (
        "REJECTED",
        "SUB_ACCOUNT_NOT_ALLOWED",
        "120C001234.1",
    )


def test_amend_and_cancel(wire: Wire) -> None:
    order_id = wire.place("VNM", "BUY", 100, 68_000)["order_id"]
    amended = wire.amend(order_id, quantity=300, price=68_100)
    assert (amended["code"], amended["order_quantity"], amended["limit_price"]) == (
        None,
        300,
        68_100,
    )
    entry = wire.order(order_id)
    assert (entry["qtty"], entry["price"], entry["adjustqtty"]) == (300, 68_100, 300)
    assert wire.amend(order_id, price=68_200)["order_quantity"] == 300  # either field alone
    cancelled = wire.cancel(order_id)
    assert (cancelled["order_status"], cancelled["code"]) == ("CANCELLED", None)
    assert wire.order(order_id)["cancelqtty"] == 300
    again = wire.cancel(order_id)
    assert (again["order_status"], again["code"]) == ("CANCELLED", "-701111")
    assert wire.amend(order_id, price=68_000)["code"] == "-701111"


def test_a_partly_matched_order_changes_only_its_unmatched_part(
    wire: Wire, sandbox: Sandbox
) -> None:
    sandbox.fund(SUB, cash=10_000_000_000)
    r = wire.place("VNM", "BUY", 20_000, 69_500)
    assert r["order_status"] == "MATCHED" and 0 < r["execute_quantity"] < 20_000
    filled = r["execute_quantity"]
    refused = wire.amend(r["order_id"], quantity=filled)
    assert (refused["code"], refused["order_status"], refused["order_quantity"]) == (
        "-701111",
        "MATCHED",
        20_000,
    )
    assert wire.amend(r["order_id"], quantity=filled + 100)["code"] is None
    done = wire.cancel(r["order_id"])
    assert (done["order_status"], done["execute_quantity"]) == ("CANCELLED", filled)
    entry = wire.order(r["order_id"])
    assert (entry["execqtty"], entry["cancelqtty"], entry["remainqtty"]) == (filled, 100, 0)


def test_amend_and_cancel_by_session_and_type(wire: Wire, sandbox: Sandbox) -> None:
    atc = wire.place("VNM", "BUY", 100, "ATC")
    assert (atc["order_status"], atc["market_price"], atc["limit_price"]) == ("SENT", "ATC", None)
    assert wire.order(atc["order_id"])["allowamend"] == "N"
    assert wire.amend(atc["order_id"], price=69_000)["code"] == "-100113"
    sandbox.now = "2026-11-20 14:35"
    assert wire.order(atc["order_id"])["allowcancel"] == "N"
    assert wire.cancel(atc["order_id"])["code"] == "-100113"
    sandbox.now = "2026-11-20 14:45"
    assert wire.order(atc["order_id"])["status"] == "MATCHED_ALL"


def test_market_orders_on_the_wire(wire: Wire) -> None:
    mp = wire.place("VNM", "BUY", 100, "MP")
    assert (mp["order_type"], mp["order_status"], mp["execute_price"]) == (
        "MP",
        "MATCHED_ALL",
        69_500,
    )
    mok = wire.place("SHS", "BUY", 5_000, "MOK")
    assert (mok["order_status"], mok["execute_quantity"]) == ("CANCELLED", 0)
    mak = wire.place("SHS", "BUY", 5_000, "MAK")
    assert mak["order_status"] == "CANCELLED" and mak["execute_quantity"] == 1_000  # 25 % of 4,200
    assert wire.place("SHS", "BUY", 100, "FOK")["order_type"] == "FOK"


def test_odd_lots_are_flagged(wire: Wire) -> None:
    assert wire.place("VNM", "BUY", 10, 68_000)["lot"] == "ODD"


def test_the_null_envelope_knob(wire: Wire, sandbox: Sandbox) -> None:
    sandbox.finhay_app.trading.orders.null_envelope = True
    r = wire.send("POST", ORDERS, order_body(quantity=100))
    body = r.json()
    assert r.status_code == 200 and body["error_code"] is None and body["message"] is None
    assert body["result"][0]["order_status"] == "SENT"
    assert wire.send("GET", BOOK).json()["error_code"] == "0"  # reads keep their "0"


def order_body(**changes: Any) -> dict[str, Any]:
    body = {
        "sub_account": SUB_EXT,
        "side": "BUY",
        "symbol": "VNM",
        "quantity": 100,
        "type": "LIMIT",
        "limit_price": 68_000,
        "market_price": None,
        "stock_type": "STOCK",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v != "-"}


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1]",
        b"\xff",
        order_body(side="buy"),
        order_body(side="-"),
        order_body(symbol=""),
        order_body(symbol="VN M"),
        order_body(symbol=7),
        order_body(quantity="100"),
        order_body(quantity=0),
        order_body(quantity=1.5),
        order_body(quantity=True),
        order_body(quantity=2**63),
        order_body(type="LO"),
        order_body(type="-"),
        order_body(limit_price=None),
        order_body(limit_price=68_000.0),
        order_body(market_price="MP"),
        order_body(type="MARKET", market_price="XX", limit_price=None),
        order_body(type="MARKET", market_price="MP"),  # and a limit price
        order_body(stock_type="CW"),
        order_body(sub_account="-"),
        order_body(sub_account="120C001234.1"),  # not the path's sub-account
        order_body(sub_account=SUB),  # the short id
    ],
)
def test_malformed_new_orders_are_400(wire: Wire, sandbox: Sandbox, body: Any) -> None:
    wire.refused("POST", ORDERS, 400, body)
    assert not sandbox.world.desk.orders


def test_malformed_amendments_and_cancellations_are_400(wire: Wire) -> None:
    order_id = wire.place("VNM", "BUY", 100, 68_000)["order_id"]
    target = f"{ORDERS}/{order_id}"
    for body in ({}, {"quantity": "1"}, {"price": 0}, b"[]", b"nope"):
        wire.refused("PUT", target, 400, body)
    for body in (b"", {}, {"sub_account": "120C001234.6"}):
        wire.refused("DELETE", target, 400, body)
    assert wire.order(order_id)["status"] == "SENT"


def test_unknown_sub_accounts_and_orders_are_404(wire: Wire) -> None:
    order_id = wire.place("VNM", "BUY", 100, 68_000)["order_id"]
    assert wire.refused("POST", "/trading/oa/sub-accounts/0009999999/orders", 404, order_body())
    assert wire.refused("PUT", f"{ORDERS}/8899999999", 404, {"price": 68_000})
    assert wire.refused("DELETE", f"{ORDERS}/nope", 404, {"sub_account": SUB_EXT})
    assert wire.refused("GET", f"{BOOK}/8899999999", 404) == "Order not found"
    other = f"/trading/v1/accounts/0001234567/order-book/{order_id}"  # another sub-account's
    assert wire.refused("GET", other, 404) == "Order not found"


def test_the_order_book_is_today_and_the_history_spans_days(wire: Wire, sandbox: Sandbox) -> None:
    friday = wire.place("VNM", "BUY", 100, 66_000)["order_id"]
    assert [e["orderid"] for e in wire.get(BOOK)] == [friday]
    sandbox.now = "2026-11-23 10:00"
    assert wire.get(BOOK) == []
    assert wire.order(friday)["status"] == "EXPIRED"
    r = wire.send("POST", ORDERS, order_body())  # Friday's 2FA session ended with Friday
    assert (r.status_code, r.json()["error_code"]) == (403, "OTP_SESSION_EXPIRED")
    wire.login()
    monday = wire.place("VNM", "BUY", 100, 68_000)["order_id"]
    assert [e["orderid"] for e in wire.get(BOOK)] == [monday]
    both = wire.get(HISTORY, fromDate="2026-11-20", toDate="2026-11-23")["data"]
    assert [h["order_id"] for h in both] == [monday, friday]  # newest first
    assert {h["account_id"] for h in both} == {SUB} and set(both[0]) == HISTORY_FIELDS
    assert wire.get(HISTORY, fromDate="2026-11-21", toDate="2026-11-22")["data"] == []


def test_history_pages_and_filters(wire: Wire) -> None:
    placed = [wire.place("VNM", "BUY", 100, 64_000 + 100 * i)["order_id"] for i in range(45)]
    placed.append(wire.place("FPT", "BUY", 100, 999_900)["order_id"])  # rejected: band
    span = {"fromDate": "2026-11-20", "toDate": "2026-11-20"}
    pages = [wire.get(HISTORY, page=p, **span)["data"] for p in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [20, 20, 6, 0]
    assert [h["order_id"] for p in pages for h in p] == placed[::-1]
    assert [h["order_id"] for h in wire.get(HISTORY, **span)["data"]] == placed[::-1][:20]
    rejected = wire.get(HISTORY, orderStatus="REJECTED", **span)["data"]
    assert [h["symbol"] for h in rejected] == ["FPT"]
    assert len(wire.get(HISTORY, symbol="FPT", **span)["data"]) == 1
    assert wire.get(HISTORY, orderStatus="MATCHED_ALL", **span)["data"] == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"fromDate": "2026-11-20"},
        {"fromDate": "20/11/2026", "toDate": "2026-11-20"},
        {"fromDate": "2026-11-21", "toDate": "2026-11-20"},
        {"fromDate": "2026-02-30", "toDate": "2026-03-01"},
        {"fromDate": "2026-11-20", "toDate": "2026-11-20", "page": "0"},
        {"fromDate": "2026-11-20", "toDate": "2026-11-20", "page": "x"},
        {"fromDate": "2026-11-20", "toDate": "2026-11-20", "orderStatus": "DONE"},
    ],
)
def test_history_refuses_bad_parameters(wire: Wire, params: dict[str, str]) -> None:
    wire.refused("GET", HISTORY, 400, **params)


def test_cache_control_is_checked(wire: Wire) -> None:
    assert wire.get(BOOK, **{"cache-control": "CACHE"}) == []
    wire.refused("GET", BOOK, 400, **{"cache-control": "SOMETIMES"})


def test_concurrent_writes_over_loopback_each_get_their_own_order(
    wire: Wire, sandbox: Sandbox
) -> None:
    url = sandbox.serve()
    with httpx.Client(base_url=url) as client:
        remote = type(wire)(sandbox, client, wire.token)
        with ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(lambda i: remote.place("VNM", "BUY", 100, 64_000 + 100 * i), range(24))
            )
    ids = [a["order_id"] for a in answers]
    assert len(set(ids)) == 24 and all(a["order_status"] == "SENT" for a in answers)
    held = sum(
        100 * (64_000 + 100 * i) + round(100 * (64_000 + 100 * i) * 0.0015) for i in range(24)
    )
    assert wire.get(f"/trading/accounts/{SUB}/summary")["secure_amt"] == held
    assert sandbox.order_writes == 24
