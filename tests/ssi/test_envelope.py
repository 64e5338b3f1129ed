"""SSI's envelope (reference §1.3, §1.10, §7.6, §7.10): the body's integer ``status`` decides,
whatever the HTTP status; errors become vnfin's classes with SSI's message and code."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from vnfin import errors
from vnfin._call import Call
from vnfin.ssi.envelope import ORDER_CODES, decode, error_class

READ = Call("GET", "/api/v2/Trading/orderBook?account=1234567")
ORDER = Call("POST", "/api/v2/Trading/NewOrder", b"{}")
DER = Call("POST", "/api/v2/Trading/derModifyOrder", b"{}")


def reply(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def test_success_returns_the_whole_body() -> None:
    body = {"message": "Success", "status": 200, "data": [1], "totalRecord": 1}
    assert decode(reply(200, body), READ) == body
    legacy = {"message": "SUCCESS", "status": "SUCCESS", "dataList": []}
    assert decode(reply(200, legacy), READ) == legacy


def test_an_error_status_in_the_body_raises_with_http_200() -> None:
    with pytest.raises(errors.BadRequest) as info:
        decode(reply(200, {"message": "Account is not exist.", "status": 400, "data": None}), READ)
    error = info.value
    assert error.status_code == 400 and error.message == "Account is not exist."
    assert error.method == "GET" and error.path == READ.target
    assert "Account is not exist." in str(error)


def test_an_http_error_is_an_error_even_if_the_body_says_200() -> None:
    with pytest.raises(errors.ServerError):
        decode(reply(502, {"message": "Success", "status": 200}), READ)
    with pytest.raises(errors.ServerError):
        decode(httpx.Response(503, text="<html>bad gateway</html>"), READ)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequest),
        (401, errors.AuthError),
        (403, errors.AuthError),
        (404, errors.NotFound),
        (204, errors.NotFound),  # "no such client" (reference §1.10)
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (418, errors.APIError),
    ],
)
def test_statuses_map_onto_the_error_tree(status: int, cls: type[errors.APIError]) -> None:
    with pytest.raises(cls) as info:
        decode(reply(200, {"message": "no", "status": status, "data": None}), READ)
    assert type(info.value) is cls


@pytest.mark.parametrize("code", ["ORD001", "ORD002", "ORD016", "ORD040"])
def test_order_codes_are_order_rejections_with_the_meaning(code: str) -> None:
    body = {"message": "Price is below the floor", "status": 400, "data": {"errorCode": code}}
    with pytest.raises(errors.OrderRejected) as info:
        decode(reply(400, body), ORDER)
    error = info.value
    assert error.error_code == code and error.message == "Price is below the floor"
    assert ORDER_CODES[code] in error.reason and code in error.reason


def test_the_code_is_also_read_at_the_top_or_in_the_message() -> None:
    top = {"message": "rejected", "status": 400, "errorCode": "ORD017", "data": None}
    with pytest.raises(errors.OrderRejected) as info:
        decode(reply(200, top), ORDER)
    assert info.value.error_code == "ORD017"
    quoted = {"message": "ORD005: Invalid lot size", "status": 400, "data": None}
    with pytest.raises(errors.OrderRejected) as info:
        decode(reply(200, quoted), READ)
    assert info.value.error_code == "ORD005"


def test_a_refused_order_write_without_a_code_is_an_order_rejection() -> None:
    body = {"message": "Price is null or equal zero when order is market order", "status": 400}
    with pytest.raises(errors.OrderRejected):
        decode(reply(400, body), ORDER)
    with pytest.raises(errors.OrderRejected):
        decode(reply(400, body), DER)
    with pytest.raises(errors.BadRequest) as info:  # the same answer to a read
        decode(reply(400, body), READ)
    assert not isinstance(info.value, errors.OrderRejected)


def test_login_errors_and_rate_limits() -> None:
    with pytest.raises(errors.AuthError) as info:
        decode(reply(200, {"message": "x", "status": 400, "data": {"errorCode": "ERR001"}}), READ)
    assert info.value.error_code == "ERR001"
    limited = reply(
        429,
        {"message": "API calls quota exceeded! maximum admitted 1 per 1s.", "status": 429},
        {"Retry-After": "3"},
    )
    with pytest.raises(errors.RateLimitError) as limit:
        decode(limited, READ)
    assert limit.value.retry_after == 3.0
    # an auth refusal of a write stays an AuthError, never an order rejection
    assert error_class(401, None, ORDER) is errors.AuthError


def test_unreadable_answers() -> None:
    with pytest.raises(errors.ResponseError, match="unreadable"):
        decode(httpx.Response(200, text="not json"), READ)
    with pytest.raises(errors.ResponseError, match="no status"):
        decode(reply(200, {"data": []}), READ)
    with pytest.raises(errors.BadRequest):
        decode(reply(200, {"message": "failed", "status": "FAIL"}), READ)
