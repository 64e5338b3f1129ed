"""macro and metals: one line per series, units from the unit column or df.attrs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vnfin import ValidationError, charts


def y_axes(fig) -> list[str]:
    layout = fig.layout.to_plotly_json()
    return [layout[k]["title"]["text"] for k in sorted(layout) if k.startswith("yaxis")]


def test_an_indicator_is_one_line_with_the_frames_unit(finhay) -> None:
    cpi = finhay.macro.indicator("CPI")
    fig = charts.macro(cpi)
    (line,) = fig.data
    assert line.name == "CPI · VN"
    np.testing.assert_array_equal(line.y, cpi["value"])
    assert y_axes(fig) == [f"Value ({cpi.attrs['unit']})"]
    assert fig.layout.title.text == "CPI · VN"


def test_per_row_units_split_series_into_panels() -> None:
    time = pd.DatetimeIndex(["2024-01-01", "2024-02-01"] * 2, tz="Asia/Ho_Chi_Minh")
    frame = pd.DataFrame(
        {
            "last_value": [3.1, 3.3, 2400.0, 1300.0],
            "unit": ["%", "%", "USD Million", "USD Million"],
        },
        index=pd.MultiIndex.from_arrays(
            [["Inflation Rate"] * 2 + ["Balance of Trade"] * 2, time], names=["indicator", "time"]
        ),
    )
    frame.attrs["unit"] = "per row: see the unit column"
    fig = charts.macro(frame)
    assert [(t.name, t.yaxis) for t in fig.data] == [
        ("Inflation Rate", "y"),
        ("Balance of Trade", "y2"),
    ]
    assert y_axes(fig) == ["Value (%)", "Value (USD Million)"]
    assert list(fig.data[1].y) == [2400.0, 1300.0]
    only = charts.macro(frame, ["Balance of Trade"])
    assert [t.name for t in only.data] == ["Balance of Trade"]


def test_sandbox_economy_frame(finhay) -> None:
    frame = finhay.macro.economy("Vietnam", "Prices")
    fig = charts.macro(frame)
    names = list(dict.fromkeys(frame.index.get_level_values(0)))
    assert [t.name for t in fig.data] == names
    assert all("(" in title for title in y_axes(fig))


def test_a_frame_without_a_unit_does_not_invent_one() -> None:
    frame = pd.DataFrame(
        {"value": [1.0, 2.0]},
        index=pd.DatetimeIndex(["2024-01-01", "2024-02-01"], name="time", tz="Asia/Ho_Chi_Minh"),
    )
    frame.attrs["unit"] = "undocumented"
    assert y_axes(charts.macro(frame)) == ["Value (unit not stated)"]
    with pytest.raises(ValidationError, match="series: GDP not in the frame"):
        charts.macro(frame, ["GDP"])


def test_a_metal_chart_is_one_line_per_series(finhay) -> None:
    frame = finhay.commodities.gold_chart()
    fig = charts.metals(frame)
    assert [t.name for t in fig.data] == [c.replace("_", " ").capitalize() for c in frame.columns]
    np.testing.assert_array_equal(fig.data[0].y, frame.iloc[:, 0])
    assert fig.layout.title.text == "Gold prices"
    assert y_axes(fig) == ["Price (unit not stated)"]  # the API documents no unit here


def test_metal_quotes_are_buy_and_sell_per_product(finhay) -> None:
    gold = finhay.commodities.gold()
    fig = charts.metals(gold)
    buy = [t for t in fig.data if t.name == "Buy"]
    sell = [t for t in fig.data if t.name == "Sell"]
    assert [t.x[0] for t in buy] == list(gold["name"])
    assert [t.y[0] for t in buy] == list(gold["buy_value"])
    assert [t.y[0] for t in sell] == list(gold["sell_value"])
    assert y_axes(fig) == ["Price (VND per tael)"]  # "VND per tael; usd_value USD/oz"


def test_financial_data_keeps_the_metal_rows_and_their_unit(finhay) -> None:
    frame = finhay.commodities.financial_data()
    fig = charts.metals(frame)
    metals = frame[frame["financial_type"].isin(["GOLD", "SILVER"])]
    assert {t.x[0] for t in fig.data} == set(metals["name"])
    assert y_axes(fig) == ["Price (VND per chỉ)"]
    assert fig.layout.title.text == "Gold and silver prices"


def test_metal_quotes_over_several_dates_are_lines() -> None:
    frame = pd.DataFrame(
        {
            "name": ["SJC", "SJC"],
            "buy_value": [90e6, 91e6],
            "sell_value": [92e6, 93e6],
            "date": pd.DatetimeIndex(["2024-01-02", "2024-01-03"], tz="Asia/Ho_Chi_Minh"),
        }
    )
    frame.attrs["unit"] = "VND"
    fig = charts.metals(frame)
    assert [(t.type, t.name, list(t.y)) for t in fig.data] == [
        ("scatter", "SJC · Buy", [90e6, 91e6]),
        ("scatter", "SJC · Sell", [92e6, 93e6]),
    ]


def test_metals_refuses_a_frame_it_cannot_read() -> None:
    with pytest.raises(ValidationError, match="buy_value and sell_value"):
        charts.metals(pd.DataFrame({"price": [1.0]}))
