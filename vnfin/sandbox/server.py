"""The loopback way in: the sandbox served over real HTTP/1.1 on 127.0.0.1 by uvicorn.

:class:`LoopbackServer` binds a socket itself (port 0 picks a free one, so the URL is known
at once), then runs a uvicorn ``Server`` over it on a thread and event loop of its own,
serving :class:`.asgi.SandboxApp`. uvicorn's h11 protocol does the HTTP/1.1 work: the request
line and headers (refused once 16 KiB have arrived without the head ending; the router refuses
smaller heads that are still too long, with 414 or 431), ``Content-Length`` (digits only; a
non-numeric, negative or second different value is refused), ``Transfer-Encoding: chunked``
(no other coding), keep-alive, pipelining (requests sent back to back on a connection are
answered one at a time, in order), HEAD (headers, no body).

What this module adds, in :class:`SandboxProtocol` — uvicorn's ``H11Protocol`` subclassed and
passed as ``http=``, the one hook that sees a connection before its request is complete:

* **A read deadline.** A request must arrive in full within ``read_timeout`` seconds of the
  connection opening or of the previous answer on it, or the connection is closed without
  an answer. uvicorn (0.30 to 0.54) has no such timeout: ``timeout_keep_alive`` is armed once a
  response has been sent and is cancelled by any byte received, so a client that connects
  and sends nothing, or half a request line, or half a body, would hold its connection for
  ever; and an ASGI app is called only once the request head is complete, so no app-level
  watchdog can see those connections.
* **JSON for malformed HTTP.** What h11 refuses before any app runs (a bad request line, a
  bad ``Content-Length``, a head still unfinished after 16 KiB, a transfer coding other
  than chunked, no ``Host``, ...)
  is answered 400 — uvicorn's status, whatever the fault — with the neutral JSON body and the
  simulated-data marker instead of uvicorn's plain text, and the connection is closed. No
  dialect sees these requests, and they are not counted in ``requests_seen``.
* **A quick close.** :meth:`LoopbackServer.close` closes at once the connections waiting
  for a request or halfway through a body; answers in progress finish (for at most 5 s).
* **WebSockets.** A ``GET`` with ``Upgrade: websocket`` is handed to uvicorn's sans-I/O
  WebSocket protocol (over the ``websockets`` library that uvicorn drives; the sandbox's own
  code only sees ASGI messages: :mod:`.asgi`). The read deadline stops at the upgrade: a
  WebSocket stays open as long as both ends keep it, and :meth:`LoopbackServer.close` closes
  it with code 1012 (service restart). The handshake's log lines (uvicorn's and
  ``websockets``', DEBUG and INFO) leave out the request's query and header values: they
  carry bearer and connection tokens (:class:`SandboxWebSocket`).

Chunked bodies and smuggling: a chunked body ends at its terminating chunk, whatever the chunks
contain (a fake last chunk and a request inside chunk data are body bytes). The bytes after the
terminating chunk are the next request on the connection, by HTTP/1.1 pipelining rules:
answered after the first, in order, and verified on its own — never part of the first request
nor authenticated by it. A request with both ``Content-Length`` and ``Transfer-Encoding`` is
refused and its connection closed (:mod:`.asgi`), so nothing after it is read.

Nothing is printed: uvicorn's loggers get a ``NullHandler`` (its records still reach any
handlers the process configures) and access logging is off per connection, rather than
through ``Config(access_log=False)``, which would rewire the process-wide ``uvicorn.access``
logger, say of a notebook's own uvicorn app.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from .asgi import SandboxApp
from .replies import neutral
from .router import MAX_BODY, Router

READ_TIMEOUT = 10.0  # seconds for a request to arrive in full
KEEP_ALIVE = 5  # seconds an idle connection stays open after an answer (uvicorn's default)
BACKLOG = 512  # connections waiting to be accepted: benchmarks open many at once
GRACE = 5  # seconds close() waits for answers in progress

logging.getLogger("uvicorn").addHandler(logging.NullHandler())


class SandboxProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a read deadline and JSON 400s (see the module)."""

    read_timeout = READ_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access_log = False  # whatever logging the process has set up (see the module)
        self._deadline: asyncio.TimerHandle | None = None
        self._upgraded = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        """The connection becomes a WebSocket (another protocol object serves it from now
        on): this one's read deadline must not close it later."""
        self._upgraded = True
        self._stop_deadline()
        super().handle_websocket_upgrade(event)

    def shutdown(self) -> None:
        if self.conn.their_state is h11.SEND_BODY:  # half a body will not be finished now
            self.transport.close()
        else:  # waiting for a request: closed; answering one: closed after the answer
            super().shutdown()

    def send_400_response(self, msg: str) -> None:
        """h11 refused what arrived: answer in JSON (uvicorn writes text/plain), then close."""
        reply = neutral(400, "Invalid HTTP request")
        payload = reply.encode()
        headers = [(k.encode(), v.encode()) for k, v in reply.wire_headers().items()]
        headers += [(b"content-length", str(len(payload)).encode()), (b"connection", b"close")]
        try:
            for event in (
                h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                h11.Data(data=payload),
                h11.EndOfMessage(),
            ):
                self.transport.write(self.conn.send(event))
        except h11.LocalProtocolError:  # an answer had already begun: just hang up
            pass
        self.transport.close()

    def _watch(self) -> None:
        """Keep the deadline running exactly while (the rest of) a request is awaited."""
        waiting = not self._upgraded and not self.transport.is_closing()
        waiting = waiting and self.conn.their_state in (
            h11.IDLE,
            h11.SEND_BODY,
        )
        if waiting and self._deadline is None:
            self._deadline = self.loop.call_later(self.read_timeout, self._expire)
        elif not waiting:
            self._stop_deadline()

    def _expire(self) -> None:
        self._deadline = None
        self.transport.close()

    def _stop_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None


