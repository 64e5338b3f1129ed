"""The sandbox's classic SignalR server (vnfin.sandbox.signalr) at the wire level, over real
loopback HTTP and WebSockets: negotiate, connect, the init message, keep-alives, invocations,
start/ping/abort, refusals, drops, and WebSockets living past the HTTP read deadline.

The client here is plain httpx and the ``websockets`` library, speaking the protocol as SSI's
own Python clients do (POST negotiate, ``connectionData`` JSON with a space after the colon,
``quote``-encoded query, headers on both steps); the order hub's event log is fed directly.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from vnfin.sandbox import Sandbox
from vnfin.sandbox.router import Router
from vnfin.sandbox.server import LoopbackServer
from vnfin.sandbox.ssi.events import EventLog
from vnfin.sandbox.ssi.hubs import SSIHubs

MARKET_NOW = "2026-11-20 10:30"
TRADING, DATA, OTHER = "trading-token", "data-token", "other-token"
ACCOUNTS = {TRADING: ("1234567", "12345678"), OTHER: ("7654321",)}
ORDERS, MARKET = "BroadcastHubV2", "FcMarketDataV2Hub"


@dataclass
class Hubs:
    """SSI's hubs over a sandbox world and an event log the test writes, served on loopback."""

    sb: Sandbox
    log: EventLog
    hubs: SSIHubs
    server: LoopbackServer

    @property
    def base(self) -> str:
        return self.server.url + "/v2.0/signalr"

    def negotiate(self, hub: str, headers: dict[str, str], method: str = "POST") -> httpx.Response:
        query = urlencode(
            {"connectionData": json.dumps([{"name": hub}]), "clientProtocol": "1.3"},
            quote_via=quote,
        )
        return httpx.request(method, f"{self.base}/negotiate?{query}", headers=headers)

    def connect_url(self, hub: str, token: str, transport: str = "webSockets") -> str:
        query = urlencode(
            {
                "transport": transport,
                "connectionToken": token,
                "connectionData": json.dumps([{"name": hub}]),
                "clientProtocol": "1.3",
            },
            quote_via=quote,
        )
        return self.base.replace("http://", "ws://") + "/connect?" + query

    async def open(self, hub: str, headers: dict[str, str]) -> ClientConnection:
        """Negotiate and connect; returns the socket after reading the init message."""
        r = self.negotiate(hub, headers)
        assert r.status_code == 200, r.text
        ws = await connect(
            self.connect_url(hub, r.json()["ConnectionToken"]), additional_headers=headers
        )
        assert json.loads(await ws.recv()) == {
            "C": "d-" + r.json()["ConnectionId"][:8].upper() + "-B,1",
            "S": 1,
            "M": [],
        }
        return ws


