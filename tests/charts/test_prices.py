"""candles and compare: board colours, gap-free time axes, moving averages, rebasing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vnfin import ValidationError, charts
from vnfin.charts import CEIL, DOWN, FLOOR, REF, UP
from vnfin.charts._prices import rangebreaks

HOLIDAYS = Path(__file__).resolve().parents[2] / "data" / "holidays.csv"


def listed_holidays() -> set[dt.date]:
    with HOLIDAYS.open(encoding="utf-8") as fh:
        return {dt.date.fromisoformat(row["date"]) for row in csv.DictReader(fh)}


def trace(fig, kind: str, name: str | None = None):
    found = [t for t in fig.data if t.type == kind and (name is None or t.name == name)]
    assert len(found) == 1, [(t.type, t.name) for t in fig.data]
    return found[0]


def breaks(fig) -> list[dict]:
    return [b.to_plotly_json() for b in fig.layout.xaxis.rangebreaks]


def test_candles_and_volume_take_the_board_colours(bars) -> None:
    frame = bars(
        ["2024-03-04", "2024-03-05", "2024-03-06"],
        opens=[10_000, 10_500, 10_200],
        closes=[10_400, 10_100, 10_200],
        volumes=[500, 700, 900],
    )
    fig = charts.candles(frame, "VNM")
    candle = trace(fig, "candlestick")
    assert candle.increasing.line.color == UP and candle.increasing.fillcolor == UP
    assert candle.decreasing.line.color == DOWN and candle.decreasing.fillcolor == DOWN
    volume = trace(fig, "bar", "Volume")
    assert list(volume.marker.color) == [UP, DOWN, REF]
    assert list(volume.y) == [500, 700, 900]
    assert volume.yaxis == "y2" and candle.yaxis == "y"


def test_board_colours_are_the_documented_hex_values() -> None:
    assert (UP, DOWN, REF, CEIL, FLOOR) == ("#00C853", "#FF3737", "#F5C518", "#B04CFF", "#1EC8E6")


def test_daily_rangebreaks_cut_weekends_and_the_listed_holidays(daily) -> None:
    fig = charts.candles(daily, "VNM")
    got = breaks(fig)
    assert {"bounds": ["sat", "mon"]} in got
    values = {dt.date.fromisoformat(str(v)[:10]) for b in got for v in b.get("values", [])}
    times = daily.xs("VNM").index
    first, last = times.min().date(), times.max().date()
    expected = {d for d in listed_holidays() if first <= d <= last and d.weekday() < 5}
    assert expected, "the 2024 range holds Tết and 30/4"
    assert expected <= values
    assert dt.date(2024, 2, 12) in values  # Tết 2024
    assert not any(b.get("pattern") == "hour" for b in got)  # daily bars: no hour breaks


def test_a_day_with_bars_is_never_cut_even_if_listed_as_a_holiday(bars) -> None:
    assert dt.date(2024, 4, 30) in listed_holidays()
    frame = bars(["2024-04-29", "2024-04-30", "2024-05-02"], [1.0] * 3, [2.0] * 3)
    values = [str(v)[:10] for b in breaks(charts.candles(frame)) for v in b.get("values", [])]
    assert values == ["2024-05-01"]


def test_a_weekday_without_bars_is_cut_too(bars) -> None:
    frame = bars(["2024-03-04", "2024-03-06"], [10_000, 10_000], [10_100, 10_100])
    values = [v for b in breaks(charts.candles(frame)) for v in b.get("values", [])]
    assert [str(v)[:10] for v in values] == ["2024-03-05"]


def test_intraday_rangebreaks_cut_lunch_and_night(bars) -> None:
    times = ["2024-03-04 09:00", "2024-03-04 11:25", "2024-03-04 13:00", "2024-03-04 14:45"]
    times += ["2024-03-05 09:00"]
    frame = bars(times, [100.0] * 5, [110.0] * 5)
    got = breaks(charts.candles(frame))
    assert {"bounds": [11.5, 13], "pattern": "hour"} in got
    assert {"bounds": [15, 9], "pattern": "hour"} in got
    assert {"bounds": ["sat", "mon"]} in got
    assert fig_x_is_wall_clock(charts.candles(frame))


def fig_x_is_wall_clock(fig) -> bool:
    """plotly ignores zone offsets, so x must be Vietnam wall-clock time without a zone."""
    x = pd.DatetimeIndex(trace(fig, "candlestick").x)
    return x.tz is None and x[0] == pd.Timestamp("2024-03-04 09:00")


def test_intraday_sandbox_bars_get_the_hour_breaks(finhay) -> None:
    intraday = finhay.market.history("VNM", "2026-11-18", "2026-11-20", resolution="5")
    fig = charts.candles(intraday)
    assert {"bounds": [11.5, 13], "pattern": "hour"} in breaks(fig)
    assert fig.layout.title.text == "VNM · 5-minute bars"


def test_moving_averages_are_rolling_means_of_the_close(daily) -> None:
    fig = charts.candles(daily, "FPT", ma=(5, 20))
    close = daily.xs("FPT")["close"]
    for n in (5, 20):
        line = trace(fig, "scatter", f"MA{n}")
        np.testing.assert_allclose(
            np.asarray(line.y, float), close.rolling(n).mean(), equal_nan=True
        )
        assert np.isnan(line.y[n - 2]) and not np.isnan(line.y[n - 1])


@pytest.mark.parametrize("bad", [0, -3, 2.5, "20", (20, None)])
def test_a_bad_moving_average_window_is_refused(daily, bad) -> None:
    with pytest.raises(ValidationError, match="ma must be"):
        charts.candles(daily, "VNM", ma=bad)


def test_a_multi_symbol_frame_needs_a_listed_symbol(daily) -> None:
    with pytest.raises(ValidationError, match=r"3 symbols \(VNM, FPT, HPG\): name one") as err:
        charts.candles(daily)
    assert err.value.argument == "symbol"
    with pytest.raises(ValidationError, match="'ACB' is not one of them"):
        charts.candles(daily, "ACB")
    fig = charts.candles(daily, "HPG")
    assert trace(fig, "candlestick").name == "HPG"
    np.testing.assert_array_equal(trace(fig, "candlestick").close, daily.xs("HPG")["close"])


def test_a_one_symbol_multi_frame_needs_no_symbol(daily) -> None:
    fig = charts.candles(daily.loc[["VNM"]])
    assert trace(fig, "candlestick").name == "VNM"


def test_axis_titles_carry_the_units(daily) -> None:
    fig = charts.candles(daily, "VNM")
    assert fig.layout.yaxis.title.text == "Price (VND)"
    assert fig.layout.yaxis2.title.text == "Volume (shares)"
    assert fig.layout.title.text == "VNM · daily bars"


def test_without_volume_there_is_one_panel(daily) -> None:
    fig = charts.candles(daily, "VNM", volume=False)
    assert [t.type for t in fig.data] == ["candlestick"]
    assert "yaxis2" not in fig.layout.to_plotly_json()


def test_levels_draw_reference_ceiling_and_floor(finhay, daily) -> None:
    row = pd.Series(
        {"price": 69_500.0, "reference": 68_600.0, "ceiling": 73_400.0, "floor": 63_800.0}
    )
    fig = charts.candles(daily, "VNM", levels=row)
    lines = {s.y0: s.line.color for s in fig.layout.shapes}
    assert lines == {68_600.0: REF, 73_400.0: CEIL, 63_800.0: FLOOR}


def test_bands_follow_the_previous_close_and_the_exchange_band(bars) -> None:
    # VNM is on HOSE: ±7 %, ceiling rounded down and floor up to the 100 VND tick.
    frame = bars(["2024-03-04", "2024-03-05"], [60_000, 61_000], [61_000, 62_000])
    fig = charts.candles(frame, "VNM", bands=True)
    ceiling, floor = trace(fig, "scatter", "Ceiling"), trace(fig, "scatter", "Floor")
    assert np.isnan(ceiling.y[0]) and ceiling.y[1] == 65_200  # 61,000 × 1.07 = 65,270
    assert np.isnan(floor.y[0]) and floor.y[1] == 56_800  # 61,000 × 0.93 = 56,730
    assert ceiling.line.color == CEIL and floor.line.color == FLOOR
    assert list(trace(fig, "scatter", "Reference").y)[1] == 61_000


def test_bands_come_from_columns_when_the_frame_has_them(bars) -> None:
    frame = bars(["2024-03-04", "2024-03-05"], [100.0, 100.0], [105.0, 95.0])
    frame["ceiling"], frame["floor"] = [107.0, 112.0], [93.0, 98.0]
    fig = charts.candles(frame, bands=True)
    assert list(trace(fig, "scatter", "Ceiling").y) == [107.0, 112.0]
    assert list(trace(fig, "scatter", "Floor").y) == [93.0, 98.0]


def test_bands_of_an_unlisted_symbol_without_columns_are_refused(bars) -> None:
    frame = bars(["2024-03-04"], [100.0], [105.0])
    with pytest.raises(ValidationError, match=r"not in data/tickers\.csv"):
        charts.candles(frame, "ZZZ", bands=True)


def test_compare_starts_every_symbol_at_exactly_100(daily) -> None:
    fig = charts.compare(daily)
    assert [t.name for t in fig.data] == ["VNM", "FPT", "HPG"]
    for line in fig.data:
        assert line.y[0] == 100.0
        close = daily.xs(line.name)["close"]
        np.testing.assert_allclose(line.y, close / close.iloc[0] * 100)
    assert fig.layout.yaxis.title.text == "Rebased (start = 100)"
    assert {"bounds": ["sat", "mon"]} in breaks(fig)


def test_compare_rebases_each_symbol_at_its_own_first_bar(daily) -> None:
    late = daily.drop(daily.xs("FPT", drop_level=False).index[:10])
    fig = charts.compare(late, ["FPT", "VNM"], column="open")
    assert [t.name for t in fig.data] == ["FPT", "VNM"]
    assert all(t.y[0] == 100.0 for t in fig.data)
    assert pd.Timestamp(fig.data[0].x[0]) > pd.Timestamp(fig.data[1].x[0])


def test_compare_refuses_what_it_cannot_draw(daily) -> None:
    with pytest.raises(ValidationError, match="symbols: ACB not in the frame; available: VNM"):
        charts.compare(daily, ["VNM", "ACB"])
    with pytest.raises(ValidationError, match=r"\(symbol, time\) frame"):
        charts.compare(daily.xs("VNM"))
    with pytest.raises(ValidationError, match="column: vwap not in the frame"):
        charts.compare(daily, column="vwap")


def test_monthly_and_weekend_series_get_no_breaks() -> None:
    monthly = pd.date_range("2020-01-31", periods=24, freq="ME", tz="Asia/Ho_Chi_Minh")
    assert rangebreaks(monthly, intraday=False) == []  # some month-ends are Saturdays
    weekly = pd.date_range("2020-01-06", periods=20, freq="W-MON", tz="Asia/Ho_Chi_Minh")
    assert rangebreaks(weekly, intraday=False) == []  # only weekdays, but a week apart
    every_day = pd.date_range("2026-11-02", "2026-11-30", freq="D", tz="Asia/Ho_Chi_Minh")
    assert rangebreaks(every_day, intraday=False) == []  # gold trades on weekends
    trading = pd.bdate_range("2026-11-02", "2026-11-30", tz="Asia/Ho_Chi_Minh")
    assert {"bounds": ["sat", "mon"]} in rangebreaks(trading, intraday=False)
