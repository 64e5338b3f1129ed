"""Client-side rate limiting: at most ``limit`` requests in any ``window`` seconds.

A sliding window of reserved send times, not a fixed spacing: a burst of up to ``limit``
requests goes out at once, and request ``n + limit`` waits until ``window`` seconds after
request ``n``. Unlike a token bucket refilled at ``limit/window`` (which lets ``2 * limit``
through in the first window), this never exceeds a server quota counted over a sliding
window. The state is guarded by a thread lock, so one limiter serves every event loop and
thread a client is used from.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Sliding-window limiter; :meth:`acquire` waits for a send slot."""

    def __init__(
        self,
        limit: int = 600,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("rate limit needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._slots: deque[float] = deque(maxlen=limit)
        self._paused_until = 0.0
        self._lock = threading.Lock()

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
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)
