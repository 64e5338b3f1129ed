"""``OrderForm``: an ipywidgets order ticket over a vnfin client.

A symbol box with a live quote panel; side, order type (only what the exchange's session
accepts now), price snapped to the tick and quantity to the lot; a sub-account picker; then
**Preview** (every pre-trade check, the value, fees and the request, nothing sent) and an
explicit **Place order**. Without today's 2FA session an inline step asks for the e-mailed
code first. The broker's answer, or its rejection, appears in the form; so do check failures,
never as tracebacks.

One preview is sent at most once: Place takes it, and only a new Preview (or the 2FA step,
for an order that was not sent) makes Place usable again. Clicks that arrive while a request
is in flight do nothing. So a double click sends one order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import TwoFactorRequired, ValidationError, VnfinError
from ..orders import Order, Preview
from ._kit import LABEL_WIDTH, Busy, Panel, button, control, describe, esc, ipywidgets, note
from .otp import OtpStep, has_session
from .ticket import (
    Snapshot,
    lot_note,
    order_line,
    preview_html,
    price_note,
    quote_html,
    snap_quantity,
)


class OrderForm(Panel):
    """An order ticket for ``client`` (a blocking :class:`vnfin.Finhay`, or anything with
    the same ``market``, ``account`` and ``orders`` methods).

    Display it as the last expression of a cell (or ``.widget``). :attr:`order` is the last
    order placed (an :class:`~vnfin.orders.Order`), :attr:`preview` the checked order that
    Place would send; :meth:`on_placed` registers a callback for each order placed.
    """

    def __init__(self, client: Any, symbol: str = "", *, sub_account: str | None = None) -> None:
        w = ipywidgets()
        self._client = client
        self._busy = Busy(self._sync)
        self._ticket: tuple[Preview, str | None] | None = None  # sendable once
        self._hints: dict[str, str] = {}
        self._placed: list[Callable[[Order], None]] = []
        self.snapshot: Snapshot | None = None
        self.preview: Preview | None = None
        self.order: Order | None = None

        self.symbol = control(
            "Text", "Symbol", "vnfin-symbol", placeholder="e.g. VNM", continuous_update=False
        )
        self.refresh_button = button(
            "Refresh quote", "Fetch the quote and the session again", "vnfin-refresh"
        )
        self.quote = w.HTML(note("Type a symbol and press Enter."))
        self.side = control(
            "ToggleButtons",
            "Side",
            "vnfin-side",
            options=["BUY", "SELL"],
            style={"description_width": LABEL_WIDTH, "button_width": "92px"},
        )
        # ipywidgets 8 lays ToggleButtons out as a block, its label above the buttons; the
        # row class and a flex display put the label beside them, as for the other inputs
        self.side.add_class("widget-inline-hbox")
        self.side.layout.display = "flex"
        self.order_type = control("Dropdown", "Order type", "vnfin-order-type", options=[])
        self.type_note = w.HTML()
        self.price = control("IntText", "Price (VND)", "vnfin-price", value=0)
        self.price_note = w.HTML()
        self.quantity = control(
            "BoundedIntText", "Quantity", "vnfin-quantity", value=100, min=1, max=100_000_000
        )
        self.quantity.step = 100
        self.lot_note = w.HTML()
        self.sub_account = control(
            "Dropdown", "Sub-account", "vnfin-sub-account", options=[], layout={"width": "360px"}
        )
        self.preview_button = button(
            "Preview", "Check the order and show what would be sent", "vnfin-preview-button"
        )
        self.place_button = button(
            "Place order",
            "Send the previewed order to the broker",
            "vnfin-place",
            button_style="danger",
            disabled=True,
        )
        self.message = w.HTML()
        self.preview_box = w.HTML()
        self.result = w.HTML()
        self.otp = OtpStep(client, self._busy, self._otp_done)
        self.widget = w.VBox(
            [
                w.HBox([self.symbol, self.refresh_button]),
                self.quote,
                self.side,
                w.HBox([self.order_type, self.type_note]),
                w.HBox([self.price, self.price_note]),
                w.HBox([self.quantity, self.lot_note]),
                self.sub_account,
                w.HBox([self.preview_button, self.place_button]),
                self.message,
                self.preview_box,
                self.otp.widget,
                self.result,
            ]
        )
        self.widget.add_class("vnfin-order-form")

        self._accounts(sub_account)
        self.symbol.observe(self._on_symbol, "value")
        self.price.observe(self._on_price, "value")
        self.quantity.observe(self._on_quantity, "value")
        for widget in (self.side, self.order_type, self.sub_account):
            widget.observe(lambda _: self._changed(), "value")
        self.refresh_button.on_click(lambda _: self._run(lambda: self._load(fresh=False)))
        self.preview_button.on_click(lambda _: self._run(self._preview))
        self.place_button.on_click(lambda _: self._busy.run(self._place, self._place_failed))
        self._changed()
        if symbol:
            self.symbol.value = symbol

    def on_placed(self, callback: Callable[[Order], None]) -> None:
        """Call ``callback(order)`` after each order this form places."""
        self._placed.append(callback)

    # -- inputs ----------------------------------------------------------------------------

    def _accounts(self, wanted: str | None) -> None:
        try:
            frame = self._client.account.sub_accounts()
        except VnfinError as error:
            self.message.value = describe(error)
            return
        options, default = [], None
        for row in frame.itertuples():
            label = f"{row.sub_account_ext} · {str(row.type).lower()}"
            options.append((label + (" · orders" if row.is_order else ""), str(row.id)))
            if wanted in (row.id, row.sub_account_ext) or (wanted is None and row.is_order):
                default = str(row.id)
        self.sub_account.options = options
        if default is not None:
            self.sub_account.value = default

    def _on_symbol(self, change: dict[str, Any]) -> None:
        text = str(change["new"]).strip().upper()
        if text != change["new"]:
            self.symbol.value = text  # this observer runs again with the clean value
            return
        self._run(lambda: self._load(fresh=True))

    def _on_price(self, change: dict[str, Any]) -> None:
        if self.snapshot is not None:
            typed = int(change["new"])
            snapped = self.snapshot.snap(typed)
            if snapped != typed:
                self._hints["price"] = f"{typed:,} is off the tick: made {snapped:,}"
                self.price.value = snapped
                return
            self.price.step = self.snapshot.tick(snapped)
        self._changed()

    def _on_quantity(self, change: dict[str, Any]) -> None:
        typed = int(change["new"])
        snapped = snap_quantity(typed)
        if snapped != typed:
            self._hints["quantity"] = (
                f"{typed:,} is not whole lots: made {snapped:,} (send the rest as an odd lot)"
            )
            self.quantity.value = snapped
            return
        self._types()
        self._changed()

    def _types(self) -> None:
        """Offer the order types the session accepts now for this quantity."""
        snap = self.snapshot
        allowed = [] if snap is None else snap.order_types_for(self.quantity.value)
        current = self.order_type.value
        self.order_type.options = allowed
        if current in allowed:
            self.order_type.value = current
        elif allowed:
            self.order_type.value = "LO" if "LO" in allowed else allowed[0]

    def _changed(self) -> None:
        """An input changed: the preview no longer describes the order, so it goes."""
        self._forget()
        snap, limit = self.snapshot, self.order_type.value == "LO"
        self.price.disabled = not limit
        hint = self._hints.pop("price", None)
        if snap is None or not limit:
            self.price_note.value = (
                "" if limit else note("no price: it executes at the market or auction price")
            )
        else:
            self.price_note.value = (
                note(esc(hint), "warn") if hint else note(price_note(snap, self.price.value))
            )
        hint = self._hints.pop("quantity", None)
        self.lot_note.value = (
            note(esc(hint), "warn") if hint else note(lot_note(self.quantity.value))
        )
        self.type_note.value = "" if snap is None else _types_note(snap, self.order_type.options)
        self._sync()

    def _forget(self) -> None:
        """Drop the preview: Place has nothing to send until the next one."""
        self._ticket = None
        self.preview = None
        self.preview_box.value = ""

    def _sync(self) -> None:
        """Enable what can be done now; nothing while a request is in flight."""
        busy = self._busy.active
        self.refresh_button.disabled = busy or not self.symbol.value
        self.preview_button.disabled = busy or self.snapshot is None or not self.order_type.value
        self.place_button.disabled = busy or self._ticket is None or not has_session(self._client)
        self.otp.sync()

    # -- requests --------------------------------------------------------------------------

    def _run(self, action: Callable[[], None]) -> None:
        self._busy.run(action, self._failed)

    def _failed(self, error: VnfinError) -> None:
        self.message.value = describe(error)

    def _load(self, fresh: bool) -> None:
        """Fetch the quote and the session; a new symbol also starts at its last price."""
        self.message.value = ""
        symbol = self.symbol.value
        if not symbol:
            self.snapshot = None
            self.quote.value = note("Type a symbol and press Enter.")
        else:
            try:
                quote = self._client.market.quote(symbol)
                exchange = str(quote.loc[symbol, "exchange"])
                self.snapshot = Snapshot.of(symbol, quote, self._client.market.session(exchange))
            except VnfinError:
                self.snapshot = None
                self.quote.value = ""
                raise
            finally:
                self._types()
            self.quote.value = quote_html(self.snapshot)
            if fresh:
                self.price.value = self.snapshot.default_price
        self._changed()

    def _preview(self) -> None:
        self.message.value = ""
        self._forget()
        limit = self.order_type.value == "LO"
        account = self.sub_account.value
        preview = self._client.orders.preview(
            self.symbol.value,
            self.side.value,
            self.quantity.value,
            self.price.value if limit else None,
            self.order_type.value,
            sub_account=account,
        )
        label = self.sub_account.label or "the order sub-account"
        self.preview_box.value = preview_html(preview, label)
        self.preview, self._ticket = preview, (preview, account)
        if has_session(self._client):
            self.message.value = note("Checked. <b>Place order</b> sends it.", "ok")
        else:
            self.message.value = note("Checked. Open today's 2FA session below to send it.")
            self.otp.open()

    def _otp_done(self, message: str) -> None:
        self.message.value = message + (
            note("<b>Place order</b> sends the previewed order.") if self._ticket else ""
        )
        self._sync()

    def _place(self) -> None:
        ticket, self._ticket = self._ticket, None  # taken: this preview is sent at most once
        if ticket is None:
            return  # already sent, or an input changed since the preview
        preview, account = ticket
        self.result.value = ""
        if not has_session(self._client):
            self._ticket = ticket
            self.otp.open()
            return
        r = preview.request
        try:
            order = self._client.orders.place(
                r.symbol,
                r.side.value,
                r.quantity,
                r.price,
                r.order_type.value,
                sub_account=account,
            )
        except TwoFactorRequired as error:
            self._ticket = ticket  # refused before it reached the book: it may go once
            self.message.value = describe(error)
            self.otp.open()
            return
        self.order = order
        self._forget()
        self.message.value = note("Sent. Preview again to send another order.")
        self.result.value = note(
            f"<b>Placed</b>: order {esc(order.order_id)} · {esc(order_line(order))} · "
            f"{esc(order.status.value)} ({esc(order.raw_status)})",
            "ok",
        )
        for callback in self._placed:
            callback(order)

    def _place_failed(self, error: VnfinError) -> None:
        if isinstance(error, ValidationError):
            self.message.value = describe(error)
        else:
            self.message.value = ""
            self.result.value = describe(error)


def _types_note(snapshot: Snapshot, offered: Any) -> str:
    where = f"{esc(snapshot.exchange)} {esc(snapshot.session)}"
    if not offered:
        accepted = ", ".join(snapshot.order_types) or "none"
        return note(f"{where}: accepts {esc(accepted)} now; none fits this order", "warn")
    return note(f"{where}: accepted now")
