"""DNSE's conditional (stop) orders on the wire (reference §4.6): creation and its checks, the
trigger when the simulated price crosses (found here independently, from the chart's one-minute
bars), the target order on the desk at that moment, expiry, a rejected target, cancel, and the
paged list with its filters. The market is pinned at 2026-11-20 10:30, when VNM trades at
69,500; its low of the day, 67,800, comes in the afternoon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from vnfin.sandbox import Sandbox

from .conftest import CASH

Wire = Any  # the conftest's DNSE
PATH = "/conditional-order-api/v1/orders"
VN = dt.timezone(dt.timedelta(hours=7))
CREATED = dt.datetime(2026, 11, 20, 10, 30, tzinfo=VN)


def stop(sb: Sandbox, **fields: Any) -> dict[str, Any]:
    """A conditional order body as DNSE's docs show it (§4.6)."""
    level = fields.pop("level", 68_000)
    body = {
        "condition": f"price {fields.pop('op', '<=')} {level}",
        "targetOrder": {
            "quantity": 100,
            "side": "NB",
            "price": 68_000,
            "loanPackageId": CASH,
            "orderType": "LO",
            **fields.pop("target", {}),
        },
        "symbol": "VNM",
        "props": {"stopPrice": level, "marketId": "UNDERLYING"},
        "accountNo": sb.dnse_account,
        "category": "STOP",
        "timeInForce": {"expireTime": "2026-11-20T08:00:00.000Z", "kind": "GTD"},
    }
    return {**body, **fields}


def create(dnse: Wire, **fields: Any) -> str:
    r = dnse.send("POST", "", PATH, stop(dnse.sb, **fields))
    assert r.status_code == 200 and set(r.json()) == {"id", "sandbox"}, r.text
    order_id = str(r.json()["id"])
    assert len(order_id) == 20 and order_id.isalnum()
    return order_id


def detail(dnse: Wire, order_id: str) -> dict[str, Any]:
    found: dict[str, Any] = dnse.get("", f"{PATH}/{order_id}")
    return found


def first_minute(dnse: Wire, reached: Callable[[float, float], bool]) -> dt.datetime:
    """The start of the first one-minute chart bar of VNM after 10:30 whose (high, low), in
    VND, reach the level. The chart serves only what has happened, so the market clock looks
    at the day's end meanwhile (the chart, which needs no login, moves nothing else)."""
    start = int(CREATED.timestamp())
    pinned, dnse.sb.now = dnse.sb.now, "2026-11-20 15:00"
    bars = dnse.client.get(
        "/chart-api/v2/ohlcs/stock",
        params={"symbol": "VNM", "resolution": "1", "from": start + 1, "to": start + 6 * 3600},
    ).json()
    dnse.sb.now = pinned
    for t, high, low in zip(bars["t"], bars["h"], bars["l"], strict=True):
        if reached(round(high * 1000), round(low * 1000)):
            return dt.datetime.fromtimestamp(t, VN)
    raise AssertionError("no bar reaches the level")


