"""Order writes against a scripted LightSpeed server (httpx.MockTransport), counting the writes
that arrive: the loan package on the wire, the pre-trade checks that refuse before sending
(and the estimated band that only warns), amend refused with nothing sent, no write ever
retried, and lost answers reconciled against today's orders or OrderStateUnknown."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

import vnfin
from vnfin.dnse import DNSE
from vnfin.orders import OrderStatus, Preview, Side

from .conftest import ACCOUNT, CASH_PACKAGE, DERIVATIVE_ACCOUNT, MARGIN_PACKAGE, FakeDNSE

Make = Callable[..., DNSE]


def body_of(fake: FakeDNSE, suffix: str = "/order-service/v2/orders") -> dict[str, object]:
    [request] = fake.sent("POST", suffix)
    return dict(json.loads(request.content))


def test_place_sends_lightspeeds_body_and_returns_the_order(fake: FakeDNSE, trader: DNSE) -> None:
    order = trader.orders.place("vnm", "buy", 100, 68500)
    assert body_of(fake) == {
        "symbol": "VNM",
        "side": "NB",
        "orderType": "LO",
        "price": 68500,
        "quantity": 100,
        "loanPackageId": CASH_PACKAGE,  # the cash package, though the margin one is listed first
        "accountNo": ACCOUNT,  # the first non-derivative sub-account
    }
    assert (order.order_id, order.status, order.side, order.price) == (
        "101",
        OrderStatus.OPEN,
        Side.BUY,
        68500.0,
    )
    assert order.account == ACCOUNT and order.source == "dnse"
    chosen = order.raw["vnfin"]
    assert chosen["loan_package"] == CASH_PACKAGE and chosen["loan_package_type"] == "N"
    assert "cash package" in chosen["loan_package_chosen_by"]


def test_a_loan_package_given_is_sent_and_said_so(fake: FakeDNSE, trader: DNSE) -> None:
    order = trader.orders.place("VNM", "SELL", 100, 68500, loan_package=MARGIN_PACKAGE)
    assert body_of(fake)["loanPackageId"] == MARGIN_PACKAGE
    assert order.raw["vnfin"] == {
        "loan_package": MARGIN_PACKAGE,
        "loan_package_chosen_by": "caller",
    }
    ppse = fake.sent("GET", "/ppse")[-1]
    assert ppse.url.params["loanPackageId"] == str(MARGIN_PACKAGE)


def test_the_account_list_and_loan_packages_are_fetched_once(fake: FakeDNSE, trader: DNSE) -> None:
    trader.orders.place("VNM", "BUY", 100, 68500)
    trader.orders.place("VNM", "BUY", 100, 68400)
    trader.account.balance()
    assert len(fake.sent("GET", "/order-service/accounts")) == 1
    assert len(fake.sent("GET", "/loan-packages")) == 1


def test_amend_is_refused_and_sends_nothing(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    with pytest.raises(vnfin.ValidationError, match="no amend for cash equities") as info:
        dnse.orders.amend(101, quantity=200, price=68000)
    assert "cancel" in str(info.value) and fake.requests == []


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_a_lost_answer_after_the_order_was_taken_finds_it(
    fake: FakeDNSE, trader: DNSE, fault: str
) -> None:
    trader.orders.place("VNM", "BUY", 100, 68500)  # the same order already in the book
    fake.fail_next_write = (fault, True)
    with pytest.warns(UserWarning, match="it is in today's orders: order 102"):
        order = trader.orders.place("VNM", "BUY", 100, 68500)
    assert order.order_id == "102" and order.raw["vnfin"]["loan_package"] == CASH_PACKAGE
    assert len(fake.sent("POST", "/order-service/v2/orders")) == 2


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_a_lost_answer_with_nothing_taken_is_unknown_and_not_resent(
    fake: FakeDNSE, make: Make, fault: str
) -> None:
    dnse = make(max_retries=3)
    dnse.auth.trading_token("246810")
    fake.fail_next_write = (fault, False)
    with pytest.raises(vnfin.OrderStateUnknown, match="show no new order like it") as info:
        dnse.orders.place("VNM", "BUY", 100, 68500)
    sent = info.value.known["sent"]
    assert (sent.symbol, sent.quantity, sent.price) == ("VNM", 100, 68500.0)
    assert len(fake.sent("POST", "/order-service/v2/orders")) == 1 and fake.book == []


def test_two_new_orders_like_it_cannot_be_told_apart(fake: FakeDNSE, trader: DNSE) -> None:
    def someone_else() -> None:  # the same order placed from the app meanwhile
        fake.before_write = None
        fake.book.append({**_order(fake, 900), "symbol": "VNM", "price": 68500})

    fake.before_write = someone_else
    fake.fail_next_write = ("500", True)
    with pytest.raises(vnfin.OrderStateUnknown, match="2 new orders") as info:
        trader.orders.place("VNM", "BUY", 100, 68500)
    assert len(info.value.known["candidates"]) == 2


def _order(fake: FakeDNSE, oid: int) -> dict[str, object]:
    return {
        "id": oid,
        "side": "NB",
        "accountNo": ACCOUNT,
        "quantity": 100,
        "orderType": "LO",
        "orderStatus": "new",
        "path": "/order-service/v2/orders",
    }


def test_an_unreadable_book_after_a_lost_answer_is_unknown(fake: FakeDNSE, trader: DNSE) -> None:
    fake.fail_next_write = ("500", True)
    fake.before_write = lambda: setattr(fake, "fail_gets", 99)
    with pytest.raises(vnfin.OrderStateUnknown, match="could not be read"):
        trader.orders.place("VNM", "BUY", 100, 68500)
    assert len(fake.sent("POST", "/order-service/v2/orders")) == 1


def test_a_rate_limited_write_is_not_retried(fake: FakeDNSE, make: Make) -> None:
    dnse = make(max_retries=3)
    dnse.auth.trading_token("246810")
    fake.limit_next_write = True
    with pytest.raises(vnfin.RateLimitError):
        dnse.orders.place("VNM", "BUY", 100, 68500)
    assert len(fake.sent("POST", "/order-service/v2/orders")) == 1


def test_reads_are_retried(fake: FakeDNSE, make: Make) -> None:
    dnse = make(max_retries=3)
    fake.fail_gets = 2
    assert dnse.account.orders(ACCOUNT).empty
    assert len(fake.sent("GET", "/order-service/v2/orders")) == 3


def test_a_reject_code_in_the_returned_order_raises(fake: FakeDNSE, trader: DNSE) -> None:
    fake.reject_next = "QMAX_EXCEED"
    with pytest.raises(vnfin.OrderRejected) as info:
        trader.orders.place("VNM", "BUY", 100, 68500)
    assert info.value.error_code == "QMAX_EXCEED" and "qmax" in info.value.reason


def test_a_refusal_with_a_400_raises(fake: FakeDNSE, trader: DNSE) -> None:
    fake.refuse_next = "PRICE_MUST_LESS_THAN_OR_EQUAL_TO_CEILING_PRICE"
    with pytest.raises(vnfin.OrderRejected) as info:
        trader.orders.place("VNM", "BUY", 100, 68500)
    assert info.value.status_code == 400
    assert info.value.reason.startswith("the price is above today's ceiling")


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("VNM", "BUY", 150, 68500), "lot"),
        (("VNM", "BUY", 100, 68510), "tick"),
        (("VNM", "BUY", 100, None, "PLO"), "DNSE's LightSpeed takes"),
        (("VNM", "BUY", 100, None, "MTL"), "HOSE does not take MTL"),
        (("VNM", "BUY", 20_000, 68500), "at most 10,000 VNM now \\(DNSE's qmax\\)"),
        (("VNM", "SELL", 2_000, 68500), "at most 1,000 VNM now \\(DNSE's tradeQuantity\\)"),
        (("FAKEX", "BUY", 100, 12345), "not on any exchange's tick"),
    ],
)
def test_pre_trade_checks_refuse_before_sending(
    fake: FakeDNSE, trader: DNSE, args: tuple[object, ...], match: str
) -> None:
    with pytest.raises(vnfin.ValidationError, match=match):
        trader.orders.place(*args)
    assert fake.writes == fake.sent("POST", "/trading-token")  # nothing else was written


def test_pure_checks_fail_before_any_request(fake: FakeDNSE, make: Make) -> None:
    dnse = make()
    with pytest.raises(vnfin.ValidationError, match="lot"):
        dnse.orders.preview("VNM", "BUY", 150, 68500)
    assert fake.requests == []


def test_a_price_outside_the_estimated_band_warns_and_is_sent(fake: FakeDNSE, trader: DNSE) -> None:
    # the previous close is 68,600: HOSE's band is 63,800-73,400
    with pytest.warns(UserWarning, match="above today's estimated band.*73,400.*68,600") as seen:
        order = trader.orders.place("VNM", "BUY", 100, 74000)
    assert order.order_id == "101" and body_of(fake)["price"] == 74000
    assert [w.filename for w in seen] == [__file__]  # from the caller's line


def test_an_unlisted_symbol_warns_and_is_sent(fake: FakeDNSE, trader: DNSE) -> None:
    with pytest.warns(UserWarning, match="not in vnfin's ticker list"):
        trader.orders.place("FAKEX", "BUY", 100, 12340)
    assert body_of(fake)["symbol"] == "FAKEX"
    assert fake.sent("GET", "/ohlcs/stock") == []  # no band is estimated without an exchange


def test_preview_runs_every_check_and_sends_nothing(fake: FakeDNSE, make: Make) -> None:
    preview = make().orders.preview("VNM", "BUY", 100, None, "ATO")
    assert isinstance(preview, Preview) and fake.writes == []
    assert (preview.market.reference, preview.market.floor, preview.market.ceiling) == (
        68600.0,
        63800.0,
        73400.0,
    )
    assert json.loads(preview.body or b"")["price"] == 0
    [ppse] = fake.sent("GET", "/ppse")
    assert ppse.url.params["price"] == "73400"  # a market order is judged at the ceiling


def test_cancel_sends_a_delete_and_returns_the_order(fake: FakeDNSE, trader: DNSE) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 68500)
    cancelled = trader.orders.cancel(order)
    [delete] = fake.sent("DELETE", "/order-service/v2/orders/101")
    assert delete.url.params["accountNo"] == ACCOUNT and delete.content == b""
    assert cancelled.status is OrderStatus.CANCELLED and cancelled.raw_status == "canceled"
    with pytest.raises(vnfin.ValidationError, match="cannot be cancelled \\(status canceled\\)"):
        trader.orders.cancel("101")
    assert len(fake.sent("DELETE", "/orders/101")) == 1


def test_lost_answers_to_a_cancel_are_checked_on_the_order(fake: FakeDNSE, trader: DNSE) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 68500)
    fake.fail_next_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown, match="is still new"):
        trader.orders.cancel(order.order_id)
    fake.fail_next_write = ("timeout", True)
    with pytest.warns(UserWarning, match="shows canceled"):
        cancelled = trader.orders.cancel(order)
    assert cancelled.status is OrderStatus.CANCELLED
    assert len(fake.sent("DELETE", "/orders/101")) == 2  # each sent once


def test_derivative_orders_go_to_the_derivative_account(fake: FakeDNSE, trader: DNSE) -> None:
    order = trader.orders.place_derivative("VN30F2412", "SELL", 2, 1300.1)
    sent = body_of(fake, "/order-service/derivative/orders")
    assert sent == {
        "symbol": "VN30F2412",
        "side": "NS",
        "orderType": "LO",
        "price": 1300.1,
        "quantity": 2,
        "loanPackageId": 2279,
        "accountNo": DERIVATIVE_ACCOUNT,
    }
    assert order.account == DERIVATIVE_ACCOUNT and order.raw["vnfin"]["loan_package"] == 2279
    trader.orders.cancel_derivative(order)
    [delete] = fake.sent("DELETE", "/order-service/derivative/orders/101")
    assert delete.url.params["accountNo"] == DERIVATIVE_ACCOUNT
    with pytest.raises(vnfin.ValidationError, match=r"0\.1-point tick"):
        trader.orders.place_derivative("VN30F2412", "SELL", 2, 1300.15)


def test_conditional_orders_are_placed_listed_and_cancelled(fake: FakeDNSE, trader: DNSE) -> None:
    ids = [
        trader.orders.place_conditional("VNM", "SELL", 100, 65000, order_type="MP")
        for _ in range(3)
    ]
    sent = json.loads(fake.sent("POST", "/conditional-order-api/v1/orders")[0].content)
    assert sent["condition"] == "price <= 65000" and sent["targetOrder"]["price"] == 0
    assert sent["targetOrder"]["loanPackageId"] == CASH_PACKAGE and sent["category"] == "STOP"
    listed = trader.orders.conditional_orders()
    assert list(listed["order_id"]) == ids  # three rows, over two pages
    assert set(listed["status"]) == {"NEW"} and set(listed["side"]) == {"NS"}
    after = trader.orders.cancel_conditional(ids[0])
    assert after["status"].iloc[0] == "CANCELLED"
    assert trader.orders.conditional_order(ids[0])["stop_price"].iloc[0] == 65000.0


def test_a_lost_conditional_order_is_found_or_unknown(fake: FakeDNSE, trader: DNSE) -> None:
    fake.fail_next_write = ("timeout", True)
    with pytest.warns(UserWarning, match="but it is listed"):
        found = trader.orders.place_conditional("VNM", "BUY", 100, 70500, 71000)
    assert found == fake.conditional[0]["id"]
    fake.fail_next_write = ("500", False)
    with pytest.raises(vnfin.OrderStateUnknown, match="no new order"):
        trader.orders.place_conditional("VNM", "BUY", 200, 70500, 71000)
    fake.fail_next_write = ("500", True)
    with pytest.warns(UserWarning, match="shows CANCELLED"):
        trader.orders.cancel_conditional(found)
    assert len(fake.sent("POST", "/conditional-order-api/v1/orders")) == 2
    assert len(fake.sent("PATCH", "/cancel")) == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"stop_price": 70510}, "stop_price 70,510 is not on VNM's tick"),
        ({"expires": "2020-01-01"}, "expires"),
        ({"condition": "=="}, "condition"),
        ({"order_type": "ATO"}, "order_type"),
    ],
)
def test_conditional_orders_are_checked_before_sending(
    fake: FakeDNSE, trader: DNSE, kwargs: dict[str, object], match: str
) -> None:
    args: dict[str, object] = {"stop_price": 70500, "price": 71000, **kwargs}
    if args.get("order_type") == "ATO":
        args["price"] = None
    with pytest.raises(vnfin.ValidationError, match=match):
        trader.orders.place_conditional("VNM", "BUY", 100, **args)  # type: ignore[arg-type]
    assert len(fake.writes) == 1  # the trading-token request only
