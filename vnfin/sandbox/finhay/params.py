"""Query-parameter and body checks for the Finhay endpoints: each refuses a bad value with a
400 envelope whose message names the parameter (``Invalid limit: must be between 1 and 5``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .envelope import Refusal

_DAY_MONTH_YEAR = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INTEGER = re.compile(r"-?[0-9]{1,18}")  # ASCII digits that fit 64 bits; int() takes "١٢", "1_0"


def choice(
    params: Mapping[str, str],
    name: str,
    allowed: Iterable[str],
    *,
    default: str | None = None,
    required: bool = False,
) -> str | None:
    """An enum parameter: exact match against ``allowed``; missing → ``default`` (or 400)."""
    value = params.get(name, "")
    if value == "":
        if required:
            raise Refusal(f"Invalid parameter: {name} is required")
        return default
    options = list(allowed)
    if value not in options:
        raise Refusal(f"Invalid {name}: {value!r} (one of {', '.join(options)})")
    return value


def required_choice(params: Mapping[str, str], name: str, allowed: Iterable[str]) -> str:
    value = choice(params, name, allowed, required=True)
    if value is None:  # unreachable: choice(required=True) refuses first
        raise Refusal(f"Invalid parameter: {name} is required")
    return value


def integer(
    params: Mapping[str, str],
    name: str,
    default: int | None = None,
    *,
    lo: int | None = None,
    hi: int | None = None,
) -> int:
    """An integer parameter within [lo, hi]; missing → ``default`` (no default → 400)."""
    raw = params.get(name, "")
    if raw == "":
        if default is None:
            raise Refusal(f"Invalid parameter: {name} is required")
        return default
    if not _INTEGER.fullmatch(raw):
        raise Refusal(f"Invalid {name}: {raw[:40]!r} is not an integer")
    value = int(raw)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        bounds = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
        raise Refusal(f"Invalid {name}: must be {bounds}")
    return value


def csv_list(params: Mapping[str, str], name: str, *, required: bool = False) -> list[str]:
    """A comma-separated parameter, stripped, empty items dropped."""
    items = [x.strip() for x in params.get(name, "").split(",") if x.strip()]
    if required and not items:
        raise Refusal(f"Invalid parameter: {name} is required")
    return items


def day_month_year(params: Mapping[str, str], name: str) -> dt.date | None:
    """A ``DD/MM/YYYY`` date (``/market/news``); missing → None."""
    raw = params.get(name, "")
    if not raw:
        return None
    m = _DAY_MONTH_YEAR.fullmatch(raw)
    try:
        if m is None:
            raise ValueError(raw)
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        raise Refusal(f"Invalid {name}: {raw!r} (use DD/MM/YYYY)") from None


def year_month(params: Mapping[str, str], name: str) -> int:
    """A required ``yyyy-MM`` month, as ``year * 12 + month - 1``."""
    raw = params.get(name, "")
    m = _YEAR_MONTH.fullmatch(raw)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Refusal(f"Invalid {name}: {raw!r} (use yyyy-MM)")
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


def iso_date(params: Mapping[str, str], name: str, *, required: bool = False) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (order history, user rights); missing → None (or 400)."""
    raw = params.get(name, "")
    if not raw:
        if required:
            raise Refusal(f"Invalid parameter: {name} is required")
        return None
    m = _ISO_DATE.fullmatch(raw)
    try:
        if m is None:
            raise ValueError(raw)
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise Refusal(f"Invalid {name}: {raw[:40]!r} (use YYYY-MM-DD)") from None


def json_object(body: bytes) -> dict[str, Any]:
    """A request body as a JSON object (UTF-8, RFC 8259); anything else is a 400."""
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refusal("Invalid JSON body: expected a UTF-8 JSON object") from None
    if not isinstance(data, dict):
        raise Refusal("Invalid JSON body: expected a UTF-8 JSON object")
    return data


def whole(data: Mapping[str, Any], name: str, *, required: bool = True) -> int | None:
    """A body field that must be a JSON integer >= 1 (not a float, not a bool)."""
    value = data.get(name)
    if value is None:
        if required:
            raise Refusal(f"Invalid body: {name} is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        raise Refusal(f"Invalid body: {name} must be an integer >= 1")
    return value
