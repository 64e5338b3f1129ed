"""The simulated market engine (vnfin.sandbox.world.engine): data, determinism, daily and
intraday bars, "now" truncation and indices. No HTTP involved.

Tick grids and price bands are checked with ``vnfin.rules``, the client's implementation of
the exchange rules, independent of the sandbox's own (:mod:`vnfin.sandbox.world.exchange`).
"""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest

from vnfin._data import data_dir
from vnfin.rules import EXCHANGES, on_tick, price_band
from vnfin.sandbox.world.calendar import matching_minutes
from vnfin.sandbox.world.clock import VN_OFFSET
from vnfin.sandbox.world.engine import MarketEngine, Minutes, aggregate, shared_engine

SEED = 0
VN = dt.timezone(dt.timedelta(hours=7))
# Several symbols across exchanges and tick tiers: HOSE stocks (50 and 100 VND ticks), a HOSE
# ETF (10 VND ticks), HNX stocks and UPCOM stocks (100 VND ticks).
SYMBOLS = ["VNM", "FPT", "ACB", "E1VFVN30", "CEO", "BVS", "ABB", "ACV"]
FRIDAY = dt.date(2026, 11, 20)  # a trading day (the engine's anchor day)
SATURDAY = dt.date(2026, 11, 21)
INDEX_CODES = {"VNINDEX", "VN30", "HNXINDEX", "HNX30", "UPCOMINDEX"}


@pytest.fixture(scope="module")
def engine() -> MarketEngine:
    return shared_engine(SEED)


