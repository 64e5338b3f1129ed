"""The order stream's events as the SSI app logs them (reference §1.9): numbered per day,
produced for every change the desk makes to SSI's orders, and read back with ``since``
(0 = the whole day, -1 = nothing before now, n = from message n on)."""

from __future__ import annotations

from typing import Any

from vnfin.sandbox import Sandbox

Wire = Any  # the conftest's SSI

ORDER_EVENT_FIELDS = {
    *("orderID", "notifyID", "instrumentID", "uniqueID", "buySell", "orderType", "ipAddress"),
    *("price", "prefix", "quantity", "marketID", "origOrderId", "account", "cancelQty"),
    *("osQty", "filledQty", "avgPrice", "channel", "inputTime", "modifiedTime"),
    *("isForceSell", "isShortSell", "orderStatus", "rejectReason", "origRequestID"),
    *("stopOrder", "stopPrice", "stopType", "stopStep", "profitPrice"),
}
MATCH_FIELDS = {
    *("orderID", "notifyID", "instrumentID", "uniqueID", "buySell", "matchPrice"),
    *("ipAddress", "matchQty", "prefix", "account", "matchTime"),
}
ERROR_FIELDS = {
    *("message", "notifyID", "errorCode", "uniqueID", "connectionID", "ipAddress", "prefix"),
    *("orderID", "instrumentID", "buySell", "orderType", "price", "quantity", "marketID"),
    *("origOrderId", "account", "channel", "inputTime", "modifiedTime", "isForceSell"),
    *("isShortSell", "origRequestID", "stopOrder", "stopPrice", "stopType", "stopStep"),
    *("profitPrice", "modifiable", "note"),
}


def kinds(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(type, status or matched quantity or error code) of each event."""
    out = []
    for e in events:
        d = e["data"]
        out.append((e["type"], d.get("orderStatus") or d.get("matchQty") or d.get("errorCode")))
    return out


def test_place_match_cancel_and_the_numbering(ssi: Wire, sb: Sandbox) -> None:
    log = sb.ssi_app.events
    assert log.last_id() == 0 and log.since(0) == []
    now = ssi.place(price=69_500)  # marketable at 10:30: fills on arrival
    events = log.since(0)
    assert kinds(events) == [("orderEvent", "QU"), ("orderMatchEvent", 100), ("orderEvent", "FF")]
    assert [e["data"]["notifyID"] for e in events] == [1, 2, 3]
    accepted, match, filled = (e["data"] for e in events)
    assert set(accepted) == set(filled) == ORDER_EVENT_FIELDS and set(match) == MATCH_FIELDS
    assert accepted["uniqueID"] == match["uniqueID"] == now["uniqueID"]
    assert (accepted["osQty"], accepted["filledQty"]) == (100, 0)
    assert (match["matchPrice"], match["matchTime"]) == (69_500, now["inputTime"])
    assert (filled["osQty"], filled["avgPrice"], filled["account"]) == (0, 69_500, "1234567")

    resting = ssi.place(price=67_800)  # the day's low, reached in the afternoon
    cancelled = ssi.place("FPT", price=75_000)
    assert log.last_id() == 5 and log.since(-1) == []
    body = ssi.change("CancelOrder", cancelled)
    ssi.ok(body)
    [cancel] = log.since(6)
    assert (cancel["data"]["orderStatus"], cancel["data"]["cancelQty"]) == ("CL", 100)
    assert cancel["data"]["origRequestID"] == cancelled["uniqueID"]
    assert cancel["data"]["uniqueID"] not in (cancelled["uniqueID"], "")

    sb.now = "2026-11-20 14:00"
    assert log.last_id() == 6  # the desk is lazy: nothing is logged until someone looks
    assert sb.ssi_app.refresh() == 8
    fill, done = log.since(7)
    assert kinds([fill, done]) == [("orderMatchEvent", 100), ("orderEvent", "FF")]
    assert fill["data"]["orderID"] == resting["orderID"]
    assert int(resting["inputTime"]) < int(fill["data"]["matchTime"]) <= 1_795_158_000_000
    assert sb.ssi_app.refresh() == 8  # nothing new
    assert [e["data"]["notifyID"] for e in log.since(0)] == list(range(1, 9))
    assert log.since(5) == log.since(0)[4:]


def test_amendments_expiry_and_errors(ssi: Wire, sb: Sandbox) -> None:
    log = sb.ssi_app.events
    record = ssi.place(price=64_000)  # never reached today
    body = ssi.change("ModifyOrder", record, price=64_100)
    ssi.ok(body)
    modified = log.since(0)[-1]["data"]
    assert (modified["orderStatus"], modified["price"]) == ("QU", 64_100)
    assert modified["origRequestID"] == record["uniqueID"]
    refused = ssi.change("ModifyOrder", {**record, "price": 64_100}, price=10)
    assert ssi.refused(refused)["data"]["errorCode"] == "ORD002"
    error = log.since(0)[-1]
    assert error["type"] == "orderError" and set(error["data"]) == ERROR_FIELDS
    assert error["data"]["orderID"] == record["orderID"]
    mark = log.last_id()
    sb.now = "2026-11-20 15:00"
    ssi.ok(ssi.get("orderBook", account=sb.ssi_account))  # any SSI call logs what happened
    [expired] = log.since(mark + 1)
    assert (expired["data"]["orderStatus"], expired["data"]["cancelQty"]) == ("EX", 100)
    malformed = ssi.order(price=69_500, buySell="Q")
    ssi.refused(ssi.post("NewOrder", malformed))
    last = log.since(0)[-1]["data"]
    assert (last["errorCode"], last["uniqueID"], last["buySell"]) == (
        "ORD006",
        malformed["requestID"],
        "Q",
    )
    assert set(last) == ERROR_FIELDS


def test_a_new_day_starts_a_new_log(ssi: Wire, sb: Sandbox) -> None:
    ssi.place(price=67_000)
    assert sb.ssi_app.events.last_id() == 1
    sb.now = "2026-11-23 09:00"
    assert sb.ssi_app.refresh() == 0  # yesterday's order expired yesterday
    ssi.place(price=67_000)
    assert [e["data"]["notifyID"] for e in sb.ssi_app.events.since(0)] == [1]


def test_the_hub_looks_tokens_up_here(ssi: Wire, sb: Sandbox) -> None:
    app = sb.ssi_app
    assert app.token_accounts(ssi.token) == ("1234567", "12345678")
    assert app.token_accounts(ssi.data_token) is None
    assert app.token_accounts("junk") is None
    assert app.data_caller(ssi.data_token) == sb.ssi_data_consumer_id
    assert app.data_caller(ssi.token) is None
