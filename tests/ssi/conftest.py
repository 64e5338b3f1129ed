"""Fixtures for the SSI client's tests: RSA keys in SSI's format and PEM, JWT-shaped tokens,
a scripted FastConnect server on httpx.MockTransport, and both faces against the sandbox."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import vnfin.ssi
from vnfin.sandbox import Sandbox

MARKET_NOW = "2026-11-20 10:30"  # a Friday, mid-morning session
Face = Callable[..., Any]


def _b64(number: int) -> str:
    return base64.b64encode(number.to_bytes((number.bit_length() + 7) // 8, "big")).decode()


def to_ssi_format(key: rsa.RSAPrivateKey) -> str:
    """base64 of the .NET ``RSACryptoServiceProvider.ToXmlString(true)`` document."""
    n = key.private_numbers()
    parts = {
        "Modulus": n.public_numbers.n,
        "Exponent": n.public_numbers.e,
        "P": n.p,
        "Q": n.q,
        "DP": n.dmp1,
        "DQ": n.dmq1,
        "InverseQ": n.iqmp,
        "D": n.d,
    }
    xml = "<RSAKeyValue>" + "".join(f"<{k}>{_b64(v)}</{k}>" for k, v in parts.items())
    return base64.b64encode((xml + "</RSAKeyValue>").encode()).decode()


def to_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    # SSI hands out 1024-bit keys (reference §1.2), and they are quick to generate
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505


@pytest.fixture(scope="session")
def ssi_key(rsa_key: rsa.RSAPrivateKey) -> str:
    return to_ssi_format(rsa_key)


@pytest.fixture(scope="session")
def pem_key(rsa_key: rsa.RSAPrivateKey) -> str:
    return to_pem(rsa_key)


def jwt(exp: float | None, **claims: Any) -> str:
    """A JWT-shaped token (header.payload.signature) with ``exp``; the signature is fake
    (the client never verifies it)."""

    def part(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    payload = {**claims, **({} if exp is None else {"exp": exp})}
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJl"


CONSUMER_ID = "c0nsumer1d0123456789"
CONSUMER_SECRET = "s3cr3t-of-the-consumer-9f8e7d"
PIN = "135790"
FUTURE = "VN30F2412"
SECURITIES = {
    "VNM": {"Symbol": "VNM", "SecType": "ST", "MarketId": "HOSE", "Exchange": "HOSE"},
    FUTURE: {
        "Symbol": FUTURE,
        "SecType": "FU",
        "MarketId": "DER",
        "Exchange": "HNX",
        "TickPrice1": "0",
        "TickIncrement1": "0.1",
    },
}
BANDS = {
    "VNM": {"RefPrice": "68600", "CeilingPrice": "73400", "FloorPrice": "63800"},
    FUTURE: {"RefPrice": "1310", "CeilingPrice": "1401.7", "FloorPrice": "1218.3"},
}
ACCOUNT = "1234567"


class FakeSSI:
    """A scripted FastConnect server: tokens, an order book, and order writes with faults.

    ``fail_next_write``: ``("500", taken)`` answers the next order write with a 500, having
    carried it out or not; ``("timeout", taken)`` raises a read timeout instead. Every
    request is kept in ``requests``; ``writes`` counts order writes that arrived.
    """

    def __init__(self, public_key: rsa.RSAPublicKey | None = None) -> None:
        self.public_key = public_key
        self.requests: list[httpx.Request] = []
        self.book: list[dict[str, Any]] = []
        self.writes = 0
        self.tokens_issued = 0
        self.data_tokens_issued = 0
        self.fail_next_write: tuple[str, bool] | None = None
        self.fail_gets = 0
        self.lifetime = 8 * 3600.0
        self.clock: Callable[[], float] = time.time
        self.next_id = 1
        self.today = time.strftime("%d/%m/%Y", time.gmtime(time.time() + 7 * 3600))
        self.max_buy = 10_000
        self.max_sell = 1_000
        self.reject_next: str | None = None
        self.limit_next_write = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.lower()
        if path == "/api/v2/trading/accesstoken":
            self.tokens_issued += 1
            body = json.loads(request.content)
            token = jwt(self.clock() + self.lifetime, save=body["isSave"], n=self.tokens_issued)
            return self.ok({"accessToken": token})
        if path == "/api/v2/market/accesstoken":
            self.data_tokens_issued += 1
            return self.ok({"accessToken": jwt(self.clock() + self.lifetime, aud="FCData")})
        if request.method == "GET" and self.fail_gets:
            self.fail_gets -= 1
            return httpx.Response(500, json={"message": "boom", "status": 500, "data": None})
        if path == "/api/v2/trading/orderbook":
            account = request.url.params.get("account")
            mine = [o for o in self.book if o["account"] == account]
            return self.ok({"account": account, "orders": mine})
        symbol = request.url.params.get("symbol", "")
        if path == "/api/v2/market/securitiesdetails":
            info = [SECURITIES[symbol]] if symbol in SECURITIES else []
            return self.ok([{"RType": "y", "ReportDate": self.today, "RepeatedInfo": info}])
        if path == "/api/v2/market/dailystockprice":
            return self.ok([{"TradingDate": self.today, "Symbol": symbol, **BANDS[symbol]}])
        if path == "/api/v2/trading/maxbuyqty":
            return self.ok({"account": ACCOUNT, "maxBuyQty": self.max_buy})
        if path == "/api/v2/trading/maxsellqty":
            return self.ok({"account": ACCOUNT, "maxSellQty": self.max_sell})
        if path.endswith(("neworder", "modifyorder", "cancelorder")):  # der* too
            return self.write(request, path)
        return httpx.Response(404, json={"message": "no route", "status": 404, "data": None})

    @staticmethod
    def ok(data: Any, **extra: Any) -> httpx.Response:
        return httpx.Response(
            200, json={"message": "Success", "status": 200, "data": data, **extra}
        )

    def write(self, request: httpx.Request, path: str) -> httpx.Response:
        self.writes += 1
        body = json.loads(request.content)
        if self.limit_next_write:
            self.limit_next_write = False
            return httpx.Response(429, json={"message": "API calls quota exceeded!", "status": 429})
        fault, self.fail_next_write = self.fail_next_write, None
        if fault is None or fault[1]:
            if path.endswith("neworder"):
                self.book.append(
                    {
                        "uniqueID": body["requestID"],
                        "orderID": f"ORD{self.next_id}",
                        "buySell": body["buySell"],
                        "price": body["price"],
                        "quantity": body["quantity"],
                        "filledQty": 0,
                        "orderStatus": "QU",
                        "marketID": body["market"],
                        "inputTime": "1795145400000",
                        "instrumentID": body["instrumentID"],
                        "orderType": body["orderType"],
                        "account": body["account"],
                        "rejectReason": self.reject_next or "",
                    }
                )
                if self.reject_next:
                    self.book[-1]["orderStatus"] = "RJ"
                    self.reject_next = None
                self.next_id += 1
            elif path.endswith("cancelorder"):
                for order in self.book:
                    if order["orderID"] == body["orderID"]:
                        order["orderStatus"] = "CL"
        if fault is not None:
            if fault[0] == "timeout":
                raise httpx.ReadTimeout("slow", request=request)
            return httpx.Response(500, json={"message": "Internal error", "status": 500})
        return self.ok({"requestID": body["requestID"], "requestData": body})

    def count(self, method: str, suffix: str) -> int:
        return sum(
            1
            for r in self.requests
            if r.method == method and r.url.path.lower().endswith(suffix.lower())
        )


@pytest.fixture
def fake(rsa_key: rsa.RSAPrivateKey) -> FakeSSI:
    return FakeSSI(rsa_key.public_key())


@pytest.fixture
def fake_client(fake: FakeSSI, ssi_key: str) -> Callable[..., vnfin.ssi.SSI]:
    """A blocking SSI client over ``fake`` (no retries unless asked)."""
    made: list[vnfin.ssi.SSI] = []

    def make(**options: Any) -> vnfin.ssi.SSI:
        defaults: dict[str, Any] = {
            "account": ACCOUNT,
            "trading_url": "https://trade.test",
            "data_url": "https://data.test",
            "transport": httpx.MockTransport(fake),
            "max_retries": 0,
            "order_wait": 0.5,
        }
        client = vnfin.ssi.SSI(CONSUMER_ID, CONSUMER_SECRET, ssi_key, **{**defaults, **options})
        made.append(client)
        return client

    yield make  # type: ignore[misc]
    for client in made:
        client.close()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=0, now=MARKET_NOW)
    yield sb
    sb.close()


@pytest.fixture(params=["sync", "async"])
def face(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Face]:
    """Call an endpoint of a sandbox SSI client by dotted name, through the blocking face or
    through the async face (awaited on a loop of the test's own)."""
    if request.param == "sync":
        client = sandbox.ssi()

        def sync(name: str, *args: Any, **kwargs: Any) -> Any:
            group, method = name.split(".")
            return getattr(getattr(client, group), method)(*args, **kwargs)

        yield sync
        client.close()
    else:
        aclient = sandbox.async_ssi()
        loop = asyncio.new_event_loop()

        def run(name: str, *args: Any, **kwargs: Any) -> Any:
            group, method = name.split(".")
            return loop.run_until_complete(
                getattr(getattr(aclient, group), method)(*args, **kwargs)
            )

        yield run
        loop.run_until_complete(aclient.aclose())
        loop.close()
