"""Which headers go on which request (reference §4.2, seed 003): the JWT as Bearer on every
call but the login and the chart; ``Trading-Token`` on state-changing calls only; the OTP as
``smart-otp`` or ``otp`` on the trading-token request only. Checked on the requests a
scripted server (httpx.MockTransport) receives."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

import vnfin
from vnfin.dnse import DNSE

from .conftest import ACCOUNT, EMAIL_OTP, SMART_OTP, TRADING_TOKEN, FakeDNSE, canonical

Make = Callable[..., DNSE]


def everything(dnse: DNSE) -> None:
    """One of each kind of call: reads, the chart, writes."""
    dnse.account.me()
    dnse.account.accounts()
    dnse.account.balance()
    dnse.account.buying_power("VNM", 68500)
    dnse.market.history("VNM", "2026-11-01", "2026-11-20")
    order = dnse.orders.place("VNM", "BUY", 100, 68500)
    dnse.account.order(order.order_id)
    dnse.orders.cancel(order)
    cid = dnse.orders.place_conditional("VNM", "BUY", 100, 70500, 71000)
    dnse.orders.conditional_orders()
    dnse.orders.cancel_conditional(cid)


def test_bearer_on_every_call_but_the_login_and_the_chart(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    dnse.auth.trading_token(SMART_OTP)
    everything(dnse)
    kinds = set()
    for request in fake.requests:
        path = canonical(request.url.path)
        if path == "/auth-service/login" or path.startswith("/chart-api/"):
            assert "Authorization" not in request.headers, path
            kinds.add(path.split("/")[1])
        else:
            assert request.headers["Authorization"] == f"Bearer {fake.bearers[-1]}", path
            kinds.add(request.method)
    assert kinds == {"auth-service", "chart-api", "GET", "POST", "DELETE", "PATCH"}
    assert fake.logins == 1  # the JWT is reused


def test_trading_token_on_state_changing_calls_only(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    dnse.auth.trading_token(SMART_OTP)
    everything(dnse)
    dnse.request("POST", "/derivative-deal-risk/pnl-configs/1", json={"takeProfitEnabled": False})
    writes = 0
    for request in fake.requests:
        path = canonical(request.url.path)
        carries = request.headers.get("Trading-Token")
        if request.method == "GET" or path in (
            "/auth-service/login",
            "/order-service/trading-token",
        ):
            assert carries is None, f"{request.method} {path}"
        else:
            assert carries == TRADING_TOKEN, f"{request.method} {path}"
            writes += 1
    assert writes == 5  # place, cancel, conditional place and cancel, pnl-configs


@pytest.mark.parametrize(
    ("method", "header", "code"), [("smart", "smart-otp", SMART_OTP), ("email", "otp", EMAIL_OTP)]
)
def test_the_otp_goes_in_its_own_header_on_the_trading_token_request_only(
    fake: FakeDNSE, make: Make, method: str, header: str, code: str
) -> None:
    dnse = make()
    if method == "email":
        dnse.auth.request_email_otp()
    expires = dnse.auth.trading_token(code, method=method)
    assert expires == dnse.trading_token_expires_at
    [request] = fake.sent("POST", "/order-service/trading-token")
    other = "otp" if header == "smart-otp" else "smart-otp"
    assert request.headers[header] == code and other not in request.headers
    assert request.content == b"" and request.headers["Authorization"].startswith("Bearer ")
    dnse.orders.place("VNM", "BUY", 100, 68500)
    for later in fake.requests:
        if later is not request:
            assert header not in later.headers and code not in str(later.headers)


def test_the_email_otp_request_is_a_bearer_get(fake: FakeDNSE, make: Make) -> None:
    make().auth.request_email_otp()
    [request] = fake.sent("GET", "/auth-service/api/email-otp")
    assert request.url.path == "/dnse-auth-service/api/email-otp"
    assert request.headers["Authorization"].startswith("Bearer ")


@pytest.mark.parametrize(
    "write",
    [
        lambda d: d.orders.place("VNM", "BUY", 100, 68500),
        lambda d: d.orders.place_derivative("VN30F2412", "BUY", 1, 1300.1),
        lambda d: d.orders.cancel(101),
        lambda d: d.orders.cancel_derivative(101),
        lambda d: d.orders.place_conditional("VNM", "BUY", 100, 70500, 71000),
        lambda d: d.orders.cancel_conditional("c0000000000000000101"),
        lambda d: d.request(
            "DELETE", "/dnse-order-service/v2/orders/101", params={"accountNo": ACCOUNT}
        ),
    ],
)
def test_a_write_without_a_trading_token_is_refused_before_anything_is_sent(
    fake: FakeDNSE, make: Make, write: Callable[[DNSE], object]
) -> None:
    with pytest.raises(vnfin.TwoFactorRequired, match="trading_token") as info:
        write(make())
    assert info.value.error_code == "TRADING_TOKEN_REQUIRED"
    assert fake.requests == []


def test_the_api_layout_sends_unprefixed_paths(fake: FakeDNSE, make: Make) -> None:
    dnse = make(base_url="https://api.dnse.com.vn")
    assert dnse.layout == "api"
    dnse.auth.trading_token(SMART_OTP)
    dnse.orders.place("VNM", "BUY", 100, 68500)
    paths = {r.url.path for r in fake.requests}
    assert "/auth-service/login" in paths and "/order-service/v2/orders" in paths
    assert "/order-service/trading-token" in paths
    assert not any(p.startswith("/dnse-") for p in paths)
    assert {r.url.host for r in fake.requests} == {"api.dnse.com.vn"}


def test_the_chart_goes_to_the_same_host_without_credentials(fake: FakeDNSE, make: Make) -> None:
    make(base_url="https://api.dnse.com.vn").market.history("VNINDEX", "2026-11-01", "2026-11-20")
    assert fake.logins == 0  # prices need no login at all
    [chart] = fake.requests
    assert chart.url.host == "api.dnse.com.vn" and chart.url.path == "/chart-api/v2/ohlcs/index"
    assert isinstance(chart, httpx.Request) and "Authorization" not in chart.headers
