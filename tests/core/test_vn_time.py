"""Vietnam time by epoch arithmetic (vnfin.frames) agrees with pandas' tz database path, on
both sides of 1975-06-13, when Asia/Ho_Chi_Minh last changed its offset."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnfin._parse import epoch_times
from vnfin.frames import VN_TZ, vn_midnight, vn_midnights, vn_time

# 1900 to 2200, in nanoseconds: the whole range a broker's timestamps could fall in and more
NS = st.integers(min_value=-2_208_988_800 * 10**9, max_value=7_258_118_400 * 10**9)


@given(NS)
def test_naive_wall_time_is_localized_like_pandas(value: int) -> None:
    naive = pd.Timestamp(value)
    assert vn_time(naive) == naive.tz_localize(VN_TZ)
    assert str(vn_time(naive).tz) == VN_TZ


@given(NS)
def test_midnight_is_pandas_normalize(value: int) -> None:
    aware = pd.Timestamp(value, tz="UTC")
    assert vn_midnight(aware) == aware.tz_convert(VN_TZ).normalize()
    assert str(vn_midnight(aware).tz) == VN_TZ


@given(st.lists(NS, max_size=30))
def test_midnights_of_an_array_are_pandas_normalize(values: list[int]) -> None:
    ns = np.array(values, dtype=np.int64)
    expected = pd.DatetimeIndex(ns.view("M8[ns]")).tz_localize("UTC").tz_convert(VN_TZ)
    assert (vn_midnights(ns) == expected.normalize().asi8).all()


@pytest.mark.parametrize(
    ("utc", "local_midnight"),
    [
        ("1975-06-12 15:59:59", "1975-06-12 00:00"),  # UTC+8 until 1975-06-12 16:00 UTC
        ("1975-06-12 16:00:00", "1975-06-12 00:00"),  # 23:00 local, now UTC+7
        ("1975-06-12 17:00:00", "1975-06-13 00:00"),
        ("2025-12-31 16:59:59", "2025-12-31 00:00"),
        ("2025-12-31 17:00:00", "2026-01-01 00:00"),
    ],
)
def test_the_last_offset_change_and_a_year_end(utc: str, local_midnight: str) -> None:
    at = pd.Timestamp(utc, tz="UTC")
    assert vn_midnight(at) == pd.Timestamp(local_midnight, tz=VN_TZ)
    ns = np.array([at.value], dtype=np.int64)
    assert vn_midnights(ns)[0] == pd.Timestamp(local_midnight, tz=VN_TZ).value


def test_daily_epoch_bars_land_on_local_midnight_of_their_date() -> None:
    # the API stamps daily bars 00:00 UTC (07:00 in Vietnam); a bar at 17:00 UTC is 00:00
    # the next day in Vietnam, and belongs to that date
    index = epoch_times([1_759_276_800, 1_759_338_000], midnight=True)
    assert list(index) == [
        pd.Timestamp("2025-10-01", tz=VN_TZ),
        pd.Timestamp("2025-10-02", tz=VN_TZ),
    ]
    assert str(index.dtype) == f"datetime64[ns, {VN_TZ}]"
