"""The pure request builders: paths in both layouts, query strings, bodies, and the inputs
refused before anything is built (reference §4.1–§4.6, §4.9)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import vnfin
from vnfin.dnse import routes
from vnfin.dnse import trading_routes as trading
from vnfin.dnse.routes import Layout

ENTRADE, API = Layout("entrade"), Layout("api")


@pytest.mark.parametrize(
    ("url", "layout", "expected"),
    [
        ("https://services.entrade.com.vn", None, "entrade"),
        ("https://api.dnse.com.vn", None, "api"),
        ("https://API.DNSE.com.vn/", None, "api"),
        ("http://sandbox.vnfin.invalid", None, "entrade"),
        ("https://services.entrade.com.vn", "api", "api"),
        ("https://api.dnse.com.vn", "ENTRADE", "entrade"),
    ],
)
def test_the_layout_follows_the_host_unless_told(
    url: str, layout: str | None, expected: str
) -> None:
    assert Layout.of(url, layout).name == expected


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(vnfin.ValidationError, match="layout='v3' is not one of: entrade, api"):
        Layout.of("https://api.dnse.com.vn", "v3")


@pytest.mark.parametrize(
    ("build", "entrade", "api"),
    [
        (lambda L: routes.me(L), "/dnse-user-service/api/me", "/user-service/api/me"),
        (
            lambda L: routes.email_otp(L),
            "/dnse-auth-service/api/email-otp",
            "/auth-service/api/email-otp",
        ),
        (lambda L: routes.accounts(L), "/dnse-order-service/accounts", "/order-service/accounts"),
        (
            lambda L: routes.balance(L, "0001000115"),
            "/dnse-order-service/account-balances/0001000115",
            "/order-service/account-balances/0001000115",
        ),
        (
            lambda L: routes.loan_packages(L, "0001000115", derivative=True),
            "/dnse-order-service/accounts/0001000115/derivative-loan-packages",
            "/order-service/accounts/0001000115/derivative-loan-packages",
        ),
        (
            lambda L: routes.orders(L, "0001000115"),
            "/dnse-order-service/v2/orders?accountNo=0001000115",
            "/order-service/v2/orders?accountNo=0001000115",
        ),
        (
            lambda L: routes.order(L, "0001000115", 42, derivative=True),
            "/dnse-order-service/derivative/orders/42?accountNo=0001000115",
            "/order-service/derivative/orders/42?accountNo=0001000115",
        ),
        (
            lambda L: routes.deals(L, "0001000115"),
            "/dnse-deal-service/deals?accountNo=0001000115",
            "/deal-service/deals?accountNo=0001000115",
        ),
        (
            lambda L: routes.deals(L, "0001000116", derivative=True),
            "/dnse-derivative-core/deals?accountNo=0001000116",
            "/derivative-core/deals?accountNo=0001000116",
        ),
        (
            lambda L: trading.cancel(L, "0001000115", "7"),
            "/dnse-order-service/v2/orders/7?accountNo=0001000115",
            "/order-service/v2/orders/7?accountNo=0001000115",
        ),
    ],
)
def test_paths_in_both_layouts(build, entrade: str, api: str) -> None:  # type: ignore[no-untyped-def]
    assert build(ENTRADE).target == entrade
    assert build(API).target == api


def test_login_is_unauthenticated_retried_like_a_read_and_hides_its_body() -> None:
    call = routes.login(API, "trader@example.vn", "s3cret!")
    assert (call.method, call.target, call.authenticated, call.retryable) == (
        "POST",
        "/auth-service/login",
        False,
        True,
    )
    assert json.loads(call.body or b"") == {"username": "trader@example.vn", "password": "s3cret!"}
    assert "s3cret" not in repr(call) and "trader" not in repr(call)


def test_the_trading_token_request_is_an_empty_post_sent_once() -> None:
    call = routes.trading_token(ENTRADE)
    assert (call.method, call.target, call.body, call.retryable) == (
        "POST",
        "/dnse-order-service/trading-token",
        b"",
        False,
    )
    assert routes.is_trading_token(call.target) and routes.is_trading_token(
        "/order-service/trading-token/"
    )
    assert not routes.is_trading_token("/order-service/v2/orders")


def test_ppse_carries_symbol_price_and_package() -> None:
    call = routes.ppse(API, "0001000115", "vnm", 68500.0, "1036")
    assert call.target == (
        "/order-service/accounts/0001000115/ppse?symbol=VNM&price=68500&loanPackageId=1036"
    )
    assert call.inputs == {"account": "0001000115", "symbol": "VNM", "loan_package": 1036}


def test_the_order_body_is_lightspeeds() -> None:
    call = trading.place(API, "0001000115", "VNM", "BUY", "LO", 68500, 100, 1036)
    assert call.target == "/order-service/v2/orders" and call.method == "POST"
    assert json.loads(call.body or b"") == {
        "symbol": "VNM",
        "side": "NB",
        "orderType": "LO",
        "price": 68500,
        "quantity": 100,
        "loanPackageId": 1036,
        "accountNo": "0001000115",
    }
    market = trading.place(
        API, "0001000116", "VN30F2412", "S", "ATC", None, 2, 2279, derivative=True
    )
    assert market.target == "/order-service/derivative/orders"
    sent = json.loads(market.body or b"")
    assert (sent["side"], sent["price"], sent["orderType"]) == ("NS", 0, "ATC")


def test_the_conditional_order_body_and_paths() -> None:
    expires = pd.Timestamp("2026-11-20 14:45", tz="Asia/Ho_Chi_Minh")
    call = trading.place_conditional(
        "0001000115", "VNM", "BUY", 100, 71000, "LO", 1036, ">=", 70500, "UNDERLYING", expires
    )
    assert call.target == "/conditional-order-api/v1/orders"
    assert json.loads(call.body or b"") == {
        "condition": "price >= 70500",
        "targetOrder": {
            "quantity": 100,
            "side": "NB",
            "price": 71000,
            "loanPackageId": 1036,
            "orderType": "LO",
        },
        "symbol": "VNM",
        "props": {"stopPrice": 70500, "marketId": "UNDERLYING"},
        "accountNo": "0001000115",
        "category": "STOP",
        "timeInForce": {"expireTime": "2026-11-20T07:45:00.000Z", "kind": "GTD"},
    }
    listing = trading.conditional_orders("0001000115", page=2, status="NEW", daily=True)
    assert listing.target == (
        "/conditional-order-api/v1/orders?accountNo=0001000115&daily=true&page=2&size=100"
        "&status=NEW"
    )
    assert trading.cancel_conditional("csc7iqa45sbpqutqm81g").method == "PATCH"
    assert trading.cancel_conditional("csc7iqa45sbpqutqm81g").target.endswith(
        "/csc7iqa45sbpqutqm81g/cancel"
    )


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [
        ("VNM", "stock"),
        ("VNINDEX", "index"),
        ("HNX", "index"),
        ("UPCOMINDEX", "index"),
        ("VN30F1M", "derivative"),
        ("VN30F2412", "derivative"),
        ("41I1G4000", "derivative"),
    ],
)
def test_the_chart_sends_each_symbol_to_its_kind(symbol: str, kind: str) -> None:
    call = routes.chart(symbol, "1D", 1_700_000_000, 1_700_086_399)
    assert call.target == (
        f"/chart-api/v2/ohlcs/{kind}?symbol={symbol}&resolution=1D&from=1700000000&to=1700086399"
    )
    assert call.authenticated is False


@pytest.mark.parametrize(
    ("given", "sent"), [("D", "1D"), ("1h", "1H"), ("5m", "5"), (15, "15"), ("1w", "W")]
)
def test_resolutions_and_their_aliases(given: object, sent: str) -> None:
    assert routes.resolution(given) == sent


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (lambda: routes.balance(API, "00 01"), "account"),
        (lambda: routes.balance(API, 115), "account"),
        (lambda: routes.order(API, "0001000115", "12a"), "order"),
        (lambda: routes.order(API, "0001000115", True), "order"),
        (lambda: routes.ppse(API, "0001000115", "VNM", -1, 1036), "price"),
        (lambda: routes.ppse(API, "0001000115", "VNM", 100, "a b"), "loan_package"),
        (lambda: routes.resolution("2D"), "resolution"),
        (lambda: trading.conditional_order("../x"), "order_id"),
    ],
)
def test_bad_inputs_are_refused_naming_the_argument(build, argument: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(vnfin.ValidationError) as info:
        build()
    assert info.value.argument == argument
