"""vnfin's classic SignalR client (vnfin._signalr) against the sandbox's hubs over loopback,
and the pure parts of ``ssi.stream`` (vnfin.ssi.events): negotiate → connect → messages,
invocations and their errors, the keep-alive watchdog, refusals mapped to vnfin's errors, TLS
verification on, no secret in a repr, an error or a DEBUG log line; events and market
messages parsed from the reference's shapes."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

import vnfin._signalr as signalr
from vnfin._signalr import Connection, HubMessage, backoff
from vnfin.errors import APIError, AuthError, BadRequest, NotFound, TransportError
from vnfin.sandbox import Sandbox
from vnfin.sandbox.router import Router
from vnfin.sandbox.server import LoopbackServer
from vnfin.sandbox.ssi.hubs import SSIHubs
from vnfin.ssi.events import (
    OrderError,
    OrderEvent,
    OrderMatchEvent,
    PortfolioEvent,
    StreamEvent,
    check_channel,
    parse_event,
    parse_market,
)
from vnfin.ssi.stream import hub_url

TRADING, DATA = "secret-trading-token-0123456789", "secret-data-token-0123456789"
ORDERS, MARKET = "BroadcastHubV2", "FcMarketDataV2Hub"


@pytest.fixture
def served() -> Iterator[tuple[str, SSIHubs]]:
    """SSI's hubs over a sandbox world, with fixed tokens; (SignalR base URL, hubs)."""
    sb = Sandbox(seed=0, now="2026-11-20 10:30")
    hubs = SSIHubs(
        sb.world,
        sb.ssi_app.events,
        lambda: None,
        lambda token: ("1234567",) if token == TRADING else None,
        lambda token: "data" if token == DATA else None,
    )
    server = LoopbackServer(Router([hubs]), lambda: 0.0)
    yield server.url + "/v2.0/signalr", hubs
    server.close()


def market(url: str, **options: Any) -> Connection:
    return Connection(url, [MARKET], headers={"Authorization": f"Bearer {DATA}"}, **options)


def test_messages_and_invocations(served: tuple[str, SSIHubs]) -> None:
    url, _ = served

    async def run() -> None:
        async with market(url, protocol="1.5") as connection:
            assert connection.protocol == "1.5" and connection.keep_alive == 20.0
            assert await connection.invoke(MARKET, "SwitchChannels", "F:VNM") is None
            message = await anext(connection)
            assert isinstance(message, HubMessage)
            assert (message.hub, message.method, len(message.args)) == (MARKET, "Broadcast", 1)
            assert json.loads(message.args[0])["DataType"] == "F"
            with pytest.raises(APIError, match="'Nope' method could not be resolved"):
                await connection.invoke(MARKET, "Nope", 1)
        with pytest.raises(TransportError, match="not open"):
            await connection.invoke(MARKET, "SwitchChannels", "F:VNM")

    asyncio.run(run())


def test_close_ends_iteration_and_a_drop_raises(served: tuple[str, SSIHubs]) -> None:
    url, hubs = served

    async def run() -> None:
        connection = await market(url).open()

        async def drain() -> list[HubMessage]:
            return [m async for m in connection]

        task = asyncio.create_task(drain())
        await asyncio.sleep(0.2)
        await connection.close()
        assert await asyncio.wait_for(task, 3) == []
        connection = await market(url).open()
        assert await asyncio.to_thread(hubs.drop_all) == 1
        with pytest.raises(TransportError, match=r"connection closed \(code 1011\)"):
            await asyncio.wait_for(anext(connection), 3)
        with pytest.raises(TransportError):  # and stays ended
            await anext(connection)
        await connection.close()

    asyncio.run(run())


def test_a_silent_server_is_detected_by_the_keep_alive_timeout(
    served: tuple[str, SSIHubs],
) -> None:
    url, hubs = served
    hubs.keep_alive = 0.15  # negotiate says KeepAliveTimeout 0.3

    async def run() -> None:
        connection = await market(url).open()
        assert connection.keep_alive == pytest.approx(0.3)
        await asyncio.sleep(0.6)  # the server's {} keep the link alive meanwhile
        hubs.keep_alive = 60.0  # now it falls silent
        with pytest.raises(TransportError, match=r"server silent for 0\.3s"):
            await asyncio.wait_for(anext(connection), 3)
        await connection.close()

    asyncio.run(run())


