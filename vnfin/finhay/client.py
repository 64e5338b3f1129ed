"""The Finhay Open API client: :class:`AsyncFinhay` and its blocking face :class:`Finhay`.

The constructor is written once, in :class:`FinhayClient`, which both faces inherit: it builds
one :class:`~vnfin._http.Session` (signer, envelope, retries, rate limit) and the faces wire
the groups they declare (see :mod:`vnfin._client`). The blocking face only runs the async
endpoints to completion (see :mod:`vnfin._faces` and :mod:`vnfin._loop`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import httpx

from .._client import AsyncClient, Client, Core, Settings, SyncClient, from_env, required
from .._faces import blocking
from . import routes
from .account import Account, AsyncAccount
from .auth import Credentials, FinhayAuth
from .commodities import AsyncCommodities, Commodities
from .envelope import decode
from .fundamentals import AsyncFundamentals, Fundamentals
from .funds import AsyncFunds, Funds
from .macro import AsyncMacro, Macro
from .market import AsyncMarket, Market
from .news import AsyncNews, News
from .orders import AsyncOrders, Orders
from .profile import Profile
from .routes import Param

DEFAULT_BASE_URL = "https://open-api.fhsc.com.vn"


@dataclass
class FinhayCore(Core):
    credentials: Credentials
    base_url: str
    profile: Profile


class FinhayClient(Client):
    """Arguments of both Finhay faces (written once), and what the faces share.

    Arguments fall back to ``FINHAY_API_KEY``, ``FINHAY_API_SECRET``, ``FINHAY_BASE_URL``
    (default ``https://open-api.fhsc.com.vn``) and ``FINHAY_2FA_TOKEN``. The secret is needed
    only for signed (Tier 2) endpoints. ``transport`` takes any httpx transport, sync or async
    (e.g. ``Sandbox().transport``). ``rate_limit=(requests, seconds)`` is the client-side quota
    (600 per 60 s by default); GETs are retried ``max_retries`` times on 429/5xx/connection
    errors; writes never are. ``timeout`` bounds each attempt as a whole (connect, send and
    every read), ``deadline`` a whole call with its retries. ``max_concurrency`` bounds
    requests in flight.
    """

    _core: FinhayCore

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        two_fa_token: str | None = None,
        transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        deadline: float = 120.0,
        rate_limit: tuple[int, float] = (600, 60.0),
        max_retries: int = 3,
        max_concurrency: int = 16,
    ) -> None:
        api_key = from_env(api_key, "FINHAY_API_KEY")
        required({"api_key": api_key}, sandbox="finhay")
        settings = Settings.checked(
            timeout=timeout,
            deadline=deadline,
            rate_limit=rate_limit,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
        )
        credentials = Credentials(
            api_key,
            os.environ.get("FINHAY_API_SECRET") if api_secret is None else api_secret,
            os.environ.get("FINHAY_2FA_TOKEN") if two_fa_token is None else two_fa_token,
        )
        if base_url is None:
            base_url = os.environ.get("FINHAY_BASE_URL") or DEFAULT_BASE_URL
        session = settings.session(
            base_url, decode, auth=FinhayAuth(credentials), transport=transport
        )
        core = FinhayCore(
            "finhay", {"api": session}, credentials, session.base_url, Profile(session)
        )
        self._attach(core)

    @property
    def base_url(self) -> str:
        return self._core.base_url

    @property
    def two_fa_token(self) -> str | None:
        """The daily 2FA session token (never shown in repr)."""
        return self._core.credentials.two_fa_token

    @two_fa_token.setter
    def two_fa_token(self, token: str | None) -> None:
        self._core.credentials.two_fa_token = token

    def _describe(self) -> str:
        return f"base_url={self._core.base_url!r}, credentials={self._core.credentials!r}"


class AsyncFinhay(FinhayClient, AsyncClient):
    """Async client of the Finhay Securities Open API (arguments: see :class:`FinhayClient`).

    Endpoint groups: ``market``, ``account``, ``orders``, ``fundamentals``, ``news``,
    ``macro``, ``commodities``, ``funds``; ``request()`` reaches any other endpoint.
    """

    market: AsyncMarket
    account: AsyncAccount
    orders: AsyncOrders
    fundamentals: AsyncFundamentals
    news: AsyncNews
    macro: AsyncMacro
    commodities: AsyncCommodities
    funds: AsyncFunds

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: list[Param] | dict[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Call any Finhay endpoint and return its decoded payload (``result`` or ``data``).

        The escape hatch for endpoints vnfin does not wrap yet. Signed like every other call;
        GETs are retried, POST/PUT/DELETE never are. ``json`` is sent as compact JSON.
        """
        call = routes.request(method, path, params, json)
        reply = await self._core.sessions["api"].send(call)
        return reply.payload


class Finhay(FinhayClient, SyncClient[AsyncFinhay]):
    """Blocking client of the Finhay Securities Open API; same arguments as :class:`AsyncFinhay`.

    Works in scripts, from threads and inside a running Jupyter kernel. Endpoint groups:
    ``market``, ``account``, ``orders``, ``fundamentals``, ``news``, ``macro``,
    ``commodities``, ``funds``.
    """

    twin = AsyncFinhay

    market: Market
    account: Account
    orders: Orders
    fundamentals: Fundamentals
    news: News
    macro: Macro
    commodities: Commodities
    funds: Funds

    request = blocking(AsyncFinhay.request)
