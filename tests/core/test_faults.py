"""Faults the client must survive: bad settings, 429s with odd reset times, slow and huge
bodies, redirects, validation answers sent with HTTP 200, and an order write interrupted
after it may have reached the broker."""

from __future__ import annotations

import asyncio
import gzip
import signal
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from email.utils import formatdate

import httpx
import pytest

import vnfin

OK = {"error_code": "0", "message": "success", "data": {"user_id": 1}}


def client(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> vnfin.Finhay:
    return vnfin.Finhay(
        "ak_test_k",
        "secret",
        base_url="https://api.test",
        transport=httpx.MockTransport(handler),
        **options,  # type: ignore[arg-type]
    )


class Script:
    """Answers in turn (the last one forever) and records when each request arrived."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.times.append(time.monotonic())
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


# -- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"rate_limit": (10, float("nan"))}, "rate_limit[1]"),
        ({"rate_limit": (10, 0)}, "rate_limit[1]"),
        ({"rate_limit": (0, 1.0)}, "rate_limit[0]"),
        ({"rate_limit": (-5, 1.0)}, "rate_limit[0]"),
        ({"rate_limit": 10}, "rate_limit"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"deadline": -1.0}, "deadline"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"max_concurrency": 2.5}, "max_concurrency"),
        ({"base_url": ""}, "base_url"),
        ({"base_url": "open-api.fhsc.com.vn"}, "base_url"),
        ({"base_url": "ftp://open-api.fhsc.com.vn"}, "base_url"),
        ({"base_url": "https://x.test/?a=1"}, "base_url"),
        ({"transport": object()}, "transport"),
    ],
)
def test_bad_settings_are_refused_at_construction(
    options: dict[str, object], argument: str
) -> None:
    with pytest.raises(vnfin.ValidationError) as info:
        vnfin.Finhay("ak_test_k", "s", **options)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_a_network_error_names_the_host_and_the_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vnfin._http.random.uniform", lambda a, b: 0.001)
    script = Script(httpx.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(vnfin.TransportError) as info:
        client(script, max_retries=3).request("GET", "/users/v1/users/me")
    assert "api.test" in str(info.value) and "4 attempts" in str(info.value)
    assert info.value.attempts == 4 and len(script.times) == 4
    with pytest.raises(vnfin.TransportError) as info:
        client(script).request("POST", "/users/v1/x", json={})
    assert "1 attempt)" in str(info.value)


# -- 429 ----------------------------------------------------------------------------------------


def limited(headers: dict[str, str]) -> httpx.Response:
    return httpx.Response(429, json={"error_code": "429", "message": "slow"}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-RateLimit-Reset": str(int(time.time()) - 100)},  # already past
        {"X-RateLimit-Reset": "0"},
        {"X-RateLimit-Reset": "not a time"},
        {},
    ],
)
def test_a_429_with_a_reset_in_the_past_still_waits_a_floor(headers: dict[str, str]) -> None:
    script = Script(limited(headers), httpx.Response(200, json=OK))
    client(script).request("GET", "/users/v1/users/me")
    assert len(script.times) == 2
    assert script.times[1] - script.times[0] >= 0.25  # the floor (half of it without jitter)


def test_retry_after_is_honoured_in_seconds_and_as_a_date() -> None:
    # an HTTP date has whole seconds: 2.5 s ahead is at least 1.5 s ahead
    for form in ("seconds", "date"):
        value = "1" if form == "seconds" else formatdate(time.time() + 2.5, usegmt=True)
        script = Script(
            limited({"Retry-After": value, "X-RateLimit-Reset": str(int(time.time()))}),
            httpx.Response(200, json=OK),
        )
        client(script).request("GET", "/users/v1/users/me")
        assert script.times[1] - script.times[0] >= 0.9


# -- answers that are not what they seem ------------------------------------------------------


def test_a_validation_answer_with_http_200_is_a_bad_request_and_not_retried() -> None:
    script = Script(httpx.Response(200, json={"status": 400, "message": "Invalid symbol"}))
    with pytest.raises(vnfin.BadRequest, match="Invalid symbol"):
        client(script).request("GET", "/market/stock-realtime", params={"symbol": "XX"})
    assert len(script.times) == 1


def test_a_redirect_is_neither_followed_nor_retried() -> None:
    script = Script(httpx.Response(302, headers={"Location": "https://elsewhere.test/"}))
    with pytest.raises(vnfin.APIError, match=r"redirect to https://elsewhere\.test/") as info:
        client(script).request("GET", "/users/v1/users/me")
    assert type(info.value) is vnfin.APIError and len(script.times) == 1


def streamed(body: bytes, encoding: str | None = None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if encoding:
        headers["Content-Encoding"] = encoding
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))


def test_compressed_answers_are_read() -> None:
    import json

    body = json.dumps({**OK, "data": {"x": "Sữa" * 1000}}).encode()
    deflated = zlib.compress(body)
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflated = raw.compress(body) + raw.flush()
    cases = [(gzip.compress(body), "gzip"), (deflated, "deflate"), (raw_deflated, "deflate")]
    for wire, encoding in [*cases, (body, None)]:
        got = client(Script(streamed(wire, encoding))).request("GET", "/users/v1/users/me")
        assert got == {"x": "Sữa" * 1000}


def test_a_decompression_bomb_is_refused_without_inflating_it() -> None:
    bomb = gzip.compress(b"\x00" * (50 * 1024 * 1024))
    assert len(bomb) < 100 * 1024
    with pytest.raises(vnfin.ResponseError, match="larger than 16 MiB"):
        client(Script(streamed(bomb, "gzip"))).request("GET", "/users/v1/users/me")


def test_a_huge_plain_answer_is_refused() -> None:
    huge = httpx.Response(200, stream=httpx.ByteStream(b" " * (17 * 1024 * 1024)))
    with pytest.raises(vnfin.ResponseError, match="larger than"):
        client(Script(huge)).request("GET", "/users/v1/users/me")
    announced = httpx.Response(
        200, headers={"Content-Length": str(1 << 40)}, stream=httpx.ByteStream(b"{}")
    )
    with pytest.raises(vnfin.ResponseError, match="larger than"):
        client(Script(announced)).request("GET", "/users/v1/users/me")


# -- a body that dribbles in: the per-attempt deadline --------------------------------------


@pytest.fixture
def dribbling_server() -> Iterator[str]:
    """A loopback server that sends headers, then one body byte every 0.25 s."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                body = b'{"error_code":"0","data":1}'
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
                for byte in body:
                    if stop.wait(0.25):
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)
    listener.close()


