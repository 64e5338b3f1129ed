"""board: price cells coloured by the board rules; the market map coloured by change."""

from __future__ import annotations

import pandas as pd
import pytest

from vnfin import ValidationError, charts
from vnfin.charts import CEIL, DOWN, FLOOR, REF, UP

#: symbol: price, reference, ceiling, floor — one row per board rule.
ROWS = {
    "CEI": (10_700.0, 10_000.0, 10_700.0, 9_300.0),
    "FLO": (9_300.0, 10_000.0, 10_700.0, 9_300.0),
    "REF": (10_000.0, 10_000.0, 10_700.0, 9_300.0),
    "UPP": (10_100.0, 10_000.0, 10_700.0, 9_300.0),
    "DWN": (9_900.0, 10_000.0, 10_700.0, 9_300.0),
}
EXPECTED = [CEIL, FLOOR, REF, UP, DOWN]


@pytest.fixture
def quotes() -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(
        ROWS, orient="index", columns=["price", "reference", "ceiling", "floor"]
    )
    frame.index.name = "symbol"
    frame["change"] = frame["price"] - frame["reference"]
    frame["change_percent"] = frame["change"] / frame["reference"] * 100
    frame["total_volume"] = [100, 200, 300, 400, 500]
    frame.attrs.update(unit="VND")
    return frame


def cells(fig) -> dict[str, tuple[list[str], list[str]]]:
    """Each column's header → (its texts, its font colours)."""
    table = fig.data[0]
    return {
        header: (list(values), list(colours))
        for header, values, colours in zip(
            table.header.values, table.cells.values, table.cells.font.color, strict=True
        )
    }


def test_price_cells_follow_the_board_rules(quotes) -> None:
    got = cells(charts.board(quotes))
    assert got["Symbol"] == (list(ROWS), EXPECTED)
    assert got["Price (VND)"] == (["10,700", "9,300", "10,000", "10,100", "9,900"], EXPECTED)
    assert got["Change %"][0] == ["+7.00%", "-7.00%", "+0.00%", "+1.00%", "-1.00%"]
    assert got["Change %"][1] == EXPECTED
    assert set(got["Reference (VND)"][1]) == {REF}
    assert set(got["Ceiling (VND)"][1]) == {CEIL}
    assert set(got["Floor (VND)"][1]) == {FLOOR}
    assert got["Volume"][0] == ["100", "200", "300", "400", "500"]


def test_a_missing_price_is_a_dash_in_a_neutral_colour(quotes) -> None:
    quotes.loc["UPP", "price"] = float("nan")
    got = cells(charts.board(quotes))
    assert got["Price (VND)"][0][3] == "–"
    assert got["Price (VND)"][1][3] not in (UP, DOWN, REF, CEIL, FLOOR)


def test_sandbox_quotes_make_a_board(finhay) -> None:
    quotes = finhay.market.quotes(["VNM", "FPT", "HPG", "VCB"])
    fig = charts.board(quotes)
    got = cells(fig)
    for symbol, colour in zip(got["Symbol"][0], got["Symbol"][1], strict=True):
        row = quotes.loc[symbol]
        expected = UP if row.price > row.reference else DOWN if row.price < row.reference else REF
        if row.price in (row.ceiling, row.floor):
            expected = CEIL if row.price == row.ceiling else FLOOR
        assert colour == expected, symbol


def test_heatmap_colours_tiles_by_change_and_groups_by_industry(quotes) -> None:
    quotes.index = pd.Index(["VNM", "FPT", "HPG", "VCB", "ZZZ"], name="symbol")
    quotes["exchange"] = ["HOSE", "HOSE", "HOSE", "HOSE", "HNX"]
    quotes["total_value"] = [1e9, 2e9, 3e9, 4e9, 5e9]
    tiles = charts.board(quotes, kind="heatmap").data[0]
    leaves = {label: i for i, label in enumerate(tiles.labels) if label in quotes.index}
    for symbol, i in leaves.items():
        assert tiles.marker.colors[i] == pytest.approx(quotes.loc[symbol, "change_percent"])
        assert tiles.values[i] == quotes.loc[symbol, "total_value"]
    parent = dict(zip(tiles.labels, tiles.parents, strict=True))
    assert parent["VNM"] == "sector/Consumer Staples"
    assert parent["VCB"] == "sector/Banking"
    assert parent["ZZZ"] == "sector/HNX"  # not in tickers.csv: its exchange
    assert tiles.marker.cmid == 0


def test_kind_is_checked(quotes) -> None:
    with pytest.raises(ValidationError, match="kind must be one of 'table', 'heatmap'"):
        charts.board(quotes, kind="pie")


def test_a_board_without_prices_is_refused(quotes) -> None:
    with pytest.raises(ValidationError, match="missing price"):
        charts.board(quotes.drop(columns="price"))
