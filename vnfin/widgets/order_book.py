"""``OrderBook``: today's orders of one sub-account as a table, with a refresh button, and
amend (new quantity or price) and cancel of the order picked, enabled when its
``allow_amend`` / ``allow_cancel`` flags say the broker takes them. Errors appear under the
table; an action that needs today's 2FA session opens the inline code step first."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..errors import TwoFactorRequired, VnfinError
from ._kit import Busy, Panel, button, control, describe, esc, ipywidgets, note, vnd
from .otp import OtpStep, has_session

COLUMNS = (
    ("created_at", "time"),
    ("order_id", "order"),
    ("symbol", "symbol"),
    ("side", "side"),
    ("order_type", "type"),
    ("quantity", "quantity"),
    ("price", "price"),
    ("filled_quantity", "filled"),
    ("average_price", "avg price"),
    ("status", "status"),
    ("message", "note"),
)


def _text(column: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if column == "created_at" and isinstance(value, pd.Timestamp):
        return f"{value:%H:%M:%S}"
    if column in ("quantity", "filled_quantity"):
        return f"{int(value):,}"
    if column in ("price", "average_price"):
        return vnd(value)
    return str(value)


def chronological(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The book's rows, oldest first: by time, then by order id (shorter ids first)."""
    records = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]

    def key(record: dict[str, Any]) -> tuple[bool, int, int, str]:
        at, oid = record.get("created_at"), str(record["order_id"])
        if isinstance(at, pd.Timestamp):  # NaT is not a Timestamp
            return (False, at.value, len(oid), oid)
        return (True, 0, len(oid), oid)

    return sorted(records, key=key)