def test_a_stop_buy_triggers_when_the_price_falls_to_it(dnse: Wire, sb: Sandbox) -> None:
    order_id = create(dnse)
    new = detail(dnse, order_id)
    assert (new["status"], new["condition"], new["metadata"]["externalOrderId"]) == (
        "NEW",
        "price <= 68000",
        None,
    )
    assert (new["createdAt"], new["investorId"], new["createdBy"]) == (
        "2026-11-20T03:30:00.000000Z",
        "0001888800",
        "064C888888",
    )
    assert new["timeInForce"] == {"expireTime": "2026-11-20T08:00:00Z", "kind": "GTD"}
    assert new["targetOrder"] == {
        "loanPackageId": CASH,
        "orderType": "LO",
        "price": 68_000,
        "quantity": 100,
        "side": "NB",
    }
    crossed = first_minute(dnse, lambda high, low: low <= 68_000)
    assert dt.time(13) <= crossed.time() < dt.time(14, 30)  # a bar of continuous matching
    sb.now = "2026-11-20 14:40"
    done = detail(dnse, order_id)
    assert (done["status"], done["metadata"]["status"], done["metadata"]["errorMessage"]) == (
        "ACTIVATED",
        "OK",
        "",
    )
    target = dnse.order(done["metadata"]["externalOrderId"])
    assert target["createdDate"] == crossed.isoformat(timespec="milliseconds")
    assert (target["orderStatus"], target["price"], target["side"]) == ("filled", 68_000, "NB")
    assert done["updatedAt"].startswith(crossed.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"))


def test_a_stop_triggers_on_a_rise_too(dnse: Wire, sb: Sandbox) -> None:
    order_id = create(dnse, op=">=", level=69_600, target={"side": "NS", "price": 69_600})
    crossed = first_minute(dnse, lambda high, low: high >= 69_600)
    sb.now = crossed + dt.timedelta(seconds=30)
    done = detail(dnse, order_id)
    assert done["status"] == "ACTIVATED"
    target = dnse.order(done["metadata"]["externalOrderId"])
    assert (target["side"], target["createdDate"]) == (
        "NS",
        crossed.isoformat(timespec="milliseconds"),
    )
    sb.now = crossed - dt.timedelta(seconds=1)  # going back undoes nothing
    assert detail(dnse, order_id)["status"] == "ACTIVATED"


def test_nothing_happens_before_the_crossing(dnse: Wire, sb: Sandbox) -> None:
    order_id = create(dnse)
    crossed = first_minute(dnse, lambda high, low: low <= 68_000)
    sb.now = crossed - dt.timedelta(seconds=1)
    assert detail(dnse, order_id)["status"] == "NEW"
    assert dnse.get("order", "/v2/orders", accountNo=sb.dnse_account)["orders"] == []


def test_a_stop_that_never_crosses_expires(dnse: Wire, sb: Sandbox) -> None:
    order_id = create(dnse, op=">=", level=80_000, target={"price": 73_000})
    sb.now = "2026-11-20 14:59"
    assert detail(dnse, order_id)["status"] == "NEW"
    sb.now = "2026-11-20 15:00"
    expired = detail(dnse, order_id)
    assert (expired["status"], expired["updatedAt"]) == ("EXPIRED", "2026-11-20T08:00:00.000000Z")
    assert sb.world.desk.orders == {}


def test_a_target_the_desk_refuses_rejects_the_stop(dnse: Wire, sb: Sandbox) -> None:
    order_id = create(dnse, target={"quantity": 10_000})
    sb.now = "2026-11-20 14:40"
    rejected = detail(dnse, order_id)
    assert (rejected["status"], rejected["metadata"]["status"]) == ("REJECTED", "ERROR")
    assert rejected["metadata"]["errorMessage"].startswith("QMAX_EXCEED: ")
    refused = dnse.order(rejected["metadata"]["externalOrderId"])
    assert (refused["orderStatus"], refused["error"]) == ("rejected", "QMAX_EXCEED")


def test_cancel(dnse: Wire, sb: Sandbox) -> None:
    order_id = create(dnse)
    r = dnse.send("PATCH", "", f"{PATH}/{order_id}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "CANCELLED"
    sb.now = "2026-11-20 14:40"
    assert detail(dnse, order_id)["status"] == "CANCELLED"  # it never triggers
    again = dnse.send("PATCH", "", f"{PATH}/{order_id}/cancel")
    dnse.refused(again, 400, "ORDER_CAN_NOT_BE_CANCELED")
    dnse.refused(dnse.send("PATCH", "", f"{PATH}/nothing/cancel"), 404, "RESOURCE_NOT_FOUND")
    dnse.refused(dnse.send("GET", "", f"{PATH}/nothing"), 404, "RESOURCE_NOT_FOUND")
    assert sb.order_writes == 4  # the create and three cancels


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"condition": "price > 68000"}, "BAD_REQUEST"),
        ({"props": {"stopPrice": 67_000, "marketId": "UNDERLYING"}}, "BAD_REQUEST"),
        ({"category": "TRAILING"}, "BAD_REQUEST"),
        ({"timeInForce": {"expireTime": "2026-11-20T03:00:00Z", "kind": "GTD"}}, "BAD_REQUEST"),
        ({"timeInForce": {"expireTime": "tomorrow", "kind": "GTD"}}, "BAD_REQUEST"),
        ({"timeInForce": {"expireTime": "2026-11-21T03:00:00Z", "kind": "GTC"}}, "BAD_REQUEST"),
        ({"symbol": "NOPE"}, "SYMBOL_NOT_FOUND"),
        ({"props": {"stopPrice": 68_000, "marketId": "DERIVATIVES"}}, "SYMBOL_NOT_FOUND"),
        ({"target": {"quantity": 150}}, "INVALID_QUANTITY_LOT"),
        ({"target": {"quantity": 50, "orderType": "MP"}}, "INVALID_QUANTITY_LOT"),
        ({"target": {"price": 68_050}}, "INVALID_PRICE_LOT"),
        ({"target": {"orderType": "ATO"}}, "INVALID_ORDER_TYPE"),
        ({"target": {"side": "BUY"}}, "INVALID_SIDE"),
        ({"target": {"loanPackageId": 7}}, "INVALID_LOAN_PACKAGE"),
        ({"accountNo": "0001888889"}, "INVALID_ACCOUNT_TYPE"),
    ],
)
def test_creation_checks(dnse: Wire, sb: Sandbox, change: dict[str, Any], code: str) -> None:
    dnse.refused(dnse.send("POST", "", PATH, stop(sb, **change)), 400, code)
    assert sb.dnse_app.conditional.book == {}


