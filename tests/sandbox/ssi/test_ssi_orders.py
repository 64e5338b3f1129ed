"""SSI's order writes on the wire (reference §1.5–§1.7, §1.10), signed here: NewOrder,
ModifyOrder, CancelOrder and the derivative ones, requestID and deviceId rules, the desk's
refusals as ORD codes, faults, the rate limit and the world shared with Finhay. The market is
pinned at 2026-11-20 10:30, when VNM trades at 69,500 (reference 68,600, band 63,800–73,400;
its low of the day, 67,800, comes in the afternoon)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

from .conftest import NOW, SSI, key_from_xml

Wire = Any  # the conftest's SSI


def test_a_new_order_answers_the_request_id_only(ssi: Wire, sb: Sandbox) -> None:
    body = ssi.order(price=67_800)
    data = ssi.ok(ssi.post("NewOrder", body))
    assert data == {"requestID": body["requestID"], "requestData": body}
    record = ssi.find(body["requestID"])
    assert set(record) == {
        *("uniqueID", "orderID", "buySell", "price", "quantity", "filledQty", "orderStatus"),
        *("marketID", "inputTime", "modifiedTime", "instrumentID", "orderType", "cancelQty"),
        *("avgPrice", "isForcesell", "isShortsell", "rejectReason"),
    }
    assert (record["orderStatus"], record["price"], record["quantity"]) == ("QU", 67_800, 100)
    assert (record["buySell"], record["marketID"], record["filledQty"]) == ("B", "VN", 0)
    assert record["orderID"] in sb.world.desk.orders
    assert record["inputTime"] == str(int(sb.world.clock()) * 1000)


def test_an_order_fills_later_and_changes_cash_and_holdings(ssi: Wire, sb: Sandbox) -> None:
    before = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    record = ssi.place(price=67_800)
    held = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    assert held["secureAmount"] == 6_780_000 + 10_170  # its value and the 0.15 % fee
    assert held["purchasingPower"] == before["purchasingPower"] - held["secureAmount"]
    assert held["unMatchedBuyVolume"] == 6_780_000
    sb.now = "2026-11-20 14:00"
    filled = ssi.find(record["uniqueID"])
    assert (filled["orderStatus"], filled["filledQty"], filled["avgPrice"]) == ("FF", 100, 67_800)
    after = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    assert after["cashBal"] == before["cashBal"] - 6_780_000 - 10_170
    assert after["matchedBuyVolume"] == 6_780_000 and after["secureAmount"] == 0
    [vnm] = [
        p
        for p in ssi.ok(ssi.get("stockPosition", account=sb.ssi_account))["stockPositions"]
        if p["instrumentID"] == "VNM"
    ]
    assert (vnm["onHand"], vnm["buyT0"], vnm["sellableQty"]) == (1_000, 100, 1_000)


def test_market_orders_take_the_current_price(ssi: Wire) -> None:
    record = ssi.place(quantity=200, orderType="MP")
    assert (record["orderStatus"], record["avgPrice"], record["price"]) == ("FF", 69_500, 0)
    refusal = ssi.refused(ssi.post("NewOrder", ssi.order(price=69_500, orderType="ATC")))
    assert refusal["message"].endswith("Price is null or equal zero when order is market order")
    assert refusal["data"]["errorCode"] == "ORD006"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"price": 63_700}, "ORD002"),
        ({"price": 73_500}, "ORD003"),
        ({"price": 69_550}, "ORD004"),
        ({"price": 69_500.5}, "ORD004"),
        ({"price": 69_500, "quantity": 150}, "ORD005"),
        ({"price": 69_500, "quantity": 10_000}, "ORD008"),
        ({"side": "S", "price": 69_500, "quantity": 2_000}, "ORD007"),
        ({"price": 69_500, "quantity": 600_000}, "ORD007"),
        ({"symbol": "NOPE", "price": 10_000}, "ORD001"),
        ({"orderType": "ATO"}, "ORD016"),
        ({"orderType": "MP", "quantity": 50}, "ORD018"),
        ({"orderType": "GTD", "price": 69_500}, "ORD010"),
        ({"price": 69_500, "buySell": "X"}, "ORD006"),
        ({"price": 69_500, "market": "VNFE"}, "ORD006"),
        ({"price": 0}, "ORD006"),
        ({"price": 69_500, "quantity": 0}, "ORD006"),
        ({"price": 69_500, "stopOrder": True}, "ORD006"),
    ],
)
def test_refusals_carry_ssis_codes(
    ssi: Wire, sb: Sandbox, fields: dict[str, Any], code: str
) -> None:
    args = {k: fields.pop(k) for k in ("symbol", "side") if k in fields}
    body = ssi.order(**args, **fields)
    refusal = ssi.refused(ssi.post("NewOrder", body))
    assert refusal["data"] == {"errorCode": code, "requestID": body["requestID"]}
    [error] = [e for e in sb.ssi_app.events.since(0) if e["type"] == "orderError"]
    assert (error["data"]["errorCode"], error["data"]["uniqueID"]) == (code, body["requestID"])
    assert error["data"]["account"] == sb.ssi_account


def test_a_halted_symbol_is_suspended(ssi: Wire, sb: Sandbox) -> None:
    sb.world.desk.halted.add("VNM")
    body = ssi.order(price=69_500)
    assert ssi.refused(ssi.post("NewOrder", body))["data"]["errorCode"] == "ORD017"
    assert ssi.find(body["requestID"])["orderStatus"] == "RJ"


@pytest.mark.parametrize("request_id", ["", "abc", "123456789", "12a", "-1", "1.5"])
def test_request_ids_are_up_to_eight_digits(ssi: Wire, request_id: str) -> None:
    refusal = ssi.refused(
        ssi.post("NewOrder", {**ssi.order(price=69_500), "requestID": request_id})
    )
    assert refusal["data"]["errorCode"] == "ORD006"
    assert refusal["message"] == "requestID must be 1 to 8 digits"


def test_a_request_id_serves_once_a_day(ssi: Wire, sb: Sandbox) -> None:
    body = ssi.order(price=67_800, requestID="12345678")
    ssi.ok(ssi.post("NewOrder", body))
    again = ssi.refused(ssi.post("NewOrder", {**body, "price": 67_900}))
    assert again["message"] == "requestID 12345678 was already used today"
    record = ssi.find("12345678")
    assert ssi.refused(ssi.change("CancelOrder", record, requestID="12345678"))
    refused = ssi.order(price=1, requestID="777")
    ssi.refused(ssi.post("NewOrder", refused))  # ORD004: the id is used all the same
    assert "already used" in ssi.refused(ssi.post("NewOrder", refused))["message"]
    sb.now = "2026-11-23 10:30"  # the next trading day
    ssi.ok(ssi.post("NewOrder", {**body, "price": 69_000}))


@pytest.mark.parametrize(
    ("device", "ok"),
    [
        ("AA:BB:CC:DD:EE:FF", True),
        ("aa-bb-cc-dd-ee-ff", True),
        ("AABBCCDDEEFF", True),
        ("Ethernet:AA-BB-CC-DD-EE-FF|Wi-Fi:aa:bb:cc:dd:ee:ff", True),
        ("lo:00:00:00:00:00:00", True),
        ("", False),
        ("AA:BB:CC", False),
        ("not a mac", False),
        ("eth0:AA:BB:CC:DD:EE:FF|", False),
    ],
)
def test_device_ids(ssi: Wire, device: str, ok: bool) -> None:
    r = ssi.post("NewOrder", ssi.order(price=67_800, deviceId=device))
    if ok:
        ssi.ok(r)
    else:
        assert ssi.refused(r)["data"]["errorCode"] == "ORD006"


def test_modify_and_cancel(ssi: Wire, sb: Sandbox) -> None:
    record = ssi.place(price=67_800)
    assert ssi.refused(ssi.change("ModifyOrder", record))["data"]["errorCode"] == "ORD014"
    modify = ssi.change("ModifyOrder", record, price=67_500, quantity=300)
    assert ssi.ok(modify)["requestData"]["price"] == 67_500
    changed = ssi.find(record["uniqueID"])
    assert (changed["price"], changed["quantity"], changed["orderStatus"]) == (67_500, 300, "QU")
    bad = ssi.change("ModifyOrder", changed, price=73_500)
    assert ssi.refused(bad)["data"]["errorCode"] == "ORD003"
    other = ssi.change("ModifyOrder", changed, instrumentID="FPT", price=67_000)
    assert ssi.refused(other)["data"]["errorCode"] == "ORD006"
    ssi.ok(ssi.change("CancelOrder", changed))
    cancelled = ssi.find(record["uniqueID"])
    assert (cancelled["orderStatus"], cancelled["cancelQty"]) == ("CL", 300)
    again = ssi.change("CancelOrder", cancelled)
    assert ssi.refused(again)["data"]["errorCode"] == "ORD012"
    ghost = ssi.change("CancelOrder", {**cancelled, "orderID": "99"})
    assert ssi.refused(ghost)["data"]["errorCode"] == "ORD013"
    audit = ssi.ok(ssi.get("auditOrderBook", account=sb.ssi_account))["orders"]
    [entry] = [o for o in audit if o["orderID"] == record["orderID"]]
    assert entry["lastErrorEvent"]["errorCode"] == "ORD012"
    assert entry["lastErrorEvent"]["uniqueID"] != record["uniqueID"]


def test_amending_into_the_matched_part(ssi: Wire, sb: Sandbox) -> None:
    sb.fund(sb.ssi_account, cash=10_000_000_000)
    record = ssi.place(quantity=100_000, price=69_500)  # more than a minute's print can fill
    assert record["orderStatus"] == "PF" and 0 < record["filledQty"] < 100_000
    modify = ssi.change("ModifyOrder", record, quantity=record["filledQty"])
    assert ssi.refused(modify)["data"]["errorCode"] == "ORD031"
    ssi.ok(ssi.change("CancelOrder", record))
    done = ssi.find(record["uniqueID"])
    assert (done["orderStatus"], done["cancelQty"]) == ("FFPC", 100_000 - record["filledQty"])


def test_amending_in_the_closing_auction_is_refused(ssi: Wire, sb: Sandbox) -> None:
    record = ssi.place(price=67_000)
    sb.now = "2026-11-20 14:35"
    modify = ssi.change("ModifyOrder", record, price=66_900)
    assert ssi.refused(modify)["data"]["errorCode"] == "ORD011"


def test_derivative_orders(ssi: Wire, sb: Sandbox) -> None:
    body = ssi.order("VN30F2612", price=1_810.5, market="VNFE", account=sb.ssi_derivative_account)
    refusal = ssi.refused(ssi.post("derNewOrder", body))
    assert refusal["data"]["errorCode"] == "ORD001"
    assert refusal["message"].startswith("Symbol not found: VN30F2612 is not listed")
    wrong = ssi.refused(ssi.post("derNewOrder", {**body, "account": sb.ssi_account}))
    assert wrong["message"] == "Account is not exist."
    stock = ssi.refused(ssi.post("NewOrder", {**ssi.order(price=69_500), "account": "12345678"}))
    assert stock["message"] == "Account is not exist."
    cancel = {
        "orderID": "1",
        "account": sb.ssi_derivative_account,
        "instrumentID": "VN30F2612",
        "marketID": "VNFE",
        "buySell": "B",
        "requestID": ssi.request_id(),
        "deviceId": "AA:BB:CC:DD:EE:FF",
    }
    assert ssi.refused(ssi.post("derCancelOrder", cancel))["data"]["errorCode"] == "ORD013"
    modify = {**cancel, "requestID": ssi.request_id(), "price": 1_800, "quantity": 1}
    assert ssi.refused(ssi.post("derModifyOrder", modify))["data"]["errorCode"] == "ORD013"
    errors = sb.ssi_app.events.since(0, [sb.ssi_derivative_account])
    assert [e["data"]["errorCode"] for e in errors] == ["ORD001", "ORD013", "ORD013"]
    assert sb.ssi_app.events.since(0, [sb.ssi_account]) == []


def test_order_write_faults(ssi: Wire, sb: Sandbox) -> None:
    sb.faults.next_order_write = ("500", True)
    done = ssi.order(price=67_800)
    assert ssi.refused(ssi.post("NewOrder", done), 500)["message"] == "Internal server error"
    assert ssi.find(done["requestID"])["orderStatus"] == "QU"
    sb.faults.next_order_write = ("500", False)
    lost = ssi.order(price=67_800)
    ssi.refused(ssi.post("NewOrder", lost), 500)
    assert all(
        o["uniqueID"] != lost["requestID"]
        for o in ssi.ok(ssi.get("orderBook", account=sb.ssi_account))["orders"]
    )
    ssi.ok(ssi.post("NewOrder", lost))  # nothing was done: the id is still free
    sb.faults.next_order_write = ("slow", 0.05)
    assert sb.ssi_app.handle("GET", "/api/v2/Trading/orderBook", {}, b"").status == 401
    assert sb.faults.next_order_write == ("slow", 0.05)  # a refused read does not use it up
    slow = ssi.order(price=67_800)
    body = ssi.post("NewOrder", slow)
    ssi.ok(body)
    assert sb.faults.next_order_write is None and sb.order_writes == 4


def test_random_500s_and_forced_429s(sb: Sandbox) -> None:
    with httpx.Client(transport=sb.transport, base_url="http://x") as client:
        wire = SSI(sb, client, key_from_xml(sb.ssi_private_key))
        wire.login()
        sb.force_429(1)
        r = wire.get("orderBook", account=sb.ssi_account)
        assert wire.refused(r, 429)["message"].startswith("API calls quota exceeded!")
        assert r.headers["retry-after"] == "1"
        sb.faults.error_rate = 1.0
        wire.refused(wire.get("orderBook", account=sb.ssi_account), 500)


def test_the_rate_limit_counts_trading_and_data_apart() -> None:
    sb = Sandbox(seed=0, now=NOW, rate_limit=(3, 60.0))
    with httpx.Client(transport=sb.transport, base_url="http://x") as client:
        wire = SSI(sb, client, key_from_xml(sb.ssi_private_key))
        wire.login()
        wire.market_login()
        for _ in range(2):
            wire.ok(wire.get("orderBook", account=sb.ssi_account))
        r = wire.get("orderBook", account=sb.ssi_account)
        refusal = wire.refused(r, 429)
        assert refusal["message"] == "API calls quota exceeded! maximum admitted 3 per 1m."
        assert 1 <= int(r.headers["retry-after"]) <= 60
        wire.ok(wire.data("IndexList"))


def test_ssi_and_finhay_share_one_world(ssi: Wire, sb: Sandbox) -> None:
    sb.fund(sb.ssi_account, cash=1_000, holdings={"VNM": 0})
    cash = ssi.ok(ssi.get("cashAcctBal", account=sb.ssi_account))
    assert (cash["cashBal"], cash["purchasingPower"]) == (1_000, 1_000)
    body = ssi.order(price=69_500)
    assert ssi.refused(ssi.post("NewOrder", body))["data"]["errorCode"] == "ORD008"
    record = ssi.find(body["requestID"])
    order = sb.world.desk.orders[record["orderID"]]
    assert order.account == "1234567" and sb.world.desk.sub("1234567") is not None
    finhay = sb.world.desk.sub("0001234569")
    assert finhay is not None and finhay.cash == 500_000_000  # Finhay's own cash is apart
