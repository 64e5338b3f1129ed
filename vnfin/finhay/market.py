"""``fh.market``: quotes, indices, price history and session state (reference §2.2, §2.12).

Every endpoint is written once here, as a coroutine of :class:`AsyncMarket`; :class:`Market`
is the blocking face. All return DataFrames; see each docstring for the columns.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd

from .. import _inputs
from .._faces import SyncGroup, blocking
from .._http import Param, Reply
from .._progress import Progress
from ..errors import ValidationError, VnfinError
from ..frames import empty_bars, stack_by_symbol, stamp
from ._group import Group
from .parsers import market as parse

EXCHANGES = ("HOSE", "HNX", "UPCOM")
SESSION_EXCHANGES = (*EXCHANGES, "HCX")
INDEX_CODES = ("VNINDEX", "VN30", "HNXINDEX", "HNX30", "UPCOMINDEX")
INDEX_ALIASES = {
    "VNI": "VNINDEX",
    "HNX": "HNXINDEX",
    "UPCOM": "UPCOMINDEX",
    "UPINDEX": "UPCOMINDEX",
}

RESOLUTIONS = ("1D", "5", "15", "30", "1H", "4H")
RESOLUTION_ALIASES = {
    "D": "1D", "1DAY": "1D", "DAY": "1D", "DAILY": "1D",
    "5M": "5", "5MIN": "5", "15M": "15", "15MIN": "15", "30M": "30", "30MIN": "30",
    "60": "1H", "60M": "1H", "H": "1H", "1HOUR": "1H", "240": "4H", "4HOUR": "4H",
}  # fmt: skip

#: Longest span fetched in one request, per resolution (longer ranges are split).
CHUNK_DAYS = {"1D": 366, "4H": 180, "1H": 90, "30": 45, "15": 21, "5": 7}

HISTORY_PATH = "/market/price-histories-chart"


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
        sym = _inputs.symbol(symbol)
        reply = await self._get("/market/stock-realtime", [("symbol", sym)])
        return self._stamp(
            parse.stock_realtime(reply.payload), reply, "/market/stock-realtime", unit="VND"
        )

    async def quotes(
        self, symbols: str | Iterable[str] | None = None, *, exchange: str | None = None
    ) -> pd.DataFrame:
        """Real-time quotes for a list of symbols or a whole exchange; columns as :meth:`quote`.

        Pass exactly one of ``symbols`` and ``exchange`` (``HOSE``, ``HNX``, ``UPCOM``).
        """
        if (symbols is None) == (exchange is None):
            raise ValidationError(
                "pass exactly one of symbols= and exchange= (the API refuses both or neither)",
                argument="symbols",
            )
        if exchange is not None:
            params: list[Param] = [("exchange", _inputs.choice(exchange, EXCHANGES, "exchange"))]
        else:
            params = [("symbols", ",".join(_inputs.symbols(symbols)))]
        reply = await self._get("/market/stock-realtime", params)
        return self._stamp(
            parse.stock_realtime(reply.payload), reply, "/market/stock-realtime", unit="VND"
        )

    async def _index_reply(self, codes: str | Iterable[str]) -> Reply:
        items = [codes] if isinstance(codes, str) else list(codes)
        if not items:
            raise ValidationError("codes is empty", argument="codes")
        picked = [_inputs.choice(c, INDEX_CODES, "codes", INDEX_ALIASES) for c in items]
        return await self._get(
            "/market/index-realtime", [("index", ",".join(dict.fromkeys(picked)))]
        )

    async def indices(self, codes: str | Iterable[str] = INDEX_CODES) -> pd.DataFrame:
        """Index snapshot, one row per code (index named ``symbol``).

        Columns: ``name index_value change change_percent reference total_volume total_value
        advances declines unchanged ceiling_count floor_count session``. Levels in points,
        ``total_value`` in VND. Codes: VNINDEX, VN30, HNXINDEX, HNX30, UPCOMINDEX (aliases
        HNX, UPCOM accepted). The intraday series is :meth:`index_intraday`.
        """
        reply = await self._index_reply(codes)
        return self._stamp(parse.index_realtime(reply.payload), reply, "/market/index-realtime")

    async def index_intraday(self, codes: str | Iterable[str] = "VNINDEX") -> pd.DataFrame:
        """Today's intraday index series under a ``(symbol, time)`` MultiIndex.

        Columns: ``index_value volume advances declines unchanged ceiling_count floor_count``
        (missing where the API does not send that array).
        """
        reply = await self._index_reply(codes)
        return self._stamp(parse.index_intraday(reply.payload), reply, "/market/index-realtime")

    async def session(self, exchange: str | Iterable[str] = EXCHANGES) -> pd.DataFrame:
        """Session state and the order types allowed right now, one row per exchange.

        Columns: ``exchange_session`` (OPEN, PROGRESS, BREAK, PRE_CLOSED, PUT_THROUGH,
        POST_SESSION, CA, CLOSED) and ``available_order_types`` (list of LO, MP, ATO, …).
        """
        items = [exchange] if isinstance(exchange, str) else list(exchange)
        picked = [_inputs.choice(e, SESSION_EXCHANGES, "exchange") for e in items]
        if not picked:
            raise ValidationError("exchange is empty", argument="exchange")
        replies = await asyncio.gather(
            *(self._get("/trading/market/session", [("exchange", e)]) for e in picked)
        )
        frame = pd.concat([parse.market_session(r.payload) for r in replies])
        return self._stamp(frame, replies[0], "/trading/market/session")

    async def history(
        self,
        symbols: str | Iterable[str],
        start: Any,
        end: Any = None,
        resolution: str = "1D",
        *,
        progress: bool | None = None,
        errors: Literal["raise", "skip"] = "raise",
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
        """
        many = not isinstance(symbols, str)
        syms = _inputs.symbols(symbols)
        res = _inputs.choice(resolution, RESOLUTIONS, "resolution", RESOLUTION_ALIASES)
        if errors not in ("raise", "skip"):
            raise ValidationError("errors must be 'raise' or 'skip'", argument="errors")
        begin, finish = _history_range(start, end, res)
        windows = _chunks(begin, finish, res)
        jobs = [(s, a, b) for s in syms for a, b in windows]

        bar = Progress(len(jobs), "history", progress)
        pieces: dict[str, list[pd.DataFrame]] = {s: [] for s in syms}
        failed: dict[str, VnfinError] = {}
        simulated = False

        async def fetch(sym: str, a: int, b: int) -> None:
            nonlocal simulated
            if sym in failed:  # an earlier window of this symbol was refused
                bar.advance()
                return
            try:
                reply = await self._get(
                    HISTORY_PATH,
                    [("symbol", sym), ("resolution", res), ("from", a), ("to", b)],
                )
            except VnfinError as exc:
                if errors == "raise":
                    raise
                failed[sym] = exc
                return
            finally:
                bar.advance()
            simulated = simulated or reply.simulated
            pieces[sym].append(parse.price_history(reply.payload, daily=res == "1D"))

        try:
            await _gather_or_cancel([fetch(*job) for job in jobs])
        finally:
            bar.close()

        frames = {s: _trim(pieces[s], begin, finish) for s in syms if s not in failed}
        if failed:
            warnings.warn(
                f"history: skipped {', '.join(failed)}: "
                + "; ".join(f"{s}: {e}" for s, e in failed.items()),
                stacklevel=2,
            )
        frame = stack_by_symbol(frames, empty_bars(multi=True)) if many else frames[syms[0]]
        return stamp(
            frame,
            source="finhay",
            endpoint=HISTORY_PATH,
            simulated=simulated,
            unit="VND",
            resolution=res,
            adjusted="as served by the API (not stated)",
            symbols=syms,
            start=begin,
            end=finish,
            failed={s: str(e) for s, e in failed.items()},
        )


