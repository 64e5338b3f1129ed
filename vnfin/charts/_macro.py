"""Macro series (``macro.indicator``, ``macro.economy``, ``macro.global_market``) and gold
and silver prices (``commodities.gold``/``silver``/``…_providers``/``…_chart``,
``commodities.financial_data``). Series in different units get panels of their own; a
unit comes from a per-row ``unit`` column, else ``df.attrs["unit"]``, and an axis says
"unit not stated" when neither gives one."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ..errors import ValidationError
from ._style import COLORWAY, finish, local_times, no_data, pick, stacked, unit_of

VALUE_COLUMNS = ("value", "last_value")
METALS = ("GOLD", "SILVER")
SIDES = (("buy_value", "Buy", "solid"), ("sell_value", "Sell", "dash"))


def macro(
    df: pd.DataFrame, series: Sequence[str] | None = None, *, title: str | None = None
) -> go.Figure:
    """Macro series as lines over time.

    ``df``: ``macro.indicator`` or ``macro.global_market`` (one series per ``type``),
    ``macro.economy`` (one per indicator of its ``(indicator, time)`` index, ``last_value``),
    or any frame of numeric columns on a ``time`` index (one per column). ``series`` picks
    some by name (default: all).
    """
    if title is None:
        parts = [df.attrs.get("type"), df.attrs.get("country")]
        title = " · ".join(str(p) for p in parts if p) or "Macro"
    if df.empty:
        return no_data(title, df.attrs)
    lines = _series(df)
    names = pick(series, list(lines), "series")
    units = [lines[n][1] for n in names]
    fig, row_of = stacked(units)
    for name, unit in zip(names, units, strict=True):
        values = lines[name][0]
        x = local_times(values.index)
        fig.add_trace(go.Scatter(x=x, y=values, name=name, mode="lines"), row=row_of[unit], col=1)
    _axes(fig, row_of, "Value")
    fig.update_layout(hovermode="x unified", height=max(420, 300 * len(row_of)))
    return finish(fig, title, simulated=bool(df.attrs.get("simulated")))


def metals(df: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Gold and silver prices.

    A price chart (``gold_chart``/``silver_chart``: series on a ``time`` index) gives one
    line per series. Quotes (``gold``, ``silver``, ``gold_providers``, ``metal_providers``,
    or the gold and silver rows of ``financial_data``) give buy and sell per product: bars
    for one date, lines when the rows span several dates. Units from a ``unit`` column,
    else ``df.attrs["unit"]`` (its first part: ``"VND; usd_value USD/oz"`` gives VND).
    """
    if "financial_type" in df.columns:
        df = df[df["financial_type"].isin(METALS)]
    title = title if title is not None else _metals_title(df)
    if df.empty:
        return no_data(title, df.attrs)
    if isinstance(df.index, pd.DatetimeIndex):
        fig = _chart(df)
    elif all(side in df.columns for side, _, _ in SIDES):
        quotes = df[df["buy_value"].notna() | df["sell_value"].notna()]
        if quotes.empty:
            return no_data(title, df.attrs)
        fig = _quotes(quotes)
    else:
        raise ValidationError(
            "metals needs a price chart (a time index) or quotes with buy_value and "
            f"sell_value columns; the frame has {', '.join(map(str, df.columns))}",
            argument="df",
        )
    return finish(fig, title, simulated=bool(df.attrs.get("simulated")))


def _series(df: pd.DataFrame) -> dict[str, tuple[pd.Series, str | None]]:
    """Each series by name → (its values on a time index, its unit)."""
    column = next((c for c in VALUE_COLUMNS if c in df.columns), None)
    if isinstance(df.index, pd.MultiIndex):
        groups = {str(k): g.droplevel(0) for k, g in df.groupby(level=0, sort=False)}
    elif column and "type" in df.columns:
        groups = {_named(g): g for _, g in df.groupby("type", sort=False)}
    elif column:
        groups = {str(df.attrs.get("type") or column): df}
    else:
        numbers = df.select_dtypes("number").columns
        if not len(numbers):
            raise ValidationError(
                f"macro needs a value column or numeric columns; the frame has "
                f"{', '.join(map(str, df.columns))}",
                argument="df",
            )
        return {str(c): (df[c].astype(float), unit_of(df)) for c in numbers}
    if column is None:
        raise ValidationError(
            f"macro needs one of the columns {', '.join(VALUE_COLUMNS)}", argument="df"
        )
    return {name: (g[column].astype(float), _unit(g)) for name, g in groups.items()}


