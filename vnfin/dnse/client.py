"""The DNSE LightSpeed client: :class:`AsyncDNSE` and its blocking face :class:`DNSE`.

The constructor is written once, in :class:`DNSEClient`, which both faces inherit: it checks
every setting, picks the path layout from the base URL's host, and builds one session (the
chart endpoint lives on the same host) with the login JWT as its token source and
:class:`~vnfin.dnse.auth.DNSEAuth` adding the trading token to writes. The faces wire the
groups they declare (see :mod:`vnfin._client`).
"""

from __future__ import annotations

from typing import Any

import httpx
import pandas as pd

from .._call import Call, dumps
from .._client import AsyncClient, Client, Settings, SyncClient, from_env, required
from .._faces import blocking
from .._inputs import choice, number
from ..errors import ValidationError
from . import routes, vocab
from .account import Account, AsyncAccount
from .auth import Credentials, DNSEAuth
from .envelope import decode
from .group import DNSECore
from .login import AsyncAuth, Auth
from .market import AsyncMarket, Market
from .orders import AsyncOrders, Orders
from .routes import Layout, Param
from .tokens import LoginToken, TradingToken


class DNSEClient(Client):
    """Arguments of both DNSE faces (written once), and what the faces share.

    ``username`` (the e-mail, phone number or custody code you log in to Entrade X with) and
    ``password`` fall back to ``DNSE_USERNAME`` and ``DNSE_PASSWORD``; ``base_url`` to
    ``DNSE_BASE_URL``, else ``https://services.entrade.com.vn``; ``account`` (the default
    stock sub-account) to ``DNSE_ACCOUNT``, else the first non-derivative sub-account DNSE
    lists. ``layout``: ``"entrade"`` (``/dnse-order-service/...``) or ``"api"``
    (``/order-service/...``); by default ``"api"`` for ``https://api.dnse.com.vn`` and
    ``"entrade"`` for any other host. Credentials are checked here and never shown.

    ``transport`` takes any httpx transport (e.g. ``Sandbox().transport``).
    ``rate_limit=(requests, seconds)`` is the client-side quota (DNSE publishes none); GETs
    are retried ``max_retries`` times on 429/5xx/connection errors, writes never. ``timeout``
    bounds each attempt, ``deadline`` a whole call with its retries, ``max_concurrency`` the
    requests in flight. ``order_wait`` is how long vnfin looks in today's orders for an
    order whose answer was lost.
    """

    _core: DNSECore

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        *,
        base_url: str | None = None,
        account: str | None = None,
        layout: str | None = None,
        transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        deadline: float = 120.0,
        rate_limit: tuple[int, float] = (600, 60.0),
        max_retries: int = 3,
        max_concurrency: int = 16,
        order_wait: float = 2.0,
    ) -> None:
        username = from_env(username, "DNSE_USERNAME")
        password = from_env(password, "DNSE_PASSWORD")
        required({"username": username, "password": password}, sandbox="dnse")
        credentials = Credentials(username, password)
        settings = Settings.checked(
            timeout=timeout,
            deadline=deadline,
            rate_limit=rate_limit,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
        )
        base = from_env(base_url, "DNSE_BASE_URL") or vocab.BASE_URL
        default = from_env(account, "DNSE_ACCOUNT")
        acc = None if default is None else routes.account_id(default)
        wait = 0.0 if order_wait == 0 else number(order_wait, "order_wait")
        trading = TradingToken()
        session = settings.session(base, decode, auth=DNSEAuth(trading), transport=transport)
        where = Layout.of(session.base_url, layout)
        login = LoginToken(session, lambda: routes.login(where, *credentials.pair()))
        session.token = login
        core = DNSECore(
            source="dnse",
            sessions={"api": session},
            credentials=credentials,
            layout=where,
            base_url=session.base_url,
            account=acc,
            order_wait=wait,
            login=login,
            trading=trading,
        )
        self._attach(core)

    @property
    def base_url(self) -> str:
        return self._core.base_url

    @property
    def layout(self) -> str:
        """``"entrade"`` (``/dnse-<service>`` paths) or ``"api"`` (``/<service>``)."""
        return self._core.layout.name

    @property
    def account_id(self) -> str | None:
        """The stock sub-account given (``account=`` or ``DNSE_ACCOUNT``); None means the
        first non-derivative sub-account DNSE lists, looked up on first use."""
        return self._core.account

    @property
    def trading_token_expires_at(self) -> pd.Timestamp | None:
        """When the trading token from ``auth.trading_token`` expires (None without one)."""
        return self._core.trading.expires_at

    def _describe(self) -> str:
        core = self._core
        return (
            f"credentials={core.credentials!r}, base_url={core.base_url!r}, "
            f"layout={core.layout.name!r}, account={core.account!r}, login={core.login!r}, "
            f"trading={core.trading!r}"
        )


class AsyncDNSE(DNSEClient, AsyncClient):
    """Async client of DNSE's LightSpeed API (arguments: see :class:`DNSEClient`).

    Endpoint groups: ``auth``, ``market``, ``account``, ``orders``; ``request()`` reaches any
    other endpoint.
    """

    auth: AsyncAuth
    market: AsyncMarket
    account: AsyncAccount
    orders: AsyncOrders

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: list[Param] | dict[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Call any LightSpeed endpoint and return its decoded JSON. The escape hatch for
        endpoints vnfin does not wrap (PnL configs, …): ``path`` as the layout writes it
        (``/dnse-order-service/...`` or ``/order-service/...``). Every call carries the JWT;
        POST, PUT, PATCH and DELETE carry the trading token too and are never retried."""
        verb = choice(method, ("GET", "POST", "PUT", "PATCH", "DELETE"), "method")
        if not isinstance(path, str) or not path.startswith("/") or "?" in path:
            raise ValidationError(
                f"path must start with / and carry no query (use params=), got {path!r}",
                argument="path",
            )
        if verb != "GET":
            self._core.trading.value()
        pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
        body = None if json is None else dumps(json)
        reply = await self._core.sessions["api"].send(Call(verb, routes.target(path, pairs), body))
        return reply.payload


class DNSE(DNSEClient, SyncClient[AsyncDNSE]):
    """Blocking client of DNSE's LightSpeed API; same arguments as :class:`AsyncDNSE`.

    Works in scripts, from threads and inside a running Jupyter kernel. Endpoint groups:
    ``auth``, ``market``, ``account``, ``orders``.
    """

    twin = AsyncDNSE

    auth: Auth
    market: Market
    account: Account
    orders: Orders

    request = blocking(AsyncDNSE.request)
