"""Vietnamese exchange rules that do not depend on the broker: price bands, tick sizes, lots.

Bands: ±7 % HOSE, ±10 % HNX, ±15 % UPCOM around the reference price. Tick sizes: HOSE stocks
10 VND below 10,000, 50 VND below 50,000, 100 VND above; HOSE ETFs and covered warrants 10 VND;
HNX and UPCOM 100 VND. Round lot 100 shares. Prices are whole VND.
"""

from __future__ import annotations

import math

EXCHANGES = ("HOSE", "HNX", "UPCOM")
BANDS = {"HOSE": 0.07, "HNX": 0.10, "UPCOM": 0.15}
LOT_SIZE = 100


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
    """``(floor, ceiling)`` for a session with this reference price, on the tick grid."""
    band = BANDS[exchange]
    ceiling = round_to_tick(reference * (1 + band), exchange, stock_type, "down")
    floor = round_to_tick(reference * (1 - band), exchange, stock_type, "up")
    return max(floor, tick_size(0, exchange, stock_type)), ceiling
