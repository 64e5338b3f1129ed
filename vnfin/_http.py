"""The one request core every broker client goes through.

request spec (:class:`Call`) → rate limiter → signed httpx request → broker envelope decoder
→ payload, with one retry policy. Broker specifics come in as two plug-ins: an ``httpx.Auth``
that signs, and a ``decode`` function that turns a response into a payload or a typed
:class:`~vnfin.errors.APIError`.

Retries: only calls marked ``retryable`` (GETs) are retried, on 429, 5xx and transport errors,
with exponential backoff and jitter; a 429 waits for the server's reset time and holds back
every other request of the client meanwhile. Writes are never retried. The signer runs again
on every attempt, so each attempt has a fresh timestamp and nonce.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from ._limiter import RateLimiter
from ._version import __version__
from .errors import (
    APIError,
    RateLimitError,
    RequestTimeout,
    ServerError,
    TransportError,
)

log = logging.getLogger("vnfin.http")

#: Response header the vnfin sandbox sets on every answer.
SANDBOX_HEADER = "X-Vnfin-Sandbox"

Param = tuple[str, str | int | float | bool | None]


def _encode(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    # Spaces become %20 (not +); commas and colons stay raw, as Finhay's own client sends them.
    return quote(str(value), safe=",:")


def build_target(path: str, params: Sequence[Param] = ()) -> str:
    """The request target ``path[?query]``, built once, in the caller's parameter order.

    ``None`` values are left out; without parameters there is no ``?`` at all.
    """
    query = "&".join(f"{quote(k, safe='')}={_encode(v)}" for k, v in params if v is not None)
    return f"{path}?{query}" if query else path


@dataclass(frozen=True)
class Call:
    """A pure description of one request: what to send, not how."""

    method: str
    path: str
    params: Sequence[Param] = ()
    body: bytes | None = None

    @property
    def target(self) -> str:
        return build_target(self.path, self.params)

    @property
    def retryable(self) -> bool:
        return self.method == "GET"


@dataclass(frozen=True)
class Reply:
    """A decoded answer: the payload and what vnfin keeps of the response."""

    payload: Any
    status_code: int
    simulated: bool
    trace_id: str | None = None


Decoder = Callable[[httpx.Response, Call], Reply]


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


@dataclass
class _LoopState:
    client: httpx.AsyncClient
    gate: asyncio.Semaphore


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


@dataclass
class Session:
    """Sends :class:`Call` objects for one broker client; shared by its sync and async faces."""

    base_url: str
    auth: httpx.Auth
    decode: Decoder
    transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None
    timeout: float = 10.0
    limiter: RateLimiter = field(default_factory=RateLimiter)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_concurrency: int = 16
    headers: Mapping[str, str] = field(default_factory=dict)
    _states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = field(
        default_factory=weakref.WeakKeyDictionary, init=False, repr=False
    )

    def _state(self) -> _LoopState:
        # httpx connection pools and semaphores belong to one event loop; keep one per loop.
        loop = asyncio.get_running_loop()
        state = self._states.get(loop)
        if state is None:
            transport = self.transport
            if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
                transport = _SyncTransportAdapter(transport)
            client = httpx.AsyncClient(
                base_url=self.base_url.rstrip("/"),
                transport=transport,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": f"vnfin/{__version__}", **self.headers},
                follow_redirects=False,
            )
            state = _LoopState(client, asyncio.Semaphore(self.max_concurrency))
            self._states[loop] = state
        return state

    async def send(self, call: Call) -> Reply:
        """Send ``call``, retrying only if it is idempotent; return the decoded reply."""
        attempt = 0
        while True:
            try:
                return await self._send_once(call)
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
        target = call.target
        async with state.gate:
            await self.limiter.acquire()
            headers = {"Content-Type": "application/json"} if call.body is not None else None
            request = state.client.build_request(
                call.method, target, content=call.body, headers=headers
            )
            started = time.perf_counter()
            try:
                response = await state.client.send(request, auth=self.auth)
            # `from None`: httpx's exception holds the signed request, headers and all.
            except httpx.TimeoutException:
                raise RequestTimeout(
                    f"timed out after {self.timeout:g}s", method=call.method, path=target
                ) from None
            except httpx.TransportError as exc:
                raise TransportError(
                    f"{type(exc).__name__}: {exc}", method=call.method, path=target
                ) from None
        log.debug(
            "%s %s -> %d in %.1f ms",
            call.method,
            target,
            response.status_code,
            (time.perf_counter() - started) * 1e3,
        )
        return self.decode(response, call)

    async def aclose(self) -> None:
        """Close the connection pool of the running loop (others close with their loops)."""
        loop = asyncio.get_running_loop()
        state = self._states.pop(loop, None)
        if state is not None:
            await state.client.aclose()


def api_error_from(
    cls: type[APIError],
    message: str,
    *,
    response: httpx.Response,
    call: Call,
    error_code: str | None = None,
    trace_id: str | None = None,
    **extra: Any,
) -> APIError:
    """Build an APIError of class ``cls`` for ``response`` to ``call``."""
    return cls(
        message,
        status_code=response.status_code,
        error_code=error_code,
        trace_id=trace_id,
        method=call.method,
        path=call.target,
        **extra,
    )
