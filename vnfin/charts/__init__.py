"""vnfin frames → plotly figures. Every chart function is pure: it returns a
``plotly.graph_objects.Figure`` and never shows or prints it (:func:`embed_in_exports` sets
how a notebook displays figures, so exported HTML keeps them).

>>> from vnfin import charts
>>> from vnfin.sandbox import Sandbox
>>> fh = Sandbox(seed=0).finhay()
>>> bars = fh.market.history(["VNM", "FPT", "HPG"], "2024-01-01", "2024-12-31")
>>> fig = charts.candles(bars, "VNM", ma=(20, 50))   # candles + volume, no gaps
>>> fig = charts.compare(bars)                       # all three rebased to 100
>>> fig = charts.board(fh.market.quotes(["VNM", "FPT", "HPG", "VCB"]))
>>> fig = charts.portfolio(fh.account.snapshot())    # allocation and P&L by position
>>> fig = charts.statement(fh.fundamentals.statement("VNM", "income-statement"))
>>> fig = charts.ratios(fh.fundamentals.ratios("VNM"))
>>> fig = charts.macro(fh.macro.indicator("CPI"))
>>> fig = charts.metals(fh.commodities.gold_chart())

Figures share one light template with fonts that render Vietnamese, the board colours
(:data:`UP` green, :data:`DOWN` red, :data:`REF` yellow, :data:`CEIL` purple, :data:`FLOOR`
cyan), axis titles carrying the frame's unit, a "SIMULATED DATA" mark when
``df.attrs["simulated"]`` is set, and a "No data" figure for an empty frame.
"""

from ._board import board
from ._export import embed_in_exports
from ._fundamentals import ratios, statement
from ._macro import macro, metals
from ._portfolio import portfolio
from ._prices import candles, compare
from ._style import CEIL, DOWN, FLOOR, REF, UP

__all__ = [
    "CEIL",
    "DOWN",
    "FLOOR",
    "REF",
    "UP",
    "board",
    "candles",
    "compare",
    "embed_in_exports",
    "macro",
    "metals",
    "portfolio",
    "ratios",
    "statement",
]