def test_refusals_become_vnfin_errors(served: tuple[str, SSIHubs]) -> None:
    url, _ = served

    async def run() -> None:
        wrong = {"Authorization": "Bearer wrong-token-abcdef"}
        with pytest.raises(AuthError) as refused:
            await Connection(url, [ORDERS], headers=wrong).open()
        assert refused.value.status_code == 401
        assert (
            str(refused.value) == "POST /v2.0/signalr/negotiate HTTP 401: SignalR negotiate refused"
        )
        with pytest.raises(BadRequest):
            await Connection(url, ["NoSuchHub"], headers=wrong).open()
        with pytest.raises(NotFound):
            await Connection(url + "/elsewhere", [ORDERS]).open()
        bad = {"Authorization": f"Bearer {TRADING}", "NotifyID": "abc"}
        with pytest.raises(BadRequest, match=r"GET /v2\.0/signalr/connect HTTP 400"):
            await Connection(url, [ORDERS], headers=bad).open()  # the hub refuses at connect
        with pytest.raises(TransportError, match="negotiate failed: ConnectError"):
            await Connection("http://127.0.0.1:9/v2.0/signalr", [ORDERS], timeout=2).open()

    asyncio.run(run())


def test_no_secret_in_logs_reprs_or_errors(
    served: tuple[str, SSIHubs], caplog: pytest.LogCaptureFixture
) -> None:
    url, hubs = served
    caplog.set_level(logging.DEBUG)
    tokens: list[str] = []
    opened = hubs.market.open

    def spy(caller: str, headers: Any) -> Any:
        tokens.append(headers["authorization"])
        return opened(caller, headers)

    hubs.market.open = spy  # type: ignore[method-assign]
    connection_tokens: list[str] = []

    async def run() -> None:
        connection = market(url)
        negotiate = connection._negotiate

        async def remember() -> dict[str, Any]:
            answer = await negotiate()
            connection_tokens.append(answer["ConnectionToken"])
            return answer

        connection._negotiate = remember  # type: ignore[method-assign]
        await connection.open()
        await connection.invoke(MARKET, "SwitchChannels", "X:VNM")
        await anext(connection)
        text = repr(connection)
        await asyncio.to_thread(hubs.drop_all)
        with pytest.raises(TransportError) as dropped:
            await asyncio.wait_for(anext(connection), 3)
        await connection.close()
        with pytest.raises(AuthError) as refused:
            await Connection(url, [MARKET], headers={"Authorization": "Bearer " + TRADING}).open()
        for shown in (text, str(dropped.value), str(refused.value), repr(refused.value)):
            assert DATA not in shown and TRADING not in shown

    asyncio.run(run())
    assert tokens == [f"Bearer {DATA}"] and len(connection_tokens) == 1
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "> GET /v2.0/signalr/connect?…" in logged  # the handshake is logged, redacted
    assert "> Authorization: …" in logged
    for secret in (DATA, TRADING, connection_tokens[0], json.dumps(connection_tokens[0])[1:-1]):
        assert secret not in logged


