"""The order book widget against the sandbox: today's orders, refresh, amend and cancel from
the table, errors and the 2FA step inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vnfin.widgets import OrderBook, OrderForm

Shown = Callable[[str], str]


def rows(book: OrderBook) -> list[str]:
    return [value for _, value in book.pick.options]


def test_shows_todays_orders_and_refreshes(trader: Any, shown: Shown) -> None:
    book = OrderBook(trader)
    assert shown(book.table.value) == "No orders today."
    assert book.amend_button.disabled and book.cancel_button.disabled
    first = trader.orders.place("VNM", "BUY", 100, 64_000)
    second = trader.orders.place("SHS", "SELL", 200, 25_000)
    assert first.order_id not in book.table.value  # until refreshed
    book.refresh_button.click()
    table = shown(book.table.value)
    assert table.index(second.order_id) < table.index(first.order_id)  # newest first
    assert "VNM BUY LO 100 64,000" in table and "SHS SELL LO 200 25,000" in table
    assert f"data-order-id='{first.order_id}'" in book.table.value
    assert sorted(rows(book)) == sorted([first.order_id, second.order_id])
    assert len(book.frame) == 2


def test_amend_from_the_book(trader: Any, shown: Shown) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 64_000)
    book = OrderBook(trader)
    assert book.pick.value == order.order_id
    assert (book.quantity.value, book.price.value) == (100, 64_000)
    assert book.amend_button.disabled  # nothing changed yet
    book.price.value = 65_000
    assert not book.amend_button.disabled
    book.amend_button.click()
    assert shown(book.message.value).startswith(f"Amend of order {order.order_id} sent")
    assert trader.account.order_book().iloc[0].price == 65_000
    assert "65,000" in shown(book.table.value)
    book.quantity.value = 300
    book.amend_button.click()
    assert trader.account.order_book().iloc[0].quantity == 300
    assert book.amend_button.disabled  # the fields show the order as it stands
    book.amend_button.click()  # a second click of a double click
    assert shown(book.message.value).startswith(f"Amend of order {order.order_id} sent")
    book.quantity.value = 200
    assert not book.amend_button.disabled
    book.quantity.value = 300
    assert book.amend_button.disabled


def test_cancel_from_the_book(trader: Any, shown: Shown) -> None:
    keep = trader.orders.place("VNM", "BUY", 100, 64_000)
    drop = trader.orders.place("VNM", "BUY", 200, 64_100)
    book = OrderBook(trader)
    assert book.pick.value == drop.order_id  # the newest order still working
    book.pick.value = keep.order_id
    book.pick.value = drop.order_id
    book.cancel_button.click()
    assert shown(book.message.value) == f"Cancel of order {drop.order_id} sent: now cancelled."
    frame = trader.account.order_book().set_index("order_id")
    assert frame.loc[drop.order_id, "status"] == "cancelled"
    assert frame.loc[keep.order_id, "status"] == "open"
    assert book.pick.value == drop.order_id and book.pick.label.endswith("cancelled")
    assert book.cancel_button.disabled and book.amend_button.disabled  # nothing left to act on
    book.cancel_button.click()
    assert len(trader.account.order_book()) == 2
    book.pick.value = keep.order_id
    book.cancel_button.click()
    assert set(trader.account.order_book().status) == {"cancelled"}


def test_the_picker_keeps_its_order_as_the_book_grows(trader: Any) -> None:
    """The browser sends the picked entry's position: entries must never move under it."""
    first = trader.orders.place("VNM", "BUY", 100, 64_000)
    book = OrderBook(trader)
    second = trader.orders.place("VNM", "BUY", 100, 64_100)
    trader.orders.cancel(first.order_id)
    book.refresh_button.click()
    assert rows(book) == [first.order_id, second.order_id]
    assert book.pick.index == 0 and book.pick.value == first.order_id  # still the same pick
    third = trader.orders.place("VNM", "BUY", 100, 64_200)
    book.refresh_button.click()
    assert rows(book) == [first.order_id, second.order_id, third.order_id]
    assert book.pick.value == first.order_id


def test_only_orders_the_broker_lets_change_can_be_changed(trader: Any, sandbox: Any) -> None:
    filled = trader.orders.place("VNM", "BUY", 100, 73_400)  # at the ceiling: it trades
    sandbox.now = "2026-11-20 10:35"
    book = OrderBook(trader)
    row = trader.account.order_book().set_index("order_id").loc[filled.order_id]
    assert row.status == "filled" and not row.allow_cancel and not row.allow_amend
    assert rows(book) == [filled.order_id]
    assert book.pick.value is None  # no order is working: none is picked for the user
    book.pick.value = filled.order_id
    assert book.amend_button.disabled and book.cancel_button.disabled


def test_an_error_is_shown_inline(trader: Any, shown: Shown) -> None:
    trader.orders.place("VNM", "BUY", 100, 64_000)
    book = OrderBook(trader)
    book.price.value = 90_000
    book.amend_button.click()
    assert shown(book.message.value).startswith("price: price 90,000 is above today's ceiling")
    assert trader.account.order_book().iloc[0].price == 64_000


def test_the_otp_step_opens_for_a_client_without_a_session(
    trader: Any, sandbox: Any, shown: Shown
) -> None:
    order = trader.orders.place("VNM", "BUY", 100, 64_000)
    other = sandbox.finhay()  # the same account, no 2FA session yet
    book = OrderBook(other)
    book.cancel_button.click()
    assert book.otp.is_open
    assert trader.account.order_book().iloc[0].status == "open"
    book.otp.send_button.click()
    book.otp.code.value = sandbox.otp_code
    book.otp.verify_button.click()
    assert "2FA session open" in shown(book.message.value)
    book.cancel_button.click()
    assert trader.account.order_book().iloc[0].status == "cancelled"
    assert book.pick.value == order.order_id and book.cancel_button.disabled
    other.close()


def test_another_sub_account(trader: Any) -> None:
    trader.orders.place("VNM", "BUY", 100, 64_000)
    assert len(OrderBook(trader).frame) == 1
    book = OrderBook(trader, "120C001234.1")  # Finhay takes Open API orders on .4 only
    assert book.frame.empty
    assert book.frame.attrs["sub_account"] == "0001234567"


def test_a_form_can_refresh_the_book(trader: Any) -> None:
    form, book = OrderForm(trader, "VNM"), OrderBook(trader)
    form.on_placed(lambda _: book.refresh())
    form.price.value = 64_000
    form.preview_button.click()
    form.place_button.click()
    assert form.order is not None
    assert rows(book) == [form.order.order_id]


def test_a_double_click_on_cancel_sends_one_cancel(fake: Any, shown: Shown) -> None:
    order = fake.orders.place("VNM", "BUY", 100, 64_000)
    book = OrderBook(fake)
    book.cancel_button.click()
    book.cancel_button.click()
    assert fake.called("cancel") == [("cancel", order.order_id, None)]
    assert shown(book.message.value).endswith("now cancelled.")
