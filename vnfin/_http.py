"""The request core every broker client goes through.

A :class:`~vnfin._call.Call` (a pure description of one request, built by a broker's
``routes`` module) goes to the :class:`Session` of its host: token (outside the gate) →
concurrency gate → rate limiter → signed httpx request (:mod:`vnfin._transport` below it) →
broker decoder → :class:`~vnfin._call.Reply`. A client holds one session per host
it talks to (SSI has a trading and a data host, each with its own keys and quota).

Broker specifics come in as plug-ins: an ``httpx.Auth`` that signs, a ``decode`` function
that returns a response's payload or raises the broker's typed error (mapped with an
:class:`~vnfin._call.ErrorRule` table), and optionally a token source (SSI's AccessToken,
DNSE's login).

Retries: only idempotent calls (GETs) are retried, on 429, 5xx and transport errors, with
exponential backoff and jitter; a 429 waits for the server's reset time and holds back every
other request of the session meanwhile, and at least a floor with jitter. Writes are never
retried. The signer runs again on
every attempt, so each attempt has a fresh timestamp and nonce.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from ._call import Call, Decoder, Reply, api_error
from ._limiter import RateLimiter
from ._loop import note
from ._transport import (
    ACCEPT_ENCODING,
    MAX_RESPONSE_BYTES,
    SyncTransportAdapter,
    Wire,
    close_on,
    plain_response,
    read_body,
    unwatch_wire,
    watch_wire,
)
from ._version import __version__
from .errors import (
    APIError,
    AuthError,
    OrderStateUnknown,
    RateLimitError,
    RequestTimeout,
    ServerError,
    TransportError,
    TwoFactorRequired,
    VnfinError,
)

log = logging.getLogger("vnfin.http")

#: Response header by which vnfin's sandbox marks every answer as simulated data. The sandbox
#: defines the same name on its side; a contract test checks that the two agree.
SIMULATED_HEADER = "X-Vnfin-Sandbox"


@dataclass(frozen=True)
class RetryPolicy:
    """How idempotent calls are retried. Writes are never retried, whatever this says.

    After a 429 vnfin waits for the server's reset time, and at least ``min_wait`` seconds
    plus jitter even when that time has already passed (or the clocks disagree), so a
    busy server is not asked again at once by every client.
    """

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_wait: float = 65.0  # longest server-requested 429 wait we will sit through
    min_wait: float = 0.5

    def delay(self, attempt: int, error: Exception) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > self.max_wait:
                return None
            return max(error.retry_after, self.min_wait) + random.uniform(0, self.min_wait)
        base = min(self.max_backoff, self.backoff * 2.0**attempt)
        return base * random.uniform(0.5, 1.5)


class TokenSource(Protocol):
    """Headers that carry a session token (SSI's bearer token, DNSE's JWT).

    :meth:`headers` runs outside the session's concurrency gate, so fetching a token through
    the same session can never wait behind the requests that are waiting for it.
    """

    async def headers(self) -> Mapping[str, str]: ...

    def invalidate(self) -> None: ...


@dataclass
class _LoopState:
    client: httpx.AsyncClient
    gate: asyncio.Semaphore


@dataclass
class Session:
    """Sends :class:`Call` objects to one host; shared by a client's sync and async faces.

    ``timeout`` bounds each attempt as a whole (connect, send and every read), ``deadline``
    the whole call: attempts, retries and the waits between them (not the time spent
    waiting for the rate limiter or a free connection). httpx pools and semaphores belong
    to one event loop, so the session keeps one pool per loop it is used on; :meth:`aclose`
    closes all of them, whichever thread runs each loop.

    A write interrupted (cancelled, Ctrl-C) after its request reached the transport may have
    reached the broker: the next call on the session raises :class:`OrderStateUnknown` for
    it, so it is never forgotten; it is never sent again.
    """

    base_url: str
    decode: Decoder
    auth: httpx.Auth | None = None
    token: TokenSource | None = None
    transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None
    timeout: float = 10.0
    deadline: float = 120.0
    limiter: RateLimiter = field(default_factory=RateLimiter)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_concurrency: int = 16
    max_response_bytes: int = MAX_RESPONSE_BYTES
    headers: Mapping[str, str] = field(default_factory=dict)
    unknown_writes: list[OrderStateUnknown] = field(default_factory=list, repr=False)
    _states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = field(
        default_factory=weakref.WeakKeyDictionary, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def host(self) -> str:
        return httpx.URL(self.base_url).host

    @property
    def local(self) -> bool:
        """True when this session talks to a sandbox rather than the broker's own servers: a
        transport marked ``vnfin_sandbox`` (the in-process sandbox), or a loopback host (a
        broker is never on this machine). The history store keeps such data apart."""
        if getattr(self.transport, "vnfin_sandbox", False):
            return True
        host = self.host
        return host in ("localhost", "::1") or host.startswith("127.")

    def _state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        with self._lock:
            state = self._states.get(loop)
            if state is None:
                state = _LoopState(self._client(), asyncio.Semaphore(self.max_concurrency))
                self._states[loop] = state
            return state

    def _client(self) -> httpx.AsyncClient:
        inner = self.transport
        if inner is None:
            inner = httpx.AsyncHTTPTransport()
        elif not isinstance(inner, httpx.AsyncBaseTransport):
            inner = SyncTransportAdapter(inner)
        headers = {
            "User-Agent": f"vnfin/{__version__}",
            "Accept-Encoding": ACCEPT_ENCODING,
            **self.headers,
        }
        return httpx.AsyncClient(
            base_url=self.base_url.rstrip("/"),
            transport=Wire(inner, self.limiter),
            timeout=httpx.Timeout(self.timeout),
            headers=headers,
            follow_redirects=False,
        )

    async def send(self, call: Call) -> Reply:
        """Send ``call``, retrying only if it is idempotent; return the decoded reply."""
        with self._lock:
            unknown = self.unknown_writes.pop(0) if self.unknown_writes else None
        if unknown is not None:
            raise unknown
        attempt = 0
        spent = 0.0
        fresh_token = False
        while True:
            started = time.monotonic()
            try:
                return await self._send_once(call, min(self.timeout, self.deadline - spent))
            except AuthError as error:
                # A refused token is dropped so the next call fetches a new one; a read is
                # tried once more with it. TwoFactorRequired needs the user, not a new token.
                if self.token is None or not call.authenticated:
                    raise
                if isinstance(error, TwoFactorRequired):
                    raise
                self.token.invalidate()
                if fresh_token or not call.retryable:
                    raise
                fresh_token = True
            except (RateLimitError, ServerError, TransportError) as error:
                spent += time.monotonic() - started
                if isinstance(error, TransportError):
                    error.attempts = attempt + 1
                delay = self.retry.delay(attempt, error) if call.retryable else None
                if isinstance(error, TransportError) and not error.retryable:
                    delay = None
                if delay is None or spent + delay >= self.deadline:
                    raise
                if isinstance(error, RateLimitError):
                    self.limiter.pause(delay)
                attempt += 1
                log.info(
                    "retry %d of %s %s in %.2fs: %s", attempt, call.method, call.path, delay, error
                )
                await asyncio.sleep(delay)
                spent += delay

    async def _send_once(self, call: Call, budget: float) -> Reply:
        state = self._state()
        outcome = await self._exchange(state, call, budget)
        if isinstance(outcome, VnfinError):
            # Raised here, outside any except block and with no traceback of its own: no
            # httpx exception (which holds the signed request) is chained to it, and no frame
            # holding request headers is in its traceback.
            raise outcome.with_traceback(None)
        if 300 <= outcome.status_code < 400:
            where = outcome.headers.get("Location", "nowhere")
            raise api_error(
                APIError,
                f"unexpected redirect to {where}: vnfin does not follow redirects",
                response=outcome,
                call=call,
            )
        payload = self.decode(outcome, call)
        return Reply(payload, outcome.status_code, SIMULATED_HEADER in outcome.headers)

    async def _exchange(
        self, state: _LoopState, call: Call, budget: float
    ) -> httpx.Response | VnfinError:
        """One attempt: the response, or the error to raise (returned, not raised)."""
        headers: dict[str, str] = {}
        if call.body is not None:
            headers["Content-Type"] = "application/json"
        try:
            if self.token is not None and call.authenticated:
                headers.update(await self.token.headers())  # outside the gate: see TokenSource
            async with state.gate:
                await self.limiter.acquire()
                request = state.client.build_request(
                    call.method, call.target, content=call.body, headers=headers
                )
                return await self._transfer(state, call, request, budget)
        except VnfinError as error:  # from the signer or token source: refused before sending
            return error

    async def _transfer(
        self, state: _LoopState, call: Call, request: httpx.Request, budget: float
    ) -> httpx.Response | VnfinError:
        started = time.perf_counter()
        wire, token = watch_wire()
        try:
            async with asyncio.timeout(budget):
                response = await state.client.send(
                    request, auth=self.auth if call.authenticated else None, stream=True
                )
                body = await read_body(response, self.max_response_bytes)
        except TimeoutError:
            return RequestTimeout(
                f"timed out after {budget:g}s", method=call.method, path=call.target, host=self.host
            )
        except httpx.TimeoutException:
            return RequestTimeout(
                f"timed out after {self.timeout:g}s",
                method=call.method,
                path=call.target,
                host=self.host,
            )
        except httpx.TransportError as exc:
            return _transport_error(exc, call, self.host)
        except (asyncio.CancelledError, KeyboardInterrupt):
            # (KeyboardInterrupt: Ctrl-C landing inside this coroutine, on the loop the
            # script's main thread runs itself; a cancellation everywhere else)
            if wire[0] and not call.retryable:
                self._interrupted(call)
            raise
        finally:
            unwatch_wire(token)
        log.debug(
            "%s %s -> %d in %.1f ms",
            call.method,
            call.target,
            response.status_code,
            (time.perf_counter() - started) * 1e3,
        )
        return plain_response(response, body)

    def _interrupted(self, call: Call) -> None:
        """Remember a write that was cancelled after it may have reached the broker."""
        when = time.strftime("%Y-%m-%d %H:%M:%S")
        message = (
            f"this write was interrupted at {when} after it may have reached the broker: "
            "it may or may not have taken effect. Check the order book before sending it "
            "again; vnfin never resends it"
        )
        known: dict[str, Any] = {"interrupted_at": when, "host": self.host}
        if call.body is not None:
            known["body_sha256"] = hashlib.sha256(call.body).hexdigest()
        error = OrderStateUnknown(message, method=call.method, path=call.target, known=known)
        with self._lock:
            self.unknown_writes.append(error)
        log.warning("%s %s: %s", call.method, call.target, message)
        note(f"vnfin: {call.method} {call.target}: {message}.")

    async def aclose(self) -> None:
        """Close every connection pool this session opened, on every event loop.

        A pool on another thread's running loop is closed on that loop; a pool on a loop
        that is not running is closed by running that loop briefly in a worker thread. A loop
        that was closed without closing its pool first took the pool with it (its sockets
        are released by the garbage collector).
        """
        with self._lock:
            states = list(self._states.items())
            self._states.clear()
        current = asyncio.get_running_loop()
        for loop, state in states:
            await close_on(loop, state.client.aclose, current)


#: httpx errors whose message may quote what vnfin tried to send (a header value, the URL):
#: only their type is reported, and the request is not tried again (it cannot be sent).
_UNSENDABLE = (httpx.LocalProtocolError, httpx.UnsupportedProtocol, httpx.InvalidURL)


def _transport_error(exc: Exception, call: Call, host: str) -> TransportError:
    if isinstance(exc, _UNSENDABLE):
        error = TransportError(
            f"{type(exc).__name__}: the request could not be sent",
            method=call.method,
            path=call.target,
            host=host,
        )
        error.retryable = False
        return error
    return TransportError(
        f"{type(exc).__name__}: {exc}", method=call.method, path=call.target, host=host
    )
