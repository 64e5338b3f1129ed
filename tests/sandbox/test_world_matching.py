"""The matching engine (vnfin.sandbox.world.matching) against the simulated path: each rule of
its docstring, with the expected fills worked out here from the engine's one-minute bars.

The market is pinned (2026-11-20, a Friday) and moved by setting ``world.now``: orders match
lazily, whenever the desk is called."""

from __future__ import annotations

import datetime as dt

import pytest

from vnfin.sandbox.world import World
from vnfin.sandbox.world.clock import VN_TZ, parse_moment
from vnfin.sandbox.world.matching import PARTICIPATION, Print, timeline
from vnfin.sandbox.world.orders import Order, Side, State
from vnfin.sandbox.world.quotes import session

DAY = "2026-11-20"


def at(hhmm: str, day: str = DAY) -> float:
    return parse_moment(f"{day} {hhmm}")


def make(now: str = "10:30", cash: int = 100_000_000_000) -> World:
    w = World(0, now=f"{DAY} {now}")
    w.desk.fund(".4", cash=cash)
    return w


def prints(w: World, symbol: str) -> tuple[Print, ...]:
    return timeline(w.engine, symbol, w.engine.today(at("10:00"))[0])


def bars(w: World, symbol: str, start: str, end: str = "15:00") -> list[Print]:
    return [p for p in prints(w, symbol) if p.kind == "bar" and at(start) <= p.at < at(end)]


def auction(w: World, symbol: str, kind: str) -> Print:
    [found] = [p for p in prints(w, symbol) if p.kind == kind]
    return found


def when(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, VN_TZ)


def lots(capacity: float) -> int:
    return int(capacity) // 100 * 100


def buy(w: World, symbol: str, quantity: int, price: int | None, kind: str = "LO") -> Order:
    return w.desk.place(".4", symbol, Side.BUY, kind, quantity, price)


def at_now(w: World, hhmm: str) -> None:
    w.now = f"{DAY} {hhmm}"
    w.desk.advance()


def test_the_day_as_prints() -> None:
    w = make()
    m = w.engine.minutes("VNM", w.engine.today(at("10:00"))[0])
    ato, atc = auction(w, "VNM", "ato"), auction(w, "VNM", "atc")
    assert (ato.at, ato.open, atc.at, atc.open) == (
        at("09:15"),
        m.open[0],
        at("14:45"),
        m.close[-1],
    )
    window = (m.start >= at("09:00")) & (m.start < at("09:15"))
    assert ato.volume == m.volume[window].sum() and ato.capacity == int(0.25 * ato.volume)
    continuous = bars(w, "VNM", "00:00")
    assert continuous[0].at == at("09:15") and continuous[-1].at == at("14:29")
    assert not [p for p in continuous if at("11:30") <= p.at < at("13:00")]
    assert [p.kind for p in prints(w, "SHS") if p.kind != "bar"] == ["atc"]  # HNX: no ATO
    assert bars(w, "SHS", "00:00")[0].at == at("09:00")
    assert all(p.kind == "bar" for p in prints(w, "ACV"))  # UPCOM: no auctions
    assert bars(w, "ACV", "00:00")[-1].at == at("14:59")


def test_a_marketable_limit_order_fills_at_the_current_price() -> None:
    w = make()
    now = bars(w, "VNM", "10:30", "10:31")[0]
    price = session(w.engine, "VNM", at("10:30")).price
    assert price == now.close
    order = buy(w, "VNM", 100, int(now.close) + 500)
    assert order.state is State.FILLED and [(f.price, f.quantity) for f in order.fills] == [
        (now.close, 100)
    ]


def test_a_resting_limit_fills_on_the_first_bar_that_reaches_it_at_the_limit_or_better() -> None:
    w = make()
    later = bars(w, "VNM", "10:31", "14:30")
    limit = int(min(p.low for p in later))
    assert limit < bars(w, "VNM", "10:30", "10:31")[0].close  # not marketable on arrival
    order = buy(w, "VNM", 100, limit)
    first = next(p for p in later if p.low <= limit and p.capacity >= 100)
    w.now = when(first.at - 1)  # the bar before: nothing yet
    w.desk.advance()
    assert order.state is State.WORKING and not order.fills
    w.now = when(first.at)
    w.desk.advance()
    assert order.state is State.FILLED
    assert order.fills[0].at == first.at and order.fills[0].price == min(limit, first.open)


