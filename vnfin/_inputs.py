"""Every check of user input, once: names (tickers, funds), enumerations, integers, dates.

Everything here raises :class:`~vnfin.errors.ValidationError` naming the argument, before any
request is built. ``DD/MM/YYYY`` (the Vietnamese way of writing a date) is read by
:func:`day_first` and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx
import numpy as np
import pandas as pd

from .errors import ValidationError
from .frames import VN_TZ, vn_time

MAX_ITEMS = 10_000  # the longest list any argument may be (every listed ticker is ~1,600)
EARLIEST = pd.Timestamp("2000-01-01", tz=VN_TZ)  # no broker has data before this
LATEST = pd.Timestamp("2100-01-01", tz=VN_TZ)

_SYMBOL = re.compile(r"^[A-Z0-9]{2,20}$")
_FUND = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?=\s|$)")
_HAS_TIME = re.compile(r"[T:]|\d\s+\d")


_CREDENTIAL = re.compile(r"[!-~]+")


def credential(value: Any, argument: str) -> str:
    """A key, secret or token: printable ASCII without spaces, as a header value must be.

    The error never shows the value (only its length), even when it is wrong.
    """
    if not isinstance(value, str) or not value:
        raise ValidationError(f"{argument} must be a non-empty string", argument=argument)
    if not _CREDENTIAL.fullmatch(value):
        raise ValidationError(
            f"{argument} ({len(value)} characters, not shown) contains a space, a line break "
            "or a non-ASCII character; check for a stray newline or quote where it was copied",
            argument=argument,
        )
    return value


def _name(value: Any, argument: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{argument} must be a non-empty {what} string, got {value!r}", argument=argument
        )
    text = value.strip()
    # ASCII first: "ß".upper() is "SS", and a ticker must not become another one.
    if not text.isascii() or not pattern.match(text.upper()):
        raise ValidationError(f"{argument}={value!r} is not a {what}", argument=argument)
    return text.upper()


def symbol(value: Any, argument: str = "symbol") -> str:
    """One ticker (2-20 letters or digits, e.g. 'VNM'), stripped and upper-cased."""
    return _name(value, argument, _SYMBOL, "ticker (2-20 letters or digits, e.g. 'VNM')")


def fund(value: Any, argument: str = "fund") -> str:
    """One fund short name (letters, digits and inner hyphens, e.g. 'VESAF', 'VCBF-BCF')."""
    return _name(value, argument, _FUND, "fund short name (e.g. 'VESAF', 'VCBF-BCF')")


def items(value: Any, argument: str, limit: int = MAX_ITEMS) -> list[Any]:
    """The items of a list-like argument, at most ``limit`` of them: an endless or huge
    iterable is refused after ``limit + 1`` items, never consumed to the end."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(
            f"{argument} must be a list (or another iterable), got {type(value).__name__}",
            argument=argument,
        )
    out = list(itertools.islice(value, limit + 1))
    if len(out) > limit:
        raise ValidationError(f"{argument} has more than {limit:,} items", argument=argument)
    return out


def names(value: Any, argument: str, one: Callable[[Any, str], str]) -> list[str]:
    """A list of names checked by ``one`` (order kept, duplicates dropped); a lone string is
    a list of one. Used for tickers and fund names alike."""
    if isinstance(value, str):
        return [one(value, argument)]
    if not isinstance(value, Iterable) or isinstance(value, bytes | Mapping):
        raise ValidationError(
            f"{argument} must be a name or a list of names, got {value!r}", argument=argument
        )
    out = list(dict.fromkeys(one(v, argument) for v in items(value, argument)))
    if not out:
        raise ValidationError(f"{argument} is empty", argument=argument)
    return out


def symbols(value: Any, argument: str = "symbols") -> list[str]:
    """A list of tickers (order kept, duplicates dropped). A lone string is one ticker."""
    return names(value, argument, symbol)


def choice(
    value: Any, allowed: Iterable[str], argument: str, aliases: Mapping[str, str] | None = None
) -> str:
    """One value of an enumeration (case-insensitive); the error lists what is allowed."""
    options = list(allowed)
    if isinstance(value, str):
        key = value.strip().upper()
        if aliases and key in aliases:
            return aliases[key]
        for option in options:
            if option.upper() == key:
                return option
    raise ValidationError(
        f"{argument}={value!r} is not one of: {', '.join(options)}", argument=argument
    )


def choices(
    value: Any, allowed: Iterable[str], argument: str, aliases: Mapping[str, str] | None = None
) -> list[str]:
    """One or several values of an enumeration (order kept, duplicates dropped)."""
    options = list(allowed)
    return names(value, argument, lambda v, a: choice(v, options, a, aliases))


