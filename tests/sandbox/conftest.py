"""Fixtures for the sandbox tests: plain httpx with only the API key, Tier-2 signing written
from the reference, and raw HTTP/1.1 over a socket (``talk``, ``parse``) for the server."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest

from vnfin.sandbox import Sandbox
from vnfin.sandbox.server import LoopbackServer


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """An httpx client on the sandbox's in-process transport, sending the API key (Tier 1)."""
    headers = {"X-FH-APIKEY": sandbox.api_key}
    with httpx.Client(transport=sandbox.transport, base_url="http://x", headers=headers) as c:
        yield c


def _payload(client: httpx.Client, path: str, key: str = "data", **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error_code"] == "0" and body["message"] == "success"
    return body[key]


def _refusal(client: httpx.Client, path: str, **params: Any) -> str:
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == 400 and body["error_code"] == "400"
    return str(body["message"])


@pytest.fixture
def data(client: httpx.Client) -> Callable[..., Any]:
    """``data(path, key="data", **params)``: the payload of a successful GET."""
    return partial(_payload, client)


@pytest.fixture
def refused(client: httpx.Client) -> Callable[..., str]:
    """``refused(path, **params)``: the message of a 400 answer to a GET."""
    return partial(_refusal, client)


# -- signing (reference §1.3, written here, never imported from the client) ------------------


def _signed(sb: Sandbox, method: str, target: str, body: bytes = b"") -> dict[str, str]:
    ts = str(int(time.time() * 1000))
    digest = hashlib.sha256(body).hexdigest() if body else ""
    payload = f"{ts}\n{method}\n{target}\n{digest}"
    headers = {
        "X-FH-APIKEY": sb.api_key,
        "X-FH-TIMESTAMP": ts,
        "X-FH-NONCE": str(uuid.uuid4()),
        "X-FH-SIGNATURE": hmac.new(sb.api_secret.encode(), payload.encode(), "sha256").hexdigest(),
    }
    if digest:
        headers["X-FH-BODYHASH"] = digest
    return headers


@pytest.fixture
def signed(sandbox: Sandbox) -> Callable[..., dict[str, str]]:
    """``signed(method, target, body=b"")``: Tier-2 headers for the sandbox's credentials."""
    return partial(_signed, sandbox)


# -- accounts and orders over the wire, signed here -------------------------------------------

SUB = "0001234569"  # the `.4` order-execution sub-account
SUB_EXT = "120C001234.4"
ORDERS = f"/trading/oa/sub-accounts/{SUB}/orders"


def target(path: str, **params: Any) -> str:
    """``path?query`` with the parameters percent-encoded (spaces as %20), in the order given."""
    query = urlencode({k: v for k, v in params.items() if v is not None}, quote_via=quote)
    return f"{path}?{query}" if query else path


@dataclass
class Wire:
    """Signed requests to a sandbox's Finhay dialect over its in-process transport; writes
    carry the 2FA token that :meth:`login` gets through the OTP flow."""

    sb: Sandbox
    client: httpx.Client
    token: str | None = None

    def send(self, method: str, path: str, body: Any = None, **params: Any) -> httpx.Response:
        raw = body if isinstance(body, bytes) else b""
        if body is not None and not isinstance(body, bytes):
            raw = json.dumps(body, separators=(",", ":")).encode()
        where = target(path, **params)
        headers = _signed(self.sb, method, where, raw)
        if raw:
            headers["Content-Type"] = "application/json"
        if self.token and path.startswith("/trading/oa/"):
            headers["X-FH-2FA-TOKEN"] = self.token
        return self.client.request(method, where, headers=headers, content=raw or None)

    def ok(self, method: str, path: str, key: str, body: Any = None, **params: Any) -> Any:
        """The payload under ``key`` of a successful answer (HTTP 200, ``error_code`` "0")."""
        r = self.send(method, path, body, **params)
        assert r.status_code == 200, r.text
        assert r.json()["error_code"] == "0", r.text
        return r.json()[key]

    def get(self, path: str, key: str = "result", **params: Any) -> Any:
        return self.ok("GET", path, key, **params)

    def refused(self, method: str, path: str, status: int, body: Any = None, **params: Any) -> str:
        """The message of a refusal with HTTP ``status`` in the error envelope."""
        r = self.send(method, path, body, **params)
        assert r.status_code == status, r.text
        assert r.json()["error_code"] == str(status) and r.json()["data"] is None, r.text
        return str(r.json()["message"])

    def login(self) -> str:
        ticket = self.ok_top("request", {"channel": "EMAIL"})["ticket_id"]
        session = self.ok_top("verify", {"ticket_id": ticket, "otp_code": self.sb.otp_code})
        self.token = str(session["session_token"])
        return self.token

    def ok_top(self, step: str, body: Any) -> Any:
        r = self.send("POST", f"/auth/v1/openapi/2fa/{step}", body)
        assert r.status_code == 200, r.text
        return r.json()

    def place(self, symbol: str, side: str, quantity: int, price: int | str, **extra: Any) -> Any:
        """POST an order (``price`` an int for LIMIT, a market type such as "MP" for
        MARKET); returns its ``OrderResponse``."""
        limit = isinstance(price, int)
        body = {
            "sub_account": SUB_EXT,
            "side": side,
            "symbol": symbol,
            "quantity": quantity,
            "type": "LIMIT" if limit else "MARKET",
            "limit_price": price if limit else None,
            "market_price": None if limit else price,
            "stock_type": "STOCK",
            **extra,
        }
        [response] = self.ok("POST", ORDERS, "result", body)
        return response

    def amend(self, order_id: str, **body: Any) -> Any:
        [response] = self.ok("PUT", f"{ORDERS}/{order_id}", "result", body)
        return response

    def cancel(self, order_id: str) -> Any:
        [response] = self.ok("DELETE", f"{ORDERS}/{order_id}", "result", {"sub_account": SUB_EXT})
        return response

    def order(self, order_id: str) -> Any:
        return self.get(f"/trading/v1/accounts/{SUB}/order-book/{order_id}", "data")


@pytest.fixture
def wire(sandbox: Sandbox) -> Iterator[Wire]:
    """Signed requests to ``sandbox`` (market pinned at 2026-11-20 10:30), logged in for
    order writes."""
    with httpx.Client(transport=sandbox.transport, base_url="http://sandbox") as client:
        w = Wire(sandbox, client)
        w.login()
        yield w


# -- raw HTTP/1.1 over a socket -----------------------------------------------------------------


@dataclass
class Answer:
    """One HTTP response as it came off the wire."""

    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Exchange:
    answers: list[Answer]
    closed: bool  # the server closed the connection (within the time allowed)
    rest: bytes  # bytes after the last complete answer


def parse(data: bytes, heads: Iterable[bool] = ()) -> tuple[list[Answer], bytes]:
    """Split ``data`` into responses; ``heads[i]`` says the i-th answered a HEAD (no body)."""
    answers: list[Answer] = []
    to_head = list(heads)
    while b"\r\n\r\n" in data:
        head, _, rest = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        fields = dict(line.split(":", 1) for line in lines)
        headers = {k.strip().lower(): v.strip() for k, v in fields.items()}
        is_head = to_head.pop(0) if to_head else False
        size = 0 if is_head else int(headers.get("content-length", "0"))
        if len(rest) < size:
            break
        answers.append(Answer(int(status_line.split()[1]), headers, rest[:size]))
        data = rest[size:]
    return answers, data


def _talk(
    port: int,
    *parts: bytes,
    wait: float = 3.0,
    heads: Iterable[bool] = (),
    pause: float = 0.0,
) -> Exchange:
    """Send ``parts`` on a new connection (``pause`` seconds apart), then read until the
    server closes it or ``wait`` seconds pass."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        for i, part in enumerate(parts):
            if i and pause:
                time.sleep(pause)
            conn.sendall(part)
        data, closed = b"", False
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            conn.settimeout(max(deadline - time.monotonic(), 0.01))
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            data += chunk
    answers, rest = parse(data, heads)
    return Exchange(answers, closed, rest)


def _receive(conn: socket.socket, count: int = 1, wait: float = 3.0) -> list[Answer]:
    """Read from an open connection until ``count`` whole answers have arrived."""
    data = b""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        answers, _ = parse(data)
        if len(answers) >= count:
            return answers
        conn.settimeout(max(deadline - time.monotonic(), 0.01))
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    raise AssertionError(f"{count} answers expected, got {parse(data)[0]}")


@pytest.fixture
def receive() -> Callable[..., list[Answer]]:
    """``receive(conn, count=1, wait=3.0)``: the next ``count`` answers on an open socket."""
    return _receive


@pytest.fixture
def talk() -> Callable[..., Exchange]:
    """``talk(port, *parts, wait=3.0, heads=(), pause=0.0)``: raw HTTP/1.1 on a new
    connection; returns the answers, whether the server closed, and any leftover bytes."""
    return _talk


READ_TIMEOUT = 0.5  # the read deadline of the ``port`` fixture's server, in seconds


@pytest.fixture
def port(sandbox: Sandbox) -> Iterator[int]:
    """The port of a loopback server over ``sandbox`` with a short read deadline."""
    server = LoopbackServer(
        sandbox.router, lambda: sandbox.faults.latency, read_timeout=READ_TIMEOUT
    )
    yield int(server.url.rsplit(":", 1)[1])
    server.close()
