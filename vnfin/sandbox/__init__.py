"""A local, simulated world of Vietnamese brokers: tests, demos, benchmarks, paper trading.

**All market data it serves is simulated.** Tickers, company names and exchanges are real;
prices, volumes, statements, news and everything else come from a seeded model.

>>> from vnfin.sandbox import Sandbox
>>> sb = Sandbox(seed=0)
>>> fh = sb.finhay()                      # a connected vnfin.Finhay, no credentials needed
>>> ssi = sb.ssi()                        # a connected vnfin.SSI (PIN: sb.ssi_pin)
>>> dnse = sb.dnse()                      # a connected vnfin.DNSE (OTP: sb.dnse_smart_otp)
>>> url = sb.serve()                      # or real HTTP on 127.0.0.1, for any client
>>> sb.close()

Layout — one broker-neutral world, one folder per broker dialect:

* :mod:`.world` — the simulated market (engine, calendar, exchange rules, quotes), the
  datasets (fundamentals, ratios, news, macro, commodities, funds) and the brokerage side
  (accounts with T+2 settlement, the matching engine, the order desk, shareholder rights);
  no broker's formats;
* :mod:`.finhay` — Finhay's dialect: verification as the real server does it (API key,
  HMAC over the raw request target and body hash, ±30 s timestamps, nonce replay, 2FA on
  order writes, rate limit), its routes, envelopes and views of the world, accounts and
  orders included;
* :mod:`.ssi` — SSI FastConnect v2's dialect (FCTrading and FCData): consumer ID and secret,
  PIN/OTP access tokens (RS256 JWTs, ``isSave``), ``X-Signature`` (RSA over the raw body)
  checked with the public half of a key the sandbox makes, order writes, account queries,
  market data in both FCData dialects, and the numbered order-stream events;
* :mod:`.dnse` — DNSE LightSpeed's dialect in both of its path layouts: login to an HS256
  JWT, the e-mail and smart OTPs and trading tokens, accounts, loan packages and ppse, orders
  and deals, conditional orders that trigger on the simulated price, and the public chart;
* :mod:`.router` — sends each request to the dialect that owns its path;
* :mod:`.transport` (in-process httpx) and :mod:`.server` (loopback HTTP served by uvicorn,
  running the ASGI app of :mod:`.asgi`) — the ways in;
* :mod:`.replies` — the broker-neutral reply and the ``X-Vnfin-Sandbox`` marker;
  :mod:`.faults` — latency, random 500s, forced 429s, clock skew, broken order writes.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Self

from .dnse import DNSEApp
from .faults import Faults
from .finhay import FinhayApp
from .router import Dialect, Router
from .server import LoopbackServer
from .ssi import SSIApp
from .ssi.hubs import SSIHubs
from .ssi.keys import new_consumer_key, xml_base64
from .transport import SandboxTransport
from .world import MarketEngine, SubAccount, World

__all__ = ["Faults", "MarketEngine", "Sandbox", "World"]


class Sandbox:
    """A simulated world hosting every broker dialect the sandbox speaks, each on its own
    real paths (Finhay's ``/market``, ``/trading``, ``/fund-trading``, ``/users`` and
    ``/auth/v1/openapi``; SSI's ``/api/v2``, any case; DNSE's ``/dnse-*-service`` and
    ``/*-service``, ``/conditional-order-api``, ``/chart-api``), over one in-process transport
    or one loopback server.

    ``seed`` fixes the simulated market. ``latency`` adds that many seconds to every request.
    ``now`` pins the market clock (str, date, datetime or Timestamp; naive = Vietnam time; a
    settable attribute); by default the market follows the wall clock. ``rate_limit=(requests,
    seconds)`` is the server quota. ``error_rate`` and ``clock_skew`` are fault knobs (see
    :class:`Faults`, shared by every dialect as :attr:`faults`). ``reference`` is a folder of
    reference data shaped like vnfin's ``data/`` (``tickers.csv``, ``holidays.csv``,
    ``indices.csv``) to simulate another universe of listings; the default is ``data/``.

    What is inside:

    * :attr:`world` — the :class:`World` (market engine, clock, accounts, order desk);
      :attr:`engine` is its :class:`MarketEngine`;
    * the account: user 123456 with sub-accounts ``0001234567`` (``120C001234.1``, Normal,
      100,000,000 VND, VNM and FPT), ``0001234568`` (``.6``, Margin, 50,000,000 VND, HPG) and
      ``0001234569`` (``.4``, the order-execution sub-account, 500,000,000 VND; VNM, HPG, FPT,
      SHS, PVS, ACV) — :mod:`.world.accounts`. :meth:`fund` sets cash and holdings;
      ``sb.world.accounts[123456].subs["0001234569"]`` is the sub-account itself and
      ``sb.world.desk`` the order desk (``desk.orders`` every order by id, ``desk.halted``
      the symbols to refuse as halted). Orders match lazily against the simulated path
      whenever the account or the book is read or written: pin :attr:`now`, place an order,
      move :attr:`now` on, and read the result (:mod:`.world.matching` has the rules);
    * SSI's customer (:mod:`.ssi.ledger`): stock account :attr:`ssi_account` (``1234567``,
      500,000,000 VND; SSI, VNM, FPT, HPG, SHS, ACV) in the same world, trading through the
      same desk (``sb.fund("1234567", ...)`` works), and derivative account
      :attr:`ssi_derivative_account` (``12345678``, a 100,000,000 VND deposit; the world lists
      no futures, so derivative orders are refused ``ORD001``);
    * DNSE's investor (:mod:`.dnse.ledger`): stock sub-account :attr:`dnse_account`
      (``0001888888``, 300,000,000 VND; VNM, FPT, HPG) in the same world and desk, with a
      cash and a margin loan package, and derivative sub-account
      :attr:`dnse_derivative_account` (``0001888889``, a deposit; derivative orders are
      refused, the world lists no futures);
    * :attr:`apps` — every dialect app by name (``sb.apps["finhay"]``, ``sb.apps["ssi"]``,
      ``sb.apps["dnse"]``); :attr:`dnse_app` is DNSE's (knobs: ``auth.wall_clock``,
      ``auth.token_lifetime``, ``auth.trading_lifetime``);
      :attr:`ssi_app` is SSI's, with the knobs ``two_factor_type`` (0 PIN, 1 OTP),
      ``data_shape`` (``"pascal"`` or ``"legacy"``), ``token_lifetime``, and ``events``, the
      day's order-stream events; :attr:`finhay_app` is the Finhay one, with the
      response-shape knobs: ``public.statement_shape``,
      ``public.bank_rates_shape``, ``public.news_key``; ``two_fa.enveloped`` (answer the 2FA
      steps in the standard envelope rather than with top-level fields);
      ``trading.orders.null_envelope`` (successful order writes with ``error_code`` null);
    * :attr:`faults` — the fault knobs, ``faults.next_order_write`` among them (a 500 with or
      without the write carried out, or a slow answer: see :class:`Faults`);
    * :attr:`requests_seen` — requests received so far, all dialects together;
      :attr:`order_writes` — order writes received (place, amend, cancel);
    * :attr:`api_key`, :attr:`api_secret`, :attr:`otp_code` — this sandbox's throwaway
      Finhay credentials; :attr:`ssi_consumer_id`, :attr:`ssi_consumer_secret`,
      :attr:`ssi_private_key` (SSI's format: base64 of the .NET ``<RSAKeyValue>`` XML),
      :attr:`ssi_pin`, :attr:`ssi_otp_code`, :attr:`ssi_data_consumer_id` and
      :attr:`ssi_data_consumer_secret` (the trading pair) its SSI ones;
      :attr:`dnse_username` (an e-mail; the phone ``dnse_app.customer.investor.mobile`` and
      the custody code ``064C888888`` log in too), :attr:`dnse_password`,
      :attr:`dnse_smart_otp` (valid any time) its DNSE ones — DNSE's e-mail OTP is
      :attr:`otp_code`, valid 2 minutes after ``GET .../api/email-otp``, once; :attr:`transport` —
      the in-process httpx transport (sync and async, any host).
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
        reference: str | os.PathLike[str] | None = None,
    ) -> None:
        self.seed = seed
        self.api_key = "ak_test_" + secrets.token_hex(12)
        self.api_secret = secrets.token_hex(32)
        self.otp_code = f"{secrets.randbelow(10**6):06d}"
        self.faults = Faults(latency=latency, error_rate=error_rate, clock_skew=clock_skew)
        self.world = World(seed, now, None if reference is None else Path(reference))
        self.finhay_app = FinhayApp(
            self.world,
            api_key=self.api_key,
            api_secret=self.api_secret,
            otp_code=self.otp_code,
            faults=self.faults,
            rate_limit=rate_limit,
            seed=seed,
        )
        key = new_consumer_key()
        self.ssi_consumer_id = secrets.token_hex(16)
        self.ssi_consumer_secret = secrets.token_urlsafe(32)
        self.ssi_private_key = xml_base64(key)
        self.ssi_account = "1234567"
        self.ssi_derivative_account = self.ssi_account + "8"
        self.ssi_pin = f"{secrets.randbelow(10**6):06d}"
        self.ssi_otp_code = f"{secrets.randbelow(10**6):06d}"
        self.ssi_data_consumer_id = self.ssi_consumer_id
        self.ssi_data_consumer_secret = self.ssi_consumer_secret
        self.ssi_app = SSIApp(
            self.world,
            consumer_id=self.ssi_consumer_id,
            consumer_secret=self.ssi_consumer_secret,
            public_key=key.public_key(),
            pin=self.ssi_pin,
            otp_code=self.ssi_otp_code,
            account=self.ssi_account,
            derivative_account=self.ssi_derivative_account,
            data_consumer_id=self.ssi_data_consumer_id,
            data_consumer_secret=self.ssi_data_consumer_secret,
            faults=self.faults,
            rate_limit=rate_limit,
            seed=seed,
        )
        self.dnse_password = secrets.token_urlsafe(12)
        self.dnse_smart_otp = f"{secrets.randbelow(10**6):06d}"
        self.dnse_account = "0001888888"
        self.dnse_derivative_account = "0001888889"
        self.dnse_app = DNSEApp(
            self.world,
            password=self.dnse_password,
            otp_code=self.otp_code,
            smart_otp=self.dnse_smart_otp,
            account=self.dnse_account,
            derivative_account=self.dnse_derivative_account,
            faults=self.faults,
            rate_limit=rate_limit,
            seed=seed,
        )
        self.dnse_username = self.dnse_app.customer.investor.email
        self.apps: Mapping[str, Dialect] = MappingProxyType(
            {"finhay": self.finhay_app, "ssi": self.ssi_app, "dnse": self.dnse_app}
        )
        # SSI's SignalR hubs (order events, market channels) on /v2.0/signalr: WebSockets
        # need the loopback server (serve()); the in-process transport answers their REST legs.
        self.ssi_hubs = SSIHubs.over(self.ssi_app)
        self.router = Router([*self.apps.values(), self.ssi_hubs])
        self.transport = SandboxTransport(self.router.respond, lambda: self.faults.latency)
        self._server: LoopbackServer | None = None
        self._lock = threading.Lock()

    # -- the world and its knobs -------------------------------------------------------------

    @property
    def engine(self) -> MarketEngine:
        return self.world.engine

    @property
    def now(self) -> dt.datetime | None:
        """The pinned market time (Vietnam time), or None when following the wall clock."""
        return self.world.now

    @now.setter
    def now(self, value: Any) -> None:
        self.world.now = value

    @property
    def requests_seen(self) -> int:
        """How many requests reached the sandbox, all dialects together."""
        return self.router.requests_seen

    @property
    def latency(self) -> float:
        return self.faults.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self.faults.latency = seconds

    def force_429(self, count: int = 1) -> None:
        """Answer the next ``count`` requests with HTTP 429."""
        self.faults.force_429 = count

    @property
    def order_writes(self) -> int:
        """How many order writes (place, amend, cancel; Finhay's, SSI's and DNSE's, DNSE's
        conditional orders included) reached the sandbox, authentic or not."""
        apps = (self.finhay_app, self.ssi_app, self.dnse_app)
        return sum(app.order_writes for app in apps)

    def fund(
        self, sub_account: str, cash: int | None = None, holdings: Mapping[str, int] | None = None
    ) -> SubAccount:
        """Set a sub-account's settled cash (VND) and settled shares, e.g.
        ``sb.fund(".4", cash=1_000_000_000, holdings={"VNM": 1000, "FPT": 0})`` (0 removes a
        holding; holdings not named stay). ``sub_account`` is the short id, the extended id
        or the suffix. New shares cost today's reference price and count as held before any
        corporate event. Returns the sub-account."""
        return self.world.desk.fund(sub_account, cash, holdings)

    # -- ways in ---------------------------------------------------------------------------

    def serve(self, port: int = 0) -> str:
        """Serve real HTTP on 127.0.0.1 (``port=0`` picks a free one); returns the base URL.
        One server per sandbox: later calls return the same URL."""
        with self._lock:
            if self._server is None:
                self._server = LoopbackServer(self.router, lambda: self.faults.latency, port)
            return self._server.url

    def finhay(self, **options: Any) -> Any:
        """A :class:`vnfin.Finhay` connected to this sandbox (in-process, no sockets)."""
        from ..finhay import Finhay

        return Finhay(**self._client_options(options))

    def async_finhay(self, **options: Any) -> Any:
        """An :class:`vnfin.AsyncFinhay` connected to this sandbox."""
        from ..finhay import AsyncFinhay

        return AsyncFinhay(**self._client_options(options))

    def ssi(self, **options: Any) -> Any:
        """A :class:`vnfin.SSI` connected to this sandbox (in-process, no sockets)."""
        from ..ssi import SSI

        return SSI(**self._ssi_options(options))

    def async_ssi(self, **options: Any) -> Any:
        """An :class:`vnfin.AsyncSSI` connected to this sandbox."""
        from ..ssi import AsyncSSI

        return AsyncSSI(**self._ssi_options(options))

    def dnse(self, **options: Any) -> Any:
        """A :class:`vnfin.DNSE` connected to this sandbox (in-process, no sockets), with
        this sandbox's username and password; its trading token needs
        :attr:`dnse_smart_otp`, or :attr:`otp_code` after an e-mail OTP request."""
        from ..dnse import DNSE

        return DNSE(**self._dnse_options(options))

    def async_dnse(self, **options: Any) -> Any:
        """An :class:`vnfin.AsyncDNSE` connected to this sandbox."""
        from ..dnse import AsyncDNSE

        return AsyncDNSE(**self._dnse_options(options))

    def _dnse_options(self, options: dict[str, Any]) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "username": self.dnse_username,
            "password": self.dnse_password,
            "base_url": "http://sandbox.vnfin.invalid",
            "transport": self.transport,
        }
        return {**defaults, **options}

    def _ssi_options(self, options: dict[str, Any]) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "consumer_id": self.ssi_consumer_id,
            "consumer_secret": self.ssi_consumer_secret,
            "private_key": self.ssi_private_key,
            "account": self.ssi_account,
            "derivative_account": self.ssi_derivative_account,
            "trading_url": "http://sandbox.vnfin.invalid",
            "data_url": "http://sandbox.vnfin.invalid",
            "transport": self.transport,
        }
        return {**defaults, **options}

    def _client_options(self, options: dict[str, Any]) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "api_key": self.api_key,
            "api_secret": self.api_secret,
            "base_url": "http://sandbox.vnfin.invalid",
            "transport": self.transport,
        }
        return {**defaults, **options}

    def close(self) -> None:
        """Stop the HTTP server if one is running (answers in progress finish first)."""
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
