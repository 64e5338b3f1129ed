"""The SSI client itself: arguments and their environment fallbacks, settings checked at
construction, two sessions, both faces the same, and the ``request`` escape hatch."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable

import httpx
import pytest

import vnfin
from vnfin._client import groups_of
from vnfin._faces import blocking, streaming
from vnfin.ssi import SSI, AsyncSSI

from .conftest import ACCOUNT, CONSUMER_ID, CONSUMER_SECRET, FakeSSI


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "SSI_CONSUMER_ID",
        "SSI_CONSUMER_SECRET",
        "SSI_PRIVATE_KEY",
        "SSI_ACCOUNT",
        "SSI_DERIVATIVE_ACCOUNT",
        "SSI_DATA_CONSUMER_ID",
        "SSI_DATA_CONSUMER_SECRET",
        "SSI_TRADING_URL",
        "SSI_DATA_URL",
        "SSI_TWO_FACTOR_TYPE",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_arguments_fall_back_to_the_environment(no_env: pytest.MonkeyPatch, ssi_key: str) -> None:
    no_env.setenv("SSI_CONSUMER_ID", "envid123")
    no_env.setenv("SSI_CONSUMER_SECRET", "envsecret123")
    no_env.setenv("SSI_PRIVATE_KEY", ssi_key)
    no_env.setenv("SSI_ACCOUNT", "7654321")
    no_env.setenv("SSI_TRADING_URL", "https://trade.example")
    no_env.setenv("SSI_DATA_URL", "https://data.example")
    no_env.setenv("SSI_TWO_FACTOR_TYPE", "1")
    ssi = SSI()
    core = ssi._core
    assert core.credentials.consumer_id == "envid123"
    assert core.data_credentials.consumer_id == "envid123"  # data keys default to trading's
    assert core.has_key and core.two_factor_type == 1
    assert ssi.account_id == "7654321" and ssi.derivative_account_id == "76543218"
    assert core.trading_url == "https://trade.example" and core.data_url == "https://data.example"
    # a non-SSI host serves its own hubs; SSI's hosts have theirs
    assert core.trading_hub_url == "https://trade.example"
    no_env.setenv("SSI_DATA_CONSUMER_ID", "dataid456")
    no_env.setenv("SSI_DATA_CONSUMER_SECRET", "datasecret456")
    no_env.delenv("SSI_TRADING_URL")
    other = SSI(account="1111111", derivative_account="22222228")
    assert other._core.data_credentials.consumer_id == "dataid456"
    assert other.derivative_account_id == "22222228"
    assert other._core.trading_url == "https://fc-tradeapi.ssi.com.vn"
    assert other._core.trading_hub_url == "https://fc-tradehub.ssi.com.vn"
    ssi.close()
    other.close()


def test_keys_are_required_and_settings_checked(no_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(vnfin.ValidationError, match="consumer_id is required") as info:
        SSI()
    assert "Sandbox" in str(info.value)
    with pytest.raises(vnfin.ValidationError, match="consumer_secret is required"):
        SSI("id123")
    checks = {
        "timeout": -1,
        "rate_limit": (0, 1.0),
        "max_retries": 11,
        "max_concurrency": 0,
        "order_wait": -1,
        "device_id": "not-a-mac",
        "account": "12 34",
        "trading_url": "ftp://x",
        "transport": object(),
    }
    for argument, bad in checks.items():
        with pytest.raises(vnfin.ValidationError):
            SSI("id123", "secret123", **{argument: bad})


def test_a_client_without_a_key_reads_but_cannot_write(
    fake: FakeSSI, fake_client: Callable[..., SSI]
) -> None:
    ssi = SSI(
        CONSUMER_ID,
        CONSUMER_SECRET,
        account=ACCOUNT,
        trading_url="https://trade.test",
        data_url="https://data.test",
        transport=httpx.MockTransport(fake),
    )
    assert ssi.account.order_book().empty
    with pytest.raises(vnfin.ValidationError, match="private_key is required"):
        ssi.orders.place("VNM", "BUY", 100, 68000)
    with pytest.raises(vnfin.ValidationError, match="private_key is required"):
        ssi.request("POST", "/api/v2/Trading/NewOrder", json={})
    assert fake.writes == 0
    ssi.close()


def test_accounts_default_and_are_required(fake_client: Callable[..., SSI]) -> None:
    ssi = fake_client(account=None)
    with pytest.raises(vnfin.ValidationError, match="SSI_ACCOUNT"):
        ssi.account.order_book()
    with pytest.raises(vnfin.ValidationError, match="SSI_DERIVATIVE_ACCOUNT"):
        ssi.account.derivative_balance()
    assert ssi.account.order_book(account="7654321").attrs["account"] == "7654321"


def test_both_faces_declare_the_same_groups_and_endpoints() -> None:
    assert inspect.signature(SSI) == inspect.signature(AsyncSSI)
    sync_groups, async_groups = groups_of(SSI), groups_of(AsyncSSI)
    assert set(sync_groups) == set(async_groups) >= {"auth", "market", "account", "orders"}
    for name, sync_group in sync_groups.items():
        async_group = async_groups[name]
        endpoints = {
            n
            for n, v in vars(async_group).items()
            if not n.startswith("_")
            and (inspect.iscoroutinefunction(v) or inspect.isasyncgenfunction(v))
        }
        faces = {n: v for n, v in vars(sync_group).items() if isinstance(v, blocking | streaming)}
        assert set(faces) == endpoints, name
        for endpoint, face in faces.items():
            original = getattr(async_group, endpoint)
            assert face.fn is original and face.__doc__ == original.__doc__
            if "DataFrame" in str(inspect.signature(original).return_annotation):
                assert "column" in (face.__doc__ or "").lower(), f"{name}.{endpoint}"


def test_the_async_face_over_the_same_server(fake: FakeSSI, ssi_key: str) -> None:
    async def main() -> None:
        async with AsyncSSI(
            CONSUMER_ID,
            CONSUMER_SECRET,
            ssi_key,
            account=ACCOUNT,
            trading_url="https://trade.test",
            data_url="https://data.test",
            transport=httpx.MockTransport(fake),
        ) as ssi:
            books = await asyncio.gather(*(ssi.account.order_book() for _ in range(5)))
            assert all(b.empty for b in books)

    asyncio.run(main())
    assert fake.tokens_issued == 1


def test_request_reaches_any_endpoint(fake: FakeSSI, fake_client: Callable[..., SSI]) -> None:
    ssi = fake_client()
    body = ssi.request("GET", "/api/v2/Trading/orderBook", params={"account": ACCOUNT})
    assert body["status"] == 200 and body["data"]["orders"] == []
    assert fake.requests[-1].url.query == b"account=1234567"
    with pytest.raises(vnfin.ValidationError, match="path"):
        ssi.request("GET", "Trading/orderBook")
    with pytest.raises(vnfin.ValidationError, match="host"):
        ssi.request("GET", "/api/v2/x", host="elsewhere")
    with pytest.raises(vnfin.TwoFactorRequired):  # a POST is a write: it needs verify()
        ssi.request("POST", "/api/v2/cash/transferInternal", json={"amount": 1})
    assert json.loads(fake.requests[0].content)["code"] == "1"
