"""A local Finhay server over a simulated market: tests, demos, benchmarks, paper trading.

**All market data it serves is simulated.** Tickers, company names and exchanges are real;
prices, volumes and indices come from a seeded random model (see :mod:`vnfin.sandbox.market`).

>>> from vnfin.sandbox import Sandbox
>>> sb = Sandbox(seed=0)
>>> fh = sb.finhay()                      # a connected vnfin.Finhay, no credentials needed
>>> url = sb.serve()                      # or real HTTP on 127.0.0.1, for any client
>>> sb.close()

It verifies requests like the real server (API key; HMAC signature over the raw request
target and body hash; ±30 s timestamp window; nonce replay within 5 minutes; rate limit with
``X-RateLimit-Reset``; the documented envelopes and validation errors) and has fault knobs:
``latency``, ``error_rate``, ``clock_skew`` and :meth:`Sandbox.force_429`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from functools import lru_cache
from typing import Any, Self

from .._inputs import timestamp
from .finhay import Faults, FinhayApp
from .finhay_routes import Routes
from .market import MarketEngine
from .transport import LoopbackServer, SandboxTransport

__all__ = ["Faults", "MarketEngine", "Sandbox"]


@lru_cache(maxsize=8)
def shared_engine(seed: int) -> MarketEngine:
    """One engine per seed per process: it is pure, and its caches are worth sharing."""
    return MarketEngine(seed)


class Sandbox:
    """A simulated Finhay Securities Open API.

    ``seed`` fixes the simulated market. ``latency`` adds that many seconds to every request.
    ``now`` pins the simulated market clock (str/datetime, naive = Vietnam time); by default
    the market follows the wall clock. ``rate_limit=(requests, seconds)`` is the server quota.
    """

    def __init__(
        self,
        seed: int = 0,
        latency: float = 0.0,
        *,
        error_rate: float = 0.0,
        clock_skew: float = 0.0,
        rate_limit: tuple[int, float] = (600, 60.0),
        now: Any = None,
    ) -> None:
        self.seed = seed
        self.api_key = "ak_test_" + secrets.token_hex(12)
        self.api_secret = secrets.token_hex(32)
        self.otp_code = f"{secrets.randbelow(10**6):06d}"
        self.faults = Faults(latency=latency, error_rate=error_rate, clock_skew=clock_skew)
        self.engine = shared_engine(seed)
        self.now = now
        self.app = FinhayApp(
            Routes(self.engine, self._market_clock),
            api_key=self.api_key,
            api_secret=self.api_secret,
            otp_code=self.otp_code,
            faults=self.faults,
            rate_limit=rate_limit,
            seed=seed,
        )
        self.transport = SandboxTransport(self.app.handle, lambda: self.faults.latency)
        self._server: LoopbackServer | None = None
        self._lock = threading.Lock()

    # -- clock and fault knobs -------------------------------------------------------------

    @property
    def now(self) -> dt.datetime | None:
        """The pinned market time (Vietnam time), or None when following the wall clock."""
        return (
            None
            if self._now is None
            else dt.datetime.fromtimestamp(self._now, dt.timezone(dt.timedelta(hours=7)))
        )

    @now.setter
    def now(self, value: Any) -> None:
        self._now = None if value is None else timestamp(value, "now").timestamp()

    def _market_clock(self) -> float:
        return time.time() if self._now is None else self._now

    @property
    def latency(self) -> float:
        return self.faults.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self.faults.latency = seconds

    def force_429(self, count: int = 1) -> None:
        """Answer the next ``count`` requests with HTTP 429."""
        self.faults.force_429 = count

    # -- ways in ---------------------------------------------------------------------------

    def serve(self, port: int = 0) -> str:
        """Serve real HTTP on 127.0.0.1 (``port=0`` picks a free one); returns the base URL."""
        with self._lock:
            if self._server is None:
                self._server = LoopbackServer(self.app.handle, lambda: self.faults.latency, port)
            return self._server.url

    def finhay(self, **options: Any) -> Any:
        """A :class:`vnfin.Finhay` connected to this sandbox (in-process, no sockets)."""
        from ..finhay import Finhay

        return Finhay(**self._client_options(options))

    def async_finhay(self, **options: Any) -> Any:
        """An :class:`vnfin.AsyncFinhay` connected to this sandbox."""
        from ..finhay import AsyncFinhay

        return AsyncFinhay(**self._client_options(options))

    def _client_options(self, options: dict[str, Any]) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "base_url": "http://sandbox.vnfin.invalid",
            "transport": self.transport,
        }
        return {**defaults, **options}

    def close(self) -> None:
        """Stop the HTTP server if one is running."""
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self._server.url if self._server else "in-process"
        return f"Sandbox(seed={self.seed}, {where}, simulated data)"
