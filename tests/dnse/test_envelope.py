"""LightSpeed's answers → payloads or vnfin's typed errors, from recorded error bodies
(reference §4.4, §4.6, §4.7): no success envelope; ``{status, code, message}`` or
``{message}``; the order reject codes → OrderRejected with a plain-language reason, whether
refused with a 400 or returned in an order's ``error``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import vnfin
from vnfin._call import Call
from vnfin.dnse import routes
from vnfin.dnse import trading_routes as trading
from vnfin.dnse.envelope import decode, rejection
from vnfin.dnse.routes import Layout
from vnfin.dnse.vocab import REJECT_CODES

API = Layout("entrade")
READ = routes.accounts(API)
PLACE = trading.place(API, "0001000115", "VNM", "BUY", "LO", 68500, 100, 1036)
CANCEL = trading.cancel(API, "0001000115", 7)
TOKEN = routes.trading_token(API)
NOT_FOUND = {"status": 404, "code": "RESOURCE_NOT_FOUND", "message": "404 NOT_FOUND"}
INVALID_SIGNATURE = {"message": "Invalid signature"}


def answer(call: Call, status: int, body: Any = None, **headers: str) -> Any:
    if isinstance(body, str | bytes):
        response = httpx.Response(status, content=body, headers=headers)
    else:
        response = httpx.Response(status, json=body, headers=headers)
    return decode(response, call)


def test_a_success_is_the_json_itself() -> None:
    assert answer(READ, 200, {"accounts": []}) == {"accounts": []}
    assert answer(PLACE, 200, {"id": 7, "orderStatus": "new"})["id"] == 7
    assert answer(routes.email_otp(API), 200, b"") is None


def test_the_recorded_not_found_body() -> None:
    with pytest.raises(vnfin.NotFound) as info:
        answer(routes.order(API, "0001000115", 7), 404, NOT_FOUND)
    error = info.value
    assert (error.status_code, error.error_code, error.message) == (
        404,
        "RESOURCE_NOT_FOUND",
        "404 NOT_FOUND",
    )
    assert str(error) == (
        "GET /dnse-order-service/v2/orders/7?accountNo=0001000115 HTTP 404 "
        "error_code=RESOURCE_NOT_FOUND: 404 NOT_FOUND"
    )


def test_the_recorded_invalid_signature_body_on_a_read_is_an_auth_error() -> None:
    with pytest.raises(vnfin.AuthError) as info:
        answer(READ, 401, INVALID_SIGNATURE)
    assert type(info.value) is vnfin.AuthError
    assert info.value.message == "Invalid signature" and info.value.error_code is None


@pytest.mark.parametrize("call", [PLACE, CANCEL, trading.cancel_conditional("abc"), TOKEN])
@pytest.mark.parametrize(
    "body", [INVALID_SIGNATURE, {"status": 401, "code": "INVALID_TRADING_TOKEN", "message": "x"}]
)
def test_a_401_on_a_write_or_the_trading_token_request_is_two_factor_required(
    call: Call, body: dict[str, Any]
) -> None:
    with pytest.raises(vnfin.TwoFactorRequired, match="trading_token"):
        answer(call, 401, body)


def test_a_refused_otp_is_two_factor_required() -> None:
    body = {"status": 400, "code": "INVALID_OTP", "message": "The OTP is invalid"}
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        answer(TOKEN, 400, body)
    assert info.value.error_code == "INVALID_OTP" and info.value.status_code == 400


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (
            403,
            {"status": 403, "code": "FORBIDDEN", "message": "must use order v1"},
            vnfin.AuthError,
        ),
        (404, NOT_FOUND, vnfin.NotFound),
        (
            400,
            {"status": 400, "code": "BAD_REQUEST", "message": "price is required"},
            vnfin.BadRequest,
        ),
        (500, {"status": 500, "code": "INTERNAL_SERVER_ERROR", "message": "x"}, vnfin.ServerError),
        (503, "<html>Service Unavailable</html>", vnfin.ServerError),
        (418, {"message": "teapot"}, vnfin.APIError),
    ],
)
def test_the_http_status_picks_the_class(status: int, body: Any, cls: type) -> None:
    with pytest.raises(cls) as info:
        answer(READ, status, body)
    assert type(info.value) is cls and info.value.status_code == status


def test_an_unreadable_error_body_keeps_the_reason_phrase() -> None:
    with pytest.raises(vnfin.ServerError, match="Service Unavailable"):
        answer(READ, 503, "<html>oops</html>")


def test_a_rate_limit_keeps_retry_after() -> None:
    body = {"status": 429, "code": "TOO_MANY_REQUESTS", "message": "slow down"}
    with pytest.raises(vnfin.RateLimitError) as info:
        answer(READ, 429, body, **{"Retry-After": "7"})
    assert info.value.retry_after == 7.0


@pytest.mark.parametrize("code", sorted(REJECT_CODES))
def test_each_reject_code_refused_with_a_400_is_order_rejected_in_plain_words(code: str) -> None:
    body = {"status": 400, "code": code, "message": f"desk says {code.lower()}"}
    with pytest.raises(vnfin.OrderRejected) as info:
        answer(PLACE, 400, body)
    error = info.value
    assert error.error_code == code and error.status_code == 400
    assert error.reason.startswith(REJECT_CODES[code]) and code in error.reason
    assert f"desk says {code.lower()}" in error.reason


@pytest.mark.parametrize("code", sorted(REJECT_CODES))
def test_each_reject_code_in_a_returned_order_is_order_rejected(code: str) -> None:
    order = {"id": 42, "symbol": "VNM", "orderStatus": "rejected", "error": code}
    refused = rejection(order, PLACE)
    assert isinstance(refused, vnfin.OrderRejected)
    assert refused.error_code == code and REJECT_CODES[code] in refused.reason
    assert "order 42 was rejected" in str(refused) and refused.path == PLACE.target


def test_meanings_are_plain_words() -> None:
    assert "floor" in REJECT_CODES["PRICE_MUST_GREATER_THAN_OR_EQUAL_TO_FLOOR_PRICE"]
    assert "ceiling" in REJECT_CODES["PRICE_MUST_LESS_THAN_OR_EQUAL_TO_CEILING_PRICE"]
    assert "tick" in REJECT_CODES["INVALID_PRICE_LOT"]
    assert "lot" in REJECT_CODES["INVALID_QUANTITY_LOT"]
    assert "qmax" in REJECT_CODES["QMAX_EXCEED"]
    assert "margin basket" in REJECT_CODES["SYMBOL_IS_NOT_IN_MARGIN_BASKET"]


@pytest.mark.parametrize(
    "order",
    [
        {"id": 1, "orderStatus": "new", "error": ""},
        {"id": 2, "orderStatus": "expired", "orderType": "MP", "error": "0"},  # no counter-party
        {"id": 3, "orderStatus": "filled"},
    ],
)
def test_orders_that_were_not_refused_are_not_rejections(order: dict[str, Any]) -> None:
    assert rejection(order) is None


def test_a_rejected_order_with_an_unknown_code_still_is_one() -> None:
    refused = rejection({"id": 9, "orderStatus": "rejected", "error": "SYMBOL_IS_HALTED"})
    assert refused is not None and refused.error_code == "SYMBOL_IS_HALTED"


def test_any_other_refusal_of_an_order_write_is_order_rejected() -> None:
    body = {"status": 400, "code": "SYMBOL_NOT_FOUND", "message": "VN30F2412 is not listed"}
    with pytest.raises(vnfin.OrderRejected) as info:
        answer(PLACE, 400, body)
    assert info.value.reason == "VN30F2412 is not listed"
    with pytest.raises(vnfin.BadRequest):  # the same refusal of a read is a BadRequest
        answer(READ, 400, body)
