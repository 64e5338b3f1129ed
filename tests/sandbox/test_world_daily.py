"""The vectorised daily walk (vnfin.sandbox.world.daily) gives bit for bit the numbers of the
plain scalar walk, one symbol and one day at a time, written here with the sandbox's scalar
exchange rules: real instruments over several seeds, and made-up ones at the edges (bands
narrower than a tick, walks across the HOSE tier bounds); the log table stays exact."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from vnfin.sandbox.world.daily import _Band, _Logs, _Ticks, daily_bars
from vnfin.sandbox.world.engine import MarketEngine, shared_engine
from vnfin.sandbox.world.exchange import price_band, round_to_tick, tick_size
from vnfin.sandbox.world.instruments import Instrument
from vnfin.sandbox.world.seeded import rng

FIELDS = ("reference", "open", "high", "low", "close", "volume")


def scalar_walk(seed: int, inst: Instrument, n: int) -> np.ndarray:
    """The specification: the engine's walk for one symbol, day by day (6, n)."""
    r = rng(seed, "daily", inst.symbol)
    etf = inst.stock_type == "ETF"
    sigma = 0.009 if etf else float(r.uniform(0.012, 0.026))
    turnover = float(r.uniform(0.0006, 0.004))
    eps, gap = r.standard_normal(n).tolist(), r.standard_normal(n).tolist()
    wick = np.abs(r.standard_normal((n, 2))).tolist()
    activity = r.lognormal(0.0, 0.45, n).tolist()
    start = inst.reference_price * math.exp(float(r.normal(0.0, 0.2)))
    anchor_log = math.log(inst.reference_price)
    ex, kind = inst.exchange, inst.stock_type
    lots = inst.shares * turnover / 100
    out = np.empty((6, n))
    prev = float(round_to_tick(start, ex, kind))
    for t in range(n):
        floor, ceiling = price_band(prev, ex, kind)
        drift = -0.004 * (math.log(prev) - anchor_log)
        move = prev * math.exp(drift + sigma * eps[t])
        close = min(max(round_to_tick(move, ex, kind), floor), ceiling)
        jump = prev * math.exp(0.35 * sigma * gap[t])
        open_ = min(max(round_to_tick(jump, ex, kind), floor), ceiling)
        top, bottom = max(open_, close), min(open_, close)
        high = min(round_to_tick(top * (1 + 0.5 * sigma * wick[t][0]), ex, kind, "up"), ceiling)
        low = max(round_to_tick(bottom * (1 - 0.5 * sigma * wick[t][1]), ex, kind, "down"), floor)
        out[:, t] = (prev, open_, high, low, close, max(1, round(lots * activity[t])) * 100)
        prev = close
    return out


def assert_same(seed: int, instruments: dict[str, Instrument], n: int) -> None:
    table = daily_bars(seed, instruments, n)
    assert list(table) == list(instruments)
    for symbol, inst in instruments.items():
        expected = scalar_walk(seed, inst, n)
        for i, (field, got) in enumerate(zip(FIELDS, table[symbol], strict=True)):
            want = expected[i].astype(np.int64) if field == "volume" else expected[i]
            assert got.dtype == want.dtype and got.shape == (n,), (symbol, field)
            differ = np.flatnonzero(got != want)
            assert differ.size == 0, (seed, symbol, field, differ[:3], got[differ[:3]])


@pytest.mark.parametrize("seed", [0, 5])
def test_real_instruments_match_the_scalar_walk(seed: int) -> None:
    engine = shared_engine(0)
    # every exchange and grid: HOSE stocks on every tier, a HOSE ETF, HNX and UPCOM stocks
    picked = ["VNM", "FPT", "HPG", "VCB", "E1VFVN30", "SHS", "PVS", "CEO", "ACV", "ABB", "OCB"]
    picked += list(engine.instruments)[::12]
    instruments = {s: engine.instruments[s] for s in dict.fromkeys(picked)}
    assert {i.exchange for i in instruments.values()} == {"HOSE", "HNX", "UPCOM"}
    assert_same(seed, instruments, len(engine.calendar))


