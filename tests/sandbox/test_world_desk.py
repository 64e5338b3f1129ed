"""The order desk and the accounts (vnfin.sandbox.world.desk, .accounts, .rights): every
refusal reason, amend and cancel rules, T+2 settlement, fees and tax, cash and holdings after
fills, dividends, the default account and ``fund``."""

from __future__ import annotations

import datetime as dt

import pytest

from vnfin.sandbox.world import World
from vnfin.sandbox.world.clock import parse_moment
from vnfin.sandbox.world.desk import Refused
from vnfin.sandbox.world.matching import timeline
from vnfin.sandbox.world.orders import Order, Reason, Side, State
from vnfin.sandbox.world.quotes import session
from vnfin.sandbox.world.valuation import dividends_due, holdings, pnl_today

FRIDAY = "2026-11-20"


def make(now: str = f"{FRIDAY} 10:30") -> World:
    return World(0, now=now)


def order(
    w: World, symbol: str, side: Side, qty: int, price: int | None, kind: str = "LO"
) -> Order:
    return w.desk.place(".4", symbol, side, kind, qty, price)


def band(w: World, symbol: str) -> tuple[int, int]:
    return w.desk.band(symbol, w.clock())


def price_now(w: World, symbol: str) -> int:
    st = session(w.engine, symbol, w.clock())
    assert st.price is not None
    return int(st.price)


def test_the_default_account() -> None:
    w = make()
    account = w.accounts[123456]
    assert [(s.id, s.ext, s.kind, s.takes_orders) for s in account.subs.values()] == [
        ("0001234567", "120C001234.1", "Normal", False),
        ("0001234568", "120C001234.6", "Margin", False),
        ("0001234569", "120C001234.4", "Normal", True),
    ]
    four = account.subs["0001234569"]
    assert four.cash == 500_000_000 and four.positions["VNM"].settled == 1_000
    assert account.subs["0001234568"].margin_limit == 300_000_000
    assert {s: p.cost_price for s, p in four.positions.items()} == {
        s: p.cost_price for s, p in make().accounts[123456].subs["0001234569"].positions.items()
    }  # seeded, not random


