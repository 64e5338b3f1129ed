"""The Finhay dialect's request pipeline: API key, Tier-2 checks, nonce replay, timestamp
window, rate limit, validation envelopes and the 2FA gate on order writes.

These tests speak raw httpx to the sandbox with headers signed here, from reference §1.3,
to prove each check refuses what it should; then they check that vnfin's own client passes.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid

import httpx
import pytest

import vnfin
from vnfin.sandbox import Sandbox


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest() if body else ""


def signature(secret: str, ts: str, method: str, target: str, digest: str) -> str:
    payload = f"{ts}\n{method}\n{target}\n{digest}"
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def signed(
    sb: Sandbox,
    method: str,
    target: str,
    body: bytes = b"",
    *,
    ts: int | None = None,
    nonce: str | None = None,
    secret: str | None = None,
) -> dict[str, str]:
    ts = int(time.time() * 1000) if ts is None else ts
    digest = body_hash(body)
    headers = {
        "X-FH-APIKEY": sb.api_key,
        "X-FH-TIMESTAMP": str(ts),
        "X-FH-NONCE": nonce or str(uuid.uuid4()),
        "X-FH-SIGNATURE": signature(secret or sb.api_secret, str(ts), method, target, digest),
    }
    if digest:
        headers["X-FH-BODYHASH"] = digest
    return headers


def send(
    sb: Sandbox, method: str, target: str, headers: dict[str, str], body: bytes = b""
) -> httpx.Response:
    with httpx.Client(transport=sb.transport, base_url="http://any-host") as client:
        return client.request(method, target, headers=headers, content=body or None)


def test_valid_signed_request(sandbox: Sandbox) -> None:
    r = send(sandbox, "GET", "/users/v1/users/me", signed(sandbox, "GET", "/users/v1/users/me"))
    assert r.status_code == 200 and r.json()["data"] == {"user_id": 123456}
    assert r.headers["X-Vnfin-Sandbox"] == "simulated-data"
    assert "simulated" in r.json()["sandbox"]


def test_tier1_needs_only_the_key(sandbox: Sandbox) -> None:
    r = send(sandbox, "GET", "/market/stock-realtime?symbol=VNM", {"X-FH-APIKEY": sandbox.api_key})
    assert r.status_code == 200 and r.json()["result"]["symbol"] == "VNM"
    assert send(sandbox, "GET", "/market/stock-realtime?symbol=VNM", {}).status_code == 401


def test_tier2_without_signature_refused(sandbox: Sandbox) -> None:
    r = send(sandbox, "GET", "/users/v1/users/me", {"X-FH-APIKEY": sandbox.api_key})
    assert r.status_code == 401 and r.json()["error_code"] == "AUTH_HEADERS_MISSING"


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda h: h.update({"X-FH-APIKEY": "ak_test_wrong"}), "AUTH_APIKEY_INVALID"),
        (lambda h: h.update({"X-FH-SIGNATURE": "0" * 64}), "AUTH_SIGNATURE_INVALID"),
        (
            lambda h: h.update({"X-FH-TIMESTAMP": str(int(h["X-FH-TIMESTAMP"]) + 1)}),
            "AUTH_SIGNATURE_INVALID",
        ),
    ],
)
def test_tampering_refused(sandbox: Sandbox, mutate: object, code: str) -> None:
    headers = signed(sandbox, "GET", "/users/v1/users/me")
    mutate(headers)  # type: ignore[operator]
    r = send(sandbox, "GET", "/users/v1/users/me", headers)
    assert r.status_code == 401 and r.json()["error_code"] == code


def test_signature_must_cover_the_query(sandbox: Sandbox) -> None:
    # Signing the bare path (an obsolete variant) while sending a query is refused.
    headers = signed(sandbox, "GET", "/users/v1/users/123456/sub-accounts")
    r = send(sandbox, "GET", "/users/v1/users/123456/sub-accounts?type=Normal", headers)
    assert r.json()["error_code"] == "AUTH_SIGNATURE_INVALID"


def test_signature_must_cover_the_encoded_target(sandbox: Sandbox) -> None:
    # Signing the decoded query while the wire carries %20 is refused.
    headers = signed(sandbox, "GET", "/users/v1/users/me?x=a b")
    r = send(sandbox, "GET", "/users/v1/users/me?x=a%20b", headers)
    assert r.json()["error_code"] == "AUTH_SIGNATURE_INVALID"


def test_body_hash_checked(sandbox: Sandbox) -> None:
    body = b'{"channel":"EMAIL"}'
    target = "/auth/v1/openapi/2fa/request"
    headers = signed(sandbox, "POST", target, body)
    r = send(sandbox, "POST", target, headers, b'{"channel":"SMS"}')
    assert r.status_code == 401 and r.json()["error_code"] == "AUTH_BODYHASH_INVALID"
    assert (
        send(sandbox, "POST", target, signed(sandbox, "POST", target, body), body).status_code
        == 200
    )


def test_nonce_replay_refused(sandbox: Sandbox) -> None:
    headers = signed(sandbox, "GET", "/users/v1/users/me")
    assert send(sandbox, "GET", "/users/v1/users/me", headers).status_code == 200
    again = send(sandbox, "GET", "/users/v1/users/me", headers)
    assert again.status_code == 401 and again.json()["error_code"] == "AUTH_NONCE_REUSED"
    # vnfin's client surfaces the refusal: the same nonce twice (forced on the wire below)
    fixed = FixedNonce(sandbox.transport, "00000000-0000-4000-8000-000000000000")
    fh = vnfin.Finhay(sandbox.api_key, sandbox.api_secret, base_url="http://x", transport=fixed)
    fh.request("GET", "/users/v1/users/me")
    with pytest.raises(vnfin.AuthError) as info:
        fh.request("GET", "/users/v1/users/me")
    assert info.value.error_code == "AUTH_NONCE_REUSED"


class FixedNonce(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Rewrites X-FH-NONCE on every request (the nonce is not signed), then hands it on."""

    def __init__(self, inner: httpx.BaseTransport | httpx.AsyncBaseTransport, nonce: str):
        self.inner, self.nonce = inner, nonce

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-FH-NONCE"] = self.nonce
        assert isinstance(self.inner, httpx.BaseTransport)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-FH-NONCE"] = self.nonce
        assert isinstance(self.inner, httpx.AsyncBaseTransport)
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize(
    ("offset", "ok"), [(-29.0, True), (29.0, True), (-31.0, False), (31.0, False)]
)
def test_timestamp_window(sandbox: Sandbox, offset: float, ok: bool) -> None:
    headers = signed(sandbox, "GET", "/users/v1/users/me", ts=int((time.time() + offset) * 1000))
    r = send(sandbox, "GET", "/users/v1/users/me", headers)
    assert (r.status_code == 200) is ok
    if not ok:
        assert r.json()["error_code"] == "AUTH_TIMESTAMP_EXPIRED"


