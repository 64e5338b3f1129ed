"""A symbol's session so far and its quote screen (vnfin.sandbox.world.quotes)."""

from __future__ import annotations

import datetime as dt

from vnfin.rules import on_tick
from vnfin.sandbox.world.engine import shared_engine
from vnfin.sandbox.world.quotes import quote, session

VN = dt.timezone(dt.timedelta(hours=7))


def at(hour: int, minute: int, second: int = 0) -> float:
    return dt.datetime(2026, 11, 20, hour, minute, second, tzinfo=VN).timestamp()


def test_before_the_open_nothing_has_traded() -> None:
    engine = shared_engine(0)
    st = session(engine, "VNM", at(8, 30))
    assert st.price is None and st.open is None and st.volume == 0 and st.value == 0
    assert st.floor < st.reference < st.ceiling
    q = quote(engine, "VNM", at(8, 30))
    assert q.last_volume == 0 and q.foreign_bought == q.foreign_sold == 0
    assert q.bids[0][0] == st.reference  # the book sits around the reference price


def test_the_session_follows_the_minute_path() -> None:
    engine = shared_engine(0)
    now = at(10, 30)
    st = session(engine, "FPT", now)
    day, _ = engine.today(now)
    m = engine.minutes_until("FPT", day, now)
    assert st.price == m.close[-1] and st.open == m.open[0]
    assert st.high == m.high.max() and st.low == m.low.min()
    assert st.volume == m.volume.sum() and st.updated == now
    assert st.average is not None and on_tick(st.average, "HOSE")


def test_the_book_is_on_the_grid_inside_the_band() -> None:
    engine = shared_engine(0)
    for symbol in ("VNM", "E1VFVN30", "CEO", "ABB"):
        inst = engine.instruments[symbol]
        q = quote(engine, symbol, at(10, 30))
        levels = [p for p, v in (*q.bids, *q.asks) if p is not None]
        assert levels and all(on_tick(p, inst.exchange, inst.stock_type) for p in levels)
        assert all(q.session.floor <= p <= q.session.ceiling for p in levels)
        assert all((p is None) == (v is None) for p, v in (*q.bids, *q.asks))
        assert [p for p, _ in q.bids if p] == sorted((p for p, _ in q.bids if p), reverse=True)


def test_the_screen_holds_still_within_a_minute() -> None:
    engine = shared_engine(0)
    a, b = quote(engine, "VNM", at(10, 30, 5)), quote(engine, "VNM", at(10, 30, 50))
    assert (a.bids, a.asks, a.bid_depth) == (b.bids, b.asks, b.bid_depth)
    c = quote(engine, "VNM", at(10, 31, 5))
    assert (a.bids, a.asks, a.bid_depth) != (c.bids, c.asks, c.bid_depth)
    assert (a.pe, a.pb, a.roe) == (c.pe, c.pb, c.roe)  # valuation is fixed per symbol
