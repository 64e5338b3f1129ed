"""Trading days and session states (vnfin.sandbox.world.calendar)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from vnfin._data import data_dir
from vnfin.sandbox.world.calendar import TradingCalendar, order_types, session_state
from vnfin.sandbox.world.engine import FIRST_DAY, LAST_DAY
from vnfin.sandbox.world.instruments import load_holidays

FRIDAY = dt.date(2026, 11, 20)
SATURDAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def calendar() -> TradingCalendar:
    return TradingCalendar(load_holidays(data_dir()), FIRST_DAY, LAST_DAY)


# -- calendar ---------------------------------------------------------------------------------


def test_no_trading_day_on_weekend_or_holiday(calendar: TradingCalendar) -> None:
    holidays = set(load_holidays(data_dir()))
    with (data_dir() / "holidays.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(holidays)
    days = [calendar.date(i) for i in range(len(calendar))]
    assert days == sorted(days)
    assert len(set(days)) == len(days)
    assert [d for d in days if d.weekday() >= 5] == []
    assert [d for d in days if d in holidays] == []
    in_range = [h for h in holidays if days[0] <= h <= days[-1] and h.weekday() < 5]
    assert len(in_range) > 50  # the holiday list actually covers the calendar's span


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2025, 1, 1),
        *(dt.date(2025, 1, d) for d in range(27, 32)),
        dt.date(2025, 4, 30),
        dt.date(2025, 9, 2),
        dt.date(2025, 1, 4),  # Saturday
        dt.date(2025, 1, 5),  # Sunday
        SATURDAY,
    ],
)
def test_not_a_trading_day(calendar: TradingCalendar, day: dt.date) -> None:
    assert not calendar.is_trading_day(day)
    i = calendar.index_on_or_before(day)
    assert calendar.date(i) < day


@pytest.mark.parametrize("day", [dt.date(2025, 1, 2), dt.date(2025, 2, 3), FRIDAY])
def test_is_a_trading_day(calendar: TradingCalendar, day: dt.date) -> None:
    assert calendar.is_trading_day(day)
    assert calendar.date(calendar.index_on_or_before(day)) == day


def test_tet_2025_gap(calendar: TradingCalendar) -> None:
    before = calendar.index_on_or_before(dt.date(2025, 1, 26))
    assert calendar.date(before) == dt.date(2025, 1, 24)
    assert calendar.date(before + 1) == dt.date(2025, 2, 3)


# -- session states ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exchange", "hour", "minute", "state"),
    [
        ("HOSE", 8, 59, "CLOSED"),
        ("HOSE", 9, 5, "OPEN"),
        ("HOSE", 10, 0, "PROGRESS"),
        ("HOSE", 12, 0, "BREAK"),
        ("HOSE", 14, 35, "PRE_CLOSED"),
        ("HOSE", 14, 50, "PUT_THROUGH"),
        ("HOSE", 15, 30, "CLOSED"),
        ("HNX", 9, 5, "PROGRESS"),
        ("HNX", 14, 35, "PRE_CLOSED"),
        ("HNX", 14, 50, "POST_SESSION"),
        ("HNX", 15, 30, "CLOSED"),
        ("UPCOM", 12, 0, "BREAK"),
        ("UPCOM", 14, 50, "PROGRESS"),
        ("UPCOM", 15, 30, "CLOSED"),
    ],
)
def test_session_state(exchange: str, hour: int, minute: int, state: str) -> None:
    assert session_state(exchange, True, hour * 60 + minute) == state


@pytest.mark.parametrize("exchange", ["HOSE", "HNX", "UPCOM"])
def test_session_closed_on_non_trading_day(exchange: str) -> None:
    assert session_state(exchange, False, 10 * 60) == "CLOSED"


@pytest.mark.parametrize(
    ("exchange", "hour", "minute", "types"),
    [
        ("HOSE", 9, 5, ["LO", "MP", "ATO", "ATC"]),
        ("HOSE", 10, 0, ["LO", "MP", "ATC"]),
        ("HOSE", 14, 35, ["LO", "ATC"]),
        ("HNX", 14, 50, ["PLO"]),
        ("UPCOM", 14, 50, ["LO"]),
        ("HOSE", 15, 30, []),
    ],
)
def test_order_types_by_session(exchange: str, hour: int, minute: int, types: list[str]) -> None:
    state = session_state(exchange, True, hour * 60 + minute)
    assert order_types(exchange, state) == types
