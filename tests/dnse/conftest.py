"""Fixtures for the DNSE client's tests: JWT-shaped tokens, a scripted LightSpeed server on
httpx.MockTransport (both path layouts, recorded error bodies, injected faults), and both
faces against the sandbox."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import vnfin.dnse
from vnfin.sandbox import Sandbox

MARKET_NOW = "2026-11-20 10:30"  # a Friday, mid-morning session
Face = Callable[..., Any]

USERNAME = "trader@example.vn"
PASSWORD = "pa55-w0rd-Zq9x"
SMART_OTP = "246810"
EMAIL_OTP = "135791"
ACCOUNT = "0001000115"
DERIVATIVE_ACCOUNT = "0001000116"
CASH_PACKAGE = 1036
MARGIN_PACKAGE = 1531
TRADING_TOKEN = "tt-7f3a9c1e5b2d4a60"
BASE = "https://services.entrade.com.vn"
ORDER_PATHS = ("/order-service/v2/orders", "/order-service/derivative/orders")


def jwt(exp: float | None, **claims: Any) -> str:
    """A JWT-shaped token with ``exp``; the signature is fake (the client never checks it)."""

    def part(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    payload = {**claims, **({} if exp is None else {"exp": exp})}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}.c2lnbmF0dXJl"


def err(status: int, message: str, code: str | None = None) -> httpx.Response:
    """A LightSpeed error: ``{status, code, message}``, or ``{message}`` without a code."""
    body: dict[str, Any] = {"message": message}
    if code is not None:
        body = {"status": status, "code": code, "message": message}
    return httpx.Response(status, json=body)


def canonical(path: str) -> str:
    """``/dnse-order-service/...`` → ``/order-service/...`` (the fake serves both)."""
    head, sep, rest = path[1:].partition("/")
    return f"/{head[5:]}{sep}{rest}" if head.startswith("dnse-") else path


class FakeDNSE:
    """A scripted LightSpeed server: login, OTP, accounts, ppse, an order book and order
    writes with faults, conditional orders and the chart.

    ``fail_next_write``: ``("500", taken)`` answers the next write with a 500, having carried
    it out or not; ``("timeout", taken)`` raises a read timeout instead. ``expire_jwt = n``
    answers the next n Bearer calls with 401 ``{"message": "Invalid signature"}`` (and drops
    the JWT); ``valid_trading_token`` is the one writes must carry.
    ``reject_next`` puts a reject code in the next new order's ``error``; ``refuse_next``
    refuses it with 400 and that code. Every request is kept in ``requests``.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.clock: Callable[[], float] = time.time
        self.lifetime = 8 * 3600.0
        self.logins = 0
        self.book: list[dict[str, Any]] = []
        self.conditional: list[dict[str, Any]] = []
        self.next_id = 101
        self.fail_next_write: tuple[str, bool] | None = None
        self.fail_gets = 0
        self.expire_jwt = 0  # how many Bearer reads to refuse with 401 "Invalid signature"
        self.valid_trading_token = TRADING_TOKEN
        self.reject_next: str | None = None
        self.refuse_next: str | None = None
        self.limit_next_write = False
        self.before_write: Callable[[], None] | None = None
        self.qmax = 10_000
        self.trade_quantity = 1_000
        self.closes = [68.1, 68.6]  # thousands of VND, the last two sessions before today
        self.tokens: set[str] = set()
        self.bearers: list[str] = []

    # -- plumbing -------------------------------------------------------------------------

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = canonical(request.url.path)
        method = request.method
        if path == "/auth-service/login":
            return self.login(request)
        if path.startswith("/chart-api/"):
            return self.chart(request)
        bearer = request.headers.get("Authorization", "")
        if not bearer.startswith("Bearer ") or bearer[7:] not in self.tokens:
            return err(401, "Invalid signature")
        if self.expire_jwt:
            self.expire_jwt -= 1
            self.tokens.discard(bearer[7:])
            return err(401, "Invalid signature")
        if method == "GET" and self.fail_gets:
            self.fail_gets -= 1
            return err(500, "boom", "INTERNAL_SERVER_ERROR")
        if path == "/order-service/trading-token":
            return self.trading_token(request)
        if method != "GET":
            if request.headers.get("Trading-Token") != self.valid_trading_token:
                return err(401, "Trading-Token is invalid", "INVALID_TRADING_TOKEN")
            return self.write(request, path)
        return self.read(request, path)

    def login(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if (body.get("username"), body.get("password")) != (USERNAME, PASSWORD):
            return err(401, "Username or password is incorrect", "UNAUTHORIZED")
        self.logins += 1
        token = jwt(self.clock() + self.lifetime, sub="0001000100", n=self.logins)
        self.tokens.add(token)
        self.bearers.append(token)
        return httpx.Response(200, json={"token": token})

    def trading_token(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("smart-otp") == SMART_OTP or request.headers.get("otp") == EMAIL_OTP:
            return httpx.Response(200, json={"tradingToken": self.valid_trading_token})
        return err(400, "The OTP is invalid", "INVALID_OTP")

    def chart(self, request: httpx.Request) -> httpx.Response:
        day = 86_400
        start = int(time.time()) // day * day - 3 * day  # 00:00 UTC three days ago
        t = [start, start + day]
        c = self.closes
        return httpx.Response(
            200,
            json={
                "t": t,
                "o": c,
                "h": [x + 1 for x in c],
                "l": [x - 1 for x in c],
                "c": c,
                "v": [100, 200],
            },
        )

    # -- reads ----------------------------------------------------------------------------

    def read(self, request: httpx.Request, path: str) -> httpx.Response:
        params = request.url.params
        if path == "/user-service/api/me":
            return httpx.Response(200, json={"investorId": "0001000100", "name": "Nguyễn Văn A"})
        if path == "/auth-service/api/email-otp":
            return httpx.Response(200)
        if path == "/order-service/accounts":
            accounts = [
                {"id": DERIVATIVE_ACCOUNT, "derivativeAccount": True},
                {"id": ACCOUNT, "derivativeAccount": False, "custodyCode": "064C000115"},
            ]
            return httpx.Response(200, json={"accounts": accounts})
        if path.endswith("/loan-packages"):
            packages = [
                {"id": MARGIN_PACKAGE, "name": "Margin", "type": "M"},
                {"id": CASH_PACKAGE, "name": "Cash", "type": "N"},
            ]
            return httpx.Response(200, json={"loanPackages": packages})
        if path.endswith("/derivative-loan-packages"):
            return httpx.Response(200, json={"loanPackages": [{"id": 2279, "type": "N"}]})
        if path.endswith("ppse"):
            return httpx.Response(
                200,
                json={
                    "investorAccountId": path.split("/")[3],
                    "ppse": 1e9,
                    "price": float(params["price"]),
                    "qmax": self.qmax,
                    "tradeQuantity": self.trade_quantity,
                },
            )
        if path in ORDER_PATHS:
            account = params.get("accountNo")
            mine = [o for o in self.book if o["accountNo"] == account and o["path"] == path]
            return httpx.Response(200, json={"orders": mine})
        if path.startswith(ORDER_PATHS):
            found = self.find(path.rsplit("/", 1)[1])
            if found is None:
                return err(404, "404 NOT_FOUND", "RESOURCE_NOT_FOUND")
            return httpx.Response(200, json=found)
        if path == "/conditional-order-api/v1/orders":
            page = int(params.get("page", "1"))
            rows = self.conditional[(page - 1) * 2 : page * 2]
            pages = max(1, -(-len(self.conditional) // 2))
            return httpx.Response(200, json={"content": rows, "page": page, "totalPages": pages})
        if path.startswith("/conditional-order-api/v1/orders/"):
            oid = path.rsplit("/", 1)[1]
            for row in self.conditional:
                if row["id"] == oid:
                    return httpx.Response(200, json=row)
            return err(404, "404 NOT_FOUND", "RESOURCE_NOT_FOUND")
        if path in ("/deal-service/deals", "/derivative-core/deals"):
            key = "deals" if path.startswith("/deal") else "data"
            return httpx.Response(200, json={key: []})
        if path.startswith("/order-service/account-balances/"):
            return httpx.Response(200, json={"totalCash": 5e8, "availableCash": 4e8})
        return err(404, "404 NOT_FOUND", "RESOURCE_NOT_FOUND")

    def find(self, oid: str) -> dict[str, Any] | None:
        return next((o for o in self.book if str(o["id"]) == oid), None)

    # -- writes ---------------------------------------------------------------------------

    def write(self, request: httpx.Request, path: str) -> httpx.Response:
        if self.limit_next_write:
            self.limit_next_write = False
            return err(429, "Too many requests", "TOO_MANY_REQUESTS")
        fault, self.fail_next_write = self.fail_next_write, None
        if self.before_write is not None:
            self.before_write()
        answer = None
        if fault is None or fault[1]:
            answer = self.carry_out(request, path)
        if fault is not None:
            if fault[0] == "timeout":
                raise httpx.ReadTimeout("slow", request=request)
            return err(500, "Internal Server Error", "INTERNAL_SERVER_ERROR")
        assert answer is not None
        return answer

    def carry_out(self, request: httpx.Request, path: str) -> httpx.Response:
        if path in ORDER_PATHS and request.method == "POST":
            body = json.loads(request.content)
            if self.refuse_next:
                code, self.refuse_next = self.refuse_next, None
                return err(400, f"refused: {code}", code)
            order = {
                "id": self.next_id,
                "side": body["side"],
                "accountNo": body["accountNo"],
                "symbol": body["symbol"],
                "price": body["price"],
                "quantity": body["quantity"],
                "orderType": body["orderType"],
                "orderStatus": "rejected" if self.reject_next else "new",
                "fillQuantity": 0,
                "loanPackageId": body["loanPackageId"],
                "createdDate": "2026-11-20T10:30:00.000+07:00",
                "error": self.reject_next or "",
                "path": path,
            }
            self.reject_next = None
            self.next_id += 1
            self.book.append(order)
            return httpx.Response(200, json=order)
        if path.startswith(ORDER_PATHS) and request.method == "DELETE":
            found = self.find(path.rsplit("/", 1)[1])
            if found is None:
                return err(404, "404 NOT_FOUND", "RESOURCE_NOT_FOUND")
            found["orderStatus"] = "canceled"
            return httpx.Response(200, json=found)
        if path == "/conditional-order-api/v1/orders":
            body = json.loads(request.content)
            row = {**body, "id": f"c{self.next_id:019d}", "status": "NEW"}
            self.next_id += 1
            self.conditional.append(row)
            return httpx.Response(200, json={"id": row["id"]})
        if path.endswith("/cancel") and request.method == "PATCH":
            oid = path.split("/")[-2]
            for row in self.conditional:
                if row["id"] == oid:
                    row["status"] = "CANCELLED"
                    return httpx.Response(200, json=row)
            return err(404, "404 NOT_FOUND", "RESOURCE_NOT_FOUND")
        if path.startswith("/derivative-deal-risk/pnl-configs/"):
            return httpx.Response(200, json=json.loads(request.content))
        return err(400, "not handled", "BAD_REQUEST")

    # -- what tests look at ---------------------------------------------------------------

    def sent(self, method: str, suffix: str) -> list[httpx.Request]:
        return [
            r
            for r in self.requests
            if r.method == method and canonical(r.url.path).endswith(suffix)
        ]

    @property
    def writes(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method != "GET" and "login" not in r.url.path]


@pytest.fixture
def fake() -> FakeDNSE:
    return FakeDNSE()


@pytest.fixture
def make(fake: FakeDNSE) -> Iterator[Callable[..., vnfin.dnse.DNSE]]:
    """A blocking DNSE client over ``fake`` (no retries unless asked)."""
    made: list[vnfin.dnse.DNSE] = []

    def build(**options: Any) -> vnfin.dnse.DNSE:
        defaults: dict[str, Any] = {
            "username": USERNAME,
            "password": PASSWORD,
            "base_url": BASE,
            "transport": httpx.MockTransport(fake),
            "max_retries": 0,
            "order_wait": 0.3,
        }
        client = vnfin.dnse.DNSE(**{**defaults, **options})
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.fixture
def trader(make: Callable[..., vnfin.dnse.DNSE]) -> vnfin.dnse.DNSE:
    """A client holding a trading token."""
    dnse = make()
    dnse.auth.trading_token(SMART_OTP)
    return dnse


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=0, now=MARKET_NOW)
    yield sb
    sb.close()


@pytest.fixture(params=["sync", "async"])
def face(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Face]:
    """Call an endpoint of a sandbox DNSE client by dotted name, through the blocking face or
    through the async face (awaited on a loop of the test's own)."""
    if request.param == "sync":
        client = sandbox.dnse()

        def sync(name: str, *args: Any, **kwargs: Any) -> Any:
            group, method = name.split(".")
            return getattr(getattr(client, group), method)(*args, **kwargs)

        yield sync
        client.close()
    else:
        aclient = sandbox.async_dnse()
        loop = asyncio.new_event_loop()

        def run(name: str, *args: Any, **kwargs: Any) -> Any:
            group, method = name.split(".")
            return loop.run_until_complete(
                getattr(getattr(aclient, group), method)(*args, **kwargs)
            )

        yield run
        loop.run_until_complete(aclient.aclose())
        loop.close()
