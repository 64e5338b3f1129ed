"""SSI's two hubs in the sandbox (vnfin.sandbox.ssi.hubs) over loopback WebSockets:
BroadcastHubV2's ``NotifyID`` semantics (0, -1, n; connect's header over negotiate's), one
account's events only, new events pushed as they are logged; FcMarketDataV2Hub's channels,
their content fields (reference §2.3, double-encoded), ``SwitchChannels`` replacing the
subscription, ``ALL``, and updates as the simulated market moves."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import connect

from vnfin.sandbox.world.quotes import quote

from .test_signalr import DATA, MARKET, ORDERS, Hubs, broadcasts, hubs, silent, trading

__all__ = ["hubs"]  # the fixture, shared with test_signalr


def log_day(h: Hubs, count: int, account: str = "1234567") -> list[int]:
    return [h.log.append(account, "orderEvent", {"orderID": str(i)}) for i in range(count)]


def notify_ids(messages: list[Any]) -> list[int]:
    out = []
    for m in messages:
        assert m["H"] == ORDERS and m["M"] == "Broadcast" and len(m["A"]) == 1
        event = json.loads(m["A"][0])  # one string argument: the JSON event
        assert set(event) == {"type", "data"}
        out.append(event["data"]["notifyID"])
    return out


@pytest.mark.parametrize(
    ("notify_id", "expected"),
    [("0", [1, 2, 3, 5, 6]), ("3", [3, 5, 6]), ("4", [5, 6]), ("-1", [6]), (None, [6])],
)
def test_notify_id_says_where_the_stream_starts(
    hubs: Hubs, notify_id: str | None, expected: list[int]
) -> None:
    log_day(hubs, 3)
    hubs.log.append("7654321", "orderEvent", {"orderID": "theirs"})  # notifyID 4: not ours
    log_day(hubs, 1)  # 5

    async def run() -> None:
        ws = await hubs.open(ORDERS, trading(notify_id))
        replayed = [] if expected == [6] else await broadcasts(ws, len(expected) - 1)
        await asyncio.sleep(0.3)
        await asyncio.to_thread(log_day, hubs, 1)  # 6, after the connection
        live = await broadcasts(ws, 1)
        assert notify_ids(replayed + live) == expected
        assert await silent(ws, 0.5)
        await ws.close()

    asyncio.run(run())


def test_connects_notify_id_wins_over_negotiates(hubs: Hubs) -> None:
    log_day(hubs, 4)

    async def run() -> None:
        token = hubs.negotiate(ORDERS, trading("0")).json()["ConnectionToken"]
        ws = await connect(hubs.connect_url(ORDERS, token), additional_headers=trading("3"))
        assert notify_ids(await broadcasts(ws, 2)) == [3, 4]
        assert await silent(ws, 0.3)
        await ws.close()
        token = hubs.negotiate(ORDERS, trading("2")).json()["ConnectionToken"]
        ws = await connect(hubs.connect_url(ORDERS, token), additional_headers=trading())
        assert notify_ids(await broadcasts(ws, 3)) == [
            2,
            3,
            4,
        ]  # negotiate's, when connect has none
        await ws.close()

    asyncio.run(run())


def test_each_connection_gets_its_tokens_accounts_only(hubs: Hubs) -> None:
    hubs.log.append("1234567", "orderEvent", {"orderID": "stock"})
    hubs.log.append("12345678", "clientPortfolioEvent", {"account": "12345678"})
    hubs.log.append("7654321", "orderEvent", {"orderID": "theirs"})

    async def run() -> None:
        mine = await hubs.open(ORDERS, trading("0"))
        theirs = await hubs.open(ORDERS, {"Authorization": "Bearer other-token", "NotifyID": "0"})
        assert notify_ids(await broadcasts(mine, 2)) == [1, 2]
        assert notify_ids(await broadcasts(theirs, 1)) == [3]
        assert await silent(mine, 0.4) and await silent(theirs, 0.1)
        await mine.close()
        await theirs.close()

    asyncio.run(run())


def test_the_hub_brings_the_market_up_to_now_while_connected(hubs: Hubs) -> None:
    calls: list[int] = []
    hubs.hubs.orders._refresh = lambda: calls.append(1)

    async def run() -> None:
        ws = await hubs.open(ORDERS, trading())
        await asyncio.sleep(1.0)
        assert 2 <= len(calls) <= 8  # about every 0.2 s, for all connections together
        await ws.close()

    asyncio.run(run())


# -- market data ---------------------------------------------------------------------------------


def market_messages(messages: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for m in messages:
        assert m["H"] == MARKET and m["M"] == "Broadcast" and len(m["A"]) == 1
        outer = json.loads(m["A"][0])
        assert set(outer) == {"DataType", "Content"} and isinstance(outer["Content"], str)
        out.append((outer["DataType"], json.loads(outer["Content"])))  # JSON inside JSON
    return out


async def switch(ws: Any, channel: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    await ws.send(json.dumps({"H": MARKET, "M": "SwitchChannels", "A": [channel], "I": 0}))
    return market_messages(await broadcasts(ws, count))


def data() -> dict[str, str]:
    return {"Authorization": f"Bearer {DATA}"}


def test_x_channels_carry_the_quote_screen(hubs: Hubs) -> None:
    expected = quote(hubs.sb.engine, "VNM", hubs.sb.world.clock())

    async def run() -> None:
        ws = await hubs.open(MARKET, data())
        [(kind, x)] = await switch(ws, "X:VNM", 1)
        assert kind == "X" and x["RType"] == "X" and x["Symbol"] == "VNM"
        assert (x["TradingDate"], x["Time"]) == ("20/11/2026", "10:30:00")
        assert x["LastPrice"] == expected.session.price and x["TotalVol"] == expected.session.volume
        assert (x["Ceiling"], x["Floor"], x["RefPrice"]) == (
            expected.session.ceiling,
            expected.session.floor,
            expected.session.reference,
        )
        assert x["BidPrice1"] == expected.bids[0][0] and x["AskVol3"] == expected.asks[2][1]
        assert "BidPrice4" not in x  # HOSE shows three levels
        assert x["TradingSession"] == "LO" and x["Exchange"] == "HOSE"
        [(_, book)] = await switch(ws, "X-QUOTE:SHS", 1)  # HNX: ten levels, book only
        assert book["RType"] == "X-QUOTE" and book["BidPrice10"] == 0 and "LastPrice" not in book
        [(_, trade)] = await switch(ws, "x-trade:vnm", 1)
        assert trade["LastPrice"] == x["LastPrice"] and "BidPrice1" not in trade
        await ws.close()

    asyncio.run(run())


def test_f_b_r_and_mi_channels(hubs: Hubs) -> None:
    hubs.sb.world.desk.halted.add("FPT")

    async def run() -> None:
        ws = await hubs.open(MARKET, data())
        status = dict((c["Symbol"], c) for _, c in await switch(ws, "F:VNM-FPT", 2))
        assert status["VNM"]["TradingSession"] == "LO" and status["VNM"]["TradingStatus"] == "N"
        assert status["FPT"]["TradingSession"] == "HALT" and status["FPT"]["TradingStatus"] == "H"
        [(kind, bar)] = await switch(ws, "B:VNM", 1)
        assert kind == "B" and bar["TradingTime"] == "10:30:00" and bar["Volume"] > 0
        assert bar["Low"] <= bar["Close"] <= bar["High"]
        [(_, room)] = await switch(ws, "R:VNM", 1)
        assert (
            room["CurrentRoom"] > 0
            and room["BuyVal"]
            == room["BuyVol"]
            * (
                await asyncio.to_thread(quote, hubs.sb.engine, "VNM", hubs.sb.world.clock())
            ).session.price
        )
        [(kind, index)] = await switch(ws, "MI:vn30", 1)
        assert kind == "MI" and index["IndexId"] == "VN30" and index["IndexValue"] > 0
        assert index["Advances"] + index["Declines"] + index["NoChanges"] == 30
        await ws.close()

    asyncio.run(run())


def test_switch_channels_replaces_the_subscription_and_all_means_all(hubs: Hubs) -> None:
    hubs.hubs.market.interval = 0.1
    hosts = len(hubs.sb.engine.instruments)

    async def run() -> None:
        ws = await hubs.open(MARKET, data())
        everything = await switch(ws, "F:ALL", hosts)
        assert {c["Symbol"] for _, c in everything} == set(hubs.sb.engine.instruments)
        assert await silent(ws, 0.4)  # nothing changed: nothing sent again
        [(kind, _)] = await switch(ws, "MI:VNINDEX", 1)
        assert kind == "MI" and await silent(ws, 0.4)  # the F subscription is gone
        await ws.close()

    asyncio.run(run())


def test_items_are_pushed_again_when_the_market_moves(hubs: Hubs) -> None:
    hubs.hubs.market.interval = 0.1

    async def run() -> None:
        ws = await hubs.open(MARKET, data())
        [(_, before)] = await switch(ws, "B:VNM", 1)
        hubs.sb.now = "2026-11-20 10:35"
        [(_, after)] = market_messages(await broadcasts(ws, 1))
        assert after["TradingTime"] == "10:35:00" and before["TradingTime"] == "10:30:00"
        await ws.close()

    asyncio.run(run())
