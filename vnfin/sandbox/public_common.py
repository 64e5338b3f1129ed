"""Shared plumbing for the sandbox's public datasets (reference §2.3–§2.8): seeded generators,
Vietnam-time helpers and query-parameter checks that refuse a request with a 400.

The datasets themselves are SIMULATED; this module holds no data. Every generator is keyed by
``[seed, crc32(name), ...]`` so the same seed always gives the same numbers, whatever the
wall clock says; only "today" (from the sandbox's market clock) decides how much is visible.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping

import numpy as np

VN_TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving


class Refusal(Exception):
    """A request the sandbox refuses: HTTP ``status`` (400 unless told) with ``message``."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def rng(seed: int, *key: int | str) -> np.random.Generator:
    """A generator keyed by the seed and what it generates (strings go in as their CRC-32)."""
    words = [seed] + [zlib.crc32(k.encode()) if isinstance(k, str) else k for k in key]
    return np.random.default_rng(words)


# -- time ------------------------------------------------------------------------------------


def local_now(epoch: float) -> dt.datetime:
    """Naive Vietnam wall time of ``epoch`` (seconds)."""
    return dt.datetime.fromtimestamp(epoch, VN_TZ).replace(tzinfo=None)


def iso_utc(local: dt.datetime) -> str:
    """ISO 8601 in UTC (``...Z``) of a naive Vietnam time."""
    moment = local.replace(tzinfo=VN_TZ).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(local: dt.datetime) -> str:
    """ISO 8601 with the +07:00 offset of a naive Vietnam time."""
    return local.replace(tzinfo=VN_TZ).isoformat(timespec="seconds")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first_next = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (first_next - dt.timedelta(days=1)).day))


def month_end(year: int, month: int) -> dt.date:
    return add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


# -- query parameters ------------------------------------------------------------------------


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
    try:
        value = int(raw)
    except ValueError:
        raise Refusal(f"Invalid {name}: {raw!r} is not an integer") from None
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
