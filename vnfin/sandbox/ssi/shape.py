"""FCData's two answer dialects and its paging (reference §2.2, §7 items 10–11).

Handlers build rows with PascalCase names and plain numbers; :func:`answer` writes them in
the dialect the app is set to (``SSIApp.data_shape``):

* ``"pascal"`` (default, what SSI's servers send today): ``{"message": "Success", "status":
  200, "data": rows, "totalRecord": n}`` with every number a string (``"Open": "12900"``,
  ``"Close": "1812.54"``), nested records too; null stays null;
* ``"legacy"`` (the FCData PDF's examples): ``{"message": "Success", "status": "SUCCESS",
  "dataList": rows, "totalRecord": n}`` with every field name in lower case (``"open"``,
  ``"tradingdate"``, ``"repeatedinfo"``) and numbers as JSON numbers.

Paging (:func:`page`): ``pageIndex`` from 1, ``pageSize`` one of the endpoint's sizes; a page
past the end is an empty list; ``totalRecord`` counts every row the query matched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ..replies import Reply, num
from .envelope import legacy, ok
from .params import choice, integer

T = TypeVar("T")
SHAPES = ("pascal", "legacy")
PAGE_SIZES = (10, 20, 50, 100, 500, 1000)


def _strings(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(num(value))
    if isinstance(value, Mapping):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strings(v) for v in value]
    return value


def _lower(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k).lower(): _lower(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lower(v) for v in value]
    if isinstance(value, float):
        return num(value)
    return value


def answer(shape: str, rows: list[dict[str, Any]], total: int) -> Reply:
    """``rows`` (one page) and the ``total`` matched, in dialect ``shape``."""
    if shape == "legacy":
        return legacy(_lower(rows), total)
    return ok(_strings(rows), totalRecord=total)


def page(
    params: Mapping[str, str],
    rows: Sequence[T],
    sizes: tuple[int, ...] = PAGE_SIZES,
    most_pages: int = 10**6,
) -> list[T]:
    """The page of ``rows`` that ``pageIndex``/``pageSize`` ask for (defaults 1 and 10)."""
    index = integer(params, "pageIndex", 1, 1, most_pages)
    size = choice(params, "pageSize", sizes, 10)
    return list(rows[(index - 1) * size : index * size])
