"""``dnse.market``: price history from DNSE's chart endpoint (reference §4.9).

``GET /chart-api/v2/ohlcs/{stock|index|derivative}`` is **unofficial**: it is not in DNSE's
documentation, needs no login, and may change or go away without notice. Its price scale is
not documented either: vnfin ASSUMES stock prices come in thousands of VND and multiplies them
by 1,000 (``df.attrs["scale"]`` says so on every frame); indices and derivatives are points.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

import pandas as pd

from .. import _history
from .._faces import SyncGroup, blocking
from . import routes, vocab
from .group import DNSEGroup
from .parsers import market as parse

UNIT = (
    "VND (stock prices: the chart's assumed thousands of VND × 1,000); volume in shares "
    "(index points for indices and derivatives)"
)
SCALE = (
    "ASSUMED: the unofficial chart endpoint serves stock prices in thousands of VND, which "
    "vnfin multiplies by 1,000 to give VND; index and derivative prices are points, as served"
)


def scale_of(symbol: str) -> float:
    """What a symbol's chart prices are multiplied by: 1,000 for a stock, 1 otherwise."""
    return vocab.STOCK_SCALE if routes.chart_kind(symbol) == "stock" else 1.0


class AsyncMarket(DNSEGroup):
    """Market data endpoints (awaitable). Reached as ``AsyncDNSE(...).market``."""

    name: ClassVar[str] = "market"
    host: ClassVar[str] = "api"

    async def history(
        self,
        symbols: str | Iterable[str],
        start: Any,
        end: Any = None,
        resolution: str = "1D",
        *,
        progress: bool | None = None,
        errors: Literal["raise", "skip"] = "raise",
        store: Any = None,
    ) -> pd.DataFrame:
        """OHLCV bars from ``start`` to ``end`` inclusive, from DNSE's **unofficial** chart
        endpoint (no login needed; not in DNSE's documentation, so it may change).

        Returns columns ``open high low close volume`` (float64 VND — index points for
        indices such as VNINDEX, VN30, HNX30, HNXINDEX, UPCOMINDEX and for derivatives such as
        VN30F1M — and int64 shares) on an ascending ``Asia/Ho_Chi_Minh`` index named
        ``time``; daily bars sit at local midnight of the trading date. A list of symbols
        (even of one) gives the same columns under a ``(symbol, time)`` MultiIndex.

        **Price scale (assumed):** the endpoint does not document its unit; vnfin assumes
        stock prices in thousands of VND and multiplies them by 1,000, as
        ``df.attrs["scale"]`` states. ``resolution``: ``1D``, ``W``, ``1H``, or minutes
        ``30``, ``15``, ``5``, ``3``, ``1`` (``D``, ``1h``, ``5m`` … accepted). Long ranges
        are split into windows fetched concurrently within the rate limit.
        ``start``/``end`` as for Finhay (``YYYY-MM-DD``, ``DD/MM/YYYY``, dates, timestamps;
        ``end=None`` is now). ``errors="skip"`` drops symbols DNSE refuses (warning; errors
        in ``df.attrs["failed"]``); ``progress`` shows a bar.
        ``store`` (a :class:`vnfin.Store`, a path, or ``True`` for the default store; daily
        and intraday bars) fetches only what the store lacks and keeps what comes back.
        """
        res = routes.resolution(resolution)
        daily = res in ("1D", "W")

        async def fetch(symbol: str, a: int, b: int) -> tuple[pd.DataFrame, bool]:
            reply = await self._send(routes.chart(symbol, res, a, b))
            return parse.bars(reply.payload, scale=scale_of(symbol), daily=daily), reply.simulated

        return await _history.bars(
            self,
            fetch,
            symbols,
            start,
            end,
            res,
            daily=daily,
            days=vocab.CHUNK_DAYS[res],
            errors=errors,
            progress=progress,
            store=store,
            endpoint=routes.CHART,
            unit=UNIT,
            scale=SCALE,
            official=False,
        )


class Market(SyncGroup[AsyncMarket]):
    """Market data endpoints (blocking). Reached as ``DNSE(...).market``."""

    history = blocking(AsyncMarket.history)