def test_clock_skew_knob_breaks_the_client(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    sandbox.faults.clock_skew = 45.0
    with pytest.raises(vnfin.AuthError) as info:
        fh.request("GET", "/users/v1/users/me")
    assert info.value.error_code == "AUTH_TIMESTAMP_EXPIRED"
    fh.market.quote("VNM")  # Tier 1 carries no timestamp


def test_server_rate_limit() -> None:
    sb = Sandbox(rate_limit=(3, 60.0), now="2026-11-20 10:30")
    for _ in range(3):
        assert (
            send(
                sb, "GET", "/market/stock-realtime?symbol=VNM", {"X-FH-APIKEY": sb.api_key}
            ).status_code
            == 200
        )
    r = send(sb, "GET", "/market/stock-realtime?symbol=VNM", {"X-FH-APIKEY": sb.api_key})
    assert r.status_code == 429 and r.json()["error_code"] == "429"
    assert 58 <= int(r.headers["X-RateLimit-Reset"]) - time.time() <= 61
    fh = sb.finhay(max_retries=0)
    with pytest.raises(vnfin.RateLimitError) as info:
        fh.market.quote("VNM")
    assert info.value.retry_after is not None and info.value.retry_after > 50


def test_client_limiter_keeps_bulk_work_under_the_server_quota() -> None:
    sb = Sandbox(rate_limit=(20, 1.0), now="2026-11-20 10:30")
    fh = sb.finhay(rate_limit=(20, 1.0), max_retries=0)
    h = fh.market.history([s for s in list(sb.engine.instruments)[:30]], "2025-06-01", "2025-06-30")
    assert len(h.index.get_level_values("symbol").unique()) == 30


def test_validation_error_envelope(sandbox: Sandbox) -> None:
    r = send(
        sandbox,
        "GET",
        "/market/stock-realtime?symbol=VNM&exchange=HOSE",
        {"X-FH-APIKEY": sandbox.api_key},
    )
    assert r.status_code == 400
    assert r.json()["status"] == 400 and r.json()["error_code"] == "400"
    bad_range = "/market/price-histories-chart?symbol=VNM&resolution=1D&from=10&to=5"
    assert send(sandbox, "GET", bad_range, {"X-FH-APIKEY": sandbox.api_key}).status_code == 400


def test_two_factor_flow_and_order_write_gate(sandbox: Sandbox) -> None:
    fh = sandbox.finhay()
    ticket = fh.request("POST", "/auth/v1/openapi/2fa/request", json={"channel": "EMAIL"})
    with pytest.raises(vnfin.APIError) as wrong:
        fh.request(
            "POST",
            "/auth/v1/openapi/2fa/verify",
            json={"ticket_id": ticket["ticket_id"], "otp_code": "not-it"},
        )
    assert wrong.value.error_code == "OTP_INVALID"
    session = fh.request(
        "POST",
        "/auth/v1/openapi/2fa/verify",
        json={"ticket_id": ticket["ticket_id"], "otp_code": sandbox.otp_code},
    )
    assert session["expires_at"].endswith("23:59:59.000+07:00")
    target = "/trading/oa/sub-accounts/0001234569/orders/42"
    body = {"sub_account": "120C001234.4"}
    fh.two_fa_token = "forged"
    with pytest.raises(vnfin.TwoFactorRequired) as forged:
        fh.request("DELETE", target, json=body)
    assert forged.value.error_code == "OTP_SESSION_INVALID"
    fh.two_fa_token = session["session_token"]
    # Signature, body hash and 2FA all pass; the order routes arrive with the orders issue.
    with pytest.raises(vnfin.NotFound):
        fh.request("DELETE", target, json=body)
    fh.request(
        "POST", "/auth/v1/openapi/2fa/revoke", json={"session_token": session["session_token"]}
    )
    with pytest.raises(vnfin.TwoFactorRequired) as revoked:
        fh.request("DELETE", target, json=body)
    assert revoked.value.error_code == "OTP_SESSION_REVOKED"