class _Redacted(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A logger that leaves out what a WebSocket handshake carries: the query of a request
    path (connection tokens) and header values (bearer tokens)."""

    @property
    def level(self) -> int:  # uvicorn reads its logger's level
        return int(self.logger.level)

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        shown = tuple(
            a.partition("?")[0] + "?…"
            if isinstance(a, str) and a.startswith("/") and "?" in a
            else a
            for a in args
        )
        if msg in ("< %s: %s", "> %s: %s") and len(shown) == 2:
            shown = (shown[0], "…")
        super().log(level, msg, *shown, **kwargs)


class SandboxWebSocket(WebSocketsSansIOProtocol):
    """uvicorn's sans-I/O WebSocket protocol, logging through :class:`_Redacted`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quiet = _Redacted(self.logger, {})
        self.logger = quiet  # type: ignore[assignment]
        self.conn.logger = quiet


class LoopbackServer:
    """Serves ``router`` on 127.0.0.1:``port`` (0 picks a free port) until :meth:`close`.

    ``latency()`` is the delay to add to each request; ``read_timeout`` the seconds a
    request may take to arrive in full.
    """

    def __init__(
        self,
        router: Router,
        latency: Callable[[], float],
        port: int = 0,
        *,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        class Protocol(SandboxProtocol):
            pass

        Protocol.read_timeout = read_timeout
        # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say
        # they are TCP, and with Nagle on, an answer written as head then body waits for the
        # client's delayed ACK: 40 ms a request.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(BACKLOG)
        except OSError:
            listener.close()
            raise
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        self.listener = listener
        config = uvicorn.Config(
            SandboxApp(router, latency),
            http=Protocol,
            ws=SandboxWebSocket,
            ws_max_size=MAX_BODY,
            lifespan="off",
            loop="asyncio",
            interface="asgi3",
            log_config=None,
            proxy_headers=False,
            server_header=False,
            backlog=BACKLOG,
            timeout_keep_alive=KEEP_ALIVE,
            timeout_graceful_shutdown=GRACE,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [listener]}, name="vnfin-sandbox"
        )
        self._thread.daemon = True
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:  # listening already; this surfaces a failed start
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._server.should_exit = True
                listener.close()
                raise RuntimeError("the vnfin sandbox server did not start")
            time.sleep(0.002)

    def close(self) -> None:
        """Stop accepting, close idle connections, finish answers in progress, stop."""
        self._server.should_exit = True
        self._thread.join(timeout=GRACE + 5)