def test_the_list_pages_and_filters(dnse: Wire, sb: Sandbox) -> None:
    empty = dnse.get("", PATH, accountNo=sb.dnse_account)
    assert (empty["content"], empty["totalElements"], empty["page"]) == ([], 0, 1)
    dnse.refused(dnse.send("GET", "", PATH, accountNo=sb.dnse_account, daily="yes"), 400)
    ids = [create(dnse, level=level, target={"price": level}) for level in (68_000, 67_000)]
    ids.append(create(dnse, symbol="FPT", level=10_000, target={"price": 10_000}))
    dnse.send("PATCH", "", f"{PATH}/{ids[1]}/cancel")

    def listing(**params: Any) -> dict[str, Any]:
        found: dict[str, Any] = dnse.get("", PATH, accountNo=sb.dnse_account, **params)
        return found

    page = listing(size=2)
    assert (page["page"], page["size"], page["numberOfElements"]) == (1, 2, 2)
    assert (page["totalElements"], page["totalPages"]) == (3, 2)
    second = listing(size=2, page=2)
    seen = [o["id"] for o in page["content"] + second["content"]]
    assert sorted(seen) == sorted(ids) and len(second["content"]) == 1
    assert [o["id"] for o in listing(status="CANCELLED")["content"]] == [ids[1]]
    assert len(listing(status="NEW,CANCELLED")["content"]) == 3
    assert [o["id"] for o in listing(symbol="FPT")["content"]] == [ids[2]]
    assert listing(daily="true")["totalElements"] == 3
    assert listing(**{"from": "2026-11-21"})["totalElements"] == 0
    assert listing(**{"from": "2026-11-20", "to": "2026-11-20"})["totalElements"] == 3
    assert listing(marketId="DERIVATIVES")["totalElements"] == 0
    derivative = dnse.get("", PATH, accountNo=sb.dnse_derivative_account)
    assert derivative["content"] == [] and derivative["totalPages"] == 0
    sb.now = "2026-11-23 10:00"
    assert listing(daily="true")["totalElements"] == 0
    for bad in ({"page": 0}, {"size": 0}, {"from": "20/11/2026"}, {"marketId": "BONDS"}):
        dnse.refused(dnse.send("GET", "", PATH, accountNo=sb.dnse_account, **bad), 400)
    dnse.refused(dnse.send("GET", "", PATH), 400)  # no accountNo
