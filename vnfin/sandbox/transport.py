"""How requests reach the sandbox: an in-process httpx transport and a loopback HTTP server.

Both hand the raw request target, headers and body bytes to the same dialect ``handle``, so
signatures are checked over exactly what the client put on the wire.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from .._http import SANDBOX_HEADER
from .replies import SandboxReply, error

Handler = Callable[[str, str, Mapping[str, str], bytes], SandboxReply]


def _headers(reply: SandboxReply) -> dict[str, str]:
    return {"Content-Type": "application/json", SANDBOX_HEADER: "simulated-data", **reply.headers}


def _respond(
    handle: Handler, method: str, target: str, headers: Mapping[str, str], body: bytes
) -> tuple[SandboxReply, bytes]:
    """Run the dialect; a crash inside the sandbox is a 500 envelope that names it."""
    try:
        reply = handle(method, target, headers, body)
        return reply, reply.encode()
    except Exception as exc:  # a sandbox bug must surface as an answer, not a dropped socket
        reply = error(500, "500", f"sandbox failure: {type(exc).__name__}: {exc}")
        return reply, reply.encode()


class SandboxTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """In-process transport for sync and async httpx clients; routes by path, any host.

    ``latency()`` returns the delay to add to each request, in seconds.
    """

    def __init__(self, handle: Handler, latency: Callable[[], float]) -> None:
        self._handle = handle
        self._latency = latency

    def _answer(self, request: httpx.Request, body: bytes) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        headers = {k.lower(): v for k, v in request.headers.items()}
        reply, payload = _respond(self._handle, request.method, target, headers, body)
        return httpx.Response(
            reply.status, headers=_headers(reply), content=payload, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        delay = self._latency()
        if delay > 0:
            time.sleep(delay)
        return self._answer(request, body)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        delay = self._latency()
        if delay > 0:
            await asyncio.sleep(delay)
        return self._answer(request, body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many concurrent clients (benchmarks) connect at once

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that timed out and hung up is normal here; the sandbox never prints.
        pass


class LoopbackServer:
    """A real HTTP/1.1 server on 127.0.0.1, one thread per connection."""

    def __init__(self, handle: Handler, latency: Callable[[], float], port: int = 0) -> None:
        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                delay = latency()
                if delay > 0:
                    time.sleep(delay)
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply, payload = _respond(handle, self.command, self.path, headers, body)
                self.send_response(reply.status)
                for key, value in _headers(reply).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: object) -> None:
                pass  # the sandbox never prints

        self._server = _Server(("127.0.0.1", port), RequestHandler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="vnfin-sandbox", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
