"""SSI's two SignalR hubs over the simulated world (reference §1.9, §2.3). **SIMULATED DATA.**

Both live under ``/v2.0/signalr`` (:class:`~vnfin.sandbox.signalr.SignalRServer`): the
sandbox serves every host on one port, and the hub is chosen by ``connectionData``.

* **BroadcastHubV2** (the order stream; :class:`OrderHub`): a trading bearer token
  (``Authorization: Bearer …``; the read token is enough) names the accounts whose events the
  connection gets. The ``NotifyID`` header (connect, else negotiate; default -1) says where
  to start in the day's :class:`~.events.EventLog`: 0 replays the day, -1 starts from now,
  ``n`` replays from message ``n`` on (``n`` included). Then every new event of those
  accounts follows as it is logged: the hub brings the market up to now (``refresh()``, at
  most every :data:`POLL` seconds for all connections together) so fills appear as the
  simulated market moves. Each event is pushed as ``Broadcast`` with one string argument,
  the JSON event ``{"type", "data"}``.
* **FcMarketDataV2Hub** (market data; :class:`MarketHub`): an FCData bearer token. The
  server method ``SwitchChannels("<type>:<list>")`` replaces the connection's subscription
  (types ``F``, ``X``, ``X-QUOTE``, ``X-TRADE``, ``B``, ``R``, ``MI``; the list ``-``-joined
  symbols or index ids, or ``ALL``); the current content of every subscribed item is pushed
  at once, then again whenever it changes (checked every :attr:`MarketHub.interval`
  seconds). Each message is ``Broadcast`` with one string argument, ``{"DataType": type,
  "Content": "<JSON string>"}``: the content is JSON inside JSON, as SSI sends it.

Content fields are §2.3's: prices in VND (indices in points), ``TradingDate`` ``dd/MM/yyyy``,
``Time`` ``HH:mm:ss`` (Vietnam time). The sandbox's book has three levels a side; HNX and
UPCOM quotes carry ten, the rest empty (0), as SSI's do for a thin book.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

from ..signalr import HubError, Push, SignalRServer
from ..world import World
from ..world.calendar import session_state
from ..world.clock import local_now
from ..world.quotes import Quote, quote, session
from .events import EventLog

if TYPE_CHECKING:
    from .app import SSIApp

BASE = "/v2.0/signalr"
POLL = 0.2  # seconds between looks at the event log (and market refreshes)
CHANNELS = ("F", "X", "X-QUOTE", "X-TRADE", "B", "R", "MI")
SESSIONS = {  # the calendar's states → SSI's TradingSession codes
    "OPEN": "ATO",
    "PROGRESS": "LO",
    "BREAK": "BREAK",
    "PRE_CLOSED": "ATC",
    "PUT_THROUGH": "PT",
    "POST_SESSION": "PLO",
    "CLOSED": "C",
}
INDEX_ALIASES = {"HNXUPCOMINDEX": "UPCOMINDEX"}  # SSI's id for the UPCoM index
_json = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))  # as .NET

#: The bearer token (without "Bearer ") → who it identifies, or None when it is not valid.
Verify = Callable[[str], str | None]
#: The bearer token → the accounts whose order events it may read, or None.
Accounts = Callable[[str], Sequence[str] | None]


def bearer(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class OrderHub:
    """``BroadcastHubV2``: each connection's accounts' order events from ``events``."""

    name = "BroadcastHubV2"

    def __init__(self, events: EventLog, refresh: Callable[[], object], accounts: Accounts):
        self.events = events
        self._refresh = refresh
        self._accounts = accounts
        self._refreshed = 0.0
        self._refreshing = threading.Lock()

    def identify(self, headers: Mapping[str, str]) -> str | None:
        token = bearer(headers)
        accounts = None if token is None else self._accounts(token)
        return None if accounts is None else ",".join(accounts)

    def open(self, caller: str, headers: Mapping[str, str]) -> OrderFeed:
        text = headers.get("notifyid", "-1").strip() or "-1"
        try:
            notify_id = int(text)
        except ValueError:
            raise HubError(f"NotifyID must be an integer, got {text[:20]!r}") from None
        if notify_id < -1:
            raise HubError("NotifyID must be -1 (from now), 0 (the whole day) or a message id")
        start = self.events.last_id() + 1 if notify_id == -1 else max(notify_id, 1)
        return OrderFeed(self, tuple(caller.split(",")), start)

    def refresh(self) -> None:
        """Bring the desk up to now, at most every :data:`POLL` seconds for all connections."""
        if not self._refreshing.acquire(blocking=False):
            return  # another connection is doing it
        try:
            if time.monotonic() - self._refreshed >= POLL:
                self._refresh()
                self._refreshed = time.monotonic()
        finally:
            self._refreshing.release()


class OrderFeed:
    """One connection to :class:`OrderHub`, starting at message ``start``."""

    def __init__(self, hub: OrderHub, accounts: tuple[str, ...], start: int) -> None:
        self.hub = hub
        self.accounts = accounts
        self.cursor = start  # the next notifyID this connection may get

    def _poll(self) -> list[dict[str, Any]]:
        self.hub.refresh()
        log = self.hub.events
        last = log.last_id()
        if last < self.cursor - 1:  # a new trading day: numbering restarted
            self.cursor = 1
        events = log.since(self.cursor, self.accounts)
        newest = int(events[-1]["data"]["notifyID"]) if events else last
        self.cursor = max(self.cursor, newest + 1, last + 1)
        return events

    async def run(self, push: Push) -> None:
        while True:
            events = await asyncio.to_thread(self._poll)
            for event in events:
                await push("Broadcast", [_json(event)])
            if not events:
                await asyncio.sleep(POLL)

    async def invoke(self, method: str, args: list[Any]) -> Any:
        raise HubError(f"'{method}' method could not be resolved.")


class MarketHub:
    """``FcMarketDataV2Hub``: the world's quotes, sessions and indices by channel."""

    name = "FcMarketDataV2Hub"

    def __init__(self, world: World, verify: Verify, interval: float = 1.0) -> None:
        self.world = world
        self._verify = verify
        self.interval = interval

    def identify(self, headers: Mapping[str, str]) -> str | None:
        token = bearer(headers)
        return None if token is None else self._verify(token)

    def open(self, caller: str, headers: Mapping[str, str]) -> MarketFeed:
        return MarketFeed(self)

    def parse(self, channel: Any) -> tuple[str, list[str]]:
        """``"X-QUOTE:SSI-ACB"`` → ``("X-QUOTE", ["SSI", "ACB"])``, ``ALL`` expanded."""
        if not isinstance(channel, str) or ":" not in channel:
            raise HubError(f"channel must be '<type>:<list>', got {str(channel)[:40]!r}")
        kind, _, names = channel.strip().partition(":")
        kind = kind.strip().upper()
        if kind not in CHANNELS:
            raise HubError(f"unknown channel type {kind[:20]!r}: one of {', '.join(CHANNELS)}")
        wanted = [n.strip().upper() for n in names.split("-") if n.strip()]
        engine = self.world.engine
        if kind == "MI":
            known = {code.upper(): code for code in engine.indices}
            known.update({a: known[c] for a, c in INDEX_ALIASES.items() if c in known})
        else:
            known = {s: s for s in engine.instruments}
        if wanted == ["ALL"]:
            return kind, sorted(set(known.values()))
        if not wanted:
            raise HubError(f"channel {channel[:40]!r} names nothing")
        return kind, [known[n] for n in wanted if n in known]

    def contents(self, kind: str, names: list[str]) -> list[dict[str, Any]]:
        """The current content of each item of a subscription."""
        now = self.world.clock()
        build = _index if kind == "MI" else _security
        return [build(self.world, kind, name, now) for name in names]


