"""Order writes against a scripted FastConnect server (httpx.MockTransport), counting the writes
that arrive: never retried, never resent; a lost answer is reconciled against today's book
by request id, and what cannot be told is an OrderStateUnknown. Pre-trade checks refuse
before anything is sent."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

import vnfin
from vnfin.orders import OrderStatus
from vnfin.ssi import SSI

from .conftest import FUTURE, PIN, FakeSSI

Make = Callable[..., SSI]


@pytest.fixture
def trader(fake_client: Make) -> SSI:
    ssi = fake_client()
    ssi.auth.verify(PIN)
    return ssi


def test_place_returns_the_order_from_the_book(fake: FakeSSI, trader: SSI) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 68000)
    [write] = [r for r in fake.requests if r.url.path.endswith("NewOrder")]
    sent = json.loads(write.content)
    assert order.request_id == sent["requestID"] and order.order_id == "ORD1"
    assert order.status is OrderStatus.OPEN and order.price == 68000.0
    assert write.headers["Authorization"] != fake.requests[-1].headers["Authorization"]
    assert fake.writes == 1


def test_without_waiting_the_order_is_pending_and_can_still_be_cancelled(
    fake: FakeSSI, trader: SSI
) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 68000, wait=0)
    assert order.order_id == "" and order.status is OrderStatus.PENDING
    assert order.request_id is not None and order.account == "1234567"
    cancelled = trader.orders.cancel(order)  # looked up in today's book by request id
    assert cancelled.order_id == "ORD1" and cancelled.status is OrderStatus.CANCELLED
    [cancel] = [r for r in fake.requests if r.url.path.endswith("CancelOrder")]
    body = json.loads(cancel.content)
    assert body["orderID"] == "ORD1" and body["requestID"] != order.request_id


def test_a_lost_answer_after_the_order_was_taken_finds_it(fake: FakeSSI, trader: SSI) -> None:
    fake.fail_next_write = ("500", True)
    with pytest.warns(UserWarning, match="it is in today's book"):
        order = trader.orders.place("VNM", "BUY", 100, 68000)
    assert order.order_id == "ORD1" and fake.writes == 1


def test_a_timeout_after_the_order_was_taken_finds_it(fake: FakeSSI, trader: SSI) -> None:
    fake.fail_next_write = ("timeout", True)
    with pytest.warns(UserWarning, match="timed out"):
        order = trader.orders.place("VNM", "SELL", 100, 68000)
    assert order.order_id == "ORD1" and fake.writes == 1


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_a_lost_answer_with_nothing_taken_is_unknown_and_not_resent(
    fake: FakeSSI, trader: SSI, fault: str
) -> None:
    fake.fail_next_write = (fault, False)
    with pytest.raises(vnfin.OrderStateUnknown, match="no order with request id") as info:
        trader.orders.place("VNM", "BUY", 100, 68000)
    known = info.value.known
    [write] = [r for r in fake.requests if r.url.path.endswith("NewOrder")]
    assert known["request_id"] == json.loads(write.content)["requestID"]
    assert fake.writes == 1 and fake.book == []


def test_a_rate_limited_write_is_not_retried(fake: FakeSSI, fake_client: Make) -> None:
    ssi = fake_client(max_retries=3)
    ssi.auth.verify(PIN)
    fake.limit_next_write = True
    with pytest.raises(vnfin.RateLimitError):
        ssi.orders.place("VNM", "BUY", 100, 68000)
    assert fake.writes == 1


def test_reads_are_retried(fake: FakeSSI, fake_client: Make) -> None:
    ssi = fake_client(max_retries=3)
    fake.fail_gets = 2
    assert ssi.account.order_book().empty
    assert fake.count("GET", "orderBook") == 3


def test_lost_answers_to_a_cancel_are_checked_on_the_order(fake: FakeSSI, trader: SSI) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 68000)
    fake.fail_next_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown, match="does not show it cancelled"):
        trader.orders.cancel(order.order_id)
    fake.fail_next_write = ("500", True)
    with pytest.warns(UserWarning, match="cancelled"):
        cancelled = trader.orders.cancel(order)
    assert cancelled.status is OrderStatus.CANCELLED
    assert fake.writes == 3  # place, cancel (lost), cancel: each sent once


def test_an_order_the_book_shows_rejected_raises(fake: FakeSSI, trader: SSI) -> None:
    fake.reject_next = "ORD008: not enough purchasing power"
    with pytest.raises(vnfin.OrderRejected) as info:
        trader.orders.place("VNM", "BUY", 100, 68000)
    assert info.value.error_code == "ORD008"
    assert "purchasing power" in info.value.reason


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("VNM", "BUY", 100, 74000), "above today's ceiling"),
        (("VNM", "BUY", 100, 68010), "tick"),
        (("VNM", "BUY", 150, 68000), "lot"),
        (("VNM", "BUY", 100, None, "PLO"), "HOSE does not take PLO"),
        (("VNM", "BUY", 20_000, 68000), "at most 10,000"),
        (("VNM", "SELL", 2_000, 68000), "only 1,000 are sellable"),
        (("VNM", "BUY", 100, None, "ATO"), None),  # a market order passes
    ],
)
def test_pre_trade_checks_refuse_before_sending(
    fake: FakeSSI, trader: SSI, args: tuple[object, ...], match: str | None
) -> None:
    if match is None:
        preview = trader.orders.preview(*args)
        assert json.loads(preview.body or b"{}")["price"] == 0  # price 0 for non-LO types
        assert fake.writes == 0
        return
    with pytest.raises(vnfin.ValidationError, match=match):
        trader.orders.place(*args)
    assert fake.writes == 0


def test_amend_checks_and_sends_the_new_total(fake: FakeSSI, trader: SSI) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 68000)
    with pytest.raises(vnfin.ValidationError, match="ceiling"):
        trader.orders.amend(order, price=80000)
    with pytest.raises(vnfin.ValidationError, match="quantity= or price="):
        trader.orders.amend(order)
    trader.orders.amend(order.order_id, quantity=300, price=68100)
    [modify] = [r for r in fake.requests if r.url.path.endswith("ModifyOrder")]
    body = json.loads(modify.content)
    assert (body["orderID"], body["quantity"], body["price"]) == ("ORD1", 300, 68100)
    assert body["buySell"] == "B" and body["instrumentID"] == "VNM" and body["marketID"] == "VN"
    with pytest.raises(vnfin.ValidationError, match="no order with order id NOPE"):
        trader.orders.cancel("NOPE")


# -- derivatives -----------------------------------------------------------------------------------


def test_a_derivative_order_goes_to_der_new_order_in_points(fake: FakeSSI, trader: SSI) -> None:
    preview = trader.orders.preview_derivative(FUTURE, "SELL", 2, 1310.1)
    body = json.loads(preview["body"])
    assert preview["target"] == "/api/v2/Trading/derNewOrder"
    assert (body["account"], body["market"], body["price"]) == ("12345678", "VNFE", 1310.1)
    assert fake.writes == 0
    order = trader.orders.place_derivative(FUTURE, "BUY", 3, 1312.5)
    assert order.order_id == "ORD1" and order.account == "12345678"
    assert order.quantity == 3 and order.price == 1312.5
    trader.orders.amend_derivative(order.order_id, price=1312.0)
    [modify] = [r for r in fake.requests if r.url.path.endswith("derModifyOrder")]
    assert json.loads(modify.content)["price"] == 1312.0
    with pytest.raises(vnfin.ValidationError, match="tick"):
        trader.orders.amend(order, price=1312.03)
    cancelled = trader.orders.cancel(order)  # the order's market (VNFE) picks derCancelOrder
    assert cancelled.status is OrderStatus.CANCELLED
    assert fake.count("POST", "derCancelOrder") == 1 and fake.count("POST", "/CancelOrder") == 0


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((FUTURE, "BUY", 1, 1310.05), "0.1-point tick: use 1310 or 1310.1"),
        ((FUTURE, "BUY", 1, 1500.0), "above today's ceiling"),
        ((FUTURE, "BUY", 1, None, "MP"), "order_type"),
        ((FUTURE, "BUY", 0, 1310.0), "quantity"),
        (("VNM", "BUY", 1, 68000.0), "not a derivative"),
    ],
)
def test_derivative_checks(
    fake: FakeSSI, trader: SSI, args: tuple[object, ...], match: str
) -> None:
    with pytest.raises(vnfin.ValidationError, match=match):
        trader.orders.place_derivative(*args)
    assert fake.writes == 0


def test_a_future_is_refused_by_the_stock_order_path(fake: FakeSSI, trader: SSI) -> None:
    with pytest.raises(vnfin.ValidationError, match="place_derivative"):
        trader.orders.place(FUTURE, "BUY", 1, 1310)
    assert fake.writes == 0
