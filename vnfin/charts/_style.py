"""Colours, fonts and the frame every vnfin chart shares: the light template, titles, axis
titles with units, the "SIMULATED DATA" mark and the "No data" figure.

Board colours are the ones Vietnamese price boards use (HOSE, HNX and UPCOM as the brokers
show them); the quote board table draws them on a dark background, as the boards do:

=============  ===========  ==================================
:data:`UP`     ``#00C853``  above the reference price
:data:`DOWN`   ``#FF3737``  below the reference price
:data:`REF`    ``#F5C518``  at the reference price (unchanged)
:data:`CEIL`   ``#B04CFF``  at the ceiling (limit up)
:data:`FLOOR`  ``#1EC8E6``  at the floor (limit down)
=============  ===========  ==================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ..errors import ValidationError
from ..frames import NO_UNIT, PER_ROW, UNDOCUMENTED, VN_TZ

UP = "#00C853"
DOWN = "#FF3737"
REF = "#F5C518"
CEIL = "#B04CFF"
FLOOR = "#1EC8E6"
#: Text and lines that carry no price direction.
NEUTRAL = "#5D6D7E"
#: The quote board table's colours.
BOARD_BG = "#161A20"
BOARD_HEAD = "#0D1014"
BOARD_TEXT = "#E6E6E6"

#: Every family listed has Vietnamese glyphs (ă â đ ê ô ơ ư and the tone marks).
FONT = "Inter, Roboto, 'Segoe UI', Arial, sans-serif"
#: Series colours, none of them a board colour, so a line never reads as up or down.
COLORWAY = ("#1F4E79", "#E67E22", "#5D6D7E", "#8E5B3A", "#3A86FF", "#D81B60", "#7D8C2B")

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font={"family": FONT, "size": 13, "color": "#1C2833"},
    title={"x": 0.01, "xanchor": "left", "font": {"size": 17}},
    colorway=COLORWAY,
    legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "right", "x": 1},
    margin={"l": 70, "r": 30, "t": 80, "b": 50},
    hoverlabel={"font": {"family": FONT}},
)


def board_colour(price: float, reference: float, ceiling: float, floor: float) -> str:
    """The board colour of ``price``: ceiling, floor, reference, up or down (neutral when
    the price or the reference is missing)."""
    if _missing(price):
        return NEUTRAL
    if not _missing(ceiling) and price == ceiling:
        return CEIL
    if not _missing(floor) and price == floor:
        return FLOOR
    if _missing(reference):
        return NEUTRAL
    if price == reference:
        return REF
    return UP if price > reference else DOWN


def direction_colour(value: float) -> str:
    """UP for a positive change, DOWN for a negative one, REF for none."""
    if _missing(value) or value == 0:
        return REF
    return UP if value > 0 else DOWN


def _missing(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def unit_of(frame: pd.DataFrame) -> str | None:
    """The unit of the frame's main values from ``df.attrs["unit"]``: the first part of a
    per-column unit (``"points; volume in shares"`` gives points); None when the frame
    states no single unit (undocumented, per row, none)."""
    unit = frame.attrs.get("unit")
    if not isinstance(unit, str) or unit in (UNDOCUMENTED, PER_ROW, NO_UNIT):
        return None
    return unit.split(";")[0].strip() or None


def with_unit(name: str, unit: str | None) -> str:
    """``Price (VND)``; the name alone when the unit is not known."""
    return f"{name} ({unit})" if unit else name


def local_times(index: pd.Index) -> pd.DatetimeIndex:
    """Times as Vietnam wall-clock time without a zone: plotly ignores offsets, and the
    session hours (rangebreaks) are wall-clock hours."""
    times = pd.DatetimeIndex(index)
    if times.tz is not None:
        times = times.tz_convert(VN_TZ).tz_localize(None)
    return times


def choice(value: str, allowed: Sequence[str], argument: str) -> str:
    """``value`` if it is one of ``allowed``, else a :class:`ValidationError` naming both."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValidationError(
            f"{argument} must be one of {options}, got {value!r}", argument=argument
        )
    return value


def pick(wanted: Sequence[str] | None, available: Sequence[str], argument: str) -> list[str]:
    """The ``wanted`` names (all of ``available`` when None), each checked to be there."""
    if wanted is None:
        return list(available)
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    missing = [n for n in names if n not in available]
    if missing:
        shown = ", ".join(str(a) for a in available[:30])
        more = f" … ({len(available)} in all)" if len(available) > 30 else ""
        absent = ", ".join(map(str, missing))
        raise ValidationError(
            f"{argument}: {absent} not in the frame; available: {shown}{more}", argument=argument
        )
    return names


def stacked(units: Sequence[str | None]) -> tuple[go.Figure, dict[str | None, int]]:
    """A figure with one row per distinct unit (shared x axis), and the row of each unit,
    so series in different units never share a y axis."""
    distinct = list(dict.fromkeys(units))
    fig = make_subplots(
        rows=max(len(distinct), 1), cols=1, shared_xaxes=True, vertical_spacing=0.08
    )
    return fig, {unit: row for row, unit in enumerate(distinct, start=1)}


def finish(fig: go.Figure, title: str, *, simulated: bool = False) -> go.Figure:
    """Apply the template and the title, and mark simulated data."""
    fig.update_layout(template=TEMPLATE, title={"text": title})
    if simulated:
        fig.add_annotation(
            name="simulated",
            text="SIMULATED DATA",
            xref="paper",
            yref="paper",
            x=1,
            y=1.12,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 11, "color": "#9A6700"},
        )
    return fig


def no_data(title: str, attrs: Mapping[Any, Any] | None = None) -> go.Figure:
    """A figure that says "No data", for an empty frame."""
    fig = go.Figure()
    fig.add_annotation(
        name="no-data",
        text="No data",
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 18, "color": NEUTRAL},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, title, simulated=bool((attrs or {}).get("simulated")))
