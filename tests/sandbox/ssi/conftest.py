"""Fixtures for the SSI dialect's tests: plain httpx on the sandbox's in-process transport,
with SSI's key read from its XML format and requests signed here, from the reference (§1.2,
§1.4) — never with the sandbox's or the client's code."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from vnfin.sandbox import Sandbox

NOW = "2026-11-20 10:30"  # a Friday, mid-morning: HOSE matches continuously
TRADING = "/api/v2/Trading"
MARKET = "/api/v2/Market"
DEVICE = "A1:B2:C3:D4:E5:F6"


def key_from_xml(private_key: str) -> rsa.RSAPrivateKey:
    """SSI's private key (base64 of the .NET ``<RSAKeyValue>`` XML) as a cryptography key;
    the CRT parts are recomputed and checked against the ones the XML carries."""
    root = ET.fromstring(base64.b64decode(private_key))  # noqa: S314 (the sandbox's own key)
    assert root.tag == "RSAKeyValue"

    def number(tag: str) -> int:
        text = root.findtext(tag)
        assert text, f"<{tag}> missing"
        return int.from_bytes(base64.b64decode(text), "big")

    n, e, d, p, q = (number(t) for t in ("Modulus", "Exponent", "D", "P", "Q"))
    dmp1, dmq1, iqmp = rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q)
    assert (number("DP"), number("DQ"), number("InverseQ")) == (dmp1, dmq1, iqmp)
    public = rsa.RSAPublicNumbers(e, n)
    return rsa.RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp, public).private_key()


def sign(key: rsa.RSAPrivateKey, raw: bytes) -> str:
    """``X-Signature``: lowercase hex of RSASSA-PKCS1-v1_5/SHA-256 over the body bytes."""
    return key.sign(raw, padding.PKCS1v15(), hashes.SHA256()).hex()


def claims(token: str) -> dict[str, Any]:
    """A JWT's payload, unverified (the tests check the signature separately)."""
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * 4))
    return decoded


@dataclass
class SSI:
    """Requests to a sandbox's SSI dialect: tokens, signed POSTs, GETs."""

    sb: Sandbox
    client: httpx.Client
    key: rsa.RSAPrivateKey
    token: str = ""
    data_token: str = ""
    counter: list[int] = field(default_factory=lambda: [0])

    def access_token(self, code: str | None = None, save: bool = True, kind: int = 0) -> Any:
        body = {
            "consumerID": self.sb.ssi_consumer_id,
            "consumerSecret": self.sb.ssi_consumer_secret,
            "twoFactorType": kind,
            "code": self.sb.ssi_pin if code is None else code,
            "isSave": save,
        }
        return self.client.post(f"{TRADING}/AccessToken", json=body)

    def login(self, **options: Any) -> str:
        r = self.access_token(**options)
        assert r.status_code == 200, r.text
        self.token = str(r.json()["data"]["accessToken"])
        return self.token

    def market_login(self) -> str:
        body = {
            "consumerID": self.sb.ssi_data_consumer_id,
            "consumerSecret": self.sb.ssi_data_consumer_secret,
        }
        r = self.client.post(f"{MARKET}/AccessToken", json=body)
        assert r.status_code == 200, r.text
        self.data_token = str(r.json()["data"]["accessToken"])
        return self.data_token

    def post(
        self,
        path: str,
        body: Any,
        *,
        key: rsa.RSAPrivateKey | None = None,
        signature: str | None = None,
        compact: bool = False,
    ) -> httpx.Response:
        """POST ``body`` (json.dumps with its default spaces unless ``compact``), signed."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        if compact and not isinstance(body, bytes):
            raw = json.dumps(body, separators=(",", ":")).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        headers["X-Signature"] = sign(key or self.key, raw) if signature is None else signature
        if signature == "":
            del headers["X-Signature"]
        return self.client.post(f"{TRADING}/{path}", content=raw, headers=headers)

    def get(self, path: str, **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"}
        return self.client.get(f"{TRADING}/{path}", params=params, headers=headers)

    def data(self, path: str, **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.data_token}"}
        return self.client.get(f"{MARKET}/{path}", params=params, headers=headers)

    def ok(self, r: httpx.Response) -> Any:
        """The ``data`` of a success (HTTP 200 and body status 200)."""
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == 200 and body["message"] == "Success", r.text
        return body["data"]

    def refused(self, r: httpx.Response, status: int = 400) -> dict[str, Any]:
        """The body of a refusal with ``status`` in both the HTTP line and the body."""
        assert r.status_code == status, r.text
        body: dict[str, Any] = r.json()
        assert body["status"] == status and set(body) >= {"message", "status", "data"}, r.text
        return body

    def request_id(self) -> str:
        self.counter[0] += 1
        return str(self.counter[0])

    def order(
        self,
        symbol: str = "VNM",
        side: str = "B",
        quantity: int = 100,
        price: float = 0,
        **extra: Any,
    ) -> dict[str, Any]:
        """A NewOrder body as SSI's Python client builds it."""
        return {
            "instrumentID": symbol,
            "market": "VN",
            "buySell": side,
            "orderType": "LO",
            "channelID": "TA",
            "price": price,
            "quantity": quantity,
            "account": self.sb.ssi_account,
            "requestID": self.request_id(),
            "stopOrder": False,
            "stopPrice": 0,
            "stopType": "",
            "stopStep": 0,
            "lossStep": 0,
            "profitStep": 0,
            "deviceId": DEVICE,
            **extra,
        }

    def place(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Place an order that must be accepted; returns its order-book record."""
        body = self.order(*args, **kwargs)
        data = self.ok(self.post("NewOrder", body))
        assert data["requestID"] == body["requestID"]
        return self.find(body["requestID"])

    def find(self, request_id: str) -> dict[str, Any]:
        orders = self.ok(self.get("orderBook", account=self.sb.ssi_account))["orders"]
        [record] = [o for o in orders if o["uniqueID"] == request_id]
        return dict(record)

    def change(self, kind: str, record: dict[str, Any], **fields: Any) -> httpx.Response:
        """ModifyOrder or CancelOrder of an order-book ``record``."""
        body = {
            "orderID": record["orderID"],
            "account": self.sb.ssi_account,
            "instrumentID": record["instrumentID"],
            "marketID": "VN",
            "buySell": record["buySell"],
            "requestID": self.request_id(),
            "deviceId": DEVICE,
        }
        if kind == "ModifyOrder":
            body |= {"orderType": record["orderType"], "price": record["price"]}
            body |= {"quantity": record["quantity"]}
        return self.post(kind, {**body, **fields})


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    sandbox = Sandbox(seed=0, now=NOW)
    yield sandbox
    sandbox.close()


@pytest.fixture
def ssi(sb: Sandbox) -> Iterator[SSI]:
    """Logged in with the PIN (a write token) for trading and with the data key for FCData."""
    with httpx.Client(transport=sb.transport, base_url="https://fc-tradeapi.ssi.com.vn") as c:
        wire = SSI(sb, c, key_from_xml(sb.ssi_private_key))
        wire.login()
        wire.market_login()
        yield wire
