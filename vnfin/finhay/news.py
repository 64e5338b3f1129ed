"""``fh.news``: corporate events, global financial news, analyst recommendations (§2.4)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .. import _inputs
from .._faces import SyncGroup, blocking
from .._group import Group
from ..frames import NO_UNIT
from . import routes
from .parsers import news as parse


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
        return await self._frame(routes.events(symbols, start, end), parse.events, unit=NO_UNIT)

    async def global_news(
        self, category: str | None = None, pages: int | None = 1, page_size: int = 20
    ) -> pd.DataFrame:
        """Global financial news, newest first.

        Columns: ``id published_at category title description provider url``.
        ``category``: forex, commodities, economic-indicators, stock-market, cryptocurrency
        (default all). ``pages`` pages of ``page_size`` (1-50) articles; ``pages=None``
        follows pagination to the end. ``df.attrs["total"]`` is the API's total count.
        """
        cat = routes.news_category(category)
        size = _inputs.integer(page_size, "page_size", 1, 50)
        wanted = None if pages is None else _inputs.integer(pages, "pages", 1)
        first = await self._send(routes.global_news_page(cat, 1, size))
        frame, paging = parse.news_page(first.payload)
        total = paging.get("total")
        last = math.ceil(total / size) if isinstance(total, int) and total > 0 else 1
        if paging.get("next_page") is None:
            last = 1
        last = last if wanted is None else min(last, wanted)
        rest = await asyncio.gather(
            *(self._send(routes.global_news_page(cat, n, size)) for n in range(2, last + 1))
        )
        frames = [frame, *(parse.news_page(r.payload)[0] for r in rest)]
        out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frame
        out = out.drop_duplicates(subset=["id"], ignore_index=True) if "id" in out else out
        return self._stamp(
            out, first, routes.GLOBAL_NEWS, category=cat, total=total, pages=last, unit=NO_UNIT
        )

    async def article(self, id: int) -> pd.DataFrame:
        """One global news article: a one-row frame with the columns of :meth:`global_news`
        plus ``content`` (the full text)."""
        return await self._frame(routes.article(id), parse.article, unit=NO_UNIT)

    async def recommendations(self, symbol: str) -> pd.DataFrame:
        """Analyst reports for a symbol (empty frame when there are none).

        Columns: ``symbol publish_date title source recommendation_price target_price
        description download_url created_at updated_at``; prices in VND. The latest
        recommendation text is ``df.attrs["recommendation"]``.
        """
        call = routes.recommendations(symbol)
        reply = await self._send(call)
        frame, text = parse.recommendations(reply.payload)
        return self._stamp(frame, reply, call.path, **call.inputs, recommendation=text, unit="VND")


class News(SyncGroup[AsyncNews]):
    """News and events endpoints (blocking). Reached as ``Finhay(...).news``."""

    events = blocking(AsyncNews.events)
    global_news = blocking(AsyncNews.global_news)
    article = blocking(AsyncNews.article)
    recommendations = blocking(AsyncNews.recommendations)
