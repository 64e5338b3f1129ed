"""Client-side rate limiting: at most ``limit`` requests start in any ``window`` seconds.

Two steps, because a signed request must not wait long between signing and sending (Finhay
refuses timestamps more than 30 s old):

1. :meth:`RateLimiter.acquire`, before the request is built and signed, paces requests with a
   sliding window of reserved send times. A burst of up to ``limit`` goes out at once, and
   request ``n + limit`` waits until ``window`` seconds after request ``n``. Unlike a token
   bucket refilled at ``limit/window`` (which lets ``2 * limit`` through in the first
   window), this never plans more than the quota in any window.
2. :meth:`RateLimiter.admit`, called by the transport right before the bytes go out, holds
   the request until starting it cannot put more than ``limit`` requests in one window *as
   the server counts them*. The server counts a request when it arrives, which vnfin cannot
   see; what it can see bounds it: a request arrives after it started and before its answer
   came back (:meth:`RateLimiter.landed`). So a request stops counting ``window`` seconds
   after its answer, not after its start, and one still in flight counts until then. Counting
   from starts (the first version) let a burst's slowest request, answered late, share a
   server window with the next burst: ten 429s in a 141-symbol pull at 100 per 10 s. A small
   margin (1 % of the window, between 2 and 50 ms) covers servers that round their clocks.

The state is guarded by a thread lock, so one limiter serves every event loop and thread a
client is used from. Written here rather than taken from a library because step 2 has to sit
inside the transport, after signing.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Sliding-window limiter: :meth:`acquire` paces, :meth:`admit` enforces at the wire."""

    def __init__(
        self,
        limit: int = 600,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or not window > 0:
            raise ValueError("rate limit needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._slots: deque[float] = deque(maxlen=limit)
        self._in_flight = 0  # requests started and not answered yet
        self._answered: deque[float] = deque()  # when answers came, in the order they came
        self._paused_until = 0.0
        self._lock = threading.RLock()  # (a lost flight may land while it is held)
        self.margin = max(0.002, min(0.05, window * 0.01))

    def reserve(self) -> float:
        """Reserve the next send slot and return how many seconds to wait for it."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._paused_until)
            if len(self._slots) == self.limit:
                slot = max(slot, self._slots[0] + self.window)
            self._slots.append(slot)
            return slot - now

    def pause(self, seconds: float) -> None:
        """Hold every new request back for ``seconds`` (after the server said 429)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def acquire(self) -> None:
        """Wait for a planned send slot (before the request is signed)."""
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)

    def start_delay(self) -> tuple[float, Flight | None]:
        """``(0, flight)`` when a request may start now (recorded as started), else
        ``(seconds to wait before asking again, None)``."""
        with self._lock:
            now = self._clock()
            horizon = now - self.window - self.margin
            # a request answered before the horizon arrived before it: it no longer counts
            answered = self._answered
            while answered and answered[0] <= horizon:
                answered.popleft()
            if self._in_flight + len(answered) < self.limit:
                self._in_flight += 1
                return 0.0, Flight(self._land)
            # full: the first answer to leave the window frees a place; with none answered
            # yet, none can leave before a whole window from now
            return (answered[0] if answered else now) - horizon, None

    async def admit(self) -> Flight:
        """Wait until this request may start without breaking the window; record its start.
        Give the returned flight to :meth:`landed` once the request is answered or failed."""
        while True:
            delay, flight = self.start_delay()
            if flight is not None:
                return flight
            await asyncio.sleep(delay)

    def landed(self, flight: Flight) -> None:
        """The request's answer came back (or it failed): it arrived by now, if at all."""
        flight.land()

    def _land(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._answered.append(self._clock())


class Flight:
    """One request on its way, holding its place in the window until it lands, once.

    A flight dropped unlanded (Ctrl-C between :meth:`RateLimiter.admit` and the code that
    lands it) lands when it is collected, rather than hold its place forever.
    """

    __slots__ = ("__weakref__", "land")

    def __init__(self, land: Callable[[], None]) -> None:
        self.land = weakref.finalize(self, land)  # calling it lands; later calls do nothing
        self.land.atexit = False