def trading(notify_id: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {TRADING}"}
    if notify_id is not None:
        headers["NotifyID"] = notify_id
    return headers


@pytest.fixture
def hubs() -> Iterator[Hubs]:
    sb = Sandbox(seed=0, now=MARKET_NOW)
    log = EventLog(lambda: sb.world.local_now().date())
    server_hubs = SSIHubs(
        sb.world,
        log,
        lambda: None,
        lambda token: ACCOUNTS.get(token),
        lambda token: "data" if token == DATA else None,
        keep_alive=10.0,
    )
    server = LoopbackServer(Router([sb.finhay_app, server_hubs]), lambda: 0.0, read_timeout=0.5)
    yield Hubs(sb, log, server_hubs, server)
    server.close()


async def frames(ws: ClientConnection, count: int, wait: float = 3.0) -> list[Any]:
    """The next ``count`` frames, decoded, keep-alives included."""
    out = []
    async with asyncio.timeout(wait):
        for _ in range(count):
            out.append(json.loads(await ws.recv()))
    return out


async def broadcasts(ws: ClientConnection, count: int, wait: float = 3.0) -> list[Any]:
    """The arguments of the next ``count`` hub messages (keep-alives skipped)."""
    out: list[Any] = []
    async with asyncio.timeout(wait):
        while len(out) < count:
            frame = json.loads(await ws.recv())
            for message in frame.get("M", []):
                out.append(message)
    return out


async def silent(ws: ClientConnection, seconds: float) -> bool:
    """True when no hub message (keep-alives aside) arrives for ``seconds``."""
    try:
        async with asyncio.timeout(seconds):
            while True:
                if json.loads(await ws.recv()).get("M"):
                    return False
    except TimeoutError:
        return True


# -- negotiate -----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_negotiate_answers_as_asp_net_signalr(hubs: Hubs, method: str) -> None:
    r = hubs.negotiate(ORDERS, trading(), method)
    assert r.status_code == 200
    assert r.headers["x-vnfin-sandbox"] == "simulated-data"
    body = r.json()
    assert body["TryWebSockets"] is True and body["ProtocolVersion"] == "1.3"
    assert body["Url"] == "/v2.0/signalr" and body["KeepAliveTimeout"] == 20.0
    assert len(body["ConnectionToken"]) >= 32 and len(body["ConnectionId"]) == 36
    assert {"DisconnectTimeout", "ConnectionTimeout", "TransportConnectTimeout"} <= set(body)
    again = hubs.negotiate(ORDERS, trading(), method).json()
    assert again["ConnectionToken"] != body["ConnectionToken"]


def test_negotiate_caps_the_protocol_version_and_matches_hubs_case_insensitively(
    hubs: Hubs,
) -> None:
    for sent, answered in (("1.5", "1.5"), ("1.4", "1.4"), ("2.1", "1.5"), ("0.9", "1.2")):
        query = urlencode({"connectionData": '[{"name":"broadcasthubv2"}]', "clientProtocol": sent})
        r = httpx.get(f"{hubs.base}/negotiate?{query}", headers=trading())
        assert r.status_code == 200 and r.json()["ProtocolVersion"] == answered


@pytest.mark.parametrize(
    ("headers", "hub"),
    [
        ({}, ORDERS),
        ({"Authorization": "Bearer nonsense"}, ORDERS),
        ({"Authorization": TRADING}, ORDERS),  # no scheme
        ({"Authorization": f"Bearer {DATA}"}, ORDERS),  # the data token is not a trading token
        ({"Authorization": f"Bearer {TRADING}"}, MARKET),
        ({}, MARKET),
    ],
)
def test_negotiate_without_the_right_bearer_token_is_401(
    hubs: Hubs, headers: dict[str, str], hub: str
) -> None:
    r = hubs.negotiate(hub, headers)
    assert r.status_code == 401
    assert r.json() == {"Message": "Authorization has been denied for this request."}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('[{"name":"NoSuchHub"}]', "'nosuchhub' Hub could not be resolved."),
        ("[]", "connectionData names no hub"),
        ("not json", "connectionData is not a list of hubs"),
        ('[{"hub":"x"}]', "connectionData is not a list of hubs"),
    ],
)
def test_negotiate_refuses_bad_connection_data(hubs: Hubs, data: str, message: str) -> None:
    query = urlencode({"connectionData": data, "clientProtocol": "1.3"}, quote_via=quote)
    r = httpx.post(f"{hubs.base}/negotiate?{query}", headers=trading())
    assert r.status_code == 400 and r.json()["Message"] == message


def test_the_other_http_steps(hubs: Hubs) -> None:
    assert httpx.get(f"{hubs.base}/ping").json() == {"Response": "pong"}
    token = hubs.negotiate(ORDERS, trading()).json()["ConnectionToken"]
    start = httpx.get(f"{hubs.base}/start?transport=webSockets&connectionToken={quote(token)}")
    assert start.status_code == 200 and start.json() == {"Response": "started"}
    assert httpx.get(f"{hubs.base}/start?connectionToken=unknown").status_code == 400
    plain = httpx.get(hubs.connect_url(ORDERS, token).replace("ws://", "http://"))
    assert plain.status_code == 400 and plain.json()["Message"] == "Not a valid websocket request"
    assert httpx.get(f"{hubs.base}/reconnect").status_code == 400
    assert httpx.get(f"{hubs.base}/elsewhere").status_code == 404


# -- connect -------------------------------------------------------------------------------------


def test_connect_sends_the_init_message_then_keep_alives(hubs: Hubs) -> None:
    hubs.hubs.keep_alive = 0.2

    async def run() -> None:
        ws = await hubs.open(ORDERS, trading())
        started = time.monotonic()
        assert await frames(ws, 2) == [{}, {}]  # nothing to say: keep-alives only
        assert 0.3 <= time.monotonic() - started < 2.0
        await ws.close()

    asyncio.run(run())


def test_a_websocket_outlives_the_http_read_deadline(hubs: Hubs) -> None:
    """The loopback server closes HTTP connections that stay silent past ``read_timeout``
    (0.5 s here); an upgraded connection is not an HTTP request in progress."""

    async def run() -> None:
        ws = await hubs.open(ORDERS, trading("-1"))
        await asyncio.sleep(1.5)
        hubs.log.append("1234567", "orderEvent", {"orderID": "1"})
        [message] = await broadcasts(ws, 1)
        assert json.loads(message["A"][0])["data"]["orderID"] == "1"
        await ws.close()

    asyncio.run(run())


