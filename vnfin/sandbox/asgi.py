"""The sandbox as an ASGI application: one HTTP request in, the router's answer out.

The loopback server (:mod:`.server`) runs it under uvicorn, whose HTTP/1.1 parser has already
refused malformed requests. Before the router sees a request, this app:

* refuses a request carrying both ``Content-Length`` and ``Transfer-Encoding`` (400): the two
  disagree on where the body ends, which RFC 9112 §6.3 says to treat as an error (it is how
  request smuggling works);
* refuses a body over :data:`~.router.MAX_BODY` with 413 — at once when ``Content-Length``
  announces it, before a byte of the body is read; a chunked body as soon as what has
  arrived passes the limit. Both answers close the connection (``Connection: close``), so
  the unread rest of the body is never parsed as another request;
* hands the router what the in-process transport hands it too: the raw request target (path
  and query exactly as sent), lower-case header names with values decoded as UTF-8 (Latin-1
  when they are not), a repeated header's values joined by ``", "``, the body bytes;
* applies the ``latency`` fault, then runs :meth:`~.router.Router.respond` in a worker thread
  so a slow call (the market is simulated on first use) does not hold up other connections,
  then holds the answer back for the reply's own ``delay`` (the order-write timeout fault).

A WebSocket handshake (uvicorn hands it over as a ``websocket`` scope) goes to the dialect that
owns its path, if that dialect serves WebSockets (a :class:`SocketDialect`, e.g. the classic
SignalR hubs of :mod:`.signalr`): it gets the same raw target and headers, after the
``latency`` fault, and runs the connection on the ASGI messages. A path no such dialect owns is
refused before the upgrade: 404 in the neutral JSON body.

Refusals are in the envelope of the dialect that owns the path (:meth:`.Router.refuse`); an
error in this module itself is a neutral JSON 500, never a text page. uvicorn drops the body
of an answer to HEAD.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol

from .replies import Reply, neutral
from .router import MAX_BODY, Router

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
CLOSE = {"Connection": "close"}


class SocketDialect(Protocol):
    """A dialect that also serves WebSockets on its paths."""

    async def websocket(
        self, target: str, headers: Mapping[str, str], receive: Receive, send: Send
    ) -> None:
        """Run one WebSocket connection whose ``websocket.connect`` has arrived: accept it
        (``websocket.accept``) or refuse it (``websocket.http.response.*``), then serve it
        until either side closes. ``target`` and ``headers`` as :meth:`.Router.respond`
        gets them."""
        ...


class _TooLarge(Exception):
    pass


class _Gone(Exception):
    """The client hung up (or the server closed the connection) before the body ended."""


class SandboxApp:
    """ASGI 3 app over ``router``; ``latency()`` is the delay to add to each request."""

    def __init__(self, router: Router, latency: Callable[[], float]) -> None:
        self.router = router
        self.latency = latency

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
            return
        if scope["type"] != "http":  # the server runs without lifespan events
            return
        try:
            answer = await self._answer(scope, receive)
        except _Gone:
            return
        except Exception as exc:  # a bug here must still be a JSON answer
            reply = neutral(500, f"sandbox failure: {type(exc).__name__}: {exc}", dict(CLOSE))
            answer = reply, reply.encode()
        await _send(send, *answer)

    async def _websocket(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if (await receive())["type"] != "websocket.connect":  # gone before the handshake
            return
        target = _target(scope)
        path = target.partition("?")[0]
        serve = getattr(self.router.owner(path), "websocket", None)
        if serve is None:
            await refuse_websocket(send, neutral(404, f"No WebSocket route {path}"))
            return
        delay = self.latency()
        if delay > 0:
            await asyncio.sleep(delay)
        await serve(target, _headers(scope["headers"]), receive, send)

    async def _answer(self, scope: dict[str, Any], receive: Receive) -> tuple[Reply, bytes]:
        target = _target(scope)
        path = target.partition("?")[0]
        headers = _headers(scope["headers"])
        if "content-length" in headers and "transfer-encoding" in headers:
            message = "Content-Length and Transfer-Encoding together"
            return self.router.refuse(path, 400, message, dict(CLOSE))
        length = headers.get("content-length", "0")
        if not (length.isascii() and length.isdigit()):  # the parser checked; so do we
            return self.router.refuse(path, 400, "Bad Content-Length", dict(CLOSE))
        too_large = f"Request body over {MAX_BODY} bytes"
        if int(length) > MAX_BODY:
            return self.router.refuse(path, 413, too_large, dict(CLOSE))
        try:
            body = await _body(receive)
        except _TooLarge:
            return self.router.refuse(path, 413, too_large, dict(CLOSE))
        delay = self.latency()
        if delay > 0:
            await asyncio.sleep(delay)
        answer = await asyncio.to_thread(
            self.router.respond, scope["method"], target, headers, body
        )
        if answer[0].delay > 0:
            await asyncio.sleep(answer[0].delay)
        return answer


def _target(scope: dict[str, Any]) -> str:
    """The raw request target: path and query exactly as sent."""
    raw = scope["raw_path"] + (b"?" + scope["query_string"] if scope["query_string"] else b"")
    return str(raw.decode("latin-1"))  # the parser lets only ASCII through


def _headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        text = _text(value)
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


async def _body(receive: Receive) -> bytes:
    """The request body, refused (:class:`_TooLarge`) as soon as it passes the limit."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, reply: Reply, payload: bytes, kind: str = "http.response") -> None:
    """Send ``reply``: as an HTTP answer, or (``kind="websocket.http.response"``) as the
    answer that refuses a WebSocket handshake."""
    headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.wire_headers().items()
    ]
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": f"{kind}.start", "status": reply.status, "headers": headers})
    await send({"type": f"{kind}.body", "body": payload})


async def refuse_websocket(send: Send, reply: Reply) -> None:
    """Refuse a WebSocket handshake with ``reply`` (an HTTP answer instead of the upgrade)."""
    await _send(send, reply, reply.encode(), "websocket.http.response")