def test_a_limit_the_path_never_reaches_rests_then_expires_at_15_00() -> None:
    w = make()
    floor = session(w.engine, "VNM", at("10:30")).floor
    assert min(p.low for p in prints(w, "VNM")) > floor
    order = buy(w, "VNM", 100, floor)
    at_now(w, "14:59")
    assert order.state is State.WORKING
    at_now(w, "15:00")
    assert order.state is State.EXPIRED and order.cancelled == 100 and order.updated == at("15:00")


def test_a_large_order_fills_a_quarter_of_each_minute_in_whole_lots() -> None:
    w = make()
    ceiling = session(w.engine, "VNM", at("10:30")).ceiling
    order = buy(w, "VNM", 20_000, ceiling)
    first = bars(w, "VNM", "10:30", "10:31")[0]
    assert [f.quantity for f in order.fills] == [lots(PARTICIPATION * first.volume)]
    at_now(w, "11:00")
    expected, left = [], 20_000 - order.fills[0].quantity
    for p in bars(w, "VNM", "10:31", "11:01"):
        take = min(left, lots(p.capacity))
        if take:
            expected.append((p.at, p.open, take))
            left -= take
    assert [(f.at, f.price, f.quantity) for f in order.fills[1:]] == expected
    assert order.state is (State.FILLED if left == 0 else State.PARTIAL)
    assert order.filled == 20_000 - left and all(f.quantity % 100 == 0 for f in order.fills)


def test_an_odd_lot_fills_whole_or_waits() -> None:
    w = make()
    current = bars(w, "VNM", "10:30", "10:31")[0]
    order = buy(w, "VNM", 99, int(current.close))
    assert current.capacity >= 99 and [f.quantity for f in order.fills] == [99]
    etf = "E1VFVN30"  # thinly traded: some minutes' quarter is under 99 shares
    day = bars(w, etf, "09:15")
    i = next(i for i, p in enumerate(day) if p.capacity < 99 and day[i + 1].capacity < 99)
    w.now = when(day[i].at)
    odd = buy(w, etf, 99, session(w.engine, etf, day[i].at).ceiling)
    assert odd.state is State.WORKING and not odd.fills  # 99 > a quarter of this minute
    w.now = when(day[i + 1].at)
    w.desk.advance()
    assert not odd.fills  # nor of the next
    filling = next(p for p in day[i + 2 :] if p.capacity >= 99)
    w.now = when(filling.at)
    w.desk.advance()
    assert [(f.at, f.quantity) for f in odd.fills] == [(filling.at, 99)]


def test_ato_orders_and_the_opening_auction() -> None:
    w = make("09:05")
    ato = auction(w, "VNM", "ato")
    st = session(w.engine, "VNM", at("09:05"))
    big = buy(w, "VNM", lots(ato.capacity) + 10_000, None, "ATO")
    small = buy(w, "VNM", 100, None, "ATO")
    limit_in = buy(w, "VNM", 100, st.ceiling)
    limit_out = buy(w, "VNM", 100, st.floor)
    market = buy(w, "VNM", 100, None, "MP")
    assert not any(o.fills for o in (big, small, limit_in, limit_out, market))  # no matching yet
    at_now(w, "09:14")
    assert all(o.state is State.WORKING for o in (big, small, limit_in, limit_out, market))
    at_now(w, "09:15")
    day_open = w.engine.daily("VNM").open[w.engine.today(at("10:00"))[0]]
    for o in (small, limit_in, market):
        assert o.state is State.FILLED and o.fills[0].price == ato.open == day_open
        assert o.fills[0].at == at("09:15")
    assert big.state is State.EXPIRED and big.filled == lots(ato.capacity)  # the rest expired
    assert limit_out.state is State.WORKING


