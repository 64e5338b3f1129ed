"""Classic ASP.NET SignalR (protocol 1.x, not ASP.NET Core SignalR) as the sandbox serves it.

SSI's order and market-data streams are classic SignalR hubs (reference §1.9, §2.3): a client
negotiates over HTTP, then opens a WebSocket, and hub messages travel as JSON frames.
:class:`SignalRServer` is that server for any :class:`Hub`, under one base path (SSI:
``/v2.0/signalr``), written from the wire protocol as SSI's own clients use it:

* ``GET|POST {base}/negotiate?connectionData=[{"name":"<Hub>"}]&clientProtocol=1.3`` → JSON
  ``{"Url", "ConnectionToken", "ConnectionId", "KeepAliveTimeout", "DisconnectTimeout",
  "ConnectionTimeout", "TryWebSockets": true, "ProtocolVersion", "TransportConnectTimeout",
  "LongPollDelay"}``. Every hub named must exist (400) and accept the request's credentials
  (:meth:`Hub.identify`; 401 otherwise). The protocol version is the client's, capped at 1.5.
* ``GET {base}/connect?transport=webSockets&connectionToken=…&connectionData=…`` with
  ``Upgrade: websocket`` → the connection. The token must come from a negotiate, be unused, name
  the same hubs, and the credentials must identify the same caller (401, 400 otherwise: refused
  before the upgrade). The hub reads its options (SSI's ``NotifyID``) from the connect
  request's headers, else from the negotiate's.
* Frames from the server: the init message ``{"C": cursor, "S": 1, "M": []}``, then
  ``{"C": cursor, "M": [{"H": hub, "M": method, "A": [args]}]}`` per hub message, and the
  keep-alive ``{}`` after :attr:`keep_alive` seconds without a frame (``KeepAliveTimeout`` is
  twice that, as in ASP.NET). Frames from the client: invocations ``{"H", "M", "A", "I"}``,
  answered ``{"I": id}``, ``{"I": id, "R": result}`` or ``{"I": id, "E": error}`` (``I`` as a
  string, as ASP.NET echoes it); anything else is ignored.
* ``GET {base}/start`` (optional: SSI's Python client never calls it) → ``{"Response":
  "started"}``; ``POST {base}/abort`` closes the connection; ``GET {base}/ping`` →
  ``{"Response": "pong"}``. ``/reconnect`` is refused (400): clients negotiate again.

Paths and hub names are matched case-insensitively, as ASP.NET does.
:meth:`SignalRServer.drop_all` closes every open connection at once (code 1011), from any
thread: the knob a test uses to cut a stream. Connections are served by the loopback server
only (:mod:`.server`); the in-process transport answers the HTTP steps but cannot carry a
WebSocket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qs

from .asgi import Receive, Send, refuse_websocket
from .replies import Reply

PROTOCOLS = ("1.2", "1.3", "1.4", "1.5")
UNUSED_TOKEN_TTL = 300.0  # seconds a negotiated token waits for its connect
DROPPED = 1011  # close code of drop_all(): the server ends the connection

#: A hub message to the client: ``await push(method, args)``.
Push = Callable[[str, list[Any]], Awaitable[None]]


class HubError(Exception):
    """An invocation the hub refuses; answered ``{"I": id, "E": message}``."""


class HubSession(Protocol):
    """One connection's view of a hub."""

    async def run(self, push: Push) -> None:
        """Push what the hub has for the connection until cancelled (or nothing is left)."""
        ...

    async def invoke(self, method: str, args: list[Any]) -> Any:
        """Run a server method; its result (None: no ``R``), or :class:`HubError`."""
        ...


class Hub(Protocol):
    """A hub: who may use it, and a :class:`HubSession` per connection."""

    name: str

    def identify(self, headers: Mapping[str, str]) -> str | None:
        """Who the request's credentials belong to, or None to refuse it (401)."""
        ...

    def open(self, caller: str, headers: Mapping[str, str]) -> HubSession:
        """A session for ``caller``, configured by the request's ``headers``."""
        ...


