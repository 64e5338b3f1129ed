"""Finhay's account and order requests, pure: the exact method, target and body bytes, checked
against the reference's own signing vector for a placed order (§1.3)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from vnfin.errors import ValidationError
from vnfin.finhay import trading_routes as routes
from vnfin.finhay.auth import Credentials, FinhayAuth
from vnfin.orders import OrderRequest


def test_a_placed_order_is_the_reference_vector_to_the_byte() -> None:
    request = OrderRequest.checked("hpg", "b", 100, 25500)
    call = routes.place("0001234567", "120C000008.4", request)
    assert (call.method, call.target) == ("POST", "/trading/oa/sub-accounts/0001234567/orders")
    assert call.body == (
        b'{"sub_account":"120C000008.4","side":"BUY","symbol":"HPG","quantity":100,'
        b'"type":"LIMIT","limit_price":25500,"market_price":null,"stock_type":"STOCK"}'
    )
    digest = hashlib.sha256(call.body).hexdigest()
    assert digest == "a3885cc3997f3f84ed931e1914a549e3b15b730b3b57e853cc5ef7a25d5cbb7e"
    auth = FinhayAuth(
        Credentials("ak_test", "test-secret-key", "tok"), clock=lambda: 1_700_000_000.0
    )
    headers = auth.headers_for(call.method, call.target, call.body)
    assert headers["X-FH-SIGNATURE"] == (
        "2741118ce977c021e80bb2f9ca62a03336a8a8b89ab4fab2be377d07c814dbfb"
    )
    assert headers["X-FH-BODYHASH"] == digest and headers["X-FH-2FA-TOKEN"] == "tok"


def test_market_orders_carry_market_price_and_a_null_limit() -> None:
    call = routes.place("1", "1.4", OrderRequest.checked("VNM", "SELL", 200, None, "ATC"))
    assert call.body is not None
    assert b'"type":"MARKET","limit_price":null,"market_price":"ATC"' in call.body


@pytest.mark.parametrize(
    ("call", "method", "target", "body"),
    [
        (
            lambda: routes.amend("0001234567", "ORD1", 200, 26000),
            "PUT",
            "/trading/oa/sub-accounts/0001234567/orders/ORD1",
            b'{"quantity":200,"price":26000}',
        ),
        (
            lambda: routes.cancel("0001234567", "120C1.4", "ORD1"),
            "DELETE",
            "/trading/oa/sub-accounts/0001234567/orders/ORD1",
            b'{"sub_account":"120C1.4"}',
        ),
        (
            lambda: routes.order_book("0001234567"),
            "GET",
            "/trading/v1/accounts/0001234567/order-book?cache-control=NOCACHE",
            None,
        ),
        (
            lambda: routes.order_history("0001234567", "2024-01-01", "15/01/2024", 2),
            "GET",
            "/trading/sub-accounts/0001234567/orders?fromDate=2024-01-01&toDate=2024-01-15&page=2",
            None,
        ),
        (
            lambda: routes.available_trade("0001234567", "hpg", "BUY", 27000),
            "GET",
            "/trading/v2/accounts/0001234567/available-trade?orderSide=BUY&symbol=HPG"
            "&quotePrice=27000",
            None,
        ),
        (
            lambda: routes.pnl_today(123456, None),
            "GET",
            "/trading/pnl-today/123456?sub-account-id=ALL",
            None,
        ),
        (
            lambda: routes.rights("0001234567", "2024-01-01"),
            "GET",
            "/trading/v5/account/0001234567/user-rights?fromDate=2024-01-01",
            None,
        ),
        (
            lambda: routes.otp_verify("t-1", 42),
            "POST",
            "/auth/v1/openapi/2fa/verify",
            b'{"ticket_id":"t-1","otp_code":"000042"}',
        ),
    ],
)
def test_exact_requests(call: Any, method: str, target: str, body: bytes | None) -> None:
    built = call()
    assert (built.method, built.target, built.body) == (method, target, body)
    assert built.retryable == (method == "GET")


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: routes.summary("../x"), "sub_account"),
        (lambda: routes.order("0001234567", "ORD 1"), "order_id"),
        (lambda: routes.order("0001234567", "a/b"), "order_id"),
        (lambda: routes.order_history("1", "2024-02-01", "2024-01-01"), "start"),
        (lambda: routes.order_history("1", None, "2024-01-01"), "start"),
        (lambda: routes.otp_verify("t", "12345"), "code"),
        (lambda: routes.otp_verify("t", "12345x"), "code"),
        (lambda: routes.amend("1", "ORD1", 0, 26000), "quantity"),
        (lambda: routes.otp_revoke("tok en"), "two_fa_token"),
    ],
)
def test_bad_ids_and_values_are_refused(call: Any, argument: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.argument == argument
