"""Client-side rate limiting: at most ``limit`` requests start in any ``window`` seconds.

Two steps, because a signed request must not wait long between signing and sending (Finhay
refuses timestamps more than 30 s old):

1. :meth:`RateLimiter.acquire`, before the request is built and signed, paces requests with a
   sliding window of reserved send times. A burst of up to ``limit`` goes out at once, and
   request ``n + limit`` waits until ``window`` seconds after request ``n``. Unlike a token
   bucket refilled at ``limit/window`` (which lets ``2 * limit`` through in the first
   window), this never plans more than the quota in any window.
2. :meth:`RateLimiter.admit`, called by the transport right before the bytes go out, checks
   the real start times and waits out whatever jitter put a request early (how long signing
   or the event loop took), so the guarantee holds where the server counts: at the wire.
   It keeps a small margin (1 % of the window, between 2 and 50 ms), because the server's
   clock sees each request a little later than vnfin's, and not always by the same amount.

The state is guarded by a thread lock, so one limiter serves every event loop and thread a
client is used from. Written here rather than taken from a library because step 2 has to sit
inside the transport, after signing.
"""

from __future__ import annotations

import asyncio
import threading
import time
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
        self._starts: deque[float] = deque(maxlen=limit)
        self._paused_until = 0.0
        self._lock = threading.Lock()
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

    def start_delay(self) -> float:
        """Seconds the request about to start must still wait; 0 records its start now."""
        with self._lock:
            now = self._clock()
            if len(self._starts) == self.limit:
                wait = self._starts[0] + self.window + self.margin - now
                if wait > 0:
                    return wait
            self._starts.append(now)
            return 0.0

    async def admit(self) -> None:
        """Wait until starting now keeps at most ``limit`` starts in any window; record it."""
        while (delay := self.start_delay()) > 0:
            await asyncio.sleep(delay)
