"""Finhay's market, session and bootstrap endpoints (reference §2.1, §2.2, §2.12) in their
documented shapes, straight over httpx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from vnfin.sandbox import Sandbox

Data = Callable[..., Any]  # the `data` fixture: the payload of a successful GET
Refused = Callable[..., str]  # the `refused` fixture: the message of a 400

BOOK = {
    f"{side}{what}{i}" for side in ("buy", "sell") for what in ("Price", "Vol") for i in (1, 2, 3)
}
FIELDS = """
    symbol price close reference ceiling floor open high low average change changePercent
    volume totalVolume totalValue foreignBought foreignSold foreignRemain remainBid remainAsk
    stockType exchange name createdAt pe pb roe marketCap marketCapCategory outstandingShares
"""
QUOTE_FIELDS = BOOK | set(FIELDS.split())


def test_stock_realtime(data: Data, refused: Refused) -> None:
    vnm = data("/market/stock-realtime", "result", symbol="vnm")
    assert set(vnm) == QUOTE_FIELDS and vnm["symbol"] == "VNM" and vnm["exchange"] == "HOSE"
    assert vnm["floor"] <= vnm["low"] <= vnm["price"] <= vnm["high"] <= vnm["ceiling"]
    assert vnm["change"] == vnm["price"] - vnm["reference"]
    assert vnm["createdAt"] % 1000 == 0 and vnm["totalVolume"] % 100 == 0
    pair = data("/market/stock-realtime", "result", symbols="FPT, hpg,NOPE")
    assert [q["symbol"] for q in pair] == ["FPT", "HPG"]
    hnx = data("/market/stock-realtime", "result", exchange="HNX")
    assert len(hnx) > 30 and {q["exchange"] for q in hnx} == {"HNX"}
    assert refused("/market/stock-realtime", symbol="NOPE") == "Invalid symbol"
    assert refused("/market/stock-realtime", exchange="HCX") == "Invalid exchange"
    refused("/market/stock-realtime")
    refused("/market/stock-realtime", symbol="VNM", symbols="FPT")


def test_index_realtime_and_history(data: Data, refused: Refused) -> None:
    indices = data("/market/index-realtime", "result", index="VNINDEX,vn30,NOPE")
    assert [i["index"] for i in indices] == ["VNINDEX", "VN30"]
    vn = indices[0]
    assert len(vn["values"]) == len(vn["times"]) == len(vn["advancesArr"]) > 0
    assert (
        vn["advances"] + vn["declines"] + vn["nochanges"]
        == len(data("/market/stock-realtime", "result", exchange="HOSE")) - 3
    )  # every HOSE stock but the three ETFs
    refused("/market/index-realtime")
    bars = data(
        "/market/price-histories-chart",
        symbol="VNM",
        resolution="1D",
        **{"from": 0, "to": 2_000_000_000},
    )
    assert set(bars) == {"symbol", "resolution", "time", "open", "close", "high", "low", "volume"}
    assert all(isinstance(v, int) for v in bars["close"][-5:])
    for params in (
        {"symbol": "VNM", "resolution": "2H", "from": 0, "to": 1},
        {"symbol": "VNM", "from": 5, "to": 1},
        {"symbol": "VNM"},
    ):
        refused("/market/price-histories-chart", **params)


def test_session_for_every_exchange(data: Data, refused: Refused) -> None:
    for exchange, state in (("HOSE", "PROGRESS"), ("hnx", "PROGRESS"), ("HCX", "PROGRESS")):
        got = data("/trading/market/session", "result", exchange=exchange)
        assert got["exchange"] == exchange.upper() and got["exchange_session"] == state
        assert "LO" in got["available_order_types"]
    assert refused("/trading/market/session", exchange="NYSE") == "Invalid exchange"


def test_bootstrap(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    user = fh.request("GET", "/users/v1/users/me")["user_id"]
    accounts = fh.request("GET", f"/users/v1/users/{user}/sub-accounts")
    assert [a["sub_account_ext"] for a in accounts] == [
        "120C001234.1",
        "120C001234.6",
        "120C001234.4",
    ]
    assert all(
        a["sub_account_ext"] == a["depository_number"] + a["product_type_name"] for a in accounts
    )
    with httpx.Client(transport=sandbox.transport, base_url="http://x") as client:
        r = client.get("/users/v1/users/1/sub-accounts", headers={"X-FH-APIKEY": sandbox.api_key})
    assert r.status_code == 401  # Tier 2: signed first, looked up after
