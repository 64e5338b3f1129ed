"""Every check of user input, once: names (tickers, funds), enumerations, integers, dates.

Everything here raises :class:`~vnfin.errors.ValidationError` naming the argument, before any
request is built. ``DD/MM/YYYY`` (the Vietnamese way of writing a date) is read by
:func:`day_first` and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from .errors import ValidationError
from .frames import VN_TZ

_SYMBOL = re.compile(r"^[A-Z0-9]{2,20}$")
_FUND = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?=\s|$)")
_HAS_TIME = re.compile(r"[T:]|\d\s+\d")


def _name(value: Any, argument: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{argument} must be a non-empty {what} string, got {value!r}", argument=argument
        )
    text = value.strip().upper()
    if not pattern.match(text):
        raise ValidationError(f"{argument}={value!r} is not a {what}", argument=argument)
    return text


def symbol(value: Any, argument: str = "symbol") -> str:
    """One ticker (2-20 letters or digits, e.g. 'VNM'), stripped and upper-cased."""
    return _name(value, argument, _SYMBOL, "ticker (2-20 letters or digits, e.g. 'VNM')")


def fund(value: Any, argument: str = "fund") -> str:
    """One fund short name (letters, digits and inner hyphens, e.g. 'VESAF', 'VCBF-BCF')."""
    return _name(value, argument, _FUND, "fund short name (e.g. 'VESAF', 'VCBF-BCF')")


def names(value: Any, argument: str, one: Callable[[Any, str], str]) -> list[str]:
    """A list of names checked by ``one`` (order kept, duplicates dropped); a lone string is
    a list of one. Used for tickers and fund names alike."""
    if isinstance(value, str):
        return [one(value, argument)]
    if not isinstance(value, Iterable) or isinstance(value, bytes | Mapping):
        raise ValidationError(
            f"{argument} must be a name or a list of names, got {value!r}", argument=argument
        )
    out = list(dict.fromkeys(one(v, argument) for v in value))
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


def timestamp(value: Any, argument: str) -> pd.Timestamp:
    """A tz-aware Asia/Ho_Chi_Minh timestamp. Naive input is Vietnam time.

    Accepts ``str`` (ISO ``YYYY-MM-DD[ HH:MM[:SS]]``, or day-first ``DD/MM/YYYY[ HH:MM]`` as
    written in Vietnam), ``date``, ``datetime``, ``pd.Timestamp`` and ``numpy.datetime64``.
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
        elif isinstance(value, dt.date | dt.datetime | pd.Timestamp) or hasattr(value, "dtype"):
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
    return ts.tz_localize(VN_TZ) if ts.tzinfo is None else ts.tz_convert(VN_TZ)


def is_date_only(value: Any) -> bool:
    """True for a ``date`` or a string with no time part ('2024-01-31', '31/01/2024')."""
    if isinstance(value, str):
        return not _HAS_TIME.search(value.strip())
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
