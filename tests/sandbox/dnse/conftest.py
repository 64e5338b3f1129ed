"""Fixtures for the DNSE dialect's tests: plain httpx on the sandbox's in-process transport,
requests built here from the reference (§4) — never with the client's code."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from vnfin.sandbox import Sandbox

NOW = "2026-11-20 10:30"  # a Friday, mid-morning: HOSE matches continuously
ENTRADE = "https://services.entrade.com.vn"
CASH, MARGIN = 1036, 1531  # the stock account's loan packages

#: the short names the tests use → DNSE's services (reference §4.1)
SERVICES = {
    "auth": "auth-service",
    "user": "user-service",
    "order": "order-service",
    "deal": "deal-service",
    "derivative": "derivative-core",
}


def claims(token: str) -> dict[str, Any]:
    """A JWT's payload, unverified."""
    payload: dict[str, Any] = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    return payload


@dataclass
class DNSE:
    """Requests to a sandbox's DNSE dialect in one layout: login, tokens, calls."""

    sb: Sandbox
    client: httpx.Client
    layout: str = "entrade"
    token: str = ""
    trading: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def url(self, service: str, rest: str) -> str:
        head = SERVICES[service]
        return f"/dnse-{head}{rest}" if self.layout == "entrade" else f"/{head}{rest}"

    def login(self, username: str | None = None, password: str | None = None) -> httpx.Response:
        body = {
            "username": self.sb.dnse_username if username is None else username,
            "password": self.sb.dnse_password if password is None else password,
        }
        return self.client.post(self.url("auth", "/login"), json=body)

    def sign_in(self) -> str:
        r = self.login()
        assert r.status_code == 200, r.text
        self.token = str(r.json()["token"])
        return self.token

    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def trading_token(self, **otp: str) -> httpx.Response:
        """POST trading-token with the given OTP headers (``smart_otp=``, ``otp=``)."""
        headers = {**self.bearer(), **{k.replace("_", "-"): v for k, v in otp.items()}}
        return self.client.post(self.url("order", "/trading-token"), headers=headers)

    def unlock(self) -> str:
        r = self.trading_token(smart_otp=self.sb.dnse_smart_otp)
        assert r.status_code == 200, r.text
        self.trading = str(r.json()["tradingToken"])
        return self.trading

    def send(
        self, method: str, service: str, rest: str, body: Any = None, **params: Any
    ) -> httpx.Response:
        """A call with the Bearer and, when there is one, the Trading-Token."""
        headers = {**self.bearer(), **self.extra}
        if self.trading:
            headers["Trading-Token"] = self.trading
        path = rest if service == "" else self.url(service, rest)
        query = params or None  # httpx would drop a query written into the path otherwise
        return self.client.request(method, path, headers=headers, json=body, params=query)

    def get(self, service: str, rest: str, **params: Any) -> Any:
        r = self.send("GET", service, rest, **params)
        assert r.status_code == 200, r.text
        return r.json()

    def refused(self, r: httpx.Response, status: int = 400, code: str | None = None) -> str:
        """The message of a ``{status, code, message}`` refusal."""
        assert r.status_code == status, r.text
        data = r.json()
        assert data["status"] == status and isinstance(data["code"], str), r.text
        if code is not None:
            assert data["code"] == code, r.text
        return str(data["message"])

    def order_body(self, **fields: Any) -> dict[str, Any]:
        body = {
            "symbol": "VNM",
            "side": "NB",
            "orderType": "LO",
            "price": 69_500,
            "quantity": 100,
            "loanPackageId": CASH,
            "accountNo": self.sb.dnse_account,
        }
        return {**body, **fields}

    def place(self, **fields: Any) -> httpx.Response:
        return self.send("POST", "order", "/v2/orders", self.order_body(**fields))

    def placed(self, **fields: Any) -> dict[str, Any]:
        r = self.place(**fields)
        assert r.status_code == 200, r.text
        order: dict[str, Any] = r.json()
        return order

    def order(self, order_id: int) -> dict[str, Any]:
        found: dict[str, Any] = self.get(
            "order", f"/v2/orders/{order_id}", accountNo=self.sb.dnse_account
        )
        return found

    def balance(self) -> dict[str, Any]:
        found: dict[str, Any] = self.get("order", f"/account-balances/{self.sb.dnse_account}")
        return found

    def ppse(self, symbol: str = "VNM", price: int = 69_500, package: int = CASH) -> Any:
        rest = f"/accounts/{self.sb.dnse_account}/ppse"
        return self.get("order", rest, symbol=symbol, price=price, loanPackageId=package)

    def deals(self) -> list[dict[str, Any]]:
        deals: list[dict[str, Any]] = self.get("deal", "/deals", accountNo=self.sb.dnse_account)[
            "deals"
        ]
        return deals


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    sandbox = Sandbox(seed=0, now=NOW)
    yield sandbox
    sandbox.close()


@pytest.fixture
def client(sb: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(transport=sb.transport, base_url=ENTRADE) as c:
        yield c


@pytest.fixture
def dnse(sb: Sandbox, client: httpx.Client) -> DNSE:
    """Logged in (entrade layout) with a trading token from the smart OTP."""
    wire = DNSE(sb, client)
    wire.sign_in()
    wire.unlock()
    return wire
