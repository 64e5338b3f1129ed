"""Pure parsers for news and events (reference §2.4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..._parse import Fields, mapping, records, shape_error, table

EVENT_FIELDS: Fields = {
    "id": ("id", "int"),
    "stock": ("symbol", "str"),
    "eventType": ("event_type", "str"),
    "eventTypeName": ("event_type_name", "str"),
    "title": ("title", "str"),
    "actionDate": ("action_date", "date"),
    "gdkhqDate": ("ex_date", "date"),
    "createdDate": ("created", "str"),
    "createdAt": ("created_at", "datetime"),
    "updatedAt": ("updated_at", "datetime"),
    "url": ("url", "str"),
    "path": ("path", "str"),
    "body": ("body", "str"),
}

ARTICLE_FIELDS: Fields = {
    "id": ("id", "int"),
    "published_at": ("published_at", "datetime"),
    "category": ("category", "str"),
    "title": ("title", "str"),
    "description": ("description", "str"),
    "provider": ("provider", "str"),
    "url": ("url", "str"),
}

REPORT_FIELDS: Fields = {
    "stock": ("symbol", "str"),
    "publish_date": ("publish_date", "datetime"),
    "title": ("title", "str"),
    "source": ("source", "str"),
    "recommendation_price": ("recommendation_price", "float"),
    "target_price": ("target_price", "float"),
    "description": ("description", "str"),
    "download_url": ("download_url", "str"),
    "created_at": ("created_at", "datetime"),
    "updated_at": ("updated_at", "datetime"),
}


def events(payload: Any) -> pd.DataFrame:
    """``/market/news`` ``result`` → one row per corporate event; dates parsed.

    ``action_date`` (effective date) and ``ex_date`` (ngày GDKHQ) accept ``YYYY-MM-DD``,
    ``DD/MM/YYYY`` or ISO; ``created`` is kept as sent (``DD/MM - HH:mm`` has no year).
    """
    return table(records(payload, "market/news"), EVENT_FIELDS)


def news_page(payload: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One page of ``/market/financial-data/global-news`` → (articles, paging fields)."""
    page = mapping(payload, "global-news")
    results = page.get("results", [])
    if results is None:
        results = []
    frame = table(records(results, "global-news"), ARTICLE_FIELDS)
    paging = {
        k: page.get(k)
        for k in ("total", "current_page", "next_page", "previous_page", "page_total")
    }
    return frame, paging


def article(payload: Any) -> pd.DataFrame:
    """``/market/financial-data/global-news/{id}`` → one row, with ``content``."""
    return table(
        records(mapping(payload, "global-news/{id}"), "global-news/{id}"),
        {**ARTICLE_FIELDS, "content": ("content", "str")},
    )


def recommendations(payload: Any) -> tuple[pd.DataFrame, str | None]:
    """``/market/recommendation-reports/{symbol}`` → (reports, latest recommendation text).

    The API answers an object when there are reports and ``[]`` when there are none.
    """
    if payload is None or (isinstance(payload, list) and not payload):
        return table([], REPORT_FIELDS), None
    if not isinstance(payload, Mapping):
        raise shape_error("recommendation-reports", "expected an object or []")
    reports = payload.get("recommendationReports") or []
    frame = table(records(reports, "recommendation-reports"), REPORT_FIELDS)
    text = payload.get("recommendation")
    return frame, text if isinstance(text, str) else None