@pytest.mark.parametrize(
    ("now", "ref", "symbol", "qty", "price", "kind", "reason"),
    [
        (f"{FRIDAY} 10:30", ".1", "VNM", 100, 69500, "LO", Reason.ACCOUNT_NOT_ALLOWED),
        (f"{FRIDAY} 10:30", ".6", "VNM", 100, 69500, "LO", Reason.ACCOUNT_NOT_ALLOWED),
        (f"{FRIDAY} 10:30", ".4", "NOPE", 100, 69500, "LO", Reason.UNKNOWN_SYMBOL),
        (f"{FRIDAY} 08:30", ".4", "VNM", 100, 69500, "LO", Reason.MARKET_CLOSED),
        (f"{FRIDAY} 15:00", ".4", "VNM", 100, 69500, "LO", Reason.MARKET_CLOSED),
        ("2026-11-21 10:30", ".4", "VNM", 100, 69500, "LO", Reason.MARKET_CLOSED),  # Saturday
        (f"{FRIDAY} 10:30", ".4", "VNM", 100, None, "ATO", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 10:30", ".4", "VNM", 100, None, "MAK", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 10:30", ".4", "SHS", 100, None, "MP", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 10:30", ".4", "SHS", 100, None, "PLO", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 10:30", ".4", "ACV", 100, None, "MTL", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 14:35", ".4", "VNM", 100, None, "MP", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 14:50", ".4", "VNM", 100, 69500, "LO", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 14:50", ".4", "SHS", 100, 23000, "LO", Reason.TYPE_NOT_IN_SESSION),
        (f"{FRIDAY} 10:30", ".4", "VNM", 50, None, "MP", Reason.ODD_LOT_NOT_LO),
        (f"{FRIDAY} 10:30", ".4", "VNM", 150, 69500, "LO", Reason.NOT_WHOLE_LOTS),
        (f"{FRIDAY} 10:30", ".4", "HPG", 500_100, 35000, "LO", Reason.TOO_LARGE),
        (f"{FRIDAY} 10:30", ".4", "VNM", 100, 69550, "LO", Reason.OFF_TICK),
        (f"{FRIDAY} 10:30", ".4", "SHS", 100, 23450, "LO", Reason.OFF_TICK),
        (f"{FRIDAY} 10:30", ".4", "VNM", 100, 80000, "LO", Reason.OUTSIDE_BAND),
        (f"{FRIDAY} 10:30", ".4", "VNM", 100, 60000, "LO", Reason.OUTSIDE_BAND),
        (f"{FRIDAY} 10:30", ".4", "VNM", 8_000, 69500, "LO", Reason.BUYING_POWER),
        (f"{FRIDAY} 10:30", ".4", "HPG", 15_000, None, "MP", Reason.BUYING_POWER),  # at ceiling
    ],
)
def test_refusals(
    now: str, ref: str, symbol: str, qty: int, price: int | None, kind: str, reason: Reason
) -> None:
    w = make(now)
    o = w.desk.place(ref, symbol, Side.BUY, kind, qty, price)
    assert (o.state, o.reason) == (State.REJECTED, reason), o.detail
    assert not o.fills and o.detail and o.id in w.desk.orders  # kept, rejected


def test_aliases_follow_their_names_in_the_session_table() -> None:
    w = make()
    assert order(w, "VNM", Side.BUY, 100, None, "MTL").state is not State.REJECTED  # HOSE MP
    assert order(w, "SHS", Side.BUY, 100, None, "FAK").state is not State.REJECTED  # HNX MAK
    assert order(w, "VNM", Side.BUY, 100, None, "FAK").reason is Reason.TYPE_NOT_IN_SESSION


def test_halted_symbols_are_refused() -> None:
    w = make()
    w.desk.halted.add("VNM")
    assert order(w, "VNM", Side.BUY, 100, 69500).reason is Reason.HALTED


def test_sales_need_settled_unheld_shares() -> None:
    w = make()
    assert order(w, "VNM", Side.SELL, 1_100, 69500).reason is Reason.NOT_ENOUGH_SHARES
    ceiling = band(w, "VNM")[1]
    held = order(w, "VNM", Side.SELL, 600, ceiling)  # rests, holding 600 shares
    assert held.state is State.WORKING
    assert order(w, "VNM", Side.SELL, 500, ceiling).reason is Reason.NOT_ENOUGH_SHARES
    assert order(w, "VNM", Side.SELL, 400, ceiling).state is State.WORKING
    sub = w.desk.sub(".4")
    assert sub is not None and w.desk.sellable(sub, "VNM") == 0


def test_buying_power_counts_what_working_buys_hold() -> None:
    w = make()
    sub = w.desk.sub(".4")
    assert sub is not None
    floor = band(w, "VNM")[0]
    o = order(w, "VNM", Side.BUY, 1_000, floor)
    assert w.desk.buying_power(sub, w.clock()) == 500_000_000 - round(1_000 * floor * 1.0015)
    market = order(w, "HPG", Side.BUY, 100, None, "ATC")  # waits; holds at the ceiling
    hpg_ceiling = band(w, "HPG")[1]
    assert w.desk.held_for(market, w.clock()) == round(100 * hpg_ceiling * 1.0015)
    w.desk.cancel(o.id)
    w.desk.cancel(market.id)
    assert w.desk.buying_power(sub, w.clock()) == 500_000_000


def test_fees_tax_cash_and_holdings_after_fills() -> None:
    w = make()
    sub = w.desk.sub(".4")
    assert sub is not None
    p = price_now(w, "VNM")
    bought = order(w, "VNM", Side.BUY, 100, p)
    value = 100 * p
    assert (bought.value, bought.fee, bought.tax) == (value, round(value * 0.0015), 0)
    assert sub.cash == 500_000_000 - value - bought.fee
    vnm = sub.positions["VNM"]
    assert (vnm.settled, vnm.total) == (1_000, 1_100)
    sold = order(w, "FPT", Side.SELL, 300, price_now(w, "FPT"))
    v = sold.value
    assert (sold.fee, sold.tax) == (round(v * 0.0015), round(v * 0.001))
    assert sub.positions["FPT"].settled == 0 and sum(sub.positions["FPT"].sending.values()) == 300
    assert sum(sub.cash_receiving.values()) == v - sold.fee - sold.tax


def test_fees_of_partial_fills_add_up_to_the_orders_fee() -> None:
    w = make()
    w.desk.fund(".4", cash=10_000_000_000)
    sub = w.desk.sub(".4")
    assert sub is not None
    big = order(w, "VNM", Side.BUY, 30_000, band(w, "VNM")[1])
    w.now = f"{FRIDAY} 14:00"
    w.desk.advance()
    assert len(big.fills) > 3
    assert sub.cash == 10_000_000_000 - big.value - big.fee
    assert sub.positions["VNM"].cost == pytest.approx(
        1_000 * make().accounts[123456].subs["0001234569"].positions["VNM"].cost_price
        + big.value
        + big.fee
    )


def test_t_plus_2_settlement_of_shares_and_cash() -> None:
    w = make()
    sub = w.desk.sub(".4")
    assert sub is not None
    p = price_now(w, "VNM")
    order(w, "VNM", Side.BUY, 100, p)
    sale = order(w, "HPG", Side.SELL, 1_000, price_now(w, "HPG"))
    proceeds = sale.value - sale.fee - sale.tax
    cash = sub.cash

    def view(symbol: str) -> tuple[int, int, dict[int, int], dict[int, int]]:
        [h] = [h for h in holdings(w.desk, sub, w.clock()) if h.symbol == symbol]
        return h.total, h.sellable, h.receiving, h.sending

    assert view("VNM") == (1_100, 1_000, {2: 100}, {})
    assert view("HPG") == (4_000, 4_000, {}, {2: 1_000})
    assert order(w, "VNM", Side.SELL, 1_100, p).reason is Reason.NOT_ENOUGH_SHARES
    w.now = "2026-11-23 10:00"  # Monday, T+1
    w.desk.advance()
    assert view("VNM") == (1_100, 1_000, {1: 100}, {})
    assert sub.cash == cash and sub.cash_receiving
    w.now = "2026-11-24 09:00"  # Tuesday, T+2: settled
    w.desk.advance()
    assert view("VNM") == (1_100, 1_100, {}, {}) and view("HPG")[3] == {}
    assert sub.cash == cash + proceeds and not sub.cash_receiving


def test_amend_a_working_limit_order() -> None:
    w = make()
    floor, _ = band(w, "VNM")
    o = order(w, "VNM", Side.BUY, 1_000, floor)
    w.desk.amend(o.id, 2_000, floor + 100)
    assert (o.quantity, o.limit, o.price, o.amended, o.state) == (
        2_000,
        floor + 100,
        floor + 100,
        1,
        State.WORKING,
    )
    w.desk.amend(o.id, None, price_now(w, "VNM"))  # now marketable: meets the market again
    assert o.fills and o.fills[0].price == price_now(w, "VNM")


def test_only_the_unmatched_part_can_be_amended_or_cancelled() -> None:
    w = make()
    w.desk.fund(".4", cash=10_000_000_000)
    o = order(w, "VNM", Side.BUY, 20_000, price_now(w, "VNM"))
    assert o.state is State.PARTIAL
    with pytest.raises(Refused) as info:
        w.desk.amend(o.id, o.filled, None)
    assert info.value.reason is Reason.MATCHED_PART
    filled = o.filled  # a quarter of this minute, which the order has taken: no more now
    w.desk.amend(o.id, filled + 100, None)
    assert (o.quantity, o.filled, o.state) == (filled + 100, filled, State.PARTIAL)
    w.desk.cancel(o.id)
    assert (o.state, o.filled, o.cancelled) == (State.CANCELLED, filled, 100)
    for action in (lambda: w.desk.cancel(o.id), lambda: w.desk.amend(o.id, None, 69000)):
        with pytest.raises(Refused) as done:
            action()
        assert done.value.reason is Reason.MATCHED_PART
    full = order(w, "VNM", Side.BUY, 100, price_now(w, "VNM"))
    assert full.state is State.FILLED
    with pytest.raises(Refused) as matched:
        w.desk.cancel(full.id)
    assert matched.value.reason is Reason.MATCHED_PART


def test_amend_rules() -> None:
    w = make()
    floor, ceiling = band(w, "VNM")
    o = order(w, "VNM", Side.BUY, 100, floor)
    odd = order(w, "VNM", Side.BUY, 50, floor)
    atc = order(w, "VNM", Side.BUY, 100, None, "ATC")
    cases = [
        (o.id, 150, None, Reason.NOT_WHOLE_LOTS),
        (odd.id, 100, None, Reason.NOT_WHOLE_LOTS),  # no change of lot class
        (o.id, None, floor + 10, Reason.OFF_TICK),
        (o.id, None, ceiling + 100, Reason.OUTSIDE_BAND),
        (o.id, 7_000, ceiling, Reason.BUYING_POWER),
        (atc.id, None, floor, Reason.NOT_AMENDABLE),
    ]
    for order_id, qty, price, reason in cases:
        with pytest.raises(Refused) as info:
            w.desk.amend(order_id, qty, price)
        assert info.value.reason is reason
    w.now = f"{FRIDAY} 14:35"  # the closing auction: no amendments, no cancellations
    with pytest.raises(Refused) as auction:
        w.desk.amend(o.id, None, floor + 100)
    assert auction.value.reason is Reason.TYPE_NOT_IN_SESSION
    with pytest.raises(Refused) as no_cancel:
        w.desk.cancel(o.id)
    assert no_cancel.value.reason is Reason.TYPE_NOT_IN_SESSION
    w.now = f"{FRIDAY} 14:50"  # after it: cancel (HOSE put-through) yes, amend no
    assert w.desk.can_amend(o, w.clock()) is Reason.TYPE_NOT_IN_SESSION
    assert w.desk.cancel(o.id).state is State.CANCELLED


def test_no_cancellation_in_hoses_opening_auction() -> None:
    w = make(f"{FRIDAY} 09:05")
    o = order(w, "VNM", Side.BUY, 100, None, "ATO")
    with pytest.raises(Refused) as info:
        w.desk.cancel(o.id)
    assert info.value.reason is Reason.TYPE_NOT_IN_SESSION
    hnx = order(w, "SHS", Side.BUY, 100, band(w, "SHS")[0])
    assert w.desk.cancel(hnx.id).state is State.CANCELLED  # HNX is matching continuously


def test_an_amended_sale_needs_the_shares() -> None:
    w = make()
    ceiling = band(w, "VNM")[1]
    o = order(w, "VNM", Side.SELL, 600, ceiling)
    w.desk.amend(o.id, 1_000, None)
    with pytest.raises(Refused) as info:
        w.desk.amend(o.id, 1_100, None)
    assert info.value.reason is Reason.NOT_ENOUGH_SHARES


def test_pnl_today_and_unrealised_follow_the_market() -> None:
    w = make()
    sub = w.desk.sub(".4")
    assert sub is not None
    now = w.clock()
    expected = sum(
        h.total * (price_now(w, h.symbol) - session(w.engine, h.symbol, now).reference)
        for h in holdings(w.desk, sub, now)
    )
    assert pnl_today(w.desk, sub, now)[0] == round(expected)
    p = price_now(w, "VNM")
    o = order(w, "VNM", Side.BUY, 100, p)
    assert pnl_today(w.desk, sub, now)[0] == round(expected) - o.fee  # bought at the price
    [vnm] = [h for h in holdings(w.desk, sub, now) if h.symbol == "VNM"]
    assert vnm.pnl == round(vnm.total * p - vnm.cost)
    w.now = f"{FRIDAY} 14:00"
    w.desk.advance()
    [later] = [h for h in holdings(w.desk, sub, w.clock()) if h.symbol == "VNM"]
    assert later.price == price_now(w, "VNM") and later.pnl == round(
        later.total * later.price - later.cost
    )


def test_cash_dividends_are_due_after_the_ex_date_and_paid_on_the_action_date() -> None:
    # VNM's 2026 dividend: ex-date 2026-06-17, paid 2026-07-21, 2,700 VND a share.
    w = make("2026-05-04 10:00")
    sub = w.desk.fund(".4", holdings={s: 0 for s in ("HPG", "FPT", "SHS", "PVS", "ACV")})
    w.desk.advance()  # the desk opens on 2026-05-04
    cash = sub.cash
    w.now = "2026-06-16 10:00"  # the day before the ex-date: 100 more shares count
    order(w, "VNM", Side.BUY, 100, price_now(w, "VNM"))
    cash = sub.cash
    w.now = "2026-06-17 10:00"  # ex-date: these do not
    order(w, "VNM", Side.BUY, 100, price_now(w, "VNM"))
    cash = sub.cash
    assert dividends_due(w.desk, sub, w.clock()) == 1_100 * 2_700
    w.now = "2026-07-20 10:00"
    w.desk.advance()
    assert sub.cash == cash and dividends_due(w.desk, sub, w.clock()) == 1_100 * 2_700
    w.now = "2026-07-21 10:00"
    w.desk.advance()
    w.desk.advance()
    assert sub.cash == cash + 1_100 * 2_700 and dividends_due(w.desk, sub, w.clock()) == 0


def test_dividends_paid_before_the_desk_opened_are_in_the_starting_cash() -> None:
    w = make("2026-08-01 10:00")  # after VNM's action date
    sub = w.desk.sub(".4")
    assert sub is not None
    w.desk.advance()
    assert sub.cash == 500_000_000 and not sub.credited


def test_stock_dividends_arrive_as_shares() -> None:
    # VNM's 2027 stock dividend, 100:20: ex-date 2028-01-12, issued 2028-01-27.
    w = make("2027-12-01 10:00")
    sub = w.desk.sub(".4")
    assert sub is not None
    w.desk.advance()
    w.now = "2028-01-13 10:00"
    w.desk.advance()
    [vnm] = [h for h in holdings(w.desk, sub, w.clock()) if h.symbol == "VNM"]
    assert vnm.rights == 200 and vnm.total == 1_000
    w.now = "2028-01-28 10:00"
    w.desk.advance()
    assert sub.positions["VNM"].settled == 1_200


def test_fund_sets_cash_and_holdings() -> None:
    w = make()
    sub = w.desk.fund("120C001234.4", cash=1_000, holdings={"MWG": 300, "VNM": 0})
    assert sub.cash == 1_000 and "VNM" not in sub.positions
    ref = session(w.engine, "MWG", w.clock()).reference
    assert sub.positions["MWG"].settled == 300 and sub.positions["MWG"].cost_price == ref
    assert w.desk.fund("0001234567", holdings={"FPT": 10}).positions["FPT"].settled == 10
    with pytest.raises(KeyError):
        w.desk.fund(".9", cash=1)
    with pytest.raises(KeyError):
        w.desk.fund(".4", holdings={"NOPE": 1})
    with pytest.raises(ValueError, match="cash"):
        w.desk.fund(".4", cash=-1)


def test_a_clock_moved_back_undoes_nothing() -> None:
    w = make()
    o = order(w, "VNM", Side.BUY, 100, price_now(w, "VNM"))
    w.now = f"{FRIDAY} 09:30"
    w.desk.advance()
    assert o.state is State.FILLED and timeline(w.engine, "VNM", o.day)
    assert parse_moment(f"{FRIDAY} 10:30") == o.placed
    assert dt.date(2026, 11, 20) == w.engine.calendar.date(o.day)
