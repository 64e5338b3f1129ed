"""``ssi.stream``: SSI's order stream and market-data stream (reference §1.9, §2.3).

Both are classic SignalR hubs (:mod:`vnfin._signalr`) at ``/v2.0/signalr``: production
``https://fc-tradehub.ssi.com.vn`` (``BroadcastHubV2``, the read token) and
``https://fc-datahub.ssi.com.vn`` (``FcMarketDataV2Hub``, the FCData token); for any other
trading or data URL (the sandbox, a self-hosted gateway) the hub is that URL +
``/v2.0/signalr``.

* :meth:`AsyncStream.orders` yields typed events (:mod:`vnfin.ssi.events`) —
  :class:`OrderEvent`, :class:`OrderMatchEvent`, :class:`OrderError`,
  :class:`PortfolioEvent` (an unknown type comes as a plain :class:`StreamEvent`) — with
  numbers parsed and epoch-millisecond times as tz-aware Vietnam timestamps. ``notify_id``
  is where to start: 0 the whole day, -1 from now, ``n`` from message ``n`` on. On a
  dropped connection it reconnects with backoff (exponential, capped, jittered;
  ``max_retries`` failed attempts in a row end the stream with the last error) and resumes
  by sending the last ``notifyID`` it yielded as ``NotifyID``, dropping every event at or
  below it, so nothing is lost or repeated. (Before the first event of a ``-1`` stream
  there is no ``notifyID`` to resume from: it resumes "from now" again.) SSI restarts the
  numbering at midnight: a stream that outlives the day starts the new one from 0.
* :meth:`AsyncStream.market` yields :class:`MarketMessage` (``Content`` decoded from its
  JSON-in-JSON) for one or more channels (``"X-QUOTE:SSI-ACB"``, ``"MI:VN30"``, ``"F:ALL"``
  …), each on a connection of its own (``SwitchChannels`` replaces a connection's
  subscription), subscribed again after every reconnect.

The blocking face (:class:`Stream`) returns a :class:`~vnfin._faces.Subscription`: iterate
it, or hand every item to a callback (``.run(callback)`` blocks, ``.start(callback)`` runs
in the background).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx

from .._faces import SyncGroup, streaming
from .._group import Group
from .._http import Session, TokenSource
from .._signalr import Connection, HubMessage, backoff
from ..errors import AuthError, ServerError, TransportError, ValidationError
from .events import (
    MarketMessage,
    OrderError,
    OrderEvent,
    OrderMatchEvent,
    PortfolioEvent,
    Position,
    StreamEvent,
    check_channel,
    parse_event,
    parse_market,
)
from .sessions import SessionBoard
from .vocab import DATA_HUB_URL, DATA_URL, TRADING_HUB_URL, TRADING_URL

__all__ = [
    "AsyncStream",
    "MarketMessage",
    "OrderError",
    "OrderEvent",
    "OrderMatchEvent",
    "PortfolioEvent",
    "Position",
    "Stream",
    "StreamEvent",
    "hub_url",
]

log = logging.getLogger("vnfin.stream")

SIGNALR = "/v2.0/signalr"
PRODUCTION_HUBS = {
    httpx.URL(TRADING_URL).host: TRADING_HUB_URL + SIGNALR,
    httpx.URL(DATA_URL).host: DATA_HUB_URL + SIGNALR,
}
ORDER_HUB, MARKET_HUB = "BroadcastHubV2", "FcMarketDataV2Hub"
MAX_RETRIES = 10
HEALTHY = 30.0  # seconds a connection must live to count as good without a message


def hub_url(base_url: str) -> str:
    """The SignalR base for a trading or data REST URL (see the module); a URL that already
    ends in ``/v2.0/signalr`` is kept."""
    url = httpx.URL(base_url)
    if url.path.rstrip("/").lower().endswith(SIGNALR):
        return base_url.rstrip("/")
    return PRODUCTION_HUBS.get(url.host) or base_url.rstrip("/") + SIGNALR


@dataclass(frozen=True)
class Hub:
    """Where one hub is and how to reach it: the SignalR base ``url``, the bearer-token
    source, the httpx transport for negotiate, and the timeout for each step."""

    name: str
    url: str
    token: TokenSource | None
    transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None
    timeout: float
    protocol: str  # the clientProtocol SSI's own clients send: 1.3 trading, 1.5 data

    @classmethod
    def of(cls, name: str, session: Session, url: str | None, token: Any, protocol: str) -> Hub:
        """``name`` reached like ``session`` (its transport and timeout; ``token``, else the
        session's), at ``url`` (else the one for the session's base URL)."""
        source = token if token is not None else session.token
        where = hub_url(url or session.base_url)
        return cls(name, where, source, session.transport, session.timeout, protocol)


# -- the group ----------------------------------------------------------------------------------


class AsyncStream(Group):
    """``ssi.stream`` (see the module). ``max_retries`` failed reconnects in a row end a
    stream with the last error."""

    name: ClassVar[str] = "stream"
    host: ClassVar[str] = "trading"

    def __init__(
        self,
        trading: Session,
        orders: Hub,
        market: Hub,
        source: str = "ssi",
        sessions: SessionBoard | None = None,
    ) -> None:
        super().__init__(trading, source)
        self.orders_hub = orders
        self.market_hub = market
        self.max_retries = MAX_RETRIES
        #: where ``F`` messages go, for the order checks (:mod:`vnfin.ssi.sessions`)
        self.sessions = sessions if sessions is not None else SessionBoard()

    @classmethod
    def build(cls, core: Any) -> AsyncStream:
        """The group for an SSI client's core: its ``trading`` and ``data`` sessions, and
        (when the core has them) ``trading_hub_url``/``data_hub_url``, ``read_token`` and
        ``data_token``."""
        trading, data = core.sessions["trading"], core.sessions["data"]
        orders = Hub.of(
            ORDER_HUB,
            trading,
            getattr(core, "trading_hub_url", None),
            getattr(core, "read_token", None),
            "1.3",
        )
        market = Hub.of(
            MARKET_HUB,
            data,
            getattr(core, "data_hub_url", None),
            getattr(core, "data_token", None),
            "1.5",
        )
        return cls(trading, orders, market, core.source, getattr(core, "market_sessions", None))

    async def _connect(self, hub: Hub, extra: Mapping[str, str]) -> Connection:
        """A connection to ``hub`` with a fresh token; a refused token is renewed once."""
        if httpx.URL(hub.url).host.endswith(".invalid"):  # RFC 2606: never resolves
            raise ValidationError(
                f"{hub.name} is at {hub.url}, a host that cannot exist: the stream needs a "
                "WebSocket over the network, which an in-process transport (such as "
                "Sandbox().transport) cannot carry. Serve the sandbox (url = sb.serve()) and "
                "pass trading_url=url, data_url=url, transport=None",
                argument="trading_url",
            )
        for attempt in (1, 2):
            headers = dict(await hub.token.headers()) if hub.token is not None else {}
            connection = Connection(
                hub.url,
                [hub.name],
                headers={**headers, **extra},
                transport=hub.transport,
                protocol=hub.protocol,
                timeout=hub.timeout,
            )
            try:
                return await connection.open()
            except AuthError:
                if hub.token is None or attempt == 2:
                    raise
                hub.token.invalidate()
        raise AssertionError("unreachable")

    async def _resilient(
        self,
        hub: Hub,
        headers: Callable[[], Mapping[str, str]],
        subscribe: Callable[[Connection], Any] | None = None,
    ) -> AsyncGenerator[HubMessage]:
        """``hub``'s messages across reconnects (backoff; see the module)."""
        failures = 0  # attempts in a row that failed, or whose connection soon died silent
        failure: Exception = TransportError("not connected yet")
        while True:
            if failures:
                if failures > self.max_retries:
                    raise failure
                delay = backoff(failures - 1)
                log.info("%s: reconnect %d in %.1fs after %s", hub.name, failures, delay, failure)
                await asyncio.sleep(delay)
            try:
                connection = await self._connect(hub, headers())
            except (TransportError, ServerError) as exc:
                failure, failures = exc, failures + 1
                continue
            opened, healthy = time.monotonic(), False
            try:
                if subscribe is not None:
                    await subscribe(connection)
                async for message in connection:
                    if message.hub.lower() != hub.name.lower():
                        continue
                    if message.method == "Error":
                        log.warning("%s error: %s", hub.name, ", ".join(map(str, message.args)))
                        continue
                    healthy = True
                    yield message
            except TransportError as exc:
                healthy = healthy or time.monotonic() - opened > HEALTHY
                failure, failures = exc, 1 if healthy else failures + 1
            finally:
                await connection.close()

    async def orders(self, notify_id: int = -1) -> AsyncIterator[StreamEvent]:
        """The account's order events as they happen (see the module); yields
        :class:`OrderEvent`, :class:`OrderMatchEvent`, :class:`OrderError`,
        :class:`PortfolioEvent`."""
        if isinstance(notify_id, bool) or not isinstance(notify_id, int) or notify_id < -1:
            raise ValidationError(
                f"notify_id must be -1 (from now), 0 (the whole day) or a notifyID, "
                f"got {notify_id!r}",
                argument="notify_id",
            )
        last: int | None = None  # the last notifyID yielded
        day = _today()

        def resume() -> Mapping[str, str]:
            nonlocal last, day
            if last is not None and _today() != day:  # SSI numbers each day from 1
                last, day = None, _today()
                return {"NotifyID": "0"}
            return {"NotifyID": str(notify_id if last is None else last)}

        async with contextlib.aclosing(self._resilient(self.orders_hub, resume)) as messages:
            async for message in messages:
                if message.method != "Broadcast" or not message.args:
                    continue
                try:
                    event = parse_event(str(message.args[0]))
                except ValueError as exc:
                    log.warning("order stream: unreadable event skipped (%s)", exc)
                    continue
                if event.notify_id is not None:
                    if last is not None and event.notify_id <= last:
                        if _today() == day:
                            continue  # already yielded before the reconnect
                        day = _today()  # a new day's numbering
                    last = event.notify_id
                yield event

    async def market(self, channels: str | Sequence[str]) -> AsyncIterator[MarketMessage]:
        """FastConnect Data messages for ``channels`` (one ``"<type>:<list>"`` or several),
        decoded; each channel on its own connection, subscribed again after a reconnect."""
        wanted = [channels] if isinstance(channels, str) else list(channels)
        if not wanted:
            raise ValidationError("channels must name at least one channel", argument="channels")
        subscriptions = list(dict.fromkeys(check_channel(c) for c in wanted))
        queue: asyncio.Queue[MarketMessage | BaseException] = asyncio.Queue(1000)

        async def pump(channel: str) -> None:
            async def subscribe(connection: Connection) -> None:
                await connection.invoke(MARKET_HUB, "SwitchChannels", channel)

            try:
                resilient = self._resilient(self.market_hub, dict, subscribe)
                async with contextlib.aclosing(resilient) as messages:
                    async for message in messages:
                        if message.method != "Broadcast" or not message.args:
                            continue
                        try:
                            item = parse_market(str(message.args[0]))
                        except ValueError as exc:
                            log.warning("market stream: unreadable message skipped (%s)", exc)
                            continue
                        if item.channel == "F":
                            self.sessions.record(item.content)
                        await queue.put(item)
            except Exception as exc:
                await queue.put(exc)

        tasks = [asyncio.create_task(pump(channel)) for channel in subscriptions]
        try:
            while True:
                item = await queue.get()
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(BaseException):
                    await task


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()


class Stream(SyncGroup[AsyncStream]):
    """``ssi.stream`` on the blocking client: each method returns a
    :class:`~vnfin._faces.Subscription` (iterate it, or ``.run(callback)`` /
    ``.start(callback)``)."""

    orders = streaming(AsyncStream.orders)
    market = streaming(AsyncStream.market)
