"""``fh.market``: quotes, indices, price history and session state (reference §2.2, §2.12).

Every endpoint is written once here, as a coroutine of :class:`AsyncMarket`; :class:`Market`
is the blocking face. All return DataFrames; see each docstring for the columns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd

from .. import _history
from .._faces import SyncGroup, blocking
from .._group import Group
from ..frames import NO_UNIT
from ..rules import EXCHANGES
from . import routes, vocab
from .parsers import market as parse

INDEX_UNIT = "points; total_value in VND, total_volume in shares, breadth in symbols"


class AsyncMarket(Group):
    """Market data endpoints (awaitable). Reached as ``AsyncFinhay(...).market``."""

    name = "market"

    async def quote(self, symbol: str) -> pd.DataFrame:
        """Real-time quote of one symbol: a one-row frame indexed by ``symbol``.

        Columns (snake_case of the wire names): ``exchange stock_type name price reference
        ceiling floor open high low close average change change_percent volume total_volume
        total_value buy_price_1..3 buy_volume_1..3 sell_price_1..3 sell_volume_1..3
        foreign_bought foreign_sold foreign_remain …`` plus any extra field the API sends.
        Prices in VND, ``change_percent`` in percent (0.69 = 0.69 %).
        """
        return await self._frame(routes.quote_one(symbol), parse.stock_realtime, unit="VND")

    async def quotes(
        self, symbols: str | Iterable[str] | None = None, *, exchange: str | None = None
    ) -> pd.DataFrame:
        """Real-time quotes for a list of symbols or a whole exchange; columns as :meth:`quote`.

        Pass exactly one of ``symbols`` and ``exchange`` (``HOSE``, ``HNX``, ``UPCOM``).
        """
        call = routes.quotes(symbols, exchange)
        return await self._frame(call, parse.stock_realtime, unit="VND")

    async def indices(self, codes: str | Iterable[str] = vocab.INDEX_CODES) -> pd.DataFrame:
        """Index snapshot, one row per code (index named ``symbol``).

        Columns: ``name index_value change change_percent reference total_volume total_value
        advances declines unchanged ceiling_count floor_count session``. Levels in points,
        ``total_value`` in VND. Codes: VNINDEX, VN30, HNXINDEX, HNX30, UPCOMINDEX (aliases
        HNX, UPCOM accepted). The intraday series is :meth:`index_intraday`.
        """
        return await self._frame(routes.indices(codes), parse.index_realtime, unit=INDEX_UNIT)

    async def index_intraday(self, codes: str | Iterable[str] = "VNINDEX") -> pd.DataFrame:
        """Today's intraday index series under a ``(symbol, time)`` MultiIndex.

        Columns: ``index_value volume advances declines unchanged ceiling_count floor_count``
        (missing where the API does not send that array).
        """
        return await self._frame(
            routes.indices(codes), parse.index_intraday, unit="points; volume in shares"
        )

    async def session(self, exchange: str | Iterable[str] = EXCHANGES) -> pd.DataFrame:
        """Session state and the order types allowed right now, one row per exchange.

        Columns: ``exchange_session`` (OPEN, PROGRESS, BREAK, PRE_CLOSED, PUT_THROUGH,
        POST_SESSION, CA, CLOSED) and ``available_order_types`` (list of LO, MP, ATO, …).
        """
        calls = routes.sessions(exchange)
        replies = await asyncio.gather(*(self._send(c) for c in calls))
        frame = pd.concat([parse.market_session(r.payload) for r in replies])
        return self._stamp(frame, replies[0], routes.SESSION, unit=NO_UNIT)

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
        """OHLCV bars from ``start`` to ``end`` inclusive.

        Returns columns ``open high low close volume`` (float64 VND, int64 shares) on an
        ascending ``Asia/Ho_Chi_Minh`` index named ``time``; daily bars sit at local midnight
        of the trading date. A list of symbols (even of one) gives the same columns under a
        ``(symbol, time)`` MultiIndex, fetched concurrently within the rate limit.

        ``start``/``end`` accept ``str`` (``YYYY-MM-DD``, ``DD/MM/YYYY``, with a time if you
        like), ``date``, ``datetime`` or ``Timestamp``; naive values are Vietnam time. A date
        without a time means the whole day, so ``end="2024-01-31"`` includes the 31st.
        ``end=None`` means now. ``resolution``: ``1D``, ``5``, ``15``, ``30``, ``1H``, ``4H``
        (``5m``, ``1h``, ``D`` … accepted). Long ranges are split into several requests.
        ``errors="skip"`` drops symbols the API refuses (with a warning, and their errors in
        ``df.attrs["failed"]``) instead of raising. ``progress`` shows a bar (default: when
        in a notebook or terminal and the download takes more than half a second).
        ``store`` (a :class:`vnfin.Store`, a path, or ``True`` for the default store; daily
        and intraday bars) fetches only what the store lacks and keeps what comes back.
        """
        res = routes.resolution(resolution)
        daily = res == "1D"

        async def fetch(symbol: str, a: int, b: int) -> tuple[pd.DataFrame, bool]:
            reply = await self._send(routes.history_window(symbol, res, a, b))
            return parse.price_history(reply.payload, daily=daily), reply.simulated

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
            endpoint=routes.HISTORY,
            unit="VND",
        )


class Market(SyncGroup[AsyncMarket]):
    """Market data endpoints (blocking). Reached as ``Finhay(...).market``."""

    quote = blocking(AsyncMarket.quote)
    quotes = blocking(AsyncMarket.quotes)
    indices = blocking(AsyncMarket.indices)
    index_intraday = blocking(AsyncMarket.index_intraday)
    session = blocking(AsyncMarket.session)
    history = blocking(AsyncMarket.history)
