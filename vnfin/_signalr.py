"""A small client for classic ASP.NET SignalR (protocol 1.x), WebSockets transport only.

Why vnfin writes one: SSI's FastConnect v2 streams (reference §1.9, §2.3) are classic
SignalR hubs, not ASP.NET Core SignalR, and Python has no maintained client for the classic
protocol. SSI's own Python clients vendor a copy of an abandoned one, on ``websocket-client``
with TLS verification switched off (``CERT_NONE``) and the bearer token printed. The protocol
needs little: this module is that little, over the maintained ``websockets`` library for the
WebSocket (TLS verified with the system's default context) and httpx for the HTTP step.

One :class:`Connection`:

1. **negotiate** — ``POST {url}/negotiate?connectionData=[{"name":"<Hub>"}]&clientProtocol=…``
   with the caller's headers (``Authorization``, SSI's ``NotifyID``), through the caller's
   httpx transport; the answer gives ``ConnectionToken``, ``ProtocolVersion`` and
   ``KeepAliveTimeout``;
2. **connect** — ``wss://…/connect?transport=webSockets&clientProtocol=…&connectionToken=…
   &connectionData=…`` with the same headers; the server's init message (``"S": 1``) says the
   connection is up. The optional ``/start`` request is not sent (SSI's clients never send it);
3. **frames** — ``{"C", "M": [{"H", "M", "A"}]}`` carries hub messages, yielded as
   :class:`HubMessage`; ``{"I", "R"|"E"}`` answers an :meth:`Connection.invoke`; ``{}`` is the
   server's keep-alive. Silence longer than ``KeepAliveTimeout`` means the link is dead: the
   connection closes and iteration raises :class:`~vnfin.errors.TransportError` (WebSocket
   pings are answered by ``websockets`` itself).

Errors: a refused negotiate or handshake raises the :class:`~vnfin.errors.APIError` for its
HTTP status (401/403 :class:`~vnfin.errors.AuthError`); no answer, a broken link or a closed
connection raise :class:`~vnfin.errors.TransportError`. Reconnecting is the caller's choice
(:mod:`vnfin.ssi.stream` resumes with ``NotifyID``). No header, token or connection token
appears in a repr, an error or a log line: the handshake lines ``websockets`` logs at DEBUG
are redacted (:class:`_Redacted`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import quote, urlencode

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from ._transport import SyncTransportAdapter
from ._version import __version__
from .errors import APIError, AuthError, BadRequest, NotFound, ServerError, TransportError

log = logging.getLogger("vnfin.signalr")

PROTOCOL = "1.3"
MAX_FRAME = 4 * 1024 * 1024  # bytes; a whole exchange's quote is well under this
QUEUE = 10_000  # hub messages buffered before reading pauses (the server then waits)
DEFAULT_KEEP_ALIVE = 20.0  # seconds of silence allowed when negotiate does not say


@dataclass(frozen=True)
class HubMessage:
    """One hub message from the server: ``hub.method(*args)``."""

    hub: str
    method: str
    args: tuple[Any, ...]


class _Redacted(logging.LoggerAdapter):  # type: ignore[type-arg]
    """The ``websockets`` logger for a connection, without secrets: the handshake request's
    query (the connection token) and every request header value are left out."""

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        if msg == "> GET %s HTTP/1.1" and args:
            args = (str(args[0]).partition("?")[0] + "?…",)
        elif msg == "> %s: %s" and len(args) == 2:
            args = (args[0], "…")
        super().log(level, msg, *args, **kwargs)


def backoff(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Seconds to wait before reconnect ``attempt`` (0 first): exponential, capped, with
    full jitter so many clients do not come back at once."""
    return random.uniform(0.5, 1.0) * min(cap, base * 2.0**attempt)


