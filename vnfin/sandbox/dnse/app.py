"""The DNSE LightSpeed dialect's pipeline: check a request as DNSE's services do, then answer.

It owns both layouts' service prefixes (:mod:`.routes`). Per request:

1. the route: an unknown path is 404 ``RESOURCE_NOT_FOUND``, a known one with another method
   405 with ``Allow``;
2. ``Authorization: Bearer <JWT>`` on everything but login and the chart (:mod:`.auth`;
   401 ``{message}``), and ``Trading-Token`` on the order writes and pnl-configs (401
   ``INVALID_TRADING_TOKEN``);
3. the rate limit: ``limit`` requests per ``window`` seconds, one quota for the dialect
   (DNSE publishes none), answered 429 ``TOO_MANY_REQUESTS`` with ``Retry-After``;
   ``Faults.force_429`` answers the next N with it too;
4. the random-500 fault (``Faults.error_rate``), then on the order writes the order-write
   fault (``Faults.next_order_write``: a 500 with or without the write carried out, or a slow
   answer);
5. the handler, with the desk locked and brought up to now first (:meth:`DNSEApp.refresh`:
   conditional orders triggered or expired, orders matched, settlements, margin repaid):
   :mod:`.auth`, :mod:`.accounts`, :mod:`.orders`, :mod:`.deals`, :mod:`.conditional`,
   :mod:`.chart`.

Every refusal is ``{status, code, message}`` or ``{message}`` (:mod:`.envelope`).
:attr:`DNSEApp.order_writes` counts the requests on the order-write routes (place, cancel;
stock, derivative and conditional), whatever becomes of them.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..faults import Faults
from ..replies import Reply
from ..world import World
from .accounts import AccountQueries
from .auth import Auth
from .chart import Chart
from .conditional import ConditionalOrders
from .deals import Deals
from .envelope import Refusal, error, not_found
from .ledger import Customer
from .orders import OrderDesk
from .params import body, query
from .routes import PREFIXES, Route, canonical, match


@dataclass
class Call:
    """One request as the handlers see it."""

    path: dict[str, str]  # path parameters
    raw_query: str
    body: bytes
    headers: Mapping[str, str]
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> dict[str, str]:
        return query(self.raw_query)


class DNSEApp:
    """DNSE LightSpeed over a simulated :class:`World`.

    ``auth`` holds the knobs ``wall_clock`` (the server clock tokens and OTPs follow),
    ``token_lifetime`` and ``trading_lifetime`` (seconds), and counts ``otp_requests``;
    ``customer`` is the investor (``customer.loans.debt`` the margin debt);
    ``conditional.book`` the conditional orders by id.
    """

    prefixes: tuple[str, ...] = PREFIXES

    def __init__(
        self,
        world: World,
        *,
        password: str,
        otp_code: str,
        smart_otp: str,
        account: str,
        derivative_account: str,
        faults: Faults,
        rate_limit: tuple[int, float] = (600, 60.0),
        wall_clock: Callable[[], float] = time.time,
        seed: int = 0,
    ) -> None:
        self.world = world
        self.customer = Customer(world, account, derivative_account)
        self.auth = Auth(
            self.customer.investor,
            password=password,
            otp_code=otp_code,
            smart_otp=smart_otp,
            wall_clock=wall_clock,
        )
        self.queries = AccountQueries(self.customer)
        self.orders = OrderDesk(self.customer, self.queries)
        self.deals = Deals(self.customer)
        self.conditional = ConditionalOrders(self.customer, self.queries, self.orders)
        self.chart = Chart(world)
        self.order_writes = 0
        self.faults = faults
        self.limit, self.window = rate_limit
        self._hits: deque[float] = deque()
        self._lock = threading.Lock()
        self._chaos = random.Random(seed)
        self._handlers: dict[str, Callable[[Call], Reply]] = {
            "login": lambda c: self.auth.login(c.body),
            "me": lambda c: self.auth.me(),
            "email_otp": lambda c: self.auth.email_otp(),
            "trading_token": lambda c: self.auth.trading_token(c.headers, c.claims),
            "accounts": lambda c: self.queries.accounts(),
            "balance": lambda c: self.queries.balance(c.path["account"]),
            "loan_packages": lambda c: self.queries.loan_packages(c.path["account"]),
            "ppse": lambda c: self.queries.ppse(c.path["account"], c.query),
            "derivative_loan_packages": lambda c: self.queries.derivative_loan_packages(
                c.path["account"]
            ),
            "derivative_ppse": lambda c: self.queries.derivative_ppse(c.path["account"], c.query),
            "place": lambda c: self.orders.place(c.body),
            "orders": lambda c: self.orders.orders(c.query),
            "order": lambda c: self.orders.order(c.path["id"], c.query),
            "cancel": lambda c: self.orders.cancel(c.path["id"], c.query),
            "derivative_place": lambda c: self.orders.derivative_place(c.body),
            "derivative_orders": lambda c: self.orders.derivative_orders(c.query),
            "derivative_order": lambda c: self.orders.derivative_order(c.path["id"], c.query),
            "deals": self._deals,
            "derivative_deals": self._derivative_deals,
            "pnl_config": self._pnl_config,
            "conditional_place": lambda c: self.conditional.place(c.body),
            "conditional_list": lambda c: self.conditional.listing(c.raw_query),
            "conditional_detail": lambda c: self.conditional.detail(c.path["id"]),
            "conditional_cancel": lambda c: self.conditional.cancel(c.path["id"]),
            "chart": lambda c: self.chart.ohlcs(c.path["kind"], c.query),
        }

    # -- the world's side -------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the customer up to the world's now: conditional orders triggered or
        expired, the desk matched and settled, margin debt repaid from free cash."""
        desk = self.customer.desk
        with desk.lock:
            now = desk.clock()
            self.conditional.sync(now)
            desk.advance(now)
            self.customer.loans.repay(desk, self.customer.sub, now)

    # -- requests ---------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request (``headers`` with lower-case names)."""
        method = method.upper()
        path, _, raw_query = target.partition("?")
        found = match(canonical(path))
        route = next((r for r, _ in found if r.method == method), None)
        if route is not None and route.kind == "write":
            with self._lock:
                self.order_writes += 1
        try:
            if not found:
                raise Refusal(f"No route {path[:200]}", 404)
            if route is None:
                allowed = ", ".join(sorted({r.method for r, _ in found}))
                raise Refusal(
                    f"Method {method} not allowed on {path[:200]}", 405, headers={"Allow": allowed}
                )
            params = next(p for r, p in found if r is route)
            call = Call(params, raw_query, body, headers)
            if route.kind != "open":
                call.claims = self.auth.bearer(headers)
            if route.kind in ("write", "guarded"):
                self.auth.trading(headers, call.claims)
            self._rate_limit(time.monotonic())
            if self.faults.error_rate and self._chaos.random() < self.faults.error_rate:
                raise Refusal("Internal server error", 500)
            if route.kind == "write":
                return self._write(route, call)
            return self._answer(route, call)
        except Refusal as refusal:
            return refusal.reply()

    def _answer(self, route: Route, call: Call) -> Reply:
        handler = self._handlers[route.name]
        if route.kind in ("open", "auth"):
            return handler(call)
        with self.customer.desk.lock:
            self.refresh()
            return handler(call)

    def _write(self, route: Route, call: Call) -> Reply:
        """An order write, through the order-write fault if one is set."""
        fault = self.faults.take_order_write()
        if fault == ("500", False):
            raise Refusal("Internal server error", 500)
        try:
            reply = self._answer(route, call)
        except Refusal as refusal:
            reply = refusal.reply()
        if fault is not None and fault[0] == "500":
            return error(500, "Internal server error")
        if fault is not None:
            reply.delay = float(fault[1])
        return reply

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        """A refusal or a crash as ``{status, code, message}``."""
        return error(status, message, None, headers)

    def _rate_limit(self, now: float) -> None:
        """A sliding window of ``limit`` requests per ``window`` seconds."""
        with self._lock:
            if self.faults.force_429 > 0:
                self.faults.force_429 -= 1
                wait = 1
            else:
                while self._hits and self._hits[0] <= now - self.window:
                    self._hits.popleft()
                if len(self._hits) < self.limit:
                    self._hits.append(now)
                    return
                wait = max(math.ceil(self._hits[0] + self.window - now), 1)
        raise Refusal("Too many requests", 429, headers={"Retry-After": str(wait)})

    # -- small handlers ---------------------------------------------------------------------

    def _account(self, call: Call, derivative: bool) -> None:
        account = call.query.get("accountNo", "").strip()
        if not account:
            raise Refusal("accountNo is required")
        self.queries.check(account, derivative=derivative)

    def _deals(self, call: Call) -> Reply:
        self._account(call, derivative=False)
        return self.deals.deals()

    def _derivative_deals(self, call: Call) -> Reply:
        self._account(call, derivative=True)
        return self.deals.derivative_deals()

    def _pnl_config(self, call: Call) -> Reply:
        body(call.body)  # a JSON object, whatever it configures: no derivative deal exists
        raise not_found(f"Deal {call.path['deal'][:20]}")
