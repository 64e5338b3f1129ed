"""Price charts from bar frames (``market.history``): :func:`candles` for one symbol and
:func:`compare` for several rebased to 100. The time axis has no gaps: weekends, exchange
holidays (any weekday without bars) and, for intraday bars, the lunch break and the night
are cut out with plotly ``rangebreaks``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import rules
from ..errors import ValidationError
from . import _reference
from ._style import (
    CEIL,
    DOWN,
    FLOOR,
    NEUTRAL,
    REF,
    UP,
    finish,
    local_times,
    no_data,
    pick,
    unit_of,
    with_unit,
)

RESOLUTIONS = {
    "1D": "daily",
    "5": "5-minute",
    "15": "15-minute",
    "30": "30-minute",
    "1H": "hourly",
    "4H": "4-hour",
}
#: Matching runs 09:00-11:30 and 13:00-15:00 on every exchange (HOSE's last bar is 14:45).
LUNCH = (11.5, 13)
NIGHT = (15, 9)
LEVELS = {"reference": ("Reference", REF), "ceiling": ("Ceiling", CEIL), "floor": ("Floor", FLOOR)}


def candles(
    df: pd.DataFrame,
    symbol: str | None = None,
    *,
    volume: bool = True,
    ma: int | Iterable[int] = (),
    bands: bool = False,
    levels: Mapping[str, Any] | pd.Series | None = None,
    title: str | None = None,
) -> go.Figure:
    """Candlesticks of one symbol, with a volume panel below.

    ``df`` is one symbol's bars (``open high low close volume`` on a ``time`` index), or a
    ``(symbol, time)`` frame with ``symbol=`` naming the one to draw. Candles are green when
    the close is above the open and red below it; volume bars too, yellow when unchanged.
    ``ma=(20, 50)`` (or ``ma=20``) adds moving averages of the close. ``levels`` (a quote
    row, or any mapping with ``reference``/``ceiling``/``floor``) draws those prices as lines.
    ``bands=True`` draws each day's reference, ceiling and floor as steps: from the frame's
    ``reference``/``ceiling``/``floor`` columns when it has them, else the previous close
    and the exchange's band (``data/tickers.csv`` gives the exchange; UPCOM really uses the
    previous session's average price, which bars do not carry).
    """
    windows = _windows(ma)
    if df.empty:
        return no_data(title if title is not None else symbol or "Price", df.attrs)
    bars, symbol = _one_symbol(df, symbol)
    name = symbol or "Price"
    title = title if title is not None else _candles_title(name, df)
    missing = [c for c in ("open", "high", "low", "close") if c not in bars.columns]
    if missing:
        raise ValidationError(
            f"candles needs columns open, high, low, close; missing {', '.join(missing)}",
            argument="df",
        )
    x = local_times(bars.index)
    intraday = _intraday(x)
    rows = 2 if volume and "volume" in bars.columns else 1
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.03,
        row_heights=[0.75, 0.25] if rows == 2 else [1.0],
    )
    fig.add_trace(
        go.Candlestick(
            x=x,
            open=bars["open"],
            high=bars["high"],
            low=bars["low"],
            close=bars["close"],
            name=name,
            increasing={"line": {"color": UP}, "fillcolor": UP},
            decreasing={"line": {"color": DOWN}, "fillcolor": DOWN},
        ),
        row=1,
        col=1,
    )
    for n in windows:
        average = bars["close"].rolling(n).mean()
        fig.add_trace(go.Scatter(x=x, y=average, name=f"MA{n}", line={"width": 1.4}), 1, 1)
    if bands:
        for column, values in _bands(bars, symbol).items():
            label, colour = LEVELS[column]
            line = {"color": colour, "width": 1, "dash": "dot", "shape": "hv"}
            fig.add_trace(go.Scatter(x=x, y=values, name=label, line=line), 1, 1)
    for key, (label, colour) in LEVELS.items():
        value = _level(levels, key)
        if value is not None:
            fig.add_hline(
                y=value,
                line={"color": colour, "width": 1, "dash": "dash"},
                annotation={"text": f"{label} {value:,.0f}", "font": {"color": colour}},
                row=1,
                col=1,
            )
    if rows == 2:
        colours = _directions(bars)
        fig.add_trace(
            go.Bar(x=x, y=bars["volume"], name="Volume", marker={"color": colours}),
            row=2,
            col=1,
        )
        fig.update_yaxes(title_text="Volume (shares)", row=2, col=1, exponentformat="B")
    fig.update_yaxes(title_text=with_unit("Price", unit_of(df)), row=1, col=1)
    fig.update_xaxes(rangebreaks=rangebreaks(x, intraday=intraday), rangeslider_visible=False)
    fig.update_xaxes(title_text="Time" if intraday else "Date", row=rows, col=1)
    fig.update_layout(hovermode="x unified", showlegend=bool(windows or bands))
    return finish(fig, title, simulated=bool(df.attrs.get("simulated")))


def compare(
    df: pd.DataFrame,
    symbols: Sequence[str] | None = None,
    *,
    column: str = "close",
    title: str | None = None,
) -> go.Figure:
    """Several symbols rebased to 100 at each one's first bar, from a ``(symbol, time)``
    frame. ``symbols`` picks and orders them (default: all); ``column`` is the price used."""
    if df.empty:
        return no_data(title if title is not None else "Rebased to 100", df.attrs)
    if not isinstance(df.index, pd.MultiIndex):
        raise ValidationError(
            "compare needs a (symbol, time) frame: pass a list of symbols to market.history",
            argument="df",
        )
    available = [str(s) for s in dict.fromkeys(df.index.get_level_values(0))]
    chosen = pick(symbols, available, "symbols")
    title = title if title is not None else f"Rebased to 100: {', '.join(chosen)}"
    pick([column], list(df.columns), "column")
    fig = go.Figure()
    times = []
    for symbol in chosen:
        prices = df.xs(symbol, level=0)[column].dropna()
        if prices.empty:
            continue
        x = local_times(prices.index)
        times.append(x)
        fig.add_trace(go.Scatter(x=x, y=prices / prices.iloc[0] * 100, name=symbol))
    if not times:
        return no_data(title, df.attrs)
    every = pd.DatetimeIndex(times[0].append(times[1:])).unique().sort_values()
    intraday = _intraday(every)
    fig.add_hline(y=100, line={"color": NEUTRAL, "width": 1, "dash": "dot"})
    fig.update_xaxes(
        title_text="Time" if intraday else "Date",
        rangebreaks=rangebreaks(every, intraday=intraday),
    )
    fig.update_yaxes(title_text="Rebased (start = 100)")
    fig.update_layout(hovermode="x unified")
    return finish(fig, title, simulated=bool(df.attrs.get("simulated")))


def rangebreaks(times: pd.DatetimeIndex, *, intraday: bool) -> list[dict[str, Any]]:
    """Plotly rangebreaks that close the gaps in ``times`` (Vietnam wall-clock time):
    weekends, and every weekday of the span without a bar; for intraday bars also
    11:30-13:00 and 15:00-09:00.

    The closed weekdays are read off the bars rather than off ``data/holidays.csv``: they
    take in every exchange holiday (and halts), and a wrong entry in the list (its 2026-27
    dates are projections) can never hide a day that traded.

    Series that are not trading-day bars get no breaks: weekly or monthly points (a
    median step over three days) would have most of their span cut, and points on a
    weekend (a month-end resample, a market that trades every day) would disappear."""
    if len(times) > 1:
        steps = pd.Series(times.normalize().unique()).diff().dropna()
        if (times.day_of_week >= 5).any() or (len(steps) and steps.median() > pd.Timedelta(days=3)):
            return []
    breaks: list[dict[str, Any]] = [{"bounds": ["sat", "mon"]}]
    if len(times):
        traded = set(times.date)
        weekdays = pd.bdate_range(times.min().date(), times.max().date()).date
        closed = [d.isoformat() for d in weekdays if d not in traded]
        if closed:
            breaks.append({"values": closed})
    if intraday:
        breaks += [
            {"bounds": list(LUNCH), "pattern": "hour"},
            {"bounds": list(NIGHT), "pattern": "hour"},
        ]
    return breaks


def _intraday(times: pd.DatetimeIndex) -> bool:
    return bool(len(times)) and bool((times != times.normalize()).any())


def _windows(ma: int | Iterable[int]) -> list[int]:
    windows = list(ma) if isinstance(ma, Iterable) else [ma]
    if not all(isinstance(n, int | np.integer) and not isinstance(n, bool) for n in windows) or (
        min(windows, default=1) < 1
    ):
        raise ValidationError(
            f"ma must be whole numbers of bars >= 1, e.g. ma=(20, 50); got {ma!r}", argument="ma"
        )
    return [int(n) for n in windows]


def _one_symbol(df: pd.DataFrame, symbol: str | None) -> tuple[pd.DataFrame, str | None]:
    """The bars of one symbol, and its name when known."""
    if not isinstance(df.index, pd.MultiIndex):
        known = df.attrs.get("symbols")
        if symbol is None and isinstance(known, list | tuple) and len(known) == 1:
            symbol = str(known[0])
        return df, symbol
    available = [str(s) for s in dict.fromkeys(df.index.get_level_values(0))]
    if symbol is None and len(available) == 1:
        symbol = available[0]
    if symbol is None or symbol not in available:
        what = "name one with symbol=" if symbol is None else f"{symbol!r} is not one of them"
        raise ValidationError(
            f"the frame holds {len(available)} symbols ({', '.join(available)}): {what}",
            argument="symbol",
        )
    return df[df.index.get_level_values(0) == symbol].droplevel(0), symbol


def _candles_title(name: str, df: pd.DataFrame) -> str:
    resolution = RESOLUTIONS.get(str(df.attrs.get("resolution")))
    return f"{name} · {resolution} bars" if resolution else name


def _directions(bars: pd.DataFrame) -> list[str]:
    """Each bar's colour: up (close above open), down, or unchanged."""
    change = (bars["close"] - bars["open"]).to_numpy(dtype=float)
    return [UP if c > 0 else DOWN if c < 0 else REF for c in change]


