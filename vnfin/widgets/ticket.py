"""The order form's arithmetic and read-outs, without widgets: a symbol's quote and session
at one moment (:class:`Snapshot`), prices snapped onto the tick grid, quantities onto the lot,
the order types a quantity may use, and the HTML of the quote panel and of a preview.

Pure: no I/O, no ipywidgets. The rules themselves live in :mod:`vnfin.rules` and
:mod:`vnfin.orders`; this module only applies them to what the form shows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import rules
from ..orders import Preview
from ._kit import esc, vnd


def _number(row: Mapping[str, Any], name: str) -> float | None:
    value = row.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class Snapshot:
    """One symbol's quote and its exchange's session, as fetched together for the form."""

    symbol: str
    name: str
    exchange: str
    stock_type: str
    reference: float
    ceiling: float
    floor: float
    last: float | None
    bid: float | None
    bid_volume: float | None
    ask: float | None
    ask_volume: float | None
    session: str
    order_types: tuple[str, ...]

    @classmethod
    def of(cls, symbol: str, quote: pd.DataFrame, session: pd.DataFrame) -> Snapshot:
        """From ``fh.market.quote(symbol)`` and ``fh.market.session(exchange)``."""
        row = {str(k): v for k, v in quote.loc[symbol].to_dict().items()}
        exchange = str(row["exchange"])
        kind = str(row.get("stock_type") or "STOCK")
        reference = _number(row, "reference") or 0.0
        floor, ceiling = _number(row, "floor"), _number(row, "ceiling")
        if floor is None or ceiling is None:
            low, high = rules.price_band(reference, exchange, kind)
            floor, ceiling = float(low), float(high)
        state = session.loc[exchange] if exchange in session.index else None
        types = () if state is None else tuple(str(t) for t in state["available_order_types"])
        return cls(
            symbol=symbol,
            name=str(row.get("name") or ""),
            exchange=exchange,
            stock_type=kind,
            reference=reference,
            ceiling=ceiling,
            floor=floor,
            last=_number(row, "price"),
            bid=_number(row, "buy_price_1"),
            bid_volume=_number(row, "buy_volume_1"),
            ask=_number(row, "sell_price_1"),
            ask_volume=_number(row, "sell_volume_1"),
            session="UNKNOWN" if state is None else str(state["exchange_session"]),
            order_types=types,
        )

    def tick(self, price: float) -> int:
        """The tick at ``price`` for this symbol's exchange and type."""
        return rules.tick_size(price, self.exchange, self.stock_type)

    def snap(self, price: float) -> int:
        """``price`` on the nearest tick, and at least one tick."""
        least = self.tick(0)
        return max(rules.round_to_tick(max(price, least), self.exchange, self.stock_type), least)

    @property
    def default_price(self) -> int:
        """Where a new limit order starts: the last price, else the reference, on the tick."""
        return self.snap(self.last or self.reference)

    def order_types_for(self, quantity: int) -> list[str]:
        """The order types the session allows now, and the quantity: an odd lot takes limit
        (LO) orders only."""
        if quantity <= rules.ODD_LOT_MAX:
            return [t for t in self.order_types if t == "LO"]
        return list(self.order_types)


def snap_quantity(quantity: int) -> int:
    """``quantity`` as something the exchange takes: 1-99 stays an odd lot, anything above
    is cut down to whole lots of :data:`~vnfin.rules.LOT_SIZE` (never more than typed)."""
    if quantity < 1:
        return 1
    if quantity <= rules.ODD_LOT_MAX:
        return quantity
    return quantity - quantity % rules.LOT_SIZE


def lot_note(quantity: int) -> str:
    if quantity <= rules.ODD_LOT_MAX:
        return "odd lot (1–99 shares): limit (LO) orders only"
    lots = quantity // rules.LOT_SIZE
    return f"{lots:,} lot{'s' if lots > 1 else ''} of {rules.LOT_SIZE}"


def price_note(snapshot: Snapshot, price: int) -> str:
    return (
        f"tick {snapshot.tick(price):,} VND · band {vnd(snapshot.floor)} – {vnd(snapshot.ceiling)}"
    )


def _cell(label: str, value: str) -> str:
    return f"<td style='padding:0 10px 0 0'><small>{esc(label)}</small><br><b>{value}</b></td>"


def quote_html(snapshot: Snapshot) -> str:
    """The quote panel: last, reference, ceiling, floor, best bid and ask, session."""
    s = snapshot

    def level(price: float | None, volume: float | None) -> str:
        return "—" if price is None else f"{vnd(price)} × {vnd(volume)}"

    cells = [
        _cell("last", vnd(s.last)),
        _cell("reference", vnd(s.reference)),
        _cell("ceiling", f"<span style='color:#a0f'>{vnd(s.ceiling)}</span>"),
        _cell("floor", f"<span style='color:#08c'>{vnd(s.floor)}</span>"),
        _cell("best bid", level(s.bid, s.bid_volume)),
        _cell("best ask", level(s.ask, s.ask_volume)),
        _cell("session", esc(s.session)),
    ]
    title = f"<b>{esc(s.symbol)}</b> {esc(s.name)} · {esc(s.exchange)} · {esc(s.stock_type)}"
    return (
        f"<div class='vnfin-quote' data-symbol='{esc(s.symbol)}'>{title}"
        f"<table><tr>{''.join(cells)}</tr></table></div>"
    )


def _body(raw: bytes | None) -> str:
    if not raw:
        return ""
    try:
        return json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
    except ValueError:
        return raw.decode("utf-8", "replace")


def preview_html(preview: Preview, account: str) -> str:
    """A preview as the form shows it: the checked order, its value, fees and tax, what the
    account can do, and the request that Place would send."""
    r, e, m = preview.request, preview.estimate, preview.market
    price = "market" if r.price is None else f"{vnd(r.price)} VND"
    rows = [
        ("order", f"{r.side} {r.quantity:,} {r.symbol} {r.order_type} @ {price}"),
        ("market", f"{m.exchange}, session {m.session}"),
        ("sub-account", account),
        ("value", f"{vnd(e.value)} VND"),
        ("fees (est.)", f"{vnd(e.fees)} VND"),
        ("tax (est.)", f"{vnd(e.tax)} VND"),
        ("total", f"{vnd(e.total)} VND {'to pay' if r.side == 'BUY' else 'to receive'}"),
    ]
    capacity = preview.capacity
    if capacity is not None and r.side == "BUY" and capacity.buying_power is not None:
        rows.append(("buying power", f"{vnd(capacity.buying_power)} VND"))
    if capacity is not None and r.side == "SELL" and capacity.sellable is not None:
        rows.append(("sellable", f"{capacity.sellable:,} shares"))
    table = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{esc(k)}</th><td>{esc(v)}</td></tr>"
        for k, v in rows
    )
    body = _body(preview.body)
    sent = f"<pre style='margin:2px 0'>{esc(body)}</pre>" if body else ""
    return (
        "<div class='vnfin-preview'><b>Preview: checked, not sent</b>"
        f"<table>{table}</table>"
        f"<small>Place order sends:</small> <code>{esc(preview.method)} "
        f"{esc(preview.target)}</code>{sent}</div>"
    )


def order_line(order: Any) -> str:
    """``BUY 100 VNM LO @ 69,500`` for an :class:`~vnfin.orders.Order`."""
    price = "" if order.price is None or math.isnan(order.price) else f" @ {vnd(order.price)}"
    side = order.side.value if order.side is not None else "?"
    return f"{side} {order.quantity:,} {order.symbol} {order.order_type}{price}"
