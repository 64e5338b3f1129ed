"""The quote board (``market.quotes``) as a price-board table or a market map."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..errors import ValidationError
from . import _reference
from ._style import (
    BOARD_BG,
    BOARD_HEAD,
    BOARD_TEXT,
    CEIL,
    DOWN,
    FLOOR,
    REF,
    UP,
    board_colour,
    choice,
    finish,
    no_data,
    unit_of,
)

Format = Callable[[float], str]


def _number(spec: str, suffix: str = "") -> Format:
    return lambda v: "–" if pd.isna(v) else format(v, spec) + suffix


PRICE = _number(",.0f")
PERCENT = _number("+.2f", "%")
#: (column, header, format, text colour); None: the board colour of the row's price.
COLUMNS: tuple[tuple[str, str, Format, str | None], ...] = (
    ("price", "Price", PRICE, None),
    ("change", "Change", _number("+,.0f"), None),
    ("change_percent", "Change %", PERCENT, None),
    ("reference", "Reference", PRICE, REF),
    ("ceiling", "Ceiling", PRICE, CEIL),
    ("floor", "Floor", PRICE, FLOOR),
    ("total_volume", "Volume", _number(",.0f"), BOARD_TEXT),
)


def board(quotes: pd.DataFrame, *, kind: str = "table", title: str | None = None) -> go.Figure:
    """A quote board, one row per symbol (``quotes`` indexed by ``symbol`` with ``price
    reference ceiling floor change change_percent total_volume``).

    ``kind="table"``: the board as brokers show it; the symbol, price and change cells take
    the board colour of the price (purple at the ceiling, cyan at the floor, yellow at the
    reference, green above it, red below it), and the reference, ceiling and floor columns
    their own colours. ``kind="heatmap"``: a market map, one tile per symbol grouped by
    industry (``data/tickers.csv``, else the quote's exchange), sized by traded value (else
    market cap) and coloured by ``change_percent``.
    """
    choice(kind, ("table", "heatmap"), "kind")
    title = title if title is not None else "Quote board"
    if quotes.empty:
        return no_data(title, quotes.attrs)
    need = ("price", "reference") if kind == "table" else ("change_percent",)
    missing = [c for c in need if c not in quotes.columns]
    if missing:
        raise ValidationError(
            f"board(kind={kind!r}) needs columns {', '.join(need)}; missing {', '.join(missing)}",
            argument="quotes",
        )
    fig = _table(quotes) if kind == "table" else _heatmap(quotes)
    return finish(fig, title, simulated=bool(quotes.attrs.get("simulated")))


def _column(quotes: pd.DataFrame, name: str) -> pd.Series:
    if name == "total_volume" and name not in quotes.columns:
        name = "volume"
    if name not in quotes.columns:
        return pd.Series(np.nan, index=quotes.index, dtype=float)
    return pd.to_numeric(quotes[name], errors="coerce").astype(float)


def _table(quotes: pd.DataFrame) -> go.Figure:
    price, reference = _column(quotes, "price"), _column(quotes, "reference")
    ceiling, floor = _column(quotes, "ceiling"), _column(quotes, "floor")
    colours = [
        board_colour(p, r, c, f)
        for p, r, c, f in zip(price, reference, ceiling, floor, strict=True)
    ]
    unit = unit_of(quotes)
    headers = ["Symbol"] + [
        f"{header} ({unit})" if unit and fmt is PRICE else header for _, header, fmt, _ in COLUMNS
    ]
    values = [[str(s) for s in quotes.index]]
    fonts = [colours]
    for name, _, fmt, colour in COLUMNS:
        values.append([fmt(v) for v in _column(quotes, name)])
        fonts.append([colour] * len(quotes) if colour else colours)
    table = go.Table(
        header={
            "values": headers,
            "fill": {"color": BOARD_HEAD},
            "font": {"color": BOARD_TEXT},
            "align": "right",
        },
        cells={
            "values": values,
            "fill": {"color": BOARD_BG},
            "font": {"color": fonts},
            "align": ["left"] + ["right"] * len(COLUMNS),
            "height": 26,
        },
    )
    fig = go.Figure(table)
    fig.update_layout(height=120 + 27 * len(quotes))
    return fig


def _heatmap(quotes: pd.DataFrame) -> go.Figure:
    change = _column(quotes, "change_percent")
    size = _column(quotes, "total_value")
    if not (size > 0).any():
        size = _column(quotes, "market_cap")
    if not (size > 0).any():
        size = pd.Series(1.0, index=quotes.index)
    size = size.where(size > 0, 0.0).fillna(0.0)
    exchange = _column_text(quotes, "exchange")
    tiles = pd.DataFrame(
        {
            "symbol": [str(s) for s in quotes.index],
            "sector": [
                _reference.sector(str(s), fallback=e or "Other")
                for s, e in zip(quotes.index, exchange, strict=True)
            ],
            "size": size.to_numpy(),
            "change": change.to_numpy(),
        }
    )
    # A sector tile: its members' total size, and their change weighted by size.
    weighted = tiles.assign(
        weighted=tiles["change"] * tiles["size"],
        known=tiles["size"].where(tiles["change"].notna(), 0.0),
    ).groupby("sector", sort=True)
    sectors = pd.DataFrame(
        {
            "size": weighted["size"].sum(),
            "change": weighted["weighted"].sum() / weighted["known"].sum(),
        }
    )
    ids = [f"sector/{s}" for s in sectors.index] + [
        f"sector/{r.sector}/{r.symbol}" for r in tiles.itertuples()
    ]
    labels = list(sectors.index) + list(tiles["symbol"])
    parents = [""] * len(sectors) + [f"sector/{s}" for s in tiles["sector"]]
    values = list(sectors["size"]) + list(tiles["size"])
    colours = list(sectors["change"]) + list(tiles["change"])
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            text=[PERCENT(c) for c in colours],
            texttemplate="%{label}<br>%{text}",
            hovertemplate="%{label}: %{text}<extra></extra>",
            marker={
                "colors": colours,
                "colorscale": [[0, DOWN], [0.5, REF], [1, UP]],
                "cmid": 0,
                "colorbar": {"title": {"text": "Change (%)"}},
            },
        )
    )
    return fig


def _column_text(quotes: pd.DataFrame, name: str) -> list[str | None]:
    if name not in quotes.columns:
        return [None] * len(quotes)
    return [v if isinstance(v, str) and v else None for v in quotes[name]]