class MarketFeed:
    """One connection to :class:`MarketHub`: its subscription and what it was last sent."""

    def __init__(self, hub: MarketHub) -> None:
        self.hub = hub
        self.subscription: tuple[str, list[str]] | None = None
        self.generation = 0
        self.sent: dict[str, dict[str, Any]] = {}
        self.changed = asyncio.Event()

    async def invoke(self, method: str, args: list[Any]) -> Any:
        if method.lower() != "switchchannels":
            raise HubError(f"'{method}' method could not be resolved.")
        if len(args) != 1:
            raise HubError("SwitchChannels takes one argument: the channel")
        self.subscription = self.hub.parse(args[0])
        self.generation += 1
        self.sent = {}
        self.changed.set()

    async def run(self, push: Push) -> None:
        while True:
            self.changed.clear()
            if self.subscription is not None:
                generation, (kind, names) = self.generation, self.subscription
                contents = await asyncio.to_thread(self.hub.contents, kind, names)
                for content in contents:
                    if generation != self.generation:
                        break  # switched meanwhile: the new channel goes out next round
                    key = f"{content.get('Symbol') or content.get('IndexId')}"
                    same = {k: v for k, v in content.items() if k not in ("Time", "TradingTime")}
                    if self.sent.get(key) == same:
                        continue
                    self.sent[key] = same
                    message = {"DataType": kind, "Content": _json(content)}
                    await push("Broadcast", [_json(message)])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), self.hub.interval)


