"""Corporate events, global news and analyst reports in Finhay's shapes (reference §2.4).

Links point to ``*.sandbox.vnfin.invalid``; they are placeholders, not articles. An article's
``published_at`` counts its age back from the current hour; ``/market/recommendation-reports``
answers an object, or ``[]`` for a stock without reports (the documented polymorphism), and
its ``recommendation`` repeats the latest report's description.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from ...world.clock import iso_local, iso_utc
from ...world.datasets.news import EVENT_TYPES, Article, CorporateEvent, reports, vnd
from ...world.engine import MarketEngine

SITE = "https://sandbox.vnfin.invalid"
NEWS_SITE = "https://news.sandbox.vnfin.invalid"


def slug(text: str) -> str:
    """'Cổ tức năm 2025' → 'co-tuc-nam-2025'."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = plain.encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def event_record(e: CorporateEvent) -> dict[str, Any]:
    """One ``/market/news`` record."""
    path = slug(e.title)
    return {
        "id": e.id,
        "path": path,
        "title": e.title,
        "stock": e.symbol,
        "body": e.text,
        "createdDate": e.created.strftime("%d/%m - %H:%M"),
        "actionDate": e.action_date.isoformat(),
        "gdkhqDate": e.ex_date.isoformat(),
        "eventType": e.kind,
        "eventTypeName": EVENT_TYPES[e.kind],
        "createdAt": iso_local(e.created),
        "updatedAt": iso_local(e.updated),
        "url": f"{SITE}/su-kien/{path}-{e.id}",
    }


def article_record(a: Article, now: dt.datetime, *, content: bool = False) -> dict[str, Any]:
    """One global-news record; ``content`` adds the article text (the detail endpoint)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    published = hour - dt.timedelta(hours=a.age)
    out: dict[str, Any] = {
        "id": a.id,
        "title": a.title,
        "url": f"{NEWS_SITE}/{a.category}/{a.id}-{slug(a.title)}",
        "description": a.description,
        "provider": a.provider,
        "published_at": iso_utc(published.replace(second=0, microsecond=0)),
        "category": a.category,
    }
    if content:
        out["content"] = (
            f"{a.title}.\n\n{a.description or ''}\n\n"
            "This article is simulated by the vnfin sandbox; it reports no real event."
        )
    return out


def news_page(articles: list[Article], page: int, size: int, now: dt.datetime) -> dict[str, Any]:
    """Page ``page`` (from 1) of ``size`` articles, with the paging fields."""
    chunk = articles[(page - 1) * size : page * size]
    return {
        "results": [article_record(a, now) for a in chunk],
        "page_total": len(chunk),
        "total": len(articles),
        "current_page": page,
        "next_page": page + 1 if page * size < len(articles) else None,
        "previous_page": page - 1 if page > 1 else None,
    }


def _label(upside: float) -> str:
    if upside >= 0.15:
        return "Mua"
    if upside >= 0.05:
        return "Khả quan"
    return "Nắm giữ" if upside >= -0.05 else "Bán"


def recommendations(engine: MarketEngine, symbol: str, now: dt.datetime) -> Any:
    """The documented polymorphic payload: an object, or ``[]`` when there are no reports."""
    records = []
    for report in reports(engine, symbol, now):
        when, target = report.published, report.target
        move = target / report.close - 1
        word = "upside" if move >= 0 else "downside"
        description = (
            f"{_label(move)} — {word} {abs(move) * 100:.0f}% tới giá mục tiêu {vnd(target)}đ."
        )
        quarter = (when.month - 1) // 3 or 4
        year = when.year if when.month > 3 else when.year - 1
        stamp = iso_utc(when)
        records.append(
            {
                "stock": symbol,
                "title": f"{symbol} — Cập nhật KQKD Q{quarter}/{year}",
                "source": "VietStock",
                "recommendation_price": None,
                "target_price": target,
                "publish_date": stamp,
                "description": description,
                "download_url": f"{SITE}/reports/{symbol.lower()}-{when:%Y%m%d}.pdf",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    if not records:
        return []
    return {"recommendation": records[0]["description"], "recommendationReports": records}