def test_a_dribbled_body_times_out_as_a_whole(dribbling_server: str) -> None:
    fh = vnfin.Finhay("ak_test_k", "s", base_url=dribbling_server, timeout=1.0, max_retries=0)
    started = time.monotonic()
    with pytest.raises(vnfin.RequestTimeout):
        fh.request("GET", "/users/v1/users/me")
    assert time.monotonic() - started < 2.0  # not the ~7 s the dribble takes
    fh.close()


def test_the_deadline_stops_retries_that_would_pass_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vnfin._http.random.uniform", lambda a, b: b)  # the longest backoff
    script = Script(httpx.Response(503, json={"error_code": "503", "message": "busy"}))
    started = time.monotonic()
    with pytest.raises(vnfin.ServerError):
        client(script, max_retries=10, deadline=2.0).request("GET", "/users/v1/users/me")
    assert time.monotonic() - started < 2.0
    assert 1 < len(script.times) < 11


# -- an order write interrupted after it may have reached the broker ------------------------


class SlowBroker(httpx.AsyncBaseTransport):
    """Takes the request, then answers only after a long while."""

    def __init__(self) -> None:
        self.received: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.received.append(f"{request.method} {request.url.path}")
        if request.method != "GET":
            await asyncio.sleep(30)
        return httpx.Response(200, json=OK)


def test_an_interrupted_write_is_reported_and_never_resent(alarm: None) -> None:
    broker = SlowBroker()
    fh = vnfin.Finhay(
        "ak_test_k", "s", base_url="https://api.test", transport=broker, two_fa_token="t0k"
    )
    path = "/trading/oa/sub-accounts/1/orders"
    signal.setitimer(signal.ITIMER_REAL, 0.3)  # Ctrl-C while the broker holds the order
    with pytest.raises(KeyboardInterrupt) as interrupted:
        fh.request("POST", path, json={"symbol": "VNM", "quantity": 100})
    notes = "\n".join(getattr(interrupted.value, "__notes__", []))
    assert f"POST {path}" in notes and "order book" in notes  # told at once
    with pytest.raises(vnfin.OrderStateUnknown) as unknown:  # and on the next use
        fh.request("GET", "/users/v1/users/me")
    assert unknown.value.method == "POST" and unknown.value.path == path
    assert "body_sha256" in unknown.value.known
    assert fh.request("GET", "/users/v1/users/me") == {"user_id": 1}  # reported once
    assert broker.received.count(f"POST {path}") == 1  # never sent again
    fh.close()


def test_a_write_interrupted_before_it_was_sent_is_simply_cancelled(alarm: None) -> None:
    broker = SlowBroker()
    fh = vnfin.Finhay(
        "ak_test_k", "s", base_url="https://api.test", transport=broker, rate_limit=(1, 5.0)
    )
    fh.request("GET", "/users/v1/users/me")  # takes the only slot
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    with pytest.raises(KeyboardInterrupt):
        fh.request("POST", "/users/v1/x", json={})
    assert fh._core.sessions["api"].unknown_writes == []
    assert broker.received == ["GET /users/v1/users/me"]
    fh.close()


def test_a_cancelled_write_on_the_async_face_is_reported_on_the_next_call() -> None:
    broker = SlowBroker()
    path = "/trading/oa/sub-accounts/1/orders"

    async def main() -> None:
        async with vnfin.AsyncFinhay(
            "ak_test_k", "s", base_url="https://api.test", transport=broker, two_fa_token="t0k"
        ) as afh:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(afh.request("POST", path, json={"quantity": 100}), 0.2)
            with pytest.raises(vnfin.OrderStateUnknown, match="order book"):
                await afh.request("GET", "/users/v1/users/me")
            assert await afh.request("GET", "/users/v1/users/me") == {"user_id": 1}

    asyncio.run(main())
    assert broker.received.count(f"POST {path}") == 1