# -- content, per §2.3 ---------------------------------------------------------------------


def _when(now: float) -> dict[str, str]:
    local = local_now(now)
    return {"TradingDate": local.strftime("%d/%m/%Y"), "Time": local.strftime("%H:%M:%S")}


def _session_code(world: World, exchange: str, now: float) -> str:
    engine = world.engine
    _, minute = engine.today(now)
    return SESSIONS.get(session_state(exchange, engine.trading_now(now), minute), "C")


def _security(world: World, kind: str, symbol: str, now: float) -> dict[str, Any]:
    inst = world.engine.instruments[symbol]
    halted = symbol in world.desk.halted
    trading_session = "HALT" if halted else _session_code(world, inst.exchange, now)
    head = {"RType": kind, **_when(now), "Symbol": symbol}
    where = {"MarketId": inst.exchange, "Exchange": inst.exchange}
    if kind == "F":
        status = "H" if halted else "N"
        return {**head, **where, "TradingSession": trading_session, "TradingStatus": status}
    if kind == "B":
        return {**head, **_bar(world, symbol, now)}
    q = quote(world.engine, symbol, now)
    isin = {"Isin": f"VN000000{symbol}"}
    if kind == "R":
        return {**head, **isin, **_room(q), **where}
    body = {**head, **isin}
    if kind in ("X", "X-TRADE"):
        body.update(_trade(q))
    if kind in ("X", "X-QUOTE"):
        body.update(_book(q))
    body.update(where)
    body.update({"TradingSession": trading_session, "TradingStatus": "H" if halted else "N"})
    return body


def _trade(q: Quote) -> dict[str, Any]:
    st = q.session
    last = st.price or 0.0
    change = last - st.reference if st.price is not None else 0.0
    return {
        "Ceiling": st.ceiling,
        "Floor": st.floor,
        "RefPrice": st.reference,
        "Open": st.open or 0.0,
        "Close": last,
        "High": st.high or 0.0,
        "Low": st.low or 0.0,
        "AvgPrice": st.average or 0.0,
        "PriorVal": st.reference,
        "LastPrice": last,
        "LastVol": q.last_volume,
        "TotalVal": round(st.value),
        "TotalVol": st.volume,
        "Change": change,
        "RatioChange": round(100 * change / st.reference, 2) if st.reference else 0.0,
        "EstMatchedPrice": last,
        "Side": "BU" if last >= (st.average or last) else "SD",  # simulated aggressor
    }