class Connection:
    """One classic SignalR connection to ``hubs`` at ``url`` (e.g.
    ``https://fc-tradehub.ssi.com.vn/v2.0/signalr``); see the module.

    ``headers`` go with negotiate and connect (never shown); ``transport`` is the httpx
    transport for negotiate (the client's, so tests and proxies apply); ``timeout`` bounds
    negotiate, the handshake and each :meth:`invoke`. Use as ``async with`` (or call
    :meth:`open` and :meth:`close`), then ``async for message in connection``.
    """

    def __init__(
        self,
        url: str,
        hubs: Sequence[str],
        *,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None,
        protocol: str = PROTOCOL,
        timeout: float = 10.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.hubs = tuple(hubs)
        self._headers = dict(headers or {})
        self._transport = transport
        self.protocol = protocol
        self.timeout = timeout
        self.keep_alive = DEFAULT_KEEP_ALIVE
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._queue: asyncio.Queue[HubMessage | TransportError] = asyncio.Queue(QUEUE)
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._started = asyncio.Event()
        self._next_id = 0
        self._closing = False
        self._failure: TransportError | None = None  # why the connection ended

    def __repr__(self) -> str:
        state = "open" if self._ws is not None and not self._closing else "closed"
        return f"<vnfin SignalR connection to {self.url} hubs={list(self.hubs)} {state}>"

    @property
    def host(self) -> str:
        return httpx.URL(self.url).host

    def _connection_data(self) -> str:
        return json.dumps([{"name": hub} for hub in self.hubs], separators=(",", ":"))

    def _fail(self, message: str, exc: BaseException | None = None) -> TransportError:
        detail = f"{message}: {type(exc).__name__}" if exc is not None else message
        return TransportError(f"SignalR {detail}", host=self.host)

    # -- opening ------------------------------------------------------------------------------

    async def open(self) -> Self:
        """Negotiate, connect and wait for the server's init message."""
        negotiated = await self._negotiate()
        self.protocol = str(negotiated.get("ProtocolVersion") or self.protocol)
        keep_alive = negotiated.get("KeepAliveTimeout")
        if isinstance(keep_alive, int | float) and keep_alive > 0:
            self.keep_alive = float(keep_alive)
        query = urlencode(
            {
                "transport": "webSockets",
                "clientProtocol": self.protocol,
                "connectionToken": str(negotiated["ConnectionToken"]),
                "connectionData": self._connection_data(),
            },
            quote_via=quote,
        )
        target = httpx.URL(self.url)
        scheme = "wss" if target.scheme == "https" else "ws"
        address = str(target.copy_with(scheme=scheme, query=None)) + "/connect?" + query
        tls = ssl.create_default_context() if scheme == "wss" else None
        try:
            self._ws = await connect(
                address,
                additional_headers=self._headers,
                user_agent_header=f"vnfin/{__version__}",
                open_timeout=self.timeout,
                max_size=MAX_FRAME,
                ssl=tls,
                logger=_Redacted(logging.getLogger("websockets.client")),
            )
        except InvalidStatus as exc:
            raise _refused(exc.response.status_code, "connect", self.url) from None
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            raise self._fail("connect failed", exc) from None
        self._reader = asyncio.create_task(self._read(self._ws))
        try:
            async with asyncio.timeout(self.timeout):
                await self._started.wait()
        except TimeoutError:
            await self.close()
            raise self._fail("server sent no init message") from None
        if self._failure is not None:  # the connection ended before its init message
            await self.close()
            raise self._failure
        log.debug("connected to %s (hubs %s)", self.url, ", ".join(self.hubs))
        return self

    async def _negotiate(self) -> dict[str, Any]:
        query = urlencode(
            {"clientProtocol": self.protocol, "connectionData": self._connection_data()},
            quote_via=quote,
        )
        transport = self._transport
        if isinstance(transport, httpx.BaseTransport):
            transport = SyncTransportAdapter(transport)
        headers = {"User-Agent": f"vnfin/{__version__}", **self._headers}
        async with httpx.AsyncClient(transport=transport, timeout=self.timeout) as http:
            try:
                response = await http.post(f"{self.url}/negotiate?{query}", headers=headers)
            except httpx.TransportError as exc:
                raise self._fail("negotiate failed", exc) from None
        if response.status_code != 200:
            raise _refused(response.status_code, "negotiate", self.url)
        try:
            answer = response.json()
            if not isinstance(answer, dict) or "ConnectionToken" not in answer:
                raise ValueError("no ConnectionToken")
        except ValueError:
            raise self._fail("negotiate answered something that is not SignalR") from None
        return answer

    # -- reading --------------------------------------------------------------------------------

    async def _read(self, ws: ClientConnection) -> None:
        """Route every frame until the connection ends; then wake every waiter with why."""
        failure = self._fail("connection closed")
        try:
            while True:
                try:
                    async with asyncio.timeout(self.keep_alive):
                        raw = await ws.recv()
                except TimeoutError:
                    failure = self._fail(f"server silent for {self.keep_alive:g}s (keep-alive)")
                    break
                await self._route(raw)
        except ConnectionClosed as exc:
            reason = f"connection closed (code {exc.rcvd.code if exc.rcvd else 1006})"
            failure = self._fail(reason)
        except Exception as exc:  # a frame vnfin cannot read: end the connection, say why
            failure = self._fail("unreadable frame", exc)
        finally:
            self._failure = failure
            self._started.set()
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(failure)
            self._pending.clear()
            with contextlib.suppress(asyncio.QueueFull):
                self._queue.put_nowait(failure)
            with contextlib.suppress(Exception):
                await ws.close()

    async def _route(self, raw: str | bytes) -> None:
        frame = json.loads(raw)
        if not isinstance(frame, dict) or not frame:
            return  # {} is the keep-alive: its arrival is all it says
        if "I" in frame and "C" not in frame:
            future = self._pending.pop(str(frame["I"]), None)
            if future is not None and not future.done():
                if frame.get("E") is not None:
                    future.set_exception(APIError(f"hub error: {frame['E']}"))
                else:
                    future.set_result(frame.get("R"))
            return
        if frame.get("S") == 1:
            self._started.set()
        for item in frame.get("M") or ():
            if isinstance(item, dict) and "M" in item:
                args = item.get("A") or ()
                message = HubMessage(str(item.get("H", "")), str(item["M"]), tuple(args))
                await self._queue.put(message)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> HubMessage:
        """The next hub message; raises :class:`~vnfin.errors.TransportError` once the
        connection has ended (StopAsyncIteration after :meth:`close`)."""
        if self._closing:
            raise StopAsyncIteration
        if self._ws is None:
            raise self._fail("connection is not open")
        if self._queue.empty() and self._failure is not None:
            raise self._failure.with_traceback(None)
        item = await self._queue.get()
        if isinstance(item, TransportError):  # the reader saying the connection ended
            if self._closing:
                raise StopAsyncIteration
            raise item.with_traceback(None)
        return item

    # -- invoking and closing ------------------------------------------------------------------

    async def invoke(self, hub: str, method: str, *args: Any) -> Any:
        """Call ``hub.method(*args)`` on the server; returns its result (``R``). A refusal
        (``E``) raises :class:`~vnfin.errors.APIError`."""
        if self._ws is None or self._reader is None or self._reader.done():
            raise self._fail("connection is not open")
        key = str(self._next_id)
        self._next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        frame = {"H": hub, "M": method, "A": list(args), "I": key}
        try:
            await self._ws.send(json.dumps(frame, ensure_ascii=False))
            async with asyncio.timeout(self.timeout):
                return await future
        except ConnectionClosed:
            raise self._fail("connection closed") from None
        except TimeoutError:
            raise self._fail(f"no answer to {method} in {self.timeout:g}s") from None
        finally:
            self._pending.pop(key, None)

    async def close(self) -> None:
        """Close the connection (normal closure); iteration then ends."""
        self._closing = True
        reader, self._reader = self._reader, None
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(BaseException):
                await reader

    async def __aenter__(self) -> Self:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _refused(status: int, step: str, url: str) -> APIError:
    """The error for a negotiate or handshake the server answered with ``status``."""
    cls: type[APIError] = ServerError if status >= 500 else APIError
    if status in (401, 403):
        cls = AuthError
    elif status == 404:
        cls = NotFound
    elif status == 400:
        cls = BadRequest
    path = httpx.URL(url).path
    method = "POST" if step == "negotiate" else "GET"
    return cls(f"SignalR {step} refused", status_code=status, method=method, path=f"{path}/{step}")
