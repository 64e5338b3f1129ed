"""What sits between a :class:`~vnfin._http.Session` and the bytes on the wire.

* :class:`Wire` wraps the httpx transport: the rate limiter's last check happens here, right
  before the request goes out (so the quota holds where the server counts), and a call can
  learn whether its request got that far (:func:`watch_wire`): an order write interrupted
  after that point may have reached the broker.
* :func:`read_body` reads a response with a size cap, compressed and decompressed. httpx
  inflates a gzip body in one step with no bound (a 49 KiB gzip becomes 50 MiB in memory), so
  vnfin asks only for ``gzip``/``deflate`` and inflates them itself with ``zlib`` in bounded
  steps. This is the one piece of HTTP plumbing vnfin writes by hand, for that measured need.
* :class:`SyncTransportAdapter` lets a sync-only httpx transport serve the async core.
* :func:`close_on` closes a connection pool on the event loop that owns it, from any thread.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from ._limiter import RateLimiter
from .errors import ResponseError

log = logging.getLogger("vnfin.http")

#: Largest response body vnfin reads, compressed or not (the biggest real answers, a whole
#: exchange's quotes, are well under 1 MiB).
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"
CLOSE_TIMEOUT = 5.0  # seconds to wait for another thread's loop to close a pool

_on_wire: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "vnfin_on_wire", default=None
)


def watch_wire() -> tuple[list[bool], contextvars.Token[list[bool] | None]]:
    """A flag that :class:`Wire` sets once this task's request is handed to the network."""
    flag = [False]
    return flag, _on_wire.set(flag)


def unwatch_wire(token: contextvars.Token[list[bool] | None]) -> None:
    _on_wire.reset(token)


class Wire(httpx.AsyncBaseTransport):
    """The last step before the network: the limiter's check of real start times."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RateLimiter) -> None:
        self._inner = inner
        self._limiter = limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        flight = await self._limiter.admit()
        flag = _on_wire.get()
        if flag is not None:
            flag[0] = True
        try:
            return await self._inner.handle_async_request(request)
        finally:
            self._limiter.landed(flight)

    async def aclose(self) -> None:
        await self._inner.aclose()


class SyncTransportAdapter(httpx.AsyncBaseTransport):
    """Lets a sync-only httpx transport serve the async core (runs it in a worker thread)."""

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        def call() -> httpx.Response:
            response = self._transport.handle_request(request)
            content = response.read()
            response.close()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return await asyncio.to_thread(call)

    async def aclose(self) -> None:
        await asyncio.to_thread(self._transport.close)


class _Inflater:
    """Bounded ``Content-Encoding`` decoding: identity, gzip or deflate."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip() for c in encoding.lower().split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise ResponseError(f"unsupported Content-Encoding {encoding!r}")
        self.coding = codings[0] if codings else None
        wbits = zlib.MAX_WBITS | 16 if self.coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._z = zlib.decompressobj(wbits) if self.coding else None
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode ``data``; never produce more than ``room`` bytes (more means too big)."""
        if self._z is None:
            return data
        try:
            out = self._z.decompress(data, room)
        except zlib.error:
            if not (self.coding == "deflate" and self._first):
                raise ResponseError("response body is not valid compressed data") from None
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
            out = self._z.decompress(data, room)
        self._first = False
        return out

    def pending(self) -> bool:
        return self._z is not None and bool(self._z.unconsumed_tail)

    def more(self, room: int) -> bytes:
        assert self._z is not None
        return self._z.decompress(self._z.unconsumed_tail, room)


async def read_body(response: httpx.Response, cap: int = MAX_RESPONSE_BYTES) -> bytes:
    """The decoded body of a streamed response, refused past ``cap`` bytes either way."""
    if response.is_stream_consumed:  # built in memory (an in-process transport): read already
        if len(response.content) > cap:
            raise _too_big(cap)
        return response.content
    try:
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > cap:
            raise _too_big(cap)
        inflater = _Inflater(response.headers.get("Content-Encoding", "identity"))
        body = bytearray()
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > cap:
                raise _too_big(cap)
            body += inflater.feed(chunk, cap - len(body) + 1)
            while len(body) <= cap and inflater.pending():
                body += inflater.more(cap - len(body) + 1)
            if len(body) > cap:
                raise _too_big(cap)
        return bytes(body)
    finally:
        await response.aclose()


def _too_big(cap: int) -> ResponseError:
    return ResponseError(f"response body larger than {cap // (1024 * 1024)} MiB: refused")


def plain_response(response: httpx.Response, body: bytes) -> httpx.Response:
    """A read response rebuilt around its decoded body (encoding headers dropped)."""
    drop = {"content-encoding", "content-length", "transfer-encoding"}
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in drop]
    return httpx.Response(
        response.status_code, headers=headers, content=body, request=response.request
    )


async def close_on(
    loop: asyncio.AbstractEventLoop,
    close: Callable[[], Coroutine[Any, Any, None]],
    current: asyncio.AbstractEventLoop,
) -> None:
    """Run ``close()`` on ``loop``, whichever thread runs it (or none)."""
    if loop is current:
        await close()
    elif loop.is_closed():
        return
    elif loop.is_running():
        future = asyncio.run_coroutine_threadsafe(close(), loop)
        try:
            await asyncio.wait_for(asyncio.wrap_future(future), CLOSE_TIMEOUT)
        except (TimeoutError, RuntimeError):
            log.warning("a connection pool on another event loop did not close in time")
    else:

        def run_idle() -> None:
            try:
                loop.run_until_complete(close())
            except RuntimeError:  # the loop started (or closed) meanwhile
                log.warning("a connection pool on an idle event loop could not be closed")

        await asyncio.to_thread(run_idle)
