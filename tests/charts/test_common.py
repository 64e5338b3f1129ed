"""What every chart shares: the template and fonts, the simulated mark, "No data" for an
empty frame, and purity (no show, no print, the input left as it was)."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from vnfin import AccountSnapshot, charts
from vnfin.charts._style import TEMPLATE
from vnfin.frames import empty_bars


def names(fig: go.Figure) -> list[str]:
    return [a.name for a in fig.layout.annotations]


def empty_statement() -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.Index([], name="metric", dtype=str))
    frame.attrs.update(unit="VND", simulated=True)
    return frame


def empty_snapshot() -> AccountSnapshot:
    return AccountSnapshot("test", pd.Timestamp("2026-11-20"), ("A",), 0.0, 0.0, 0.0, 0.0)


EMPTY = {
    "candles": lambda: charts.candles(empty_bars()),
    "candles of a (symbol, time) frame": lambda: charts.candles(empty_bars(multi=True), "VNM"),
    "compare": lambda: charts.compare(empty_bars(multi=True), ["VNM"]),
    "board": lambda: charts.board(pd.DataFrame(columns=["price", "reference"])),
    "heatmap": lambda: charts.board(pd.DataFrame(columns=["price"]), kind="heatmap"),
    "portfolio": lambda: charts.portfolio(empty_snapshot()),
    "statement": lambda: charts.statement(empty_statement()),
    "ratios": lambda: charts.ratios(empty_statement()),
    "macro": lambda: charts.macro(pd.DataFrame(columns=["type", "value"])),
    "metals": lambda: charts.metals(pd.DataFrame(columns=["name", "buy_value", "sell_value"])),
    "metals chart": lambda: charts.metals(pd.DataFrame(index=pd.DatetimeIndex([], name="time"))),
}


@pytest.mark.parametrize("make", EMPTY.values(), ids=EMPTY.keys())
def test_an_empty_frame_gives_a_no_data_figure(make) -> None:
    fig = make()
    assert isinstance(fig, go.Figure)
    assert [a.text for a in fig.layout.annotations if a.name == "no-data"] == ["No data"]
    assert not fig.data
    assert fig.layout.title.text


def test_empty_simulated_frames_still_say_so() -> None:
    fig = charts.statement(empty_statement())
    assert "simulated" in names(fig) and "no-data" in names(fig)


@pytest.fixture(scope="module")
def sandbox_figures(finhay, daily, snapshot) -> dict[str, go.Figure]:
    return {
        "candles": charts.candles(daily, "VNM", ma=20),
        "compare": charts.compare(daily),
        "board": charts.board(finhay.market.quotes(["VNM", "FPT"])),
        "heatmap": charts.board(finhay.market.quotes(["VNM", "FPT"]), kind="heatmap"),
        "portfolio": charts.portfolio(snapshot),
        "statement": charts.statement(finhay.fundamentals.statement("VNM", "cash-flow")),
        "ratios": charts.ratios(finhay.fundamentals.ratios("VNM", "quarterly")),
        "macro": charts.macro(finhay.macro.global_market("VIX")),
        "metals": charts.metals(finhay.commodities.silver_chart()),
    }


def test_every_sandbox_figure_is_marked_simulated_and_titled(sandbox_figures) -> None:
    for name, fig in sandbox_figures.items():
        marks = [a for a in fig.layout.annotations if a.name == "simulated"]
        assert [a.text for a in marks] == ["SIMULATED DATA"], name
        assert fig.layout.title.text, name
        assert fig.layout.template == TEMPLATE, name


def test_real_data_carries_no_simulated_mark(daily) -> None:
    real = daily.copy()
    real.attrs["simulated"] = False
    assert "simulated" not in names(charts.candles(real, "VNM"))
    assert "simulated" not in names(charts.compare(real))


def test_every_axis_with_values_names_its_unit(sandbox_figures) -> None:
    assert sandbox_figures["candles"].layout.yaxis.title.text == "Price (VND)"
    assert sandbox_figures["statement"].layout.yaxis.title.text == "Amount (VND)"
    assert sandbox_figures["portfolio"].layout.xaxis.title.text == "Unrealised P&L (VND)"
    assert sandbox_figures["macro"].layout.yaxis.title.text == "Value (points)"


def test_vietnamese_text_survives_with_a_font_that_has_its_glyphs(daily) -> None:
    fig = charts.candles(daily, "VNM", title="Giá đóng cửa VNM")
    assert fig.layout.title.text == "Giá đóng cửa VNM"
    family = fig.layout.template.layout.font.family
    assert family.split(",")[0] == "Inter" and "Roboto" in family and "Arial" in family
    assert json.loads(fig.to_json())["layout"]["title"]["text"] == "Giá đóng cửa VNM"


def test_charts_neither_show_nor_print_nor_change_their_input(daily, capsys) -> None:
    # show() is patched to fail every test in this folder (conftest); here, print and input.
    before = daily.copy()
    attrs = dict(daily.attrs)
    charts.candles(daily, "VNM", ma=(5,), bands=True)
    charts.compare(daily)
    assert capsys.readouterr() == ("", "")
    pd.testing.assert_frame_equal(daily, before)
    assert daily.attrs.keys() == attrs.keys()


def test_show_is_really_patched() -> None:
    with pytest.raises(AssertionError, match="called show"):
        go.Figure().show()


def test_public_names_are_sorted_and_complete() -> None:
    assert charts.__all__ == sorted(charts.__all__)
    public = {n for n in vars(charts) if not n.startswith("_") and callable(getattr(charts, n))}
    public |= {n for n in ("UP", "DOWN", "REF", "CEIL", "FLOOR")}
    assert set(charts.__all__) == public
