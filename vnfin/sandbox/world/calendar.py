"""The simulated exchanges' calendar and trading sessions.

Trading days are weekdays that are not Vietnamese public holidays (``data/holidays.csv``).
Session hours (Vietnam time), as the sandbox models them:

=========  ==========================================================================
HOSE       09:00 OPEN (ATO) · 09:15 PROGRESS · 11:30 BREAK · 13:00 PROGRESS ·
           14:30 PRE_CLOSED (ATC) · 14:45 PUT_THROUGH · 15:00 CLOSED
HNX        09:00 PROGRESS · 11:30 BREAK · 13:00 PROGRESS · 14:30 PRE_CLOSED (ATC) ·
           14:45 POST_SESSION (PLO) · 15:00 CLOSED
UPCOM/HCX  09:00 PROGRESS · 11:30 BREAK · 13:00 PROGRESS · 15:00 CLOSED
=========  ==========================================================================

Matching (and so intraday bars) happens 09:00–11:30 and 13:00–14:45 (UPCOM to 15:00).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable

import numpy as np

_H = 60  # minutes in an hour

SCHEDULE: dict[str, list[tuple[int, str]]] = {
    "HOSE": [
        (9 * _H, "OPEN"),
        (9 * _H + 15, "PROGRESS"),
        (11 * _H + 30, "BREAK"),
        (13 * _H, "PROGRESS"),
        (14 * _H + 30, "PRE_CLOSED"),
        (14 * _H + 45, "PUT_THROUGH"),
        (15 * _H, "CLOSED"),
    ],
    "HNX": [
        (9 * _H, "PROGRESS"),
        (11 * _H + 30, "BREAK"),
        (13 * _H, "PROGRESS"),
        (14 * _H + 30, "PRE_CLOSED"),
        (14 * _H + 45, "POST_SESSION"),
        (15 * _H, "CLOSED"),
    ],
    "UPCOM": [
        (9 * _H, "PROGRESS"),
        (11 * _H + 30, "BREAK"),
        (13 * _H, "PROGRESS"),
        (15 * _H, "CLOSED"),
    ],
}
SCHEDULE["HCX"] = SCHEDULE["UPCOM"]

ORDER_TYPES: dict[str, dict[str, list[str]]] = {
    "HOSE": {
        "OPEN": ["LO", "MP", "ATO", "ATC"],
        "PROGRESS": ["LO", "MP", "ATC"],
        "BREAK": ["LO", "MP", "ATC"],
        "PRE_CLOSED": ["LO", "ATC"],
    },
    "HNX": {
        "PROGRESS": ["LO", "MTL", "MOK", "MAK", "ATC"],
        "BREAK": ["LO", "MTL", "MOK", "MAK", "ATC"],
        "PRE_CLOSED": ["LO", "ATC"],
        "POST_SESSION": ["PLO"],
    },
    "UPCOM": {"PROGRESS": ["LO"], "BREAK": ["LO"]},
    "HCX": {"PROGRESS": ["LO"], "BREAK": ["LO"]},
}

MORNING = (9 * _H, 11 * _H + 30)


def matching_minutes(exchange: str) -> np.ndarray:
    """Minute-of-day of every one-minute matching interval on a full trading day."""
    close = 15 * _H if exchange in ("UPCOM", "HCX") else 14 * _H + 45
    return np.concatenate([np.arange(*MORNING), np.arange(13 * _H, close)])


def session_state(exchange: str, day_is_trading: bool, minute_of_day: float) -> str:
    """The session an exchange is in at ``minute_of_day`` (Vietnam time)."""
    if not day_is_trading:
        return "CLOSED"
    table = SCHEDULE[exchange]
    i = bisect_right([m for m, _ in table], minute_of_day) - 1
    return "CLOSED" if i < 0 else table[i][1]


def order_types(exchange: str, state: str) -> list[str]:
    return list(ORDER_TYPES.get(exchange, {}).get(state, []))


class TradingCalendar:
    """Trading days between ``start`` and ``end``: weekdays minus the given holidays."""

    def __init__(self, holidays: Iterable[dt.date], start: dt.date, end: dt.date) -> None:
        self.holidays = frozenset(holidays)
        days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
        weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
        keep = weekday < 5
        if self.holidays:
            keep &= ~np.isin(days, np.array(sorted(self.holidays), dtype="datetime64[D]"))
        self.days: np.ndarray = days[keep]
        self._ordinals = self.days.astype("int64")

    def __len__(self) -> int:
        return len(self.days)

    def is_trading_day(self, day: dt.date) -> bool:
        i = self.index_on_or_before(day)
        return i >= 0 and self.days[i] == np.datetime64(day, "D")

    def index_on_or_before(self, day: dt.date) -> int:
        """Index of the last trading day on or before ``day`` (-1 if none)."""
        return (
            int(
                np.searchsorted(
                    self._ordinals, np.datetime64(day, "D").astype("int64"), side="right"
                )
            )
            - 1
        )

    def date(self, i: int) -> dt.date:
        return self.days[i].astype(dt.date)  # type: ignore[no-any-return]
