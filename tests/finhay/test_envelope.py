"""Finhay envelope decoding and error mapping (reference §1.8–§1.9)."""

from __future__ import annotations

import httpx
import pytest

from vnfin import errors
from vnfin._call import Call
from vnfin.finhay.envelope import decode, error_class, retry_after

CALL = Call("GET", "/market/stock-realtime?symbol=VNM")
ORDER = Call("POST", "/trading/oa/sub-accounts/0001234567/orders", b"{}")


def reply(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def test_result_preferred_over_data() -> None:
    got = decode(
        reply(200, {"error_code": "0", "message": "success", "result": [1], "data": [2]}), CALL
    )
    assert got == [1]
    assert decode(reply(200, {"error_code": "0", "data": {"a": 1}}), CALL) == {"a": 1}


def test_top_level_fields_are_the_payload_when_no_data_key() -> None:
    got = decode(
        reply(
            200,
            {"error_code": "0", "message": "ok", "ticket_id": "t1", "masked_destination": "u***@x"},
        ),
        CALL,
    )
    assert got == {"ticket_id": "t1", "masked_destination": "u***@x"}


def test_error_envelope_with_http_200_raises() -> None:
    with pytest.raises(errors.APIError) as info:
        decode(
            reply(200, {"error_code": "1001", "message": "invalid sub account", "traceId": "abc"}),
            CALL,
        )
    err = info.value
    assert (err.status_code, err.error_code, err.message, err.trace_id) == (
        200,
        "1001",
        "invalid sub account",
        "abc",
    )
    assert "GET /market/stock-realtime?symbol=VNM" in str(err)
    assert type(err) is errors.APIError


def test_status_200_envelope_without_error_code_is_success() -> None:
    assert decode(reply(200, {"status": 200, "data": [1]}), CALL) == [1]


def test_missing_error_code_is_not_success_without_a_payload() -> None:
    with pytest.raises(errors.ResponseError, match="no error_code"):
        decode(reply(200, {"message": "hm", "items": [1]}), CALL)


def test_a_null_error_code_with_a_result_is_a_success() -> None:
    # order replies declare error_code nullable; raising would invite a second submission
    body = {"error_code": None, "message": None, "result": [{"order_id": "1"}]}
    assert decode(reply(200, body), ORDER) == [{"order_id": "1"}]
    assert decode(reply(200, {"data": [1]}), CALL) == [1]


def test_two_factor_answers_at_the_top_level_are_read() -> None:
    step = Call("POST", "/auth/v1/openapi/2fa/request", b"{}")
    body = {"ticket_id": "t-1", "masked_destination": "u***@x.vn"}
    assert decode(reply(200, body), step) == body
    enveloped = {"error_code": "0", "message": "success", "data": body}
    assert decode(reply(200, enveloped), step) == body


def test_a_status_in_the_body_without_error_code_is_the_real_status() -> None:
    with pytest.raises(errors.BadRequest) as info:
        decode(reply(200, {"status": 400, "message": "Invalid symbol"}), CALL)
    assert info.value.status_code == 400 and "HTTP 400" in str(info.value)
    with pytest.raises(errors.ServerError):
        decode(reply(200, {"status": 503, "message": "busy"}), CALL)


def test_error_answers_to_order_writes_are_order_rejections() -> None:
    with pytest.raises(errors.OrderRejected) as info:
        decode(reply(200, {"error_code": "1001", "message": "invalid sub account"}), ORDER)
    assert info.value.reason == "invalid sub account" and info.value.error_code == "1001"
    with pytest.raises(errors.OrderRejected):
        decode(reply(400, {"error_code": "400", "message": "Price out of band"}), ORDER)
    with pytest.raises(errors.TwoFactorRequired):  # not a rejection of the order itself
        decode(reply(403, {"error_code": "OTP_SESSION_EXPIRED", "message": "x"}), ORDER)
    with pytest.raises(errors.ServerError):
        decode(reply(500, {"error_code": "500", "message": "x"}), ORDER)


def test_non_json_answers() -> None:
    with pytest.raises(errors.ResponseError):
        decode(httpx.Response(200, text="<html>"), CALL)
    with pytest.raises(errors.ServerError):
        decode(httpx.Response(502, text="bad gateway"), CALL)
    with pytest.raises(errors.NotFound):
        decode(httpx.Response(404, text="nope"), CALL)


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (401, "AUTH_NONCE_REUSED", errors.AuthError),
        (401, "401", errors.AuthError),
        (403, "OTP_SESSION_EXPIRED", errors.TwoFactorRequired),
        (200, "OTP_SESSION_REQUIRED", errors.TwoFactorRequired),
        (429, "429", errors.RateLimitError),
        (200, "RATE_LIMIT_EXCEEDED", errors.RateLimitError),
        (404, "404", errors.NotFound),
        (500, "500", errors.ServerError),
        (503, None, errors.ServerError),
        (400, "400", errors.BadRequest),
        (200, "400", errors.BadRequest),
        (400, "OTP_INVALID", errors.BadRequest),
        (200, "1001", errors.APIError),
        (502, "5xx", errors.ServerError),
        (200, "5ab", errors.APIError),
    ],
)
def test_error_classes(status: int, code: str | None, cls: type) -> None:
    assert error_class(status, code) is cls
    body = {"error_code": code or "x", "message": "m"}
    with pytest.raises(cls):
        decode(reply(status, body), CALL)


def test_rate_limit_carries_retry_after() -> None:
    import time

    reset = int(time.time()) + 7
    with pytest.raises(errors.RateLimitError) as info:
        decode(
            reply(
                429,
                {"error_code": "429", "message": "Too many requests"},
                {"X-RateLimit-Reset": str(reset)},
            ),
            CALL,
        )
    assert info.value.retry_after is not None
    assert 5.0 < info.value.retry_after <= 7.0


def test_retry_after_formats() -> None:
    def resp(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"X-RateLimit-Reset": value})

    assert retry_after(resp("1713441600"), now=1713441590.0) == 10.0
    assert retry_after(resp("1713441600000"), now=1713441590.0) == 10.0
    assert retry_after(resp("3"), now=1713441590.0) == 3.0
    assert retry_after(resp("1713441000"), now=1713441590.0) == 0.0
    assert retry_after(resp("soon")) is None
    assert retry_after(httpx.Response(429)) is None
