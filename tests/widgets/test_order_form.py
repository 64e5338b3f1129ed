"""The order form driven headlessly against the sandbox: values set and buttons clicked from
Python, as a user would in a notebook, and the sandbox's order book as the witness."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from vnfin.widgets import OrderBook, OrderForm

Shown = Callable[[str], str]


def book(client: Any) -> Any:
    return client.account.order_book()


def test_quote_panel_fills_from_the_live_quote(fh: Any, shown: Shown) -> None:
    form = OrderForm(fh, "vnm")
    quote = fh.market.quote("VNM").loc["VNM"]
    panel = shown(form.quote.value)
    assert form.symbol.value == "VNM"
    for name in ("price", "reference", "ceiling", "floor", "buy_price_1", "sell_price_1"):
        assert f"{quote[name]:,.0f}" in panel, name
    assert "HOSE" in panel and "PROGRESS" in panel
    assert form.price.value == quote["price"]  # a new symbol starts at its last price
    assert form.message.value == ""


def test_refresh_and_symbol_change_fetch_again(fh: Any, sandbox: Any, shown: Shown) -> None:
    form = OrderForm(fh, "VNM")
    before = shown(form.quote.value)
    sandbox.now = "2026-11-20 14:00"
    assert shown(form.quote.value) == before  # nothing fetched behind the user's back
    form.refresh_button.click()
    assert shown(form.quote.value) != before
    assert "VNM" in shown(form.quote.value)
    form.symbol.value = "shs"
    assert shown(form.quote.value).startswith("SHS")
    assert "HNX" in shown(form.quote.value)


def test_unknown_symbol_is_a_message_not_a_traceback(fh: Any, shown: Shown) -> None:
    form = OrderForm(fh, "VNM")
    form.symbol.value = "ZZZZ"
    assert "Invalid symbol" in shown(form.message.value)
    assert form.quote.value == ""
    assert form.preview_button.disabled
    form.symbol.value = "1"
    assert "symbol" in shown(form.message.value)
    form.symbol.value = "VNM"
    assert form.message.value == ""
    assert not form.preview_button.disabled


@pytest.mark.parametrize(
    ("now", "types"),
    [
        ("2026-11-20 09:05", ("LO", "MP", "ATO", "ATC")),
        ("2026-11-20 10:30", ("LO", "MP", "ATC")),
        ("2026-11-20 14:35", ("LO", "ATC")),
    ],
)
def test_order_types_are_what_the_session_allows(
    fh: Any, sandbox: Any, now: str, types: tuple[str, ...]
) -> None:
    sandbox.now = now
    form = OrderForm(fh, "VNM")
    served = fh.market.session("HOSE").loc["HOSE", "available_order_types"]
    assert form.order_type.options == tuple(served) == types
    assert form.order_type.value == "LO"


def test_order_types_follow_the_session_on_refresh(fh: Any, sandbox: Any, shown: Shown) -> None:
    form = OrderForm(fh, "VNM")
    form.order_type.value = "MP"
    assert form.price.disabled
    sandbox.now = "2026-11-20 14:35"  # ATC period: MP is no longer accepted
    form.refresh_button.click()
    assert form.order_type.options == ("LO", "ATC")
    assert form.order_type.value == "LO"
    assert not form.price.disabled
    sandbox.now = "2026-11-20 16:00"
    form.refresh_button.click()
    assert form.order_type.options == ()
    assert form.preview_button.disabled
    assert "CLOSED" in shown(form.type_note.value)
    form.symbol.value = "SHS"  # HNX has its own list
    assert form.order_type.options == ()
    sandbox.now = "2026-11-20 10:30"
    form.refresh_button.click()
    assert form.order_type.options == ("LO", "MTL", "MOK", "MAK", "ATC")


@pytest.mark.parametrize(
    ("symbol", "typed", "snapped", "tick"),
    [
        ("VNM", 69_512, 69_500, 100),  # HOSE, 50,000 and above
        ("VNM", 69_551, 69_600, 100),
        ("NVL", 14_420, 14_400, 50),  # HOSE, 10,000 to 50,000
        ("PC1", 8_674, 8_670, 10),  # HOSE, below 10,000
        ("E1VFVN30", 28_777, 28_780, 10),  # HOSE ETF: 10 at any price
        ("SHS", 23_449, 23_400, 100),  # HNX
        ("SHS", -5, 100, 100),  # never below one tick
    ],
)
def test_price_snaps_to_the_tick_of_exchange_and_tier(
    fh: Any, shown: Shown, symbol: str, typed: int, snapped: int, tick: int
) -> None:
    form = OrderForm(fh, symbol)
    form.price.value = typed
    assert form.price.value == snapped
    assert form.price.step == tick
    assert f"made {snapped:,}" in shown(form.price_note.value)
    form.quantity.value = 200  # the hint is for the change that made it
    assert shown(form.price_note.value).startswith(f"tick {tick} VND")


def test_quantity_keeps_to_the_lot(fh: Any, shown: Shown) -> None:
    form = OrderForm(fh, "VNM")
    form.quantity.value = 250
    assert form.quantity.value == 200
    assert "250 is not whole lots: made 200" in shown(form.lot_note.value)
    form.order_type.value = "MP"
    form.quantity.value = 40  # an odd lot takes LO only
    assert form.quantity.value == 40
    assert form.order_type.options == ("LO",)
    assert form.order_type.value == "LO"
    assert "odd lot" in shown(form.lot_note.value)
    form.quantity.value = 300
    assert form.order_type.options == ("LO", "MP", "ATC")
    assert shown(form.lot_note.value) == "3 lots of 100"
    form.quantity.value = 0
    assert form.quantity.value == 1


def test_preview_then_place(trader: Any, shown: Shown) -> None:
    form = OrderForm(trader, "VNM")
    placed: list[Any] = []
    form.on_placed(placed.append)
    form.price.value, form.quantity.value = 64_000, 300
    assert form.place_button.disabled  # nothing to place before a preview
    form.preview_button.click()
    preview = shown(form.preview_box.value)
    assert "BUY 300 VNM LO @ 64,000 VND" in preview
    assert "value 19,200,000 VND" in preview
    assert f"fees (est.) {form.preview.estimate.fees:,.0f} VND" in preview
    assert "POST /trading/oa/sub-accounts/0001234569/orders" in preview
    assert '"limit_price": 64000' in preview and '"sub_account": "120C001234.4"' in preview
    assert book(trader).empty  # a preview sends nothing
    assert not form.place_button.disabled
    form.place_button.click()
    orders = book(trader)
    assert len(orders) == 1
    row = orders.iloc[0]
    assert (row.symbol, row.side, row.quantity, row.price) == ("VNM", "BUY", 300, 64_000)
    assert form.order is not None and form.order.order_id == row.order_id
    assert placed == [form.order]
    assert f"Placed: order {row.order_id}" in shown(form.result.value)
    assert form.preview is None and form.preview_box.value == ""
    assert form.place_button.disabled


def test_a_sale_and_a_market_order(trader: Any, shown: Shown) -> None:
    form = OrderForm(trader, "VNM")
    form.side.value, form.order_type.value = "SELL", "MP"
    form.preview_button.click()
    preview = shown(form.preview_box.value)
    assert "SELL 100 VNM MP @ market" in preview and "to receive" in preview
    assert '"limit_price": null' in preview
    assert "sellable" in preview
    form.place_button.click()
    assert book(trader).iloc[0].order_type == "MP"


def test_other_sub_account(trader: Any, shown: Shown) -> None:
    form = OrderForm(trader, "VNM", sub_account="120C001234.1")
    assert form.sub_account.value == "0001234567"
    assert OrderForm(trader).sub_account.label.endswith("· orders")
    form.price.value = 64_000
    form.preview_button.click()
    assert "/sub-accounts/0001234567/" in form.preview.target  # type: ignore[union-attr]
    form.place_button.click()  # Finhay takes Open API orders on the .4 sub-account only
    assert shown(form.result.value).endswith("(code SUB_ACCOUNT_NOT_ALLOWED)")


def test_a_check_failure_is_shown_next_to_the_form(trader: Any, shown: Shown) -> None:
    form = OrderForm(trader, "VNM")
    form.price.value = 80_000
    form.preview_button.click()
    assert shown(form.message.value).startswith("price: price 80,000 is above today's ceiling")
    assert form.preview_box.value == ""
    assert form.place_button.disabled
    form.place_button.click()
    assert book(trader).empty


def test_an_input_changed_after_preview_is_not_sent(trader: Any) -> None:
    form = OrderForm(trader, "VNM")
    form.price.value = 64_000
    form.preview_button.click()
    form.quantity.value = 500
    assert form.preview_box.value == ""
    assert form.place_button.disabled
    form.place_button.click()
    assert book(trader).empty
    form.preview_button.click()
    form.place_button.click()
    assert book(trader).iloc[0].quantity == 500


def test_two_clicks_in_a_row_send_one_order(trader: Any) -> None:
    form = OrderForm(trader, "VNM")
    form.price.value = 64_000
    form.preview_button.click()
    form.place_button.click()
    form.place_button.click()
    assert len(book(trader)) == 1


def test_otp_step_then_place(fh: Any, sandbox: Any, shown: Shown) -> None:
    form = OrderForm(fh, "VNM")
    form.price.value = 64_000
    assert not form.otp.is_open
    form.preview_button.click()
    assert form.otp.is_open
    assert form.place_button.disabled
    assert form.otp.verify_button.disabled  # no code sent yet
    form.place_button.click()  # a click that gets through anyway sends nothing
    assert fh.two_fa_token is None and book(fh).empty
    form.otp.send_button.click()
    assert "Code sent to u***@example.com" in shown(form.otp.status.value)
    form.otp.code.value = "000000" if sandbox.otp_code != "000000" else "111111"
    form.otp.verify_button.click()
    assert "Wrong OTP" in shown(form.otp.status.value)
    assert form.otp.is_open and form.place_button.disabled
    assert form.otp.code.value == ""
    form.otp.code.value = sandbox.otp_code
    form.otp.verify_button.click()
    assert form.otp.code.value == ""  # the code does not stay in the widget's state
    assert not form.otp.is_open
    assert shown(form.message.value).startswith("2FA session open until 23:59:59")
    token = fh.two_fa_token
    assert token and token not in form.message.value + form.otp.status.value
    form.place_button.click()
    assert len(book(fh)) == 1


def test_a_rejection_is_shown_with_its_reason_and_code(
    trader: Any, sandbox: Any, shown: Shown
) -> None:
    sandbox.world.desk.halted.add("FPT")
    form = OrderForm(trader, "FPT")
    form.preview_button.click()
    form.place_button.click()
    result = shown(form.result.value)
    assert result.startswith("Rejected: ")
    assert "FPT is halted" in result and "(code -700069)" in result
    assert form.order is None
    assert form.place_button.disabled  # a refused order is not sent again by a click


def test_shown_as_a_widget_and_prints_nothing(fh: Any, capsys: pytest.CaptureFixture[str]) -> None:
    form = OrderForm(fh, "VNM")
    bundle = form._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == form.widget.model_id
    assert capsys.readouterr() == ("", "")


def labels(widget: Any) -> list[str]:
    """The ``description`` of every control (input or button) in a widget tree."""
    import ipywidgets

    stack, found = [widget], []
    while stack:
        item = stack.pop()
        stack.extend(getattr(item, "children", ()))
        if isinstance(item, ipywidgets.ValueWidget | ipywidgets.Button) and not isinstance(
            item, ipywidgets.HTML
        ):
            found.append(item.description.strip())
    return found


OTP = ["Send code", "One-time code", "Verify code"]
FORM = ["Symbol", "Refresh quote", "Side", "Order type", "Price (VND)", "Quantity"]
FORM += ["Sub-account", "Preview", "Place order", *OTP]
BOOK = ["Refresh orders", "Order", "New quantity", "New price (VND)", "Amend", "Cancel order"]
BOOK += OTP


def test_every_control_has_a_label(fh: Any) -> None:
    assert sorted(labels(OrderForm(fh, "VNM").widget)) == sorted(FORM)
    assert sorted(labels(OrderBook(fh).widget)) == sorted(BOOK)
