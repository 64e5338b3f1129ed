"""The Finhay dialect's pipeline: verify a request as the real server does, then answer it.

Per request: the method (405 with ``Allow`` when the route does not take it, before any
credential check, since no credentials can make a wrong method succeed) → API key → (Tier 2)
timestamp, body hash, signature and nonce (:mod:`.verify`) → the 2FA session on order writes
(:mod:`.twofa`) → the rate limit (429 with ``X-RateLimit-Reset``, epoch seconds) → the
random-500 fault → the order-write fault (``Faults.next_order_write``, on the three order
writes) → the route: the 2FA endpoints, the public datasets (:mod:`.public`), market,
session and ``users/me`` (:mod:`.routes`), then accounts and orders (:mod:`.trading`). Any
refusal along the way is an error envelope (:mod:`.envelope`).

:attr:`FinhayApp.order_writes` counts the requests that arrive on the order-write paths
(POST, PUT, DELETE under ``/trading/oa/``), whatever becomes of them.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl

from ..faults import Faults
from ..replies import Reply
from ..world import World
from . import twofa
from .envelope import Refusal, error
from .public import PublicRoutes
from .routes import Routes
from .trading import TradingRoutes
from .verify import Verifier, needs_2fa

PREFIXES = ("/market", "/trading", "/fund-trading", "/users", "/auth/v1/openapi")


class FinhayApp:
    """The Finhay Securities Open API over a simulated :class:`~vnfin.sandbox.world.World`.

    ``public`` holds the response-shape knobs of the public datasets (``statement_shape``,
    ``bank_rates_shape``, ``news_key``); ``two_fa`` the 2FA flow (``enveloped``);
    ``trading.orders`` the order endpoints (``null_envelope``). ``wall_clock`` is the server
    clock that checks timestamps, nonces and OTP tickets (the market, the 2FA day and the
    accounts follow ``world``'s clock).
    """

    prefixes: tuple[str, ...] = PREFIXES

    def __init__(
        self,
        world: World,
        *,
        api_key: str,
        api_secret: str,
        otp_code: str,
        faults: Faults,
        rate_limit: tuple[int, float] = (600, 60.0),
        wall_clock: Callable[[], float] = time.time,
        seed: int = 0,
    ) -> None:
        self.world = world
        self.verifier = Verifier(api_key, api_secret)
        self.two_fa = twofa.TwoFactor(otp_code, market_clock=world.clock)
        self.public = PublicRoutes(world)
        self.routes = Routes(world)
        self.trading = TradingRoutes(world)
        self.order_writes = 0
        self.faults = faults
        self.limit, self.window = rate_limit
        self.wall_clock = wall_clock
        self._hits: deque[float] = deque()
        self._lock = threading.Lock()
        self._chaos = random.Random(seed)

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request (``headers`` with lower-case names)."""
        method = method.upper()
        path, _, query = target.partition("?")
        now = self.wall_clock()
        if needs_2fa(method, path):
            with self._lock:
                self.order_writes += 1
        try:
            allowed = self.methods(path)
            if allowed and method not in allowed:
                raise Refusal(
                    f"Method {method} not allowed on {path}",
                    405,
                    headers={"Allow": ", ".join(sorted(allowed))},
                )
            self.verifier.verify(method, target, headers, body, now, self.faults.clock_skew)
            if needs_2fa(method, path):
                self.two_fa.check(headers.get("x-fh-2fa-token"), now)
            self._rate_limit(now)
            if self.faults.error_rate and self._chaos.random() < self.faults.error_rate:
                raise Refusal("Internal server error", 500)
            if path.startswith(twofa.PREFIX):
                return self.two_fa.handle(path.removeprefix(twofa.PREFIX), body, now)
            params = dict(parse_qsl(query, keep_blank_values=True))
            if self.trading.is_write(method, path):
                return self._write(method, path, params, body)
            for table in (self.public, self.routes):
                reply = table.dispatch(method, path, params)
                if reply is not None:
                    return reply
            reply = self.trading.dispatch(method, path, params, body)
            if reply is not None:
                return reply
            raise Refusal(f"No route {method} {path}", 404)
        except Refusal as refusal:
            return refusal.reply()

    def _write(self, method: str, path: str, params: dict[str, str], body: bytes) -> Reply:
        """An order write, through the order-write fault if one is set."""
        fault = self.faults.take_order_write()
        if fault == ("500", False):
            raise Refusal("Internal server error", 500)
        try:
            reply = self.trading.dispatch(method, path, params, body)
        except Refusal as refusal:
            reply = refusal.reply()
        assert reply is not None  # is_write: the route exists
        if fault is not None and fault[0] == "500":
            return error(500, "500", "Internal server error")
        if fault is not None:
            reply.delay = float(fault[1])
        return reply

    def methods(self, path: str) -> frozenset[str]:
        """The methods ``path`` answers (empty for a path that is not a route)."""
        if path.startswith(twofa.PREFIX):
            return twofa.methods(path.removeprefix(twofa.PREFIX))
        return self.public.methods(path) | self.routes.methods(path) | self.trading.methods(path)

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A refusal or a crash in Finhay's error envelope, ``error_code`` the status."""
        return error(status, str(status), message, headers)

    def _rate_limit(self, now: float) -> None:
        """A sliding window of ``limit`` requests per ``window`` seconds (reference §1.8)."""
        with self._lock:
            if self.faults.force_429 > 0:
                self.faults.force_429 -= 1
                reset = math.ceil(now + 1)
            else:
                while self._hits and self._hits[0] <= now - self.window:
                    self._hits.popleft()
                if len(self._hits) < self.limit:
                    self._hits.append(now)
                    return
                reset = math.ceil(self._hits[0] + self.window)
        raise Refusal("Too many requests", 429, headers={"X-RateLimit-Reset": str(reset)})
