"""Vietnamese exchange rules that do not depend on the broker: the exchanges, price bands,
tick sizes, lots. The one list of exchanges every part of vnfin uses is :data:`EXCHANGES`.

Bands: ±7 % HOSE, ±10 % HNX, ±15 % UPCOM around the reference price; the ceiling is rounded
down and the floor up onto the tick grid. Tick sizes: HOSE stocks 10 VND below 10,000, 50 VND
below 50,000, 100 VND from 50,000; HOSE ETFs and covered warrants 10 VND; HNX and UPCOM
100 VND. Round lot 100 shares; 1-99 shares is an odd lot, which takes limit orders only
(reference §2.12). Prices are whole VND.
"""

from __future__ import annotations

import math

EXCHANGES = ("HOSE", "HNX", "UPCOM")
BANDS = {"HOSE": 0.07, "HNX": 0.10, "UPCOM": 0.15}
LOT_SIZE = 100
ODD_LOT_MAX = LOT_SIZE - 1


def tick_size(price: float, exchange: str, stock_type: str = "STOCK") -> int:
    """The tick that applies at ``price`` on ``exchange``."""
    if exchange != "HOSE":
        return 100
    if stock_type in ("ETF", "CW"):
        return 10
    if price < 10_000:
        return 10
    if price < 50_000:
        return 50
    return 100


def round_to_tick(
    price: float, exchange: str, stock_type: str = "STOCK", mode: str = "nearest"
) -> int:
    """Round ``price`` onto the tick grid: ``nearest``, ``down`` or ``up``."""
    tick = tick_size(price, exchange, stock_type)
    units = price / tick
    if mode == "down":
        steps = math.floor(units)
    elif mode == "up":
        steps = math.ceil(units)
    else:
        steps = round(units)
    value = int(steps * tick)
    # Crossing a tier boundary can change the tick; the boundary itself is on both grids.
    if value % tick_size(value, exchange, stock_type):
        value = round_to_tick(value, exchange, stock_type, mode)
    return value


def on_tick(price: float, exchange: str, stock_type: str = "STOCK") -> bool:
    """True when ``price`` is a whole number of ticks."""
    return float(price).is_integer() and int(price) % tick_size(price, exchange, stock_type) == 0


def price_band(reference: float, exchange: str, stock_type: str = "STOCK") -> tuple[int, int]:
    """``(floor, ceiling)`` for a session with this reference price, on the tick grid.

    Where rounding would put the ceiling (floor) at or below (above) the reference, as it
    does for very low prices, the exchanges widen it to one tick above (below) the
    reference; the floor is at least one tick.
    """
    band = BANDS[exchange]
    ceiling = round_to_tick(reference * (1 + band), exchange, stock_type, "down")
    floor = round_to_tick(reference * (1 - band), exchange, stock_type, "up")
    if ceiling <= reference:
        ceiling = round_to_tick(reference, exchange, stock_type, "down")
        ceiling += tick_size(ceiling, exchange, stock_type)
    if floor >= reference:
        floor = round_to_tick(reference, exchange, stock_type, "up")
        floor -= tick_size(floor - 1, exchange, stock_type)
    return max(floor, tick_size(0, exchange, stock_type)), ceiling


def lot(quantity: int) -> str:
    """``"EVEN"`` for a whole number of round lots, ``"ODD"`` for 1-99 shares.

    Anything else (0, negative, 150 …) raises ``ValueError``: an order above one lot must be
    whole lots (send 150 as 100 and 50).
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValueError(f"quantity must be a whole number of shares >= 1, got {quantity!r}")
    if quantity % LOT_SIZE == 0:
        return "EVEN"
    if quantity <= ODD_LOT_MAX:
        return "ODD"
    raise ValueError(
        f"quantity {quantity} is neither whole lots of {LOT_SIZE} nor an odd lot of 1-"
        f"{ODD_LOT_MAX}: split it into {quantity - quantity % LOT_SIZE} and "
        f"{quantity % LOT_SIZE}"
    )
