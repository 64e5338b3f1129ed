"""The Finhay Open API client: :class:`AsyncFinhay` and its blocking face :class:`Finhay`.

Both share one :class:`~vnfin._http.Session` (signing, envelope, retries, rate limit); the
blocking face only runs the async endpoints to completion (see :mod:`vnfin._faces`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any, Self

import httpx

from .._faces import SyncGroup, blocking
from .._http import Call, Param, RetryPolicy, Session
from .._limiter import RateLimiter
from .._loop import run_sync
from ..errors import ValidationError
from .auth import Credentials, FinhayAuth
from .commodities import AsyncCommodities, Commodities
from .envelope import decode
from .fundamentals import AsyncFundamentals, Fundamentals
from .funds import AsyncFunds, Funds
from .macro import AsyncMacro, Macro
from .market import AsyncMarket, Market
from .news import AsyncNews, News

DEFAULT_BASE_URL = "https://open-api.fhsc.com.vn"
METHODS = ("GET", "POST", "PUT", "DELETE")


def dumps(body: Any) -> bytes:
    """Compact JSON, serialised once: these exact bytes are hashed, signed and sent."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class AsyncFinhay:
    """Async client of the Finhay Securities Open API.

    Arguments fall back to ``FINHAY_API_KEY``, ``FINHAY_API_SECRET``, ``FINHAY_BASE_URL``
    (default ``https://open-api.fhsc.com.vn``) and ``FINHAY_2FA_TOKEN``. The secret is needed
    only for signed (Tier 2) endpoints. ``transport`` takes any httpx transport, sync or async
    (e.g. ``Sandbox().transport``). ``rate_limit=(requests, seconds)`` is the client-side quota
    (600 per 60 s by default); GETs are retried ``max_retries`` times on 429/5xx/connection
    errors; writes never are. ``max_concurrency`` bounds requests in flight.

    Endpoint groups: ``market``, ``fundamentals``, ``news``, ``macro``, ``commodities``,
    ``funds``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        two_fa_token: str | None = None,
        transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        rate_limit: tuple[int, float] = (600, 60.0),
        max_retries: int = 3,
        max_concurrency: int = 16,
    ) -> None:
        api_key = api_key or os.environ.get("FINHAY_API_KEY")
        if not api_key:
            raise ValidationError(
                "api_key is required: pass api_key= or set FINHAY_API_KEY "
                "(or use vnfin.sandbox.Sandbox().finhay() to try vnfin without an account)",
                argument="api_key",
            )
        if timeout <= 0:
            raise ValidationError("timeout must be positive", argument="timeout")
        if max_concurrency < 1:
            raise ValidationError("max_concurrency must be at least 1", argument="max_concurrency")
        self._credentials = Credentials(
            api_key,
            api_secret or os.environ.get("FINHAY_API_SECRET"),
            two_fa_token or os.environ.get("FINHAY_2FA_TOKEN"),
        )
        self.base_url = base_url or os.environ.get("FINHAY_BASE_URL") or DEFAULT_BASE_URL
        limit, window = rate_limit
        self._session = Session(
            base_url=self.base_url,
            auth=FinhayAuth(self._credentials),
            decode=decode,
            transport=transport,
            timeout=timeout,
            limiter=RateLimiter(limit, window),
            retry=RetryPolicy(max_retries=max_retries),
            max_concurrency=max_concurrency,
        )
        self.market = AsyncMarket(self)
        self.fundamentals = AsyncFundamentals(self)
        self.news = AsyncNews(self)
        self.macro = AsyncMacro(self)
        self.commodities = AsyncCommodities(self)
        self.funds = AsyncFunds(self)

    @property
    def two_fa_token(self) -> str | None:
        """The daily 2FA session token (write-only in spirit: never shown in repr)."""
        return self._credentials.two_fa_token

    @two_fa_token.setter
    def two_fa_token(self, token: str | None) -> None:
        self._credentials.two_fa_token = token

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Sequence[Param] | dict[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Call any Finhay endpoint and return its decoded payload (``result`` or ``data``).

        The escape hatch for endpoints vnfin does not wrap yet. Signed like every other call;
        GETs are retried, POST/PUT/DELETE never are. ``json`` is sent as compact JSON.
        """
        verb = str(method).upper()
        if verb not in METHODS:
            raise ValidationError(
                f"method={method!r} is not one of: {', '.join(METHODS)}", argument="method"
            )
        if not isinstance(path, str) or not path.startswith("/") or "?" in path:
            raise ValidationError(
                f"path={path!r} must start with '/' and carry no query (use params=)",
                argument="path",
            )
        items = tuple(params.items()) if isinstance(params, dict) else tuple(params or ())
        body = None if json is None else dumps(json)
        reply = await self._session.send(Call(verb, path, items, body))
        return reply.payload

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._session.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, credentials={self._credentials!r})"
        )


class Finhay(SyncGroup):
    """Blocking client of the Finhay Securities Open API; same arguments as :class:`AsyncFinhay`.

    Works in scripts and inside a running Jupyter kernel. Endpoint groups: ``market``,
    ``fundamentals``, ``news``, ``macro``, ``commodities``, ``funds``.
    """

    _async: AsyncFinhay

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        two_fa_token: str | None = None,
        transport: httpx.AsyncBaseTransport | httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        rate_limit: tuple[int, float] = (600, 60.0),
        max_retries: int = 3,
        max_concurrency: int = 16,
    ) -> None:
        super().__init__(
            AsyncFinhay(
                api_key,
                api_secret,
                base_url=base_url,
                two_fa_token=two_fa_token,
                transport=transport,
                timeout=timeout,
                rate_limit=rate_limit,
                max_retries=max_retries,
                max_concurrency=max_concurrency,
            )
        )
        self.market = Market(self._async.market)
        self.fundamentals = Fundamentals(self._async.fundamentals)
        self.news = News(self._async.news)
        self.macro = Macro(self._async.macro)
        self.commodities = Commodities(self._async.commodities)
        self.funds = Funds(self._async.funds)

    request = blocking(AsyncFinhay.request)

    @property
    def base_url(self) -> str:
        return self._async.base_url

    @property
    def two_fa_token(self) -> str | None:
        return self._async.two_fa_token

    @two_fa_token.setter
    def two_fa_token(self, token: str | None) -> None:
        self._async.two_fa_token = token

    def close(self) -> None:
        """Close the connection pool."""
        run_sync(self._async.aclose())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._async).replace("AsyncFinhay", "Finhay", 1)
