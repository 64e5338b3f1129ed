"""Contract tests of every ``fh.orders`` call, on both faces, against the sandbox: 2FA, pre-trade
checks before any write, placing, amending and cancelling, rejections inside an HTTP 200, and
the two answer shapes the catalogue says a client must accept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import vnfin
from vnfin.orders import Order, OrderStatus, Preview, Side
from vnfin.sandbox import Sandbox

Face = Callable[..., Any]


@pytest.fixture
def trader(sandbox: Sandbox, face: Face) -> Face:
    """The face with today's 2FA session open."""
    assert "@" in face("orders.request_otp")
    expires = face("orders.verify_otp", sandbox.otp_code)
    assert (expires.hour, expires.minute, str(expires.tz)) == (23, 59, "Asia/Ho_Chi_Minh")
    return face


def test_a_write_without_a_session_is_refused_before_sending(sandbox: Sandbox, face: Face) -> None:
    with pytest.raises(vnfin.TwoFactorRequired, match=r"request_otp\(\)"):
        face("orders.place", "VNM", "BUY", 100, 68_000)
    assert sandbox.order_writes == 0


def test_a_wrong_code_is_a_bad_request(sandbox: Sandbox, face: Face) -> None:
    face("orders.request_otp")
    wrong = "000000" if sandbox.otp_code != "000000" else "111111"
    with pytest.raises(vnfin.BadRequest) as info:
        face("orders.verify_otp", wrong)
    assert info.value.error_code == "OTP_INVALID"


def test_place_amend_cancel(sandbox: Sandbox, trader: Face) -> None:
    order = trader("orders.place", "vnm", "b", 200, 68_000)
    assert isinstance(order, Order)
    assert (order.status, order.side, order.quantity, order.price) == (
        OrderStatus.OPEN,
        Side.BUY,
        200,
        68_000.0,
    )
    amended = trader("orders.amend", order.order_id, price=68_100)
    assert amended.price == 68_100 and amended.quantity == 200
    cancelled = trader("orders.cancel", order.order_id)
    assert cancelled.status is OrderStatus.CANCELLED
    assert sandbox.order_writes == 3
    with pytest.raises(vnfin.ValidationError, match="cannot be cancelled"):
        trader("orders.cancel", order.order_id)
    assert sandbox.order_writes == 3


def test_a_marketable_order_fills_at_once(trader: Face) -> None:
    order = trader("orders.place", "SHS", "BUY", 1_000, None, "MAK")  # HNX: no MP
    assert order.status is OrderStatus.FILLED and order.filled_quantity == 1_000


def test_preview_checks_everything_and_sends_nothing(sandbox: Sandbox, trader: Face) -> None:
    preview = trader("orders.preview", "VNM", "BUY", 100, 69_000)
    assert isinstance(preview, Preview)
    assert (preview.method, preview.target) == (
        "POST",
        "/trading/oa/sub-accounts/0001234569/orders",
    )
    assert preview.body is not None and b'"sub_account":"120C001234.4"' in preview.body
    assert preview.market.session == "PROGRESS" and "LO" in preview.market.order_types
    assert preview.estimate.value == 6_900_000 and preview.estimate.fees > 0
    assert sandbox.order_writes == 0


@pytest.mark.parametrize(
    ("args", "argument", "words"),
    [
        (("VNM", "BUY", 100, 69_050), "price", "100 VND tick"),
        (("VNM", "BUY", 100, 80_000), "price", "above today's ceiling"),
        (("VNM", "BUY", 100, None, "ATO"), "order_type", "session is PROGRESS"),
        (("VNM", "BUY", 150, 69_000), "quantity", "split it"),
        (("VNM", "BUY", 50, None, "MP"), "order_type", "odd lot"),
        (("VNM", "SELL", 5_000, 69_000), "quantity", "only 1,000 are sellable"),
        (("VNM", "BUY", 10_000, 69_000), "quantity", "more than the buying power"),
        (("ZZZZ", "BUY", 100, 10_000), "symbol", "not a listed symbol"),
    ],
)
def test_bad_orders_are_refused_before_any_write(
    sandbox: Sandbox, trader: Face, args: tuple[Any, ...], argument: str, words: str
) -> None:
    with pytest.raises(vnfin.ValidationError, match=words) as info:
        trader("orders.place", *args)
    assert info.value.argument == argument
    assert sandbox.order_writes == 0


def test_the_exchange_refusal_inside_an_http_200_is_an_order_rejection(
    sandbox: Sandbox, trader: Face
) -> None:
    sandbox.world.desk.halted.add("FPT")
    with pytest.raises(vnfin.OrderRejected) as info:
        trader("orders.place", "FPT", "BUY", 100, 79_000)
    assert info.value.error_code == "-700069" and "halted" in info.value.reason


def test_orders_on_another_sub_account_go_where_asked(sandbox: Sandbox, trader: Face) -> None:
    with pytest.raises(vnfin.OrderRejected) as info:
        trader("orders.place", "VNM", "SELL", 100, 69_500, "LO", "normal")
    assert info.value.error_code == "SUB_ACCOUNT_NOT_ALLOWED"
    assert sandbox.order_writes == 1


def test_both_answer_shapes_are_accepted(sandbox: Sandbox, face: Face) -> None:
    sandbox.finhay_app.two_fa.enveloped = True  # 2FA fields under data, with error_code
    sandbox.finhay_app.trading.orders.null_envelope = True  # error_code: null on success
    face("orders.request_otp")
    face("orders.verify_otp", sandbox.otp_code)
    order = face("orders.place", "VNM", "BUY", 100, 68_000)
    assert order.status is OrderStatus.OPEN


def test_a_session_the_server_ended_is_dropped(sandbox: Sandbox, trader: Face) -> None:
    sandbox.now = "2026-11-23 10:30"  # the next trading day: yesterday's session expired
    with pytest.raises(vnfin.TwoFactorRequired, match=r"OTP_SESSION_EXPIRED|request_otp"):
        trader("orders.place", "VNM", "BUY", 100, 69_000)
    with pytest.raises(vnfin.TwoFactorRequired, match="today's 2FA session"):
        trader("orders.place", "VNM", "BUY", 100, 69_000)  # refused locally now
