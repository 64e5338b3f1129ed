"""Vietnam time for the simulated world: parsing "now", and the date helpers the datasets share.

Vietnam (Asia/Ho_Chi_Minh) is UTC+7 all year, with no daylight saving, so a fixed offset is
exact. A naive date or time given to the sandbox is read as Vietnam time.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

VN_TZ = dt.timezone(dt.timedelta(hours=7))
VN_OFFSET = 7 * 3600  # seconds east of UTC
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_moment(value: object, name: str = "now") -> float:
    """Epoch seconds of ``value``: a ``str`` (ISO ``YYYY-MM-DD[ HH:MM[:SS]]`` or day-first
    ``DD/MM/YYYY``), ``date``, ``datetime``, ``pandas.Timestamp`` or ``numpy.datetime64``.

    Naive input is Vietnam time. Raises ``TypeError`` for other types and ``ValueError`` for
    text that is not a date.
    """
    if isinstance(value, str):
        m = _DAY_FIRST.match(value)
        try:
            if m:
                day, month, year = (int(g) for g in m.groups())
                stamp = pd.Timestamp(dt.date(year, month, day))
            else:
                stamp = pd.Timestamp(value.strip())
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"{name}={value!r} is not a date or time: {exc}") from None
    elif isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        stamp = pd.Timestamp(value)
    else:
        raise TypeError(
            f"{name} must be a date or time (str, date, datetime or Timestamp), "
            f"got {type(value).__name__}"
        )
    if pd.isna(stamp):
        raise ValueError(f"{name}={value!r} is not a date or time")
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(VN_TZ)
    return float(stamp.timestamp())


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
