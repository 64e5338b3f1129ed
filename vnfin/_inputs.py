"""Normalising user input before any request: symbols, dates, enumerations.

Everything here raises :class:`~vnfin.errors.ValidationError` naming the argument.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .errors import ValidationError
from .frames import VN_TZ

_SYMBOL = re.compile(r"^[A-Z0-9]{2,20}$")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_HAS_TIME = re.compile(r"[T:]|\d\s+\d")


def symbol(value: Any, argument: str = "symbol") -> str:
    """One ticker, stripped and upper-cased."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{argument} must be a non-empty ticker string, got {value!r}", argument=argument
        )
    text = value.strip().upper()
    if not _SYMBOL.match(text):
        raise ValidationError(
            f"{argument}={value!r} is not a ticker (2-20 letters or digits, e.g. 'VNM')",
            argument=argument,
        )
    return text


def symbols(value: Any, argument: str = "symbols") -> list[str]:
    """A list of tickers (order kept, duplicates dropped). A lone string is one ticker."""
    if isinstance(value, str):
        return [symbol(value, argument)]
    if not isinstance(value, Iterable):
        raise ValidationError(
            f"{argument} must be a ticker or a list of tickers, got {value!r}", argument=argument
        )
    out = list(dict.fromkeys(symbol(v, argument) for v in value))
    if not out:
        raise ValidationError(f"{argument} is empty", argument=argument)
    return out


def choice(
    value: Any, allowed: Iterable[str], argument: str, aliases: Mapping[str, str] | None = None
) -> str:
    """One value of an enumeration (case-insensitive); the error lists what is allowed."""
    allowed = list(allowed)
    if isinstance(value, str):
        key = value.strip().upper()
        if aliases and key in aliases:
            return aliases[key]
        for option in allowed:
            if option.upper() == key:
                return option
    raise ValidationError(
        f"{argument}={value!r} is not one of: {', '.join(allowed)}", argument=argument
    )


def positive_int(value: Any, argument: str, top: int | None = None) -> int:
    """An integer of at least 1 (and at most ``top``)."""
    if (isinstance(value, bool) or not isinstance(value, int) or value < 1
            or (top is not None and value > top)):  # fmt: skip
        bound = f" from 1 to {top}" if top else " of at least 1"
        raise ValidationError(f"{argument} must be an integer{bound}, got {value!r}",
                              argument=argument)  # fmt: skip
    return value


def timestamp(value: Any, argument: str) -> pd.Timestamp:
    """A tz-aware Asia/Ho_Chi_Minh timestamp. Naive input is Vietnam time.

    Accepts ``str`` (ISO ``YYYY-MM-DD[ HH:MM[:SS]]``, or day-first ``DD/MM/YYYY`` as written in
    Vietnam), ``date``, ``datetime``, ``pd.Timestamp`` and ``numpy.datetime64``.
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(
            f"{argument} must be a date or time, got {value!r}", argument=argument
        )
    try:
        if isinstance(value, str):
            m = _DAY_FIRST.match(value)
            if m:
                day, month, year = (int(g) for g in m.groups())
                ts = pd.Timestamp(dt.date(year, month, day))
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