def test_tls_is_verified_with_the_default_context(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    async def fake_connect(address: str, **options: Any) -> Any:
        seen.update(options, address=address)
        raise OSError("stop here")

    async def negotiated() -> dict[str, Any]:
        return {"ConnectionToken": "t", "ProtocolVersion": "1.3"}

    monkeypatch.setattr(signalr, "connect", fake_connect)

    async def run() -> None:
        connection = Connection("https://fc-tradehub.ssi.com.vn/v2.0/signalr", [ORDERS])
        connection._negotiate = negotiated  # type: ignore[method-assign]
        with pytest.raises(TransportError, match="connect failed: OSError"):
            await connection.open()

    asyncio.run(run())
    context = seen["ssl"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert seen["address"].startswith("wss://fc-tradehub.ssi.com.vn/v2.0/signalr/connect?")
    assert "transport=webSockets" in seen["address"]
    assert "connectionData=%5B%7B%22name%22%3A%22BroadcastHubV2%22%7D%5D" in seen["address"]


def test_backoff_grows_is_capped_and_jittered() -> None:
    delays = [[backoff(attempt) for attempt in range(10)] for _ in range(50)]
    assert all(0.25 <= d[0] <= 0.5 for d in delays)
    assert all(15.0 <= d[9] <= 30.0 for d in delays)  # capped at 30 s
    assert len({round(d[3], 6) for d in delays}) > 40  # jittered: no two clients in step


def test_hub_urls() -> None:
    assert (
        hub_url("https://fc-tradeapi.ssi.com.vn") == "https://fc-tradehub.ssi.com.vn/v2.0/signalr"
    )
    assert hub_url("https://fc-data.ssi.com.vn/") == "https://fc-datahub.ssi.com.vn/v2.0/signalr"
    assert hub_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000/v2.0/signalr"
    assert hub_url("https://gw.example/ssi/") == "https://gw.example/ssi/v2.0/signalr"
    assert hub_url("https://fc-tradehub.ssi.com.vn/v2.0/signalr/") == (
        "https://fc-tradehub.ssi.com.vn/v2.0/signalr"
    )


# -- parsing (reference §1.9, §2.3) ----------------------------------------------------------------


def event(kind: str, **data: Any) -> str:
    return json.dumps({"type": kind, "data": data})


def test_order_events_are_typed_with_numbers_and_vietnam_times() -> None:
    parsed = parse_event(
        event(
            "orderEvent",
            orderID="40715",
            notifyID="17",
            instrumentID="SSI",
            uniqueID="12345678",
            buySell="B",
            orderType="LO",
            price="23450.0",
            quantity="300",
            account="1234567",
            cancelQty="0",
            osQty="200",
            filledQty="100",
            avgPrice="23400",
            orderStatus="pf",
            inputTime="1763609400000",
            modifiedTime=1763609460000,
            isForcesell="F",
            isShortSell="T",
        )
    )
    assert isinstance(parsed, OrderEvent) and parsed.notify_id == 17
    assert (parsed.price, parsed.quantity, parsed.filled_quantity) == (23450.0, 300, 100)
    assert parsed.outstanding_quantity == 200 and parsed.status == "PF"
    assert parsed.input_time == pd.Timestamp("2025-11-20 10:30", tz="Asia/Ho_Chi_Minh")
    assert parsed.modified_time == pd.Timestamp("2025-11-20 10:31", tz="Asia/Ho_Chi_Minh")
    assert parsed.is_short_sell and not parsed.is_force_sell
    assert parsed.raw["price"] == "23450.0"
    match = parse_event(event("orderMatchEvent", notifyID=18, matchPrice="23400", matchQty=100))
    assert isinstance(match, OrderMatchEvent) and match.match_quantity == 100
    assert match.match_price == 23400.0 and match.match_time is None
    error = parse_event(event("orderError", notifyID=19, errorCode="ORD015", message="blocked"))
    assert isinstance(error, OrderError) and (error.error_code, error.message) == (
        "ORD015",
        "blocked",
    )
    other = parse_event(event("somethingNew", notifyID=20))
    assert type(other) is StreamEvent and other.type == "somethingNew" and other.notify_id == 20


def test_portfolio_events_read_ssis_misspelt_market_id() -> None:
    position = {
        "martketID": "VNFE",
        "instrumentID": "VN30F2412",
        "longQty": 2,
        "net": "2",
        "shortQty": 0,
        "bidAvgPrice": "1250.5",
        "floatingPL": "-200000",
    }
    parsed = parse_event(
        event(
            "clientPortfolioEvent",
            account="12345678",
            notifyID=3,
            clientPortfoliosOpen=[position],
            clientPortfoliosClose=[],
        )
    )
    assert isinstance(parsed, PortfolioEvent) and parsed.closed_positions == ()
    [open_position] = parsed.open_positions
    assert open_position.market == "VNFE" and open_position.long_quantity == 2
    assert open_position.bid_average_price == 1250.5 and open_position.floating_pl == -200000.0
    assert open_position.ask_average_price is None


@pytest.mark.parametrize("text", ["[]", '{"type": "orderEvent"}', '{"data": 5}', "nope"])
def test_unreadable_events_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"not an order-stream event|Expecting value"):
        parse_event(text)


def test_market_messages_are_decoded_twice() -> None:
    content = {"RType": "X-QUOTE", "Symbol": "SSI", "BidPrice1": 23450.0}
    text = json.dumps({"DataType": "X-QUOTE", "Content": json.dumps(content)})
    message = parse_market(text)
    assert (message.channel, message.symbol, dict(message.content)) == ("X-QUOTE", "SSI", content)
    index = parse_market(json.dumps({"DataType": "MI", "Content": '{"IndexId": "VN30"}'}))
    assert index.symbol == "VN30"


def test_channel_names_are_checked_and_normalised() -> None:
    assert check_channel(" x-quote:ssi-acb ") == "X-QUOTE:SSI-ACB"
    assert check_channel("MI:ALL") == "MI:ALL"
    for bad in ("SSI", "Y:SSI", "X:", "X:SSI-", 5):
        with pytest.raises(ValueError, match="channel"):
            check_channel(bad)


def test_odd_values_do_not_cost_the_event() -> None:
    """A field vnfin cannot read becomes None (or 0), never an event skipped."""
    parsed = parse_event(
        event(
            "orderEvent",
            notifyID="7",
            price="NaN",
            quantity="inf",
            avgPrice="",
            inputTime="99999999999999999",
            modifiedTime="soon",
            isForceSell=None,
        )
    )
    assert isinstance(parsed, OrderEvent) and parsed.notify_id == 7
    assert (parsed.price, parsed.quantity, parsed.average_price) == (None, 0, None)
    assert parsed.input_time is None and parsed.modified_time is None
    assert not parsed.is_force_sell
