"""DNSE's orders on the wire (reference §4.4, §4.5): placing on the world's desk, the Order
object, the desk's refusals as DNSE's reject codes, listing, detail, cancel, derivatives,
faults, the rate limit and the world shared with the other dialects. The market is pinned at
2026-11-20 10:30: VNM trades at 69,500 (reference 68,600, band 63,800–73,400; its low of the
day, 67,800, comes in the afternoon)."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

from .conftest import DNSE, ENTRADE, NOW

Wire = Any  # the conftest's DNSE
ORDER_FIELDS = {
    *("id", "side", "accountNo", "investorId", "symbol", "price", "quantity", "orderType"),
    *("orderStatus", "fillQuantity", "lastQuantity", "lastPrice", "averagePrice", "transDate"),
    *("createdDate", "modifiedDate", "taxRate", "feeRate", "leaveQuantity", "canceledQuantity"),
    *("priceSecure", "custody", "channel", "loanPackageId", "initialRate", "error"),
}


def test_a_marketable_order_fills_and_answers_the_order(dnse: Wire, sb: Sandbox) -> None:
    order = dnse.placed()
    assert set(order) >= ORDER_FIELDS
    assert isinstance(order["id"], int) and str(order["id"]) in sb.world.desk.orders
    assert (order["orderStatus"], order["fillQuantity"], order["averagePrice"]) == (
        "filled",
        100,
        69_500,
    )
    assert (order["side"], order["accountNo"], order["investorId"]) == (
        "NB",
        "0001888888",
        "0001888800",
    )
    assert (order["transDate"], order["createdDate"]) == (
        "2026-11-20",
        "2026-11-20T10:30:00.000+07:00",
    )
    assert (order["leaveQuantity"], order["lastQuantity"], order["lastPrice"]) == (0, 100, 69_500)
    assert (order["feeRate"], order["taxRate"], order["error"]) == (0.0015, 0.0, "")
    assert (order["loanPackageId"], order["custody"]) == (1036, "064C888888")


def test_a_resting_order_fills_later(dnse: Wire, sb: Sandbox) -> None:
    order = dnse.placed(price=67_800)
    assert (order["orderStatus"], order["leaveQuantity"], order["priceSecure"]) == (
        "new",
        100,
        67_800,
    )
    sb.now = "2026-11-20 14:00"
    filled = dnse.order(order["id"])
    assert (filled["orderStatus"], filled["fillQuantity"], filled["averagePrice"]) == (
        "filled",
        100,
        67_800,
    )
    assert filled["modifiedDate"] > filled["createdDate"]


def test_market_orders(dnse: Wire, sb: Sandbox) -> None:
    mp = dnse.placed(orderType="MP", price=0, quantity=200)
    assert (mp["orderStatus"], mp["averagePrice"], mp["price"]) == ("filled", 69_500, 0)
    sb.fund(sb.dnse_account, cash=2_000_000_000)
    mok = dnse.placed(symbol="SHS", orderType="MOK", price=0, quantity=20_000)
    assert (mok["orderStatus"], mok["fillQuantity"], mok["error"]) == ("expired", 0, "0")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"price": 63_700}, "PRICE_MUST_GREATER_THAN_OR_EQUAL_TO_FLOOR_PRICE"),
        ({"price": 73_500}, "PRICE_MUST_LESS_THAN_OR_EQUAL_TO_CEILING_PRICE"),
        ({"price": 69_550}, "INVALID_PRICE_LOT"),
        ({"quantity": 150}, "INVALID_QUANTITY_LOT"),
        ({"orderType": "MP", "price": 0, "quantity": 50}, "INVALID_QUANTITY_LOT"),
        ({"quantity": 10_000}, "QMAX_EXCEED"),
        ({"side": "NS", "quantity": 2_000}, "QMAX_EXCEED"),
        ({"quantity": 600_000}, "MAX_QUANTITY_EXCEED"),
        ({"symbol": "NOPE", "price": 10_000}, "SYMBOL_NOT_FOUND"),
        ({"orderType": "ATO", "price": 0}, "ORDER_TYPE_NOT_ALLOWED_IN_SESSION"),
    ],
)
def test_the_desks_refusals_carry_dnses_codes(
    dnse: Wire, sb: Sandbox, fields: dict[str, Any], code: str
) -> None:
    message = dnse.refused(dnse.place(**fields), 400, code)
    assert message and code not in message  # plain words, not the code again
    [rejected] = dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)["orders"]
    assert (rejected["orderStatus"], rejected["error"], rejected["message"]) == (
        "rejected",
        code,
        message,
    )


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"price": 69_500.5}, 400, "INVALID_PRICE_LOT"),
        ({"side": "B"}, 400, "INVALID_SIDE"),
        ({"orderType": "GTD"}, 400, "INVALID_ORDER_TYPE"),
        ({"loanPackageId": 7}, 400, "INVALID_LOAN_PACKAGE"),
        ({"loanPackageId": None}, 400, "BAD_REQUEST"),
        ({"price": 0}, 400, "BAD_REQUEST"),
        ({"quantity": 0}, 400, "BAD_REQUEST"),
        ({"quantity": "many"}, 400, "BAD_REQUEST"),
        ({"symbol": ""}, 400, "BAD_REQUEST"),
        ({"accountNo": "0001888889"}, 400, "INVALID_ACCOUNT_TYPE"),
        ({"accountNo": "0001234569"}, 403, "FORBIDDEN"),
    ],
)
def test_bad_requests_never_reach_the_desk(
    dnse: Wire, sb: Sandbox, fields: dict[str, Any], status: int, code: str
) -> None:
    dnse.refused(dnse.place(**fields), status, code)
    assert sb.world.desk.orders == {}


def test_a_body_that_is_not_an_object(dnse: Wire) -> None:
    for raw in (b"[1]", b"{", b"\xff"):
        headers = {**dnse.bearer(), "Trading-Token": dnse.trading}
        r = dnse.client.post(dnse.url("order", "/v2/orders"), content=raw, headers=headers)
        assert dnse.refused(r, 400, "BAD_REQUEST").startswith("The request body")


def test_halted_and_closed(dnse: Wire, sb: Sandbox) -> None:
    sb.world.desk.halted.add("VNM")
    dnse.refused(dnse.place(), 400, "SYMBOL_IS_HALTED")
    sb.now = "2026-11-20 16:00"
    dnse.refused(dnse.place(symbol="FPT"), 400, "MARKET_CLOSED")


def test_listing_and_detail(dnse: Wire, sb: Sandbox) -> None:
    first, second = dnse.placed(), dnse.placed(price=67_800)
    listed = dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)["orders"]
    assert [o["id"] for o in listed] == [first["id"], second["id"]]
    assert dnse.order(second["id"]) == {**second, "sandbox": dnse.order(second["id"])["sandbox"]}
    sb.now = "2026-11-23 10:00"  # the next trading day: yesterday's orders are not today's
    assert dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)["orders"] == []
    assert dnse.order(second["id"])["orderStatus"] == "filled"
    for missing in ("1", "abc", "8800000099"):
        r = dnse.send("GET", "order", f"/v2/orders/{missing}", accountNo=sb.dnse_account)
        dnse.refused(r, 404, "RESOURCE_NOT_FOUND")
    dnse.refused(dnse.send("GET", "order", "/v2/orders"), 400, "BAD_REQUEST")  # no accountNo


def test_another_investors_order_is_not_found(dnse: Wire, sb: Sandbox) -> None:
    theirs = sb.world.desk.place("0001234569", "VNM", *_buy(100, 67_800))
    r = dnse.send("GET", "order", f"/v2/orders/{theirs.id}", accountNo=sb.dnse_account)
    dnse.refused(r, 404, "RESOURCE_NOT_FOUND")
    r = dnse.send("DELETE", "order", f"/v2/orders/{theirs.id}", accountNo=sb.dnse_account)
    dnse.refused(r, 404)
    assert theirs.is_working


def _buy(quantity: int, price: int) -> tuple[Any, ...]:
    from vnfin.sandbox.world.orders import Side

    return (Side.BUY, "LO", quantity, price)


def test_cancel(dnse: Wire, sb: Sandbox) -> None:
    order = dnse.placed(price=67_800)
    r = dnse.send("DELETE", "order", f"/v2/orders/{order['id']}", accountNo=sb.dnse_account)
    assert r.status_code == 200
    cancelled = r.json()
    assert (
        cancelled["orderStatus"],
        cancelled["canceledQuantity"],
        cancelled["leaveQuantity"],
    ) == (
        "canceled",
        100,
        0,
    )
    assert dnse.order(order["id"])["orderStatus"] == "canceled"
    again = dnse.send("DELETE", "order", f"/v2/orders/{order['id']}", accountNo=sb.dnse_account)
    dnse.refused(again, 400, "ORDER_CAN_NOT_BE_CANCELED")
    filled = dnse.placed()
    r = dnse.send("DELETE", "order", f"/v2/orders/{filled['id']}", accountNo=sb.dnse_account)
    dnse.refused(r, 400, "ORDER_CAN_NOT_BE_CANCELED")
    late = dnse.placed(price=64_000)
    sb.now = "2026-11-20 14:35"  # HOSE's closing auction: no cancelling
    r = dnse.send("DELETE", "order", f"/v2/orders/{late['id']}", accountNo=sb.dnse_account)
    dnse.refused(r, 400, "CAN_NOT_CANCEL_ORDER_IN_CURRENT_SESSION")
    sb.now = "2026-11-20 15:10"
    assert dnse.order(late["id"])["orderStatus"] == "expired"


def test_derivative_orders(dnse: Wire, sb: Sandbox) -> None:
    body = {
        "symbol": "VN30F2612",
        "side": "NB",
        "orderType": "LO",
        "price": 1_800.5,
        "quantity": 1,
        "loanPackageId": 2279,
        "accountNo": sb.dnse_derivative_account,
    }
    r = dnse.send("POST", "order", "/derivative/orders", body)
    assert "no futures" in dnse.refused(r, 400, "SYMBOL_NOT_FOUND")
    r = dnse.send("POST", "order", "/derivative/orders", {**body, "loanPackageId": 1036})
    dnse.refused(r, 400, "INVALID_LOAN_PACKAGE")
    r = dnse.send("POST", "order", "/derivative/orders", {**body, "accountNo": sb.dnse_account})
    dnse.refused(r, 400, "INVALID_ACCOUNT_TYPE")
    r = dnse.send("POST", "order", "/derivative/orders", {**body, "orderType": "MP"})
    dnse.refused(r, 400, "INVALID_ORDER_TYPE")
    listed = dnse.get("order", "/derivative/orders", accountNo=sb.dnse_derivative_account)
    assert listed["orders"] == []
    for method in ("GET", "DELETE"):
        r = dnse.send(method, "order", "/derivative/orders/1", accountNo=sb.dnse_derivative_account)
        dnse.refused(r, 404, "RESOURCE_NOT_FOUND")
    r = dnse.send("POST", "", "/derivative-deal-risk/pnl-configs/1", {"takeProfitEnabled": True})
    dnse.refused(r, 404, "RESOURCE_NOT_FOUND")
    assert sb.world.desk.orders == {}


def test_order_write_faults_and_counting(dnse: Wire, sb: Sandbox) -> None:
    assert sb.order_writes == 0
    sb.faults.next_order_write = ("500", True)
    r = dnse.place(price=67_800)
    assert dnse.refused(r, 500, "INTERNAL_SERVER_ERROR") == "Internal server error"
    [done] = dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)["orders"]
    assert done["orderStatus"] == "new"
    sb.faults.next_order_write = ("500", False)
    dnse.refused(dnse.place(price=67_900), 500)
    assert len(dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)["orders"]) == 1
    sb.faults.next_order_write = ("slow", 0.05)
    dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)
    assert sb.faults.next_order_write == ("slow", 0.05)  # a read does not use it up
    started = time.monotonic()
    assert dnse.place(price=67_900).status_code == 200
    assert time.monotonic() - started >= 0.05 and sb.faults.next_order_write is None
    r = dnse.send("DELETE", "order", f"/v2/orders/{done['id']}", accountNo=sb.dnse_account)
    assert r.status_code == 200
    dnse.trading = ""
    dnse.refused(dnse.place(), 401)  # refused, and counted all the same
    assert sb.dnse_app.order_writes == sb.order_writes == 5


def test_random_500s_and_forced_429s(dnse: Wire, sb: Sandbox) -> None:
    sb.force_429(1)
    r = dnse.send("GET", "order", "/accounts")
    assert dnse.refused(r, 429, "TOO_MANY_REQUESTS") == "Too many requests"
    assert r.headers["retry-after"] == "1"
    assert dnse.send("GET", "order", "/accounts").status_code == 200
    sb.faults.error_rate = 1.0
    dnse.refused(dnse.send("GET", "order", "/accounts"), 500, "INTERNAL_SERVER_ERROR")


def test_the_rate_limit() -> None:
    sb = Sandbox(seed=0, now=NOW, rate_limit=(3, 60.0))
    with httpx.Client(transport=sb.transport, base_url=ENTRADE) as client:
        wire = DNSE(sb, client)
        wire.sign_in()  # the first request of the quota
        for _ in range(2):
            assert wire.send("GET", "order", "/accounts").status_code == 200
        r = wire.send("GET", "order", "/accounts")
        wire.refused(r, 429, "TOO_MANY_REQUESTS")
        assert 1 <= int(r.headers["retry-after"]) <= 60
        # the other dialects keep their own quotas
        finhay = client.get(
            "/market/stock-realtime?symbol=VNM", headers={"X-FH-APIKEY": sb.api_key}
        )
        assert finhay.status_code == 200


def test_dnse_shares_the_world_with_the_other_dialects(dnse: Wire, sb: Sandbox) -> None:
    sb.fund(sb.dnse_account, cash=1_000, holdings={"VNM": 0})
    balance = dnse.balance()
    assert (balance["totalCash"], balance["availableCash"]) == (1_000, 1_000)
    dnse.refused(dnse.place(), 400, "QMAX_EXCEED")
    [order] = [o for o in sb.world.desk.orders.values()]
    assert order.account == "0001888888" and sb.world.desk.sub("0001888888") is not None
    finhay = sb.world.desk.sub("0001234569")
    ssi = sb.world.desk.sub(sb.ssi_account)
    assert finhay is not None and finhay.cash == 500_000_000
    assert ssi is not None and ssi.cash == 500_000_000
    assert sb.world.desk.sub(".1") is sb.world.desk.sub("0001234567")  # Finhay's .1 still wins
