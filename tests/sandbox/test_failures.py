"""Every failure is an answer in the dialect's JSON envelope with the right 4xx — never a 500,
never a text page — over both ways in: the in-process transport and the loopback server
(plain httpx), and raw sockets for what httpx cannot send. A property test throws hostile
query values at every Finhay GET route."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnfin.sandbox import Sandbox
from vnfin.sandbox.finhay.envelope import Refusal
from vnfin.sandbox.finhay.twofa import TwoFactor
from vnfin.sandbox.router import MAX_BODY, MAX_HEADERS, MAX_TARGET

TWOFA = "/auth/v1/openapi/2fa/request"
QUOTE = "/market/stock-realtime"
GROWTH = "/fund-trading/public/fund-certificates/benchmark/growth?fund-names=MBVF&period=ONE_YEAR"
ENVELOPE = {"status", "error_code", "message", "data", "traceId", "sandbox"}
Send = Callable[..., httpx.Response]


@pytest.fixture(params=["in-process", "loopback"])
def send(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Send]:
    """``send(method, target, headers=None, content=None)`` through one way in."""
    if request.param == "in-process":
        client = httpx.Client(transport=sandbox.transport, base_url="http://sandbox")
    else:
        client = httpx.Client(base_url=sandbox.serve())
    with client:
        yield lambda method, target, headers=None, content=None: client.request(
            method, target, headers=headers, content=content
        )


def refused(r: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Check a refusal: the status, JSON, the marker, Finhay's error envelope."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-vnfin-sandbox"] == "simulated-data"
    body: dict[str, Any] = r.json()
    assert set(body) == ENVELOPE and body["status"] == status and body["data"] is None
    assert body["error_code"] == (code or str(status))
    return body


# -- headers ------------------------------------------------------------------------------------


def test_an_api_key_with_a_byte_0xff_is_refused(sandbox: Sandbox, send: Send) -> None:
    r = send("GET", f"{QUOTE}?symbol=VNM", {"X-FH-APIKEY": b"\xff" + sandbox.api_key.encode()})
    refused(r, 401, "AUTH_APIKEY_INVALID")


@pytest.mark.parametrize("stamp", [b"1" * 5000, "²⁵".encode(), "١٧٠٠".encode(), b"-1", b"1e3"])
def test_a_timestamp_that_is_not_unix_ms_is_refused(
    signed: Callable[..., dict[str, str]], send: Send, stamp: bytes
) -> None:
    headers: dict[str, Any] = {**signed("GET", "/users/v1/users/me"), "X-FH-TIMESTAMP": stamp}
    refused(send("GET", "/users/v1/users/me", headers), 401, "AUTH_TIMESTAMP_INVALID")


def test_over_long_headers_and_targets_are_refused(sandbox: Sandbox, send: Send) -> None:
    key = {"X-FH-APIKEY": sandbox.api_key}
    refused(send("GET", f"{QUOTE}?symbol=VNM", {**key, "X-Pad": "a" * MAX_HEADERS}), 431)
    refused(send("GET", f"{QUOTE}?symbol=VNM&pad={'a' * MAX_TARGET}", key), 414)
    assert send("GET", f"{QUOTE}?symbol=VNM", {**key, "X-Pad": "a" * 4000}).status_code == 200


# -- bodies -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2]",  # an array where an object is expected
        b'["channel", "EMAIL"]',
        b'"EMAIL"',
        b'{"channel": "EMAIL"}\xff',  # not UTF-8
        b"\xff\xfe{\x00}\x00",  # UTF-16
        b"[" * 50_000 + b"]" * 50_000,  # deeper than the parser goes
        b"{not json",
    ],
)
def test_a_2fa_body_that_is_not_a_utf8_json_object_is_400(
    signed: Callable[..., dict[str, str]], send: Send, body: bytes
) -> None:
    r = send("POST", TWOFA, signed("POST", TWOFA, body), body)
    assert refused(r, 400)["message"] == "Invalid JSON body: expected a UTF-8 JSON object"


def test_a_body_over_the_limit_is_413(signed: Callable[..., dict[str, str]], send: Send) -> None:
    body = b" " * (MAX_BODY + 1)
    r = send("POST", TWOFA, signed("POST", TWOFA, body), body)
    assert refused(r, 413)["message"] == f"Request body over {MAX_BODY} bytes"


# -- methods and paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "target", "allow"),
    [
        ("PATCH", f"{QUOTE}?symbol=VNM", "GET"),
        ("HEAD", f"{QUOTE}?symbol=VNM", "GET"),
        ("OPTIONS", "/fund-trading/public/fund-companies", "GET"),
        ("PUT", "/users/v1/users/me", "GET"),
        ("GET", TWOFA, "POST"),
        ("HEAD", TWOFA, "POST"),
        ("OPTIONS", TWOFA, "POST"),
    ],
)
def test_a_known_path_refuses_other_methods_with_allow(
    send: Send, method: str, target: str, allow: str
) -> None:
    r = send(method, target)
    assert r.status_code == 405 and r.headers["allow"] == allow
    if method == "HEAD":
        assert r.content == b""
    else:
        refused(r, 405)


def test_unknown_paths_are_404(sandbox: Sandbox, send: Send) -> None:
    r = send("GET", "/api/v2/nowhere")
    assert r.status_code == 404 and r.json()["message"] == "No route /api/v2/nowhere"
    assert r.headers["x-vnfin-sandbox"] == "simulated-data"
    refused(send("GET", "/market/nowhere", {"X-FH-APIKEY": sandbox.api_key}), 404)


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (f"{QUOTE}?symbol=%FF", 400),  # a valid escape of a byte that is not UTF-8
        (f"{QUOTE}?symbol=%ZZ", 400),  # httpx sends %25ZZ; raw %ZZ: see below
        (f"{QUOTE}?symbol=VNM%", 400),
        ("/market/financial-data/global-news/%FF", 400),
        ("/market/financial-data/global-news/" + "7" * 5000, 404),
        ("/market/recommendation-reports/%00", 400),
        ("/fund-trading/public/fund-certificates/%FF/portfolio", 404),
        ("/market/price-histories-chart?symbol=VNM&from=0&to=" + "9" * 5000, 400),
        ("/market/price-histories-chart?symbol=VNM&from=0&to=" + "9" * 4000, 400),
        ("/market/financial-data/global-news?page=" + "9" * 5000, 400),
        ("/fund-trading/public/fund-certificates/top-aum?fund-type=%E2%82", 400),
        (f"{GROWTH}&amount={'9' * 400}", 400),  # an int() would overflow float arithmetic
        (f"{GROWTH}&amount=%D9%A1%D9%A2", 400),  # Arabic-Indic digits: int() takes them
    ],
)
def test_odd_encodings_and_huge_numbers_are_4xx(
    sandbox: Sandbox, send: Send, target: str, status: int
) -> None:
    refused(send("GET", target, {"X-FH-APIKEY": sandbox.api_key}), status)


@pytest.mark.parametrize("days", ["%C2%B2", "1" * 5000, "%D9%A1", "-5", "x"])
def test_a_chart_length_that_is_not_a_plain_number_falls_back(
    sandbox: Sandbox, send: Send, days: str
) -> None:
    r = send(
        "GET", f"/market/financial-data/gold-chart?days={days}", {"X-FH-APIKEY": sandbox.api_key}
    )
    assert r.status_code == 200 and len(r.json()["data"]) in (30, 3650)


def test_huge_numbers_in_signed_paths_and_timestamps(
    signed: Callable[..., dict[str, str]], send: Send
) -> None:
    target = f"/users/v1/users/{'1' * 5000}/sub-accounts"
    refused(send("GET", target, signed("GET", target)), 404)


# -- raw sockets: what httpx will not send ------------------------------------------------------


QUOTE_LINE = b"GET /market/stock-realtime?symbol=VNM HTTP/1.1\r\nHost: x\r\n"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (QUOTE_LINE.replace(b"VNM", b"%ZZ") + b"X-FH-APIKEY: {key}\r\n\r\n", 400),
        (QUOTE_LINE + b"X-FH-APIKEY: \xff{key}\r\n\r\n", 401),
        (QUOTE_LINE + b"X-FH-APIKEY: {key}\r\nX-Pad: " + b"a" * 20_000 + b"\r\n\r\n", 431),
        (b"GET /market/\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400),
        (b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET /market/stock-realtime HTTP/1.1\r\n\r\n", 400),  # no Host
        (b"GET /nowhere HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", 400),
        (b"POST /nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400),
    ],
)
def test_raw_requests_get_json_4xx(
    sandbox: Sandbox, port: int, talk: Callable[..., Any], data: bytes, status: int
) -> None:
    got = talk(port, data.replace(b"{key}", sandbox.api_key.encode()), wait=1)
    assert [a.status for a in got.answers] == [status]
    answer = got.answers[0]
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["x-vnfin-sandbox"] == "simulated-data"
    assert answer.json()["status"] == status


def test_a_head_over_16_kib_sent_in_pieces_is_the_parsers_400(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=3) as conn:
        conn.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\nX-Pad: ")
        for _ in range(20):  # 40 KiB, 2 KiB at a time, no end of headers
            try:
                conn.sendall(b"a" * 2048)
            except OSError:  # refused and closed already
                break
            time.sleep(0.005)  # let the server read each piece: it closes with nothing unread
        answer = conn.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400") and b'"Invalid HTTP request"' in answer


# -- property: no query breaks a route ----------------------------------------------------------

NAMES = [
    "symbol",
    "symbols",
    "exchange",
    "index",
    "resolution",
    "from",
    "to",
    "type",
    "period",
    "limit",
    "stock",
    "stocks",
    "from_date",
    "to_date",
    "category",
    "page",
    "page_size",
    "country",
    "year",
    "weeks",
    "days",
    "fund-type",
    "fund-company-id",
    "fund-names",
    "amount",
    "from-month",
    "to-month",
]
NASTY = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "9" * 30,
        "1" * 5000,
        "²",
        "١٢",
        "1e9",
        "NaN",
        "%FF",
        "VNM",
        "HOSE",
        "1D",
        "31/02/2026",
        "2026-13",
        "STOCK_FUND",
        "MBVF",
        "a,b,,",
        "\x00",
        "ONE_YEAR",
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=30), st.from_regex(r"-?[0-9]{1,25}", fullmatch=True))


def tier1_routes(sandbox: Sandbox) -> list[str]:
    """Every GET route that needs only the API key, patterns filled in."""
    app = sandbox.finhay_app
    paths = [*app.public._exact, *(p for (m, p) in app.routes._table if m == "GET")]
    fund = "/fund-trading/public/fund-certificates/MBVF"
    paths += [f"{fund}/{x}" for x in ("nav-histories", "suggestions", "portfolio")]
    paths += ["/market/financial-data/global-news/3", "/market/recommendation-reports/VNM"]
    return [p for p in paths if p.startswith(("/market/", "/trading/market/", "/fund-trading/"))]


@pytest.fixture(scope="module")
def unlimited() -> Sandbox:
    """A sandbox whose quota hypothesis cannot exhaust."""
    return Sandbox(seed=0, now="2026-11-20 10:30", rate_limit=(10**9, 60.0))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_no_query_makes_a_route_fail(unlimited: Sandbox, data: st.DataObject) -> None:
    sandbox = unlimited
    path = data.draw(st.sampled_from(tier1_routes(sandbox)))
    params = data.draw(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=4))
    headers = {"X-FH-APIKEY": sandbox.api_key}
    with httpx.Client(transport=sandbox.transport, base_url="http://sandbox") as client:
        r = client.get(path, params=params, headers=headers)
    assert r.status_code in (200, 400, 404, 414), (path, params, r.text[:300])
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["error_code"] == ("0" if r.status_code == 200 else str(r.status_code))


SEGMENTS = st.one_of(NASTY, st.text(min_size=1, max_size=40))
PATTERNS = [
    "/market/financial-data/global-news/{}",
    "/market/recommendation-reports/{}",
    "/fund-trading/public/fund-certificates/{}/portfolio",
    "/fund-trading/public/fund-certificates/{}/nav-histories",
    "/users/v1/users/{}/sub-accounts",
]


@settings(max_examples=200, deadline=None)
@given(pattern=st.sampled_from(PATTERNS), segment=SEGMENTS)
def test_no_path_segment_makes_a_route_fail(unlimited: Sandbox, pattern: str, segment: str) -> None:
    with httpx.Client(transport=unlimited.transport, base_url="http://sandbox") as client:
        url = httpx.URL("http://sandbox" + pattern.format(quote(segment, safe="")))
        r = client.get(url, headers={"X-FH-APIKEY": unlimited.api_key})
    assert r.status_code in (200, 400, 401, 404), (url, r.text[:300])
    assert r.json()["error_code"] != "500"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    step=st.sampled_from(["request", "verify", "revoke", "other"]),
    body=st.one_of(
        st.dictionaries(
            st.sampled_from(["channel", "ticket_id", "otp_code", "session_token"]), JSON
        ),
        JSON,
    ),
)
def test_no_2fa_body_makes_the_flow_fail(step: str, body: Any) -> None:
    two_fa = TwoFactor("123456")
    status: int
    try:
        status = two_fa.handle(step, json.dumps(body).encode(), 1.8e9).status
    except Refusal as refusal:
        status = refusal.status
    assert status == 200 or 400 <= status < 500
