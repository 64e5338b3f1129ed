"""The loopback server over raw sockets (vnfin.sandbox.server and .asgi under uvicorn): idle
and half-sent connections time out without holding up others, oversized bodies are refused
before they are read, chunked bodies frame exactly one request and cannot smuggle another,
bad framing is a JSON 400, HEAD has no body, close() is quick and clean, and nothing prints.

Every test talks to 127.0.0.1 only, with short timeouts and bounded loops."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import psutil
import pytest

from vnfin.sandbox import Sandbox
from vnfin.sandbox.router import MAX_BODY

READ_TIMEOUT = 0.5  # the ``port`` fixture's read deadline (conftest)
TWOFA = "/auth/v1/openapi/2fa/request"
QUOTE = "/market/stock-realtime?symbol=VNM"
Talk = Callable[..., Any]


def held(port: int) -> int:
    """Connections the server holds open on ``port`` (its side of each, in this process)."""
    mine = psutil.Process().net_connections(kind="tcp")
    return sum(1 for c in mine if c.laddr and c.laddr.port == port and c.status == "ESTABLISHED")


def request(method: str, target: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [
        f"{method} {target} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def chunked(method: str, target: str, headers: dict[str, str], *chunks: bytes) -> bytes:
    head = request(method, target, {**headers, "Transfer-Encoding": "chunked"})
    framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)
    return head + framed + b"0\r\n\r\n"


# -- slow and idle clients ----------------------------------------------------------------------


def test_idle_and_half_sent_connections_time_out_and_do_not_block_answers(
    sandbox: Sandbox, port: int
) -> None:
    async def scenario() -> tuple[float, int, int, float]:
        conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(300)]
        for i, (_, writer) in enumerate(conns):
            if i % 2:  # half of them send half a request line, the others nothing at all
                writer.write(b"GET /market/stock-re")
                await writer.drain()
        opened = time.monotonic()
        holding = held(port)
        while holding < 300 and time.monotonic() - opened < 8.0:  # the server accepts them
            # (8 s is a bound for a loaded machine, not a timing claim: it is usually ~0.1 s)
            await asyncio.sleep(0.05)
            holding = held(port)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            started = time.monotonic()
            r = await client.get("/nowhere")  # answered meanwhile
            answered = time.monotonic() - started
            assert r.status_code == 404
        ends = await asyncio.wait_for(
            asyncio.gather(*(reader.read() for reader, _ in conns)), READ_TIMEOUT + 5
        )
        closed_after = time.monotonic() - opened
        assert ends == [b""] * 300  # closed by the server, no answer
        for _, writer in conns:
            writer.close()
        return answered, holding, len(ends), closed_after

    answered, holding, count, closed_after = asyncio.run(scenario())
    assert holding >= 300 and count == 300
    assert answered < 1.0
    assert READ_TIMEOUT * 0.8 < closed_after < READ_TIMEOUT + 3
    deadline = time.monotonic() + 3
    while held(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert held(port) == 0


def test_trickling_bytes_does_not_extend_the_deadline(port: int) -> None:
    line = b"GET /market/stock-realtime?symbol=VNM HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 100
    with socket.create_connection(("127.0.0.1", port), timeout=3) as conn:
        started = time.monotonic()
        for byte in line:  # one byte every 20 ms: 3 s in all, if the server allowed it
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.02)
        closed_after = time.monotonic() - started
    assert READ_TIMEOUT * 0.8 < closed_after < READ_TIMEOUT + 1.5


def test_half_a_body_times_out_without_an_answer(sandbox: Sandbox, port: int, talk: Talk) -> None:
    head = request("POST", TWOFA, {"X-FH-APIKEY": sandbox.api_key, "Content-Length": "100"})
    started = time.monotonic()
    got = talk(port, head + b'{"chan', wait=READ_TIMEOUT + 3)
    assert got.answers == [] and got.closed and got.rest == b""
    assert time.monotonic() - started > READ_TIMEOUT * 0.8
    assert sandbox.requests_seen == 0


def test_each_request_on_a_kept_alive_connection_gets_its_own_deadline(
    sandbox: Sandbox, port: int, receive: Callable[..., Any]
) -> None:
    get = request("GET", "/nowhere", {})
    with socket.create_connection(("127.0.0.1", port), timeout=3) as conn:
        for _ in range(3):  # three answers over 3 x 0.3 s > one deadline
            conn.sendall(get)
            assert [a.status for a in receive(conn)] == [404]
            time.sleep(READ_TIMEOUT * 0.6)
        started = time.monotonic()
        assert conn.recv(65536) == b""  # then, idle: closed
        assert time.monotonic() - started < READ_TIMEOUT + 1
    assert sandbox.requests_seen == 3


# -- body size -------------------------------------------------------------------------------


@pytest.mark.parametrize("expect", [False, True])
def test_a_huge_content_length_is_refused_before_the_body(
    sandbox: Sandbox, port: int, talk: Talk, expect: bool
) -> None:
    headers = {"X-FH-APIKEY": sandbox.api_key, "Content-Length": "268435456"}
    if expect:
        headers["Expect"] = "100-continue"
    got = talk(port, request("POST", TWOFA, headers), wait=2)  # not one byte of the body sent
    # (a server waiting for the body would answer nothing and hang up at its read deadline)
    assert [a.status for a in got.answers] == [413] and got.closed and got.rest == b""
    body = got.answers[0].json()
    assert (body["status"], body["error_code"]) == (413, "413")  # Finhay's envelope
    assert got.answers[0].headers["connection"] == "close"


def test_a_chunked_body_growing_past_the_limit_is_cut_off(
    sandbox: Sandbox, port: int, talk: Talk
) -> None:
    block = b"x" * 65536
    chunks = [block] * (MAX_BODY // len(block)) + [b"y"]  # the limit, then one byte more
    head = request("POST", TWOFA, {"X-FH-APIKEY": sandbox.api_key, "Transfer-Encoding": "chunked"})
    framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)  # no final chunk
    got = talk(port, head + framed, wait=3)
    assert [a.status for a in got.answers] == [413] and got.closed
    assert got.answers[0].json()["message"] == f"Request body over {MAX_BODY} bytes"
    ok = talk(port, chunked("POST", "/nowhere", {}, *chunks[:-1]))  # at the limit: fine
    assert [a.status for a in ok.answers] == [404]


# -- chunked framing and smuggling -------------------------------------------------------------


def test_a_chunked_post_is_one_request(
    sandbox: Sandbox, port: int, talk: Talk, signed: Callable[..., dict[str, str]]
) -> None:
    body = b'{"channel":"EMAIL"}'
    data = chunked("POST", TWOFA, signed("POST", TWOFA, body), body[:5], body[5:11], body[11:])
    got = talk(port, data, wait=1)
    assert [a.status for a in got.answers] == [200] and got.rest == b""
    assert "ticket_id" in got.answers[0].json()
    assert sandbox.requests_seen == 1


def test_a_request_hidden_in_a_chunk_is_body_not_a_request(
    sandbox: Sandbox, port: int, talk: Talk, signed: Callable[..., dict[str, str]]
) -> None:
    # The classic smuggle: a fake last chunk and a second request inside the chunk data.
    hidden = b'{"channel":"EMAIL"}0\r\n\r\nGET /users/v1/users/me HTTP/1.1\r\nHost: x\r\n\r\n'
    data = chunked("POST", TWOFA, signed("POST", TWOFA, hidden), hidden)
    got = talk(port, data, wait=1)
    assert [a.status for a in got.answers] == [400] and got.rest == b""
    assert got.answers[0].json()["message"].startswith("Invalid JSON body")  # it was the body
    assert sandbox.requests_seen == 1


def test_bytes_after_the_last_chunk_are_the_next_request_verified_on_its_own(
    sandbox: Sandbox, port: int, talk: Talk, signed: Callable[..., dict[str, str]]
) -> None:
    body = b'{"channel":"EMAIL"}'
    first = chunked("POST", TWOFA, signed("POST", TWOFA, body), body)
    unsigned = request("GET", "/users/v1/users/me", {"X-FH-APIKEY": sandbox.api_key})
    signed_get = request("GET", "/users/v1/users/me", signed("GET", "/users/v1/users/me"))
    got = talk(port, first + unsigned + signed_get, wait=1)  # one segment, pipelined
    assert [a.status for a in got.answers] == [200, 401, 200]
    assert got.answers[1].json()["error_code"] == "AUTH_HEADERS_MISSING"
    assert got.answers[2].json()["data"] == {"user_id": 123456}
    assert sandbox.requests_seen == 3


def test_content_length_with_transfer_encoding_is_refused_and_closes(
    sandbox: Sandbox, port: int, talk: Talk, signed: Callable[..., dict[str, str]]
) -> None:
    body = b'{"channel":"EMAIL"}'
    headers = {**signed("POST", TWOFA, body), "Content-Length": "5"}
    smuggled = request("GET", "/users/v1/users/me", signed("GET", "/users/v1/users/me"))
    got = talk(port, chunked("POST", TWOFA, headers, body) + smuggled, wait=1)
    assert [a.status for a in got.answers] == [400] and got.closed  # nothing after it answered
    assert got.answers[0].json()["message"] == "Content-Length and Transfer-Encoding together"


# -- framing errors and HEAD --------------------------------------------------------------------


@pytest.mark.parametrize(
    "lengths",
    [["abc"], ["-1"], ["+5"], ["5 5"], ["1", "2"], ["1, 2"], ["0x10"], ["9" * 21]],
)
def test_a_bad_content_length_is_a_json_400(
    sandbox: Sandbox, port: int, talk: Talk, lengths: list[str]
) -> None:
    head = b"POST /auth/v1/openapi/2fa/request HTTP/1.1\r\nHost: x\r\n"
    head += b"".join(f"Content-Length: {v}\r\n".encode() for v in lengths)
    got = talk(port, head + b"\r\n" + b"{}", wait=1)
    assert [a.status for a in got.answers] == [400] and got.closed
    answer = got.answers[0]
    assert answer.json()["message"] == "Invalid HTTP request"
    assert answer.headers["x-vnfin-sandbox"] == "simulated-data"
    assert sandbox.requests_seen == 0  # refused before any dialect


def test_head_has_headers_and_no_body(sandbox: Sandbox, port: int, talk: Talk) -> None:
    key = {"X-FH-APIKEY": sandbox.api_key}
    head = request("HEAD", "/market/stock-realtime?symbol=VNM", key)
    get = request("GET", "/market/stock-realtime?symbol=VNM", key)
    got = talk(port, head + get, heads=[True, False], wait=1)
    assert [a.status for a in got.answers] == [405, 200] and got.rest == b""
    assert got.answers[0].headers["allow"] == "GET" and got.answers[0].body == b""
    assert int(got.answers[0].headers["content-length"]) > 0  # the refusal's length, not sent
    assert got.answers[1].json()["result"]["symbol"] == "VNM"


# -- close and printing -------------------------------------------------------------------------


def test_close_drops_waiting_connections_at_once_and_finishes_answers() -> None:
    sb = Sandbox(latency=0.6)
    url = sb.serve()  # the default read deadline, 10 s
    idle = socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=3)
    half = socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=3)
    half.sendall(request("POST", "/nowhere", {"Content-Length": "10"}) + b"12345")
    answers: list[int] = []
    thread = threading.Thread(
        target=lambda: answers.append(httpx.get(url + "/nowhere").status_code)
    )
    thread.start()
    time.sleep(0.2)  # the request is in the server, waiting out its latency
    started = time.monotonic()
    sb.close()
    closing = time.monotonic() - started
    thread.join(timeout=3)
    assert answers == [404]  # finished, not cut off
    assert closing < 2
    assert idle.recv(10) == b""  # the idle connection was closed, well before 10 s
    assert half.recv(10) == b""  # and the one halfway through a body
    idle.close()
    half.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/nowhere")


def test_a_slow_answer_does_not_hold_up_other_connections(sandbox: Sandbox, port: int) -> None:
    def slow(params: dict[str, str]) -> Any:
        time.sleep(1.0)  # like a first call that simulates the market
        raise RuntimeError("done")

    sandbox.finhay_app.routes._table[("GET", "/market/stock-realtime")] = slow
    base = f"http://127.0.0.1:{port}"
    key = {"X-FH-APIKEY": sandbox.api_key}
    statuses: list[int] = []
    thread = threading.Thread(
        target=lambda: statuses.append(httpx.get(base + QUOTE, headers=key).status_code)
    )
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    assert httpx.get(base + "/nowhere").status_code == 404
    assert time.monotonic() - started < 0.5
    thread.join(timeout=3)
    assert statuses == [500]  # the crash, answered in Finhay's envelope


def test_serving_logs_no_access_lines_and_leaves_logging_alone(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = sandbox.serve()
    assert httpx.get(url + "/nowhere").status_code == 404
    assert [r for r in caplog.records if r.name.startswith("uvicorn.access")] == []
    access = logging.getLogger("uvicorn.access")
    assert access.propagate and access.disabled is False  # not rewired process-wide


def test_the_command_line_server_prints_only_its_banner() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "vnfin.sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        banner = []
        while not banner or not banner[-1].startswith(b"Ctrl-C"):
            banner.append(proc.stdout.readline())
            assert banner[-1], b"".join(banner)  # the process ended before its banner did
        url = banner[1].decode().strip().split("=", 1)[1]
        port = int(url.rsplit(":", 1)[1])
        for data in (b"GARBAGE\r\n\r\n", b"GET /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                conn.sendall(data)
                assert conn.recv(65536).startswith(b"HTTP/1.1 400")
        assert httpx.get(url + "/nowhere").status_code == 404
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert b"SIMULATED" in banner[0] and any(line.startswith(b"SSI_ACCOUNT=") for line in banner)
    assert (out, err) == (b"", b"")
    assert proc.returncode == 0


def test_answers_are_not_held_back_by_nagle(sandbox: Sandbox) -> None:
    # asyncio sets TCP_NODELAY only on sockets created as IPPROTO_TCP; with Nagle on, an
    # answer written as head then body waits ~40 ms for the client's delayed ACK.
    sandbox.serve()
    listener = sandbox._server.listener  # type: ignore[union-attr]
    assert listener.proto == socket.IPPROTO_TCP
