"""The in-process way in: an httpx transport for sync and async clients, any host.

It hands the raw request target (path and query exactly as encoded on the wire), the headers
and the body bytes to the router, so signatures are checked over what the client sent, and
answers HEAD without a body, as the loopback server does. The ``latency`` fault waits before a
request is handled; a reply's own ``delay`` after (the order-write timeout fault), on the
event loop for async clients, so a client's timeout can interrupt it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping

import httpx

from .replies import Reply

Respond = Callable[[str, str, Mapping[str, str], bytes], tuple[Reply, bytes]]


class SandboxTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """In-process transport for sync and async httpx clients; routes by path, any host.

    ``respond`` answers a request (see :meth:`vnfin.sandbox.router.Router.respond`);
    ``latency()`` returns the delay to add to each request, in seconds.
    """

    #: what a client's session checks to know its data is simulated (the store keeps it apart)
    vnfin_sandbox = True

    def __init__(self, respond: Respond, latency: Callable[[], float]) -> None:
        self._respond = respond
        self._latency = latency

    def _reply(self, request: httpx.Request, body: bytes) -> tuple[Reply, bytes]:
        target = request.url.raw_path.decode("ascii")
        headers = {k.lower(): v for k, v in request.headers.items()}
        return self._respond(request.method, target, headers, body)

    @staticmethod
    def _response(request: httpx.Request, reply: Reply, payload: bytes) -> httpx.Response:
        content = b"" if request.method == "HEAD" else payload  # as a server would send it
        return httpx.Response(
            reply.status, headers=reply.wire_headers(), content=content, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        delay = self._latency()
        if delay > 0:
            time.sleep(delay)
        reply, payload = self._reply(request, body)
        if reply.delay > 0:
            time.sleep(reply.delay)
        return self._response(request, reply, payload)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        delay = self._latency()
        if delay > 0:
            await asyncio.sleep(delay)
        reply, payload = self._reply(request, body)
        if reply.delay > 0:
            await asyncio.sleep(reply.delay)
        return self._response(request, reply, payload)
