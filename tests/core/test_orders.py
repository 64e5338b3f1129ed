"""The broker-neutral trading model: order requests, pre-trade checks with a trader's words,
estimates, statuses, and the account snapshot. Pure: no I/O."""

from __future__ import annotations

import pandas as pd
import pytest

from vnfin.account import AccountSnapshot, Position
from vnfin.errors import ValidationError
from vnfin.orders import (
    Capacity,
    MarketState,
    Order,
    OrderRequest,
    OrderStatus,
    OrderType,
    Side,
    check,
    estimate,
    orders_frame,
)

VNM = MarketState(
    symbol="VNM",
    exchange="HOSE",
    reference=72_000,
    floor=67_000,
    ceiling=77_000,
    session="PROGRESS",
    order_types=("LO", "MP", "ATC"),
    last=72_500,
)


@pytest.mark.parametrize(
    ("given", "side"), [("buy", Side.BUY), ("B", Side.BUY), ("sell", Side.SELL), ("s", Side.SELL)]
)
def test_sides(given: str, side: Side) -> None:
    assert OrderRequest.checked("vnm", given, 100, 72_000).side is side


@pytest.mark.parametrize(
    ("kwargs", "argument", "words"),
    [
        ({"side": "hold"}, "side", "BUY, SELL"),
        ({"quantity": 150}, "quantity", "split it into 100 and 50"),
        ({"quantity": 0}, "quantity", "from 1 to"),
        ({"quantity": 10.0}, "quantity", "integer"),
        ({"quantity": 50, "order_type": "ATC", "price": None}, "order_type", "odd lot"),
        ({"price": None}, "price", "needs a price"),
        ({"price": 72.5}, "price", "whole, positive number of VND"),
        ({"price": -1}, "price", "whole, positive"),
        ({"order_type": "MP"}, "price", "leave price=None"),
        ({"order_type": "GTD"}, "order_type", "LO, MP, ATO"),
        ({"symbol": "ßß"}, "symbol", "ticker"),
    ],
)
def test_requests_refused_on_their_own(
    kwargs: dict[str, object], argument: str, words: str
) -> None:
    args = {"symbol": "VNM", "side": "BUY", "quantity": 100, "price": 72_000, "order_type": "LO"}
    with pytest.raises(ValidationError, match=words) as info:
        OrderRequest.checked(**{**args, **kwargs})
    assert info.value.argument == argument


def test_an_odd_lot_limit_order_is_fine() -> None:
    request = OrderRequest.checked("VNM", "BUY", 37, 72_000.0)
    assert (request.lot, request.price, request.value) == ("ODD", 72_000, 37 * 72_000)
    assert OrderRequest.checked("VNM", "SELL", 300, None, "market").order_type is OrderType.MP


@pytest.mark.parametrize(
    ("request_args", "capacity", "argument", "words"),
    [
        (
            ("VNM", "BUY", 100, None, "ATO"),
            None,
            "order_type",
            "ATO orders are not accepted on HOSE now: the session is PROGRESS, which allows "
            "LO, MP, ATC",
        ),
        (
            ("VNM", "BUY", 100, 72_030),
            None,
            "price",
            "100 VND tick at this price: use 72,000 or 72,100",
        ),
        (
            ("VNM", "BUY", 100, 78_000),
            None,
            "price",
            "above today's ceiling for VNM: the band is 67,000-77,000",
        ),
        (("VNM", "SELL", 100, 66_000), None, "price", "below today's floor"),
        (
            ("VNM", "BUY", 100, 72_000),
            Capacity(buying_power=7_200_000),
            "quantity",
            "needs about 7,210,800 VND with fees, more than the buying power of 7,200,000",
        ),
        (
            ("VNM", "BUY", 100, None, "MP"),
            Capacity(buying_power=7_500_000),
            "quantity",
            "at 77,000",
        ),
        (("VNM", "SELL", 500, 72_000), Capacity(sellable=300), "quantity", "only 300 are sellable"),
    ],
)
def test_pre_trade_checks_say_what_is_wrong(
    request_args: tuple[object, ...], capacity: Capacity | None, argument: str, words: str
) -> None:
    request = OrderRequest.checked(*request_args)
    with pytest.raises(ValidationError, match=words) as info:
        check(request, VNM, capacity)
    assert info.value.argument == argument