async def _gather_or_cancel(coros: list[Any]) -> None:
    """Run all; on the first failure cancel the rest and raise that failure."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        for next_done in asyncio.as_completed(tasks):
            await next_done
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _history_range(start: Any, end: Any, res: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Resolve start/end to an inclusive [begin, finish] in Vietnam time."""
    begin = _inputs.timestamp(start, "start")
    now = pd.Timestamp.now(tz=begin.tz)
    finish = now if end is None else _inputs.timestamp(end, "end")
    if res == "1D" or _inputs.is_date_only(start):
        begin = begin.normalize()
    if end is not None and (res == "1D" or _inputs.is_date_only(end)):
        finish = finish.normalize() + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    if begin > finish:
        raise ValidationError(
            f"start ({begin:%Y-%m-%d %H:%M}) is after end ({finish:%Y-%m-%d %H:%M})",
            argument="start",
        )
    return begin, finish


def _chunks(begin: pd.Timestamp, finish: pd.Timestamp, res: str) -> list[tuple[int, int]]:
    """Split [begin, finish] into request windows of Unix seconds, at most CHUNK_DAYS each."""
    step = CHUNK_DAYS[res] * 86_400
    lo, hi = int(begin.timestamp()), int(finish.timestamp())
    out = []
    while lo <= hi:
        top = min(hi, lo + step - 1)
        out.append((lo, top))
        lo = top + 1
    return out


def _trim(parts: list[pd.DataFrame], begin: pd.Timestamp, finish: pd.Timestamp) -> pd.DataFrame:
    if not parts:
        return empty_bars()
    frame = pd.concat(parts) if len(parts) > 1 else parts[0]
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    return frame.loc[(frame.index >= begin) & (frame.index <= finish)]


class Market(SyncGroup):
    """Market data endpoints (blocking). Reached as ``Finhay(...).market``."""

    quote = blocking(AsyncMarket.quote)
    quotes = blocking(AsyncMarket.quotes)
    indices = blocking(AsyncMarket.indices)
    index_intraday = blocking(AsyncMarket.index_intraday)
    session = blocking(AsyncMarket.session)
    history = blocking(AsyncMarket.history)
