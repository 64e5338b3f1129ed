"""The world's clock: what ``now`` accepts (naive = Vietnam time), what it refuses, and the
Sandbox's settable ``now``."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
import pytest

from vnfin.sandbox import Sandbox, World
from vnfin.sandbox.world.clock import add_months, month_end, parse_moment

VN = dt.timezone(dt.timedelta(hours=7))
FRIDAY_1030 = dt.datetime(2026, 11, 20, 10, 30, tzinfo=VN).timestamp()


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-20 10:30",
        "2026-11-20T10:30:00",
        " 2026-11-20 10:30:00 ",
        "2026-11-20T03:30:00Z",
        "2026-11-20T10:30:00+07:00",
        dt.datetime(2026, 11, 20, 10, 30),
        dt.datetime(2026, 11, 20, 3, 30, tzinfo=dt.UTC),
        pd.Timestamp("2026-11-20 10:30"),
        pd.Timestamp("2026-11-20 10:30", tz="Asia/Ho_Chi_Minh"),
        np.datetime64("2026-11-20T10:30"),
    ],
)
def test_moments_naive_means_vietnam_time(value: object) -> None:
    assert parse_moment(value) == FRIDAY_1030


@pytest.mark.parametrize(
    "value", ["2026-11-20", "20/11/2026", dt.date(2026, 11, 20), pd.Timestamp("2026-11-20")]
)
def test_dates_are_vietnam_midnight(value: object) -> None:
    assert parse_moment(value) == dt.datetime(2026, 11, 20, tzinfo=VN).timestamp()


def test_day_first_dates() -> None:
    assert parse_moment("05/11/2026") == dt.datetime(2026, 11, 5, tzinfo=VN).timestamp()


@pytest.mark.parametrize("value", ["", "soon", "2026-13-01", "31/02/2026", "NaT"])
def test_garbage_text_is_a_value_error(value: str) -> None:
    with pytest.raises(ValueError, match="now"):
        parse_moment(value)


@pytest.mark.parametrize("value", [42, 1.5, True, ["2026-11-20"], object()])
def test_other_types_are_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="now"):
        parse_moment(value)


def test_world_now_pins_and_follows_the_wall_clock() -> None:
    world = World(0, now="2026-11-20 10:30")
    assert world.now == dt.datetime(2026, 11, 20, 10, 30, tzinfo=VN)
    assert world.clock() == FRIDAY_1030
    assert world.local_now() == dt.datetime(2026, 11, 20, 10, 30)
    world.now = None
    assert world.now is None
    assert abs(world.clock() - time.time()) < 5


def test_sandbox_now_is_the_worlds() -> None:
    sb = Sandbox(now="2026-11-20 10:30")
    assert sb.now == dt.datetime(2026, 11, 20, 10, 30, tzinfo=VN)
    sb.now = dt.date(2026, 1, 15)
    assert sb.world.now == dt.datetime(2026, 1, 15, tzinfo=VN)
    assert sb.engine is sb.world.engine
    with pytest.raises(ValueError, match="now"):
        sb.now = "not a date"
    with pytest.raises(TypeError):
        Sandbox(now=12345)


def test_month_arithmetic() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 20), -12) == dt.date(2025, 11, 20)
    assert add_months(dt.date(2026, 12, 5), 1) == dt.date(2027, 1, 5)
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