def made_up(symbol: str, exchange: str, price: int, kind: str = "STOCK") -> Instrument:
    template = shared_engine(0).instruments["VNM"]
    return replace(
        template,
        symbol=symbol,
        exchange=exchange,
        stock_type=kind,
        reference_price=price,
        shares=10**8,
    )


EDGES = {
    # bands narrower than a tick: the "one step up/down" rule and the one-tick floor
    "TINY1": made_up("TINY1", "HOSE", 120),
    "TINY2": made_up("TINY2", "HNX", 300),
    "TINY3": made_up("TINY3", "UPCOM", 700),
    "TINY4": made_up("TINY4", "HOSE", 150, "ETF"),
    # walks that cross the HOSE tier bounds at 10,000 and 50,000 back and forth
    "EDGE1": made_up("EDGE1", "HOSE", 10_000),
    "EDGE2": made_up("EDGE2", "HOSE", 50_000),
}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_made_up_instruments_at_the_edges_match_the_scalar_walk(seed: int) -> None:
    assert_same(seed, EDGES, 1500)
    bars = daily_bars(seed, EDGES, 1500)
    assert bars["TINY1"][4].min() < 2_000  # the narrow-band branch really ran
    assert (bars["EDGE1"][4] < 10_000).any() and (bars["EDGE1"][4] >= 10_000).any()


KINDS = [made_up("A", "HOSE", 1), made_up("B", "HOSE", 1, "ETF"), made_up("C", "HNX", 1)]
KINDS += [made_up("D", "UPCOM", 1), made_up("E", "HOSE", 1, "CW")]
# prices at and next to every tier bound, tiny ones, and ordinary ones
PRICES = [10.0, 90.0, 100.0, 110.0, 140.0, 1_990.0, 9_990.0, 9_999.5, 10_000.0, 10_000.5]
PRICES += [10_010.0, 49_950.0, 50_000.0, 50_100.0, 123_400.0, 9_340.0, 53_510.0]


def test_vector_ticks_and_bands_match_the_scalar_rules() -> None:
    ticks = _Ticks(KINDS)
    band = _Band(KINDS, ticks)
    for price in PRICES:
        column = np.full(len(KINDS), price)
        square = np.full((len(KINDS), 5_000), price)  # big enough for the comparison path
        scalar = [tick_size(price, i.exchange, i.stock_type) for i in KINDS]
        assert ticks(column).tolist() == scalar, price
        assert (ticks(square) == np.array(scalar)[:, None]).all(), price
        bands = [price_band(price, i.exchange, i.stock_type) for i in KINDS]
        floor, ceiling = band(column)
        assert list(zip(floor.tolist(), ceiling.tolist(), strict=True)) == bands, price
        floor, ceiling = band(square)
        assert (floor == floor[:, :1]).all() and (ceiling == ceiling[:, :1]).all()
        assert list(zip(floor[:, 0].tolist(), ceiling[:, 0].tolist(), strict=True)) == bands


def test_the_log_table_grows_and_stays_exact() -> None:
    logs = _Logs(10.0, 1_000.0)
    prices = np.array([10.0, 990.0, 1_000.0, 123_450.0, 9_999_990.0])
    assert logs(prices).tolist() == [math.log(p) for p in prices.tolist()]
    assert logs(prices[:2]).tolist() == [math.log(10.0), math.log(990.0)]


def test_the_engine_computes_the_table_once() -> None:
    engine = MarketEngine(3)
    first = engine.daily("VNM")
    assert engine.daily("VNM") is first
    assert engine.daily("FPT").close.base is first.close.base  # one table for all symbols
    with pytest.raises(KeyError):
        engine.daily("NOPE")
