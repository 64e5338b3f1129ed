"""Constructing the DNSE client: arguments and their environment fallbacks, settings checked
at construction, the layout from the base URL's host, the default accounts, and both faces
sharing one core."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

import vnfin
from vnfin.dnse import DNSE, AsyncDNSE

from .conftest import ACCOUNT, DERIVATIVE_ACCOUNT, PASSWORD, USERNAME, FakeDNSE

Make = Callable[..., DNSE]
ENV = ("DNSE_USERNAME", "DNSE_PASSWORD", "DNSE_BASE_URL", "DNSE_ACCOUNT")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_the_environment_fills_in_what_is_not_given(
    monkeypatch: pytest.MonkeyPatch, fake: FakeDNSE
) -> None:
    monkeypatch.setenv("DNSE_USERNAME", USERNAME)
    monkeypatch.setenv("DNSE_PASSWORD", PASSWORD)
    monkeypatch.setenv("DNSE_BASE_URL", "https://api.dnse.com.vn/")
    monkeypatch.setenv("DNSE_ACCOUNT", "0009999999")
    with DNSE(transport=httpx.MockTransport(fake)) as dnse:
        assert (dnse.base_url, dnse.layout, dnse.account_id) == (
            "https://api.dnse.com.vn",
            "api",
            "0009999999",
        )
        dnse.account.balance()
    assert [r.url.path for r in fake.requests] == [
        "/auth-service/login",
        "/order-service/account-balances/0009999999",  # DNSE_ACCOUNT: no accounts() lookup
    ]


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNSE_BASE_URL", "https://api.dnse.com.vn")
    monkeypatch.setenv("DNSE_ACCOUNT", "0009999999")
    dnse = DNSE(USERNAME, PASSWORD, base_url="https://example.test", account="0001000115")
    assert (dnse.base_url, dnse.layout, dnse.account_id) == (
        "https://example.test",
        "entrade",
        "0001000115",
    )


def test_defaults() -> None:
    dnse = DNSE(USERNAME, PASSWORD)
    assert dnse.base_url == "https://services.entrade.com.vn" and dnse.layout == "entrade"
    assert dnse.account_id is None and dnse.trading_token_expires_at is None
    assert DNSE(USERNAME, PASSWORD, layout="api").layout == "api"


@pytest.mark.parametrize("missing", ["username", "password"])
def test_missing_credentials_say_where_to_put_them(missing: str) -> None:
    given = {"username": USERNAME, "password": PASSWORD, missing: None}
    with pytest.raises(vnfin.ValidationError, match=f"DNSE_{missing.upper()}") as info:
        DNSE(**given)
    assert info.value.argument == missing and "Sandbox().dnse()" in str(info.value)


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"base_url": "ftp://x"}, "base_url"),
        ({"base_url": "https://x?a=1"}, "base_url"),
        ({"layout": "v3"}, "layout"),
        ({"account": "00 01"}, "account"),
        ({"timeout": 0}, "timeout"),
        ({"deadline": float("inf")}, "deadline"),
        ({"rate_limit": (0, 1.0)}, "rate_limit[0]"),
        ({"max_retries": 11}, "max_retries"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"order_wait": -1}, "order_wait"),
        ({"transport": object()}, "transport"),
    ],
)
def test_settings_are_checked_at_construction(options: dict[str, object], argument: str) -> None:
    with pytest.raises(vnfin.ValidationError) as info:
        DNSE(USERNAME, PASSWORD, **options)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_both_faces_share_one_core() -> None:
    dnse = DNSE(USERNAME, PASSWORD)
    assert dnse._async._core is dnse._core
    assert dnse.orders._async is dnse._async.orders
    assert set(vars(dnse)) >= {"auth", "market", "account", "orders"}


def test_the_default_accounts_come_from_the_account_list(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    assert dnse.account.orders().attrs["account"] == ACCOUNT
    assert dnse.account.derivative_orders().attrs["account"] == DERIVATIVE_ACCOUNT
    assert dnse.account.orders(account="0001000999").attrs["account"] == "0001000999"
    assert len(fake.sent("GET", "/order-service/accounts")) == 1


def test_the_async_face(fake: FakeDNSE) -> None:
    async def main() -> tuple[object, ...]:
        async with AsyncDNSE(
            USERNAME, PASSWORD, transport=httpx.MockTransport(fake), max_retries=0
        ) as dnse:
            return await asyncio.gather(
                dnse.account.balance(), dnse.account.orders(), dnse.account.loan_packages()
            )

    balance, orders, packages = asyncio.run(main())
    assert fake.logins == 1  # three calls at once, one login
    assert len(fake.sent("GET", "/order-service/accounts")) == 1
    assert list(packages["type"]) == ["M", "N"]  # type: ignore[index]
    assert orders.empty and balance["total_cash"].iloc[0] == 5e8  # type: ignore[union-attr,index]


def test_request_reaches_any_endpoint(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    body = dnse.request("GET", "/dnse-order-service/accounts")
    assert [a["id"] for a in body["accounts"]] == [DERIVATIVE_ACCOUNT, ACCOUNT]
    with pytest.raises(vnfin.ValidationError, match="params="):
        dnse.request("GET", "/dnse-order-service/v2/orders?accountNo=1")
    with pytest.raises(vnfin.ValidationError, match="method"):
        dnse.request("HEAD", "/x")
