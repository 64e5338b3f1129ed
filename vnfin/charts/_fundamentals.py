"""Fundamentals over periods (``fundamentals.statement`` and ``fundamentals.ratios``): one
bar or line per item, English labels where vnfin knows them, the API's codes otherwise.
Items in different units (VND amounts, VND per share, fractions, multiples) get their own
panel, so no axis mixes them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..finhay import glossary
from ._style import choice, finish, no_data, pick, stacked, unit_of

STATEMENT_ITEMS = {
    "income-statement": ("doanhthuthuan", "loinhuangop", "loinhuantruocthue", "loinhuansauthue"),
    "balance-sheet": ("tongtaisan", "nophaitra", "vonchusohuu"),
    "cash-flow": (
        "luuchuyentienthuantuhoatdongkinhdoanh",
        "luuchuyentienthuantuhoatdongdautu",
        "luuchuyentienthuantusudungvaohoatdongtaichinh",
    ),
}
FRACTION = re.compile(r"\s*\(fraction\)|fraction(?=, )")
RATIO_ITEMS = ("roe", "roa", "bienlaigop", "bienlaisauthue")
#: Unit → (y-axis title, tick format, hover format).
AXES: dict[str | None, tuple[str, str | None, str]] = {
    "%": ("Ratio (%)", ".0%", ".2%"),
    "×": ("Multiple (×)", None, ",.4~f"),
    "VND": ("Amount (VND)", None, ",.0f"),
    "VND per share": ("Per share (VND)", None, ",.0f"),
    None: ("Value (unit not stated)", None, ",.4~f"),
}


def statement(
    df: pd.DataFrame,
    items: Sequence[str] | None = None,
    *,
    kind: str = "bar",
    title: str | None = None,
) -> go.Figure:
    """A financial statement over its periods, oldest first: one series per line item.

    ``df`` as ``fundamentals.statement`` returns it (rows: items, columns: periods), with or
    without ``labels=True``. ``items``: codes or labels (default: the headline items of the
    statement — revenue and profits, assets/liabilities/equity, or the three net cash
    flows — else the first four rows). ``kind``: ``bar`` or ``line``. Amounts in the frame's
    unit (``df.attrs["unit"]``: VND), per-share items (EPS) on a panel of their own.
    """
    statement_kind = str(df.attrs.get("kind", ""))
    default = STATEMENT_ITEMS.get(statement_kind, ())
    name = statement_kind.replace("-", " ") or "financial statement"
    unit = unit_of(df)
    return _periods(df, items, kind, title, default, heading=name, plain=unit, unknown=unit)


def ratios(
    df: pd.DataFrame,
    items: Sequence[str] | None = None,
    *,
    kind: str = "line",
    title: str | None = None,
) -> go.Figure:
    """Financial ratios over their periods, oldest first: one series per ratio.

    ``df`` as ``fundamentals.ratios`` returns it. ``items``: codes or labels (default: ROE,
    ROA, gross and net margin). Fractions are drawn as percentages, multiples (P/E, current
    ratio …) and VND amounts on panels of their own; a code vnfin has no label for is drawn
    on a panel whose unit is "not stated". ``kind``: ``line`` or ``bar``.
    """
    return _periods(
        df, items, kind, title, RATIO_ITEMS, heading="financial ratios", plain="×", unknown=None
    )


def _periods(
    df: pd.DataFrame,
    items: Sequence[str] | None,
    kind: str,
    title: str | None,
    default: Sequence[str],
    *,
    heading: str,
    plain: str | None,
    unknown: str | None,
) -> go.Figure:
    choice(kind, ("bar", "line"), "kind")
    if title is None:
        parts = [df.attrs.get("symbol"), heading, df.attrs.get("period")]
        title = " · ".join(str(p) for p in parts if p)
    if df.empty:
        return no_data(title, df.attrs)
    rows = _rows(df)
    if items is None:
        chosen = [r for r in rows if r in default] or list(rows)[:4]
    else:
        aliases = {name: code for code, names in rows.items() for name in (code, *names) if name}
        chosen = list(dict.fromkeys(aliases[n] for n in pick(items, list(aliases), "items")))
    columns = sorted(df.columns, key=str)
    periods = [str(c) for c in columns]
    units = [_unit(rows[code][1], plain, unknown) for code in chosen]
    fig, row_of = stacked(units)
    for code, unit in zip(chosen, units, strict=True):
        key, label = rows[code]
        y = pd.to_numeric(df.loc[key, columns], errors="coerce").to_numpy(dtype=float)
        # A fraction is drawn as a percentage: "(fraction)" in its label would contradict the axis.
        name = FRACTION.sub("", label).replace("(, ", "(") if label else code
        template = f"{name} %{{x}}: %{{y:{_axis(unit)[2]}}}<extra></extra>"
        trace: Any = (
            go.Bar(x=periods, y=y, name=name, hovertemplate=template)
            if kind == "bar"
            else go.Scatter(x=periods, y=y, name=name, mode="lines+markers", hovertemplate=template)
        )
        fig.add_trace(trace, row=row_of[unit], col=1)
    for unit, row in row_of.items():
        axis_title, tickformat, _ = _axis(unit)
        fig.update_yaxes(title_text=axis_title, row=row, col=1, exponentformat="B")
        if tickformat:
            fig.update_yaxes(tickformat=tickformat, row=row, col=1)
    fig.update_xaxes(type="category")
    fig.update_xaxes(title_text="Period", row=len(row_of), col=1)
    fig.update_layout(barmode="group", height=max(420, 300 * len(row_of)))
    return finish(fig, title, simulated=bool(df.attrs.get("simulated")))


def _rows(df: pd.DataFrame) -> dict[str, tuple[Any, str | None]]:
    """Each row's code → (its index key, its English label or None). A frame fetched with
    ``labels=True`` has labels in the index; ``df.attrs["labels"]`` maps them back."""
    known: Mapping[str, str] = df.attrs.get("labels") or {}
    by_label = {label: code for code, label in known.items()}
    rows: dict[str, tuple[Any, str | None]] = {}
    for key in df.index:
        code = by_label.get(str(key), str(key))
        rows[code] = (key, known.get(code) or glossary.label(code))
    return rows


def _axis(unit: str | None) -> tuple[str, str | None, str]:
    return AXES.get(unit) or (f"Value ({unit})", None, ",.4~f")


def _unit(label: str | None, plain: str | None, unknown: str | None) -> str | None:
    """The unit of an item, from what its label says (see :mod:`vnfin.finhay.glossary`)."""
    if label is None:
        return unknown
    text = label.lower()
    if "fraction" in text:
        return "%"
    if "per share" in text or "eps" in text:
        return "VND per share"
    if "(vnd" in text:
        return "VND"
    return plain
