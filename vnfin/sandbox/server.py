"""The loopback way in: a real HTTP/1.1 server on 127.0.0.1, one thread per connection.

Like the in-process transport, it hands the raw request target, headers and body bytes to the
router. (Built on ``http.server``; a later issue replaces it with an ASGI server.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .transport import Respond


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many concurrent clients (benchmarks) connect at once

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that timed out and hung up is normal here; the sandbox never prints.
        pass


class LoopbackServer:
    """Serves ``respond`` on 127.0.0.1:``port`` (0 picks a free port) until :meth:`close`."""

    def __init__(self, respond: Respond, latency: Callable[[], float], port: int = 0) -> None:
        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                delay = latency()
                if delay > 0:
                    time.sleep(delay)
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply, payload = respond(self.command, self.path, headers, body)
                self.send_response(reply.status)
                for key, value in reply.wire_headers().items():
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