def _level(levels: Mapping[str, Any] | pd.Series | None, key: str) -> float | None:
    if levels is None or key not in levels:
        return None
    try:
        value = float(levels[key])
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def _bands(bars: pd.DataFrame, symbol: str | None) -> dict[str, pd.Series]:
    """Each bar's reference, ceiling and floor."""
    given = [c for c in LEVELS if c in bars.columns]
    if given:
        return {c: bars[c] for c in given}
    listing = _reference.listings().get(symbol or "")
    if listing is None:
        raise ValidationError(
            f"bands=True needs reference/ceiling/floor columns, or a listed symbol to take "
            f"the exchange's band from; {symbol!r} is not in data/tickers.csv",
            argument="bands",
        )
    days = [t.date() for t in local_times(bars.index)]
    # A day's reference is the close of the day before it in the bars.
    reference = bars["close"].groupby(days).last().shift(1)
    band = {
        day: rules.price_band(ref, listing.exchange, listing.stock_type)
        for day, ref in reference.dropna().items()
    }
    none = (np.nan, np.nan)
    return {
        "reference": pd.Series([reference.get(d, np.nan) for d in days], bars.index, float),
        "ceiling": pd.Series([band.get(d, none)[1] for d in days], bars.index, float),
        "floor": pd.Series([band.get(d, none)[0] for d in days], bars.index, float),
    }