def _named(group: pd.DataFrame) -> str:
    """``CPI · VN`` from the group's ``type`` and ``country``."""
    parts = [group["type"].iloc[0]]
    if "country" in group.columns and group["country"].nunique() == 1:
        parts.append(group["country"].iloc[0])
    return " · ".join(str(p) for p in parts if isinstance(p, str) and p)


def _unit(frame: pd.DataFrame) -> str | None:
    """The unit of these rows: their ``unit`` column's most common value, else the frame's."""
    if "unit" in frame.columns:
        units = frame["unit"].dropna()
        units = units[units.astype(str) != ""]
        if len(units):
            return str(units.mode().iloc[0])
    return unit_of(frame)


def _axes(fig: go.Figure, row_of: dict[str | None, int], name: str) -> None:
    for unit, row in row_of.items():
        label = f"{name} ({unit})" if unit else f"{name} (unit not stated)"
        fig.update_yaxes(title_text=label, row=row, col=1, exponentformat="B")
    fig.update_xaxes(title_text="Date", row=len(row_of), col=1)


def _chart(df: pd.DataFrame) -> go.Figure:
    numbers = [c for c in df.select_dtypes("number").columns]
    fig, row_of = stacked([_unit(df)])
    x = local_times(df.index)
    for column in numbers:
        fig.add_trace(go.Scatter(x=x, y=df[column].astype(float), name=_pretty(str(column))))
    _axes(fig, row_of, "Price")
    fig.update_layout(hovermode="x unified")
    return fig


def _quotes(df: pd.DataFrame) -> go.Figure:
    label = next((c for c in ("name", "short_name", "index") if c in df.columns), None)
    names = [str(v) for v in df[label]] if label else [str(i) for i in df.index]
    rows = df.assign(_product=names)
    units = [_unit(g) for _, g in rows.groupby("_product", sort=False)]
    fig, row_of = stacked(units)
    dates = rows["date"].nunique() if "date" in rows.columns else 1
    for i, ((product, group), unit) in enumerate(
        zip(rows.groupby("_product", sort=False), units, strict=True)
    ):
        for side, side_name, dash in SIDES:
            y = group[side].astype(float)
            if dates > 1:
                trace = go.Scatter(
                    x=local_times(pd.DatetimeIndex(group["date"])),
                    y=y,
                    name=f"{product} · {side_name}",
                    line={"color": COLORWAY[i % len(COLORWAY)], "dash": dash},
                )
            else:
                trace = go.Bar(
                    x=[product] * len(group),
                    y=y,
                    name=side_name,
                    marker={"color": COLORWAY[0 if side == "buy_value" else 1]},
                    legendgroup=side_name,
                    showlegend=i == 0,
                )
            fig.add_trace(trace, row=row_of[unit], col=1)
    _axes(fig, row_of, "Price")
    if dates <= 1:
        fig.update_xaxes(title_text="Product", row=len(row_of), col=1)
    fig.update_layout(barmode="group", height=max(420, 300 * len(row_of)))
    return fig


def _pretty(column: str) -> str:
    """``gold_bar`` → ``Gold bar``."""
    return column.replace("_", " ").capitalize()


def _metals_title(df: pd.DataFrame) -> str:
    kinds = list(df["financial_type"].unique()) if "financial_type" in df.columns else []
    text = " ".join(map(str, [*df.columns, *kinds, df.attrs.get("endpoint", "")]))
    metals = [m for m in ("gold", "silver") if m in text.lower()]
    return f"{' and '.join(metals).capitalize()} prices" if metals else "Metal prices"
