"""The fault knobs a :class:`~vnfin.sandbox.Sandbox` applies to every dialect it hosts."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

OrderWriteFault = tuple[str, bool] | tuple[str, float]


def _checked(value: Any) -> OrderWriteFault | None:
    if value is None:
        return None
    if isinstance(value, tuple) and len(value) == 2:
        kind, arg = value
        if kind == "500" and isinstance(arg, bool):
            return ("500", arg)
        number = isinstance(arg, int | float) and not isinstance(arg, bool)
        if kind == "slow" and number and arg > 0:
            return ("slow", float(arg))
    raise ValueError(
        'next_order_write must be None, ("500", True), ("500", False) or ("slow", seconds > 0),'
        f" got {value!r}"
    )


@dataclass
class Faults:
    """Knobs for tests and demos.

    ``latency`` seconds added to each request; ``error_rate`` share of requests answered with
    a random 500; ``force_429`` answers the next N requests with 429; ``clock_skew`` seconds
    added to the server clock that checks request timestamps.

    ``next_order_write`` breaks the next order write (place, amend or cancel) that passes
    authentication, 2FA and the rate limit, then clears itself:

    * ``("500", True)`` — the write is carried out (the order is in the book, the amendment
      or cancellation made), then answered HTTP 500;
    * ``("500", False)`` — answered HTTP 500 and nothing is done;
    * ``("slow", seconds)`` — the write is carried out and its normal answer held back
      ``seconds`` (so a client with a shorter timeout gives up on it). The loopback server
      and the in-process transport's async path wait on the event loop, where a timeout can
      cancel the wait; a sync httpx client on the in-process transport waits it out (httpx
      enforces timeouts in its network layer, which that transport replaces).
    """

    latency: float = 0.0
    error_rate: float = 0.0
    force_429: int = 0
    clock_skew: float = 0.0
    next_order_write: OrderWriteFault | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "next_order_write":
            value = _checked(value)
        super().__setattr__(name, value)

    def take_order_write(self) -> OrderWriteFault | None:
        """The order-write fault to apply now, if any (it applies once)."""
        with self._lock:
            fault, self.next_order_write = self.next_order_write, None
            return fault
