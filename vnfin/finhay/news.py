"""``fh.news``: corporate events, global financial news, analyst recommendations (§2.4)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .. import _inputs
from .._faces import SyncGroup, blocking
from .._http import Param
from ..errors import ValidationError
from ._group import Group
from .parsers import news as parse

CATEGORIES = ("forex", "commodities", "economic-indicators", "stock-market", "cryptocurrency")


class AsyncNews(Group):
    """News and events endpoints (awaitable). Reached as ``AsyncFinhay(...).news``."""

    name = "news"

    async def events(
        self, symbols: str | Iterable[str] | None = None, start: Any = None, end: Any = None
    ) -> pd.DataFrame:
        """Corporate events (dividends, rights issues, AGMs …) for symbols, or all symbols.

        Columns: ``id symbol event_type event_type_name title action_date ex_date created
        created_at updated_at url path body``; ``action_date``/``ex_date`` are Vietnam-time
        dates. ``start``/``end`` take the same forms as ``history`` (sent as DD/MM/YYYY). The
        API defaults ``start`` to one year ago and ignores ``end`` without ``start``, so with
        only ``end`` given vnfin asks for the year before it.
        """
        params: list[Param] = []
        if symbols is not None:
            syms = _inputs.symbols(symbols)
            params.append(("stock", syms[0]) if len(syms) == 1 else ("stocks", ",".join(syms)))
        begin = None if start is None else _inputs.timestamp(start, "start")
        finish = None if end is None else _inputs.timestamp(end, "end")
        if finish is not None and begin is None:
            begin = finish - pd.DateOffset(years=1)
        if begin is not None and finish is not None and begin.normalize() > finish.normalize():
            raise ValidationError(f"start ({begin:%Y-%m-%d}) is after end ({finish:%Y-%m-%d})",
                                  argument="start")  # fmt: skip
        if begin is not None:
            params.append(("from_date", f"{begin:%d/%m/%Y}"))
        if finish is not None:
            params.append(("to_date", f"{finish:%d/%m/%Y}"))
        path = "/market/news"
        reply = await self._get(path, params)
        return self._stamp(parse.events(reply.payload), reply, path)

    async def global_news(
        self, category: str | None = None, pages: int | None = 1, page_size: int = 20
    ) -> pd.DataFrame:
        """Global financial news, newest first.

        Columns: ``id published_at category title description provider url``.
        ``category``: forex, commodities, economic-indicators, stock-market, cryptocurrency
        (default all). ``pages`` pages of ``page_size`` (1-50) articles; ``pages=None``
        follows pagination to the end. ``df.attrs["total"]`` is the API's total count.
        """
        cat = None if category is None else _inputs.choice(category, CATEGORIES, "category")
        size = _inputs.positive_int(page_size, "page_size", 50)
        wanted = None if pages is None else _inputs.positive_int(pages, "pages")
        path = "/market/financial-data/global-news"

        async def page(number: int) -> Any:
            return await self._get(path, [("category", cat), ("page", number), ("page_size", size)])

        first = await page(1)
        frame, paging = parse.news_page(first.payload)
        total = paging.get("total")
        last = math.ceil(total / size) if isinstance(total, int) and total > 0 else 1
        if paging.get("next_page") is None:
            last = 1
        last = last if wanted is None else min(last, wanted)
        rest = await asyncio.gather(*(page(n) for n in range(2, last + 1)))
        frames = [frame, *(parse.news_page(r.payload)[0] for r in rest)]
        out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frame
        out = out.drop_duplicates(subset=["id"], ignore_index=True) if "id" in out else out
        return self._stamp(out, first, path, category=cat, total=total, pages=last)

    async def article(self, id: int) -> pd.DataFrame:
        """One global news article: a one-row frame with the columns of :meth:`global_news`
        plus ``content`` (the full text)."""
        number = _inputs.positive_int(id, "id")
        path = f"/market/financial-data/global-news/{number}"
        reply = await self._get(path)
        return self._stamp(parse.article(reply.payload), reply, path)

    async def recommendations(self, symbol: str) -> pd.DataFrame:
        """Analyst reports for a symbol (empty frame when there are none).

        Columns: ``symbol publish_date title source recommendation_price target_price
        description download_url created_at updated_at``; prices in VND. The latest
        recommendation text is ``df.attrs["recommendation"]``.
        """
        sym = _inputs.symbol(symbol)
        path = f"/market/recommendation-reports/{sym}"
        reply = await self._get(path)
        frame, text = parse.recommendations(reply.payload)
        return self._stamp(frame, reply, path, symbol=sym, recommendation=text, unit="VND")


class News(SyncGroup):
    """News and events endpoints (blocking). Reached as ``Finhay(...).news``."""

    events = blocking(AsyncNews.events)
    global_news = blocking(AsyncNews.global_news)
    article = blocking(AsyncNews.article)
    recommendations = blocking(AsyncNews.recommendations)