def test_connect_refusals_come_before_the_upgrade(hubs: Hubs) -> None:
    async def status(url: str, headers: dict[str, str]) -> int:
        try:
            ws = await connect(url, additional_headers=headers)
        except InvalidStatus as exc:
            return exc.response.status_code
        await ws.close()
        return 101

    async def run() -> None:
        token = hubs.negotiate(ORDERS, trading()).json()["ConnectionToken"]
        assert await status(hubs.connect_url(ORDERS, token), {}) == 401
        other = {"Authorization": f"Bearer {OTHER}"}
        assert await status(hubs.connect_url(ORDERS, token), other) == 401  # someone else
        assert await status(hubs.connect_url(ORDERS, "forged"), trading()) == 400
        assert await status(hubs.connect_url(MARKET, token), trading()) == 400  # other hub
        assert await status(hubs.connect_url(ORDERS, token, "longPolling"), trading()) == 400
        assert await status(hubs.connect_url(ORDERS, token), trading("x")) == 400
        token = hubs.negotiate(ORDERS, trading()).json()["ConnectionToken"]
        assert await status(hubs.connect_url(ORDERS, token), trading()) == 101
        assert await status(hubs.connect_url(ORDERS, token), trading()) == 400  # used
        no_route = hubs.server.url.replace("http://", "ws://") + "/market/stock-realtime"
        assert await status(no_route, trading()) == 404

    asyncio.run(run())


def test_invocations_are_answered_by_id(hubs: Hubs) -> None:
    async def run() -> None:
        ws = await hubs.open(MARKET, {"Authorization": f"Bearer {DATA}"})
        await ws.send(json.dumps({"H": MARKET, "M": "Nope", "A": [], "I": 7}))
        assert await frames(ws, 1) == [{"I": "7", "E": "'Nope' method could not be resolved."}]
        await ws.send(json.dumps({"H": "Other", "M": "SwitchChannels", "A": ["X:VNM"], "I": 8}))
        assert await frames(ws, 1) == [{"I": "8", "E": "'Other' Hub could not be resolved."}]
        await ws.send(json.dumps({"H": MARKET, "M": "SwitchChannels", "A": ["Q:VNM"], "I": "9"}))
        [answer] = await frames(ws, 1)
        assert answer["I"] == "9" and "unknown channel type 'Q'" in answer["E"]
        await ws.send("not json")  # ignored, as are frames that are not invocations
        await ws.send(json.dumps({"hello": 1}))
        await ws.send(
            json.dumps({"H": "fcmarketdatav2hub", "M": "switchChannels", "A": ["F:VNM"], "I": 10})
        )
        assert (await frames(ws, 1))[0] == {"I": "10"}
        await ws.close()

    asyncio.run(run())


def test_drop_all_and_abort_close_connections_and_forget_their_tokens(hubs: Hubs) -> None:
    async def run() -> None:
        first = await hubs.open(ORDERS, trading())
        second = await hubs.open(MARKET, {"Authorization": f"Bearer {DATA}"})
        assert hubs.hubs.connections == 2
        assert await asyncio.to_thread(hubs.hubs.drop_all) == 2
        for ws in (first, second):
            with pytest.raises(ConnectionClosed) as closed:
                await frames(ws, 5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1011
        assert hubs.hubs.connections == 0
        negotiated = hubs.negotiate(ORDERS, trading()).json()
        ws = await connect(
            hubs.connect_url(ORDERS, negotiated["ConnectionToken"]), additional_headers=trading()
        )
        await frames(ws, 1)
        token = quote(negotiated["ConnectionToken"])
        r = await asyncio.to_thread(httpx.post, f"{hubs.base}/abort?connectionToken={token}")
        assert r.status_code == 200
        with pytest.raises(ConnectionClosed):
            await frames(ws, 5)
        start = await asyncio.to_thread(httpx.get, f"{hubs.base}/start?connectionToken={token}")
        assert start.status_code == 400  # the connection is over: its token with it

    asyncio.run(run())


def test_closing_the_server_closes_websockets_promptly() -> None:
    sb = Sandbox(seed=0, now=MARKET_NOW)
    log = EventLog(lambda: sb.world.local_now().date())
    server_hubs = SSIHubs(sb.world, log, lambda: None, ACCOUNTS.get, lambda t: None)
    server = LoopbackServer(Router([server_hubs]), lambda: 0.0)
    holder = Hubs(sb, log, server_hubs, server)

    async def run() -> None:
        ws = await holder.open(ORDERS, trading())
        started = time.monotonic()
        await asyncio.to_thread(server.close)
        assert time.monotonic() - started < 3.0
        with pytest.raises(ConnectionClosed) as closed:
            await frames(ws, 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012

    asyncio.run(run())
