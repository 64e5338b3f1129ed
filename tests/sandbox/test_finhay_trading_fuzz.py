"""Property tests: no body sent to an order write, no query sent to an account or order read,
and no id in their paths makes the Finhay dialect fail — every answer is a 2xx or a 4xx in
Finhay's envelope, and an order write that is answered 200 carries one ``OrderResponse``."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnfin.sandbox import Sandbox
from vnfin.sandbox.finhay.orders import CODES

SUB = "0001234569"
ORDERS = f"/trading/oa/sub-accounts/{SUB}/orders"
KNOWN_CODES = {None} | {code for code, _ in CODES.values()}


class Signed:
    """Signed requests with a 2FA session, to one sandbox."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.client = httpx.Client(transport=sb.transport, base_url="http://sandbox")
        ticket = self.send("POST", "/auth/v1/openapi/2fa/request", b'{"channel":"EMAIL"}')
        code = {"ticket_id": ticket.json()["ticket_id"], "otp_code": sb.otp_code}
        session = self.send("POST", "/auth/v1/openapi/2fa/verify", json.dumps(code).encode())
        self.token = session.json()["session_token"]

    def send(self, method: str, target: str, body: bytes = b"") -> httpx.Response:
        request = self.client.build_request(method, target, content=body or None)
        wire = request.url.raw_path.decode()  # httpx drops dot segments: sign what is sent
        ts = str(int(time.time() * 1000))
        digest = hashlib.sha256(body).hexdigest() if body else ""
        payload = f"{ts}\n{method}\n{wire}\n{digest}".encode()
        headers = {
            "X-FH-APIKEY": self.sb.api_key,
            "X-FH-TIMESTAMP": ts,
            "X-FH-NONCE": str(uuid.uuid4()),
            "X-FH-SIGNATURE": hmac.new(self.sb.api_secret.encode(), payload, "sha256").hexdigest(),
        }
        if digest:
            headers["X-FH-BODYHASH"] = digest
        if target.startswith("/trading/oa/") and hasattr(self, "token"):
            headers["X-FH-2FA-TOKEN"] = self.token
        request.headers.update(headers)
        return self.client.send(request)


@pytest.fixture(scope="module")
def signed() -> Iterator[Signed]:
    sb = Sandbox(seed=0, now="2026-11-20 10:30", rate_limit=(10**9, 60.0))
    sb.fund(SUB, cash=10**12)
    s = Signed(sb)
    yield s
    s.client.close()


def check(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code in (200, 400, 404), r.text[:300]
    body: dict[str, Any] = r.json()
    if r.status_code != 200:
        assert body["error_code"] == str(r.status_code) and body["data"] is None
    return body


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
FIELDS = {
    "sub_account": st.sampled_from(["120C001234.4", "120C001234.1", SUB, ""]) | SCALARS,
    "side": st.sampled_from(["BUY", "SELL", "buy"]) | SCALARS,
    "symbol": st.sampled_from(["VNM", "SHS", "ACV", "NOPE", "vnm"]) | SCALARS,
    "quantity": st.sampled_from([1, 99, 100, 150, 10_000, 600_000]) | SCALARS,
    "type": st.sampled_from(["LIMIT", "MARKET"]) | SCALARS,
    "limit_price": st.sampled_from([23_400, 69_500, 69_550, 10**9]) | SCALARS,
    "market_price": st.sampled_from(["MP", "ATO", "ATC", "MAK", "MOK", "MTL", "PLO"]) | SCALARS,
    "stock_type": st.sampled_from(["STOCK", "ETF"]) | SCALARS,
    "price": st.sampled_from([69_000, 69_050]) | SCALARS,
}
BODIES = st.fixed_dictionaries({}, optional=FIELDS) | SCALARS | st.lists(SCALARS, max_size=2)


@settings(max_examples=300, deadline=None)
@given(body=BODIES, step=st.sampled_from(["place", "amend", "cancel"]))
def test_no_body_makes_an_order_write_fail(signed: Signed, body: Any, step: str) -> None:
    raw = json.dumps(body).encode()
    if step == "place":
        r = signed.send("POST", ORDERS, raw)
    else:
        placed = signed.send(
            "POST",
            ORDERS,
            b'{"sub_account":"120C001234.4","side":"BUY","symbol":"VNM","quantity":100,'
            b'"type":"LIMIT","limit_price":66000,"market_price":null}',
        )
        order_id = placed.json()["result"][0]["order_id"]
        r = signed.send("PUT" if step == "amend" else "DELETE", f"{ORDERS}/{order_id}", raw)
    answer = check(r)
    if r.status_code == 200:
        [response] = answer["result"]
        assert response["code"] in KNOWN_CODES


READS = [
    f"/trading/accounts/{SUB}/summary",
    f"/trading/v2/sub-accounts/{SUB}/portfolio",
    f"/trading/v5/account/{SUB}/user-rights",
    f"/trading/v1/accounts/{SUB}/order-book",
    f"/trading/sub-accounts/{SUB}/orders",
    f"/trading/v2/accounts/{SUB}/available-trade",
    "/users/v3/users/123456/assets/summary",
    "/trading/pnl-today/123456",
]
NAMES = st.sampled_from(
    [
        "fromDate",
        "toDate",
        "page",
        "orderStatus",
        "symbol",
        "catType",
        "isCom",
        "status",
        "orderSide",
        "quotePrice",
        "sub-account-id",
        "cache-control",
    ]
)
VALUES = st.sampled_from(
    ["2026-11-20", "2026-02-30", "ALL", "BUY", "VNM", "0", "-1", "9" * 30, "\x00", "CACHE", ""]
) | st.text(max_size=20)


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(READS), params=st.dictionaries(NAMES, VALUES, max_size=5))
def test_no_query_makes_an_account_read_fail(signed: Signed, path: str, params: dict) -> None:
    query = urlencode(params, quote_via=quote)
    check(signed.send("GET", f"{path}?{query}" if query else path))


SEGMENTS = st.sampled_from(["0001234569", "123456", "8800000001", "%FF", "0" * 40]) | st.text(
    min_size=1, max_size=30
)
PATTERNS = [*READS, f"/trading/v1/accounts/{SUB}/order-book/{{}}"]


@settings(max_examples=200, deadline=None)
@given(pattern=st.sampled_from(PATTERNS), segment=SEGMENTS)
def test_no_id_in_a_path_makes_a_route_fail(signed: Signed, pattern: str, segment: str) -> None:
    path = pattern.replace(SUB, "{}").replace("123456", "{}") if "{}" not in pattern else pattern
    target = path.format(quote(segment, safe=""))
    check(signed.send("GET", target))
