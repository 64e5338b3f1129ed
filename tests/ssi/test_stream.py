"""``ssi.stream`` against the sandbox over real loopback HTTP and WebSockets: order events
after orders placed through SSI's REST API, ``notify_id`` 0 and -1, the resume after a killed
connection (no event lost, none repeated), market channels re-subscribed after a reconnect,
401, and the blocking face with a callback.

Orders are placed with plain httpx, signed here from the reference (§1.4), not by vnfin's
client. Until the sandbox registers SSI's hubs itself, the ``env`` fixture serves them next
to its dialects.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from vnfin._http import Session
from vnfin._tokens import CachedToken
from vnfin.errors import APIError, AuthError, BadRequest, TransportError
from vnfin.sandbox import Sandbox
from vnfin.sandbox.router import Router
from vnfin.sandbox.server import LoopbackServer
from vnfin.sandbox.ssi.hubs import SSIHubs
from vnfin.ssi.stream import (
    MARKET_HUB,
    ORDER_HUB,
    AsyncStream,
    Hub,
    MarketMessage,
    OrderEvent,
    OrderMatchEvent,
    Stream,
    StreamEvent,
)

MARKET_NOW = "2026-11-20 10:30"


def private_key(xml_base64: str) -> rsa.RSAPrivateKey:
    """SSI's key format (reference §1.2): base64 of the .NET ``<RSAKeyValue>`` XML."""
    xml = base64.b64decode(xml_base64).decode()

    def number(tag: str) -> int:
        found = re.search(f"<{tag}>([^<]*)</{tag}>", xml)
        assert found, tag
        return int.from_bytes(base64.b64decode(found.group(1)), "big")

    public = rsa.RSAPublicNumbers(number("Exponent"), number("Modulus"))
    parts = (number(t) for t in ("P", "Q", "D", "DP", "DQ", "InverseQ"))
    return rsa.RSAPrivateNumbers(*parts, public).private_key()


@dataclass
class Env:
    """A sandbox served on loopback with SSI's hubs, and REST calls signed here."""

    sb: Sandbox
    url: str
    hubs: SSIHubs
    http: httpx.Client
    notify_ids: list[str] = field(default_factory=list)  # NotifyID of every order-hub connect
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    write_token: str = ""

    def token(self, path: str, body: dict[str, Any]) -> str:
        r = self.http.post(f"/api/v2/{path}/AccessToken", json=body)
        assert r.status_code == 200, r.text
        return str(r.json()["data"]["accessToken"])

    def read_token(self) -> str:
        body = self.credentials(code="1", isSave=False)
        return self.token("Trading", body)

    def data_token(self) -> str:
        sb = self.sb
        body = {
            "consumerID": sb.ssi_data_consumer_id,
            "consumerSecret": sb.ssi_data_consumer_secret,
        }
        return self.token("Market", body)

    def credentials(self, **extra: Any) -> dict[str, Any]:
        sb = self.sb
        return {
            "consumerID": sb.ssi_consumer_id,
            "consumerSecret": sb.ssi_consumer_secret,
            "twoFactorType": 0,
            **extra,
        }

    def place(self, symbol: str = "VNM", side: str = "B", quantity: int = 100) -> str:
        """A marketable LO order (at the ceiling or floor: it fills at once); its requestID."""
        if not self.write_token:
            self.write_token = self.token(
                "Trading", self.credentials(code=self.sb.ssi_pin, isSave=True)
            )
        ceiling = self.ceiling_floor(symbol)[0 if side == "B" else 1]
        request_id = str(next(self.ids))
        body = {
            "instrumentID": symbol,
            "market": "VN",
            "buySell": side,
            "orderType": "LO",
            "channelID": "TA",
            "price": ceiling,
            "quantity": quantity,
            "account": self.sb.ssi_account,
            "requestID": request_id,
            "stopOrder": False,
            "stopPrice": 0,
            "stopType": "",
            "stopStep": 0,
            "lossStep": 0,
            "profitStep": 0,
            "deviceId": "02:00:00:00:00:01",
        }
        raw = json.dumps(body).encode()
        signature = private_key(self.sb.ssi_private_key).sign(
            raw, padding.PKCS1v15(), hashes.SHA256()
        )
        headers = {
            "Authorization": f"Bearer {self.write_token}",
            "X-Signature": signature.hex(),
            "Content-Type": "application/json",
        }
        r = self.http.post("/api/v2/Trading/NewOrder", content=raw, headers=headers)
        assert r.status_code == 200 and r.json()["status"] == 200, r.text
        return request_id

    def ceiling_floor(self, symbol: str) -> tuple[int, int]:
        from vnfin.sandbox.world.quotes import session

        st = session(self.sb.engine, symbol, self.sb.world.clock())
        return st.ceiling, st.floor

    def logged(self) -> list[int]:
        """Every notifyID of the day's log for the sandbox's SSI accounts."""
        accounts = (self.sb.ssi_account, self.sb.ssi_derivative_account)
        return [e["data"]["notifyID"] for e in self.sb.ssi_app.events.since(0, accounts)]

    def group(self, read: str | None = None, data: str | None = None) -> AsyncStream:
        """``ssi.stream`` wired to this sandbox (bearer tokens fetched here, or fixed)."""

        async def fetch_read() -> tuple[str, float | None]:
            return (read or await asyncio.to_thread(self.read_token)), None

        async def fetch_data() -> tuple[str, float | None]:
            return (data or await asyncio.to_thread(self.data_token)), None

        session = Session(base_url=self.url, decode=lambda response, call: response.json())
        base = self.url + "/v2.0/signalr"
        orders = Hub(ORDER_HUB, base, CachedToken(fetch_read), None, 5.0, "1.3")
        market = Hub(MARKET_HUB, base, CachedToken(fetch_data), None, 5.0, "1.5")
        return AsyncStream(session, orders, market)


