"""``ssi.market``: FastConnect Data — securities, indices and price history as DataFrames
(reference §2.2).

Every list endpoint is paged (``pageIndex``/``pageSize``, with ``totalRecord`` in the
answer): vnfin asks for the largest page the endpoint takes and follows the pages. DailyOhlc
refuses ranges over 30 days, so :meth:`AsyncMarket.history` splits a range into 30-day
windows and fetches every window of every symbol concurrently, within the data session's
rate limit and concurrency bound, and returns the same shape as Finhay's history.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Literal

import pandas as pd

from .. import _history, _inputs
from .._call import Call, Reply
from .._faces import SyncGroup, blocking
from .._group import gather
from ..frames import NO_UNIT, VN_TZ, stamp
from . import routes, vocab
from .group import SSIGroup
from .parsers import common
from .parsers import market as parse

Route = Callable[[int], Call]


class AsyncMarket(SSIGroup):
    """Market data endpoints (awaitable). Reached as ``AsyncSSI(...).market``."""

    name: ClassVar[str] = "market"
    host: ClassVar[str] = "data"

    async def _pages(self, route: Route, endpoint: str) -> list[Reply]:
        """Every page of a paged endpoint: the first, then the rest together (from
        ``totalRecord``; without it, one after another until a short page)."""
        size = vocab.PAGE_SIZE[endpoint]
        limit = vocab.MAX_PAGES.get(endpoint, vocab.DEFAULT_MAX_PAGES)
        first = await self._send(route(1))
        count = len(common.rows(first.payload, endpoint))
        total = common.total(first.payload)
        if total is not None:
            pages = min(limit, math.ceil(total / size))
            rest = await gather(*(self._send(route(i)) for i in range(2, pages + 1)))
            return [first, *rest]
        replies = [first]
        page = 1
        while count >= size and page < limit:
            page += 1
            replies.append(await self._send(route(page)))
            count = len(common.rows(replies[-1].payload, endpoint))
        return replies

    async def _table(
        self, route: Route, endpoint: str, parser: Callable[[Any], pd.DataFrame], **attrs: Any
    ) -> pd.DataFrame:
        replies = await self._pages(route, endpoint)
        parts = [parser(r.payload) for r in replies]
        table = pd.concat(parts) if len(parts) > 1 else parts[0]
        path = route(1).path
        return self._stamped(table, replies, path, unit=NO_UNIT, pages=len(replies), **attrs)

    async def securities(self, exchange: str | None = None) -> pd.DataFrame:
        """Every listed security, or those of one ``exchange`` (HOSE, HNX, UPCOM, DER): one
        row per symbol (index ``symbol``), columns ``exchange name name_en``."""
        routes.securities(exchange)  # inputs checked before anything is sent
        return await self._table(
            lambda i: routes.securities(exchange, i), "Securities", parse.securities
        )

    async def security(self, symbol: str) -> pd.DataFrame:
        """One security's reference data: a one-row frame indexed by ``symbol``, columns
        ``isin name name_en sec_type exchange exchange_code issuer lot_size issue_date
        maturity_date first_trading_date last_trading_date contract_multiplier
        settlement_method underlying put_or_call exercise_price exercise_style
        exercise_ratio listed_shares tick_price_1..4 tick_increment_1..4``. ``sec_type``: ST
        stock, CW covered warrant, FU futures, EF ETF, BO bond, OF/MF funds. Empty when SSI
        does not know the symbol."""
        routes.securities_details(symbol)
        table = await self._table(
            lambda i: routes.securities_details(symbol, i),
            "SecuritiesDetails",
            parse.security_details,
        )
        sym = _inputs.symbol(symbol)
        return table.loc[table.index == sym]

    async def index_components(self, index: str) -> pd.DataFrame:
        """The constituents of ``index`` (``VN30``, ``VN100``, ``HNX30`` …): one row each,
        columns ``index symbol isin index_name exchange``."""
        routes.index_components(index)
        return await self._table(
            lambda i: routes.index_components(index, i), "IndexComponents", parse.index_components
        )

    async def indices(self, exchange: str | None = None) -> pd.DataFrame:
        """The indices SSI computes, all or one ``exchange``'s (HOSE, HNX): one row per index
        (index ``index``), columns ``name exchange``."""
        routes.index_list(exchange)
        return await self._table(
            lambda i: routes.index_list(exchange, i), "IndexList", parse.index_list
        )

    async def _windowed(
        self,
        symbol: str,
        a: int,
        b: int,
        endpoint: str,
        route: Callable[[str, pd.Timestamp, pd.Timestamp, int], Call],
        parser: Callable[[Any], pd.DataFrame],
    ) -> tuple[pd.DataFrame, bool]:
        """One window ``[a, b]`` (epoch seconds) of one symbol, every page of it."""
        first = pd.Timestamp(a, unit="s", tz="UTC").tz_convert(VN_TZ)
        last = pd.Timestamp(b, unit="s", tz="UTC").tz_convert(VN_TZ)
        replies = await self._pages(lambda i: route(symbol, first, last, i), endpoint)
        parts = [parser(r.payload) for r in replies]
        table = pd.concat(parts) if len(parts) > 1 else parts[0]
        return table, any(r.simulated for r in replies)

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
        """OHLCV bars from ``start`` to ``end`` inclusive, from DailyOhlc (``1D``) or
        IntradayOhlc (minutes: ``1`` … ``60``, aliases ``1m``, ``5m`` …, as SSI accepts).

        Returns columns ``open high low close volume`` (float64 VND — index points for
        indices and derivatives — and int64 shares) on an ascending ``Asia/Ho_Chi_Minh``
        index named ``time``; daily bars sit at local midnight of the trading date. A list
        of symbols (even of one) gives the same columns under a ``(symbol, time)``
        MultiIndex. Ranges are split into 30-day windows (SSI's cap), every page is
        followed, and all requests run concurrently within the rate limit. ``start``/``end``
        as for Finhay (``YYYY-MM-DD``, ``DD/MM/YYYY``, dates, timestamps; ``end=None`` is
        now). ``errors="skip"`` drops symbols SSI refuses (warning; errors in
        ``df.attrs["failed"]``); ``progress`` shows a bar.
        ``store`` (a :class:`vnfin.Store`, a path, or ``True`` for the default store; daily
        and intraday bars) fetches only what the store lacks and keeps what comes back.
        """
        res = routes.resolution(resolution)
        daily = res == "1D"

        def daily_route(sym: str, a: pd.Timestamp, b: pd.Timestamp, i: int) -> Call:
            return routes.daily_ohlc(sym, a, b, i)

        def intraday_route(sym: str, a: pd.Timestamp, b: pd.Timestamp, i: int) -> Call:
            return routes.intraday_ohlc(sym, a, b, i, res)

        async def fetch(sym: str, a: int, b: int) -> tuple[pd.DataFrame, bool]:
            if daily:
                return await self._windowed(sym, a, b, "DailyOhlc", daily_route, parse.bars)
            return await self._windowed(sym, a, b, "IntradayOhlc", intraday_route, _intraday_bars)

        return await _history.bars(
            self,
            fetch,
            symbols,
            start,
            end,
            res,
            daily=daily,
            days=vocab.MAX_DAYS if daily else vocab.INTRADAY_DAYS,
            errors=errors,
            progress=progress,
            store=store,
            endpoint=routes.MARKET + ("/DailyOhlc" if daily else "/IntradayOhlc"),
            unit="VND; volume in shares (index points for indices and derivatives)",
        )

    async def _daily_series(
        self,
        symbol: str,
        start: Any,
        end: Any,
        endpoint: str,
        route: Callable[[str, pd.Timestamp, pd.Timestamp, int], Call],
        parser: Callable[[Any], pd.DataFrame],
        unit: str,
    ) -> pd.DataFrame:
        begin, finish = _history.span(start, end, True)

        async def fetch(sym: str, a: int, b: int) -> tuple[pd.DataFrame, bool]:
            return await self._windowed(sym, a, b, endpoint, route, parser)

        got = await _history.collect(
            fetch, [symbol], begin, finish, vocab.MAX_DAYS, many=False, label=endpoint
        )
        return stamp(
            got.frame,
            source=self.source,
            endpoint=f"{routes.MARKET}/{endpoint}",
            simulated=got.simulated,
            unit=unit,
            symbol=symbol,
            start=begin,
            end=finish,
        )

    async def index_history(self, index: str, start: Any, end: Any = None) -> pd.DataFrame:
        """One index day by day (DailyIndex), from ``start`` to ``end`` inclusive: a frame on
        a Vietnam-midnight ``time`` index, columns ``index_value change change_percent
        total_trades total_match_volume total_match_value total_deal_volume
        total_deal_value total_volume total_value advances unchanged declines ceilings
        floors name index_type session exchange``."""
        code = routes.index_code(index)
        return await self._daily_series(
            code,
            start,
            end,
            "DailyIndex",
            lambda s, a, b, i: routes.daily_index(s, a, b, i),
            parse.daily_index,
            "points; values in VND, volumes in shares, breadth in symbols",
        )

    async def daily_prices(self, symbol: str, start: Any, end: Any = None) -> pd.DataFrame:
        """One symbol's daily prices (DailyStockPrice): reference, ceiling and floor, OHLC,
        volumes and foreign flows, one row per trading day on a Vietnam-midnight ``time``
        index. Columns ``reference ceiling floor open high low close average close_adjusted
        change change_percent match_volume match_value deal_volume deal_value total_volume
        total_value foreign_buy_volume foreign_sell_volume foreign_buy_value
        foreign_sell_value foreign_current_room net_buy_sell_volume net_buy_sell_value
        buy_trades buy_trade_volume sell_trades sell_trade_volume``."""
        sym = _inputs.symbol(symbol)
        return await self._daily_series(
            sym,
            start,
            end,
            "DailyStockPrice",
            lambda s, a, b, i: routes.daily_stock_price(s, a, b, i),
            parse.daily_stock_price,
            "VND; change_percent in %, volumes in shares",
        )


def _intraday_bars(body: Any) -> pd.DataFrame:
    return parse.bars(body, intraday=True)


class Market(SyncGroup[AsyncMarket]):
    """Market data endpoints (blocking). Reached as ``SSI(...).market``."""

    securities = blocking(AsyncMarket.securities)
    security = blocking(AsyncMarket.security)
    index_components = blocking(AsyncMarket.index_components)
    indices = blocking(AsyncMarket.indices)
    history = blocking(AsyncMarket.history)
    index_history = blocking(AsyncMarket.index_history)
    daily_prices = blocking(AsyncMarket.daily_prices)