def book_html(frame: pd.DataFrame) -> str:
    """Today's orders as an HTML table, newest first (one ``<tr data-order-id>`` each)."""
    if frame.empty:
        return note("No orders today.")
    head = "".join(
        f"<th style='text-align:left;padding:0 8px'>{esc(label)}</th>" for _, label in COLUMNS
    )
    rows = []
    for record in reversed(chronological(frame)):
        cells = "".join(
            f"<td style='padding:0 8px'>{esc(_text(c, record.get(c)))}</td>" for c, _ in COLUMNS
        )
        rows.append(f"<tr data-order-id='{esc(record['order_id'])}'>{cells}</tr>")
    return (
        f"<table class='vnfin-book-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _label(row: dict[str, Any]) -> str:
    price = "" if pd.isna(row["price"]) else f" @ {vnd(row['price'])}"
    what = f"{row['side']} {int(row['quantity']):,} {row['symbol']}{price}"
    return f"{row['order_id']} · {what} · {row['status']}"


class OrderBook(Panel):
    """Today's orders of ``sub_account`` (default: the order-execution one) for ``client``.

    Display it as the last expression of a cell (or ``.widget``). :attr:`frame` is the book
    as last fetched (``fh.account.order_book()``); :meth:`refresh` fetches it again.
    """

    def __init__(self, client: Any, sub_account: str | None = None) -> None:
        w = ipywidgets()
        self._client = client
        self._account = sub_account
        self._busy = Busy(self._sync)
        self.frame = pd.DataFrame()
        self._order_ids: list[str] = []
        self.refresh_button = button(
            "Refresh orders", "Fetch today's order book again", "vnfin-book-refresh"
        )
        self.table = w.HTML()
        self.table.add_class("vnfin-book")
        self.pick = control(
            "Dropdown", "Order", "vnfin-book-order", options=[], layout={"width": "480px"}
        )
        self.quantity = control("BoundedIntText", "New quantity", "vnfin-book-quantity", min=1)
        self.quantity.max = 100_000_000
        self.price = control("BoundedIntText", "New price (VND)", "vnfin-book-price", min=0)
        self.price.max = 10_000_000_000
        self.amend_button = button(
            "Amend", "Send the new quantity and price", "vnfin-book-amend", disabled=True
        )
        self.cancel_button = button(
            "Cancel order",
            "Cancel what is left of the order",
            "vnfin-book-cancel",
            button_style="warning",
            disabled=True,
        )
        self.message = w.HTML()
        self.otp = OtpStep(client, self._busy, self._otp_done)
        self.widget = w.VBox(
            [
                self.refresh_button,
                self.table,
                self.pick,
                w.HBox([self.quantity, self.price, self.amend_button]),
                self.cancel_button,
                self.message,
                self.otp.widget,
            ]
        )
        self.widget.add_class("vnfin-order-book")
        self.pick.observe(lambda _: self._picked(), "value")
        for field in (self.quantity, self.price):
            field.observe(lambda _: self._sync(), "value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.amend_button.on_click(lambda _: self._act(self._amend))
        self.cancel_button.on_click(lambda _: self._act(self._cancel))
        self.refresh()

    def refresh(self) -> None:
        """Fetch today's book again and redraw the table."""
        self.message.value = ""
        self._busy.run(self._load, self._failed)

    # -- state -----------------------------------------------------------------------------

    def _row(self) -> Any:
        if self.pick.value is None or self.frame.empty:
            return None
        rows = self.frame[self.frame["order_id"].astype(str) == self.pick.value]
        return None if rows.empty else next(rows.itertuples())

    def _picked(self) -> None:
        row = self._row()
        if row is not None:
            self.quantity.value = int(row.quantity)
            self.price.value = 0 if pd.isna(row.price) else int(row.price)
        self._sync()

    def _changes(self, row: Any) -> tuple[int | None, int | None] | None:
        """The new quantity and price to send (None: unchanged), or None for no change."""
        quantity = self.quantity.value if self.quantity.value != int(row.quantity) else None
        old_price = None if pd.isna(row.price) else int(row.price)
        price = self.price.value if self.price.value != old_price else None
        return None if quantity is None and price is None else (quantity, price)

    def _sync(self) -> None:
        busy, row = self._busy.active, self._row()
        amendable = row is not None and bool(row.allow_amend) and self._changes(row) is not None
        self.refresh_button.disabled = busy
        self.amend_button.disabled = busy or not amendable
        self.cancel_button.disabled = busy or row is None or not bool(row.allow_cancel)
        self.pick.disabled = busy
        self.otp.sync()

    # -- requests --------------------------------------------------------------------------

    def _failed(self, error: VnfinError) -> None:
        self.message.value = describe(error)
        if isinstance(error, TwoFactorRequired):
            self.otp.open()

    def _load(self) -> None:
        frame = self._client.account.order_book(self._account)
        self.frame = frame
        self.table.value = book_html(frame)
        # The browser tells the kernel which entry was picked by its position, so a list
        # that reorders under the user could make Cancel hit another order. A day's book
        # only grows: keep every order where it first appeared and add new ones at the end.
        rows = {str(r["order_id"]): r for r in chronological(frame)}
        self._order_ids += [oid for oid in rows if oid not in self._order_ids]
        options = [(_label(rows[oid]), oid) for oid in self._order_ids if oid in rows]
        open_ids = [
            oid for _, oid in options if rows[oid]["allow_amend"] or rows[oid]["allow_cancel"]
        ]
        current = self.pick.value
        self.pick.options = options
        if current not in rows:
            current = open_ids[-1] if open_ids else None  # the newest order still working
        self.pick.value = current
        self._picked()

    def _act(self, action: Callable[[], str | None]) -> None:
        """Run an amend or a cancel. Either checks, in the kernel, that the picked order
        still takes it: a click the browser sent before the button went grey (the second of
        a double click) finds nothing to do and leaves the answer of the first in place."""

        def run() -> None:
            if not has_session(self._client):
                self.otp.open()
                self.message.value = note("Open today's 2FA session below first.")
                return
            done = action()
            if done is not None:
                self._load()
                self.message.value = note(done, "ok")

        self._busy.run(run, self._failed)

    def _amend(self) -> str | None:
        row = self._row()
        changes = None if row is None or not row.allow_amend else self._changes(row)
        if row is None or changes is None:
            return None
        quantity, price = changes
        order = self._client.orders.amend(
            str(row.order_id), quantity=quantity, price=price, sub_account=self._account
        )
        return f"Amend of order {esc(row.order_id)} sent: now {esc(order.status.value)}."

    def _cancel(self) -> str | None:
        row = self._row()
        if row is None or not row.allow_cancel:
            return None
        order = self._client.orders.cancel(str(row.order_id), sub_account=self._account)
        return f"Cancel of order {esc(row.order_id)} sent: now {esc(order.status.value)}."

    def _otp_done(self, message: str) -> None:
        self.message.value = message + note("Now amend or cancel the order again.")
        self._sync()