def integer(value: Any, argument: str, lo: int | None = None, hi: int | None = None) -> int:
    """A whole number (not a bool) within ``[lo, hi]``; the error states the range."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or (lo is not None and value < lo)
        or (hi is not None and value > hi)
    ):
        if lo is not None and hi is not None:
            bound = f" from {lo} to {hi}"
        elif lo is not None:
            bound = f" of at least {lo}"
        elif hi is not None:
            bound = f" of at most {hi}"
        else:
            bound = ""
        raise ValidationError(
            f"{argument} must be an integer{bound}, got {value!r}", argument=argument
        )
    return int(value)


def number(value: Any, argument: str, *, above: float = 0.0) -> float:
    """A finite real number greater than ``above`` (seconds, amounts …)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= above:
        raise ValidationError(
            f"{argument} must be a finite number above {above:g}, got {value!r}",
            argument=argument,
        )
    return float(value)


def rate_limit(value: Any, argument: str = "rate_limit") -> tuple[int, float]:
    """``(requests, seconds)``: at least one request per a positive, finite window."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise ValidationError(
            f"{argument} must be (requests, seconds), e.g. (600, 60.0); got {value!r}",
            argument=argument,
        )
    return integer(value[0], f"{argument}[0]", 1), number(value[1], f"{argument}[1]")


def url(value: Any, argument: str = "base_url") -> str:
    """An absolute ``http``/``https`` URL with a host, no query and no fragment."""
    try:
        parsed = httpx.URL(value) if isinstance(value, str) and value.strip() else None
    except (httpx.InvalidURL, TypeError, ValueError):
        parsed = None
    if (
        parsed is None
        or parsed.scheme not in ("http", "https")
        or not parsed.host
        or parsed.query
        or parsed.fragment
    ):
        raise ValidationError(
            f"{argument} must be an http(s) URL such as 'https://open-api.fhsc.com.vn', "
            f"got {value!r}",
            argument=argument,
        )
    return str(value).strip().rstrip("/")


def day_first(text: str) -> tuple[dt.date, str] | None:
    """``'31/01/2024'`` (optionally followed by a time) → (that date, the rest of the text).

    None when ``text`` does not start with ``DD/MM/YYYY``; ``ValueError`` when it does but the
    date does not exist (``31/02/2024``).
    """
    m = _DAY_FIRST.match(text)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    return dt.date(year, month, day), text[m.end() :].strip()


def timestamp(
    value: Any,
    argument: str,
    earliest: pd.Timestamp = EARLIEST,
    latest: pd.Timestamp = LATEST,
) -> pd.Timestamp:
    """A tz-aware Asia/Ho_Chi_Minh timestamp in ``[earliest, latest)``. Naive input is
    Vietnam time.

    Accepts ``str`` (ISO ``YYYY-MM-DD[ HH:MM[:SS]]``, or day-first ``DD/MM/YYYY[ HH:MM]`` as
    written in Vietnam), ``date``, ``datetime``, ``pd.Timestamp`` and ``numpy.datetime64``;
    numbers are refused (an integer is not silently an epoch).
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(
            f"{argument} must be a date or time, got {value!r}", argument=argument
        )
    try:
        if isinstance(value, str):
            parts = day_first(value)
            if parts is not None:
                date, rest = parts
                ts = pd.Timestamp(date)
                if rest:
                    ts = ts + (pd.Timestamp(f"2000-01-01 {rest}") - pd.Timestamp("2000-01-01"))
            else:
                ts = pd.Timestamp(value.strip())
        elif isinstance(value, dt.date | dt.datetime | pd.Timestamp | np.datetime64):
            ts = pd.Timestamp(value)
        else:
            raise TypeError(type(value).__name__)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            f"{argument}={value!r} is not a date or time (use 'YYYY-MM-DD', 'DD/MM/YYYY', "
            f"a date, datetime or Timestamp): {exc}",
            argument=argument,
        ) from None
    if pd.isna(ts):
        raise ValidationError(f"{argument}={value!r} is not a date or time", argument=argument)
    ts = vn_time(ts)
    if not earliest <= ts < latest:
        raise ValidationError(
            f"{argument}={value!r} is outside {earliest:%Y-%m-%d} to {latest:%Y-%m-%d %H:%M}",
            argument=argument,
        )
    return ts


def is_date_only(value: Any) -> bool:
    """True for a ``date`` or a string with no time part ('2024-01-31', '31/01/2024')."""
    if isinstance(value, str):
        return not _HAS_TIME.search(value.strip())
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
