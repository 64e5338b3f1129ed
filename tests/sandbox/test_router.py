"""How requests reach a dialect: the router (path ownership, 404 for unowned paths, a crash as
a 500 in the dialect's envelope, the request count), the in-process transport (sync and async
httpx, any host) and the loopback server, and the simulated-data marker on every answer."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx
import pytest

from vnfin.sandbox import Sandbox
from vnfin.sandbox.replies import SANDBOX_HEADER, SANDBOX_VALUE, Reply
from vnfin.sandbox.router import MAX_BODY, Router

QUOTE = "/market/stock-realtime?symbol=VNM"


class Echo:
    """A minimal dialect: answers with what it was given, or crashes on /echo/boom."""

    def __init__(self, *prefixes: str) -> None:
        self.prefixes = prefixes

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        if target == "/echo/boom":
            raise RuntimeError("boom")
        return Reply(200, {"method": method, "target": target, "body": body.decode()})

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        return Reply(status, {"echo_error": message}, headers or {})


def test_the_router_sends_each_path_to_its_owner() -> None:
    router = Router([Echo("/echo"), Echo("/api/v2")])
    assert router.owner("/echo") is router.owner("/echo/x/y")
    assert router.owner("/api/v2/Trading/orderBook") is not router.owner("/echo")
    assert router.owner("/echoes") is None and router.owner("/api") is None
    reply, payload = router.respond("POST", "/echo/x?a=1", {}, b"hi")
    assert reply.body == {"method": "POST", "target": "/echo/x?a=1", "body": "hi"}
    assert payload == b'{"method":"POST","target":"/echo/x?a=1","body":"hi"}'


def test_overlapping_prefixes_are_refused() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        Router([Echo("/trading"), Echo("/trading/market")])


def test_a_crash_is_the_dialects_500_and_every_request_is_counted() -> None:
    router = Router([Echo("/echo")])
    reply, _ = router.respond("GET", "/echo/boom", {}, b"")
    assert (reply.status, reply.body) == (
        500,
        {"echo_error": "sandbox failure: RuntimeError: boom"},
    )
    reply, payload = router.respond("GET", "/nowhere?x=1", {}, b"")
    assert reply.status == 404 and reply.body["message"] == "No route /nowhere"
    assert b"simulated data" in payload
    assert router.requests_seen == 2


def test_a_body_over_the_limit_is_refused_in_the_owners_envelope() -> None:
    router = Router([Echo("/echo")])
    reply, _ = router.respond("POST", "/echo/x", {}, b"x" * MAX_BODY)
    assert reply.status == 200
    reply, _ = router.respond("POST", "/echo/x", {}, b"x" * (MAX_BODY + 1))
    assert (reply.status, reply.body) == (
        413,
        {"echo_error": f"Request body over {MAX_BODY} bytes"},
    )
    reply, _ = router.refuse("/elsewhere", 400, "bad framing", {"Connection": "close"})
    assert (reply.status, reply.body["message"], reply.headers) == (
        400,
        "bad framing",
        {"Connection": "close"},
    )
    assert router.requests_seen == 3


def test_a_path_no_dialect_owns_is_a_404_with_the_marker(sandbox: Sandbox) -> None:
    with httpx.Client(transport=sandbox.transport) as client:
        r = client.get("http://any-host/nowhere/api/v2/Trading/orderBook")
    assert r.status_code == 404 and r.json()["status"] == 404
    assert r.headers[SANDBOX_HEADER] == SANDBOX_VALUE == "simulated-data"
    # under a prefix Finhay owns, the Finhay dialect answers (after its API key check)
    with httpx.Client(transport=sandbox.transport) as client:
        r = client.get("http://x/market/nothing", headers={"X-FH-APIKEY": sandbox.api_key})
    assert r.status_code == 404 and r.json()["error_code"] == "404"


def test_the_sandbox_hosts_its_dialects(sandbox: Sandbox) -> None:
    assert dict(sandbox.apps) == {
        "finhay": sandbox.finhay_app,
        "ssi": sandbox.ssi_app,
        "dnse": sandbox.dnse_app,
    }
    with pytest.raises(TypeError):
        sandbox.apps["other"] = sandbox.finhay_app  # type: ignore[index]
    assert sandbox.requests_seen == 0
    sandbox.finhay().market.quote("VNM")
    with httpx.Client(transport=sandbox.transport) as client:
        client.get("http://x/nowhere")
    assert sandbox.requests_seen == 2


def test_sync_and_async_httpx_on_any_host(sandbox: Sandbox) -> None:
    headers = {"X-FH-APIKEY": sandbox.api_key}
    with httpx.Client(transport=sandbox.transport, headers=headers) as client:
        sync = client.get(f"https://open-api.fhsc.com.vn{QUOTE}").json()["result"]

    async def fetch() -> dict[str, object]:
        async with httpx.AsyncClient(transport=sandbox.transport, headers=headers) as client:
            r = await client.get(f"http://127.0.0.1:9{QUOTE}")
            return dict(r.json()["result"])

    assert asyncio.run(fetch()) == sync and sync["symbol"] == "VNM"


def test_the_loopback_server_answers_like_the_transport(sandbox: Sandbox) -> None:
    headers = {"X-FH-APIKEY": sandbox.api_key}
    url = sandbox.serve()
    assert sandbox.serve() == url  # one server per sandbox
    served = httpx.get(url + QUOTE, headers=headers)
    with httpx.Client(transport=sandbox.transport, headers=headers) as client:
        direct = client.get("http://x" + QUOTE)
    assert served.headers[SANDBOX_HEADER] == SANDBOX_VALUE
    assert served.json()["result"] == direct.json()["result"]
    assert httpx.get(url + "/nowhere").status_code == 404
    sandbox.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + QUOTE, headers=headers)


def test_the_client_recognises_the_marker_over_the_wire(sandbox: Sandbox) -> None:
    # vnfin's client keeps its own copy of the header name; the two must agree on the wire.
    frame = sandbox.finhay().market.quote("VNM")
    assert frame.attrs["simulated"] is True
