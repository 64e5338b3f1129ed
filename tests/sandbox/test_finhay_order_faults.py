"""The order-write faults (``Faults.next_order_write``) and the count of order writes, for the
client's no-retry and order-state-unknown tests: a 500 after the write was carried out, a 500
with nothing done, and an answer held back past a client's timeout — in-process (sync and
async httpx) and over loopback HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Faults, Sandbox

SUB, SUB_EXT = "0001234569", "120C001234.4"
ORDERS = f"/trading/oa/sub-accounts/{SUB}/orders"
BODY = {
    "sub_account": SUB_EXT,
    "side": "BUY",
    "symbol": "VNM",
    "quantity": 100,
    "type": "LIMIT",
    "limit_price": 66_000,
    "market_price": None,
    "stock_type": "STOCK",
}
Wire = Any  # the conftest's Wire
Signer = Callable[..., dict[str, str]]  # the conftest's `signed`


def book(sb: Sandbox) -> list[str]:
    return [o.id for o in sb.world.desk.orders.values()]


def test_a_500_after_the_order_was_accepted(wire: Wire, sandbox: Sandbox) -> None:
    sandbox.faults.next_order_write = ("500", True)
    r = wire.send("POST", ORDERS, BODY)
    assert r.status_code == 500 and r.json()["error_code"] == "500"
    [order_id] = book(sandbox)
    assert wire.order(order_id)["status"] == "SENT"  # it is in the book all the same
    assert sandbox.faults.next_order_write is None  # once
    assert wire.place("VNM", "BUY", 100, 66_000)["order_status"] == "SENT"


def test_a_500_with_nothing_done(wire: Wire, sandbox: Sandbox) -> None:
    sandbox.faults.next_order_write = ("500", False)
    assert wire.send("POST", ORDERS, BODY).status_code == 500
    assert book(sandbox) == []
    assert wire.send("POST", ORDERS, BODY).status_code == 200


def test_the_faults_hit_amendments_and_cancellations_too(wire: Wire, sandbox: Sandbox) -> None:
    order_id = wire.place("VNM", "BUY", 100, 66_000)["order_id"]
    sandbox.faults.next_order_write = ("500", True)
    assert wire.send("PUT", f"{ORDERS}/{order_id}", {"price": 66_100}).status_code == 500
    assert wire.order(order_id)["price"] == 66_100
    sandbox.faults.next_order_write = ("500", False)
    assert wire.send("DELETE", f"{ORDERS}/{order_id}", {"sub_account": SUB_EXT}).status_code == 500
    assert wire.order(order_id)["status"] == "SENT"


def test_a_refused_request_does_not_use_up_the_fault(wire: Wire, sandbox: Sandbox) -> None:
    sandbox.faults.next_order_write = ("500", True)
    token, wire.token = wire.token, None
    assert wire.send("POST", ORDERS, BODY).status_code == 403  # no 2FA session
    assert wire.client.get(f"/trading/v1/accounts/{SUB}/order-book").status_code == 401
    wire.token = token
    assert wire.send("POST", ORDERS, BODY).status_code == 500


def test_order_writes_are_counted_whatever_becomes_of_them(wire: Wire, sandbox: Sandbox) -> None:
    assert sandbox.order_writes == 0
    wire.place("VNM", "BUY", 100, 66_000)
    wire.get(f"/trading/v1/accounts/{SUB}/order-book")  # reads are not writes
    wire.send("POST", "/auth/v1/openapi/2fa/request", {"channel": "EMAIL"})
    assert sandbox.order_writes == 1
    wire.client.post(ORDERS, content=b"{}")  # unsigned: refused, still received
    wire.send("DELETE", f"{ORDERS}/nope", {"sub_account": SUB_EXT})
    sandbox.faults.next_order_write = ("500", False)
    wire.send("POST", ORDERS, BODY)
    assert sandbox.order_writes == 4


def test_a_slow_answer_after_the_order_was_accepted_in_process(
    wire: Wire, sandbox: Sandbox
) -> None:
    sandbox.faults.next_order_write = ("slow", 0.4)
    started = time.monotonic()
    r = wire.send("POST", ORDERS, BODY)
    assert r.status_code == 200 and time.monotonic() - started >= 0.4
    assert r.json()["result"][0]["order_status"] == "SENT"


def test_an_async_client_times_out_and_the_order_is_in_the_book(
    sandbox: Sandbox, wire: Wire, signed: Signer
) -> None:
    sandbox.faults.next_order_write = ("slow", 5.0)
    raw = json.dumps(BODY, separators=(",", ":")).encode()
    headers = {**signed("POST", ORDERS, raw), "X-FH-2FA-TOKEN": wire.token}

    async def post() -> None:
        async with httpx.AsyncClient(transport=sandbox.transport, base_url="http://x") as client:
            await asyncio.wait_for(client.post(ORDERS, content=raw, headers=headers), 0.2)

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        asyncio.run(post())
    assert time.monotonic() - started < 2
    [order_id] = book(sandbox)
    assert wire.order(order_id)["status"] == "SENT"


def test_a_loopback_client_times_out_and_the_order_is_in_the_book(
    sandbox: Sandbox, wire: Wire, signed: Signer
) -> None:
    url = sandbox.serve()
    sandbox.faults.next_order_write = ("slow", 1.5)
    raw = json.dumps(BODY, separators=(",", ":")).encode()
    headers = {**signed("POST", ORDERS, raw), "X-FH-2FA-TOKEN": wire.token}
    with httpx.Client(base_url=url, timeout=0.3) as client, pytest.raises(httpx.ReadTimeout):
        client.post(ORDERS, content=raw, headers=headers)
    [order_id] = book(sandbox)
    assert wire.order(order_id)["status"] == "SENT" and sandbox.order_writes == 1


@pytest.mark.parametrize(
    "value",
    [("500",), ("500", 1), ("slow", 0), ("slow", -1.0), ("slow", True), ("boom", True), "500"],
)
def test_the_knob_refuses_what_it_cannot_do(value: Any) -> None:
    with pytest.raises(ValueError, match="next_order_write"):
        Faults().next_order_write = value
    assert Faults(next_order_write=("slow", 2)).next_order_write == ("slow", 2.0)