def test_atc_orders_and_the_closing_auction() -> None:
    w = make("10:30")
    atc = auction(w, "VNM", "atc")
    early = buy(w, "VNM", 100, None, "ATC")
    assert early.state is State.WORKING  # waits for the closing auction
    at_now(w, "14:35")
    assert early.state is State.WORKING
    ceiling = session(w.engine, "VNM", at("14:35")).ceiling
    late = buy(w, "VNM", 100, None, "ATC")
    limit = buy(w, "VNM", 100, ceiling)  # placed in the auction window: waits for the print
    huge = buy(w, "VNM", lots(atc.capacity) + 1_000, None, "ATC")
    assert not limit.fills
    at_now(w, "14:45")
    day_close = w.engine.daily("VNM").close[w.engine.today(at("10:00"))[0]]
    for o in (early, late, limit):
        assert o.state is State.FILLED and o.fills[0].price == atc.open == day_close
    assert huge.state is State.EXPIRED and huge.filled == lots(atc.capacity)


def test_plo_fills_at_the_close_in_hnx_post_session() -> None:
    w = make("14:50")
    order = buy(w, "SHS", 100, None, "PLO")
    close = auction(w, "SHS", "atc").close
    assert order.state is State.FILLED and order.fills[0].price == close
    assert order.fills[0].at == at("14:50")


def test_mok_fills_in_full_or_is_cancelled() -> None:
    w = make()
    current = bars(w, "SHS", "10:30", "10:31")[0]
    whole = buy(w, "SHS", 100, None, "MOK")
    assert whole.state is State.FILLED and whole.fills[0].price == current.close
    too_big = buy(w, "SHS", lots(current.capacity) + 100, None, "MOK")
    assert too_big.state is State.CANCELLED and not too_big.fills and too_big.cancelled > 0
    alias = buy(w, "SHS", 100, None, "FOK")
    assert alias.state is State.FILLED


def test_mak_fills_what_it_can_and_cancels_the_rest() -> None:
    w = make()
    current = bars(w, "SHS", "10:30", "10:31")[0]
    quantity = lots(current.capacity) + 500
    order = buy(w, "SHS", quantity, None, "MAK")
    assert order.state is State.CANCELLED
    assert [(f.price, f.quantity) for f in order.fills] == [(current.close, lots(current.capacity))]
    assert order.cancelled == 500
    assert buy(w, "SHS", quantity, None, "FAK").cancelled == 500


@pytest.mark.parametrize(("symbol", "kind"), [("SHS", "MTL"), ("VNM", "MP"), ("VNM", "MTL")])
def test_market_to_limit_rests_at_the_price_it_met(symbol: str, kind: str) -> None:
    w = make()
    current = bars(w, symbol, "10:30", "10:31")[0]
    quantity = lots(current.capacity) + 5_000
    order = buy(w, symbol, quantity, None, kind)
    assert order.fills[0].quantity == lots(current.capacity)
    assert order.state is State.PARTIAL and order.price == current.close and order.limit is None
    at_now(w, "11:29")
    later = [p for p in bars(w, symbol, "10:31", "11:30") if p.low <= current.close]
    assert order.filled > lots(current.capacity) or not later
    assert all(f.price <= current.close for f in order.fills)  # a buy limit: that price or better


def test_a_market_order_sent_at_lunch_waits_for_the_afternoon() -> None:
    w = make("12:00")
    order = buy(w, "VNM", 100, None, "MP")
    assert order.state is State.WORKING and not order.fills
    at_now(w, "13:00")
    first = bars(w, "VNM", "13:00", "13:01")[0]
    assert order.state is State.FILLED and order.fills[0].price == first.open


def test_an_order_waits_for_the_clock_and_yesterday_is_finished_today() -> None:
    w = make()
    floor = session(w.engine, "VNM", at("10:30")).floor
    order = buy(w, "VNM", 100, floor)
    w.now = "2026-11-23 10:00"  # Monday: Friday's order was never reached; it expired
    w.desk.advance()
    assert order.state is State.EXPIRED and order.updated == at("15:00")


def test_the_same_seed_and_clock_give_the_same_fills() -> None:
    def script() -> list[tuple[str, State, list[tuple[float, int, int]]]]:
        w = make("09:05")
        buy(w, "VNM", 3_000, None, "ATO")
        w.now = f"{DAY} 10:30"
        buy(w, "HPG", 40_000, 36_000)
        buy(w, "SHS", 9_000, None, "MTL")
        at_now(w, "14:00")
        return [
            (o.id, o.state, [(f.at, f.quantity, f.price) for f in o.fills])
            for o in w.desk.orders.values()
        ]

    assert script() == script()
