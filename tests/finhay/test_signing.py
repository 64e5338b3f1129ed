"""Known-answer signing vectors (reference §1.3, seed 004) with a frozen clock and nonce,
and checks that what is signed is exactly what goes on the wire."""

from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest

import vnfin
from vnfin.finhay.auth import (
    Credentials,
    FinhayAuth,
    body_hash,
    is_tier1,
    needs_2fa,
    signature,
    signing_payload,
)

SECRET = "test-secret-key"
TS = 1_700_000_000_000
ORDER_BODY = (
    b'{"sub_account":"120C000008.4","side":"BUY","symbol":"HPG","quantity":100,'
    b'"type":"LIMIT","limit_price":25500,"market_price":null,"stock_type":"STOCK"}'
)


def frozen_auth(token: str | None = None) -> FinhayAuth:
    return FinhayAuth(
        Credentials("ak_test_key", SECRET, token),
        clock=lambda: TS / 1000,
        nonce=lambda: "11111111-2222-4333-8444-555555555555",
    )


@pytest.mark.parametrize(
    ("method", "target", "body", "expected"),
    [
        (
            "GET",
            "/users/v1/users/me",
            b"",
            "25aed89bff943b84adde0265bd3df927b97f6ac2886b6cb39f07aa3839a877ed",
        ),
        (
            "GET",
            "/trading/v2/accounts/0001234567/available-trade?orderSide=BUY&symbol=HPG&quotePrice=27000",
            b"",
            "ad2376d2b16d0ae17ccac3a2d99bcb73efb9123ecc0baa2e82228315da234e9d",
        ),
        (
            "POST",
            "/trading/oa/sub-accounts/0001234567/orders",
            ORDER_BODY,
            "2741118ce977c021e80bb2f9ca62a03336a8a8b89ab4fab2be377d07c814dbfb",
        ),
    ],
)
def test_reference_vectors(method: str, target: str, body: bytes, expected: str) -> None:
    headers = frozen_auth("jwt-token").headers_for(method, target, body)
    assert headers["X-FH-SIGNATURE"] == expected
    assert headers["X-FH-TIMESTAMP"] == str(TS)
    assert headers["X-FH-APIKEY"] == "ak_test_key"


def test_body_hash_vector_and_empty_body() -> None:
    assert body_hash(ORDER_BODY) == (
        "a3885cc3997f3f84ed931e1914a549e3b15b730b3b57e853cc5ef7a25d5cbb7e"
    )
    assert body_hash(b"") == ""


def test_payload_layout() -> None:
    assert signing_payload("1", "get", "/a?b=c", "") == "1\nGET\n/a?b=c\n"
    assert signing_payload("1", "POST", "/a", "ff") == "1\nPOST\n/a\nff"


def test_tiers_follow_seed_004() -> None:
    for path in (
        "/market/stock-realtime",
        "/trading/market/session",
        "/trading/securities/x",
        "/fund-trading/public/fund-certificates",
    ):
        assert is_tier1("GET", path)
        assert not is_tier1("POST", path)
    for path in ("/users/v1/users/me", "/trading/pnl-today/1", "/marketing/x", "/market"):
        assert not is_tier1("GET", path)
    assert needs_2fa("DELETE", "/trading/oa/sub-accounts/1/orders/2")
    assert not needs_2fa("GET", "/trading/oa/sub-accounts/1/orders")


def test_tier1_sends_only_the_key() -> None:
    headers = frozen_auth().headers_for("GET", "/market/stock-realtime?symbol=VNM", b"")
    assert headers == {"X-FH-APIKEY": "ak_test_key"}


def test_get_has_no_body_hash_header_and_write_has_one() -> None:
    auth = frozen_auth("tok")
    assert "X-FH-BODYHASH" not in auth.headers_for("GET", "/users/v1/users/me", b"")
    delete = auth.headers_for("DELETE", "/trading/oa/sub-accounts/1/orders/9", b'{"a":1}')
    assert delete["X-FH-BODYHASH"] == hashlib.sha256(b'{"a":1}').hexdigest()
    assert delete["X-FH-2FA-TOKEN"] == "tok"


def test_order_write_without_2fa_token_fails_before_sending() -> None:
    with pytest.raises(vnfin.TwoFactorRequired) as info:
        frozen_auth(None).headers_for("POST", "/trading/oa/sub-accounts/1/orders", b"{}")
    assert info.value.error_code == "OTP_SESSION_REQUIRED"


def test_signed_endpoint_without_secret_is_a_validation_error() -> None:
    auth = FinhayAuth(Credentials("ak_test_key", None))
    with pytest.raises(vnfin.ValidationError, match="api_secret"):
        auth.headers_for("GET", "/users/v1/users/me", b"")


def test_fresh_nonce_each_request() -> None:
    auth = FinhayAuth(Credentials("k", SECRET))
    nonces = {auth.headers_for("GET", "/users/v1/users/me", b"")["X-FH-NONCE"] for _ in range(50)}
    assert len(nonces) == 50


def _captured(request_kwargs: dict[str, object]) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"error_code": "0", "data": {}})

    with httpx.Client(
        transport=httpx.MockTransport(handler),
        auth=frozen_auth("tok"),
        base_url="https://h.example",
    ) as client:
        client.request(**request_kwargs)  # type: ignore[arg-type]
    return seen[0]


def test_signature_covers_the_wire_target_and_bytes() -> None:
    # httpx percent-encodes the space; the signer must sign the encoded target it sends.
    request = _captured({"method": "GET", "url": "/users/v1/x?country=United States&a=1,2"})
    target = request.url.raw_path.decode()
    assert target == "/users/v1/x?country=United%20States&a=1,2"
    payload = f"{TS}\nGET\n{target}\n"
    expected = hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
    assert request.headers["X-FH-SIGNATURE"] == expected


def test_delete_with_body_signs_the_body_sent() -> None:
    body = b'{"sub_account":"120C001234.4"}'
    request = _captured(
        {"method": "DELETE", "url": "/trading/oa/sub-accounts/1/orders/7", "content": body}
    )
    assert request.content == body
    assert request.headers["X-FH-BODYHASH"] == hashlib.sha256(body).hexdigest()
    payload = (
        f"{TS}\nDELETE\n/trading/oa/sub-accounts/1/orders/7\n{hashlib.sha256(body).hexdigest()}"
    )
    assert request.headers["X-FH-SIGNATURE"] == signature(SECRET, payload)


def test_secrets_never_in_repr() -> None:
    secret, token = "s3cr3t-value-123456", "jwt.token.value"
    client = vnfin.Finhay("ak_live_abcdef123456", secret, two_fa_token=token)
    for text in (
        repr(client),
        repr(client.market),
        repr(client._core.sessions["api"]),
        repr(client._core),
        repr(client._core.credentials),
        str(vars(client)),
        str(vars(client._async)),
    ):
        assert secret not in text
        assert token not in text
    assert "ak_live_" in repr(client)
    assert "abcdef123456" not in repr(client)
