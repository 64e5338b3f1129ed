"""The SSI FastConnect v2 client: :class:`AsyncSSI` and its blocking face :class:`SSI`.

The constructor is written once, in :class:`SSIClient`, which both faces inherit: it checks
every setting, loads the private key, and builds two sessions, ``trading`` (FastConnect
Trading: read token, write token, RSA signer) and ``data`` (FastConnect Data: its own keys,
token, host and quota). The faces wire the groups they declare (see :mod:`vnfin._client`).
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import pandas as pd

from .._call import Call, dumps
from .._client import AsyncClient, Client, Settings, SyncClient, from_env, required
from .._faces import blocking
from .._inputs import choice, number
from ..errors import ValidationError
from . import ids, routes, tokens, trading_routes, vocab
from .account import Account, AsyncAccount
from .auth import Credentials, SSIAuth, load_private_key
from .envelope import decode
from .group import SSICore
from .login import AsyncAuth, Auth
from .market import AsyncMarket, Market
from .orders import AsyncOrders, Orders
from .routes import Param
from .stream import AsyncStream, Stream


class SSIClient(Client):
    """Arguments of both SSI faces (written once), and what the faces share.

    Arguments fall back to ``SSI_CONSUMER_ID``, ``SSI_CONSUMER_SECRET``, ``SSI_PRIVATE_KEY``,
    ``SSI_ACCOUNT``, ``SSI_DERIVATIVE_ACCOUNT``, ``SSI_DATA_CONSUMER_ID``,
    ``SSI_DATA_CONSUMER_SECRET``, ``SSI_TRADING_URL`` (default
    ``https://fc-tradeapi.ssi.com.vn``) and ``SSI_DATA_URL`` (``https://fc-data.ssi.com.vn``).
    The data keys default to the trading keys; the derivative account to the account
    followed by ``8``. The private key (SSI's base64 ``<RSAKeyValue>`` XML, or PEM) is needed
    only for writes. ``device_id`` (a MAC, sent with every order) defaults to this machine's
    (:mod:`vnfin.ssi.ids`). ``SSI_TWO_FACTOR_TYPE`` (0 PIN, 1 OTP) is the default second
    factor of ``ssi.auth.verify``.

    ``transport`` takes any httpx transport (e.g. ``Sandbox().transport``).
    ``rate_limit=(requests, seconds)`` applies to each host separately (SSI counts trading
    calls per account and data calls per key); GETs are retried ``max_retries`` times on
    429/5xx/connection errors, writes never. ``timeout`` bounds each attempt, ``deadline`` a
    whole call with its retries, ``max_concurrency`` the requests in flight per host.
    ``order_wait`` is how long ``place`` and friends look in the order book for the result.
    """

    _core: SSICore

    def __init__(
        self,
        consumer_id: str | None = None,
        consumer_secret: str | None = None,
        private_key: str | None = None,
        *,
        account: str | None = None,
        derivative_account: str | None = None,
        data_consumer_id: str | None = None,
        data_consumer_secret: str | None = None,
        trading_url: str | None = None,
        data_url: str | None = None,
        device_id: str | None = None,
        transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        deadline: float = 120.0,
        rate_limit: tuple[int, float] = (600, 60.0),
        max_retries: int = 3,
        max_concurrency: int = 16,
        order_wait: float = 2.0,
    ) -> None:
        consumer_id = from_env(consumer_id, "SSI_CONSUMER_ID")
        consumer_secret = from_env(consumer_secret, "SSI_CONSUMER_SECRET")
        required({"consumer_id": consumer_id, "consumer_secret": consumer_secret}, sandbox="ssi")
        settings = Settings.checked(
            timeout=timeout,
            deadline=deadline,
            rate_limit=rate_limit,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
        )
        credentials = Credentials(consumer_id, consumer_secret)
        data_credentials = Credentials(
            from_env(data_consumer_id, "SSI_DATA_CONSUMER_ID") or consumer_id,
            from_env(data_consumer_secret, "SSI_DATA_CONSUMER_SECRET") or consumer_secret,
            prefix="data_",
        )
        key_text = from_env(private_key, "SSI_PRIVATE_KEY")
        key = None if key_text is None else load_private_key(key_text)
        account = from_env(account, "SSI_ACCOUNT")
        acc = None if account is None else trading_routes.account_id(account)
        derivative = from_env(derivative_account, "SSI_DERIVATIVE_ACCOUNT")
        if derivative is None and acc is not None:
            derivative = acc + "8"
        der = (
            None
            if derivative is None
            else trading_routes.account_id(derivative, "derivative_account")
        )
        factor = trading_routes.two_factor_type(os.environ.get("SSI_TWO_FACTOR_TYPE") or 0)
        wait = 0.0 if order_wait == 0 else number(order_wait, "order_wait")
        trading_base = from_env(trading_url, "SSI_TRADING_URL") or vocab.TRADING_URL
        data_base = from_env(data_url, "SSI_DATA_URL") or vocab.DATA_URL

        writes = tokens.WriteToken()
        trading = settings.session(
            trading_base, decode, auth=SSIAuth(key, writes), transport=transport
        )
        data = settings.session(data_base, decode, auth=SSIAuth(key), transport=transport)
        read = tokens.cached(
            trading, lambda: trading_routes.read_token(credentials, factor), "AccessToken"
        )
        data_token = tokens.cached(
            data, lambda: routes.data_token(data_credentials), "Market/AccessToken"
        )
        trading.token, data.token = read, data_token
        core = SSICore(
            source="ssi",
            sessions={"trading": trading, "data": data},
            credentials=credentials,
            data_credentials=data_credentials,
            has_key=key is not None,
            account=acc,
            derivative_account=der,
            device_id=ids.device_id(device_id),
            two_factor_type=factor,
            order_wait=wait,
            writes=writes,
            read_token=read,
            data_token=data_token,
            request_ids=ids.REQUEST_IDS,
            trading_url=trading.base_url,
            data_url=data.base_url,
            trading_hub_url=_hub(trading.base_url, vocab.TRADING_URL, vocab.TRADING_HUB_URL),
            data_hub_url=_hub(data.base_url, vocab.DATA_URL, vocab.DATA_HUB_URL),
        )
        self._attach(core)

    @property
    def account_id(self) -> str | None:
        """The stock account every account and order method defaults to."""
        return self._core.account

    @property
    def derivative_account_id(self) -> str | None:
        """The derivative account the ``*_derivative`` methods default to."""
        return self._core.derivative_account

    @property
    def write_token_expires_at(self) -> pd.Timestamp | None:
        """When the write token from ``auth.verify`` expires (None without one)."""
        return self._core.writes.expires_at

    def _describe(self) -> str:
        core = self._core
        return (
            f"consumer_id={core.credentials!r}, account={core.account!r}, "
            f"derivative_account={core.derivative_account!r}, "
            f"trading_url={core.trading_url!r}, data_url={core.data_url!r}, "
            f"private_key={'loaded' if core.has_key else None}, writes={core.writes!r}"
        )


def _hub(base: str, default: str, hub: str) -> str:
    """The SignalR host: SSI's own for SSI's REST host, else the REST host itself (the
    sandbox serves both)."""
    return hub if base.rstrip("/") == default else base


class AsyncSSI(SSIClient, AsyncClient):
    """Async client of SSI FastConnect v2 (arguments: see :class:`SSIClient`).

    Endpoint groups: ``auth``, ``market``, ``account``, ``orders`` and ``stream`` (the order
    and market streams, :mod:`vnfin.ssi.stream`); ``request()`` reaches any other endpoint.
    """

    auth: AsyncAuth
    market: AsyncMarket
    account: AsyncAccount
    orders: AsyncOrders
    stream: AsyncStream

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: list[Param] | dict[str, Any] | None = None,
        json: Any = None,
        host: str = "trading",
    ) -> Any:
        """Call any FastConnect endpoint and return its decoded envelope (``{"message",
        "status", "data", …}``). The escape hatch for endpoints vnfin does not wrap yet
        (cash transfers, rights …). ``host``: ``"trading"`` or ``"data"``. GETs carry the
        read (or data) token and are retried; a POST is signed, carries the write token and
        is never retried. ``json`` is sent as compact JSON."""
        where = choice(host, ("trading", "data"), "host")
        verb = choice(method, ("GET", "POST"), "method")
        if not isinstance(path, str) or not path.startswith("/api/"):
            raise ValidationError(f"path must start with /api/, got {path!r}", argument="path")
        pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
        body = None if json is None else dumps(json)
        call = Call(verb, routes.target(path, pairs), body)
        reply = await self._core.sessions[where].send(call)
        return reply.payload


class SSI(SSIClient, SyncClient[AsyncSSI]):
    """Blocking client of SSI FastConnect v2; same arguments as :class:`AsyncSSI`.

    Works in scripts, from threads and inside a running Jupyter kernel. Endpoint groups:
    ``auth``, ``market``, ``account``, ``orders``, ``stream``.
    """

    twin = AsyncSSI

    auth: Auth
    market: Market
    account: Account
    orders: Orders
    stream: Stream

    request = blocking(AsyncSSI.request)