def vn_epoch(day: dt.date, hour: int, minute: int = 0) -> float:
    """Epoch seconds of ``day`` at ``hour:minute`` Vietnam time."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN).timestamp()


def local_minute(start: np.ndarray) -> np.ndarray:
    """Minute of day, Vietnam time, of epoch-second starts."""
    return (np.asarray(start, dtype=np.int64) + VN_OFFSET) % 86_400 // 60


def sample_days(engine: MarketEngine) -> list[int]:
    """A handful of trading-day indices spread over the calendar, plus the anchor."""
    n = len(engine.calendar)
    return sorted({0, 1, n // 3, n // 2, engine.anchor - 1, engine.anchor, n - 1})


# -- data -------------------------------------------------------------------------------------


def test_instruments_cover_three_exchanges(engine: MarketEngine) -> None:
    assert len(engine.instruments) >= 100
    exchanges = {i.exchange for i in engine.instruments.values()}
    assert exchanges == set(EXCHANGES)  # the one list of exchanges, from vnfin.rules
    for sym in SYMBOLS:
        assert sym in engine.instruments
    assert engine.instruments["E1VFVN30"].stock_type == "ETF"
    assert engine.instruments["ABB"].exchange == "UPCOM"
    assert engine.instruments["CEO"].exchange == "HNX"


def test_reference_prices_on_tick_grid(engine: MarketEngine) -> None:
    off = [
        (s, i.reference_price)
        for s, i in engine.instruments.items()
        if not on_tick(i.reference_price, i.exchange, i.stock_type)
    ]
    assert off == []
    assert all(i.reference_price > 0 and i.shares > 0 for i in engine.instruments.values())


def test_indices_members_on_own_exchange(engine: MarketEngine) -> None:
    assert set(engine.indices) == INDEX_CODES
    expected_exchange = {
        "VNINDEX": "HOSE",
        "VN30": "HOSE",
        "HNXINDEX": "HNX",
        "HNX30": "HNX",
        "UPCOMINDEX": "UPCOM",
    }
    for code, spec in engine.indices.items():
        assert spec.exchange == expected_exchange[code]
        assert len(spec.members) > 0
        assert len(set(spec.members)) == len(spec.members)
        for sym in spec.members:
            assert engine.instruments[sym].exchange == spec.exchange, (code, sym)
    assert len(engine.indices["VN30"].members) == 30
    assert len(engine.indices["HNX30"].members) == 30
    assert set(engine.indices["VN30"].members) <= set(engine.indices["VNINDEX"].members)
    assert set(engine.indices["HNX30"].members) <= set(engine.indices["HNXINDEX"].members)


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_same_market() -> None:
    a, b = MarketEngine(7), MarketEngine(7)
    for sym in ("VNM", "ABB"):
        da, db = a.daily(sym), b.daily(sym)
        for field in ("reference", "open", "high", "low", "close", "volume"):
            np.testing.assert_array_equal(getattr(da, field), getattr(db, field))
    ma, mb = a.minutes("VNM", a.anchor), b.minutes("VNM", b.anchor)
    np.testing.assert_array_equal(ma.close, mb.close)
    np.testing.assert_array_equal(ma.volume, mb.volume)


def test_different_seed_different_closes() -> None:
    a, b = MarketEngine(7), MarketEngine(8)
    ca, cb = a.daily("VNM").close, b.daily("VNM").close
    assert ca.shape == cb.shape
    assert not np.array_equal(ca, cb)
    assert float(np.mean(ca != cb)) > 0.5


# -- daily bars -------------------------------------------------------------------------------


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_daily_bars_valid(engine: MarketEngine, symbol: str) -> None:
    inst = engine.instruments[symbol]
    ex, kind = inst.exchange, inst.stock_type
    d = engine.daily(symbol)
    n = len(engine.calendar)
    for field in ("reference", "open", "high", "low", "close", "volume"):
        assert len(getattr(d, field)) == n
    for field in ("open", "high", "low", "close"):
        values = getattr(d, field)
        off = [float(v) for v in values if not on_tick(float(v), ex, kind)]
        assert off == [], (field, off[:5])
        assert (values > 0).all()
    assert (d.low <= np.minimum(d.open, d.close)).all()
    assert (d.high >= np.maximum(d.open, d.close)).all()
    bands = np.array([price_band(float(r), ex, kind) for r in d.reference])
    floor, ceiling = bands[:, 0], bands[:, 1]
    for field in ("open", "high", "low", "close"):
        values = getattr(d, field)
        assert (values >= floor).all(), field
        assert (values <= ceiling).all(), field
    np.testing.assert_array_equal(d.reference[1:], d.close[:-1])
    assert d.volume.dtype == np.int64
    assert (d.volume > 0).all()
    assert (d.volume % 100 == 0).all()


# -- intraday ---------------------------------------------------------------------------------


def session_minutes(exchange: str) -> np.ndarray:
    end = 15 * 60 if exchange == "UPCOM" else 14 * 60 + 45
    return np.concatenate([np.arange(9 * 60, 11 * 60 + 30), np.arange(13 * 60, end)])


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_minutes_inside_session_hours(engine: MarketEngine, symbol: str) -> None:
    inst = engine.instruments[symbol]
    expected = session_minutes(inst.exchange)
    assert len(expected) == (270 if inst.exchange == "UPCOM" else 255)
    for day in sample_days(engine):
        m = engine.minutes(symbol, day)
        local = local_minute(m.start)
        np.testing.assert_array_equal(local, expected)
        # every start lies on the trading date itself (Vietnam time)
        dates = {dt.datetime.fromtimestamp(int(s) + VN_OFFSET, dt.UTC).date() for s in m.start}
        assert dates == {engine.calendar.date(day)}
        assert (np.diff(m.start) > 0).all()


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_minutes_aggregate_to_daily(engine: MarketEngine, symbol: str) -> None:
    inst = engine.instruments[symbol]
    d = engine.daily(symbol)
    for day in sample_days(engine):
        m = engine.minutes(symbol, day)
        assert m.open[0] == d.open[day]
        assert m.high.max() == d.high[day]
        assert m.low.min() == d.low[day]
        assert m.close[-1] == d.close[day]
        assert int(m.volume.sum()) == int(d.volume[day])
        assert (m.volume >= 0).all()
        assert (m.volume % 100 == 0).all()
        assert (m.high >= np.maximum(m.open, m.close)).all()
        assert (m.low <= np.minimum(m.open, m.close)).all()
        np.testing.assert_array_equal(m.open[1:], m.close[:-1])
        for arr in (m.open, m.high, m.low, m.close):
            assert all(on_tick(float(v), inst.exchange, inst.stock_type) for v in arr)


@pytest.mark.parametrize("symbol", ["VNM", "E1VFVN30", "CEO", "ABB"])
@pytest.mark.parametrize("length", [5, 15, 30, 60])
def test_aggregate_minutes(engine: MarketEngine, symbol: str, length: int) -> None:
    d = engine.daily(symbol)
    day = engine.anchor
    m = engine.minutes(symbol, day)
    bars = aggregate(m, length)
    assert set(bars) == {"time", "open", "high", "low", "close", "volume"}
    assert int(bars["volume"].sum()) == int(d.volume[day])
    assert bars["open"][0] == d.open[day]
    assert bars["close"][-1] == d.close[day]
    assert bars["high"].max() == d.high[day]
    assert bars["low"].min() == d.low[day]
    local = local_minute(bars["time"])
    assert ((local - 9 * 60) % length == 0).all()
    assert local[0] == 9 * 60
    assert (np.diff(bars["time"]) > 0).all()
    # a bar's start is never later than its first minute, and every minute has a bar
    assert set(local) == {9 * 60 + (x - 9 * 60) // length * length for x in local_minute(m.start)}


def test_aggregate_half_day_sessions(engine: MarketEngine) -> None:
    day = engine.anchor
    m = engine.minutes("VNM", day)
    bars = aggregate(m, 240)
    assert list(local_minute(bars["time"])) == [9 * 60, 13 * 60]
    morning = local_minute(m.start) < 12 * 60
    assert int(bars["volume"][0]) == int(m.volume[morning].sum())
    assert int(bars["volume"].sum()) == int(engine.daily("VNM").volume[day])
    assert bars["close"][0] == m.close[morning][-1]


def test_aggregate_empty_minutes() -> None:
    empty = Minutes(*(np.array([], dtype=np.int64) for _ in range(6)))
    bars = aggregate(empty, 5)
    assert all(len(v) == 0 for v in bars.values())


# -- "now" truncation -------------------------------------------------------------------------


def friday_window() -> tuple[int, int]:
    t0 = int(dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp())
    t1 = int(dt.datetime(2026, 11, 30, tzinfo=dt.UTC).timestamp())
    return t0, t1


@pytest.mark.parametrize("symbol", ["VNM", "E1VFVN30", "CEO", "ABB"])
def test_bars_truncated_at_now(engine: MarketEngine, symbol: str) -> None:
    day = engine.calendar.index_on_or_before(FRIDAY)
    d = engine.daily(symbol)
    m = engine.minutes(symbol, day)
    now = vn_epoch(FRIDAY, 10, 30)
    t0, t1 = friday_window()
    bars = engine.bars(symbol, None, t0, t1, now)
    assert int(bars["time"][-1]) == engine.day_epoch(day)
    started = m.start <= now
    assert 0 < started.sum() < len(m.start)
    assert bars["close"][-1] == m.close[started][-1]
    assert bars["open"][-1] == d.open[day]
    assert bars["high"][-1] == m.high[started].max()
    assert bars["low"][-1] == m.low[started].min()
    assert int(bars["volume"][-1]) == int(m.volume[started].sum())
    assert int(bars["volume"][-1]) < int(d.volume[day])
    # earlier days are untouched full bars
    assert bars["close"][-2] == d.close[day - 1]
    assert int(bars["volume"][-2]) == int(d.volume[day - 1])
    # the engine's own arrays are not modified by the truncation
    assert engine.daily(symbol).close[day] == m.close[-1]


def test_intraday_bars_truncated_at_now(engine: MarketEngine) -> None:
    now = vn_epoch(FRIDAY, 10, 30)
    t0 = int(vn_epoch(FRIDAY, 0))
    t1 = int(vn_epoch(FRIDAY, 23))
    bars = engine.bars("VNM", 5, t0, t1, now)
    assert len(bars["time"]) > 0
    assert int(bars["time"][-1]) <= now
    assert local_minute(bars["time"][-1:])[0] == 10 * 60 + 30
    assert local_minute(bars["time"][:1])[0] == 9 * 60


def test_no_bar_before_open(engine: MarketEngine) -> None:
    day = engine.calendar.index_on_or_before(FRIDAY)
    t0, t1 = friday_window()
    bars = engine.bars("VNM", None, t0, t1, vn_epoch(FRIDAY, 8))
    assert engine.day_epoch(day) not in set(bars["time"].tolist())
    assert int(bars["time"][-1]) == engine.day_epoch(day - 1)
    assert bars["close"][-1] == engine.daily("VNM").close[day - 1]


@pytest.mark.parametrize("symbol", ["VNM", "ABB"])
def test_saturday_last_bar_is_fridays_full_bar(engine: MarketEngine, symbol: str) -> None:
    day = engine.calendar.index_on_or_before(FRIDAY)
    d = engine.daily(symbol)
    t0, t1 = friday_window()
    bars = engine.bars(symbol, None, t0, t1, vn_epoch(SATURDAY, 10, 30))
    assert int(bars["time"][-1]) == engine.day_epoch(day)
    for field in ("open", "high", "low", "close", "volume"):
        assert bars[field][-1] == getattr(d, field)[day], field


def test_daily_bar_times_are_utc_midnight_of_trading_dates(engine: MarketEngine) -> None:
    t0, t1 = friday_window()
    bars = engine.bars("VNM", None, t0, t1, vn_epoch(SATURDAY, 12))
    assert len(bars["time"]) > 10
    for stamp in bars["time"].tolist():
        assert stamp % 86_400 == 0
        date = dt.datetime.fromtimestamp(stamp, dt.UTC).date()
        assert engine.calendar.is_trading_day(date)
        assert t0 <= stamp <= t1


# -- indices ----------------------------------------------------------------------------------


def test_index_close_at_anchor_matches_csv(engine: MarketEngine) -> None:
    with (data_dir() / "indices.csv").open(encoding="utf-8") as fh:
        levels = {r["code"]: float(r["level"]) for r in csv.DictReader(fh)}
    assert set(levels) == INDEX_CODES
    assert engine.calendar.date(engine.anchor) == FRIDAY
    for code, level in levels.items():
        assert engine.index_daily(code).close[engine.anchor] == pytest.approx(level, abs=0.01)


@pytest.mark.parametrize("code", sorted(INDEX_CODES))
def test_index_minutes_consistent_with_daily(engine: MarketEngine, code: str) -> None:
    daily = engine.index_daily(code)
    exchange = engine.indices[code].exchange
    for day in (engine.anchor, engine.anchor - 5, len(engine.calendar) // 2):
        m = engine.index_minutes(code, day)
        assert len(m.start) == len(matching_minutes(exchange))
        assert m.open[0] == pytest.approx(daily.open[day], abs=0.05)
        assert m.close[-1] == pytest.approx(daily.close[day], abs=0.05)
        assert int(m.volume.sum()) == int(daily.volume[day])
        assert (m.high >= np.maximum(m.open, m.close)).all()
        assert (m.low <= np.minimum(m.open, m.close)).all()
        # the sum of member highs/lows bounds the index path
        assert m.high.max() <= daily.high[day] + 0.05
        assert m.low.min() >= daily.low[day] - 0.05
    np.testing.assert_allclose(daily.reference[1:], daily.close[:-1], atol=0.05)


def test_engine_today_and_trading_now(engine: MarketEngine) -> None:
    day, minute = engine.today(vn_epoch(FRIDAY, 10, 30))
    assert engine.calendar.date(day) == FRIDAY
    assert minute == pytest.approx(10 * 60 + 30)
    sat_day, _ = engine.today(vn_epoch(SATURDAY, 10, 30))
    assert sat_day == day
    assert engine.trading_now(vn_epoch(FRIDAY, 23, 59))
    assert not engine.trading_now(vn_epoch(SATURDAY, 0, 1))
    # 23:30 UTC on Thursday is already Friday 06:30 in Vietnam
    thursday_utc = dt.datetime(2026, 11, 19, 23, 30, tzinfo=dt.UTC).timestamp()
    assert engine.today(thursday_utc)[0] == day
