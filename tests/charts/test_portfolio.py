"""portfolio: allocation by sector and symbol, P&L by position."""

from __future__ import annotations

import pandas as pd
import pytest

from vnfin import AccountSnapshot, Position, ValidationError, charts
from vnfin.charts import DOWN, REF, UP


def snapshot_of(*positions: Position, simulated: bool = False) -> AccountSnapshot:
    return AccountSnapshot(
        source="test",
        as_of=pd.Timestamp("2026-11-20 10:30", tz="Asia/Ho_Chi_Minh"),
        accounts=("A", "B"),
        cash=1_000_000.0,
        buying_power=1_000_000.0,
        nav=2_000_000.0,
        debt=0.0,
        positions=positions,
        simulated=simulated,
    )


HAND = snapshot_of(
    Position("A", "VCB", 100, 100, 60_000, 66_000),  # Banking, +600,000
    Position("B", "VCB", 50, 50, 60_000, 66_000),  # the same symbol in another account
    Position("A", "ACB", 200, 200, 25_000, 24_000),  # Banking, -200,000
    Position("B", "FPT", 10, 10, 80_000, 80_000),  # Technology, 0
    Position("B", "ZZZ", 100, 100, 1_000, 1_500),  # not listed: Unclassified
)


def parts(fig):
    allocation = next(t for t in fig.data if t.type in ("treemap", "sunburst"))
    pnl = next(t for t in fig.data if t.type == "bar")
    return allocation, pnl


def test_allocation_sums_to_the_market_value() -> None:
    allocation, _ = parts(charts.portfolio(HAND))
    roots = [v for v, p in zip(allocation.values, allocation.parents, strict=True) if p == ""]
    leaves = {
        label: v
        for label, v, p in zip(
            allocation.labels, allocation.values, allocation.parents, strict=True
        )
        if p
    }
    assert sum(roots) == pytest.approx(HAND.market_value)
    assert sum(leaves.values()) == pytest.approx(HAND.market_value)
    assert leaves == {"VCB": 150 * 66_000, "ACB": 200 * 24_000, "FPT": 800_000, "ZZZ": 150_000}
    assert allocation.branchvalues == "total"


def test_sector_comes_from_tickers_csv() -> None:
    allocation, _ = parts(charts.portfolio(HAND))
    parent = dict(zip(allocation.labels, allocation.parents, strict=True))
    assert parent["VCB"] == parent["ACB"] == "sector/Banking"
    assert parent["FPT"] == "sector/Technology"
    assert parent["ZZZ"] == "sector/Unclassified"


def test_pnl_bars_are_per_symbol_and_coloured_by_sign() -> None:
    _, pnl = parts(charts.portfolio(HAND))
    bars = dict(zip(pnl.y, zip(pnl.x, pnl.marker.color, strict=True), strict=True))
    assert bars == {
        "VCB": (900_000, UP),
        "ACB": (-200_000, DOWN),
        "FPT": (0, REF),
        "ZZZ": (50_000, UP),
    }
    assert list(pnl.x) == sorted(pnl.x)


def test_axis_titles_and_title_carry_vnd() -> None:
    fig = charts.portfolio(HAND)
    assert fig.layout.xaxis.title.text == "Unrealised P&L (VND)"
    assert fig.layout.title.text == "Portfolio · NAV 2,000,000 VND · cash 1,000,000 VND"
    subtitles = [a.text for a in fig.layout.annotations]
    assert "Allocation by sector and symbol · 15,650,000 VND" in subtitles


def test_sandbox_snapshot_as_a_sunburst(snapshot) -> None:
    fig = charts.portfolio(snapshot, kind="sunburst")
    allocation, pnl = parts(fig)
    assert allocation.type == "sunburst"
    leaves = [v for v, p in zip(allocation.values, allocation.parents, strict=True) if p]
    assert sum(leaves) == pytest.approx(snapshot.market_value)
    assert sum(pnl.x) == pytest.approx(snapshot.unrealized_pnl)
    assert any(a.name == "simulated" for a in fig.layout.annotations)


def test_kind_is_checked() -> None:
    with pytest.raises(ValidationError, match="kind must be one of 'treemap', 'sunburst'"):
        charts.portfolio(HAND, kind="pie")
