"""Writes under injected faults, counting the writes the sandbox receives: never retried, never
resent; a lost answer is reconciled against today's order book, and what cannot be told is an
OrderStateUnknown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import vnfin
from vnfin.orders import OrderStatus
from vnfin.sandbox import Sandbox

Face = Callable[..., Any]


@pytest.fixture
def trader(sandbox: Sandbox, face: Face) -> Face:
    face("orders.request_otp")
    face("orders.verify_otp", sandbox.otp_code)
    return face


def test_a_lost_answer_after_the_order_was_taken_finds_it(sandbox: Sandbox, trader: Face) -> None:
    sandbox.faults.next_order_write = ("500", True)
    with pytest.warns(UserWarning, match="it is in today's book"):
        order = trader("orders.place", "VNM", "BUY", 100, 68_000)
    assert order.status is OrderStatus.OPEN and order.price == 68_000
    assert sandbox.order_writes == 1
    book = trader("account.order_book")
    assert book.order_id.tolist() == [order.order_id]


def test_a_lost_answer_with_nothing_taken_is_unknown_not_resent(
    sandbox: Sandbox, trader: Face
) -> None:
    trader("orders.place", "VNM", "BUY", 100, 68_000)  # the same order already in the book
    sandbox.faults.next_order_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown, match="no new order like it") as info:
        trader("orders.place", "VNM", "BUY", 100, 68_000)
    assert info.value.known["candidates"] == []
    assert sandbox.order_writes == 2
    assert len(trader("account.order_book")) == 1


def test_a_timeout_after_the_order_was_taken_finds_it(sandbox: Sandbox) -> None:
    fh = sandbox.finhay(timeout=0.3)
    fh.orders.request_otp()
    fh.orders.verify_otp(sandbox.otp_code)
    sandbox.faults.next_order_write = ("slow", 2.0)
    with pytest.warns(UserWarning, match="timed out"):
        order = fh.orders.place("VNM", "BUY", 100, 68_000)
    assert order.status is OrderStatus.OPEN and sandbox.order_writes == 1
    fh.close()


def test_lost_answers_to_amend_and_cancel_are_checked_on_the_order(
    sandbox: Sandbox, trader: Face
) -> None:
    order = trader("orders.place", "VNM", "BUY", 100, 68_000)
    sandbox.faults.next_order_write = ("500", True)
    with pytest.warns(UserWarning, match="amended"):
        amended = trader("orders.amend", order.order_id, price=68_100)
    assert amended.price == 68_100
    sandbox.faults.next_order_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown, match="does not show it cancelled"):
        trader("orders.cancel", order.order_id)
    sandbox.faults.next_order_write = ("500", True)
    with pytest.warns(UserWarning, match="cancelled"):
        cancelled = trader("orders.cancel", order.order_id)
    assert cancelled.status is OrderStatus.CANCELLED
    assert sandbox.order_writes == 4  # place, amend, cancel (lost), cancel: each sent once


def test_reads_are_retried_but_writes_never(sandbox: Sandbox, trader: Face) -> None:
    sandbox.faults.error_rate = 1.0  # every request fails with a 500 ...
    before = sandbox.requests_seen
    with pytest.raises(vnfin.ServerError):
        trader("orders.place", "VNM", "BUY", 100, 68_000)
    assert sandbox.requests_seen - before == 4  # the first read, tried 1 + 3 times
    assert sandbox.order_writes == 0  # ... so no write went out
    sandbox.faults.error_rate = 0.0
    trader("account.sub_accounts")  # the profile, fetched once
    before = sandbox.requests_seen
    sandbox.faults.next_order_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown):
        trader("orders.place", "VNM", "BUY", 100, 68_000)
    assert sandbox.order_writes == 1
    # quote, session, buying power, book; the write once; the book again to reconcile
    assert sandbox.requests_seen - before == 6