def _book(q: Quote) -> dict[str, Any]:
    levels = 3 if q.instrument.exchange == "HOSE" else 10
    book: dict[str, Any] = {}
    for side, key in ((q.bids, "Bid"), (q.asks, "Ask")):
        for i in range(levels):
            price, volume = side[i] if i < len(side) else (None, None)
            book[f"{key}Price{i + 1}"] = price or 0.0
            book[f"{key}Vol{i + 1}"] = volume or 0
    return book


def _room(q: Quote) -> dict[str, Any]:
    last = q.session.price or q.session.reference
    return {
        "TotalRoom": q.foreign_room + q.foreign_bought,
        "CurrentRoom": q.foreign_room,
        "BuyVol": q.foreign_bought,
        "SellVol": q.foreign_sold,
        "BuyVal": q.foreign_bought * last,
        "SellVal": q.foreign_sold * last,
    }


def _bar(world: World, symbol: str, now: float) -> dict[str, Any]:
    engine = world.engine
    day, _ = engine.today(now)
    m = engine.minutes_until(symbol, day, now)
    if len(m.start) == 0:
        ref = float(engine.daily(symbol).reference[day])
        start, o, h, lo, c, v = int(now), ref, ref, ref, ref, 0
    else:
        start = int(m.start[-1])
        o, h, lo, c = (float(a[-1]) for a in (m.open, m.high, m.low, m.close))
        v = int(m.volume[-1])
    bar_time = local_now(start).strftime("%H:%M:%S")
    return {"TradingTime": bar_time, "Open": o, "High": h, "Low": lo, "Close": c, "Volume": v}


def _index(world: World, kind: str, code: str, now: float) -> dict[str, Any]:
    engine = world.engine
    spec = engine.indices[code]
    day, _ = engine.today(now)
    prior = float(engine.index_daily(code).reference[day])
    m = engine.minutes_until(code, day, now)
    value = float(m.close[-1]) if len(m.start) else prior
    volume = int(m.volume.sum()) if len(m.start) else 0
    traded = sum(session(engine, s, now).value for s in spec.members)
    counts = engine.breadth(code, day, now)
    last = {k: int(v[-1]) if len(v) else 0 for k, v in counts.items()}
    change = round(value - prior, 2)
    return {
        "IndexId": code,
        "IndexValue": value,
        "PriorIndexValue": prior,
        **_when(now),
        "TotalTrade": 0,
        "TotalQtty": volume,
        "TotalValue": round(traded),
        "IndexName": spec.name,
        "Advances": last["advances"],
        "NoChanges": last["unchanged"],
        "Declines": last["declines"],
        "Ceilings": last["ceilings"],
        "Floors": last["floors"],
        "Change": change,
        "RatioChange": round(100 * change / prior, 2) if prior else 0.0,
        "Exchange": spec.exchange,
        "IndexType": "Main",
        "TradingSession": _session_code(world, spec.exchange, now),
        "MarketId": spec.exchange,
    }


class SSIHubs(SignalRServer):
    """SSI's hubs at ``/v2.0/signalr``: :attr:`orders` and :attr:`market`, plus the server's
    knobs (``drop_all()``, ``keep_alive``, ``connections``). :meth:`over` builds them over
    an :class:`~.app.SSIApp`: its event log, ``refresh()`` and token checks."""

    def __init__(
        self,
        world: World,
        events: EventLog,
        refresh: Callable[[], object],
        accounts: Accounts,
        verify_data: Verify,
        *,
        keep_alive: float = 10.0,
    ) -> None:
        self.orders = OrderHub(events, refresh, accounts)
        self.market = MarketHub(world, verify_data)
        super().__init__(BASE, (self.orders, self.market), keep_alive=keep_alive)

    @classmethod
    def over(cls, app: SSIApp, *, keep_alive: float = 10.0) -> Self:
        """The hubs of ``app``'s world, order stream and tokens."""
        return cls(
            app.world,
            app.events,
            app.refresh,
            app.token_accounts,
            app.data_caller,
            keep_alive=keep_alive,
        )
