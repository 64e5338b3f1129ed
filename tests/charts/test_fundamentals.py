"""statement and ratios: English labels where the glossary has them, periods oldest first,
one panel per unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vnfin import ValidationError, charts


def statement_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {"2025": [300.0, 100.0, 7.0], "2024": [200.0, 80.0, 5.0], "2023": [100.0, 60.0, 3.0]},
        index=pd.Index(["doanhthuthuan", "loinhuansauthue", "chitieulaxa"], name="metric"),
    )
    frame.attrs.update(unit="VND", symbol="VNM", kind="income-statement", period="annual")
    return frame


def y_axes(fig) -> list[str]:
    layout = fig.layout.to_plotly_json()
    return [layout[k]["title"]["text"] for k in sorted(layout) if k.startswith("yaxis")]


def test_labels_are_english_where_the_glossary_has_them_and_codes_otherwise() -> None:
    fig = charts.statement(statement_frame(), ["doanhthuthuan", "chitieulaxa"])
    assert [t.name for t in fig.data] == ["Net revenue", "chitieulaxa"]


def test_periods_run_oldest_first_with_the_frames_values() -> None:
    fig = charts.statement(statement_frame(), ["loinhuansauthue"])
    (bar,) = fig.data
    assert bar.type == "bar"
    assert list(bar.x) == ["2023", "2024", "2025"]
    assert list(bar.y) == [60.0, 80.0, 100.0]
    assert fig.layout.xaxis.type == "category"
    assert y_axes(fig) == ["Amount (VND)"]
    assert fig.layout.title.text == "VNM · income statement · annual"


def test_default_items_are_the_headline_lines(finhay) -> None:
    frame = finhay.fundamentals.statement("VNM", "income-statement")
    fig = charts.statement(frame)
    assert [t.name for t in fig.data] == [
        "Net revenue",
        "Gross profit",
        "Profit before tax",
        "Net profit after tax",
    ]
    np.testing.assert_array_equal(fig.data[0].y, frame.loc["doanhthuthuan"].iloc[::-1])


def test_a_frame_with_labels_in_its_index_gives_the_same_chart(finhay) -> None:
    coded = finhay.fundamentals.statement("VNM", "balance-sheet")
    labelled = finhay.fundamentals.statement("VNM", "balance-sheet", labels=True)
    a, b = charts.statement(coded, kind="line"), charts.statement(labelled, kind="line")
    assert (
        [t.name for t in a.data]
        == [t.name for t in b.data]
        == [
            "Total assets",
            "Total liabilities",
            "Owners' equity",
        ]
    )
    for x, y in zip(a.data, b.data, strict=True):
        np.testing.assert_array_equal(x.y, y.y)
    by_label = charts.statement(labelled, ["Total assets"])
    assert [t.name for t in by_label.data] == ["Total assets"]


def test_ratios_in_different_units_get_their_own_panels(finhay) -> None:
    frame = finhay.fundamentals.ratios("VNM")
    fig = charts.ratios(frame, ["roe", "pe", "eps", "vonhoa", "bienlaigop"])
    assert [t.name for t in fig.data] == [
        "Return on equity",  # "(fraction)" dropped: it is drawn as a percentage
        "P/E",
        "Earnings per share (VND)",
        "Market capitalisation (VND)",
        "Gross margin",
    ]
    assert y_axes(fig) == ["Ratio (%)", "Multiple (×)", "Per share (VND)", "Amount (VND)"]
    assert [t.yaxis for t in fig.data] == ["y", "y2", "y3", "y4", "y"]
    assert fig.layout.yaxis.tickformat == ".0%"
    np.testing.assert_array_equal(fig.data[0].y, frame.loc["roe"].iloc[::-1])
    assert all(t.type == "scatter" for t in fig.data)


def test_a_ratio_code_without_a_label_is_drawn_with_no_unit_claimed() -> None:
    frame = statement_frame()
    frame.attrs["unit"] = "fractions for ratios, VND for amounts"
    fig = charts.ratios(frame, ["chitieulaxa"])
    assert [t.name for t in fig.data] == ["chitieulaxa"]
    assert y_axes(fig) == ["Value (unit not stated)"]


def test_a_statement_without_a_unit_claims_none() -> None:
    frame = statement_frame()
    del frame.attrs["unit"]
    assert y_axes(charts.statement(frame)) == ["Value (unit not stated)"]


def test_unknown_items_and_kinds_are_refused() -> None:
    with pytest.raises(
        ValidationError, match="items: nope not in the frame; available: doanhthuthuan"
    ):
        charts.statement(statement_frame(), ["nope"])
    with pytest.raises(ValidationError, match="kind must be one of 'bar', 'line'"):
        charts.ratios(statement_frame(), kind="area")
