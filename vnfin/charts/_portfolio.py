"""An account's holdings (:class:`~vnfin.AccountSnapshot`): allocation and P&L."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..account import AccountSnapshot
from . import _reference
from ._style import choice, direction_colour, finish, no_data


def _holdings(snapshot: AccountSnapshot) -> pd.DataFrame:
    """The snapshot's positions summed per symbol over its sub-accounts, largest first:
    index ``symbol``, columns ``sector market_value cost_value unrealized_pnl`` (VND)."""
    frame = snapshot.positions_frame()
    frame["cost_value"] = frame["quantity"] * frame["cost_price"]
    summed = frame.groupby("symbol", sort=False)[
        ["market_value", "cost_value", "unrealized_pnl"]
    ].sum()
    summed.insert(0, "sector", [_reference.sector(str(s)) for s in summed.index])
    return summed.sort_values("market_value", ascending=False, kind="stable")


def portfolio(
    snapshot: AccountSnapshot, *, kind: str = "treemap", title: str | None = None
) -> go.Figure:
    """Allocation by sector and symbol (a treemap or a sunburst of market value) next to
    the unrealised P&L of each position (bars, green for a gain and red for a loss), in VND.

    A symbol held in several sub-accounts counts once, summed. Positions carry no sector,
    so it comes from the symbol's industry in ``data/tickers.csv`` ("Unclassified" when the
    symbol is not listed there). Cash is not part of the allocation; the title gives it and
    the NAV.
    """
    choice(kind, ("treemap", "sunburst"), "kind")
    attrs = {"simulated": snapshot.simulated}
    if title is None:
        title = f"Portfolio · NAV {snapshot.nav:,.0f} VND · cash {snapshot.cash:,.0f} VND"
    if not snapshot.positions:
        return no_data(title, attrs)
    held = _holdings(snapshot)
    sectors = held.groupby("sector", sort=False)["market_value"].sum()
    total = float(held["market_value"].sum())
    ids = [f"sector/{s}" for s in sectors.index] + [
        f"sector/{sector}/{symbol}" for symbol, sector in held["sector"].items()
    ]
    labels = [str(s) for s in sectors.index] + [str(s) for s in held.index]
    parents = [""] * len(sectors) + [f"sector/{s}" for s in held["sector"]]
    values = [float(v) for v in sectors] + [float(v) for v in held["market_value"]]
    share = [v / total * 100 if total else 0.0 for v in values]
    chart = go.Treemap if kind == "treemap" else go.Sunburst
    fig = make_subplots(
        rows=1,
        cols=2,
        specs=[[{"type": "domain"}, {"type": "xy"}]],
        column_widths=[0.55, 0.45],
        horizontal_spacing=0.12,
        subplot_titles=(
            f"Allocation by sector and symbol · {total:,.0f} VND",
            "Unrealised P&L by position",
        ),
    )
    fig.add_trace(
        chart(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            customdata=share,
            name="Allocation",
            hovertemplate="%{label}: %{value:,.0f} VND (%{customdata:.1f}%)<extra></extra>",
        ),
        row=1,
        col=1,
    )
    pnl = held["unrealized_pnl"].sort_values(kind="stable")
    fig.add_trace(
        go.Bar(
            x=pnl.to_numpy(),
            y=[str(s) for s in pnl.index],
            orientation="h",
            name="Unrealised P&L",
            marker={"color": [direction_colour(v) for v in pnl]},
            hovertemplate="%{y}: %{x:+,.0f} VND<extra></extra>",
        ),
        row=1,
        col=2,
    )
    fig.update_xaxes(title_text="Unrealised P&L (VND)", exponentformat="B", row=1, col=2)
    fig.update_yaxes(title_text="Symbol", row=1, col=2)
    fig.update_layout(showlegend=False)
    return finish(fig, title, simulated=snapshot.simulated)
