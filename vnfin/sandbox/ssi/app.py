"""The SSI FastConnect v2 dialect's pipeline: check a request as SSI's servers do, then answer.

It owns ``/api/v2`` (FCTrading's ``/api/v2/Trading/...`` and FCData's ``/api/v2/Market/...``)
and matches paths **case-insensitively** (``orderBook`` and ``OrderBook`` alike; a trailing
``/`` is ignored). Per request:

1. the route: an unknown path is 404, a known one with another method 405 with ``Allow``;
2. the bearer token of the route's product (:mod:`.auth`; not on the token endpoints);
3. ``X-Signature`` on every POST but ``GetOTP`` and the two ``AccessToken`` calls;
4. the rate limit: ``limit`` requests per ``window`` seconds, counted separately for
   FCTrading and FCData, answered 429 ``"API calls quota exceeded! maximum admitted 600 per
   1m."`` with ``Retry-After``; ``Faults.force_429`` answers the next N with it too;
5. the random-500 fault (``Faults.error_rate``), then on the six order writes the
   order-write fault (``Faults.next_order_write``: a 500 with or without the write carried
   out, or a slow answer);
6. the handler: :mod:`.auth` (tokens), :mod:`.orders` (writes), :mod:`.books` and
   :mod:`.accounts` (trading reads), :mod:`.market` and :mod:`.series` (FCData, written in
   the dialect :attr:`SSIApp.data_shape` chooses: :mod:`.shape`).

Every refusal is SSI's envelope (:mod:`.envelope`). :attr:`SSIApp.events` is the day's order
stream (:mod:`.events`), fed by :mod:`.feed`; :meth:`SSIApp.refresh` brings the desk up to
now and logs what changed (every SSI request does it too).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from ..faults import Faults
from ..replies import Reply
from ..world import World
from ..world.clock import local_now
from .accounts import AccountQueries
from .auth import DATA, TRADING, Auth
from .books import OrderBooks
from .envelope import Refusal, error
from .events import EventLog
from .feed import Feed
from .ledger import Derivatives, open_account
from .market import MarketLists
from .orders import OrderWrites
from .params import query
from .records import Ticket
from .series import Series
from .shape import SHAPES, answer

PREFIXES = ("/api/v2",)
TRADING_PATH = "/api/v2/trading/"
MARKET_PATH = "/api/v2/market/"


@dataclass(frozen=True)
class Route:
    method: str
    kind: str  # "token", "write", "read" (FCTrading) or "data" (FCData)
    product: str  # TRADING or DATA: whose token and whose rate limit
    handler: Callable[..., Any]


def _period(seconds: float) -> str:
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        if seconds >= size and float(seconds / size).is_integer():
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


class SSIApp:
    """SSI FastConnect v2 (FCTrading and FCData) over a simulated :class:`World`.

    Knobs: :attr:`two_factor_type` (0 PIN, 1 OTP), :attr:`data_shape` (``"pascal"`` or
    ``"legacy"``), :attr:`token_lifetime` (seconds), ``auth.wall_clock`` (the server clock
    tokens are issued and checked by). :attr:`order_writes` counts requests on the six order
    paths, whatever becomes of them; ``auth.otp_requests`` the GetOTP calls.
    """

    prefixes: tuple[str, ...] = PREFIXES
    case_insensitive_paths = True

    def __init__(
        self,
        world: World,
        *,
        consumer_id: str,
        consumer_secret: str,
        public_key: rsa.RSAPublicKey,
        pin: str,
        otp_code: str,
        account: str,
        derivative_account: str,
        data_consumer_id: str,
        data_consumer_secret: str,
        faults: Faults,
        rate_limit: tuple[int, float] = (600, 60.0),
        wall_clock: Callable[[], float] = time.time,
        seed: int = 0,
    ) -> None:
        self.world = world
        self.account, self.derivative_account = account, derivative_account
        sub = open_account(world, account)
        self.auth = Auth(
            consumer_id=consumer_id,
            consumer_secret=consumer_secret,
            public_key=public_key,
            pin=pin,
            otp_code=otp_code,
            data_consumer_id=data_consumer_id,
            data_consumer_secret=data_consumer_secret,
            wall_clock=wall_clock,
        )
        self.events = EventLog(lambda: local_now(world.clock()).date())
        self.tickets: dict[str, Ticket] = {}
        self.feed = Feed(world.desk, self.events, {sub.id: account}, self.tickets)
        self.derivatives = Derivatives(derivative_account)
        ids = {"stock": account, "sub_id": sub.id}
        self.writes = OrderWrites(
            world, self.auth, self.feed, self.tickets, derivative=derivative_account, **ids
        )
        books = OrderBooks(
            world.desk, self.feed, self.tickets, derivative=derivative_account, **ids
        )
        queries = AccountQueries(world.desk, self.feed, derivatives=self.derivatives, **ids)
        self.routes: dict[str, Route] = {
            TRADING_PATH + "getotp": Route("POST", "token", TRADING, self.auth.get_otp),
            TRADING_PATH + "accesstoken": Route("POST", "token", TRADING, self.auth.access_token),
            MARKET_PATH + "accesstoken": Route("POST", "token", DATA, self.auth.data_token),
        }
        for name, write in self.writes.table().items():
            self.routes[TRADING_PATH + name] = Route("POST", "write", TRADING, write)
        for name, read in {**books.table(), **queries.table()}.items():
            self.routes[TRADING_PATH + name] = Route("GET", "read", TRADING, read)
        for name, data in {**MarketLists(world).table(), **Series(world).table()}.items():
            self.routes[MARKET_PATH + name] = Route("GET", "data", DATA, data)
        self.order_writes = 0
        self.faults = faults
        self.limit, self.window = rate_limit
        self._hits: dict[str, deque[float]] = {TRADING: deque(), DATA: deque()}
        self._lock = threading.Lock()
        self._chaos = random.Random(seed)
        self._shape = "pascal"

    # -- knobs ---------------------------------------------------------------------------

    @property
    def two_factor_type(self) -> int:
        """The account's second factor: 0 PIN, 1 OTP."""
        return self.auth.two_factor_type

    @two_factor_type.setter
    def two_factor_type(self, value: int) -> None:
        if value not in (0, 1):
            raise ValueError(f"two_factor_type must be 0 (PIN) or 1 (OTP), got {value!r}")
        self.auth.two_factor_type = value

    @property
    def data_shape(self) -> str:
        """FCData's answer dialect: ``"pascal"`` (default) or ``"legacy"`` (:mod:`.shape`)."""
        return self._shape

    @data_shape.setter
    def data_shape(self, value: str) -> None:
        if value not in SHAPES:
            raise ValueError(f"data_shape must be one of {', '.join(SHAPES)}, got {value!r}")
        self._shape = value

    @property
    def token_lifetime(self) -> float:
        return self.auth.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self.auth.token_lifetime = seconds

    # -- the stream's side ---------------------------------------------------------------

    def refresh(self) -> int:
        """Bring the desk's matching up to the world's now and log the resulting events;
        returns the day's last ``notifyID``."""
        return self.feed.sync()

    def token_accounts(self, token: str) -> tuple[str, ...] | None:
        """The accounts whose order events a live FCTrading ``token`` may read, or None."""
        try:
            self.auth.bearer({"authorization": f"Bearer {token}"}, TRADING)
        except Refusal:
            return None
        return (self.account, self.derivative_account)

    def data_caller(self, token: str) -> str | None:
        """The consumer a live FCData ``token`` belongs to, or None."""
        try:
            claims = self.auth.bearer({"authorization": f"Bearer {token}"}, DATA)
        except Refusal:
            return None
        return str(claims["consumerID"])

    # -- requests ------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request (``headers`` with lower-case names)."""
        method = method.upper()
        path, _, raw_query = target.partition("?")
        route = self.routes.get(path.lower().rstrip("/"))
        if route is not None and route.kind == "write":
            with self._lock:
                self.order_writes += 1
        try:
            if route is None:
                raise Refusal(f"No route {path}", 404)
            if method != route.method:
                raise Refusal(
                    f"Method {method} not allowed on {path}", 405, headers={"Allow": route.method}
                )
            claims: dict[str, Any] = {}
            if route.kind != "token":
                claims = self.auth.bearer(headers, route.product)
            if route.kind == "write":
                self.auth.signature(headers, body)
            self._rate_limit(route.product, time.monotonic())
            if self.faults.error_rate and self._chaos.random() < self.faults.error_rate:
                raise Refusal("Internal server error", 500)
            if route.kind == "token":
                reply: Reply = route.handler(body)
                return reply
            if route.kind == "write":
                return self._write(route, body, claims)
            params = query(raw_query)
            if route.kind == "data":
                rows, total = route.handler(params)
                return answer(self._shape, rows, total)
            reply = route.handler(params)
            return reply
        except Refusal as refusal:
            return refusal.reply()

    def _write(self, route: Route, body: bytes, claims: dict[str, Any]) -> Reply:
        """An order write, through the order-write fault if one is set."""
        fault = self.faults.take_order_write()
        if fault == ("500", False):
            raise Refusal("Internal server error", 500)
        try:
            reply: Reply = route.handler(body, claims)
        except Refusal as refusal:
            reply = refusal.reply()
        if fault is not None and fault[0] == "500":
            return error(500, "Internal server error")
        if fault is not None:
            reply.delay = float(fault[1])
        return reply

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A refusal or a crash in SSI's envelope."""
        return error(status, message, None, headers)

    def _rate_limit(self, product: str, now: float) -> None:
        """A sliding window of ``limit`` requests per ``window`` seconds per product."""
        with self._lock:
            hits = self._hits[product]
            if self.faults.force_429 > 0:
                self.faults.force_429 -= 1
                wait = 1
            else:
                while hits and hits[0] <= now - self.window:
                    hits.popleft()
                if len(hits) < self.limit:
                    hits.append(now)
                    return
                wait = max(math.ceil(hits[0] + self.window - now), 1)
        raise Refusal(
            f"API calls quota exceeded! maximum admitted {self.limit} per {_period(self.window)}.",
            429,
            headers={"Retry-After": str(wait)},
        )