class _Live:
    """One open WebSocket: numbered frames, one writer at a time, a drop switch."""

    def __init__(self, send: Send, connection_id: str) -> None:
        self.loop = asyncio.get_running_loop()
        self._send = send
        self._lock = asyncio.Lock()
        self._prefix = f"d-{connection_id[:8].upper()}-B"
        self.cursor = 0
        self.last_frame = time.monotonic()
        self.dropped = asyncio.Event()

    def _next_cursor(self) -> str:
        self.cursor += 1
        return f"{self._prefix},{self.cursor}"

    async def frame(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        async with self._lock:
            await self._send({"type": "websocket.send", "text": text})
            self.last_frame = time.monotonic()

    async def init(self) -> None:
        await self.frame({"C": self._next_cursor(), "S": 1, "M": []})

    async def message(self, hub: str, method: str, args: list[Any]) -> None:
        await self.frame({"C": self._next_cursor(), "M": [{"H": hub, "M": method, "A": args}]})

    def drop(self) -> None:
        """Close from any thread."""
        with contextlib.suppress(RuntimeError):  # the server's loop has closed already
            self.loop.call_soon_threadsafe(self.dropped.set)


@dataclass
class _Token:
    """What a negotiate handed out, until its connection ends."""

    connection_id: str
    hubs: tuple[str, ...]  # lower-case names
    callers: tuple[str, ...]  # per hub, who the credentials identified
    headers: dict[str, str]  # the negotiate's headers (hub options)
    created: float = field(default_factory=time.monotonic)
    claimed: bool = False  # a connect has used it (one connection per token)
    live: _Live | None = None


class SignalRServer:
    """Classic SignalR under ``base`` (e.g. ``/v2.0/signalr``) for ``hubs``; a router dialect
    (:class:`.router.Dialect`) that also serves WebSockets (:class:`.asgi.SocketDialect`).

    ``keep_alive``: seconds without a frame before the server sends ``{}``.
    """

    case_insensitive_paths = True

    def __init__(self, base: str, hubs: Iterable[Hub], *, keep_alive: float = 10.0) -> None:
        self.base = base.rstrip("/")
        self.prefixes: tuple[str, ...] = (self.base,)
        self.hubs = {hub.name.lower(): hub for hub in hubs}
        self.keep_alive = keep_alive
        self._tokens: dict[str, _Token] = {}
        self._lock = threading.Lock()

    # -- HTTP: negotiate, start, abort, ping ------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        path, _, query = target.partition("?")
        action = path[len(self.base) :].strip("/").lower()
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if action == "negotiate" and method in ("GET", "POST"):
            return self._negotiate(params, headers)
        if action == "ping" and method == "GET":
            return Reply(200, {"Response": "pong"})
        if action == "connect":
            return self.error(400, "Not a valid websocket request")
        if action == "reconnect":
            return self.error(400, "Reconnect is not supported: negotiate again")
        if action in ("start", "abort") and method in ("GET", "POST"):
            token = self._token(params)
            if token is None:
                return self.error(400, "Unrecognized user identity or connection token")
            if action == "start":
                return Reply(200, {"Response": "started"})
            if token.live is not None:
                token.live.drop()
            return Reply(200, {})
        return self.error(404, f"No SignalR route {path}")

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A refusal in ASP.NET's JSON error shape ``{"Message": ...}``."""
        return Reply(status, {"Message": message}, headers or {})

    def _negotiate(self, params: Mapping[str, str], headers: Mapping[str, str]) -> Reply:
        hubs = self._hubs(params)
        if isinstance(hubs, Reply):
            return hubs
        callers = [self.hubs[name].identify(headers) for name in hubs]
        if any(c is None for c in callers):
            return self.error(401, "Authorization has been denied for this request.")
        version = params.get("clientProtocol", "1.2")
        if version not in PROTOCOLS:
            version = "1.5" if _newer(version) else "1.2"
        connection_id = str(uuid.uuid4())
        key = secrets.token_urlsafe(32)
        with self._lock:
            self._prune()
            self._tokens[key] = _Token(
                connection_id, hubs, tuple(c or "" for c in callers), dict(headers)
            )
        return Reply(
            200,
            {
                "Url": self.base,
                "ConnectionToken": key,
                "ConnectionId": connection_id,
                "KeepAliveTimeout": 2 * self.keep_alive,
                "DisconnectTimeout": 30.0,
                "ConnectionTimeout": 110.0,
                "TryWebSockets": True,
                "ProtocolVersion": version,
                "TransportConnectTimeout": 5.0,
                "LongPollDelay": 0.0,
            },
        )

    def _hubs(self, params: Mapping[str, str]) -> tuple[str, ...] | Reply:
        """The lower-case hub names in ``connectionData``, or the refusal."""
        try:
            data = json.loads(params.get("connectionData") or "[]")
            names = tuple(str(entry["name"]).lower() for entry in data)
        except (ValueError, TypeError, KeyError):
            return self.error(400, "connectionData is not a list of hubs")
        if not names:
            return self.error(400, "connectionData names no hub")
        unknown = [n for n in names if n not in self.hubs]
        if unknown:
            return self.error(400, f"'{unknown[0]}' Hub could not be resolved.")
        return names

    def _token(self, params: Mapping[str, str]) -> _Token | None:
        with self._lock:
            return self._tokens.get(params.get("connectionToken", ""))

    def _prune(self) -> None:
        old = time.monotonic() - UNUSED_TOKEN_TTL
        for key in [k for k, t in self._tokens.items() if t.live is None and t.created < old]:
            del self._tokens[key]

    # -- the WebSocket ----------------------------------------------------------------------

    async def websocket(
        self, target: str, headers: Mapping[str, str], receive: Receive, send: Send
    ) -> None:
        """Serve one ``/connect`` (see the module)."""
        key, token = self._admit(target, headers)
        if isinstance(token, Reply):
            await refuse_websocket(send, token)
            return
        options = {**token.headers, **headers}
        try:
            sessions = {
                name: (self.hubs[name].name, self.hubs[name].open(caller, options))
                for name, caller in zip(token.hubs, token.callers, strict=True)
            }
        except HubError as exc:  # the hub refuses its options (say, a bad NotifyID)
            with self._lock:
                self._tokens.pop(key, None)
            await refuse_websocket(send, self.error(400, str(exc)))
            return
        await send({"type": "websocket.accept"})
        live = _Live(send, token.connection_id)
        token.live = live
        try:
            await live.init()
            await self._serve(live, sessions, receive)
        finally:
            with self._lock:
                self._tokens.pop(key, None)
        with contextlib.suppress(Exception):  # the client may be gone already
            code = DROPPED if live.dropped.is_set() else 1000
            await send({"type": "websocket.close", "code": code})

    def _admit(self, target: str, headers: Mapping[str, str]) -> tuple[str, _Token | Reply]:
        """The connect's token, or the refusal to answer instead of the upgrade."""
        path, _, query = target.partition("?")
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if path[len(self.base) :].strip("/").lower() != "connect":
            return "", self.error(404, f"No WebSocket route {path}")
        if params.get("transport", "").lower() != "websockets":
            return "", self.error(400, "Unsupported transport: use webSockets")
        key = params.get("connectionToken", "")
        hubs = self._hubs(params)
        if isinstance(hubs, Reply):
            return key, hubs
        with self._lock:
            token = self._tokens.get(key)
            if token is None or token.claimed or set(hubs) != set(token.hubs):
                return key, self.error(400, "Unrecognized user identity or connection token")
            callers = tuple(self.hubs[name].identify(headers) for name in token.hubs)
            if callers != token.callers:
                return key, self.error(401, "Authorization has been denied for this request.")
            token.claimed = True
            return key, token

    async def _serve(
        self, live: _Live, sessions: Mapping[str, tuple[str, HubSession]], receive: Receive
    ) -> None:
        """Run the hubs, the keep-alive and the reader until the client leaves or a drop."""

        def pusher(hub: str) -> Push:
            return lambda method, args: live.message(hub, method, args)

        ending = {
            asyncio.ensure_future(self._read(live, sessions, receive)),
            asyncio.ensure_future(live.dropped.wait()),
            asyncio.ensure_future(self._keep_alive(live)),
        }
        feeds = {asyncio.ensure_future(s.run(pusher(hub))) for hub, s in sessions.values()}
        try:
            pending = ending | feeds
            while True:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                if done & ending or any(t.exception() is not None for t in done):
                    return  # a hub that fails ends the connection; the client reconnects
        finally:
            for task in ending | feeds:
                task.cancel()
            await asyncio.gather(*ending, *feeds, return_exceptions=True)

    async def _keep_alive(self, live: _Live) -> None:
        while True:
            wait = live.last_frame + self.keep_alive - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            await live.frame({})

    async def _read(
        self, live: _Live, sessions: Mapping[str, tuple[str, HubSession]], receive: Receive
    ) -> None:
        """Answer the client's invocations until it disconnects."""
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                text = (message.get("bytes") or b"").decode("utf-8", "replace")
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict) and "H" in data and "M" in data and "I" in data:
                await live.frame(await self._invoke(sessions, data))

    @staticmethod
    async def _invoke(
        sessions: Mapping[str, tuple[str, HubSession]], data: dict[str, Any]
    ) -> dict[str, Any]:
        answer: dict[str, Any] = {"I": str(data["I"])}
        entry = sessions.get(str(data["H"]).lower())
        args = data.get("A") or []
        if entry is None:
            answer["E"] = f"'{data['H']}' Hub could not be resolved."
            return answer
        try:
            result = await entry[1].invoke(str(data["M"]), list(args))
        except HubError as exc:
            answer["E"] = str(exc)
        except Exception as exc:  # a sandbox bug: say so, keep the connection
            answer["E"] = f"sandbox failure: {type(exc).__name__}: {exc}"
        else:
            if result is not None:
                answer["R"] = result
        return answer

    # -- knobs --------------------------------------------------------------------------------

    @property
    def connections(self) -> int:
        """How many WebSocket connections are open now."""
        with self._lock:
            return sum(1 for t in self._tokens.values() if t.live is not None)

    def drop_all(self) -> int:
        """Close every open connection (code 1011), as a network failure or a server restart
        would; returns how many. Callable from any thread."""
        with self._lock:
            live = [t.live for t in self._tokens.values() if t.live is not None]
        for connection in live:
            connection.drop()
        return len(live)


def _newer(version: str) -> bool:
    """True when ``version`` is a protocol version above the newest this server speaks."""
    try:
        major, minor = (int(part) for part in version.split(".", 1))
    except ValueError:
        return False
    return (major, minor) > (1, 5)
