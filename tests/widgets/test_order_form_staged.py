"""Order-form cases the sandbox cannot stage, against a stand-in client (``fake``, see
conftest): a click while the order is in flight, a 2FA session that lapses between preview
and place, a lost answer, a client that fails outright."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from vnfin import OrderStateUnknown, TransportError
from vnfin.widgets import OrderForm

Shown = Callable[[str], str]


def previewed(client: Any) -> OrderForm:
    form = OrderForm(client, "VNM")
    form.preview_button.click()
    assert not form.place_button.disabled
    return form


def test_a_click_while_the_order_is_in_flight_does_nothing(fake: Any) -> None:
    fake.gate = threading.Event()
    form = previewed(fake)
    first = threading.Thread(target=form.place_button.click)
    first.start()
    try:
        assert fake.in_place.wait(5)
        assert form.place_button.disabled
        assert form.preview_button.disabled and form.refresh_button.disabled
        form.place_button.click()  # the second click of a double click
        form.preview_button.click()  # nothing else starts either
    finally:
        fake.gate.set()
        first.join(5)
    assert len(fake.called("place")) == 1
    assert len(fake.called("preview")) == 1
    assert form.order is not None
    assert form.place_button.disabled  # only a new preview makes it usable again
    form.place_button.click()
    assert len(fake.called("place")) == 1
    form.preview_button.click()
    assert not form.place_button.disabled


def test_many_threads_clicking_at_once_send_one_order(fake: Any) -> None:
    fake.gate = threading.Event()
    form = previewed(fake)
    clicks = [threading.Thread(target=form.place_button.click) for _ in range(8)]
    for click in clicks:
        click.start()
    assert fake.in_place.wait(5)
    fake.gate.set()
    for click in clicks:
        click.join(5)
    assert len(fake.called("place")) == 1
    assert len(fake.book) == 1


def test_a_session_that_lapsed_before_place_opens_the_otp_step(fake: Any, shown: Shown) -> None:
    form = previewed(fake)

    def lapse() -> None:
        fake.two_fa_token = None
        fake.on_place = None

    fake.on_place = lapse
    form.place_button.click()
    assert not fake.book
    assert "2FA session expired" in shown(form.message.value)
    assert form.otp.is_open and form.place_button.disabled
    form.otp.send_button.click()
    form.otp.code.value = fake.otp_code
    form.otp.verify_button.click()
    assert not form.place_button.disabled  # the order was refused unsent: it may go once
    form.place_button.click()
    form.place_button.click()
    assert len(fake.book) == 1
    assert len(fake.called("place")) == 2  # the refused attempt and the one that went


def test_a_lost_answer_is_reported_and_never_resent(fake: Any, shown: Shown) -> None:
    def lose() -> None:
        raise OrderStateUnknown("the answer to the order was lost")

    fake.on_place = lose
    form = previewed(fake)
    form.place_button.click()
    result = shown(form.result.value)
    assert result.startswith("Outcome unknown: the answer to the order was lost")
    assert "Look in the order book" in result
    assert form.place_button.disabled
    form.place_button.click()
    assert len(fake.called("place")) == 1


def test_no_answer_at_all(fake: Any, shown: Shown) -> None:
    def drop() -> None:
        raise TransportError("connection reset", method="POST", path="/orders")

    fake.on_place = drop
    form = previewed(fake)
    form.place_button.click()
    assert shown(form.result.value).startswith("No answer: POST /orders: connection reset")


def test_a_crash_in_place_does_not_leave_the_form_stuck(fake: Any) -> None:
    def crash() -> None:
        raise RuntimeError("bug")

    fake.on_place = crash
    form = previewed(fake)
    form.place_button.click()  # ipywidgets logs the callback's exception
    assert not form.preview_button.disabled
    assert form.place_button.disabled
    fake.on_place = None
    form.preview_button.click()
    form.place_button.click()
    assert len(fake.book) == 1


def test_no_order_sub_account_means_the_client_chooses(fake: Any) -> None:
    fake.account.sub_accounts = lambda: fake.account.__class__.sub_accounts(fake.account)[:1]
    form = OrderForm(fake, "VNM")
    assert form.sub_account.value is None
    form.preview_button.click()
    form.place_button.click()
    assert fake.called("place")[0][-1] is None
