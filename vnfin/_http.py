"""The request core every broker client goes through.

A :class:`Call` (a pure description of one request, built by a broker's ``routes`` module) goes
to the :class:`Session` of its host: token (outside the gate) → concurrency gate → rate limiter
→ signed httpx request → broker decoder → :class:`Reply`. A client holds one session per host
it talks to (SSI has a trading and a data host, each with its own keys and quota).

Broker specifics come in as plug-ins: an ``httpx.Auth`` that signs, a ``decode`` function that
returns a response's payload or raises the broker's typed error (mapped with an
:class:`ErrorRule` table), and optionally a token source (SSI's AccessToken, DNSE's login).

Retries: only idempotent calls (GETs) are retried, on 429, 5xx and transport errors, with
exponential backoff and jitter; a 429 waits for the server's reset time and holds back every
other request of the session meanwhile. Writes are never retried. The signer runs again on
every attempt, so each attempt has a fresh timestamp and nonce.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import logging
import random
import threading
import time
import weakref
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from ._limiter import RateLimiter
from ._version import __version__
from .errors import (
    Answer,
    APIError,
    AuthError,
    RateLimitError,
    RequestTimeout,
    ServerError,
    TransportError,
    TwoFactorRequired,
    ValidationError,
)

log = logging.getLogger("vnfin.http")

#: Response header by which vnfin's sandbox marks every answer as simulated data. The sandbox
#: defines the same name on its side; a contract test checks that the two agree.
SIMULATED_HEADER = "X-Vnfin-Sandbox"

#: How long :meth:`Session.aclose` waits for another thread's loop to close its pool.
CLOSE_TIMEOUT = 5.0


def dumps(body: Any) -> bytes:
    """Compact UTF-8 JSON, serialised once: these exact bytes are hashed, signed and sent.

    NaN and infinities are refused (they are not JSON), as is anything JSON cannot hold.
    """
    try:
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"json body cannot be sent as JSON: {exc}", argument="json") from None
    return text.encode("utf-8")


@dataclass(frozen=True)
class Call:
    """A pure description of one request: what goes on the wire, not how.

    ``target`` is the path and query exactly as sent (each broker's routes build it with that
    broker's query encoding); ``body`` the exact bytes. ``authenticated=False`` sends the call
    without the session's signer and token (token and login endpoints). ``inputs`` holds the
    checked arguments the call was built from (stamped into ``df.attrs``); it is not sent.
    """

    method: str
    target: str
    body: bytes | None = None
    authenticated: bool = True
    inputs: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def retryable(self) -> bool:
        """Only reads are retried; a write is sent at most once."""
        return self.method == "GET"


@dataclass(frozen=True)
class Reply:
    """A decoded answer: the payload and what vnfin keeps of the response."""

    payload: Any
    status_code: int
    simulated: bool


#: A broker's decoder: the payload of a response to a call, or the broker's typed APIError.
Decoder = Callable[[httpx.Response, Call], Any]


@dataclass(frozen=True)
class ErrorRule:
    """One row of a broker's error table: which (HTTP status, error code) is which class.

    ``statuses`` empty means any status; ``codes`` empty means any code, and a code ending in
    ``*`` is a prefix. The first matching row of a table wins.
    """

    cls: type[APIError]
    statuses: tuple[int, ...] = ()
    codes: tuple[str, ...] = ()

    def matches(self, status: int, code: str) -> bool:
        if self.statuses and status not in self.statuses:
            return False
        return not self.codes or any(fnmatch.fnmatchcase(code, c) for c in self.codes)


def classify(
    table: Sequence[ErrorRule], status: int, code: str | None, default: type[APIError] = APIError
) -> type[APIError]:
    """The exception class for an error answer, from a broker's table (first match wins)."""
    for rule in table:
        if rule.matches(status, code or ""):
            return rule.cls
    return default


def api_error(
    cls: type[APIError],
    message: str,
    *,
    response: httpx.Response,
    call: Call,
    error_code: str | None = None,
    trace_id: str | None = None,
    retry_after: float | None = None,
    status_code: int | None = None,
) -> APIError:
    """An APIError of class ``cls`` for ``response`` to ``call`` (method and target, no headers).

    ``status_code`` overrides the HTTP status where the body states the real one.
    """
    answer: Answer = {
        "status_code": response.status_code if status_code is None else status_code,
        "error_code": error_code,
        "trace_id": trace_id,
        "method": call.method,
        "path": call.target,
    }
    if issubclass(cls, RateLimitError):
        return cls(message, retry_after=retry_after, **answer)
    return cls(message, **answer)


@dataclass(frozen=True)
class RetryPolicy:
    """How idempotent calls are retried. Writes are never retried, whatever this says."""

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_wait: float = 65.0  # longest server-requested 429 wait we will sit through

    def delay(self, attempt: int, error: Exception) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_wait else None
        base = min(self.max_backoff, self.backoff * 2.0**attempt)
        return base * random.uniform(0.5, 1.5)


class TokenSource(Protocol):
    """Headers that carry a session token (SSI's bearer token, DNSE's JWT).

    :meth:`headers` runs outside the session's concurrency gate, so fetching a token through
    the same session can never wait behind the requests that are waiting for it.
    """

    async def headers(self) -> Mapping[str, str]: ...

    def invalidate(self) -> None: ...


class _SyncTransportAdapter(httpx.AsyncBaseTransport):
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


class _Limited(httpx.AsyncBaseTransport):
    """The last step before the wire: the rate limiter's check of real start times."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RateLimiter) -> None:
        self._inner = inner
        self._limiter = limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._limiter.admit()
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass
class _LoopState:
    client: httpx.AsyncClient
    gate: asyncio.Semaphore


@dataclass
class Session:
    """Sends :class:`Call` objects to one host; shared by a client's sync and async faces.

    httpx pools and semaphores belong to one event loop, so the session keeps one pool per
    loop it is used on; :meth:`aclose` closes all of them, whichever thread runs each loop.
    """

    base_url: str
    decode: Decoder
    auth: httpx.Auth | None = None
    token: TokenSource | None = None
    transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None
    timeout: float = 10.0
    limiter: RateLimiter = field(default_factory=RateLimiter)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_concurrency: int = 16
    headers: Mapping[str, str] = field(default_factory=dict)
    _states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = field(
        default_factory=weakref.WeakKeyDictionary, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

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
            inner = _SyncTransportAdapter(inner)
        return httpx.AsyncClient(
            base_url=self.base_url.rstrip("/"),
            transport=_Limited(inner, self.limiter),
            timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": f"vnfin/{__version__}", **self.headers},
            follow_redirects=False,
        )

    async def send(self, call: Call) -> Reply:
        """Send ``call``, retrying only if it is idempotent; return the decoded reply."""
        attempt = 0
        fresh_token = False
        while True:
            try:
                return await self._send_once(call)
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
                delay = self.retry.delay(attempt, error) if call.retryable else None
                if delay is None:
                    raise
                if isinstance(error, RateLimitError):
                    self.limiter.pause(delay)
                attempt += 1
                log.info(
                    "retry %d of %s %s in %.2fs: %s", attempt, call.method, call.path, delay, error
                )
                await asyncio.sleep(delay)

    async def _send_once(self, call: Call) -> Reply:
        state = self._state()
        headers: dict[str, str] = {}
        if call.body is not None:
            headers["Content-Type"] = "application/json"
        if self.token is not None and call.authenticated:
            headers.update(await self.token.headers())  # outside the gate: see TokenSource
        async with state.gate:
            await self.limiter.acquire()
            request = state.client.build_request(
                call.method, call.target, content=call.body, headers=headers
            )
            started = time.perf_counter()
            try:
                response = await state.client.send(
                    request, auth=self.auth if call.authenticated else None
                )
            # `from None`: httpx's exception holds the signed request, headers and all.
            except httpx.TimeoutException:
                raise RequestTimeout(
                    f"timed out after {self.timeout:g}s", method=call.method, path=call.target
                ) from None
            except httpx.TransportError as exc:
                raise TransportError(
                    f"{type(exc).__name__}: {exc}", method=call.method, path=call.target
                ) from None
        log.debug(
            "%s %s -> %d in %.1f ms",
            call.method,
            call.target,
            response.status_code,
            (time.perf_counter() - started) * 1e3,
        )
        payload = self.decode(response, call)
        return Reply(payload, response.status_code, SIMULATED_HEADER in response.headers)

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
            await _close_on(loop, state.client.aclose, current)


async def _close_on(
    loop: asyncio.AbstractEventLoop,
    close: Callable[[], Coroutine[Any, Any, None]],
    current: asyncio.AbstractEventLoop,
) -> None:
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