def test_a_good_order_passes_every_check() -> None:
    check(OrderRequest.checked("VNM", "BUY", 100, 72_100), VNM, Capacity(100_000_000, 0))
    check(OrderRequest.checked("VNM", "SELL", 300, 77_000), VNM, Capacity(0, 300))
    check(OrderRequest.checked("VNM", "BUY", 100, 67_000), VNM)


def test_estimates_include_fees_and_the_sale_tax() -> None:
    buy = estimate(OrderRequest.checked("VNM", "BUY", 100, 72_000), 72_000)
    assert (buy.value, buy.fees, buy.tax, buy.total) == (7_200_000, 10_800, 0, 7_210_800)
    sale = estimate(OrderRequest.checked("VNM", "SELL", 100, 72_000), 72_000)
    assert (sale.fees, sale.tax, sale.total) == (10_800, 7_200, 7_200_000 - 18_000)


def test_statuses_are_open_or_done_never_both() -> None:
    for status in OrderStatus:
        assert not (status.is_open and status.is_done)
    assert OrderStatus.PARTIALLY_FILLED.is_open and OrderStatus.CANCELLED.is_done
    assert not OrderStatus.UNKNOWN.is_open and not OrderStatus.UNKNOWN.is_done


def order(**changes: object) -> Order:
    base = {
        "order_id": "1",
        "status": OrderStatus.PARTIALLY_FILLED,
        "raw_status": "MATCHED",
        "symbol": "VNM",
        "side": Side.BUY,
        "quantity": 300,
        "price": 72_000.0,
        "order_type": "LO",
        "filled_quantity": 100,
        "average_price": 71_900.0,
    }
    return Order(**{**base, **changes})  # type: ignore[arg-type]


def test_orders_and_their_frame() -> None:
    o = order()
    assert o.is_open and o.remaining_quantity == 200
    assert order(status=OrderStatus.CANCELLED).remaining_quantity == 0
    frame = orders_frame([o, order(order_id="2", price=None, average_price=None)])
    assert list(frame.status) == ["partially_filled", "partially_filled"]
    assert frame.dtypes["quantity"] == "int64" and frame.dtypes["price"] == "float64"
    assert frame.remaining_quantity.tolist() == [200, 200]
    assert pd.isna(frame.price.iloc[1])


def test_the_snapshot_adds_up_and_shows_itself() -> None:
    positions = (
        Position("0001234567", "VNM", 1_000, 800, 70_000, 72_000),
        Position("0001234567", "HPG", 500, 500, 30_000, 27_000),
    )
    snap = AccountSnapshot(
        source="finhay",
        as_of=pd.Timestamp("2026-11-20 10:30", tz="Asia/Ho_Chi_Minh"),
        accounts=("0001234567",),
        cash=50_000_000,
        buying_power=45_000_000,
        nav=135_500_000,
        debt=0,
        positions=positions,
        orders=(order(),),
        simulated=True,
    )
    assert snap.market_value == 72_000_000 + 13_500_000
    assert snap.unrealized_pnl == 2_000_000 - 1_500_000
    assert positions[1].unrealized_pnl_percent == pytest.approx(-10.0)
    text = repr(snap)
    assert "SIMULATED" in text and "135,500,000 VND" in text and "1 open" in text
    assert "VNM" in text and "HPG" in text
    html = snap._repr_html_()
    assert "<table" in html and "+500,000 VND" in html
    assert list(snap.positions_frame().symbol) == ["VNM", "HPG"]
    assert len(snap.orders_frame()) == 1