@pytest.fixture
def env() -> Iterator[Env]:
    sb = Sandbox(seed=0, now=MARKET_NOW)
    registered = [a for a in sb.apps.values() if isinstance(a, SSIHubs)]
    registered += [h for h in [getattr(sb, "ssi_hubs", None)] if isinstance(h, SSIHubs)]
    server: LoopbackServer | None = None
    if registered:
        hubs, url = registered[0], sb.serve()
    else:  # wired here until Sandbox registers the hubs
        hubs = SSIHubs.over(sb.ssi_app)
        server = LoopbackServer(Router([*sb.apps.values(), hubs]), lambda: sb.faults.latency)
        url = server.url
    with httpx.Client(base_url=url) as http:
        e = Env(sb, url, hubs, http)
        opened = hubs.orders.open

        def spy(caller: str, headers: Any) -> Any:
            e.notify_ids.append(headers.get("notifyid", ""))
            return opened(caller, headers)

        hubs.orders.open = spy  # type: ignore[method-assign]
        yield e
    if server is not None:
        server.close()
    sb.close()


class Reader:
    """Drains a stream in the background (cancelling a wait for an async generator's next
    item would end the generator), so a test can wait for items and check for silence."""

    def __init__(self, stream: AsyncIterator[Any]) -> None:
        self.stream = stream
        self.items: list[Any] = []
        self.error: BaseException | None = None
        self.task = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        try:
            async for item in self.stream:
                self.items.append(item)
        except Exception as exc:
            self.error = exc

    async def until(self, count: int, wait: float = 5.0) -> list[Any]:
        """The first ``count`` items (waiting for them); raises what ended the stream."""
        async with asyncio.timeout(wait):
            while len(self.items) < count:
                if self.task.done():
                    raise self.error or AssertionError(f"stream ended after {self.items}")
                await asyncio.sleep(0.02)
        return self.items[:count]

    async def quiet(self, count: int, seconds: float = 0.6) -> bool:
        """True when the stream still holds exactly ``count`` items ``seconds`` later."""
        await asyncio.sleep(seconds)
        return len(self.items) == count

    async def close(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.stream.aclose()  # type: ignore[attr-defined]


def ids(events: list[StreamEvent]) -> list[int]:
    return [e.notify_id for e in events if e.notify_id is not None]


# -- orders -------------------------------------------------------------------------------------


def test_order_events_follow_orders_placed_through_the_rest_api(env: Env) -> None:
    async def run() -> None:
        reader = Reader(env.group().orders())
        assert await reader.quiet(0, 0.5)  # connected by now: -1 means from now
        request_id = await asyncio.to_thread(env.place, "VNM", "B", 100)
        accepted, match, done = await reader.until(3)
        assert isinstance(accepted, OrderEvent) and accepted.request_id == request_id
        assert accepted.status == "QU" and accepted.symbol == "VNM" and accepted.side == "B"
        assert accepted.quantity == 100 and accepted.account == env.sb.ssi_account
        assert accepted.price == env.ceiling_floor("VNM")[0]
        assert accepted.input_time is not None
        assert str(accepted.input_time.tz) == "Asia/Ho_Chi_Minh"
        assert accepted.input_time.strftime("%Y-%m-%d %H:%M") == "2026-11-20 10:30"
        assert isinstance(match, OrderMatchEvent) and match.order_id == accepted.order_id
        assert match.match_quantity == 100 and match.match_price and match.match_price > 0
        assert isinstance(done, OrderEvent) and done.status == "FF" and done.filled_quantity == 100
        assert ids([accepted, match, done]) == env.logged()
        assert await reader.quiet(3)
        await reader.close()

    asyncio.run(run())


def test_notify_id_0_replays_the_day_and_minus_1_starts_now(env: Env) -> None:
    env.place("VNM")
    env.place("FPT", "S")

    async def run() -> None:
        whole_day = Reader(env.group().orders(notify_id=0))
        from_now = Reader(env.group().orders(notify_id=-1))
        from_three = Reader(env.group().orders(notify_id=3))
        assert ids(await whole_day.until(6)) == env.logged() == [1, 2, 3, 4, 5, 6]
        assert ids(await from_three.until(4)) == [3, 4, 5, 6]
        assert await from_now.quiet(0)
        await asyncio.to_thread(env.place, "HPG")
        assert ids(await from_now.until(3)) == [7, 8, 9]
        assert ids(await whole_day.until(9)) == list(range(1, 10))
        assert await whole_day.quiet(9, 0.3) and await from_now.quiet(3, 0)
        for reader in (whole_day, from_now, from_three):
            await reader.close()

    asyncio.run(run())


def test_a_killed_stream_resumes_exactly_where_it_stopped(env: Env) -> None:
    """Kill every connection mid-day, place orders while the stream is down, and the events
    continue from the last one yielded: each of the day's events once, in order."""
    for symbol in ("VNM", "FPT"):
        env.place(symbol)

    async def run() -> None:
        stream = env.group().orders(notify_id=0)
        seen = [await anext(stream) for _ in range(4)]  # 1–4 of the 6 logged; then not reading
        assert await asyncio.to_thread(env.hubs.drop_all) == 1
        for symbol in ("HPG", "SSI"):  # while the stream is down: 6 more events
            await asyncio.to_thread(env.place, symbol)
        reader = Reader(stream)  # reading again: it finds the connection gone, reconnects
        seen += await reader.until(8)
        assert ids(seen) == env.logged() == list(range(1, 13))
        # 5 and 6 had arrived before the drop and were yielded from the buffer; it resumed
        # from the last one yielded (6 came again, and was dropped)
        assert env.notify_ids == ["0", "6"]
        await asyncio.to_thread(env.hubs.drop_all)
        await asyncio.to_thread(env.place, "VNM")
        seen += (await reader.until(11))[8:]
        assert ids(seen) == env.logged() == list(range(1, 16))
        assert env.notify_ids == ["0", "6", "12"]
        assert await reader.quiet(11)
        await reader.close()
        await asyncio.sleep(0.2)
        assert env.hubs.connections == 0

    asyncio.run(run())


def test_a_refused_token_is_renewed_once_then_raises(env: Env) -> None:
    fetched: list[int] = []

    async def run() -> None:
        group = env.group(read="not-a-token")
        fetch = group.orders_hub.token._fetch  # type: ignore[union-attr]

        async def counted() -> tuple[str, float | None]:
            fetched.append(1)
            return await fetch()  # type: ignore[no-any-return]

        group.orders_hub.token._fetch = counted  # type: ignore[union-attr]
        with pytest.raises(AuthError) as refused:
            await anext(group.orders())
        assert refused.value.status_code == 401 and "not-a-token" not in str(refused.value)
        assert len(fetched) == 2

    asyncio.run(run())


def test_bad_arguments_fail_before_connecting(env: Env) -> None:
    async def run() -> None:
        group = env.group()
        for bad in (-2, "0", True, 1.5):
            with pytest.raises(ValueError, match="notify_id"):
                await anext(group.orders(notify_id=bad))  # type: ignore[arg-type]
        for channels in ("VNM", "Q:VNM", "X:", "X:VNM--FPT", []):
            with pytest.raises(ValueError, match="channel"):
                await anext(group.market(channels))
        assert env.notify_ids == []

    asyncio.run(run())


def test_a_stream_gives_up_after_max_retries_when_the_hub_is_gone(env: Env) -> None:
    async def run() -> None:
        group = env.group()
        group.orders_hub = Hub(ORDER_HUB, "http://127.0.0.1:9/v2.0/signalr", None, None, 1.0, "1.3")
        group.max_retries = 2
        with pytest.raises(TransportError, match="negotiate failed"):
            await anext(group.orders())

    asyncio.run(run())


# -- market data ---------------------------------------------------------------------------------


def test_market_channels_decode_and_resubscribe_after_a_reconnect(env: Env) -> None:
    async def run() -> None:
        reader = Reader(env.group().market(["X-QUOTE:VNM-FPT", "mi:vn30"]))
        first = await reader.until(3)
        assert all(isinstance(m, MarketMessage) for m in first)
        assert {(m.channel, m.symbol) for m in first} == {
            ("X-QUOTE", "VNM"),
            ("X-QUOTE", "FPT"),
            ("MI", "VN30"),
        }
        index = next(m for m in first if m.channel == "MI")
        assert index.content["IndexId"] == "VN30" and isinstance(index.content["IndexValue"], float)
        assert await reader.quiet(3)  # nothing moved: nothing new
        assert await asyncio.to_thread(env.hubs.drop_all) == 2
        again = (await reader.until(6))[3:]  # subscribed again: the current content once more
        assert {(m.channel, m.symbol) for m in again} == {(m.channel, m.symbol) for m in first}
        env.sb.now = "2026-11-20 10:40"
        moved = (await reader.until(9))[6:]
        assert {m.symbol for m in moved} == {"VNM", "FPT", "VN30"}
        await reader.close()

    asyncio.run(run())


def test_a_channel_the_hub_refuses_ends_the_stream(env: Env) -> None:
    async def run() -> None:
        reader = Reader(env.group().market("OL:VNM"))  # in the guide; the sandbox has no OL
        with pytest.raises(APIError, match="unknown channel type 'OL'"):
            await reader.until(1)
        await reader.close()

    asyncio.run(run())


# -- the blocking face ----------------------------------------------------------------------------


def test_the_blocking_face_hands_events_to_a_callback(env: Env) -> None:
    env.place("VNM")
    stream = Stream(env.group())
    got: list[StreamEvent] = []

    def keep(event: StreamEvent) -> bool:
        got.append(event)
        return len(got) < 3

    stream.orders(notify_id=0).run(keep)  # blocks until the callback says False
    assert ids(got) == [1, 2, 3]

    background: list[int] = []
    sub = stream.orders(notify_id=0).start(lambda e: background.append(e.notify_id))
    env.place("FPT")
    deadline = time.monotonic() + 5
    while len(background) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    sub.stop()
    assert background == [1, 2, 3, 4, 5, 6] and sub.error is None and not sub.running
    with stream.orders(notify_id=4) as subscription:
        assert [next(subscription).notify_id for _ in range(3)] == [4, 5, 6]


def test_bad_request_is_not_retried(env: Env) -> None:
    """A refusal that is not about the token (here a NotifyID the hub cannot read) ends the
    stream at once instead of looping."""

    async def run() -> None:
        group = env.group()
        stream = group._resilient(group.orders_hub, lambda: {"NotifyID": "abc"})
        with pytest.raises(BadRequest):
            await anext(stream)
        assert env.notify_ids == ["abc"]

    asyncio.run(run())


# -- through vnfin's SSI client -----------------------------------------------------------------


def test_the_ssi_clients_stream_group(env: Env) -> None:
    """``AsyncSSI(...).stream`` and ``SSI(...).stream``, pointed at the served sandbox: the
    read token and the data token come from the client's own auth machinery."""
    env.place("VNM")
    options = {"trading_url": env.url, "data_url": env.url, "transport": None}

    async def run() -> None:
        async with env.sb.async_ssi(**options) as client:
            assert isinstance(client.stream, AsyncStream)
            assert client.stream.orders_hub.url == env.url + "/v2.0/signalr"
            reader = Reader(client.stream.orders(notify_id=0))
            assert ids(await reader.until(3)) == [1, 2, 3]
            await reader.close()
            quotes = Reader(client.stream.market("X:VNM"))
            [message] = await quotes.until(1)
            assert (message.channel, message.symbol) == ("X", "VNM")
            await quotes.close()

    asyncio.run(run())
    with env.sb.ssi(**options) as blocking:
        assert isinstance(blocking.stream, Stream)
        got: list[StreamEvent] = []
        blocking.stream.orders(notify_id=2).run(lambda e: got.append(e) or len(got) < 2)
        assert ids(got) == [2, 3]


def test_the_in_process_transport_is_refused_at_once(env: Env) -> None:
    """The sandbox's in-process transport carries no WebSocket: the stream says so at once
    instead of retrying a host that cannot exist."""

    async def run() -> None:
        async with env.sb.async_ssi() as client:
            with pytest.raises(ValueError, match=r"sb\.serve\(\)"):
                await anext(client.stream.orders())

    asyncio.run(run())
